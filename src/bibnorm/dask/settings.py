"""What every input of a Dask run is read as, and the plugins each worker loads.

`Settings` travel with every task; each worker process builds its `PluginHost` from
them once (`worker_host`), from the entry points installed where it runs, and checks
that it has every plugin the caller loaded (`missing_plugins`).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bibnorm import pipeline
from bibnorm.errors import PluginError, UsageError
from bibnorm.manager import PluginHost, autoload_wanted, create_host
from bibnorm.processors import text_hygiene

INSTALL_HINT = "pip install 'bibnorm[dask]'"
EXIT_PLUGIN = 4
# A plain file bigger than this is read in parts of about this size (some 4,500 PubMed
# records, seconds of work): enough parts for the workers to share a few big files, few
# enough that handing them out costs nothing next to reading them.
PART_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """What every input of a run is read and written as; sent to the workers.

    `blocked`, `autoload` and `plugin_modules` say which plugins a worker loads (as
    `create_host` takes them); `expected_plugins` are those the caller loaded, which
    every worker must have too. `cwd` is the caller's directory: a relative input name
    is read from there, and messages still call it by the name given."""

    to: str = "json"
    with_related: bool = False
    format: str | None = None
    fix_text: bool = False
    full_records: bool = False  # read every field, not only those the writer reads
    max_text_bytes: int | None = None
    autoload: bool = True
    blocked: tuple[str, ...] = ()
    plugin_modules: tuple[str, ...] = ()
    expected_plugins: tuple[str, ...] = ()
    cwd: str = ""
    part_bytes: int = PART_BYTES  # a plain file bigger than this is read in parts

    def host_key(self) -> tuple[bool, tuple[str, ...], tuple[str, ...], bool]:
        return (self.autoload, self.blocked, self.plugin_modules, self.fix_text)


def extra(module: str) -> Any:
    """A module of the dask extra, imported now: bibnorm works without it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(f"the Dask engine needs the dask extra: {INSTALL_HINT}") from None


def settings_for(
    *,
    to: str = "json",
    with_related: bool = False,
    format: str | None = None,
    fix_text: bool = False,
    full_records: bool = False,
    max_text_bytes: int | None = None,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    plugins: Sequence[str] = (),
    host: PluginHost | None = None,
    part_bytes: int | None = None,
) -> Settings:
    """Settings for a run, checked here before any worker starts: the output format
    `to` and the input `format` must exist. `plugins` are modules to register as plugins
    besides the entry points (each importable on every worker); `host` is the caller's
    own host when it has one (the CLI's), else one is made as `create_host` would. A
    plain file bigger than `part_bytes` (`PART_BYTES` by default) is read in parts."""
    if host is None:
        host = create_host(
            autoload=autoload,
            blocked=blocked,
            extra_plugins=[(name, importlib.import_module(name)) for name in plugins],
        )
    pipeline.writer_named(to, host)
    if format is not None:
        pipeline.adapter_named(format, host)
    return Settings(
        to=to,
        with_related=with_related,
        format=format,
        fix_text=fix_text,
        full_records=full_records,
        max_text_bytes=max_text_bytes,
        autoload=autoload_wanted(autoload),
        # The names the caller's host did not load, whether from its arguments or its
        # environment: a worker's environment is not the caller's.
        blocked=tuple(info.name for info in host.plugins if info.status == "blocked"),
        plugin_modules=tuple(plugins),
        expected_plugins=tuple(info.name for info in host.plugins if info.status == "loaded"),
        cwd=os.getcwd(),
        part_bytes=PART_BYTES if part_bytes is None else part_bytes,
    )


# One host per worker process and settings: loading the plugins costs more than reading
# a small input.
_HOSTS: dict[tuple[bool, tuple[str, ...], tuple[str, ...], bool], PluginHost] = {}


def worker_host(settings: Settings) -> PluginHost:
    key = settings.host_key()
    host = _HOSTS.get(key)
    if host is None:
        host = create_host(
            autoload=settings.autoload,
            blocked=settings.blocked,
            extra_plugins=[
                (name, importlib.import_module(name)) for name in settings.plugin_modules
            ],
        )
        if settings.fix_text:
            text_hygiene.enable_fixing(host)
        _HOSTS[key] = host
    return host


def missing_plugins(host: PluginHost, settings: Settings) -> PluginError | None:
    """An error naming the plugins the caller loaded and this worker did not."""
    loaded = {info.name for info in host.plugins if info.status == "loaded"}
    missing = [name for name in settings.expected_plugins if name not in loaded]
    if not missing:
        return None
    also = f" (nor {', '.join(map(repr, missing[1:]))})" if missing[1:] else ""
    return PluginError(
        missing[0],
        f"not loaded on Dask worker {_worker_address()}{also}: install it there as it is "
        "installed where bibnorm was started",
    )


def _worker_address() -> str:
    try:
        return str(extra("distributed").get_worker().address)
    except (UsageError, ValueError):  # run by a scheduler without workers of its own
        return f"process {os.getpid()}"
