"""The `medline` adapter on other databases' MEDLINE-tagged exports (ERIC, Ovid,
EBSCOhost, ProQuest), and the Zotero-parity rules for PubMed's own records: `et al.`
authors, a title from `TT`, a PMID printed with leading zeros."""

from __future__ import annotations

from pathlib import Path

import pytest

import bibnorm
from bibnorm import schema
from bibnorm.model import DateParts, FailedRecord, Person, Record
from bibnorm.parsing.languages import pubmed_language
from bibnorm.parsing.pubtypes import csl_type
from bibnorm.registry import Sample, Source
from bibnorm.serialize import record_to_json
from bibnorm.sources.medline.medline import MedlineAdapter
from bibnorm.sources.medline.medline_other import SourceLine, other_issn, parse_source_line

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "medline"
ADAPTER = MedlineAdapter()


def parse_lines(*lines: str) -> list[Record | FailedRecord]:
    text = "\n".join(lines) + "\n"
    return list(ADAPTER.parse(Source(name="x.txt", text=text)))  # type: ignore[arg-type]


def one(*lines: str) -> Record:
    [record] = parse_lines(*lines)
    assert isinstance(record, Record)
    assert schema.validate(record_to_json(record), "bibnorm-record") == []
    return record


def codes(record: Record) -> list[str]:
    return [d.code for d in record.diagnostics]


# --- detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["eric-journal-report-thesis.nbib", "ovid-citation-manager.txt", "ebsco-proquest.txt"]
)
def test_other_database_samples_are_detected_as_medline(name: str) -> None:
    result = bibnorm.parse_file(SAMPLES / name)
    assert result.format == "medline"
    assert result.failed == ()
    assert len(result.records) >= 2


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param("OWN - ERIC\nTI  - A\nAU  - B, C\nOID - EJ1\n", 0.7, 0.8, id="eric"),
        pytest.param("<1>\nVN  - Ovid\nTI  - A\nAU  - B C.\n", 0.7, 0.8, id="ovid"),
        pytest.param("TI  - A\nXX  - b\nYY  - c\n", 0.5, 0.8, id="unknown-tags"),
        pytest.param("TY  - JOUR\nTI  - A\nAU  - B\nER  - \n", 0.0, 0.0, id="ris"),
        pytest.param("TI  - A\nAU  - B\nSome prose here.\nMore prose.\n", 0.0, 0.0, id="prose"),
    ],
)
def test_sniff_claims_tag_files_without_pmid(text: str, low: float, high: float) -> None:
    assert low <= ADAPTER.sniff(Sample(name="x", text=text)) <= high


@pytest.mark.parametrize(
    ("lines", "starts"),
    [
        pytest.param(
            ["OWN - ERIC", "TI  - A", "OWN - ERIC", "TI  - B"], [1, 3], id="eric-back-to-back"
        ),
        pytest.param(["<1>", "TI  - A", "<2>", "TI  - B"], [1, 3], id="ovid-numbers"),
        pytest.param(["TI  - A", "OWN - X", "TI  - B"], [1], id="own-inside-a-record"),
    ],
)
def test_records_without_blank_lines_are_cut_where_the_first_one_starts(
    lines: list[str], starts: list[int]
) -> None:
    records = parse_lines(*lines)
    assert [r.provenance.span.start for r in records if isinstance(r, Record)
            and r.provenance and r.provenance.span] == starts  # fmt: skip


# --- the samples, field by field -----------------------------------------------------------


def test_eric_journal_article() -> None:
    article = bibnorm.parse_file(SAMPLES / "eric-journal-report-thesis.nbib").records[0]
    assert article.type == "article-journal"
    assert article.title.startswith("Peer Tutoring") if article.title else False
    assert article.authors[0] == Person(family="Alvarez", given="Maria", raw="Alvarez, Maria")
    assert article.et_al and len(article.authors) == 2
    assert (article.container_title, article.volume, article.issue, article.pages) == (
        "Journal of Rural Education Research",
        "21",
        "1",
        "12-24",
    )
    assert article.issued is not None and article.issued.year == 2020
    assert article.journal is not None and article.journal.issn_electronic == "2375-5636"
    assert article.languages == ("eng",)
    assert article.identifier("eric") == "EJ1299001"
    assert article.identifier("doi") == "10.5555/jrer.2020.21.1.12"
    assert article.extra == (("OWN", "ERIC"),)


def test_eric_report_and_thesis() -> None:
    _, report, thesis = bibnorm.parse_file(SAMPLES / "eric-journal-report-thesis.nbib").records
    assert (report.type, report.publisher, report.pages) == (
        "report",
        "Regional Educational Laboratory Sample",
        None,
    )
    assert ("PG", "48") in report.extra  # a page count, not a page
    assert (thesis.type, thesis.languages, thesis.identifier("isbn")) == (
        "thesis",
        ("fre",),
        "978-1-0000-0000-0",
    )


