"""PMC article pages copied as text: the `pmc-text` source adapter.

A browser copy of a PMC article page starts with a header:

    Nat Rev Cancer. Author manuscript; available in PMC 2013 Jun 1.
    Published in final edited form as:
    Nat Rev Cancer. 2012 Mar 22; 12(4): 252–264.
    doi: 10.1038/nrc3239
    PMCID: PMC4856023  NIHMSID: NIHMS782399  PMID: 22437870
    The blockade of immune checkpoints in cancer immunotherapy
    Maria Rossi,1 Jan Kim,2,* and Li Wei1,2
    1Department of ..., Rome, Italy
    *Corresponding author: ...

then the abstract (with its section headings), the keywords, the article body and the
numbered reference list (`1. Pardoll D. ... 2003;21:807–839. [PubMed] [Google Scholar]`).
Identifiers come from the header's own lines only: a trial number or a DOI that the
abstract or the body mentions never becomes the article's. The body has no record field:
its lines are reported as such, so nothing is dropped silently. Lines are judged with the
grammars of `line_shapes`; site chrome is reported as `pmc_text.chrome` (info).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Citation,
    Diagnostic,
    FailedRecord,
    FieldSource,
    Identifier,
    Keyword,
    LineSpan,
    Provenance,
    Record,
)
from bibnorm.parsing import parse_abstract, parse_citation_notes, parse_reference
from bibnorm.parsing.pages import page_fields
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.pages.builder import Line, PageBuilder
from bibnorm.sources.pages.line_shapes import (
    LINK_LABEL,
    LOGO_COLLECTIONS,
    Kind,
    MarkedAuthor,
    SourceLine,
    classify,
    is_chrome,
    read_affiliation,
    read_final_form,
    read_id_line,
    read_keywords,
    read_numbered_item,
    read_source_line,
    split_author_line,
    with_affiliations,
)

ADAPTER_NAME = "pmc-text"
CODE = "pmc_text"

_AUTHOR_NOTE = re.compile(
    r"(?i)(?:[*#†‡]\s*)?(?:corresponding author|correspondence|address correspondence|"
    r"contributed equally|these authors contributed|equal contribution|e-?mail)\b.*"
)
_COPYRIGHT = re.compile(r"(?i)(?:copyright\b|©).*")
_NUMBERED_HEADING = re.compile(r"\d+(?:\.\d+)*\.?\s+[A-Z][^.]{0,80}")
_BODY_HEADINGS = frozenset(
    {"introduction", "main text", "main", "acknowledgments", "acknowledgements", "footnotes"}
    | {"funding", "conflict of interest", "conflicts of interest", "author contributions"}
    | {"supplementary material", "data availability statement", "abbreviations"}
)
_MAX_JOURNAL_WORDS = 10
_REFERENCE_HEADINGS = frozenset({"references", "references and notes", "literature cited"})

# sniff
_SNIFF_PMC_IDS = re.compile(r"^(?:PMCID: ?PMC\d+|NIHMSID: ?NIHMS\d+)", re.MULTILINE)
_SNIFF_PMC_MARKS = re.compile(
    r"^(?:Published in final edited form as:.*|.*Author manuscript; available in PMC.*"
    r"|PMC Disclaimer|Copyright and License information|Find articles by .*"
    r"|.*\[(?:PubMed|Google Scholar|PMC free article)\])\s*$",
    re.MULTILINE,
)
_SNIFF_MEDLINE = re.compile(r"^PMID- ?\d+", re.MULTILINE)
_SNIFF_XML = re.compile(r"^\s*<")


class PmcTextAdapter:
    """Reads PMC article pages copied as text: header, abstract, keywords, references."""

    name = ADAPTER_NAME
    description = "PMC article page copied as text (header, abstract, keywords, references)"

    def sniff(self, sample: Sample) -> float:
        """0.95 for a page with PMC's ID line and its header notes; less with fewer."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        lines = [Line(n, text.rstrip("\r")) for n, text in enumerate(source.lines(), start=1)]
        text_lines = [line for line in lines if line.text.strip()]
        if not any(_is_pmc_id_line(line.text) for line in text_lines):
            yield _failed(text_lines, source.name)
            return
        yield _read_article(text_lines, source.name)


def _sniff_score(text: str) -> float:
    if _SNIFF_XML.match(text) or _SNIFF_MEDLINE.search(text):
        return 0.0
    score = 0.0
    if _SNIFF_PMC_IDS.search(text):
        score += 0.35
    # PubMed's own exports print PMCID lines too; only PMC's page marks make it a PMC copy.
    score += min(0.6, 0.15 * len(_SNIFF_PMC_MARKS.findall(text)))
    return round(min(score, 0.95), 2)


def _is_pmc_id_line(text: str) -> bool:
    id_line = read_id_line(text)
    return id_line is not None and any(i.scheme == "pmcid" for i in id_line.identifiers)


