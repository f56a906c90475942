"""Bibliographic meta tags of a saved HTML page: the `html-meta` source adapter.

Most publisher pages describe their article in `<meta>` tags of the Highwire Press
vocabulary that Google Scholar reads (`citation_title`, `citation_author`,
`citation_journal_title`, `citation_doi` ...), often with Dublin Core (`DC.title`,
`DC.creator`) and PRISM (`prism.volume`) tags beside them. This module reads those tags
(`read_meta_tags`) for any page: the `pubmed-html` and `pmc-html` adapters use it to fill
what their page body lacks, and the `html-meta` adapter here reads pages that are neither
PubMed's nor PMC's from their tags alone.

Mapping decisions:

- Highwire tags win over PRISM, which win over Dublin Core, field by field.
- `citation_author` may be followed by `citation_author_institution`,
  `citation_author_orcid` and `citation_author_email`, which belong to that author;
  `citation_authors` (one tag, names split at `;`, or at `,` and `and`) is the older form.
- A date is read as `parse_page_date` reads it (`06/19/2022` is month first, as NCBI and
  Highwire write it). `citation_online_date` is the electronic date.
- `citation_issn` cannot say print from electronic: it is kept in `extra`;
  `prism.issn` and `prism.eIssn` are the print and electronic ISSN.
- `citation_reference` tags are the references: `key=value` pairs in the Highwire form,
  else a reference string read by `parse_reference`.
- A relative URL is kept in `extra`, never as the record's `url`. Every other
  bibliographic tag no field takes is kept in `extra`; site tags (`robots`, `viewport`,
  `og:*`) are not bibliographic and are left alone.
- The page body is not read by `html-meta`: one note says how much text it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    FailedRecord,
    FieldSource,
    Identifier,
    JournalInfo,
    Keyword,
    LineSpan,
    Person,
    Provenance,
    Record,
)
from bibnorm.parsing import parse_reference, strip_final_period
from bibnorm.parsing.identifiers import normalise_issn, normalise_orcid
from bibnorm.parsing.pages import page_fields
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.html.html_page import (
    Element,
    RecordBuilder,
    doi_in_text,
    failed,
    is_html,
    joined_span,
    merge_identifiers,
    parse_page_date,
    person_from_name,
    read_page,
    span_of,
    text_of,
)

ADAPTER_NAME = "html-meta"
CODE = "html_meta"
META_DETAIL = "from the page's citation_* / Dublin Core meta tags"

_BIBLIOGRAPHIC = re.compile(r"^(?:citation_|dc\.|dcterms\.|prism\.)", re.IGNORECASE)
_CITATION_TITLE_TAG = re.compile(
    r"<meta\s[^>]*(?:name|property)\s*=\s*[\"']citation_title[\"']", re.IGNORECASE
)
_ANY_META_TAG = re.compile(
    r"<meta\s[^>]*name\s*=\s*[\"'](?:citation_\w+|dc\.(?:title|creator|identifier))[\"']",
    re.IGNORECASE,
)
_REFERENCE_PAIR = re.compile(r"(citation_\w+)\s*=\s*(.*?)\s*(?=;\s*citation_\w+\s*=|;?\s*$)")
_AND = re.compile(r"\s*(?:,\s*and\s+|\band\s+|,)\s*")


@dataclass(frozen=True)
class MetaTag:
    """One `<meta>` tag: its name lower-cased, its content, its element (for its line)."""

    name: str
    content: str
    element: Element


def meta_tags(root: Element) -> list[MetaTag]:
    """The bibliographic meta tags of a page (`citation_*`, `DC.*`, `dcterms.*`,
    `prism.*`), in page order."""
    found: list[MetaTag] = []
    for element in root.iter("meta"):
        name = (element.get("name") or element.get("property") or "").strip()
        content = " ".join((element.get("content") or "").split())
        if name and content and _BIBLIOGRAPHIC.match(name):
            found.append(MetaTag(name=name.lower(), content=content, element=element))
    return found


def _first(tags: list[MetaTag], *names: str) -> MetaTag | None:
    for name in names:
        for tag in tags:
            if tag.name == name:
                return tag
    return None


def _all(tags: list[MetaTag], *names: str) -> list[MetaTag]:
    return [tag for tag in tags if tag.name in names]


def read_meta_tags(
    tags: list[MetaTag], builder: RecordBuilder, *, fill_only: bool = True
) -> set[MetaTag]:
    """Set the record fields the tags give; with `fill_only`, only fields still empty.

    Returns the tags a field took; the caller decides what becomes of the
    others (`extra_meta`).
    """
    used: set[MetaTag] = set()

    def take(field_name: str, value: Any, *found: MetaTag | None) -> None:
        put = builder.fill if fill_only else builder.set
        present = [tag for tag in found if tag is not None]
        if value is None or value == () or value == "" or not present:
            return
        if field_name == "identifiers" and fill_only:
            # Identifiers add up by scheme: the body may show a PMCID, the tags a PMID.
            known = builder.values.get("identifiers", ())
            value = merge_identifiers(known, value)
            if value == known:
                used.update(present)
                return
            put = builder.set
        put(field_name, value, *(tag.element for tag in present), detail=META_DETAIL)
        used.update(present)

    title = _first(tags, "citation_title", "dc.title", "dcterms.title")
    if title is not None:
        take("title", strip_final_period(title.content), title)
    _read_authors(tags, take)
    journal = _first(tags, "citation_journal_title", "prism.publicationname")
    take("container_title", journal.content if journal else None, journal)
    abbreviation = _first(tags, "citation_journal_abbrev")
    take("container_title_short", abbreviation.content if abbreviation else None, abbreviation)
    _read_container_kind(tags, take)
    publisher = _first(
        tags,
        "citation_publisher",
        "citation_dissertation_institution",
        "citation_technical_report_institution",
        "dc.publisher",
        "dcterms.publisher",
    )
    take("publisher", publisher.content if publisher else None, publisher)
    _read_dates(tags, take)
    for field_name, names in (
        ("volume", ("citation_volume", "prism.volume")),
        ("issue", ("citation_issue", "prism.number", "prism.issueidentifier")),
    ):
        found = _first(tags, *names)
        take(field_name, found.content if found else None, found)
    first = _first(tags, "citation_firstpage", "prism.startingpage")
    last = _first(tags, "citation_lastpage", "prism.endingpage")
    if first is not None and not builder.values.get("article_number"):
        written = (
            f"{first.content}-{last.content}"
            if last and last.content != first.content
            else first.content
        )
        for field_name, value in page_fields(written).items():
            take(field_name, value, first, last)
    _read_identifiers(tags, take)
    _read_journal_info(tags, take)
    language = _all(tags, "citation_language", "dc.language", "dcterms.language")
    take("languages", tuple(dict.fromkeys(tag.content for tag in language)), *language)
    _read_keywords(tags, take)
    abstract = _first(tags, "citation_abstract", "dcterms.abstract", "dc.description")
    if abstract is not None:
        text = text_of_markup(abstract.content)
        take("abstract", Abstract(sections=(AbstractSection(text=text),)), abstract)
    url = _first(
        tags, "citation_abstract_html_url", "citation_fulltext_html_url", "citation_public_url"
    )
    if url is not None and url.content.startswith(("http://", "https://")):
        take("url", url.content, url)
    references = _all(tags, "citation_reference")
    citations = tuple(read_meta_reference(tag, builder.adapter, builder.file) for tag in references)
    take("references", citations, *references)
    return used


def text_of_markup(content: str) -> str:
    """A meta tag's content as text: some pages put markup (`<p>`, `<i>`) in it."""
    if "<" not in content:
        return content
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)).strip()


