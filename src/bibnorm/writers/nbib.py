"""The MEDLINE/.nbib writer: records as PubMed's tagged text, for citation managers.

This is the format PubMed's "Send to: Citation manager" saves and `efetch
rettype=medline` returns, so a record read from any input can be imported where
.nbib files are (EndNote, Zotero, Mendeley, RefWorks, JabRef):

    PMID- 35743275
    TI  - Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung
          Cancer (NSCLC): Microenvironment and Possible Clinical Implications.
    FAU - Del Conte, Alessandro
    AU  - Del Conte A

A tag is left-justified in four columns, then `- ` and the value; records are apart by
a blank line. Decisions a reader of the output may wonder about:

- Items are no CSL items. A CSL item carries the citation only, and .nbib users expect
  MeSH headings, publication types, affiliations, grants and history dates to survive
  a re-import, so `items` builds each record's tagged fields from the `Record` itself
  (the whole record is read: see `demand`). An item is `{"fields": [[tag, value], ...]}`,
  a related one (`--with-related`) also has `relation`, and is built from its
  `Citation` as a record of its own. There is no schema for them (`schema = None`):
  every value is text, and `dump` writes each as it comes.
- Lines are wrapped at 80 columns where PubMed wraps them, with continuation lines
  indented six spaces, but only for tags whose continuation lines readers join into one
  value. Biopython's `Bio.Medline` reads a continuation line of a name, keyword or
  publication type as a value of its own, so those fields stay on one line however
  long (every MEDLINE reader takes a long line). A word longer than a line is never cut.
- A run of white space inside a value (a line end, a tab) becomes one space: a MEDLINE
  value is one line of text, and readers join its lines with one space.
- A title gets PubMed's final period (readers strip one), a structured abstract its
  upper-case `LABEL:` words (what readers cut sections at), a journal article without
  publication types the one PubMed gives (`Journal Article`). `OWN` and `STAT` are
  written only when the record was read from MEDLINE with them, as other tags that no
  field of the record took (`Record.extra`) are: the tag and value as read.
- `SO` is PubMed's source line made from the record's fields; for a citation without a
  title (a reference given as text only) it is that text, so nothing of it is lost.
- A name is `FAU - Family, Given` and `AU - Family INITIALS`, with a particle before
  the family name (`van der Berg`: MEDLINE has no particle field) and a suffix as
  MEDLINE spells it (`Jr`); a name known by its initials only is AU alone, as in
  PubMed's older records, and a group (or a name with no family name) is `CN`.
- Nothing is dropped that MEDLINE can say. What it cannot is left out: a publisher's
  place but for a book (a journal's `PL` is its country), the `et al.` flag, a link of
  a relation without a tag (the XML's `cites`). So is a journal article's editor, as
  in CSL: the editor who handled the paper edited nothing that is cited. From `extra`,
  a second value of a one-value tag (the input repeated TI: readers would join them)
  and a name, affiliation or keyword line no field took (written elsewhere it would
  join another person or list) are left out; the reader reported each when it read
  them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import IO

from bibnorm.csl import plain_title, rich_title
from bibnorm.demand import FULL, Demand
from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Abstract,
    Citation,
    DateParts,
    Grant,
    HistoryDate,
    MeshHeading,
    Person,
    Record,
    Substance,
)
from bibnorm.parsing.pages import expand_page_range
from bibnorm.registry import JSONItem, WriteOptions, Writer
from bibnorm.sources.medline.medline import LINK_RELATIONS, history_date, split_short_name
from bibnorm.sources.medline.medline_other import TAG_ALIASES

# One tagged value of a record: (tag, value).
Field = tuple[str, str]

LINE_WIDTH = 80
_INDENT = " " * 6
# The tags whose continuation lines Biopython's `Bio.Medline` joins into one value (its
# `textkeys`, plus MH and AD, which it appends to the value above): only these wrap.
WRAPPED_TAGS = frozenset(
    {"ID", "PMID", "SO", "RF", "NI", "JC", "TA", "IS", "CY", "TT", "CA", "IP", "VI", "DP"}
    | {"YR", "PG", "LID", "DA", "LR", "OWN", "STAT", "DCOM", "PUBM", "DEP", "PL", "JID"}
    | {"SB", "PMC", "EDAT", "MHDA", "PST", "AB", "EA", "TI", "JT", "MH", "AD"}
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A record read from MEDLINE keeps these tags in `extra` when no field took them; they
# come right after the PMID, as PubMed writes them.
_HEADER_TAGS = ("OWN", "STAT", "DCOM", "LR")
# Tags of `extra` never written back: SO is made anew from the record's fields, and
# another database's alias tags (`VO` for `VI`) would be read as a second value.
_NOT_FROM_EXTRA = frozenset({"SO", "PMID"} | set(TAG_ALIASES))
# Tags of one value each: a second value in `extra` (the input repeated TI, and the
# reader said so, keeping the first) is left out, as readers would join it to the first.
_ONE_VALUE_TAGS = frozenset(
    {"TI", "BTI", "TT", "DP", "DEP", "VI", "IP", "PG", "JT", "TA", "JID", "AB", "CI"}
    | {"PL", "PB", "EN", "COIS", "PMC"}
)
# A title is TI or BTI: a second TI beside a book's BTI would make it a chapter.
_TAG_GROUP = {"TI": {"TI", "BTI"}, "BTI": {"TI", "BTI"}}
# Tags read by where they stand (an AD belongs to the name before it, an OT to the OTO
# before it) no field took: written elsewhere they would join another person or list.
_PLACED_TAGS = frozenset(
    {"AD", "IRAD", "AUID", "OTO", "OT", "FAU", "AU", "CN", "FED", "ED", "FIR", "IR"}
)
_NOT_WRITTEN_FROM_EXTRA = _NOT_FROM_EXTRA | _PLACED_TAGS
# What a tag looks like (`medline_lines`): any other name in `extra` is no tag.
_TAG_NAME = re.compile(r"[A-Z][A-Z0-9]{1,3}")
_ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")
# The publication type PubMed gives an item of a CSL type, for an input without any.
_PUBLICATION_TYPE_OF = {
    "article-journal": "Journal Article",
    "book": "Book",
    "thesis": "Academic Dissertation",
    "report": "Technical Report",
    "dataset": "Dataset",
    "article-newspaper": "Newspaper Article",
}
# Identifiers with a tag of their own; every other one is an `AID`, typed by its
# scheme or by the name PubMed gives it.
_ARCHIVE_TAGS = {"pmcid": "PMC", "mid": "MID", "nihms": "MID"}
_NOT_AID = frozenset({"pmid", "isbn", *_ARCHIVE_TAGS})
_AID_TYPES = {"nbk": "bookaccession"}
_SUFFIX_PERIOD = re.compile(r"\.$")
_PERIODICAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper"})
# MEDLINE's spelling of a name suffix, which readers know as one (`Jnr` is `Jr`).
_SUFFIX_SPELLING = {"Jnr": "Jr", "Snr": "Sr", "JR": "Jr", "SR": "Sr"}


class NbibWriter:
    """Writes records as MEDLINE/.nbib tagged text (`--to nbib`)."""

    name = "nbib"
    suffix = ".nbib"
    description = "MEDLINE/.nbib: PubMed's tagged text, for EndNote, Zotero and other managers"
    schema: str | None = None

    def demand(self, options: WriteOptions) -> Demand:
        """The whole record (MeSH, affiliations, grants ... are all written), and the
        related lists with `--with-related`."""
        return replace(FULL, related=options.with_related)

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        items: list[JSONItem] = [{"fields": [list(f) for f in record_fields(record)]}]
        if options.with_related:
            for relation, citation in record.related():
                fields = [list(f) for f in citation_fields(citation)]
                items.append({"fields": fields, "relation": relation})
        return items

    def prerender(self, item: JSONItem) -> JSONItem:
        # The wrapped text, made where the item was built (a `--jobs` worker).
        return {**item, "text": item_text(item)}

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        for position, item in enumerate(items):
            if position:
                stream.write("\n")
            stream.write(item.get("text") or item_text(item))


def item_text(item: JSONItem) -> str:
    """One item as a MEDLINE record: its tag lines, each ending in a line end."""
    return "".join(tag_lines(tag, value) for tag, value in item["fields"])


def tag_lines(tag: str, value: str) -> str:
    """`TAG - value` as PubMed writes it, wrapped at `LINE_WIDTH` for `WRAPPED_TAGS`."""
    head = f"{tag:<4}- "
    if tag not in WRAPPED_TAGS:
        return f"{head}{value}\n"
    lines = wrap(value, LINE_WIDTH - len(head))
    return head + f"\n{_INDENT}".join(lines) + "\n"


def wrap(value: str, width: int) -> list[str]:
    """`value` cut at spaces into lines of at most `width` characters; a longer word
    is a line of its own, never cut (a reader would put a space inside it)."""
    lines: list[str] = []
    line = ""
    for word in value.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


# --- a record's fields ----------------------------------------------------------------------


def record_fields(record: Record) -> list[Field]:
    """A whole record's tagged fields, in the order PubMed writes them."""
    out = _Fields()
    out.add("PMID", record.identifier("pmid"))
    extra = _writable_extra(record)
    for tag, value in extra:
        if tag in _HEADER_TAGS:
            out.add(tag, value)
    _journal_issns(out, record)
    _locators_and_title(out, record)
    _abstract(out, record.abstract)
    _people(out, record.authors, "FAU", "AU", "AD")
    _editors(out, record)
    for language in record.languages:
        out.add("LA", language)
    for grant in record.grants:
        out.add("GR", grant_text(grant))
    _publication_types(out, record, [t.name for t in record.publication_types])
    out.add("TT", medline_title(record.vernacular_title))
    _epub_date(out, record)
    _journal(out, record)
    for substance in record.substances:
        out.add("RN", substance_text(substance))
    for heading in record.mesh_terms:
        out.add("MH", mesh_text(heading))
    _archive_ids(out, record)
    _keywords(out, record)
    out.add("COIS", record.conflict_of_interest)
    _people(out, record.investigators, "FIR", "IR", "IRAD")
    for entry in record.history:
        out.add("PHST", history_text(entry))
    _identifiers(out, record)
    # A value the record's fields gave already (an LID DOI left in `extra` beside the
    # AID one, say) is not written twice, nor a second value of a one-value tag.
    written = set(out.fields)
    written_tags = {tag for tag, _ in out.fields}
    for tag, value in extra:
        if tag in _HEADER_TAGS or (tag, one_line(value)) in written:
            continue
        if tag not in _ONE_VALUE_TAGS or not _TAG_GROUP.get(tag, {tag}) & written_tags:
            out.add(tag, value)
    out.add("SO", source_line(record))
    for link in record.links_to:
        # (A relation MEDLINE has no tag for, such as the XML's `cites`, is left out.)
        if link.relation in _LINK_TAGS:
            out.add(_LINK_TAGS[link.relation], link_text(link.citation))
    return out.fields


