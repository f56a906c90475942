"""Abstracts as PubMed pages show them: plain paragraphs or labelled sections.

Structured abstracts label their sections either inline (`Background: text`) or with a
heading line of their own (`Background` then the text). Labels are mapped to the NLM
categories (BACKGROUND, OBJECTIVE, METHODS, RESULTS, CONCLUSIONS) when they are among
the usual names. Pages show each section of a structured abstract as a paragraph of its
own; one paragraph that runs several labels together (`Background: ... Methods: ...`) is
an unstructured abstract whose author wrote the labels, and it is kept whole, as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bibnorm.model import Abstract, AbstractSection

_CATEGORY_LABELS: dict[str, tuple[str, ...]] = {
    "BACKGROUND": (
        "background",
        "introduction",
        "context",
        "rationale",
        "importance",
        "motivation",
    ),
    "OBJECTIVE": ("objective", "objectives", "aim", "aims", "purpose", "goal", "goals"),
    "METHODS": (
        "methods",
        "method",
        "materials and methods",
        "patients and methods",
        "methodology",
        "design",
        "setting",
        "participants",
        "design, setting, and participants",
        "methods and findings",
    ),
    "RESULTS": ("results", "findings", "main outcomes and measures", "measurements"),
    "CONCLUSIONS": (
        "conclusion",
        "conclusions",
        "conclusions and relevance",
        "interpretation",
        "discussion",
        "implications",
    ),
}
CATEGORY_BY_LABEL: dict[str, str] = {
    label: category for category, labels in _CATEGORY_LABELS.items() for label in labels
}
# Labels common enough to trust on their own, with no NLM category.
_OTHER_LABELS = frozenset(
    {"trial registration", "funding", "registration", "availability and implementation"}
    | {"contact", "supplementary information", "summary"}
)
_INLINE_LABEL = re.compile(r"(?P<label>[A-Z][A-Za-z&/,' -]{0,60}?)\s*:\s+(?P<text>\S.*)")
_MAX_LABEL_WORDS = 5
# A further known label inside a paragraph, after the end of a sentence: `... bias. Methods: `.
_RUN_ON_LABEL = re.compile(r"[.?!)]\s+(?P<label>[A-Z][A-Za-z&/,' -]{0,60}?)\s*:\s")
_COPYRIGHT = re.compile(r"(?i)(copyright\b|©|\(c\)\s*\d{4})")


def parse_abstract(paragraphs: Sequence[str]) -> Abstract | None:
    """The abstract made of `paragraphs` (one per line of the page), or None if empty.

    A final paragraph starting with `Copyright` or `©` is the abstract's copyright.
    """
    texts = [p.strip() for p in paragraphs if p.strip()]
    copyright_text = None
    if texts and _COPYRIGHT.match(texts[-1]):
        copyright_text = texts.pop()
    if not texts:
        return None
    trust_any_label = sum(_inline_label(t, trust_any=True) is not None for t in texts) >= 2
    sections: list[AbstractSection] = []
    pending_label: str | None = None
    for text in texts:
        heading = _heading_label(text)
        if heading is not None:
            pending_label = heading
            continue
        inline = _inline_label(text, trust_any=trust_any_label)
        if inline is not None:
            label, body = inline
            sections.append(_section(body, label))
        elif pending_label is not None and sections and sections[-1].label == pending_label:
            previous = sections.pop()
            sections.append(_section(previous.text + "\n" + text, pending_label))
        else:
            sections.append(_section(text, pending_label))
    if pending_label is not None and not any(s.label == pending_label for s in sections):
        # A heading with no text after it (a cut-off dump): keep it, it is all there is.
        sections.append(_section("", pending_label))
    return Abstract(sections=tuple(sections), copyright=copyright_text)


def label_category(label: str) -> str | None:
    """The NLM category of a section label (`Materials and Methods` -> METHODS), or None."""
    return CATEGORY_BY_LABEL.get(label.strip().rstrip(":").lower())


def _is_known_label(label: str) -> bool:
    key = label.strip().rstrip(":").strip().lower()
    return key in CATEGORY_BY_LABEL or key in _OTHER_LABELS


def _heading_label(text: str) -> str | None:
    return text.rstrip(":").strip() if _is_known_label(text) else None


def _inline_label(text: str, *, trust_any: bool) -> tuple[str, str] | None:
    match = _INLINE_LABEL.fullmatch(text)
    if match is None or _runs_labels_together(match.group("text")):
        return None
    label = match.group("label").strip()
    if _is_known_label(label):
        return label, match.group("text")
    if trust_any and len(label.split()) <= _MAX_LABEL_WORDS and label[0].isupper():
        return label, match.group("text")
    return None


def _runs_labels_together(text: str) -> bool:
    """True when `text` holds another known section label after a sentence's end."""
    return any(_is_known_label(m.group("label")) for m in _RUN_ON_LABEL.finditer(text))


def _section(text: str, label: str | None) -> AbstractSection:
    category = label_category(label) if label else None
    return AbstractSection(text=text, label=label, category=category)
