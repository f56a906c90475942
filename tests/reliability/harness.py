"""The reliability suite's harness: run bibnorm as a user would and check what it left.

Every case of the suite (tests/reliability/test_*.py) builds its inputs on the fly in a
temporary directory, runs `python -m bibnorm` there with `run`, and checks the result
with `check`: no traceback, the documented exit code, the messages naming the file (and
line where it applies), and nothing left behind but what the user asked for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# A good input that every batch of the suite can carry beside the bad one: its record
# must be written whatever happens to the others.
GOOD_MEDLINE = """\
PMID- 99000001
OWN - NLM
STAT- MEDLINE
DP  - 2021 Mar
TI  - A good record beside a bad one.
AU  - Smith J
JT  - Journal of Reliable Results
TA  - J Reliab Results
VI  - 12
IP  - 3
PG  - 45-67
"""


@dataclass
class Run:
    """What one run of bibnorm did: its exit code and its two streams."""

    returncode: int
    stdout: str
    stderr: str


def run(
    *args: str,
    cwd: Path,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Run:
    """Run `python -m bibnorm *args` in `cwd`, with third-party plugins off."""
    environment = {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "bibnorm", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=timeout,
        check=False,
    )
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def check(
    result: Run,
    *,
    status: int,
    names: tuple[str, ...] = (),
    line: int | None = None,
) -> None:
    """The run ended with `status`, without a traceback, and its messages name `names`
    (with `name:line` for the first when `line` is given)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == status, (result.returncode, result.stderr)
    for name in names:
        assert name in result.stderr, (name, result.stderr)
    if line is not None and names:
        assert f"{names[0]}:{line}" in result.stderr, result.stderr


def leftovers(directory: Path, expected: set[str]) -> set[str]:
    """Names in `directory` (recursively, relative) beyond `expected`: temporary or
    partial files a run should not have left."""
    found = {str(p.relative_to(directory)) for p in directory.rglob("*") if not p.is_dir()}
    return found - expected
