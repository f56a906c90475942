"""The BibTeX writer: records as BibLaTeX-flavoured BibTeX entries (`--to bibtex`, `.bib`).

Each record becomes the entry of its main article, and with `--with-related` one entry
per similar article, citing article and reference, as in CSL: the items are the CSL
items of `bibnorm.csl`, validated against `csl-output`, and each is written as it comes.

Decisions a reader of the output may wonder about:

- Entry types follow the CSL type (`ENTRY_TYPES`): biblatex's own types where it has
  one (`@online`, `@report`, `@thesis`, `@dataset` ...); classic BibTeX styles print
  those as `@misc`. A CSL `article` (a preprint) is an `@article` in its server's
  "journal", or `@online` when it has only a URL.
- Fields are the names both classic styles and biblatex read: `journal` (biber takes it
  as `journaltitle`), `number` for the issue, `address`, `year` and `month` (a month
  macro, `mar`). No `date` is written: biber warns on every entry that has both `date`
  and `year`, and classic styles read only `year`, so a day of the month and the end of
  a date range are not written. `urldate` (biblatex) is the date a URL was read.
- The PMID is `eprint = {N}` with `eprinttype = {pubmed}`: biblatex prints it as
  "PMID: N" with a link. It is not also put in `note`, which biblatex would print a
  second time; `note` holds the input text of a reference that has no title. The PMCID
  is `pmcid`, which no style prints but reference managers read.
- An article number is `eid` when the pages are something else (CSL puts the article
  number in `page` when there are no pages).
- Names are "Family, Given"; a family name with a space or comma in it is braced
  (`{van der Berg}, J.`) so BibTeX does not split it where the input did not, and a
  group is one braced name (`{World Health Organization}`).
- Keys are `<first author><year><first significant title word>` in ASCII letters
  (`tamiya2018metastatic`), `anon` and `nd` when there is no name or year; a key taken
  earlier in the same output gets `-2`, `-3` ...
- Values are one line each: runs of whitespace, an abstract's paragraph breaks among
  them, are one space (a blank line inside a field ends a paragraph in LaTeX, which
  most macros that print a field refuse). A no-break space is LaTeX's `~`.
- A related item carries `relation` (`reference`, `similar`, `cited-by`) and `relatedto`,
  the key of its record's main entry; styles ignore both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from bibnorm.hookspecs import hookimpl
from bibnorm.registry import JSONItem, Writer
from bibnorm.writers.csl_json import CslItemsWriter
from bibnorm.writers.latex_text import (
    ascii_letters,
    latex_text,
    latex_title,
    plain_words,
    verbatim,
)

# CSL type -> biblatex entry type; a type not listed here is `@misc`.
ENTRY_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",  # a review of a work, printed in a journal
    "review-book": "article",
    "book": "book",
    "chapter": "incollection",
    "entry-dictionary": "inreference",
    "entry-encyclopedia": "inreference",
    "paper-conference": "inproceedings",
    "report": "report",
    "thesis": "thesis",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
    "manuscript": "unpublished",
    "speech": "unpublished",
    "pamphlet": "booklet",
    "article": "article",  # a preprint, in its server (bioRxiv ...) as PubMed has it
}
# The field that names what an entry is part of: a journal, a book, a series, a site.
CONTAINER_FIELDS = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "inreference": "booktitle",
    "book": "series",
    "report": "series",
    "thesis": "series",
    "online": "organization",
}
_PARTICLES = ("dropping-particle", "non-dropping-particle")
# Where the publisher goes: biblatex (and classic `@techreport`) call it the institution.
_INSTITUTION_TYPES = frozenset({"report", "thesis"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# BCP 47 (CSL `language`) -> the babel/polyglossia name biblatex's `langid` takes.
_LANGIDS = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "da": "danish",
    "sv": "swedish",
    "no": "norwegian",
    "nb": "norsk",
    "fi": "finnish",
    "pl": "polish",
    "cs": "czech",
    "hu": "hungarian",
    "tr": "turkish",
    "el": "greek",
    "ru": "russian",
    "uk": "ukrainian",
    "he": "hebrew",
    "ja": "japanese",
    "zh": "chinese",
    "ko": "korean",
}
# Words a key never takes from a title: articles, prepositions, conjunctions.
_MINOR_WORDS = frozenset(
    {"a", "an", "the", "of", "on", "in", "at", "to", "for", "from", "by", "with", "and"}
    | {"or", "as", "is", "are", "via", "into", "about"}
    # French, Spanish, Italian, German and Dutch articles and the like.
    | {"le", "la", "les", "un", "une", "des", "du", "de", "et", "el", "los", "las", "il"}
    | {"lo", "gli", "der", "die", "das", "ein", "eine", "und", "den", "het", "een"}
)
# A page range: two words around one hyphen or en dash (`123-9`, `e1–e7`, `S12 - S15`).
_RANGE = re.compile(r"([^\s\-–]+)\s*[-–]\s*([^\s\-–]+)")
# A part of a page list, without the separators and spaces around it (which are kept).
_PAGE_PART = re.compile(r"[^,;\s][^,;]*?(?=\s*(?:[,;]|$))")


class BibtexWriter(CslItemsWriter):
    """Writes records as BibTeX entries (`--to bibtex`): the CSL items, as entries."""

    name = "bibtex"
    suffix = ".bib"
    description = "BibTeX (biblatex flavour): @article, @book ... entries for LaTeX"

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        keys = KeyMaker()
        main_key = ""
        for count, item in enumerate(items):
            key = keys.unique(base_key(item))
            if "custom" not in item:
                main_key = key
            # A blank line between entries, none at the end of the file.
            stream.write(("\n" if count else "") + entry(item, key, main_key))


class KeyMaker:
    """Hands out citation keys, each unique in one output: the first item keeps its
    key, later ones with the same key get `-2`, `-3` ..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def unique(self, wanted: str) -> str:
        key, n = wanted, 2
        while key in self._taken:
            key, n = f"{wanted}-{n}", n + 1
        self._taken.add(key)
        return key


