"""The small parts of the online package, each on its own."""

from __future__ import annotations

import itertools
import socket
from dataclasses import replace

import pytest
import requests

from bibnorm.model import DateParts, Identifier, Person, Provenance, Record
from bibnorm.online.config import OnlineConfig, default_cache_path
from bibnorm.online.merge import merge
from bibnorm.online.payloads import is_well_formed
from bibnorm.online.ratelimit import RateLimiter
from bibnorm.online.transport import _retry_after


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_limiter_spaces_requests_evenly():
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(7):
        limiter.wait()
        starts.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap >= 1 / 3 for gap in gaps)
    assert starts[3] - starts[0] > 1.0  # never 4 within one second


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), (" 0 ", 0.0), ("", None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after(header: str, seconds: float | None):
    assert _retry_after(header) == seconds


def _response(status: int, body: bytes, kind: str = "application/json") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = kind
    return response


@pytest.mark.parametrize(
    ("status", "body", "kind", "cached"),
    [
        (200, b'{"status": "ok"}', "application/json", True),
        (200, b"<?xml version='1.0'?><PubmedArticleSet/>", "text/xml", True),
        (200, b"<!DOCTYPE html><html><body>Error</body></html>", "text/html", False),
        (200, b"", "text/xml", False),
        (200, b"<PubmedArticleSet><PubmedArticle>", "text/xml", False),
        (200, b'{"status": "o', "application/json", False),
        (200, b"Resource not found.", "text/plain", False),
        (503, b'{"status": "ok"}', "application/json", False),
    ],
)
def test_only_whole_successful_answers_are_cached(status, body, kind, cached):
    assert is_well_formed(_response(status, body, kind)) is cached


def test_config_from_the_environment(tmp_path):
    env = {
        "BIBNORM_EUTILS_URL": "http://127.0.0.1:1/eutils/",
        "BIBNORM_EMAIL": "me@example.org",
        "NCBI_API_KEY": "sekrit-key",
        "XDG_CACHE_HOME": str(tmp_path),
        "BIBNORM_TIMEOUT": "5",
    }
    config = OnlineConfig.from_env(env)
    assert config.eutils_url == "http://127.0.0.1:1/eutils/"
    assert config.cache_path == tmp_path / "bibnorm" / "http-cache.sqlite"
    assert config.requests_per_second == 10 and config.read_timeout == 5
    assert "sekrit" not in repr(config)  # the key never shows in a repr or a log
    assert OnlineConfig.from_env(env, no_cache=True).cache_path is None
    assert default_cache_path({}).parts[-3:] == (".cache", "bibnorm", "http-cache.sqlite")


def test_a_bad_number_in_the_environment_is_a_usage_error():
    from bibnorm.errors import UsageError

    with pytest.raises(UsageError, match="BIBNORM_RATE"):
        OnlineConfig.from_env({"BIBNORM_RATE": "fast"})


def _record(**fields: object) -> Record:
    fields.setdefault("identifiers", (Identifier(scheme="pmid", value="1"),))
    return Record(provenance=Provenance(adapter="test", file="t"), **fields)  # type: ignore[arg-type]


def test_merge_fills_what_is_missing_and_keeps_what_is_there():
    local = _record(title="A title.", volume="3")
    remote = _record(
        title="A TITLE",
        volume="4",
        issue="2",
        authors=(Person(family="Smith"),),
        issued=DateParts(year=2020),
        identifiers=(
            Identifier(scheme="pmid", value="1"),
            Identifier(scheme="doi", value="10.1/x"),
        ),
    )
    merged = merge(local, remote, service="S", fetched="T")
    assert merged.title == "A title." and merged.volume == "3"  # the input's
    assert merged.issue == "2" and merged.authors == remote.authors
    assert merged.identifier("doi") == "10.1/x"
    enriched = [f.field for f in merged.provenance.fields if f.method == "enriched"]
    assert enriched == ["authors", "issued", "issue", "identifiers"]
    conflicts = [d.message for d in merged.diagnostics if d.code == "enrich.conflict"]
    assert conflicts == ["volume: the input has '3', S has '4'; kept the input's"]  # not the title


def test_merge_of_identical_records_changes_nothing():
    record = _record(title="Same", volume="1")
    merged = merge(record, replace(record), service="S", fetched="T")
    assert merged == record


def test_the_socket_guard_refuses_the_internet(internet_attempts: list[str]):
    with pytest.raises(RuntimeError, match="loopback only"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(RuntimeError, match="loopback only"):
        socket.getaddrinfo("eutils.ncbi.nlm.nih.gov", 443)
    assert len(internet_attempts) == 2
    internet_attempts.clear()  # expected here; anywhere else they fail the test


def test_the_socket_guard_lets_loopback_through():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    with socket.create_connection(server.getsockname(), timeout=1):
        pass
    server.close()
