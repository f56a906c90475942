"""The trained reference labeller: tokens, determinism, values taken from the input, and the
reference shapes the rules alone misread that the labeller reads (strings written here)."""

from __future__ import annotations

import dataclasses

import pytest

from bibnorm.parsing import parse_reference
from bibnorm.parsing.reference import _parse_general
from bibnorm.parsing.reference_model import (
    LABELS,
    MODEL_FILE,
    MODEL_GUESS,
    consult_model,
    label_tokens,
    load_model,
    read_with_model,
    tokenise,
)

# Shapes the rules alone misread (no commas between names, a physics reference without a
# title, a locator the rules leave in the title) and the rules' styles the model must keep.
COMMA_LESS = "Prado EL Dewey KG Nutrition in early life. Nutr Rev. 2014;72:267–284."
PHYSICS = "A. Kim, B. Lee, Phys. Rev. D 94, 074012 (2016)."
UNPUNCTUATED = "Varga I Novak P Soil carbon after fire. Geoderma 2018 312 1 9"
LABELLED_LOCATOR = (
    "Lindqvist M, Baptiste R. Rainfall records in the northern uplands. "
    "Weather Clim Rev, 2009, vol. 12, pp. 33-41."
)
APA = (
    "Moreno, T. A., & Quill, R. (2019). Lichen growth on coastal granite. "
    "Journal of Field Botany, 41(2), 113–129."
)
HARVARD = (
    "Hartley, P. and Osei, K. (2011) Tidal mixing in shallow estuaries. "
    "Estuarine Dynamics 12, 45-61."
)
SAMPLES = (COMMA_LESS, PHYSICS, UNPUNCTUATED, LABELLED_LOCATOR, APA, HARVARD)


def families(text: str) -> list[str | None]:
    return [person.family for person in parse_reference(text).citation.authors]


def test_tokens_carry_their_offsets() -> None:
    text = "Ng Y, “Frost” heave. J Geo. 2001;7(2):e12–e19. doi:10.1000/xy.z https://x.org/a"
    tokens = tokenise(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens[:6]] == ["Ng", "Y", ",", "“", "Frost", "”"]
    assert "10.1000/xy.z" in [t.text for t in tokens]
    assert "https://x.org/a" in [t.text for t in tokens]
    # Every character but white space is in some token.
    assert "".join(t.text for t in tokens) == text.replace(" ", "")


def test_the_model_loads_with_every_label() -> None:
    model = load_model(MODEL_FILE)
    assert model.labels == LABELS
    assert model.weights
    assert len(model.transitions) == len(LABELS)
    assert MODEL_FILE.stat().st_size < 5_000_000


def test_labelling_is_deterministic() -> None:
    first = [label_tokens(text) for text in SAMPLES]
    second = [label_tokens(text) for text in SAMPLES]
    assert first == second
    assert [parse_reference(text) for text in SAMPLES] == [
        parse_reference(text) for text in SAMPLES
    ]


@pytest.mark.parametrize("text", SAMPLES)
def test_every_value_the_model_reads_is_text_of_the_input(text: str) -> None:
    reading = read_with_model(text)
    for value in (reading.title, reading.container, reading.year, reading.volume):
        assert value is None or value in text
    for value in (reading.issue, reading.pages, *reading.other):
        assert value is None or value in text
    for person in reading.authors:
        assert person.family is not None
        assert person.family in text
    citation = parse_reference(text).citation
    for value in (citation.title, citation.volume, citation.issue):
        assert value is None or value in text
    container = citation.container_title_short or citation.container_title
    assert container is None or container.rstrip(".") in text


def test_comma_less_vancouver_authors() -> None:
    assert families(COMMA_LESS) == ["Prado", "Dewey"]
    citation = parse_reference(COMMA_LESS).citation
    assert citation.title == "Nutrition in early life"
    assert citation.container_title_short == "Nutr Rev"
    assert (citation.volume, citation.pages) == ("72", "267-284")
    # The rules alone read the names as part of the title.
    assert not _parse_general(COMMA_LESS).citation.authors


