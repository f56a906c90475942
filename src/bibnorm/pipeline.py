"""The parse pipeline: read -> detect -> parse -> process -> validate -> items. It never prints.

`parse_source` turns one input into a `ParseResult`; `render` turns results into the
items a writer dumps, validating every item of a record against the writer's schema
first: a record whose own item is invalid is reported and left out, while a related
item (`--with-related`) only loses its invalid fields, with a warning, so that a bad
reference never costs the user the article that cites it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bibnorm import boundary, chunks, detect, floods, inputs, schema
from bibnorm.demand import FULL, Demand
from bibnorm.errors import BibnormError, PluginError, UnrecognisedFormatError, UsageError
from bibnorm.manager import PluginHost
from bibnorm.model import Citation, Deletion, Diagnostic, FailedRecord, ParseResult, Record
from bibnorm.registry import JSONItem, Source, SourceAdapter, WriteOptions, Writer


def parse_path(
    path: str | Path, host: PluginHost, *, format: str | None = None, demand: Demand = FULL
) -> ParseResult:
    """Read and parse one file (`-` for standard input); `demand` is what the caller
    reads of each record (whole records by default; see `bibnorm.demand`)."""
    source = inputs.read_source(path)
    source.demand = demand
    return parse_source(source, host, format=format)


def parse_source(source: Source, host: PluginHost, *, format: str | None = None) -> ParseResult:
    """Parse one decoded input with the adapter `format`, or the one detection picks.

    Records are read for `source.demand` (whole records unless the caller asked for less).
    Raises `UsageError` for an unknown `format`, `UnrecognisedFormatError` when no
    adapter claims the input, and `PluginError` when an adapter or processor raises.
    """
    adapter = choose_adapter(source, host, format)
    found = Found()
    found.add_all(iter_parse(source, adapter, host))
    return found.result(source, adapter)


@dataclass
class Found:
    """What an input has given so far, sorted by kind, in input order.

    Kept apart from `parse_source` so that a caller who catches the error that stops
    an input part-way (`bibnorm.parse_many`) still has what was read before it.
    """

    records: list[Record] = field(default_factory=list)
    failed: list[FailedRecord] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)

    def add_all(self, items: Iterable[Record | FailedRecord | Deletion]) -> None:
        for item in items:
            if isinstance(item, FailedRecord):
                self.failed.append(item)
            elif isinstance(item, Deletion):
                self.deletions.append(item)
            else:
                self.records.append(item)

    def is_empty(self) -> bool:
        return not self.records and not self.failed and not self.deletions

    def result(self, source: Source, adapter: SourceAdapter) -> ParseResult:
        """The whole input's result, once its adapter has read it to its end."""
        # What decoding found in the input (control characters removed, say) comes first.
        diagnostics = tuple(source.diagnostics)
        if self.is_empty():
            diagnostics += (no_records(adapter),)
        return ParseResult(
            file=source.name,
            format=adapter.name,
            records=tuple(self.records),
            failed=tuple(self.failed),
            deletions=tuple(self.deletions),
            diagnostics=diagnostics,
        )


def iter_parse(
    source: Source,
    adapter: SourceAdapter,
    host: PluginHost,
    shard: tuple[int, int] | None = None,
) -> Iterator[Record | FailedRecord | Deletion]:
    """What `adapter` reads from `source`, records processed, one at a time as read.

    This is the streaming form of `parse_source`: nothing is kept, so a file of any
    size passes in flat memory. The adapter reads records for `source.demand`, and may
    skip what the output does not read. With `shard=(index, count)` only the items at
    positions `index`, `index + count`, ... (for an adapter that has `parse_shard`).
    Raises `PluginError` when the adapter or a processor raises, after the items already
    yielded.
    """
    items = adapter.parse(source) if shard is None else _shard_of(adapter, source, shard)
    yield from _checked(items, source, adapter, host)


def iter_chunk(
    source: Source, adapter: SourceAdapter, host: PluginHost, chunk: chunks.Chunk
) -> Iterator[Record | FailedRecord | Deletion]:
    """What `adapter` reads from one `chunk` of `source`, as `iter_parse` gives it (for an
    adapter that has `parse_chunk`). Raises `chunks.ChunkUnreadable` when the chunk does
    not read alone, and what `iter_parse` raises."""
    parse_chunk: Callable[[Source, chunks.Chunk], Iterator[Record | FailedRecord | Deletion]]
    parse_chunk = getattr(adapter, "parse_chunk")  # noqa: B009 - an optional method
    yield from _checked(parse_chunk(source, chunk), source, adapter, host)


