"""Saved HTML pages: reading them safely, their text, and the identifiers their links carry.

Shared by the `pubmed-html`, `pmc-html` and `html-meta` adapters. A page is parsed by
lxml's HTML parser with network access off and no DTD: nothing a page names is ever
fetched, and HTML has no entity definitions to expand (character references such as
`&amp;` are plain characters). Line numbers come from the parser (`sourceline`), so every
field and diagnostic points at the line of the saved file it came from.

Three things here are what a text copy of a page loses and a saved page keeps:

- the identifiers a link carries (`/pubmed/35306320`, `/pmc/articles/PMC4249766/`,
  `https://doi.org/10.1038%2Fnature13992`), read by `identifiers_of_href`;
- the structure (which block is the title, which the authors), read by the adapters;
- the page's other text, which `Coverage` reports when no field took it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote

import lxml.html
from lxml import etree
from lxml.html import HtmlElement as Element

from bibnorm import xmlparse
from bibnorm.errors import InputError
from bibnorm.model import (
    DateParts,
    Diagnostic,
    FailedRecord,
    FieldSource,
    Identifier,
    LineSpan,
    Person,
    Provenance,
    Record,
    Severity,
)
from bibnorm.parsing import parse_pubmed_date
from bibnorm.parsing.dates import MONTHS
from bibnorm.registry import Source

# sniff: an HTML document, told by its start (a doctype, <html>, <head> or <meta>).
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<meta\s)",
    re.IGNORECASE | re.DOTALL,
)
# Elements whose content is never page text a reader sees.
_NEVER_TEXT = frozenset(
    {"script", "style", "noscript", "template", "select", "option", "input"}
    | {"textarea", "svg", "map", "area", "img", "head", "title", "link", "meta"}
)
# Blocks stand apart from their neighbours even with no space between them in the source.
_BLOCK_TAGS = frozenset(
    {"div", "p", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "section"}
    | {"article", "header", "footer", "main", "aside", "nav", "figure", "figcaption", "br"}
    | {"hr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "form", "body"}
)
_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_PMID_HREF = re.compile(
    r"(?:^|/pubmed/|pubmed\.ncbi\.nlm\.nih\.gov/|[?&](?:list_uids|uid|term)=)"
    r"(?P<pmid>\d{1,9})(?:/?(?:[?#&]|$)|\[uid\])",
    re.IGNORECASE,
)
_RELATIVE_PMID_HREF = re.compile(r"^/(?P<pmid>\d{1,9})/?(?:[?#]|$)")
_PMCID_HREF = re.compile(r"/(?:pmc/)?articles/(?P<pmcid>PMC\d{1,9})", re.IGNORECASE)
_DOI_HREF = re.compile(r"(?:^|//)(?:dx\.)?doi\.org/(?P<doi>10\.\d{4,9}(?:/|%2F)[^?#\s]+)", re.I)
_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")


def is_html(text: str) -> bool:
    """Whether `text` starts like an HTML document (never raises)."""
    return _HTML_START.match(text[:4096]) is not None


def meta_pattern(name: str, content: str) -> re.Pattern[str]:
    """A regular expression finding `<meta name="NAME" content="CONTENT">` in raw text,
    for a cheap sniff that needs no parse (either attribute order, either quote)."""
    quote = "[\"']"
    return re.compile(
        rf"<meta\s+(?:name={quote}{name}{quote}\s+content={quote}{content}{quote}"
        rf"|content={quote}{content}{quote}\s+name={quote}{name}{quote})",
        re.IGNORECASE,
    )


# --- loading ------------------------------------------------------------------------


def read_page(
    source: Source,
    adapter: str,
    code: str,
    read: Callable[[Element], Iterator[Record | FailedRecord]],
) -> Iterator[Record | FailedRecord]:
    """What `read` finds in the page's root element, each item noting where the parser
    stopped reading when a libxml2 limit (depth, a huge text node) cut the page short;
    a `FailedRecord` when the input holds no HTML.

    Raises `InputError` for a page the parser must not be given (a tag with thousands of
    attributes) or that it stopped reading before anything usable was read.
    """
    root, lost = _parse_page(source, adapter, code)
    if isinstance(root, FailedRecord):
        yield replace(root, diagnostics=root.diagnostics + lost)
        return
    for item in read(root):
        yield replace(item, diagnostics=item.diagnostics + lost) if lost else item


def _parse_page(
    source: Source, adapter: str, code: str
) -> tuple[Element | FailedRecord, tuple[Diagnostic, ...]]:
    # lxml refuses text with an encoding declaration (XHTML pages start with one); the
    # text is decoded already, so the declaration goes (its line ending stays).
    text = _XML_DECLARATION.sub("", source.text, count=1)
    xmlparse.refuse_attribute_floods(text, source.name)
    parser = xmlparse.html_parser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        root = None
        message = f"the input is not an HTML page: {error}"
    else:
        message = "the input is not an HTML page"
    lost = xmlparse.lost_input(parser.error_log)
    if root is None or not isinstance(root, lxml.html.HtmlElement):
        if lost:
            first = lost[0]
            raise InputError(
                f"the HTML parser stopped reading ({first.message}) before any page was read",
                file=source.name,
                line=first.line,
            )
        return failed(source, adapter, code, "not-html", message), ()
    return root, xmlparse.lost_input_diagnostics(lost, code, "HTML")


def failed(source: Source, adapter: str, code: str, reason: str, message: str) -> FailedRecord:
    """A `FailedRecord` for a whole page that gave no record, with its first lines."""
    lines = source.text.split("\n")
    return FailedRecord(
        adapter=adapter,
        file=source.name,
        span=LineSpan(start=1, end=max(1, len(lines))),
        raw="\n".join(lines[:40])[:4000],
        diagnostics=(
            Diagnostic(code=f"{code}.{reason}", message=message, severity="error", line=1),
        ),
    )


# --- elements and text --------------------------------------------------------------


def classes(element: Any) -> set[str]:
    """The element's CSS classes."""
    return set((element.get("class") or "").split()) if isinstance(element.tag, str) else set()


