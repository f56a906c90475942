"""Page copies that travelled: quoted in e-mail, hard-wrapped, printed to PDF. The shapes
of their lines come back once `sources/pages/unwrap.py` undoes the quoting and wrapping.
Every page here is invented."""

from __future__ import annotations

from bibnorm.model import Record
from bibnorm.registry import Source
from bibnorm.sources.pages.line_shapes import Kind, classify
from bibnorm.sources.pages.page_copy import PageCopyAdapter
from bibnorm.sources.pages.unwrap import prepare_lines

ADAPTER = PageCopyAdapter()

QUOTED_WRAPPED_RESULT = """On Mon, Dec 7, 2026 at 11:02 AM Ana Lee <ana@example.org> wrote:
> This is the one we should cite, I think:
>
> 1
> Cite
> Share
> Staging and grading of invented periodontitis: framework and proposal of a
> new classification and case definition.
> Tonetti MS, Greenwell H, Kornman KS.Tonetti MS, et al.J Invent Periodontol.
> 2018 Jun;45 Suppl 20:S149-S161. doi: 10.5555/jcpe.12945.J Invent Periodontol.
> 2018.PMID: 99000020 Review.
>
> Sent from the clinic
"""


def parse(text: str) -> Record:
    (record,) = ADAPTER.parse(Source(name="mail.txt", text=text))
    assert isinstance(record, Record)
    return record


def test_quoted_and_wrapped_search_result_is_read_whole() -> None:
    record = parse(QUOTED_WRAPPED_RESULT)
    assert record.identifier("pmid") == "99000020"
    assert record.title == (
        "Staging and grading of invented periodontitis: framework and proposal of a new"
        " classification and case definition."
    )
    assert [p.family for p in record.authors] == ["Tonetti", "Greenwell", "Kornman"]
    assert (record.volume, record.issue, record.pages) == ("45", "Suppl 20", "S149-S161")
    notes = {d.code for d in record.diagnostics}
    assert {"page_copy.unquoted", "page_copy.unwrapped"} <= notes


def test_lines_keep_their_first_number_when_joined() -> None:
    prepared = prepare_lines(QUOTED_WRAPPED_RESULT)
    numbers = [number for number, text in prepared.lines if text.startswith("Tonetti MS")]
    assert numbers == [9]


def test_an_unwrapped_copy_is_left_as_it_is() -> None:
    """Lines of a browser copy are as long as the page's paragraphs: nothing is joined,
    even where a short page has several lines of about the same length."""
    text = (
        "Skip to main content\n"
        "Acta Inventa logoLink to Acta Inventa\n"
        ". 2020 Aug 14;40(9):1139–1143. doi: 10.5555/ai.2020.40\n"
        "Rivers that were never mapped: an invented survey\n"
        "Tomas Riva 1,2, Lea van Dijk 2,*, Omar Sol 1\n"
        "PMCID: PMC9990001  PMID: 99900001\n"
    )
    prepared = prepare_lines(text)
    assert prepared.notes == []
    assert [t for _, t in prepared.lines] == text.split("\n")


def test_a_printed_page_s_header_and_footer_are_chrome() -> None:
    assert classify("3/14/2016 PubMed - The meaning of an invented curve").kind is Kind.CHROME
    assert classify("http://www.ncbi.nlm.nih.gov/pubmed/99000021 1/1").kind is Kind.CHROME
    page = (
        "3/14/2016 PubMed - The meaning of an invented curve\n"
        "The meaning and use of the area under an invented curve.\n"
        "Invent Radiology. 1982 Apr;143(1):29-36. doi: 10.5555/rad.143.\n"
        "http://www.ncbi.nlm.nih.gov/pubmed/99000021 1/1\n"
    )
    record = parse(page)
    assert record.title == "The meaning and use of the area under an invented curve."
    assert record.identifier("pmid") is None  # only in the footer's link: not shown as a PMID


def test_a_reader_view_copy_gives_its_title_and_byline() -> None:
    """A browser's reader view: the title, the site's name, the byline, the reading time,
    then the citation line."""
    page = (
        "Peer review: an invented flawed process at the heart of science\n"
        "ncbi.nlm.nih.gov\n"
        "Richard Invent\n"
        "8–10 minutes\n"
        "\n"
        "J Invent Soc Med. 2006 Apr;99(4):178–182. doi: 10.5555/jrsm.99\n"
        "\n"
        "Peer review is at the heart of invented science. It is the method by which grants"
        " are allocated and papers published.\n"
    )
    record = parse(page)
    assert record.title == "Peer review: an invented flawed process at the heart of science"
    assert [(p.given, p.family) for p in record.authors] == [("Richard", "Invent")]
    assert record.container_title_short == "J Invent Soc Med"
