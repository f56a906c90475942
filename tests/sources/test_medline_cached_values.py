"""The `medline` adapter keeps what short values that repeat across records read as
(dates, ISSNs, publication types, substances): a value read from that cache must be what
reading it afresh gives, for every value of the samples and corpus files and for
values the rules reject."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shared_data import SHARED_ROOT

from bibnorm.model import DateParts, HistoryDate, PublicationType, Record
from bibnorm.parsing import parse_pubmed_date
from bibnorm.parsing.dates import read_printed_date
from bibnorm.parsing.pubtypes import csl_type
from bibnorm.registry import Source
from bibnorm.sources.medline import medline
from bibnorm.sources.medline.medline_lines import parse_tag_line

REPO_ROOT = Path(__file__).resolve().parents[2]
INPUTS = sorted((REPO_ROOT / "samples" / "medline").glob("*.*")) + sorted(
    (SHARED_ROOT / "corpus" / "medline").glob("*")
)


def tag_values(tag: str) -> list[str]:
    """Every `tag` value on a tag line of the inputs, first lines only, plus odd ones."""
    found = []
    for path in INPUTS:
        for line in path.read_text("utf-8", errors="replace").splitlines():
            parsed = parse_tag_line(line)
            if parsed is not None and parsed[0] == tag:
                found.append(parsed[1])
    return found


ODD_VALUES = ["", "x", "2022/13/01 00:00 [received]", "2022/02/30", "1999 [pubmed]", "20220231"]
CACHED: list[tuple[Callable[[str], Any], list[str]]] = [
    (medline._printed_date, ["DP"]),
    (medline.compact_date, ["DEP"]),
    (medline.dated_status, ["PHST"]),
    (medline.history_date, ["EDAT", "MHDA", "CRDT"]),
    (medline.typed_issn, ["IS"]),
    (medline.publication_type, ["PT"]),
    (medline.substance, ["RN"]),
]


@pytest.mark.parametrize(("cached", "tags"), CACHED, ids=[tags[0] for _, tags in CACHED])
def test_a_cached_value_is_what_reading_it_afresh_gives(
    cached: functools._lru_cache_wrapper[Any], tags: list[str]
) -> None:
    values = [v for tag in tags for v in tag_values(tag)] + ODD_VALUES
    assert len(values) > len(ODD_VALUES)
    for value in values:
        first, again = cached(value), cached(value)
        assert first == again == cached.__wrapped__(value), value


def test_pubmed_date_is_the_shared_grammar() -> None:
    assert medline._printed_date.__wrapped__ is read_printed_date


def dated(status: str, raw: str, year: int, month: int, day: int) -> HistoryDate:
    return HistoryDate(status=status, date=DateParts(year=year, month=month, day=day, raw=raw))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022/01/05 00:00 [received]", dated("received", "2022/01/05 00:00", 2022, 1, 5)),
        ("2009/03/20 [aheadofprint]", dated("aheadofprint", "2009/03/20", 2009, 3, 20)),
        ("2022/02/30 00:00 [received]", None),
        ("2022/01/05 00:00", None),
    ],
)
def test_dated_status(text: str, expected: HistoryDate | None) -> None:
    assert medline.dated_status(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1367-4811 (Electronic)", ("issn_electronic", "1367-4811")),
        ("1367-4803 (Linking)", ("issn_linking", "1367-4803")),
        ("1367-4803", None),
        ("abcd (Print)", None),
    ],
)
def test_typed_issn(text: str, expected: tuple[str, str] | None) -> None:
    assert medline.typed_issn(text) == expected


def test_csl_type_of_the_cache_is_the_shared_rule() -> None:
    lists = [(), ("Journal Article",), ("Journal Article", "Review"), ("Preprint",), ("Book",)]
    for names in lists:
        for book, chapter in ((False, False), (True, False), (False, True)):
            assert medline._csl_type(names, book, chapter) == csl_type(
                names, book=book, chapter=chapter
            )


def test_records_that_share_values_are_read_alike() -> None:
    """The second record reads its dates, types and substances from the cache."""
    lines = [
        "DP  - 2020 Jan",
        "DEP - 20200105",
        "IS  - 1367-4811 (Electronic)",
        "PT  - Journal Article",
        "RN  - 0 (Antibodies)",
        "PHST- 2020/01/05 00:00 [received]",
    ]
    text = "\n".join(["PMID- 1", *lines, "", "PMID- 2", *lines]) + "\n"
    first, second = medline.MedlineAdapter().parse(Source(name="x", text=text))
    assert isinstance(first, Record) and isinstance(second, Record)
    assert first.issued == second.issued == parse_pubmed_date("2020 Jan")
    assert (
        first.publication_types
        == second.publication_types
        == (PublicationType(name="Journal Article"),)
    )
    assert first.history == second.history
    assert first.substances == second.substances
    assert first.journal == second.journal
