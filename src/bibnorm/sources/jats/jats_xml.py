"""Reading JATS elements: their text with inline markup kept, their names and dates.

Shared by the `jats` adapter's article metadata (`jats_meta`) and reference lists
(`jats_refs`). JATS elements carry no namespace, MathML ones do: names are compared
without it (`local_name`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import _Element as Element

from bibnorm.model import DateParts, Diagnostic, LineSpan, Person, Severity
from bibnorm.parsing import parse_pubmed_date
from bibnorm.parsing.dates import MONTHS, SEASONS
from bibnorm.parsing.pages import expand_page_range
from bibnorm.xmltext import (
    BOLD,
    ITALIC,
    SMALL_CAPS,
    SUBSCRIPT,
    SUPERSCRIPT,
    MarkupTags,
    Tag,
    fit_markup,
)
from bibnorm.xmltext import inline_text as xml_inline_text

ADAPTER_NAME = "jats"
CODE = "jats"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Elements that stand apart from their neighbours even when the XML puts no space
# between them (`</p><p>`): a space is written before and after each.
_BLOCK_TAGS = frozenset(
    {"p", "title", "label", "sec", "list", "list-item", "break", "disp-quote", "caption"}
    | {"def-list", "def-item", "term", "def", "table-wrap", "disp-formula", "fig"}
)
# The tagged parts of a citation: element-citations write them with nothing between.
CITATION_FIELD_TAGS = frozenset(
    {"name", "string-name", "surname", "given-names", "suffix", "prefix", "collab"}
    | {"person-group", "etal", "article-title", "chapter-title", "source", "trans-title"}
    | {"trans-source", "year", "month", "day", "season", "volume", "issue", "fpage"}
    | {"lpage", "page-range", "elocation-id", "pub-id", "object-id", "publisher-name"}
    | {"publisher-loc", "edition", "comment", "conf-name", "conf-loc", "conf-date"}
    | {"series", "size", "page-count", "date-in-citation", "isbn", "issn", "uri"}
    | {"ext-link", "part-title", "version", "data-title", "institution", "role"}
)
# Cross-reference markers and footnotes inside a title are not part of it.
_TITLE_SKIP = frozenset({"xref", "fn", "target"})
# Only ASCII white space is layout; a no-break or thin space in a title is content.
_LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")
_YEAR = re.compile(r"\d{4}")
_INITIALS_ONLY = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ.\s-]*")
_NAME_PART = re.compile(r"[\s.\-‐]+")


def local_name(element: Any) -> str:
    """The tag without its namespace (`math` for `mml:math`); "" for comments and PIs."""
    tag = getattr(element, "tag", None)
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def span_of(element: Element) -> LineSpan | None:
    """Lines from the element's start tag to the start of its last descendant."""
    start = element.sourceline
    if start is None:
        return None
    lines = [line for line in (e.sourceline for e in element.iter()) if line is not None]
    return LineSpan(start=start, end=max(lines, default=start))


# --- text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStyle:
    """How `inline_text` reads an element: which children it leaves out, and which are
    tagged fields to keep apart with `separator` when nothing stands between them."""

    skip: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()
    separator: str = " "


TITLE_STYLE = TextStyle(skip=_TITLE_SKIP)
# JATS formatting that CSL rich text can say; `underline`, `monospace`, `roman`,
# `named-content` ... give their text only.
JATS_MARKUP: MarkupTags = {
    "italic": ITALIC,
    "bold": BOLD,
    "sup": SUPERSCRIPT,
    "sub": SUBSCRIPT,
    "sc": SMALL_CAPS,
}
CITATION_STYLE = TextStyle(skip=frozenset({"label"}), fields=CITATION_FIELD_TAGS)


def inline_text(element: Element | None, style: TextStyle = TITLE_STYLE) -> str:
    """The text of `element` with its inline markup kept as text, layout space made one.

    `<italic>`, `<sup>`, `<sub>`, `<bold>` give their text in place (tails kept, so the
    spaces around them stay right: `CO<sub>2</sub>` is `CO2`); MathML is read as
    `bibnorm.xmltext` reads it for PubMed XML; `alternatives` gives one of its forms;
    comments and processing instructions give nothing. Unlike `bibnorm.xmltext`, the
    `style` can leave children out (footnote markers in titles, labels) and keep tagged
    fields apart (`<surname>A</surname><given-names>B</given-names>` is `A B`).
    """
    if element is None:
        return ""
    parts: list[str] = []
    _collect_text(element, parts, style)
    return _LAYOUT_SPACE.sub(" ", "".join(parts)).strip(" ")


