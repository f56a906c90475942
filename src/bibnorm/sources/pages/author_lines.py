"""The one grammar of a page's author line, shared by every page-text reader.

An author line names people and groups with what a page glues to them: affiliation
markers (`Maria Rossi 1, Jan Kim 2 3, Li Wei # 1 *`, `Ann Lee,1 Bo Kim,2,* and Cy Wu1,2`),
degrees (`Ann Lee, MD`), roles (`Ann Lee, professor,1`), suffixes (`Jack, Jr,1`), a group
first, last or alone (`Sample Group; Ann Lee`, `... on behalf of Sample Group`), PubMed's
`Family INITIALS` lists and a list the page cuts short (`...`, `(+25 more)`).
`read_authors` reads such a line; `parse_nlm_authors` reads a PubMed list item's author
line; `person_from_name` and `author_from_name` split one name, with one particle set.
`line_shapes.classify` and the page readers ask `read_authors`; the template readers
(`pubmed_text_copy`, `pmc_text`) ask `split_author_line`, its adapter to marked people.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bibnorm.model import Person


@dataclass(frozen=True, kw_only=True)
class Author:
    """An author as a page line shows one: the name and its affiliation markers."""

    name: str
    family: str
    given: str | None = None
    markers: str = ""
    suffix: str | None = None
    group: bool = False  # a collective author (`RECOVERY Collaborative Group`): name only


@dataclass(frozen=True)
class MarkedAuthor:
    """An author of an author line and the markers glued to the name."""

    person: Person
    affiliation_keys: tuple[str, ...]


# --- names ----------------------------------------------------------------------------

# The particles of a family name (`van der Berg`, `De Neve`), matched in any case.
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "do", "dos", "du"}
    | {"la", "le", "ter", "ten", "bin", "al", "el", "st", "mac", "lo", "vom", "zu", "zur", "y"}
)
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd"})
_NAME_WORD = re.compile(r"(?:[A-ZÀ-ÞĀ-Ž][\w'’.\-]*|[a-z]{1,4}|O['’][A-Z][\w'’-]*)")
_GROUP_WORDS = re.compile(
    r"(?i)\b(?:group|consortium|collaborat\w*|network|investigators|committee|society"
    r"|team|association|council|study|trial|panel|initiative)\b"
)
# Initials written as capitals (`AB`): `Lee AB`, never a name of its own.
INITIALS = re.compile(r"[A-Z]{1,4}")
_MAX_NAME_WORDS = 6
_MAX_GROUP_WORDS = 7


def family_start(words: list[str]) -> int:
    """Where the family name starts in a name written in display order: at its last word,
    or at the first particle of the name's middle (`Jan-Emmanuel De Neve`, `Ann van der
    Berg`). The one name splitter of the page readers."""
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if words[index].casefold() in PARTICLES:
            return index
    return start


def author_from_name(name: str) -> Author | None:
    """`Hongli Wu`, `Pickard R`, `Jan-Emmanuel De Neve`: the family name and the rest."""
    name = name.strip(" ,.")
    words = name.split()
    suffix = words.pop() if len(words) >= 3 and words[-1] in SUFFIXES else None
    if not words or len(words) > _MAX_NAME_WORDS:
        return None
    # PubMed's short form: family name, then initials (`Zetterström C`, `Rego MF`).
    if len(words) >= 2 and INITIALS.fullmatch(words[-1]):
        return Author(name=name, family=" ".join(words[:-1]), given=words[-1], suffix=suffix)
    start = family_start(words)
    given = " ".join(words[:start]) or None
    return Author(name=name, family=" ".join(words[start:]), given=given, suffix=suffix)


def person_from_name(name: str) -> Person | None:
    """A person from a name written in display order (`Daniel H O'Connor`), or a group
    author (`CheckMate 227 Investigators`); None for text that is no name."""
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS + 4:
        return None
    if _GROUP_WORDS.search(name) and 2 <= len(words) <= _MAX_GROUP_WORDS and ":" not in name:
        return Person(literal=name, raw=name)
    if len(words) > _MAX_NAME_WORDS or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    if len(words) == 1:
        return Person(literal=name, raw=name) if words[0][0].isupper() else None
    if re.fullmatch(r"[A-Z]{1,3}", words[-1]):
        # `Rossi M`: MEDLINE's family name and initials, as lists of references print them.
        return Person(family=" ".join(words[:-1]), initials=words[-1], raw=name)
    suffix = words.pop() if words[-1] in SUFFIXES and len(words) > 2 else None
    start = family_start(words)
    family = words[start:]
    given_words = words[:start]
    particle_words: list[str] = []
    while family and len(family) > 1 and family[0] in PARTICLES:
        particle_words.append(family.pop(0))
    if not all(word[:1].isupper() for word in given_words):
        return None
    given = " ".join(given_words)
    return Person(
        family=" ".join(family),
        given=given,
        initials=initials_of(given),
        particle=" ".join(particle_words) or None,
        suffix=suffix,
        raw=name,
    )


def initials_of(given: str) -> str:
    """`Daniel H` as `DH`, `Jean-Pierre` as `JP`: MEDLINE's undotted initials."""
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha())


