"""Batch runs of `bibnorm parse` (issue 18): outputs that lose nothing, messages said
once, the summary line, and the progress bar on a terminal but never on a pipe."""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections import Counter
from pathlib import Path

import pytest
from shared_data import REPO_ROOT, shared_path

from bibnorm import cli
from bibnorm.progress import RunTally, input_size

SRC = REPO_ROOT / "src"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m bibnorm` in `cwd`, its stderr a pipe."""
    return subprocess.run(
        [sys.executable, "-m", "bibnorm", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
        check=False,
    )


def _env(**settings: str) -> dict[str, str]:
    """The environment of a run: the bar shows at once (so no test waits on a clock)."""
    env = {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1", "BIBNORM_PROGRESS_DELAY": "0"}
    env.pop("BIBNORM_NO_PROGRESS", None)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    return {**env, **settings}


def medline_records(count: int, first_pmid: int = 10_000_000) -> str:
    """`count` MEDLINE records made from the corpus's, each with a PMID of its own."""
    corpus = shared_path("corpus", "medline", "biopython__pubmed_result2.txt")
    text = corpus.read_text(encoding="utf-8")
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]
    made = [
        re.sub(r"^PMID- \d+", f"PMID- {first_pmid + i}", blocks[i % len(blocks)], flags=re.M)
        for i in range(count)
    ]
    return "\n\n".join(made) + "\n"


def deletions_xml(pmids: list[str]) -> str:
    """A PubMed update file that only withdraws records."""
    listed = "".join(f'<PMID Version="1">{pmid}</PMID>' for pmid in pmids)
    return (
        '<?xml version="1.0"?>\n<PubmedArticleSet>\n'
        f"<DeleteCitation>{listed}</DeleteCitation>\n</PubmedArticleSet>\n"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pmids_in(path: Path) -> list[str]:
    return [item["PMID"] for item in json.loads(path.read_text(encoding="utf-8"))]


def test_out_dir_mirrors_a_tree_with_repeated_names(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a" / "x.txt", medline_records(2, 1000))
    write(tmp_path / "in" / "b" / "x.txt", medline_records(1, 2000))
    write(tmp_path / "in" / "b" / "c" / "x.txt", medline_records(1, 3000))
    write(tmp_path / "in" / "withdrawn.xml", deletions_xml(["1", "2"]))
    done = run("parse", "-r", "in", "--to", "csl", "--out-dir", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = {str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.json")}
    # One output per input with records, none lost; no file for the input without any.
    assert written == {"a/x.txt.csl.json", "b/x.txt.csl.json", "b/c/x.txt.csl.json"}
    assert pmids_in(tmp_path / "out" / "a" / "x.txt.csl.json") == ["1000", "1001"]
    assert pmids_in(tmp_path / "out" / "b" / "x.txt.csl.json") == ["2000"]
    assert pmids_in(tmp_path / "out" / "b" / "c" / "x.txt.csl.json") == ["3000"]
    assert done.stderr.splitlines()[-1] == (
        "bibnorm: 4 files read, 4 records written; "
        "1 file without records: in/withdrawn.xml; warnings: pipeline.deletion 1"
    )


def test_one_input_without_records_writes_no_file_and_says_so(tmp_path: Path) -> None:
    write(tmp_path / "withdrawn.xml", deletions_xml(["1"]))
    done = run("parse", "withdrawn.xml", "--to", "csl", "--out-dir", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "out").exists()
    assert done.stderr.splitlines()[-1] == (
        "bibnorm: 1 file read, 0 records written; 1 file without records: withdrawn.xml; "
        "warnings: pipeline.deletion 1"
    )


def test_out_dir_keeps_files_of_one_name_given_apart(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt", medline_records(1, 1000))
    write(tmp_path / "b" / "x.txt", medline_records(1, 2000))
    done = run("parse", "a/x.txt", "b/x.txt", "--to", "csl", "--out-dir", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert pmids_in(tmp_path / "out" / "a" / "x.txt.csl.json") == ["1000"]
    assert pmids_in(tmp_path / "out" / "b" / "x.txt.csl.json") == ["2000"]


def test_a_failed_record_is_reported_once(tmp_path: Path) -> None:
    write(tmp_path / "pmids.txt", "12345\nnot a pmid\n23456\n")
    done = run("parse", "pmids.txt", "--from", "pmid-list", "--to", "csl", cwd=tmp_path)
    assert done.returncode == cli.EXIT_RECORDS_FAILED
    assert [item["PMID"] for item in json.loads(done.stdout)] == ["12345", "23456"]
    assert done.stderr.splitlines() == [
        "pmids.txt:2: error: a line of a PMID list that is no PMID [pmid_list.not-a-pmid]"
    ]


def test_hundreds_of_withdrawn_pmids_are_one_short_line(tmp_path: Path) -> None:
    pmids = [str(40_000_000 + i) for i in range(300)]
    write(tmp_path / "update.xml", deletions_xml(pmids))
    done = run("parse", "update.xml", "--to", "csl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    notice, summary = done.stderr.splitlines()
    assert notice == (
        "update.xml:3: warning: the input withdraws 300 records (-v lists their PMIDs) "
        "[pipeline.deletion]"
    )
    assert summary.endswith("1 file without records: update.xml; warnings: pipeline.deletion 1")
    verbose = run("parse", "update.xml", "--to", "csl", "-v", cwd=tmp_path)
    [line] = [line for line in verbose.stderr.splitlines() if line.startswith("update.xml:3:")]
    assert line.endswith(repr(", ".join(pmids)))


def test_summary_after_a_batch_and_not_after_one_small_input(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", medline_records(3, 1000))
    write(tmp_path / "pmids.txt", "12345\nnot a pmid\n")
    write(tmp_path / "prose.txt", "Dear diary, nothing to cite today.\n")
    done = run("parse", "one.txt", "pmids.txt", "prose.txt", "--to", "csl", cwd=tmp_path)
    assert done.returncode == cli.EXIT_INPUT
    assert len(json.loads(done.stdout)) == 4
    assert done.stderr.splitlines()[-1] == (
        "bibnorm: 2 files read, 4 records written, 1 record failed; 1 file failed: prose.txt"
    )
    alone = run("parse", "one.txt", "--to", "csl", cwd=tmp_path)
    assert alone.returncode == 0 and alone.stderr == ""
    quiet = run("parse", "one.txt", "pmids.txt", "--to", "csl", "-q", cwd=tmp_path)
    assert "bibnorm:" not in quiet.stderr


def run_on_terminal(*args: str, cwd: Path, columns: int = 120, **settings: str) -> tuple[int, str]:
    """`python -m bibnorm` with its stderr on a pseudo-terminal of `columns` columns (0:
    one that says nothing of its size) and the environment `settings`: its exit status
    and all it wrote there."""
    leader, follower = pty.openpty()
    if columns:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "bibnorm", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=cwd,
        env=_env(**settings),
    )
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not data:
            break
        shown += data
    os.close(leader)
    return process.wait(), shown.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def big_medline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MEDLINE file of 6,000 records (14 MB): long enough to show the bar."""
    return write(tmp_path_factory.mktemp("big") / "big.txt", medline_records(6000))


def parse_on_terminal(big: Path, *options: str, **settings: str) -> tuple[int, str]:
    return run_on_terminal(
        "parse", big.name, "--to", "csl", "-o", "out.json", *options, cwd=big.parent, **settings
    )


# What the bar shows of one input of known size, read by one process or by `-j 2`
# workers: the share of its bytes read, the time left, files, records and their rate.
BAR_SHAPE = re.compile(
    r"bibnorm \|.{20}\| +(\d+)%, 0/1 files, ([\d,]+) records, [\d,]+ records/s, \S+ left"
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_long_run_shows_a_bar_on_a_terminal(big_medline: Path, jobs: str) -> None:
    status, shown = parse_on_terminal(big_medline, "-j", jobs)
    assert status == 0, shown
    *frames, cleared, summary, end = shown.split("\r")
    shapes = [BAR_SHAPE.fullmatch(frame.rstrip()) for frame in frames if frame]
    assert shapes and all(shapes), frames
    counts = [int(shape.group(2).replace(",", "")) for shape in shapes if shape]
    assert counts == sorted(counts) and 0 < counts[-1] <= 6000, counts
    # The share moves with the reading, never back.
    shares = [int(shape.group(1)) for shape in shapes if shape]
    assert shares == sorted(shares) and shares[-1] > 0, shares
    # The bar is cleared at the end; the summary stays, alone on its line.
    assert cleared.strip() == "" and end == "\n"
    assert summary == "bibnorm: 1 file read, 6,000 records written"


def test_a_terminal_that_gives_no_size_still_shows_a_bar(big_medline: Path) -> None:
    status, shown = run_on_terminal(
        "parse", big_medline.name, "--to", "csl", "-o", "out.json", cwd=big_medline.parent,
        columns=0,
    )  # fmt: skip
    assert status == 0, shown
    frames = [frame.rstrip() for frame in shown.split("\r") if "records/s" in frame]
    assert frames and all(len(frame) <= 80 for frame in frames), frames
    assert any(BAR_SHAPE.fullmatch(frame) or "%" in frame for frame in frames), frames


def test_messages_print_whole_above_the_bar(big_medline: Path) -> None:
    loose = "PMID- 99000005\nTI  - A record with a line no rule takes.\nDP  - 2020\nloose words\n"
    for name in ("w1.txt", "w2.txt"):
        write(big_medline.parent / name, loose)
    status, shown = run_on_terminal(
        "parse", big_medline.name, "w1.txt", "w2.txt", "-j", "1", "-o", "out.json",
        cwd=big_medline.parent,
    )  # fmt: skip
    assert status == 0, shown
    assert "records/s" in shown
    for name in ("w1.txt", "w2.txt"):
        line = f"{name}:4: warning: no rule took this line [medline.unclaimed-line]\r\n"
        # On a line of its own: the bar was cleared before it, not written over.
        assert f"\r{line}" in shown, shown[-2000:]


def test_no_bar_on_a_pipe_or_when_turned_off(big_medline: Path) -> None:
    piped = run("parse", big_medline.name, "--to", "csl", "-o", "out.json", cwd=big_medline.parent)
    assert piped.returncode == 0
    assert piped.stderr == "bibnorm: 1 file read, 6,000 records written\n"
    status, shown = parse_on_terminal(big_medline, "--no-progress")
    assert status == 0
    assert shown == "bibnorm: 1 file read, 6,000 records written\r\n"
    status, shown = parse_on_terminal(big_medline, BIBNORM_NO_PROGRESS="1")
    assert shown == "bibnorm: 1 file read, 6,000 records written\r\n"
    status, shown = parse_on_terminal(big_medline, BIBNORM_PROGRESS_DELAY="soon")
    assert status == cli.EXIT_USAGE
    assert "BIBNORM_PROGRESS_DELAY: expected a number of seconds, got 'soon'" in shown


def test_summary_counts_and_names() -> None:
    tally = RunTally(
        inputs=7,
        files_read=6,
        records_read=1203,
        records_written=1203,
        records_failed=1,
        failed_files=["g.txt"],
        files_without_records=["a.txt", "b.txt", "c.txt", "d.txt"],
    )
    assert tally.worth_summing_up()
    warnings = Counter({"medline.unknown-tag": 3, "identifiers.invalid": 12})
    assert tally.summary(warnings) == (
        "bibnorm: 6 files read, 1,203 records written, 1 record failed; 1 file failed: g.txt; "
        "4 files without records: a.txt, b.txt, c.txt and 1 more; "
        "warnings: identifiers.invalid 12, medline.unknown-tag 3"
    )
    assert not RunTally(inputs=1, records_read=300).worth_summing_up()
    assert RunTally(inputs=1, records_read=301).worth_summing_up()
    assert RunTally(inputs=1, files_without_records=["a.txt"]).worth_summing_up()


def test_input_size_of_gzip_is_its_decompressed_size(tmp_path: Path) -> None:
    data = b"PMID- 1\n" * 5000
    packed = tmp_path / "x.txt.gz"
    packed.write_bytes(gzip.compress(data))
    plain = tmp_path / "x.txt"
    plain.write_bytes(data)
    assert input_size(str(packed)) == len(data)
    assert input_size(str(plain)) == len(data)
    assert input_size("-") is None
    assert input_size(str(tmp_path / "missing")) is None
