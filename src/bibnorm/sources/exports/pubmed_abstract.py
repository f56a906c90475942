"""PubMed's "Abstract (text)" export: the `pubmed-abstract` source adapter.

PubMed's "Save: Abstract (text)" writes each article as numbered paragraphs, hard-wrapped
at 80 columns, records separated by blank lines:

    1. Nature. 2009 Oct 15;461(7266):923-9. doi: 10.1038/nature08479. Epub 2009 Sep 20.

    Title of the article, possibly over
    several lines.

    Smith J(1), Doe A(1)(2).

    Author information:
    (1)Department of Biology, University of X, City, Country.
    (2)Institute of Y, City, Country.

    BACKGROUND: The abstract, one paragraph per section...

    Copyright © 2009 ...

    DOI: 10.1038/nature08479
    PMCID: PMC2777462
    PMID: 19829374  [Indexed for MEDLINE]

    Conflict of interest statement: None declared.

A record starts at a numbered paragraph whose number follows the previous record's and
which reads as a journal citation (`Journal. 2009 ...`), once the previous record has had
its `PMID:` footer: a numbered line inside an abstract (`2. Patients were ...`) is text
of that abstract. The pre-2020 export (`1: ` or `1. ` numbering, `[PubMed - indexed for
MEDLINE]`) has the same shape and is read the same way.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Citation,
    Diagnostic,
    FailedRecord,
    Identifier,
    LineSpan,
    Link,
    Person,
    Record,
)
from bibnorm.parsing import parse_abstract, parse_keywords, strip_final_period
from bibnorm.parsing.terms import KEYWORDS_PREFIX
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.exports.pubmed_export import (
    Draft,
    Joined,
    is_author_list,
    join_wrapped,
    language_code,
    merge_identifiers,
    normal_nihms,
    normal_pmcid,
    parse_journal_citation,
    parse_short_authors,
)
from bibnorm.sources.pages.pubmed_page import LINK_HEADINGS as PAGE_LINK_HEADINGS

ADAPTER_NAME = "pubmed-abstract"
CODE = "pubmed_abstract"

_NUMBERED = re.compile(r"^(?P<number>\d{1,6})[.:]\s+(?=\S)")
# A journal citation's shape on a record's first line: a name, a period, a year.
_CITATION_START = re.compile(r"^\d{1,6}[.:]\s+[^.]+?\.\s+(?:1[5-9]|2\d)\d\d\b")
_FOOTER = re.compile(r"^(?P<kind>DOI|PMCID|PMID|NIHMSID|PII):\s*(?P<value>.*)$")
_PMID_VALUE = re.compile(r"(?P<pmid>\d+)\s*(?P<rest>.*)$")
_STATUS = re.compile(r"\[(?P<status>[^\]]+)\]")
_AUTHOR_INFO = "Author information:"
_AFFILIATION_START = re.compile(r"^\((?P<number>\d+)\)\s*")
_ARTICLE_LANGUAGE = re.compile(r"^\[Article in (?P<languages>[^;\]]+)(?P<rest>[^\]]*)\]$")
_SECTION_LABEL = re.compile(r"^[A-Z][A-Z0-9 ,&/()'-]{2,}:\s")
_COI = re.compile(r"^Conflict of interest statement:\s*", re.IGNORECASE)
_NO_ABSTRACT = "No abstract available."
# The export names the same link lists as the page does, and partial retractions too.
LINK_HEADINGS = PAGE_LINK_HEADINGS | {"partial retraction in", "partial retraction of"}
_LINK_PMID = re.compile(r"\s*PMID:\s*(?P<pmid>\d+)\.?\s*$")

_SNIFF_SKIP = 1
_SNIFF_FOOTER = re.compile(r"^PMID:\s*\d+", re.MULTILINE)
_SNIFF_MARKS = re.compile(r"^(?:Author information:|DOI: |PMCID: )", re.MULTILINE)


@dataclass
class Paragraph:
    """Lines of a record between blank lines."""

    lines: list[tuple[int, str]]

    @property
    def first(self) -> str:
        return self.lines[0][1].strip()

    def joined(self) -> Joined:
        return join_wrapped(self.lines)

    def span(self) -> LineSpan:
        return LineSpan(start=self.lines[0][0], end=self.lines[-1][0])


@dataclass
class Block:
    """One record's paragraphs, the first being its numbered citation."""

    number: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    def span(self) -> LineSpan:
        return LineSpan(start=self.paragraphs[0].lines[0][0], end=self.paragraphs[-1].lines[-1][0])


