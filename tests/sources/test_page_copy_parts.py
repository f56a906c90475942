"""How the `page-copy` reader places the parts of a page that older templates show without
headings or markers: a headingless abstract, a run-on structured abstract, author lines
without affiliation markers, a search result's full author list, the conflict-of-interest
statement. Every page here is invented, in the line shapes the sites show.
"""

from __future__ import annotations

import pytest

from bibnorm.manager import PluginHost
from bibnorm.model import Record
from bibnorm.parsing import parse_abstract
from bibnorm.registry import Sample, Source
from bibnorm.sources.pages.line_shapes import Kind, classify, read_authors
from bibnorm.sources.pages.page_copy import PageCopyAdapter

ADAPTER = PageCopyAdapter()
LONG = (
    "Invented kinases were long thought to act alone in the sample tissue of the model. "
    "We measured their joint action in forty invented cell lines and found that they act "
    "as pairs, which changes how the sample pathway should be read by later studies."
)


def parse(text: str) -> Record:
    (record,) = ADAPTER.parse(Source(name="page.txt", text=text))
    assert isinstance(record, Record)
    return record


def codes(record: Record) -> list[str]:
    return [d.code for d in record.diagnostics]


# --- the abstract ---------------------------------------------------------------------------

LEGACY_PUBMED = f"""Display Settings:

Abstract

Send to:

J Invent Res. 1975 Nov;12(3):189-98.

An invented state of the sample cells.

Rossi MF, Bianchi SE, de la Cruz PR.

Abstract

{LONG}

PMID: 99000001 [PubMed - indexed for MEDLINE]
"""


def test_legacy_display_format_line_is_not_the_abstract_heading() -> None:
    """`Abstract` beside `Display Settings:` names a display format; the abstract is under
    the second `Abstract`."""
    record = parse(LEGACY_PUBMED)
    assert record.abstract is not None
    assert record.abstract.sections[0].text == LONG
    assert "page_copy.abstract-unsure" not in codes(record)


def test_pubmed_author_list_without_markers() -> None:
    record = parse(LEGACY_PUBMED)
    assert [(p.family, p.initials) for p in record.authors] == [
        ("Rossi", "MF"),
        ("Bianchi", "SE"),
        ("de la Cruz", "PR"),
    ]


LEGACY_PMC = f"""We are sorry, but NCBI web applications do not support your browser.
Logo of invjLink to Publisher's site
Invent Microbiol. 2011; 11: 174.
Published online Aug 2, 2011. doi:  10.5555/inv-11-174
PMCID: PMC9900001

Factors in the invented lysis time of a sample phage



{LONG}


A second paragraph of the invented abstract, shorter than the first but still prose.


"""


def test_headingless_abstract_is_the_prose_after_the_title() -> None:
    record = parse(LEGACY_PMC)
    assert record.title == "Factors in the invented lysis time of a sample phage"
    assert record.abstract is not None
    texts = [s.text for s in record.abstract.sections]
    assert texts[0] == LONG
    assert texts[1].startswith("A second paragraph")
    assert "page_copy.abstract-unsure" in codes(record)


def test_headingless_abstract_stops_within_an_abstract_s_length() -> None:
    """Old PMC templates run the body on after the abstract with nothing between: the
    headingless abstract takes no more than an abstract's worth of words."""
    body = "\n\n".join([LONG] * 12)
    record = parse(LEGACY_PMC.replace(LONG, body))
    assert record.abstract is not None
    words = sum(len(s.text.split()) for s in record.abstract.sections)
    assert 0 < words <= 450
    assert "page_copy.unclaimed-line" in codes(record)  # the rest is reported, not lost


def test_a_short_line_after_the_title_is_no_headingless_abstract() -> None:
    record = parse(LEGACY_PMC.replace(LONG, "Short line."))
    assert record.abstract is None or record.abstract.sections[0].text != "Short line."


