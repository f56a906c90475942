"""PubMed abstract pages saved as text: the `pubmed-text` source adapter.

A page dump is what a browser gives when a PubMed abstract page is selected and copied:

    Title of the article
    - PMID: 35743275
    - PMCID: PMC9224636
    - DOI: 10.3390/ijms23126832
    Title of the article
    Abstract
    ...
    Keywords: a; b; c.
    Similar articles
    -
    Title.Journal. 2022 Apr;166:189-196. doi: ... Journal. 2022. PMID: 35306320
    References
    -
    - Author A., ... Title. J. Abbr. 2019;17:99. doi: ... - DOI - PMC - PubMed
    MeSH terms
    ...

Sections start at known heading lines; list items follow a line holding only `-`. Every
line either feeds a field or is reported in a diagnostic, so nothing is dropped silently.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Citation,
    Diagnostic,
    FailedRecord,
    FieldSource,
    Identifier,
    Keyword,
    LineSpan,
    Link,
    MeshHeading,
    Provenance,
    Record,
    Severity,
)
from bibnorm.parsing import (
    ParsedCitation,
    looks_like_name,
    looks_like_term,
    merge_mesh_headings,
    parse_abstract,
    parse_compact_citation,
    parse_grant,
    parse_keywords,
    parse_mesh_term,
    parse_publication_type,
    parse_reference,
    parse_substance,
)
from bibnorm.parsing.terms import KEYWORDS_PREFIX
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero

ADAPTER_NAME = "pubmed-text"
CODE = "pubmed_text"

# Headings whose content becomes a record field, by the name of their section kind.
FIELD_HEADINGS: dict[str, str] = {
    "abstract": "abstract",
    "conflict of interest statement": "conflict_of_interest",
    "similar articles": "similar",
    "cited by": "cited_by",
    "references": "references",
    "publication types": "publication_types",
    "mesh terms": "mesh_terms",
    "substances": "substances",
    "grants and funding": "grants",
    "linkout - more resources": "linkout",
}
# Headings of links to other articles (`Link.relation` is the heading, hyphenated).
LINK_HEADINGS = frozenset(
    {
        "comment in",
        "comment on",
        "erratum in",
        "erratum for",
        "retraction in",
        "retraction of",
        "retracted and republished in",
        "retracted and republished from",
        "update in",
        "update of",
        "republished in",
        "republished from",
        "corrected and republished in",
        "corrected and republished from",
        "expression of concern in",
        "expression of concern for",
        "reprint in",
        "reprint of",
        "summary for patients in",
        "original report in",
    }
)
# Headings pages show whose content has no record field: recognised, reported as such.
UNMAPPED_HEADINGS = frozenset(
    {
        "figures",
        "related information",
        "full text links",
        "supplementary info",
        "associated data",
        "affiliations",
        "comments",
        "similar articles and cited by",
        "cite",
        "actions",
        "share",
        "page navigation",
    }
)
_HEADING_COUNT = re.compile(r"\s*(?:\(\d+\)|\d+(?:\s+articles?)?)$")
_ID_BULLET = re.compile(r"-\s+(?P<key>[A-Za-z][A-Za-z ]{0,30}?):\s*(?P<value>\S.*)")
_BULLET_SCHEMES = {
    "pmid": "pmid",
    "pmcid": "pmcid",
    "doi": "doi",
    "nihmsid": "nihms",
    "nihms": "nihms",
    "pii": "pii",
    "bookshelf id": "nbk",
}
_ITEM_MARKER = "-"
_LIST_KINDS = ("similar", "cited_by", "references", "link")
_TERM_KINDS = ("publication_types", "mesh_terms", "substances", "grants", "linkout")

# sniff: what a page dump shows and other PubMed formats do not.
_SNIFF_ID_BULLET = re.compile(r"^- PMID: \d+\s*$", re.MULTILINE)
_SNIFF_COMPACT = re.compile(r"\.\s\d{4}\.\sPMID:\s\d+", re.MULTILINE)
_SNIFF_HEADINGS = re.compile(
    r"^(?:Abstract|Similar articles|Cited by|References|MeSH terms|Publication types"
    r"|LinkOut - more resources)\s*$",
    re.MULTILINE,
)
_SNIFF_PAGE_IDS = re.compile(
    r"^(?:[*•]\s+)?PMID:\s*\d+\s*(?:(?:PMCID:\s*PMC\d+\s*)?DOI:\s*10\.\S+"
    r"|\n(?:[*•]\s+)?(?:PMCID|DOI):\s*\S+|PMCID:\s*PMC\d+|\nAbstract)\s*$",
    re.MULTILINE,
)
_SNIFF_COPY_MARKS = re.compile(r"^(?:Affiliations(?: expand)?|PubMed Disclaimer)\s*$", re.MULTILINE)
_SNIFF_MEDLINE = re.compile(r"^PMID- ?\d+", re.MULTILINE)
_SNIFF_XML = re.compile(r"^\s*<(?:\?xml|!DOCTYPE|PubmedArticle|MedlineCitation)")


def heading_kind(line: str) -> tuple[str, str] | None:
    """`(kind, name)` when `line` is a section heading, else None.

    `kind` is a field name (`similar`, `mesh_terms` ...), `link` or `unmapped`; `name`
    is the heading in lower case without a trailing count (`Cited by 12 articles`).
    """
    name = " ".join(line.split()).rstrip(":").lower()
    name = _HEADING_COUNT.sub("", name) if name.startswith(("cited by", "references")) else name
    if name in FIELD_HEADINGS:
        return FIELD_HEADINGS[name], name
    if name in LINK_HEADINGS:
        return "link", name
    if name in UNMAPPED_HEADINGS:
        return "unmapped", name
    return None


@dataclass(frozen=True)
class Line:
    """One line of the input and its 1-based number."""

    number: int
    text: str


@dataclass
class Section:
    """A heading line and the lines up to the next heading."""

    kind: str
    name: str
    heading: Line
    lines: list[Line] = field(default_factory=list)

    def content(self) -> list[Line]:
        return [line for line in self.lines if line.text.strip()]


@dataclass(frozen=True)
class Item:
    """One entry of a list section: its lines joined, and where it is."""

    text: str
    span: LineSpan
    is_last_in_input: bool = False


@dataclass
class PageBuilder:
    """What has been read from one page so far, and which lines were taken."""

    file: str
    # Record fields by name; typed by the Record constructor they are handed to.
    values: dict[str, Any] = field(default_factory=dict)
    fields: list[FieldSource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)

    def claim(self, *lines: Line) -> None:
        self.claimed.update(line.number for line in lines)

    def note(
        self, code: str, message: str, line: Line | None, severity: Severity = "warning"
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=f"{CODE}.{code}",
                message=message,
                severity=severity,
                line=line.number if line else None,
                text=line.text if line else None,
            )
        )

    def set_field(
        self, name: str, value: Any, lines: list[Line], detail: str | None = None
    ) -> None:
        self.values[name] = value
        span = LineSpan(start=lines[0].number, end=lines[-1].number) if lines else None
        self.fields = [f for f in self.fields if f.field != name]
        self.fields.append(FieldSource(field=name, span=span, detail=detail))


class PubmedTextAdapter:
    """Reads PubMed abstract pages saved (or copied) as plain text."""

    name = ADAPTER_NAME
    description = "PubMed abstract page saved as text (title, IDs, abstract, related lists)"

    def sniff(self, sample: Sample) -> float:
        """How sure it is that `sample` is a page dump: 0.9 for a typical page."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per page in the input; a `FailedRecord` when there is no page."""
        lines = [Line(n, text.rstrip("\r")) for n, text in enumerate(source.lines(), start=1)]
        # Imported here: the copy reader builds on this module's section readers.
        from bibnorm.sources.pages import pubmed_text_copy

        if not pubmed_text_copy.is_dump_layout(lines):
            yield from pubmed_text_copy.parse_copy(
                lines, source.name, lacks_final_newline=not source.text.endswith("\n")
            )
            return
        ranges = _page_ranges(lines)
        for start, end in ranges:
            is_last_page = end == len(lines)
            yield _parse_page(
                lines[start:end],
                source.name,
                is_last_page=is_last_page,
                lacks_final_newline=is_last_page and not source.text.endswith("\n"),
            )


