"""The README is the user's manual: its Python examples run, its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bibnorm import cli

REPO_ROOT = Path(__file__).resolve().parents[1]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


@pytest.mark.parametrize(
    "code", PYTHON_BLOCKS, ids=[f"block{i}" for i in range(len(PYTHON_BLOCKS))]
)
def test_python_example_runs(
    code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")
    exec(compile(code, "README.md", "exec"), {})
    assert "Bone Metastasis" in capsys.readouterr().out


def test_first_screen_has_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:30])
    assert "pip install . && bibnorm parse samples/pubmed-text/35743275.txt" in first_screen
    assert "pip install tox && tox" in first_screen
    assert (REPO_ROOT / "samples/pubmed-text/35743275.txt").is_file()


def test_ci_runs_the_readme_test_command() -> None:
    assert "pip install tox && tox" in (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")


def test_every_subcommand_is_documented() -> None:
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"bibnorm {name}" in README


@pytest.mark.parametrize("code", [0, 1, 2, 3, 4, 5, 130, 143], ids=lambda c: f"exit{c}")
def test_exit_codes_are_documented(code: int) -> None:
    assert re.search(rf"^\| {code} \| ", README, flags=re.MULTILINE)
    assert f"{code} " in cli.EXAMPLES


def test_every_parse_option_is_documented() -> None:
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for action in commands["parse"]._actions:
        longest = max(action.option_strings, key=len, default=None)
        if longest and longest != "--help":
            assert longest in README or action.option_strings[0] in README, longest
