"""PubMed's "Summary (text)" export: the `pubmed-summary` source adapter.

The current site (since 2020) writes one paragraph per article, hard-wrapped at 80
columns, numbered with a colon:

    2: Kong M, Chen H, Xin Y. High ligation of the inferior mesenteric artery and
    anastomotic leakage. Colorectal Dis. 2020 Nov 1. doi: 10.1111/codi.15419. Epub ahead of
    print. PMID: 33131205; PMCID: PMC7654321.

The legacy site (before 2020) numbered with a period and gave each part its own line:

    1. Allergen components in diagnosing childhood hazelnut allergy.
    Nilsson C, Berthold M, Hamilton R.
    Pediatr Allergy Immunol. 2019 Jul 13. doi: 10.1111/pai.13110. [Epub ahead of print]
    PMID: 31301691 [Indexed for MEDLINE]
    Similar articles

A record starts at a numbered line after a blank line (or at the top) whose number
follows the one before, so a wrapped line that happens to start with `12: ` is no new
record. Authors end at the first sentence end; the title ends where a journal
abbreviation followed by a date starts (abbreviations hold no periods). Both are found
by those rules, not by markup, so the record says so in its provenance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bibnorm.hookspecs import hookimpl
from bibnorm.model import Diagnostic, FailedRecord, Identifier, LineSpan, Record
from bibnorm.parsing import strip_final_period
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.exports.pubmed_export import (
    Draft,
    find_journal_citation,
    is_author_list,
    join_wrapped,
    merge_identifiers,
    normal_nihms,
    normal_pmcid,
    parse_journal_citation,
    parse_short_authors,
)

ADAPTER_NAME = "pubmed-summary"
CODE = "pubmed_summary"

_NUMBERED = re.compile(r"^(?P<number>\d{1,6})(?P<mark>[.:])\s+(?=\S)")
# The identifiers ending a current record: `PMID: 33127076; PMCID: PMC7491991.`
_ID_TAIL = re.compile(r"\s*PMID:\s*(?P<pmid>\d+)(?P<more>(?:;\s*[A-Za-z]+:\s*[^;\s]+?)*)\.?\s*$")
_MORE_ID = re.compile(r";\s*(?P<kind>[A-Za-z]+):\s*(?P<value>[^;\s]+?)(?=;|$)")
# The PMID line of a legacy record and what may follow the PMID on it.
_PMID_LINE = re.compile(r"^PMID:\s*(?P<pmid>\d+)(?P<rest>.*)$")
_STATUS = re.compile(r"\[(?P<status>[^\]]+)\]")
_LEGACY_PMCID = re.compile(r"PMCID:\s*(?P<pmcid>PMC\d+)")
# Link texts of the legacy page that carry no data.
_PAGE_LINKS = frozenset({"Similar articles", "Related citations", "Related articles"})
_LEGACY_FLAGS = frozenset({"Free PMC Article", "Free Article", "Free PMC article"})
_SELECT_ITEM = re.compile(r"Select item \d+")

_SNIFF_FIRST = re.compile(r"\A[\ufeff\s]*(?P<number>\d{1,6})(?P<mark>[.:]) +\S[^\n]*\n")
_SNIFF_PMID = re.compile(r"PMID:\s*\d+")
_SNIFF_PMID_LINE = re.compile(r"^PMID:\s*\d+", re.MULTILINE)


@dataclass
class Block:
    """The lines of one numbered record, and blank-line-separated lines after it."""

    number: int
    legacy: bool
    lines: list[tuple[int, str]] = field(default_factory=list)
    stray: list[tuple[int, str]] = field(default_factory=list)

    def span(self) -> LineSpan:
        last = max(n for n, _ in self.lines + self.stray)
        return LineSpan(start=self.lines[0][0], end=last)


class PubmedSummaryAdapter:
    """Reads PubMed's "Summary (text)" export, current and pre-2020."""

    name = ADAPTER_NAME
    description = "PubMed Summary (text) export, current (`1: ...`) and pre-2020 (`1. ...`)"

    def sniff(self, sample: Sample) -> float:
        """0.9 for text that starts with a numbered record holding its PMID."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per numbered paragraph; text before the first is a `FailedRecord`."""
        lines = source.lines()
        if lines:
            lines[0] = lines[0].removeprefix("\ufeff")
        before, blocks = split_records(lines)
        if before:
            yield _failed(source.name, before, "not-a-record", "text before the first record")
        for block in blocks:
            yield read_block(block, source.name)


