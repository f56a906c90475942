"""The `pubmed-summary` adapter: current and legacy layouts, splitting, and the corpus by eye."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import shared_path

from bibnorm import detect, inputs, pipeline
from bibnorm.manager import PluginHost
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample
from bibnorm.sources.exports.pubmed_summary import PubmedSummaryAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (REPO_ROOT / "samples" / "pubmed-summary").glob("*.txt"))
CURRENT = """\
1: Smith J, Doe A. A title that wraps over
two lines. Lancet. 2020 Jan 4;395(10217):45-52. doi: 10.1016/x. PMID: 99000001;
PMCID: PMC9900001.

2: Roe B. Another title. BMJ. 2020 Nov 1. doi: 10.1136/y. Epub ahead of print.
PMID: 99000002.
"""
LEGACY = """\
1. A legacy title.
Smith J, Doe A.
Lancet. 2020 Jan 4;395(10217):45-52.
PMID: 99000011 [Indexed for MEDLINE]
Similar articles
"""


def parse(text: str) -> list[Record | FailedRecord]:
    return list(PubmedSummaryAdapter().parse(inputs.from_text(text, name="in.txt")))


def records(text: str) -> list[Record]:
    return [r for r in parse(text) if isinstance(r, Record)]


def test_contract() -> None:
    check_source_adapter(PubmedSummaryAdapter(), [p.read_text("utf-8") for p in SAMPLES])


@pytest.mark.parametrize("text", [CURRENT, LEGACY, "\ufeff" + CURRENT])
def test_sniff_claims_both_layouts(text: str) -> None:
    assert PubmedSummaryAdapter().sniff(Sample(name="x", text=text)) >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "1. Nature. 2009 Oct 15;461:923-9.\n\nTitle.\n\nPMID: 1\n",  # Abstract (text)
        "35743275\n19829374\n",  # a PMID list
        "PMID- 1\nTI  - x\n",
        "1. First point.\n2. Second point.\n",
    ],
)
def test_sniff_leaves_other_text(text: str) -> None:
    assert PubmedSummaryAdapter().sniff(Sample(name="x", text=text)) < detect.CLAIM_THRESHOLD


def test_current_records_are_read_across_wrapped_lines() -> None:
    first, second = records(CURRENT)
    assert first.title == "A title that wraps over two lines"
    assert [a.raw for a in first.authors] == ["Smith J", "Doe A"]
    assert first.container_title_short == "Lancet"
    assert (first.volume, first.issue, first.pages) == ("395", "10217", "45-52")
    assert first.identifier("pmcid") == "PMC9900001"
    assert first.provenance is not None and first.provenance.span is not None
    assert (first.provenance.span.start, first.provenance.span.end) == (1, 3)
    assert second.flags == ("Epub ahead of print",)
    assert second.identifier("doi") == "10.1136/y"


def test_a_numbered_wrapped_line_is_no_new_record() -> None:
    text = "1: Smith J. Results in\n2: groups of ten. Lancet. 2020;1:2. PMID: 99000003.\n"
    (record,) = records(text)
    assert record.title == "Results in 2: groups of ten"


def test_a_record_without_authors_starts_with_its_title() -> None:
    (record,) = records("1: Is it? A review: Retraction. Lancet. 2020;1:2. PMID: 99000004.\n")
    assert record.authors == ()
    assert record.title == "Is it? A review: Retraction"


def test_hyphen_at_a_line_end_joins_the_word() -> None:
    text = "1: Smith J. Network meta-\nanalysis of pages. Lancet. 2020;1:100-\n110. PMID: 5.\n"
    (record,) = records(text)
    assert record.title == "Network meta-analysis of pages"
    assert record.pages == "100-110"


def test_legacy_record_reads_each_line() -> None:
    (record,) = records(LEGACY)
    assert record.title == "A legacy title"
    assert [a.raw for a in record.authors] == ["Smith J", "Doe A"]
    assert record.identifier("pmid") == "99000011"
    assert record.flags == ("Indexed for MEDLINE",)
    assert [d.code for d in record.diagnostics] == ["pubmed_summary.page-link"]


def test_a_paragraph_without_pmid_is_a_failed_record_and_the_next_is_read() -> None:
    text = CURRENT.replace("PMID: 99000001;\nPMCID: PMC9900001.", "")
    items = parse(text)
    assert [type(i).__name__ for i in items] == ["FailedRecord", "Record"]


# Values read by eye from the corpus files: (number, pmid, first author or None, title start,
# journal, year, volume, issue, pages or article number).
CORPUS = {
    "p1m-qs__summary-systematic-set_2020-11-01_203.txt": (203, [
        (1, "33131210", "Romm MJ", "A Meta-analysis of Therapeutic Pain Neuroscience Education,"
         " Using Dosage and Treatment Format as Moderator Variables", "Pain Pract", 2020, None,
         None, None),
        (4, "33131192", "Sanghera J", "The impact of SARS-CoV-2 on the mental health",
         "J Occup Health", 2020, "62", "1", "e12175"),
        (5, "33131183", "de Geus TJ", "Qualitative review on N-methyl-D-aspartate receptor",
         "Dev Neurobiol", 2020, None, None, None),
        (21, "33130628", "Garg K", "Perceptions of Indian neurosurgeons", "Neurosurg Focus",
         2020, "49", "5", "E10"),
        (35, "33130459", "Monti S", "Use and reporting of outcome measures in randomized trials"
         " for anti-neutrophil cytoplasmic antibody-associated vasculitis",
         "Semin Arthritis Rheum", 2020, "50", "6", "1314-1325"),
        (174, "33126400", None, "Does exposure to asbestos cause prostate cancer? A systematic"
         " literature review and meta-analysis: Retraction", "Medicine (Baltimore)", 2020, "99",
         "44", "e23097"),
        (203, "33126305", "Yang Y", "The influence of hypoglycemia and hyperglycemia",
         "Medicine (Baltimore)", 2020, "99", "44", "e22587"),
    ]),
    "p1m-qs__summary-systematic-set_original_309.txt": (309, [
        (1, "32871624", "Kendrick D", "Evidence generated from a realist synthesis",
         "Diabet Med", 2020, None, None, None),
        (3, "32871569", "Chan AY", "Back pain outcomes after minimally invasive anterior lumbar"
         " interbody fusion: a systematic review", "Neurosurg Focus", 2020, "49", "3", "E3"),
        (11, "32871440", "Kumar N", '"Emerging role of Novel Seminal Plasma Bio-markers',
         "Eur J Obstet Gynecol Reprod Biol", 2020, "253", None, "170-179"),
        (119, "32868618", None, "Nurse Counseling as Part of A Multicomponent Tobacco",
         "J Addict Nurs", 2020, "31", "3", "E25-E26"),
        (213, "32430162", "Voigt J", "Meta-Analysis Comparing Outcomes of Therapies",
         "Am J Cardiol", 2020, "127", None, "73-83"),
        (309, "28140751", "Davies DA", "The International Pediatric Endosurgery Group",
         "J Laparoendosc Adv Surg Tech A", 2020, "30", "2", "221-227"),
    ]),
}  # fmt: skip


def corpus_records(name: str, host: PluginHost) -> list[Record]:
    path = shared_path("corpus", "pubmed-summary-text", name)
    result = pipeline.parse_path(path, host)
    assert result.format == "pubmed-summary"
    assert result.failed == ()
    return list(result.records)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_values_read_by_eye(name: str, host: PluginHost) -> None:
    found = corpus_records(name, host)
    count, expected = CORPUS[name]
    assert len(found) == count
    for number, pmid, first, title, journal, year, volume, issue, pages in expected:
        record = found[number - 1]
        assert record.identifier("pmid") == pmid, number
        assert (record.authors[0].raw if record.authors else None) == first, pmid
        assert record.title is not None and record.title.startswith(title), pmid
        assert record.container_title_short == journal, pmid
        assert record.issued is not None and record.issued.year == year, pmid
        assert (record.volume, record.issue) == (volume, issue), pmid
        assert (record.pages or record.article_number) == pages, pmid


def test_corpus_special_records(host: PluginHost) -> None:
    current = corpus_records("p1m-qs__summary-systematic-set_2020-11-01_203.txt", host)
    by_pmid = {r.identifier("pmid"): r for r in current}
    assert by_pmid["33127076"].identifier("pmcid") == "PMC7491991"
    assert by_pmid["33131192"].identifier("doi") == "10.1002/1348-9585.12175"
    assert by_pmid["33131210"].flags == ("Epub ahead of print",)
    original = corpus_records("p1m-qs__summary-systematic-set_original_309.txt", host)
    by_pmid = {r.identifier("pmid"): r for r in original}
    groups = [a.literal for a in by_pmid["32822601"].authors if a.literal]
    assert groups == [
        "Diabetes in Pregnancy Working Group",
        "Maternal Medicine Clinical Study Group",
        "Royal College of Obstetricians and Gynaecologists, UK",
    ]
    (erratum,) = by_pmid["32868237"].links_to
    assert (erratum.relation, erratum.citation.raw) == (
        "erratum-for",
        "Dev Cogn Neurosci. 2017 Jun;25:12-28.",
    )
    assert by_pmid["32868618"].issued is not None
    assert by_pmid["32868618"].issued.raw == "2020 Jul/Sep"


# Found by the fuzz test (tests/reliability/test_fuzz.py): a record wrapped over
# thousands of lines, each with a `. 2021` that could start a journal citation, was
# searched again from its start for every one (minutes at 8,000 lines).
def test_a_record_of_thousands_of_wrapped_lines_is_read_whole() -> None:
    line = "duration and blood pressure in adolescents: a cohort study. Hypertension. 2021\n"
    text = (
        "1: Nakamura K, O'Brien S. Sleep\n"
        + line * 2000
        + "Feb;77(2):512-519. doi: 10.1161/x. PMID: 99000431.\n"
    )
    [record] = records(text)
    assert record.identifiers[0].value == "99000431"
    assert record.title is not None
    assert record.title.startswith("Sleep duration and blood pressure")
