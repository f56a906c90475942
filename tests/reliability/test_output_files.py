"""Output files (issue 14, item 1): `-o` and `--out-dir` never harm what they do not name.

Each case builds its files in `tmp_path`, runs bibnorm once and checks: no traceback, the
documented exit code, a message naming the path, the output where it belongs (a FIFO, a
device or a symlink is written through, never replaced), no temporary file left, and every
other file exactly as it was (bytes, mode, kind, link target).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, Run, check, leftovers, run

INPUT = "in.txt"
MISSING = "missing.txt"  # listed after the input in refused runs: its error would show a read


@dataclass
class FifoReader:
    """A thread that opens a FIFO for reading and reads `limit` bytes (all when None)."""

    path: Path
    limit: int | None = None
    data: bytes = b""
    thread: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with self.path.open("rb") as pipe:
            self.data = pipe.read() if self.limit is None else pipe.read(self.limit)

    def finish(self) -> None:
        """Wait for the reader; if bibnorm never opened the FIFO, open it to free the thread."""
        self.thread.join(timeout=30)
        if self.thread.is_alive():
            os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            self.thread.join(timeout=30)


@dataclass
class Scenario:
    """One run: its arguments, what it must end with, and what it may change."""

    args: list[str]
    status: int
    names: tuple[str, ...] = ()  # paths the messages must name
    changed: set[str] = field(default_factory=set)  # existing paths the run may rewrite
    created: set[str] = field(default_factory=set)  # new files the run must leave
    verify: Callable[[Path, Run], None] | None = None
    reader: FifoReader | None = None
    umask: int | None = None


def records_in(path: Path) -> list[object]:
    items = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return items


def one_record(name: str) -> Callable[[Path, Run], None]:
    def verify(tmp: Path, done: Run) -> None:
        assert len(records_in(tmp / name)) == 1

    return verify


def many_records(count: int) -> str:
    """A MEDLINE file of `count` good records: an output far bigger than a pipe's buffer."""
    return "\n".join(GOOD_MEDLINE.replace("99000001", str(99000001 + i)) for i in range(count))


# --- written through: FIFOs and devices ------------------------------------------------


def to_fifo(tmp: Path) -> Scenario:
    os.mkfifo(tmp / "out.fifo")
    reader = FifoReader(tmp / "out.fifo")

    def verify(tmp: Path, done: Run) -> None:
        assert len(json.loads(reader.data)) == 1
        assert stat.S_ISFIFO(os.lstat(tmp / "out.fifo").st_mode)

    return Scenario([INPUT, "-o", "out.fifo"], 0, verify=verify, reader=reader)


def to_fifo_whose_reader_leaves(tmp: Path) -> Scenario:
    (tmp / "many.txt").write_text(many_records(2000), encoding="utf-8")
    os.mkfifo(tmp / "out.fifo")
    reader = FifoReader(tmp / "out.fifo", limit=1)

    def verify(tmp: Path, done: Run) -> None:
        assert "broken pipe" in done.stderr and "incomplete" in done.stderr, done.stderr
        assert stat.S_ISFIFO(os.lstat(tmp / "out.fifo").st_mode)

    return Scenario(["many.txt", "-o", "out.fifo"], 3, ("out.fifo",), verify=verify, reader=reader)


def to_char_device(tmp: Path) -> Scenario:
    if os.geteuid() != 0:
        pytest.skip("making a character device (mknod) needs root")
    # The null device's numbers (1, 3), made here: writes vanish, the system's stays alone.
    os.mknod(tmp / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.chmod(tmp / "null", 0o666)  # mknod applies the umask

    def verify(tmp: Path, done: Run) -> None:
        mode = os.lstat(tmp / "null")
        assert stat.S_ISCHR(mode.st_mode) and mode.st_rdev == os.makedev(1, 3)
        assert stat.S_IMODE(mode.st_mode) == 0o666

    return Scenario([INPUT, "-o", "null"], 0, verify=verify)


def to_full_device(tmp: Path) -> Scenario:
    if os.geteuid() != 0:
        pytest.skip("making a character device (mknod) needs root")
    # The full device's numbers (1, 7): every write fails with "no space left on device".
    os.mknod(tmp / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))

    def verify(tmp: Path, done: Run) -> None:
        assert "No space left on device" in done.stderr, done.stderr
        assert stat.S_ISCHR(os.lstat(tmp / "full").st_mode)

    return Scenario([INPUT, "-o", "full"], 3, ("full",), verify=verify)


def to_own_stdout(tmp: Path) -> Scenario:
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc/self/fd on this system")

    def verify(tmp: Path, done: Run) -> None:
        assert len(json.loads(done.stdout)) == 1

    return Scenario([INPUT, "-o", "/proc/self/fd/1"], 0, verify=verify)


# --- replaced whole: regular files, followed symlinks ------------------------------------


