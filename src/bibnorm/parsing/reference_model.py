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
_DASHES = "-–—‐‑"
_FIRST_PAGE = re.compile(r"[A-Za-z]{0,4}\d+[A-Za-z]?\s?$")
_DIGIT_DOT = re.compile(r"\d\.")
_DOT_DIGIT = re.compile(r"\.\d")


@dataclasses.dataclass(frozen=True)
class Token:
    """One token of a reference string and where it stands in it."""

    text: str
    start: int
    end: int


def tokenise(text: str) -> list[Token]:
    """The tokens of `text` with their character offsets: `text[t.start:t.end] == t.text`."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=4096)
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
    """The features of each token of `text` (see the module's documentation).

    Built column by column (each kind of feature for all tokens at once), which costs
    less in Python than token by token: the model is asked while a reference is parsed."""
    count = len(tokens)
    if not count:
        return []
    texts = [t.text for t in tokens]
    words = [t.lower() for t in texts]
    shapes = [_shape(t) if len(t) < 40 else "LONG" for t in texts]
    edge = ["<s>"]
    end = ["</s>"]
    previous_words = edge + words[:-1]
    shapes_before = edge + shapes[:-1]
    shapes_after = shapes[1:] + end
    # Sentence breaks (`. `, `? `) before each token and after it; years before it;
    # numbers after it.
    breaks: list[int] = []
    years: list[int] = []
    seen = found = 0
    for token in tokens:
        breaks.append(seen)
        years.append(found)
        first = token.text[0]
        if first in ".?!" and text[token.end : token.end + 1] == " ":
            seen += 1
        elif first in "12" and _YEAR.fullmatch(token.text):
            found += 1
    numbers: list[int] = []
    after = 0
    for token_text in reversed(texts):
        numbers.append(after)
        if token_text[0].isdigit():
            after += 1
    numbers.reverse()
    columns = (
        ["w=" + w for w in words],
        ["s=" + w for w in shapes],
        ["p=" + w for w in previous_words],
        ["n=" + w for w in [*words[1:], "</s>"]],
        ["ps=" + w for w in shapes_before],
        ["ns=" + w for w in shapes_after],
        [_BREAKS_BEFORE[min(n, 6)] for n in breaks],
        [_BREAKS_AFTER[min(seen - n, 4)] for n in breaks],
        [_POSITIONS[index * 8 // count] for index in range(count)],
        [_YEARS_BEFORE[min(n, 2)] for n in years],
        [_NUMBERS_AFTER[min(n, 3)] for n in numbers],
    )
    result = [["b", *row] for row in zip(*columns, strict=True)]
    size = len(text)
    depth = 0
    for index, token in enumerate(tokens):
        feats = result[index]
        token_text = texts[index]
        spaced = token.start > 0 and text[token.start - 1] == " "
        glued = token.end < size and text[token.end] != " "
        feats.append(_SPACING[spaced, glued])
        if token_text in "([":
            depth += 1
        if depth:
            feats.append("paren")
            if token_text in ")]":
                depth -= 1
        first = token_text[0]
        if first.isdigit():
            if len(token_text) > 1 and token_text.isdigit():
                feats.append(_NUMBER_LENGTHS[min(len(token_text), 5)])
            if first in "12" and _YEAR.fullmatch(token_text):
                feats.append("year")
        elif first.isupper():
            feats.append("cap")
            if len(token_text) <= 3 and token_text.isupper() and token_text.isalpha():
                feats.append("initials")
        if words[index] in _JOURNAL_WORDS:
            feats.append("jw")
        if previous_words[index] in _JOURNAL_WORDS:
            feats.append("pjw")
    return result


_BREAKS_BEFORE = tuple(f"sb={n}" for n in range(7))
_BREAKS_AFTER = tuple(f"sa={n}" for n in range(5))
_POSITIONS = tuple(f"pos={n}" for n in range(8))
_YEARS_BEFORE = tuple(f"yb={n}" for n in range(3))
_NUMBERS_AFTER = tuple(f"na={n}" for n in range(4))
_NUMBER_LENGTHS = tuple(f"num{n}" for n in range(6))
_SPACING = {
    (spaced, glued): f"sp={int(spaced)}{int(glued)}"
    for spaced in (False, True)
    for glued in (False, True)
}


Weights = dict[str, list[float]]


@dataclasses.dataclass(frozen=True)
class Model:
    """The weights of the labeller: per feature one weight per label, label-to-label
    transitions and the weight of each label at the start."""

    labels: tuple[str, ...]
    weights: Weights
    transitions: list[list[float]]
    start: list[float]

    columns: list[list[float]] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        # `columns[k][j]` is `transitions[j][k]`: the weights of the labels before label k.
        columns = [list(column) for column in zip(*self.transitions, strict=True)]
        object.__setattr__(self, "columns", columns)


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
    get = model.weights.get
    zero = [[0.0] * len(model.labels)]
    return [
        list(map(sum, zip(*([r for r in map(get, token) if r is not None] or zero), strict=True)))
        for token in feats
    ]


def viterbi(model: Model, scores: list[list[float]]) -> list[int]:
    """The best label sequence (indices into `model.labels`) for the token scores.

    The forward pass keeps only each position's best scores; the backward pass finds the
    label before each chosen one again (one comparison per position instead of one per
    label pair), which gives the same path at a third of the cost in Python."""
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


def _people(text: str) -> tuple[tuple[Person, ...], bool, int]:
    """The people of an author span, by the rules' name reader: with separators, or
    (when that reads less of it) with spaces alone between names; and where they end."""
    span = text.rstrip(_EDGE)
    people, et_al, end = scan_people(span)
    if end < len(span) - 1:
        spaced, spaced_et_al, spaced_end = scan_people(span, 0, True)
        if spaced_end > end:
            people, et_al, end = spaced, spaced_et_al, spaced_end
    return people, et_al, end


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
    # What of the author span the name reader did not read (all of it when it read no
    # one): it must go somewhere, and no field takes it.
    unread_authors: str | None = None


_ET_AL = re.compile(r"(?i)et\.?\s?al\.?|and others")


def read_with_model(text: str, model: Model | None = None) -> ModelReading:
    """The fields the labeller finds in `text`."""
    spans = _spans(label_tokens(text, model))
    reading = ModelReading()
    author = spans.first("AUTHOR")
    title = spans.first("TITLE")
    if author:
        names = text[author[0] : author[1]]
        reading.authors, reading.et_al, read_to = _people(names)
        rest = names[read_to if reading.authors else 0 :].strip(_EDGE)
        if rest and not _ET_AL.fullmatch(rest):
            reading.unread_authors = rest
        tail = text[author[1] : author[1] + 10]
        if _ET_AL.match(tail.lstrip(" ,")):
            reading.et_al = True
    if title:
        reading.title = _clean(text[title[0] : title[1]]) or None
    container = spans.first("CONTAINER")
    if container:
        reading.container = _clean(text[container[0] : container[1]]) or None
    year = spans.first("YEAR")
    if year and (found := _YEAR.search(text, year[0], year[1])):
        before = text[max(found.start() - 2, 0) : found.start()]
        after = text[found.end() : found.end() + 2]
        if not (_DIGIT_DOT.fullmatch(before) or _DOT_DIGIT.fullmatch(after)):
            # (Not part of a dotted number: `bioRxiv 2020.06.17.157982` prints no year.)
            reading.year = found.group()[:4]
    for label, name in (("VOLUME", "volume"), ("ISSUE", "issue"), ("PAGES", "pages")):
        span = spans.first(label)
        if span and label == "PAGES" and text[span[0]] in _DASHES:
            # A range whose first page the model labelled otherwise (`pp. 33-41`).
            first = _FIRST_PAGE.search(text, 0, span[0])
            span = (first.start(), span[1]) if first else span
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
        if title is None and container is not None and citation.issued is not None:
            # A journal and its locator (`Int J Hematol. 2002 Aug;76 Suppl 2:36-9`), its
            # abbreviation perhaps shaped like a name (`Int J`, `Spine J`).
            return False
        if _NAME_LEAD.match(text) or _INITIALS_LEAD.match(text):
            return True
    if title is not None and (_LOCATOR_IN_TITLE.search(title) or _looks_abbreviated(title)):
        return True
    # (No title after authors is how chemistry and physics print references, and text
    # left unplaced is mostly notes: neither is a sign worth the model's time.)
    return container is None or citation.issued is None


_LOCATOR_WORD = re.compile(r"\b(?:[Vv]ol|[Nn]o|pp?)\.?$|\d")


def _locator_misplaced(title: str | None, container: str | None) -> bool:
    """Whether the rules left part of a locator in the title (`, Vol`) or the journal
    (`12, No`, `Rev, 2009, vol`)."""
    return bool(
        (title and _LOCATOR_IN_TITLE.search(title))
        or (title and _LOCATOR_WORD.search(title[-5:]) and title[-1:] != ")")
        or (container and _LOCATOR_WORD.search(container))
    )


def _looks_abbreviated(title: str) -> bool:
    """A title of one or two short capitalised words, as a journal abbreviation read as
    the title is (`Phys`, `Nat Commun`; not `Melioidosis`)."""
    words = title.split()
    return len(words) <= 2 and all(word[:1].isupper() and len(word) <= 6 for word in words)


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
    if doubtful(text, parsed):
        merged = merge(parsed, read_with_model(text))
        lost = _lost_text(text, parsed, merged)
        if lost:
            return dataclasses.replace(merged, unparsed=(*merged.unparsed, *lost))
        return merged
    citation = parsed.citation
    if (
        citation.issued is None
        and citation.type not in ("article-journal", "webpage")
        and citation.accessed is None
        and _YEAR.search(text)
    ):
        # A book, report or thesis whose date the rules did not find: only the year.
        # (Not when the text dates its access: that year is often the only one.)
        reading = read_with_model(text)
        return merge(parsed, ModelReading(year=reading.year)) if reading.year else parsed
    return parsed


_WORD = re.compile(r"[^\W\d_]{2,}|\d+")


def _values(parsed: ParsedCitation) -> str:
    """Every value of a reading, as one text: where its words went."""
    citation = parsed.citation
    people = (*citation.authors, *citation.editors)
    parts = [
        citation.title,
        citation.container_title,
        citation.container_title_short,
        citation.publisher,
        citation.publisher_place,
        citation.volume,
        citation.issue,
        citation.pages_raw or citation.pages,
        citation.article_number,
        citation.url,
        *(person.raw or person.family or person.literal for person in people),
        *(identifier.value for identifier in citation.identifiers),
        *citation.links,
        *parsed.unparsed,
    ]
    return " ".join(part for part in parts if part)


def _lost_text(text: str, rules: ParsedCitation, merged: ParsedCitation) -> tuple[str, ...]:
    """The pieces of `text` whose words the rules' reading placed and the merged one
    places nowhere (a title cut shorter, say), so that they are reported, not lost."""
    kept = {word.lower() for word in _WORD.findall(_values(merged))}
    had = {word.lower() for word in _WORD.findall(_values(rules))}
    lost = had - kept
    if not lost:
        return ()
    runs: list[list[int]] = []
    for found in _WORD.finditer(text):
        if found.group().lower() not in lost:
            continue
        if runs and not text[runs[-1][1] : found.start()].strip(_EDGE + "()[]"):
            runs[-1][1] = found.end()  # (only punctuation between: one piece)
        else:
            runs.append([found.start(), found.end()])
    return tuple(text[start:end] for start, end in runs)


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
    volume, issue = citation.volume, citation.issue
    has_pages = bool(citation.pages or citation.article_number)
    misplaced = _locator_misplaced(citation.title, container)
    if model.volume and (
        (citation.issued is None and model.year and model.year == volume) or misplaced
    ):
        # `Food Chem. 2012, 50 7 2462-2472`: the rules took the year for the volume; or
        # they left part of the locator in the title or journal (`Clim Rev, Vol. 12,
        # No. 3, pp. 33-41`): their locator is off, the model's is taken whole.
        volume = issue = None
        changes.update(volume=None, issue=None)
        if model.pages and _page_changes(model.pages, True):
            has_pages = False
            changes.update(pages=None, pages_raw=None, article_number=None)
    pages_text = citation.pages_raw or citation.pages or ""
    if citation.issued is None and model.year and (not has_pages or model.year not in pages_text):
        # (Never a number the rules read as pages: `Evolution 61 (7) 1620-1632` prints
        # no year.)
        changes["issued"] = DateParts(year=int(model.year), raw=model.year)
        taken.add("issued")
    if volume is None and model.volume:
        changes["volume"] = model.volume
        taken.add("volume")
    if issue is None and model.issue and model.issue not in (volume or ""):
        changes["issue"] = model.issue
        taken.add("issue")
    after_volume = bool(model.year and (model.volume or volume))
    page_changes = _page_changes(model.pages, after_volume) if model.pages else {}
    if page_changes and not has_pages:
        changes.update(page_changes)
        taken.add("pages")
    if not taken:
        return parsed
    guesses = [g for g in (parsed.guess or "").split("; ") if g]
    if "issued" in taken:
        # (The rules' `no date found` guess no longer holds.)
        guesses = [g for g in guesses if not g.startswith("no date found")]
    guesses.append(MODEL_GUESS)
    unparsed = parsed.unparsed
    if "title" in taken:
        # The rules' title held the text the model placed elsewhere: what it placed in
        # no field is reported, with the author text no name was read from (`OKAFOR,
        # A.; LIND, B.` when neither reading has authors).
        unread = model.unread_authors
        lost_authors = unread and ("authors" in taken or not citation.authors)
        unparsed = (*model.other, unread) if lost_authors and unread else model.other
    return ParsedCitation(
        citation=dataclasses.replace(citation, **changes),  # type: ignore[arg-type]
        heuristic=parsed.heuristic | taken,
        guess="; ".join(guesses),
        unparsed=unparsed,
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
