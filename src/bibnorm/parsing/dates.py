"""PubMed date grammar: `2022 Apr`, `2021 Nov 10`, `2025 Jan-Dec`, `1998 Winter` as `DateParts`.

PubMed prints dates year first, with an optional English month (or season) and day, and
ranges joined by a dash: `2000 Dec-2001 Jan`, `2025 Jan-Dec`, `2020 Mar 1-15`. The free
text of an XML `MedlineDate` (which MEDLINE prints as its `DP` and PubMed's citations
print as they are) adds a few more shapes: a season before the year (`Summer 1998`), a
slash between months (`2012 Jul/Aug`), quarters (`2001 4th Quarter`) and a two-digit end
year (`1977-78`).

`read_printed_date` is the one reader every source calls for such a printed date, so the
same text gives the same `DateParts` from MEDLINE, PubMed XML, CSV and page citations: the
full grammar (`parse_pubmed_date`), else the year alone with a note saying so, else no
date with a note. The parsers here never raise: text that is not such a date gives None.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

from bibnorm.model import DateParts

MONTHS: dict[str, int] = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_abbr[number], calendar.month_name[number])
}
MONTHS["sept"] = 9

# Print spelling of each season; `Fall` is the American name of Autumn.
SEASONS: dict[str, str] = {
    "spring": "Spring",
    "summer": "Summer",
    "autumn": "Autumn",
    "fall": "Autumn",
    "winter": "Winter",
}

_YEAR = r"(?:1[5-9]|2\d)\d\d"
_NAME = r"[A-Za-z]{3,9}\.?"
_DAY = r"\d{1,2}"
# One end of a date: a year, a month or season name, or a day; the range grammar below
# decides which ends may follow which.
_PART = rf"(?:{_YEAR}|{_NAME}|{_DAY})"
DATE_PATTERN = rf"{_YEAR}(?:\s+{_NAME}(?:\s+{_DAY})?)?(?:\s*[-–]\s*{_PART}(?:\s+{_PART}){{0,2}})?"
_DATE_AT_START = re.compile(rf"\s*(?P<date>{DATE_PATTERN})(?![\w])")
# The MedlineDate shapes the pattern above does not find, at the start of a citation's
# locator (`Summer 1998;12(2):3-9`, `2012 Jul/Aug;23(7):1-5`, `2001 4th Quarter;...`).
_SEASON_NAME = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
# Where a printed date starts in running text: a year, or a season and its year
# (`Lancet. 2020`, `Nurs Forum. Summer 1998`); sources end a journal name there.
DATE_AHEAD = rf"(?=(?:{_SEASON_NAME}\s+)?(?:1[5-9]|2\d)\d\d\b)"
_QUARTER = r"(?:[1-4](?:st|nd|rd|th)|[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth)\s+[Qq]uart(?:er)?\.?"
_OTHER_DATE_AT_START = re.compile(
    rf"\s*(?P<date>{_SEASON_NAME}(?:\s*-\s*{_SEASON_NAME})?\s+{_YEAR}"
    rf"|{_YEAR}\s+(?:{_QUARTER}|{_NAME}\s*/\s*{_NAME}(?:\s+{_DAY})?)"
    rf"|{_YEAR}\s*(?:/\s*{_YEAR}|-\s*\d\d))(?![\w])"
)
_YEAR_IN_TEXT = re.compile(rf"(?<!\d){_YEAR}(?!\d)", re.ASCII)
# `Summer 1998`, `Spring-Summer 2000`: a season (or two) before the year.
_SEASON_FIRST = re.compile(
    rf"(?P<names>{_SEASON_NAME}(?:\s*-\s*{_SEASON_NAME})?)\s+(?P<year>{_YEAR})"
)
# `Jul/Aug`: a slash between two names is a range.
_NAME_SLASH = re.compile(r"(?<=[A-Za-z.])\s*/\s*(?=[A-Za-z])")
# `2001 4th Quarter`, `1999 First Quart`.
_YEAR_QUARTER = re.compile(rf"(?P<year>{_YEAR})\s+(?P<quarter>{_QUARTER})")
_QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}
# `1977-78`, `1993/1994`: a two-digit end year, or a slash, after a year alone.
_SHORT_END_YEAR = re.compile(
    rf"(?P<year>{_YEAR})\s*(?:[-–/]\s*(?P<end>\d\d)|/\s*(?P<full>{_YEAR}))"
)


@dataclass(frozen=True, slots=True)
class PrintedDate:
    """What `read_printed_date` read: the date (None when there is none), and `problem`,
    why it is less than the text says (None when the grammar read the text whole)."""

    date: DateParts | None
    problem: str | None = None


def read_printed_date(text: str) -> PrintedDate:
    """A date as PubMed prints it (`DP`, `MedlineDate`, a citation's date), read the same
    way for every source.

    The full grammar first; text it cannot read gives its year alone (`raw` keeps the
    whole text) or, without a year, no date, each with a `problem` for the caller to
    report: a date is never shortened or dropped silently.
    """
    parsed = parse_pubmed_date(text)
    if parsed is not None:
        return PrintedDate(parsed)
    raw = text.strip()
    year = _YEAR_IN_TEXT.search(raw)
    if year is None:
        return PrintedDate(None, f"no date could be read from {raw!r}")
    return PrintedDate(
        DateParts(year=int(year.group()), raw=raw),
        f"only the year could be read from {raw!r}",
    )


def parse_pubmed_date(text: str) -> DateParts | None:
    """The date `text` spells in PubMed's grammar, or None when it is not such a date.

    The whole text (surrounding spaces and a final period aside) must be the date.
    """
    cleaned = text.strip().rstrip(".").strip()
    if not cleaned or not _ascii_digits(cleaned):
        return None
    # Most dates are year first: the other MedlineDate shapes are tried only after.
    start, sep, end = _split_range(cleaned)
    begin = _parse_point(start.split())
    if begin is None:
        return _other_shape(cleaned)
    year, month, day, season = begin
    if not sep:
        return DateParts(year=year, month=month, day=day, season=season, raw=cleaned)
    finish = _parse_range_end(end.split(), year, month)
    if finish is None:
        return _other_shape(cleaned)
    end_year, end_month, end_day = finish
    return DateParts(
        year=year,
        month=month,
        day=day,
        end_year=end_year,
        end_month=end_month,
        end_day=end_day,
        season=season,
        raw=cleaned,
    )


def _other_shape(text: str) -> DateParts | None:
    """The date of a MedlineDate shape outside the year-first grammar (`Summer 1998`,
    read as `1998 Summer` with its own raw text); None for any other text."""
    if (season_first := _SEASON_FIRST.fullmatch(text)) is not None:
        parsed = parse_pubmed_date(f"{season_first.group('year')} {season_first.group('names')}")
        return None if parsed is None else replace(parsed, raw=text)
    if "/" in text:
        rewritten = _NAME_SLASH.sub("-", text)
        if rewritten != text:
            parsed = parse_pubmed_date(rewritten)
            return None if parsed is None else replace(parsed, raw=text)
    if (quarter := _YEAR_QUARTER.fullmatch(text)) is not None:
        year = int(quarter.group("year"))
        ordinal = quarter.group("quarter").split()[0].lower()
        number = _QUARTERS[ordinal[0] if ordinal[0].isdigit() else ordinal]
        return DateParts(
            year=year, month=number * 3 - 2, end_year=year, end_month=number * 3, raw=text
        )
    if (short := _SHORT_END_YEAR.fullmatch(text)) is not None:
        year = int(short.group("year"))
        end = short.group("end")
        end_year = year // 100 * 100 + int(end) if end else int(short.group("full"))
        if end_year > year:
            return DateParts(year=year, end_year=end_year, raw=text)
    return None


def _ascii_digits(text: str) -> bool:
    """False when `text` holds a digit that is not ASCII (`²`): no part of a date."""
    return text.isascii() or not any(ch.isdigit() and not ch.isascii() for ch in text)


def split_leading_date(text: str) -> tuple[DateParts | None, str]:
    """The PubMed date at the start of `text` and the text after it.

    `2022 Apr;166:189-196` gives (2022-04, `;166:189-196`). When no date starts the text,
    or what looks like one is not valid, the date is None and the text is returned whole.
    """
    other = _OTHER_DATE_AT_START.match(text)
    if other is not None and (parsed := parse_pubmed_date(other.group("date"))) is not None:
        return parsed, text[other.end("date") :]
    match = _DATE_AT_START.match(text)
    if match is None:
        return None, text
    # The pattern is generous about range ends; shorten the match until it parses, so
    # `2021 Apr 6:2021.04.01` or `2020 Jan-Feb` both keep exactly their date.
    candidate = match.group("date")
    while candidate:
        parsed = parse_pubmed_date(candidate)
        if parsed is not None:
            return parsed, text[match.start("date") + len(candidate) :]
        candidate = re.sub(r"\s*[-–]?\s*\S*$", "", candidate)
    return None, text


def _split_range(text: str) -> tuple[str, str, str]:
    for dash in ("-", "–"):
        if dash in text:
            start, _, end = text.partition(dash)
            return start.strip(), dash, end.strip()
    return text, "", ""


def _parse_point(words: list[str]) -> tuple[int, int | None, int | None, str | None] | None:
    """Year, month, day and season of `YYYY [Mon|Season [D]]`."""
    if not words or len(words) > 3 or not re.fullmatch(_YEAR, words[0]):
        return None
    year = int(words[0])
    if len(words) == 1:
        return year, None, None, None
    name = words[1].rstrip(".").lower()
    if name in SEASONS and len(words) == 2:
        return year, None, None, SEASONS[name]
    month = MONTHS.get(name)
    if month is None:
        return None
    if len(words) == 2:
        return year, month, None, None
    # A day the month does not have is a typo; the year and month are still sure.
    return year, month, _valid_day(words[2], year, month), None


def _parse_range_end(
    words: list[str], year: int, month: int | None
) -> tuple[int, int | None, int | None] | None:
    """The end of a range, which PubMed shortens to what differs from its start."""
    if not words or len(words) > 3:
        return None
    if re.fullmatch(_YEAR, words[0]):
        point = _parse_point(words)
        if point is None or point[0] < year or (len(words) > 2 and point[2] is None):
            return None
        return point[0], point[1], point[2]
    if len(words) == 1 and _is_ascii_number(words[0]):
        day = _valid_day(words[0], year, month) if month else None
        return None if day is None else (year, month, day)
    point = _parse_point([str(year), *words])
    if point is None or (len(words) > 1 and point[2] is None):
        return None
    return year, point[1], point[2]


def _valid_day(word: str, year: int, month: int) -> int | None:
    if not _is_ascii_number(word):
        return None
    day = int(word)
    return day if 1 <= day <= calendar.monthrange(year, month)[1] else None


def _is_ascii_number(word: str) -> bool:
    """`12` yes; `²` or `١٢` no, though `str.isdigit` says yes to them and `int` may fail."""
    return word.isascii() and word.isdigit()
