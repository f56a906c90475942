"""`bibnorm detect` names the right format for every file of the shared corpus.

The corpus folder says what each file is, except `pubmed-html/`, which holds saved pages
of both PubMed and PMC: there the page's address, kept in its file name, says it.
Detection reads content only, so these files, most of them `.txt`, `.xml` or `.html`,
test that look-alike formats are told apart by what they hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import SHARED_ROOT, skip_or_fail

from bibnorm import detect, inputs
from bibnorm.manager import PluginHost

FOLDER_FORMATS = {
    "pubmed-text": "pubmed-text",
    "pubmed-xml": "pubmed-xml",
    "medline": "medline",
    "jats": "jats",
    "pubmed-csv": "pubmed-csv",
    "pubmed-summary-text": "pubmed-summary",
    "pubmed-html": None,  # by file name, below
}


def expected_format(folder: str, name: str) -> str:
    known = FOLDER_FORMATS[folder]
    if known is not None:
        return known
    return "pmc-html" if "pmc" in name or "pubmedcentral" in name else "pubmed-html"


def corpus_files() -> list[tuple[str, str]]:
    corpus = SHARED_ROOT / "corpus"
    return sorted(
        (folder, path.name)
        for folder in FOLDER_FORMATS
        for path in (corpus / folder).glob("*")
        if path.is_file()
    )


def test_the_corpus_is_there() -> None:
    if not (SHARED_ROOT / "corpus").is_dir():
        skip_or_fail("the shared corpus (../shared/corpus) is not beside the repository")
    assert {folder for folder, _ in corpus_files()} == set(FOLDER_FORMATS)


@pytest.mark.parametrize(("folder", "name"), corpus_files())
def test_detect_names_the_format_of_each_corpus_file(
    folder: str, name: str, host: PluginHost
) -> None:
    source = inputs.read_source(Path(SHARED_ROOT, "corpus", folder, name))
    sample = detect.sample_of(source)
    ranked = host.rank(sample)
    chosen = host.resolve_format(sample, ranked)
    assert chosen == expected_format(folder, name), ranked[:3]
