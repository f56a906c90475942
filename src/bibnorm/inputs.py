"""Inputs: a file, a pipe, standard input or a string, read as little and as late as possible.

A `Source` knows where its bytes are. Detection only reads the head of a file; an
adapter then either asks for `text` (the whole input decoded, line ends made `\\n`),
streams decoded text with `text_pieces()`, or streams the bytes with `open_binary()`,
so a multi-gigabyte PubMed baseline file never has to fit in memory.

A regular file is reopened by path whenever it is read again. Anything else (a pipe,
`<(zcat x.gz)`, a FIFO, `/dev/stdin`, `-`) can be read only once, so it is copied as it
is read into a spool we own: an anonymous temporary file, which the system deletes even
if the process is killed, read again through fresh handles. Nothing seeks a stream it
did not open itself.

Gzip-compressed inputs are read through transparently, with a cap on the decompressed
size and on the compression ratio, so a small `.gz` cannot fill the disk or memory.
Text read whole has a cap of its own (`max_text_bytes`, `--max-input-mb`).

Decoding cleans the text once, for every adapter: U+2028, U+2029 and NEL end lines as
`\\n` does, NUL and the other C0 controls (but tab, line feed, carriage return and form
feed) are removed, and UTF-16 without a byte-order mark is recognised; each is reported
in `Source.diagnostics`.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import stat
import sys
import tempfile
import threading
import zlib
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import IO

from bibnorm.demand import FULL, Demand
from bibnorm.errors import InputError
from bibnorm.model import Diagnostic

# Bigger inputs than this are refused, compressed or not, streamed or spooled.
MAX_INPUT_BYTES = 4 * 1024**3
# Text that must be read whole (`Source.text`) is refused past this, by default. PubMed
# saves at most 10,000 records a file (~23 MB as MEDLINE at the corpus's 2.3 KB a record):
# 512 MiB is twenty times that, and text and its lines cost 3x their bytes in memory
# (100 MB of text peaked at 306 MB), so about 1.5 GB before an adapter's own share.
DEFAULT_MAX_TEXT_MB = 512
# A gzip stream that has given more than this many bytes per compressed byte read is
# refused, once past the floor. Real bibliographic text and XML compress far less: the
# 242 corpus and sample files at gzip -9 measure 1.9:1 to 11.7:1 (median 4.5:1), PubMed's
# baseline XML 8-10:1; 100:1 is eight times the best of them. The floor keeps small
# files out of it (a short file of one repeated line may well compress 100:1).
MAX_GZIP_RATIO = 100
GZIP_RATIO_FLOOR = 16 * 1024**2
HEAD_BYTES = 256 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
# What a gzip stream adds to data it cannot compress, at most, in practice.
_GZIP_OVERHEAD = 64 * 1024
_SPOOL_CHUNK = 1024 * 1024
_CHUNK_BYTES = 1024 * 1024
_CHUNK_CHARS = 1024 * 1024
# How much of the head the binary and UTF-16 checks look at.
_PROBE_BYTES = 8192
# What `_decode_all` decodes at a time, only to check the input decodes.
_VALIDATE_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY = "binary file: expected text (UTF-8, UTF-16 or cp1252)"
_UTF16_UNSURE = (
    "looks like UTF-16 without a byte-order mark, but does not read as UTF-16 cleanly; "
    "save it as UTF-8 (or as UTF-16 with a byte-order mark)"
)

# Unicode's line and paragraph separators and NEL end lines, as `\n` does.
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")
# C0 controls but tab, line feed, form feed and carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0e-\x1f]")
_SEPARATOR_CHARS = "\u2028\u2029\x85"
_CONTROL_CHARS = [chr(code) for code in range(32) if _CONTROLS.match(chr(code))]
# How many control characters a diagnostic places by line and column.
_PLACED = 5


class Source:
    """One input: what messages call it, and its content, read when first asked for.

    `name` is the path as the user gave it, `<stdin>` or `<string>`. Build one with
    `read_source(path)`, `decode(data, name=...)` or `Source(name, text)`.
    `max_text_bytes` caps what `text` reads whole (None: `DEFAULT_MAX_TEXT_MB`).
    `diagnostics` gathers what decoding found in the input (control characters removed,
    UTF-16 without a byte-order mark, Unicode line separators), each code once.
    `demand` is what the output reads of each record (`bibnorm.demand`): an adapter may
    skip the rest, and one that ignores it reads whole records, as by default.
    """

    def __init__(
        self,
        name: str,
        text: str | None = None,
        *,
        path: Path | None = None,
        data: bytes | None = None,
        max_text_bytes: int | None = None,
    ) -> None:
        self.name = name
        self.path = path
        self.max_text_bytes = max_text_bytes
        self.diagnostics: list[Diagnostic] = []
        self.demand: Demand = FULL
        # How far into the input a reading has got (decompressed bytes), for a progress
        # bar; counted only when `count_reads` is set, and never for detection's head or
        # the encoding check, which read ahead of the records.
        self.count_reads = False
        self.bytes_read = 0
        self._data = data
        self._spool: _Spool | None = None
        self._encoding: str | None = None
        if text is not None:
            self.__dict__["text"] = self._clean_whole(text)

    def __repr__(self) -> str:
        return f"Source({self.name!r})"

    def note(self, diagnostic: Diagnostic) -> None:
        """Keep `diagnostic` about the input, unless one of its code is kept already."""
        if all(kept.code != diagnostic.code for kept in self.diagnostics):
            self.diagnostics.append(diagnostic)

    @cached_property
    def text(self) -> str:
        """The whole input decoded (BOM, UTF-16, UTF-8 or cp1252) and cleaned, line ends
        made `\\n`. Raises `InputError` past `max_text_bytes`."""
        text, note = _decode(self.whole_bytes(), self.name)
        if note is not None:
            self.note(note)
        return self._clean_whole(text)

    def whole_bytes(self) -> bytes:
        """All the input's bytes (decompressed), for a format that must read them whole:
        `InputError` past `text_limit`, refused before reading when the size says so."""
        limit = self.text_limit
        if self._raw_size() > limit + _GZIP_OVERHEAD:
            # gzip never makes data much smaller than it was.
            raise InputError(_too_big_for_text(limit), file=self.name)
        with self.open_binary() as stream:
            return _read_whole(stream, limit, self.name)

    @property
    def text_limit(self) -> int:
        """The most bytes `text` reads whole."""
        if self.max_text_bytes is not None:
            return self.max_text_bytes
        return DEFAULT_MAX_TEXT_MB * 2**20

    def sample_text(self, chars: int) -> str:
        """The first `chars` characters, decoding only the head unless `text` is at hand."""
        if "text" in self.__dict__:
            return self.text[:chars]
        text, _ = _decode(self.head(), self.name, partial=True)
        # Cleaned as `text` will be, so detection sees what the adapter will; what the
        # cleaning finds is reported once the input is read.
        return _Cleaner().clean(_normalise_line_ends(text))[:chars]

    def lines(self) -> list[str]:
        """The text split into lines, without their line ends."""
        return self.text.split("\n")

    def text_pieces(
        self, chunk_chars: int = _CHUNK_CHARS, chunk_bytes: int = _CHUNK_BYTES
    ) -> Iterator[str]:
        """The text in pieces of whole lines, each without its last line end, decoded and
        cleaned as `text` is; a byte order mark starting the text is dropped.

        Text already in memory is one piece; bytes are streamed in chunks, never held
        whole, and what cleaning found joins `diagnostics` when the stream ends.
        """
        if "text" in vars(self):
            # Decoded already (given as text, or read by someone else): use it.
            yield self.text.removeprefix("\ufeff")
            return
        encoding = self._stream_encoding(chunk_bytes)
        cleaner = _Cleaner()
        with self.open_binary() as stream:
            # Universal newlines make `\r\n` and a lone `\r` a line end, as `text` does,
            # also where one falls on a chunk boundary.
            reader = io.TextIOWrapper(stream, encoding=encoding, newline=None)
            chunk = reader.read(chunk_chars).removeprefix("\ufeff")
            rest = ""  # the start of a line the next chunk ends
            while chunk:
                text = rest + cleaner.clean(chunk)
                cut = text.rfind("\n")
                if cut == -1:
                    rest = text
                else:
                    yield text[:cut]
                    rest = text[cut + 1 :]
                chunk = reader.read(chunk_chars)
            yield rest
        for diagnostic in cleaner.diagnostics():
            self.note(diagnostic)

    def stream_encoding(self) -> str:
        """The encoding `text_pieces` decodes the input with, for a reader that decodes a
        part of its bytes itself (a `--jobs` worker). Decodes the whole input once per
        process; raises `InputError` for one that cannot be decoded."""
        return self._stream_encoding(_CHUNK_BYTES)

    def open_binary(self) -> IO[bytes]:
        """A fresh stream of the input's bytes, decompressed if the input is gzip."""
        stream = self._open_plain()
        if not self.count_reads:
            return stream
        return io.BufferedReader(_PositionReader(stream, self))

    def _open_uncounted(self) -> IO[bytes]:
        """`open_binary`, for a reading that is not the records' (detection's head, the
        encoding check): it does not move `bytes_read`."""
        counting, self.count_reads = self.count_reads, False
        try:
            return self.open_binary()
        finally:
            self.count_reads = counting

    def _open_plain(self) -> IO[bytes]:
        raw = self._open_raw()
        # Peeking, not seeking: a stream is read once, from where it starts.
        if raw.peek(2)[:2] == _GZIP_MAGIC:
            return io.BufferedReader(_GunzipReader(raw, self.name))
        return raw

    def _open_raw(self) -> io.BufferedReader:
        if self._spool is not None:
            return self._spool.open()
        if self._data is None and self.path is not None:
            return self.path.open("rb")
        data = self._data if self._data is not None else self.text.encode("utf-8")
        return io.BufferedReader(io.BytesIO(data))

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """The first `size` bytes (decompressed), for detection."""
        with self._open_uncounted() as stream:
            return stream.read(size)

    def _raw_size(self) -> int:
        """The input's size as stored (compressed, if it is), 0 when not known."""
        if self._spool is not None:
            return self._spool.size
        if self._data is not None:
            return len(self._data)
        if self.path is not None:
            try:
                return self.path.stat().st_size
            except OSError:
                return 0
        return 0

    def _clean_whole(self, text: str) -> str:
        cleaner = _Cleaner()
        cleaned = cleaner.clean(_normalise_line_ends(text))
        for diagnostic in cleaner.diagnostics():
            self.note(diagnostic)
        return cleaned

    def _stream_encoding(self, chunk_bytes: int) -> str:
        """The encoding `text` would decode the input with: a BOM decides, then UTF-16
        without one, else UTF-8 when the whole input is valid UTF-8, else cp1252.

        The whole input is decoded once, in chunks, and thrown away: the encoding must be
        known before the first record is handed out, and an input that cannot be decoded
        fails here, before any record, as it does through `text`.
        """
        if self._encoding is not None:
            return self._encoding
        with self._open_uncounted() as stream:
            # The encoding checks need a head of their size, whatever the chunks' size.
            head = stream.read(max(chunk_bytes, _PROBE_BYTES))
            encoding, note = _encoding_of(head, self.name)
            try:
                _decode_all(encoding or "utf-8", head, stream)
            except UnicodeDecodeError as exc:
                if note is not None:
                    raise InputError(_UTF16_UNSURE, file=self.name) from None
                if encoding is not None:
                    message = f"not valid {encoding}: {exc.reason}"
                    raise InputError(message, file=self.name) from None
            else:
                if note is not None:
                    self.note(note)
                self._encoding = encoding or "utf-8"
                return self._encoding
        # Windows-saved exports are the common non-UTF-8 case; cp1252 leaves five bytes undefined.
        with self._open_uncounted() as stream:
            try:
                _decode_all("cp1252", stream.read(chunk_bytes), stream)
            except UnicodeDecodeError:
                raise InputError(_BINARY, file=self.name) from None
        self._encoding = "cp1252"
        return self._encoding


