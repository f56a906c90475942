"""The exceptions bibnorm raises, each with a stable code and the exit status the CLI maps it to.

Bad records are not exceptions (they are `FailedRecord`s and diagnostics); these are for
inputs that cannot be read at all, usage mistakes, and plugins that misbehave.
"""

from __future__ import annotations

from typing import Any


class BibnormError(Exception):
    """Base of every bibnorm error. `code` is stable; `exit_status` is what the CLI returns."""

    code = "error"
    exit_status = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = self.file or ""
        if self.file and self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its attributes, not from the arguments of its class's __init__
        # (which differ from class to class), so that any bibnorm error pickles: a Dask
        # worker sends what stopped an input as data.
        return (_rebuilt, (type(self), self.args, self.__dict__))


class UsageError(BibnormError):
    """The user asked for something that does not exist (an unknown format name, say)."""

    code = "usage"
    exit_status = 2


class InputError(BibnormError):
    """An input that cannot be read: missing, a directory, empty, binary, undecodable."""

    code = "input"
    exit_status = 3


class UnrecognisedFormatError(InputError):
    """No source adapter claimed the input."""

    code = "unrecognised-format"

    def __init__(self, file: str, tried: list[tuple[str, float]]) -> None:
        listed = ", ".join(f"{name} ({score:.2f})" for name, score in tried) or "no adapters"
        super().__init__(f"unrecognised format; tried {listed}", file=file, line=1)
        self.tried = tried


class PluginError(BibnormError):
    """A plugin failed to load, raised inside a hook, or an adapter or writer raised."""

    code = "plugin"
    exit_status = 4

    def __init__(self, plugin: str, message: str, *, file: str | None = None) -> None:
        super().__init__(f"plugin {plugin!r}: {message}", file=file)
        self.plugin = plugin


class DuplicateNameError(PluginError):
    """Two plugins registered an adapter or writer of the same name."""

    code = "duplicate-name"

    def __init__(self, kind: str, name: str, first: str, second: str) -> None:
        super().__init__(
            second,
            f"{kind} name {name!r} is already registered by plugin {first!r}; "
            f"the one from {second!r} is refused",
        )
        self.name = name
        self.first = first
        self.second = second


def _rebuilt(cls: type[BibnormError], args: tuple[Any, ...], state: dict[str, Any]) -> BibnormError:
    """A pickled bibnorm error, as it was (see `BibnormError.__reduce__`)."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
