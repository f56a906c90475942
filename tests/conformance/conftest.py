"""The conformance run shared by the tests, and the closing table printed after them.

It runs only when tests/conformance is named on the command line (`pytest
tests/conformance`, `tox -e conformance`); a bare `pytest` deselects it. The
`conformance` session fixture renders every item with every consumer once (see
`run_consumers`); the tests then look at their slice. The closing table (consumer,
version, items, errors, warnings) is printed at the end of the run and written to
`$BIBNORM_CONFORMANCE_SUMMARY` when that is set (tox sets it to a file in the env's tmp
dir), with every failure beside it as JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from run_consumers import Conformance, findings, run_all, table
from shared_data import in_ci

HERE = Path(__file__).resolve().parent

# Filled by the fixture, read by the terminal summary (which gets no fixtures).
RESULTS: list[Conformance] = []


def asked_for(config: pytest.Config) -> bool:
    """Whether the command line names this folder (or a file in it).

    A bare `pytest` collects every test under tests/, but this suite needs node, npm and
    pandoc and takes minutes: it runs only when named, as the `conformance` tox env does.
    """
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if path == HERE or HERE in path.parents:
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if asked_for(config):
        return
    ours = [item for item in items if HERE in item.path.parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if HERE not in item.path.parents]


@pytest.fixture(scope="session")
def conformance(tmp_path_factory: pytest.TempPathFactory) -> Conformance:
    result = run_all(tmp_path_factory.mktemp("conformance"))
    RESULTS.append(result)
    return result


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RESULTS:
        return
    result = RESULTS[-1]
    lines = table(result)
    terminalreporter.section("CSL consumer conformance")
    for line in lines:
        terminalreporter.write_line(line)
    target = os.environ.get("BIBNORM_CONFORMANCE_SUMMARY")
    if target:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        path.with_suffix(".json").write_text(
            json.dumps(findings(result), indent=1, ensure_ascii=False), encoding="utf-8"
        )
        terminalreporter.write_line(f"summary written to {path} (failures: {path.stem}.json)")
    if in_ci() and result.missing:
        terminalreporter.write_line("CI=true: a consumer that did not run is a failure")
