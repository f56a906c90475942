"""JATS reference lists, and the element readers the `jats` adapter shares with them.

A JATS `ref` holds one or more citations in one of four shapes:

- `element-citation`: every part tagged, no punctuation between the tags;
- `mixed-citation`: the citation as printed, with some (or no) parts tagged;
- `nlm-citation` and `citation`: the older NLM 2.x forms of the two above.

Each becomes a `Citation` from its tags (`person-group`, `article-title`, `source`,
`year`, `fpage`, `pub-id`, `date-in-citation` ...). A printed citation (`mixed-citation`,
`citation`) that leaves text untagged is also read by the shared reference parser
(`parse_reference`), and every field its tags leave empty is taken from that reading:
authors, editors, title, container, date, locator, edition, publisher and place, URL,
access date, identifiers. The tags stay authoritative: a field is taken from the text only
when no tag gave it (nor a field read together with it: the journal's full name and its
abbreviation, the parts of the locator, publisher and place), only when the reading agrees
with the tagged parts of the same group, and only when the value stands in the untagged
text (so tagged text is never read a second time as another field). The citation's
provenance names each field taken from the text: `parsed` when the parser read it by an
exact rule, `heuristic` (with the parser's guess) when it guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import _Element as Element

from bibnorm.model import Citation, DateParts, FieldSource, Identifier, Person, Provenance
from bibnorm.parsing import ParsedCitation, parse_author_list, parse_reference, strip_final_period
from bibnorm.parsing.pages import expand_page_range
from bibnorm.parsing.reference_notes import read_any_date, split_notes
from bibnorm.sources.jats.jats_xml import (
    ADAPTER_NAME,
    CITATION_STYLE,
    XLINK_HREF,
    Notes,
    child,
    child_text,
    children,
    inline_markup,
    inline_text,
    local_name,
    page_range,
    read_date,
    read_name,
    span_of,
)

CITATION_TAGS = ("element-citation", "mixed-citation", "nlm-citation", "citation")
# Inside `citation-alternatives` the most tagged form is read.
_PREFERRED_ALTERNATIVE = ("element-citation", "nlm-citation", "mixed-citation", "citation")
_PERSON_TAGS = ("name", "string-name", "collab", "name-alternatives")
_DOI_IN_TEXT = re.compile(r"(?:doi\.org/|doi:\s*)?(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_DOI_URL = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_EDITOR_WORDS = re.compile(r"\b(?:eds?|editors?|\(eds?\.?\))", re.IGNORECASE)
_ET_AL = re.compile(r"\bet\.?\s+al\b", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9_.-]*$")
_PUB_ID_SCHEMES = {"pmc": "pmcid", "pmcid": "pmcid", "doi": "doi", "pmid": "pmid"}
_PERSON_GROUP_ROLES = {
    "author": "authors",
    "allauthors": "authors",
    "inventor": "authors",
    "editor": "editors",
    "guest-editor": "editors",
    "volume-editor": "editors",
}
_CSL_TYPES = {
    "journal": "article-journal",
    "book": "book",
    "confproc": "paper-conference",
    "conf-proc": "paper-conference",
    "conference": "paper-conference",
    "web": "webpage",
    "webpage": "webpage",
    "website": "webpage",
    "report": "report",
    "gov": "report",
    "thesis": "thesis",
    "patent": "patent",
    "data": "dataset",
    "dataset": "dataset",
    "software": "software",
    "preprint": "article",
    "newspaper": "article-newspaper",
    "magazine": "article-magazine",
    "standard": "standard",
    "blog": "post-weblog",
    "commun": "personal_communication",
    "discussion": "article-journal",
}
# The fields a reading of the citation text may fill when the tags left them empty, in
# groups read together: a group the tags touched at all is taken from the text only where
# the text agrees with them (`11(4):45-52` with a tagged volume 11 gives issue and pages;
# with a tagged volume 12 the reading is off and gives nothing).
_FALLBACK_GROUPS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("authors", "et_al"),
    ("editors",),
    ("container_title", "container_title_short"),
    ("issued",),
    ("epub_date",),
    ("ecollection_year",),
    ("volume", "issue", "pages", "pages_raw", "article_number"),
    ("edition",),
    ("publisher", "publisher_place"),
    ("url",),
    ("accessed",),
    ("flags",),
    ("links",),
)
# Fields compared with the tags when their group is partly tagged; a group partly tagged
# in other fields (authors without `et al.`, a journal's full name) is left as tagged.
_AGREEING_FIELDS = frozenset(
    {"volume", "issue", "pages", "article_number", "publisher", "publisher_place"}
)
FALLBACK_DETAIL = "not tagged in the mixed-citation: read from its text by the reference parser"
GUESSED_DETAIL = "not tagged in the mixed-citation: guessed from its text by the reference parser"
# The elements whose text the reader takes as a field; the rest of a printed citation
# (its punctuation, untagged words, `comment` text, `italic` ...) is its untagged text.
_READ_TAGS = frozenset(
    {"person-group", "name", "string-name", "collab", "name-alternatives", "etal"}
    | {"article-title", "chapter-title", "source", "conf-name", "year", "month", "day"}
    | {"season", "date", "volume", "issue", "elocation-id", "edition", "fpage", "lpage"}
    | {"page-range", "pub-id", "object-id", "isbn", "ext-link", "uri", "publisher-name"}
    | {"publisher-loc", "date-in-citation", "label"}
)
_POSITION = ("pages", "pages_raw", "article_number")
_PRINTED_FORMS = ("mixed-citation", "citation")
_ACCESS_DATE_TYPES = frozenset({"", "access-date", "accessed", "cited", "access"})
_ACCESS_WORDS = re.compile(r"^\W*(?:(?:last\s)?(?:cited|accessed)(?:\son)?\s?:?\s?)?", re.I)
_NO_SPACE = re.compile(r"\s+")


def _untagged_people(text: str) -> list[Person]:
    """`Hendrix RW,Roberts JW` (a person group given as plain text) as people."""
    people: list[Person] = []
    for piece in re.split(r"[,;]\s*", text):
        piece = piece.strip()
        if not piece:
            continue
        found, _, rest = parse_author_list(piece)
        if len(found) == 1 and not rest:
            initials = (found[0].initials or "").replace(".", "") or None
            people.append(Person(family=found[0].family, initials=initials, raw=piece))
        else:
            people.append(Person(literal=piece, raw=piece))
    return people


# --- citations ----------------------------------------------------------------------


@dataclass
class _CitationBuilder:
    """What has been read from one citation element so far."""

    element: Element
    values: dict[str, Any] = field(default_factory=dict)
    heuristic: list[FieldSource] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    # DOIs found in the text of tags meant for something else (pages, comments).
    stated_dois: list[str] = field(default_factory=list)

    def guess(self, name: str, value: Any, detail: str) -> None:
        self.values[name] = value
        self.heuristic.append(
            FieldSource(field=name, method="heuristic", span=span_of(self.element), detail=detail)
        )


def read_references(back: Element | None, file: str) -> tuple[Citation, ...]:
    """Every citation of the reference lists in `back`, in document order."""
    if back is None:
        return ()
    citations: list[Citation] = []
    for ref in back.iter("ref"):
        for element in citation_elements(ref):
            citations.append(read_citation(element, file))
    return tuple(citations)


def citation_elements(ref: Element) -> Iterator[Element]:
    """The citations of one `ref`: each citation child, and one form of each
    `citation-alternatives`."""
    for item in ref:
        name = local_name(item)
        if name in CITATION_TAGS:
            yield item
        elif name == "citation-alternatives":
            forms = {local_name(form): form for form in reversed(list(item))}
            chosen = next((forms[n] for n in _PREFERRED_ALTERNATIVE if n in forms), None)
            if chosen is not None:
                yield chosen


def read_citation(element: Element, file: str) -> Citation:
    """One citation element as a `Citation` with provenance and diagnostics."""
    builder = _CitationBuilder(element)
    _read_people(builder)
    _read_titles(builder)
    _read_locators(builder)
    _read_identifiers(builder)
    _read_publisher(builder)
    _read_access_date(builder)
    raw = inline_text(element, CITATION_STYLE)
    parsed = None
    if local_name(element) in _PRINTED_FORMS and raw:
        untagged = _untagged_text(element)
        if untagged.strip(" \t\r\n.,;:()[]–-"):
            # Only text outside the tags can say more than the tags do.
            parsed = parse_reference(raw)
            _fill_from_text(builder, parsed, untagged)
    _decide_type(builder, parsed)
    provenance = Provenance(
        adapter=ADAPTER_NAME, file=file, span=span_of(element), fields=tuple(builder.heuristic)
    )
    values = {name: value for name, value in builder.values.items() if value}
    return Citation(
        raw=raw or None,
        provenance=provenance,
        diagnostics=tuple(builder.notes.items),
        **values,
    )


def _read_people(builder: _CitationBuilder) -> None:
    authors: list[Person] = []
    editors: list[Person] = []
    et_al = False
    for group in children(builder.element, "person-group"):
        role = (group.get("person-group-type") or "author").lower()
        target = _PERSON_GROUP_ROLES.get(role)
        if target is None:
            builder.notes.add(
                "unmapped-person-group", f"{role} names have no citation field", group, "info"
            )
            continue
        people, group_et_al = _group_people(group, builder)
        (authors if target == "authors" else editors).extend(people)
        et_al = et_al or (group_et_al and target == "authors")
    bare_authors, bare_editors, bare_et_al = _bare_people(builder.element)
    authors.extend(bare_authors)
    editors.extend(bare_editors)
    builder.values.update(authors=tuple(authors), editors=tuple(editors), et_al=et_al or bare_et_al)


def _group_people(group: Element, builder: _CitationBuilder) -> tuple[list[Person], bool]:
    named = [p for p in map(read_name, children(group, *_PERSON_TAGS)) if p is not None]
    et_al = child(group, "etal") is not None or bool(_ET_AL.search(_tails(group)))
    if named or not (group.text or "").strip():
        return named, et_al
    people = _untagged_people(inline_text(group))
    builder.heuristic.append(
        FieldSource(
            field="editors" if group.get("person-group-type") == "editor" else "authors",
            method="heuristic",
            span=span_of(group),
            detail="names given as plain text, split at commas",
        )
    )
    return people, et_al


def _tails(element: Element) -> str:
    return " ".join(item.tail or "" for item in element)


def _bare_people(element: Element) -> tuple[list[Person], list[Person], bool]:
    """Names written straight in a mixed-citation, without a person-group.

    A run of names after the title that the text then calls `editors` (`In: Parrish JK,
    Hammer WM, editors, Animal groups ...`) are the editors of the book; others authors.
    """
    authors: list[Person] = []
    editors: list[Person] = []
    run: list[Person] = []
    seen_title = False
    et_al = False
    for item in element:
        name = local_name(item)
        if name in _PERSON_TAGS:
            person = read_name(item)
            if person is not None:
                run.append(person)
            et_al = et_al or bool(_ET_AL.search(item.tail or ""))
            if not seen_title or not _EDITOR_WORDS.search(item.tail or ""):
                continue
            editors.extend(run)
            run = []
            continue
        if name == "etal":
            et_al = True
        if name in ("article-title", "chapter-title"):
            seen_title = True
        authors.extend(run)
        run = []
    authors.extend(run)
    return authors, editors, et_al


def _read_titles(builder: _CitationBuilder) -> None:
    element = builder.element
    title_element = child(element, "chapter-title", "article-title")
    title = _title_text(title_element)
    if title is not None:
        builder.values["title_markup"] = inline_markup(title_element, title)
    # A journal abbreviation keeps its final period (`Proc. Natl. Acad. Sci. U.S.A.`).
    source = child_text(element, "source") or child_text(element, "conf-name")
    # Only a journal article's `source` is its container; a book, report, thesis or web
    # page without a part title is itself the work its `source` names.
    if title is None and _kind(element) not in ("journal", "") and source:
        title, source = strip_final_period(source), None
    builder.values.update(title=title, container_title=source)


def _title_text(element: Element | None) -> str | None:
    if element is None:
        return None
    return strip_final_period(inline_text(element)) or None


def _read_locators(builder: _CitationBuilder) -> None:
    element = builder.element
    date_holder = child(element, "date") if child(element, "year") is None else element
    builder.values.update(
        issued=read_date(date_holder, builder.notes),
        volume=child_text(element, "volume"),
        issue=child_text(element, "issue"),
        article_number=child_text(element, "elocation-id"),
        edition=child_text(element, "edition"),
    )
    first, last = (_without_doi(builder, child(element, tag)) for tag in ("fpage", "lpage"))
    pages = page_range(first, last)
    if pages is None and (written := child_text(element, "page-range")):
        pages = (expand_page_range(written), written)
    if pages is not None:
        builder.values["pages"], raw = pages
        builder.values["pages_raw"] = raw if raw != pages[0] else None


def _without_doi(builder: _CitationBuilder, page: Element | None) -> str | None:
    """The text of a page tag, less a DOI some publishers write into it (`<lpage>2097.
    doi:10.1/x</lpage>`), which is kept as found."""
    text = inline_text(page) if page is not None else ""
    body, dois = _stated_dois(text)
    if not dois:
        return text or None
    builder.stated_dois.extend(dois)
    builder.notes.add("doi-in-page", "a DOI inside a page tag is read as the DOI", page, "info")
    return body.rstrip(" .,;") or None


def _stated_dois(text: str) -> tuple[str, list[str]]:
    """`text` less its `doi:` notes, and their DOIs, as a reference string's are read."""
    if "doi" not in text.lower():
        return text, []  # (the usual case, told without reading notes)
    body, identifiers, *_ = split_notes(text)
    return body, [found.value for found in identifiers if found.scheme == "doi"]


