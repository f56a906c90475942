"""The JSON Schemas bibnorm validates its output against, and the validation itself.

Two schemas ship with bibnorm (JSON Schema 2020-12):

- `bibnorm-record`: ONE bibnorm record as `bibnorm.serialize.record_to_json` writes it.
  A bibnorm JSON document is an array of such records.
- `csl-output`: the strict profile of the CSL-JSON bibnorm writes. Its top level is the
  whole document, an array of CSL items; one item is `#/$defs/item`.

Items and documents are validated by two functions, so no caller has to know where in a
schema the item lives:

- `validate(item, name)` checks ONE item: one record for `bibnorm-record`, one CSL item
  for `csl-output`. This is what the core runs on every item a writer produces.
- `validate_document(document, name)` checks a whole written document: an array of
  records for `bibnorm-record`, the CSL-JSON array for `csl-output`.

Both return `Diagnostic`s (code `schema.invalid`, severity `error`) whose `path` is a JSON
path into the value checked (`$.similar[0].issued.month`, `$[2]['date-parts'][0][1]`), and
an empty list when the value is valid.

Validation runs on every item written, so it is done in two steps. A validator compiled by
`jsonschema_rs` answers valid/invalid first, in microseconds; only for a value it calls
invalid does the `jsonschema` validator, the reference, work out the diagnostics (paths and
messages are always the reference's). The two must agree on valid/invalid, and the tests
check that they do. Where their regular expressions differ, the compiled validator is given
patterns rewritten to mean what Python's `re` means (see `_python_pattern`), so that it
never passes a value the reference would reject. Values are expected to be JSON as a
writer's `json.dump` sees it (dict, list, str, int, float, bool, None); one the compiled
validator cannot take (a set, bytes ...) goes straight to the reference. A tuple is the one
known difference: the compiled validator counts it as an array, the reference does not.

The schemas are package data: a wheel carries them as `bibnorm/schemas/`. A source checkout
or editable install has no such folder inside the package, so they are then read from the
repository's top-level `schemas/`. Schemas name each other only by their own `urn:` ids
and nothing is ever fetched: a `$ref` to anything else fails instead of reaching the network.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from bibnorm.model import Diagnostic

if TYPE_CHECKING:
    # The reference validator is imported when first needed: valid items never reach it,
    # and importing it costs a command run about 60 ms.
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_NAMES = ("bibnorm-record", "csl-output")

# Where one item lives inside each schema: the root for a record, `$defs/item` for CSL,
# whose root is the whole array.
_ITEM_POINTER = {"bibnorm-record": "", "csl-output": "#/$defs/item"}
# Where one written document lives: bibnorm JSON is an array of records; the CSL schema
# already describes the array.
_DOCUMENT_IS_ARRAY_OF_ITEMS = {"bibnorm-record": True, "csl-output": False}

_MESSAGE_LIMIT = 300
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def schema_dir() -> Traversable:
    """The folder the schemas are read from: inside the installed package, else the repo's."""
    packaged = files("bibnorm") / "schemas"
    if packaged.is_dir():
        return packaged
    # Source checkout or editable install: src/bibnorm/schema.py -> repository root.
    return Path(__file__).resolve().parents[2] / "schemas"


def schema_path(name: str) -> Traversable:
    """The file of schema `name` (`bibnorm-record` or `csl-output`)."""
    _check_name(name)
    return schema_dir() / f"{name}.schema.json"


def load_schema(name: str) -> dict[str, Any]:
    """Schema `name` (`bibnorm-record` or `csl-output`) as a dict; a copy, free to change."""
    return copy.deepcopy(_load(name))


def validate(item: Any, schema_name: str) -> list[Diagnostic]:
    """Problems of ONE item against schema `schema_name`; empty when the item is valid.

    An item is one record (`bibnorm-record`) or one CSL item (`csl-output`); paths in the
    diagnostics start at the item (`$.issued.month`).
    """
    if _fast_is_valid(schema_name, item, document=False):
        return []
    return _diagnostics(_validator(schema_name, document=False), item, schema_name)


def validate_document(document: Any, schema_name: str) -> list[Diagnostic]:
    """Problems of a whole written document against schema `schema_name`.

    The document is an array of records (`bibnorm-record`, as the `json` writer writes it)
    or a CSL-JSON array (`csl-output`); paths start at the array (`$[0].title`).
    """
    if _fast_is_valid(schema_name, document, document=True):
        return []
    return _diagnostics(_validator(schema_name, document=True), document, schema_name)


