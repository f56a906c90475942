"""The Dask bags of `bibnorm.dask` for Python code: one partition per input.

`outcomes_bag`, `items_bag` and `records_bag` give what the inputs came to; `write_outputs`
and `to_parquet` write them on the workers that read them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bibnorm import output
from bibnorm.dask.settings import Settings, extra, settings_for, worker_host
from bibnorm.dask.tasks import InputRun, read_records, run_of, write_items
from bibnorm.errors import BibnormError, InputError
from bibnorm.registry import JSONItem

# Dask objects carry no type hints: they are Any here.
Bag = Any  # a dask.bag.Bag


def _bag_of(paths: Iterable[str | Path]) -> Bag:
    """A bag of the input names (files or URLs, not directories), one partition each."""
    names = [str(name) for name in paths]
    return extra("dask.bag").from_sequence(names, npartitions=max(1, len(names)))


def _bag_of_runs(
    paths: Iterable[str | Path],
    settings: Settings,
    then: Callable[..., Any] | None = None,
    then_args: Sequence[tuple[Any, ...]] = (),
) -> Bag:
    """A bag of one partition per input of `paths`: its `InputRun` (see `run_of`), or
    what `then(run, *then_args[i])` makes of the run of input i."""
    delayed = extra("dask").delayed
    host = worker_host(settings)  # here, to plan the parts
    partitions = []
    for index, name in enumerate(str(name) for name in paths):
        value = run_of(name, settings, host)
        if then is not None:
            value = delayed(then, pure=False)(value, *then_args[index])
        partitions.append(delayed(_alone, pure=False)(value))
    if not partitions:
        return extra("dask.bag").from_sequence([], npartitions=1)
    return extra("dask.bag").from_delayed(partitions)


def _alone(value: Any) -> list[Any]:
    return [value]


def outcomes_bag(paths: Iterable[str | Path], settings: Settings | None = None) -> Bag:
    """A bag of the `InputRun` of each input of `paths`, one partition per input (a big
    plain file read in parts by several tasks, see `run_of`)."""
    return _bag_of_runs(paths, settings or settings_for())


def items_bag(paths: Iterable[str | Path], settings: Settings | None = None) -> Bag:
    """A bag of the valid output items (CSL-JSON items with `settings_for(to="csl")`)
    of every input read whole; see `outcomes_bag` for what the others came to.

    The items are as each record gives them: a CSL output makes ids unique across the
    whole file as it writes it (`pmid:1/2`), which the writer's `dump` (or
    `bibnorm.csl.unique_ids`) still does to what this bag gives."""
    return outcomes_bag(paths, settings).map(InputRun.items).flatten()


def records_bag(paths: Iterable[str | Path], settings: Settings | None = None) -> Bag:
    """A bag of each input's `bibnorm.InputOutcome` (its records, failed records and
    error as data), as `bibnorm.parse_many` gives them, one partition per input; for
    the records alone, `.map(lambda outcome: outcome.records).flatten()`. The paths
    are read as given, from each worker's own directory."""
    return _bag_of(paths).map(read_records, settings or settings_for())


@dataclass(frozen=True)
class WrittenInput:
    """What `write_outputs` did with one input: the file it wrote (None when it wrote
    none: the input failed as a whole, or gave no item), how many items, and the run."""

    target: str | None
    items: int
    run: InputRun


def _written_input(run: InputRun, target: str, settings: Settings) -> WrittenInput:
    try:
        count = write_items(run, target, settings)
    except BibnormError as exc:
        run.error = exc
        return WrittenInput(None, 0, run)
    except OSError as exc:
        run.error = InputError(f"cannot write: {exc.strerror or exc}", file=target)
        return WrittenInput(None, 0, run)
    return WrittenInput(target if count else None, count, run)


