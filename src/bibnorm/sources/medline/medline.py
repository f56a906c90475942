"""MEDLINE text and PubMed .nbib files: the `medline` source adapter.

This is what `efetch rettype=medline` returns and what PubMed's "Send to: Citation manager"
saves as `.nbib`:

    PMID- 35743275
    TI  - Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung
          Cancer (NSCLC): Microenvironment and Possible Clinical Implications.
    FAU - Del Conte, Alessandro
    AU  - Del Conte A
    AD  - Medical Oncology, Centro di Riferimento Oncologico, Aviano, Italy.

The grammar is column-anchored: a tag of up to four characters in columns 1-4, padded
with spaces, a `-` in column 5, the value after it; a line that starts with white space
continues the value above it, even when it looks like a tag (`      AU  - ...` inside an
abstract). A blank line ends a record; a `PMID-` line starts the next one even without
a blank line before it. `medline_lines.py` holds this line grammar and reads the input
as a stream, so big files parse in flat memory. For `--jobs`, `parse_chunk` reads one
chunk of the input's bytes, cut before a `PMID-` line after a blank line (`boundaries`),
its lines counted from the chunk's first line.

Other databases (ERIC, EBSCOhost, Ovid, ProQuest) export records in the same grammar
without a PMID line: a block without one is read as such a record, with the tags and
source line (`SO`) of those exports read as `medline_other.py` says. A block with
neither a PMID nor a title (nor a source line) becomes a `FailedRecord`, and the records
around it are read as usual.

Tags are mapped as docs/pubmed-record-conventions.md says, so that a record read from
MEDLINE equals the one read from the XML of the same article. Every tag no field takes
is kept in `Record.extra` as `(tag, value)`, and every line no rule took, or value that
could not be read, is reported in a diagnostic with its line number.

The reader does only the work the output asks for (`Source.demand`, see `bibnorm.demand`):
for an output without the record's details, `_reading_for` leaves out the tags only
details are read from (MeSH, substances, grants, history, affiliations ...) before any
rule runs, and neither `extra` nor the report of lines no rule took is made. MEDLINE
has no related lists to skip.
"""

from __future__ import annotations

import datetime
import functools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from bibnorm import chunks
from bibnorm.demand import Demand
from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    DateParts,
    Diagnostic,
    FailedRecord,
    FieldSource,
    Grant,
    HistoryDate,
    Identifier,
    JournalInfo,
    Keyword,
    LineSpan,
    Link,
    MeshHeading,
    MeshQualifier,
    Person,
    Provenance,
    PublicationType,
    Record,
    Severity,
    Substance,
)
from bibnorm.parsing import is_no_title, parse_grant, strip_final_period
from bibnorm.parsing.dates import read_printed_date
from bibnorm.parsing.identifiers import normalise_issn, normalise_orcid
from bibnorm.parsing.pages import expand_page_range
from bibnorm.parsing.pubtypes import csl_type, named_type
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.medline.medline_lines import (
    RECORD_NUMBER_LINE,
    Block,
    BlockContent,
    TagField,
    chunk_text,
    input_text,
    parse_tag_line,
    read_blocks,
    split_blocks,
)
from bibnorm.sources.medline.medline_other import (
    DOI_TAGS,
    ERIC_NUMBER,
    OTHER_DATABASE_TAGS,
    TAG_ALIASES,
    URL_TAGS,
    doi_of_url,
    other_issn,
    parse_source_line,
)

ADAPTER_NAME = "medline"
CODE = "medline"

# --- tags and what they become ------------------------------------------------------------

# Tags that link to another article, with the relation names the XML's
# `CommentsCorrections/@RefType` gives in kebab case (`CommentIn` -> `comment-in`).
LINK_RELATIONS: dict[str, str] = {
    "CIN": "comment-in",
    "CON": "comment-on",
    "EIN": "erratum-in",
    "EFR": "erratum-for",
    "CRI": "corrected-and-republished-in",
    "CRF": "corrected-and-republished-from",
    "ECI": "expression-of-concern-in",
    "ECF": "expression-of-concern-for",
    "PRIN": "partial-retraction-in",
    "PROF": "partial-retraction-of",
    "RPI": "republished-in",
    "RPF": "republished-from",
    "RIN": "retraction-in",
    "ROF": "retraction-of",
    "RRI": "retracted-and-republished-in",
    "RRF": "retracted-and-republished-from",
    "UIN": "update-in",
    "UOF": "update-of",
    "SPIN": "summary-for-patients-in",
    "ORI": "original-report-in",
}

# Tags only a record's details are read from (`Demand.details`): MeSH, substances, grants,
# history dates, affiliations and ORCID iDs, investigators, conflict of interest, links.
_DETAIL_TAGS = frozenset(
    {"MH", "RN", "GR", "PHST", "EDAT", "MHDA", "CRDT", "AD", "IRAD", "AUID", "FIR", "IR"}
    | {"COIS"}
    | set(LINK_RELATIONS)
)

# NLM's MEDLINE/PubMed element list. A tag outside it is still kept in `extra`, with a
# note that it is unknown; a known tag without a record field goes to `extra` silently.
KNOWN_TAGS = frozenset(
    {
        "AB", "AD", "AID", "AU", "AUID", "BTI", "CI", "CN", "COIS", "CP", "CRDT", "CTDT",
        "CTI", "DA", "DCOM", "DEP", "DP", "DRIN", "ED", "EDAT", "EN", "FAU", "FED", "FIR",
        "FPS", "GN", "GR", "GS", "IP", "IR", "IRAD", "IS", "ISBN", "JID", "JT", "LA", "LID",
        "LR", "MH", "MHDA", "MID", "NM", "OAB", "OABL", "OCI", "OID", "ORI", "OT", "OTO",
        "OWN", "PB", "PG", "PHST", "PL", "PMC", "PMCR", "PMID", "PS", "PST", "PT", "PUBM",
        "RF", "RN", "SB", "SFM", "SI", "SO", "STAT", "TA", "TI", "TT", "VI", "VTI",
    }
    | set(LINK_RELATIONS)
)  # fmt: skip

# Who a name tag adds a person to: full-name tags, then short (`Family JA`) tags.
_FULL_NAME_TAGS = {"FAU": "authors", "FED": "editors", "FIR": "investigators"}
_SHORT_NAME_TAGS = {"AU": "authors", "ED": "editors", "IR": "investigators"}
# Name suffixes MEDLINE writes after the initials (`Kaelin WG Jr`). Roman numerals are
# only taken after initials, since `II` alone may be the initials themselves.
_WORD_SUFFIXES = frozenset({"Jr", "Sr", "2nd", "3rd", "4th", "5th"})
_ROMAN_SUFFIXES = frozenset({"II", "III", "IV", "V"})
_INITIALS = re.compile(r"[A-Z]+")
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.)+")

