"""`bibnorm parse X --to bibtex|ris|nbib` on every sample, probe and corpus file at once.

The round-trip tests (`test_writer_*.py`) check what each writer writes through the
library; this runs the command line a user runs, one batch per writer with `--out-dir`:
no traceback, the exit status of a batch that holds the deliberately broken inputs (1),
and a file, not empty, for every input that gave a record, and none for one that did not.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from every_input import EVERY_INPUT, input_path, parsed
from shared_data import run_cli

WRITERS = {"bibtex": ".bib", "ris": ".ris", "nbib": ".nbib"}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_input_through_the_command_line(
    writer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [input_path(input_id) for input_id in EVERY_INPUT]
    out = tmp_path / "out"
    status, stdout, stderr = run_cli(
        ["parse", *map(str, paths), "--to", writer, "--with-related", "--out-dir", str(out)],
        capsys,
    )
    assert "Traceback" not in stderr
    # Some inputs hold broken records on purpose (samples/*/broken-*, malformed XML).
    assert status == 1, stderr[-2000:]
    assert stdout == ""
    root = Path(os.path.commonpath([path.parent for path in paths]))
    for input_id, path in zip(EVERY_INPUT, paths, strict=True):
        target = out / (str(path.relative_to(root)) + WRITERS[writer])
        if parsed(input_id).records:
            assert target.is_file(), input_id
            assert target.stat().st_size > 0, input_id
        else:
            assert not target.exists(), input_id
    assert f"{len(paths):,} files read" in stderr.splitlines()[-1]
