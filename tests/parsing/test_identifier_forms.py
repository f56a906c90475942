"""ORCID iDs and ISSNs in their one canonical spelling."""

from __future__ import annotations

import pytest

from bibnorm.parsing.identifiers import normalise_issn, normalise_orcid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("0000-0002-1825-0097", "0000-0002-1825-0097", id="bare"),
        pytest.param("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097", id="url"),
        pytest.param("http://www.orcid.org/0000-0002-1694-233x", "0000-0002-1694-233X", id="www-x"),
        pytest.param("ORCID: 0000000218250097", "0000-0002-1825-0097", id="prefix-no-dashes"),
        pytest.param("0000-0002-1825", None, id="short"),
        pytest.param("not an orcid", None, id="words"),
    ],
)
def test_normalise_orcid(text: str, expected: str | None) -> None:
    assert normalise_orcid(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1234-567x", "1234-567X", id="lower-x"),
        pytest.param("12345678", "1234-5678", id="no-dash"),
        pytest.param(" 1234-5678 ", "1234-5678", id="spaces"),
        pytest.param("1234-56", None, id="short"),
        pytest.param("ISSN 1234-5678", None, id="prefix-not-guessed"),
    ],
)
def test_normalise_issn(text: str, expected: str | None) -> None:
    assert normalise_issn(text) == expected
