"""Issue 14, items 3 to 5: inputs that hang, runs that are stopped, workers that die.

Every input has a time limit (`--timeout`) after which it fails alone; an input that
fails as a whole part-way adds nothing to the output; SIGTERM ends a run as Ctrl-C
does; a worker that dies fails its input only. Faulty plugins come from a launcher
script made in `tmp_path`, which registers them and runs `bibnorm.cli.main`.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, Run, check, leftovers, run

from bibnorm import jobs

# A plugin of faults, each switched on by the text of an input (or, for the worker
# faults, by `FAULT` in the environment), so the good inputs beside it go through.
LAUNCHER = '''
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from bibnorm import cli, hookimpl
from bibnorm.model import FailedRecord, Record

PARENT = os.getpid()
FAULT = os.environ.get("FAULT", "")


def in_worker() -> bool:
    return os.getpid() != PARENT


class Hanging:
    """Claims inputs that start with HANG; hangs in `parse` (after two records with
    HANG-LATE), or in `sniff` for HANG-SNIFF."""

    name = "hanging"
    description = "hangs"

    def sniff(self, sample):
        if sample.text.startswith("HANG-SNIFF"):
            Path("started").touch()
            while True:
                pass
        return 1.0 if sample.text.startswith("HANG") else 0.0

    def parse(self, source):
        if source.text.startswith("HANG-LATE"):
            yield Record(title="Read before the hang")
            yield Record(title="Also read before the hang")
        if source.text.startswith("HANG-PROCESSOR"):
            yield Record(title="HANG in a processor")
        if source.text.startswith("HANG-MIXED"):
            yield Record(title="First of three")
            yield FailedRecord(
                adapter=self.name, file=source.name, span=None, raw="?", diagnostics=()
            )
            yield Record(title="Third of three")
            return
        if source.text.startswith("HANG-CRASH"):
            yield Record(title="Read before the crash")
            raise RuntimeError("the adapter broke part-way")
        Path("started").touch()
        while True:
            pass


class Faults:
    """A processor: hangs on a record titled HANG...; in a worker, with FAULT set, it
    notes the worker's pid and then dies (FAULT=die) or waits for ever (FAULT=wait)."""

    name = "faults"
    stage = 150
    seen = 0

    def process(self, record):
        if record.title and record.title.startswith("HANG"):
            while True:
                pass
        if FAULT and in_worker():
            Faults.seen += 1
            if Faults.seen == 1:
                Path(f"worker-{os.getpid()}").touch()
            if FAULT == "die" and Faults.seen == 50:
                os.kill(os.getpid(), signal.SIGKILL)
            if FAULT == "wait":
                while True:
                    time.sleep(0.05)
        return record


class Plugin:
    @hookimpl
    def bibnorm_register_sources(self, register):
        register(Hanging())

    @hookimpl
    def bibnorm_register_processors(self, register):
        register(Faults())


real_create_host = cli.create_host


def create_host(**options):
    return real_create_host(**options, extra_plugins=[("test-faults", Plugin())])


