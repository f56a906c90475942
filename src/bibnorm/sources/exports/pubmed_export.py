"""Reading the pieces PubMed prints in its own exports: CSV, Summary (text), Abstract (text).

All three show an article through the same few strings:

    Smith J, van der Berg JM, Kaelin WG Jr; Lung Study Group.         (an author list)
    Nature. 2009 Oct 15;461(7266):923-9. doi: 10.1038/x. Epub 2009 Sep 20.  (a citation)

and the text exports hard-wrap them at 80 columns. This module reads those strings and
keeps track of the lines each piece came from; the adapters (`pubmed_csv`,
`pubmed_summary`, `pubmed_abstract`) decide where the strings are. Nothing here raises on
any text: what no rule reads is handed back so the adapter can report it.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bibnorm.model import (
    Citation,
    DateParts,
    Diagnostic,
    FieldSource,
    Identifier,
    LineSpan,
    Link,
    Person,
    Provenance,
    Record,
    Severity,
)
from bibnorm.parsing import parse_citation_notes, split_leading_date
from bibnorm.parsing.dates import DATE_AHEAD
from bibnorm.parsing.languages import LANGUAGE_NAMES
from bibnorm.parsing.locator import classify_pages, parse_locator
from bibnorm.parsing.pages import expand_page_range
from bibnorm.parsing.reference import PARTICLES

# --- hard-wrapped text ------------------------------------------------------------------


@dataclass(frozen=True)
class Joined:
    """Hard-wrapped lines joined into one string, remembering where each line begins."""

    text: str
    offsets: tuple[int, ...]
    numbers: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        """The input line number of character `offset` of `text`."""
        if not self.numbers:
            return 0
        index = bisect.bisect_right(self.offsets, max(offset, 0)) - 1
        return self.numbers[max(index, 0)]

    def span(self, start: int, end: int) -> LineSpan:
        """The lines characters `start` to `end` (exclusive) came from."""
        return LineSpan(start=self.line_at(start), end=self.line_at(max(start, end - 1)))

    def whole(self) -> LineSpan:
        return LineSpan(start=self.numbers[0], end=self.numbers[-1])


# PubMed breaks long words after a hyphen (`Meta-` / `Analysis`): such a line end is
# joined without a space; a free-standing dash (`factors -`) keeps its space.
_WORD_HYPHEN_END = re.compile(r"\w-$")


def join_wrapped(lines: Sequence[tuple[int, str]]) -> Joined:
    """`(line number, text)` pairs joined as PubMed wrapped them, spaces tidied."""
    pieces: list[str] = []
    length = 0
    offsets: list[int] = []
    numbers: list[int] = []
    for number, line in lines:
        piece = " ".join(line.split())
        if not piece:
            continue
        # Only the end of what came before decides: searching all of it at every line
        # made a record of thousands of lines take minutes.
        if pieces and not _WORD_HYPHEN_END.search(pieces[-1][-2:]):
            pieces.append(" ")
            length += 1
        offsets.append(length)
        numbers.append(number)
        pieces.append(piece)
        length += len(piece)
    return Joined(text="".join(pieces), offsets=tuple(offsets), numbers=tuple(numbers))


# --- author lists -------------------------------------------------------------------------

NO_AUTHORS = "[No authors listed]"
_SUFFIXES = frozenset({"Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV"})
_MAX_INITIALS = 6
# `(1)(2)` after a name in Abstract (text): the numbers of the person's affiliations.
_MARKERS = re.compile(r"(?:\((\d+)\))+$")
_MARKER = re.compile(r"\((\d+)\)")
_MAX_FAMILY_WORDS = 4
# Words that make an author list entry a group, not a person, when nothing else tells.
_GROUP_WORDS = re.compile(
    r"\b(?:Group|Committee|Consortium|Collaborat\w*|Network|Society|Association|"
    r"Investigators|Team|Organi[sz]ation|Panel|Council|Working|Trialists|Alliance|"
    r"Initiative|Board|Task Force|Writing|Program(?:me)?|Study)\b"
)


@dataclass(frozen=True)
class AuthorList:
    """People of a short author list, the affiliation numbers of each (Abstract (text)),
    and the entries that are not in PubMed's usual `Family AB` form."""

    people: tuple[Person, ...] = ()
    markers: tuple[tuple[str, ...], ...] = ()
    et_al: bool = False
    odd: tuple[str, ...] = ()


