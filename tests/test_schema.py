"""Tests of the shipped JSON Schemas and of `bibnorm.schema`, which loads and applies them."""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from shared_data import REPO_ROOT, SHARED_ROOT, minimal_record, rich_record, shared_path

from bibnorm import model, pipeline, schema
from bibnorm.csl import record_to_csl
from bibnorm.manager import create_host
from bibnorm.registry import WriteOptions
from bibnorm.serialize import record_to_json

RECORD = "bibnorm-record"
CSL = "csl-output"

MODEL_CLASSES = sorted(
    (
        obj
        for obj in vars(model).values()
        if isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == model.__name__
    ),
    key=lambda cls: cls.__name__,
)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


# --- loading --------------------------------------------------------------------------


@pytest.mark.parametrize("name", schema.SCHEMA_NAMES)
def test_load_schema_gives_a_valid_2020_12_schema_with_an_offline_id(name: str) -> None:
    loaded = schema.load_schema(name)
    jsonschema.Draft202012Validator.check_schema(loaded)
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert loaded["$id"] == f"urn:bibnorm:schema:{name}"


@pytest.mark.parametrize("name", schema.SCHEMA_NAMES)
def test_every_ref_is_inside_the_schema_so_nothing_is_fetched(name: str) -> None:
    refs = set(_refs(schema.load_schema(name)))
    assert refs, "the schemas use $defs, so some $ref is expected"
    assert all(ref.startswith("#/$defs/") for ref in refs), sorted(refs)


def test_load_schema_returns_a_copy_the_caller_may_change() -> None:
    first = schema.load_schema(RECORD)
    first["$defs"].clear()
    assert schema.load_schema(RECORD)["$defs"], "the cached schema was changed through a copy"
    assert schema.validate({"title": "still validated"}, RECORD) == []


def test_load_schema_rejects_an_unknown_name_listing_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown schema 'csl'.*bibnorm-record, csl-output"):
        schema.load_schema("csl")
    with pytest.raises(ValueError, match="unknown schema"):
        schema.validate({}, "nope")


def test_schemas_are_read_from_the_package_or_the_checkout() -> None:
    # tox tests the installed wheel (schemas inside the package); a plain `pytest` in an
    # editable install reads the checkout's folder. Both hold the same files.
    package_dir = Path(schema.__file__).resolve().parent
    expected = package_dir / "schemas"
    if not expected.is_dir():
        expected = REPO_ROOT / "schemas"
    assert Path(str(schema.schema_dir())) == expected
    on_disk = json.loads((REPO_ROOT / "schemas" / "csl-output.schema.json").read_text("utf-8"))
    assert schema.load_schema(CSL) == on_disk


# --- the record schema follows the model ---------------------------------------------


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_record_schema_has_a_def_per_dataclass_with_exactly_its_fields(cls: type) -> None:
    definition = schema.load_schema(RECORD)["$defs"][cls.__name__]
    fields = dataclasses.fields(cls)
    assert list(definition["properties"]) == [f.name for f in fields]
    assert definition["additionalProperties"] is False
    # A field without a default is always written unless it is None or an empty tuple.
    always_written = {
        f.name
        for f in fields
        if f.default is dataclasses.MISSING
        and "None" not in str(f.type)
        and not str(f.type).startswith("tuple")
    }
    assert always_written <= set(definition.get("required", []))


def test_csl_types_are_the_same_in_both_schemas_and_all_official(
    official_csl_schema: dict[str, Any],
) -> None:
    record_types = schema.load_schema(RECORD)["$defs"]["Citation"]["properties"]["type"]["enum"]
    csl_types = schema.load_schema(CSL)["$defs"]["item"]["properties"]["type"]["enum"]
    assert record_types == csl_types
    assert {"article-journal", "article", "book", "chapter", "review"} <= set(csl_types)
    assert set(csl_types) <= set(official_csl_schema["items"]["properties"]["type"]["enum"])


def test_csl_item_properties_are_all_official_csl_variables(
    official_csl_schema: dict[str, Any],
) -> None:
    ours = schema.load_schema(CSL)["$defs"]["item"]["properties"]
    assert set(ours) <= set(official_csl_schema["items"]["properties"])


