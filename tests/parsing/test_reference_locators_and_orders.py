"""Reference styles the rules read by shape, not by journal: physics without titles,
article ids with letters inside, years printed after the journal or after the locator,
untagged Elsevier order, author lists that change order after the first name, and the
Unicode hyphens Wiley prints in names. Every string is invented for these tests."""

from __future__ import annotations

import pytest

from bibnorm.parsing import parse_reference


def _fields(text: str) -> tuple[object, ...]:
    """(families, title, container, year, volume, issue, pages or article number)."""
    citation = parse_reference(text).citation
    return (
        [a.family or a.literal for a in citation.authors],
        citation.title,
        citation.container_title or citation.container_title_short,
        citation.issued.year if citation.issued else None,
        citation.volume,
        citation.issue,
        citation.pages or citation.article_number,
    )


PHYSICS = [
    (
        "K. Arnaud, P. Ollivier, Nucl. Phys. B 912, 305 (2016).",
        (["Arnaud", "Ollivier"], None, "Nucl. Phys. B", 2016, "912", None, "305"),
    ),
    (
        "J. Q. Fenwick et al. [MOLE Collaboration], Phys. Rev. D 101, 052011 (2020).",
        (["Fenwick", "MOLE Collaboration"], None, "Phys. Rev. D", 2020, "101", None, "052011"),
    ),
    (
        "T. Baer, Prog. Theor. Exp. Phys. 2021, 093C02 (2021).",
        (["Baer"], None, "Prog. Theor. Exp. Phys.", 2021, "2021", None, "093C02"),
    ),
    (
        "R. Osei, M. Lind, Slow overturning in a cooling basin. Geophys. Res. Lett. 48,"
        " e2021GL093311 (2021).",
        (
            ["Osei", "Lind"],
            "Slow overturning in a cooling basin",
            "Geophys. Res. Lett.",
            2021,
            "48",
            None,
            "e2021GL093311",
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PHYSICS)
def test_physics_and_earth_science_locators(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text) == expected


def test_a_one_word_title_before_a_journal_stays_a_title() -> None:
    # A short abbreviated word (`Nucl`) is cut from a journal; a long word is a title.
    fields = _fields("Okafor J, Lind M. Glycobiology. Nature. 2001;3:4-5.")
    assert fields[1:3] == ("Glycobiology", "Nature")


YEARS_ELSEWHERE = [
    (
        # Frontiers: the year in brackets between the journal and the volume.
        "Osei K, Lind M. Lipid rafts in motion. Membr Biol Rev (2017) 12:201–19.",
        (["Osei", "Lind"], "Lipid rafts in motion", "Membr Biol Rev", 2017, "12", None, "201-219"),
    ),
    (
        "Osei K, Lind M. Lipid rafts at rest. Membr Biol Rev. (2019) 14(2 Suppl):e310.",
        (["Osei", "Lind"], "Lipid rafts at rest", "Membr Biol Rev", 2019, "14", "2 Suppl", "e310"),
    ),
    (
        # The year after the locator, as some medical journals print it.
        "Halden P, Quist R. Rash after a common drug. J Skin Med 41: 12-19, 2009.",
        (["Halden", "Quist"], "Rash after a common drug", "J Skin Med", 2009, "41", None, "12-19"),
    ),
    (
        # Elsevier's untagged order: volume, first and last page, then the year.
        "Norberg T.A., Vance P. Copper in the diet J. Trace Elem. Res. 52 118 126 1996",
        (
            ["Norberg", "Vance"],
            "Copper in the diet",
            "J. Trace Elem. Res.",
            1996,
            "52",
            None,
            "118-126",
        ),
    ),
    (
        # No punctuation at all: year, volume, issue, first and last page.
        "Ferris A, Lund O. Leaf wax in drought Plant Sci Rev 2011 7 3 210 222",
        (["Ferris", "Lund"], "Leaf wax in drought", "Plant Sci Rev", 2011, "7", "3", "210-222"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), YEARS_ELSEWHERE)
def test_years_printed_elsewhere(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text) == expected


def test_a_bracketed_year_inside_a_title_is_no_journal_year() -> None:
    fields = _fields("Okafor J. Floods of (2010) revisited. Hydrol Rev 3:4-5.")
    assert fields[1:5] == ("Floods of (2010) revisited", "Hydrol Rev", None, "3")


def test_a_title_that_ends_with_a_question_mark() -> None:
    fields = _fields(
        "Ansah, K., & Lind, M. (2019). Can village seed banks feed the towns of West"
        " and Central Africa? Food and Society, 16, 441–458."
    )
    assert fields[1:3] == (
        "Can village seed banks feed the towns of West and Central Africa?",
        "Food and Society",
    )


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "Ruiz, W., L. Tanaka, and J. R. Holm. 1998. Reward in a model. Neurosci Rev 7:1–9.",
            ["Ruiz", "Tanaka", "Holm"],
        ),
        (
            "Ogun, T., M. Saka, S. Fuji, et al. 2010b. Walking with cuffs. J. Walk. 3:4–9.",
            ["Ogun", "Saka", "Fuji"],
        ),
    ],
)
def test_only_the_first_name_inverted(text: str, families: list[str]) -> None:
    """The author-year order of several life-science journals: `Family, I.` first, then
    `I. Family`."""
    citation = parse_reference(text).citation
    assert [a.family for a in citation.authors] == families
    assert citation.issued is not None


def test_unicode_hyphens_in_names() -> None:
    # U+2010 (hyphen) in a family name and between initials, as Wiley prints them.
    citation = parse_reference(
        "Rocha\u2010Lima, J. V., Zhou, Y.\u2010Y., & Park, G. (2018). Forest rights"
        " and hunting. Land Policy, 1, 650–656."
    ).citation
    assert [a.family for a in citation.authors] == ["Rocha\u2010Lima", "Zhou", "Park"]
    assert citation.authors[1].initials is not None
    assert citation.title == "Forest rights and hunting"
    assert citation.issued is not None and citation.issued.year == 2018


