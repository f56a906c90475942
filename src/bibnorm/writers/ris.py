"""The RIS writer: records as RIS, the tagged format every reference manager imports.

EndNote, Zotero, Mendeley and RefWorks all read RIS. Each CSL item (`bibnorm.csl`)
becomes one RIS record: `TAG  - value` lines from `TY` to `ER`, a blank line between
records, every line ended with CR LF as the RIS specification writes them. With
`--with-related`, similar articles, citing articles and references are records of their
own, as in CSL-JSON, and are validated against the same schema (`csl-output`).

Decisions that a reader of the output may wonder about:

- One line per field: RIS readers take an untagged line as the continuation of the field
  above, and join it differently (rispy with a space, some with nothing), so line breaks
  inside a value (the paragraphs of an abstract) are written as one space.
- `TI` is the plain title: RIS has no markup, and EndNote and Mendeley would show CSL's
  `<i>` and `<sub>` tags as text, so the title is written as MEDLINE writes one
  (`csl.plain_title`): scripts in parentheses (`CO(2)`, `10(5)`), other tags dropped.
- `AU` is `Family, Given` (with a suffix, `Family, Given, Suffix`, and a particle before
  the family name: `van der Berg, Jan`; a family name alone is `Family,`), a group
  author its name: readers take a name without a comma for a group's, so a comma in a
  group's name is written `;` (`FAO; IFAD; UNICEF`), one inside a number (`3,000`)
  dropped. `A2` holds the editors of a book or chapter.
- `T2` is the container (journal, book) title; a periodical's full title is also in `JO`,
  its abbreviation in `J2`. `PY` is the year; `DA` the date as `YYYY/MM/DD/other`, with
  the parts it lacks left empty, a season (`2019///Spring`) or the end of a date range
  (`2022/01//to 2022/02`) in the free `other` part. `Y2` is the date a URL was read.
- `SP`/`EP` split a simple page range (`112-121`); MEDLINE's shortened end page
  (`1234-8`) is written whole (`1238`), since `EP` is the end page and readers join
  `SP-EP` back. Anything else (`S12; discussion S40`, a lone `e0123`) is all in `SP`, so
  nothing is cut. Without pages, `SP` holds the article number; `C7` always does
  (EndNote's "Article Number").
- `AN` is the PMID, the accession number in PubMed, with `DB  - PubMed` naming that
  database so that an importer knows what the number is; `C2` is the PMCID, where
  EndNote's PubMed import puts it. `SN` is the ISSN or ISBN (both, joined
  with `; `, in the rare item that has both).
- A `UR` value is split at `;` by some readers (rispy), so a `;` in a URL is written
  `%3B`, which doi.org and web servers read as `;`.
- `ID` is the item's CSL id, unique across the output; a related item has an `N1` note
  saying what it is to its record (`reference of pmid:123`), and an item without a title
  an `N1` with the text the input gave for it.
- `KW` is one line per keyword. `items` keeps the record's keywords apart with a line
  feed in the CSL `keyword` field (no keyword has one: a field is one line), since CSL's
  own `, ` is also found inside keywords (`Diagnosis, differential`).

Not written: the electronic publication date when there is another (RIS has no common
tag for it); it is the `PY`/`DA` date when the publication date is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from bibnorm.csl import plain_title, unique_ids
from bibnorm.hookspecs import hookimpl
from bibnorm.model import Record
from bibnorm.registry import JSONItem, WriteOptions, Writer
from bibnorm.writers.csl_json import CslItemsWriter

__all__ = ["RIS_TYPES", "RisWriter", "ris_record"]

# RIS ends every line so, the specification says; readers on every system accept it.
LINE_END = "\r\n"

# The RIS type of each CSL type `csl-output` allows. CSL types RIS has no code for are
# GEN (generic); a review is an article in a journal.
RIS_TYPES: dict[str, str] = {
    "article": "GEN",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "dataset": "DATA",
    "document": "GEN",
    "entry-dictionary": "DICT",
    "entry-encyclopedia": "ENCYC",
    "manuscript": "MANSCPT",
    "pamphlet": "PAMP",
    "paper-conference": "CONF",
    "patent": "PAT",
    "personal_communication": "PCOMM",
    "post": "ELEC",
    "post-weblog": "BLOG",
    "report": "RPRT",
    "review": "JOUR",
    "review-book": "JOUR",
    "software": "COMP",
    "speech": "GEN",
    "standard": "STAND",
    "thesis": "THES",
    "webpage": "ELEC",
}
_PERIODICALS = frozenset({"JOUR", "MGZN", "NEWS"})
_SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}
# What a related item is to the record it came with.
_RELATIONS = {"reference": "reference of", "cited-by": "cites", "similar": "similar to"}

# The line ends `str.splitlines` knows: a reader splitting on any of them would see a
# line without a tag.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+\s*")
# A page range of two page numbers with no spaces, commas or other dashes in either.
_PAGE_RANGE = re.compile(r"^([^\s,;\-–]+)[\-–]([^\s,;\-–]+)$")
_NAME_COMMA = re.compile(r"\s*,\s*")
# Keeps the keywords of a record apart in the item `items` gives (see the module docstring).
_KEYWORD_SEPARATOR = "\n"


class RisWriter(CslItemsWriter):
    """Writes records as RIS (`--to ris`): the CSL items, as RIS records."""

    name = "ris"
    suffix = ".ris"
    description = "RIS: tagged records for EndNote, Zotero, Mendeley, RefWorks (CRLF)"

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        items = super().items(record, options)
        keywords = [_one_line(k.term) for k in record.keywords if k.term.strip()]
        items[0].pop("keyword", None)
        if keywords:
            items[0]["keyword"] = _KEYWORD_SEPARATOR.join(keywords)
        return items

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        for count, item in enumerate(unique_ids(items)):
            if count:
                stream.write(LINE_END)
            stream.write(ris_record(item))


def ris_record(item: JSONItem) -> str:
    """One CSL item as a RIS record, from its `TY` line to its `ER` line, CR LF ended."""
    lines = [f"{tag}  - {value}{LINE_END}" for tag, value in _fields(item)]
    return "".join(lines) + f"ER  - {LINE_END}"


def _fields(item: JSONItem) -> Iterator[tuple[str, str]]:
    """The item's tags and values in RIS order, each value on one line; none empty."""
    ris_type = RIS_TYPES.get(item["type"], "GEN")
    tagged: list[tuple[str, Any]] = [("TY", ris_type), ("ID", item["id"])]
    tagged += [("AU", _name(person)) for person in item.get("author", ())]
    tagged += [("A2", _name(person)) for person in item.get("editor", ())]
    tagged.append(("TI", plain_title(item.get("title", ""))))
    tagged.append(("T2", item.get("container-title")))
    if ris_type in _PERIODICALS:
        tagged.append(("JO", item.get("container-title")))
    tagged.append(("J2", item.get("container-title-short")))
    tagged += _date_fields(item)
    tagged += [("VL", item.get("volume")), ("IS", item.get("issue"))]
    tagged += _page_fields(item)
    tagged += [("ET", item.get("edition") or item.get("version"))]
    tagged += [("PB", item.get("publisher")), ("CY", item.get("publisher-place"))]
    tagged.append(("SN", "; ".join(item[key] for key in ("ISSN", "ISBN") if key in item)))
    tagged.append(("DO", item.get("DOI")))
    if "PMID" in item:
        tagged += [("AN", item["PMID"]), ("DB", "PubMed")]
    tagged.append(("C2", item.get("PMCID")))
    tagged.append(("UR", (item.get("URL") or "").replace(";", "%3B")))
    tagged.append(("LA", item.get("language")))
    tagged.append(("AB", item.get("abstract")))
    tagged += [("KW", term) for term in _keywords(item.get("keyword"))]
    tagged += _notes(item)
    for tag, value in tagged:
        text = _one_line(str(value)) if value else ""
        if text:
            yield tag, text


