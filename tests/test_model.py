"""The model classes: frozen dataclasses whose fast `__init__` behaves as dataclasses' own."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest
from shared_data import rich_record

from bibnorm import model

CLASSES = sorted(
    (
        value
        for value in vars(model).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == model.__name__
    ),
    key=lambda cls: cls.__name__,
)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_init_takes_the_fields_as_keywords_with_their_defaults(cls: type) -> None:
    parameters = inspect.signature(cls).parameters
    fields = dataclasses.fields(cls)
    assert list(parameters) == [f.name for f in fields]
    for f in fields:
        assert parameters[f.name].kind is inspect.Parameter.KEYWORD_ONLY
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert parameters[f.name].default == expected


def test_objects_stay_frozen_comparable_and_hashable() -> None:
    span = model.LineSpan(start=1, end=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 3  # type: ignore[misc]
    assert span == model.LineSpan(start=1, end=2)
    assert hash(span) == hash(model.LineSpan(start=1, end=2))
    with pytest.raises(TypeError, match="required keyword-only argument: 'end'"):
        model.LineSpan(start=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        model.Identifier(scheme="pmid", value="1", extra=2)  # type: ignore[call-arg]


def test_a_full_record_survives_replace_and_pickle() -> None:
    record = rich_record()
    assert dataclasses.replace(record) == record
    assert dataclasses.replace(record, title="Other").title == "Other"
    assert pickle.loads(pickle.dumps(record)) == record
    assert dataclasses.asdict(record)["title"] == record.title


def test_fast_init_serves_other_frozen_keyword_dataclasses() -> None:
    @model.fast_init
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Pair:
        left: str
        right: int = 0

    pair = Pair(left="a")
    assert (pair.left, pair.right) == ("a", 0)
    assert pair == Pair(left="a", right=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.left = "b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Pair("a")  # type: ignore[misc]


def test_fast_init_refuses_what_it_could_not_build_the_same() -> None:
    @dataclasses.dataclass(frozen=True)
    class Positional:
        left: str

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Factory:
        items: list[str] = dataclasses.field(default_factory=list)

    for cls in (Positional, Factory):
        with pytest.raises(TypeError, match=cls.__name__):
            model.fast_init(cls)