TITLE_ENDS = [
    (
        # Harvard with quoted titles: the quotes end the title.
        "Okoro A.J. & Lind T.R, 2008, ‘Yield of maize under drought: a model comparison’,"
        " Field Crops Journal 148, 1062–1077.",
        (
            ["Okoro", "Lind"],
            "Yield of maize under drought: a model comparison",
            "Field Crops Journal",
            2008,
            "148",
            None,
            "1062-1077",
        ),
    ),
    (
        # Quotes inside the title do not end it.
        "Osei K., & Lind M. (2010). ‘Stay’ or ‘go’: young farmers and the city."
        " Rural Studies, 17(3), 343–360.",
        (
            ["Osei", "Lind"],
            "‘Stay’ or ‘go’: young farmers and the city",
            "Rural Studies",
            2010,
            "17",
            "3",
            "343-360",
        ),
    ),
    (
        # Titles and journals parted by commas, the journal abbreviated.
        "Vance I., Berne S., et al 2005, Spore release in the oyster mushroom"
        " (Pleurotus ostreatus), Mycol. Res., 109, 377–82.",
        (
            ["Vance", "Berne"],
            "Spore release in the oyster mushroom (Pleurotus ostreatus)",
            "Mycol. Res.",
            2005,
            "109",
            None,
            "377-382",
        ),
    ),
    (
        "Kato H., Ruiz L. 2012, Methylation in ferns: small RNAs, and silencing,"
        " Plant Cell Physiol., 53, 766–84.",
        (
            ["Kato", "Ruiz"],
            "Methylation in ferns: small RNAs, and silencing",
            "Plant Cell Physiol",
            2012,
            "53",
            None,
            "766-784",
        ),
    ),
    (
        # A qualifier in brackets belongs to the journal.
        "Holm, R. 2010. Reflex control of the heart in sprinters. Acta Physiol. (Oxf) 199:367–383.",
        (
            ["Holm"],
            "Reflex control of the heart in sprinters",
            "Acta Physiol. (Oxf)",
            2010,
            "199",
            None,
            "367-383",
        ),
    ),
    (
        # A year before the locator after a comma, and a year-like volume after a year.
        "Moss AC, Lind T. Risk seen by farmers. Risk Analysis, 2017; 37(3):531–545.",
        (["Moss", "Lind"], "Risk seen by farmers", "Risk Analysis", 2017, "37", "3", "531-545"),
    ),
    (
        "Moss AC, Lind T. Lipid release in macrophages. Biochim Biophys Acta (2008) 1781:213–9.",
        (
            ["Moss", "Lind"],
            "Lipid release in macrophages",
            "Biochim Biophys Acta",
            2008,
            "1781",
            None,
            "213-219",
        ),
    ),
    (
        # APA without pages.
        "Fenn, S. E., Gruber, N., et al. (2006). Ocean uptake of carbon."
        " Global Biogeochemical Cycles, 20(2).",
        (
            ["Fenn", "Gruber"],
            "Ocean uptake of carbon",
            "Global Biogeochemical Cycles",
            2006,
            "20",
            "2",
            None,
        ),
    ),
    (
        "Morel M., Pastor W. A., et al 2017, In vivo targeting of methylation in yeast,"
        " Elife, 6, e06205.",
        (
            ["Morel", "Pastor"],
            "In vivo targeting of methylation in yeast",
            "Elife",
            2017,
            "6",
            None,
            "e06205",
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_ENDS)
def test_where_the_title_ends(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text) == expected


def test_apa_ellipsis_before_the_last_author() -> None:
    citation = parse_reference(
        "Okafor, P., House, J. I., Pan, G., … Quist, T. A. M. (2016). Soils under"
        " pressure. Soil Biology, 22(3), 1008–1028."
    ).citation
    assert [a.family for a in citation.authors] == ["Okafor", "House", "Pan", "Quist"]
    assert citation.et_al
    assert citation.title == "Soils under pressure"


def test_apa_chapter_and_edited_book() -> None:
    chapter = parse_reference(
        "Ruiz C., & Vos T. (2014). The cost of care In Holm P. & Lund T. (Eds.), The Handbook"
        " of Care. Chichester, UK: Wiley."
    ).citation
    assert (chapter.type, chapter.title, chapter.container_title) == (
        "chapter",
        "The cost of care",
        "The Handbook of Care",
    )
    assert [e.family for e in chapter.editors] == ["Holm", "Lund"]
    book = parse_reference("Okafor, J. (Ed.). (2001). A book of rivers. London: Penguin.")
    assert book.citation.title == "A book of rivers"
    assert book.citation.issued is not None and book.citation.issued.year == 2001
    assert [e.family for e in book.citation.editors] == ["Okafor"]


def test_retrieved_from_goes_with_the_url() -> None:
    citation = parse_reference(
        "WHO (2013). Guidelines for stress care. Retrieved from http://www.example.org/stress/"
    ).citation
    assert citation.title == "Guidelines for stress care"
    assert citation.url == "http://www.example.org/stress/"


MORE_LOCATORS = [
    (
        # Elsevier numbered: the year in brackets between volume and pages.
        "K. Osei, M. Lind, Motion correction in cardiac MRI, IEEE Trans. Med. Imag. 61"
        " (2015) 2313–2318.",
        (
            ["Osei", "Lind"],
            "Motion correction in cardiac MRI",
            "IEEE Trans. Med. Imag.",
            2015,
            "61",
            None,
            "2313-2318",
        ),
    ),
    (
        "R. Holm, Depth in the clinic, Pattern Recognit. 69 (1998) 6342.",
        (["Holm"], "Depth in the clinic", "Pattern Recognit", 1998, "69", None, "6342"),
    ),
    (
        # A supplement is the issue, as PubMed's XML keeps it.
        "Osei K, Lind M. Diabetes in clinics. Diabetes Care. 2010;33 Suppl 1:S62–9.",
        (
            ["Osei", "Lind"],
            "Diabetes in clinics",
            "Diabetes Care",
            2010,
            "33",
            "Suppl 1",
            "S62-S69",
        ),
    ),
    (
        # ACS: `et al.` after a semicolon is no author.
        "Lind, M.; Osei, K.; et al. Catalysis at rest. J. Am. Chem. Soc. 2005, 127, 1234–1240.",
        (
            ["Lind", "Osei"],
            "Catalysis at rest",
            "J. Am. Chem. Soc.",
            2005,
            "127",
            None,
            "1234-1240",
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), MORE_LOCATORS)
def test_more_locators(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text) == expected


def test_published_online_and_updated_dates() -> None:
    online = parse_reference(
        "Osei K, Lind M. Motion in MRI. JAMA Intern Med. Published online March 4, 2024."
        " doi:10.1001/jamainternmed.2024.0001"
    ).citation
    assert (online.title, online.container_title_short) == ("Motion in MRI", "JAMA Intern Med")
    assert (online.volume, online.pages, online.article_number) == (None, None, None)
    assert online.issued is not None and (online.issued.year, online.issued.month) == (2024, 3)
    assert online.epub_date == online.issued
    page = parse_reference(
        "Office of Invented Statistics. Diabetes Report. Updated May 15, 2024. Accessed"
        " June 2, 2024. https://www.example.org/report"
    ).citation
    assert page.title == "Diabetes Report"
    assert page.issued is not None and page.issued.year == 2024
    assert page.volume is None


def test_an_acronym_before_a_report_is_its_group_author() -> None:
    citation = parse_reference(
        "UNAIDX. Invented AIDS update 2022: in danger. Geneva: Invented Programme, 2022."
    ).citation
    assert [a.literal for a in citation.authors] == ["UNAIDX"]
    assert citation.title == "Invented AIDS update 2022: in danger"


@pytest.mark.parametrize(
    ("text", "authors", "title", "publisher"),
    [
        (
            # A colon in the title, the publisher at the end without a place.
            "Okafor, J. O., & Lind, B. J. (1997). River towns: Growth and trade in the"
            " Amazon. Columbia University Press.",
            ["Okafor", "Lind"],
            "River towns: Growth and trade in the Amazon",
            "Columbia University Press",
        ),
        (
            # A group author that a year follows, and the publisher after the title.
            "Avigen. 2014d. Broiler 708: Performance Objectives. Avigen Limited, Newbridge,"
            " Scotland.",
            ["Avigen"],
            "Broiler 708: Performance Objectives",
            "Avigen Limited",
        ),
        (
            "FAOX, 2005, Impact of drought on food security, Rome.",
            ["FAOX"],
            None,
            None,
        ),
    ],
)
def test_books_with_author_year_dates(
    text: str, authors: list[str], title: str | None, publisher: str | None
) -> None:
    citation = parse_reference(text).citation
    assert [a.family or a.literal for a in citation.authors] == authors
    assert citation.issued is not None
    if title is not None:
        assert citation.title == title
        assert citation.publisher == publisher


@pytest.mark.parametrize(
    ("text", "title", "journal"),
    [
        (
            "Quist Z, Lind L. 2009. Nine markers from Zizania (Poaceae). Molecular Ecology"
            " Resources 9:887–889.",
            "Nine markers from Zizania (Poaceae)",
            "Molecular Ecology Resources",
        ),
        (
            "Wang MX, Lind HL. 2008. Genetic structure of wild rice in China. Heredity"
            " 101:527–535.",
            "Genetic structure of wild rice in China",
            "Heredity",
        ),
        (
            "Moss N. A., Lind S. R. 2015, Small RNAs of the rust fungus (Puccinia f.sp. tritici),"
            " BMC Genomics, 16, 718.",
            "Small RNAs of the rust fungus (Puccinia f.sp. tritici)",
            "BMC Genomics",
        ),
    ],
)
def test_brackets_and_small_words_before_the_journal(text: str, title: str, journal: str) -> None:
    """A bracket ends no sentence; a qualifier in brackets and a lower-case word start no
    journal."""
    citation = parse_reference(text).citation
    assert (citation.title, citation.container_title_short) == (title, journal)


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        (
            "de-Graft Osei A, Unwin N, et al. Chronic disease in towns. Global Health 2010;6:5",
            ["de-Graft Osei", "Unwin"],
        ),
        (
            "de Wit SF, van ‘t Hoff C, van der Lind T. Platelets in sepsis. Thromb Haemost"
            " 2014; 112:666–77.",
            ["de Wit", "van ‘t Hoff", "van der Lind"],
        ),
        (
            "Burg J., de los Campos G., Weil K., 2012. Breeding values. Crop Sci. 52: 707–719.",
            ["Burg", "de los Campos", "Weil"],
        ),
        (
            "Invented Genome Initiative. The genome of a weed. Nature. 2000; 408:796–815.",
            ["Invented Genome Initiative"],
        ),
        (
            "UNICEX (United Nations Invented Fund). Strategy for nutrition. New York: UNICEX;"
            " 1990.",
            ["UNICEX (United Nations Invented Fund)"],
        ),
    ],
)
def test_particles_and_group_names(text: str, authors: list[str]) -> None:
    citation = parse_reference(text).citation
    assert [a.family or a.literal for a in citation.authors] == authors
    assert citation.title is not None and not citation.title.startswith(authors[-1])


def test_chapters_web_years_and_et_al_after_a_period() -> None:
    chapter = parse_reference(
        "Okafor R. 2010. Voyages in the Indian Ocean. In The origins of seafaring (ed."
        " Lind A), pp. 239–248. Cambridge, UK: Invented Institute."
    ).citation
    assert (chapter.type, chapter.container_title) == ("chapter", "The origins of seafaring")
    assert [e.family for e in chapter.editors] == ["Lind"]
    journal = parse_reference(
        "Osei J.J., Lind M.D. (1991) Soybean bombardment. In Vitro Cell. Dev. Biol. Plant 27:"
        " 175–182."
    ).citation
    assert journal.container_title_short == "In Vitro Cell. Dev. Biol. Plant."
    web = parse_reference(
        "WHX. Climate and health. (2023). Available online at: https://www.example.org/c"
        " (Accessed May 20, 2025)."
    ).citation
    assert web.title == "Climate and health"
    assert web.issued is not None and web.issued.year == 2023
    listed = parse_reference(
        "Mann A, Moss DH, Zahn AM. et al (2006) Nutrition and weight. Clin Inv Dis 42: 836–842."
    ).citation
    assert [a.family for a in listed.authors] == ["Mann", "Moss", "Zahn"]
    assert listed.et_al and listed.title == "Nutrition and weight"


def test_harvard_chapter_with_a_quoted_title() -> None:
    citation = parse_reference(
        "Bando A, 1977, ‘Social learning’, in Wolf B.B. & Pomm L.R. (eds.), Encyclopedia"
        " of psychology, vol. 10, pp. 126–129, Van Nostrand Reinhold, New York."
    ).citation
    assert (citation.type, citation.title) == ("chapter", "Social learning")
    assert citation.container_title == "Encyclopedia of psychology"
    assert [e.family for e in citation.editors] == ["Wolf", "Pomm"]
    assert (citation.volume, citation.pages) == ("10", "126-129")
    assert (citation.publisher, citation.publisher_place) == ("Van Nostrand Reinhold", "New York")


@pytest.mark.parametrize(
    ("text", "title", "journal", "pages"),
    [
        (
            # APA 7 prints an article number as `Article 100587`.
            "Chavez, W. A., & Wilde, D. S. (2021). Wildlife use in the Amazon. Ecological"
            " Applications, 31, Article e02402.",
            "Wildlife use in the Amazon",
            "Ecological Applications",
            "e02402",
        ),
        (
            # A place ends the title; the journal's words are whole words.
            "Chavez, W. A., & Monroe, M. C. (2017). Markets and meat in the central Amazon,"
            " Brazil. Biological Conservation, 212, 240–248.",
            "Markets and meat in the central Amazon, Brazil",
            "Biological Conservation",
            "240-248",
        ),
    ],
)
def test_apa_seven(text: str, title: str, journal: str, pages: str) -> None:
    citation = parse_reference(text).citation
    assert (citation.title, citation.container_title_short) == (title, journal)
    assert pages in (citation.pages, citation.article_number)


def test_five_dotted_initials() -> None:
    citation = parse_reference(
        "Antero, A. P., Vieira, M. A. R. D. M., & Shaw, G. H. (2019). Silence. Land Policy, 84,"
        " 1–11."
    ).citation
    assert [a.family for a in citation.authors] == ["Antero", "Vieira", "Shaw"]
    assert citation.authors[1].initials == "M.A.R.D.M."


def test_names_parted_by_spaces_with_dotted_initials() -> None:
    # Elsevier's untagged lists; three names at least, so a one-author reference with a
    # title like `Vitamin D. Deficiency` keeps its title.
    listed = parse_reference(
        "Wint C.C. Haw R.E. Brain M. Cane R.W. Red cell enzymes J. Lab. Clin. Med. 85 337 341 1975"
    ).citation
    assert [a.family for a in listed.authors] == ["Wint", "Haw", "Brain", "Cane"]
    assert listed.title == "Red cell enzymes"
    single = parse_reference("Smith J. Vitamin D. Deficiency in the old. Nature. 2001;3:4-5.")
    assert [a.family for a in single.citation.authors] == ["Smith"]
    assert single.citation.title == "Vitamin D. Deficiency in the old"


def test_initials_first_with_a_capitalised_particle() -> None:
    citation = parse_reference(
        "D. Barco, L. Di Lucio, M. Nardo, C. Toni, J. High Energy Phys. 12, 154 (2023)."
    ).citation
    assert [a.family for a in citation.authors] == ["Barco", "Di Lucio", "Nardo", "Toni"]
    assert citation.container_title_short == "J. High Energy Phys."
    first = parse_reference("L. Di Lucio, M. Nardo, A title. Nucl. Phys. B 1, 2 (2001).")
    assert [a.family for a in first.citation.authors] == ["Di Lucio", "Nardo"]


def test_a_cited_date_between_date_and_volume() -> None:
    citation = parse_reference(
        "Ragu L, Vedan R. Cardiac rehabilitation in LMIC. Global Heart. 2017 Dec 1 [cited 2025"
        " Feb 19];12(4):323. Available from: https://example.org/x"
    ).citation
    assert (citation.title, citation.container_title_short) == (
        "Cardiac rehabilitation in LMIC",
        "Global Heart",
    )
    assert citation.issued is not None and (citation.issued.year, citation.issued.day) == (2017, 1)
    assert (citation.volume, citation.issue, citation.pages) == ("12", "4", "323")


@pytest.mark.parametrize(
    ("text", "title", "place"),
    [
        ("Okoro J. A book. St. Louis: Mosby; 2008.", "A book", "St. Louis"),
        ("Okoro J. A book. Rio de Janeiro: Fiocruz; 2008.", "A book", "Rio de Janeiro"),
        ("Okoro J. A book. Geneva (Switzerland): WHO; 2008.", "A book", "Geneva (Switzerland)"),
        ("Okoro J. A book. Sunderland, MA, USA: Sinauer; 2008.", "A book", "Sunderland, MA, USA"),
        (
            "Okoro J. 1996. Shanga: a town. British Institute in Eastern Africa: Nairobi.",
            "Shanga: a town",
            "British Institute in Eastern Africa",
        ),
    ],
)
def test_places_of_publishers(text: str, title: str, place: str) -> None:
    """A place's words are capitalised but for a few small ones; a title's colon before
    lower-case words names no place (`DEA guidance is clear: it is illegal.`)."""
    citation = parse_reference(text).citation
    assert (citation.title, citation.publisher_place) == (title, place)


def test_a_title_colon_and_a_numeric_access_date() -> None:
    citation = parse_reference(
        "Hudd J, Stein C. DEA guidance is clear: it is illegal. 2017 Available at:"
        " https://www.example.org/dea/ (last accessed 9 12, 2018)"
    ).citation
    assert citation.title == "DEA guidance is clear: it is illegal"
    assert citation.publisher is None
    assert citation.accessed is not None and (citation.accessed.month, citation.accessed.day) == (
        9,
        12,
    )


def test_acs_without_titles() -> None:
    """ACS prints no title: the last author's `J.` may start the journal, and pages may be
    parted by a minus sign."""
    jacs = parse_reference("Osei, K.; Lind, M.; Park, G. J. Am. Chem. Soc. 2005, 127, 1234−1240.")
    assert [a.family for a in jacs.citation.authors] == ["Osei", "Lind", "Park"]
    assert jacs.citation.authors[-1].initials == "G."
    assert jacs.citation.container_title_short == "J. Am. Chem. Soc."
    assert (jacs.citation.title, jacs.citation.pages) == (None, "1234-1240")
    titled = parse_reference("Osei, K.; Park, G. J. Amino acids. J. Am. Chem. Soc. 2005, 127, 1.")
    assert titled.citation.authors[-1].initials == "G.J."
    assert titled.citation.title == "Amino acids"


def test_nature_books_preprints_and_data_without_locators() -> None:
    book = parse_reference("Okafor, J. A. Sleep in foxes (Oxford Univ. Press, 2004).").citation
    assert (book.type, book.title, book.publisher) == (
        "book",
        "Sleep in foxes",
        "Oxford Univ. Press",
    )
    assert book.issued is not None and book.issued.year == 2004
    preprint = parse_reference(
        "Okafor, J. A. et al. Sleep in foxes. Preprint at"
        " https://doi.org/10.1101/2020.01.01.123456 (2020)."
    ).citation
    assert (preprint.type, preprint.title) == ("article", "Sleep in foxes")
    assert "Preprint" in preprint.flags
    data = parse_reference(
        "Okafor, J. A. & Lind, K. Fox calls. Zenodo https://doi.org/10.5281/zenodo.123456 (2020)."
    ).citation
    assert (data.type, data.title, data.container_title) == ("dataset", "Fox calls", "Zenodo")
    server = parse_reference("Okafor J, Lind K. Fox calls. bioRxiv. 2019. doi:10.1101/123456")
    assert server.citation.issued is not None and server.citation.issued.year == 2019
    assert server.citation.article_number is None


def test_pensoft_chapter_and_f1000_link_labels() -> None:
    chapter = parse_reference(
        "Okafor JA, Lind K (2013) Sleep in foxes. In: Park M (Ed.) Foxes of the world."
        " Springer, Berlin, 1–20."
    ).citation
    assert (chapter.container_title, chapter.pages) == ("Foxes of the world", "1-20")
    assert (chapter.publisher, chapter.publisher_place) == ("Springer", "Berlin")
    labelled = parse_reference(
        "Okafor JA, Lind K: Sleep in foxes. Nature. 2013; 500(7460): 1–5. PubMed Abstract"
        " | Publisher Full Text | Free Full Text"
    )
    assert labelled.citation.links == ("PubMed Abstract", "Publisher Full Text", "Free Full Text")
    assert labelled.unparsed == ()
    assert labelled.citation.pages == "1-5"


@pytest.mark.parametrize(
    ("text", "authors", "title", "container", "locator"),
    [
        (
            # MLA: the first name inverted, the date before the pages.
            "Okafor, Ann. “Rings of Invariants.” Journal of Algebra, vol. 12, no. 3, 2001,"
            " pp. 45–67.",
            [("Okafor", "Ann")],
            "Rings of Invariants",
            "Journal of Algebra",
            (2001, "12", "3", "45-67"),
        ),
        (
            # Chicago author-date.
            "Okafor, Ann, and Ben Lind. 2011. “Rings of Invariants.” Child Development 44"
            " (8): 1220–22.",
            [("Okafor", "Ann"), ("Lind", "Ben")],
            "Rings of Invariants",
            "Child Development",
            (2011, "44", "8", "1220-1222"),
        ),
        (
            # ACM: every name in reading order, an article number and month.
            "Ann Okafor, Ben Lind, and Carl de Vries. 2020. Reviewing code at scale. ACM"
            " Trans. Softw. Eng. Methodol. 29, 3, Article 17 (July 2020), 30 pages.",
            [("Okafor", "Ann"), ("Lind", "Ben"), ("de Vries", "Carl")],
            "Reviewing code at scale",
            "ACM Trans. Softw. Eng. Methodol.",
            (2020, "29", "3", "17"),
        ),
        (
            # AMS: volume, year in brackets, `no.`, pages.
            "A. Okafor, Hecke operators and forms, Invent. Math. 12 (2001), no. 3, 45–67.",
            [("Okafor", None)],
            "Hecke operators and forms",
            "Invent. Math.",
            (2001, "12", "3", "45-67"),
        ),
        (
            # RSC: no title; the person after `and` is the last.
            "A. Okafor and B. Lind, J. Mater. Chem. A, 2019, 7, 1234–1240.",
            [("Okafor", None), ("Lind", None)],
            None,
            "J. Mater. Chem. A.",
            (2019, "7", None, "1234-1240"),
        ),
    ],
)
def test_humanities_computing_and_mathematics_styles(
    text: str,
    authors: list[tuple[str, str | None]],
    title: str | None,
    container: str,
    locator: tuple[object, ...],
) -> None:
    citation = parse_reference(text).citation
    assert [(a.family, a.given) for a in citation.authors] == authors
    assert (citation.title, citation.container_title or citation.container_title_short) == (
        title,
        container,
    )
    year = citation.issued.year if citation.issued else None
    assert (year, citation.volume, citation.issue, citation.pages) == locator


def test_a_group_named_like_a_person_stays_a_group() -> None:
    citation = parse_reference(
        "Access Economics. 2006. Cost of folic acid. Canberra: Access Economics."
    ).citation
    assert [a.literal for a in citation.authors] == ["Access Economics"]


def test_acm_proceedings_without_the_acronym() -> None:
    citation = parse_reference(
        "Ann Okafor and Ben Lind. 2019. Reviewing code. In Proceedings of the 41st"
        " International Conference on Software Engineering (ICSE '19). IEEE Press,"
        " Piscataway, NJ, USA, 1–12."
    ).citation
    assert citation.container_title == (
        "Proceedings of the 41st International Conference on Software Engineering"
    )
    assert (citation.publisher, citation.publisher_place) == ("IEEE Press", "Piscataway, NJ, USA")
    assert citation.pages == "1-12"


def test_acm_journal_and_proceedings_paper_numbers() -> None:
    journal = parse_reference(
        "Ann Okafor and Ben Lind. 2018. Reviewing code. Commun. ACM 61, 5 (May 2018), 44–52."
    ).citation
    assert (journal.container_title_short, journal.volume, journal.issue, journal.pages) == (
        "Commun. ACM.",
        "61",
        "5",
        "44-52",
    )
    paper = parse_reference(
        "Ann Okafor, Ben Lind, and Carl Park. 2019. Reviewing code. In Proceedings of the 2019"
        " CHI Conference on Human Factors in Computing Systems (CHI '19). Association for"
        " Computing Machinery, New York, NY, USA, Paper 123, 1–12."
    ).citation
    assert paper.container_title == (
        "Proceedings of the 2019 CHI Conference on Human Factors in Computing Systems"
    )
    assert (paper.article_number, paper.pages, paper.volume) == ("123", "1-12", None)
    assert paper.publisher == "Association for Computing Machinery"


def test_ieee_conference_papers() -> None:
    parsed = parse_reference(
        "A. Okafor and B. Lind, “Grid inverters at scale,” in Proc. IEEE Energy Convers. Congr."
        " Expo. (ECCE), Detroit, MI, USA, 2020, pp. 1–6, doi: 10.1109/ECCE.2020.1234."
    )
    citation = parsed.citation
    assert (citation.type, citation.title) == ("paper-conference", "Grid inverters at scale")
    assert citation.container_title == "Proc. IEEE Energy Convers. Congr. Expo. (ECCE)"
    assert (citation.publisher_place, citation.pages) == ("Detroit, MI, USA", "1-6")
    assert citation.issued is not None and citation.issued.year == 2020
    assert citation.identifier("doi") == "10.1109/ECCE.2020.1234"
    assert parsed.unparsed == ()


def test_chicago_notes_bibliography_and_ams_with_a_review_number() -> None:
    article = parse_reference(
        "Okafor, Ann. “Printing in Lagos.” Book History 12, no. 3 (2001): 45–67."
    ).citation
    assert (article.title, article.container_title_short) == ("Printing in Lagos", "Book History")
    assert (article.volume, article.issue, article.pages) == ("12", "3", "45-67")
    chapter = parse_reference(
        "Okafor, Ann. “Printing in Lagos.” In The Book in Africa, edited by Ben Lind and Carl"
        " Park, 45–67. London: Routledge, 2005."
    ).citation
    assert (chapter.type, chapter.container_title, chapter.pages) == (
        "chapter",
        "The Book in Africa",
        "45-67",
    )
    assert [(e.given, e.family) for e in chapter.editors] == [("Ben", "Lind"), ("Carl", "Park")]
    ams = parse_reference(
        "A. Okafor and B. Lind, On Hecke operators, Duke Math. J. 98 (1999), 1–30. MR1234567"
    )
    assert (ams.citation.title, ams.citation.container_title_short) == (
        "On Hecke operators",
        "Duke Math. J.",
    )
    assert ams.unparsed == ("MR1234567",)  # kept, not lost
    arxiv = parse_reference("A. Okafor, Hecke operators, arXiv:1901.01234 [math.NT], 2019.")
    assert (arxiv.citation.title, arxiv.citation.article_number) == (
        "Hecke operators",
        "1901.01234",
    )


def test_a_title_in_straight_single_quotes() -> None:
    citation = parse_reference(
        "Okafor, A. (2019) 'Refugees in Kenya', Journal of Refugee Studies, 12(3), pp. 345–350."
    ).citation
    assert (citation.title, citation.container_title_short) == (
        "Refugees in Kenya",
        "Journal of Refugee Studies",
    )


def test_abnt_capitals_and_locator() -> None:
    citation = parse_reference(
        "OKAFOR, A.; LIND, B. Práticas de leitura no Brasil. Revista Brasileira de Educação,"
        " v. 12, n. 3, p. 45-67, jan./mar. 2019."
    ).citation
    assert [a.family for a in citation.authors] == ["OKAFOR", "LIND"]
    assert (citation.title, citation.container_title_short) == (
        "Práticas de leitura no Brasil",
        "Revista Brasileira de Educação",
    )
    assert (citation.volume, citation.issue, citation.pages) == ("12", "3", "45-67")
    # An acronym before a comma starts no author list.
    assert parse_reference("HIV, AIDS and TB. Lancet. 2001;3:4-5.").citation.authors == ()


def test_author_text_no_name_was_read_from_is_reported() -> None:
    # Capitals without a comma after the family are not read as names (`HIV RNA`); when
    # the labeller finds them an author span it cannot read, the text is not lost.
    parsed = parse_reference(
        "OKAFOR A, LIND B. Reading practices. Rev Bras Educ. 2019;12(3):45-67."
    )
    assert parsed.citation.title == "Reading practices"
    assert "OKAFOR A, LIND B" in " ".join(parsed.unparsed) or parsed.citation.authors


@pytest.mark.parametrize(
    "text",
    [
        "(a) Osei, K.; Lind, M. J. Org. Chem. 2001, 66, 123. (b) Park, G. Tetrahedron 2002, 58, 1.",
        "a) K. Osei, M. Lind, J. Org. Chem. 2001, 66, 123; b) G. Park, Tetrahedron 2002, 58, 1.",
    ],
)
def test_a_reference_that_cites_several_works(text: str) -> None:
    """Chemistry cites several works in one reference: the first is read, the others are
    reported, not mixed into its fields."""
    parsed = parse_reference(text)
    citation = parsed.citation
    assert [a.family for a in citation.authors] == ["Osei", "Lind"]
    assert (citation.container_title_short, citation.volume, citation.pages) == (
        "J. Org. Chem.",
        "66",
        "123",
    )
    assert len(parsed.unparsed) == 1 and "Park" in parsed.unparsed[0]
    assert citation.raw == text


def test_a_journal_is_no_initials_first_last_author() -> None:
    citation = parse_reference("K. Osei, M. Lind, J. Org. Chem. 2001, 66, 123.").citation
    assert [a.family for a in citation.authors] == ["Osei", "Lind"]
    assert citation.container_title_short == "J. Org. Chem."
    person = parse_reference("K. Osei, M. Lind, J. Smith. A title. Nature 3, 4 (2001).")
    assert [a.family for a in person.citation.authors] == ["Osei", "Lind", "Smith"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Okafor A, Lindqvist B, Mensah C et al. In Ghanaian adolescents, vitamin D status "
            "does not predict bone gains. Br J Nutr. 2017;118(4):301-9.",
            (
                ["Okafor", "Lindqvist", "Mensah"],
                "In Ghanaian adolescents, vitamin D status does not predict bone gains",
                "Br J Nutr",
                2017,
                "118",
                "4",
                "301-309",
            ),
        ),
        (
            "Moreau, P. and Dubois, L. (2011) In search of the missing heritability of height. "
            "Genetics, 188, 45-52.",
            (
                ["Moreau", "Dubois"],
                "In search of the missing heritability of height",
                "Genetics",
                2011,
                "188",
                None,
                "45-52",
            ),
        ),
        (
            "Keller R. 2014. Feeding ecology of pipits. Philosophical Transactions of the Royal "
            "Society of London. Series B, Biological Sciences 369:20130112.",
            (
                ["Keller"],
                "Feeding ecology of pipits",
                # (A name with a `. ` inside ends with a period, as dotted abbreviations do.)
                "Philosophical Transactions of the Royal Society of London. Series B, "
                "Biological Sciences.",
                2014,
                "369",
                None,
                "20130112",
            ),
        ),
    ],
)
def test_a_title_that_starts_with_in_and_a_journal_series(
    text: str, expected: tuple[object, ...]
) -> None:
    """`In` opens a chapter's book only as `In:` or before editors; a journal's series
    (`Series B`) is printed as a sentence of its own but is part of the journal's name."""
    assert _fields(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Okafor AB. 2009. Soil carbon under maize. In: Lindqvist B, Mensah C, eds. Farming "
        "futures, 2nd edn. Nairobi: Acacia Press, 45–67.",
        "Okafor A. B. 2009. Soil carbon under maize. In: B., Lindqvist, editor. Farming futures. "
        "Nairobi: Acacia Press p. 45–67.",
        "Okafor, A. (2009). Soil carbon under maize. In Farming futures (pp. 45–67). Nairobi: "
        "Acacia Press.",
    ],
)
def test_a_chapter_book_without_its_editors_edition_or_pages(text: str) -> None:
    """Editors ended by `eds`/`editor` whatever their names look like, and an edition or
    pages taken out from between the book and its publisher, leave the book's title alone."""
    citation = parse_reference(text).citation
    assert citation.type == "chapter"
    assert citation.title == "Soil carbon under maize"
    assert citation.container_title == "Farming futures"
    assert (citation.publisher, citation.publisher_place) == ("Acacia Press", "Nairobi")
    assert citation.pages == "45-67"