def _name(person: dict[str, str]) -> str:
    """`Family, Given, Suffix` (any particle before the family name), or a group's name.

    A comma separates the parts of a RIS name, so none is written inside a part: a
    group's `A, B` becomes `A; B` (readers would take `A` for a family name), a comma
    within a number (`3,000`) is dropped, and a person's `J. J., M. U.` is `J. J. M. U.`.
    """
    if "literal" in person:
        return re.sub(r",\s+", "; ", person["literal"]).replace(",", "")
    particles = (person.get("dropping-particle"), person.get("non-dropping-particle"))
    family = " ".join(part for part in (*particles, person["family"]) if part)
    family, given, suffix = (
        _NAME_COMMA.sub(" ", part).strip() if "," in part else part
        for part in (family, person.get("given", ""), person.get("suffix", ""))
    )
    if suffix:
        return f"{family}, {given}, {suffix}"
    # The comma says "a person's family name": a name without one is read as a group's.
    return f"{family}, {given}" if given else f"{family},"


def _date_fields(item: JSONItem) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    issued = item.get("issued")
    if issued:
        fields += [("PY", str(issued["date-parts"][0][0])), ("DA", _ris_date(issued))]
    if "accessed" in item:
        fields.append(("Y2", _ris_date(item["accessed"])))
    return fields


