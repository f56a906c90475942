"""Benchmark: bibnorm at PubMed baseline scale, against lxml, pubmed_parser and Biopython.

    python benchmarks/bench_baseline.py [--records 30000] [--workdir DIR] [--repeat N]
                                        [--profile 3000]

Run on demand, never in tests (pubmed_parser and biopython are installed by hand for it:
`pip install pubmed_parser biopython`). It builds, from the real records of the shared
corpus (`../shared/corpus` beside the repository) repeated with new PMIDs:

- a PubMed XML file of `--records` `PubmedArticle`s (about one baseline file), plain and
  `.xml.gz`, and a MEDLINE text file of as many records;
- an XML and a MEDLINE file `--scale` times larger, for the memory check.

The XML keeps each record's layout as the corpus has it; `--pretty` lays every record out
as NLM's baseline files are (one element per line, indented), a few hundred lines each.

Then it runs each row in its own subprocess (best of `--repeat` by wall time): raw
`lxml.etree.iterparse` (clearing elements only), `pubmed_parser.parse_medline_xml` on the
`.xml.gz`, `Bio.Medline.parse` on the MEDLINE file, and `bibnorm parse FILE --from FMT
--to csl|json -o OUT` with `--jobs 1`, 2 and bibnorm's default (one per CPU; where that
is 2, one run with `--jobs 2` said is both rows). It ends with one Markdown table, ready
for a closing note: the command and the machine, then per row records/s, CPU ms per
record (user + system of the process and its workers), wall seconds and the peak RSS of
the whole process tree, then each target of issue 17 with its measured value and `met`,
`not met` or `not measured` (a tool not installed, a row not run).

Times are wall-clock per subprocess, interpreter start and imports included (a few tenths
of a second), the same for every tool. With `--profile N` it also runs the bibnorm path on
an N-record slice of each input under cProfile and prints where the time goes, before
the table. The inputs are written to a temporary folder (removed afterwards) or to
`--workdir` (kept, and reused when they are already there).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import cProfile
import gzip
import io
import itertools
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
FIRST_PMID = 40_000_001
# Stands where a template's PMID goes; no real record contains it.
PMID_SLOT = b"@@BIBNORM-PMID@@"
XML_HEAD = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet>\n"
)
XML_TAIL = b"</PubmedArticleSet>\n"
# The csl writer indents by 2, so each item's own "id" (and no other) starts at column 5.
CSL_ITEM_ID = b'\n    "id": '


# --- building the inputs ---------------------------------------------------------------


def xml_templates(corpus: Path, *, pretty: bool = False) -> list[list[bytes]]:
    """Every distinct `PubmedArticle` of the corpus, split where its PMID goes.

    With `pretty`, each is laid out as NLM lays out baseline files: one element per line,
    indented (text and inline markup untouched). Files that are not well-formed (the
    corpus has a deliberately malformed one) are skipped.
    """
    from lxml import etree

    seen: set[bytes] = set()
    templates: list[list[bytes]] = []
    for path in sorted((corpus / "pubmed-xml").glob("*.xml")):
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError:
            print(f"skipping malformed {path.name}", file=sys.stderr)
            continue
        articles = [root] if root.tag == "PubmedArticle" else root.iter("PubmedArticle")
        for article in articles:
            pmid = article.find("MedlineCitation/PMID")
            if pmid is None:
                continue
            pmid.text = PMID_SLOT.decode()
            for ident in article.iterfind("PubmedData/ArticleIdList/ArticleId[@IdType='pubmed']"):
                ident.text = PMID_SLOT.decode()
            if pretty:
                etree.indent(article, space="  ")
            text = etree.tostring(article, encoding="utf-8", with_tail=False)
            if text not in seen:
                seen.add(text)
                templates.append(text.split(PMID_SLOT))
    return templates


def medline_templates(corpus: Path) -> list[list[bytes]]:
    """Every distinct MEDLINE record (a block with a `PMID- ` line) of the corpus."""
    seen: set[bytes] = set()
    templates: list[list[bytes]] = []
    for path in sorted((corpus / "medline").iterdir()):
        text = path.read_bytes().replace(b"\r\n", b"\n").lstrip(b"\xef\xbb\xbf")
        for block in re.split(rb"\n[ \t]*\n", text):
            block = block.strip(b"\n")
            marked, found = re.subn(rb"(?m)^PMID- *\S+", b"PMID- " + PMID_SLOT, block, count=1)
            if found and marked not in seen:
                seen.add(marked)
                templates.append(marked.split(PMID_SLOT))
    return templates


def records_of(templates: list[list[bytes]], count: int, first_pmid: int) -> Iterator[bytes]:
    """`count` records from `templates`, numbered from `first_pmid`: every template once
    per pass, each pass in its own (seeded, so repeatable) random order.

    A fixed cycle would give the file a period, which a real file does not have: with an
    even number of templates, bibnorm's two `--jobs` workers (one takes the even
    positions, the other the odd) would each get the same half of the templates over and
    over, and the corpus's halves differ by 40% in references.
    """
    order = random.Random(FIRST_PMID)
    passes = (order.sample(templates, len(templates)) for _ in itertools.count())
    records = itertools.chain.from_iterable(passes)
    for number, parts in zip(range(count), records, strict=False):
        yield str(first_pmid + number).encode().join(parts)


def write_xml(paths: Iterable[Path], records: Iterable[bytes]) -> None:
    """One `PubmedArticleSet` of `records` to every path (gzip-compressed for `.gz`)."""
    with contextlib.ExitStack() as stack:
        outs = [
            stack.enter_context(gzip.open(p, "wb", compresslevel=6))
            if p.suffix == ".gz"
            else stack.enter_context(p.open("wb"))
            for p in paths
        ]
        for out in outs:
            out.write(XML_HEAD)
        for record in records:
            for out in outs:
                out.write(record)
                out.write(b"\n")
        for out in outs:
            out.write(XML_TAIL)


def write_medline(path: Path, records: Iterable[bytes]) -> None:
    """MEDLINE text: records separated by a blank line, as efetch writes them."""
    with path.open("wb") as out:
        for record in records:
            out.write(b"\n")
            out.write(record)
            out.write(b"\n")


@dataclass
class Inputs:
    xml: Path
    xml_gz: Path
    xml_large: Path | None
    medline: Path
    medline_large: Path | None
    xml_slice: Path
    medline_slice: Path


def build_inputs(
    workdir: Path, records: int, scale: int, slice_size: int, *, pretty: bool = False
) -> Inputs:
    """Write (or reuse, when already there) every input file into `workdir`."""
    xml_t = xml_templates(CORPUS, pretty=pretty)
    layout = "-pretty" if pretty else ""
    med_t = medline_templates(CORPUS)
    print(f"corpus: {len(xml_t)} distinct PubmedArticle, {len(med_t)} distinct MEDLINE records")
    # What a record holds decides its cost; the corpus's records carry many references.
    sizes = [sum(map(len, template)) for template in xml_t]
    references = [sum(part.count(b"<Reference>") for part in template) for template in xml_t]
    print(
        f"per PubmedArticle: {sum(sizes) / len(sizes) / 1024:.1f} KB of XML,"
        f" {sum(references) / len(references):.1f} references on average"
    )
    inputs = Inputs(
        xml=workdir / f"pubmed-{records}{layout}.xml",
        xml_gz=workdir / f"pubmed-{records}{layout}.xml.gz",
        xml_large=workdir / f"pubmed-{records * scale}{layout}.xml" if scale > 1 else None,
        medline=workdir / f"medline-{records}.txt",
        medline_large=workdir / f"medline-{records * scale}.txt" if scale > 1 else None,
        xml_slice=workdir / f"pubmed-{slice_size}{layout}.xml",
        medline_slice=workdir / f"medline-{slice_size}.txt",
    )
    jobs: list[tuple[list[Path], Callable[[], None]]] = [
        (
            [inputs.xml, inputs.xml_gz],
            lambda: write_xml([inputs.xml, inputs.xml_gz], records_of(xml_t, records, FIRST_PMID)),
        ),
        (
            [inputs.medline],
            lambda: write_medline(inputs.medline, records_of(med_t, records, FIRST_PMID)),
        ),
    ]
    if slice_size > 0:
        jobs.append(
            (
                [inputs.xml_slice],
                lambda: write_xml([inputs.xml_slice], records_of(xml_t, slice_size, FIRST_PMID)),
            )
        )
        jobs.append(
            (
                [inputs.medline_slice],
                lambda: write_medline(
                    inputs.medline_slice, records_of(med_t, slice_size, FIRST_PMID)
                ),
            )
        )
    if inputs.xml_large is not None:
        large = inputs.xml_large
        jobs.append(
            ([large], lambda: write_xml([large], records_of(xml_t, records * scale, FIRST_PMID)))
        )
    if inputs.medline_large is not None:
        large_medline = inputs.medline_large
        jobs.append(
            (
                [large_medline],
                lambda: write_medline(
                    large_medline, records_of(med_t, records * scale, FIRST_PMID)
                ),
            )
        )
    for paths, write in jobs:
        if all(p.exists() for p in paths):
            continue
        start = time.perf_counter()
        write()
        took = time.perf_counter() - start
        written = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB" for p in paths)
        print(f"wrote {written} in {took:.1f} s")
    return inputs


# --- the measured runs, each in its own process -------------------------------------------


@dataclass
class Run:
    name: str
    records: int | None  # None: the tool is not installed, nothing was measured
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    note: str = ""
    cpu_seconds: float = 0.0  # user + system time of the process and its workers

    @property
    def measured(self) -> bool:
        return self.records is not None

    @property
    def cpu_ms_per_record(self) -> float:
        return 1000 * self.cpu_seconds / self.records if self.records else 0.0

    @property
    def per_second(self) -> float:
        return (self.records or 0) / self.seconds if self.seconds else 0.0


def measure(
    name: str, command: list[str], count: Callable[[str], int], *, sample: bool = True
) -> Run:
    """Run `command` in a subprocess; its wall time, peak RSS, CPU time and `count(stdout)`
    records. Without `sample`, the memory of its workers is not sampled (see `best_of`):
    the peak is the main process's own."""
    # Files, not pipes: a chatty child can never block on a full pipe.
    with (
        tempfile.TemporaryFile() as out_file,
        tempfile.TemporaryFile() as err_file,
        tempfile.NamedTemporaryFile("r") as usage_file,
    ):
        start = time.perf_counter()
        mode = "sample" if sample else "time"
        launch = [sys.executable, "-S", "-c", _LAUNCHER, usage_file.name, mode, *command]
        returncode = subprocess.run(
            launch, stdout=out_file, stderr=err_file, check=False
        ).returncode
        seconds = time.perf_counter() - start
        max_rss, cpu = usage_file.read().split()
        max_rss_kb = float(max_rss)
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    note = f"exit {returncode}" if returncode else ""
    if returncode not in (0, 1):  # 1 is bibnorm's "some records failed"
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        print(f"{name}: exit {returncode}: {' | '.join(tail)}", file=sys.stderr)
    elif err.strip():
        lines = err.decode("utf-8", "replace").strip().splitlines()
        note += f"{'; ' if note else ''}{len(lines)} stderr lines"
    records = count(out.decode("utf-8", "replace"))
    # ru_maxrss is in kilobytes on Linux.
    run = Run(name, records, seconds, max_rss_kb / 1024, note, float(cpu))
    print(
        f"  {name:<48} {records:>8} records {seconds:8.2f} s {run.per_second:9.0f} rec/s"
        f" {run.peak_rss_mb:6.0f} MB {run.cpu_ms_per_record:7.3f} CPU ms/rec {note}",
        flush=True,
    )
    return run


