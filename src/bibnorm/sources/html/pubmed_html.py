"""PubMed abstract pages saved as HTML: the `pubmed-html` source adapter.

Three layouts are read, each told by its markup, not by the file name:

- current (pubmed.ncbi.nlm.nih.gov, 2020-): `#article-details` with `h1.heading-title`,
  the author list with affiliation links, `#full-view-identifiers`, `#abstract`, and the
  `#similar`, `#citedby`, `#references`, `#publication-types`, `#mesh-terms`,
  `#substances`, `#grants` and `#linkout` sections;
- legacy abstract view (www.ncbi.nlm.nih.gov/pubmed, about 2012-2019): `div.rprt.abstract`
  with `div.cit`, `h1`, `div.auths`, `div.afflist`, `div.abstr`, `dl.rprtid` and the
  `morecit` blocks (publication types, MeSH terms, substances, grants, LinkOut);
- legacy AbstractPlus (about 2007-2009): `dl.AbstractPlusReport` with its "Related
  articles" list.

The article's own meta tags (`citation_*`, read by `citation_meta`) fill what the body
lacks. List entries carry the identifiers of their links (see `html_related`). Page text
that no field took, in the article's part of the page, is reported as
`pubmed_html.unclaimed-text`; navigation, forms, sharing and comment widgets are chrome.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Abstract,
    AbstractSection,
    FailedRecord,
    Identifier,
    Keyword,
    LineSpan,
    Person,
    Record,
)
from bibnorm.parsing import (
    label_category,
    merge_mesh_headings,
    parse_abstract,
    parse_citation_notes,
    parse_grant,
    parse_keywords,
    parse_locator,
    parse_mesh_term,
    parse_publication_type,
    parse_substance,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.pages import page_fields
from bibnorm.parsing.pubtypes import csl_type
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.html.citation_meta import extra_meta, meta_tags, read_meta_tags
from bibnorm.sources.html.html_page import (
    Coverage,
    Element,
    RecordBuilder,
    author_runs,
    by_id,
    classes,
    either,
    failed,
    find_class,
    first_class,
    has_class,
    identifiers_of_href,
    is_element,
    is_html,
    keyed_text,
    merge_identifiers,
    meta_pattern,
    person_from_name,
    read_page,
    report_unclaimed,
    span_of,
    text_of,
)
from bibnorm.sources.html.html_related import brief_citation, docsum_citation, reference_citation

ADAPTER_NAME = "pubmed-html"
CODE = "pubmed_html"

_SNIFF_MARKERS = (
    meta_pattern("ncbi_db", "pubmed"),
    re.compile(r"class=[\"']rprt abstract[\"']|class=[\"']AbstractPlusReport[\"']"),
    re.compile(r"id=[\"']article-details[\"'][^>]*>|class=[\"']heading-title[\"']"),
)
# Page furniture inside the article's part of the page: never bibliographic text.
_CHROME_CLASSES = frozenset(
    {"actions", "share", "ncbi_share", "print-log", "links", "full-text-links", "inline-share"}
    | {"social-media-share", "article-page-actions", "page-pagination", "show-all", "lib_icon"}
    | {"jig-ncbitoggler", "ui-ncbitoggler-master-text", "comments", "reference-links"}
    | {"featured_linkouts", "linkbar", "more", "disc_col", "status_icon", "ndb"}
    | {"supplemental", "aux-footer", "article-source-actions", "dropdown-block-content"}
)
_CHROME_IDS = frozenset(
    {"see_pmcommons", "comments_panel", "ncbi_share_pm", "messagearea", "HTDisplay"}
)
_ID_SCHEMES = {"pmid": "pmid", "pmcid": "pmcid", "doi": "doi", "pubmed": "pmid", "pmc": "pmcid"}


def _sniff_score(text: str) -> float:
    if not is_html(text):
        return 0.0
    return 0.95 if any(marker.search(text) for marker in _SNIFF_MARKERS) else 0.0


class PubmedHtmlAdapter:
    """Reads saved PubMed abstract pages (current and legacy layouts)."""

    name = ADAPTER_NAME
    description = (
        "saved HTML of a PubMed abstract page (current and legacy layouts): citation, "
        "authors with affiliations, abstract, identifiers, similar / cited-by / references"
    )

    def sniff(self, sample: Sample) -> float:
        """0.95 for an HTML page PubMed marks as its own (`ncbi_db` meta tag, or the
        article markup of one of its layouts), else 0."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record per article shown on the page."""
        yield from read_page(source, ADAPTER_NAME, CODE, partial(self._read_page, source))

    def _read_page(self, source: Source, root: Element) -> Iterator[Record | FailedRecord]:
        readers: list[tuple[Element, Callable[[Element, RecordBuilder, Coverage], None]]] = []
        current = by_id(root, "article-details")
        if current is None and (heading := first_class(root, "heading-title")) is not None:
            current = _ancestor_main(heading)
        if current is not None:
            readers.append((current, _read_current))
        readers.extend((report, _read_legacy) for report in _legacy_reports(root))
        readers.extend(
            (report, _read_abstract_plus) for report in find_class(root, "AbstractPlusReport", "dl")
        )
        if not readers:
            message = "no PubMed article found on the page (a search-results page?)"
            yield failed(source, ADAPTER_NAME, CODE, "no-article", message)
            return
        tags = meta_tags(root)
        for container, read in readers:
            builder = RecordBuilder(adapter=ADAPTER_NAME, code=CODE, file=source.name)
            coverage = Coverage()
            read(container, builder, coverage)
            if len(readers) == 1 and tags:
                used = read_meta_tags(tags, builder, fill_only=True)
                builder.extra.extend(extra_meta(tags, used, builder.values))
            report_unclaimed(builder, coverage, container, _is_chrome)
            yield builder.build(span_of(container) or LineSpan(start=1, end=1), _type(builder))


