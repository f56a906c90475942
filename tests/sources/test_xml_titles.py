"""Zotero parity for the XML sources: title markup, vernacular titles, journal ids, PMIDs.

PubMed XML and JATS titles carry inline formatting that `Citation.title_markup` keeps
as CSL rich text beside the plain `title`; an empty PubMed title gives way to the
vernacular one; the journal's ISO abbreviation and every ISSN land in `JournalInfo`;
a PMID keeps the leading zeros it was written with.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from shared_data import shared_path

import bibnorm
from bibnorm.inputs import Source
from bibnorm.model import Citation, Record
from bibnorm.parsing import strip_final_period
from bibnorm.sources.jats.jats import JatsAdapter
from bibnorm.sources.pubmed_xml.pubmed_xml import PubmedXmlAdapter
from bibnorm.xmltext import ITALIC, SUPERSCRIPT, Tag, fit_markup, inline_markup, inline_text

MML = 'xmlns:mml="http://www.w3.org/1998/Math/MathML"'
SMALL_CAPS = '<span style="font-variant:small-caps;">'
_TAG = re.compile(r"</?(?:i|b|sup|sub)>|<span style=\"font-variant:small-caps;\">|</span>")


def pubmed_record(title: str, article: str = "", pmid: str = "99000001") -> Record:
    data = f"""<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet><PubmedArticle>
<MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">{pmid}</PMID>
<Article PubModel="Print">
<Journal><Title>Sample Journal</Title></Journal>
{title}
{article}
</Article>
</MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList>
</PubmedData>
</PubmedArticle></PubmedArticleSet>
""".encode()
    [record] = PubmedXmlAdapter().parse(Source("test.xml", data=data))
    assert isinstance(record, Record)
    return record


def jats_record(title_group: str, journal_meta: str = "", back: str = "") -> Record:
    data = f"""<?xml version="1.0" encoding="UTF-8"?>
