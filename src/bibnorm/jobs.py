"""What `bibnorm parse` makes of one input, built in this process or in several at once.

An `Outcome` is what one item an adapter read comes to: the JSON items to write (a
record's, validated) and the messages to report about it, in order. The CLI takes
outcomes as they come (reporting their messages, holding their items until the input
ends well), so it behaves the same wherever they were built.

A big file whose adapter can read a chunk of it (`parse_chunk`, see
`bibnorm.registry.SourceAdapter`) is split once by the parent, at record boundaries
found in the raw bytes (`bibnorm.chunks`; a `.gz` is decompressed here, once), and read
by `jobs` worker processes: chunk k goes to worker k % jobs, each worker sends a chunk's
outcomes once the whole chunk has read, and the parent takes them chunk by chunk, so the
output and the messages are the same, in the same order, as with one process. A chunk
that does not read alone (the input is broken there, or was cut where it should not
have been) ends the workers, and the input is read by this process from that chunk on,
as `--jobs 1` reads it, the items already given skipped: what the user sees never
depends on where the input was cut.

An adapter that can only build a shard of its input (`parse_shard`) is read the older
way: worker k builds the items at positions k, k + jobs, ... (each worker still reads
the whole file) and the parent takes their outcomes in turn. Workers are forked, so they
share the parent's loaded plugins; where there is no `fork` the work stays in one
process.

The parent owns its workers' lives: whatever ends its reading of the input early (an
error, a worker that died, the input's time limit, SIGTERM or Ctrl-C) ends the workers
too, and a worker ends by itself when its parent is gone (see `bibnorm.interrupts`).
A worker that dies is an error for the input (`WorkerFailed`, naming its exit code or
signal); the outcomes before it have come already, and it is the CLI that holds an
input's items back until the input ends well.
"""

from __future__ import annotations

import gc
import io
import itertools
import multiprocessing
import os
import pickle
import queue
import signal
import stat
from collections import deque
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.context import BaseContext
from typing import IO, Any

from bibnorm import boundary, chunks, held, interrupts, pipeline
from bibnorm.demand import FULL, Demand
from bibnorm.errors import BibnormError, InputError
from bibnorm.manager import PluginHost
from bibnorm.model import Deletion, Diagnostic, FailedRecord, Record
from bibnorm.registry import JSONItem, Source, SourceAdapter, WriteOptions, Writer
from bibnorm.serialize import whole_item

EXIT_RECORDS_FAILED = 1
EXIT_PLUGIN = 4
# Inputs smaller than this are read in one process: starting workers costs more.
MIN_BYTES_PER_JOB = 4 * 1024 * 1024
# A worker sends its outcomes in batches of this many: each message through a queue
# costs both sides pickling and pipe overhead, several times a small record's.
_BATCH = 32
# Batches a worker may have waiting before it pauses, so memory stays bounded (a batch
# of encoded CSL items is about 90 KB). Enough that a worker rarely waits while the
# parent waits for the other's chunk: 4 cost 2 to 5 % of the time of --jobs 2.
_QUEUE_SIZE = 16
# How often the parent looks whether a worker it waits for is still alive.
_POLL_SECONDS = 1.0
# Chunks of the input handed to each worker ahead of the one the parent waits for, so a
# worker never waits for work; bounds the input held in queues to this many per worker.
_CHUNKS_AHEAD = 4
# A notice withdrawing up to this many PMIDs lists them; a longer one gives the count.
_DELETIONS_LISTED = 5


@dataclass
class Outcome:
    """One item's JSON items to write, and its messages: diagnostics, then errors.

    A worker sends the items packed (`held.pack`, `count` of them in `packed`): the
    parent only holds them until the input ends, so it never unpickles them twice."""

    items: list[JSONItem] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[tuple[str, int]] = field(default_factory=list)
    is_record: bool = False
    failed: bool = False  # a record that could not be read, or is not written
    packed: bytes = b""
    packed_count: int = 0

    def prerender(self, task: Task, file: str) -> None:
        """Have the task's writer do ahead what it can of writing the items
        (`pipeline.prerender`), as a worker does: the parent then only writes them."""
        self.items = pipeline.prerender(self.items, task.writer, task.owner, file)

    def pack(self) -> None:
        """Pack the items, as a worker sends them."""
        if self.items:
            self.packed, self.packed_count = held.pack(self.items), len(self.items)
            self.items = []

    def all_items(self) -> list[JSONItem]:
        """The items themselves, packed or not, encoded ahead or not."""
        return [whole_item(item) for item in self.items_to_write()]

    def items_to_write(self) -> list[JSONItem]:
        """The items as the writer's `dump` takes them: unpacked, still encoded ahead."""
        unpacked: list[JSONItem] = pickle.loads(self.packed) if self.packed else []
        return [*self.items, *unpacked]

    def hold(self, into: held.HeldItems) -> None:
        """Add the items to `into`, as they are (packed or not)."""
        into.add_all(self.items)
        if self.packed:
            into.add_packed(self.packed, self.packed_count)


