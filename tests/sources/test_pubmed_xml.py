"""The `pubmed-xml` adapter: each mapping rule, inline markup, dates, streaming, safety, corpus."""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from shared_data import shared_path

from bibnorm import pipeline, schema
from bibnorm.errors import InputError
from bibnorm.inputs import Source
from bibnorm.manager import PluginHost
from bibnorm.model import Deletion, FailedRecord, LineSpan, Record
from bibnorm.registry import Sample, SourceAdapter
from bibnorm.serialize import record_to_json
from bibnorm.sources.pubmed_xml import pubmed_xml
from bibnorm.sources.pubmed_xml.pubmed_xml import (
    PubmedXmlAdapter,
    bibnorm_register_sources,
    root_name,
)
from bibnorm.xmltext import inline_text

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "pubmed-xml"
ADAPTER = PubmedXmlAdapter()
Item = Record | FailedRecord | Deletion


# --- helpers -------------------------------------------------------------------------


def parse_bytes(data: bytes, name: str = "test.xml") -> list[Item]:
    return list(ADAPTER.parse(Source(name, data=data)))


def parse_one(data: bytes) -> Record:
    items = parse_bytes(data)
    assert len(items) == 1, items
    record = items[0]
    assert isinstance(record, Record), record
    return record


def article_xml(
    article: str = "",
    citation: str = "",
    data: str = "",
    *,
    pmid: str = "99000001",
    title: str = "<ArticleTitle>A title.</ArticleTitle>",
    journal: str = "<Journal><Title>Sample Journal</Title></Journal>",
) -> bytes:
    """A PubmedArticleSet with one PubmedArticle holding the given fragments."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet>
<PubmedArticle>
<MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">{pmid}</PMID>
<Article PubModel="Print">
{journal}
{title}
{article}
</Article>
{citation}
</MedlineCitation>
<PubmedData>{data}</PubmedData>
</PubmedArticle>
</PubmedArticleSet>
""".encode()


def record_of(article: str = "", citation: str = "", data: str = "", **kwargs: str) -> Record:
    return parse_one(article_xml(article, citation, data, **kwargs))


def codes(record: Record) -> list[str]:
    return [d.code for d in record.diagnostics]


@pytest.fixture(scope="module")
def full() -> Record:
    return parse_one((SAMPLES / "full-article.xml").read_bytes())


# --- registration and sniffing -------------------------------------------------------


def test_registers_one_adapter_named_pubmed_xml() -> None:
    registered: list[SourceAdapter] = []
    bibnorm_register_sources(register=registered.append)
    assert [a.name for a in registered] == ["pubmed-xml"]
    assert isinstance(registered[0], SourceAdapter)


def test_host_detects_the_samples(host: PluginHost) -> None:
    for sample in sorted(SAMPLES.glob("*.xml")):
        result = pipeline.parse_path(sample, host)
        assert result.format == "pubmed-xml", sample


DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            DECLARATION + DOCTYPE + "<PubmedArticleSet>\n<PubmedArticle>", 0.95, id="efetch"
        ),
        pytest.param("<PubmedArticleSet>\n<PubmedArticle>", 0.95, id="set-bare"),
        pytest.param("\ufeff" + DECLARATION + "<PubmedArticleSet>", 0.95, id="set-bom"),
        pytest.param("<PubmedArticle>\n<MedlineCitation>", 0.95, id="article-root"),
        pytest.param("<PubmedBookArticleSet><PubmedBookArticle>", 0.95, id="book-set"),
        pytest.param("<PubmedBookArticle>\n<BookDocument>", 0.95, id="book-root"),
        pytest.param(
            DECLARATION + '<!DOCTYPE MedlineCitationSet PUBLIC "x"\n  "y.dtd">\n'
            "<MedlineCitationSet>",
            0.95,
            id="medline-citation-set",
        ),
        pytest.param("<DeleteCitation><PMID>1</PMID>", 0.9, id="delete-root"),
        pytest.param("<!-- a comment -->\n<?pi x?>\n<PubmedArticleSet>", 0.95, id="comments"),
        pytest.param(
            '<!DOCTYPE PubmedArticleSet [\n<!ENTITY e "a>b">\n]>\n<PubmedArticleSet>',
            0.95,
            id="internal-subset",
        ),
        pytest.param(DECLARATION + DOCTYPE, 0.95, id="doctype-only-in-sample"),
        pytest.param(
            DECLARATION + '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS">\n<article>', 0.0, id="jats"
        ),
        pytest.param('<pmc-articleset><article article-type="x">', 0.0, id="pmc-articleset"),
        pytest.param("PMID- 99000001\nOWN - NLM\nTI  - A title.\n", 0.0, id="medline-text"),
        pytest.param("A title\n- PMID: 35743275\n- DOI: 10.1/x\nAbstract\n", 0.0, id="page-dump"),
        pytest.param("", 0.0, id="empty"),
        pytest.param("<html><body>", 0.0, id="html"),
        pytest.param("<?xml version='1.0'?>", 0.0, id="declaration-only"),
    ],
)
def test_sniff(text: str, expected: float) -> None:
    assert ADAPTER.sniff(Sample(name="x", text=text)) == expected


@given(st.text())
def test_sniff_never_raises(text: str) -> None:
    assert 0.0 <= ADAPTER.sniff(Sample(name="x", text=text)) <= 1.0


def test_root_name_reads_past_a_prolog() -> None:
    assert root_name(DECLARATION + DOCTYPE + "<!-- c -->\n<PubmedArticleSet>") == (
        "PubmedArticleSet"
    )


# --- the full sample: every rule of the conventions table ------------------------------


def test_full_sample_titles(full: Record) -> None:
    assert full.type == "article-journal"  # "Review" stays a journal article in CSL
    assert full.title == "Measuring CO2 uptake in vivo: a sample study of Ca2+ flux"
    assert full.vernacular_title == "Mesurer l'absorption du CO2 in vivo"