# `AID - 10.1000/x [doi]`: the identifier and its type.
_TYPED_ID = re.compile(r"(?P<value>.+?)\s*\[(?P<kind>[A-Za-z-]+)\]")
_ID_SCHEMES = {"doi": "doi", "pii": "pii", "pmc": "pmcid", "pmcid": "pmcid", "mid": "mid"}
_ID_SCHEMES["bookaccession"] = "nbk"
_ISSN = re.compile(r"(?P<issn>\S+)\s*\((?P<kind>Print|Electronic|Linking)\)")

# PubMed history dates: `2022/01/05 00:00 [received]` (PHST) or `2002/09/17 10:00` (EDAT).
_HISTORY_DATE = re.compile(
    r"(?P<y>\d{4})(?:/(?P<m>\d{1,2})(?:/(?P<d>\d{1,2}))?)?(?:\s+\d{1,2}:\d{2})?"
)
_PHST = re.compile(rf"(?P<date>{_HISTORY_DATE.pattern})\s*\[(?P<status>[^\]]+)\]")
# Before PHST existed these tags carried the dates the XML's History lists as statuses;
# with PHST they are left in `extra`.
_HISTORY_TAGS = {"EDAT": "pubmed", "MHDA": "medline", "CRDT": "entrez"}
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")

# `RN  - 31YO63LBSN (Nivolumab)`, `EC 2.7.10.1 (...)`; `0` means no number assigned.
_SUBSTANCE = re.compile(r"(?P<number>EC [\d.n-]+|[^\s(]+)\s+\((?P<name>.+)\)")
_NO_REGISTRY_NUMBER = "0"
# `CIN - Lancet. 2020 Jan 4;395(10217):e3. PMID: 31908284`
_LINK_PMID = re.compile(r"\s*PMID:\s*(?P<pmid>\d+)\s*$")
# Abstract section labels: upper-case words and a colon, at the start or after a sentence
# (`_starts_sentence`), which is checked for each match: much faster than a look-behind
# the regex engine would try at every character.
_ABSTRACT_LABEL = re.compile(r"(?P<label>[A-Z][A-Z ,&/'()-]*[A-Z)]):\s")

# sniff
_SNIFF_PMID_START = re.compile(r"\A(?:\ufeff)?\s*PMID- ?\d")
_SNIFF_PMID_LINE = re.compile(r"^PMID- ?\d+\s*$", re.MULTILINE)
_SNIFF_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9 ]{3}- ", re.MULTILINE)
_SNIFF_FOREIGN = re.compile(r"^(?:TY  - |ER  -|- PMID: )", re.MULTILINE)
_SNIFF_MIN_TAG_LINES = 3
_SNIFF_TAGGED_SHARE = 0.9
# (`<1>` is no XML: Ovid numbers its records so.)
_SNIFF_XML = re.compile(r"\A(?:\ufeff)?\s*<(?!\d+>)")


class MedlineAdapter:
    """Reads MEDLINE text (`efetch rettype=medline`) and PubMed .nbib files."""

    name = ADAPTER_NAME
    boundaries = chunks.MedlineBoundaries()
    description = (
        "MEDLINE text (efetch rettype=medline), PubMed .nbib citation files, and other"
        " databases' MEDLINE-tagged exports (ERIC, Ovid, EBSCOhost, ProQuest)"
    )

    def sniff(self, sample: Sample) -> float:
        """0.95 for text that starts with a `PMID-` line, less when one comes later, and
        0.6-0.75 for tag lines without any PMID (another database's export)."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per block of tags (with a PMID line, or anything to cite it by),
        a `FailedRecord` per other block."""
        return self.parse_shard(source, 0, 1)

    def parse_shard(
        self, source: Source, index: int, count: int
    ) -> Iterator[Record | FailedRecord]:
        """The items at positions `index`, `index + count`, ... of what `parse` yields.

        Every shard cuts the whole input into blocks (cheap next to reading a record)
        and reads only its own, so `count` processes can share one big file.
        """
        reading = _reading_for(source.demand)
        for position, block in enumerate(read_blocks(input_text(source))):
            if position % count == index:
                yield _read_block(block, source.name, reading)

    def parse_chunk(self, source: Source, chunk: chunks.Chunk) -> Iterator[Record | FailedRecord]:
        """Each item of `chunk` of the input (cut by `boundaries`), as `parse` reads it
        there, read for the source's demand. Raises `chunks.ChunkUnreadable` where the
        chunk does not read alone as the whole input reads (see `chunk_text`)."""
        text = chunk_text(source, chunk)
        reading = _reading_for(source.demand)
        for block in read_blocks([text], chunk.first_line):
            yield _read_block(block, source.name, reading)


@dataclass(frozen=True)
class _Reading:
    """How much of each record to read: the tags no output reads, and whether what no
    rule took is kept (`extra`) and reported and the lines of each field kept."""

    skipped: frozenset[str] = frozenset()
    gather_unread: bool = True


def _reading_for(demand: Demand) -> _Reading:
    """The one place the demand decides what this adapter reads."""
    if demand.details:
        return _Reading()
    return _Reading(skipped=_DETAIL_TAGS, gather_unread=False)


def _sniff_score(text: str) -> float:
    if _SNIFF_XML.match(text) or _SNIFF_FOREIGN.search(text):
        return 0.0
    if _SNIFF_PMID_START.match(text):
        return 0.95
    tag_lines = len(_SNIFF_TAG_LINE.findall(text))
    if _SNIFF_PMID_LINE.search(text) and tag_lines >= _SNIFF_MIN_TAG_LINES:
        return 0.6
    if tag_lines < _SNIFF_MIN_TAG_LINES:
        return 0.0
    # No PMID: an export of another database (ERIC, Ovid, EBSCOhost ...) in MEDLINE's
    # grammar when tag lines and their continuations are nearly all its lines.
    lines = [line for line in text.split("\n") if line.strip()]
    if text and not text.endswith("\n") and len(lines) > 1:
        lines.pop()  # the sample may cut its last line short
    tagged = sum(1 for line in lines if line[0].isspace() or parse_tag_line(line) is not None)
    numbered = sum(1 for line in lines if RECORD_NUMBER_LINE.fullmatch(line.strip()))
    if tagged + numbered < _SNIFF_TAGGED_SHARE * len(lines):
        return 0.0
    heads = [line for line in lines if not RECORD_NUMBER_LINE.fullmatch(line.strip())]
    first = parse_tag_line(heads[0].lstrip("\ufeff")) if heads else None
    known = KNOWN_TAGS | OTHER_DATABASE_TAGS
    return 0.75 if first is not None and first[0] in known else 0.6


