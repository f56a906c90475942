"""Inputs: a file, standard input or a string, read as little and as late as possible.

A `Source` knows where its bytes are. Detection only reads the head of a file; an
adapter then either asks for `text` (the whole input decoded, line ends made `\\n`) or
streams the bytes with `open_binary()`, so a multi-gigabyte PubMed baseline file never
has to fit in memory. Gzip-compressed files are read through transparently, with a cap
on the decompressed size so a small `.gz` cannot fill the disk or memory.
"""

from __future__ import annotations

import codecs
import gzip
import io
import sys
import zlib
from functools import cached_property
from pathlib import Path
from typing import IO

from bibnorm.errors import InputError

# Bigger inputs than this are refused, compressed or not.
MAX_INPUT_BYTES = 4 * 1024**3
HEAD_BYTES = 256 * 1024
_GZIP_MAGIC = b"\x1f\x8b"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY = "binary file: expected text (UTF-8, UTF-16 or cp1252)"


class Source:
    """One input: what messages call it, and its content, read when first asked for.

    `name` is the path as the user gave it, `<stdin>` or `<string>`. Build one with
    `read_source(path)`, `decode(data, name=...)` or `Source(name, text)`.
    """

    def __init__(
        self,
        name: str,
        text: str | None = None,
        *,
        path: Path | None = None,
        data: bytes | None = None,
    ) -> None:
        self.name = name
        self.path = path
        self._data = data
        if text is not None:
            self.__dict__["text"] = _normalise_line_ends(text)

    def __repr__(self) -> str:
        return f"Source({self.name!r})"

    @cached_property
    def text(self) -> str:
        """The whole input decoded (BOM, UTF-16, UTF-8 or cp1252), line ends made `\\n`."""
        with self.open_binary() as stream:
            data = stream.read()
        return _normalise_line_ends(decode_bytes(data, self.name))

    def sample_text(self, chars: int) -> str:
        """The first `chars` characters, decoding only the head unless `text` is at hand."""
        if "text" in self.__dict__:
            return self.text[:chars]
        return _normalise_line_ends(decode_bytes(self.head(), self.name, partial=True))[:chars]

    def lines(self) -> list[str]:
        """The text split into lines, without their line ends."""
        return self.text.split("\n")

    def open_binary(self) -> IO[bytes]:
        """A fresh stream of the input's bytes, decompressed if the input is gzip."""
        if self._data is None and self.path is not None:
            raw: IO[bytes] = self.path.open("rb")
        elif self._data is not None:
            raw = io.BytesIO(self._data)
        else:
            raw = io.BytesIO(self.text.encode("utf-8"))
        if raw.read(2) == _GZIP_MAGIC:
            raw.seek(0)
            return io.BufferedReader(_GunzipReader(raw, self.name))
        raw.seek(0)
        return raw

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """The first `size` bytes (decompressed), for detection."""
        with self.open_binary() as stream:
            return stream.read(size)


class _GunzipReader(io.RawIOBase):
    """Decompresses a gzip stream, refusing to give more than `MAX_INPUT_BYTES`.

    Broken compressed data is the user's file, not a bug: it becomes an `InputError`.
    """

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self.raw = raw
        self.gzip = gzip.GzipFile(fileobj=raw)
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
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        # GzipFile leaves a file object it was given open; the file is ours to close.
        self.gzip.close()
        self.raw.close()
        super().close()


def read_source(path: str | Path) -> Source:
    """An input file (or standard input for `-`), checked to be readable text.

    Only the head of a file is read here. Raises `InputError` naming the file for what
    a user can fix: a missing path, a directory, an unreadable, empty, binary or
    oversized file.
    """
    name = str(path)
    if name == "-":
        return decode(sys.stdin.buffer.read(), name="<stdin>")
    file = Path(path)
    if file.is_dir():
        raise InputError("is a directory (give the files in it, or use --recursive)", file=name)
    try:
        size = file.stat().st_size
        with file.open("rb"):
            pass
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if size > MAX_INPUT_BYTES:
        raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB", file=name)
    source = Source(name, path=file)
    _check_head(source, whole=size <= HEAD_BYTES)
    return source


def decode(data: bytes, *, name: str) -> Source:
    """A `Source` for bytes held in memory (standard input, a library call)."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB", file=name)
    source = Source(name, data=data)
    _check_head(source, whole=data[:2] != _GZIP_MAGIC and len(data) <= HEAD_BYTES)
    return source


def from_text(text: str, *, name: str) -> Source:
    """A `Source` for text already decoded."""
    if not text.strip():
        raise InputError("empty input: nothing to parse", file=name)
    return Source(name, text)


def _check_head(source: Source, *, whole: bool) -> None:
    """Refuse binary and empty inputs early, from the head alone.

    `whole` says the head is the entire input, so a blank head means an empty input.
    """
    head = source.head()
    if not any(head.startswith(bom) for bom, _ in _BOMS) and b"\x00" in head[:8192]:
        raise InputError(_BINARY, file=source.name)
    text = decode_bytes(head, source.name, partial=not whole)
    if whole and not text.strip():
        raise InputError("empty input: nothing to parse", file=source.name)


def decode_bytes(data: bytes, name: str, *, partial: bool = False) -> str:
    """Bytes as text: a BOM decides the encoding, else UTF-8, else cp1252.

    `partial` says `data` is a head that may end inside a character.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return codecs.getincrementaldecoder(encoding)().decode(data, final=not partial)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding}: {exc.reason}", file=name) from None
    if b"\x00" in data[:8192]:
        raise InputError(_BINARY, file=name)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial)
    except UnicodeDecodeError:
        pass
    # Windows-saved exports are the common non-UTF-8 case; cp1252 leaves five bytes undefined.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(_BINARY, file=name) from None


def _normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