# --- valid records and items ---------------------------------------------------------


@pytest.mark.parametrize(
    "record", [rich_record(), minimal_record()], ids=["rich-record", "minimal-record"]
)
def test_records_as_serialised_are_valid(record: model.Record) -> None:
    item = record_to_json(record)
    assert schema.validate(item, RECORD) == []
    assert schema.validate_document([item, item], RECORD) == []


def test_csl_document_and_its_items_are_valid() -> None:
    items = record_to_csl(rich_record(), with_related=True)
    assert [schema.validate(item, CSL) for item in items] == [[]] * len(items)
    assert schema.validate_document(items, CSL) == []


# --- invalid records: every problem found, with its JSON path -----------------------


def _set(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(item: dict[str, Any]) -> None:
        target: Any = item
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


RECORD_BREAKAGES = [
    pytest.param(_set(["issued", "month"], 13), "$.issued.month", "maximum of 12", id="month-13"),
    pytest.param(
        _set(["similar", 0, "issued", "month"], 0),
        "$.similar[0].issued.month",
        "minimum of 1",
        id="related-month-0",
    ),
    pytest.param(
        _set(["history", 0, "date", "day"], 32), "$.history[0].date.day", "maximum", id="day-32"
    ),
    pytest.param(
        _set(["issued", "year"], "2022"), "$.issued.year", "not of type 'integer'", id="year-str"
    ),
    pytest.param(_set(["bogus"], 1), "$.bogus", "unexpected key 'bogus'", id="unknown-key"),
    pytest.param(
        _set(["authors", 0, "nickname"], "Sandro"),
        "$.authors[0].nickname",
        "unexpected key",
        id="unknown-person-key",
    ),
    pytest.param(
        _set(["identifiers", 0, "scheme"], "PMID"),
        "$.identifiers[0].scheme",
        "does not match",
        id="upper-case-scheme",
    ),
    pytest.param(_set(["type"], "journal-article"), "$.type", "is not one of", id="non-csl-type"),
    pytest.param(_set(["et_al"], False), "$.et_al", "True was expected", id="false-flag"),
    pytest.param(_set(["authors"], []), "$.authors", "should be non-empty", id="empty-list"),
    pytest.param(_set(["title"], None), "$.title", "not of type 'string'", id="null"),
    pytest.param(
        _set(["authors", 1], {"given": "Jo"}),
        "$.authors[1]",
        "is a required property",
        id="nameless-person",
    ),
    pytest.param(
        _set(["diagnostics", 0, "severity"], "fatal"),
        "$.diagnostics[0].severity",
        "is not one of",
        id="bad-severity",
    ),
    pytest.param(
        _set(["provenance", "fields", 1, "method"], "guessed"),
        "$.provenance.fields[1].method",
        "is not one of",
        id="bad-field-method",
    ),
    pytest.param(
        _set(["cited_by", 0, "issued", "month"], 2),
        "$.cited_by[0].issued",
        "should not be valid",
        id="season-and-month",
    ),
    pytest.param(
        _set(["references", 2, "issued"], {"year": 2016, "day": 3}),
        "$.references[2].issued",
        "'month' is a dependency of 'day'",
        id="day-without-month",
    ),
    pytest.param(
        _set(["journal", "issn_print"], "16616596"),
        "$.journal.issn_print",
        "does not match",
        id="bad-issn",
    ),
    pytest.param(_set(["extra", 0], ["OWN"]), "$.extra[0]", "is too short", id="extra-not-a-pair"),
    pytest.param(
        _set(["links_to", 0, "citation", "issued"], {"year": 2020, "month": 13}),
        "$.links_to[0].citation.issued.month",
        "maximum",
        id="linked-citation-month",
    ),
]


@pytest.mark.parametrize(("breakage", "path", "message"), RECORD_BREAKAGES)
def test_record_schema_reports_a_broken_field_at_its_path(
    breakage: Callable[[dict[str, Any]], None], path: str, message: str
) -> None:
    item = record_to_json(rich_record())
    breakage(item)
    problems = schema.validate(item, RECORD)
    assert [p.path for p in problems] == [path]
    (problem,) = problems
    assert problem.code == "schema.invalid"
    assert problem.severity == "error"
    assert problem.message.startswith("bibnorm-record: ")
    assert message in problem.message


def test_record_problems_are_all_reported_in_document_order() -> None:
    item = record_to_json(rich_record())
    item["similar"][1]["issued"]["month"] = 13
    item["similar"][0]["issued"]["month"] = 14
    item["zzz"] = True
    paths = [p.path for p in schema.validate(item, RECORD)]
    assert paths == ["$.similar[0].issued.month", "$.similar[1].issued.month", "$.zzz"]


def test_document_paths_start_at_the_array() -> None:
    good = record_to_json(minimal_record())
    bad = copy.deepcopy(good)
    bad["issued"]["month"] = 13
    problems = schema.validate_document([good, bad], RECORD)
    assert [p.path for p in problems] == ["$[1].issued.month"]
    assert [p.path for p in schema.validate_document({"title": "x"}, RECORD)] == ["$"]


# --- invalid CSL: the strict profile catches what the official schema lets through ----


def _csl_item() -> dict[str, Any]:
    return {
        "id": "pmid:1",
        "type": "article-journal",
        "title": "A title",
        "author": [{"family": "Smith", "given": "J."}],
        "issued": {"date-parts": [[2020, 5, 1]]},
    }


CSL_BREAKAGES = [
    pytest.param(
        _set(["issued", "date-parts", 0, 1], 13),
        "$.issued['date-parts'][0][1]",
        "maximum of 12",
        True,
        id="month-13",
    ),
    pytest.param(
        _set(["issued", "date-parts", 0, 2], 32),
        "$.issued['date-parts'][0][2]",
        "maximum of 31",
        True,
        id="day-32",
    ),
    pytest.param(
        _set(["issued", "date-parts"], [["2020"]]),
        "$.issued['date-parts'][0][0]",
        "not of type 'integer'",
        True,
        id="string-date-parts",
    ),
    pytest.param(
        _set(["issued", "date-parts"], [[2020], [2021], [2022]]),
        "$.issued['date-parts']",
        "too long",
        False,
        id="three-dates",
    ),
    pytest.param(
        _set(["issued", "date-parts", 0], [2020, 1, 2, 3]),
        "$.issued['date-parts'][0]",
        "Expected at most 3 items",
        False,
        id="four-parts",
    ),
    pytest.param(_set(["issued", "season"], 5), "$.issued.season", "maximum", True, id="season-5"),
    pytest.param(
        _set(["author", 0], "Smith J"), "$.author[0]", "not of type 'object'", False, id="name-str"
    ),
    pytest.param(
        _set(["author", 0], {"given": "J."}),
        "$.author[0]",
        "is a required property",
        True,
        id="name-without-family",
    ),
    pytest.param(
        _set(["author", 0], {"literal": "A Group", "given": "J."}),
        "$.author[0]",
        "should not be valid",
        True,
        id="literal-with-given",
    ),
    pytest.param(_set(["type"], "journal-article"), "$.type", "one of", False, id="unknown-type"),
    pytest.param(_set(["type"], "broadcast"), "$.type", "one of", True, id="type-we-never-emit"),
    pytest.param(_set(["id"], 7), "$.id", "not of type 'string'", True, id="numeric-id"),
    pytest.param(_set(["volume"], 12), "$.volume", "not of type 'string'", True, id="int-volume"),
    pytest.param(_set(["PMID"], "PMID: 1"), "$.PMID", "does not match", True, id="bad-pmid"),
    pytest.param(_set(["DOI"], "doi:10.1/x"), "$.DOI", "does not match", True, id="bad-doi"),
    pytest.param(_set(["title"], ""), "$.title", "should be non-empty", True, id="empty-title"),
    pytest.param(
        _set(["shortTitle"], "A"), "$.shortTitle", "unexpected key", True, id="not-emitted-key"
    ),
    pytest.param(
        _set(["custom"], {"relation": "cites", "related_to": "pmid:2"}),
        "$.custom.relation",
        "is not one of",
        True,
        id="bad-relation",
    ),
    pytest.param(
        _set(["custom"], {"relation": "similar"}),
        "$.custom",
        "'related_to' is a required property",
        True,
        id="custom-without-related-to",
    ),
]


@pytest.mark.parametrize(("breakage", "path", "message", "official_accepts"), CSL_BREAKAGES)
def test_strict_csl_schema_reports_a_broken_item_at_its_path(
    breakage: Callable[[dict[str, Any]], None],
    path: str,
    message: str,
    official_accepts: bool,
    official_csl_schema: dict[str, Any],
) -> None:
    item = _csl_item()
    assert schema.validate(item, CSL) == []
    breakage(item)
    problems = schema.validate(item, CSL)
    assert [p.path for p in problems] == [path]
    assert message in problems[0].message
    assert problems[0].message.startswith("csl-output: ")
    # Documents why the strict profile exists: the official schema lets some of these through.
    official = jsonschema.Draft7Validator(official_csl_schema)
    assert official.is_valid([item]) is official_accepts


def test_strict_csl_document_must_be_an_array_of_items() -> None:
    assert [p.path for p in schema.validate_document(_csl_item(), CSL)] == ["$"]
    broken = _csl_item()
    del broken["id"]
    problems = schema.validate_document([_csl_item(), broken], CSL)
    assert [(p.path, p.message) for p in problems] == [
        ("$[1]", "csl-output: 'id' is a required property")
    ]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param([], "$", id="root"),
        pytest.param(["similar", 0, "issued", "month"], "$.similar[0].issued.month", id="dots"),
        pytest.param(["issued", "date-parts", 0], "$.issued['date-parts'][0]", id="dash-key"),
        pytest.param([3, "it's"], "$[3]['it\\'s']", id="quote-escaped"),
    ],
)
def test_json_path(parts: list[str | int], expected: str) -> None:
    assert schema.json_path(parts) == expected


