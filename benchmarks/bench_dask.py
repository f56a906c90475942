"""Benchmark: many baseline-like files on a local Dask cluster, against a plain loop.

    python benchmarks/bench_dask.py [--files 8] [--records 30000] [--repeat 2] [--workdir DIR]
                                    [--no-serial]

Run on demand, never in tests (it needs the extra: `pip install '.[dask]'`). It builds
`--files` PubMed XML `.xml.gz` files of `--records` records each, as
`bench_baseline.py` builds its one (the shared corpus's records repeated with new PMIDs,
each file its own range), and runs, each in its own process tree and best of `--repeat`
by wall time:

- `loop -j N`: `bibnorm parse FILE --to csl -q -o OUT -j N` for each file in turn, for
  N = 1 and N = the CPUs (bibnorm's default), as a shell loop would;
- `dask`: `bibnorm parse --engine dask FILE... --to csl -q --out-dir OUT`, on the local
  cluster bibnorm starts (one worker process per CPU), start and stop included;
- `dask, half the files`: the same on the first half, for the memory check.

The commands take turns, round after round (`--no-serial` leaves out `-j 1`). It
prints records/s, CPU ms a record (user + system of the whole tree), the peak memory of
the whole tree (PSS, each second) and of its largest worker (resident, every 100 ms: the
largest process below the command, a Dask worker, or in a loop each `bibnorm`), issue 19's
target (the Dask run at least 85 % of the best loop's records/s, memory per worker flat
within 25 % when the input doubles), and an estimate for the full PubMed baseline (36
million records) on clusters of a few sizes, from this machine's records/s per worker.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import bench_baseline as baseline

BASELINE_RECORDS = 36_000_000
TARGET_SHARE = 0.85
MEMORY_GROWTH = 1.25
CLUSTER_SIZES = (2, 16, 64, 256)
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Run:
    name: str
    records: int
    seconds: float
    cpu_seconds: float
    tree_peak_mb: float
    process_peak_mb: float  # the largest process below the command: a worker

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


@dataclass
class _Peaks:
    tree_kb: int = 0
    process_kb: int = 0
    seen: dict[int, int] = field(default_factory=dict)


def build_files(workdir: Path, files: int, records: int) -> list[Path]:
    """`files` `.xml.gz` files of `records` records each (reused when already there)."""
    templates = baseline.xml_templates(baseline.CORPUS)
    paths = []
    for number in range(files):
        path = workdir / f"baseline-{records}-{number:02d}.xml.gz"
        if not path.exists():
            first = baseline.FIRST_PMID + number * records
            baseline.write_xml([path], baseline.records_of(templates, records, first))
            print(f"wrote {path.name} {path.stat().st_size / 1e6:.0f} MB", flush=True)
        paths.append(path)
    return paths


def _tree(root: int) -> list[int]:
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


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as lines:
            for line in lines:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _sample(root: int, peaks: _Peaks, done: threading.Event) -> None:
    """Every 100 ms, the resident memory of each process below `root` (a Dask worker;
    in a loop, each `bibnorm` the shell runs, or its `--jobs` workers): the most any one
    held; every second, the PSS of the whole tree (forked workers share pages): the most
    it held at once. PSS is read seldom, as the kernel walks every page of a process to
    count it: read every 50 ms, it took CPU enough to slow the run it measured."""
    for tick in itertools.count():
        if done.wait(0.1):
            return
        tree = _tree(root)
        peaks.process_kb = max(peaks.process_kb, *(_rss_kb(pid) for pid in tree[1:]), 0)
        if tick % 10 == 0:
            peaks.tree_kb = max(peaks.tree_kb, sum(_pss_kb(pid) for pid in tree))


def measure(name: str, command: list[str], outputs: Path) -> Run:
    """Run `command` (it writes its outputs into `outputs`); its wall and CPU time, peaks
    and the CSL items it wrote."""
    shutil.rmtree(outputs, ignore_errors=True)
    outputs.mkdir(parents=True)
    peaks, done = _Peaks(), threading.Event()
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    sampler = threading.Thread(target=_sample, args=(child.pid, peaks, done))
    sampler.start()
    # wait4 counts the child's waited-for descendants: each bibnorm of a loop, the
    # `--jobs` workers, the Dask cluster's processes.
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        print(f"{name}: exit {child.returncode}", file=sys.stderr)
    records = sum(baseline.count_json_items(path) for path in outputs.rglob("*.json"))
    run = Run(
        name,
        records,
        seconds,
        usage.ru_utime + usage.ru_stime,
        peaks.tree_kb / 1024,
        peaks.process_kb / 1024,
    )
    print(
        f"  {name:<28} {records:>8} records {seconds:8.2f} s {run.per_second:7.0f} rec/s"
        f" tree {run.tree_peak_mb:5.0f} MB, largest worker {run.process_peak_mb:5.0f} MB",
        flush=True,
    )
    return run


def loop_command(files: list[Path], outputs: Path, jobs: int) -> list[str]:
    """A shell loop of `bibnorm parse`, one file after the other."""
    bibnorm = f"{sys.executable} -m bibnorm parse"
    steps = [
        f'{bibnorm} "{path}" --to csl -q -j {jobs} -o "{outputs}/{path.name}.csl.json"'
        for path in files
    ]
    return ["sh", "-c", " ; ".join(steps)]


def dask_command(files: list[Path], outputs: Path) -> list[str]:
    command = [sys.executable, "-m", "bibnorm", "parse", "--engine", "dask", *map(str, files)]
    return [*command, "--to", "csl", "-q", "--out-dir", str(outputs)]


def best_of_each(repeat: int, commands: dict[str, list[str]], outputs: Path) -> list[Run]:
    """The fastest of `repeat` runs of each command, the commands taken in turn in each
    round, so that a slow spell of the machine does not fall on one alone."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(measure(name, command, outputs))
    return [min(each, key=lambda run: run.seconds) for each in runs.values()]


