"""What plugins contribute (source adapters, processors, writers) and the register keeping them.

Plugins never hand the host a bare list: each `bibnorm_register_*` hook receives a
`register` callable, and the `Registry` behind it records which plugin gave what and
refuses a second adapter or writer of the same name, naming both plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol, runtime_checkable

from bibnorm.demand import FULL, Demand
from bibnorm.errors import DuplicateNameError
from bibnorm.inputs import Source
from bibnorm.model import Deletion, FailedRecord, Record

__all__ = [
    "Demand",
    "JSONItem",
    "Processor",
    "Registered",
    "Registry",
    "Sample",
    "Source",
    "SourceAdapter",
    "WriteOptions",
    "Writer",
    "demand_of",
]

# A JSON value as the writers produce it (the standard library's json types).
JSONItem = dict[str, Any]


@dataclass(frozen=True)
class Sample:
    """The start of an input, which adapters score to claim it."""

    name: str
    text: str


@runtime_checkable
class SourceAdapter(Protocol):
    """Reads one input format.

    `sniff` returns how sure the adapter is (0 to 1) that the sample is its format;
    it must be cheap and never raise. `parse` yields a `Record` or a `FailedRecord` for
    each record of the input, in input order, and a `Deletion` for each notice that
    records were withdrawn; bad input is a `FailedRecord` or a diagnostic, never an
    exception. The core checks each item against the model's types (`bibnorm.boundary`):
    anything else is left out as a `FailedRecord` that names the plugin.

    An adapter may also offer `parse_shard(source, index, count)`: the items at positions
    `index`, `index + count`, ... of what `parse` yields, building only those. The CLI
    then reads a big file in `--jobs` processes at once (see `bibnorm.jobs`).

    Better, it may offer `parse_chunk(source, chunk)` with `boundaries` (a
    `bibnorm.chunks.Boundaries`): the parent cuts the input's bytes into chunks of whole
    records once, and each worker reads only its chunks. `parse_chunk` yields the items
    `parse` yields from the chunk's bytes (`chunk.data`, read after `chunk.head` and
    before `chunk.tail`), with lines counted from `chunk.first_line`; `source` is the
    whole input, for its name. A chunk that does not read alone raises
    `chunks.ChunkUnreadable`, and the input is then read by `parse` from that chunk on.
    """

    name: str
    description: str

    def sniff(self, sample: Sample) -> float: ...

    def parse(self, source: Source) -> Iterator[Record | FailedRecord | Deletion]: ...


@runtime_checkable
class Processor(Protocol):
    """Turns a record into a better one (cleaned, normalised, enriched).

    Processors run in order of `stage` (clean 100, normalise 200, enrich 300,
    dedupe 400), then of `name`. They return a new record, never change the one given;
    a result that is not a `Record` of the model's types fails that record, blamed on
    the processor's plugin (`bibnorm.boundary`).
    """

    name: str
    stage: int

    def process(self, record: Record) -> Record: ...


@dataclass(frozen=True)
class WriteOptions:
    """What the user asked of the output. `with_related` adds the related lists as items."""

    with_related: bool = False


@runtime_checkable
class Writer(Protocol):
    """Writes records in one output format.

    `items` turns one record into the JSON items it becomes (one for bibnorm JSON, one
    per citation for CSL with related items); the core validates each item against the
    schema named by `schema` (`bibnorm-record`, `csl-output`, or None for no schema)
    before any is written. `dump` then writes the valid items to the stream; it gets
    them as an iterable, one record's items at a time, and should write as it goes
    rather than collect them, so output of any size streams.

    A writer may also offer `demand(options) -> Demand`: the parts of a record its items
    read under `options` (see `bibnorm.demand`), so that sources skip the rest. A writer
    without it reads the whole record (`demand_of`).

    And `prerender(item) -> JSONItem`: a valid item with the work `dump` does for it done
    ahead, where it was built (a `--jobs` worker), so that the process that writes only
    writes; `dump` then gets that in its place. The built-in writers encode the item
    there (`serialize.Prerendered`).
    """

    name: str
    suffix: str
    description: str
    schema: str | None

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]: ...

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None: ...


def demand_of(writer: Writer, options: WriteOptions) -> Demand:
    """What `writer` reads of a record under `options`: its own `demand(options)`, or the
    whole record for a writer that does not say."""
    demand = getattr(writer, "demand", None)
    if not callable(demand):
        return FULL
    stated = demand(options)
    return stated if isinstance(stated, Demand) else FULL


_PROTOCOLS: dict[str, type] = {
    "sources": SourceAdapter,
    "processors": Processor,
    "writers": Writer,
}


@dataclass
class Registered:
    """A contribution and the plugin it came from."""

    plugin: str
    value: Any


@dataclass
class Registry:
    """Everything the loaded plugins contributed, by name, each with its plugin's name."""

    sources: dict[str, Registered] = field(default_factory=dict)
    processors: dict[str, Registered] = field(default_factory=dict)
    writers: dict[str, Registered] = field(default_factory=dict)

    def registrar(self, kind: str, plugin: str) -> Callable[[Any], None]:
        """The `register` callable handed to `plugin`'s hook for `kind` (sources ...)."""
        table: dict[str, Registered] = getattr(self, kind)
        expected = _PROTOCOLS[kind]

        def register(value: Any) -> None:
            if not isinstance(value, expected):
                raise TypeError(
                    f"plugin {plugin!r} registered {value!r}, which is not a {expected.__name__}"
                )
            name = str(getattr(value, "name", ""))
            if name in table:
                raise DuplicateNameError(kind.rstrip("s"), name, table[name].plugin, plugin)
            table[name] = Registered(plugin, value)

        return register

    def source(self, name: str) -> SourceAdapter:
        adapter: SourceAdapter = self.sources[name].value
        return adapter

    def writer(self, name: str) -> Writer:
        writer: Writer = self.writers[name].value
        return writer

    def processor_stack(self) -> list[Processor]:
        """The processors in the order they run: by stage, then by name."""
        procs: list[Processor] = [r.value for r in self.processors.values()]
        return sorted(procs, key=lambda p: (p.stage, p.name))
