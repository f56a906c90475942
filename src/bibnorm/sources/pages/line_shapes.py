"""The shapes of the lines of a copied PubMed, PMC or Europe PMC page, one line at a time.

A page copied as text is a column of lines whose order changes from one site template to
the next, but whose shapes do not: the site's banner and buttons (chrome), the journal's
logo line, the citation line (`. 2014 Dec 26;289(52):36125-39.`, `Gut. 2016 Jun;66(6):
1116–1122.`), the `doi:` / `Published online` line, the ID line (`PMCID: PMC1  PMID: 2`),
the short `First Author et al. Journal.` line, an author line with affiliation markers,
headings (`Abstract`, `Keywords: ...`), a search result run together on one line.
`classify` names the shape of one line and keeps the parts it read; the page reader then
assembles a record from the shapes, whatever the template's order.

This is the one classifier of every page-text reader: `page_copy` reads by `classify`,
and the template readers (`pubmed_text`, `pubmed_text_copy`, `pmc_text`,
`pubmed_search_text`) call the same grammars by name where their template says which
line is which. The grammars of lines that carry record data (chrome, ID lines, author
lines, affiliations, citation lines, PubMed's list items) live in `line_grammars` and are
exported from here; dates, locators and notes are read with the shared grammars of
`bibnorm.parsing`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from bibnorm.model import DateParts, Identifier
from bibnorm.parsing import Locator, parse_citation_notes
from bibnorm.parsing.dates import read_printed_date
from bibnorm.sources.pages.author_lines import (
    RUN_ON,
    Author,
    author_from_name,
    author_list_cut,
    nlm_authors,
    read_authors,
)
from bibnorm.sources.pages.line_grammars import (
    LINK_LABEL,
    IdLine,
    MarkedAuthor,
    SourceLine,
    find_identifiers,
    is_chrome,
    is_id_line_labels,
    parse_nlm_authors,
    read_affiliation,
    read_docsum,
    read_id_line,
    read_source_line,
    split_author_line,
    status_label,
    with_affiliations,
)


class Kind(Enum):
    """What a line of a page copy is."""

    BLANK = "blank"
    CHROME = "chrome"  # site banner, buttons, notices: never a field
    LOGO = "logo"  # `X logoLink to X`, `Logo of xLink to Publisher's site`
    CITATION = "citation"  # `[Journal]. date;vol(issue):pages.` with optional notes
    MANUSCRIPT = "manuscript"  # `[Journal.] Author manuscript; available in PMC: date.`
    FINAL_FORM = "final-form"  # `Published in final edited form as:[ citation]`
    DOI = "doi"  # `doi: 10.1/x. Epub 2015 May 1.`, `eCollection 2015.`
    PUBLISHED_ONLINE = "published-online"  # `Published online 2024 Oct 5. doi: ...`
    IDS = "ids"  # `PMCID: PMC1  NIHMSID: NIHMS2  PMID: 3`, or one of them
    ET_AL = "et-al"  # `Hongli Wu et al. J Biol Chem. 2014.`
    AUTHORS = "authors"  # `Ann Lee 1,2, Bo Kim 1,*`
    HEADING = "heading"  # `Abstract`, `Affiliations`, `MeSH terms`, `References` ...
    KEYWORDS = "keywords"  # `Keywords: a; b.`
    SEARCH_RESULT = "search-result"  # a PubMed search result run together on one line
    LIST_ITEM = "list-item"  # `  • Term`, `    1. Reference`
    PROSE = "prose"  # anything else: a title, an abstract paragraph, body text


@dataclass(frozen=True, kw_only=True)
class LineShape:
    """One classified line and the parts read from it (only those its kind has)."""

    kind: Kind
    text: str
    journal: str | None = None
    locator: Locator | None = None
    identifiers: tuple[Identifier, ...] = ()
    authors: tuple[Author, ...] = ()
    terms: tuple[str, ...] = ()
    heading: str | None = None
    flags: tuple[str, ...] = ()
    unparsed: tuple[str, ...] = ()
    epub_date: DateParts | None = None  # `Epub 2019 Jan 9.`, `Published online 2022 Oct 5.`
    indented: bool = False  # the line starts with white space (a list's item, often)


@dataclass(frozen=True)
class ShapedLine:
    """One line of a page, its 1-based number and its shape."""

    number: int
    shape: LineShape

    @property
    def text(self) -> str:
        return self.shape.text


# Lines the page shows as headings of its sections.
_HEADINGS = frozenset(
    {"abstract", "affiliations", "author information", "keywords", "references", "background"}
    | {"methods", "results", "conclusions", "conclusion", "introduction", "discussion"}
    | {"objective", "objectives", "design", "setting", "participants", "interventions"}
    | {"main outcome measures", "main outcomes and measures", "importance", "purpose"}
    | {"methodology", "conclusions/significance", "principal findings", "findings"}
    | {"no abstract available", "abstract available", "figures", "tables", "footnotes"}
    | {"acknowledgments", "acknowledgements", "funding", "conflict of interest", "editors"}
    | {"conflict of interest statement", "conflicts of interest", "competing interests"}
    | {"declaration of competing interest", "disclosure", "disclosures"}
    | {"materials and methods", "supplementary material", "supplementary materials"}
    | {"associated data", "summary"}
    | {"significance", "author summary", "graphical abstract", "highlights", "motivation"}
    | {"availability and implementation", "availability", "contact", "aims", "aim"}
    | {"supplementary information", "method", "result"}
    # Sections of the record's own terms (read by the page reader), not site chrome.
    | {"publication types", "mesh terms", "substances"}
)
# Headings of PubMed's links to other articles (`Link.relation` is the heading, hyphenated).
LINK_HEADINGS = frozenset(
    {"comment in", "comment on", "erratum in", "erratum for", "retraction in", "retraction of"}
    | {"retracted and republished in", "retracted and republished from", "update in"}
    | {"update of", "republished in", "republished from", "corrected and republished in"}
    | {"corrected and republished from", "expression of concern in", "reprint in"}
    | {"expression of concern for", "reprint of", "summary for patients in"}
    | {"original report in"}
)
# Headings of the page's lists of other articles, by the relation of their items to the
# record (`Link.relation` for the links, the `Relation` of references and related items).
LIST_HEADINGS: dict[str, str] = {
    "references": "reference",
    "similar articles": "similar",
    "cited by": "cited-by",
    **{heading: heading.replace(" ", "-") for heading in LINK_HEADINGS},
}
# `Similar articles`, `Cited by 12`, `References (40)`: a count may follow the heading.
_LIST_HEADING_COUNT = re.compile(r"\s*(?:\(\d+\)|\d+)$")
_PUBLICATION_TYPES = frozenset(
    {"review", "editorial", "comment", "letter", "case reports", "meta-analysis"}
    | {"clinical trial", "randomized controlled trial", "systematic review", "news"}
    | {"observational study", "multicenter study", "comparative study", "published erratum"}
)

# --- record lines -----------------------------------------------------------------------

# PMC collections whose name stands on the logo line in place of a journal's.
LOGO_COLLECTIONS = frozenset(
    {"nihpa author manuscripts", "hhs author manuscripts", "sage choice", "pmc"}
    | {"europe pmc funders author manuscripts", "author manuscripts"}
)
# `Gut logoLink to Gut`, `Logo of pnasLink to Publisher's site`, and today's PMC `eLife logo`
# (the site's own `NIH NLM Logo` is chrome).
_LOGO = re.compile(
    r"^(?:(?P<journal>.+?) logoLink to (?P=journal)|Logo of (?P<code>\S*?).*"
    r"|(?!(?:NIH|NLM|NCBI|PMC|PubMed|Europe PMC)\b)(?P<alone>(?:[^\s.;:]+ ){0,5}[^\s.;:]+) logo)$",
    re.IGNORECASE,
)
_MANUSCRIPT = re.compile(
    r"^(?:(?P<journal>[^.]+(?:\.[^.\d][^.]*)*?)\.?\s*|\.\s*)?"
    r"Author manuscript; available in PMC:?\s*(?P<date>.*?)\.?$"
)
# A copy may start inside the words (`shed in final edited form as: ...`).
_FINAL_FORM = re.compile(r"^(?:Published|\w{0,9}) in final edited form as:?\s*(?P<rest>.*)$")
_PUBLISHED_ONLINE = re.compile(r"^Published online:?\s*(?P<rest>.*)$")
_DOI = re.compile(r"(?i)(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/\S+)")
_DOI_NOTE_LINE = re.compile(r"(?i)^(?:doi:|https?://(?:dx\.)?doi\.org/|epub\b|ecollection\b)")
_ONLINE_AHEAD = re.compile(r"(?i)^(?:online ahead of print|epub ahead of print)\.?$")
_ET_AL = re.compile(
    r"^(?P<author>[^\W\d_][^.;:]{0,80}?),? et al\.\s+(?P<journal>[^.]+(?:\.[^.\d\s][^.]*)*?)\."
    r"(?:\s*(?P<date>\d{4}(?:\s[A-Z][a-z]{2,8}(?:[-–][A-Z][a-z]{2,8})?)?(?:\s\d{1,2})?))?"
    r"\s*\.?\s*$"
)
# PubMed's short citation of a one-author article: `Carlo Signorelli. Epidemiol Prev. 2015.`
_ONE_AUTHOR = re.compile(
    r"^(?P<author>[A-Z][\w'’-]+(?: (?:[a-z]{1,4} )?[A-Z][\w'’-]*){1,4})\. "
    r"(?P<journal>[A-Z][^.;:]{0,100}(?:\.[^.\d\s][^.;:]*)*?)\."
    r"\s*(?:\d{4}(?:\s[A-Z][a-z]{2,8}(?:[-–][A-Z][a-z]{2,8})?)?)?\s*\.\s*$"
)
_KEYWORDS = re.compile(r"(?i)^(?:key ?words?|keywords)\s*:\s*(?P<terms>.*)$")
_KEYWORDS_HEADING = re.compile(r"(?i)^key ?words?:?$")
# A list item's bullet or number (`• Term`, `12. Pardoll D. ...`), the one pattern of both.
_ITEM_MARK = r"^\s*(?:[•·▪◦‣-]|(?P<number>\d{1,4}\.))\s+"
_LIST_ITEM = re.compile(rf"{_ITEM_MARK}\S")
_NUMBERED_ITEM = re.compile(rf"{_ITEM_MARK}(?P<text>\S.*)")
ITEM_MARK = re.compile(_ITEM_MARK)
_SEARCH_PMID = re.compile(r"PMID: ?(?P<pmid>\d+)")
# A citation line's journal: up to twelve words, no sentence inside (abbreviation dots allowed).
_DATE_ONLY = re.compile(r"^\d{4}(?: [A-Z][a-z]{2,8}(?: \d{1,2})?)?\.(?:\s|$)")
_JOURNAL = re.compile(r"^[^\W\d_][^;:]*$")
_TERMINAL = tuple(".!?)]\"'”’*")
MAX_TITLE_CHARS = 600
_MAX_JOURNAL_WORDS = 12
_MAX_JOURNAL_CHARS = 120
# The short author list before a search result's citation (`Pickard R, et al.` plus
# `Among authors: x.`) sits in this many characters at the end of the authors part.
_MAX_SHORT_AUTHORS_CHARS = 300


# Invisible characters a copy carries between a page's parts (zero-width space and word
# joiner, byte-order mark, soft hyphen). One that ends a line separates nothing: it is the
# record's own (a title's trailing zero-width space) and is kept as the page shows it.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad](?=.)")


def normalise(text: str) -> str:
    """`text` with non-breaking and thin spaces as spaces, invisible characters dropped,
    runs of space as one, stripped."""
    text = _INVISIBLE.sub("", text.replace("\r", "").rstrip(" \t"))
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    return " ".join(text.split())


def classify(raw: str) -> LineShape:
    """The shape of one line of a page copy (`raw` without its line end)."""
    shape = _classify(raw)
    if shape.kind is not Kind.BLANK and raw[:1].isspace():
        return dataclasses.replace(shape, indented=True)
    return shape


# A word processor's bullet before a line (not a list marker `-` or `1.`).
BULLET_MARK = re.compile(r"^[•·▪◦‣]\s+")


def _classify(raw: str) -> LineShape:
    text = normalise(raw)
    if not text:
        return LineShape(kind=Kind.BLANK, text=text)
    if (shape := _record_line(text)) is not None:
        return shape
    if is_chrome(text):
        return LineShape(kind=Kind.CHROME, text=text)
    if _LIST_ITEM.match(raw.replace("\u00a0", " ")):
        # A word processor bullets every line of a pasted page: a bullet before chrome or
        # a heading does not make it a list's item.
        bare = BULLET_MARK.sub("", text)
        if bare != text and (is_chrome(bare) or bare.rstrip(" :.").casefold() in _HEADINGS):
            return _classify(bare)
        return LineShape(kind=Kind.LIST_ITEM, text=text)
    folded = text.rstrip(" :.").casefold()
    relation = LIST_HEADINGS.get(_LIST_HEADING_COUNT.sub("", folded))
    if relation is not None:
        return LineShape(kind=Kind.HEADING, text=text, heading=relation)
    if folded in _HEADINGS or _KEYWORDS_HEADING.match(text):
        return LineShape(kind=Kind.HEADING, text=text, heading=text.rstrip(" :"))
    if folded in _PUBLICATION_TYPES:
        return LineShape(kind=Kind.HEADING, text=text, heading="publication type")
    if (authors := read_authors(text)) is not None:
        return LineShape(kind=Kind.AUTHORS, text=text, authors=authors)
    return LineShape(kind=Kind.PROSE, text=text)


def _record_line(text: str) -> LineShape | None:
    """The lines that show the record: logo, citation, notes, ids, et al., keywords."""
    if (logo := _LOGO.match(text)) is not None:
        journal = logo.group("journal") or logo.group("alone")
        return LineShape(kind=Kind.LOGO, text=text, journal=journal)
    if (search := _search_result(text)) is not None:
        return search
    if (manuscript := _MANUSCRIPT.match(text)) is not None:
        journal = manuscript.group("journal")
        return LineShape(
            kind=Kind.MANUSCRIPT, text=text, journal=journal.strip() if journal else None
        )
    if (rest := read_final_form(text)) is not None:
        cited = read_citation(rest) if rest else None
        return LineShape(
            kind=Kind.FINAL_FORM,
            text=text,
            journal=cited.journal if cited else None,
            locator=cited.locator if cited else None,
            identifiers=cited.identifiers if cited else (),
            epub_date=cited.epub_date if cited else None,
        )
    if (online := _PUBLISHED_ONLINE.match(text)) is not None:
        printed = online.group("rest").split(". ")[0].strip(" .")
        return LineShape(
            kind=Kind.PUBLISHED_ONLINE,
            text=text,
            identifiers=_dois(online.group("rest")),
            epub_date=read_printed_date(printed).date if printed else None,
        )
    if (
        not _LIST_ITEM.match(text)
        and (id_line := read_id_line(text)) is not None
        and is_id_line_labels(id_line.rest)
    ):
        # A bulleted `- PMID: 1` is the dump layout's list, which its own reader reads;
        # `doi: 10.1/x` in lower case is a note line, read below with what follows it.
        return LineShape(kind=Kind.IDS, text=text, identifiers=id_line.identifiers)
    if _DOI_NOTE_LINE.match(text) or _ONLINE_AHEAD.match(text):
        notes = parse_citation_notes(text)
        identifiers = tuple(
            Identifier(scheme="doi", value=i.value) for i in notes.identifiers if i.scheme == "doi"
        ) or _dois(text)
        # Europe PMC: `https://doi.org/10.1/x PMID: 27919275 PMCID: PMC5139140`.
        identifiers += tuple(i for i in find_identifiers(text) if i.scheme != "doi")
        return LineShape(
            kind=Kind.DOI,
            text=text,
            identifiers=identifiers,
            flags=notes.flags,
            epub_date=notes.epub_date,
        )
    if terms := read_keywords(text):
        return LineShape(kind=Kind.KEYWORDS, text=text, terms=terms)
    if (et_al := _ET_AL.match(text) or _ONE_AUTHOR.match(text)) is not None:
        author = author_from_name(et_al.group("author"))
        date = et_al.groupdict().get("date")
        return LineShape(
            kind=Kind.ET_AL,
            text=text,
            journal=et_al.group("journal").strip(),
            authors=(author,) if author else (),
            # The date of the short citation (`2019 May.`), for a copy without the full one.
            locator=Locator(issued=read_printed_date(date).date) if date else None,
        )
    if (cited := read_citation(text)) is not None:
        return cited
    return None


def read_numbered_item(text: str) -> str | None:
    """The text of a numbered list item (`12. Pardoll D. ...`, a reference), or None."""
    item = _NUMBERED_ITEM.fullmatch(text.strip())
    return item.group("text") if item is not None and item.group("number") else None


def read_final_form(text: str) -> str | None:
    """What follows `Published in final edited form as:`: the citation, or "" when it
    stands on the next line; None for any other line."""
    final = _FINAL_FORM.match(normalise(text))
    return final.group("rest") if final is not None else None


def read_keywords(text: str) -> tuple[str, ...] | None:
    """The terms of a `Keywords: a; b.` line (none for `Keywords:` alone), or None."""
    keywords = _KEYWORDS.match(normalise(text))
    return split_terms(keywords.group("terms")) if keywords is not None else None


# Europe PMC's own citation line: `Systematic reviews, 05 Dec 2016, 5(1):210`.
_COMMA_CITATION = re.compile(
    r"^(?P<journal>[^\W\d_][^,;:]{1,120}), (?:(?P<day>\d{1,2}) )?(?P<month>[A-Z][a-z]{2,8}) "
    r"(?P<year>\d{4}), (?P<locator>[^,\s]+)$"
)


def read_citation(text: str) -> LineShape | None:
    """A citation line (see `_read_citation`), or Europe PMC's `Journal, 05 Dec 2016,
    5(1):210`, read as PubMed's `Journal. 2016 Dec 05;5(1):210.` and flagged `comma-style`
    (a reader prefers the PubMed-style line when the page shows both)."""
    comma = _COMMA_CITATION.match(text.strip())
    if comma is None:
        return _read_citation(text)
    day = f" {comma.group('day')}" if comma.group("day") else ""
    rewritten = (
        f"{comma.group('journal')}. {comma.group('year')} {comma.group('month')}{day};"
        f"{comma.group('locator')}."
    )
    shape = _read_citation(rewritten)
    if shape is None:
        return None
    return dataclasses.replace(shape, text=text.strip(), flags=(*shape.flags, "comma-style"))


def _read_citation(text: str) -> LineShape | None:
    """A citation line: `[Journal]. date;vol(issue):pages.[ notes]`, or None.

    The line is read with the one source-line grammar (`read_source_line`); it is a
    citation line only when what stands before the date is a journal's name, or nothing
    after PubMed's leading period (`. 2014 Dec 26;289(52):36125-39.`). A date alone (an
    article not yet in an issue) is a citation only as a whole line.
    """
    text = text.strip()
    source = read_source_line(text)
    if source is None or source.locator is None:
        return None
    if source.journal is None and not text.startswith("."):
        return None
    if source.journal is not None and not _is_journal(source.journal.rstrip(".")):
        return None
    locator = source.locator
    date_only = locator.volume is None and locator.pages is None and locator.article_number is None
    if date_only and (source.unparsed or not _DATE_ONLY.match(_after_journal(text))):
        return None
    return LineShape(
        kind=Kind.CITATION,
        text=text,
        journal=source.journal,
        locator=locator,
        identifiers=source.identifiers,
        flags=source.flags,
        unparsed=source.unparsed,
        epub_date=source.epub_date,
    )


def _after_journal(text: str) -> str:
    """The date and what follows it on a citation line (`. 2019 Jul 13. doi: ...`)."""
    match = re.search(r"(?:^|\.\s+|\.)(?=\d{4}\b)", text)
    return text[match.end() :] if match else text


def _is_journal(text: str) -> bool:
    """True for a journal name or abbreviation: a few words, dots only after short ones.

    `J. Transl. Med` and `Proc Natl Acad Sci U S A` are journals; `Bianchi C. A title.
    Sample J` (an author and a title before the journal) is not.
    """
    if (
        len(text) > _MAX_JOURNAL_CHARS
        or not _JOURNAL.match(text)
        or len(text.split()) > _MAX_JOURNAL_WORDS
        or RUN_ON.search(text) is not None
    ):
        return False
    pieces = [piece for piece in re.split(r"\.\s+", text) if piece]
    return len(pieces) == 1 or all(len(piece.split()) <= 2 for piece in pieces)


def _search_result(text: str) -> LineShape | None:
    """`Authors.Short, et al.J Abbrev. date;vol:pages. doi: x.J Abbrev. year.PMID: n...`."""
    pmid = _SEARCH_PMID.search(text)
    if pmid is None or pmid.start() == 0:
        return None
    before = text[: pmid.start()]
    repeat = re.search(r"(?<=\.)(?P<journal>[^.]+)\. (?P<year>\d{4})\.$", before)
    if repeat is None:
        return None
    journal = repeat.group("journal").strip()
    body = before[: repeat.start()]
    at = body.find(journal + ". ")
    if at <= 0:
        return None
    cited = read_citation(body[at:])
    if cited is None:
        return None
    people = body[:at][-_MAX_SHORT_AUTHORS_CHARS:]
    short = re.search(r"(?P<short>[^.]+?),? et al\.(?: Among authors: [^.]*\.)?$", people)
    if short is None:
        short = re.search(r"(?P<short>[^.]+?)\.$", people)
    author = author_from_name(short.group("short")) if short else None
    # The full list runs on before the short one: `Pickard R, Starr K.Pickard R, et al.`
    full_list = body[: at - len(people) + short.start()] if short else ""
    authors = nlm_authors(full_list) if full_list else None
    if authors is None and author is not None:
        authors = (author,)
    flags = tuple(flag for flag in ("Free PMC article", "Review") if flag in text[pmid.end() :])
    return LineShape(
        kind=Kind.SEARCH_RESULT,
        text=text,
        journal=cited.journal,
        locator=cited.locator,
        identifiers=(*cited.identifiers, Identifier(scheme="pmid", value=pmid.group("pmid"))),
        authors=authors or (),
        flags=flags,
        epub_date=cited.epub_date,
    )


def split_terms(text: str) -> tuple[str, ...]:
    """The terms of a keyword line: `a; b; c.` or `a, b, c`, final period dropped."""
    text = text.strip()
    text = text[:-1] if text.endswith(".") else text
    separator = ";" if ";" in text else ","
    return tuple(term.strip() for term in text.split(separator) if term.strip())


def _dois(text: str) -> tuple[Identifier, ...]:
    return tuple(
        Identifier(scheme="doi", value=m.group("doi").rstrip(".,;")) for m in _DOI.finditer(text)
    )


def ends_complete(text: str) -> bool:
    """True when `text` ends as a finished line does (a period, a bracket ...)."""
    return text.rstrip().endswith(_TERMINAL)


__all__ = [
    "BULLET_MARK",
    "ITEM_MARK",
    "LINK_LABEL",
    "LOGO_COLLECTIONS",
    "MAX_TITLE_CHARS",
    "Author",
    "IdLine",
    "Kind",
    "LineShape",
    "MarkedAuthor",
    "SourceLine",
    "author_list_cut",
    "classify",
    "ends_complete",
    "is_chrome",
    "normalise",
    "parse_nlm_authors",
    "read_affiliation",
    "read_authors",
    "read_citation",
    "read_docsum",
    "read_final_form",
    "read_id_line",
    "read_keywords",
    "read_numbered_item",
    "read_source_line",
    "split_author_line",
    "split_terms",
    "status_label",
    "with_affiliations",
]
