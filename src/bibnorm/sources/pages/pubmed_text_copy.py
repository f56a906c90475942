"""Browser copies of PubMed abstract pages: the second layout of the `pubmed-text` source.

"Select all, copy" in a browser (or a text-mode scraper) gives more than the dump layout
of `pubmed_text`: the site chrome, status labels, the journal citation above the title,
an author line with affiliation numbers, the affiliations, identifiers on one line or
several, and lists whose items span lines (title, authors, citation, `PMID:` line):

    Skip to main page content
    ...
    Review
    Nature. 2009 Oct 15;461(7266):923-9.
    doi: 10.1038/nature08539.
    Title of the article
    Daniel H O'Connor 1, Jan Kim 2 3
    Affiliations
    1 Department of ..., Rome, Italy.
    PMID: 19829370 DOI: 10.1038/nature08539
    Abstract
    ...

The body (abstract, term lists, unmapped sections) is read by `pubmed_page`, as a dump's is; this
module reads the header, the multi-line list items and the numbered references, and
splits a file holding several pages. Each line is judged with the grammars of
`line_shapes` (chrome, ID line, citation line, author line, status label); chrome is
reported as chrome (`pubmed_text.chrome`, info), unless the page reads it as a section
heading or status label, and every other line feeds a field or is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bibnorm.model import (
    Citation,
    FailedRecord,
    Identifier,
    LineSpan,
    Link,
    Record,
)
from bibnorm.parsing import (
    ParsedCitation,
    parse_author_list,
    parse_citation_notes,
    parse_compact_citation,
    parse_reference,
)
from bibnorm.parsing.pages import page_fields
from bibnorm.parsing.terms import KEYWORDS_PREFIX
from bibnorm.sources.pages import pubmed_page
from bibnorm.sources.pages.line_shapes import (
    IdLine,
    Kind,
    MarkedAuthor,
    SourceLine,
    classify,
    is_chrome,
    read_affiliation,
    read_docsum,
    read_id_line,
    read_numbered_item,
    read_source_line,
    split_author_line,
    status_label,
    with_affiliations,
)
from bibnorm.sources.pages.pubmed_page import Item, Line, PageBuilder, Section, heading_kind

_BANNERS = frozenset({"skip to main page content", "skip to main content"})
_FULL_TEXT_LINKS = "full text links"
# Notices in place of content, which say nothing a field could hold.
_NOTICES = frozenset({"no abstract available", "no abstract available."})
_AFFILIATION_HEADINGS = frozenset({"affiliations", "affiliation"})
# Sections whose heading only groups the sections that follow it on the page.
_CONTAINER_HEADINGS = frozenset({"supplementary info", "similar articles and cited by"})
# Unmapped sections whose lines are kept in `extra`, under these names.
_EXTRA_SECTIONS = {"associated data": "associated_data"}
_PMID_IN_TEXT = re.compile(r"\bPMID:\s*\d+")
_MAX_JOURNAL_WORDS = 10


def is_dump_layout(lines: list[Line]) -> bool:
    """True for the dump layout: the first text line is the title, right over `- PMID:`."""
    texts = [line.text.strip() for line in lines if line.text.strip()]
    return len(texts) >= 2 and re.fullmatch(r"- PMID: ?\d+", texts[1]) is not None


def parse_copy(
    lines: list[Line], file: str, *, lacks_final_newline: bool
) -> Iterator[Record | FailedRecord]:
    """One record per page of a browser copy."""
    pages = split_pages(lines)
    for number, (start, end) in enumerate(pages, start=1):
        is_last = number == len(pages)
        yield _parse_page(
            lines[start:end],
            file,
            is_last_page=is_last,
            lacks_final_newline=is_last and lacks_final_newline,
        )


# --- where pages start ---------------------------------------------------------------


def _previous_text(lines: list[Line], index: int) -> int | None:
    for previous in range(index - 1, -1, -1):
        if lines[previous].text.strip():
            return previous
    return None


def _next_text(lines: list[Line], index: int) -> int | None:
    for following in range(index + 1, len(lines)):
        if lines[following].text.strip():
            return following
    return None


def _has_pmid(id_line: IdLine | None) -> bool:
    return id_line is not None and any(i.scheme == "pmid" for i in id_line.identifiers)


def is_header_id(lines: list[Line], index: int) -> bool:
    """True for the identifier line under a page's title: a `PMID:` line that follows no
    journal citation (list items end `citation / PMID: ...`) and no other ID line."""
    if not _has_pmid(read_id_line(lines[index].text)):
        return False
    previous = _previous_text(lines, index)
    if previous is None:
        return True
    before = lines[previous].text
    if read_id_line(before) is not None:
        return not _has_pmid(read_id_line(before)) and is_header_id_run_start(lines, previous)
    return read_source_line(before) is None


def is_header_id_run_start(lines: list[Line], index: int) -> bool:
    """An ID run may start with `PMCID:` or `DOI:` (PMID later): judged by its first line."""
    previous = _previous_text(lines, index)
    if previous is None:
        return True
    before = lines[previous].text
    if read_id_line(before) is not None:
        return is_header_id_run_start(lines, previous)
    return read_source_line(before) is None


def split_pages(lines: list[Line]) -> list[tuple[int, int]]:
    """`(start, end)` indexes of each page: a banner line starts one, and so does the
    citation above the title of a page whose header follows another page's body."""
    starts = [0]
    seen_header = False
    seen_body = False
    for index, line in enumerate(lines):
        text = " ".join(line.text.split()).casefold()
        if text in _BANNERS and seen_header and index > starts[-1]:
            starts.append(index)
            seen_header = seen_body = False
            continue
        if is_header_id(lines, index):
            if seen_header and seen_body:
                start = _header_start(lines, index, starts[-1])
                if start > starts[-1]:
                    starts.append(start)
                seen_body = False
            seen_header = True
        elif seen_header and heading_kind(line.text) is not None:
            seen_body = True
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))