def json_path(parts: Iterable[str | int]) -> str:
    """A JSON path (`$.similar[0]['date-parts']`) for a sequence of keys and indexes."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}"
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out += f"['{escaped}']"
    return out


def _check_name(name: str) -> None:
    if name not in SCHEMA_NAMES:
        known = ", ".join(SCHEMA_NAMES)
        raise ValueError(f"unknown schema {name!r}; known schemas: {known}")


@functools.cache
def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema


@functools.cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    # Every shipped schema under its own `$id`, and no `retrieve`: an unknown reference
    # raises instead of being fetched.
    resources = [
        (_load(name)["$id"], Resource.from_contents(_load(name), default_specification=DRAFT202012))
        for name in SCHEMA_NAMES
    ]
    return Registry().with_resources(resources)


@functools.cache
def _validator(name: str, *, document: bool) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    _check_name(name)
    return Draft202012Validator(_wrapper(name, document=document), registry=_registry())


def _wrapper(name: str, *, document: bool) -> dict[str, Any]:
    """The schema an item (or a whole document) of schema `name` is checked against."""
    item_ref = {"$ref": _load(name)["$id"] + _ITEM_POINTER[name]}
    if not document:
        return item_ref
    if _DOCUMENT_IS_ARRAY_OF_ITEMS[name]:
        return {"type": "array", "items": item_ref}
    return {"$ref": _load(name)["$id"]}


def _fast_is_valid(name: str, value: Any, *, document: bool) -> bool:
    """Whether the compiled validator passes `value`; False also when it cannot take it."""
    try:
        return _fast_validator(name, document=document).is_valid(value)
    except ValueError:
        # A value that is not JSON (a set, bytes, an arbitrary object): let the reference,
        # which knows what to say about it, decide.
        return False


@functools.cache
def _fast_validator(name: str, *, document: bool) -> jsonschema_rs.Draft202012Validator:
    """The compiled validator of an item or document of schema `name`.

    It checks against the same wrapper as the reference validator (a `$ref` to the item, or
    an array of them), with every shipped schema bundled into the wrapper's `$defs` under
    its own `$id`, so references resolve inside the one document and nothing is fetched.
    """
    _check_name(name)
    bundled = {other: _python_patterns(_load(other)) for other in SCHEMA_NAMES}
    fast_schema = {
        "$schema": _load(name)["$schema"],
        **_wrapper(name, document=document),
        "$defs": bundled,
    }
    known = tuple(_load(other)["$id"] for other in SCHEMA_NAMES)
    for ref in _refs(fast_schema):
        # jsonschema_rs would fetch an unknown absolute reference over the network.
        if not ref.startswith("#") and ref.split("#", 1)[0] not in known:
            raise ValueError(f"schema {name!r} refers to {ref!r}, which bibnorm does not ship")
    # No `format` options: our schemas use no `format`, and older jsonschema_rs lacks them.
    return jsonschema_rs.Draft202012Validator(fast_schema)


def _refs(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


# What `\s` matches in Python's `re` on text: every character for which `str.isspace()` is
# true. The compiled validator's `\s` is ECMA-262's, which leaves out U+001C-U+001F and U+0085
# and adds U+FEFF. Spelled out as a character class, both engines read it the same way.
_PYTHON_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _python_patterns(node: Any) -> Any:
    """A copy of schema `node` whose `pattern`s are rewritten by `_python_pattern`."""
    if isinstance(node, dict):
        return {
            key: _python_pattern(value)
            if key == "pattern" and isinstance(value, str)
            else _python_patterns(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_python_patterns(value) for value in node]
    return node


def _python_pattern(pattern: str) -> str:
    """`pattern` rewritten so that an ECMA-262 engine matches what Python's `re.search` does.

    Two constructs read differently and are spelled out: `\\s` / `\\S` (the set of spaces,
    see `_PYTHON_SPACE`) and `$`, which in Python also matches before a final newline.
    Everything else our schemas use (`[0-9]`, literals, `^`, anchors, quantifiers) means the
    same in both.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if escaped == "s":
                out.append(_PYTHON_SPACE if in_class else f"[{_PYTHON_SPACE}]")
            elif escaped == "S" and not in_class:
                out.append(f"[^{_PYTHON_SPACE}]")
            elif escaped == "S":
                raise ValueError(f"cannot translate \\S inside a character class: {pattern!r}")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = "(?:\\n?$)"
        out.append(char)
        i += 1
    return "".join(out)


def _diagnostics(validator: Draft202012Validator, value: Any, name: str) -> list[Diagnostic]:
    found = [problem for error in validator.iter_errors(value) for problem in _explain(error)]
    found.sort(key=_document_order)
    return [
        Diagnostic(
            code="schema.invalid",
            severity="error",
            path=json_path(where),
            message=f"{name}: {message}",
        )
        for where, message in found
    ]


def _document_order(problem: tuple[list[str | int], str]) -> tuple[list[tuple[int, str]], str]:
    # Indexes compare as numbers (zero-padded), keys as text; the tag keeps them apart.
    where, message = problem
    key = [(0, f"{p:012d}") if isinstance(p, int) else (1, p) for p in where]
    return key, message


def _explain(error: ValidationError) -> list[tuple[list[str | int], str]]:
    """(path parts, message) pairs for one validation error, as precise as it allows."""
    if error.context:
        from jsonschema.exceptions import best_match

        # anyOf / oneOf: "... is not valid under any of the given schemas" repeats the whole
        # value and says nothing useful; the closest branch's complaint does.
        return _explain(best_match(error.context))
    where: list[str | int] = list(error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(
        error.instance, dict
    ):
        # Point at each unexpected key rather than at the object that holds it.
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = [key for key in error.instance if key not in allowed]
        if extra:
            return [([*where, key], f"unexpected key {key!r}") for key in extra]
    message = str(error.message)
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 3] + "..."
    return [(where, message)]
