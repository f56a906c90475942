"""The throughput benchmark (`benchmarks/bench_baseline.py`) judges its targets and lays
out its table from the runs it measured; here on made-up runs, nothing is timed."""

from __future__ import annotations

import io
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from shared_data import load_benchmark

from bibnorm.serialize import dump_json_array


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("bench_baseline")


def run(bench: ModuleType, name: str, per_second: int, rss_mb: float = 50.0) -> Any:
    """A run of one second at `per_second` records/s (exact figures: no rounding)."""
    return bench.Run(name, per_second, seconds=1.0, peak_rss_mb=rss_mb, cpu_seconds=2.0)


def all_rows(bench: ModuleType) -> dict[str, Any]:
    """Every row, each fast enough and small enough for its targets."""
    j1 = run(bench, "xml -j 1", 400)
    default = run(bench, "xml -j 2 (the default here)", 800, rss_mb=60)
    medline_j1 = run(bench, "medline -j 1", 1000)
    medline_default = run(bench, "medline -j 2 (the default here)", 1800, rss_mb=40)
    return {
        bench.ITERPARSE: run(bench, "iterparse", 2000),
        bench.PUBMED_PARSER: run(bench, "pubmed_parser", 300),
        bench.BIO_MEDLINE: run(bench, "Bio.Medline", 4000),
        bench.XML_CSL_1: j1,
        bench.XML_CSL: default,
        bench.XML_CSL_2: default,  # one run is both rows where the default is 2 jobs
        bench.XML_JSON: run(bench, "xml json", 250),
        bench.MEDLINE_CSL_1: medline_j1,
        bench.MEDLINE_CSL: medline_default,
        bench.MEDLINE_CSL_2: medline_default,
        bench.XML_GZ_CSL: run(bench, "xml.gz", 700),
        bench.XML_LARGE_CSL: run(bench, "xml x4", 800, rss_mb=70),
        bench.MEDLINE_LARGE_CSL: run(bench, "medline x4", 1800, rss_mb=45),
    }


def results(bench: ModuleType, rows: dict[str, Any]) -> dict[str, str]:
    return {target.label: target.result for target in bench.targets(rows)}


def test_every_target_met(bench: ModuleType) -> None:
    checks = bench.targets(all_rows(bench))
    assert len(checks) == 12
    assert {check.result for check in checks} == {"met"}
    first = checks[0]
    assert (first.goal, first.shown, first.detail) == (">= 2x", "2.67x", "800 / 300 rec/s")


def test_a_slow_row_misses_its_targets_only(bench: ModuleType) -> None:
    rows = all_rows(bench)
    rows[bench.XML_JSON] = run(bench, "xml json", 200)  # 0.67x pubmed_parser, under 0.75x
    rows[bench.MEDLINE_CSL] = run(bench, "medline default", 1600, rss_mb=40)
    got = results(bench, rows)
    assert got["XML --to json / pubmed_parser (rec/s)"] == "not met"
    # The -j 2 row is its own run here: the default's speed no longer counts for it.
    assert got["MEDLINE -j 2 / -j 1 (rec/s)"] == "met"
    assert got["MEDLINE --to csl / Bio.Medline.parse (rec/s)"] == "met"
    assert list(got.values()).count("not met") == 1


def test_boundaries_count_as_met(bench: ModuleType) -> None:
    rows = all_rows(bench)
    rows[bench.XML_GZ_CSL] = bench.Run("xml.gz", 800, seconds=1.25)
    rows[bench.BIO_MEDLINE] = run(bench, "Bio.Medline", 1800 * 3)  # exactly 1/3
    got = results(bench, rows)
    assert got["wall time, .xml.gz / plain XML (--to csl)"] == "met"
    assert got["MEDLINE --to csl / Bio.Medline.parse (rec/s)"] == "met"


def test_a_tool_not_installed_leaves_its_targets_not_measured(bench: ModuleType) -> None:
    rows = all_rows(bench)
    rows[bench.PUBMED_PARSER] = bench.Run("pubmed_parser", None, note="not installed")
    checks = {check.label: check for check in bench.targets(rows)}
    unmeasured = [label for label, check in checks.items() if check.result == "not measured"]
    assert len(unmeasured) == 3
    assert all("pubmed_parser" in label for label in unmeasured)
    check = checks["XML --to csl -j 1 / pubmed_parser (rec/s)"]
    assert (check.shown, check.detail) == ("-", "pubmed_parser: not installed")


