"""The one cached session every online request goes through.

Answers are kept in SQLite (the user's cache directory by default) for a week, and a
stale answer is still used when the service fails (`stale_if_error`). Only a 200 that is
a data answer of the service asked is stored (`payloads.answer_filter`: whole JSON or
XML of that service's shape, not an error the service put in a 200 such as
`<eFetchResult><ERROR>`), and an entry already cached that fails the same check is
dropped when read. The transport raises such an error answer as a failure, so that a
stale answer stands in for it as for an HTTP error. An answer over `max_answer_bytes` is
refused by the transport before it could be stored. The API key is never part of a cache
key nor of a stored URL (requests-cache redacts `api_key`). A cache file that is corrupt
or locked by another program is moved aside with a warning and a fresh one is started,
rather than ending the run. The rate limit is shared through `<cache>.rate` by every
process using the cache.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from requests_cache import CachedSession
from requests_cache.backends.sqlite import SQLiteCache

from bibnorm.online.config import OnlineConfig
from bibnorm.online.payloads import answer_filter, answer_judge
from bibnorm.online.ratelimit import RateLimiter, SharedRateLimiter, rate_file
from bibnorm.online.transport import PoliteAdapter

Warn = Callable[[str], None]

# requests-cache logs its use of a stale answer with the failure's traceback; where no
# logging is set up, Python would print that to stderr as if bibnorm had crashed. An
# application that sets up logging still gets the record.
logging.getLogger("requests_cache").addHandler(logging.NullHandler())


def open_session(
    config: OnlineConfig, warn: Warn, *, limiter: RateLimiter | None = None
) -> CachedSession:
    """A session that caches, limits its rate, retries and times out as `config` says."""
    session = CachedSession(
        backend=_backend(config, warn),
        expire_after=config.expire_after,
        stale_if_error=True,
        allowable_codes=(200,),
        allowable_methods=("GET",),
        filter_fn=answer_filter(config),
        only_if_cached=config.offline,
    )
    adapter = PoliteAdapter(
        limiter or _limiter(config, warn),
        retries=config.retries,
        backoff=config.backoff,
        total_timeout=config.total_timeout,
        max_retry_after=config.max_retry_after,
        max_answer_bytes=config.max_answer_bytes,
        judge=answer_judge(config),
        offline=config.offline,
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = config.user_agent
    return session


def _limiter(config: OnlineConfig, warn: Warn) -> RateLimiter:
    """One limit for every process using the cache file; this process's own without one."""
    if config.cache_path is None:
        return RateLimiter(config.requests_per_second)
    return SharedRateLimiter(rate_file(config.cache_path), config.requests_per_second, warn=warn)


def _backend(config: OnlineConfig, warn: Warn) -> SQLiteCache | str:
    if config.cache_path is None:
        return "memory"
    path = config.cache_path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        problem = _probe(path)
        if problem is not None:
            aside = _move_aside(path)
            warn(f"{path}: the cache file is {problem}; moved it to {aside.name} and started anew")
        return SQLiteCache(path, timeout=2.0)
    except (OSError, sqlite3.Error) as exc:
        warn(f"{path}: cannot use the cache file ({exc}); answers are kept for this run only")
        return "memory"


def _probe(path: Path) -> str | None:
    """Why the cache file at `path` cannot be used ("corrupt", "locked ..."), or None."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path, timeout=0.5)
    except sqlite3.Error:
        return "unreadable"
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            return "corrupt"
        # A write lock held by another program would make every save fail later.
        connection.execute("BEGIN IMMEDIATE")
        connection.rollback()
    except sqlite3.OperationalError as exc:
        return "locked by another program" if "locked" in str(exc) else "corrupt"
    except sqlite3.DatabaseError:
        return "corrupt"
    finally:
        connection.close()
    return None


def _move_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    path.replace(aside)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(aside.with_name(aside.name + suffix))
    return aside


__all__ = ["open_session"]