def best_of(repeat: int, measure_once: Callable[[bool], Run]) -> Run:
    """The fastest (by wall time) of `repeat` runs (the one least slowed by the others
    sharing the machine), with the peak memory of the first.

    Only the first run samples the memory of a process tree: reading each process's
    /proc/PID/smaps_rollup every 20 ms took a tenth of a core and slowed the runs with
    workers on 2 cores by as much, so the other runs sample nothing (the first still
    counts for time: a machine's speed drifts by more than that between runs).
    """
    sampled = measure_once(True)
    runs = [sampled, *(measure_once(False) for _ in range(repeat - 1))]
    return replace(min(runs, key=lambda run: run.seconds), peak_rss_mb=sampled.peak_rss_mb)


# Runs the measured command as its child and writes its peak memory (kB) and CPU seconds
# to argv[1]. The CPU seconds are user + system time from `os.wait4` on the child, which
# counts the child's own waited-for children (bibnorm's `--jobs` workers, which it joins)
# and not this launcher's sampling. The peak memory is the child's own ru_maxrss, or,
# when it has children of its own, the most the whole tree held at any moment, sampled
# every 20 ms as their proportional set size (PSS: pages the forked workers share with
# the parent count once, split between them, where plain RSS would count them in every
# process). The tree is walked through /proc/PID/task/TID/children, which is cheap next
# to reading every process of the machine (the fallback), so that sampling takes little
# CPU from the run it measures. The launcher is small on purpose: a child's ru_maxrss
# starts at the RSS of the process it was forked from, so forking straight from this
# (large) benchmark would inflate it.
_LAUNCHER = """
import os, subprocess, sys, time
def field_kb(path, name):
    with open(path) as lines:
        for line in lines:
            if line.startswith(name):
                return int(line.split()[1])
    return 0
def tree_by_children(root):
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except OSError:
            continue
    return tree
def tree_by_scan(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parents[int(name)] = field_kb(f"/proc/{name}/status", "PPid:")
            except OSError:
                continue
    def in_tree(pid):
        while pid > 1:
            if pid == root:
                return True
            pid = parents.get(pid, 0)
        return False
    return [pid for pid in parents if in_tree(pid)]
me = os.getpid()
tree_of = tree_by_children if os.path.exists(f"/proc/{me}/task/{me}/children") else tree_by_scan
def tree_pss_kb(tree):
    total = 0
    for pid in tree:
        try:
            total += field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
        except OSError:
            pass
    return total
child = subprocess.Popen(sys.argv[3:])
peak, forked = 0, False
while True:
    pid, status, usage = os.wait4(child.pid, 0 if sys.argv[2] == "time" else os.WNOHANG)
    if pid:
        break
    tree = tree_of(child.pid)
    if len(tree) > 1:  # alone, the child's own ru_maxrss says it all
        forked = True
        peak = max(peak, tree_pss_kb(tree))
    time.sleep(0.02)
with open(sys.argv[1], "w") as out:
    rss = max(peak, usage.ru_maxrss) if forked else usage.ru_maxrss
    out.write(f"{rss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""

# bibnorm's writers indent by 2, so each top-level item (and no nested object) opens
# with a "{" alone on a line at column 3.
JSON_ITEM_START = b"\n  {\n"


def count_json_items(path: Path) -> int:
    """Items in a JSON array bibnorm's writers wrote (csl or json), counted without
    loading it."""
    total = 0
    tail = b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 22):
            block = tail + chunk
            total += block.count(JSON_ITEM_START)
            tail = block[-(len(JSON_ITEM_START) - 1) :]
    return total


def bibnorm_command(path: Path, fmt: str, to: str, out: Path, jobs: int | None) -> list[str]:
    """`bibnorm parse`, with bibnorm's default `--jobs` when `jobs` is None."""
    command = [sys.executable, "-m", "bibnorm", "parse", str(path), "--from", fmt]
    command += ["--to", to, "-q", "-o", str(out)]
    return command + (["--jobs", str(jobs)] if jobs else [])


