"""Output files: replaced whole where a file can be replaced, written through where not.

Every file bibnorm writes (`parse -o`, `parse --out-dir`, `fetch -o`) goes through
`write_output`:

- a regular file, new or existing, is written to a temporary file beside it and renamed
  onto it at the end, so it is whole or left as it was; an existing file keeps its mode
  (and its owner and group where we may set them), a new one gets the umask's mode;
- a symlink is followed: its target is written whole that way and the link stays a link
  (a dangling link makes its target, when the target's directory exists);
- anything else that exists (a character or block device, a FIFO, a socket, or a file
  descriptor such as /dev/stdout) is opened and written to directly: never replaced,
  unlinked or chmod-ed. Such a write cannot be whole or nothing: if it fails midway, what
  was written stays, and the error says that the output is incomplete.

Before anything is read, `checked_output` and `out_dir_plan` refuse an output that is a
directory or one of the inputs (by any name: a symlink, a hard link, standard input
redirected from it), so a slip on the command line cannot turn an input into an output.
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import socket
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bibnorm.errors import BibnormError, InputError, PluginError, UsageError

# Paths that name an open file descriptor of this process (/dev/stdout and its kin): the
# file behind them is the caller's, opened by the shell, so it is written through.
_DESCRIPTOR_PATH = re.compile(r"^/(?:proc/[^/]+|dev)/fd/\d+$")
_MAX_LINKS = 40  # as the kernel's own limit on a chain of symlinks


class OutputError(BibnormError):
    """An output file that cannot be written: the CLI's exit status 3."""

    code = "output"
    exit_status = 3


@dataclass(frozen=True)
class Destination:
    """Where the bytes for an output path go, and how."""

    path: Path  # the file written: a symlink's target, or the path itself
    through: bool  # written directly (device, FIFO, socket, descriptor), never replaced
    existing: os.stat_result | None  # the file there now, if any


def destination(target: Path) -> Destination:
    """How `target` is written; an error if it cannot be (a directory, a dangling link
    into a directory that does not exist, a symlink loop)."""
    try:
        existing: os.stat_result | None = os.stat(target)  # follows every link
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise OutputError(f"cannot write: {_reason(exc)}", file=str(target)) from None
    descriptor = _names_a_descriptor(target)
    if existing is None:
        if descriptor:
            raise OutputError("cannot write: no such open file descriptor", file=str(target))
        real = Path(os.path.realpath(target))
        if os.path.islink(target) and not real.parent.is_dir():
            raise OutputError(
                f"cannot write: it is a symlink to {real}, whose directory does not exist",
                file=str(target),
            )
        return Destination(real, through=False, existing=None)
    if stat.S_ISDIR(existing.st_mode):
        raise UsageError("is a directory, not a file to write", file=str(target))
    if descriptor or not stat.S_ISREG(existing.st_mode):
        return Destination(target, through=True, existing=existing)
    return Destination(Path(os.path.realpath(target)), through=False, existing=existing)


def checked_output(output: str, inputs: Sequence[str]) -> Path:
    """The path of `-o output`, once it is known to be neither a directory nor an input."""
    target = Path(output)
    if target.is_dir():
        raise UsageError(
            "is a directory: -o names a file (--out-dir DIR writes one file per input)",
            file=output,
        )
    destination(target)
    clash = _InputIndex(inputs).input_at(target)
    if clash is not None:
        raise UsageError(
            f"-o names an input ({clash}): refusing to write over it", file=str(target)
        )
    return target


def mirror_root(arguments: Sequence[str], recursive: bool) -> str:
    """The directory `--out-dir` mirrors: the deepest one that holds every input named on
    the command line (for `-r DIR`, DIR itself; for a file, the folder it is in)."""
    folders = [
        os.path.abspath(name if recursive and os.path.isdir(name) else os.path.dirname(name) or ".")
        for name in arguments
        if name != "-"
    ]
    return os.path.commonpath(folders) if folders else os.path.abspath(".")


