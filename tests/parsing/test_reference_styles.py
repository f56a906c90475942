"""The reference parser on each style reference lists are printed in (strings written here)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibnorm.parsing import parse_reference

STYLES: list[tuple[str, str, dict[str, object]]] = [
    (
        "vancouver",
        "Okafor N, van der Berg K, Li X. Sleep and bone turnover in older adults. "
        "J Bone Res. 2015 Mar;30(3):411-9.",
        {
            "families": ["Okafor", "van der Berg", "Li"],
            "title": "Sleep and bone turnover in older adults",
            "journal": "J Bone Res",
            "year": 2015,
            "month": 3,
            "volume": "30",
            "issue": "3",
            "pages": "411-419",
            "pages_raw": "411-9",
        },
    ),
    (
        "ama",
        "Novak P, Ortiz R Jr. Statins after stroke: a cohort. JAMA Neurol. "
        "2012;69(2):120-126. doi:10.1001/example.2012.5",
        {
            "families": ["Novak", "Ortiz"],
            "suffixes": [None, "Jr"],
            "title": "Statins after stroke: a cohort",
            "journal": "JAMA Neurol",
            "volume": "69",
            "pages": "120-126",
            "doi": "10.1001/example.2012.5",
        },
    ),
    (
        "journal-year-volume",
        # As the references of Radiology and some Wiley journals are printed.
        "Scholl UI, Lee K. Genetics of primary aldosteronism. Hypertension 2022; 79(4):887–897.",
        {
            "families": ["Scholl", "Lee"],
            "title": "Genetics of primary aldosteronism",
            "journal": "Hypertension",
            "year": 2022,
            "volume": "79",
            "issue": "4",
            "pages": "887-897",
        },
    ),
    (
        "chemistry",
        # Initials first, no title, the year before the volume; `b)` marks a part.
        "b) A. Tanaka, S. Sakaguchi, Cell Res. 2017, 27, 109.",
        {
            "families": ["Tanaka", "Sakaguchi"],
            "title": None,
            "journal": "Cell Res",
            "year": 2017,
            "volume": "27",
            "pages": "109",
        },
    ),
    (
        "chemistry-article-number",
        "Y. Qi, C. Yang, Adv. Funct. Mater. 2021, 31, 2102017;",
        {
            "families": ["Qi", "Yang"],
            "title": None,
            "journal": "Adv. Funct. Mater.",
            "year": 2021,
            "volume": "31",
            "article_number": "2102017",
        },
    ),
    (
        "acs-with-title",
        "A. Smith, B. Jones, Total synthesis of taxol. J. Am. Chem. Soc. 2004, 126, 99–105.",
        {
            "families": ["Smith", "Jones"],
            "title": "Total synthesis of taxol",
            "journal": "J. Am. Chem. Soc.",
            "year": 2004,
            "volume": "126",
            "pages": "99-105",
        },
    ),
    (
        "apa-plos",
        "Fischer A, Moreau B (2010) Leaf angle and light capture in maize canopies. "
        "Plant Phys Ecol 5: 100–110. doi:10.1000/ppe.5.100",
        {
            "families": ["Fischer", "Moreau"],
            "title": "Leaf angle and light capture in maize canopies",
            "journal": "Plant Phys Ecol",
            "year": 2010,
            "volume": "5",
            "pages": "100-110",
            "doi": "10.1000/ppe.5.100",
        },
    ),
    (
        "apa",
        "Lindqvist, M. A., & Okoro, C. (2018). Reading speed in second languages. "
        "Journal of Reading Studies, 12(4), 233–250. https://doi.org/10.1000/jrs.2018.12",
        {
            "families": ["Lindqvist", "Okoro"],
            "initials": ["M.A.", "C."],
            "title": "Reading speed in second languages",
            "journal": "Journal of Reading Studies",
            "year": 2018,
            "volume": "12",
            "issue": "4",
            "pages": "233-250",
            "doi": "10.1000/jrs.2018.12",
        },
    ),
    (
        "harvard",
        "Dubois, P. and Haas, T., 2009. Wind loads on tall greenhouses. "
        "Biosystems Eng, 44(2), pp.61-70.",
        {
            "families": ["Dubois", "Haas"],
            "title": "Wind loads on tall greenhouses",
            "journal": "Biosystems Eng",
            "year": 2009,
            "volume": "44",
            "issue": "2",
            "pages": "61-70",
        },
    ),
    (
        "nature",
        "Tanaka, H. et al. Ciliary beating in zebrafish kidney. Dev. Cell 25, 301–312 (2013).",
        {
            "families": ["Tanaka"],
            "et_al": True,
            "title": "Ciliary beating in zebrafish kidney",
            "journal": "Dev. Cell.",
            "year": 2013,
            "volume": "25",
            "pages": "301-312",
        },
    ),
    (
        "pubmed-page",
        "- Rossi G., Isa S.-I., Nowak E., et al. Gut flora after antibiotics. Microb. Ecol. "
        "2020;12:e0101. doi: 10.1000/me.2020.1. - DOI - PMC - PubMed",
        {
            "families": ["Rossi", "Isa", "Nowak"],
            "initials": ["G.", "S.-I.", "E."],
            "et_al": True,
            "title": "Gut flora after antibiotics",
            "journal": "Microb. Ecol.",
            "article_number": "e0101",
            "doi": "10.1000/me.2020.1",
            "links": ("DOI", "PMC", "PubMed"),
        },
    ),
    (
        "short-page-form",
        "Cell. 2001 Nov 30;107(5):617-29 - PubMed",
        {"families": [], "title": None, "journal": "Cell", "day": 30, "pages": "617-629"},
    ),
    (
        "pmid-pmcid",
        "Haddad R. Salt and blood pressure. Hypertens Rep. 2016;8:55-60. "
        "PMID: 26000001; PMCID: PMC4000001.",
        {"families": ["Haddad"], "pmid": "26000001", "pmcid": "PMC4000001"},
    ),
    (
        "group-author",
        "Brennan T, Ito K; Northern Cohort Study Group. Diet in the north. Nutr J. 2011;3:9-14.",
        {
            "families": ["Brennan", "Ito", None],
            "literal": "Northern Cohort Study Group",
            "title": "Diet in the north",
        },
    ),
    (
        "book",
        "Marsh E. Clinical anatomy of the hand. 3rd ed. London: Hill Press; 2004.",
        {
            "type": "book",
            "families": ["Marsh"],
            "title": "Clinical anatomy of the hand",
            "edition": "3",
            "publisher": "Hill Press",
            "place": "London",
            "year": 2004,
        },
    ),
    (
        "book-with-subtitle",
        # The title's colon is no `Place: Publisher`: the one before the date is.
        "Marsh E. Clinical anatomy: a guide for hand surgeons. 3rd ed. London: Hill Press; 2004.",
        {
            "type": "book",
            "families": ["Marsh"],
            "title": "Clinical anatomy: a guide for hand surgeons",
            "edition": "3",
            "publisher": "Hill Press",
            "place": "London",
            "year": 2004,
        },
    ),
    (
        "chapter",
        "Kowal J. Wound care. In: Baker S, Reyes L, editors. Surgical nursing. "
        "Boston: Lark; 1999. p. 10-25.",
        {
            "type": "chapter",
            "families": ["Kowal"],
            "editors": ["Baker", "Reyes"],
            "title": "Wound care",
            "book": "Surgical nursing",
            "publisher": "Lark",
            "place": "Boston",
            "pages": "10-25",
        },
    ),
    (
        "web-page",
        "National Office of Health Data. Heat deaths 2022 [Internet]. 2023 [cited 2024 Feb 3]. "
        "Available from: https://health.example.org/heat",
        {
            "type": "webpage",
            "literal": "National Office of Health Data",
            "title": "Heat deaths 2022",
            "url": "https://health.example.org/heat",
            "accessed": (2024, 2, 3),
        },
    ),
    (
        "preprint",
        "Quinn D, Arora V. Protein folding at speed. bioRxiv [Preprint]. 2021;2021.04.01.4321.",
        {"type": "article", "families": ["Quinn", "Arora"]},
    ),
    (
        "thesis",
        "Berg L. Lake sediments of the north [dissertation]. Oslo: Nordic University; 2017.",
        {
            "type": "thesis",
            "title": "Lake sediments of the north",
            "publisher": "Nordic University",
        },
    ),
    (
        "no-punctuation",
        "Park JH Kim S Protein turnover in yeast cells Mol Cell Biol 2004 24 1021 1030 15012345",
        {
            "families": ["Park", "Kim"],
            "title": "Protein turnover in yeast cells",
            "journal": "Mol Cell Biol",
            "year": 2004,
            "volume": "24",
            "pages": "1021-1030",
            "pmid": "15012345",
        },
    ),
    (
        "unicode-and-breaks",
        "Müller\u00a0A, Østergaard B.\nCold exposure and brown fat. Eur J Physiol.\u00a0"
        "2019;77(1):5\u20139.",
        {"families": ["Müller", "Østergaard"], "journal": "Eur J Physiol", "pages": "5-9"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [s[1:] for s in STYLES], ids=[s[0] for s in STYLES])
def test_reference_style(text: str, expected: dict[str, object]) -> None:
    parsed = parse_reference(text)
    citation = parsed.citation
    checks = {
        "type": citation.type,
        "families": [a.family for a in citation.authors],
        "initials": [a.initials for a in citation.authors],
        "suffixes": [a.suffix for a in citation.authors],
        "literal": next((a.literal for a in citation.authors if a.literal), None),
        "editors": [e.family for e in citation.editors],
        "et_al": citation.et_al,
        "title": citation.title,
        "journal": citation.container_title_short,
        "book": citation.container_title,
        "year": citation.issued.year if citation.issued else None,
        "month": citation.issued.month if citation.issued else None,
        "day": citation.issued.day if citation.issued else None,
        "volume": citation.volume,
        "issue": citation.issue,
        "pages": citation.pages,
        "pages_raw": citation.pages_raw,
        "article_number": citation.article_number,
        "edition": citation.edition,
        "publisher": citation.publisher,
        "place": citation.publisher_place,
        "url": citation.url,
        "accessed": (
            (citation.accessed.year, citation.accessed.month, citation.accessed.day)
            if citation.accessed
            else None
        ),
        "doi": citation.identifier("doi"),
        "pmid": citation.identifier("pmid"),
        "pmcid": citation.identifier("pmcid"),
        "links": citation.links,
    }
    assert {name: checks[name] for name in expected} == expected


def test_unsplittable_text_keeps_raw_and_invents_nothing() -> None:
    parsed = parse_reference("see the supplementary notes for details")
    citation = parsed.citation
    assert citation.raw == "see the supplementary notes for details"
    assert citation.authors == ()
    assert (citation.issued, citation.volume, citation.pages, citation.identifiers) == (
        None,
        None,
        None,
        (),
    )
    assert not parsed.complete
    assert parsed.guess


REAL_LIKE = [s[1] for s in STYLES]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    parse_reference(text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(REAL_LIKE), st.integers(min_value=0, max_value=400))
def test_truncated_references_never_raise(text: str, cut: int) -> None:
    parse_reference(text[:cut])


@pytest.mark.parametrize(
    "text",
    [
        "A" * 5000,
        "Smith J, " * 2000,
        "1 " * 3000,
        "2019;" * 2000,
        "Aa Bb " * 2000 + "2019",
        "10.1000/" + "x(" * 2000,
        "Smith, J. " * 1000 + "(2010)",
        "In: " * 1000,
        ". " * 3000 + "a: b; 2019",
    ],
    ids=["letters", "names", "numbers", "dates", "words", "doi", "inverted", "in", "periods"],
)
def test_pathological_strings_are_quick(text: str) -> None:
    start = time.perf_counter()
    parse_reference(text)
    assert time.perf_counter() - start < 1.0