def bibnorm_run(name: str, command: list[str], out: Path, sample: bool = True) -> Run:
    count = lambda _: count_json_items(out) if out.exists() else 0  # noqa: E731
    run = measure(name, command, count, sample=sample)
    out.unlink(missing_ok=True)
    return run


def worker_run(name: str, worker: str, path: Path, sample: bool = True) -> Run:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", worker, str(path)]
    return measure(name, command, _count_from_worker, sample=sample)


def _count_from_worker(stdout: str) -> int:
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            return int(json.loads(line)["records"])
    return 0


# --- workers: what runs inside the subprocesses ----------------------------------------------


def work_iterparse(path: str) -> int:
    """Raw lxml: every PubmedArticle, cleared and dropped, nothing else."""
    from lxml import etree

    count = 0
    with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as stream:
        for _, elem in etree.iterparse(stream, events=("end",), tag="PubmedArticle"):
            count += 1
            elem.clear()
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    return count


def work_pubmed_parser(path: str) -> int:
    import pubmed_parser  # type: ignore[import-untyped]

    # Newer releases yield the records, older ones return a list: count either way.
    count = 0
    for _ in pubmed_parser.parse_medline_xml(path):
        count += 1
    return count


def work_bio_medline(path: str) -> int:
    from Bio import Medline

    count = 0
    with open(path, encoding="utf-8") as handle:
        for _ in Medline.parse(handle):  # type: ignore[no-untyped-call]
            count += 1
    return count


