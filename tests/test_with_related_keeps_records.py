"""`--with-related` never costs a main record: for every sample and every corpus file,
the CSL output with related items holds every main item the plain CSL output holds.

A related item is only ever trimmed (see `pipeline.render_record`): a bad field of one
similar article or reference must not take the article it belongs to out of the output.
Reads ../shared/corpus (skipped without it, a failure under CI=true).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import REPO_ROOT, SHARED_ROOT, is_page_text, skip_or_fail

from bibnorm import pipeline
from bibnorm.errors import UnrecognisedFormatError
from bibnorm.manager import create_host
from bibnorm.registry import WriteOptions

# Files beside the inputs that are no input: golden outputs, notes and answer keys.
_NOT_INPUTS = (".expected.json", ".md", "expected.json")


def _inputs(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not path.name.endswith(_NOT_INPUTS) and path.name != "README"
    )


SAMPLES = _inputs(REPO_ROOT / "samples")
CORPUS = _inputs(SHARED_ROOT / "corpus") if (SHARED_ROOT / "corpus").is_dir() else []


def _main_ids(path: Path, with_related: bool) -> tuple[list[str], int]:
    host = create_host(autoload=False)
    try:
        result = pipeline.parse_path(path, host)
    except UnrecognisedFormatError:
        # Detection claims every copied page; a page it refuses is a failure.
        if is_page_text(path):
            raise
        pytest.skip(f"{path.name} is in no format bibnorm reads")
    writer = host.registry.writer("csl")
    rendered = pipeline.render([result], writer, WriteOptions(with_related))
    mains = [item["id"] for item in rendered.items if "custom" not in item]
    return mains, len(rendered.rejected)


def _check(path: Path) -> None:
    plain, plain_rejected = _main_ids(path, with_related=False)
    related, related_rejected = _main_ids(path, with_related=True)
    assert related == plain, f"{path}: main items lost with --with-related"
    assert related_rejected == plain_rejected


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_with_related_keeps_every_main_item_of_a_sample(path: Path) -> None:
    _check(path)


@pytest.mark.corpus
def test_the_corpus_is_there_to_check() -> None:
    if not CORPUS:
        skip_or_fail(f"no corpus at {SHARED_ROOT / 'corpus'}")


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(SHARED_ROOT)))
def test_with_related_keeps_every_main_item_of_a_corpus_file(path: Path) -> None:
    _check(path)
