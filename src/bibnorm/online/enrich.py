"""Enrichment: records from any source get their missing fields from NCBI and Crossref.

`bibnorm parse --enrich` runs this between reading records and writing them, in the
parent process only (so one rate limit governs every request), on batches of records
so that IDs go to the services in batches too:

1. a record without a PMID gets one from its PMCID or DOI (PMC ID converter, then
   esearch on `DOI[doi]` for a DOI the converter does not know);
2. the PMIDs are fetched with efetch and read by the `pubmed-xml` source;
3. a record with a DOI but still no PubMed record is looked up at Crossref;
4. each record is merged with what was found (`merge.merge`);
5. with `elink`, its similar and cited-by lists are completed from elink, the new
   entries fetched with efetch.

A service that fails leaves the records it concerns as they were, each with a warning
(`online.unreachable`, `online.bad-answer`, `online.not-cached`); an identifier no
service knows gives an `enrich.not-found` warning. Nothing here raises past a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from bibnorm.manager import PluginHost
from bibnorm.model import Citation, Diagnostic, FieldSource, Record
from bibnorm.online import crossref, eutils, idconv
from bibnorm.online.client import ServiceClient
from bibnorm.online.errors import NotFound, ServiceError
from bibnorm.online.merge import as_citation, merge, with_fields

T = TypeVar("T")
# Entries elink may add to each of a record's similar and cited-by lists.
ELINK_LIMIT = 50


@dataclass
class _Found:
    """A service's record for one article and when the service gave it."""

    record: Record
    service: str
    fetched: str


