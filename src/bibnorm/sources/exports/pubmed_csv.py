"""PubMed's CSV export ("Save: CSV"): the `pubmed-csv` source adapter.

Two layouts exist. Since 2020 PubMed writes

    PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,...
    "19829374","Title","Smith J, Doe A.","Nature. 2009 Oct 15;461(7266):923-9. ...",...

with the header quoted or not and a UTF-8 BOM or not. The legacy site (before 2020) wrote

    Title,URL,Description,Details,ShortDetails,Resource,Type,Identifiers,Db,EntrezUID,Properties

with the authors in `Description`, the citation in `Details`, `PMID:1 | PMCID:PMC2` in
`Identifiers`, `create date:2019/07/25 | first author:Smith J` in `Properties`, and a
trailing comma on every row. Columns are found by their header name, so their order does
not matter. PubMed writes one row per line: a row is read from its own line, so a broken
row (an unclosed quote, a missing PMID) becomes a `FailedRecord` and the rows after it
are read as usual. Columns no field takes are kept in `extra`, and a column that
disagrees with another (a `First Author` that is not the first author) is reported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    DateParts,
    Diagnostic,
    FailedRecord,
    HistoryDate,
    Identifier,
    LineSpan,
    Record,
)
from bibnorm.parsing import strip_final_period
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.exports.pubmed_export import (
    Draft,
    is_pmid,
    merge_identifiers,
    normal_nihms,
    normal_pmcid,
    parse_journal_citation,
    parse_short_authors,
)

ADAPTER_NAME = "pubmed-csv"
CODE = "pubmed_csv"

CURRENT_COLUMNS = (
    "PMID",
    "Title",
    "Authors",
    "Citation",
    "First Author",
    "Journal/Book",
    "Publication Year",
    "Create Date",
    "PMCID",
    "NIHMS ID",
    "DOI",
)
LEGACY_COLUMNS = (
    "Title",
    "URL",
    "Description",
    "Details",
    "ShortDetails",
    "Resource",
    "Type",
    "Identifiers",
    "Db",
    "EntrezUID",
    "Properties",
)
# The columns that must be there for a header to be one of the two layouts.
_CURRENT_KEY = frozenset({"PMID", "Title", "Citation"})
_LEGACY_KEY = frozenset({"Title", "Description", "Details", "EntrezUID"})
# Legacy columns that only repeat what others say (`Resource` is always `PubMed`):
# kept in `extra`, so that nothing is dropped, without a note.
_LEGACY_EXTRA = ("URL", "ShortDetails", "Resource", "Type", "Db")
_CREATE_DATE = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})")
_LEGACY_ID = re.compile(r"(?P<kind>[A-Za-z]+):\s*(?P<value>\S+)")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Header:
    """The header row: the columns by name (as written) and which layout they are."""

    names: tuple[str, ...]
    legacy: bool
    line: int


def read_header(line: str) -> tuple[str, ...] | None:
    """The column names of a CSV header line, or None when it is no CSV line."""
    try:
        rows = list(csv.reader([line.removeprefix("\ufeff")], strict=True))
    except csv.Error:
        return None
    return tuple(name.strip() for name in rows[0]) if rows else None


def layout_of(names: tuple[str, ...]) -> str | None:
    """`current`, `legacy` or None for a header of neither PubMed layout."""
    present = set(names)
    if present >= _CURRENT_KEY:
        return "current"
    if present >= _LEGACY_KEY:
        return "legacy"
    return None


def _sniff_score(text: str) -> float:
    first = next((line for line in text.split("\n") if line.strip()), "")
    names = read_header(first.rstrip("\r"))
    if names is None or layout_of(names) is None:
        return 0.0
    known = set(CURRENT_COLUMNS) | set(LEGACY_COLUMNS)
    return 0.95 if sum(n in known for n in names) >= 4 else 0.6


class PubmedCsvAdapter:
    """Reads PubMed's CSV export, current and pre-2020 layouts."""

    name = ADAPTER_NAME
    description = "PubMed CSV export (Save: CSV), current and pre-2020 layouts"

    def sniff(self, sample: Sample) -> float:
        """0.95 for text whose first line is a header of either layout."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per data row, a `FailedRecord` per row that cannot be read."""
        header: Header | None = None
        for number, line in enumerate(source.lines(), start=1):
            line = line.removeprefix("\ufeff") if number == 1 else line
            if not line.strip():
                continue
            if header is None:
                names = read_header(line)
                layout = layout_of(names) if names is not None else None
                if names is None or layout is None:
                    yield _failed(source.name, number, line, "no-header", _NO_HEADER)
                    return
                header = Header(names=names, legacy=layout == "legacy", line=number)
                continue
            yield _read_row(header, number, line, source.name)


_NO_HEADER = "the first line is no header of PubMed's CSV export; nothing was read"