def citation_fields(citation: Citation) -> list[Field]:
    """A related citation's tagged fields: the citation as a record of its own."""
    out = _Fields()
    out.add("PMID", citation.identifier("pmid"))
    _locators_and_title(out, citation)
    _people(out, citation.authors, "FAU", "AU", "AD")
    _editors(out, citation)
    _publication_types(out, citation, [])
    _epub_date(out, citation)
    _journal(out, citation)
    _archive_ids(out, citation)
    _identifiers(out, citation)
    out.add("SO", source_line(citation))
    return out.fields


class _Fields:
    """The fields of one record as they are added; blank values are left out and white
    space inside a value becomes one space (a MEDLINE value is one line)."""

    def __init__(self) -> None:
        self.fields: list[Field] = []

    def add(self, tag: str, value: str | None) -> None:
        text = one_line(value) if value else ""
        if text:
            self.fields.append((tag, text))


def one_line(value: str) -> str:
    """`value` with each run of ASCII white space (line ends, tabs) as one space; a
    no-break space is text and stays."""
    return _ASCII_SPACES.sub(" ", value).strip(" ")


def _writable_extra(record: Record) -> list[Field]:
    """The tags of a MEDLINE input that no field took, as read (`OWN - NLM` ...)."""
    provenance = record.provenance
    if provenance is None or provenance.adapter != "medline":
        return []
    return [
        (tag, value)
        for tag, value in record.extra
        if _TAG_NAME.fullmatch(tag) and tag not in _NOT_WRITTEN_FROM_EXTRA
    ]


