"""Politeness, measured where it counts: in the replay server's own log."""

from __future__ import annotations

import json

import pytest
from replay_server import ReplayServer, busiest_second

from bibnorm.online import eutils
from bibnorm.online.client import ServiceClient
from bibnorm.online.config import OnlineConfig


def test_a_fetch_of_1000_ids_is_batched_and_keeps_the_default_rate(
    online_env: ReplayServer, run, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("BIBNORM_RATE")  # NCBI's default: 3 a second without a key
    ids = [str(99_000_000 + n) for n in range(1000)]
    result = run("fetch", *ids, "--to", "jsonl")
    assert result.status == 0, result.err
    assert len(result.out.splitlines()) == 1000
    hits = online_env.hits("efetch")
    assert [len(h.params["id"][0].split(",")) for h in hits] == [200] * 5
    assert busiest_second(online_env.log) <= 3
    for hit in hits:
        assert hit.params["tool"] == ["bibnorm"]
        assert hit.params["email"] == ["tests@example.org"]
        assert "api_key" not in hit.params


def _esearch_many(server: ReplayServer, config: OnlineConfig, count: int) -> None:
    client = ServiceClient(config, lambda message: None)
    for n in range(count):
        eutils.esearch_doi(client, f"10.5555/rate-{n}")
    client.close()


def test_the_default_rate_is_3_requests_a_second(online_env: ReplayServer):
    config = OnlineConfig(eutils_url=online_env.env()["BIBNORM_EUTILS_URL"])
    assert config.requests_per_second == 3
    _esearch_many(online_env, config, 24)
    hits = online_env.hits("esearch")
    assert len(hits) == 24
    assert busiest_second(hits) == 3
    assert hits[-1].time - hits[0].time >= 23 / 3  # spaced, not bursts


def test_an_api_key_allows_10_requests_a_second(online_env: ReplayServer):
    config = OnlineConfig(eutils_url=online_env.env()["BIBNORM_EUTILS_URL"], api_key="k3y")
    assert config.requests_per_second == 10
    _esearch_many(online_env, config, 30)
    hits = online_env.hits("esearch")
    assert busiest_second(hits) == 10
    assert all(h.params["api_key"] == ["k3y"] for h in hits)


def test_retries_wait_their_turn_at_the_limit(online_env: ReplayServer, monkeypatch, run):
    monkeypatch.delenv("BIBNORM_RATE")
    online_env.fault("efetch", "503", "503")
    result = run("fetch", "35743275")
    assert result.status == 0
    assert busiest_second(online_env.log) <= 3


def test_the_user_agent_names_bibnorm_and_the_contact(online_env: ReplayServer, run):
    config = OnlineConfig.from_env()
    assert config.user_agent.startswith("bibnorm/")
    assert config.user_agent.endswith("(mailto:tests@example.org)")
    result = run("fetch", "doi:10.5555/bibnorm.crossref-only", "--to", "csl")
    assert json.loads(result.out)[0]["DOI"] == "10.5555/bibnorm.crossref-only"
    assert online_env.hits("crossref")[0].params == {"mailto": ["tests@example.org"]}
