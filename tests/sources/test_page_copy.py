"""The `page-copy` adapter and its line classifier: any copied PubMed, PMC or Europe PMC page.

The page copies here are written for these tests (invented titles, people and numbers) in
the line layouts the sites show; the corpus test at the end runs every page of
`../shared/corpus/page-text/`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_data import shared_path

import bibnorm
from bibnorm.manager import PluginHost
from bibnorm.model import Record
from bibnorm.registry import Sample, Source
from bibnorm.sources.pages.line_shapes import Kind, classify
from bibnorm.sources.pages.page_copy import PageCopyAdapter
from bibnorm.testing import check_source_adapter

ADAPTER = PageCopyAdapter()
NBSP = "\u00a0"
THIN = "\u2009"

# --- the line classifier ------------------------------------------------------------------

SHAPES = [
    ("Skip to main page content", Kind.CHROME, {}),
    ("An official website of the United States government", Kind.CHROME, {}),
    ("Access keys NCBI Homepage MyNCBI Homepage Main Content Main Navigation", Kind.CHROME, {}),
    ("PubMed Disclaimer", Kind.CHROME, {}),
    ("LinkOut - more resources", Kind.CHROME, {}),
    ("Display Settings:", Kind.CHROME, {}),
    ("Send to:", Kind.CHROME, {}),
    ("PMCCPMCCPMCC", Kind.CHROME, {}),
    ("Search tips", Kind.CHROME, {}),
    ("City University Library | Off-campus access", Kind.CHROME, {}),
    ("• We are sorry, but NCBI web applications do not support your browser.", Kind.CHROME, {}),
    ("This website requires cookies, see our cookie policy.", Kind.CHROME, {}),
    ("Acta Invent logoLink to Acta Invent", Kind.LOGO, {"journal": "Acta Invent"}),
    ("Logo of actinvLink to Publisher's site", Kind.LOGO, {"journal": None}),
    (
        ". 2014 Dec 26;289(52):36125-39.",
        Kind.CITATION,
        {"journal": None, "year": 2014, "volume": "289", "issue": "52", "pages": "36125-39"},
    ),
    (
        "J Invent Med. 2015 May;10(2):1-9.",
        Kind.CITATION,
        {"journal": "J Invent Med", "year": 2015, "volume": "10", "issue": "2", "pages": "1-9"},
    ),
    (
        "Proc Invent Acad U S A. Mar 23, 2004; 101(12): 4164–4169.",
        Kind.CITATION,
        {"journal": "Proc Invent Acad U S A", "year": 2004, "pages": "4164–4169"},
    ),
    ("Invent Rev. Dec 2008; 116(12): 10–19.", Kind.CITATION, {"year": 2008, "volume": "116"}),
    ("Invent Biol. 2026 Jan 5.", Kind.CITATION, {"journal": "Invent Biol", "year": 2026}),
    (
        ". 2021 Nov 10;12:697298. doi: 10.5555/x.2021.1",
        Kind.CITATION,
        {"doi": "10.5555/x.2021.1", "article_number": "697298"},
    ),
    ("Bianchi C. An invented reference. Invent J. 2015 May;4(2):101–105.", Kind.PROSE, {}),
    (". Author manuscript; available in PMC: 2009 Oct 1.", Kind.MANUSCRIPT, {"journal": None}),
    ("Invent J. Author manuscript; available in PMC 2016 July 31.", Kind.MANUSCRIPT, {}),
    ("Published in final edited form as:", Kind.FINAL_FORM, {"journal": None}),
    (
        "Published in final edited form as: Invent J. 2009 May;108(3):145–150. doi: 10.5/ab",
        Kind.FINAL_FORM,
        {"journal": "Invent J", "year": 2009, "doi": "10.5/ab"},
    ),
    ("doi: 10.5555/abc.1. Epub 2014 Nov 1.", Kind.DOI, {"doi": "10.5555/abc.1"}),
    ("Online ahead of print.", Kind.DOI, {}),
    (
        "Published online 2024 Oct 5. https://doi.org/10.5555/xyz-9",
        Kind.PUBLISHED_ONLINE,
        {"doi": "10.5555/xyz-9"},
    ),
    (
        f"PMCID: PMC123{NBSP}{NBSP}NIHMSID: NIHMS45{THIN} PMID: 678",
        Kind.IDS,
        {"pmcid": "PMC123", "nihms": "NIHMS45", "pmid": "678"},
    ),
    ("PMID: 678", Kind.IDS, {"pmid": "678"}),
    ("Ana Lima et al. J Invent Med. 2015 May.", Kind.ET_AL, {"journal": "J Invent Med"}),
    ("Ana Lima et al. J Invent Med. .", Kind.ET_AL, {"first": "Lima"}),
    ("Ana Lima 1,2, Bo Kim 1,*, Cy de Vries 3", Kind.AUTHORS, {"first": "Lima"}),
    ("Ana Lima,1 Bo Kim,2,* and Cy Wu1,2", Kind.AUTHORS, {"first": "Lima"}),
    ("Lima A1, Kim B2, Wu C.", Kind.AUTHORS, {"first": "Lima"}),
    ("Ana Lima, Bo Kim", Kind.PROSE, {}),
    ("Vitamin D3 Levels In Invented Mice.", Kind.PROSE, {}),
    ("Results 1, Figure 2.", Kind.PROSE, {}),
    ("Affiliations", Kind.HEADING, {}),
    ("Abstract", Kind.HEADING, {}),
    ("MeSH terms", Kind.HEADING, {"heading": "MeSH terms"}),
    ("Publication types", Kind.HEADING, {"heading": "Publication types"}),
    (
        "Keywords: alpha; beta gamma; delta.",
        Kind.KEYWORDS,
        {"terms": ("alpha", "beta gamma", "delta")},
    ),
    ("Keywords: alpha, beta", Kind.KEYWORDS, {"terms": ("alpha", "beta")}),
    ("  • Humans", Kind.LIST_ITEM, {}),
    (
        "Lima A, Kim B.Lima A, et al.Invent J. 2015 Oct;150:166-70. doi: 10.5/q.1.Invent J. "
        "2015.PMID: 99001Free PMC article.Review.",
        Kind.SEARCH_RESULT,
        {"journal": "Invent J", "pmid": "99001", "doi": "10.5/q.1", "first": "Lima"},
    ),
    ("An invented study of how copied pages look", Kind.PROSE, {}),
    ("", Kind.BLANK, {}),
]


@pytest.mark.parametrize(("text", "kind", "parts"), SHAPES, ids=[s[0][:40] for s in SHAPES])
def test_line_shape(text: str, kind: Kind, parts: dict[str, object]) -> None:
    shape = classify(text)
    assert shape.kind is kind
    ids = {i.scheme: i.value for i in shape.identifiers}
    locator = shape.locator
    for name, value in parts.items():
        if name == "journal":
            assert shape.journal == value
        elif name == "terms":
            assert shape.terms == value
        elif name == "first":
            assert shape.authors[0].family == value
        elif name == "year":
            assert locator is not None and locator.issued is not None
            assert locator.issued.year == value
        elif name in {"volume", "issue", "pages", "article_number"}:
            assert getattr(locator, name) == value
        elif name == "heading":
            assert shape.heading == value
        else:
            assert ids[name] == value


# --- page copies written for these tests --------------------------------------------------

PUBMED_CURRENT = """Skip to main page content
U.S. flag

