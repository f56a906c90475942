"""Injected faults end in the documented message and exit code, never a traceback, and
never leave anything broken or wrong in the cache."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import SAMPLE_PAGE
from replay_server import ReplayServer

EXIT_ONLINE = 5


def cached_answers(cache_file: Path) -> int:
    """How many answers the cache holds, after checking the file is a sound database."""
    if not cache_file.exists():
        return 0
    with sqlite3.connect(cache_file) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(db.execute("SELECT count(*) FROM responses").fetchone()[0])


@pytest.mark.parametrize(
    "fault",
    ["429-retry-after", "429", "503", "hang", "drip", "truncated"],
)
def test_one_transient_fault_is_retried_away(
    online_env: ReplayServer, run, cache_file: Path, fault: str
):
    online_env.fault("efetch", fault)
    result = run("fetch", "35743275", "--to", "csl")
    assert result.status == 0, result.err
    assert json.loads(result.out)[0]["volume"] == "23"
    hits = online_env.hits("efetch")
    assert [h.fault for h in hits] == [fault, "ok"]
    if fault == "429-retry-after":
        assert hits[1].time - hits[0].time >= 1.0  # Retry-After: 1 was honoured
    assert cached_answers(cache_file) == 1


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("429", "NCBI efetch: 127.0.0.1:{port} answered HTTP 429 Too Many Requests"),
        ("503", "NCBI efetch: 127.0.0.1:{port} answered HTTP 503 Service Unavailable"),
        ("hang", "NCBI efetch: no answer from 127.0.0.1:{port} in time"),
        ("drip", "NCBI efetch: no answer from 127.0.0.1:{port} in time"),
        ("truncated", "NCBI efetch: cannot reach 127.0.0.1:{port}: the answer was cut short"),
        ("truncated-xml", "NCBI efetch: the answer is not whole XML"),
        ("html", "NCBI efetch: the service answered with an HTML page, not data"),
        ("empty", "NCBI efetch: the answer is empty"),
    ],
)
def test_a_lasting_fault_is_an_error_for_fetch(
    online_env: ReplayServer, run, cache_file: Path, fault: str, message: str
):
    online_env.always("efetch", fault)
    result = run("fetch", "35743275")
    port = online_env.url.rsplit(":", 1)[1]
    assert result.status == EXIT_ONLINE
    assert f"bibnorm: error: pmid:35743275: {message.format(port=port)}" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    retried = fault in ("429", "503", "hang", "drip", "truncated")
    assert len(online_env.hits("efetch")) == (3 if retried else 1)  # 2 retries, or none
    assert cached_answers(cache_file) == 0


@pytest.mark.parametrize("fault", ["503", "html", "truncated-xml", "hang"])
def test_a_fault_during_enrich_leaves_the_record_as_parsed(
    online_env: ReplayServer, run, cache_file: Path, fault: str
):
    plain = run("parse", str(SAMPLE_PAGE), "--to", "csl")
    online_env.always("efetch", fault)
    result = run("parse", str(SAMPLE_PAGE), "--enrich", "--to", "csl")
    assert result.status == EXIT_ONLINE
    assert result.out == plain.out  # written as parsed
    assert f"{SAMPLE_PAGE}: warning: not enriched: NCBI efetch: " in result.err
    assert "Traceback" not in result.err
    assert cached_answers(cache_file) == 0
    # The service is back: the same command now enriches (nothing bad was cached).
    online_env.always("efetch", "ok")
    again = run("parse", str(SAMPLE_PAGE), "--enrich", "--to", "csl")
    assert again.status == 0
    assert json.loads(again.out)[0]["volume"] == "23"


def test_a_4xx_is_not_retried(online_env: ReplayServer, run):
    result = run("fetch", "doi:10.5555/no-such-article")
    assert result.status == 1
    assert len(online_env.hits("crossref")) == 1
    assert "Crossref" in result.err


def test_an_unreachable_service(online_env, run, monkeypatch: pytest.MonkeyPatch):
    # A loopback port nothing listens on: the connection is refused.
    monkeypatch.setenv("BIBNORM_EUTILS_URL", "http://127.0.0.1:9/entrez/eutils/")
    result = run("fetch", "35743275")
    assert result.status == EXIT_ONLINE
    assert "NCBI efetch: cannot reach 127.0.0.1:9: connection refused" in result.err


def test_offline_without_the_answer_in_the_cache(online_env: ReplayServer, run):
    result = run("fetch", "35743275", "--offline")
    assert result.status == EXIT_ONLINE
    assert "NCBI efetch: not in the cache, and --offline forbids asking" in result.err
    assert online_env.log == []


def test_a_corrupt_cache_file_is_moved_aside(online_env, run, cache_file: Path):
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"this is not an SQLite database, whatever its name says" * 100)
    result = run("fetch", "35743275")
    assert result.status == 0, result.err
    assert "the cache file is corrupt; moved it to http-cache.sqlite.broken-" in result.err
    aside = list(cache_file.parent.glob("http-cache.sqlite.broken-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert cached_answers(cache_file) == 1


def test_a_locked_cache_file_is_moved_aside(online_env, run, cache_file: Path):
    run("fetch", "35743275")
    holder = sqlite3.connect(cache_file)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("fetch", "35743275")
    finally:
        holder.rollback()
        holder.close()
    assert result.status == 0, result.err
    assert "the cache file is locked by another program; moved it to" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("fault", ["503", "efetch-error", "api-key-error", "html"])
def test_a_stale_answer_is_used_when_the_service_fails(
    online_env: ReplayServer, tmp_path, fault: str
):
    import time

    from bibnorm.online.client import ServiceClient
    from bibnorm.online.config import OnlineConfig

    config = OnlineConfig(
        eutils_url=online_env.env()["BIBNORM_EUTILS_URL"],
        cache_path=tmp_path / "stale.sqlite",
        expire_after=1,
        retries=0,
        rate=100,
    )
    url = config.eutils_url + "efetch.fcgi"
    params = [("db", "pubmed"), ("id", "35743275")]
    client = ServiceClient(config, lambda message: None)
    fresh = client.get("NCBI efetch", url, params)
    time.sleep(1.2)
    online_env.always("efetch", fault)
    stale = client.get("NCBI efetch", url, params)
    assert stale.content == fresh.content and stale.from_cache
    assert len(online_env.hits("efetch")) == 2  # it did ask again first
    # The error did not replace nor drop the good answer.
    assert client.get("NCBI efetch", url, params).content == fresh.content
    assert cached_answers(tmp_path / "stale.sqlite") == 1
    client.close()
