"""`bibnorm.output`: what a failed or interrupted write leaves, and whom its error blames."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from bibnorm.errors import UsageError
from bibnorm.output import OutputError, checked_output, mirror_root, out_dir_plan, write_output


class ReadFailed(OSError):
    """An input that fails while the output is being written (it is read lazily)."""


def fail_with(error: BaseException) -> Callable[[IO[str]], None]:
    def write(handle: IO[str]) -> None:
        handle.write("[partial" * 10_000)
        raise error

    return write


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(KeyboardInterrupt(), id="ctrl-c"),
        pytest.param(SystemExit(143), id="sigterm-exit"),
        pytest.param(ReadFailed("input vanished"), id="input-error"),
        pytest.param(ValueError("writer bug"), id="writer-bug"),
    ],
)
def test_failed_write_leaves_the_old_file_and_no_temporary(
    error: BaseException, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(type(error)):  # not an OutputError: the output is not to blame
        write_output(target, fail_with(error))
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_new_file_absent_after_a_failed_write(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out.json"
    with pytest.raises(KeyboardInterrupt):
        write_output(target, fail_with(KeyboardInterrupt()))
    assert list((tmp_path / "new").iterdir()) == []


def test_symlink_loop_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OutputError, match="a: cannot write"):
        write_output(tmp_path / "a", lambda handle: handle.write("[]"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_output_is_refused_when_stdin_is_redirected_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "in.txt"
    target.write_text("PMID- 1\n", encoding="utf-8")
    with target.open(encoding="utf-8") as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        with pytest.raises(UsageError, match="standard input"):
            checked_output(str(target), ["-"])
    assert target.read_text(encoding="utf-8") == "PMID- 1\n"


def test_dash_output_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `-o -` means stdout, as `-` does for inputs: no file named "-" appears.
    from bibnorm import cli

    sample = Path(__file__).resolve().parents[1] / "samples/pubmed-text/35743275.txt"
    monkeypatch.chdir(tmp_path)
    assert cli.main(["parse", str(sample), "--no-plugins", "-o", "-"]) == 0
    assert capsys.readouterr().out.lstrip().startswith("[")
    assert not (tmp_path / "-").exists()


# Command-line arguments, -r or not, and each input file with the path of its output
# below --out-dir.
MIRRORED = {
    "r-dir": (["in"], True, {"in/a/x.txt": "a/x.txt", "in/b/x.txt": "b/x.txt"}),
    "r-dir-deep-only": (["in"], True, {"in/a/deep/x.txt": "a/deep/x.txt"}),
    "one-name": (["a/x.txt", "b/x.txt"], False, {"a/x.txt": "a/x.txt", "b/x.txt": "b/x.txt"}),
    "files-side-by-side": (["p.txt", "q.txt"], False, {"p.txt": "p.txt", "q.txt": "q.txt"}),
    "r-dir-and-file": (["in", "p.txt"], True, {"in/x.txt": "in/x.txt", "p.txt": "p.txt"}),
    "stdin": (["-", "in/x.txt"], False, {"-": "stdin", "in/x.txt": "x.txt"}),
}  # fmt: skip


@pytest.mark.parametrize("case", MIRRORED)
def test_out_dir_mirrors_the_inputs_below_their_common_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    arguments, recursive, outputs = MIRRORED[case]
    monkeypatch.chdir(tmp_path)
    for name in outputs:
        if name != "-":
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text("PMID- 1\n", encoding="utf-8")
    plan = out_dir_plan(list(outputs), "out", ".json", mirror_root(arguments, recursive))
    assert plan == [(name, Path("out", f"{path}.json")) for name, path in outputs.items()]