def _read_identifiers(builder: _CitationBuilder) -> None:
    identifiers: list[Identifier] = []
    for item in builder.element.iter("pub-id", "object-id"):
        kind = (item.get("pub-id-type") or "").lower()
        value = inline_text(item)
        scheme = _PUB_ID_SCHEMES.get(kind, kind)
        if value and _SCHEME.match(scheme):
            identifiers.append(Identifier(scheme=scheme, value=_pub_id_value(scheme, value)))
    for item in builder.element.iter("isbn"):
        if value := inline_text(item):
            identifiers.append(Identifier(scheme="isbn", value=value))
    url = None
    for link in builder.element.iter("ext-link", "uri"):
        doi = _doi_of_link(link)
        href = (link.get(XLINK_HREF) or inline_text(link)).strip()
        if doi is not None:
            identifiers.append(Identifier(scheme="doi", value=doi))
        elif url is None and href:
            url = href
    for comment in builder.element.iter("comment"):
        builder.stated_dois.extend(_stated_dois(inline_text(comment))[1])
    identifiers.extend(Identifier(scheme="doi", value=doi) for doi in builder.stated_dois)
    builder.values["identifiers"] = _unique(identifiers)
    builder.values["url"] = url


def _pub_id_value(scheme: str, value: str) -> str:
    if scheme == "pmcid" and value.isdigit():
        return f"PMC{value}"
    return value


