"""Inputs that are streams: process substitution, a pipe, a FIFO, `-` and `/dev/stdin`.

Each is read once, into a spool bibnorm owns (an anonymous temporary file), and works
wherever a file does: beside a good file, with `-o` and without, gzip-compressed or
not. Oversized inputs (a decompression bomb, text past `--max-input-mb`) fail alone,
with exit 3 and the file named, and the good input of the batch is still written.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, Run, check, leftovers

STREAMED_MEDLINE = GOOD_MEDLINE.replace("99000001", "99000002").replace("A good", "A streamed")


@dataclass
class Feed:
    """How a case hands bibnorm its stream: the argument naming it, and what to start."""

    argument: str
    stdin: bytes | None = None
    pass_fds: tuple[int, ...] = ()
    shell: bool = False  # the argument is bash syntax (process substitution)
    writer: threading.Thread | None = None
    cleanup: Callable[[], None] | None = None


def feed_stdin_dash(tmp_path: Path, data: bytes) -> Feed:
    return Feed("-", stdin=data)


def feed_dev_stdin(tmp_path: Path, data: bytes) -> Feed:
    return Feed("/dev/stdin", stdin=data)


def feed_process_substitution(tmp_path: Path, data: bytes) -> Feed:
    if shutil.which("bash") is None:
        pytest.skip("process substitution needs bash")
    (tmp_path / "behind-the-pipe.bin").write_bytes(data)
    return Feed("<(cat behind-the-pipe.bin)", shell=True)


def feed_pipe_fd(tmp_path: Path, data: bytes) -> Feed:
    read_end, write_end = os.pipe()

    def write() -> None:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)

    return Feed(
        f"/dev/fd/{read_end}",
        pass_fds=(read_end,),
        writer=threading.Thread(target=write, daemon=True),
        cleanup=lambda: os.close(read_end),
    )


def feed_fifo(tmp_path: Path, data: bytes) -> Feed:
    fifo = tmp_path / "named.fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("wb") as pipe:  # waits for bibnorm to open it
            pipe.write(data)

    def unblock() -> None:
        # Should bibnorm never have opened it, let the writer go.
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))

    return Feed("named.fifo", writer=threading.Thread(target=write, daemon=True), cleanup=unblock)


FEEDS = {
    "stdin-dash": feed_stdin_dash,
    "dev-stdin": feed_dev_stdin,
    "process-substitution": feed_process_substitution,
    "pipe-fd": feed_pipe_fd,
    "fifo": feed_fifo,
}


def run_feed(feed: Feed, *args: str, cwd: Path) -> Run:
    """`python -m bibnorm parse` with the feed's stream first, then `args`; spools go
    to `cwd/tmp`, so that `leftovers` sees any left behind."""
    spools = cwd / "tmp"
    spools.mkdir(exist_ok=True)
    env = {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1", "TMPDIR": str(spools)}
    command = [sys.executable, "-m", "bibnorm", "parse", feed.argument, *args]
    argv = ["bash", "-c", shlex.join(command).replace(shlex.quote(feed.argument), feed.argument)]
    if feed.writer is not None:
        feed.writer.start()
    try:
        done = subprocess.run(
            argv if feed.shell else command,
            cwd=cwd,
            input=feed.stdin,
            capture_output=True,
            env=env,
            pass_fds=feed.pass_fds,
            timeout=120,
            check=False,
        )
    finally:
        if feed.cleanup is not None:
            feed.cleanup()
        if feed.writer is not None:
            feed.writer.join(timeout=10)
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode())


def pmids(output: str) -> list[str]:
    return sorted(str(item.get("PMID")) for item in json.loads(output))


def stream_name(feed: Feed) -> str:
    """What bibnorm's messages call the stream."""
    return "<stdin>" if feed.argument == "-" else feed.argument.strip("<()").split()[-1]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "dash-o"])
@pytest.mark.parametrize("feed_of", FEEDS.values(), ids=FEEDS.keys())
def test_a_stream_reads_as_a_file_does(
    tmp_path: Path, feed_of: Callable[[Path, bytes], Feed], to_file: bool, compress: bool
) -> None:
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    data = STREAMED_MEDLINE.encode("utf-8")
    feed = feed_of(tmp_path, gzip.compress(data) if compress else data)
    output = ("-o", "out.json") if to_file else ()
    result = run_feed(feed, "good.txt", "--to", "csl", *output, cwd=tmp_path)
    check(result, status=0)
    written = (tmp_path / "out.json").read_text(encoding="utf-8") if to_file else result.stdout
    assert pmids(written) == ["99000001", "99000002"]
    expected = {"good.txt", "out.json", "behind-the-pipe.bin", "named.fifo"}
    assert leftovers(tmp_path, expected) == set()


def bomb(tmp_path: Path) -> bytes:
    """A gzip stream of MEDLINE-like text that expands a thousandfold, to 64 MiB: gzip
    members, each a megabyte of one line repeated, back to back."""
    member = gzip.compress(b"TI  - All work and no play makes a dull record.\n" * 21_846, 9)
    return gzip.compress(b"PMID- 99000009\n") + member * 64


def oversize_pmid_list(tmp_path: Path) -> bytes:
    """A PMID list of 2.2 MB: a format read whole, past `--max-input-mb 1`."""
    return "".join(f"{30000001 + n}\n" for n in range(250_000)).encode("ascii")


