"""The suite can fail: hand-made bad items make each consumer runner report, and name them.

Without these, a runner that lost its errors (a console not captured, a warning filter too
wide, a batch that hides which file was bad) would pass everything silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import csl_consumers as cc
import pytest
from shared_data import skip_or_fail

GOOD = {"type": "article-journal", "title": "A good item", "issued": {"date-parts": [[2020]]}}


def batch(*files: tuple[str, list[dict[str, Any]]]) -> list[cc.Item]:
    """Items of several made-up files, under batch ids as `collect` gives them."""
    return [
        cc.Item(file, str(data["id"]), f"f{n}_{data['id']}", {**data, "id": f"f{n}_{data['id']}"})
        for n, (file, items) in enumerate(files)
        for data in items
    ]


def failures(outcomes: list[cc.Outcome]) -> dict[tuple[str, str], list[str]]:
    return {
        (o.item.file, o.item.id): o.errors + o.warnings for o in outcomes if o.errors or o.warnings
    }


@pytest.fixture
def node_ready() -> None:
    if cc.node_executable() is None or not cc.citeproc_js_installed():
        skip_or_fail("citeproc-js needs node and `npm ci` in tests/conformance")


@pytest.fixture
def pandoc_ready() -> None:
    if cc.pandoc_version() == "missing":
        skip_or_fail("pandoc is not installed (Debian: apt-get install pandoc)")


@pytest.mark.usefixtures("node_ready")
@pytest.mark.parametrize("style", cc.STYLES)
def test_citeproc_js_reports_throws_warnings_and_empty_entries(style: str, tmp_path: Path) -> None:
    items = batch(
        ("a.txt", [{"id": "x", **GOOD}]),
        (
            "b.txt",
            [
                {"id": "x", **GOOD, "issued": {"date-parts": [[2022, 1], [2022, 2, 1]]}},
                {"id": "y", **GOOD, "issued": {"literal": {"part": "2020"}}},
            ],
        ),
    )
    found = failures(cc.run_citeproc_js(items, style, tmp_path))
    assert set(found) == {("b.txt", "x"), ("b.txt", "y")}
    assert "element mismatch in date range input" in found["b.txt", "x"][0]
    assert "fixing up weird literal date value" in found["b.txt", "y"][0]


@pytest.mark.usefixtures("node_ready")
def test_citeproc_js_reports_an_entry_with_nothing_but_its_number(tmp_path: Path) -> None:
    found = failures(
        cc.run_citeproc_js(
            batch(("a.txt", [{"id": "x", "type": "article"}])), "nlm-citation-sequence", tmp_path
        )
    )
    assert found == {("a.txt", "x"): ["the bibliography entry is empty"]}


@pytest.mark.parametrize("style", cc.STYLES)
def test_citeproc_py_reports_warnings_but_not_its_own_gaps(style: str) -> None:
    items = batch(
        (
            "a.txt",
            [
                {"id": "x", **GOOD, "bogus-key": "1"},
                # Valid CSL-JSON that citeproc-py 0.11 has no variable for: not a finding.
                {"id": "y", **GOOD, "journalAbbreviation": "J", "custom": {"k": "v"}},
                {"id": "z", **GOOD, "available-date": {"date-parts": [[2020, 1]]}},
            ],
        ),
    )
    found = failures(cc.run_citeproc_py(items, style))
    assert list(found) == [("a.txt", "x")]
    assert "unsupported: bogus_key" in found["a.txt", "x"][0]


@pytest.mark.usefixtures("pandoc_ready")
@pytest.mark.parametrize("style", cc.PANDOC_STYLES)
def test_pandoc_failure_is_narrowed_to_the_file_and_item(style: str, tmp_path: Path) -> None:
    good = [{"id": f"g{n}", **GOOD} for n in range(7)]
    bad = {"id": "x", **GOOD, "issued": {"date-parts": [["not a number"]]}}
    # Both files have an item `x`: the batch must keep them apart.
    items = batch(("a.txt", [{"id": "x", **GOOD}, *good]), ("b.txt", [*good[:5], bad, *good[5:]]))
    outcomes = cc.run_pandoc(items, style, tmp_path)
    assert len(outcomes) == len(items)
    found = failures(outcomes)
    assert list(found) == [("b.txt", "x")]
    assert "not a number" in found["b.txt", "x"][0]
    assert all(o.text for o in outcomes if not o.errors)


MARKUP = {"id": "m", **GOOD, "title": "A <strong>strong</strong> title with <i>in vivo</i>"}


@pytest.mark.usefixtures("node_ready")
def test_citeproc_js_reports_markup_it_shows_as_text(tmp_path: Path) -> None:
    # <i> is CSL rich text; <strong> is not, so citeproc-js prints it.
    found = failures(cc.run_citeproc_js(batch(("a.txt", [MARKUP])), "apa", tmp_path))
    assert found == {("a.txt", "m"): ["markup shown as text: <strong>"]}


@pytest.mark.usefixtures("pandoc_ready")
def test_pandoc_reports_markup_it_shows_as_text(tmp_path: Path) -> None:
    found = failures(cc.run_pandoc(batch(("a.txt", [MARKUP])), "apa", tmp_path))
    assert found == {("a.txt", "m"): ["markup shown as text: <strong>"]}
