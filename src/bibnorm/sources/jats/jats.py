"""JATS / NLM article XML (PMC `.nxml`, efetch `pmc-articleset`): the `jats` source adapter.

One record per `article`: a file holds one article, or an efetch `pmc-articleset` several.
The front matter gives the record (`jats_meta`), the reference list its references
(`jats_refs`).

The XML is read without its DTD: JATS files name an external DTD that is never fetched
nor loaded, and no entity is expanded, so an external entity pointing at a local file
stays an unexpanded reference (left out, reported). HTML entities that only the DTD
would define (`&nbsp;`, `&mdash;`) are read as their characters, with a note. XML that
is not well-formed is a `FailedRecord` naming the line, never an exception.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.etree import _Element as Element

from bibnorm import xmlparse
from bibnorm.errors import InputError
from bibnorm.hookspecs import hookimpl
from bibnorm.inputs import decode_bytes
from bibnorm.model import Deletion, Diagnostic, FailedRecord, LineSpan, Record
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.jats.jats_meta import read_article
from bibnorm.sources.jats.jats_xml import ADAPTER_NAME, CODE, children, local_name, span_of

_UNDEFINED_ENTITY = re.compile(r"Entity '([^']+)' not defined")
_ENTITY_REFERENCE = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})

# sniff: the first element after the prolog, and what marks a JATS document.
_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.S)
_FIRST_ELEMENT = re.compile(r"\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_JATS_MARKERS = re.compile(
    r"-//NLM//DTD (?:JATS|Journal Archiving|Journal Publishing|Article Authoring|ARTICLE SET)"
    r"|-//NLM//DTD (?:NLM )?Journal|jats\.nlm\.nih\.gov|<front>|<article-meta|<journal-meta"
    r"|dtd-version=\"[0-9]"
)


class JatsAdapter:
    """Reads JATS / NLM article XML (PMC `.nxml`, efetch `pmc-articleset`)."""

    name = ADAPTER_NAME
    description = "JATS / PMC article XML (.nxml, pmc-articleset): metadata and references"

    def sniff(self, sample: Sample) -> float:
        """0.95 for a JATS article or a pmc-articleset; 0.4 (a hint, not a claim) for an
        `<article>` root with no JATS mark (HTML fragments have those too); else 0."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord | Deletion]:
        """One record per article; a `FailedRecord` for XML that cannot be read."""
        loaded = _load(source)
        if isinstance(loaded, FailedRecord):
            yield loaded
            return
        articles = _articles(loaded.root)
        if not articles:
            yield _no_article(loaded.root, source.name)
            return
        starts = [article.sourceline or 0 for article in articles]
        for index, article in enumerate(articles):
            end = starts[index + 1] if index + 1 < len(articles) else None
            notes = [d for line, d in loaded.notes if _within(line, starts[index], end, index)]
            yield read_article(article, source.name, notes)


def _within(line: int, start: int, end: int | None, index: int) -> bool:
    """Whether a note at `line` belongs to the article starting at `start` (notes
    before the first article belong to it)."""
    return (line >= start or index == 0) and (end is None or line < end)


def _sniff_score(text: str) -> float:
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    first = _FIRST_ELEMENT.match(text, position)
    if first is None:
        return 0.0
    root = first.group(1)
    if root == "pmc-articleset":
        return 0.95
    if root == "article":
        return 0.95 if _JATS_MARKERS.search(text) else 0.4
    return 0.0


# --- loading ------------------------------------------------------------------------


@dataclass
class _Loaded:
    """A parsed document and the notes about it, each with its line."""

    root: Element
    notes: list[tuple[int, Diagnostic]] = field(default_factory=list)


def _load(source: Source) -> _Loaded | FailedRecord:
    data = source.whole_bytes()  # capped as text read whole is (--max-input-mb)
    notes: list[tuple[int, Diagnostic]] = []
    try:
        root = _parse_bytes(data)
    except etree.XMLSyntaxError as error:
        if not _UNDEFINED_ENTITY.search(str(error)):
            return _malformed(source.name, data, error)
        # Without the DTD, HTML entities are undefined: read them as their characters.
        data, notes = _map_html_entities(data)
        try:
            root = _parse_bytes(data)
        except etree.XMLSyntaxError as second_error:
            return _malformed(source.name, data, second_error)
    notes.extend(_expand_entity_nodes(root))
    return _Loaded(root=root, notes=notes)