def out_dir_plan(
    inputs: Sequence[str], out_dir: str, suffix: str, root: str | None = None
) -> list[tuple[str, Path]]:
    """Each input with the file `--out-dir` writes it to, once no such file is a
    directory, one of the inputs, or the output of another input.

    The output's path below `out_dir` is the input's below `root` (see `mirror_root`;
    the current directory when None), so `a/x.txt` and `b/x.txt` keep apart; standard
    input is written to `stdin<suffix>`."""
    base = os.path.abspath(".") if root is None else root
    index = _InputIndex(inputs)
    plan: list[tuple[str, Path]] = []
    claimed: dict[str, str] = {}  # output path -> the input written there
    for name in inputs:
        relative = "stdin" if name == "-" else os.path.relpath(os.path.abspath(name), base)
        target = Path(out_dir) / (relative + suffix)
        destination(target)
        clash = index.input_at(target)
        if clash is not None:
            raise UsageError(
                f"--out-dir would write the output of {name} over the input {clash}",
                file=str(target),
            )
        key = os.path.realpath(target)
        other = claimed.setdefault(key, name)
        if other != name and not index.same_input(other, name):
            raise UsageError(
                f"--out-dir would write the outputs of both {other} and {name} to this file",
                file=str(target),
            )
        plan.append((name, target))
    return plan


def write_failure(
    exc: Exception, target: Path | str | None, writer: str, owner: str
) -> tuple[str, int]:
    """What the CLI reports when writing `target` with writer `writer` (of plugin
    `owner`) raised `exc`: the message and the exit status, wherever it was written."""
    if isinstance(exc, BibnormError):
        return str(exc), exc.exit_status
    if isinstance(exc, OSError):
        return f"{target}: cannot write: {exc.strerror or exc}", InputError.exit_status
    # A writer's bug is the plugin's, reported by name.
    return f"plugin {owner!r}: writer {writer!r} raised {exc!r}", PluginError.exit_status


def write_output(target: Path, write: Callable[[IO[str]], None]) -> None:
    """Call `write` with a text stream for `target`: replaced whole when it is (or its
    symlink's target is) a regular file or absent, written through otherwise."""
    where = destination(target)
    if where.through:
        _write_through(target, where, write)
    else:
        _write_whole(target, where, write)


def _write_whole(target: Path, where: Destination, write: Callable[[IO[str]], None]) -> None:
    existing = where.existing
    if existing is not None and not os.access(where.path, os.W_OK):
        # Renaming over a read-only file would succeed; its owner meant it to be kept.
        raise OutputError(
            "cannot write: permission denied (the file is read-only)", file=str(target)
        )
    try:
        where.path.parent.mkdir(parents=True, exist_ok=True)
        # A new file is made 0o666 and the kernel applies the umask (and a default ACL).
        fd, temp = _create_temp(where.path, 0o666 if existing is None else 0o600)
    except OSError as exc:
        raise OutputError(
            f"cannot write: cannot create a file in {where.path.parent}: {_reason(exc)}",
            file=str(target),
        ) from None
    try:
        if existing is not None:
            _copy_ownership(fd, existing)
        _write_to(fd, target, write, "left as it was", sync=True)
        try:
            os.replace(temp, where.path)
        except OSError as exc:  # a sticky directory, say, where the file is another's
            raise OutputError(
                f"cannot write: cannot replace it: {_reason(exc)}; it was left as it was",
                file=str(target),
            ) from None
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise


def _write_through(target: Path, where: Destination, write: Callable[[IO[str]], None]) -> None:
    existing = where.existing
    assert existing is not None
    try:
        if stat.S_ISSOCK(existing.st_mode):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
                peer.connect(str(where.path))
                fd = peer.detach()
        else:
            # A descriptor path may stand for a regular file the shell opened (>> log):
            # append to it, as the shell would have us, rather than truncate it.
            append = os.O_APPEND if stat.S_ISREG(existing.st_mode) else 0
            fd = os.open(where.path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC | append)
    except OSError as exc:
        raise OutputError(f"cannot write: {_reason(exc)}", file=str(target)) from None
    _write_to(fd, target, write, "incomplete", sync=False)