class PubmedAbstractAdapter:
    """Reads PubMed's "Abstract (text)" export."""

    name = ADAPTER_NAME
    description = "PubMed Abstract (text) export: numbered records with abstracts and footers"

    def sniff(self, sample: Sample) -> float:
        """0.9 for text starting with a numbered citation paragraph, `PMID:` footers after."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per numbered citation; text before the first is a `FailedRecord`."""
        lines = source.lines()
        if lines:
            lines[0] = lines[0].removeprefix("\ufeff")
        before, blocks = split_records(lines)
        if before:
            yield _failed(source.name, before, lines)
        for block in blocks:
            yield read_block(block, source.name)


def _sniff_score(text: str) -> float:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.lstrip("\ufeff")) if p.strip()]
    # A paragraph above the first record (a saved search, a note) is tolerated.
    skipped = next(
        (
            i
            for i, paragraph in enumerate(paragraphs[: _SNIFF_SKIP + 1])
            if _CITATION_START.match(paragraph.strip().split("\n")[0])
        ),
        None,
    )
    if skipped is None:
        return 0.0
    paragraph = paragraphs[skipped]
    lines = paragraph.strip().split("\n")
    # The citation is a paragraph of its own (one or two lines), unlike a summary record.
    if len(lines) > 2 or "PMID:" in paragraph:
        return 0.0
    if _SNIFF_FOOTER.search(text) is None:
        return 0.5 if _SNIFF_MARKS.search(text) else 0.0
    return 0.9 if skipped == 0 else 0.7


def split_records(lines: list[str]) -> tuple[list[Paragraph], list[Block]]:
    """The paragraphs before the first record, and each record's paragraphs."""
    before: list[Paragraph] = []
    blocks: list[Block] = []
    blank_run = 2
    pmid_seen = False
    current: Paragraph | None = None
    for number, text in enumerate(lines, start=1):
        line = text.rstrip()
        if not line.strip():
            blank_run += 1
            current = None
            continue
        if current is None:
            expected = blocks[-1].number + 1 if blocks else None
            match = _NUMBERED.match(line)
            starts = (
                match is not None
                and _CITATION_START.match(line) is not None
                and (expected is None or int(match.group("number")) == expected)
                and (pmid_seen or blank_run >= 2 or _reads_as_citation(line))
            )
            current = Paragraph(lines=[])
            if starts and match is not None:
                blocks.append(Block(number=int(match.group("number"))))
                pmid_seen = False
            (blocks[-1].paragraphs if blocks else before).append(current)
        current.lines.append((number, line))
        pmid_seen = pmid_seen or line.startswith("PMID:")
        blank_run = 0
    return before, blocks


def _reads_as_citation(line: str) -> bool:
    """True when a numbered line is a journal citation, not a numbered sentence."""
    match = _NUMBERED.match(line)
    return match is not None and parse_journal_citation(line[match.end() :]) is not None


def _failed(file: str, paragraphs: list[Paragraph], lines: list[str]) -> FailedRecord:
    start, end = paragraphs[0].lines[0][0], paragraphs[-1].lines[-1][0]
    diagnostic = Diagnostic(
        code=f"{CODE}.not-a-record",
        message="text before the first numbered record",
        severity="error",
        line=start,
    )
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=LineSpan(start=start, end=end),
        raw="\n".join(lines[start - 1 : end]),
        diagnostics=(diagnostic,),
    )


