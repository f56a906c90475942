"""The locator of a journal citation: `2022 Apr;166(3):189-196`, date to pages.

PubMed and the Vancouver-style references it shows both write where an article is as
`DATE;VOLUME(ISSUE):PAGES`, every part after the date optional. A single e-locator
(`e0192227`) or a long article number (`697298`) is told apart from a page range here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibnorm.model import DateParts, fast_init
from bibnorm.parsing.dates import split_leading_date

# After the date: `;volume`, `(issue)` and `:pages`, each optional, then a period that ends
# the locator (or the end of the text). Volumes may read `45 Suppl 1` (read as volume 45,
# issue `Suppl 1`); pages may hold periods (`2021.04.01.21254798`, a preprint's e-locator)
# and MEDLINE's quiz pages (`22-33;quiz 34-57`), no other spaces.
_AFTER_DATE = re.compile(
    r"(?:;\s*(?P<volume>[^(:;.]*?)\s*(?:\((?P<issue>[^()]*)\))?)?"
    r"(?::\s*(?P<pages>\S+?(?:;\s*quiz\s+\S+?)?))?"
    r"(?P<end>\.(?=\s)|\.?$)"
)
# A supplement written after the volume: `59 Suppl 20`, `12 Suppl`, `40 Supplement 2`.
_SUPPLEMENT = re.compile(r"(?P<volume>\S+)\s+(?P<issue>Suppl(?:ement)?\.?(?:\s*\S+)?)")
# Article numbers that have as many digits as this or more are not page numbers.
_ARTICLE_NUMBER_DIGITS = 6


@fast_init
@dataclass(frozen=True, kw_only=True)
class Locator:
    """Date, volume, issue and pages of a citation, and the text after them."""

    issued: DateParts | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    rest: str = ""


def parse_locator(text: str) -> Locator | None:
    """The locator at the start of `text` (`2019;17:99. doi: ...`), or None if none starts it.

    `rest` is what follows the locator's closing period, stripped.
    """
    issued, after = split_leading_date(text)
    if issued is None:
        return None
    match = _AFTER_DATE.match(after)
    if match is None:
        # A date followed by something that is no locator: only the date is sure.
        return Locator(issued=issued, rest=after.lstrip(" .;:"))
    pages, article_number = classify_pages(match.group("pages"))
    volume, issue = match.group("volume") or None, match.group("issue") or None
    supplement = _SUPPLEMENT.fullmatch(volume) if volume else None
    # PubMed writes the issue `Suppl 20` of volume 59 as `59 Suppl 20`, and sometimes
    # repeats it: `33 Suppl 1(Suppl 1)`.
    if supplement is not None and issue in {None, supplement.group("issue")}:
        volume, issue = supplement.group("volume"), supplement.group("issue")
    return Locator(
        issued=issued,
        volume=volume,
        issue=issue,
        pages=pages,
        article_number=article_number,
        rest=after[match.end() :].strip(),
    )


def classify_pages(value: str | None) -> tuple[str | None, str | None]:
    """`(pages, article_number)` for what follows the colon of a locator.

    A range (`189-196`, `e789-e792`) or a short number (`99`) is pages. A single value
    with a letter (`e0192227`, `CD012345`), a period (`2021.04.01.21254798`) or six
    digits or more (`697298`) is an article number: journals number articles, not pages,
    with those.
    """
    if not value:
        return None, None
    value = value.strip().rstrip(".")
    if not value:
        return None, None
    if "-" in value or "–" in value:
        return value, None
    is_short_number = value.isdigit() and len(value) < _ARTICLE_NUMBER_DIGITS
    return (value, None) if is_short_number else (None, value)
