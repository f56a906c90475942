"""Test data shared by several test modules: paths into ../shared, and hand-built records.

`shared_path` finds files in the `shared/` folder beside the repository (the corpus and
the reference schemas, which are not copied into the project). A missing file skips the
test locally but fails it when `CI=true`, so CI can never pass by skipping.

`rich_record()` is one record that fills every field of the model (abstract sections,
MeSH, grants, related lists with date ranges, seasons, group authors, particles ...);
`minimal_record()` one with as little as a record can have.

`run_cli`, `write_input` and `count_whole_reads` are what the `--jobs` tests of each
format share: run the CLI, write an input plain or gzipped, count readings in one process.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest

from bibnorm import cli, pipeline
from bibnorm.model import (
    Abstract,
    AbstractSection,
    Citation,
    DateParts,
    Diagnostic,
    FieldSource,
    Grant,
    HistoryDate,
    Identifier,
    JournalInfo,
    Keyword,
    LineSpan,
    Link,
    MeshHeading,
    MeshQualifier,
    Person,
    Provenance,
    PublicationType,
    Record,
    Substance,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_ROOT = REPO_ROOT.parent / "shared"


def is_page_text(path: Path) -> bool:
    """True for a file of the corpus's page-text folder: copied pages, which detection
    must claim (the general `page-copy` reader reads any of them)."""
    return path.parent.name == "page-text"


def in_ci() -> bool:
    """True when running under CI (`CI=true`), where missing test inputs are failures."""
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test with `reason`, or fail it when `CI=true`."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


def load_benchmark(name: str) -> ModuleType:
    """The script `benchmarks/<name>.py` as a module (the folder is no package), kept in
    `sys.modules` under `name`: its dataclasses look their module up there."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def shared_path(*parts: str) -> Path:
    """The path of `shared/<parts...>` beside the repository; skips (or fails under CI)
    the calling test when it does not exist."""
    path = SHARED_ROOT.joinpath(*parts)
    if not path.exists():
        skip_or_fail(f"shared test data not found: {path}")
    return path


def _provenance(start: int, end: int) -> Provenance:
    return Provenance(
        adapter="pubmed_text",
        file="samples/pubmed-text/35743275.txt",
        span=LineSpan(start=start, end=end),
    )