def _header_start(lines: list[Line], id_index: int, floor: int) -> int:
    """Where the header above the ID line at `id_index` starts: its journal citation and
    the labels above it; failing a citation, the title above the author line."""
    window_start = id_index
    while window_start - 1 > floor:
        text = lines[window_start - 1].text
        if heading_kind(text) is not None or _PMID_IN_TEXT.search(text):
            break
        window_start -= 1
    for index in range(window_start, id_index):
        text = lines[index].text
        following = _next_text(lines, index)
        followed_by_id = following is not None and read_id_line(lines[following].text)
        if read_source_line(text) is not None and not followed_by_id:
            start = index
            while start - 1 >= window_start and (
                not lines[start - 1].text.strip()
                or status_label(lines[start - 1].text)
                or is_chrome(lines[start - 1].text)
                or _short_citation(lines[start - 1].text) is not None
                or _is_journal_name_line(lines, start - 1)
            ):
                start -= 1
            return start
    # No citation: the title is the line above the author line (or the ID line).
    above = _previous_text(lines, id_index)
    while (
        above is not None
        and above > window_start
        and (
            read_affiliation(lines[above].text)
            or lines[above].text.strip().casefold() in _AFFILIATION_HEADINGS
        )
    ):
        above = _previous_text(lines, above)
    if above is not None and split_author_line(lines[above].text) is not None:
        above = _previous_text(lines, above)
    return above if above is not None and above >= window_start else id_index


def _short_citation(text: str) -> str | None:
    """The journal of the short citation narrow layouts show (`Daniel H O'Connor et al.
    Nature. .`, `Cesare Gridelli et al. Am Soc Clin Oncol Educ Book. 2016.`), "" when it
    names none; None for another line. The `et al.` shape of `line_shapes.classify`."""
    shape = classify(text)
    return (shape.journal or "") if shape.kind is Kind.ET_AL else None


