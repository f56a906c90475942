"""Page ranges as MEDLINE abbreviates them (`132-42`), written out in full (`132-142`).

MEDLINE drops the leading digits the last page shares with the first; citation styles
and readers want both pages whole. Only a plain `first-last` range is expanded: lists
(`132-42, 150`), letters (`e12-e19`, `S1-4`) and anything else are left as they are.
"""

from __future__ import annotations

import re
from typing import TypedDict

_RANGE = re.compile(r"^(?P<prefix>[A-Za-z]*)(?P<first>\d+)\s*[-–]\s*(?P=prefix)?(?P<last>\d+)$")


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
    if match is None:
        return text
    return _expanded(match.group("prefix"), match.group("first"), match.group("last"), text)


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
