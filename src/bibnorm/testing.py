"""Contract checks for source adapters, writers and processors, for bibnorm's own tests
and plugin authors'.

Call them from a test with your adapter and a few sample texts of its format::

    from bibnorm.testing import check_source_adapter
    def test_contract():
        check_source_adapter(MyAdapter(), ["TY  - JOUR\\nER  - \\n"])

A broken rule raises `ContractViolation` (an `AssertionError`, so pytest shows it as a
failed assertion) whose message names the plugin, the rule and what the contract asks. An
exception the plugin itself raises is never let out bare: it becomes the violation of the
rule it broke ("sniff must never raise ..."), chained to the original for its traceback.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from bibnorm import boundary, chunks, detect, inputs, pipeline, schema
from bibnorm.model import Deletion, FailedRecord, Record
from bibnorm.registry import JSONItem, Processor, Sample, SourceAdapter, WriteOptions, Writer

# Texts every adapter must survive without raising (but need not claim).
HOSTILE_TEXTS = (
    "",
    "\n\n\n",
    "x",
    "\x00\x01\x02",
    "PMID: \n- \n-",
    "<?xml version='1.0'?><a><b>",
    "TY  - \nER  - ",
    "PMID- \nTI  - ",
    "é" * 1000,
    "line\n" * 2000,
    '{"a": [1, 2',
)

# The rules, each as the contract states it; messages start with one of them.
NAME_RULE = "the name must be a non-empty lower-case token without spaces"
DESCRIPTION_RULE = "the description must be a non-empty line"
SNIFF_RAISES_RULE = "sniff must never raise: it scores any text, however broken, from 0 to 1"
SNIFF_RANGE_RULE = "sniff must return a number from 0 to 1"
CLAIM_RULE = f"sniff must claim a sample of its own format (score >= {detect.CLAIM_THRESHOLD})"
PARSE_RAISES_RULE = (
    "parse must never raise for bad input: an unreadable part becomes a FailedRecord, "
    "a problem a Diagnostic, and parsing goes on"
)
PARSE_YIELDS_RULE = "parse must yield at least one Record or FailedRecord for a sample"
ITEM_TYPES_RULE = (
    "parse must yield only Record, FailedRecord and Deletion objects whose fields have "
    "the model's types"
)
PROVENANCE_RULE = "every record must have a provenance naming the adapter and the input"
RECORD_SCHEMA_RULE = "every record's bibnorm JSON must validate against the record schema"
CHUNK_RULE = "parse_chunk, over the chunks of an input in turn, must give what parse gives"
SHARD_RULE = (
    "parse_shard(source, index, count) must give the items at positions index, "
    "index + count, ... of what parse gives"
)
WRITER_SUFFIX_RULE = "the writer's suffix must start with '.'"
WRITER_ITEMS_RULE = "items(record, options) must return a list of JSON-serialisable dicts"
WRITER_SCHEMA_RULE = "every item must validate against the schema the writer names"
WRITER_DUMP_RULE = "dump(items, stream) must write the items, ending with a newline"
PROCESSOR_STAGE_RULE = "the processor's stage must be a whole number (100, 200, 300 or 400)"
PROCESSOR_RESULT_RULE = (
    "process(record) must return a Record whose fields have the model's types, "
    "and never raise for a record"
)
PROCESSOR_UNCHANGED_RULE = "process(record) must leave the record it is given unchanged"


class ContractViolation(AssertionError):
    """A plugin broke a rule of bibnorm's plugin contract; `rule` is the rule's text."""

    def __init__(self, plugin: str, rule: str, detail: str) -> None:
        super().__init__(f"{plugin}: {rule}; {detail}")
        self.rule = rule


def _require(condition: bool, plugin: str, rule: str, detail: str) -> None:
    if not condition:
        raise ContractViolation(plugin, rule, detail)


@contextmanager
def _rule(plugin: str, rule: str, doing: str) -> Iterator[None]:
    """Run the plugin's own code; an exception it raises fails `rule`, naming it."""
    try:
        yield
    except ContractViolation:
        raise
    except Exception as exc:  # any exception of the plugin's own breaks the rule
        detail = f"{doing} raised {type(exc).__name__}: {exc}"
        raise ContractViolation(plugin, rule, detail) from exc


def _check_name(kind: str, name: object, description: object | None) -> str:
    label = f"{kind} {name!r}"
    _require(
        isinstance(name, str) and bool(name) and name == name.lower() and " " not in name,
        label,
        NAME_RULE,
        f"got {name!r}",
    )
    if description is not None or kind != "processor":
        _require(
            isinstance(description, str) and bool(description.strip()),
            label,
            DESCRIPTION_RULE,
            f"got {description!r}",
        )
    return label


