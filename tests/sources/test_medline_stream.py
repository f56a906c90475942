"""The `medline` adapter reads files as a stream: same records as the text in memory,
whatever the encoding, line ends or chunk boundaries, without decoding the file whole,
and holding no more of the input than the record it builds and the piece it cuts."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_data import SHARED_ROOT, shared_path

from bibnorm.errors import InputError
from bibnorm.inputs import Source, decode_bytes
from bibnorm.model import FailedRecord, Record
from bibnorm.sources.medline import medline_lines
from bibnorm.sources.medline.medline import MedlineAdapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(
    p for p in (REPO_ROOT / "samples" / "medline").iterdir() if p.suffix in (".txt", ".nbib")
)
CORPUS_FOLDER = SHARED_ROOT / "corpus" / "medline"
# Named at collection; a missing corpus still collects one case, which skips (or fails
# under CI=true) in `shared_path`.
CORPUS_NAMES = (
    sorted(p.name for p in CORPUS_FOLDER.iterdir() if p.is_file())
    if CORPUS_FOLDER.is_dir()
    else ["<no corpus>"]
)
ADAPTER = MedlineAdapter()

# Two records, a broken block, continuations, an indented tag-like line, a stray line,
# and non-ASCII text.
MIXED = (
    "PMID- 99000001\n"
    "TI  - Müller's first title, which goes\n"
    "      on over a second line.\n"
    "AB  - BACKGROUND: Some text.\n"
    "      AU  - looks like a tag, continues the abstract.\n"
    "AU  - Müller K\n"
    "no tag on this line\n"
    "\n"
    "LA  - eng\n"
    "STAT- a block without a PMID or anything to cite it by\n"
    "\n"
    "PMID- 99000002\n"
    "TI  - Second.\n"
    "PMID- 99000003\n"
    "TI  - Back to back, without a blank line.\n"
)


def parse(source: Source) -> list[Record | FailedRecord]:
    items = list(ADAPTER.parse(source))
    assert all(isinstance(i, Record | FailedRecord) for i in items)
    return items  # type: ignore[return-value]


def in_memory(data: bytes, name: str) -> list[Record | FailedRecord]:
    """What the adapter reads from the input decoded whole, as `Source.text` does."""
    return parse(Source(name, decode_bytes(data, name)))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_a_file_gives_the_records_its_text_gives(path: Path) -> None:
    data = path.read_bytes()
    source = Source(str(path), path=path)
    assert parse(source) == in_memory(data, str(path))
    # Streamed: the whole text was never built.
    assert "text" not in vars(source)


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_NAMES)
@pytest.mark.parametrize("chunk_chars", [61, None], ids=["chunk-61", "chunk-default"])
def test_a_corpus_file_streamed_gives_the_records_and_messages_of_its_whole_text(
    name: str, chunk_chars: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shared_path("corpus", "medline", name)
    if chunk_chars is not None:
        # Pieces that end inside records, continuation lines and `\r\n` pairs.
        monkeypatch.setattr(medline_lines, "_CHUNK_CHARS", chunk_chars)
        monkeypatch.setattr(medline_lines, "_CHUNK_BYTES", chunk_chars)
    streamed = Source(name, path=path)
    whole = Source(name, decode_bytes(path.read_bytes(), name))
    assert parse(streamed) == parse(whole)  # records, failed blocks, diagnostics, spans
    assert streamed.diagnostics == whole.diagnostics  # what cleaning the text found
    assert "text" not in vars(streamed)


class _GeneratedBytes(io.RawIOBase):
    """Bytes handed out as read from a generator, counting how many were handed out."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.pending = b""
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if not self.pending:
            self.pending = next(self.chunks, b"")
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        self.given += size
        return size


class GeneratedSource(Source):
    """An input made record by record as it is read, never held anywhere whole; every
    `open_binary` starts a new stream of it, kept in `streams`."""

    def __init__(self, records: list[bytes]) -> None:
        super().__init__("generated.txt")
        self.records = records
        self.streams: list[_GeneratedBytes] = []

    def open_binary(self) -> io.BufferedReader:
        stream = _GeneratedBytes(iter(self.records))
        self.streams.append(stream)
        return io.BufferedReader(stream)

    def whole_bytes(self) -> bytes:
        raise AssertionError("the medline adapter read the input whole")


def generated_records(count: int, separator: str) -> list[bytes]:
    record = (
        "PMID- {pmid}\n"
        "TI  - Record {pmid}, whose title goes on\n"
        "      over a second line.\n"
        "AU  - Smith J\n"
    )
    return [(record.format(pmid=40_000_001 + n) + separator).encode() for n in range(count)]