def _is_journal_name_line(lines: list[Line], index: int) -> bool:
    """A journal name on a line of its own, right above a citation that lacks one."""
    text = lines[index].text.strip()
    following = _next_text(lines, index)
    if following is None or not text or text.endswith("."):
        return False
    read = read_source_line(lines[following].text)
    return (
        read is not None
        and read.journal is None
        and len(text.split()) <= _MAX_JOURNAL_WORDS
        and heading_kind(text) is None
        and not is_chrome(text)
    )


# --- one page -----------------------------------------------------------------------


def _parse_page(
    lines: list[Line], file: str, *, is_last_page: bool, lacks_final_newline: bool
) -> Record | FailedRecord:
    text_lines = [line for line in lines if line.text.strip()]
    builder = pubmed_page.new_builder(file)
    for line in text_lines:
        if _is_page_chrome(line.text):
            builder.chrome(line)
    _claim_page_navigation(text_lines, builder)
    content = [line for line in text_lines if line.number not in builder.claimed]
    id_index = next(
        (i for i, line in enumerate(content) if is_header_id(content, i)),
        None,
    )
    has_heading = any(heading_kind(line.text) for line in content)
    if id_index is None and not has_heading:
        return pubmed_page.failed_page(lines, file)
    body_index = _body_start(content, id_index)
    _read_copy_header(content[:body_index], id_index, builder)
    sections = pubmed_page.read_sections(content[body_index:], builder)
    end_of_input = text_lines[-1] if is_last_page else None
    for section in sections:
        _read_copy_section(section, builder, end_of_input)
    pubmed_page.report_cut_off_end(sections, builder, lacks_final_newline)
    builder.report_unclaimed(text_lines)
    return _build_record(builder, text_lines)


def _is_page_chrome(text: str) -> bool:
    """Chrome, unless the page reads it as a section heading (`Grants and funding`) or a
    status label (`Free PMC article`): those are the page's own."""
    if not is_chrome(text) or status_label(text) is not None:
        return False
    heading = heading_kind(text)
    return heading is None or heading[1] in pubmed_page.BUTTON_HEADINGS


def _claim_page_navigation(text_lines: list[Line], builder: PageBuilder) -> None:
    """The "Page navigation" menu repeats the section headings: take them as chrome."""
    in_menu = False
    for line in text_lines:
        key = " ".join(line.text.split()).casefold()
        if key == "page navigation":
            in_menu = True
        elif in_menu and (heading_kind(line.text) is not None or key == "title & authors"):
            builder.chrome(line)
        elif in_menu and line.number not in builder.claimed:
            in_menu = False


def _body_start(content: list[Line], id_index: int | None) -> int:
    """The first section heading after the ID lines (or after the title without them)."""
    start = 0
    if id_index is not None:
        start = id_index
        while start < len(content) and read_id_line(content[start].text) is not None:
            start += 1
    for index in range(start, len(content)):
        found = heading_kind(content[index].text)
        if (
            found is not None
            and (id_index is not None or index > 0)
            and found[1] not in _AFFILIATION_HEADINGS
            and found[1] != _FULL_TEXT_LINKS
        ):
            return index
    return len(content)