@pytest.mark.parametrize(
    ("make", "compress", "message"),
    [
        pytest.param(bomb, False, "likely decompression bomb", id="gzip-bomb"),
        pytest.param(oversize_pmid_list, False, "1 MiB limit", id="oversize-text"),
        pytest.param(oversize_pmid_list, True, "1 MiB limit", id="oversize-text-gzip"),
    ],
)
@pytest.mark.parametrize(
    "feed_of", [None, feed_pipe_fd, feed_stdin_dash], ids=["file", "pipe", "stdin"]
)
def test_an_oversized_input_fails_alone(
    tmp_path: Path,
    make: Callable[[Path], bytes],
    compress: bool,
    message: str,
    feed_of: Callable[[Path, bytes], Feed] | None,
) -> None:
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    data = make(tmp_path)
    data = gzip.compress(data, 1) if compress else data
    if feed_of is None:
        (tmp_path / "big.input").write_bytes(data)
        feed = Feed("big.input")
    else:
        feed = feed_of(tmp_path, data)
    args = ("good.txt", "--max-input-mb", "1", "--to", "csl", "-o", "out.json")
    result = run_feed(feed, *args, cwd=tmp_path)
    check(result, status=3, names=(stream_name(feed),))
    assert message in result.stderr
    assert pmids((tmp_path / "out.json").read_text(encoding="utf-8")) == ["99000001"]
    assert leftovers(tmp_path, {"good.txt", "out.json", "big.input", "named.fifo"}) == set()


def test_a_bomb_is_refused_in_flat_memory(tmp_path: Path) -> None:
    # 1 MiB of gzip that would expand to 1 GiB: refused after the ratio floor, with the
    # memory of a small input (reading it whole took 2.2 GB before the ratio cap).
    member = gzip.compress(b"a" * 16 * 2**20, 9)
    (tmp_path / "bomb.txt.gz").write_bytes(member * 64)
    # The peak is read from /proc (VmHWM: this program's own), not getrusage: Linux
    # carries into ru_maxrss the peak of the process that forked it (pytest, here).
    probe = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from bibnorm import inputs\n"
        "from bibnorm.errors import InputError\n"
        "source = inputs.read_source(sys.argv[1])\n"
        "try:\n"
        "    source.text\n"
        "except InputError as exc:\n"
        "    print(exc)\n"
        "status = Path('/proc/self/status')\n"
        "lines = status.read_text().splitlines() if status.exists() else []\n"
        "peak = [line.split()[1] for line in lines if line.startswith('VmHWM:')]\n"
        "print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "bomb.txt.gz"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    message, peak_kib = done.stdout.splitlines()
    assert "likely decompression bomb" in message and "bomb.txt.gz" in message
    assert int(peak_kib) < 200 * 1024, peak_kib


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files")
def test_an_interrupted_stream_leaves_nothing(tmp_path: Path) -> None:
    # A FIFO whose writer has written part of its input and stays: bibnorm is reading it
    # into its spool when Ctrl-C comes.
    fifo = tmp_path / "slow.fifo"
    os.mkfifo(fifo)
    spools = tmp_path / "tmp"
    spools.mkdir()
    env = {**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1", "TMPDIR": str(spools)}
    command = [sys.executable, "-m", "bibnorm", "parse", "slow.fifo", "-o", "out.json"]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # A test run started in the background of a shell without job control ignores
        # SIGINT, and the child would inherit that: give it the terminal's default.
        preexec_fn=_default_sigint,
    )
    try:
        with fifo.open("wb") as writer:  # opens once bibnorm has opened its end
            writer.write(GOOD_MEDLINE.encode("utf-8"))
            writer.flush()
            _wait_until_reading(process.pid, fifo)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert b"Traceback" not in stderr, stderr
    assert process.returncode == 130, stderr
    assert leftovers(tmp_path, {"slow.fifo"}) == set()


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_until_reading(pid: int, fifo: Path) -> None:
    """Wait (60 s at most) until process `pid` holds `fifo` open and waits in a read."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            held = any(os.readlink(fd) == str(fifo) for fd in Path(f"/proc/{pid}/fd").iterdir())
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            held, state = False, ""
        if held and state == "S":
            return
        time.sleep(0.05)
    raise AssertionError("bibnorm never started to read the FIFO")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device needs root"
)
@pytest.mark.parametrize(
    ("minor", "message"),
    [
        pytest.param(3, "empty input", id="null"),
        pytest.param(5, "binary file", id="zero"),
        pytest.param(9, "binary file", id="urandom"),
    ],
)
def test_a_character_device_is_read_as_a_stream(tmp_path: Path, minor: int, message: str) -> None:
    # Devices of our own, made like the system's memory devices (major 1): an endless
    # one is refused from its first bytes, not spooled to the size cap.
    device = tmp_path / "device"
    os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, minor))
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    result = run_feed(Feed("device"), "good.txt", "--to", "csl", "-o", "out.json", cwd=tmp_path)
    check(result, status=3, names=("device",))
    assert message in result.stderr
    assert pmids((tmp_path / "out.json").read_text(encoding="utf-8")) == ["99000001"]
    assert stat.S_ISCHR(device.stat().st_mode)  # read, never replaced
    assert leftovers(tmp_path, {"good.txt", "out.json", "device"}) == set()
