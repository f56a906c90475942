"""Everything a plugin uses, importable from one stable place: `from bibnorm.plugin import ...`.

The names live in internal modules (`bibnorm.registry`, `bibnorm.model`, `bibnorm.detect`,
`bibnorm.chunks` ...) that may be reorganised; this module keeps them where plugin
authors find them. The guide (`docs/plugins.md`) explains each one, and
`tests/test_plugin_api.py` keeps this list and the guide in step.
"""

from __future__ import annotations

from bibnorm.chunks import Boundaries, Chunk, ChunkUnreadable, Document
from bibnorm.demand import CITATION, FULL, Demand
from bibnorm.detect import CLAIM_THRESHOLD, SAMPLE_CHARS
from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    DateParts,
    Deletion,
    Diagnostic,
    FailedRecord,
    FieldSource,
    Identifier,
    JournalInfo,
    Keyword,
    LineSpan,
    Person,
    Provenance,
    Record,
    Severity,
)
from bibnorm.registry import (
    JSONItem,
    Processor,
    Sample,
    Source,
    SourceAdapter,
    WriteOptions,
    Writer,
)

__all__ = [
    "CITATION",
    "CLAIM_THRESHOLD",
    "FULL",
    "SAMPLE_CHARS",
    "Abstract",
    "AbstractSection",
    "Boundaries",
    "Chunk",
    "ChunkUnreadable",
    "Citation",
    "DateParts",
    "Deletion",
    "Demand",
    "Diagnostic",
    "Document",
    "FailedRecord",
    "FieldSource",
    "Identifier",
    "JSONItem",
    "JournalInfo",
    "Keyword",
    "LineSpan",
    "Person",
    "Processor",
    "Provenance",
    "Record",
    "Sample",
    "Severity",
    "Source",
    "SourceAdapter",
    "WriteOptions",
    "Writer",
    "hookimpl",
]
