"""The plugin host: built-ins through the front door, blocking, containment of broken plugins."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from importlib import metadata
from types import SimpleNamespace
from typing import IO, Any

import pytest

from bibnorm import hookimpl, inputs, pipeline
from bibnorm.errors import PluginError
from bibnorm.manager import BUILTIN_MODULES, BUILTIN_PLUGINS, create_host
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Processor, Sample, Source, SourceAdapter, WriteOptions, Writer


class ToyAdapter:
    """A minimal adapter that claims text starting with its marker."""

    description = "toy format for tests"

    def __init__(self, name: str, marker: str = "TOY", score: float = 0.9) -> None:
        self.name = name
        self.marker = marker
        self.score = score

    def sniff(self, sample: Sample) -> float:
        return self.score if sample.text.startswith(self.marker) else 0.0

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        yield Record(title=source.text.strip())


class ToyPlugin:
    def __init__(self, *adapters: ToyAdapter) -> None:
        self.adapters = adapters

    @hookimpl
    def bibnorm_register_sources(self, register: Callable[[SourceAdapter], None]) -> None:
        for adapter in self.adapters:
            register(adapter)


class RaisingPlugin:
    @hookimpl
    def bibnorm_register_sources(self, register: Callable[[SourceAdapter], None]) -> None:
        raise RuntimeError("boom")


def test_builtins_are_registered_as_plugins(host: Any) -> None:
    loaded = [p.name for p in host.plugins if p.origin == "builtin"]
    assert loaded == list(BUILTIN_PLUGINS)
    assert host.problems == []
    assert "pubmed-text" in host.registry.sources
    assert host.registry.sources["pubmed-text"].plugin == "bibnorm.sources.pubmed_text"
    assert {"json", "csl", "jsonl"} <= set(host.registry.writers)


def test_builtin_can_be_blocked() -> None:
    host = create_host(autoload=False, blocked=["bibnorm.sources.pubmed_text"])
    assert "pubmed-text" not in host.registry.sources
    status = {p.name: p.status for p in host.plugins}
    assert status["bibnorm.sources.pubmed_text"] == "blocked"


@pytest.mark.parametrize("name", sorted(BUILTIN_MODULES))
def test_moved_builtin_keeps_its_name_and_its_module_blocks_it(name: str) -> None:
    """A source moved into a family package is still named, and blockable, as before."""
    module = BUILTIN_MODULES[name]
    importlib.import_module(module)  # the module it names exists
    by_module = create_host(autoload=False, blocked=[module])
    status = {p.name: p.status for p in by_module.plugins}
    assert status[name] == "blocked"
    loaded = create_host(autoload=False)
    assert {p.name: p.status for p in loaded.plugins}[name] == "loaded"
    assert any(s.plugin == name for s in loaded.registry.sources.values())


def test_block_list_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIBNORM_BLOCK_PLUGINS", " toy , bibnorm.writers.jsonl")
    host = create_host(autoload=False, extra_plugins=[("toy", ToyPlugin(ToyAdapter("toy")))])
    assert "toy" not in host.registry.sources
    assert "jsonl" not in host.registry.writers
    assert "json" in host.registry.writers


def test_duplicate_name_is_refused_naming_both_plugins() -> None:
    host = create_host(
        autoload=False,
        extra_plugins=[
            ("first", ToyPlugin(ToyAdapter("toy"), ToyAdapter("other", marker="OTH"))),
            ("second", ToyPlugin(ToyAdapter("toy"), ToyAdapter("third", marker="THR"))),
        ],
    )
    assert host.registry.sources["toy"].plugin == "first"
    # The refused plugin keeps what it registered after the clash.
    assert host.registry.sources["third"].plugin == "second"
    [problem] = host.problems
    assert problem.plugin == "second"
    assert "'first'" in problem.message and "'second'" in problem.message
    assert "'toy'" in problem.message


def test_third_party_cannot_take_a_builtin_name() -> None:
    host = create_host(
        autoload=False, extra_plugins=[("intruder", ToyPlugin(ToyAdapter("pubmed-text")))]
    )
    assert host.registry.sources["pubmed-text"].plugin == "bibnorm.sources.pubmed_text"
    assert [p.plugin for p in host.problems] == ["intruder"]


def test_plugin_raising_in_hook_does_not_take_others_down() -> None:
    host = create_host(
        autoload=False,
        extra_plugins=[("bad", RaisingPlugin()), ("good", ToyPlugin(ToyAdapter("toy")))],
    )
    assert "toy" in host.registry.sources
    assert "pubmed-text" in host.registry.sources
    [problem] = host.problems
    assert problem.plugin == "bad"
    assert "RuntimeError: boom" in problem.message


def test_registering_a_non_adapter_is_reported() -> None:
    class Sloppy:
        @hookimpl
        def bibnorm_register_sources(self, register: Callable[[Any], None]) -> None:
            register("not an adapter")

    host = create_host(autoload=False, extra_plugins=[("sloppy", Sloppy())])
    [problem] = host.problems
    assert problem.plugin == "sloppy"
    assert "not a SourceAdapter" in problem.message


class FakeEntryPoint:
    """Stands in for an installed distribution's entry point."""

    def __init__(self, name: str, load: Callable[[], object]) -> None:
        self.name = name
        self._load = load
        self.dist = SimpleNamespace(name=f"bibnorm-{name}", version="1.0")

    def load(self) -> object:
        return self._load()


