"""The `pmc-text` adapter: PMC article pages copied as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm import detect
from bibnorm.manager import PluginHost
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample, Source
from bibnorm.sources.pages.pmc_text import PmcTextAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
FOLDER = REPO_ROOT / "samples" / "pmc-text"
SAMPLES = sorted(FOLDER.glob("*.txt"))
ADAPTER = PmcTextAdapter()


def parse_one(name: str) -> Record:
    text = (FOLDER / name).read_text(encoding="utf-8")
    (record,) = ADAPTER.parse(Source(name=name, text=text))
    assert isinstance(record, Record)
    return record


def test_contract() -> None:
    check_source_adapter(ADAPTER, [p.read_text(encoding="utf-8") for p in SAMPLES])


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_are_detected_as_pmc_text(path: Path, host: PluginHost) -> None:
    text = path.read_text(encoding="utf-8")
    ranked = detect.rank(host.registry, Sample(name=path.name, text=text))
    assert ranked[0][0] == "pmc-text"
    assert ranked[1][1] < detect.CLAIM_THRESHOLD


def test_old_layout_header() -> None:
    """Read with `--from pmc-text`: its template lines (`Author information Copyright and
    License information PMC Disclaimer`, the publisher's-version notice) are site chrome,
    so detection gives this copy to the general `page-copy` reader, among whose samples
    it now sits."""
    record = parse_one("../page-copy/pmc-nihpa-old-layout-chrome.txt")
    assert [(i.scheme, i.value) for i in record.identifiers] == [
        ("pmid", "99300101"),
        ("pmcid", "PMC99300101"),
        ("nihms", "NIHMS99300101"),
        ("doi", "10.5555/sample.2012.301001"),
    ]
    assert (record.pages, record.pages_raw) == ("252-264", "252–264")
    assert [len(a.affiliations) for a in record.authors] == [1, 1, 2]
    assert record.authors[1].corresponding
    assert [k.term for k in record.keywords] == ["immune checkpoints", "PD-1", "CTLA-4"]
    assert record.references[1].links == ("DOI", "PMC free article", "PubMed", "Google Scholar")


def test_mentioned_identifiers_are_not_the_articles() -> None:
    """Read with `--from pmc-text`: detection gives this copy of a PMC page (with its site
    chrome) to the general `page-copy` reader, whose samples it now sits among."""
    record = parse_one("../page-copy/pmc-current-notes-body-references.txt")
    assert record.identifier("doi") == "10.5555/sample.2021.302001"
    assert all("NCT" not in i.value for i in record.identifiers)
    assert record.abstract is not None
    assert [s.label for s in record.abstract.sections] == [
        "Background",
        "Methods",
        "Results",
        "Conclusions",
    ]
    assert record.container_title_short == "Sample Lung J"
    assert record.authors[1].equal_contribution and record.authors[2].corresponding
    assert [d.code for d in record.diagnostics if d.severity == "warning"] == []


def test_minimal_page_reports_its_stray_line() -> None:
    record = parse_one("minimal-ids-first.txt")
    assert [(d.code, d.line) for d in record.diagnostics] == [("pmc_text.unclaimed-line", 5)]
    assert record.references[0].links == ("PubMed",)


def test_text_without_pmcid_is_a_failed_record() -> None:
    (failed,) = ADAPTER.parse(Source(name="x", text="Abstract\nsome text\n"))
    assert isinstance(failed, FailedRecord)
