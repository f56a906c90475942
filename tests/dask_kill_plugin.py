"""A test plugin for `test_dask.py`: its processor kills the process it runs in, once.

The first record it sees, in any process, ends that process with SIGKILL, as the system
ends a worker that ran out of memory, after creating the mark file that
`BIBNORM_TEST_KILL_MARK` names: the task Dask then retries, on a fresh worker, finds the
mark and goes through. It changes no record, so the output is what bibnorm writes
without it. Nothing happens when the variable is unset.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

from bibnorm import hookimpl
from bibnorm.model import Record

MARK_ENV = "BIBNORM_TEST_KILL_MARK"


class KillOnce:
    name = "kill-once"
    stage = 100

    def process(self, record: Record) -> Record:
        mark = os.environ.get(MARK_ENV)
        if not mark:
            return record
        try:
            # Created by one process only, whichever comes first.
            fd = os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return record
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
        return record  # not reached


@hookimpl
def bibnorm_register_processors(register: Callable[[object], None]) -> None:
    register(KillOnce())
