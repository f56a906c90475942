"""Field readers of the `pubmed-xml` adapter: PubMed XML elements to record values.

Each reader follows one row of docs/pubmed-record-conventions.md. Readers work on a
`RecordBuilder`, which holds the values read so far, where each came from (lines of the
input), the diagnostics, and which elements a rule has taken: whatever is left untaken
at the end goes to `Record.extra` (see `pubmed_xml_extra`).
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import _Element as Element

from bibnorm.model import (
    Abstract,
    AbstractSection,
    DateParts,
    Diagnostic,
    FieldSource,
    Grant,
    HistoryDate,
    Identifier,
    JournalInfo,
    Keyword,
    LineSpan,
    MeshHeading,
    MeshQualifier,
    Person,
    Provenance,
    PublicationType,
    Severity,
    Substance,
)
from bibnorm.parsing import is_no_title, parse_pubmed_date, strip_final_period
from bibnorm.parsing.dates import MONTHS, read_printed_date
from bibnorm.parsing.identifiers import normalise_issn, normalise_orcid
from bibnorm.parsing.pages import expand_page_range
from bibnorm.xmltext import inline_markup, inline_text

ADAPTER_NAME = "pubmed-xml"
CODE = "pubmed_xml"

# ArticleId/@IdType values whose identifier scheme has another name in the model.
ID_SCHEMES: dict[str, str] = {
    "pubmed": "pmid",
    "pmc": "pmcid",
    "pmcid": "pmcid",
    "bookaccession": "nbk",
}
_UI_PATTERNS = {
    "descriptor": re.compile(r"^[A-Z]\d+$"),
    "qualifier": re.compile(r"^Q\d+$"),
    "publication type": re.compile(r"^D\d+$"),
    "substance": re.compile(r"^[A-Z]\d+$"),
}
_MAX_QUOTE = 300
_NAME_PARTS = frozenset(
    {"LastName", "ForeName", "FirstName", "Initials", "CollectiveName", "Suffix", "Identifier"}
)


# libxml2 keeps an element's line in 16 bits: from this line on, `sourceline` is not exact.
LAST_EXACT_LINE = 65534


def line_of(element: Element, offset: int = 0) -> int | None:
    """The input line `element` starts on, or None where it would be a guess: past
    `LAST_EXACT_LINE`, in what the parser read or in the input. `offset` is what the
    parser's lines are short of the input's (a chunk read after a shorter head)."""
    line: int | None = element.sourceline
    if not line or line > LAST_EXACT_LINE or line + offset > LAST_EXACT_LINE:
        return None
    return line + offset


def last_line(element: Element) -> int:
    """The line of the last thing `element` holds (its closing tag may be a line further)."""
    start: int = element.sourceline or 1
    while len(element):
        element = element[-1]
    line: int = element.sourceline or start
    return max(line, start)


def span_of(elements: Iterable[Element | None], offset: int = 0) -> LineSpan | None:
    """The input lines the elements take (None among them is skipped), or None where
    libxml2 cannot say them exactly; `offset` as for `line_of`. Lines past the limit are
    not given even when a chunk's offset could place them, so a record reads the same
    whether its input was read whole or in chunks (`--jobs`)."""
    start = end = 0
    for element in elements:
        first = element.sourceline if element is not None else None
        if not first:
            continue
        start = first if not start else min(start, first)
        end = max(end, last_line(element))
    if not start or end + max(offset, 0) > LAST_EXACT_LINE:
        return None
    return LineSpan(start=start + offset, end=end + offset)


def first_child(parent: Element, tag: str) -> Element | None:
    """`parent.find(tag)` for a plain tag name. lxml's `find` goes through its Python
    path machinery, about 1.5 µs a call, and a record makes dozens of such calls;
    `iterchildren` filters in C."""
    for found in parent.iterchildren(tag):
        return found
    return None


def children_named(parent: Element, tag: str) -> list[Element]:
    """`parent.findall(tag)` for a plain tag name, without lxml's path machinery."""
    return list(parent.iterchildren(tag))


