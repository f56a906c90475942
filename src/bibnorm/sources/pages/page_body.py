"""The body of a copied page: the abstract (under its heading, or the prose after the
title on templates without one), keywords, the term sections (publication types, MeSH
terms, substances, LinkOut), the conflict-of-interest statement and the lists of other
articles (references, similar, cited by, links).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    Keyword,
    LineSpan,
    Link,
    Provenance,
)
from bibnorm.parsing import label_category, parse_abstract
from bibnorm.parsing.terms import (
    merge_mesh_headings,
    parse_mesh_term,
    parse_publication_type,
    parse_substance,
)
from bibnorm.sources.pages.builder import PageBuilder
from bibnorm.sources.pages.line_shapes import (
    LINK_LABEL,
    Kind,
    ends_complete,
)
from bibnorm.sources.pages.line_shapes import (
    ShapedLine as Line,
)
from bibnorm.sources.pages.page_lists import PageList, read_item
from bibnorm.sources.pages.page_title import is_pass_over

_ABSTRACT_LABELS = frozenset(
    {"background", "methods", "results", "conclusions", "conclusion", "objective"}
    | {"objectives", "design", "setting", "participants", "interventions", "importance"}
    | {"main outcome measures", "main outcomes and measures", "purpose", "methodology"}
    | {"conclusions/significance", "principal findings", "findings", "summary"}
    | {"significance", "materials and methods", "aims", "aim", "motivation", "results"}
    | {"availability and implementation", "availability", "contact", "method", "result"}
    | {"supplementary information"}
)


# The usual order of an abstract's sections; a label that goes back ends the abstract.
_LABEL_ORDER = {"BACKGROUND": 0, "OBJECTIVE": 1, "METHODS": 2, "RESULTS": 3, "CONCLUSIONS": 4}


# Lines that stand between the title and a headingless abstract.
_BEFORE_ABSTRACT = frozenset({Kind.AUTHORS, Kind.LIST_ITEM, Kind.IDS, Kind.CHROME, Kind.BLANK})


_AFFILIATION_HEADINGS = frozenset({"affiliations", "author information", "author information:"})


# A headingless abstract's first paragraph is a long, finished sentence or more; the whole
# stays within what journals allow an abstract (a body that follows is not taken).
_MIN_ABSTRACT_CHARS = 100


# PubMed's `Abstract in English, Chinese`, copied one word group per line.
_LANGUAGE_MENU = re.compile(r"^(?:in|available in|[A-Z][a-z]+(?:, [A-Z][a-z]+)+)$")


# Under an `Abstract` heading, fewer words than this are a menu's items (`PubMed`, `PMID`).
_MIN_ABSTRACT_WORDS = 4


_MAX_UNHEADED_ABSTRACT_WORDS = 450


# The record's term sections and how one item of each is read (the shared grammars).
_TERM_SECTIONS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "publication types": ("publication_types", parse_publication_type),
    "mesh terms": ("mesh_terms", parse_mesh_term),
    "substances": ("substances", parse_substance),
    "linkout - more resources": ("linkout", lambda text: text),
}


_BULLET = re.compile(r"^\s*[•·▪◦‣-]\s+")


def read_terms(content: list[Line], builder: PageBuilder) -> None:
    """The items under `Publication types`, `MeSH terms`, `Substances` and `LinkOut`, each
    bulleted or indented (today's pages show the headings folded, with no items: those
    stay headings)."""
    for at, line in enumerate(content):
        section = _TERM_SECTIONS.get(line.shape.text.rstrip(" :").casefold())
        if line.shape.kind not in {Kind.HEADING, Kind.CHROME} or section is None:
            continue
        builder.claim(line)
        name, parse = section
        items: list[Line] = []
        for item in content[at + 1 :]:
            if not (item.shape.indented or _BULLET.match(item.shape.text)):
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


def read_type_labels(content: list[Line], builder: PageBuilder) -> None:
    """PubMed's label above the citation (`Review`, `Editorial`): the publication type,
    when the page lists none under `Publication types`."""
    labels = [line for line in content if is_pass_over(line) and line.number not in builder.claimed]
    if not labels:
        return
    builder.claim(*labels)
    if "publication_types" not in builder.values:
        types = tuple(t for t in (parse_publication_type(line.shape.text) for line in labels) if t)
        if types:
            builder.set_field("publication_types", types, *labels)


# The record's field for each list's items (links go to `links_to` with their relation).
_LIST_FIELDS = {"reference": "references", "similar": "similar", "cited-by": "cited_by"}


def read_lists(
    content: list[Line], lists: list[PageList], builder: PageBuilder, tail: Line | None, file: str
) -> None:
    """Each list's items as citations: references, similar, cited by, links to others."""
    for page_list in lists:
        heading = content[page_list.heading]
        builder.claim(heading)
        if not page_list.items:
            builder.note(
                "chrome", "a list heading the copy shows folded, with no items", heading, "info"
            )
            continue
        citations: list[Citation] = []
        for positions in page_list.items:
            item = [content[at] for at in positions]
            texts = [line.shape.text for line in item]
            if item[-1] is tail:
                texts[-1] = texts[-1].rsplit(" ", 1)[0] if " " in texts[-1] else ""
            parsed, labels, text = read_item(" ".join(t for t in texts if t))
            builder.claim(*item)
            if not any(c.isalnum() for c in text):
                continue  # a dump's bare `-` marker line: no item
            span = LineSpan(start=item[0].number, end=item[-1].number)
            for piece in parsed.unparsed:
                builder.note(
                    "unparsed-text", f"part of a list item no rule placed: {piece!r}", item[0]
                )
            citations.append(
                dataclasses.replace(
                    parsed.citation,
                    links=parsed.citation.links + labels,
                    raw=text,
                    provenance=Provenance(adapter=builder.adapter, file=file, span=span),
                )
            )
        lines = [content[at] for at in page_list.lines]
        field_name = _LIST_FIELDS.get(page_list.relation)
        if field_name is not None:
            builder.set_field(field_name, (*builder.values.get(field_name, ()), *citations), *lines)
        else:
            links = tuple(Link(relation=page_list.relation, citation=c) for c in citations)
            builder.set_field("links_to", (*builder.values.get("links_to", ()), *links), *lines)


