"""The plugin host: loads built-in and third-party plugins and is the only caller of their hooks.

Built-in formats are plugins like any other: the modules in `BUILTIN_PLUGINS` are
registered with the same call as the modules found in the `bibnorm` entry-point group,
and either kind can be blocked by name. A plugin that fails to import, or raises inside a
hook, is recorded as a `PluginProblem` and loses only its own contributions.

Core code goes through `PluginHost`, never `pm.hook.*`, so the type checker sees every call.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from typing import Any

import pluggy

from bibnorm import detect, hookspecs
from bibnorm.errors import DuplicateNameError
from bibnorm.registry import Registry, Sample

ENTRY_POINT_GROUP = "bibnorm"
DISABLE_AUTOLOAD_ENV = "BIBNORM_DISABLE_PLUGIN_AUTOLOAD"
BLOCK_ENV = "BIBNORM_BLOCK_PLUGINS"

# Registered in this order, before any entry point, so a built-in keeps its name when a
# third-party plugin registers the same one. A name is the module path the plugin had
# when users first could block it; `BUILTIN_MODULES` says where it lives now.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "bibnorm.detect",
    "bibnorm.sources.pubmed_text",
    "bibnorm.sources.pubmed_search_text",
    "bibnorm.sources.pmc_text",
    "bibnorm.sources.pages.page_copy",
    "bibnorm.sources.pubmed_xml",
    "bibnorm.sources.medline",
    "bibnorm.sources.jats",
    "bibnorm.sources.pubmed_html",
    "bibnorm.sources.pmc_html",
    "bibnorm.sources.citation_meta",
    "bibnorm.sources.pubmed_csv",
    "bibnorm.sources.pubmed_summary",
    "bibnorm.sources.pubmed_abstract",
    "bibnorm.sources.pmid_list",
    "bibnorm.processors.text_hygiene",
    "bibnorm.processors.identifiers",
    "bibnorm.processors.languages",
    "bibnorm.writers.bibnorm_json",
    "bibnorm.writers.bibtex",
    "bibnorm.writers.csl_json",
    "bibnorm.writers.jsonl",
    "bibnorm.writers.nbib",
    "bibnorm.writers.ris",
)

# The sources were grouped into family packages (`sources/pages/`, `sources/html/`, ...)
# after their plugin names were public: a name in `--block-plugin` or
# `BIBNORM_BLOCK_PLUGINS` keeps working, and the module path blocks the plugin too.
BUILTIN_MODULES: dict[str, str] = {
    "bibnorm.sources.pubmed_text": "bibnorm.sources.pages.pubmed_text",
    "bibnorm.sources.pubmed_search_text": "bibnorm.sources.pages.pubmed_search_text",
    "bibnorm.sources.pmc_text": "bibnorm.sources.pages.pmc_text",
    "bibnorm.sources.pubmed_xml": "bibnorm.sources.pubmed_xml.pubmed_xml",
    "bibnorm.sources.medline": "bibnorm.sources.medline.medline",
    "bibnorm.sources.jats": "bibnorm.sources.jats.jats",
    "bibnorm.sources.pubmed_html": "bibnorm.sources.html.pubmed_html",
    "bibnorm.sources.pmc_html": "bibnorm.sources.html.pmc_html",
    "bibnorm.sources.citation_meta": "bibnorm.sources.html.citation_meta",
    "bibnorm.sources.pubmed_csv": "bibnorm.sources.exports.pubmed_csv",
    "bibnorm.sources.pubmed_summary": "bibnorm.sources.exports.pubmed_summary",
    "bibnorm.sources.pubmed_abstract": "bibnorm.sources.exports.pubmed_abstract",
    "bibnorm.sources.pmid_list": "bibnorm.sources.exports.pmid_list",
}

_REGISTER_HOOKS = (
    ("sources", "bibnorm_register_sources"),
    ("processors", "bibnorm_register_processors"),
    ("writers", "bibnorm_register_writers"),
)


@dataclass(frozen=True)
class PluginInfo:
    """A plugin the host knows of: where it came from and whether it is in use."""

    name: str
    origin: str  # "builtin", or the distribution "name version" of an entry point
    status: str  # "loaded", "blocked", "failed"
    detail: str = ""


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that failed: which one, and what happened."""

    plugin: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}: {self.message}"


