"""`bibnorm parse --jobs N`: a big file read by several processes gives what one gives."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from shared_data import count_whole_reads, run_cli, write_input

from bibnorm import chunks, hookimpl, inputs, jobs
from bibnorm.errors import BibnormError, PluginError
from bibnorm.manager import PluginHost, create_host
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import JSONItem, Sample, Source, SourceAdapter, WriteOptions
from bibnorm.sources.pubmed_xml.pubmed_xml import BOUNDARIES
from bibnorm.testing import interleave_shards, read_in_chunks
from bibnorm.writers.csl_json import CslJsonWriter

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


# --- splitting once: chunks cut from the raw bytes ---------------------------------------


@pytest.mark.parametrize("path", XML_SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("size", [1, 700, chunks.CHUNK_BYTES])
def test_xml_chunks_read_in_turn_are_the_whole(path: Path, size: int, host: PluginHost) -> None:
    adapter = host.registry.source("pubmed-xml")
    source = inputs.read_source(str(path))
    assert read_in_chunks(adapter, source, size) == list(adapter.parse(source))


@pytest.mark.parametrize("path", XML_SAMPLES, ids=lambda p: p.name)
def test_chunks_hold_every_byte_once_and_know_their_lines(path: Path) -> None:
    data = path.read_bytes()
    with path.open("rb") as stream:
        pieces = list(chunks.split(stream, BOUNDARIES, 1))
    assert len(pieces) >= 2  # a cut after every record
    assert b"".join(chunk.data for chunk in pieces) == data
    document = BOUNDARIES.document(data)
    assert document is not None and document.tail.startswith(b"</Pubmed")
    for chunk in pieces:
        start = sum(len(before.data) for before in pieces[: chunk.index])
        assert chunk.first_line == data.count(b"\n", 0, start) + 1
        assert data.startswith(chunk.head) and (chunk.head == b"") == (chunk.index == 0)
        assert chunk.tail == (b"" if chunk is pieces[-1] else document.tail)
    # Every chunk but the last ends with a record's end tag.
    assert all(
        chunk.data.rstrip().endswith(b"Citation>") or chunk.data.endswith(b"Article>")
        for chunk in pieces[:-1]
    )


@pytest.mark.parametrize(
    "start",
    [
        b"\xff\xfe<\x00?\x00x\x00m\x00l\x00",  # UTF-16: no tag to find in bytes
        b'<?xml version="1.0"?>\n<PubmedArticle><MedlineCitation>',  # one record alone
        b"<?xml version='1.0'?><Other><PubmedArticle/></Other>",  # not a PubMed root
        b"<PubmedArticleSet/>",  # empty
        b"PMID- 1\nTI  - text\n",
    ],
    ids=["utf-16", "lone-record", "other-root", "empty-root", "not-xml"],
)
def test_inputs_that_are_not_split(start: bytes) -> None:
    assert BOUNDARIES.document(start) is None


def test_the_head_is_all_before_the_root_and_its_start_tag() -> None:
    start = (
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a > b -->\n'
        b'<!DOCTYPE PubmedArticleSet [\n<!ENTITY x "<y>">\n]>\n'
        b"<PubmedArticleSet note=\"a > b\" other='c'>\n<PubmedArticle>"
    )
    document = BOUNDARIES.document(start)
    assert document is not None
    assert document.head == start[: start.index(b"\n<PubmedArticle>")]
    assert document.tail == b"</PubmedArticleSet>"


@pytest.mark.parametrize(
    ("data", "cut"),
    [
        (b"<a></PubmedArticleSet></PubmedArticle>x", 38),  # the set is not a record
        (b"</PubmedArticle \n >x", 19),  # white space before `>`
        (b"</DeleteCitation></PubmedBookArticle>", 17),  # the first to end
        (b"</PubmedArticle", -1),  # its `>` not read yet
    ],
)
def test_a_cut_follows_a_record_end_tag(data: bytes, cut: int) -> None:
    document = BOUNDARIES.document(b"<PubmedArticleSet>")
    assert document is not None
    assert document.next_cut(data, 0) == cut


@pytest.fixture
def a_chunk_per_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small inputs read by workers, with a cut after every record."""
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)
    monkeypatch.setattr(chunks, "CHUNK_BYTES", 1)


# Inputs whose whole-document parts must come out as with one process: each is read with
# a cut after every record (and a worker per chunk, in turn).
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    ' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def article(pmid: int, title: str = "A title.", extra: str = "") -> str:
    return (
        f"<PubmedArticle>\n<MedlineCitation><PMID>{pmid}</PMID>\n<Article>{extra}\n"
        f"<ArticleTitle>{title}</ArticleTitle>\n"
        '<Journal><ISSN IssnType="Print">bad</ISSN></Journal>\n'
        "</Article>\n</MedlineCitation>\n</PubmedArticle>\n"
    )


