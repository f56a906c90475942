"""The plugin boundary: what an adapter yields or a processor returns is checked before use.

The model's dataclasses are not checked when they are built (`model.fast_init` trades
that for speed), so a plugin can hand the core a dict, None, or a `Record` whose title
is an int. Met later, such a value crashes a built-in processor or writer, the message
blames the built-in, and the rest of the input is lost. Here every item crossing the
boundary is held to the model's own type hints: a wrong one becomes a `FailedRecord`
blamed on the plugin by name (diagnostic code `plugin.invalid-item`), and the input
goes on. The checks are compiled once per class from the hints, so they cost little
next to building the record (see `tests/reliability/test_identifiers_and_plugins.py`).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, get_args, get_origin, get_type_hints

from bibnorm import model
from bibnorm.model import Deletion, Diagnostic, FailedRecord, LineSpan, Record

INVALID_ITEM = "plugin.invalid-item"

# A check returns None for a value of the right type, else (where, found, expected):
# `where` is the path inside the value (`.authors[2].family`), empty for the value itself.
Problem = tuple[str, str, str]
Check = Callable[[Any], Problem | None]

_CHECKS: dict[Any, Check] = {}
_ITEM_CLASSES = (Record, FailedRecord, Deletion)


def problem_with(item: object) -> str | None:
    """What is wrong with `item` as an adapter's output, or None when it is a `Record`,
    `FailedRecord` or `Deletion` whose every field has its declared type."""
    if _fast_ok(item):
        return None
    if not isinstance(item, _ITEM_CLASSES):
        return f"{_kind(item)}, not a Record, FailedRecord or Deletion"
    found = _check_for(type(item))(item)
    if found is None:
        return None
    return describe(found, type(item).__name__)


def record_problem(record: object) -> str | None:
    """What is wrong with `record` as a processor's result, or None for a right `Record`."""
    if record.__class__ is Record and _fast_ok(record):
        return None
    if not isinstance(record, Record):
        return f"{_kind(record)}, not a Record"
    found = _check_for(type(record))(record)
    return None if found is None else describe(found, type(record).__name__)


def _fast_ok(item: object) -> bool:
    """True when `item` is exactly one of the item classes and every value in it exactly
    of its declared type; False means "look closer" (`_check_for` explains, and lets
    subclasses pass), never "wrong"."""
    fast = _FAST.get(item.__class__)
    if fast is None:
        return False
    try:
        return fast(item)
    except Exception:  # noqa: BLE001 - an odd value (unhashable, no __dict__): look closer
        return False


def describe(problem: Problem, owner: str) -> str:
    """`a Record whose `title` is int, expected str | None`."""
    where, found, expected = problem
    if not where:
        return f"{found}, expected {expected}"
    return f"a {owner} whose `{where.lstrip('.')}` is {found}, expected {expected}"


def failed_item(
    item: object, problem: str, *, plugin: str, role: str, adapter: str, file: str
) -> FailedRecord:
    """The `FailedRecord` that stands for a wrong `item`, blamed on `plugin`.

    `role` names what the plugin gave it as (`adapter 'x' yielded`, `processor 'y'
    returned`); the item's lines are kept when it carries a readable span.
    """
    span = _span_of(item)
    message = f"plugin {plugin!r}: {role} {problem}; the item is left out"
    return FailedRecord(
        adapter=adapter,
        file=file,
        span=span,
        raw=_short_repr(item),
        diagnostics=(
            Diagnostic(
                code=INVALID_ITEM,
                message=message,
                severity="error",
                line=span.start if span else None,
            ),
        ),
    )


def is_plugin_fault(item: FailedRecord) -> bool:
    """Whether `item` stands for a wrong value a plugin gave (see `failed_item`)."""
    return any(diag.code == INVALID_ITEM for diag in item.diagnostics)


def _kind(value: object) -> str:
    return "None" if value is None else f"a {type(value).__name__}"