def markup_pieces(element: Element | None, style: TextStyle = TITLE_STYLE) -> list[str]:
    """The pieces `inline_text` joins, with `Tag`s around the formatting CSL rich text
    can say (`JATS_MARKUP`); `bibnorm.xmltext.fit_markup` makes them a title's markup."""
    parts: list[str] = []
    if element is not None:
        _collect_text(element, parts, style, JATS_MARKUP)
    return parts


def inline_markup(element: Element | None, text: str, style: TextStyle = TITLE_STYLE) -> str | None:
    """`text`, which the caller read from `element`, with the element's formatting as
    CSL rich text; None when none of it is formatted (or `element` has no children)."""
    if element is None or not len(element):
        return None
    return fit_markup(markup_pieces(element, style), text)


def _collect_text(
    element: Element, parts: list[str], style: TextStyle, tags: MarkupTags | None = None
) -> None:
    name = local_name(element)
    if name == "math":
        # As the PubMed XML adapter reads it, so one formula reads the same in both.
        parts.append(xml_inline_text(element))
        return
    if name == "alternatives":
        chosen = _preferred_alternative(element)
        if chosen is not None:
            _collect_text(chosen, parts, style, tags)
        return
    if name == "etal" and not (element.text or "").strip() and len(element) == 0:
        parts.append(" et al.")
        return
    pair = tags.get(name) if tags else None
    if pair is not None:
        parts.append(pair[0])
    parts.append(element.text or "")
    _collect_children(element, parts, style, tags)
    if pair is not None:
        parts.append(pair[1])


def _collect_children(
    element: Element, parts: list[str], style: TextStyle, tags: MarkupTags | None
) -> None:
    # Whether the previous child was a tagged field with nothing written after it.
    previous_field = False
    for item in element:
        name = local_name(item)
        # Comments and processing instructions have no name: only their tail counts.
        if name and name not in style.skip:
            is_field = name in style.fields
            if is_field and previous_field:
                _append_separator(parts, style.separator)
            padding = " " if name in _BLOCK_TAGS else ""
            parts.append(padding)
            _collect_text(item, parts, style, tags)
            parts.append(padding)
            previous_field = is_field
        if (item.tail or "").strip():
            previous_field = False
        parts.append(item.tail or "")


def _append_separator(parts: list[str], separator: str) -> None:
    """Add `separator` between two fields; a visible one (`, `) replaces the blank
    the XML may have left between them, so `States <email>` does not give `States , `."""
    if separator.strip():
        while parts and not parts[-1].strip():
            parts.pop()
        if parts and not isinstance(parts[-1], Tag):
            parts[-1] = parts[-1].rstrip()
    parts.append(separator)


def _preferred_alternative(element: Element) -> Element | None:
    children = [child for child in element if local_name(child)]
    for wanted in ("math", "tex-math"):
        for child in children:
            if local_name(child) == wanted:
                return child
    textual = [c for c in children if local_name(c) not in {"graphic", "inline-graphic"}]
    return textual[0] if textual else None


def child(element: Element | None, *names: str) -> Element | None:
    """The first child of `element` named one of `names` (namespaces ignored)."""
    if element is None:
        return None
    for item in element:
        if local_name(item) in names:
            return item
    return None


def children(element: Element | None, *names: str) -> list[Element]:
    """The children of `element` named one of `names`, in document order."""
    if element is None:
        return []
    return [item for item in element if local_name(item) in names]


def child_text(element: Element | None, *names: str) -> str | None:
    """The inline text of the first child named one of `names`, or None when empty."""
    return inline_text(child(element, *names)) or None


# --- diagnostics --------------------------------------------------------------------


