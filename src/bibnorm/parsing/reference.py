"""The reference strings of a PubMed page's "References" list (Vancouver style).

    - Botticelli A., Salati M., Di Pietro F.R., et al. Title of the paper. J. Transl. Med.
      2019;17:99. doi: 10.1186/s12967-019-1847-x. - DOI - PMC - PubMed

(one line on the page). Authors are `Family I.` (or `Family IJ`), the list may end with
`et al.`; the title and the journal are told apart by the journal's shape (short
capitalised, usually abbreviated words) since nothing else marks the boundary, so both
are reported as guessed.
"""

from __future__ import annotations

import re

from bibnorm.model import Citation, Person
from bibnorm.parsing.citation import (
    ParsedCitation,
    parse_citation_notes,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.dates import DATE_PATTERN
from bibnorm.parsing.locator import Locator, parse_locator

GUESS_BY_SHAPE = "title/journal boundary guessed from the shape of journal abbreviations"
# The link labels PubMed appends: ` - DOI - PMC - PubMed`.
_LINK_SEPARATOR = re.compile(r"\s+-\s+")
_LINK_LABEL = re.compile(r"[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}")
_INITIAL = r"[A-ZÀ-Þ][a-z]?\."
_AUTHOR = re.compile(
    rf"(?P<family>[^\s,.;:()][^,.;:()]*?)\s+"
    rf"(?P<initials>(?:{_INITIAL}(?:-(?=[A-ZÀ-Þ]))?)+|[A-ZÀ-Þ]{{1,4}}(?=[,.\s]|$))"
)
_ET_AL = re.compile(r",?\s*et al\.?")
# Lower-case words that belong to a family name (`van der Berg`, `Di Pietro` is capitalised).
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "dei", "di", "da", "das", "do", "dos"}
    | {"du", "la", "le", "ter", "ten", "y", "bin", "ibn", "al", "el"}
)
_MAX_FAMILY_WORDS = 4
# A locator candidate: a date after a space, followed by what may follow a date there.
_LOCATOR_START = re.compile(rf"\s(?={DATE_PATTERN}(?:[;:(]|\.(?:\s|$)|$))")
_PIECE_END = re.compile(r"(?<=[.?!])\s+")
_MAX_JOURNAL_PIECE_WORDS = 3
_JOINING_WORDS = frozenset({"&", "and", "of", "the", "in", "de", "y", "für"})


def parse_reference(text: str) -> ParsedCitation:
    """Read one reference string. Never raises; gives what is sure."""
    text = " ".join(text.split())
    text = text.removeprefix("- ")
    text, links = split_link_labels(text)
    authors, et_al, rest = parse_author_list(text)
    position, locator = _find_locator(rest)
    if locator is None:
        citation = Citation(
            type="article-journal",
            title=strip_final_period(rest) or None,
            authors=authors,
            et_al=et_al,
            links=links,
            raw=text,
        )
        return ParsedCitation(
            citation=citation,
            heuristic=frozenset({"title"}),
            guess="no date found: all text after the authors taken as the title",
            complete=False,
        )
    title, journal = split_title_and_journal(rest[:position])
    notes = parse_citation_notes(locator.rest)
    citation = Citation(
        type="article-journal",
        title=title,
        authors=authors,
        et_al=et_al,
        container_title_short=journal,
        issued=locator.issued,
        volume=locator.volume,
        issue=locator.issue,
        pages=locator.pages,
        article_number=locator.article_number,
        epub_date=notes.epub_date,
        ecollection_year=notes.ecollection_year,
        identifiers=notes.identifiers,
        flags=notes.flags,
        links=links,
        raw=text,
    )
    guessed = {
        name for name, value in (("title", title), ("container_title_short", journal)) if value
    }
    return ParsedCitation(
        citation=citation,
        heuristic=frozenset(guessed),
        guess=GUESS_BY_SHAPE if guessed else None,
        unparsed=notes.unparsed,
    )


