"""The failure shapes issue 16 saw on reference lists the parser was not tuned on, each
read by a general rule. Every string here is invented for these tests, in the punctuation
of several styles (Vancouver, APA-like, older PLOS, Nature-like)."""

from __future__ import annotations

import pytest

from bibnorm.parsing import parse_reference


def _fields(text: str) -> tuple[object, ...]:
    """(title, container, year, volume, issue, pages, article number) of `text`."""
    citation = parse_reference(text).citation
    return (
        citation.title,
        citation.container_title or citation.container_title_short,
        citation.issued.year if citation.issued else None,
        citation.volume,
        citation.issue,
        citation.pages,
        citation.article_number,
    )


SPACED_LOCATORS = [
    (
        "Keller R, Ostrowski T (2012) Flagellar rootlets in a marine heterotroph."
        " Protist 163 (4) 643–657.",
        ("Flagellar rootlets in a marine heterotroph", "Protist", 2012, "163", "4", "643-657"),
    ),
    (
        "Varga L, Brun E, Osei K (2010) Cortical timing of reward signals in primates."
        " Proc Natl Acad Sci U S A 107 (51) 22134–22139.",
        (
            "Cortical timing of reward signals in primates",
            "Proc Natl Acad Sci U S A",
            2010,
            "107",
            "51",
            "22134-22139",
        ),
    ),
    (
        "Hamid, S., & Lee, J. (2008). Soil crusts and nitrogen export in drylands."
        " Ecology 89 (2) 311–320.",
        ("Soil crusts and nitrogen export in drylands", "Ecology", 2008, "89", "2", "311-320"),
    ),
    (
        "Quist, B. & Adeyemi, T. Zinc sensing by bacterial repressors."
        " Mol Microbiol 74 (3) 580–593 (2009).",
        ("Zinc sensing by bacterial repressors", "Mol Microbiol", 2009, "74", "3", "580-593"),
    ),
    (
        "Lindqvist H (1998) Seasonal moult in arctic hares. J Mammal 79 351–360.",
        ("Seasonal moult in arctic hares", "J Mammal", 1998, "79", None, "351-360"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPACED_LOCATORS)
def test_locator_with_spaces_and_no_colon(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text)[:6] == expected


def test_spaced_locator_invents_no_year() -> None:
    """No date printed anywhere: the locator gives volume, issue and pages, no year."""
    text = (
        "Pereira A, Nakamura T. Rapid evolution of wing spots in island flies."
        " Evolution 61 (7) 1620-1632."
    )
    assert _fields(text) == (
        "Rapid evolution of wing spots in island flies",
        "Evolution",
        None,
        "61",
        "7",
        "1620-1632",
        None,
    )
    assert parse_reference(text).complete is False


def test_two_bare_numbers_ending_a_title_are_no_locator() -> None:
    """Without an issue or a page range, `12 40` may be the end of a title."""
    citation = parse_reference("Kato R. Notes on the moths of plots 12 40.").citation
    assert citation.volume is None and citation.pages is None


MONTH_AND_WORD_NAMES = [
    (
        "May C, Montori VM, Mair FS. We need minimally disruptive medicine. BMJ. 2009;339:b2803.",
        ["May", "Montori", "Mair"],
        ("We need minimally disruptive medicine", "BMJ", 2009, "339", None, None, "b2803"),
    ),
    (
        "June A, Okoro P (2011) Lymph node stromal cells in chronic infection."
        " Nat Immunol 12: 401–408.",
        ["June", "Okoro"],
        (
            "Lymph node stromal cells in chronic infection",
            "Nat Immunol",
            2011,
            "12",
            None,
            "401-408",
            None,
        ),
    ),
    (
        "Will, B., & Steidl, U. (2014). Combinatorial haplotypes of regulatory variants."
        " Cell, 157(3), 555–567.",
        ["Will", "Steidl"],
        (
            "Combinatorial haplotypes of regulatory variants",
            "Cell",
            2014,
            "157",
            "3",
            "555-567",
            None,
        ),
    ),
    (
        "Long, C. & March, P. Fasting and sleep architecture in adolescents."
        " Sleep 29, 455–460 (2006).",
        ["Long", "March"],
        (
            "Fasting and sleep architecture in adolescents",
            "Sleep",
            2006,
            "29",
            None,
            "455-460",
            None,
        ),
    ),
    (
        "August R, Mars P, Young S. Solar wind variability. Astrophys J. 2001;550(1):10-20.",
        ["August", "Mars", "Young"],
        ("Solar wind variability", "Astrophys J", 2001, "550", "1", "10-20", None),
    ),
    (
        "Will B. May the best drug win. BMJ. 2010;340:c100.",
        ["Will"],
        ("May the best drug win", "BMJ", 2010, "340", None, None, "c100"),
    ),
]


@pytest.mark.parametrize(("text", "families", "expected"), MONTH_AND_WORD_NAMES)
def test_family_names_that_are_months_or_words(
    text: str, families: list[str], expected: tuple[object, ...]
) -> None:
    citation = parse_reference(text).citation
    assert [person.family for person in citation.authors] == families
    assert _fields(text) == expected


# A chapter in a book series, printed as an article of the series: the year after the
# volume is the series volume's own.
SERIES_CHAPTER = (
    "Mining event logs for process models",
    "Lect Notes Comput Sci",
    2010,
    "6044",
    None,
    "426-440",
    None,
)
AFTER_A_COLON = [
    (
        "Rossi P, Dahl M (2009) Screening for colorectal cancer in primary care. BMJ 339: b2803.",
        (
            "Screening for colorectal cancer in primary care",
            "BMJ",
            2009,
            "339",
            None,
            None,
            "b2803",
        ),
    ),
    (
        "Ferro A, Quinn D (2014) Dendritic spikes in layer 5 neurons. Nat Commun 5: 3912.",
        ("Dendritic spikes in layer 5 neurons", "Nat Commun", 2014, "5", None, "3912", None),
    ),
    (
        "Tanaka Y, Gruber S (2006) Diffusion tensor imaging of the cerebellum at 7T."
        " Proc Intl Soc Mag Reson Med 14: 2759.",
        (
            "Diffusion tensor imaging of the cerebellum at 7T",
            "Proc Intl Soc Mag Reson Med",
            2006,
            "14",
            None,
            "2759",
            None,
        ),
    ),
    (
        "Tanaka Y, Gruber S. Cerebellar fibre tracking at 7T."
        " Proc Intl Soc Magn Reson Med. 2006;14:2760.",
        (
            "Cerebellar fibre tracking at 7T",
            "Proc Intl Soc Magn Reson Med",
            2006,
            "14",
            None,
            "2760",
            None,
        ),
    ),
    (
        "Okafor N, Lind J (2010) Mining event logs for process models."
        " Lect Notes Comput Sci 6044/2010: 426–440.",
        SERIES_CHAPTER,
    ),
    (
        "Okafor, N., & Lind, J. (2010). Mining event logs for process models."
        " Lect Notes Comput Sci, 6044/2010, 426–440.",
        SERIES_CHAPTER,
    ),
]


@pytest.mark.parametrize(("text", "expected"), AFTER_A_COLON)
def test_article_numbers_abstract_numbers_and_series_volumes(
    text: str, expected: tuple[object, ...]
) -> None:
    assert _fields(text) == expected


def test_a_series_volume_gives_its_year_only_when_none_is_printed() -> None:
    text = "Okafor N, Lind J. Mining event logs. Lect Notes Comput Sci 6044/2011: 426–440."
    assert _fields(text)[2:4] == (2011, "6044")


STATUS_CONTAINERS = [
    (
        "Brandt K, Silva R (2013) Laminar profiles of alpha activity."
        " Cereb Cortex: Epub ahead of print.",
        ("Laminar profiles of alpha activity", "Cereb Cortex", 2013),
        "Epub ahead of print",
    ),
    (
        "Nolan, E., & Park, S. (2020). Working memory load and pupil size."
        " Psychophysiology. Epub ahead of print.",
        ("Working memory load and pupil size", "Psychophysiology", 2020),
        "Epub ahead of print",
    ),
    (
        "Ueda T, Costa M. Oligodendrocyte turnover after stroke. J Neurosci (in press).",
        ("Oligodendrocyte turnover after stroke", "J Neurosci", None),
        "In press",
    ),
    (
        "Ivanova D, Brooks E (2019) Gut transit time in zebrafish larvae. Dev Biol: In press.",
        ("Gut transit time in zebrafish larvae", "Dev Biol", 2019),
        "In press",
    ),
]


@pytest.mark.parametrize(("text", "expected", "flag"), STATUS_CONTAINERS)
def test_container_that_carries_a_status(
    text: str, expected: tuple[object, ...], flag: str
) -> None:
    parsed = parse_reference(text)
    assert _fields(text)[:3] == expected
    assert _fields(text)[3:] == (None, None, None, None)
    assert parsed.citation.type == "article-journal"
    assert flag in parsed.citation.flags
    assert parsed.unparsed == ()


PREPRINTS = [
    (
        "He Q, Larsen T (2015) Deep residual policies. arXiv: 1505.0710.",
        ("Deep residual policies", "arXiv", 2015, "1505.0710"),
    ),
    (
        "Sato M, Evans D (2020) Spike protein dynamics in silico. bioRxiv 2020.06.17.157982.",
        ("Spike protein dynamics in silico", "bioRxiv", 2020, "2020.06.17.157982"),
    ),
    (
        "Ortiz, L., & Becker, H. (2021). Wastewater surveillance of respiratory viruses."
        " medRxiv, 2021.03.02.21252780.",
        ("Wastewater surveillance of respiratory viruses", "medRxiv", 2021, "2021.03.02.21252780"),
    ),
    (
        "Ahmed, R. & Wu, J. Sparse attention for long sequences."
        " arXiv preprint arXiv:2004.05150 (2020).",
        ("Sparse attention for long sequences", "arXiv", 2020, "2004.05150"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PREPRINTS)
def test_preprint_server_and_id(text: str, expected: tuple[object, ...]) -> None:
    parsed = parse_reference(text)
    title, container, year, *_, article_number = _fields(text)
    assert (title, container, year, article_number) == expected
    assert parsed.citation.type == "article"
    assert "Preprint" in parsed.citation.flags
    assert parsed.citation.volume is None and parsed.citation.pages is None


def test_a_preprint_id_gives_no_year() -> None:
    """`2020.06.17` in a bioRxiv id is a date, but not one the reference prints as its own."""
    text = "Sato M, Evans D. Spike protein dynamics in silico. bioRxiv 2020.06.17.157982."
    assert _fields(text)[2] is None


DATASETS = [
    (
        "Moreau J, Kirk S (2014) Data from: Seed dispersal by lizards on islands."
        " Dryad Digital Repository. doi:10.5061/dryad.abc12.",
        ("Data from: Seed dispersal by lizards on islands", "Dryad Digital Repository", 2014),
    ),
    (
        "Haddad, N., & Pirie, A. (2017). Data from: Nest temperatures of loggerhead turtles."
        " Dryad. https://doi.org/10.5061/dryad.q2b34",
        ("Data from: Nest temperatures of loggerhead turtles", "Dryad", 2017),
    ),
    (
        "Li Y, Stone G. Soil cores from alpine meadows [dataset]. Zenodo. 2018."
        " doi:10.5281/zenodo.1234567.",
        ("Soil cores from alpine meadows", "Zenodo", 2018),
    ),
    (
        "Berg T, Nakai H (2016) Data from: Otolith shape in cod stocks. Dryad Digital Repository.",
        ("Data from: Otolith shape in cod stocks", "Dryad Digital Repository", 2016),
    ),
]


@pytest.mark.parametrize(("text", "expected"), DATASETS)
def test_data_set_in_a_repository(text: str, expected: tuple[object, ...]) -> None:
    parsed = parse_reference(text)
    assert _fields(text)[:3] == expected
    assert parsed.citation.type == "dataset"
    assert parsed.citation.volume is None and parsed.citation.pages is None


NUMBERS_IN_TITLES = [
    (
        "Fischer L, Abe H (2012) A ciliate genome with 16,000 tiny chromosomes."
        " PLoS Biol 10: e1001473.",
        ("A ciliate genome with 16,000 tiny chromosomes", "PLoS Biol", 2012, "10", None, None),
    ),
    (
        "Chen, L., & Ray, P. (2011). Genomic analysis of 1,000 families with autism."
        " Nature, 480(7377), 1–10.",
        ("Genomic analysis of 1,000 families with autism", "Nature", 2011, "480", "7377", "1-10"),
    ),
    (
        "Ito K, Kaur S. Mortality in 195 countries, 1990–2015: a systematic analysis."
        " Lancet. 2017;390(10100):1151-210.",
        (
            "Mortality in 195 countries, 1990–2015: a systematic analysis",
            "Lancet",
            2017,
            "390",
            "10100",
            "1151-1210",
        ),
    ),
    (
        "Duarte, F. et al. Twelve 2-year-old twins and 3 surgeons. Pediatr. Res. 71, 44–49 (2012).",
        ("Twelve 2-year-old twins and 3 surgeons", "Pediatr. Res.", 2012, "71", None, "44-49"),
    ),
    (
        "Osei K, Varga L (2016) A genome with 16,000 tiny chromosomes. Genetics 202 (2) 511–524.",
        ("A genome with 16,000 tiny chromosomes", "Genetics", 2016, "202", "2", "511-524"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS_IN_TITLES)
def test_numbers_inside_a_title(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text)[:6] == expected


PART_NUMBERS = [
    (
        "Grant H. Purine metabolism. VIII. Biochem J. 1950;46:12-20.",
        ("Purine metabolism. VIII", "Biochem J", 1950, "46", None, "12-20"),
    ),
    (
        "Grant H (1950) Purine metabolism. VIII. Biochem J 46: 12–20.",
        ("Purine metabolism. VIII", "Biochem J", 1950, "46", None, "12-20"),
    ),
    (
        "Hale, M. Reactions of nitrenes. IV. Chem. Ber. 98, 120–131 (1965).",
        ("Reactions of nitrenes. IV", "Chem. Ber.", 1965, "98", None, "120-131"),
    ),
    (
        "Roth, A., & Blum, E. (1965). Amino acid transport. Part II. Journal of Biological"
        " Chemistry, 240, 100–109.",
        (
            "Amino acid transport. Part II",
            "Journal of Biological Chemistry",
            1965,
            "240",
            None,
            "100-109",
        ),
    ),
    (
        "Ward G (1921) Studies on the coccidia. XII. The sporulation of oocysts in soil."
        " J Parasitol 8: 12–19.",
        (
            "Studies on the coccidia. XII. The sporulation of oocysts in soil",
            "J Parasitol",
            1921,
            "8",
            None,
            "12-19",
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PART_NUMBERS)
def test_part_numbers_stay_in_the_title(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text)[:6] == expected


def test_a_journal_ending_in_a_numeral_keeps_it() -> None:
    """A numeral that is the last piece is not a part of the title's series."""
    assert _fields("Lee A. Thin films. J. Phys. IV. 2001;11:5-9.")[1] == "J. Phys. IV."


ALL_STRINGS = [
    text
    for table in (SPACED_LOCATORS, AFTER_A_COLON, PREPRINTS, DATASETS, NUMBERS_IN_TITLES)
    for text, _ in table
] + [text for text, *_ in (*MONTH_AND_WORD_NAMES, *STATUS_CONTAINERS)]


@pytest.mark.parametrize("text", ALL_STRINGS)
def test_each_reading_is_deterministic(text: str) -> None:
    assert parse_reference(text) == parse_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith J. Handbook of soil mites. Oxford: Clarendon Press; in press.",
        "Smith J (2001) Handbook of soil mites. Oxford University Press, Oxford. In press.",
    ],
)
def test_a_book_in_press_has_no_journal(text: str) -> None:
    citation = parse_reference(text).citation
    assert citation.title == "Handbook of soil mites"
    assert citation.container_title_short is None
    assert citation.type == "book"
    assert "In press" in citation.flags


# --- IEEE order: quoted title, labelled locator ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "container", "year", "volume", "issue", "pages"),
    [
        (
            "A. B. Invent, C. Lee, and D. E. Wuster, “An invented burden of sample failure,” Invent"
            " Heart Lung, vol. 33, no. 6, pp. 362 - 371, 2004.",
            "An invented burden of sample failure",
            "Invent Heart Lung",
            2004,
            "33",
            "6",
            "362-371",
        ),
        (
            "R. Sample and M. Invent, “Planning the invented discharge,” Sample Nursing Clinics,"
            " vol. 12, no. 3, pp. 97–113, Mar. 1998.",
            "Planning the invented discharge",
            "Sample Nursing Clinics",
            1998,
            "12",
            "3",
            "97–113",
        ),
        (
            "J. Invent, “Sampling invented signals,” Invent Trans. Signal Process., vol. 61,"
            " pp. 1202-1210, 2013, doi: 10.5555/tsp.61.",
            "Sampling invented signals",
            "Invent Trans. Signal Process.",
            2013,
            "61",
            None,
            "1202-1210",
        ),
    ],
)
def test_ieee_order(
    text: str,
    title: str,
    container: str,
    year: int,
    volume: str,
    issue: str | None,
    pages: str,
) -> None:
    citation = parse_reference(text).citation
    assert citation.title == title
    assert (citation.container_title_short or citation.container_title) == container
    assert citation.issued is not None and citation.issued.year == year
    assert (citation.volume, citation.issue) == (volume, issue)
    assert pages in {citation.pages, citation.pages_raw}


# --- two-letter family names after initials ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "A. B. Invent, C. Lee, and D. E. Wu. An invented title. J Inv. 2004;3:1-2.",
            ["Invent", "Lee", "Wu"],
        ),
        ("A. Invent, B. Li. An invented title. J Inv. 2004;3:1-2.", ["Invent", "Li"]),
        ("X. Xu and Y. Yu. An invented title. J Inv. 2019;12:3-4.", ["Xu", "Yu"]),
        ("Ch. Invent, Th. Sample. An invented title. J Inv. 2004;3:1-2.", ["Invent", "Sample"]),
    ],
)
def test_two_letter_family_after_initials(text: str, families: list[str]) -> None:
    """`Wu.` after initials is the family name, not a two-letter initial; `Ch.` and `Th.`
    stay initials."""
    citation = parse_reference(text).citation
    assert [a.family for a in citation.authors] == families
    assert citation.title == "An invented title"
