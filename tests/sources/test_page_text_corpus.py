"""Every page copy of `../shared/corpus/page-text/` gives every value its `expected.json`
lists, by detection, with no site chrome in a field: the issue's floor, checked with the
same comparison `benchmarks/eval_page_text.py` reports (titles without final stops,
page ranges as shown, keywords in order ...). The held-out sets under `benchmarks/` are
deliberately not tested here: they measure whether the readers generalise."""

from __future__ import annotations

from types import ModuleType

from shared_data import load_benchmark, shared_path

from bibnorm.manager import PluginHost


def load_evaluator() -> ModuleType:
    return load_benchmark("eval_page_text")


def test_every_corpus_page_gives_its_expected_values(host: PluginHost) -> None:
    evaluate = load_evaluator()
    folder = shared_path("corpus", "page-text")
    results = evaluate.evaluate_folder(folder, host)
    assert len(results) >= 61
    problems = [
        f"{result.name}: {result.outcome} {result.message or ''}"
        for result in results
        if result.outcome != "claimed"
    ]
    problems += [
        f"{result.name}: {wrong['field']}: expected {wrong['expected']!r} got {wrong['got']!r}"
        for result in results
        for wrong in result.wrong
    ]
    problems += [f"{result.name}: chrome {hit}" for result in results for hit in result.chrome]
    assert problems == []
    assert {result.format for result in results} == {"page-copy"}
