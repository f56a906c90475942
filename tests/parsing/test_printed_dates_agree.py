"""One printed PubMed date, one reading: MEDLINE `DP`, XML `MedlineDate` and the date of
a CSV export's citation give the same `DateParts` for the same text.

Each case builds a tiny input of each format around the date and runs it through the
adapters (and processors) with `bibnorm.parse`, so a source that reads dates its own way
shows up here.
"""

from __future__ import annotations

import pytest

import bibnorm
from bibnorm.model import DateParts, Record
from bibnorm.parsing.dates import read_printed_date


def _medline(date: str) -> str:
    return (
        "PMID- 99000001\n"
        "TI  - A title.\n"
        f"DP  - {date}\n"
        "DEP - 20240105\n"  # an electronic date a reader could wrongly fall back on
        "JT  - Sample Journal\n"
        "PT  - Journal Article\n"
    )


def _xml(date: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet>
<PubmedArticle>
<MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">99000001</PMID>
<Article PubModel="Print-Electronic">
<Journal><JournalIssue CitedMedium="Print"><PubDate><MedlineDate>{date}</MedlineDate></PubDate>
</JournalIssue><Title>Sample Journal</Title></Journal>
<ArticleTitle>A title.</ArticleTitle>
<ArticleDate DateType="Electronic"><Year>2024</Year><Month>01</Month><Day>05</Day></ArticleDate>
</Article>
</MedlineCitation>
<PubmedData></PubmedData>
</PubmedArticle>
</PubmedArticleSet>
"""


_CSV_HEADER = (
    "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,"
    "PMCID,NIHMS ID,DOI\n"
)


def _csv(date: str) -> str:
    return (
        _CSV_HEADER
        + f'99000001,A title,Doe J,"Sample J. {date};12(3):45-67.",Doe J,Sample J,,2024/01/06,,,\n'
    )


def _issued(text: str, fmt: str) -> DateParts | None:
    result = bibnorm.parse(text, format=fmt)
    assert not result.failed, result.failed
    (record,) = result.records
    assert isinstance(record, Record)
    return record.issued


def _without_raw(date: DateParts | None) -> tuple[object, ...] | None:
    if date is None:
        return None
    return (
        date.year,
        date.month,
        date.day,
        date.end_year,
        date.end_month,
        date.end_day,
        date.season,
    )


# (MedlineDate as PubMed writes it, what it reads as without `raw`)
SHAPES: list[tuple[str, tuple[object, ...]]] = [
    ("2022", (2022, None, None, None, None, None, None)),
    ("2022 Apr", (2022, 4, None, None, None, None, None)),
    ("2021 Nov 10", (2021, 11, 10, None, None, None, None)),
    ("1998 Winter", (1998, None, None, None, None, None, "Winter")),
    ("1998 Fall", (1998, None, None, None, None, None, "Autumn")),
    ("Summer 1998", (1998, None, None, None, None, None, "Summer")),
    ("Fall 2003", (2003, None, None, None, None, None, "Autumn")),
    ("Spring 2004", (2004, None, None, None, None, None, "Spring")),
    ("2000 Spring-Summer", (2000, None, None, 2000, None, None, "Spring")),
    ("1981 Summer-Fall", (1981, None, None, 1981, None, None, "Summer")),
    ("1990 Winter-1991 Spring", (1990, None, None, 1991, None, None, "Winter")),
    ("2012 Jul/Aug", (2012, 7, None, 2012, 8, None, None)),
    ("2012 Jul-Aug", (2012, 7, None, 2012, 8, None, None)),
    ("2017 Jan - Feb", (2017, 1, None, 2017, 2, None, None)),
    ("2013 Jul-Sep", (2013, 7, None, 2013, 9, None, None)),
    ("1998 Dec-1999 Jan", (1998, 12, None, 1999, 1, None, None)),
    ("1995 Jul-1996 Jun", (1995, 7, None, 1996, 6, None, None)),
    ("1975 Jul 1-15", (1975, 7, 1, 1975, 7, 15, None)),
    ("2000 Dec 23- 30", (2000, 12, 23, 2000, 12, 30, None)),
    ("1989 Oct 15-Nov 30", (1989, 10, 15, 1989, 11, 30, None)),
    ("2010 Mar 31-Apr 2", (2010, 3, 31, 2010, 4, 2, None)),
    ("2001 4th Quarter", (2001, 10, None, 2001, 12, None, None)),
    ("1999 1st Quart", (1999, 1, None, 1999, 3, None, None)),
    ("1993-1994", (1993, None, None, 1994, None, None, None)),
    ("1977-78", (1977, None, None, 1978, None, None, None)),
    ("1993/1994", (1993, None, None, 1994, None, None, None)),
    ("2012 Jul-Aug 01", (2012, 7, None, 2012, 8, 1, None)),
    ("2021 Jan-Feb 01", (2021, 1, None, 2021, 2, 1, None)),
    ("2012 Jul/Aug 01", (2012, 7, None, 2012, 8, 1, None)),
    ("1978-1979 Winter", (1978, None, None, 1979, None, None, None)),
    # Beyond the grammar: the year alone, with a note; never the electronic date.
    ("1999 Jan-Feb-Mar", (1999, None, None, None, None, None, None)),
    ("Early 2005", (2005, None, None, None, None, None, None)),
]


@pytest.mark.parametrize(("printed", "expected"), SHAPES, ids=[s for s, _ in SHAPES])
def test_medline_and_xml_read_a_date_alike(printed: str, expected: tuple[object, ...]) -> None:
    from_medline = _issued(_medline(printed), "medline")
    from_xml = _issued(_xml(printed), "pubmed-xml")
    assert _without_raw(from_medline) == expected
    assert from_xml == from_medline
    assert from_medline is not None and from_medline.raw == printed


_CSV_CASES = [
    pytest.param(printed, expected, id=printed)
    for printed, expected in SHAPES
    if read_printed_date(printed).problem is None  # what the grammar reads whole
]


@pytest.mark.parametrize(("printed", "expected"), _CSV_CASES)
def test_csv_citation_reads_a_date_as_medline_does(
    printed: str, expected: tuple[object, ...]
) -> None:
    assert _without_raw(_issued(_csv(printed), "pubmed-csv")) == expected


def test_an_unreadable_date_is_reported_not_replaced() -> None:
    medline = bibnorm.parse(_medline("Early 2005"), format="medline").records[0]
    xml = bibnorm.parse(_xml("Early 2005"), format="pubmed-xml").records[0]
    assert [d.code for d in medline.diagnostics if "date" in d.code] == ["medline.partial-date"]
    assert any(d.code.endswith("partial-date") for d in xml.diagnostics)


def test_text_without_a_year_is_no_date() -> None:
    record = bibnorm.parse(_medline("In press"), format="medline").records[0]
    assert record.issued is None
    assert ("DP", "In press") in record.extra
    assert any(d.code == "medline.unparsed-date" for d in record.diagnostics)
