"""Reference strings of a page's "References" list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibnorm.parsing import dotted_initials, parse_author_list, parse_reference

SEED_REFERENCE_0 = (
    "- Botticelli A., Salati M., Di Pietro F.R., Strigari L., Cerbelli B., Zizzari I.G., "
    "Giusti R., Mazzotta M., Mazzuca F., Roberto M., et al. A normogram to predict survival in "
    "non-small cell lung cancer patients treated with nivolumab. J. Transl. Med. 2019;17:99. "
    "doi: 10.1186/s12967-019-1847-x. - DOI - PMC - PubMed"
)


def test_seed_reference_0() -> None:
    parsed = parse_reference(SEED_REFERENCE_0)
    citation = parsed.citation
    assert [a.family for a in citation.authors] == [
        "Botticelli",
        "Salati",
        "Di Pietro",
        "Strigari",
        "Cerbelli",
        "Zizzari",
        "Giusti",
        "Mazzotta",
        "Mazzuca",
        "Roberto",
    ]
    assert citation.authors[2].initials == "F.R."
    assert all(a.given is None for a in citation.authors)
    assert citation.et_al
    assert citation.title == (
        "A normogram to predict survival in non-small cell lung cancer patients treated with "
        "nivolumab"
    )
    assert citation.container_title_short == "J. Transl. Med."
    assert citation.issued is not None
    assert citation.issued.year == 2019
    assert (citation.volume, citation.pages, citation.article_number) == ("17", "99", None)
    assert citation.identifier("doi") == "10.1186/s12967-019-1847-x"
    assert citation.links == ("DOI", "PMC", "PubMed")
    assert parsed.heuristic == {"title", "container_title_short"}


@pytest.mark.parametrize(
    ("text", "families", "initials", "et_al", "title", "journal", "locator"),
    [
        (
            "- Tamiya M., Isa S.-I., Nishino K., et al. Metastatic site as predictor: A "
            "retrospective multicenter trial. PLoS ONE. 2018;13:e0192227. doi: "
            "10.1371/journal.pone.0192227. - DOI - PMC - PubMed",
            ["Tamiya", "Isa", "Nishino"],
            ["M.", "S.-I.", "K."],
            True,
            "Metastatic site as predictor: A retrospective multicenter trial",
            "PLoS ONE",
            ("13", None, None, "e0192227"),
        ),
        (
            "- van der Berg K., O'Brien P.J., Smith J.A. Sample bone markers measured in 2018: a "
            "cohort. Cancer Immunol. Immunother. 2020 Mar;69(3):345-352. - PubMed",
            ["van der Berg", "O'Brien", "Smith"],
            ["K.", "P.J.", "J.A."],
            False,
            "Sample bone markers measured in 2018: a cohort",
            "Cancer Immunol. Immunother.",
            ("69", "3", "345-352", None),
        ),
        (
            "Smith JA, Doe B. Is it safe? Lancet. 2001;357:1-2.",
            ["Smith", "Doe"],
            ["J.A.", "B."],
            False,
            "Is it safe?",
            "Lancet",
            ("357", None, "1-2", None),
        ),
        (
            "Use of CT in TB. N. Engl. J. Med. 2001;345(2):100-110.",
            [],
            [],
            False,
            "Use of CT in TB",
            "N. Engl. J. Med.",
            ("345", "2", "100-110", None),
        ),
    ],
    ids=[
        "hyphenated-initials-e-locator",
        "particles-apostrophe-year-in-title",
        "undotted-initials-question-title",
        "no-authors",
    ],
)
def test_parse_reference(
    text: str,
    families: list[str],
    initials: list[str],
    et_al: bool,
    title: str,
    journal: str,
    locator: tuple[str | None, ...],
) -> None:
    citation = parse_reference(text).citation
    assert [a.family for a in citation.authors] == families
    assert [a.initials for a in citation.authors] == initials
    assert citation.et_al is et_al
    assert (citation.title, citation.container_title_short) == (title, journal)
    assert (citation.volume, citation.issue, citation.pages, citation.article_number) == locator


def test_cut_off_reference_keeps_its_authors() -> None:
    parsed = parse_reference("- Tamiya M., Tamiya A., Inoue T.")
    assert not parsed.complete
    assert [a.family for a in parsed.citation.authors] == ["Tamiya", "Tamiya", "Inoue"]
    assert parsed.citation.title is None


@pytest.mark.parametrize(
    ("text", "count", "et_al", "rest"),
    [
        ("Roberto M., et al. Title.", 1, True, "Title."),
        ("Roberto M. et al. Title.", 1, True, "Title."),
        ("A title with no authors.", 0, False, "A title with no authors."),
        ("Trial of drug X in HIV. J Med.", 0, False, "Trial of drug X in HIV. J Med."),
    ],
    ids=["et-al-after-comma", "et-al-after-space", "no-authors", "title-ending-in-caps"],
)
def test_parse_author_list(text: str, count: int, et_al: bool, rest: str) -> None:
    authors, found_et_al, after = parse_author_list(text)
    assert (len(authors), found_et_al, after) == (count, et_al, rest)


@pytest.mark.parametrize(
    ("raw", "dotted"),
    [("JA", "J.A."), ("F.R.", "F.R."), ("S.-I.", "S.-I."), ("A", "A.")],
    ids=["undotted", "dotted", "hyphenated", "single"],
)
def test_dotted_initials(raw: str, dotted: str) -> None:
    assert dotted_initials(raw) == dotted


@given(st.text())
def test_never_raises(text: str) -> None:
    parse_reference(text)


@pytest.mark.parametrize(
    ("text", "people", "rest"),
    [
        (
            "Tamiya M, Isa S-I.",
            [("Tamiya", "M.", None, "Tamiya M"), ("Isa", "S.-I.", None, "Isa S-I")],
            "",
        ),
        (
            "Tamiya M., Isa S.-I.",
            [("Tamiya", "M.", None, "Tamiya M."), ("Isa", "S.-I.", None, "Isa S.-I.")],
            "",
        ),
        (
            "Rossi M, Kim J, Wei L.",
            [
                ("Rossi", "M.", None, "Rossi M"),
                ("Kim", "J.", None, "Kim J"),
                ("Wei", "L.", None, "Wei L"),
            ],
            "",
        ),
        (
            "Gómez-Ruiz A, Dupont P Jr.",
            [("Gómez-Ruiz", "A.", None, "Gómez-Ruiz A"), ("Dupont", "P.", "Jr", "Dupont P Jr")],
            "",
        ),
        ("Dupont P Jr. A title.", [("Dupont", "P.", "Jr", "Dupont P Jr")], "A title."),
        (
            "Botticelli A., Salati M.",
            [("Botticelli", "A.", None, "Botticelli A."), ("Salati", "M.", None, "Salati M.")],
            "",
        ),
        ("Smith J.A.", [("Smith", "J.A.", None, "Smith J.A.")], ""),
        ("Liu, C.", [("Liu", "C.", None, "Liu, C.")], ""),
    ],
    ids=[
        "hyphenated-initials-undotted",
        "hyphenated-initials-dotted",
        "closing-period-not-in-raw",
        "suffix-and-closing-period",
        "suffix-then-title",
        "dotted-list-keeps-its-periods",
        "dotted-initials-alone",
        "inverted-name-keeps-its-period",
    ],
)
def test_author_list_people(
    text: str, people: list[tuple[str, str, str | None, str]], rest: str
) -> None:
    authors, et_al, after = parse_author_list(text)
    assert [(a.family, a.initials, a.suffix, a.raw) for a in authors] == people
    assert (et_al, after) == (False, rest)


@pytest.mark.parametrize(
    ("text", "families", "initials", "suffixes"),
    [
        (
            "Tamiya M, Isa S-I. Sample analysis of metastatic sites. PLoS ONE. 2018;13:e0192227.",
            ["Tamiya", "Isa"],
            ["M.", "S.-I."],
            [None, None],
        ),
        (
            "Kim J-H, Lee S-Y, Park K. A title. J Korean Med Sci. 2010;25(1):1-5.",
            ["Kim", "Lee", "Park"],
            ["J.-H.", "S.-Y.", "K."],
            [None, None, None],
        ),
        (
            "Gómez-Ruiz A, Dupont P Jr. An invented preprint. Lung Cancer. 2024 Jan;187:107400.",
            ["Gómez-Ruiz", "Dupont"],
            ["A.", "P."],
            [None, "Jr"],
        ),
    ],
    ids=["hyphenated-initials", "several-hyphenated", "suffix"],
)
def test_reference_author_lists(
    text: str, families: list[str], initials: list[str], suffixes: list[str | None]
) -> None:
    citation = parse_reference(text).citation
    assert [a.family for a in citation.authors] == families
    assert [a.initials for a in citation.authors] == initials
    assert [a.suffix for a in citation.authors] == suffixes
    assert citation.title is not None and citation.container_title_short is not None