class _Cleaner:
    """Cleans decoded text given in consecutive chunks, remembering where it cleaned.

    Line separators become `\\n`; C0 controls are removed, the first few placed by the
    line and column (1-based, in the input as read) where they stood.
    """

    def __init__(self) -> None:
        self.line = 1  # the line the next chunk starts on
        self.column = 0  # characters of that line given in earlier chunks
        self.separators = 0
        self.first_separator_line: int | None = None
        self.controls = 0
        self.placed: list[tuple[int, int, str]] = []

    def clean(self, text: str) -> str:
        # `in` runs at memory speed where a regular expression's class crawls, and
        # almost every input holds none of these.
        has_separators = any(separator in text for separator in _SEPARATOR_CHARS)
        first = _LINE_SEPARATORS.search(text) if has_separators else None
        if first is not None:
            if self.first_separator_line is None:
                self.first_separator_line = self.line + text.count("\n", 0, first.start())
            text, count = _LINE_SEPARATORS.subn("\n", text)
            self.separators += count
        if not any(control in text for control in _CONTROL_CHARS):
            self._advance(text)
            return text
        for match in islice(_CONTROLS.finditer(text), _PLACED - len(self.placed)):
            self.placed.append((*self._place(text, match.start()), match.group()))
        self._advance(text)
        cleaned, count = _CONTROLS.subn("", text)
        self.controls += count
        return cleaned

    def _place(self, text: str, index: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, index) + 1
        line = self.line + text.count("\n", 0, index)
        column = index - line_start + 1 + (self.column if line_start == 0 else 0)
        return line, column

    def _advance(self, text: str) -> None:
        # Columns count characters as read (a removed control still takes its column).
        newlines = text.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(text) - text.rfind("\n") - 1
        else:
            self.column += len(text)

    def diagnostics(self) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        if self.separators:
            found.append(
                Diagnostic(
                    code="input.line-separator",
                    message=(
                        f"{self.separators} Unicode line separator(s) (U+2028, U+2029 or NEL) "
                        "read as line ends"
                    ),
                    severity="warning",
                    line=self.first_separator_line,
                )
            )
        if self.controls:
            where = ", ".join(
                f"{_char_name(char)} at {line}:{column}" for line, column, char in self.placed
            )
            unplaced = self.controls - len(self.placed)
            more = f", and {unplaced} more" if unplaced else ""
            found.append(
                Diagnostic(
                    code="input.control-characters",
                    message=f"{self.controls} control character(s) removed: {where}{more}",
                    severity="warning",
                    line=self.placed[0][0],
                )
            )
        return found


