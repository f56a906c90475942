"""Making XML and HTML parsers, and telling what libxml2 dropped, in one place.

Every parser bibnorm makes comes from here, with the same secure settings: no entity
is resolved, no DTD is loaded, nothing is fetched from the network. Their limits are
libxml2's defaults (`huge_tree` off) on purpose: a text node over 10 MB or elements
nested over 256 deep is not a bibliographic record, and with the limits on libxml2
stops there and says so, where `huge_tree` would let a hostile file take all memory.
Online answers are the one exception (see `bibnorm.online.payloads`).

libxml2 reports a limit in its error log; a parser in recover mode (the HTML parser is
always one) then returns the tree read so far as if it were whole. `lost_input` finds
the log entries that mean input was dropped, so that callers turn them into
diagnostics instead of writing a record that silently lacks half its fields. Harmless
recoveries (an unclosed `<p>`, a stray end tag) are not data lost, and stay quiet.

libxml2's HTML parser checks a tag's attributes for duplicates pairwise: one tag with
100,000 attributes takes over 10 s, a million far longer, in C code no time limit can
interrupt. `refuse_attribute_floods` is a linear scan run before such a parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from bibnorm.errors import InputError
from bibnorm.model import Diagnostic

# Far above any real page (PubMed's busiest tags carry about 20 attributes), far below
# where libxml2's pairwise check costs anything (20,000 take 0.35 s).
MAX_ATTRIBUTES = 1000
# The last part of a diagnostic code that says input was dropped by the parser.
PARSER_LIMIT = "parser-limit"

# One attribute as a parser sees it: white space, a name, and an optional value. No `<`
# outside quotes, so a scan tried at a `<` inside a value stops at the next one.
_ONE_ATTRIBUTE = r"""\s+[^\s=<>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>"']*))?"""
# A start tag followed by more than MAX_ATTRIBUTES attributes. Matched with one regular
# expression (C code), tried at each `<name`: a normal tag fails after its few
# attributes, so the scan is linear in the input.
_FLOOD_TEXT = re.compile(
    rf"<[A-Za-z_:][-\w.:]*(?:{_ONE_ATTRIBUTE}){{{MAX_ATTRIBUTES + 1}}}", re.ASCII
)
_FLOOD_BYTES = re.compile(_FLOOD_TEXT.pattern.encode("ascii"), re.ASCII)


def html_parser() -> etree.HTMLParser:
    """An HTML parser that reads nothing a page names, and keeps libxml2's limits."""
    return lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )


def xml_parser(*, huge_tree: bool = False) -> etree.XMLParser:
    """An XML parser that resolves no entity and loads no DTD: an XML file cannot make
    us read a file or a URL, nor blow up in memory through nested entities."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=huge_tree,
        recover=False,
    )


def pull_parser(events: Sequence[str], tags: Iterable[str]) -> etree.XMLPullParser:
    """`xml_parser`'s settings for the feeding side of `iterparse`.

    No attribute pre-scan is needed here: libxml2's XML parser (unlike its HTML one)
    checks duplicate attributes through a hash table, and 100,000 attributes on one tag
    parse in 0.02 s.
    """
    return etree.XMLPullParser(
        events=tuple(events),
        tag=tuple(tags),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=False,
    )


def refuse_attribute_floods(data: str | bytes, file: str) -> None:
    """Raise `InputError` naming `file` and the line when a tag in `data` has more than
    `MAX_ATTRIBUTES` attributes (linear in `data`; nothing is parsed)."""
    if isinstance(data, str):
        text_match = _FLOOD_TEXT.search(data)
        line = data.count("\n", 0, text_match.start()) + 1 if text_match else None
    else:
        bytes_match = _FLOOD_BYTES.search(data)
        line = data.count(b"\n", 0, bytes_match.start()) + 1 if bytes_match else None
    if line is not None:
        raise InputError(
            f"a tag with more than {MAX_ATTRIBUTES:,} attributes: refused, as the HTML "
            "parser's time grows with the square of their number",
            file=file,
            line=line,
        )


@dataclass(frozen=True)
class LostInput:
    """One report of libxml2 that it stopped reading, with its line and its words."""

    line: int
    message: str


def lost_input(error_log: Any) -> list[LostInput]:
    """The entries of a parser's `error_log` that mean input was dropped: a limit met
    (depth, a huge text node) or any fatal error, after which libxml2 reads no further."""
    lost: list[LostInput] = []
    for entry in error_log:
        if entry.level == etree.ErrorLevels.FATAL or entry.type_name == "ERR_RESOURCE_LIMIT":
            lost.append(LostInput(line=entry.line or 1, message=entry.message.strip()))
    return lost


def lost_input_diagnostics(
    lost: Sequence[LostInput], code: str, kind: str
) -> tuple[Diagnostic, ...]:
    """An error diagnostic (`CODE.parser-limit`) for each place libxml2 stopped reading."""
    return tuple(
        Diagnostic(
            code=f"{code}.{PARSER_LIMIT}",
            message=f"the {kind} parser stopped reading at line {entry.line} ({entry.message}): "
            "the rest of the input is not in this record",
            severity="error",
            line=entry.line,
        )
        for entry in lost
    )


def is_parser_limit(diagnostic: Diagnostic) -> bool:
    """Whether `diagnostic` says a parser dropped input (the record is incomplete)."""
    return diagnostic.code.rsplit(".", 1)[-1] == PARSER_LIMIT


__all__ = [
    "MAX_ATTRIBUTES",
    "PARSER_LIMIT",
    "LostInput",
    "html_parser",
    "is_parser_limit",
    "lost_input",
    "lost_input_diagnostics",
    "pull_parser",
    "refuse_attribute_floods",
    "xml_parser",
]