def _ancestor_main(element: Element) -> Element:
    for ancestor in element.iterancestors():
        if ancestor.tag == "main" or ancestor.get("id") == "article-details":
            return ancestor
    return element.getroottree().getroot()


def _legacy_reports(root: Element) -> list[Element]:
    return [e for e in find_class(root, "rprt", "div") if "abstract" in classes(e)]


def _is_chrome(element: Any) -> bool:
    if element.tag in ("form", "nav", "footer", "aside", "button"):
        return True
    if (element.get("id") or "") in _CHROME_IDS:
        return True
    if element.get("style") and "display:none" in element.get("style", "").replace(" ", ""):
        return not text_of(element)
    return bool(classes(element) & _CHROME_CLASSES)


def _type(builder: RecordBuilder) -> str:
    types = builder.values.get("publication_types", ())
    return csl_type([t.name for t in types]) if types else "article-journal"


# --- shared pieces ------------------------------------------------------------------


def _set_locator(text: str, builder: RecordBuilder, element: Element) -> None:
    """`2022 Jun 19;23(12):6832. doi: 10.x. Epub 2022 Mar 10.` after the journal name."""
    locator = parse_locator(" ".join(text.split()))
    if locator is None:
        if text.strip():
            builder.note(
                "unparsed-citation", "the citation line has no date PubMed can read", element
            )
        return
    builder.set("issued", locator.issued, element)
    builder.set("volume", locator.volume, element)
    builder.set("issue", locator.issue, element)
    if locator.pages:
        for name, value in page_fields(locator.pages).items():
            builder.set(name, value, element)
    builder.set("article_number", locator.article_number, element)
    notes = parse_citation_notes(locator.rest)
    builder.set("epub_date", notes.epub_date, element)
    if notes.ecollection_year:
        builder.set("ecollection_year", notes.ecollection_year, element)
    _add_identifiers(builder, notes.identifiers, element)
    if notes.flags:
        builder.set("flags", (*builder.values.get("flags", ()), *notes.flags), element)
    for piece in notes.unparsed:
        builder.note(
            "unparsed-text", f"part of the citation line no rule placed: {piece!r}", element
        )


def _add_identifiers(builder: RecordBuilder, found: Any, *elements: Any) -> None:
    merged = merge_identifiers(builder.values.get("identifiers", ()), found)
    if merged != builder.values.get("identifiers", ()):
        builder.set("identifiers", merged, *elements)


def _set_authors(
    runs: list[Any], affiliations: dict[str, str], builder: RecordBuilder, *elements: Any
) -> None:
    people: list[Person] = []
    for run in runs:
        person = person_from_name(run.name)
        if person is None:
            continue
        own = tuple(affiliations[key] for key in run.keys if key in affiliations)
        people.append(replace(person, affiliations=own, corresponding=run.corresponding))
    builder.set("authors", tuple(people), *elements)


def _terms(
    items: list[Element], parse: Callable[[str], Any], builder: RecordBuilder, what: str
) -> list[Any]:
    found = []
    for item in items:
        value = parse(text_of(item))
        if value is None:
            builder.note("unparsed-text", f"not a {what} PubMed prints", item)
        else:
            found.append(value)
    return found


