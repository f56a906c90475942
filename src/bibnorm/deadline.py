"""The time limit of one input: a timer that interrupts whatever is running when it ends.

`bibnorm parse` gives every input a limit (`--timeout`), from before the input is opened
(a FIFO with no writer blocks in `open()`) to the last of its items rendered. The timer
is `setitimer(ITIMER_REAL)` and its SIGALRM handler raises `TimedOut`, which stops
Python code and interruptible system calls alike; code in C that does not return to
Python (a libxml2 parse) runs on until it does. Signals can only be handled in the main
thread, so elsewhere (or on a platform without SIGALRM) inputs run without a limit:
`time_limit` says whether it could arm one.

`TimedOut` is a `BaseException`, like `KeyboardInterrupt`, so that a plugin's
`except Exception` cannot swallow it and go on.
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any

from bibnorm import detect, inputs, jobs, pipeline

# Every input may take this long, plus `SECONDS_PER_MB` for each MB of its size.
BASE_SECONDS = 300.0
SECONDS_PER_MB = 1.0


class TimedOut(BaseException):
    """The input's time ran out; `seconds` is the limit it had."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


def default_seconds(name: str) -> float:
    """The default limit for input `name`: the base, plus a second per MB when its size
    is known (a regular file; a pipe or standard input has no size to go by)."""
    try:
        size = os.stat(name).st_size if name != "-" else 0
    except OSError:
        size = 0  # opening it will say what is wrong, under the limit
    return BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000


def can_arm() -> bool:
    """Whether a timer can interrupt this thread: the main thread, on a platform with SIGALRM."""
    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[bool]:
    """Raise `TimedOut` in the body once `seconds` have passed (None or 0: no limit).

    Yields whether a timer is armed (see `can_arm`). The previous SIGALRM handler is
    put back on the way out, and the timer disarmed, however the body ends.
    """
    if not seconds or math.isinf(seconds) or not can_arm():
        yield False
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise TimedOut(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def what_was_running(trace: TracebackType | None) -> str:
    """What the input was doing when `trace` (a `TimedOut`'s) was raised, for the message:
    the innermost step of the pipeline among the frames the exception went through."""
    found = "it was being read"
    while trace is not None:
        frame = trace.tb_frame
        describe = _STEPS.get(frame.f_code)
        if describe is not None:
            found = describe(frame.f_locals)
        elif str(frame.f_globals.get("__name__", "")).startswith("bibnorm.online."):
            found = "the online services were asked about its records (--enrich)"
        trace = trace.tb_next
    return found


def _adapter(local: dict[str, Any]) -> str:
    adapter = getattr(local.get("adapter"), "name", "?")
    return f"the adapter {adapter!r}{_plugin(local.get('owner'))} was reading it"


def _processor(local: dict[str, Any]) -> str:
    name = getattr(local.get("processor"), "name", "?")
    host = local.get("host")
    owner = None
    if host is not None and name in host.registry.processors:
        owner = host.registry.processors[name].plugin
    return f"the processor {name!r}{_plugin(owner)} was processing a record"


def _writer(local: dict[str, Any]) -> str:
    name = getattr(local.get("writer"), "name", "?")
    return f"the writer {name!r}{_plugin(local.get('owner'))} was rendering a record"


def _sniff(local: dict[str, Any]) -> str:
    entry = local.get("entry")
    plugin = _plugin(getattr(entry, "plugin", None))
    return f"the adapter {local.get('name', '?')!r}{plugin} was scoring it (format detection)"


def _workers(local: dict[str, Any]) -> str:
    adapter = getattr(local.get("adapter"), "name", "?")
    registry = getattr(getattr(local.get("task"), "host", None), "registry", None)
    entry = getattr(registry, "sources", {}).get(adapter)
    owner = getattr(entry, "plugin", None)
    count = local.get("jobs", "its")
    return f"{count} worker processes were reading it (adapter {adapter!r}{_plugin(owner)})"


def _plugin(owner: object) -> str:
    return f" (plugin {owner!r})" if isinstance(owner, str) and owner else ""


# The steps of the pipeline a timeout can stop, by their functions' code: a renamed
# function fails here at import, not silently in a message.
_STEPS: dict[Any, Callable[[dict[str, Any]], str]] = {
    inputs.read_source.__code__: lambda local: "it was being opened",
    detect.rank.__code__: _sniff,
    pipeline.iter_parse.__code__: _adapter,
    pipeline._checked.__code__: _adapter,
    pipeline._process.__code__: _processor,
    pipeline.render_record.__code__: _writer,
    pipeline.prerender.__code__: _writer,
    jobs._sharded.__code__: _workers,
    jobs._chunked.__code__: _workers,
}