def work_import(module: str) -> int:
    """Exit 0 if `module` imports (the parent checks before measuring)."""
    __import__(module)
    return 0


WORKERS: dict[str, Callable[[str], int]] = {
    "iterparse": work_iterparse,
    "pubmed_parser": work_pubmed_parser,
    "bio_medline": work_bio_medline,
    "import": work_import,
}


def importable(module: str) -> bool:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "import", module]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


# --- where the time goes -------------------------------------------------------------------


def profile(path: Path, fmt: str, out: Path, top: int) -> None:
    """The bibnorm path on `path` under cProfile: top functions and time per source file."""
    from bibnorm import cli

    profiler = cProfile.Profile()
    # One process: the profiler does not follow `--jobs` workers.
    argv = ["parse", str(path), "--from", fmt, "--to", "csl", "-q", "-o", str(out), "--jobs", "1"]
    start = time.perf_counter()
    profiler.runcall(cli.main, argv)
    took = time.perf_counter() - start
    out.unlink(missing_ok=True)
    stats = pstats.Stats(profiler)
    print(f"\n### cProfile: bibnorm --from {fmt} on {path.name}: {took:.2f} s under the profiler")
    print(f"\n#### time spent in each file's own code (tottime), top {top}")
    per_file: dict[str, float] = defaultdict(float)
    total = 0.0
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, tottime, _, _) in raw.items():
        per_file[_short(filename)] += tottime
        total += tottime
    for filename, seconds in sorted(per_file.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f}%  {filename}")
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    print(f"\n#### top {top} functions by own time")
    stats.sort_stats("tottime").print_stats(top)
    print(_trim_stats(buffer.getvalue()))
    buffer.seek(0)
    buffer.truncate()
    print(f"#### top {top} bibnorm functions by cumulative time (callees included)")
    stats.sort_stats("cumulative").print_stats("/bibnorm/", top)
    print(_trim_stats(buffer.getvalue()))