def _doi_of_link(link: Element) -> str | None:
    """The DOI an `ext-link` points at: typed `doi`, or a doi.org address."""
    href = (link.get(XLINK_HREF) or "").strip()
    text = inline_text(link)
    if (link.get("ext-link-type") or "").lower() == "doi":
        match = _DOI_IN_TEXT.search(text) or _DOI_IN_TEXT.search(href)
        return match.group(1) if match else None
    for candidate in (href, text):
        url = _DOI_URL.match(candidate)
        if url is not None:
            return url.group(1)
    return None


def _unique(identifiers: Iterable[Identifier]) -> tuple[Identifier, ...]:
    seen: set[tuple[str, str]] = set()
    kept: list[Identifier] = []
    for identifier in identifiers:
        key = (identifier.scheme, identifier.value.lower())
        if key not in seen:
            seen.add(key)
            kept.append(identifier)
    return tuple(kept)


def _read_publisher(builder: _CitationBuilder) -> None:
    builder.values["publisher"] = child_text(builder.element, "publisher-name")
    builder.values["publisher_place"] = child_text(builder.element, "publisher-loc")


def _read_access_date(builder: _CitationBuilder) -> None:
    """`<date-in-citation content-type="access-date">cited 2024 Jan 5</date-in-citation>`
    (or with `year`, `month`, `day` inside) as the date the URL was read."""
    for item in children(builder.element, "date-in-citation"):
        if (item.get("content-type") or "").lower() not in _ACCESS_DATE_TYPES:
            continue
        if child(item, "year") is not None:
            date = read_date(item, builder.notes)
        else:
            text = inline_text(item).strip(" []().")
            date = read_any_date(_ACCESS_WORDS.sub("", text))
            if date is None:
                builder.notes.add("bad-date", "the access date is not a date; left out", item)
        if date is not None:
            builder.values["accessed"] = date
            return


