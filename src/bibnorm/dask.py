"""bibnorm on Dask: many inputs read by the workers of a cluster, or of this machine.

An optional extra (`pip install bibnorm[dask]`): dask is imported only when a function
here needs it, so bibnorm works without it, and a clear `UsageError` says how to install
it when it is missing.

The unit of work is one input: `read_input` reads it on a worker exactly as
`bibnorm parse` reads it in one process (same detection, same processors, same
validation, the items encoded ahead for the writer), and returns an `InputRun`: plain,
picklable data, with what stopped the input as data too, never an exception that ends
the job. The command line (`bibnorm parse --engine dask`) reports and writes those runs
as it reports and writes its own, so the output and the messages are the same byte for
byte (see `RemoteInputs`; with `--out-dir`, a worker that shares the caller's disk
writes the files itself and sends back only the messages, see `write_for_cli`). The
functions below (`outcomes_bag`, `items_bag`, `records_bag`, and `write_outputs` and
`to_parquet`, which write on the workers) give the same work to Python code as Dask
bags, one partition per input.

A big plain file is read in parts, as `-j` reads it in chunks: the caller cuts it at
record boundaries (`bibnorm.chunks`, reading nothing but the bytes), each part is a task
that reads its bytes from the file itself (`read_part`), and a last task joins them into
the input's run (`join_parts`); a part that does not read alone has the input read whole
instead, so what the user sees never depends on where it was cut. A compressed file is
one task: a gzip stream cannot be entered in the middle (Dask's own `read_text` keeps a
`.gz` whole too).

Each worker process builds its own `PluginHost` once, from the entry points installed
where it runs, as the CLI does; a worker that lacks a plugin the caller loaded fails each
input it is given with an error naming the plugin, rather than reading it differently.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import secrets
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bibnorm import batch, chunks, inputs, jobs, output, pipeline
from bibnorm.demand import FULL
from bibnorm.errors import BibnormError, InputError, PluginError, UsageError
from bibnorm.held import HeldItems
from bibnorm.manager import PluginHost, PluginProblem, autoload_wanted, create_host
from bibnorm.model import Diagnostic
from bibnorm.processors import text_hygiene
from bibnorm.registry import JSONItem, Source, WriteOptions, demand_of

# dask, distributed and fsspec carry no type hints: their objects are Any here.
Bag = Any  # a dask.bag.Bag
Client = Any  # a distributed.Client
Delayed = Any  # a dask.delayed.Delayed

__all__ = [
    "PARQUET_COLUMNS",
    "PART_BYTES",
    "InputRun",
    "PartRun",
    "RemoteInputs",
    "Settings",
    "SharedFolder",
    "WrittenInput",
    "connect",
    "flat_csl",
    "items_bag",
    "join_parts",
    "outcomes_bag",
    "plan_parts",
    "read_and_write",
    "read_input",
    "read_part",
    "records_bag",
    "run_of",
    "settings_for",
    "to_parquet",
    "write_for_cli",
    "write_outputs",
]

INSTALL_HINT = "pip install 'bibnorm[dask]'"
EXIT_PLUGIN = 4
# A plain file bigger than this is read in parts of about this size (some 4,500 PubMed
# records, seconds of work): enough parts for the workers to share a few big files, few
# enough that handing them out costs nothing next to reading them.
PART_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """What every input of a run is read and written as; sent to the workers.

    `blocked`, `autoload` and `plugin_modules` say which plugins a worker loads (as
    `create_host` takes them); `expected_plugins` are those the caller loaded, which
    every worker must have too. `cwd` is the caller's directory: a relative input name
    is read from there, and messages still call it by the name given."""

    to: str = "json"
    with_related: bool = False
    format: str | None = None
    fix_text: bool = False
    full_records: bool = False  # read every field, not only those the writer reads
    max_text_bytes: int | None = None
    autoload: bool = True
    blocked: tuple[str, ...] = ()
    plugin_modules: tuple[str, ...] = ()
    expected_plugins: tuple[str, ...] = ()
    cwd: str = ""
    part_bytes: int = PART_BYTES  # a plain file bigger than this is read in parts

    def host_key(self) -> tuple[bool, tuple[str, ...], tuple[str, ...], bool]:
        return (self.autoload, self.blocked, self.plugin_modules, self.fix_text)


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


def _extra(module: str) -> Any:
    """A module of the dask extra, imported now: bibnorm works without it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(f"the Dask engine needs the dask extra: {INSTALL_HINT}") from None