def _short(filename: str) -> str:
    if filename == "~":
        return "(built-in functions: re, str, lxml methods ...)"
    for marker in ("/src/bibnorm/", "/site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def _trim_stats(text: str) -> str:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.lstrip().startswith("ncalls"):
            lines = lines[index:]
            break
    cut = [re.sub(r"\S*/(src/bibnorm|site-packages|lib/python3\.\d+)/", "", line) for line in lines]
    return "\n".join(line for line in cut if line.strip())


# --- the rows and their targets -------------------------------------------------------------

# The rows the targets compare, by key (the labels shown may say more).
ITERPARSE = "iterparse"
PUBMED_PARSER = "pubmed_parser"
BIO_MEDLINE = "Bio.Medline"
XML_CSL_1 = "xml csl -j 1"
XML_CSL = "xml csl"  # bibnorm's default --jobs
XML_CSL_2 = "xml csl -j 2"
XML_JSON = "xml json"
XML_GZ_CSL = "xml.gz csl"
XML_LARGE_CSL = "xml large csl"
MEDLINE_CSL_1 = "medline csl -j 1"
MEDLINE_CSL = "medline csl"
MEDLINE_CSL_2 = "medline csl -j 2"
MEDLINE_LARGE_CSL = "medline large csl"

# (target, row, baseline row, least records/s of the row per record/s of the baseline)
SPEEDS: tuple[tuple[str, str, str, float], ...] = (
    ("XML --to csl / pubmed_parser (rec/s)", XML_CSL, PUBMED_PARSER, 2),
    ("XML --to csl / raw iterparse (rec/s)", XML_CSL, ITERPARSE, 1 / 3),
    ("XML --to csl -j 1 / pubmed_parser (rec/s)", XML_CSL_1, PUBMED_PARSER, 1.2),
    ("XML --to json / pubmed_parser (rec/s)", XML_JSON, PUBMED_PARSER, 0.75),
    ("XML -j 2 / -j 1 (rec/s)", XML_CSL_2, XML_CSL_1, 1.7),
    ("MEDLINE -j 2 / -j 1 (rec/s)", MEDLINE_CSL_2, MEDLINE_CSL_1, 1.7),
    ("MEDLINE --to csl / Bio.Medline.parse (rec/s)", MEDLINE_CSL, BIO_MEDLINE, 1 / 3),
)
RSS_LIMIT_MB = 100.0
# The larger input's peak may be this much above (or below) the smaller one's.
RSS_GROWTH = 1.25
GZ_SLOWDOWN = 1.25


@dataclass(frozen=True)
class Target:
    """One target of issue 17 and how the measured runs compare with it."""

    label: str
    goal: str
    value: float | None  # None: not measured (a tool not installed, a row not run)
    unit: str = "x"  # "x" for a ratio, "MB" for a memory peak
    detail: str = ""  # the figures the value comes from, or why it was not measured
    met: bool | None = None  # None when not measured

    @property
    def result(self) -> str:
        if self.met is None:
            return "not measured"
        return "met" if self.met else "not met"

    @property
    def shown(self) -> str:
        if self.value is None:
            return "-"
        return f"{self.value:.0f} MB" if self.unit == "MB" else f"{self.value:.2f}x"


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


def _missing(runs: Mapping[str, Run], keys: Iterable[str]) -> str | None:
    """Why the rows `keys` cannot be compared (one not run, or not measured), or None."""
    for key in keys:
        run = runs.get(key)
        if run is None:
            return f"{key}: not run"
        if not run.measured:
            return f"{run.name}: {run.note or 'not measured'}"
    return None


def speed_target(
    label: str, runs: Mapping[str, Run], key: str, baseline: str, at_least: float
) -> Target:
    """Row `key`'s records/s must be at least `at_least` times row `baseline`'s."""
    goal = f">= {at_least:.2g}x"
    why = _missing(runs, (key, baseline))
    if why is not None:
        return Target(label, goal, None, detail=why)
    fast, slow = runs[key].per_second, runs[baseline].per_second
    value = ratio(fast, slow)
    # A NaN (nothing measured in the baseline) compares False: not met.
    return Target(
        label, goal, value, detail=f"{fast:.0f} / {slow:.0f} rec/s", met=value >= at_least
    )


def memory_targets(label: str, runs: Mapping[str, Run], key: str, larger: str) -> list[Target]:
    """The peak RSS of rows `key` and `larger` (the bigger input): both under the limit,
    and within `RSS_GROWTH` of each other."""
    limit_goal = f"< {RSS_LIMIT_MB:.0f} MB"
    growth_goal = f"<= {RSS_GROWTH:.2f}x"
    under = f"peak RSS, {label} and its larger input"
    flat = f"peak RSS, {label}: larger input / input"
    why = _missing(runs, (key, larger))
    if why is not None:
        return [
            Target(under, limit_goal, None, "MB", detail=why),
            Target(flat, growth_goal, None, detail=why),
        ]
    small, big = runs[key].peak_rss_mb, runs[larger].peak_rss_mb
    detail = f"{small:.0f} MB, {big:.0f} MB"
    peak = max(small, big)
    # Within the bound either way: a larger input that needs much less is odd too.
    spread = ratio(peak, min(small, big))
    return [
        Target(under, limit_goal, peak, "MB", detail, peak < RSS_LIMIT_MB),
        Target(flat, growth_goal, ratio(big, small), "x", detail, spread <= RSS_GROWTH),
    ]


def gz_target(runs: Mapping[str, Run]) -> Target:
    label, goal = "wall time, .xml.gz / plain XML (--to csl)", f"<= {GZ_SLOWDOWN:.2f}x"
    why = _missing(runs, (XML_GZ_CSL, XML_CSL))
    if why is not None:
        return Target(label, goal, None, detail=why)
    gz, plain = runs[XML_GZ_CSL].seconds, runs[XML_CSL].seconds
    value = ratio(gz, plain)
    return Target(label, goal, value, detail=f"{gz:.2f} / {plain:.2f} s", met=value <= GZ_SLOWDOWN)


def targets(runs: Mapping[str, Run]) -> list[Target]:
    """Issue 17's targets, in its order, against the rows measured."""
    return [
        *(
            speed_target(label, runs, key, baseline, least)
            for label, key, baseline, least in SPEEDS
        ),
        *memory_targets("XML --to csl", runs, XML_CSL, XML_LARGE_CSL),
        *memory_targets("MEDLINE --to csl", runs, MEDLINE_CSL, MEDLINE_LARGE_CSL),
        gz_target(runs),
    ]


# --- the report -------------------------------------------------------------------------------


def markdown_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Container[int] = ()
) -> list[str]:
    """A Markdown table padded to line up as plain text too; the columns numbered in
    `numeric` are aligned right."""
    cells = [list(header), *(list(row) for row in rows)]
    widths = [max(len(row[column]) for row in cells) for column in range(len(header))]

    def line(row: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if column in numeric else "-" * (width + 2)
            for column, width in enumerate(widths)
        )
        + "|"
    )
    return [line(cells[0]), rule, *(line(row) for row in cells[1:])]