@dataclass
class RecordBuilder:
    """What has been read from one record element so far, and which elements were taken.

    With `details` False (an output that reads only the citation, see `bibnorm.demand`)
    it keeps neither the lines each field came from (`Provenance.fields`) nor which
    elements were taken (only the walk for untaken text, which is then not made, reads
    them): the values and diagnostics are the same.
    """

    file: str
    # What the parser's lines are short of the input's (see `line_of`).
    line_offset: int = 0
    details: bool = True
    values: dict[str, Any] = field(default_factory=dict)
    fields: list[FieldSource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    taken: set[Element] = field(default_factory=set)

    def take(self, *elements: Element | None) -> None:
        if self.details:
            self.taken.update(e for e in elements if e is not None)

    def text(self, element: Element | None) -> str | None:
        """The inline text of `element`, taken; None for a missing or blank element."""
        if element is None:
            return None
        if self.details:
            self.taken.add(element)
        return inline_text(element) or None

    def child_text(self, parent: Element | None, tag: str) -> str | None:
        return None if parent is None else self.text(first_child(parent, tag))

    def set_text(self, name: str, parent: Element | None, tag: str) -> None:
        """Set field `name` to the text of `parent`'s first `tag` child, if there is one."""
        element = None if parent is None else first_child(parent, tag)
        self.set(name, self.text(element), [element])

    def set(self, name: str, value: Any, elements: Iterable[Element | None]) -> None:
        """Set field `name` unless `value` is empty, recording the lines it came from."""
        if value is None or value == ():
            return
        self.values[name] = value
        if self.details:
            self.fields.append(FieldSource(field=name, span=span_of(elements, self.line_offset)))

    def note(
        self,
        code: str,
        message: str,
        element: Element | None = None,
        severity: Severity = "warning",
        *,
        quote: bool = True,
    ) -> None:
        """Report something about `element`, quoting its text unless `quote` is False."""
        text = inline_text(element)[:_MAX_QUOTE] if element is not None and quote else None
        self.diagnostics.append(
            Diagnostic(
                code=f"{CODE}.{code}",
                message=message,
                severity=severity,
                line=line_of(element, self.line_offset) if element is not None else None,
                text=text or None,
            )
        )

    def provenance(self, span: LineSpan) -> Provenance:
        """Where the record was: `span` is counted by the reader, exact at any size."""
        fields = sorted(self.fields, key=lambda f: f.span.start if f.span else 0)
        return Provenance(adapter=ADAPTER_NAME, file=self.file, span=span, fields=tuple(fields))


# --- titles and text -----------------------------------------------------------------


def read_title(
    builder: RecordBuilder, name: str, element: Element | None, *, quiet_if_empty: bool = False
) -> None:
    """A title with its inline markup read as text and one final period removed.

    The main title (`name` "title") also gets `title_markup` when the element holds
    formatting (`<i>`, `<b>`, `<sup>`, `<sub>`); an element without children has none,
    and most titles have none, so only those with children are walked again.
    """
    if element is None:
        return
    text = builder.text(element)
    if text is None:
        if not quiet_if_empty:
            builder.note(f"empty-{name.replace('_', '-')}", f"the {element.tag} is empty", element)
        return
    title = strip_final_period(text) or None
    builder.set(name, title, [element])
    if name == "title" and title is not None and len(element):
        builder.set("title_markup", inline_markup(element, title), [element])


def read_titles(builder: RecordBuilder, title: Element | None, vernacular: Element | None) -> None:
    """The title, and the title in the article's own language.

    An empty or missing title gives way to the vernacular one, as Zotero's PubMed
    translator does: PubMed leaves `ArticleTitle` empty, or writes `[Not Available].`,
    for some articles it has no English title for (the MEDLINE reader does the same
    with TI and TT). The vernacular title is kept as `vernacular_title` either way.
    """
    read_title(builder, "vernacular_title", vernacular)
    has_vernacular = "vernacular_title" in builder.values
    # Only a record with a vernacular title can need it (few do: this is a hot path).
    written = builder.text(title) if has_vernacular else None
    if title is not None and has_vernacular and written and is_no_title(written):
        reason = f"the {title.tag} is {written!r}"
    else:
        read_title(builder, "title", title, quiet_if_empty=vernacular is not None)
        if "title" in builder.values or not has_vernacular:
            return
        reason = f"the {title.tag} is empty" if title is not None else "there is no title"
    read_title(builder, "title", vernacular)
    message = f"{reason}; the VernacularTitle is taken as the title"
    builder.note("title-from-vernacular", message, vernacular, "info", quote=False)


# --- people --------------------------------------------------------------------------


def read_people(builder: RecordBuilder, name: str, lists: Iterable[Element], item_tag: str) -> None:
    """Authors, editors or investigators: every `item_tag` of the given lists, in order."""
    lists = list(lists)
    people: list[Person] = []
    for person_list in lists:
        for item in person_list.iterchildren(item_tag):
            person = read_person(builder, item)
            if person is not None:
                people.append(person)
    builder.set(name, tuple(people), lists)


def read_person(builder: RecordBuilder, item: Element) -> Person | None:
    # One pass over the name parts: authors are the most repeated structure of a record.
    parts = {child.tag: child for child in reversed(item) if child.tag in _NAME_PARTS}
    family = builder.text(parts.get("LastName"))
    given = builder.text(parts.get("ForeName")) or builder.text(parts.get("FirstName"))
    initials = builder.text(parts.get("Initials"))
    literal = builder.text(parts.get("CollectiveName"))
    raw = None
    if not family and not literal:
        if not given and not initials:
            builder.note("empty-name", f"an {item.tag} without a name is left out", item)
            return None
        # The schema wants a person named somehow: a fore name alone is kept as written.
        raw = " ".join(part for part in (given, initials) if part)
    return Person(
        family=family,
        given=given,
        initials=initials,
        suffix=builder.text(parts.get("Suffix")),
        literal=literal,
        affiliations=tuple(
            text
            for affiliation in (
                a
                for info in item.iterchildren("AffiliationInfo")
                for a in info.iterchildren("Affiliation")
            )
            if (text := builder.text(affiliation))
        ),
        orcid=_read_orcid(builder, item) if "Identifier" in parts else None,
        raw=raw,
    )


def _read_orcid(builder: RecordBuilder, item: Element) -> str | None:
    for identifier in item.iterchildren("Identifier"):
        if (identifier.get("Source") or "").upper() != "ORCID":
            continue
        orcid = normalise_orcid(inline_text(identifier))
        if orcid is None:
            # Left untaken, so the value is kept in `extra`.
            builder.note("bad-orcid", "an ORCID that is not NNNN-NNNN-NNNN-NNNC", identifier)
            continue
        builder.take(identifier)
        return orcid
    return None


# --- dates ---------------------------------------------------------------------------


def read_date(builder: RecordBuilder, element: Element | None) -> DateParts | None:
    """A `PubDate`-like element: `MedlineDate`, or `Year` with `Month`/`Day` or `Season`.

    The written parts go through PubMed's date grammar (`parse_pubmed_date`) so months
    and seasons are read the same way as in MEDLINE's `DP`; `raw` is the text as written.
    """
    if element is None:
        return None
    builder.taken.update(element.iter())
    parts: dict[str, Element] = {}
    for child in reversed(element):  # reversed, so the first of a repeated tag wins
        parts[child.tag] = child
    medline_date = parts.get("MedlineDate")
    if medline_date is not None:
        return _read_free_date(builder, inline_text(medline_date), medline_date)
    year = _part(parts.get("Year"))
    month = _part(parts.get("Month"))
    season = _part(parts.get("Season"))
    day = _part(parts.get("Day"))
    raw = " ".join(part for part in (year, month or season, day) if part)
    if (common := _common_date(year, month, season, day, raw)) is not None:
        return common
    if year is None:
        if raw:
            builder.note("no-year", f"a {element.tag} without a year is left out", element)
        return None
    month_name = _month_name(month) if month else None
    if month and month_name is None:
        builder.note("bad-month", f"{month!r} is no month; only the year is kept", element)
        day = None
    words = [year, month_name or (season if not month else None), day if month_name else None]
    parsed = _parse_date(" ".join(word for word in words if word))
    if parsed is None:
        return _read_free_date(builder, raw, element)
    if day and parsed.day is None:
        builder.note("bad-day", f"{raw!r} names a day its month does not have", element)
    return dataclasses.replace(parsed, raw=raw)


def _part(element: Element | None) -> str | None:
    return (inline_text(element) or None) if element is not None else None


def _common_date(
    year: str | None, month: str | None, season: str | None, day: str | None, raw: str
) -> DateParts | None:
    """The date of the common shape, `2019` `05` (or `May`) `12`, read directly; None for
    any other shape, which the full grammar then reads (with the same result here).

    Most of a record's dates (history, electronic and print dates) have this shape, and
    reading them without the grammar matters at baseline scale.
    """
    if not (year and len(year) == 4 and year.isascii() and year.isdigit()) or season:
        return None
    number = int(year)
    if not 1500 <= number <= 2999:
        return None
    if month is None:
        return None if day else DateParts(year=number, raw=raw)
    month_number = _month_number(month)
    if month_number is None:
        return None
    if day is None:
        return DateParts(year=number, month=month_number, raw=raw)
    if not (day.isascii() and day.isdigit()):
        return None
    last_day = calendar.monthrange(number, month_number)[1]
    day_number = int(day)
    if not 1 <= day_number <= last_day:
        return None
    return DateParts(year=number, month=month_number, day=day_number, raw=raw)


def _month_name(month: str) -> str | None:
    """`04`, `4`, `Apr`, `April` -> `Apr`; None for what is not a month of 1-12."""
    number = _month_number(month)
    return None if number is None else calendar.month_abbr[number]


def _month_number(month: str) -> int | None:
    is_number = month.isascii() and month.isdigit()
    number = int(month) if is_number else MONTHS.get(month.rstrip(".").lower())
    return number if number is not None and 1 <= number <= 12 else None


def _parse_date(text: str) -> DateParts | None:
    """`parse_pubmed_date`, for text whose digits are all ASCII.

    Other digits (`²`) are no part of a PubMed date, and the shared parser would take
    them for numbers it cannot convert.
    """
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        return None
    return parse_pubmed_date(text)


def _read_free_date(builder: RecordBuilder, raw: str, element: Element) -> DateParts | None:
    # The one reader of printed dates, so a MedlineDate reads as MEDLINE's DP does.
    printed = read_printed_date(raw)
    if printed.problem is not None and printed.date is None:
        builder.note("bad-date", printed.problem, element)
    elif printed.problem is not None:
        builder.note("partial-date", printed.problem, element, "info")
    return printed.date


def read_history(builder: RecordBuilder, history: Element | None) -> None:
    """`PubMedPubDate` entries with their `PubStatus`; the time of day is dropped."""
    if history is None:
        return
    dates: list[HistoryDate] = []
    for entry in history.iterchildren("PubMedPubDate"):
        date = read_date(builder, entry)
        status = entry.get("PubStatus")
        if date is not None and status:
            dates.append(HistoryDate(status=status, date=date))
    builder.set("history", tuple(dates), [history])


# --- journal, locator and identifiers --------------------------------------------------


def read_journal(builder: RecordBuilder, journal: Element | None, info: Element | None) -> None:
    """The journal's names (on the citation) and identifiers (`JournalInfo`)."""
    builder.set_text("container_title", journal, "Title")
    builder.set_text("container_title_short", info, "MedlineTA")
    medline_ta = builder.values.get("container_title_short")
    issns: dict[str, str | None] = {"Print": None, "Electronic": None}
    for issn in journal.iterchildren("ISSN") if journal is not None else ():
        kind = issn.get("IssnType") or ""
        if kind in issns and issns[kind] is None:
            issns[kind] = _read_issn(builder, issn)
    linking = first_child(info, "ISSNLinking") if info is not None else None
    values = {
        "issn_print": issns["Print"],
        "issn_electronic": issns["Electronic"],
        "issn_linking": _read_issn(builder, linking) if linking is not None else None,
        "nlm_unique_id": builder.child_text(info, "NlmUniqueID")
        or builder.child_text(info, "NLMUniqueID"),
        "medline_ta": medline_ta,
        "iso_abbreviation": builder.child_text(journal, "ISOAbbreviation"),
        "country": builder.child_text(info, "Country"),
    }
    if any(values.values()):
        builder.set("journal", JournalInfo(**values), [journal, info])


def _read_issn(builder: RecordBuilder, element: Element) -> str | None:
    text = inline_text(element)
    if not text.strip():
        return None
    issn = normalise_issn(text)
    if issn is None:
        # Left untaken, so the value is kept in `extra`.
        builder.note("bad-issn", "an ISSN that is not NNNN-NNNC is kept in extra", element)
        return None
    builder.take(element)
    return issn


def read_pages(builder: RecordBuilder, pagination: Element | None) -> None:
    """`MedlinePgn` with abbreviated ranges written out, or `StartPage`/`EndPage`."""
    if pagination is None:
        return
    raw = builder.child_text(pagination, "MedlinePgn")
    start = builder.child_text(pagination, "StartPage")
    end = builder.child_text(pagination, "EndPage")
    if raw is None and start:
        raw = f"{start}-{end}" if end and end != start else start
    if raw is None:
        return
    pages = expand_page_range(raw)
    builder.set("pages", pages, [pagination])
    if pages != raw:
        builder.set("pages_raw", raw, [pagination])


def read_identifiers(
    builder: RecordBuilder,
    id_lists: Iterable[Element | None],
    pmid: Element | None,
    elocations: list[Element],
    isbns: Iterable[Element] = (),
) -> None:
    """The record's own identifiers: its `ArticleIdList`s, then its `PMID` when no list
    gave one, a DOI `ELocationID` when none gave a DOI, and ISBNs."""
    identifiers: list[Identifier] = []
    sources: list[Element] = []
    for id_list in id_lists:
        if id_list is None:
            continue
        sources.append(id_list)
        identifiers.extend(read_article_ids(builder, id_list))
    schemes = {i.scheme for i in identifiers}
    pmid_value = builder.text(pmid)
    if pmid_value and "pmid" not in schemes:
        identifiers.insert(0, Identifier(scheme="pmid", value=pmid_value))
        sources.append(pmid)
    elif pmid_value and Identifier(scheme="pmid", value=pmid_value) not in identifiers:
        builder.note("pmid-mismatch", "the PMID differs from the ArticleIdList's", pmid)
    for elocation in elocations:
        if (elocation.get("EIdType") or "").lower() != "doi":
            continue
        value = inline_text(elocation)
        if "doi" not in schemes and value:
            identifiers.append(Identifier(scheme="doi", value=value))
            schemes.add("doi")
            sources.append(elocation)
        if Identifier(scheme="doi", value=value) in identifiers:
            builder.take(elocation)
    for isbn in isbns:
        if isbn_value := builder.text(isbn):
            identifiers.append(Identifier(scheme="isbn", value=isbn_value))
            sources.append(isbn)
    builder.set("identifiers", tuple(unique(identifiers)), sources)


def read_article_ids(builder: RecordBuilder, id_list: Element) -> list[Identifier]:
    identifiers: list[Identifier] = []
    for article_id in id_list.iterchildren("ArticleId"):
        identifier = read_article_id(builder, article_id)
        if identifier is not None:
            identifiers.append(identifier)
    return identifiers


def read_article_id(builder: RecordBuilder, article_id: Element) -> Identifier | None:
    """One `ArticleId`, taken: its scheme from `IdType`; None (and a note) without one."""
    value = builder.text(article_id)
    kind = (article_id.get("IdType") or "").strip().lower()
    if value and kind:
        return Identifier(scheme=ID_SCHEMES.get(kind, kind), value=value)
    if value:
        builder.note("no-id-type", "an ArticleId without IdType is left out", article_id)
    return None


def unique(identifiers: list[Identifier]) -> list[Identifier]:
    """The identifiers without exact repeats, in order."""
    return list(dict.fromkeys(identifiers))


def read_article_number(
    builder: RecordBuilder, elocations: list[Element], identifiers: tuple[Identifier, ...]
) -> None:
    """The `pii` ELocationID when there are no pages; a pii that is also an ArticleId
    is taken either way (it is already an identifier)."""
    piis = {i.value for i in identifiers if i.scheme == "pii"}
    for elocation in elocations:
        if (elocation.get("EIdType") or "").lower() != "pii":
            continue
        value = inline_text(elocation)
        if "pages" not in builder.values and "article_number" not in builder.values and value:
            builder.take(elocation)
            builder.set("article_number", value, [elocation])
        elif value in piis:
            builder.take(elocation)


# --- abstract and terms --------------------------------------------------------------


def read_abstract(builder: RecordBuilder, abstract: Element | None) -> None:
    """`AbstractText` sections with `Label` and `NlmCategory`, and the copyright line."""
    if abstract is None:
        return
    sections = tuple(
        AbstractSection(
            text=text,
            label=section.get("Label") or None,
            category=section.get("NlmCategory") or None,
        )
        for section in abstract.iterchildren("AbstractText")
        if (text := builder.text(section))
    )
    if not sections:
        # A copyright line alone has no abstract to belong to; it is kept in `extra`.
        return
    copyright = builder.child_text(abstract, "CopyrightInformation")
    builder.set("abstract", Abstract(sections=sections, copyright=copyright), [abstract])


def read_keywords(builder: RecordBuilder, keyword_lists: list[Element]) -> None:
    keywords = tuple(
        Keyword(
            term=term,
            owner=keyword_list.get("Owner") or None,
            major=keyword.get("MajorTopicYN") == "Y",
        )
        for keyword_list in keyword_lists
        for keyword in keyword_list.iterchildren("Keyword")
        if (term := builder.text(keyword))
    )
    builder.set("keywords", keywords, keyword_lists)


def read_mesh(builder: RecordBuilder, mesh_list: Element | None) -> None:
    if mesh_list is None:
        return
    headings: list[MeshHeading] = []
    for heading in mesh_list.iterchildren("MeshHeading"):
        descriptor = first_child(heading, "DescriptorName")
        name = builder.text(descriptor)
        if name is None or descriptor is None:
            continue
        qualifiers = tuple(
            MeshQualifier(
                name=qualifier_name,
                ui=_ui(builder, qualifier, "qualifier"),
                major=qualifier.get("MajorTopicYN") == "Y",
            )
            for qualifier in heading.iterchildren("QualifierName")
            if (qualifier_name := builder.text(qualifier))
        )
        headings.append(
            MeshHeading(
                descriptor=name,
                ui=_ui(builder, descriptor, "descriptor"),
                major=descriptor.get("MajorTopicYN") == "Y",
                qualifiers=qualifiers,
            )
        )
    builder.set("mesh_terms", tuple(headings), [mesh_list])


def _ui(builder: RecordBuilder, element: Element, kind: str) -> str | None:
    ui = (element.get("UI") or "").strip()
    if not ui:
        return None
    if not _UI_PATTERNS[kind].match(ui):
        builder.note("bad-ui", f"{ui!r} is not a {kind} UI; it is left out", element)
        return None
    return ui


def read_publication_types(builder: RecordBuilder, types: list[Element]) -> list[str]:
    """The publication types, and their names (which decide the CSL type)."""
    publication_types = tuple(
        PublicationType(name=name, ui=_ui(builder, element, "publication type"))
        for element in types
        if (name := builder.text(element))
    )
    builder.set("publication_types", publication_types, types)
    return [p.name for p in publication_types]


def read_substances(builder: RecordBuilder, chemical_list: Element | None) -> None:
    if chemical_list is None:
        return
    substances: list[Substance] = []
    for chemical in chemical_list.iterchildren("Chemical"):
        name_element = first_child(chemical, "NameOfSubstance")
        name = builder.text(name_element)
        if name is None:
            continue
        number = builder.child_text(chemical, "RegistryNumber")
        substances.append(
            Substance(
                name=name,
                # `0` is PubMed's way of saying the substance has no registry number.
                registry_number=None if number == "0" else number,
                ui=_ui(builder, name_element, "substance"),
            )
        )
    builder.set("substances", tuple(substances), [chemical_list])


def read_grants(builder: RecordBuilder, grant_list: Element | None) -> None:
    if grant_list is None:
        return
    grants = tuple(
        grant
        for element in grant_list.iterchildren("Grant")
        if (
            grant := Grant(
                grant_id=builder.child_text(element, "GrantID"),
                acronym=builder.child_text(element, "Acronym"),
                agency=builder.child_text(element, "Agency"),
                country=builder.child_text(element, "Country"),
            )
        )
        != Grant()
    )
    builder.set("grants", grants, [grant_list])


def read_texts(builder: RecordBuilder, name: str, elements: list[Element]) -> None:
    """A list of plain strings (languages)."""
    values = tuple(text for element in elements if (text := builder.text(element)))
    builder.set(name, values, elements)


__all__ = [
    "ADAPTER_NAME",
    "CODE",
    "LAST_EXACT_LINE",
    "RecordBuilder",
    "children_named",
    "first_child",
    "last_line",
    "line_of",
    "read_article_id",
    "read_article_ids",
    "read_date",
    "read_title",
    "read_titles",
    "span_of",
    "unique",
]
