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

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    Diagnostic,
    HistoryDate,
    Identifier,
    Keyword,
    LineSpan,
    Link,
    Person,
    Provenance,
    Record,
)
from bibnorm.parsing import label_category, parse_abstract
from bibnorm.parsing.dates import read_printed_date
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
    LOGO_COLLECTIONS,
    MAX_TITLE_CHARS,
    Author,
    Kind,
    LineShape,
    author_list_cut,
    classify,
    ends_complete,
    read_authors,
)
from bibnorm.sources.pages.page_lists import PageList, find_lists, read_item
from bibnorm.sources.pages.unwrap import prepare_lines

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
_LINK_LABEL = re.compile(r"\[(?:PubMed|Google Scholar|PMC free article|DOI|CrossRef)\]")
# Under an `Abstract` heading, fewer words than this are a menu's items (`PubMed`, `PMID`).
_MIN_ABSTRACT_WORDS = 4
_MAX_UNHEADED_ABSTRACT_WORDS = 450
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
    _read_citation_block([line for line in content if line.number not in listed], builder)
    page = _shows_a_page(content)
    if not page:
        builder.note(
            "unknown-layout",
            "the text shows a record but no page layout this reader knows: only the lines"
            " it can place with certainty are read",
            None,
        )
    title_at = _read_title(content, builder, tail, listed, page=page)
    _read_authors(content, builder, title_at)
    _read_author_notes(content, builder)
    _read_article_notes(content, builder)
    _read_keywords(content, builder, tail)
    _read_abstract(content, builder, tail, title_at)
    _read_terms(content, builder)
    _read_type_labels(content, builder)
    _read_conflict_of_interest(content, builder, tail)
    _read_lists(content, lists, builder, tail, file)
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


def _read_citation_block(content: list[Line], builder: PageBuilder) -> None:
    """Identifiers, journal, date, volume, issue and pages from the record's own lines."""
    identifiers: dict[str, tuple[Identifier, Line]] = {}
    journals: dict[str, tuple[str, Line]] = {}
    cited: Line | None = None
    # Europe PMC shows its own `Journal, 05 Dec 2016, 5(1):210` above the PMC citation
    # line: the PubMed-style line is the record's citation when both are there.
    if any(
        line.shape.kind is Kind.CITATION and "comma-style" not in line.shape.flags
        for line in content
    ):
        for line in content:
            if "comma-style" in line.shape.flags:
                builder.claim(line)
        content = [line for line in content if "comma-style" not in line.shape.flags]
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
                if shape.journal and shape.journal.casefold() not in LOGO_COLLECTIONS:
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
        if kind is Kind.SEARCH_RESULT and shape.authors:
            builder.set_field("authors", tuple(_person(a) for a in shape.authors), line)
            if len(shape.authors) == 1 and ", et al." in shape.text:
                builder.set_field("et_al", True, line)  # only the short list was read
        if shape.epub_date is not None and "epub_date" not in builder.values:
            builder.set_field("epub_date", shape.epub_date, line)
        if shape.unparsed:
            builder.note("unparsed-text", f"part of the citation line: {shape.unparsed!r}", line)
    if cited is None:
        # A copy that starts below the citation line: PubMed's `Lee A et al. J. 2019 May.`
        # still dates the record.
        cited = next(
            (line for line in content if line.shape.kind is Kind.ET_AL and line.shape.locator),
            None,
        )
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
    if cited is not None and cited.shape.kind is Kind.CITATION and not cited.shape.journal:
        above = _line_above(content, cited)
        if above is not None and above.shape.kind is Kind.PROSE and _is_journal_name(above):
            # A page that prints the journal on a line of its own above `. 2006 Oct;29:1-9.`
            builder.claim(above)
            journals.setdefault("citation", (above.shape.text, above))
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


def _line_above(content: list[Line], line: Line) -> Line | None:
    at = content.index(line)
    return content[at - 1] if at > 0 else None


def _is_journal_name(line: Line) -> bool:
    """A journal's name or abbreviation alone: a few capitalised words, no sentence."""
    words = line.shape.text.split()
    return (
        1 <= len(words) <= _MAX_JOURNAL_NAME_WORDS
        and words[0][:1].isupper()
        and not line.shape.text.endswith((".", "?", "!", ":"))
    )


_MAX_JOURNAL_NAME_WORDS = 8


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


