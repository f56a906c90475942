"""NCBI E-utilities: efetch (PubMed XML), esearch (a DOI to its PMID) and elink (related PMIDs).

Every call carries `tool` and `email` (and `api_key` when there is one), as NCBI asks.
efetch takes the PMIDs in batches of `OnlineConfig.batch_size`; the XML it returns is
read by bibnorm's own `pubmed-xml` source, so a fetched record is the record a saved
efetch file gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bibnorm import pipeline
from bibnorm.inputs import Source
from bibnorm.manager import PluginHost
from bibnorm.model import Record
from bibnorm.online.client import Answer, Params, ServiceClient
from bibnorm.online.errors import BadAnswer, ServiceError
from bibnorm.online.payloads import EFETCH, ELINK, ESEARCH, json_object, xml_root

# elink's names for the lists a PubMed page shows.
SIMILAR = "pubmed_pubmed"
CITED_BY = "pubmed_pubmed_citedin"


def ncbi_params(client: ServiceClient) -> list[tuple[str, str]]:
    """What identifies us to NCBI on every call."""
    config = client.config
    params = [("tool", config.tool)]
    if config.email:
        params.append(("email", config.email))
    if config.api_key:
        params.append(("api_key", config.api_key))
    return params


def batches(ids: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


@dataclass
class Fetched:
    """What one efetch batch gave: records by PMID, when, or what went wrong."""

    pmids: list[str]
    records: dict[str, Record]
    fetched: str = ""
    error: ServiceError | None = None


def efetch(client: ServiceClient, host: PluginHost, pmids: Sequence[str]) -> Iterator[Fetched]:
    """The PubMed records of `pmids`, batch by batch; a PMID PubMed lacks is just absent."""
    for batch in batches(list(dict.fromkeys(pmids)), client.config.batch_size):
        params: Params = [
            ("db", "pubmed"),
            ("id", ",".join(batch)),
            ("retmode", "xml"),
            *ncbi_params(client),
        ]
        try:
            answer = client.get(EFETCH, client.config.eutils_url + "efetch.fcgi", params)
            records = read_pubmed_xml(answer, host)
        except ServiceError as exc:
            yield Fetched(batch, {}, error=exc)
            continue
        yield Fetched(batch, records, answer.fetched)


def read_pubmed_xml(answer: Answer, host: PluginHost) -> dict[str, Record]:
    """The records of an efetch answer by PMID, read by the `pubmed-xml` source."""
    xml_root(EFETCH, answer.content, ("PubmedArticleSet",))
    adapter = pipeline.adapter_named("pubmed-xml", host)
    source = Source("<NCBI efetch>", answer.content.decode("utf-8", errors="replace"))
    records: dict[str, Record] = {}
    try:
        for item in pipeline.iter_parse(source, adapter, host):
            if isinstance(item, Record) and (pmid := item.identifier("pmid")):
                records[pmid] = item
    except Exception as exc:  # noqa: BLE001 - a payload our reader chokes on is a bad answer
        raise BadAnswer(EFETCH, f"the answer could not be read ({exc})") from None
    return records


def esearch_doi(client: ServiceClient, doi: str) -> str | None:
    """The PMID PubMed files `doi` under, or None when it has none (or several)."""
    params: Params = [
        ("db", "pubmed"),
        ("term", f"{doi}[doi]"),
        ("retmode", "json"),
        *ncbi_params(client),
    ]
    answer = client.get(ESEARCH, client.config.eutils_url + "esearch.fcgi", params)
    result = json_object(ESEARCH, answer.content).get("esearchresult")
    if not isinstance(result, dict):
        raise BadAnswer(ESEARCH, "the answer has no esearchresult")
    ids = result.get("idlist")
    if not isinstance(ids, list):
        raise BadAnswer(ESEARCH, "the answer has no idlist")
    return str(ids[0]) if len(ids) == 1 else None


def elink(client: ServiceClient, pmids: Sequence[str]) -> dict[str, dict[str, list[str]]]:
    """For each PMID, its similar (`pubmed_pubmed`) and citing (`pubmed_pubmed_citedin`)
    PMIDs, best first. One `id` parameter per PMID keeps their link sets apart."""
    links: dict[str, dict[str, list[str]]] = {}
    for batch in batches(list(dict.fromkeys(pmids)), client.config.batch_size):
        params: Params = [
            ("dbfrom", "pubmed"),
            ("db", "pubmed"),
            ("cmd", "neighbor"),
            ("retmode", "json"),
            *(("id", pmid) for pmid in batch),
            *ncbi_params(client),
        ]
        answer = client.get(ELINK, client.config.eutils_url + "elink.fcgi", params)
        for linkset in _linksets(json_object(ELINK, answer.content)):
            ids = [str(i) for i in linkset.get("ids", [])]
            if len(ids) != 1:
                continue
            found = links.setdefault(ids[0], {})
            for linksetdb in linkset.get("linksetdbs", []):
                name = str(linksetdb.get("linkname", ""))
                found[name] = [str(link) for link in linksetdb.get("links", []) if link != ids[0]]
    return links


def _linksets(answer: dict[str, Any]) -> list[dict[str, Any]]:
    linksets = answer.get("linksets")
    if not isinstance(linksets, list):
        raise BadAnswer(ELINK, "the answer has no linksets")
    return [ls for ls in linksets if isinstance(ls, dict)]


__all__ = [
    "CITED_BY",
    "EFETCH",
    "ELINK",
    "ESEARCH",
    "SIMILAR",
    "Fetched",
    "efetch",
    "elink",
    "esearch_doi",
    "ncbi_params",
]