def _sniff_score(text: str) -> float:
    first = _SNIFF_FIRST.match(text)
    if first is None:
        return 0.0
    block = text[first.start("number") :].split("\n\n", 1)[0]
    if first.group("mark") == ":":
        # The current layout: author list first, identifiers at the paragraph's end.
        return 0.9 if _ID_TAIL.search(" ".join(block.split())) else 0.0
    lines = block.split("\n")
    has_pmid_line = any(_PMID_LINE.match(line.strip()) for line in lines[1:])
    if has_pmid_line and len(lines) >= 3 and not lines[0].rstrip().endswith(":"):
        return 0.85
    return 0.0


def split_records(lines: list[str]) -> tuple[list[tuple[int, str]], list[Block]]:
    """The lines before the first record, and each record's block of lines."""
    before: list[tuple[int, str]] = []
    blocks: list[Block] = []
    after_blank = True
    for number, text in enumerate(lines, start=1):
        line = text.rstrip()
        if not line.strip():
            after_blank = True
            continue
        match = _NUMBERED.match(line) if after_blank else None
        expected = blocks[-1].number + 1 if blocks else None
        if match is not None and (expected is None or int(match.group("number")) == expected):
            legacy = match.group("mark") == "."
            blocks.append(Block(number=int(match.group("number")), legacy=legacy))
            blocks[-1].lines.append((number, line))
        elif not blocks:
            before.append((number, line))
        elif after_blank or blocks[-1].stray:
            # Lines after a record's paragraph belong to no record: reported on it.
            blocks[-1].stray.append((number, line))
        else:
            blocks[-1].lines.append((number, line))
        after_blank = False
    return before, blocks


def _failed(file: str, lines: list[tuple[int, str]], code: str, message: str) -> FailedRecord:
    first = lines[0][0]
    diagnostic = Diagnostic(code=f"{CODE}.{code}", message=message, severity="error", line=first)
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=LineSpan(start=first, end=lines[-1][0]),
        raw="\n".join(text for _, text in lines),
        diagnostics=(diagnostic,),
    )


def read_block(block: Block, file: str) -> Record | FailedRecord:
    draft = Draft(adapter=ADAPTER_NAME, code=CODE, file=file)
    read = _read_legacy if block.legacy else _read_current
    if not read(block, draft):
        return _failed(
            file, block.lines + block.stray, "no-pmid", "a numbered paragraph without a PMID"
        )
    for number, text in block.stray:
        draft.note("unclaimed-line", "a line after the record no rule took", number, text)
        draft.keep("line", text)
    return draft.build(block.span())


# --- current layout ---------------------------------------------------------------------------


def _read_current(block: Block, draft: Draft) -> bool:
    joined = join_wrapped(block.lines)
    text = joined.text
    prefix = _NUMBERED.match(text)
    tail = _ID_TAIL.search(text)
    if prefix is None or tail is None:
        return False
    start, end = prefix.end(), tail.start()
    body = text[start:end]
    identifiers = [Identifier(scheme="pmid", value=tail.group("pmid"))]
    identifiers.extend(_more_ids(tail.group("more"), draft, joined.line_at(tail.start())))
    authors_end = body.find(". ")
    rest_start = 0
    if authors_end > 0 and is_author_list(body[: authors_end + 1]):
        # The first sentence is the title when the journal follows it directly.
        directly = find_journal_citation(body) is not None
        if find_journal_citation(body[authors_end + 2 :]) is not None or not directly:
            _set_authors(draft, body[: authors_end + 1], joined.span(start, start + authors_end))
            rest_start = authors_end + 2
    rest = body[rest_start:]
    offset = start + rest_start
    cited = find_journal_citation(rest)
    if cited is None:
        draft.note(
            "no-journal",
            "no journal and date found: all text after the authors taken as the title",
            joined.line_at(offset),
            rest,
        )
        title_end = len(rest)
    else:
        title_end = cited.start
        span = joined.span(offset + cited.start, end)
        draft.apply_citation(cited, span)
        identifiers.extend(cited.identifiers)
    guess = "title ends where a journal abbreviation and a date start"
    title = strip_final_period(rest[:title_end])
    draft.set("title", title or None, joined.span(offset, offset + title_end), heuristic=guess)
    draft.set(
        "identifiers",
        merge_identifiers(identifiers),
        joined.span(tail.start(), tail.end()),
    )
    return True


def _set_authors(draft: Draft, text: str, span: LineSpan) -> None:
    parsed = parse_short_authors(text)
    guess = "authors end at the first sentence end"
    draft.set("authors", parsed.people, span, heuristic=guess)
    if parsed.et_al:
        draft.set("et_al", True, span)
    for odd in parsed.odd:
        draft.note(
            "odd-name", "an author name not in the form `Family AB`", span.start, odd, "info"
        )


