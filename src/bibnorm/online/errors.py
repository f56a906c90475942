"""What goes wrong when talking to a service, each kind with the words a user needs."""

from __future__ import annotations

from bibnorm.errors import BibnormError


class ServiceError(BibnormError):
    """A service could not give an answer we can use: the record stays as it was.

    `code` is the stable diagnostic code (`online.unreachable` ...); `service` names the
    service (`NCBI efetch`, `Crossref`) in messages.
    """

    code = "online.failed"
    exit_status = 5

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service


class Unreachable(ServiceError):
    """No answer: connection refused, timeout, a body that never finished."""

    code = "online.unreachable"


class BadAnswer(ServiceError):
    """An answer, but not one we can use: an HTTP error, an HTML page, a broken payload."""

    code = "online.bad-answer"


class TooBig(BadAnswer):
    """An answer over `OnlineConfig.max_answer_bytes`: refused while it arrived, never cached."""

    code = "online.too-big"


class NotFound(ServiceError):
    """The service knows no such article (HTTP 404, an empty search)."""

    code = "online.not-found"


class NotCached(ServiceError):
    """`--offline`, and the cache does not hold the answer."""

    code = "online.not-cached"


__all__ = ["BadAnswer", "NotCached", "NotFound", "ServiceError", "TooBig", "Unreachable"]
