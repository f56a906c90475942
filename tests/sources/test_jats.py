"""The `jats` adapter: the samples field by field, markup, entities, XML security, bad input,
sniffing, and the shared JATS corpus."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from shared_data import SHARED_ROOT, shared_path

from bibnorm import schema, serialize
from bibnorm.model import Citation, FailedRecord, Person, Record
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources.jats.jats import JatsAdapter, bibnorm_register_sources
from bibnorm.sources.jats.jats_refs import CITATION_TAGS

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "jats"
ADAPTER = JatsAdapter()
JATS_DOCTYPE = (
    '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange '
    'DTD v1.3 20210610//EN" "JATS-archivearticle1-3.dtd">'
)


def parse_bytes(data: bytes, name: str = "article.xml") -> list[Record | FailedRecord]:
    return [item for item in ADAPTER.parse(Source(name, data=data)) if not _is_deletion(item)]


def _is_deletion(item: object) -> bool:
    return not isinstance(item, Record | FailedRecord)


def parse_one(data: bytes, name: str = "article.xml") -> Record:
    results = parse_bytes(data, name)
    assert len(results) == 1
    record = results[0]
    assert isinstance(record, Record), record
    return record


def article(meta: str = "", *, back: str = "", attributes: str = "", doctype: bool = True) -> bytes:
    """A small JATS article whose article-meta holds `meta`."""
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + (JATS_DOCTYPE + "\n" if doctype else "")
        + '<article xmlns:mml="http://www.w3.org/1998/Math/MathML" '
        + f'xmlns:xlink="http://www.w3.org/1999/xlink" {attributes}>\n'
        + "<front><journal-meta><journal-title>J</journal-title></journal-meta>\n"
        + f"<article-meta>\n{meta}\n</article-meta></front>\n"
        + f"<back><ref-list>\n{back}\n</ref-list></back>\n"
        + "</article>\n"
    )
    return text.encode("utf-8")


def title_of(inner: str) -> str | None:
    record = parse_one(
        article(f"<title-group><article-title>{inner}</article-title></title-group>")
    )
    return record.title


def reference(citation_xml: str) -> Citation:
    record = parse_one(article(back=f'<ref id="r1">{citation_xml}</ref>'))
    assert len(record.references) == 1
    return record.references[0]


def codes(record: Record) -> list[str]:
    return [d.code for d in record.diagnostics]


@pytest.fixture(scope="module")
def full() -> Record:
    data = (SAMPLES / "full-article.nxml").read_bytes()
    return parse_one(data, name="samples/jats/full-article.nxml")


@pytest.fixture(scope="module")
def articleset() -> list[Record]:
    data = (SAMPLES / "articleset.xml").read_bytes()
    records = parse_bytes(data, name="samples/jats/articleset.xml")
    assert all(isinstance(r, Record) for r in records)
    return [r for r in records if isinstance(r, Record)]


# --- registration and sniffing --------------------------------------------------------


def test_hook_registers_the_jats_adapter() -> None:
    registered: list[SourceAdapter] = []
    bibnorm_register_sources(register=registered.append)
    assert [a.name for a in registered] == ["jats"]
    assert isinstance(registered[0], SourceAdapter)


SNIFF_CASES = [
    pytest.param(
        JATS_DOCTYPE + "\n<article><front><article-meta/></front></article>",
        0.95,
        id="jats-doctype",
    ),
    pytest.param(
        '<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD Journal '
        'Publishing DTD v3.0 20080202//EN" "journalpublishing3.dtd">\n<article>',
        0.95,
        id="nlm-3.0-doctype",
    ),
    pytest.param(
        '<?xml version="1.0"?>\n<!DOCTYPE pmc-articleset PUBLIC "-//NLM//DTD ARTICLE '
        'SET 2.0//EN" "x.dtd">\n<pmc-articleset><article>',
        0.95,
        id="pmc-articleset",
    ),
    pytest.param(
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.2"><front>',
        0.95,
        id="no-doctype",
    ),
    pytest.param("<!-- a comment -->\n<article>\n<front>", 0.95, id="comment-first"),
    pytest.param('<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle>', 0.0, id="pubmed-xml"),
    pytest.param("PMID- 99000001\nOWN - NLM\nTI  - A title.\n", 0.0, id="medline"),
    pytest.param(
        "A title\n- PMID: 99000001\n- DOI: 10.5555/x\nAbstract\ntext\n", 0.0, id="page-dump"
    ),
    pytest.param(
        "<!DOCTYPE html>\n<html><body><article><h1>News</h1></article></body></html>",
        0.0,
        id="html-with-article-tag",
    ),
    pytest.param("<article><h1>News</h1><p>Text</p></article>", 0.4, id="html-fragment"),
    pytest.param("", 0.0, id="empty"),
    pytest.param("<", 0.0, id="lone-bracket"),
]


@pytest.mark.parametrize(("text", "score"), SNIFF_CASES)
def test_sniff(text: str, score: float) -> None:
    assert ADAPTER.sniff(Sample(name="x", text=text)) == score


@pytest.mark.parametrize("name", ["full-article.nxml", "articleset.xml", "entities.xml"])
def test_sniff_claims_the_samples(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    assert ADAPTER.sniff(Sample(name=name, text=text[:4096])) >= 0.9


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None)
def test_sniff_and_parse_never_raise(text: str) -> None:
    assert 0.0 <= ADAPTER.sniff(Sample(name="x", text=text)) <= 1.0
    for item in ADAPTER.parse(Source("x", data=text.encode("utf-8"))):
        assert isinstance(item, Record | FailedRecord)


# --- the full sample: article metadata -------------------------------------------------


def test_identifiers_come_from_article_ids_only(full: Record) -> None:
    assert [(i.scheme, i.value) for i in full.identifiers] == [
        ("pmid", "99000001"),
        ("pmcid", "PMC9900001"),
        ("doi", "10.5555/jss.2024.0001"),
        ("pii", "JSS-24-0001"),
        ("nihms", "NIHMS990001"),
    ]
    # The body mentions another DOI; it is not an identifier of the article.
    assert all("not.the.article" not in i.value for i in full.identifiers)
    assert ("article-id:sici", "0000-0000(2024)12:3<1234:SAMPLE>2.0.CO;2") in full.extra


def test_title_keeps_markup_text_and_drops_marker_and_period(full: Record) -> None:
    assert full.title == "Growth of Escherichia coli in H2O at 105 cells and x2 scaling"
    assert full.vernacular_title is None
    assert ("trans-title:de", "Wachstum von Escherichia coli in Wasser") in full.extra


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        pytest.param("A <italic>B</italic> C", "A B C", id="italic-with-spaces"),
        pytest.param("<italic>In vivo</italic> work", "In vivo work", id="starts-with-tag"),
        pytest.param("CO<sub>2</sub> and 10<sup>-3</sup> M", "CO2 and 10-3 M", id="sub-sup"),
        pytest.param(
            "A <bold>bold</bold>, <sc>small</sc> end.",
            "A bold, small end",
            id="bold-then-punctuation",
        ),
        pytest.param("Line one<break/>line two", "Line one line two", id="break"),
        pytest.param(
            "A <inline-formula><mml:math><mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn>"
            "</mml:msup></mml:math></inline-formula> law",
            "A x2 law",
            id="mathml",
        ),
        pytest.param("Title<xref ref-type='fn' rid='f1'>a</xref>.", "Title", id="footnote-mark"),
        pytest.param("Spaced \n   out\ttitle", "Spaced out title", id="layout-space"),
        pytest.param("Ends with ellipsis...", "Ends with ellipsis...", id="ellipsis-kept"),
        pytest.param("Has <!-- note --> comment", "Has comment", id="comment"),
    ],
)
def test_title_markup(inner: str, expected: str) -> None:
    assert title_of(inner) == expected


def test_subtitle_follows_the_title() -> None:
    record = parse_one(
        article(
            "<title-group><article-title>Main:</article-title>"
            "<subtitle>the sub part.</subtitle></title-group>"
        )
    )
    assert record.title == "Main: the sub part"


def test_authors(full: Record) -> None:
    first, second, group = full.authors
    assert first == Person(
        family="Example",
        given="Ada Jane",
        initials="AJ",
        suffix="Jr",
        affiliations=(
            "Department of Examples, Sample University, Exampleton, Freedonia",
            "Institute of Placeholders, Sylvania",
        ),
        orcid="0000-0002-1825-0097",
        equal_contribution=True,
        corresponding=True,
    )
    assert (second.family, second.given, second.initials) == ("van der Sample", "Bram", "B")
    assert second.affiliations == ("Institute of Placeholders, Sylvania",)
    assert not second.corresponding
    assert group == Person(literal="Sample Study Group")


def test_group_members_are_investigators(full: Record) -> None:
    assert [(p.family, p.given, p.affiliations) for p in full.investigators] == [
        ("Member", "Carla", ("Department of Examples, Sample University, Exampleton, Freedonia",))
    ]


def test_editors_get_their_groups_unreferenced_affiliation(full: Record) -> None:
    assert [(p.family, p.affiliations) for p in full.editors] == [
        ("Editor", ("Editorial Office, Sample Press, Exampleton",))
    ]


@pytest.mark.parametrize(
    ("given", "initials"),
    [
        pytest.param("Jean-Philippe", "JP", id="hyphenated"),
        pytest.param("Olin K.", "OK", id="dotted-middle"),
        pytest.param("J. L", "JL", id="initials-with-dots"),
        pytest.param("EB", "EB", id="initials-only"),
        pytest.param("Zoë", "Z", id="accented"),
    ],
)
def test_initials_from_given_names(given: str, initials: str) -> None:
    record = parse_one(
        article(
            '<contrib-group><contrib contrib-type="author"><name><surname>X</surname>'
            f"<given-names>{given}</given-names></name></contrib></contrib-group>"
        )
    )
    assert record.authors[0].initials == initials


def test_journal(full: Record) -> None:
    assert full.container_title == "Journal of Sample Studies"
    assert full.container_title_short == "J Sample Stud"
    assert full.journal is not None
    assert full.journal.issn_print == "1234-567X"  # written `1234-567x`
    assert full.journal.issn_electronic == "2345-6789"
    assert full.journal.issn_linking == "1234-567X"
    assert full.journal.medline_ta == "J Sample Stud"
    assert full.journal.iso_abbreviation == "J. Sample Stud."
    assert (full.publisher, full.publisher_place) == ("Sample Press", "Exampleton")


def test_dates(full: Record) -> None:
    assert full.issued is not None and full.epub_date is not None
    assert (full.issued.year, full.issued.month, full.issued.day) == (2024, 3, None)
    assert (full.epub_date.year, full.epub_date.month, full.epub_date.day) == (2024, 2, 15)
    statuses = [(h.status, h.date.year, h.date.month, h.date.day) for h in full.history]
    assert statuses == [
        ("pmc-release", 2025, 2, 15),
        ("received", 2023, 10, 2),
        # 30 February cannot be: the day is left out and reported.
        ("accepted", 2024, 2, None),
    ]
    impossible = [d for d in full.diagnostics if d.code == "jats.impossible-date"]
    assert [(d.line, d.severity) for d in impossible] == [(81, "warning")]


def test_locator(full: Record) -> None:
    assert (full.volume, full.issue) == ("12", "3")
    assert (full.pages, full.pages_raw) == ("1234-1239", "1234-9")
    # Pages win; the e-locator is kept, not dropped.
    assert full.article_number is None
    assert ("elocation-id", "e1234") in full.extra


def test_abstract_sections(full: Record) -> None:
    assert full.abstract is not None
    assert [(s.label, s.text) for s in full.abstract.sections] == [
        ("Background", "Samples grow in vitro."),
        ("Methods", "We counted them. Twice."),
        ("Results", "The count was 105."),
    ]
    assert full.abstract.copyright == "© 2024 The Authors (sample data)"
    assert ("abstract:summary", "A short plain summary.") in full.extra


def test_abstract_keeps_its_cross_references_as_text_and_drops_its_own_doi_line() -> None:
    # As eLife writes an abstract: its own DOI as object-id and again as a closing line.
    record = parse_one(
        article(
            '<abstract><object-id pub-id-type="doi">10.7554/eLife.06003.001</object-id>'
            "<p>Turnover is rapid (<xref ref-type='bibr' rid='b7'>Dawidowicz 1987</xref>; "
            "<xref ref-type='bibr' rid='b2'>Liu et al., 2013</xref>), see "
            "<xref ref-type='fig' rid='f1'>Figure 1</xref>.</p>"
            "<p><bold>DOI:</bold> <ext-link ext-link-type='doi' "
            "xlink:href='10.7554/eLife.06003.001'>"
            "http://dx.doi.org/10.7554/eLife.06003.001</ext-link></p></abstract>"
        )
    )
    assert record.abstract is not None
    assert [s.text for s in record.abstract.sections] == [
        "Turnover is rapid (Dawidowicz 1987; Liu et al., 2013), see Figure 1."
    ]
    assert ("abstract:object-id", "10.7554/eLife.06003.001") in record.extra


def test_an_abstract_line_naming_another_doi_stays() -> None:
    record = parse_one(article("<abstract><p>DOI: 10.5555/other.1</p></abstract>"))
    assert record.abstract is not None
    assert [s.text for s in record.abstract.sections] == ["DOI: 10.5555/other.1"]


@pytest.mark.parametrize(
    ("pages", "expected_pages"),
    [
        ("<fpage>2095</fpage><lpage>2097. doi:10.1371/journal.pbio.0050285</lpage>", "2095-2097"),
        ("<fpage>e157. doi:10.1371/journal.pbio.0050285</fpage>", "e157"),
        ("<fpage>12</fpage><lpage>19, DOI: 10.1371/journal.pbio.0050285.</lpage>", "12-19"),
    ],
    ids=["lpage", "fpage-elocator", "upper-case-and-period"],
)
def test_a_doi_written_into_a_page_tag_is_the_references_doi(
    pages: str, expected_pages: str
) -> None:
    cited = reference(
        '<element-citation publication-type="journal"><source>PLoS Biol</source>'
        f"<year>2007</year><volume>5</volume>{pages}</element-citation>"
    )
    assert cited.pages == expected_pages
    assert cited.identifier("doi") == "10.1371/journal.pbio.0050285"
    assert [d.code for d in cited.diagnostics] == ["jats.doi-in-page"]


def test_a_doi_in_a_citations_comment_is_its_doi() -> None:
    cited = reference(
        '<element-citation publication-type="journal"><source>Technol Forecast</source>'
        "<year>2008</year><comment> doi:10.1016/j.techfore.2007.10.010</comment>"
        "</element-citation>"
    )
    assert cited.identifier("doi") == "10.1016/j.techfore.2007.10.010"


def test_a_page_tag_without_a_doi_is_kept_as_written() -> None:
    cited = reference(
        '<element-citation publication-type="journal"><source>J</source>'
        "<fpage>10</fpage><lpage>12</lpage></element-citation>"
    )
    assert (cited.pages, cited.identifiers, cited.diagnostics) == ("10-12", (), ())


def test_keywords_with_owner(full: Record) -> None:
    assert [(k.term, k.owner) for k in full.keywords] == [
        ("sample data", "author-keywords"),
        ("E. coli growth", "author-keywords"),
        ("testing", None),
    ]


def test_grants(full: Record) -> None:
    assert [(g.grant_id, g.agency) for g in full.grants] == [
        ("SRC-001", "Sample Research Council"),
        ("SRC-002", "Sample Research Council"),
        (None, "Placeholder Foundation"),
    ]
    assert ("funding-statement", "Funded by the Sample Research Council.") in full.extra


def test_conflict_of_interest_and_language(full: Record) -> None:
    assert full.conflict_of_interest == "The authors declare no competing interests."
    assert full.languages == ("en",)


def test_record_provenance(full: Record) -> None:
    assert full.provenance is not None
    assert (full.provenance.adapter, full.provenance.file) == (
        "jats",
        "samples/jats/full-article.nxml",
    )
    assert full.provenance.span is not None and full.provenance.span.start == 4
    spans = {f.field: f.span for f in full.provenance.fields}
    title_span = spans["title"]
    assert title_span is not None and title_span.start == 32


@pytest.mark.parametrize(
    ("article_type", "csl_type"),
    [
        pytest.param("research-article", "article-journal", id="research"),
        pytest.param("review-article", "article-journal", id="review-article"),
        pytest.param("correction", "article-journal", id="correction"),
        pytest.param("book-review", "review-book", id="book-review"),
        pytest.param("product-review", "review", id="product-review"),
        pytest.param("", "article-journal", id="missing"),
    ],
)
def test_type_from_article_type(article_type: str, csl_type: str) -> None:
    attributes = f'article-type="{article_type}"' if article_type else ""
    assert parse_one(article(attributes=attributes)).type == csl_type


# --- the full sample: references --------------------------------------------------------


def test_reference_count_and_provenance(full: Record) -> None:
    assert len(full.references) == 8
    for line, citation in enumerate(full.references, start=133):
        assert citation.provenance is not None
        assert citation.provenance.adapter == "jats"
        assert citation.provenance.file == "samples/jats/full-article.nxml"
        assert citation.provenance.span is not None
        assert citation.provenance.span.start == line


def test_tagged_mixed_citation(full: Record) -> None:
    ref = full.references[0]
    assert ref.type == "article-journal"
    assert ref.title == "A fully tagged mixed citation"
    assert [(p.family, p.initials) for p in ref.authors] == [("Alpha", "A"), ("Beta", "B")]
    assert ref.container_title == "J. Sample Stud."  # an abbreviation keeps its period
    assert ref.issued is not None and ref.issued.year == 2020
    assert (ref.volume, ref.issue, ref.pages, ref.pages_raw) == ("8", "2", "100-110", "100-10")
    assert ref.identifier("doi") == "10.5555/jss.2020.0100"
    assert ref.identifier("pmid") == "99000002"
    assert ref.raw == (
        "Alpha A, Beta B (2020) A fully tagged mixed citation. J. Sample Stud. 8(2): 100–10. "
        "10.5555/jss.2020.0100 99000002"
    )
    assert ref.provenance is not None and ref.provenance.fields == ()


def test_barely_tagged_mixed_citation_is_read_from_its_text(full: Record) -> None:
    ref = full.references[1]
    assert ref.title == "A barely tagged reference"
    assert [p.family for p in ref.authors] == ["Gamma", "Delta"]
    assert ref.et_al
    assert ref.container_title_short == "J Sample Stud"
    assert (ref.volume, ref.issue, ref.pages) == ("11", "4", "45-52")
    assert ref.identifier("doi") == "10.5555/jss.2019.045"
    assert ref.provenance is not None
    methods = {f.field: f.method for f in ref.provenance.fields}
    # The parser guessed where the title ends and the journal starts; the rest it read by
    # exact rules. The year was tagged: it is not named at all.
    assert methods == {
        "title": "heuristic",
        "container_title_short": "heuristic",
        "authors": "parsed",
        "et_al": "parsed",
        "volume": "parsed",
        "issue": "parsed",
        "pages": "parsed",
        "identifiers": "parsed",
    }
    guessed = [f.detail for f in ref.provenance.fields if f.method == "heuristic"]
    assert all(detail and "shape of journal abbreviations" in detail for detail in guessed)


def test_tagged_access_date_of_a_web_reference(full: Record) -> None:
    accessed = full.references[5].accessed
    assert accessed is not None
    assert (accessed.year, accessed.month, accessed.day) == (2024, 1, 5)


def _parsed_fields(citation: Citation) -> dict[str, str]:
    assert citation.provenance is not None
    return {f.field: f.method for f in citation.provenance.fields if f.field != "type"}


def test_partly_tagged_chapter_takes_every_untagged_field_from_its_text() -> None:
    ref = reference(
        '<mixed-citation publication-type="book"><person-group person-group-type="author">'
        "<name><surname>Theta</surname><given-names>T</given-names></name></person-group>. "
        "<chapter-title>A chapter on samples</chapter-title>. In: Iota I, Kappa K, editors. "
        "Collected samples. 2nd ed. Exampleton: Sample Press; <year>2017</year>. p. 11-29."
        "</mixed-citation>"
    )
    assert ref.type == "chapter"
    assert (ref.title, ref.container_title) == ("A chapter on samples", "Collected samples")
    assert [p.family for p in ref.authors] == ["Theta"]
    assert [(p.family, p.initials) for p in ref.editors] == [("Iota", "I."), ("Kappa", "K.")]
    assert (ref.edition, ref.publisher, ref.publisher_place) == ("2", "Sample Press", "Exampleton")
    assert ref.pages == "11-29"
    assert ref.issued is not None and ref.issued.year == 2017
    # Read by exact rules (`In:`, `editors`, `Place: Publisher;`): parsed, not guessed.
    assert _parsed_fields(ref) == {
        "editors": "parsed",
        "container_title": "parsed",
        "edition": "parsed",
        "publisher": "parsed",
        "publisher_place": "parsed",
        "pages": "parsed",
    }


def test_web_reference_takes_url_and_access_date_from_its_text() -> None:
    ref = reference(
        '<mixed-citation publication-type="web"><collab>Sample Data Consortium</collab>. '
        "<source>Sample registry</source> [Internet]. 2023 [cited 2024 Jan 5]. Available from: "
        "https://example.org/registry</mixed-citation>"
    )
    assert (ref.type, ref.title) == ("webpage", "Sample registry")
    assert [p.literal for p in ref.authors] == ["Sample Data Consortium"]
    assert ref.url == "https://example.org/registry"
    assert ref.accessed is not None
    assert (ref.accessed.year, ref.accessed.month, ref.accessed.day) == (2024, 1, 5)
    assert ref.issued is not None and ref.issued.year == 2023
    assert _parsed_fields(ref) == {"issued": "parsed", "url": "parsed", "accessed": "parsed"}


def test_without_publication_type_the_words_of_the_text_give_the_type() -> None:
    ref = reference(
        "<mixed-citation>Sample Data Consortium. Sample registry [Internet]. 2023 [cited 2024 "
        "Jan 5]. Available from: https://example.org/registry</mixed-citation>"
    )
    assert ref.type == "webpage"
    assert ref.provenance is not None
    (typed,) = [f for f in ref.provenance.fields if f.field == "type"]
    assert typed.method == "heuristic"
    assert typed.detail == "no known publication-type: from the words of its text"


def test_a_locator_read_as_tagged_fills_the_untagged_parts() -> None:
    ref = reference(
        '<mixed-citation publication-type="journal">Gamma C. A title. <source>J Sample Stud'
        "</source>. 2019;<volume>11</volume>(4):45-52.</mixed-citation>"
    )
    assert (ref.volume, ref.issue, ref.pages) == ("11", "4", "45-52")
    assert ref.container_title == "J Sample Stud"
    # The tagged journal is the container: the parser's reading of it is not added.
    assert ref.container_title_short is None
    assert _parsed_fields(ref) == {
        "authors": "parsed",
        "title": "heuristic",
        "issued": "parsed",
        "issue": "parsed",
        "pages": "parsed",
    }


def test_a_reading_that_contradicts_a_tag_fills_nothing_of_its_group() -> None:
    ref = reference(
        '<mixed-citation publication-type="journal">Gamma C. A title. J Sample Stud. '
        "2019;11(4):45-52. Reprinted as volume <volume>12</volume>.</mixed-citation>"
    )
    assert (ref.volume, ref.issue, ref.pages) == ("12", None, None)


def test_an_e_locator_tagged_as_first_page_is_not_also_an_article_number() -> None:
    ref = reference(
        '<mixed-citation publication-type="journal">Yomosa M (2013) <article-title>Flocks'
        "</article-title>. <source>PLoS ONE</source> 8: <fpage>e81754</fpage>.</mixed-citation>"
    )
    assert (ref.volume, ref.pages, ref.article_number) == ("8", "e81754", None)


def test_tagged_text_is_never_read_again_as_another_field() -> None:
    # All the text is tagged: nothing is left for the parser to add.
    ref = reference(
        '<mixed-citation publication-type="book"><source>Biometry</source> <year>1995</year> '
        "<edition>3</edition><publisher-loc>New York, New York</publisher-loc>: "
        "<publisher-name>W. H. Freeman and Company</publisher-name></mixed-citation>"
    )
    assert (ref.publisher, ref.publisher_place) == (
        "W. H. Freeman and Company",
        "New York, New York",
    )
    assert _parsed_fields(ref) == {}


@pytest.mark.parametrize(
    ("xml", "day"),
    [
        pytest.param(
            '<date-in-citation content-type="access-date">cited 2024 Jan 5</date-in-citation>',
            (2024, 1, 5),
            id="cited-text",
        ),
        pytest.param(
            "<date-in-citation>[accessed 4 November 2008]</date-in-citation>",
            (2008, 11, 4),
            id="accessed-text",
        ),
        pytest.param(
            '<date-in-citation content-type="access-date"><day>3</day><month>Feb</month>'
            "<year>2024</year></date-in-citation>",
            (2024, 2, 3),
            id="date-parts",
        ),
        pytest.param(
            '<date-in-citation content-type="copyright-year">2019</date-in-citation>',
            None,
            id="not-an-access-date",
        ),
    ],
)
def test_tagged_access_date(xml: str, day: tuple[int, int, int] | None) -> None:
    ref = reference(
        f'<element-citation publication-type="web"><source>S</source>{xml}</element-citation>'
    )
    found = ref.accessed
    assert (None if found is None else (found.year, found.month, found.day)) == day


def test_unreadable_tagged_access_date_is_reported() -> None:
    ref = reference(
        '<element-citation publication-type="web"><source>S</source><date-in-citation '
        'content-type="access-date">some day</date-in-citation></element-citation>'
    )
    assert ref.accessed is None
    assert [d.code for d in ref.diagnostics] == ["jats.bad-date"]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        pytest.param(
            2,
            {
                "type": "article-journal",
                "et_al": True,
                "container_title": "Sample Rep",
                "article_number": "e42",
                "pages": None,
            },
            id="element-citation-journal",
        ),
        pytest.param(
            3,
            {
                "type": "book",
                "title": "The Book of Samples",
                "container_title": None,
                "edition": "2nd",
                "publisher": "Sample Press",
                "publisher_place": "Exampleton",
            },
            id="element-citation-book",
        ),
        pytest.param(
            4,
            {
                "type": "chapter",
                "title": "A chapter on samples",
                "container_title": "Collected Samples",
                "pages": "11-29",
            },
            id="element-citation-chapter",
        ),
        pytest.param(
            5,
            {"type": "webpage", "title": "Sample registry", "url": "https://example.org/registry"},
            id="element-citation-web",
        ),
        pytest.param(
            6,
            {"type": "article-journal", "title": "An older NLM citation", "pages": "e7"},
            id="nlm-citation",
        ),
        pytest.param(
            7,
            {"type": "paper-conference", "container_title": "Sample Conference 2016"},
            id="citation-confproc",
        ),
    ],
)
def test_reference_kinds(full: Record, index: int, expected: dict[str, object]) -> None:
    ref = full.references[index]
    assert {name: getattr(ref, name) for name in expected} == expected


def test_reference_people_and_ids(full: Record) -> None:
    book, chapter = full.references[3], full.references[4]
    assert [p.family for p in book.editors] == ["Eta"]
    assert [p.family for p in chapter.editors] == ["Iota"]
    assert [p.literal for p in full.references[5].authors] == ["Sample Data Consortium"]
    assert [p.literal for p in full.references[6].authors] == ["Sample Trialists"]
    assert full.references[2].identifier("pmcid") == "PMC9900002"
    # A DOI given only as a doi.org link, and as a typed ext-link.
    assert full.references[6].identifier("doi") == "10.5555/sm.2015.007"
    assert full.references[7].identifier("doi") == "10.5555/sc.2016.5"


@pytest.mark.parametrize(
    ("xml", "families", "editors"),
    [
        pytest.param(
            '<mixed-citation publication-type="book"><name><surname>A</surname>'
            "<given-names>B</given-names></name> (<year>1997</year>) <chapter-title>Ch"
            "</chapter-title>. In: <name><surname>C</surname><given-names>D</given-names>"
            "</name>, editors, <source>Bk</source>.</mixed-citation>",
            ["A"],
            ["C"],
            id="bare-names-editors-after-in",
        ),
        pytest.param(
            '<mixed-citation publication-type="book"><name><surname>A</surname></name>'
            '<person-group person-group-type="editor">Hendrix RW,Roberts JW</person-group>'
            "<source>Bk</source></mixed-citation>",
            ["A"],
            ["Hendrix", "Roberts"],
            id="untagged-editor-group",
        ),
    ],
)
def test_reference_names_written_straight(
    xml: str, families: list[str], editors: list[str]
) -> None:
    ref = reference(xml)
    assert [p.family for p in ref.authors] == families
    assert [p.family for p in ref.editors] == editors


def test_citation_alternatives_read_once() -> None:
    ref = reference(
        '<citation-alternatives><element-citation publication-type="journal"><article-title>'
        "T</article-title><source>S</source><year>2019</year></element-citation>"
        '<mixed-citation publication-type="journal">X. T. S. 2019.</mixed-citation>'
        "</citation-alternatives>"
    )
    assert (ref.title, ref.container_title) == ("T", "S")


def test_reference_year_with_letter_and_bad_month() -> None:
    ref = reference(
        '<element-citation publication-type="journal"><article-title>T</article-title>'
        "<year>2006a</year><month>13</month></element-citation>"
    )
    assert ref.issued is not None
    assert (ref.issued.year, ref.issued.month, ref.issued.raw) == (2006, None, "2006a 13")
    assert [d.code for d in ref.diagnostics] == ["jats.bad-date"]


# --- the articleset sample ---------------------------------------------------------------


def test_articleset_gives_two_records(articleset: list[Record]) -> None:
    assert [r.identifier("pmid") for r in articleset] == ["99000010", "99000011"]
    spans = [r.provenance.span for r in articleset if r.provenance]
    assert [(s.start, s.end) for s in spans if s] == [(4, 35), (36, 69)]


def test_year_only_collection_gives_way_to_the_electronic_date(articleset: list[Record]) -> None:
    first = articleset[0]
    assert first.issued is not None
    assert (first.issued.year, first.issued.month, first.issued.day) == (2021, 9, 13)
    assert first.issued.raw == "2021-09-13"  # the iso-8601-date attribute
    assert first.ecollection_year == 2021
    assert first.article_number == "00010-2021"
    assert first.journal is not None and first.journal.iso_abbreviation == "Sample Open Res."


def test_seasonal_collection_is_issued(articleset: list[Record]) -> None:
    second = articleset[1]
    assert second.issued is not None
    assert (second.issued.year, second.issued.season, second.issued.month) == (2020, "Winter", None)
    assert second.pages == "R12-R14"


def test_translated_title_of_a_german_article(articleset: list[Record]) -> None:
    second = articleset[1]
    assert second.title == "A review of the sample book"
    assert second.vernacular_title == "Eine Besprechung des Beispielbuchs"
    assert second.languages == ("de",)
    assert second.type == "review-book"


def test_bad_issn_is_kept_and_reported(articleset: list[Record]) -> None:
    second = articleset[1]
    assert second.journal is not None and second.journal.issn_electronic is None
    assert ("issn:electronic", "not-an-issn") in second.extra
    assert "jats.bad-issn" in codes(second)


def test_affiliation_inside_contrib_loses_its_sup_label(articleset: list[Record]) -> None:
    assert articleset[1].authors[0].affiliations == ("Beispiel-Universität, Musterstadt",)


def test_notes_conflict_of_interest(articleset: list[Record]) -> None:
    assert articleset[1].conflict_of_interest == "Keiner."


# --- entities -----------------------------------------------------------------------------


ENTITY_TITLE = "Entities\u00a0in titles — a café review"


def test_entities_with_a_doctype() -> None:
    record = parse_one((SAMPLES / "entities.xml").read_bytes())
    assert record.title == ENTITY_TITLE
    assert record.authors[0].family == "Renée"
    assert [d.text for d in record.diagnostics if d.code == "jats.html-entity"] == [
        "&nbsp;",
        "&mdash;",
        "&eacute;",
        "&euml;",
    ]


def test_entities_without_a_doctype() -> None:
    data = article(
        "<title-group><article-title>Entities&nbsp;in titles &mdash; a caf&eacute; review"
        "</article-title></title-group>",
        doctype=False,
    )
    record = parse_one(data)
    assert record.title == ENTITY_TITLE
    notes = [(d.code, d.line) for d in record.diagnostics]
    assert notes == [("jats.html-entity", 5)] * 3


def test_unknown_entity_is_reported_not_invented() -> None:
    record = parse_one(
        article("<title-group><article-title>A &madeup; title</article-title></title-group>")
    )
    assert record.title == "A title"
    assert "jats.unexpanded-entity" in codes(record)


# --- XML security -------------------------------------------------------------------------


def all_text(results: list[Record | FailedRecord]) -> str:
    return repr(results)


def test_external_entity_to_a_local_file_is_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    data = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE article [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        "<article><front><article-meta><title-group><article-title>X &xxe; Y"
        "</article-title></title-group></article-meta></front></article>\n"
    ).encode()
    results = parse_bytes(data)
    assert "TOP-SECRET-CONTENT" not in all_text(results)
    record = results[0]
    assert isinstance(record, Record)
    assert record.title == "X Y"
    assert "jats.unexpanded-entity" in codes(record)


def test_parameter_entity_and_local_dtd_are_not_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "LEAKED-FROM-DTD">', encoding="utf-8")
    data = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE article SYSTEM "{dtd.as_uri()}" [<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]>\n'
        "<article><front><article-meta><title-group><article-title>A &leak; B"
        "</article-title></title-group></article-meta></front></article>\n"
    ).encode()
    results = parse_bytes(data)
    assert "LEAKED-FROM-DTD" not in all_text(results)


def test_entity_expansion_bomb_is_not_expanded() -> None:
    # The classic "billion laughs": each entity is ten of the one before.
    entities = '<!ENTITY e0 "lol">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10)
    )
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE article [{entities}]>\n'
        "<article><front><article-meta><title-group><article-title>&e9;"
        "</article-title></title-group></article-meta></front></article>\n"
    ).encode()
    results = parse_bytes(data)
    assert len(all_text(results)) < 10_000
    assert "lollol" not in all_text(results)


@pytest.fixture
def dtd_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request made to it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b'<!ENTITY fetched "FETCHED-OVER-HTTP">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/jats.dtd", requests
    finally:
        server.shutdown()
        server.server_close()


def test_the_dtd_is_not_fetched(dtd_server: tuple[str, list[str]]) -> None:
    url, requests = dtd_server
    data = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange '
        f'DTD v1.3 20210610//EN" "{url}">\n'
        "<article><front><article-meta><title-group><article-title>A &fetched; B"
        "</article-title></title-group></article-meta></front></article>\n"
    ).encode()
    results = parse_bytes(data)
    assert requests == []
    assert "FETCHED-OVER-HTTP" not in all_text(results)


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line"),
    [
        pytest.param(
            b"<article>\n<front>\n<article-meta>\n<title-group></article-meta>\n</front>\n",
            4,
            id="mismatched-tag",
        ),
        pytest.param(b'<?xml version="1.0"?>\n<article>\n<front>\n', 4, id="truncated"),
        pytest.param(b"just some text\nnot xml at all\n", 1, id="not-xml"),
        pytest.param(b"<article>\n<title>a & b</title>\n</article>\n", 2, id="bare-ampersand"),
    ],
)
def test_malformed_xml_is_a_failed_record_naming_the_line(data: bytes, line: int) -> None:
    results = parse_bytes(data, name="bad.xml")
    assert len(results) == 1
    failed = results[0]
    assert isinstance(failed, FailedRecord)
    assert (failed.adapter, failed.file) == ("jats", "bad.xml")
    (diagnostic,) = failed.diagnostics
    assert (diagnostic.code, diagnostic.severity, diagnostic.line) == (
        "jats.malformed-xml",
        "error",
        line,
    )
    assert f"line {line}" in diagnostic.message
    assert failed.raw


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>", id="pubmed-xml"),
        pytest.param(b"<pmc-articleset></pmc-articleset>", id="empty-articleset"),
    ],
)
def test_no_article_is_a_failed_record(data: bytes) -> None:
    (failed,) = parse_bytes(data)
    assert isinstance(failed, FailedRecord)
    assert [d.code for d in failed.diagnostics] == ["jats.no-article"]


def test_article_without_article_meta_is_reported() -> None:
    record = parse_one(b"<article><front/></article>")
    assert "jats.no-article-meta" in codes(record)


def test_a_text_source_is_read_too() -> None:
    text = (SAMPLES / "entities.xml").read_text(encoding="utf-8")
    (record,) = list(ADAPTER.parse(Source("entities.xml", text)))
    assert isinstance(record, Record)
    assert record.title == ENTITY_TITLE


# --- the shared corpus --------------------------------------------------------------------


def corpus_files() -> list[Path]:
    # Listed at collection time; `test_corpus_is_there` skips (fails under CI) without it.
    directory = SHARED_ROOT / "corpus" / "jats"
    return sorted(directory.iterdir()) if directory.is_dir() else []


@pytest.fixture(scope="module")
def corpus_dir() -> Path:
    return shared_path("corpus", "jats")


def test_corpus_is_there(corpus_dir: Path) -> None:
    assert len(list(corpus_dir.iterdir())) >= 28


def tagged_dois(path: Path) -> list[str | None]:
    """The `pub-id[@pub-id-type="doi"]` of every citation of the file, by direct lookup."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    tree = etree.parse(str(path), parser)
    found: list[str | None] = []
    for ref in tree.iter("ref"):
        for item in ref:
            if item.tag in CITATION_TAGS:
                doi = item.find("pub-id[@pub-id-type='doi']")
                found.append(doi.text.strip() if doi is not None and doi.text else None)
            elif item.tag == "citation-alternatives":
                pytest.fail(f"{path.name}: citation-alternatives needs its own lookup here")
    return found


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_file(path: Path, corpus_dir: Path) -> None:
    data = path.read_bytes()
    assert ADAPTER.sniff(Sample(name=path.name, text=data[:65536].decode("utf-8"))) >= 0.9
    results = parse_bytes(data, name=path.name)
    assert results and all(isinstance(r, Record) for r in results), results
    records = [r for r in results if isinstance(r, Record)]
    for record in records:
        problems = schema.validate(serialize.record_to_json(record), "bibnorm-record")
        assert problems == [], problems[:3]
    dois = [c.identifier("doi") for r in records for c in r.references]
    expected = tagged_dois(path)
    assert len(dois) == len(expected)
    for got, wanted in zip(dois, expected, strict=True):
        if wanted is not None:
            assert got == wanted


# Found by the fuzz test (tests/reliability/test_fuzz.py): `str.isdigit` takes these.
@pytest.mark.parametrize("digits", ["\u00b2", "\u00b9\u00b2", "\u2460"])
def test_a_month_or_day_of_non_ascii_digits_is_reported_not_raised(digits: str) -> None:
    record = parse_one(
        article(
            f'<pub-date pub-type="epub"><day>{digits}</day><month>{digits}</month>'
            "<year>2020</year></pub-date>"
        )
    )
    assert record.epub_date is not None
    assert (record.epub_date.year, record.epub_date.month) == (2020, None)
    assert "jats.bad-date" in codes(record)