def test_full_sample_people(full: Record) -> None:
    first, second, group = full.authors
    assert (first.family, first.given, first.initials, first.suffix) == (
        "Sample",
        "Jane A",
        "JA",
        "Jr",
    )
    assert first.orcid == "0000-0002-1825-0097"
    assert first.affiliations == (
        "Department of Examples, Invented University, Nowhere, XX.",
        "Institute of Samples, Nowhere, XX.",
    )
    assert (second.family, second.given, second.initials) == ("van der Test", "Piet", "P")
    assert group.literal == "Invented Sample Study Group"
    assert (group.family, group.given) == (None, None)
    assert [p.family for p in full.investigators] == ["Helper"]
    assert full.investigators[0].affiliations == ("Invented Hospital, Nowhere, XX.",)
    assert full.editors == ()


def test_full_sample_journal_and_locator(full: Record) -> None:
    assert full.container_title == "Journal of Invented Results"
    assert full.container_title_short == "J Invent Res"
    assert full.journal is not None
    assert full.journal.issn_print == "1234-567X"  # written `1234-567x`
    assert full.journal.issn_electronic == "2345-6789"
    assert full.journal.issn_linking == "1234-567X"
    assert full.journal.nlm_unique_id == "9900001"
    assert full.journal.medline_ta == "J Invent Res"
    assert full.journal.iso_abbreviation == "J. Invent. Res."
    assert full.journal.country == "United States"
    assert (full.volume, full.issue) == ("12", "4 Suppl 2")
    assert (full.pages, full.pages_raw, full.article_number) == ("132-142", "132-42", None)


def test_full_sample_dates(full: Record) -> None:
    issued = full.issued
    assert issued is not None
    assert (issued.year, issued.month, issued.end_year, issued.end_month) == (2000, 12, 2001, 1)
    assert issued.raw == "2000 Dec-2001 Jan"
    assert full.epub_date is not None
    assert (full.epub_date.year, full.epub_date.month, full.epub_date.day) == (2000, 11, 20)
    history = {h.status: (h.date.year, h.date.month, h.date.day) for h in full.history}
    assert history == {
        "received": (2000, 8, 1),
        "accepted": (2000, 10, 2),
        "pubmed": (2000, 11, 21),  # Hour and Minute dropped
    }


def test_full_sample_identifiers(full: Record) -> None:
    assert [(i.scheme, i.value) for i in full.identifiers] == [
        ("pmid", "99000001"),
        ("doi", "10.5555/jir.2000.0132"),
        ("pmcid", "PMC9900001"),
        ("pii", "S0000-0000(00)00132-1"),
        ("mid", "NIHMS990001"),
    ]


def test_full_sample_abstract(full: Record) -> None:
    assert full.abstract is not None
    sections = [(s.label, s.category, s.text) for s in full.abstract.sections]
    assert sections == [
        (
            "BACKGROUND",
            "BACKGROUND",
            "Plants take up CO2 in vivo at rates no one has invented before.",
        ),
        ("METHODS", "METHODS", "We measured the flux of Ca2+ in 12 invented samples."),
        ("CONCLUSIONS", "CONCLUSIONS", "The sample study is a sample."),
    ]
    assert full.abstract.copyright == "Copyright © 2000 Invented Publisher."


def test_full_sample_terms(full: Record) -> None:
    assert [(k.term, k.owner, k.major) for k in full.keywords] == [
        ("carbon dioxide", "NOTNLM", True),
        ("in vivo flux", "NOTNLM", False),
    ]
    co2, humans, plants = full.mesh_terms
    assert (co2.descriptor, co2.ui, co2.major) == ("Carbon Dioxide", "D002245", False)
    assert [(q.name, q.ui, q.major) for q in co2.qualifiers] == [
        ("metabolism", "Q000378", True),
        ("analysis", "Q000032", False),
    ]
    assert (humans.descriptor, humans.qualifiers) == ("Humans", ())
    assert plants.major
    assert [(p.name, p.ui) for p in full.publication_types] == [
        ("Journal Article", "D016428"),
        ("Review", "D016454"),
    ]
    assert [(s.name, s.registry_number, s.ui) for s in full.substances] == [
        ("Carbon Dioxide", "142M471B3J", "D002245"),
        ("Invented Compound", None, "D000009999"),  # `0` means no registry number
    ]
    assert [(g.grant_id, g.acronym, g.agency, g.country) for g in full.grants] == [
        ("R01 XX000001", "XX", "Invented Institute NIH HHS", "United States"),
        (None, None, "Sample Foundation", "Nowhere"),
    ]
    assert full.languages == ("eng", "fre")
    assert full.conflict_of_interest == "The invented authors declare no conflict of interest."


def test_full_sample_links_and_references(full: Record) -> None:
    assert [(link.relation, link.citation.raw) for link in full.links_to] == [
        ("comment-in", "Sample B. J Invent Res. 2001 Feb;12(5):200."),
        ("erratum-in", "J Invent Res. 2001 Mar;12(6):300"),
    ]
    assert [link.citation.identifier("pmid") for link in full.links_to] == [
        "99000002",
        "99000003",
    ]
    first, second, third = full.references
    assert first.raw is not None and first.raw.startswith("Smith JA, Jones B. Invented carbon")
    assert [(i.scheme, i.value) for i in first.identifiers] == [
        ("pmid", "99000101"),
        ("doi", "10.5555/jir.1998.0045"),
    ]
    assert (first.title, first.container_title_short, first.volume, first.pages) == (
        "Invented carbon fluxes in plants",
        "J Invent Res",
        "10",
        "45-52",
    )
    assert [a.family for a in first.authors] == ["Smith", "Jones"]
    assert second.et_al
    assert second.identifier("pmcid") == "PMC9900102"
    assert third.identifiers == ()
    assert (
        third.raw == "Invented Consortium. Guidelines for sample data. Nowhere: Sample Press; 1997."
    )


def test_full_sample_provenance_and_extra(full: Record) -> None:
    assert full.provenance is not None
    assert full.provenance.adapter == "pubmed-xml"
    assert full.provenance.span is not None
    assert full.provenance.span.start == 5  # the <PubmedArticle> line
    spans = {f.field: f.span for f in full.provenance.fields}
    title_span = spans["title"]
    assert title_span is not None and title_span.start == title_span.end == 27
    assert full.diagnostics == ()
    assert ("MedlineCitation/DateCompleted/Year", "2001") in full.extra
    assert ("MedlineCitation/CitationSubset", "IM") in full.extra
    assert ("MedlineCitation/@Status", "MEDLINE") in full.extra
    assert ("PubmedData/PublicationStatus", "ppublish") in full.extra


