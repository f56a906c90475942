"""The record one page-text reader builds: the lines it took, its diagnostics, its fields.

Every page-text reader (`page_copy`, the `pubmed-text` layouts through `pubmed_page`,
`pmc_text`, `pubmed_search_text`) reads a column of numbered lines, claims the ones a rule
took, sets fields with the lines they came from, and notes what it could not place with a
diagnostic coded by its adapter (`pmc_text.unclaimed-line`). `PageBuilder` does that
bookkeeping once, for all of them; the reader says where the record's lines are and
which rule takes which.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bibnorm.model import (
    Diagnostic,
    FieldSource,
    LineSpan,
    Provenance,
    Record,
    Severity,
)

CHROME_MESSAGE = "site chrome, not part of the record"


class NumberedLine(Protocol):
    """A line of the input as a reader keeps it: its 1-based number and its text."""

    @property
    def number(self) -> int: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Line:
    """One line of the input and its 1-based number."""

    number: int
    text: str


@dataclass
class PageBuilder:
    """What has been read from one page so far, and which lines were taken.

    `code` prefixes every diagnostic (`pubmed_text`, `pmc_text`, `page_copy` ...);
    `adapter` and `file` go into the record's provenance.
    """

    adapter: str
    code: str
    file: str
    # Record fields by name; typed by the Record constructor they are handed to.
    values: dict[str, Any] = field(default_factory=dict)
    fields: list[FieldSource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)

    def claim(self, *lines: NumberedLine) -> None:
        self.claimed.update(line.number for line in lines)

    def note(
        self,
        code: str,
        message: str,
        line: NumberedLine | None,
        severity: Severity = "warning",
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=f"{self.code}.{code}",
                message=message,
                severity=severity,
                line=line.number if line else None,
                text=line.text if line else None,
            )
        )

    def set_field(
        self, name: str, value: Any, *lines: NumberedLine, detail: str | None = None
    ) -> None:
        """Set field `name` to `value`, read from `lines` (its span is theirs)."""
        self.values[name] = value
        numbers = [line.number for line in lines]
        span = LineSpan(start=min(numbers), end=max(numbers)) if numbers else None
        self.fields = [f for f in self.fields if f.field != name]
        self.fields.append(FieldSource(field=name, span=span, detail=detail))

    def chrome(self, line: NumberedLine) -> None:
        """Take a line of site chrome, and say so (an info diagnostic, `<code>.chrome`)."""
        self.claim(line)
        self.note("chrome", CHROME_MESSAGE, line, "info")

    def report_unclaimed(self, lines: Iterable[NumberedLine]) -> None:
        """Report every line of `lines` that no rule took."""
        for line in lines:
            if line.number not in self.claimed:
                self.note("unclaimed-line", "no rule took this line", line)

    def record(self, span: LineSpan, record_type: str = "article-journal") -> Record:
        """The record read: fields in line order, diagnostics by line."""
        fields = sorted(self.fields, key=lambda f: f.span.start if f.span else 0)
        provenance = Provenance(
            adapter=self.adapter, file=self.file, span=span, fields=tuple(fields)
        )
        return Record(
            type=record_type,
            provenance=provenance,
            diagnostics=tuple(sorted(self.diagnostics, key=lambda d: d.line or 0)),
            **self.values,
        )


__all__ = ["CHROME_MESSAGE", "Line", "NumberedLine", "PageBuilder"]