_CONFLICT_HEADINGS = frozenset(
    {"conflict of interest statement", "conflict of interest", "conflicts of interest"}
    | {"competing interests", "declaration of competing interest", "disclosure", "disclosures"}
)


def read_conflict_of_interest(content: list[Line], builder: PageBuilder, tail: Line | None) -> None:
    """The statement under the first conflict-of-interest heading (PubMed shows one)."""
    for at, line in enumerate(content):
        if line.shape.kind is not Kind.HEADING or line.number in builder.claimed:
            continue
        if line.shape.text.rstrip(" :").casefold() not in _CONFLICT_HEADINGS:
            continue
        statement: list[Line] = []
        for item in content[at + 1 :]:
            if item.shape.kind is not Kind.PROSE or item.number in builder.claimed:
                break
            statement.append(item)
        texts = [item.shape.text for item in statement]
        if statement and statement[-1] is tail:
            texts[-1] = texts[-1].rsplit(" ", 1)[0] if " " in texts[-1] else ""
        if any(texts):
            builder.claim(line, *statement)
            text = "\n".join(t for t in texts if t)
            builder.set_field("conflict_of_interest", text, line, *statement)
        return


def read_keywords(content: list[Line], builder: PageBuilder, tail: Line | None) -> None:
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


def read_abstract(
    content: list[Line], builder: PageBuilder, tail: Line | None, title_at: int | None
) -> None:
    """The paragraphs under the first `Abstract` heading, with their section headings; on
    a page that shows no such heading (older templates drop it), the prose after the title."""
    headings = _abstract_headings(content, "abstract") or _abstract_headings(content, "summary")
    sections: list[tuple[str | None, str]] = []
    used: list[Line] = []
    for start in headings:  # PubMed also shows `Abstract` among its display formats
        sections, used = _abstract_paragraphs(content[start + 1 :], builder, tail)
        substantive = sections and (
            sections[0][0] or len(sections[0][1].split()) >= _MIN_ABSTRACT_WORDS
        )
        if substantive or (sections and start == headings[-1]):
            used.insert(0, content[start])
            break
    else:
        sections, used = [], []
    if not sections:
        first = _headingless_abstract_start(content, builder, title_at, tail)
        if first is None:
            return
        sections, used = _abstract_paragraphs(
            content[first:], builder, tail, max_words=_MAX_UNHEADED_ABSTRACT_WORDS
        )
        if sections:
            builder.note(
                "abstract-unsure",
                "the page shows no `Abstract` heading: the prose after the title is taken"
                f" as the abstract ({len(sections)} paragraph(s))",
                content[first],
            )
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
    builder.claim(*used)
    builder.set_field("abstract", abstract, *used)


