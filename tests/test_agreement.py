"""The same article read from PubMed XML and from MEDLINE text gives the same record.

Compared field for field, leaving out what only one format can carry or what is about
the file rather than the article: provenance, diagnostics, raw text, unknown MEDLINE
tags, reference lists (MEDLINE has none), MeSH/type UIs, abstract categories and the ISO
journal abbreviation (XML only), and history dates that are not PubMed statuses.
See docs/pubmed-record-conventions.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shared_data import shared_path

from bibnorm import pipeline
from bibnorm.manager import PluginHost
from bibnorm.model import Record
from bibnorm.serialize import record_to_json

REPO_ROOT = Path(__file__).resolve().parents[1]
XML_PAIRS = sorted((REPO_ROOT / "samples" / "pubmed-xml").glob("pair-*.xml"))
PUBSTATUS = {
    "received", "accepted", "revised", "aheadofprint", "epublish", "ppublish", "pubmed",
    "medline", "entrez", "ecollection", "pmc", "pmc-release", "retracted",
}  # fmt: skip
_NOT_COMPARED = {"provenance", "diagnostics", "raw", "extra", "references", "ui", "category"}


def comparable(record: Record) -> dict[str, Any]:
    """The record as JSON, without what a format does not carry or is about the file."""
    data = _strip(record_to_json(record))
    data["identifiers"] = sorted((i["scheme"], i["value"]) for i in data.get("identifiers", []))
    data.get("journal", {}).pop("iso_abbreviation", None)
    history = [h for h in data.pop("history", []) if h["status"] in PUBSTATUS]
    data["history"] = sorted(history, key=lambda h: json.dumps(h, sort_keys=True))
    return data


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _NOT_COMPARED}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def records_by_pmid(paths: list[Path], host: PluginHost, fmt: str) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for path in paths:
        for record in pipeline.parse_path(path, host, format=fmt).records:
            pmid = record.identifier("pmid")
            if pmid:
                found[pmid] = record
    return found


def assert_agree(xml: Record, medline: Record) -> None:
    left, right = comparable(xml), comparable(medline)
    for key in sorted(set(left) | set(right)):
        assert left.get(key) == right.get(key), f"field {key!r} differs"


@pytest.mark.parametrize("xml_path", XML_PAIRS, ids=[p.stem for p in XML_PAIRS])
def test_sample_pair_agrees(xml_path: Path, host: PluginHost) -> None:
    pmid = xml_path.stem.removeprefix("pair-")
    [medline_path] = [
        p
        for p in (REPO_ROOT / "samples" / "medline").glob(f"pair-{pmid}.*")
        if not p.name.endswith(".expected.json")
    ]
    xml = records_by_pmid([xml_path], host, "pubmed-xml")[pmid]
    medline = records_by_pmid([medline_path], host, "medline")[pmid]
    assert_agree(xml, medline)


def test_pairs_exist() -> None:
    assert len(XML_PAIRS) >= 2


def test_corpus_articles_in_both_forms_agree(host: PluginHost) -> None:
    xml_files = sorted(shared_path("corpus", "pubmed-xml").glob("*.xml"))
    medline_files = sorted(p for p in shared_path("corpus", "medline").iterdir() if p.is_file())
    medline = records_by_pmid(medline_files, host, "medline")
    xml = {
        pmid: record
        for pmid, record in records_by_pmid(
            [p for p in xml_files if "MalformedEntry" not in p.name], host, "pubmed-xml"
        ).items()
        if pmid in medline
    }
    if not xml:
        pytest.skip("the corpus holds no PMID in both PubMed XML and MEDLINE form")
    for pmid, record in xml.items():
        assert_agree(record, medline[pmid])
