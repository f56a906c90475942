"""Golden files: every sample's bibnorm JSON output, reviewed by hand, kept beside its input.

A sample is `samples/<format>/<case>.<ext>`; its golden file is `<case>.<ext>.expected.json`,
the output of `bibnorm parse samples/<format>/<case>.<ext> --to json` run from the
repository root. Regenerate with `pytest tests/test_golden.py --regen-golden`, then read
every changed value against the input before committing.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bibnorm import pipeline
from bibnorm.manager import PluginHost
from bibnorm.registry import WriteOptions

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(
    p.relative_to(REPO_ROOT)
    for p in (REPO_ROOT / "samples").rglob("*")
    if p.is_file() and not p.name.endswith(".expected.json") and not p.name.startswith(".")
)


def render_json(sample: Path, host: PluginHost) -> str:
    """What `bibnorm parse SAMPLE --to json` prints, computed in process."""
    result = pipeline.parse_path(sample.as_posix(), host)
    writer = host.registry.writer("json")
    rendered = pipeline.render([result], writer, WriteOptions())
    assert rendered.rejected == [], rendered.rejected
    out = io.StringIO()
    writer.dump(rendered.items, out)
    return out.getvalue()


def test_there_are_samples() -> None:
    assert Path("samples/pubmed-text/35743275.txt") in SAMPLES


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.as_posix() for p in SAMPLES])
def test_sample_matches_its_golden_file(
    sample: Path, host: PluginHost, regen_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    golden = sample.with_name(sample.name + ".expected.json")
    actual = render_json(sample, host)
    if regen_golden:
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"rewrote {golden}; review it by hand against {sample}")
    assert golden.exists(), (
        f"{golden} is missing: run `pytest tests/test_golden.py --regen-golden` "
        "and check it by hand against the input"
    )
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert json.loads(actual) == expected, (
        f"{sample} no longer gives {golden}; if the change is right, run "
        "`pytest tests/test_golden.py --regen-golden` and review the diff by hand"
    )
