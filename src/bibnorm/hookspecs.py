"""The hooks a bibnorm plugin can implement; each docstring is the contract.

A plugin is a module (or object) with functions decorated by `bibnorm.hookimpl` whose
names are the hook names below, listed in the `bibnorm` entry-point group of its
package. Built-in formats are plugins of exactly this kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pluggy

from bibnorm.registry import Processor, Sample, SourceAdapter, Writer

PROJECT_NAME = "bibnorm"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute source adapters (input formats).

    :param register: call it once per adapter. An adapter has a unique lower-case
        `name` (what `--from` takes), a one-line `description`, `sniff(sample) -> float`
        and `parse(source) -> Iterator[Record | FailedRecord]` (see `SourceAdapter`).
        Registering a name that another plugin registered raises `DuplicateNameError`
        naming both plugins; the other adapters of this plugin are kept.

    Every plugin's implementation is called; return values are ignored. An exception
    raised here is reported with the plugin's name and only this plugin's remaining
    registrations are lost.
    """


@hookspec
def bibnorm_register_processors(register: Callable[[Processor], None]) -> None:
    """Contribute record processors (clean, normalise, enrich, dedupe).

    :param register: call it once per processor. A processor has a unique `name`, a
        `stage` (100 clean, 200 normalise, 300 enrich, 400 dedupe) and
        `process(record) -> Record`, which returns a new record and never changes the
        one it is given.

    Every plugin's implementation is called; return values are ignored.
    """


@hookspec
def bibnorm_register_writers(register: Callable[[Writer], None]) -> None:
    """Contribute output formats.

    :param register: call it once per writer. A writer has a unique `name` (what `--to`
        takes), a file `suffix`, a `description`, the `schema` its items are validated
        against (or None), `items(record, options)` and `dump(items, stream)`.

    Every plugin's implementation is called; return values are ignored.
    """


@hookspec(firstresult=True)
def bibnorm_resolve_format(sample: Sample, ranked: Sequence[tuple[str, float]]) -> str | None:
    """Decide which source adapter reads an input.

    :param sample: the start of the input (its name and first lines of text).
    :param ranked: every adapter's `(name, score)`, best first; ties are broken by name,
        so the order never depends on which plugin loaded first.
    :return: the name of the adapter to use, or None to leave the decision to the next
        implementation.

    Stops at the first non-None result. The core's own implementation runs last and
    picks the best-scoring adapter when its score is above zero; a plugin implements
    this hook only to override detection (for a format whose files look like another's).
    Returning a name no adapter has is an error reported against the plugin.
    """