def _journal_issns(out: _Fields, record: Record) -> None:
    journal = record.journal
    if journal is None:
        return
    for issn, kind in (
        (journal.issn_electronic, "Electronic"),
        (journal.issn_print, "Print"),
        (journal.issn_linking, "Linking"),
    ):
        if issn:
            out.add("IS", f"{issn} ({kind})")


def _locators_and_title(out: _Fields, citation: Citation) -> None:
    """VI, IP, DP, the titles, PG and LID: the fields PubMed writes before the abstract."""
    out.add("VI", citation.volume)
    out.add("IP", citation.issue)
    out.add("DP", _printed_issued(citation))
    book_like = _is_book_like(citation)
    title = _title_text(citation)
    if book_like and title and citation.container_title:
        # A chapter, or a "book" that names the book it is in (a reference read so):
        # TI and BTI, which readers take for a chapter and its book.
        out.add("TI", medline_title(title))
        out.add("BTI", medline_title(citation.container_title))
    elif book_like:
        out.add("BTI", medline_title(title or citation.container_title))
    else:
        out.add("TI", medline_title(title))
    out.add("PB", citation.publisher)
    if book_like:
        out.add("PL", citation.publisher_place)  # (a journal's PL is its country)
    out.add("EN", citation.edition)
    out.add("PG", page_text(citation))
    out.add("LID", _doi(citation) and f"{_doi(citation)} [doi]")
    out.add("LID", citation.article_number and f"{citation.article_number} [pii]")


