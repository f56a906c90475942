"""The lists of other articles a copied page shows: references, similar articles, cited by,
and the links PubMed lists as `Comment in`, `Erratum in`, `Update of` ...

A list starts at its heading (`line_shapes.LIST_HEADINGS`) and runs over the lines that can
be its items (numbered or bulleted lines, citation lines, the title and author lines of a
related article) up to the next heading, site chrome or record line. Its citation lines are
never the record's own: the page reader leaves them out of the record's citation. Each item
is read with the shared reference grammar (`parsing.parse_reference`); the labels PubMed and
PMC put after an item (`- PubMed`, `[Google Scholar]`) are kept as the citation's links.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bibnorm.model import Identifier
from bibnorm.parsing import ParsedCitation, parse_reference
from bibnorm.sources.pages.line_shapes import (
    ITEM_MARK,
    LINK_LABEL,
    LIST_HEADINGS,
    Kind,
    LineShape,
)

_RELATIONS = frozenset(LIST_HEADINGS.values())
# Lines that can be (part of) a list's item; any other line ends the list.
_ITEM_KINDS = frozenset(
    {Kind.LIST_ITEM, Kind.CITATION, Kind.SEARCH_RESULT, Kind.PROSE, Kind.ET_AL, Kind.AUTHORS}
    | {Kind.DOI}
)
# Lines that end a related article's item (its citation or its PMID line).
_ITEM_ENDS = frozenset({Kind.CITATION, Kind.SEARCH_RESULT, Kind.DOI})
_PMID_LINE = re.compile(r"\s*PMID:\s*\d+")
# The end of a related article's item: `PMID: 26903335 Free PMC article. Review.`
_PMID_TAIL = re.compile(r"\s*\bPMID:\s*(?P<pmid>\d+)\b.*$")
# PubMed's short author list inside an item (`Seymour CW, et al.`), after the full one.
_SHORT_AUTHORS = re.compile(r"(?<=\.)\s+[^.]{1,60}?, et al\.(?=\s)")
# `- PubMed`, `- DOI - PMC - PubMed` (PubMed) and `[DOI] [PubMed] [Google Scholar]` (PMC).
_DASH_LABELS = re.compile(
    r"(?:\s+-\s+(?:DOI|PMC|PubMed|Free PMC article|Free article|Google Scholar))+\s*$"
)
_DASH_LABEL = re.compile(r"DOI|PMC|PubMed|Free PMC article|Free article|Google Scholar")


@dataclass(frozen=True)
class PageList:
    """A list on the page: where its heading is, what its items are to the record, and the
    positions of each item's lines (indices into the lines the reader was given)."""

    heading: int
    relation: str
    items: tuple[tuple[int, ...], ...]

    @property
    def lines(self) -> tuple[int, ...]:
        return (self.heading, *(at for item in self.items for at in item))


def find_lists(shapes: Sequence[LineShape]) -> list[PageList]:
    """Every list of other articles in `shapes` (blank lines left out by the caller)."""
    found: list[PageList] = []
    for at, shape in enumerate(shapes):
        relation = shape.heading
        if shape.kind is not Kind.HEADING or relation not in _RELATIONS or relation is None:
            continue
        end = at + 1
        indented = end < len(shapes) and shapes[end].indented
        while end < len(shapes) and (
            shapes[end].kind in _ITEM_KINDS or _ends_a_docsum(shapes, end, at)
        ):
            if indented and not shapes[end].indented:
                break  # the list's items are indented; the page goes on at the margin
            end += 1
        found.append(PageList(at, relation, _items(shapes, range(at + 1, end), relation)))
    return found


def _ends_a_docsum(shapes: Sequence[LineShape], at: int, heading: int) -> bool:
    """A `PMID: 22460880` line right under a related article's citation line ends that
    item (today's PubMed shows every list's items so); the record's own ID line does not
    follow a citation line inside a list."""
    return (
        at - 1 > heading
        and shapes[at].kind is Kind.IDS
        and _PMID_LINE.match(shapes[at].text) is not None
        and shapes[at - 1].kind in _ITEM_ENDS
    )


def _items(
    shapes: Sequence[LineShape], positions: range, relation: str
) -> tuple[tuple[int, ...], ...]:
    """References and links are one line each; a related article's item runs from its title
    to its citation or PMID line."""
    docsums = relation in {"similar", "cited-by"} or any(
        _PMID_LINE.match(shapes[at].text) for at in positions
    )
    if not docsums:
        return tuple((at,) for at in positions)
    items: list[tuple[int, ...]] = []
    current: list[int] = []
    for at in positions:
        current.append(at)
        shape = shapes[at]
        following = shapes[at + 1] if at + 1 in positions else None
        if _PMID_LINE.search(shape.text) or (
            shape.kind in _ITEM_ENDS
            and not (following is not None and _PMID_LINE.search(following.text))
        ):
            items.append(tuple(current))
            current = []
    # Lines after the last whole item are not the list's (Europe PMC shows `Similar
    # Articles` as a tab, with the record's own title under it).
    return tuple(items)


def read_item(text: str) -> tuple[ParsedCitation, tuple[str, ...], str]:
    """One item's text as a citation, with the link labels it carried and the text read.
    A related article's `PMID: 26903335 Free PMC article.` gives its PMID."""
    text = ITEM_MARK.sub("", text).strip()
    pmid = _PMID_TAIL.search(text)
    if pmid is not None:
        text = text[: pmid.start()].strip()
    text = _SHORT_AUTHORS.sub(" ", text)
    labels: list[str] = []
    if (dashes := _DASH_LABELS.search(text)) is not None:
        labels.extend(_DASH_LABEL.findall(dashes.group(0)))
        text = text[: dashes.start()]
    labels.extend(m.group("label") for m in LINK_LABEL.finditer(text))
    text = LINK_LABEL.sub("", text).strip()
    parsed = parse_reference(text)
    if pmid is not None and parsed.citation.identifier("pmid") is None:
        identifiers = (*parsed.citation.identifiers, Identifier(scheme="pmid", value=pmid["pmid"]))
        citation = dataclasses.replace(parsed.citation, identifiers=identifiers)
        parsed = dataclasses.replace(parsed, citation=citation)
    return parsed, tuple(labels), text


__all__ = ["PageList", "find_lists", "read_item"]
