"""What no rule of the `pubmed-xml` adapter took, kept as `Record.extra` pairs.

Every element of a record that holds text and that no reader marked as taken is kept as
`(path, text)`, so nothing the input says is dropped silently.
"""

from __future__ import annotations

from lxml.etree import _Element as Element

from bibnorm.sources.pubmed_xml.pubmed_xml_fields import RecordBuilder
from bibnorm.xmltext import MATHML_NAMESPACE, inline_text

# Tags that are part of a text, not a structure of their own (PubMed's inline markup).
INLINE_TAGS = frozenset({"i", "b", "u", "sup", "sub", "math"})
_MATHML = "{" + MATHML_NAMESPACE + "}"
# Record-level elements whose attributes are kept: the status of the citation.
_KEPT_ATTRIBUTE_OWNERS = frozenset({"MedlineCitation", "Article", "BookDocument"})


def unread_leaves(builder: RecordBuilder, root: Element) -> tuple[tuple[str, str], ...]:
    """`(path, text)` for every text-holding element under `root` no rule took.

    Paths are written from the record element down (`MedlineCitation/DateCompleted/Year`),
    a repeated element with its position (`Section[3]`) and an element's attributes as
    predicates (`OtherID[@Source="NASA"]`). The status attributes of the citation
    (`MedlineCitation/@Status`, `MedlineCitation/Article/@PubModel` ...) are kept too;
    other attributes of elements a rule read are not.
    """
    found: list[tuple[str, str]] = []
    _walk(builder.taken, root, root, found)
    return tuple(found)


def _walk(
    taken: set[Element], element: Element, root: Element, found: list[tuple[str, str]]
) -> None:
    if element.tag in _KEPT_ATTRIBUTE_OWNERS and element.attrib:
        path = _path(element, root)
        for name, value in element.attrib.items():
            found.append((f"{path}/@{name}", value))
    for child in element:
        if child.tag.__class__ is not str or child in taken:
            continue
        if _is_leaf(child):
            text = inline_text(child)
            if text or child.attrib:
                found.append((_with_attributes(_path(child, root), child), text))
        else:
            _walk(taken, child, root, found)


def _path(element: Element, root: Element) -> str:
    """`MedlineCitation/Article/AuthorList/Author[2]/...`: the steps from `root` down, the
    root itself named only when it is a lone `MedlineCitation` (as inside a PubmedArticle)."""
    steps: list[str] = []
    while element is not root:
        steps.append(_step(element))
        element = element.getparent()
    if root.tag == "MedlineCitation":
        steps.append(root.tag)
    return "/".join(reversed(steps))


def _step(element: Element) -> str:
    tag: str = element.tag
    before = sum(1 for _ in element.itersiblings(tag, preceding=True))
    if before == 0 and next(element.itersiblings(tag), None) is None:
        return tag
    return f"{tag}[{before + 1}]"


def _with_attributes(path: str, element: Element) -> str:
    predicates = "".join(f'[@{name}="{value}"]' for name, value in element.attrib.items())
    return path + predicates


def _is_leaf(element: Element) -> bool:
    """An element holding text only, or text with inline markup."""
    for child in element:
        tag = child.tag
        if tag.__class__ is str and tag not in INLINE_TAGS and not tag.startswith(_MATHML):
            return False
    return True


__all__ = ["INLINE_TAGS", "unread_leaves"]
