"""What the citation parsers return, and the notes that follow a locator (`doi: ...`, `Epub ...`).

The parsers give a plain `Citation` (no provenance: the adapter knows the file and lines)
together with the names of the fields they had to guess and the parts of the text they
could not place, so the caller can report both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibnorm.model import Citation, DateParts, Identifier, fast_init
from bibnorm.parsing.dates import parse_pubmed_date

# A sentence break inside a citation: a period and a space. DOIs hold periods but no
# spaces, so they stay whole.
SENTENCE_BREAK = re.compile(r"\.\s+")
# Status notes PubMed prints among the locator notes rather than among the flags.
STATUS_NOTES = ("Epub ahead of print", "Online ahead of print")


# Built for every reference string: the model's fast constructor (see `fast_init`).
@fast_init
@dataclass(frozen=True, kw_only=True)
class ParsedCitation:
    """A citation read from text, with what the reader should know about the reading.

    `heuristic` names the fields found by a guess rather than an exact rule and
    `guess` says what the guess was; `unparsed` holds the pieces of text no rule placed;
    `complete` is False when the text stops before the part that ends a well-formed item
    (a cut-off dump, say).
    """

    citation: Citation
    heuristic: frozenset[str] = frozenset()
    guess: str | None = None
    unparsed: tuple[str, ...] = ()
    complete: bool = True


@fast_init
@dataclass(frozen=True, kw_only=True)
class CitationNotes:
    """The notes after a locator: identifiers, electronic dates, status notes."""

    identifiers: tuple[Identifier, ...] = ()
    epub_date: DateParts | None = None
    ecollection_year: int | None = None
    flags: tuple[str, ...] = ()
    unparsed: tuple[str, ...] = ()


def parse_citation_notes(text: str) -> CitationNotes:
    """Read `doi: 10.1/x. Epub 2022 Mar 10. eCollection 2021.` and the like."""
    identifiers: list[Identifier] = []
    epub_date: DateParts | None = None
    ecollection_year: int | None = None
    flags: list[str] = []
    unparsed: list[str] = []
    for note in split_sentences(text):
        identifier = _identifier_note(note)
        if identifier is not None:
            identifiers.append(identifier)
        elif note in STATUS_NOTES:
            flags.append(note)
        elif (date := _dated_note("Epub", note)) is not None:
            epub_date = date
        elif (date := _dated_note("eCollection", note)) is not None:
            ecollection_year = date.year
        else:
            unparsed.append(note)
    return CitationNotes(
        identifiers=tuple(identifiers),
        epub_date=epub_date,
        ecollection_year=ecollection_year,
        flags=tuple(flags),
        unparsed=tuple(unparsed),
    )


def split_sentences(text: str) -> list[str]:
    """`text` cut at each period-and-space, pieces stripped, the last one's period too."""
    pieces = (piece.strip() for piece in SENTENCE_BREAK.split(text.strip()))
    return [piece.rstrip(".").strip() for piece in pieces if piece.rstrip(".").strip()]


def strip_final_period(text: str) -> str:
    """`text` without one final period (an ellipsis is kept whole)."""
    text = text.strip()
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def is_no_title(text: str) -> bool:
    """True for PubMed's stand-in for a missing English title, `[Not Available].`"""
    return strip_final_period(text).strip().lower() in {"[not available]", "not available"}


# An abbreviation dot inside a journal name: `J. Transl. Med`.
_DOTTED_WORD = re.compile(r"\.\s")


def tidy_journal_abbreviation(journal: str) -> str:
    """A journal abbreviation with the final period only dotted abbreviations take.

    `J. Transl. Med` and `J. Transl. Med.` give `J. Transl. Med.`; `PLoS ONE.` gives
    `PLoS ONE`: a name written without abbreviation dots ends without one.
    """
    journal = journal.strip()
    if _DOTTED_WORD.search(journal):
        # (Not after a qualifier in brackets: `Acta Physiol. (Oxf)`.)
        return journal if journal.endswith((".", ")")) else journal + "."
    return journal.removesuffix(".").rstrip()


_IDENTIFIER_NOTE = re.compile(r"(?i)(?P<scheme>doi|pmcid|pmid):\s*(?P<value>\S+)")


def _identifier_note(note: str) -> Identifier | None:
    match = _IDENTIFIER_NOTE.fullmatch(note)
    if match is None:
        return None
    return Identifier(scheme=match.group("scheme").lower(), value=match.group("value").rstrip("."))


def _dated_note(keyword: str, note: str) -> DateParts | None:
    if not note.startswith(keyword + " "):
        return None
    return parse_pubmed_date(note[len(keyword) + 1 :])
