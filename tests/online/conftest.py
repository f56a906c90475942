"""Fixtures for the online tests: the replay server, and bibnorm pointed at it.

Every test here runs the client against `replay_server.ReplayServer` on loopback,
configured through the environment as a user would configure a mirror, with a cache file
in the test's own directory. Timeouts, retries and backoff are shortened so faults are
met in a fraction of a second; the rate is raised except where a test measures it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from replay_server import ReplayServer

from bibnorm import cli

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PAGE = REPO_ROOT / "samples" / "pubmed-text" / "35743275.txt"


@dataclass
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
def replay() -> Iterator[ReplayServer]:
    with ReplayServer() as server:
        yield server


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "http-cache.sqlite"


@pytest.fixture
def online_env(
    monkeypatch: pytest.MonkeyPatch, replay: ReplayServer, tmp_path: Path, cache_file: Path
) -> ReplayServer:
    """bibnorm's online settings pointed at the replay server; returns the server."""
    for name, value in replay.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("BIBNORM_CACHE", str(cache_file))
    monkeypatch.setenv("BIBNORM_EMAIL", "tests@example.org")
    monkeypatch.setenv("BIBNORM_TIMEOUT", "1")
    monkeypatch.setenv("BIBNORM_RETRIES", "2")
    monkeypatch.setenv("BIBNORM_BACKOFF", "0.01")
    monkeypatch.setenv("BIBNORM_RATE", "200")
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")
    return replay


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`run("parse", FILE, "--enrich")`: the CLI in this process, with its output."""

    def invoke(*argv: str) -> Run:
        capsys.readouterr()
        status = cli.main(list(argv))
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return invoke