def _read_block(block: Block, file: str, reading: _Reading) -> Record | FailedRecord:
    from_pubmed = block.has_pmid()
    # Another database's tags may stand for skipped ones (`_with_aliases`): read all.
    content = block.read(reading.skipped if from_pubmed else frozenset())
    if not from_pubmed and not _RECORD_TAGS.intersection(content.by_tag):
        return _failed_block(block, content, file)
    by_tag = content.by_tag if from_pubmed else _with_aliases(content.by_tag)
    if reading.skipped and not from_pubmed:
        by_tag = {tag: found for tag, found in by_tag.items() if tag not in reading.skipped}
    builder = RecordBuilder(
        file=file,
        fields=content.fields,
        by_tag=by_tag,
        from_pubmed=from_pubmed,
        gather_unread=reading.gather_unread,
    )
    builder.read(content.empty)
    if not reading.gather_unread:
        return builder.build(content.span)
    for number, line in content.stray:
        if not from_pubmed and RECORD_NUMBER_LINE.fullmatch(line.strip()):
            # Ovid numbers the records of an export: a position, not a property.
            builder.note("record-number", "the export's number of the record", number, line, "info")
        else:
            builder.note("unclaimed-line", "no rule took this line", number, line)
    return builder.build(content.span)


# What a block without a PMID line needs to be a record: something to cite it by.
_RECORD_TAGS = frozenset(
    {"TI", "BTI", "TT", "SO", "JT", "TA", "AB", "AU", "FAU", "CN", "PMC", "AID", "LID", "OID"}
)


def _with_aliases(by_tag: dict[str, list[TagField]]) -> dict[str, list[TagField]]:
    """`by_tag` with the fields of another database's tags (`VO`) under the MEDLINE tag
    they stand for (`VI`); each field keeps its own tag for `extra` and diagnostics."""
    if not TAG_ALIASES.keys() & by_tag.keys():
        return by_tag
    merged = dict(by_tag)
    for alias, tag in TAG_ALIASES.items():
        if alias in merged:
            merged[tag] = sorted([*merged.get(tag, []), *merged.pop(alias)], key=_START)
    return merged


def _failed_block(block: Block, content: BlockContent, file: str) -> FailedRecord:
    if content.fields:
        code = "nothing-to-cite"
        message = "a block of MEDLINE tags with no PMID line, title, source or author is no record"
    else:
        code, message = "not-a-record", "text between records that holds no MEDLINE tag line"
    diagnostic = Diagnostic(
        code=f"{CODE}.{code}", message=message, severity="error", line=block.start
    )
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=content.span,
        raw=block.text,
        diagnostics=(diagnostic,),
    )


@dataclass(slots=True)
class PersonDraft:
    """A person being read: the name tags and the affiliation and ID tags after them."""

    kind: str
    full: TagField | None = None
    short: TagField | None = None
    group: TagField | None = None
    affiliations: list[TagField] = field(default_factory=list)
    orcid: TagField | None = None


@dataclass
class RecordBuilder:
    """What has been read from one record's tagged fields so far."""

    file: str
    fields: list[TagField]
    # The fields with a value by tag, in input order: rules ask for tags dozens of times.
    by_tag: dict[str, list[TagField]]
    # False for a record of another database (no PMID line): its own tags are read too.
    from_pubmed: bool = True
    # False when no output reads the record's details (see `bibnorm.demand`): what no
    # rule took is neither kept nor reported, and the lines of each field are not kept.
    gather_unread: bool = True
    # Record fields by name; typed by the Record constructor they are handed to.
    values: dict[str, Any] = field(default_factory=dict)
    # (first line, last line, name) of each record field set, in the order they were set.
    spans: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def of(self, *tags: str) -> Sequence[TagField]:
        """The non-empty fields of `tags`, in input order."""
        by_tag = self.by_tag
        if len(tags) == 1:
            return by_tag.get(tags[0], ())
        found = [f for tag in tags if tag in by_tag for f in by_tag[tag]]
        found.sort(key=_START)
        return found

    def first(self, tag: str) -> TagField | None:
        """The first `tag` field; later ones are reported and left for `extra`."""
        found = self.by_tag.get(tag)
        if not found:
            return None
        if len(found) > 1:
            for repeat in found[1:]:
                # (Another database's tag may stand for this one: `YR` after `DP`.)
                given = tag if repeat.tag == tag else f"{tag} (as {repeat.tag})"
                self.note_field("repeated-tag", f"{given} given again; the first is kept", repeat)
        return found[0]

    def take(
        self, name: str, value: Any, fields: Sequence[TagField], in_order: bool = False
    ) -> None:
        """Set record field `name` from `fields`; an empty value sets nothing.

        `in_order` says that `fields` are in input order, as `of` gives them (or some of
        them, in that order): since no two fields share a line, they then span the lines
        from the first one's start to the last one's end, with no need to look at all.
        """
        for tag_field in fields:
            tag_field.taken = True
        # A value is a string, a tuple or a model object: only None, "" and () are false.
        if not value:
            return
        self.values[name] = value
        if not self.gather_unread:
            return
        spans = self.spans
        if name in spans:  # set again: the lines of both
            start, end, _ = spans[name]
            spans[name] = (min([start, *map(_START, fields)]), max([end, *map(_END, fields)]), name)
        elif in_order or len(fields) == 1:
            spans[name] = (fields[0].start, fields[-1].end, name)
        else:
            spans[name] = (min(map(_START, fields)), max(map(_END, fields)), name)

    def note(
        self,
        code: str,
        message: str,
        line: int | None,
        text: str | None = None,
        severity: Severity = "warning",
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=f"{CODE}.{code}", message=message, severity=severity, line=line, text=text
            )
        )

    def note_field(
        self, code: str, message: str, tag_field: TagField, severity: Severity = "warning"
    ) -> None:
        self.note(code, message, tag_field.start, tag_field.value, severity)

    def read(self, empty: list[TagField]) -> None:
        """Run every rule; `empty` are the fields without a value, which none can take."""
        for tag_field in empty:
            tag_field.taken = True
            self.note_field("empty-value", f"{tag_field.tag} has no value", tag_field, "info")
        for reader in _READERS:
            reader(self)

    def build(self, span: LineSpan) -> Record:
        if self.gather_unread:
            self._keep_the_rest()
        # Record fields in order of first line; fields that start on the same line keep
        # the order they were set in.
        fields = tuple(
            [
                FieldSource(field=name, span=LineSpan(start=start, end=end))
                for start, end, name in sorted(self.spans.values(), key=_FIRST)
            ]
        )
        provenance = Provenance(adapter=ADAPTER_NAME, file=self.file, span=span, fields=fields)
        diagnostics = tuple(sorted(self.diagnostics, key=_line_of)) if self.diagnostics else ()
        return Record(provenance=provenance, diagnostics=diagnostics, **self.values)

    def _keep_the_rest(self) -> None:
        """Every field no rule took goes to `extra`, so nothing is dropped."""
        rest = [f for f in self.fields if not f.taken]
        for unknown in rest:
            if unknown.tag not in KNOWN_TAGS and (
                self.from_pubmed or unknown.tag not in OTHER_DATABASE_TAGS
            ):
                self.note_field(
                    "unknown-tag",
                    f"{unknown.tag} is no MEDLINE tag; kept in extra",
                    unknown,
                    "info",
                )
        self.take("extra", tuple([(f.tag, f.value) for f in rest]), rest, in_order=True)


