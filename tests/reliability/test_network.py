"""Network faults as a user meets them: a service that answers an error with HTTP 200, and
an answer over the size cap, on every call path (`fetch` by PMID, PMCID and DOI,
`parse --enrich`, `--elink`) to every service.

Each case runs bibnorm against the loopback replay server (tests/online/replay_server.py)
with its cache beside the work directory, the service concerned failing every time. The
run must end with exit 5 and a message naming the service and the file or identifier,
write the good input of the same batch, and leave nothing behind. Then the service is
healthy again and the same command, with the same cache, must ask it again and succeed:
the error was not cached. Each path meets its service's own error shape here; every
shape on every path runs in this process in tests/online/test_error_answers.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, check, leftovers, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "online"))
from call_paths import PATHS, SERVICES, SHAPES, CallPath
from replay_server import ReplayServer

EXIT_ONLINE = 5
EXPECTED_FILES = {"page.txt", "good.txt", "out.json"}


@pytest.fixture
def server():
    with ReplayServer() as replay:
        yield replay


def _prepare(tmp_path: Path, server: ReplayServer, path: CallPath) -> tuple[Path, list[str], dict]:
    """The work directory, the command line and the environment of one case."""
    work = tmp_path / "work"
    work.mkdir()
    env = {
        **server.env(),
        "BIBNORM_CACHE": str(tmp_path / "cache" / "http-cache.sqlite"),
        "BIBNORM_EMAIL": "tests@example.org",
        "BIBNORM_TIMEOUT": "2",
        "BIBNORM_RETRIES": "1",
        "BIBNORM_BACKOFF": "0.01",
        "BIBNORM_RATE": "200",
        "NCBI_API_KEY": "",
    }
    return work, path.argv(work, good=GOOD_MEDLINE), env


@pytest.mark.parametrize(
    ("path", "shape"),
    [pytest.param(path, SHAPES[path.route][0], id=path.name) for path in PATHS],
)
def test_an_error_in_a_200_is_reported_and_never_cached(
    tmp_path: Path, server: ReplayServer, path: CallPath, shape: str
):
    work, argv, env = _prepare(tmp_path, server, path)
    server.always(path.route, shape)
    failed = run(*argv, cwd=work, env=env)
    service = SERVICES[path.route]
    check(failed, status=EXIT_ONLINE, names=(service, path.named(work)))
    assert f"{service}: the service answered with an error: " in failed.stderr
    out = work / "out.json"
    assert (len(json.loads(out.read_text())) if out.exists() else 0) == path.written
    assert leftovers(work, EXPECTED_FILES) == set()

    asked = len(server.hits(path.route))
    server.always(path.route, "ok")
    again = run(*argv, cwd=work, env=env)
    check(again, status=0)
    assert len(server.hits(path.route)) > asked  # asked again: the error was not cached
    assert "answered with an error" not in again.stderr


def test_a_failing_converter_is_made_up_for_by_esearch(tmp_path: Path, server: ReplayServer):
    # A DOI PubMed knows: the converter's failure costs nothing but a warning.
    path = CallPath("fetch-doi", "idconv", ("fetch", "doi:10.3390/ijms23126832"), "", 1)
    work, argv, env = _prepare(tmp_path, server, path)
    server.always("idconv", "idconv-error")
    result = run(*argv, cwd=work, env=env)
    check(result, status=0, names=("PMC ID converter: the service answered with an error",))
    assert "asked of NCBI esearch instead" in result.stderr
    assert "35743275" in (work / "out.json").read_text()


@pytest.mark.parametrize(
    ("fault", "args", "names"),
    [
        pytest.param("ok", ("fetch", "35743275"), "pmid:35743275", id="fetch-content-length"),
        pytest.param("unsized", ("parse", "{in}", "--enrich"), "{in}", id="enrich-streamed"),
    ],
)
def test_an_answer_over_the_cap_is_refused_and_never_cached(
    tmp_path: Path, server: ReplayServer, fault: str, args: tuple[str, ...], names: str
):
    path = CallPath("cap", "efetch", args, names, 0, "page")
    work, argv, env = _prepare(tmp_path, server, path)
    server.always("efetch", fault)
    # The sample's efetch answer is about 4.5 kB: a 2 kB cap refuses it.
    small_cap = {**env, "BIBNORM_MAX_ANSWER_MB": str(2 / 1024)}
    refused = run(*argv, cwd=work, env=small_cap)
    check(refused, status=EXIT_ONLINE, names=("NCBI efetch", path.named(work)))
    assert "sent an answer bigger than the 2048 bytes cap (BIBNORM_MAX_ANSWER_MB); refused" in (
        refused.stderr
    )
    assert len(server.hits("efetch")) == 1  # not retried
    assert leftovers(work, EXPECTED_FILES) == set()

    again = run(*argv, cwd=work, env=env)
    check(again, status=0)
    assert len(server.hits("efetch")) == 2  # asked again: nothing was cached
