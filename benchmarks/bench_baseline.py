"""Benchmark: bibnorm at PubMed baseline scale, against lxml, pubmed_parser and Biopython.

    python benchmarks/bench_baseline.py [--records 30000] [--workdir DIR] [--profile 3000]

Run on demand, never in tests. It builds, from the real records of the shared corpus
(`../shared/corpus` beside the repository) repeated with new PMIDs:

- a PubMed XML file of `--records` `PubmedArticle`s (about one baseline file), plain and
  `.xml.gz`, and one `--scale` times larger for the memory check;
- a MEDLINE text file of `--records` records.

The XML keeps each record's layout as the corpus has it; `--pretty` lays every record out
as NLM's baseline files are (one element per line, indented), a few hundred lines each.

Then it times each tool in its own subprocess, so that the peak RSS is that run's alone
(the process and its children together: bibnorm's `--jobs` workers count), and prints
records/s, peak RSS and the ratios issue 3 sets as targets:

- (a) `bibnorm parse FILE --from pubmed-xml --to csl -o OUT` on plain, gz and the larger file:
  parse, normalise, validate every record and write CSL-JSON, with bibnorm's default
  `--jobs` (one process per CPU) unless `--jobs N` is given;
- (b) raw `lxml.etree.iterparse` over the plain file, only clearing elements;
- (c) `pubmed_parser.parse_medline_xml` over the gz file, if pubmed_parser imports;
- (d) `bibnorm parse FILE --from medline --to csl -o OUT` and `Bio.Medline.parse` over the
  same MEDLINE file, if Biopython imports.

Times are wall-clock per subprocess, interpreter start and imports included (a few tenths
of a second), the same for every tool. With `--profile N` it also runs the bibnorm path on
an N-record slice of each input under cProfile and prints where the time goes. The inputs
are written to a temporary folder (removed afterwards) or to `--workdir` (kept, and reused
when they are already there).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import io
import itertools
import json
import os
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
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
    for paths, write in jobs:
        if all(p.exists() for p in paths):
            continue
        start = time.perf_counter()
        write()
        took = time.perf_counter() - start
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB" for p in paths)
        print(f"wrote {sizes} in {took:.1f} s")
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
    def cpu_ms_per_record(self) -> float:
        return 1000 * self.cpu_seconds / self.records if self.records else 0.0

    @property
    def per_second(self) -> float:
        return (self.records or 0) / self.seconds if self.seconds else 0.0


def measure(name: str, command: list[str], count: Callable[[str], int]) -> Run:
    """Run `command` in a subprocess; its wall time, peak RSS and `count(stdout)` records."""
    # Files, not pipes: a chatty child can never block on a full pipe.
    with (
        tempfile.TemporaryFile() as out_file,
        tempfile.TemporaryFile() as err_file,
        tempfile.NamedTemporaryFile("r") as usage_file,
    ):
        start = time.perf_counter()
        launch = [sys.executable, "-S", "-c", _LAUNCHER, usage_file.name, *command]
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
        f"  {name:<34} {records:>8} records {seconds:8.2f} s {run.per_second:9.0f} rec/s"
        f" {run.peak_rss_mb:8.0f} MB {run.cpu_ms_per_record:6.3f} CPU ms/rec {note}",
        flush=True,
    )
    return run


# Runs the measured command as its child and writes its peak memory (kB) and CPU seconds
# (user + system, its waited-for workers included) to argv[1]. The peak memory is the
# child's own ru_maxrss, or, when it has children of its own (bibnorm's `--jobs`
# workers), the most they held together at any moment, sampled every 10 ms as their
# proportional set size (PSS: pages the forked workers share with the parent count once,
# split between them, where plain RSS would count them in every process). The launcher is
# small on purpose: a child's ru_maxrss starts at the RSS of the process it was forked
# from, so forking straight from this (large) benchmark would inflate it.
_LAUNCHER = """
import os, subprocess, sys, time
def field_kb(path, name):
    with open(path) as lines:
        for line in lines:
            if line.startswith(name):
                return int(line.split()[1])
    return 0
def tree_pss_kb(root):
    # PSS of `root` and its descendants, and how many processes that is.
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
    tree = [pid for pid in parents if in_tree(pid)]
    total = 0
    for pid in tree:
        try:
            total += field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
        except OSError:
            pass
    return total, len(tree)
child = subprocess.Popen(sys.argv[2:])
peak, forked = 0, False
while True:
    pid, status, usage = os.wait4(child.pid, os.WNOHANG)
    if pid:
        break
    pss, processes = tree_pss_kb(child.pid)
    peak, forked = max(peak, pss), forked or processes > 1
    time.sleep(0.01)
with open(sys.argv[1], "w") as out:
    rss = max(peak, usage.ru_maxrss) if forked else usage.ru_maxrss
    out.write(f"{rss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def count_csl_items(path: Path) -> int:
    """Items in a CSL-JSON file the csl writer wrote, counted without loading it."""
    total = 0
    tail = b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 22):
            block = tail + chunk
            total += block.count(CSL_ITEM_ID)
            tail = block[-(len(CSL_ITEM_ID) - 1) :]
    return total


