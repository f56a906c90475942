"""The `pubmed-abstract` adapter: record splitting, paragraphs, affiliations and footers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm import detect, inputs
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample
from bibnorm.sources.exports.pubmed_abstract import PubmedAbstractAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (REPO_ROOT / "samples" / "pubmed-abstract").glob("*.txt"))
TWO = """\
1. Lancet. 2020 Jan 4;395(10217):45-52. doi: 10.1016/x.

A trial of early mobilisation.

Smith J(1), Doe A(1)(2).

Author information:
(1)Department of Surgery, Example University, Example City,
Sweden.
(2)Institute of Health, Lyon, France.

We randomly assigned 212 patients.

2. Walking ability improved at 30 days. 2019 data agreed.

DOI: 10.1016/x
PMID: 99000001  [Indexed for MEDLINE]


2. BMJ. 2019 Mar 1;364:l123.

A second article.

Roe B.

METHODS: We asked.
RESULTS: They answered.

PMID: 99000002
"""


def parse(text: str) -> list[Record | FailedRecord]:
    return list(PubmedAbstractAdapter().parse(inputs.from_text(text, name="in.txt")))


def records(text: str) -> list[Record]:
    return [r for r in parse(text) if isinstance(r, Record)]


def test_contract() -> None:
    check_source_adapter(PubmedAbstractAdapter(), [p.read_text("utf-8") for p in SAMPLES])


def test_sniff_claims_an_export() -> None:
    assert PubmedAbstractAdapter().sniff(Sample(name="x", text=TWO)) >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "1: Smith J. Title. Lancet. 2020;1:2. PMID: 1.\n",  # Summary (text)
        "1. Title.\nSmith J.\nLancet. 2020;1:2.\nPMID: 1\n",  # legacy Summary (text)
        "35743275\n19829374\n",
        "1. Introduction\n\nSome text. 2020 was a year.\n",
    ],
)
def test_sniff_leaves_other_text(text: str) -> None:
    assert PubmedAbstractAdapter().sniff(Sample(name="x", text=text)) < detect.CLAIM_THRESHOLD


def test_numbered_lines_inside_an_abstract_start_no_record() -> None:
    first, second = records(TWO)
    assert first.abstract is not None
    assert [s.text for s in first.abstract.sections] == [
        "We randomly assigned 212 patients.",
        "2. Walking ability improved at 30 days. 2019 data agreed.",
    ]
    assert second.identifier("pmid") == "99000002"
    assert second.provenance is not None and second.provenance.span is not None
    assert second.provenance.span.start == 20


def test_fields_of_a_record() -> None:
    first, _ = records(TWO)
    assert first.title == "A trial of early mobilisation"
    assert first.container_title_short == "Lancet"
    assert (first.volume, first.issue, first.pages) == ("395", "10217", "45-52")
    assert [a.affiliations for a in first.authors] == [
        ("Department of Surgery, Example University, Example City, Sweden.",),
        (
            "Department of Surgery, Example University, Example City, Sweden.",
            "Institute of Health, Lyon, France.",
        ),
    ]
    assert first.identifier("doi") == "10.1016/x"
    assert first.flags == ("Indexed for MEDLINE",)


def test_structured_sections_one_per_line() -> None:
    _, second = records(TWO)
    assert second.abstract is not None
    assert [(s.label, s.text) for s in second.abstract.sections] == [
        ("METHODS", "We asked."),
        ("RESULTS", "They answered."),
    ]


def test_a_record_without_a_footer_still_reads_and_says_so() -> None:
    text = TWO.replace("DOI: 10.1016/x\nPMID: 99000001  [Indexed for MEDLINE]\n", "")
    first, second = records(text)
    assert first.identifier("pmid") is None
    assert "pubmed_abstract.no-pmid" in {d.code for d in first.diagnostics}
    assert second.identifier("pmid") == "99000002"


def test_text_before_the_first_record_is_a_failed_record() -> None:
    items = parse("My saved search\n\n" + TWO)
    assert isinstance(items[0], FailedRecord)
    assert len(items) == 3


def test_sample_with_links_and_languages() -> None:
    path = REPO_ROOT / "samples" / "pubmed-abstract" / "legacy-links-languages.txt"
    first, second = records(path.read_text("utf-8"))
    assert first.languages == ("spa",)
    (link,) = first.links_to
    assert (link.relation, link.citation.identifier("pmid")) == ("erratum-in", "99000199")
    assert first.identifier("nihms") == "NIHMS99000105"
    assert [k.term for k in first.keywords] == [
        "cardiac rehabilitation",
        "women",
        "myocardial infarction",
    ]
    assert second.flags == ("No abstract available", "PubMed - indexed for MEDLINE")