def has_class(element: Any, name: str) -> bool:
    return name in classes(element)


def find_class(root: Element | None, name: str, tag: str = "*") -> list[Element]:
    """Descendants of `root` (itself included) with CSS class `name`, in document order."""
    if root is None:
        return []
    padded = "concat(' ', normalize-space(@class), ' ')"
    path = f"descendant-or-self::{tag}[contains({padded}, ' {name} ')]"
    found: list[Element] = root.xpath(path)
    return found


def first_class(root: Element | None, name: str, tag: str = "*") -> Element | None:
    found = find_class(root, name, tag)
    return found[0] if found else None


def either(*elements: Element | None) -> Element | None:
    """The first element that is not None (an element with no children is falsy, so
    `a or b` would skip it)."""
    return next((element for element in elements if element is not None), None)


def by_id(root: Element | None, value: str) -> Element | None:
    if root is None:
        return None
    found: list[Element] = root.xpath("descendant-or-self::*[@id=$value]", value=value)
    return found[0] if found else None


def text_of(element: Any, skip: Callable[[Any], bool] | None = None) -> str:
    """The text a reader sees in `element`, white space made single spaces.

    Scripts, styles, form controls and images give nothing; inline markup (`<em>`,
    `<sup>`, the `<mark>` of a highlighted search term) gives its text in place.
    `skip(element)` leaves out more (a link list inside a reference, say), tails kept.
    """
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, parts, skip)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _collect(element: Any, parts: list[str], skip: Callable[[Any], bool] | None) -> None:
    if not isinstance(element.tag, str) or element.tag in _NEVER_TEXT:
        return
    if skip is not None and skip(element):
        return
    padding = " " if element.tag in _BLOCK_TAGS else ""
    parts.append(padding)
    parts.append(element.text or "")
    for child in element:
        _collect(child, parts, skip)
        parts.append(child.tail or "")
    parts.append(padding)


