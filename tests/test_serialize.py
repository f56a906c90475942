"""The indented JSON encoder writes exactly what `json.dumps(indent=2)` writes; `to_json`
leaves out absent values of any dataclass."""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bibnorm.serialize import dump_json_array, indented_json, to_json

# Every JSON value the writers make, and the odd ones a plugin writer might pass.
_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


def _reference(value: Any, margin: str = "") -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + margin)


@given(_values, st.sampled_from(["", "  ", "    "]))
def test_indented_json_is_json_dumps_byte_for_byte(value: Any, margin: str) -> None:
    assert indented_json(value, margin) == _reference(value, margin)


def test_strings_are_escaped_as_json_escapes_them() -> None:
    value = {'quote " back \\ tab \t nl \n': ["\u2028", "\x00\x1f", "é 中 😀", "\ud800"]}
    assert indented_json(value) == _reference(value)


def test_values_it_does_not_know_go_to_the_json_module() -> None:
    class Number(int):
        pass

    value = {"big": Number(7), 1: "int key", None: [math.inf, -0.0]}
    assert indented_json(value, "  ") == _reference(value, "  ")


@given(st.lists(st.dictionaries(st.text(max_size=4), _scalars, max_size=3), max_size=4))
def test_dump_json_array_is_json_dump_of_the_list(items: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    dump_json_array(iter(items), out)
    assert out.getvalue() == json.dumps(items, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class _Empty:
    pass


@dataclass(frozen=True)
class _One:
    value: Any


@dataclass(frozen=True)
class _Many:
    first: Any
    second: Any = None
    flag: Any = False


class _Labels(tuple[str, ...]):
    """A tuple subclass, as a plugin's record might hold."""


def test_to_json_reads_dataclasses_of_no_one_or_many_fields() -> None:
    value = _Many(first=_One(value=(_Empty(), "a", 1)), second=[_One(value=None)], flag=True)
    assert to_json(value) == {"first": {"value": [{}, "a", 1]}, "second": [{}], "flag": True}


def test_to_json_leaves_out_none_false_and_empty_tuples_only() -> None:
    assert to_json(_Many(first=_Labels(), second=_Labels(["x"]))) == {"second": ["x"]}
    assert to_json(_Many(first=0, second="", flag=0.0)) == {"first": 0, "second": "", "flag": 0.0}
    assert to_json(_Many(first=(), second=[], flag=None)) == {"second": []}
    assert to_json(_One) is _One  # a dataclass itself is a value, not a record