@pytest.mark.parametrize("separator", ["\n", ""], ids=["blank-line", "back-to-back"])
def test_the_adapter_holds_no_more_of_the_input_than_a_piece_ahead(
    separator: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunk_chars = 4096
    monkeypatch.setattr(medline_lines, "_CHUNK_CHARS", chunk_chars)
    monkeypatch.setattr(medline_lines, "_CHUNK_BYTES", chunk_chars)
    records = generated_records(20_000, separator)  # about 2 MB
    source = GeneratedSource(records)
    released = 0  # the bytes of the records given out so far
    most_ahead = 0
    read = 0
    for read, item in enumerate(ADAPTER.parse(source), 1):
        assert isinstance(item, Record)
        assert item.identifier("pmid") == str(40_000_000 + read)
        released += len(records[read - 1])
        # The stream being cut into records: the encoding check read one stream whole
        # before, and dropped it.
        most_ahead = max(most_ahead, source.streams[-1].given - released)
    assert read == len(records)
    assert "text" not in vars(source)
    # A piece of text, what the text and byte buffers read ahead of it (8 KiB each), and
    # the record being cut; never the ~2 MB of the input.
    assert most_ahead < chunk_chars + 2 * io.DEFAULT_BUFFER_SIZE + 2 * len(records[0])
    assert sum(map(len, records)) > 50 * most_ahead


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16"),
        pytest.param(lambda text: text.encode("cp1252"), id="cp1252"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda text: text.replace("\n", "\r").encode(), id="cr"),
        pytest.param(lambda text: text.rstrip("\n").encode(), id="no-last-line-end"),
        pytest.param(lambda text: gzip.compress(text.encode()), id="gzip"),
    ],
)
@pytest.mark.parametrize("chunk_chars", [3, 64, 1024 * 1024], ids=lambda n: f"chunk-{n}")
def test_bytes_give_the_records_their_text_gives(
    encode: object, chunk_chars: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks put line ends, `\r\n` pairs and characters on chunk boundaries.
    monkeypatch.setattr(medline_lines, "_CHUNK_CHARS", chunk_chars)
    monkeypatch.setattr(medline_lines, "_CHUNK_BYTES", chunk_chars)
    data = encode(MIXED)  # type: ignore[operator]
    expected = in_memory(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data, "x.txt")
    got = parse(Source("x.txt", data=data))
    assert got == expected
    assert [type(r).__name__ for r in got] == ["Record", "FailedRecord", "Record", "Record"]
    first = got[0]
    assert isinstance(first, Record)
    assert first.title == "Müller's first title, which goes on over a second line"


@pytest.mark.parametrize("count", [2, 3])
def test_streamed_shards_together_give_what_parse_gives(count: int) -> None:
    data = MIXED.replace("\n", "\r\n").encode()
    whole = parse(Source("x.txt", data=data))
    shards = [list(ADAPTER.parse_shard(Source("x.txt", data=data), k, count)) for k in range(count)]
    assert [shards[n % count][n // count] for n in range(len(whole))] == whole
    assert sum(map(len, shards)) == len(whole)


def test_invalid_utf8_after_non_ascii_text_reads_the_whole_file_as_cp1252() -> None:
    # As `Source.text` does: the encoding is one for the whole input, not per record.
    data = MIXED.encode("utf-8") + b"\nPMID- 99000004\nTI  - caf\xe9\n"
    records = [r for r in parse(Source("x.txt", data=data)) if isinstance(r, Record)]
    assert records == [r for r in in_memory(data, "x.txt") if isinstance(r, Record)]
    assert records[0].title is not None and records[0].title.startswith("MÃ¼ller")
    assert records[-1].title == "café"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\xff\xfeP\x00M\x00I", "not valid utf-16", id="truncated-utf-16"),
        pytest.param(b"PMID- 1\nTI  - \x81\n", "binary file", id="undefined-in-cp1252"),
        pytest.param(b"PMID- 1\nTI  - a\x00b\n", "binary file", id="nul-byte"),
    ],
)
def test_undecodable_input_fails_before_any_record(data: bytes, message: str) -> None:
    records = ADAPTER.parse(Source("x.txt", data=data))
    with pytest.raises(InputError, match=message):
        next(records)


def test_a_byte_order_mark_left_in_the_text_is_dropped() -> None:
    # A second BOM after the one that names the encoding, or one in text handed over.
    for source in (
        Source("x.txt", data=b"\xef\xbb\xbf\xef\xbb\xbfPMID- 1\nTI  - A.\n"),
        Source("x.txt", "\ufeffPMID- 1\nTI  - A.\n"),
    ):
        [record] = parse(source)
        assert isinstance(record, Record) and record.identifier("pmid") == "1"