An official website of the United States government

Access keys NCBI Homepage MyNCBI Homepage Main Content Main Navigation
Review
. 2019 Mar 3;41(2):210-18.
doi: 10.5555/inv.2019.7. Epub 2019 Jan 9.

Invented lanterns and the measurement of light in small rooms

Affiliations

Invented lanterns and the measurement of light in small rooms

Paula Verde et al. J Invent Opt. 2019.

Abstract

Background: Lanterns were compared in forty small rooms.

Keywords: lanterns; light; rooms.

PubMed Disclaimer

LinkOut - more resources
"""

PMC_CURRENT = """Skip to main content
Acta Inventa logoLink to Acta Inventa
. 2020 Aug 14;40(9):1139–1143. doi: 10.5555/ai.2020.40

Rivers that were never mapped: an invented survey

Tomas Riva 1,2, Lea van Dijk 2,*, Omar Sol 1
PMCID: PMC9990001\u00a0\u00a0PMID: 99900001

Abstract

We walked along rivers nobody has mapped.

Keywords: rivers, maps, walking
"""

PMC_NIHPA = """Skip to main content
NIHPA Author Manuscripts logoLink to NIHPA Author Manuscripts
. Author manuscript; available in PMC: 2012 Oct 1.
Published in final edited form as: Invent Clin J. 2011 May;108(3):145–150. doi: 10.5555/icj.108

Bread crusts in invented clinical practice

Iris Mar 1,*, Jon Bay 2
PMCID: PMC9990002\u2009 NIHMSID: NIHMS99902\u2009 PMID: 99900002

Abstract
"""

EUROPE_PMC = (
    "Europe PMC\n"
    "This website requires cookies, and the limited processing of your personal data in order"
    " to function. See our cookie policy.\n"
    "Abstract \n"
    "A first abstract paragraph about invented clouds.\n"
    "Free full text \n"
    "Logo of invclLink to Publisher's site\n"
    "Invent Clouds. 2022 Oct 5; 15(1): 8631.\n"
    "Published online 2022 Oct 5. https://doi.org/10.5555/cl.8631\n"
    "PMCID: PMC9990003\n"
    "PMID: 99900003\n"
    "Clouds that were invented for a test\n"
    "Abstract\n"
    "A first abstract paragraph about invented clouds.\n"
)

PMC_LEGACY = """PMCCPMCCPMCC
Search tips
Advanced

