"""Contract tests over every registered adapter, writer and processor, built-in or not."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from bibnorm import hookspecs, inputs, pipeline
from bibnorm.manager import create_host
from bibnorm.model import Record
from bibnorm.testing import check_processor, check_source_adapter, check_writer

REPO_ROOT = Path(__file__).resolve().parents[1]
HOST = create_host(autoload=True)
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def samples_for(adapter: str) -> list[str]:
    folder = REPO_ROOT / "samples" / adapter
    return [
        p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*"))
        if p.is_file() and not p.name.endswith(".expected.json")
    ]


def sample_records() -> list[Record]:
    records: list[Record] = []
    for name in HOST.registry.sources:
        for i, text in enumerate(samples_for(name)):
            source = inputs.from_text(text, name=f"{name}-{i}")
            records.extend(pipeline.parse_source(source, HOST, format=name).records)
    return records


@pytest.mark.parametrize("name", sorted(HOST.registry.sources))
def test_source_adapter_contract(name: str) -> None:
    check_source_adapter(HOST.registry.source(name), samples_for(name))


@pytest.mark.parametrize("name", sorted(HOST.registry.writers))
def test_writer_contract(name: str) -> None:
    records = sample_records()
    assert records
    check_writer(HOST.registry.writer(name), records)


def test_builtin_sources_have_samples_with_golden_files() -> None:
    for name, entry in HOST.registry.sources.items():
        if entry.plugin.startswith("bibnorm."):
            assert samples_for(name), f"built-in source {name!r} has no samples/{name}/"


@pytest.mark.parametrize("name", sorted(HOST.registry.processors))
def test_processor_contract(name: str) -> None:
    check_processor(HOST.registry.processors[name].value, sample_records())


@pytest.mark.parametrize("name", sorted(HOST.registry.processors))
def test_processor_leaves_its_input_unchanged(name: str) -> None:
    processor = HOST.registry.processors[name].value
    for record in sample_records():
        before = repr(record)
        processor.process(record)
        assert repr(record) == before


HOOKS = [
    name
    for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("bibnorm_")
]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_and_tested(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert ":param" in doc, f"{hook} docstring does not explain its parameters"
    assert hook in README, f"{hook} is not described in the README"
    tests = "".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "tests").rglob("test_*.py"))
    assert re.search(rf"def {hook}\(", tests), f"no test implements {hook}"