def _sniff_score(text: str) -> float:
    if _SNIFF_XML.match(text) or _SNIFF_MEDLINE.search(text):
        # MEDLINE and XML may quote page-like lines, but they are never page dumps.
        return 0.1 if _SNIFF_ID_BULLET.search(text) else 0.0
    score = 0.0
    if _SNIFF_ID_BULLET.search(text):
        score += 0.4
    score += min(0.3, 0.1 * len(set(_SNIFF_HEADINGS.findall(text))))
    if _SNIFF_COMPACT.search(text):
        score += 0.2
    # A browser copy: identifiers on one line or one per line under the title, the
    # affiliations block, and the page's own chrome.
    if _SNIFF_PAGE_IDS.search(text):
        score += 0.4
    if _SNIFF_COPY_MARKS.search(text):
        score += 0.1
    return round(min(score, 0.9), 2)


def _page_ranges(lines: list[Line]) -> list[tuple[int, int]]:
    """`(start, end)` list indexes of each page: a page starts at the title line above
    its `- PMID:` bullets. Lines before the first page belong to it (reported there)."""
    starts: list[int] = [0]
    in_bullets = False
    for index, line in enumerate(lines):
        is_pmid_bullet = _bullet_scheme(line.text) == "pmid"
        if is_pmid_bullet and not in_bullets and index > 0:
            title_index = _previous_text_index(lines, index)
            if (
                title_index is not None
                and title_index > starts[-1]
                and _seen_pmid(lines, starts[-1], title_index)
            ):
                starts.append(title_index)
        in_bullets = _bullet_scheme(line.text) is not None
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))