def looks_like_short_name(text: str) -> bool:
    """True for `Smith J`, `van der Berg JM`, `Kaelin WG Jr`, `Li Hi Shing S`."""
    words = text.split()
    if len(words) >= 3 and words[-1] in _SUFFIXES and _is_initials(words[-2]):
        words = words[:-1]
    if len(words) < 2 or len(words) > _MAX_FAMILY_WORDS + 1:
        return False
    if not _is_initials(words[-1]):
        return False
    return all(_is_family_word(word) for word in words[:-1])


def _is_initials(word: str) -> bool:
    # Any script's capitals: `Engin Ӧ` is a name as much as `Smith J`.
    return len(word) <= _MAX_INITIALS and word.isalpha() and word.isupper()


def _is_family_word(word: str) -> bool:
    if word in PARTICLES:
        return True
    # `vanRensburg`, `d'Arpa`, `O'Mara`: judge the part a capital starts.
    return any(ch.isupper() for ch in word) and not any(ch.isdigit() for ch in word)


def short_name_person(text: str) -> Person:
    """A person from `Family AB [Jr]`; an entry of another shape keeps all as `family`."""
    words = text.split()
    suffix = None
    # `II` alone may be initials (`Binti Shariffuddin II`): a suffix follows initials.
    if len(words) >= 3 and words[-1] in _SUFFIXES and _is_initials(words[-2]):
        suffix = words.pop()
    initials = None
    if len(words) >= 2 and _is_initials(words[-1]):
        initials = words.pop()
    return Person(family=" ".join(words), initials=initials, suffix=suffix, raw=text)


def parse_short_authors(text: str) -> AuthorList:
    """`Smith J(1), Doe A(2); Study Group, Roe B, et al.` as people, markers and et al.

    PubMed separates people with `, ` and puts `; ` before a group name, which may hold
    commas of its own (`Royal College of ..., UK`); the group ends where an entry that
    looks like a person's name follows it.
    """
    text = text.strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    if not text or is_no_authors(text):
        return AuthorList()
    people: list[Person] = []
    markers: list[tuple[str, ...]] = []
    odd: list[str] = []
    et_al = False
    for index, segment in enumerate(text.split(";")):
        entries = [e.strip() for e in segment.split(",") if e.strip()]
        group: list[str] = []
        for position, entry in enumerate(entries):
            found = _MARKERS.search(entry)
            numbers = tuple(_MARKER.findall(found.group(0))) if found else ()
            name = entry[: found.start()].strip() if found else entry
            if re.fullmatch(r"et al\.?", name):
                et_al = True
                continue
            starts_group = index > 0 and position == 0
            if (starts_group or group) and not looks_like_short_name(name):
                group.append(name)
                continue
            if group:
                people.append(Person(literal=", ".join(group)))
                markers.append(())
                group = []
            if looks_like_short_name(name):
                people.append(short_name_person(name))
            elif _GROUP_WORDS.search(name) or (len(entries) == 1 and index > 0):
                people.append(Person(literal=name))
            else:
                odd.append(name)
                people.append(short_name_person(name))
            markers.append(numbers)
        if group:
            people.append(Person(literal=", ".join(group)))
            markers.append(())
    return AuthorList(people=tuple(people), markers=tuple(markers), et_al=et_al, odd=tuple(odd))


def is_no_authors(text: str) -> bool:
    """True for PubMed's `[No authors listed]`."""
    return text.strip().rstrip(".").strip().lower() == NO_AUTHORS.lower()


def is_author_list(text: str) -> bool:
    """True when `text` reads as an author list rather than a sentence of a title."""
    if is_no_authors(text):
        return True
    parsed = parse_short_authors(text)
    if not parsed.people:
        return False
    # One odd name among real ones is PubMed's data; a sentence has no real ones.
    return len(parsed.odd) * 2 < len(parsed.people)