def test_in_press_where_the_date_would_be() -> None:
    citation = parse_reference(
        "Park J. in press. Ceramics of the Joseon court: a catalogue. Seoul: Hanbit Press."
    ).citation
    assert citation.title == "Ceramics of the Joseon court: a catalogue"
    assert citation.flags == ("In press",)
    assert citation.issued is None


@pytest.mark.parametrize(
    ("text", "authors", "title"),
    [
        (
            "Okafor A, Lindqvist B, Mensah C, et al. HOPE-9 Trial Investigators. Blood pressure "
            "lowering in persons at intermediate risk. N Engl J Med. 2016;374(21):2009-20.",
            ["Okafor", "Lindqvist", "Mensah", "HOPE-9 Trial Investigators"],
            "Blood pressure lowering in persons at intermediate risk",
        ),
        (
            "Okafor A, Lindqvist B, on behalf of the ATLAS Study Group. Rivaroxaban after acute "
            "coronary syndromes. Lancet 2012;380:1-9.",
            ["Okafor", "Lindqvist", "ATLAS Study Group"],
            "Rivaroxaban after acute coronary syndromes",
        ),
        (
            "Okafor A, Mensah C, R Core Team (2019) lme5: mixed models for everyone.",
            ["Okafor", "Mensah", "R Core Team"],
            "lme5: mixed models for everyone",
        ),
        (
            # A title with a group word in it is still the title.
            "Okafor A, Lindqvist B, et al. Association of smoking with decline in the elderly age "
            "group. Chest. 2011;140:12-9.",
            ["Okafor", "Lindqvist"],
            "Association of smoking with decline in the elderly age group",
        ),
        (
            # Pages and reports often have a group author; a URL or access date says so.
            "Ipas. Climate change and reproductive health. Available from: https://ipas.example"
            "/climate. Accessed 4 March 2024.",
            ["Ipas"],
            "Climate change and reproductive health",
        ),
        (
            "Health Effects Institute. Traffic-related air pollution: a review; 2010 [cited 2025 "
            "Feb 19]. https://hei.example/traffic",
            ["Health Effects Institute"],
            "Traffic-related air pollution: a review",
        ),
    ],
)
def test_groups_after_names_and_before_web_titles(
    text: str, authors: list[str], title: str
) -> None:
    citation = parse_reference(text).citation
    assert [a.family or a.literal for a in citation.authors] == authors
    assert citation.title == title


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        (
            "Okafor MSA, Lind S, Mensah AKFH, Park JQ. 2013. Genetic diversity of village "
            "chickens. Mol Biol Rep 40:4123–4128.",
            ["Okafor", "Lind", "Mensah", "Park"],
        ),
        (
            "te Velde, M., J. J. Le Grand, and D. M. Okafor. 2012. The more the better? Seeds in "
            "the wind. Annals of Botany 109: 19–45.",
            ["te Velde", "Le Grand", "Okafor"],
        ),
        (
            "Wang, H., H. De Vries, G. Chen, et al 2016. Folic acid fortified flour. Nutrients 8: "
            "152.",
            ["Wang", "De Vries", "Chen"],
        ),
    ],
)
def test_four_initials_and_a_capitalised_particle_after_the_order_changes(
    text: str, authors: list[str]
) -> None:
    assert [a.family for a in parse_reference(text).citation.authors] == authors


