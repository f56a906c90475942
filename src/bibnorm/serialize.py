"""Turn model objects into plain JSON values (the bibnorm JSON format) and back.

The JSON keeps the dataclass field names. Absent values (None, empty tuples, False
flags) are left out, so a record shows only what its input carried.
"""

from __future__ import annotations

import dataclasses
import json
import math
import operator
import types
import typing
from collections.abc import Callable, Iterable
from typing import IO, Any, TypeVar, get_args, get_origin, get_type_hints

from bibnorm import model

T = TypeVar("T")


def to_json(value: Any) -> Any:
    """A model object (or tuple of them) as JSON-ready dicts, lists and scalars."""
    kind = value.__class__
    try:
        layout = _LAYOUTS[kind]
    except KeyError:
        layout = _LAYOUTS[kind] = _layout_of(kind)
    if layout is None:
        if isinstance(value, tuple | list):
            return [v if v.__class__ is str else to_json(v) for v in value]
        return value
    names, values_of = layout
    out: dict[str, Any] = {}
    for name, item in zip(names, values_of(value), strict=True):
        # Most values are strings, numbers or tuples: done here, without a call for each.
        kind = item.__class__
        if kind is str or kind is int:
            out[name] = item
        elif kind is tuple:
            if item:
                out[name] = [v if v.__class__ is str else to_json(v) for v in item]
        # Only a tuple can equal (): `item == ()` on a model object would call its `__eq__`.
        elif item is None or item is False or (isinstance(item, tuple) and item == ()):
            continue
        else:
            out[name] = to_json(item)
    return out


# Per class, its dataclass field names and one call that reads all their values, or None
# for a class that is not a dataclass. `dataclasses.fields` and `is_dataclass` on every
# value took a quarter of `--to json`; there are only a few dozen classes.
_Layout = tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]
_LAYOUTS: dict[type, _Layout | None] = {}


def _layout_of(kind: type) -> _Layout | None:
    if not dataclasses.is_dataclass(kind):
        return None
    names = tuple(f.name for f in dataclasses.fields(kind))
    if len(names) > 1:
        return names, operator.attrgetter(*names)
    # `attrgetter` of one name returns the value itself, not a tuple of one.
    return names, lambda value: tuple(getattr(value, name) for name in names)


def dump_json_array(items: Iterable[Any], stream: IO[str]) -> None:
    """Write `items` as an indented JSON array, one item at a time (nothing is held).

    The output is what `json.dump(list(items), stream, indent=2, ensure_ascii=False)`
    would write; an item `prerender_array_item` encoded ahead is written as it was then.
    """
    first = True
    for item in items:
        stream.write("[\n  " if first else ",\n  ")
        stream.write(item.text if item.__class__ is Prerendered else indented_json(item, "  "))
        first = False
    stream.write("[]\n" if first else "\n]\n")


class Prerendered(dict[str, Any]):
    """A JSON item encoded ahead, where it was built (a `--jobs` worker: see
    `Writer.prerender`), so that the process that writes only writes.

    `text` is what the writer's `dump` writes for the item. The dict holds only the keys
    `dump` reads besides (CSL: `id` and `custom`, to keep ids unique), not the whole item,
    which would cost more to send than the text saves; `whole()` decodes it from the
    text, for the rare item `dump` must change.
    """

    text: str

    def whole(self) -> dict[str, Any]:
        """The item itself."""
        item: dict[str, Any] = json.loads(self.text)
        return item


def prerendered(keys: dict[str, Any], text: str) -> Prerendered:
    """An item's `text`, with the `keys` of it that its writer's `dump` reads."""
    rendered = Prerendered(keys)
    rendered.text = text
    return rendered


def prerender_array_item(item: dict[str, Any], keys: Iterable[str] = ()) -> Prerendered:
    """`item` as `dump_json_array` writes it, keeping the `keys` of it given."""
    return prerendered({k: item[k] for k in keys if k in item}, indented_json(item, "  "))


def whole_item(item: dict[str, Any]) -> dict[str, Any]:
    """`item` itself, whether or not it was encoded ahead (`Prerendered`)."""
    return item.whole() if item.__class__ is Prerendered else item


def indented_json(value: Any, margin: str = "") -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, every line after the first
    starting with `margin`, byte for byte.

    The standard library indents in pure Python, one generator per nested value; this
    builds the same text in one recursive pass, a few times faster on a CSL item. Values
    it does not know (not the dicts, lists and scalars the writers make) go to `json`.
    """
    parts: list[str] = []
    try:
        _indent(value, margin, parts)
    except _NotPlain:
        text = json.dumps(value, indent=2, ensure_ascii=False)
        return text.replace("\n", "\n" + margin) if margin else text
    return "".join(parts)


class _NotPlain(Exception):
    """A value `_indent` leaves to the json module."""


# The C string encoder behind `json.dumps(..., ensure_ascii=False)`.
_quote = json.encoder.encode_basestring


def _indent(value: Any, margin: str, parts: list[str]) -> None:
    kind = value.__class__
    if kind is str:
        parts.append(_quote(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = margin + "  "
        separator = "{\n" + inner
        for key, item in value.items():
            if key.__class__ is not str:
                raise _NotPlain
            # Most values are strings or numbers: written here, without a call for each.
            if item.__class__ is str:
                parts.append(f"{separator}{_quote(key)}: {_quote(item)}")
            elif item.__class__ is int:
                parts.append(f"{separator}{_quote(key)}: {int.__repr__(item)}")
            else:
                parts.append(f"{separator}{_quote(key)}: ")
                _indent(item, inner, parts)
            separator = ",\n" + inner
        parts.append("\n" + margin + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = margin + "  "
        separator = "[\n" + inner
        for item in value:
            if item.__class__ is str:
                parts.append(separator + _quote(item))
            else:
                parts.append(separator)
                _indent(item, inner, parts)
            separator = ",\n" + inner
        parts.append("\n" + margin + "]")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is float and math.isfinite(value):
        parts.append(float.__repr__(value))
    else:
        raise _NotPlain


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
