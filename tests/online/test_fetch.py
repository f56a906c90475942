"""`bibnorm fetch` against the replay server: every kind of identifier, and unknown ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from replay_server import ReplayServer

from bibnorm.online.ids import ArticleId, parse_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35743275", ArticleId("pmid", "35743275")),
        ("pmid:35743275", ArticleId("pmid", "35743275")),
        ("PMID: 035743275", ArticleId("pmid", "35743275")),
        ("https://pubmed.ncbi.nlm.nih.gov/35743275/", ArticleId("pmid", "35743275")),
        ("PMC9224636", ArticleId("pmcid", "PMC9224636")),
        ("pmcid:9224636", ArticleId("pmcid", "PMC9224636")),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC9224636/", ArticleId("pmcid", "PMC9224636")),
        ("10.3390/ijms23126832", ArticleId("doi", "10.3390/ijms23126832")),
        ("doi:10.3390/ijms23126832", ArticleId("doi", "10.3390/ijms23126832")),
        ("https://doi.org/10.3390/ijms23126832", ArticleId("doi", "10.3390/ijms23126832")),
        ("https://dx.doi.org/10.1000/a%2Fb", ArticleId("doi", "10.1000/a/b")),
        ("not an id", None),
        ("doi:11.1/x", None),
    ],
)
def test_identifiers_as_users_write_them(text: str, expected: ArticleId | None):
    assert parse_id(text) == expected


def test_fetch_by_pmid_pmcid_and_doi(online_env: ReplayServer, run):
    result = run(
        "fetch",
        "pmid:35743275",
        "10.5555/bibnorm.crossref-only",
        "doi:10.5555/bibnorm.esearch-only",
        "--to",
        "csl",
    )
    assert result.status == 0, result.err
    items = json.loads(result.out)
    assert [i["id"] for i in items] == [
        "pmid:35743275",
        "doi:10.5555/bibnorm.crossref-only",
        "pmid:99100001",
    ]
    assert (
        items[0]["volume"] == "23" and items[1]["container-title"] == "Journal of Invented Results"
    )
    efetch = online_env.hits("efetch")
    assert len(efetch) == 1 and efetch[0].params["id"] == ["35743275,99100001"]


def test_a_pmcid_goes_through_the_id_converter(online_env: ReplayServer, run):
    result = run("fetch", "PMC9224636", "--to", "csl")
    assert result.status == 0, result.err
    assert json.loads(result.out)[0]["PMID"] == "35743275"
    assert [h.route for h in online_env.log] == ["idconv", "efetch"]
    idconv = online_env.log[0].params
    assert idconv["ids"] == ["PMC9224636"] and idconv["format"] == ["json"]
    assert idconv["tool"] == ["bibnorm"] and idconv["email"] == ["tests@example.org"]


def test_an_unknown_id_is_an_error_for_that_id_only(online_env, run):
    result = run("fetch", "35743275", "12345678", "PMC1", "doi:10.5555/unknown", "--to", "csl")
    assert result.status == 1
    assert [i["id"] for i in json.loads(result.out)] == ["pmid:35743275"]
    assert "bibnorm: error: pmid:12345678: NCBI efetch: no record for pmid:12345678" in result.err
    assert "bibnorm: error: pmcid:PMC1: PMC ID converter: no record for pmcid:PMC1" in result.err
    assert "doi:10.5555/unknown" in result.err
    assert "Traceback" not in result.err
    # Crossref's 404 is an answer, not retried.
    assert len(online_env.hits("crossref")) == 1


def test_not_an_id_is_reported_and_the_rest_fetched(online_env, run):
    result = run("fetch", "35743275", "hello")
    assert result.status == 1
    assert "'hello': not a PMID, PMCID or DOI" in result.err
    assert len(json.loads(result.out)) == 1


def test_ids_from_a_file(online_env: ReplayServer, run, tmp_path: Path):
    ids = tmp_path / "ids.txt"
    ids.write_text("# my reading list\n35743275\n\nPMC9224636\n99000001\n", encoding="utf-8")
    out = tmp_path / "refs.json"
    result = run("fetch", "-i", str(ids), "--to", "csl", "-o", str(out))
    assert result.status == 0, result.err
    assert [i["id"] for i in json.loads(out.read_text())] == ["pmid:35743275", "pmid:99000001"]


def test_fetch_without_ids_is_a_usage_error(online_env, run):
    result = run("fetch")
    assert result.status == 2
    assert "no IDs given" in result.err


def test_fetch_with_elink(online_env: ReplayServer, run):
    result = run("fetch", "35743275", "--elink", "--to", "csl", "--with-related")
    assert result.status == 0, result.err
    items = json.loads(result.out)
    # elink names 7 similar and 6 citing articles; the replay server's efetch knows only
    # the synthetic ones (3), and an entry efetch cannot give is left out, not invented.
    assert [i["PMID"] for i in items[1:]] == ["99200001", "99200002", "99200003"]
    assert [i["custom"]["relation"] for i in items[1:]] == ["similar", "similar", "cited-by"]
