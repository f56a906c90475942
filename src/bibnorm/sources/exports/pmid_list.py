"""A plain list of PMIDs, one per line: the `pmid-list` source adapter.

This is what PubMed's "Save: PMID" writes, and what people keep to fetch records later:

    35743275
    19829374

Each PMID becomes a record holding only that identifier, with a note saying so, for a
later step to fill in (efetch, an enrichment processor). A line that is not a PMID is a
`FailedRecord`; a PMID given twice is read once, with a warning at the repeat.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bibnorm.hookspecs import hookimpl
from bibnorm.model import (
    Diagnostic,
    FailedRecord,
    FieldSource,
    Identifier,
    LineSpan,
    Provenance,
    Record,
)
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero

ADAPTER_NAME = "pmid-list"
CODE = "pmid_list"

# PMIDs have no leading zero and (so far) at most 8 digits; 9 leaves room to grow.
_PMID = re.compile(r"[1-9]\d{0,8}")
# Of the non-blank lines of a sample, this share must be PMIDs for the input to be a list.
_SNIFF_SHARE = 0.9
_SNIFF_LINES = 200
_SNIFF_MIN_GOOD = 3


def _sniff_score(text: str) -> float:
    lines = [line.strip() for line in text.lstrip("\ufeff").split("\n")]
    lines = [line for line in lines if line][:_SNIFF_LINES]
    if not lines:
        return 0.0
    # The last line of a sample may be cut off mid-way; it does not count.
    judged = lines[:-1] if len(lines) > 1 else lines
    good = sum(bool(_PMID.fullmatch(line)) for line in judged)
    if not _PMID.fullmatch(lines[0]):
        return 0.0
    # One stray line in a short list is a typo, not another format.
    typo = len(judged) - good <= 1 and good >= _SNIFF_MIN_GOOD
    return 0.9 if good / len(judged) >= _SNIFF_SHARE or typo else 0.0


class PmidListAdapter:
    """Reads a plain list of PMIDs, one per line."""

    name = ADAPTER_NAME
    description = "a plain list of PMIDs, one per line (PubMed's Save: PMID)"

    def sniff(self, sample: Sample) -> float:
        """0.9 when (nearly) every non-blank line of the sample is a PMID."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        """A PMID-only record per PMID, a `FailedRecord` per other non-blank line."""
        lines = [
            (n, line, line.strip().lstrip("\ufeff").strip())
            for n, line in enumerate(source.lines(), start=1)
        ]
        # A PMID given again is no second record (two items with one id would clash in
        # CSL); its first record says where it was repeated.
        repeats: dict[str, list[int]] = {}
        for number, _, text in lines:
            repeats.setdefault(text, []).append(number)
        for number, line, text in lines:
            if not text:
                continue
            span = LineSpan(start=number, end=number)
            if _PMID.fullmatch(text):
                if repeats[text][0] == number:
                    yield _record(text, span, source.name, repeats[text][1:])
                continue
            yield FailedRecord(
                adapter=ADAPTER_NAME,
                file=source.name,
                span=span,
                raw=line,
                diagnostics=(
                    Diagnostic(
                        code=f"{CODE}.not-a-pmid",
                        message="a line of a PMID list that is no PMID",
                        severity="error",
                        line=number,
                        text=line,
                    ),
                ),
            )


def _record(pmid: str, span: LineSpan, file: str, repeated_on: list[int]) -> Record:
    diagnostics = [
        Diagnostic(
            code=f"{CODE}.pmid-only",
            message="only a PMID: the rest of the record is to be fetched (efetch) or enriched",
            severity="info",
            line=span.start,
        )
    ]
    for line in repeated_on:
        diagnostics.append(
            Diagnostic(
                code=f"{CODE}.repeated-pmid",
                message=f"PMID given again (first on line {span.start}); read once",
                line=line,
                text=pmid,
            )
        )
    provenance = Provenance(
        adapter=ADAPTER_NAME,
        file=file,
        span=span,
        fields=(FieldSource(field="identifiers", span=span),),
    )
    return Record(
        identifiers=(Identifier(scheme="pmid", value=pmid),),
        provenance=provenance,
        diagnostics=tuple(diagnostics),
    )


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pmid-list` adapter."""
    register(PmidListAdapter())


__all__ = ["ADAPTER_NAME", "PmidListAdapter", "bibnorm_register_sources"]
