"""Keywords, MeSH terms, substances, grants and publication types, one line each."""

from __future__ import annotations

import pytest

from bibnorm.model import Grant, MeshHeading, MeshQualifier, PublicationType, Substance
from bibnorm.parsing import (
    merge_mesh_headings,
    parse_grant,
    parse_keywords,
    parse_mesh_term,
    parse_publication_type,
    parse_substance,
)

PROSE = "An odd trailing line nobody claims"


def test_keywords_drop_final_period_and_keep_parentheses() -> None:
    line = "Keywords: bone metastasis; immunotherapy; non-small cell lung cancer (NSCLC)."
    assert [k.term for k in parse_keywords(line)] == [
        "bone metastasis",
        "immunotherapy",
        "non-small cell lung cancer (NSCLC)",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Humans", MeshHeading(descriptor="Humans")),
        ("*Lung Neoplasms", MeshHeading(descriptor="Lung Neoplasms", major=True)),
        (
            "Carcinoma, Non-Small-Cell Lung / drug therapy*",
            MeshHeading(
                descriptor="Carcinoma, Non-Small-Cell Lung",
                qualifiers=(MeshQualifier(name="drug therapy", major=True),),
            ),
        ),
        (
            "Lung Neoplasms* / drug therapy",
            MeshHeading(
                descriptor="Lung Neoplasms",
                major=True,
                qualifiers=(MeshQualifier(name="drug therapy"),),
            ),
        ),
        (
            "Vitamin D/analogs & derivatives/*blood",
            MeshHeading(
                descriptor="Vitamin D",
                qualifiers=(
                    MeshQualifier(name="analogs & derivatives"),
                    MeshQualifier(name="blood", major=True),
                ),
            ),
        ),
        ("beta Catenin", MeshHeading(descriptor="beta Catenin")),
    ],
    ids=[
        "plain",
        "leading-star",
        "major-qualifier",
        "major-descriptor",
        "medline-style",
        "lower-case-descriptor",
    ],
)
def test_parse_mesh_term(line: str, expected: MeshHeading) -> None:
    assert parse_mesh_term(line) == expected


@pytest.mark.parametrize("line", ["", " * ", PROSE], ids=["empty", "star-only", "prose"])
def test_unreadable_mesh_lines_give_none(line: str) -> None:
    assert parse_mesh_term(line) is None


def test_merge_mesh_headings_joins_pairs_of_one_descriptor() -> None:
    lines = ["Bone Neoplasms / drug therapy*", "Humans", "Bone Neoplasms / secondary"]
    merged = merge_mesh_headings(h for h in map(parse_mesh_term, lines) if h)
    assert [h.descriptor for h in merged] == ["Bone Neoplasms", "Humans"]
    assert merged[0].qualifiers == (
        MeshQualifier(name="drug therapy", major=True),
        MeshQualifier(name="secondary"),
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Denosumab", Substance(name="Denosumab")),
        ("Nivolumab (31YO63LBSN)", Substance(name="Nivolumab", registry_number="31YO63LBSN")),
        ("31YO63LBSN (Nivolumab)", Substance(name="Nivolumab", registry_number="31YO63LBSN")),
        ("Vitamin D (1406-16-2)", Substance(name="Vitamin D", registry_number="1406-16-2")),
        ("Interleukin-6 (IL-6)", Substance(name="Interleukin-6 (IL-6)")),
    ],
    ids=["name", "unii-after", "medline-order", "cas-number", "parenthesised-name"],
)
def test_parse_substance(line: str, expected: Substance) -> None:
    assert parse_substance(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "R01 CA999001/CA/NCI NIH HHS/United States",
            Grant(
                grant_id="R01 CA999001", acronym="CA", agency="NCI NIH HHS", country="United States"
            ),
        ),
        (
            "MR/N999003/1/Medical Research Council/United Kingdom",
            Grant(
                grant_id="MR/N999003/1", agency="Medical Research Council", country="United Kingdom"
            ),
        ),
        (
            "Sample Foundation/United States",
            Grant(agency="Sample Foundation", country="United States"),
        ),
        (
            "GBMF 4552/Gordon and Betty Moore Foundation",
            Grant(grant_id="GBMF 4552", agency="Gordon and Betty Moore Foundation"),
        ),
        ("R01 CA999001", Grant(grant_id="R01 CA999001")),
    ],
    ids=["nih", "slashes-in-id", "agency-country", "id-agency", "id-only"],
)
def test_parse_grant(line: str, expected: Grant) -> None:
    assert parse_grant(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Research Support, Non-U.S. Gov't",
            PublicationType(name="Research Support, Non-U.S. Gov't"),
        ),
        ("Review", PublicationType(name="Review")),
        (PROSE, None),
    ],
    ids=["support", "review", "prose"],
)
def test_parse_publication_type(line: str, expected: PublicationType | None) -> None:
    assert parse_publication_type(line) == expected
