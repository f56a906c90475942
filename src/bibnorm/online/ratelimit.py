"""The limit on requests per second, shared by every thread of a run and every process
using the same cache.

Requests are spaced evenly rather than sent in bursts: with a rate of 3 a second no
two requests start less than a third of a second apart, so no window of one second,
wherever it falls, ever holds more than 3 (NCBI counts that way). A small margin keeps
that true when the network delays one request less than the one before.

NCBI counts requests per address (or API key), not per process, so `SharedRateLimiter`
keeps the time the next request may start in a small file beside the cache
(`<cache>.rate`), read and moved on under an exclusive `flock`: three runs sharing a
cache take turns, together at 3 a second. Without a cache file (`--no-cache`), or where
the file cannot be locked, each process keeps to the limit on its own (`RateLimiter`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock, so each process keeps its own limit
    fcntl = None  # type: ignore[assignment]

# Spacing is stretched by this fraction, for jitter between us and the server's clock.
_MARGIN = 0.05
# A stored start time further ahead than this is not a queue of waiting processes but a
# clock set back (or a damaged file): it is not waited for.
_HORIZON = 60.0


class RateLimiter:
    """Call `wait()` before each request; it returns when the request may start."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("the rate must be positive")
        self.interval = (1.0 + _MARGIN) / per_second
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        now, start = self._reserve()
        if start > now:
            self._sleep(start - now)

    def close(self) -> None:
        """Let go of what the limiter holds (nothing, for this one)."""

    def _reserve(self) -> tuple[float, float]:
        """Now, and when the next request may start; the slot after it is taken."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        return now, start


class SharedRateLimiter(RateLimiter):
    """A `RateLimiter` whose next start time lives in `path`, shared by every process
    that uses the same file. Times are wall-clock (`time.time`), which every process
    reads alike. When the file cannot be opened or locked, `warn` is told once and the
    limit is kept in this process alone."""

    def __init__(
        self,
        path: Path,
        per_second: float,
        *,
        warn: Callable[[str], None],
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(per_second, clock=clock, sleep=sleep)
        self.path = path
        self._warn = warn
        self._fd: int | None = None
        self._alone = fcntl is None
        # flock cannot tell this process's threads apart (they share the descriptor).
        self._file_lock = threading.Lock()

    def close(self) -> None:
        with self._file_lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _reserve(self) -> tuple[float, float]:
        with self._file_lock:
            if not self._alone:
                try:
                    return self._reserve_shared()
                except OSError as exc:
                    self._alone = True
                    self._warn(
                        f"{self.path}: cannot share the rate limit through this file ({exc});"
                        " this run keeps to it on its own"
                    )
        return super()._reserve()

    def _reserve_shared(self) -> tuple[float, float]:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        fd = self._fd
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            now = self._clock()
            start = max(now, self._stored(fd, now))
            self._next = start + self.interval
            text = f"{self._next:.6f}\n".encode()
            os.pwrite(fd, text, 0)
            os.ftruncate(fd, len(text))
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
        return now, start

    @staticmethod
    def _stored(fd: int, now: float) -> float:
        """The start time the file holds; `now` when it holds none that makes sense."""
        try:
            stored = float(os.pread(fd, 64, 0).decode("ascii").strip() or "0")
        except (UnicodeDecodeError, ValueError):
            return now
        return stored if stored <= now + _HORIZON else now


def rate_file(cache_path: Path) -> Path:
    """Where the processes using `cache_path` share their rate limit."""
    return cache_path.with_name(cache_path.name + ".rate")


__all__ = ["RateLimiter", "SharedRateLimiter", "rate_file"]