@pytest.fixture
def entry_points(monkeypatch: pytest.MonkeyPatch) -> list[FakeEntryPoint]:
    points: list[FakeEntryPoint] = []

    def fake(*, group: str) -> list[FakeEntryPoint]:
        return points if group == "bibnorm" else []

    monkeypatch.setattr(metadata, "entry_points", fake)
    monkeypatch.delenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("BIBNORM_BLOCK_PLUGINS", raising=False)
    return points


def _fail_import() -> object:
    raise ImportError("No module named 'missing_dependency'")


def test_entry_point_plugins_load_and_a_broken_one_is_reported(
    entry_points: list[FakeEntryPoint],
) -> None:
    entry_points.append(FakeEntryPoint("broken", _fail_import))
    entry_points.append(FakeEntryPoint("toy", lambda: ToyPlugin(ToyAdapter("toy"))))
    host = create_host()
    assert host.registry.sources["toy"].plugin == "toy"
    status = {p.name: (p.status, p.origin) for p in host.plugins}
    assert status["toy"] == ("loaded", "bibnorm-toy 1.0")
    assert status["broken"][0] == "failed"
    [problem] = host.problems
    assert problem.plugin == "broken"
    assert "missing_dependency" in problem.message


@pytest.mark.parametrize(
    ("value", "loaded"),
    [pytest.param("1", False, id="disabled"), pytest.param("0", True, id="zero-means-on")],
)
def test_autoload_switch(
    entry_points: list[FakeEntryPoint],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    loaded: bool,
) -> None:
    entry_points.append(FakeEntryPoint("toy", lambda: ToyPlugin(ToyAdapter("toy"))))
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", value)
    host = create_host()
    assert ("toy" in host.registry.sources) is loaded
    assert "pubmed-text" in host.registry.sources


def test_resolve_format_can_be_overridden_by_a_plugin() -> None:
    class Override:
        @hookimpl
        def bibnorm_resolve_format(
            self, sample: Sample, ranked: list[tuple[str, float]]
        ) -> str | None:
            return "toy" if "force-toy" in sample.text else None

    host = create_host(
        autoload=False,
        extra_plugins=[("toy", ToyPlugin(ToyAdapter("toy"))), ("override", Override())],
    )
    sample = Sample(name="x", text="force-toy but not marked")
    ranked = host.rank(sample)
    assert host.resolve_format(sample, ranked) == "toy"
    plain = Sample(name="y", text="TOY data")
    assert host.resolve_format(plain, host.rank(plain)) == "toy"
    unclaimed = Sample(name="z", text="nothing anyone knows")
    assert host.resolve_format(unclaimed, host.rank(unclaimed)) is None


def test_resolve_format_naming_an_unknown_adapter_is_reported() -> None:
    class Liar:
        @hookimpl
        def bibnorm_resolve_format(
            self, sample: Sample, ranked: list[tuple[str, float]]
        ) -> str | None:
            return "no-such-format"

    host = create_host(autoload=False, extra_plugins=[("liar", Liar())])
    sample = Sample(name="x", text="TOY")
    assert host.resolve_format(sample, host.rank(sample)) is None
    assert "no-such-format" in host.problems[0].message


