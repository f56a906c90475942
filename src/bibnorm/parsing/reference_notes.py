"""What a reference string says about itself besides the citation: identifiers, URL, access
date and link labels, wherever in the string they stand.

    ... 2019;17:99. doi: 10.1186/x. PMID: 30940153; PMCID: PMC6444620. - DOI - PMC - PubMed
    ... [Internet]. 2023 [cited 2026 Jan 9]. Available from: https://example.org/report
    ... PLoS Genet 1: e5 doi:10.1371/journal.pgen.0010005. [PubMed] [Google Scholar]

They are taken out of the text first, so that the citation proper is all that is left.
"""

from __future__ import annotations

import re

from bibnorm.model import DateParts, Identifier
from bibnorm.parsing.dates import MONTHS, parse_pubmed_date

# The link labels PubMed appends: ` - DOI - PMC - PubMed`.
_LINK_SEPARATOR = re.compile(r"\s+-\s+")
_LINK_LABEL = re.compile(r"[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}")
# The bracketed link labels of PMC pages and other reference lists.
_BRACKET_LINK = re.compile(
    r"\s*\[(?P<label>PubMed|PMC free article|Google Scholar|Cross[Rr]ef|Ref list|DOI|PMC"
    r"|MEDLINE|Medline|Scopus|Web of Science|CAS|ISI|Free Full Text|Full Text|Abstract)\]"
)
_PIPE_LABEL = (
    r"(?:PubMed Abstract|Publisher Full Text|Free Full Text|Reference Source|PubMed"
    r"|PMC Free Article|Google Scholar|Crossref)"
)
_PIPE_LINKS = re.compile(rf"(?<=\s){_PIPE_LABEL}(?:\s\|\s{_PIPE_LABEL})*\s*$")
# Each note is found from a literal anchor (`str.find` is far cheaper than scanning the
# string with one pattern of many alternatives) and then matched there.
_DOI_AT = re.compile(r"10\.\d{3,9}/\S+")
_DOI_PREFIX = re.compile(r"(?:\b(?:doi|DOI)\s?[:.]?\s?|(?:https?://)?(?:dx\.)?doi\.org/)$")
_PMID_AT = re.compile(r"PMID\s?:?\s?(\d{1,9})\b")
_PMCID_AT = re.compile(r"(?:PMCID\s?:?\s?)?(PMC\d{3,9})\b")
_URL_AT = re.compile(r"(?:https?://|www\.)[^\s<>]+>?")
_URL_PREFIX = re.compile(
    r"\b(?:[Aa]vailable\s(?:from|at|online)\s?:?\s?(?:at\s?:?\s?)?|[Rr]etrieved\sfrom\s?:?\s?)<?$"
)
_CITED_AT = re.compile(
    r"\[\s?(?:(?:updated|modified|revised)[^\]\[]{0,40}?;\s?)?(?:cited|accessed)"
    r"\s?:?\s?([^\]\[]{4,40})\]"
)
_ACCESSED_AT = re.compile(
    r"\(?(?:[Ll]ast\s)?[Aa]ccessed(?:\son)?\s?:?\s?([^.()\[\]]{4,40})\)?(?=[.,;]?\s|[.,;]?$)"
)
_DOI_IN_URL = re.compile(r"doi\.org/(10\.\d{3,9}/\S+)")
_LOOSE_DATE = re.compile(
    r"(?:(?P<day1>\d{1,2})(?:st|nd|rd|th)?\s(?P<month1>[A-Za-z]{3,9})\.?,?\s(?P<year1>\d{4})"
    r"|(?P<month2>[A-Za-z]{3,9})\.?\s(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?\s(?P<year2>\d{4})"
    r"|(?P<month3>[A-Za-z]{3,9})\.?,?\s(?P<year3>\d{4})"
    r"|(?P<year4>\d{4})-(?P<month4>\d{1,2})-(?P<day4>\d{1,2})"
    # `9 12, 2018`: PMC's `<month>9</month><day>12</day>, <year>2018</year>`, US order.
    r"|(?P<month5>\d{1,2})\s(?P<day5>\d{1,2}),\s(?P<year5>\d{4}))\.?"
)
_PUNCTUATION = ".,;:"


