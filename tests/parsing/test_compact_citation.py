"""Compact citations of "Similar articles" and "Cited by" items."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibnorm.parsing import parse_compact_citation

SEED_SIMILAR_0 = (
    'Bone metastasis attenuates efficacy of immune checkpoint inhibitors and displays "cold" '
    "immune characteristics in Non-small cell lung cancer.Lung Cancer. 2022 Apr;166:189-196. "
    "doi: 10.1016/j.lungcan.2022.03.006. Epub 2022 Mar 10. Lung Cancer. 2022. PMID: 35306320"
)
SEED_CITED_BY_3 = (
    "Immune mediated support of metastasis: Implication for bone invasion.Cancer Commun (Lond). "
    "2024 Sep;44(9):967-991. doi: 10.1002/cac2.12584. Epub 2024 Jul 14. Cancer Commun (Lond). "
    "2024. PMID: 39003618 Free PMC article. Review."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SEED_SIMILAR_0,
            {
                "title": "Bone metastasis attenuates efficacy of immune checkpoint inhibitors and "
                'displays "cold" immune characteristics in Non-small cell lung cancer',
                "journal": "Lung Cancer",
                "issued": (2022, 4, None),
                "volume": "166",
                "pages": "189-196",
                "doi": "10.1016/j.lungcan.2022.03.006",
                "pmid": "35306320",
                "epub": (2022, 3, 10),
                "flags": (),
            },
        ),
        (
            SEED_CITED_BY_3,
            {
                "title": "Immune mediated support of metastasis: Implication for bone invasion",
                "journal": "Cancer Commun (Lond)",
                "issued": (2024, 9, None),
                "volume": "44",
                "issue": "9",
                "pages": "967-991",
                "pmid": "39003618",
                "flags": ("Free PMC article", "Review"),
            },
        ),
        (
            "Neutrophil-to-Lymphocyte Ratio.Front Immunol. 2021 Nov 10;12:697298. doi: "
            "10.3389/fimmu.2021.697298. eCollection 2021. Front Immunol. 2021. PMID: 34858389 "
            "Free PMC article.",
            {
                "issued": (2021, 11, 10),
                "article_number": "697298",
                "pages": None,
                "ecollection": 2021,
                "flags": ("Free PMC article",),
            },
        ),
        (
            "Spinal Metastases: A Single-Arm Retrospective Study.Technol Cancer Res Treat. "
            "2025 Jan-Dec;24:15330338251363694. doi: 10.1177/15330338251363694. Epub 2025 Aug 6. "
            "Technol Cancer Res Treat. 2025. PMID: 40770938 Free PMC article.",
            {
                "journal": "Technol Cancer Res Treat",
                "issued": (2025, 1, None),
                "issued_end": (2025, 12),
                "volume": "24",
                "article_number": "15330338251363694",
                "pmid": "40770938",
            },
        ),
        (
            "Statins, e.g. atorvastatin, vs. placebo: does it help? A trial.J. Transl. Med. "
            "2019 Jan;17(1):e12. J. Transl. Med. 2019. PMID: 99000001 Clinical Trial.",
            {
                "title": "Statins, e.g. atorvastatin, vs. placebo: does it help? A trial",
                "journal": "J. Transl. Med.",
                "article_number": "e12",
                "flags": ("Clinical Trial",),
            },
        ),
        (
            "Lung Cancer screening today.Lung Cancer. 2020;1:1-2. Lung Cancer. 2020. "
            "PMID: 99000002",
            {"title": "Lung Cancer screening today", "journal": "Lung Cancer", "pages": "1-2"},
        ),
        (
            "Sample vaccines.medRxiv [Preprint]. 2021 Apr 6:2021.04.01.21254798. doi: "
            "10.1101/2021.04.01.21254798. medRxiv. 2021. PMID: 99000003 Free PMC article. "
            "Preprint.",
            {
                "title": "Sample vaccines",
                "journal": "medRxiv",
                "article_number": "2021.04.01.21254798",
                "flags": ("Free PMC article", "Preprint"),
            },
        ),
        (
            "Sample study.J Clin Oncol. 2020 Nov 1. doi: 10.5555/x. Online ahead of print. "
            "J Clin Oncol. 2020. PMID: 99000004",
            {"title": "Sample study", "issued": (2020, 11, 1), "flags": ("Online ahead of print",)},
        ),
    ],
    ids=[
        "seed-similar-0",
        "seed-cited-by-3-parenthesised-journal",
        "long-article-number-ecollection",
        "year-range-article-number",
        "periods-in-title-and-journal",
        "journal-name-inside-title",
        "preprint-bracket",
        "no-volume-status-note",
    ],
)
def test_parse_compact_citation(text: str, expected: dict[str, object]) -> None:
    parsed = parse_compact_citation(text)
    citation = parsed.citation
    assert parsed.complete
    assert parsed.heuristic == frozenset()
    preprint = "Preprint" in citation.flags
    assert citation.type == ("article" if preprint else "article-journal")
    actual: dict[str, object] = {
        "title": citation.title,
        "journal": citation.container_title_short,
        "issued": (citation.issued.year, citation.issued.month, citation.issued.day)
        if citation.issued
        else None,
        "issued_end": (citation.issued.end_year, citation.issued.end_month)
        if citation.issued
        else None,
        "volume": citation.volume,
        "issue": citation.issue,
        "pages": citation.pages,
        "article_number": citation.article_number,
        "doi": citation.identifier("doi"),
        "pmid": citation.identifier("pmid"),
        "epub": (citation.epub_date.year, citation.epub_date.month, citation.epub_date.day)
        if citation.epub_date
        else None,
        "ecollection": citation.ecollection_year,
        "flags": citation.flags,
    }
    assert {key: actual[key] for key in expected} == expected


def test_without_repeat_the_boundary_is_a_reported_guess() -> None:
    parsed = parse_compact_citation(
        "Sample article. Sample J Med. 2020 Feb;3(1):10-12. doi: 10.5555/x. PMID: 99000005"
    )
    assert parsed.heuristic == {"title", "container_title_short"}
    assert parsed.guess is not None
    assert (parsed.citation.title, parsed.citation.container_title_short) == (
        "Sample article",
        "Sample J Med",
    )
    assert parsed.citation.identifier("pmid") == "99000005"


@pytest.mark.parametrize(
    ("text", "title", "journal", "volume", "issue", "pages"),
    [
        (
            "Frailty and response: a sample study.Cancer Immunol Immunother. 2022 Jan;71(1):1",
            "Frailty and response: a sample study",
            "Cancer Immunol Immunother",
            "71",
            "1",
            None,
        ),
        (
            "Immune mediated support of metastasis.Cancer Commun (Lo",
            "Immune mediated support of metastasis",
            None,
            None,
            None,
            None,
        ),
        (
            "Immune mediated support of meta",
            "Immune mediated support of meta",
            None,
            None,
            None,
            None,
        ),
    ],
    ids=["cut-in-pages", "cut-in-journal", "cut-in-title"],
)
def test_cut_off_items_keep_only_what_is_sure(
    text: str,
    title: str,
    journal: str | None,
    volume: str | None,
    issue: str | None,
    pages: str | None,
) -> None:
    parsed = parse_compact_citation(text)
    citation = parsed.citation
    assert not parsed.complete
    assert "title" in parsed.heuristic
    assert (citation.title, citation.container_title_short) == (title, journal)
    assert (citation.volume, citation.issue, citation.pages) == (volume, issue, pages)


@given(st.text())
def test_never_raises(text: str) -> None:
    parse_compact_citation(text)


@pytest.mark.parametrize(
    ("text", "title", "authors", "et_al", "journal", "issued", "pages", "flags"),
    [
        pytest.param(
            "Bone metastasis attenuates efficacy of checkpoint inhibitors. Li X, et al. "
            "Lung Cancer. 2022. PMID: 35306320 Free PMC article. Review.",
            "Bone metastasis attenuates efficacy of checkpoint inhibitors",
            [("Li", "X.")],
            True,
            "Lung Cancer",
            (2022, None),
            None,
            ("Free PMC article", "Review"),
            id="short-form-as-the-page-shows-it",
        ),
        pytest.param(
            "Sample data: Bone metastasis in lung cancer. Rossi M, Kim J, Wei L. Lung Cancer. "
            "2022 Apr;166:189-196. doi: 10.5555/sample.2022.101102. Epub 2022 Mar 10. "
            "PMID: 99100102",
            "Sample data: Bone metastasis in lung cancer",
            [("Rossi", "M."), ("Kim", "J."), ("Wei", "L.")],
            False,
            "Lung Cancer",
            (2022, 4),
            "189-196",
            (),
            id="full-citation-without-repeat",
        ),
        pytest.param(
            "Statins, e.g. atorvastatin, vs. placebo: a trial. Smith J, et al. J. Transl. Med. "
            "2019 Jan;17(1):e12. J. Transl. Med. 2019. PMID: 99000001 Clinical Trial.",
            "Statins, e.g. atorvastatin, vs. placebo: a trial",
            [("Smith", "J.")],
            True,
            "J. Transl. Med.",
            (2019, 1),
            None,
            ("Clinical Trial",),
            id="periods-in-title-and-journal-with-repeat",
        ),
        pytest.param(
            "Sample data: An invented preprint. Gómez-Ruiz A, Dupont P Jr. medRxiv [Preprint]. "
            "2023 Feb 2:2023.02.01.23285301. doi: 10.5555/x. PMID: 99100311 Preprint.",
            "Sample data: An invented preprint",
            [("Gómez-Ruiz", "A."), ("Dupont", "P.")],
            False,
            "medRxiv",
            (2023, 2),
            None,
            ("Preprint",),
            id="preprint-with-suffix",
        ),
    ],
)
def test_title_then_authors_then_journal(
    text: str,
    title: str,
    authors: list[tuple[str, str]],
    et_al: bool,
    journal: str,
    issued: tuple[int, int | None],
    pages: str | None,
    flags: tuple[str, ...],
) -> None:
    """The title comes first and the authors after it: the author list marks where the
    title ends, so neither boundary is a guess."""
    parsed = parse_compact_citation(text)
    citation = parsed.citation
    assert parsed.heuristic == frozenset()
    assert citation.title == title
    assert [(p.family, p.initials) for p in citation.authors] == authors
    assert citation.et_al is et_al
    assert citation.container_title_short == journal
    assert citation.issued is not None
    assert (citation.issued.year, citation.issued.month) == issued
    assert citation.pages == pages
    assert citation.flags == flags


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Part II. Results A of a trial. Lancet. 2020;1:1-2. PMID: 99000006", id="part"
        ),
        pytest.param(
            "Effect of the drug. J. Transl. Med. 2019 Jan;17(1):e12. PMID: 99000007",
            id="dotted-journal",
        ),
    ],
)
def test_a_title_or_journal_that_looks_like_a_name_is_no_author(text: str) -> None:
    # PubMed writes an author `Li X`: `J. Transl.` or a title's first words are not one.
    assert parse_compact_citation(text).citation.authors == ()


def test_without_repeat_or_glue_the_boundary_is_the_parsers_shape_guess() -> None:
    parsed = parse_compact_citation(
        "Sample article. Sample J Med. 2020 Feb;3(1):10-12. doi: 10.5555/x. PMID: 99000005"
    )
    assert parsed.guess is not None and "shape of journal abbreviations" in parsed.guess