def _is_book_like(citation: Citation) -> bool:
    """A book or a chapter: PubMed writes its title (or its book's) as BTI."""
    return citation.type in {"book", "chapter"}


def _printed_issued(citation: Citation) -> str | None:
    """DP: the publication date, else the electronic one, else the year of the
    electronic collection, as CSL's `issued` is."""
    if citation.issued is not None:
        return printed_date(citation.issued)
    if citation.epub_date is not None:
        return printed_date(citation.epub_date)
    if citation.ecollection_year is not None:
        return str(citation.ecollection_year)
    return None


def printed_date(date: DateParts) -> str:
    """A date as PubMed prints DP: `2022 Mar 5`, `2020 Spring`, `2000 Dec-2001 Jan`."""
    start = _one_date(date.year, date.month, date.day, date.season)
    if date.end_year is None and date.end_month is None and date.end_day is None:
        return start
    end_year = date.end_year if date.end_year is not None else date.year
    if end_year != date.year:
        return f"{start}-{_one_date(end_year, date.end_month, date.end_day, None)}"
    if date.end_month is not None and date.end_month != date.month:
        end = _MONTHS[date.end_month - 1]
        return f"{start}-{end} {date.end_day}" if date.end_day else f"{start}-{end}"
    if date.end_day is not None and date.end_day != date.day:
        return f"{start}-{date.end_day}"
    return start


def _one_date(year: int, month: int | None, day: int | None, season: str | None) -> str:
    if month is None:
        return f"{year} {season}" if season else str(year)
    if day is None:
        return f"{year} {_MONTHS[month - 1]}"
    return f"{year} {_MONTHS[month - 1]} {day}"


