"""The indented JSON encoder writes exactly what `json.dumps(indent=2)` writes."""

from __future__ import annotations

import io
import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bibnorm.serialize import dump_json_array, indented_json

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