# --- PubMed's `Family INITIALS` lists ---------------------------------------------------

# PubMed's author list: `Folstein MF, van der Berg J, Smith AB Jr.` (family, initials).
_NLM_NAME = re.compile(
    r"(?P<family>(?:[a-z]+ )*[A-ZÀ-ÞĀ-Ž][\w'’\-]*(?: [\w'’\-]+)*?)"
    r" (?P<initials>[A-Z]{1,4})(?: (?P<suffix>Jr|Sr|II|III|IV|2nd|3rd))?"
)
_ET_AL = re.compile(r"et al\.?")


def _nlm_list(text: str) -> tuple[list[tuple[str, re.Match[str] | None]], bool]:
    """The pieces of a `Rossi M, Kim J, et al.` list, each with its `Family INITIALS`
    reading (None where it has none), and whether the list was cut short."""
    text = " ".join(text.split())
    if text.endswith(".") and not text.endswith("et al."):
        text = text[:-1]
    pieces: list[tuple[str, re.Match[str] | None]] = []
    et_al = False
    for piece in (p.strip() for p in text.split(", ")):
        if _ET_AL.fullmatch(piece) and pieces:
            et_al = True
        elif piece.endswith((" et al", " et al.")) and not et_al:
            # `Lee A, Kim B et al.`: the cut glued to the last name.
            piece = piece.rsplit(" et al", 1)[0]
            pieces.append((piece, _NLM_NAME.fullmatch(piece)))
            et_al = True
        else:
            pieces.append((piece, _NLM_NAME.fullmatch(piece)))
    return pieces, et_al


def parse_nlm_authors(text: str) -> tuple[tuple[Person, ...], bool] | None:
    """`Rossi M, van der Berg J, Sample Study Group, et al.` (a list item's author line)
    as people and whether the list was cut short; None when a piece is no author."""
    pieces, et_al = _nlm_list(text)
    people: list[Person] = []
    for piece, match in pieces:
        if match is not None:
            people.append(
                Person(
                    family=match.group("family"),
                    initials=match.group("initials"),
                    suffix=match.group("suffix"),
                    raw=piece,
                )
            )
        elif (group := person_from_name(piece)) is not None and group.literal:
            people.append(group)
        else:
            return None
    return (tuple(people), et_al) if people else None


def nlm_authors(text: str) -> tuple[Author, ...] | None:
    """`Folstein MF, Folstein SE, McHugh PR.`: two or more PubMed-style names, or None."""
    pieces, _ = _nlm_list(text)
    matches = [match for _, match in pieces]
    if len(matches) < 2 or any(match is None for match in matches):
        return None
    return tuple(
        Author(
            name=match.group(0),
            family=match.group("family"),
            given=match.group("initials"),
            suffix=match.group("suffix"),
        )
        for match in matches
        if match is not None
    )


# --- author lines -----------------------------------------------------------------------

