"""Detection among PubMed's own exports: each sample and corpus file ranks its format first.

All of these are `.txt` or `.csv` files, so only their content can tell them apart: a PMID
list from an Abstract (text) export, a Summary (text) export from a page dump.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import SHARED_ROOT, shared_path

from bibnorm import detect, inputs
from bibnorm.manager import PluginHost

REPO_ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("pmid-list", "pubmed-abstract", "pubmed-csv", "pubmed-summary")
SAMPLES = sorted(
    (fmt, p.name)
    for fmt in FORMATS
    for p in (REPO_ROOT / "samples" / fmt).glob("*")
    if p.is_file() and not p.name.endswith(".expected.json")
)
CORPUS = {"pubmed-csv": "pubmed-csv", "pubmed-summary-text": "pubmed-summary"}
CORPUS_FILES = sorted(
    (folder, p.name) for folder in CORPUS for p in (SHARED_ROOT / "corpus" / folder).glob("*")
)


def best(path: Path, host: PluginHost) -> str:
    ranked = host.rank(detect.sample_of(inputs.read_source(path)))
    assert ranked[0][1] >= detect.CLAIM_THRESHOLD, ranked[:3]
    assert ranked[0][1] > ranked[1][1], ranked[:3]
    return ranked[0][0]


@pytest.mark.parametrize(("fmt", "name"), SAMPLES, ids=[f"{f}/{n}" for f, n in SAMPLES])
def test_sample_is_detected_as_its_format(fmt: str, name: str, host: PluginHost) -> None:
    assert best(REPO_ROOT / "samples" / fmt / name, host) == fmt


@pytest.mark.parametrize(
    ("folder", "name"), CORPUS_FILES, ids=[f"{f}/{n}" for f, n in CORPUS_FILES]
)
def test_corpus_file_is_detected_as_its_format(folder: str, name: str, host: PluginHost) -> None:
    assert best(shared_path("corpus", folder, name), host) == CORPUS[folder]


def test_other_text_samples_are_not_claimed_by_these_adapters(host: PluginHost) -> None:
    for folder in ("medline", "pubmed-text"):
        for path in sorted((REPO_ROOT / "samples" / folder).glob("*")):
            if path.name.endswith(".expected.json"):
                continue
            assert best(path, host) not in FORMATS, path