_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_FIRST = operator.itemgetter(0)


def _line_of(diagnostic: Diagnostic) -> int:
    return diagnostic.line or 0


# --- identifiers ---------------------------------------------------------------------------


def _read_identifiers(builder: RecordBuilder) -> None:
    identifiers: list[Identifier] = []
    used: list[TagField] = []
    pmid = builder.first("PMID")
    if pmid is not None:
        identifiers.append(Identifier(scheme="pmid", value=pmid.value))
        used.append(pmid)
    for tag_field in builder.of("AID", "PMC", "MID", "ISBN"):
        ident = _identifier_of(tag_field, builder)
        if ident is not None:
            identifiers.append(ident)
            used.append(tag_field)
    if not builder.from_pubmed:
        _other_identifiers(builder, identifiers, used)
    known_dois = {i.value.lower() for i in identifiers if i.scheme == "doi"}
    lid_doi = _doi_from_lid(builder, known_dois)
    if lid_doi is not None:
        identifiers.append(Identifier(scheme="doi", value=lid_doi[0]))
        used.append(lid_doi[1])
    # A PMID is kept as printed, leading zeros and all (`0012345`): so does the
    # identifier normaliser, which finds repeats without them.
    builder.take("identifiers", tuple(identifiers), used)


def _other_identifiers(
    builder: RecordBuilder, identifiers: list[Identifier], used: list[TagField]
) -> None:
    """Another database's identifiers: a bare DOI (`DO`), an ERIC number (`OID`)."""
    for tag_field in builder.of(*DOI_TAGS):
        doi = doi_of_url(tag_field.value) or tag_field.value.removeprefix("doi:").strip()
        if doi.startswith("10."):
            identifiers.append(Identifier(scheme="doi", value=doi))
            used.append(tag_field)
    for tag_field in builder.of("IS"):
        # ERIC writes a book's ISBN among its ISSNs: `IS  - ISBN-978-...`.
        if tag_field.value.upper().startswith("ISBN"):
            isbn = tag_field.value[4:].lstrip(":- ").strip()
            if isbn:  # a bare `ISBN` names none: the line stays in extra
                identifiers.append(Identifier(scheme="isbn", value=isbn))
                used.append(tag_field)
    for tag_field in builder.of("OID"):
        if ERIC_NUMBER.fullmatch(tag_field.value):
            identifiers.append(Identifier(scheme="eric", value=tag_field.value))
            used.append(tag_field)


def _identifier_of(tag_field: TagField, builder: RecordBuilder) -> Identifier | None:
    value = tag_field.value
    if tag_field.tag == "PMC":
        return Identifier(scheme="pmcid", value=value)
    if tag_field.tag == "MID":
        return Identifier(scheme="mid", value=value)
    if tag_field.tag == "ISBN":
        isbn = value.removeprefix("ISBN").strip()
        return Identifier(scheme="isbn", value=isbn) if isbn else None
    typed = _TYPED_ID.fullmatch(value)
    if typed is not None:
        kind = typed.group("kind").lower()
        return Identifier(scheme=_ID_SCHEMES.get(kind, kind), value=typed.group("value"))
    if value.lower().startswith(("doi:", "10.")):
        builder.note_field("untyped-id", "AID without [type]: read as a DOI", tag_field, "info")
        return Identifier(scheme="doi", value=value)
    if (doi := doi_of_url(value)) is not None:
        builder.note_field("untyped-id", "AID is a DOI link: read as a DOI", tag_field, "info")
        return Identifier(scheme="doi", value=doi)
    if not builder.from_pubmed and value.lower().startswith(("http://", "https://")):
        return None  # the record's link: `_read_url` takes it
    builder.note_field("untyped-id", "AID without [type]; kept in extra", tag_field)
    return None


def _doi_from_lid(builder: RecordBuilder, known_dois: set[str]) -> tuple[str, TagField] | None:
    """The DOI of an `LID ... [doi]` field and the field, when no AID gave a DOI: the XML
    adds its ELocationID DOI only when its ArticleIdList has none."""
    for tag_field in builder.of("LID"):
        typed = _TYPED_ID.fullmatch(tag_field.value)
        if typed is None or typed.group("kind").lower() != "doi":
            continue
        if not known_dois:
            return typed.group("value"), tag_field
        # The DOI an AID line gave already is taken; a different one stays in `extra`.
        tag_field.taken = typed.group("value").lower() in known_dois
    return None


# --- people --------------------------------------------------------------------------------


def _read_people(builder: RecordBuilder) -> None:
    """Authors, editors and investigators, in input order, with what follows each name."""
    for kind, (drafts, used) in _people_of(builder).items():
        builder.take(kind, tuple([_person(d) for d in drafts]), used, in_order=True)


