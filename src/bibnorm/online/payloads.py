"""What a usable answer from each service looks like, so that nothing else is cached or believed.

A service that is having a bad day may answer 200 with an HTML error page, an empty
body or XML cut short; E-utilities, the ID converter and Crossref also answer many of
their errors with HTTP 200 and an error in the payload (`<eFetchResult><ERROR>`,
`{"esearchresult": {"ERROR": ...}}`, `{"status": "error"}`, `{"error": "API key
invalid"}`...). So each service has a check of what its *data* answer is
(`check_answer`, worked out once per response by `verdict`), which both the cache's
filter (`answer_filter`, knowing the service from the request's URL) and the clients
(`ServiceClient.get`) apply: an error answer is never stored, and a client raises
`BadAnswer` with the service's own words instead of reading it as "no records".
`xml_root` and `json_object` are what the clients read answers with.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from lxml import etree

from bibnorm import xmlparse
from bibnorm.online.config import OnlineConfig
from bibnorm.online.errors import BadAnswer

# The services, as messages name them.
EFETCH = "NCBI efetch"
ESEARCH = "NCBI esearch"
ESUMMARY = "NCBI esummary"
ELINK = "NCBI elink"
IDCONV = "PMC ID converter"
CROSSREF = "Crossref"

# Secure like every parser of ours (no entities, no DTD, no network); huge_tree since an
# answer is already held to the size cap, and a batch of 200 records is a big tree.
_PARSER = xmlparse.xml_parser(huge_tree=True)
_HTML_STARTS = (b"<!doctype html", b"<html")
# efetch's data roots (PubMed, PMC); its errors come as <eFetchResult><ERROR>.
_EFETCH_ROOTS = ("PubmedArticleSet", "pmc-articleset")
# E-utilities scripts under the E-utilities base URL, by file name.
_EUTILS_SCRIPTS = {
    "efetch.fcgi": EFETCH,
    "esearch.fcgi": ESEARCH,
    "esummary.fcgi": ESUMMARY,
    "elink.fcgi": ELINK,
}
# Where a response keeps its verdict, so that it is checked once.
_VERDICT = "_bibnorm_verdict"
# The longest piece of a service's own error message quoted to the user.
_QUOTE_LIMIT = 200


def xml_root(service: str, content: bytes, expected: tuple[str, ...]) -> Any:
    """The root element of an XML answer, which must be one of `expected`."""
    root = _xml(service, content)
    if root.tag not in expected:
        raise BadAnswer(service, f"expected <{expected[0]}> in the answer, found <{root.tag}>")
    return root


def json_object(service: str, content: bytes) -> dict[str, Any]:
    """A JSON answer, which must be an object."""
    _check_not_html(service, content)
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadAnswer(service, f"the answer is not whole JSON ({exc})") from None
    if not isinstance(value, dict):
        raise BadAnswer(service, "the answer is JSON but not an object")
    return value


def check_answer(service: str, content: bytes, content_type: str = "") -> None:
    """Raise `BadAnswer` unless `content` is a data answer of `service` (one of the names
    above); a service not named here needs only whole JSON or XML."""
    check = _CHECKS.get(service)
    if check is not None:
        check(content)
    else:
        _check_form(service, content, content_type)


def verdict(service: str, response: requests.Response) -> BadAnswer | None:
    """`check_answer`'s verdict on `response` (None: a data answer), worked out once per
    response: the cache's filter and the client both ask, and an efetch batch is big."""
    known = getattr(response, _VERDICT, None)
    if known is not None and known[0] == service:
        return known[1]  # type: ignore[no-any-return]
    found: BadAnswer | None = None
    try:
        check_answer(service, response.content, response.headers.get("Content-Type", ""))
    except BadAnswer as exc:
        found = exc
    setattr(response, _VERDICT, (service, found))
    return found


