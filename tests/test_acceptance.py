"""The core issue's acceptance values, checked on the CLI's CSL output for the bundled page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bibnorm import pipeline
from bibnorm.manager import PluginHost

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "samples/pubmed-text/35743275.txt"


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "bibnorm", "parse", SAMPLE, "--to", "csl", "--with-related"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def test_main_item(items: list[dict[str, Any]]) -> None:
    main = items[0]
    assert main["title"] == (
        "Bone Metastasis and Immune Checkpoint Inhibitors in Non-Small Cell Lung Cancer "
        "(NSCLC): Microenvironment and Possible Clinical Implications"
    )
    assert (main["PMID"], main["PMCID"], main["DOI"]) == (
        "35743275",
        "PMC9224636",
        "10.3390/ijms23126832",
    )
    assert main["abstract"].startswith("Patients with non-small cell lung cancer (NSCLC)")
    assert main["abstract"].endswith("to improve patient outcome.")
    assert main["keyword"].split(", ")[0] == "bone metastasis"
    assert main["keyword"].endswith("non-small cell lung cancer (NSCLC)")
    assert len(main["keyword"].split(", ")) == 5
    # The dump carries no author, date or journal, so none is invented.
    for absent in ("author", "issued", "container-title", "container-title-short", "volume"):
        assert absent not in main


def test_similar_and_cited_by(items: list[dict[str, Any]]) -> None:
    similar, cited_by = items[1:6], items[6:11]
    first = similar[0]
    assert first["PMID"] == "35306320"
    assert first["title"].endswith("in Non-small cell lung cancer")
    assert first["container-title-short"] == "Lung Cancer"
    assert first["issued"] == {"date-parts": [[2022, 4]]}
    assert (first["volume"], first["page"]) == ("166", "189-196")
    assert first["DOI"] == "10.1016/j.lungcan.2022.03.006"
    assert similar[2]["issued"] == {"date-parts": [[2021, 11, 10]]}
    assert similar[2]["page"] == "697298"
    assert cited_by[2]["PMID"] == "40770938"
    assert cited_by[2]["container-title-short"] == "Technol Cancer Res Treat"
    assert cited_by[2]["issued"] == {"date-parts": [[2025]]}
    assert cited_by[2]["volume"] == "24"
    assert cited_by[3]["container-title-short"] == "Cancer Commun (Lond)"
    assert (cited_by[3]["volume"], cited_by[3]["issue"], cited_by[3]["page"]) == (
        "44",
        "9",
        "967-991",
    )


def test_first_reference(items: list[dict[str, Any]], host: PluginHost) -> None:
    ref = items[11]
    families = [a["family"] for a in ref["author"]]
    assert len(families) == 10
    assert (families[0], families[2], families[-1]) == ("Botticelli", "Di Pietro", "Roberto")
    assert ref["title"] == (
        "A normogram to predict survival in non-small cell lung cancer patients treated "
        "with nivolumab"
    )
    assert ref["container-title-short"] == "J. Transl. Med."
    assert ref["issued"] == {"date-parts": [[2019]]}
    assert (ref["volume"], ref["page"], ref["DOI"]) == ("17", "99", "10.1186/s12967-019-1847-x")
    # "et al." is a flag of the bibnorm record, never a made-up CSL author.
    assert not any("et al" in json.dumps(a) for a in ref["author"])
    record = pipeline.parse_path(REPO_ROOT / SAMPLE, host).records[0]
    assert record.references[0].et_al is True
    assert record.references[0].links == ("DOI", "PMC", "PubMed")