def _people_of(builder: RecordBuilder) -> dict[str, tuple[list[PersonDraft], list[TagField]]]:
    """The people of each kind (authors, then editors, then investigators, those with
    any), and the fields they took, in input order.

    A name tag starts a person, or completes the one before it; the affiliation and ID
    tags after it belong to the last person started.
    """
    people: dict[str, tuple[list[PersonDraft], list[TagField]]] = {
        "authors": ([], []),
        "editors": ([], []),
        "investigators": ([], []),
    }
    early_affiliations: list[TagField] = []
    current: PersonDraft | None = None  # the person started last
    used: list[TagField] = []  # the fields of its kind taken so far
    for tag_field in builder.of(*_PERSON_TAGS):
        tag = tag_field.tag
        kind = _NAME_TAGS.get(tag)
        if kind == "authors" and tag_field.value[:2] in _ET and _ET_AL.fullmatch(tag_field.value):
            # The input cut the author list short: a flag, not an author.
            builder.take("et_al", True, [tag_field])
            continue
        if kind is not None:
            if current is not None and current.kind == kind:
                if tag in _FULL_NAME_TAGS:
                    if current.full is None and _is_full_name_of(tag_field, current):
                        current.full = tag_field
                        used.append(tag_field)
                        continue
                elif tag != "CN" and current.full is not None and current.short is None:
                    current.short = tag_field
                    used.append(tag_field)
                    continue
            current = PersonDraft(kind=kind)
            if tag in _FULL_NAME_TAGS:
                current.full = tag_field
            elif tag == "CN":
                current.group = tag_field
            else:
                current.short = tag_field
            drafts, used = people[kind]
            drafts.append(current)
            used.append(tag_field)
        elif tag == "AUID":
            replaced = current.orcid if current is not None else None
            if _add_author_id(tag_field, current, builder):
                if replaced is not None:
                    used.remove(replaced)  # left for `extra`
                used.append(tag_field)
        elif current is None:
            early_affiliations.append(tag_field)
        elif tag == "AD" or current.kind == "investigators":
            current.affiliations.append(tag_field)
            used.append(tag_field)
    # Older records give the affiliation once, before the authors; the XML puts it on
    # the first author.
    drafts, used = people["authors"]
    if early_affiliations and drafts:
        drafts[0].affiliations[:0] = early_affiliations
        used[:0] = early_affiliations
    return {kind: found for kind, found in people.items() if found[0]}


# `AU  - et al.`, `FAU - et al`: the end of a truncated author list.
_ET_AL = re.compile(r"et\.?\s*al\.?", re.IGNORECASE)
_ET = frozenset({"et", "Et", "ET", "eT"})  # checked first: a set lookup, not a regex
# Who a name tag starts a person of: a group name (CN) is an author.
_NAME_TAGS = {**_FULL_NAME_TAGS, **_SHORT_NAME_TAGS, "CN": "authors"}
_PERSON_TAGS = (
    *_FULL_NAME_TAGS,
    *_SHORT_NAME_TAGS,
    "CN",
    "AD",
    "IRAD",
    "AUID",
)


def _is_full_name_of(full: TagField, draft: PersonDraft) -> bool:
    """True when `full` names the person `draft` started with a short name only: for
    inputs that give AU before FAU (FAU comes first in PubMed's own output)."""
    if draft.full is not None or draft.short is None:
        return False
    full_family = split_full_name(full.value, None)[0]
    return full_family == split_short_name(draft.short.value)[0]


def _add_author_id(
    tag_field: TagField, current: PersonDraft | None, builder: RecordBuilder
) -> bool:
    """`AUID- ORCID: 0000-0002-1825-0097` (or an orcid.org URL) as the bare ORCID iD of
    `current`, replacing any before it; True when it is one."""
    source, _, value = tag_field.value.partition(":")
    if current is None or source.strip().upper() != "ORCID":
        return False
    if normalise_orcid(value) is None:
        builder.note_field("invalid-orcid", "not an ORCID iD; kept in extra", tag_field)
        return False
    current.orcid = tag_field
    return True


def _person(draft: PersonDraft) -> Person:
    """The person a draft names: FAU gives family and given names, AU the initials."""
    affiliations = tuple([f.value for f in draft.affiliations])
    orcid = normalise_orcid(draft.orcid.value.partition(":")[2]) if draft.orcid else None
    if draft.group is not None:
        return Person(literal=draft.group.value, affiliations=affiliations, orcid=orcid)
    family, initials, suffix = "", None, None
    full = draft.full
    if draft.short is not None and full is None and "," in draft.short.value:
        # Other databases write the full name in AU (`Alvarez, Maria`).
        full = draft.short
    elif draft.short is not None:
        family, initials, suffix = split_short_name(draft.short.value)
    given = None
    if full is not None:
        family, given, suffix = split_full_name(full.value, suffix)
    name_field = draft.full or draft.short
    return Person(
        family=family or None,
        given=given,
        initials=initials,
        suffix=suffix,
        affiliations=affiliations,
        orcid=orcid,
        raw=name_field.value if name_field else None,
    )


def split_short_name(text: str) -> tuple[str, str | None, str | None]:
    """`(family, initials, suffix)` of an AU name: `Kaelin WG Jr`, `van der Berg JM`."""
    words = text.split()
    suffix = words.pop() if _ends_with_suffix(words) else None
    initials = None
    if len(words) >= 2 and _INITIALS.fullmatch(words[-1]):
        initials = words.pop()
    elif len(words) >= 2 and _DOTTED_INITIALS.fullmatch(words[-1]):
        # Ovid and others dot the initials (`Nakamura K.`, `van der Berg J.M.`).
        initials = words.pop().replace(".", "")
    return " ".join(words), initials, suffix


def _ends_with_suffix(words: list[str]) -> bool:
    if len(words) >= 2 and words[-1] in _WORD_SUFFIXES:
        return True
    return len(words) >= 3 and words[-1] in _ROMAN_SUFFIXES and bool(_INITIALS.fullmatch(words[-2]))


def split_full_name(text: str, suffix: str | None) -> tuple[str, str | None, str | None]:
    """`(family, given, suffix)` of an FAU name: `Rossi, Maria Grazia`, `Kaelin, William G Jr`.

    `suffix` is the one the AU name gave, if any; without it only an unambiguous word
    (`Jr`, `2nd`) ending the given names is a suffix.
    """
    family, comma, given_text = text.partition(",")
    words = given_text.split()
    if suffix is not None and words and words[-1] == suffix:
        words.pop()
    elif suffix is None and len(words) >= 2 and words[-1] in _WORD_SUFFIXES:
        suffix = words.pop()
    if not comma:
        return text.strip(), None, suffix
    return family.strip(), " ".join(words) or None, suffix