def _untagged_text(element: Element) -> str:
    """The text of a printed citation outside the elements read as fields."""
    parts = [element.text or ""]
    for item in element:
        if local_name(item) not in _READ_TAGS:
            parts.append(_untagged_text(item))
        parts.append(item.tail or "")
    return "".join(parts)


def _fill_from_text(builder: _CitationBuilder, parsed: ParsedCitation, untagged: str) -> None:
    """Fill what the tags of a printed citation left empty from the parser's reading."""
    values = builder.values
    citation = parsed.citation
    evidence = _NO_SPACE.sub("", untagged)
    for group in _FALLBACK_GROUPS:
        tagged = [name for name in group if values.get(name)]
        if tagged and not _agrees(tagged, values, citation):
            continue
        for name in group:
            value = getattr(citation, name)
            if name in tagged or not value or not _stands_in(name, value, evidence):
                continue
            if name in _POSITION and any(values.get(other) for other in _POSITION):
                continue  # the tags said where the article is
            _take(builder, parsed, name, value)
    schemes = {identifier.scheme for identifier in values["identifiers"]}
    found = [
        i
        for i in citation.identifiers
        if i.scheme not in schemes and _NO_SPACE.sub("", i.value) in evidence
    ]
    if found:
        _take(builder, parsed, "identifiers", (*values["identifiers"], *found))
    for piece in parsed.unparsed:
        builder.notes.add(
            "unparsed-text", f"part of the citation no rule placed: {piece!r}", builder.element
        )


