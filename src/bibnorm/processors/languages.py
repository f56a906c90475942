"""The language normaliser: every record names its languages in PubMed's codes.

MEDLINE and PubMed XML write `eng`, JATS and HTML pages `en`, some exports `deu`; at the
normalise stage this processor rewrites each to the ISO 639-2/B code PubMed uses
(`bibnorm.parsing.languages`), so one article has one value whatever its source. A code
it does not know is kept as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bibnorm.hookspecs import hookimpl
from bibnorm.model import Record
from bibnorm.parsing.languages import pubmed_language
from bibnorm.registry import Processor


class LanguageNormaliser:
    """The `languages` processor (stage 200, normalise)."""

    name = "languages"
    stage = 200

    def process(self, record: Record) -> Record:
        languages = tuple(dict.fromkeys(pubmed_language(code) for code in record.languages))
        return record if languages == record.languages else replace(record, languages=languages)


@hookimpl
def bibnorm_register_processors(register: Callable[[Processor], None]) -> None:
    register(LanguageNormaliser())