# --- titles, container, locators ----------------------------------------------------------


def _is_book(builder: RecordBuilder) -> bool:
    return bool(builder.of("BTI"))


def _read_titles(builder: RecordBuilder) -> None:
    title = builder.first("TI")
    book_title = builder.first("BTI")
    vernacular = builder.first("TT")
    if vernacular is not None and (title is None or is_no_title(title.value)):
        # PubMed leaves TI empty or `[Not Available].` for some articles with a
        # vernacular title only; Zotero then takes that one, and so does this.
        builder.take("title", strip_final_period(vernacular.value) or None, [vernacular])
        builder.take("vernacular_title", strip_final_period(vernacular.value), [vernacular])
        what = "TI is empty" if title is None else f"TI is {title.value!r}"
        message = f"{what}; the title is taken from TT"
        builder.note_field("title-from-vernacular", message, vernacular, "info")
        if title is not None:
            title.taken = True
        return
    if title is not None:
        builder.take("title", strip_final_period(title.value) or None, [title])
        if book_title is not None:
            # A chapter: the book is its container.
            builder.take("container_title", strip_final_period(book_title.value), [book_title])
    elif book_title is not None:
        builder.take("title", strip_final_period(book_title.value) or None, [book_title])
    if vernacular is not None:
        builder.take("vernacular_title", strip_final_period(vernacular.value) or None, [vernacular])


def _read_container(builder: RecordBuilder) -> None:
    is_book = _is_book(builder)
    if not is_book:
        _take_first(builder, "JT", "container_title")
    _take_first(builder, "TA", "container_title_short")
    for tag, name in (("VI", "volume"), ("IP", "issue"), ("PB", "publisher"), ("EN", "edition")):
        _take_first(builder, tag, name)
    if is_book:
        _take_first(builder, "PL", "publisher_place")


def _take_first(builder: RecordBuilder, tag: str, name: str) -> None:
    if tag not in builder.by_tag:
        return
    tag_field = builder.first(tag)
    if tag_field is not None:
        builder.take(name, tag_field.value, [tag_field])


def _read_pages(builder: RecordBuilder) -> None:
    pages = builder.first("PG")
    if (
        pages is not None
        and not builder.from_pubmed
        and pages.value.isdigit()
        and builder.values.get("type") in _WHOLE_WORK_TYPES
    ):
        # ERIC gives a report's or book's length in PG (`PG  - 48`): no page of it.
        message = "PG of a whole report, book or thesis is its page count; kept in extra"
        builder.note_field("page-count", message, pages, "info")
        return
    if pages is not None:
        expanded = expand_page_range(pages.value)
        builder.take("pages", expanded, [pages])
        if expanded != pages.value:
            builder.take("pages_raw", pages.value, [pages])
        return
    for tag_field in builder.of("LID"):
        typed = _TYPED_ID.fullmatch(tag_field.value)
        if typed is not None and typed.group("kind").lower() == "pii":
            builder.take("article_number", typed.group("value"), [tag_field])
            return


# Types of a whole work, whose `PG` (in other databases' exports) counts its pages.
_WHOLE_WORK_TYPES = frozenset({"report", "book", "thesis"})


def _read_journal(builder: RecordBuilder) -> None:
    values: dict[str, str] = {}
    used: list[TagField] = []
    for tag_field in builder.of("IS"):
        if tag_field.taken:  # an ISBN another rule took
            continue
        typed = typed_issn(tag_field.value)
        if typed is None and not builder.from_pubmed:
            typed = other_issn(tag_field.value)
        if typed is None:
            builder.note_field(
                "invalid-issn", "not an ISSN with its type; kept in extra", tag_field
            )
            continue
        key, issn = typed
        if key in values:
            continue
        values[key] = issn
        used.append(tag_field)
    is_book = _is_book(builder)
    for tag, key in (("JID", "nlm_unique_id"), ("TA", "medline_ta"), ("PL", "country")):
        found = builder.of(tag)
        if found and not (key == "country" and is_book):
            values[key] = found[0].value
            used.append(found[0])
    builder.take("journal", JournalInfo(**values) if values else None, used)


# A file's records come from a few journals: their ISSN values repeat.
@functools.lru_cache(maxsize=4096)
def typed_issn(text: str) -> tuple[str, str] | None:
    """`1367-4811 (Electronic)` as (`issn_electronic`, `1367-4811`); None for a value
    that is no ISSN with its type."""
    match = _ISSN.fullmatch(text)
    issn = normalise_issn(match.group("issn")) if match else None
    if match is None or issn is None:
        return None
    return f"issn_{match.group('kind').lower()}", issn


# --- other databases' source line and link -----------------------------------------------


def _read_other_database(builder: RecordBuilder) -> None:
    """The source line (`SO`) and link of a record from another database; the tags of
    its own (`VI`, `DP` ...) come first, the source line fills what they leave out."""
    if builder.from_pubmed:
        return
    _read_url(builder)
    source = builder.first("SO")
    if source is None:
        return
    read = parse_source_line(source.value)
    if read is None:
        builder.note_field("unread-source", "SO not read as a source line; kept in extra", source)
        return
    values = builder.values
    differ: list[str] = []
    pages = expand_page_range(read.pages) if read.pages else None
    for name, value in (
        ("container_title", read.journal),
        ("volume", read.volume),
        ("issue", read.issue),
        ("pages", pages),
    ):
        if value is None:
            continue
        if name not in values:
            builder.take(name, value, [source])
            if name == "pages" and value != read.pages:
                builder.take("pages_raw", read.pages, [source])
        elif values[name] != value:
            differ.append(name)
    issued: DateParts | None = values.get("issued")
    if issued is not None and read.issued is not None and _more_precise(read.issued, issued):
        # Ovid's `YR` is the year alone; the source line's `2019 May-Jun` says more.
        issued = None
    if read.issued is not None and issued is None:
        if read.date_problem is not None:
            builder.note_field("partial-date", read.date_problem, source, "info")
        builder.take("issued", read.issued, [source])
    elif read.issued is not None and issued is not None and issued.year != read.issued.year:
        differ.append("year")
    source.taken = not differ and read.page_count is None
    if differ:
        message = f"SO gives another {', '.join(differ)} than the record's tags; kept in extra"
        builder.note_field("source-mismatch", message, source)