def service_of(config: OnlineConfig, url: str) -> str | None:
    """The service `url` asks (by the configured addresses, else by the script's name)."""
    asked = _comparable(url)
    eutils = _comparable(config.eutils_url)
    if _under(asked, eutils):
        return _EUTILS_SCRIPTS.get(asked[2][len(eutils[2]) :].strip("/"))
    if _under(asked, _comparable(config.idconv_url)):
        return IDCONV
    if _under(asked, _comparable(config.crossref_url + "works/")):
        return CROSSREF
    # A mirror that redirects elsewhere still names the E-utilities script.
    return _EUTILS_SCRIPTS.get(asked[2].rsplit("/", 1)[-1])


def answer_judge(config: OnlineConfig) -> Callable[[requests.Response], BadAnswer | None]:
    """The verdict on a response, for the service its URL asks."""

    def judge(response: requests.Response) -> BadAnswer | None:
        # The URL first asked, before any redirect, names the service.
        first = response.history[0] if response.history else response
        return verdict(service_of(config, first.url or "") or "answer", response)

    return judge


def answer_filter(config: OnlineConfig) -> Callable[[requests.Response], bool]:
    """The cache's filter: only a 200 that is a data answer of the service asked is kept
    (requests-cache also drops an entry already cached that fails it)."""
    judge = answer_judge(config)

    def is_data(response: requests.Response) -> bool:
        return response.status_code == 200 and judge(response) is None

    return is_data


def is_well_formed(response: requests.Response) -> bool:
    """Whether `response` is a successful, whole JSON or XML answer, whatever it says."""
    if response.status_code != 200:
        return False
    try:
        _check_form("answer", response.content, response.headers.get("Content-Type", ""))
    except BadAnswer:
        return False
    return True


# Each service's data answer.


def _efetch(content: bytes) -> None:
    root = _ncbi_xml(EFETCH, content)
    if root.tag not in _EFETCH_ROOTS:
        raise BadAnswer(EFETCH, f"expected <{_EFETCH_ROOTS[0]}> in the answer, found <{root.tag}>")


def _esearch(content: bytes) -> None:
    if _looks_like_xml(content):
        _ncbi_xml(ESEARCH, content)
        return
    result = _ncbi_json(ESEARCH, content).get("esearchresult")
    if not isinstance(result, dict):
        raise BadAnswer(ESEARCH, "the answer has no esearchresult")
    # "errorlist" (phrases not found) is data: the search found nothing. "ERROR" is not.
    _refuse_error(ESEARCH, result.get("ERROR"))
    if not isinstance(result.get("idlist"), list):
        raise BadAnswer(ESEARCH, "the answer has no idlist")


def _esummary(content: bytes) -> None:
    if _looks_like_xml(content):
        _ncbi_xml(ESUMMARY, content)
        return
    answer = _ncbi_json(ESUMMARY, content)
    # The older shape: {"esummaryresult": ["Invalid uid ..."]}.
    _refuse_error(ESUMMARY, answer.get("esummaryresult"))
    result = answer.get("result")
    if not isinstance(result, dict):
        raise BadAnswer(ESUMMARY, "the answer has no result")
    _refuse_error(ESUMMARY, result.get("error") or result.get("ERROR"))


def _elink(content: bytes) -> None:
    if _looks_like_xml(content):
        root = _ncbi_xml(ELINK, content)
        for linkset in root.iterchildren("LinkSet"):
            _refuse_error(ELINK, linkset.findtext("ERROR"))
        return
    answer = _ncbi_json(ELINK, content)
    linksets = answer.get("linksets")
    if not isinstance(linksets, list):
        raise BadAnswer(ELINK, "the answer has no linksets")
    for linkset in linksets:
        if isinstance(linkset, dict):
            _refuse_error(ELINK, linkset.get("ERROR") or linkset.get("error"))


def _idconv(content: bytes) -> None:
    answer = json_object(IDCONV, content)
    # {"status": "error", "message": ...} is the whole call failing; a record with
    # "status": "error" is only that ID unknown, which is data.
    if answer.get("status") != "ok":
        _refuse_error(IDCONV, answer.get("message") or answer.get("errmsg") or "no status ok")
    if not isinstance(answer.get("records"), list):
        raise BadAnswer(IDCONV, "the answer has no records")


