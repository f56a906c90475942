"""The rate limit holds across processes: every run using one cache shares it through
`<cache>.rate`, so together they stay at NCBI's 3 requests a second."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

import pytest
from replay_server import ReplayServer, busiest_second
from test_online_units import FakeClock

from bibnorm.online.config import OnlineConfig
from bibnorm.online.ratelimit import RateLimiter, SharedRateLimiter, rate_file
from bibnorm.online.session import open_session

# One process of the measurement: ready, wait for the others, then 4 esearch calls
# (each a different DOI, so none is answered from the cache).
WORKER = """
import sys, time
from pathlib import Path
from bibnorm.online import eutils
from bibnorm.online.client import ServiceClient
from bibnorm.online.config import OnlineConfig

name, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
client = ServiceClient(OnlineConfig.from_env(), print)
ready.touch()
while not go.exists():
    time.sleep(0.01)
for n in range(4):
    eutils.esearch_doi(client, f"10.5555/rate-{name}-{n}")
client.close()
"""
PROCESSES = 3


def test_three_processes_sharing_a_cache_keep_3_requests_a_second_together(
    online_env: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("BIBNORM_RATE")  # NCBI's default: 3 a second without a key
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(PROCESSES)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(n), str(ready[n]), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(PROCESSES)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(r.exists() for r in ready) and time.monotonic() < deadline:
            assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
            time.sleep(0.02)
        go.touch()  # all three start together
        outputs = [w.communicate(timeout=60) for w in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert [w.returncode for w in workers] == [0] * PROCESSES, outputs
    hits = online_env.hits("esearch")
    assert len(hits) == 4 * PROCESSES
    assert busiest_second(hits) <= 3
    # They did run together: each process sent while the others were still sending.
    spans = {}
    for hit in hits:
        name = hit.params["term"][0].split("-")[1]
        first, last = spans.get(name, (hit.time, hit.time))
        spans[name] = (min(first, hit.time), max(last, hit.time))
    assert max(first for first, _ in spans.values()) < min(last for _, last in spans.values())


def test_limiters_sharing_a_file_take_turns(tmp_path: Path):
    clock = FakeClock()
    path = tmp_path / "cache.sqlite.rate"
    first, second = (
        SharedRateLimiter(path, 3, warn=pytest.fail, clock=clock, sleep=clock.sleep)
        for _ in range(2)
    )
    starts = []
    for limiter in (first, second, first, second):
        limiter.wait()
        starts.append(clock.now)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert gaps == pytest.approx([first.interval] * 3)
    first.close()
    second.close()


def test_a_clock_set_back_is_not_waited_for(tmp_path: Path):
    clock = FakeClock()
    start = clock.now
    path = tmp_path / "cache.sqlite.rate"
    path.write_text(f"{start + 3600:.6f}\n")  # an hour ahead: the clock went back
    limiter = SharedRateLimiter(path, 3, warn=pytest.fail, clock=clock, sleep=clock.sleep)
    limiter.wait()
    assert clock.now == start
    limiter.close()


def test_without_a_lockable_file_the_limit_is_kept_alone(tmp_path: Path):
    warnings: list[str] = []
    clock = FakeClock()
    start = clock.now
    missing = tmp_path / "no-such-directory" / "cache.sqlite.rate"
    limiter = SharedRateLimiter(missing, 3, warn=warnings.append, clock=clock, sleep=clock.sleep)
    limiter.wait()
    limiter.wait()
    assert clock.now == pytest.approx(start + limiter.interval)  # still spaced
    assert len(warnings) == 1 and "this run keeps to it on its own" in warnings[0]


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_the_limit_is_shared_only_through_a_cache_file(tmp_path: Path, cache: bool):
    config = OnlineConfig(cache_path=tmp_path / "http-cache.sqlite" if cache else None)
    session = open_session(config, pytest.fail)
    limiter = session.get_adapter("https://").limiter  # type: ignore[attr-defined]
    assert isinstance(limiter, SharedRateLimiter) is cache
    assert isinstance(limiter, RateLimiter)
    if cache:
        assert limiter.path == rate_file(tmp_path / "http-cache.sqlite")
    session.close()
