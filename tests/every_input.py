"""Every bundled sample and every shared corpus file, parsed once per test session.

The round-trip tests of the writers (BibTeX, RIS, nbib) run on all of them, and on the
probes in `tests/writer-inputs/`: `EVERY_INPUT` lists them as ids relative to the
repository's parent (`bibnorm/samples/...`, `shared/corpus/...`), `parsed(id)` reads
one whole (the first test to ask pays, the others reuse it), and `written(id, writer)` is
what that writer writes for it, with the CSL items that went in beside it, for comparing
what a reader brings back.

The corpus ids are listed whether or not `../shared` is there; `input_path` skips (or,
under `CI=true`, fails) a test whose file is missing, as `shared_path` does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from shared_data import REPO_ROOT, SHARED_ROOT, shared_path

from bibnorm import pipeline
from bibnorm.manager import PluginHost, create_host
from bibnorm.model import ParseResult
from bibnorm.registry import WriteOptions

_SAMPLES = sorted(
    p
    for p in (REPO_ROOT / "samples").rglob("*")
    if p.is_file() and not p.name.endswith(".expected.json")
)
# The corpus's folders of inputs; `references/` holds JATS articles (and notes on them).
_CORPUS = sorted(
    p
    for p in (SHARED_ROOT / "corpus").glob("*/*")
    if p.is_file() and p.suffix != ".md" and p.name != "expected.json"
)
# Inputs written to probe the writers where real files rarely go: LaTeX's special
# characters, super- and subscripts in titles, group names with commas, MEDLINE's
# shortened page ranges, seasons, references that are books, theses and web pages.
_PROBES = sorted(p for p in (REPO_ROOT / "tests" / "writer-inputs").glob("*") if p.is_file())
EVERY_INPUT: list[str] = [
    f"bibnorm/{p.relative_to(REPO_ROOT).as_posix()}" for p in _SAMPLES + _PROBES
] + [f"shared/{p.relative_to(SHARED_ROOT).as_posix()}" for p in _CORPUS]


def input_path(input_id: str) -> Path:
    """The file an `EVERY_INPUT` id names (skips, or fails under CI, when it is missing)."""
    top, _, rest = input_id.partition("/")
    if top == "bibnorm":
        return REPO_ROOT / rest
    return shared_path(*rest.split("/"))


@cache
def _host() -> PluginHost:
    return create_host(autoload=False)


@cache
def parsed(input_id: str) -> ParseResult:
    """The whole records of one input, read once per test session."""
    return pipeline.parse_path(input_path(input_id), _host())


@dataclass(frozen=True)
class Written:
    """One input as a writer wrote it, and the CSL items of the same records (what went in)."""

    text: str
    csl: list[dict[str, Any]]


@cache
def written(input_id: str, writer_name: str, *, with_related: bool = False) -> Written:
    """What the writer `writer_name` writes for one input (every valid record, and with
    `with_related` their related items), and the CSL items of the same records."""
    options = WriteOptions(with_related=with_related)
    result = parsed(input_id)
    writer = _host().registry.writer(writer_name)
    stream = io.StringIO()
    writer.dump(pipeline.render([result], writer, options).items, stream)
    csl = pipeline.render([result], _host().registry.writer("csl"), options).items
    return Written(stream.getvalue(), csl)