def _crossref(content: bytes) -> None:
    answer = json_object(CROSSREF, content)
    if answer.get("status") != "ok":
        # {"status": "failed", "message-type": "validation-failure", "message": [...]}
        _refuse_error(CROSSREF, answer.get("message") or f"status {answer.get('status')!r}")
    if not isinstance(answer.get("message"), dict):
        raise BadAnswer(CROSSREF, "the answer has no message")


_CHECKS: dict[str, Callable[[bytes], None]] = {
    EFETCH: _efetch,
    ESEARCH: _esearch,
    ESUMMARY: _esummary,
    ELINK: _elink,
    IDCONV: _idconv,
    CROSSREF: _crossref,
}


# What every E-utilities answer may carry instead of data.


def _ncbi_xml(service: str, content: bytes) -> Any:
    """An E-utilities XML answer that is not an error: no <ERROR> root or child, and
    not the JSON error NCBI gives for a bad API key whatever was asked."""
    if content.lstrip()[:1] == b"{":
        _ncbi_json(service, content)
        raise BadAnswer(service, "expected XML, the answer is JSON")
    root = _xml(service, content)
    _refuse_error(service, root.text if root.tag == "ERROR" else root.findtext("ERROR"))
    if root.tag == "eFetchResult":  # efetch's wrapper of an error, whatever it holds
        raise BadAnswer(service, "the service answered with an error, not data")
    return root


def _ncbi_json(service: str, content: bytes) -> dict[str, Any]:
    """An E-utilities JSON answer without a top-level error (`{"error": "API key
    invalid"}`, `{"ERROR": ...}`)."""
    answer = json_object(service, content)
    _refuse_error(service, answer.get("error") or answer.get("ERROR"))
    return answer


def _refuse_error(service: str, error: object) -> None:
    """Raise `BadAnswer` quoting `error` when the service put one in its answer."""
    if error is None or error == "" or error == [] or error == {}:
        return
    raise BadAnswer(service, f"the service answered with an error: {_quote(error)}")


def _quote(error: object) -> str:
    """The service's own words, on one line and not too long."""
    if isinstance(error, list):
        error = "; ".join(_quote(e) for e in error)
    elif isinstance(error, dict):
        error = error.get("message") or error.get("error") or json.dumps(error)
    text = " ".join(str(error).split())
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 3] + "..."


# Form alone: whole JSON or XML, not HTML, not empty.


def _check_form(service: str, content: bytes, content_type: str) -> None:
    head = content.lstrip()[:1]
    if head in (b"{", b"[") or "json" in content_type:
        json_object(service, content)
    elif head == b"<":
        _xml(service, content)
    else:
        raise BadAnswer(service, "the answer is neither JSON nor XML")


def _xml(service: str, content: bytes) -> Any:
    _check_not_html(service, content)
    try:
        return etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadAnswer(service, f"the answer is not whole XML ({exc})") from None


def _looks_like_xml(content: bytes) -> bool:
    return content.lstrip()[:1] == b"<"


def _check_not_html(service: str, content: bytes) -> None:
    if not content.strip():
        raise BadAnswer(service, "the answer is empty")
    if content.lstrip()[:14].lower().startswith(_HTML_STARTS):
        raise BadAnswer(service, "the service answered with an HTML page, not data")


def _comparable(url: str) -> tuple[str, str, str]:
    """Scheme, host:port and path of `url`, as requests sends them (the host in lower case,
    the default port implied)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    port = parts.port if parts.port not in (None, default) else None
    host = (parts.hostname or "") + (f":{port}" if port else "")
    return scheme, host, parts.path


def _under(url: tuple[str, str, str], base: tuple[str, str, str]) -> bool:
    return url[:2] == base[:2] and url[2].startswith(base[2])


__all__ = [
    "CROSSREF",
    "EFETCH",
    "ELINK",
    "ESEARCH",
    "ESUMMARY",
    "IDCONV",
    "answer_filter",
    "answer_judge",
    "check_answer",
    "is_well_formed",
    "json_object",
    "service_of",
    "verdict",
    "xml_root",
]
