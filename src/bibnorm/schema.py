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
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from bibnorm.model import Diagnostic

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
    return _diagnostics(_validator(schema_name, document=False), item, schema_name)


def validate_document(document: Any, schema_name: str) -> list[Diagnostic]:
    """Problems of a whole written document against schema `schema_name`.

    The document is an array of records (`bibnorm-record`, as the `json` writer writes it)
    or a CSL-JSON array (`csl-output`); paths start at the array (`$[0].title`).
    """
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
    # Every shipped schema under its own `$id`, and no `retrieve`: an unknown reference
    # raises instead of being fetched.
    resources = [
        (_load(name)["$id"], Resource.from_contents(_load(name), default_specification=DRAFT202012))
        for name in SCHEMA_NAMES
    ]
    return Registry().with_resources(resources)


@functools.cache
def _validator(name: str, *, document: bool) -> Draft202012Validator:
    _check_name(name)
    item_ref = {"$ref": _load(name)["$id"] + _ITEM_POINTER[name]}
    if not document:
        wrapper: dict[str, Any] = item_ref
    elif _DOCUMENT_IS_ARRAY_OF_ITEMS[name]:
        wrapper = {"type": "array", "items": item_ref}
    else:
        wrapper = {"$ref": _load(name)["$id"]}
    return Draft202012Validator(wrapper, registry=_registry())


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
