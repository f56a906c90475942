"""Crossref's works API: a DOI that PubMed does not know, as a record.

    GET {crossref_url}works/{doi}?mailto=...

answers `{"status": "ok", "message-type": "work", "message": {...}}`; an unknown DOI is
a 404. `mailto` (and the same address in the User-Agent) puts us in Crossref's polite
pool. Only the bibliographic core is mapped: Crossref's abstracts are JATS fragments of
uneven quality, and PubMed's are preferred.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from bibnorm.model import DateParts, Identifier, JournalInfo, Person, Provenance, Record
from bibnorm.online.client import ServiceClient
from bibnorm.online.errors import BadAnswer
from bibnorm.online.payloads import CROSSREF, json_object
from bibnorm.parsing.identifiers import normalise_issn, normalise_orcid

ADAPTER = "crossref"
_TAG = re.compile(r"<[^>]+>")
_TYPES = {
    "journal-article": "article-journal",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "report": "report",
    "dissertation": "thesis",
    "dataset": "dataset",
}


def work(client: ServiceClient, doi: str) -> tuple[Record, str]:
    """The record Crossref holds for `doi` and when it answered. Raises `ServiceError`
    (`NotFound` for a DOI Crossref does not know)."""
    params = [("mailto", client.config.email)] if client.config.email else []
    url = f"{client.config.crossref_url}works/{quote(doi, safe='/()<>;:')}"
    answer = client.get(CROSSREF, url, params)
    message = json_object(CROSSREF, answer.content).get("message")
    if not isinstance(message, dict) or not isinstance(message.get("DOI"), str):
        raise BadAnswer(CROSSREF, "the answer holds no work")
    return record_of(message), answer.fetched


def record_of(work: dict[str, Any]) -> Record:
    """A Crossref work as a bibnorm record."""
    return Record(
        type=_TYPES.get(str(work.get("type")), "article"),
        title=_first(work.get("title")),
        authors=tuple(_person(a) for a in work.get("author", []) if isinstance(a, dict)),
        container_title=_first(work.get("container-title")),
        container_title_short=_first(work.get("short-container-title")),
        issued=_date(work.get("issued")) or _date(work.get("published")),
        epub_date=_date(work.get("published-online")),
        volume=_text(work.get("volume")),
        issue=_text(work.get("issue")),
        pages=_text(work.get("page")),
        article_number=_text(work.get("article-number")),
        publisher=_text(work.get("publisher")),
        identifiers=(Identifier(scheme="doi", value=str(work["DOI"])),),
        journal=_journal(work.get("issn-type")),
        provenance=Provenance(adapter=ADAPTER, file="<Crossref works>"),
    )


def _first(value: object) -> str | None:
    if isinstance(value, list) and value:
        return _text(value[0])
    return _text(value)


def _text(value: object) -> str | None:
    if not isinstance(value, str | int):
        return None
    text = " ".join(_TAG.sub("", str(value)).split())
    return text or None


def _person(author: dict[str, Any]) -> Person:
    orcid = author.get("ORCID")
    affiliations = tuple(
        name
        for a in author.get("affiliation", [])
        if isinstance(a, dict) and (name := _text(a.get("name")))
    )
    orcid_id = normalise_orcid(orcid) if isinstance(orcid, str) else None
    if "family" not in author and (name := _text(author.get("name"))):
        return Person(literal=name, affiliations=affiliations, orcid=orcid_id)
    return Person(
        family=_text(author.get("family")),
        given=_text(author.get("given")),
        suffix=_text(author.get("suffix")),
        affiliations=affiliations,
        orcid=orcid_id,
    )


def _date(value: object) -> DateParts | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None
    numbers = [p for p in parts[0] if isinstance(p, int)]
    if not numbers or not 1000 <= numbers[0] <= 9999:
        return None
    month = numbers[1] if len(numbers) > 1 and 1 <= numbers[1] <= 12 else None
    day = numbers[2] if month and len(numbers) > 2 and 1 <= numbers[2] <= 31 else None
    return DateParts(year=numbers[0], month=month, day=day)


def _journal(issns: object) -> JournalInfo | None:
    if not isinstance(issns, list):
        return None
    kinds = {
        str(i.get("type")): normalise_issn(str(i.get("value")))
        for i in issns
        if isinstance(i, dict)
    }
    if not kinds.get("print") and not kinds.get("electronic"):
        return None
    return JournalInfo(issn_print=kinds.get("print"), issn_electronic=kinds.get("electronic"))


__all__ = ["CROSSREF", "record_of", "work"]