def _more_precise(date: DateParts, than: DateParts) -> bool:
    """True when `date` is in the year `than` gives alone, and says more."""
    if date.year != than.year or than.month or than.season or than.end_year:
        return False
    return bool(date.month or date.season)


def _read_url(builder: RecordBuilder) -> None:
    """The record's link: a URL tag (`UR`), else a link in an AID that is no DOI."""
    candidates = [*builder.of(*URL_TAGS), *builder.of("AID")]
    for tag_field in candidates:
        if tag_field.value.lower().startswith(("http://", "https://")) and not tag_field.taken:
            builder.take("url", tag_field.value, [tag_field])
            return


# --- dates -----------------------------------------------------------------------------------


# Dates repeat across a file's records (a journal's issue, the day PubMed added a batch),
# so what each date value reads as is kept: these caches are keyed by one short value.
_printed_date = functools.lru_cache(maxsize=4096)(read_printed_date)


def _read_dates(builder: RecordBuilder) -> None:
    issued = builder.first("DP")
    if issued is not None:
        _take_printed_date(builder, issued)
    epub = builder.first("DEP")
    if epub is not None:
        date = compact_date(epub.value)
        if date is None:
            builder.note_field(
                "unparsed-date", "DEP is no valid YYYYMMDD date; kept in extra", epub
            )
        else:
            builder.take("epub_date", date, [epub])
    _read_history(builder)


def _take_printed_date(builder: RecordBuilder, tag_field: TagField) -> None:
    """`issued` from a date as PubMed prints it, read by the grammar every source shares
    (an XML MedlineDate of the same text gives the same date)."""
    printed = _printed_date(tag_field.value)
    if printed.date is None:
        message = f"{tag_field.tag} is no PubMed date; kept in extra"
        builder.note_field("unparsed-date", message, tag_field)
        return
    if printed.problem is not None:
        builder.note_field("partial-date", printed.problem, tag_field, "info")
    builder.take("issued", printed.date, [tag_field])


@functools.lru_cache(maxsize=4096)
def compact_date(text: str) -> DateParts | None:
    """`20220310` as DateParts(2022, 3, 10); None for anything else."""
    match = _COMPACT_DATE.fullmatch(text.strip())
    return _valid_date(match, text.strip()) if match else None


def _valid_date(match: re.Match[str], raw: str) -> DateParts | None:
    """The date of a `y`/`m`/`d` match, as precise as it is; None for an impossible one."""
    year_text, month_text, day_text = match.group("y", "m", "d")
    year = int(year_text)
    month = int(month_text) if month_text else None
    day = int(day_text) if month and day_text else None
    if month == 0 or day == 0:
        return None  # `2001/0` (a cut-off value) or `2001/00/00` names no month or day
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return DateParts(year=year, month=month, day=day, raw=raw)


def _read_history(builder: RecordBuilder) -> None:
    history: list[HistoryDate] = []
    used: list[TagField] = []
    dated_statuses = builder.of("PHST")
    for tag_field in dated_statuses:
        entry = dated_status(tag_field.value)
        if entry is None:
            builder.note_field("unparsed-date", "PHST is no dated status; kept in extra", tag_field)
            continue
        history.append(entry)
        used.append(tag_field)
    if not dated_statuses:
        # PHST is written from the XML's History whole; only without it do the older
        # date tags stand in for it.
        for tag, status in _HISTORY_TAGS.items():
            history.extend(_history_of_tag(builder, tag, status, used))
    # PHST fields are in input order; the older date tags are in the order of
    # `_HISTORY_TAGS`, which need not be.
    builder.take("history", tuple(history), used, in_order=bool(dated_statuses))


@functools.lru_cache(maxsize=4096)
def dated_status(text: str) -> HistoryDate | None:
    """`2022/01/05 00:00 [received]` as HistoryDate(received, 2022-01-05); None for a
    value that is no valid date with a status."""
    match = _PHST.fullmatch(text)
    date = _valid_date(match, match.group("date")) if match else None
    if match is None or date is None:
        return None
    return HistoryDate(status=match.group("status").strip(), date=date)


@functools.lru_cache(maxsize=4096)
def history_date(text: str) -> DateParts | None:
    """An EDAT/MHDA/CRDT value (`2002/09/17 10:00`) as a date; None for no valid one."""
    match = _HISTORY_DATE.fullmatch(text)
    return _valid_date(match, text) if match else None


def _history_of_tag(
    builder: RecordBuilder, tag: str, status: str, used: list[TagField]
) -> list[HistoryDate]:
    """An EDAT/MHDA/CRDT date as the history entry PHST gives in newer records."""
    for tag_field in builder.of(tag)[:1]:
        date = history_date(tag_field.value)
        if date is None:
            builder.note_field("unparsed-date", f"{tag} is no date; kept in extra", tag_field)
            return []
        used.append(tag_field)
        return [HistoryDate(status=status, date=date)]
    return []


# --- abstract, terms, links ---------------------------------------------------------------


def _read_abstract(builder: RecordBuilder) -> None:
    paragraphs = builder.of("AB")
    if not paragraphs:
        return
    sections = tuple([s for p in paragraphs for s in abstract_sections(p.value)])
    copyright_field = builder.first("CI")
    used = [*paragraphs, *([copyright_field] if copyright_field else [])]
    copyright_text = copyright_field.value if copyright_field else None
    builder.take("abstract", Abstract(sections=sections, copyright=copyright_text), used)


def abstract_sections(text: str) -> tuple[AbstractSection, ...]:
    """An AB value cut at its `LABEL:` words (`BACKGROUND: ... METHODS: ...`); text
    before the first label, or with none, is a section without a label."""
    labels: list[re.Match[str]] = []
    if ":" in text:  # no label without one: the search is skipped
        labels = [m for m in _ABSTRACT_LABEL.finditer(text) if _starts_sentence(text, m.start())]
    sections: list[AbstractSection] = []
    lead = text[: labels[0].start() if labels else len(text)].strip()
    if lead:
        sections.append(AbstractSection(text=lead))
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        body = text[label.end() : end].strip()
        if body:
            sections.append(AbstractSection(text=body, label=label.group("label")))
        else:
            # A label with nothing after it: the label is all the input has.
            sections.append(AbstractSection(text=label.group(0).strip()))
    return tuple(sections)


def _starts_sentence(text: str, index: int) -> bool:
    """True when `index` starts `text` or follows `.`, `?` or `!` and one white space."""
    return index == 0 or (index >= 2 and text[index - 2] in ".?!" and text[index - 1].isspace())