<article {MML} xmlns:xlink="http://www.w3.org/1999/xlink" xml:lang="en">
<front><journal-meta><journal-title>J</journal-title>{journal_meta}</journal-meta>
<article-meta><title-group>{title_group}</title-group></article-meta></front>
<back><ref-list>{back}</ref-list></back>
</article>
""".encode()
    [record] = JatsAdapter().parse(Source("article.xml", data=data))
    assert isinstance(record, Record)
    return record


def plain(markup: str) -> str:
    return _TAG.sub("", markup)


# --- the shared fitting of markup to a title -------------------------------------------


@pytest.mark.parametrize(
    ("pieces", "text", "expected"),
    [
        pytest.param(
            ["a ", ITALIC[0], "b", ITALIC[1], " c."], "a b c", "a <i>b</i> c", id="simple"
        ),
        pytest.param(["a", ITALIC[0], ITALIC[1], "b"], "ab", None, id="empty-tag-is-no-markup"),
        pytest.param(["a", ITALIC[0], " ", ITALIC[1], "b"], "a b", None, id="blank-tag"),
        pytest.param(
            ["a  \n", ITALIC[0], "  b", ITALIC[1], " "], "a b", "a <i>b</i>", id="layout-space"
        ),
        pytest.param([ITALIC[0], "x.", ITALIC[1]], "x", "<i>x</i>", id="final-period-inside-a-tag"),
        pytest.param(
            ["x ", SUPERSCRIPT[0], "<&", SUPERSCRIPT[1]],
            "x <&",
            "x <sup><&</sup>",
            id="literal-text-not-escaped",
        ),
        pytest.param(["abc", ITALIC[0], "d", ITALIC[1]], "xyz", None, id="does-not-spell-text"),
        pytest.param(["plain text"], "plain text", None, id="no-tags"),
    ],
)
def test_fit_markup(pieces: list[str], text: str, expected: str | None) -> None:
    assert fit_markup(pieces, text) == expected


def test_nested_tags_close_in_order() -> None:
    pieces = ["a ", Tag("<b>"), ITALIC[0], "x", ITALIC[1], Tag("</b>"), " z"]
    assert fit_markup(pieces, "a x z") == "a <b><i>x</i></b> z"


# --- PubMed XML ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "plain_title", "markup"),
    [
        pytest.param(
            "Fe<sup>3+</sup> in <i>E. coli</i>.",
            "Fe3+ in E. coli",
            "Fe<sup>3+</sup> in <i>E. coli</i>",
            id="sup-and-italic",
        ),
        pytest.param(
            "CO<sub>2</sub> and <b>NO</b>",
            "CO2 and NO",
            "CO<sub>2</sub> and <b>NO</b>",
            id="sub-bold",
        ),
        pytest.param(
            "An <u>underlined</u> word", "An underlined word", None, id="underline-is-text"
        ),
        pytest.param(
            f"A <mml:math {MML}><mml:msup><mml:mi>k</mml:mi><mml:mn>2</mml:mn></mml:msup>"
            "</mml:math> law of <i>x</i>",
            "A k2 law of x",
            "A k2 law of <i>x</i>",
            id="mathml-gives-text",
        ),
        pytest.param(
            "<i>Whole title in italics.</i>",
            "Whole title in italics",
            "<i>Whole title in italics</i>",
            id="whole-title",
        ),
        pytest.param("No markup at all.", "No markup at all", None, id="plain"),
        pytest.param(
            "Ampersand &amp; &lt;b&gt; text", "Ampersand & <b> text", None, id="escaped-text"
        ),
        pytest.param(
            "at the\n  <i>TERT</i>\n gene",
            "at the TERT gene",
            "at the <i>TERT</i> gene",
            id="layout-around-a-tag",
        ),
    ],
)
def test_pubmed_title_markup(title: str, plain_title: str, markup: str | None) -> None:
    record = pubmed_record(f"<ArticleTitle>{title}</ArticleTitle>")
    assert record.title == plain_title
    assert record.title_markup == markup


def test_pubmed_markup_reads_the_same_text_as_the_title() -> None:
    element = etree.fromstring(b"<ArticleTitle> A <i>b</i>  <sup>c</sup> </ArticleTitle>")
    assert inline_markup(element, inline_text(element)) == "A <i>b</i> <sup>c</sup>"


_SEGMENT = st.tuples(
    st.sampled_from(["", "i", "b", "sup", "sub", "u"]),
    st.text(alphabet=st.sampled_from(list("ab .:\n\t<&\u00a0")), max_size=6),
)


@given(segments=st.lists(_SEGMENT, max_size=6))
def test_pubmed_markup_always_spells_the_title(segments: list[tuple[str, str]]) -> None:
    """Whatever the formatting, the markup without its tags is the title."""
    body = "".join(
        f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text) for tag, text in segments
    )
    element = etree.fromstring(f"<ArticleTitle>{body}</ArticleTitle>".encode())
    title = strip_final_period(inline_text(element))
    markup = inline_markup(element, title)
    if markup is not None:
        assert plain(markup) == title
        assert "<u>" not in markup


def test_vernacular_title_fills_an_empty_article_title() -> None:
    record = pubmed_record(
        "<ArticleTitle/>", "<VernacularTitle>Un titre <i>en</i> français.</VernacularTitle>"
    )
    assert record.title == "Un titre en français"
    assert record.title_markup == "Un titre <i>en</i> français"
    assert record.vernacular_title == "Un titre en français"
    codes = [d.code for d in record.diagnostics]
    assert codes == ["pubmed_xml.title-from-vernacular"]
    assert record.diagnostics[0].severity == "info"


def test_vernacular_title_fills_a_missing_article_title() -> None:
    record = pubmed_record("", "<VernacularTitle>Ein Titel.</VernacularTitle>")
    assert record.title == "Ein Titel"
    assert [d.code for d in record.diagnostics] == ["pubmed_xml.title-from-vernacular"]


def test_article_title_wins_over_the_vernacular_one() -> None:
    record = pubmed_record(
        "<ArticleTitle>[A title].</ArticleTitle>", "<VernacularTitle>Un titre.</VernacularTitle>"
    )
    assert (record.title, record.vernacular_title) == ("[A title]", "Un titre")
    assert record.diagnostics == ()


def test_vernacular_title_replaces_pubmeds_not_available_placeholder() -> None:
    # As the MEDLINE reader does with `TI  - [Not Available].` and a TT line.
    record = pubmed_record(
        "<ArticleTitle>[Not Available].</ArticleTitle>",
        "<VernacularTitle>Une étude.</VernacularTitle>",
    )
    assert (record.title, record.vernacular_title) == ("Une étude", "Une étude")
    (note,) = record.diagnostics
    assert note.code == "pubmed_xml.title-from-vernacular"
    assert "[Not Available]." in note.message


def test_not_available_without_vernacular_stays_the_title() -> None:
    record = pubmed_record("<ArticleTitle>[Not Available].</ArticleTitle>")
    assert record.title == "[Not Available]"


def test_empty_title_without_vernacular_is_still_reported() -> None:
    record = pubmed_record("<ArticleTitle/>")
    assert record.title is None
    assert [d.code for d in record.diagnostics] == ["pubmed_xml.empty-title"]


def test_pubmed_journal_ids() -> None:
    data = Path(__file__).resolve().parents[2] / "samples" / "pubmed-xml" / "title-markup.xml"
    first = bibnorm.parse_file(data).records[0]
    assert first.journal is not None
    assert (
        first.journal.issn_print,
        first.journal.issn_electronic,
        first.journal.issn_linking,
        first.journal.iso_abbreviation,
    ) == ("1999-0016", "2999-0014", "1999-0016", "J. Sample Chem.")


def test_pmid_with_leading_zeros_keeps_them_in_record_and_csl() -> None:
    text = pubmed_record("<ArticleTitle>T</ArticleTitle>", pmid="0012345")
    assert text.identifier("pmid") == "0012345"
    data = """<PubmedArticleSet><PubmedArticle><MedlineCitation>