@dataclass(frozen=True)
class Task:
    """What every item of one input is turned into. `demand` is what of each record
    the writer reads (whole records by default); the adapter may skip the rest."""

    host: PluginHost
    writer: Writer
    owner: str
    options: WriteOptions
    demand: Demand = FULL


class WorkerFailed(BibnormError):
    """An error raised in a worker process, carried to the parent by message and status."""

    def __init__(self, message: str, exit_status: int) -> None:
        super().__init__(message)
        self.exit_status = exit_status


def outcome_of(task: Task, item: Record | FailedRecord | Deletion, file: str) -> Outcome:
    """What one item read from `file` comes to."""
    if isinstance(item, Record):
        items, rejection, warnings = pipeline.render_record(
            item, file, task.writer, task.options, task.owner
        )
        outcome = Outcome(items=items, diagnostics=[*item.diagnostics, *warnings], is_record=True)
        if rejection is not None:
            outcome.failed = True
            outcome.errors = [
                (
                    f"{file}: {rejection.record} not written: {d.path}: {d.message}",
                    EXIT_RECORDS_FAILED,
                )
                for d in rejection.diagnostics
            ]
        return outcome
    if isinstance(item, Deletion):
        return Outcome(diagnostics=[deletion_notice(item)])
    where = f":{item.span.start}" if item.span else ""
    if boundary.is_plugin_fault(item):
        # A plugin's wrong output is the plugin's failure: its message names the plugin.
        return Outcome(
            errors=[(f"{file}{where}: {d.message}", EXIT_PLUGIN) for d in item.diagnostics],
            failed=True,
        )
    if any(d.severity == "error" for d in item.diagnostics):
        # Its own error says why it failed, naming the file and line: reported once.
        return Outcome(diagnostics=list(item.diagnostics), failed=True)
    return Outcome(
        diagnostics=list(item.diagnostics),
        errors=[(f"{file}{where}: a record could not be read", EXIT_RECORDS_FAILED)],
        failed=True,
    )


def deletion_notice(deletion: Deletion) -> Diagnostic:
    """One short line for a notice that records were withdrawn: the PMIDs themselves
    when there are a few, else their count; the whole list is the diagnostic's text,
    which `-v` shows (an update file withdraws hundreds at once)."""
    count = len(deletion.pmids)
    listed = ", ".join(deletion.pmids)
    if count <= _DELETIONS_LISTED:
        message, text = f"the input withdraws {count} record(s): PMID {listed}", None
    else:
        message, text = f"the input withdraws {count} records (-v lists their PMIDs)", listed
    start = deletion.span.start if deletion.span else None
    return Diagnostic(code="pipeline.deletion", message=message, line=start, text=text)