def test_every_sample_record_validates() -> None:
    for sample in sorted(SAMPLES.glob("*.xml")):
        for item in parse_bytes(sample.read_bytes(), name=sample.name):
            if isinstance(item, Record):
                assert schema.validate(record_to_json(item), "bibnorm-record") == [], sample


# --- one rule at a time --------------------------------------------------------------

Getter = Callable[[Record], Any]
RULES: list[Any] = [
    pytest.param(
        {"title": "<ArticleTitle>Ends with a period.</ArticleTitle>"},
        lambda r: r.title,
        "Ends with a period",
        id="title-final-period-removed",
    ),
    pytest.param(
        {"title": "<ArticleTitle>Ends with an ellipsis...</ArticleTitle>"},
        lambda r: r.title,
        "Ends with an ellipsis...",
        id="title-ellipsis-kept",
    ),
    pytest.param(
        {"title": "<ArticleTitle>[A translated title].</ArticleTitle>"},
        lambda r: r.title,
        "[A translated title]",
        id="title-translated-brackets",
    ),
    pytest.param(
        {"article": "<VernacularTitle>Un titre.</VernacularTitle>"},
        lambda r: r.vernacular_title,
        "Un titre",
        id="vernacular-title",
    ),
    pytest.param(
        {
            "article": '<AuthorList Type="editors"><Author><LastName>Ed</LastName>'
            "<Initials>E</Initials></Author></AuthorList>"
        },
        lambda r: ([p.family for p in r.editors], r.authors),
        (["Ed"], ()),
        id="editors-apart-from-authors",
    ),
    pytest.param(
        {
            "article": "<AuthorList><Author><LastName>Roe</LastName><ForeName>Ann</ForeName>"
            '<Initials>A</Initials><Identifier Source="ORCID">000000021825009X</Identifier>'
            "</Author></AuthorList>"
        },
        lambda r: r.authors[0].orcid,
        "0000-0002-1825-009X",
        id="orcid-without-hyphens",
    ),
    pytest.param(
        {
            "article": '<AuthorList><Author><LastName>Roe</LastName><Identifier Source="ORCID">'
            "http://orcid.org/0000-0002-1825-0097</Identifier></Author></AuthorList>"
        },
        lambda r: r.authors[0].orcid,
        "0000-0002-1825-0097",
        id="orcid-as-url",
    ),
    pytest.param(
        {"article": "<AuthorList><Author><ForeName>Madonna</ForeName></Author></AuthorList>"},
        lambda r: (r.authors[0].given, r.authors[0].raw),
        ("Madonna", "Madonna"),
        id="fore-name-only-kept-as-raw",
    ),
    pytest.param(
        {"journal": '<Journal><ISSN IssnType="Print">12345678</ISSN><Title>J</Title></Journal>'},
        lambda r: r.journal.issn_print if r.journal else None,
        "1234-5678",
        id="issn-without-hyphen",
    ),
    pytest.param(
        {"article": "<Pagination><MedlinePgn>1234-9</MedlinePgn></Pagination>"},
        lambda r: (r.pages, r.pages_raw),
        ("1234-1239", "1234-9"),
        id="pages-expanded-raw-kept",
    ),
    pytest.param(
        {"article": "<Pagination><MedlinePgn>189-196</MedlinePgn></Pagination>"},
        lambda r: (r.pages, r.pages_raw),
        ("189-196", None),
        id="pages-whole-no-raw",
    ),
    pytest.param(
        {"article": "<Pagination><MedlinePgn>e123</MedlinePgn></Pagination>"},
        lambda r: (r.pages, r.pages_raw),
        ("e123", None),
        id="pages-eloc-unchanged",
    ),
    pytest.param(
        {"article": "<Pagination><StartPage>10</StartPage><EndPage>19</EndPage></Pagination>"},
        lambda r: r.pages,
        "10-19",
        id="pages-start-end",
    ),
    pytest.param(
        {"article": '<ELocationID EIdType="pii" ValidYN="Y">e0123</ELocationID>'},
        lambda r: (r.article_number, r.pages),
        ("e0123", None),
        id="pii-is-article-number-without-pages",
    ),
    pytest.param(
        {
            "article": "<Pagination><MedlinePgn>5-9</MedlinePgn></Pagination>"
            '<ELocationID EIdType="pii">e0123</ELocationID>'
        },
        lambda r: (r.article_number, r.pages),
        (None, "5-9"),
        id="pii-not-article-number-with-pages",
    ),
    pytest.param(
        {"article": '<ELocationID EIdType="doi">10.5555/x.1</ELocationID>'},
        lambda r: [(i.scheme, i.value) for i in r.identifiers],
        [("pmid", "99000001"), ("doi", "10.5555/x.1")],
        id="elocation-doi-when-list-has-none",
    ),
    pytest.param(
        {
            "article": '<ELocationID EIdType="doi">10.5555/other</ELocationID>',
            "data": '<ArticleIdList><ArticleId IdType="pubmed">99000001</ArticleId>'
            '<ArticleId IdType="doi">10.5555/listed</ArticleId></ArticleIdList>',
        },
        lambda r: [i.value for i in r.identifiers if i.scheme == "doi"],
        ["10.5555/listed"],
        id="elocation-doi-not-when-list-has-one",
    ),
    pytest.param(
        {
            "data": '<ArticleIdList><ArticleId IdType="pubmed">99000001</ArticleId>'
            '<ArticleId IdType="pmc">PMC99</ArticleId><ArticleId IdType="pmcid">pmc-id: PMC99;'
            '</ArticleId><ArticleId IdType="mid">NIHMS1</ArticleId>'
            '<ArticleId IdType="sici">0000(00)0</ArticleId></ArticleIdList>'
        },
        lambda r: [i.scheme for i in r.identifiers],
        ["pmid", "pmcid", "pmcid", "mid", "sici"],
        id="id-types-mapped",
    ),
    pytest.param(
        {
            "citation": '<KeywordList Owner="NLM"><Keyword MajorTopicYN="Y">Term</Keyword>'
            "</KeywordList>"
        },
        lambda r: [(k.term, k.owner, k.major) for k in r.keywords],
        [("Term", "NLM", True)],
        id="keyword-owner-major",
    ),
    pytest.param(
        {
            "article": '<PublicationTypeList><PublicationType UI="D000076942">Preprint'
            "</PublicationType></PublicationTypeList>"
        },
        lambda r: r.type,
        "article",
        id="preprint-type",
    ),
    pytest.param(
        {
            "citation": "<CommentsCorrectionsList>"
            '<CommentsCorrections RefType="ExpressionOfConcernIn">'
            "<RefSource>J. 2020;1:1</RefSource></CommentsCorrections>"
            '<CommentsCorrections RefType="RetractionOf"><RefSource>J. 2019;1:2</RefSource>'
            '<PMID Version="1">99000009</PMID></CommentsCorrections></CommentsCorrectionsList>'
        },
        lambda r: [(link.relation, link.citation.identifier("pmid")) for link in r.links_to],
        [("expression-of-concern-in", None), ("retraction-of", "99000009")],
        id="links-kebab-case",
    ),
    pytest.param(
        {"article": "<Abstract><AbstractText>Plain.</AbstractText><AbstractText/></Abstract>"},
        lambda r: [(s.label, s.category, s.text) for s in r.abstract.sections],
        [(None, None, "Plain.")],
        id="abstract-unlabelled-empty-dropped",
    ),
    pytest.param(
        {"article": "<Abstract><CopyrightInformation>(c) X</CopyrightInformation></Abstract>"},
        lambda r: (
            r.abstract,
            ("MedlineCitation/Article/Abstract/CopyrightInformation", "(c) X") in r.extra,
        ),
        (None, True),
        id="copyright-alone-kept-in-extra",
    ),
    pytest.param(
        {
            "citation": '<OtherID Source="NLM">PMC99 [Available on 01/01/30]</OtherID>'
            '<GeneralNote Owner="NLM">A note.</GeneralNote>'
        },
        lambda r: [
            e
            for e in r.extra
            if not e[0].startswith(("MedlineCitation/@", "MedlineCitation/Article/@"))
        ],
        [
            ('MedlineCitation/OtherID[@Source="NLM"]', "PMC99 [Available on 01/01/30]"),
            ('MedlineCitation/GeneralNote[@Owner="NLM"]', "A note."),
        ],
        id="unmapped-leaves-in-extra",
    ),
    pytest.param(
        {
            "article": '<AuthorList><Author ValidYN="Y"><LastName>A</LastName><AffiliationInfo>'
            '<Affiliation>Here.</Affiliation><Identifier Source="ROR">https://ror.org/x</Identifier>'
            "</AffiliationInfo></Author><Author><LastName>B</LastName></Author></AuthorList>"
        },
        lambda r: [e for e in r.extra if "ROR" in e[0]],
        [
            (
                'MedlineCitation/Article/AuthorList/Author[1]/AffiliationInfo/Identifier[@Source="ROR"]',
                "https://ror.org/x",
            )
        ],
        id="unmapped-leaf-in-repeated-element",
    ),
]


