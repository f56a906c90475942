"""PubMed search-result pages copied as text: the `pubmed-search-text` source adapter.

A browser copy of a result page lists each article as a numbered item:

    1
    Cite
    Share
    Bone metastasis attenuates efficacy of immune checkpoint inhibitors.
    Li X, Wang L, Chen S.
    Lung Cancer. 2022 Apr;166:189-196. doi: 10.1016/x. Epub 2022 Mar 10.
    PMID: 35306320 Free PMC article. Review.
    A snippet of the abstract ...

Each item becomes a record: title, authors, journal citation, identifiers and status
labels; the snippet is kept in `extra`. The search box, filters and paging above the
first item are site chrome, reported as such (`pubmed_search_text.chrome`, info) on the
first record, as is the chrome inside an item; any other line before the first item is
reported there too. ID, citation and author lines are read with the grammars of
`line_shapes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Diagnostic,
    FailedRecord,
    FieldSource,
    LineSpan,
    Provenance,
    Record,
)
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.pages.builder import CHROME_MESSAGE, Line
from bibnorm.sources.pages.line_shapes import (
    is_chrome,
    parse_nlm_authors,
    read_docsum,
    read_id_line,
    read_source_line,
)
from bibnorm.sources.pages.pubmed_text_copy import is_header_id

ADAPTER_NAME = "pubmed-search-text"
CODE = "pubmed_search_text"

# Lines of the search form, the filter sidebar and the pager: chrome of a result page.
_SEARCH_CHROME = frozenset(
    line.casefold()
    for line in (
        "Create alert",
        "Create RSS",
        "Advanced Create alert Create RSS",
        "Search Results",
        "Filters",
        "My NCBI Filters",
        "Results by year",
        "Expanded view",
        "Reset",
        "Table",
        "Download CSV",
        "Text availability",
        "Abstract",
        "Free full text",
        "Full text",
        "Article attribute",
        "Associated data",
        "Article type",
        "Books and Documents",
        "Clinical Trial",
        "Meta-Analysis",
        "Randomized Controlled Trial",
        "Review",
        "Systematic Review",
        "Publication date",
        "1 year",
        "5 years",
        "10 years",
        "Custom Range",
        "Additional filters",
        "Clear all",
        "Clear",
        "Page",
        "Next page",
        "Previous page",
        "First page",
        "Last page",
        "Load more results",
        "Show more",
        "Summary",
        "Best match",
        "Most recent",
        "Item in Clipboard",
    )
)
_SEARCH_CHROME_PATTERNS = re.compile(
    r"(?i)(?:search:\s.*|sorted by:.*|display options.*|filters applied:.*|[\d,]+ results?"
    r"|of [\d,]+|\d{1,4}|showing results for .*|search instead for .*"
    r"|results? (?:by year|for) .*|format:.*|per page:.*)"
)
_ITEM_NUMBER = re.compile(r"\d{1,5}\.?")
_NO_AUTHORS = "[no authors listed]"

# sniff: items whose `PMID:` line follows a journal citation, a result count, numbering.
_SNIFF_RESULT_COUNT = re.compile(r"^(?:[\d,]+ results?|Sorted by: .*)$", re.MULTILINE)
_SNIFF_MEDLINE = re.compile(r"^PMID- ?\d+", re.MULTILINE)
_SNIFF_XML = re.compile(r"^\s*<")
_SNIFF_SUMMARY_ITEM = re.compile(r"^\d+: \S", re.MULTILINE)
# `1. Title`: items of the legacy summary page, which another adapter reads.
_NUMBERED_TITLE = re.compile(r"\d{1,5}\.\s+\S")


@dataclass(frozen=True)
class ItemLines:
    """Where one result item is: its first line, its title/authors/citation/ID lines."""

    start: int
    title: int
    authors: int | None
    citation: int
    id_line: int
    end: int


class PubmedSearchTextAdapter:
    """Reads PubMed search-result pages copied as text, one record per result."""

    name = ADAPTER_NAME
    description = "PubMed search-result page copied as text (one record per result)"

    def sniff(self, sample: Sample) -> float:
        """0.9 for a result page with its count and numbered items; less for bare items."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        lines = [Line(n, text.rstrip("\r")) for n, text in enumerate(source.lines(), start=1)]
        items = find_items(lines)
        if not items:
            yield _failed(lines, source.name)
            return
        preamble = lines[: items[0].start]
        for index, item in enumerate(items):
            yield _read_item(lines, item, source.name, preamble if index == 0 else [])


