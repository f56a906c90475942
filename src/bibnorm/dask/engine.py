"""The engine of `bibnorm parse --engine dask`: the cluster, and the inputs of one run.

`RemoteInputs` has the cluster read the CLI's inputs a few ahead of the one the CLI
reports, and gives their runs in the CLI's order. With `--out-dir`, a worker that shares
the caller's disk (it sees the `SharedFolder` mark) writes each file itself and sends
back only the messages (`read_and_write`, `write_for_cli`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import tempfile
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibnorm import jobs, output
from bibnorm.dask.settings import EXIT_PLUGIN, Settings, extra, worker_host
from bibnorm.dask.tasks import (
    InputRun,
    local_path,
    plan_parts,
    read_input,
    run_in_parts,
    run_of,
    write_items,
    write_with,
)
from bibnorm.errors import BibnormError, UsageError
from bibnorm.held import HeldItems
from bibnorm.manager import PluginHost

# Dask objects carry no type hints: they are Any here.
Client = Any  # a distributed.Client


def connect(address: str | None, workers: int) -> tuple[Client, Any]:
    """A client of the scheduler at `address`, or of a new cluster on this machine (one
    process per worker, one thread each) when None; and that cluster, to close after
    the client (None for an address)."""
    distributed = extra("distributed")
    if address is None:
        try:
            cluster = _local_cluster(distributed, workers)
        except Exception as exc:  # noqa: BLE001 - whatever stopped it, said in one line
            message = f"cannot start a Dask cluster on this machine: {exc}"
            raise jobs.WorkerFailed(message, EXIT_PLUGIN) from None
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(address, timeout="10s"), None
    except (OSError, ValueError, TypeError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def _local_cluster(distributed: Any, workers: int) -> Any:
    """A cluster of `workers` processes of one thread each, on 127.0.0.1 only."""
    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        # A free port on loopback: without an address its web server still takes 8787,
        # and says so on stderr when another cluster has it.
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )


@dataclass(frozen=True)
class SharedFolder:
    """A file the caller made in the folder the outputs go to (or its nearest existing
    parent), and what it holds: a worker that reads the same there shares the caller's
    disk, and writes the outputs itself rather than sending them back (see
    `write_for_cli`)."""

    path: str
    token: str

    @classmethod
    def mark(cls, out_dir: str | Path) -> SharedFolder | None:
        """Mark the folder of `out_dir`; None when no file can be made there."""
        folder = Path(os.path.abspath(out_dir))
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        token = secrets.token_hex(16)
        try:
            fd, path = tempfile.mkstemp(prefix=".bibnorm-dask-", dir=folder)
            with os.fdopen(fd, "w") as marker:
                marker.write(token)
        except OSError:
            return None
        return cls(path, token)

    def seen(self) -> bool:
        """Whether this process sees the mark as it was made."""
        try:
            with open(self.path) as marker:
                return marker.read() == self.token
        except OSError:
            return False

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def write_for_cli(
    run: InputRun, target: str, settings: Settings, shared: SharedFolder | None
) -> InputRun:
    """Write the items of `run` to `target` here, on the worker, when it shares the
    caller's disk, as `bibnorm parse --out-dir` writes them (none for an input that
    failed as a whole or gave no item), and send back only the messages; else the run
    as it is, for the caller to write."""
    if run.error is not None or shared is None or not shared.seen():
        return run
    _write_as_cli(run, target, settings, lambda where: write_items(run, where, settings))
    run.drop_items()
    return run


def read_and_write(
    name: str, target: str, settings: Settings, shared: SharedFolder | None
) -> InputRun:
    """`read_input`, then `write_for_cli`, in one task and in flat memory: the items
    held as the CLI holds them (`HeldItems`: pickled, in memory then in a temporary
    file), not in the run. On a worker that does not share the caller's disk, the run
    as `read_input` gives it, for the caller to write."""
    if shared is None or not shared.seen():
        return read_input(name, settings)
    held = HeldItems()
    try:
        run = read_input(name, settings, held)
        if run.error is None and held.count:
            _write_as_cli(
                run, target, settings, lambda where: write_with(settings, where, held.replay())
            )
    finally:
        held.close()
    return run


def _write_as_cli(
    run: InputRun, target: str, settings: Settings, write: Callable[[str], int]
) -> None:
    """Have `write` write the run's items to `target` (from the caller's directory), and
    note in the run what the CLI reports: that it wrote them, or why it could not."""
    where = local_path(target, settings)  # a worker's directory is not the caller's
    try:
        run.written = write(where) > 0
    except Exception as exc:  # noqa: BLE001 - reported as the CLI reports a write that failed
        if isinstance(exc, BibnormError) and exc.file == where:
            exc.file = target  # named as the caller named it
        writer = settings.to
        owner = worker_host(settings).registry.writers[writer].plugin
        run.write_error = output.write_failure(exc, target, writer, owner)


class RemoteInputs:
    """The runs of the inputs of one CLI run, computed on a cluster a few ahead of the
    one the CLI reports and writes, and taken in the CLI's order, so that the cluster
    holds only a few inputs' results at a time. With `targets` (--out-dir: each input's
    output file) and a `shared` folder, workers that share this disk write the outputs."""

    def __init__(
        self,
        client: Client,
        names: Sequence[str],
        settings: Settings,
        host: PluginHost | None = None,
        targets: Mapping[str, Path] | None = None,
        shared: SharedFolder | None = None,
    ) -> None:
        self._client = client
        self._settings = settings
        self._host = host or worker_host(settings)
        self._targets = targets or {}
        self._shared = shared
        self._unsent = iter(names)
        self._pending: deque[tuple[str, Any]] = deque()  # the input, its distributed.Future
        threads = sum(client.nthreads().values()) or 1
        self._ahead = 2 * threads

    def run_of(self, name: str) -> InputRun:
        """The run of input `name`, waited for; a task whose workers kept dying (or any
        failure of the cluster) is this input's error, not the end of the run."""
        self._fill()
        if self._pending and self._pending[0][0] == name:
            future = self._pending.popleft()[1]
        else:  # asked out of order: read it now
            future = self._submit(name)
        self._fill()
        try:
            run: InputRun = future.result()
        except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost scheduler ...
            shown = "<stdin>" if name == "-" else name
            message = f"{shown}: the Dask workers reading it failed: {type(exc).__name__}: {exc}"
            return InputRun(name=name, file=shown, error=jobs.WorkerFailed(message, EXIT_PLUGIN))
        finally:
            future.release()
        return run

    def _submit(self, name: str) -> Any:
        target = self._targets.get(name)
        if target is None:
            return self._client.compute(run_of(name, self._settings, self._host))
        delayed = extra("dask").delayed
        planned = plan_parts(name, self._settings, self._host)
        if planned is None:  # one task reads and writes
            run = delayed(read_and_write, pure=False)(
                name, str(target), self._settings, self._shared
            )
        else:
            parts = run_in_parts(name, self._settings, planned)
            run = delayed(write_for_cli, pure=False)(
                parts, str(target), self._settings, self._shared
            )
        return self._client.compute(run)

    def _fill(self) -> None:
        while len(self._pending) < self._ahead:
            name = next(self._unsent, None)
            if name is None:
                return
            self._pending.append((name, self._submit(name)))

    def close(self) -> None:
        """Cancel what no one will take (the run ended early)."""
        for _, future in self._pending:
            future.cancel()
        self._pending.clear()
        if self._shared is not None:
            self._shared.remove()