@pytest.mark.parametrize(("parts", "getter", "expected"), RULES)
def test_mapping_rule(parts: dict[str, str], getter: Getter, expected: Any) -> None:
    record = record_of(**parts)
    assert getter(record) == expected
    assert schema.validate(record_to_json(record), "bibnorm-record") == []


# --- inline markup -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        pytest.param("<i>in vivo</i> study", "in vivo study", id="italic-then-space"),
        pytest.param("CO<sub>2</sub>", "CO2", id="subscript-joined"),
        pytest.param("Ca<sup>2+</sup> flux", "Ca2+ flux", id="superscript"),
        pytest.param("a <b>bold</b>, <u>under</u>.", "a bold, under.", id="bold-underline"),
        pytest.param("the<i>TERT</i>gene", "theTERTgene", id="no-space-added-where-none-was"),
        pytest.param("line\n   broken\ttext", "line broken text", id="layout-space-collapsed"),
        pytest.param("no\u00a0break", "no\u00a0break", id="no-break-space-kept"),
        pytest.param("<i>first</i> tag", "first tag", id="starts-with-tag"),
        pytest.param("x <!-- note --> y", "x y", id="comment-dropped"),
        pytest.param(
            'η <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML">\n  <mml:msubsup>\n'
            "    <mml:mi>η</mml:mi>\n    <mml:mi>p</mml:mi>\n    <mml:mn>2</mml:mn>\n"
            "  </mml:msubsup>\n</mml:math> value",
            "η ηp2 value",
            id="mathml-tokens-joined",
        ),
    ],
)
def test_inline_text(markup: str, expected: str) -> None:
    element = etree.fromstring(f"<ArticleTitle>{markup}</ArticleTitle>".encode())
    assert inline_text(element) == expected


def test_title_with_markup_is_not_cut_at_the_first_tag() -> None:
    record = record_of(title="<ArticleTitle><i>In vivo</i> CO<sub>2</sub> uptake.</ArticleTitle>")
    assert record.title == "In vivo CO2 uptake"


# --- dates ---------------------------------------------------------------------------


def journal_with_date(pub_date: str) -> str:
    return f"<Journal><JournalIssue><PubDate>{pub_date}</PubDate></JournalIssue></Journal>"


