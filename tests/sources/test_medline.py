"""The `medline` adapter: the line grammar, every mapped tag, bad input, samples and corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import shared_path

from bibnorm import detect, schema
from bibnorm.manager import PluginHost
from bibnorm.model import (
    AbstractSection,
    DateParts,
    Deletion,
    FailedRecord,
    HistoryDate,
    Keyword,
    LineSpan,
    MeshHeading,
    MeshQualifier,
    Person,
    Record,
    Substance,
)
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.serialize import record_to_json
from bibnorm.sources.medline.medline import (
    LINK_RELATIONS,
    MedlineAdapter,
    abstract_sections,
    bibnorm_register_sources,
    mesh_heading,
    normalise_orcid,
    parse_tag_line,
    split_full_name,
    split_short_name,
    substance,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "medline"
FULL_SAMPLE = SAMPLES / "99000001-full.txt"
ADAPTER = MedlineAdapter()


def parse_text(text: str, name: str = "records.txt") -> list[Record | FailedRecord]:
    results = list(ADAPTER.parse(Source(name=name, text=text)))
    assert not any(isinstance(r, Deletion) for r in results)
    return [r for r in results if not isinstance(r, Deletion)]


def medline(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def parse_one(*lines: str) -> Record:
    """The single record of a PMID 99000099 record with these further lines."""
    results = parse_text(medline("PMID- 99000099", *lines))
    assert len(results) == 1
    record = results[0]
    assert isinstance(record, Record), record
    return record


def codes(record: Record | FailedRecord) -> list[tuple[str, int | None]]:
    return [(d.code, d.line) for d in record.diagnostics]


def records_of(results: list[Record | FailedRecord]) -> list[Record]:
    return [r for r in results if isinstance(r, Record)]


def failed_of(results: list[Record | FailedRecord]) -> list[FailedRecord]:
    return [r for r in results if isinstance(r, FailedRecord)]


def assert_valid(record: Record) -> None:
    assert schema.validate(record_to_json(record), "bibnorm-record") == []


@pytest.fixture(scope="module")
def full() -> Record:
    [record] = parse_text(FULL_SAMPLE.read_text("utf-8"), name="samples/medline/full.txt")
    assert isinstance(record, Record)
    return record


# --- registration and sniffing ---------------------------------------------------------


def test_registers_one_medline_adapter() -> None:
    registered: list[SourceAdapter] = []
    bibnorm_register_sources(register=registered.append)
    assert [a.name for a in registered] == ["medline"]
    assert isinstance(registered[0], SourceAdapter)


def test_host_loads_the_adapter(host: PluginHost) -> None:
    assert host.registry.sources["medline"].plugin == "bibnorm.sources.medline"


SNIFF_CASES = [
    pytest.param("PMID- 99000001\nTI  - A title.\n", 0.9, 1.0, id="pmid-first"),
    pytest.param("\ufeffPMID- 99000001\nTI  - A title.\n", 0.9, 1.0, id="bom"),
    pytest.param("\n\nPMID- 99000001\nTI  - A title.\n", 0.9, 1.0, id="blank-lines-first"),
    pytest.param("\r\nPMID- 99000001\r\nTI  - A title.\r\n", 0.9, 1.0, id="nbib-crlf"),
    pytest.param("PMID-22664220\nPT  - Report\n", 0.9, 1.0, id="pmid-without-space"),
    pytest.param("garbage\nPMID- 1\nTI  - x\nAU  - A B\nDP  - 2000\n", 0.5, 0.89, id="pmid-later"),
    pytest.param("TI  - A\nAU  - B C\nPT  - Book\n", 0.3, 0.89, id="tags-without-pmid"),
    pytest.param("TY  - JOUR\nAU  - Smith, J\nTI  - A title\nER  - \n", 0.0, 0.0, id="ris"),
    pytest.param(
        "TY  - JOUR\nPMID- 12345\nTI  - A title\nER  - \n", 0.0, 0.0, id="ris-with-pmid-tag"
    ),
    pytest.param("A title\n- PMID: 35743275\n- DOI: 10.1/x\nAbstract\n", 0.0, 0.0, id="page"),
    pytest.param('<?xml version="1.0"?>\n<PubmedArticleSet>', 0.0, 0.0, id="xml"),
    pytest.param("", 0.0, 0.0, id="empty"),
    pytest.param("Just some prose.\nNothing tagged here.\n", 0.0, 0.0, id="prose"),
]


@pytest.mark.parametrize(("text", "low", "high"), SNIFF_CASES)
def test_sniff(text: str, low: float, high: float) -> None:
    assert low <= ADAPTER.sniff(Sample(name="x", text=text)) <= high


@pytest.mark.parametrize(
    "sample",
    sorted(p for p in SAMPLES.iterdir() if not p.name.endswith(".expected.json")),
    ids=lambda p: p.name,
)
def test_samples_are_detected_as_medline(sample: Path, host: PluginHost) -> None:
    text = sample.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    ranked = detect.rank(host.registry, Sample(name=sample.name, text=text))
    assert ranked[0][0] == "medline"


# --- the line grammar ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("TI  - A title.", ("TI", "A title."), id="two-letter-tag"),
        pytest.param("PMID- 99000001", ("PMID", "99000001"), id="four-letter-tag"),
        pytest.param("AUID- ORCID: 0000-0002-1825-0097", ("AUID", "ORCID: 0000-0002-1825-0097"),
                     id="value-with-colon"),
        pytest.param("PMID-22664220", ("PMID", "22664220"), id="no-space-after-dash"),
        pytest.param("TI  -This", ("TI", "This"), id="no-space-before-value"),
        pytest.param("PL  - ", ("PL", ""), id="empty-value"),
        pytest.param("SO  invalid line", None, id="no-dash-in-column-5"),
        pytest.param("SO- another invalid line", None, id="dash-in-column-3"),
        pytest.param("GN - KIE: note", None, id="dash-in-column-4"),
        pytest.param("      AU  - Rossi MG", None, id="indented-tag-is-no-tag"),
        pytest.param("ti  - lower case", None, id="lower-case-tag"),
        pytest.param("T   - one letter", None, id="one-letter-tag"),
        pytest.param("TI", None, id="too-short"),
    ],
)  # fmt: skip
def test_parse_tag_line(line: str, expected: tuple[str, str] | None) -> None:
    assert parse_tag_line(line) == expected


def test_continuation_lines_join_and_one_that_looks_like_a_tag_stays_a_continuation() -> None:
    record = parse_one(
        "TI  - A title that goes",
        "      on over two lines.",
        "AB  - The abstract quotes the format:",
        "      AU  - Rossi MG is not an author line here.",
        "AU  - Bianchi L",
    )
    assert record.title == "A title that goes on over two lines"
    assert record.abstract is not None
    assert record.abstract.sections[0].text == (
        "The abstract quotes the format: AU  - Rossi MG is not an author line here."
    )
    assert [a.family for a in record.authors] == ["Bianchi"]


@pytest.mark.parametrize(
    ("text", "pmids"),
    [
        pytest.param("PMID- 1\nTI  - A\n\nPMID- 2\nTI  - B\n", ["1", "2"], id="blank-line"),
        pytest.param("PMID- 1\nTI  - A\nPMID- 2\nTI  - B\n", ["1", "2"], id="back-to-back"),
        pytest.param("\n\n\nPMID- 1\n\n\n\nPMID- 2\n\n", ["1", "2"], id="many-blank-lines"),
        pytest.param("PMID- 1\r\nTI  - A\r\n\r\nPMID- 2\r\n", ["1", "2"], id="crlf"),
        pytest.param("OWN - NLM\nPMID- 1\nTI  - A\n", ["1"], id="pmid-not-first"),
        pytest.param("PMID- 1\nTI  - A", ["1"], id="no-final-newline"),
    ],
)
def test_records_are_split(text: str, pmids: list[str]) -> None:
    results = parse_text(text)
    assert [r.identifier("pmid") for r in records_of(results)] == pmids
    assert failed_of(results) == []


def test_provenance_gives_each_record_its_line_span() -> None:
    text = medline("", "PMID- 1", "TI  - A", "      b.", "", "PMID- 2", "TI  - C", "PMID- 3")
    spans = [
        (r.provenance.adapter, r.provenance.file, r.provenance.span)
        for r in records_of(parse_text(text, name="in.txt"))
        if r.provenance
    ]
    assert spans == [
        ("medline", "in.txt", LineSpan(start=2, end=4)),
        ("medline", "in.txt", LineSpan(start=6, end=7)),
        ("medline", "in.txt", LineSpan(start=8, end=8)),
    ]


def test_field_provenance_points_at_the_lines_of_each_field() -> None:
    record = parse_one("TI  - A title", "      continued.", "AU  - Rossi MG")
    assert record.provenance is not None
    fields = {f.field: f.span for f in record.provenance.fields}
    assert fields["title"] == LineSpan(start=2, end=3)
    assert fields["authors"] == LineSpan(start=4, end=4)
    assert fields["identifiers"] == LineSpan(start=1, end=1)


def test_a_line_no_rule_takes_is_reported_with_its_number() -> None:
    record = parse_one("TI  - A title.", "SO  invalid line", "      orphan continuation")
    assert codes(record) == [("medline.unclaimed-line", 3), ("medline.unclaimed-line", 4)]
    assert record.diagnostics[0].text == "SO  invalid line"


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        pytest.param("Not MEDLINE at all.\nStill not.\n", "medline.not-a-record", 1, id="prose"),
        pytest.param("LA  - eng\nSTAT- MEDLINE\n", "medline.nothing-to-cite", 1, id="no-pmid"),
        pytest.param("\n      indented text\n", "medline.not-a-record", 2, id="orphan-indent"),
    ],
)
def test_a_block_that_is_no_record_is_a_failed_record(text: str, code: str, line: int) -> None:
    [failed] = parse_text(text, name="bad.txt")
    assert isinstance(failed, FailedRecord)
    assert (failed.adapter, failed.file) == ("medline", "bad.txt")
    assert [(d.code, d.line, d.severity) for d in failed.diagnostics] == [(code, line, "error")]
    assert failed.raw == text.strip("\n")


def test_one_broken_record_does_not_lose_the_others() -> None:
    text = medline(
        "PMID- 1",
        "TI  - First.",
        "",
        "garbage between records",
        "",
        "STAT- MEDLINE",
        "LA  - eng",
        "",
        "PMID- 2",
        "TI  - Second.",
        "PMID- 3",
        "TI  - Third.",
    )
    results = parse_text(text)
    kinds = [(type(r).__name__, r.identifier("pmid") if isinstance(r, Record) else None)
             for r in results]  # fmt: skip
    assert kinds == [
        ("Record", "1"),
        ("FailedRecord", None),
        ("FailedRecord", None),
        ("Record", "2"),
        ("Record", "3"),
    ]
    assert [f.span for f in failed_of(results)] == [
        LineSpan(start=4, end=4),
        LineSpan(start=6, end=7),
    ]


def test_a_block_with_a_title_and_no_pmid_is_a_record_of_another_database() -> None:
    [record] = parse_text(medline("TI  - A title", "AU  - Rossi MG"))
    assert isinstance(record, Record)
    assert record.title == "A title"
    assert record.identifiers == ()


# --- authors, editors, investigators -------------------------------------------------------


def test_fau_is_preferred_to_au_and_au_gives_the_initials() -> None:
    record = parse_one("FAU - Rossi, Maria Grazia", "AU  - Rossi MG")
    assert record.authors == (
        Person(family="Rossi", given="Maria Grazia", initials="MG", raw="Rossi, Maria Grazia"),
    )


def test_au_alone_gives_family_and_initials() -> None:
    record = parse_one("AU  - Mangalam H", "AU  - van der Berg JM")
    assert [(a.family, a.given, a.initials) for a in record.authors] == [
        ("Mangalam", None, "H"),
        ("van der Berg", None, "JM"),
    ]


def test_ad_lines_belong_to_the_author_before_them() -> None:
    record = parse_one(
        "FAU - Oh, Mijung",
        "AU  - Oh M",
        "AD  - Department A.",
        "FAU - Batty, Skylar",
        "AU  - Batty S",
        "AD  - Program B, University of New Mexico",
        "      Health Sciences Center.",
        "AD  - Department C.",
        "FAU - Kim, Tae-Hyung",
        "AU  - Kim TH",
    )
    assert [a.affiliations for a in record.authors] == [
        ("Department A.",),
        ("Program B, University of New Mexico Health Sciences Center.", "Department C."),
        (),
    ]


def test_an_ad_before_any_author_belongs_to_the_first_author() -> None:
    # Older records give one affiliation before the authors; the XML has it on the first.
    record = parse_one(
        "AD  - tacg Informatics, Irvine, CA.", "FAU - Mangalam, Harry", "AU  - Mangalam H"
    )
    assert record.authors[0].affiliations == ("tacg Informatics, Irvine, CA.",)


@pytest.mark.parametrize(
    ("auid", "orcid"),
    [
        pytest.param("ORCID: 0000-0002-1825-0097", "0000-0002-1825-0097", id="bare"),
        pytest.param("ORCID: https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097",
                     id="https-url"),
        pytest.param("ORCID: http://orcid.org/0000-0001-8578-3523", "0000-0001-8578-3523",
                     id="http-url"),
        pytest.param("ORCID: 000000021825009X", "0000-0002-1825-009X", id="no-hyphens"),
        pytest.param("ORCID: 0000-0002-1825-009x", "0000-0002-1825-009X", id="lower-x"),
    ],
)  # fmt: skip
def test_auid_orcid_gives_the_bare_orcid(auid: str, orcid: str) -> None:
    record = parse_one("FAU - Rossi, Maria", "AU  - Rossi M", f"AUID- {auid}")
    assert record.authors[0].orcid == orcid
    assert record.extra == ()


@pytest.mark.parametrize(
    "auid",
    [
        pytest.param("ORCID: 1234", id="bad-orcid"),
        pytest.param("ISNI: 0000 0001 2103 2683", id="other-scheme"),
    ],
)
def test_auid_that_is_no_orcid_stays_in_extra(auid: str) -> None:
    record = parse_one("FAU - Rossi, Maria", "AU  - Rossi M", f"AUID- {auid}")
    assert record.authors[0].orcid is None
    assert record.extra == (("AUID", auid),)


def test_group_authors_keep_their_place_in_the_author_list() -> None:
    record = parse_one(
        "FAU - Rossi, Maria",
        "AU  - Rossi M",
        "CN  - Sample Trial Group",
        "AD  - Group address.",
        "FAU - Kim, Jan",
        "AU  - Kim J",
    )
    assert [(a.family, a.literal) for a in record.authors] == [
        ("Rossi", None),
        (None, "Sample Trial Group"),
        ("Kim", None),
    ]
    assert record.authors[1].affiliations == ("Group address.",)
    assert_valid(record)


@pytest.mark.parametrize(
    ("au", "expected"),
    [
        pytest.param("Rossi MG", ("Rossi", "MG", None), id="plain"),
        pytest.param("Kaelin WG Jr", ("Kaelin", "WG", "Jr"), id="jr"),
        pytest.param("Smith JA Sr", ("Smith", "JA", "Sr"), id="sr"),
        pytest.param("Smith JA 2nd", ("Smith", "JA", "2nd"), id="2nd"),
        pytest.param("Smith JA 3rd", ("Smith", "JA", "3rd"), id="3rd"),
        pytest.param("Smith JA II", ("Smith", "JA", "II"), id="ii"),
        pytest.param("Smith JA III", ("Smith", "JA", "III"), id="iii"),
        pytest.param("Smith II", ("Smith", "II", None), id="ii-as-initials"),
        pytest.param("van der Berg JM", ("van der Berg", "JM", None), id="particle"),
        pytest.param("Scott-Coombes D", ("Scott-Coombes", "D", None), id="hyphenated"),
        pytest.param("Madonna", ("Madonna", None, None), id="family-only"),
    ],
)
def test_split_short_name(au: str, expected: tuple[str, str | None, str | None]) -> None:
    assert split_short_name(au) == expected


@pytest.mark.parametrize(
    ("fau", "au_suffix", "expected"),
    [
        pytest.param("Rossi, Maria Grazia", None, ("Rossi", "Maria Grazia", None), id="plain"),
        pytest.param("Kaelin, William G Jr", "Jr", ("Kaelin", "William G", "Jr"), id="jr"),
        pytest.param("Smith, John A III", "III", ("Smith", "John A", "III"), id="iii-from-au"),
        pytest.param("Smith, John A 2nd", None, ("Smith", "John A", "2nd"), id="2nd-alone"),
        pytest.param("Waites, M D", None, ("Waites", "M D", None), id="initials-as-given"),
        pytest.param("Madonna", None, ("Madonna", None, None), id="no-comma"),
    ],
)
def test_split_full_name(
    fau: str, au_suffix: str | None, expected: tuple[str, str | None, str | None]
) -> None:
    assert split_full_name(fau, au_suffix) == expected


def test_suffix_from_au_and_fau_together() -> None:
    record = parse_one("FAU - Kaelin, William G Jr", "AU  - Kaelin WG Jr")
    [author] = record.authors
    assert (author.family, author.given, author.initials, author.suffix) == (
        "Kaelin",
        "William G",
        "WG",
        "Jr",
    )


def test_editors_and_investigators_are_lists_of_their_own() -> None:
    record = parse_one(
        "FAU - Rossi, Maria",
        "AU  - Rossi M",
        "FED - Adam, Margaret P",
        "ED  - Adam MP",
        "FIR - Bianchi, Luca",
        "IR  - Bianchi L",
        "IRAD- Sample Hospital.",
    )
    assert [a.family for a in record.authors] == ["Rossi"]
    assert [(e.family, e.initials) for e in record.editors] == [("Adam", "MP")]
    [investigator] = record.investigators
    assert (investigator.family, investigator.affiliations) == ("Bianchi", ("Sample Hospital.",))


def test_a_short_name_before_its_full_name_is_paired_with_it() -> None:
    record = parse_one("ED  - Adam MP", "FED - Adam, Margaret P", "ED  - Smith J")
    assert [(e.family, e.given, e.initials) for e in record.editors] == [
        ("Adam", "Margaret P", "MP"),
        ("Smith", None, "J"),
    ]


# --- titles, journal, locators -------------------------------------------------------------


def test_titles_lose_one_final_period() -> None:
    record = parse_one("TI  - A title.", "TT  - Un titre.")
    assert (record.title, record.vernacular_title) == ("A title", "Un titre")


def test_ellipsis_is_kept() -> None:
    assert parse_one("TI  - Wait for it...").title == "Wait for it..."


def test_journal_fields() -> None:
    record = parse_one(
        "IS  - 1234-567x (Electronic)",
        "IS  - 0000-0019 (Print)",
        "IS  - 0000-0019 (Linking)",
        "VI  - 12",
        "IP  - 4",
        "PL  - United States",
        "TA  - Sample J Oncol",
        "JT  - Sample journal of oncology",
        "JID - 9900001",
    )
    assert record.journal is not None
    assert (record.journal.issn_print, record.journal.issn_electronic) == ("0000-0019", "1234-567X")
    assert record.journal.issn_linking == "0000-0019"
    assert (record.journal.nlm_unique_id, record.journal.medline_ta) == (
        "9900001",
        "Sample J Oncol",
    )
    assert record.journal.country == "United States"
    assert record.journal.iso_abbreviation is None
    assert (record.container_title, record.container_title_short) == (
        "Sample journal of oncology",
        "Sample J Oncol",
    )
    assert (record.volume, record.issue) == ("12", "4")


@pytest.mark.parametrize(
    "issn",
    [
        pytest.param("A journal issn", id="words"),
        pytest.param("1234-56 (Print)", id="too-short"),
        pytest.param("1234-5678", id="no-type"),
    ],
)
def test_an_issn_the_schema_would_reject_stays_in_extra(issn: str) -> None:
    # (`12345678 (Print)` is written out as 1234-5678, as the XML source does.)
    record = parse_one(f"IS  - {issn}")
    assert record.journal is None
    assert record.extra == (("IS", issn),)
    assert codes(record) == [("medline.invalid-issn", 2)]
    assert_valid(record)


@pytest.mark.parametrize(
    ("pg", "pages", "pages_raw"),
    [
        pytest.param("132-42", "132-142", "132-42", id="abbreviated"),
        pytest.param("189-196", "189-196", None, id="whole"),
        pytest.param("e1234", "e1234", None, id="e-locator"),
    ],
)
def test_pages(pg: str, pages: str, pages_raw: str | None) -> None:
    record = parse_one(f"PG  - {pg}")
    assert (record.pages, record.pages_raw) == (pages, pages_raw)


def test_lid_pii_is_the_article_number_when_there_is_no_pg() -> None:
    record = parse_one("LID - e0123 [pii]", "LID - 10.5555/x [doi]")
    assert record.article_number == "e0123"
    assert record.identifier("doi") == "10.5555/x"
    assert record.extra == ()


def test_lid_pii_stays_in_extra_when_there_is_a_pg() -> None:
    record = parse_one("PG  - 1-9", "LID - S0000(00)1 [pii]")
    assert record.article_number is None
    assert record.extra == (("LID", "S0000(00)1 [pii]"),)


# --- identifiers ---------------------------------------------------------------------------


def test_identifiers() -> None:
    record = parse_one(
        "AID - 10.5555/sample.1 [doi]",
        "AID - S5555-0000(00)00001-1 [pii]",
        "PMC - PMC9900001",
        "MID - NIHMS990001",
    )
    assert [(i.scheme, i.value) for i in record.identifiers] == [
        ("pmid", "99000099"),
        ("doi", "10.5555/sample.1"),
        ("pii", "S5555-0000(00)00001-1"),
        ("pmcid", "PMC9900001"),
        ("mid", "NIHMS990001"),
    ]


def test_lid_doi_is_not_repeated_when_an_aid_gives_the_doi() -> None:
    record = parse_one("LID - 10.5555/x [doi]", "AID - 10.5555/x [doi]")
    assert [i.scheme for i in record.identifiers] == ["pmid", "doi"]
    assert record.extra == ()


def test_a_lid_doi_that_differs_from_the_aid_doi_stays_in_extra() -> None:
    record = parse_one("LID - 10.5555/other [doi]", "AID - 10.5555/x [doi]")
    assert [(i.scheme, i.value) for i in record.identifiers] == [
        ("pmid", "99000099"),
        ("doi", "10.5555/x"),
    ]
    assert record.extra == (("LID", "10.5555/other [doi]"),)


def test_an_untyped_aid_that_is_a_doi_is_read_as_one() -> None:
    record = parse_one("AID - doi:10.1016/j.cpr.2005.02.002")
    assert record.identifier("doi") == "doi:10.1016/j.cpr.2005.02.002"
    assert codes(record) == [("medline.untyped-id", 2)]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dp", "expected"),
    [
        pytest.param("2022 Apr 10", DateParts(year=2022, month=4, day=10), id="day"),
        pytest.param("2002 Sep", DateParts(year=2002, month=9), id="month"),
        pytest.param("2009", DateParts(year=2009), id="year"),
        pytest.param("1998 Winter", DateParts(year=1998, season="Winter"), id="season"),
        pytest.param(
            "1990 May-Jun", DateParts(year=1990, month=5, end_year=1990, end_month=6), id="range"
        ),
        pytest.param(
            "2000 Dec-2001 Jan",
            DateParts(year=2000, month=12, end_year=2001, end_month=1),
            id="range-over-new-year",
        ),
    ],
)
def test_dp_goes_through_the_pubmed_date_grammar(dp: str, expected: DateParts) -> None:
    issued = parse_one(f"DP  - {dp}").issued
    assert issued is not None
    assert issued == DateParts(**{**expected.__dict__, "raw": dp})


@pytest.mark.parametrize(
    ("tag", "value"),
    [
        pytest.param("DP", "In press", id="dp-no-year"),
        pytest.param("DEP", "20201341", id="dep-impossible"),
        pytest.param("DEP", "2020-01-01", id="dep-shape"),
        pytest.param("PHST", "2020/01/01 [no status", id="phst-shape"),
    ],
)
def test_a_date_that_cannot_be_read_stays_in_extra(tag: str, value: str) -> None:
    record = parse_one(f"{tag:<4}- {value}")
    assert record.extra == ((tag, value),)
    assert codes(record) == [("medline.unparsed-date", 2)]


def test_a_dp_read_in_part_keeps_its_year_and_says_so() -> None:
    record = parse_one("DP  - 2013 06 10")
    assert record.issued == DateParts(year=2013, raw="2013 06 10")
    assert record.extra == ()
    assert codes(record) == [("medline.partial-date", 2)]


def test_dep_is_the_electronic_date() -> None:
    record = parse_one("DEP - 20220310")
    assert record.epub_date == DateParts(year=2022, month=3, day=10, raw="20220310")


def test_phst_is_the_history_and_date_tags_stay_in_extra() -> None:
    record = parse_one(
        "EDAT- 2022/01/21 06:00",
        "PHST- 2022/01/05 00:00 [received]",
        "PHST- 2022/01/21 06:00 [pubmed]",
        "PHST- 2016 [ecollection]",
    )
    assert record.history == (
        HistoryDate(
            status="received", date=DateParts(year=2022, month=1, day=5, raw="2022/01/05 00:00")
        ),
        HistoryDate(
            status="pubmed", date=DateParts(year=2022, month=1, day=21, raw="2022/01/21 06:00")
        ),
        HistoryDate(status="ecollection", date=DateParts(year=2016, raw="2016")),
    )
    assert record.extra == (("EDAT", "2022/01/21 06:00"),)


def test_without_phst_edat_mhda_crdt_give_the_history() -> None:
    record = parse_one(
        "DA  - 20020916",
        "DCOM- 20030606",
        "LR  - 20041117",
        "EDAT- 2002/09/17 10:00",
        "MHDA- 2003/06/07 05:00",
        "CRDT- 2002/09/16 10:00",
    )
    assert [(h.status, h.date.year, h.date.month, h.date.day) for h in record.history] == [
        ("pubmed", 2002, 9, 17),
        ("medline", 2003, 6, 7),
        ("entrez", 2002, 9, 16),
    ]
    assert record.extra == (("DA", "20020916"), ("DCOM", "20030606"), ("LR", "20041117"))


@pytest.mark.parametrize("value", ["2001/0", "2001/00/00 00:00", "2001/06/0"])
def test_a_history_date_with_month_or_day_zero_is_no_date(value: str) -> None:
    """A file cut inside `MHDA- 2001/0...` names no month: the value stays in extra, and the
    record stays valid (month 0 broke the schema's minimum of 1)."""
    record = parse_one(f"MHDA- {value}")
    assert record.history == ()
    assert ("MHDA", value) in record.extra
    assert ("medline.unparsed-date", 2) in codes(record)
    assert_valid(record)


# --- abstract ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        pytest.param(
            "Plain text. With two sentences.",
            [(None, "Plain text. With two sentences.")],
            id="unstructured",
        ),
        pytest.param(
            "BACKGROUND: Why. METHODS: How. RESULTS: What (P = .05). CONCLUSIONS: So.",
            [("BACKGROUND", "Why."), ("METHODS", "How."), ("RESULTS", "What (P = .05)."),
             ("CONCLUSIONS", "So.")],
            id="structured",
        ),
        pytest.param(
            "CONCLUSIONS AND RELEVANCE: Yes. TRIAL REGISTRATION: ClinicalTrials.gov: NCT1.",
            [("CONCLUSIONS AND RELEVANCE", "Yes."), ("TRIAL REGISTRATION",
                                                     "ClinicalTrials.gov: NCT1.")],
            id="multi-word-labels",
        ),
        pytest.param(
            "An unlabelled start. OBJECTIVE: To test.",
            [(None, "An unlabelled start."), ("OBJECTIVE", "To test.")],
            id="unlabelled-lead",
        ),
        pytest.param(
            "We used the ratio of A: B in the HIV: AIDS cohort.",
            [(None, "We used the ratio of A: B in the HIV: AIDS cohort.")],
            id="colon-mid-sentence",
        ),
    ],
)  # fmt: skip
def test_abstract_sections(text: str, sections: list[tuple[str | None, str]]) -> None:
    assert abstract_sections(text) == tuple(
        AbstractSection(text=body, label=label) for label, body in sections
    )