def settings_for(
    *,
    to: str = "json",
    with_related: bool = False,
    format: str | None = None,
    fix_text: bool = False,
    full_records: bool = False,
    max_text_bytes: int | None = None,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    plugins: Sequence[str] = (),
    host: PluginHost | None = None,
    part_bytes: int | None = None,
) -> Settings:
    """Settings for a run, checked here before any worker starts: the output format
    `to` and the input `format` must exist. `plugins` are modules to register as plugins
    besides the entry points (each importable on every worker); `host` is the caller's
    own host when it has one (the CLI's), else one is made as `create_host` would. A
    plain file bigger than `part_bytes` (`PART_BYTES` by default) is read in parts."""
    if host is None:
        host = create_host(
            autoload=autoload,
            blocked=blocked,
            extra_plugins=[(name, importlib.import_module(name)) for name in plugins],
        )
    if to not in host.registry.writers:
        known = ", ".join(sorted(host.registry.writers))
        raise UsageError(f"unknown output format {to!r} (known: {known})")
    if format is not None:
        pipeline.adapter_named(format, host)
    return Settings(
        to=to,
        with_related=with_related,
        format=format,
        fix_text=fix_text,
        full_records=full_records,
        max_text_bytes=max_text_bytes,
        autoload=autoload_wanted(autoload),
        # The names the caller's host did not load, whether from its arguments or its
        # environment: a worker's environment is not the caller's.
        blocked=tuple(info.name for info in host.plugins if info.status == "blocked"),
        plugin_modules=tuple(plugins),
        expected_plugins=tuple(info.name for info in host.plugins if info.status == "loaded"),
        cwd=os.getcwd(),
        part_bytes=PART_BYTES if part_bytes is None else part_bytes,
    )


# --- on the workers ----------------------------------------------------------------

# One host per worker process and settings: loading the plugins costs more than reading
# a small input.
_HOSTS: dict[tuple[bool, tuple[str, ...], tuple[str, ...], bool], PluginHost] = {}


def _worker_host(settings: Settings) -> PluginHost:
    key = settings.host_key()
    host = _HOSTS.get(key)
    if host is None:
        host = create_host(
            autoload=settings.autoload,
            blocked=settings.blocked,
            extra_plugins=[
                (name, importlib.import_module(name)) for name in settings.plugin_modules
            ],
        )
        if settings.fix_text:
            text_hygiene.enable_fixing(host)
        _HOSTS[key] = host
    return host


def _missing_plugins(host: PluginHost, settings: Settings) -> PluginError | None:
    """An error naming the plugins the caller loaded and this worker did not."""
    loaded = {info.name for info in host.plugins if info.status == "loaded"}
    missing = [name for name in settings.expected_plugins if name not in loaded]
    if not missing:
        return None
    also = f" (nor {', '.join(map(repr, missing[1:]))})" if missing[1:] else ""
    return PluginError(
        missing[0],
        f"not loaded on Dask worker {_worker_address()}{also}: install it there as it is "
        "installed where bibnorm was started",
    )


def _worker_address() -> str:
    try:
        return str(_extra("distributed").get_worker().address)
    except (UsageError, ValueError):  # run by a scheduler without workers of its own
        return f"process {os.getpid()}"


def read_input(name: str, settings: Settings, held: HeldItems | None = None) -> InputRun:
    """Read input `name` as `bibnorm parse` reads it in one process; never raises for
    what is wrong with the input, a plugin or bibnorm itself: the run says so. With
    `held`, the items go there, not in the run."""
    shown = "<stdin>" if name == "-" else name
    host = _worker_host(settings)
    missing = _missing_plugins(host, settings)
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
        fsspec = _extra("fsspec")
        try:
            with fsspec.open(name, "rb", compression="infer") as stream:
                data = stream.read()
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read: {exc}", file=name) from None
        return inputs.decode(data, name=name, max_text_bytes=settings.max_text_bytes)
    path = _local_path(name, settings)
    try:
        source = inputs.read_source(path, max_text_bytes=settings.max_text_bytes)
    except InputError as exc:
        if exc.file == path:
            exc.file = name
        raise
    source.name = name
    return source