# --- journal citations -------------------------------------------------------------------


@dataclass(frozen=True)
class JournalCitation:
    """`Journal. 2009 Oct 15;461(7266):923-9. doi: ... Epub ...` read into its parts.

    `start` is where the journal name begins in the text searched; `unparsed` holds the
    notes no rule read, for the caller to keep and report.
    """

    journal: str
    start: int
    issued: DateParts | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    pages_raw: str | None = None
    article_number: str | None = None
    epub_date: DateParts | None = None
    ecollection_year: int | None = None
    identifiers: tuple[Identifier, ...] = ()
    flags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    unparsed: tuple[str, ...] = ()


# A journal name ends at a period followed by a year (`Lancet. 2020`), or by a season and
# its year (`Nurs Forum. Summer 1998`); MEDLINE journal abbreviations hold no periods,
# so the name is the text back to the last sentence end.
_JOURNAL_END = re.compile(rf"\.\s+{DATE_AHEAD}")
_SENTENCE_END = re.compile(r"[.?!][\"'”’\])]*\s+")
# What may follow the date of a real locator: `;vol`, `:pages`, `(`, `.` or nothing.
_AFTER_DATE = re.compile(r"\s*(?:[;:(.]|$)")
# A locator the shared parser leaves at its date: page lists (`80-2, 84`), `; quiz 83-4`.
_LOOSE_LOCATOR = re.compile(
    r";\s*(?P<volume>[^(:;.]*?)\s*(?:\((?P<issue>[^()]*)\))?(?::\s*(?P<pages>.+?))?"
    r"(?:\.\s+|\.?\s*$)"
)
_LINK_LABEL = re.compile(
    r"(?P<label>(?:Erratum|Comment|Retraction|Partial retraction|Update|Republished|"
    r"Corrected and republished|Retracted and republished|Expression of concern|Reprint|"
    r"Summary for patients|Original report)\s(?:in|for|on|of|from)):\s*"
)
_LINK_PMID = re.compile(r"\s*PMID:\s*(?P<pmid>\d+)\.?\s*$")
_BRACKET_NOTE = re.compile(r"\[(Epub ahead of print|Online ahead of print)\]\s*")
_PII_NOTE = re.compile(r"pii:\s*(?P<value>\S+)", re.IGNORECASE)
# Notes PubMed prints among the citation's that are labels of the article.
FLAG_NOTES = frozenset(
    {
        "Review",
        "No abstract available",
        "Free PMC Article",
        "Free PMC article",
        "Free Article",
        "Free article",
        "Epub ahead of print",
        "Online ahead of print",
    }
)


def parse_journal_citation(text: str) -> JournalCitation | None:
    """The citation at the start of `text` (`Journal. DATE;VOL(ISSUE):PAGES. notes`),
    or None when no journal name and date start it."""
    for match in _JOURNAL_END.finditer(text):
        journal = text[: match.start()].strip()
        if not journal or _SENTENCE_END.search(journal):
            # A sentence end inside: no MEDLINE journal abbreviation starts the text.
            return None
        cited = _read_locator(text[match.end() :])
        if cited is not None:
            return dataclasses.replace(cited, journal=journal, start=0)
    return None


def find_journal_citation(text: str) -> JournalCitation | None:
    """The first journal citation that follows a sentence end in `text` (a title, say):
    `Title of the paper. Lancet. 2020 Jan 4;395:e3.` finds `Lancet. 2020 ...`."""
    # Sentence ends found once: looking for them again before every candidate made a
    # text of thousands of `. 2021` pairs take minutes. None runs past a candidate's
    # `.`, so the last one ending before it is what a search of the text before finds.
    sentence_ends = [end.end() for end in _SENTENCE_END.finditer(text)]
    for match in _JOURNAL_END.finditer(text):
        before = text[: match.start()]
        count = bisect.bisect_right(sentence_ends, match.start())
        if not count:
            continue
        journal_start = sentence_ends[count - 1]
        journal = before[journal_start:].strip()
        if not journal:
            continue
        cited = _read_locator(text[match.end() :])
        if cited is not None:
            return dataclasses.replace(cited, journal=journal, start=journal_start)
    return None