def test_abstract_copyright_and_repeated_ab() -> None:
    record = parse_one("AB  - Old abstract.", "AB  - New abstract.", "CI  - (c) 2000 Sample.")
    assert record.abstract is not None
    assert [s.text for s in record.abstract.sections] == ["Old abstract.", "New abstract."]
    assert record.abstract.copyright == "(c) 2000 Sample."


# --- terms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mh", "expected"),
    [
        pytest.param("Humans", MeshHeading(descriptor="Humans"), id="plain"),
        pytest.param(
            "*Lung Neoplasms", MeshHeading(descriptor="Lung Neoplasms", major=True), id="major"
        ),
        pytest.param(
            "Bone Neoplasms/*drug therapy/secondary",
            MeshHeading(
                descriptor="Bone Neoplasms",
                qualifiers=(
                    MeshQualifier(name="drug therapy", major=True),
                    MeshQualifier(name="secondary"),
                ),
            ),
            id="qualifiers",
        ),
        pytest.param(
            "Accidents, Traffic/mortality/*statistics & numerical data",
            MeshHeading(
                descriptor="Accidents, Traffic",
                qualifiers=(
                    MeshQualifier(name="mortality"),
                    MeshQualifier(name="statistics & numerical data", major=True),
                ),
            ),
            id="comma-and-ampersand",
        ),
    ],
)
def test_mesh_heading(mh: str, expected: MeshHeading) -> None:
    assert mesh_heading(mh) == expected


