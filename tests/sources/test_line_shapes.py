"""The one line classifier every page-text reader shares (`line_shapes`, `line_grammars`).

The template readers (`pubmed-text`, `pmc-text`, `pubmed-search-text`) and the general
`page-copy` reader ask the same grammars whether a line is chrome, an ID line or a
citation line; these tests pin what the two former classifiers each knew, now together.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import bibnorm
from bibnorm.manager import PluginHost
from bibnorm.sources.pages.line_shapes import (
    Kind,
    classify,
    is_chrome,
    read_citation,
    read_id_line,
    read_source_line,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    [
        # What the template readers' list knew ...
        "Save",
        "Find articles by Ana Gómez-Ruiz",
        "Show all 12 references",
        "Author information Copyright and License information PMC Disclaimer",
        # ... and what the page-copy pattern knew.
        "Dot gov",
        "Display Settings:",
        "You are accessing PubMed via the University Library proxy",
        "Grants and funding",
    ],
)
def test_a_line_either_classifier_called_chrome_is_chrome(text: str) -> None:
    assert is_chrome(text)
    assert classify(text).kind is Kind.CHROME


@pytest.mark.parametrize("text", ["Similar articles", "Cited by 12", "Comment in", "References"])
def test_a_list_heading_is_a_heading_not_chrome(text: str) -> None:
    assert not is_chrome(text)
    assert classify(text).kind is Kind.HEADING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PMID: 35743275 PMCID: PMC9224636 DOI: 10.3390/ijms23126832",
            [("pmid", "35743275"), ("pmcid", "PMC9224636"), ("doi", "10.3390/ijms23126832")],
        ),
        (
            "PMID: 11556941 [PubMed - indexed for MEDLINE] PMCID: PMC1495268 Free PMC Article",
            [("pmid", "11556941"), ("pmcid", "PMC1495268")],
        ),
        (
            "PMCID: PMC1  NIHMSID: NIHMS2  PMID: 3",
            [("pmcid", "PMC1"), ("nihms", "NIHMS2"), ("pmid", "3")],
        ),
        ("Bookshelf ID: NBK1234", [("nbk", "NBK1234")]),
    ],
)
def test_one_id_line_grammar(text: str, expected: list[tuple[str, str]]) -> None:
    id_line = read_id_line(text)
    assert id_line is not None
    assert [(i.scheme, i.value) for i in id_line.identifiers] == expected
    shape = classify(text)
    assert shape.kind is Kind.IDS
    assert [(i.scheme, i.value) for i in shape.identifiers] == expected


def test_legacy_pubmed_labels_are_no_part_of_an_id_lines_rest() -> None:
    id_line = read_id_line(
        "PMID: 20332509 [PubMed - indexed for MEDLINE] PMCID: PMC2844940 Free PMC Article"
    )
    assert id_line is not None
    assert id_line.rest == "Free PMC Article"  # a status; the bracketed label is chrome


def test_a_lower_case_doi_is_a_note_not_an_id_line() -> None:
    assert read_id_line("doi: 10.1/x. Epub 2020 Jan 1.") is None
    assert classify("doi: 10.1/x. Epub 2020 Jan 1.").kind is Kind.DOI


@pytest.mark.parametrize(
    ("text", "journal", "volume", "issue", "pages"),
    [
        ("Nature. 2009 Oct 15;461(7266):923-9.", "Nature", "461", "7266", "923-9"),
        (
            "Environ Health Perspect. Dec 2008; 116(12): 1694–1699.",
            "Environ Health Perspect",
            "116",
            "12",
            "1694–1699",
        ),
        ("Bioinformatics. Jan 1, 2010; 26(1): 139–140.", "Bioinformatics", "26", "1", "139–140"),
        (
            "Am Soc Clin Oncol Educ Book. 2014:34:e100-e110.",
            "Am Soc Clin Oncol Educ Book",
            "34",
            None,
            "e100-e110",
        ),
    ],
)
def test_one_citation_line_grammar(
    text: str, journal: str, volume: str, issue: str | None, pages: str
) -> None:
    source = read_source_line(text)
    assert source is not None and source.locator is not None
    shape = read_citation(text)
    assert shape is not None and shape.locator is not None
    for read in (source, shape):
        assert read.journal == journal
    for locator in (source.locator, shape.locator):
        assert (locator.volume, locator.issue, locator.pages) == (volume, issue, pages)


@pytest.mark.parametrize(
    "text",
    [
        # A list item: a title and the journal, which the general reader must not take
        # for the record's own citation (the template readers read it by position).
        "A sample title of a similar article.Lung Cancer. 2022 Apr;166:189-196.",
        # A wrapped line that starts with a date, without PubMed's leading period.
        "2020 Oct 30;75:e1. doi: 10.1016/j.sleep.2020.99432.",
    ],
)
def test_a_citation_line_shows_a_journal_or_pubmeds_leading_period(text: str) -> None:
    assert read_source_line(text) is not None
    assert read_citation(text) is None


@pytest.mark.parametrize(
    "sample",
    sorted(
        path
        for folder in ("pubmed-text", "pmc-text", "pubmed-search-text", "page-copy")
        for path in (REPO_ROOT / "samples" / folder).glob("*.txt")
    ),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_every_page_text_reader_reports_chrome(sample: Path, host: PluginHost) -> None:
    """Each chrome line a reader took is an info diagnostic `<code>.chrome` that `-v`
    lists, and no chrome line became the title."""
    result = bibnorm.parse_file(sample, host=host)
    records = result.records
    assert records
    chrome = [d for r in records for d in r.diagnostics if d.code.endswith(".chrome")]
    for diagnostic in chrome:
        assert diagnostic.severity == "info"
        assert diagnostic.line is not None and diagnostic.text
    titles = {r.title for r in records if r.title}
    assert not titles & {d.text for d in chrome}


PMC_BEHIND_PROXY = """University of Michigan Library
You are accessing this content through the University of Michigan Library. Sign in for full access.
NIHPA Author Manuscripts logoLink to NIHPA Author Manuscripts
. Author manuscript; available in PMC: 2006 Jun 1.
Published in final edited form as: Arch Gen Psychiatry. 2005 Jun;62(6):593–602.
Sample data: An invented survey of lifetime prevalence
Ana Gómez-Ruiz,1 Pierre Dupont,2,* and Li Wei1
PMCID: PMC99000001  NIHMSID: NIHMS99000001  PMID: 99000001
Abstract
An invented abstract of one sentence.
"""

PUBMED_COPY_LABEL_ABOVE_CITATION = """Skip to main page content
U.S. flag
Abstract
Review
Nature. 2009 Oct 15;461(7266):923-9.
Sample data: An invented title of a reviewed article
Maria Rossi 1, Jan Kim 2
PMID: 99000002 DOI: 10.5555/sample.2009.0002
Abstract
An invented abstract of one sentence.
"""


def _parse(text: str, reader: str, host: PluginHost) -> list[bibnorm.Record]:
    return list(bibnorm.parse(text, format=reader, host=host).records)


def test_pmc_reads_a_logo_line_as_chrome_or_journal_never_title(host: PluginHost) -> None:
    (record,) = _parse(PMC_BEHIND_PROXY, "pmc-text", host)
    assert record.title == "Sample data: An invented survey of lifetime prevalence"
    chrome = [d.line for d in record.diagnostics if d.code == "pmc_text.chrome"]
    assert chrome == [1, 2, 3]  # the library's name, its proxy notice, the collection logo


def test_a_browser_copy_takes_no_author_line_above_its_title(host: PluginHost) -> None:
    (record,) = _parse(PUBMED_COPY_LABEL_ABOVE_CITATION, "pubmed-text", host)
    assert record.title == "Sample data: An invented title of a reviewed article"
    assert [a.family for a in record.authors] == ["Rossi", "Kim"]
