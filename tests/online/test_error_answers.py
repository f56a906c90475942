"""Errors the services answer with HTTP 200 are errors: reported, never cached, never
read as "no records", on every call path (the command line in this process, and the
library's own calls). The command line as a user runs it is tested in
tests/reliability/test_network.py over the same table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from call_paths import PATHS, SERVICES, SHAPES, CallPath
from replay_server import ERROR_ANSWERS, RECORDED, ReplayServer
from test_faults import cached_answers

from bibnorm.manager import create_host
from bibnorm.model import Identifier, Provenance, Record
from bibnorm.online import crossref, eutils, idconv
from bibnorm.online.client import ServiceClient
from bibnorm.online.config import OnlineConfig
from bibnorm.online.enrich import Enricher
from bibnorm.online.errors import BadAnswer
from bibnorm.online.fetch import fetch
from bibnorm.online.ids import ArticleId
from bibnorm.online.payloads import (
    CROSSREF,
    EFETCH,
    ELINK,
    ESEARCH,
    ESUMMARY,
    IDCONV,
    answer_filter,
    check_answer,
    service_of,
)

EXIT_ONLINE = 5
CASES = [
    pytest.param(path, shape, id=f"{path.name}-{shape}")
    for path in PATHS
    for shape in SHAPES[path.route]
]


@pytest.mark.parametrize(("path", "shape"), CASES)
def test_an_error_in_a_200_fails_the_command_and_is_not_cached(
    online_env: ReplayServer, run, tmp_path: Path, cache_file: Path, path: CallPath, shape: str
):
    argv = path.argv(tmp_path)
    online_env.always(path.route, shape)
    failed = run(*argv)
    service = SERVICES[path.route]
    assert failed.status == EXIT_ONLINE, failed.err
    assert f"{service}: the service answered with an error: " in failed.err
    assert path.named(tmp_path) in failed.err
    out = tmp_path / "out.json"
    assert (len(json.loads(out.read_text())) if out.exists() else 0) == path.written
    cached = cached_answers(cache_file)

    asked = len(online_env.hits(path.route))
    online_env.always(path.route, "ok")
    again = run(*argv)
    assert again.status == 0, again.err
    assert len(online_env.hits(path.route)) > asked  # not answered from the cache
    assert cached_answers(cache_file) > cached  # the good answers are cached


# The library's calls, each with the route it asks.
def _efetch(client: ServiceClient) -> object:
    batch = next(eutils.efetch(client, create_host(autoload=False), ["35743275"]))
    if batch.error is not None:
        raise batch.error
    return batch.records


def _enrich(client: ServiceClient) -> object:
    record = Record(
        identifiers=(Identifier(scheme="pmid", value="35743275"),),
        provenance=Provenance(adapter="test", file="t"),
    )
    enricher = Enricher(client, create_host(autoload=False), elink=True)
    enriched = enricher.enrich([record])[0]
    if enricher.failures:
        raise BadAnswer("enrich", "; ".join(d.message for d in enriched.diagnostics))
    return enriched


def _fetch(scheme: str, value: str) -> Callable[[ServiceClient], object]:
    def call(client: ServiceClient) -> object:
        result = fetch(client, create_host(autoload=False), [ArticleId(scheme, value)])[0]
        if result.error is not None:
            raise result.error
        return result.record

    return call


LIBRARY_CALLS = [
    ("eutils.efetch", "efetch", _efetch),
    ("eutils.esearch_doi", "esearch", lambda c: eutils.esearch_doi(c, "10.3390/ijms23126832")),
    ("eutils.elink", "elink", lambda c: eutils.elink(c, ["35743275"])),
    ("idconv.convert", "idconv", lambda c: idconv.convert(c, ["PMC9224636"])),
    ("crossref.work", "crossref", lambda c: crossref.work(c, "10.5555/bibnorm.crossref-only")),
    ("fetch.fetch-pmid", "efetch", _fetch("pmid", "35743275")),
    ("fetch.fetch-pmcid", "idconv", _fetch("pmcid", "PMC9224636")),
    ("fetch.fetch-doi", "esearch", _fetch("doi", "10.5555/bibnorm.esearch-only")),
    ("fetch.fetch-crossref", "crossref", _fetch("doi", "10.5555/bibnorm.crossref-only")),
    ("Enricher.enrich-efetch", "efetch", _enrich),
    ("Enricher.enrich-elink", "elink", _enrich),
]


@pytest.mark.parametrize(
    ("route", "call", "shape"),
    [
        pytest.param(route, call, shape, id=f"{name}-{shape}")
        for name, route, call in LIBRARY_CALLS
        for shape in SHAPES[route]
    ],
)
def test_a_library_call_raises_on_an_error_in_a_200(
    online_env: ReplayServer, tmp_path: Path, route: str, call, shape: str
):
    config = OnlineConfig.from_env(cache=str(tmp_path / "library.sqlite"))
    online_env.always(route, shape)
    with pytest.raises(BadAnswer, match=f"{SERVICES[route]}: the service answered with an error"):
        _with_client(config, call)
    online_env.always(route, "ok")
    assert _with_client(config, call)  # the error was not cached


def _with_client(config: OnlineConfig, call: Callable[[ServiceClient], object]) -> object:
    client = ServiceClient(config, lambda message: None)
    try:
        return call(client)
    finally:
        client.close()


def test_an_error_cached_by_an_older_bibnorm_is_dropped_when_read(
    online_env: ReplayServer, tmp_path: Path
):
    from bibnorm.online import session as session_module

    config = OnlineConfig.from_env(cache=str(tmp_path / "old.sqlite"))
    # An older bibnorm kept whatever was whole XML.
    old = session_module.open_session(config, lambda message: None)
    old.settings.filter_fn = lambda response: response.status_code == 200
    old.get_adapter(config.eutils_url).judge = None  # type: ignore[attr-defined]
    online_env.always("efetch", "efetch-error")
    url = config.eutils_url + "efetch.fcgi"
    old.get(url, params=[("db", "pubmed"), ("id", "35743275")])
    old.close()
    assert cached_answers(tmp_path / "old.sqlite") == 1

    online_env.always("efetch", "ok")
    client = ServiceClient(config, lambda message: None)
    with pytest.raises(BadAnswer, match="NCBI efetch: the service answered with an error"):
        client.get(EFETCH, url, [("db", "pubmed"), ("id", "35743275")])
    assert cached_answers(tmp_path / "old.sqlite") == 0  # dropped, so the next run asks
    assert client.get(EFETCH, url, [("db", "pubmed"), ("id", "35743275")]).content
    client.close()


# The checks themselves, on each shape and on the recorded data answers.
ROUTE_SERVICE = {"efetch": EFETCH, "esearch": ESEARCH, "elink": ELINK, "idconv": IDCONV}


@pytest.mark.parametrize(
    ("service", "shape"),
    [
        *((EFETCH, s) for s in ("efetch-error", "ncbi-error", "api-key-error", "elink-xml-error")),
        *((ESEARCH, s) for s in ("esearch-error", "ncbi-error", "api-key-error")),
        *((ESUMMARY, s) for s in ("esummary-error", "ncbi-error", "api-key-error")),
        *((ELINK, s) for s in ("elink-error", "elink-xml-error", "ncbi-error", "api-key-error")),
        (IDCONV, "idconv-error"),
        (CROSSREF, "crossref-failed"),
    ],
)
def test_each_error_shape_is_refused(service: str, shape: str):
    kind, body = ERROR_ANSWERS[shape]
    with pytest.raises(BadAnswer, match=f"^{service}: "):
        check_answer(service, body, kind)


@pytest.mark.parametrize(
    ("service", "body"),
    [
        (EFETCH, (RECORDED / "efetch" / "35743275.xml").read_bytes()),
        (ELINK, b'{"header": {}, "linksets": [{"dbfrom": "pubmed", "ids": ["1"]}]}'),
        (ELINK, b"<eLinkResult><LinkSet><DbFrom>pubmed</DbFrom></LinkSet></eLinkResult>"),
        (IDCONV, b'{"status": "ok", "records": [{"requested-id": "x", "status": "error"}]}'),
        (CROSSREF, (RECORDED / "crossref" / "10.3390_ijms23126832.json").read_bytes()),
        # Nothing found is data: esearch's errorlist and warninglist, not its ERROR.
        (
            ESEARCH,
            b'{"esearchresult": {"count": "0", "idlist": [], '
            b'"errorlist": {"phrasesnotfound": ["x"]}, "warninglist": {}}}',
        ),
        (ESEARCH, b"<eSearchResult><Count>0</Count><IdList/></eSearchResult>"),
        (ESUMMARY, b'{"result": {"uids": ["1"], "1": {"uid": "1"}}}'),
    ],
)
def test_data_answers_pass(service: str, body: bytes):
    if service == EFETCH:  # a recorded article, in the set efetch wraps it in
        article = body[body.index(b"<PubmedArticle>") :]
        body = b"<PubmedArticleSet>" + article + b"</PubmedArticleSet>"
    check_answer(service, body)


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("http://mirror.test:8080/eutils/efetch.fcgi?db=pubmed&id=1", EFETCH),
        ("HTTP://Mirror.test:8080/eutils/esearch.fcgi", ESEARCH),
        ("http://mirror.test:8080/eutils/esummary.fcgi?id=1", ESUMMARY),
        ("http://mirror.test:8080/eutils/elink.fcgi?id=1", ELINK),
        ("http://mirror.test/idconv/?ids=PMC1", IDCONV),
        ("https://api.crossref.org/works/10.1%2Fx?mailto=a", CROSSREF),
        ("https://elsewhere.test/entrez/eutils/efetch.fcgi?id=1", EFETCH),  # by the name
        ("https://api.crossref.org/members/1", None),
    ],
)
def test_the_service_is_known_from_the_url(url: str, service: str | None):
    config = OnlineConfig(
        eutils_url="http://mirror.test:8080/eutils/", idconv_url="http://mirror.test:80/idconv/"
    )
    assert service_of(config, url) == service


def test_the_cache_filter_asks_the_check_of_the_service_asked(online_env: ReplayServer):
    import requests

    config = OnlineConfig.from_env(no_cache=True)
    keep = answer_filter(config)
    online_env.always("esearch", "esearch-error")
    url = config.eutils_url + "esearch.fcgi"
    assert not keep(requests.get(url, params={"term": "x"}, timeout=5))
    online_env.always("esearch", "ok")
    assert keep(requests.get(url, params={"term": "x"}, timeout=5))