def _read_copy_header(header: list[Line], id_index: int | None, builder: PageBuilder) -> None:
    """Citation, labels, title, authors, affiliations and identifiers above the body."""
    identifiers: list[Identifier] = []
    id_lines: list[Line] = []
    flags: list[str] = []
    flag_lines: list[Line] = []
    affiliations: dict[str, str] = {}
    affiliation_lines: list[Line] = []
    author_line: Line | None = None
    title_line: Line | None = None
    marked: list[MarkedAuthor] = []
    mode = ""
    # The title follows the journal citation when the page shows one: lines above it
    # are chrome, labels, or something to report, never the title.
    citation_index = next(
        (
            i
            for i, line in enumerate(header)
            if (id_index is None or i < id_index) and read_source_line(line.text) is not None
        ),
        -1,
    )
    for index, line in enumerate(header):
        text = " ".join(line.text.split())
        may_be_title = index > citation_index
        key = text.casefold().rstrip(":")
        id_line = read_id_line(text)
        source = read_source_line(text)
        if key == _FULL_TEXT_LINKS:
            builder.claim(line)
            mode = "providers"
        elif key in _AFFILIATION_HEADINGS:
            builder.claim(line)
            mode = "affiliations"
        elif id_line is not None and id_index is not None and index >= id_index:
            builder.claim(line)
            identifiers.extend(id_line.identifiers)
            id_lines.append(line)
            mode = "ids"
            if id_line.rest:
                _read_flags(id_line.rest, line, flags, builder)
                flag_lines.append(line)
        elif key in _NOTICES:
            builder.claim(line)
        elif (label := status_label(text)) is not None:
            builder.claim(line)
            flags.append(label)
            flag_lines.append(line)
            mode = "" if mode == "providers" else mode
        elif mode == "providers" and source is None and _short_citation(text) is None:
            builder.claim(line)
            builder.note(
                "unmapped-section",
                "a full-text provider of the 'Full text links' box, which no field holds",
                line,
                severity="info",
            )
        elif mode == "affiliations" and (found := read_affiliation(text)) is not None:
            builder.claim(line)
            affiliations[found[0]] = found[1]
            affiliation_lines.append(line)
        elif mode == "affiliations" and not affiliations and id_index is not None:
            # A single affiliation is printed without a number.
            builder.claim(line)
            affiliations[""] = text
            affiliation_lines.append(line)
        elif (journal := _short_citation(text)) is not None and title_line is None:
            builder.claim(line)
            if journal and "container_title_short" not in builder.values:
                builder.set_field("container_title_short", journal, line, detail="short citation")
            mode = ""
        elif source is not None and title_line is None:
            _read_page_citation(line, source, builder, identifiers)
            mode = ""
        elif title_line is None and _is_journal_name_line(header, index):
            builder.claim(line)
            builder.set_field("container_title_short", text.rstrip("."), line)
        elif title_line is None and _is_notes_line(text):
            builder.claim(line)
            _read_notes_line(line, builder, identifiers)
        elif title_line is None and may_be_title:
            builder.claim(line)
            builder.set_field("title", text, line)
            title_line = line
            mode = ""
        elif (
            title_line is not None
            and author_line is None
            and pubmed_page.comparable(text) == pubmed_page.comparable(title_line.text)
        ):
            builder.claim(line)
            builder.set_field(
                "title",
                builder.values["title"],
                title_line,
                detail=f"shown again at line {line.number}",
            )
        elif (
            title_line is not None  # authors stand under the title, never above it
            and author_line is None
            and not affiliations
            and (authors := split_author_line(text)) is not None
        ):
            builder.claim(line)
            author_line = line
            builder.values["authors"] = tuple(a.person for a in authors)
            builder.set_field("authors", builder.values["authors"], line)
            marked = authors
        # Anything else is left unclaimed and reported.
    if author_line is not None and affiliations:
        people = tuple(with_affiliations(marked, affiliations))
        builder.set_field("authors", people, author_line, *affiliation_lines)
    if identifiers:
        merged = _merge_identifiers(identifiers)
        span_lines = id_lines or [header[0]]
        builder.set_field("identifiers", merged, *span_lines)
    if flags:
        builder.set_field("flags", tuple(dict.fromkeys(flags)), *flag_lines)


def _read_flags(text: str, line: Line, flags: list[str], builder: PageBuilder) -> None:
    for piece in re.split(r"(?<=\.)\s+", text):
        label = status_label(piece)
        if label is not None:
            flags.append(label)
        elif piece.strip():
            builder.note("unparsed-text", f"part of the ID line no rule placed: {piece!r}", line)