def _more_ids(text: str, draft: Draft, line: int) -> list[Identifier]:
    """`; PMCID: PMC1; NIHMSID: NIHMS2` after the PMID."""
    found: list[Identifier] = []
    for match in _MORE_ID.finditer(text):
        kind, value = match.group("kind").upper(), match.group("value")
        pmcid, nihms = normal_pmcid(value), normal_nihms(value)
        if kind == "PMCID" and pmcid:
            found.append(Identifier(scheme="pmcid", value=pmcid))
        elif kind in ("NIHMSID", "NIHMS") and nihms:
            found.append(Identifier(scheme="nihms", value=nihms))
        else:
            draft.note("unknown-identifier", f"identifier {kind} kept in extra", line, value)
            draft.keep(kind, value)
    return found


# --- legacy layout ----------------------------------------------------------------------------


def _read_legacy(block: Block, draft: Draft) -> bool:
    """Title, authors and citation lines, then the PMID line and labels after it."""
    lines = list(block.lines)
    first_number, first_text = lines[0]
    prefix = _NUMBERED.match(first_text)
    lines[0] = (first_number, first_text[prefix.end() :] if prefix else first_text)
    pmid_index = next(
        (i for i, (_, text) in enumerate(lines) if i > 0 and _PMID_LINE.match(text.strip())),
        None,
    )
    if pmid_index is None:
        return False
    head = lines[:pmid_index]
    cited_index = next(
        (i for i in range(len(head) - 1, 0, -1) if parse_journal_citation(head[i][1].strip())),
        None,
    )
    identifiers: list[Identifier] = []
    title_lines = head
    if cited_index is None:
        draft.note("no-journal", "no citation line found: all lines taken as the title", head[0][0])
    else:
        cited_lines = head[cited_index:]
        cited_text = join_wrapped(cited_lines)
        cited = parse_journal_citation(cited_text.text)
        if cited is not None:
            draft.apply_citation(cited, cited_text.whole())
            identifiers.extend(cited.identifiers)
        title_lines = head[:cited_index]
        if len(title_lines) > 1 and is_author_list(title_lines[-1][1]):
            authors = join_wrapped(title_lines[-1:])
            _set_authors(draft, authors.text, authors.whole())
            title_lines = title_lines[:-1]
    title = join_wrapped(title_lines)
    draft.set("title", strip_final_period(title.text) or None, title.whole())
    pmid_number, pmid_text = lines[pmid_index]
    identifiers[:0] = _legacy_pmid_line(pmid_text.strip(), pmid_number, draft)
    draft.set(
        "identifiers",
        merge_identifiers(identifiers),
        LineSpan(start=pmid_number, end=pmid_number),
    )
    for number, text in lines[pmid_index + 1 :]:
        _legacy_label(text.strip(), number, draft)
    return True


def _legacy_pmid_line(text: str, number: int, draft: Draft) -> list[Identifier]:
    """`PMID: 31301691 [Indexed for MEDLINE]`, `PMID: 1 Free PMC Article`, `PMCID: PMC2`."""
    match = _PMID_LINE.match(text)
    if match is None:
        return []
    found = [Identifier(scheme="pmid", value=match.group("pmid"))]
    rest = match.group("rest")
    pmcid = _LEGACY_PMCID.search(rest)
    if pmcid is not None:
        found.append(Identifier(scheme="pmcid", value=pmcid.group("pmcid")))
        rest = rest.replace(pmcid.group(0), " ")
    flags = [m.group("status").strip() for m in _STATUS.finditer(rest)]
    rest = _STATUS.sub(" ", rest).strip()
    for label in _LEGACY_FLAGS:
        if label in rest:
            flags.append(label)
            rest = rest.replace(label, " ").strip()
    _add_flags(draft, flags, number)
    if rest.strip(" .;"):
        draft.note("unclaimed-text", "text on the PMID line no rule took", number, rest)
        draft.keep("PMID line", rest)
    return found


def _legacy_label(text: str, number: int, draft: Draft) -> None:
    if text in _PAGE_LINKS or _SELECT_ITEM.fullmatch(text):
        draft.note("page-link", "a link text of the page; nothing to read", number, text, "info")
    elif text in _LEGACY_FLAGS or (text.startswith("[") and text.endswith("]")):
        _add_flags(draft, [text.strip("[]")], number)
    else:
        draft.note("unclaimed-line", "a line after the PMID no rule took", number, text)
        draft.keep("line", text)


def _add_flags(draft: Draft, flags: list[str], number: int) -> None:
    if not flags:
        return
    existing: tuple[str, ...] = draft.values.get("flags", ())
    new = tuple(f for f in flags if f not in existing)
    draft.set("flags", existing + new, LineSpan(start=number, end=number))


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-summary` adapter."""
    register(PubmedSummaryAdapter())


__all__ = [
    "ADAPTER_NAME",
    "PubmedSummaryAdapter",
    "bibnorm_register_sources",
    "read_block",
    "split_records",
]