def outcomes(
    task: Task,
    source: Source,
    adapter: SourceAdapter,
    jobs: int = 1,
    bytes_done: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """The outcome of every item `adapter` reads from `source`, in input order.

    With `jobs` > 1, a file big enough and an adapter that can read chunks of it (or
    shards), the items are built by that many worker processes; then `bytes_done` is
    told, after each chunk, how many of the input's (decompressed) bytes are done. Raises
    what `pipeline.iter_parse` raises.
    """
    # Workers are forked with the source, and read for the same demand.
    source.demand = task.demand
    context = _fork_context()
    items: Iterator[Record | FailedRecord | Deletion]
    if jobs > 1 and context is not None and _worth_sharding(source, adapter):
        boundaries = pipeline.chunk_boundaries(adapter)
        if boundaries is None:
            yield from _sharded(task, source, adapter, jobs, context)
            return
        given = yield from _chunked(
            task, source, adapter, boundaries, jobs, context, bytes_done or _ignore
        )
        if given is None:
            return
        # The input did not split, or a chunk did not read alone: read it here, from the
        # start, and go on from the items already given.
        items = itertools.islice(pipeline.iter_parse(source, adapter, task.host), given, None)
    else:
        items = pipeline.iter_parse(source, adapter, task.host)
    for item in items:
        yield outcome_of(task, item, source.name)


def _ignore(done: int) -> None:
    """No one asked how far the input has been read."""


def default_jobs() -> int:
    """As many jobs as this process may use CPUs."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _fork_context() -> BaseContext | None:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _worth_sharding(source: Source, adapter: SourceAdapter) -> bool:
    can_split = pipeline.can_shard(adapter) or pipeline.chunk_boundaries(adapter) is not None
    if source.path is None or not can_split:
        return False
    try:
        return source.path.stat().st_size >= MIN_BYTES_PER_JOB
    except OSError:
        return False


# What a worker puts on its queue: a batch of outcomes, the end of its shard, or an error
# that ended it (message, exit status).


@dataclass
class _End:
    """A worker's shard, or chunk, is done. It carries what decoding found in the input
    (control characters removed, say), which only the workers saw: the parent never
    decoded it."""

    diagnostics: list[Diagnostic]


@dataclass
class _Unreadable:
    """A worker's chunk did not read alone (`chunks.ChunkUnreadable`); it sent none of
    the chunk's outcomes."""


@dataclass(frozen=True)
class Placed:
    """A chunk of a plain file, sent as where it is: the worker reads its `size` bytes
    at `chunk.offset` itself (a Dask worker too, see `bibnorm.dask`). Sent through a
    pipe, the bytes were copied four times over, about 5 % of all the CPU `--jobs 2`
    took."""

    chunk: chunks.Chunk  # its `data` left out
    size: int

    @classmethod
    def of(cls, chunk: chunks.Chunk) -> Placed:
        """Where `chunk` is in its file, its bytes left out."""
        return cls(replace(chunk, data=b""), len(chunk.data))


def _sent_form(chunk: chunks.Chunk, placed: bool) -> chunks.Chunk | Placed:
    return Placed.of(chunk) if placed else chunk


def placed_data(message: chunks.Chunk | Placed, fd: int | None, file: str) -> chunks.Chunk:
    """The chunk a worker was sent, its bytes read from the input where it was placed."""
    if isinstance(message, chunks.Chunk):
        return message
    # A placed chunk is only sent with the file's descriptor.
    data = os.pread(fd, message.size, message.chunk.offset) if fd is not None else b""
    if len(data) != message.size:
        raise InputError("the file changed while it was read", file=file)
    return replace(message.chunk, data=data)


def plain_file_descriptor(stream: IO[bytes]) -> int | None:
    """The descriptor of `stream` when it reads a regular file as it is (not gzip, not
    a pipe), which workers may read at any place; else None."""
    if not (isinstance(stream, io.BufferedReader) and isinstance(stream.raw, io.FileIO)):
        return None
    try:
        fd = stream.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None


def _chunked(
    task: Task,
    source: Source,
    adapter: SourceAdapter,
    boundaries: chunks.Boundaries,
    jobs: int,
    context: BaseContext,
    bytes_done: Callable[[int], None],
) -> Generator[Outcome, None, int | None]:
    """The outcomes of the input's chunks, read by worker processes; returns None when
    every chunk was read, else how many outcomes came before the first chunk that did
    not read alone (0 when the input does not split), for the caller to go on from."""
    given = 0
    try:
        stream = source.open_binary()
    except (BibnormError, OSError):
        return 0  # the reading in one process says why, as it would
    with stream:
        pieces = chunks.split(stream, boundaries, chunks.CHUNK_BYTES)
        try:
            first = next(pieces, None)
        except (BibnormError, OSError):
            return 0
        if first is None:
            return 0
        inboxes: list[Any] = [context.Queue() for _ in range(jobs)]
        outboxes: list[Any] = [context.Queue(_QUEUE_SIZE) for _ in range(jobs)]
        # Workers inherit the descriptor, and read there what they are sent the place of.
        fd = plain_file_descriptor(stream)
        workers = [
            context.Process(  # type: ignore[attr-defined]
                target=_read_chunks,
                args=(task, source, adapter, inboxes[index], outboxes[index], os.getpid(), fd),
                daemon=True,
            )
            for index in range(jobs)
        ]
        unsent: Iterator[chunks.Chunk] | None = itertools.chain([first], pieces)
        sent = 0
        ends: deque[int] = deque()  # where each chunk sent and not yet done ends
        try:
            with interrupts.signals_held():
                _start(workers)
            for index in itertools.count():
                while unsent is not None and sent < index + _CHUNKS_AHEAD * jobs:
                    try:
                        chunk = next(unsent, None)
                    except (BibnormError, OSError):
                        return given  # broken input (gzip data, say): see the docstring
                    if chunk is None:
                        unsent = None
                        for inbox in inboxes:
                            inbox.put(None)  # a worker ends when it has read its last chunk
                    else:
                        inboxes[sent % jobs].put(_sent_form(chunk, fd is not None))
                        ends.append(chunk.offset + len(chunk.data))
                        sent += 1
                if index == sent:
                    return None
                while True:
                    worker = index % jobs
                    message = _next_message(outboxes[worker], workers[worker], source.name)
                    if isinstance(message, list):
                        yield from message
                        given += len(message)
                    elif isinstance(message, _End):
                        for diagnostic in message.diagnostics:
                            source.note(diagnostic)
                        bytes_done(ends.popleft())
                        break
                    elif isinstance(message, _Unreadable):
                        return given
                    else:
                        text, status = message
                        raise WorkerFailed(text, status)
        finally:
            _end(workers)
            for inbox in inboxes:
                inbox.cancel_join_thread()  # chunks no worker will read are dropped
                inbox.close()
            for outbox in outboxes:
                outbox.close()
    return None  # not reached: the loop returns


def _sharded(
    task: Task, source: Source, adapter: SourceAdapter, jobs: int, context: BaseContext
) -> Iterator[Outcome]:
    queues: list[Any] = [context.Queue(_QUEUE_SIZE) for _ in range(jobs)]
    workers = [
        context.Process(  # type: ignore[attr-defined]
            target=_work,
            args=(task, source, adapter, (index, jobs), queues[index], os.getpid()),
            daemon=True,
        )
        for index in range(jobs)
    ]
    try:
        with interrupts.signals_held():
            _start(workers)
        # Each worker's outcomes arrive in order, in batches: taking one outcome from
        # each worker in turn restores the input order, wherever the batches end.
        batches: list[list[Outcome]] = [[] for _ in range(jobs)]
        position = 0
        while True:
            index = position % jobs
            if not batches[index]:
                message = _next_message(queues[index], workers[index], source.name)
                if isinstance(message, list):
                    batches[index] = message[::-1]  # popped from the end, in order
                    continue
                if isinstance(message, _End):
                    for diagnostic in message.diagnostics:
                        source.note(diagnostic)
                    return
                text, status = message
                raise WorkerFailed(text, status)
            yield batches[index].pop()
            position += 1
    finally:
        _end(workers)
        for shard_queue in queues:
            shard_queue.close()


def _start(workers: list[Any]) -> None:
    """Start the workers with the parent's objects out of the collector's sight: a
    collection in a worker would otherwise write to every page they are on, and each
    worker would hold its own copy of them (10 MB and more) instead of sharing them."""
    gc.freeze()
    try:
        for worker in workers:
            worker.start()
    finally:
        gc.unfreeze()


def _end(workers: list[Any]) -> None:
    """End the workers still running (SIGTERM, then SIGKILL for one that lingers) and
    wait for them all, so none outlives the reading of its input."""
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    for worker in workers:
        worker.join(_POLL_SECONDS * 5)
        if worker.is_alive():
            worker.kill()
            worker.join()


def _next_message(shard_queue: Any, worker: Any, file: str) -> Any:
    """The worker's next message; an error if it died without one (killed, out of memory),
    rather than waiting for it for ever."""
    while True:
        try:
            return shard_queue.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if worker.is_alive():
                continue
        try:
            # It may have put its last message just before it ended.
            return shard_queue.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            message = f"{file}: a worker process {_how_it_ended(worker.exitcode)} mid-file"
            return (message, EXIT_PLUGIN)


def _how_it_ended(exitcode: int | None) -> str:
    """A worker's end in words: its exit code, or the signal that killed it."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"was killed by {name}"
    return f"stopped (exit code {exitcode})"


def _work(
    task: Task,
    source: Source,
    adapter: SourceAdapter,
    shard: tuple[int, int],
    out: Any,
    parent: int,
) -> None:
    """A worker of process `parent`: put the outcomes of its shard's items in batches,
    then the end (or the error, after the outcomes before it)."""
    interrupts.become_worker(parent)
    with _reporting(task, out, parent) as unsent:
        for item in pipeline.iter_parse(source, adapter, task.host, shard):
            unsent.append(_to_send(task, item, source.name))
            if len(unsent) == _BATCH:
                _put(out, unsent[:], parent)  # a copy: the queue pickles it later
                unsent.clear()
        if unsent:
            _put(out, unsent[:], parent)
            unsent.clear()
        _put(out, _End(list(source.diagnostics)), parent)


def _to_send(task: Task, item: Record | FailedRecord | Deletion, file: str) -> Outcome:
    """What a worker sends of `item`: its outcome, the items encoded ahead and packed."""
    outcome = outcome_of(task, item, file)
    outcome.prerender(task, file)
    outcome.pack()
    return outcome


def _read_chunks(
    task: Task,
    source: Source,
    adapter: SourceAdapter,
    inbox: Any,
    out: Any,
    parent: int,
    fd: int | None,
) -> None:
    """A worker of process `parent`: for each chunk from `inbox`, its outcomes in
    batches once the whole chunk has read, then the end of the chunk; `_Unreadable` for
    a chunk that does not read alone (and nothing of it). A chunk sent as its place is
    read from the input's descriptor `fd`."""
    interrupts.become_worker(parent)
    with _reporting(task, out, parent) as unsent:
        while (message := _take(inbox, parent)) is not None:
            chunk = placed_data(message, fd, source.name)
            source.diagnostics.clear()  # the parent keeps the input's; these are the chunk's
            try:
                for item in pipeline.iter_chunk(source, adapter, task.host, chunk):
                    unsent.append(_to_send(task, item, source.name))
            except chunks.ChunkUnreadable:
                _put(out, _Unreadable(), parent)
                return
            for start in range(0, len(unsent), _BATCH):
                _put(out, unsent[start : start + _BATCH], parent)
            unsent.clear()
            _put(out, _End(list(source.diagnostics)), parent)


@contextmanager
def _reporting(task: Task, out: Any, parent: int) -> Iterator[list[Outcome]]:
    """The outcomes a worker built and has not sent yet. An error that ends the worker
    is sent after them, as the serial path reports both; `out` is flushed either way."""
    unsent: list[Outcome] = []
    try:
        yield unsent
    except BibnormError as exc:
        _put_last(out, unsent, (str(exc), exc.exit_status), parent)
    except Exception as exc:  # noqa: BLE001 - a writer's bug, reported as the serial path does
        message = f"plugin {task.owner!r}: writer {task.writer.name!r} raised {exc!r}"
        _put_last(out, unsent, (message, EXIT_PLUGIN), parent)
    finally:
        out.close()
        out.join_thread()


def _take(inbox: Any, parent: int) -> chunks.Chunk | Placed | None:
    """The next chunk to read, waiting for it unless the parent is gone (then the worker
    ends); None when there are none left."""
    while True:
        try:
            chunk: chunks.Chunk | Placed | None = inbox.get(timeout=_POLL_SECONDS)
            return chunk
        except queue.Empty:
            if interrupts.parent_gone(parent):
                os._exit(1)


def _put(out: Any, message: Any, parent: int) -> None:
    """Put `message` for the parent, waiting while its queue is full, unless the parent
    is gone: then no one will read it, and the worker ends."""
    while True:
        try:
            out.put(message, timeout=_POLL_SECONDS)
            return
        except queue.Full:
            if interrupts.parent_gone(parent):
                os._exit(1)


def _put_last(out: Any, batch: list[Outcome], error: tuple[str, int], parent: int) -> None:
    """The outcomes built before an error, then the error: the serial path reports both."""
    if batch:
        _put(out, batch, parent)
    _put(out, error, parent)


__all__ = [
    "MIN_BYTES_PER_JOB",
    "Outcome",
    "Placed",
    "Task",
    "WorkerFailed",
    "default_jobs",
    "outcome_of",
    "outcomes",
    "placed_data",
    "plain_file_descriptor",
]