def bibnorm_run(name: str, path: Path, fmt: str, out: Path, jobs: int | None) -> Run:
    command = [sys.executable, "-m", "bibnorm", "parse", str(path), "--from", fmt]
    command += ["--to", "csl", "-q", "-o", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    run = measure(name, command, lambda _: count_csl_items(out) if out.exists() else 0)
    out.unlink(missing_ok=True)
    return run


def worker_run(name: str, worker: str, path: Path) -> Run:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", worker, str(path)]
    return measure(name, command, _count_from_worker)


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


# --- the report -------------------------------------------------------------------------------


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


def report(runs: dict[str, Run], args: argparse.Namespace) -> None:
    python = sys.version.split()[0]
    jobs = args.jobs or "default (one per CPU)"
    cores = os.cpu_count()
    heading = f"{args.records} records, {cores} cores, Python {python}, bibnorm --jobs {jobs}"
    print(f"\n## Results ({heading})\n")
    header = ("run", "records", "seconds", "records/s", "peak RSS MB", "CPU ms/rec")
    print("| {:<34} | {:>8} | {:>8} | {:>9} | {:>11} | {:>10} | note |".format(*header))
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 13}|{'-' * 12}|------|")
    for run in runs.values():
        if run.records is None:
            dashes = f"| {'-':>8} | {'-':>8} | {'-':>9} | {'-':>11} | {'-':>10} |"
            print(f"| {run.name:<34} {dashes} {run.note} |")
            continue
        print(
            f"| {run.name:<34} | {run.records:>8} | {run.seconds:>8.2f} | {run.per_second:>9.0f}"
            f" | {run.peak_rss_mb:>11.0f} | {run.cpu_ms_per_record:>10.3f} | {run.note} |"
        )

    def rate(key: str) -> float:
        return runs[key].per_second if key in runs and runs[key].records else 0.0

    checks: list[tuple[str, float, str, bool]] = []
    value = ratio(rate("bibnorm xml"), rate("lxml iterparse"))
    checks.append(("bibnorm / raw iterparse (records/s)", value, ">= 0.33", value >= 1 / 3))
    if rate("pubmed_parser xml.gz"):
        value = ratio(rate("bibnorm xml.gz"), rate("pubmed_parser xml.gz"))
        checks.append(("bibnorm / pubmed_parser, same .gz (records/s)", value, ">= 2", value >= 2))
        value = ratio(rate("bibnorm xml"), rate("pubmed_parser xml.gz"))
        checks.append(("bibnorm plain / pubmed_parser .gz (records/s)", value, ">= 2", value >= 2))
    value = ratio(runs["bibnorm xml.gz"].seconds, runs["bibnorm xml"].seconds)
    checks.append(("gz time / plain time", value, "<= 1.25", value <= 1.25))
    rss = runs["bibnorm xml"].peak_rss_mb
    checks.append(("peak RSS, bibnorm xml (MB)", rss, "< 100", rss < 100))
    large = runs.get(f"bibnorm xml x{args.scale}")
    if large is not None and large.records:
        checks.append(
            (
                f"peak RSS, bibnorm xml x{args.scale} (MB)",
                large.peak_rss_mb,
                "< 100",
                large.peak_rss_mb < 100,
            )
        )
        value = ratio(large.peak_rss_mb, rss)
        checks.append((f"RSS x{args.scale} / RSS x1 (flat)", value, "<= 1.25", value <= 1.25))
    if rate("Bio.Medline.parse"):
        value = ratio(rate("bibnorm medline"), rate("Bio.Medline.parse"))
        checks.append(("bibnorm medline / Bio.Medline.parse", value, ">= 0.5", value >= 0.5))
    print(f"\n| {'ratio':<46} | {'value':>8} | target | met |")
    print(f"|{'-' * 48}|{'-' * 10}|--------|-----|")
    for label, value, target, met in checks:
        print(f"| {label:<46} | {value:>8.2f} | {target:<6} | {'yes' if met else 'NO':<3} |")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30_000, help="records per input")
    parser.add_argument(
        "--scale", type=int, default=4, help="the larger XML is this many times bigger (1: none)"
    )
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the inputs here")
    parser.add_argument(
        "--profile",
        type=int,
        default=3_000,
        metavar="N",
        help="cProfile an N-record slice (0: don't)",
    )
    parser.add_argument("--top", type=int, default=25, help="lines per profile table")
    parser.add_argument(
        "--jobs", type=int, help="bibnorm's --jobs (default: bibnorm's own, one per CPU)"
    )
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

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bibnorm-baseline-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        inputs = build_inputs(workdir, args.records, args.scale, args.profile, pretty=args.pretty)
        out = workdir / "out.json"
        runs: dict[str, Run] = {}

        def add(run: Run) -> None:
            runs[run.name] = run

        print("\nruns (each its own process):")
        add(bibnorm_run("bibnorm xml", inputs.xml, "pubmed-xml", out, args.jobs))
        add(bibnorm_run("bibnorm xml.gz", inputs.xml_gz, "pubmed-xml", out, args.jobs))
        if inputs.xml_large is not None:
            name = f"bibnorm xml x{args.scale}"
            add(bibnorm_run(name, inputs.xml_large, "pubmed-xml", out, args.jobs))
        add(worker_run("lxml iterparse", "iterparse", inputs.xml))
        add(worker_run("lxml iterparse xml.gz", "iterparse", inputs.xml_gz))
        if importable("pubmed_parser"):
            add(worker_run("pubmed_parser xml.gz", "pubmed_parser", inputs.xml_gz))
        else:
            add(Run("pubmed_parser xml.gz", None, note="not installed (pip install pubmed-parser)"))
        add(bibnorm_run("bibnorm medline", inputs.medline, "medline", out, args.jobs))
        if importable("Bio.Medline"):
            add(worker_run("Bio.Medline.parse", "bio_medline", inputs.medline))
        else:
            add(Run("Bio.Medline.parse", None, note="not installed (pip install biopython)"))
        report(runs, args)
        print(f"\ncommand: {command_shown(sys.argv[1:])}")
        if args.profile:
            profile(inputs.xml_slice, "pubmed-xml", out, args.top)
            profile(inputs.medline_slice, "medline", out, args.top)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