def _read_locator(text: str) -> JournalCitation | None:
    """The date, volume, issue, pages and notes of `text`, which starts with the date."""
    issued, after = split_leading_date(text)
    if issued is None or not _AFTER_DATE.match(after):
        return None
    locator = parse_locator(text)
    if locator is None:
        return None
    volume, issue, pages, article_number = (
        locator.volume,
        locator.issue,
        locator.pages,
        locator.article_number,
    )
    rest = locator.rest
    loose = _LOOSE_LOCATOR.match(after) if after.lstrip().startswith(";") else None
    if not (volume or issue or pages or article_number) and loose is not None:
        volume = loose.group("volume") or None
        issue = loose.group("issue") or None
        pages, article_number = classify_pages(loose.group("pages"))
        if "," in (loose.group("pages") or "") or ";" in (pages or ""):
            pages, article_number = loose.group("pages").strip(), None
        rest = after[loose.end() :].strip()
    pages_raw = None
    if pages is not None:
        expanded = expand_page_range(pages)
        pages_raw = pages if expanded != pages else None
        pages = expanded
    notes = read_notes(rest)
    return JournalCitation(
        journal="",
        start=0,
        issued=issued,
        volume=volume,
        issue=issue,
        pages=pages,
        pages_raw=pages_raw,
        article_number=article_number,
        epub_date=notes.epub_date,
        ecollection_year=notes.ecollection_year,
        identifiers=notes.identifiers,
        flags=notes.flags,
        languages=notes.languages,
        links=notes.links,
        unparsed=notes.unparsed,
    )


@dataclass(frozen=True)
class Notes:
    """What the notes after a locator say."""

    identifiers: tuple[Identifier, ...] = ()
    epub_date: DateParts | None = None
    ecollection_year: int | None = None
    flags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    unparsed: tuple[str, ...] = ()


def read_notes(text: str) -> Notes:
    """`doi: 10.1/x. Epub 2020 Jan 2. Review. Spanish. Erratum in: J. 2020;1:2.` and such."""
    text = _BRACKET_NOTE.sub(lambda m: m.group(1) + ". ", text).strip()
    labels = list(_LINK_LABEL.finditer(text))
    plain = text[: labels[0].start()] if labels else text
    links: list[Link] = []
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        links.append(_link(label.group("label"), text[label.end() : end]))
    parsed = parse_citation_notes(plain)
    identifiers = list(parsed.identifiers)
    flags = list(parsed.flags)
    languages: list[str] = []
    unparsed: list[str] = []
    for note in parsed.unparsed:
        pii = _PII_NOTE.fullmatch(note)
        codes = _language_codes(note)
        if pii is not None:
            identifiers.append(Identifier(scheme="pii", value=pii.group("value")))
        elif note in FLAG_NOTES:
            flags.append(note)
        elif codes:
            languages.extend(codes)
        else:
            unparsed.append(note)
    return Notes(
        identifiers=tuple(identifiers),
        epub_date=parsed.epub_date,
        ecollection_year=parsed.ecollection_year,
        flags=tuple(flags),
        languages=tuple(languages),
        links=tuple(links),
        unparsed=tuple(unparsed),
    )


def _link(label: str, text: str) -> Link:
    relation = label.lower().replace(" ", "-")
    text = text.strip()
    match = _LINK_PMID.search(text)
    pmid = match.group("pmid") if match else None
    raw = (text[: match.start()] if match else text).strip() or None
    identifiers = (Identifier(scheme="pmid", value=pmid),) if pmid else ()
    return Link(relation=relation, citation=Citation(raw=raw, identifiers=identifiers))


def _language_codes(note: str) -> tuple[str, ...]:
    names = [name.strip().lower() for name in note.split(",")]
    codes = tuple(LANGUAGE_NAMES.get(name, "") for name in names)
    return codes if codes and all(codes) else ()