def span_of(element: Any) -> LineSpan | None:
    """Lines from the element's start tag to the start of its last descendant."""
    start = getattr(element, "sourceline", None)
    if start is None:
        return None
    lines = [line for line in (e.sourceline for e in element.iter()) if line is not None]
    return LineSpan(start=start, end=max(lines, default=start))


def joined_span(elements: Iterable[Any]) -> LineSpan | None:
    spans = [span for span in (span_of(e) for e in elements if e is not None) if span]
    if not spans:
        return None
    return LineSpan(start=min(s.start for s in spans), end=max(s.end for s in spans))


# --- identifiers in links -----------------------------------------------------------


def identifiers_of_href(href: str | None) -> list[Identifier]:
    """The PMID, PMCID or DOI a link points at (`/pubmed/123`, `/123/` on PubMed,
    `/pmc/articles/PMC1/`, `doi.org/10.1/x` with `%2F` undone); [] for other links.

    An author search (`/pubmed/?term=Smith%20J[Author]`) carries no identifier.
    """
    if not href:
        return []
    href = href.strip()
    found: list[Identifier] = []
    doi = _DOI_HREF.search(href)
    if doi is not None:
        found.append(Identifier(scheme="doi", value=unquote(doi.group("doi")).rstrip(".")))
        return found
    pmcid = _PMCID_HREF.search(href)
    if pmcid is not None:
        found.append(Identifier(scheme="pmcid", value=pmcid.group("pmcid").upper()))
        return found
    if "term=" in href.lower() and "[uid]" not in unquote(href).lower():
        return found
    pmid = _RELATIVE_PMID_HREF.match(href) or _PMID_HREF.search(unquote(href))
    if pmid is not None:
        found.append(Identifier(scheme="pmid", value=pmid.group("pmid")))
    return found


def identifiers_of_links(element: Any) -> list[Identifier]:
    """Every identifier the links inside `element` carry, first of each scheme and value."""
    found: list[Identifier] = []
    for link in element.iter("a"):
        for identifier in identifiers_of_href(link.get("href")):
            if identifier not in found:
                found.append(identifier)
    return found


def doi_in_text(text: str) -> str | None:
    match = _DOI_IN_TEXT.search(text)
    return match.group(1).rstrip(".,;") if match else None


def merge_identifiers(*groups: Iterable[Identifier]) -> tuple[Identifier, ...]:
    """Identifiers of all groups, the first value of each scheme kept, in order."""
    kept: list[Identifier] = []
    schemes: set[str] = set()
    for group in groups:
        for identifier in group:
            if identifier.scheme not in schemes:
                schemes.add(identifier.scheme)
                kept.append(identifier)
    return tuple(kept)


# --- building a record --------------------------------------------------------------


@dataclass
class RecordBuilder:
    """What has been read from one page so far: fields with their lines, extra values,
    diagnostics."""

    adapter: str
    code: str
    file: str
    values: dict[str, Any] = field(default_factory=dict)
    fields: list[FieldSource] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def set(self, name: str, value: Any, *elements: Any, detail: str | None = None) -> None:
        """Set a field from `elements` (its provenance); empty values are not set."""
        if value is None or value == () or value == "":
            return
        self.values[name] = value
        self.fields = [f for f in self.fields if f.field != name]
        self.fields.append(FieldSource(field=name, span=joined_span(elements), detail=detail))

    def fill(self, name: str, value: Any, *elements: Any, detail: str | None = None) -> None:
        """Set a field only when nothing has set it yet."""
        if name not in self.values:
            self.set(name, value, *elements, detail=detail)

    def note(
        self,
        code: str,
        message: str,
        element: Any = None,
        *,
        severity: Severity = "warning",
        text: str | None = None,
    ) -> None:
        line = getattr(element, "sourceline", None) if element is not None else None
        if text is None and element is not None:
            text = text_of(element)[:300] or None
        self.diagnostics.append(
            Diagnostic(
                code=f"{self.code}.{code}",
                message=message,
                severity=severity,
                line=line,
                text=text,
            )
        )

    def build(self, span: LineSpan | None, record_type: str = "article-journal") -> Record:
        fields = sorted(self.fields, key=lambda f: f.span.start if f.span else 0)
        provenance = Provenance(
            adapter=self.adapter, file=self.file, span=span, fields=tuple(fields)
        )
        diagnostics = sorted(self.diagnostics, key=lambda d: d.line or 0)
        values = dict(self.values)
        values.setdefault("type", record_type)
        return Record(
            provenance=provenance,
            diagnostics=tuple(diagnostics),
            extra=tuple(self.extra),
            **values,
        )