def _read_title(
    content: list[Line],
    builder: PageBuilder,
    tail: Line | None,
    listed: set[int],
    *,
    page: bool = True,
) -> int | None:
    """The title: the first prose line after the record block (past an article category
    such as `Physics` or `Research Article`), or the one just before the block when only
    chrome precedes it. A title the page wraps onto a second line is joined. Returns the
    index in `content` of the title's last line."""
    anchor = next(
        (
            i
            for i, line in enumerate(content)
            if line.shape.kind in _RECORD_BLOCK | {Kind.SEARCH_RESULT} and line.number not in listed
        ),
        None,
    )
    if anchor is None:
        return None
    above = _title_above_authors(content, anchor, tail, listed)
    if above is not None:
        category = content[above - 1] if above > 0 else None
        shown = [category] if category is not None and _is_category(category) else []
        return _take_title(content, builder, above, shown, tail)
    if not page:
        return None  # no layout says where the title stands: none is guessed
    index = anchor
    while index < len(content) and content[index].shape.kind in _RECORD_BLOCK | {Kind.CHROME}:
        index += 1
    categories: list[Line] = []
    while index < len(content) and len(categories) < 2 and _is_category(content[index]):
        categories.append(content[index])
        index += 1
    chosen: int | None = None
    if index < len(content) and _is_title(content[index], tail):
        chosen = index
    else:
        before = [i for i in range(anchor) if content[i].shape.kind is not Kind.CHROME]
        if len(before) == 1 and _is_title(content[before[0]], tail):
            chosen = before[0]
            categories = []
        elif before and before[-1] == anchor - 1 and _is_sentence_title(content[anchor - 1]):
            # PubMed's older and mirror pages: the title, with its final stop, right
            # above the citation line.
            chosen = anchor - 1
            categories = []
    if chosen is None:
        return None  # reported as `no-title` once the page is read
    return _take_title(content, builder, chosen, categories, tail)


def _take_title(
    content: list[Line],
    builder: PageBuilder,
    chosen: int,
    categories: list[Line],
    tail: Line | None,
) -> int:
    for line in categories:
        builder.claim(line)
        builder.note("article-category", "the journal's article category", line, "info")
    lines = [content[chosen]]
    if _continues_title(content, chosen, tail):
        chosen += 1
        lines.append(content[chosen])
    title = " ".join(line.shape.text for line in lines)
    # PubMed shows the title twice: the field's line is the first, both are claimed.
    shown = [line for line in content if line.shape.text == title and line not in lines]
    builder.claim(*lines, *shown)
    if shown and shown[0].number < lines[0].number:
        lines = [shown[0]]
    builder.set_field("title", title, *lines)
    # PubMed repeats the title under `Affiliations`.
    for other in content[chosen + 1 : chosen + 4]:
        heading = other.shape.kind is Kind.HEADING
        if (heading and other.shape.text.casefold() == "affiliations") or (
            other.shape.text == title
        ):
            builder.claim(other)
    return chosen


def _title_above_authors(
    content: list[Line], anchor: int, tail: Line | None, listed: set[int]
) -> int | None:
    """The title where every layout puts it, right above the record's author line (or a
    search result, whose authors lead the run-on line, or PubMed's `First Author et al.`
    line) near the record block, past an article category, joined with a first line it
    wrapped from. None when no author line stands there."""
    window = range(max(anchor - _AUTHOR_WINDOW, 1), min(anchor + _AUTHOR_WINDOW, len(content)))
    for at in window:
        line = content[at]
        if line.number in listed:
            continue
        if line.shape.kind not in _UNDER_TITLE and not _unmarked_author_list(line):
            continue
        title = at - 1
        while title > 0 and content[title].number not in listed and _is_pass_over(content[title]):
            title -= 1  # `Editorial`, `Review` between title and authors: not the title
        if title > 0 and _continues_title(content, title - 1, tail):
            return title - 1  # `_take_title` joins the wrapped line
        candidate = content[title]
        if candidate.number in listed or candidate is tail:
            return None
        if candidate.shape.kind is not Kind.PROSE or len(candidate.shape.text) > MAX_TITLE_CHARS:
            return None
        return title
    return None


def _unmarked_author_list(line: Line) -> bool:
    """`Linda H Aiken, Sean P Clarke, Douglas M Sloane`: two names or more, no markers."""
    if line.shape.kind is not Kind.PROSE:
        return False
    authors = read_authors(line.shape.text, unmarked=True)
    return authors is not None and len([a for a in authors if not a.group]) >= 2


# Lines that stand right under a title: the authors, a search result, `et al.` line.
_UNDER_TITLE = frozenset({Kind.AUTHORS, Kind.SEARCH_RESULT, Kind.ET_AL})