def test_pages_after_a_chapter_year_without_a_period() -> None:
    """`2007 p. 161–95` is the year, then the pages, not a book of 2007 pages."""
    citation = parse_reference(
        "Okafor A. Vitamin A kinetics. In: Lind B, editor. Vitamins and hormones. Amsterdam: "
        "Elsevier; 2007 p. 161–95."
    ).citation
    assert (citation.container_title, citation.publisher, citation.pages) == (
        "Vitamins and hormones",
        "Elsevier",
        "161-195",
    )
    assert citation.issued is not None and citation.issued.year == 2007


def test_an_article_id_with_small_letters_inside() -> None:
    citation = parse_reference(
        "Okafor K, Lind B. 2013. Aldehyde dehydrogenase drives T cell resistance. Sci. Transl. "
        "Med. 5: 211ra157."
    ).citation
    assert (citation.volume, citation.pages or citation.article_number) == ("5", "211ra157")


def test_gsa_chapter_with_pages_before_in() -> None:
    citation = parse_reference(
        "Okafor K., Lind B., 1993 Recent advances in the study of yield stability, pp. 116–131 "
        "in Plant Improvement: Towards Sustainable Agriculture, edited by B. Lind. Plant Press, "
        "Brisbane."
    ).citation
    assert citation.type == "chapter"
    assert citation.title == "Recent advances in the study of yield stability"
    assert citation.container_title == "Plant Improvement: Towards Sustainable Agriculture"
    assert citation.pages == "116-131"