<PMID Version="1">0012345</PMID><Article><ArticleTitle>T</ArticleTitle></Article>
</MedlineCitation></PubmedArticle></PubmedArticleSet>"""
    [record] = bibnorm.parse(data, format="pubmed-xml").records
    assert record.identifier("pmid") == "0012345"
    [item] = bibnorm.to_csl(record)
    assert item["PMID"] == "0012345"
    # The id is the number, so the same article printed without zeros is one item.
    assert item["id"] == "pmid:12345"


# --- JATS ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title_group", "plain_title", "markup"),
    [
        pytest.param(
            "<article-title>The <sc>Sample</sc> of <italic>E. coli</italic>.</article-title>",
            "The Sample of E. coli",
            f"The {SMALL_CAPS}Sample</span> of <i>E. coli</i>",
            id="sc-and-italic",
        ),
        pytest.param(
            "<article-title>H<sub>2</sub>O at 10<sup>5</sup> and <bold>b</bold></article-title>",
            "H2O at 105 and b",
            "H<sub>2</sub>O at 10<sup>5</sup> and <b>b</b>",
            id="sub-sup-bold",
        ),
        pytest.param(
            "<article-title><underline>u</underline> <monospace>m</monospace> "
            '<named-content content-type="gene">G</named-content> <roman>r</roman>'
            "</article-title>",
            "u m G r",
            None,
            id="text-only-forms",
        ),
        pytest.param(
            "<article-title>A <italic>b</italic> title<xref ref-type='fn' rid='f'>*</xref>."
            "</article-title>",
            "A b title",
            "A <i>b</i> title",
            id="footnote-mark-skipped",
        ),
        pytest.param(
            "<article-title>Main <italic>x</italic>:</article-title>"
            "<subtitle>the <sc>sub</sc> part.</subtitle>",
            "Main x: the sub part",
            f"Main <i>x</i>: the {SMALL_CAPS}sub</span> part",
            id="subtitle",
        ),
        pytest.param(
            "<article-title>Plain:</article-title><subtitle>the <italic>sub</italic></subtitle>",
            "Plain: the sub",
            "Plain: the <i>sub</i>",
            id="markup-in-subtitle-only",
        ),
        pytest.param(
            "<article-title>A <inline-formula><mml:math><mml:msup><mml:mi>x</mml:mi>"
            "<mml:mn>2</mml:mn></mml:msup></mml:math></inline-formula> law</article-title>",
            "A x2 law",
            None,
            id="mathml-gives-text",
        ),
        pytest.param("<article-title>No markup.</article-title>", "No markup", None, id="plain"),
    ],
)
def test_jats_title_markup(title_group: str, plain_title: str, markup: str | None) -> None:
    record = jats_record(title_group)
    assert record.title == plain_title
    assert record.title_markup == markup


def test_jats_english_translation_brings_its_own_markup() -> None:
    data = f"""<?xml version="1.0"?>
