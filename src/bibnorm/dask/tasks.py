"""What a Dask worker does with one input: read it whole (`read_input`), or a part of it
(`read_part`, joined by `join_parts`), and write its items.

Every function here runs on a worker (or in any process) and never raises for what is
wrong with an input, a plugin or bibnorm itself: the `InputRun` says so, as data that
pickles. `run_of` builds, on the caller's side, the tasks that read one input.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibnorm import batch, chunks, inputs, jobs, output, pipeline
from bibnorm.dask.settings import EXIT_PLUGIN, Settings, extra, missing_plugins, worker_host
from bibnorm.demand import FULL
from bibnorm.errors import BibnormError, InputError
from bibnorm.held import HeldItems
from bibnorm.manager import PluginHost, PluginProblem
from bibnorm.model import Diagnostic
from bibnorm.registry import JSONItem, Source, WriteOptions, demand_of

# Dask objects carry no type hints: they are Any here.
Delayed = Any  # a dask.delayed.Delayed


@dataclass
class InputRun:
    """What one input came to on a worker: its outcomes in order (items encoded and
    packed, see `jobs.Outcome`), then what the input as a whole gave (what decoding
    found, or that it held no records), or the error that stopped it part-way.

    `name` is the input as given, `file` what messages call it. `problems` are plugin
    failures first seen while reading it (a `sniff` that raised, say)."""

    name: str
    file: str
    format: str | None = None
    outcomes: list[jobs.Outcome] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: BibnormError | None = None
    problems: list[PluginProblem] = field(default_factory=list)
    # For the CLI's --out-dir on workers that share its disk: the worker wrote the
    # items (and dropped them from the outcomes), or says why it could not.
    written: bool = False
    write_error: tuple[str, int] | None = None  # the message and the exit status

    @property
    def ok(self) -> bool:
        """Read to its end, and no record of it failed."""
        return self.error is None and not any(outcome.failed for outcome in self.outcomes)

    def items(self) -> list[JSONItem]:
        """The valid items of the input, ready for its writer; none when it failed as a
        whole, since a partial input is never presented as whole."""
        if self.error is not None:
            return []
        return [item for outcome in self.outcomes for item in outcome.all_items()]

    def drop_items(self) -> None:
        """Keep only the messages and counts: the items went to a file."""
        for outcome in self.outcomes:
            outcome.items, outcome.packed = [], b""


def read_input(name: str, settings: Settings, held: HeldItems | None = None) -> InputRun:
    """Read input `name` as `bibnorm parse` reads it in one process; never raises for
    what is wrong with the input, a plugin or bibnorm itself: the run says so. With
    `held`, the items go there, not in the run."""
    shown = "<stdin>" if name == "-" else name
    host = worker_host(settings)
    missing = missing_plugins(host, settings)
    if missing is not None:
        return InputRun(name=name, file=shown, error=missing)
    task = _task(host, settings)
    run = InputRun(name=name, file=shown)
    problems_before = len(host.problems)
    try:
        source = _open(name, settings)
        run.file = source.name
        adapter = pipeline.choose_adapter(source, host, settings.format)
        run.format = adapter.name
        for outcome in jobs.outcomes(task, source, adapter):
            outcome.prerender(task, source.name)
            outcome.pack()  # sent packed, unpacked only where it is written
            if held is not None:
                outcome.hold(held)
                outcome.packed = b""
            run.outcomes.append(outcome)
        run.diagnostics = list(source.diagnostics)
        if not run.outcomes:
            run.diagnostics.append(pipeline.no_records(adapter))
    except BibnormError as exc:
        run.error = exc
    except Exception as exc:  # noqa: BLE001 - a bug costs this input, not the whole job
        run.error = _bug(run.file, exc)
    run.problems = list(host.problems[problems_before:])
    return run


def _task(host: PluginHost, settings: Settings) -> jobs.Task:
    """What every record is turned into, as the CLI's `jobs.Task`."""
    writer = host.registry.writer(settings.to)
    options = WriteOptions(with_related=settings.with_related)
    return jobs.Task(
        host=host,
        writer=writer,
        owner=host.registry.writers[settings.to].plugin,
        options=options,
        demand=FULL if settings.full_records else demand_of(writer, options),
    )


