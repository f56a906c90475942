"""Page ranges written out in full, and CSL types from PubMed publication types."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibnorm.parsing.pages import expand_page_range, page_fields
from bibnorm.parsing.pubtypes import csl_type


@pytest.mark.parametrize(
    ("raw", "expanded"),
    [
        pytest.param("132-42", "132-142", id="medline-abbreviated"),
        pytest.param("1234-9", "1234-1239", id="one-digit-end"),
        pytest.param("189-196", "189-196", id="already-whole"),
        pytest.param("99", "99", id="single-page"),
        pytest.param("R12-4", "R12-R14", id="letter-prefix"),
        pytest.param("e12-e19", "e12-e19", id="prefix-on-both"),
        pytest.param("132–42", "132-142", id="en-dash"),
        pytest.param("132-42, 150", "132-142, 150", id="list"),
        pytest.param("21-5; discussion 26", "21-25; discussion 26", id="list-with-words"),
        pytest.param("75-82; quiz 83-4", "75-82; quiz 83-84", id="second-range-of-a-list"),
        pytest.param("e12-9, e20", "e12-e19, e20", id="list-letter-prefix"),
        pytest.param("12-3.4, 5", "12-3.4, 5", id="list-odd-range-left-alone"),
        pytest.param("10-5, 3-1", "10-15, 3-1", id="list-end-before-start-left-alone"),
        pytest.param("S1-4", "S1-S4", id="supplement"),
        pytest.param("95-3", "95-3", id="end-before-start-left-alone"),
        pytest.param("e0192227", "e0192227", id="e-locator"),
        pytest.param(" 12-8 ", "12-18", id="spaces"),
    ],
)
def test_expand_page_range(raw: str, expanded: str) -> None:
    assert expand_page_range(raw) == expanded


_RANGE = re.compile(r"^(?P<prefix>[A-Za-z]*)(?P<first>\d+)\s*[-–]\s*(?P=prefix)?(?P<last>\d+)$")


def _by_the_regex_alone(pages: str) -> str:
    # The rule as first written; the plain-digits shortcut must agree with it.
    text = pages.strip()
    match = _RANGE.match(text)
    if match is None:
        return text
    prefix, first, last = match.group("prefix"), match.group("first"), match.group("last")
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return text if int(last) < int(first) else f"{prefix}{first}-{prefix}{last}"


@given(st.text(alphabet="0123456789-– eS٣", max_size=12))
def test_the_plain_range_shortcut_reads_as_the_regex_does(pages: str) -> None:
    assert expand_page_range(pages) == _by_the_regex_alone(pages)


@pytest.mark.parametrize(
    ("types", "kwargs", "expected"),
    [
        pytest.param(["Journal Article", "Review"], {}, "article-journal", id="review-is-article"),
        pytest.param(["Preprint", "Journal Article"], {}, "article", id="preprint"),
        pytest.param(["Congress"], {}, "paper-conference", id="congress"),
        pytest.param(["Dataset"], {}, "dataset", id="dataset"),
        pytest.param(["Technical Report"], {}, "report", id="report"),
        pytest.param([], {"book": True}, "book", id="book"),
        pytest.param(["Review"], {"book": True, "chapter": True}, "chapter", id="chapter"),
        pytest.param([], {}, "article-journal", id="none"),
    ],
)
def test_csl_type(types: list[str], kwargs: dict[str, bool], expected: str) -> None:
    assert csl_type(types, **kwargs) == expected


@pytest.mark.parametrize(
    ("written", "fields"),
    [
        pytest.param("923-9", {"pages": "923-929", "pages_raw": "923-9"}, id="abbreviated"),
        pytest.param("10–18", {"pages": "10-18", "pages_raw": "10–18"}, id="en-dash-kept-raw"),
        pytest.param("1261-1270", {"pages": "1261-1270"}, id="already-whole"),
        pytest.param("e12.", {"pages": "e12"}, id="final-period"),
        pytest.param("", {}, id="empty"),
        pytest.param(None, {}, id="none"),
    ],
)
def test_page_fields_give_full_pages_and_the_printed_form(
    written: str | None, fields: dict[str, str]
) -> None:
    assert page_fields(written) == fields