def runs_table(runs: Iterable[Run]) -> list[str]:
    """One row per run (a run that stands for two keys once), in the order given."""
    header = ("run", "records", "records/s", "CPU ms/record", "wall s", "peak RSS MB", "note")
    rows: list[list[str]] = []
    seen: set[int] = set()
    for run in runs:
        if id(run) in seen:
            continue
        seen.add(id(run))
        if run.records is None:
            rows.append([run.name, "-", "-", "-", "-", "-", run.note])
            continue
        rows.append(
            [
                run.name,
                str(run.records),
                f"{run.per_second:.0f}",
                f"{run.cpu_ms_per_record:.3f}",
                f"{run.seconds:.2f}",
                f"{run.peak_rss_mb:.0f}",
                run.note,
            ]
        )
    return markdown_table(header, rows, numeric=range(1, 6))


def targets_table(checks: Iterable[Target]) -> list[str]:
    header = ("target", "goal", "measured", "from", "result")
    rows = [(t.label, t.goal, t.shown, t.detail, t.result) for t in checks]
    return markdown_table(header, rows)


def usable_cpus() -> int:
    """CPUs this process may run on: what bibnorm's default `--jobs` is."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def report(
    runs: dict[str, Run], command: str, inputs: Inputs, args: argparse.Namespace, load: str
) -> None:
    """The command, the machine, the runs' table and the targets, as Markdown."""
    print("\n## bibnorm throughput at PubMed baseline scale\n")
    print(f"- command: `{command}`")
    machine = (
        f"{os.cpu_count()} CPUs ({usable_cpus()} usable: bibnorm's default --jobs),"
        f" Python {sys.version.split()[0]}, {platform.system()} {platform.machine()};"
        f" load average {load} at the start"
    )
    print(f"- machine: {machine}")
    sizes = [("XML", inputs.xml), (".xml.gz", inputs.xml_gz), ("MEDLINE", inputs.medline)]
    files = ", ".join(f"{name} {path.stat().st_size / 1e6:.1f} MB" for name, path in sizes)
    print(f"- input: {args.records} records per file ({files}); larger inputs x{args.scale}")
    print(
        f"- each run its own process, best of {args.repeat} by wall time; CPU is user + system"
        " of the process and its workers; peak RSS is the whole process tree's (PSS),"
        " sampled in the first run only (the others do not pay for sampling);"
        " bibnorm's modules byte-compiled first, as an install leaves them\n"
    )
    print("\n".join(runs_table(runs.values())))
    print()
    print("\n".join(targets_table(targets(runs))))


