"""An answer bigger than `OnlineConfig.max_answer_bytes` is refused while it arrives (by
its Content-Length, or counted as it streams in), never retried and never cached."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from replay_server import ReplayServer
from test_faults import cached_answers

from bibnorm.errors import UsageError
from bibnorm.online import eutils
from bibnorm.online.client import ServiceClient
from bibnorm.online.config import MAX_ANSWER_MB, OnlineConfig
from bibnorm.online.errors import TooBig
from bibnorm.online.payloads import EFETCH

URL_PARAMS = [("db", "pubmed"), ("id", "35743275"), ("retmode", "xml")]


@pytest.mark.parametrize("fault", ["ok", "unsized"], ids=["content-length", "streamed"])
def test_an_answer_over_the_cap_is_refused(online_env: ReplayServer, tmp_path: Path, fault: str):
    cache = tmp_path / "cap.sqlite"
    config = OnlineConfig(
        eutils_url=online_env.env()["BIBNORM_EUTILS_URL"],
        cache_path=cache,
        rate=200,
        retries=2,
        max_answer_bytes=2048,  # the sample's answer is about 4.5 kB
    )
    online_env.always("efetch", fault)
    client = ServiceClient(config, pytest.fail)
    with pytest.raises(TooBig, match="sent an answer bigger than the 2048 bytes cap"):
        client.get(EFETCH, config.eutils_url + "efetch.fcgi", URL_PARAMS)
    client.close()
    assert len(online_env.hits("efetch")) == 1  # not retried
    assert cached_answers(cache) == 0

    # Under a cap it fits, the same answer is read and cached.
    roomy = ServiceClient(replace(config, max_answer_bytes=8192), pytest.fail)
    batch = next(eutils.efetch(roomy, _host(), ["35743275"]))
    roomy.close()
    assert batch.error is None and "35743275" in batch.records
    assert cached_answers(cache) == 1


def _host():
    from bibnorm.manager import create_host

    return create_host(autoload=False)


def test_the_cap_comes_from_the_environment():
    assert OnlineConfig.from_env({}).max_answer_bytes == MAX_ANSWER_MB * 2**20 == 256 * 2**20
    assert OnlineConfig.from_env({"BIBNORM_MAX_ANSWER_MB": "0.5"}).max_answer_bytes == 2**19
    for bad in ("0", "-1", "lots"):
        with pytest.raises(UsageError, match="BIBNORM_MAX_ANSWER_MB"):
            OnlineConfig.from_env({"BIBNORM_MAX_ANSWER_MB": bad})
