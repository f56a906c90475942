"""bibnorm on Dask: many inputs read by the workers of a cluster, or of this machine.

An optional extra (`pip install bibnorm[dask]`): dask is imported only when a function
here needs it, so bibnorm works without it, and a clear `UsageError` says how to install
it when it is missing.

The unit of work is one input: `read_input` reads it on a worker exactly as
`bibnorm parse` reads it in one process (same detection, same processors, same
validation, the items encoded ahead for the writer), and returns an `InputRun`: plain,
picklable data, with what stopped the input as data too, never an exception that ends
the job. The command line (`bibnorm parse --engine dask`) reports and writes those runs
as it reports and writes its own, so the output and the messages are the same byte for
byte (see `RemoteInputs`; with `--out-dir`, a worker that shares the caller's disk
writes the files itself and sends back only the messages, see `write_for_cli`). The
functions of `bags` (`outcomes_bag`, `items_bag`, `records_bag`, and `write_outputs` and
`to_parquet`, which write on the workers) give the same work to Python code as Dask
bags, one partition per input.

A big plain file is read in parts, as `-j` reads it in chunks: the caller cuts it at
record boundaries (`bibnorm.chunks`, reading nothing but the bytes), each part is a task
that reads its bytes from the file itself (`read_part`), and a last task joins them into
the input's run (`join_parts`); a part that does not read alone has the input read whole
instead, so what the user sees never depends on where it was cut. A compressed file is
one task: a gzip stream cannot be entered in the middle (Dask's own `read_text` keeps a
`.gz` whole too).

Each worker process builds its own `PluginHost` once, from the entry points installed
where it runs, as the CLI does; a worker that lacks a plugin the caller loaded fails each
input it is given with an error naming the plugin, rather than reading it differently.

The modules: `settings` (what a run reads inputs as; each worker's plugins), `tasks`
(what a worker does with an input or a part of it), `bags` (the Python API) and `engine`
(the cluster and the inputs of `bibnorm parse --engine dask`). This module hands on the
names a user needs.
"""

from __future__ import annotations

from bibnorm.dask.bags import (
    PARQUET_COLUMNS,
    WrittenInput,
    flat_csl,
    items_bag,
    outcomes_bag,
    records_bag,
    to_parquet,
    write_outputs,
)
from bibnorm.dask.engine import RemoteInputs, SharedFolder, connect, read_and_write, write_for_cli
from bibnorm.dask.settings import PART_BYTES, Settings, settings_for
from bibnorm.dask.tasks import (
    InputRun,
    PartRun,
    join_parts,
    plan_parts,
    read_input,
    read_part,
    run_of,
)

__all__ = [
    "PARQUET_COLUMNS",
    "PART_BYTES",
    "InputRun",
    "PartRun",
    "RemoteInputs",
    "Settings",
    "SharedFolder",
    "WrittenInput",
    "connect",
    "flat_csl",
    "items_bag",
    "join_parts",
    "outcomes_bag",
    "plan_parts",
    "read_and_write",
    "read_input",
    "read_part",
    "records_bag",
    "run_of",
    "settings_for",
    "to_parquet",
    "write_for_cli",
    "write_outputs",
]