def _read_terms(builder: RecordBuilder) -> None:
    mesh: list[TagField] = []
    headings: list[MeshHeading] = []
    for tag_field in builder.of("MH"):
        heading = mesh_heading(tag_field.value)
        if heading.descriptor:
            mesh.append(tag_field)
            headings.append(heading)
        else:
            # `MH  - *` or `MH  - /drug therapy` names no descriptor; left untaken, it
            # stays in extra.
            builder.note_field("invalid-mesh", "a MeSH heading without a descriptor", tag_field)
    builder.take("mesh_terms", tuple(headings), mesh, in_order=True)
    types = builder.of("PT")
    builder.take(
        "publication_types",
        tuple([publication_type(f.value) for f in types]),
        types,
        in_order=True,
    )
    substances = builder.of("RN")
    builder.take(
        "substances", tuple([substance(f.value) for f in substances]), substances, in_order=True
    )
    languages = builder.of("LA")
    builder.take("languages", tuple([f.value for f in languages]), languages, in_order=True)
    _read_keywords(builder)
    _read_grants(builder)
    _take_first(builder, "COIS", "conflict_of_interest")


# MeSH headings repeat across records (`Humans`, `Female` ...): each is built once.
@functools.lru_cache(maxsize=4096)
def mesh_heading(text: str) -> MeshHeading:
    """`Bone Neoplasms/*drug therapy/secondary`, `*Lung Neoplasms`: MEDLINE puts a `*`
    before each major name and a `/` before each qualifier."""
    descriptor, *parts = text.split("/")
    descriptor = descriptor.strip()
    qualifiers: list[MeshQualifier] = []
    for part in parts:
        qualifier = part.strip()
        name = qualifier.lstrip("*").strip()
        if name:
            qualifiers.append(MeshQualifier(name=name, major=qualifier.startswith("*")))
    return MeshHeading(
        descriptor=descriptor.lstrip("*").strip(),
        major=descriptor.startswith("*"),
        qualifiers=tuple(qualifiers),
    )


# Publication types and substances repeat across records as MeSH headings do.
@functools.lru_cache(maxsize=1024)
def publication_type(name: str) -> PublicationType:
    return PublicationType(name=name)


@functools.lru_cache(maxsize=4096)
def substance(text: str) -> Substance:
    """`31YO63LBSN (Nivolumab)`; `0 (Antibodies)` has no registry number."""
    match = _SUBSTANCE.fullmatch(text.strip())
    if match is None:
        return Substance(name=text.strip())
    number = match.group("number")
    registry_number = None if number == _NO_REGISTRY_NUMBER else number
    return Substance(name=match.group("name").strip(), registry_number=registry_number)


def _read_keywords(builder: RecordBuilder) -> None:
    """`OT` keywords; an `OTO` line names the owner of the OT lines after it."""
    keywords: list[Keyword] = []
    used: list[TagField] = []
    owner: str | None = None
    for tag_field in builder.of("OTO", "OT"):
        used.append(tag_field)
        if tag_field.tag == "OTO":
            owner = tag_field.value
            continue
        term = tag_field.value.lstrip("*").strip()
        if term:
            major = tag_field.value.startswith("*")
            keywords.append(Keyword(term=term, owner=owner, major=major))
    builder.take("keywords", tuple(keywords), used, in_order=True)


def _read_grants(builder: RecordBuilder) -> None:
    grants: list[Grant] = []
    used: list[TagField] = []
    for tag_field in builder.of("GR"):
        grant = parse_grant(tag_field.value)
        if grant is None:
            builder.note_field("unparsed-grant", "GR not read as a grant; kept in extra", tag_field)
            continue
        grants.append(grant)
        used.append(tag_field)
    builder.take("grants", tuple(grants), used, in_order=True)


def _read_links(builder: RecordBuilder) -> None:
    links: list[Link] = []
    fields = builder.of(*LINK_RELATIONS)
    for tag_field in fields:
        links.append(Link(relation=LINK_RELATIONS[tag_field.tag], citation=linked(tag_field.value)))
    builder.take("links_to", tuple(links), fields, in_order=True)


def linked(text: str) -> Citation:
    """`Lancet. 2020 Jan 4;395(10217):e3. PMID: 31908284` as Citation(raw, pmid)."""
    match = _LINK_PMID.search(text)
    if match is None:
        return Citation(raw=text.strip())
    raw = text[: match.start()].strip() or None
    return Citation(raw=raw, identifiers=(Identifier(scheme="pmid", value=match.group("pmid")),))


def _read_type(builder: RecordBuilder) -> None:
    names = tuple([f.value for f in builder.of("PT")])
    is_book = _is_book(builder)
    chapter = is_book and bool(builder.of("TI"))
    builder.values["type"] = _csl_type(names, is_book and not chapter, chapter)
    if (
        not builder.from_pubmed
        and not is_book
        and named_type(names) is None
        and not _JOURNAL_TAGS.intersection(builder.by_tag)
        and "journal article" not in {name.strip().lower() for name in names}
    ):
        # Another database's record that names no journal and no type of a known kind
        # (ERIC's `Guides - Non-Classroom`, `Opinion Papers`) is no journal article: a
        # report when someone published it, else a document.
        builder.values["type"] = "report" if builder.of("PB") else "document"


# Tags that name the journal an article is in; a source line (SO) may name one too.
_JOURNAL_TAGS = frozenset({"JT", "TA", "SO"})


# Records share a handful of publication type lists (`Journal Article`, `Review` ...).
@functools.lru_cache(maxsize=1024)
def _csl_type(publication_types: tuple[str, ...], book: bool, chapter: bool) -> str:
    return csl_type(publication_types, book=book, chapter=chapter)


_READERS: tuple[Callable[[RecordBuilder], None], ...] = (
    _read_type,
    _read_identifiers,
    _read_titles,
    _read_people,
    _read_container,
    _read_journal,
    _read_pages,
    _read_dates,
    _read_other_database,
    _read_abstract,
    _read_terms,
    _read_links,
)


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `medline` adapter."""
    register(MedlineAdapter())


__all__ = [
    "ADAPTER_NAME",
    "KNOWN_TAGS",
    "LINK_RELATIONS",
    "MedlineAdapter",
    "abstract_sections",
    "bibnorm_register_sources",
    "compact_date",
    "mesh_heading",
    "normalise_orcid",
    "parse_tag_line",
    "split_blocks",
    "split_full_name",
    "split_short_name",
    "substance",
]
