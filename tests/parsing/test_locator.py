"""The `DATE;VOLUME(ISSUE):PAGES` locator, and pages told apart from article numbers."""

from __future__ import annotations

import pytest

from bibnorm.parsing import classify_pages, parse_locator


@pytest.mark.parametrize(
    ("text", "volume", "issue", "pages", "article_number", "rest"),
    [
        ("2022 Apr;166:189-196. doi: 10.1/x.", "166", None, "189-196", None, "doi: 10.1/x."),
        ("2024 Sep;44(9):967-991.", "44", "9", "967-991", None, ""),
        ("2021 Nov 10;12:697298. doi: x", "12", None, None, "697298", "doi: x"),
        ("2018;13:e0192227", "13", None, None, "e0192227", ""),
        ("2019;17:99.", "17", None, "99", None, ""),
        # PubMed writes volume 45, issue `Suppl 1` as `45 Suppl 1` (its XML keeps them apart).
        ("2019;45 Suppl 1:S1-S10.", "45", "Suppl 1", "S1-S10", None, ""),
        ("2010;12 Suppl:1-5.", "12", "Suppl", "1-5", None, ""),
        ("1998;59 Suppl 20:22-33;quiz 34-57.", "59", "Suppl 20", "22-33;quiz 34-57", None, ""),
        ("2010 Jan;33 Suppl 1(Suppl 1):S62-9.", "33", "Suppl 1", "S62-9", None, ""),
        ("2019;(5):CD000123.", None, "5", None, "CD000123", ""),
        (
            "2021 Apr 6:2021.04.01.21254798. doi: y",
            None,
            None,
            None,
            "2021.04.01.21254798",
            "doi: y",
        ),
        (
            "2020 Nov 1. doi: z. Epub ahead of print.",
            None,
            None,
            None,
            None,
            "doi: z. Epub ahead of print.",
        ),
    ],
    ids=[
        "volume-pages",
        "issue",
        "long-article-number",
        "e-locator",
        "single-page",
        "supplement",
        "supplement-without-number",
        "supplement-with-quiz-pages",
        "supplement-repeated-as-issue",
        "issue-only",
        "preprint",
        "date-only",
    ],
)
def test_parse_locator(
    text: str,
    volume: str | None,
    issue: str | None,
    pages: str | None,
    article_number: str | None,
    rest: str,
) -> None:
    locator = parse_locator(text)
    assert locator is not None
    assert (locator.volume, locator.issue, locator.pages, locator.article_number, locator.rest) == (
        volume,
        issue,
        pages,
        article_number,
        rest,
    )


def test_no_date_no_locator() -> None:
    assert parse_locator("doi: 10.1/x") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("189-196", ("189-196", None)),
        ("e789-e792", ("e789-e792", None)),
        ("99", ("99", None)),
        ("12345", ("12345", None)),
        ("697298", (None, "697298")),
        ("e0192227", (None, "e0192227")),
        ("", (None, None)),
        (None, (None, None)),
    ],
    ids=[
        "range",
        "e-range",
        "short-page",
        "five-digits",
        "six-digits",
        "e-locator",
        "empty",
        "none",
    ],
)
def test_classify_pages(value: str | None, expected: tuple[str | None, str | None]) -> None:
    assert classify_pages(value) == expected