def _read_authors(tags: list[MetaTag], take: Callable[..., None]) -> None:
    people: list[Person] = []
    sources: list[MetaTag] = []
    for tag in tags:
        if tag.name == "citation_author":
            person = person_from_name(tag.content)
            if person is not None:
                people.append(person)
                sources.append(tag)
        elif tag.name in ("citation_author_institution", "citation_author_affiliation") and people:
            people[-1] = replace(people[-1], affiliations=(*people[-1].affiliations, tag.content))
            sources.append(tag)
        elif tag.name == "citation_author_orcid" and people:
            people[-1] = replace(people[-1], orcid=normalise_orcid(tag.content))
            sources.append(tag)
        elif tag.name == "citation_author_email" and people:
            people[-1] = replace(people[-1], corresponding=True)
            sources.append(tag)
    if not people:
        joined = _first(tags, "citation_authors")
        if joined is not None:
            separator = ";" if ";" in joined.content else None
            names = joined.content.split(";") if separator else _AND.split(joined.content)
            people = [p for p in map(person_from_name, names) if p is not None]
            sources = [joined]
    if not people:
        sources = _all(tags, "dc.creator", "dcterms.creator") or _all(tags, "dc.contributor")
        people = [p for p in (person_from_name(tag.content) for tag in sources) if p is not None]
    take("authors", tuple(people), *sources)


