"""Golden renderings: what each consumer prints for a few samples, checked by hand.

For each sample below, `golden/<sample>.<consumer>-<series>.txt` keeps the bibliography
that consumer renders from the sample's CSL items (no related lists), one section per
style. The consumer's version series (`2.4.x`) is in the file name: another series
renders differently and needs goldens of its own. Regenerate with `REGEN` (below), then
read each file against its input (names, year, title, journal, volume, pages) before
committing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import csl_consumers as cc
import pytest
from shared_data import skip_or_fail

from bibnorm.manager import create_host

GOLDEN = Path(__file__).resolve().parent / "golden"
# The pubmed-text page has little about the article itself: its similar and cited-by
# articles (with related lists) are what there is to check there.
SAMPLES = (
    "samples/pubmed-text/35743275.txt --with-related",
    "samples/medline/99000001-full.txt",
    "samples/pubmed-xml/full-article.xml",
    "samples/jats/full-article.nxml",
)
CONSUMERS = ("citeproc-js", "citeproc-py", "pandoc")
REGEN = "pytest tests/conformance/test_golden_rendering.py --regen-golden"


def sample_items(sample: str) -> list[cc.Item]:
    name, _, option = sample.partition(" ")
    inventory = cc.Inventory()
    path = cc.REPO_ROOT / name
    cc.file_items(path, 0, cc.REPO_ROOT.parent / "shared", inventory, create_host(autoload=False))
    items = inventory.items[option == "--with-related"]
    assert items, f"{sample} gives no CSL item"
    return items


def series(version: str) -> str:
    """`2.4.63` -> `2.4.x`: patch releases should not change what a style renders."""
    return ".".join(version.split(".")[:2]) + ".x"


def render_citeproc_js(items: list[cc.Item], style: str, workdir: Path) -> list[cc.Outcome]:
    return cc.run_citeproc_js(items, style, workdir, output="text")


def render_citeproc_py(items: list[cc.Item], style: str, workdir: Path) -> list[cc.Outcome]:
    return cc.run_citeproc_py(items, style)


def render_pandoc(items: list[cc.Item], style: str, workdir: Path) -> list[cc.Outcome]:
    run = cc.finish_pandoc(*cc.start_pandoc(items, style, workdir, to="plain"), to="plain")
    outcome = cc.Outcome(items[0], run.entries.get("", ""))
    if run.returncode != 0:
        outcome.errors.append(f"pandoc exited {run.returncode}")
    outcome.warnings += [line for line in run.stderr.splitlines() if line.strip()]
    return [outcome]


RENDERERS: dict[str, Callable[[list[cc.Item], str, Path], list[cc.Outcome]]] = {
    "citeproc-js": render_citeproc_js,
    "citeproc-py": render_citeproc_py,
    "pandoc": render_pandoc,
}


def version_of(consumer: str) -> str:
    if consumer == "citeproc-js":
        if cc.node_executable() is None or not cc.citeproc_js_installed():
            skip_or_fail("citeproc-js needs node and `npm ci` in tests/conformance")
        return cc.citeproc_js_version()
    if consumer == "pandoc":
        if cc.pandoc_version() == "missing":
            skip_or_fail("pandoc is not installed (Debian: apt-get install pandoc)")
        return cc.pandoc_version()
    return cc.citeproc_py_version()


def golden_path(sample: str, consumer: str, version: str) -> Path:
    name = re.sub(r"[^A-Za-z0-9.-]+", "__", sample.removeprefix("samples/").replace(" --", "."))
    return GOLDEN / f"{name}.{consumer}-{series(version)}.txt"


@pytest.mark.parametrize("consumer", CONSUMERS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_rendering_matches_golden(
    sample: str, consumer: str, regen_golden: bool, tmp_path: Path
) -> None:
    version = version_of(consumer)
    items = sample_items(sample)
    styles = cc.PANDOC_STYLES if consumer == "pandoc" else cc.STYLES
    sections = []
    for style in styles:
        outcomes = RENDERERS[consumer](items, style, tmp_path)
        problems = [m for o in outcomes for m in o.errors + o.warnings]
        assert problems == [], f"{consumer} ({style}) on {sample}: {problems}"
        text = "\n".join(o.text.strip() for o in outcomes)
        sections.append(f"## {style}\n\n{text}\n")
    actual = f"# {sample} rendered by {consumer} {series(version)}\n\n" + "\n".join(sections)
    golden = golden_path(sample, consumer, version)
    if regen_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}; check it by hand against {sample}")
    if not golden.exists():
        skip_or_fail(
            f"no golden rendering for {consumer} {version}: run `{REGEN}` "
            "and check it by hand against the input"
        )
    assert actual == golden.read_text(encoding="utf-8"), (
        f"{consumer} renders {sample} differently from {golden.name}; if the change is right, "
        f"run `{REGEN}` and review the diff by hand"
    )
