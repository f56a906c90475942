"""A copy's lines as the page showed them, before they are classified.

Copies reach us through e-mail and editors as well as straight from the browser: quoted
with `> ` (a forwarded message), or hard-wrapped at 72-80 columns, so that one line of the
page is cut into several. Each line's shape is only readable once those are undone:
`prepare_lines` removes a quote prefix that most lines carry and joins the lines of a
wrapped copy back into the page's lines, keeping each joined line's first line number
and noting what it did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bibnorm.sources.pages.line_shapes import Kind, classify

# `> `, `>> `, `> > `: an e-mail quote prefix.
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
# A quoted copy: this share of its non-blank lines carry the prefix.
_QUOTED_SHARE = 0.4
# A wrapped copy: no line longer than this, and enough lines at the wrap margin.
_MAX_WRAP_WIDTH = 100
_MIN_WRAP_WIDTH = 60
_MIN_MARGIN_LINES = 4
_MARGIN_SHARE = 0.2
# A line this close to the margin was wrapped there (the next word did not fit).
_MARGIN_SLACK = 15
# Lines that start a line of their own even after a line at the margin.
_NEW_LINE = re.compile(
    r"^(?:\s*(?:[•·▪◦‣-]|\d{1,4}\.)\s|(?:Abstract|Keywords?|PMID|PMCID|DOI|doi|Author information"
    r"|Affiliations|MeSH terms|Publication types|Substances|References|Similar articles"
    r"|Cited by|Comment in|Erratum in|Published in final edited form|Copyright|©)\b)"
)


# The shapes of a line's wrapped pieces: prose, and the names of a long author list.
_GOES_ON = frozenset({Kind.PROSE, Kind.AUTHORS})


def _goes_on(line: str, following: str) -> bool:
    start = following.strip()[:1]
    return not line.endswith((".", "!", "?", ":")) or (start.islower() or start.isdigit())


@dataclass
class PreparedLines:
    """The lines to classify, as (first line number, text), and what was undone."""

    lines: list[tuple[int, str]]
    notes: list[tuple[str, str, int]] = field(default_factory=list)


def prepare_lines(text: str) -> PreparedLines:
    raw = text.split("\n")
    lines = [(number, line.rstrip("\r")) for number, line in enumerate(raw, start=1)]
    prepared = PreparedLines(lines)
    _unquote(prepared)
    _unwrap(prepared)
    return prepared


def _unquote(prepared: PreparedLines) -> None:
    filled = [text for _, text in prepared.lines if text.strip()]
    quoted = [text for text in filled if _QUOTE.match(text)]
    if not filled or len(quoted) < _QUOTED_SHARE * len(filled):
        return
    first = next(number for number, text in prepared.lines if _QUOTE.match(text))
    prepared.lines = [(number, _QUOTE.sub("", text, count=1)) for number, text in prepared.lines]
    prepared.notes.append(
        ("unquoted", "the copy is quoted with `>`: the marks were removed", first)
    )


def _unwrap(prepared: PreparedLines) -> None:
    lengths = [len(text.rstrip()) for _, text in prepared.lines if text.strip()]
    if not lengths:
        return
    width = max(lengths)
    texts = [text.rstrip() for _, text in prepared.lines]
    margin = [
        at for at, text in enumerate(texts) if text.strip() and len(text) >= width - _MARGIN_SLACK
    ]
    # Wrapping cuts sentences: most lines at the margin end inside one, or the next line
    # goes on in lower case or with a number.
    cut = [at for at in margin if _goes_on(texts[at], texts[at + 1] if at + 1 < len(texts) else "")]
    if (
        not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH
        or len(margin) < max(_MIN_MARGIN_LINES, _MARGIN_SHARE * len(lengths))
        or len(cut) < len(margin) / 2
    ):
        return
    joined: list[tuple[int, str]] = []
    wrapped = False
    for number, text in prepared.lines:
        previous = joined[-1][1] if joined else ""
        if (
            joined
            and text.strip()
            and previous.strip()
            and len(previous.rstrip()) >= width - _MARGIN_SLACK
            and not _NEW_LINE.match(text)
            # Only prose is wrapped onto prose: site chrome, a heading or a record line
            # stands on a line of its own.
            and classify(text).kind in _GOES_ON
            and classify(previous).kind in _GOES_ON
            # A finished sentence at the margin, then a capital: a line of its own.
            and not (previous.rstrip().endswith((".", "?", "!")) and text.strip()[:1].isupper())
        ):
            joined[-1] = (joined[-1][0], f"{previous.rstrip()} {text.strip()}")
            wrapped = True
        else:
            joined.append((number, text))
    if wrapped:
        prepared.lines = joined
        prepared.notes.append(
            ("unwrapped", f"the copy is wrapped at {width} columns: its lines were joined", 1)
        )


__all__ = ["PreparedLines", "prepare_lines"]
