"""bibnorm: PubMed records as people hold them on disk, made into clean, validated data.

The library in five calls::

    import bibnorm
    result = bibnorm.parse_file("samples/pubmed-text/35743275.txt")
    record = result.records[0]
    items = bibnorm.to_csl(record, with_related=True)   # CSL-JSON items
    bibnorm.write(result.records, sys.stdout, to="json")  # validated bibnorm JSON

Many files, as the command line reads them: `parse_many` gives one `InputOutcome` per
input (records, failed records, diagnostics, and the error that stopped it, if any) and
never stops at a bad input::

    for outcome in bibnorm.parse_many(["saved-pages/"], recursive=True):
        print(outcome.file, outcome.ok, len(outcome.records), outcome.error)

Records are whole unless asked for less: `parse_file(path, demand=bibnorm.CITATION)`
reads only what a citation shows (see `bibnorm.demand`), as `--to csl` does.

Nothing here prints or exits; errors are `bibnorm.BibnormError` subclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from bibnorm import batch, inputs, pipeline
from bibnorm.batch import InputOutcome
from bibnorm.demand import CITATION, FULL, Demand
from bibnorm.errors import (
    BibnormError,
    DuplicateNameError,
    InputError,
    PluginError,
    UnrecognisedFormatError,
    UsageError,
)
from bibnorm.hookspecs import hookimpl
from bibnorm.manager import PluginHost, create_host
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    DateParts,
    Deletion,
    Diagnostic,
    FailedRecord,
    Identifier,
    ParseResult,
    Person,
    Provenance,
    Record,
)
from bibnorm.pipeline import Rejection
from bibnorm.registry import JSONItem, WriteOptions

__version__ = "0.1.0"

__all__ = [
    "CITATION",
    "FULL",
    "Abstract",
    "AbstractSection",
    "BibnormError",
    "Citation",
    "DateParts",
    "Deletion",
    "Demand",
    "Diagnostic",
    "DuplicateNameError",
    "FailedRecord",
    "Identifier",
    "InputError",
    "InputOutcome",
    "ParseResult",
    "Person",
    "PluginError",
    "PluginHost",
    "Provenance",
    "Record",
    "Rejection",
    "UnrecognisedFormatError",
    "UsageError",
    "__version__",
    "create_host",
    "hookimpl",
    "iter_records",
    "parse",
    "parse_file",
    "parse_many",
    "to_csl",
    "write",
]


def parse(
    text: str | bytes,
    *,
    format: str | None = None,
    name: str = "<string>",
    host: PluginHost | None = None,
    demand: Demand = FULL,
) -> ParseResult:
    """Parse text (or raw bytes, decoded as files are) held in memory.

    :param format: an adapter name (`pubmed-text` ...); None detects the format.
    :param name: what diagnostics and provenance call the input.
    :param host: the plugins to use; None loads them as the command line does.
    :param demand: what the caller reads of each record. `FULL` (the default) gives
        whole records; `CITATION` lets sources skip what a citation does not show (MeSH,
        grants, history, affiliations, references, `extra`), and the fields read have
        the same values either way. See `bibnorm.demand`.
    """
    if isinstance(text, bytes):
        source = inputs.decode(text, name=name)
    else:
        source = inputs.from_text(text, name=name)
    source.demand = demand
    return pipeline.parse_source(source, host or create_host(), format=format)


def parse_file(
    path: str | Path,
    *,
    format: str | None = None,
    host: PluginHost | None = None,
    demand: Demand = FULL,
) -> ParseResult:
    """Parse one file; `-` reads standard input. `demand` as for `parse`: whole records
    by default."""
    return pipeline.parse_path(path, host or create_host(), format=format, demand=demand)


def iter_records(
    paths: str | Path | Iterable[str | Path],
    *,
    format: str | None = None,
    host: PluginHost | None = None,
    demand: Demand = FULL,
) -> Iterator[Record]:
    """The records of one or many files, in order: the simple case, for inputs you
    trust. `demand` as for `parse`: whole records by default.

    It skips, without a word: failed records (parts of an input that could not be read
    as a record), deletions (PubMed's `DeleteCitation`), and the diagnostics about an
    input as a whole (text cleaned while decoding; an input in which no record was
    found simply gives none). Each record keeps its own diagnostics.

    It stops at the first input that cannot be read whole, raising its `BibnormError`
    (`InputError` for a missing, empty or binary file, `UnrecognisedFormatError`,
    `PluginError`), after the records of the inputs before it and none of its own. A
    directory is not expanded. `parse_many` reports all of this per input and goes on.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    host = host or create_host()
    for path in paths:
        yield from pipeline.parse_path(path, host, format=format, demand=demand).records


def parse_many(
    paths: str | Path | Iterable[str | Path],
    *,
    recursive: bool = False,
    format: str | None = None,
    host: PluginHost | None = None,
    demand: Demand = FULL,
) -> Iterator[InputOutcome]:
    """Parse many inputs as `bibnorm parse` does: one `InputOutcome` per input, in order,
    each yielded once that input has been read.

    :param paths: files, `-` for standard input, and with `recursive` directories,
        whose files are read in sorted order (those whose name starts with a dot left
        out; a directory with no files gives an outcome with an `InputError`). Without `recursive` a
        directory is an input that cannot be read, as on the command line.
    :param format, host, demand: as for `parse`, for every input.

    Nothing wrong with one input stops the others: an unreadable file, a format no
    adapter claims and a plugin's bug (`PluginError`, exit status 4 on the command line)
    become that input's `error`, and the iteration goes on. `outcome.ok` says whether an
    input was read whole with nothing failed. Raises `UsageError` at once, before any
    input is read, for an unknown `format`.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    host = host or create_host()
    if format is not None:
        pipeline.adapter_named(format, host)  # the caller's mistake, for every input: raised now
    return batch.read_inputs(paths, host, recursive=recursive, format=format, demand=demand)


def to_csl(records: Record | Iterable[Record], *, with_related: bool = False) -> list[JSONItem]:
    """CSL-JSON items for records, each id unique among them; `with_related` adds their
    similar, cited-by and references."""
    from bibnorm.csl import record_to_csl, unique_ids

    if isinstance(records, Record):
        records = [records]
    items = (
        item for record in records for item in record_to_csl(record, with_related=with_related)
    )
    return list(unique_ids(items))


def write(
    records: Iterable[Record],
    stream: IO[str],
    *,
    to: str = "json",
    with_related: bool = False,
    host: PluginHost | None = None,
) -> list[Rejection]:
    """Validate records and write those that pass to `stream` in format `to`.

    :return: the records left out because an item failed the writer's schema, each with
        diagnostics that carry the JSON path of the problem. The others are written.
    """
    host = host or create_host()
    writer = pipeline.writer_named(to, host)
    result = ParseResult(file="<records>", format="", records=tuple(records))
    rendered = pipeline.render([result], writer, WriteOptions(with_related=with_related))
    writer.dump(rendered.items, stream)
    return rendered.rejected
