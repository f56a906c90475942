"""The command line as a user meets it: commands, outputs, messages and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bibnorm import cli

SAMPLE = "samples/pubmed-text/35743275.txt"


@pytest.fixture(autouse=True)
def _in_repo(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_root)
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bibnorm` as a user would, from the repository root."""
    env = {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(
        [sys.executable, "-m", "bibnorm", *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_parse_to_csl_with_related_gives_13_items() -> None:
    done = run("parse", SAMPLE, "--to", "csl", "--with-related")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) == 13
    relations = [item.get("custom", {}).get("relation") for item in items]
    assert relations == [None] + ["similar"] * 5 + ["cited-by"] * 5 + ["reference"] * 2
    assert all(item["custom"]["related_to"] == "pmid:35743275" for item in items[1:])
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        pytest.param("json", lambda out: json.loads(out)[0]["title"].startswith("Bone"), id="json"),
        pytest.param(
            "jsonl",
            lambda out: len(out.splitlines()) == 1 and json.loads(out)["identifiers"],
            id="jsonl",
        ),
        pytest.param("csl", lambda out: json.loads(out)[0]["id"] == "pmid:35743275", id="csl"),
    ],
)
def test_each_output_format(fmt: str, check: object) -> None:
    done = run("parse", SAMPLE, "--to", fmt)
    assert done.returncode == 0, done.stderr
    assert callable(check) and check(done.stdout)


def test_stdin_is_read_with_dash() -> None:
    data = Path(SAMPLE).read_bytes()
    done = run("parse", "-", "--to", "csl", stdin=data)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["PMID"] == "35743275"


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    prose = tmp / "prose.txt"
    prose.write_text("Dear diary,\nToday I parsed nothing at all.\n", encoding="utf-8")
    directory = tmp / "folder"
    directory.mkdir()
    return {
        "empty": empty,
        "binary": binary,
        "prose": prose,
        "directory": directory,
        "missing": tmp / "missing.txt",
    }


@pytest.mark.parametrize(
    ("case", "message"),
    [
        pytest.param("empty", "empty input", id="empty"),
        pytest.param("binary", "binary file", id="binary"),
        pytest.param("prose", "unrecognised format; tried ", id="not-pubmed"),
        pytest.param("directory", "is a directory", id="directory"),
        pytest.param("missing", "no such file", id="missing"),
    ],
)
def test_bad_input_gives_one_line_and_the_good_sample_is_still_written(
    tmp_path: Path, case: str, message: str
) -> None:
    bad = _bad_inputs(tmp_path)[case]
    alone = run("parse", str(bad))
    assert alone.returncode == cli.EXIT_INPUT
    assert alone.stdout == ""
    [line] = alone.stderr.splitlines()
    assert str(bad) in line and message in line
    assert "Traceback" not in alone.stderr

    mixed = run("parse", str(bad), SAMPLE, "--to", "csl")
    assert mixed.returncode == cli.EXIT_INPUT
    assert [item["id"] for item in json.loads(mixed.stdout)] == ["pmid:35743275"]
    assert str(bad) in mixed.stderr


