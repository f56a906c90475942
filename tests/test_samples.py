"""Every bundled sample, end to end: CSL that validates against both schemas and renders in pandoc.

Also checks that the bundled page dump is the corpus seed it was copied from.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from shared_data import shared_path, skip_or_fail

from bibnorm import pipeline, schema
from bibnorm.manager import PluginHost
from bibnorm.registry import WriteOptions

REPO_ROOT = Path(__file__).resolve().parents[1]
_RICH_TEXT_TAG = re.compile(r"</?(?:i|b|sup|sub|span)(?: [^>]*)?>")
_SCRIPT = re.compile(r"<(sup|sub)>.*?</\1>")
_SCRIPT_NAME = re.compile(r"SUPERSCRIPT|SUBSCRIPT")
SAMPLES = sorted(
    p.relative_to(REPO_ROOT)
    for p in (REPO_ROOT / "samples").rglob("*")
    if p.is_file() and not p.name.endswith(".expected.json")
)


def csl_of(sample: Path, host: PluginHost) -> list[dict[str, object]]:
    result = pipeline.parse_path(REPO_ROOT / sample, host)
    rendered = pipeline.render([result], host.registry.writer("csl"), WriteOptions(True))
    assert rendered.rejected == []
    return rendered.items


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.as_posix() for p in SAMPLES])
def test_sample_csl_validates_against_strict_and_official_schemas(
    sample: Path, host: PluginHost
) -> None:
    items = csl_of(sample, host)
    assert schema.validate_document(items, "csl-output") == []
    official = json.loads(shared_path("reference", "csl", "csl-data.json").read_text("utf-8"))
    jsonschema.Draft7Validator(official).validate(items)


@pytest.mark.pandoc
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.as_posix() for p in SAMPLES])
def test_pandoc_renders_sample_csl_without_warnings(
    sample: Path, host: PluginHost, tmp_path: Path
) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        skip_or_fail("pandoc is not installed (Debian: apt-get install pandoc)")
    items = csl_of(sample, host)
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(items), encoding="utf-8")
    done = subprocess.run(
        [pandoc, "-f", "csljson", "-t", "plain", "--citeproc", str(refs)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # Every item is in the bibliography: each title shows up (pandoc title-cases some).
    rendered = " ".join(done.stdout.split()).lower()
    rendered = _without_scripts(rendered)
    for item in items:
        # A marked-up title (CSL rich text) renders as its text, its superscripts and
        # subscripts as Unicode ones (`CO₂`): both are left out of the comparison.
        title = _RICH_TEXT_TAG.sub("", _SCRIPT.sub("", str(item.get("title", ""))))
        assert " ".join(title.split()[:3]).lower().replace('"', "") in rendered.replace("“", "")


def _without_scripts(text: str) -> str:
    return "".join(char for char in text if not _SCRIPT_NAME.search(unicodedata.name(char, "")))


def test_bundled_page_dump_is_the_corpus_seed() -> None:
    seed = shared_path("corpus", "pubmed-text", "seed-35743275.txt")
    bundled = REPO_ROOT / "samples" / "pubmed-text" / "35743275.txt"
    assert bundled.read_bytes() == seed.read_bytes()


def test_official_schema_is_read_from_shared_not_copied() -> None:
    copies = [p for p in REPO_ROOT.rglob("csl-data.json") if ".tox" not in p.parts]
    assert copies == []
