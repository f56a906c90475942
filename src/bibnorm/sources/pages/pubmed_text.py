"""PubMed abstract pages saved as text: the `pubmed-text` source adapter.

A page dump is what a browser gives when a PubMed abstract page is selected and copied:

    Title of the article
    - PMID: 35743275
    - PMCID: PMC9224636
    - DOI: 10.3390/ijms23126832
    Title of the article
    Abstract
    ...
    Keywords: a; b; c.
    Similar articles
    -
    Title.Journal. 2022 Apr;166:189-196. doi: ... Journal. 2022. PMID: 35306320
    References
    -
    - Author A., ... Title. J. Abbr. 2019;17:99. doi: ... - DOI - PMC - PubMed
    MeSH terms
    ...

Sections start at known heading lines; list items follow a line holding only `-`. Every
line either feeds a field or is reported in a diagnostic (a line of site chrome, as
`pubmed_text.chrome`), so nothing is dropped silently.
This module reads the dump's header and hands the body to `pubmed_page`; a browser copy
of the page (chrome, citation line, author line) goes to `pubmed_text_copy`, which reads
its body through `pubmed_page` too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    FailedRecord,
    Identifier,
    LineSpan,
    Record,
)
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.pages import pubmed_text_copy
from bibnorm.sources.pages.line_shapes import is_chrome
from bibnorm.sources.pages.pubmed_page import (
    ADAPTER_NAME,
    Line,
    PageBuilder,
    comparable,
    failed_page,
    heading_kind,
    new_builder,
    read_section,
    read_sections,
    report_cut_off_end,
)

_ID_BULLET = re.compile(r"-\s+(?P<key>[A-Za-z][A-Za-z ]{0,30}?):\s*(?P<value>\S.*)")
_BULLET_SCHEMES = {
    "pmid": "pmid",
    "pmcid": "pmcid",
    "doi": "doi",
    "nihmsid": "nihms",
    "nihms": "nihms",
    "pii": "pii",
    "bookshelf id": "nbk",
}

# sniff: what a page dump shows and other PubMed formats do not.
_SNIFF_ID_BULLET = re.compile(r"^- PMID: \d+\s*$", re.MULTILINE)
_SNIFF_COMPACT = re.compile(r"\.\s\d{4}\.\sPMID:\s\d+", re.MULTILINE)
_SNIFF_HEADINGS = re.compile(
    r"^(?:Abstract|Similar articles|Cited by|References|MeSH terms|Publication types"
    r"|LinkOut - more resources)\s*$",
    re.MULTILINE,
)
_SNIFF_PAGE_IDS = re.compile(
    r"^(?:[*•]\s+)?PMID:\s*\d+\s*(?:(?:PMCID:\s*PMC\d+\s*)?DOI:\s*10\.\S+"
    r"|\n(?:[*•]\s+)?(?:PMCID|DOI):\s*\S+|PMCID:\s*PMC\d+|\nAbstract)\s*$",
    re.MULTILINE,
)
_SNIFF_COPY_MARKS = re.compile(r"^(?:Affiliations(?: expand)?|PubMed Disclaimer)\s*$", re.MULTILINE)
_SNIFF_MEDLINE = re.compile(r"^PMID- ?\d+", re.MULTILINE)
_SNIFF_XML = re.compile(r"^\s*<(?:\?xml|!DOCTYPE|PubmedArticle|MedlineCitation)")


class PubmedTextAdapter:
    """Reads PubMed abstract pages saved (or copied) as plain text."""

    name = ADAPTER_NAME
    description = "PubMed abstract page saved as text (title, IDs, abstract, related lists)"

    def sniff(self, sample: Sample) -> float:
        """How sure it is that `sample` is a page dump: 0.9 for a typical page."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per page in the input; a `FailedRecord` when there is no page."""
        lines = [Line(n, text.rstrip("\r")) for n, text in enumerate(source.lines(), start=1)]
        if not pubmed_text_copy.is_dump_layout(lines):
            yield from pubmed_text_copy.parse_copy(
                lines, source.name, lacks_final_newline=not source.text.endswith("\n")
            )
            return
        ranges = _page_ranges(lines)
        for start, end in ranges:
            is_last_page = end == len(lines)
            yield _parse_page(
                lines[start:end],
                source.name,
                is_last_page=is_last_page,
                lacks_final_newline=is_last_page and not source.text.endswith("\n"),
            )


def _sniff_score(text: str) -> float:
    if _SNIFF_XML.match(text) or _SNIFF_MEDLINE.search(text):
        # MEDLINE and XML may quote page-like lines, but they are never page dumps.
        return 0.1 if _SNIFF_ID_BULLET.search(text) else 0.0
    score = 0.0
    if _SNIFF_ID_BULLET.search(text):
        score += 0.4
    score += min(0.3, 0.1 * len(set(_SNIFF_HEADINGS.findall(text))))
    if _SNIFF_COMPACT.search(text):
        score += 0.2
    # A browser copy: identifiers on one line or one per line under the title, the
    # affiliations block, and the page's own chrome.
    if _SNIFF_PAGE_IDS.search(text):
        score += 0.4
    if _SNIFF_COPY_MARKS.search(text):
        score += 0.1
    return round(min(score, 0.9), 2)


