"""Keeping a flood of one diagnostic bounded, in a record and on the terminal.

A 60 MB text file of lines no rule takes gives one `unclaimed-line` warning per line:
half a million of them. Both places they go are capped per code, and both say how
many they left out, so nothing is lost without a count:

- `cap_record` keeps the first `KEPT_PER_CODE` of each code in a record's diagnostics
  and adds one `diagnostics.more` diagnostic per code for the rest: how many, and the
  lines of the first and last (the JSON output stays bounded);
- `ReportGate` lets the first `REPORTED_PER_CODE` of each code of one input through to
  standard error, then gives one "... and N more [code]" line per code at the end of
  that input, N counting what the record cap left out too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TypeVar

from bibnorm.model import Diagnostic, FailedRecord, Record, Severity

KEPT_PER_CODE = 100
REPORTED_PER_CODE = 5
MORE_CODE = "diagnostics.more"
_SEVERITY_RANK: dict[Severity, int] = {"info": 0, "warning": 1, "error": 2}
# The summary's message starts with the count: `ReportGate` reads it back from there.
_MORE_COUNT = re.compile(r"^(\d+) more \[")

Item = TypeVar("Item")


def cap_record(item: Item) -> Item:
    """`item` with at most `KEPT_PER_CODE` diagnostics of each code (a `Record` or a
    `FailedRecord`; anything else is returned as it is)."""
    if not isinstance(item, Record | FailedRecord):
        return item
    diagnostics = item.diagnostics
    if len(diagnostics) <= KEPT_PER_CODE:
        return item
    per_code = Counter(d.code for d in diagnostics)
    if per_code.most_common(1)[0][1] <= KEPT_PER_CODE:
        return item
    kept: list[Diagnostic] = []
    left_out: dict[str, list[Diagnostic]] = {}
    seen: Counter[str] = Counter()
    for diagnostic in diagnostics:
        seen[diagnostic.code] += 1
        if seen[diagnostic.code] <= KEPT_PER_CODE:
            kept.append(diagnostic)
        else:
            left_out.setdefault(diagnostic.code, []).append(diagnostic)
    kept.extend(_summary(code, rest) for code, rest in left_out.items())
    return replace(item, diagnostics=tuple(kept))


def _summary(code: str, rest: list[Diagnostic]) -> Diagnostic:
    lines = [d.line for d in rest if d.line is not None]
    where = f" (lines {lines[0]} to {lines[-1]})" if lines else ""
    return Diagnostic(
        code=MORE_CODE,
        message=f"{len(rest)} more [{code}] left out of this list{where}",
        severity=max((d.severity for d in rest), key=_SEVERITY_RANK.__getitem__),
        line=lines[0] if lines else None,
        text=code,
    )


def left_out(diagnostic: Diagnostic) -> tuple[str, int] | None:
    """The code and count a `diagnostics.more` summary stands for, else None."""
    if diagnostic.code != MORE_CODE or diagnostic.text is None:
        return None
    found = _MORE_COUNT.match(diagnostic.message)
    return (diagnostic.text, int(found.group(1))) if found else None


@dataclass
class _Held:
    """What one code of one input has not shown: how many, and the worst severity."""

    count: int = 0
    severity: Severity = "info"


class ReportGate:
    """Decides which diagnostics of the current input are shown; `limit=None` shows all."""

    def __init__(self, limit: int | None = REPORTED_PER_CODE) -> None:
        self.limit = limit
        self._shown: Counter[str] = Counter()
        self._held: dict[str, _Held] = {}

    def admit(self, diagnostic: Diagnostic) -> bool:
        """Whether to show `diagnostic`; if not, it is counted for `summary`."""
        if self.limit is None:
            return True
        summarised = left_out(diagnostic)
        code, count = summarised or (diagnostic.code, 1)
        if summarised is None and self._shown[code] < self.limit:
            self._shown[code] += 1
            return True
        held = self._held.setdefault(code, _Held())
        held.count += count
        if _SEVERITY_RANK[diagnostic.severity] > _SEVERITY_RANK[held.severity]:
            held.severity = diagnostic.severity
        return False

    def summary(self) -> list[tuple[Severity, str]]:
        """One (severity, "... and N more [code]") per code held back since the last
        call, which starts the count afresh (call it at the end of each input)."""
        lines = [
            (held.severity, f"... and {held.count} more [{code}]")
            for code, held in self._held.items()
        ]
        self._shown.clear()
        self._held.clear()
        return lines


__all__ = [
    "KEPT_PER_CODE",
    "MORE_CODE",
    "REPORTED_PER_CODE",
    "ReportGate",
    "cap_record",
    "left_out",
]