def rich_record() -> Record:
    """A record with every field of the model set, related items included."""
    main_authors = (
        Person(
            family="Del Conte",
            given="Alessandro",
            initials="A",
            affiliations=("Medical Oncology, Centro di Riferimento Oncologico, Aviano, Italy.",),
            orcid="https://orcid.org/0000-0002-1825-0097",
            equal_contribution=True,
            raw="Alessandro Del Conte",
        ),
        Person(family="Berg", initials="JM", particle="van den", suffix="Jr", corresponding=True),
        Person(family="Müller", given="Jörg"),
        Person(literal="NSCLC Immunotherapy Study Group"),
    )
    similar = (
        Citation(
            title=(
                "Bone metastasis attenuates efficacy of immune checkpoint inhibitors and "
                'displays "cold" immune characteristics in Non-small cell lung cancer.'
            ),
            authors=(Person(family="Li", initials="X"), Person(family="Wang", initials="Y")),
            et_al=True,
            container_title_short="Lung Cancer",
            issued=DateParts(year=2022, month=4, raw="2022 Apr"),
            epub_date=DateParts(year=2022, month=3, day=10, raw="2022 Mar 10"),
            volume="166",
            pages="189-196",
            pages_raw="189-196",
            identifiers=(
                Identifier(scheme="pmid", value="35306320"),
                Identifier(scheme="doi", value="10.1016/j.lungcan.2022.03.006"),
            ),
            flags=("Review",),
            raw="Bone metastasis attenuates ... PMID: 35306320",
            provenance=_provenance(15, 16),
        ),
        # A whole-year range: CSL gets just the year.
        Citation(
            title="Immune checkpoint inhibitors and bone-targeted therapy in NSCLC.",
            authors=(Person(family="Asano", initials="Y"),),
            container_title="Thoracic Cancer",
            container_title_short="Thorac Cancer",
            issued=DateParts(year=2025, month=1, end_year=2025, end_month=12, raw="2025 Jan-Dec"),
            volume="16",
            issue="1",
            article_number="e15432",
            identifiers=(
                Identifier(scheme="pmid", value="32779372"),
                Identifier(scheme="pmcid", value="PMC7529562"),
            ),
            flags=("Free PMC article",),
        ),
    )
    cited_by = (
        # A season instead of a month.
        Citation(
            title="Bone-targeted agents in the immunotherapy era.",
            authors=(Person(family="Smith", given="Anna"),),
            container_title="Seminars in Oncology",
            issued=DateParts(year=2023, season="Winter", raw="2023 Winter"),
            identifiers=(Identifier(scheme="doi", value="10.1053/J.SEMINONCOL.2023.01.002"),),
        ),
        # A range across a year end; the same PMID as a similar article (ids must differ).
        Citation(
            title="A range of months across the new year.",
            container_title="Clinical Lung Cancer",
            issued=DateParts(
                year=2022, month=11, end_year=2023, end_month=2, raw="2022 Nov-2023 Feb"
            ),
            identifiers=(Identifier(scheme="pmid", value="35306320"),),
        ),
    )
    references = (
        Citation(
            type="book",
            title="Bone Metastases: A Translational and Clinical Approach",
            editors=(Person(family="Kardamakis", given="Dimitrios"), Person(literal="ESMO")),
            edition="2",
            publisher="Springer",
            publisher_place="Dordrecht",
            issued=DateParts(year=2014),
            url="https://link.springer.com/book/10.1007/978-94-007-7569-5",
            identifiers=(Identifier(scheme="isbn", value="978-94-007-7568-8"),),
            links=("Google Scholar",),
            raw="Kardamakis D, editor. Bone Metastases. 2nd ed. Dordrecht: Springer; 2014.",
        ),
        # Only raw text: no identifier, no title.
        Citation(raw="Personal communication, 2019.", links=("PubMed",)),
        Citation(
            type="chapter",
            title="Immunology of bone.",
            authors=(Person(family="Takayanagi", initials="H"),),
            container_title="Osteoimmunology",
            pages="1-20",
            issued=DateParts(year=2016, month=5, day=3),
            links=("DOI", "PubMed"),
        ),
    )
    return Record(
        # PubMed's "Review" is a review article, CSL's `review` a review of a work.
        type="article-journal",
        title=(
            "Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung Cancer "
            "(NSCLC): Microenvironment and Possible Clinical Implications"
        ),
        authors=main_authors,
        et_al=True,
        editors=(Person(family="Rossi", given="Maria"),),
        container_title="International Journal of Molecular Sciences",
        container_title_short="Int J Mol Sci",
        issued=DateParts(year=2022, month=6, day=19, raw="2022 Jun 19"),
        epub_date=DateParts(year=2022, month=6, day=19, raw="2022 Jun 19"),
        ecollection_year=2022,
        volume="23",
        issue="12",
        pages="6832",
        pages_raw="6832",
        article_number="6832",
        edition="1",
        publisher="MDPI",
        publisher_place="Basel",
        url="https://www.mdpi.com/1422-0067/23/12/6832",
        identifiers=(
            Identifier(scheme="pmid", value="35743275"),
            Identifier(scheme="pmcid", value="PMC9224636"),
            Identifier(scheme="doi", value="10.3390/ijms23126832"),
            Identifier(scheme="pii", value="ijms23126832"),
        ),
        flags=("Free PMC article", "Review"),
        links=("DOI",),
        raw="Bone Metastasis and Immune Checkpoint Inhibitors ...",
        provenance=Provenance(
            adapter="pubmed_text",
            file="samples/pubmed-text/35743275.txt",
            span=LineSpan(start=1, end=60),
            fields=(
                FieldSource(field="title", span=LineSpan(start=1, end=1)),
                FieldSource(
                    field="container_title",
                    method="heuristic",
                    span=LineSpan(start=5, end=5),
                    detail="repeated journal name",
                ),
            ),
        ),
        diagnostics=(
            Diagnostic(
                code="pubmed_text.unclaimed-line",
                message="no field took this line",
                line=12,
                text="Figures",
            ),
        ),
        abstract=Abstract(
            sections=(
                AbstractSection(
                    label="Background",
                    category="BACKGROUND",
                    text="Patients with NSCLC develop bone metastasis in more than 50% of cases.",
                ),
                AbstractSection(text="This article reviews the pre-clinical evidence."),
            ),
            copyright="© 2022 by the authors.",
        ),
        keywords=(
            Keyword(term="bone metastasis", owner="NOTNLM", major=True),
            Keyword(term="immunotherapy"),
        ),
        languages=("eng",),
        journal=JournalInfo(
            issn_print="1661-6596",
            issn_electronic="1422-0067",
            issn_linking="1422-0067",
            nlm_unique_id="101092791",
            medline_ta="Int J Mol Sci",
            country="Switzerland",
        ),
        history=(
            HistoryDate(status="received", date=DateParts(year=2022, month=5, day=20)),
            HistoryDate(status="accepted", date=DateParts(year=2022, month=6, day=17)),
        ),
        mesh_terms=(
            MeshHeading(
                descriptor="Carcinoma, Non-Small-Cell Lung",
                ui="D002289",
                major=True,
                qualifiers=(MeshQualifier(name="drug therapy", ui="Q000188", major=True),),
            ),
            MeshHeading(descriptor="Humans", ui="D006801"),
        ),
        publication_types=(
            PublicationType(name="Journal Article", ui="D016428"),
            PublicationType(name="Review", ui="D016454"),
        ),
        substances=(
            Substance(name="Immune Checkpoint Inhibitors", registry_number="0", ui="D000082082"),
        ),
        grants=(
            Grant(grant_id="IG 2019-23456", agency="AIRC", acronym="AIRC", country="Italy"),
            Grant(agency="Ministero della Salute"),
        ),
        conflict_of_interest="The authors declare no conflict of interest.",
        linkout=("MDPI", "PubMed Central"),
        links_to=(
            Link(
                relation="erratum-in",
                citation=Citation(
                    title="Correction: Bone Metastasis and Immune Checkpoint Inhibitors.",
                    identifiers=(Identifier(scheme="pmid", value="36000001"),),
                ),
            ),
        ),
        similar=similar,
        cited_by=cited_by,
        references=references,
        extra=(("OWN", "NLM"), ("STAT", "MEDLINE")),
    )


def minimal_record() -> Record:
    """A record with a title and a year only: no identifier, no container."""
    return Record(title="A record with very little in it", issued=DateParts(year=1998))


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`bibnorm ARGS`: its exit status, standard output and standard error."""
    status = cli.main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write_input(folder: Path, suffix: str, data: bytes, *, compress: bool) -> Path:
    """`data` in `folder/input{suffix}`, or gzipped in `input{suffix}.gz`."""
    path = folder / f"input{suffix}{'.gz' if compress else ''}"
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def count_whole_reads(patcher: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time an input is read by one process
    (`pipeline.iter_parse`) while `patcher`'s patches hold."""
    read_again: list[int] = []
    read_whole = pipeline.iter_parse

    def counted(*given: Any) -> Any:
        read_again.append(1)
        return read_whole(*given)

    patcher.setattr(pipeline, "iter_parse", counted)
    return read_again