ARTICLES = "".join(article(n) for n in range(1, 5))
WHOLE_DOCUMENT_CASES = {
    "declaration-doctype-root-attributes": HEAD
    + DOCTYPE
    + '<PubmedArticleSet xmlns:mml="http://www.w3.org/1998/Math/MathML" note="a > b">\n'
    + ARTICLES
    + "</PubmedArticleSet>\n",
    "internal-subset-entity": HEAD
    + '<!DOCTYPE PubmedArticleSet [\n<!ENTITY co "Company">\n]>\n<PubmedArticleSet>\n'
    + article(1)
    + article(2, "By &co;.")
    + article(3)
    + "</PubmedArticleSet>\n",
    "text-outside-records": HEAD
    + "<!-- before -->\n<PubmedArticleSet>\nloose text\n"
    + article(1)
    + "more text <Other>an element</Other>\n"
    + article(2)
    + "<!-- between -->\n"
    + article(3)
    + "</PubmedArticleSet>\n<!-- after the end -->\n",
    "record-not-well-formed": HEAD
    + "<PubmedArticleSet>\n"
    + article(1)
    + article(2, "Two <i>open")
    + article(3)
    + "</PubmedArticleSet>\n",
    "end-tag-in-a-comment": HEAD
    + "<PubmedArticleSet>\n"
    + article(1)
    + "<!-- </PubmedArticle> -->\n"
    + article(2, "Two <!-- </PubmedArticle> --> halves.")
    + article(3)
    + "</PubmedArticleSet>\n",
    "truncated-mid-record": HEAD + "<PubmedArticleSet>\n" + ARTICLES + article(5)[:60],
    "truncated-after-a-record": HEAD + "<PubmedArticleSet>\n" + ARTICLES,
    "deletion-notice": HEAD
    + "<PubmedArticleSet>\n"
    + article(1)
    + '<DeleteCitation>\n<PMID Version="1">7</PMID>\n</DeleteCitation>\n'
    + article(2)
    + "<DeleteCitation><PMID>x</PMID></DeleteCitation >\n"
    + "</PubmedArticleSet>\n",
    "record-start-tags-with-attributes": HEAD
    + "<PubmedArticleSet>\n"
    + ARTICLES.replace("<PubmedArticle>", "<PubmedArticle note='a > b' other=\"c\"\n>")
    + "</PubmedArticleSet>\n",
    # libxml2's element lines stop being exact there: a chunk's must not say more.
    "past-line-65535": HEAD
    + "<PubmedArticleSet>\n"
    + article(1)
    + "\n" * 70_000
    + article(2)
    + article(3)
    + "</PubmedArticleSet>\n",
    "one-line": HEAD + "<PubmedArticleSet>" + ARTICLES.replace("\n", "") + "</PubmedArticleSet>",
}
# The cases a worker can read in chunks whole; the others are read again in one process.
WELL_FORMED = {
    "declaration-doctype-root-attributes",
    "internal-subset-entity",
    "text-outside-records",
    "deletion-notice",
    "one-line",
    "past-line-65535",
    "record-start-tags-with-attributes",
}