def _parse_bytes(data: bytes) -> Element:
    return etree.fromstring(data, xmlparse.xml_parser())


def _malformed(name: str, data: bytes, error: etree.XMLSyntaxError) -> FailedRecord:
    line = error.lineno or 1
    text = _readable(data, name)
    lines = text.split("\n")
    first = max(1, line - 2)
    # The lines up to the error: enough to find it, without copying a whole file.
    raw = "\n".join(lines[first - 1 : line]).strip() or text[:2000] or repr(data[:200])
    message = error.msg or str(error)
    diagnostic = Diagnostic(
        code=f"{CODE}.malformed-xml",
        message=f"not well-formed XML at line {line}: {message}",
        severity="error",
        line=line,
        text=lines[line - 1] if 0 < line <= len(lines) else None,
    )
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=name,
        span=LineSpan(start=first, end=line),
        raw=raw,
        diagnostics=(diagnostic,),
    )


def _readable(data: bytes, name: str) -> str:
    """The input as text for a message, whatever it holds (binary input included)."""
    try:
        return decode_bytes(data, name).replace("\r\n", "\n").replace("\r", "\n")
    except InputError:
        return data.decode("utf-8", errors="replace")


def _map_html_entities(data: bytes) -> tuple[bytes, list[tuple[int, Diagnostic]]]:
    """HTML entity references replaced by character references; a note per name."""
    first_lines: dict[str, int] = {}

    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode("ascii")
        characters = html.entities.html5.get(f"{name};")
        if name in _XML_ENTITIES or characters is None:
            return match.group(0)
        first_lines.setdefault(name, data.count(b"\n", 0, match.start()) + 1)
        return "".join(f"&#{ord(c)};" for c in characters).encode("ascii")

    mapped = _ENTITY_REFERENCE.sub(replace, data)
    return mapped, [(line, _html_entity_note(name, line)) for name, line in first_lines.items()]


def _html_entity_note(name: str, line: int) -> Diagnostic:
    return Diagnostic(
        code=f"{CODE}.html-entity",
        message=f"&{name}; is defined only by the DTD, which is not read: taken as its "
        "HTML character",
        severity="info",
        line=line,
        text=f"&{name};",
    )


def _expand_entity_nodes(root: Element) -> list[tuple[int, Diagnostic]]:
    """Replace the entity references lxml kept (a DOCTYPE was present) by their HTML
    characters; any other entity is left out and reported, never expanded."""
    notes: dict[str, tuple[int, Diagnostic]] = {}
    for entity in list(root.iter(etree.Entity)):
        name = entity.text.strip("&;")
        characters = html.entities.html5.get(f"{name};")
        parent = entity.getparent()
        line = entity.sourceline or (parent.sourceline if parent is not None else None) or 1
        if name not in notes:
            notes[name] = (line, _entity_note(name, line, known=characters is not None))
        _replace_node(entity, characters or "")
    return list(notes.values())


def _entity_note(name: str, line: int, *, known: bool) -> Diagnostic:
    if known:
        return _html_entity_note(name, line)
    return Diagnostic(
        code=f"{CODE}.unexpanded-entity",
        message=f"&{name}; is not expanded: entities are never resolved (no DTD, no file, "
        "no network); it is left out of the text",
        severity="warning",
        line=line,
        text=f"&{name};",
    )


def _replace_node(node: Any, text: str) -> None:
    parent = node.getparent()
    if parent is None:
        return
    text += node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(node)


def _articles(root: Element) -> list[Element]:
    if local_name(root) == "article":
        return [root]
    if local_name(root) == "pmc-articleset":
        return children(root, "article")
    return []


def _no_article(root: Element, file: str) -> FailedRecord:
    name = local_name(root)
    what = "an empty pmc-articleset" if name == "pmc-articleset" else f"a <{name}> document"
    diagnostic = Diagnostic(
        code=f"{CODE}.no-article",
        message=f"no JATS <article> found: the input is {what}",
        severity="error",
        line=root.sourceline,
    )
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=span_of(root),
        raw=etree.tostring(root, encoding="unicode")[:2000],
        diagnostics=(diagnostic,),
    )


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `jats` adapter."""
    register(JatsAdapter())


__all__ = ["ADAPTER_NAME", "JatsAdapter", "bibnorm_register_sources"]