@dataclass
class PluginHost:
    """The loaded plugins, what they registered, and what went wrong while loading them."""

    pm: pluggy.PluginManager
    registry: Registry = field(default_factory=Registry)
    plugins: list[PluginInfo] = field(default_factory=list)
    problems: list[PluginProblem] = field(default_factory=list)

    def rank(self, sample: Sample) -> list[tuple[str, float]]:
        """Every adapter's score for `sample`, best first (see `detect.rank`).

        A `sniff` that raises is recorded in `problems` (once per plugin and message).
        """
        return detect.rank(self.registry, sample, self._add_problem)

    def _add_problem(self, plugin: str, message: str) -> None:
        problem = PluginProblem(plugin, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def resolve_format(self, sample: Sample, ranked: Sequence[tuple[str, float]]) -> str | None:
        """The adapter that reads `sample`, or None when none claims it.

        Plugins may override the decision through `bibnorm_resolve_format`; an override
        that raises or names an unknown adapter is reported and the core decides instead.
        """
        try:
            chosen: str | None = self.pm.hook.bibnorm_resolve_format(
                sample=sample, ranked=list(ranked)
            )
        except Exception as exc:  # noqa: BLE001 - one plugin must not stop detection
            self.problems.append(PluginProblem("bibnorm_resolve_format", _describe(exc)))
            return detect.bibnorm_resolve_format(sample=sample, ranked=ranked)
        if chosen is not None and chosen not in self.registry.sources:
            self.problems.append(
                PluginProblem("bibnorm_resolve_format", f"chose unknown format {chosen!r}")
            )
            return detect.bibnorm_resolve_format(sample=sample, ranked=ranked)
        return chosen


def create_host(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    extra_plugins: Iterable[tuple[str, object]] = (),
) -> PluginHost:
    """Load the built-in plugins, the entry-point plugins and `extra_plugins`.

    :param autoload: load the `bibnorm` entry-point group; None reads the environment
        (`BIBNORM_DISABLE_PLUGIN_AUTOLOAD` set to anything but empty or 0 turns it off).
    :param blocked: plugin names not to load (built-in names such as
        `bibnorm.sources.pubmed_text`, or the module a built-in now lives in, such as
        `bibnorm.sources.pages.pubmed_text`, or entry-point names), added to those in
        `BIBNORM_BLOCK_PLUGINS` (comma-separated).
    :param extra_plugins: `(name, plugin)` pairs registered after the others, as a test
        or an application embedding bibnorm would add a plugin without an entry point.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    host = PluginHost(pm=pm)
    blocked_names = set(blocked) | _names_from_env(os.environ.get(BLOCK_ENV, ""))
    autoload = autoload_wanted(autoload)

    for name in BUILTIN_PLUGINS:
        module_name = BUILTIN_MODULES.get(name, name)
        _add(
            host,
            name,
            "builtin",
            blocked_names,
            partial(importlib.import_module, module_name),
            also_known_as=module_name,
        )
    if autoload:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else "unknown distribution"
            _add(host, ep.name, dist, blocked_names, ep.load)
    for name, plugin in extra_plugins:
        _add(host, name, "given", blocked_names, partial(_identity, plugin))

    _collect_registrations(host)
    return host


def autoload_wanted(autoload: bool | None) -> bool:
    """Whether to load the entry-point plugins: `autoload`, or when None what the
    environment says (`BIBNORM_DISABLE_PLUGIN_AUTOLOAD` set to anything but empty or 0
    turns it off)."""
    if autoload is None:
        return os.environ.get(DISABLE_AUTOLOAD_ENV, "") in ("", "0")
    return autoload


def _add(
    host: PluginHost,
    name: str,
    origin: str,
    blocked: set[str],
    load: Callable[[], object],
    also_known_as: str = "",
) -> None:
    if name in blocked or (also_known_as and also_known_as in blocked):
        host.plugins.append(PluginInfo(name, origin, "blocked"))
        return
    try:
        plugin = load()
        host.pm.register(plugin, name=name)
    except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, not fatal
        message = f"failed to load: {_describe(exc)}"
        host.problems.append(PluginProblem(name, message))
        host.plugins.append(PluginInfo(name, origin, "failed", message))
        return
    host.plugins.append(PluginInfo(name, origin, "loaded"))


def _collect_registrations(host: PluginHost) -> None:
    """Call each plugin's register hooks one by one, so one failure stays that plugin's."""
    order = {info.name: i for i, info in enumerate(host.plugins)}
    for kind, hook_name in _REGISTER_HOOKS:
        impls = getattr(host.pm.hook, hook_name).get_hookimpls()
        for impl in sorted(impls, key=lambda i: order.get(i.plugin_name, len(order))):
            register = _guarded_registrar(host, kind, impl.plugin_name)
            try:
                impl.function(register=register)
            except Exception as exc:  # noqa: BLE001 - contain the plugin's own bug
                host.problems.append(
                    PluginProblem(impl.plugin_name, f"raised in {hook_name}: {_describe(exc)}")
                )


def _guarded_registrar(host: PluginHost, kind: str, plugin: str) -> Callable[[Any], None]:
    add = host.registry.registrar(kind, plugin)

    def register(value: Any) -> None:
        try:
            add(value)
        except (DuplicateNameError, TypeError) as exc:
            # Refused loudly but not fatally: the plugin's other contributions still count.
            host.problems.append(
                PluginProblem(plugin, str(exc).removeprefix(f"plugin {plugin!r}: "))
            )

    return register


def _identity(plugin: object) -> object:
    return plugin


def _names_from_env(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