def _failed(text_lines: list[Line], file: str) -> FailedRecord:
    span = LineSpan(start=text_lines[0].number, end=text_lines[-1].number) if text_lines else None
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=span,
        raw="\n".join(line.text for line in text_lines),
        diagnostics=(
            Diagnostic(
                code=f"{CODE}.no-article",
                message="no PMC article found: no `PMCID:` line",
                severity="error",
                line=text_lines[0].number if text_lines else None,
            ),
        ),
    )


def _read_article(text_lines: list[Line], file: str) -> Record:
    builder = PageBuilder(adapter=ADAPTER_NAME, code=CODE, file=file)
    extra: list[tuple[str, str]] = []
    for line in text_lines:
        if is_chrome(line.text):
            builder.chrome(line)
    content = [line for line in text_lines if line.number not in builder.claimed]
    abstract_index = next(
        (i for i, line in enumerate(content) if line.text.strip().casefold() == "abstract"),
        None,
    )
    header_end = abstract_index if abstract_index is not None else _first_body_heading(content)
    _read_header(content[:header_end], builder, extra)
    _read_body(content[header_end:], builder)
    builder.report_unclaimed(text_lines)
    if extra:
        builder.values["extra"] = tuple(extra)
    return builder.record(LineSpan(start=text_lines[0].number, end=text_lines[-1].number))


def _first_body_heading(content: list[Line]) -> int:
    for index, line in enumerate(content):
        if _is_body_heading(line.text) or line.text.strip().casefold() in _REFERENCE_HEADINGS:
            return index
    return len(content)


def _is_body_heading(text: str) -> bool:
    text = " ".join(text.split())
    return text.casefold() in _BODY_HEADINGS or _NUMBERED_HEADING.fullmatch(text) is not None


def _read_header(header: list[Line], builder: PageBuilder, extra: list[tuple[str, str]]) -> None:
    """Manuscript note, citation, DOI, ID line, title, authors, affiliations, notes."""
    identifiers: list[Identifier] = []
    id_lines: list[Line] = []
    title_line: Line | None = None
    author_line: Line | None = None
    marked: list[MarkedAuthor] = []
    affiliations: dict[str, str] = {}
    affiliation_lines: list[Line] = []
    seen_citation = False
    for index, line in enumerate(header):
        text = " ".join(line.text.split())
        shape = classify(text)
        if shape.kind is Kind.LOGO:
            # `Nat Rev Cancer logoLink to Nat Rev Cancer`: the journal's name, or chrome
            # where the logo is a collection's (`NIHPA Author Manuscripts`).
            builder.claim(line)
            if shape.journal and shape.journal.casefold() not in LOGO_COLLECTIONS:
                builder.set_field("container_title", shape.journal, line)
            else:
                builder.note("chrome", "logo line naming no journal: site chrome", line, "info")
            continue
        following = header[index + 1].text if index + 1 < len(header) else ""
        following_source = read_source_line(following)
        if (
            title_line is None
            and following_source is not None
            and following_source.journal is None
            and not text.endswith(".")
            and len(text.split()) <= _MAX_JOURNAL_WORDS
        ):
            # The journal name on a line of its own, above a citation without one.
            builder.claim(line)
            builder.set_field("container_title_short", text, line)
            continue
        if (terms := read_keywords(text)) is not None:
            builder.claim(line)
            _take_keywords(terms, line, builder)
            continue
        if shape.kind is Kind.MANUSCRIPT:
            builder.claim(line)
            extra.append(("manuscript", text))
            if shape.journal and "container_title_short" not in builder.values:
                builder.set_field("container_title_short", shape.journal, line)
            continue
        if (rest := read_final_form(text)) is not None:
            builder.claim(line)
            text = rest
            if not text:
                continue
        id_line = read_id_line(text)
        if id_line is not None:
            builder.claim(line)
            identifiers.extend(id_line.identifiers)
            id_lines.append(line)
            if id_line.rest:
                builder.note("unparsed-text", f"part of the ID line: {id_line.rest!r}", line)
            continue
        source = read_source_line(text)
        if source is not None and title_line is None and not seen_citation:
            builder.claim(line)
            seen_citation = True
            _take_citation(line, source, builder, identifiers)
            continue
        notes = parse_citation_notes(text)
        if title_line is None and not notes.unparsed and notes.identifiers:
            builder.claim(line)
            identifiers.extend(notes.identifiers)
            continue
        if _COPYRIGHT.fullmatch(text) or _AUTHOR_NOTE.fullmatch(text):
            builder.claim(line)
            extra.append(("copyright" if _COPYRIGHT.fullmatch(text) else "author_note", text))
            continue
        if title_line is None:
            builder.claim(line)
            builder.set_field("title", text, line)
            title_line = line
            continue
        if author_line is None and (authors := split_author_line(text)) is not None:
            builder.claim(line)
            author_line = line
            marked = authors
            continue
        if author_line is not None and (found := read_affiliation(text)) is not None:
            builder.claim(line)
            affiliations[found[0]] = found[1]
            affiliation_lines.append(line)
            continue
        # Anything else is reported as unclaimed.
    if author_line is not None:
        people = tuple(with_affiliations(marked, affiliations))
        builder.set_field("authors", people, author_line, *affiliation_lines)
    if identifiers:
        seen: set[tuple[str, str]] = set()
        unique = []
        for ident in identifiers:
            if (ident.scheme, ident.value.casefold()) not in seen:
                seen.add((ident.scheme, ident.value.casefold()))
                unique.append(ident)
        order = {"pmid": 0, "pmcid": 1, "nihms": 2, "doi": 3}
        unique.sort(key=lambda i: order.get(i.scheme, 4))
        builder.set_field("identifiers", tuple(unique), *(id_lines or header[:1]))