<article {MML} xml:lang="de"><front><article-meta><title-group>
<article-title>Ein <italic>Titel</italic></article-title>
<trans-title-group xml:lang="en"><trans-title>A <sc>title</sc></trans-title></trans-title-group>
</title-group></article-meta></front></article>""".encode()
    [record] = JatsAdapter().parse(Source("a.xml", data=data))
    assert isinstance(record, Record)
    assert (record.title, record.vernacular_title) == ("A title", "Ein Titel")
    assert record.title_markup == f"A {SMALL_CAPS}title</span>"


def test_jats_reference_title_markup() -> None:
    record = jats_record(
        "<article-title>T</article-title>",
        back='<ref id="r1"><element-citation publication-type="journal">'
        "<article-title>Uptake in <italic>E. coli</italic>.</article-title>"
        "<source>J</source><year>2020</year></element-citation></ref>"
        '<ref id="r2"><element-citation publication-type="journal">'
        "<article-title>Plain</article-title><source>J</source></element-citation></ref>",
    )
    first, second = record.references
    assert (first.title, first.title_markup) == ("Uptake in E. coli", "Uptake in <i>E. coli</i>")
    assert (second.title, second.title_markup) == ("Plain", None)


@pytest.mark.parametrize(
    ("journal_meta", "iso"),
    [
        pytest.param(
            '<journal-id journal-id-type="iso-abbrev">J. Iso.</journal-id>',
            "J. Iso.",
            id="journal-id",
        ),
        pytest.param(
            '<abbrev-journal-title abbrev-type="iso">J. Iso.</abbrev-journal-title>',
            "J. Iso.",
            id="abbrev-type-iso",
        ),
        pytest.param(
            '<abbrev-journal-title abbrev-type="publisher">J Pub</abbrev-journal-title>',
            None,
            id="publisher-abbreviation-is-not-iso",
        ),
    ],
)
def test_jats_iso_abbreviation(journal_meta: str, iso: str | None) -> None:
    record = jats_record("<article-title>T</article-title>", journal_meta)
    assert (record.journal.iso_abbreviation if record.journal else None) == iso


@pytest.mark.parametrize(
    "issns",
    [
        pytest.param(
            '<issn pub-type="ppub">1234-5679</issn><issn pub-type="epub">2345-6789</issn>',
            id="pub-type",
        ),
        pytest.param(
            '<issn publication-format="print">1234-5679</issn>'
            '<issn publication-format="electronic">2345-6789</issn>',
            id="publication-format",
        ),
    ],
)
def test_jats_issns(issns: str) -> None:
    record = jats_record("<article-title>T</article-title>", issns + "<issn-l>1234-5679</issn-l>")
    assert record.journal is not None
    assert (
        record.journal.issn_print,
        record.journal.issn_electronic,
        record.journal.issn_linking,
    ) == ("1234-5679", "2345-6789", "1234-5679")


# --- the corpus ------------------------------------------------------------------------


def _corpus_titles(folder: str) -> list[Citation]:
    citations: list[Citation] = []
    for path in sorted(shared_path("corpus", folder).iterdir()):
        for record in bibnorm.parse_file(path).records:
            citations.append(record)
            citations.extend(record.references)
    return citations


@pytest.mark.parametrize("folder", ["pubmed-xml", "jats"])
def test_corpus_markup_spells_the_title(folder: str) -> None:
    """Every title_markup of the real files reads, without its tags, as the title."""
    citations = _corpus_titles(folder)
    marked = [c for c in citations if c.title_markup is not None]
    assert marked, f"no corpus {folder} title has markup"
    for citation in marked:
        assert citation.title is not None and plain(citation.title_markup or "") == citation.title
