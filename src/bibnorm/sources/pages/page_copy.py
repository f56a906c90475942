"""Any copied PubMed, PMC or Europe PMC article page: the `page-copy` source adapter.

The general page reader, for the page copies the template readers do not know: each line
is classified by its shape (`line_shapes.classify`) and one record is assembled from the
shapes, whatever order the site's template put them in. The identifiers come from the ID,
doi and citation lines; the journal from wherever the page shows it (the citation line,
`Published in final edited form as:`, the manuscript line, the `et al.` line, the logo
line); the title only where the layout makes it unambiguous (the first prose line after
the record's citation block, or before it when nothing but site chrome comes first).
Site chrome is reported as chrome (`page_copy.chrome`, an info diagnostic) and never
becomes a value; a copy that stops mid-word says so, and its half word is never a value.
Every line no rule took is reported. What it cannot place with certainty it leaves out,
with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Identifier,
    Keyword,
    LineSpan,
    Person,
    Record,
)
from bibnorm.parsing import parse_abstract
from bibnorm.parsing.pages import page_fields
from bibnorm.parsing.terms import (
    merge_mesh_headings,
    parse_mesh_term,
    parse_publication_type,
    parse_substance,
)
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources.pages.builder import PageBuilder
from bibnorm.sources.pages.line_shapes import (
    MAX_TITLE_CHARS,
    Kind,
    LineShape,
    classify,
    ends_complete,
)

ADAPTER_NAME = "page-copy"
CODE = "page_copy"

# Lines that show the record itself; the title sits next to them.
_RECORD_BLOCK = frozenset(
    {Kind.CITATION, Kind.DOI, Kind.PUBLISHED_ONLINE, Kind.IDS, Kind.MANUSCRIPT}
    | {Kind.FINAL_FORM, Kind.LOGO}
)
# Evidence that a text is a page showing a record, for `sniff`.
_EVIDENCE = frozenset(
    {Kind.CITATION, Kind.DOI, Kind.PUBLISHED_ONLINE, Kind.IDS, Kind.MANUSCRIPT}
    | {Kind.FINAL_FORM, Kind.LOGO, Kind.ET_AL, Kind.SEARCH_RESULT}
)
# PMC collections whose name stands on the logo line in place of a journal's.
_COLLECTIONS = frozenset(
    {"nihpa author manuscripts", "hhs author manuscripts", "sage choice", "pmc"}
    | {"europe pmc funders author manuscripts", "author manuscripts"}
)
_ABSTRACT_LABELS = frozenset(
    {"background", "methods", "results", "conclusions", "conclusion", "objective"}
    | {"objectives", "design", "setting", "participants", "interventions", "importance"}
    | {"main outcome measures", "main outcomes and measures", "purpose", "methodology"}
    | {"conclusions/significance", "principal findings", "findings", "summary"}
    | {"significance", "materials and methods", "aims", "aim", "motivation", "results"}
    | {"availability and implementation", "availability", "contact", "method", "result"}
    | {"supplementary information"}
)
_SNIFF_LINES = 200
_TEMPLATE_MARKS = re.compile(
    r"^(?:Copyright and License information|PMC Disclaimer|Find articles by .*"
    r"|\S.*\[(?:PubMed|Google Scholar|PMC free article)\])\s*$",
    re.MULTILINE,
)
# Below the template readers' confident scores, so a page they know keeps its reader.
_SCORE_TWO_KINDS = 0.55
_SCORE_MORE_KINDS = 0.6
_SCORE_ONE_KIND = 0.35
_SCORE_LOGO_PAGE = 0.7


@dataclass(frozen=True)
class Line:
    """One line of the page, its 1-based number and its shape."""

    number: int
    shape: LineShape

    @property
    def text(self) -> str:
        return self.shape.text


class PageCopyAdapter:
    """Reads any copied PubMed, PMC or Europe PMC article page by the shapes of its lines."""

    name = ADAPTER_NAME
    description = "PubMed, PMC or Europe PMC article page copied as text (any layout)"

    def sniff(self, sample: Sample) -> float:
        """How surely `sample` is one copied article page, always below a confident template
        reader: 0.7 for a logo line over a citation and ids, 0.6 for three kinds of record
        or page lines, 0.55 for two or a search result, 0.35 for text that shows a record
        but no page around it (or several records), 0 for no record line at all."""
        try:
            return _sniff_score(sample.text)
        except Exception:  # noqa: BLE001 - text a scorer cannot read is not its format
            return 0.0

    def parse(self, source: Source) -> Iterator[Record]:
        text = source.text
        lines = [Line(n, classify(raw)) for n, raw in enumerate(text.split("\n"), start=1)]
        yield _read_page(lines, source.name, cut=_is_cut(text, lines))


def _sniff_score(text: str) -> float:
    stripped = text.lstrip()
    if stripped.startswith(("<", "{", "[")) or "\nPMID- " in text or text.startswith("PMID-"):
        return 0.0
    kinds: set[Kind] = set()
    page_marks: set[Kind] = set()
    pmids: set[str] = set()
    citations = 0
    journal_less = False
    for raw in text.split("\n")[:_SNIFF_LINES]:
        shape = classify(raw)
        pmids.update(i.value for i in shape.identifiers if i.scheme == "pmid")
        if shape.kind in {Kind.CITATION, Kind.SEARCH_RESULT} or (
            shape.kind is Kind.FINAL_FORM and shape.locator is not None
        ):
            citations += 1
            journal_less = journal_less or (shape.kind is Kind.CITATION and not shape.journal)
        if shape.kind in _EVIDENCE:
            kinds.add(shape.kind)
        elif shape.kind is Kind.CHROME or (
            shape.kind is Kind.HEADING and shape.text.casefold() == "abstract"
        ):
            # The site's own lines: a page, not a reference list, but no record by themselves.
            page_marks.add(shape.kind)
    if not kinds:
        return 0.0
    if len(pmids) > 1 or citations > 1:
        # Several records (a result list, a page with its related items): not one page's.
        return _SCORE_ONE_KIND
    if Kind.SEARCH_RESULT in kinds:
        return _SCORE_TWO_KINDS
    if Kind.LOGO in kinds and len(kinds) >= 3:
        # A journal logo line over a citation and ids: a PMC page the PMC copy reader
        # (which knows no logo line) would read chrome from.
        return _SCORE_LOGO_PAGE
    if _TEMPLATE_MARKS.search(text):
        # The PMC article template the `pmc-text` reader knows (licence links, reference
        # link labels, author links): that reader reads the whole page; yield to it.
        return _SCORE_ONE_KIND
    page_lines = kinds & {Kind.LOGO, Kind.ET_AL, Kind.PUBLISHED_ONLINE, Kind.SEARCH_RESULT}
    if not page_lines and not page_marks and not journal_less:
        # Record lines with nothing of a web page around them: an export or a reference
        # list, which other readers read.
        return _SCORE_ONE_KIND
    kinds |= page_marks
    if len(kinds) >= 3:
        return _SCORE_MORE_KINDS
    if len(kinds) == 2:
        return _SCORE_TWO_KINDS
    return _SCORE_ONE_KIND if kinds else 0.0


def _is_cut(text: str, lines: list[Line]) -> bool:
    """True when the copy stops inside a line: no final line end, and an unfinished line."""
    if text.endswith("\n"):
        return False
    last = next((line for line in reversed(lines) if line.shape.kind is not Kind.BLANK), None)
    if last is None or last.shape.kind in {Kind.CHROME, Kind.HEADING, Kind.LIST_ITEM}:
        return False
    return not ends_complete(last.shape.text)


def _read_page(lines: list[Line], file: str, *, cut: bool) -> Record:
    builder = PageBuilder(adapter=ADAPTER_NAME, code=CODE, file=file)
    content = [line for line in lines if line.shape.kind is not Kind.BLANK]
    tail = content[-1] if cut and content else None
    if tail is not None:
        builder.note(
            "cut-off",
            "the copy ends mid-line: it was cut off here, and its last word is not read",
            tail,
        )
    for line in content:
        if line.shape.kind is Kind.CHROME:
            builder.chrome(line)
    _read_citation_block(content, builder)
    title_at = _read_title(content, builder, tail)
    _read_authors(content, builder, title_at)
    _read_keywords(content, builder, tail)
    _read_abstract(content, builder, tail)
    _read_terms(content, builder)
    builder.report_unclaimed(content)
    if "title" not in builder.values:
        builder.note("no-title", "the page shows no title this reader can place", None)
    if not {"container_title", "container_title_short"} & builder.values.keys():
        builder.note("no-journal", "the page shows no journal this reader can place", None)
    return builder.record(LineSpan(start=lines[0].number, end=lines[-1].number))


def _read_citation_block(content: list[Line], builder: PageBuilder) -> None:
    """Identifiers, journal, date, volume, issue and pages from the record's own lines."""
    identifiers: dict[str, tuple[Identifier, Line]] = {}
    journals: dict[str, tuple[str, Line]] = {}
    cited: Line | None = None
    for line in content:
        shape = line.shape
        kind = shape.kind
        if kind in {Kind.CITATION, Kind.SEARCH_RESULT} or (
            kind is Kind.FINAL_FORM and shape.locator is not None
        ):
            if cited is not None:
                continue  # a later citation is a reference's or the body's: not the record's
            cited = line
        elif kind is Kind.ET_AL:
            if "et_al" in journals:
                continue
        elif kind not in {Kind.DOI, Kind.PUBLISHED_ONLINE, Kind.IDS, Kind.MANUSCRIPT}:
            if kind is Kind.LOGO:
                builder.claim(line)
                if shape.journal and shape.journal.casefold() not in _COLLECTIONS:
                    journals.setdefault("logo", (shape.journal, line))
                else:
                    builder.note("chrome", "logo line naming no journal: site chrome", line, "info")
            elif kind is Kind.FINAL_FORM:
                builder.claim(line)
            continue
        builder.claim(line)
        for identifier in shape.identifiers:
            identifiers.setdefault(identifier.scheme, (identifier, line))
        if shape.journal:
            journals.setdefault(kind.value, (shape.journal, line))
        if kind in {Kind.SEARCH_RESULT} and shape.authors:
            author = shape.authors[0]
            builder.set_field(
                "authors", (Person(family=author.family, initials=author.given),), line
            )
            builder.set_field("et_al", True, line)
        if shape.epub_date is not None and "epub_date" not in builder.values:
            builder.set_field("epub_date", shape.epub_date, line)
        if shape.unparsed:
            builder.note("unparsed-text", f"part of the citation line: {shape.unparsed!r}", line)
    if cited is not None and cited.shape.locator is not None:
        locator = cited.shape.locator
        if locator.issued is not None:
            builder.set_field("issued", locator.issued, cited)
        if locator.volume:
            builder.set_field("volume", locator.volume, cited)
        if locator.issue:
            builder.set_field("issue", locator.issue, cited)
        written = locator.pages or locator.article_number
        for name, value in page_fields(written).items():
            builder.set_field(name, value, cited)
        if locator.article_number:
            builder.set_field("article_number", locator.article_number, cited)
    for source in ("citation", "search-result", "final-form", "manuscript", "et-al"):
        if source in journals:
            journal, line = journals[source]
            builder.set_field("container_title_short", journal, line)
            break
    else:
        if "logo" in journals:
            journal, line = journals["logo"]
            builder.set_field("container_title", journal, line)
    if identifiers:
        order = {"pmid": 0, "pmcid": 1, "nihms": 2, "doi": 3}
        found = sorted(identifiers.values(), key=lambda pair: order.get(pair[0].scheme, 4))
        builder.set_field(
            "identifiers", tuple(pair[0] for pair in found), *(pair[1] for pair in found)
        )