def _sniff_score(text: str) -> float:
    if _SNIFF_XML.match(text) or _SNIFF_MEDLINE.search(text):
        return 0.0
    lines = [Line(n, t) for n, t in enumerate(text.split("\n"), start=1)]
    items = find_items(lines)
    if not items:
        return 0.0
    if any(_is_page_header_id(lines, i) for i in range(len(lines))):
        # An abstract page lists similar articles the same way; its own ID line says so.
        return 0.3
    if _SNIFF_SUMMARY_ITEM.search(text) or any(
        _NUMBERED_TITLE.match(lines[item.title].text) for item in items
    ):
        # `1: Author A. Title...` (the Summary text export) and `1. Title` (the legacy
        # summary page) are other formats.
        return 0.2
    score = 0.5 if len(items) == 1 else 0.7
    if any(_ITEM_NUMBER.fullmatch(lines[item.start].text.strip()) for item in items):
        score += 0.1
    if _SNIFF_RESULT_COUNT.search(text):
        score += 0.1
    return round(min(score, 0.9), 2)


def _is_page_header_id(lines: list[Line], index: int) -> bool:
    window = lines[max(0, index - 3) : index + 1]
    text = lines[index].text.strip()
    return text.startswith(("PMID:", "- PMID:")) and is_header_id(window, len(window) - 1)


def _previous_text(lines: list[Line], index: int, floor: int) -> int | None:
    for previous in range(index - 1, floor - 1, -1):
        text = lines[previous].text.strip()
        if text and not is_chrome(text):
            return previous
    return None


def find_items(lines: list[Line]) -> list[ItemLines]:
    """Every result item: an ID line starting `PMID:` right under a journal citation,
    with the author and title lines above it and its number above them."""
    found: list[ItemLines] = []
    floor = 0
    for index, line in enumerate(lines):
        id_line = read_id_line(line.text)
        if id_line is None or id_line.identifiers[0].scheme != "pmid":
            continue
        citation = _previous_text(lines, index, floor)
        if citation is None or not _is_citation(lines[citation].text):
            continue
        above = _previous_text(lines, citation, floor)
        authors: int | None = None
        if above is not None:
            above2 = _previous_text(lines, above, floor)
            is_numbered = above2 is not None and _ITEM_NUMBER.fullmatch(lines[above2].text.strip())
            if above2 is not None and not is_numbered and _is_author_line(lines[above].text):
                authors, above = above, above2
        if above is None:
            continue
        start = above
        number = _previous_text(lines, above, floor)
        if number is not None and _ITEM_NUMBER.fullmatch(lines[number].text.strip()):
            start = number
        if found:
            previous = found[-1]
            found[-1] = ItemLines(**{**previous.__dict__, "end": start})
        found.append(ItemLines(start, above, authors, citation, index, len(lines)))
        floor = index + 1
    return found


def _is_citation(text: str) -> bool:
    text = text.strip()
    return read_source_line(text) is not None or text.startswith("In: ")


def _is_author_line(text: str) -> bool:
    text = " ".join(text.split())
    if text.casefold() == _NO_AUTHORS:
        return True
    return parse_nlm_authors(text) is not None