def test_a_row_not_run_is_not_measured(bench: ModuleType) -> None:
    rows = all_rows(bench)
    del rows[bench.XML_CSL_2]
    del rows[bench.MEDLINE_LARGE_CSL]
    got = results(bench, rows)
    assert got["XML -j 2 / -j 1 (rec/s)"] == "not measured"
    assert got["peak RSS, MEDLINE --to csl and its larger input"] == "not measured"
    assert got["peak RSS, MEDLINE --to csl: larger input / input"] == "not measured"


def test_a_baseline_that_read_nothing_is_not_met(bench: ModuleType) -> None:
    rows = all_rows(bench)
    rows[bench.ITERPARSE] = bench.Run("iterparse", 0, seconds=1.0, note="exit 2")
    check = next(c for c in bench.targets(rows) if "iterparse" in c.label)
    assert math.isnan(check.value)
    assert check.result == "not met"


@pytest.mark.parametrize(
    ("small", "large", "under", "flat"),
    [
        pytest.param(60, 70, "met", "met", id="flat"),
        pytest.param(60, 110, "not met", "not met", id="grows-past-the-limit"),
        pytest.param(40, 90, "met", "not met", id="grows-under-the-limit"),
        pytest.param(90, 40, "met", "not met", id="shrinks-as-much"),
        pytest.param(100, 100, "not met", "met", id="at-the-limit"),
    ],
)
def test_memory_targets(
    bench: ModuleType, small: float, large: float, under: str, flat: str
) -> None:
    rows = all_rows(bench)
    rows[bench.XML_CSL] = run(bench, "xml", 800, rss_mb=small)
    rows[bench.XML_LARGE_CSL] = run(bench, "xml x4", 800, rss_mb=large)
    got = results(bench, rows)
    assert got["peak RSS, XML --to csl and its larger input"] == under
    assert got["peak RSS, XML --to csl: larger input / input"] == flat


def test_runs_table_shows_a_shared_run_once(bench: ModuleType) -> None:
    rows = all_rows(bench)
    rows[bench.PUBMED_PARSER] = bench.Run("pubmed_parser", None, note="not installed")
    lines = bench.runs_table(rows.values())
    assert len(lines) == 2 + len(rows) - 2  # header, rule; two rows share a run
    assert len({len(line) for line in lines}) == 1  # lined up as plain text
    assert lines[1].startswith("|---") and lines[1].count("-:") == 5
    cells = {line.split("|")[1].strip(): line.split("|")[2:-1] for line in lines[2:]}
    shared = [cell.strip() for cell in cells["xml -j 2 (the default here)"]]
    assert shared == ["800", "800", "2.500", "1.00", "60", ""]
    assert [cell.strip() for cell in cells["pubmed_parser"]] == [*"-----", "not installed"]


def test_targets_table(bench: ModuleType) -> None:
    lines = bench.targets_table(bench.targets(all_rows(bench)))
    header = [cell.strip() for cell in lines[0].split("|")[1:-1]]
    assert header == ["target", "goal", "measured", "from", "result"]
    assert len(lines) == 2 + 12
    assert len({len(line) for line in lines}) == 1
    assert lines[2].rstrip(" |").endswith("met")


def test_counts_top_level_items_only(bench: ModuleType, tmp_path: Path) -> None:
    items = [
        {"id": "a", "author": [{"family": "X"}, {"family": "Y"}], "issued": {"date-parts": [[1]]}},
        {"id": "b", "note": "a line\nand {\n another"},
        {"id": "c", "list": [[{"deep": {}}]]},
    ]
    text = io.StringIO()
    dump_json_array(items, text)
    path = tmp_path / "out.json"
    path.write_text(text.getvalue(), encoding="utf-8")
    assert bench.count_json_items(path) == 3
    path.write_text("[]\n", encoding="utf-8")
    assert bench.count_json_items(path) == 0


def test_bibnorm_command_says_jobs_only_when_asked(bench: ModuleType, tmp_path: Path) -> None:
    default = bench.bibnorm_command(tmp_path / "in.xml", "pubmed-xml", "json", tmp_path / "o", None)
    assert "--jobs" not in default
    assert default[default.index("--to") + 1] == "json"
    two = bench.bibnorm_command(tmp_path / "in.xml", "pubmed-xml", "csl", tmp_path / "o", 2)
    assert two[-2:] == ["--jobs", "2"]


def test_command_shown_leaves_out_the_workdir(bench: ModuleType) -> None:
    argv = ["--records", "2000", "--workdir", "/tmp/x", "--repeat", "3", "--workdir=/tmp/y"]
    shown = bench.command_shown(argv)
    assert shown == "python benchmarks/bench_baseline.py --records 2000 --repeat 3"