def _seen_pmid(lines: list[Line], start: int, end: int) -> bool:
    return any(_bullet_scheme(line.text) == "pmid" for line in lines[start:end])


def _previous_text_index(lines: list[Line], index: int) -> int | None:
    for previous in range(index - 1, -1, -1):
        if lines[previous].text.strip():
            return previous
    return None


def _is_id_bullet(text: str) -> bool:
    """A `- PMID: ...` line of a known identifier; other `- Key: value` lines only
    count as bullets right after those (a reference may start `- Smith AB: ...`)."""
    scheme = _bullet_scheme(text)
    return scheme is not None and scheme != "other"


def _bullet_scheme(text: str) -> str | None:
    match = _ID_BULLET.fullmatch(text.strip())
    if match is None:
        return None
    return _BULLET_SCHEMES.get(match.group("key").strip().lower(), "other")


def _parse_page(
    lines: list[Line], file: str, *, is_last_page: bool, lacks_final_newline: bool
) -> Record | FailedRecord:
    text_lines = [line for line in lines if line.text.strip()]
    has_bullets = any(_is_id_bullet(line.text) for line in text_lines)
    has_headings = any(heading_kind(line.text) for line in text_lines)
    if not has_bullets and not has_headings:
        return _failed_page(lines, file)
    builder = PageBuilder(file=file)
    body_start = _read_header(lines, builder)
    sections = _read_sections(lines[body_start:], builder)
    end_of_input = text_lines[-1] if is_last_page else None
    for section in sections:
        _read_section(section, builder, end_of_input)
    _report_cut_off_end(sections, builder, lacks_final_newline)
    _report_unclaimed(text_lines, builder)
    return _build_record(builder, text_lines)


def _failed_page(lines: list[Line], file: str) -> FailedRecord:
    text_lines = [line for line in lines if line.text.strip()]
    span = LineSpan(start=text_lines[0].number, end=text_lines[-1].number) if text_lines else None
    diagnostic = Diagnostic(
        code=f"{CODE}.no-page",
        message="no PubMed page found: no `- PMID:` line and no known section heading",
        severity="error",
        line=text_lines[0].number if text_lines else None,
    )
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=span,
        raw="\n".join(line.text for line in lines),
        diagnostics=(diagnostic,),
    )