_MAX_AUTHOR_LINE_CHARS = 3000
# Affiliation and correspondence markers after a name: digits, `*`, `†`, `‡`, `#`, `✉`.
_AUTHOR_ITEM = re.compile(
    r"(?P<name>[^\W\d_][^\d,*†‡#✉;:()]{0,60}?)\s*(?P<comma>,)?"
    r"(?:(?<=,) (?=\d))?(?P<mark>(?:\d{1,2}|[*†‡#✉])(?:[\d,*†‡#✉]*))?"
    r"(?P<separator>,\s+|,?\s+and\s+|\s*$|(?<=[\d*†‡#✉])\s+)"
)
# One marker: affiliation numbers, `#` equal contribution, `*` or `✉` corresponding
# author, and the daggers some journals use for the same.
_MARKER = re.compile(r"\d{1,3}|[#*†‡§¶✉]")
_SYMBOLS = "#*†‡§¶✉"
# A suffix written after the name and a comma: `Clifford R. Jack, Jr,1`.
_COMMA_SUFFIX = re.compile(r",\s*(?P<suffix>Jr|Sr|II|III|IV)\.?(?=\s*,|\s*\d|\s*$)")
# A list the page shortens: `Lee A 1, Kim B 2 ...`, `(+25 more)`, `et al.`
_LIST_CUT = re.compile(r"\s*,?\s*(?:\.\.\.|…|\(\+?\s*\d+ more\)|et al\.?)\s*$")
# Decimals and negative numbers (`Group A 0.34 -0.72`): a table's row, never names.
_MEASUREMENT = re.compile(r"\d\.\d|(?:^|\s)[-−]\d")
# Degrees written after a name (`Thomas Lee, MD, PhD`), and BMJ's roles (`Ann Lee,
# professor,1`): neither is part of the name.
_DEGREES = re.compile(
    r",\s*(?:MD|PhD|MPH|MSc|MS|MA|BA|BSc|MBBS|MB|ChB|BCh|BM|RN|DDS|DMD|DVM|PharmD|DrPH|ScD"
    r"|DPhil|FRCP|FRCS|FRCPC|FACP|FACS|MBA|MHS|MSN|BSN|NP|PA|DO|Dr\.?med"
    r"|Ph\.D|M\.D|M\.P\.H|D\.D\.S|D\.V\.M|R\.N|Sc\.D|M\.S|M\.A|B\.A|B\.S)"
    # `MPHa`: an affiliation letter glued to the last degree.
    r"(?:[a-z](?=,|\s|$))?\b\.?"
)
_ROLE = re.compile(r",\s*(?:[a-z][a-z-]*\s){0,6}[a-z][a-z-]{2,}(?=\s*,?\s*(?:\d|[*†‡#]|,|$))")
# Affiliations keyed by letters (`Randy L. Buckner,a,b,c Jessica Lee,a`): read as the
# numbers of the same order (a = 1), as `letter_key` reads the affiliation lines.
_LETTER_MARKS = re.compile(r"(?<=,)(?P<letters>[a-h](?:,[a-h])*)(?=[\s,*†‡#✉]|$)")


def _letters_as_numbers(match: re.Match[str]) -> str:
    return ",".join(str(letter_key(letter)) for letter in match.group("letters").split(","))


def letter_key(letter: str) -> int:
    """The number a letter marker stands for: `a` is 1."""
    return ord(letter) - ord("a") + 1


# `... and on behalf of X`, `..., 10* for the STROBE Initiative`, `..., 7 and the Sample
# Study Group`: a group after the names (a group word required but after `on behalf of`).
_ON_BEHALF = re.compile(
    r",?\s*(?:and\s+)?(?:on behalf of|(?<=[,\d*†‡#✉]) for|(?<=and) (?=the ))\s*(?:the )?"
    r"(?P<group>[A-Z][^,;]*?)\.?$"
)
_GROUP = re.compile(
    r"\b(?:Group|Groups|Collaborators|Collaboration|Collaborative|Consortium|Investigators"
    r"|Committee|Network|Study Group|Trialists|Working Party|Task Force|Society"
    r"|Association|Team|Authors|Initiative|Programme|Program|Project|Alliance|Partnership)\b"
)
# A sentence run into the next (`A sample editorial.J Thorac Dis`) or a question.
RUN_ON = re.compile(r"[a-z]{2}\.[A-Z]|[?!]")


def author_list_cut(text: str) -> bool:
    """Whether an author line ends by saying the list goes on (`...`, `(+25 more)`)."""
    return _LIST_CUT.search(text) is not None