@pytest.mark.parametrize(
    ("pub_date", "expected"),
    [
        pytest.param("<Year>2022</Year><Month>Apr</Month>", (2022, 4, None, None), id="Apr"),
        pytest.param("<Year>2022</Year><Month>April</Month>", (2022, 4, None, None), id="April"),
        pytest.param("<Year>2022</Year><Month>04</Month>", (2022, 4, None, None), id="04"),
        pytest.param("<Year>2022</Year><Month>4</Month>", (2022, 4, None, None), id="4"),
        pytest.param("<Year>2022</Year><Month>sept</Month>", (2022, 9, None, None), id="sept"),
        pytest.param(
            "<Year>2022</Year><Month>Dec</Month><Day>31</Day>", (2022, 12, 31, None), id="day"
        ),
        pytest.param("<Year>2022</Year><Month>13</Month>", (2022, None, None, None), id="13"),
        pytest.param("<Year>2022</Year><Month>0</Month>", (2022, None, None, None), id="0"),
        pytest.param("<Year>2022</Year><Month>Foo</Month>", (2022, None, None, None), id="word"),
        pytest.param(
            "<Year>2021</Year><Month>Feb</Month><Day>29</Day>", (2021, 2, None, None), id="feb-29"
        ),
        pytest.param(
            "<Year>1998</Year><Season>Winter</Season>", (1998, None, None, "Winter"), id="season"
        ),
        pytest.param(
            "<Year>1998</Year><Season>Fall</Season>", (1998, None, None, "Autumn"), id="fall"
        ),
        pytest.param(
            "<MedlineDate>1998 Winter</MedlineDate>", (1998, None, None, "Winter"), id="md-season"
        ),
        pytest.param(
            "<MedlineDate>1990 May-Jun</MedlineDate>", (1990, 5, None, None), id="md-range"
        ),
        pytest.param(
            "<MedlineDate>2000 Dec-2001 Jan</MedlineDate>", (2000, 12, None, None), id="md-years"
        ),
        pytest.param(
            "<MedlineDate>1975-1976</MedlineDate>", (1975, None, None, None), id="md-year-range"
        ),
        pytest.param(
            "<MedlineDate>Spring 2001</MedlineDate>", (2001, None, None, "Spring"), id="md-free"
        ),
    ],
)
def test_pub_date(pub_date: str, expected: tuple[Any, ...]) -> None:
    record = record_of(journal=journal_with_date(pub_date))
    issued = record.issued
    assert issued is not None
    assert (issued.year, issued.month, issued.day, issued.season) == expected
    assert issued.raw  # the date as written is always kept
    assert schema.validate(record_to_json(record), "bibnorm-record") == []


@pytest.mark.parametrize(
    ("pub_date", "code"),
    [
        pytest.param("<Year>2022</Year><Month>13</Month>", "pubmed_xml.bad-month", id="bad-month"),
        pytest.param(
            "<Year>2021</Year><Month>2</Month><Day>30</Day>", "pubmed_xml.bad-day", id="bad-day"
        ),
        pytest.param(
            "<MedlineDate>Early 2001</MedlineDate>", "pubmed_xml.partial-date", id="partial"
        ),
        pytest.param("<MedlineDate>unknown</MedlineDate>", "pubmed_xml.bad-date", id="no-year"),
    ],
)
def test_a_date_it_cannot_read_whole_is_reported(pub_date: str, code: str) -> None:
    assert code in codes(record_of(journal=journal_with_date(pub_date)))


@settings(max_examples=150)
@given(month=st.text(max_size=12), day=st.text(max_size=4))
def test_months_are_never_outside_1_to_12(month: str, day: str) -> None:
    def escape(text: str) -> str:
        kept = "".join(ch for ch in text if ch.isprintable())
        return kept.replace("&", "&amp;").replace("<", "&lt;")

    pub_date = f"<Year>2020</Year><Month>{escape(month)}</Month><Day>{escape(day)}</Day>"
    issued = record_of(journal=journal_with_date(pub_date)).issued
    assert issued is not None
    assert issued.month is None or 1 <= issued.month <= 12
    assert issued.day is None or 1 <= issued.day <= 31


@settings(max_examples=150)
@given(
    st.one_of(
        st.text(max_size=25),
        st.from_regex(r"(19|20)\d\d( [A-Za-z]{3,9}( \d{1,2})?)?(-[A-Za-z0-9 ]{1,12})?"),
    )
)
def test_any_medline_date_gives_months_in_range(text: str) -> None:
    kept = "".join(ch for ch in text if ch.isprintable()).replace("&", "&amp;").replace("<", "&lt;")
    issued = record_of(journal=journal_with_date(f"<MedlineDate>{kept}</MedlineDate>")).issued
    if issued is not None:
        assert issued.month is None or 1 <= issued.month <= 12
        assert issued.end_month is None or 1 <= issued.end_month <= 12


# --- identifiers come only from the article's own list ---------------------------------


def test_identifiers_never_come_from_references_or_comments() -> None:
    data = (
        '<ArticleIdList><ArticleId IdType="pubmed">99000001</ArticleId></ArticleIdList>'
        "<ReferenceList><Reference>"
        "<Citation>Roe A. Other. J. 2001;1:1. doi: 10.5555/ref.</Citation>"
        '<ArticleIdList><ArticleId IdType="pubmed">99000777</ArticleId>'
        '<ArticleId IdType="doi">10.5555/ref</ArticleId><ArticleId IdType="pmc">PMC777</ArticleId>'
        "</ArticleIdList></Reference></ReferenceList>"
    )
    citation = (
        '<CommentsCorrectionsList><CommentsCorrections RefType="CommentOn">'
        '<RefSource>J. 2000;1:2</RefSource><PMID Version="1">99000888</PMID>'
        "</CommentsCorrections></CommentsCorrectionsList>"
    )
    record = record_of(citation=citation, data=data)
    assert [(i.scheme, i.value) for i in record.identifiers] == [("pmid", "99000001")]
    assert [(i.scheme, i.value) for i in record.references[0].identifiers] == [
        ("pmid", "99000777"),
        ("doi", "10.5555/ref"),
        ("pmcid", "PMC777"),
    ]
    assert record.links_to[0].citation.identifier("pmid") == "99000888"


@pytest.mark.parametrize(
    ("version", "expected"), [("1", None), ("2", "2"), (" 3 ", "3"), ("", None)]
)
def test_a_pmid_version_above_one_is_the_records_version(version: str, expected: str) -> None:
    data = article_xml().replace(b'<PMID Version="1">', f'<PMID Version="{version}">'.encode())
    record = parse_one(data)
    assert record.version == expected
    assert record.identifier("pmid") == "99000001"
    assert codes(record) == []
    fields = [f.field for f in record.provenance.fields] if record.provenance else []
    assert ("version" in fields) == (expected is not None)


