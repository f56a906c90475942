"""The JSON Lines writer: one full bibnorm record per line, for streaming and `jq`.

Each line is the object `bibnorm.serialize.record_to_json` makes of a record, validated
against `schemas/bibnorm-record.schema.json`; non-ASCII text is kept as is, and every
line end inside a value is escaped, so one line is always one record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import IO

from bibnorm.demand import FULL, Demand
from bibnorm.hookspecs import hookimpl
from bibnorm.model import Record
from bibnorm.registry import JSONItem, WriteOptions, Writer
from bibnorm.serialize import Prerendered, prerendered, record_to_json

# JSON escapes \n and \r but not these, which str.splitlines() and many editors also take
# as line ends; outside strings JSON never has them, so escaping them is always safe.
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


class JsonLinesWriter:
    """Writes records as JSON Lines (`--to jsonl`)."""

    name = "jsonl"
    suffix = ".jsonl"
    description = "JSON Lines: one bibnorm record per line (schema bibnorm-record)"
    schema: str | None = "bibnorm-record"

    def demand(self, options: WriteOptions) -> Demand:
        """The whole record: every field is written, `extra` included."""
        return FULL

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        return [record_to_json(record)]

    def prerender(self, item: JSONItem) -> JSONItem:
        return prerendered({}, _line(item))

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        for item in items:
            stream.write(item.text if item.__class__ is Prerendered else _line(item))
            stream.write("\n")


def _line(item: JSONItem) -> str:
    return json.dumps(item, ensure_ascii=False).translate(_LINE_BREAKS)


@hookimpl
def bibnorm_register_writers(register: Callable[[Writer], None]) -> None:
    register(JsonLinesWriter())
