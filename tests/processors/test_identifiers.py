"""The identifier normaliser: canonical spellings, repeats dropped, bad values reported."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibnorm.model import Citation, Identifier, LineSpan, Link, Provenance, Record
from bibnorm.processors import identifiers as module
from bibnorm.processors.identifiers import IdentifierNormaliser, normalise_doi


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("10.1186/s12967-019-1847-x", "10.1186/s12967-019-1847-x", id="bare"),
        pytest.param("doi: 10.1000/ABC.", "10.1000/ABC", id="prefix-and-period"),
        pytest.param("https://doi.org/10.1000/xyz", "10.1000/xyz", id="url"),
        pytest.param("http://dx.doi.org/10.1000/xyz;", "10.1000/xyz", id="dx-url"),
    ],
)
def test_normalise_doi(raw: str, clean: str) -> None:
    assert normalise_doi(raw) == clean


def ids(*pairs: tuple[str, str]) -> tuple[Identifier, ...]:
    return tuple(Identifier(scheme=s, value=v) for s, v in pairs)


def test_record_and_related_are_normalised() -> None:
    record = Record(
        identifiers=ids(("pmid", " 35743275"), ("pmcid", "pmc9224636"), ("doi", "doi:10.3390/X")),
        similar=(Citation(identifiers=ids(("doi", "https://doi.org/10.1/a"), ("doi", "10.1/A"))),),
        links_to=(
            Link(relation="comment-in", citation=Citation(identifiers=ids(("pmcid", "42")))),
        ),
    )
    out = IdentifierNormaliser().process(record)
    assert out.identifiers == ids(
        ("pmid", "35743275"), ("pmcid", "PMC9224636"), ("doi", "10.3390/X")
    )
    # DOIs compare without case, so the second spelling is a repeat.
    assert out.similar[0].identifiers == ids(("doi", "10.1/a"))
    assert out.links_to[0].citation.identifiers == ids(("pmcid", "PMC42"))
    assert out.diagnostics == ()


def test_invalid_value_is_left_out_and_reported_with_its_line() -> None:
    cite = Citation(
        identifiers=ids(("pmid", "12ab"), ("nihms", "NIHMS1")),
        provenance=Provenance(adapter="x", file="f", span=LineSpan(start=7, end=7)),
    )
    out = IdentifierNormaliser().process(Record(references=(cite,)))
    ref = out.references[0]
    assert ref.identifiers == ids(("nihms", "NIHMS1"))
    # On the record, whose warnings are reported, naming the reference and its line.
    assert ref.diagnostics == ()
    [diag] = out.diagnostics
    assert diag.code == "identifiers.invalid" and diag.message.startswith("references[0]: ")
    assert diag.line == 7 and diag.text == "12ab"
    assert diag.path == "$.references[0].identifiers"


@pytest.mark.parametrize(
    ("scheme", "raw", "clean"),
    [
        pytest.param("pmid", "PMID: 35743275.", "35743275", id="pmid-prefix"),
        pytest.param("pmid", "(35743275)", "35743275", id="pmid-in-brackets"),
        pytest.param("pmcid", "PMCID: pmc0924", "PMC924", id="pmcid-prefix-case-zeros"),
        pytest.param("pmcid", "PMC 9224636", "PMC9224636", id="pmcid-spaced"),
        pytest.param("doi", "<https://doi.org/10.1/x>", "10.1/x", id="doi-in-angles"),
        pytest.param("doi", "DOI 10.1000/a(b)", "10.1000/a(b)", id="doi-own-bracket-kept"),
        pytest.param(
            "doi", "10.1007%2Fs12571-013-0253-0", "10.1007/s12571-013-0253-0", id="escaped"
        ),
    ],
)
def test_certain_repairs(scheme: str, raw: str, clean: str) -> None:
    clean_rule, valid = module._RULES[scheme]
    assert clean_rule(raw) == clean
    assert valid.match(clean)


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        pytest.param("pmid", "0", id="pmid-zero"),
        pytest.param("pmid", "000", id="pmid-zeros"),
        pytest.param("pmid", "\u0663\u0663", id="pmid-non-ascii-digits"),
        pytest.param("pmcid", "PMC0", id="pmcid-zero"),
        pytest.param("pmcid", "PMCxyz", id="pmcid-letters"),
        pytest.param("doi", "10.1000 abc", id="doi-without-slash"),
        pytest.param("doi", "11.1000/abc", id="doi-not-10"),
    ],
)
def test_malformed_identifier_is_dropped_and_the_rest_kept(scheme: str, value: str) -> None:
    other = ("pmid", "7") if scheme == "doi" else ("doi", "10.1000/k")
    out = IdentifierNormaliser().process(Record(identifiers=ids((scheme, value), other)))
    assert out.identifiers == ids(other)
    [diag] = out.diagnostics
    assert diag.code == "identifiers.invalid" and diag.text == value


def test_unchanged_citation_is_returned_as_is() -> None:
    cite = Citation(identifiers=ids(("pmid", "1")))
    record = Record(similar=(cite,))
    assert IdentifierNormaliser().process(record).similar[0] is cite


def test_versioned_pmcid_keeps_both_forms() -> None:
    record = Record(identifiers=ids(("pmcid", "PMC7684675.2")))
    out = IdentifierNormaliser().process(record)
    assert out.identifiers == ids(("pmcid", "PMC7684675"), ("pmcid-version", "PMC7684675.2"))
    assert out.diagnostics == ()


# Characters that decide whether an identifier is canonical: digits (ASCII and not),
# the DOI and PMCID marks, separators a rule strips, white space of several kinds.
_IDENTIFIER_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789\u0663PMCpmc10./:;, \t\n\u00a0\x1cxXdoi")),
    max_size=14,
)


@given(scheme=st.sampled_from(sorted(module._CANONICAL)), value=_IDENTIFIER_TEXT)
def test_canonical_shortcut_agrees_with_the_rules(scheme: str, value: str) -> None:
    """A value the shortcut calls canonical is one its rule keeps as it is and accepts."""
    for text in (value, "10.1234/" + value, "PMC" + value, "1" + value):
        if module._CANONICAL[scheme].fullmatch(text):
            clean, valid = module._RULES[scheme]
            assert clean(text) == text
            assert valid.match(text)
            assert not module._VERSIONED_PMCID.match(text.strip()) or scheme != "pmcid"


@pytest.mark.parametrize(
    "pairs",
    [
        pytest.param((("doi", "10.1234/A"), ("doi", "10.1234/a")), id="doi-repeat-in-other-case"),
        pytest.param((("pmid", "12"), ("pmid", "12")), id="exact-repeat"),
        pytest.param((("pmcid", "PMC1.2"),), id="versioned-pmcid"),
        pytest.param((("doi", "10.1234/x."),), id="final-period"),
        pytest.param((("pmid", " 012"),), id="padded-pmid"),
        pytest.param((("pmid", "012"), ("pmid", "12")), id="pmid-repeat-without-zero"),
    ],
)
def test_citations_the_shortcut_passes_on_are_still_normalised(
    pairs: tuple[tuple[str, str], ...],
) -> None:
    citation = Citation(identifiers=ids(*pairs))
    assert not module._all_canonical(citation.identifiers)
    assert module._normalise(citation) is not citation


def test_pmid_keeps_its_leading_zeros() -> None:
    """A PMID printed `0012345` stays so: the input's spelling is not ours to change."""
    citation = Citation(identifiers=ids(("pmid", "0012345")))
    assert module._normalise(citation) is citation
    padded = module._normalise(Citation(identifiers=ids(("pmid", " 0012345 "))))
    assert padded.identifiers == ids(("pmid", "0012345"))
    assert padded.diagnostics == ()


def test_pmid_repeated_with_and_without_zeros_is_one() -> None:
    citation = Citation(identifiers=ids(("pmid", "0012345"), ("pmid", "12345")))
    assert module._normalise(citation).identifiers == ids(("pmid", "0012345"))


def test_canonical_identifiers_leave_the_citation_as_it_is() -> None:
    citation = Citation(
        identifiers=ids(("pmid", "30"), ("doi", "10.1234/x.y"), ("pmcid", "PMC9"), ("pii", " s1 "))
    )
    assert module._all_canonical(citation.identifiers)
    assert module._normalise(citation) is citation