def _page_ranges(lines: list[Line]) -> list[tuple[int, int]]:
    """`(start, end)` list indexes of each page: a page starts at the title line above
    its `- PMID:` bullets. Lines before the first page belong to it (reported there)."""
    starts: list[int] = [0]
    in_bullets = False
    for index, line in enumerate(lines):
        is_pmid_bullet = _bullet_scheme(line.text) == "pmid"
        if is_pmid_bullet and not in_bullets and index > 0:
            title_index = _previous_text_index(lines, index)
            if (
                title_index is not None
                and title_index > starts[-1]
                and _seen_pmid(lines, starts[-1], title_index)
            ):
                starts.append(title_index)
        in_bullets = _bullet_scheme(line.text) is not None
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))


def _seen_pmid(lines: list[Line], start: int, end: int) -> bool:
    return any(_bullet_scheme(line.text) == "pmid" for line in lines[start:end])


def _previous_text_index(lines: list[Line], index: int) -> int | None:
    for previous in range(index - 1, -1, -1):
        if lines[previous].text.strip():
            return previous
    return None


def _is_id_bullet(text: str) -> bool:
    """A `- PMID: ...` line of a known identifier; other `- Key: value` lines only
    count as bullets right after those (a reference may start `- Smith AB: ...`)."""
    scheme = _bullet_scheme(text)
    return scheme is not None and scheme != "other"


def _bullet_scheme(text: str) -> str | None:
    match = _ID_BULLET.fullmatch(text.strip())
    if match is None:
        return None
    return _BULLET_SCHEMES.get(match.group("key").strip().lower(), "other")


def _parse_page(
    lines: list[Line], file: str, *, is_last_page: bool, lacks_final_newline: bool
) -> Record | FailedRecord:
    text_lines = [line for line in lines if line.text.strip()]
    has_bullets = any(_is_id_bullet(line.text) for line in text_lines)
    has_headings = any(heading_kind(line.text) for line in text_lines)
    if not has_bullets and not has_headings:
        return failed_page(lines, file)
    builder = new_builder(file)
    body_start = _read_header(lines, builder)
    sections = read_sections(lines[body_start:], builder)
    end_of_input = text_lines[-1] if is_last_page else None
    for section in sections:
        read_section(section, builder, end_of_input)
    report_cut_off_end(sections, builder, lacks_final_newline)
    for line in text_lines:
        if line.number not in builder.claimed and is_chrome(line.text):
            builder.chrome(line)
    builder.report_unclaimed(text_lines)
    return builder.record(LineSpan(start=text_lines[0].number, end=text_lines[-1].number))


def _read_header(lines: list[Line], builder: PageBuilder) -> int:
    """Read title, ID bullets and the repeated title; return where the body starts."""
    first_bullet = next((i for i, line in enumerate(lines) if _is_id_bullet(line.text)), None)
    if first_bullet is None:
        return _read_title_without_bullets(lines, builder)
    title_index = _previous_text_index(lines, first_bullet)
    if title_index is not None and heading_kind(lines[title_index].text) is None:
        title_line = lines[title_index]
        builder.claim(title_line)
        builder.set_field("title", title_line.text.strip(), title_line)
    index = _read_bullets(lines, first_bullet, builder)
    return _read_repeated_title(lines, index, builder)


def _read_title_without_bullets(lines: list[Line], builder: PageBuilder) -> int:
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        if heading_kind(line.text) is not None:
            return index
        builder.claim(line)
        builder.set_field("title", line.text.strip(), line)
        return index + 1
    return len(lines)


def _read_bullets(lines: list[Line], index: int, builder: PageBuilder) -> int:
    identifiers: list[Identifier] = []
    extra: list[tuple[str, str]] = []
    taken: list[Line] = []
    while index < len(lines) and (
        lines[index].text.strip() == "" or _bullet_scheme(lines[index].text)
    ):
        line = lines[index]
        match = _ID_BULLET.fullmatch(line.text.strip())
        if match is not None:
            scheme = _BULLET_SCHEMES.get(match.group("key").strip().lower())
            value = match.group("value").strip()
            if scheme is None:
                extra.append((match.group("key").strip(), value))
            else:
                identifiers.append(Identifier(scheme=scheme, value=value))
            taken.append(line)
        index += 1
    builder.claim(*taken)
    if identifiers:
        builder.set_field("identifiers", tuple(identifiers), *taken)
    if extra:
        builder.set_field("extra", tuple(extra), *taken)
    return index


def _read_repeated_title(lines: list[Line], index: int, builder: PageBuilder) -> int:
    """PubMed shows the title again after the IDs: take it once, report a difference."""
    while index < len(lines) and not lines[index].text.strip():
        index += 1
    if index >= len(lines) or heading_kind(lines[index].text) is not None:
        return index
    line = lines[index]
    title = builder.values.get("title")
    builder.claim(line)
    if title is None:
        builder.set_field("title", line.text.strip(), line)
    elif comparable(str(title)) != comparable(line.text):
        builder.note(
            "title-mismatch",
            "the title shown after the IDs differs from the first one; the first is kept",
            line,
        )
    else:
        first = next(f for f in builder.fields if f.field == "title")
        first_line = Line(first.span.start if first.span else line.number, str(title))
        builder.set_field("title", title, first_line, detail=f"shown again at line {line.number}")
    return index + 1


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-text` adapter."""
    register(PubmedTextAdapter())


__all__ = [
    "ADAPTER_NAME",
    "PubmedTextAdapter",
    "bibnorm_register_sources",
]