def _is_pass_over(line: Line) -> bool:
    """A publication type (`Review`) or a repeated line between a title and its authors."""
    return line.shape.kind is Kind.HEADING and line.shape.heading == "publication type"


# Headings today's pages show folded, with their content hidden: the page's, not the record's.
_FOLDED_HEADINGS = frozenset(
    {"affiliations", "author information", "figures", "tables", "associated data", "expand"}
    | {"supplementary materials", "supplementary material", "footnotes", "grants and funding"}
)
# How far from the record block the author line may stand (PMC: ids between).
_AUTHOR_WINDOW = 12
# Words of the article categories journals print above a title.
_CATEGORY_WORDS = frozenset(
    {"article", "articles", "research", "original", "review", "reviews", "report", "reports"}
    | {"brief", "short", "case", "communication", "communications", "letter", "letters"}
    | {"editorial", "commentary", "perspective", "perspectives", "essay", "feature", "news"}
    | {"clinical", "study", "studies", "paper", "papers", "note", "notes", "special", "invited"}
)


def _is_sentence_title(line: Line) -> bool:
    words = line.shape.text.split()
    return (
        line.shape.kind is Kind.PROSE
        and len(words) >= _MIN_SENTENCE_TITLE_WORDS
        and line.shape.text.endswith((".", "?"))
        and len(line.shape.text) <= MAX_TITLE_CHARS
    )


_MIN_SENTENCE_TITLE_WORDS = 4


def _is_category(line: Line) -> bool:
    """`Physics`, `Research Article`: a line of one word, or of category words only."""
    words = line.shape.text.rstrip(".").split()
    if line.shape.kind is not Kind.PROSE or not words or len(words) > 3:
        return False
    return len(words) == 1 or all(word.casefold() in _CATEGORY_WORDS for word in words)


def _continues_title(content: list[Line], at: int, tail: Line | None) -> bool:
    """Whether the line after the title line `at` is the rest of the title, wrapped: the
    title line ends with no stop, and the next line starts in lower case or stands right
    before the authors or the record's ID line."""
    if at + 1 >= len(content) or content[at].shape.text.endswith("."):
        return False
    if not _is_title(content[at], tail) or _is_category(content[at]):
        return False
    following = content[at + 1]
    text = following.shape.text
    if following.shape.kind is not Kind.PROSE or following is tail or len(text) > 200:
        return False
    if len(content[at].shape.text) + len(text) > MAX_TITLE_CHARS:
        return False
    if text[:1].islower():
        return True
    joined = f"{content[at].shape.text} {text}"
    if any(line.shape.text == joined for line in content[at + 2 :]):
        return True  # PubMed repeats the title on one line further down
    if content[at].shape.text.endswith(("?", "!")):
        return False
    if read_authors(text, unmarked=True) is not None:
        return False  # the authors' names, right under a one-line title
    after = content[at + 2] if at + 2 < len(content) else None
    return after is not None and after.shape.kind in {Kind.AUTHORS, Kind.IDS}


def _is_title(line: Line, tail: Line | None) -> bool:
    text = line.shape.text
    return (
        line.shape.kind is Kind.PROSE
        and line is not tail
        and len(text.split()) >= 2
        and len(text) <= MAX_TITLE_CHARS
    )


def _read_authors(content: list[Line], builder: PageBuilder, title_at: int | None) -> None:
    """The author line under the title (right under it, a plain list of names is taken
    too), else the first author of an `et al.` line."""
    if title_at is not None:
        for at, line in enumerate(content[title_at + 1 : title_at + 4]):
            authors = line.shape.authors if line.shape.kind is Kind.AUTHORS else None
            if at == 0 and line.shape.kind is Kind.PROSE and line.number not in builder.claimed:
                authors = read_authors(line.shape.text, unmarked=True)
            if authors:
                builder.claim(line)
                builder.set_field("authors", tuple(_person(a) for a in authors), line)
                if author_list_cut(line.shape.text):
                    builder.set_field("et_al", True, line)  # `Lee A, Kim B ...`
                return
            if line.shape.kind not in {Kind.IDS, Kind.HEADING} or (
                line.shape.text.casefold() == "abstract"
            ):
                break
    if "authors" in builder.values:
        return
    if _authors_from_find_links(content, builder):
        return
    et_al = next((line for line in content if line.shape.kind is Kind.ET_AL), None)
    if et_al is not None and et_al.shape.authors:
        builder.set_field("authors", (_person(et_al.shape.authors[0]),), et_al)
        builder.set_field("et_al", True, et_al)


