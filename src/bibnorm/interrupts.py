"""SIGTERM handled as Ctrl-C is, and worker processes that end with their parent.

`terminate_as_interrupt` turns SIGTERM into a `Terminated` exception in the main
thread, so that it unwinds the program as `KeyboardInterrupt` does: an output file being
written loses its temporary file, worker processes are ended, and the CLI exits 143.

A worker (see `bibnorm.jobs`) calls `become_worker` first: SIGTERM ends it at once, as
its parent's `terminate()` expects; Ctrl-C, which the terminal sends to the whole
process group, is left to the parent, which ends its workers; and on Linux the kernel
ends it if its parent dies (`PR_SET_PDEATHSIG`), even by SIGKILL. `parent_gone` is the
portable check a worker makes while it waits.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# The shell's convention: 128 plus the signal's number.
EXIT_TERMINATED = 128 + 15
_PR_SET_PDEATHSIG = 1


class Terminated(BaseException):
    """The process was asked to end (SIGTERM); a `BaseException`, as `KeyboardInterrupt` is."""


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the body, SIGTERM raises `Terminated` (only the main thread can catch
    signals; elsewhere SIGTERM keeps its handling). The previous handler comes back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, on_terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# The signals whose handling a worker sets up for itself.
_WORKER_SIGNALS = {signal.SIGTERM, signal.SIGINT}
if hasattr(signal, "SIGALRM"):
    _WORKER_SIGNALS.add(signal.SIGALRM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGTERM, SIGINT and SIGALRM in this thread within the body (while
    workers are forked): a worker gets them only once `become_worker` set up their
    handling, and the parent after the body."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _WORKER_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_SIGNALS)


def become_worker(parent: int) -> None:
    """Set up a forked worker process of `parent` (the pid): see the module's docstring.
    Exits at once when the parent is already gone."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the parent's time limit is the parent's
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_SIGNALS)
    if sys.platform == "linux":
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # then `parent_gone` is the only check
    # The parent may have died before the kernel was told to watch it.
    if parent_gone(parent):
        os._exit(1)


def parent_gone(parent: int) -> bool:
    """Whether the worker's parent `parent` has ended (the worker was handed to another)."""
    return os.getppid() != parent
