"""RIS source adapter for bibnorm: an example third-party plugin you can copy.

RIS is the tagged format reference managers (EndNote, Zotero, Mendeley, RefWorks) export:
one field per line as `TAG  - value`, a record running from its `TY` line to its `ER` line.

bibnorm finds this module through the `bibnorm` entry-point group (see pyproject.toml) and
calls `bibnorm_register_sources`, which registers one `RisAdapter`. Everything else in this
file is the adapter: `sniff` scores a sample, `parse` turns the text into records.

How bad input is handled (the contract every adapter keeps):

- nothing raises for bad input; trouble becomes a `Diagnostic` with a line number;
- a block of lines with no `TY` line becomes a `FailedRecord` (raw text, line span) and
  parsing goes on with the next record;
- a record without its `ER` line is still yielded, with a diagnostic;
- a tag this adapter does not map is kept in `Record.extra` as `(tag, value)`, and a line
  inside a record that is not RIS is kept as a diagnostic: no input text is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

# Every name a plugin uses comes from `bibnorm.plugin`, the one stable place for them.
from bibnorm.plugin import (
    Abstract,
    AbstractSection,
    DateParts,
    Diagnostic,
    FailedRecord,
    FieldSource,
    Identifier,
    JournalInfo,
    Keyword,
    LineSpan,
    Person,
    Provenance,
    Record,
    Sample,
    Severity,
    Source,
    SourceAdapter,
    hookimpl,
)

__all__ = ["RIS_TYPES", "RisAdapter", "bibnorm_register_sources"]

ADAPTER_NAME = "ris"

# The RIS grammar proper: a two-character tag, two spaces, a hyphen, then a space and the
# value. Editors strip trailing blanks, so an empty field (`ER  - `) may arrive as `ER  -`.
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
# What some exporters write instead (`AU - Smith, J`, `TY -JOUR`). It is accepted only for
# tags in KNOWN_TAGS, so that a wrapped abstract line such as `US - based trials ...` stays
# a continuation instead of becoming a field.
_LOOSE_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,4}-{1,2} ?(.*)$")

# RIS reference types and the CSL item types they become. A type missing here is read as
# a generic `article` with a diagnostic, and the original TY value is kept in `extra`.
RIS_TYPES: dict[str, str] = {
    "ABST": "article-journal",
    "AGGR": "dataset",
    "ART": "graphic",
    "BILL": "bill",
    "BLOG": "post-weblog",
    "BOOK": "book",
    "CASE": "legal_case",
    "CHAP": "chapter",
    "CHART": "graphic",
    "CLSWK": "classic",
    "COMP": "software",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "DATA": "dataset",
    "DBASE": "dataset",
    "DICT": "entry-dictionary",
    "EBOOK": "book",
    "ECHAP": "chapter",
    "EDBOOK": "book",
    "EJOUR": "article-journal",
    "ELEC": "webpage",
    "ENCYC": "entry-encyclopedia",
    "FIGURE": "figure",
    "GEN": "article",
    "GOVDOC": "report",
    "HEAR": "hearing",
    "ICOMM": "personal_communication",
    "INPR": "article-journal",
    "JFULL": "periodical",
    "JOUR": "article-journal",
    "LEGAL": "legislation",
    "MANSCPT": "manuscript",
    "MAP": "map",
    "MGZN": "article-magazine",
    "MPCT": "motion_picture",
    "MUSIC": "musical_score",
    "NEWS": "article-newspaper",
    "PAMP": "pamphlet",
    "PAT": "patent",
    "PCOMM": "personal_communication",
    "RPRT": "report",
    "SER": "periodical",
    "SOUND": "song",
    "STAND": "standard",
    "STAT": "legislation",
    "THES": "thesis",
    "UNBILL": "bill",
    "UNPB": "manuscript",
    "VIDEO": "motion_picture",
    "WEB": "webpage",
}
_DEFAULT_TYPE = "article"
# Types whose SN is an ISBN and whose BT is the item's own title rather than its container.
_BOOK_TYPES = frozenset({"book", "classic", "periodical"})

# Tags of the RIS specification (2011 and the older one). Only these are recognised on a
# loosely written tag line; any well-formed tag is read, known or not.
# A space-separated table reads better than ninety quoted strings, hence the noqa.
KNOWN_TAGS = frozenset(
    (  # noqa: SIM905
        "TY ER A1 A2 A3 A4 AB AD AN AU AV BT C1 C2 C3 C4 C5 C6 C7 C8 CA CN CP CT CY DA DB DI "
        "DO DP ED EP ET ID IS J1 J2 JA JF JO KW L1 L2 L3 L4 LA LB LK M1 M2 M3 N1 N2 NV OP PB "
        "PP PY RI RN RP SE SN SP ST T1 T2 T3 TA TI TT U1 U2 U3 U4 U5 UR VL VO Y1 Y2"
    ).split()
)

# Single-valued fields and the tags that fill them. The first value in the file wins; a
# different value under another (or the same) tag is kept in `extra`.
_SCALAR_TAGS: dict[str, str] = {
    "TI": "title",
    "T1": "title",
    "CT": "title",
    "T2": "container_title",
    "JF": "container_title",
    "JO": "container_title",
    "JA": "container_title_short",
    "J1": "container_title_short",
    "J2": "container_title_short",
    "VL": "volume",
    "IS": "issue",
    "ET": "edition",
    "PB": "publisher",
    "CY": "publisher_place",
    "UR": "url",
    "AB": "abstract",
    "N2": "abstract",
}
_AUTHOR_TAGS = frozenset({"AU", "A1"})
_EDITOR_TAGS = frozenset({"ED", "A2"})
_DATE_TAGS = frozenset({"PY", "Y1"})
# The fourth part of a RIS date is free text; a season there is worth keeping.
_SEASONS = {
    "spring": "Spring",
    "summer": "Summer",
    "autumn": "Autumn",
    "fall": "Autumn",
    "winter": "Winter",
}

_ISSN = re.compile(r"^(\d{4}-?\d{3}[\dXx])(?:\s*\((print|electronic|linking)\))?$", re.I)
_ISBN_CHARS = re.compile(r"^[\d\- ]+[\dXx]$")
_PMID = re.compile(r"^(?:PMID:?\s*)?(\d{1,9})$", re.I)
_PMCID = re.compile(r"^PMC\d+$")


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


@dataclass
class _Field:
    """One tag and its value, with the lines it spans once continuation lines are added."""

    tag: str
    value: str
    first: int
    last: int


def _match_tag(text: str) -> tuple[str, str, bool] | None:
    """The tag and value of a RIS line, and whether it was written loosely; None otherwise."""
    strict = _TAG_LINE.match(text)
    if strict:
        return strict.group(1), (strict.group(2) or "").strip(), False
    loose = _LOOSE_TAG_LINE.match(text)
    if loose and loose.group(1) in KNOWN_TAGS:
        return loose.group(1), loose.group(2).strip(), True
    return None


class RisAdapter:
    """Reads RIS files into bibnorm records; registered under the name `ris`."""

    name: str = ADAPTER_NAME
    description: str = "RIS tagged records (EndNote, Zotero, Mendeley, RefWorks exports)"

    def sniff(self, sample: Sample) -> float:
        """How sure we are that `sample` is RIS: 1.0 when it opens with `TY  - ` and
        closes a record with `ER  - `, less when the TY line comes later, else 0.

        Only the `TY` first tag counts as evidence: MEDLINE (`TI  - `, `AU  - `) uses the
        same line grammar for its two-letter tags, but never the TY tag.
        """
        lines = [line.rstrip() for line in sample.text.lstrip("\ufeff").split("\n")]
        content = [line for line in lines if line]
        if not content:
            return 0.0
        has_end = any(_TAG_LINE.match(line) and line.startswith("ER") for line in content)
        if content[0].startswith("TY  - "):
            return 1.0 if has_end else 0.8
        if any(line.startswith("TY  - ") for line in content):
            return 0.5 if has_end else 0.3
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """Yield a `Record` for each TY..ER block and a `FailedRecord` for each block of
        non-blank lines outside one, in input order."""
        block: list[_Line] = []
        text = source.text.removeprefix("\ufeff")
        for number, raw_line in enumerate(text.split("\n"), start=1):
            # rstrip also drops a stray `\r` left by a caller that built the Source by hand.
            line = _Line(number, raw_line.rstrip())
            tagged = _match_tag(line.text)
            tag = tagged[0] if tagged else None
            if tag == "TY":
                if block:
                    yield self._finish(block, source, next_start=number)
                block = [line]
                continue
            if not block and not line.text:
                continue  # blank lines between records
            block.append(line)
            if tag == "ER":
                yield self._finish(block, source, closed=True)
                block = []
        if block:
            yield self._finish(block, source)

    def _finish(
        self,
        block: list[_Line],
        source: Source,
        *,
        closed: bool = False,
        next_start: int | None = None,
    ) -> Record | FailedRecord:
        while block and not block[-1].text:
            block = block[:-1]  # trailing blanks belong to no record
        span = LineSpan(start=block[0].number, end=block[-1].number)
        tagged = _match_tag(block[0].text)
        if tagged is None or tagged[0] != "TY":
            return _failed(block, source, span)
        builder = _RecordBuilder(source=source, span=span)
        builder.read(block)
        if not closed:
            where = (
                f"before the next TY line at line {next_start}"
                if next_start is not None
                else "at the end of the input"
            )
            builder.diagnose(
                "ris.missing-end",
                f"record starting at line {span.start} has no ER line; it ends {where}",
                line=span.end,
            )
        return builder.build()


def _failed(block: list[_Line], source: Source, span: LineSpan) -> FailedRecord:
    ends_with_er = (match := _match_tag(block[-1].text)) is not None and match[0] == "ER"
    reason = (
        "a record ends with ER here but has no TY line"
        if ends_with_er
        else "these lines are not RIS; a record starts with a `TY  - ` line"
    )
    where = f"line {span.start}" if span.start == span.end else f"lines {span.start}-{span.end}"
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=source.name,
        span=span,
        raw="\n".join(line.text for line in block),
        diagnostics=(
            Diagnostic(
                code="ris.no-type",
                message=f"{where}: {reason}",
                severity="error",
                line=span.start,
                text=block[0].text,
            ),
        ),
    )


@dataclass
class _RecordBuilder:
    """Collects one record's fields while its lines are read; `build` freezes it."""

    source: Source
    span: LineSpan
    values: dict[str, str] = field(default_factory=dict)
    authors: list[Person] = field(default_factory=list)
    editors: list[Person] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    issued: DateParts | None = None
    journal: JournalInfo | None = None
    extra: list[tuple[str, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    spans: dict[str, LineSpan] = field(default_factory=dict)
    heuristics: dict[str, str] = field(default_factory=dict)
    type: str = _DEFAULT_TYPE

    def diagnose(
        self,
        code: str,
        message: str,
        *,
        line: int,
        text: str | None = None,
        severity: Severity = "warning",
    ) -> None:
        self.diagnostics.append(
            Diagnostic(code=code, message=message, severity=severity, line=line, text=text)
        )

    def read(self, block: list[_Line]) -> None:
        fields = self._split_fields(block)
        # AN is a PubMed ID only in records that say they came from PubMed, and DB/DP may
        # come after AN, so look at them before mapping anything.
        from_pubmed = any(
            f.tag in {"DB", "DP"} and re.search(r"pubmed|medline", f.value, re.I) for f in fields
        )
        dates: list[tuple[_Field, DateParts]] = []
        full_dates: list[tuple[_Field, DateParts]] = []
        start_page: _Field | None = None
        end_page: _Field | None = None
        for fld in fields:
            tag, value = fld.tag, fld.value
            if not value and tag != "TY":
                continue  # an empty field carries nothing to keep
            if tag == "TY":
                self._read_type(fld)
            elif tag == "ER":
                self.extra.append((tag, value))  # ER takes no value; keep one if given
            elif tag in _SCALAR_TAGS:
                self._set(_SCALAR_TAGS[tag], fld)
            elif tag == "BT":
                self._set("title" if self.type in _BOOK_TYPES else "container_title", fld)
            elif tag in _AUTHOR_TAGS:
                self.authors.append(_person(value))
                self._note("authors", fld)
            elif tag in _EDITOR_TAGS:
                self.editors.append(_person(value))
                self._note("editors", fld)
            elif tag in _DATE_TAGS or tag == "DA":
                parsed = self._date(fld)
                if parsed is not None:
                    (dates if tag in _DATE_TAGS else full_dates).append((fld, parsed))
                else:
                    self.extra.append((tag, value))
            elif tag == "SP" and start_page is None:
                start_page = fld
            elif tag == "EP" and end_page is None:
                end_page = fld
            elif tag == "DO":
                self._identifier("doi", value, fld)
            elif tag == "SN":
                self._serial_number(fld)
            elif (
                tag == "AN"
                and (m := _PMID.match(value))
                and (from_pubmed or value.upper().startswith("PMID"))
            ):
                self._identifier("pmid", m.group(1), fld)
            elif tag == "C2" and _PMCID.match(value):
                # EndNote's PubMed import puts the PMCID in C2.
                self._identifier("pmcid", value, fld)
            elif tag == "KW":
                self.keywords.append(Keyword(term=value))
                self._note("keywords", fld)
            elif tag == "LA":
                self.languages.append(value)
                self._note("languages", fld)
            else:
                self.extra.append((tag, value))
        self._pages(start_page, end_page)
        self._choose_issued(dates, full_dates)

    def _split_fields(self, block: list[_Line]) -> list[_Field]:
        """Group the block's lines into fields; report lines that belong to none."""
        fields: list[_Field] = []
        continuing: _Field | None = None
        for line in block:
            tagged = _match_tag(line.text)
            if tagged is not None:
                tag, value, loose = tagged
                if loose:
                    self.diagnose(
                        "ris.nonstandard-tag-line",
                        f"{tag} line is not written `{tag}  - value`; read it anyway",
                        line=line.number,
                        text=line.text,
                        severity="info",
                    )
                current = _Field(tag, value, line.number, line.number)
                fields.append(current)
                # A type code or an end marker never wraps onto a second line.
                continuing = None if tag in {"TY", "ER"} else current
            elif not line.text.strip():
                continuing = None  # a blank line ends the field above it
            elif continuing is not None:
                # Exporters wrap long values (abstracts, titles) onto untagged lines.
                continuing.value = f"{continuing.value} {line.text.strip()}".strip()
                continuing.last = line.number
            else:
                self.diagnose(
                    "ris.unclaimed-line",
                    "line is not `TAG  - value` and does not continue a field; kept here",
                    line=line.number,
                    text=line.text,
                )
        return fields

    def _note(self, name: str, fld: _Field) -> None:
        """Widen the span the provenance gives for output field `name` to cover `fld`."""
        seen = self.spans.get(name)
        start = fld.first if seen is None else min(seen.start, fld.first)
        end = fld.last if seen is None else max(seen.end, fld.last)
        self.spans[name] = LineSpan(start=start, end=end)

    def _set(self, name: str, fld: _Field) -> None:
        if name not in self.values:
            self.values[name] = fld.value
            self._note(name, fld)
        elif self.values[name] != fld.value:
            self.extra.append((fld.tag, fld.value))

    def _read_type(self, fld: _Field) -> None:
        code = fld.value.upper()
        mapped = RIS_TYPES.get(code)
        if mapped is None:
            self.extra.append(("TY", fld.value))
            self.diagnose(
                "ris.unknown-type",
                f"RIS type {fld.value!r} has no CSL equivalent here; read as {_DEFAULT_TYPE!r}",
                line=fld.first,
                text=fld.value,
                severity="info",
            )
        self.type = mapped or _DEFAULT_TYPE
        self._note("type", fld)

    def _identifier(self, scheme: str, value: str, fld: _Field) -> None:
        ident = Identifier(scheme=scheme, value=value)
        if ident not in self.identifiers:
            self.identifiers.append(ident)
        self._note("identifiers", fld)

    def _serial_number(self, fld: _Field) -> None:
        """SN holds an ISSN for serials and an ISBN for books, sometimes several of them."""
        issns: dict[str, str] = {}
        for part in (p.strip() for p in fld.value.split(";")):
            issn = _ISSN.match(part)
            digits = re.sub(r"[^\dXx]", "", part)
            if issn:
                kind = (issn.group(2) or "print").lower()
                issns.setdefault(kind, issn.group(1))
                if not issn.group(2):
                    self.heuristics["journal"] = "an ISSN given without a kind is taken as print"
            elif _ISBN_CHARS.match(part) and len(digits) in {10, 13}:
                self._identifier("isbn", part, fld)
            elif part:
                self.extra.append(("SN", part))
        if issns and self.journal is None:
            self.journal = JournalInfo(
                issn_print=issns.get("print"),
                issn_electronic=issns.get("electronic"),
                issn_linking=issns.get("linking"),
            )
            self._note("journal", fld)
        elif issns:
            self.extra.append(("SN", fld.value))

    def _date(self, fld: _Field) -> DateParts | None:
        """Read `YYYY/MM/DD/other` (any part after the year may be empty) or `YYYY-MM-DD`."""
        value = fld.value
        parts = value.split("/", 3) if "/" in value else value.split("-", 2)
        parts += [""] * (4 - len(parts))
        year_text, month_text, day_text, other = (p.strip() for p in parts)
        if not re.fullmatch(r"\d{4}", year_text):
            self.diagnose(
                "ris.invalid-date",
                f"{fld.tag} date {value!r} has no four-digit year; kept in extra",
                line=fld.first,
                text=value,
            )
            return None
        month = _number(month_text)
        day = _number(day_text)
        if month_text and (month is None or not 1 <= month <= 12):
            self.diagnose(
                "ris.invalid-month",
                f"{fld.tag} date {value!r} has month {month_text!r}, not 1-12; kept the year",
                line=fld.first,
                text=value,
            )
            month = day = None
        if month is not None and day_text and (day is None or not 1 <= day <= 31):
            self.diagnose(
                "ris.invalid-day",
                f"{fld.tag} date {value!r} has day {day_text!r}, not 1-31; kept year and month",
                line=fld.first,
                text=value,
            )
            day = None
        return DateParts(
            year=int(year_text),
            month=month,
            day=day if month is not None else None,
            season=_SEASONS.get(other.lower()) if month is None else None,
            raw=value,
        )

    def _choose_issued(
        self,
        dates: list[tuple[_Field, DateParts]],
        full_dates: list[tuple[_Field, DateParts]],
    ) -> None:
        """PY (or Y1) is the publication year; DA often adds the month and day of it.

        DA replaces PY only when it is more precise and in the same year: elsewhere it is
        an access or revision date, and is kept in `extra` instead.
        """
        candidates = dates + full_dates
        if not candidates:
            return
        chosen_field, chosen = candidates[0]
        for fld, parsed in candidates[1:]:
            # A bare year (`2019///`) says nothing its fuller DA date does not, so it is
            # replaced without a trace; anything else not chosen goes to `extra`.
            bare_year = chosen.month is None and chosen.season is None
            if fld.tag == "DA" and parsed.year == chosen.year and bare_year:
                chosen_field, chosen = fld, parsed
            elif replace(parsed, raw=None) != replace(chosen, raw=None):
                self.extra.append((fld.tag, fld.value))
        self.issued = chosen
        self._note("issued", chosen_field)

    def _pages(self, start: _Field | None, end: _Field | None) -> None:
        if start is None and end is None:
            return
        if start is not None and end is not None and "-" not in start.value:
            self.values["pages"] = f"{start.value}-{end.value}"
            self._note("pages", start)
            self._note("pages", end)
            return
        if start is not None:
            self.values["pages"] = start.value
            self._note("pages", start)
        if end is not None:
            # An end page with no start page (or with a start that is already a range)
            # makes no page range of its own.
            self.extra.append(("EP", end.value))

    def build(self) -> Record:
        values = self.values
        abstract = values.get("abstract")
        provenance = Provenance(
            adapter=ADAPTER_NAME,
            file=self.source.name,
            span=self.span,
            fields=tuple(
                FieldSource(
                    field=name,
                    method="heuristic" if name in self.heuristics else "parsed",
                    span=span,
                    detail=self.heuristics.get(name),
                )
                for name, span in self.spans.items()
            ),
        )
        return Record(
            type=self.type,
            title=values.get("title"),
            authors=tuple(self.authors),
            editors=tuple(self.editors),
            container_title=values.get("container_title"),
            container_title_short=values.get("container_title_short"),
            issued=self.issued,
            volume=values.get("volume"),
            issue=values.get("issue"),
            pages=values.get("pages"),
            edition=values.get("edition"),
            publisher=values.get("publisher"),
            publisher_place=values.get("publisher_place"),
            url=values.get("url"),
            identifiers=tuple(self.identifiers),
            abstract=Abstract(sections=(AbstractSection(text=abstract),)) if abstract else None,
            keywords=tuple(self.keywords),
            languages=tuple(self.languages),
            journal=self.journal,
            extra=tuple(self.extra),
            provenance=provenance,
            diagnostics=tuple(self.diagnostics),
        )


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _person(value: str) -> Person:
    """`Family, Given[, Suffix]` as RIS writes names; a name without a comma (a group
    such as `World Health Organization`) is kept whole as `literal`."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 1 or not parts[0]:
        return Person(literal=value, raw=value)
    return Person(
        family=parts[0],
        given=parts[1] or None,
        suffix=", ".join(p for p in parts[2:] if p) or None,
        raw=value,
    )


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the RIS adapter; bibnorm calls this once when it loads the plugin."""
    register(RisAdapter())
