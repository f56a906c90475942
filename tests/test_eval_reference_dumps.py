"""The reference-dump scorer (benchmarks/eval_reference_dumps.py): normalisation and pairing.

Only the scorer is tested here, on a tiny hand-written dump with made-up parser output; its
run on the hold-out set is a benchmark, never part of the suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shared_data import load_benchmark

ev = load_benchmark("eval_reference_dumps")

DUMP = """Sample data: a tiny review
Rossi M 1, Kim J 1
PMID: 99999901 DOI: 10.5555/sample.tiny
Abstract
Invented text to test the reference scorer.
References
-
- Rossi M, Kim J. Sample nomogram. J Sample Med. 2019 Mar;17(2):345-50. doi: 10.5555/SAMPLE.1. - DOI
-
- World Health Organization. Sample report 2020. Geneva: WHO; 2020.
-
- Lee K., Wong T.A. Sample article numbers. PLoS ONE. 2018;13:e0192227. - PMC - PubMed
Publication types
MeSH terms
"""

EXPECTED: list[dict[str, Any]] = [
    {
        "text": "Rossi M, Kim J. Sample nomogram. J Sample Med. 2019 Mar;17(2):345-50. "
        "doi: 10.5555/SAMPLE.1.",
        "authors": [["Rossi", "M"], ["Kim", "J"]],
        "title": "Sample nomogram",
        "container": "J Sample Med",
        "year": "2019",
        "volume": "17",
        "issue": "2",
        "fpage": "345",
        "lpage": "350",
        "doi": "10.5555/SAMPLE.1",
    },
    {
        "text": "World Health Organization. Sample report 2020. Geneva: WHO; 2020.",
        "authors": [["World Health Organization", ""]],
        "title": "Sample report 2020",
        "container": None,
        "year": "2020",
        "volume": None,
        "issue": None,
        "fpage": None,
        "lpage": None,
        "doi": None,
    },
    {
        "text": "Lee K., Wong T.A. Sample article numbers. PLoS ONE. 2018;13:e0192227.",
        "authors": [["Lee", "K."], ["Wong", "T.A."]],
        "title": "Sample article numbers",
        "container": "PLoS ONE",
        "year": "2018",
        "volume": "13",
        "issue": None,
        "fpage": "e0192227",
        "lpage": None,
        "doi": None,
    },
]


def _item(**fields: Any) -> dict[str, Any]:
    return {"type": "article-journal", "custom": {"relation": "reference"}, **fields}


FIRST = _item(
    title="Sample nomogram.",
    author=[{"family": "Rossi", "given": "M."}, {"family": "Kim", "given": "J"}],
    issued={"date-parts": [[2019, 3]]},
    **{"container-title-short": "J Sample Med", "DOI": "10.5555/sample.1"},
    volume="17",
    issue="2",
    page="345-50",
)
THIRD = _item(
    title="Sample  article numbers",
    author=[{"family": "Lee", "given": "K"}, {"family": "Wong", "given": "T. A."}],
    issued={"date-parts": [["2018"]]},
    **{"container-title": "PLoS ONE"},
    volume="13",
    page="e0192227",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "tiny.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "expected.json").write_text(json.dumps({"tiny.txt": EXPECTED}), encoding="utf-8")
    return tmp_path


def test_normalisation_rules() -> None:
    assert ev.norm_text("  A  title\n with space.; ") == "A title with space"
    assert ev.norm_given("J. A.") == ev.norm_given("JA") == "JA"
    assert ev.norm_given("J.-P.") == "JP"
    assert ev.norm_doi("https://doi.org/10.1000/ABC.") == "10.1000/abc"
    assert ev.norm_doi("doi: 10.1000/Abc") == "10.1000/abc"
    assert ev.norm_year("2019a") == "2019"
    assert ev.split_pages("345–50") == ("345", "350")
    assert ev.split_pages("S62-9") == ("S62", "S69")
    assert ev.split_pages("viii14-viii22") == ("viii14", "viii22")
    assert ev.split_pages("e0192227") == ("e0192227", None)


def test_csl_item_is_read_like_the_expected_record() -> None:
    got = ev.from_csl(FIRST)
    want = ev.from_expected(EXPECTED[0])
    assert got == want
    assert got["container"] == "J Sample Med"  # the short title when it is all there is
    both = ev.from_csl({**FIRST, "container-title": "Journal of Sample Medicine"})
    assert both["container"] == "Journal of Sample Medicine"


def test_only_reference_items_are_taken() -> None:
    similar = {"id": "pmid:1", "custom": {"relation": "similar"}}
    page = {"id": "pmid:99999901"}
    assert ev.references_of([page, similar, FIRST, THIRD]) == [FIRST, THIRD]
    assert ev.references_of({"not": "a list"}) == []


def test_a_dropped_reference_does_not_shift_the_others(folder: Path) -> None:
    # The parser lost the middle reference: the first and third still pair up and are
    # right, and the missing one counts as all its fields missed.
    (result,) = ev.evaluate(folder, parse=lambda path: [FIRST, THIRD])
    counts = result.counts
    assert counts.references == 3
    assert counts.output_items == 2
    assert counts.all_right == 2
    assert [index for index, _, got, _ in result.errors] == [1]
    assert result.errors[0][2] is None
    assert counts.expected["title"] == 3
    assert counts.right["title"] == counts.given["title"] == 2
    assert counts.expected["author_family"] == 5
    assert counts.right["author_family"] == 4
    assert counts.expected["author_given"] == 4  # a group author has no given name
    assert counts.right["author_given"] == 4


def test_wrong_and_extra_fields_and_unpaired_items(folder: Path) -> None:
    wrong = {**THIRD, "issue": "4", "title": "Something else entirely"}
    split_off = _item(title="Geneva")
    (result,) = ev.evaluate(folder, parse=lambda path: [FIRST, split_off, wrong, split_off])
    counts = result.counts
    assert counts.output_items == 4
    assert counts.all_right == 1
    # The issue the reference does not have is predicted but not expected: precision only.
    assert counts.given["issue"] == 2
    assert counts.expected["issue"] == 1
    assert counts.right["issue"] == 1
    # Titles: one right of four given (two unpaired or mispaired items), three expected.
    assert counts.given["title"] == 4
    assert counts.right["title"] == 1
    p, r, _ = ev.prf(counts.right["title"], counts.given["title"], counts.expected["title"])
    assert (p, r) == (0.25, pytest.approx(1 / 3))


def test_the_command_line_run_gives_reference_items(folder: Path) -> None:
    # Plumbing only (the parser's quality is the benchmark's business): the subprocess runs,
    # and whatever it returns is reference items.
    items = ev.run_bibnorm(folder / "tiny.txt")
    assert isinstance(items, list)
    assert all(item["custom"]["relation"] == "reference" for item in items)


def test_report_lists_fields_files_and_errors(folder: Path) -> None:
    results = ev.evaluate(folder, parse=lambda path: [FIRST])
    text = ev.report(results, errors=5)
    for key in ev.FIELDS:
        assert key in text
    assert "micro" in text
    assert "tiny.txt" in text
    assert "missing from the output" in text
    assert "references with every field right: 1/3" in text
