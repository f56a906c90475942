"""Tests of the shipped JSON Schemas and of `bibnorm.schema`, which loads and applies them."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from shared_data import REPO_ROOT, SHARED_ROOT, minimal_record, rich_record, shared_path

from bibnorm import model, schema
from bibnorm.csl import record_to_csl
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
