"""Many inputs read as the command line reads them: one outcome per input, in order,
and a bad input never stops the rest.

`read_inputs` is what `bibnorm.parse_many` runs. Each input's outcome holds its records,
its failed records, its deletions, its diagnostics and, when it could not be read
whole, the error that stopped it (`InputOutcome.error`): an unreadable file, a format
no adapter claims, or a plugin's bug (`PluginError`). Only what no input causes is
raised: a bug of bibnorm itself, or Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from bibnorm import inputs, pipeline
from bibnorm.demand import Demand
from bibnorm.errors import BibnormError, InputError
from bibnorm.manager import PluginHost
from bibnorm.model import Deletion, Diagnostic, FailedRecord, Record
from bibnorm.registry import Source, SourceAdapter


@dataclass(frozen=True, kw_only=True)
class InputOutcome:
    """Everything one input gave, and what stopped it if it could not be read whole.

    `file` is the input's name as given (`<stdin>` for `-`); `format` the adapter that
    read it, None when none was chosen (the file could not be read, or no adapter
    claimed it). `diagnostics` are about the input as a whole (what decoding cleaned, no
    records found, a plugin's `sniff` that raised on it); each record and failed record
    carries its own. When `error` is set part-way through the input (a plugin's bug,
    broken compressed data), `records` holds those read before it: the input was not
    read to its end.
    """

    file: str
    format: str | None = None
    records: tuple[Record, ...] = ()
    failed: tuple[FailedRecord, ...] = ()
    deletions: tuple[Deletion, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    error: BibnormError | None = None

    @property
    def ok(self) -> bool:
        """Whether the input was read whole and nothing in it failed: no `error`, no
        failed record, and no diagnostic of severity `error` on the input or on a record
        (an input with no records has one; so has a record cut short by a parser's
        limit). Warnings and notes do not count. The command line exits 0 for such an
        input, unless a record then fails its writer's schema."""
        if self.error is not None or self.failed:
            return False
        notes = chain(self.diagnostics, *(record.diagnostics for record in self.records))
        return not any(note.severity == "error" for note in notes)


def read_inputs(
    paths: Iterable[str | Path],
    host: PluginHost,
    *,
    recursive: bool,
    format: str | None,
    demand: Demand,
) -> Iterator[InputOutcome]:
    """The outcome of each input of `paths`, expanded as the command line expands them
    (see `inputs.expand_paths`), one at a time as each is read."""
    for name in inputs.expand_paths(paths, recursive):
        if isinstance(name, InputError):  # a directory that holds no files
            yield InputOutcome(file=name.file or "", error=name)
        else:
            yield read_input(name, host, format=format, demand=demand)


def read_input(name: str, host: PluginHost, *, format: str | None, demand: Demand) -> InputOutcome:
    """The outcome of input `name`, never raising for what is wrong with the input."""
    found = pipeline.Found()
    source: Source | None = None
    adapter: SourceAdapter | None = None
    error: BibnormError | None = None
    problems_before = len(host.problems)
    try:
        source = inputs.read_source(name)
        source.demand = demand
        adapter = pipeline.choose_adapter(source, host, format)
        found.add_all(pipeline.iter_parse(source, adapter, host))
    except BibnormError as exc:
        error = exc
    diagnostics: list[Diagnostic] = list(source.diagnostics) if source is not None else []
    if adapter is not None and error is None and found.is_empty():
        diagnostics.append(pipeline.no_records(adapter))
    # A host keeps each plugin problem once; those new while reading this input are its.
    diagnostics += [_plugin_failed(str(problem)) for problem in host.problems[problems_before:]]
    return InputOutcome(
        file=source.name if source is not None else _shown_name(name),
        format=adapter.name if adapter is not None else None,
        records=tuple(found.records),
        failed=tuple(found.failed),
        deletions=tuple(found.deletions),
        diagnostics=tuple(diagnostics),
        error=error,
    )


def _plugin_failed(message: str) -> Diagnostic:
    # A warning, as the command line reports it: the other plugins still read the input.
    return Diagnostic(code="plugin.failed", message=message, severity="warning")


def _shown_name(name: str) -> str:
    """What messages call input `name` (as `inputs.read_source` names it)."""
    return "<stdin>" if name == "-" else name
