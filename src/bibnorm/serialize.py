"""Turn model objects into plain JSON values (the bibnorm JSON format) and back.

The JSON keeps the dataclass field names. Absent values (None, empty tuples, False
flags) are left out, so a record shows only what its input carried.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable
from typing import IO, Any, TypeVar, get_args, get_origin, get_type_hints

from bibnorm import model

T = TypeVar("T")


def to_json(value: Any) -> Any:
    """A model object (or tuple of them) as JSON-ready dicts, lists and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is None or item is False or item == ():
                continue
            out[f.name] = to_json(item)
        return out
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    return value


def dump_json_array(items: Iterable[Any], stream: IO[str]) -> None:
    """Write `items` as an indented JSON array, one item at a time (nothing is held).

    The output is what `json.dump(list(items), stream, indent=2)` would write.
    """
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False)
        stream.write("[\n  " if first else ",\n  ")
        stream.write(text.replace("\n", "\n  "))
        first = False
    stream.write("[]\n" if first else "\n]\n")


def record_to_json(record: model.Record) -> dict[str, Any]:
    """One record as a bibnorm JSON object."""
    result: dict[str, Any] = to_json(record)
    return result


def from_json(cls: type[T], data: Any) -> T:
    """Rebuild a model object of class `cls` from what `to_json` made of it."""
    return typing.cast(T, _build(cls, data))


def _build(tp: Any, data: Any) -> Any:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return None if data is None else _build(options[0], data)
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in data)
        return tuple(_build(a, v) for a, v in zip(args, data, strict=True))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = get_type_hints(tp, vars(model))
        kwargs = {name: _build(hints[name], v) for name, v in data.items()}
        return tp(**kwargs)
    return data