def _abstract_headings(content: list[Line], name: str) -> list[int]:
    """Where `Abstract` headings stand (some journals, the Lancet's, head it `Summary`)."""
    return [
        i
        for i, line in enumerate(content)
        if line.shape.kind is Kind.HEADING and line.shape.text.rstrip(" :").casefold() == name
    ]


def _abstract_paragraphs(
    lines: list[Line], builder: PageBuilder, tail: Line | None, *, max_words: int | None = None
) -> tuple[list[tuple[str | None, str]], list[Line]]:
    """The (label, text) paragraphs at the start of `lines` and the lines they used.

    Section headings (`Background`, `Methods` ...) label the paragraph after them. The
    abstract ends at the first line that is not prose or a label, and at a label that goes
    back in the usual order (`Introduction` after `Results` is the article body's)."""
    sections: list[tuple[str | None, str]] = []
    used: list[Line] = []
    label: str | None = None
    last_rank = -1
    words = 0
    for line in lines:
        kind = line.shape.kind
        text = line.shape.text
        if kind is Kind.HEADING and _is_abstract_label(text):
            rank = _LABEL_ORDER.get(label_category(text.rstrip(" :")) or "", last_rank)
            if rank < last_rank or label is not None:
                break
            last_rank = rank
            label = text.rstrip(" :")
            used.append(line)
            continue
        if kind is not Kind.PROSE or line.number in builder.claimed:
            break
        if LINK_LABEL.search(text):
            break  # `... 1974;367:1-9. [PubMed]`: the article's references, not its abstract
        # `Abstract` / `in` / `English, Chinese`: the page's language menu, before the
        # abstract itself.
        if not sections and label is None and _LANGUAGE_MENU.match(text):
            used.append(line)
            continue
        if line is tail:
            text = text.rsplit(" ", 1)[0] if " " in text else ""
            if not text:
                break
        words += len(text.split())
        if max_words is not None and sections and words > max_words:
            break
        sections.append((label, text))
        used.append(line)
        label = None
    if label is not None and used and used[-1].shape.text.rstrip(" :") == label:
        used.pop()  # a label with no paragraph after it stays a heading of the page
    return sections, used


def _is_abstract_label(text: str) -> bool:
    key = text.rstrip(" :").casefold()
    return key in _ABSTRACT_LABELS or label_category(key) is not None


def _headingless_abstract_start(
    content: list[Line], builder: PageBuilder, title_at: int | None, tail: Line | None
) -> int | None:
    """Where the abstract starts on a page without an `Abstract` heading: the first long
    paragraph after the title, past the authors, affiliations and ID lines."""
    if title_at is None or any(line.shape.kind is Kind.SEARCH_RESULT for line in content):
        return None  # a result page shows an excerpt of the abstract, if anything
    for index in range(title_at + 1, len(content)):
        line = content[index]
        kind = line.shape.kind
        if line.number in builder.claimed or kind in _BEFORE_ABSTRACT:
            continue
        if kind is Kind.HEADING and line.shape.text.casefold() in _AFFILIATION_HEADINGS:
            continue
        text = line.shape.text
        finished = ends_complete(text) or line is tail  # a cut copy's paragraph is unfinished
        snippet = text.endswith(("...", "…"))  # a search result's excerpt of the abstract
        if kind is Kind.PROSE and len(text) >= _MIN_ABSTRACT_CHARS and finished and not snippet:
            return index
        return None
    return None


__all__ = [
    "read_abstract",
    "read_conflict_of_interest",
    "read_keywords",
    "read_lists",
    "read_terms",
    "read_type_labels",
]
