"""Reading an input and finding its format: decode the bytes, sample them, rank adapter scores.

Formats are never chosen by file suffix (`.txt` is shared by half of PubMed's formats):
every adapter scores the first part of the text and the best score wins, ties broken by
adapter name so the result never depends on which plugin loaded first.
"""

from __future__ import annotations

import codecs
import gzip
import io
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

from bibnorm.errors import InputError
from bibnorm.hookspecs import hookimpl
from bibnorm.registry import Registry, Sample, Source

SAMPLE_CHARS = 64 * 1024
# An adapter claims an input when it scores at least this much; below, it only hints.
CLAIM_THRESHOLD = 0.5
# Bigger inputs than this are refused, compressed or not, so a small .gz cannot fill memory.
MAX_INPUT_BYTES = 1024 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_source(path: str | Path) -> Source:
    """Read a file (or standard input for `-`) into a decoded `Source`.

    Raises `InputError` naming the file for what a user can fix: a missing path, a
    directory, an unreadable, empty, binary or oversized file.
    """
    name = str(path)
    if name == "-":
        return decode(sys.stdin.buffer.read(), name="<stdin>")
    file = Path(path)
    if file.is_dir():
        raise InputError("is a directory (give the files in it, or use --recursive)", file=name)
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    return decode(data, name=name, path=file)


def decode(data: bytes, *, name: str, path: Path | None = None) -> Source:
    """Decode raw bytes (gzip, BOMs, UTF-16, UTF-8 or cp1252) into a `Source`."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, name)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB", file=name)
    text, encoding = _decode_text(data, name)
    return from_text(text, name=name, data=data, path=path, encoding=encoding)


def from_text(
    text: str,
    *,
    name: str,
    data: bytes | None = None,
    path: Path | None = None,
    encoding: str = "utf-8",
) -> Source:
    """A `Source` for text already decoded; line ends become `\\n`."""
    if not text.strip():
        raise InputError("empty input: nothing to parse", file=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if data is None:
        data = text.encode("utf-8")
    return Source(name=name, text=text, data=data, path=path, encoding=encoding)


def _gunzip(data: bytes, name: str) -> bytes:
    reader = gzip.GzipFile(fileobj=io.BytesIO(data))
    try:
        out = reader.read(MAX_INPUT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"broken gzip data: {exc}", file=name) from None
    if len(out) > MAX_INPUT_BYTES:
        raise InputError(f"decompresses to more than {MAX_INPUT_BYTES // 2**20} MiB", file=name)
    return out


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding}: {exc.reason}", file=name) from None
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("binary file: expected text (UTF-8, UTF-16 or cp1252)", file=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-saved exports are the common non-UTF-8 case; cp1252 leaves five bytes undefined.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise InputError(
            "binary file: expected text (UTF-8, UTF-16 or cp1252)", file=name
        ) from None


def sample_of(source: Source) -> Sample:
    """The start of an input that adapters score."""
    return Sample(name=source.name, text=source.text[:SAMPLE_CHARS])


def rank(registry: Registry, sample: Sample) -> list[tuple[str, float]]:
    """Every adapter's score for the sample, best first, ties broken by adapter name.

    An adapter whose `sniff` raises or returns something other than a number scores 0:
    detection is no place to stop the whole run for one faulty plugin.
    """
    scores: list[tuple[str, float]] = []
    for name, entry in registry.sources.items():
        try:
            score = float(entry.value.sniff(sample))
        except Exception:  # noqa: BLE001 - a plugin's bug must not stop detection
            score = 0.0
        if score != score:  # NaN
            score = 0.0
        scores.append((name, min(1.0, max(0.0, score))))
    return sorted(scores, key=lambda pair: (-pair[1], pair[0]))


@hookimpl(trylast=True)
def bibnorm_resolve_format(sample: Sample, ranked: Sequence[tuple[str, float]]) -> str | None:
    """The core's decision: the best-scoring adapter, if it scores enough to claim the input."""
    if ranked and ranked[0][1] >= CLAIM_THRESHOLD:
        return ranked[0][0]
    return None