def _short_repr(value: object, limit: int = 200) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a plugin's __repr__ may itself be broken
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _span_of(item: object) -> LineSpan | None:
    """The input lines `item` says it came from, when it says so in the model's types."""
    span = getattr(item, "span", None)
    if span is None:
        provenance = getattr(item, "provenance", None)
        span = getattr(provenance, "span", None)
    if isinstance(span, LineSpan) and type(span.start) is int and type(span.end) is int:
        return span
    return None


def _check_for(tp: Any) -> Check:
    """The check of type `tp` (a model class or a type hint), compiled once."""
    check = _CHECKS.get(tp)
    if check is None:
        check = _compile(tp)
        _CHECKS[tp] = check
    return check


def _compile(tp: Any) -> Check:
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_check(tp)
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_check(tp)
    if origin is tuple:
        return _tuple_check(tp)
    if origin is Literal:
        return _literal_check(tp)
    if tp is bool:
        return _bool_check
    if tp is int:
        return _int_check
    if tp is str or tp is float:
        return _instance_check(tp)
    # Nothing else appears in the model; anything new is let through, not guessed at.
    return _any_check


def _any_check(value: Any) -> Problem | None:
    return None


def _bool_check(value: Any) -> Problem | None:
    return None if value is True or value is False else ("", _name(value), "bool")


def _int_check(value: Any) -> Problem | None:
    # bool is an int to Python, never to the schema.
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return ("", _name(value), "int")


def _instance_check(expected: type) -> Check:
    def check(value: Any) -> Problem | None:
        return None if isinstance(value, expected) else ("", _name(value), expected.__name__)

    return check


def _literal_check(tp: Any) -> Check:
    allowed = frozenset(get_args(tp))
    shown = " | ".join(repr(a) for a in get_args(tp))

    def check(value: Any) -> Problem | None:
        try:
            if value in allowed and type(value) in (str, int, bool):
                return None
        except TypeError:  # an unhashable value
            pass
        return ("", repr(value)[:40], shown)

    return check


def _union_check(tp: Any) -> Check:
    options = [a for a in get_args(tp) if a is not type(None)]
    optional = len(options) < len(get_args(tp))
    checks = [_check_for(a) for a in options]
    shown = " | ".join(_hint_name(a) for a in get_args(tp))
    if len(checks) == 1:
        only = checks[0]

        def check_optional(value: Any) -> Problem | None:
            if value is None and optional:
                return None
            found = only(value)
            if found is None or found[0]:
                return found  # right, or wrong deeper inside a value of the right kind
            return ("", found[1], shown)

        return check_optional

    def check(value: Any) -> Problem | None:
        if value is None and optional:
            return None
        results = [c(value) for c in checks]
        if any(r is None for r in results):
            return None
        deeper = [r for r in results if r is not None and r[0]]
        return deeper[0] if deeper else ("", _name(value), shown)

    return check