def _read_container_kind(tags: list[MetaTag], take: Callable[..., None]) -> None:
    conference = _first(tags, "citation_conference_title", "citation_conference")
    book = _first(tags, "citation_inbook_title", "citation_book_title")
    if conference is not None:
        take("container_title", conference.content, conference)
        take("type", "paper-conference", conference)
    elif book is not None:
        take("container_title", book.content, book)
        take("type", "chapter", book)
    elif (thesis := _first(tags, "citation_dissertation_institution")) is not None:
        take("type", "thesis", thesis)
    elif (report := _first(tags, "citation_technical_report_institution")) is not None:
        take("type", "report", report)


def _read_dates(tags: list[MetaTag], take: Callable[..., None]) -> None:
    issued = _first(
        tags,
        "citation_publication_date",
        "citation_date",
        "citation_cover_date",
        "prism.publicationdate",
        "prism.coverdate",
        "dc.date",
        "dcterms.issued",
        "dcterms.date",
        "citation_year",
    )
    if issued is not None:
        take("issued", parse_page_date(issued.content), issued)
    online = _first(tags, "citation_online_date")
    if online is not None:
        take("epub_date", parse_page_date(online.content), online)


def _read_identifiers(tags: list[MetaTag], take: Callable[..., None]) -> None:
    identifiers: list[Identifier] = []
    sources: list[MetaTag] = []
    doi = _first(tags, "citation_doi", "prism.doi")
    if doi is None:
        doi = next((t for t in _all(tags, "dc.identifier") if doi_in_text(t.content)), None)
    if doi is not None and (value := doi_in_text(doi.content) or doi.content):
        identifiers.append(Identifier(scheme="doi", value=value.removeprefix("doi:").strip()))
        sources.append(doi)
    for name, scheme in (("citation_pmid", "pmid"), ("citation_pmcid", "pmcid")):
        found = _first(tags, name)
        if found is not None:
            identifiers.append(Identifier(scheme=scheme, value=found.content))
            sources.append(found)
    for isbn in _all(tags, "citation_isbn"):
        identifiers.append(Identifier(scheme="isbn", value=isbn.content))
        sources.append(isbn)
    take("identifiers", tuple(identifiers), *sources)


def _read_journal_info(tags: list[MetaTag], take: Callable[..., None]) -> None:
    print_issn = _first(tags, "prism.issn")
    electronic = _first(tags, "prism.eissn")
    info = JournalInfo(
        issn_print=normalise_issn(print_issn.content) if print_issn else None,
        issn_electronic=normalise_issn(electronic.content) if electronic else None,
    )
    if info.issn_print or info.issn_electronic:
        take("journal", info, print_issn, electronic)


def _read_keywords(tags: list[MetaTag], take: Callable[..., None]) -> None:
    found = _all(tags, "citation_keywords")
    if not found:
        found = _all(tags, "dc.subject", "dcterms.subject")
    terms: list[str] = []
    for tag in found:
        separator = ";" if ";" in tag.content else ","
        terms.extend(term.strip() for term in tag.content.split(separator) if term.strip())
    take("keywords", tuple(Keyword(term=term) for term in dict.fromkeys(terms)), *found)


# Tags that repeat, in another vocabulary, a field a Highwire tag usually gives.
_FIELD_OF_TAG = {
    "dc.title": "title",
    "dcterms.title": "title",
    "dc.creator": "authors",
    "dc.contributor": "authors",
    "dcterms.creator": "authors",
    "dc.date": "issued",
    "dcterms.issued": "issued",
    "dcterms.date": "issued",
    "prism.publicationdate": "issued",
    "prism.coverdate": "issued",
    "citation_date": "issued",
    "citation_year": "issued",
    "citation_cover_date": "issued",
    "dc.identifier": "identifiers",
    "dc.publisher": "publisher",
    "dcterms.publisher": "publisher",
    "dc.language": "languages",
    "dcterms.language": "languages",
    "prism.publicationname": "container_title",
    "prism.volume": "volume",
    "prism.number": "issue",
    "prism.startingpage": "pages",
    "prism.endingpage": "pages",
    "prism.doi": "identifiers",
    "dc.subject": "keywords",
    "dc.description": "abstract",
}


def extra_meta(
    tags: list[MetaTag], used: set[MetaTag], values: dict[str, Any]
) -> list[tuple[str, str]]:
    """The bibliographic tags no field took, as `(name, content)` pairs for `extra`.

    A tag that only repeats a field already set (`DC.Title` beside `citation_title`) is
    not kept twice, unless its value differs from every tag a field took.
    """
    used_contents = {tag.content.lower() for tag in tags if tag in used}
    kept: list[tuple[str, str]] = []
    for tag in tags:
        if tag in used:
            continue
        repeated_field = _FIELD_OF_TAG.get(tag.name)
        if repeated_field in values and tag.content.lower() in used_contents:
            continue
        if repeated_field == "authors" and "authors" in values:
            continue
        kept.append((tag.name, tag.content))
    return kept