def language_code(name: str) -> str | None:
    """The ISO 639-2 code of a language name PubMed prints (`Spanish` -> `spa`)."""
    return LANGUAGE_NAMES.get(name.strip().lower())


# --- identifiers ---------------------------------------------------------------------------

_PMID = re.compile(r"[1-9]\d{0,8}")
_PMCID = re.compile(r"(?:PMC)?(?P<number>\d+)", re.IGNORECASE)
_NIHMS = re.compile(r"(?:NIHMS)?(?P<number>\d+)", re.IGNORECASE)


def is_pmid(text: str) -> bool:
    return bool(_PMID.fullmatch(text.strip()))


def normal_pmcid(text: str) -> str | None:
    """`PMC5996113` (also from `5996113`), or None for anything else."""
    match = _PMCID.fullmatch(text.strip())
    return f"PMC{match.group('number')}" if match else None


def normal_nihms(text: str) -> str | None:
    """`NIHMS123456` (also from `123456`), or None for anything else."""
    match = _NIHMS.fullmatch(text.strip())
    return f"NIHMS{match.group('number')}" if match else None


def merge_identifiers(*groups: Iterable[Identifier]) -> tuple[Identifier, ...]:
    """The identifiers in order, each scheme and value once (DOIs compared without case)."""
    seen: set[tuple[str, str]] = set()
    merged: list[Identifier] = []
    for group in groups:
        for ident in group:
            key = (ident.scheme, ident.value.lower() if ident.scheme == "doi" else ident.value)
            if key not in seen:
                seen.add(key)
                merged.append(ident)
    return tuple(merged)


# --- building a record ----------------------------------------------------------------------


@dataclass
class Draft:
    """A record being read: its field values, where each came from, and what to report."""

    adapter: str
    code: str
    file: str
    values: dict[str, Any] = field(default_factory=dict)
    sources: list[FieldSource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)

    def set(
        self,
        name: str,
        value: Any,
        span: LineSpan | None,
        *,
        heuristic: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Set field `name` (an empty value sets nothing) and say where it came from."""
        if value is None or value == "" or value == ():
            return
        self.values[name] = value
        self.sources.append(
            FieldSource(
                field=name,
                method="heuristic" if heuristic else "parsed",
                span=span,
                detail=heuristic or detail,
            )
        )

    def note(
        self,
        code: str,
        message: str,
        line: int | None,
        text: str | None = None,
        severity: Severity = "warning",
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=f"{self.code}.{code}",
                message=message,
                severity=severity,
                line=line,
                text=text,
            )
        )

    def keep(self, name: str, value: str) -> None:
        """Keep a value no field takes in `extra`."""
        if value.strip():
            self.extra.append((name, value.strip()))

    def apply_citation(self, cited: JournalCitation, span: LineSpan | None) -> None:
        """Set the journal, locator and note fields of a journal citation."""
        self.set("type", "article-journal", span)
        self.set("container_title_short", cited.journal, span)
        for name in (
            "issued",
            "volume",
            "issue",
            "pages",
            "pages_raw",
            "article_number",
            "epub_date",
            "ecollection_year",
        ):
            self.set(name, getattr(cited, name), span)
        self.set("flags", cited.flags, span)
        self.set("languages", cited.languages, span)
        self.set("links_to", cited.links, span)
        line = span.start if span else None
        for note in cited.unparsed:
            self.note("unread-note", "a citation note no rule reads; kept in extra", line, note)
            self.keep("note", note)

    def build(self, span: LineSpan, raw: str | None = None) -> Record:
        self.set("extra", tuple(self.extra), span)
        provenance = Provenance(
            adapter=self.adapter,
            file=self.file,
            span=span,
            fields=tuple(sorted(self.sources, key=_source_line)),
        )
        return Record(
            provenance=provenance,
            diagnostics=tuple(sorted(self.diagnostics, key=lambda d: d.line or 0)),
            raw=raw,
            **self.values,
        )


def _source_line(source: FieldSource) -> int:
    return source.span.start if source.span else 0
