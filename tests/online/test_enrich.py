"""`bibnorm parse --enrich` against the replay server: fields filled, marked, cached."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import SAMPLE_PAGE
from replay_server import ReplayServer

FILLED = ("author", "container-title", "issued", "volume", "issue", "page")


def test_sample_page_is_enriched_then_answered_from_the_cache(online_env, run):
    """The issue's first 'Done when': fields filled, the page's own kept, cache, offline."""
    plain = json.loads(run("parse", str(SAMPLE_PAGE), "--to", "csl").out)[0]
    assert not any(key in plain for key in FILLED)

    first = run("parse", str(SAMPLE_PAGE), "--enrich", "--to", "csl")
    assert first.status == 0, first.err
    item = json.loads(first.out)[0]
    assert [a["family"] for a in item["author"]] == ["Firstauthor", "Secondauthor", "Lastauthor"]
    assert item["container-title"] == "International journal of molecular sciences"
    assert item["issued"] == {"date-parts": [[2022, 6]]}
    assert (item["volume"], item["issue"], item["page"]) == ("23", "12", "6832")
    for key, value in plain.items():
        assert item[key] == value, key  # what the page had is unchanged
    requests_made = len(online_env.log)
    assert requests_made == 1  # one efetch

    second = run("parse", str(SAMPLE_PAGE), "--enrich", "--to", "csl")
    assert second.out == first.out
    assert len(online_env.log) == requests_made  # the cache answered

    offline = run("parse", str(SAMPLE_PAGE), "--enrich", "--offline", "--to", "csl")
    assert offline.status == 0, offline.err
    assert offline.out == first.out
    assert len(online_env.log) == requests_made


def test_every_filled_field_is_marked_enriched_with_service_and_time(online_env, run):
    result = run("parse", str(SAMPLE_PAGE), "--enrich", "-v")
    record = json.loads(result.out)[0]
    enriched = {f["field"]: f for f in record["provenance"]["fields"] if f["method"] == "enriched"}
    for name in ("authors", "container_title", "issued", "volume", "issue", "pages"):
        assert enriched[name]["detail"] == "NCBI efetch, 2025-06-02T10:00:00Z"
    parsed = {f["field"] for f in record["provenance"]["fields"] if f["method"] == "parsed"}
    assert parsed.isdisjoint(enriched)  # nothing the page gave was replaced
    assert "filled from NCBI efetch: authors, container_title" in result.err


def test_a_conflict_is_reported_and_the_input_kept(online_env, run, tmp_path: Path):
    page = SAMPLE_PAGE.read_text(encoding="utf-8")
    changed = page.replace(
        "Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung Cancer (NSCLC):",
        "Bone Metastases and Checkpoint Blockade in Lung Cancer:",
    )
    path = tmp_path / "35743275-changed.txt"
    path.write_text(changed, encoding="utf-8")
    result = run("parse", str(path), "--enrich")
    record = json.loads(result.out)[0]
    assert record["title"].startswith("Bone Metastases and Checkpoint Blockade")
    assert "title: the input has 'Bone Metastases" in result.err
    assert "[enrich.conflict]" in result.err
    assert result.status == 0


def _meta_page(tmp_path: Path, title: str, doi: str) -> Path:
    """A saved article page that gives only a title and a DOI (the html-meta source)."""
    path = tmp_path / "article.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>article</title>\n"
        f'<meta name="citation_title" content="{title}">\n'
        f'<meta name="citation_doi" content="{doi}">\n'
        "</head><body><p>text</p></body></html>\n",
        encoding="utf-8",
    )
    return path


def test_a_record_with_only_a_doi_gets_its_pmid_through_the_id_converter(
    online_env: ReplayServer, run, tmp_path: Path
):
    page = _meta_page(
        tmp_path, "Bone Metastasis and Immune Checkpoint Inhibitors", "10.3390/ijms23126832"
    )
    result = run("parse", str(page), "--enrich", "--to", "csl")
    assert result.status == 0, result.err
    item = json.loads(result.out)[0]
    assert (item["PMID"], item["PMCID"], item["volume"]) == ("35743275", "PMC9224636", "23")
    assert item["title"] == "Bone Metastasis and Immune Checkpoint Inhibitors"  # the page's
    assert "[enrich.conflict]" in result.err  # PubMed's title is longer: said, not taken
    assert [h.route for h in online_env.log] == ["idconv", "efetch"]


def test_a_doi_the_converter_lacks_is_found_by_esearch(online_env: ReplayServer, run, tmp_path):
    page = _meta_page(tmp_path, "Synthetic article 99100001", "10.5555/bibnorm.esearch-only")
    result = run("parse", str(page), "--enrich", "--to", "csl")
    assert result.status == 0, result.err
    assert json.loads(result.out)[0]["PMID"] == "99100001"
    assert [h.route for h in online_env.log] == ["idconv", "esearch", "efetch"]
    assert online_env.log[1].params["term"] == ["10.5555/bibnorm.esearch-only[doi]"]


def test_a_doi_pubmed_lacks_is_filled_from_crossref(online_env: ReplayServer, run, tmp_path):
    page = _meta_page(
        tmp_path, "An invented article that only Crossref knows", "10.5555/bibnorm.crossref-only"
    )
    result = run("parse", str(page), "--enrich")
    assert result.status == 0, result.err
    record = json.loads(result.out)[0]
    assert record["container_title"] == "Journal of Invented Results"
    assert [a.get("family") or a.get("literal") for a in record["authors"]] == [
        "Crossrefonly",
        "Invented Consortium",
    ]
    details = {f["detail"] for f in record["provenance"]["fields"] if f["method"] == "enriched"}
    assert details == {"Crossref, 2025-06-02T10:00:00Z"}
    assert [h.route for h in online_env.log] == ["idconv", "esearch", "crossref"]
    assert online_env.log[2].params["mailto"] == ["tests@example.org"]


def test_elink_completes_the_related_lists(online_env: ReplayServer, run):
    result = run("parse", str(SAMPLE_PAGE), "--enrich", "--elink", "--to", "csl", "--with-related")
    assert result.status == 0, result.err
    items = json.loads(result.out)
    similar = [i["PMID"] for i in items if i.get("custom", {}).get("relation") == "similar"]
    cited = [i["PMID"] for i in items if i.get("custom", {}).get("relation") == "cited-by"]
    assert similar[-2:] == ["99200001", "99200002"] and len(similar) == 7
    assert cited[-1] == "99200003" and len(cited) == 6
    added = next(i for i in items if i["PMID"] == "99200001")
    assert added["title"] == "Synthetic article 99200001"
    assert sorted(h.route for h in online_env.log) == ["efetch", "efetch", "elink"]


def test_enrich_with_several_jobs_enriches_in_this_process(online_env, run):
    result = run("parse", str(SAMPLE_PAGE), "--enrich", "--jobs", "4", "--to", "csl")
    assert result.status == 0
    assert json.loads(result.out)[0]["volume"] == "23"


def test_records_of_a_batch_go_to_efetch_together(online_env: ReplayServer, run, tmp_path):
    path = tmp_path / "pmids.txt"
    path.write_text("\n".join(str(99_000_000 + n) for n in range(250)) + "\n", encoding="utf-8")
    result = run("parse", str(path), "--from", "pmid-list", "--enrich", "--to", "jsonl")
    assert result.status == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert len(lines) == 250 and all(r["title"].startswith("Synthetic article") for r in lines)
    batches = [len(h.params["id"][0].split(",")) for h in online_env.hits("efetch")]
    assert batches == [200, 50]


def test_offline_cannot_go_with_no_cache(online_env, run):
    result = run("parse", str(SAMPLE_PAGE), "--enrich", "--offline", "--no-cache")
    assert result.status == 2
    assert "--offline" in result.err


def test_no_cache_asks_every_time(online_env: ReplayServer, run, cache_file: Path):
    run("parse", str(SAMPLE_PAGE), "--enrich", "--no-cache")
    run("parse", str(SAMPLE_PAGE), "--enrich", "--no-cache")
    assert len(online_env.log) == 2
    assert not cache_file.exists()


def test_the_api_key_is_sent_but_never_cached(
    online_env: ReplayServer, run, cache_file: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NCBI_API_KEY", "sekrit-key-0123456789")
    result = run("parse", str(SAMPLE_PAGE), "--enrich")
    assert result.status == 0
    assert online_env.log[0].params["api_key"] == ["sekrit-key-0123456789"]
    assert b"sekrit-key" not in cache_file.read_bytes()
    with sqlite3.connect(cache_file) as db:
        assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 1
