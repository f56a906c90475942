"""The `pubmed-html` adapter: the shared corpus of saved PubMed pages, checked against values
read off the files by eye, the contract, detection, and what happens to text no field takes."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import shared_path

from bibnorm import inputs
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample
from bibnorm.sources.html.html_page import identifiers_of_href
from bibnorm.sources.html.pubmed_html import PubmedHtmlAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "pubmed-html"
ADAPTER = PubmedHtmlAdapter()


def parse_file(path: Path) -> Record:
    items = list(ADAPTER.parse(inputs.read_source(path)))
    assert len(items) == 1
    record = items[0]
    assert isinstance(record, Record), record
    return record


def corpus(name: str) -> Record:
    return parse_file(shared_path("corpus", "pubmed-html", name))


# (file, pmid, pmcid, doi, title start, first author, journal, year, volume, issue, pages)
CORPUS_PAGES = [
    (
        "thebiolabcuration__pubmed-16985259.html",
        "16985259",
        None,
        "10.1152/ajpendo.00202.2006",
        "Identification of depot-specific human fat cell progenitors",
        ("Tchkonia", "T"),
        "Am J Physiol Endocrinol Metab",
        2007,
        "292",
        "1",
        "E298-E307",
    ),
    (
        "thebiolabcuration__pubmed-28057745.html",
        "28057745",
        "PMC5340975",
        "10.1101/gr.212803.116",
        "Reciprocal insulation analysis of Hi-C data shows that TADs represent",
        ("Zhan", "Y"),
        "Genome Res",
        2017,
        "27",
        "3",
        "479-490",
    ),
    (
        "pyscholar__pubmed.html",
        "15940349",
        None,
        None,
        "Isolation and characterization of pigeon breast muscle cytosolic 5'-nucleotidase-I (cN-I)",
        ("Tkacz-Stachowska", "K"),
        "Acta Biochim Pol",
        2005,
        "52",
        "4",
        "789-796",
    ),
]


@pytest.mark.parametrize("page", CORPUS_PAGES, ids=[p[0] for p in CORPUS_PAGES])
def test_corpus_page_fields(page: tuple[object, ...]) -> None:
    name, pmid, pmcid, doi, title, first, journal, year, volume, issue, pages = page
    record = corpus(str(name))
    assert record.identifier("pmid") == pmid
    assert record.identifier("pmcid") == pmcid
    assert record.identifier("doi") == doi
    assert record.title is not None and record.title.startswith(str(title))
    assert (record.authors[0].family, record.authors[0].initials) == first
    assert record.container_title_short == journal
    assert record.issued is not None and record.issued.year == year
    assert (record.volume, record.issue, record.pages) == (volume, issue, pages)
    assert record.provenance is not None and record.provenance.adapter == "pubmed-html"


def test_legacy_page_affiliations_mesh_and_grants() -> None:
    record = corpus("thebiolabcuration__pubmed-16985259.html")
    assert len(record.authors) == 16
    assert record.authors[0].affiliations == (
        "Boston University Medical Center, 88 East Newton St., Boston, MA 02118, USA.",
    )
    assert record.authors[-1].family == "Kirkland"
    assert record.epub_date is not None and (record.epub_date.month, record.epub_date.day) == (
        9,
        19,
    )
    assert record.mesh_terms[0].descriptor == "Adipose Tissue"
    assert record.mesh_terms[0].qualifiers[0].major
    assert [s.name for s in record.substances] == ["TERT protein, human", "Telomerase"]
    assert record.grants[0].grant_id == "AG-13925"
    assert "HighWire" in record.linkout
    assert not [d for d in record.diagnostics if d.code.endswith("unclaimed-text")]


def test_highlighted_search_terms_do_not_split_the_text() -> None:
    # The saved page marks search hits as <mark>that</mark>; the text reads on.
    record = corpus("thebiolabcuration__pubmed-28057745.html")
    assert record.abstract is not None
    assert "revealed that mammalian chromosomes" in record.abstract.text
    assert record.abstract.copyright is not None
    assert record.abstract.copyright.startswith("© 2017 Zhan et al.")
    assert record.authors[0].affiliations[1] == "University of Basel, CH-4003 Basel, Switzerland."


def test_abstractplus_related_articles_carry_their_link_pmids() -> None:
    record = corpus("pyscholar__pubmed.html")
    assert len(record.similar) == 5
    first = record.similar[0]
    assert first.identifier("pmid") == "10364222"
    assert (
        first.title
        == "The mechanism of adenosine formation in cells. Cloning of cytosolic 5'-nucleotidase-I"
    )
    assert first.container_title_short == "J Biol Chem"
    assert (first.volume, first.issue, first.pages) == ("274", "25", "17789-17793")
    assert first.pages_raw == "17789-93"
    review = record.similar[3]
    assert review.identifier("pmid") == "16770441"
    assert review.flags == ("Review",)
    assert review.title is not None and review.title.startswith(
        "Adenosine as a metabolic regulator"
    )
    assert record.authors[0].affiliations[0].endswith("Gdańsk, Poland.")


def test_current_layout_sample_lists() -> None:
    record = parse_file(SAMPLES / "99000101-current.html")
    assert [c.identifier("pmid") for c in record.similar] == ["99000111", "99000112"]
    assert record.similar[0].flags == ("Review",)
    assert record.cited_by[0].identifier("pmid") == "99000121"
    reference = record.references[1]
    assert reference.identifier("pmcid") == "PMC9900132"
    assert reference.identifier("pmid") == "99000132"
    assert reference.links == ("PMC", "PubMed")
    assert record.authors[1].family == "van der Berg"
    assert len(record.authors[1].affiliations) == 2


def test_text_no_field_took_is_reported() -> None:
    record = parse_file(SAMPLES / "99000103-current-minimal.html")
    unclaimed = [d for d in record.diagnostics if d.code == "pubmed_html.unclaimed-text"]
    assert [d.text for d in unclaimed] == [
        "Comment in",
        "Letter: hip pain revisited. Brennan T. BMJ Case Rep. 2024 Jun 1;17(6):e260002.",
    ]
    assert all(d.line for d in unclaimed)


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/pubmed/21593866", [("pmid", "21593866")]),
        ("/35306320/", [("pmid", "35306320")]),
        ("//dx.doi.org/10.1038%2Fnature21036", [("doi", "10.1038/nature21036")]),
        ("/pmc/articles/PMC4249766/", [("pmcid", "PMC4249766")]),
        (
            "redirect3.cgi?&&reftype=pubmed&&http://www.ncbi.nlm.nih.gov/pubmed/18623245",
            [("pmid", "18623245")],
        ),
        ("/pubmed/?term=Tchkonia%20T%5BAuthor%5D&cauthor=true&cauthor_uid=16985259", []),
        ("https://example.org/article/12345", []),
    ],
)
def test_identifiers_of_links(href: str, expected: list[tuple[str, str]]) -> None:
    assert [(i.scheme, i.value) for i in identifiers_of_href(href)] == expected


def test_contract_on_samples() -> None:
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.html"))]
    assert len(texts) >= 3
    check_source_adapter(ADAPTER, texts)


def test_sniff_ignores_other_html_and_text() -> None:
    assert ADAPTER.sniff(Sample("x", "<html><head><title>x</title></head></html>")) == 0.0
    assert ADAPTER.sniff(Sample("x", "PMID: 12345\nTitle")) == 0.0


def test_a_pubmed_page_without_an_article_is_a_failed_record() -> None:
    text = '<html><head><meta name="ncbi_db" content="pubmed"></head><body>Search</body></html>'
    items = list(ADAPTER.parse(inputs.from_text(text, name="search.html")))
    assert len(items) == 1 and isinstance(items[0], FailedRecord)
    assert items[0].diagnostics[0].code == "pubmed_html.no-article"
