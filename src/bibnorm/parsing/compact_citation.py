"""PubMed's compact citation: one item of a page's "Similar articles" or "Cited by" list.

It comes in the shapes a PubMed page prints (each on one line once an item is joined):

    Title of the article.Lung Cancer. 2022 Apr;166:189-196. doi: 10.1016/x. Epub 2022 Mar 10.
    Lung Cancer. 2022. PMID: 35306320 Free PMC article. Review.         (a page dump)
    Title of the article. Li X, Wang Y, et al. Lung Cancer. 2022. PMID: 35306320 Free PMC
    article.                                                  (a copy of what the page shows)
    Lung Cancer. 2022 Apr;166:189-196. ... Lung Cancer. 2022. PMID: 35306320   (HTML docsum)

This module reads only what is particular to the compact form, and leaves the rest to the
pieces the reference parser (`parse_reference`) is made of:

- `PMID: N` and the flags after it (`Free PMC article. Review.`);
- the journal name PubMed repeats before the PMID, which says where the journal starts in
  the citation proper: titles and journal names both hold periods (`e.g.`, `Cancer Commun
  (Lond)`, `J. Transl. Med.`), so no period can be trusted as the boundary;
- the order title, authors, journal (a reference puts the authors first), the authors
  read by the parser's name reader (`names.read_people`);
- the title glued to the journal (`cancer.Lung Cancer`) when the repeat is missing;
- an item cut off mid-word, whose last locator part may be cut short.

Without a repeat, glue or author list (`Title. Journal. 2020;3:10. PMID: N`), title and
journal are told apart as the parser does it (`split_title_and_journal`), and reported as
guessed. The item is not handed to `parse_reference` whole: that reads a reference's
first words as its authors, and a compact item starts with its title (`Part II. ...`).

The citation proper after the journal (`2022 Apr;166:189-196. doi: ... Epub ...`) is
PubMed's own fixed citation format, the one it prints for the page's main article. It is
read by the same exact grammar the other PubMed sources use for it (`parse_locator`,
`parse_citation_notes`), not by `parse_reference`, which has to find the locator of an
unknown style by searching from the end and misreads some of PubMed's forms
(`2023 Feb 2:2023.02.01.23285301`, a preprint's date and e-locator, gives volume 2 and
no date).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bibnorm.model import Citation, Identifier, Person
from bibnorm.parsing.citation import (
    ParsedCitation,
    parse_citation_notes,
    split_sentences,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.dates import DATE_PATTERN
from bibnorm.parsing.locator import Locator, parse_locator
from bibnorm.parsing.names import read_people
from bibnorm.parsing.pages import page_fields
from bibnorm.parsing.reference import GUESS_BY_SHAPE, split_title_and_journal

GUESS_WITHOUT_REPEAT = (
    "no journal name repeated before a PMID: title and journal split at the last "
    "sentence end glued to a word"
)
GUESS_BY_SHAPE_WITHOUT_REPEAT = (
    "no journal name repeated before a PMID and no title glued to a journal: " + GUESS_BY_SHAPE
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
_BRACKET_NOTE = re.compile(r"\s*\[[^\]]*\]$")
# Where an author list may start: after a sentence end, glued or not.
_SENTENCE_START = re.compile(r"[.?!]\s?(?=\S)")
# A name with initials somewhere (`Li X`, `Rossi M,`): only then is an author list looked for.
_NAME_START = re.compile(r"[.?!]\s?[A-Z][^\s.]*(?:\s[a-z]+)*\s[A-Z]{1,3}[,.\s]")


def parse_compact_citation(text: str) -> ParsedCitation:
    """Read one "Similar articles" or "Cited by" item. Never raises; gives what is sure."""
    text = " ".join(text.split())
    if text.startswith("- "):
        text = text[2:]
    pmid_match = _last_pmid(text)
    body = text[: pmid_match.start()].rstrip() if pmid_match else text
    flags = tuple(split_sentences(text[pmid_match.end() :])) if pmid_match else ()
    title_part, people, citation_part = _split_authors(body)
    split = _split_by_repeat(citation_part)
    heuristic: frozenset[str] = frozenset()
    guess = None
    if split is None and people.people:
        # The author list ended the title: the journal is all that stands before the date.
        split = _split_at_date(citation_part)
    if split is None:
        title, journal, rest, guess = _split_by_guess(body)
        split = (title, journal, rest)
        heuristic = frozenset({"title", "container_title_short"})
    title, journal, rest = split
    if people.people:
        title = " ".join(part for part in (title_part, title) if part)
    parsed = _parse_source(rest, cut_off=pmid_match is None and not text.endswith("."))
    identifiers = list(parsed.identifiers)
    if pmid_match:
        identifiers.append(Identifier(scheme="pmid", value=pmid_match.group("pmid")))
    all_flags = parsed.flags + flags
    citation = Citation(
        # CSL has no preprint type; `article` is what CSL 1.0.2 says to use for one.
        type="article" if "Preprint" in all_flags else "article-journal",
        title=strip_final_period(title) or None if title else None,
        authors=people.people,
        et_al=people.et_al,
        container_title_short=journal or None,
        issued=parsed.locator.issued if parsed.locator else None,
        epub_date=parsed.epub_date,
        ecollection_year=parsed.ecollection_year,
        volume=parsed.locator.volume if parsed.locator else None,
        issue=parsed.locator.issue if parsed.locator else None,
        **page_fields(parsed.locator.pages if parsed.locator else None),
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
        guess=guess if heuristic else None,
        unparsed=parsed.unparsed,
        complete=pmid_match is not None,
    )


@dataclass(frozen=True)
class _People:
    people: tuple[Person, ...] = ()
    et_al: bool = False


def _split_authors(body: str) -> tuple[str, _People, str]:
    """`(title, authors, citation)` of `Title. Li X, Wang Y, et al. Lung Cancer. 2022.`;
    `("", no one, body)` when no author list follows a title.

    The authors are the first list of names, starting a sentence after the title, that is
    followed by a journal and a date.
    """
    if not _NAME_START.search(body):
        return "", _People(), body  # the page dump: no author list at all
    for match in _SENTENCE_START.finditer(body):
        start = match.end()
        found = read_people(body, start)
        if not found.people:
            continue
        after = body[found.end :]
        following = after.lstrip(" .")
        ends_sentence = after[:1] in (".", "") or body[found.end - 1] == "."
        if not ends_sentence or not _JOURNAL_END.search(". " + following):
            continue
        if not all(_as_pubmed_writes(person) for person in found.people):
            continue
        return body[: match.start() + 1], _People(found.people, found.et_al), following
    return "", _People(), body


def _as_pubmed_writes(person: Person) -> bool:
    """PubMed writes a name `Li X` (family first) or a group: `J. Transl.` is no author."""
    if person.family is None:
        return True
    return bool(person.raw and person.raw.startswith(person.family))


def _split_at_date(text: str) -> tuple[str, str, str] | None:
    """`("", journal, source)` of `Lung Cancer. 2022 Apr;166:189.` (no title before)."""
    date_match = _JOURNAL_END.search(text)
    if date_match is None:
        return None
    journal = text[: date_match.start()]
    note = _BRACKET_NOTE.search(journal)
    if note:
        # `medRxiv [Preprint]`: the note goes with the citation proper, as after a repeat.
        return (
            "",
            tidy_journal_abbreviation(journal[: note.start()]),
            note.group() + text[date_match.start() :],
        )
    return "", tidy_journal_abbreviation(journal), text[date_match.start() :]


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


def _split_by_guess(body: str) -> tuple[str, str, str, str]:
    """`(title, journal, source, guess)` when the journal repeat is missing.

    The journal is taken to end where a date starts a locator, and to begin after the
    last sentence end glued to a word; failing that, title and journal are told apart
    as the reference parser tells them apart, by the shape of journal names.
    """
    date_match = _JOURNAL_END.search(body)
    head = body[: date_match.start()] if date_match else body
    source = body[date_match.start() :] if date_match else ""
    glued = list(_GLUED_END.finditer(head))
    if glued:
        boundary = glued[-1].end()
    elif date_match:
        title, journal = split_title_and_journal(head)
        return title or "", journal or "", source, GUESS_BY_SHAPE_WITHOUT_REPEAT
    else:
        # Nothing but a title is left (a dump cut off inside the item).
        return body, "", "", GUESS_WITHOUT_REPEAT
    if not date_match:
        # The journal name may itself be cut off: keep only the title.
        return head[:boundary], "", "", GUESS_WITHOUT_REPEAT
    title, journal = head[:boundary], tidy_journal_abbreviation(head[boundary:])
    return title, journal, source, GUESS_WITHOUT_REPEAT


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