def _bug(file: str, exc: Exception) -> jobs.WorkerFailed:
    return jobs.WorkerFailed(f"{file}: bibnorm failed: {exc!r}", EXIT_PLUGIN)


def _open(name: str, settings: Settings) -> Source:
    """The input `name`: a path (relative to the caller's directory, but named as given)
    or a URL that fsspec reads (`s3://...`, `.gz` decompressed)."""
    if "://" in name and not name.startswith("file://"):
        fsspec = extra("fsspec")
        try:
            with fsspec.open(name, "rb", compression="infer") as stream:
                data = stream.read()
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read: {exc}", file=name) from None
        return inputs.decode(data, name=name, max_text_bytes=settings.max_text_bytes)
    path = local_path(name, settings)
    try:
        source = inputs.read_source(path, max_text_bytes=settings.max_text_bytes)
    except InputError as exc:
        if exc.file == path:
            exc.file = name
        raise
    source.name = name
    return source


def local_path(name: str, settings: Settings) -> str:
    """Where input `name` (a path or a `file://` URL) is, from the caller's directory."""
    path = name.removeprefix("file://")
    if name != "-" and settings.cwd and not os.path.isabs(path):
        path = os.path.join(settings.cwd, path)
    return path


# --- big files in parts ----------------------------------------------------------------


@dataclass
class PartRun:
    """What one part of an input came to on a worker (see `read_part`): its outcomes,
    what decoding its bytes found, the error that stopped it, or that it does not read
    alone (`unreadable`, with no outcomes)."""

    outcomes: list[jobs.Outcome] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: BibnormError | None = None
    unreadable: bool = False
    problems: list[PluginProblem] = field(default_factory=list)


def plan_parts(
    name: str, settings: Settings, host: PluginHost
) -> tuple[str, list[jobs.Placed]] | None:
    """The adapter and the parts of input `name` when it is read in parts: a plain file
    (not compressed, not a URL) bigger than `settings.part_bytes`, whose adapter reads
    chunks (`parse_chunk`), cut at record boundaries (`chunks.split`) into places a
    worker reads itself. None for any other input, and for one that cannot be opened or
    recognised here: a worker reads it whole, and says why it failed."""
    if name == "-" or ("://" in name and not name.startswith("file://")):
        return None
    path = local_path(name, settings)
    try:
        if os.path.getsize(path) <= settings.part_bytes:
            return None
        source = inputs.read_source(path, max_text_bytes=settings.max_text_bytes)
        adapter = pipeline.choose_adapter(source, host, settings.format)
        boundaries = pipeline.chunk_boundaries(adapter)
        if boundaries is None:
            return None
        with source.open_binary() as stream:
            if jobs.plain_file_descriptor(stream) is None:
                return None  # compressed: see the module's docstring
            parts = [
                jobs.Placed.of(part)
                for part in chunks.split(stream, boundaries, settings.part_bytes)
            ]
    except (BibnormError, OSError):
        return None
    return (adapter.name, parts) if len(parts) > 1 else None


def read_part(name: str, adapter_name: str, part: jobs.Placed, settings: Settings) -> PartRun:
    """Read one part of input `name` (of `plan_parts`) with adapter `adapter_name`, its
    bytes taken from the file where the part was placed, as a `-j` worker reads a
    chunk; never raises for what is wrong with the input: the run says so."""
    host = worker_host(settings)
    missing = missing_plugins(host, settings)
    if missing is not None:
        return PartRun(error=missing)
    task = _task(host, settings)
    run = PartRun()
    problems_before = len(host.problems)
    try:
        source = _open(name, settings)
        source.demand = task.demand
        adapter = pipeline.adapter_named(adapter_name, host)
        with source.open_binary() as stream:
            chunk = jobs.placed_data(part, jobs.plain_file_descriptor(stream), name)
        for item in pipeline.iter_chunk(source, adapter, host, chunk):
            outcome = jobs.outcome_of(task, item, name)
            outcome.prerender(task, name)
            outcome.pack()
            run.outcomes.append(outcome)
        run.diagnostics = list(source.diagnostics)
    except chunks.ChunkUnreadable:
        run.outcomes, run.unreadable = [], True
    except BibnormError as exc:
        run.error = exc
    except Exception as exc:  # noqa: BLE001 - a bug costs this input, not the whole job
        run.error = _bug(name, exc)
    run.problems = list(host.problems[problems_before:])
    return run


