"""The term lists of a PubMed page: keywords, MeSH terms, substances, grants.

Each reader takes one line as the page shows it and never raises; a line it cannot read
gives None so the caller can report it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bibnorm.model import Grant, Keyword, MeshHeading, MeshQualifier, PublicationType, Substance

KEYWORDS_PREFIX = "Keywords:"
# Registry numbers as PubMed shows them: CAS (`50-99-7`), UNII (`31YO63LBSN`), EC numbers
# (`EC 2.7.10.1`), and `0` for "none assigned".
_REGISTRY_NUMBER = re.compile(
    r"\d{2,7}-\d{2}-\d|(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{10}|EC [\d.\-]+|0"
)
_PARENTHESISED_TAIL = re.compile(r"^(?P<head>.+?)\s*\((?P<tail>[^()]+)\)$")
_GRANT_ACRONYM = re.compile(r"[A-Z]{2}")
# Small words that title-cased names leave in lower case (`Cited in Books`).
_NAME_JOINERS = frozenset(
    {"a", "an", "and", "at", "by", "de", "for", "in", "of", "on", "or", "the", "to", "&"}
)
_PROSE_MIN_WORDS = 4


def looks_like_term(text: str) -> bool:
    """False for a line that reads as prose (a sentence, mostly lower-case words) rather
    than a term; terms themselves may be lower case (`beta Catenin`, `nivolumab`)."""
    words = text.split()
    if not words:
        return False
    if len(words) >= _PROSE_MIN_WORDS and text.rstrip().endswith("."):
        return False
    lower = sum(1 for word in words if word[0].islower() and word not in _NAME_JOINERS)
    return not (len(words) >= _PROSE_MIN_WORDS and lower * 2 > len(words))


def looks_like_name(text: str) -> bool:
    """True for a title-cased name (`Research Support, Non-U.S. Gov't`, `Cited in Books`)."""
    words = text.split()
    return bool(words) and all(not w[0].islower() or w in _NAME_JOINERS for w in words)


def parse_publication_type(line: str) -> PublicationType | None:
    """A publication type (`Randomized Controlled Trial`); None for a line of another shape."""
    text = " ".join(line.split())
    return PublicationType(name=text) if looks_like_name(text) and looks_like_term(text) else None


def parse_keywords(line: str) -> tuple[Keyword, ...]:
    """`Keywords: a; b (B); c.` as keywords `a`, `b (B)`, `c`; the final period is dropped."""
    text = line.strip().removeprefix(KEYWORDS_PREFIX).strip()
    text = text[:-1] if text.endswith(".") else text
    return tuple(Keyword(term=term.strip()) for term in text.split(";") if term.strip())


def parse_mesh_term(line: str) -> MeshHeading | None:
    """A MeSH line: `Lung Neoplasms* / drug therapy`, `*Humans`, `A/*b/c` (MEDLINE style).

    The descriptor comes first, each qualifier after a slash; a star before or after a
    name marks it major.
    """
    parts = [part.strip() for part in line.split("/")]
    if not parts[0].strip("* ") or not looks_like_term(line):
        return None
    descriptor, major = _starred(parts[0])
    qualifiers = tuple(
        MeshQualifier(name=name, major=star)
        for name, star in (_starred(part) for part in parts[1:])
        if name
    )
    return MeshHeading(descriptor=descriptor, major=major, qualifiers=qualifiers)


def merge_mesh_headings(headings: Iterable[MeshHeading]) -> tuple[MeshHeading, ...]:
    """One heading per descriptor, in first-seen order: PubMed pages list each
    descriptor/qualifier pair on its own line."""
    merged: dict[str, MeshHeading] = {}
    for heading in headings:
        known = merged.get(heading.descriptor)
        if known is None:
            merged[heading.descriptor] = heading
            continue
        names = {q.name for q in known.qualifiers}
        merged[heading.descriptor] = MeshHeading(
            descriptor=known.descriptor,
            ui=known.ui or heading.ui,
            major=known.major or heading.major,
            qualifiers=known.qualifiers
            + tuple(q for q in heading.qualifiers if q.name not in names),
        )
    return tuple(merged.values())


def parse_substance(line: str) -> Substance | None:
    """`Nivolumab`, `Nivolumab (31YO63LBSN)` or MEDLINE's `31YO63LBSN (Nivolumab)`."""
    text = line.strip()
    if not looks_like_term(text):
        return None
    match = _PARENTHESISED_TAIL.match(text)
    if match:
        head, tail = match.group("head"), match.group("tail").strip()
        if _REGISTRY_NUMBER.fullmatch(tail):
            return Substance(name=head, registry_number=tail)
        if _REGISTRY_NUMBER.fullmatch(head):
            return Substance(name=tail, registry_number=head)
    return Substance(name=text)


def parse_grant(line: str) -> Grant | None:
    """`R01 CA123456/CA/NCI NIH HHS/United States`: id, acronym, agency, country.

    Parts are read from the right, since only the country and agency are always there
    and grant ids may hold slashes themselves (`MR/N013166/1`). Two parts are agency and
    country (`Wellcome Trust/United Kingdom`), or id and agency when the first holds a
    digit (`GBMF 4552/Gordon and Betty Moore Foundation`: PubMed leaves out an empty
    country, and a country has no digit).
    """
    parts = [part.strip() for part in line.strip().split("/")]
    if not any(parts) or not looks_like_term(line):
        return None
    first_has_digit = any(ch.isdigit() for ch in parts[0])
    if len(parts) == 1:
        return Grant(grant_id=parts[0]) if first_has_digit else Grant(agency=parts[0])
    if len(parts) == 2 and first_has_digit:
        return Grant(grant_id=parts[0] or None, agency=parts[1] or None)
    country, agency = parts[-1] or None, parts[-2] or None
    rest = parts[:-2]
    acronym = None
    if rest and _GRANT_ACRONYM.fullmatch(rest[-1]):
        acronym = rest.pop()
    grant_id = "/".join(rest).strip() or None
    return Grant(grant_id=grant_id, acronym=acronym, agency=agency, country=country)


def _starred(name: str) -> tuple[str, bool]:
    name = name.strip()
    major = name.startswith("*") or name.endswith("*")
    return name.strip("*").strip(), major
