"""The CSL-JSON writer: records as CSL items for citation processors (pandoc, Zotero ...).

Each record becomes its main article's item, plus one item per similar article, citing
article and reference when the user asks `--with-related`; see `bibnorm.csl` for the
mapping. Items are validated one by one against `schemas/csl-output.schema.json`, and
their ids are made unique across the whole output as they are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import IO

from bibnorm.csl import record_to_csl, unique_ids
from bibnorm.demand import CITATION, Demand
from bibnorm.hookspecs import hookimpl
from bibnorm.model import Record
from bibnorm.registry import JSONItem, WriteOptions, Writer
from bibnorm.serialize import dump_json_array, prerender_array_item


class CslItemsWriter:
    """What every writer made from CSL items shares (CSL-JSON, BibTeX, RIS): a record's
    items are `bibnorm.csl`'s, validated against `csl-output`, and it reads what they
    show. A subclass says how to `dump` them."""

    schema: str | None = "csl-output"

    def demand(self, options: WriteOptions) -> Demand:
        """The citation fields, and with `--with-related` the related lists: no MeSH,
        grants, history, affiliations or `extra` is ever written."""
        return replace(CITATION, related=options.with_related)

    def items(self, record: Record, options: WriteOptions) -> list[JSONItem]:
        return record_to_csl(record, with_related=options.with_related)


class CslJsonWriter(CslItemsWriter):
    """Writes records as a CSL-JSON array (`--to csl`)."""

    name = "csl"
    suffix = ".csl.json"
    description = "CSL-JSON: an array of CSL items (schema csl-output)"

    def prerender(self, item: JSONItem) -> JSONItem:
        # `unique_ids` reads these two, and decodes the rest only for an item it renames.
        return prerender_array_item(item, ("id", "custom"))

    def dump(self, items: Iterable[JSONItem], stream: IO[str]) -> None:
        dump_json_array(unique_ids(items), stream)


@hookimpl
def bibnorm_register_writers(register: Callable[[Writer], None]) -> None:
    register(CslJsonWriter())