def join_parts(name: str, adapter_name: str, settings: Settings, *parts: PartRun) -> InputRun:
    """The run of input `name` from the runs of its parts, in order: their outcomes up
    to the first error, and what decoding found (once per code, as `Source.note`
    keeps it). When a part did not read alone, the input is read whole here instead."""
    if any(part.unreadable for part in parts):
        return read_input(name, settings)
    run = InputRun(name=name, file=name, format=adapter_name)
    for part in parts:
        run.problems.extend(problem for problem in part.problems if problem not in run.problems)
        run.outcomes.extend(part.outcomes)
        if part.error is not None:
            run.error = part.error
            return run
        for diagnostic in part.diagnostics:
            if all(kept.code != diagnostic.code for kept in run.diagnostics):
                run.diagnostics.append(diagnostic)
    if not run.outcomes:
        adapter = pipeline.adapter_named(adapter_name, worker_host(settings))
        run.diagnostics.append(pipeline.no_records(adapter))
    return run


def run_of(name: str, settings: Settings, host: PluginHost) -> Delayed:
    """The tasks that read input `name`, as a `dask.delayed` value of its `InputRun`:
    one task, or one a part and one that joins them (`plan_parts` decides, here)."""
    return run_in_parts(name, settings, plan_parts(name, settings, host))


def run_in_parts(
    name: str, settings: Settings, planned: tuple[str, list[jobs.Placed]] | None
) -> Delayed:
    delayed = extra("dask").delayed
    if planned is None:
        return delayed(read_input, pure=False)(name, settings)
    adapter, parts = planned
    reads = [delayed(read_part, pure=False)(name, adapter, part, settings) for part in parts]
    return delayed(join_parts, pure=False)(name, adapter, settings, *reads)


def read_records(name: str, settings: Settings) -> batch.InputOutcome:
    host = worker_host(settings)
    missing = missing_plugins(host, settings)
    if missing is not None:
        return batch.InputOutcome(file=name, error=missing)
    demand = _task(host, settings).demand
    try:
        return batch.read_input(name, host, format=settings.format, demand=demand)
    except Exception as exc:  # noqa: BLE001 - a bug costs this input, not the whole job
        return batch.InputOutcome(file=name, error=_bug(name, exc))


# --- writing -------------------------------------------------------------------------


def write_items(run: InputRun, target: str, settings: Settings) -> int:
    """Write the items of `run` to `target` with the settings' writer, whole or not at
    all, dropping them from the run as they go; how many (0, and no file, when it has
    none). Raises what writing raises."""
    if run.error is not None or not any(o.items or o.packed for o in run.outcomes):
        return 0
    return write_with(settings, target, _taken_items(run.outcomes))


def _taken_items(outcomes: list[jobs.Outcome]) -> Iterator[JSONItem]:
    """The items of `outcomes` as encoded ahead (the writer only writes them), each
    outcome's dropped once given, so a written run shrinks as it is written."""
    for outcome in outcomes:
        yield from outcome.items_to_write()
        outcome.items, outcome.packed = [], b""


def write_with(settings: Settings, target: str, items: Iterator[JSONItem]) -> int:
    """Write `items` to `target` with the settings' writer, whole or not at all; how many."""
    writer = worker_host(settings).registry.writer(settings.to)
    count = 0

    def counted() -> Iterator[JSONItem]:
        nonlocal count
        for item in items:
            count += 1
            yield item

    output.write_output(Path(target), lambda handle: writer.dump(counted(), handle))
    return count
