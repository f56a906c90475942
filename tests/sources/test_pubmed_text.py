"""The `pubmed-text` adapter: the seed page, the hand-written samples, and bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibnorm.model import Citation, FailedRecord, Record
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources.pages.pubmed_text import PubmedTextAdapter, bibnorm_register_sources

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "pubmed-text"
SEED = SAMPLES / "35743275.txt"
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
ADAPTER = PubmedTextAdapter()


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def parse_text(text: str, name: str = "page.txt") -> list[Record | FailedRecord]:
    return list(ADAPTER.parse(Source(name=name, text=text)))


def parse_one(text: str, name: str = "page.txt") -> Record:
    results = parse_text(text, name)
    assert len(results) == 1
    record = results[0]
    assert isinstance(record, Record), record
    return record


def codes(record: Record, severity: str | None = None) -> list[tuple[str, int | None]]:
    return [
        (d.code, d.line) for d in record.diagnostics if severity is None or d.severity == severity
    ]


@pytest.fixture(scope="module")
def seed() -> Record:
    return parse_one(read_text(SEED), name="samples/pubmed-text/35743275.txt")


# --- the seed page -------------------------------------------------------------------


def test_seed_main_record(seed: Record) -> None:
    assert seed.type == "article-journal"
    assert seed.title == (
        "Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung Cancer "
        "(NSCLC): Microenvironment and Possible Clinical Implications"
    )
    assert [(i.scheme, i.value) for i in seed.identifiers] == [
        ("pmid", "35743275"),
        ("pmcid", "PMC9224636"),
        ("doi", "10.3390/ijms23126832"),
    ]
    assert seed.abstract is not None
    assert len(seed.abstract.sections) == 1
    assert seed.abstract.sections[0].text.startswith("Patients with non-small cell lung cancer")
    assert [k.term for k in seed.keywords][-1] == "non-small cell lung cancer (NSCLC)"
    assert len(seed.keywords) == 5
    assert seed.conflict_of_interest == "The authors declare no conflict of interest."
    assert seed.linkout == ("Full Text Sources", "Medical")
    assert (len(seed.similar), len(seed.cited_by), len(seed.references)) == (5, 5, 2)


def test_seed_reports_empty_sections_and_takes_every_line(seed: Record) -> None:
    assert codes(seed) == [
        ("pubmed_text.empty-section", 11),
        ("pubmed_text.empty-section", 40),
        ("pubmed_text.empty-section", 41),
        ("pubmed_text.empty-section", 42),
        ("pubmed_text.possibly-truncated", 45),
    ]
    assert {d.text for d in seed.diagnostics if d.line in (40, 41, 42)} == {
        "Publication types",
        "MeSH terms",
        "Substances",
    }
    assert all(d.severity == "info" for d in seed.diagnostics)


def test_seed_provenance(seed: Record) -> None:
    provenance = seed.provenance
    assert provenance is not None
    assert (provenance.adapter, provenance.file) == (
        "pubmed-text",
        "samples/pubmed-text/35743275.txt",
    )
    assert provenance.span is not None
    assert (provenance.span.start, provenance.span.end) == (1, 45)
    spans = {f.field: (f.span.start, f.span.end) for f in provenance.fields if f.span}
    assert spans["title"] == (1, 1)
    assert spans["identifiers"] == (2, 4)
    assert spans["keywords"] == (8, 8)


def _summary(citation: Citation) -> tuple[object, ...]:
    issued = citation.issued
    return (
        citation.identifier("pmid"),
        citation.container_title_short,
        (issued.year, issued.month, issued.day) if issued else None,
        citation.volume,
        citation.issue,
        citation.pages,
        citation.article_number,
    )


@pytest.mark.parametrize(
    ("relation", "index", "expected"),
    [
        ("similar", 0, ("35306320", "Lung Cancer", (2022, 4, None), "166", None, "189-196", None)),
        ("similar", 2, ("34858389", "Front Immunol", (2021, 11, 10), "12", None, None, "697298")),
        (
            "cited_by",
            2,
            (
                "40770938",
                "Technol Cancer Res Treat",
                (2025, 1, None),
                "24",
                None,
                None,
                "15330338251363694",
            ),
        ),
        (
            "cited_by",
            3,
            ("39003618", "Cancer Commun (Lond)", (2024, 9, None), "44", "9", "967-991", None),
        ),
    ],
    ids=["similar-0", "similar-2-article-number", "cited-by-2-year-range", "cited-by-3"],
)
def test_seed_related_items(
    seed: Record, relation: str, index: int, expected: tuple[object, ...]
) -> None:
    assert _summary(getattr(seed, relation)[index]) == expected


def test_seed_similar_0_details(seed: Record) -> None:
    item = seed.similar[0]
    assert item.title is not None
    assert item.title.endswith("in Non-small cell lung cancer")
    assert item.identifier("doi") == "10.1016/j.lungcan.2022.03.006"
    assert item.epub_date is not None
    assert item.epub_date.raw == "2022 Mar 10"
    assert item.type == "article-journal"
    assert item.provenance is not None
    assert item.provenance.span is not None
    assert (item.provenance.span.start, item.provenance.span.end) == (15, 15)
    assert item.raw == read_text(SEED).split("\n")[14]
    assert {f.method for f in item.provenance.fields} == {"parsed"}


def test_seed_cited_by_2_range_and_flags(seed: Record) -> None:
    item = seed.cited_by[2]
    assert item.issued is not None
    assert (item.issued.end_year, item.issued.end_month) == (2025, 12)
    assert item.flags == ("Free PMC article",)
    assert seed.cited_by[3].flags == ("Free PMC article", "Review")
    assert seed.similar[2].ecollection_year == 2021


def test_seed_reference_0(seed: Record) -> None:
    reference = seed.references[0]
    assert [a.family for a in reference.authors] == [
        "Botticelli", "Salati", "Di Pietro", "Strigari", "Cerbelli",
        "Zizzari", "Giusti", "Mazzotta", "Mazzuca", "Roberto",
    ]  # fmt: skip
    assert reference.et_al
    assert reference.title == (
        "A normogram to predict survival in non-small cell lung cancer patients treated with "
        "nivolumab"
    )
    assert _summary(reference) == (None, "J. Transl. Med.", (2019, None, None), "17", None,
                                   "99", None)  # fmt: skip
    assert reference.identifier("doi") == "10.1186/s12967-019-1847-x"
    assert reference.links == ("DOI", "PMC", "PubMed")
    assert reference.raw is not None
    assert reference.raw.startswith("- Botticelli A., Salati M.")
    assert reference.provenance is not None
    methods = {f.field: f.method for f in reference.provenance.fields}
    assert methods == {"title": "heuristic", "container_title_short": "heuristic"}


def test_seed_reference_1_e_locator(seed: Record) -> None:
    reference = seed.references[1]
    assert reference.container_title_short == "PLoS ONE"
    assert (reference.pages, reference.article_number) == (None, "e0192227")
    assert reference.authors[8].initials == "S.-I."


# --- the hand-written samples --------------------------------------------------------


def test_structured_abstract_mesh_substances_grants() -> None:
    record = parse_one(read_text(SAMPLES / "structured-abstract-mesh.txt"))
    assert record.abstract is not None
    assert [(s.label, s.category) for s in record.abstract.sections] == [
        ("Background", "BACKGROUND"),
        ("Methods", "METHODS"),
        ("Results", "RESULTS"),
        ("Conclusions", "CONCLUSIONS"),
        ("Trial registration", None),
    ]
    assert (
        record.abstract.copyright
        == "Copyright © 2023 The Authors. Sample data, not a real article."
    )
    assert [p.name for p in record.publication_types] == [
        "Randomized Controlled Trial",
        "Research Support, Non-U.S. Gov't",
    ]
    mesh = {m.descriptor: m for m in record.mesh_terms}
    assert len(mesh) == 10
    assert mesh["Lung Neoplasms"].major
    assert mesh["Carcinoma, Non-Small-Cell Lung"].major
    assert [(q.name, q.major) for q in mesh["Bone Neoplasms"].qualifiers] == [
        ("drug therapy", True),
        ("secondary", False),
    ]
    assert [(s.name, s.registry_number) for s in record.substances] == [
        ("Antineoplastic Agents, Immunological", None),
        ("Nivolumab", "31YO63LBSN"),
        ("Denosumab", None),
    ]
    assert [(g.grant_id, g.acronym, g.agency, g.country) for g in record.grants] == [
        ("R01 CA999001", "CA", "NCI NIH HHS", "United States"),
        ("P30 CA999002", "CA", "NCI NIH HHS", "United States"),
        ("MR/N999003/1", None, "Medical Research Council", "United Kingdom"),
        (None, None, "Sample Lung Cancer Foundation", "United States"),
    ]
    assert record.similar[1].title == (
        "RANKL blockade, e.g. with denosumab, vs. zoledronic acid in metastatic lung cancer: "
        "a sample review"
    )
    assert record.similar[1].flags == ("Free article", "Review")
    assert record.similar[2].flags == ("Free PMC article", "Preprint")
    assert record.cited_by[0].flags == ("Free PMC article", "Meta-Analysis")
    assert [a.family for a in record.references[1].authors] == [
        "van der Berg", "O'Brien", "Smith"
    ]  # fmt: skip
    assert codes(record) == [
        ("pubmed_text.unmapped-section", 17),
        ("pubmed_text.unmapped-section", 18),
    ]


def test_heading_line_abstract_and_missing_sections() -> None:
    record = parse_one(read_text(SAMPLES / "structured-headings-no-lists.txt"))
    assert record.abstract is not None
    sections = [(s.label, s.text) for s in record.abstract.sections]
    assert [label for label, _ in sections] == ["Objective", "Methods", "Results", "Conclusions"]
    assert sections[1][1].count("\n") == 1
    assert record.keywords == ()
    assert (record.similar, record.cited_by, record.references) == ((), (), ())
    assert record.substances[0].registry_number == "1406-16-2"
    assert [q.name for q in record.mesh_terms[3].qualifiers] == ["analogs & derivatives", "blood"]
    assert record.diagnostics == ()


@pytest.mark.parametrize("normalised", [True, False], ids=["normalised", "raw-crlf"])
def test_crlf_page_with_comment_and_erratum(normalised: bool) -> None:
    text = read_text(SAMPLES / "crlf-comment-erratum.txt")
    assert "\r\n" in text
    record = parse_one(text.replace("\r\n", "\n") if normalised else text)
    assert record.title == "Sample data: Follow-up of a fictitious cohort after lung cancer surgery"
    assert record.conflict_of_interest == "None declared."
    assert [(link.relation, link.citation.identifier("pmid")) for link in record.links_to] == [
        ("comment-in", "99000702"),
        ("erratum-in", "99000703"),
    ]
    comment = record.links_to[0].citation
    assert comment.issued is not None
    assert comment.issued.season == "Winter"
    erratum = record.links_to[1].citation
    assert erratum.issued is not None
    assert (erratum.issued.year, erratum.issued.month) == (2000, 12)
    assert (erratum.issued.end_year, erratum.issued.end_month) == (2001, 1)
    assert record.cited_by[0].flags == ("Retracted Publication",)
    assert record.diagnostics == ()


def test_dump_cut_off_mid_similar_item() -> None:
    record = parse_one(read_text(SAMPLES / "truncated-similar.txt"))
    assert len(record.similar) == 2
    cut = record.similar[1]
    assert cut.title == "Frailty and response to checkpoint inhibitors: a sample study"
    assert (cut.volume, cut.issue, cut.pages) == ("71", "1", None)
    assert cut.identifier("pmid") is None
    assert cut.provenance is not None
    assert {f.method for f in cut.provenance.fields} == {"heuristic"}
    assert codes(record) == [("pubmed_text.truncated", 14)]


def test_title_mismatch_and_unknown_lines() -> None:
    record = parse_one(read_text(SAMPLES / "title-mismatch-unknown-lines.txt"))
    assert record.title == "Sample data: Title as shown in the page heading"
    assert record.identifier("nihms") == "NIHMS99000801"
    assert codes(record, "warning") == [
        ("pubmed_text.title-mismatch", 5),
        ("pubmed_text.impossible-date", 14),
        ("pubmed_text.unclaimed-line", 15),
    ]
    assert codes(record, "info") == [
        ("pubmed_text.chrome", 6),  # `Save`, a button of the page
        ("pubmed_text.unmapped-section", 10),
        ("pubmed_text.unmapped-section", 11),
    ]
    guessed = record.similar[0]
    assert guessed.container_title_short == "Sample J Med"
    assert guessed.provenance is not None
    assert {f.method for f in guessed.provenance.fields} == {"heuristic"}


# --- odd input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "line"),
    [
        ("\nAn odd trailing line nobody claims\n", 46),
        ("\nMeSH terms\nHumans\nAn odd trailing line nobody claims.\n", 48),
    ],
    ids=["after-linkout", "in-mesh-terms"],
)
def test_lines_no_rule_takes_are_reported(tail: str, line: int) -> None:
    record = parse_one(read_text(SEED) + tail)
    unclaimed = [d for d in record.diagnostics if d.code == "pubmed_text.unclaimed-line"]
    assert [(d.line, d.severity) for d in unclaimed] == [(line, "warning")]


def test_several_pages_in_one_file_give_several_records() -> None:
    text = read_text(SEED) + "\n" + read_text(SAMPLES / "structured-headings-no-lists.txt")
    records = parse_text(text)
    assert [r.identifier("pmid") for r in records if isinstance(r, Record)] == [
        "35743275",
        "99000501",
    ]
    second = records[1]
    assert isinstance(second, Record)
    assert second.provenance is not None
    assert second.provenance.span is not None
    assert second.provenance.span.start == 46


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.\n", "PMID- 123\n"],
    ids=["empty", "blank-lines", "prose", "medline-line"],
)
def test_text_without_a_page_is_a_failed_record(text: str) -> None:
    results = parse_text(text, name="odd.txt")
    assert len(results) == 1
    failed = results[0]
    assert isinstance(failed, FailedRecord)
    assert (failed.adapter, failed.file, failed.raw) == ("pubmed-text", "odd.txt", text)
    assert [d.code for d in failed.diagnostics] == ["pubmed_text.no-page"]


# --- sniffing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (read_text(SEED), 0.85, 0.95),
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", 0.0, 0.0),
        ("", 0.0, 0.0),
        ("PMID- 35743275\nTI  - A title.\nAB  - Abstract\n", 0.0, 0.3),
        ('<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle>', 0.0, 0.3),
        ("1: Smith J. Title. Lancet. 2020;1:1. doi: 10.1/x. PMID: 123.\n", 0.0, 0.3),
    ],
    ids=["seed", "random-text", "empty", "medline", "pubmed-xml", "summary-text"],
)
def test_sniff(text: str, low: float, high: float) -> None:
    assert low <= ADAPTER.sniff(Sample(name="x", text=text)) <= high


@pytest.mark.parametrize(
    "folder",
    ["medline", "pubmed-xml", "pubmed-summary-text", "pubmed-csv"],
    ids=["medline", "pubmed-xml", "pubmed-summary-text", "pubmed-csv"],
)
def test_sniff_stays_low_on_other_pubmed_formats(folder: str) -> None:
    path = CORPUS / folder
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared corpus not found: {path}")
        pytest.skip(f"shared corpus not found: {path}")
    for file in sorted(path.iterdir()):
        text = file.read_bytes().decode("utf-8", errors="replace")[: 64 * 1024]
        assert ADAPTER.sniff(Sample(name=file.name, text=text)) <= 0.3, file.name


# --- plugin hook and robustness ----------------------------------------------------


def test_hook_registers_the_adapter() -> None:
    registered: list[SourceAdapter] = []
    bibnorm_register_sources(register=registered.append)
    assert len(registered) == 1
    adapter = registered[0]
    assert isinstance(adapter, SourceAdapter)
    assert adapter.name == "pubmed-text"
    assert adapter.description


@settings(max_examples=200)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    ADAPTER.sniff(Sample(name="x", text=text))
    results = parse_text(text)
    assert len(results) >= 1


@given(st.integers(min_value=0, max_value=len(read_text(SEED))))
def test_truncated_copies_of_the_seed_never_raise(cut: int) -> None:
    text = read_text(SEED)[:cut]
    ADAPTER.sniff(Sample(name="x", text=text))
    for result in parse_text(text):
        if isinstance(result, Record):
            assert result.title is not None


@given(st.lists(st.sampled_from(read_text(SEED).split("\n")), max_size=40))
def test_shuffled_seed_lines_never_raise(lines: list[str]) -> None:
    parse_text("\n".join(lines))