def _title_text(citation: Citation) -> str | None:
    """The title as MEDLINE writes it: where the input marked super- and subscripts,
    they are in parentheses (`Ca(2+)`, `10(5) cells`: the plain title has `105`)."""
    if not citation.title_markup:
        return citation.title
    rich = rich_title(citation)
    return plain_title(rich) if rich else citation.title


def medline_title(title: str | None) -> str | None:
    """A title with PubMed's final period, which MEDLINE readers take off again. One
    that ends in `.`, `?` or `!` is written as it is: a second period would make an
    ellipsis, which readers keep."""
    if not title or not title.strip():
        return None
    title = title.strip()
    return title if title.endswith((".", "?", "!")) else f"{title}."


def page_text(citation: Citation) -> str | None:
    """PG: the pages as the input printed them when that says the same (`132-42`),
    else as read; an article number without pages is in LID instead."""
    pages = citation.pages
    if not pages:
        return None
    raw = citation.pages_raw
    if raw and expand_page_range(raw.strip()) == pages:
        return raw.strip()
    return pages


def _doi(citation: Citation) -> str | None:
    doi = citation.identifier("doi")
    return doi.strip() if doi and doi.strip() else None


# --- people ---------------------------------------------------------------------------------


def _people(
    out: _Fields, people: Iterable[Person], full_tag: str, short_tag: str, affiliation_tag: str
) -> None:
    """Each person's names, ORCID iD and affiliations, in order."""
    for person in people:
        tags = name_tags(person)
        if tags.group is not None:
            # Editors and investigators have no group tag: their short name tag holds it.
            out.add("CN" if full_tag == "FAU" else short_tag, tags.group)
        elif tags.full is None and tags.short is None:
            continue
        out.add(full_tag, tags.full)
        out.add(short_tag, tags.short)
        if person.orcid:
            out.add("AUID", f"ORCID: {person.orcid}")
        for affiliation in person.affiliations:
            out.add(affiliation_tag, affiliation)


def _editors(out: _Fields, citation: Citation) -> None:
    """FED and ED, but for a periodical's article: its editors (in PMC XML, the editor
    who handled the paper) are nobody who edited what is cited, as `bibnorm.csl` says."""
    if citation.type not in _PERIODICAL_TYPES:
        _people(out, citation.editors, "FED", "ED", "AD")


@dataclass(frozen=True)
class NameTags:
    """A person as MEDLINE names them: `full` (FAU: `Kaelin, William G Jr`), `short`
    (AU: `Kaelin WG Jr`), or `group` (CN) for a group or a name with no family name."""

    full: str | None = None
    short: str | None = None
    group: str | None = None


def name_tags(person: Person) -> NameTags:
    """How `person` is written; every field None for a person without a name."""
    family = (person.family or "").strip()
    if not family:
        literal = (person.literal or person.raw or person.given or "").strip()
        return NameTags(group=literal or None)
    if person.particle and person.particle.strip():
        family = f"{person.particle.strip()} {family}"
    suffix = medline_suffix(person.suffix)
    initials = initials_of(person.initials or "") or initials_of(person.given or "") or None
    short = " ".join(part for part in (family, initials, suffix) if part)
    # AU only where a reader takes it apart into these very names.
    au_reads_back = split_short_name(short) == (family, initials, suffix)
    given = (person.given or "").strip()
    if not given and au_reads_back and (person.initials or "").strip() == (initials or ""):
        # Known by bare initials only: AU alone, as in PubMed's older records.
        return NameTags(short=short)
    # FAU gives the initials as they were read when there is no given name (`Isa,
    # S.-I.`, `Engin, Ӧ`): AU's bare upper-case letters are all a reader takes for them.
    given = given or (person.initials or "").strip()
    # The suffix ends FAU's given names, never the family name.
    after_comma = " ".join(part for part in (given, suffix) if part)
    full = f"{family}, {after_comma}" if after_comma else family
    return NameTags(full=full, short=short if au_reads_back or initials else None)