def _local_path(name: str, settings: Settings) -> str:
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
    path = _local_path(name, settings)
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
                jobs.Placed(replace(part, data=b""), len(part.data))
                for part in chunks.split(stream, boundaries, settings.part_bytes)
            ]
    except (BibnormError, OSError):
        return None
    return (adapter.name, parts) if len(parts) > 1 else None


def read_part(name: str, adapter_name: str, part: jobs.Placed, settings: Settings) -> PartRun:
    """Read one part of input `name` (of `plan_parts`) with adapter `adapter_name`, its
    bytes taken from the file where the part was placed, as a `-j` worker reads a
    chunk; never raises for what is wrong with the input: the run says so."""
    host = _worker_host(settings)
    missing = _missing_plugins(host, settings)
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
        adapter = pipeline.adapter_named(adapter_name, _worker_host(settings))
        run.diagnostics.append(pipeline.no_records(adapter))
    return run


def run_of(name: str, settings: Settings, host: PluginHost) -> Delayed:
    """The tasks that read input `name`, as a `dask.delayed` value of its `InputRun`:
    one task, or one a part and one that joins them (`plan_parts` decides, here)."""
    return _run_in_parts(name, settings, plan_parts(name, settings, host))


def _run_in_parts(
    name: str, settings: Settings, planned: tuple[str, list[jobs.Placed]] | None
) -> Delayed:
    delayed = _extra("dask").delayed
    if planned is None:
        return delayed(read_input, pure=False)(name, settings)
    adapter, parts = planned
    reads = [delayed(read_part, pure=False)(name, adapter, part, settings) for part in parts]
    return delayed(join_parts, pure=False)(name, adapter, settings, *reads)


def _read_records(name: str, settings: Settings) -> batch.InputOutcome:
    host = _worker_host(settings)
    missing = _missing_plugins(host, settings)
    if missing is not None:
        return batch.InputOutcome(file=name, error=missing)
    options = WriteOptions(with_related=settings.with_related)
    writer = host.registry.writer(settings.to)
    demand = FULL if settings.full_records else demand_of(writer, options)
    try:
        return batch.read_input(name, host, format=settings.format, demand=demand)
    except Exception as exc:  # noqa: BLE001 - a bug costs this input, not the whole job
        return batch.InputOutcome(file=name, error=_bug(name, exc))


# --- the caller's side ---------------------------------------------------------------


def _bag_of(paths: Iterable[str | Path]) -> Bag:
    """A bag of the input names (files or URLs, not directories), one partition each."""
    names = [str(name) for name in paths]
    return _extra("dask.bag").from_sequence(names, npartitions=max(1, len(names)))


def _bag_of_runs(
    paths: Iterable[str | Path], settings: Settings, then: Any = None, *args: Any
) -> Bag:
    """A bag of one partition per input of `paths`: its `InputRun` (see `run_of`), or
    what `then(run, *args)` makes of it."""
    delayed = _extra("dask").delayed
    host = _worker_host(settings)  # here, to plan the parts
    partitions = []
    for index, name in enumerate(str(name) for name in paths):
        value = run_of(name, settings, host)
        if then is not None:
            value = delayed(then, pure=False)(value, *_indexed(args, index))
        partitions.append(delayed(_alone, pure=False)(value))
    if not partitions:
        return _extra("dask.bag").from_sequence([], npartitions=1)
    return _extra("dask.bag").from_delayed(partitions)


def _indexed(args: tuple[Any, ...], index: int) -> list[Any]:
    """`args`, each list in them replaced by its item `index` (one value per input)."""
    return [arg[index] if isinstance(arg, list) else arg for arg in args]


def _alone(value: Any) -> list[Any]:
    return [value]


def outcomes_bag(paths: Iterable[str | Path], settings: Settings | None = None) -> Bag:
    """A bag of the `InputRun` of each input of `paths`, one partition per input (a big
    plain file read in parts by several tasks, see `run_of`)."""
    return _bag_of_runs(paths, settings or settings_for())