def test_physics_reference_without_title() -> None:
    citation = parse_reference(PHYSICS).citation
    assert families(PHYSICS) == ["Kim", "Lee"]
    assert citation.title is None
    container = citation.container_title_short or ""
    assert container.rstrip(".") == "Phys. Rev. D"
    assert (citation.volume, citation.article_number) == ("94", "074012")
    assert citation.issued is not None
    assert citation.issued.year == 2016


def test_the_journal_read_as_a_title_goes_back_to_the_container() -> None:
    """A reading with the journal's first word as the title (`Phys`, as the rules read
    physics references before they knew them) is corrected from the model's labels."""
    rules = _parse_general(PHYSICS)
    misread = dataclasses.replace(
        rules,
        citation=dataclasses.replace(
            rules.citation, title="Phys", container_title_short="Rev. D", container_title=None
        ),
    )
    parsed = consult_model(PHYSICS, misread)
    assert parsed.citation.title is None
    assert (parsed.citation.container_title_short or "").rstrip(".") == "Phys. Rev. D"
    assert MODEL_GUESS in (parsed.guess or "")


def test_unpunctuated_reference() -> None:
    citation = parse_reference(UNPUNCTUATED).citation
    assert families(UNPUNCTUATED) == ["Varga", "Novak"]
    assert citation.title == "Soil carbon after fire"
    assert citation.container_title_short == "Geoderma"
    assert citation.volume == "312"


def test_labelled_locator_leaves_the_journal() -> None:
    parsed = parse_reference(LABELLED_LOCATOR)
    citation = parsed.citation
    assert citation.title == "Rainfall records in the northern uplands"
    assert citation.container_title_short == "Weather Clim Rev"
    assert citation.issued is not None
    assert citation.issued.year == 2009
    assert (citation.volume, citation.pages) == ("12", "33-41")
    assert "no date found" not in (parsed.guess or "")
    # The rules alone keep the year and `vol` in the journal.
    rules = _parse_general(LABELLED_LOCATOR).citation
    assert rules.container_title_short != "Weather Clim Rev"


def test_what_the_model_cannot_place_is_given_back() -> None:
    text = (
        "Lindqvist M Baptiste R Rainfall records in the northern uplands. Weather Clim Rev."
        " 2009;12:33-41. Funded by the Upland Trust."
    )
    parsed = parse_reference(text)
    assert all(piece in text for piece in parsed.unparsed)


@pytest.mark.parametrize("text", [APA, HARVARD])
def test_styles_the_rules_read_stay_as_they_read_them(text: str) -> None:
    rules = _parse_general(text)
    assert consult_model(text, rules) is rules
    assert parse_reference(text) == rules


def test_journal_and_locator_strings_never_ask_the_model() -> None:
    for text in ("Spine J. 2014 Jan;14 (1):145-64", "Cell Mol Biol (Noisy-le-grand). 2017;63:36"):
        citation = parse_reference(text).citation
        assert citation.title is None
        assert not citation.authors


def test_words_the_rules_placed_are_never_dropped_by_the_labeller() -> None:
    """Where the labeller's reading replaces the rules' (a shorter title, say), the words
    the rules had placed and it places nowhere are reported in `unparsed`."""
    from bibnorm.model import Citation
    from bibnorm.parsing.citation import ParsedCitation
    from bibnorm.parsing.reference_model import _lost_text

    text = "Okafor DQ. Crops across the ocean. Potential evidence. Oceans 4: 1-2."
    rules = ParsedCitation(
        citation=Citation(title="Crops across the ocean. Potential evidence", raw=text)
    )
    merged = ParsedCitation(citation=Citation(title="Crops across the ocean", raw=text))
    assert _lost_text(text, rules, merged) == ("Potential evidence",)
    assert _lost_text(text, rules, rules) == ()