def test_ranking_ties_are_broken_by_name_not_load_order() -> None:
    host_a = create_host(
        autoload=False,
        extra_plugins=[
            ("p1", ToyPlugin(ToyAdapter("zeta"))),
            ("p2", ToyPlugin(ToyAdapter("alpha"))),
        ],
    )
    host_b = create_host(
        autoload=False,
        extra_plugins=[
            ("p2", ToyPlugin(ToyAdapter("alpha"))),
            ("p1", ToyPlugin(ToyAdapter("zeta"))),
        ],
    )
    sample = Sample(name="x", text="TOY")
    assert host_a.rank(sample)[:2] == host_b.rank(sample)[:2] == [("alpha", 0.9), ("zeta", 0.9)]
    assert host_a.resolve_format(sample, host_a.rank(sample)) == "alpha"


def test_a_sniff_that_raises_scores_zero() -> None:
    class Crashy(ToyAdapter):
        def sniff(self, sample: Sample) -> float:
            raise ValueError("bug")

    host = create_host(autoload=False, extra_plugins=[("crashy", ToyPlugin(Crashy("crashy")))])
    assert ("crashy", 0.0) in host.rank(Sample(name="x", text="TOY"))
    host.rank(Sample(name="y", text="TOY"))
    [problem] = host.problems
    assert problem.plugin == "crashy"
    assert "sniff of adapter 'crashy' raised ValueError('bug')" in problem.message


class UpperTitles:
    name = "upper-titles"
    stage = 300

    def process(self, record: Record) -> Record:
        return replace(record, title=(record.title or "").upper())


class ExclaimTitles:
    name = "exclaim-titles"
    stage = 100

    def process(self, record: Record) -> Record:
        return replace(record, title=(record.title or "") + "!")


class ProcessorPlugin:
    @hookimpl
    def bibnorm_register_processors(self, register: Callable[[Processor], None]) -> None:
        register(UpperTitles())
        register(ExclaimTitles())


class TitleListWriter:
    name = "titles"
    suffix = ".txt"
    description = "one title per line"
    schema = None

    def items(self, record: Record, options: WriteOptions) -> list[dict[str, Any]]:
        return [{"title": record.title}]

    def dump(self, items: list[dict[str, Any]], stream: IO[str]) -> None:
        stream.writelines(f"{item['title']}\n" for item in items)


class WriterPlugin:
    @hookimpl
    def bibnorm_register_writers(self, register: Callable[[Writer], None]) -> None:
        register(TitleListWriter())


def test_processors_run_by_stage_on_every_record() -> None:
    host = create_host(
        autoload=False,
        extra_plugins=[("toy", ToyPlugin(ToyAdapter("toy"))), ("procs", ProcessorPlugin())],
    )
    order = [p.name for p in host.registry.processor_stack()]
    assert order == ["exclaim-titles", "text-hygiene", "identifiers", "languages", "upper-titles"]
    result = pipeline.parse_source(inputs.from_text("TOY title", name="t"), host)
    assert [r.title for r in result.records] == ["TOY TITLE!"]


def test_a_plugin_writer_is_used_like_a_builtin() -> None:
    host = create_host(
        autoload=False,
        extra_plugins=[("toy", ToyPlugin(ToyAdapter("toy"))), ("w", WriterPlugin())],
    )
    assert host.registry.writers["titles"].plugin == "w"
    result = pipeline.parse_source(inputs.from_text("TOY a title", name="t"), host)
    out = io.StringIO()
    writer = host.registry.writer("titles")
    writer.dump(pipeline.render([result], writer, WriteOptions()).items, out)
    assert out.getvalue() == "TOY a title\n"


def test_an_adapter_that_raises_is_a_plugin_error_naming_it() -> None:
    class Broken(ToyAdapter):
        def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
            raise KeyError("oops")
            yield  # pragma: no cover - makes this a generator

    host = create_host(autoload=False, extra_plugins=[("brk", ToyPlugin(Broken("broken")))])
    with pytest.raises(PluginError, match="plugin 'brk': adapter 'broken' raised KeyError"):
        pipeline.parse_source(inputs.from_text("TOY", name="t"), host)
