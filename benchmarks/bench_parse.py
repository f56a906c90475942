"""Benchmark: how fast bibnorm parses and writes the bundled samples. Run on demand:

    python benchmarks/bench_parse.py [--repeat N] [--to json|csl|jsonl] [--samples GLOB]

It times the whole pipeline (decode, detect, parse, process, validate, write) per sample
and prints the median time per input and inputs per second. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

from bibnorm import pipeline
from bibnorm.manager import create_host
from bibnorm.registry import WriteOptions

REPO_ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--to", default="csl")
    parser.add_argument("--samples", default="*/*", help="which samples/, as a glob")
    args = parser.parse_args()

    host = create_host(autoload=False)
    writer = host.registry.writer(args.to)
    options = WriteOptions(with_related=True)
    samples = sorted(
        p
        for p in (REPO_ROOT / "samples").glob(args.samples)
        if p.is_file() and not p.name.endswith(".expected.json")
    )
    print(f"{'sample':<52} {'median ms':>10} {'inputs/s':>10}")
    for sample in samples:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = pipeline.parse_path(sample, host)
            rendered = pipeline.render([result], writer, options)
            writer.dump(rendered.items, io.StringIO())
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        name = sample.relative_to(REPO_ROOT).as_posix()
        print(f"{name:<52} {median * 1000:>10.2f} {1 / median:>10.0f}")


if __name__ == "__main__":
    main()