def _ris_date(date: dict[str, Any]) -> str:
    """A CSL date as RIS's `YYYY/MM/DD/other`, parts it lacks empty: `2019/05//`."""
    start, *end = date["date-parts"]
    other = _SEASONS.get(date.get("season", 0), "")
    if end:
        other = "to " + "/".join(_date_parts(end[0]))
    year, month, day = [*_date_parts(start), "", ""][:3]
    return f"{year}/{month}/{day}/{other}"


def _date_parts(parts: list[int]) -> list[str]:
    year, *rest = parts
    return [f"{year:04d}", *(f"{part:02d}" for part in rest)]


def _page_fields(item: JSONItem) -> list[tuple[str, str]]:
    """SP and EP for the pages (or SP alone), and C7 for the article number."""
    page, number = item.get("page"), item.get("number")
    fields = [("C7", number)] if number else []
    if not page:
        return [("SP", number), *fields] if number else []
    pages = _PAGE_RANGE.match(page)
    if not pages or page == number:
        return [("SP", page), *fields]
    first, last = pages.groups()
    return [("SP", first), ("EP", _whole_end_page(first, last)), *fields]


def _whole_end_page(first: str, last: str) -> str:
    """MEDLINE's shortened end page written whole: 1234-8 ends at 1238. Only plain
    numbers, and only when the whole end comes after the start."""
    if not (first.isdigit() and last.isdigit() and len(last) < len(first)):
        return last
    whole = first[: len(first) - len(last)] + last
    return whole if int(whole) >= int(first) else last


def _keywords(joined: str | None) -> list[str]:
    return joined.split(_KEYWORD_SEPARATOR) if joined else []


def _notes(item: JSONItem) -> list[tuple[str, str]]:
    notes = []
    custom = item.get("custom")
    if custom:
        relation = _RELATIONS.get(custom["relation"], custom["relation"])
        notes.append(("N1", f"{relation} {custom['related_to']}"))
    if "note" in item:
        notes.append(("N1", item["note"]))
    return notes


def _one_line(text: str) -> str:
    if text.isprintable():  # no line break at all: most values, checked fast
        return text.strip()
    return _LINE_BREAKS.sub(" ", text).strip()


@hookimpl
def bibnorm_register_writers(register: Callable[[Writer], None]) -> None:
    register(RisWriter())
