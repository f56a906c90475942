"""Settings of the online features: service addresses, identity, cache and politeness.

Everything has a default that talks to the real services politely; each can be changed
through the environment (as a user would point bibnorm at a mirror) or by building an
`OnlineConfig` in code. `OnlineConfig.from_env()` reads:

    BIBNORM_EUTILS_URL     E-utilities base (default https://eutils.ncbi.nlm.nih.gov/entrez/eutils/)
    BIBNORM_IDCONV_URL     PMC ID converter (default https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0/)
    BIBNORM_CROSSREF_URL   Crossref REST API base (default https://api.crossref.org/)
    BIBNORM_EMAIL          sent as `email` to NCBI and `mailto` to Crossref
    NCBI_API_KEY           NCBI API key: 10 requests a second instead of 3
    BIBNORM_CACHE          the cache file (default $XDG_CACHE_HOME/bibnorm/http-cache.sqlite)
    BIBNORM_RATE           requests a second, when a mirror allows a different rate
    BIBNORM_TIMEOUT        seconds to wait for a service to connect and to answer (default 30)
    BIBNORM_RETRIES        retries after a failed request (default 3)
    BIBNORM_BACKOFF        seconds before the first retry, doubled each time (default 1)
    BIBNORM_MAX_ANSWER_MB  the biggest answer accepted, in MB (default 256)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bibnorm import __version__
from bibnorm.errors import UsageError

EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
IDCONV_URL = "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0/"
CROSSREF_URL = "https://api.crossref.org/"
TOOL = "bibnorm"
# NCBI's published limits: 3 requests a second without an API key, 10 with one.
RATE_WITHOUT_KEY = 3.0
RATE_WITH_KEY = 10.0
# NCBI asks for no more than 200 IDs in one efetch by GET; the ID converter takes 200.
BATCH_SIZE = 200
# Bibliographic metadata changes rarely; a week keeps runs fast and still sees corrections.
EXPIRE_AFTER_SECONDS = 7 * 24 * 3600
# The biggest answer read. An efetch batch of 200 PubMed records is 1-10 MB (a record is
# 5-50 kB of XML; the largest, with thousands of authors or references, reach 1-2 MB), so
# 256 MB leaves room for a batch of 200 of the largest while still stopping an answer
# that would take gigabytes of memory to hold and parse.
MAX_ANSWER_MB = 256
# A Retry-After longer than this is not waited for: the request fails instead.
MAX_RETRY_AFTER = 120.0


@dataclass(frozen=True)
class OnlineConfig:
    """How bibnorm talks to the services. `rate` None means NCBI's limit for the key."""

    eutils_url: str = EUTILS_URL
    idconv_url: str = IDCONV_URL
    crossref_url: str = CROSSREF_URL
    email: str | None = None
    api_key: str | None = field(default=None, repr=False)
    tool: str = TOOL
    cache_path: Path | None = None  # None: no cache file (answers kept for this run only)
    offline: bool = False
    rate: float | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # The longest one answer may take to arrive whole, so a slow drip cannot hang a run.
    total_timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = MAX_RETRY_AFTER
    expire_after: int = EXPIRE_AFTER_SECONDS
    batch_size: int = BATCH_SIZE
    max_answer_bytes: int = MAX_ANSWER_MB * 1024 * 1024

    @property
    def requests_per_second(self) -> float:
        if self.rate is not None:
            return self.rate
        return RATE_WITH_KEY if self.api_key else RATE_WITHOUT_KEY

    @property
    def user_agent(self) -> str:
        contact = f" (mailto:{self.email})" if self.email else ""
        return f"{self.tool}/{__version__}{contact}"

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        cache: str | None = None,
        no_cache: bool = False,
        offline: bool = False,
    ) -> OnlineConfig:
        """The settings the environment gives, with the command line's cache choices.

        Raises `UsageError` for a value that is not a number where one is expected,
        and for `offline` without a cache to answer from.
        """
        env = os.environ if env is None else env
        if no_cache and offline:
            raise UsageError("--offline answers from the cache, so it cannot go with --no-cache")
        cache_path: Path | None = None
        if not no_cache:
            cache_path = Path(cache or env.get("BIBNORM_CACHE") or default_cache_path(env))
        timeout = _number(env, "BIBNORM_TIMEOUT") or 30.0
        retries = _number(env, "BIBNORM_RETRIES")
        backoff = _number(env, "BIBNORM_BACKOFF")
        max_answer_mb = _number(env, "BIBNORM_MAX_ANSWER_MB") or MAX_ANSWER_MB
        return cls(
            eutils_url=env.get("BIBNORM_EUTILS_URL") or EUTILS_URL,
            idconv_url=env.get("BIBNORM_IDCONV_URL") or IDCONV_URL,
            crossref_url=env.get("BIBNORM_CROSSREF_URL") or CROSSREF_URL,
            email=env.get("BIBNORM_EMAIL") or None,
            api_key=env.get("NCBI_API_KEY") or None,
            cache_path=cache_path,
            offline=offline,
            rate=_number(env, "BIBNORM_RATE"),
            connect_timeout=min(timeout, 10.0),
            read_timeout=timeout,
            total_timeout=2 * timeout,
            retries=3 if retries is None else int(retries),
            backoff=1.0 if backoff is None else backoff,
            max_answer_bytes=max(1, int(max_answer_mb * 1024 * 1024)),
        )


def default_cache_path(env: Mapping[str, str]) -> Path:
    """`$XDG_CACHE_HOME/bibnorm/http-cache.sqlite`, else under `~/.cache`."""
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bibnorm" / "http-cache.sqlite"


def _number(env: Mapping[str, str], name: str) -> float | None:
    text = env.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{name}={text!r} is not a number") from None
    if value < 0 or (name in ("BIBNORM_RATE", "BIBNORM_MAX_ANSWER_MB") and value == 0):
        raise UsageError(f"{name}={text!r} must be a positive number")
    return value


__all__ = ["OnlineConfig", "default_cache_path"]
