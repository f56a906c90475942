"""Train the reference labeller (`bibnorm.parsing.reference_model`) and write its weights.

    PYTHONPATH=src python training/train_reference_model.py [--corpus DIR] [--out FILE]
                                                            [--epochs N] [--seed N]

The data are the labelled references of the benchmark (`benchmarks/eval_references.py`,
`read_cases`) in the files of the **tuning** part of `benchmarks/reference_split.json`
only: the held-out part and `corpus/jats` are how the parser's generality is measured,
and are never trained on. Each token of a reference's input text gets the label of the
truth value it falls in, found by aligning the values to the text (see `align`); a
reference whose authors, title, container, year, volume or first page cannot be found in
its text is left out. Training is a first-order averaged structured perceptron with
Viterbi decoding, a fixed number of epochs over a seeded shuffle: the same data give the
same weights.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "src"))

from eval_references import CORPUS, SPLIT_FILE, Case, read_cases, read_split  # noqa: E402

from bibnorm.parsing.reference_model import (  # noqa: E402
    LABELS,
    MODEL_FILE,
    Model,
    emissions,
    features,
    tokenise,
    viterbi,
)

EPOCHS = 12
SEED = 16
# Weights are stored as integers of this many units per 1.0; those under PRUNE dropped.
SCALE = 100
PRUNE = 0.05
_REQUIRED = ("title", "container", "year", "volume", "fpage")


# --- labels from the truth ---------------------------------------------------------------


def _find(text: str, value: str, start: int, *, word: bool = False) -> int:
    """Where `value` stands in `text` from `start` (-1 if nowhere); with `word`, only
    where no letter or digit touches it."""
    position = start
    while True:
        found = text.find(value, position)
        if found < 0 or not word:
            return found
        before = text[found - 1 : found]
        after = text[found + len(value) : found + len(value) + 1]
        if not before.isalnum() and not after.isalnum():
            return found
        position = found + 1


def _given_end(text: str, position: int, given: str) -> int:
    """The end of the given names `given` (letters and hyphens, as the truth normalises
    them) written right after `position`, or `position` when they are not there."""
    index = position
    while index < len(text) and text[index] in " ,":
        index += 1
    needed = given.replace(" ", "")
    matched = 0
    while index < len(text) and matched < len(needed):
        char = text[index]
        if char == needed[matched]:
            matched += 1
        elif char not in ". ":
            return position
        index += 1
    if matched < len(needed):
        return position
    if index < len(text) and text[index] == ".":
        index += 1
    return index


def align(case: Case) -> list[str] | None:
    """The label of each token of `case.text`, or None when a required value cannot be
    found in it."""
    text, truth = case.text, case.truth
    chars = ["OTHER"] * len(text)
    taken = [False] * len(text)

    def mark(start: int, end: int, label: str) -> None:
        for index in range(start, end):
            chars[index] = label
            taken[index] = True

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    cursor = 0
    families = truth["author_family"]
    if families:
        first = _find(text, families[0], 0, word=True)
        if first < 0:
            return None
        start = first
        # Initials before the family name (`J. A. Smith`).
        if first and first <= 12 and not any(c.isdigit() for c in text[:first]):
            start = 0
        end = first + len(families[0])
        position = end
        last = 0
        for number, family in enumerate(families[1:], 1):
            found = _find(text, family, position, word=True)
            if found < 0 or found - position > 60:
                break
            position = end = found + len(family)
            last = number
        givens = truth["author_given"]
        if len(givens) == len(families):
            end = _given_end(text, end, givens[last])
        mark(start, end, "AUTHOR")
        cursor = end
    for name, label in (("title", "TITLE"), ("container", "CONTAINER")):
        if truth[name]:
            value = truth[name][0]
            found = _find(text, value, cursor)
            if found < 0:
                found = _find(text, value, 0)
            if found < 0 or not free(found, found + len(value)):
                if name in _REQUIRED:
                    return None
                continue
            mark(found, found + len(value), label)
            cursor = max(cursor, found + len(value))
    locator_from = cursor
    for name, label in (("year", "YEAR"), ("volume", "VOLUME"), ("issue", "ISSUE")):
        if truth[name]:
            value = truth[name][0]
            found = _free_word(text, value, locator_from, free, year=name == "year")
            if found < 0:
                found = _free_word(text, value, 0, free, year=name == "year")
            if found < 0:
                if name in _REQUIRED:
                    return None
                continue
            mark(found, found + len(value), label)
    if truth["fpage"]:
        first_page = truth["fpage"][0]
        found = _free_word(text, first_page, locator_from, free)
        if found < 0:
            return None
        end = found + len(first_page)
        if truth["lpage"]:
            last = _free_word(text, truth["lpage"][0], end, free)
            if 0 <= last - end <= 3:
                end = last + len(truth["lpage"][0])
        mark(found, end, "PAGES")
    for scheme in ("doi", "pmid", "pmcid"):
        if truth[scheme]:
            value = truth[scheme][0]
            found = text.lower().find(value.lower())
            if found >= 0:
                mark(found, found + len(value), "ID")
    for match in re.finditer(r"https?://\S+|www\.\S+|10\.\d{3,9}/\S+", text):
        if free(match.start(), match.end()):
            mark(match.start(), match.end(), "ID")
    return [chars[token.start] for token in tokenise(text)]


def _free_word(text: str, value: str, start: int, free: object, *, year: bool = False) -> int:
    position = start
    check = free if callable(free) else None
    while True:
        found = _find(text, value, position, word=not year)
        if found < 0:
            return -1
        if year and text[found + len(value) : found + len(value) + 1].isdigit():
            position = found + 1
            continue
        if year and text[found - 1 : found].isalnum():
            position = found + 1
            continue
        if check is None or check(found, found + len(value)):
            return found
        position = found + 1


# --- the averaged structured perceptron --------------------------------------------------


class Trainer:
    """Weights, their running sums for averaging, and the step each was last changed."""

    def __init__(self) -> None:
        size = len(LABELS)
        self.size = size
        self.weights: dict[str, list[float]] = {}
        self.sums: dict[str, list[float]] = {}
        self.stamps: dict[str, list[int]] = {}
        self.transitions = [[0.0] * size for _ in range(size)]
        self.transition_sums = [[0.0] * size for _ in range(size)]
        self.transition_stamps = [[0] * size for _ in range(size)]
        self.start = [0.0] * size
        self.start_sums = [0.0] * size
        self.start_stamps = [0] * size
        self.step = 0

    def model(self) -> Model:
        return Model(LABELS, self.weights, self.transitions, self.start)

    def _update(self, feature: str, label: int, delta: float) -> None:
        row = self.weights.get(feature)
        if row is None:
            row = self.weights[feature] = [0.0] * self.size
            self.sums[feature] = [0.0] * self.size
            self.stamps[feature] = [0] * self.size
        sums, stamps = self.sums[feature], self.stamps[feature]
        sums[label] += (self.step - stamps[label]) * row[label]
        stamps[label] = self.step
        row[label] += delta

    def _update_pair(self, table: str, i: int, j: int, delta: float) -> None:
        if table == "start":
            self.start_sums[j] += (self.step - self.start_stamps[j]) * self.start[j]
            self.start_stamps[j] = self.step
            self.start[j] += delta
            return
        waited = self.step - self.transition_stamps[i][j]
        self.transition_sums[i][j] += waited * self.transitions[i][j]
        self.transition_stamps[i][j] = self.step
        self.transitions[i][j] += delta

    def learn(self, feats: list[list[str]], gold: list[int]) -> bool:
        """One perceptron step on one reference; True when it was already right."""
        self.step += 1
        guess = viterbi(self.model(), emissions(self.model(), feats))
        if guess == gold:
            return True
        for index, (g, p) in enumerate(zip(gold, guess, strict=True)):
            if g != p:
                for feature in feats[index]:
                    self._update(feature, g, 1.0)
                    self._update(feature, p, -1.0)
            if index == 0:
                if g != p:
                    self._update_pair("start", 0, g, 1.0)
                    self._update_pair("start", 0, p, -1.0)
            elif g != p or gold[index - 1] != guess[index - 1]:
                self._update_pair("t", gold[index - 1], g, 1.0)
                self._update_pair("t", guess[index - 1], p, -1.0)
        return False

    def averaged(self) -> dict[str, object]:
        """The averaged weights, scaled to integers and pruned, as the model file holds."""
        step = self.step or 1

        def average(value: float, total: float, stamp: int) -> int:
            return round((total + (self.step - stamp) * value) / step * SCALE)

        weights: dict[str, list[int]] = {}
        for feature, row in self.weights.items():
            sums, stamps = self.sums[feature], self.stamps[feature]
            averaged = [average(row[k], sums[k], stamps[k]) for k in range(self.size)]
            if max(abs(w) for w in averaged) >= PRUNE * SCALE:
                weights[feature] = averaged
        transitions = [
            [
                average(
                    self.transitions[i][j],
                    self.transition_sums[i][j],
                    self.transition_stamps[i][j],
                )
                for j in range(self.size)
            ]
            for i in range(self.size)
        ]
        start = [
            average(self.start[k], self.start_sums[k], self.start_stamps[k])
            for k in range(self.size)
        ]
        return {
            "labels": list(LABELS),
            "scale": SCALE,
            "transitions": transitions,
            "start": start,
            "weights": dict(sorted(weights.items())),
        }


# A Vancouver author list, `Smith AB, Doe C, Roe DE`: family names and bare initials.
_VANCOUVER_LIST = re.compile(r"[^\W\d_][\w'’ -]* [A-Z]{1,3}(?:, [^\W\d_][\w'’ -]* [A-Z]{1,3})+")


def without_separators(case: Case, labels: list[str]) -> Case | None:
    """`case` with the commas between its authors and the separator after them dropped
    (`Smith AB Doe C Roe DE Title`), as
    PMC prints some lists and as some journals print them: a shape the labeller must
    know, which the harness's restored separators take out of the data. None when the
    authors are not a Vancouver list."""
    tokens = tokenise(case.text)
    marked = [t for t, label in zip(tokens, labels, strict=True) if label == "AUTHOR"]
    if not marked:
        return None
    start, end = marked[0].start, marked[-1].end
    span = case.text[start:end]
    if not _VANCOUVER_LIST.fullmatch(span):
        return None
    # The separator after the list goes too (`Smith AB Doe C Title of the paper`).
    text = case.text[:start] + span.replace(", ", " ") + " " + case.text[end:].lstrip(" .,:;")
    return dataclasses.replace(case, text=text, where=case.where + " (no separators)")


def training_cases(corpus: Path, split_file: Path) -> list[Case]:
    split = read_split(split_file)
    paths = sorted(
        path for path in corpus.iterdir() if path.is_file() and split.get(path.name) == "tuning"
    )
    return list(read_cases(paths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS / "references")
    parser.add_argument("--split", type=Path, default=SPLIT_FILE)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()

    began = time.monotonic()
    cases = training_cases(args.corpus, args.split)
    data: list[tuple[list[list[str]], list[int]]] = []
    augmented = 0
    for case in cases:
        labels = align(case)
        if labels is None:
            continue
        variants = [(case, labels)]
        if (variant := without_separators(case, labels)) and (found := align(variant)):
            variants.append((variant, found))
            augmented += 1
        for item, item_labels in variants:
            feats = features(item.text, tokenise(item.text))
            data.append((feats, [LABELS.index(label) for label in item_labels]))
    print(
        f"tuning references: {len(cases)}, aligned and trained on: {len(data) - augmented}, "
        f"and {augmented} copies without author separators"
    )
    trainer = Trainer()
    shuffler = random.Random(args.seed)
    for epoch in range(args.epochs):
        order = list(range(len(data)))
        shuffler.shuffle(order)
        right = sum(trainer.learn(*data[index]) for index in order)
        print(f"epoch {epoch + 1}: {right}/{len(data)} labelled wholly right before the step")
    result = trainer.averaged()
    args.out.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    weights = result["weights"]
    assert isinstance(weights, dict)
    print(
        f"wrote {args.out}: {len(weights)} features, {args.out.stat().st_size / 1e6:.2f} MB, "
        f"in {time.monotonic() - began:.0f} s"
    )


if __name__ == "__main__":
    main()
