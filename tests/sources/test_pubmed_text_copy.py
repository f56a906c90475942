"""Browser copies of PubMed abstract pages, read by the `pubmed-text` adapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm import detect
from bibnorm.manager import PluginHost
from bibnorm.model import Record
from bibnorm.registry import Sample, Source
from bibnorm.sources.pages.line_shapes import (
    read_id_line,
    read_source_line,
    split_author_line,
)
from bibnorm.sources.pages.pubmed_text import PubmedTextAdapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "pubmed-text"
COPIES = sorted(SAMPLES.glob("copy-*.txt"))
ADAPTER = PubmedTextAdapter()


def parse(path: Path) -> list[Record]:
    text = path.read_text(encoding="utf-8")
    records = list(ADAPTER.parse(Source(name=path.name, text=text)))
    assert all(isinstance(r, Record) for r in records)
    return [r for r in records if isinstance(r, Record)]


def warnings(record: Record) -> list[tuple[str, int | None]]:
    return [(d.code, d.line) for d in record.diagnostics if d.severity == "warning"]


@pytest.mark.parametrize("path", COPIES, ids=[p.name for p in COPIES])
def test_copies_are_detected_as_pubmed_text(path: Path, host: PluginHost) -> None:
    text = path.read_text(encoding="utf-8")
    ranked = detect.rank(host.registry, Sample(name=path.name, text=text))
    assert ranked[0][0] == "pubmed-text"
    # The general page reader may claim any page copy too, always below this reader's
    # score on the layouts it was written for; no other reader claims it.
    runner_up, score = ranked[1]
    assert score < ranked[0][1]
    assert runner_up == "page-copy" or score < detect.CLAIM_THRESHOLD


def test_full_page_header_authors_and_identifiers() -> None:
    (record,) = parse(SAMPLES / "copy-99100101-full-page.txt")
    assert record.title is not None and record.title.startswith("Sample data: Bone metastases")
    assert [(i.scheme, i.value) for i in record.identifiers] == [
        ("pmid", "99100101"),
        ("pmcid", "PMC99100101"),
        ("doi", "10.5555/sample.2022.101101"),
    ]
    assert record.container_title_short == "Int J Sample Oncol"
    assert (record.volume, record.issue, record.pages) == ("23", "12", "6832")
    rossi, berg, wei, oconnor = record.authors
    assert (rossi.given, rossi.family, rossi.equal_contribution) == ("Maria", "Rossi", True)
    assert (berg.particle, berg.family, len(berg.affiliations)) == ("van der", "Berg", 2)
    assert not wei.equal_contribution and not wei.corresponding
    assert oconnor.family == "O'Connor" and oconnor.corresponding
    assert oconnor.affiliations[1].endswith("daniel.oconnor@example.org.")
    assert set(record.flags) == {"Review", "Free PMC article"}
    # The trial number in the abstract is no identifier of the article.
    assert record.identifier("nct") is None
    assert record.extra == (("associated_data", "ClinicalTrials.gov/NCT99100101"),)
    assert (len(record.similar), len(record.cited_by), len(record.references)) == (2, 2, 2)
    assert record.cited_by[1].authors[0].literal == "Sample Lung Cancer Consortium"
    # Chrome, the page menu and the footer are taken; nothing is left unreported.
    assert warnings(record) == []
    assert "Web Policies" not in record.linkout


def test_journal_missing_from_citation_comes_from_short_citation() -> None:
    (record,) = parse(SAMPLES / "copy-99100201-no-journal-name.txt")
    assert record.container_title_short == "Sample J Thorac Oncol"
    assert record.issued is not None and (record.issued.year, record.issued.month) == (2009, 10)
    assert record.epub_date is not None and record.epub_date.day == 30
    assert [link.relation for link in record.links_to] == [
        "comment-on",
        "retraction-in",
        "erratum-in",
    ]
    assert record.references[0].container_title_short == "Cell"
    assert record.references[2].links == ("DOI", "PubMed")
    assert warnings(record) == [("pubmed_text.unclaimed-line", 40)]


def test_two_pages_in_one_file_each_with_its_span() -> None:
    first, second = parse(SAMPLES / "copy-two-pages-book-preprint.txt")
    assert first.provenance is not None and second.provenance is not None
    assert first.provenance.span is not None and second.provenance.span is not None
    assert (first.provenance.span.start, first.provenance.span.end) == (1, 32)
    assert (second.provenance.span.start, second.provenance.span.end) == (33, 51)
    assert (first.volume, first.pages) == ("35", "298-308")
    assert first.container_title_short == "Am Soc Clin Oncol Educ Book"
    assert second.type == "article" and "Preprint" in second.flags
    assert second.authors[1].suffix == "Jr"
    assert second.authors[0].affiliations == ("Sample Preprint Institute, Madrid, Spain.",)
    # A DOI mentioned in the abstract does not become the article's.
    assert second.identifier("doi") == "10.5555/sample.2023.103311"
    assert ("pubmed_text.truncated", 50) in warnings(second)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PMID: 1 PMCID: PMC2 DOI: 10.1000/x",
            [("pmid", "1"), ("pmcid", "PMC2"), ("doi", "10.1000/x")],
        ),
        ("* PMID: 5", [("pmid", "5")]),
        (
            "PMCID: PMC4  NIHMSID: NIHMS7  PMID: 3",
            [("pmcid", "PMC4"), ("nihms", "NIHMS7"), ("pmid", "3")],
        ),
    ],
)
def test_id_line_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    found = read_id_line(text)
    assert found is not None
    assert [(i.scheme, i.value) for i in found.identifiers] == expected


def test_lower_case_doi_note_is_no_id_line() -> None:
    assert read_id_line("doi: 10.1038/nature08539.") is None


@pytest.mark.parametrize(
    ("text", "journal", "volume", "pages"),
    [
        ("Nature. 2009 Oct 15;461(7266):923-9.", "Nature", "461", "923-9"),
        (". 2009 Oct 15;461(7266):923-9.", None, "461", "923-9"),
        (". 2016:35:298-308.", None, "35", "298-308"),
    ],
)
def test_page_citation_lines(text: str, journal: str | None, volume: str, pages: str) -> None:
    read = read_source_line(text)
    assert read is not None and read.locator is not None
    assert (read.journal, read.locator.volume, read.locator.pages) == (journal, volume, pages)


def test_author_line_markers_pubmed_and_pmc_layouts() -> None:
    pubmed = split_author_line("Maria Rossi 1, Jan Kim 2 3, Li Wei # 1 *")
    pmc = split_author_line("Maria Rossi,1 Jan Kim,2,* and Li Wei1,2")
    assert pubmed is not None and pmc is not None
    assert [a.affiliation_keys for a in pubmed] == [("1",), ("2", "3"), ("1",)]
    assert [a.affiliation_keys for a in pmc] == [("1",), ("2",), ("1", "2")]
    assert pmc[1].person.corresponding and pubmed[2].person.equal_contribution
    assert split_author_line("The blockade of immune checkpoints in cancer immunotherapy") is None
