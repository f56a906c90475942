"""The front matter of a JATS article (`journal-meta`, `article-meta`) as a Record.

Mapping decisions beyond docs/pubmed-record-conventions.md:

- `article-id` `publisher-id` is the `pii` (PubMed lists the publisher's item id so);
  `manuscript` is `nihms`; other id types go to `extra`. Only `article-id`s count, so a
  DOI the text merely mentions never becomes the article's.
- `trans-title` becomes `title` (and `article-title` the `vernacular_title`) only when
  the article is not in English and the translation is, as PubMed's VernacularTitle;
  other translations go to `extra`. A `subtitle` follows the title after `: `.
- `issued` is the print date, else the collection date, else the electronic one; a
  year-only collection date gives way to a precise electronic date and is kept as
  `ecollection_year`. Other `pub-date`s (`pmc-release` ...) join `history`.
- `article-type` gives the CSL type (`book-review` is `review-book`, `product-review`
  `review`, everything else `article-journal`) and is kept in `extra`.
- Only the main abstract (no `abstract-type`) is the abstract; summaries, digests and
  teasers go to `extra`. Each `sec` is a section labelled by its title.
- Affiliations of a contrib-group (or of article-meta) that no `xref` points at belong
  to every contributor of the group; members of a group author's own contrib-group are
  the record's investigators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import _Element as Element

from bibnorm.model import (
    Abstract,
    AbstractSection,
    DateParts,
    Diagnostic,
    FieldSource,
    Grant,
    HistoryDate,
    Identifier,
    JournalInfo,
    Keyword,
    LineSpan,
    Person,
    Provenance,
    Record,
)
from bibnorm.parsing import strip_final_period
from bibnorm.parsing.identifiers import normalise_issn, normalise_orcid
from bibnorm.sources.jats.jats_refs import read_references
from bibnorm.sources.jats.jats_xml import (
    ADAPTER_NAME,
    TITLE_STYLE,
    XLINK_HREF,
    XML_LANG,
    Notes,
    TextStyle,
    child,
    child_text,
    children,
    inline_markup,
    inline_text,
    local_name,
    markup_pieces,
    page_range,
    read_date,
    read_name,
    span_of,
)
from bibnorm.xmltext import fit_markup

_AFF_STYLE = TextStyle(
    skip=frozenset({"label", "institution-id", "xref", "fn", "email"}),
    fields=frozenset({"institution", "institution-wrap", "addr-line", "country", "city"})
    | frozenset({"state", "postal-code", "named-content"}),
    separator=", ",
)
_NOTE_STYLE = TextStyle(skip=frozenset({"label", "title"}))
# An abstract's cross-references are sentence text ("(Dawidowicz 1987; Liu et al., 2013)"),
# unlike the footnote marks a title's are.
_ABSTRACT_STYLE = TextStyle(skip=frozenset({"fn", "target"}))
# eLife closes an abstract with its own DOI: "DOI: http://dx.doi.org/10.7554/eLife.06003.001".
_DOI_LINE = re.compile(r"DOI:?\s*(?:https?://(?:dx\.)?doi\.org/)?(\S+)", re.IGNORECASE)
_ARTICLE_ID_SCHEMES = {
    "pmid": "pmid",
    "pmc": "pmcid",
    "pmcid": "pmcid",
    "doi": "doi",
    "publisher-id": "pii",
    "pii": "pii",
    "manuscript": "nihms",
}
_ARTICLE_TYPES = {"book-review": "review-book", "product-review": "review"}
_COI_TYPES = frozenset(
    {"conflict", "coi-statement", "competing-interests", "conflict-of-interest", "conflicts"}
)
# A statement that repeats its heading in bold: `Competing Interests: The authors ...`.
_COI_LEAD = re.compile(
    r"^(?:competing|conflicts?|declarations?|disclosures?)(?: of)?(?: financial)?"
    r"(?: interests?| statements?)?\s*:\s*",
    re.IGNORECASE,
)
# `abbrev-journal-title` abbrev-types that name an abbreviation we keep apart.
_ABBREV_TYPES = {"nlm-ta": "nlm-ta", "iso-abbrev": "iso-abbrev", "iso": "iso-abbrev"}
_MAIN_ABSTRACT_TYPES = frozenset({"", "structured", "main", "abstract"})


@dataclass
class _ArticleBuilder:
    """What has been read from one article so far."""

    file: str
    values: dict[str, Any] = field(default_factory=dict)
    fields: list[FieldSource] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)

    def set(self, name: str, value: Any, *elements: Element | None) -> None:
        """Set a field from `elements` (its provenance); empty values are not set."""
        if not value:
            return
        self.values[name] = value
        spans = [span for span in map(_span_or_none, elements) if span is not None]
        span = (
            LineSpan(start=min(s.start for s in spans), end=max(s.end for s in spans))
            if spans
            else None
        )
        self.fields = [f for f in self.fields if f.field != name]
        self.fields.append(FieldSource(field=name, span=span))


def _span_or_none(element: Element | None) -> LineSpan | None:
    return span_of(element) if element is not None else None


def read_article(article: Element, file: str, notes: list[Diagnostic]) -> Record:
    """One `article` element as a Record."""
    builder = _ArticleBuilder(file=file)
    front = child(article, "front")
    meta = child(front, "article-meta")
    if meta is None:
        builder.notes.add("no-article-meta", "the article has no <article-meta>", article, "error")
    _read_type(article, builder)
    _read_identifiers(meta, builder)
    _read_titles(meta, article.get(XML_LANG), builder)
    _read_contributors(meta, builder)
    _read_journal(child(front, "journal-meta"), builder)
    _read_dates(meta, builder)
    _read_locator(meta, builder)
    _read_abstract(meta, builder)
    _read_keywords(meta, builder)
    _read_funding(meta, builder)
    _read_conflict_of_interest(article, builder)
    _read_funding_notes(article, builder)
    back = child(article, "back")
    builder.set("references", read_references(back, file), back)
    if lang := article.get(XML_LANG):
        builder.set("languages", (lang,), article)
    return _build_record(article, builder, notes)


def _build_record(article: Element, builder: _ArticleBuilder, notes: list[Diagnostic]) -> Record:
    fields = sorted(builder.fields, key=lambda f: f.span.start if f.span else 0)
    provenance = Provenance(
        adapter=ADAPTER_NAME, file=builder.file, span=span_of(article), fields=tuple(fields)
    )
    diagnostics = sorted([*notes, *builder.notes.items], key=lambda d: d.line or 0)
    return Record(
        provenance=provenance,
        diagnostics=tuple(diagnostics),
        extra=tuple(builder.extra),
        **builder.values,
    )


def _read_type(article: Element, builder: _ArticleBuilder) -> None:
    article_type = (article.get("article-type") or "").strip()
    builder.values["type"] = _ARTICLE_TYPES.get(article_type.lower(), "article-journal")
    if article_type:
        builder.extra.append(("article-type", article_type))


def _read_identifiers(meta: Element | None, builder: _ArticleBuilder) -> None:
    """Identifiers of the article itself: `article-meta/article-id` only, so a DOI the
    text merely mentions never becomes one."""
    identifiers: list[Identifier] = []
    elements = children(meta, "article-id")
    for element in elements:
        kind = (element.get("pub-id-type") or "").strip().lower()
        value = inline_text(element)
        if not value:
            continue
        scheme = _ARTICLE_ID_SCHEMES.get(kind)
        if scheme is None:
            builder.extra.append((f"article-id:{kind or 'untyped'}", value))
        elif scheme == "pmcid" and value.isdigit():
            identifiers.append(Identifier(scheme=scheme, value=f"PMC{value}"))
        else:
            identifiers.append(Identifier(scheme=scheme, value=value))
    builder.set("identifiers", tuple(identifiers), *elements)


def _read_titles(meta: Element | None, language: str | None, builder: _ArticleBuilder) -> None:
    group = child(meta, "title-group")
    title_element = child(group, "article-title")
    subtitle = child(group, "subtitle")
    title = _title_with_subtitle(title_element, subtitle)
    english = _english_translation(group)
    if english is not None and language and not language.lower().startswith("en"):
        english_title = strip_final_period(inline_text(english)) or None
        builder.set("title", english_title, english)
        if english_title is not None:
            builder.set("title_markup", inline_markup(english, english_title), english)
        builder.set("vernacular_title", title, title_element)
        return
    builder.set("title", title, title_element)
    if title is not None:
        builder.set("title_markup", _title_markup(title_element, subtitle, title), title_element)
    for translation, lang in _translations(group):
        builder.extra.append((f"trans-title:{lang or 'untagged'}", inline_text(translation)))


def _title_with_subtitle(title: Element | None, subtitle: Element | None) -> str | None:
    text = inline_text(title, TITLE_STYLE)
    if subtitle is not None and (sub := inline_text(subtitle, TITLE_STYLE)):
        text = f"{text.rstrip(':')}: {sub}" if text else sub
    return strip_final_period(text) or None


def _title_markup(title: Element | None, subtitle: Element | None, text: str) -> str | None:
    """`text` (the title and subtitle as `_title_with_subtitle` joins them) with the
    formatting of both; only titles with child elements are walked again."""
    if not any(element is not None and len(element) for element in (title, subtitle)):
        return None
    pieces = markup_pieces(title)
    if subtitle is not None:
        pieces.append(": ")
        pieces.extend(markup_pieces(subtitle))
    return fit_markup(pieces, text)


def _translations(group: Element | None) -> list[tuple[Element, str | None]]:
    """`(trans-title, its language)`, written straight in the title-group (2.x) or in
    `trans-title-group`s (1.x), which carry the language."""
    found = [(title, title.get(XML_LANG)) for title in children(group, "trans-title")]
    for trans_group in children(group, "trans-title-group"):
        found.extend(
            (title, title.get(XML_LANG) or trans_group.get(XML_LANG))
            for title in children(trans_group, "trans-title")
        )
    return found


def _english_translation(group: Element | None) -> Element | None:
    for title, lang in _translations(group):
        if (lang or "").lower().startswith("en"):
            return title
    return None


# --- contributors -------------------------------------------------------------------


def _read_contributors(meta: Element | None, builder: _ArticleBuilder) -> None:
    if meta is None:
        return
    affiliations = _affiliations(meta)
    referenced = _referenced_affiliations(meta)
    meta_shared = [text for aff, text in _own_affs(meta) if aff.get("id") not in referenced]
    people: dict[str, list[Person]] = {"authors": [], "editors": [], "investigators": []}
    groups = children(meta, "contrib-group")
    for group in groups:
        shared = [text for aff, text in _own_affs(group) if aff.get("id") not in referenced]
        for contrib in children(group, "contrib"):
            _read_contrib(contrib, affiliations, shared, meta_shared, people, builder)
    for name, persons in people.items():
        builder.set(name, tuple(persons), *groups)


def _read_contrib(
    contrib: Element,
    affiliations: dict[str, str],
    shared: list[str],
    meta_shared: list[str],
    people: dict[str, list[Person]],
    builder: _ArticleBuilder,
) -> None:
    role = (contrib.get("contrib-type") or "author").strip().lower()
    target = {"author": "authors", "editor": "editors"}.get(role)
    if target is None:
        builder.notes.add("unmapped-contributor", f"a {role} has no record field", contrib, "info")
        return
    group_affs = shared + (meta_shared if role == "author" else [])
    person = _contributor(contrib, affiliations, group_affs)
    if person is None:
        builder.notes.add("unnamed-contributor", "a contributor without a name", contrib)
        return
    people[target].append(person)
    for collab in children(contrib, "collab"):
        for members in children(collab, "contrib-group"):
            for member in children(members, "contrib"):
                found = _contributor(member, affiliations, [])
                if found is not None:
                    people["investigators"].append(found)


def _contributor(
    contrib: Element, affiliations: dict[str, str], shared: list[str]
) -> Person | None:
    name = child(contrib, "name", "name-alternatives", "string-name", "collab")
    if name is None:
        alternatives = child(contrib, "collab-alternatives")
        name = child(alternatives, "collab")
    person = read_name(name) if name is not None else None
    if person is None:
        return None
    own = [affiliations.get(rid, "") for rid in _xref_ids(contrib, "aff")]
    own += [_aff_text(aff) for aff in children(contrib, "aff")]
    return Person(
        family=person.family,
        given=person.given,
        initials=person.initials,
        suffix=person.suffix,
        literal=person.literal,
        raw=person.raw,
        affiliations=_unique_texts([*own, *shared]),
        orcid=_orcid(contrib),
        equal_contribution=contrib.get("equal-contrib") == "yes",
        corresponding=contrib.get("corresp") == "yes" or bool(_xref_ids(contrib, "corresp")),
    )


def _xref_ids(contrib: Element, ref_type: str) -> list[str]:
    ids: list[str] = []
    for xref in children(contrib, "xref"):
        if xref.get("ref-type") == ref_type:
            ids.extend((xref.get("rid") or "").split())
    return ids


def _affiliations(meta: Element) -> dict[str, str]:
    """Affiliation text by id, without its label (`1`, `a`)."""
    found: dict[str, str] = {}
    for element in meta.iter("aff", "aff-alternatives"):
        aff = child(element, "aff") if local_name(element) == "aff-alternatives" else element
        identifier = element.get("id")
        if identifier and aff is not None and identifier not in found:
            found[identifier] = _aff_text(aff)
    return found


def _aff_text(aff: Element) -> str:
    text = inline_text(aff, _AFF_STYLE)
    first = aff[0] if len(aff) else None
    # Older PMC files mark the label with a leading `<sup>` instead of `<label>`.
    if first is not None and local_name(first) == "sup" and not (aff.text or "").strip():
        label = inline_text(first)
        text = text.removeprefix(label).lstrip(" ,")
    return text


def _own_affs(parent: Element) -> list[tuple[Element, str]]:
    return [(aff, _aff_text(aff)) for aff in children(parent, "aff")]


def _referenced_affiliations(meta: Element) -> set[str]:
    return {
        rid
        for xref in meta.iter("xref")
        if xref.get("ref-type") == "aff"
        for rid in (xref.get("rid") or "").split()
    }


def _unique_texts(texts: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text for text in texts if text))


def _orcid(contrib: Element) -> str | None:
    """The bare ORCID iD (`0000-0002-1825-0097`) of a `contrib-id` or ORCID `uri`."""
    for element in contrib.iter("contrib-id", "uri", "ext-link"):
        kind = (element.get("contrib-id-type") or element.get("content-type") or "").lower()
        if kind != "orcid":
            continue
        orcid = normalise_orcid(inline_text(element)) or normalise_orcid(
            element.get(XLINK_HREF) or ""
        )
        if orcid is not None:
            return orcid
    return None


# --- journal ------------------------------------------------------------------------


def _read_journal(journal: Element | None, builder: _ArticleBuilder) -> None:
    if journal is None:
        return
    title_group = child(journal, "journal-title-group")
    title = child(title_group, "journal-title")
    if title is None:
        title = child(journal, "journal-title")
    builder.set("container_title", inline_text(title) or None, title)
    abbreviations = _journal_abbreviations(journal, title_group)
    short = abbreviations.get("nlm-ta") or abbreviations.get("iso-abbrev") or abbreviations.get("")
    builder.set("container_title_short", short, journal)
    issns = _issns(journal, builder)
    info = JournalInfo(
        issn_print=issns.get("print"),
        issn_electronic=issns.get("electronic"),
        issn_linking=issns.get("linking"),
        nlm_unique_id=abbreviations.get("nlm-journal-id"),
        medline_ta=abbreviations.get("nlm-ta"),
        iso_abbreviation=abbreviations.get("iso-abbrev"),
    )
    if info != JournalInfo():
        builder.set("journal", info, journal)
    publisher = child(journal, "publisher")
    builder.set("publisher", child_text(publisher, "publisher-name"), publisher)
    builder.set("publisher_place", child_text(publisher, "publisher-loc"), publisher)


def _journal_abbreviations(journal: Element, title_group: Element | None) -> dict[str, str]:
    """Journal names by type: `journal-id` (nlm-ta, iso-abbrev, nlm-journal-id) and
    `abbrev-journal-title` (its abbrev-type, `iso` read as iso-abbrev; "" when untyped
    or the publisher's)."""
    found: dict[str, str] = {}
    for element in children(journal, "journal-id"):
        kind = (element.get("journal-id-type") or "").lower()
        if kind in ("nlm-ta", "iso-abbrev", "nlm-journal-id") and (text := inline_text(element)):
            found.setdefault(kind, text)
    abbreviated = children(title_group, "abbrev-journal-title")
    for element in abbreviated + children(journal, "abbrev-journal-title"):
        kind = _ABBREV_TYPES.get((element.get("abbrev-type") or "").lower(), "")
        if text := inline_text(element):
            found.setdefault(kind, text)
    return found


def _issns(journal: Element, builder: _ArticleBuilder) -> dict[str, str]:
    """ISSNs by medium (`print`, `electronic`, `linking`), checked against NNNN-NNNC."""
    found: dict[str, str] = {}
    for element in [*children(journal, "issn"), *children(journal, "issn-l")]:
        medium = _issn_medium(element)
        value = inline_text(element)
        issn = normalise_issn(value)
        if issn is None:
            builder.extra.append((f"issn:{medium}", value))
            builder.notes.add("bad-issn", f"{value!r} is not an ISSN (NNNN-NNNC)", element)
        else:
            found.setdefault(medium, issn)
    return found


def _issn_medium(element: Element) -> str:
    if local_name(element) == "issn-l":
        return "linking"
    kind = (element.get("pub-type") or element.get("publication-format") or "").lower()
    if kind in ("ppub", "print"):
        return "print"
    if kind in ("epub", "electronic", "online"):
        return "electronic"
    return kind or "print"


# --- dates and locator --------------------------------------------------------------


def _pub_date_kind(element: Element) -> str:
    """`ppub`, `epub`, `collection`, `pmc-release` ... in either JATS vocabulary
    (2.x `pub-type`, 1.x `date-type` with `publication-format`)."""
    pub_type = (element.get("pub-type") or "").strip().lower()
    if pub_type:
        return pub_type
    date_type = (element.get("date-type") or "pub").strip().lower()
    medium = (element.get("publication-format") or "").strip().lower()
    if date_type == "pub":
        return {"print": "ppub", "electronic": "epub"}.get(medium, "pub")
    return date_type


def _read_dates(meta: Element | None, builder: _ArticleBuilder) -> None:
    dated: dict[str, tuple[DateParts, Element]] = {}
    for element in children(meta, "pub-date"):
        date = read_date(element, builder.notes)
        if date is not None:
            dated.setdefault(_pub_date_kind(element), (date, element))
    issued_kind = _issued_kind(dated)
    if issued_kind is not None:
        builder.set("issued", dated[issued_kind][0], dated[issued_kind][1])
    if "epub" in dated:
        builder.set("epub_date", dated["epub"][0], dated["epub"][1])
    if "collection" in dated and issued_kind != "collection":
        builder.set("ecollection_year", dated["collection"][0].year, dated["collection"][1])
    used = {"ppub", "pub", "epub-ppub", "epub", "collection"}
    history = [
        HistoryDate(status=kind, date=date) for kind, (date, _) in dated.items() if kind not in used
    ]
    history_element = child(meta, "history")
    for element in children(history_element, "date"):
        date = read_date(element, builder.notes)
        if date is not None:
            status = (element.get("date-type") or "unknown").strip().lower()
            history.append(HistoryDate(status=status, date=date))
    builder.set("history", tuple(history), history_element)


def _issued_kind(dated: dict[str, tuple[DateParts, Element]]) -> str | None:
    """Which pub-date is the publication date: print first, then the collection (an
    issue's date) unless it is a bare year and an electronic date is more precise."""
    for kind in ("ppub", "pub", "epub-ppub"):
        if kind in dated:
            return kind
    collection = dated.get("collection")
    if collection is not None and (
        collection[0].month is not None or collection[0].season or "epub" not in dated
    ):
        return "collection"
    if "epub" in dated:
        return "epub"
    return "collection" if collection is not None else next(iter(dated), None)


def _read_locator(meta: Element | None, builder: _ArticleBuilder) -> None:
    builder.set("volume", child_text(meta, "volume"), child(meta, "volume"))
    builder.set("issue", child_text(meta, "issue"), child(meta, "issue"))
    first, last = child(meta, "fpage"), child(meta, "lpage")
    pages = page_range(child_text(meta, "fpage"), child_text(meta, "lpage"))
    if pages is None and (written := child_text(meta, "page-range")):
        pages = (written, written)
    elocation = child(meta, "elocation-id")
    if pages is not None:
        builder.set("pages", pages[0], first, last)
        if pages[1] != pages[0]:
            builder.set("pages_raw", pages[1], first, last)
        if elocation is not None:
            builder.extra.append(("elocation-id", inline_text(elocation)))
    else:
        builder.set("article_number", inline_text(elocation) or None, elocation)


# --- abstract, keywords, funding, conflict of interest ------------------------------


def _read_abstract(meta: Element | None, builder: _ArticleBuilder) -> None:
    abstracts = children(meta, "abstract")
    main = [a for a in abstracts if (a.get("abstract-type") or "") in _MAIN_ABSTRACT_TYPES]
    for other in abstracts:
        if not main or other is not main[0]:
            kind = other.get("abstract-type") or "untyped"
            builder.extra.append((f"abstract:{kind}", inline_text(other, _NOTE_STYLE)))
    if not main:
        return
    object_dois = {inline_text(o) for o in children(main[0], "object-id")} - {""}
    builder.extra.extend(("abstract:object-id", doi) for doi in sorted(object_dois))
    sections = tuple(_abstract_sections(main[0], label=None, object_dois=object_dois))
    if sections:
        permissions = child(meta, "permissions")
        copyright_text = child_text(permissions, "copyright-statement")
        builder.set("abstract", Abstract(sections=sections, copyright=copyright_text), main[0])


def _abstract_sections(
    element: Element, label: str | None, object_dois: set[str]
) -> Iterator[AbstractSection]:
    """A section per `sec` (labelled by its title) and per paragraph outside any `sec`;
    a paragraph that only repeats the abstract's own DOI (`object_dois`) is left out."""
    paragraphs: list[str] = []
    for item in element:
        name = local_name(item)
        if name == "sec":
            yield from _flush(paragraphs, label)
            paragraphs = []
            title = strip_final_period(child_text(item, "title") or "").rstrip(":") or None
            yield from _abstract_sections(item, title or label, object_dois)
        elif name and name not in ("title", "label", "object-id"):
            text = inline_text(item, _ABSTRACT_STYLE)
            line = _DOI_LINE.fullmatch(text)
            if line and line.group(1) in object_dois:
                continue
            if text and label is None:
                yield AbstractSection(text=text)
            elif text:
                paragraphs.append(text)
    yield from _flush(paragraphs, label)


def _flush(paragraphs: list[str], label: str | None) -> Iterator[AbstractSection]:
    if paragraphs:
        yield AbstractSection(text=" ".join(paragraphs), label=label)


def _read_keywords(meta: Element | None, builder: _ArticleBuilder) -> None:
    keywords: list[Keyword] = []
    groups = children(meta, "kwd-group")
    for group in groups:
        owner = group.get("kwd-group-type") or None
        for kwd in group.iter("kwd"):
            if term := inline_text(kwd):
                keywords.append(Keyword(term=term, owner=owner))
    builder.set("keywords", tuple(keywords), *groups)


def _read_funding(meta: Element | None, builder: _ArticleBuilder) -> None:
    grants: list[Grant] = []
    groups = children(meta, "funding-group")
    for group in groups:
        for award in children(group, "award-group"):
            grants.extend(_award_grants(award))
        for statement in children(group, "funding-statement"):
            builder.extra.append(("funding-statement", inline_text(statement)))
    grants.extend(_contract_grants(meta))
    builder.set("grants", tuple(grants), *groups)


def _award_grants(award: Element) -> list[Grant]:
    sources = [_funder_name(source) for source in children(award, "funding-source")]
    agency = "; ".join(source for source in sources if source) or None
    award_ids = [text for text in map(inline_text, children(award, "award-id")) if text]
    if award_ids:
        return [Grant(grant_id=award_id, agency=agency) for award_id in award_ids]
    return [Grant(agency=source) for source in sources if source]


def _funder_name(source: Element) -> str:
    institutions = [inline_text(i) for i in source.iter("institution")]
    if any(institutions):
        return "; ".join(text for text in institutions if text)
    return inline_text(source, TextStyle(skip=frozenset({"institution-id"})))


def _contract_grants(meta: Element | None) -> list[Grant]:
    """NLM 2.x funding: `contract-num` (linked by `rid`) and `contract-sponsor`."""
    sponsors = {s.get("id"): inline_text(s) for s in children(meta, "contract-sponsor")}
    linked: set[str | None] = set()
    grants: list[Grant] = []
    for number in children(meta, "contract-num"):
        rid = number.get("rid")
        linked.add(rid)
        grants.append(Grant(grant_id=inline_text(number) or None, agency=sponsors.get(rid)))
    grants.extend(Grant(agency=name) for key, name in sponsors.items() if key not in linked)
    return [grant for grant in grants if grant != Grant()]


def _read_conflict_of_interest(article: Element, builder: _ArticleBuilder) -> None:
    statements: list[str] = []
    elements: list[Element] = []
    for element in _own_elements(article, "fn", "notes", "sec"):
        kind = element.get("fn-type") or element.get("notes-type") or element.get("sec-type")
        if (kind or "").lower() not in _COI_TYPES:
            continue
        text = _COI_LEAD.sub("", inline_text(element, _NOTE_STYLE))
        if text and text not in statements:
            statements.append(text)
            elements.append(element)
    builder.set("conflict_of_interest", " ".join(statements) or None, *elements)


def _read_funding_notes(article: Element, builder: _ArticleBuilder) -> None:
    """Footnotes on funding (PLOS's `financial-disclosure`): no Grant field takes a
    statement, so it is kept in `extra` like a `funding-statement`."""
    for note in _own_elements(article, "fn"):
        if (note.get("fn-type") or "").lower() == "financial-disclosure":
            text = re.sub(r"^funding\s*:\s*", "", inline_text(note, _NOTE_STYLE), flags=re.I)
            if text:
                builder.extra.append(("funding-statement", text))


def _own_elements(article: Element, *names: str) -> Iterator[Element]:
    """Elements of the article itself, not of its sub-articles or responses."""
    for element in article.iter(*names):
        if not any(local_name(a) in ("sub-article", "response") for a in element.iterancestors()):
            yield element