def _tuple_check(tp: Any) -> Check:
    args = get_args(tp)
    shown = _hint_name(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        each = _check_for(args[0])

        def check_each(value: Any) -> Problem | None:
            if not isinstance(value, tuple):
                return ("", _name(value), shown)
            for index, element in enumerate(value):
                found = each(element)
                if found is not None:
                    return (f"[{index}]{found[0]}", found[1], found[2])
            return None

        return check_each
    checks = [_check_for(a) for a in args]

    def check_fixed(value: Any) -> Problem | None:
        if not isinstance(value, tuple) or len(value) != len(checks):
            return ("", _name(value), shown)
        for index, (part_check, element) in enumerate(zip(checks, value, strict=True)):
            found = part_check(element)
            if found is not None:
                return (f"[{index}]{found[0]}", found[1], found[2])
        return None

    return check_fixed


def _dataclass_check(cls: type) -> Check:
    # Filled in below; set first so that a class naming itself (directly or not) works.
    fields: list[tuple[str, Check, bool]] = []

    def check(value: Any) -> Problem | None:
        if not isinstance(value, cls):
            return ("", _name(value), cls.__name__)
        attributes = getattr(value, "__dict__", None)
        if attributes is None:
            return ("", f"a {type(value).__name__} without fields", cls.__name__)
        for name, field_check, may_be_none in fields:
            try:
                field_value = attributes[name]
            except KeyError:
                return (f".{name}", "missing", "a value")
            if field_value is None and may_be_none:
                continue  # the commonest case, answered without a call
            found = field_check(field_value)
            if found is not None:
                return (f".{name}{found[0]}", found[1], found[2])
        return None

    _CHECKS[cls] = check
    hints = get_type_hints(cls, vars(model))
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        may_be_none = type(None) in get_args(hint)
        fields.append((f.name, _check_for(hint), may_be_none))
    return check


class _FastChecks:
    """Generates, for each model dataclass, a straight-line function that answers whether
    a value is exactly right: the closures of `_check_for` cost a call per value, and a
    record with hundreds of references has thousands of values. Built as
    `model.fast_init` builds `__init__`, from the field names and hints only."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.built: dict[type, Callable[[Any], bool]] = {}

    def function(self, cls: type) -> Callable[[Any], bool]:
        if cls not in self.built:
            self.namespace[f"C_{cls.__name__}"] = cls
            lines = [f"def ok_{cls.__name__}(v):", "    d = v.__dict__"]
            hints = get_type_hints(cls, vars(model))
            for f in dataclasses.fields(cls):
                lines.append(f"    x = d[{f.name!r}]")
                lines.extend("    " + line for line in self._statements(hints[f.name], "x"))
            lines.append("    return True")
            exec("\n".join(lines), self.namespace)  # code built from our own hints
            self.built[cls] = self.namespace[f"ok_{cls.__name__}"]
            for hint in hints.values():
                self._build_classes_in(hint)
        return self.built[cls]

    def _build_classes_in(self, hint: Any) -> None:
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            self.function(hint)
        for arg in get_args(hint):
            self._build_classes_in(arg)

    def _statements(self, hint: Any, name: str) -> list[str]:
        args = get_args(hint)
        if get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
            element = self._expression(args[0], "e")
            return [
                f"if {name}.__class__ is not tuple: return False",
                f"for e in {name}:",
                f"    if not ({element}): return False",
            ]
        return [f"if not ({self._expression(hint, name)}): return False"]

    def _expression(self, hint: Any, name: str) -> str:
        origin, args = get_origin(hint), get_args(hint)
        if hint is type(None):
            return f"{name} is None"
        if hint in (str, int, float):
            return f"{name}.__class__ is {hint.__name__}"
        if hint is bool:
            return f"({name} is True or {name} is False)"
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            self.namespace.setdefault(f"C_{hint.__name__}", hint)
            # Looked up when called: the function of a class is made after its users'.
            return f"({name}.__class__ is C_{hint.__name__} and ok_{hint.__name__}({name}))"
        if origin in (typing.Union, types.UnionType):
            return "(" + " or ".join(self._expression(a, name) for a in args) + ")"
        if origin is Literal:
            key = f"L_{len(self.namespace)}"
            self.namespace[key] = frozenset(args)
            return f"({name}.__class__ is str and {name} in {key})"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            element = self._expression(args[0], "e")
            return f"({name}.__class__ is tuple and all({element} for e in {name}))"
        if origin is tuple:
            parts = [f"{name}.__class__ is tuple", f"len({name}) == {len(args)}"]
            for index, arg in enumerate(args):
                parts.append(self._expression(arg, f"{name}[{index}]"))
            return "(" + " and ".join(parts) + ")"
        return "True"


_FAST_CHECKS = _FastChecks()
_FAST: dict[type, Callable[[Any], bool]] = {
    cls: _FAST_CHECKS.function(cls) for cls in _ITEM_CLASSES
}


def _name(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def _hint_name(tp: Any) -> str:
    if tp is type(None):
        return "None"
    if get_origin(tp) is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return f"tuple[{_hint_name(args[0])}, ...]"
        return f"tuple[{', '.join(_hint_name(a) for a in args)}]"
    if get_origin(tp) in (typing.Union, types.UnionType):
        return " | ".join(_hint_name(a) for a in get_args(tp))
    return getattr(tp, "__name__", str(tp))


__all__ = ["INVALID_ITEM", "failed_item", "is_plugin_fault", "problem_with", "record_problem"]