# --- the compiled validator on the hot path agrees with the jsonschema reference --------


def _reference_is_valid(value: Any, name: str, *, document: bool = False) -> bool:
    return bool(schema._validator(name, document=document).is_valid(value))


def _fast_is_valid(value: Any, name: str, *, document: bool = False) -> bool:
    return schema._fast_is_valid(name, value, document=document)


def _items_of_records(records: list[model.Record]) -> list[tuple[str, dict[str, Any]]]:
    """Each record as the `json` writer sees it and each of its CSL items."""
    items: list[tuple[str, dict[str, Any]]] = []
    for record in records:
        items.append((RECORD, record_to_json(record)))
        items.extend((CSL, item) for item in record_to_csl(record, with_related=True))
    return items


@functools.cache
def _sample_items() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every record and CSL item of every sample, parsed through the pipeline."""
    host = create_host(autoload=False)
    writer = host.registry.writer("csl")
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((REPO_ROOT / "samples").rglob("*")):
        if not path.is_file() or path.name.endswith(".expected.json"):
            continue
        result = pipeline.parse_path(path, host)
        found.extend((RECORD, record_to_json(record)) for record in result.records)
        rendered = pipeline.render([result], writer, WriteOptions(with_related=True))
        found.extend((CSL, item) for item in rendered.items)
    return tuple(found)


def _valid_items() -> list[tuple[str, dict[str, Any]]]:
    return [*_sample_items(), *_items_of_records([rich_record(), minimal_record()])]


def test_samples_give_records_and_csl_items_to_compare() -> None:
    names = [name for name, _ in _sample_items()]
    assert names.count(RECORD) >= 20
    assert names.count(CSL) >= 50


def test_fast_validator_and_reference_pass_every_sample_record_and_csl_item() -> None:
    disagree = [
        (name, item.get("id") or item.get("title"))
        for name, item in _valid_items()
        if not (_fast_is_valid(item, name) and _reference_is_valid(item, name))
    ]
    assert disagree == []


def test_fast_validator_and_reference_pass_every_sample_document() -> None:
    for name in schema.SCHEMA_NAMES:
        document = [item for of, item in _valid_items() if of == name]
        assert _fast_is_valid(document, name, document=True)
        assert _reference_is_valid(document, name, document=True)


@pytest.mark.parametrize(("breakage", "path", "message"), RECORD_BREAKAGES)
def test_fast_validator_rejects_every_record_breakage(
    breakage: Callable[[dict[str, Any]], None], path: str, message: str
) -> None:
    item = record_to_json(rich_record())
    breakage(item)
    assert (_fast_is_valid(item, RECORD), _reference_is_valid(item, RECORD)) == (False, False)
    assert not _fast_is_valid([item], RECORD, document=True)


@pytest.mark.parametrize(("breakage", "path", "message", "official_accepts"), CSL_BREAKAGES)
def test_fast_validator_rejects_every_csl_breakage(
    breakage: Callable[[dict[str, Any]], None], path: str, message: str, official_accepts: bool
) -> None:
    item = _csl_item()
    breakage(item)
    assert (_fast_is_valid(item, CSL), _reference_is_valid(item, CSL)) == (False, False)
    assert not _fast_is_valid([item], CSL, document=True)


def _locations(value: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every value inside `value`, the value itself first."""
    yield where
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _locations(inner, (*where, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _locations(inner, (*where, index))


# Values of the wrong type or out of range for most fields; the strings include the
# characters on which Python's `re` and the compiled validator's engine differ unless the
# patterns are rewritten (U+001C, U+0085, U+FEFF, a final newline).
_ODD_CHARACTERS = [*"aZ09X-./: _\n\t\x1c\x1f\x85\xa0\u2028\ufeff\u200b"]
_ODD_TEXT = st.lists(
    st.sampled_from([*_ODD_CHARACTERS, "10.", "PMC", "D"]),
    max_size=8,
).map("".join)
_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=40),
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.sampled_from([0.0, 1.0, 2.5, 12.0, 13.0, -1.0]),
    _ODD_TEXT,
    st.sampled_from(["", "2020", "10.1000/x", "10.1000/x\n", "10.1/x\x1c", "PMC1", "1234-5678"]),
    st.sampled_from(["D000001", "Q1", "0000-0002-1825-0097", "article-journal", "cites"]),
    st.lists(st.integers(min_value=-1, max_value=40), max_size=4),
    st.lists(st.lists(st.integers(min_value=0, max_value=2030), max_size=4), max_size=3),
    st.dictionaries(
        st.sampled_from(["year", "month", "family", "x"]), st.integers(0, 13), max_size=2
    ),
    st.just([]),
    st.just({}),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_validator_and_reference_agree_on_mutated_items(data: st.DataObject) -> None:
    name, item = data.draw(st.sampled_from(_valid_items()), label="item")
    item = copy.deepcopy(item)
    where = data.draw(st.sampled_from(list(_locations(item))[1:]), label="where")
    parent: Any = item
    for key in where[:-1]:
        parent = parent[key]
    actions = ["replace", "delete", "add-key", "append", "append"]
    action = data.draw(st.sampled_from(actions), label="action")
    if action == "append" and isinstance(parent[where[-1]], str):
        # A character where a pattern checks the text: the engines differ on spaces and $.
        parent[where[-1]] += data.draw(st.sampled_from(_ODD_CHARACTERS), label="character")
    elif action == "delete" and isinstance(parent, dict):
        del parent[where[-1]]
    elif action == "add-key" and isinstance(parent[where[-1]], dict):
        parent[where[-1]][data.draw(st.sampled_from(["x", "month", "literal"]))] = data.draw(
            _ODD_VALUES
        )
    else:
        parent[where[-1]] = data.draw(_ODD_VALUES, label="value")

    reference = _reference_is_valid(item, name)
    event(f"{name} {'valid' if reference else 'invalid'} after {action}")
    assert _fast_is_valid(item, name) is reference
    # And validate() as a whole says what the reference alone says.
    expected = schema._diagnostics(schema._validator(name, document=False), item, name)
    assert schema.validate(item, name) == expected
    assert bool(expected) is not reference


def test_valid_items_never_reach_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reference(name: str, *, document: bool) -> None:
        raise AssertionError("the jsonschema validator ran on a valid value")

    monkeypatch.setattr(schema, "_validator", no_reference)
    assert schema.validate(record_to_json(rich_record()), RECORD) == []
    assert schema.validate(_csl_item(), CSL) == []
    assert schema.validate_document([_csl_item()], CSL) == []


def test_a_value_the_compiled_validator_cannot_take_gets_the_reference_diagnostics() -> None:
    item = _csl_item()
    item["title"] = b"bytes"
    item["note"] = {1, 2}
    problems = schema.validate(item, CSL)
    assert [p.path for p in problems] == ["$.note", "$.title"]


def test_python_space_class_is_what_re_calls_whitespace() -> None:
    spaces = re.compile(r"\s")
    spelled_out = re.compile(f"[{schema._PYTHON_SPACE}]")
    differ = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if bool(spaces.match(chr(code))) != bool(spelled_out.match(chr(code)))
    ]
    assert differ == []