@pytest.mark.parametrize(
    ("rn", "expected"),
    [
        pytest.param("31YO63LBSN (Nivolumab)", Substance(name="Nivolumab",
                     registry_number="31YO63LBSN"), id="unii"),
        pytest.param("0 (Immune Checkpoint Inhibitors)",
                     Substance(name="Immune Checkpoint Inhibitors"), id="zero-is-none"),
        pytest.param("143011-72-7 (Granulocyte Colony-Stimulating Factor)",
                     Substance(name="Granulocyte Colony-Stimulating Factor",
                               registry_number="143011-72-7"), id="cas"),
        pytest.param("EC 2.7.10.1 (Protein-Tyrosine Kinases)",
                     Substance(name="Protein-Tyrosine Kinases", registry_number="EC 2.7.10.1"),
                     id="ec-number"),
        pytest.param("0 (Interleukin-6 (IL-6))", Substance(name="Interleukin-6 (IL-6)"),
                     id="nested-parentheses"),
        pytest.param("Just a name", Substance(name="Just a name"), id="name-only"),
    ],
)  # fmt: skip
def test_substance(rn: str, expected: Substance) -> None:
    assert substance(rn) == expected


def test_keywords_take_the_owner_of_the_oto_line_before_them() -> None:
    record = parse_one("OT  - first", "OTO - NOTNLM", "OT  - *bone metastasis", "OT  - PD-1")
    assert record.keywords == (
        Keyword(term="first"),
        Keyword(term="bone metastasis", owner="NOTNLM", major=True),
        Keyword(term="PD-1", owner="NOTNLM"),
    )


