"""Filling a record's missing fields from a service's record, never overwriting silently.

A field the input left empty takes the service's value and says so in the record's
provenance (`FieldSource(method="enriched", detail="NCBI efetch, 2025-01-31T10:00:00Z")`:
the service and when it answered). A field the input has keeps the input's value; when
the service disagrees on a field worth comparing (title, authors, volume, issue, pages,
year, identifiers) the record gets an `enrich.conflict` warning naming both values.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, replace
from typing import Any

from bibnorm.model import (
    Citation,
    DateParts,
    Diagnostic,
    FieldSource,
    Identifier,
    Person,
    Provenance,
    Record,
)

# Filled when empty, in this order (the record's own field order).
FILLABLE = (
    "type",
    "title",
    "authors",
    "container_title",
    "container_title_short",
    "issued",
    "epub_date",
    "ecollection_year",
    "volume",
    "issue",
    "pages",
    "article_number",
    "publisher",
    "publisher_place",
    "vernacular_title",
    "investigators",
    "abstract",
    "keywords",
    "languages",
    "journal",
    "history",
    "mesh_terms",
    "publication_types",
    "substances",
    "grants",
    "conflict_of_interest",
)
# Compared when both sides have them; the rest (journal names, abstracts) differ in
# spelling too often between a page and a database for a difference to mean anything.
COMPARED = ("title", "authors", "volume", "issue", "pages", "issued")
_SCHEMES = ("pmid", "pmcid", "doi")


def merge(local: Record, remote: Record, *, service: str, fetched: str) -> Record:
    """`local` with its empty fields filled from `remote`, provenance and conflicts noted."""
    changes: dict[str, Any] = {}
    filled: list[str] = []
    conflicts: list[Diagnostic] = []
    for name in FILLABLE:
        mine, theirs = getattr(local, name), getattr(remote, name)
        if _empty(theirs):
            continue
        if _empty(mine):
            changes[name] = theirs
            filled.append(name)
            if name == "pages" and remote.pages_raw and not local.pages_raw:
                changes["pages_raw"] = remote.pages_raw
        elif name in COMPARED and _key(name, mine) != _key(name, theirs):
            conflicts.append(_conflict(name, _show(mine), _show(theirs), service))
    identifiers, added, clashes = _merge_identifiers(local.identifiers, remote.identifiers)
    if added:
        changes["identifiers"] = identifiers
        filled.append("identifiers")
    conflicts += [_conflict(f"{s} identifier", a, b, service) for s, a, b in clashes]
    notes = list(conflicts)
    if filled:
        notes.append(
            Diagnostic(
                code="enrich.filled",
                message=f"filled from {service}: {', '.join(filled)}",
                severity="info",
            )
        )
    detail = f"{service}, {fetched}"
    sources = tuple(FieldSource(field=name, method="enriched", detail=detail) for name in filled)
    return replace(
        local,
        **changes,
        provenance=with_fields(local.provenance, sources),
        diagnostics=local.diagnostics + tuple(notes),
    )


def with_fields(provenance: Provenance | None, sources: tuple[FieldSource, ...]) -> Provenance:
    """`provenance` with `sources` added (a bare one when the record had none)."""
    if provenance is None:
        provenance = Provenance(adapter="enrich", file="")
    return replace(provenance, fields=provenance.fields + sources)


def as_citation(record: Record) -> Citation:
    """The bibliographic core of a full record, for a related list."""
    return Citation(**{f.name: getattr(record, f.name) for f in fields(Citation)})


def _merge_identifiers(
    mine: tuple[Identifier, ...], theirs: tuple[Identifier, ...]
) -> tuple[tuple[Identifier, ...], bool, list[tuple[str, str, str]]]:
    have = {i.scheme: i.value for i in mine}
    merged = list(mine)
    clashes: list[tuple[str, str, str]] = []
    for ident in theirs:
        if ident.scheme not in _SCHEMES:
            continue
        if ident.scheme not in have:
            merged.append(ident)
            have[ident.scheme] = ident.value
        elif have[ident.scheme].lower() != ident.value.lower():
            clashes.append((ident.scheme, have[ident.scheme], ident.value))
    return tuple(merged), len(merged) > len(mine), clashes


def _conflict(name: str, mine: str, theirs: str, service: str) -> Diagnostic:
    return Diagnostic(
        code="enrich.conflict",
        message=f"{name}: the input has {mine!r}, {service} has {theirs!r}; kept the input's",
        severity="warning",
    )


def _empty(value: object) -> bool:
    return value is None or value == () or value == ""


def _key(name: str, value: Any) -> object:
    """What two values of field `name` are compared by: case, accents, punctuation aside."""
    if name == "issued" and isinstance(value, DateParts):
        return value.year
    if name == "authors":
        return tuple(_fold(p.family or p.literal or "") for p in value)
    if name == "pages":
        return re.sub(r"\D+", "-", str(value)).strip("-")
    return _fold(str(value))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in text if c.isalnum())


def _show(value: Any) -> str:
    if isinstance(value, DateParts):
        return value.raw or str(value.year)
    if isinstance(value, tuple) and value and isinstance(value[0], Person):
        return "; ".join(p.family or p.literal or "?" for p in value[:6]) + (
            " ..." if len(value) > 6 else ""
        )
    return str(value)


__all__ = ["COMPARED", "FILLABLE", "as_citation", "merge", "with_fields"]
