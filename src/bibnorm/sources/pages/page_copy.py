"""Any copied PubMed, PMC or Europe PMC article page: the `page-copy` source adapter.

The general page reader: each line is classified by its shape (`line_shapes.classify`)
and one record is assembled from the shapes, whatever order the site's template put them
in. This module scores a text for detection and runs the readers in order over its
lines: `page_title` (citation block, title), `page_authors` (authors, notes),
`page_body` (abstract, keywords, terms, statements, lists). Site chrome is reported as
chrome (`page_copy.chrome`, an info diagnostic) and never becomes a value; a copy that
stops mid-word says so, and its half word is never a value. Every line no rule took is
reported. What it cannot place with certainty it leaves out, with a warning.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Diagnostic,
    LineSpan,
    Record,
)
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources.pages.builder import PageBuilder
from bibnorm.sources.pages.line_shapes import (
    Kind,
    classify,
    ends_complete,
)
from bibnorm.sources.pages.line_shapes import (
    ShapedLine as Line,
)
from bibnorm.sources.pages.page_authors import read_article_notes, read_author_notes, read_byline
from bibnorm.sources.pages.page_body import (
    read_abstract,
    read_conflict_of_interest,
    read_keywords,
    read_lists,
    read_terms,
    read_type_labels,
)
from bibnorm.sources.pages.page_lists import find_lists
from bibnorm.sources.pages.page_title import read_citation_block, read_title
from bibnorm.sources.pages.unwrap import prepare_lines

ADAPTER_NAME = "page-copy"
CODE = "page_copy"

# Evidence that a text is a page showing a record, for `sniff`.
_EVIDENCE = frozenset(
    {Kind.CITATION, Kind.DOI, Kind.PUBLISHED_ONLINE, Kind.IDS, Kind.MANUSCRIPT}
    | {Kind.FINAL_FORM, Kind.LOGO, Kind.ET_AL, Kind.SEARCH_RESULT}
)
_SNIFF_LINES = 200
# Headings of an article page's own sections (not of a reference list or an article body).
_PAGE_HEADINGS = frozenset(
    {"abstract", "no abstract available", "affiliations", "author information", "keywords"}
    | {"mesh terms", "publication types", "substances", "similar articles", "cited by"}
)
_TEMPLATE_MARKS = re.compile(
    r"^(?:Copyright and License information|PMC Disclaimer|Find articles by .*"
    r"|\S.*\[(?:PubMed|Google Scholar|PMC free article)\])\s*$",
    re.MULTILINE,
)
# Below the template readers' confident scores, so a page they know keeps its reader.
_SCORE_TWO_KINDS = 0.55
_SCORE_MORE_KINDS = 0.6
_SCORE_ONE_KIND = 0.35
_SCORE_RECORD_ONLY = 0.5
_SCORE_LOGO_PAGE = 0.7
# Above every template reader's score (the seed dump layout's reader, 0.9, sees bullets
# this reader scores 0 for).
_SCORE_SITE_PAGE = 0.97


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
        prepared = prepare_lines(text)
        lines = [Line(n, classify(raw)) for n, raw in prepared.lines]
        record = _read_page(lines, source.name, cut=_is_cut(text, lines))
        if prepared.notes:
            notes = tuple(
                Diagnostic(code=f"{CODE}.{code}", message=message, severity="info", line=number)
                for code, message, number in prepared.notes
            )
            record = dataclasses.replace(record, diagnostics=(*notes, *record.diagnostics))
        yield record


def _sniff_score(text: str) -> float:
    stripped = text.lstrip()
    if stripped.startswith(("<", "{", "[")) or "\nPMID- " in text or text.startswith("PMID-"):
        return 0.0
    kinds: set[Kind] = set()
    page_marks: set[Kind] = set()
    pmids: set[str] = set()
    citations: set[str] = set()  # distinct: a copy may double its lines
    journal_less = False
    site = False  # a line of a real PubMed, PMC or Europe PMC page: its logo or chrome
    shapes = [classify(raw) for _, raw in prepare_lines(text).lines[:_SNIFF_LINES]]
    shapes = [shape for shape in shapes if shape.kind is not Kind.BLANK]
    listed = {at for page_list in find_lists(shapes) for at in page_list.lines}
    for at, shape in enumerate(shapes):
        if at in listed:
            continue  # a list's items are other articles: no evidence of this page's record
        pmids.update(i.value for i in shape.identifiers if i.scheme == "pmid")
        if shape.kind in {Kind.CITATION, Kind.SEARCH_RESULT} or (
            shape.kind is Kind.FINAL_FORM and shape.locator is not None
        ):
            located = shape.locator is None or bool(shape.locator.volume or shape.locator.pages)
            # Europe PMC's own line and PubMed's `Journal. 2006 Oct.` repeat the record's.
            if "comma-style" not in shape.flags and located:
                citations.add(shape.text)
            journal_less = journal_less or (shape.kind is Kind.CITATION and not shape.journal)
        if shape.kind in _EVIDENCE:
            kinds.add(shape.kind)
        if shape.kind in {Kind.LOGO, Kind.CHROME}:
            site = True
        if shape.kind in _EVIDENCE:
            continue
        if shape.kind is Kind.CHROME or (
            shape.kind is Kind.HEADING and shape.text.rstrip(" :").casefold() in _PAGE_HEADINGS
        ):
            # The site's own lines: a page, not a reference list, but no record by themselves.
            page_marks.add(shape.kind)
    if not kinds:
        return 0.0
    if len(pmids) > 1 or len(citations) > 1:
        # Several records (a result list, a page with its related items): not one page's.
        return _SCORE_ONE_KIND
    if site:
        # A copy of one article's page as the sites show it today or showed it before:
        # this reader, built on the line shapes of every layout, reads it best (measured:
        # 99.7% against the template readers' 88.5% on unseen copies).
        return _SCORE_SITE_PAGE
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
        # One record's lines with nothing of a web page around them (a PMID, DOI or
        # citation line in a note): the threshold, so that an export's reader, scoring
        # higher, keeps its text, and a text showing a record is never refused.
        return _SCORE_RECORD_ONLY
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
    lists = find_lists([line.shape for line in content])
    listed = {content[at].number for page_list in lists for at in page_list.lines}
    read_citation_block([line for line in content if line.number not in listed], builder)
    page = _shows_a_page(content)
    if not page:
        builder.note(
            "unknown-layout",
            "the text shows a record but no page layout this reader knows: only the lines"
            " it can place with certainty are read",
            None,
        )
    title_at = read_title(content, builder, tail, listed, page=page)
    read_byline(content, builder, title_at)
    read_author_notes(content, builder)
    read_article_notes(content, builder)
    read_keywords(content, builder, tail)
    read_abstract(content, builder, tail, title_at)
    read_terms(content, builder)
    read_type_labels(content, builder)
    read_conflict_of_interest(content, builder, tail)
    read_lists(content, lists, builder, tail, file)
    for line in content:
        if line.number in builder.claimed:
            continue
        if line.shape.kind is Kind.HEADING and line.shape.text.rstrip(" :").casefold() in (
            _FOLDED_HEADINGS
        ):
            builder.note("chrome", "a heading of the page with nothing under it", line, "info")
        else:
            builder.note("unclaimed-line", "no rule took this line", line)
    if "title" not in builder.values:
        builder.note("no-title", "the page shows no title this reader can place", None)
    if not {"container_title", "container_title_short"} & builder.values.keys():
        builder.note("no-journal", "the page shows no journal this reader can place", None)
    return builder.record(LineSpan(start=lines[0].number, end=lines[-1].number))


def _shows_a_page(content: list[Line]) -> bool:
    """Whether the text shows a web page around its record lines: site chrome, a logo,
    PubMed's `et al.` line, a result line, a journal-less citation line, a page heading."""
    for line in content:
        shape = line.shape
        if shape.kind in {Kind.CHROME, Kind.LOGO, Kind.ET_AL, Kind.SEARCH_RESULT}:
            return True
        if shape.kind in {Kind.PUBLISHED_ONLINE, Kind.MANUSCRIPT, Kind.FINAL_FORM}:
            return True
        if shape.kind is Kind.CITATION and not shape.journal:
            return True
        if shape.kind is Kind.HEADING and shape.text.rstrip(" :").casefold() in _PAGE_HEADINGS:
            return True
    return False


# Headings today's pages show folded, with their content hidden: the page's, not the record's.
_FOLDED_HEADINGS = frozenset(
    {"affiliations", "author information", "figures", "tables", "associated data", "expand"}
    | {"supplementary materials", "supplementary material", "footnotes", "grants and funding"}
)


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Register the general page-copy reader."""
    register(PageCopyAdapter())


__all__ = ["ADAPTER_NAME", "PageCopyAdapter", "bibnorm_register_sources"]
