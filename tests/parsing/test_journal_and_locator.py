"""Short `Journal. Locator.` references (the `Citation` strings of PubMed XML): the journal
is the container, never a title or an author, and the locator is read whole.

The strings are made up, in the shapes PubMed prints.
"""

from __future__ import annotations

import pytest

from bibnorm.parsing import parse_author_list, parse_reference
from bibnorm.parsing.reference import _parse_general, _parse_short


def _agrees_with_general_rules(text: str) -> None:
    fast = _parse_short(text)
    if fast is not None:
        assert fast == _parse_general(text)


@pytest.mark.parametrize(
    ("text", "journal"),
    [
        # More than three words, or parentheses: the journal all the same.
        ("Ann Invented Clin Res Med. 2001;344(1):1-2.", "Ann Invented Clin Res Med"),
        ("Proc Invent Acad Sci U S A. 2005 Mar 1;102(9):3300-5", "Proc Invent Acad Sci U S A"),
        ("Fiction (Basel). 2021 Jun 3;10(6):498", "Fiction (Basel)"),
        (
            "Spinal Stories (Phila Pa 1976). 2015 Sep 1;40(17):1371-9",
            "Spinal Stories (Phila Pa 1976)",
        ),
        (
            "In Silico Invented Cell Biol Anim. 2020 Jan;56(1):24-33",
            "In Silico Invented Cell Biol Anim",
        ),
        ("Invented Rev Suppl. 1970;129:1-76", "Invented Rev Suppl"),
    ],
)
def test_the_one_sentence_before_the_locator_is_the_container(text: str, journal: str) -> None:
    citation = parse_reference(text).citation
    assert citation.container_title_short == journal
    assert citation.title is None
    assert citation.authors == ()
    _agrees_with_general_rules(text)


@pytest.mark.parametrize(
    ("text", "journal", "year", "volume", "issue", "pages"),
    [
        # A journal abbreviation that reads as a name (`Heart J.`) followed by its date.
        ("Am Fable J. 2012 Feb;163(2):274-9", "Am Fable J", 2012, "163", "2", "274-279"),
        ("Spoof J. 2016 Aug;16(8):962-70", "Spoof J", 2016, "16", "8", "962-970"),
        ("Eur Fable J. 2020 May 14;41(19):1795-1796", "Eur Fable J", 2020, "41", "19", "1795-1796"),
        ("J Mock NMR. 2000 Oct;18(2):165-71", "J Mock NMR", 2000, "18", "2", "165-171"),
        # A group-like name with a year in parentheses, then the date.
        (
            "J Mock Physiol (1985). 2009 Oct;107(4):1258-65",
            "J Mock Physiol (1985)",
            2009,
            "107",
            "4",
            "1258-1265",
        ),
    ],
)
def test_a_journal_followed_by_a_date_is_no_author(
    text: str, journal: str, year: int, volume: str, issue: str, pages: str
) -> None:
    citation = parse_reference(text).citation
    assert citation.authors == ()
    assert citation.container_title_short == journal
    assert citation.title is None
    assert citation.issued is not None and citation.issued.year == year
    assert (citation.volume, citation.issue, citation.pages) == (volume, issue, pages)


def test_a_locator_is_never_the_title_after_a_real_author() -> None:
    # A real author list before a title still reads as before.
    citation = parse_reference("Smith J. A made-up title. Mock J. 2012;5:1-3.").citation
    assert [a.family for a in citation.authors] == ["Smith"]
    assert citation.title == "A made-up title"
    assert citation.container_title_short == "Mock J"


@pytest.mark.parametrize(
    ("text", "year", "volume", "number"),
    [
        ("Mock Res Int. 2016;2016:3162595", 2016, "2016", "3162595"),
        ("Invented Db (Oxford). 2011 Sep 19;2011:bar026", 2011, "2011", "bar026"),
        ("Mock Brain Res. 2023 Jun 1;1808:148324", 2023, "1808", "148324"),
        ("Fake Sci Adv. 2024 Aug 2;10(31):eadp2211", 2024, "10", "eadp2211"),
    ],
)
def test_a_volume_that_looks_like_a_year(text: str, year: int, volume: str, number: str) -> None:
    citation = parse_reference(text).citation
    assert citation.issued is not None and citation.issued.year == year
    assert citation.volume == volume
    assert citation.article_number == number
    assert citation.title is None
    assert citation.container_title_short is not None
    assert not citation.container_title_short[0].isdigit()
    _agrees_with_general_rules(text)


@pytest.mark.parametrize(
    ("text", "volume", "issue", "pages"),
    [
        ("Int J Invented. 2002 Aug;76 Suppl 2:36-9", "76", "Suppl 2", "36-39"),
        ("Mock Infect Dis. 1992 Nov;15 Suppl 1:S216-27", "15", "Suppl 1", "S216-S227"),
        ("NeuroMock. 2014 Nov 15;102 Pt 2:345-57", "102", "Pt 2", "345-357"),
    ],
)
def test_supplement_and_part_locators(text: str, volume: str, issue: str, pages: str) -> None:
    """Volume and part apart, as PubMed's XML keeps them (`parsing.locator` reads them so)."""
    citation = parse_reference(text).citation
    assert (citation.volume, citation.issue) == (volume, issue)
    assert citation.pages == pages
    assert citation.title is None
    assert citation.container_title_short is not None
    assert citation.issued is not None


@pytest.mark.parametrize(
    "text",
    [
        "Doe A, Wei L. An invented study. Mock J. 2010;1:2-3.",
        "Roe B, Moe D Jr. An invented study. Mock J. 2010;1:2-3.",
    ],
)
def test_the_closing_period_of_an_author_list_is_dropped_everywhere(text: str) -> None:
    listed, _, _ = parse_author_list(text)
    parsed = parse_reference(text).citation.authors
    assert [person.raw for person in parsed] == [person.raw for person in listed]
    assert not parsed[-1].raw or not parsed[-1].raw.endswith(".")


def test_dotted_initials_keep_their_period() -> None:
    text = "Doe A., Wei L. An invented study. Mock J. 2010;1:2-3."
    listed, _, _ = parse_author_list(text)
    parsed = parse_reference(text).citation.authors
    assert parsed[-1].raw == listed[-1].raw == "Wei L."