# --- citation_reference -------------------------------------------------------------


def read_meta_reference(tag: MetaTag, adapter: str, file: str) -> Citation:
    """One `citation_reference` tag as a citation."""
    span = span_of(tag.element)
    pairs = _REFERENCE_PAIR.findall(tag.content) if "citation_" in tag.content else []
    if not pairs:
        parsed = parse_reference(tag.content)
        fields = tuple(
            FieldSource(field=name, method="heuristic", span=span, detail=parsed.guess)
            for name in sorted(parsed.heuristic)
        )
        provenance = Provenance(adapter=adapter, file=file, span=span, fields=fields)
        return replace(parsed.citation, raw=tag.content, provenance=provenance)
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key.lower(), []).append(value.strip())

    def one(*keys: str) -> str | None:
        for key in keys:
            if values.get(key):
                return values[key][0]
        return None

    first, last = one("citation_firstpage"), one("citation_lastpage")
    written = f"{first}-{last}" if first and last and last != first else first
    pages = page_fields(written)
    identifiers = []
    if doi := one("citation_doi"):
        identifiers.append(Identifier(scheme="doi", value=doi))
    if pmid := one("citation_pmid"):
        identifiers.append(Identifier(scheme="pmid", value=pmid))
    journal = one("citation_journal_title")
    book = one("citation_inbook_title", "citation_book_title")
    title = one("citation_title", "citation_article_title")
    date = one("citation_publication_date", "citation_date", "citation_year")
    return Citation(
        type="chapter" if book and title else ("book" if book else "article-journal"),
        title=strip_final_period(title) if title else (book if not journal and book else None),
        authors=tuple(
            p for p in map(person_from_name, values.get("citation_author", [])) if p is not None
        ),
        container_title=journal or (book if title else None),
        issued=parse_page_date(date),
        volume=one("citation_volume"),
        issue=one("citation_issue"),
        pages=pages.get("pages"),
        pages_raw=pages.get("pages_raw"),
        publisher=one("citation_publisher"),
        identifiers=tuple(identifiers),
        raw=tag.content,
        provenance=Provenance(adapter=adapter, file=file, span=span),
    )


# --- the adapter --------------------------------------------------------------------


def _sniff_score(text: str) -> float:
    if not is_html(text):
        return 0.0
    if _CITATION_TITLE_TAG.search(text):
        return 0.7
    return 0.55 if _ANY_META_TAG.search(text) else 0.0


class HtmlMetaAdapter:
    """Reads any saved HTML page from its citation_* / Dublin Core / PRISM meta tags."""

    name = ADAPTER_NAME
    description = (
        "saved HTML page of any publisher: its citation_* (Highwire), Dublin Core and "
        "PRISM meta tags"
    )

    def sniff(self, sample: Sample) -> float:
        """0.7 for an HTML page with a `citation_title` tag, 0.55 for one with other
        citation tags or a DC title/creator/identifier, else 0. Below the PubMed and PMC
        page adapters, which read their pages' bodies too."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per page, or a `FailedRecord` for a page without such tags."""
        yield from read_page(source, ADAPTER_NAME, CODE, partial(self._read_page, source))

    def _read_page(self, source: Source, root: Element) -> Iterator[Record | FailedRecord]:
        tags = meta_tags(root)
        if not tags:
            message = "the page has no citation_* or Dublin Core meta tags to read"
            yield failed(source, ADAPTER_NAME, CODE, "no-meta-tags", message)
            return
        builder = RecordBuilder(adapter=ADAPTER_NAME, code=CODE, file=source.name)
        used = read_meta_tags(tags, builder, fill_only=False)
        builder.extra.extend(extra_meta(tags, used, builder.values))
        if "title" not in builder.values:
            builder.note("no-title", "no citation_title or DC.title tag: the record has no title")
        _note_body(root, builder)
        values = builder.values
        is_journal = any(values.get(f) for f in ("container_title", "volume", "identifiers"))
        span = joined_span(tag.element for tag in tags) or LineSpan(start=1, end=1)
        yield builder.build(span, "article-journal" if is_journal else "webpage")


def _note_body(root: Element, builder: RecordBuilder) -> None:
    body = root.find("body")
    text = text_of(body) if body is not None else ""
    if text:
        words = len(text.split())
        builder.note(
            "body-not-read",
            f"the page body ({words} words) is not read: only its meta tags are",
            body,
            severity="info",
            text=text[:300],
        )


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `html-meta` adapter."""
    register(HtmlMetaAdapter())


__all__ = [
    "ADAPTER_NAME",
    "HtmlMetaAdapter",
    "MetaTag",
    "bibnorm_register_sources",
    "extra_meta",
    "meta_tags",
    "read_meta_tags",
]
