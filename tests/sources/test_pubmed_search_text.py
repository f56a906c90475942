"""The `pubmed-search-text` adapter: search-result pages copied as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm import detect
from bibnorm.manager import PluginHost
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample, Source
from bibnorm.sources.pages.pubmed_search_text import PubmedSearchTextAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO_ROOT / "samples" / "pubmed-search-text").glob("*.txt"))
ADAPTER = PubmedSearchTextAdapter()


def parse(name: str) -> list[Record]:
    path = REPO_ROOT / "samples" / "pubmed-search-text" / name
    records = list(ADAPTER.parse(Source(name=name, text=path.read_text(encoding="utf-8"))))
    return [r for r in records if isinstance(r, Record)]


def test_contract() -> None:
    check_source_adapter(ADAPTER, [p.read_text(encoding="utf-8") for p in SAMPLES])


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_are_detected_as_search_results(path: Path, host: PluginHost) -> None:
    text = path.read_text(encoding="utf-8")
    ranked = detect.rank(host.registry, Sample(name=path.name, text=text))
    assert ranked[0][0] == "pubmed-search-text"
    assert ranked[1][1] < detect.CLAIM_THRESHOLD


def test_page_copies_and_dumps_are_not_search_results() -> None:
    for path in sorted((REPO_ROOT / "samples" / "pubmed-text").glob("*.txt")):
        sample = Sample(name=path.name, text=path.read_text(encoding="utf-8"))
        assert ADAPTER.sniff(sample) < detect.CLAIM_THRESHOLD, path.name


def test_full_page_gives_one_record_per_item() -> None:
    records = parse("full-page-summary.txt")
    assert [r.identifier("pmid") for r in records] == ["99200101", "99200102", "99200103"]
    first, second, third = records
    assert [a.family for a in first.authors] == ["Rossi", "Kim", "Wei"]
    assert first.extra[0][0] == "snippet"
    # The search form, filters and pager are chrome, and reported as such.
    assert first.diagnostics
    assert {(d.code, d.severity) for d in first.diagnostics} == {
        ("pubmed_search_text.chrome", "info")
    }
    assert "Sorted by: Best match" in {d.text for d in first.diagnostics}
    assert second.authors[0].family == "van der Berg"
    assert second.authors[2].literal == "Sample Lung Cancer Consortium"
    assert second.flags == ("Free PMC article", "Review")
    assert second.extra == ()  # "No abstract available." is no snippet
    assert third.et_al and third.issued is not None and third.issued.end_month == 12


def test_bare_items_and_preprint() -> None:
    preprint, consensus, retracted = parse("bare-items-page-2.txt")
    assert preprint.type == "article" and preprint.article_number == "2023.02.01.23285301"
    assert preprint.extra == (
        ("snippet", "This invented snippet runs over two lines of the copy."),
    )
    assert consensus.authors == () and consensus.issued is not None
    assert consensus.issued.season == "Winter"
    assert retracted.flags == ("Retracted Publication",)


def test_unknown_line_above_first_item_is_reported_there() -> None:
    first, _ = parse("unnumbered-selection.txt")
    assert [(d.code, d.line) for d in first.diagnostics if d.severity == "warning"] == [
        ("pubmed_search_text.unclaimed-line", 2)
    ]


def test_text_without_items_is_a_failed_record() -> None:
    (failed,) = ADAPTER.parse(Source(name="x", text="just some text\nand more\n"))
    assert isinstance(failed, FailedRecord)
    assert failed.diagnostics[0].code == "pubmed_search_text.no-results"