def base_key(item: JSONItem) -> str:
    """`<name><year><title word>`: the first author's (else editor's) family name, or
    a group's first significant word, in ASCII letters; `anon` and `nd` without them."""
    people = item.get("author") or item.get("editor") or [{}]
    first = people[0]
    name = ascii_letters(first.get("family", ""))
    if not name and first.get("literal"):
        name = _first_significant_word(first["literal"].split())
    year = _year(item)
    word = _first_significant_word(plain_words(item.get("title", "")))
    return f"{name or 'anon'}{year or 'nd'}{word}"


def _first_significant_word(words: list[str]) -> str:
    for word in words:
        letters = ascii_letters(word)
        if len(letters) > 1 and letters not in _MINOR_WORDS:
            return letters
    return ""


def _year(item: JSONItem) -> int | None:
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    return parts[0] if parts else None


def entry(item: JSONItem, key: str, main_key: str = "") -> str:
    """One CSL item as a BibTeX entry with `key`; a related item names `main_key`."""
    entry_type = entry_type_of(item)
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields(item, entry_type, main_key):
        # The month is a macro (`mar`), which braces would make a word.
        lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    lines.append("}\n")
    return "\n".join(lines)


def entry_type_of(item: JSONItem) -> str:
    """The biblatex entry type of a CSL item (`ENTRY_TYPES`); a preprint without a
    server is `@online` when it has a URL."""
    csl_type = item["type"]
    if csl_type == "article" and "container-title" not in item:
        return "online" if "URL" in item else "misc"
    return ENTRY_TYPES.get(csl_type, "misc")


def fields(item: JSONItem, entry_type: str, main_key: str = "") -> Iterator[tuple[str, str]]:
    """The entry's fields in the order people read them, each value ready to write."""
    yield from _names_fields(item)
    if "title" in item:
        yield "title", latex_title(item["title"])
    yield from _container_fields(item, entry_type)
    yield from _date_fields(item)
    yield from _locator_fields(item)
    publisher = "institution" if entry_type in _INSTITUTION_TYPES else "publisher"
    yield from _text_fields(
        item,
        (publisher, "publisher"),
        ("address", "publisher-place"),
        ("edition", "edition"),
        ("version", "version"),
    )
    yield from _identifier_fields(item)
    if "language" in item and item["language"].split("-")[0] in _LANGIDS:
        yield "langid", _LANGIDS[item["language"].split("-")[0]]
    yield from _text_fields(item, ("keywords", "keyword"), ("abstract", "abstract"))
    yield from _text_fields(item, ("note", "note"))
    if "custom" in item:
        yield "relation", latex_text(item["custom"]["relation"])
        yield "relatedto", main_key