def _checked(
    items: Iterator[Record | FailedRecord | Deletion],
    source: Source,
    adapter: SourceAdapter,
    host: PluginHost,
) -> Iterator[Record | FailedRecord | Deletion]:
    """`items` checked at the boundary (`bibnorm.boundary`), records processed."""
    owner = host.registry.sources[adapter.name].plugin
    try:
        for item in items:
            problem = boundary.problem_with(item)
            if problem is not None:
                role = f"adapter {adapter.name!r} yielded"
                yield boundary.failed_item(
                    item, problem, plugin=owner, role=role, adapter=adapter.name, file=source.name
                )
            elif isinstance(item, Record):
                yield floods.cap_record(_process(item, host, adapter.name, source.name))
            else:
                yield floods.cap_record(item)
    except (BibnormError, chunks.ChunkUnreadable):
        # An InputError met while the adapter read the input (broken gzip, say) is the
        # user's to fix, not a bug of the adapter; a chunk that does not read alone is
        # read again whole.
        raise
    except Exception as exc:
        raise PluginError(
            owner, f"adapter {adapter.name!r} raised {type(exc).__name__}: {exc}", file=source.name
        ) from exc


def can_shard(adapter: SourceAdapter) -> bool:
    """Whether the adapter can build a shard of its input (`parse_shard`)."""
    return callable(getattr(adapter, "parse_shard", None))


def chunk_boundaries(adapter: SourceAdapter) -> chunks.Boundaries | None:
    """Where the adapter's inputs may be cut, when it can read a chunk (`parse_chunk`)."""
    if not callable(getattr(adapter, "parse_chunk", None)):
        return None
    boundaries: chunks.Boundaries | None = getattr(adapter, "boundaries", None)
    return boundaries if callable(getattr(boundaries, "document", None)) else None


def _shard_of(
    adapter: SourceAdapter, source: Source, shard: tuple[int, int]
) -> Iterator[Record | FailedRecord | Deletion]:
    parse_shard: Callable[[Source, int, int], Iterator[Record | FailedRecord | Deletion]]
    parse_shard = getattr(adapter, "parse_shard")  # noqa: B009 - an optional method
    return parse_shard(source, *shard)


def no_records(adapter: SourceAdapter) -> Diagnostic:
    """The error an input gets when its adapter found nothing in it at all."""
    return Diagnostic(
        code="pipeline.no-records",
        message=f"the {adapter.name} adapter found no records",
        severity="error",
    )


def choose_adapter(source: Source, host: PluginHost, format: str | None) -> SourceAdapter:
    """The adapter named by `format`, or the best-scoring one that claims the input."""
    if format is not None:
        return adapter_named(format, host)
    sample = detect.sample_of(source)
    ranked = host.rank(sample)
    chosen = host.resolve_format(sample, ranked)
    if chosen is None:
        raise UnrecognisedFormatError(source.name, ranked)
    return host.registry.source(chosen)


def writer_named(to: str, host: PluginHost) -> Writer:
    """The writer called `to`; `UsageError` listing the known ones if there is none."""
    if to not in host.registry.writers:
        known = ", ".join(sorted(host.registry.writers))
        raise UsageError(f"unknown output format {to!r} (known: {known})")
    return host.registry.writer(to)


def adapter_named(format: str, host: PluginHost) -> SourceAdapter:
    """The adapter called `format`; `UsageError` listing the known ones if there is none."""
    if format not in host.registry.sources:
        known = ", ".join(sorted(host.registry.sources)) or "none"
        message = f"unknown input format {format!r} (known: {known})"
        for problem in host.problems:
            if problem.plugin == format:
                message += f"; {problem}"
        raise UsageError(message)
    return host.registry.source(format)


def _process(record: Record, host: PluginHost, adapter: str, file: str) -> Record | FailedRecord:
    """`record` through the processor stack; a `FailedRecord` blamed on the processor's
    plugin when one returns anything but a right `Record` (see `bibnorm.boundary`)."""
    for processor in host.registry.processor_stack():
        try:
            result = processor.process(record)
        except Exception as exc:
            owner = host.registry.processors[processor.name].plugin
            raise PluginError(
                owner, f"processor {processor.name!r} raised {type(exc).__name__}: {exc}"
            ) from exc
        problem = boundary.record_problem(result) if result is not record else None
        if problem is not None:
            owner = host.registry.processors[processor.name].plugin
            role = f"processor {processor.name!r} returned"
            return boundary.failed_item(
                record, problem, plugin=owner, role=role, adapter=adapter, file=file
            )
        record = result
    return record


@dataclass
class Rejection:
    """A record that was not written because an item failed its schema."""

    file: str
    record: str
    diagnostics: list[Diagnostic]


@dataclass
class Rendered:
    """The items to write, the records left out with the reason, and the warnings about
    related items written without their invalid fields (or left out)."""

    items: list[JSONItem] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)


def render(
    results: Iterable[ParseResult], writer: Writer, options: WriteOptions, owner: str = ""
) -> Rendered:
    """Every record's items, validated; a record whose main item is invalid is left out
    whole (see `render_record`).

    `owner` names the writer's plugin in the `PluginError` raised if the writer fails.
    """
    rendered = Rendered()
    for result in results:
        for record in result.records:
            items, rejection, warnings = render_record(record, result.file, writer, options, owner)
            rendered.items.extend(items)
            if rejection is not None:
                rendered.rejected.append(rejection)
            if warnings:
                rendered.warnings.append(Rejection(result.file, describe(record), warnings))
    return rendered


