"""The library API: parse text or files, get CSL items, write validated output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import bibnorm
from bibnorm.model import DateParts, Identifier, Record

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "samples/pubmed-text/35743275.txt"


def test_parse_text_and_bytes_agree(host: bibnorm.PluginHost) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    from_text = bibnorm.parse(text, host=host, name="page")
    from_bytes = bibnorm.parse(text.replace("\n", "\r\n").encode("utf-16"), host=host, name="page")
    assert from_text.format == "pubmed-text"
    assert from_text.records == from_bytes.records
    assert from_text.records[0].provenance is not None
    assert from_text.records[0].provenance.file == "page"


def test_iter_records_over_many_files(host: bibnorm.PluginHost) -> None:
    records = list(bibnorm.iter_records([SAMPLE, SAMPLE], host=host))
    assert [r.identifier("pmid") for r in records] == ["35743275", "35743275"]


def test_parse_errors_are_exceptions_with_the_file(host: bibnorm.PluginHost) -> None:
    with pytest.raises(bibnorm.UnrecognisedFormatError) as info:
        bibnorm.parse("just some words\n", host=host, name="notes.txt")
    assert info.value.file == "notes.txt"
    with pytest.raises(bibnorm.InputError):
        bibnorm.parse_file(REPO_ROOT / "no-such-file.txt", host=host)
    with pytest.raises(bibnorm.UsageError):
        bibnorm.parse("x", format="no-such-format", host=host)


def test_write_leaves_out_an_invalid_record_whole_and_says_where(host: bibnorm.PluginHost) -> None:
    good = Record(title="Good", identifiers=(Identifier(scheme="pmid", value="1"),))
    # A month of 13 can only come from a buggy plugin; the schema catches it.
    bad = Record(
        title="Bad",
        identifiers=(Identifier(scheme="pmid", value="2"),),
        issued=DateParts(year=2020, month=13),
    )
    for to, path in (("json", "$.issued.month"), ("csl", "$.issued")):
        out = io.StringIO()
        rejected = bibnorm.write([good, bad], out, to=to, host=host)
        [rejection] = rejected
        assert rejection.record == "pmid:2"
        assert rejection.diagnostics[0].path is not None
        assert rejection.diagnostics[0].path.startswith(path)
        written = json.loads(out.getvalue())
        assert len(written) == 1
        assert "Good" in json.dumps(written)


def test_to_csl_takes_one_record_or_many(host: bibnorm.PluginHost) -> None:
    record = bibnorm.parse_file(SAMPLE, host=host).records[0]
    assert bibnorm.to_csl(record) == bibnorm.to_csl([record])
    assert len(bibnorm.to_csl([record, record], with_related=True)) == 26