PMC_STRUCTURED = """Skip to main content
Invented Psychiatry logoLink to Invented Psychiatry
. 2026 Jan 13;16:1730949. doi: 10.5555/inv.2025.1730949
Group music and choir singing for invented people
Ann Lee 1, Bo Kim 2,*
PMCID: PMC9900002  PMID: 99000002
Abstract
Introduction
Music is often used in invented care homes.
Methods
We watched sixty invented sessions.
Results
The sessions differed.
Introduction
The body of the article starts here, under its own heading.
"""


def test_abstract_section_headings_and_where_the_body_starts() -> None:
    """`Introduction` labels the abstract's first section; a second `Introduction` after
    `Results` goes back in the usual order, so it is the body's."""
    record = parse(PMC_STRUCTURED)
    assert record.abstract is not None
    assert [(s.label, s.text) for s in record.abstract.sections] == [
        ("Introduction", "Music is often used in invented care homes."),
        ("Methods", "We watched sixty invented sessions."),
        ("Results", "The sessions differed."),
    ]


def test_run_on_labels_in_one_paragraph_stay_the_author_s_text() -> None:
    """A structured abstract shows each section as a paragraph; one paragraph running the
    labels together is an unstructured abstract whose author wrote them."""
    run_on = "Background: Invented cells. Methods: We counted them. Results: Many."
    (section,) = parse_abstract([run_on]).sections  # type: ignore[union-attr]
    assert (section.label, section.text) == (None, run_on)
    labelled = parse_abstract(["Background: Invented cells.", "Methods: We counted them."])
    assert labelled is not None
    assert [s.label for s in labelled.sections] == ["Background", "Methods"]
    motivation = parse_abstract(["Motivation: Invented reads need aligning: fast."])
    assert motivation is not None
    assert motivation.sections[0].label == "Motivation"


# --- authors ----------------------------------------------------------------------------------


def test_plain_names_right_under_the_title() -> None:
    page = (
        "Europe PMC\n"
        "Invent Bioinf. 2009 Jul 15; 25(14): 1754–1760.\n"
        "Published online 2009 May 18. https://doi.org/10.5555/inv.btp324\n"
        "PMCID: PMC9900003\n"
        "Fast invented alignment with a sample transform\n"
        "Heng Rossi and Richard Bianchi\n"
    )
    record = parse(page)
    assert [(p.given, p.family) for p in record.authors] == [
        ("Heng", "Rossi"),
        ("Richard", "Bianchi"),
    ]


def test_names_without_markers_are_not_authors_out_of_place() -> None:
    """Out of context a plain list of capitalised words is no author line."""
    assert read_authors("Heng Rossi and Richard Bianchi") is None
    assert read_authors("Vitamin D.", unmarked=True) is None
    assert classify("Supplementary Materials").kind is Kind.HEADING
    page = (
        "Skip to main content\n"
        "Invent Oncol. 2018 Feb 13; 9(12): 10681–10697.\n"
        "PMCID: PMC9900004\n"
        "An invented particle and the sample mouse\n"
        "Associated Data\n"
        "Supplementary Materials\n"
        "Abstract\n"
        "Invented text of the abstract.\n"
    )
    assert parse(page).authors == ()


def test_search_result_keeps_its_full_author_list() -> None:
    line = (
        "Rossi R, Bianchi K, van der Berg G, Lee AB Jr.Rossi R, et al. Among authors: lee ab."
        "Invent J. 2015 Jul 25;386(9991):341-9. doi: 10.5555/inv.1. Epub 2015 May 18."
        "Invent J. 2015.PMID: 99000005Free PMC article."
    )
    record = parse(line + "\n")
    assert [(p.family, p.initials) for p in record.authors] == [
        ("Rossi", "R"),
        ("Bianchi", "K"),
        ("van der Berg", "G"),
        ("Lee", "AB"),
    ]
    assert not record.et_al


# --- statements ---------------------------------------------------------------------------


