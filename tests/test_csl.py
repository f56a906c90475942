"""Tests of the CSL-JSON projection (`bibnorm.csl`): ids, types, names, dates, fields, and
that what it makes validates against both schemas and renders in pandoc."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from shared_data import minimal_record, rich_record, shared_path, skip_or_fail

from bibnorm import schema, to_csl
from bibnorm.csl import (
    citation_to_csl,
    date_to_csl,
    item_id,
    person_to_csl,
    record_to_csl,
    unique_ids,
)
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    DateParts,
    Identifier,
    JournalInfo,
    Keyword,
    Person,
    Record,
)
from bibnorm.parsing import parse_reference
from bibnorm.parsing.dates import parse_pubmed_date


def _ids(*pairs: tuple[str, str]) -> tuple[Identifier, ...]:
    return tuple(Identifier(scheme=scheme, value=value) for scheme, value in pairs)


# --- ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifiers", "expected"),
    [
        pytest.param(
            _ids(("doi", "10.1/X"), ("pmcid", "PMC5"), ("pmid", "35743275")),
            "pmid:35743275",
            id="pmid-first",
        ),
        pytest.param(_ids(("doi", "10.1/X"), ("pmcid", "PMC5")), "pmcid:PMC5", id="then-pmcid"),
        pytest.param(_ids(("pmcid", "9224636")), "pmcid:PMC9224636", id="pmcid-gets-prefix"),
        pytest.param(_ids(("doi", "10.3390/IJMS23126832")), "doi:10.3390/ijms23126832", id="doi"),
        pytest.param(
            _ids(("doi", "https://doi.org/10.3390/ijms1")), "doi:10.3390/ijms1", id="doi-url"
        ),
        pytest.param(_ids(("pmid", " 123 ")), "pmid:123", id="pmid-stripped"),
    ],
)
def test_item_id_prefers_pmid_then_pmcid_then_doi(
    identifiers: tuple[Identifier, ...], expected: str
) -> None:
    assert item_id(Record(title="T", identifiers=identifiers)) == expected


def test_item_id_without_identifiers_is_a_stable_hash_of_title_and_year() -> None:
    record = Record(title="Bone  metastasis", issued=DateParts(year=2022, month=4))
    found = item_id(record)
    assert re.fullmatch(r"bibnorm:[0-9a-f]{12}", found)
    assert found == "bibnorm:" + hashlib.sha1(b"bone metastasis\x1f2022").hexdigest()[:12]
    # Spacing and case do not change it; the month does not either; the year does.
    assert item_id(Record(title="BONE metastasis ", issued=DateParts(year=2022))) == found
    assert item_id(Record(title="Bone metastasis", issued=DateParts(year=2023))) != found
    # A non-numeric "PMID" is not an id.
    assert item_id(dataclasses.replace(record, identifiers=_ids(("pmid", "n/a")))) == found


def test_item_id_of_an_item_with_only_raw_text_hashes_the_text() -> None:
    one = item_id(Citation(raw="Personal communication, 2019."))
    other = item_id(Citation(raw="Personal communication, 2020."))
    assert one.startswith("bibnorm:")
    assert one != other


def test_related_ids_are_identifiers_or_positions_and_unique() -> None:
    items = record_to_csl(rich_record(), with_related=True)
    assert [item["id"] for item in items] == [
        "pmid:35743275",
        "pmid:35306320",
        "pmid:32779372",
        "doi:10.1053/j.seminoncol.2023.01.002",
        # Same PMID as the first similar article: the position keeps ids unique.
        "pmid:35743275/cited-by/2",
        "pmid:35743275/reference/1",
        "pmid:35743275/reference/2",
        "pmid:35743275/reference/3",
    ]
    assert items == record_to_csl(rich_record(), with_related=True), "ids change between runs"


def test_related_item_with_the_main_items_pmid_gets_a_position_id() -> None:
    record = Record(
        title="Main",
        identifiers=_ids(("pmid", "1")),
        similar=(Citation(title="Self", identifiers=_ids(("pmid", "1"))),),
    )
    assert [i["id"] for i in record_to_csl(record, with_related=True)] == [
        "pmid:1",
        "pmid:1/similar/1",
    ]


def _written_ids(*records: Record) -> list[tuple[str, str | None]]:
    items = (item for r in records for item in record_to_csl(r, with_related=True))
    return [(i["id"], i.get("custom", {}).get("related_to")) for i in unique_ids(items)]


def test_ids_are_unique_across_records_the_first_keeping_its_own() -> None:
    # PubMed XML holds each version of a versioned PMID as a record of its own.
    versions = [
        Record(title=f"Version {n}", identifiers=_ids(("pmid", "33274047"))) for n in (1, 2, 3)
    ]
    assert _written_ids(*versions) == [
        ("pmid:33274047", None),
        ("pmid:33274047/2", None),
        ("pmid:33274047/3", None),
    ]


def test_a_renamed_main_items_related_items_follow_it() -> None:
    record = Record(
        title="Main",
        identifiers=_ids(("pmid", "1")),
        similar=(Citation(title="Self", identifiers=_ids(("pmid", "1"))),),
        references=(
            Citation(title="No identifier"),
            Citation(title="Cited", identifiers=_ids(("pmid", "7"))),
        ),
    )
    assert _written_ids(record, record) == [
        ("pmid:1", None),
        ("pmid:1/similar/1", "pmid:1"),
        ("pmid:1/reference/1", "pmid:1"),
        ("pmid:7", "pmid:1"),
        # The same record again: its position ids are made from its own new id, and the
        # reference whose PMID the first record's reference took gets a number.
        ("pmid:1/2", None),
        ("pmid:1/2/similar/1", "pmid:1/2"),
        ("pmid:1/2/reference/1", "pmid:1/2"),
        ("pmid:7/2", "pmid:1/2"),
    ]


def test_a_related_id_that_only_starts_like_the_main_id_is_not_rewritten() -> None:
    record = Record(
        title="Main",
        identifiers=_ids(("doi", "10.1/a")),
        references=(Citation(title="Child", identifiers=_ids(("doi", "10.1/a/b.1"))),),
    )
    other = Record(title="Other", identifiers=_ids(("doi", "10.1/a")))
    assert _written_ids(other, record) == [
        ("doi:10.1/a", None),
        ("doi:10.1/a/2", None),
        # A DOI that begins with the main item's DOI is its own id, not a position id.
        ("doi:10.1/a/b.1", "doi:10.1/a/2"),
    ]


def test_unique_ids_leaves_items_with_unique_ids_as_they_are() -> None:
    items = record_to_csl(rich_record(), with_related=True)
    assert list(unique_ids(items)) == items
    assert all(a is b for a, b in zip(unique_ids(items), items, strict=True))


def test_the_library_gives_unique_ids_too() -> None:
    items = to_csl([minimal_record(), minimal_record()])
    assert [item["id"] for item in items] == [items[0]["id"], items[0]["id"] + "/2"]


# --- related items -----------------------------------------------------------------------


def test_related_items_follow_the_main_item_in_page_order_with_their_relation() -> None:
    items = record_to_csl(rich_record(), with_related=True)
    assert "custom" not in items[0]
    assert [item["custom"] for item in items[1:]] == [
        {"relation": relation, "related_to": "pmid:35743275"}
        for relation in ["similar"] * 2 + ["cited-by"] * 2 + ["reference"] * 3
    ]
    assert items[1]["title"].startswith("Bone metastasis attenuates")
    assert items[-1]["title"] == "Immunology of bone."


def test_without_related_only_the_main_item_is_written() -> None:
    (item,) = record_to_csl(rich_record())
    assert item["id"] == "pmid:35743275"
    assert "custom" not in item


# --- type --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        pytest.param(Citation(type="book", container_title="Series"), "book", id="given-type"),
        pytest.param(Citation(container_title="Lung Cancer"), "article-journal", id="journal"),
        pytest.param(Citation(container_title_short="Lung Cancer"), "article-journal", id="abbr"),
        pytest.param(Citation(title="Some preprint"), "article", id="no-container"),
    ],
)
def test_type(citation: Citation, expected: str) -> None:
    assert citation_to_csl(citation, "x")["type"] == expected


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        pytest.param(
            Person(family="Conte", given="Alessandro", initials="A"),
            {"family": "Conte", "given": "Alessandro"},
            id="given-wins-over-initials",
        ),
        pytest.param(
            Person(family="Berg", initials="JM", particle="van den", suffix="Jr"),
            {
                "family": "Berg",
                "given": "J. M.",
                "non-dropping-particle": "van den",
                "suffix": "Jr",
            },
            id="initials-particle-suffix",
        ),
        pytest.param(
            Person(family="Li", initials="X.-Y."),
            {"family": "Li", "given": "X.-Y."},
            id="punctuated-initials",
        ),
        pytest.param(Person(family="Plato"), {"family": "Plato"}, id="family-only"),
        pytest.param(
            Person(literal="NSCLC Study Group", affiliations=("Aviano",)),
            {"literal": "NSCLC Study Group"},
            id="group",
        ),
        pytest.param(Person(raw="Smith J et al"), {"literal": "Smith J et al"}, id="raw-only"),
        pytest.param(Person(orcid="0000-0002-1825-0097"), {}, id="nameless"),
    ],
)
def test_person_to_csl(person: Person, expected: dict[str, str]) -> None:
    assert person_to_csl(person) == expected


def test_et_al_never_becomes_an_author_and_nameless_people_are_left_out() -> None:
    citation = Citation(
        authors=(Person(family="Li", initials="X"), Person(affiliations=("Nowhere",))),
        et_al=True,
    )
    assert citation_to_csl(citation, "x")["author"] == [{"family": "Li", "given": "X."}]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        pytest.param(DateParts(year=2022), {"date-parts": [[2022]]}, id="year"),
        pytest.param(
            DateParts(year=2022, month=4, raw="2022 Apr"), {"date-parts": [[2022, 4]]}, id="month"
        ),
        pytest.param(
            DateParts(year=2022, month=6, day=19), {"date-parts": [[2022, 6, 19]]}, id="day"
        ),
        pytest.param(
            DateParts(year=2025, month=1, end_year=2025, end_month=12, raw="2025 Jan-Dec"),
            {"date-parts": [[2025]]},
            id="jan-dec-is-the-year",
        ),
        pytest.param(
            DateParts(year=2025, month=1, end_month=12),
            {"date-parts": [[2025]]},
            id="jan-dec-without-end-year",
        ),
        pytest.param(
            DateParts(year=2021, month=3, end_year=2021, end_month=5),
            {"date-parts": [[2021, 3], [2021, 5]]},
            id="month-range",
        ),
        pytest.param(
            DateParts(year=2022, month=11, end_year=2023, end_month=2),
            {"date-parts": [[2022, 11], [2023, 2]]},
            id="range-across-years",
        ),
        pytest.param(
            DateParts(year=2020, month=1, day=30, end_year=2020, end_month=2, end_day=2),
            {"date-parts": [[2020, 1, 30], [2020, 2, 2]]},
            id="day-range",
        ),
        pytest.param(
            DateParts(year=2019, end_year=2020), {"date-parts": [[2019], [2020]]}, id="year-range"
        ),
        pytest.param(
            DateParts(year=2020, month=5, end_year=2020, end_month=5),
            {"date-parts": [[2020, 5]]},
            id="empty-range",
        ),
        pytest.param(
            DateParts(year=2022, month=1, end_year=2022, end_month=2, end_day=1),
            {"date-parts": [[2022, 1], [2022, 2]]},
            id="end-day-cut-to-the-starts-month",
        ),
        pytest.param(
            DateParts(year=2022, month=1, day=5, end_year=2022, end_month=2),
            {"date-parts": [[2022, 1], [2022, 2]]},
            id="start-day-cut-to-the-ends-month",
        ),
        pytest.param(
            DateParts(year=2021, month=12, end_year=2022),
            {"date-parts": [[2021], [2022]]},
            id="month-to-year-cut-to-years",
        ),
        pytest.param(
            DateParts(year=2021, month=3, day=4, end_year=2021, end_month=3),
            {"date-parts": [[2021, 3]]},
            id="equal-once-cut-is-one-date",
        ),
        pytest.param(
            DateParts(year=2022, month=1, day=3, end_year=2022, end_month=12),
            {"date-parts": [[2022]]},
            id="jan-dec-once-cut-is-the-year",
        ),
        pytest.param(
            DateParts(year=2022, season="Winter", end_year=2023),
            {"date-parts": [[2022], [2023]], "season": 4},
            id="season-across-years",
        ),
        pytest.param(
            DateParts(year=2023, season="Spring", end_year=2023),
            {"date-parts": [[2023]], "season": 1},
            id="season-range-within-a-year",
        ),
        pytest.param(
            DateParts(year=2023, season="Spring"),
            {"date-parts": [[2023]], "season": 1},
            id="spring",
        ),
        pytest.param(
            DateParts(year=2023, season="Summer"),
            {"date-parts": [[2023]], "season": 2},
            id="summer",
        ),
        pytest.param(
            DateParts(year=2023, season="Autumn"),
            {"date-parts": [[2023]], "season": 3},
            id="autumn",
        ),
        pytest.param(
            DateParts(year=2023, season="Fall"), {"date-parts": [[2023]], "season": 3}, id="fall"
        ),
        pytest.param(
            DateParts(year=2023, season="Winter", raw="2023 Winter"),
            {"date-parts": [[2023]], "season": 4},
            id="winter",
        ),
        pytest.param(
            DateParts(year=2023, season="Midsummer"), {"date-parts": [[2023]]}, id="unknown-season"
        ),
    ],
)
def test_date_to_csl(date: DateParts, expected: dict[str, Any]) -> None:
    assert date_to_csl(date) == expected
    assert schema.validate({"id": "x", "type": "article", "issued": expected}, "csl-output") == []


@pytest.mark.parametrize(
    "text",
    [
        "2022 Jan-Feb 01",
        "2021 Dec-2022",
        "2020 Mar 1-15",
        "2000 Dec-2001 Jan",
        "2023 Spring-Summer",
    ],
)
def test_a_pubmed_date_ranges_ends_are_equally_long(text: str) -> None:
    date = parse_pubmed_date(text)
    assert date is not None
    parts = date_to_csl(date)["date-parts"]
    assert len({len(part) for part in parts}) == 1, parts


@pytest.mark.parametrize(
    "parts",
    [[[2022, 1], [2022, 2, 1]], [[2021, 12], [2022]], [[2020], [2020, 1, 1]]],
)
def test_the_schema_refuses_a_range_whose_ends_differ_in_length(parts: list[list[int]]) -> None:
    item = {"id": "x", "type": "article", "issued": {"date-parts": parts}}
    assert schema.validate(item, "csl-output") != []


@pytest.mark.parametrize(
    ("citation", "issued", "available"),
    [
        pytest.param(
            Citation(
                issued=DateParts(year=2022, month=4),
                epub_date=DateParts(year=2022, month=3, day=10),
            ),
            [[2022, 4]],
            [[2022, 3, 10]],
            id="print-and-epub",
        ),
        pytest.param(
            Citation(epub_date=DateParts(year=2022, month=3, day=10)),
            [[2022, 3, 10]],
            [[2022, 3, 10]],
            id="epub-only",
        ),
        pytest.param(Citation(ecollection_year=2021), [[2021]], None, id="ecollection-only"),
        pytest.param(Citation(title="Undated"), None, None, id="undated"),
    ],
)
def test_issued_falls_back_to_the_electronic_dates(
    citation: Citation, issued: list[list[int]] | None, available: list[list[int]] | None
) -> None:
    item = citation_to_csl(citation, "x")
    assert item.get("issued", {}).get("date-parts") == issued
    assert item.get("available-date", {}).get("date-parts") == available


# --- other fields ------------------------------------------------------------------------


def test_rich_record_main_item_maps_every_field() -> None:
    (item,) = record_to_csl(rich_record())
    assert item == {
        "id": "pmid:35743275",
        "type": "article-journal",
        "title": (
            "Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung Cancer "
            "(NSCLC): Microenvironment and Possible Clinical Implications"
        ),
        "author": [
            {"family": "Del Conte", "given": "Alessandro"},
            {
                "family": "Berg",
                "given": "J. M.",
                "non-dropping-particle": "van den",
                "suffix": "Jr",
            },
            {"family": "Müller", "given": "Jörg"},
            {"literal": "NSCLC Immunotherapy Study Group"},
        ],
        "issued": {"date-parts": [[2022, 6, 19]]},
        "available-date": {"date-parts": [[2022, 6, 19]]},
        "container-title": "International Journal of Molecular Sciences",
        "container-title-short": "Int J Mol Sci",
        "journalAbbreviation": "Int J Mol Sci",
        "volume": "23",
        "issue": "12",
        "page": "6832",
        "number": "6832",
        "edition": "1",
        "publisher": "MDPI",
        "publisher-place": "Basel",
        "DOI": "10.3390/ijms23126832",
        "PMID": "35743275",
        "PMCID": "PMC9224636",
        "URL": "https://www.mdpi.com/1422-0067/23/12/6832",
        "abstract": (
            "Background: Patients with NSCLC develop bone metastasis in more than 50% of cases."
            "\n\nThis article reviews the pre-clinical evidence."
        ),
        "keyword": "bone metastasis, immunotherapy",
        "ISSN": "1661-6596",
        "language": "en",
    }


def test_a_journal_articles_editors_are_left_out_a_books_are_written() -> None:
    # PMC XML names the editor who handled a paper as its editor; styles would print
    # "Edited by" after the article's title.
    editors = (Person(family="Nathans", given="Jeremy"),)
    for kind in ("article-journal", "article-magazine", "article-newspaper"):
        assert "editor" not in citation_to_csl(Citation(type=kind, editors=editors), "x")
    for kind in ("book", "chapter", "paper-conference", None):
        item = citation_to_csl(Citation(type=kind, title="T", editors=editors), "x")
        assert item["editor"] == [{"family": "Nathans", "given": "Jeremy"}], kind


def test_minimal_record_gets_only_what_it_carries() -> None:
    (item,) = record_to_csl(minimal_record())
    assert set(item) == {"id", "type", "title", "issued"}
    assert item["type"] == "article"
    assert item["issued"] == {"date-parts": [[1998]]}


@pytest.mark.parametrize(
    ("pages", "article_number", "expected"),
    [
        pytest.param("189-196", None, {"page": "189-196"}, id="pages"),
        pytest.param(None, "e15432", {"page": "e15432", "number": "e15432"}, id="article-number"),
        pytest.param("1-9", "e15432", {"page": "1-9", "number": "e15432"}, id="both"),
        pytest.param(None, None, {}, id="neither"),
        # Styles would print "00010–2021", a range.
        pytest.param(None, "00010-2021", {"number": "00010-2021"}, id="hyphenated-number"),
    ],
)
def test_page_holds_pages_else_the_article_number(
    pages: str | None, article_number: str | None, expected: dict[str, str]
) -> None:
    item = citation_to_csl(Citation(pages=pages, article_number=article_number), "x")
    assert {k: v for k, v in item.items() if k in ("page", "number")} == expected


def test_journal_abbreviation_alone_is_also_the_container_title() -> None:
    item = citation_to_csl(Citation(container_title_short="Lung Cancer"), "x")
    assert item["container-title"] == "Lung Cancer"
    assert item["container-title-short"] == item["journalAbbreviation"] == "Lung Cancer"


def test_the_iso_abbreviation_is_the_short_title_where_the_input_has_one() -> None:
    record = dataclasses.replace(
        minimal_record(),
        container_title="Nature chemical biology",
        container_title_short="Nat Chem Biol",
        journal=JournalInfo(iso_abbreviation="Nat. Chem. Biol.", medline_ta="Nat Chem Biol"),
    )
    item = record_to_csl(record)[0]
    assert item["container-title"] == "Nature chemical biology"
    assert item["container-title-short"] == item["journalAbbreviation"] == "Nat. Chem. Biol."
    without_iso = dataclasses.replace(record, journal=JournalInfo(medline_ta="Nat Chem Biol"))
    assert record_to_csl(without_iso)[0]["journalAbbreviation"] == "Nat Chem Biol"


def test_the_iso_abbreviation_is_the_container_title_when_there_is_no_full_name() -> None:
    record = dataclasses.replace(
        minimal_record(),
        container_title=None,
        container_title_short="Nat Chem Biol",
        journal=JournalInfo(iso_abbreviation="Nat. Chem. Biol."),
    )
    assert record_to_csl(record)[0]["container-title"] == "Nat. Chem. Biol."


@pytest.mark.parametrize(
    ("journal", "expected"),
    [
        pytest.param(
            JournalInfo(issn_print="1111-1119", issn_electronic="2222-2227"),
            "1111-1119",
            id="print",
        ),
        pytest.param(
            JournalInfo(issn_electronic="2222-2227", issn_linking="3333-3335"),
            "2222-2227",
            id="electronic",
        ),
        pytest.param(JournalInfo(issn_linking="3333-3335"), "3333-3335", id="linking"),
        pytest.param(JournalInfo(nlm_unique_id="101092791"), None, id="none"),
        pytest.param(
            JournalInfo(issn_print="1111-1111", issn_electronic="0028-0836"),
            "0028-0836",
            id="wrong-check-digit-skipped",
        ),
        pytest.param(JournalInfo(issn_print="0317-8471x"), None, id="malformed-skipped"),
        pytest.param(JournalInfo(issn_print="2434561x"), "2434-561X", id="hyphen-and-x"),
    ],
)
def test_issn_is_the_first_available(journal: JournalInfo, expected: str | None) -> None:
    (item,) = record_to_csl(Record(title="T", journal=journal))
    assert item.get("ISSN") == expected


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        pytest.param(("eng",), "en", id="eng"),
        pytest.param(("ger", "eng"), "de", id="first-wins"),
        pytest.param(("fre",), "fr", id="fre"),
        pytest.param(("und", "spa"), "es", id="undetermined-skipped"),
        pytest.param(("en-GB",), "en-gb", id="bcp47-kept"),
        pytest.param(("haw",), "haw", id="no-two-letter-code"),
        pytest.param(("English",), None, id="not-a-code"),
    ],
)
def test_language_becomes_bcp47(languages: tuple[str, ...], expected: str | None) -> None:
    (item,) = record_to_csl(Record(title="T", languages=languages))
    assert item.get("language") == expected


def test_version_is_written_when_the_record_has_one() -> None:
    assert citation_to_csl(Record(title="T", version="2"), "x")["version"] == "2"
    assert "version" not in citation_to_csl(Record(title="T"), "x")


def test_abstract_and_keywords() -> None:
    record = Record(
        abstract=Abstract(sections=(AbstractSection(text="Only one paragraph."),)),
        keywords=(Keyword(term="bone"), Keyword(term="NSCLC", major=True)),
    )
    (item,) = record_to_csl(record)
    assert item["abstract"] == "Only one paragraph."
    assert item["keyword"] == "bone, NSCLC"


def test_identifiers_are_tidied_but_never_dropped() -> None:
    citation = Citation(
        identifiers=_ids(
            ("doi", "doi: 10.1016/j.lungcan.2022.03.006"),
            ("pmcid", "7529562"),
            ("pmid", " 32779372"),
            ("isbn", "978-94-007-7568-8"),
            ("pii", "S0169-5002(22)00098-4"),
        )
    )
    item = citation_to_csl(citation, "x")
    assert item["DOI"] == "10.1016/j.lungcan.2022.03.006"
    assert item["PMCID"] == "PMC7529562"
    assert item["PMID"] == "32779372"
    assert item["ISBN"] == "978-94-007-7568-8"
    broken = citation_to_csl(Citation(identifiers=_ids(("pmid", "PMID 1"))), "x")
    assert broken["PMID"] == "PMID 1"
    assert [p.path for p in schema.validate(broken, "csl-output")] == ["$.PMID"]


def test_note_only_for_an_item_known_by_its_raw_text_alone() -> None:
    bare = citation_to_csl(Citation(raw="Personal communication, 2019."), "x")
    assert bare == {"id": "x", "type": "article", "note": "Personal communication, 2019."}
    titled = citation_to_csl(Citation(title="A title", raw="Whole input line"), "x")
    assert "note" not in titled


def test_related_items_do_not_get_record_only_fields() -> None:
    items = record_to_csl(rich_record(), with_related=True)
    for item in items[1:]:
        assert not {"abstract", "keyword", "ISSN", "language"} & set(item)


# --- books, chapters and web pages (references of `--with-related`) ---------------------

CHAPTER = Citation(
    type="chapter",
    title="A chapter on samples",
    authors=(Person(family="Theta", initials="T."),),
    editors=(Person(family="Iota", initials="I."), Person(family="Kappa", initials="K.")),
    container_title="Collected Samples",
    issued=DateParts(year=2017),
    pages="11-29",
    edition="2",
    publisher="Sample Press",
    publisher_place="Exampleton",
)
BOOK = Citation(
    type="book",
    title="The Book of Samples",
    authors=(Person(family="Zeta", initials="Z."),),
    issued=DateParts(year=2018),
    edition="3",
    publisher="Sample Press",
    publisher_place="Exampleton (EX)",
    identifiers=(Identifier(scheme="isbn", value="978-0-12-345678-9"),),
)
WEBPAGE = Citation(
    type="webpage",
    title="Sample registry",
    authors=(Person(literal="Sample Data Consortium"),),
    issued=DateParts(year=2023),
    url="https://example.org/registry",
    accessed=DateParts(year=2024, month=1, day=5, raw="2024 Jan 5"),
)


def _with_references(*references: Citation) -> Record:
    return Record(
        title="Main",
        identifiers=(Identifier(scheme="pmid", value="99000001"),),
        references=references,
    )


def test_chapter_book_and_web_page_keep_editors_publisher_edition_url_and_access_date() -> None:
    _, chapter, book, web = record_to_csl(
        _with_references(CHAPTER, BOOK, WEBPAGE), with_related=True
    )
    assert {key: chapter[key] for key in chapter if key not in ("id", "custom")} == {
        "type": "chapter",
        "title": "A chapter on samples",
        "author": [{"family": "Theta", "given": "T."}],
        "editor": [{"family": "Iota", "given": "I."}, {"family": "Kappa", "given": "K."}],
        "issued": {"date-parts": [[2017]]},
        "container-title": "Collected Samples",
        "page": "11-29",
        "edition": "2",
        "publisher": "Sample Press",
        "publisher-place": "Exampleton",
    }
    assert (book["type"], book["edition"], book["ISBN"]) == ("book", "3", "978-0-12-345678-9")
    assert (book["publisher"], book["publisher-place"]) == ("Sample Press", "Exampleton (EX)")
    assert "container-title" not in book
    assert web["URL"] == "https://example.org/registry"
    assert web["accessed"] == {"date-parts": [[2024, 1, 5]]}
    assert web["author"] == [{"literal": "Sample Data Consortium"}]


def test_accessed_is_written_only_when_the_citation_has_one() -> None:
    assert "accessed" not in citation_to_csl(BOOK, "x")
    partial = dataclasses.replace(WEBPAGE, accessed=DateParts(year=2024, month=1))
    assert citation_to_csl(partial, "x")["accessed"] == {"date-parts": [[2024, 1]]}


def test_references_read_by_the_parser_reach_csl_whole() -> None:
    """The fields the reference parser reads from books, chapters and web pages are all
    written, so a citation processor can print them."""
    texts = (
        "Theta T. A chapter on samples. In: Iota I, Kappa K, editors. Collected samples. "
        "2nd ed. Exampleton: Sample Press; 2017. p. 11-29.",
        "Sample Data Consortium. Sample registry [Internet]. 2023 [cited 2024 Jan 5]. "
        "Available from: https://example.org/registry",
    )
    references = tuple(parse_reference(text).citation for text in texts)
    _, chapter, web = record_to_csl(_with_references(*references), with_related=True)
    assert chapter["type"] == "chapter"
    assert chapter["editor"] == [
        {"family": "Iota", "given": "I."},
        {"family": "Kappa", "given": "K."},
    ]
    assert chapter["container-title"] == "Collected samples"
    assert (chapter["edition"], chapter["publisher"], chapter["publisher-place"]) == (
        "2",
        "Sample Press",
        "Exampleton",
    )
    assert web["type"] == "webpage"
    assert web["URL"] == "https://example.org/registry"
    assert web["accessed"] == {"date-parts": [[2024, 1, 5]]}


# --- validity against both schemas, and pandoc -------------------------------------------

CASES = [
    pytest.param(rich_record(), True, id="rich-with-related"),
    pytest.param(rich_record(), False, id="rich"),
    pytest.param(minimal_record(), True, id="minimal"),
    pytest.param(Record(), True, id="empty"),
    pytest.param(_with_references(CHAPTER, BOOK, WEBPAGE), True, id="book-chapter-webpage"),
]


@pytest.mark.parametrize(("record", "with_related"), CASES)
def test_csl_output_validates_against_strict_and_official_schemas(
    record: Record, with_related: bool, official_csl_schema: dict[str, Any]
) -> None:
    items = record_to_csl(record, with_related=with_related)
    for item in items:
        assert schema.validate(item, "csl-output") == [], item["id"]
    assert schema.validate_document(items, "csl-output") == []
    errors = [e.message for e in jsonschema.Draft7Validator(official_csl_schema).iter_errors(items)]
    assert errors == []


def cite_all_with_pandoc(
    pandoc: str, bibliography: Path, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """pandoc's plain-text bibliography of every item; it must exit 0 and print no warning."""
    document = tmp_path / "cites.md"
    document.write_text("---\nnocite: '@*'\n---\n\n", encoding="utf-8")
    done = subprocess.run(
        [pandoc, "--citeproc", "-f", "markdown", "-t", "plain", "--wrap=none",
         "--bibliography", str(bibliography), str(document)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done


@pytest.mark.pandoc
def test_pandoc_renders_every_item_of_a_rich_record_without_warnings(tmp_path: Path) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        skip_or_fail("pandoc is not installed")
    items = record_to_csl(rich_record(), with_related=True)
    bibliography = tmp_path / "rich.csl.json"
    bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    done = cite_all_with_pandoc(pandoc, bibliography, tmp_path)
    entries = done.stdout.strip().split("\n\n")
    assert len(entries) == len(items)
    text = done.stdout
    assert "Del Conte, Alessandro, J. M. van den Berg Jr, Jörg Müller, and NSCLC" in text
    assert "International Journal of Molecular Sciences 23 (12): 6832" in text
    assert "Thoracic Cancer 16 (1): e15432" in text  # article number as page
    assert "Seminars in Oncology, Winter" in text  # season 4
    assert "2022–2023" in text  # a range across the year end
    assert "Li, X., and Y. Wang. 2022." in text  # et al. added no author
    assert "Kardamakis, Dimitrios, and ESMO, eds. 2014." in text


@pytest.mark.pandoc
def test_pandoc_prints_editors_publisher_edition_url_and_access_date(tmp_path: Path) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        skip_or_fail("pandoc is not installed")
    # Chicago (pandoc's default) prints the access date of a web page without a date.
    undated = dataclasses.replace(WEBPAGE, issued=None)
    items = record_to_csl(_with_references(CHAPTER, BOOK, undated), with_related=True)
    bibliography = tmp_path / "books.csl.json"
    bibliography.write_text(json.dumps(items[1:], ensure_ascii=False), encoding="utf-8")
    done = cite_all_with_pandoc(pandoc, bibliography, tmp_path)
    text = done.stdout
    assert "In Collected Samples, edited by I. Iota and K. Kappa, 2nd ed., 11–29." in text
    assert "Exampleton: Sample Press." in text
    assert "3rd ed. Exampleton (EX): Sample Press." in text
    assert "https://example.org/registry" in text
    assert "Accessed January 5, 2024. https://example.org/registry" in text


@pytest.fixture(scope="module")
def official_csl_schema() -> dict[str, Any]:
    path = shared_path("reference", "csl", "csl-data.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("www.clinicaltrials.gov", "https://www.clinicaltrials.gov", id="www"),
        pytest.param("example.org/trial/1", "https://example.org/trial/1", id="host-and-path"),
        pytest.param("clinicaltrials.gov", "https://clinicaltrials.gov", id="common-tld"),
        pytest.param("//doi.org/10.1/x", "https://doi.org/10.1/x", id="scheme-relative"),
        pytest.param(
            "www.example.org:8080/x", "https://www.example.org:8080/x", id="port-not-a-scheme"
        ),
        pytest.param("http://example.org", "http://example.org", id="http-kept"),
        pytest.param("doi:10.1/x", "doi:10.1/x", id="other-scheme-kept"),
        pytest.param("J.Med", "J.Med", id="not-surely-a-host"),
        pytest.param("see the registry", "see the registry", id="text-kept-for-the-schema"),
        pytest.param(
            "https://www.gov.cn/x/content 2411923.htm",
            "https://www.gov.cn/x/content%202411923.htm",
            id="space-as-a-browser-sends-it",
        ),
        pytest.param("www.a.org/b c\n", "https://www.a.org/b%20c", id="space-in-a-bare-host"),
    ],
)
def test_a_url_without_scheme_gets_https_only_when_surely_a_host(url: str, expected: str) -> None:
    assert citation_to_csl(Citation(title="T", url=url), "x")["URL"] == expected


# --- rules the consumers need --------------------------------------------------------------


def _item(**fields: Any) -> dict[str, Any]:
    return {"id": "x", "type": "article", **fields}


@pytest.mark.parametrize("url", ["www.example.org", "example.org/x", "/relative/path", ""])
def test_the_schema_refuses_a_url_without_scheme(url: str) -> None:
    assert schema.validate(_item(URL=url), "csl-output") != []


def _string_schemas(node: Any, path: str = "$") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "string":
            found.append((path, node))
        for key, value in node.items():
            found += _string_schemas(value, f"{path}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found += _string_schemas(value, f"{path}[{n}]")
    return found


def test_every_string_of_the_schema_must_not_be_empty() -> None:
    strings = _string_schemas(schema.load_schema("csl-output"))
    assert strings
    assert [path for path, node in strings if node.get("minLength", 0) < 1] == []


def test_blank_strings_never_reach_the_output() -> None:
    citation = Citation(
        title=" ",
        volume="  ",
        container_title="\t",
        authors=(Person(family=" ", given=" "), Person(family="Roe", given=" ", suffix=" ")),
        raw="Roe. Text.",
    )
    item = citation_to_csl(citation, "x")
    assert item == {
        "id": "x",
        "type": "article",
        "author": [{"family": "Roe"}],
        "note": "Roe. Text.",
    }


@pytest.mark.parametrize(
    "name",
    [{"given": "Ann"}, {"given": "Ann", "suffix": "Jr"}, {}, {"family": ""}, {"literal": ""}],
)
def test_the_schema_refuses_a_name_without_family_or_literal(name: dict[str, str]) -> None:
    assert schema.validate(_item(author=[name]), "csl-output") != []


@pytest.mark.parametrize(
    "person",
    [Person(given="Ann"), Person(initials="AB"), Person(family=" ", raw="Group X"), Person()],
)
def test_every_written_name_has_a_family_or_a_literal(person: Person) -> None:
    name = person_to_csl(person)
    assert name == {} or "family" in name or "literal" in name


# --- rich-text titles ----------------------------------------------------------------------

MARKED_UP = "Fe<sup>3+</sup> in <i>E. coli</i>"


@pytest.mark.parametrize(
    ("title", "markup", "expected"),
    [
        pytest.param("Fe3+ in E. coli", MARKED_UP, MARKED_UP, id="markup-is-the-title"),
        pytest.param(
            "NaCl and k2",
            '<span style="font-variant:small-caps;">NaCl</span> and <b>k</b><sub>2</sub>',
            '<span style="font-variant:small-caps;">NaCl</span> and <b>k</b><sub>2</sub>',
            id="all-five-forms",
        ),
        pytest.param(
            "k2 at low pH",
            "<mml:math><mml:mi>k</mml:mi><mml:mn>2</mml:mn></mml:math>"
            ' at <u>low</u> <span class="x">pH</span><br/>',
            "k2 at low pH",
            id="other-tags-stripped-to-text",
        ),
        pytest.param("p<0.05 & more", None, "p<0.05 & more", id="plain-title-as-it-is"),
        pytest.param("E. coli", "<i>E. coli", "E. coli", id="unclosed-gives-plain"),
        pytest.param("E. coli", "<i>E. coli</b>", "E. coli", id="misnested-gives-plain"),
        pytest.param("a<b c>d", "<i>a</i><b c>d", "a<b c>d", id="text-lost-gives-plain"),
        pytest.param("Title", " ", "Title", id="blank-markup"),
        pytest.param(
            'A "Blood" test',
            'A "<i>Blood"</i> test',
            'A "Blood" test',
            id="quotes-across-tags-give-plain",
        ),
        pytest.param(
            'A "Blood" test', 'A "<i>Blood</i>" test', 'A "<i>Blood</i>" test', id="quotes-nest"
        ),
    ],
)
def test_the_title_is_the_markup_with_only_csl_rich_text(
    title: str, markup: str | None, expected: str
) -> None:
    item = citation_to_csl(Citation(title=title, title_markup=markup), "x")
    assert item["title"] == expected


@pytest.mark.pandoc
def test_pandoc_prints_literal_less_than_and_ampersand_and_reads_the_markup(
    tmp_path: Path,
) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        skip_or_fail("pandoc is not installed")
    plain = Citation(title="Effect at p<0.05 of IL-6 & TNF", container_title="J Test")
    marked = Citation(title="Fe3+ in E. coli", title_markup=MARKED_UP, container_title="J Test")
    items = [citation_to_csl(plain, "plain"), citation_to_csl(marked, "marked")]
    bibliography = tmp_path / "titles.csl.json"
    bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    text = cite_all_with_pandoc(pandoc, bibliography, tmp_path).stdout
    assert "Effect at p<0.05 of IL-6 & TNF" in text
    assert "Fe³⁺ in E." in text  # plain text prints <sup> as superscript characters


def test_a_doi_with_its_slash_escaped_is_unescaped_in_field_and_id() -> None:
    citation = Citation(title="T", identifiers=_ids(("doi", "10.1007%2Fs12571-013-0253-0")))
    item = citation_to_csl(citation, item_id(citation))
    assert item["DOI"] == "10.1007/s12571-013-0253-0"
    assert item["id"] == "doi:10.1007/s12571-013-0253-0"


@pytest.mark.parametrize(
    ("identifiers", "url"),
    [
        pytest.param(
            _ids(("pmid", "99000201")), "https://pubmed.ncbi.nlm.nih.gov/99000201/", id="pmid"
        ),
        pytest.param(
            _ids(("pmcid", "PMC123")), "https://pmc.ncbi.nlm.nih.gov/articles/PMC123/", id="pmcid"
        ),
    ],
)
def test_an_item_known_by_its_identifier_alone_links_to_its_page(
    identifiers: tuple[Identifier, ...], url: str
) -> None:
    assert citation_to_csl(Citation(identifiers=identifiers), "x")["URL"] == url
    titled = Citation(title="T", identifiers=identifiers)
    assert "URL" not in citation_to_csl(titled, "x")