def write_outputs(
    paths: Iterable[str | Path], out_dir: str | Path, settings: Settings | None = None
) -> Bag:
    """A bag that, computed, writes one output file per input below `out_dir` (as
    `bibnorm parse --out-dir` names them), each on the worker that read it, whole or not
    at all, and gives a `WrittenInput` per input. The workers must see `out_dir`."""
    settings = settings or settings_for()
    names = [str(name) for name in paths]
    suffix = worker_host(settings).registry.writer(settings.to).suffix
    root = output.mirror_root(names, False)
    plan = output.out_dir_plan(names, os.path.abspath(out_dir), suffix, root)
    names = [name for name, _ in plan]
    args = [(str(target), settings) for _, target in plan]
    return _bag_of_runs(names, settings, _written_input, args)


# The flat CSL fields `to_parquet` writes, one row per item: every column text, but the
# year. `authors` is "Family, Given; Family, Given; Literal"; `file` is the input.
PARQUET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "string"),
    ("id", "string"),
    ("type", "string"),
    ("title", "string"),
    ("container_title", "string"),
    ("authors", "string"),
    ("year", "int32"),
    ("volume", "string"),
    ("issue", "string"),
    ("page", "string"),
    ("doi", "string"),
    ("pmid", "string"),
    ("pmcid", "string"),
    ("issn", "string"),
    ("language", "string"),
)
# The CSL variable each text column holds.
_CSL_VARIABLES = {
    "id": "id",
    "type": "type",
    "title": "title",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "issn": "ISSN",
    "language": "language",
}


def flat_csl(item: JSONItem, file: str) -> dict[str, str | int | None]:
    """One CSL item of input `file` as a row of `PARQUET_COLUMNS` (None where the item
    has no such field)."""
    row: dict[str, str | int | None] = {"file": file}
    for column, variable in _CSL_VARIABLES.items():
        value = item.get(variable)
        row[column] = None if value is None else str(value)
    names = [_name_of(person) for person in item.get("author", [])]
    row["authors"] = "; ".join(names) if names else None
    parts = item.get("issued", {}).get("date-parts", [[]])
    row["year"] = int(parts[0][0]) if parts and parts[0] else None
    return row


def _name_of(person: dict[str, str]) -> str:
    if "literal" in person:
        return person["literal"]
    given = person.get("given")
    return f"{person.get('family', '')}, {given}" if given else person.get("family", "")


def _write_parquet(run: InputRun, index: int, out_dir: str) -> WrittenInput:
    items = run.items()
    if run.error is not None or not items:
        return WrittenInput(None, 0, run)
    pyarrow = extra("pyarrow")
    schema = pyarrow.schema([(column, kind) for column, kind in PARQUET_COLUMNS])
    table = pyarrow.Table.from_pylist([flat_csl(item, run.file) for item in items], schema)
    target = Path(out_dir) / f"part-{index:05d}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written whole or not at all: to a temporary file beside it, then renamed.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        extra("pyarrow.parquet").write_table(table, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        run.error = InputError(f"cannot write: {exc.strerror or exc}", file=str(target))
        return WrittenInput(None, 0, run)
    return WrittenInput(str(target), len(items), run)


def to_parquet(
    paths: Iterable[str | Path], out_dir: str | Path, settings: Settings | None = None
) -> Bag:
    """A bag that, computed, writes the CSL items of each input as a Parquet file of
    `PARQUET_COLUMNS` in `out_dir` (`part-00000.parquet`, numbered in input order:
    together a dataset that `pyarrow.parquet.read_table(out_dir)` reads whole), each
    written whole or not at all by the worker that read the input, and gives a
    `WrittenInput` per input. An input that fails as a whole, or gives no item, writes
    no part. `settings` (of `settings_for`) is used with `to="csl"`."""
    csl = replace(settings or settings_for(to="csl"), to="csl")
    names = [str(name) for name in paths]
    folder = os.path.abspath(out_dir)
    return _bag_of_runs(names, csl, _write_parquet, [(i, folder) for i in range(len(names))])