def _set_term_lists(
    sections: dict[str, Element], builder: RecordBuilder, coverage: Coverage
) -> None:
    """Publication types, MeSH terms, substances, grants and LinkOut, each a list of `li`."""
    for kind, section in sections.items():
        items = [li for li in section.iter("li") if text_of(li)]
        if kind == "publication_types":
            builder.set(
                kind,
                tuple(_terms(items, parse_publication_type, builder, "publication type")),
                section,
            )
        elif kind == "mesh_terms":
            headings = _terms(items, parse_mesh_term, builder, "MeSH term")
            builder.set(kind, merge_mesh_headings(headings), section)
        elif kind == "substances":
            builder.set(kind, tuple(_terms(items, parse_substance, builder, "substance")), section)
        elif kind == "grants":
            builder.set(kind, tuple(_terms(items, parse_grant, builder, "grant")), section)
        elif kind == "linkout":
            names = [text_of(a) for li in items for a in li.iter("a") if text_of(a)]
            builder.set(kind, tuple(dict.fromkeys(names)), section)
        coverage.take(section)


def _keywords(text: str) -> tuple[Keyword, ...]:
    text = re.sub(r"^\s*keywords\s*:\s*", "", text, flags=re.IGNORECASE)
    return parse_keywords(text)


# --- current layout -----------------------------------------------------------------


def _read_current(container: Element, builder: RecordBuilder, coverage: Coverage) -> None:
    heading = either(
        by_id(container, "full-view-heading"), first_class(container, "heading"), container
    )
    trigger = either(
        by_id(heading, "full-view-journal-trigger"), first_class(heading, "journal-actions-trigger")
    )
    if trigger is not None:
        builder.set("container_title_short", tidy_journal_abbreviation(text_of(trigger)), trigger)
        if full := (trigger.get("title") or "").strip():
            builder.set("container_title", full, trigger)
    source = first_class(heading, "article-source")
    if source is not None:
        coverage.take(source)
        for cit in find_class(source, "cit"):
            _set_locator(text_of(cit), builder, cit)
    for name in ("citation-doi", "secondary-date"):
        for element in find_class(heading, name):
            _set_locator_notes(text_of(element), builder, element)
            coverage.take(element)
    title = first_class(heading, "heading-title")
    if title is not None:
        builder.set("title", strip_final_period(text_of(title)), title)
        coverage.take(title)
    _read_current_authors(container, heading, builder, coverage)
    identifiers = either(
        by_id(heading, "full-view-identifiers"), first_class(heading, "identifiers")
    )
    if identifiers is not None:
        _add_identifiers(builder, _listed_identifiers(identifiers), identifiers)
        coverage.take(identifiers)
    assert heading is not None  # `either` ends with the container itself
    flags = [
        strip_final_period(text_of(e))
        for e in heading.iter()
        if isinstance(e.tag, str)
        and classes(e) & {"free-label", "publication-type", "retracted-label"}
    ]
    for element in heading.iter():
        if isinstance(element.tag, str) and classes(element) & {"free-label", "publication-type"}:
            coverage.take(element)
    builder.set("flags", tuple(f for f in flags if f), heading)
    _read_current_abstract(by_id(container, "abstract"), builder, coverage)
    coi = by_id(container, "conflict-of-interest")
    if coi is not None:
        statement = either(first_class(coi, "statement"), coi)
        builder.set("conflict_of_interest", text_of(statement), statement)
        coverage.take(coi)
    for section_id, kind in (("similar", "similar"), ("citedby", "cited_by")):
        section = by_id(container, section_id)
        if section is not None:
            items = find_class(section, "full-docsum", "li") or find_class(section, "full-docsum")
            what = "a similar article" if kind == "similar" else "a citing article"
            builder.set(kind, tuple(docsum_citation(i, builder, what) for i in items), section)
            coverage.take(section)
    references = by_id(container, "references")
    if references is not None:
        _read_current_references(references, builder)
        coverage.take(references)
    _set_term_lists(
        {
            kind: section
            for section_id, kind in (
                ("publication-types", "publication_types"),
                ("mesh-terms", "mesh_terms"),
                ("substances", "substances"),
                ("grants", "grants"),
                ("linkout", "linkout"),
            )
            if (section := by_id(container, section_id)) is not None
        },
        builder,
        coverage,
    )
    figures = by_id(container, "figures")
    if figures is not None:
        builder.note(
            "figures-not-read",
            "the page's figures are not part of the record",
            figures,
            severity="info",
        )
        coverage.take(figures)