def medline_suffix(suffix: str | None) -> str | None:
    """A name suffix as MEDLINE spells it (`Jr.` and `Jnr` are `Jr`)."""
    bare = _SUFFIX_PERIOD.sub("", (suffix or "").strip())
    return _SUFFIX_SPELLING.get(bare, bare) or None


def initials_of(given: str) -> str:
    """`Maria Grazia` -> `MG`, `Jean-Pierre` -> `JP`, `J. M.` -> `JM`; initials already
    together (`JM`) stay so."""
    if given.isalpha() and given.isupper():
        return given
    parts = re.split(r"[\s.\-]+", given)
    return "".join(part[0].upper() for part in parts if part and part[0].isalpha())


# --- terms and other details ------------------------------------------------------------------


def _abstract(out: _Fields, abstract: Abstract | None) -> None:
    if abstract is None:
        return
    # Labelled sections are one AB, as PubMed writes them and readers cut them at the
    # labels; a paragraph without a label after another one starts an AB of its own.
    paragraphs: list[list[str]] = []
    for section in abstract.sections:
        if section.label:
            text = f"{section.label.upper()}: {section.text}"
        else:
            text = section.text
            paragraphs.append([])
        if not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(text)
    for paragraph in paragraphs:
        out.add("AB", " ".join(paragraph))
    out.add("CI", abstract.copyright)


def _publication_types(out: _Fields, citation: Citation, names: list[str]) -> None:
    if not names:
        named = _PUBLICATION_TYPE_OF.get(citation.type or "")
        names = [named] if named else []
        if "Preprint" in citation.flags:
            names.append("Preprint")
    for name in names:
        out.add("PT", name)


def _epub_date(out: _Fields, citation: Citation) -> None:
    date = citation.epub_date
    if date is not None and date.month is not None and date.day is not None:
        out.add("DEP", f"{date.year:04d}{date.month:02d}{date.day:02d}")


def _journal(out: _Fields, citation: Citation) -> None:
    """PL (the journal's country), TA, JT and JID; a book's title is BTI instead."""
    journal = citation.journal if isinstance(citation, Record) else None
    if journal is not None and not _is_book_like(citation):
        out.add("PL", journal.country)
    out.add("TA", citation.container_title_short)
    if not _is_book_like(citation):
        out.add("JT", citation.container_title)
    if journal is not None:
        out.add("JID", journal.nlm_unique_id)


def grant_text(grant: Grant) -> str:
    """`R01 CA990001/CA/NCI NIH HHS/United States`: id, acronym, agency, country."""
    parts = [grant.grant_id, grant.acronym, grant.agency, grant.country]
    return "/".join(part.strip() for part in parts if part and part.strip())


def substance_text(substance: Substance) -> str:
    """`31YO63LBSN (Nivolumab)`; `0 (Antibodies)` for one without a registry number."""
    return f"{substance.registry_number or '0'} ({substance.name})"


def mesh_text(heading: MeshHeading) -> str:
    """`Bone Neoplasms/*drug therapy/secondary`: a `*` before each major name."""
    parts = [("*" if heading.major else "") + heading.descriptor]
    parts += [("*" if q.major else "") + q.name for q in heading.qualifiers]
    return "/".join(parts)


def _keywords(out: _Fields, record: Record) -> None:
    """OT keywords, each group of one owner after an OTO line naming it."""
    owner: str | None = None
    for keyword in record.keywords:
        if keyword.owner and keyword.owner != owner:
            owner = keyword.owner
            out.add("OTO", owner)
        out.add("OT", ("*" if keyword.major else "") + keyword.term)