def cleaning_changes(text: str) -> bool:
    """Whether cleaning decoded `text` would change it (a Unicode line separator, a control
    character): a reader of part of the input cannot report that as a reading of the whole
    does, with the whole input's counts and first places."""
    # `in` runs at memory speed, as in `_Cleaner.clean`.
    return any(char in text for char in _SEPARATOR_CHARS) or any(
        char in text for char in _CONTROL_CHARS
    )


def _char_name(char: str) -> str:
    return "NUL" if char == "\x00" else f"U+{ord(char):04X}"


class _GunzipReader(io.RawIOBase):
    """Decompresses a gzip stream, refusing to give more than `MAX_INPUT_BYTES`, or more
    than `MAX_GZIP_RATIO` bytes per compressed byte once past `GZIP_RATIO_FLOOR`.

    Broken compressed data is the user's file, not a bug: it becomes an `InputError`.
    """

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self.raw = _CountingReader(raw)
        self.gzip = gzip.GzipFile(fileobj=self.raw)
        self.source_name = name
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        try:
            data = self.gzip.read(len(buffer))
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"broken gzip data: {exc}", file=self.source_name) from None
        self.count += len(data)
        if self.count > MAX_INPUT_BYTES:
            limit = MAX_INPUT_BYTES // 2**20
            raise InputError(f"decompresses to more than {limit} MiB", file=self.source_name)
        if self.count > GZIP_RATIO_FLOOR and self.count > MAX_GZIP_RATIO * self.raw.count:
            raise InputError(
                f"decompresses to more than {MAX_GZIP_RATIO} times its compressed size "
                f"({self.raw.count:,} bytes gave {self.count:,} and more): "
                "refused as a likely decompression bomb",
                file=self.source_name,
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        # GzipFile leaves a file object it was given open; the file is ours to close.
        self.gzip.close()
        self.raw.close()
        super().close()


class _PositionReader(io.RawIOBase):
    """Passes a stream's bytes on, telling its source how far a reading has got (the
    furthest of its readings: a reader may start again from the top)."""

    def __init__(self, stream: IO[bytes], source: Source) -> None:
        self.stream = stream
        self.source = source
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        count = self.stream.readinto(buffer)  # type: ignore[attr-defined]
        self.position += count
        self.source.bytes_read = max(self.source.bytes_read, self.position)
        return int(count)

    def close(self) -> None:
        self.stream.close()
        super().close()


class _CountingReader(io.RawIOBase):
    """Passes a stream's bytes on, counting them (the compressed bytes a gzip read)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        self.count += len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


class _Spool:
    """A stream's bytes, copied once into an anonymous temporary file we own.

    `open()` gives independent readers: each keeps its own position and reads with
    `os.pread`, so none disturbs another (or a forked worker's); where there is no
    `pread`, reads take a lock around seek and read.
    """

    def __init__(self, file: IO[bytes], size: int) -> None:
        self.file = file
        self.size = size
        self.lock = threading.Lock()

    def open(self) -> io.BufferedReader:
        return io.BufferedReader(_SpoolReader(self))

    def read_at(self, size: int, position: int) -> bytes:
        if hasattr(os, "pread"):
            return os.pread(self.file.fileno(), size, position)
        with self.lock:  # pragma: no cover - platforms without pread
            self.file.seek(position)
            return self.file.read(size)


class _SpoolReader(io.RawIOBase):
    def __init__(self, spool: _Spool) -> None:
        self.spool = spool
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.spool.read_at(len(buffer), self.position)
        self.position += len(data)
        buffer[: len(data)] = data
        return len(data)


def expand_paths(paths: Iterable[str | Path], recursive: bool) -> Iterator[str | InputError]:
    """The inputs to read, in order: each path as given (`-` stays standard input), or
    with `recursive` the files below a directory, sorted, leaving out hidden ones: those
    whose name, or the name of a folder they are in below it, starts with a dot
    (`.DS_Store`, everything under `.git/`), which no one saves a record as.

    A directory that holds no files gives an `InputError` in its place, so that the
    caller reports it where it stands and goes on. Without `recursive` a directory is
    given as it is: reading it says what to do.
    """
    for path in paths:
        name = str(path)
        if recursive and name != "-" and Path(name).is_dir():
            top = Path(name)
            files = sorted(found for found in top.rglob("*") if _is_listed_file(found, top))
            if not files:
                yield InputError("directory holds no files", file=name)
            yield from (str(file) for file in files)
        else:
            yield name


def _is_listed_file(path: Path, top: Path) -> bool:
    """Whether a file found below the directory `top` is an input: a file, neither
    hidden nor in a hidden folder below `top` (`top` itself may be one: it was named)."""
    hidden = any(part.startswith(".") for part in path.relative_to(top).parts)
    return not hidden and path.is_file()


def read_source(path: str | Path, *, max_text_bytes: int | None = None) -> Source:
    """An input file (or standard input for `-`), checked to be readable text.

    Only the head of a regular file is read here; a pipe, FIFO, character device or
    standard input is read whole into a spool (see the module's docstring), here: a
    FIFO with no writer blocks in this call. Raises `InputError` naming the file for
    what a user can fix: a missing path, a directory, an unreadable, empty, binary or
    oversized file.
    """
    name = str(path)
    if name == "-":
        if sys.stdin is None:
            raise InputError("no standard input to read", file="<stdin>")
        spooled = Source("<stdin>", max_text_bytes=max_text_bytes)
        spooled._spool = _spool_stream(sys.stdin.buffer, "<stdin>")
        _check_head(spooled)
        return spooled
    file = Path(path)
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if stat.S_ISDIR(mode):
        raise InputError("is a directory (give the files in it, or use --recursive)", file=name)
    try:
        if stat.S_ISREG(mode):
            source = Source(name, path=file, max_text_bytes=max_text_bytes)
            size = file.stat().st_size
            with file.open("rb"):
                pass
        else:
            # A stream can be read once: keep what it gives. open() of a FIFO waits here
            # for a writer.
            source = Source(name, max_text_bytes=max_text_bytes)
            with file.open("rb", buffering=0) as stream:
                source._spool = _spool_stream(stream, name)
            size = source._spool.size
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if size > MAX_INPUT_BYTES:
        raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB", file=name)
    _check_head(source)
    return source


def _spool_stream(stream: IO[bytes], name: str) -> _Spool:
    """Copy `stream` to its end into an anonymous temporary file, refusing it past
    `MAX_INPUT_BYTES`, or as soon as its start is binary. The file is closed (and gone)
    on any error or interruption."""
    # Not a `with`: the file outlives this call, closed when its `Source` goes.
    file = tempfile.TemporaryFile(prefix="bibnorm-spool-")  # noqa: SIM115
    try:
        size = 0
        start = b""  # the first bytes, checked as soon as there are enough
        while chunk := stream.read(_SPOOL_CHUNK):
            size += len(chunk)
            if size > MAX_INPUT_BYTES:
                raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB", file=name)
            file.write(chunk)
            if len(start) < _PROBE_BYTES:
                start += chunk[: _PROBE_BYTES - len(start)]
                if len(start) == _PROBE_BYTES and not start.startswith(_GZIP_MAGIC):
                    # `/dev/zero` or `/dev/urandom` would fill the disk to the cap.
                    _encoding_of(start, name)
        file.flush()
    except BaseException:
        file.close()
        raise
    return _Spool(file, size)


def decode(data: bytes, *, name: str, max_text_bytes: int | None = None) -> Source:
    """A `Source` for bytes held in memory (standard input, a library call)."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB", file=name)
    source = Source(name, data=data, max_text_bytes=max_text_bytes)
    _check_head(source)
    return source


def from_text(text: str, *, name: str) -> Source:
    """A `Source` for text already decoded."""
    if not text.strip():
        raise InputError("empty input: nothing to parse", file=name)
    return Source(name, text)


def _check_head(source: Source) -> None:
    """Refuse binary and empty inputs early, from the head alone."""
    head = source.head(HEAD_BYTES + 1)
    # One byte more than the head says whether the head is all there is.
    whole = len(head) <= HEAD_BYTES
    text, note = _decode(head[:HEAD_BYTES], source.name, partial=not whole)
    if note is not None:
        source.note(note)
    if whole and not _CONTROLS.sub("", text).strip():
        raise InputError("empty input: nothing to parse", file=source.name)


def _read_whole(stream: IO[bytes], limit: int, name: str) -> bytes:
    """All of `stream`, read in pieces so that one past `limit` is refused having held
    no more than `limit` bytes."""
    data = bytearray()
    while piece := stream.read(_CHUNK_BYTES):
        data += piece
        if len(data) > limit:
            raise InputError(_too_big_for_text(limit), file=name)
    return bytes(data)


def _too_big_for_text(limit: int) -> str:
    size = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit}-byte"
    return f"over the {size} limit for a format read whole (raise it with --max-input-mb)"


def decode_bytes(data: bytes, name: str, *, partial: bool = False) -> str:
    """Bytes as text: a BOM decides the encoding, then UTF-16 without one, else UTF-8,
    else cp1252.

    `partial` says `data` is a head that may end inside a character.
    """
    return _decode(data, name, partial=partial)[0]


def _decode(data: bytes, name: str, *, partial: bool = False) -> tuple[str, Diagnostic | None]:
    """`decode_bytes`, with the diagnostic the encoding calls for (UTF-16 without a BOM)."""
    encoding, note = _encoding_of(data, name)
    if encoding is not None:
        try:
            return codecs.getincrementaldecoder(encoding)().decode(data, final=not partial), note
        except UnicodeDecodeError as exc:
            if note is not None:
                raise InputError(_UTF16_UNSURE, file=name) from None
            raise InputError(f"not valid {encoding}: {exc.reason}", file=name) from None
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial), None
    except UnicodeDecodeError:
        pass
    # Windows-saved exports are the common non-UTF-8 case; cp1252 leaves five bytes undefined.
    try:
        return data.decode("cp1252"), None
    except UnicodeDecodeError:
        raise InputError(_BINARY, file=name) from None


