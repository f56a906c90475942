"""The CSL-JSON projection of a record: what a citation processor needs, nothing invented.

`record_to_csl(record)` gives the main article as one CSL item; with `with_related=True`
it also gives every similar article, citing article and reference, in page order, each
marked with `custom.relation` and `custom.related_to`. The output validates against the
strict profile `schemas/csl-output.schema.json` and the official CSL-JSON schema.

Decisions that a reader of the output may wonder about:

- `id` is stable across runs: `pmid:N`, else `pmcid:PMCN`, else `doi:<lower-case DOI>`,
  else `bibnorm:<12 hex digits>` hashed from the title and year. A related item without
  such an identifier is `<main id>/<relation>/<n>` (n counts from 1 within its list), and
  so is one whose identifier another item of the same record already took.
- Across records, ids are made unique as the items are written (`unique_ids`): a
  citation processor keeps one item per id, so the second version of a PMID (PubMed XML
  has `<PMID Version="2">` records) or an article read twice would otherwise vanish from
  a bibliography. The first item keeps its id; a later one gets `<id>/2`, `<id>/3` ...,
  and a renamed main item's related items follow it.
- Dates are integer `date-parts`. A range is two date-parts arrays of the same length:
  the more precise end is cut to the other's precision (`2022 Jan-Feb 01` is
  [[2022, 1], [2022, 2]], `2021 Dec-2022` is [[2021], [2022]]), because citeproc-js
  rejects a range whose ends differ in length and then renders nothing. A range whose
  ends are then equal is that one date, and one that covers January to December of one
  year is just that year. A season is CSL's number 1-4
  (spring ... winter) beside the year. `raw` is not written: pandoc prefers it to
  `date-parts` and prints unparseable text such as "2021 Jan-Mar" as is.
- `page` holds the pages, or the article number when there are none, so styles that only
  know `page` still show where the article is; `number` holds the article number too,
  for styles (APA) that print "Article 123". An article number with a hyphen
  (`00010-2021`) is left out of `page`, where styles would print it as a range.
- `issued` is the publication date, else the electronic one, else the year of the
  electronic collection; `available-date` is the electronic publication date; `accessed`
  is the date a reference says its URL was read (`[cited 2024 Jan 5]`).
- A URL without a scheme that is certainly a host name (`www.clinicaltrials.gov`,
  `example.org/trial`) gets `https://`: most sites serve it, and consumers (and the
  strict profile) want an absolute URL. Anything else without a scheme is kept for
  the schema to report; with `--with-related` such a related item's field is left out.
  A space inside a URL becomes `%20`, the request a browser makes of that link, and a
  DOI copied from a URL with its slash escaped (`10.1007%2Fs12571`) is unescaped.
- `ISSN` is one ISSN, as Zotero's PubMed import keeps the one the journal element
  carries: the print ISSN, else the electronic, else the linking one, the first that
  is well formed (`1234-567X`) with a right check digit, as Zotero's `cleanISSN`
  accepts. Consumers take the field as one ISSN; bibnorm JSON keeps all three.
- `language` is the record's first language as a BCP 47 tag (`eng` becomes `en`), so
  citation processors apply English title casing only to English titles.
- `container-title` is the journal's full name, else its abbreviation (which is also in
  `container-title-short` and `journalAbbreviation`): styles print only the former. The
  abbreviation is the journal's ISO abbreviation (`Nat. Chem. Biol.`) where the input
  gives one, as Zotero's PubMed import takes it, else the citation's (MedlineTA,
  `Nat Chem Biol`); bibnorm JSON keeps both as read.
- `title` is the title as CSL rich text when the input marks part of it up
  (`<i>`, `<b>`, `<sup>`, `<sub>`, `<span style="font-variant:small-caps;">`, the only
  markup consumers read; other tags are stripped to their text, and markup whose tags
  do not nest, or whose text is not the plain title's, gives way to the plain title).
  A literal `<` or `&` is written as it is, never as an entity: citeproc-js and pandoc
  print `&#60;` as those five characters, and both print `p<0.05` and `IL-6 & TNF`
  right.
- A name's initials (`JM`) become `J. M.`, the form CSL styles initialise correctly.
- `et_al` never becomes an author; the record's flags, MeSH and grants have no CSL
  variable and are left out, and so are a journal article's editors (in PMC XML, the
  editor who handled the paper), which styles would print as "Edited by". `note` is
  written only for an item without a title, and holds its raw input text, so a
  reference the input gave only as text is not empty. An item known by its PMID (or
  PMCID) alone, from a PMID list, gets its PubMed (or PMC) page as `URL`: without a
  title, name, journal or link, styles print an empty entry.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from bibnorm.model import Citation, DateParts, Person, Record, Relation
from bibnorm.parsing.identifiers import issn_check_digit_is_right, normalise_issn
from bibnorm.parsing.languages import TWO_LETTER_CODES
from bibnorm.serialize import whole_item

CSLItem = dict[str, Any]

# A periodical article's editors (JATS names the handling editor so) are nobody a
# citation names: styles would print "Edited by" after the title.
_PERIODICAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper"})
# CSL's season numbers; citation processors print them as localised terms.
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_PMCID = re.compile(r"^(?:PMC)?([0-9]+)$", re.IGNORECASE)
_PMID = re.compile(r"^[0-9]+$")
# A host name with a TLD, maybe a port, then maybe a path: `example.org/x`, `www.nih.gov`.
_HOST_LIKE = re.compile(
    r"^(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,63}))"
    r"(?P<rest>(?::[0-9]{1,5})?(?:[/?#]\S*)?)$",
    re.IGNORECASE,
)
# Top-level domains common enough that `name.tld` alone is surely a host.
_COMMON_TLDS = frozenset(
    {"com", "org", "net", "gov", "edu", "int", "mil", "info", "io", "eu", "uk", "de"}
    | {"fr", "nl", "ch", "jp", "cn", "ca", "au", "it", "es", "se"}
)
# CSL rich text: the only inline markup citeproc-js and pandoc read in a field.
_RICH_TAGS = {
    "<i>": "</i>",
    "<b>": "</b>",
    "<sup>": "</sup>",
    "<sub>": "</sub>",
    '<span style="font-variant:small-caps;">': "</span>",
}
# Anything shaped like an element tag (`<u>`, `</mml:mi>`, `<br/>`, `<i class="x">`).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:_.-]*(?:\s[^<>]*)?/?>")
_TABS_AND_LINE_ENDS = re.compile(r"[\t\n\r]")
_WEB_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S")
_RICH_TOKEN = re.compile(
    "|".join(re.escape(tag) for pair in _RICH_TAGS.items() for tag in pair) + '|["“”]'
)
# What every common style prints of an item: one of these makes its entry non-empty.
_PRINTED_KEYS = frozenset({"title", "author", "editor", "container-title", "DOI", "URL", "note"})
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)


def record_to_csl(record: Record, *, with_related: bool = False) -> list[CSLItem]:
    """The record as CSL items: the main article first, then (with `with_related`) its
    similar articles, citing articles and references in page order."""
    main_id = item_id(record)
    items = [citation_to_csl(record, main_id)]
    if not with_related:
        return items
    taken = {main_id}
    counters: dict[Relation, int] = {}
    for relation, citation in record.related():
        counters[relation] = counters.get(relation, 0) + 1
        related_id = _identifier_id(citation)
        if related_id is None or related_id in taken:
            related_id = f"{main_id}/{relation}/{counters[relation]}"
        taken.add(related_id)
        item = citation_to_csl(citation, related_id)
        item["custom"] = {"relation": relation, "related_to": main_id}
        items.append(item)
    return items


def unique_ids(items: Iterable[CSLItem]) -> Iterator[CSLItem]:
    """`items`, as `record_to_csl` gives them record after record, with every id unique
    across all of them. An item whose id an earlier one took gets `<id>/<n>`, the first
    free n from 2. When a main item is renamed, its related items' `related_to` follows,
    and so does each id made from the main id (`<main id>/<relation>/<n>`). An item
    encoded ahead (`serialize.Prerendered`) is decoded only when it changes."""
    taken: set[str] = set()
    made_main = written_main = ""
    for item in items:
        custom = item.get("custom")
        if not custom:
            made_main, new_id = item["id"], _first_free(item["id"], taken)
            written_main = new_id
        else:
            custom = {**custom, "related_to": written_main}
            new_id = item["id"]
            position = new_id.removeprefix(f"{made_main}/{custom['relation']}/")
            if made_main != written_main and position != new_id and position.isdigit():
                new_id = f"{written_main}/{custom['relation']}/{position}"
            new_id = _first_free(new_id, taken)
        taken.add(new_id)
        if new_id != item["id"] or custom != item.get("custom"):
            item = {**whole_item(item), "id": new_id}
            if custom:
                item["custom"] = custom
        yield item


def _first_free(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}/{n}" in taken:
        n += 1
    return f"{wanted}/{n}"


def citation_to_csl(citation: Citation, item_id: str) -> CSLItem:
    """One citation (or record) as a CSL item with id `item_id`; absent fields left out.

    A `Record` also gives its abstract, keywords, ISSN and language.
    """
    item: CSLItem = {"id": item_id, "type": _item_type(citation)}
    _put(item, "title", _title(citation))
    _put(item, "author", _names(citation.authors))
    if item["type"] not in _PERIODICAL_TYPES:
        _put(item, "editor", _names(citation.editors))
    issued = citation.issued or citation.epub_date
    if issued is None and citation.ecollection_year is not None:
        issued = DateParts(year=citation.ecollection_year)
    _put(item, "issued", date_to_csl(issued) if issued else None)
    _put(item, "available-date", date_to_csl(citation.epub_date) if citation.epub_date else None)
    _put(item, "accessed", date_to_csl(citation.accessed) if citation.accessed else None)
    short_title = _short_container_title(citation)
    # Pages often name a journal only by its abbreviation; styles print `container-title`.
    _put(item, "container-title", _strip(citation.container_title) or short_title)
    _put(item, "container-title-short", short_title)
    _put(item, "journalAbbreviation", short_title)
    _put(item, "volume", citation.volume)
    _put(item, "issue", citation.issue)
    # Citation processors read a hyphen in `page` as a range: `00010-2021` would print
    # as "00010–2021". Such an article number is in `number` only.
    number_as_page = citation.article_number if "-" not in (citation.article_number or "") else None
    _put(item, "page", citation.pages or number_as_page)
    _put(item, "number", citation.article_number)
    _put(item, "edition", citation.edition)
    _put(item, "version", citation.version)
    _put(item, "publisher", citation.publisher)
    _put(item, "publisher-place", citation.publisher_place)
    # Identifiers are tidied (no "doi:" prefix, "PMC" on a PMCID) but never dropped:
    # a malformed one is for the schema to report, not for this projection to hide.
    _put(item, "DOI", _doi(citation.identifier("doi")))
    _put(item, "PMID", _strip(citation.identifier("pmid")))
    pmcid = citation.identifier("pmcid")
    _put(item, "PMCID", _pmcid(pmcid) or _strip(pmcid))
    _put(item, "ISBN", _strip(citation.identifier("isbn")))
    _put(item, "URL", _url(citation.url))
    if not _strip(citation.title):
        # A reference the input gave only as text would otherwise be an empty item.
        _put(item, "note", _strip(citation.raw))
    if not _PRINTED_KEYS.intersection(item):
        # Known by its identifier alone (a PMID list): styles would print nothing at all.
        _put(item, "URL", _identifier_url(item))
    if isinstance(citation, Record):
        _put(item, "abstract", citation.abstract.text if citation.abstract else None)
        _put(item, "keyword", ", ".join(k.term for k in citation.keywords))
        _put(item, "ISSN", _issn(citation))
        _put(item, "language", _language(citation.languages))
    return item


def item_id(citation: Citation) -> str:
    """The stable id of a main item: its PMID, PMCID or DOI, else a hash of title and year."""
    found = _identifier_id(citation)
    if found is not None:
        return found
    title = " ".join(unicodedata.normalize("NFC", citation.title or "").casefold().split())
    year = str(citation.issued.year) if citation.issued else ""
    # Without title and year the raw input text is all that tells two items apart.
    key = f"{title}\x1f{year}" if title or year else citation.raw or ""
    return "bibnorm:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def date_to_csl(date: DateParts) -> dict[str, Any]:
    """A date as a CSL date: integer date-parts, a range as two of them, a season as 1-4."""
    start = _parts(date.year, date.month, date.day)
    result: dict[str, Any] = {"date-parts": [start]}
    season = _SEASONS.get((date.season or "").strip().casefold())
    if season is not None and date.month is None:
        result["season"] = season
    if date.end_year is None and date.end_month is None and date.end_day is None:
        return result
    end_year = date.end_year if date.end_year is not None else date.year
    end = _parts(end_year, date.end_month, date.end_day)
    # Both ends of a range must be equally precise: citeproc-js refuses
    # [[2022, 1], [2022, 2, 1]] ("element mismatch in date range input") and prints nothing.
    shorter = min(len(start), len(end))
    start, end = start[:shorter], end[:shorter]
    if start == [date.year, 1] and end == [date.year, 12]:
        # "2025 Jan-Dec" is how PubMed writes a volume that spans the year.
        result["date-parts"] = [[date.year]]
    elif end != start:
        result["date-parts"] = [start, end]
    else:
        result["date-parts"] = [start]
    return result


def _parts(year: int, month: int | None, day: int | None) -> list[int]:
    parts = [year]
    if month is not None:
        parts.append(month)
        if day is not None:
            parts.append(day)
    return parts


def _item_type(citation: Citation) -> str:
    if citation.type:
        return citation.type
    if _strip(citation.container_title) or _strip(citation.container_title_short):
        return "article-journal"
    return "article"


def _names(people: tuple[Person, ...]) -> list[dict[str, str]]:
    out = []
    for person in people:
        name = person_to_csl(person)
        if name:
            out.append(name)
    return out


def person_to_csl(person: Person) -> dict[str, str]:
    """A person as a CSL name: family/given (given from initials when that is all there
    is), a group or unsplittable name as `literal`; empty when the person has no name.
    A blank part counts as absent, so every name has a `family` or a `literal`."""
    family = _strip(person.family)
    if family:
        name = {"family": family}
        given = _strip(person.given) or _dotted(person.initials)
        if given:
            name["given"] = given
        particle = _strip(person.particle)
        if particle:
            name["non-dropping-particle"] = particle
        suffix = _strip(person.suffix)
        if suffix:
            name["suffix"] = suffix
        return name
    literal = _strip(person.literal) or _strip(person.raw) or _strip(person.given)
    return {"literal": literal} if literal else {}


def _dotted(initials: str | None) -> str | None:
    """`JM` as `J. M.`; initials already punctuated or spaced are kept as they are."""
    initials = _strip(initials)
    if initials and initials.isalpha() and initials.isupper():
        return " ".join(f"{letter}." for letter in initials)
    return initials


def _identifier_id(citation: Citation) -> str | None:
    pmid = _pmid(citation.identifier("pmid"))
    if pmid:
        # `0012345` and `12345` are one article: the id is the number, the PMID field
        # keeps the spelling of the input.
        return f"pmid:{pmid.lstrip('0') or '0'}"
    pmcid = _pmcid(citation.identifier("pmcid"))
    if pmcid:
        return f"pmcid:{pmcid}"
    doi = _doi(citation.identifier("doi"))
    if doi:
        # DOIs are case-insensitive; one spelling keeps the id stable.
        return f"doi:{doi.lower()}"
    return None


def _pmid(value: str | None) -> str | None:
    value = _strip(value)
    return value if value and _PMID.match(value) else None


def _pmcid(value: str | None) -> str | None:
    match = _PMCID.match(_strip(value) or "")
    return f"PMC{match.group(1)}" if match else None


def _doi(value: str | None) -> str | None:
    value = _strip(value)
    if value is None:
        return None
    doi = _DOI_PREFIX.sub("", value)
    if "/" not in doi and "%2f" in doi.lower():
        # Copied from a URL that escaped its slash (`10.1007%2Fs12571-013-0253-0`).
        doi = unquote(doi)
    return doi or None


def _identifier_url(item: CSLItem) -> str | None:
    if "PMID" in item and _PMID.match(item["PMID"]):
        return f"https://pubmed.ncbi.nlm.nih.gov/{item['PMID']}/"
    if "PMCID" in item and _PMCID.match(item["PMCID"]):
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{item['PMCID']}/"
    return None


def _title(citation: Citation) -> str | None:
    """The title as CSL rich text: `title_markup` with only CSL's five tag forms kept
    (any other tag stripped, its text kept) when that is the plain title marked up,
    else the plain title as it is."""
    markup = _strip(citation.title_markup)
    rich = _rich_text(markup) if markup else None
    # Markup must be the title and tags: a literal `<b c>` in the text looks like a tag,
    # and stripping it would lose words.
    if rich and _letters(_TAG.sub("", rich)) == _letters(citation.title or ""):
        return rich
    return citation.title


def rich_title(citation: Citation) -> str | None:
    """The title of `citation` as its CSL item has it (rich text where it has markup)."""
    return _title(citation)


# CSL's rich-text tags, the only markup a title `_title` gives holds; and its scripts.
_RICH_TAG = re.compile(r'</?(?:i|b|sup|sub)>|<span style="font-variant:small-caps;">|</span>')
_SCRIPT = re.compile(r"<(sup|sub)>([^<>]*)</\1>")


def plain_title(rich: str) -> str:
    """A rich-text title as plain text, written as MEDLINE writes one: a superscript or
    subscript in parentheses (`Ca(2+)`, `CO(2)`, `10(5) cells`), other formatting
    dropped and its text kept. Dropping the scripts' tags alone would turn `10<sup>5</sup>`
    into `105`."""
    return _RICH_TAG.sub("", _SCRIPT.sub(r"(\2)", rich))


def _letters(text: str) -> str:
    return "".join(text.split())


def _rich_text(markup: str) -> str | None:
    """`markup` with every tag but CSL's rich-text ones removed; None when those do not
    nest properly (citeproc-js would print a stray `<i>` as text)."""
    # The closing tag each open element waits for, and whether it is kept.
    open_tags: list[tuple[str, bool]] = []
    balanced = True

    def keep_or_strip(match: re.Match[str]) -> str:
        nonlocal balanced
        tag = match.group(0)
        if tag in _RICH_TAGS:
            open_tags.append((_RICH_TAGS[tag], True))
            return tag
        if tag.startswith("</"):
            if open_tags and open_tags[-1][0] == tag:
                return tag if open_tags.pop()[1] else ""
            balanced = balanced and tag not in _RICH_TAGS.values()
            return ""
        if not tag.endswith("/>"):
            name = re.split(r"[\s>/]", tag[1:], maxsplit=1)[0]
            open_tags.append((f"</{name}>", False))
        return ""

    rich = _TAG.sub(keep_or_strip, markup)
    if not balanced or any(keep for _, keep in open_tags) or not _quotes_nest(rich):
        return None
    return _strip(" ".join(rich.split()))


def _quotes_nest(rich: str) -> bool:
    """Whether every pair of double quotes opens and closes inside the same tags.

    citeproc-js reads double quotes as markup too, and prints every tag of
    `"<i>Blood relationship"</i>` as text; such a title is better written plain.
    """
    tags: list[str] = []
    opened_in: list[str] | None = None
    for token in _RICH_TOKEN.findall(rich):
        if token.startswith("</"):
            tags.pop()
        elif token.startswith("<"):
            tags.append(token)
        elif opened_in is None and token != "”":
            opened_in = list(tags)
        elif opened_in is not None and token != "“":
            if opened_in != tags:
                return False
            opened_in = None
    return True


def _url(value: str | None) -> str | None:
    """The URL with `https://` put before a bare host name (`www.clinicaltrials.gov`,
    `example.org/page`), which consumers would otherwise take for a relative path.

    Only a value that is certainly a host gets a scheme: one that starts with `www.`, has
    a path or port after its domain, or ends in a common top-level domain. Anything else
    is kept as it is, for the schema to report. Spaces become `%20`, as in a browser.
    """
    value = _strip(value)
    if value is None:
        return None
    # A space inside a link (`.../content 2411923.htm`) is what a browser sends as %20,
    # and tabs and line ends it drops (the WHATWG URL rules); consumers want neither.
    encoded = _TABS_AND_LINE_ENDS.sub("", value).replace(" ", "%20")
    # `www.example.org:8080/x` looks like a URL with scheme `www.example.org`: a host
    # name is checked first.
    candidate = encoded.removeprefix("//")
    host = _HOST_LIKE.match(candidate)
    if host and (
        host["host"].lower().startswith("www.")
        or host["rest"]
        or host["tld"].lower() in _COMMON_TLDS
    ):
        return f"https://{candidate}"
    return encoded if _WEB_URL.match(value) else value


def _short_container_title(citation: Citation) -> str | None:
    """The journal's ISO abbreviation (`Nat. Chem. Biol.`) when the input gives one, as
    Zotero takes it, else the citation's own abbreviation (MedlineTA, `Nat Chem Biol`)."""
    if isinstance(citation, Record) and citation.journal is not None:
        iso = _strip(citation.journal.iso_abbreviation)
        if iso:
            return iso
    return _strip(citation.container_title_short)


def _issn(record: Record) -> str | None:
    """One ISSN, as Zotero keeps one: the print ISSN, else the electronic, else the
    linking one; the first that is well formed and whose check digit is right."""
    journal = record.journal
    if journal is None:
        return None
    for value in (journal.issn_print, journal.issn_electronic, journal.issn_linking):
        issn = normalise_issn(value) if value else None
        if issn and issn_check_digit_is_right(issn):
            return issn
    return None


def _language(languages: tuple[str, ...]) -> str | None:
    for language in languages:
        code = language.strip().lower()
        if code == "und":  # MEDLINE's "undetermined" says nothing
            continue
        code = TWO_LETTER_CODES.get(code, code)
        if _BCP47.match(code):
            return code
    return None


def _strip(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _put(item: CSLItem, key: str, value: Any) -> None:
    # Leave out what the record does not carry: no empty or blank strings, lists or
    # nulls. Consumers print a blank string as a field that is there (a stray comma).
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "" or value == [] or value == {}:
        return
    item[key] = value