def _set_locator_notes(text: str, builder: RecordBuilder, element: Element) -> None:
    notes = parse_citation_notes(text)
    _add_identifiers(builder, notes.identifiers, element)
    builder.fill("epub_date", notes.epub_date, element)
    if notes.flags:
        builder.set("flags", (*builder.values.get("flags", ()), *notes.flags), element)
    for piece in notes.unparsed:
        builder.note(
            "unparsed-text", f"part of the citation notes no rule placed: {piece!r}", element
        )


def _listed_identifiers(container: Element) -> list[Identifier]:
    """`PMID: 35743275`, `PMCID: PMC9224636`, `DOI: 10.3390/x` of the identifier list;
    a link's target wins over its text (a text copy loses the former)."""
    found: list[Identifier] = []
    for item in find_class(container, "identifier"):
        scheme = next((_ID_SCHEMES[c] for c in classes(item) if c in _ID_SCHEMES), None)
        label = text_of(first_class(item, "id-label")).rstrip(":").strip().lower()
        scheme = scheme or _ID_SCHEMES.get(label)
        links = [i for a in item.iter("a") for i in identifiers_of_href(a.get("href"))]
        value_element = either(first_class(item, "current-id"), first_class(item, "id-link"))
        value = text_of(value_element) if value_element is not None else ""
        if links:
            found.extend(links)
        elif scheme and value:
            found.append(Identifier(scheme=scheme, value=value))
    return found


def _read_current_authors(
    container: Element, heading: Element, builder: RecordBuilder, coverage: Coverage
) -> None:
    affiliations: dict[str, str] = {}
    affiliation_block = first_class(container, "affiliations")
    if affiliation_block is not None:
        for item in affiliation_block.iter("li"):
            key, text = keyed_text(item)
            if key is not None:
                affiliations[key] = text
        coverage.take(affiliation_block)
    author_list = first_class(heading, "authors-list")
    if author_list is None:
        return
    people: list[Person] = []
    for item in find_class(author_list, "authors-list-item"):
        name_element = first_class(item, "full-name")
        person = person_from_name(text_of(name_element)) if name_element is not None else None
        if person is None:
            continue
        keys = [text_of(a) for a in find_class(item, "affiliation-link")]
        own = tuple(affiliations[k] for k in keys if k in affiliations)
        people.append(
            Person(
                family=person.family,
                given=person.given,
                initials=person.initials,
                affiliations=own,
                raw=person.raw,
            )
        )
    builder.set("authors", tuple(people), author_list)
    coverage.take(either(first_class(heading, "inline-authors"), author_list))
    # The repeated, expandable author list of the full view shows the same names.
    for repeat in find_class(container, "extended-article-info"):
        coverage.take(repeat)


def _read_current_abstract(
    section: Element | None, builder: RecordBuilder, coverage: Coverage
) -> None:
    if section is None:
        return
    sections: list[AbstractSection] = []
    contents = find_class(section, "abstract-content")
    for content in contents[:1]:
        for paragraph in content.iter("p"):
            label_element = first_class(paragraph, "sub-title")
            label = (
                text_of(label_element).rstrip(":").strip() if label_element is not None else None
            )
            text = text_of(paragraph, skip=is_element(label_element))
            if text:
                category = label_category(label) if label else None
                sections.append(AbstractSection(text=text, label=label or None, category=category))
    for extra_language in contents[1:]:
        builder.extra.append(
            ("abstract:" + (extra_language.get("lang") or "other"), text_of(extra_language))
        )
    if sections:
        builder.set("abstract", Abstract(sections=tuple(sections)), *contents[:1])
    for paragraph in section.iter("p"):
        if any(paragraph is p for c in contents for p in c.iter("p")):
            continue
        text = text_of(paragraph)
        if text.lower().startswith("keywords"):
            builder.set("keywords", _keywords(text), paragraph)
            coverage.take(paragraph)
    coverage.take(*contents)
    # `No abstract available`: the page's way of saying the field is empty.
    coverage.take(*find_class(section, "empty-abstract"))
    for title in find_class(section, "title"):
        coverage.take(title)


def _read_current_references(section: Element, builder: RecordBuilder) -> None:
    items = [
        li
        for list_element in find_class(section, "references-list")
        for li in list_element
        if isinstance(li.tag, str) and li.tag == "li"
    ]
    citations = [
        reference_citation(li, li, builder, is_link_list=lambda e: has_class(e, "reference-links"))
        for li in items
    ]
    builder.set("references", tuple(citations), section)