@pytest.mark.parametrize("case", sorted(WHOLE_DOCUMENT_CASES))
@pytest.mark.parametrize("compress", [False, True], ids=["xml", "gz"])
@pytest.mark.usefixtures("a_chunk_per_record")
def test_what_the_whole_document_has_comes_out_as_with_one_process(
    case: str,
    compress: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = WHOLE_DOCUMENT_CASES[case].encode()
    path = write_input(tmp_path, ".xml", data, compress=compress)
    args = ["parse", str(path), "--from", "pubmed-xml", "--to", "csl", "-v"]
    serial = run_cli([*args, "--jobs", "1"], capsys)
    assert "pubmed_xml.bad-issn" in serial[2]  # messages about records are compared too
    read_again = count_whole_reads(monkeypatch)
    for count in ("2", "3"):
        assert run_cli([*args, "--jobs", count], capsys) == serial
    # Chunks that read alone are never read again; the others are, in this process.
    assert (not read_again) == (case in WELL_FORMED)


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


class LineBoundaries:
    """A cut after any line end: MEDLINE's blank line before `PMID-` would be as short."""

    def document(self, start: bytes) -> chunks.Document:
        return chunks.Document(b"", b"", lambda data, at: data.find(b"\n", at) + 1 or -1)


class SixLines(SixRecords):
    """The toy format of six records, a line each, read in chunks (a line each, with
    `chunks.CHUNK_BYTES` at 1); `fault(chunk index, position)` runs before each record."""

    boundaries = LineBoundaries()

    def parse_chunk(self, source: Source, chunk: chunks.Chunk) -> Iterator[Record]:
        for position, line in enumerate(chunk.data.splitlines(), start=chunk.first_line - 1):
            self.fault(chunk.index, position)
            yield Record(title=line.decode())


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
    path.write_text("".join(f"record {n}\n" for n in range(6)), encoding="utf-8")
    source = inputs.read_source(str(path))
    for outcome in jobs.outcomes(task, source, host.registry.source(adapter.name), jobs=count):
        seen.extend(item["title"] for item in outcome.all_items())


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


@pytest.mark.parametrize("count", [1, 2, 3])
@pytest.mark.usefixtures("a_chunk_per_record")
def test_an_error_in_a_chunk_comes_after_the_chunks_before_it(count: int, tmp_path: Path) -> None:
    seen: list[str] = []
    with pytest.raises(BibnormError, match="record 3 is broken") as info:
        read_titles(SixLines("failing-chunks", _break_the_fourth), count, tmp_path, seen)
    assert seen == ["record 0", "record 1", "record 2"]
    assert info.value.exit_status == 4


def _die_in_the_fourth_chunk(index: int, position: int) -> None:
    if index == 3:
        os._exit(9)


@pytest.mark.usefixtures("a_chunk_per_record")
def test_a_worker_that_dies_reading_a_chunk_is_an_error(tmp_path: Path) -> None:
    seen: list[str] = []
    with pytest.raises(jobs.WorkerFailed, match=r"worker process stopped \(exit code 9\)"):
        read_titles(SixLines("dying-chunks", _die_in_the_fourth_chunk), 2, tmp_path, seen)
    # What the dead worker had queued but not yet sent (its chunk 1) is lost with it;
    # what came is in order, and nothing of the chunk it died in.
    assert seen[:1] == ["record 0"]
    assert seen == [f"record {n}" for n in range(len(seen))]
    assert len(seen) <= 3


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


# --- chunks of a plain file are sent as places --------------------------------------------


def test_a_plain_file_is_read_at_its_places_and_other_inputs_are_sent(tmp_path: Path) -> None:
    """Workers read a regular file's chunks from it, at the offsets the split found; a
    gzip stream or bytes in memory have no place to read at, so their bytes are sent."""
    samples = sorted((Path("samples") / "pubmed-xml").glob("*.xml"))
    text = b"".join(path.read_bytes() for path in samples)
    plain = tmp_path / "in.xml"
    plain.write_bytes(text)
    packed = tmp_path / "in.xml.gz"
    packed.write_bytes(gzip.compress(text))
    with inputs.read_source(str(plain)).open_binary() as stream:
        fd = jobs.plain_file_descriptor(stream)
        assert fd is not None
        pieces = [chunks.Chunk(0, 1, text[:100]), chunks.Chunk(1, 3, text[100:], offset=100)]
        for piece in pieces:
            sent = jobs._sent_form(piece, placed=True)
            assert isinstance(sent, jobs.Placed) and sent.chunk.data == b""
            assert jobs.placed_data(sent, fd, "in.xml") == piece
    for other in (packed, None):
        source = inputs.read_source(str(other)) if other else inputs.from_text("x", name="t")
        with source.open_binary() as stream:
            assert jobs.plain_file_descriptor(stream) is None


def test_a_file_cut_short_while_it_is_read_is_an_input_error(tmp_path: Path) -> None:
    plain = tmp_path / "in.xml"
    plain.write_bytes(b"0123456789")
    with plain.open("rb") as stream:
        late = jobs.Placed(chunks.Chunk(3, 40, b"", offset=8), size=5)
        with pytest.raises(BibnormError, match="changed while it was read"):
            jobs.placed_data(late, stream.fileno(), "in.xml")


# --- a writer's prerender that raises -------------------------------------------------------


class PrerenderRaises(CslJsonWriter):
    name = "csl-broken"

    def prerender(self, item: JSONItem) -> JSONItem:
        raise ValueError("bug in prerender")


class BrokenWriterPlugin:
    @hookimpl
    def bibnorm_register_writers(self, register: Callable[[Any], None]) -> None:
        register(PrerenderRaises())


@pytest.mark.parametrize("count", [1, 2])
def test_a_writer_whose_prerender_raises_is_its_plugins_error(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the items are encoded ahead by a worker or by the CLI before it holds
    them, a writer's bug is an error naming its plugin, not a traceback."""
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)
    host = create_host(autoload=False, extra_plugins=[("broken", BrokenWriterPlugin())])
    writer = host.registry.writer("csl-broken")
    task = jobs.Task(host=host, writer=writer, owner="broken", options=WriteOptions())
    path = next(p for p in XML_SAMPLES if p.name == "book-and-chapter.xml")
    source = inputs.read_source(str(path))
    adapter = host.registry.source("pubmed-xml")
    message = "plugin 'broken': writer 'csl-broken' raised ValueError: bug in prerender"
    if count == 1:
        outcome = next(jobs.outcomes(task, source, adapter, jobs=1))
        with pytest.raises(PluginError, match=message) as info:
            outcome.prerender(task, source.name)
    else:
        with pytest.raises(jobs.WorkerFailed, match=message) as info:
            list(jobs.outcomes(task, source, adapter, jobs=count))
    assert info.value.exit_status == 4
