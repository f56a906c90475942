"""The bibnorm JSON writer: every record in full, as one JSON array.

Each record is the object `bibnorm.serialize.record_to_json` makes of it, validated
against `schemas/bibnorm-record.schema.json`; the file is an array of them, indented,
with non-ASCII text kept as is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO

from bibnorm.demand import FULL, Demand
from bibnorm.hookspecs import hookimpl
from bibnorm.model import Record
from bibnorm.registry import JSONItem, WriteOptions, Writer
from bibnorm.serialize import dump_json_array, prerender_array_item, record_to_json


class JsonWriter:
    """Writes records as a bibnorm JSON array (`--to json`)."""

    name = "json"
    suffix = ".json"
    description = "bibnorm JSON: an array of full records (schema bibnorm-record)"
    schema: str | None = "bibnorm-record"

    def demand(self, options: WriteOptions) -> Demand:
        """The whole record: every field is written, `extra` included."""
        return FULL

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        # The related lists live inside the record already, so `with_related` changes nothing.
        return [record_to_json(record)]

    def prerender(self, item: JSONItem) -> JSONItem:
        return prerender_array_item(item)

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        dump_json_array(items, stream)


@hookimpl
def bibnorm_register_writers(register: Callable[[Writer], None]) -> None:
    register(JsonWriter())
