"""Author and editor lists at the start of a reference string, in every style they are printed.

    Botticelli A., Salati M., Di Pietro F.R., et al.          Vancouver, dotted initials
    Shadmehr R, Smith MA, Krakauer JW (2010)                  Vancouver / PLOS
    Liu, C., Tung, C.-Y., Perrin, B. J. & Zhao, B.            APA, Nature (family, initials)
    J. Smith, A. B. Doe and C. Roe                            initials first
    Avery SV Rao CV Arkin AP                                  no punctuation at all
    Brown MJ; British Hypertension Society Study Group.       a group after the people

The family name keeps its particles (`van der Berg`, `de Polavieja`) as PubMed and JATS
write it; a suffix (`Jr`, `III`) goes to `suffix`. Initials are written dotted (`F.R.`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bibnorm.model import Person

# Lower-case words that belong to a family name (`van der Berg`; `Di Pietro` is capitalised).
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "dei", "di", "da", "das", "do", "dos"}
    | {"du", "la", "le", "te", "ter", "ten", "y", "bin", "ibn", "al", "el", "zu", "af"}
    | {"los", "las", "dello", "degli"}
    | {"'t", "‘t", "’t"}  # (`van 't Veer`)
)
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪĮİĶĹĽŁŃŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
# Any short lower-case word here; `_is_family` keeps only the real particles.
_PARTICLE = r"(?:[a-z]{1,5}|['‘’]t)"
# One capitalised word of a family name: `O'Brien`, `Herbert-Read`, `d'Alessandro`,
# `de-Graft`.
# Hyphens: ASCII, and the Unicode hyphen and non-breaking hyphen that Wiley prints.
_HYPHEN = "\u2010\u2011-"
_WORD = rf"(?:[dlDL]['’]|[a-z]{{1,3}}-)?[{_UPPER}][^\W\d_]*(?:['’{_HYPHEN}][^\W\d_]+)*"
_FAMILY = rf"(?:{_PARTICLE}\s){{0,3}}{_WORD}(?:\s(?:{_PARTICLE}\s){{0,2}}{_WORD}){{0,2}}?"
# (The last period may be missing when the initials touch: `T.R, 2009`.)
_DOTTED = (
    rf"[{_UPPER}]h?\.(?:\s?[{_HYPHEN}]?\s?[{_UPPER}]h?\.){{0,5}}"
    rf"(?:[{_UPPER}](?![\w'’.{_HYPHEN}]))?"
)
_BARE = rf"[{_UPPER}]{{1,4}}(?:[{_HYPHEN}][{_UPPER}])?(?![\w'’{_HYPHEN}])(?!\.\w)"
_SUFFIX = r"(?:Jr|Sr|II|III|IV|2nd|3rd|4th)\b\.?"
# What stands between two people; the pattern of each person ends with it, so one match
# reads a person and the separator after it.
_SEPARATOR = r"(?P<separator>\s?(?:,\s?(?:and\s|&\s?)?|;\s?|\s(?:and|&)\s)(?!et\b))?"
_FAMILY_FIRST = re.compile(
    rf"(?P<family>{_FAMILY})\s(?P<initials>{_DOTTED}|{_BARE})(?:,?\s(?P<suffix>{_SUFFIX}))?"
    + _SEPARATOR
)
_INVERTED = re.compile(
    rf"(?P<family>{_FAMILY}),\s(?P<initials>{_DOTTED}|{_BARE})(?:,?\s(?P<suffix>{_SUFFIX}))?"
    + _SEPARATOR
)
_INITIALS_FIRST = re.compile(
    rf"(?P<initials>{_DOTTED})\s?(?P<family>{_FAMILY})(?P<suffix>)" + _SEPARATOR
)
# The same with a family of all the name words it can take, tried where the shortest
# family has no separator after it: `L. Di Luzio, M. Nardecchia`.
_INITIALS_FIRST_LONG = re.compile(
    rf"(?P<initials>{_DOTTED})\s?(?P<family>{_FAMILY.removesuffix('?')})(?P<suffix>)"
    + _SEPARATOR.removesuffix("?")
)
_ET_AL = re.compile(r"[,;.]?\s?(?:et\.?\s?al\b\.?|and others\b|\.\.\.|…)")
# What `_ET_AL` can start with, ruled out with one `str.startswith` after each person.
_ET_AL_STARTS = (
    *("et", ", et", " et", ",et", "; et", ". et", "and oth", " and oth"),
    *("...", "…", ", ...", ", …"),
)
# A group author after the people: `; Study Group.` up to the sentence end.
_GROUP_AFTER = re.compile(r"(?P<group>[^.;]{3,200}?)(?=\.\s|\.?$)")
_EDITOR_WORDS = re.compile(
    r"[,.]?\s*(?:\(\s*[Ee]ds?\.?\s*\)|,?\s*\b(?:eds?\b\.?|editors?\b))\s*[.,:]?"
)
_STYLES = (_INVERTED, _FAMILY_FIRST, _INITIALS_FIRST)
# Names parted by spaces alone, each with dotted initials (Elsevier's untagged lists).
_DOTTED_SPACED_NAME = re.compile(rf" (?P<family>{_WORD}) (?P<initials>{_DOTTED})(?= )")
_DOTTED_SPACED_RUN = re.compile(rf"(?:{_DOTTED_SPACED_NAME.pattern}){{2,}}")
# A run of the commonest names, `Smith JA, McInnes GT, Todd-Brown K, `, each followed by
# the next name (a capital that starts no suffix): there `_FAMILY_FIRST` reads exactly
# the family word, the initials and `, ` (see `scan_people`).
_PLAIN_FAMILY = r"[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:-[A-Z][a-z]+)*"
_PLAIN_RUN = re.compile(rf"(?:{_PLAIN_FAMILY} [A-Z]{{1,3}}, (?=[A-Z])(?!(?:Jr|Sr|II|III|IV)\b))+")
# The last name of such a list: `Sham PC.` (bare initials; the period ends the list and
# starts no `...`) or `Baker D. Protein` (a dotted initial, then a word no initial could
# be: a capital and two more letters, and no suffix).
_PLAIN_LAST = re.compile(
    rf"(?P<family>{_PLAIN_FAMILY}) (?P<initials>[A-Z]{{2,3}}(?=\.(?!\w)(?!\.\.))"
    r"|[A-Z]\.(?= (?!(?:Jr|Sr|II|III|IV)\b)[A-Z][^\W\d_]{2}))"
)
# `_INVERTED` needs a comma and a space right after the family name, which holds only
# letters, apostrophes, hyphens and spaces, and then initials (one to three letters that
# no other letter follows): without them it cannot match.
_COMMA_AFTER_FAMILY = re.compile(rf"[\w'’\s{_HYPHEN}]*,\s[^\W\d_]{{1,3}}(?![^\W\d_])")
# What may follow a finished author list: a period (or one the initials ended with),
# a comma, semicolon or colon, a bracket, or the end.
_LIST_END = frozenset(".,;:([")


@dataclass(frozen=True)
class AuthorList:
    """People read from the start of a text, and where the text after them starts."""

    people: tuple[Person, ...] = ()
    et_al: bool = False
    end: int = 0


def read_people(text: str, start: int = 0, *, spaced: bool = False) -> AuthorList:
    """The list of people that starts `text` at `start` (empty when none does).

    `spaced` allows names separated by spaces alone (`Avery SV Rao CV`), which only
    references printed without any punctuation use; elsewhere `Am J` of `Am J
    Gastroenterol` would be read as a person.
    """
    people, et_al, end = scan_people(text, start, spaced)
    return AuthorList(people, et_al, end)


def scan_people(
    text: str, start: int = 0, spaced: bool = False, *, shortcuts: bool = True
) -> tuple[tuple[Person, ...], bool, int]:
    """`read_people` as a plain `(people, et_al, end)`, for callers that read many texts.
    `shortcuts=False` reads every name by the rules alone, without the `_PLAIN_RUN`
    shortcut (what the shortcut must agree with, for the tests)."""
    people: list[Person] = []
    separator: str | None
    if (
        shortcuts
        and not _COMMA_AFTER_FAMILY.match(text, start)
        and (run := _PLAIN_RUN.match(text, start))
    ):
        # `Smith JA, Doe B, ...`: `_style_at` would choose `_FAMILY_FIRST` (no comma
        # follows the first family name), and read these names as `_read_plain_run` does.
        style = _FAMILY_FIRST
        following = _read_plain_run(text, start, run.end(), people)
        end, separator = following - 2, ", "
        if not spaced and (last := _PLAIN_LAST.match(text, following)):
            return _ended_plain_list(text, following, last, people)
        match = _FAMILY_FIRST.match(text, following)
    else:
        style, match = _style_at(text, start)
        if match is None:
            return (), False, start
        end, separator = start, None
    previous: str | None = None  # the separator before the person being read
    while match is not None:
        family, initials, suffix, separator = match.group(
            "family", "initials", "suffix", "separator"
        )
        if not _is_family(family, inverted=style is _INVERTED):
            break
        following = match.end()
        person_end = match.start("separator") if separator else following
        if (
            not separator
            and not spaced
            and not _ends_list(text, person_end, text[person_end - 1] == ".")
        ):
            break
        people.append(
            Person(
                family=family,
                initials=dotted_initials(initials),
                suffix=suffix.rstrip(".") if suffix else None,
                raw=text[match.start() : person_end],
            )
        )
        end = person_end
        if text.startswith(_ET_AL_STARTS, end):
            et_al = _ET_AL.match(text, end)
            if et_al:
                list_end = _after_ellipsis(text, et_al, style, people)
                return tuple(people), True, list_end
        if previous is not None and ("and" in previous or "&" in previous):
            # `A. Okafor and B. Lind, J. Mater. Chem.`: the person after `and` is the last.
            return tuple(people), False, end
        if not separator:
            if not spaced and len(people) == 1 and (run := _DOTTED_SPACED_RUN.match(text, end)):
                # `Ito M. Murakami K. Yoshino M. Title`: names parted by spaces alone,
                # each with dotted initials (three at least, so that `Smith J. Vitamin D.`
                # stays one author and a title).
                return _with_dotted_run(text, run, people)
            if not spaced or following >= len(text) or text[following] != " ":
                break
            following += 1
        if style is _FAMILY_FIRST and shortcuts:
            if run := _PLAIN_RUN.match(text, following):
                following = _read_plain_run(text, following, run.end(), people)
                end, separator = following - 2, ", "
            if not spaced and (last := _PLAIN_LAST.match(text, following)):
                return _ended_plain_list(text, following, last, people)
        previous = separator
        match = style.match(text, following)
        if style is _INITIALS_FIRST and match is not None and not match.group("separator"):
            match = _INITIALS_FIRST_LONG.match(text, following) or match
        if match is None and style is _INVERTED and len(people) == 1 and separator:
            # `Schultz, W., L. Tremblay, and J. R. Hollerman`: only the first is inverted.
            match = _INITIALS_FIRST.match(text, following)
            if match is not None and not match.group("separator"):
                match = _INITIALS_FIRST_LONG.match(text, following) or match  # `H. De Vries`
            style = _INITIALS_FIRST if match is not None else style
        if match is None and separator and separator.strip() == ";":
            group = _GROUP_AFTER.match(text, following)
            if group:
                literal = group.group("group").strip()
                people.append(Person(literal=literal, raw=literal))
                return tuple(people), False, group.end()
    return tuple(people), False, end


def _with_dotted_run(
    text: str, run: re.Match[str], people: list[Person]
) -> tuple[tuple[Person, ...], bool, int]:
    """`people` and those of a `_DOTTED_SPACED_RUN` match, and where the list ends."""
    for name in _DOTTED_SPACED_NAME.finditer(text, run.start(), run.end() + 1):
        people.append(
            Person(
                family=name.group("family"),
                initials=dotted_initials(name.group("initials")),
                raw=name.group().strip(),
            )
        )
    end = run.end()
    if text.startswith(_ET_AL_STARTS, end) and (et_al := _ET_AL.match(text, end)):
        return tuple(people), True, et_al.end()
    return tuple(people), False, end


def _after_ellipsis(
    text: str, et_al: re.Match[str], style: re.Pattern[str], people: list[Person]
) -> int:
    """Where the list ends after `et_al`: APA 6 prints the last author after an
    ellipsis (`Smith, P., ... Pugh, T. A. M. (2016)`), which is added to `people`."""
    if et_al.group().strip(" ,") not in ("...", "…"):
        return et_al.end()
    start = et_al.end() + (text[et_al.end() : et_al.end() + 1] == " ")
    last = style.match(text, start)
    if last is None or not _is_family(last.group("family")) or last.group("separator"):
        return et_al.end()
    initials, suffix = last.group("initials", "suffix")
    people.append(
        Person(
            family=last.group("family"),
            initials=dotted_initials(initials),
            suffix=suffix.rstrip(".") if suffix else None,
            raw=text[start : last.end()],
        )
    )
    return last.end()


def _read_plain_run(text: str, start: int, end: int, people: list[Person]) -> int:
    """Add the people of a `_PLAIN_RUN` match (`start` to `end`); where the next starts.

    Each name is what `_FAMILY_FIRST` reads there: one family word (the shortest family
    it tries), bare initials (dotted ones need a period), `, ` as the separator (no
    suffix or `and` follows it, and no `et al.`: a capital does).
    """
    for name in text[start : end - 2].split(", "):
        family, _, initials = name.rpartition(" ")
        people.append(
            Person(
                family=family,
                initials=dotted_initials(initials),
                suffix=None,
                raw=name,
            )
        )
    return end


def _ended_plain_list(
    text: str, start: int, last: re.Match[str], people: list[Person]
) -> tuple[tuple[Person, ...], bool, int]:
    """`scan_people`'s answer for a list whose last person `_PLAIN_LAST` read at `start`,
    with an `et al.` after it (`Zampini AM. et al (2006)`)."""
    found = _with_plain_last(text, start, last, people)
    end = last.end()
    if text.startswith(_ET_AL_STARTS, end) and (et_al := _ET_AL.match(text, end)):
        return found, True, et_al.end()
    return found, False, end


def _with_plain_last(
    text: str, start: int, last: re.Match[str], people: list[Person]
) -> tuple[Person, ...]:
    """`people` and the last person of the list, read by `_PLAIN_LAST` at `start`.

    `_FAMILY_FIRST` reads the same there: `Sham PC` with bare initials before a period,
    or `Baker D.` with a dotted one before a word its initials cannot go on into; the
    list ends after it (no separator, and the period or the space lets it end).
    """
    family, initials = last.group("family", "initials")
    people.append(
        Person(
            family=family,
            initials=dotted_initials(initials),
            suffix=None,
            raw=text[start : last.end()],
        )
    )
    return tuple(people)


def editors_suffix(text: str, position: int) -> int | None:
    """Where the text continues after `, editors.` / `(eds)` at `position`, or None."""
    match = _EDITOR_WORDS.match(text, position)
    return match.end() if match else None


def _style_at(text: str, start: int) -> tuple[re.Pattern[str], re.Match[str] | None]:
    """The name style of the first person, and its match."""
    if start >= len(text) or not (text[start].isupper() or text[start].islower()):
        return _FAMILY_FIRST, None
    family_first = None
    for style in _STYLES:
        if style is _INVERTED and not _COMMA_AFTER_FAMILY.match(text, start):
            continue  # no comma where a family name could end: the usual case, cheap to see
        match = style.match(text, start)
        if style is _INITIALS_FIRST and match is not None and not match.group("separator"):
            match = _INITIALS_FIRST_LONG.match(text, start) or match
        if style is _FAMILY_FIRST:
            family_first = match
        if match is None:
            continue
        end = match.start("separator") if match.group("separator") else match.end()
        family = match.group("family")
        if _is_family(family, inverted=style is _INVERTED) and _ends_list(
            text, end, text[end - 1] == "."
        ):
            return style, match
    return _FAMILY_FIRST, family_first


def _ends_list(text: str, position: int, after_period: bool) -> bool:
    """Whether an author (ending at `position`) may be followed by what follows it."""
    if position >= len(text):
        return True
    char = text[position]
    if char in _LIST_END:
        return True
    if char != " ":
        return False
    following = text[position + 1 : position + 4]
    return (
        after_period
        or following.startswith(("et ", "et.", "&", "and", "(", "["))
        or following[:1].isdigit()
    )


def _is_family(family: str, *, inverted: bool = False) -> bool:
    """Whether `family` is a family name. `inverted`: it stands before a comma and
    initials, where capitals alone are a family name too (ABNT's `OKAFOR, A.; LIND, B.`)."""
    if inverted and len(family) >= 3 and family.isupper() and family.isalpha():
        return True
    if " " not in family:
        # The common case, one word: capitalised, and not an all-capitals acronym of a
        # title (`HIV RNA levels`).
        return _is_name_word(family)
    words = family.split()
    return all(word in PARTICLES for word in words[:-1] if word.islower()) and _is_name_word(
        words[-1]
    )


def _is_name_word(word: str) -> bool:
    last = word.rpartition("-")[2] or word
    if not (last[0].isupper() or last[1:2] in ("'", "’")):
        return False
    return not last.isupper()


@functools.lru_cache(maxsize=4096)
def dotted_initials(initials: str) -> str:
    """`JA` as `J.A.`; dotted initials (`F.R.`, `S.-I.`, `B. J.` as `B.J.`) kept as written."""
    initials = initials.replace(" ", "")
    if "." in initials:
        return initials
    return "-".join("".join(f"{letter}." for letter in part) for part in initials.split("-"))


# Names written out, as MLA, Chicago and the AEA print them: the first inverted
# (`Okafor, Ann Marie`), the others in reading order (`, and Ben Lind`); the list ends
# with a period before the year or the title.
_GIVEN = rf"[{_UPPER}][a-zà-ÿ]+(?:-[{_UPPER}][a-zà-ÿ]+)?"
_GIVENS = rf"{_GIVEN}(?:\s(?:{_GIVEN}|[{_UPPER}]\.))*"
_FULL_FIRST = re.compile(rf"(?P<family>{_WORD}|{_FAMILY}),\s(?P<given>{_GIVENS})")
# ACM writes every name in reading order: `Ann Okafor, Ben Lind, and Carl Park. 2019.`
_FULL_READING = re.compile(
    rf"(?P<given>{_GIVENS})\s(?!and\s)(?P<family>{_FAMILY})(?=,\s|\s(?:and|&)\s|\.\s)"
)
_FULL_NEXT = re.compile(
    rf"(?:,\s(?:and\s|&\s)?|\s(?:and|&)\s)(?P<given>{_GIVENS})\s(?!and\s)(?P<family>{_FAMILY})"
)
_YEAR_NEXT = re.compile(r"\s\(?(?:1[6-9]|20)\d\d")
_FULL_END = re.compile(
    rf"(?:,?\s(?:et al|and others))?\.(?=\s(?:\(?(?:1[6-9]|20)\d\d|[“\"‘{_UPPER}]))"
)


def read_full_names(text: str) -> tuple[tuple[Person, ...], bool, int]:
    """`(people, et_al, end)` of a list of names written out that starts `text`
    (`Okafor, Ann, and Ben Lind. 2011. “Title.”`); nothing unless the list ends with a
    period before a year, a quoted title or a capital."""
    # One word before the first comma is a family name (`Okafor, Ann`); two or more are a
    # name in reading order (`Ann Okafor, Ben Lind`), whose list of two names at least a
    # year must follow.
    head = text.split(",", 1)[0]
    reading_order = " " in head.strip() and not any(w.lower() in PARTICLES for w in head.split())
    first = (_FULL_READING if reading_order else _FULL_FIRST).match(text)
    if first is None or not _is_family(first.group("family")):
        return (), False, 0
    people = [_full_person(first)]
    position = first.end()
    while (following := _FULL_NEXT.match(text, position)) is not None:
        if not _is_family(following.group("family")):
            break
        people.append(_full_person(following))
        position = following.end()
    end = _FULL_END.match(text, position)
    if end is None or (
        # (One name in reading order is more often a group: `Access Economics. 2006.`)
        reading_order and (len(people) < 2 or not _YEAR_NEXT.match(text, end.end()))
    ):
        return (), False, 0
    return tuple(people), "et al" in end.group() or "others" in end.group(), end.end()


def _full_person(match: re.Match[str]) -> Person:
    return Person(
        family=match.group("family"), given=match.group("given"), raw=match.group().lstrip(", ")
    )