@pytest.mark.parametrize(
    "text",
    ["10.1/x", "10.1/x\n", "10.1/x\n\n", "10.1/x\x1c", "10.1/x\x85", "10.1/x\ufeff", "10.1\xa0/x"],
)
def test_compiled_validator_reads_patterns_as_python_re_does(text: str) -> None:
    item = {**_csl_item(), "DOI": text}
    expected = bool(re.search(r"^10\.[^\s/]+/\S+$", text))
    assert _reference_is_valid(item, CSL) is expected
    assert _fast_is_valid(item, CSL) is expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param("^[0-9]+$", "^[0-9]+(?:\\n?$)", id="dollar"),
        pytest.param("^\\$", "^\\$", id="escaped-dollar"),
        pytest.param("^[$]x", "^[$]x", id="dollar-in-class"),
        pytest.param("a\\sb", f"a[{schema._PYTHON_SPACE}]b", id="space"),
        pytest.param("[^\\s/]", f"[^{schema._PYTHON_SPACE}/]", id="space-in-class"),
        pytest.param("\\S", f"[^{schema._PYTHON_SPACE}]", id="non-space"),
    ],
)
def test_python_pattern(pattern: str, expected: str) -> None:
    assert schema._python_pattern(pattern) == expected


def test_a_reference_outside_the_shipped_schemas_is_refused_not_fetched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remote = copy.deepcopy(schema._load(CSL))
    remote["$defs"]["item"]["properties"]["title"] = {"$ref": "https://example.org/title.json"}
    real_load = schema._load
    monkeypatch.setattr(schema, "_load", lambda name: remote if name == CSL else real_load(name))
    schema._fast_validator.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"refers to 'https://example.org/title.json'"):
            schema._fast_validator(CSL, document=False)
    finally:
        schema._fast_validator.cache_clear()


# --- the helper that finds ../shared (used above for the official CSL schema) -----------


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [
        pytest.param("", pytest.skip.Exception, id="local-skips"),
        pytest.param("false", pytest.skip.Exception, id="ci-false-skips"),
        pytest.param("true", pytest.fail.Exception, id="ci-fails"),
        pytest.param("TRUE", pytest.fail.Exception, id="ci-any-case-fails"),
    ],
)
def test_shared_path_skips_a_missing_file_but_fails_under_ci(
    ci: str, outcome: type[BaseException], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"shared test data not found: .*no-such-file\.json"):
        shared_path("reference", "no-such-file.json")


def test_shared_path_gives_an_existing_file() -> None:
    found = shared_path("reference", "csl", "csl-data.json")
    assert found == SHARED_ROOT / "reference" / "csl" / "csl-data.json"
    assert found.is_file()


@pytest.fixture(scope="module")
def official_csl_schema() -> dict[str, Any]:
    path = shared_path("reference", "csl", "csl-data.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
