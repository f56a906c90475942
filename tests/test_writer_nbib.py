"""Tests of the MEDLINE/.nbib writer (`--to nbib`).

Every sample and corpus file is written as .nbib, with and without related items, and
read back by two real MEDLINE readers: bibnorm's own `medline` adapter and Biopython's
`Bio.Medline`. What comes back must equal the CSL items of the same records (what went
in): title, authors, year, container, volume, issue, pages and DOI; for bibnorm's reader
also the identifiers, and the MeSH headings, publication types and keywords of the main
records. Then the CLI, and the parts that are easy to get wrong (wrapping, dates, names).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from Bio import Medline
from every_input import EVERY_INPUT, input_path, parsed, written
from shared_data import REPO_ROOT, rich_record, run_cli

from bibnorm import inputs, jobs, pipeline
from bibnorm.csl import record_to_csl
from bibnorm.manager import create_host
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    DateParts,
    Identifier,
    Keyword,
    MeshHeading,
    MeshQualifier,
    Person,
    Record,
)
from bibnorm.parsing.citation import strip_final_period
from bibnorm.parsing.dates import read_printed_date
from bibnorm.parsing.pages import expand_page_range
from bibnorm.registry import WriteOptions
from bibnorm.serialize import record_to_json
from bibnorm.writers import nbib

RELATED = [pytest.param(False, id="main"), pytest.param(True, id="related")]
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SCRIPT = re.compile(r"<(sup|sub)>([^<>]*)</\1>")


# --- comparing what came back with what went in -----------------------------------------------
#
# The comparison normalises only what MEDLINE itself forces, each said where it is done:
# a value is one line (white space runs are one space), titles carry no markup and lose
# one final period on reading, a particle is part of the family name, initials are bare
# letters and suffixes are spelled as MEDLINE spells them.


def _text(value: Any) -> str | None:
    # ASCII white space only: a no-break space is text, and must come back.
    return re.sub(r"[ \t\n\r\f\v]+", " ", str(value)).strip(" ") or None if value else None


def _title(value: str | None) -> str | None:
    # CSL rich text (`<i>`, `<sup>`) has no MEDLINE form: the tags go, their text stays,
    # super- and subscripts in parentheses as PubMed writes them (`10(5)`, not `105`).
    plain = _text(_TAG.sub("", _SCRIPT.sub(r"(\2)", value))) if value else None
    return strip_final_period(plain) if plain else None


def _given(given: str | None) -> str | None:
    """Initials alone (`J. M.`, `S.-I.`, `JM`) as bare letters, as AU writes them."""
    text = _text(given)
    parts = [part for part in re.split(r"[\s.-]+", text or "") if part]
    if parts and all(len(part) == 1 for part in parts):
        return "".join(parts)
    return text


def _csl_names(item: dict[str, Any]) -> list[tuple[str | None, ...]]:
    names: list[tuple[str | None, ...]] = []
    for name in item.get("author", []):
        if (name.get("literal") or name.get("family", "")).strip().rstrip(".").lower() == "et al":
            continue  # `AU - et al.` is how MEDLINE says the list was cut short
        if "literal" in name:
            names.append((_text(name["literal"]),))
            continue
        family = " ".join(p for p in (name.get("non-dropping-particle"), name["family"]) if p)
        suffix = (name.get("suffix") or "").strip().rstrip(".") or None
        names.append((_text(family), _given(name.get("given")), nbib.medline_suffix(suffix)))
    return names


def _csl_fields(item: dict[str, Any]) -> dict[str, Any]:
    """The fields every reader must bring back, from a CSL item."""
    issued = item.get("issued", {}).get("date-parts", [[None]])[0][0]
    title, container = item.get("title"), item.get("container-title")
    if item["type"] in {"book", "chapter"}:
        # A book's title (BTI) is a title: readers take one final period off.
        container = _title(container)
        if not title:
            # MEDLINE has no chapter without a title: its book's title is the title.
            title, container = container, None
    return {
        "title": _title(title),
        "authors": _csl_names(item),
        "year": issued,
        "container": _text(container),
        "volume": _text(item.get("volume")),
        "issue": _text(item.get("issue")),
        "page": _text(item.get("page")),
        "doi": _text(item.get("DOI")),
    }


def _read_back(text: str) -> pipeline.ParseResult:
    source = inputs.from_text(text, name="written.nbib")
    return pipeline.parse_source(source, create_host(autoload=False), format="medline")


def _bibnorm_fields(record: Record, item: dict[str, Any]) -> dict[str, Any]:
    """What bibnorm's reader brought back, as `_csl_fields`; `item` is what went in.

    Two readings of bibnorm's own are checked to have kept the value (in `extra`, with
    a diagnostic) rather than dropped it: a lone number in PG of a book, report or
    thesis without a PMID is its length in other databases' exports (ERIC), and a DP it
    takes for no date (`1001`, a typo in a reference) is no year.
    """
    (again,) = record_to_csl(record)
    fields = _csl_fields(again)
    codes = {d.code for d in record.diagnostics}
    extra = dict(record.extra)
    if "medline.page-count" in codes and extra.get("PG") == item.get("page"):
        fields["page"] = _text(item["page"])
    if "medline.unparsed-date" in codes and extra.get("DP") == str(_csl_fields(item)["year"]):
        fields["year"] = _csl_fields(item)["year"]
    if "title" not in item and "PMID" not in item:
        # Known only by its text, a citation's SO is that text, which the reader of
        # another database's record reads fields out of: only what went in is compared.
        expected = _csl_fields(item)
        fields = {key: value if expected[key] else expected[key] for key, value in fields.items()}
    return fields


@pytest.mark.parametrize("with_related", RELATED)
@pytest.mark.parametrize("input_id", EVERY_INPUT)
def test_bibnorm_reads_back_every_record(input_id: str, with_related: bool) -> None:
    out = written(input_id, "nbib", with_related=with_related)
    if not out.csl:
        assert out.text == ""  # an input without records (the CLI says so)
        return
    back = _read_back(out.text)
    assert not back.failed, back.failed[0].diagnostics
    assert len(back.records) == len(out.csl)
    for record, item in zip(back.records, out.csl, strict=True):
        assert _bibnorm_fields(record, item) == _csl_fields(item), item["id"]
        (again,) = record_to_csl(record)
        for key in ("PMID", "PMCID", "ISBN"):
            assert again.get(key) == item.get(key), item["id"]


def _main_records_again(input_id: str) -> list[tuple[Record, Record]]:
    """Each record of an input, beside what bibnorm reads of it written as .nbib."""
    records = parsed(input_id).records
    text = written(input_id, "nbib").text
    back = _read_back(text).records if text else ()
    # No schema: every record is written, in order.
    assert len(back) == len(records)
    return list(zip(records, back, strict=True))


@pytest.mark.parametrize("input_id", EVERY_INPUT)
def test_bibnorm_reads_back_the_details_of_main_records(input_id: str) -> None:
    for original, again in _main_records_again(input_id):
        assert _ids(again) >= _ids(original)
        assert _mesh(again) == _mesh(original)
        assert [t.name for t in again.publication_types][: len(original.publication_types)] == [
            t.name for t in original.publication_types
        ]
        assert _keywords(again) == _keywords(original)
        assert again.languages == original.languages
        assert _affiliations(again) == _affiliations(original)
        # GR is `id/acronym/agency/country` with empty parts left out, and ids hold
        # slashes themselves: the parts come back in order, not always in their places.
        # A GR the reader does not take for a grant stays in `extra`, with a diagnostic.
        unread = [value for tag, value in again.extra if tag == "GR"]
        assert sorted([nbib.grant_text(g) for g in again.grants] + unread) == sorted(
            nbib.grant_text(g) for g in original.grants
        )
        assert _substances(again) == _substances(original)


def _ids(record: Record) -> set[tuple[str, str]]:
    return {(i.scheme, i.value.strip()) for i in record.identifiers if i.scheme != "nihms"}


def _mesh(record: Record) -> list[tuple[Any, ...]]:
    return [
        (h.descriptor, h.major, tuple((q.name, q.major) for q in h.qualifiers))
        for h in record.mesh_terms
    ]


def _substances(record: Record) -> list[tuple[str, str | None]]:
    return [(s.name, s.registry_number) for s in record.substances]


def _keywords(record: Record) -> list[tuple[str | None, bool]]:
    return [(_text(k.term), k.major) for k in record.keywords]


def _affiliations(record: Record) -> list[tuple[str | None, ...]]:
    return [tuple(_text(a) for a in p.affiliations) for p in record.authors]


MEDLINE_INPUTS = [input_id for input_id in EVERY_INPUT if "/medline/" in input_id]


@pytest.mark.parametrize("input_id", MEDLINE_INPUTS)
def test_a_medline_record_written_and_read_again_is_the_same_record(input_id: str) -> None:
    """What bibnorm read from MEDLINE, written as MEDLINE, reads as the same record."""
    for original, again in _main_records_again(input_id):
        assert _comparable(again, original) == _comparable(original, original)
        # What no field took comes back too, but for what the writer leaves out.
        repeated = {d.text for d in original.diagnostics if d.code == "medline.repeated-tag"}
        kept = {(tag, _text(value)) for tag, value in again.extra if tag != "SO"}
        expected = {
            (tag, _text(value))
            for tag, value in original.extra
            if tag not in _NOT_WRITTEN_AGAIN and value not in repeated
        }
        assert expected <= kept <= {(tag, _text(value)) for tag, value in original.extra}


# Tags of `extra` the writer leaves out (see `bibnorm.writers.nbib`): SO is made anew,
# and a placed tag no name took would join another person. (So is a repeated one-value
# tag, such as a second TI, which readers would join to the first.)
_NOT_WRITTEN_AGAIN = frozenset({"SO", "AD", "IRAD", "AUID", "OTO", "OT", "FAU", "AU", "CN"})


def _comparable(record: Record, original: Record) -> dict[str, Any]:
    """`record` as JSON, without what the text gives differently but means the same:
    the raw text of each value, the order of identifiers, white space runs, and the
    `et_al` flag (MEDLINE has no tag for it); and initials or publication types that
    the writer adds where `original` has none."""
    data = _without_raw(record_to_json(record))
    for key in ("provenance", "diagnostics", "et_al"):
        data.pop(key, None)
    data["identifiers"] = sorted(map(str, data.get("identifiers", [])))
    if not original.publication_types:
        data.pop("publication_types", None)
    for person, person_of_original in zip(data.get("authors", []), original.authors, strict=False):
        if not person_of_original.initials:
            person.pop("initials", None)
    data.pop("extra", None)  # compared apart
    return data


def _without_raw(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_raw(v) for k, v in value.items() if k != "raw"}
    if isinstance(value, list):
        return [_without_raw(v) for v in value]
    return _text(value) if isinstance(value, str) else value


@pytest.mark.parametrize("with_related", RELATED)
@pytest.mark.parametrize("input_id", EVERY_INPUT)
def test_biopython_reads_back_every_record(input_id: str, with_related: bool) -> None:
    out = written(input_id, "nbib", with_related=with_related)
    records = list(Medline.parse(io.StringIO(out.text)))
    assert len(records) == len(out.csl)
    name_lines = _name_lines(out.text)
    for record, names, item in zip(records, name_lines, out.csl, strict=True):
        fields = _biopython_fields(record, names)
        if "page" not in item and "PMID" not in item and item["type"] in _WHOLE_WORKS:
            # ERIC's PG of a whole work is its length, which bibnorm keeps in `extra`
            # and the writer writes back as read.
            fields["page"] = None
        assert fields == _csl_fields(item), item["id"]
        assert record.get("PMID") == item.get("PMID")


_WHOLE_WORKS = frozenset({"report", "book", "thesis"})


def _name_lines(text: str) -> list[list[tuple[str, str]]]:
    """Each record's author lines (FAU, AU, CN) in order. Biopython keeps each tag's
    values apart, which does not say whose AU follows which FAU, or where a group is."""
    blocks = [block for block in re.split(r"\n\s*\n", text) if block.strip()]
    return [
        [
            (line[:4].strip(), line[6:])
            for line in block.split("\n")
            if line.startswith(("FAU -", "AU  -", "CN  -"))
        ]
        for block in blocks
    ]


def _biopython_fields(record: dict[str, Any], names: list[tuple[str, str]]) -> dict[str, Any]:
    """What Biopython gives back, in the terms of `_csl_fields`: its keys are the tags;
    BTI and AID are lists (one entry a line), the other text keys strings."""
    book_title = " ".join(record.get("BTI", [])) or None
    title = record.get("TI") or book_title
    # A chapter: its book is its container.
    container = (
        book_title if record.get("TI") and book_title else record.get("JT") or record.get("TA")
    )
    year = re.match(r"\d{4}", record.get("DP", ""))
    dois = [a.removesuffix(" [doi]") for a in record.get("AID", []) if a.endswith(" [doi]")]
    lid_doi = re.search(r"(\S+) \[doi\]", record.get("LID", ""))
    pages = record.get("PG")
    if not pages:
        pii = re.search(r"(\S+) \[pii\]", record.get("LID", ""))
        pages = pii.group(1) if pii and "-" not in pii.group(1) else None
    return {
        "title": _title(title),
        "authors": _biopython_names(record, names),
        "year": int(year.group(0)) if year else None,
        "container": _title(container) if book_title else _text(container),
        "volume": _text(record.get("VI")),
        "issue": _text(record.get("IP")),
        "page": _text(pages and expand_page_range(pages)),
        "doi": dois[0] if dois else (lid_doi.group(1) if lid_doi else None),
    }


def _biopython_names(
    record: dict[str, Any], names: list[tuple[str, str]]
) -> list[tuple[str | None, ...]]:
    """Biopython's FAU, AU and CN values, each person put together in line order: an
    FAU with the AU after it, or a CN."""
    values = {tag: iter(record.get(tag, [])) for tag in ("FAU", "AU", "CN")}
    people: list[tuple[str | None, ...]] = []
    full: str | None = None
    for tag, _ in names:
        value = next(values[tag])
        if tag != "AU" and full is not None:
            people.append(_person(full, None))  # an FAU without AU
            full = None
        if tag == "CN":
            people.append((_text(value),))
        elif tag == "FAU":
            full = value
        elif full is None:
            people.append(_short_person(value))  # an AU alone: initials only
        else:
            people.append(_person(full, value))
            full = None
    if full is not None:
        people.append(_person(full, None))
    return [p for p in people if (p[0] or "").rstrip(".").lower() != "et al"]


_WORD_SUFFIXES = {"Jr", "Sr", "2nd", "3rd", "4th", "5th"}
_ROMAN_SUFFIXES = {"II", "III", "IV", "V"}


def _short_person(short: str) -> tuple[str | None, ...]:
    """(family, initials, suffix) of `AU - Family INITIALS Suffix`, by MEDLINE's rules:
    initials are upper-case letters, a Roman-numeral suffix follows initials."""
    words = short.split()
    suffix = None
    if (len(words) >= 2 and words[-1] in _WORD_SUFFIXES) or (
        len(words) >= 3 and words[-1] in _ROMAN_SUFFIXES and words[-2].isupper()
    ):
        suffix = words.pop()
    initials = (
        words.pop() if len(words) >= 2 and words[-1].isalpha() and words[-1].isupper() else None
    )
    return (_text(" ".join(words)), initials, suffix)


def _person(full: str, short: str | None) -> tuple[str | None, ...]:
    """(family, given, suffix) of `FAU - Family, Given Suffix` and `AU - Family INITIALS
    Suffix`: a second word after AU's family name is a suffix."""
    family, _, given = full.partition(", ")
    rest = (short or "")[len(family) :].split()
    suffix = rest.pop() if len(rest) == 2 else None
    if suffix and given.endswith(suffix):
        given = given.removesuffix(suffix).strip()
    return (_text(family), _given(given or " ".join(rest)), suffix)