# --- tags and values of other databases ------------------------------------------------------


def test_aliased_tags_read_as_their_medline_tags() -> None:
    record = one(
        "TI  - A title",
        "JN  - Some Journal",
        "VO  - 3",
        "YR  - 2001",
        "LG  - Spanish",
        "KW  - a term",
        "DO  - 10.5555/x",
        "UR  - https://example.org/r/1",
        "AN  - 123",
    )
    assert (record.container_title, record.volume, record.issued) == (
        "Some Journal",
        "3",
        DateParts(year=2001, raw="2001"),
    )
    assert [k.term for k in record.keywords] == ["a term"]
    assert record.identifier("doi") == "10.5555/x"
    assert record.url == "https://example.org/r/1"
    assert record.extra == (("AN", "123"),)
    assert "medline.unknown-tag" not in codes(record)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EISSN-2375-5636", ("issn_electronic", "2375-5636")),
        ("ISSN-0012-3456", ("issn_print", "0012-3456")),
        ("0309-2402", ("issn_print", "0309-2402")),
        ("ISSN: 1234-567x", ("issn_print", "1234-567X")),
        ("ISBN-978-1-0000-0000-0", None),
    ],
)
def test_other_issn_forms(text: str, expected: tuple[str, str] | None) -> None:
    assert other_issn(text) == expected


def test_a_pubmed_record_keeps_its_strict_issn_rule() -> None:
    record = one("PMID- 1", "IS  - 1234-5678")
    assert record.journal is None and record.extra == (("IS", "1234-5678"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Journal of X, v21 n1 p12-24 2020",
            SourceLine("Journal of X", "21", "1", "12-24", DateParts(year=2020, raw="2020")),
            id="eric",
        ),
        pytest.param(
            "v38 n4 p1011-1030 Aug 2021",
            SourceLine(None, "38", "4", "1011-1030", DateParts(year=2021, month=8, raw="Aug 2021")),
            id="eric-no-journal",
        ),
        pytest.param(
            "Journal. 12(3):45-67, 2019 Mar.",
            SourceLine(
                "Journal", "12", "3", "45-67", DateParts(year=2019, month=3, raw="2019 Mar")
            ),
            id="ovid",
        ),
        pytest.param(
            "J Adv Nurs, Jan2020; 76(1): 12-24. (13p)",
            SourceLine(
                "J Adv Nurs", "76", "1", "12-24", DateParts(year=2020, month=1, raw="Jan2020"),
                page_count="13",
            ),
            id="cinahl",
        ),
        pytest.param(
            "Journal of X; London Vol. 21, Iss. 1, (Spring 2020): 12-24.",
            SourceLine(
                "Journal of X", "21", "1", "12-24",
                DateParts(year=2020, season="Spring", raw="Spring 2020"),
            ),
            id="proquest",
        ),
        pytest.param(
            "Lung Cancer. 2022 Apr;166(3):189-196.",
            SourceLine(
                "Lung Cancer", "166", "3", "189-196", DateParts(year=2022, month=4, raw="2022 Apr")
            ),
            id="pubmed",
        ),
        pytest.param(
            "American Journal of Infection Control, 2015 Nov; 43(11): 1201-1205",
            SourceLine(
                "American Journal of Infection Control", "43", "11", "1201-1205",
                DateParts(year=2015, month=11, raw="2015 Nov"),
            ),
            id="comma-then-year-first-date",
        ),
        pytest.param(
            "Nurs Times; 2016 Mar 2; 112(9): e12",
            SourceLine(
                "Nurs Times", "112", "9", "e12",
                DateParts(year=2016, month=3, day=2, raw="2016 Mar 2"),
            ),
            id="semicolon-then-year-first-date",
        ),
        pytest.param("Regional Educational Laboratory", None, id="no-locator"),
    ],
)  # fmt: skip
def test_parse_source_line(text: str, expected: SourceLine | None) -> None:
    assert parse_source_line(text) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["PT  - Guides - Non-Classroom", "PB  - A Publisher"], "report"),
        (["PT  - Opinion Papers"], "document"),
        ([], "document"),
        (["PT  - Journal Article"], "article-journal"),
        (["PT  - Opinion Papers", "JT  - A Journal"], "article-journal"),
        (["PT  - Opinion Papers", "SO  - A Journal, v2 n1 p3-4 2001"], "article-journal"),
    ],
)
def test_a_record_that_names_no_journal_is_no_journal_article(
    lines: list[str], expected: str
) -> None:
    # ERIC documents (`ED...`) are guides, papers and reports that no journal published.
    record = one("OWN - ERIC", "TI  - A guide", "PG  - 64", "DP  - 2017", *lines)
    assert record.type == expected
    if expected == "report":
        assert record.pages is None
        assert ("PG", "64") in record.extra


