"""Shared fixtures: fresh plugin hosts, the shared corpus, and the golden-file switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm.manager import PluginHost, create_host

REPO_ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite samples/**/*.expected.json from the current output (review each by hand!)",
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture
def host(monkeypatch: pytest.MonkeyPatch) -> PluginHost:
    """A plugin host with only the built-ins, whatever is installed or set in the environment."""
    monkeypatch.delenv("BIBNORM_BLOCK_PLUGINS", raising=False)
    return create_host(autoload=False)


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT
