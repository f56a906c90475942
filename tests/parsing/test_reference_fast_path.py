"""The reference parser's shortcuts give exactly what its full rules give.

`parse_reference` reads the short `Journal. 2021 Feb 24;12(3):628-30` strings of PubMed
XML by a fast path, and `Title. Journal. 2014;19(2):821-35.` after the authors by
another (`_read_article_tail`); its name reader reads plain `Smith JA, Doe B` lists in one match;
it skips splitting a text already single-spaced, cuts title and journal apart with
`str.split`, and reads common dates without the date grammar. All of them must be
invisible in the output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from shared_data import shared_path

from bibnorm.model import DateParts, Person
from bibnorm.parsing import names, parse_reference, split_leading_date
from bibnorm.parsing import reference as reference_module
from bibnorm.parsing.dates import MONTHS
from bibnorm.parsing.reference import (
    _KIND_TRIGGERS,
    _date,
    _has_kind_word,
    _is_single_spaced,
    _parse_general,
    _parse_short,
    _split_spaced_title_and_journal,
    split_title_and_journal,
)
from bibnorm.parsing.reference_model import consult_model
from bibnorm.sources.jats.jats_xml import CITATION_STYLE
from bibnorm.sources.jats.jats_xml import inline_text as jats_inline_text
from bibnorm.xmltext import inline_text


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _pubmed_citation_strings(folder: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(folder.glob("*.xml")):
        try:
            root = etree.parse(str(path), _parser()).getroot()
        except etree.XMLSyntaxError:
            continue  # a deliberately broken fixture
        texts.extend(text for element in root.iter("Citation") if (text := inline_text(element)))
    return texts


def _jats_citation_strings(folder: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            root = etree.parse(str(path), _parser()).getroot()
        except etree.XMLSyntaxError:
            continue
        for element in root.iter("{*}mixed-citation", "mixed-citation"):
            if text := jats_inline_text(element, CITATION_STYLE):
                texts.append(text)
    return texts


def _assert_paths_agree(text: str) -> bool:
    """Whether the fast path took `text`; when it did, it gave what the full rules give."""
    raw = " ".join(text.split())
    fast = _parse_short(raw)
    if fast is None:
        return False
    assert fast == _parse_general(raw, shortcuts=False), text
    assert fast == parse_reference(text), text
    return True


def test_fast_path_agrees_on_every_pubmed_xml_citation() -> None:
    texts = _pubmed_citation_strings(shared_path("corpus", "pubmed-xml"))
    taken = sum(_assert_paths_agree(text) for text in texts)
    # Most of them are the short shape; a fast path that takes none has gone wrong.
    assert taken > len(texts) // 3


def test_fast_path_agrees_on_every_jats_mixed_citation() -> None:
    for text in _jats_citation_strings(shared_path("corpus", "jats")):
        _assert_paths_agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "Front Immunol. 2021 Feb 24;12:628168",
        "Neuroimage. 2007 Aug 1;37(1):90-101",
        "Nat Methods. 2012 Mar 04;9(4):357-9",
        "Gigascience. 2021 Sep 8;10(9):",
        "Cancers (Basel). 2023 Mar 25;15(7):",
        "JAMA. 2008 Sep 17;300(11):1350-2",
        "Retina. 1986 Winter;6(4):234-8",
        "AJOB Empir Bioeth. 2020 Jul-Sep;11(3):148-159",
        "PLoS One. 2012;7(2):e30676.",
        "Neuroscience. 2004;124(1):1.e1-7",
        "Nature. 2001;(Pt 2):S1-9.",
        # A journal that looks like a name, which the full rules read and then drop
        # (`_no_author_before_locator`).
        "Am Heart J. 2012 Feb;163(2):274-9",
        "Lancet HIV. 2020;7(1):e1-e9",
        "Proc Natl Acad Sci U S A. 2009 Dec 1;106(48):20246-51",
    ],
)
def test_fast_path_takes_the_short_shape(text: str) -> None:
    assert _assert_paths_agree(text)


@pytest.mark.parametrize(
    "text",
    [
        # Each could be read otherwise by the full rules, so the fast path leaves it.
        "In Vivo. 2020;34(1):1-9",  # `In` starts a book part
        "Gastroenterol Res Pract. 2016;2016:3162595",  # a volume that looks like a year
        "Int J Hematol. 2002 Aug;76 Suppl 2:36-9",  # a supplement
        "Science. 2022 Oct 14;378(6616):abcde1268",  # pages the locator cannot read
        "Transl Res Report. 2020;1:1-9",  # a word that marks a report
        "Neuroscience. 2004;124(123456789 123456789 123456789 1):1-9",  # too long an issue
        "Neuroscience. 2004;124(1):12a3",  # pages `_PAGES` reads only in part
        "Neuroscience. 2004;124(1):1-2-3",
        "Neuroscience. 2004;124(1):12..",
    ],
)
def test_fast_path_leaves_other_shapes(text: str) -> None:
    assert _parse_short(text) is None


_JOURNAL_WORDS = ("J", "Am", "Front", "Neuroimage", "Cell", "Res", "Med", "HIV", "In", "and")
_journal = st.lists(st.sampled_from(_JOURNAL_WORDS), min_size=1, max_size=5).map(" ".join)
_paren = st.sampled_from(["", " (Basel)", " (Engl Ed)", " (1976)", " (J)"])
_year = st.sampled_from(["1999", "2021", "1600", "2024", "1599", "2016"])
_month = st.sampled_from(["", " Jan", " Feb 30", " Mar 4", " Winter", " Jul-Sep", " Dec 1-15"])
_volume = st.sampled_from(["", "12", "2016", "1859", "45A", "3 Suppl 1", "100000"])
_issue = st.sampled_from(
    ["", "(3)", "(7822)", "(Pt 2)", "(3-4)", "(2019)", "()", f"({'a' * 30})", f"({'a' * 31})"]
)
_pages = st.sampled_from(
    [
        *("", ":", ":90-101", ":357-9", ":e0153800", ":S1-9", ":1.e1", ":2019", ":12.5."),
        *(":abcd12", ":abcde12", ":A.12", ":12a3", ":1-2-3", ":.", ":12..", ":R12-4", ":-1"),
    ]
)
_end = st.sampled_from(["", ".", "..", ". doi: 10.1/x.", " PMID: 123"])


@settings(max_examples=400, deadline=None)
@given(_journal, _paren, _year, _month, _volume, _issue, _pages, _end)
def test_fast_path_agrees_on_generated_short_citations(
    journal: str,
    paren: str,
    year: str,
    month: str,
    volume: str,
    issue: str,
    pages: str,
    end: str,
) -> None:
    _assert_paths_agree(f"{journal}{paren}. {year}{month};{volume}{issue}{pages}{end}")


_FAMILY = st.sampled_from(["Smith", "Doe", "van der Berg", "O'Brien", "Di Pietro", "Wei"])
_INITIALS = st.sampled_from(["J", "JA", "S-I", "P Jr", "L."])
_person = st.tuples(_FAMILY, _INITIALS).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_person, min_size=1, max_size=4).map(", ".join),
    st.sampled_from(["", ", et al"]),
    st.sampled_from(["A title", "Use of CT in TB", "Is it safe?"]),
    _journal,
    _year,
    _volume,
    _issue,
    _pages,
)
def test_fast_path_agrees_on_generated_references_with_authors(
    authors: str,
    et_al: str,
    title: str,
    journal: str,
    year: str,
    volume: str,
    issue: str,
    pages: str,
) -> None:
    # The common full shape; whatever path reads it, the answer is the full rules' one.
    text = f"{authors}{et_al}. {title}. {journal}. {year};{volume}{issue}{pages}."
    _assert_paths_agree(text)
    # (The labeller reviews both readings alike: it sees what the rules gave.)
    assert parse_reference(text) == consult_model(text, _parse_general(text, shortcuts=False))


# --- the name reader's shortcuts -----------------------------------------------------


def _people_by_rules(text: str, spaced: bool = False) -> tuple[tuple[Person, ...], bool, int]:
    """`scan_people` by its rules alone, without the `_PLAIN_RUN` shortcut."""
    return names.scan_people(text, 0, spaced, shortcuts=False)


def test_name_shortcuts_agree_on_every_corpus_reference() -> None:
    texts = _pubmed_citation_strings(shared_path("corpus", "pubmed-xml"))
    texts += _jats_citation_strings(shared_path("corpus", "jats"))
    for text in texts:
        raw = " ".join(text.split())
        assert names.scan_people(raw) == _people_by_rules(raw), raw
        assert names.scan_people(raw, 0, True) == _people_by_rules(raw, spaced=True), raw


_NAME = st.sampled_from(
    [
        *("Smith JA", "McInnes GT", "Todd-Brown K", "Baker D", "Sham PC", "de Bakker PI"),
        *("Böhm K", "Doe J Jr", "Lee S-Y", "Wei L.", "Kim DE", "Jr", "II", "and", "et al"),
        *("A", "Ab"),
    ]
)
_AFTER = st.sampled_from(
    [
        *("", ".", ". A title.", ". Protein folding.", ". A. Title", ". III. Title"),
        *(". an x.", "... Title", ".. x", ", et al. T.", " and Doe J. T.", ". Jr. T"),
        *(";", "\n", ".\nT"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(_NAME, min_size=1, max_size=6),
    st.sampled_from([", ", "; ", " ", ", and ", " & ", ","]),
    _AFTER,
    st.booleans(),
)
def test_name_shortcuts_agree_on_generated_lists(
    names_: list[str], separator: str, after: str, spaced: bool
) -> None:
    text = separator.join(names_) + after
    assert names.scan_people(text, 0, spaced) == _people_by_rules(text, spaced), text


def test_kind_word_check_is_the_trigger_list() -> None:
    for trigger in _KIND_TRIGGERS:
        assert _has_kind_word(f"A title {trigger} here")
    assert not _has_kind_word("Nature. 2020;1:1-2")


# --- the other shortcuts ---------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\n\xa0\u2009\x1fab.", max_size=12))
def test_single_spaced_check_is_split_and_join(text: str) -> None:
    assert _is_single_spaced(text) == (text == " ".join(text.split()))


def _title_heads(texts: list[str]) -> list[str]:
    """Every piece of text the title/journal split may see: each reference's text up to
    each of its periods, single-spaced and stripped as the parser strips it."""
    heads: list[str] = []
    for text in texts:
        raw = " ".join(text.split())
        heads.extend(raw[: match.end()].strip(" ,;:") for match in re.finditer(r"\.", raw))
    return heads


def test_spaced_title_split_agrees_on_every_corpus_reference() -> None:
    texts = _pubmed_citation_strings(shared_path("corpus", "pubmed-xml"))
    texts += _jats_citation_strings(shared_path("corpus", "jats"))
    for head in _title_heads(texts):
        assert _split_spaced_title_and_journal(head) == split_title_and_journal(head), head


_PIECE = st.sampled_from(
    [
        *("J", "Am J Med", "Nat Rev Microbiol", "Trends in Ecology and Evolution", "of"),
        *("A title of five words", "Is it safe?", "Yes!", "ab . cd", "", ".", "..", "J.."),
        *("Über die Sache", "x", "A B C D", "A B C", "the Lancet", "[Internet]"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECE, min_size=1, max_size=5), st.sampled_from([". ", "? ", " ", "  "]))
def test_spaced_title_split_agrees_on_generated_heads(pieces: list[str], joint: str) -> None:
    head = (joint.join(pieces) + ".").strip(" ,;:")
    if head:
        assert _split_spaced_title_and_journal(head) == split_title_and_journal(head), head


_SIMPLE_DATE = re.compile(r"(\d{4})(?: ([A-Z][a-z]{2})(?: (\d{1,2}))?)?")


def _date_by_rules(text: str) -> DateParts | None:
    """The reference parser's date reading as it was first written: `2019 Mar 3` by a
    pattern, anything else (or a day past the 28th) by the full date grammar."""
    simple = _SIMPLE_DATE.fullmatch(text)
    if simple is not None:
        year, month_name, day = simple.groups()
        month = MONTHS.get(month_name.lower()) if month_name else None
        if month_name is None or (month is not None and (day is None or int(day) <= 28)):
            return DateParts(year=int(year), month=month, day=int(day) if day else None, raw=text)
    return split_leading_date(text)[0]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["2019", "1999", "２０１９", "201", "20190", "2019.", ""]),
    st.sampled_from(["", " Mar", " mar", " MAR", " Sept", " May", " June", " Win", "  Mar"]),
    st.sampled_from(["", " 3", " 03", " 0", " 28", " 29", " 31", " 123", " ３", " 3 4", "-Apr"]),
)
def test_simple_dates_read_as_by_the_rules(year: str, month: str, day: str) -> None:
    text = year + month + day
    assert _date(text) == _date_by_rules(text), text


# --- the article tail shortcut ---------------------------------------------------------


def _article_tail_taken(texts: list[str]) -> int:
    """How many of `texts` `_read_article_tail` read, each checked against the full rules."""
    taken = 0
    reader = reference_module._read_article_tail

    def counting(*args: Any) -> Any:
        nonlocal taken
        result = reader(*args)
        taken += result is not None
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reference_module, "_read_article_tail", counting)
        for text in texts:
            raw = " ".join(text.split())
            assert _parse_general(raw) == _parse_general(raw, shortcuts=False), text
    return taken


def test_article_tail_agrees_on_every_corpus_reference() -> None:
    texts = _pubmed_citation_strings(shared_path("corpus", "pubmed-xml"))
    texts += _jats_citation_strings(shared_path("corpus", "jats"))
    taken = _article_tail_taken(texts)
    # Most references with authors end so; a shortcut that takes few has gone wrong.
    assert taken > len(texts) // 4


@pytest.mark.parametrize(
    "text",
    [
        "Smith JA, Doe B. A title. J Foo. 2014;19(2):821-35.",
        "Smith JA, Doe B. A title. J Foo. 2014 Feb 24;19:821",
        "Kell DB & Oliver SG (2004) Here is the evidence. Bioessays 26, 99–105.",
        "Liu, C., Tung, C.-Y. & Zhao, B. A title. Cell Stem Cell 21, 179–194.e4 (2017).",
        "Doe J (2010) A title. PLoS Genet 1: e5",
        "Doe J. A hypothesis on synthesis. J Foo. 2014;19:821.",
    ],
)
def test_article_tail_takes_the_common_shapes(text: str) -> None:
    assert _article_tail_taken([text]) == 1


@pytest.mark.parametrize(
    "text",
    [
        # Each is read otherwise by the full rules (or might be), so the shortcut leaves it.
        "Doe J (2010) A title. J Foo. 2014;19:821.",  # a lead date: no Vancouver date then
        "Doe J. A title. Int J Endocrinol 2016; 2016:7834356.",  # a volume read as a date
        "Scholl UI. A title. Hypertension 2022; 79:887–897.",  # the journal's year
        "Doe J. A title. J Foo 76 Suppl 2:36-9.",  # a supplement
        "Doe J. A title. In: Book. J Foo. 2014;19:821.",  # a chapter
        "Doe J. A title [Internet]. J Foo. 2014;19:821.",  # a kind mark
        "Doe J. A Thesis. J Foo. 2014;19:821.",  # a kind word
        "Doe J. A title. J Foo. 2014;19:821. Erratum.",  # text after the locator
        "Doe J. A title. Sci. Rep.14, 1–13 (2024).",  # no space before the volume
    ],
)
def test_article_tail_leaves_other_shapes(text: str) -> None:
    assert _article_tail_taken([text]) == 0


_LIST = st.sampled_from(
    ["Smith JA", "Smith JA, Doe B", "Liu, C. & Zhao, B.", "Doe J, et al", "Wei L.", "J. Smith"]
)
_LEAD = st.sampled_from(["", " (2010)", " (2010a)", ", 2010", " 2008"])
_HEAD_PIECE = st.sampled_from(
    [
        *("A title", "Use of CT in TB", "Is it safe?", "In vivo tests", "In: Book", "x, y"),
        *("Synthesis", "A thesis", "Report No. 5", "bioRxiv", "Title [Internet]", "12"),
        *("J", "Am J Med", "Nat Rev Microbiol", "J. Transl. Med", "Sci Rep", "Suppl", "Pt"),
        *("2019", "Lancet 12", "Vol 3", "Cell 178, 686", "Hypertension 2022;", "eds"),
    ]
)
_JOINT = st.sampled_from([". ", ", ", " ", ": ", "; ", "? "])
_DATE_PART = st.sampled_from(["2014", "2014 Feb", "2014 Feb 24", "1599", "2014 Winter", "2014a"])
_VOLUME_PART = st.sampled_from(["19", "2016", "1998", "7A", "76 Suppl 2", "123456", ""])
_ISSUE_PART = st.sampled_from(["", "(2)", "(Suppl 1)", "(1-2)", "(2014)", "(W1)", "( 3 )"])
_PAGES_PART = st.sampled_from(
    [
        *("821-35", "821–835", "S94–S98", "e0192227", "179–194.e4", "99 - 105", "1.e1-7"),
        *("12a3", "1-2-3", "2019", "abcde12", "R12-4", "A20", "1998-2001", ""),
    ]
)
_SEPARATOR = st.sampled_from([";", "; ", ":", ": ", ", ", " ", ","])
_YEAR_AFTER = st.sampled_from(["", " (2017)", " (2017a)", " 2017", ", 2017"])
_END = st.sampled_from(["", ".", "..", " .", ". Erratum.", ", W64.", ";", ". 12345678"])


@settings(max_examples=1500, deadline=None)
@given(
    _LIST,
    _LEAD,
    st.lists(st.tuples(_HEAD_PIECE, _JOINT), min_size=1, max_size=4),
    st.sampled_from(["", " "]),
    _DATE_PART,
    _SEPARATOR,
    _VOLUME_PART,
    _ISSUE_PART,
    _SEPARATOR,
    _PAGES_PART,
    _YEAR_AFTER,
    _END,
)
def test_article_tail_agrees_on_generated_references(
    authors: str,
    lead: str,
    head: list[tuple[str, str]],
    space: str,
    date: str,
    first: str,
    volume: str,
    issue: str,
    second: str,
    pages: str,
    year: str,
    end: str,
) -> None:
    # Vancouver (`date;volume(issue):pages`) and, without the date, PLOS and Nature
    # shapes, each piece varied to the edge of what the shortcut takes and beyond.
    title = "".join(piece + joint for piece, joint in head)
    for locator in (
        f"{date}{first}{volume}{issue}{second}{pages}",
        f"{volume}{issue}{second}{pages}{year}",
        f"{volume}{space}{issue}{first}{pages}{year}",
    ):
        _article_tail_taken([f"{authors}{lead}. {title}{locator}{end}"])
