"""Benchmark: where one process's time goes, stage by stage, per record. Run on demand:

    python benchmarks/bench_stages.py [--records 3000] [--workdir DIR] [--repeat 3]

It builds the same inputs as `bench_baseline.py` (the shared corpus's real records,
repeated with new PMIDs), then runs bibnorm's path over each in this one process, record
by record as `bibnorm parse --to csl` does, and prints the CPU time per record of each
stage:

- `adapter`: reading every record; of which `read only` is the adapter going through
  the whole input building nothing (what each `--jobs` worker pays for the records it
  leaves to others), and `reference strings` is `parse_reference` on PubMed XML
  `Citation` strings (timing each call adds about a microsecond to it);
- `processors`: the normalise stage (identifiers, languages);
- `render`: the CSL item, validated;
- `pickle`: what a `--jobs` worker sends the parent, packed and unpacked;
- `encode`: the CSL item's indented JSON text.

Records are not kept between stages (keeping thousands alive makes the garbage collector
cost several times more than it does in a real run). Each figure is the best of
`--repeat` runs. `bench_baseline.py` gives the whole command's speed; this says what to
work on.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bench_baseline

from bibnorm import inputs, jobs, pipeline
from bibnorm.manager import create_host
from bibnorm.model import Record
from bibnorm.registry import WriteOptions
from bibnorm.serialize import indented_json
from bibnorm.sources.pubmed_xml import pubmed_xml_related

STAGES = ("adapter", "reference strings", "processors", "render", "pickle", "encode")


class ReferenceClock:
    """`parse_reference`, as the PubMed XML reader calls it, with its time added up."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.original = pubmed_xml_related.parse_reference

    def __call__(self, text: str) -> Any:
        start = time.process_time()
        try:
            return self.original(text)
        finally:
            self.seconds += time.process_time() - start
            self.calls += 1


def timed_items(items: Iterator[Any], spent: dict[str, float]) -> Iterator[Any]:
    """The adapter's items, the time taken to make each added to `spent["adapter"]`."""
    while True:
        start = time.process_time()
        item = next(items, None)
        spent["adapter"] += time.process_time() - start
        if item is None:
            return
        yield item


def one_run(path: Path, fmt: str) -> tuple[int, int, dict[str, float]]:
    """Records, reference strings and seconds per stage of one pass over `path`."""
    host = create_host(autoload=False)
    adapter = pipeline.adapter_named(fmt, host)
    task = jobs.Task(
        host=host, writer=host.registry.writer("csl"), owner="bibnorm", options=WriteOptions()
    )
    processors = host.registry.processor_stack()
    clock = ReferenceClock()
    pubmed_xml_related.parse_reference = clock
    spent = dict.fromkeys(STAGES, 0.0)
    records = 0
    try:
        source = inputs.read_source(path)
        for item in timed_items(iter(adapter.parse(source)), spent):
            if not isinstance(item, Record):
                continue
            records += 1
            start = time.process_time()
            for processor in processors:
                item = processor.process(item)
            after_processors = time.process_time()
            outcome = jobs.outcome_of(task, item, source.name)
            after_render = time.process_time()
            pickle.loads(pickle.dumps(outcome))
            after_pickle = time.process_time()
            for csl_item in outcome.items:
                indented_json(csl_item, "  ")
            after_encode = time.process_time()
            spent["processors"] += after_processors - start
            spent["render"] += after_render - after_processors
            spent["pickle"] += after_pickle - after_render
            spent["encode"] += after_encode - after_pickle
    finally:
        pubmed_xml_related.parse_reference = clock.original
    spent["reference strings"] = clock.seconds
    return records, clock.calls, spent


def read_only(path: Path, fmt: str) -> float:
    """Seconds for the adapter to go through all of `path`, building one item only."""
    adapter = pipeline.adapter_named(fmt, create_host(autoload=False))
    start = time.process_time()
    for _ in adapter.parse_shard(inputs.read_source(path), 0, 10**9):  # type: ignore[attr-defined]
        pass
    return time.process_time() - start


def best(repeat: int, run: Callable[[], Any], key: Callable[[Any], float]) -> Any:
    return min((run() for _ in range(repeat)), key=key)


def report(label: str, path: Path, fmt: str, repeat: int) -> None:
    records, references, spent = best(
        repeat, lambda: one_run(path, fmt), lambda r: sum(r[2].values())
    )
    reading = min(read_only(path, fmt) for _ in range(repeat))
    total = sum(v for k, v in spent.items() if k != "reference strings")
    strings = f", {references / records:.1f} reference strings each" if references else ""
    print(f"\n## {label}: {records} records{strings}")
    print(f"| {'stage':<28} | {'ms/record':>9} | {'share':>6} |")
    print(f"|{'-' * 30}|{'-' * 11}|{'-' * 8}|")
    parts_of_adapter = [("read only", reading)]
    if references:
        parts_of_adapter.append(("reference strings", spent["reference strings"]))
    rows = [("adapter", spent["adapter"]), *((f"  of which {n}", v) for n, v in parts_of_adapter)]
    rows += [(name, spent[name]) for name in ("processors", "render", "pickle", "encode")]
    for name, seconds in [*rows, ("total (one process)", total)]:
        share = f"{seconds / total:.0%}" if not name.startswith("total") else ""
        print(f"| {name:<28} | {seconds / records * 1e3:>9.3f} | {share:>6} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000, help="records per input")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the inputs here")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best counts")
    parser.add_argument("--pretty", action="store_true", help="baseline files' XML layout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        built = bench_baseline.build_inputs(workdir, args.records, 1, 0, pretty=args.pretty)
        report("PubMed XML", built.xml, "pubmed-xml", args.repeat)
        report("MEDLINE", built.medline, "medline", args.repeat)


if __name__ == "__main__":
    main()