def _take_citation(
    line: Line, source: SourceLine, builder: PageBuilder, identifiers: list[Identifier]
) -> None:
    if source.journal:
        builder.set_field("container_title_short", source.journal, line)
    locator = source.locator
    if locator is None:
        return
    for name in ("issued", "volume", "issue", "article_number"):
        value = getattr(locator, name)
        if value is not None:
            builder.set_field(name, value, line)
    # PMC prints page ranges with an en dash; what it printed is kept beside.
    for name, value in page_fields(locator.pages).items():
        builder.set_field(name, value, line)
    if source.epub_date is not None:
        builder.set_field("epub_date", source.epub_date, line)
    identifiers.extend(source.identifiers)
    for piece in source.unparsed:
        builder.note("unparsed-text", f"part of the citation no rule placed: {piece!r}", line)


def _read_body(body: list[Line], builder: PageBuilder) -> None:
    """Abstract (up to the keywords or the first body heading), body, references."""
    mode = "abstract"
    abstract: list[Line] = []
    references: list[list[Line]] = []
    for line in body:
        text = " ".join(line.text.split())
        key = text.casefold()
        if mode == "abstract" and key == "abstract":
            builder.claim(line)
            continue
        if key in _REFERENCE_HEADINGS:
            builder.claim(line)
            mode = "references"
            continue
        if mode != "references" and (terms := read_keywords(text)) is not None:
            builder.claim(line)
            _take_keywords(terms, line, builder)
            mode = "body"
            continue
        if mode == "abstract" and _is_body_heading(text):
            mode = "body"
        if mode == "abstract":
            abstract.append(line)
        elif mode == "body":
            builder.claim(line)
            builder.note(
                "unmapped-section",
                "article body text, which no record field holds",
                line,
                severity="info",
            )
        elif read_numbered_item(text) is not None or not references:
            references.append([line])
        else:
            references[-1].append(line)
    if abstract:
        parsed = parse_abstract([line.text for line in abstract])
        if parsed is not None:
            builder.claim(*abstract)
            builder.set_field("abstract", parsed, *abstract)
    if references:
        _take_references(references, builder)


def _take_keywords(terms: tuple[str, ...], line: Line, builder: PageBuilder) -> None:
    if terms:
        builder.set_field("keywords", tuple(Keyword(term=term) for term in terms), line)


def _take_references(entries: list[list[Line]], builder: PageBuilder) -> None:
    citations: list[Citation] = []
    for entry in entries:
        builder.claim(*entry)
        text = " ".join(" ".join(line.text.split()) for line in entry)
        text = read_numbered_item(text) or text
        labels = tuple(m.group("label") for m in LINK_LABEL.finditer(text))
        text = LINK_LABEL.sub("", text).strip()
        parsed = parse_reference(text)
        span = LineSpan(start=entry[0].number, end=entry[-1].number)
        if not parsed.complete:
            builder.note(
                "incomplete-citation", "this reference lacks a date; read in part", entry[0]
            )
        for piece in parsed.unparsed:
            builder.note(
                "unparsed-text", f"part of a reference no rule placed: {piece!r}", entry[0]
            )
        fields = tuple(
            FieldSource(
                field=name,
                method="heuristic" if name in parsed.heuristic else "parsed",
                span=span,
                detail=parsed.guess if name in parsed.heuristic else None,
            )
            for name in ("title", "container_title_short")
            if getattr(parsed.citation, name)
        )
        provenance = Provenance(adapter=ADAPTER_NAME, file=builder.file, span=span, fields=fields)
        citations.append(
            dataclasses.replace(
                parsed.citation,
                links=parsed.citation.links + labels,
                raw=text,
                provenance=provenance,
            )
        )
    all_lines = [line for entry in entries for line in entry]
    builder.set_field("references", tuple(citations), *all_lines)


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pmc-text` adapter."""
    register(PmcTextAdapter())


__all__ = ["ADAPTER_NAME", "PmcTextAdapter", "bibnorm_register_sources"]