_FIND_ARTICLES = re.compile(r"^Find articles by (?P<name>\S.{0,80})$")
_MARKERS_THEN_NAME = re.compile(r"^[\d,*†‡#✉\s]+(?:,\s*(?P<name>\S.*))?$")


def _authors_from_find_links(content: list[Line], builder: PageBuilder) -> bool:
    """PMC's author pop-ups, copied: each author's name (shown twice), affiliations and a
    `Find articles by <name>` line, the markers run into the next name (`1, Avi Lee`).
    The `Find articles by` lines give the authors in order; the lines between an
    author's name and its link give its affiliations."""
    links = [
        (at, match.group("name").strip())
        for at, line in enumerate(content)
        if (match := _FIND_ARTICLES.match(line.shape.text))
    ]
    if not links:
        return False
    names = list(dict.fromkeys(name for _, name in links))
    people: list[Person] = []
    used: list[Line] = []
    previous = 0
    for at, name in links:
        if name not in names:
            continue
        names.remove(name)
        author = _person_named(name)
        if author is None:
            return False
        block = content[previous:at]
        affiliations = []
        for line in block:
            text = line.shape.text
            if line.number in builder.claimed:
                continue
            markers = _MARKERS_THEN_NAME.match(text)
            if text == name or (markers and (markers.group("name") or "") in {name, ""}):
                used.append(line)
            elif (affiliation := _MARKED_LINE.match(text)) and affiliation.group("key").isdigit():
                affiliations.append(affiliation.group("text"))
                used.append(line)
            elif markers is not None:
                used.append(line)
        people.append(dataclasses.replace(author, affiliations=tuple(affiliations)))
        used.append(content[at])
        previous = at + 1
    builder.claim(*used)
    builder.set_field("authors", tuple(people), *used)
    return True


def _person_named(name: str) -> Person | None:
    found = read_authors(name, unmarked=True)
    return _person(found[0]) if found and len(found) == 1 else None


def _person(author: Author) -> Person:
    """A page's author as a person: PubMed's `Lee AB` gives initials, PMC's `Ann Lee` a name."""
    if author.group:
        return Person(literal=author.name, raw=author.name)
    given = author.given
    if given is not None and _INITIALS.fullmatch(given):
        return Person(family=author.family, initials=given, suffix=author.suffix, raw=author.name)
    return Person(
        family=author.family,
        given=given,
        suffix=author.suffix,
        corresponding=any(mark in author.markers for mark in "*✉"),
        raw=author.name,
    )


_INITIALS = re.compile(r"[A-Z]{1,4}")


# Under the authors, PMC lists their affiliations by marker (`1 Sample Centre, Madrid`,
# `1Sample Centre`) and notes by symbol (`# Contributed equally.`, `* Correspondence: ...`).
_MARKED_LINE = re.compile(r"^(?P<key>\d{1,3}|[*†‡§¶#✉])\s*(?P<text>\S.*)$")
_EQUAL = re.compile(r"(?i)\b(?:contributed equally|equal(?:ly)? contribut|joint first)")
_CORRESPONDING = re.compile(r"(?i)\bcorrespond")


def _read_author_notes(content: list[Line], builder: PageBuilder) -> None:
    """Affiliations and author notes keyed by the markers the author line shows, between
    the author line and the abstract; each author gets the affiliations of its markers."""
    authors: tuple[Person, ...] = builder.values.get("authors", ())
    source = next((f.span.start for f in builder.fields if f.field == "authors" and f.span), None)
    if not authors or source is None:
        return
    markers = _author_markers(content, source)
    if not any(markers):
        return
    start = next(i for i, line in enumerate(content) if line.number == source)
    affiliations: dict[str, str] = {}
    notes: list[tuple[str, str]] = []
    used: list[Line] = []
    for line in content[start + 1 :]:
        if line.shape.kind is Kind.HEADING and line.shape.text.casefold() == "abstract":
            break
        if line.number in builder.claimed or line.shape.kind is Kind.CHROME:
            continue
        match = _MARKED_LINE.match(line.shape.text)
        if match is None:
            continue
        key, text = match.group("key"), match.group("text")
        if key.isdigit():
            affiliations.setdefault(key, text)
        else:
            notes.append((key, line.shape.text))
        used.append(line)
    if not used:
        return
    people = []
    for person, marks in zip(authors, markers, strict=False):
        keys = [k for k in re.split(r"[,\s]+", marks) if k]
        person = dataclasses.replace(
            person,
            affiliations=tuple(affiliations[k] for k in keys if k in affiliations),
            equal_contribution=person.equal_contribution
            or any(k == key and _EQUAL.search(text) for key, text in notes for k in keys),
            corresponding=person.corresponding
            or any(k == key and _CORRESPONDING.search(text) for key, text in notes for k in keys),
        )
        people.append(person)
    people.extend(authors[len(people) :])
    builder.claim(*used)
    builder.set_field("authors", tuple(people), content[start])
    extra = builder.values.get("extra", ())
    builder.set_field("extra", (*extra, *(("author_note", text) for _, text in notes)), *used)