def split_link_labels(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` without its trailing ` - DOI - PMC - PubMed` labels, and the labels in order."""
    if " - " not in text:
        return text.strip(), ()
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


def split_notes(
    text: str,
) -> tuple[str, tuple[Identifier, ...], str | None, DateParts | None, tuple[str, ...]]:
    """Take link labels, identifiers, URL and access date out of a reference string:
    `(body, identifiers, url, accessed, links)`."""
    text, links = split_link_labels(text)
    labelled = "Full Text" in text or "Reference Source" in text or "PubMed Abstract" in text
    if labelled and (pipes := _PIPE_LINKS.search(text)):
        # F1000's `PubMed Abstract | Publisher Full Text | Free Full Text`.
        links = (*links, *(label.strip() for label in pipes.group().split("|")))
        text = text[: pipes.start()].rstrip()
    if "[" in text:
        found = [match.group("label") for match in _BRACKET_LINK.finditer(text)]
        if found:
            text = _BRACKET_LINK.sub("", text)
            links = (*links, *found)
    spans = _note_spans(text)
    if not spans:
        return text, (), None, None, links
    identifiers: list[Identifier] = []
    url: str | None = None
    accessed: DateParts | None = None
    kept: list[str] = []
    position = 0
    for start, end, kind, value in sorted(spans):
        if start < position:
            continue  # inside a note already taken (a DOI inside a URL, say)
        if kind in ("doi", "pmid", "pmcid"):
            identifiers.append(Identifier(scheme=kind, value=value))
        elif kind == "accessed":
            date = read_any_date(value)
            if date is None:
                continue  # `accessed` in a title: the text stays where it is
            accessed = accessed or date
        elif kind == "url":
            doi = _DOI_IN_URL.search(value)
            if doi:
                identifiers.append(Identifier(scheme="doi", value=_trim(doi.group(1))))
            elif url is None:
                url = value
        kept.append(text[position:start])
        position = end
    if not kept:
        return text, (), None, None, links
    kept.append(text[position:])
    return _join_around_removed(kept), _unique(identifiers), url, accessed, links


def _note_spans(text: str) -> list[tuple[int, int, str, str]]:
    """`(start, end, kind, value)` of every note in `text`."""
    spans: list[tuple[int, int, str, str]] = []
    if not (
        "10." in text
        or "PM" in text
        or "http" in text
        or "www." in text
        or "cited" in text
        or "ccessed" in text
    ):
        return spans  # most references hold no note: one look for each anchor rules it out
    for anchor in _anchors(text, "10."):
        match = _DOI_AT.match(text, anchor)
        if match is None:
            continue
        prefix = _DOI_PREFIX.search(text, max(0, anchor - 24), anchor)
        if (prefix is None and anchor and text[anchor - 1] in "/.-_") or text[
            anchor - 1 : anchor
        ].isalnum():
            continue
        start = prefix.start() if prefix else anchor
        spans.append((start, match.end(), "doi", _trim(match.group(0))))
    for anchor in _anchors(text, "PMID"):
        match = _PMID_AT.match(text, anchor)
        if match:
            spans.append((anchor, match.end(), "pmid", match.group(1)))
    for anchor in _anchors(text, "PMC"):
        match = _PMCID_AT.match(text, anchor)
        if match and not text[anchor - 1 : anchor].isalnum():
            spans.append((anchor, match.end(), "pmcid", match.group(1)))
    for scheme in ("http", "www."):
        for anchor in _anchors(text, scheme):
            match = _URL_AT.match(text, anchor)
            if match is None:
                continue
            prefix = _URL_PREFIX.search(text, max(0, anchor - 24), anchor)
            start = prefix.start() if prefix else anchor
            spans.append((start, match.end(), "url", _trim(match.group(0).lstrip("<"))))
    for word in ("cited", "ccessed"):
        for anchor in _anchors(text, word):
            bracket = text.rfind("[", max(0, anchor - 45), anchor)
            match = _CITED_AT.match(text, bracket) if bracket >= 0 else None
            if match is None and word == "ccessed" and anchor:
                begin = anchor - 1
                if text[max(0, begin - 5) : begin].lower() == "last ":
                    begin -= 5
                if begin and text[begin - 1] == "(":
                    begin -= 1
                match = _ACCESSED_AT.match(text, begin)
            if match:
                spans.append((match.start(), match.end(), "accessed", match.group(1)))
    return spans


def _anchors(text: str, literal: str) -> list[int]:
    found: list[int] = []
    position = text.find(literal)
    while position >= 0:
        found.append(position)
        position = text.find(literal, position + 1)
    return found


def read_any_date(text: str) -> DateParts | None:
    """A date as reference lists write access dates: `2026 Jan 9`, `January 5, 2020`,
    `5 Jan 2020`, `2020-01-05`; None for anything else."""
    text = text.strip().rstrip(".")
    date = parse_pubmed_date(text)
    if date is not None:
        return date
    match = _LOOSE_DATE.fullmatch(text)
    if match is None:
        return None
    groups = {name: value for name, value in match.groupdict().items() if value}
    year = int(next(v for k, v in groups.items() if k.startswith("year")))
    month_text = next((v for k, v in groups.items() if k.startswith("month")), "")
    day_text = next((v for k, v in groups.items() if k.startswith("day")), None)
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    if month is None or not 1 <= month <= 12:
        return None
    day = int(day_text) if day_text else None
    if day is not None and not 1 <= day <= 31:
        day = None
    return DateParts(year=year, month=month, day=day, raw=text)


def _trim(value: str) -> str:
    """An identifier or address without the punctuation the sentence put after it."""
    value = value.rstrip(".,;:>")
    for opening, closing in (("(", ")"), ("[", "]")):
        while value.endswith(closing) and value.count(closing) > value.count(opening):
            value = value[:-1].rstrip(".,;:")
    return value


def _join_around_removed(pieces: list[str]) -> str:
    """The pieces left around removed notes, joined without the punctuation that only
    separated a note from its neighbours (`99. doi: x. Epub` gives `99. Epub`)."""
    body = pieces[0].strip()
    for piece in pieces[1:]:
        piece = piece.strip()
        if not piece:
            continue
        if piece[0] in _PUNCTUATION:
            if body and body[-1] not in _PUNCTUATION:
                body += piece[0]
            piece = piece.lstrip(" .,;:")
        if piece:
            body = f"{body} {piece}" if body else piece
    return body.strip(" ,;:")


def _unique(identifiers: list[Identifier]) -> tuple[Identifier, ...]:
    seen: set[tuple[str, str]] = set()
    kept: list[Identifier] = []
    for identifier in identifiers:
        key = (identifier.scheme, identifier.value.lower())
        if key not in seen:
            seen.add(key)
            kept.append(identifier)
    return tuple(kept)
