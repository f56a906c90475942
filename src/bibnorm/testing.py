"""Contract checks for source adapters and writers, for bibnorm's own tests and plugin authors'.

Call them from a test with your adapter and a few sample texts::

    from bibnorm.testing import check_source_adapter
    def test_contract():
        check_source_adapter(MyAdapter(), ["TY  - JOUR\\nER  - \\n"])

Each check raises `AssertionError` with a message naming the adapter and the broken rule.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

from bibnorm import boundary, chunks, detect, inputs, pipeline, schema
from bibnorm.model import Deletion, FailedRecord, Record
from bibnorm.registry import Sample, SourceAdapter, WriteOptions, Writer

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
)


def check_source_adapter(adapter: SourceAdapter, samples: Iterable[str]) -> None:
    """Check the adapter contract on `samples` (texts of its own format) and hostile text.

    - `name` is a lower-case token and `description` a non-empty line;
    - `sniff` returns a number in 0..1 for any text, claims each sample (>= 0.5), never raises;
    - `parse` yields only `Record`s, `FailedRecord`s and `Deletion`s whose fields have
      the model's types (`bibnorm.boundary`), at least one per sample, and
      records whose provenance names the adapter and the input;
    - every record's bibnorm JSON validates against the record schema;
    - if the adapter has `parse_chunk`, its chunks, read in turn, give what `parse` gives;
    - if the adapter has `parse_shard`, its shards, taken in turn, give what `parse` gives.
    """
    name = adapter.name
    assert name and name == name.lower() and " " not in name, f"bad adapter name {name!r}"
    assert adapter.description.strip(), f"adapter {name!r} has no description"
    for text in HOSTILE_TEXTS:
        score = adapter.sniff(Sample(name="hostile", text=text))
        assert 0.0 <= score <= 1.0, f"adapter {name!r} scored {score!r} outside 0..1"
        if text.strip():
            list(adapter.parse(inputs.from_text(text, name="hostile")))
    for i, text in enumerate(samples):
        source = inputs.from_text(text, name=f"sample-{i}")
        score = adapter.sniff(detect.sample_of(source))
        assert score >= detect.CLAIM_THRESHOLD, f"adapter {name!r} does not claim sample {i}"
        items = list(adapter.parse(source))
        assert items, f"adapter {name!r} yielded nothing for sample {i}"
        for item in items:
            # The check the core makes of every item (a wrong one is left out, exit 4).
            problem = boundary.problem_with(item)
            assert problem is None, f"adapter {name!r} yielded {problem}"
            if isinstance(item, Record):
                _check_record(name, source.name, item)
        if pipeline.chunk_boundaries(adapter) is not None:
            for size in (1, 1000):
                assert read_in_chunks(adapter, source, size) == items, (
                    f"adapter {name!r}: chunks of {size} bytes of sample {i} differ from parse"
                )
        if callable(getattr(adapter, "parse_shard", None)):
            for count in (2, 3):
                assert interleave_shards(adapter, source, count) == items, (
                    f"adapter {name!r}: {count} shards of sample {i} differ from parse"
                )


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


def _check_record(adapter: str, file: str, record: Record) -> None:
    prov = record.provenance
    assert prov is not None, f"adapter {adapter!r} gave a record without provenance"
    assert prov.adapter == adapter, f"provenance names {prov.adapter!r}, not {adapter!r}"
    assert prov.file == file, f"provenance names file {prov.file!r}, not {file!r}"
    from bibnorm.serialize import record_to_json

    problems = schema.validate(record_to_json(record), "bibnorm-record")
    assert not problems, f"adapter {adapter!r} gave an invalid record: {problems[0]}"


def check_writer(writer: Writer, records: Iterable[Record]) -> None:
    """Check the writer contract: sane name and suffix, schema-valid items, JSON-safe dump."""
    name = writer.name
    assert name and name == name.lower() and " " not in name, f"bad writer name {name!r}"
    assert writer.suffix.startswith("."), f"writer {name!r} suffix should start with '.'"
    assert writer.description.strip(), f"writer {name!r} has no description"
    for with_related in (False, True):
        items = [
            item
            for record in records
            for item in writer.items(record, WriteOptions(with_related=with_related))
        ]
        for item in items:
            json.dumps(item)
            if writer.schema is not None:
                problems = schema.validate(item, writer.schema)
                assert not problems, f"writer {name!r} made an invalid item: {problems[0]}"
        out = io.StringIO()
        writer.dump(items, out)
        assert out.getvalue().endswith("\n"), f"writer {name!r} output should end with a newline"