@pytest.mark.parametrize(
    ("text", "title", "journal"),
    [
        (
            "Okafor K Lind B Chemistry and Healing Activities of Yam Saponins and Some Related "
            "Compounds J Korean Med Sci 2001 5 28 37",
            "Chemistry and Healing Activities of Yam Saponins and Some Related Compounds",
            "J Korean Med Sci",
        ),
        (
            "Okafor K Lind B Volatile Compounds from Genus Ocimum Am J Appl Sci 2009 6 3 523 528",
            "Volatile Compounds from Genus Ocimum",
            "Am J Appl Sci",
        ),
        (
            "Okafor K Protective Effects of Piper nigrum in Alloxan induced Diabetic Rats Indian "
            "J Physiol Pharmacol 2005 49 1 65 71",
            "Protective Effects of Piper nigrum in Alloxan induced Diabetic Rats",
            "Indian J Physiol Pharmacol",
        ),
        (
            # A name that starts with a word written out stays the capitalised run.
            "Okafor K Cyclic fatty acids: natural sources and biological properties Progr Lipid "
            "Res 1989 28 303 336",
            "Cyclic fatty acids: natural sources and biological properties",
            "Progr Lipid Res",
        ),
    ],
)
def test_an_abbreviated_journal_after_a_title_in_title_case(
    text: str, title: str, journal: str
) -> None:
    """Old BMC and NLM print no punctuation between the fields: after a title in title case
    the journal is the run of abbreviations a journal starts with (`J`, `Am`, `Int`)."""
    citation = parse_reference(text).citation
    assert (citation.title, citation.container_title_short) == (title, journal)