cli.create_host = create_host
sys.exit(cli.main(sys.argv[1:]))
'''


@pytest.fixture(autouse=True)
def _no_worker_outlives_its_test(tmp_path: Path) -> Iterator[None]:
    """Should a test fail with workers still running, end them (only those the test's
    own launcher started, as their command line shows)."""
    yield
    for note in tmp_path.glob("worker-*"):
        pid = int(note.name.split("-")[1])
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if alive(pid) and str(tmp_path / "launch.py").encode() in command:
            os.kill(pid, signal.SIGKILL)


def write_launcher(folder: Path) -> Path:
    launcher = folder / "launch.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    return launcher


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1", **extra}


def run_with_faults(*args: str, cwd: Path, fault: str = "") -> Run:
    """Run bibnorm with the fault plugin registered, as `harness.run` runs bibnorm."""
    launcher = write_launcher(cwd)
    done = subprocess.run(
        [sys.executable, str(launcher), *args],
        cwd=cwd,
        capture_output=True,
        env=environment(FAULT=fault),
        timeout=120,
        check=False,
    )
    out, err = (stream.decode("utf-8", "replace") for stream in (done.stdout, done.stderr))
    return Run(done.returncode, out, err)


def start_with_faults(*args: str, cwd: Path, fault: str = "") -> subprocess.Popen[bytes]:
    launcher = write_launcher(cwd)
    return subprocess.Popen(
        [sys.executable, str(launcher), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(FAULT=fault),
    )


def wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    """Wait until `condition` holds (the run reached the point a test stops it at), for
    as long as `process` runs, and at most a minute."""
    for _ in range(600):
        if condition():
            return
        if process.poll() is not None:
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(0.1)
    process.kill()
    _, err = process.communicate()
    pytest.fail(f"never saw {what}; exit {process.returncode}: {err.decode(errors='replace')}")


def wait_until_gone(pids: list[int]) -> None:
    """Wait (at most a minute) until none of `pids` runs."""
    for _ in range(600):
        if not any(alive(pid) for pid in pids):
            return
        threading.Event().wait(0.1)
    pytest.fail(f"still running: {[pid for pid in pids if alive(pid)]}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still has a pid until it is reaped; it runs no more.
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()
    except OSError:
        return True


def big_medline(path: Path, count: int | None = None) -> list[str]:
    """A MEDLINE file big enough to be read by worker processes; its PMIDs."""
    record = GOOD_MEDLINE.replace("A good record beside a bad one.", "A record of a big file.")
    copies = count or jobs.MIN_BYTES_PER_JOB // len(record) + 1
    pmids = [str(91_000_000 + n) for n in range(copies)]
    text = "\n".join(record.replace("99000001", pmid) for pmid in pmids)
    path.write_text(text, encoding="utf-8")
    return pmids


def pmids_in(output: str) -> list[str]:
    return [item["PMID"] for item in json.loads(output)]


def good(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(GOOD_MEDLINE, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Hang:
    """An input that hangs somewhere, and what the message must say was running."""

    id: str
    text: str
    running: str


HANGS = [
    Hang("adapter", "HANG\n", "the adapter 'hanging' (plugin 'test-faults') was reading it"),
    Hang(
        "adapter-after-two-records",
        "HANG-LATE\n",
        "the adapter 'hanging' (plugin 'test-faults') was reading it",
    ),
    Hang(
        "processor",
        "HANG-PROCESSOR\n",
        "the processor 'faults' (plugin 'test-faults') was processing a record",
    ),
    Hang(
        "sniff",
        "HANG-SNIFF\n",
        "the adapter 'hanging' (plugin 'test-faults') was scoring it",
    ),
]


@pytest.mark.parametrize("hang", HANGS, ids=lambda h: h.id)
def test_a_hanging_plugin_fails_its_input_alone(hang: Hang, tmp_path: Path) -> None:
    (tmp_path / "stuck.txt").write_text(hang.text, encoding="utf-8")
    good(tmp_path)
    result = run_with_faults(
        "parse", "stuck.txt", "good.txt", "--to", "csl", "--timeout", "2", "-o", "out.json",
        cwd=tmp_path,
    )  # fmt: skip
    check(result, status=3, names=("stuck.txt",))
    assert f"stuck.txt: timed out after 2 s while {hang.running}" in result.stderr
    assert "none of its records were written" in result.stderr
    assert pmids_in((tmp_path / "out.json").read_text(encoding="utf-8")) == ["99000001"]
    expected = {"launch.py", "stuck.txt", "good.txt", "out.json", "started"}
    assert leftovers(tmp_path, expected) == set()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_with_no_writer_times_out_alone(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    good(tmp_path)
    result = run("parse", "pipe", "good.txt", "--to", "csl", "--timeout", "2", cwd=tmp_path)
    check(result, status=3, names=("pipe",))
    assert "pipe: timed out after 2 s while it was being opened" in result.stderr
    assert pmids_in(result.stdout) == ["99000001"]


def test_the_workers_of_an_input_that_times_out_are_ended(tmp_path: Path) -> None:
    big_medline(tmp_path / "big.txt")
    good(tmp_path)
    result = run_with_faults(
        "parse", "big.txt", "good.txt", "--to", "csl", "-j", "2", "--timeout", "3",
        cwd=tmp_path, fault="wait",
    )  # fmt: skip
    check(result, status=3, names=("big.txt",))
    running = "2 worker processes were reading it (adapter 'medline'"
    assert f"big.txt: timed out after 3 s while {running}" in result.stderr
    assert pmids_in(result.stdout) == ["99000001"]
    # The workers that reached their first record (a loaded machine may time out first).
    workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
    assert not any(alive(pid) for pid in workers)


@pytest.mark.parametrize("value", ["-1", "soon", "inf", "nan"])
def test_a_timeout_must_be_a_number_of_seconds(value: str, tmp_path: Path) -> None:
    good(tmp_path)
    result = run("parse", "good.txt", "--timeout", value, cwd=tmp_path)
    check(result, status=2)
    assert "expected a number of seconds" in result.stderr


@pytest.mark.parametrize("value", ["0", "0.5", "600"])
def test_a_timeout_that_is_not_reached_changes_nothing(value: str, tmp_path: Path) -> None:
    good(tmp_path)
    result = run("parse", "good.txt", "--to", "csl", "--timeout", value, cwd=tmp_path)
    check(result, status=0)
    assert pmids_in(result.stdout) == ["99000001"]


ARTICLE = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">{pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue>
<Volume>12</Volume><PubDate><Year>2021</Year></PubDate></JournalIssue>
<Title>Journal of Reliable Results</Title></Journal>
<ArticleTitle>A record of a big file.</ArticleTitle></Article></MedlineCitation>
</PubmedArticle>
"""


def broken_gzip(folder: Path) -> Path:
    """A gzip PubMed XML file cut short: read as a stream, its first records are built
    before the break is met."""
    articles = "".join(ARTICLE.format(pmid=92_000_000 + n) for n in range(3000))
    xml = f'<?xml version="1.0"?>\n<PubmedArticleSet>\n{articles}</PubmedArticleSet>\n'
    data = gzip.compress(xml.encode("utf-8"))
    path = folder / "cut.xml.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    return path


@dataclass(frozen=True)
class PartWay:
    """An input that fails as a whole after some of its records were read."""

    id: str
    make: Callable[[Path], Path]
    status: int
    says: str
    fault: str = ""
    jobs: str = "1"


def _text_input(text: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "bad.txt"
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _big_input(folder: Path) -> Path:
    big_medline(folder / "big.txt")
    return folder / "big.txt"


PART_WAY = [
    PartWay("adapter-crash", _text_input("HANG-CRASH\n"), 4, "the adapter broke part-way"),
    PartWay("broken-gzip", broken_gzip, 3, "broken gzip data"),
    PartWay("worker-killed", _big_input, 4, "a worker process was killed by SIGKILL", "die", "2"),
]


@pytest.mark.parametrize("case", PART_WAY, ids=lambda c: c.id)
@pytest.mark.parametrize("output", ["stdout", "file"])
def test_an_input_that_fails_part_way_adds_nothing(
    case: PartWay, output: str, tmp_path: Path
) -> None:
    bad = case.make(tmp_path)
    good(tmp_path)
    to_file = ["-o", "out.json"] if output == "file" else []
    result = run_with_faults(
        "parse", bad.name, "good.txt", "--to", "csl", "-j", case.jobs, *to_file,
        cwd=tmp_path, fault=case.fault,
    )  # fmt: skip
    check(result, status=case.status, names=(bad.name,))
    assert case.says in result.stderr
    assert "none of its records were written" in result.stderr
    written = (tmp_path / "out.json").read_text(encoding="utf-8") if to_file else result.stdout
    assert pmids_in(written) == ["99000001"]
    expected = {"launch.py", bad.name, "good.txt", "out.json"}
    assert leftovers(tmp_path, expected | {p.name for p in tmp_path.glob("worker-*")}) == set()


def test_a_record_that_fails_alone_costs_only_itself(tmp_path: Path) -> None:
    (tmp_path / "mixed.txt").write_text("HANG-MIXED\n", encoding="utf-8")
    result = run_with_faults("parse", "mixed.txt", "--to", "csl", cwd=tmp_path)
    check(result, status=1, names=("mixed.txt",))
    assert "none of its records were written" not in result.stderr
    titles = [item["title"] for item in json.loads(result.stdout)]
    assert titles == ["First of three", "Third of three"]


def test_sigterm_leaves_no_temporary_file_and_the_target_untouched(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / "stuck.txt").write_text("HANG\n", encoding="utf-8")
    (tmp_path / "out.json").write_text("the user's old file\n", encoding="utf-8")
    process = start_with_faults(
        "parse", "good.txt", "stuck.txt", "--to", "csl", "-o", "out.json", cwd=tmp_path
    )
    wait_for((tmp_path / "started").exists, "the adapter hang", process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    result = Run(process.returncode, "", err.decode("utf-8", "replace"))
    check(result, status=143)
    assert result.stderr.endswith("bibnorm: terminated\n")
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == "the user's old file\n"
    expected = {"launch.py", "good.txt", "stuck.txt", "out.json", "started"}
    assert leftovers(tmp_path, expected) == set()


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc to see zombies")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_workers_end_with_their_parent(how: str, tmp_path: Path) -> None:
    big_medline(tmp_path / "big.txt")
    process = start_with_faults("parse", "big.txt", "-j", "2", cwd=tmp_path, fault="wait")

    def workers() -> list[int]:
        return [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]

    wait_for(lambda: len(workers()) == 2, "two workers at work", process)
    process.send_signal(getattr(signal, how))
    _, err = process.communicate(timeout=60)
    if how == "SIGTERM":
        check(Run(process.returncode, "", err.decode("utf-8", "replace")), status=143)
        # The parent waited for its workers before it ended.
        assert not any(alive(pid) for pid in workers())
    else:
        # Orphaned, they notice that their parent is gone and end.
        wait_until_gone(workers())
    assert "Traceback" not in err.decode("utf-8", "replace")
    expected = {"launch.py", "big.txt", *(f"worker-{pid}" for pid in workers())}
    assert leftovers(tmp_path, expected) == set()