def items_bag(paths: Iterable[str | Path], settings: Settings | None = None) -> Bag:
    """A bag of the valid output items (CSL-JSON items with `settings_for(to="csl")`)
    of every input read whole; see `outcomes_bag` for what the others came to.

    The items are as each record gives them: a CSL output makes ids unique across the
    whole file as it writes it (`pmid:1/2`), which the writer's `dump` (or
    `bibnorm.csl.unique_ids`) still does to what this bag gives."""
    return outcomes_bag(paths, settings).map(InputRun.items).flatten()


def records_bag(paths: Iterable[str | Path], settings: Settings | None = None) -> Bag:
    """A bag of each input's `bibnorm.InputOutcome` (its records, failed records and
    error as data), as `bibnorm.parse_many` gives them, one partition per input; for
    the records alone, `.map(lambda outcome: outcome.records).flatten()`. The paths
    are read as given, from each worker's own directory."""
    return _bag_of(paths).map(_read_records, settings or settings_for())


@dataclass(frozen=True)
class WrittenInput:
    """What `write_outputs` did with one input: the file it wrote (None when it wrote
    none: the input failed as a whole, or gave no item), how many items, and the run."""

    target: str | None
    items: int
    run: InputRun


def _write_items(run: InputRun, target: str, settings: Settings) -> int:
    """Write the items of `run` to `target` with the settings' writer, whole or not at
    all, dropping them from the run as they go; how many (0, and no file, when it has
    none). Raises what writing raises."""
    if run.error is not None or not any(o.items or o.packed for o in run.outcomes):
        return 0
    return _write_with(settings, target, _taken_items(run.outcomes))


def _taken_items(outcomes: list[jobs.Outcome]) -> Iterator[JSONItem]:
    """The items of `outcomes` as encoded ahead (the writer only writes them), each
    outcome's dropped once given, so a written run shrinks as it is written."""
    for outcome in outcomes:
        yield from outcome.items_to_write()
        outcome.items, outcome.packed = [], b""


def _write_with(settings: Settings, target: str, items: Iterator[JSONItem]) -> int:
    """Write `items` to `target` with the settings' writer, whole or not at all; how many."""
    writer = _worker_host(settings).registry.writer(settings.to)
    count = 0

    def counted() -> Iterator[JSONItem]:
        nonlocal count
        for item in items:
            count += 1
            yield item

    output.write_output(Path(target), lambda handle: writer.dump(counted(), handle))
    return count


def _written_input(run: InputRun, target: str, settings: Settings) -> WrittenInput:
    try:
        count = _write_items(run, target, settings)
    except BibnormError as exc:
        run.error = exc
        return WrittenInput(None, 0, run)
    except OSError as exc:
        run.error = InputError(f"cannot write: {exc.strerror or exc}", file=target)
        return WrittenInput(None, 0, run)
    return WrittenInput(target if count else None, count, run)


def write_outputs(
    paths: Iterable[str | Path], out_dir: str | Path, settings: Settings | None = None
) -> Bag:
    """A bag that, computed, writes one output file per input below `out_dir` (as
    `bibnorm parse --out-dir` names them), each on the worker that read it, whole or not
    at all, and gives a `WrittenInput` per input. The workers must see `out_dir`."""
    settings = settings or settings_for()
    names = [str(name) for name in paths]
    suffix = _worker_host(settings).registry.writer(settings.to).suffix
    root = output.mirror_root(names, False)
    plan = output.out_dir_plan(names, os.path.abspath(out_dir), suffix, root)
    targets = [str(target) for _, target in plan]
    return _bag_of_runs([name for name, _ in plan], settings, _written_input, targets, settings)


# The flat CSL fields `to_parquet` writes, one row per item: every column text, but the
# year. `authors` is "Family, Given; Family, Given; Literal"; `file` is the input.
PARQUET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "string"),
    ("id", "string"),
    ("type", "string"),
    ("title", "string"),
    ("container_title", "string"),
    ("authors", "string"),
    ("year", "int32"),
    ("volume", "string"),
    ("issue", "string"),
    ("page", "string"),
    ("doi", "string"),
    ("pmid", "string"),
    ("pmcid", "string"),
    ("issn", "string"),
    ("language", "string"),
)
# The CSL variable each text column holds.
_CSL_VARIABLES = {
    "id": "id",
    "type": "type",
    "title": "title",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "issn": "ISSN",
    "language": "language",
}