@pytest.mark.parametrize(
    "text",
    [
        # `In:` without the period before it (PMC lost it, some lists never print it).
        "Okafor A. 1994. Light in mixed canopies In: Lind B, Park C, eds. Crop structure. Paris: "
        "Acacia Press, 21–71.",
        # Many initials between `In` and `(Eds.)`.
        "Okafor, A. (1994). Light in mixed canopies? In Lind B. C., Park C. D., Osei E. F., & "
        "Mensah G. H. (Eds.), Crop structure (pp. 21–71). Paris: Acacia Press.",
        # Bare pages after the publisher, and `the` in the place.
        "Okafor A, 1994. Light in mixed canopies In: Lind B, editors. Crop structure. Dordrecht, "
        "the Netherlands: Acacia Press 21–71.",
    ],
)
def test_chapters_in_without_a_period_before_it(text: str) -> None:
    citation = parse_reference(text).citation
    assert citation.type == "chapter"
    # (A question mark is part of the title.)
    assert citation.title == "Light in mixed canopies" + ("?" if "?" in text else "")
    assert citation.container_title == "Crop structure"
    assert citation.publisher == "Acacia Press"
    assert citation.pages == "21-71"


def test_a_month_printed_as_a_number_and_an_internet_journal() -> None:
    """Some reference managers print the month as a number (`2012 3;`); a journal marked
    `[Internet]` with a volume and pages is still a journal article."""
    citation = parse_reference(
        "Okafor A, Lind B. Pesticide residues in beans from northern Ghana. J Sci Technol "
        "[Internet]. 2012 3 [cited 2017 Jul 31]; 2 (2): 97–104. Available from: "
        "http://example.org/x"
    ).citation
    assert citation.type == "article-journal"
    assert (citation.title, citation.container_title_short) == (
        "Pesticide residues in beans from northern Ghana",
        "J Sci Technol",
    )
    assert citation.issued is not None
    assert (citation.issued.year, citation.issued.month) == (2012, 3)
    assert (citation.volume, citation.issue, citation.pages) == ("2", "2", "97-104")