def _failed(file: str, line_number: int, line: str, code: str, message: str) -> FailedRecord:
    diagnostic = Diagnostic(
        code=f"{CODE}.{code}", message=message, severity="error", line=line_number, text=line
    )
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=LineSpan(start=line_number, end=line_number),
        raw=line,
        diagnostics=(diagnostic,),
    )


def _read_row(header: Header, number: int, line: str, file: str) -> Record | FailedRecord:
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error as exc:
        return _failed(file, number, line, "bad-row", f"not a CSV row: {exc}")
    values = [value.strip() for value in rows[0]] if rows else []
    row = Row(header=header, values=values, number=number, file=file, line=line)
    return row.read()


@dataclass
class Row:
    """One data row being read into a record."""

    header: Header
    values: list[str]
    number: int
    file: str
    line: str

    def __post_init__(self) -> None:
        self.draft = Draft(adapter=ADAPTER_NAME, code=CODE, file=self.file)
        self.span = LineSpan(start=self.number, end=self.number)
        self.taken: set[str] = set()

    def get(self, column: str) -> str:
        """The value of `column` (empty when absent), marked as used."""
        self.taken.add(column)
        try:
            return self.values[self.header.names.index(column)]
        except (ValueError, IndexError):
            return ""

    def note(self, code: str, message: str, text: str | None = None, *, info: bool = False) -> None:
        self.draft.note(code, message, self.number, text, "info" if info else "warning")

    def set(self, name: str, value: object, column: str, heuristic: str | None = None) -> None:
        self.draft.set(name, value, self.span, heuristic=heuristic, detail=f"column {column}")

    def read(self) -> Record | FailedRecord:
        names = self.header.names
        if len(self.values) < len(names):
            self.note(
                "short-row",
                f"{len(self.values)} values for {len(names)} columns; the missing ones are empty",
            )
        pmid = self._pmid()
        if pmid is None:
            return _failed(
                self.file, self.number, self.line, "no-pmid", "a row without a valid PMID"
            )
        if self.header.legacy:
            self._read_legacy(pmid)
        else:
            self._read_current(pmid)
        self._keep_the_rest()
        return self.draft.build(self.span)

    def _pmid(self) -> str | None:
        if not self.header.legacy:
            value = self.get("PMID")
            return value if is_pmid(value) else None
        value = self.get("EntrezUID")
        if is_pmid(value):
            return value
        ids = dict(_legacy_ids(self.get("Identifiers")))
        return ids.get("PMID") if is_pmid(ids.get("PMID", "")) else None

    # --- the current layout ----------------------------------------------------------

    def _read_current(self, pmid: str) -> None:
        self.set("title", strip_final_period(self.get("Title")) or None, "Title")
        self._authors(self.get("Authors"), "Authors", self.get("First Author"))
        cited_ids = self._citation(self.get("Citation"), "Citation")
        self._journal_column(self.get("Journal/Book"))
        self._year_column(self.get("Publication Year"))
        self._create_date(self.get("Create Date"), "Create Date")
        identifiers = [Identifier(scheme="pmid", value=pmid)]
        for column, scheme, normal in (
            ("PMCID", "pmcid", normal_pmcid),
            ("NIHMS ID", "nihms", normal_nihms),
        ):
            value = self.get(column)
            if value and normal(value) is None:
                self.note("bad-identifier", f"{column} is not one; kept in extra", value)
                self.draft.keep(column, value)
            elif value:
                identifiers.append(Identifier(scheme=scheme, value=normal(value) or value))
        doi = self.get("DOI")
        if doi:
            identifiers.append(Identifier(scheme="doi", value=doi))
        self.set("identifiers", merge_identifiers(identifiers, cited_ids), "PMID")

    def _journal_column(self, journal: str) -> None:
        if not journal:
            return
        cited = self.draft.values.get("container_title_short")
        if cited is None:
            self.set("container_title_short", journal, "Journal/Book")
        elif cited != journal:
            self.note(
                "journal-mismatch",
                f"Journal/Book is not the journal of the citation ({cited}); kept in extra",
                journal,
            )
            self.draft.keep("Journal/Book", journal)

    def _year_column(self, year: str) -> None:
        if not year:
            return
        issued: DateParts | None = self.draft.values.get("issued")
        if not _YEAR.fullmatch(year):
            self.note("bad-year", "Publication Year is no year; kept in extra", year)
            self.draft.keep("Publication Year", year)
        elif issued is None:
            self.set("issued", DateParts(year=int(year), raw=year), "Publication Year")
        elif issued.year != int(year):
            self.note(
                "year-mismatch",
                f"Publication Year differs from the citation's ({issued.year}); kept in extra",
                year,
            )
            self.draft.keep("Publication Year", year)

    # --- the legacy layout -----------------------------------------------------------

    def _read_legacy(self, pmid: str) -> None:
        self.set("title", strip_final_period(self.get("Title")) or None, "Title")
        properties = dict(_properties(self.get("Properties")))
        self._authors(self.get("Description"), "Description", properties.pop("first author", ""))
        cited_ids = self._citation(self.get("Details"), "Details")
        self._create_date(properties.pop("create date", ""), "Properties")
        for name, value in properties.items():
            self.note("unknown-property", f"property {name!r} has no field; kept in extra", value)
            self.draft.keep(f"Properties {name}", value)
        identifiers = [Identifier(scheme="pmid", value=pmid)]
        for kind, value in _legacy_ids(self.get("Identifiers")):
            if kind == "PMID" and value == pmid:
                continue
            if kind == "PMCID" and normal_pmcid(value):
                identifiers.append(Identifier(scheme="pmcid", value=normal_pmcid(value) or value))
            else:
                self.note("unknown-identifier", f"identifier {kind} kept in extra", value)
                self.draft.keep(f"Identifiers {kind}", value)
        uid = self.get("EntrezUID")
        if uid and uid != pmid:
            self.note("uid-mismatch", "EntrezUID is not the PMID; kept in extra", uid)
            self.draft.keep("EntrezUID", uid)
        self.set("identifiers", merge_identifiers(identifiers, cited_ids), "Identifiers")
        for column in _LEGACY_EXTRA:
            self.draft.keep(column, self.get(column))

    # --- shared ------------------------------------------------------------------------

    def _authors(self, text: str, column: str, first_author: str) -> None:
        parsed = parse_short_authors(text)
        for odd in parsed.odd:
            self.note("odd-name", "an author name not in the form `Family AB`", odd, info=True)
        self.set("authors", parsed.people, column)
        if parsed.et_al:
            self.set("et_al", True, column)
        if not first_author:
            return
        first = parsed.people[0] if parsed.people else None
        if first is None or first_author not in (first.raw, first.literal):
            self.note(
                "first-author-mismatch",
                "the first author column names someone else than the author list; kept in extra",
                first_author,
            )
            self.draft.keep("First Author", first_author)

    def _citation(self, text: str, column: str) -> tuple[Identifier, ...]:
        """Read the citation column into the record; its identifiers are returned."""
        if not text:
            return ()
        cited = parse_journal_citation(text)
        if cited is None:
            self.note("unread-citation", f"{column} is no journal citation; kept in extra", text)
            self.draft.keep(column, text)
            return ()
        self.draft.apply_citation(cited, self.span)
        return cited.identifiers

    def _create_date(self, text: str, column: str) -> None:
        if not text:
            return
        match = _CREATE_DATE.fullmatch(text.strip())
        date = None
        if match is not None:
            year, month, day = (int(match.group(g)) for g in ("y", "m", "d"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                date = DateParts(year=year, month=month, day=day, raw=text.strip())
        if date is None:
            self.note("bad-date", "the create date is no YYYY/MM/DD date; kept in extra", text)
            self.draft.keep("Create Date", text)
            return
        # PubMed's create date is the record's Entrez date (MEDLINE's CRDT).
        self.set("history", (HistoryDate(status="entrez", date=date),), column)

    def _keep_the_rest(self) -> None:
        for index, name in enumerate(self.header.names):
            if name not in self.taken and index < len(self.values) and self.values[index]:
                self.note(
                    "unknown-column", f"column {name!r} has no field; kept in extra", info=True
                )
                self.draft.keep(name, self.values[index])
        # Legacy rows end with a comma: one empty value more than there are columns.
        for index, value in enumerate(self.values[len(self.header.names) :]):
            if value:
                position = len(self.header.names) + index + 1
                self.note("extra-value", f"value {position} has no column; kept in extra", value)
                self.draft.keep(f"value {position}", value)


def _legacy_ids(text: str) -> list[tuple[str, str]]:
    """`PMID:31340398 | PMCID:PMC6656570` as `[("PMID", "31340398"), ("PMCID", ...)]`."""
    found: list[tuple[str, str]] = []
    for part in text.split("|"):
        match = _LEGACY_ID.fullmatch(part.strip())
        if match is not None:
            found.append((match.group("kind").upper(), match.group("value")))
    return found


def _properties(text: str) -> list[tuple[str, str]]:
    """`create date:2019/07/25 | first author:Jamieson T` as name-value pairs."""
    found: list[tuple[str, str]] = []
    for part in text.split("|"):
        name, colon, value = part.partition(":")
        if colon and name.strip():
            found.append((name.strip().lower(), value.strip()))
        elif part.strip():
            found.append(("", part.strip()))
    return found


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-csv` adapter."""
    register(PubmedCsvAdapter())


__all__ = [
    "ADAPTER_NAME",
    "CURRENT_COLUMNS",
    "LEGACY_COLUMNS",
    "PubmedCsvAdapter",
    "bibnorm_register_sources",
    "layout_of",
    "read_header",
]