def _read_title(content: list[Line], builder: PageBuilder, tail: Line | None) -> int | None:
    """The title: the first prose line after the record block, or the one just before it
    when only chrome precedes it. Returns its index in `content`."""
    anchor = next((i for i, line in enumerate(content) if line.shape.kind in _RECORD_BLOCK), None)
    if anchor is None:
        return None
    index = anchor
    while index < len(content) and content[index].shape.kind in _RECORD_BLOCK | {Kind.CHROME}:
        index += 1
    chosen: int | None = None
    if index < len(content) and _is_title(content[index], tail):
        chosen = index
    else:
        before = [i for i in range(anchor) if content[i].shape.kind is not Kind.CHROME]
        if len(before) == 1 and _is_title(content[before[0]], tail):
            chosen = before[0]
    if chosen is None:
        builder.note("title-unsure", "no line stands where this layout puts the title", None)
        return None
    line = content[chosen]
    builder.claim(line)
    builder.set_field("title", line.shape.text, line)
    # PubMed repeats the title under `Affiliations`.
    for other in content[chosen + 1 : chosen + 4]:
        heading = other.shape.kind is Kind.HEADING
        if (heading and other.shape.text.casefold() == "affiliations") or (
            other.shape.text == line.shape.text
        ):
            builder.claim(other)
    return chosen


