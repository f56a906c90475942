"""`bibnorm.deadline`: the time limit of one input, and what the message says was running."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bibnorm import deadline, hookimpl, inputs, jobs, pipeline
from bibnorm.manager import create_host
from bibnorm.model import Record
from bibnorm.registry import Sample, Source, WriteOptions

pytestmark = pytest.mark.skipif(not deadline.can_arm(), reason="no SIGALRM timer here")


def spin() -> None:
    while True:
        pass


class Stuck:
    """An adapter that hangs where it is told to: in `sniff`, `parse`, or not at all."""

    description = "hangs"

    def __init__(self, name: str, where: str) -> None:
        self.name = name
        self.where = where

    def sniff(self, sample: Sample) -> float:
        if self.where == "sniff":
            spin()
        return 1.0

    def parse(self, source: Source) -> Iterator[Record]:
        if self.where == "parse":
            spin()
        yield Record(title="a record")


class StuckProcessor:
    name = "stuck-processor"
    stage = 150

    def process(self, record: Record) -> Record:
        spin()
        return record


class StuckWriter:
    name = "stuck-writer"
    suffix = ".txt"
    description = "hangs"
    schema = None

    def items(self, record: Record, options: WriteOptions) -> list[dict[str, object]]:
        spin()
        return []

    def dump(self, items: object, stream: object) -> None:
        pass


class Plugin:
    def __init__(self, adapter: Stuck, processor: bool = False) -> None:
        self.adapter = adapter
        self.processor = processor

    @hookimpl
    def bibnorm_register_sources(self, register: Callable[[object], None]) -> None:
        register(self.adapter)

    @hookimpl
    def bibnorm_register_processors(self, register: Callable[[object], None]) -> None:
        if self.processor:
            register(StuckProcessor())

    @hookimpl
    def bibnorm_register_writers(self, register: Callable[[object], None]) -> None:
        register(StuckWriter())


@pytest.mark.parametrize(
    ("where", "processor", "writer", "running"),
    [
        ("sniff", False, "json", "the adapter 'stuck' (plugin 'slow') was scoring it"),
        ("parse", False, "json", "the adapter 'stuck' (plugin 'slow') was reading it"),
        (
            "",
            True,
            "json",
            "the processor 'stuck-processor' (plugin 'slow') was processing a record",
        ),
        ("", False, "stuck-writer", "the writer 'stuck-writer' (plugin 'slow') was rendering"),
    ],
    ids=["sniff", "adapter", "processor", "writer"],
)
def test_the_message_names_what_was_running(
    where: str, processor: bool, writer: str, running: str
) -> None:
    plugin = Plugin(Stuck("stuck", where), processor)
    host = create_host(autoload=False, extra_plugins=[("slow", plugin)])
    task = jobs.Task(
        host=host, writer=host.registry.writer(writer), owner="slow", options=WriteOptions()
    )
    source = inputs.Source("in.txt", "anything\n")

    def read_under_a_limit() -> None:
        with deadline.time_limit(0.2) as armed:
            assert armed
            adapter = pipeline.choose_adapter(source, host, None)
            list(jobs.outcomes(task, source, adapter))

    with pytest.raises(deadline.TimedOut) as info:
        read_under_a_limit()
    assert running in deadline.what_was_running(info.value.__traceback__)
    assert info.value.seconds == 0.2


def test_the_timer_is_disarmed_and_the_handler_restored() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with deadline.time_limit(30) as armed:
        assert armed
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


@pytest.mark.parametrize("seconds", [None, 0])
def test_no_limit_arms_no_timer(seconds: float | None) -> None:
    with deadline.time_limit(seconds) as armed:
        assert not armed
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_no_timer_is_armed() -> None:
    seen: list[bool] = []

    def body() -> None:
        with deadline.time_limit(1) as armed:
            seen.append(armed)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [False]


def test_the_default_grows_with_the_size_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "two-mb.txt"
    path.write_bytes(b"x" * 2_000_000)
    assert deadline.default_seconds(str(path)) == deadline.BASE_SECONDS + 2
    assert deadline.default_seconds("-") == deadline.BASE_SECONDS
    assert deadline.default_seconds(str(path) + ".missing") == deadline.BASE_SECONDS


def test_time_spent_online_is_named_as_such() -> None:
    # As if raised while bibnorm.online (--enrich) waited for a service.
    scope: dict[str, object] = {"__name__": "bibnorm.online.client", "TimedOut": deadline.TimedOut}
    exec("def ask():\n    raise TimedOut(5)\n", scope)  # a frame of that module
    with pytest.raises(deadline.TimedOut) as info:
        scope["ask"]()  # type: ignore[operator]
    assert deadline.what_was_running(info.value.__traceback__).startswith("the online services")