@pytest.mark.parametrize(
    ("text", "editors", "edition", "publisher", "place"),
    [
        (
            "K. Okafor, “Oxidative stress and disease,” in Oxidative Stress in Health, L. Chen, "
            "Ed., pp. 45–67, Springer, Berlin, Germany, 2016.",
            ["Chen"],
            None,
            "Springer",
            "Berlin, Germany",
        ),
        (
            "K. Okafor and M. Park, “Oxidative stress and disease,” in Oxidative Stress in Health, "
            "L. Chen and P. Lind, Eds., pp. 45–67, Academic Press, London, UK, 2nd edition, 2016.",
            ["Chen", "Lind"],
            "2",
            "Academic Press",
            "London, UK",
        ),
        (
            "K. Okafor, “Oxidative stress and disease,” in Oxidative Stress in Health, 2nd ed. New "
            "York, NY, USA: Wiley, 2016, pp. 45–67.",
            [],
            "2",
            "Wiley",
            "New York, NY, USA",
        ),
    ],
)
def test_ieee_and_hindawi_chapters(
    text: str, editors: list[str], edition: str | None, publisher: str, place: str
) -> None:
    citation = parse_reference(text).citation
    assert citation.type == "chapter"
    assert citation.title == "Oxidative stress and disease"
    assert citation.container_title == "Oxidative Stress in Health"
    assert [e.family for e in citation.editors] == editors
    assert (citation.edition, citation.publisher, citation.publisher_place) == (
        edition,
        publisher,
        place,
    )
    assert citation.pages == "45-67"
    assert citation.issued is not None and citation.issued.year == 2016