def read_authors(
    text: str, *, unmarked: bool = False, one_word_names: bool = False
) -> tuple[Author, ...] | None:
    """An author line, or None: `Ann Lee 1,2, Bo Kim 1,*` (PMC today), `Ann Lee,1 Bo Kim,2,*
    and Cy Wu1,2` (PMC before), `Maria Rossi 1, Jan Kim 2 3, Li Wei # 1 *` (PubMed today),
    `Lee A1, Kim B2.` and `Lee A, Kim B; Sample Group.` (PubMed before 2020), with degrees
    (`Ann Lee, MD`), roles (`Ann Lee, professor,1`), a group first (`Sample Group; Ann Lee,
    Bo Kim`), last (`... and on behalf of Sample Group`) or among the names (`Maria Rossi
    1, Sample Thoracic Surgery Group 2`).

    Out of context only a line where a name carries a marker, or a PubMed list of two or
    more `Family INITIALS` names, is taken: a plain list of names is as likely a keyword
    list or a sentence. A reader that knows the line stands where the authors stand (right
    under the title) passes `unmarked=True` to take `Heng Li and Richard Durbin`, and a
    group alone (`GBD 2019 Collaborators`), too; `one_word_names=True` takes a name of one
    word (`Madonna 1`), for a template reader that knows which line is the authors'.
    """
    if len(text) > _MAX_AUTHOR_LINE_CHARS or ":" in text or _MEASUREMENT.search(text):
        return None
    text = " ".join(text.split())
    text = _LIST_CUT.sub("", text)
    text = _COMMA_SUFFIX.sub(r" \g<suffix>", _ROLE.sub("", _DEGREES.sub("", text))).strip()
    text = _LETTER_MARKS.sub(_letters_as_numbers, text)
    groups_after: list[Author] = []
    behalf = _ON_BEHALF.search(text)
    if behalf is not None and ("behalf" in behalf.group(0) or _GROUP.search(behalf.group(0))):
        groups_after.append(_group(behalf.group("group")))
        text = text[: behalf.start()]
    parts = [part.strip() for part in text.split(";") if part.strip()]
    if not parts:
        return None
    groups_before = [_group(p) for p in parts[:-1]]
    if len(parts) > 1 and not all(_GROUP.search(g.name) for g in groups_before):
        # `Lee A, Kim B; Sample Group.`: names, then the group, PubMed's way.
        if len(parts) == 2 and _GROUP.search(parts[1]):
            names = _read_names(parts[0], unmarked=True, one_word=one_word_names)
            return (*names, _group(parts[1]), *groups_after) if names else None
        return None
    last = parts[-1]
    if (
        _GROUP.search(last)
        and (unmarked or groups_before)
        and _looks_like_group(last)
        and _read_names(last, unmarked=False, one_word=one_word_names) is None
    ):
        return (*groups_before, _group(last))
    names = _read_names(
        last, unmarked=unmarked or bool(groups_before or groups_after), one_word=one_word_names
    )
    if names is None:
        return None
    return (*groups_before, *names, *groups_after)


def _group(name: str, markers: str = "") -> Author:
    return Author(name=name.rstrip("."), family="", markers=markers, group=True)


def _looks_like_group(text: str) -> bool:
    """A group author's name: capitalised words (digits allowed), no sentence."""
    words = text.rstrip(".").split()
    return 1 <= len(words) <= 20 and words[0][0].isupper() and not RUN_ON.search(text)


def _read_names(text: str, *, unmarked: bool, one_word: bool) -> tuple[Author, ...] | None:
    """The names of an author line (no groups before or after them)."""
    if (nlm := nlm_authors(text)) is not None:
        return nlm
    authors = _marked_items(text.removesuffix("."))
    if authors is None:
        authors = _spaced_markers(text, one_word=one_word)
        if authors and not unmarked and not all(author.markers for author in authors):
            # Out of context, spaced markers are taken only when every name has some
            # (`Vitamin D3 Levels In Mice` is no `Vitamin D 3, Levels In Mice`).
            return None
    if authors is None or not authors:
        return None
    marked = sum(bool(author.markers) for author in authors)
    if marked == 0 and not unmarked:
        return None
    single = authors[0] if len(authors) == 1 else None
    if (
        marked == 0
        and single is not None
        and INITIALS.fullmatch(single.given or "")
        and single.name.split()[-1] == single.given
    ):
        return None  # `Vitamin D`: one unmarked `Word X` is no evidence of a name
    return tuple(authors)


