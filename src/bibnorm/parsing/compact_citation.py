"""PubMed's compact citation: one item of a page's "Similar articles" or "Cited by" list.

PubMed glues the title to the journal and repeats the journal before the PMID:

    Title of the article.Lung Cancer. 2022 Apr;166:189-196. doi: 10.1016/x. Epub 2022 Mar 10.
    Lung Cancer. 2022. PMID: 35306320 Free PMC article. Review.

(one line on the page). Titles and journal names may both hold periods (`e.g.`,
`Cancer Commun (Lond)`, `J. Transl. Med.`), so no period can be trusted as the boundary;
the repeated journal name can: it is found again where the journal starts. Without the
repeat (a cut-off item) the boundary is guessed and the guessed fields are reported.
"""

from __future__ import annotations

import dataclasses
import re

from bibnorm.model import Citation, Identifier
from bibnorm.parsing.citation import (
    ParsedCitation,
    parse_citation_notes,
    split_sentences,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.dates import DATE_PATTERN
from bibnorm.parsing.locator import Locator, parse_locator

GUESS_WITHOUT_REPEAT = (
    "no journal name repeated before a PMID: title and journal split at the last "
    "sentence end glued to a word"
)
_PMID = re.compile(r"PMID:\s*(?P<pmid>\d+)")
# The end of the journal repeat: `. 2022.` right before `PMID:`.
_REPEAT_YEAR = re.compile(r"\.\s+(?P<year>\d{4})\.?\s*$")
# What follows a journal name where the citation proper starts: an optional bracketed
# note (`medRxiv [Preprint]`), a period, and the year.
_AFTER_JOURNAL = re.compile(r"(?:\s*\[[^\]]*\])?\.\s+(?=\d{4})")
# A journal name followed by a date and the rest of a locator, for when no repeat exists.
_JOURNAL_END = re.compile(rf"\.\s+(?={DATE_PATTERN}(?:[;:]|\.\s|\.?$))")
# A sentence end glued to the next word (`cancer.Lung`): how PubMed joins title to journal.
_GLUED_END = re.compile(r"[.?!](?=[^\s.,;:)\]\d])")


def parse_compact_citation(text: str) -> ParsedCitation:
    """Read one "Similar articles" or "Cited by" item. Never raises; gives what is sure."""
    text = " ".join(text.split())
    if text.startswith("- "):
        text = text[2:]
    pmid_match = _last_pmid(text)
    body = text[: pmid_match.start()].rstrip() if pmid_match else text
    flags = tuple(split_sentences(text[pmid_match.end() :])) if pmid_match else ()
    split = _split_by_repeat(body)
    heuristic: frozenset[str] = frozenset()
    if split is None:
        split = _split_by_guess(body)
        heuristic = frozenset({"title", "container_title_short"})
    title, journal, rest = split
    parsed = _parse_source(rest, cut_off=pmid_match is None and not text.endswith("."))
    identifiers = list(parsed.identifiers)
    if pmid_match:
        identifiers.append(Identifier(scheme="pmid", value=pmid_match.group("pmid")))
    all_flags = parsed.flags + flags
    citation = Citation(
        # CSL has no preprint type; `article` is what CSL 1.0.2 says to use for one.
        type="article" if "Preprint" in all_flags else "article-journal",
        title=strip_final_period(title) or None if title else None,
        container_title_short=journal or None,
        issued=parsed.locator.issued if parsed.locator else None,
        epub_date=parsed.epub_date,
        ecollection_year=parsed.ecollection_year,
        volume=parsed.locator.volume if parsed.locator else None,
        issue=parsed.locator.issue if parsed.locator else None,
        pages=parsed.locator.pages if parsed.locator else None,
        article_number=parsed.locator.article_number if parsed.locator else None,
        identifiers=tuple(identifiers),
        flags=all_flags,
        raw=text,
    )
    if not journal:
        heuristic = heuristic - {"container_title_short"}
    return ParsedCitation(
        citation=citation,
        heuristic=heuristic if title or journal else frozenset(),
        guess=GUESS_WITHOUT_REPEAT if heuristic else None,
        unparsed=parsed.unparsed,
        complete=pmid_match is not None,
    )


def _last_pmid(text: str) -> re.Match[str] | None:
    matches = list(_PMID.finditer(text))
    return matches[-1] if matches else None


def _split_by_repeat(body: str) -> tuple[str, str, str] | None:
    """`(title, journal, source)` found through the journal name repeated before the PMID.

    The repeat is the longest run of sentences at the end of `body` (before `. 2022.`)
    that also starts the citation proper earlier on, right after the title.
    """
    year_match = _REPEAT_YEAR.search(body)
    if year_match is None:
        return None
    before_repeat = body[: year_match.start()]
    for start in _sentence_starts(before_repeat):
        journal = before_repeat[start:]
        found = _find_journal_start(body[:start], journal)
        if found is not None:
            source = body[found + len(journal) : start]
            return body[:found], tidy_journal_abbreviation(journal), source
    return None


def _sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` starts, the earliest (longest tail) first."""
    starts = [match.end() for match in re.finditer(r"\.\s+", text)]
    return [start for start in starts if start < len(text)]


def _find_journal_start(text: str, journal: str) -> int | None:
    """The first place `journal` starts a citation proper in `text` (name, period, year)."""
    position = text.find(journal)
    while position != -1:
        if _AFTER_JOURNAL.match(text, position + len(journal)):
            return position
        position = text.find(journal, position + 1)
    return None


def _split_by_guess(body: str) -> tuple[str, str, str]:
    """`(title, journal, source)` when the journal repeat is missing.

    The journal is taken to end where a date starts a locator, and to begin after the
    last sentence end glued to a word (or, failing that, after the last period).
    """
    date_match = _JOURNAL_END.search(body)
    head = body[: date_match.start()] if date_match else body
    source = body[date_match.start() :] if date_match else ""
    glued = list(_GLUED_END.finditer(head))
    if glued:
        boundary = glued[-1].end()
    elif date_match:
        breaks = list(re.finditer(r"[.?!]\s+", head))
        boundary = breaks[-1].end() if breaks else 0
    else:
        # Nothing but a title is left (a dump cut off inside the item).
        return body, "", ""
    if not date_match:
        # The journal name may itself be cut off: keep only the title.
        return head[:boundary], "", ""
    return head[:boundary], tidy_journal_abbreviation(head[boundary:]), source


class _Source:
    """The citation proper after the journal name: locator and notes."""

    def __init__(self, locator: Locator | None, notes_text: str) -> None:
        notes = parse_citation_notes(notes_text)
        self.locator = locator
        self.identifiers = notes.identifiers
        self.epub_date = notes.epub_date
        self.ecollection_year = notes.ecollection_year
        self.flags = notes.flags
        self.unparsed = notes.unparsed


def _parse_source(source: str, *, cut_off: bool) -> _Source:
    """Read the locator and notes; `cut_off` says the text stops mid-word, so the last
    part of a locator it ends in may be cut short (`71(1):1` of `71(1):1050-1056`)."""
    source = re.sub(r"^\s*\[[^\]]*\]", "", source)  # `[Preprint]`, `[Internet]` notes
    source = source.lstrip(" .")
    locator = parse_locator(source)
    if locator is not None and cut_off and not locator.rest:
        locator = _drop_last_part(locator)
    return _Source(locator, locator.rest if locator else source)


def _drop_last_part(locator: Locator) -> Locator:
    if locator.pages or locator.article_number:
        return dataclasses.replace(locator, pages=None, article_number=None)
    if locator.issue:
        return dataclasses.replace(locator, issue=None)
    return dataclasses.replace(locator, volume=None)