# --- legacy abstract view -----------------------------------------------------------


def _read_legacy(report: Element, builder: RecordBuilder, coverage: Coverage) -> None:
    cit = first_class(report, "cit", "div")
    if cit is not None:
        journal = cit.find("a")
        if journal is not None:
            builder.set(
                "container_title_short", tidy_journal_abbreviation(text_of(journal)), journal
            )
            if full := strip_final_period(journal.get("title") or ""):
                builder.set("container_title", full, journal)
        _set_locator(text_of(cit, skip=lambda e: e is journal), builder, cit)
        coverage.take(cit)
    title = report.find(".//h1")
    if title is not None:
        builder.set("title", strip_final_period(text_of(title)), title)
        coverage.take(title)
    affiliations: dict[str, str] = {}
    afflist = first_class(report, "afflist")
    if afflist is not None:
        key = None
        for element in afflist.iter("dt", "dd"):
            if element.tag == "dt":
                key = text_of(element)
            else:
                affiliations[key or str(len(affiliations) + 1)] = text_of(element)
                key = None
        coverage.take(afflist)
    authors = first_class(report, "auths")
    if authors is not None:
        runs = author_runs(authors)
        if len(affiliations) == 1 and runs and not any(run.keys for run in runs):
            runs[0] = type(runs[0])(runs[0].name, tuple(affiliations), runs[0].corresponding)
        _set_authors(runs, affiliations, builder, authors, afflist)
        coverage.take(authors)
    _read_legacy_abstract(first_class(report, "abstr"), builder, coverage)
    for block in find_class(report, "rprtid"):
        _read_id_list(block, builder)
        coverage.take(block)
    for status in find_class(report, "status"):
        flags = [text_of(e) for e in find_class(status, "status_icon")]
        builder.set("flags", (*builder.values.get("flags", ()), *filter(None, flags)), status)
        coverage.take(status)
    _read_morecit(report, builder, coverage)


def _read_id_list(block: Element, builder: RecordBuilder) -> None:
    """`<dt>PMID:</dt> <dd>16985259</dd> <dt>DOI:</dt> <dd><a href=...>`; a `dd` without
    its own `dt` is a note (`[Available on 2017-09-01]`, `[Indexed for MEDLINE]`)."""
    label = None
    found: list[Identifier] = []
    for element in block.iter("dt", "dd"):
        if element.tag == "dt":
            label = text_of(element).rstrip(":").strip().lower()
            continue
        links = [i for a in element.iter("a") for i in identifiers_of_href(a.get("href"))]
        value = text_of(element)
        if label in _ID_SCHEMES and (links or value):
            found.extend(links or [Identifier(scheme=_ID_SCHEMES[label], value=value)])
        elif value:
            builder.extra.append(("status" if label is None else label, value.strip("[] ")))
        label = None
    _add_identifiers(builder, found, block)


def _read_legacy_abstract(
    section: Element | None, builder: RecordBuilder, coverage: Coverage
) -> None:
    if section is None:
        return
    coverage.take(section)
    sections: list[AbstractSection] = []
    copyright_text = None
    label: str | None = None
    keywords_block = first_class(section, "keywords")
    for element in section.iter("h4", "p"):
        if keywords_block is not None and any(element is e for e in keywords_block.iter()):
            continue
        if element.tag == "h4":
            label = text_of(element).rstrip(":").strip() or None
            continue
        if has_class(element, "copyright"):
            copyright_text = text_of(element)
            continue
        text_element = next(iter(element.iter("abstracttext")), None)
        if text_element is not None and text_element.get("label"):
            label = text_element.get("label")
        text = text_of(element)
        if text:
            category = (text_element.get("nlmcategory") if text_element is not None else None) or (
                label_category(label) if label else None
            )
            sections.append(AbstractSection(text=text, label=label, category=category))
        label = None
    if sections:
        builder.set(
            "abstract", Abstract(sections=tuple(sections), copyright=copyright_text), section
        )
    if keywords_block is not None:
        builder.set("keywords", _keywords(text_of(keywords_block)), keywords_block)


_MORECIT_KINDS = {
    "publication type": "publication_types",
    "publication types": "publication_types",
    "mesh terms": "mesh_terms",
    "substances": "substances",
    "grant support": "grants",
    "grants": "grants",
}