def check_source_adapter(adapter: SourceAdapter, samples: Iterable[str]) -> None:
    """Check the adapter contract on `samples` (texts of its own format) and hostile text.

    - `name` is a lower-case token and `description` a non-empty line;
    - `sniff` returns a number from 0 to 1 for any text, claims each sample (0.5 or
      more) and never raises;
    - `parse` never raises, for hostile text either, and yields only `Record`s,
      `FailedRecord`s and `Deletion`s whose fields have the model's types
      (`bibnorm.boundary`), at least one per sample;
    - each record's provenance names the adapter and the input, and its bibnorm JSON
      validates against the record schema;
    - if the adapter has `parse_chunk`, its chunks, read in turn, give what `parse` gives;
    - if the adapter has `parse_shard`, its shards, taken in turn, give what `parse` gives.
    """
    label = _check_name("adapter", adapter.name, adapter.description)
    for text in HOSTILE_TEXTS:
        shown = repr(text[:20])
        _check_sniff(adapter, label, Sample(name="hostile", text=text), f"hostile text {shown}")
        if text.strip():
            source = inputs.from_text(text, name="hostile")
            _parse_all(adapter, label, source, f"hostile text {shown}")
    for i, text in enumerate(samples):
        _check_sample(adapter, label, inputs.from_text(text, name=f"sample-{i}"), f"sample {i}")


def _check_sniff(adapter: SourceAdapter, label: str, sample: Sample, what: str) -> float:
    with _rule(label, SNIFF_RAISES_RULE, f"sniff of {what}"):
        score = adapter.sniff(sample)
    _require(
        isinstance(score, int | float) and 0.0 <= score <= 1.0,
        label,
        SNIFF_RANGE_RULE,
        f"sniff of {what} returned {score!r}",
    )
    return float(score)


def _parse_all(
    adapter: SourceAdapter, label: str, source: inputs.Source, what: str
) -> list[Record | FailedRecord | Deletion]:
    with _rule(label, PARSE_RAISES_RULE, f"parse of {what}"):
        return list(adapter.parse(source))


def _check_sample(adapter: SourceAdapter, label: str, source: inputs.Source, what: str) -> None:
    score = _check_sniff(adapter, label, detect.sample_of(source), what)
    _require(score >= detect.CLAIM_THRESHOLD, label, CLAIM_RULE, f"{what} scored {score}")
    items = _parse_all(adapter, label, source, what)
    _require(bool(items), label, PARSE_YIELDS_RULE, f"{what} gave nothing")
    for item in items:
        # The check the core makes of every item (a wrong one is left out, exit 4).
        problem = boundary.problem_with(item)
        _require(problem is None, label, ITEM_TYPES_RULE, f"{what} gave {problem}")
        if isinstance(item, Record):
            _check_record(adapter.name, label, source.name, item)
    if pipeline.chunk_boundaries(adapter) is not None:
        for size in (1, 1000):
            with _rule(label, CHUNK_RULE, f"parse_chunk of {what}"):
                chunked = read_in_chunks(adapter, source, size)
            _require(chunked == items, label, CHUNK_RULE, f"{size}-byte chunks of {what} differ")
    if callable(getattr(adapter, "parse_shard", None)):
        for count in (2, 3):
            with _rule(label, SHARD_RULE, f"parse_shard of {what}"):
                sharded = interleave_shards(adapter, source, count)
            _require(sharded == items, label, SHARD_RULE, f"{count} shards of {what} differ")


def read_in_chunks(
    adapter: SourceAdapter, source: inputs.Source, size: int
) -> list[Record | FailedRecord | Deletion]:
    """The items of `source` read in chunks of about `size` bytes (`bibnorm.chunks`), one
    after another, as `--jobs` workers read them; what `parse` gives where the input does
    not split or a chunk does not read alone, as the CLI does then."""
    boundaries = pipeline.chunk_boundaries(adapter)
    assert boundaries is not None, f"adapter {adapter.name!r} cannot read chunks"
    parse_chunk = getattr(adapter, "parse_chunk")  # noqa: B009 - an optional method
    items: list[Record | FailedRecord | Deletion] = []
    try:
        with source.open_binary() as stream:
            for chunk in chunks.split(stream, boundaries, size):
                items.extend(list(parse_chunk(source, chunk)))
    except chunks.ChunkUnreadable:
        return list(adapter.parse(source))
    return items or list(adapter.parse(source))


