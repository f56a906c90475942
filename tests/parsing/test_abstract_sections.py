"""Abstracts: plain paragraphs, inline labels, heading lines, copyright."""

from __future__ import annotations

import pytest

from bibnorm.parsing import label_category, parse_abstract


def _labels(paragraphs: list[str]) -> list[tuple[str | None, str | None, str]]:
    abstract = parse_abstract(paragraphs)
    assert abstract is not None
    return [(s.label, s.category, s.text) for s in abstract.sections]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["One paragraph."], [(None, None, "One paragraph.")]),
        (["First.", "Second."], [(None, None, "First."), (None, None, "Second.")]),
        (
            ["Background: Why.", "Methods: How.", "Results: What.", "Conclusions: So."],
            [
                ("Background", "BACKGROUND", "Why."),
                ("Methods", "METHODS", "How."),
                ("Results", "RESULTS", "What."),
                ("Conclusions", "CONCLUSIONS", "So."),
            ],
        ),
        (
            ["Objective", "Aim.", "Methods", "Step one.", "Step two.", "Conclusions", "So."],
            [
                ("Objective", "OBJECTIVE", "Aim."),
                ("Methods", "METHODS", "Step one.\nStep two."),
                ("Conclusions", "CONCLUSIONS", "So."),
            ],
        ),
        (
            ["Study aim: Why.", "Main finding: What."],
            [("Study aim", None, "Why."), ("Main finding", None, "What.")],
        ),
        (
            ["We found: nothing new."],
            [(None, None, "We found: nothing new.")],
        ),
    ],
    ids=[
        "plain",
        "two-plain-paragraphs",
        "inline-labels",
        "heading-lines",
        "unknown-labels-when-several",
        "lone-colon-is-no-label",
    ],
)
def test_parse_abstract(
    paragraphs: list[str], expected: list[tuple[str | None, str | None, str]]
) -> None:
    assert _labels(paragraphs) == expected


def test_copyright_is_kept_apart() -> None:
    abstract = parse_abstract(["Text.", "Copyright © 2023 The Authors."])
    assert abstract is not None
    assert abstract.copyright == "Copyright © 2023 The Authors."
    assert [s.text for s in abstract.sections] == ["Text."]


def test_empty_abstract_is_none() -> None:
    assert parse_abstract(["", "  "]) is None


@pytest.mark.parametrize(
    ("label", "category"),
    [("Materials and Methods", "METHODS"), ("AIMS:", "OBJECTIVE"), ("Trial registration", None)],
    ids=["methods-variant", "upper-case-with-colon", "no-category"],
)
def test_label_category(label: str, category: str | None) -> None:
    assert label_category(label) == category