def _read_page_citation(
    line: Line, source: SourceLine, builder: PageBuilder, identifiers: list[Identifier]
) -> None:
    """`Nature. 2009 Oct 15;461(7266):923-9.` (journal sometimes missing) above the title."""
    builder.claim(line)
    if source.journal:
        builder.set_field("container_title_short", source.journal, line)
    locator = source.locator
    if locator is not None:
        for name in ("issued", "volume", "issue", "article_number"):
            value = getattr(locator, name)
            if value is not None:
                builder.set_field(name, value, line)
        for name, value in page_fields(locator.pages).items():
            builder.set_field(name, value, line)
    if source.epub_date is not None:
        builder.set_field("epub_date", source.epub_date, line)
    if source.ecollection_year is not None:
        builder.set_field("ecollection_year", source.ecollection_year, line)
    identifiers.extend(source.identifiers)
    for piece in source.unparsed:
        builder.note("unparsed-text", f"part of the citation no rule placed: {piece!r}", line)


def _is_notes_line(text: str) -> bool:
    """`doi: 10.1038/nature08539.` or `Epub 2009 Sep 30.` on a line of their own."""
    notes = parse_citation_notes(text)
    return not notes.unparsed and bool(notes.identifiers or notes.epub_date or notes.flags)


def _read_notes_line(line: Line, builder: PageBuilder, identifiers: list[Identifier]) -> None:
    notes = parse_citation_notes(line.text.strip())
    identifiers.extend(notes.identifiers)
    if notes.epub_date is not None:
        builder.set_field("epub_date", notes.epub_date, line)
    if notes.ecollection_year is not None:
        builder.set_field("ecollection_year", notes.ecollection_year, line)


def _merge_identifiers(identifiers: list[Identifier]) -> tuple[Identifier, ...]:
    """Each identifier once, the ID line's spelling first (a DOI is shown twice)."""
    seen: set[tuple[str, str]] = set()
    merged: list[Identifier] = []
    for ident in identifiers:
        key = (ident.scheme, ident.value.casefold())
        if key not in seen:
            seen.add(key)
            merged.append(ident)
    order = {"pmid": 0, "pmcid": 1, "doi": 2}
    return tuple(sorted(merged, key=lambda i: order.get(i.scheme, 3)))


# --- sections -----------------------------------------------------------------------


def _read_copy_section(section: Section, builder: PageBuilder, end_of_input: Line | None) -> None:
    content = section.content()
    uses_markers = any(line.text.strip() == "-" for line in content)
    if section.name in _CONTAINER_HEADINGS and not content:
        return
    if section.name in _EXTRA_SECTIONS and content:
        _read_extra(section, builder)
    elif section.kind in ("similar", "cited_by", "link") and content and not uses_markers:
        _read_docsum_list(section, builder, end_of_input)
    elif section.kind == "references" and content and not uses_markers:
        _read_numbered_references(section, builder, end_of_input)
    else:
        pubmed_page.read_section(section, builder, end_of_input)


def _read_extra(section: Section, builder: PageBuilder) -> None:
    name = _EXTRA_SECTIONS[section.name]
    content = section.content()
    builder.claim(*content)
    pairs = tuple((name, " ".join(line.text.split())) for line in content)
    builder.set_field("extra", (*builder.values.get("extra", ()), *pairs), *content)


