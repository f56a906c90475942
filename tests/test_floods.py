"""The caps on a flood of one diagnostic: in a record, and on the terminal."""

from __future__ import annotations

from bibnorm import floods
from bibnorm.model import Diagnostic, FailedRecord, LineSpan


def _failed(diagnostics: list[Diagnostic]) -> FailedRecord:
    span = LineSpan(start=1, end=1)
    return FailedRecord(adapter="a", file="f", span=span, raw="", diagnostics=tuple(diagnostics))


def test_cap_record_keeps_the_first_of_each_code_and_counts_the_rest() -> None:
    many = [Diagnostic(code="x.loose", message="m", line=n) for n in range(1, 251)]
    other = [Diagnostic(code="x.other", message="m", severity="error", line=7)]
    capped = floods.cap_record(_failed(many + other))
    codes = [d.code for d in capped.diagnostics]
    assert codes.count("x.loose") == floods.KEPT_PER_CODE
    assert codes.count("x.other") == 1
    [more] = [d for d in capped.diagnostics if d.code == floods.MORE_CODE]
    assert more.message == "150 more [x.loose] left out of this list (lines 101 to 250)"
    assert floods.left_out(more) == ("x.loose", 150)
    assert floods.cap_record("not a record") == "not a record"


def test_the_gate_counts_what_the_record_left_out() -> None:
    gate = floods.ReportGate(limit=2)
    shown = [gate.admit(Diagnostic(code="x.loose", message="m")) for _ in range(4)]
    assert shown == [True, True, False, False]
    summary = Diagnostic(
        code=floods.MORE_CODE, message="10 more [x.loose] left out", text="x.loose"
    )
    assert not gate.admit(summary)
    assert gate.summary() == [("warning", "... and 12 more [x.loose]")]
    assert gate.summary() == []  # a new input starts afresh
    assert floods.ReportGate(limit=None).admit(summary)
