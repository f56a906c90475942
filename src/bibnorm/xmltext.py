"""The text of an XML element with its inline markup (`<i>`, `<sup>`, MathML ...) read as text.

Titles and abstracts in PubMed and JATS XML carry inline tags: `<i>in vivo</i> study`,
`CO<sub>2</sub>`, MathML formulas. Their text is the element's text, every descendant's
text and every tail, in document order: reading only `element.text` would cut a title at
its first tag, and joining the pieces with spaces would turn `CO<sub>2</sub>` into `CO 2`.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.etree import _Element as Element

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
# Only ASCII white space is layout; a no-break or thin space in a title is content.
_LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")
_MATHML_PREFIX = "{" + MATHML_NAMESPACE + "}"


def inline_text(element: Element) -> str:
    """The text of `element` and all it contains, white space runs made one space, trimmed.

    Comments and processing instructions are not text. An entity reference the parser
    left unexpanded (entities are never resolved) stays as written, `&name;`. Inside
    MathML, white space between tokens is layout and dropped (`x` `2` in an `msup` is `x2`).
    """
    tag = element.tag
    if not len(element) and (
        tag.__class__ is not str or (tag != "math" and not tag.startswith(_MATHML_PREFIX))
    ):
        # The common case, a plain text element, without the walk.
        text: str = element.text or ""
        # Four substring tests are several times cheaper than one regex search.
        if "\n" not in text and "  " not in text and "\t" not in text and "\r" not in text:
            return text.strip(" ")
        return _LAYOUT_SPACE.sub(" ", text).strip(" ")
    pieces: list[str] = []
    _collect(element, pieces, in_math=False)
    return _LAYOUT_SPACE.sub(" ", "".join(pieces)).strip(" ")


def _collect(element: Element, pieces: list[str], *, in_math: bool) -> None:
    in_math = in_math or _is_mathml(element)
    if element.text:
        pieces.append(element.text.strip() if in_math else element.text)
    for child in element:
        if isinstance(child.tag, str):
            _collect(child, pieces, in_math=in_math)
        elif child.tag is etree.Entity:
            pieces.append(child.text or "")
        # The tail belongs to the parent's content, so the parent's MathML state applies.
        if child.tail:
            pieces.append(child.tail.strip() if in_math else child.tail)


def _is_mathml(element: Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return False
    return tag == "math" or tag.startswith(_MATHML_PREFIX)


__all__ = ["MATHML_NAMESPACE", "inline_text"]
