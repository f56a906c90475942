"""Reliability: a bad identifier costs only itself, a faulty plugin only its own items.

Issue 14, items 8 and 9. Each case writes its inputs in `tmp_path` beside a good MEDLINE
record, runs `bibnorm parse` as a user would, and checks the exit code, the message
(naming the file and line, and the plugin at fault), that every good record is written,
that the output is whole, valid JSON, and that nothing else is left in the directory.
"""

from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, check, leftovers, run

from bibnorm import boundary
from bibnorm.model import Citation, Diagnostic, FailedRecord, Identifier, Person, Record


@dataclass(frozen=True)
class IdentifierCase:
    name: str
    content: str
    bad_value: str
    # What the output keeps of the record's identifiers, as CSL fields.
    kept: dict[str, str]


_MEDLINE = "PMID- {pmid}\nOWN - NLM\nDP  - 2020 May\nTI  - A record with {what}.\nAU  - Doe J\n"
_PAGE = (
    "Sample data: A page record with {what}\n"
    "- PMID: {pmid}\n"
    "{extra}"
    "Sample data: A page record with {what}\n"
    "Abstract\n"
    "We measured it.\n"
)

IDENTIFIER_CASES = [
    IdentifierCase(
        "bad.medline", _MEDLINE.format(pmid="0", what="PMID zero"), "0", {"title": "A record"}
    ),
    IdentifierCase(
        "bad.medline",
        _MEDLINE.format(pmid="99000011", what="a broken DOI") + "AID - 10.1000 broken [doi]\n",
        "10.1000 broken",
        {"PMID": "99000011"},
    ),
    IdentifierCase(
        "bad.medline",
        _MEDLINE.format(pmid="99000012", what="a broken PMCID") + "PMC - PMCxyz\n",
        "PMCxyz",
        {"PMID": "99000012"},
    ),
    IdentifierCase(
        "bad.medline",
        _MEDLINE.format(pmid="99000013", what="PMCID zero") + "PMC - PMC0\n",
        "PMC0",
        {"PMID": "99000013"},
    ),
    IdentifierCase(
        "page.txt",
        _PAGE.format(pmid="0", what="PMID zero", extra=""),
        "0",
        {"title": "Sample data: A page"},
    ),
    IdentifierCase(
        "page.txt",
        _PAGE.format(pmid="000", what="PMID zeros", extra="- DOI: 10.5555/sample.0013\n"),
        "000",
        {"DOI": "10.5555/sample.0013"},
    ),
]


@pytest.mark.parametrize("to", ["csl", "json"])
@pytest.mark.parametrize(
    "case",
    IDENTIFIER_CASES,
    ids=["medline-pmid-0", "medline-doi", "medline-pmcid", "medline-pmcid-0", "page-0", "page-000"],
)
def test_malformed_identifier_is_left_out_and_the_record_written(
    tmp_path: Path, case: IdentifierCase, to: str
) -> None:
    (tmp_path / case.name).write_text(case.content, encoding="utf-8")
    (tmp_path / "good.medline").write_text(GOOD_MEDLINE, encoding="utf-8")

    result = run("parse", case.name, "good.medline", "--to", to, "-o", "out.json", cwd=tmp_path)

    # A warning, not a failure: the record is written, only the identifier is not.
    check(result, status=0, names=(case.name,), line=1)
    assert "[identifiers.invalid]" in result.stderr
    assert repr(case.bad_value) in result.stderr
    items = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(items) == 2
    bad = items[0]
    if to == "csl":
        for key, value in case.kept.items():
            assert str(bad[key]).startswith(value), (key, bad)
        assert case.bad_value not in {bad.get("PMID"), bad.get("PMCID"), bad.get("DOI")}
        assert items[1]["PMID"] == "99000001"
    else:
        assert case.bad_value not in [i["value"] for i in bad.get("identifiers", [])]
        # The value is not lost: the diagnostic keeps it as the input wrote it.
        [diag] = [d for d in bad["diagnostics"] if d["code"] == "identifiers.invalid"]
        assert diag["text"] == case.bad_value
    assert leftovers(tmp_path, {case.name, "good.medline", "out.json"}) == set()


