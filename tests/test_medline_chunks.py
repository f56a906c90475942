"""A big MEDLINE input split once: chunks of its bytes read alone give what `parse` gives.

The chunks are cut before a `PMID-` line that follows a blank line
(`chunks.MedlineBoundaries`); `parse_chunk` reads one with its lines counted from its
first line, or says it does not read alone, and the input is then read in one process
from there. Reads ../shared/corpus/medline too (skipped without it, a failure under
CI=true).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from shared_data import SHARED_ROOT, count_whole_reads, run_cli, shared_path, write_input

from bibnorm import chunks, inputs, jobs
from bibnorm.demand import CITATION
from bibnorm.manager import PluginHost
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import SourceAdapter
from bibnorm.sources.medline.medline import MedlineAdapter
from bibnorm.testing import read_in_chunks

BOUNDARIES = MedlineAdapter.boundaries
SAMPLES = sorted(
    p for p in Path("samples/medline").iterdir() if not p.name.endswith(".expected.json")
)
CORPUS_FOLDER = SHARED_ROOT / "corpus" / "medline"
CORPUS = sorted(p.name for p in CORPUS_FOLDER.glob("*") if p.is_file())
SIZES = [1, 300, chunks.CHUNK_BYTES]


@pytest.fixture(autouse=True)
def _in_repo(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_root)
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")


def chunk_by_chunk(
    adapter: SourceAdapter, source: inputs.Source, size: int
) -> list[Record | FailedRecord] | None:
    """The items of every chunk, read alone; None when the input does not split or a
    chunk does not read alone."""
    items: list[Record | FailedRecord] = []
    with source.open_binary() as stream:
        pieces = list(chunks.split(stream, BOUNDARIES, size))
    for chunk in pieces:
        try:
            items.extend(adapter.parse_chunk(source, chunk))  # type: ignore[attr-defined]
        except chunks.ChunkUnreadable:
            return None
    return items if pieces else None


def assert_chunks_read_as_whole(path: Path, host: PluginHost) -> None:
    adapter = host.registry.source("medline")
    whole = list(adapter.parse(inputs.read_source(str(path))))
    for size in SIZES:
        source = inputs.read_source(str(path))
        assert read_in_chunks(adapter, source, size) == whole, size
        if chunk_by_chunk(adapter, inputs.read_source(str(path)), size) is not None:
            # What read chunk by chunk is the same, not only what fell back to `parse`.
            assert chunk_by_chunk(adapter, inputs.read_source(str(path)), size) == whole


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_chunks_read_in_turn_are_the_whole(path: Path, host: PluginHost) -> None:
    assert_chunks_read_as_whole(path, host)


@pytest.mark.parametrize("name", CORPUS or ["<missing>"])
def test_corpus_chunks_read_in_turn_are_the_whole(name: str, host: PluginHost) -> None:
    assert_chunks_read_as_whole(shared_path("corpus", "medline", name), host)


def test_the_corpus_files_with_many_records_are_read_chunk_by_chunk(host: PluginHost) -> None:
    # The comparison above must not pass only because every chunk fell back to `parse`.
    adapter = host.registry.source("medline")
    path = shared_path("corpus", "medline", "p1m-qs__citations_1.nbib")
    with path.open("rb") as stream:
        assert len(list(chunks.split(stream, BOUNDARIES, 1))) > 50
    items = chunk_by_chunk(adapter, inputs.read_source(str(path)), 1)
    assert items is not None and items == list(adapter.parse(inputs.read_source(str(path))))


def test_a_chunk_is_read_for_the_source_demand(host: PluginHost) -> None:
    adapter = host.registry.source("medline")
    path = Path("samples/medline/99000001-full.txt")
    lean = inputs.read_source(str(path))
    lean.demand = CITATION
    items = chunk_by_chunk(adapter, lean, 1)
    whole = list(adapter.parse(inputs.read_source(str(path))))
    assert items is not None and len(items) == len(whole)
    first = items[0]
    assert isinstance(first, Record) and isinstance(whole[0], Record)
    assert first.title == whole[0].title and first.extra == () and whole[0].extra != ()


# --- where MEDLINE bytes are cut ---------------------------------------------------------


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_cut_comes_after_a_blank_line_before_a_pmid_line(line_end: str) -> None:
    text = "PMID- 1\nTI  - One.\n\n\nPMID- 2\nTI  - Two.\nPMID- 3\nTI  - Three.\n\nPMID- 4\n"
    data = text.replace("\n", line_end).encode()
    with io.BytesIO(data) as stream:
        pieces = list(chunks.split(stream, BOUNDARIES, 1))
    assert b"".join(chunk.data for chunk in pieces) == data
    # No cut between records written back to back: only after a blank line.
    assert [chunk.data.split(line_end.encode())[0] for chunk in pieces] == [
        b"PMID- 1",
        b"PMID- 2",
        b"PMID- 4",
    ]
    assert [chunk.first_line for chunk in pieces] == [1, 5, 10]
    assert [chunk.last for chunk in pieces] == [False, False, True]
    assert all(chunk.data.endswith(2 * line_end.encode()) for chunk in pieces[:-1])


@pytest.mark.parametrize(
    "start",
    [
        b"\xff\xfeP\x00M\x00I\x00D\x00-\x00",  # UTF-16 with a byte-order mark
        b"P\x00M\x00I\x00D\x00-\x00 \x001\x00",  # and without
        b"TI  - An ERIC record\nSO  - A journal\n\nTI  - Another\n",  # no PMID to cut before
        b'<?xml version="1.0"?>\n<PubmedArticleSet>',
    ],
    ids=["utf-16", "utf-16-no-bom", "no-pmid", "xml"],
)
def test_medline_inputs_that_are_not_split(start: bytes) -> None:
    assert BOUNDARIES.document(start) is None


def test_a_bom_does_not_hide_the_first_pmid_line() -> None:
    assert BOUNDARIES.document(b"\xef\xbb\xbfPMID- 1\nTI  - One.\n") is not None


# --- the command: -j 2 and -j 3 say what -j 1 says ------------------------------------------


def record(pmid: int, title: str = "A title.", extra: str = "") -> str:
    return f"PMID- {pmid}\nTI  - {title}\nDP  - 2021 Mar\n{extra}"


CLEAN = "".join(record(90000000 + n) + "\n" for n in range(1, 4))
# Inputs read with a cut after every record, each a case -j 1 reads in its own way.
# A stray line (`no rule took this line`) after the cases' trick checks the line numbers
# the messages give.
STRAY = "a line no rule takes\n"
CASES: dict[str, bytes] = {
    "utf8-bom": ("\ufeff" + CLEAN + record(5, "Ünïcödé.", STRAY)).encode(),
    "cp1252": (CLEAN + record(5, "Café crème.", STRAY) + "\n" + record(6, extra=STRAY)).encode(
        "cp1252"
    ),
    "utf8-that-looks-like-cp1252": (CLEAN + record(5, "CafÃ© ok.", STRAY)).encode(),
    "crlf": (CLEAN + record(5, extra=STRAY) + "\n" + record(6)).replace("\n", "\r\n").encode(),
    "several-blank-lines": (
        record(1) + "\n\n\n" + record(2, extra=STRAY) + "\n  \n\n" + record(3, extra=STRAY)
    ).encode(),
    "no-blank-lines": (record(1) + record(2, extra=STRAY) + "\n" + record(3, extra=STRAY)).encode(),
    "other-database-records": (
        CLEAN + "TI  - An ERIC record.\nSO  - A Journal, v3 n2 p5-9 2020\n" + STRAY + "\n"
        "OWN - ERIC\nTI  - Another.\nOWN - ERIC\nTI  - A third.\n\n" + record(7, extra=STRAY)
    ).encode(),
    "cut-by-the-end": (CLEAN + record(5, extra=STRAY) + "\n" + "PMID- 6\nTI  - A tit").encode(),
    "broken-record": (CLEAN + "AB  - no title, no id\n" + STRAY + "\n" + record(7)).encode(),
    "control-characters": (
        CLEAN + record(5, "A bell\x07 here.", STRAY) + "\n" + record(6, "\x1b and \x01.", STRAY)
    ).encode(),
    "line-separator": (
        CLEAN + record(5, "Two\u2028lines.", STRAY) + "\n" + record(6, extra=STRAY)
    ).encode(),
    "lone-carriage-return": (
        CLEAN + record(5, "Old\rMac.", STRAY) + "\n" + record(6, extra=STRAY)
    ).encode(),
    # Past the head that `read_source` checks: only the reading of the whole finds it.
    "not-decodable": (
        "".join(record(n) + "\n" for n in range(1, inputs.HEAD_BYTES // 30)).encode()
        + b"TI  - \x81\x8d\x8f\x90\x9d\n"
    ),
}
# Cases whose every chunk reads alone: nothing is read again in the parent.
READ_ALONE = {
    "utf8-bom",
    "cp1252",
    "utf8-that-looks-like-cp1252",
    "crlf",
    "several-blank-lines",
    "no-blank-lines",
    "other-database-records",
    "cut-by-the-end",
    "broken-record",
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("compress", [False, True], ids=["txt", "gz"])
def test_jobs_say_what_one_process_says(
    case: str,
    compress: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)
    monkeypatch.setattr(chunks, "CHUNK_BYTES", 1)  # a cut after every record
    path = write_input(tmp_path, ".txt", CASES[case], compress=compress)
    read_again: list[list[int]] = []  # for each output, the readings in one process
    for to in ("json", "csl"):
        args = ["parse", str(path), "--from", "medline", "--to", to, "-v"]
        serial = run_cli([*args, "--jobs", "1"], capsys)
        if case == "not-decodable":
            assert serial[0] == 3 and "binary file" in serial[2]
        else:
            assert "unclaimed-line" in serial[2]  # messages with line numbers are compared
        with monkeypatch.context() as patched:
            read_again.append(count_whole_reads(patched))
            for count in ("2", "3"):
                assert run_cli([*args, "--jobs", count], capsys) == serial, (to, count)
    # Chunks that read alone are never read again; the others are, in this process.
    assert (not any(read_again)) == (case in READ_ALONE)


def test_a_chunk_cut_where_no_record_ends_is_not_read_alone(
    host: PluginHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Records back to back, no blank line: no record end to cut at, and past
    # `MAX_CHUNK_BYTES` the chunk is cut anyway; it must not read as if it ended there.
    adapter = host.registry.source("medline")
    path = Path("input.txt")
    data = "".join(record(n) for n in range(1, 5)).encode()
    source = inputs.decode(data, name=str(path))
    whole = list(adapter.parse(source))
    assert chunk_by_chunk(adapter, inputs.decode(data, name=str(path)), 1) == whole
    monkeypatch.setattr(chunks, "MAX_CHUNK_BYTES", 64)
    assert chunk_by_chunk(adapter, inputs.decode(data, name=str(path)), 1) is None
    assert read_in_chunks(adapter, inputs.decode(data, name=str(path)), 1) == whole
