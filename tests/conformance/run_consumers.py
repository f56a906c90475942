"""The conformance run: every item rendered once by every consumer, kept for the tests.

`run_all` parses the samples and the corpus, starts the node and pandoc processes in the
background, renders with citeproc-py meanwhile (in worker processes, as it is the
slowest), and keeps every outcome. `table` is the closing table (consumer, version,
items, errors, warnings) and `findings` every failure, for the summary files.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import csl_consumers as cc
from shared_data import SHARED_ROOT

# citeproc-py renders in chunks of this many items, in this many worker processes.
CITEPROC_PY_CHUNK = 500
WORKERS = max(2, min(4, os.cpu_count() or 2))


@dataclass
class Conformance:
    """Every outcome, by (consumer, style, with related), and what was read."""

    inventory: cc.Inventory
    outcomes: dict[tuple[str, str, bool], list[cc.Outcome]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # consumer -> why it did not run
    versions: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def distinct(items: dict[bool, list[cc.Item]]) -> list[cc.Item]:
    """Each item once: an item that is the same with and without related is rendered once.

    The per-item consumers render each item on its own, so its outcome holds for both.
    """
    seen: dict[tuple[str, str, str], cc.Item] = {}
    for related in (False, True):
        for item in items[related]:
            seen.setdefault(key(item), item)
    return list(seen.values())


def key(item: cc.Item) -> tuple[str, str, str]:
    return (item.file, item.batch_id, json.dumps(item.data, sort_keys=True))


def fan_out(
    outcomes: Sequence[cc.Outcome], items: dict[bool, list[cc.Item]]
) -> dict[bool, list[cc.Outcome]]:
    by_key = {key(o.item): o for o in outcomes}
    return {related: [by_key[key(item)] for item in items[related]] for related in (False, True)}


def roots() -> list[Path]:
    found = [cc.REPO_ROOT / "samples"]
    corpus = SHARED_ROOT / "corpus"
    if corpus.is_dir():
        found.append(corpus)
    return found


def run_all(workdir: Path) -> Conformance:
    started = time.monotonic()
    result = Conformance(cc.collect(roots(), SHARED_ROOT))
    items = result.inventory.items
    once = distinct(items)

    # The pool forks its workers before any consumer process starts, so no worker
    # holds a copy of a pipe to node or pandoc.
    pool = ProcessPoolExecutor(WORKERS)
    pool.submit(int).result()

    node_jobs = {}
    if cc.node_executable() is None:
        result.missing["citeproc-js"] = "node is not installed (Debian: apt-get install nodejs npm)"
    elif not cc.citeproc_js_installed():
        result.missing["citeproc-js"] = (
            "citeproc is not installed: run `npm ci` in tests/conformance"
        )
    else:
        result.versions["citeproc-js"] = cc.citeproc_js_version()
        for style in cc.STYLES:
            node_jobs[style] = cc.start_citeproc_js(once, style, workdir)

    pandoc_jobs = {}
    if cc.pandoc_version() == "missing":
        result.missing["pandoc"] = "pandoc is not installed (Debian: apt-get install pandoc)"
    else:
        result.versions["pandoc"] = cc.pandoc_version()
        for style in cc.PANDOC_STYLES:
            for related in (False, True):
                if items[related]:
                    pandoc_jobs[style, related] = cc.start_pandoc(items[related], style, workdir)

    result.versions["citeproc-py"] = cc.citeproc_py_version()
    chunks = [once[i : i + CITEPROC_PY_CHUNK] for i in range(0, len(once), CITEPROC_PY_CHUNK)]
    with pool:
        futures = {
            style: [pool.submit(cc.run_citeproc_py, chunk, style) for chunk in chunks]
            for style in cc.STYLES
        }
        for style, style_futures in futures.items():
            rendered = [o for future in style_futures for o in future.result()]
            for related, outcomes in fan_out(rendered, items).items():
                result.outcomes["citeproc-py", style, related] = outcomes

    for style, (process, batch) in node_jobs.items():
        rendered = cc.finish_citeproc_js(process, batch, once, style, workdir)
        for related, outcomes in fan_out(rendered, items).items():
            result.outcomes["citeproc-js", style, related] = outcomes

    for (style, related), (process, bibliography) in pandoc_jobs.items():
        run = cc.finish_pandoc(process, bibliography)
        outcomes = cc.pandoc_outcomes(run, items[related], style, workdir)
        result.outcomes["pandoc", style, related] = outcomes

    result.seconds = time.monotonic() - started
    return result


# --- the closing table -------------------------------------------------------------

CONSUMERS = ("citeproc-js", "citeproc-py", "pandoc")


def table(result: Conformance) -> list[str]:
    lines = [
        "| consumer | version | style | items rendered | errors | warnings |",
        "|---|---|---|---|---|---|",
    ]
    for consumer in CONSUMERS:
        if consumer in result.missing:
            lines.append(f"| {consumer} | - | - | 0 | not run: {result.missing[consumer]} | - |")
            continue
        styles = cc.PANDOC_STYLES if consumer == "pandoc" else cc.STYLES
        for style in styles:
            outcomes = [
                o
                for related in (False, True)
                for o in result.outcomes.get((consumer, style, related), [])
            ]
            errors = sum(len(o.errors) for o in outcomes)
            warnings = sum(len(o.warnings) for o in outcomes)
            version = result.versions.get(consumer, "?")
            lines.append(
                f"| {consumer} | {version} | {style} | {len(outcomes)} | {errors} | {warnings} |"
            )
    inventory = result.inventory
    lines += [
        "",
        f"Inputs read: {inventory.files} files; items: {len(inventory.items[False])} without "
        f"related lists, {len(inventory.items[True])} with them (each rendered in both "
        f"passes); {result.seconds:.0f} s.",
        "Items rendered counts both passes; errors and warnings count messages.",
    ]
    for style in cc.STYLES:
        outcomes = result.outcomes.get(("citeproc-py", style, True), [])
        filtered = sum(o.filtered for o in outcomes)
        lines.append(
            f"citeproc-py ({style}, with related): {filtered} warnings left out as its own gap "
            f"(valid CSL-JSON keys it has no variable for: "
            f"{', '.join(sorted(cc.CITEPROC_PY_UNSUPPORTED_VALID_KEYS))})."
        )
    reasons: dict[str, list[str]] = {}
    for name, why in sorted(inventory.skipped.items()):
        reasons.setdefault(why, []).append(name)
    for why, names in reasons.items():
        shown = ", ".join(names) if len(names) <= 5 else f"{names[0]} ... ({len(names)} files)"
        lines.append(f"Not inputs, skipped ({why}): {shown}")
    if inventory.unparsed:
        lines.append(f"Inputs that gave no item ({len(inventory.unparsed)}):")
        lines += [f"  {name}: {why}" for name, why in sorted(inventory.unparsed.items())]
    return lines


def findings(result: Conformance) -> list[dict[str, object]]:
    found = []
    for (consumer, style, related), outcomes in sorted(result.outcomes.items()):
        for outcome in outcomes:
            for kind, messages in (("error", outcome.errors), ("warning", outcome.warnings)):
                for message in messages:
                    found.append(
                        {
                            "consumer": consumer,
                            "style": style,
                            "with_related": related,
                            "file": outcome.item.file,
                            "id": outcome.item.id,
                            "kind": kind,
                            "message": message,
                        }
                    )
    return found
