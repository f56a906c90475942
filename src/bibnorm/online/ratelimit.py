"""The shared limit on requests per second, across every service and thread of a run.

Requests are spaced evenly rather than sent in bursts: with a rate of 3 a second no
two requests start less than a third of a second apart, so no window of one second,
wherever it falls, ever holds more than 3 (NCBI counts that way). A small margin keeps
that true when the network delays one request less than the one before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# Spacing is stretched by this fraction, for jitter between us and the server's clock.
_MARGIN = 0.05


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
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


__all__ = ["RateLimiter"]
