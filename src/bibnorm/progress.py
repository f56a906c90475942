"""What a batch run of `bibnorm parse` shows while it runs, and says when it ends.

`RunTally` counts a run's files and records and its warnings by code, and makes the one
summary line printed after a run of several inputs or many records. `ProgressBar` is
the bar on a terminal (tqdm, on standard error): the CLI makes one only when standard
error is a terminal and the user did not turn it off, so logs and pipes never see it,
and feeds it per batch of records or chunk of input, never per record.
"""

from __future__ import annotations

import os
import stat
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from bibnorm.errors import UsageError

# A run of more than one input, or of more records than this, ends with a summary line.
SUMMARY_AFTER_RECORDS = 300
# The bar shows only once a run has gone on this long: a quick run stays quiet.
# `BIBNORM_PROGRESS_DELAY` (seconds) sets another.
BAR_DELAY_SECONDS = 0.5
# Records counted before the bar hears of them: its cost is per batch, not per record.
RECORDS_PER_UPDATE = 128
# The summary names at most this many files of a kind and this many warning codes.
_NAMED = 3
_CODES = 8
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class RunTally:
    """The files and records of one run."""

    inputs: int = 0  # inputs named, directories expanded
    files_read: int = 0  # read to their end (with records or not)
    records_read: int = 0  # records of the inputs read to their end
    records_written: int = 0
    records_failed: int = 0
    failed_files: list[str] = field(default_factory=list)
    files_without_records: list[str] = field(default_factory=list)

    def worth_summing_up(self) -> bool:
        """After several inputs or many records; and after an input without records,
        which `--out-dir` writes no file for: the summary says so."""
        many = self.inputs > 1 or self.records_read + self.records_failed > SUMMARY_AFTER_RECORDS
        return many or bool(self.files_without_records)

    def summary(self, warnings: Counter[str]) -> str:
        """One line: `bibnorm: 3 files read, 1,204 records written, 2 records failed;
        1 file failed: c.txt; 1 file without records: e.txt; warnings: code 3, ...`,
        with the run's `warnings` by code."""
        counts = [
            _count(self.files_read, "file") + " read",
            _count(self.records_written, "record") + " written",
        ]
        if self.records_failed:
            counts.append(_count(self.records_failed, "record") + " failed")
        parts = [", ".join(counts)]
        if self.failed_files:
            parts.append(_named(self.failed_files, "failed"))
        if self.files_without_records:
            parts.append(_named(self.files_without_records, "without records"))
        if warnings:
            parts.append("warnings: " + _by_code(warnings))
        return "bibnorm: " + "; ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _named(files: list[str], what: str) -> str:
    shown = ", ".join(files[:_NAMED])
    more = f" and {len(files) - _NAMED:,} more" if len(files) > _NAMED else ""
    return f"{_count(len(files), 'file')} {what}: {shown}{more}"


def _by_code(warnings: Counter[str]) -> str:
    common = warnings.most_common()
    shown = ", ".join(f"{code} {count:,}" for code, count in common[:_CODES])
    more = f" and {len(common) - _CODES} more codes" if len(common) > _CODES else ""
    return shown + more