def interleave_shards(
    adapter: SourceAdapter, source: inputs.Source, count: int
) -> list[Record | FailedRecord | Deletion]:
    """The items of `count` shards of `source`, taken in turn as the CLI takes them."""
    parse_shard = getattr(adapter, "parse_shard")  # noqa: B009 - an optional method
    shards = [list(parse_shard(source, index, count)) for index in range(count)]
    merged: list[Record | FailedRecord | Deletion] = []
    for position in range(sum(len(shard) for shard in shards)):
        merged.append(shards[position % count][position // count])
    return merged


def _check_record(adapter: str, label: str, file: str, record: Record) -> None:
    prov = record.provenance
    _require(prov is not None, label, PROVENANCE_RULE, "a record has no provenance")
    assert prov is not None  # for the type checker: `_require` stopped otherwise
    _require(prov.adapter == adapter, label, PROVENANCE_RULE, f"provenance names {prov.adapter!r}")
    _require(prov.file == file, label, PROVENANCE_RULE, f"provenance names file {prov.file!r}")
    _require_valid_record(label, RECORD_SCHEMA_RULE, record)


def _require_valid_record(label: str, rule: str, record: Record) -> None:
    from bibnorm.serialize import record_to_json

    problems = schema.validate(record_to_json(record), "bibnorm-record")
    _require(not problems, label, rule, f"record invalid: {problems[0] if problems else ''}")


def check_writer(writer: Writer, records: Iterable[Record]) -> None:
    """Check the writer contract on `records`, with and without related items.

    - `name` is a lower-case token, `description` a non-empty line, `suffix` starts
      with a dot;
    - `items` returns JSON-serialisable dicts, each valid against `schema` if it names one;
    - `dump` writes them and ends its output with a newline; neither raises.
    """
    label = _check_name("writer", writer.name, writer.description)
    suffix = writer.suffix
    _require(suffix.startswith("."), label, WRITER_SUFFIX_RULE, f"got {suffix!r}")
    records = list(records)
    for with_related in (False, True):
        options = WriteOptions(with_related=with_related)
        items = [item for record in records for item in _items_of(writer, label, record, options)]
        out = io.StringIO()
        with _rule(label, WRITER_DUMP_RULE, "dump"):
            writer.dump(items, out)
        output = out.getvalue()
        _require(output.endswith("\n"), label, WRITER_DUMP_RULE, f"output ends {output[-20:]!r}")


def _items_of(writer: Writer, label: str, record: Record, options: WriteOptions) -> list[JSONItem]:
    doing = f"items(record, {options})"
    with _rule(label, WRITER_ITEMS_RULE, doing):
        items = writer.items(record, options)
    _require(isinstance(items, list), label, WRITER_ITEMS_RULE, f"{doing} gave {items!r}")
    for item in items:
        _require(isinstance(item, dict), label, WRITER_ITEMS_RULE, f"{doing} gave {item!r}")
        with _rule(label, WRITER_ITEMS_RULE, "json.dumps of an item"):
            json.dumps(item)
        if writer.schema is not None:
            problems = schema.validate(item, writer.schema)
            detail = f"an item is invalid: {problems[0] if problems else ''}"
            _require(not problems, label, WRITER_SCHEMA_RULE, detail)
    return list(items)


def check_processor(processor: Processor, records: Iterable[Record]) -> None:
    """Check the processor contract on `records`.

    - `name` is a lower-case token and `stage` a whole number;
    - `process` never raises, returns a `Record` of the model's types whose bibnorm JSON
      validates, and leaves the record it was given unchanged.
    """
    label = _check_name("processor", processor.name, getattr(processor, "description", None))
    stage = processor.stage
    _require(
        isinstance(stage, int) and not isinstance(stage, bool),
        label,
        PROCESSOR_STAGE_RULE,
        f"got {stage!r}",
    )
    for record in records:
        before = repr(record)
        doing = f"process of record {record.title!r}"
        with _rule(label, PROCESSOR_RESULT_RULE, doing):
            result = processor.process(record)
        problem = boundary.record_problem(result)
        _require(problem is None, label, PROCESSOR_RESULT_RULE, f"{doing} gave {problem}")
        _require_valid_record(label, PROCESSOR_RESULT_RULE, result)
        _require(repr(record) == before, label, PROCESSOR_UNCHANGED_RULE, f"{doing} changed it")