def _write_to(
    fd: int, target: Path, write: Callable[[IO[str]], None], outcome: str, *, sync: bool
) -> None:
    """Run `write` on a text stream over `fd`, flush (and with `sync`, fsync) and close it.
    A failure of the output itself, not of an input read on the way, becomes an
    OutputError naming `target` and saying what became of it (`outcome`)."""
    handle = _open_guarded(fd)
    try:
        write(handle)
        handle.flush()
        if sync:
            os.fsync(fd)  # so that a crash cannot land the rename before the data
    except _WriteFailed as failed:
        raise OutputError(
            f"cannot write: {_reason(failed.error)}; the output is {outcome}", file=str(target)
        ) from None
    finally:
        # After a failure the buffer still holds data that close would try again.
        with suppress(_WriteFailed, OSError):
            handle.close()


class _WriteFailed(Exception):
    """A write to the output failed: kept apart from the OSErrors of reading inputs."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _GuardedFile(io.FileIO):
    """A raw output file whose write errors are `_WriteFailed`, never a bare OSError."""

    def write(self, data: object) -> int:
        try:
            return super().write(data)  # type: ignore[arg-type]
        except OSError as exc:
            raise _WriteFailed(exc) from exc


def _open_guarded(fd: int) -> IO[str]:
    raw = _GuardedFile(fd, "w", closefd=True)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8")


def _create_temp(final: Path, mode: int) -> tuple[int, Path]:
    """A new file beside `final`, named after it, dotted and with a random part."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    while True:
        temp = final.parent / f".{final.name}.{secrets.token_hex(4)}.tmp"
        with suppress(FileExistsError):
            return os.open(temp, flags, mode), temp


def _copy_ownership(fd: int, existing: os.stat_result) -> None:
    """Give the new file the old one's owner and group where we may (root may; anyone may
    keep a group they belong to), then its mode (after, since chown drops set-id bits)."""
    uid = existing.st_uid if os.geteuid() == 0 else -1
    with suppress(OSError):
        os.fchown(fd, uid, existing.st_gid)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


def _names_a_descriptor(target: Path) -> bool:
    """Whether `target` is, or links to, /dev/fd/N or /proc/PID/fd/N."""
    path = os.path.abspath(target)
    for _ in range(_MAX_LINKS):
        if _DESCRIPTOR_PATH.match(path):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.normpath(os.path.join(os.path.dirname(path), os.readlink(path)))
    return False


def _reason(error: OSError) -> str:
    if error.errno == errno.EPIPE:
        return "the reader went away (broken pipe)"
    return error.strerror or str(error)


class _InputIndex:
    """The inputs by file identity and resolved path, to find one that an output names."""

    def __init__(self, inputs: Iterable[str]) -> None:
        self.by_identity: dict[tuple[int, int], str] = {}
        self.by_path: dict[str, str] = {}
        for name in inputs:
            if name == "-":
                name = "standard input"
                identity = _stdin_identity()
            else:
                self.by_path.setdefault(os.path.realpath(name), name)
                identity = _identity(Path(name))
            if identity is not None:
                self.by_identity.setdefault(identity, name)

    def input_at(self, target: Path) -> str | None:
        """The input that writing `target` would overwrite, if any."""
        identity = _identity(target)
        if identity is not None and identity in self.by_identity:
            return self.by_identity[identity]
        return self.by_path.get(os.path.realpath(target))

    def same_input(self, first: str, second: str) -> bool:
        """Whether two names of the input list are one file."""
        identity = _identity(Path(first))
        if identity is not None and identity == _identity(Path(second)):
            return True
        return os.path.realpath(first) == os.path.realpath(second)


def _identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of the file at `path` if writing there could harm it: a
    character device (a terminal read and written, /dev/null) is not."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    if stat.S_ISCHR(found.st_mode):
        return None
    return (found.st_dev, found.st_ino)


def _stdin_identity() -> tuple[int, int] | None:
    """The (device, inode) of standard input when it is redirected from a regular file."""
    try:
        found = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISREG(found.st_mode) else None
