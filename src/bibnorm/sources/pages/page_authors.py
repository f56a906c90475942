"""The people on a copied page: the author line under the title (markers, degrees,
roles, groups), PMC's author pop-ups copied as `Find articles by` lines, affiliations and
author notes keyed by markers, and PMC's article notes (`Received ...; Accepted ...`,
the copyright line).
"""

from __future__ import annotations

import dataclasses
import re

from bibnorm.model import (
    HistoryDate,
    Person,
)
from bibnorm.parsing.dates import read_printed_date
from bibnorm.sources.pages.author_lines import INITIALS, letter_key
from bibnorm.sources.pages.builder import PageBuilder
from bibnorm.sources.pages.line_shapes import (
    Author,
    Kind,
    author_list_cut,
    read_authors,
)
from bibnorm.sources.pages.line_shapes import (
    ShapedLine as Line,
)


def read_byline(content: list[Line], builder: PageBuilder, title_at: int | None) -> None:
    """The author line under the title (right under it, a plain list of names is taken
    too), else the first author of an `et al.` line."""
    if title_at is not None:
        # Site chrome between the title and the byline (a reader view's site name and
        # reading time) is passed over.
        below = [line for line in content[title_at + 1 :] if line.shape.kind is not Kind.CHROME]
        for at, line in enumerate(below[:3]):
            authors = line.shape.authors if line.shape.kind is Kind.AUTHORS else None
            if at == 0 and line.shape.kind is Kind.PROSE and line.number not in builder.claimed:
                authors = read_authors(line.shape.text, unmarked=True)
            if authors:
                builder.claim(line)
                builder.set_field("authors", tuple(person_of(a) for a in authors), line)
                if author_list_cut(line.shape.text):
                    builder.set_field("et_al", True, line)  # `Lee A, Kim B ...`
                return
            if line.shape.kind not in {Kind.IDS, Kind.HEADING} or (
                line.shape.text.casefold() == "abstract"
            ):
                break
    if "authors" in builder.values:
        return
    if _authors_from_find_links(content, builder):
        return
    et_al = next((line for line in content if line.shape.kind is Kind.ET_AL), None)
    if et_al is not None and et_al.shape.authors:
        builder.set_field("authors", (person_of(et_al.shape.authors[0]),), et_al)
        builder.set_field("et_al", True, et_al)


_FIND_ARTICLES = re.compile(r"^Find articles by (?P<name>\S.{0,80})$")


_MARKERS_THEN_NAME = re.compile(r"^[\d,*†‡#✉\s]+(?:,\s*(?P<name>\S.*))?$")


def _authors_from_find_links(content: list[Line], builder: PageBuilder) -> bool:
    """PMC's author pop-ups, copied: each author's name (shown twice), affiliations and a
    `Find articles by <name>` line, the markers run into the next name (`1, Avi Lee`).
    The `Find articles by` lines give the authors in order; the lines between an
    author's name and its link give its affiliations."""
    links = [
        (at, match.group("name").strip())
        for at, line in enumerate(content)
        if (match := _FIND_ARTICLES.match(line.shape.text))
    ]
    if not links:
        return False
    names = list(dict.fromkeys(name for _, name in links))
    people: list[Person] = []
    used: list[Line] = []
    previous = 0
    for at, name in links:
        if name not in names:
            continue
        names.remove(name)
        author = _person_named(name)
        if author is None:
            return False
        block = content[previous:at]
        affiliations = []
        for line in block:
            text = line.shape.text
            if line.number in builder.claimed:
                continue
            markers = _MARKERS_THEN_NAME.match(text)
            if text == name or (markers and (markers.group("name") or "") in {name, ""}):
                used.append(line)
            elif (affiliation := _MARKED_LINE.match(text)) and affiliation.group("key").isdigit():
                affiliations.append(affiliation.group("text"))
                used.append(line)
            elif markers is not None:
                used.append(line)
        people.append(dataclasses.replace(author, affiliations=tuple(affiliations)))
        used.append(content[at])
        previous = at + 1
    builder.claim(*used)
    builder.set_field("authors", tuple(people), *used)
    return True


def _person_named(name: str) -> Person | None:
    found = read_authors(name, unmarked=True)
    return person_of(found[0]) if found and len(found) == 1 else None


def person_of(author: Author) -> Person:
    """A page's author as a person: PubMed's `Lee AB` gives initials, PMC's `Ann Lee` a name."""
    if author.group:
        return Person(literal=author.name, raw=author.name)
    given = author.given
    if given is not None and INITIALS.fullmatch(given):
        return Person(family=author.family, initials=given, suffix=author.suffix, raw=author.name)
    return Person(
        family=author.family,
        given=given,
        suffix=author.suffix,
        corresponding=any(mark in author.markers for mark in "*✉"),
        raw=author.name,
    )


