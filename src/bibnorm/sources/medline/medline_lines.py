"""MEDLINE text as blocks of tagged fields: the line grammar of the `medline` adapter.

    TI  - Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung
          Cancer (NSCLC): Microenvironment and Possible Clinical Implications.

is one field, `TI`, whose value has its continuation line joined with a space and which
spans both lines. The input is read as a stream of text in pieces of whole lines
(`input_text`), so a file of any size is parsed in flat memory, and cut into blocks, one
per would-be record (`read_blocks`). Cutting only looks for blank lines and `PMID-` lines
(and, in runs of lines without a PMID, the lines that start another database's records),
so it is cheap: `parse_shard` cuts the whole input in every process. A block is read into
fields (`Block.read`) only by the process that builds its record. What the fields become
is `medline.py`'s business.

For `--jobs`, the input's bytes are cut once before `PMID-` lines that follow a blank
line (`bibnorm.chunks.MedlineBoundaries`); `chunk_text` decodes one chunk as the whole
input is decoded, and `read_blocks` numbers its lines from the chunk's first line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bibnorm.chunks import Chunk, ChunkUnreadable
from bibnorm.errors import InputError
from bibnorm.inputs import cleaning_changes
from bibnorm.model import LineSpan
from bibnorm.registry import Source

_TAG_WIDTH = 4
_VALUE_COLUMN = _TAG_WIDTH + 1  # the index of what follows the `-`
_TAG = re.compile(r"[A-Z][A-Z0-9]{1,3}")
# The input is decoded in pieces of this many characters. A piece is copied a few times
# on its way to blocks (cleaned, cut at its last line end, cut at blank lines) and takes
# up to 4 bytes a character (2 as soon as one name has a `ł`), so 1 Mi-character pieces
# cost ~11 MiB more peak memory than 64 Ki-character ones (measured on 18 MB of corpus
# records), for the same CPU time. A piece still holds some twenty records.
_CHUNK_CHARS = 64 * 1024
_CHUNK_BYTES = 64 * 1024

# A blank line (white space or nothing), matched from the line end before it. Searching
# for the line end first is what makes the search fast; the possessive `*+` never looks
# at a line's white space twice.
_BLANK_LINE = re.compile(r"\n[^\S\n]*+(?=\n|\Z)")
# A `PMID-` tag line after the first line of a text.
_NEXT_PMID_LINE = "\nPMID-"
# Lines that start a record of another database's export, when a run of lines starts
# with one: ERIC's `OWN - ERIC`, Ovid's record number `<1>`. Records written back to back
# are cut there, as PubMed's are at their `PMID-` line.
_OTHER_RECORD_START = re.compile(r"OWN - [^\n]*|<\d+>[^\S\n]*")
# Ovid's number of a record (`<1>`), on a line of its own.
RECORD_NUMBER_LINE = re.compile(r"<\d+>")


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
    """The lines of one would-be record, joined by line ends, from line number `start` on.

    A block never holds a blank line, so its lines are consecutive.
    """

    start: int
    text: str

    def has_pmid(self) -> bool:
        """Whether a `PMID-` tag line is among the block's lines."""
        return self.text.startswith("PMID-") or _NEXT_PMID_LINE in self.text

    def read(self, skipped: frozenset[str] = frozenset()) -> BlockContent:
        """The block's tagged fields, and the lines that fit no rule with their numbers.

        A line that starts with white space continues the field of the line above, even
        when it looks like a tag; an indented line after no field, and an unindented line
        that is no tag line, fit no rule. The fields of `skipped` tags (and their
        continuation lines) are passed over: no output reads them.
        """
        lines = self.text.split("\n")
        content = BlockContent(LineSpan(start=self.start, end=self.start + len(lines) - 1))
        fields, by_tag = content.fields, content.by_tag
        open_field: TagField | None = None  # the field the previous line belongs to
        continued: list[TagField] = []  # the fields with continuation lines
        no_value: list[TagField] = []  # the fields with nothing after the tag
        for number, line in enumerate(lines, self.start):
            tag = tag_of_head(line[:_VALUE_COLUMN])
            if tag is not None and tag in skipped:
                open_field = _PASSED_OVER
            elif tag is not None:
                open_field = TagField(tag, line[_VALUE_COLUMN:].strip(), number, number)
                fields.append(open_field)
                if (same_tag := by_tag.get(tag)) is not None:
                    same_tag.append(open_field)
                else:
                    by_tag[tag] = [open_field]
                if not open_field.value:
                    no_value.append(open_field)
            elif not line[0].isspace():
                content.stray.append((number, line))
                open_field = None
            elif open_field is _PASSED_OVER:
                continue
            elif open_field is not None:
                if open_field.end == open_field.start:
                    continued.append(open_field)
                open_field.end = number
            else:
                content.stray.append((number, line))
        for tag_field in continued:
            _join_continuations(tag_field, lines, tag_field.start - self.start)
        for tag_field in no_value:
            if not tag_field.value:  # nor a continuation line
                content.drop_empty(tag_field)
        return content