def test_conflict_of_interest_statement() -> None:
    page = (
        ". 2021 Mar;6:1. doi: 10.5555/inv.2\n"
        "An invented title of a sample paper\n"
        "Ann Lee et al. Invent Open Res. 2021.\n"
        "Abstract\n"
        "Invented abstract text.\n"
        "PubMed Disclaimer\n"
        "Conflict of interest statement\n"
        "No competing interests were disclosed.\n"
    )
    record = parse(page)
    assert record.conflict_of_interest == "No competing interests were disclosed."
    assert "page_copy.unclaimed-line" not in codes(record)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Ann Lee, MD and Bo Kim, PhD, MPH", ["Lee", "Kim"]),
        ("Ann Lee, professor,1 Bo Kim, senior researcher,2,3", ["Lee", "Kim"]),
        ("Lee A, Kim B, Wu C; Invented Study Group.", ["Lee", "Kim", "Wu", "Invented Study Group"]),
        (
            "Invented Collaborative Group; Ann Lee, Bo Kim",
            ["Invented Collaborative Group", "Lee", "Kim"],
        ),
        (
            "Ann Lee, Bo Kim, and on behalf of the Invented Trialists",
            ["Lee", "Kim", "Invented Trialists"],
        ),
        ("GBD 2099 Invented Diseases Collaborators", ["GBD 2099 Invented Diseases Collaborators"]),
    ],
)
def test_author_line_forms_under_the_title(line: str, names: list[str]) -> None:
    page = (
        "Skip to main content\n"
        "Invent J logoLink to Invent J\n"
        ". 2020 Oct 17;396(10258):1204–1222. doi: 10.5555/inv.3\n"
        "An invented title about sample diseases\n"
        f"{line}\n"
        "PMCID: PMC9900006  PMID: 99000006\n"
    )
    record = parse(page)
    assert [p.family or p.literal for p in record.authors] == names


def test_a_title_line_is_no_author_line() -> None:
    assert read_authors("Practical Guidelines for The Management", unmarked=True) is None
    assert read_authors("Group therapy; anxiety; depression", unmarked=True) is None


# --- titles ---------------------------------------------------------------------------------


def test_title_wrapped_onto_a_second_line_and_a_category_above_it() -> None:
    page = (
        "Logo of invjLink to Publisher's site\n"
        "Invent J. Nov 15, 2005; 102(46): 16569–16572.\n"
        "PMCID: PMC9900007\n"
        "Physics\n"
        "Statistical tests, P values, and power: a guide to\n"
        "misinterpretations\n"
        "Ann Lee 1,, Bo Kim 2\n"
    )
    record = parse(page)
    assert record.title == "Statistical tests, P values, and power: a guide to misinterpretations"
    assert [p.family for p in record.authors] == ["Lee", "Kim"]
    assert "page_copy.article-category" in codes(record)


# --- lists of other articles ------------------------------------------------------------------

LEGACY_WITH_COMMENTS = f"""Display Settings:
Abstract
Send to:
Invent J. 2010 Mar 23;340:c332. doi: 10.5555/inv.c332.
An invented statement: updated guidelines for sample trials.
Lee A, Kim B, Wu C; Invented Group.
Abstract
{LONG}
Comment in:
    Invent Trials. 2010 Mar 24;11:31.
    Ann Invent Med. 2010 Jun 1;152(11):JC6-2.
PMID: 99000008 [PubMed - indexed for MEDLINE] PMCID: PMC9900008 Free PMC Article
"""


def test_a_comment_list_s_citations_are_links_not_the_record_s() -> None:
    """Citation lines under `Comment in:` are other articles: the record's citation is its
    own line, and the page is still claimed as one page (not a list of results)."""
    assert ADAPTER.sniff(Sample(name="p.txt", text=LEGACY_WITH_COMMENTS)) >= 0.5
    record = parse(LEGACY_WITH_COMMENTS)
    assert (record.container_title_short, record.volume, record.article_number) == (
        "Invent J",
        "340",
        "c332",
    )
    assert [(link.relation, link.citation.container_title_short) for link in record.links_to] == [
        ("comment-in", "Invent Trials"),
        ("comment-in", "Ann Invent Med"),
    ]
    assert record.identifier("pmcid") == "PMC9900008"


