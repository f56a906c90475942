"""Related articles of a PubMed XML record: comments and corrections, and the reference list.

Part of the `pubmed-xml` adapter. A reference's identifiers come from its own
`ArticleIdList`, never the other way round: nothing here reaches the record's identifiers.
"""

from __future__ import annotations

import re

from lxml.etree import _Element as Element

from bibnorm.model import Citation, Diagnostic, FieldSource, Identifier, Link, Provenance
from bibnorm.parsing import parse_reference
from bibnorm.sources.pubmed_xml_fields import (
    ADAPTER_NAME,
    CODE,
    RecordBuilder,
    read_article_ids,
    span_of,
    unique,
)

# --- related articles ----------------------------------------------------------------


def read_links(builder: RecordBuilder, comments: Element | None) -> None:
    """`CommentsCorrections` as links: `RefType` in kebab case, `RefSource` as raw text."""
    if comments is None:
        return
    links: list[Link] = []
    for entry in comments.iterfind("CommentsCorrections"):
        ref_type = entry.get("RefType") or ""
        raw = builder.child_text(entry, "RefSource")
        pmid = builder.child_text(entry, "PMID")
        if not ref_type or not (raw or pmid):
            continue
        citation = Citation(
            raw=raw,
            identifiers=(Identifier(scheme="pmid", value=pmid),) if pmid else (),
            provenance=Provenance(adapter=ADAPTER_NAME, file=builder.file, span=span_of([entry])),
        )
        links.append(Link(relation=kebab_case(ref_type), citation=citation))
    builder.set("links_to", tuple(links), [comments])


def kebab_case(name: str) -> str:
    """`CommentIn` -> `comment-in`, `ExpressionOfConcernFor` -> `expression-of-concern-for`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name.strip()).lower()


def read_references(builder: RecordBuilder, reference_lists: list[Element]) -> None:
    """Every `Reference` (nested lists included): its `Citation` string read by
    `parse_reference`, and the identifiers of its own `ArticleIdList`."""
    references: list[Citation] = []
    for reference_list in reference_lists:
        builder.take(*reference_list.iterfind("Title"))
        for reference in reference_list.iter("Reference"):
            citation = _read_reference(builder, reference)
            if citation is not None:
                references.append(citation)
    builder.set("references", tuple(references), reference_lists)


def _read_reference(builder: RecordBuilder, reference: Element) -> Citation | None:
    citation_element, id_list, plain = _parts_of(reference)
    text = builder.text(citation_element)
    listed = read_article_ids(builder, id_list) if id_list is not None else []
    if plain:
        # Everything in it is read: the walk for unread text need not visit it.
        builder.taken.add(reference)
    span = span_of([reference])
    if text is None:
        if not listed:
            return None
        provenance = Provenance(adapter=ADAPTER_NAME, file=builder.file, span=span)
        return Citation(identifiers=tuple(unique(listed)), provenance=provenance)
    parsed = parse_reference(text)
    citation = parsed.citation
    identifiers = listed
    if citation.identifiers:
        # The list's identifiers are sure; an identifier read from the text adds a scheme only.
        schemes = {i.scheme for i in listed}
        identifiers = [*listed, *(i for i in citation.identifiers if i.scheme not in schemes)]
    guessed: tuple[FieldSource, ...] = ()
    if parsed.heuristic:
        guessed = tuple(
            FieldSource(field=name, method="heuristic", span=span, detail=parsed.guess)
            for name in ("title", "container_title_short")
            if name in parsed.heuristic and getattr(citation, name)
        )
    diagnostics = tuple(
        Diagnostic(
            code=f"{CODE}.unparsed-reference-text",
            message=f"part of a reference no rule placed: {piece!r}",
            severity="info",
            line=span.start if span else None,
        )
        for piece in parsed.unparsed
    )
    # As dataclasses.replace, without its inspection of the fields on every call (a
    # baseline file has hundreds of thousands of references).
    fields = vars(citation) | {
        "identifiers": tuple(unique(identifiers)) if len(identifiers) > 1 else tuple(identifiers),
        "raw": text,
        "provenance": Provenance(
            adapter=ADAPTER_NAME, file=builder.file, span=span, fields=guessed
        ),
        "diagnostics": diagnostics,
    }
    return Citation(**fields)


def _parts_of(reference: Element) -> tuple[Element | None, Element | None, bool]:
    """The first `Citation` and `ArticleIdList` of a `Reference`, and whether they are all
    it holds (one of each at most, the list holding only `ArticleId`s and no attributes),
    so that reading them reads the whole reference. One pass: references are many."""
    citation: Element | None = None
    id_list: Element | None = None
    plain = True
    for child in reference:
        tag = child.tag
        if tag == "Citation" and citation is None:
            citation = child
        elif tag == "ArticleIdList" and id_list is None:
            id_list = child
            plain = (
                plain
                and not child.attrib
                and all(item.tag == "ArticleId" or item.tag.__class__ is not str for item in child)
            )
        elif tag.__class__ is str:
            plain = False
    return citation, id_list, plain and (citation is not None or id_list is not None)


__all__ = ["kebab_case", "read_links", "read_references"]