def _agrees(tagged: list[str], values: dict[str, Any], citation: Citation) -> bool:
    """Whether a reading may fill the rest of a partly tagged group: only a locator or a
    publisher, and only when it read the tagged parts as tagged."""
    compared = [name for name in tagged if name in _AGREEING_FIELDS]
    return len(compared) == len(tagged) and all(
        _normal(values[name]) == _normal(_read_as(name, citation)) for name in compared
    )


def _read_as(name: str, citation: Citation) -> object:
    # JATS tags an e-locator as `fpage` as often as `elocation-id`: where the article
    # is, as pages or as an article number, is one thing to agree on.
    if name in _POSITION:
        return citation.pages or citation.article_number
    return getattr(citation, name)


def _take(builder: _CitationBuilder, parsed: ParsedCitation, name: str, value: Any) -> None:
    builder.values[name] = value
    guessed = name in parsed.heuristic
    detail = f"{GUESSED_DETAIL} ({parsed.guess})" if guessed and parsed.guess else None
    builder.heuristic.append(
        FieldSource(
            field=name,
            method="heuristic" if guessed else "parsed",
            span=span_of(builder.element),
            detail=detail or (GUESSED_DETAIL if guessed else FALLBACK_DETAIL),
        )
    )


def _normal(value: object) -> str:
    return _NO_SPACE.sub("", str(value or "")).rstrip(".").casefold()


def _stands_in(name: str, value: object, evidence: str) -> bool:
    """Whether the text of `value` is in the untagged text (white space ignored)."""
    if name in ("et_al", "flags", "links"):
        return True  # read from words (`et al.`, `[Preprint]`) rather than copied
    if isinstance(value, tuple):
        return all(_stands_in(name, item, evidence) for item in value)
    if isinstance(value, Person):
        shown = value.family or value.literal or value.raw or ""
        return _NO_SPACE.sub("", shown) in evidence
    if isinstance(value, DateParts):
        return str(value.year) in evidence
    if name == "pages":
        # Expanded (`100-110` of `100-10`): its first page is as written.
        return _NO_SPACE.sub("", str(value)).partition("-")[0] in evidence
    text = _NO_SPACE.sub("", str(value))
    return text in evidence or text.rstrip(".") in evidence


def _kind(element: Element) -> str:
    return (element.get("publication-type") or element.get("citation-type") or "").lower()


def _decide_type(builder: _CitationBuilder, parsed: ParsedCitation | None) -> None:
    """The CSL type from `publication-type`; a book with a chapter is a chapter. Without a
    known one, the type the text names (`[Internet]`, `In:`, `thesis`), else the fields'."""
    kind = _kind(builder.element)
    values = builder.values
    has_part_title = values.get("title") and values.get("container_title")
    if kind == "book":
        values["type"] = "chapter" if has_part_title else "book"
        return
    if kind in _CSL_TYPES:
        values["type"] = _CSL_TYPES[kind]
        return
    named = parsed.citation.type if parsed is not None else None
    if named is not None and named != "article-journal":
        builder.guess("type", named, "no known publication-type: from the words of its text")
        return
    builder.guess("type", _inferred_type(values), "no known publication-type: from the tags")


def _inferred_type(values: dict[str, Any]) -> str:
    if values.get("title") and values.get("container_title"):
        has_locator = values.get("volume") or values.get("pages") or values.get("article_number")
        if has_locator or not values.get("publisher"):
            return "article-journal"
        return "chapter"
    if values.get("container_title_short") or values.get("volume"):
        return "article-journal"
    if values.get("publisher"):
        return "book"
    if values.get("url"):
        return "webpage"
    return "document"