def test_numbered_references_with_their_link_labels() -> None:
    page = (
        ". 2014 Dec 26;289(52):36125-39.\n"
        "doi: 10.5555/inv.4. Epub 2014 Nov 13.\n"
        "An invented title of a sample paper\n"
        "Ann Lee et al. Invent Biol Chem. 2014.\n"
        "References\n"
        "    1. Invent Res. 1995 Sep;9(12):1173-82 - PubMed\n"
        "    1. Rossi A, Bianchi B. An invented cited paper. Invent Cell. 2003;100(7):3913-8."
        " doi: 10.5555/inv.5 - DOI - PubMed\n"
    )
    record = parse(page)
    first, second = record.references
    assert (first.container_title_short, first.volume, first.links) == (
        "Invent Res",
        "9",
        ("PubMed",),
    )
    assert second.title == "An invented cited paper"
    assert second.links == ("DOI", "PubMed")
    assert "page_copy.unclaimed-line" not in codes(record)


def test_a_mirror_page_with_one_citation_line_is_claimed() -> None:
    """A page showing only a title, its citation line and `No abstract available` still
    shows a record: it is claimed, not refused."""
    page = (
        "An invented editorial on sample diseases\n"
        "Invent Med J. 2009 Jun 4;360(23):2467-70. doi: 10.5555/inv.6.\n"
        "No abstract available\n"
        "MeSH terms\n"
        "  • Animals\n"
    )
    assert ADAPTER.sniff(Sample(name="p.txt", text=page)) >= 0.5
    record = parse(page)
    assert record.title == "An invented editorial on sample diseases"
    assert record.identifier("doi") == "10.5555/inv.6"


def test_zero_width_spaces_between_parts_are_dropped() -> None:
    zwsp = "\u200b"
    line = (
        f"Lee A, Kim B.{zwsp}Lee A, et al.{zwsp}Invent Psychiatry."
        f" 1998;59 Suppl 20:22-33;quiz 34-57.{zwsp}Invent Psychiatry. 1998."
        f"{zwsp}PMID: 99000009{zwsp}Review."
    )
    record = parse(line + "\n")
    assert record.identifier("pmid") == "99000009"
    assert (record.volume, record.issue) == ("59", "Suppl 20")
    assert [p.family for p in record.authors] == ["Lee", "Kim"]


# --- today's pages as they really come ------------------------------------------------------


def test_europe_pmc_header_with_its_own_citation_line() -> None:
    """Europe PMC shows its own `Journal, 05 Dec 2016, 5(1):210` line, and the title above
    a PubMed-style author list cut with `...`; a copy cut before the embedded PMC block
    still gives the record."""
    page = (
        "Europe PMC\n"
        "Share this article\n"
        "Similar Articles\n"
        "Cite\n"
        "Rayyan-a web app for invented reviews.\n"
        "Ouzzani M 1, Hammady H 1, Fedorowicz Z 2 ...\n"
        "Author information\n"
        "Invent reviews, 05 Dec 2016, 5(1):210\n"
        "https://doi.org/10.5555/inv.7 PMID: 99000010 PMCID: PMC9900010\n"
        "Review Free to read & use\n"
    )
    record = parse(page)
    assert record.title == "Rayyan-a web app for invented reviews."
    assert [p.family for p in record.authors] == ["Ouzzani", "Hammady", "Fedorowicz"]
    assert record.et_al
    assert (record.container_title_short, record.volume, record.issue, record.pages) == (
        "Invent reviews",
        "5",
        "1",
        "210",
    )
    assert {i.scheme: i.value for i in record.identifiers} == {
        "pmid": "99000010",
        "pmcid": "PMC9900010",
        "doi": "10.5555/inv.7",
    }


def test_pmc_style_citation_wins_over_europe_pmc_s_own_line() -> None:
    page = (
        "Invent journal of sports, 01 Dec 2020, 54(24):1451-1462\n"
        "Logo of invjLink to Publisher's site\n"
        "Invent J Sports. 2020 Dec; 54(24): 1451–1462.\n"
        "PMCID: PMC9900011\n"
        "An invented title about sample sports\n"
    )
    record = parse(page)
    assert (record.container_title_short, record.pages_raw or record.pages) == (
        "Invent J Sports",
        "1451–1462",
    )