Logo of invpLink to Publisher's site

Invent Plants. Mar 23, 2004; 101(12): 4164–4169.
Published online 2004 March 14. doi:  10.5555/ip.101
PMCID: PMC9990004
Leaves that count themselves in an invented garden
Abstract
"""

PUBMED_LEGACY = """Display Settings:
Send to:
Invent Stones. 2015 Dec 23;5:44. doi: 10.5555/st.44. eCollection 2015.
Stones that were weighed twice in an invented quarry.
Author information
  • 1Invented Institute, Nowhere.
KEYWORDS: stones; weighing
[PubMed - indexed for MEDLINE]
"""

PUBMED_SEARCH = (
    "An official website of the United States government\n"
    "The site is secure.\n"
    "Reyes P, Ortiz L.Reyes P, et al.Invent Sleep. 2015 Jul 25;386(9991):341-9. doi: "
    "10.5555/sl.341. Epub 2015 May 18.Invent Sleep. 2015.PMID: 99900005Free PMC article.Review.\n"
)

PAGES = {
    "pubmed-current": PUBMED_CURRENT,
    "pmc-current": PMC_CURRENT,
    "pmc-nihpa": PMC_NIHPA,
    "europepmc": EUROPE_PMC,
    "pmc-legacy": PMC_LEGACY,
    "pubmed-legacy": PUBMED_LEGACY,
    "pubmed-search": PUBMED_SEARCH,
}

EXPECTED = {
    "pubmed-current": {
        "doi": "10.5555/inv.2019.7",
        "title": "Invented lanterns and the measurement of light in small rooms",
        "first": "Verde",
        "journal": "J Invent Opt",
        "year": 2019,
        "volume": "41",
        "issue": "2",
        "pages": "210-218",
        "keywords": ["lanterns", "light", "rooms"],
    },
    "pmc-current": {
        "pmid": "99900001",
        "pmcid": "PMC9990001",
        "doi": "10.5555/ai.2020.40",
        "title": "Rivers that were never mapped: an invented survey",
        "first": "Riva",
        "journal": "Acta Inventa",
        "year": 2020,
        "pages": "1139-1143",
        "keywords": ["rivers", "maps", "walking"],
    },
    "pmc-nihpa": {
        "pmid": "99900002",
        "nihms": "NIHMS99902",
        "doi": "10.5555/icj.108",
        "title": "Bread crusts in invented clinical practice",
        "first": "Mar",
        "journal": "Invent Clin J",
        "year": 2011,
        "volume": "108",
    },
    "europepmc": {
        "pmid": "99900003",
        "pmcid": "PMC9990003",
        "doi": "10.5555/cl.8631",
        "title": "Clouds that were invented for a test",
        "journal": "Invent Clouds",
        "year": 2022,
        "pages": "8631",
    },
    "pmc-legacy": {
        "pmcid": "PMC9990004",
        "doi": "10.5555/ip.101",
        "title": "Leaves that count themselves in an invented garden",
        "journal": "Invent Plants",
        "year": 2004,
        "issue": "12",
    },
    "pubmed-legacy": {
        "doi": "10.5555/st.44",
        "title": "Stones that were weighed twice in an invented quarry.",
        "journal": "Invent Stones",
        "year": 2015,
        "keywords": ["stones", "weighing"],
    },
    "pubmed-search": {
        "pmid": "99900005",
        "doi": "10.5555/sl.341",
        "first": "Reyes",
        "journal": "Invent Sleep",
        "year": 2015,
        "pages": "341-349",
    },
}

CHROME_WORDS = (
    "logoLink",
    "Link to Publisher",
    "Skip to main",
    "official website",
    "Access keys",
    "PubMed Disclaimer",
    "LinkOut",
    "Display Settings",
    "Send to",
    "PMCC",
    "Off-campus",
    "cookie",
    "Europe PMC",
    "NIHPA",
    "Free PMC article",
)


def parse_text(text: str, name: str = "page.txt") -> Record:
    (record,) = ADAPTER.parse(Source(name=name, text=text))
    assert isinstance(record, Record)
    return record


def values(record: Record) -> dict[str, object]:
    ids = {i.scheme: i.value for i in record.identifiers}
    return {
        **ids,
        "title": record.title,
        "first": record.authors[0].family if record.authors else None,
        "journal": record.container_title_short or record.container_title,
        "year": record.issued.year if record.issued else None,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "keywords": [k.term for k in record.keywords],
    }


def strings(value: object, path: str = "record") -> Iterator[tuple[str, str]]:
    """Every string in a record's fields, except those meant to carry input text."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            if item.name not in {"raw", "pages_raw", "provenance", "diagnostics"}:
                yield from strings(getattr(value, item.name), f"{path}.{item.name}")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")