def test_other_terms() -> None:
    record = parse_one(
        "PT  - Journal Article",
        "PT  - Review",
        "LA  - eng",
        "LA  - ger",
        "GR  - R01 CA123456/CA/NCI NIH HHS/United States",
        "COIS- None declared.",
    )
    assert [p.name for p in record.publication_types] == ["Journal Article", "Review"]
    assert record.languages == ("eng", "ger")
    [grant] = record.grants
    assert (grant.grant_id, grant.acronym, grant.agency, grant.country) == (
        "R01 CA123456",
        "CA",
        "NCI NIH HHS",
        "United States",
    )
    assert record.conflict_of_interest == "None declared."


@pytest.mark.parametrize(("tag", "relation"), sorted(LINK_RELATIONS.items()), ids=str)
def test_comments_and_corrections_become_links(tag: str, relation: str) -> None:
    record = parse_one(f"{tag:<4}- Lancet. 2020 Jan 4;395(10217):e3. PMID: 31908284")
    [link] = record.links_to
    assert link.relation == relation
    assert link.citation.raw == "Lancet. 2020 Jan 4;395(10217):e3."
    assert link.citation.identifier("pmid") == "31908284"
    assert_valid(record)


def test_a_link_without_pmid_keeps_its_text() -> None:
    [link] = parse_one("CON - First Comment").links_to
    assert (link.relation, link.citation.raw, link.citation.identifiers) == (
        "comment-on",
        "First Comment",
        (),
    )