def test_a_source_line_that_disagrees_with_the_tags_stays_in_extra() -> None:
    record = one("TI  - A", "VI  - 3", "SO  - Journal. 4(1):1-2, 2001.")
    assert record.volume == "3"
    assert ("SO", "Journal. 4(1):1-2, 2001.") in record.extra
    assert "medline.source-mismatch" in codes(record)


def test_a_pubmed_records_source_line_stays_in_extra() -> None:
    record = one("PMID- 1", "TI  - A", "SO  - Journal. 4(1):1-2, 2001.")
    assert record.volume is None
    assert record.extra == (("SO", "Journal. 4(1):1-2, 2001."),)


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["Journal Articles", "Reports - Research"], "article-journal"),
        (["Reports - Evaluative"], "report"),
        (["Books", "Guides - Non-Classroom"], "book"),
        (["Dissertations/Theses - Doctoral Dissertations"], "thesis"),
        (["Speeches/Meeting Papers"], "paper-conference"),
        (["Scholarly Journals"], "article-journal"),
        (["Journal Article", "Technical Report"], "report"),  # PubMed's rule is unchanged
    ],
)
def test_other_databases_types(types: list[str], expected: str) -> None:
    assert csl_type(types) == expected


@pytest.mark.parametrize(
    ("name", "code"), [("English", "eng"), ("French", "fre"), ("german", "ger"), ("Xx", "Xx")]
)
def test_language_names_become_pubmed_codes(name: str, code: str) -> None:
    assert pubmed_language(name) == code


def test_dotted_initials() -> None:
    record = one("TI  - A", "AU  - van der Berg J.M.")
    assert record.authors[0].family == "van der Berg"
    assert record.authors[0].initials == "JM"


# --- et al., TT, padded PMIDs (PubMed records too) ----------------------------------------


@pytest.mark.parametrize("line", ["AU  - et al.", "AU  - et al", "FAU - et al", "AU  - Et Al."])
def test_et_al_is_a_flag_not_an_author(line: str) -> None:
    record = one("PMID- 1", "FAU - Rossi, Maria", "AU  - Rossi M", line)
    assert record.et_al
    assert [a.family for a in record.authors] == ["Rossi"]
    assert record.extra == ()


@pytest.mark.parametrize("ti", ["TI  - [Not Available].", "TI  -"], ids=["placeholder", "empty"])
def test_title_from_tt_when_ti_says_nothing(ti: str) -> None:
    record = one("PMID- 1", ti, "TT  - Un titre en français.")
    assert record.title == "Un titre en français"
    assert record.vernacular_title == "Un titre en français"
    assert "medline.title-from-vernacular" in codes(record)
    assert record.extra == ()


def test_tt_beside_a_real_title_is_only_the_vernacular_title() -> None:
    record = one("PMID- 1", "TI  - A title.", "TT  - Un titre.")
    assert (record.title, record.vernacular_title) == ("A title", "Un titre")


def test_a_padded_pmid_keeps_its_printed_form() -> None:
    [record] = bibnorm.parse("PMID- 0012345\nTI  - A title.\n", format="medline").records
    assert record.identifier("pmid") == "0012345"
    assert record.extra == ()


def test_a_bare_isbn_prefix_costs_no_record() -> None:
    # `IS  - ISBN` with nothing after it names no ISBN: the line stays in extra.
    record = one("OWN - ERIC", "TI  - A report", "IS  - ISBN", "DP  - 2020")
    assert record.identifier("isbn") is None
    assert ("IS", "ISBN") in record.extra


def test_a_record_number_alone_before_a_blank_line_is_no_failed_record() -> None:
    items = parse_lines("<1>", "", "TI  - A first", "DP  - 2020", "", "<2>", "", "TI  - B")
    assert [item.title for item in items if isinstance(item, Record)] == ["A first", "B"]
    assert not [item for item in items if isinstance(item, FailedRecord)]


def test_a_source_line_whose_date_starts_with_a_season() -> None:
    line = parse_source_line("Nurs Forum. Summer 1998;12(2):3-9.")
    assert line is not None
    assert (line.journal, line.volume, line.issue, line.pages) == ("Nurs Forum", "12", "2", "3-9")
    assert line.issued == DateParts(year=1998, season="Summer", raw="Summer 1998")


def test_a_source_line_shape_whose_date_is_no_date_is_not_taken() -> None:
    # `_COLON_SOURCE` fits `Smith J. 2019, 5. p12` with `5. p12` as its date: not a date.
    assert parse_source_line("Smith J. 2019, 5. p12") is None