class Enricher:
    """Enriches batches of records through one `ServiceClient`.

    `failures` counts records a service failed for (the CLI's exit status 5).
    """

    def __init__(self, client: ServiceClient, host: PluginHost, *, elink: bool = False) -> None:
        self.client = client
        self.host = host
        self.elink = elink
        self.failures = 0

    def enrich_stream(self, items: Iterable[T]) -> Iterator[T]:
        """`items` in order, each `Record` among them enriched, a batch at a time."""
        size = self.client.config.batch_size
        chunk: list[T] = []
        try:
            for item in items:
                chunk.append(item)
                if len(chunk) >= size:
                    yield from self._enrich_chunk(chunk)
                    chunk = []
        except Exception:
            # The source failed part-way: what it gave before still goes out, as without
            # enrichment, before the error does.
            yield from self._enrich_chunk(chunk)
            raise
        yield from self._enrich_chunk(chunk)

    def _enrich_chunk(self, chunk: list[T]) -> list[T]:
        records = [item for item in chunk if isinstance(item, Record)]
        enriched: Iterator[T] = iter(self.enrich(records))  # type: ignore[arg-type]
        return [next(enriched) if isinstance(item, Record) else item for item in chunk]

    def enrich(self, records: Sequence[Record]) -> list[Record]:
        """Each of `records` with what the services know about it."""
        if not records:
            return []
        notes: list[list[Diagnostic]] = [[] for _ in records]
        pmids = self._pmids(records, notes)
        found = self._efetch([p for p in pmids if p], notes, pmids)
        result: list[Record] = []
        for index, record in enumerate(records):
            pmid = pmids[index]
            hit = found.get(pmid) if pmid else None
            doi = record.identifier("doi")
            if hit is None and doi and not notes[index]:
                hit = self._crossref(doi, notes[index])
            if hit is not None:
                record = merge(record, hit.record, service=hit.service, fetched=hit.fetched)
            elif not notes[index] and (pmid or doi or record.identifier("pmcid")):
                what = f"PMID {pmid}" if pmid else f"DOI {doi}" if doi else "its PMCID"
                notes[index].append(_note("enrich.not-found", f"no service knows {what}"))
            result.append(record)
        if self.elink:
            result = self._complete_related(result, notes)
        return [
            replace(record, diagnostics=record.diagnostics + tuple(notes[i]))
            if notes[i]
            else record
            for i, record in enumerate(result)
        ]

    def _pmids(self, records: Sequence[Record], notes: list[list[Diagnostic]]) -> list[str | None]:
        """Each record's PMID: its own, or the one its PMCID or DOI maps to."""
        pmids: list[str | None] = [r.identifier("pmid") for r in records]
        others: dict[int, str] = {}
        for index, record in enumerate(records):
            other = record.identifier("pmcid") or record.identifier("doi")
            if pmids[index] is None and other:
                others[index] = other
        if not others:
            return pmids
        idconv_error: ServiceError | None = None
        try:
            mapped = idconv.convert(self.client, list(others.values()))
        except ServiceError as exc:
            idconv_error, mapped = exc, {}
        for index, wanted in others.items():
            ids = mapped.get(wanted)
            if ids is not None and ids.pmid:
                pmids[index] = ids.pmid
                continue
            doi = records[index].identifier("doi")
            if doi is not None:
                # The converter knows only PMC's articles; PubMed may know the DOI still.
                try:
                    pmids[index] = eutils.esearch_doi(self.client, doi)
                except ServiceError as exc:
                    self._failed(notes[index], exc)
                    continue
            if pmids[index] is None and idconv_error is not None:
                self._failed(notes[index], idconv_error)
        return pmids

    def _efetch(
        self, wanted: list[str], notes: list[list[Diagnostic]], pmids: list[str | None]
    ) -> dict[str, _Found]:
        found: dict[str, _Found] = {}
        for batch in eutils.efetch(self.client, self.host, wanted):
            if batch.error is not None:
                for index, pmid in enumerate(pmids):
                    if pmid in batch.pmids:
                        self._failed(notes[index], batch.error)
                continue
            for pmid, record in batch.records.items():
                found[pmid] = _Found(record, eutils.EFETCH, batch.fetched)
        return found

    def _crossref(self, doi: str, notes: list[Diagnostic]) -> _Found | None:
        try:
            record, fetched = crossref.work(self.client, doi)
        except NotFound:
            return None
        except ServiceError as exc:
            self._failed(notes, exc)
            return None
        for processor in self.host.registry.processor_stack():
            record = processor.process(record)
        return _Found(record, crossref.CROSSREF, fetched)

    def _complete_related(
        self, records: list[Record], notes: list[list[Diagnostic]]
    ) -> list[Record]:
        """Each record's similar and cited-by lists with the entries elink adds."""
        pmids = [r.identifier("pmid") for r in records]
        try:
            links = eutils.elink(self.client, [p for p in pmids if p])
        except ServiceError as exc:
            for index, pmid in enumerate(pmids):
                if pmid:
                    self._failed(notes[index], exc)
            return records
        additions: list[dict[str, list[str]]] = []
        for record, pmid in zip(records, pmids, strict=True):
            linked = links.get(pmid or "", {})
            additions.append(
                {
                    "similar": _missing(record.similar, linked.get(eutils.SIMILAR, [])),
                    "cited_by": _missing(record.cited_by, linked.get(eutils.CITED_BY, [])),
                }
            )
        wanted = list(
            dict.fromkeys(p for added in additions for ids in added.values() for p in ids)
        )
        # Who needs which related PMID, so a failed efetch is reported on those records.
        owner = {p: i for i, added in enumerate(additions) for ids in added.values() for p in ids}
        needing = [owner[p] for p in wanted]
        related_notes: list[list[Diagnostic]] = [notes[i] for i in needing]
        found = self._efetch(wanted, related_notes, list[str | None](wanted))
        result = []
        for record, added in zip(records, additions, strict=True):
            changes: dict[str, Any] = {}
            sources: list[FieldSource] = []
            for name, ids in added.items():
                extra = [found[p] for p in ids if p in found]
                if extra:
                    changes[name] = getattr(record, name) + tuple(_related(f) for f in extra)
                    detail = f"{eutils.ELINK} and {eutils.EFETCH}, {extra[0].fetched}"
                    sources.append(FieldSource(field=name, method="enriched", detail=detail))
            if changes:
                record = replace(
                    record, **changes, provenance=with_fields(record.provenance, tuple(sources))
                )
            result.append(record)
        return result

    def _failed(self, notes: list[Diagnostic], exc: ServiceError) -> None:
        message = f"not enriched: {exc}"
        if not any(n.message == message for n in notes):
            self.failures += 1
            notes.append(_note(exc.code, message))


def _missing(present: tuple[Citation, ...], linked: list[str]) -> list[str]:
    have = {c.identifier("pmid") for c in present}
    return [pmid for pmid in linked if pmid not in have][:ELINK_LIMIT]


def _related(found: _Found) -> Citation:
    citation = as_citation(found.record)
    source = FieldSource(
        field="citation", method="enriched", detail=f"{found.service}, {found.fetched}"
    )
    return replace(citation, diagnostics=(), provenance=with_fields(citation.provenance, (source,)))


def _note(code: str, message: str) -> Diagnostic:
    return Diagnostic(code=code, message=message, severity="warning")


__all__ = ["ELINK_LIMIT", "Enricher"]