def _read_morecit(report: Element, builder: RecordBuilder, coverage: Coverage) -> None:
    """The collapsed blocks under the abstract: `h4` headings each followed by a `ul`."""
    sections: dict[str, Element] = {}
    for block in find_class(report, "morecit"):
        coverage.take(block)
        linkouts = find_class(block, "linkoutlist")
        if linkouts:
            sections["linkout"] = linkouts[0]
            continue
        for heading in block.iter("h4"):
            kind = _MORECIT_KINDS.get(text_of(heading).lower())
            following = heading.getnext()
            if kind is None or following is None or following.tag != "ul":
                builder.note("unknown-section", "a section of the page no rule reads", heading)
                continue
            sections[kind] = following
    _set_term_lists(sections, builder, coverage)


# --- legacy AbstractPlus ------------------------------------------------------------


def _read_abstract_plus(report: Element, builder: RecordBuilder, coverage: Coverage) -> None:
    line = first_class(report, "ti", "span")
    if line is not None:
        journal_span = next((s for s in line.iter("span") if s.get("title")), None)
        if journal_span is not None:
            builder.set(
                "container_title_short",
                tidy_journal_abbreviation(text_of(journal_span)),
                journal_span,
            )
            builder.set(
                "container_title", strip_final_period(journal_span.get("title") or ""), journal_span
            )
        after = text_of(line, skip=lambda e: e is journal_span or e.tag == "b")
        _set_locator(after, builder, line)
        abstitle = first_class(report, "abstitle")
        coverage.take(abstitle if abstitle is not None else line)
    abstract = first_class(report, "abstract", "dd")
    if abstract is not None:
        title = abstract.find("h2")
        if title is not None:
            builder.set("title", strip_final_period(text_of(title)), title)
            coverage.take(title)
        authors = first_class(abstract, "authors")
        affiliation = first_class(abstract, "affiliation", "p")
        if authors is not None:
            runs = author_runs(authors)
            # The one affiliation of pre-2014 records is the first author's (MEDLINE's AD).
            if affiliation is not None and runs:
                runs[0] = type(runs[0])(runs[0].name, ("1",), runs[0].corresponding)
            _set_authors(
                runs,
                {"1": text_of(affiliation)} if affiliation is not None else {},
                builder,
                authors,
                affiliation,
            )
            coverage.take(authors, affiliation)
        paragraphs = find_class(abstract, "abstract", "p")
        builder.set("abstract", parse_abstract([text_of(p) for p in paragraphs]), *paragraphs)
        coverage.take(*paragraphs)
        for pmid_line in find_class(abstract, "pmid", "p"):
            _read_pmid_line(text_of(pmid_line), builder, pmid_line)
            coverage.take(pmid_line)
    related = first_class(report, "Pubmed_Discovery_RA")
    if related is not None:
        items = list(find_class(related, "item", "li"))
        citations = [
            brief_citation(
                li,
                builder,
                "a related article",
                title_link=li.find("a"),
                citation_element=first_class(li, "cit"),
            )
            for li in items
        ]
        builder.set("similar", tuple(citations), related)
        coverage.take(related)
        heading = related.getprevious()
        if heading is not None and heading.tag == "h2":
            coverage.take(heading)
    for portlet in report.iter("div"):
        if portlet.get("id") == "NCBIPageSection" and "Recent Activity" in text_of(
            portlet.find("h2")
        ):
            coverage.take(portlet)


_PMID_LINE = re.compile(r"PMID:\s*(?P<pmid>\d+)\s*(?:\[(?P<status>[^\]]*)\])?(?P<rest>.*)")


def _read_pmid_line(text: str, builder: RecordBuilder, element: Element) -> None:
    """`PMID: 15940349 [PubMed - indexed for MEDLINE]`, maybe with `PMCID: PMC...`."""
    match = _PMID_LINE.search(text)
    if match is None:
        builder.note("unparsed-text", "a PMID line without a PMID", element)
        return
    found = [Identifier(scheme="pmid", value=match.group("pmid"))]
    if pmcid := re.search(r"PMCID:\s*(PMC\d+)", match.group("rest")):
        found.append(Identifier(scheme="pmcid", value=pmcid.group(1)))
    _add_identifiers(builder, found, element)
    if match.group("status"):
        builder.extra.append(("status", match.group("status").strip()))


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-html` adapter."""
    register(PubmedHtmlAdapter())


__all__ = ["ADAPTER_NAME", "PubmedHtmlAdapter", "bibnorm_register_sources"]