def _is_title(line: Line, tail: Line | None) -> bool:
    text = line.shape.text
    return (
        line.shape.kind is Kind.PROSE
        and line is not tail
        and len(text.split()) >= 2
        and len(text) <= MAX_TITLE_CHARS
    )


def _read_authors(content: list[Line], builder: PageBuilder, title_at: int | None) -> None:
    """The author line right under the title, else the first author of an `et al.` line."""
    if title_at is not None:
        for line in content[title_at + 1 : title_at + 4]:
            if line.shape.kind is Kind.AUTHORS:
                people = tuple(
                    Person(
                        family=author.family,
                        given=author.given,
                        corresponding="*" in author.markers,
                        raw=author.name,
                    )
                    for author in line.shape.authors
                )
                builder.claim(line)
                builder.set_field("authors", people, line)
                return
            if line.shape.kind not in {Kind.IDS, Kind.HEADING} or (
                line.shape.text.casefold() == "abstract"
            ):
                break
    if "authors" in builder.values:
        return
    et_al = next((line for line in content if line.shape.kind is Kind.ET_AL), None)
    if et_al is not None and et_al.shape.authors:
        author = et_al.shape.authors[0]
        builder.set_field(
            "authors", (Person(family=author.family, given=author.given, raw=author.name),), et_al
        )
        builder.set_field("et_al", True, et_al)