# Under the authors, PMC lists their affiliations by marker (`1 Sample Centre, Madrid`,
# `1Sample Centre`) and notes by symbol (`# Contributed equally.`, `* Correspondence: ...`).
_MARKED_LINE = re.compile(
    r"^(?P<key>\d{1,3}|[*†‡§¶#✉]|[a-h](?=[A-Z]))\s*(?P<text>\S.*)$"  # `aUniversity of ...`
)


_EQUAL = re.compile(r"(?i)\b(?:contributed equally|equal(?:ly)? contribut|joint first)")


_CORRESPONDING = re.compile(r"(?i)\bcorrespond")


def read_author_notes(content: list[Line], builder: PageBuilder) -> None:
    """Affiliations and author notes keyed by the markers the author line shows, between
    the author line and the abstract; each author gets the affiliations of its markers."""
    authors: tuple[Person, ...] = builder.values.get("authors", ())
    source = next((f.span.start for f in builder.fields if f.field == "authors" and f.span), None)
    if not authors or source is None:
        return
    markers = _author_markers(content, source)
    if not any(markers):
        return
    start = next(i for i, line in enumerate(content) if line.number == source)
    affiliations: dict[str, str] = {}
    notes: list[tuple[str, str]] = []
    used: list[Line] = []
    for line in content[start + 1 :]:
        if line.shape.kind is Kind.HEADING and line.shape.text.casefold() == "abstract":
            break
        if line.number in builder.claimed or line.shape.kind is Kind.CHROME:
            continue
        match = _MARKED_LINE.match(line.shape.text)
        if match is None:
            continue
        key, text = match.group("key"), match.group("text")
        if key.islower():
            key = str(letter_key(key))
        if key.isdigit():
            affiliations.setdefault(key, text)
        else:
            notes.append((key, line.shape.text))
        used.append(line)
    if not used:
        return
    people = []
    for person, marks in zip(authors, markers, strict=False):
        keys = [k for k in re.split(r"[,\s]+", marks) if k]
        person = dataclasses.replace(
            person,
            affiliations=tuple(affiliations[k] for k in keys if k in affiliations),
            equal_contribution=person.equal_contribution
            or any(k == key and _EQUAL.search(text) for key, text in notes for k in keys),
            corresponding=person.corresponding
            or any(k == key and _CORRESPONDING.search(text) for key, text in notes for k in keys),
        )
        people.append(person)
    people.extend(authors[len(people) :])
    builder.claim(*used)
    builder.set_field("authors", tuple(people), content[start])
    extra = builder.values.get("extra", ())
    builder.set_field("extra", (*extra, *(("author_note", text) for _, text in notes)), *used)


def _author_markers(content: list[Line], number: int) -> list[str]:
    """The markers of each author on the author line at line `number`."""
    line = next(line for line in content if line.number == number)
    if line.shape.kind is Kind.AUTHORS:
        return [author.markers for author in line.shape.authors]
    found = read_authors(line.shape.text, unmarked=True) or ()
    return [author.markers for author in found]


# `Received 2009 Feb 12; Accepted 2009 Aug 7; Collection date 2009.` (PMC's article notes).
_HISTORY = re.compile(
    r"(?i)^(?:(?:received|revised|accepted|published|collection date)\b[^;]*(?:;\s*|\.?$))+$"
)


_HISTORY_PART = re.compile(
    r"(?i)(?P<status>received|revised|accepted|published|collection date)"
    r":?\s+(?P<date>[^;]+?)\.?\s*(?:;|$)"
)


_COPYRIGHT = re.compile(r"(?i)^(?:copyright\b|©|\(c\)\s*\d{4})")


def read_article_notes(content: list[Line], builder: PageBuilder) -> None:
    """PMC's `Received ...; Accepted ...` line as the history, and a copyright line (before
    the abstract) as `extra`."""
    history: list[HistoryDate] = []
    for line in content:
        if line.shape.kind is Kind.HEADING and line.shape.text.casefold() == "abstract":
            break
        if line.number in builder.claimed or line.shape.kind is not Kind.PROSE:
            continue
        text = line.shape.text
        if _HISTORY.match(text) and not history:
            for part in _HISTORY_PART.finditer(text):
                date = read_printed_date(part.group("date")).date
                if date is not None:
                    history.append(HistoryDate(status=part.group("status").lower(), date=date))
            if history:
                builder.claim(line)
                builder.set_field("history", tuple(history), line)
        elif _COPYRIGHT.match(text):
            builder.claim(line)
            extra = builder.values.get("extra", ())
            builder.set_field("extra", (*extra, ("copyright", text)), line)


__all__ = ["person_of", "read_article_notes", "read_author_notes", "read_byline"]
