"""The lists of a saved PubMed or PMC page as citations: similar articles, cited by, references.

Each entry of such a list links to its article, and the link keeps what a text copy of
the page loses: the PMID (`/pubmed/27313038`, `/27313038/`), the PMCID
(`/pmc/articles/PMC5551495/`) or the DOI (`doi.org/...`). Entries come in three shapes:

- a *docsum* (current PubMed): title link, authors, PubMed's compact citation with its
  journal repeat and `PMID:`, read by `parse_compact_citation`;
- a *brief* entry (legacy PubMed and PMC): title link, maybe authors, and
  `Journal. 2016 Jun 17; 352(6292):1413-6.`, read by `parse_locator` after the journal;
- a *reference*: the reference string, read by `parse_reference`, and its links
  (`[PubMed]`, `[PMC free article]`, `DOI`) whose targets give its identifiers.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from bibnorm.model import Citation, FieldSource, Identifier, Person, Provenance
from bibnorm.parsing import (
    ParsedCitation,
    parse_author_list,
    parse_citation_notes,
    parse_compact_citation,
    parse_locator,
    parse_reference,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.pages import page_fields
from bibnorm.sources.html.html_page import (
    RecordBuilder,
    identifiers_of_href,
    merge_identifiers,
    span_of,
    text_of,
)

# `Journal Name. 2016 Jun 17; 352(6292):1413-6.`: the journal ends at the period before
# the year that starts the locator.
_JOURNAL_THEN_DATE = re.compile(r"^(?P<journal>.+?)\.?\s+(?=(?:1[5-9]|2\d)\d\d\b)")
_FLAG_WORDS = ("Review", "Free PMC article", "Free article", "Retracted", "Preprint")


def _provenance(builder: RecordBuilder, element: Any, parsed: ParsedCitation | None) -> Provenance:
    span = span_of(element)
    fields: tuple[FieldSource, ...] = ()
    if parsed is not None:
        fields = tuple(
            FieldSource(field=name, method="heuristic", span=span, detail=parsed.guess)
            for name in sorted(parsed.heuristic)
        )
    return Provenance(adapter=builder.adapter, file=builder.file, span=span, fields=fields)


def _report(builder: RecordBuilder, parsed: ParsedCitation, element: Any, what: str) -> None:
    for piece in parsed.unparsed:
        builder.note("unparsed-text", f"part of {what} no rule placed: {piece!r}", element)


def docsum_citation(item: Any, builder: RecordBuilder, what: str) -> Citation:
    """A current PubMed docsum (`li.full-docsum`) as a citation."""
    title_link = _first_class(item, "docsum-title")
    title = text_of(title_link)
    full_authors = _first_class(item, "full-authors")
    journal = _first_class(item, "full-journal-citation")
    short_journal = _first_class(item, "short-journal-citation")
    pmid = _first_class(item, "docsum-pmid")
    flags = [
        strip_final_period(text_of(e))
        for e in item.iter()
        if isinstance(e.tag, str) and {"free-resources", "publication-type"} & _classes(e)
    ]
    compact = " ".join(
        part
        for part in (
            text_of(journal),
            text_of(short_journal),
            f"PMID: {text_of(pmid)}" if pmid is not None else "",
            " ".join(f"{flag}." for flag in flags if flag),
        )
        if part
    )
    parsed = parse_compact_citation(compact)
    _report(builder, parsed, item, what)
    authors, et_al, rest = parse_author_list(strip_final_period(text_of(full_authors)))
    if rest and full_authors is not None:
        builder.note(
            "unparsed-text", f"part of the authors of {what} no rule placed: {rest!r}", full_authors
        )
    link_ids = identifiers_of_href(title_link.get("href") if title_link is not None else None)
    citation = parsed.citation
    heuristic = parsed.heuristic - {"title"}
    parsed = dataclasses.replace(parsed, heuristic=heuristic)
    return dataclasses.replace(
        citation,
        title=strip_final_period(title) or citation.title,
        authors=authors or citation.authors,
        et_al=et_al or citation.et_al,
        identifiers=merge_identifiers(citation.identifiers, link_ids),
        raw=text_of(item),
        provenance=_provenance(builder, item, parsed),
    )


def brief_citation(
    item: Any,
    builder: RecordBuilder,
    what: str,
    *,
    title_link: Any,
    authors_element: Any = None,
    citation_element: Any = None,
) -> Citation:
    """A legacy list entry: a title link, maybe authors, and `Journal. DATE; VOL(ISS):PAGES.`"""
    flags: list[str] = []
    title_text = text_of(title_link, skip=lambda e: _is_flag(e, flags))
    for flag in _FLAG_WORDS:
        # A flag written as text before the title: `<span class="invert">Review</span> mTOR`.
        if flag not in flags and title_text.startswith(flag + " ") and _flag_span(title_link, flag):
            flags.append(flag)
            title_text = title_text.removeprefix(flag).strip()
    authors: tuple[Person, ...] = ()
    et_al = False
    if authors_element is not None:
        authors, et_al, rest = parse_author_list(strip_final_period(text_of(authors_element)))
        if rest:
            builder.note(
                "unparsed-text", f"part of the authors of {what} no rule placed: {rest!r}", item
            )
    fields = journal_citation(text_of(citation_element))
    unplaced = fields.pop("unparsed", ())
    for piece in unplaced:
        builder.note("unparsed-text", f"part of {what} no rule placed: {piece!r}", item)
    identifiers = identifiers_of_href(title_link.get("href") if title_link is not None else None)
    return Citation(
        type="article-journal",
        title=strip_final_period(title_text) or None,
        authors=authors,
        et_al=et_al,
        identifiers=merge_identifiers(identifiers, fields.pop("identifiers", ())),
        flags=tuple(flags),
        raw=text_of(item),
        provenance=_provenance(builder, item, None),
        **fields,
    )


def journal_citation(text: str) -> dict[str, Any]:
    """`Science. 2016 Jun 17; 352(6292):1413-6. Epub 2016 Jun 8.` as citation fields.

    Gives `container_title_short` (or `container_title` for a name written out in full,
    as PMC's cited-by list does), the locator fields, the notes' identifiers and dates,
    and `unparsed` for what no rule placed. Empty for an empty text.
    """
    text = " ".join(text.split())
    if not text:
        return {}
    match = _JOURNAL_THEN_DATE.match(text)
    if match is None:
        return {"unparsed": (text,)}
    journal = match.group("journal").strip()
    locator = parse_locator(text[match.end() :])
    values: dict[str, Any] = {}
    abbreviated = bool(re.fullmatch(r"(?:[A-Z][\w-]*\.?\s?)+(?:\([^)]*\))?", journal))
    key = "container_title_short" if abbreviated else "container_title"
    values[key] = tidy_journal_abbreviation(journal) if abbreviated else journal
    if locator is None:
        values["unparsed"] = (text[match.end() :],)
        return values
    values.update(
        issued=locator.issued,
        volume=locator.volume or None,
        issue=locator.issue or None,
        **page_fields(locator.pages),
        article_number=locator.article_number,
    )
    notes = parse_citation_notes(locator.rest)
    values.update(
        epub_date=notes.epub_date,
        ecollection_year=notes.ecollection_year,
        identifiers=notes.identifiers,
    )
    if notes.unparsed:
        values["unparsed"] = notes.unparsed
    return {k: v for k, v in values.items() if v not in (None, (), "")}


def reference_citation(
    item: Any, text_element: Any, builder: RecordBuilder, *, is_link_list: Any
) -> Citation:
    """One reference: its text read by `parse_reference`, its links' targets its ids.

    `is_link_list(element)` says which elements hold the links (`[PubMed]`, `DOI`);
    their text is not part of the reference string and becomes `links`.
    """
    text = text_of(text_element, skip=is_link_list)
    text = re.sub(r"^\d{1,4}\.\s+", "", text)  # the list number PMC prints
    parsed = parse_reference(text)
    _report(builder, parsed, item, "a reference")
    labels: list[str] = []
    identifiers: list[Identifier] = []
    for holder in item.iter():
        if not isinstance(holder.tag, str) or not is_link_list(holder):
            continue
        for link in holder.iter("a"):
            label = text_of(link)
            if label and label not in labels:
                labels.append(label)
            identifiers.extend(identifiers_of_href(link.get("href")))
    citation = parsed.citation
    return dataclasses.replace(
        citation,
        identifiers=merge_identifiers(identifiers, citation.identifiers),
        links=tuple(labels) or citation.links,
        raw=text,
        provenance=_provenance(builder, item, parsed),
    )


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split())


def _first_class(root: Any, name: str) -> Any:
    for element in root.iter():
        if isinstance(element.tag, str) and name in _classes(element):
            return element
    return None


def _is_flag(element: Any, flags: list[str]) -> bool:
    """A flag inside a title link (`<span class="reviewflag">Review</span>`): noted, skipped."""
    if {"reviewflag", "invert"} & _classes(element):
        flags.append(text_of(element))
        return True
    return False


def _flag_span(link: Any, flag: str) -> bool:
    return any(text_of(e) == flag for e in link.iter() if e is not link)
