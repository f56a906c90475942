"""The plugin guide (docs/plugins.md) is a manual that works: its Python examples run,
every name `bibnorm.plugin` offers is explained in it, and the README links to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bibnorm.plugin

REPO_ROOT = Path(__file__).resolve().parents[1]
GUIDE = (REPO_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", GUIDE, flags=re.DOTALL)


def test_the_guide_has_examples_of_each_kind() -> None:
    code = "\n".join(PYTHON_BLOCKS)
    for check in ("check_source_adapter", "check_writer", "check_processor"):
        assert f"{check}(" in code


def test_the_python_examples_run_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # Later examples use what earlier ones defined, as a reader goes through the guide.
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")
    namespace: dict[str, object] = {"__name__": "plugin_guide"}
    for number, code in enumerate(PYTHON_BLOCKS, start=1):
        exec(compile(code, f"docs/plugins.md (python block {number})", "exec"), namespace)


def test_the_examples_import_only_the_stable_names() -> None:
    imported = re.findall(r"^from (bibnorm\S*) import", "\n".join(PYTHON_BLOCKS), re.MULTILINE)
    assert set(imported) <= {"bibnorm.plugin", "bibnorm.testing"}


@pytest.mark.parametrize("name", bibnorm.plugin.__all__)
def test_every_public_name_is_explained(name: str) -> None:
    assert f"`{name}`" in GUIDE or re.search(rf"`[^`]*\b{name}\b[^`]*`", GUIDE), name


def test_the_readme_links_to_the_guide_and_both_examples() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing a plugin", 1)[1].split("\n## ", 1)[0]
    assert "(docs/plugins.md)" in section
    assert "bibnorm plugin new" in section
    assert "plugins/bibnorm-example-ris/" in section
    assert "plugins/bibnorm-example-ris/" in GUIDE