# --- text no field took ------------------------------------------------------------


@dataclass
class Coverage:
    """Which parts of a page the fields took, so the rest can be reported.

    `take` marks an element whose whole text a field (or a deliberate skip) accounts
    for; `unclaimed` then walks a container and gives each element that still holds
    text of its own, outside every taken element and the page's chrome.
    """

    taken: set[Any] = field(default_factory=set)

    def take(self, *elements: Any) -> None:
        for element in elements:
            if element is not None:
                self.taken.add(element)

    def unclaimed(
        self, container: Any, is_chrome: Callable[[Any], bool]
    ) -> Iterator[tuple[Any, str]]:
        """`(element, its own text)` for each element under `container` with text of its
        own that no taken element covers, in document order."""
        if container is None:
            return
        yield from self._walk(container, is_chrome)

    def _walk(self, element: Any, is_chrome: Callable[[Any], bool]) -> Iterator[tuple[Any, str]]:
        if not isinstance(element.tag, str) or element.tag in _NEVER_TEXT:
            return
        if element in self.taken or is_chrome(element):
            return
        own = [element.text or ""]
        for child in element:
            own.append(child.tail or "")
        text = _SPACE.sub(" ", "".join(own)).strip()
        if text and any(ch.isalnum() for ch in text):
            yield element, text
        for child in element:
            yield from self._walk(child, is_chrome)


def report_unclaimed(
    builder: RecordBuilder, coverage: Coverage, container: Any, is_chrome: Callable[[Any], bool]
) -> None:
    """A warning for each piece of page text in `container` that no field took."""
    for element, text in coverage.unclaimed(container, is_chrome):
        builder.note(
            "unclaimed-text",
            "page text no field took",
            element,
            text=text[:300],
        )


# --- names and dates ----------------------------------------------------------------

# `Del Conte A`, `Tkacz-Stachowska K`: a family name and up to four capital initials.
_FAMILY_INITIALS = re.compile(r"^(?P<family>[^,]+?)\s+(?P<initials>[A-ZÀ-Þ]{1,4})$")
# A group author names itself so (`Vitamin D Fracture Study Group`, `ENCODE Consortium`).
_GROUP_WORDS = re.compile(
    r"\b(?:Group|Consortium|Collaborat\w*|Investigators|Committee|Network|Society|Team"
    r"|Association|Project)\b"
)
_NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|2nd|3rd)\.?$")
_INITIALS_ONLY = re.compile(r"^[A-ZÀ-Þ](?:[.\s-]*[A-ZÀ-Þ])*\.?$")
_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "dei", "di", "da", "das", "do", "dos"}
    | {"du", "la", "le", "ter", "ten", "y", "bin", "ibn", "al", "el"}
)


def initials_of(given: str) -> str | None:
    """`Jean-Philippe` -> `JP`, `Rodrigo C.V.` -> `RCV`, `M. A.` -> `MA`."""
    letters = [word[0] for word in re.split(r"[\s.\-‐]+", given) if word and word[0].isalpha()]
    if _INITIALS_ONLY.match(given.strip()):
        letters = [ch for ch in given if ch.isalpha()]
    return "".join(letters).upper() or None