def _names_fields(item: JSONItem) -> Iterator[tuple[str, str]]:
    for field in ("author", "editor"):
        if item.get(field):
            yield field, " and ".join(bibtex_name(name) for name in item[field])


def bibtex_name(name: dict[str, str]) -> str:
    """A CSL name as BibTeX reads it: `von Family, Jr, Given`, a group braced whole."""
    if "literal" in name:
        return "{" + latex_text(name["literal"]) + "}"
    family = latex_text(name["family"])
    if any(c.isspace() or c == "," for c in name["family"]):
        family = "{" + family + "}"  # one surname, however BibTeX would split it
    particle = " ".join(
        name[p] for p in ("dropping-particle", "non-dropping-particle") if p in name
    )
    if particle:
        # BibTeX takes lower-case words before the surname as its "von" part; a
        # capitalised particle would be read as the surname's first word instead.
        family = f"{_name_part(particle)} {family}"
        if not particle[0].islower():
            family = "{" + family + "}"
    parts = [family]
    if "suffix" in name:
        parts.append(_name_part(name["suffix"]))
    if "given" in name:
        parts.append(_name_part(name["given"]))
    elif "suffix" in name:
        # "Family, Jr, First" needs a First: bibtexparser refuses a trailing comma.
        parts.append("{}")
    return ", ".join(parts)


def _name_part(text: str) -> str:
    """A given name, suffix or particle, braced if it holds a comma or the word `and`,
    which would split the name or the name list, or a no-break space (`~`), which BibTeX
    would take for a space between two names."""
    escaped = latex_text(text)
    if "," in text or "\xa0" in text or "and" in text.lower().split():
        return "{" + escaped + "}"
    return escaped


def _container_fields(item: JSONItem, entry_type: str) -> Iterator[tuple[str, str]]:
    container = item.get("container-title")
    if container:
        yield CONTAINER_FIELDS.get(entry_type, "howpublished"), latex_text(container)
    short = item.get("container-title-short")
    if short and entry_type == "article":
        yield "shortjournal", latex_text(short)


def _date_fields(item: JSONItem) -> Iterator[tuple[str, str]]:
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        yield "year", str(parts[0])
    if len(parts) > 1:
        # A bare macro, not braced: classic styles print "March", biber reads 3.
        yield "month", _MONTHS[parts[1] - 1]
    accessed = item.get("accessed", {}).get("date-parts", [[]])[0]
    if accessed:
        yield "urldate", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(accessed))


def _locator_fields(item: JSONItem) -> Iterator[tuple[str, str]]:
    yield from _text_fields(item, ("volume", "volume"), ("number", "issue"))
    if "page" in item:
        yield "pages", page_ranges(item["page"])
    if "number" in item and item["number"] != item.get("page"):
        yield "eid", latex_text(item["number"])


def page_ranges(pages: str) -> str:
    """Pages with each range's dash as BibTeX's `--` (`123-9` is `123--9`). Only a part
    between commas or semicolons with one dash between two words is a range: a PII
    such as `S0022-3476(05)80222-2` is left as it is."""
    return _PAGE_PART.sub(_page_part, pages)


def _page_part(part: re.Match[str]) -> str:
    found = _RANGE.fullmatch(part.group(0))
    if found:
        return f"{latex_text(found[1])}--{latex_text(found[2])}"
    return latex_text(part.group(0))


def _identifier_fields(item: JSONItem) -> Iterator[tuple[str, str]]:
    if "DOI" in item:
        yield "doi", verbatim(item["DOI"])
    if "PMID" in item:
        yield "eprint", verbatim(item["PMID"])
        yield "eprinttype", "pubmed"
    yield from _text_fields(item, ("pmcid", "PMCID"), ("issn", "ISSN"), ("isbn", "ISBN"))
    if "URL" in item:
        yield "url", verbatim(item["URL"])


def _text_fields(item: JSONItem, *pairs: tuple[str, str]) -> Iterator[tuple[str, str]]:
    """(BibTeX field, CSL variable) pairs: each variable the item has, escaped."""
    for field, variable in pairs:
        value: Any = item.get(variable)
        if isinstance(value, str) and value.strip():
            yield field, latex_text(value)


@hookimpl
def bibnorm_register_writers(register: Callable[[Writer], None]) -> None:
    register(BibtexWriter())