# The record's term sections and how one item of each is read (the shared grammars).
_TERM_SECTIONS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "publication types": ("publication_types", parse_publication_type),
    "mesh terms": ("mesh_terms", parse_mesh_term),
    "substances": ("substances", parse_substance),
}
_BULLET = re.compile(r"^\s*[•·▪◦‣-]\s+")


def _read_terms(content: list[Line], builder: PageBuilder) -> None:
    """The bulleted items under `Publication types`, `MeSH terms` and `Substances`
    (today's pages show the headings folded, with no items: those stay headings)."""
    for at, line in enumerate(content):
        section = _TERM_SECTIONS.get(line.shape.text.rstrip(" :").casefold())
        if line.shape.kind is not Kind.HEADING or section is None:
            continue
        builder.claim(line)
        name, parse = section
        items: list[Line] = []
        for item in content[at + 1 :]:
            if item.shape.kind is not Kind.LIST_ITEM or not _BULLET.match(item.shape.text):
                break
            items.append(item)
        values = [parse(_BULLET.sub("", item.shape.text)) for item in items]
        kept = [(value, item) for value, item in zip(values, items, strict=True) if value]
        if not kept:
            continue
        terms = [value for value, _ in kept]
        if name == "mesh_terms":
            terms = list(merge_mesh_headings(terms))
        builder.claim(*(item for _, item in kept))
        builder.set_field(name, tuple(terms), *(item for _, item in kept))


def _read_keywords(content: list[Line], builder: PageBuilder, tail: Line | None) -> None:
    line = next((line for line in content if line.shape.kind is Kind.KEYWORDS), None)
    if line is None:
        return
    builder.claim(line)
    terms = list(line.shape.terms)
    if line is tail and terms:
        dropped = terms.pop()
        builder.note("cut-keyword", f"the last keyword may be cut off: {dropped!r}", line)
    if terms:
        builder.set_field("keywords", tuple(Keyword(term=term) for term in terms), line)


def _read_abstract(content: list[Line], builder: PageBuilder, tail: Line | None) -> None:
    """The paragraphs under the first `Abstract` heading, with their section headings."""
    start = next(
        (
            i
            for i, line in enumerate(content)
            if line.shape.kind is Kind.HEADING and line.shape.text.casefold() == "abstract"
        ),
        None,
    )
    if start is None:
        return
    sections: list[tuple[str | None, str]] = []
    used: list[Line] = []
    label: str | None = None
    for line in content[start + 1 :]:
        kind = line.shape.kind
        text = line.shape.text
        if kind is Kind.HEADING and text.rstrip(" :").casefold() in _ABSTRACT_LABELS:
            label = text.rstrip(" :")
            used.append(line)
            continue
        if kind is not Kind.PROSE or line.number in builder.claimed:
            break
        if line is tail:
            text = text.rsplit(" ", 1)[0] if " " in text else ""
            if not text:
                break
        sections.append((label, text))
        used.append(line)
        label = None
    if not sections:
        return
    if any(section_label for section_label, _ in sections):
        abstract: Abstract | None = Abstract(
            sections=tuple(AbstractSection(text=t, label=lab) for lab, t in sections)
        )
    else:
        abstract = parse_abstract([t for _, t in sections])
    if abstract is None:
        return
    builder.claim(content[start], *used)
    builder.set_field("abstract", abstract, content[start], *used)


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Register the general page-copy reader."""
    register(PageCopyAdapter())


__all__ = ["ADAPTER_NAME", "PageCopyAdapter", "bibnorm_register_sources"]