def to_symlink(tmp: Path) -> Scenario:
    (tmp / "real").mkdir()
    (tmp / "real" / "target.json").write_text("old", encoding="utf-8")
    (tmp / "real" / "target.json").chmod(0o640)
    (tmp / "link.json").symlink_to("real/target.json")

    def verify(tmp: Path, done: Run) -> None:
        assert os.readlink(tmp / "link.json") == "real/target.json"
        assert len(records_in(tmp / "real" / "target.json")) == 1
        assert stat.S_IMODE(os.stat(tmp / "real" / "target.json").st_mode) == 0o640

    return Scenario([INPUT, "-o", "link.json"], 0, changed={"real/target.json"}, verify=verify)


def to_dangling_symlink(tmp: Path) -> Scenario:
    (tmp / "real").mkdir()
    (tmp / "link.json").symlink_to("real/new.json")

    def verify(tmp: Path, done: Run) -> None:
        assert (tmp / "link.json").is_symlink()
        assert len(records_in(tmp / "real" / "new.json")) == 1

    return Scenario([INPUT, "-o", "link.json"], 0, created={"real/new.json"}, verify=verify)


def to_dangling_symlink_without_directory(tmp: Path) -> Scenario:
    (tmp / "link.json").symlink_to("nowhere/new.json")
    return Scenario([INPUT, MISSING, "-o", "link.json"], 3, ("link.json", "nowhere/new.json"))


def to_existing_file(mode: int) -> Callable[[Path], Scenario]:
    def arrange(tmp: Path) -> Scenario:
        (tmp / "out.json").write_text("old", encoding="utf-8")
        (tmp / "out.json").chmod(mode)

        def verify(tmp: Path, done: Run) -> None:
            one_record("out.json")(tmp, done)
            assert stat.S_IMODE(os.stat(tmp / "out.json").st_mode) == mode

        return Scenario([INPUT, "-o", "out.json"], 0, changed={"out.json"}, verify=verify)

    return arrange


def to_file_of_another_user(tmp: Path) -> Scenario:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user (chown) needs root")
    (tmp / "out.json").write_text("old", encoding="utf-8")
    os.chown(tmp / "out.json", 4321, 4322)

    def verify(tmp: Path, done: Run) -> None:
        one_record("out.json")(tmp, done)
        owner = os.stat(tmp / "out.json")
        assert (owner.st_uid, owner.st_gid) == (4321, 4322)

    return Scenario([INPUT, "-o", "out.json"], 0, changed={"out.json"}, verify=verify)


def to_new_file(umask: int) -> Callable[[Path], Scenario]:
    def arrange(tmp: Path) -> Scenario:
        def verify(tmp: Path, done: Run) -> None:
            one_record("sub/out.json")(tmp, done)
            assert stat.S_IMODE(os.stat(tmp / "sub" / "out.json").st_mode) == 0o666 & ~umask

        return Scenario(
            [INPUT, "-o", "sub/out.json"],
            0,
            created={"sub/out.json"},
            verify=verify,
            umask=umask,
        )

    return arrange


# --- refused before anything is read ------------------------------------------------------


def unchanged_input(tmp: Path, done: Run) -> None:
    assert (tmp / INPUT).read_text(encoding="utf-8") == GOOD_MEDLINE
    assert MISSING not in done.stderr, "an input was read before the refusal"


def output_is_input(tmp: Path) -> Scenario:
    return Scenario([INPUT, MISSING, "-o", INPUT], 2, (INPUT,), verify=unchanged_input)


def output_is_input_by_symlink(tmp: Path) -> Scenario:
    (tmp / "alias.txt").symlink_to(INPUT)
    return Scenario(
        [INPUT, MISSING, "-o", "alias.txt"], 2, ("alias.txt", INPUT), verify=unchanged_input
    )


def output_is_input_by_hard_link(tmp: Path) -> Scenario:
    os.link(tmp / INPUT, tmp / "twin.txt")
    return Scenario(
        [INPUT, MISSING, "-o", "twin.txt"], 2, ("twin.txt", INPUT), verify=unchanged_input
    )


def output_is_input_in_a_directory(tmp: Path) -> Scenario:
    (tmp / "dir").mkdir()
    (tmp / "dir" / "b.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    return Scenario(
        ["-r", "dir", MISSING, "-o", "dir/b.txt"], 2, ("dir/b.txt",), verify=unchanged_input
    )


def output_is_a_directory(tmp: Path) -> Scenario:
    (tmp / "out").mkdir()
    return Scenario([INPUT, MISSING, "-o", "out"], 2, ("out", "directory"), verify=unchanged_input)


def out_dir_output_is_a_directory(tmp: Path) -> Scenario:
    (tmp / "o" / "in.txt.json").mkdir(parents=True)
    return Scenario(
        [INPUT, MISSING, "--out-dir", "o"],
        2,
        ("o/in.txt.json", "directory"),
        verify=unchanged_input,
    )


def out_dir_over_an_input(tmp: Path) -> Scenario:
    (tmp / "o").mkdir()
    (tmp / "o" / "in.txt.json").write_text(GOOD_MEDLINE, encoding="utf-8")
    return Scenario(
        [INPUT, "o/in.txt.json", MISSING, "--out-dir", "o"],
        2,
        ("o/in.txt.json",),
        verify=unchanged_input,
    )


