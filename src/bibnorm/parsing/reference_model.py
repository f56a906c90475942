"""A trained sequence labeller for reference strings, consulted where the rules are in doubt.

The rules of `reference` read most references exactly; where a string does not fit them
(an author list without commas, a locator left inside the title, a physics reference with
no title) their reading is doubtful. There a first-order averaged structured perceptron
labels each token of the string (`AUTHOR`, `TITLE`, `CONTAINER`, `YEAR`, `VOLUME`,
`ISSUE`, `PAGES`, `ID`, `OTHER`), Viterbi decoding finds the best label sequence, and
the labelled spans become fields: authors through the rules' own name reader, pages
through the page helpers. What the rules are certain of (identifiers, URL, dates, pages
read as a range) is kept.

The model is deterministic (fixed weights, no sampling), invents nothing (each value is
a span of the input, or what the name reader makes of one), and is loaded once, on first
use, from `reference_model.json` beside this file. `training/train_reference_model.py`
makes that file from the labelled references of the tuning part of the benchmark split.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from bibnorm.model import DateParts, Person
from bibnorm.parsing.citation import ParsedCitation, tidy_journal_abbreviation
from bibnorm.parsing.locator import classify_pages
from bibnorm.parsing.names import scan_people
from bibnorm.parsing.pages import expand_page_range

__all__ = [
    "LABELS",
    "MODEL_FILE",
    "MODEL_GUESS",
    "Model",
    "Token",
    "consult_model",
    "features",
    "label_tokens",
    "load_model",
    "tokenise",
]

LABELS = ("AUTHOR", "TITLE", "CONTAINER", "YEAR", "VOLUME", "ISSUE", "PAGES", "ID", "OTHER")
MODEL_FILE = Path(__file__).with_name("reference_model.json")
MODEL_GUESS = "fields read by the trained sequence labeller (the rules were in doubt)"

# A token: a URL or DOI whole, a run of letters and digits, or one other character.
_TOKEN = re.compile(r"(?:https?://|www\.)\S+|10\.\d{3,9}/\S+|[^\W_]+|\S")
_YEAR = re.compile(r"(?:1[6-9]|20)\d\d[a-z]?")
# Words journal abbreviations are made of (a hint, not a list of journals).
_JOURNAL_WORD_LIST = (
    "j am ann acta arch biol biochem biophys bull cell chem clin curr eur exp front gen int "
    "lett med mol nat natl neurosci phys physiol proc rep res rev sci soc trans appl adv "
    "environ ecol genet immunol infect microbiol oncol pharmacol psychol surg vet zool "
    "journal review reviews letters proceedings annals bulletin transactions"
)
_JOURNAL_WORDS = frozenset(_JOURNAL_WORD_LIST.split())
_NAME_LEAD = re.compile(r"[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)*,?\s(?:[A-Z]\.?\s?-?){1,3}\b")
_INITIALS_LEAD = re.compile(r"(?:[A-Z]\.\s?-?){1,3}\s?[A-Z][a-z]")
_LOCATOR_IN_TITLE = re.compile(
    r"\d+\s?\(\d+\)|(?:1[6-9]|20)\d\d\s?;\s?\d|\d+\s?:\s?\d+\s?[-–]|\b[Vv]ol\b|,\s\d+,\s\d"
)
_EDGE = " .,;:"


@dataclasses.dataclass(frozen=True)
class Token:
    """One token of a reference string and where it stands in it."""

    text: str
    start: int
    end: int


def tokenise(text: str) -> list[Token]:
    """The tokens of `text` with their character offsets: `text[t.start:t.end] == t.text`."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    """`Xx`, `X.`-less shapes: upper `X`, lower `x`, digit `d` (up to four in a row, then
    `+`), other characters as they are; letter runs shortened to two."""
    out: list[str] = []
    run = 0
    for char in word:
        kind = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if out and out[-1] == kind:
            run += 1
            limit = 4 if kind == "d" else 2
            if run == limit:
                out.append("+")
            if run >= limit:
                continue
        elif out and out[-1] == "+" and len(out) > 1 and out[-2] == kind:
            continue
        else:
            run = 0
        out.append(kind)
    return "".join(out)


def features(text: str, tokens: Sequence[Token]) -> list[list[str]]:
    """The features of each token of `text` (see the module's documentation)."""
    count = len(tokens)
    words = [t.text.lower() for t in tokens]
    shapes = [_shape(t.text) if len(t.text) < 40 else "LONG" for t in tokens]
    # Sentence breaks (`. `, `? `) before each token, and after it.
    breaks_before: list[int] = []
    seen = 0
    for token in tokens:
        breaks_before.append(seen)
        if token.text in ".?!" and text[token.end : token.end + 1] == " ":
            seen += 1
    total_breaks = seen
    years_before: list[int] = []
    numbers_after = [0] * count
    found = 0
    for token in tokens:
        years_before.append(found)
        if _YEAR.fullmatch(token.text):
            found += 1
    after = 0
    for index in range(count - 1, -1, -1):
        numbers_after[index] = after
        if tokens[index].text[:1].isdigit():
            after += 1
    depth = 0
    result: list[list[str]] = []
    for index, token in enumerate(tokens):
        word, shape = words[index], shapes[index]
        previous = words[index - 1] if index else "<s>"
        following = words[index + 1] if index + 1 < count else "</s>"
        previous_shape = shapes[index - 1] if index else "<s>"
        following_shape = shapes[index + 1] if index + 1 < count else "</s>"
        before2 = shapes[index - 2] if index > 1 else "<s>"
        after2 = shapes[index + 2] if index + 2 < count else "</s>"
        spaced = token.start > 0 and text[token.start - 1] == " "
        glued = token.end < len(text) and text[token.end] != " "
        if token.text in "([":
            depth += 1
        feats = [
            "b",
            "w=" + word,
            "s=" + shape,
            "p=" + previous,
            "n=" + following,
            "ps=" + previous_shape,
            "ns=" + following_shape,
            "pps=" + before2 + "|" + previous_shape,
            "nns=" + following_shape + "|" + after2,
            "sh3=" + previous_shape + "|" + shape + "|" + following_shape,
            "pw=" + previous + "|" + word,
            "sb=" + str(min(breaks_before[index], 6)),
            "sa=" + str(min(total_breaks - breaks_before[index], 4)),
            "pos=" + str(index * 8 // count),
            "yb=" + str(min(years_before[index], 2)),
            "na=" + str(min(numbers_after[index], 3)),
            "sp=" + ("1" if spaced else "0") + ("1" if glued else "0"),
        ]
        if depth:
            feats.append("paren")
        if token.text in ")]" and depth:
            depth -= 1
        if _YEAR.fullmatch(token.text):
            feats.append("year")
        if token.text.isupper() and token.text.isalpha() and len(token.text) <= 3:
            feats.append("initials")
        if word in _JOURNAL_WORDS:
            feats.append("jw")
        if previous in _JOURNAL_WORDS:
            feats.append("pjw")
        if token.text[:1].isupper():
            feats.append("cap")
        if len(token.text) > 1 and token.text.isdigit():
            feats.append("num" + str(min(len(token.text), 5)))
        result.append(feats)
    return result


Weights = dict[str, list[float]]


@dataclasses.dataclass(frozen=True)
class Model:
    """The weights of the labeller: per feature one weight per label, label-to-label
    transitions and the weight of each label at the start."""

    labels: tuple[str, ...]
    weights: Weights
    transitions: list[list[float]]
    start: list[float]

    @property
    def columns(self) -> list[list[float]]:
        """The transitions by the label they lead to: `columns[k][j]` is `transitions[j][k]`."""
        return [list(column) for column in zip(*self.transitions, strict=True)]


def load_model(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    scale = float(data.get("scale", 1))
    weights = {name: [w / scale for w in row] for name, row in data["weights"].items()}
    return Model(
        labels=tuple(data["labels"]),
        weights=weights,
        transitions=[[w / scale for w in row] for row in data["transitions"]],
        start=[w / scale for w in data["start"]],
    )


@lru_cache(maxsize=1)
def _model() -> Model:
    return load_model()


def emissions(model: Model, feats: list[list[str]]) -> list[list[float]]:
    """The score of each label at each token, summed over its features."""
    zero = [0.0] * len(model.labels)
    get = model.weights.get
    scores: list[list[float]] = []
    for token_features in feats:
        rows = [row for row in map(get, token_features) if row is not None]
        scores.append(list(map(sum, zip(*rows, strict=True))) if rows else zero)
    return scores


def viterbi(model: Model, scores: list[list[float]]) -> list[int]:
    """The best label sequence (indices into `model.labels`) for the token scores.

    The forward pass keeps only each position's best scores; the backward pass finds the
    label before each chosen one again (one comparison per position instead of one per
    label pair), which gives the same path and costs a third of the time in Python."""
    if not scores:
        return []
    add = operator.add
    columns = model.columns
    best = list(map(add, model.start, scores[0]))
    table = [best]
    for emission in scores[1:]:
        best = [
            max(map(add, best, column)) + score
            for column, score in zip(columns, emission, strict=True)
        ]
        table.append(best)
    last = best.index(max(best))
    path = [last]
    for index in range(len(table) - 2, -1, -1):
        values = list(map(add, table[index], columns[last]))
        last = values.index(max(values))
        path.append(last)
    path.reverse()
    return path


def label_tokens(text: str, model: Model | None = None) -> list[tuple[Token, str]]:
    """Each token of `text` with the label the model gives it."""
    model = model or _model()
    tokens = tokenise(text)
    path = viterbi(model, emissions(model, features(text, tokens)))
    return [(token, model.labels[k]) for token, k in zip(tokens, path, strict=True)]


# --- from labels to fields -------------------------------------------------------------


@dataclasses.dataclass
class _Spans:
    """The runs of tokens of each label, as `(start, end)` offsets in the text."""

    runs: dict[str, list[tuple[int, int]]]

    def first(self, label: str) -> tuple[int, int] | None:
        runs = self.runs.get(label)
        return runs[0] if runs else None


def _spans(labelled: list[tuple[Token, str]]) -> _Spans:
    runs: dict[str, list[tuple[int, int]]] = {}
    previous = ""
    for token, label in labelled:
        found = runs.setdefault(label, [])
        if label == previous and found:
            found[-1] = (found[-1][0], token.end)
        else:
            found.append((token.start, token.end))
        previous = label
    return _Spans(runs)


def _clean(text: str) -> str:
    text = text.strip(_EDGE)
    if text[:1] in "“\"'‘" and text[-1:] in "”\"'’":
        text = text[1:-1].strip(_EDGE)
    if text.startswith("(") and ")" not in text:
        text = text[1:].strip(_EDGE)
    if text.endswith(")") and "(" not in text:
        text = text[:-1].strip(_EDGE)
    return text


def _people(text: str) -> tuple[tuple[Person, ...], bool]:
    """The people of an author span, by the rules' name reader: with separators, or
    (when that reads less of it) with spaces alone between names."""
    span = text.rstrip(_EDGE)
    people, et_al, end = scan_people(span)
    if end < len(span) - 1:
        spaced, spaced_et_al, spaced_end = scan_people(span, 0, True)
        if spaced_end > end:
            people, et_al = spaced, spaced_et_al
    return people, et_al


@dataclasses.dataclass
class ModelReading:
    """What the labeller read: each value a piece of the input (or read from one)."""

    authors: tuple[Person, ...] = ()
    et_al: bool = False
    title: str | None = None
    container: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    other: tuple[str, ...] = ()


_ET_AL = re.compile(r"(?i)et\.?\s?al\.?|and others")


def read_with_model(text: str, model: Model | None = None) -> ModelReading:
    """The fields the labeller finds in `text`."""
    spans = _spans(label_tokens(text, model))
    reading = ModelReading()
    author = spans.first("AUTHOR")
    if author:
        reading.authors, reading.et_al = _people(text[author[0] : author[1]])
        tail = text[author[1] : author[1] + 10]
        if _ET_AL.match(tail.lstrip(" ,")):
            reading.et_al = True
    for label, name in (("TITLE", "title"), ("CONTAINER", "container")):
        span = spans.first(label)
        if span:
            setattr(reading, name, _clean(text[span[0] : span[1]]) or None)
    year = spans.first("YEAR")
    if year and (found := _YEAR.search(text, year[0], year[1])):
        reading.year = found.group()[:4]
    for label, name in (("VOLUME", "volume"), ("ISSUE", "issue"), ("PAGES", "pages")):
        span = spans.first(label)
        if span:
            setattr(reading, name, text[span[0] : span[1]].strip(_EDGE + "()") or None)
    other: list[str] = []
    for start, end in spans.runs.get("OTHER", []):
        piece = text[start:end].strip(_EDGE + "()[]")
        if len(piece) > 1 and not _ET_AL.fullmatch(piece):
            other.append(piece)
    reading.other = tuple(other)
    return reading


# --- when to ask the model, and what to take from it -----------------------------------


def doubtful(text: str, parsed: ParsedCitation) -> bool:
    """Whether the rules' reading of `text` is doubtful: measured on the tuning part of
    the benchmark, the signs that the rules misread a reference."""
    citation = parsed.citation
    if citation.type not in ("article-journal", None):
        return False
    title = citation.title
    container = citation.container_title or citation.container_title_short
    if not citation.authors:
        if _NAME_LEAD.match(text) or _INITIALS_LEAD.match(text):
            return True
        if title is None and container is not None and citation.issued is not None:
            return False  # a journal and its locator (`Spine J. 2014;14(1):145-64`)
    if title is not None and (_LOCATOR_IN_TITLE.search(title) or _looks_abbreviated(title)):
        return True
    # (No title after authors is how chemistry and physics print references, and text
    # left unplaced is mostly notes: neither is a sign worth the model's time.)
    return container is None or citation.issued is None


def _looks_abbreviated(title: str) -> bool:
    """A title of one or two capitalised words, as a journal abbreviation read as the
    title is (`Phys`, `Nat Commun`)."""
    words = title.split()
    return len(words) <= 2 and all(word[:1].isupper() for word in words)


def _is_title(text: str) -> bool:
    """Whether a span the model labels as the title can be one: some word of three
    letters or more that is not a month."""
    return any(
        len(word) >= 3 and word.isalpha() and word.lower()[:3] not in _MONTHS
        for word in re.split(r"[^\w]+", text)
    )


_MONTH_LIST = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = frozenset(_MONTH_LIST.split())


def consult_model(text: str, parsed: ParsedCitation) -> ParsedCitation:
    """`parsed` (the rules' reading of `text`), or where it is doubtful, the reading
    the labeller gives, with what the rules are certain of kept."""
    if not doubtful(text, parsed):
        return parsed
    return merge(parsed, read_with_model(text))


def merge(parsed: ParsedCitation, model: ModelReading) -> ParsedCitation:
    """The rules' reading, with the fields the labeller reads better taken from it."""
    citation = parsed.citation
    changes: dict[str, object] = {}
    taken: set[str] = set()
    title = model.title if model.title and _is_title(model.title) else None
    container = citation.container_title or citation.container_title_short
    if title and title != citation.title:
        changes["title"] = title
        taken.add("title")
    elif (
        title is None
        and citation.title
        and model.container
        and (citation.title in model.container or model.container in citation.title)
    ):
        # `A. Kim, Phys. Rev. D 94, 074012 (2016)`: no title, the journal read as one.
        changes["title"] = None
        taken.add("title")
    if len(model.authors) > len(citation.authors) and (title or citation.title):
        changes.update(authors=model.authors, et_al=model.et_al or citation.et_al)
        taken.add("authors")
    if model.container and model.container != container:
        changes["container_title_short"] = tidy_journal_abbreviation(model.container)
        changes["container_title"] = None
        taken.add("container_title_short")
    if citation.issued is None and model.year:
        changes["issued"] = DateParts(year=int(model.year), raw=model.year)
        taken.add("issued")
    if citation.volume is None and model.volume:
        changes["volume"] = model.volume
        taken.add("volume")
    if citation.issue is None and model.issue:
        changes["issue"] = model.issue
        taken.add("issue")
    after_volume = bool(model.year and (model.volume or citation.volume))
    page_changes = _page_changes(model.pages, after_volume) if model.pages else {}
    if page_changes and not (citation.pages or citation.article_number):
        changes.update(page_changes)
        taken.add("pages")
    if not taken:
        return parsed
    guesses = [g for g in (parsed.guess or "").split("; ") if g]
    if "issued" in taken:
        # (The rules' `no date found` guess no longer holds.)
        guesses = [g for g in guesses if not g.startswith("no date found")]
    guesses.append(MODEL_GUESS)
    return ParsedCitation(
        citation=dataclasses.replace(citation, **changes),  # type: ignore[arg-type]
        heuristic=parsed.heuristic | taken,
        guess="; ".join(guesses),
        unparsed=model.other if "title" in taken else parsed.unparsed,
        complete=parsed.complete or "issued" in taken,
    )


# Pages as the model's span may hold them: `99-105`, `e1234`, and with a space alone
# between first and last page (`2006 17 99 105`, as the rules read references printed
# without punctuation) only after a year and a volume: two numbers alone may end a title
# (`Notes on the moths of plots 12 40`).
_PAGE = r"[A-Za-z]{0,4}\d+[A-Za-z]?"
_PAGE_SPAN = re.compile(rf"{_PAGE}(?:\s?[-–—‐‑]\s?{_PAGE})?")
_SPACED_PAGES = re.compile(r"(\d+) (\d+)")


def _page_changes(span: str, after_volume: bool) -> dict[str, str | None]:
    """The page fields of a page span (nothing when it is not one)."""
    spaced = _SPACED_PAGES.fullmatch(span) if after_volume else None
    if spaced is not None:
        span = f"{spaced.group(1)}-{spaced.group(2)}"
    elif _PAGE_SPAN.fullmatch(span) is None:
        return {}
    pages, number = classify_pages(span)
    changes: dict[str, str | None] = {"article_number": number}
    if pages:
        expanded = expand_page_range(pages.replace("–", "-"))
        changes["pages"] = expanded
        changes["pages_raw"] = pages if expanded != pages else None
    return changes
