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
byte (see `RemoteInputs`); the functions below (`outcomes_bag`, `items_bag`,
`records_bag`, and `write_outputs` and `to_parquet`, which write on the workers) give
the same work to Python code as Dask bags, one partition per input.

Each worker process builds its own `PluginHost` once, from the entry points installed
where it runs, as the CLI does; a worker that lacks a plugin the caller loaded fails each
input it is given with an error naming the plugin, rather than reading it differently.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import os
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibnorm import batch, inputs, jobs, output, pipeline
from bibnorm.demand import FULL
from bibnorm.errors import BibnormError, InputError, PluginError, UsageError
from bibnorm.manager import PluginHost, PluginProblem, autoload_wanted, create_host
from bibnorm.model import Diagnostic
from bibnorm.processors import text_hygiene
from bibnorm.registry import JSONItem, Source, WriteOptions, demand_of

# dask, distributed and fsspec carry no type hints: their objects are Any here.
Bag = Any  # a dask.bag.Bag
Client = Any  # a distributed.Client

__all__ = [
    "PARQUET_COLUMNS",
    "InputRun",
    "RemoteInputs",
    "Settings",
    "WrittenInput",
    "connect",
    "flat_csl",
    "items_bag",
    "outcomes_bag",
    "read_input",
    "records_bag",
    "settings_for",
    "to_parquet",
    "write_outputs",
]

INSTALL_HINT = "pip install 'bibnorm[dask]'"
EXIT_PLUGIN = 4


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
) -> Settings:
    """Settings for a run, checked here before any worker starts: the output format
    `to` and the input `format` must exist. `plugins` are modules to register as plugins
    besides the entry points (each importable on every worker); `host` is the caller's
    own host when it has one (the CLI's), else one is made as `create_host` would."""
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


def read_input(name: str, settings: Settings) -> InputRun:
    """Read input `name` as `bibnorm parse` reads it in one process; never raises for
    what is wrong with the input, a plugin or bibnorm itself: the run says so."""
    shown = "<stdin>" if name == "-" else name
    host = _worker_host(settings)
    missing = _missing_plugins(host, settings)
    if missing is not None:
        return InputRun(name=name, file=shown, error=missing)
    writer = host.registry.writer(settings.to)
    options = WriteOptions(with_related=settings.with_related)
    task = jobs.Task(
        host=host,
        writer=writer,
        owner=host.registry.writers[settings.to].plugin,
        options=options,
        demand=FULL if settings.full_records else demand_of(writer, options),
    )
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
            run.outcomes.append(outcome)
        run.diagnostics = list(source.diagnostics)
        if not run.outcomes:
            run.diagnostics.append(pipeline.no_records(adapter))
    except BibnormError as exc:
        run.error = exc
    except Exception as exc:  # noqa: BLE001 - a bug costs this input, not the whole job
        run.error = jobs.WorkerFailed(f"{run.file}: bibnorm failed: {exc!r}", EXIT_PLUGIN)
    run.problems = list(host.problems[problems_before:])
    return run


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
    path = name.removeprefix("file://")
    if name != "-" and settings.cwd and not os.path.isabs(path):
        path = os.path.join(settings.cwd, path)
    try:
        source = inputs.read_source(path, max_text_bytes=settings.max_text_bytes)
    except InputError as exc:
        if exc.file == path:
            exc.file = name
        raise
    source.name = name
    return source


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
        failed = jobs.WorkerFailed(f"{name}: bibnorm failed: {exc!r}", EXIT_PLUGIN)
        return batch.InputOutcome(file=name, error=failed)


# --- the caller's side ---------------------------------------------------------------


def _bag_of(paths: Iterable[str | Path]) -> Bag:
    """A bag of the input names (files or URLs, not directories), one partition each."""
    names = [str(name) for name in paths]
    return _extra("dask.bag").from_sequence(names, npartitions=max(1, len(names)))


def outcomes_bag(paths: Iterable[str | Path], settings: Settings | None = None) -> Bag:
    """A bag of the `InputRun` of each input of `paths`, one partition per input."""
    return _bag_of(paths).map(read_input, settings or settings_for())


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


def _write_one(name: str, target: str, settings: Settings) -> WrittenInput:
    run = read_input(name, settings)
    items = run.items()
    if run.error is not None or not items:
        return WrittenInput(None, 0, run)
    writer = _worker_host(settings).registry.writer(settings.to)
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        output.write_output(path, lambda handle: writer.dump(iter(items), handle))
    except BibnormError as exc:
        run.error = exc
        return WrittenInput(None, 0, run)
    except OSError as exc:
        run.error = InputError(f"cannot write: {exc.strerror or exc}", file=target)
        return WrittenInput(None, 0, run)
    return WrittenInput(target, len(items), run)


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
    pairs = [(name, str(target)) for name, target in plan]
    bag = _extra("dask.bag").from_sequence(pairs, npartitions=max(1, len(pairs)))
    return bag.starmap(_write_one, settings=settings)


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


def _write_parquet(index: int, name: str, out_dir: str, settings: Settings) -> WrittenInput:
    run = read_input(name, settings)
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
    csl = dataclasses.replace(settings or settings_for(to="csl"), to="csl")
    names = [str(name) for name in paths]
    rows = [(index, name, os.path.abspath(out_dir)) for index, name in enumerate(names)]
    bag = _extra("dask.bag").from_sequence(rows, npartitions=max(1, len(rows)))
    return bag.starmap(_write_parquet, settings=csl)


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


class RemoteInputs:
    """The runs of the inputs of one CLI run, computed on a cluster a few ahead of the
    one the CLI reports and writes, and taken in the CLI's order, so that the cluster
    holds only a few inputs' results at a time."""

    def __init__(self, client: Client, names: Sequence[str], settings: Settings) -> None:
        self._client = client
        self._settings = settings
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
            future = self._client.submit(read_input, name, self._settings, pure=False)
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

    def _fill(self) -> None:
        while len(self._pending) < self._ahead:
            name = next(self._unsent, None)
            if name is None:
                return
            future = self._client.submit(read_input, name, self._settings, pure=False)
            self._pending.append((name, future))

    def close(self) -> None:
        """Cancel what no one will take (the run ended early)."""
        for _, future in self._pending:
            future.cancel()
        self._pending.clear()