def test_medline_citation_set_takes_the_pmid_of_the_citation() -> None:
    data = b"""<MedlineCitationSet>
<MedlineCitation Owner="NLM" Status="MEDLINE"><PMID Version="1">99000501</PMID>
<Article><Journal><Title>J</Title></Journal><ArticleTitle>One.</ArticleTitle></Article>
<MedlineJournalInfo><NLMUniqueID>123</NLMUniqueID></MedlineJournalInfo>
</MedlineCitation>
<MedlineCitation Owner="NLM" Status="MEDLINE"><PMID Version="1">99000502</PMID>
<Article><Journal><Title>J</Title></Journal><ArticleTitle>Two.</ArticleTitle></Article>
</MedlineCitation>
<DeleteCitation><PMID Version="1">99000503</PMID></DeleteCitation>
</MedlineCitationSet>"""
    items = parse_bytes(data)
    assert [type(i).__name__ for i in items] == ["Record", "Record", "Deletion"]
    first = items[0]
    assert isinstance(first, Record)
    assert [(i.scheme, i.value) for i in first.identifiers] == [("pmid", "99000501")]
    assert first.journal is not None and first.journal.nlm_unique_id == "123"
    assert ("MedlineCitation/@Status", "MEDLINE") in first.extra


# --- deletions, books, empty and broken records ----------------------------------------


def test_deletion_is_reported_not_turned_into_a_record() -> None:
    items = parse_bytes((SAMPLES / "update-with-deletion.xml").read_bytes())
    records = [i for i in items if isinstance(i, Record)]
    deletions = [i for i in items if isinstance(i, Deletion)]
    assert [r.identifier("pmid") for r in records] == ["99000301"]
    assert [d.pmids for d in deletions] == [("99000398", "99000399")]
    assert deletions[0].span is not None and deletions[0].span.start == 46


def test_deletions_reach_the_parse_result(host: PluginHost) -> None:
    result = pipeline.parse_path(SAMPLES / "update-with-deletion.xml", host)
    assert [d.pmids for d in result.deletions] == [("99000398", "99000399")]
    assert len(result.records) == 1


def test_book_and_chapter() -> None:
    book, chapter = parse_bytes((SAMPLES / "book-and-chapter.xml").read_bytes())
    assert isinstance(book, Record) and isinstance(chapter, Record)
    assert (book.type, book.title, book.container_title) == (
        "book",
        "Handbook of Invented Methods",
        None,
    )
    assert [p.family for p in book.editors] == ["Editor", "Redacteur"]
    assert (book.publisher, book.publisher_place, book.edition) == (
        "Invented University Press",
        "Nowhere (XX)",
        "2nd",
    )
    assert [(i.scheme, i.value) for i in book.identifiers] == [
        ("nbk", "NBK990201"),
        ("pmid", "99000201"),
        ("isbn", "9780000000002"),
    ]
    assert book.abstract is not None and book.abstract.copyright is not None
    assert (chapter.type, chapter.title, chapter.container_title) == (
        "chapter",
        "Measuring nothing carefully",
        "Handbook of Invented Methods",
    )
    assert [p.family for p in chapter.authors] == ["Writer"]
    assert [p.family for p in chapter.editors] == ["Editor"]
    assert (chapter.pages, chapter.pages_raw) == ("201-219", "201-19")
    assert chapter.identifier("doi") == "10.5555/handbook.ch7"


def test_broken_content_still_gives_every_record() -> None:
    items = parse_bytes((SAMPLES / "broken-content.xml").read_bytes())
    assert all(isinstance(i, Record) for i in items)
    first, broken, third = (i for i in items if isinstance(i, Record))
    assert first.title == "The first, sound record"
    assert third.title == "The third record, after the broken one"
    assert broken.title is None
    assert broken.issued is not None and (broken.issued.year, broken.issued.month) == (2011, None)
    assert broken.epub_date is not None and broken.epub_date.day is None
    assert broken.journal is None
    assert broken.authors[0].orcid is None
    assert [(d.code, d.line) for d in broken.diagnostics] == [
        ("pubmed_xml.bad-issn", 32),
        ("pubmed_xml.bad-month", 35),
        ("pubmed_xml.empty-title", 43),
        ("pubmed_xml.bad-orcid", 48),
        ("pubmed_xml.bad-day", 51),
    ]
    assert ('MedlineCitation/Article/Journal/ISSN[@IssnType="Print"]', "12345") in broken.extra


def test_an_empty_pubmed_article_is_a_failed_record() -> None:
    items = parse_bytes(
        b"<PubmedArticleSet>\n<PubmedArticle>\n</PubmedArticle>\n</PubmedArticleSet>"
    )
    [failed] = items
    assert isinstance(failed, FailedRecord)
    assert failed.diagnostics[0].code == "pubmed_xml.no-citation"
    assert failed.span is not None and failed.span.start == 2


MALFORMED_CASES = [
    pytest.param(
        article_xml(pmid="99000001").replace(b"</PubmedArticleSet>", b"")
        + b"<PubmedArticle><MedlineCitation>\n<PMID>2</PMID>\n<Oops>\n</MedlineCitation>",
        1,
        id="unclosed-element-after-a-record",
    ),
    pytest.param(
        article_xml().replace(b"</PubmedArticleSet>\n", b"")[:-30], 0, id="truncated-file"
    ),
    pytest.param(b"not xml at all\n", 0, id="not-xml"),
    pytest.param(
        b"<PubmedArticleSet><PubmedArticle>&undefined;</PubmedArticle>", 0, id="undefined-entity"
    ),
]


@pytest.mark.parametrize(("data", "records_before"), MALFORMED_CASES)
def test_malformed_xml_keeps_earlier_records_and_names_the_line(
    data: bytes, records_before: int
) -> None:
    items = parse_bytes(data)
    assert all(isinstance(i, Record) for i in items[:-1])
    assert len(items) == records_before + 1
    failed = items[-1]
    assert isinstance(failed, FailedRecord)
    [diagnostic] = failed.diagnostics
    assert diagnostic.code == "pubmed_xml.malformed-xml"
    assert diagnostic.severity == "error"
    assert diagnostic.line is not None and diagnostic.line >= 1
    assert failed.span is not None and failed.span.end == diagnostic.line


