"""The HTTP adapter under the cache: rate limit, timeouts, retries with backoff, whole bodies.

It sits below requests-cache, so only requests that really go out pass through it: an
answer from the cache costs no wait. Each attempt, retries included, waits its turn at
the shared `RateLimiter`. Connection errors, timeouts, 429 and 5xx are retried with
exponential backoff, honouring `Retry-After`; any other 4xx is an answer and is returned
at once. The body is read whole here against a total deadline, because a read timeout
alone never ends a server that drips one byte at a time, and against a size cap
(`AnswerTooBig`, never retried): a `Content-Length` over it is refused before the body is
read, and a body without one is counted as it arrives, so no more than the cap is held.
A 200 whose payload is the service's error (the `judge` says so) is raised as
`ErrorAnswer`, not retried: to the cache above it is then the failure it is, so a stale
answer is used when there is one, and the good entry is not dropped for it.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError

from bibnorm.online.ratelimit import RateLimiter

_CHUNK = 64 * 1024


class OfflineRefusal(requests.ConnectionError):
    """A request that would have gone out although the run is `--offline`."""


class AnswerTooBig(requests.RequestException):
    """An answer bigger than the cap: refused while it arrived, not retried."""


class ErrorAnswer(requests.RequestException):
    """A 200 that holds the service's error instead of data; `problem` says which."""

    def __init__(self, problem: Exception, request: requests.PreparedRequest) -> None:
        super().__init__(str(problem), request=request)
        self.problem = problem


Judge = Callable[[requests.Response], Exception | None]


class PoliteAdapter(HTTPAdapter):
    """Rate-limited, retrying, deadline-bound transport for one session."""

    def __init__(
        self,
        limiter: RateLimiter,
        *,
        retries: int,
        backoff: float,
        total_timeout: float,
        max_retry_after: float,
        max_answer_bytes: int,
        judge: Judge | None = None,
        offline: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__()
        self.limiter = limiter
        self.retries = retries
        self.backoff = backoff
        self.total_timeout = total_timeout
        self.max_retry_after = max_retry_after
        self.max_answer_bytes = max_answer_bytes
        self.judge = judge
        self.offline = offline
        self._sleep = sleep

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        if self.offline:
            raise OfflineRefusal("offline: no request may go out", request=request)
        attempt = 0
        while True:
            self.limiter.wait()
            try:
                response = super().send(
                    request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
                )
                self._read_whole(response)
            except (requests.ConnectionError, requests.Timeout):
                if attempt >= self.retries:
                    raise
                self._sleep(self._backoff(attempt))
                attempt += 1
                continue
            if _retryable(response.status_code) and attempt < self.retries:
                delay = _retry_after(response.headers.get("Retry-After"))
                if delay is None:
                    delay = self._backoff(attempt)
                if delay <= self.max_retry_after:
                    response.close()
                    self._sleep(delay)
                    attempt += 1
                    continue
            if response.status_code == 200 and self.judge is not None:
                problem = self.judge(response)
                if problem is not None:
                    raise ErrorAnswer(problem, request)
            return response

    def close(self) -> None:
        super().close()
        self.limiter.close()

    def _backoff(self, attempt: int) -> float:
        return float(self.backoff * 2**attempt)

    def _read_whole(self, response: requests.Response) -> None:
        """Read the body now, failing with a timeout past the total deadline and with
        `AnswerTooBig` past the size cap (counted after decompression)."""
        deadline = time.monotonic() + self.total_timeout
        chunks: list[bytes] = []
        size = 0
        raw = response.raw
        try:
            self._refuse_declared_size(response)
            while True:
                # read1 returns what has arrived (up to _CHUNK) instead of waiting to fill it,
                # so the deadline is checked while a slow body drips in.
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_answer_bytes:
                    raise self._too_big(response)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise requests.Timeout(
                        f"the answer took longer than {self.total_timeout:g} s to arrive",
                        request=response.request,
                    )
        except requests.RequestException:
            response.close()
            raise
        except ReadTimeoutError as exc:
            response.close()
            raise requests.ReadTimeout(str(exc), request=response.request) from exc
        except Exception as exc:  # urllib3's errors for a cut connection or a bad encoding
            response.close()
            raise requests.ConnectionError(
                f"the answer was cut short ({type(exc).__name__})", request=response.request
            ) from exc
        response._content = b"".join(chunks)
        response._content_consumed = True  # type: ignore[attr-defined]
        response.close()

    def _refuse_declared_size(self, response: requests.Response) -> None:
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > self.max_answer_bytes:
            raise self._too_big(response)

    def _too_big(self, response: requests.Response) -> AnswerTooBig:
        cap = self.max_answer_bytes
        size = f"{cap / 2**20:g} MB" if cap >= 2**20 else f"{cap} bytes"
        return AnswerTooBig(
            f"an answer bigger than the {size} cap (BIBNORM_MAX_ANSWER_MB)",
            request=response.request,
        )


def _retryable(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


__all__ = ["AnswerTooBig", "ErrorAnswer", "OfflineRefusal", "PoliteAdapter"]