# --- books ---------------------------------------------------------------------------------


def test_a_book() -> None:
    record = parse_one(
        "BTI - Sample Reviews(R).",
        "PB  - Invented University Press",
        "PL  - Seattle (WA)",
        "EN  - 2",
        "FED - Adam, Margaret P",
        "ED  - Adam MP",
        "ISBN- ISBN 978-0-00-000000-2",
        "AID - NBK990010 [bookaccession]",
        "PT  - Book",
    )
    assert (record.type, record.title, record.container_title) == (
        "book",
        "Sample Reviews(R)",
        None,
    )
    assert (record.publisher, record.publisher_place, record.edition) == (
        "Invented University Press",
        "Seattle (WA)",
        "2",
    )
    assert record.journal is None
    assert [e.family for e in record.editors] == ["Adam"]
    assert (record.identifier("isbn"), record.identifier("nbk")) == (
        "978-0-00-000000-2",
        "NBK990010",
    )


def test_a_chapter_has_its_book_as_container() -> None:
    record = parse_one("TI  - Invented Syndrome.", "BTI - Sample Reviews(R)", "PT  - Review")
    assert (record.type, record.title, record.container_title) == (
        "chapter",
        "Invented Syndrome",
        "Sample Reviews(R)",
    )


# --- extra and diagnostics -----------------------------------------------------------------