def bar_wanted(stream: IO[str], quiet: bool, turned_off: bool) -> bool:
    """Whether a run shows a bar: on a terminal, unless `-q`, `--no-progress` or
    `BIBNORM_NO_PROGRESS` (any value but empty or 0) says not to."""
    if quiet or turned_off or os.environ.get("BIBNORM_NO_PROGRESS", "") not in ("", "0"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced, or closed
        return False


def bar_delay() -> float:
    """Seconds a run goes on before its bar shows: `BIBNORM_PROGRESS_DELAY`, else
    `BAR_DELAY_SECONDS`; a value that is no number of seconds is a usage error."""
    text = os.environ.get("BIBNORM_PROGRESS_DELAY", "").strip()
    if not text:
        return BAR_DELAY_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise UsageError(f"BIBNORM_PROGRESS_DELAY: expected a number of seconds, got {text!r}")
    return seconds


def input_size(name: str) -> int | None:
    """The bytes reading `name` goes through (a gzip file's decompressed size, from its
    trailer), or None when that is not known ahead (standard input, a pipe)."""
    if name == "-":
        return None
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            return None
        with open(name, "rb") as file:
            if file.read(2) != _GZIP_MAGIC or info.st_size < 20:
                return info.st_size
            # The last 4 bytes are the size, modulo 4 GiB: inputs are capped at 4 GiB.
            file.seek(-4, os.SEEK_END)
            return int.from_bytes(file.read(4), "little") or None
    except OSError:
        return None


class ProgressBar:
    """A bar over the whole run on standard error: the bytes of the inputs done (where
    their sizes are known, which gives the fraction and the time left), files done of
    all, records done and their rate. Messages go through `write`, so that the bar never
    garbles them."""

    def __init__(self, stream: IO[str], sizes: Sequence[int | None], delay: float) -> None:
        """`sizes` are the inputs' (None: not known, as for standard input: the bar then
        shows no fraction). The bar shows after `delay` seconds."""
        self.stream = stream
        self.sizes = list(sizes)
        self.files_done = 0
        self.records = 0
        self.bytes_before = 0  # of the inputs done
        self.current = 0  # bytes done of the input being read
        self.started = time.monotonic()
        total = sum(size or 0 for size in self.sizes) if None not in self.sizes else None
        self.bar = _new_bar(stream, total, delay, self._counts())

    def input_bytes(self, done: int) -> None:
        """`done` bytes of the input being read are read (told by the reading and by
        `-j` chunks as they end: the bar keeps the furthest)."""
        size = self._current_size()
        self.current = max(self.current, min(done, size) if size is not None else done)
        self._show()

    def add_records(self, count: int) -> None:
        self.records += count
        self._show()

    def end_input(self) -> None:
        self.bytes_before += self._current_size() or self.current
        self.current = 0
        self.files_done += 1
        self._show()

    def write(self, text: str) -> None:
        """Print `text` (whole lines) above the bar."""
        with self.bar.external_write_mode(file=self.stream):
            self.stream.write(text)

    def close(self) -> None:
        self.bar.close()

    def _current_size(self) -> int | None:
        """The size of the input being read, if known."""
        return self.sizes[self.files_done] if self.files_done < len(self.sizes) else None

    def _counts(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return (
            f"{self.files_done}/{len(self.sizes)} files, {self.records:,} records, "
            f"{self.records / elapsed:,.0f} records/s"
        )

    def _show(self) -> None:
        self.bar.set_postfix_str(self._counts(), refresh=False)
        self.bar.update(self.bytes_before + self.current - self.bar.n)


def _new_bar(stream: IO[str], total: int | None, delay: float, counts: str) -> Any:
    """A tqdm bar on `stream` that shows `counts` after `delay` seconds, is cleared when
    closed, and shows a fraction and the time left when `total` (bytes) is known."""
    from tqdm import tqdm  # only a run on a terminal needs it

    sized = _has_width(stream)

    class Bar(tqdm):  # type: ignore[misc]
        # No monitor thread: the run forks `-j` workers, which a thread makes unsafe.
        monitor_interval = 0

    return Bar(
        total=total,
        file=stream,
        leave=False,
        delay=delay,
        postfix=counts,
        miniters=0,  # so that an update of records alone redraws it
        # Follow the terminal's width; one that says it has none (a pseudo-terminal
        # nobody sized, as some containers give) would get no bar at all: 80 columns.
        dynamic_ncols=sized,
        ncols=None if sized else 80,
        nrows=None if sized else 24,
        desc="bibnorm",
        bar_format=(
            "{desc}{postfix} [{elapsed}]"
            if total is None
            else "{desc} |{bar:20}| {percentage:3.0f}%{postfix}, {remaining} left"
        ),
    )


def _has_width(stream: IO[str]) -> bool:
    """Whether the terminal `stream` writes to says how wide it is."""
    try:
        return os.get_terminal_size(stream.fileno()).columns > 0
    except (AttributeError, OSError, ValueError):
        return False
