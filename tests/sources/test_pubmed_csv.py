"""The `pubmed-csv` adapter: both layouts, detection, broken rows, and the corpus read by eye."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from shared_data import shared_path

from bibnorm import detect, inputs, pipeline
from bibnorm.manager import PluginHost
from bibnorm.model import FailedRecord, Record
from bibnorm.registry import Sample
from bibnorm.sources.exports.pubmed_csv import PubmedCsvAdapter
from bibnorm.testing import check_source_adapter

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (REPO_ROOT / "samples" / "pubmed-csv").glob("*.csv") if p.is_file())
HEADER = (
    "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,"
    "Create Date,PMCID,NIHMS ID,DOI"
)
ROW = (
    '"19829374","Kinetics of a test.","Smith J, Doe A.",'
    '"Nature. 2009 Oct 15;461(7266):923-9. doi: 10.1038/nature08479. Epub 2009 Sep 20.",'
    '"Smith J","Nature","2009","2009/09/22","PMC2777462","","10.1038/nature08479"'
)
LEGACY_HEADER = (
    "Title,URL,Description,Details,ShortDetails,Resource,Type,Identifiers,Db,EntrezUID,Properties"
)


def parse(text: str) -> list[Record | FailedRecord]:
    return list(PubmedCsvAdapter().parse(inputs.from_text(text, name="in.csv")))


def records(text: str) -> list[Record]:
    return [r for r in parse(text) if isinstance(r, Record)]


def test_contract() -> None:
    check_source_adapter(PubmedCsvAdapter(), [p.read_text("utf-8") for p in SAMPLES])


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(HEADER, id="unquoted"),
        pytest.param(",".join(f'"{n}"' for n in HEADER.split(",")), id="quoted"),
        pytest.param("\ufeff" + HEADER, id="bom"),
        pytest.param(LEGACY_HEADER, id="legacy"),
    ],
)
def test_sniff_claims_either_header(header: str) -> None:
    assert PubmedCsvAdapter().sniff(Sample(name="x", text=header + "\n")) >= 0.9


@pytest.mark.parametrize(
    "text",
    ["PMID\n123\n", "a,b,c\n1,2,3\n", "PMID- 123\nTI  - x\n", "1: Smith J. T. J. 2020.\n", ""],
)
def test_sniff_leaves_other_text(text: str) -> None:
    assert PubmedCsvAdapter().sniff(Sample(name="x", text=text)) < detect.CLAIM_THRESHOLD


def test_bom_bytes_are_read_like_plain_text(host: PluginHost) -> None:
    data = codecs.BOM_UTF8 + (HEADER + "\r\n" + ROW + "\r\n").encode("utf-8")
    source = inputs.decode(data, name="bom.csv")
    result = pipeline.parse_source(source, host)
    assert result.format == "pubmed-csv"
    assert [r.identifier("pmid") for r in result.records] == ["19829374"]


def test_a_row_becomes_a_record_with_its_line() -> None:
    (record,) = records(HEADER + "\n\n" + ROW + "\n")
    assert record.title == "Kinetics of a test"
    assert [a.raw for a in record.authors] == ["Smith J", "Doe A"]
    assert record.container_title_short == "Nature"
    assert record.issued is not None and (record.issued.year, record.issued.month) == (2009, 10)
    assert (record.volume, record.issue, record.pages, record.pages_raw) == (
        "461",
        "7266",
        "923-929",
        "923-9",
    )
    assert record.identifier("pmcid") == "PMC2777462"
    assert record.identifier("doi") == "10.1038/nature08479"
    assert record.history[0].status == "entrez"
    assert record.provenance is not None and record.provenance.span is not None
    assert (record.provenance.span.start, record.provenance.span.end) == (3, 3)
    assert record.extra == ()


def test_broken_rows_are_failed_records_and_the_rest_is_read() -> None:
    broken = '"19829375","Unclosed,"Doe A.","x"'
    no_pmid = '"","No PMID","Doe A.","Nature. 2009;1:1."'
    items = parse("\n".join([HEADER, broken, ROW, no_pmid, ROW.replace("19829374", "1")]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["FailedRecord", "Record", "FailedRecord", "Record"]
    failed = [i for i in items if isinstance(i, FailedRecord)]
    assert [f.diagnostics[0].code for f in failed] == ["pubmed_csv.bad-row", "pubmed_csv.no-pmid"]
    assert [f.span.start for f in failed if f.span] == [2, 4]


def test_no_header_is_one_failed_record() -> None:
    (item,) = parse("PMID,Name\n1,2\n")
    assert isinstance(item, FailedRecord)
    assert item.diagnostics[0].code == "pubmed_csv.no-header"


def test_disagreeing_and_unknown_columns_are_kept_and_reported() -> None:
    header = HEADER + ",Notes"
    row = ROW.replace('"Smith J","Nature","2009"', '"Doe A","Nature","2010"') + ',"mine"'
    (record,) = records(header + "\n" + row + "\n")
    assert dict(record.extra) == {
        "First Author": "Doe A",
        "Publication Year": "2010",
        "Notes": "mine",
    }
    codes = {d.code for d in record.diagnostics}
    assert {"pubmed_csv.first-author-mismatch", "pubmed_csv.year-mismatch"} <= codes
    assert "pubmed_csv.unknown-column" in codes


def test_a_citation_that_is_no_journal_citation_keeps_the_columns() -> None:
    row = (
        '"1","A chapter","Smith J.","In: Smith J, editor. A book. London: P; 2020.",'
        '"Smith J","A book","2020","2020/01/02","","",""'
    )
    (record,) = records(HEADER + "\n" + row + "\n")
    assert record.issued is not None and record.issued.year == 2020
    assert record.container_title_short == "A book"
    assert ("Citation", "In: Smith J, editor. A book. London: P; 2020.") in record.extra


def test_legacy_row_reads_identifiers_and_properties() -> None:
    row = (
        '"A title.","/pubmed/31340398","Jamieson T, Mamdani MM.",'
        '"Appl Clin Inform. 2019 May;10(3):528-533. doi: 10.1055/s-0039-1693456.",'
        '"Appl Clin Inform.  2019","PubMed","citation","PMID:31340398 | PMCID:PMC6656570",'
        '"pubmed","31340398","create date:2019/07/25 | first author:Jamieson T",'
    )
    (record,) = records(LEGACY_HEADER + "\n" + row + "\n")
    assert record.identifier("pmid") == "31340398"
    assert record.identifier("pmcid") == "PMC6656570"
    assert record.history[0].date.raw == "2019/07/25"
    assert ("URL", "/pubmed/31340398") in record.extra
    assert not [d for d in record.diagnostics if d.severity != "info"]


# Values read by eye from the corpus files: (pmid, title start, first author, journal,
# year, volume, issue, pages or article number, doi, pmcid).
CORPUS = {
    "colrev__pubmed-chatbot.csv": [
        ("35227408", "Chatbot-Delivered Psychotherapy", "Lim SM", "Behav Ther", 2022, "53", "2",
         "334-347", "10.1016/j.beth.2021.09.007", None),
        ("34847056", "Chatbot for Health Care and Oncology", "Xu L", "JMIR Cancer", 2021, "7",
         "4", "e27850", "10.2196/27850", "PMC8669585"),
        ("34846321", "Chatbot-Assisted Care Management", "Schario ME", "Prof Case Manag", 2022,
         "27", "1", "19-25", "10.1097/NCM.0000000000000504", None),
        ("34713095", "While the Chatbot's Away", "Misrai V", "Front Digit Health", 2021, "3",
         None, "617013", "10.3389/fdgth.2021.617013", "PMC8521912"),
        ("35137107", "Chatbot use cases in the Covid-19", "Amiri P", "J Am Med Inform Assoc",
         2022, "29", "5", "1000-1010", "10.1093/jamia/ocac014", "PMC8903403"),
    ],
    "p1m-qs__csv-googletipa-set.csv": [
        ("29906016", "Dermatology on Google", "Hill MK", "Dermatol Online J", 2018, "24", "4",
         "13030/qt6cz3q82h", None, None),
        ("17884971", "Comparison of PubMed, Scopus", "Falagas ME", "FASEB J", 2008, "22", "2",
         "338-342", "10.1096/fj.07-9492LSF", None),
        ("30142201", "Capturing the influence of geopolitical ties", "El Zant S", "PLoS One",
         2018, "13", "8", "e0201397", "10.1371/journal.pone.0201397", "PMC6108488"),
        ("31645311", "What can Google Trends and Wikipedia-Pageview", "Kinney MO",
         "Epilepsy Behav", 2020, "103", "Pt A", "106533", "10.1016/j.yebeh.2019.106533", None),
        ("26320470", "Utilization of Google Earth", "Rattanasing W", "Asian Pac J Cancer Prev",
         2015, "16", "14", "5903-5906", "10.7314/apjcp.2015.16.14.5903", None),
        ("20866299", "Spectral properties of the Google matrix", "Georgeot B",
         "Phys Rev E Stat Nonlin Soft Matter Phys", 2010, "81", "5 Pt 2", "056109",
         "10.1103/PhysRevE.81.056109", None),
    ],
    "p1m-qs__legacy-pubmed_result-20eb4df.csv": [
        ("31340398", "Linking Quality Improvement and Health Information Technology",
         "Jamieson T", "Appl Clin Inform", 2019, "10", "3", "528-533",
         "10.1055/s-0039-1693456", "PMC6656570"),
        ("24340653", "How rolling forecasting facilitates", "Miller D", "Healthc Financ Manage",
         2013, "67", "11", "80-82, 84", None, None),
        ("26642167", "Talking about a (business continuity) revolution", "Armour M",
         "J Bus Contin Emer Plan", 2015, "9", "2", "103-111", None, None),
        ("18064917", "Tactile cueing effects", "van Erp JB", "Aviat Space Environ Med", 2007,
         "78", "12", "1128-1134", None, None),
        ("16554690", 'Adopting best practices: "Agility"', "Kitzmiller R", "Comput Inform Nurs",
         2006, "24", "2", "75-82; quiz 83-84", None, None),
    ],
    "p1m-qs__legacy-pubmed_result-a410844.csv": [
        ("28192790", "Systemic Pharmacologic Therapies for Low Back Pain", "Chou R",
         "Ann Intern Med", 2017, "166", "7", "480-492", "10.7326/M16-2458", None),
        ("27271789", "Paracetamol for low back pain", "Saragiotto BT",
         "Cochrane Database Syst Rev", 2016, None, "6", "CD012230",
         "10.1002/14651858.CD012230", "PMC6353046"),
        ("25828856", "Efficacy and safety of paracetamol", "Machado GC", "BMJ", 2015, "350",
         None, "h1225", "10.1136/bmj.h1225", "PMC4381278"),
        ("18797937", "A systematic review of paracetamol", "Davies RA", "Eur Spine J", 2008,
         "17", "11", "1423-1430", "10.1007/s00586-008-0783-x", "PMC2583194"),
    ],
    "p1m-qs__legacy-pubmed_result_ssb_2019-07-13_thru_2019-07-14_58.csv": [
        ("31301691", "Allergen components in diagnosing", "Nilsson C", "Pediatr Allergy Immunol",
         2019, None, None, None, "10.1111/pai.13110", None),
        ("31301626", "State anxiety in pregnancies", "Fischbein RL", "J Affect Disord", 2019,
         "257", None, "214-240", "10.1016/j.jad.2019.07.007", None),
        ("31301144", "Measurement accuracy and uncertainty", "Nelson N", "J Exp Bot", 2019,
         None, None, None, "10.1093/jxb/erz279", None),
        ("31299724", "The Role of Voice Therapy", "Nolan IT", "J Craniofac Surg", 2019, "30",
         "5", "1368-1375", "10.1097/SCS.0000000000005132", None),
    ],
}  # fmt: skip
COUNTS = {
    "colrev__pubmed-chatbot.csv": 6,
    "p1m-qs__csv-googletipa-set.csv": 51,
    "p1m-qs__legacy-pubmed_result-20eb4df.csv": 23,
    "p1m-qs__legacy-pubmed_result-a410844.csv": 4,
    "p1m-qs__legacy-pubmed_result_ssb_2019-07-13_thru_2019-07-14_58.csv": 58,
}


def corpus_records(name: str, host: PluginHost) -> dict[str, Record]:
    path = shared_path("corpus", "pubmed-csv", name)
    result = pipeline.parse_path(path, host)
    assert result.format == "pubmed-csv"
    assert result.failed == ()
    return {r.identifier("pmid") or "": r for r in result.records}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_values_read_by_eye(name: str, host: PluginHost) -> None:
    found = corpus_records(name, host)
    assert len(found) == COUNTS[name]
    for pmid, title, first, journal, year, volume, issue, pages, doi, pmcid in CORPUS[name]:
        record = found[pmid]
        assert record.title is not None and record.title.startswith(title), pmid
        assert record.authors[0].raw == first, pmid
        assert record.container_title_short == journal, pmid
        assert record.issued is not None and record.issued.year == year, pmid
        assert (record.volume, record.issue) == (volume, issue), pmid
        assert (record.pages or record.article_number) == pages, pmid
        assert record.identifier("doi") == doi, pmid
        assert record.identifier("pmcid") == pmcid, pmid


def test_corpus_special_rows(host: PluginHost) -> None:
    legacy = corpus_records(
        "p1m-qs__legacy-pubmed_result_ssb_2019-07-13_thru_2019-07-14_58.csv", host
    )
    assert legacy["31300458"].et_al  # `..., de la Torre-Aboki J, et al.`
    assert legacy["31299824"].authors == ()  # `[No authors listed]`
    assert legacy["31300861"].languages == ("ger",)
    assert legacy["31300861"].title == (
        "[The working time load of specialists and senior physicians in German urology-a "
        "critical assessment]"
    )
    assert legacy["31301691"].flags == ("Epub ahead of print",)
    older = corpus_records("p1m-qs__legacy-pubmed_result-20eb4df.csv", host)
    (link,) = older["30976706"].links_to
    assert (link.relation, link.citation.raw) == ("erratum-in", "Heliyon. 2019 Apr 30;5(4):e01542.")
    current = corpus_records("p1m-qs__csv-googletipa-set.csv", host)
    group = current["23351574"].authors[-1]
    assert group.literal == "Delaware Valley EM Residency Program Directors Group"
