"""Benchmark: the CPU a record may take under the speed targets (issue 3's, then issue
17's for each output), against the least a Python reader must take. Run on demand:

    python benchmarks/bench_floor.py [--records 3000] [--workdir DIR] [--repeat 3] [--cores 2]

It builds `bench_baseline.py`'s inputs and times, in this one process, CPU ms per record
(the best of `--repeat` rounds, each running every measurement once):

- the yardsticks the targets are set against: raw `iterparse` (only clearing elements),
  `pubmed_parser` on the `.xml.gz` and `Bio.Medline.parse`, each in one process;
- a floor reader for PubMed XML: one pass over every element of each `PubmedArticle`,
  keeping the text of each field element in a dict, grouped by author, reference and so
  on. It builds no model, records no line numbers, checks nothing and applies no date,
  page or name rule: it is the least a Python reader of the issue's fields can spend
  (bibnorm must visit every element anyway, to report text that no field took). Its
  counterpart for MEDLINE is `Bio.Medline.parse` itself, which splits a record into tags
  and does nothing more;
- building the objects of each bibnorm record (the rich model of DESIGN.md "Records",
  immutable dataclasses: people, identifiers, MeSH, a citation record for each reference,
  provenance): the model's own constructors called with every value ready, as taken
  from records bibnorm made, so that no string, list or rule is counted;
- bibnorm's reference parser (`parse_reference`) over each record's `Citation` strings,
  which the issue asks to be parsed into fields;
- bibnorm's CSL render (with validation) and indented JSON, as `bench_stages.py` times them.

A target of R records/s on C cores allows at most C/R CPU seconds a record, and only if
the cores are used perfectly. The floor adds up the reader, the objects, the reference
strings, the render and the encoding, and leaves out everything else a real run pays:
every rule that turns text into fields (dates, pages, names, identifiers), working out
provenance and diagnostics, the normalisers, the second worker's read of the input and
the transfer of records between processes. So a floor over the allowance means no
Python program that builds these records meets the target; a floor under it says how
much room is left for everything the floor leaves out. The last column says how many
times faster the reference parser would have to be for the floor to fit ("none would
do": the floor is over the allowance without a single reference string parsed).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bench_baseline
import bench_stages
from lxml import etree

from bibnorm import inputs, pipeline
from bibnorm.manager import create_host
from bibnorm.model import Record
from bibnorm.parsing.reference import parse_reference

# Elements whose text is a field's value, and elements that group such values (one
# author, one reference...). Everything else is only visited.
FIELD_TAGS = frozenset(
    (  # noqa: SIM905 (a list of words reads best as words)
        "PMID ArticleTitle VernacularTitle Title ISOAbbreviation ISSN Volume Issue Year Month"
        " Day MedlineDate Season MedlinePgn ELocationID Language PublicationType AbstractText"
        " CopyrightInformation LastName ForeName Initials Suffix CollectiveName Identifier"
        " Affiliation Country MedlineTA NlmUniqueID ISSNLinking RegistryNumber"
        " NameOfSubstance DescriptorName QualifierName Keyword GrantID Agency Acronym"
        " RefSource CoiStatement ArticleId Citation"
    ).split()
)
GROUP_TAGS = frozenset(
    (  # noqa: SIM905 (a list of words reads best as words)
        "Author Investigator MeshHeading Chemical Grant Reference CommentsCorrections"
        " PubMedPubDate ArticleDate PubDate KeywordList"
    ).split()
)


def articles(path: Path) -> Iterator[Any]:
    """Each PubmedArticle of `path`, released once the caller is done with it."""
    for _, element in etree.iterparse(
        str(path), events=("end",), tag="PubmedArticle", resolve_entities=False, no_network=True
    ):
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def floor_read(article: Any) -> dict[str, Any]:
    """The article's field texts, in one pass over every element and nothing more."""
    record: dict[str, Any] = {}
    groups: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    for element in article.iter():
        tag = element.tag
        if tag in GROUP_TAGS:
            group = {"": tag}
            groups.append(group)
        elif tag in FIELD_TAGS:
            text = "".join(element.itertext()) if len(element) else element.text
            into = record if group is None else group
            into.setdefault(tag, []).append((text, element.attrib))
    record[""] = groups
    return record


def cpu_ms_per_record(work: Callable[[], int]) -> float:
    start = time.process_time()
    records = work()
    return (time.process_time() - start) * 1e3 / records


def time_iterparse(path: Path) -> float:
    return cpu_ms_per_record(lambda: sum(1 for _ in articles(path)))