# A third-party plugin, installed for the run only: a module and its dist-info on the
# path. Its adapter reads one command a line; its processor acts on titles that say so.
FAULTY_PLUGIN = """
from bibnorm import hookimpl
from bibnorm.model import LineSpan, Person, Provenance, Record


class Adapter:
    name = "faulty"
    description = "a plugin that yields what each line of its input asks for"

    def sniff(self, sample):
        return 1.0 if sample.name.endswith(".faulty") else 0.0

    def parse(self, source):
        for number, line in enumerate(source.text.splitlines(), 1):
            provenance = Provenance(
                adapter="faulty", file=source.name, span=LineSpan(start=number, end=number)
            )
            good = Record(title=f"Good record {number}", provenance=provenance)
            command = line.strip()
            if command == "good":
                yield good
            elif command == "dict":
                yield {"title": "a dict"}
            elif command == "none":
                yield None
            elif command == "int-title":
                yield Record(title=42, provenance=provenance)
            elif command == "str-authors":
                yield Record(title="Authors", authors="Smith J", provenance=provenance)
            elif command == "bad-person":
                yield Record(title="A person", authors=(Person(family=7),), provenance=provenance)
            elif command == "str-identifiers":
                yield Record(title="Ids", identifiers=("pmid:1",), provenance=provenance)
            elif command == "raise":
                raise RuntimeError("the faulty adapter broke")


class Processor:
    name = "faulty-processor"
    stage = 250

    def process(self, record):
        title = record.title or ""
        if "returns-dict" in title:
            return {"title": title}
        if "returns-none" in title:
            return None
        if "returns-int-title" in title:
            return Record(title=7, provenance=record.provenance)
        return record


@hookimpl
def bibnorm_register_sources(register):
    register(Adapter())


@hookimpl
def bibnorm_register_processors(register):
    register(Processor())
"""


def install_faulty_plugin(tmp_path: Path) -> dict[str, str]:
    """Put the faulty plugin on a path of its own (outside `tmp_path`'s run directory);
    the environment that loads it."""
    site = tmp_path.parent / f"{tmp_path.name}-site"
    site.mkdir()
    (site / "faulty_plugin.py").write_text(textwrap.dedent(FAULTY_PLUGIN), encoding="utf-8")
    info = site / "faulty_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: faulty-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[bibnorm]\nfaulty = faulty_plugin\n", encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH", "")]))
    return {"PYTHONPATH": path, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "0"}


@dataclass(frozen=True)
class AdapterCase:
    command: str
    said: str  # what the message says was wrong
    line: int | None = 2  # a dict or None says nothing of where it came from


ADAPTER_CASES = [
    AdapterCase("dict", "yielded a dict, not a Record", line=None),
    AdapterCase("none", "yielded None, not a Record", line=None),
    AdapterCase("int-title", "`title` is int, expected str | None"),
    AdapterCase("str-authors", "`authors` is str, expected tuple[Person, ...]"),
    AdapterCase("bad-person", "`authors[0].family` is int, expected str | None"),
    AdapterCase("str-identifiers", "`identifiers[0]` is str, expected Identifier"),
]


@pytest.mark.parametrize("to", ["json", "csl"])
@pytest.mark.parametrize("case", ADAPTER_CASES, ids=[c.command for c in ADAPTER_CASES])
def test_wrong_item_from_an_adapter_fails_alone_blamed_on_its_plugin(
    tmp_path: Path, case: AdapterCase, to: str
) -> None:
    env = install_faulty_plugin(tmp_path)
    (tmp_path / "in.faulty").write_text(f"good\n{case.command}\ngood\n", encoding="utf-8")
    (tmp_path / "good.medline").write_text(GOOD_MEDLINE, encoding="utf-8")

    result = run(
        "parse", "in.faulty", "good.medline", "--to", to, "-o", "out.json", cwd=tmp_path, env=env
    )

    check(result, status=4, names=("in.faulty", "plugin 'faulty'", case.said), line=case.line)
    items = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    titles = [i["title"] for i in items]
    assert titles == ["Good record 1", "Good record 3", "A good record beside a bad one"]
    assert leftovers(tmp_path, {"in.faulty", "good.medline", "out.json"}) == set()


