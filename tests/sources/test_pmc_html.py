"""The `pmc-html` adapter: the shared corpus of saved PMC pages, checked against values read
off the files by eye, CSL validity, the contract, and the full text left out with a note."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from shared_data import shared_path

from bibnorm import inputs, pipeline, schema
from bibnorm.manager import create_host
from bibnorm.model import Record
from bibnorm.registry import WriteOptions
from bibnorm.sources.html.pmc_html import PmcHtmlAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "pmc-html"
ADAPTER = PmcHtmlAdapter()


def corpus(name: str) -> Record:
    items = list(ADAPTER.parse(inputs.read_source(shared_path("corpus", "pubmed-html", name))))
    assert len(items) == 1 and isinstance(items[0], Record), items
    return items[0]


# (file, pmid, pmcid, doi, title, first author family/given, journal, year, vol, issue, pages)
CORPUS_PAGES = [
    (
        "pyscholar__pubmedcentral-article.html",
        "19002842",
        "PMC2151964",
        "10.1007/s10616-007-9108-x",
        "Separation of CHO cells using hydrocyclones",
        ("Pinto", "Rodrigo C.V."),
        "Cytotechnology",
        2008,
        "56",
        "1",
        "57-67",
    ),
    (
        "pyscholar__pubmedcentral-article2.html",
        "19002842",
        "PMC2151964",
        "10.1007/s10616-007-9108-x",
        "Separation of CHO cells using hydrocyclones",
        ("Pinto", "Rodrigo C.V."),
        "Cytotechnology",
        2008,
        "56",
        "1",
        "57-67",
    ),
    (
        "thebiolabcuration__pmc-25409824-6e53e7a.html",
        "25409824",
        "PMC4266106",
        "10.1038/nature13992",
        "A Comparative Encyclopedia of DNA Elements in the Mouse Genome",
        ("Yue", "Feng"),
        "Nature",
        2014,
        "515",
        "7527",
        "355-364",
    ),
    (
        "thebiolabcuration__pmc-28077873-dc6fad1.html",
        "28077873",
        "PMC5287289",
        "10.1038/nature21036",
        "Translation from unconventional 5′ start sites drives tumour initiation",
        ("Sendoel", "Ataman"),
        "Nature",
        2017,
        "541",
        "7638",
        "494-499",
    ),
]


@pytest.mark.parametrize("page", CORPUS_PAGES, ids=[p[0] for p in CORPUS_PAGES])
def test_corpus_page_fields(page: tuple[object, ...]) -> None:
    name, pmid, pmcid, doi, title, first, journal, year, volume, issue, pages = page
    record = corpus(str(name))
    assert record.identifier("pmid") == pmid
    assert record.identifier("pmcid") == pmcid
    assert record.identifier("doi") == doi
    assert record.title == title
    assert (record.authors[0].family, record.authors[0].given) == first
    assert record.container_title_short == journal
    assert record.issued is not None and record.issued.year == year
    assert (record.volume, record.issue, record.pages) == (volume, issue, pages)


def test_old_page_authors_affiliations_history_keywords() -> None:
    record = corpus("pyscholar__pubmedcentral-article.html")
    assert [a.family for a in record.authors] == ["Pinto", "Medronho", "Castilho"]
    assert record.authors[1].corresponding
    assert record.authors[1].affiliations[0].startswith("School of Chemistry")
    assert [h.status for h in record.history] == ["received", "accepted"]
    assert [k.term for k in record.keywords][:2] == ["Animal cells", "Cell separation"]
    assert record.epub_date is not None and record.epub_date.month == 11


def test_old_page_references_take_pmids_from_redirect_links() -> None:
    record = corpus("pyscholar__pubmedcentral-article2.html")
    assert len(record.references) == 38
    first = record.references[0]
    assert first.identifier("pmid") == "18623245"
    assert first.links == ("PubMed",)
    assert first.raw is not None and first.raw.startswith("Al-Rubeai M, Singh RP")
    # Bradley & Pulling 1959 has no link: no identifier is invented.
    assert record.references[5].identifiers == ()


def test_legacy_page_lists() -> None:
    record = corpus("thebiolabcuration__pmc-25409824-6e53e7a.html")
    assert record.identifier("nihms") == "NIHMS638072"
    assert len(record.authors) == 135
    assert len(record.references) == 66
    assert record.references[0].identifier("pmcid") == "PMC1462407"
    assert record.references[0].identifier("pmid") == "12586691"
    assert len(record.cited_by) == 5
    assert record.cited_by[0].identifier("pmcid") == "PMC5551495"
    assert record.cited_by[0].title == "Epo reprograms the epigenome of erythroid cells"
    assert record.cited_by[0].container_title == "Experimental hematology"
    assert len(record.similar) == 5


def test_legacy_page_similar_and_references() -> None:
    record = corpus("thebiolabcuration__pmc-28077873-dc6fad1.html")
    first = record.similar[0]
    assert first.identifier("pmid") == "27313038"
    assert first.title == "Translational control by 5'-untranslated regions of eukaryotic mRNAs"
    assert [a.family for a in first.authors] == ["Hinnebusch", "Ivanov", "Sonenberg"]
    assert (first.container_title_short, first.volume, first.issue) == ("Science", "352", "6292")
    second = record.references[1]
    assert second.identifier("pmcid") == "PMC4249766"
    assert second.identifier("pmid") == "25043054"
    assert record.conflict_of_interest is not None
    assert record.conflict_of_interest.startswith("The authors declare no competing")
    # The full text is reported once per section, never copied into the record.
    notes = [d for d in record.diagnostics if d.code == "pmc_html.full-text-not-read"]
    assert "Translational landscapes" in [d.text for d in notes]


@pytest.mark.parametrize("name", [p[0] for p in CORPUS_PAGES] + ["pyscholar__pubmed.html"])
def test_corpus_page_csl_validates(name: str) -> None:
    host = create_host(autoload=False)
    path = shared_path("corpus", "pubmed-html", name)
    result = pipeline.parse_path(path, host)
    rendered = pipeline.render([result], host.registry.writer("csl"), WriteOptions(True))
    assert rendered.rejected == []
    assert schema.validate_document(rendered.items, "csl-output") == []
    official = json.loads(shared_path("reference", "csl", "csl-data.json").read_text("utf-8"))
    jsonschema.Draft7Validator(official).validate(rendered.items)


def test_current_layout_sample() -> None:
    items = list(ADAPTER.parse(inputs.read_source(SAMPLES / "PMC9900001-current.html")))
    record = items[0]
    assert isinstance(record, Record)
    assert record.identifier("pmid") == "99000201"
    assert record.article_number == "e0401" and record.pages is None
    assert record.references[0].identifier("pmcid") == "PMC9900211"
    assert record.references[0].identifier("doi") == "10.9999/oi.2016.1281"
    assert [h.status for h in record.history][:2] == ["received", "accepted"]


def test_contract_on_samples() -> None:
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.html"))]
    assert len(texts) >= 3
    check_source_adapter(ADAPTER, texts)