def test_a_reader_that_stops_early_is_no_error() -> None:
    # `bibnorm parse ... | head`: once the reader has gone, writing stops quietly.
    inputs = [str(p) for p in sorted(Path("samples/pubmed-xml").glob("*.xml"))] * 4
    env = {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bibnorm", "parse", *inputs, "--to", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"[")
    process.stdout.close()  # far less than the output, which outgrows the pipe's buffer
    errors = process.stderr.read().decode("utf-8", "replace")
    assert process.wait() == 0
    assert "cannot write" not in errors and "Traceback" not in errors, errors


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "refs.json"
    done = run("parse", SAMPLE, "--to", "csl", "--with-related", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 13
    assert [p.name for p in target.parent.iterdir()] == ["refs.json"]


def test_nothing_is_written_when_no_input_parses(tmp_path: Path) -> None:
    target = tmp_path / "refs.json"
    done = run("parse", str(tmp_path / "missing.txt"), "-o", str(target))
    assert done.returncode == cli.EXIT_INPUT
    assert not target.exists()


def test_out_dir_writes_one_file_per_input(tmp_path: Path) -> None:
    copy = tmp_path / "in" / "copy.txt"
    copy.parent.mkdir()
    copy.write_bytes(Path(SAMPLE).read_bytes())
    beside = tmp_path / "35743275.txt"
    beside.write_bytes(Path(SAMPLE).read_bytes())
    done = run(
        "parse",
        "-r",
        str(copy.parent),
        str(beside),
        "--to",
        "jsonl",
        "--out-dir",
        str(tmp_path / "o"),
    )
    assert done.returncode == 0, done.stderr
    # Mirrored below the folder that holds both inputs.
    written = sorted(str(p.relative_to(tmp_path / "o")) for p in (tmp_path / "o").rglob("*.*"))
    assert written == ["35743275.txt.jsonl", "in/copy.txt.jsonl"]


def test_from_skips_detection_and_unknown_names_are_usage_errors() -> None:
    done = run("parse", SAMPLE, "--from", "pubmed-text", "--to", "csl")
    assert done.returncode == 0, done.stderr
    wrong = run("parse", SAMPLE, "--from", "ris-nope")
    assert wrong.returncode == cli.EXIT_USAGE
    assert "unknown input format 'ris-nope'" in wrong.stderr
    assert "pubmed-text" in wrong.stderr
    wrong_out = run("parse", SAMPLE, "--to", "bibtex-nope")
    assert wrong_out.returncode == cli.EXIT_USAGE
    assert "unknown output format 'bibtex-nope'" in wrong_out.stderr


def test_detect_prints_the_ranking() -> None:
    done = run("detect", SAMPLE)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()[:2]
    assert first == f"{SAMPLE}: pubmed-text"
    assert second.split()[0] == "pubmed-text"
    assert second.endswith("<- chosen")


def test_formats_and_plugins_list_the_builtins() -> None:
    formats = run("formats")
    assert formats.returncode == 0
    assert "pubmed-text" in formats.stdout
    for writer, suffix in (
        ("json", ".json"),
        ("csl", ".csl.json"),
        ("jsonl", ".jsonl"),
        ("bibtex", ".bib"),
        ("ris", ".ris"),
        ("nbib", ".nbib"),
    ):
        assert f"  {writer} " in formats.stdout
        assert f"e.g. bibnorm parse page.txt --to {writer} -o page{suffix}\n" in formats.stdout
    plugins = run("plugins")
    assert plugins.returncode == 0
    assert "bibnorm.sources.pubmed_text" in plugins.stdout
    assert "source pubmed-text" in plugins.stdout


def test_blocking_the_builtin_source_makes_the_sample_unrecognised() -> None:
    done = run("parse", SAMPLE, "--block-plugin", "bibnorm.sources.pubmed_text")
    assert done.returncode == cli.EXIT_INPUT
    assert "unrecognised format" in done.stderr


def test_version_help_and_no_command() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("bibnorm ")
    helptext = run("parse", "--help")
    assert helptext.returncode == 0
    assert "examples:" in helptext.stdout and "exit codes:" in helptext.stdout
    bare = run()
    assert bare.returncode == cli.EXIT_USAGE


def test_diagnostics_name_file_and_line_and_quiet_hides_warnings(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        Path(SAMPLE).read_text(encoding="utf-8") + "\nAn odd trailing line nobody claims\n",
        encoding="utf-8",
    )
    loud = run("parse", str(page), "-v")
    assert loud.returncode == 0
    assert any(
        line.startswith(f"{page}:") and "warning" in line for line in loud.stderr.splitlines()
    )
    quiet = run("parse", str(page), "-q")
    assert quiet.returncode == 0
    assert quiet.stderr == ""


def test_main_in_process_maps_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["parse", SAMPLE, "--to", "nope"]) == cli.EXIT_USAGE
    assert "unknown output format" in capsys.readouterr().err