def test_hindawi_article_id_and_a_comma_book() -> None:
    article = parse_reference(
        "K. Okafor, L. Chen, and M. Park, “Berberine protects against oxidative stress,” "
        "Oxidative Medicine and Cellular Longevity, vol. 2019, Article ID 3586712, 12 pages, 2019."
    ).citation
    assert article.container_title_short == "Oxidative Medicine and Cellular Longevity"
    assert (article.volume, article.pages or article.article_number) == ("2019", "3586712")
    book = parse_reference(
        "K. Okafor, Oxidative Stress in Health, Springer, Berlin, Germany, 2016."
    ).citation
    assert (book.type, book.title, book.publisher, book.publisher_place) == (
        "book",
        "Oxidative Stress in Health",
        "Springer",
        "Berlin, Germany",
    )


def test_acm_proceedings_after_a_question_and_books_with_a_city_and_state() -> None:
    paper = parse_reference(
        "Ann Okafor and Ben Lind. 2018. What makes a code change easier to review? In "
        "Proceedings of the 26th Joint Meeting on Foundations of Software Engineering (Lake "
        "Buena Vista, FL, USA) (ESEC/FSE 2018). Association for Computing Machinery, New York, "
        "NY, USA, 201–212."
    ).citation
    assert paper.type == "chapter"
    assert paper.title == "What makes a code change easier to review?"
    assert paper.container_title == (
        "Proceedings of the 26th Joint Meeting on Foundations of Software Engineering "
        "(Lake Buena Vista, FL, USA)"
    )
    assert (paper.publisher, paper.publisher_place, paper.pages) == (
        "Association for Computing Machinery",
        "New York, NY, USA",
        "201-212",
    )
    book = parse_reference(
        "Ann Okafor and Ben Lind. 2015. Software Inspection (2nd ed.). Addison-Wesley, Boston, MA."
    ).citation
    assert (book.type, book.title, book.edition, book.publisher, book.publisher_place) == (
        "book",
        "Software Inspection",
        "2",
        "Addison-Wesley",
        "Boston, MA",
    )


def test_ams_doi_after_pages_chapters_and_books_in_a_series() -> None:
    article = parse_reference(
        "A. Okafor, B. Lind, and C. Park, Eisenstein series on the metaplectic group, Invent. "
        "Math. 201 (2015), no. 2, 333–380, DOI 10.1007/s00222-014-0553-4. MR3370622"
    )
    citation = article.citation
    assert (citation.title, citation.container_title_short) == (
        "Eisenstein series on the metaplectic group",
        "Invent. Math.",
    )
    assert (citation.volume, citation.issue, citation.pages) == ("201", "2", "333-380")
    assert citation.identifier("doi") == "10.1007/s00222-014-0553-4"
    assert article.unparsed == ("MR3370622",)  # MathSciNet's review number, reported
    chapter = parse_reference(
        "A. Okafor, Periods of cusp forms, Algebraic number theory (B. Lind, ed.), Adv. Stud. "
        "Pure Math., vol. 17, Academic Press, Boston, MA, 1989, pp. 123–145."
    )
    citation = chapter.citation
    assert (citation.type, citation.title, citation.container_title) == (
        "chapter",
        "Periods of cusp forms",
        "Algebraic number theory",
    )
    assert [e.family for e in citation.editors] == ["Lind"]
    # (A series' number is no volume of the book: the series is reported whole.)
    assert (citation.volume, citation.publisher, citation.publisher_place, citation.pages) == (
        None,
        "Academic Press",
        "Boston, MA",
        "123-145",
    )
    assert citation.issued is not None and citation.issued.year == 1989
    assert chapter.unparsed == ("Adv. Stud. Pure Math., vol. 17",)
    book = parse_reference(
        "A. Okafor, Automorphic forms, Cambridge Studies in Advanced Mathematics, vol. 55, "
        "Cambridge University Press, Cambridge, 1997."
    )
    citation = book.citation
    assert (citation.type, citation.title, citation.publisher, citation.publisher_place) == (
        "book",
        "Automorphic forms",
        "Cambridge University Press",
        "Cambridge",
    )
    assert book.unparsed == ("Cambridge Studies in Advanced Mathematics, vol. 55",)
    assert book.citation.volume is None


@pytest.mark.parametrize(
    ("text", "title", "container", "volume"),
    [
        (
            "A. Okafor, Handbook of modular forms, vol. 2, Springer, Berlin, 2010.",
            "Handbook of modular forms",
            None,
            "2",
        ),
        (
            "Okafor A. Periods. In: Lind B, editor. Handbook of forms, vol. 3. Berlin: Springer; "
            "2010. p. 1-9.",
            "Periods",
            "Handbook of forms",
            "3",
        ),
    ],
)
def test_a_book_s_own_volume_is_no_series(
    text: str, title: str, container: str | None, volume: str
) -> None:
    """`Handbook, vol. 2` is the book's volume: its title stays, nothing is reported."""
    parsed = parse_reference(text)
    citation = parsed.citation
    assert (citation.title, citation.container_title, citation.volume, citation.publisher) == (
        title,
        container,
        volume,
        "Springer",
    )
    assert parsed.unparsed == ()


@pytest.mark.parametrize(
    "text",
    [
        "A. Okafor, Automorphic forms, 2nd ed., Graduate Texts in Mathematics, vol. 55, "
        "Springer-Verlag, New York, 1997.",
        "A. Okafor, Periods, Automorphic forms (B. Lind and C. Park, eds.), Springer-Verlag, "
        "New York, 1997, pp. 1–9.",
    ],
)
def test_ams_publisher_after_an_edition_or_a_chapter_s_editors(text: str) -> None:
    citation = parse_reference(text).citation
    assert (citation.publisher, citation.publisher_place) == ("Springer-Verlag", "New York")


@pytest.mark.parametrize(
    ("text", "raw", "volume"),
    [
        ("Psychosom Med. 2017 Jul/Aug;79(6):674-683", "2017 Jul/Aug", "79"),
        ("Bull Rheum Dis. 1979-1980;30(8):1040-5", "1979-1980", "30"),
    ],
)
def test_a_range_of_months_or_years_before_the_volume(text: str, raw: str, volume: str) -> None:
    """PubMed's `Citation` strings date some issues by a range; without it the whole
    string was left as the title (and the labeller was asked, at many times the cost)."""
    citation = parse_reference(text).citation
    assert citation.title is None
    assert citation.issued is not None and citation.issued.raw == raw
    assert citation.container_title_short == text.split(".")[0]
    assert citation.volume == volume