def time_floor_reader(path: Path) -> float:
    return cpu_ms_per_record(lambda: sum(1 for article in articles(path) if floor_read(article)))


def citation_strings(path: Path) -> tuple[int, list[str]]:
    records, strings = 0, []
    for article in articles(path):
        records += 1
        strings += [c.text for c in article.iter("Citation") if c.text]
    return records, strings


def time_references(records: int, strings: list[str]) -> float:
    start = time.process_time()
    for text in strings:
        parse_reference(text)
    return (time.process_time() - start) * 1e3 / records


def time_pubmed_parser(path_gz: Path) -> float | None:
    if importlib.util.find_spec("pubmed_parser") is None:
        return None
    return cpu_ms_per_record(lambda: bench_baseline.work_pubmed_parser(str(path_gz)))


def time_bio_medline(path: Path) -> float | None:
    if importlib.util.find_spec("Bio") is None:
        return None
    return cpu_ms_per_record(lambda: bench_baseline.work_bio_medline(str(path)))


def constructions(path: Path, fmt: str) -> list[list[tuple[Any, dict[str, Any]]]]:
    """For each record of `path`, every model object in it as (class, its field values)."""
    adapter = pipeline.adapter_named(fmt, create_host(autoload=False))
    items = adapter.parse(inputs.read_source(path))
    return [objects_of(item, []) for item in items if isinstance(item, Record)]


def objects_of(value: Any, found: list[tuple[Any, dict[str, Any]]]) -> list[Any]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.init}
        found.append((type(value), fields))
        parts: Any = fields.values()
    elif isinstance(value, dict):
        parts = value.values()
    elif isinstance(value, (list, tuple)):
        parts = value
    else:
        return found
    for part in parts:
        objects_of(part, found)
    return found


def time_model(records: list[list[tuple[Any, dict[str, Any]]]]) -> float:
    """Building each record's model objects through the model's own constructors, given
    every value ready (no container, no string made: the floor reader made those)."""
    start = time.process_time()
    for objects in records:
        for cls, fields in objects:
            cls(**fields)
    return (time.process_time() - start) * 1e3 / len(records)


def bibnorm_stages(path: Path, fmt: str) -> dict[str, float]:
    """bibnorm's own CPU ms per record, stage by stage, as bench_stages.py times it."""
    records, _, spent = bench_stages.one_run(path, fmt)
    stages = {name: seconds * 1e3 / records for name, seconds in spent.items()}
    stages["total"] = sum(v for k, v in stages.items() if k != "reference strings")
    return stages