def test_pubmed_id_line_with_a_doi_and_the_journal_above_the_citation() -> None:
    page = (
        "Review\n"
        "Invent Nurs Health\n"
        ". 2006 Oct;29(5):489-97.\n"
        "doi: 10.5555/nur.8.\n"
        "The invented validity index: are you sure?\n"
        "Critique and recommendations\n"
        "PMID: 99000012 DOI: 10.5555/nur.8\n"
        "The invented validity index: are you sure? Critique and recommendations\n"
        "Publication types\n"
        "\tReview\n"
        "LinkOut - more resources\n"
        "\tFull Text Sources\n"
        "\tInvented Periodicals, Inc.\n"
    )
    record = parse(page)
    assert record.title == "The invented validity index: are you sure? Critique and recommendations"
    assert record.container_title_short == "Invent Nurs Health"
    assert record.identifier("pmid") == "99000012"
    assert [t.name for t in record.publication_types] == ["Review"]
    assert record.linkout == ("Full Text Sources", "Invented Periodicals, Inc.")
    assert "page_copy.unclaimed-line" not in codes(record)


def test_markers_suffixes_and_a_copy_that_starts_below_the_citation() -> None:
    assert [(a.family, a.suffix, a.markers) for a in read_authors("Ann R. Lee, Jr,1 Bo Kim,2")] == [
        ("Lee", "Jr", "1"),
        ("Kim", None, "2"),
    ]
    (first, _) = read_authors("Ann Lee 1,✉, Bo Kim 2") or ()
    assert first.markers == "1,✉"
    page = (
        "rsity, Raleigh, North Carolina.\n"
        "PMID: 99000013 PMCID: PMC9900013 DOI: 10.5555/vim.9\n"
        "Review\n"
        "Invented consensus guidelines for sample dogs\n"
        "Bruce W Lee et al. J Invent Vet Med. 2019 May.\n"
    )
    record = parse(page)
    assert record.title == "Invented consensus guidelines for sample dogs"
    assert record.issued is not None and (record.issued.year, record.issued.month) == (2019, 5)
    assert record.container_title_short == "J Invent Vet Med"


@pytest.mark.parametrize(
    "line",
    [
        "Sign out | Help | Library",
        "Translated from: English Translate to: Deutsch",
        "Invented title of a page - PubMed",
        "pubmed.ncbi.nlm.nih.gov",
        "9–11 minutes",
        "Northfield University Library",
        "You are accessing this content through Northfield University Library.",
    ],
)
def test_proxy_translation_and_reader_view_lines_are_chrome(line: str) -> None:
    assert classify(line).kind is Kind.CHROME


def test_a_reference_ending_in_a_link_label_is_no_reader_view_title() -> None:
    assert classify("    1. Invent Res. 1995 Sep;9(12):1173-82 - PubMed").kind is Kind.LIST_ITEM


def test_pmc_author_notes_history_and_copyright() -> None:
    page = (
        "Skip to main content\n"
        "Invent Lung J\n"
        ". 2021 Nov 10;12:697298. doi: 10.5555/inv.14\n"
        "An invented randomised trial of two sample drugs\n"
        "Ana Gómez-Ruiz 1, Pierre Dupont 2,#, Li Wei 1,*\n"
        "Find articles by Ana Gómez-Ruiz\n"
        "Author information\n"
        "1 Sample Cancer Centre, Madrid, Spain\n"
        "2 Sample Oncology Institute, Lyon, France\n"
        "# Contributed equally.\n"
        "* Correspondence: li.wei@example.org\n"
        "Received 2021 Feb 12; Accepted 2021 Aug 7; Collection date 2021.\n"
        "Copyright © 2021 Gómez-Ruiz, Dupont and Wei.\n"
        "PMCID: PMC9900014  PMID: 99000014\n"
    )
    record = parse(page)
    assert record.container_title_short == "Invent Lung J"
    assert [a.affiliations for a in record.authors] == [
        ("Sample Cancer Centre, Madrid, Spain",),
        ("Sample Oncology Institute, Lyon, France",),
        ("Sample Cancer Centre, Madrid, Spain",),
    ]
    assert [(a.equal_contribution, a.corresponding) for a in record.authors] == [
        (False, False),
        (True, False),
        (False, True),
    ]
    assert [(h.status, h.date.year, h.date.month) for h in record.history] == [
        ("received", 2021, 2),
        ("accepted", 2021, 8),
        ("collection date", 2021, None),
    ]
    assert ("copyright", "Copyright © 2021 Gómez-Ruiz, Dupont and Wei.") in record.extra
    assert "page_copy.unclaimed-line" not in codes(record)


