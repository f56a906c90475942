"""A PubMed abstract page as text: its headings, sections and lists, and the record they build.

Both layouts of the `pubmed-text` source read a page's body the same way: the dump
layout (`pubmed_text`) and the browser copy (`pubmed_text_copy`) each find the header
their own way, then hand the lines after it to the readers here. Sections start at
known heading lines; list items follow a line holding only `-`. The adapter's name and
diagnostic code live here too (`new_builder` makes the shared `builder.PageBuilder` with
them), so every diagnostic of either layout is `pubmed_text.*`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bibnorm.model import (
    Citation,
    Diagnostic,
    FailedRecord,
    FieldSource,
    Keyword,
    LineSpan,
    Link,
    MeshHeading,
    Provenance,
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
from bibnorm.sources.pages.builder import Line, PageBuilder
from bibnorm.sources.pages.line_shapes import LINK_HEADINGS

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
# Headings of the page's buttons: site chrome in a browser copy (the dump layout lists
# what they hold as a section, reported as unmapped).
BUTTON_HEADINGS = frozenset({"cite", "actions", "share", "page navigation"})
_HEADING_COUNT = re.compile(r"\s*(?:\(\d+\)|\d+(?:\s+articles?)?)$")
_ITEM_MARKER = "-"
_LIST_KINDS = ("similar", "cited_by", "references", "link")
_TERM_KINDS = ("publication_types", "mesh_terms", "substances", "grants", "linkout")


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


def new_builder(file: str) -> PageBuilder:
    """A builder for one page of `file`, its diagnostics coded `pubmed_text.*`."""
    return PageBuilder(adapter=ADAPTER_NAME, code=CODE, file=file)


def failed_page(lines: list[Line], file: str) -> FailedRecord:
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


def comparable(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def read_sections(lines: list[Line], builder: PageBuilder) -> list[Section]:
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


def read_section(section: Section, builder: PageBuilder, end_of_input: Line | None) -> None:
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
        builder.set_field("abstract", abstract, *paragraphs)


def _read_keywords(line: Line, builder: PageBuilder) -> None:
    builder.claim(line)
    keywords: tuple[Keyword, ...] = parse_keywords(line.text)
    if keywords:
        builder.set_field("keywords", keywords, line)


def _read_conflict_of_interest(section: Section, builder: PageBuilder) -> None:
    content = section.content()
    builder.claim(*content)
    statement = "\n".join(line.text.strip() for line in content)
    builder.set_field("conflict_of_interest", statement, *content)


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
        builder.set_field(section.kind, tuple(values), *taken)


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
        report_citation_problems(parsed, item, section.kind, builder)
        citations.append(with_provenance(parsed, item, builder.file))
    if not citations:
        return
    content = [line for line in section.content() if line.number in builder.claimed]
    if section.kind == "link":
        relation = section.name.replace(" ", "-")
        links = tuple(Link(relation=relation, citation=c) for c in citations)
        builder.set_field("links_to", (*builder.values.get("links_to", ()), *links), *content)
    else:
        builder.set_field(section.kind, tuple(citations), *content)


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


def report_citation_problems(
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


def with_provenance(parsed: ParsedCitation, item: Item, file: str) -> Citation:
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


def report_cut_off_end(
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


_SECTION_READERS: dict[str, Callable[[Section, PageBuilder], None]] = {
    "abstract": _read_abstract,
    "conflict_of_interest": _read_conflict_of_interest,
    **dict.fromkeys(_TERM_KINDS, _read_terms),
}


__all__ = [
    "ADAPTER_NAME",
    "BUTTON_HEADINGS",
    "CODE",
    "FIELD_HEADINGS",
    "LINK_HEADINGS",
    "UNMAPPED_HEADINGS",
    "Item",
    "Line",
    "PageBuilder",
    "Section",
    "comparable",
    "failed_page",
    "heading_kind",
    "new_builder",
    "read_section",
    "read_sections",
    "report_citation_problems",
    "report_cut_off_end",
    "with_provenance",
]
