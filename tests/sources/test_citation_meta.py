"""The `html-meta` adapter and the meta-tag reader the PubMed and PMC page adapters share."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm import inputs
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample
from bibnorm.sources.html.citation_meta import HtmlMetaAdapter
from bibnorm.sources.html.html_page import parse_page_date, person_from_name
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "html-meta"
ADAPTER = HtmlMetaAdapter()


def parse_text(text: str) -> Record:
    items = list(ADAPTER.parse(inputs.from_text(text, name="page.html")))
    assert len(items) == 1 and isinstance(items[0], Record), items
    return items[0]


def test_highwire_sample() -> None:
    record = parse_text((SAMPLES / "highwire-journal.html").read_text("utf-8"))
    assert record.title == "Exercise and bone turnover markers in postmenopausal women"
    first = record.authors[0]
    assert (first.family, first.given, first.orcid) == ("Lindgren", "Karin", "0000-0002-9999-0001")
    assert first.affiliations == ("Department of Sports Medicine, Lund University, Lund, Sweden",)
    assert (record.volume, record.issue, record.pages) == ("7", "3", "112-121")
    assert record.identifier("pmid") == "99000501"
    assert record.references[0].identifier("doi") == "10.9999/bone.2009.10"
    assert ("citation_issn", "2399-9999") in record.extra
    # DC.Title repeats citation_title: not kept twice.
    assert not [name for name, _ in record.extra if name == "dc.title"]


def test_dublin_core_only() -> None:
    record = parse_text((SAMPLES / "dublin-core-only.html").read_text("utf-8"))
    assert record.identifier("doi") == "10.9999/uer.2019.456"
    assert [a.family for a in record.authors] == ["Ferreira", "O'Connell"]
    assert ("dc.identifier", "https://repository.example.org/handle/123/456") in record.extra


def test_body_is_noted_not_read() -> None:
    record = parse_text((SAMPLES / "conference-paper.html").read_text("utf-8"))
    assert record.type == "paper-conference"
    assert [d.code for d in record.diagnostics] == ["html_meta.body-not-read"]


def test_page_without_tags_is_a_failed_record() -> None:
    items = list(ADAPTER.parse(inputs.from_text("<html><body>hi</body></html>", name="x.html")))
    assert isinstance(items[0], FailedRecord)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ('<!DOCTYPE html><html><head><meta name="citation_title" content="x">', 0.7),
        ('<html><head><meta name="DC.title" content="x">', 0.55),
        ("<html><head><title>x</title></head></html>", 0.0),
        ("citation_title: not html", 0.0),
    ],
)
def test_sniff(text: str, score: float) -> None:
    assert ADAPTER.sniff(Sample("x", text)) == score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/19/2022", (2022, 6, 19)),
        ("19/06/2022", (2022, 6, 19)),
        ("2021/09/15", (2021, 9, 15)),
        ("20 November 2014", (2014, 11, 20)),
        ("2008 January", (2008, 1, None)),
        ("2017 Jan 26", (2017, 1, 26)),
    ],
)
def test_page_dates(text: str, expected: tuple[int, int | None, int | None]) -> None:
    date = parse_page_date(text)
    assert date is not None and (date.year, date.month, date.day) == expected


@pytest.mark.parametrize(
    ("text", "family", "given", "literal"),
    [
        ("Lindgren, Karin", "Lindgren", "Karin", None),
        ("Del Conte A", "Del Conte", None, None),
        ("Beatriz Lacerda de Sousa", "de Sousa", "Beatriz Lacerda", None),
        ("ENCODE Project Consortium", None, None, "ENCODE Project Consortium"),
    ],
)
def test_names(text: str, family: str | None, given: str | None, literal: str | None) -> None:
    person = person_from_name(text)
    assert person is not None
    assert (person.family, person.given, person.literal) == (family, given, literal)


def test_contract_on_samples() -> None:
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.html"))]
    check_source_adapter(ADAPTER, texts)
