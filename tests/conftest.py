"""Shared fixtures: fresh plugin hosts, the shared corpus, the golden-file switch, and the
socket guard that keeps every test off the internet."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


# The socket guard. No test may reach the internet: the online tests talk to a replay
# server on loopback. Any other address is refused, and the test that tried fails even
# if the code under test swallowed the refusal (as a client that retries would).
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo
_blocked: list[str] = []


class InternetAccessBlocked(RuntimeError):
    """A test tried to reach an address that is not loopback."""


def _is_loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(family: int, address: Any) -> None:
    if family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_loopback(host):
        _blocked.append(repr(address))
        raise InternetAccessBlocked(f"tests may not connect to {address!r} (loopback only)")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(self.family, address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(self.family, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    # Refused before any name lookup, so no DNS query leaves the machine either.
    if host is not None and not _is_loopback(host):
        _blocked.append(repr(host))
        raise InternetAccessBlocked(f"tests may not look up {host!r} (loopback only)")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _socket_guard() -> Iterator[None]:
    """Refuse every connection but loopback for the whole test session."""
    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", _guarded_connect)
    mp.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    mp.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    yield
    mp.undo()


@pytest.fixture
def internet_attempts() -> list[str]:
    """The addresses refused so far in this test; a test that expects a refusal clears it."""
    return _blocked


@pytest.fixture(autouse=True)
def _no_internet_attempts() -> Iterator[None]:
    """Fail the test that tried to reach a non-loopback address, whatever it caught."""
    _blocked.clear()
    yield
    if _blocked:
        tried = ", ".join(_blocked)
        _blocked.clear()
        pytest.fail(f"the test tried to reach the internet: {tried}")