def _read_header(lines: list[Line], builder: PageBuilder) -> int:
    """Read title, ID bullets and the repeated title; return where the body starts."""
    first_bullet = next((i for i, line in enumerate(lines) if _is_id_bullet(line.text)), None)
    if first_bullet is None:
        return _read_title_without_bullets(lines, builder)
    title_index = _previous_text_index(lines, first_bullet)
    if title_index is not None and heading_kind(lines[title_index].text) is None:
        title_line = lines[title_index]
        builder.claim(title_line)
        builder.set_field("title", title_line.text.strip(), [title_line])
    index = _read_bullets(lines, first_bullet, builder)
    return _read_repeated_title(lines, index, builder)


def _read_title_without_bullets(lines: list[Line], builder: PageBuilder) -> int:
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        if heading_kind(line.text) is not None:
            return index
        builder.claim(line)
        builder.set_field("title", line.text.strip(), [line])
        return index + 1
    return len(lines)


def _read_bullets(lines: list[Line], index: int, builder: PageBuilder) -> int:
    identifiers: list[Identifier] = []
    extra: list[tuple[str, str]] = []
    taken: list[Line] = []
    while index < len(lines) and (
        lines[index].text.strip() == "" or _bullet_scheme(lines[index].text)
    ):
        line = lines[index]
        match = _ID_BULLET.fullmatch(line.text.strip())
        if match is not None:
            scheme = _BULLET_SCHEMES.get(match.group("key").strip().lower())
            value = match.group("value").strip()
            if scheme is None:
                extra.append((match.group("key").strip(), value))
            else:
                identifiers.append(Identifier(scheme=scheme, value=value))
            taken.append(line)
        index += 1
    builder.claim(*taken)
    if identifiers:
        builder.set_field("identifiers", tuple(identifiers), taken)
    if extra:
        builder.set_field("extra", tuple(extra), taken)
    return index


def _read_repeated_title(lines: list[Line], index: int, builder: PageBuilder) -> int:
    """PubMed shows the title again after the IDs: take it once, report a difference."""
    while index < len(lines) and not lines[index].text.strip():
        index += 1
    if index >= len(lines) or heading_kind(lines[index].text) is not None:
        return index
    line = lines[index]
    title = builder.values.get("title")
    builder.claim(line)
    if title is None:
        builder.set_field("title", line.text.strip(), [line])
    elif _comparable(str(title)) != _comparable(line.text):
        builder.note(
            "title-mismatch",
            "the title shown after the IDs differs from the first one; the first is kept",
            line,
        )
    else:
        first = next(f for f in builder.fields if f.field == "title")
        first_line = Line(first.span.start if first.span else line.number, str(title))
        builder.set_field("title", title, [first_line], detail=f"shown again at line {line.number}")
    return index + 1


def _comparable(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def _read_sections(lines: list[Line], builder: PageBuilder) -> list[Section]:
    """Split the body at heading lines; text before the first heading is read here."""
    sections: list[Section] = []
    for line in lines:
        found = heading_kind(line.text)
        if found is not None:
            builder.claim(line)
            sections.append(Section(kind=found[0], name=found[1], heading=line))
        elif sections:
            sections[-1].lines.append(line)
        elif line.text.strip().startswith(KEYWORDS_PREFIX):
            _read_keywords(line, builder)
    return sections


def _read_section(section: Section, builder: PageBuilder, end_of_input: Line | None) -> None:
    if not section.content():
        builder.note(
            "empty-section",
            f"the {section.heading.text.strip()!r} section is empty",
            section.heading,
            severity="info",
        )
        return
    reader = _SECTION_READERS.get(section.kind)
    if reader is not None:
        reader(section, builder)
    elif section.kind in _LIST_KINDS:
        _read_list(section, builder, end_of_input)
    else:
        _read_unmapped(section, builder)


def _read_abstract(section: Section, builder: PageBuilder) -> None:
    paragraphs: list[Line] = []
    for line in section.content():
        text = line.text.strip()
        if text.startswith(KEYWORDS_PREFIX):
            _read_keywords(line, builder)
        elif text.lower() == "no abstract available":
            builder.claim(line)
        else:
            paragraphs.append(line)
    abstract = parse_abstract([line.text for line in paragraphs])
    if abstract is not None:
        builder.claim(*paragraphs)
        builder.set_field("abstract", abstract, paragraphs)


def _read_keywords(line: Line, builder: PageBuilder) -> None:
    builder.claim(line)
    keywords: tuple[Keyword, ...] = parse_keywords(line.text)
    if keywords:
        builder.set_field("keywords", keywords, [line])


def _read_conflict_of_interest(section: Section, builder: PageBuilder) -> None:
    content = section.content()
    builder.claim(*content)
    statement = "\n".join(line.text.strip() for line in content)
    builder.set_field("conflict_of_interest", statement, content)


def _read_terms(section: Section, builder: PageBuilder) -> None:
    """A section of one term per line: publication types, MeSH, substances, grants, LinkOut."""
    parse = _TERM_PARSERS[section.kind]
    values: list[object] = []
    taken: list[Line] = []
    for line in section.content():
        value = parse(line.text.strip())
        # A line no reader takes is left unclaimed, and reported as such.
        if value is not None:
            builder.claim(line)
            taken.append(line)
            values.append(value)
    if section.kind == "mesh_terms":
        values = list(merge_mesh_headings(v for v in values if isinstance(v, MeshHeading)))
    if values:
        builder.set_field(section.kind, tuple(values), taken)


def _linkout(text: str) -> str | None:
    """A LinkOut category (`Full Text Sources`) or provider (`Europe PubMed Central`)."""
    return text if looks_like_name(text) and looks_like_term(text) else None


_TERM_PARSERS: dict[str, Callable[[str], object | None]] = {
    "publication_types": parse_publication_type,
    "mesh_terms": parse_mesh_term,
    "substances": parse_substance,
    "grants": parse_grant,
    "linkout": _linkout,
}


def _read_unmapped(section: Section, builder: PageBuilder) -> None:
    for line in section.content():
        builder.claim(line)
        builder.note(
            "unmapped-section",
            f"line of the {section.heading.text.strip()!r} section, which no record field holds",
            line,
            severity="info",
        )


def _read_list(section: Section, builder: PageBuilder, end_of_input: Line | None) -> None:
    """A list of citations: similar, cited-by, references, or links to other articles."""
    items = _split_items(section, builder, end_of_input)
    parse = parse_reference if section.kind == "references" else parse_compact_citation
    citations: list[Citation] = []
    for item in items:
        parsed = parse(item.text)
        _report_citation_problems(parsed, item, section.kind, builder)
        citations.append(_with_provenance(parsed, item, builder.file))
    if not citations:
        return
    content = [line for line in section.content() if line.number in builder.claimed]
    if section.kind == "link":
        relation = section.name.replace(" ", "-")
        links = tuple(Link(relation=relation, citation=c) for c in citations)
        builder.set_field("links_to", (*builder.values.get("links_to", ()), *links), content)
    else:
        builder.set_field(section.kind, tuple(citations), content)


def _split_items(section: Section, builder: PageBuilder, end_of_input: Line | None) -> list[Item]:
    """The entries of a list section: the line after each `-` line, or every line when
    the section has no `-` lines. Other lines are left to be reported as unclaimed:
    pages print an entry on one line, so a second line is something else."""
    content = section.content()
    uses_markers = any(line.text.strip() == _ITEM_MARKER for line in content)
    entries: list[Line] = []
    after_marker = not uses_markers
    for line in content:
        is_marker = line.text.strip() == _ITEM_MARKER
        if is_marker or after_marker:
            builder.claim(line)
        if not is_marker and after_marker:
            entries.append(line)
        after_marker = is_marker or not uses_markers
    if after_marker and uses_markers and content[-1] == end_of_input:
        builder.note("truncated", "the input ends where a list entry should start", end_of_input)
    return [
        Item(
            text=line.text.strip(),
            span=LineSpan(start=line.number, end=line.number),
            is_last_in_input=line == end_of_input,
        )
        for line in entries
    ]


def _report_citation_problems(
    parsed: ParsedCitation, item: Item, kind: str, builder: PageBuilder
) -> None:
    first = Line(item.span.start, item.text)
    if not parsed.complete:
        if item.is_last_in_input:
            builder.note("truncated", "the input ends inside this entry; it is read in part", first)
        elif kind != "link":  # linked items (errata ...) often show no PMID at all
            builder.note(
                "incomplete-citation", "this entry lacks its usual end; read in part", first
            )
    for piece in parsed.unparsed:
        builder.note("unparsed-text", f"part of an entry no rule placed: {piece!r}", first)
    issued = parsed.citation.issued
    if issued and issued.raw and _names_a_day(issued.raw) and issued.day is None:
        builder.note(
            "impossible-date",
            f"the date {issued.raw!r} names a day its month does not have; the day is left out",
            first,
        )


def _names_a_day(raw_date: str) -> bool:
    """`2020 Feb 30` names a day; `2020 Feb`, `2025 Jan-Dec` and `2019 Winter` do not."""
    return re.fullmatch(r"\d{4} [A-Za-z]{3,} \d{1,2}", raw_date) is not None


def _with_provenance(parsed: ParsedCitation, item: Item, file: str) -> Citation:
    citation = parsed.citation
    fields = tuple(
        FieldSource(
            field=name,
            method="heuristic" if name in parsed.heuristic else "parsed",
            span=item.span,
            detail=parsed.guess if name in parsed.heuristic else None,
        )
        for name in ("title", "container_title_short")
        if getattr(citation, name)
    )
    provenance = Provenance(adapter=ADAPTER_NAME, file=file, span=item.span, fields=fields)
    return dataclasses.replace(citation, raw=item.text, provenance=provenance)


def _report_cut_off_end(
    sections: list[Section], builder: PageBuilder, lacks_final_newline: bool
) -> None:
    """A dump that stops without a line end inside a list may have been cut off there."""
    already_reported = any(d.code == f"{CODE}.truncated" for d in builder.diagnostics)
    if not sections or not lacks_final_newline or already_reported:
        return
    last = sections[-1]
    if last.kind in _TERM_KINDS or last.kind in _LIST_KINDS:
        content = last.content()
        line = content[-1] if content else last.heading
        builder.note(
            "possibly-truncated",
            f"the input ends without a line end inside the {last.heading.text.strip()!r} list",
            line,
            severity="info",
        )


def _report_unclaimed(text_lines: list[Line], builder: PageBuilder) -> None:
    for line in text_lines:
        if line.number not in builder.claimed:
            builder.note("unclaimed-line", "no rule took this line", line)


def _build_record(builder: PageBuilder, text_lines: list[Line]) -> Record:
    span = LineSpan(start=text_lines[0].number, end=text_lines[-1].number)
    fields = sorted(builder.fields, key=lambda f: f.span.start if f.span else 0)
    provenance = Provenance(
        adapter=ADAPTER_NAME, file=builder.file, span=span, fields=tuple(fields)
    )
    diagnostics = sorted(builder.diagnostics, key=lambda d: d.line or 0)
    return Record(
        type="article-journal",
        provenance=provenance,
        diagnostics=tuple(diagnostics),
        **builder.values,
    )


_SECTION_READERS: dict[str, Callable[[Section, PageBuilder], None]] = {
    "abstract": _read_abstract,
    "conflict_of_interest": _read_conflict_of_interest,
    **dict.fromkeys(_TERM_KINDS, _read_terms),
}


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-text` adapter."""
    register(PubmedTextAdapter())


__all__ = [
    "ADAPTER_NAME",
    "PubmedTextAdapter",
    "bibnorm_register_sources",
    "heading_kind",
]