@dataclass
class Notes:
    """Diagnostics gathered while reading one article or citation."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self, code: str, message: str, element: Element | None, severity: Severity = "warning"
    ) -> None:
        text = inline_text(element, CITATION_STYLE)[:200] if element is not None else None
        self.items.append(
            Diagnostic(
                code=f"{CODE}.{code}",
                message=message,
                severity=severity,
                line=element.sourceline if element is not None else None,
                text=text,
            )
        )


# --- dates --------------------------------------------------------------------------


def read_date(element: Element | None, notes: Notes) -> DateParts | None:
    """The date of an element holding `year`, `month`, `day`, `season` children.

    `raw` is the `iso-8601-date` attribute when there is one, else the parts as written,
    in document order (`13 9 2021`). A month or day that cannot be is left out and
    reported; a year with a letter (`2006a`, as reference lists disambiguate) keeps its
    digits.
    """
    year_element = child(element, "year")
    if element is None or year_element is None:
        return None
    year_match = _YEAR.search(year_element.text or "")
    if year_match is None:
        notes.add("bad-date", "the year is not a four-digit year; no date taken", year_element)
        return None
    year = int(year_match.group())
    parts = children(element, "year", "month", "day", "season")
    raw = element.get("iso-8601-date") or " ".join(inline_text(p) for p in parts if p.text)
    month = _read_month(child(element, "month"), notes)
    day = _read_day(child(element, "day"), year, month, notes)
    season_element = child(element, "season")
    if season_element is not None and month is None:
        seasonal = _read_season(year, inline_text(season_element))
        if seasonal is not None:
            return DateParts(
                year=year,
                month=seasonal.month,
                end_year=seasonal.end_year,
                end_month=seasonal.end_month,
                season=seasonal.season,
                raw=raw or None,
            )
        notes.add("bad-date", "the season is not a season or a month range", season_element)
    return DateParts(year=year, month=month, day=day, raw=raw or None)


def _read_month(element: Element | None, notes: Notes) -> int | None:
    if element is None:
        return None
    text = inline_text(element).rstrip(".").lower()
    month = int(text) if _is_number(text) else MONTHS.get(text)
    if month is None or not 1 <= month <= 12:
        notes.add("bad-date", "the month is not a month (1-12 or a name); left out", element)
        return None
    return month


def _is_number(text: str) -> bool:
    # `str.isdigit` also takes `²` and `①`, which `int` refuses.
    return text.isascii() and text.isdigit()


def _read_day(element: Element | None, year: int, month: int | None, notes: Notes) -> int | None:
    if element is None:
        return None
    text = inline_text(element)
    if month is None or not _is_number(text):
        notes.add("bad-date", "a day without a valid month, or not a number; left out", element)
        return None
    day = int(text)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        notes.add("impossible-date", f"month {month} of {year} has no day {day}; left out", element)
        return None
    return day


def _read_season(year: int, text: str) -> DateParts | None:
    season = SEASONS.get(text.strip().lower())
    if season is not None:
        return DateParts(year=year, season=season)
    return parse_pubmed_date(f"{year} {text}")


# --- names --------------------------------------------------------------------------


def initials_of(given: str) -> str | None:
    """`Jean-Philippe` -> `JP`, `Olin K.` -> `OK`, `J. L` -> `JL`, `EB` (already initials)."""
    if _INITIALS_ONLY.fullmatch(given.strip()):
        letters = "".join(ch for ch in given if ch.isalpha())
        return letters or None
    words = [word for word in _NAME_PART.split(given) if word]
    return "".join(word[0].upper() for word in words) or None


def read_name(element: Element) -> Person | None:
    """A `name`, `string-name`, `collab` or `name-alternatives` element as a Person."""
    kind = local_name(element)
    if kind == "name-alternatives":
        names = children(element, "name", "string-name")
        western = [n for n in names if n.get("name-style") in (None, "western")]
        return read_name((western or names)[0]) if names else None
    if kind == "collab":
        literal = inline_text(element, TextStyle(skip=frozenset({"contrib-group", "xref", "fn"})))
        return Person(literal=literal) if literal else None
    family = child_text(element, "surname")
    if family is None:
        text = inline_text(element)
        return Person(literal=text, raw=text) if text else None
    given_element = child(element, "given-names")
    given = inline_text(given_element) or None
    initials = given_element.get("initials") if given_element is not None else None
    return Person(
        family=family,
        given=given,
        initials=initials or (initials_of(given) if given else None),
        suffix=child_text(element, "suffix"),
        raw=inline_text(element) if kind == "string-name" else None,
    )


def page_range(first: str | None, last: str | None) -> tuple[str, str] | None:
    """`(pages, pages as written)` from a first and a last page; None without a first."""
    if first is None:
        return None
    written = f"{first}-{last}" if last and last != first else first
    return expand_page_range(written), written