def command_shown(argv: list[str]) -> str:
    """The command that was run, without `--workdir DIR` (a path of this machine)."""
    shown: list[str] = []
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
        elif arg == "--workdir":
            skip_next = True
        elif not arg.startswith("--workdir="):
            shown.append(arg)
    return " ".join(["python benchmarks/bench_baseline.py", *shown])


def compile_bibnorm() -> None:
    """Byte-compile bibnorm's modules, as installing a wheel does and as the other tools
    are installed: a source checkout run with PYTHONDONTWRITEBYTECODE set (as some
    machines have it) would otherwise compile every module again in every run, about
    0.4 s of each."""
    import bibnorm

    compileall.compile_dir(Path(bibnorm.__file__).parent, quiet=1)


def measure_all(inputs: Inputs, out: Path, args: argparse.Namespace) -> dict[str, Run]:
    """Every row of the table, each in its own process(es), in the table's order."""
    runs: dict[str, Run] = {}
    cpus = usable_cpus()
    scale = f"x{args.scale}"

    def tool(key: str, name: str, worker: str, module: str, path: Path, install: str) -> None:
        if importable(module):
            runs[key] = best_of(args.repeat, lambda sample: worker_run(name, worker, path, sample))
        else:
            runs[key] = Run(name, None, note=f"not installed (pip install {install})")

    def bibnorm(key: str, name: str, path: Path, fmt: str, to: str, jobs: int | None) -> Run:
        command = bibnorm_command(path, fmt, to, out, jobs)
        runs[key] = best_of(args.repeat, lambda sample: bibnorm_run(name, command, out, sample))
        return runs[key]

    def default_and_two_jobs(key: str, key_2: str, name: str, path: Path, fmt: str) -> None:
        # Where the default is 2 jobs, one run (with --jobs 2 said) is both rows.
        if cpus == 2:
            two = bibnorm(key, f"{name} -j 2 (the default here)", path, fmt, "csl", 2)
            runs[key_2] = two
            return
        bibnorm(key, f"{name}, default jobs ({cpus})", path, fmt, "csl", None)
        if cpus > 2:
            bibnorm(key_2, f"{name} -j 2", path, fmt, "csl", 2)
        else:
            runs[key_2] = Run(f"{name} -j 2", None, note="not run: 1 CPU")

    compile_bibnorm()
    print("\nruns (each its own process):")
    tool(ITERPARSE, "lxml iterparse, XML (clear only)", "iterparse", "lxml", inputs.xml, "lxml")
    tool(
        PUBMED_PARSER,
        "pubmed_parser, .xml.gz",
        "pubmed_parser",
        "pubmed_parser",
        inputs.xml_gz,
        "pubmed_parser",
    )
    tool(
        BIO_MEDLINE,
        "Bio.Medline.parse, MEDLINE",
        "bio_medline",
        "Bio.Medline",
        inputs.medline,
        "biopython",
    )
    bibnorm(XML_CSL_1, "bibnorm XML --to csl -j 1", inputs.xml, "pubmed-xml", "csl", 1)
    default_and_two_jobs(XML_CSL, XML_CSL_2, "bibnorm XML --to csl", inputs.xml, "pubmed-xml")
    bibnorm(XML_JSON, "bibnorm XML --to json", inputs.xml, "pubmed-xml", "json", None)
    bibnorm(MEDLINE_CSL_1, "bibnorm MEDLINE --to csl -j 1", inputs.medline, "medline", "csl", 1)
    default_and_two_jobs(
        MEDLINE_CSL, MEDLINE_CSL_2, "bibnorm MEDLINE --to csl", inputs.medline, "medline"
    )
    bibnorm(XML_GZ_CSL, "bibnorm .xml.gz --to csl", inputs.xml_gz, "pubmed-xml", "csl", None)
    if inputs.xml_large is not None:
        name = f"bibnorm XML {scale} --to csl"
        bibnorm(XML_LARGE_CSL, name, inputs.xml_large, "pubmed-xml", "csl", None)
    if inputs.medline_large is not None:
        name = f"bibnorm MEDLINE {scale} --to csl"
        bibnorm(MEDLINE_LARGE_CSL, name, inputs.medline_large, "medline", "csl", None)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30_000, help="records per input")
    parser.add_argument(
        "--scale",
        type=int,
        default=4,
        help="the larger inputs are this many times bigger (1: none)",
    )
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the inputs here")
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="N", help="run each row N times, keep the fastest"
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=3_000,
        metavar="N",
        help="cProfile an N-record slice (0: don't)",
    )
    parser.add_argument("--top", type=int, default=25, help="lines per profile table")
    parser.add_argument(
        "--pretty",
        action="store_true",
        help="lay the XML out as NLM's baseline files are: one element per line, indented",
    )
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        kind, path = args.worker
        print(json.dumps({"records": WORKERS[kind](path)}))
        return

    # How busy the machine was before this run added to it: the figures depend on it.
    load = " ".join(f"{average:.2f}" for average in os.getloadavg())
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bibnorm-baseline-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        inputs = build_inputs(workdir, args.records, args.scale, args.profile, pretty=args.pretty)
        out = workdir / "out.json"
        runs = measure_all(inputs, out, args)
        if args.profile:
            profile(inputs.xml_slice, "pubmed-xml", out, args.top)
            profile(inputs.medline_slice, "medline", out, args.top)
        # Last, so that the table ends the output and can be copied as it is.
        report(runs, command_shown(sys.argv[1:]), inputs, args, load)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
