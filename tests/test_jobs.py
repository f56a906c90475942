"""`bibnorm parse --jobs N`: a big file read by several processes gives what one gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bibnorm import cli, hookimpl, inputs, jobs
from bibnorm.errors import BibnormError
from bibnorm.manager import PluginHost, create_host
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample, Source, SourceAdapter, WriteOptions
from bibnorm.testing import interleave_shards

XML_SAMPLES = sorted(Path("samples/pubmed-xml").glob("*.xml"))
MEDLINE_SAMPLES = sorted(
    p for p in Path("samples/medline").iterdir() if not p.name.endswith(".expected.json")
)
# Well-formed for two records, then broken: the failure is one shard's item like any other.
MALFORMED = """<?xml version="1.0"?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>One.</ArticleTitle>
</Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>Two.</ArticleTitle>
</Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>3</PMID><Article><ArticleTitle>Three
</PubmedArticleSet>
"""


@pytest.fixture(autouse=True)
def _in_repo(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_root)
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")


@pytest.mark.parametrize("path", XML_SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("count", [2, 3, 5])
def test_xml_shards_taken_in_turn_are_the_whole(path: Path, count: int, host: PluginHost) -> None:
    adapter = host.registry.source("pubmed-xml")
    source = inputs.read_source(str(path))
    whole = list(adapter.parse(source))
    assert interleave_shards(adapter, source, count) == whole


@pytest.mark.parametrize("path", MEDLINE_SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("count", [2, 3])
def test_medline_shards_taken_in_turn_are_the_whole(
    path: Path, count: int, host: PluginHost
) -> None:
    adapter = host.registry.source("medline")
    source = inputs.read_source(str(path))
    whole = list(adapter.parse(source))
    assert interleave_shards(adapter, source, count) == whole


def test_a_syntax_error_belongs_to_one_shard(tmp_path: Path, host: PluginHost) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(MALFORMED, encoding="utf-8")
    adapter = host.registry.source("pubmed-xml")
    source = inputs.read_source(str(path))
    whole = list(adapter.parse(source))
    assert [type(item).__name__ for item in whole] == ["Record", "Record", "FailedRecord"]
    for count in (2, 3, 4):
        assert interleave_shards(adapter, source, count) == whole


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("to", ["json", "csl"])
def test_jobs_give_the_output_and_messages_of_one_process(
    to: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)  # shard even the small samples
    broken = tmp_path / "broken.xml"
    broken.write_text(MALFORMED, encoding="utf-8")
    names = [*(str(p) for p in XML_SAMPLES), str(broken), *(str(p) for p in MEDLINE_SAMPLES)]
    serial = run_cli(["parse", *names, "--to", to, "-v", "--jobs", "1"], capsys)
    assert serial[0] == 1  # the broken record
    assert "pubmed_xml.malformed-xml" in serial[2]
    for count in ("2", "3"):
        assert run_cli(["parse", *names, "--to", to, "-v", "--jobs", count], capsys) == serial


def test_a_big_file_is_shared_between_processes(tmp_path: Path) -> None:
    """Through the real command: a file over the threshold, read by 2 workers."""
    template = Path("samples/pubmed-xml/pair-99100001.xml").read_text(encoding="utf-8")
    head, rest = template.split("<PubmedArticle>", 1)
    article, tail = rest.rsplit("</PubmedArticle>", 1)
    copies = jobs.MIN_BYTES_PER_JOB // len(article) + 1
    body = "".join(
        "<PubmedArticle>" + article.replace("99100001", str(50_000_000 + n)) + "</PubmedArticle>"
        for n in range(copies)
    )
    path = tmp_path / "big.xml"
    path.write_text(head + body + tail, encoding="utf-8")
    assert path.stat().st_size >= jobs.MIN_BYTES_PER_JOB
    env = {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1"}
    outputs = []
    for count in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "bibnorm", "parse", str(path), "--to", "csl", "-j", count],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    items = json.loads(outputs[1])
    assert [item["PMID"] for item in items] == [str(50_000_000 + n) for n in range(copies)]


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(value: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bibnorm", "parse", "x.xml", "--jobs", value],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "expected a whole number of 1 or more" in done.stderr
    assert "Traceback" not in done.stderr


class SixRecords:
    """A toy format of six records; `fault(index, position)` runs before each record a
    shard builds, and may break it."""

    description = "a toy format of six records"

    def __init__(self, name: str, fault: Callable[[int, int], None]) -> None:
        self.name = name
        self.fault = fault

    def sniff(self, sample: Sample) -> float:
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        return self.parse_shard(source, 0, 1)

    def parse_shard(self, source: Source, index: int, count: int) -> Iterator[Record]:
        for position in range(6):
            if position % count == index:
                self.fault(index, position)
                yield Record(title=f"record {position}")


class ToyPlugin:
    def __init__(self, adapter: SourceAdapter) -> None:
        self.adapter = adapter

    @hookimpl
    def bibnorm_register_sources(self, register: Callable[[SourceAdapter], None]) -> None:
        register(self.adapter)


def read_titles(adapter: SixRecords, count: int, folder: Path, seen: list[str]) -> None:
    """Read a file with `adapter` in `count` processes, adding each item's title to `seen`
    as it comes (so the caller sees them even when reading ends in an error)."""
    host = create_host(autoload=False, extra_plugins=[(adapter.name, ToyPlugin(adapter))])
    writer = host.registry.writer("json")
    task = jobs.Task(host=host, writer=writer, owner="bibnorm", options=WriteOptions())
    path = folder / "input.txt"
    path.write_text("anything\n", encoding="utf-8")
    source = inputs.read_source(str(path))
    for outcome in jobs.outcomes(task, source, host.registry.source(adapter.name), jobs=count):
        seen.extend(item["title"] for item in outcome.items)


def _die_half_way(index: int, position: int) -> None:
    # The process building shard 1 dies half way, as an OOM kill would.
    if index == 1 and position >= 3:
        os._exit(9)


def test_a_worker_that_dies_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)
    seen: list[str] = []
    with pytest.raises(jobs.WorkerFailed, match=r"worker process stopped \(exit code 9\)") as info:
        read_titles(SixRecords("dying", _die_half_way), 2, tmp_path, seen)
    # What the dead worker had queued but not yet sent is lost with it; the rest came.
    assert seen[:1] == ["record 0"]
    assert seen == [f"record {n}" for n in range(len(seen))]
    assert len(seen) < 6
    assert info.value.exit_status == 4


def _break_the_fourth(index: int, position: int) -> None:
    # As a buggy plugin adapter would.
    if position == 3:
        raise RuntimeError("record 3 is broken")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_an_adapter_error_comes_after_the_items_before_it(
    count: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Workers send outcomes in batches: those built before the error must still come,
    # in order, and then the error, as with one process.
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)
    seen: list[str] = []
    with pytest.raises(BibnormError, match="record 3 is broken") as info:
        read_titles(SixRecords("failing", _break_the_fourth), count, tmp_path, seen)
    assert seen == ["record 0", "record 1", "record 2"]
    assert info.value.exit_status == 4


def test_what_decoding_found_is_reported_with_jobs_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the workers decode a sharded input: the parent must still hear what they found.
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(
        "PMID- 99000001\nTI  - A title\x07 with a bell.\nDP  - 2021\n\n"
        "PMID- 99000002\nTI  - Another title.\nDP  - 2022\n",
        encoding="utf-8",
    )
    serial = run_cli(["parse", str(dirty), "--jobs", "1"], capsys)
    assert "input.control-characters" in serial[2]
    assert run_cli(["parse", str(dirty), "--jobs", "2"], capsys) == serial
