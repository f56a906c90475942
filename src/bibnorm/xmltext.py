"""The text of an XML element with its inline markup (`<i>`, `<sup>`, MathML ...) read as text.

Titles and abstracts in PubMed and JATS XML carry inline tags: `<i>in vivo</i> study`,
`CO<sub>2</sub>`, MathML formulas. Their text is the element's text, every descendant's
text and every tail, in document order: reading only `element.text` would cut a title at
its first tag, and joining the pieces with spaces would turn `CO<sub>2</sub>` into `CO 2`.

`inline_markup` reads a title the same way but keeps its formatting as CSL rich text
(`<i>`, `<b>`, `<sup>`, `<sub>`, the small-caps `<span>`), for `Citation.title_markup`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from lxml import etree
from lxml.etree import _Element as Element

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
# Only ASCII white space is layout; a no-break or thin space in a title is content.
_LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")
_MATHML_PREFIX = "{" + MATHML_NAMESPACE + "}"


class Tag(str):
    """A piece of title markup that is a CSL rich-text tag, not text."""

    __slots__ = ()


# The CSL rich-text forms a title's formatting is written in: (opening, closing) tags.
ITALIC = (Tag("<i>"), Tag("</i>"))
BOLD = (Tag("<b>"), Tag("</b>"))
SUPERSCRIPT = (Tag("<sup>"), Tag("</sup>"))
SUBSCRIPT = (Tag("<sub>"), Tag("</sub>"))
SMALL_CAPS = (Tag('<span style="font-variant:small-caps;">'), Tag("</span>"))
MarkupTags = Mapping[str, tuple[Tag, Tag]]
# PubMed XML's inline elements; `<u>` has no CSL form and gives its text only.
PUBMED_MARKUP: MarkupTags = {"i": ITALIC, "b": BOLD, "sup": SUPERSCRIPT, "sub": SUBSCRIPT}


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


def _collect(
    element: Element, pieces: list[str], *, in_math: bool, tags: MarkupTags | None = None
) -> None:
    """The text pieces of `element`, in document order; with `tags`, the CSL `Tag`s of
    the formatting elements it names around their pieces (none inside MathML)."""
    in_math = in_math or _is_mathml(element)
    if element.text:
        pieces.append(element.text.strip() if in_math else element.text)
    for child in element:
        if isinstance(child.tag, str):
            pair = tags.get(child.tag) if tags and not in_math else None
            if pair is not None:
                pieces.append(pair[0])
            _collect(child, pieces, in_math=in_math, tags=tags)
            if pair is not None:
                pieces.append(pair[1])
        elif child.tag is etree.Entity:
            pieces.append(child.text or "")
        # The tail belongs to the parent's content, so the parent's MathML state applies.
        if child.tail:
            pieces.append(child.tail.strip() if in_math else child.tail)


def inline_markup(element: Element, text: str, tags: MarkupTags = PUBMED_MARKUP) -> str | None:
    """The text of `element` with the formatting `tags` names as CSL rich text, or None
    when none of it is formatted.

    `text` is the plain text the caller made of the element (layout space made one, a
    final period dropped ...): the markup reads exactly that text, so `title` and
    `title_markup` never disagree. Literal `<` and `&` stay as they are; escaping is the
    writer's business. MathML gives its text, as `inline_text` reads it.
    """
    pieces: list[str] = []
    _collect(element, pieces, in_math=False, tags=tags)
    return fit_markup(pieces, text)


def fit_markup(pieces: Iterable[str], text: str) -> str | None:
    """`pieces` (text, and `Tag`s around formatted runs) as markup whose text is `text`,
    or None when no tag is left or the pieces do not spell `text`.

    `text` is what the caller made of the pieces' text: layout space made one, ends
    trimmed, a final period or colon dropped. Its characters are matched in order to
    the pieces' characters; those it leaves out are dropped. Tags left around nothing
    (or around a blank) go, so `a<i> </i>b` is `a b`.
    """
    out: list[str] = []
    position = 0
    for piece in pieces:
        if isinstance(piece, Tag):
            _add_tag(out, piece)
            continue
        kept: list[str] = []
        for char in piece:
            if position < len(text) and char == text[position]:
                kept.append(char)
                position += 1
        if kept:
            out.append("".join(kept))
    if position != len(text) or not any(isinstance(piece, Tag) for piece in out):
        return None
    return "".join(out)


def _add_tag(out: list[str], tag: Tag) -> None:
    if not tag.startswith("</"):
        out.append(tag)
    elif out and _opens(out[-1]):
        out.pop()  # the opening tag, with nothing inside
    elif len(out) > 1 and _opens(out[-2]) and not out[-1].strip():
        out[-2:] = [out[-1]]  # a blank inside: keep the blank, drop the tags
    else:
        out.append(tag)


def _opens(piece: str) -> bool:
    return isinstance(piece, Tag) and not piece.startswith("</")


def _is_mathml(element: Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return False
    return tag == "math" or tag.startswith(_MATHML_PREFIX)


__all__ = [
    "BOLD",
    "ITALIC",
    "MATHML_NAMESPACE",
    "PUBMED_MARKUP",
    "SMALL_CAPS",
    "SUBSCRIPT",
    "SUPERSCRIPT",
    "MarkupTags",
    "Tag",
    "fit_markup",
    "inline_markup",
    "inline_text",
]