def history_text(entry: HistoryDate) -> str:
    """`2000/05/01 00:00 [received]`: the date as read when it says the same (PubMed
    gives the time), else as precise as it is (`2000/05/01`)."""
    date = entry.date
    raw = (date.raw or "").strip()
    read = history_date(raw) if raw else None
    if read is not None and (read.year, read.month, read.day) == (date.year, date.month, date.day):
        return f"{raw} [{entry.status}]"
    text = f"{date.year:04d}"
    if date.month is not None:
        text += f"/{date.month:02d}"
        if date.day is not None:
            text += f"/{date.day:02d}"
    return f"{text} [{entry.status}]"


def _identifiers(out: _Fields, citation: Citation) -> None:
    """ISBN, then an AID line for each other identifier but PMID, PMCID and NIHMS ID
    (see `_archive_ids`), then the URL (`UR`, as other databases' exports have it). An
    identifier of no MEDLINE kind is an AID with its scheme as type (`ED123 [eric]`),
    which bibnorm's reader reads back."""
    for identifier in citation.identifiers:
        if identifier.scheme == "isbn":
            out.add("ISBN", identifier.value)
    for identifier in citation.identifiers:
        if identifier.scheme not in _NOT_AID:
            kind = _AID_TYPES.get(identifier.scheme, identifier.scheme)
            out.add("AID", identifier.value.strip() and f"{identifier.value.strip()} [{kind}]")
    out.add("UR", citation.url)


def _archive_ids(out: _Fields, citation: Citation) -> None:
    """PMC and MID, where PubMed writes them (after the MeSH headings)."""
    for identifier in citation.identifiers:
        tag = _ARCHIVE_TAGS.get(identifier.scheme)
        if tag is not None:
            out.add(tag, _id_value(identifier.scheme, identifier.value.strip()))


def _id_value(scheme: str, value: str) -> str:
    if scheme == "pmcid" and value.isdigit():
        return f"PMC{value}"
    if scheme == "nihms" and value.isdigit():
        return f"NIHMS{value}"
    return value


def source_line(citation: Citation) -> str | None:
    """SO as PubMed writes it (`Sample J Oncol. 2000 Dec;12(4):132-42. doi: 10.x/y.`),
    or the citation's own text when it has no title and no journal to make one of."""
    journal = citation.container_title_short or citation.container_title
    date = _printed_issued(citation)
    if not citation.title and not journal:
        return citation.raw
    if not citation.identifier("pmid"):
        # Without a PMID, readers take SO for another database's source line and read
        # its parts as fields: a made-up one would only say again what the tags say.
        return None
    if _is_book_like(citation):
        return _book_source_line(citation, date)
    if not journal and not date:
        return None
    text = f"{journal}. " if journal else ""
    text += date or ""
    where = (citation.volume or "") + (f"({citation.issue})" if citation.issue else "")
    if where:
        text += f";{where}"
    pages = page_text(citation) or citation.article_number
    if pages:
        text += f":{pages}"
    text = text.rstrip(". ") + "."
    doi = _doi(citation)
    if doi:
        text += f" doi: {doi}."
    if citation.issued is not None and citation.epub_date is not None:
        text += f" Epub {printed_date(citation.epub_date)}."
    return text


def _book_source_line(citation: Citation, date: str | None) -> str:
    """A book's SO: `Title. Place: Publisher; 2001.` (a chapter names its book)."""
    book = citation.container_title or citation.title
    text = f"{(book or '').strip().rstrip('.')}."
    where = ": ".join(part for part in (citation.publisher_place, citation.publisher) if part)
    when = "; ".join(part for part in (where, date) if part)
    return f"{text} {when}." if when else text


# The tag of each link relation, as the medline reader names the relations.
_LINK_TAGS = {relation: tag for tag, relation in LINK_RELATIONS.items()}


def link_text(citation: Citation) -> str:
    """`Lancet. 2020 Jan 4;395(10217):e3. PMID: 31908284`."""
    pmid = citation.identifier("pmid")
    text = (citation.raw or "").strip()
    return f"{text} PMID: {pmid}".strip() if pmid else text


@hookimpl
def bibnorm_register_writers(register: Callable[[Writer], None]) -> None:
    register(NbibWriter())