@pytest.mark.parametrize("to", ["json", "csl"])
def test_adapter_raising_mid_file_fails_that_input_alone(tmp_path: Path, to: str) -> None:
    env = install_faulty_plugin(tmp_path)
    (tmp_path / "in.faulty").write_text("good\ngood\nraise\ngood\n", encoding="utf-8")
    (tmp_path / "later.faulty").write_text("good\n", encoding="utf-8")

    result = run(
        "parse", "in.faulty", "later.faulty", "--to", to, "-o", "out.json", cwd=tmp_path, env=env
    )

    check(
        result,
        status=4,
        names=("in.faulty", "plugin 'faulty'", "the faulty adapter broke", "none of its records"),
    )
    items = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    # An input that fails part-way adds nothing (never a partial input presented as
    # whole); the next input of the batch is written.
    assert [i["title"] for i in items] == ["Good record 1"]
    assert leftovers(tmp_path, {"in.faulty", "later.faulty", "out.json"}) == set()


@pytest.mark.parametrize("to", ["json", "csl"])
@pytest.mark.parametrize(
    ("trigger", "said"),
    [
        ("returns-dict", "returned a dict, not a Record"),
        ("returns-none", "returned None, not a Record"),
        ("returns-int-title", "`title` is int, expected str | None"),
    ],
)
def test_wrong_result_from_a_processor_fails_that_record_alone(
    tmp_path: Path, trigger: str, said: str, to: str
) -> None:
    env = install_faulty_plugin(tmp_path)
    bad = GOOD_MEDLINE.replace("99000001", "99000002").replace(
        "A good record beside a bad one.", f"A record that {trigger}."
    )
    (tmp_path / "batch.medline").write_text(GOOD_MEDLINE + "\n" + bad, encoding="utf-8")
    (tmp_path / "good.medline").write_text(GOOD_MEDLINE, encoding="utf-8")

    result = run(
        "parse",
        "batch.medline",
        "good.medline",
        "--to",
        to,
        "-o",
        "out.json",
        cwd=tmp_path,
        env=env,
    )

    check(
        result,
        status=4,
        names=("batch.medline", "plugin 'faulty'", "processor 'faulty-processor'", said),
        line=13,  # where the MEDLINE adapter starts the second record: the blank line
    )
    items = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(items) == 2
    assert leftovers(tmp_path, {"batch.medline", "good.medline", "out.json"}) == set()


# The checker itself, on values the CLI cases do not reach.
@pytest.mark.parametrize(
    ("item", "said"),
    [
        (Record(title="ok", et_al=1), "`et_al` is int, expected bool"),  # type: ignore[arg-type]
        (
            Record(references=(Citation(identifiers=(Identifier(scheme="doi", value=3),)),)),  # type: ignore[arg-type]
            "`references[0].identifiers[0].value` is int, expected str",
        ),
        (Record(extra=(("tag",),)), "`extra[0]` is tuple, expected tuple[str, str]"),  # type: ignore[arg-type]
        (
            Record(diagnostics=(Diagnostic(code="x", message="m", severity="fatal"),)),  # type: ignore[arg-type]
            "`diagnostics[0].severity` is 'fatal'",
        ),
        (
            FailedRecord(adapter="a", file="f", span=None, raw=None, diagnostics=()),  # type: ignore[arg-type]
            "`raw` is None, expected str",
        ),
        ([Record()], "a list, not a Record"),
    ],
)
def test_checker_names_the_wrong_field(item: object, said: str) -> None:
    problem = boundary.problem_with(item)
    assert problem is not None and said in problem


def test_checker_passes_right_items_and_subclasses() -> None:
    class MyRecord(Record):
        pass

    for item in (
        Record(title="t", authors=(Person(family="Ng"),), extra=(("XX", "y"),)),
        MyRecord(title="t"),
        FailedRecord(adapter="a", file="f", span=None, raw="", diagnostics=()),
    ):
        assert boundary.problem_with(item) is None