def _encoding_of(head: bytes, name: str) -> tuple[str | None, Diagnostic | None]:
    """The encoding the head of an input names: a BOM's, or UTF-16 without a BOM (with
    a diagnostic saying so), or None for UTF-8-else-cp1252. Raises `InputError` for a
    binary head, or for one that looks like UTF-16 but cannot be told for sure."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, None
    probe = head[:_PROBE_BYTES]
    if b"\x00" not in probe:
        return None, None
    guess = _utf16_guess(probe)
    if guess == "unsure":
        raise InputError(_UTF16_UNSURE, file=name)
    if guess is not None:
        order = "little" if guess.endswith("le") else "big"
        note = Diagnostic(
            code="input.utf16-without-bom",
            message=f"read as UTF-16 ({order}-endian): the file has no byte-order mark",
            severity="warning",
        )
        return guess, note
    # Text with a stray NUL is still text (the NUL is removed and reported); bytes
    # thick with controls are not.
    if len(_CONTROL_BYTES.findall(probe)) * 20 > len(probe):
        raise InputError(_BINARY, file=name)
    return None, None


def _utf16_guess(probe: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the bytes are mostly text of the Latin range in
    UTF-16 (a NUL in every other byte, ten times fewer in the others) and decode as
    text, `unsure` when NULs lean to one side without settling it, else None."""
    pairs = len(probe) // 2
    if pairs < 4:
        return None
    even_nuls = probe[0 : 2 * pairs : 2].count(0)
    odd_nuls = probe[1 : 2 * pairs : 2].count(0)
    most, least = max(even_nuls, odd_nuls), min(even_nuls, odd_nuls)
    encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    if most >= pairs // 2 and least * 10 <= most:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(probe[: 2 * pairs])
        except UnicodeDecodeError:
            return "unsure"
        # Text, not binary numbers that happen to be small: few controls once decoded.
        return encoding if len(_CONTROLS.findall(text)) * 20 <= len(text) else None
    if most * 4 >= pairs and least * 10 <= most:
        return "unsure"
    return None


def _decode_all(encoding: str, head: bytes, stream: IO[bytes]) -> None:
    """Decode `head` and the rest of `stream`, raising UnicodeDecodeError where they fail.

    The text is thrown away; it is made in small pieces, so that it never takes much
    memory: a megabyte of UTF-8 with one character beyond U+FFFF is 4 MB of text, and
    memory that big pieces took is not always given back (it was 20 MB of a worker's).
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    for start in range(0, len(head), _VALIDATE_BYTES):
        decoder.decode(head[start : start + _VALIDATE_BYTES])
    while chunk := stream.read(_VALIDATE_BYTES):
        decoder.decode(chunk)
    decoder.decode(b"", final=True)


def _normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