def read_block(block: Block, file: str) -> Record:
    reader = RecordReader(Draft(adapter=ADAPTER_NAME, code=CODE, file=file))
    reader.read(block.paragraphs)
    return reader.draft.build(block.span())


@dataclass
class RecordReader:
    """Reads a record's paragraphs in order: citation, title, authors, the rest."""

    draft: Draft
    identifiers: list[Identifier] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    markers: list[tuple[str, ...]] = field(default_factory=list)
    affiliations: dict[str, str] = field(default_factory=dict)
    unnumbered: list[str] = field(default_factory=list)
    abstract: list[Paragraph] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    footer_seen: bool = False
    author_span: LineSpan | None = None
    affiliation_span: LineSpan | None = None
    footer_span: LineSpan | None = None
    link_span: LineSpan | None = None
    citation_span: LineSpan | None = None

    def read(self, paragraphs: list[Paragraph]) -> None:
        self._citation(paragraphs[0])
        rest = paragraphs[1:]
        if rest and not self._is_special(rest[0]):
            title = rest[0].joined()
            self.draft.set("title", strip_final_period(title.text) or None, title.whole())
            rest = rest[1:]
        else:
            self.note("no-title", "no title paragraph after the citation", paragraphs[0].span())
        for index, paragraph in enumerate(rest):
            self._paragraph(paragraph, rest[index + 1 :], first=index == 0)
        self._finish()

    def note(self, code: str, message: str, span: LineSpan | None, text: str | None = None) -> None:
        self.draft.note(code, message, span.start if span else None, text)

    def _citation(self, paragraph: Paragraph) -> None:
        joined = paragraph.joined()
        self.citation_span = paragraph.span()
        prefix = _NUMBERED.match(joined.text)
        text = joined.text[prefix.end() :] if prefix else joined.text
        cited = parse_journal_citation(text)
        if cited is None:
            self.note(
                "unread-citation",
                "the citation is no journal citation; kept in extra",
                paragraph.span(),
                text,
            )
            self.draft.keep("citation", text)
            return
        self.draft.apply_citation(cited, joined.whole())
        self.identifiers.extend(cited.identifiers)

    def _is_special(self, paragraph: Paragraph) -> bool:
        first = paragraph.first
        return (
            first.startswith(_AUTHOR_INFO)
            or _FOOTER.match(first) is not None
            or first.rstrip(":").lower() in LINK_HEADINGS
        )

    def _paragraph(self, paragraph: Paragraph, following: list[Paragraph], *, first: bool) -> None:
        text = paragraph.first
        joined = paragraph.joined()
        if text.startswith(_AUTHOR_INFO):
            self._author_information(paragraph)
        elif _FOOTER.match(text):
            self._footer(paragraph)
        elif text.rstrip(":").lower() in LINK_HEADINGS:
            self._link_paragraph(paragraph)
        elif _ARTICLE_LANGUAGE.match(joined.text):
            self._article_language(joined)
        elif _COI.match(joined.text):
            coi = _COI.sub("", joined.text)
            self.draft.set("conflict_of_interest", coi or None, joined.whole())
        elif joined.text.startswith(KEYWORDS_PREFIX):
            self.draft.set("keywords", parse_keywords(joined.text), joined.whole())
        elif joined.text == _NO_ABSTRACT:
            self.flags.append(_NO_ABSTRACT.rstrip("."))
        elif not self.people and not self.abstract and self._is_authors(paragraph, following):
            self._authors(joined)
        elif not self.footer_seen:
            self.abstract.append(paragraph)
        else:
            self.note(
                "unclaimed-paragraph",
                "a paragraph after the footer no rule took; kept in extra",
                paragraph.span(),
                joined.text,
            )
            self.draft.keep("paragraph", joined.text)

    def _is_authors(self, paragraph: Paragraph, following: list[Paragraph]) -> bool:
        text = paragraph.joined().text
        if following and following[0].first.startswith(_AUTHOR_INFO):
            return True
        return is_author_list(text) and not self.abstract

    def _authors(self, joined: Joined) -> None:
        parsed = parse_short_authors(joined.text)
        self.people = list(parsed.people)
        self.markers = list(parsed.markers)
        self.author_span = joined.whole()
        if parsed.et_al:
            self.draft.set("et_al", True, joined.whole())
        for odd in parsed.odd:
            self.draft.note(
                "odd-name",
                "an author name not in the form `Family AB`",
                joined.whole().start,
                odd,
                "info",
            )

    def _author_information(self, paragraph: Paragraph) -> None:
        first_number, first_text = paragraph.lines[0]
        after = first_text.strip()[len(_AUTHOR_INFO) :].strip()
        lines = ([(first_number, after)] if after else []) + paragraph.lines[1:]
        entries: list[tuple[str | None, list[tuple[int, str]]]] = []
        for number, text in lines:
            start = _AFFILIATION_START.match(text.strip())
            if start is not None or not entries:
                label = start.group("number") if start else None
                body = text.strip()[start.end() :] if start else text
                entries.append((label, [(number, body)]))
            else:
                entries[-1][1].append((number, text))
        for label, entry_lines in entries:
            text = join_wrapped(entry_lines).text
            if label is None:
                self.unnumbered.append(text)
            else:
                self.affiliations[label] = text
        self.affiliation_span = paragraph.span()

    def _footer(self, paragraph: Paragraph) -> None:
        self.footer_seen = True
        for number, text in paragraph.lines:
            match = _FOOTER.match(text.strip())
            span = LineSpan(start=number, end=number)
            if match is None:
                self.note("unclaimed-line", "a footer line no rule took; kept in extra", span, text)
                self.draft.keep("footer", text)
                continue
            kind, value = match.group("kind"), match.group("value").strip()
            if kind == "PMID":
                self._pmid(value, span)
            elif kind == "DOI":
                self.identifiers.append(Identifier(scheme="doi", value=value))
            elif kind == "PII":
                self.identifiers.append(Identifier(scheme="pii", value=value))
            elif kind == "PMCID" and normal_pmcid(value):
                self.identifiers.append(Identifier(scheme="pmcid", value=normal_pmcid(value) or ""))
            elif kind == "NIHMSID" and normal_nihms(value):
                self.identifiers.append(Identifier(scheme="nihms", value=normal_nihms(value) or ""))
            else:
                self.note("bad-identifier", f"{kind} is not one; kept in extra", span, value)
                self.draft.keep(kind, value)
        self.footer_span = paragraph.span()

    def _pmid(self, value: str, span: LineSpan) -> None:
        match = _PMID_VALUE.match(value)
        if match is None:
            self.note("bad-identifier", "PMID is not one; kept in extra", span, value)
            self.draft.keep("PMID", value)
            return
        self.identifiers.insert(0, Identifier(scheme="pmid", value=match.group("pmid")))
        rest = match.group("rest")
        self.flags.extend(m.group("status").strip() for m in _STATUS.finditer(rest))
        if _STATUS.sub("", rest).strip():
            self.note(
                "unclaimed-text", "text on the PMID line no rule took; kept in extra", span, rest
            )
            self.draft.keep("PMID line", rest)

    def _link_paragraph(self, paragraph: Paragraph) -> None:
        relation = paragraph.first.rstrip(":").lower().replace(" ", "-")
        entries: list[list[tuple[int, str]]] = []
        indent: int | None = None
        for number, text in paragraph.lines[1:]:
            depth = len(text) - len(text.lstrip())
            if indent is None or depth <= indent:
                indent = depth if indent is None else indent
                entries.append([(number, text)])
            else:
                entries[-1].append((number, text))
        if not entries:
            self.note("empty-link", "a link heading without a citation", paragraph.span())
        for entry in entries:
            text = join_wrapped(entry).text
            match = _LINK_PMID.search(text)
            raw = (text[: match.start()] if match else text).strip() or None
            ids = (Identifier(scheme="pmid", value=match.group("pmid")),) if match else ()
            self.links.append(Link(relation=relation, citation=Citation(raw=raw, identifiers=ids)))
        self.link_span = paragraph.span()

    def _article_language(self, joined: Joined) -> None:
        match = _ARTICLE_LANGUAGE.match(joined.text)
        if match is None:
            return
        names = re.split(r",|\band\b", match.group("languages"))
        codes = [language_code(name) for name in names if name.strip()]
        if codes and all(codes):
            self.draft.set("languages", tuple(c for c in codes if c), joined.whole())
        else:
            self.note(
                "unknown-language",
                "a language name not known; kept in extra",
                joined.whole(),
                joined.text,
            )
            self.draft.keep("article language", joined.text)
        if match.group("rest").strip(" ;"):
            self.draft.keep("article language note", match.group("rest").strip(" ;"))

    def _finish(self) -> None:
        people = self._people_with_affiliations()
        if people:
            self.draft.set("authors", tuple(people), self.author_span)
        if self.abstract:
            texts = [text for p in self.abstract for text in _sections(p)]
            span = LineSpan(start=self.abstract[0].span().start, end=self.abstract[-1].span().end)
            self.draft.set("abstract", parse_abstract(texts), span)
        if self.links:
            existing: tuple[Link, ...] = self.draft.values.get("links_to", ())
            self.draft.set("links_to", existing + tuple(self.links), self.link_span)
        if self.flags:
            existing_flags: tuple[str, ...] = self.draft.values.get("flags", ())
            new = tuple(f for f in self.flags if f not in existing_flags)
            self.draft.set("flags", existing_flags + new, self.footer_span)
        footer = self.footer_span or self.citation_span
        if not any(i.scheme == "pmid" for i in self.identifiers):
            self.note("no-pmid", "the record has no PMID footer", self.citation_span)
        self.draft.set("identifiers", merge_identifiers(self.identifiers), footer)

    def _people_with_affiliations(self) -> list[Person]:
        used: set[str] = set()
        people: list[Person] = []
        for person, numbers in zip(self.people, self.markers, strict=True):
            places = tuple(self.affiliations[n] for n in numbers if n in self.affiliations)
            used.update(numbers)
            for number in numbers:
                if number not in self.affiliations:
                    self.note(
                        "unknown-affiliation",
                        f"no affiliation ({number}) is listed",
                        self.author_span,
                        person.raw,
                    )
            people.append(dataclasses.replace(person, affiliations=places) if places else person)
        span = self.affiliation_span
        for number, text in self.affiliations.items():
            if number not in used and span is not None:
                self.note(
                    "unused-affiliation",
                    f"affiliation ({number}) names no author; kept in extra",
                    span,
                    text,
                )
                self.draft.keep("affiliation", text)
        if self.unnumbered and span is not None:
            if people:
                # As MEDLINE and PubMed XML do with an affiliation given once: the first author's.
                first = people[0]
                people[0] = dataclasses.replace(
                    first, affiliations=first.affiliations + tuple(self.unnumbered)
                )
                self.draft.note(
                    "unnumbered-affiliation",
                    "affiliations without numbers given to the first author",
                    span.start,
                    None,
                    "info",
                )
            else:
                for text in self.unnumbered:
                    self.draft.keep("affiliation", text)
        return people


def _sections(paragraph: Paragraph) -> list[str]:
    """A paragraph's text, cut before each line that starts with a `LABEL:` of a
    structured abstract (sections come one per paragraph, or one per line)."""
    groups: list[list[tuple[int, str]]] = []
    for number, text in paragraph.lines:
        if not groups or _SECTION_LABEL.match(text):
            groups.append([])
        groups[-1].append((number, text))
    return [join_wrapped(group).text for group in groups]


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-abstract` adapter."""
    register(PubmedAbstractAdapter())


__all__ = [
    "ADAPTER_NAME",
    "LINK_HEADINGS",
    "PubmedAbstractAdapter",
    "bibnorm_register_sources",
    "read_block",
    "split_records",
]