def out_dir_two_inputs_of_one_name(tmp: Path) -> Scenario:
    """Two inputs of one name each get their own output, mirroring where they are."""
    for name in ("a", "b"):
        (tmp / name).mkdir()
        (tmp / name / "x.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    return Scenario(
        ["a/x.txt", "b/x.txt", MISSING, "--out-dir", "o"],
        3,
        (MISSING,),
        created={"o/a/x.txt.json", "o/b/x.txt.json"},
        verify=one_record("o/b/x.txt.json"),
    )


def out_dir_writes_beside_inputs(tmp: Path) -> Scenario:
    """The same input named twice, and an output directory that holds inputs: no clash."""
    (tmp / "o").mkdir()
    (tmp / "o" / "b.txt").write_text(GOOD_MEDLINE.replace("99000001", "99000002"), "utf-8")
    return Scenario(
        [INPUT, INPUT, "o/b.txt", "--out-dir", "o"],
        0,
        created={"o/in.txt.json", "o/o/b.txt.json"},
        verify=one_record("o/o/b.txt.json"),
    )


CASES = [
    pytest.param(to_fifo, id="fifo"),
    pytest.param(to_fifo_whose_reader_leaves, id="fifo-reader-leaves"),
    pytest.param(to_char_device, id="char-device"),
    pytest.param(to_full_device, id="full-device"),
    pytest.param(to_own_stdout, id="proc-fd-stdout"),
    pytest.param(to_symlink, id="symlink"),
    pytest.param(to_dangling_symlink, id="dangling-symlink"),
    pytest.param(to_dangling_symlink_without_directory, id="dangling-symlink-no-dir"),
    pytest.param(to_existing_file(0o644), id="existing-0644"),
    pytest.param(to_existing_file(0o640), id="existing-0640"),
    pytest.param(to_file_of_another_user, id="existing-owner-kept"),
    pytest.param(to_new_file(0o022), id="new-umask-022"),
    pytest.param(to_new_file(0o077), id="new-umask-077"),
    pytest.param(output_is_input, id="is-input"),
    pytest.param(output_is_input_by_symlink, id="is-input-symlink"),
    pytest.param(output_is_input_by_hard_link, id="is-input-hard-link"),
    pytest.param(output_is_input_in_a_directory, id="is-input-recursive"),
    pytest.param(output_is_a_directory, id="is-directory"),
    pytest.param(out_dir_output_is_a_directory, id="out-dir-output-is-directory"),
    pytest.param(out_dir_over_an_input, id="out-dir-over-input"),
    pytest.param(out_dir_two_inputs_of_one_name, id="out-dir-two-of-one-name"),
    pytest.param(out_dir_writes_beside_inputs, id="out-dir-beside-inputs"),
]


def snapshot(directory: Path) -> dict[str, tuple[object, ...]]:
    """Every path below `directory` with its kind, mode and content (bytes, link target,
    device numbers), read without opening anything that is not a regular file."""
    found: dict[str, tuple[object, ...]] = {}
    for path in directory.rglob("*"):
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            content: object = os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            content = path.read_bytes()
        else:
            content = info.st_rdev
        found[str(path.relative_to(directory))] = (info.st_mode, info.st_uid, content)
    return found


@pytest.mark.parametrize("arrange", CASES)
def test_output_files(arrange: Callable[[Path], Scenario], tmp_path: Path) -> None:
    (tmp_path / INPUT).write_text(GOOD_MEDLINE, encoding="utf-8")
    scenario = arrange(tmp_path)
    before = snapshot(tmp_path)
    saved_umask = os.umask(scenario.umask) if scenario.umask is not None else None
    try:
        done = run("parse", *scenario.args, cwd=tmp_path)
    finally:
        if saved_umask is not None:
            os.umask(saved_umask)
        if scenario.reader is not None:
            scenario.reader.finish()
    check(done, status=scenario.status, names=scenario.names)
    after = snapshot(tmp_path)
    untouched = set(before) - scenario.changed
    assert {name: after.get(name) for name in untouched} == {
        name: before[name] for name in untouched
    }
    assert leftovers(tmp_path, set(before) | scenario.created) == set()
    for name in scenario.created:
        assert (tmp_path / name).is_file(), name
    if scenario.verify is not None:
        scenario.verify(tmp_path, done)


def test_fetch_refuses_to_write_over_its_id_list(tmp_path: Path) -> None:
    """`fetch -o` goes through the same checks: its ID list is an input."""
    ids = tmp_path / "ids.txt"
    ids.write_text("35743275\n", encoding="utf-8")
    done = run(
        "fetch",
        "-i",
        "ids.txt",
        "-o",
        "ids.txt",
        "--offline",
        "--cache",
        "c.sqlite",
        cwd=tmp_path,
    )
    check(done, status=2, names=("ids.txt",))
    assert ids.read_text(encoding="utf-8") == "35743275\n"
    assert leftovers(tmp_path, {"ids.txt"}) == set()