def _read_docsum_list(section: Section, builder: PageBuilder, end_of_input: Line | None) -> None:
    """Items of `title / authors / citation / PMID: ...` lines, or one line each."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in section.content():
        if line.text.strip().startswith(KEYWORDS_PREFIX):
            continue
        current.append(line)
        if _PMID_IN_TEXT.search(line.text):
            groups.append(current)
            current = []
    if current and (
        any(len(group) > 1 for group in groups)
        or (len(current) > 1 and _is_nlm_author_line(current[1].text))
    ):
        # Lines left after the last `PMID:` line of a multi-line list: one cut-off item.
        groups.append(current)
    else:
        groups.extend([line] for line in current)
    citations: list[Citation] = []
    for group in groups:
        builder.claim(*group)
        item = Item(
            text=" ".join(" ".join(line.text.split()) for line in group),
            span=LineSpan(start=group[0].number, end=group[-1].number),
            is_last_in_input=group[-1] == end_of_input,
        )
        parsed = _read_group(group)
        pubmed_page.report_citation_problems(parsed, item, section.kind, builder)
        citations.append(pubmed_page.with_provenance(parsed, item, builder.file))
    _store_list(section, citations, builder)


def _is_nlm_author_line(text: str) -> bool:
    """`Rossi M, Kim J.`: the author line of a list item."""
    authors, _, rest = parse_author_list(" ".join(text.split()))
    return bool(authors) and not rest.strip(" .")


def _read_group(group: list[Line]) -> ParsedCitation:
    texts = [" ".join(line.text.split()) for line in group]
    id_line = read_id_line(texts[-1])
    if id_line is None and len(texts) > 1:
        # A cut-off item: title, then authors and perhaps the citation.
        sources = [i for i, text in enumerate(texts) if i > 0 and read_source_line(text)]
        end = sources[0] if sources else len(texts)
        docsum = read_docsum(
            texts[0], " ".join(texts[1:end]) or None, texts[end] if sources else None, None
        )
        unparsed = (*docsum.unparsed, *texts[end + 1 :])
        return ParsedCitation(citation=docsum.citation, unparsed=unparsed, complete=False)
    if id_line is None or len(texts) < 3:
        return parse_compact_citation(" ".join(texts))
    body = texts[:-1]
    source_index = max(
        (i for i, text in enumerate(body) if i > 0 and read_source_line(text) is not None),
        default=None,
    )
    if source_index is None:
        return parse_compact_citation(" ".join(texts))
    authors = " ".join(body[1:source_index]) or None
    docsum = read_docsum(body[0], authors, body[source_index], id_line)
    unparsed = (*docsum.unparsed, *body[source_index + 1 :])
    return ParsedCitation(citation=docsum.citation, unparsed=tuple(unparsed))


def _store_list(section: Section, citations: list[Citation], builder: PageBuilder) -> None:
    if not citations:
        return
    content = [line for line in section.content() if line.number in builder.claimed]
    if section.kind == "link":
        relation = section.name.replace(" ", "-")
        links = tuple(Link(relation=relation, citation=c) for c in citations)
        builder.set_field("links_to", (*builder.values.get("links_to", ()), *links), *content)
    else:
        builder.set_field(section.kind, tuple(citations), *content)


def _read_numbered_references(
    section: Section, builder: PageBuilder, end_of_input: Line | None
) -> None:
    """`1. Cell. 2001 Nov 30;107(5):617-29 - PubMed`, or the full form, one per number;
    a line without a number continues the entry above (wrapped text, `- PubMed` links)."""
    entries: list[list[Line]] = []
    content = section.content()
    numbered = any(read_numbered_item(line.text) is not None for line in content)
    for line in content:
        if not numbered or read_numbered_item(line.text) is not None or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    citations: list[Citation] = []
    for entry in entries:
        builder.claim(*entry)
        text = " ".join(" ".join(line.text.split()) for line in entry)
        item_text = read_numbered_item(text)
        text = item_text if item_text is not None and numbered else text
        item = Item(
            text=text,
            span=LineSpan(start=entry[0].number, end=entry[-1].number),
            is_last_in_input=entry[-1] == end_of_input,
        )
        parsed = parse_reference(text)
        pubmed_page.report_citation_problems(parsed, item, section.kind, builder)
        citations.append(pubmed_page.with_provenance(parsed, item, builder.file))
    _store_list(section, citations, builder)


def _build_record(builder: PageBuilder, text_lines: list[Line]) -> Record:
    flags = builder.values.get("flags", ())
    return builder.record(
        LineSpan(start=text_lines[0].number, end=text_lines[-1].number),
        "article" if "Preprint" in flags else "article-journal",
    )


__all__ = ["is_dump_layout", "is_header_id", "parse_copy", "split_pages"]