def test_corpus_malformed_entry_fails_at_its_line() -> None:
    path = shared_path("corpus", "pubmed-xml", "jabref__MedlineImporterTestMalformedEntry.xml")
    [failed] = parse_bytes(path.read_bytes())
    assert isinstance(failed, FailedRecord)
    assert failed.diagnostics[0].line == 4
    assert "wrong format" in failed.raw


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_past_the_documented_errors(data: bytes) -> None:
    try:
        items = parse_bytes(data)
    except InputError:
        return  # bytes that cannot be read at all (broken gzip data): the input fails whole
    for item in items:
        assert isinstance(item, Record | FailedRecord | Deletion)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(article_xml())))
def test_any_truncation_never_raises(cut: int) -> None:
    items = parse_bytes(article_xml()[:cut])
    assert all(isinstance(item, Record | FailedRecord) for item in items)


# --- XML safety ----------------------------------------------------------------------


def test_an_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    data = (
        f"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [
<!ENTITY xxe SYSTEM "{secret.as_uri()}">
<!ENTITY inner "INTERNAL-VALUE">
]>
""".encode()
        + article_xml(title="<ArticleTitle>A &xxe; and &inner;</ArticleTitle>").split(b"\n", 1)[1]
    )
    record = parse_one(data)
    dump = repr(record)
    assert "TOP-SECRET-CONTENT" not in dump
    assert "INTERNAL-VALUE" not in dump
    assert record.title == "A &xxe; and &inner;"


def test_an_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "FROM-THE-DTD">', encoding="utf-8")
    body = article_xml(title="<ArticleTitle>Safe &leak; title</ArticleTitle>").split(b"\n", 1)[1]
    data = f'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet SYSTEM "{dtd.as_uri()}">\n'.encode()
    items = parse_bytes(data + body)
    assert "FROM-THE-DTD" not in repr(items)


def test_entity_expansion_bombs_are_not_expanded() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    body = article_xml(title="<ArticleTitle>&i;</ArticleTitle>").split(b"\n", 1)[1]
    data = f'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [{entities}]>\n'.encode() + body
    [item] = parse_bytes(data)
    # libxml2 refuses the document outright (an amplification limit); either way the
    # entity is never expanded, and the refusal is a failed record, not an exception.
    if isinstance(item, Record):
        assert item.title == "&i;"
    else:
        assert isinstance(item, FailedRecord)
        assert item.diagnostics[0].code == "pubmed_xml.malformed-xml"
    assert "a" * 1000 not in repr(item)


# --- streaming -----------------------------------------------------------------------


class CountingStream:
    """A byte stream that counts what has been read from it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.stream.readline(size)
        self.bytes_read += len(data)
        return data

    def __enter__(self) -> CountingStream:
        return self

    def __exit__(self, *args: object) -> None:
        self.stream.close()


class CountingSource(Source):
    """A file source whose `open_binary` streams are counted."""

    def __init__(self, path: Path) -> None:
        super().__init__(path.name, path=path)
        self.streams: list[CountingStream] = []

    def open_binary(self) -> IO[bytes]:
        stream = CountingStream(super().open_binary())
        self.streams.append(stream)
        return stream  # type: ignore[return-value]


RECORDS_IN_BIG_FILE = 20_000


def big_articles() -> Iterator[bytes]:
    yield b'<?xml version="1.0"?>\n<PubmedArticleSet>\n'
    for number in range(RECORDS_IN_BIG_FILE):
        yield (
            f"<PubmedArticle><MedlineCitation><PMID>{99_000_000 + number}</PMID><Article>"
            f"<ArticleTitle>Article {number}.</ArticleTitle></Article></MedlineCitation>"
            "</PubmedArticle>\n"
        ).encode()
    yield b"</PubmedArticleSet>\n"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.xml"
    with path.open("wb") as out:
        out.writelines(big_articles())
    return path


@pytest.fixture(scope="module")
def big_gzip_file(big_file: Path) -> Path:
    path = big_file.with_name("big.xml.gz")
    with gzip.open(path, "wb") as out:
        out.write(big_file.read_bytes())
    return path


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_records_are_yielded_before_the_file_is_read(
    compressed: bool, big_file: Path, big_gzip_file: Path
) -> None:
    source = CountingSource(big_gzip_file if compressed else big_file)
    total = big_file.stat().st_size  # the decompressed size, in both cases
    records = ADAPTER.parse(source)
    first = next(records)
    assert isinstance(first, Record) and first.identifier("pmid") == "99000000"
    [stream] = source.streams
    assert 0 < stream.bytes_read < total // 10
    rest = list(records)
    assert len(rest) == RECORDS_IN_BIG_FILE - 1
    last = rest[-1]
    assert isinstance(last, Record)
    assert last.identifier("pmid") == str(99_000_000 + RECORDS_IN_BIG_FILE - 1)
    assert last.title == f"Article {RECORDS_IN_BIG_FILE - 1}"
    assert last.provenance is not None and last.provenance.span is not None
    assert last.provenance.span.start == RECORDS_IN_BIG_FILE + 2  # one article per line
    assert stream.bytes_read == total


def test_line_numbers_stay_exact_past_line_65535() -> None:
    # libxml2's own element line numbers stop at 65,535; baseline files are far longer.
    padding = b"\n" * 70_000
    data = b"<PubmedArticleSet>" + padding + b"\n".join(article_xml().split(b"\n")[2:])
    record = parse_one(data)
    assert record.provenance is not None and record.provenance.span is not None
    span = record.provenance.span
    lines = data.split(b"\n")
    expected = (lines.index(b"<PubmedArticle>") + 1, lines.index(b"</PubmedArticle>") + 1)
    assert expected[0] > 70_000
    assert (span.start, span.end) == expected
    # Field lines past the limit would be guesses, so none is given.
    assert all(f.span is None for f in record.provenance.fields)


def test_a_malformed_line_past_65535_is_named_exactly() -> None:
    data = b"<PubmedArticleSet>" + b"\n" * 70_000 + b"<PubmedArticle><oops></PubmedArticle>\n"
    [failed] = parse_bytes(data)
    assert isinstance(failed, FailedRecord)
    assert failed.diagnostics[0].line == 70_001