# --- never refuse a text that shows a record --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scheme", "value"),
    [
        ("Some notes I took\nPMID: 99000015\n", "pmid", "99000015"),
        ("doi: 10.5555/inv.16\nMy notes about this paper.\n", "doi", "10.5555/inv.16"),
        ("PMCID: PMC9900017\n", "pmcid", "PMC9900017"),
        ("Interesting paper\nhttps://doi.org/10.5555/inv.18\n", "doi", "10.5555/inv.18"),
    ],
)
def test_a_record_line_in_an_unknown_layout_is_claimed_and_nothing_guessed(
    text: str, scheme: str, value: str, host: PluginHost
) -> None:
    """A PMID, PMCID or DOI line with nothing of a known page around it is still claimed
    by detection (not refused): its identifier is read, no title is guessed, and the
    record says the layout was unknown."""
    ranked = host.rank(Sample(name="note.txt", text=text))
    assert ranked[0] == ("page-copy", 0.5)
    record = parse(text)
    assert record.identifier(scheme) == value
    assert record.title is None
    assert "page_copy.unknown-layout" in codes(record)


def test_a_citation_line_alone_is_claimed() -> None:
    record = parse("Invent Nature. 2009 Oct 15;461(7266):923-9.\n")
    assert (record.container_title_short, record.volume, record.pages_raw) == (
        "Invent Nature",
        "461",
        "923-9",
    )


def test_letter_markers_and_long_roles() -> None:
    authors = read_authors("Randy L. Invent,a,b,c Jessica R. Sample-Lee,a,b and Dan L. Wu,a")
    assert [(a.family, a.markers) for a in authors or ()] == [
        ("Invent", "1,2,3"),
        ("Sample-Lee", "1,2"),
        ("Wu", "1"),
    ]
    authors = read_authors(
        "Trisha Invent, professor of primary care health sciences,1 Jeremy Lee, senior"
        " research fellow,2 for the Invented Renaissance Group"
    )
    assert [a.family or a.name for a in authors or ()] == [
        "Invent",
        "Lee",
        "Invented Renaissance Group",
    ]
    page = (
        "Invent Acad Sci. 2008 Mar; 1124: 1–38.\n"
        "PMCID: PMC9900030\n"
        "The invented default network of a sample brain\n"
        "Randy L. Invent,a,b Jessica R. Sample-Lee,a\n"
        "aDepartment of Invented Studies, Sample University\n"
        "bSample Institute of the Brain\n"
    )
    record = parse(page)
    assert [a.affiliations for a in record.authors] == [
        ("Department of Invented Studies, Sample University", "Sample Institute of the Brain"),
        ("Department of Invented Studies, Sample University",),
    ]


def test_a_group_after_and_the_and_a_table_row_is_no_author_line() -> None:
    authors = read_authors("Paul E Invent, 6 Gary B Lee, 7 and the Missed Sample Study Group")
    assert [(a.family or a.name, a.group) for a in authors or ()] == [
        ("Invent", False),
        ("Lee", False),
        ("Missed Sample Study Group", True),
    ]
    assert read_authors("Group A 0.34 -0.72") is None
    assert read_authors("Ann Lee and the Beatles", unmarked=True) is None


def test_a_bare_marker_line_in_a_list_is_no_reference() -> None:
    page = (
        ". 2014 Dec 26;289(52):36125-39.\n"
        "An invented title of a sample paper\n"
        "Ann Lee et al. Invent Biol Chem. 2014.\n"
        "References\n"
        "-\n"
        "    1. Invent Res. 1995 Sep;9(12):1173-82 - PubMed\n"
    )
    record = parse(page)
    assert [c.container_title_short for c in record.references] == ["Invent Res"]