def best_of_rounds(repeat: int, runs: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Each run's best result over `repeat` rounds, every round running each run once, so
    that a machine whose speed drifts over minutes slows all runs alike."""
    results: dict[str, list[Any]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            results[name].append(run())
    return {name: _best(values) for name, values in results.items()}


def _best(values: list[Any]) -> Any:
    if values[0] is None:
        return None
    if isinstance(values[0], dict):
        return min(values, key=lambda stages: stages["total"])
    return min(values)


def speedup_needed(allowed: float, rest: float, references: float) -> str:
    """How many times faster the reference parser must get for the floor to fit."""
    room = allowed - rest
    if room <= 0:
        return "none would do"
    return "none" if references <= room else f"{references / room:.1f}x"


def medline_floor_of(figures: dict[str, Any]) -> float:
    """Bio's split, the record's objects, the CSL item and its JSON: no tag rule at all."""
    medline = figures["medline stages"]
    return float(figures["bio"] + figures["medline model"] + medline["render"] + medline["encode"])


def row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def report(figures: dict[str, Any], cores: int) -> None:
    xml, medline = figures["xml stages"], figures["medline stages"]
    floor_rest = figures["floor reader"] + figures["xml model"] + xml["render"] + xml["encode"]
    floor = floor_rest + figures["references"]
    print("\n## CPU ms per record, one process\n")
    print(row(["measured", "ms/record"]))
    print(row(["---", "---:"]))
    lines = [
        ("raw iterparse", figures["iterparse"]),
        ("pubmed_parser, .xml.gz", figures["pubmed_parser"]),
        ("Bio.Medline.parse", figures["bio"]),
        ("floor reader, PubMed XML (one pass, field texts kept)", figures["floor reader"]),
        ("bibnorm record's objects, constructors only, PubMed XML", figures["xml model"]),
        ("bibnorm reference parser, the record's Citation strings", figures["references"]),
        ("bibnorm render + validate, PubMed XML", xml["render"]),
        ("bibnorm indented JSON, PubMed XML", xml["encode"]),
        ("floor total, PubMed XML", floor),
        ("bibnorm, PubMed XML, every stage", xml["total"]),
        (
            "bibnorm render + validate + indented JSON, MEDLINE",
            medline["render"] + medline["encode"],
        ),
        ("bibnorm record's objects, constructors only, MEDLINE", figures["medline model"]),
        ("bibnorm MEDLINE adapter", medline["adapter"]),
        ("bibnorm, MEDLINE, every stage", medline["total"]),
    ]
    for name, value in lines:
        print(row([name, "not installed" if value is None else f"{value:.3f}"]))

    print(f"\n## What each target allows, on {cores} cores used perfectly\n")
    print(row(["target", "allows ms/record", "floor", "bibnorm", "reference parser must get"]))
    print(row(["---", "---:", "---:", "---:", "---:"]))
    # (name, yardstick, allowance factor, which floor): a target of R records/s on C
    # cores allows C/R seconds a record.
    xml_targets = [
        ("PubMed XML >= 1/3 of iterparse", figures["iterparse"], 3 * cores, "whole"),
        ("PubMed XML >= 2x pubmed_parser", figures["pubmed_parser"], cores / 2, "whole"),
        ("MEDLINE >= 1/2 of Bio.Medline.parse", figures["bio"], 2 * cores, "medline"),
        # Issue 17: `--to csl` reads no reference string; `--to json` reads everything.
        ("--to csl >= 2x pubmed_parser", figures["pubmed_parser"], cores / 2, "citation"),
        ("--to csl >= 1/3 of iterparse", figures["iterparse"], 3 * cores, "citation"),
        ("--to json >= 0.75x pubmed_parser", figures["pubmed_parser"], cores / 0.75, "whole"),
        ("MEDLINE --to csl >= 1/3 of Bio", figures["bio"], 3 * cores, "medline"),
    ]
    for name, yardstick, factor, kind in xml_targets:
        if yardstick is None:
            print(row([name, "not installed", "", "", ""]))
            continue
        allowed = yardstick * factor
        if kind == "medline":
            # Bio's split is the reader's floor; MEDLINE has no reference strings.
            medline_floor = medline_floor_of(figures)
            cells = [f"{medline_floor:.3f}", f"{medline['total']:.3f}", "(no references)"]
        elif kind == "citation":
            # The floor reader still visits every element: an upper bound for a citation.
            # bibnorm's own `--to csl` figure is bench_baseline's (this one is whole records).
            cells = [f"{floor_rest:.3f}", "bench_baseline", "(none parsed)"]
        else:
            needed = speedup_needed(allowed, floor_rest, figures["references"])
            cells = [f"{floor:.3f}", f"{xml['total']:.3f}", needed]
        print(row([name, f"{allowed:.3f}", *cells]))
    if figures["bio"] is not None:
        room = figures["bio"] * 2 * cores - medline_floor_of(figures)
        print(
            f"\nMEDLINE: the allowance leaves {room:.3f} ms a record for every tag rule"
            f" (dates, people, MeSH, provenance...); bibnorm's adapter takes"
            f" {medline['adapter']:.3f} with its objects."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000, help="records per input")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the inputs here")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best counts")
    parser.add_argument("--cores", type=int, default=2, help="cores the targets assume")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        built = bench_baseline.build_inputs(workdir, args.records, 1, 0)
        records, strings = citation_strings(built.xml)
        xml_objects = constructions(built.xml, "pubmed-xml")
        medline_objects = constructions(built.medline, "medline")
        runs: dict[str, Callable[[], Any]] = {
            "iterparse": lambda: time_iterparse(built.xml),
            "pubmed_parser": lambda: time_pubmed_parser(built.xml_gz),
            "bio": lambda: time_bio_medline(built.medline),
            "floor reader": lambda: time_floor_reader(built.xml),
            "xml model": lambda: time_model(xml_objects),
            "medline model": lambda: time_model(medline_objects),
            "references": lambda: time_references(records, strings),
            "xml stages": lambda: bibnorm_stages(built.xml, "pubmed-xml"),
            "medline stages": lambda: bibnorm_stages(built.medline, "medline"),
        }
        figures = best_of_rounds(args.repeat, runs)
        print(f"{records} records, {len(strings) / records:.1f} Citation strings each")
        report(figures, args.cores)


if __name__ == "__main__":
    main()
