"""MEDLINE text as blocks of tagged fields: the line grammar of the `medline` adapter.

    TI  - Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung
          Cancer (NSCLC): Microenvironment and Possible Clinical Implications.

is one field, `TI`, whose value has its continuation line joined with a space and which
spans both lines. The input is read as a stream of lines (`input_lines`), so a file of any
size is parsed in flat memory, and cut into blocks of fields (`read_blocks`). What the
fields become is `medline.py`'s business.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from bibnorm.errors import InputError

# The decoding rules of `Source.text`, applied here to a stream.
from bibnorm.inputs import _BINARY, _BOMS
from bibnorm.model import LineSpan
from bibnorm.registry import Source

_TAG_WIDTH = 4
_TAG = re.compile(r"[A-Z][A-Z0-9]{1,3}")
_CHUNK_BYTES = 1024 * 1024
_CHUNK_CHARS = 1024 * 1024


@dataclass(slots=True)
class TagField:
    """One tagged value of the input: its tag, its value with continuations joined, and
    the lines it spans. `taken` says a rule put it into a record field."""

    tag: str
    value: str
    start: int
    end: int
    taken: bool = False


@dataclass(slots=True)
class Block:
    """The lines of one would-be record, from line number `start` on, read into tagged
    fields; `stray` holds the lines that fit no rule, with their numbers."""

    start: int
    lines: list[str] = field(default_factory=list)
    fields: list[TagField] = field(default_factory=list)
    stray: list[tuple[int, str]] = field(default_factory=list)
    has_pmid: bool = False

    def span(self) -> LineSpan:
        # A block never holds a blank line, so its lines are consecutive.
        return LineSpan(start=self.start, end=self.start + len(self.lines) - 1)


def parse_tag_line(line: str) -> tuple[str, str] | None:
    """`(tag, value)` for a column-anchored tag line (`TI  - Title`), else None."""
    tag = tag_of_head(line[: _TAG_WIDTH + 1])
    if tag is None:
        return None
    return tag, line[_TAG_WIDTH + 1 :].strip()


@functools.lru_cache(maxsize=1024)
def tag_of_head(head: str) -> str | None:
    """The tag of a line's first five characters (`TI  -` gives `TI`), else None.

    Cached: a file has a few dozen distinct heads over millions of lines.
    """
    if len(head) < _TAG_WIDTH + 1 or head[_TAG_WIDTH] != "-":
        return None
    tag = head[:_TAG_WIDTH].rstrip()
    return tag if _TAG.fullmatch(tag) else None


def split_blocks(text: str) -> Iterator[Block]:
    """The blocks of `text`, one at a time (see `read_blocks`)."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    lines[0] = lines[0].removeprefix("\ufeff")
    return read_blocks([lines])


def read_blocks(batches: Iterable[list[str]]) -> Iterator[Block]:
    """The input's lines, given a batch at a time, read into blocks, one at a time.

    A blank line ends a block, and so does a `PMID-` line in a block that already has
    one (records written back to back). A line that starts with white space continues
    the field of the line above, even when it looks like a tag; an indented line after
    no field, and an unindented line that is no tag line, fit no rule and go to `stray`.
    """
    block: Block | None = None
    open_field: TagField | None = None  # the field the previous line belongs to
    number = 0
    for batch in batches:
        for line in batch:
            number += 1
            if not line or line[0].isspace():
                if not line or line.isspace():
                    if block is not None:
                        yield _joined(block)
                        block = open_field = None
                    continue
                if block is None:
                    block = Block(number)
                block.lines.append(line)
                if open_field is not None:
                    open_field.end = number
                else:
                    block.stray.append((number, line))
                continue
            tag = tag_of_head(line[: _TAG_WIDTH + 1])
            if block is None or (tag == "PMID" and block.has_pmid):
                if block is not None:
                    yield _joined(block)
                block = Block(number)
            block.lines.append(line)
            if tag is None:
                block.stray.append((number, line))
                open_field = None
            else:
                open_field = TagField(tag, line[_TAG_WIDTH + 1 :].strip(), number, number)
                block.fields.append(open_field)
                if tag == "PMID":
                    block.has_pmid = True
    if block is not None:
        yield _joined(block)


def _joined(block: Block) -> Block:
    """`block` with the continuation lines of each field joined to its value."""
    for tag_field in block.fields:
        if tag_field.end > tag_field.start:
            # A block holds no blank line: continuation lines follow their tag line.
            first = tag_field.start - block.start + 1
            last = tag_field.end - block.start + 1
            parts = [line.strip() for line in block.lines[first:last]]
            if tag_field.value:
                parts.insert(0, tag_field.value)
            tag_field.value = " ".join(parts)
    return block


# --- reading the input --------------------------------------------------------------------


def input_lines(source: Source) -> Iterator[list[str]]:
    """The lines of `source` without their line ends, a batch at a time, decoded as
    `Source.text` decodes; a byte order mark starting the text is dropped.

    Text already in memory is split whole; a file (or bytes) is streamed in chunks, never
    held whole.
    """
    if "text" in vars(source):
        # Decoded already (given as text, or read by someone else): use it.
        yield source.text.removeprefix("\ufeff").split("\n")
        return
    encoding = stream_encoding(source)
    with source.open_binary() as stream:
        # Universal newlines make `\r\n` and a lone `\r` a line end, as `Source.text` does,
        # also where one falls on a chunk boundary.
        reader = io.TextIOWrapper(stream, encoding=encoding, newline=None)
        chunk = reader.read(_CHUNK_CHARS).removeprefix("\ufeff")
        rest = ""  # the start of a line the next chunk ends
        while chunk:
            lines = (rest + chunk).split("\n")
            rest = lines.pop()
            yield lines
            chunk = reader.read(_CHUNK_CHARS)
        yield [rest]


def stream_encoding(source: Source) -> str:
    """The encoding `Source.text` would decode the input with: a BOM decides, else UTF-8
    when the whole input is valid UTF-8, else cp1252.

    The whole input is decoded once, in chunks, and thrown away: the encoding must be
    known before the first record is handed out, and an input that cannot be decoded
    fails here, before any record, as it does through `Source.text`.
    """
    with source.open_binary() as stream:
        head = stream.read(_CHUNK_BYTES)
        encoding = next((enc for bom, enc in _BOMS if head.startswith(bom)), None)
        if encoding is None and b"\x00" in head[:8192]:
            raise InputError(_BINARY, file=source.name)
        try:
            _decode_all(encoding or "utf-8", head, stream)
        except UnicodeDecodeError as exc:
            if encoding is not None:
                raise InputError(f"not valid {encoding}: {exc.reason}", file=source.name) from None
        else:
            return encoding or "utf-8"
    # Windows-saved exports are the common non-UTF-8 case; cp1252 leaves five bytes undefined.
    with source.open_binary() as stream:
        try:
            _decode_all("cp1252", stream.read(_CHUNK_BYTES), stream)
        except UnicodeDecodeError:
            raise InputError(_BINARY, file=source.name) from None
    return "cp1252"


def _decode_all(encoding: str, head: bytes, stream: IO[bytes]) -> None:
    """Decode `head` and the rest of `stream`, raising UnicodeDecodeError where they fail."""
    decoder = codecs.getincrementaldecoder(encoding)()
    chunk = head
    while chunk:
        decoder.decode(chunk)
        chunk = stream.read(_CHUNK_BYTES)
    decoder.decode(b"", final=True)
