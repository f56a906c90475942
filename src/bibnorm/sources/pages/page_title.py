"""The record's own lines on a copied page: its citation block (identifiers, journal,
date, volume, issue, pages) and its title.

The title is found where every layout puts it: above the author line (or the search
result, or PubMed's `et al.` line) near the citation block; else next to the block, past
an article category; on a page of no known layout, not at all. A title the page wraps
onto two lines is joined; the journal comes from the citation line, the line above a
journal-less one, `Published in final edited form as:`, the `et al.` line or the logo.
"""

from __future__ import annotations

import re

from bibnorm.model import (
    Identifier,
)
from bibnorm.parsing.pages import page_fields
from bibnorm.sources.pages.builder import PageBuilder
from bibnorm.sources.pages.line_shapes import (
    BULLET_MARK,
    LOGO_COLLECTIONS,
    MAX_TITLE_CHARS,
    Kind,
    read_authors,
)
from bibnorm.sources.pages.line_shapes import (
    ShapedLine as Line,
)
from bibnorm.sources.pages.page_authors import person_of

# Lines that show the record itself; the title sits next to them.
_RECORD_BLOCK = frozenset(
    {Kind.CITATION, Kind.DOI, Kind.PUBLISHED_ONLINE, Kind.IDS, Kind.MANUSCRIPT}
    | {Kind.FINAL_FORM, Kind.LOGO}
)


def read_citation_block(content: list[Line], builder: PageBuilder) -> None:
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
            builder.set_field("authors", tuple(person_of(a) for a in shape.authors), line)
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
        name = BULLET_MARK.sub("", above.shape.text) if above is not None else ""
        if (
            above is not None
            and above.shape.kind in {Kind.PROSE, Kind.LIST_ITEM}
            and _is_journal_name(name)
        ):
            # A page that prints the journal on a line of its own above `. 2006 Oct;29:1-9.`
            # (bulleted when pasted through a word processor).
            builder.claim(above)
            journals.setdefault("citation", (name, above))
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


def _is_journal_name(text: str) -> bool:
    """A journal's name or abbreviation alone: a few capitalised words, no sentence."""
    words = text.split()
    return (
        1 <= len(words) <= _MAX_JOURNAL_NAME_WORDS
        and words[0][:1].isupper()
        and not text.endswith((".", "?", "!", ":"))
    )


_MAX_JOURNAL_NAME_WORDS = 8


def read_title(
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
    reader_view = _reader_view_title(content, tail)
    if reader_view is not None:
        return _take_title(content, builder, reader_view, [], tail)
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
        while title > 0 and content[title].number not in listed and is_pass_over(content[title]):
            title -= 1  # `Editorial`, `Review` between title and authors: not the title
        if title > 0 and _continues_title(content, title - 1, tail):
            return title - 1  # `_take_title` joins the wrapped line
        candidate = content[title]
        if candidate.number in listed or candidate is tail or _is_paragraph(candidate.text):
            return None
        above_it = content[title - 1] if title > 0 else None
        if above_it is not None and above_it.shape.text.rstrip(" :").casefold() == "abstract":
            return None  # the first paragraph of an abstract, with the authors after it
        if candidate.shape.kind is not Kind.PROSE or len(candidate.shape.text) > MAX_TITLE_CHARS:
            return None
        return title
    return None


def _reader_view_title(content: list[Line], tail: Line | None) -> int | None:
    """A browser's reader view starts with the title, then the site's name alone
    (`ncbi.nlm.nih.gov`): the first line is the title."""
    if len(content) < 2 or not _SITE_LINE.match(content[1].shape.text):
        return None
    return 0 if _is_title(content[0], tail) else None


_SITE_LINE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:gov|org|com|edu|net|int)$")


def _unmarked_author_list(line: Line) -> bool:
    """`Linda H Aiken, Sean P Clarke, Douglas M Sloane`: two names or more, no markers."""
    if line.shape.kind is not Kind.PROSE:
        return False
    authors = read_authors(line.shape.text, unmarked=True)
    if authors is None:
        return False
    people = [a for a in authors if not a.group]
    # Two names or more, or a group alone (`Epidemiology Working Group for ...`), which is
    # no affiliation (`Interaction Group, Eindhoven University of Technology`).
    return len(people) >= 2 or (
        not people
        and len(line.shape.text.split()) <= _MAX_GROUP_WORDS
        and not _AFFILIATION_WORDS.search(line.shape.text)
    )


_AFFILIATION_WORDS = re.compile(
    r"\b(?:University|Universit[yéà]|Department|Dept|Faculty|Hospital|School|College"
    r"|Laborator(?:y|ies)|Institut(?:e|o)?)\b"
)


_MAX_GROUP_WORDS = 16


# Lines that stand right under a title: the authors, a search result, `et al.` line.
_UNDER_TITLE = frozenset({Kind.AUTHORS, Kind.SEARCH_RESULT, Kind.ET_AL})


def is_pass_over(line: Line) -> bool:
    """A publication type (`Review`) or PubMed's `[Article in Chinese]` between a title and
    its authors."""
    if _LANGUAGE_LABEL.match(line.shape.text):
        return True
    return line.shape.kind is Kind.HEADING and line.shape.heading == "publication type"


_LANGUAGE_LABEL = re.compile(r"^\[Article in [A-Z][\w ,]{1,60}\]$")


# How far from the record block the author line may stand (PMC: ids between).
_AUTHOR_WINDOW = 20


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


# A title is wrapped only where its line ran out: its first line is this long or more.
_MIN_WRAPPED_CHARS = 40


def _continues_title(content: list[Line], at: int, tail: Line | None) -> bool:
    """Whether the line after the title line `at` is the rest of the title, wrapped: the
    title line ends with no stop, and the next line starts in lower case or stands right
    before the authors or the record's ID line."""
    if at + 1 >= len(content) or content[at].shape.text.endswith("."):
        return False
    if not _is_title(content[at], tail) or _is_category(content[at]):
        return False
    if len(content[at].shape.text) < _MIN_WRAPPED_CHARS:
        return False  # a short line (a badge, a button) above the title is not its start
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
        and not _is_paragraph(text)
    )


def _is_paragraph(text: str) -> bool:
    """Two sentences or more (`... of science. It is ...`): an abstract's or the body's
    paragraph, never a title (a title has a subtitle at most)."""
    return len(_SENTENCE_BREAK.findall(text)) >= _PARAGRAPH_BREAKS


_SENTENCE_BREAK = re.compile(r"[a-z)\]]{2}[.!?] [A-Z]")
_PARAGRAPH_BREAKS = 2


__all__ = ["is_pass_over", "read_citation_block", "read_title"]