def chrome_in(record: Record) -> list[str]:
    return [
        f"{path}: {text!r}"
        for path, text in strings(record)
        if any(word.casefold() in text.casefold() for word in CHROME_WORDS)
        or classify(text).kind in {Kind.CHROME, Kind.LOGO}
    ]


def test_contract() -> None:
    check_source_adapter(ADAPTER, list(PAGES.values()))


@pytest.mark.parametrize("layout", PAGES)
def test_page_layout(layout: str) -> None:
    record = parse_text(PAGES[layout])
    got = values(record)
    for name, expected in EXPECTED[layout].items():
        assert got[name] == expected, name
    assert chrome_in(record) == []


@pytest.mark.parametrize("layout", PAGES)
def test_page_is_claimed_by_page_copy(layout: str, host: PluginHost) -> None:
    ranked = host.rank(Sample(name="page.txt", text=PAGES[layout]))
    assert ranked[0][0] == "page-copy"
    assert ranked[0][1] >= 0.5


@pytest.mark.parametrize("layout", PAGES)
def test_crlf_and_no_blank_lines_read_the_same(layout: str) -> None:
    text = PAGES[layout]
    plain = values(parse_text(text))
    assert values(parse_text(text.replace("\n", "\r\n"))) == plain
    squeezed = "".join(line + "\n" for line in text.split("\n") if line.strip())
    assert values(parse_text(squeezed)) == plain


def test_chrome_lines_are_reported_as_chrome() -> None:
    record = parse_text(PUBMED_CURRENT)
    chrome = [d.text for d in record.diagnostics if d.code == "page_copy.chrome"]
    assert "Skip to main page content" in chrome
    assert "PubMed Disclaimer" in chrome
    assert all(d.severity == "info" for d in record.diagnostics if d.code == "page_copy.chrome")


def test_proxy_banner_is_chrome_not_title() -> None:
    text = "Northtown University Library | Off-campus access\n" + PMC_NIHPA
    record = parse_text(text)
    assert record.title == "Bread crusts in invented clinical practice"
    assert chrome_in(record) == []


def test_cut_off_copy_says_so_and_drops_the_half_word() -> None:
    text = PUBMED_CURRENT.split("PubMed Disclaimer")[0].rstrip().removesuffix("rooms.")
    text += "roo"
    record = parse_text(text)
    assert "page_copy.cut-off" in {d.code for d in record.diagnostics}
    assert [k.term for k in record.keywords] == ["lanterns", "light"]
    assert all(value != "roo" for _, value in strings(record))


def test_cut_off_abstract_keeps_whole_words_only() -> None:
    text = PMC_CURRENT.split("Keywords")[0].rstrip().removesuffix("mapped.") + "map"
    record = parse_text(text)
    assert record.abstract is not None
    assert record.abstract.sections[0].text == "We walked along rivers nobody has"


def test_unclaimed_lines_are_reported() -> None:
    text = PMC_CURRENT + "\nIntroduction\nBody text that no field takes.\n"
    record = parse_text(text)
    unclaimed = [d.text for d in record.diagnostics if d.code == "page_copy.unclaimed-line"]
    assert "Body text that no field takes." in unclaimed


def test_no_title_where_the_layout_does_not_show_one() -> None:
    record = parse_text(PUBMED_SEARCH)
    assert record.title is None
    assert "page_copy.no-title" in {d.code for d in record.diagnostics}


@pytest.mark.parametrize(
    "text",
    [
        "A plain paragraph of text about nothing in particular.\nAnother line.\n",
        "PMID: 1\nPMID: 2\nPMID: 3\n",
        "Invent J. 2015 May;10(2):1-9.\nInvent J. 2016 May;11(2):1-9.\n",
    ],
    ids=["prose", "pmid-list", "two-citations"],
)
def test_text_showing_no_single_page_is_not_claimed(text: str) -> None:
    assert ADAPTER.sniff(Sample(name="x.txt", text=text)) < 0.5


# --- the corpus ---------------------------------------------------------------------------


def corpus_pages() -> list[Path]:
    folder = shared_path("corpus", "page-text")
    return sorted(folder.glob("*.txt"))


def test_corpus_pages_are_claimed_without_chrome_in_fields(host: PluginHost) -> None:
    pages = corpus_pages()
    expected = json.loads((pages[0].parent / "expected.json").read_text(encoding="utf-8"))
    assert pages
    problems: list[str] = []
    for page in pages:
        assert page.name in expected
        result = bibnorm.parse_file(page, host=host)
        if not result.records:
            problems.append(f"{page.name}: no record")
        for record in result.records:
            problems.extend(f"{page.name}: {found}" for found in chrome_in(record))
    assert problems == []