def _read_item(lines: list[Line], item: ItemLines, file: str, preamble: list[Line]) -> Record:
    diagnostics: list[Diagnostic] = []

    def note(code: str, message: str, line: Line, severity: str = "warning") -> None:
        diagnostics.append(
            Diagnostic(
                code=f"{CODE}.{code}",
                message=message,
                severity="info" if severity == "info" else "warning",
                line=line.number,
                text=line.text,
            )
        )

    for line in preamble:
        text = " ".join(line.text.split())
        if text and _is_search_chrome(text):
            note("chrome", CHROME_MESSAGE, line, "info")
        elif text:
            note("unclaimed-line", "no rule took this line (above the first result)", line)
    title_line = lines[item.title]
    author_text = lines[item.authors].text if item.authors is not None else None
    if author_text is not None and " ".join(author_text.split()).casefold() == _NO_AUTHORS:
        author_text = None
    citation_line = lines[item.citation]
    id_line = read_id_line(lines[item.id_line].text)
    citation_text = " ".join(citation_line.text.split())
    is_book = citation_text.startswith("In: ")
    docsum = read_docsum(
        " ".join(title_line.text.split()),
        author_text,
        None if is_book else citation_text,
        id_line,
    )
    for piece in docsum.unparsed:
        note("unparsed-text", f"part of the item no rule placed: {piece!r}", citation_line)
    if is_book:
        note("unparsed-text", "a book citation, which is not read into fields", citation_line)
    taken = {item.title, item.citation, item.id_line}
    if item.authors is not None:
        taken.add(item.authors)
    snippet: list[Line] = []
    for index in range(item.start, item.end):
        line = lines[index]
        text = line.text.strip()
        if index in taken or not text:
            continue
        if is_chrome(text):
            note("chrome", CHROME_MESSAGE, line, "info")
            continue
        if index == item.start and _ITEM_NUMBER.fullmatch(text):
            continue
        if index > item.id_line and text.rstrip(".").casefold() == "no abstract available":
            continue
        if index > item.id_line:
            snippet.append(line)
        else:
            note("unclaimed-line", "no rule took this line", line)
    extra: tuple[tuple[str, str], ...] = ()
    if snippet:
        extra = (("snippet", " ".join(" ".join(line.text.split()) for line in snippet)),)
    span = LineSpan(start=lines[item.start].number, end=_last_text(lines, item).number)

    def source_of(name: str, first: int, last: int) -> FieldSource:
        return FieldSource(
            field=name, span=LineSpan(start=lines[first].number, end=lines[last].number)
        )

    fields = [source_of("title", item.title, item.title)]
    if docsum.citation.authors:
        assert item.authors is not None
        fields.append(source_of("authors", item.authors, item.authors))
    fields.append(source_of("container_title_short", item.citation, item.citation))
    fields.append(source_of("identifiers", item.citation, item.id_line))
    if snippet:
        fields.append(
            FieldSource(
                field="extra", span=LineSpan(start=snippet[0].number, end=snippet[-1].number)
            )
        )
    citation = docsum.citation
    provenance = Provenance(adapter=ADAPTER_NAME, file=file, span=span, fields=tuple(fields))
    return Record(
        type="chapter" if is_book else citation.type,
        title=citation.title,
        authors=citation.authors,
        et_al=citation.et_al,
        container_title_short=citation.container_title_short,
        issued=citation.issued,
        epub_date=citation.epub_date,
        ecollection_year=citation.ecollection_year,
        volume=citation.volume,
        issue=citation.issue,
        pages=citation.pages,
        article_number=citation.article_number,
        identifiers=citation.identifiers,
        flags=citation.flags,
        extra=extra,
        provenance=provenance,
        diagnostics=tuple(sorted(diagnostics, key=lambda d: d.line or 0)),
    )


def _last_text(lines: list[Line], item: ItemLines) -> Line:
    for index in range(item.end - 1, item.id_line - 1, -1):
        if lines[index].text.strip():
            return lines[index]
    return lines[item.id_line]


def _is_search_chrome(text: str) -> bool:
    return (
        is_chrome(text)
        or text.casefold() in _SEARCH_CHROME
        or _SEARCH_CHROME_PATTERNS.fullmatch(text) is not None
    )


def _failed(lines: list[Line], file: str) -> FailedRecord:
    text_lines = [line for line in lines if line.text.strip()]
    span = LineSpan(start=text_lines[0].number, end=text_lines[-1].number) if text_lines else None
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=span,
        raw="\n".join(line.text for line in lines),
        diagnostics=(
            Diagnostic(
                code=f"{CODE}.no-results",
                message="no search result found: no `PMID:` line under a journal citation",
                severity="error",
                line=text_lines[0].number if text_lines else None,
            ),
        ),
    )


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-search-text` adapter."""
    register(PubmedSearchTextAdapter())


__all__ = ["ADAPTER_NAME", "PubmedSearchTextAdapter", "bibnorm_register_sources", "find_items"]
