"""Every CSL item bibnorm writes renders in citeproc-js, citeproc-py and pandoc, cleanly.

Inputs: every sample and every corpus file that is an input (see `csl_consumers`), with
and without `--with-related`. A throw, an error, a warning, an empty rendering, or markup
printed as text (citeproc-js, pandoc) of any item by any consumer fails the test of that
consumer, style and pass; the message names the input file, the item id, the consumer and
what it said, grouped by message.
"""

from __future__ import annotations

import re
from collections import defaultdict

import csl_consumers as cc
import pytest
from run_consumers import Conformance
from shared_data import shared_path, skip_or_fail

CASES = [
    (consumer, style, related)
    for consumer, styles in (
        ("citeproc-js", cc.STYLES),
        ("citeproc-py", cc.STYLES),
        ("pandoc", cc.PANDOC_STYLES),
    )
    for style in styles
    for related in (False, True)
]
# Examples shown per kind of message; the count says how many more there are.
EXAMPLES = 3


def test_corpus_is_there() -> None:
    shared_path("corpus")


def test_versions(conformance: Conformance) -> None:
    """Print each consumer's version (pytest -s shows it; the closing table has it too)."""
    for consumer, version in sorted(conformance.versions.items()):
        print(f"{consumer} {version}")
    assert conformance.versions["citeproc-py"]


def test_every_input_is_read(conformance: Conformance) -> None:
    inventory = conformance.inventory
    assert inventory.items[False], "no CSL item at all: nothing was rendered"
    assert len(inventory.items[True]) > len(inventory.items[False]), (
        "--with-related gave no related item in any input"
    )
    assert inventory.broken == [], inventory.broken[:10]
    # A record whose CSL fails bibnorm's own schema never reaches a consumer: say so.
    assert inventory.rejected == [], inventory.rejected[:10]


@pytest.mark.parametrize(
    ("consumer", "style", "related"),
    CASES,
    ids=[f"{c}-{s}-{'with-related' if r else 'main'}" for c, s, r in CASES],
)
def test_consumer_renders_every_item(
    conformance: Conformance, consumer: str, style: str, related: bool
) -> None:
    if consumer in conformance.missing:
        skip_or_fail(conformance.missing[consumer])
    outcomes = conformance.outcomes[consumer, style, related]
    assert len(outcomes) == len(conformance.inventory.items[related])
    failed = [o for o in outcomes if o.errors or o.warnings]
    if failed:
        pytest.fail(report(consumer, style, related, failed), pytrace=False)


def report(consumer: str, style: str, related: bool, failed: list[cc.Outcome]) -> str:
    """The failures grouped by message (numbers and quoted text blanked), with examples."""
    groups: dict[str, list[tuple[cc.Outcome, str, str]]] = defaultdict(list)
    for outcome in failed:
        for kind, messages in (("error", outcome.errors), ("warning", outcome.warnings)):
            for message in messages:
                groups[f"{kind}: {message_shape(message)}"].append((outcome, kind, message))
    passes = "with related" if related else "main items"
    lines = [f"{consumer} ({style}, {passes}): {len(failed)} items failed"]
    for shape, cases in sorted(groups.items(), key=lambda group: -len(group[1])):
        lines.append(f"- {len(cases)} x {cc.short(shape, 200)}")
        for outcome, kind, message in cases[:EXAMPLES]:
            lines.append(
                f"    {outcome.item.file} item {outcome.item.id!r} [{consumer}, {style}]: "
                f"{kind}: {cc.short(message)}"
            )
    return "\n".join(lines)


def message_shape(message: str) -> str:
    return re.sub(r"\d+", "N", re.sub(r"\"[^\"]*\"|'[^']*'", "'…'", message))
