"""PubMed date grammar: `2022 Apr`, `2021 Nov 10`, `2025 Jan-Dec`, `1998 Winter` as `DateParts`.

PubMed prints dates year first, with an optional English month (or season) and day, and
ranges joined by a dash: `2000 Dec-2001 Jan`, `2025 Jan-Dec`, `2020 Mar 1-15`. The parsers
here never raise: text that is not such a date gives None.
"""

from __future__ import annotations

import calendar
import re

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


def parse_pubmed_date(text: str) -> DateParts | None:
    """The date `text` spells in PubMed's grammar, or None when it is not such a date.

    The whole text (surrounding spaces and a final period aside) must be the date.
    """
    cleaned = text.strip().rstrip(".").strip()
    if not cleaned:
        return None
    start, sep, end = _split_range(cleaned)
    begin = _parse_point(start.split())
    if begin is None:
        return None
    year, month, day, season = begin
    if not sep:
        return DateParts(year=year, month=month, day=day, season=season, raw=cleaned)
    finish = _parse_range_end(end.split(), year, month)
    if finish is None:
        return None
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


def split_leading_date(text: str) -> tuple[DateParts | None, str]:
    """The PubMed date at the start of `text` and the text after it.

    `2022 Apr;166:189-196` gives (2022-04, `;166:189-196`). When no date starts the text,
    or what looks like one is not valid, the date is None and the text is returned whole.
    """
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
