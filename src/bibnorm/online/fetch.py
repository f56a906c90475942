"""Records by identifier: what `bibnorm fetch` does.

PMIDs go to efetch directly; PMCIDs and DOIs are mapped to PMIDs by the PMC ID
converter (esearch on `DOI[doi]` for DOIs it does not know); DOIs PubMed does not know
at all are looked up at Crossref. Each identifier comes back as a record or as the
reason it could not be fetched, in the order given: one failure never stops the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bibnorm.manager import PluginHost
from bibnorm.model import Record
from bibnorm.online import crossref, eutils, idconv
from bibnorm.online.client import ServiceClient
from bibnorm.online.errors import NotFound, ServiceError
from bibnorm.online.ids import ArticleId


@dataclass
class Fetch:
    """One identifier asked for: its record, or the error that kept it away."""

    id: ArticleId
    record: Record | None = None
    error: ServiceError | None = None
    pmid: str | None = None


def fetch(client: ServiceClient, host: PluginHost, ids: Sequence[ArticleId]) -> list[Fetch]:
    """A `Fetch` for each of `ids` (repeats included), in the order given."""
    wanted = {i: Fetch(i, pmid=i.value if i.scheme == "pmid" else None) for i in ids}
    _map_to_pmids(client, [f for f in wanted.values() if f.pmid is None])
    _efetch(client, host, [f for f in wanted.values() if f.pmid and f.error is None])
    for item in wanted.values():
        if item.record is None and item.error is None and item.id.scheme == "doi":
            _crossref(client, host, item)
        if item.record is None and item.error is None:
            item.error = NotFound(_service_for(item), f"no record for {item.id}")
    return [wanted[i] for i in ids]


def _map_to_pmids(client: ServiceClient, items: list[Fetch]) -> None:
    if not items:
        return
    failure: ServiceError | None = None
    try:
        mapped = idconv.convert(client, [f.id.value for f in items])
    except ServiceError as exc:
        mapped, failure = {}, exc
    recovered = False
    for item in items:
        ids = mapped.get(item.id.value)
        if ids is not None and ids.pmid:
            item.pmid = ids.pmid
        elif item.id.scheme == "doi":
            try:
                item.pmid = eutils.esearch_doi(client, item.id.value)
            except ServiceError as exc:
                item.error = exc
                continue
            recovered |= item.pmid is not None
            if item.pmid is None and failure is not None:
                # The converter might have known it: Crossref's record must not stand in
                # for PubMed's because a service failed.
                item.error = failure
        elif failure is not None:
            item.error = failure
    if failure is not None and recovered:
        client.warn(f"{failure}; DOIs were asked of {eutils.ESEARCH} instead")


def _efetch(client: ServiceClient, host: PluginHost, items: list[Fetch]) -> None:
    pmids = [f.pmid for f in items if f.pmid]
    for batch in eutils.efetch(client, host, pmids):
        for item in items:
            if item.pmid not in batch.pmids:
                continue
            if batch.error is not None:
                item.error = batch.error
            else:
                item.record = batch.records.get(item.pmid)


def _crossref(client: ServiceClient, host: PluginHost, item: Fetch) -> None:
    try:
        record, _ = crossref.work(client, item.id.value)
    except NotFound:
        return
    except ServiceError as exc:
        item.error = exc
        return
    for processor in host.registry.processor_stack():
        record = processor.process(record)
    item.record = record


def _service_for(item: Fetch) -> str:
    if item.pmid:
        return eutils.EFETCH
    if item.id.scheme == "doi":
        return f"{eutils.EFETCH} and {crossref.CROSSREF}"
    return idconv.IDCONV


__all__ = ["Fetch", "fetch"]
