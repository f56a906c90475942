"""Cutting an input's bytes into chunks of whole records, for worker processes to read.

A big input is split once, by the parent process, at record boundaries found in the raw
bytes with `bytes.find` (never a parser); each worker reads whole chunks, so no byte is
read by two workers, apart from the few bytes of the document's head that every chunk
needs in front of it to read as a document of its own. A compressed input is
decompressed once, as a stream, by the parent.

Where a record ends belongs to the format: a `Boundaries` looks at the start of the input
and says how it splits (a `Document`), or that it should not be split. `XmlBoundaries`
knows PubMed XML; `MedlineBoundaries` knows MEDLINE text, which needs no head and no
tail: a chunk ends after a blank line that a `PMID-` line follows.

Splitting is a fast guess; reading a chunk is where the guess is checked. A chunk cut
inside a record (or after an end tag in a comment, or in a file that is broken anyway)
does not read as a document: its adapter raises `ChunkUnreadable`, and the host reads the
input as one process does from there (see `bibnorm.jobs`). So the splitter decides how
fast the output comes, never what it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Protocol

__all__ = [
    "CHUNK_BYTES",
    "Boundaries",
    "Chunk",
    "ChunkUnreadable",
    "Document",
    "MedlineBoundaries",
    "XmlBoundaries",
    "split",
]

# A chunk holds the records of about this many bytes: many records (a PubMed record is
# 3 to 15 KB), few enough chunks that handing them out costs little next to reading them.
# A worker holds a chunk and what it made of it until the chunk is read: 2 MB chunks
# cost each worker about 12 MB more than 512 KB ones, for 1 to 3 % less CPU.
CHUNK_BYTES = 512 * 1024
# A chunk that found no record end in this many bytes is cut anyway: it will not read
# alone, and the input is then read as one process reads it, in bounded memory.
MAX_CHUNK_BYTES = 64 * 1024 * 1024
# How much of the input's start `Boundaries.document` sees at least.
_START_BYTES = 64 * 1024
_READ_BLOCK = 1024 * 1024
# A record end found too near the end of what was read may have its `>` still unread: the
# search after the next read starts this far back.
_OVERLAP = 1024


class ChunkUnreadable(Exception):
    """A chunk that does not read as a document on its own (`parse_chunk` raises it).

    Not the user's error and not a bug: the host reads the input as one process does
    from the start of this chunk, which gives what the user would see with `--jobs 1`.
    """


@dataclass(frozen=True)
class Chunk:
    """Whole records cut from an input, and what they need around them to read alone.

    `data` are the chunk's bytes and `first_line` the line of the input its first byte
    is on. `head` is the start of the document that the chunk needs before it (XML: the
    declaration, DOCTYPE and root start tag), empty for the first chunk, which holds it;
    `tail` is what ends the document after it (XML: the root's end tag), empty for the
    last chunk. `index` counts the input's chunks from 0. `last` says the input ends with
    this chunk: any other chunk ends where `next_cut` found a record end, unless none was
    found in `MAX_CHUNK_BYTES` (a format without a tail checks it has one). `offset` is
    where `data` starts in the input's (decompressed) bytes.
    """

    index: int
    first_line: int
    data: bytes
    head: bytes = b""
    tail: bytes = b""
    last: bool = False
    offset: int = 0


@dataclass(frozen=True)
class Document:
    """How one input splits: the `head` and `tail` its chunks need around them, and
    `next_cut(data, start)`, the first place at or after `start` in `data` where a chunk
    may end and the next begin (-1 if there is none in `data`)."""

    head: bytes
    tail: bytes
    next_cut: Callable[[bytes, int], int]


class Boundaries(Protocol):
    """Where the inputs of one format may be cut into chunks."""

    def document(self, start: bytes) -> Document | None:
        """How the input beginning with `start` (at least 64 KB of it, or all) splits, or
        None when it should be read whole: a shape the boundaries do not know."""
        ...


def split(stream: IO[bytes], boundaries: Boundaries, size: int = CHUNK_BYTES) -> Iterator[Chunk]:
    """The input in `stream`, in chunks of `size` bytes and up to the next record end;
    nothing when `boundaries` says the input should be read whole.

    Raises what reading the stream raises (`InputError` for broken gzip data).
    """
    buffer = stream.read(max(size, _START_BYTES))
    document = boundaries.document(buffer)
    if document is None:
        return
    index, first_line, offset, at_end = 0, 1, 0, False
    while True:
        search_from = size
        cut = document.next_cut(buffer, search_from)
        while cut < 0 and not at_end and len(buffer) < MAX_CHUNK_BYTES:
            block = stream.read(_READ_BLOCK)
            at_end = not block
            search_from = max(search_from, len(buffer) - _OVERLAP)
            buffer += block
            cut = document.next_cut(buffer, search_from)
        if cut < 0 and at_end:
            head = document.head if index else b""
            yield Chunk(index, first_line, buffer, head=head, last=True, offset=offset)
            return
        if cut < 0:
            cut = len(buffer)  # no record end in MAX_CHUNK_BYTES: see the constant
        data, buffer = buffer[:cut], buffer[cut:]
        head = document.head if index else b""
        yield Chunk(index, first_line, data, head, document.tail, offset=offset)
        index += 1
        first_line += data.count(b"\n")
        offset += len(data)
        if len(buffer) < size and not at_end:
            more = stream.read(size - len(buffer))
            at_end = len(more) < size - len(buffer)
            buffer += more


# --- XML -------------------------------------------------------------------------------

# What comes before the root element: white space, the declaration, processing
# instructions, comments and the DOCTYPE (its internal subset ends with `]` and `>`).
_PROLOG_PART = re.compile(
    rb"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.DOTALL
)
# The root element's start tag: its name, attributes (a quoted value may hold `>`), end.
_START_TAG = re.compile(rb"""<([A-Za-z_][\w.:-]*)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*>""")
_UTF8_BOM = b"\xef\xbb\xbf"
_SPACE = b" \t\r\n"


class XmlBoundaries:
    """Record boundaries in an XML document whose root holds a run of records.

    `records` maps the root element's name to the names of the elements that are one
    record each under it. A chunk ends just after a record's end tag (`</Name>`, white
    space allowed before `>`); a start tag is never looked for, so `<PubmedArticleSet>`
    and the attributes of a record's start tag are no matter.
    """

    def __init__(self, records: dict[str, tuple[str, ...]]) -> None:
        self.records = {
            root.encode(): tuple(b"</" + name.encode() for name in names)
            for root, names in records.items()
        }

    def document(self, start: bytes) -> Document | None:
        """The root's start (and all before it) as the head, its end tag as the tail;
        None when the root is not one of `records` or is not found in `start`."""
        position = len(_UTF8_BOM) if start.startswith(_UTF8_BOM) else 0
        while part := _PROLOG_PART.match(start, position):
            position = part.end()
        root = _START_TAG.match(start, position)
        if root is None or root.group(1) not in self.records:
            return None
        end_tags = self.records[root.group(1)]
        return Document(
            head=start[: root.end()],
            tail=b"</" + root.group(1) + b">",
            next_cut=lambda data, at: _next_end(data, at, end_tags),
        )


def _next_end(data: bytes, start: int, end_tags: tuple[bytes, ...]) -> int:
    """The position just after the first of `end_tags` that closes at or after `start`."""
    best = -1
    for end_tag in end_tags:
        at = start
        while (at := data.find(end_tag, at)) >= 0 and (best < 0 or at < best):
            after = at + len(end_tag)
            while after < len(data) and data[after] in _SPACE:
                after += 1
            if data[after : after + 1] == b">":
                best = after + 1
                break
            at = after  # another name that starts alike (`</PubmedArticleSet>`), or cut off
    return best


# --- MEDLINE ---------------------------------------------------------------------------

# A record's `PMID-` line after a blank line, with either line end; a cut goes after the
# blank line. A blank line ends a record wherever it is, so the cut never splits one.
_MEDLINE_CUTS = (b"\n\nPMID-", b"\r\n\r\nPMID-")
_MEDLINE_RECORD = b"PMID-"
# Encodings whose line ends and tags are not these bytes: such an input is read whole.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


class MedlineBoundaries:
    """Record boundaries in MEDLINE text (`efetch rettype=medline`, `.nbib`): a chunk
    ends after a blank line that a `PMID-` line follows.

    Text in UTF-16 or UTF-32 (a NUL in the start says so, with or without a byte-order
    mark) and text without a `PMID-` line in its start (another database's export,
    which has no mark to cut before) are read whole.
    """

    def document(self, start: bytes) -> Document | None:
        """A document with no head and no tail, or None for a shape read whole."""
        if start.startswith(_WIDE_BOMS) or b"\x00" in start:
            return None
        text = start.removeprefix(_UTF8_BOM)
        if not text.startswith(_MEDLINE_RECORD) and b"\nPMID-" not in text:
            return None
        return Document(head=b"", tail=b"", next_cut=_next_medline_record)


def _next_medline_record(data: bytes, start: int) -> int:
    """Where the first `PMID-` line after a blank line at or after `start` begins."""
    found = [
        at + len(cut) - len(_MEDLINE_RECORD)
        for cut in _MEDLINE_CUTS
        if (at := data.find(cut, start)) >= 0
    ]
    return min(found, default=-1)
