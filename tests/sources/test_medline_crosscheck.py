"""Every corpus MEDLINE record against a naive reading of its own tags.

The naive reader here knows nothing but "tag, dash, value, indented continuation"; it
is independent of the adapter, so agreement on PMID, DOI, title, first author, volume,
issue, pages and year says the adapter read what the file says.
"""

from __future__ import annotations

import re

import pytest
from shared_data import SHARED_ROOT, shared_path

from bibnorm import pipeline
from bibnorm.manager import create_host
from bibnorm.model import Record
from bibnorm.parsing.pages import expand_page_range

FILES = sorted(p.name for p in (SHARED_ROOT / "corpus" / "medline").glob("*") if p.is_file())
_TAG = re.compile(r"^([A-Z][A-Z0-9 ]{0,3})- ?(.*)$")


def naive_records(text: str) -> dict[str, dict[str, list[str]]]:
    """PMID -> {tag: [values]} from a plain reading of the tag lines."""
    records: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    last: str | None = None
    for line in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n"):
        match = _TAG.match(line)
        if match:
            last = match.group(1).strip()
            if last == "PMID" and "PMID" in current:
                current = {}
            current.setdefault(last, []).append(match.group(2).strip())
            if last == "PMID":
                records[match.group(2).strip()] = current
        elif line.startswith(" ") and last and current.get(last):
            current[last][-1] += " " + line.strip()
    return records


def doi_of(tags: dict[str, list[str]]) -> str | None:
    for value in tags.get("AID", []) + tags.get("LID", []):
        if value.endswith("[doi]"):
            return value.removesuffix("[doi]").strip()
        if value.startswith("doi:"):  # an untyped AID some exporters write
            return value.removeprefix("doi:").strip()
    return None


@pytest.mark.parametrize("name", FILES)
def test_medline_records_match_their_tags(name: str) -> None:
    path = shared_path("corpus", "medline", name)
    expected = naive_records(path.read_text(encoding="utf-8", errors="replace"))
    records = pipeline.parse_path(path, create_host(autoload=False), format="medline").records
    # Records without a PMID (titled blocks between PubMed records) are no part of this.
    by_pmid: dict[str, Record] = {pmid: r for r in records if (pmid := r.identifier("pmid"))}
    assert set(by_pmid) == set(expected)
    for pmid, tags in expected.items():
        record = by_pmid[pmid]
        assert record.identifier("doi") == doi_of(tags), pmid
        if "TI" in tags:
            title = " ".join(tags["TI"][0].split())
            assert record.title == title.removesuffix("."), pmid
        if "FAU" in tags and record.authors:
            assert tags["FAU"][0].startswith(record.authors[0].family or "<none>"), pmid
        for tag, value in (("VI", record.volume), ("IP", record.issue)):
            assert value == (tags[tag][0] if tag in tags else None), (pmid, tag)
        if "PG" in tags:
            assert record.pages == expand_page_range(tags["PG"][0]), pmid
        if "DP" in tags and record.issued:
            assert tags["DP"][0].startswith(str(record.issued.year)), pmid


def test_corpus_folder_exists() -> None:
    assert shared_path("corpus", "medline").is_dir()
    assert FILES
