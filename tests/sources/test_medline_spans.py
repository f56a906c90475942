"""The lines a `medline` record field came from (`FieldSource.span`) are those of the
first field a rule used to the last one's end when the rule says it used them in input
order (`RecordBuilder.take(..., in_order=True)`), and the lowest start to the highest
end otherwise. These tests hold the shortcut to the rule it skips: every field list a
rule calls in order is in input order, without two fields on one line, so both give the
same span; and the people reader's list of the fields it used, kept in input order as
it reads, holds exactly the name, affiliation and ORCID fields of the people it read."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import SHARED_ROOT

from bibnorm import inputs
from bibnorm.model import FailedRecord, Record
from bibnorm.sources.medline import medline
from bibnorm.sources.medline.medline_lines import TagField, split_blocks

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples" / "medline"
INPUTS = [
    *sorted(SAMPLES.glob("*.txt")),
    *sorted(SAMPLES.glob("*.nbib")),
    *sorted((SHARED_ROOT / "corpus" / "medline").glob("*")),
]

# Lines for every rule, with the people tags in the orders and mixes that make the
# people reader start, complete, or skip a person.
PEOPLE_LINES = [
    "FAU - Doe, John",
    "AU  - Doe J",
    "FAU - Roe, Ann",
    "AU  - Roe A",
    "AU  - Kaelin WG Jr",
    "FAU - Kaelin, William G Jr",
    "AD  - Somewhere.",
    "AD  - Elsewhere, with a long",
    "AD  -",
    "AUID- ORCID: 0000-0002-1825-0097",
    "AUID- ORCID: https://orcid.org/0000-0001-5109-3700",
    "AUID- ORCID: nonsense",
    "AUID- ISNI: 0000000121032683",
    "CN  - The Study Group",
    "FIR - Roe, Ann",
    "IR  - Roe A",
    "IRAD- Institute.",
    "FED - Ed, Edna",
    "ED  - Ed E",
]
OTHER_LINES = [
    "PMID- 12345",
    "      continued on this line",
    "TI  - A title.",
    "BTI - A book.",
    "TT  - Un titre.",
    "AB  - BACKGROUND: Something. METHODS: Other.",
    "CI  - (c) 2020 Someone.",
    "MH  - *Humans",
    "MH  - Bone Neoplasms/*drug therapy/secondary",
    "MH  - *",
    "PT  - Journal Article",
    "PT  - Review",
    "RN  - 0 (Antibodies)",
    "RN  - 31YO63LBSN (Nivolumab)",
    "LA  - eng",
    "LA  - fre",
    "OTO - NOTNLM",
    "OT  - *key word",
    "OT  - other",
    "GR  - R01 CA123456/CA/NCI NIH HHS/United States",
    "GR  - not a grant",
    "CIN - Lancet. 2020 Jan 4;395(10217):e3. PMID: 31908284",
    "EIN - J. 2021. PMID: 1",
    "LID - 10.1000/x [doi]",
    "LID - e123 [pii]",
    "AID - 10.1000/x [doi]",
    "AID - 10.2000/y",
    "PMC - PMC123",
    "MID - NIHMS123",
    "IS  - 1367-4811 (Electronic)",
    "IS  - 1367-4803 (Linking)",
    "IS  - bad",
    "JID - 9808944",
    "TA  - Bioinformatics",
    "JT  - Bioinformatics (Oxford, England)",
    "PL  - England",
    "PHST- 2022/01/05 00:00 [received]",
    "PHST- 2022/13/05 00:00 [accepted]",
    "EDAT- 2002/09/17 10:00",
    "MHDA- 2002/10/17 10:00",
    "CRDT- 2002/09/16 10:00",
    "DP  - 2022 Jan",
    "DEP - 20220310",
    "PG  - 101-9",
    "VI  - 12",
    "COIS- None declared.",
    "ZZZZ- an unknown tag",
    "not a tag line",
]
RECORD_TEXT = st.lists(st.sampled_from(PEOPLE_LINES + OTHER_LINES), min_size=1, max_size=40).map(
    lambda lines: "\n".join(["PMID- 1", *lines])
)
PEOPLE_TEXT = st.lists(st.sampled_from(PEOPLE_LINES + OTHER_LINES[:2]), max_size=30).map(
    lambda lines: "\n".join(["PMID- 1", *lines])
)


def in_input_order(fields: Sequence[TagField]) -> bool:
    """Each field ends on a line before the next one starts."""
    return all(a.end < b.start for a, b in itertools.pairwise(fields))


def parse(text: str, *, shortcut: bool) -> list[Record | FailedRecord]:
    """The records of `text`; with every `in_order` the rules give checked against the
    fields (`shortcut`), or ignored, so that every span is the lowest start to the
    highest end."""
    take = medline.RecordBuilder.take

    def checked_take(
        builder: medline.RecordBuilder,
        name: str,
        value: Any,
        fields: Sequence[TagField],
        in_order: bool = False,
    ) -> None:
        if in_order:
            assert in_input_order(fields), (name, fields)
        take(builder, name, value, fields, in_order=in_order and shortcut)

    with mock.patch.object(medline.RecordBuilder, "take", checked_take):
        return list(medline.MedlineAdapter().parse(inputs.from_text(text, name="x")))


@settings(max_examples=300, deadline=None)
@given(RECORD_TEXT)
def test_fields_a_rule_says_are_in_order_are_and_span_what_all_of_them_span(text: str) -> None:
    assert parse(text, shortcut=True) == parse(text, shortcut=False)


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_spans_of_the_samples_are_those_of_all_fields(path: Path) -> None:
    text = path.read_text("utf-8", errors="replace")
    records = parse(text, shortcut=True)
    assert records
    assert records == parse(text, shortcut=False)


def test_the_samples_have_fields_read_in_order() -> None:
    names = {
        source.field
        for path in INPUTS
        for record in parse(path.read_text("utf-8", errors="replace"), shortcut=True)
        if isinstance(record, Record)
        for source in record.provenance.fields
    }
    assert {"authors", "mesh_terms", "extra", "history", "keywords"} <= names


def people_of(text: str) -> Iterator[tuple[list[medline.PersonDraft], list[TagField]]]:
    for block in split_blocks(text):
        content = block.read()
        builder = medline.RecordBuilder(file="x", fields=content.fields, by_tag=content.by_tag)
        yield from medline._people_of(builder).values()


def fields_of(draft: medline.PersonDraft) -> list[TagField]:
    """The fields a person was read from: its names, ORCID iD and affiliations."""
    found = [f for f in (draft.full, draft.short, draft.group, draft.orcid) if f is not None]
    return found + draft.affiliations


@settings(max_examples=300, deadline=None)
@given(PEOPLE_TEXT)
def test_the_people_reader_uses_the_fields_of_its_people_in_input_order(text: str) -> None:
    for drafts, used in people_of(text):
        assert drafts
        of_people = [f for d in drafts for f in fields_of(d)]
        assert sorted(map(id, used)) == sorted(map(id, of_people))
        assert in_input_order(used)


def test_a_second_orcid_of_a_person_replaces_the_first_among_the_fields_used() -> None:
    text = "\n".join(
        [
            "PMID- 1",
            "AD  - Before all authors.",
            "AU  - Doe J",
            "FAU - Doe, John",
            "AUID- ORCID: 0000-0002-1825-0097",
            "AUID- ORCID: 0000-0001-5109-3700",
            "IRAD- Not an author's.",
        ]
    )
    [(drafts, used)] = people_of(text)
    assert [f.start for f in used] == [2, 3, 4, 6]
    assert drafts[0].orcid is used[-1]
    [record] = medline.MedlineAdapter().parse(inputs.from_text(text, name="x"))
    assert isinstance(record, Record)
    assert ("AUID", "ORCID: 0000-0002-1825-0097") in record.extra
    assert ("IRAD", "Not an author's.") in record.extra
