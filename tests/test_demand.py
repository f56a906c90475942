"""Work for the output asked: a writer's demand lets sources skip what it never reads.

The CSL of every PubMed XML and MEDLINE corpus file (../shared/corpus, skipped without
it, a failure under CI=true) and of every sample is the same, byte for byte, whether
the records were read whole or for the CSL writer's demand, with and without related
items; skipping never adds a message. The library and bibnorm JSON keep whole records,
and the report of text no field took stays with the outputs that carry it and `-v`.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from shared_data import SHARED_ROOT, shared_path, skip_or_fail

import bibnorm
from bibnorm import cli, inputs, jobs, pipeline
from bibnorm.demand import CITATION, FULL, Demand
from bibnorm.manager import PluginHost
from bibnorm.model import ParseResult, Person, Record
from bibnorm.registry import JSONItem, WriteOptions, demand_of

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_FOLDERS = ("pubmed-xml", "medline")
CORPUS = sorted(
    path
    for folder in CORPUS_FOLDERS
    for path in (SHARED_ROOT / "corpus" / folder).glob("*")
    if path.is_file()
)
SAMPLES = sorted(
    path
    for path in (REPO_ROOT / "samples").rglob("*")
    if path.is_file() and not path.name.endswith(".expected.json")
)
XML_SAMPLE = REPO_ROOT / "samples" / "pubmed-xml" / "full-article.xml"
MEDLINE_SAMPLE = REPO_ROOT / "samples" / "medline" / "99000001-full.txt"
BROKEN_MEDLINE = REPO_ROOT / "samples" / "medline" / "broken-records.txt"


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def csl_text(result: ParseResult, host: PluginHost, options: WriteOptions) -> str:
    """The CSL document `bibnorm parse --to csl` writes for `result`, and what it reports."""
    writer = host.registry.writer("csl")
    rendered = pipeline.render([result], writer, options)
    written = io.StringIO()
    writer.dump(rendered.items, written)
    reported = [(r.record, r.diagnostics) for r in rendered.rejected + rendered.warnings]
    return written.getvalue() + repr(reported)


def assert_same_csl_either_way(path: Path, host: PluginHost, with_related: bool) -> None:
    options = WriteOptions(with_related=with_related)
    demand = demand_of(host.registry.writer("csl"), options)
    assert not demand.details
    whole = pipeline.parse_path(path, host, demand=FULL)
    read_for_csl = pipeline.parse_path(path, host, demand=demand)
    assert csl_text(read_for_csl, host, options) == csl_text(whole, host, options)
    assert read_for_csl.failed == whole.failed
    assert read_for_csl.deletions == whole.deletions
    assert read_for_csl.diagnostics == whole.diagnostics
    assert len(read_for_csl.records) == len(whole.records)
    for less, full in zip(read_for_csl.records, whole.records, strict=True):
        # Messages about what is read are kept; only those about skipped parts go.
        assert not Counter(less.diagnostics) - Counter(full.diagnostics)


def test_corpus_is_there() -> None:
    for folder in CORPUS_FOLDERS:
        shared_path("corpus", folder)
    if not CORPUS:
        skip_or_fail("no PubMed XML or MEDLINE corpus files found")


@pytest.mark.parametrize("with_related", [False, True], ids=["main", "with-related"])
@pytest.mark.parametrize(
    "path",
    CORPUS + SAMPLES,
    ids=[f"corpus/{_id(p)}" for p in CORPUS] + [f"samples/{_id(p)}" for p in SAMPLES],
)
def test_csl_is_the_same_read_for_csl(path: Path, with_related: bool, host: PluginHost) -> None:
    assert_same_csl_either_way(path, host, with_related)


# --- what a demand skips -------------------------------------------------------------


def _only_record(path: Path, host: PluginHost, demand: Demand) -> Record:
    result = pipeline.parse_path(path, host, demand=demand)
    assert len(result.records) == 1
    return result.records[0]


def test_pubmed_xml_read_for_csl_skips_details_and_references(host: PluginHost) -> None:
    whole = _only_record(XML_SAMPLE, host, FULL)
    assert whole.mesh_terms and whole.references and whole.history and whole.extra
    assert any(person.affiliations for person in whole.authors)
    cited = _only_record(XML_SAMPLE, host, CITATION)
    assert cited.mesh_terms == cited.history == cited.references == cited.extra == ()
    assert cited.grants == cited.substances == cited.links_to == ()
    assert all(person.affiliations == () and person.orcid is None for person in cited.authors)
    # Names are read as for the whole record.
    assert cited.authors == tuple(_without_details(person) for person in whole.authors)
    with_related = _only_record(XML_SAMPLE, host, Demand(related=True, details=False))
    assert with_related.references == whole.references
    assert with_related.mesh_terms == ()


def _without_details(person: Person) -> Person:
    return replace(person, affiliations=(), orcid=None)


def test_medline_read_for_csl_skips_details(host: PluginHost) -> None:
    whole = _only_record(MEDLINE_SAMPLE, host, FULL)
    assert whole.mesh_terms and whole.history and whole.extra
    assert any(person.affiliations for person in whole.authors)
    cited = _only_record(MEDLINE_SAMPLE, host, CITATION)
    assert cited.mesh_terms == cited.history == cited.extra == cited.grants == ()
    assert all(person.affiliations == () for person in cited.authors)
    assert cited.keywords == whole.keywords and cited.abstract == whole.abstract


# --- who asks for what -----------------------------------------------------------------


class _SilentWriter:
    """A third-party writer that says nothing of what it reads."""

    name = "silent"
    suffix = ".txt"
    description = "reads everything, says nothing"
    schema: str | None = None

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        return [{"title": record.title}]

    def dump(self, items: object, stream: io.StringIO) -> None:
        pass


def test_each_writer_states_its_demand(host: PluginHost) -> None:
    csl = host.registry.writer("csl")
    assert demand_of(csl, WriteOptions()) == CITATION
    assert demand_of(csl, WriteOptions(with_related=True)) == Demand(related=True, details=False)
    for name in ("json", "jsonl"):
        for options in (WriteOptions(), WriteOptions(with_related=True)):
            assert demand_of(host.registry.writer(name), options) == FULL
    assert demand_of(_SilentWriter(), WriteOptions()) == FULL  # type: ignore[arg-type]


def test_the_library_returns_whole_records_unless_asked(host: PluginHost) -> None:
    text = XML_SAMPLE.read_text("utf-8")
    assert bibnorm.parse(text, host=host).records[0].mesh_terms
    assert bibnorm.parse_file(XML_SAMPLE, host=host).records[0].references
    assert next(bibnorm.iter_records(MEDLINE_SAMPLE, host=host)).mesh_terms
    assert bibnorm.parse(text, host=host, demand=CITATION).records[0].mesh_terms == ()
    assert bibnorm.parse_file(XML_SAMPLE, host=host, demand=CITATION).records[0].extra == ()
    cited = next(bibnorm.iter_records(MEDLINE_SAMPLE, host=host, demand=CITATION))
    assert cited.mesh_terms == ()


def test_field_lines_are_a_detail(host: PluginHost) -> None:
    """Which lines each field came from is kept for the whole record only; the record's
    own lines, which messages name, are kept either way."""
    whole = bibnorm.parse_file(XML_SAMPLE, host=host).records[0]
    cited = bibnorm.parse_file(XML_SAMPLE, host=host, demand=CITATION).records[0]
    assert whole.provenance is not None and cited.provenance is not None
    assert {f.field for f in whole.provenance.fields} >= {"title", "authors", "identifiers"}
    assert cited.provenance.fields == ()
    assert cited.provenance.span == whole.provenance.span
    assert (cited.title, cited.identifiers) == (whole.title, whole.identifiers)
    assert [a.family for a in cited.authors] == [a.family for a in whole.authors]


def test_a_source_is_read_whole_by_default() -> None:
    assert inputs.from_text("PMID- 1\n", name="x").demand == FULL


def test_workers_read_for_the_task_demand(
    host: PluginHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker process reads its shard for the demand the task carries."""
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)
    writer = host.registry.writer("json")
    task = jobs.Task(host=host, writer=writer, owner="bibnorm", options=WriteOptions())
    source = inputs.read_source(str(XML_SAMPLE))
    adapter = host.registry.source("pubmed-xml")
    whole = [o.all_items() for o in jobs.outcomes(task, source, adapter, jobs=2)]
    assert whole[0][0]["mesh_terms"]
    cited_task = jobs.Task(
        host=host, writer=writer, owner="bibnorm", options=WriteOptions(), demand=CITATION
    )
    source = inputs.read_source(str(XML_SAMPLE))
    cited = [o.all_items() for o in jobs.outcomes(cited_task, source, adapter, jobs=2)]
    assert "mesh_terms" not in cited[0][0] or cited[0][0]["mesh_terms"] == []


# --- what the command line reports -------------------------------------------------------


def _stderr(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    cli.main(["parse", "--no-plugins", *args])
    return capsys.readouterr().err.splitlines()


def test_unread_text_is_reported_for_json_and_with_verbose_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = str(BROKEN_MEDLINE)
    as_json = _stderr([name, "--to", "json"], capsys)
    as_csl = _stderr([name, "--to", "csl"], capsys)
    as_csl_verbose = _stderr([name, "--to", "csl", "-v"], capsys)
    as_json_verbose = _stderr([name, "--to", "json", "-v"], capsys)
    unclaimed = [line for line in as_json if "[medline.unclaimed-line]" in line]
    assert unclaimed
    # `--to csl` skips the walk for text no field took, and reports every other message.
    assert as_csl == [line for line in as_json if line not in unclaimed]
    assert as_csl_verbose == as_json_verbose
    # (`-v` quotes the text a message is about after it.)
    assert all(any(shown.startswith(line) for shown in as_csl_verbose) for line in unclaimed)
