"""A flood of one diagnostic stays bounded: on standard error (the first few of a code
per input, then "... and N more [code]") and in the record (the first 100 of a code,
then one `diagnostics.more` with the count and the lines of the rest).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, check, leftovers, run

REPORTED = 5  # diagnostics of a code shown per input without -v
KEPT = 100  # diagnostics of a code kept in a record
CODE = "medline.unclaimed-line"
_HEADER = "PMID- 99000005\nTI  - A record followed by lines no rule takes.\nDP  - 2020\n"
_FIRST_UNCLAIMED = _HEADER.count("\n") + 1


def _flooded_medline(unclaimed: int) -> str:
    return _HEADER + "".join(
        f"loose words number {i} that no tag starts\n" for i in range(unclaimed)
    )


@dataclass(frozen=True)
class Case:
    id: str
    unclaimed: int
    options: tuple[str, ...]
    shown: int  # unclaimed-line warnings on stderr for the flooded input
    more: int | None  # the N of "... and N more", None when no such line is due


CASES = [
    Case("thousands", 3000, (), REPORTED, 3000 - REPORTED),
    Case("just-over-the-report-cap", REPORTED + 1, (), REPORTED, 1),
    Case("at-the-report-cap", REPORTED, (), REPORTED, None),
    # -v lists what the record keeps (its first 100, then the record's own count).
    Case("verbose", 3000, ("-v",), KEPT, None),
    Case("quiet", 3000, ("-q",), 0, None),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_flood_is_capped_on_stderr(case: Case, tmp_path: Path) -> None:
    (tmp_path / "flood.txt").write_text(_flooded_medline(case.unclaimed), encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")

    result = run("parse", "flood.txt", "good.txt", *case.options, "-o", "out.json", cwd=tmp_path)

    check(result, status=0)
    shown = re.findall(rf"^flood\.txt:\d+: warning: no rule took .*\[{CODE}\]", result.stderr, re.M)
    assert len(shown) == case.shown, result.stderr
    summaries = re.findall(
        rf"^flood\.txt: warning: \.\.\. and (\d+) more \[{CODE}\]", result.stderr, re.M
    )
    assert summaries == ([str(case.more)] if case.more is not None else []), result.stderr
    assert len(result.stderr.splitlines()) <= KEPT + 5
    output = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(output) == 2  # both records written
    assert leftovers(tmp_path, {"flood.txt", "good.txt", "out.json"}) == set()


def test_each_input_has_its_own_count(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(_flooded_medline(40), encoding="utf-8")

    result = run("parse", "one.txt", "two.txt", "-o", "out.json", cwd=tmp_path)

    check(result, status=0, names=("one.txt", "two.txt"))
    for name in ("one", "two"):
        assert f"{name}.txt: warning: ... and 35 more [{CODE}]" in result.stderr
    *lines, summary = result.stderr.splitlines()
    assert len(lines) == 2 * (REPORTED + 1)
    # The run's summary counts every warning, shown or not.
    assert summary == f"bibnorm: 2 files read, 2 records written; warnings: {CODE} 80"


@pytest.mark.parametrize(
    "unclaimed", [KEPT, KEPT + 1, 3000], ids=["at-cap", "one-over", "thousands"]
)
def test_a_flood_is_capped_in_the_record(unclaimed: int, tmp_path: Path) -> None:
    (tmp_path / "flood.txt").write_text(_flooded_medline(unclaimed), encoding="utf-8")

    result = run("parse", "flood.txt", "-o", "out.json", cwd=tmp_path)

    check(result, status=0, names=("flood.txt",))
    [record] = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    diagnostics = record["diagnostics"]
    listed = [d for d in diagnostics if d["code"] == CODE]
    assert len(listed) == min(unclaimed, KEPT)
    assert [d["line"] for d in listed] == list(
        range(_FIRST_UNCLAIMED, _FIRST_UNCLAIMED + len(listed))
    )
    more = [d for d in diagnostics if d["code"] == "diagnostics.more"]
    if unclaimed <= KEPT:
        assert more == []
        return
    [summary] = more
    rest = unclaimed - KEPT
    first, last = _FIRST_UNCLAIMED + KEPT, _FIRST_UNCLAIMED + unclaimed - 1
    assert (
        summary["message"]
        == f"{rest} more [{CODE}] left out of this list (lines {first} to {last})"
    )
    assert summary["line"] == first
    assert summary["text"] == CODE
    assert summary["severity"] == "warning"
