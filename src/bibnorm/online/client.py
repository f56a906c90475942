"""One GET to a service: the answer's bytes and when the service gave it, or a `ServiceError`.

The clients of each service (`eutils`, `idconv`, `crossref`) call `ServiceClient.get`
and never see requests' exceptions: what went wrong comes back as `Unreachable`,
`BadAnswer` (`TooBig` for an answer over the size cap) or `NotCached`, with a message
that names the service and never the API key. A 200 is checked against what that
service's data answer looks like (`payloads.check_answer`), so an error the service
put in a 200 is a `BadAnswer` too, never an empty result.
"""

from __future__ import annotations

import email.utils
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
from requests_cache import CachedSession

from bibnorm.online.config import OnlineConfig
from bibnorm.online.errors import BadAnswer, NotCached, NotFound, TooBig, Unreachable
from bibnorm.online.payloads import verdict
from bibnorm.online.session import Warn, open_session
from bibnorm.online.transport import AnswerTooBig, ErrorAnswer

Params = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Answer:
    """A usable answer: its body, when the service gave it (ISO 8601, UTC), from the cache?"""

    content: bytes
    fetched: str
    from_cache: bool


class ServiceClient:
    """The session, the settings, and a way to warn the user, shared by every service."""

    def __init__(
        self, config: OnlineConfig, warn: Warn, *, session: CachedSession | None = None
    ) -> None:
        self.config = config
        self.warn = warn
        self.session = session or open_session(config, warn)
        self.requests_sent = 0  # answers that did not come from the cache

    def close(self) -> None:
        self.session.close()  # type: ignore[no-untyped-call]

    def get(self, service: str, url: str, params: Params = ()) -> Answer:
        """GET `url` with `params`; raises `ServiceError` unless the answer is a 200
        holding the data `service` answers with."""
        try:
            response = self._send(url, params)
        except requests.Timeout:
            raise Unreachable(service, f"no answer from {_host(url)} in time") from None
        except ErrorAnswer as exc:
            # The service's own words are quoted, and a mirror might echo the key.
            said = str(exc.problem).split(": ", 1)[-1]
            raise BadAnswer(service, self._redacted(said)) from None
        except AnswerTooBig as exc:
            raise TooBig(service, f"{_host(url)} sent {exc}; refused") from None
        except requests.RequestException as exc:
            reason = self._redacted(_reason(exc))
            raise Unreachable(service, f"cannot reach {_host(url)}: {reason}") from None
        from_cache = bool(getattr(response, "from_cache", False))
        if not from_cache:
            self.requests_sent += 1
        if response.status_code == 504 and self.config.offline:
            raise NotCached(service, "not in the cache, and --offline forbids asking")
        if response.status_code == 404:
            raise NotFound(service, f"{_host(url)} knows no such article (HTTP 404)")
        if response.status_code != 200:
            reason = f" {response.reason}" if response.reason else ""
            raise BadAnswer(service, f"{_host(url)} answered HTTP {response.status_code}{reason}")
        problem = verdict(service, response)  # an answer cached by an older bibnorm
        if problem is not None:
            said = str(problem).removeprefix(f"{service}: ")
            raise BadAnswer(service, self._redacted(said))
        return Answer(response.content, _fetched(response), from_cache)

    def _redacted(self, text: str) -> str:
        return text.replace(self.config.api_key, "***") if self.config.api_key else text

    def _send(self, url: str, params: Params) -> requests.Response:
        timeout = (self.config.connect_timeout, self.config.read_timeout)
        try:
            return self.session.get(url, params=list(params), timeout=timeout)
        except sqlite3.Error as exc:
            # The cache broke under us (another program locked it, the disk filled up):
            # warn once and go on without it rather than fail every request.
            self.warn(f"the cache failed ({exc}); going on without it for this run")
            self.session.settings.disabled = True
            return self.session.get(url, params=list(params), timeout=timeout)


def _fetched(response: requests.Response) -> str:
    """When the service answered: its `Date` header, kept in the cache with the answer."""
    when: datetime | None = None
    date = response.headers.get("Date")
    if date:
        try:
            when = email.utils.parsedate_to_datetime(date)
        except (TypeError, ValueError):
            when = None
    if when is None:
        when = getattr(response, "created_at", None) or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _reason(exc: requests.RequestException) -> str:
    # requests nests urllib3's reasons deep in its messages; the innermost is the useful one.
    inner: BaseException = exc
    while inner.__context__ is not None and len(str(inner.__context__)) < len(str(inner)):
        inner = inner.__context__
    text = str(inner) or type(inner).__name__
    if "Connection refused" in text:
        return "connection refused"
    if "cut short" in text or "IncompleteRead" in text:
        return "the answer was cut short"
    return text if len(text) < 160 else type(inner).__name__


__all__ = ["Answer", "ServiceClient"]
