"""PubMed's date grammar: single dates, ranges, seasons, and text that is no date."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibnorm.model import DateParts
from bibnorm.parsing import parse_pubmed_date, split_leading_date
from bibnorm.parsing.dates import read_printed_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", DateParts(year=2019, raw="2019")),
        ("2022 Apr", DateParts(year=2022, month=4, raw="2022 Apr")),
        ("2021 Nov 10", DateParts(year=2021, month=11, day=10, raw="2021 Nov 10")),
        ("2024 Jun 18", DateParts(year=2024, month=6, day=18, raw="2024 Jun 18")),
        ("2022 April", DateParts(year=2022, month=4, raw="2022 April")),
        (
            "2025 Jan-Dec",
            DateParts(year=2025, month=1, end_year=2025, end_month=12, raw="2025 Jan-Dec"),
        ),
        (
            "2000 Dec-2001 Jan",
            DateParts(year=2000, month=12, end_year=2001, end_month=1, raw="2000 Dec-2001 Jan"),
        ),
        (
            "2020 Mar 1-15",
            DateParts(
                year=2020,
                month=3,
                day=1,
                end_year=2020,
                end_month=3,
                end_day=15,
                raw="2020 Mar 1-15",
            ),
        ),
        ("1993-2024", DateParts(year=1993, end_year=2024, raw="1993-2024")),
        ("1998 Winter", DateParts(year=1998, season="Winter", raw="1998 Winter")),
        ("1998 Fall", DateParts(year=1998, season="Autumn", raw="1998 Fall")),
        ("2021 Feb 30", DateParts(year=2021, month=2, raw="2021 Feb 30")),
        (" 2022 Apr. ", DateParts(year=2022, month=4, raw="2022 Apr")),
    ],
    ids=[
        "year",
        "year-month",
        "year-month-day",
        "seed-cited-by-date",
        "full-month-name",
        "month-range-same-year",
        "month-range-across-years",
        "day-range",
        "year-range",
        "season",
        "fall-is-autumn",
        "impossible-day-dropped",
        "spaces-and-final-period",
    ],
)
def test_parse_pubmed_date(text: str, expected: DateParts) -> None:
    assert parse_pubmed_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "Apr 2022", "22 Apr", "2022 Foo", "2022 Apr 3 4 5", "2022 Apr-Foo", "2001-2000", "PMID"],
    ids=[
        "empty",
        "month-first",
        "short-year",
        "unknown-month",
        "too-many-parts",
        "bad-range-end",
        "backwards-year-range",
        "word",
    ],
)
def test_non_dates_give_none(text: str) -> None:
    assert parse_pubmed_date(text) is None


@pytest.mark.parametrize(
    ("text", "raw", "rest"),
    [
        ("2022 Apr;166:189-196", "2022 Apr", ";166:189-196"),
        ("2025 Jan-Dec;24:15330338251363694", "2025 Jan-Dec", ";24:15330338251363694"),
        ("2021 Apr 6:2021.04.01.21254798", "2021 Apr 6", ":2021.04.01.21254798"),
        ("2022. PMID: 1", "2022", ". PMID: 1"),
    ],
    ids=["locator", "range-locator", "preprint-locator", "repeat-year"],
)
def test_split_leading_date(text: str, raw: str, rest: str) -> None:
    date, after = split_leading_date(text)
    assert date is not None
    assert (date.raw, after) == (raw, rest)


def test_split_leading_date_without_date_keeps_text() -> None:
    assert split_leading_date("Lung Cancer. 2022") == (None, "Lung Cancer. 2022")


@given(st.text())
def test_never_raises_and_months_stay_in_range(text: str) -> None:
    for date in (parse_pubmed_date(text), split_leading_date(text)[0]):
        if date is not None:
            assert date.month is None or 1 <= date.month <= 12
            assert date.end_month is None or 1 <= date.end_month <= 12


@pytest.mark.parametrize(
    "text", ["2020 Apr ²", "²", "2020 ³"], ids=["superscript-day", "alone", "year-sup"]
)
def test_superscript_digits_are_not_numbers(text: str) -> None:
    date = parse_pubmed_date(text)
    assert date is None or date.day is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Summer 1998", DateParts(year=1998, season="Summer", raw="Summer 1998")),
        ("Fall 2003", DateParts(year=2003, season="Autumn", raw="Fall 2003")),
        (
            "2012 Jul/Aug",
            DateParts(year=2012, month=7, end_year=2012, end_month=8, raw="2012 Jul/Aug"),
        ),
        (
            "2001 4th Quarter",
            DateParts(year=2001, month=10, end_year=2001, end_month=12, raw="2001 4th Quarter"),
        ),
        (
            "1999 First Quarter",
            DateParts(year=1999, month=1, end_year=1999, end_month=3, raw="1999 First Quarter"),
        ),
        ("1977-78", DateParts(year=1977, end_year=1978, raw="1977-78")),
        ("1993/1994", DateParts(year=1993, end_year=1994, raw="1993/1994")),
    ],
    ids=["season-first", "fall-first", "slashed-months", "quarter", "quarter-word",
         "short-end-year", "slashed-years"],
)  # fmt: skip
def test_medline_date_shapes(text: str, expected: DateParts) -> None:
    assert parse_pubmed_date(text) == expected


@pytest.mark.parametrize(
    ("text", "raw", "rest"),
    [
        ("Summer 1998;12(3):4-5.", "Summer 1998", ";12(3):4-5."),
        ("2012 Jul/Aug;23(7):1-5", "2012 Jul/Aug", ";23(7):1-5"),
        ("2001 4th Quarter;3:1-2", "2001 4th Quarter", ";3:1-2"),
    ],
    ids=["season-first", "slashed-months", "quarter"],
)
def test_split_leading_medline_date_shapes(text: str, raw: str, rest: str) -> None:
    date, after = split_leading_date(text)
    assert date is not None
    assert (date.raw, after) == (raw, rest)


@pytest.mark.parametrize(
    ("text", "date", "problem"),
    [
        ("2022 Apr", DateParts(year=2022, month=4, raw="2022 Apr"), None),
        ("Early 2005", DateParts(year=2005, raw="Early 2005"), "only the year"),
        ("2020 Apr ²", DateParts(year=2020, raw="2020 Apr ²"), "only the year"),
        ("In press", None, "no date"),
    ],
    ids=["grammar", "year-only", "odd-digit", "no-year"],
)
def test_read_printed_date_says_what_it_could_not_read(
    text: str, date: DateParts | None, problem: str | None
) -> None:
    printed = read_printed_date(text)
    assert printed.date == date
    if problem is None:
        assert printed.problem is None
    else:
        assert printed.problem is not None and printed.problem.startswith(problem)