def prerender(
    items: list[JSONItem], writer: Writer, owner: str = "", file: str = ""
) -> list[JSONItem]:
    """`items` with the work `writer.dump` does for them done ahead (`Writer.prerender`),
    or as they are for a writer without it. A writer that raises is a `PluginError`
    naming it, as in `render_record`."""
    ahead = getattr(writer, "prerender", None)
    if not items or not callable(ahead):
        return items
    try:
        return [ahead(item) for item in items]
    except Exception as exc:
        raise _writer_failed(writer, owner, file, exc) from exc


def _writer_failed(writer: Writer, owner: str, file: str, exc: Exception) -> PluginError:
    """A writer's bug, as the error that names its plugin."""
    message = f"writer {writer.name!r} raised {type(exc).__name__}: {exc}"
    return PluginError(owner or writer.name, message, file=file)


def render_record(
    record: Record, file: str, writer: Writer, options: WriteOptions, owner: str = ""
) -> tuple[list[JSONItem], Rejection | None, list[Diagnostic]]:
    """One record's items, validated, and warnings about what was left out of them.

    The first item is the record itself: when it is invalid, no item is written and the
    rejection says why. The items after it are related items (`--with-related`): a
    related item is only ever trimmed, never the reason a record is lost. A field of
    one that fails the schema is left out of it (a warning says which and why), and a
    related item still invalid without its bad fields is left out whole.
    """
    try:
        items = writer.items(record, options)
    except Exception as exc:
        raise _writer_failed(writer, owner, file, exc) from exc
    if not items:
        return [], None, []
    problems = _validate(items[0], writer.schema)
    if problems:
        return [], Rejection(file, describe(record), problems), []
    if len(items) == 1:
        return items, None, []
    kept = [items[0]]
    warnings: list[Diagnostic] = []
    related = record.related()
    for position, item in enumerate(items[1:]):
        # Writers list related items in `record.related()` order (CSL does); the line
        # of the one an item came from tells the user where to look.
        source = related[position][1] if len(items) == len(related) + 1 else record
        trimmed = _trimmed(item, writer.schema, _line_of(source) or _line_of(record), warnings)
        if trimmed is not None:
            kept.append(trimmed)
    return kept, None, warnings


def _trimmed(
    item: JSONItem, schema_name: str | None, line: int | None, warnings: list[Diagnostic]
) -> JSONItem | None:
    """A related `item` without its invalid top-level fields, or None when even that is
    invalid; `warnings` gets a diagnostic for each field (or item) left out."""
    problems = _validate(item, schema_name)
    if not problems:
        return item
    name = str(item.get("id", "?"))
    bad: dict[str, Diagnostic] = {}
    for problem in problems:
        key = _top_key(problem.path)
        if key is not None and key in item and key not in _REQUIRED_KEYS:
            bad.setdefault(key, problem)
    trimmed = {key: value for key, value in item.items() if key not in bad}
    if bad and not _validate(trimmed, schema_name):
        for key, problem in bad.items():
            warnings.append(
                Diagnostic(
                    code="pipeline.related-field-left-out",
                    message=f"related item {name}: {key} left out: {problem.message}",
                    severity="warning",
                    line=line,
                    text=str(item[key]),
                    path=problem.path,
                )
            )
        return trimmed
    first = problems[0]
    warnings.append(
        Diagnostic(
            code="pipeline.related-item-left-out",
            message=f"related item {name} left out: {first.path}: {first.message}",
            severity="warning",
            line=line,
            path=first.path,
        )
    )
    return None


# Fields that make an item what it is: an item without them is left out, not trimmed.
_REQUIRED_KEYS = frozenset({"id", "type", "custom"})
_TOP_KEY = re.compile(
    r"^\$(?:\.(?P<plain>[A-Za-z_][A-Za-z0-9_]*)|\['(?P<quoted>(?:[^'\\]|\\.)*)'\])"
)


def _top_key(path: str | None) -> str | None:
    """The item's own key that a JSON path (`$.URL`, `$['container-title'][0]`) starts at."""
    match = _TOP_KEY.match(path or "")
    if match is None:
        return None
    if match["plain"] is not None:
        return match["plain"]
    return re.sub(r"\\(.)", r"\1", match["quoted"])


def _line_of(citation: Citation) -> int | None:
    provenance = citation.provenance
    return provenance.span.start if provenance and provenance.span else None


def _validate(item: JSONItem, schema_name: str | None) -> list[Diagnostic]:
    return [] if schema_name is None else schema.validate(item, schema_name)


def describe(record: Record) -> str:
    """A short name for a record in messages: its first identifier, else its title."""
    for ident in record.identifiers:
        return f"{ident.scheme}:{ident.value}"
    if record.title:
        return repr(record.title[:60])
    if record.provenance and record.provenance.span:
        return f"record at line {record.provenance.span.start}"
    return "record"