def test_unknown_tags_are_kept_in_extra_with_a_note() -> None:
    record = parse_one("XYZ - an unknown tag", "OWN - NLM")
    assert record.extra == (("XYZ", "an unknown tag"), ("OWN", "NLM"))
    assert [(d.code, d.line, d.severity) for d in record.diagnostics] == [
        ("medline.unknown-tag", 2, "info")
    ]


def test_so_has_no_field_and_stays_in_extra() -> None:
    record = parse_one("SO  - Brief Bioinform. 2002 Sep;3(3):296-302.")
    assert record.extra == (("SO", "Brief Bioinform. 2002 Sep;3(3):296-302."),)


def test_a_repeated_single_valued_tag_keeps_the_first_and_the_rest_in_extra() -> None:
    record = parse_one("TI  - First title.", "TI  - Second title.")
    assert record.title == "First title"
    assert record.extra == (("TI", "Second title."),)
    assert codes(record) == [("medline.repeated-tag", 3)]


def test_empty_values_are_noted() -> None:
    record = parse_one("TI  -", "FAU -", "PL  - ")
    assert record.title is None and record.authors == ()
    assert codes(record) == [
        ("medline.empty-value", 2),
        ("medline.empty-value", 3),
        ("medline.empty-value", 4),
    ]
    assert_valid(record)