def flat_csl(item: JSONItem, file: str) -> dict[str, str | int | None]:
    """One CSL item of input `file` as a row of `PARQUET_COLUMNS` (None where the item
    has no such field)."""
    row: dict[str, str | int | None] = {"file": file}
    for column, variable in _CSL_VARIABLES.items():
        value = item.get(variable)
        row[column] = None if value is None else str(value)
    names = [_name_of(person) for person in item.get("author", [])]
    row["authors"] = "; ".join(names) if names else None
    parts = item.get("issued", {}).get("date-parts", [[]])
    row["year"] = int(parts[0][0]) if parts and parts[0] else None
    return row


def _name_of(person: dict[str, str]) -> str:
    if "literal" in person:
        return person["literal"]
    given = person.get("given")
    return f"{person.get('family', '')}, {given}" if given else person.get("family", "")


def _write_parquet(run: InputRun, index: int, out_dir: str) -> WrittenInput:
    items = run.items()
    if run.error is not None or not items:
        return WrittenInput(None, 0, run)
    pyarrow = _extra("pyarrow")
    schema = pyarrow.schema([(column, kind) for column, kind in PARQUET_COLUMNS])
    table = pyarrow.Table.from_pylist([flat_csl(item, run.file) for item in items], schema)
    target = Path(out_dir) / f"part-{index:05d}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written whole or not at all: to a temporary file beside it, then renamed.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        _extra("pyarrow.parquet").write_table(table, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        run.error = InputError(f"cannot write: {exc.strerror or exc}", file=str(target))
        return WrittenInput(None, 0, run)
    return WrittenInput(str(target), len(items), run)


def to_parquet(
    paths: Iterable[str | Path], out_dir: str | Path, settings: Settings | None = None
) -> Bag:
    """A bag that, computed, writes the CSL items of each input as a Parquet file of
    `PARQUET_COLUMNS` in `out_dir` (`part-00000.parquet`, numbered in input order:
    together a dataset that `pyarrow.parquet.read_table(out_dir)` reads whole), each
    written whole or not at all by the worker that read the input, and gives a
    `WrittenInput` per input. An input that fails as a whole, or gives no item, writes
    no part. `settings` (of `settings_for`) is used with `to="csl"`."""
    csl = replace(settings or settings_for(to="csl"), to="csl")
    names = [str(name) for name in paths]
    indexes = list(range(len(names)))
    return _bag_of_runs(names, csl, _write_parquet, indexes, os.path.abspath(out_dir))


# --- the command line's engine ---------------------------------------------------------


def connect(address: str | None, workers: int) -> tuple[Client, Any]:
    """A client of the scheduler at `address`, or of a new cluster on this machine (one
    process per worker, one thread each) when None; and that cluster, to close after
    the client (None for an address)."""
    distributed = _extra("distributed")
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
    _write_as_cli(run, target, settings, lambda where: _write_items(run, where, settings))
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
                run, target, settings, lambda where: _write_with(settings, where, held.replay())
            )
    finally:
        held.close()
    return run


def _write_as_cli(
    run: InputRun, target: str, settings: Settings, write: Callable[[str], int]
) -> None:
    """Have `write` write the run's items to `target` (from the caller's directory), and
    note in the run what the CLI reports: that it wrote them, or why it could not."""
    where = _local_path(target, settings)  # a worker's directory is not the caller's
    try:
        run.written = write(where) > 0
    except Exception as exc:  # noqa: BLE001 - reported as the CLI reports a write that failed
        if isinstance(exc, BibnormError) and exc.file == where:
            exc.file = target  # named as the caller named it
        writer = settings.to
        owner = _worker_host(settings).registry.writers[writer].plugin
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
        self._host = host or _worker_host(settings)
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
        delayed = _extra("dask").delayed
        planned = plan_parts(name, self._settings, self._host)
        if planned is None:  # one task reads and writes
            run = delayed(read_and_write, pure=False)(
                name, str(target), self._settings, self._shared
            )
        else:
            parts = _run_in_parts(name, self._settings, planned)
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