@pytest.mark.parametrize("seed", range(6))
def test_record_lines_are_exact_whatever_the_layout(seed: int) -> None:
    # The reader feeds the parser in blocks split at lines holding a record tag; tags on
    # block boundaries, blank lines, runs of short lines and lines far longer than a
    # block must all leave each record's span on the lines of its own tags.
    rng = random.Random(seed)
    layouts = ["", "\n", "\n\n", "\n    ", " " * 300_000, "\n" + "x" * 70_000 + "\n"]
    articles = []
    for number in range(30):
        gap = rng.choice(layouts).replace("x", " ")
        articles.append(
            f"<PubmedArticle>{gap}<MedlineCitation><PMID>{number + 1}</PMID>{gap}<Article>"
            f"<ArticleTitle>T {'y' * rng.randint(0, 30_000)}</ArticleTitle></Article>"
            f"</MedlineCitation>{gap}</PubmedArticle>"
        )
    joiner = rng.choice(["", "\n", "\n\n\n"])
    text = f'<?xml version="1.0"?>\n<PubmedArticleSet>{joiner}{joiner.join(articles)}\n'
    text += "</PubmedArticleSet>\n"
    records = parse_bytes(text.encode())
    assert len(records) == 30

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    starts = [m.start() for m in re.finditer("<PubmedArticle>", text)]
    ends = [m.start() for m in re.finditer("</PubmedArticle>", text)]
    for record, start, end in zip(records, starts, ends, strict=True):
        assert isinstance(record, Record) and record.provenance is not None
        assert record.provenance.span == LineSpan(start=line_of(start), end=line_of(end))


# --- the shared corpus ---------------------------------------------------------------


def corpus_files() -> list[Path]:
    root = REPO_ROOT.parent / "shared" / "corpus" / "pubmed-xml"
    return sorted(root.glob("*.xml")) if root.exists() else []


def manifest_counts() -> dict[str, int]:
    """`file name -> record count` from the MANIFEST's `(N record(s)` notes."""
    manifest = shared_path("corpus", "MANIFEST.md").read_text(encoding="utf-8")
    pattern = re.compile(r"\| corpus/pubmed-xml/(?P<file>[^ |]+) \|.*\((?P<n>\d+) record\(s\)")
    return {m.group("file"): int(m.group("n")) for m in pattern.finditer(manifest)}


def test_corpus_is_there() -> None:
    assert len(sorted(shared_path("corpus", "pubmed-xml").glob("*.xml"))) >= 40


@pytest.mark.parametrize("path", corpus_files(), ids=[p.name for p in corpus_files()])
def test_corpus_file(path: Path) -> None:
    shared_path("corpus", "pubmed-xml", path.name)
    items = list(ADAPTER.parse(Source(str(path), path=path)))
    records = [i for i in items if isinstance(i, Record)]
    for record in records:
        assert schema.validate(record_to_json(record), "bibnorm-record") == [], record.identifier(
            "pmid"
        )
    expected = manifest_counts().get(path.name)
    if expected is not None:
        assert len(records) == expected
    check_against_lxml(path, records)


def check_against_lxml(path: Path, records: list[Record]) -> None:
    """PMID, DOI, title, first author, volume, issue, pages and year, as a few direct
    lxml look-ups in the same XML read them."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return
    articles = [
        article
        for article in tree.xpath(
            "//PubmedArticle | //PubmedBookArticle | /MedlineCitationSet/MedlineCitation"
        )
        if article.find(".//PMID") is not None
    ]
    # The same PMID may come in several versions (`VersionID`), so records are matched
    # to articles by position: every article with a citation gives one record, in order.
    assert len(articles) == len(records)
    for article, record in zip(articles, records, strict=True):
        assert record.identifier("pmid") == article.findtext(".//PMID").strip()
        doi = article.xpath("string(PubmedData/ArticleIdList/ArticleId[@IdType='doi'])")
        if doi:
            assert record.identifier("doi") == doi.strip()
        title = article.find(".//Article/ArticleTitle")
        if title is not None and "".join(title.itertext()).strip():
            expected_title = " ".join("".join(title.itertext()).split())
            assert record.title is not None
            assert expected_title.startswith(record.title.replace("\u00a0", " ")[:20])
        last_name = article.findtext(".//Article/AuthorList/Author[1]/LastName")
        if last_name and article.find(".//Article/AuthorList").get("Type") != "editors":
            assert record.authors[0].family == last_name.strip()
        for field, tag in (("volume", "Volume"), ("issue", "Issue")):
            value = article.findtext(f".//Article/Journal/JournalIssue/{tag}")
            if value and value.strip():
                assert getattr(record, field) == value.strip()
        pages = article.findtext(".//Article/Pagination/MedlinePgn")
        if pages and pages.strip():
            assert (record.pages_raw or record.pages) == pages.strip()
        year = article.findtext(".//Article/Journal/JournalIssue/PubDate/Year")
        if year:
            assert record.issued is not None and record.issued.year == int(year)


def test_corpus_totals() -> None:
    records = failed = deletions = deleted = 0
    for path in sorted(shared_path("corpus", "pubmed-xml").glob("*.xml")):
        for item in ADAPTER.parse(Source(str(path), path=path)):
            if isinstance(item, Record):
                records += 1
            elif isinstance(item, FailedRecord):
                failed += 1
            else:
                deletions += 1
                deleted += len(item.pmids)
    # Two failed: the malformed file and the empty PubmedArticle; three deletion notices.
    assert (records, failed, deletions, deleted) == (830, 2, 3, 269)


def test_record_tag_names_are_found_where_a_regular_expression_finds_them() -> None:
    """The byte scan that cuts the input into pieces finds the names one alternation
    would, in the same order: the root's `PubmedArticleSet` holds one, a book's does not."""
    data = (
        b"<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>x</MedlineCitation>\n"
        b"</PubmedArticle><PubmedBookArticle>y</PubmedBookArticle>\n"
        b"<DeleteCitation><PMID>1</PMID></DeleteCitation></PubmedArticleSet>"
    )
    alternation = re.compile("|".join(pubmed_xml.RECORD_TAGS).encode())
    expected = [(m.start(), m.end()) for m in alternation.finditer(data)]
    assert pubmed_xml._record_tag_names(data) == expected
    assert len(expected) == 10
