"""`bibnorm.testing` fails a broken plugin with the rule it broke, never with the
plugin's own exception let out bare."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import IO

import pytest

from bibnorm.model import Diagnostic, FailedRecord, LineSpan, Provenance, Record
from bibnorm.registry import JSONItem, Sample, Source, WriteOptions
from bibnorm.testing import (
    CLAIM_RULE,
    PARSE_RAISES_RULE,
    PARSE_YIELDS_RULE,
    PROCESSOR_RESULT_RULE,
    PROCESSOR_STAGE_RULE,
    PROVENANCE_RULE,
    SHARD_RULE,
    SNIFF_RAISES_RULE,
    SNIFF_RANGE_RULE,
    WRITER_DUMP_RULE,
    WRITER_ITEMS_RULE,
    ContractViolation,
    check_processor,
    check_source_adapter,
    check_writer,
)

SAMPLE = "REF one\nREF two\n"


class LineAdapter:
    """A right adapter: one record per `REF` line; other lines fail alone."""

    name = "ref-lines"
    description = "one reference a line"

    def sniff(self, sample: Sample) -> float:
        return 0.9 if sample.text.startswith("REF ") else 0.0

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        for number, line in enumerate(source.lines(), start=1):
            span = LineSpan(start=number, end=number)
            if line.startswith("REF "):
                prov = Provenance(adapter=self.name, file=source.name, span=span)
                yield Record(title=line[4:], provenance=prov)
            elif line.strip():
                problem = Diagnostic(code="ref-lines.bad", message="no REF", line=number)
                yield FailedRecord(
                    adapter=self.name, file=source.name, span=span, raw=line, diagnostics=(problem,)
                )

    def parse_shard(self, source: Source, index: int, count: int) -> Iterator[Record]:
        for position, item in enumerate(self.parse(source)):
            if position % count == index and isinstance(item, Record):
                yield item


class SniffDivides(LineAdapter):
    def sniff(self, sample: Sample) -> float:
        return 1 / len(sample.text)


class SniffTooSure(LineAdapter):
    def sniff(self, sample: Sample) -> float:
        return 2.0


class ClaimsNothing(LineAdapter):
    def sniff(self, sample: Sample) -> float:
        return 0.2


class ParseRaisesOnHostileText(LineAdapter):
    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        if not source.text.startswith("REF"):
            raise KeyError("tag")
        yield from super().parse(source)


class YieldsNothing(LineAdapter):
    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        return iter(())


class NamesAnotherAdapter(LineAdapter):
    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        for item in super().parse(source):
            if isinstance(item, Record) and item.provenance is not None:
                yield replace(item, provenance=replace(item.provenance, adapter="other"))


class ShardsLoseRecords(LineAdapter):
    def parse_shard(self, source: Source, index: int, count: int) -> Iterator[Record]:
        return iter(())


class ShardRaises(LineAdapter):
    def parse_shard(self, source: Source, index: int, count: int) -> Iterator[Record]:
        raise IndexError("shard")


def test_a_right_adapter_passes() -> None:
    check_source_adapter(LineAdapter(), [SAMPLE])


def test_the_plugins_own_exception_is_kept_as_the_cause() -> None:
    with pytest.raises(ContractViolation) as caught:
        check_source_adapter(SniffDivides(), [SAMPLE])
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    # It is an AssertionError, so pytest reports a failed check, not an error.
    assert isinstance(caught.value, AssertionError)


def test_a_bad_name_fails_with_what_a_name_must_be() -> None:
    adapter = LineAdapter()
    adapter.name = "Ref Lines"
    with pytest.raises(ContractViolation, match="name must be a non-empty lower-case token"):
        check_source_adapter(adapter, [SAMPLE])


class TitleWriter:
    name = "titles"
    suffix = ".txt"
    description = "one title a line"
    schema: str | None = None

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        return [{"title": record.title}]

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        for item in items:
            stream.write(f"{item['title']}\n")


class WriterItemsRaise(TitleWriter):
    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        raise AttributeError("no abstract")


class WriterItemsNotJson(TitleWriter):
    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        return [{"title": {1, 2}}]


class WriterNoNewline(TitleWriter):
    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        stream.write(", ".join(str(item["title"]) for item in items))


RECORDS = [Record(title="One"), Record(title="Two")]


def test_a_right_writer_passes() -> None:
    check_writer(TitleWriter(), RECORDS)
    out = io.StringIO()
    TitleWriter().dump([{"title": "One"}], out)
    assert out.getvalue() == "One\n"


class Upper:
    name = "upper"
    stage = 200

    def process(self, record: Record) -> Record:
        return replace(record, title=(record.title or "").upper())


class ProcessRaises(Upper):
    def process(self, record: Record) -> Record:
        raise ValueError("no title")


class ProcessReturnsText(Upper):
    def process(self, record: Record) -> Record:
        return record.title  # type: ignore[return-value]


class StageAsText(Upper):
    stage = "normalise"  # type: ignore[assignment]


def test_a_right_processor_passes() -> None:
    check_processor(Upper(), RECORDS)


# Each broken plugin, the check that runs it and what its failure must say.
BROKEN = [
    (SniffDivides(), SNIFF_RAISES_RULE, "raised ZeroDivisionError: division by zero"),
    (SniffTooSure(), SNIFF_RANGE_RULE, "returned 2.0"),
    (ClaimsNothing(), CLAIM_RULE, "sample 0 scored 0.2"),
    (ParseRaisesOnHostileText(), PARSE_RAISES_RULE, "raised KeyError: 'tag'"),
    (YieldsNothing(), PARSE_YIELDS_RULE, "sample 0 gave nothing"),
    (NamesAnotherAdapter(), PROVENANCE_RULE, "provenance names 'other'"),
    (ShardsLoseRecords(), SHARD_RULE, "2 shards of sample 0 differ"),
    (ShardRaises(), SHARD_RULE, "raised IndexError: shard"),
    (WriterItemsRaise(), WRITER_ITEMS_RULE, "raised AttributeError: no abstract"),
    (WriterItemsNotJson(), WRITER_ITEMS_RULE, "raised TypeError"),
    (WriterNoNewline(), WRITER_DUMP_RULE, "output ends 'One, Two'"),
    (ProcessRaises(), PROCESSOR_RESULT_RULE, "raised ValueError: no title"),
    (ProcessReturnsText(), PROCESSOR_RESULT_RULE, "gave a str, not a Record"),
    (StageAsText(), PROCESSOR_STAGE_RULE, "got 'normalise'"),
]


def run_check(plugin: object) -> None:
    """Run the check for `plugin`'s kind on inputs of its kind."""
    if isinstance(plugin, LineAdapter):
        check_source_adapter(plugin, [SAMPLE])
    elif isinstance(plugin, TitleWriter):
        check_writer(plugin, RECORDS)
    else:
        assert isinstance(plugin, Upper)
        check_processor(plugin, RECORDS)


@pytest.mark.parametrize(
    ("plugin", "rule", "happened"), BROKEN, ids=[type(case[0]).__name__ for case in BROKEN]
)
def test_a_broken_plugin_fails_naming_the_rule(plugin: object, rule: str, happened: str) -> None:
    labels = {LineAdapter: "adapter 'ref-lines'", TitleWriter: "writer 'titles'"}
    label = next((text for cls, text in labels.items() if isinstance(plugin, cls)), "")
    label = label or "processor 'upper'"
    with pytest.raises(ContractViolation) as caught:
        run_check(plugin)
    assert str(caught.value).startswith(f"{label}: {rule}; ")
    assert happened in str(caught.value)
    assert caught.value.rule == rule
