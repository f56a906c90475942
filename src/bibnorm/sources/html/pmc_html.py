"""PMC article pages saved as HTML: the `pmc-html` source adapter.

Three layouts are read, each told by its markup:

- current (pmc.ncbi.nlm.nih.gov, 2024-): `section.pmc-layout__citation`,
  `section.front-matter` (`h1`, the `div.cg` author line with its hidden author cards,
  the `Author information` panel, `PMCID:`/`PMID:`), `section.abstract`, `section.ref-list`;
- legacy (www.ncbi.nlm.nih.gov/pmc, about 2012-2019): `div.fm-sec` (`div.fm-citation`
  with `span.cit`, `h1.content-title`, `div.fm-author`, `div.fm-affl`), the
  `div.tsec` sections and `div#reference-list`, and the "Similar articles in PubMed" and
  "Cited by other articles in PMC" portlets of the right column;
- older (pubmedcentral.nih.gov, about 2008): a table layout with `div.fm-citation` spans,
  `div.fm-title`, `div.fm-author`, `div.head1` sections and `ul.back-ref-list`.

The page's `citation_*` meta tags fill what the body lacks (a PMC page often shows no
PMID in its body). The article's full text is not part of a record: each of its sections
is reported once (`pmc_html.full-text-not-read`, a note) with its heading, never copied.
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
    HistoryDate,
    Identifier,
    Keyword,
    LineSpan,
    Person,
    Record,
)
from bibnorm.parsing import (
    label_category,
    parse_citation_notes,
    parse_locator,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.pages import page_fields
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
    joined_span,
    keyed_text,
    merge_identifiers,
    meta_pattern,
    parse_page_date,
    person_from_name,
    read_page,
    report_unclaimed,
    text_of,
)
from bibnorm.sources.html.html_related import brief_citation, reference_citation

ADAPTER_NAME = "pmc-html"
CODE = "pmc_html"

_SNIFF_MARKERS = (
    meta_pattern("ncbi_db", "pmc"),
    meta_pattern("ncbi_app", "pmc"),
    re.compile(r"class=[\"']pmc-body[\"']|class=[\"']fm-citation-pmcid[\"']"),
    re.compile(r"class=[\"']pmc-layout__citation"),
)
_CHROME_CLASSES = frozenset(
    {"goto", "togglers", "links-box", "d-buttons", "pmc-page-banner", "navlink-box"}
    | {"sidebar-cell", "footer-section", "ui-ncbipopper-wrapper", "fig-table-link"}
    | {"icnblk_img", "ts_bar", "large-table-link", "pmc-sidenav", "usa-modal"}
)
_COI = re.compile(
    r"(?i)\b(?:competing (?:financial )?interests?|conflicts? of interest|declare no)\b"
)
_PMCID = re.compile(r"PMCID:\s*(PMC\d+)")
_PMID = re.compile(r"PMID:\s*(\d+)")
_NIHMSID = re.compile(r"NIHMSID:\s*(NIHMS\d+)")
_HISTORY = re.compile(
    r"(?P<status>Received|Accepted|Revised|Collection date)\s*:?\s*(?P<date>[^;]+)"
)


def _sniff_score(text: str) -> float:
    if not is_html(text):
        return 0.0
    return 0.95 if any(marker.search(text) for marker in _SNIFF_MARKERS) else 0.0


class PmcHtmlAdapter:
    """Reads saved PMC article pages (current and legacy layouts)."""

    name = ADAPTER_NAME
    description = (
        "saved HTML of a PMC article page (current and legacy layouts): front matter, "
        "abstract, references, similar and cited-by articles"
    )

    def sniff(self, sample: Sample) -> float:
        """0.95 for an HTML page PMC marks as its own (`ncbi_db`/`ncbi_app` meta tag, or
        the article markup of one of its layouts), else 0."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """One record for the article of the page."""
        yield from read_page(source, ADAPTER_NAME, CODE, partial(self._read_page, source))

    def _read_page(self, source: Source, root: Element) -> Iterator[Record | FailedRecord]:
        builder = RecordBuilder(adapter=ADAPTER_NAME, code=CODE, file=source.name)
        coverage = Coverage()
        containers: list[Element]
        if (current := first_class(root, "front-matter", "section")) is not None:
            article = next(current.iterancestors("article", "main"), current)
            _read_current(article, builder, coverage)
            containers = [article]
        elif (front := first_class(root, "fm-sec")) is not None:
            article = next(
                (a for a in front.iterancestors() if has_class(a, "article")), front.getparent()
            )
            _read_legacy(article, front, builder, coverage)
            _read_portlets(root, builder)
            containers = [article]
        elif (old := first_class(root, "front-matter-section")) is not None:
            containers = find_class(root, "content-cell", "td")
            _read_old(root, old, containers, builder, coverage)
        else:
            message = "no PMC article found on the page (a search or journal page?)"
            yield failed(source, ADAPTER_NAME, CODE, "no-article", message)
            return
        tags = meta_tags(root)
        if tags:
            used = read_meta_tags(tags, builder, fill_only=True)
            builder.extra.extend(extra_meta(tags, used, builder.values))
        for container in containers:
            report_unclaimed(builder, coverage, container, _is_chrome)
        span = joined_span(containers) or LineSpan(start=1, end=1)
        yield builder.build(span)


def _is_chrome(element: Any) -> bool:
    if element.tag in ("form", "nav", "footer", "aside", "button"):
        return True
    return bool(classes(element) & _CHROME_CLASSES)


# --- shared pieces ------------------------------------------------------------------


def _add_identifiers(builder: RecordBuilder, found: Any, *elements: Any) -> None:
    merged = merge_identifiers(builder.values.get("identifiers", ()), found)
    if merged != builder.values.get("identifiers", ()):
        builder.set("identifiers", merged, *elements)


def _ids_in_text(text: str) -> list[Identifier]:
    found = []
    if match := _PMCID.search(text):
        found.append(Identifier(scheme="pmcid", value=match.group(1)))
    if match := _PMID.search(text):
        found.append(Identifier(scheme="pmid", value=match.group(1)))
    if match := _NIHMSID.search(text):
        found.append(Identifier(scheme="nihms", value=match.group(1)))
    return found


def _set_locator(text: str, builder: RecordBuilder, element: Element) -> None:
    """`2017 Jan 26; 541(7638): 494–499.` after the journal name."""
    locator = parse_locator(" ".join(text.replace("–", "-").split()))
    if locator is None:
        builder.note("unparsed-citation", "the citation line has no date that can be read", element)
        return
    builder.set("issued", locator.issued, element)
    builder.set("volume", locator.volume, element)
    builder.set("issue", locator.issue, element)
    for name, value in page_fields(locator.pages).items():
        builder.set(name, value, element)
    builder.set("article_number", locator.article_number, element)
    notes = parse_citation_notes(locator.rest)
    _add_identifiers(builder, notes.identifiers, element)
    for piece in notes.unparsed:
        builder.note(
            "unparsed-text", f"part of the citation line no rule placed: {piece!r}", element
        )


def _affiliations(elements: list[Element], coverage: Coverage) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in elements:
        key, text = keyed_text(element)
        found[key or str(len(found) + 1)] = text
        coverage.take(element)
    return found


def _set_authors(
    runs: list[Any], affiliations: dict[str, str], builder: RecordBuilder, element: Element
) -> None:
    people: list[Person] = []
    shared = tuple(affiliations.values()) if len(affiliations) == 1 else ()
    for run in runs:
        person = person_from_name(run.name)
        if person is None:
            continue
        own = tuple(affiliations[k] for k in run.keys if k in affiliations) or (
            shared if not any(r.keys for r in runs) else ()
        )
        people.append(replace(person, affiliations=own, corresponding=run.corresponding))
    builder.set("authors", tuple(people), element)


def _abstract_from(section: Element, builder: RecordBuilder, coverage: Coverage) -> None:
    """Paragraphs of an abstract section; `h3`/`h4` subheadings (or a leading bold
    label) label the paragraphs after them; `Keywords:` paragraphs are the keywords."""
    sections: list[AbstractSection] = []
    label: str | None = None
    for element in section.iter("h3", "h4", "p", "div"):
        if element.tag == "div" and not has_class(element, "p"):
            continue
        text = text_of(element)
        if element.tag in ("h3", "h4"):
            label = text.rstrip(":").strip() or None
            continue
        if has_class(element, "kwd-group") or first_class(element, "kwd-text") is not None:
            continue
        if not text:
            continue
        lead = element.find("strong") if element.find("strong") is not None else element.find("b")
        own_label = label
        if lead is not None and not (element.text or "").strip() and text_of(lead).endswith(":"):
            own_label = text_of(lead).rstrip(":").strip()
            text = text_of(element, skip=is_element(lead))
        if own_label and own_label.lower().startswith("keyword"):
            builder.set("keywords", _keywords(text), element)
            continue
        category = label_category(own_label) if own_label else None
        sections.append(AbstractSection(text=text, label=own_label, category=category))
    if sections:
        builder.set("abstract", Abstract(sections=tuple(sections)), section)
    keywords = first_class(section, "kwd-text")
    if keywords is not None:
        builder.set("keywords", _keywords(text_of(keywords)), keywords)
    coverage.take(section)


def _keywords(text: str) -> tuple[Keyword, ...]:
    text = re.sub(r"(?i)^\s*keywords\s*:\s*", "", text).strip().rstrip(".")
    separator = ";" if ";" in text else ","
    return tuple(Keyword(term=t.strip()) for t in text.split(separator) if t.strip())


def _full_text_section(
    section: Element, heading: str, builder: RecordBuilder, coverage: Coverage
) -> None:
    words = len(text_of(section).split())
    builder.note(
        "full-text-not-read",
        f"full-text section {heading!r} ({words} words) is not part of the record",
        section,
        severity="info",
        text=heading,
    )
    coverage.take(section)


def _conflict_of_interest(
    paragraphs: list[Element], builder: RecordBuilder, coverage: Coverage
) -> None:
    for paragraph in paragraphs:
        text = text_of(paragraph)
        if _COI.search(text) and "conflict_of_interest" not in builder.values:
            builder.set("conflict_of_interest", text, paragraph)
            coverage.take(paragraph)


def _references(
    items: list[Element],
    builder: RecordBuilder,
    is_link_list: Callable[[Any], bool],
    text_element: Callable[[Element], Element],
) -> None:
    citations = [
        reference_citation(item, text_element(item), builder, is_link_list=is_link_list)
        for item in items
    ]
    builder.set("references", tuple(citations), *items)


# --- current layout -----------------------------------------------------------------


def _read_current(article: Element, builder: RecordBuilder, coverage: Coverage) -> None:
    citation = first_class(article, "pmc-layout__citation")
    if citation is not None:
        journal = citation.find(".//button")
        if journal is not None:
            builder.set(
                "container_title_short", tidy_journal_abbreviation(text_of(journal)), journal
            )
        line = citation.find("div") if citation.find("div") is not None else citation
        rest = text_of(line, skip=lambda e: e is journal).lstrip(". ")
        locator_text, _, _doi_part = rest.partition("doi:")
        _set_locator(locator_text, builder, line)
        _add_identifiers(
            builder, [i for a in line.iter("a") for i in identifiers_of_href(a.get("href"))], line
        )
        coverage.take(citation)
    front = first_class(article, "front-matter", "section")
    assert front is not None
    title = front.find(".//h1")
    if title is not None:
        builder.set("title", strip_final_period(text_of(title)), title)
        coverage.take(title.getparent() if title.getparent().tag == "hgroup" else title)
    panel = either(by_id(front, "aip_a"), first_class(front, "d-panel"))
    affiliations = _affiliations(
        [
            e
            for e in (panel.iter("div") if panel is not None else [])
            if (e.get("id") or "").startswith("af")
        ],
        coverage,
    )
    authors = first_class(front, "cg")
    if authors is not None:
        people: list[Person] = []
        for link in authors.iter("a"):
            name = first_class(link, "name")
            if name is None:
                continue
            person = person_from_name(text_of(name))
            card = by_id(authors, link.get("aria-describedby") or "")
            keys = [text_of(s).strip(",") for s in _sups_after(link)]
            own = tuple(affiliations[k] for k in keys if k in affiliations)
            if person is not None:
                people.append(
                    Person(
                        family=person.family,
                        given=person.given,
                        initials=person.initials,
                        affiliations=own,
                        raw=person.raw,
                    )
                )
            coverage.take(card)
        builder.set("authors", tuple(people), authors)
        coverage.take(authors)
    if panel is not None:
        for note in find_class(panel, "fn"):
            builder.extra.append(("author-note", text_of(note)))
            coverage.take(note)
        coverage.take(panel)
    for other in find_class(front, "d-panel"):
        if other is panel:
            continue
        history = first_class(other, "history")
        if history is not None:
            _history(text_of(history), builder, history)
        elif text_of(other):
            builder.extra.append(("copyright-license", text_of(other)))
        coverage.take(other)
    for block in front.iter("div"):
        text = text_of(block)
        if text.startswith(("PMCID:", "PMID:")):
            links = [i for a in block.iter("a") for i in identifiers_of_href(a.get("href"))]
            _add_identifiers(builder, merge_identifiers(_ids_in_text(text), links), block)
            coverage.take(block)
    for section in article.iter("section"):
        if has_class(section, "abstract"):
            _abstract_from(section, builder, coverage)
        elif has_class(section, "ref-list") and section.find("h2") is not None:
            items = [
                li
                for li in section.iter("li")
                if li.find(".//cite") is not None or first_class(li, "element-citation") is not None
            ]
            _references(
                items, builder, lambda e: e.tag == "a", lambda li: either(li.find(".//cite"), li)
            )
            coverage.take(section)
        elif (
            section.getparent() is not None
            and has_class(section.getparent(), "main-article-body")
            and not has_class(section, "abstract")
        ):
            heading = section.find("h2")
            _full_text_section(
                section, text_of(heading) if heading is not None else "untitled", builder, coverage
            )


def _sups_after(link: Element) -> list[Element]:
    sups = []
    sibling = link.getnext()
    while sibling is not None and (
        sibling.tag == "sup" or (sibling.tag == "div" and sibling.get("hidden") is not None)
    ):
        if sibling.tag == "sup":
            sups.append(sibling)
        sibling = sibling.getnext()
    return sups


def _history(text: str, builder: RecordBuilder, element: Element) -> None:
    found = []
    for match in _HISTORY.finditer(text):
        date = parse_page_date(match.group("date").strip().rstrip("."))
        if date is not None:
            found.append(HistoryDate(status=match.group("status").lower(), date=date))
    builder.set("history", tuple(found), element)


# --- legacy layout ------------------------------------------------------------------


def _read_legacy(
    article: Element, front: Element, builder: RecordBuilder, coverage: Coverage
) -> None:
    citation = first_class(front, "fm-citation")
    if citation is not None:
        cit = first_class(citation, "cit")
        if cit is not None:
            text = text_of(cit)
            journal, _, locator = text.partition(". ")
            builder.set("container_title_short", tidy_journal_abbreviation(journal), cit)
            _set_locator(locator, builder, cit)
        menu = citation.find(".//a[@role='menuitem']")
        if menu is not None:
            builder.set("container_title", text_of(menu), menu)
        for date in find_class(citation, "fm-vol-iss-date", "span"):
            notes = parse_citation_notes(text_of(date).replace("Published online", "Epub"))
            builder.set("epub_date", notes.epub_date, date)
        for doi in find_class(citation, "doi"):
            _add_identifiers(
                builder, [i for a in doi.iter("a") for i in identifiers_of_href(a.get("href"))], doi
            )
        ids = first_class(citation, "fm-citation-ids")
        if ids is not None:
            _add_identifiers(builder, _ids_in_text(text_of(ids)), ids)
        status = text_of(
            citation,
            skip=lambda e: (
                e is cit
                or has_class(e, "fm-citation-ids")
                or has_class(e, "doi")
                or has_class(e, "fm-vol-iss-date")
                or e is menu
            ),
        )
        if "Author manuscript" in status:
            builder.set("flags", ("Author manuscript",), citation)
            builder.extra.append(("pmc-status", status.strip(" .")))
        coverage.take(citation)
    title = first_class(front, "content-title")
    if title is not None:
        builder.set("title", strip_final_period(text_of(title)), title)
        coverage.take(title)
    affiliations = _affiliations(find_class(front, "fm-affl", "div"), coverage)
    authors = first_class(front, "fm-author")
    if authors is not None:
        _set_authors(author_runs(authors), affiliations, builder, authors)
        coverage.take(authors)
    info = first_class(front, "fm-authors-info")
    if info is not None:
        for note in info:
            if isinstance(note.tag, str) and note not in coverage.taken and text_of(note):
                builder.extra.append(("author-note", text_of(note)))
                coverage.take(note)
    for panel in find_class(front, "fm-cpl-info") + find_class(front, "fm-article-notes"):
        if text_of(panel):
            builder.extra.append(("copyright-license", text_of(panel)))
        coverage.take(panel)
    coverage.take(by_id(front, "pmclinksbox"))
    for section in find_class(article, "tsec"):
        heading = section.find("h2")
        name = text_of(heading) if heading is not None else "untitled"
        section_id = section.get("id") or ""
        if section_id.startswith("__abstract") or name.lower() == "abstract":
            _abstract_from(section, builder, coverage)
        elif by_id(section, "reference-list") is not None:
            items = find_class(section, "ref-cit-blk", "div")
            _references(
                items,
                builder,
                lambda e: has_class(e, "ref") and has_class(e, "nowrap"),
                lambda item: item,
            )
            coverage.take(section)
        else:
            if section_id.startswith("__fn-group") or name.lower() in (
                "footnotes",
                "acknowledgments",
            ):
                _conflict_of_interest(list(section.iter("p")), builder, coverage)
            _full_text_section(section, name, builder, coverage)
    for sec in find_class(article, "sec"):
        if not text_of(sec):
            coverage.take(sec)


_PORTLETS = {"similar articles in pubmed": "similar", "cited by other articles in pmc": "cited_by"}


def _read_portlets(root: Element, builder: RecordBuilder) -> None:
    """The right column: similar articles and citing articles, each entry a title link
    (its PMID or PMCID), authors and a brief citation."""
    for portlet in find_class(root, "portlet", "div"):
        title = first_class(portlet, "portlet_title")
        kind = _PORTLETS.get(text_of(title).lower()) if title is not None else None
        if kind is None:
            continue
        items = [li for li in portlet.iter("li") if has_class(li, "brieflinkpopper")]
        what = "a similar article" if kind == "similar" else "a citing article"
        citations = [
            brief_citation(
                li,
                builder,
                what,
                title_link=first_class(li, "brieflinkpopperctrl"),
                authors_element=first_class(li, "author"),
                citation_element=first_class(li, "cit"),
            )
            for li in items
        ]
        builder.set(kind, tuple(citations), portlet)
    repeats = find_class(root, "pmc_para_cit", "div")
    if repeats:
        builder.note(
            "reference-popups-not-read",
            f"{len(repeats)} reference pop-ups beside the paragraphs repeat entries of the "
            "reference list; they are not read again",
            repeats[0],
            severity="info",
            text=text_of(repeats[0])[:200],
        )


# --- older table layout -------------------------------------------------------------


def _read_old(
    root: Element, front: Element, cells: list[Element], builder: RecordBuilder, coverage: Coverage
) -> None:
    citation = first_class(front, "fm-citation")
    if citation is not None:
        abbreviation = first_class(citation, "citation-abbreviation")
        if abbreviation is not None:
            builder.set(
                "container_title_short",
                tidy_journal_abbreviation(text_of(abbreviation)),
                abbreviation,
            )
        parts = [
            text_of(first_class(citation, name))
            for name in (
                "citation-publication-date",
                "citation-volume",
                "citation-issue",
                "citation-flpages",
            )
        ]
        date, volume, issue, pages = (p.strip(" ;:.") for p in parts)
        builder.set("issued", parse_page_date(date), citation)
        builder.set("volume", volume or None, citation)
        builder.set("issue", issue.strip("()") or None, citation)
        for name, value in page_fields(pages).items():
            builder.set(name, value, citation)
        for note in find_class(citation, "fm-vol-iss-date", "span"):
            text = text_of(note)
            if text.startswith("Published online"):
                builder.set(
                    "epub_date",
                    parse_page_date(text.removeprefix("Published online").strip(" .")),
                    note,
                )
            elif text.startswith("doi:"):
                _add_identifiers(
                    builder,
                    [Identifier(scheme="doi", value=text.removeprefix("doi:").strip(" ."))],
                    note,
                )
        coverage.take(citation)
    for ids in find_class(front, "fm-citation-ids"):
        _add_identifiers(builder, _ids_in_text(text_of(ids)), ids)
        coverage.take(ids)
    for copyright_element in find_class(front, "fm-copyright"):
        builder.extra.append(("copyright", text_of(copyright_element)))
        coverage.take(copyright_element)
    title = first_class(front, "fm-title")
    if title is not None:
        builder.set("title", strip_final_period(text_of(title)), title)
        coverage.take(title)
    affiliation_elements = list(find_class(front, "fm-affl", "div"))
    affiliations = _affiliations(affiliation_elements, coverage)
    authors = first_class(front, "fm-author")
    if authors is not None:
        _set_authors(author_runs(authors), affiliations, builder, authors)
        coverage.take(authors)
    for footnote in find_class(front, "fm-footnote"):
        if text_of(footnote):
            builder.extra.append(("author-note", text_of(footnote)))
        coverage.take(footnote)
    for pubdate in find_class(front, "fm-pubdate"):
        _history(text_of(pubdate), builder, pubdate)
        coverage.take(pubdate)
    for heading in find_class(root, "head1"):
        content = heading.getnext()
        name = text_of(heading)
        coverage.take(heading)
        if content is None or not has_class(content, "section-content"):
            continue
        if name.lower() == "abstract":
            _abstract_from(content, builder, coverage)
        elif (
            first_class(content, "back-matter-section") is not None or name.lower() == "references"
        ):
            items = list(content.iter("li"))
            _references(
                items,
                builder,
                lambda e: (
                    e.tag == "span"
                    and e.find("a") is not None
                    and has_class(e.find("a"), "ref-extlink")
                ),
                lambda li: next(
                    (d for d in li.iter("div") if has_class(d, "citation") and text_of(d)), li
                ),
            )
            coverage.take(content)
        else:
            _full_text_section(content, name, builder, coverage)
    for cell in cells:
        for sup_note in cell.iter("div"):
            if has_class(sup_note, "sans90"):
                coverage.take(sup_note)


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pmc-html` adapter."""
    register(PmcHtmlAdapter())


__all__ = ["ADAPTER_NAME", "PmcHtmlAdapter", "bibnorm_register_sources"]