def split_link_labels(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` without its trailing ` - DOI - PMC - PubMed` labels, and the labels in order."""
    # One pass over the separators, from the end: a long run of labels stays linear.
    end = len(text.rstrip())
    labels: list[str] = []
    for separator in reversed(list(_LINK_SEPARATOR.finditer(text))):
        label = text[separator.end() : end].strip()
        if not _LINK_LABEL.fullmatch(label):
            break
        labels.append(label)
        end = separator.start()
    return text[:end].strip(), tuple(reversed(labels))


def parse_author_list(text: str) -> tuple[tuple[Person, ...], bool, str]:
    """`(authors, et_al, rest)` for a text that starts with `Family I., Family I.J., et al.`.

    Authors get `family` and `initials` (dotted: `A.`, `F.R.`, `S.-I.`); `given` stays None
    because only initials are shown. A text that starts with no author gives no author.
    """
    authors: list[Person] = []
    position = 0
    while True:
        match = _AUTHOR.match(text, position)
        if match is None or not _looks_like_family(match.group("family")):
            break
        authors.append(
            Person(
                family=match.group("family").strip(),
                initials=dotted_initials(match.group("initials")),
                raw=match.group(0).strip(),
            )
        )
        position = match.end()
        if not text.startswith(", ", position) or _ET_AL.match(text, position):
            break
        position += 2
    et_al_match = _ET_AL.match(text, position) if authors else None
    if et_al_match:
        position = et_al_match.end()
    return tuple(authors), et_al_match is not None, text[position:].lstrip(" .")


def dotted_initials(initials: str) -> str:
    """`JA` as `J.A.`; dotted initials (`F.R.`, `S.-I.`) are kept as written."""
    initials = initials.replace(" ", "")
    if "." in initials:
        return initials
    return "".join(f"{letter}." for letter in initials)


def split_title_and_journal(text: str) -> tuple[str | None, str | None]:
    """`(title, journal)` for `Title of the paper. J. Transl. Med.`.

    The journal is the last sentence piece and the pieces before it that look like parts
    of a journal name (a few capitalised words: `J.`, `Cancer Immunol.`); the rest is the
    title. One piece alone is taken as the journal only if it has that shape.
    """
    pieces = [piece for piece in _PIECE_END.split(text.strip()) if piece]
    if not pieces:
        return None, None
    first_journal_piece = len(pieces)
    while first_journal_piece > 0 and _looks_like_journal_piece(pieces[first_journal_piece - 1]):
        first_journal_piece -= 1
    if first_journal_piece == 0 and len(pieces) > 1:
        first_journal_piece = 1
    if first_journal_piece == len(pieces) and len(pieces) > 1:
        # The last piece is no journal by shape; it is still the best guess there is.
        first_journal_piece = len(pieces) - 1
    title = strip_final_period(" ".join(pieces[:first_journal_piece])) or None
    journal = tidy_journal_abbreviation(" ".join(pieces[first_journal_piece:])) or None
    return title, journal


def _looks_like_journal_piece(piece: str) -> bool:
    if piece.endswith(("?", "!")):
        return False
    words = piece.rstrip(".").split()
    if not words or len(words) > _MAX_JOURNAL_PIECE_WORDS:
        return False
    return all(word[0].isupper() or word in _JOINING_WORDS for word in words)


def _looks_like_family(family: str) -> bool:
    words = family.split()
    if not words or len(words) > _MAX_FAMILY_WORDS:
        return False
    return all(_looks_like_name_word(word) for word in words) and words[-1][0].isupper()


def _looks_like_name_word(word: str) -> bool:
    if word in PARTICLES:
        return True
    # `d'Alessandro`, `O'Brien`: judge the name after the elided article.
    name = word.split("'")[-1] or word
    return name[0].isupper() and not any(ch.isdigit() for ch in name)


def _find_locator(text: str) -> tuple[int, Locator | None]:
    """Where the locator (`2019;17:99`) starts in `text`, and the locator.

    A title may hold a year (`... in 2019.`), so a candidate that carries a volume or pages
    is preferred to one that is a bare date.
    """
    bare: tuple[int, Locator] | None = None
    for match in _LOCATOR_START.finditer(text):
        locator = parse_locator(text[match.end() :])
        if locator is None:
            continue
        if locator.volume or locator.pages or locator.article_number or locator.issue:
            return match.start(), locator
        if bare is None and text[: match.start()].endswith("."):
            bare = match.start(), locator
    return bare if bare else (len(text), None)