def person_from_name(text: str) -> Person | None:
    """A name as pages print it, as a `Person`.

    `Family, Given` (meta tags), `Family AB` (PubMed's short form: initials kept as
    written), or `Given Family` (PMC and most publishers), where lower-case particles
    before the last word belong to the family name (`Beatriz Lacerda de Sousa`). A
    single word is a family name.
    """
    name = _SPACE.sub(" ", text).strip().strip(",;").strip()
    if not name:
        return None
    if _GROUP_WORDS.search(name):
        return Person(literal=name, raw=name)
    suffix = None
    if "," in name:
        family, _, given = (part.strip() for part in name.partition(","))
        if _NAME_SUFFIX.match(given):
            # `Smith J, Jr` has no given part after the comma, only a suffix.
            family, suffix, given = family, given, ""
        short = _FAMILY_INITIALS.match(family) if not given else None
        if short:
            family, given = short.group("family"), ""
            return Person(family=family, initials=short.group("initials"), suffix=suffix, raw=name)
        return Person(
            family=family or None,
            given=given or None,
            initials=initials_of(given) if given else None,
            suffix=suffix,
            raw=name,
        )
    short = _FAMILY_INITIALS.match(name)
    if short:
        return Person(family=short.group("family"), initials=short.group("initials"), raw=name)
    words = name.split(" ")
    if len(words) > 1 and _NAME_SUFFIX.match(words[-1]):
        suffix = words.pop()
    if len(words) == 1:
        return Person(family=words[0], suffix=suffix, raw=name)
    start = len(words) - 1
    while start > 1 and words[start - 1] in _NAME_PARTICLES:
        start -= 1
    given = " ".join(words[:start])
    return Person(
        family=" ".join(words[start:]),
        given=given,
        initials=initials_of(given),
        suffix=suffix,
        raw=name,
    )


_ISO_DATE = re.compile(
    r"^(?P<y>\d{4})(?:[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2}))?)?(?:T.*|\s\d{1,2}:\d\d.*)?$"
)
_US_DATE = re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})$")
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})$")
_MONTH_FIRST = re.compile(r"^(?P<m>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})$")


def parse_page_date(text: str | None) -> DateParts | None:
    """A date as pages write it, as `DateParts` (raw kept), or None.

    `2022-06-19`, `2022/06/19`, `2022/06`, `2022`; `06/19/2022` (month first, as NCBI and
    Highwire write it, unless the first number cannot be a month); `20 November 2014`,
    `November 20, 2014`; and PubMed's own `2008 January`, `2017 Jan 26`.
    """
    if not text:
        return None
    raw = _SPACE.sub(" ", text).strip().rstrip(".")
    year = month = day = None
    if match := _ISO_DATE.match(raw):
        year, month, day = match.group("y"), match.group("m"), match.group("d")
    elif match := _US_DATE.match(raw):
        first, second = int(match.group("a")), int(match.group("b"))
        month, day = (second, first) if first > 12 else (first, second)
        year = match.group("y")
    elif match := _DAY_FIRST.match(raw) or _MONTH_FIRST.match(raw):
        month = MONTHS.get(match.group("m").lower())
        if month is None:
            return None
        year, day = match.group("y"), match.group("d")
    else:
        return parse_pubmed_date(raw)
    y = int(year)
    m = int(month) if month else None
    d = int(day) if day else None
    if m is not None and not 1 <= m <= 12:
        return DateParts(year=y, raw=raw)
    if m is not None and d is not None and not 1 <= d <= calendar.monthrange(y, m)[1]:
        d = None
    return DateParts(year=y, month=m, day=d if m else None, raw=raw)


# --- author lines -------------------------------------------------------------------

_AUTHOR_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_KEY = re.compile(r"[0-9]+|[a-z](?![a-z])|[*†‡§¶#]+")