def test_the_full_sample_maps_every_tag_with_a_field(full: Record) -> None:
    # Only the tags the conventions give no field stay in extra.
    assert {tag for tag, _ in full.extra} == {
        "OWN", "STAT", "DCOM", "LR", "LID", "SB", "PST", "SO", "EDAT", "MHDA", "CRDT",
    }  # fmt: skip
    assert full.diagnostics == ()
    assert [a.literal or a.family for a in full.authors] == [
        "Rossi",
        "Sample Trial Group",
        "Kaelin",
        "van der Berg",
    ]
    assert full.abstract is not None
    assert [s.label for s in full.abstract.sections] == [
        "BACKGROUND",
        "METHODS",
        "RESULTS",
        "CONCLUSIONS",
        "TRIAL REGISTRATION",
    ]
    assert "AU  - like a tag line" in full.abstract.sections[1].text
    assert full.issued == DateParts(
        year=2000, month=12, end_year=2001, end_month=1, raw="2000 Dec-2001 Jan"
    )
    assert [link.relation for link in full.links_to] == [
        "comment-in",
        "erratum-in",
        "retraction-in",
    ]
    assert_valid(full)


# --- robustness ----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    for result in parse_text(text):
        if isinstance(result, Record):
            assert_valid(result)
    ADAPTER.sniff(Sample(name="x", text=text))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["PMID- 1", "TI  - T.", "AU  - A B", "      cont", "", "XX", "AD  - x"]),
        max_size=30,
    )
)
def test_arbitrary_medline_like_lines_never_raise(lines: list[str]) -> None:
    for result in parse_text("\n".join(lines)):
        if isinstance(result, Record):
            assert_valid(result)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(FULL_SAMPLE.read_text("utf-8"))))
