"""MEDLINE-tagged exports of other databases (ERIC, EBSCOhost, Ovid, ProQuest): their tags
and their `SO` source line.

These databases write records in MEDLINE's tag grammar, without a `PMID` line and with
tags and values of their own:

    OWN - ERIC
    TI  - Peer Tutoring and Reading Fluency in Rural Middle Schools
    AU  - Alvarez, Maria
    OID - EJ1234567
    IS  - EISSN-2375-5636
    LA  - English
    PT  - Journal Articles
    SO  - Journal of Rural Education Research, v21 n1 p12-24 2020

`medline.py` reads such a record with PubMed's rules where the tags mean the same, and
with the helpers here where they do not: tags that stand for a MEDLINE tag (`VO` for
`VI`), the ISSN forms, and the source line in the shapes ERIC (`v21 n1 p12-24 2020`),
Ovid and EBSCOhost (`Journal. 12(3):45-67, 2019 Mar.`), CINAHL (`Journal, Jan2020;
76(1): 12-24. (13p)`), ProQuest (`Journal; Vol. 21, Iss. 1, (2020): 12-24.`) and PubMed
itself (`Lung Cancer. 2022 Apr;166(3):189-196.`) print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bibnorm.model import DateParts
from bibnorm.parsing.dates import DATE_AHEAD, read_printed_date
from bibnorm.parsing.identifiers import normalise_issn
from bibnorm.parsing.locator import parse_locator

# Tags of these exports that mean what a MEDLINE tag means: read as that tag.
TAG_ALIASES: dict[str, str] = {
    "VO": "VI",  # Ovid: volume
    "VL": "VI",
    "LG": "LA",  # Ovid: language
    "JN": "JT",  # EBSCOhost, Ovid: journal name
    "YR": "DP",  # Ovid: year
    "PY": "DP",
    "KW": "OT",  # keywords, descriptors and subjects: terms the record is indexed with
    "DE": "OT",
    "SU": "OT",
    "SN": "IS",  # EBSCOhost: ISSN
    "DT": "PT",  # ProQuest: document type
}
# Tags of these exports that have no record field (accession numbers, database names,
# institutions ...): kept in `extra` like MEDLINE's own, without an "unknown tag" note.
OTHER_DATABASE_TAGS = frozenset(
    {"AN", "DB", "VN", "UI", "IN", "UR", "DO", "DI", "XL", "ES", "CP", "AF", "ID", "MJ"}
    | set(TAG_ALIASES)
)
# Tags that hold a URL of the record (Ovid `UR`, EBSCOhost `UR`, ProQuest `URL`).
URL_TAGS = ("UR", "URL")
# Tags that hold a bare DOI (Ovid `DO`, EBSCOhost `DI`).
DOI_TAGS = ("DO", "DI")

# `EISSN-2375-5636`, `ISSN-0012-3456` (ERIC), `1234-5678 (Print)`, `ISSN: 1234-5678`.
_PREFIXED_ISSN = re.compile(r"(?P<kind>E?ISSN)[-:\s]\s*(?P<issn>\S+)", re.IGNORECASE)
# An ERIC accession number: EJ (journal article) or ED (document), then digits.
ERIC_NUMBER = re.compile(r"E[DJ]\d{4,}")
_DOI_URL = re.compile(r"(?:https?://)?(?:dx\.)?doi\.org/(?P<doi>10\.\S+)", re.IGNORECASE)


def other_issn(text: str) -> tuple[str, str] | None:
    """An ISSN in the forms other databases write, as (`issn_print` or
    `issn_electronic`, `1234-5678`): `EISSN-2375-5636` is electronic, `ISSN-0012-3456`
    and a bare `0012-3456` print (the usual ISSN when the kind is not said)."""
    text = text.strip()
    match = _PREFIXED_ISSN.fullmatch(text)
    if match is not None:
        issn = normalise_issn(match.group("issn"))
        kind = "issn_electronic" if match.group("kind").upper() == "EISSN" else "issn_print"
        return None if issn is None else (kind, issn)
    issn = normalise_issn(text)
    return None if issn is None else ("issn_print", issn)


def doi_of_url(text: str) -> str | None:
    """The DOI of a `https://doi.org/10...` link, else None."""
    match = _DOI_URL.fullmatch(text.strip())
    return match.group("doi").rstrip(".") if match else None


@dataclass(frozen=True, slots=True)
class SourceLine:
    """What a source line (`SO`) says: every part optional; `issued` is the date with
    `date_problem` saying what of it could not be read."""

    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    issued: DateParts | None = None
    date_problem: str | None = None
    page_count: str | None = None


# ERIC: `Journal of X, v21 n1 p12-24 2020`, `v38 n4 p1011-1030 Aug 2021`, `p45-62 2019`,
# `v15 n2 Spr 2020`. The journal name is everything before the last `, v..`/`, n..`/`, p..`.
_ERIC_SOURCE = re.compile(
    r"(?:(?P<journal>.+?),\s+)?"
    r"(?=[vnp]\S*\d|(?:[A-Z][a-z]{2,8}(?:-[A-Z][a-z]{2,8})?\s+)?\d{4}$)"
    r"(?:v(?P<volume>[^\s,]+)\s+)?"
    r"(?:n(?P<issue>[^\s,]+)\s+)?"
    r"(?:p(?P<pages>[^\s,]+)\s+)?"
    r"(?P<date>(?:[A-Z][a-z]{2,8}(?:-[A-Z][a-z]{2,8})?\s+)?\d{4})"
)
# Ovid, EBSCOhost: `Journal. 12(3):45-67, 2019 Mar.`, `Journal of X. 21(1):12-24, 2020`.
_COLON_SOURCE = re.compile(
    r"(?P<journal>.+)\.\s+(?P<volume>[^\s(:,]+)(?:\s*\((?P<issue>[^()]*)\))?"
    r"(?::\s*(?P<pages>[^\s,]+))?,\s*(?P<date>[^,]+?)\.?"
)
# CINAHL (EBSCOhost): `Journal of Advanced Nursing, Jan2020; 76(1): 12-24. (13p)`.
_CINAHL_SOURCE = re.compile(
    r"(?P<journal>.+?),\s*(?P<date>[A-Za-z/-]*\d{4}(?:\s+\d{1,2})?);\s*"
    r"(?P<volume>[^\s(:]+)(?:\s*\((?P<issue>[^()]*)\))?(?::\s*(?P<pages>[^\s.]+(?:\.\d+)?))?"
    r"\.?(?:\s*\((?P<count>\d+)p\))?\.?"
)
# ProQuest: `Journal of X; London Vol. 21, Iss. 1, (Jan 2020): 12-24.`
_PROQUEST_SOURCE = re.compile(
    r"(?P<journal>[^;]+?);(?:[^;]*?)\s*Vol\.\s*(?P<volume>[^,]+?),"
    r"(?:\s*Iss\.\s*(?P<issue>[^,]+?),)?\s*\((?P<date>[^()]+)\)(?::\s*(?P<pages>[^\s.]+))?\.?"
)
# Any other `Journal<sep> YEAR ...;VOL(ISSUE):PAGES`, PubMed's own (`Lung Cancer. 2022
# Apr;166(3):189-196.`, a PubMed record that lost its PMID line) and the like with a
# comma or semicolon (`Am J Infect Control, 2015 Nov; 43(11): 1201-1205`): the journal
# ends at the first such break after which the rest reads whole as a locator.
_BREAK_BEFORE_YEAR = re.compile(rf"[.,;]\s+{DATE_AHEAD}")
# ERIC's and CINAHL's short season and month spellings, as the date grammar writes them.
_SHORT_NAMES = {"Spr": "Spring", "Sum": "Summer", "Win": "Winter", "Aut": "Autumn"}
_NAME_THEN_YEAR = re.compile(
    r"(?P<names>[A-Za-z][A-Za-z/-]*)\s*(?P<year>\d{4})(?:\s+(?P<day>\d+))?"
)
_DAY_COMMA_YEAR = re.compile(r"(?P<names>[A-Za-z]+)\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})")


def parse_source_line(text: str) -> SourceLine | None:
    """The journal, volume, issue, pages and date of a source line; None for a shape
    none of the four readers knows."""
    text = text.strip()
    for pattern in (_PROQUEST_SOURCE, _CINAHL_SOURCE, _COLON_SOURCE, _ERIC_SOURCE):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        issued, problem = _source_date(parts["date"])
        if issued is None:
            continue  # what took the place of a date is none: another shape may fit
        journal = (parts.get("journal") or "").strip().rstrip(".") or None
        return SourceLine(
            journal=journal,
            volume=_part(parts.get("volume")),
            issue=_part(parts.get("issue")),
            pages=_part(parts.get("pages")),
            issued=issued,
            date_problem=problem,
            page_count=parts.get("count"),
        )
    return _pubmed_source_line(text)


def _pubmed_source_line(text: str) -> SourceLine | None:
    for match in _BREAK_BEFORE_YEAR.finditer(text):
        journal = text[: match.start()].strip()
        locator = parse_locator(text[match.end() :])
        if journal and locator is not None and not locator.rest:
            return SourceLine(
                journal=journal,
                volume=locator.volume,
                issue=locator.issue,
                pages=locator.pages or locator.article_number,
                issued=locator.issued,
            )
    return None


def _part(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _source_date(text: str) -> tuple[DateParts | None, str | None]:
    """A source line's date, written year first (`2019 Mar`) or not (`Jan2020`,
    `Aug 2021`, `Spr 2020`, `Jan 5, 2020`), read by the shared date grammar."""
    text = text.strip()
    printed = read_printed_date(text)
    if printed.problem is None:
        return printed.date, None
    for pattern in (_NAME_THEN_YEAR, _DAY_COMMA_YEAR):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        names = "-".join(_SHORT_NAMES.get(n, n) for n in re.split(r"[/-]", match.group("names")))
        day = f" {match.group('day')}" if match.group("day") else ""
        rewritten = read_printed_date(f"{match.group('year')} {names}{day}")
        if rewritten.problem is None and rewritten.date is not None:
            return replace(rewritten.date, raw=text), None
    return printed.date, printed.problem