def report(runs: list[Run], args: argparse.Namespace, cpus: int) -> None:
    print(f"\n## {args.files} baseline-like files, {args.records} records each\n")
    print(
        f"- command: `python benchmarks/bench_dask.py --files {args.files}"
        f" --records {args.records} --repeat {args.repeat}"
        f"{' --no-serial' if args.no_serial else ''}`"
    )
    print(f"- machine: {cpus} CPUs, Python {sys.version.split()[0]}; best of {args.repeat}\n")
    print(
        "| run | records | records/s | CPU ms/record | wall s | tree peak MB | largest worker MB |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    for run in runs:
        cpu_ms = 1000 * run.cpu_seconds / run.records if run.records else 0.0
        print(
            f"| {run.name} | {run.records} | {run.per_second:.0f} | {cpu_ms:.3f} |"
            f" {run.seconds:.1f} | {run.tree_peak_mb:.0f} | {run.process_peak_mb:.0f} |"
        )
    by_name = {run.name: run for run in runs}
    loops = [run for run in runs if run.name.startswith("loop")]
    best = max(loops, key=lambda run: run.per_second)
    dask, half = by_name["dask"], by_name["dask, half the files"]
    share = dask.per_second / best.per_second if best.per_second else 0.0
    growth = dask.process_peak_mb / half.process_peak_mb if half.process_peak_mb else 0.0
    print()
    print(
        f"- dask / best loop ({best.name}): {share:.2f}x records/s; target >= {TARGET_SHARE}:"
        f" {'met' if share >= TARGET_SHARE else 'not met'}"
    )
    print(
        f"- largest worker, all files / half: {growth:.2f}x; target <= {MEMORY_GROWTH}:"
        f" {'met' if growth <= MEMORY_GROWTH else 'not met'}"
    )
    per_worker = dask.per_second / cpus
    print(
        f"\nEstimate for the full baseline ({BASELINE_RECORDS:,} records), at this machine's"
        f" {per_worker:.0f} records/s per worker, one worker per core, the cluster's start"
        f" and the files' transfer left out:"
    )
    for workers in CLUSTER_SIZES:
        minutes = BASELINE_RECORDS / (per_worker * workers) / 60
        took = f"{minutes / 60:.1f} h" if minutes >= 90 else f"{minutes:.0f} min"
        print(f"- {workers} workers: {took}, about {dask.process_peak_mb:.0f} MB each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--records", type=int, default=30_000, help="records per file")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the inputs here")
    parser.add_argument(
        "--no-serial", action="store_true", help="leave out the loop of -j 1 (the slowest)"
    )
    args = parser.parse_args()
    cpus = baseline.usable_cpus()
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        files = build_files(workdir, args.files, args.records)
        outputs = Path(temporary) / "out"
        commands = {
            "loop -j 1": loop_command(files, outputs, 1),
            f"loop -j {cpus}": loop_command(files, outputs, cpus),
            "dask": dask_command(files, outputs),
            "dask, half the files": dask_command(files[: max(1, len(files) // 2)], outputs),
        }
        if args.no_serial:
            del commands["loop -j 1"]
        runs = best_of_each(args.repeat, commands, outputs)
    report(runs, args, cpus)


if __name__ == "__main__":
    main()