def test_truncated_copies_of_the_full_sample_never_raise(cut: int) -> None:
    text = FULL_SAMPLE.read_text("utf-8")[:cut]
    for result in parse_text(text):
        if isinstance(result, Record):
            assert_valid(result)


# --- the shared corpus ---------------------------------------------------------------------


def manifest_counts() -> dict[str, int]:
    """`file name -> N` from the "N record(s)" of each medline row of the MANIFEST."""
    manifest = shared_path("corpus", "MANIFEST.md").read_text("utf-8")
    rows = re.findall(r"^\| corpus/medline/(\S+) \|.*\((\d+) record\(s\)\) \|$", manifest, re.M)
    return {name: int(count) for name, count in rows}


def corpus_files() -> list[Path]:
    return sorted(p for p in shared_path("corpus", "medline").iterdir() if p.is_file())


def test_manifest_lists_every_corpus_file() -> None:
    assert sorted(manifest_counts()) == [p.name for p in corpus_files()]


def test_corpus_files_parse_to_the_manifest_counts_and_valid_records() -> None:
    counts = manifest_counts()
    for path in corpus_files():
        text = path.read_bytes().decode("utf-8-sig")
        results = parse_text(text, name=path.name)
        records = records_of(results)
        if re.search(r"^PMID-", text, re.M):
            # The MANIFEST counts PMID records; a titled block without a PMID among them
            # is a record too (as in another database's export), counted apart.
            with_pmid = [r for r in records if r.identifier("pmid")]
            assert len(with_pmid) == counts[path.name], path.name
        else:
            # No PMID line at all: the MANIFEST counts the file as one record, a titled
            # block read as another database's record.
            assert (len(records), len(failed_of(results))) == (counts[path.name], 0), path.name
        for record in records:
            assert schema.validate(record_to_json(record), "bibnorm-record") == [], (
                path.name,
                record.identifier("pmid"),
            )


def test_corpus_first_author_and_pages_of_a_known_record() -> None:
    path = shared_path("corpus", "medline", "biopython__pubmed_result1.txt")
    [record] = parse_text(path.read_text("utf-8"))
    assert isinstance(record, Record)
    assert record.title == "The Bio* toolkits--a brief overview"
    assert record.authors[0] == Person(
        family="Mangalam",
        given="Harry",
        initials="H",
        affiliations=("tacg Informatics, Irvine, CA 92612, USA. hjm@tacgi.com",),
        raw="Mangalam, Harry",
    )
    assert (record.pages, record.pages_raw, record.volume, record.issue) == (
        "296-302",
        None,
        "3",
        "3",
    )
    assert record.journal is not None and record.journal.issn_print == "1467-5463"
    assert normalise_orcid("nonsense") is None


@pytest.mark.parametrize(
    "value", ["*", "/drug therapy", "* / secondary"], ids=["star", "qualifier", "both"]
)
def test_a_mesh_heading_without_descriptor_is_reported_and_kept(value: str) -> None:
    record = parse_one(f"MH  - {value}\nMH  - Humans")
    assert [h.descriptor for h in record.mesh_terms] == ["Humans"]
    assert ("MH", value) in record.extra
    assert ("medline.invalid-mesh", 2) in codes(record)
    assert_valid(record)
