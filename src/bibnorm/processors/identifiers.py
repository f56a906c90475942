"""The identifier normaliser: one spelling per PMID, PMCID and DOI, whatever the source wrote.

Sources copy identifiers as the input shows them (`doi: https://doi.org/10.1/X.`,
`pmc123`, `(PMID: 123)`). This processor, at the normalise stage, rewrites them to the
canonical form where the repair is certain (a prefix naming the scheme, a DOI URL, the
case of `PMC`, enclosing brackets or quotes, trailing punctuation, a `%2F` for the
DOI's slash) and drops repeats. A value that is still no identifier of its scheme
(`PMID 0`, `PMCxyz`, a DOI without its slash) is left out of the citation's
identifiers, with an `identifiers.invalid` warning whose `text` keeps the value as the
input wrote it: one bad identifier never costs the record its CSL item (whose schema
would refuse it), and the bibnorm JSON keeps the value among the record's diagnostics.
It runs on the record and on every related citation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from operator import is_not
from typing import Any, TypeVar
from urllib.parse import unquote

from bibnorm.hookspecs import hookimpl
from bibnorm.model import Citation, Diagnostic, Identifier, Link, Record
from bibnorm.registry import Processor

C = TypeVar("C", bound=Citation)

_DOI_PREFIX = re.compile(r"^(?:doi:?\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)
# `10.1000/x`, and subdivided registrants such as `10.1000.10/x`.
_DOI = re.compile(r"^10\.[0-9]+(?:\.[0-9]+)*/\S+$")
_PMID_PREFIX = re.compile(r"^pmid:?\s*", re.IGNORECASE)
# A PMID keeps the leading zeros it was printed with (`0012345`): it is the input's
# spelling, and the number it names is the same, so repeats are found without them.
# Zero itself names no article. ASCII digits only, as the CSL schema has them.
_PMID = re.compile(r"^0*[1-9][0-9]{0,8}$")
_PMCID = re.compile(r"^(?:pmcid:?\s*)?(?:PMC\s?)?0*([1-9][0-9]{0,8})$", re.IGNORECASE)
# PMC numbers article versions: PMC7684675.2 is version 2 of PMC7684675.
_VERSIONED_PMCID = re.compile(r"^(?:PMC)?([0-9]{1,9})\.([0-9]{1,3})$", re.IGNORECASE)
# Brackets and quotes a value was printed in: removed only as a pair, since a DOI may
# end in `)` of its own.
_ENCLOSING = {"(": ")", "[": "]", "<": ">", "{": "}", '"': '"', "'": "'", "\u201c": "\u201d"}


def _unwrap(value: str) -> str:
    """`value` without surrounding space, enclosing brackets or quotes, final `.,;`."""
    value = value.strip()
    while len(value) > 1 and _ENCLOSING.get(value[0]) == value[-1]:
        value = value[1:-1].strip()
    return value.rstrip(".,;").rstrip()


def normalise_doi(value: str) -> str:
    """`doi: https://doi.org/10.1000/X.` -> `10.1000/X` (DOIs keep their case)."""
    value = _unwrap(_DOI_PREFIX.sub("", _unwrap(value)))
    if "/" not in value and "%2f" in value.lower():
        # Copied from a URL that escaped its slash (`10.1007%2Fs12571-013-0253-0`).
        value = unquote(value)
    return value


def normalise_pmid(value: str) -> str:
    """`PMID: 123.`, `(123)` -> `123`; leading zeros stay (see `_PMID`)."""
    return _unwrap(_PMID_PREFIX.sub("", _unwrap(value)))


def normalise_pmcid(value: str) -> str:
    """`pmc123`, `PMCID: PMC0123`, `123` -> `PMC123`; anything else unwrapped only."""
    value = _unwrap(value)
    match = _PMCID.match(value)
    return f"PMC{match.group(1)}" if match else value


_RULES: dict[str, tuple[Callable[[str], str], re.Pattern[str]]] = {
    "doi": (normalise_doi, _DOI),
    "pmid": (normalise_pmid, _PMID),
    "pmcid": (normalise_pmcid, re.compile(r"^PMC[1-9][0-9]{0,8}$")),
}
# Values already in canonical form, which the rules above would leave as they are (a
# test holds each to its rule). Most identifiers come clean, and one match is cheaper
# than cleaning and checking: a baseline file has millions of them.
_CANONICAL: dict[str, re.Pattern[str]] = {
    "doi": re.compile(r"10\.[0-9]{4,9}/\S*[^\s.,;]"),
    "pmid": re.compile(r"0*[1-9][0-9]{0,8}"),
    "pmcid": re.compile(r"PMC[1-9][0-9]{0,8}"),
}


class IdentifierNormaliser:
    """The `identifiers` processor (stage 200, normalise)."""

    name = "identifiers"
    stage = 200

    def process(self, record: Record) -> Record:
        record = _normalise(record)
        # A related citation's warnings go on the record, naming it, as the record's
        # are the ones reported (and so bibnorm JSON has each once).
        lifted: list[Diagnostic] = []
        changes: dict[str, Any] = {}
        for name in ("similar", "cited_by", "references"):
            citations: tuple[Citation, ...] = getattr(record, name)
            normalised = [_normalise(c, lifted, f"{name}[{i}]") for i, c in enumerate(citations)]
            if any(map(is_not, normalised, citations)):
                changes[name] = tuple(normalised)
        links = tuple(
            link
            if (citation := _normalise(link.citation, lifted, f"links_to[{i}].citation"))
            is link.citation
            else Link(relation=link.relation, citation=citation)
            for i, link in enumerate(record.links_to)
        )
        if any(new is not old for new, old in zip(links, record.links_to, strict=True)):
            changes["links_to"] = links
        if lifted:
            changes["diagnostics"] = record.diagnostics + tuple(lifted)
        # A record is rebuilt only when something changed: most records come clean.
        return replace(record, **changes) if changes else record


def _normalise(citation: C, lifted: list[Diagnostic] | None = None, where: str = "") -> C:
    """`citation` with its identifiers normalised; warnings about them go on it, or into
    `lifted` (naming the citation by its path `where`) when that is given."""
    if not citation.identifiers or _all_canonical(citation.identifiers):
        return citation
    seen: set[tuple[str, str]] = set()
    identifiers: list[Identifier] = []
    diagnostics: list[Diagnostic] = []
    for ident in _split_versions(citation.identifiers):
        value = ident.value
        rule = _RULES.get(ident.scheme)
        if rule is not None:
            clean, valid = rule
            value = clean(value)
            if not valid.match(value):
                diagnostics.append(_invalid(ident, citation, where))
                continue
        key = _key(ident.scheme, value)
        if key not in seen:
            seen.add(key)
            same = value == ident.value
            identifiers.append(ident if same else Identifier(scheme=ident.scheme, value=value))
    # Unchanged means the very same identifier objects: comparing them by value would
    # cost more than the rest (records have dozens of citations).
    unchanged = len(identifiers) == len(citation.identifiers) and all(
        new is old for new, old in zip(identifiers, citation.identifiers, strict=True)
    )
    if unchanged and not diagnostics:
        return citation
    if lifted is not None:
        lifted.extend(diagnostics)
        return replace(citation, identifiers=tuple(identifiers))
    return replace(
        citation,
        identifiers=tuple(identifiers),
        diagnostics=citation.diagnostics + tuple(diagnostics),
    )


def _invalid(ident: Identifier, citation: Citation, where: str) -> Diagnostic:
    """The warning for an identifier left out: its value, as written, is in `text`;
    `where` names a related citation (`references[3]`), empty for the record."""
    name = _NAMES.get(ident.scheme, ident.scheme)
    return Diagnostic(
        code="identifiers.invalid",
        message=(
            f"{where + ': ' if where else ''}{ident.scheme} {ident.value!r} "
            f"is not a valid {name}: left out"
        ),
        text=ident.value,
        line=_line_of(citation),
        path=f"$.{where}.identifiers" if where else "$.identifiers",
    )


_NAMES = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID"}


def _all_canonical(identifiers: tuple[Identifier, ...]) -> bool:
    """Whether every identifier is in canonical form and none repeats another: then
    `_normalise` would change nothing."""
    keys: set[tuple[str, str]] = set()
    for ident in identifiers:
        scheme, value = ident.scheme, ident.value
        canonical = _CANONICAL.get(scheme)
        if canonical is not None and canonical.fullmatch(value) is None:
            return False
        keys.add(_key(scheme, value))
    return len(keys) == len(identifiers)


def _key(scheme: str, value: str) -> tuple[str, str]:
    """What makes two identifiers the same: DOIs ignore case, PMIDs leading zeros."""
    if scheme == "doi":
        return scheme, value.lower()
    if scheme == "pmid":
        return scheme, value.lstrip("0") or "0"
    return scheme, value


def _split_versions(identifiers: tuple[Identifier, ...]) -> list[Identifier]:
    """`pmcid PMC7684675.2` -> `pmcid PMC7684675` and `pmcid-version PMC7684675.2`.

    The article is the same whatever its version, so the plain PMCID is what other
    tools match on; the versioned one is kept beside it, not lost.
    """
    out: list[Identifier] = []
    for ident in identifiers:
        match = _VERSIONED_PMCID.match(ident.value.strip()) if ident.scheme == "pmcid" else None
        if match:
            out.append(Identifier(scheme="pmcid", value=f"PMC{match.group(1)}"))
            versioned = f"PMC{match.group(1)}.{match.group(2)}"
            out.append(Identifier(scheme="pmcid-version", value=versioned))
        else:
            out.append(ident)
    return out


def _line_of(citation: Citation) -> int | None:
    prov = citation.provenance
    return prov.span.start if prov and prov.span else None


@hookimpl
def bibnorm_register_processors(register: Callable[[Processor], None]) -> None:
    register(IdentifierNormaliser())
