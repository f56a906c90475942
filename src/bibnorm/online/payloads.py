"""What a usable answer looks like, so that nothing else is ever cached or believed.

A service that is having a bad day may answer 200 with an HTML error page, an empty
body or XML cut short. `is_well_formed` is the cache's filter (only answers that pass
are stored) and `xml_root` / `json_object` are what the clients read answers with,
failing with `BadAnswer` on anything else.
"""

from __future__ import annotations

import json
from typing import Any

import requests
from lxml import etree

from bibnorm.online.errors import BadAnswer

# Secure by default: no entities, no DTD loading, no network.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False
)
_HTML_STARTS = (b"<!doctype html", b"<html")


def is_well_formed(response: requests.Response) -> bool:
    """Whether `response` is a successful, whole JSON or XML answer (the cache's filter)."""
    if response.status_code != 200:
        return False
    try:
        _check(response.content, response.headers.get("Content-Type", ""))
    except BadAnswer:
        return False
    return True


def xml_root(service: str, content: bytes, expected: tuple[str, ...]) -> Any:
    """The root element of an XML answer, which must be one of `expected`."""
    _check_not_html(service, content)
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadAnswer(service, f"the answer is not whole XML ({exc})") from None
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


def _check(content: bytes, content_type: str) -> None:
    head = content.lstrip()[:1]
    if head in (b"{", b"[") or "json" in content_type:
        json_object("answer", content)
    elif head == b"<":
        _check_not_html("answer", content)
        try:
            etree.fromstring(content, _PARSER)
        except etree.XMLSyntaxError:
            raise BadAnswer("answer", "not whole XML") from None
    else:
        raise BadAnswer("answer", "neither JSON nor XML")


def _check_not_html(service: str, content: bytes) -> None:
    if not content.strip():
        raise BadAnswer(service, "the answer is empty")
    if content.lstrip()[:14].lower().startswith(_HTML_STARTS):
        raise BadAnswer(service, "the service answered with an HTML page, not data")


__all__ = ["is_well_formed", "json_object", "xml_root"]
