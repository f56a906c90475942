"""Page ranges as MEDLINE abbreviates them (`132-42`), written out in full (`132-142`).

MEDLINE drops the leading digits the last page shares with the first; citation styles
and readers want both pages whole. A plain `first-last` range is expanded, and so is
each such range of a list (`402-4, 455`, `21-5; discussion 26`); letters that differ
(`e12-f19`) and anything else are left as they are.
"""

from __future__ import annotations

import re
from typing import TypedDict

_RANGE = re.compile(r"^(?P<prefix>[A-Za-z]*)(?P<first>\d+)\s*[-–]\s*(?P=prefix)?(?P<last>\d+)$")
# One range among others (`quiz 83-4` in `75-82; quiz 83-4`), standing alone in its list.
_RANGE_IN_LIST = re.compile(
    r"(?<![\w.-])(?P<prefix>[A-Za-z]*)(?P<first>\d+)-(?P=prefix)?(?P<last>\d+)(?![\w.-])"
)


def expand_page_range(pages: str) -> str:
    """`132-42` -> `132-142`, `1234-9` -> `1234-1239`, `R12-4` -> `R12-R14`; else unchanged.

    A last page that is already whole (`189-196`) only has its dash normalised. A range
    whose written-out end would come before its start is left as it was.
    """
    text = pages.strip()
    first, dash, last = text.partition("-")
    if dash and first.isdecimal() and last.isdecimal():
        # The common `132-42`, read without the regex (which would read it the same).
        return _expanded("", first, last, text)
    match = _RANGE.match(text)
    if match is not None:
        return _expanded(match.group("prefix"), match.group("first"), match.group("last"), text)
    if "," in text or ";" in text:
        return _RANGE_IN_LIST.sub(_expanded_match, text)
    return text


def _expanded_match(match: re.Match[str]) -> str:
    prefix, first, last = match.group("prefix", "first", "last")
    return _expanded(prefix, first, last, match.group(0))


def _expanded(prefix: str, first: str, last: str, text: str) -> str:
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if int(last) < int(first):
        return text
    return f"{prefix}{first}-{prefix}{last}"


class PageFields(TypedDict, total=False):
    """The page fields of a citation, as `page_fields` gives them."""

    pages: str
    pages_raw: str


def page_fields(written: str | None) -> PageFields:
    """`pages` as citations want them and, when it differs, `pages_raw` as printed.

    En dashes become hyphens and an abbreviated range is written out (`789-96` ->
    `789-796`, `pages_raw` `789-96`): the same article then has the same pages whatever
    source it came from. Empty for no pages.
    """
    printed = (written or "").strip().rstrip(".")
    if not printed:
        return {}
    expanded = expand_page_range(printed.replace("–", "-"))
    values = PageFields(pages=expanded)
    if expanded != printed:
        values["pages_raw"] = printed
    return values
