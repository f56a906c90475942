"""Related articles of a PubMed XML record: comments and corrections, and the reference list.

Part of the `pubmed-xml` adapter. A reference's identifiers come from its own
`ArticleIdList`, never the other way round: nothing here reaches the record's identifiers.
"""

from __future__ import annotations

import re

from lxml.etree import _Element as Element

from bibnorm.model import Citation, Diagnostic, FieldSource, Identifier, Link, Provenance
from bibnorm.parsing import parse_reference
from bibnorm.sources.pubmed_xml.pubmed_xml_fields import (
    ADAPTER_NAME,
    CODE,
    RecordBuilder,
    read_article_id,
    span_of,
    unique,
)

# --- related articles ----------------------------------------------------------------


def read_links(builder: RecordBuilder, comments: Element | None) -> None:
    """`CommentsCorrections` as links: `RefType` in kebab case, `RefSource` as raw text."""
    if comments is None:
        return
    links: list[Link] = []
    for entry in comments.iterchildren("CommentsCorrections"):
        ref_type = entry.get("RefType") or ""
        raw = builder.child_text(entry, "RefSource")
        pmid = builder.child_text(entry, "PMID")
        if not ref_type or not (raw or pmid):
            continue
        citation = Citation(
            raw=raw,
            identifiers=(Identifier(scheme="pmid", value=pmid),) if pmid else (),
            provenance=Provenance(
                adapter=ADAPTER_NAME, file=builder.file, span=span_of([entry], builder.line_offset)
            ),
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
        builder.take(*reference_list.iterchildren("Title"))
        for reference in reference_list.iter("Reference"):
            citation = _read_reference(builder, reference)
            if citation is not None:
                references.append(citation)
    builder.set("references", tuple(references), reference_lists)


def _read_reference(builder: RecordBuilder, reference: Element) -> Citation | None:
    text, listed = _read_reference_parts(builder, reference)
    span = span_of([reference], builder.line_offset)
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
            [
                FieldSource(field=name, method="heuristic", span=span, detail=parsed.guess)
                for name in ("title", "container_title_short")
                if name in parsed.heuristic and getattr(citation, name)
            ]
        )
    diagnostics: tuple[Diagnostic, ...] = ()
    if parsed.unparsed:
        diagnostics = tuple(
            [
                Diagnostic(
                    code=f"{CODE}.unparsed-reference-text",
                    message=f"part of a reference no rule placed: {piece!r}",
                    severity="info",
                    line=span.start if span else None,
                )
                for piece in parsed.unparsed
            ]
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


def _read_reference_parts(
    builder: RecordBuilder, reference: Element
) -> tuple[str | None, list[Identifier]]:
    """The text of a `Reference`'s first `Citation` and the identifiers of its first
    `ArticleIdList`, both taken. When they are all it holds (the list holding only
    `ArticleId`s, without attributes), the reference itself is taken too, so the walk for
    unread text need not visit it. One pass: a record has dozens of references."""
    text: str | None = None
    listed: list[Identifier] = []
    citation_seen = list_seen = False
    plain = True
    for child in reference:
        tag = child.tag
        if tag == "Citation" and not citation_seen:
            citation_seen = True
            text = builder.text(child)
        elif tag == "ArticleIdList" and not list_seen:
            list_seen = True
            plain = plain and not child.attrib
            for article_id in child:
                if article_id.tag == "ArticleId":
                    identifier = read_article_id(builder, article_id)
                    if identifier is not None:
                        listed.append(identifier)
                elif article_id.tag.__class__ is str:
                    plain = False
        elif tag.__class__ is str:
            plain = False
    if plain and (citation_seen or list_seen):
        builder.taken.add(reference)
    return text, listed


__all__ = ["kebab_case", "read_links", "read_references"]
