"""Languages in PubMed's codes, whatever the source wrote."""

from __future__ import annotations

import dataclasses

import pytest
from shared_data import minimal_record

from bibnorm.csl import record_to_csl
from bibnorm.parsing.languages import pubmed_language
from bibnorm.processors.languages import LanguageNormaliser


@pytest.mark.parametrize(
    ("written", "code"),
    [
        pytest.param("eng", "eng", id="pubmed"),
        pytest.param("en", "eng", id="iso-639-1"),
        pytest.param("en-GB", "eng", id="bcp47-region"),
        pytest.param("DE", "ger", id="upper-case"),
        pytest.param("deu", "ger", id="terminology"),
        pytest.param("fra", "fre", id="terminology-french"),
        pytest.param("und", "und", id="undetermined-kept"),
        pytest.param("Klingon", "Klingon", id="unknown-kept"),
        pytest.param(" spa ", "spa", id="trimmed"),
    ],
)
def test_pubmed_language(written: str, code: str) -> None:
    assert pubmed_language(written) == code


def test_the_processor_rewrites_and_dedupes_and_csl_says_bcp47() -> None:
    record = dataclasses.replace(minimal_record(), languages=("en", "eng", "de"))
    processed = LanguageNormaliser().process(record)
    assert processed.languages == ("eng", "ger")
    assert record_to_csl(processed)[0]["language"] == "en"


def test_a_record_already_in_pubmed_codes_is_returned_as_is() -> None:
    record = dataclasses.replace(minimal_record(), languages=("eng",))
    assert LanguageNormaliser().process(record) is record
