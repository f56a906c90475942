"""Tests of the built-in writers: bibnorm JSON (`json`), CSL-JSON (`csl`), JSON Lines (`jsonl`)."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pluggy
import pytest
from shared_data import REPO_ROOT, minimal_record, rich_record, shared_path

from bibnorm import cli, hookspecs, pipeline, schema
from bibnorm.errors import DuplicateNameError
from bibnorm.model import Citation, DateParts, Identifier, LineSpan, Provenance, Record
from bibnorm.registry import Registry, WriteOptions, Writer
from bibnorm.serialize import Prerendered, from_json, record_to_json, whole_item
from bibnorm.writers import bibnorm_json, csl_json, jsonl

WRITER_MODULES = [
    pytest.param(bibnorm_json, "json", ".json", "bibnorm-record", id="json"),
    pytest.param(csl_json, "csl", ".csl.json", "csl-output", id="csl"),
    pytest.param(jsonl, "jsonl", ".jsonl", "bibnorm-record", id="jsonl"),
]


def _writer(module: ModuleType) -> Writer:
    registry = Registry()
    module.bibnorm_register_writers(register=registry.registrar("writers", module.__name__))
    (registered,) = registry.writers.values()
    writer: Writer = registered.value
    return writer


def _ids(*pairs: tuple[str, str]) -> tuple[Identifier, ...]:
    return tuple(Identifier(scheme=scheme, value=value) for scheme, value in pairs)


def _at_line(line: int) -> Provenance:
    return Provenance(adapter="test", file="in.xml", span=LineSpan(start=line, end=line))


def _dump(writer: Writer, records: list[Record], options: WriteOptions) -> str:
    items = [item for record in records for item in writer.items(record, options)]
    stream = io.StringIO()
    writer.dump(items, stream)
    return stream.getvalue()


# --- registration ------------------------------------------------------------------------


@pytest.mark.parametrize(("module", "name", "suffix", "schema_name"), WRITER_MODULES)
def test_each_module_registers_one_writer_through_the_hook(
    module: ModuleType, name: str, suffix: str, schema_name: str
) -> None:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(module, name=module.__name__)  # checks the hookimpl against the spec
    registry = Registry()
    manager.hook.bibnorm_register_writers(register=registry.registrar("writers", "builtin"))
    writer = registry.writer(name)
    assert isinstance(writer, Writer)
    assert (writer.name, writer.suffix, writer.schema) == (name, suffix, schema_name)
    assert writer.description
    assert list(registry.writers) == [name]


def test_the_three_writers_have_distinct_names_and_suffixes() -> None:
    registry = Registry()
    for module in (bibnorm_json, csl_json, jsonl):
        module.bibnorm_register_writers(register=registry.registrar("writers", module.__name__))
    assert sorted(registry.writers) == ["csl", "json", "jsonl"]
    assert len({registry.writer(n).suffix for n in registry.writers}) == 3
    with pytest.raises(DuplicateNameError, match="'json' is already registered"):
        bibnorm_json.bibnorm_register_writers(register=registry.registrar("writers", "again"))


# --- items validate against the writer's schema ----------------------------------------


@pytest.mark.parametrize(("module", "name", "suffix", "schema_name"), WRITER_MODULES)
@pytest.mark.parametrize("with_related", [False, True], ids=["main", "with-related"])
def test_items_validate_against_the_writers_schema(
    module: ModuleType, name: str, suffix: str, schema_name: str, with_related: bool
) -> None:
    writer = _writer(module)
    for record in (rich_record(), minimal_record()):
        items = writer.items(record, WriteOptions(with_related=with_related))
        assert items
        for item in items:
            assert schema.validate(item, schema_name) == []


@pytest.mark.parametrize("module", [bibnorm_json, jsonl], ids=["json", "jsonl"])
def test_bibnorm_items_are_the_serialised_record_whatever_the_options(module: ModuleType) -> None:
    writer = _writer(module)
    record = rich_record()
    expected = [record_to_json(record)]
    assert writer.items(record, WriteOptions()) == expected
    assert writer.items(record, WriteOptions(with_related=True)) == expected


def test_csl_items_follow_with_related() -> None:
    writer = _writer(csl_json)
    assert len(writer.items(rich_record(), WriteOptions())) == 1
    items = writer.items(rich_record(), WriteOptions(with_related=True))
    assert len(items) == 1 + 2 + 2 + 3
    assert items[0]["id"] == "pmid:35743275"
    assert {item["custom"]["relation"] for item in items[1:]} == {
        "similar",
        "cited-by",
        "reference",
    }


# --- what each writer writes -------------------------------------------------------------


def test_json_writes_an_indented_array_that_reads_back_into_the_records() -> None:
    records = [rich_record(), minimal_record()]
    text = _dump(_writer(bibnorm_json), records, WriteOptions())
    assert text.startswith('[\n  {\n    "type": "article-journal",\n')
    assert text.endswith("}\n]\n")
    assert "Müller" in text  # not \u00fc
    document = json.loads(text)
    assert schema.validate_document(document, "bibnorm-record") == []
    assert [from_json(Record, item) for item in document] == records


def test_jsonl_writes_one_record_per_line_that_reads_back() -> None:
    records = [rich_record(), minimal_record(), rich_record()]
    text = _dump(_writer(jsonl), records, WriteOptions())
    lines = text.split("\n")
    assert lines[-1] == ""  # every line ends with a newline, including the last
    assert len(lines[:-1]) == 3
    assert "Müller" in lines[0]
    assert [from_json(Record, json.loads(line)) for line in lines[:-1]] == records


def test_jsonl_escapes_every_character_that_could_split_a_line() -> None:
    record = Record(title="one\u2028two\u2029three\x85four\nfive\rsix")
    text = _dump(_writer(jsonl), [record], WriteOptions())
    assert text.splitlines() == [text.rstrip("\n")]
    assert from_json(Record, json.loads(text)).title == record.title


def test_csl_writes_an_array_valid_against_both_schemas(
    official_csl_schema: dict[str, Any],
) -> None:
    text = _dump(_writer(csl_json), [rich_record(), minimal_record()], WriteOptions(True))
    assert text.startswith('[\n  {\n    "id": "pmid:35743275",\n')
    assert text.endswith("]\n")
    assert "Müller" in text
    document = json.loads(text)
    assert len(document) == 8 + 1
    assert schema.validate_document(document, "csl-output") == []
    assert list(jsonschema.Draft7Validator(official_csl_schema).iter_errors(document)) == []


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        pytest.param(bibnorm_json, "[]\n", id="json"),
        pytest.param(csl_json, "[]\n", id="csl"),
        pytest.param(jsonl, "", id="jsonl"),
    ],
)
def test_no_items_is_an_empty_document(module: ModuleType, expected: str) -> None:
    stream = io.StringIO()
    _writer(module).dump([], stream)
    assert stream.getvalue() == expected


@pytest.mark.parametrize(("module", "name", "suffix", "schema_name"), WRITER_MODULES)
def test_items_encoded_ahead_are_written_as_items_are(
    module: ModuleType, name: str, suffix: str, schema_name: str
) -> None:
    """What a `--jobs` worker prerenders is written byte for byte as the item itself,
    among plain items, also when CSL ids collide and an item must be decoded, renamed
    and encoded again; and it decodes back to the item."""
    writer = _writer(module)
    options = WriteOptions(with_related=True)
    records = [rich_record(), minimal_record(), rich_record(), rich_record()]
    items = [item for record in records for item in writer.items(record, options)]
    plain = io.StringIO()
    writer.dump(items, plain)
    mixed = [
        writer.prerender(item) if n % 3 else item  # type: ignore[attr-defined]
        for n, item in enumerate(items)
    ]
    assert any(isinstance(item, Prerendered) for item in mixed)
    written = io.StringIO()
    writer.dump(mixed, written)
    assert written.getvalue() == plain.getvalue()
    assert [whole_item(item) for item in mixed] == items
    if name == "csl":
        assert '"id": "' in plain.getvalue() and "/2" in plain.getvalue()  # ids did collide


@pytest.fixture(scope="module")
def official_csl_schema() -> dict[str, Any]:
    path = shared_path("reference", "csl", "csl-data.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


# --- a related item's invalid field never costs the record ---------------------------------

BAD_RELATED_FIELDS = [
    pytest.param(Citation(title="Bad URL", url="see the registry"), "URL", id="url"),
    pytest.param(
        Citation(title="Bad DOI", identifiers=_ids(("doi", "not a doi"))), "DOI", id="doi"
    ),
    pytest.param(Citation(title="Bad PMID", identifiers=_ids(("pmid", "12a"))), "PMID", id="pmid"),
    pytest.param(
        Citation(title="Bad PMCID", identifiers=_ids(("pmcid", "PMCX"))), "PMCID", id="pmcid"
    ),
    pytest.param(Citation(title="Bad ISBN", identifiers=_ids(("isbn", "12"))), "ISBN", id="isbn"),
    pytest.param(Citation(title="Bad year", issued=DateParts(year=0)), "issued", id="date"),
    pytest.param(Citation(title="Bad type", type="journal"), None, id="type-leaves-the-item-out"),
]


@pytest.mark.parametrize(("related", "field"), BAD_RELATED_FIELDS)
def test_a_related_items_invalid_field_is_left_out_with_a_warning(
    related: Citation, field: str | None
) -> None:
    record = dataclasses.replace(
        minimal_record(), references=(dataclasses.replace(related, provenance=_at_line(42)),)
    )
    writer = _writer(csl_json)
    items, rejection, warnings = pipeline.render_record(
        record, "in.xml", writer, WriteOptions(with_related=True)
    )
    assert rejection is None
    assert items[0] == writer.items(record, WriteOptions())[0]
    assert all(schema.validate(item, "csl-output") == [] for item in items)
    (warning,) = warnings
    assert (warning.severity, warning.line) == ("warning", 42)
    if field is None:
        assert len(items) == 1
        assert warning.code == "pipeline.related-item-left-out"
    else:
        (kept,) = items[1:]
        assert field not in kept and kept["title"] == related.title
        assert warning.code == "pipeline.related-field-left-out"
        assert f": {field} left out" in warning.message


def test_an_invalid_main_item_still_rejects_the_record() -> None:
    record = dataclasses.replace(minimal_record(), url="see the registry")
    items, rejection, warnings = pipeline.render_record(
        record, "in.xml", _writer(csl_json), WriteOptions(with_related=True)
    )
    assert items == [] and rejection is not None and warnings == []


def test_the_cli_writes_the_record_and_names_file_and_line_of_the_bad_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (REPO_ROOT / "samples" / "pubmed-xml" / "full-article.xml").read_text("utf-8")
    bad = text.replace(
        '<ArticleId IdType="doi">10.5555/jir.1998.0045</ArticleId>',
        '<ArticleId IdType="doi">no-doi-here</ArticleId>',
    )
    assert bad != text
    source = tmp_path / "bad-reference.xml"
    source.write_text(bad, "utf-8")
    out = tmp_path / "out.csl.json"
    status = cli.main(["parse", str(source), "--to", "csl", "--with-related", "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 0, err
    items = json.loads(out.read_text("utf-8"))
    assert "custom" not in items[0]
    assert not any("DOI" in item and item["DOI"] == "no-doi-here" for item in items)
    (line,) = [n for n, ln in enumerate(bad.splitlines(), 1) if "Invented carbon fluxes" in ln]
    # The line is the reference's own (`<Reference>`, just above its citation text); the
    # identifier normaliser leaves the bad DOI out before the writer sees it.
    expected = "doi 'no-doi-here' is not a valid DOI: left out [identifiers.invalid]"
    assert f"{source}:{line - 1}: warning: references[" in err
    assert expected in err
