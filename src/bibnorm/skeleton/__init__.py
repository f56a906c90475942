"""`bibnorm plugin new`: write a ready plugin package to start from.

A skeleton is a small, real plugin of one kind (a source, a writer or a processor) with
a `pyproject.toml` that registers it in the `bibnorm` entry-point group, a typed module
that imports only from `bibnorm.plugin`, a sample input, and tests that run
`bibnorm.testing`'s checks and read the sample. It installs and passes its tests as
written. The files are templates in `templates/` (shipped inside the wheel), filled in
with `string.Template` (`$name`, `$module` ...).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from bibnorm import __version__
from bibnorm.errors import UsageError
from bibnorm.registry import Registry

KINDS = ("source", "writer", "processor")
# A plugin name is what `--from`/`--to` and `bibnorm plugins` show: lower case, with
# single hyphens between words, so the package and module names derive from it cleanly.
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_NAME_LENGTH = 40


@dataclass(frozen=True)
class Kind:
    """What differs between the kinds: the sample input and the words the README uses."""

    sample_file: str
    summary: str
    listing: str
    try_it: str


KIND_DETAILS = {
    "source": Kind(
        sample_file="sample.jsonl",
        summary="reads references written as JSON Lines, one object per line",
        listing="formats",
        try_it="bibnorm parse tests/data/sample.jsonl --to csl",
    ),
    "writer": Kind(
        sample_file="sample.nbib",
        summary="writes a numbered reference list in Markdown",
        listing="formats",
        try_it="bibnorm parse tests/data/sample.nbib --to $name",
    ),
    "processor": Kind(
        sample_file="sample.nbib",
        summary="puts journal names in title case",
        listing="plugins",
        try_it="bibnorm parse tests/data/sample.nbib --to csl",
    ),
}


def check_name(name: str) -> None:
    """Raise `UsageError` unless `name` can name a plugin, its package and its module."""
    if len(name) > MAX_NAME_LENGTH or not NAME_PATTERN.fullmatch(name):
        raise UsageError(
            f"plugin name {name!r}: expected lower-case letters and digits, starting with a "
            f"letter, words joined by single hyphens, at most {MAX_NAME_LENGTH} characters "
            "(for example: europe-pmc)"
        )


def create(name: str, kind: str, parent: Path, taken: Iterable[str] = ()) -> list[Path]:
    """Write a `kind` plugin package named `name` into the new folder `parent / name`;
    return the files written.

    `taken` are names the package may not have (those of the installed formats). Raises
    `UsageError` for a bad name or kind, and for a target that exists and is not an
    empty folder: nothing is ever overwritten. The files are written to a hidden folder
    beside the target first and moved into place whole, so a failure leaves nothing.
    """
    check_name(name)
    if kind not in KINDS:
        raise UsageError(f"unknown plugin kind {kind!r} (expected one of: {', '.join(KINDS)})")
    if name in set(taken):
        raise UsageError(
            f"plugin name {name!r}: a {kind} of that name is installed already "
            "(`bibnorm formats` and `bibnorm plugins` list them); choose another"
        )
    target = parent / name
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        raise UsageError(
            f"{target} already exists and is not an empty folder; bibnorm never overwrites "
            "it: choose another name or folder"
        )
    files = _render(name, kind)
    scratch = parent / f".{name}.{os.getpid()}.partial"
    try:
        for relative, content in files.items():
            path = scratch / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        os.replace(scratch, target)  # an empty target folder is replaced, nothing else
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise UsageError(f"cannot write the plugin to {target}: {exc.strerror or exc}") from exc
    return [target / relative for relative in files]


def _render(name: str, kind: str) -> dict[str, str]:
    """Each file of the package (a path relative to its folder) and its text."""
    module = "bibnorm_" + name.replace("-", "_")
    details = KIND_DETAILS[kind]
    values = {
        "name": name,
        "module": module,
        "dist": f"bibnorm-{name}",
        "kind": kind,
        "summary": details.summary,
        "listing": details.listing,
        "try_it": Template(details.try_it).substitute(name=name),
        "sample_file": details.sample_file,
        "bibnorm_version": __version__,
    }
    short = name.replace("-", "_")
    return {
        "pyproject.toml": _fill("pyproject.toml.tmpl", values),
        "README.md": _fill("README.md.tmpl", values),
        f"src/{module}/__init__.py": _fill(f"{kind}.py.tmpl", values),
        f"src/{module}/py.typed": "",
        f"tests/test_{short}.py": _fill(f"test_{kind}.py.tmpl", values),
        f"tests/data/{details.sample_file}": _template(details.sample_file),
    }


def _template(file: str) -> str:
    return resources.files(__package__).joinpath("templates", file).read_text(encoding="utf-8")


def _fill(file: str, values: dict[str, str]) -> str:
    return Template(_template(file)).substitute(values)


NEW_EPILOG = """\
kinds:
  source     reads an input format (the skeleton: references as JSON Lines)
  writer     writes an output format (the skeleton: a Markdown reference list)
  processor  improves every record (the skeleton: journal names in title case)

examples:
  bibnorm plugin new europe-pmc                         ./europe-pmc, a source plugin
  bibnorm plugin new --kind writer vancouver plugins/   plugins/vancouver
then: pip install ./europe-pmc && pytest europe-pmc && bibnorm formats
guide: docs/plugins.md in bibnorm's repository
"""


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `bibnorm plugin new NAME [--kind KIND] [DIR]` to the command line."""
    plugin = commands.add_parser(
        "plugin", parents=[common], help="start a plugin: `bibnorm plugin new NAME`"
    )
    actions = plugin.add_subparsers(dest="plugin_action", metavar="ACTION")
    new = actions.add_parser(
        "new",
        help="write a ready plugin package to start from",
        description="Write a plugin package (pyproject.toml, a typed module, a sample "
        "input, tests) into the new folder DIR/NAME. Nothing is overwritten.",
        epilog=NEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("name", metavar="NAME", help="the plugin's name, e.g. europe-pmc")
    new.add_argument("--kind", choices=KINDS, default="source", help="default: source")
    new.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: .")


def take_late_dir(args: argparse.Namespace, extra: list[str]) -> bool:
    """Whether `extra` (what argparse left over) is the DIR of `plugin new NAME --kind
    KIND DIR`, now in `args.dir`: argparse takes NAME and the optional DIR in one go, so
    a DIR after `--kind` is left over."""
    late = len(extra) == 1 and not extra[0].startswith("-")
    if getattr(args, "plugin_action", None) != "new" or args.dir != "." or not late:
        return False
    args.dir = extra[0]
    return True


def run_command(args: argparse.Namespace, registry: Registry) -> None:
    """`bibnorm plugin new`: write the package and say what to do next."""
    if args.plugin_action is None:
        raise UsageError("bibnorm plugin: expected an action: new NAME [--kind KIND] [DIR]")
    taken = getattr(registry, f"{args.kind}s")
    written = create(args.name, args.kind, Path(args.dir), taken=taken)
    target = Path(args.dir) / args.name
    print(f"wrote a {args.kind} plugin in {target}/:")
    for path in written:
        print(f"  {path.relative_to(target)}")
    listing = "plugins" if args.kind == "processor" else "formats"
    print(f"next: pip install {_shell_path(target)} && pytest {_shell_path(target)}")
    print(f"      bibnorm {listing}   (lists {args.name})")


def _shell_path(path: Path) -> str:
    """The path as a user types it: `./name` rather than `name`, so pip reads a folder."""
    text = str(path)
    return text if path.is_absolute() or text.startswith(".") else f"./{text}"
