"""Every corpus file of the PubMed formats, as CSL: valid against both schemas, ids unique,
rendered by pandoc.

Reads ../shared/corpus (skipped without it, a failure under CI=true). The deliberately
malformed file gives its records before the break and a failed record, never a traceback.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from shared_data import SHARED_ROOT, shared_path, skip_or_fail

from bibnorm import pipeline, schema
from bibnorm.manager import create_host
from bibnorm.registry import WriteOptions

FORMATS = {
    "pubmed-xml": "pubmed-xml",
    "medline": "medline",
    "jats": "jats",
    "pubmed-csv": "pubmed-csv",
    "pubmed-summary-text": "pubmed-summary",
}
CORPUS = sorted(
    (fmt, path.name)
    for folder, fmt in FORMATS.items()
    for path in (SHARED_ROOT / "corpus" / folder).glob("*")
    if path.is_file()
)


@cache
def official_validator() -> jsonschema.Draft7Validator:
    data = json.loads(shared_path("reference", "csl", "csl-data.json").read_text("utf-8"))
    return jsonschema.Draft7Validator(data)


def csl_items(fmt: str, name: str) -> list[dict[str, Any]]:
    folder = next(f for f, adapter in FORMATS.items() if adapter == fmt)
    path = shared_path("corpus", folder, name)
    host = create_host(autoload=False)
    result = pipeline.parse_path(path, host, format=fmt)
    writer = host.registry.writer("csl")
    rendered = pipeline.render([result], writer, WriteOptions(True))
    assert rendered.rejected == [], rendered.rejected[0].diagnostics[:3]
    written = io.StringIO()
    writer.dump(rendered.items, written)
    items: list[dict[str, Any]] = json.loads(written.getvalue())
    return items


def test_corpus_is_there() -> None:
    shared_path("corpus")
    if not CORPUS:
        skip_or_fail("no corpus files found")


@pytest.mark.parametrize(("fmt", "name"), CORPUS, ids=[f"{f}/{n}" for f, n in CORPUS])
def test_corpus_file_csl_is_valid_and_renders(fmt: str, name: str, tmp_path: Path) -> None:
    items = csl_items(fmt, name)
    ids = [item["id"] for item in items]
    assert len(set(ids)) == len(ids), "pandoc would keep one item of each repeated id"
    assert schema.validate_document(items, "csl-output") == []
    official_validator().validate(items)
    if not items:
        return
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        skip_or_fail("pandoc is not installed (Debian: apt-get install pandoc)")
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(items), encoding="utf-8")
    done = subprocess.run(
        [pandoc, "-f", "csljson", "-t", "plain", "--citeproc", str(refs)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip()