def _marked_items(text: str) -> list[Author] | None:
    """`Ann Lee 1,2, Bo Kim 1,*`, `Ann Lee,1 Bo Kim,2,* and Cy Wu1,2`, `Lee A1, Kim B2`."""
    authors: list[Author] = []
    position = 0
    for match in _AUTHOR_ITEM.finditer(text):
        if match.start() != position:
            return None
        position = match.end()
        name = match.group("name").strip()
        marks = match.group("mark") or ""
        if match.group("separator").isspace() and not (marks and match.group("comma")):
            # Names parted by a bare space only in PMC's old `Ann Lee,1 Bo Kim,2` form.
            return None
        if _GROUP.search(name) and _looks_like_group(name) and len(name.split()) >= 2:
            authors.append(_group(name, marks))
        else:
            words = name.split()
            if not 2 <= len(words) <= _MAX_NAME_WORDS or not all(
                w[0].isupper() or w.casefold() in PARTICLES for w in words
            ):
                return None
            author = author_from_name(name)
            if author is None:
                return None
            authors.append(dataclasses.replace(author, markers=marks))
        if position >= len(text):
            break
    if position < len(text):
        return None
    return authors


def _spaced_markers(text: str, *, one_word: bool) -> list[Author] | None:
    """`Maria Rossi 1, Jan Kim 2 3, Li Wei # 1 *`: markers parted by spaces, a number
    inside a group's name (`CheckMate 227 Investigators 1`)."""
    text = text.rstrip(".")
    # Markers glued to a name (`Wei1,2`, `Kim*`) are cut off it first.
    text = re.sub(rf"(?<=[^\W\d_])(?=(?:\d{{1,3}}|[{_SYMBOLS}])(?:[,\s]|$))", " ", text)
    tokens = re.findall(r",|[^\s,]+", text)
    found: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    markers: list[str] = []
    after_comma = False

    def close() -> None:
        nonlocal words, markers
        if words:
            found.append((words, markers))
        words, markers = [], []

    for index, token in enumerate(tokens):
        if token == ",":
            after_comma = True
            continue
        if token == "and":
            close()
            after_comma = False
            continue
        next_token = tokens[index + 1] if index + 1 < len(tokens) else ","
        if _MARKER.fullmatch(token) and not (
            # `CheckMate 227 Investigators`: a number inside a group name is no marker.
            token.isdigit()
            and not after_comma
            and next_token != ","
            and not markers
            and _GROUP_WORDS.search(" ".join(tokens[index : index + 4]))
        ):
            if not words:
                return None
            markers.append(token)
        else:
            if markers or (after_comma and words):
                close()
            words.append(token)
        after_comma = False
    close()
    authors: list[Author] = []
    for name_words, name_markers in found:
        name = " ".join(name_words)
        person = person_from_name(name)
        if person is None or (len(name_words) == 1 and not one_word):
            # A single word is no name (`Results 1, Figure 2`, a title `FreeSurfer`) but
            # where the template says the line is the authors' (`split_author_line`).
            return None
        marks = ",".join(name_markers)
        if person.literal is not None:
            authors.append(_group(name, marks))
        elif (author := author_from_name(name)) is not None:
            authors.append(dataclasses.replace(author, markers=marks))
        else:
            return None
    return authors


def split_author_line(text: str) -> list[MarkedAuthor] | None:
    """An author line (`read_authors`, names taken without markers too) as people with
    the affiliation keys their markers give; None when the line is no author line."""
    authors = read_authors(text, unmarked=True, one_word_names=True)
    if authors is None:
        return None
    marked: list[MarkedAuthor] = []
    for author in authors:
        person = Person(literal=author.name, raw=author.name) if author.group else None
        person = person or person_from_name(author.name)
        if person is None:
            return None
        markers = _MARKER.findall(author.markers)
        person = dataclasses.replace(
            person,
            equal_contribution="#" in markers,
            corresponding="*" in markers or "✉" in markers,
            raw=" ".join([author.name, *markers]),
        )
        keys = tuple(marker for marker in markers if marker not in "#*✉")
        marked.append(MarkedAuthor(person=person, affiliation_keys=keys))
    return marked


__all__ = [
    "PARTICLES",
    "SUFFIXES",
    "Author",
    "MarkedAuthor",
    "author_from_name",
    "author_list_cut",
    "initials_of",
    "parse_nlm_authors",
    "person_from_name",
    "read_authors",
    "split_author_line",
]