@dataclass(frozen=True)
class AuthorRun:
    """One name of an author line with the affiliation keys its superscripts give."""

    name: str
    keys: tuple[str, ...] = ()
    corresponding: bool = False


def author_runs(element: Any) -> list[AuthorRun]:
    """The names of an author line written as text: `A B,<sup>1</sup> C D<sup>2</sup> and
    E F<sup>1</sup>` (PMC) or `<a>Smith J</a><sup>1</sup>, <a>Doe A</a>.` (legacy PubMed).

    Names are separated by commas, semicolons and `and`; each superscript belongs to the
    name before it, and a "corresponding author" icon marks that name.
    """
    pieces: list[tuple[str, str]] = []  # ("text", ...) or ("key", ...) or ("corr", "")

    def walk(node: Any) -> None:
        pieces.append(("text", node.text or ""))
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif child.tag == "sup":
                if _is_corresponding_icon(child):
                    pieces.append(("corr", ""))
                pieces.append(("key", text_of(child)))
            elif child.tag == "img":
                if _is_corresponding_icon(child):
                    pieces.append(("corr", ""))
            elif child.tag not in _NEVER_TEXT:
                walk(child)
            pieces.append(("text", child.tail or ""))

    walk(element)
    runs: list[AuthorRun] = []
    pending = ""
    pending_break = False  # a superscript ends the name before it
    for kind, value in [*pieces, ("end", "")]:
        if kind == "text":
            pending += value
            continue
        fragments = _AUTHOR_SEPARATOR.split(pending)
        pending = ""
        for fragment in fragments:
            name = _SPACE.sub(" ", fragment).strip().strip(".").strip()
            if runs and _NAME_SUFFIX.match(name) and not pending_break:
                # `Robert J. Smith, Jr`: the comma precedes a suffix, not a new name.
                last = runs[-1]
                runs[-1] = AuthorRun(f"{last.name} {name}", last.keys, last.corresponding)
            elif name and any(ch.isalpha() for ch in name):
                runs.append(AuthorRun(name=name))
            pending_break = False
        pending_break = kind == "key"
        if not runs:
            continue
        last = runs[-1]
        if kind == "key":
            keys = tuple(_KEY.findall(value))
            runs[-1] = AuthorRun(last.name, last.keys + keys, last.corresponding)
        elif kind == "corr":
            runs[-1] = AuthorRun(last.name, last.keys, True)
    return runs


def _is_corresponding_icon(element: Any) -> bool:
    images = [element] if element.tag == "img" else list(element.iter("img"))
    return any("corresponding" in (img.get("alt") or "").lower() for img in images)


def keyed_text(element: Any) -> tuple[str | None, str]:
    """`(key, text)` of an affiliation or note led by a superscript (`<sup>1</sup>Dept...`)
    or a `dt` (`<dt>1</dt><dd>...`); the key is None when nothing leads it."""
    lead = None
    for child in element:
        if (isinstance(child.tag, str) and child.tag in ("sup", "dt")) or has_class(child, "key"):
            lead = child
        break
    if lead is None or (element.text or "").strip():
        return None, text_of(element)
    key = text_of(lead).strip(" .,")
    return key or None, text_of(element, skip=lambda e: e is lead)


def is_element(target: Any) -> Callable[[Any], bool]:
    """A `skip` for `text_of` that leaves out `target` (a label read apart)."""

    def skip(element: Any) -> bool:
        return element is target

    return skip


__all__ = [
    "AuthorRun",
    "Coverage",
    "Element",
    "RecordBuilder",
    "author_runs",
    "by_id",
    "classes",
    "doi_in_text",
    "either",
    "failed",
    "find_class",
    "first_class",
    "has_class",
    "identifiers_of_href",
    "identifiers_of_links",
    "is_element",
    "is_html",
    "joined_span",
    "keyed_text",
    "merge_identifiers",
    "meta_pattern",
    "parse_page_date",
    "person_from_name",
    "read_page",
    "report_unclaimed",
    "span_of",
    "text_of",
]
