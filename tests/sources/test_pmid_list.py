"""The `pmid-list` adapter: one PMID per line, PMID-only records, and what is not a PMID."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm import detect, inputs
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample
from bibnorm.sources.exports.pmid_list import PmidListAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (REPO_ROOT / "samples" / "pmid-list").glob("*.txt"))


def parse(text: str) -> list[Record | FailedRecord]:
    return list(PmidListAdapter().parse(inputs.from_text(text, name="in.txt")))


def test_contract() -> None:
    check_source_adapter(PmidListAdapter(), [p.read_text("utf-8") for p in SAMPLES])


@pytest.mark.parametrize("text", ["35743275\n", "1\n2\n3\n", "\ufeff 35743275 \r\n19829374"])
def test_sniff_claims_a_list(text: str) -> None:
    assert PmidListAdapter().sniff(Sample(name="x", text=text)) >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "1. Nature. 2009 Oct 15;461:923-9.\n\nTitle.\n\nPMID: 19829374\n",
        "PMID- 19829374\nTI  - x\n",
        "PMID,Title\n1,x\n",
        "2020\nSome words\nmore words\n",
        "",
    ],
)
def test_sniff_leaves_other_text(text: str) -> None:
    assert PmidListAdapter().sniff(Sample(name="x", text=text)) < detect.CLAIM_THRESHOLD


def test_each_pmid_is_a_record_holding_only_it() -> None:
    items = parse("35743275\n\n19829374\n")
    assert all(isinstance(i, Record) for i in items)
    records = [i for i in items if isinstance(i, Record)]
    assert [r.identifier("pmid") for r in records] == ["35743275", "19829374"]
    assert records[1].title is None and records[1].authors == ()
    assert [d.code for d in records[1].diagnostics] == ["pmid_list.pmid-only"]
    assert records[1].provenance is not None and records[1].provenance.span is not None
    assert records[1].provenance.span.start == 3


def test_a_repeated_pmid_is_read_once_and_reported() -> None:
    items = parse("1\n2\n1\n")
    assert [i.identifier("pmid") for i in items if isinstance(i, Record)] == ["1", "2"]
    first = items[0]
    assert isinstance(first, Record)
    repeat = [d for d in first.diagnostics if d.code == "pmid_list.repeated-pmid"]
    assert [d.line for d in repeat] == [3]


def test_a_line_that_is_no_pmid_is_a_failed_record() -> None:
    items = parse("1\nPMC123\n0042\n2\n")
    assert [type(i).__name__ for i in items] == ["Record", "FailedRecord", "FailedRecord", "Record"]