# What the lines of a skipped field belong to while `Block.read` passes over them.
_PASSED_OVER = TagField("", "", 0, 0)


@dataclass(slots=True)
class BlockContent:
    """What a block holds: its tagged fields, in input order and by tag (those with a
    value only), the fields without a value, and the lines that fit no rule, with their
    numbers."""

    span: LineSpan
    fields: list[TagField] = field(default_factory=list)
    by_tag: dict[str, list[TagField]] = field(default_factory=dict)
    empty: list[TagField] = field(default_factory=list)
    stray: list[tuple[int, str]] = field(default_factory=list)

    def drop_empty(self, tag_field: TagField) -> None:
        """Move `tag_field`, which has no value, from `by_tag` to `empty`."""
        self.empty.append(tag_field)
        same_tag = [f for f in self.by_tag[tag_field.tag] if f is not tag_field]
        if same_tag:
            self.by_tag[tag_field.tag] = same_tag
        else:
            del self.by_tag[tag_field.tag]


def _join_continuations(tag_field: TagField, lines: list[str], index: int) -> None:
    """Join to `tag_field`, read from `lines[index]`, the lines that continue it."""
    parts = [
        line.strip() for line in lines[index + 1 : index + 1 + tag_field.end - tag_field.start]
    ]
    if tag_field.value:
        parts.insert(0, tag_field.value)
    tag_field.value = " ".join(parts)


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
    return read_blocks(["\n".join(lines).removeprefix("\ufeff")])


def read_blocks(pieces: Iterable[str], first_line: int = 1) -> Iterator[Block]:
    """The input, given as pieces of whole lines (see `input_text`), cut into blocks, one
    at a time; its first line is numbered `first_line`.

    A blank line ends a block, and so does a `PMID-` line in a block that already has
    one (records written back to back).
    """
    number = first_line  # the number of the first line of `piece`
    run: list[str] = []  # a run of non-blank lines being read, from one piece or more
    run_start = 0  # the number of its first line
    for piece in pieces:
        at = 0  # where the lines of `piece` not yet put in a run start
        line = number  # the number of the line at `at`
        # The line end put before the piece lets its first line be found blank too: a
        # match at `blank.start()` in it is a blank line at `blank.start()` in `piece`.
        for blank in _BLANK_LINE.finditer("\n" + piece):
            if blank.start() > at:
                if not run:
                    run_start = line
                run.append(piece[at : blank.start() - 1])
            if run:
                yield from _cut_at_pmid_lines(run_start, "\n".join(run))
                run = []
            line += piece.count("\n", at, blank.end())
            at = blank.end()  # the start of the line after the blank one
        if at <= len(piece):
            # Lines after the last blank one: the run goes on in the next piece.
            if not run:
                run_start = line
            tail = piece[at:]
            run.append(tail)
            if tail.startswith("PMID-") or _NEXT_PMID_LINE in tail:
                # The blocks before the last PMID line are whole: give them out, so that
                # memory stays flat without blank lines too.
                *whole, last = _cut_at_pmid_lines(run_start, "\n".join(run))
                yield from whole
                run, run_start = [last.text], last.start
        number = line + piece.count("\n", at) + 1
    if run:
        yield from _cut_at_pmid_lines(run_start, "\n".join(run))


