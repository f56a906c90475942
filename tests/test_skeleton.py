"""`bibnorm plugin new`: the package it writes, the mistakes it refuses, and (end to end)
that each kind installs beside bibnorm, passes its own tests and works from the CLI."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from bibnorm import cli, skeleton
from bibnorm.errors import UsageError

KIND_FILES = {
    "source": "tests/data/sample.jsonl",
    "writer": "tests/data/sample.nbib",
    "processor": "tests/data/sample.nbib",
}


@pytest.mark.parametrize("kind", skeleton.KINDS)
def test_each_kind_writes_a_whole_package(tmp_path: Path, kind: str) -> None:
    written = skeleton.create("europe-pmc", kind, tmp_path)
    root = tmp_path / "europe-pmc"
    assert sorted(str(p.relative_to(root)) for p in written) == sorted(
        [
            "pyproject.toml",
            "README.md",
            "src/bibnorm_europe_pmc/__init__.py",
            "src/bibnorm_europe_pmc/py.typed",
            "tests/test_europe_pmc.py",
            KIND_FILES[kind],
        ]
    )
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "bibnorm-europe-pmc"' in pyproject
    assert '[project.entry-points.bibnorm]\neurope-pmc = "bibnorm_europe_pmc"' in pyproject
    for path in written:
        assert "$" not in path.read_text(encoding="utf-8").replace("$[", ""), path


@pytest.mark.parametrize("kind", skeleton.KINDS)
def test_the_plugin_imports_only_bibnorm_plugin_and_the_standard_library(
    tmp_path: Path, kind: str
) -> None:
    skeleton.create("demo", kind, tmp_path)
    tree = ast.parse((tmp_path / "demo/src/bibnorm_demo/__init__.py").read_text("utf-8"))
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    outside = {
        name
        for name in modules
        if name != "bibnorm.plugin" and name.split(".")[0] not in sys.stdlib_module_names
    }
    assert modules and not outside, outside


@pytest.mark.parametrize(
    "name",
    ["", "Europe", "europe_pmc", "-pmc", "pmc-", "europe--pmc", "1pmc", "pmc!", "x" * 41],
)
def test_a_bad_name_is_refused_with_what_a_name_must_be(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="expected lower-case letters and digits"):
        skeleton.create(name, "source", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_files_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "pmc").mkdir()
    (tmp_path / "pmc" / "mine.py").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists and is not an empty folder"):
        skeleton.create("pmc", "source", tmp_path)
    assert [p.name for p in (tmp_path / "pmc").iterdir()] == ["mine.py"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists"):
        skeleton.create("file", "source", tmp_path)


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "pmc").mkdir()
    skeleton.create("pmc", "writer", tmp_path)
    assert (tmp_path / "pmc" / "pyproject.toml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["pmc"]  # no scratch folder left


def test_a_name_an_installed_format_has_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="'medline': a source of that name is installed"):
        skeleton.create("medline", "source", tmp_path, taken={"medline", "jats"})


def test_a_folder_that_cannot_be_written_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot write the plugin to"):
        skeleton.create("pmc", "source", tmp_path / "plain-file")


def test_the_command_line_writes_it_and_says_what_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["plugin", "new", "--kind", "processor", "tidy", str(tmp_path / "sub")])
    out = capsys.readouterr().out
    assert status == 0
    assert (tmp_path / "sub/tidy/src/bibnorm_tidy/__init__.py").is_file()
    assert "wrote a processor plugin in" in out
    assert f"pip install {tmp_path / 'sub' / 'tidy'}" in out
    assert "bibnorm plugins" in out


@pytest.mark.parametrize(
    "order",
    [
        ["NAME", "--kind", "writer", "DIR"],  # as the issue and the help write it
        ["--kind", "writer", "NAME", "DIR"],
        ["NAME", "DIR", "--kind", "writer"],
    ],
)
def test_the_kind_may_stand_anywhere(
    order: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [{"NAME": "refs-md", "DIR": str(tmp_path)}.get(arg, arg) for arg in order]
    assert cli.main(["plugin", "new", *argv]) == 0
    assert "wrote a writer plugin" in capsys.readouterr().out
    assert (tmp_path / "refs-md" / "pyproject.toml").is_file()


def test_other_leftover_arguments_are_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["formats", "extra"])
    assert exit_.value.code == cli.EXIT_USAGE
    assert "unrecognized arguments: extra" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plugin", "new", "Bad Name"], "plugin name 'Bad Name': expected"),
        (["plugin", "new", "pubmed-xml"], "'pubmed-xml': a source of that name is installed"),
        (["plugin", "new", "--kind", "writer", "csl"], "'csl': a writer of that name"),
        (["plugin"], "expected an action: new NAME"),
    ],
)
def test_the_command_line_refuses_mistakes_with_a_message(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# --- end to end: a fresh venv beside bibnorm -------------------------------------------


def _fresh_venv(folder: Path) -> Path:
    """A new venv that also sees this interpreter's packages (bibnorm, pytest, hatchling)
    after its own: `--system-site-packages` would give the base Python's instead, which a
    tox env's interpreter is not."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {
        *site.getsitepackages(),
        sysconfig.get_paths()["purelib"],
        sysconfig.get_paths()["platlib"],
    }
    lines = [f"import site; site.addsitedir({path!r})" for path in sorted(ours)]
    Path(own, "_beside_bibnorm.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return python


def _run(python: Path, *args: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBNORM_")}
    done = subprocess.run(
        [str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_each_kind_installs_passes_its_tests_and_works_from_the_cli(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:
        if os.environ.get("CI"):
            pytest.fail("hatchling is needed to build the generated plugins (tox.ini tests deps)")
        pytest.skip("hatchling is not installed (pip install hatchling)")
    for kind, name in [("source", "refs-jsonl"), ("writer", "md-list"), ("processor", "tidy")]:
        assert cli.main(["plugin", "new", "--kind", kind, name, str(tmp_path)]) == 0
    python = _fresh_venv(tmp_path / "venv")
    folders = [str(tmp_path / name) for name in ("refs-jsonl", "md-list", "tidy")]
    _run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        *folders,
        cwd=tmp_path,
    )

    for folder in folders:
        out = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", folder, cwd=tmp_path)
        assert " passed" in out and "failed" not in out and "skipped" not in out, out

    formats = _run(python, "-m", "bibnorm", "formats", cwd=tmp_path)
    assert "  refs-jsonl " in formats and "[refs-jsonl]" in formats
    assert "  md-list " in formats and "(.md)  [md-list]" in formats
    plugins = _run(python, "-m", "bibnorm", "plugins", cwd=tmp_path)
    for name, what in [("refs-jsonl", "source"), ("md-list", "writer"), ("tidy", "processor")]:
        assert f"{what} {name}" in plugins

    # Each sample through `bibnorm parse`, the format detected, all three plugins at work.
    jsonl = tmp_path / "refs-jsonl/tests/data/sample.jsonl"
    items = json.loads(
        _run(python, "-m", "bibnorm", "parse", str(jsonl), "--to", "csl", cwd=tmp_path)
    )
    assert [item["title"] for item in items][:2] == [
        "An invented trial of sample data in three arms",
        "A second invented reference, with a key no field takes",
    ]
    assert items[0]["container-title"] == "Journal of Invented Results"  # the processor
    nbib = tmp_path / "md-list/tests/data/sample.nbib"
    listing = _run(python, "-m", "bibnorm", "parse", str(nbib), "--to", "md-list", cwd=tmp_path)
    assert listing.startswith("1. Nakamura Y. An invented sample record saved as a .nbib file. ")
    assert "*Sample Life Sciences*" in listing
    second = "2. Okafor C. A second invented .nbib record. *Sample Life Sciences*. 2021."
    assert listing.endswith(f"{second} PMID: 99000031.\n")