# --- the command line -----------------------------------------------------------------------

FULL_SAMPLE = REPO_ROOT / "samples" / "medline" / "99000001-full.txt"
BOOK_SAMPLE = REPO_ROOT / "samples" / "medline" / "99000010-book.txt"


def test_nbib_is_listed_with_its_suffix_and_description(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(["formats"], capsys)
    assert status == 0
    (line,) = [line for line in out.splitlines() if line.split()[:1] == ["nbib"]]
    assert "MEDLINE/.nbib" in line and "(.nbib)" in line and "bibnorm.writers.nbib" in line


def test_parse_to_nbib_writes_records_apart_by_a_blank_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(["parse", str(BOOK_SAMPLE), "--to", "nbib"], capsys)
    assert status == 0
    first, second = out.split("\n\n")
    assert first.startswith("PMID- 99000010\nOWN - NCBI\nSTAT- Publisher\n")
    assert second.startswith("PMID- 99000011\n") and second.endswith(".\n")
    assert "BTI - Sample Reviews(R): An Invented Handbook.\n" in first
    # A chapter: its own title, then its book's.
    assert "TI  - Invented Syndrome, Sample Type 2.\nBTI - Sample Reviews(R).\n" in second


def test_out_dir_gives_each_input_an_nbib_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run_cli(
        ["parse", str(FULL_SAMPLE), "--to", "nbib", "--out-dir", str(tmp_path)], capsys
    )
    assert status == 0
    (written_file,) = tmp_path.iterdir()
    assert written_file.name == "99000001-full.txt.nbib"
    assert written_file.read_text(encoding="utf-8").startswith("PMID- 99000001\n")


@pytest.mark.parametrize("with_related", [[], ["--with-related"]], ids=["main", "related"])
def test_two_jobs_write_what_one_writes(
    with_related: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)  # share even a small file
    path = input_path("shared/corpus/pubmed-xml/pmparser__pubmed20n1016.xml")
    args = ["parse", str(path), "--to", "nbib", *with_related]
    serial = run_cli([*args, "-j", "1"], capsys)
    assert serial[0] == 0 and serial[1].count("\nPMID- ") > 10
    assert run_cli([*args, "-j", "2"], capsys) == serial


def test_related_items_are_records_of_their_own(capsys: pytest.CaptureFixture[str]) -> None:
    sample = REPO_ROOT / "samples" / "pubmed-text" / "35743275.txt"
    _, main, _ = run_cli(["parse", str(sample), "--to", "nbib"], capsys)
    _, related, _ = run_cli(["parse", str(sample), "--to", "nbib", "--with-related"], capsys)
    assert related.startswith(main)
    record = parsed("bibnorm/samples/pubmed-text/35743275.txt").records[0]
    assert related.count("\n\n") + 1 == 1 + len(record.related())


# --- the parts that are easy to get wrong -----------------------------------------------------


def test_the_whole_record_is_written_in_pubmed_order() -> None:
    """The rich sample, written: checked by hand against the sample it was read from."""
    text = written("bibnorm/samples/medline/99000001-full.txt", "nbib").text
    tags = [line[:4].strip() for line in text.splitlines() if not line.startswith(" ")]
    assert tags[:12] == [
        "PMID",
        "OWN",
        "STAT",
        "DCOM",
        "LR",
        "IS",
        "IS",
        "IS",
        "VI",
        "IP",
        "DP",
        "TI",
    ]
    assert (
        "AB  - BACKGROUND: This is invented sample data for the bibnorm MEDLINE reader.\n" in text
    )
    assert (
        "FAU - Rossi, Maria Grazia\nAU  - Rossi MG\nAUID- ORCID: 0000-0002-1825-0097\n"
        "AD  - Department of Sample Studies, Invented University, Aviano, Italy.\n"
        "AD  - Sample Institute, Invented Town, Italy.\nCN  - Sample Trial Group\n"
        "FAU - Kaelin, William G Jr\nAU  - Kaelin WG Jr\n"
    ) in text
    assert (
        "MH  - Bone Neoplasms/*drug therapy/secondary\nMH  - Humans\nMH  - *Lung Neoplasms\n"
        in text
    )
    assert "OTO - NOTNLM\nOT  - *bone metastasis\nOT  - immunotherapy\n" in text
    assert "RN  - 0 (Immune Checkpoint Inhibitors)\nRN  - 31YO63LBSN (Nivolumab)\n" in text
    assert "GR  - R01 CA990001/CA/NCI NIH HHS/United States\n" in text
    assert "PHST- 2000/05/01 00:00 [received]\n" in text
    assert "PMC - PMC9900001\nMID - NIHMS990001\n" in text
    assert "IRAD- Sample Hospital, Invented City, Italy.\n" in text
    assert "CIN - Sample J Oncol. 2001 Mar;13(1):5-6. PMID: 99000002\n" in text
    assert (
        "SO  - Sample J Oncol. 2000 Dec-2001 Jan;12(4):132-42. doi:\n"
        "      10.5555/sample.99000001. Epub 2000 Nov 15.\n"
    ) in text


def test_a_record_from_elsewhere_gets_medline_tags_only_where_honest() -> None:
    record = rich_record()
    (item,) = nbib.NbibWriter().items(record, WriteOptions())
    tags = {tag for tag, _ in item["fields"]}
    # Not read from MEDLINE: no owner or status is made up.
    assert not tags & {"OWN", "STAT"}
    assert {"PMID", "TI", "FAU", "AU", "JT", "DP"} <= tags


def test_lines_wrap_at_80_columns_between_words_only() -> None:
    words = ["word"] * 40 + ["x" * 120] + ["end."]
    text = nbib.tag_lines("AB", " ".join(words))
    lines = text.splitlines()
    assert lines[0].startswith("AB  - ") and all(line.startswith(" " * 6) for line in lines[1:])
    assert [line for line in lines if len(line) > 80] == [" " * 6 + "x" * 120]
    assert " ".join(line[6:] for line in lines) == " ".join(words)


def test_tags_biopython_splits_at_line_ends_stay_on_one_line() -> None:
    group = "The Writing Committee for the International Consortium of Invented Investigators"
    assert nbib.tag_lines("CN", group) == f"CN  - {group}\n"
    assert nbib.tag_lines("TI", group + ".").count("\n") == 2


def test_values_become_one_line_and_keep_no_break_spaces() -> None:
    assert nbib.one_line(" a\n      AU  - b\tc\u00a0d ") == "a AU - b c\u00a0d"


@pytest.mark.parametrize(
    "date",
    [
        DateParts(year=2022),
        DateParts(year=2022, month=3, day=5),
        DateParts(year=2020, season="Spring"),
        DateParts(year=2000, month=12, end_year=2001, end_month=1),
        DateParts(year=2021, month=1, end_year=2021, end_month=3),
        DateParts(year=2021, month=1, day=30, end_year=2021, end_month=2, end_day=2),
        DateParts(year=2022, month=1, day=5, end_year=2022, end_month=1, end_day=12),
        DateParts(year=1999, end_year=2000),
    ],
    ids=str,
)
def test_dates_read_back_as_written(date: DateParts) -> None:
    read = read_printed_date(nbib.printed_date(date)).date
    assert read is not None
    assert (read.year, read.month, read.day, read.season) == (
        date.year,
        date.month,
        date.day,
        date.season,
    )
    assert (read.end_year, read.end_month, read.end_day) == (
        date.end_year,
        date.end_month,
        date.end_day,
    )


@pytest.mark.parametrize(
    ("person", "tags"),
    [
        (Person(family="Rossi", given="Maria Grazia"), ("Rossi, Maria Grazia", "Rossi MG", None)),
        (
            Person(family="Berg", particle="van der", given="Jan"),
            ("van der Berg, Jan", "van der Berg J", None),
        ),
        (
            Person(family="Kaelin", given="William G.", suffix="Jr."),
            ("Kaelin, William G. Jr", "Kaelin WG Jr", None),
        ),
        (
            Person(family="Stoeckert", given="C J", suffix="Jnr"),
            ("Stoeckert, C J Jr", "Stoeckert CJ Jr", None),
        ),
        (Person(family="Nakamura", initials="K"), (None, "Nakamura K", None)),
        (Person(family="Isa", initials="S.-I."), ("Isa, S.-I.", "Isa SI", None)),
        (Person(family="E. P."), ("E. P.", None, None)),
        (Person(literal="Sample Trial Group"), (None, None, "Sample Trial Group")),
        (Person(given="Madonna"), (None, None, "Madonna")),
        (Person(), (None, None, None)),
    ],
    ids=lambda value: getattr(value, "family", None) or str(value)[:20],
)
def test_names(person: Person, tags: tuple[str | None, ...]) -> None:
    written_tags = nbib.name_tags(person)
    assert (written_tags.full, written_tags.short, written_tags.group) == tags


@pytest.mark.parametrize(
    ("title", "value"),
    [
        ("A title", "A title."),
        ("Why?", "Why?"),
        ("Results in the U.S.", "Results in the U.S."),
        ("  ", None),
    ],
)
def test_titles_get_pubmeds_final_period(title: str, value: str | None) -> None:
    assert nbib.medline_title(title) == value


def test_a_structured_abstract_is_one_ab_and_paragraphs_are_apart() -> None:
    abstract = Abstract(
        sections=(
            AbstractSection(text="Intro.", label=None),
            AbstractSection(text="Why.", label="Background"),
            AbstractSection(text="How.", label="Methods"),
            AbstractSection(text="A second paragraph."),
        )
    )
    record = Record(title="T", abstract=abstract)
    abstracts = [value for tag, value in nbib.record_fields(record) if tag == "AB"]
    assert abstracts == ["Intro. BACKGROUND: Why. METHODS: How.", "A second paragraph."]


def test_terms_and_identifiers_in_medline_form() -> None:
    record = Record(
        title="T",
        identifiers=(
            Identifier(scheme="pmid", value="1"),
            Identifier(scheme="doi", value="10.1/x"),
            Identifier(scheme="pmcid", value="123"),
            Identifier(scheme="nbk", value="NBK1"),
            Identifier(scheme="eric", value="ED1234"),
        ),
        mesh_terms=(
            MeshHeading(
                descriptor="Lung Neoplasms",
                major=True,
                qualifiers=(MeshQualifier(name="therapy", major=True), MeshQualifier(name="drug")),
            ),
        ),
        keywords=(Keyword(term="a", owner="NOTNLM", major=True), Keyword(term="b", owner="NOTNLM")),
        article_number="e0123",
        url="https://example.org/x",
    )
    fields = nbib.record_fields(record)
    assert ("MH", "*Lung Neoplasms/*therapy/drug") in fields
    assert [f for f in fields if f[0] in {"OTO", "OT"}] == [
        ("OTO", "NOTNLM"),
        ("OT", "*a"),
        ("OT", "b"),
    ]
    assert [f for f in fields if f[0] in {"LID", "AID", "PMC"}] == [
        ("LID", "10.1/x [doi]"),
        ("LID", "e0123 [pii]"),
        ("PMC", "PMC123"),
        ("AID", "10.1/x [doi]"),
        ("AID", "NBK1 [bookaccession]"),
        ("AID", "ED1234 [eric]"),
    ]
    assert ("UR", "https://example.org/x") in fields


def test_a_reference_known_only_as_text_keeps_its_text() -> None:
    citation = Citation(raw="Smith J. Some report. Agency; 2001.")
    assert nbib.citation_fields(citation) == [("SO", "Smith J. Some report. Agency; 2001.")]


def test_editors_of_books_are_written_and_of_journal_articles_not() -> None:
    editor = (Person(family="Adam", given="Margaret P"),)
    book = Citation(type="book", title="A handbook", editors=editor)
    article = Citation(type="article-journal", title="An article", editors=editor)
    assert ("FED", "Adam, Margaret P") in nbib.citation_fields(book)
    assert not [tag for tag, _ in nbib.citation_fields(article) if tag in {"FED", "ED"}]