def _author_markers(content: list[Line], number: int) -> list[str]:
    """The markers of each author on the author line at line `number`."""
    line = next(line for line in content if line.number == number)
    if line.shape.kind is Kind.AUTHORS:
        return [author.markers for author in line.shape.authors]
    found = read_authors(line.shape.text, unmarked=True) or ()
    return [author.markers for author in found]


# `Received 2009 Feb 12; Accepted 2009 Aug 7; Collection date 2009.` (PMC's article notes).
_HISTORY = re.compile(
    r"(?i)^(?:(?:received|revised|accepted|published|collection date)\b[^;]*(?:;\s*|\.?$))+$"
)
_HISTORY_PART = re.compile(
    r"(?i)(?P<status>received|revised|accepted|published|collection date)"
    r":?\s+(?P<date>[^;]+?)\.?\s*(?:;|$)"
)
_COPYRIGHT = re.compile(r"(?i)^(?:copyright\b|©|\(c\)\s*\d{4})")


def _read_article_notes(content: list[Line], builder: PageBuilder) -> None:
    """PMC's `Received ...; Accepted ...` line as the history, and a copyright line (before
    the abstract) as `extra`."""
    history: list[HistoryDate] = []
    for line in content:
        if line.shape.kind is Kind.HEADING and line.shape.text.casefold() == "abstract":
            break
        if line.number in builder.claimed or line.shape.kind is not Kind.PROSE:
            continue
        text = line.shape.text
        if _HISTORY.match(text) and not history:
            for part in _HISTORY_PART.finditer(text):
                date = read_printed_date(part.group("date")).date
                if date is not None:
                    history.append(HistoryDate(status=part.group("status").lower(), date=date))
            if history:
                builder.claim(line)
                builder.set_field("history", tuple(history), line)
        elif _COPYRIGHT.match(text):
            builder.claim(line)
            extra = builder.values.get("extra", ())
            builder.set_field("extra", (*extra, ("copyright", text)), line)


# The record's term sections and how one item of each is read (the shared grammars).
_TERM_SECTIONS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "publication types": ("publication_types", parse_publication_type),
    "mesh terms": ("mesh_terms", parse_mesh_term),
    "substances": ("substances", parse_substance),
    "linkout - more resources": ("linkout", lambda text: text),
}
_BULLET = re.compile(r"^\s*[•·▪◦‣-]\s+")


def _read_terms(content: list[Line], builder: PageBuilder) -> None:
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


def _read_type_labels(content: list[Line], builder: PageBuilder) -> None:
    """PubMed's label above the citation (`Review`, `Editorial`): the publication type,
    when the page lists none under `Publication types`."""
    labels = [
        line for line in content if _is_pass_over(line) and line.number not in builder.claimed
    ]
    if not labels:
        return
    builder.claim(*labels)
    if "publication_types" not in builder.values:
        types = tuple(t for t in (parse_publication_type(line.shape.text) for line in labels) if t)
        if types:
            builder.set_field("publication_types", types, *labels)


# The record's field for each list's items (links go to `links_to` with their relation).
_LIST_FIELDS = {"reference": "references", "similar": "similar", "cited-by": "cited_by"}


def _read_lists(
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
            if not text:
                continue
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
                    provenance=Provenance(adapter=ADAPTER_NAME, file=file, span=span),
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


def _read_conflict_of_interest(
    content: list[Line], builder: PageBuilder, tail: Line | None
) -> None:
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


def _read_abstract(
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
        if _LINK_LABEL.search(text):
            break  # `... 1974;367:1-9. [PubMed]`: the article's references, not its abstract
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


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Register the general page-copy reader."""
    register(PageCopyAdapter())


__all__ = ["ADAPTER_NAME", "PageCopyAdapter", "bibnorm_register_sources"]