def _cut_at_pmid_lines(start: int, run: str) -> Iterator[Block]:
    """The blocks of a run of lines: it is cut before each `PMID-` line that follows
    another one, or, in a run without any, before each line that starts a record as
    the run's first line does (see `_OTHER_RECORD_START`)."""
    if not run.startswith("PMID-") and _NEXT_PMID_LINE not in run:
        yield from _cut_at_other_record_starts(start, run)
        return
    has_pmid = run.startswith("PMID-")  # whether the block being cut has a PMID line
    begin = 0  # where that block starts
    at = run.find(_NEXT_PMID_LINE)
    while at != -1:
        if has_pmid:
            yield Block(start, run[begin:at])
            start += run.count("\n", begin, at) + 1
            begin = at + 1
        has_pmid = True
        at = run.find(_NEXT_PMID_LINE, at + 1)
    yield Block(start, run[begin:])


def _cut_at_other_record_starts(start: int, run: str) -> Iterator[Block]:
    if all(RECORD_NUMBER_LINE.fullmatch(line.strip()) for line in run.split("\n")):
        # Record numbers alone (`<1>` with a blank line after it): a position, no record.
        return
    first = _OTHER_RECORD_START.match(run)
    if first is None or (first.end() < len(run) and run[first.end()] != "\n"):
        yield Block(start, run)
        return
    head = "\nOWN - " if run.startswith("OWN") else "\n<"  # where a next start may be
    begin = 0
    at = run.find(head)
    while at != -1:
        line_end = run.find("\n", at + 1)
        line = run[at + 1 : line_end if line_end != -1 else len(run)]
        if _OTHER_RECORD_START.fullmatch(line):
            yield Block(start, run[begin:at])
            start += run.count("\n", begin, at) + 1
            begin = at + 1
        at = run.find(head, at + 1)
    yield Block(start, run[begin:])


# --- reading the input --------------------------------------------------------------------


def input_text(source: Source) -> Iterator[str]:
    """The text of `source` in pieces of whole lines, each without its last line end,
    decoded and cleaned as `Source.text` is (see `Source.text_pieces`)."""
    return source.text_pieces(_CHUNK_CHARS, _CHUNK_BYTES)


def chunk_text(source: Source, chunk: Chunk) -> str:
    """The text of `chunk` of `source` as one piece for `read_blocks`: decoded as
    `input_text` decodes the whole input, and without the line end that the next
    chunk's first line follows.

    Raises `ChunkUnreadable` where the chunk read alone could differ from the reading of
    the whole input: it was not cut before a `PMID-` line after a blank line (no record
    end was found), or decoding would clean it or end lines at a lone carriage return,
    which only a reading of the whole reports (with every place) and counts lines after.
    An input that cannot be decoded is also read whole, which says why.
    """
    try:
        encoding = source.stream_encoding()
        text = chunk.data.decode(encoding)
    except (InputError, UnicodeDecodeError):
        raise ChunkUnreadable(f"chunk {chunk.index}: not decoded as the input is") from None
    if chunk.index == 0:
        text = text.removeprefix("\ufeff")
    elif chunk.data and not chunk.data.startswith(b"PMID-"):
        raise ChunkUnreadable(f"chunk {chunk.index}: does not start with a PMID line")
    text = text.replace("\r\n", "\n")
    if "\r" in text or cleaning_changes(text):
        raise ChunkUnreadable(f"chunk {chunk.index}: its text needs the whole input's cleaning")
    if chunk.last:
        return text
    if not text.endswith("\n\n"):
        raise ChunkUnreadable(f"chunk {chunk.index}: does not end with a blank line")
    return text[:-1]
