"""The record model: immutable dataclasses for everything bibnorm reads and writes.

A `Citation` is the bibliographic core shared by every item bibnorm knows about: the main
article of a page and each entry of its "Similar articles", "Cited by" and "References"
lists. A `Record` is a citation with the rich fields only a full record carries (abstract,
MeSH, grants ...) and the related lists themselves.

Everything is frozen and every collection is a tuple: processors and plugins never change
a record in place, they return a copy made with `dataclasses.replace`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

T = TypeVar("T")
Severity = Literal["info", "warning", "error"]
Relation = Literal["similar", "cited-by", "reference"]


@dataclass(frozen=True, kw_only=True)
class LineSpan:
    """Lines `start` to `end` of the input, both 1-based and inclusive."""

    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """Something a user should know about a record or an input.

    `code` is stable and namespaced by who raised it (`pubmed_text.unclaimed-line`,
    `schema.invalid`); `line` and `text` point at the input it is about, `path` at the
    output field (a JSON path) when a validator raised it.
    """

    code: str
    message: str
    severity: Severity = "warning"
    line: int | None = None
    text: str | None = None
    path: str | None = None


@dataclass(frozen=True, kw_only=True)
class FieldSource:
    """Where one field of a record came from: its lines, and how it was obtained.

    `method` is `parsed` for text a rule matched exactly, `heuristic` for values a
    guess produced (a title boundary found by a repeated journal name, say), and
    `enriched` for values filled in from an online service later.
    """

    field: str
    method: Literal["parsed", "heuristic", "enriched"] = "parsed"
    span: LineSpan | None = None
    detail: str | None = None


@dataclass(frozen=True, kw_only=True)
class Provenance:
    """Which adapter read a citation from which file, at which lines."""

    adapter: str
    file: str
    span: LineSpan | None = None
    fields: tuple[FieldSource, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Identifier:
    """An identifier of an article: `scheme` is one of pmid, pmcid, doi, nihms, pii, mid,
    isbn, nbk, or a plugin's own lower-case name."""

    scheme: str
    value: str


@dataclass(frozen=True, kw_only=True)
class Person:
    """An author or editor. A group author has only `literal` (and maybe affiliations)."""

    family: str | None = None
    given: str | None = None
    initials: str | None = None
    particle: str | None = None
    suffix: str | None = None
    literal: str | None = None
    affiliations: tuple[str, ...] = ()
    orcid: str | None = None
    equal_contribution: bool = False
    corresponding: bool = False
    raw: str | None = None


@dataclass(frozen=True, kw_only=True)
class DateParts:
    """A date as precise as the input gave it, possibly a range, with the raw text kept.

    A range such as `2025 Jan-Dec` has `year=2025, month=1, end_year=2025, end_month=12`.
    `season` holds `Spring`, `Summer`, `Autumn`, `Winter` when the input names one
    instead of a month; months are always 1-12.
    """

    year: int
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    season: str | None = None
    raw: str | None = None


@dataclass(frozen=True, kw_only=True)
class Citation:
    """The bibliographic core of an item, main article or related entry.

    `type` is a CSL item type (`article-journal`, `book`, `chapter`, ...).
    `title_markup` is the title with the input's inline markup as CSL rich text (`<i>`,
    `<b>`, `<sup>`, `<sub>`, `<span style="font-variant:small-caps;">`), set only when
    the input marks part of the title up; `title` is always the plain text.
    `container_title_short` is the journal abbreviation (`Lung Cancer`, `J. Transl. Med.`).
    `flags` are the status labels a page shows (`Free PMC article`, `Review`, `Preprint` ...);
    `links` the link labels a reference carried (`DOI`, `PMC`, `PubMed`).
    `et_al` says the input cut the author list short with "et al."; no author is invented.
    `accessed` is the date a reference says its `url` was read (`[cited 2021 Jan 5]`).
    `version` is the article's version where the input numbers them (a PubMed PMID's
    `Version` above 1: PubMed keeps each version of a versioned article as a record).
    """

    type: str | None = None
    title: str | None = None
    title_markup: str | None = None
    authors: tuple[Person, ...] = ()
    et_al: bool = False
    editors: tuple[Person, ...] = ()
    container_title: str | None = None
    container_title_short: str | None = None
    issued: DateParts | None = None
    epub_date: DateParts | None = None
    ecollection_year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    pages_raw: str | None = None
    article_number: str | None = None
    edition: str | None = None
    version: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    url: str | None = None
    accessed: DateParts | None = None
    identifiers: tuple[Identifier, ...] = ()
    flags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    raw: str | None = None
    provenance: Provenance | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def identifier(self, scheme: str) -> str | None:
        """The first identifier of `scheme` (`pmid`, `doi` ...), or None."""
        for ident in self.identifiers:
            if ident.scheme == scheme:
                return ident.value
        return None


@dataclass(frozen=True, kw_only=True)
class AbstractSection:
    """One paragraph of an abstract; structured abstracts label theirs (`Background`)."""

    text: str
    label: str | None = None
    category: str | None = None


@dataclass(frozen=True, kw_only=True)
class Abstract:
    sections: tuple[AbstractSection, ...]
    copyright: str | None = None

    @property
    def text(self) -> str:
        """The abstract as one string, each labelled section introduced by its label."""
        parts = [f"{s.label}: {s.text}" if s.label else s.text for s in self.sections]
        return "\n\n".join(parts)


@dataclass(frozen=True, kw_only=True)
class Keyword:
    term: str
    owner: str | None = None
    major: bool = False


@dataclass(frozen=True, kw_only=True)
class MeshQualifier:
    name: str
    ui: str | None = None
    major: bool = False


@dataclass(frozen=True, kw_only=True)
class MeshHeading:
    descriptor: str
    ui: str | None = None
    major: bool = False
    qualifiers: tuple[MeshQualifier, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PublicationType:
    name: str
    ui: str | None = None


@dataclass(frozen=True, kw_only=True)
class Substance:
    name: str
    registry_number: str | None = None
    ui: str | None = None


@dataclass(frozen=True, kw_only=True)
class Grant:
    grant_id: str | None = None
    agency: str | None = None
    acronym: str | None = None
    country: str | None = None


@dataclass(frozen=True, kw_only=True)
class Link:
    """A link to another article: `relation` is `comment-in`, `erratum-in`, `retraction-in`,
    `update-of` ...; `citation` is the linked item as far as the input describes it."""

    relation: str
    citation: Citation


@dataclass(frozen=True, kw_only=True)
class JournalInfo:
    """Identifiers of the journal beyond its names (which live on the citation)."""

    issn_print: str | None = None
    issn_electronic: str | None = None
    issn_linking: str | None = None
    nlm_unique_id: str | None = None
    medline_ta: str | None = None
    iso_abbreviation: str | None = None
    country: str | None = None


@dataclass(frozen=True, kw_only=True)
class HistoryDate:
    status: str
    date: DateParts


@dataclass(frozen=True, kw_only=True)
class Record(Citation):
    """A full record of one article: its citation, its rich fields and its related lists.

    `vernacular_title` is the title in the article's own language when `title` is an
    English translation; `investigators` are collaborators named apart from the authors.
    """

    vernacular_title: str | None = None
    investigators: tuple[Person, ...] = ()
    abstract: Abstract | None = None
    keywords: tuple[Keyword, ...] = ()
    languages: tuple[str, ...] = ()
    journal: JournalInfo | None = None
    history: tuple[HistoryDate, ...] = ()
    mesh_terms: tuple[MeshHeading, ...] = ()
    publication_types: tuple[PublicationType, ...] = ()
    substances: tuple[Substance, ...] = ()
    grants: tuple[Grant, ...] = ()
    conflict_of_interest: str | None = None
    linkout: tuple[str, ...] = ()
    links_to: tuple[Link, ...] = ()
    similar: tuple[Citation, ...] = ()
    cited_by: tuple[Citation, ...] = ()
    references: tuple[Citation, ...] = ()
    # Input fields no other field takes (unknown MEDLINE tags, say): (name, value) pairs.
    extra: tuple[tuple[str, str], ...] = ()

    def related(self) -> tuple[tuple[Relation, Citation], ...]:
        """Every related citation with its relation, in page order."""
        return (
            tuple(("similar", c) for c in self.similar)
            + tuple(("cited-by", c) for c in self.cited_by)
            + tuple(("reference", c) for c in self.references)
        )


@dataclass(frozen=True, kw_only=True)
class FailedRecord:
    """A part of the input that should have been a record but could not be read.

    It is data, not an exception: the raw text and where it was are kept, the adapter
    goes on with the next record, and the caller decides what to report.
    """

    adapter: str
    file: str
    span: LineSpan | None
    raw: str
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, kw_only=True)
class Deletion:
    """A notice in the input that records were withdrawn (PubMed's `DeleteCitation`).

    Update files list PMIDs whose earlier records must be dropped; they are reported as
    deletions, never turned into records.
    """

    adapter: str
    file: str
    span: LineSpan | None
    pmids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ParseResult:
    """Everything one input gave: its records, its failed records, and file-level notes."""

    file: str
    format: str
    records: tuple[Record, ...] = ()
    failed: tuple[FailedRecord, ...] = ()
    deletions: tuple[Deletion, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def fast_init(cls: type[T]) -> type[T]:
    """Give the frozen, keyword-only dataclass `cls` an `__init__` that fills the
    instance's `__dict__`, and return it (so it also works as a class decorator).

    The `__init__` that `dataclass(frozen=True)` writes sets each field through
    `object.__setattr__`, which makes building a model object about seven times slower
    than building a plain one, and a PubMed baseline file builds millions of them. This
    one takes the same keyword arguments with the same defaults and stores them directly;
    instances stay frozen (assignment still raises `FrozenInstanceError`).
    """
    target: Any = cls  # a dataclass whose `__init__` is replaced: beyond static types
    fields = dataclasses.fields(target)
    if any(f.default_factory is not dataclasses.MISSING or not f.init for f in fields):
        raise TypeError(f"{cls.__name__}: a field with a default factory or init=False")
    if not all(f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__}: fields that may be given by position")
    defaults = {
        f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING
    }
    params = ", ".join(
        f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}"
        for f in fields
    )
    stores = "".join(f"\n    values[{f.name!r}] = {f.name}" for f in fields)
    namespace = dict(defaults)
    # The code is built from the field names only, as dataclasses builds its own.
    exec(f"def __init__(self, *, {params}):\n    values = self.__dict__{stores}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = target.__init__.__doc__
    target.__init__ = init
    return cls


# Every dataclass of this module gets the fast `__init__`, those added later included.
for _model_class in [
    value
    for value in list(globals().values())
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == __name__
]:
    fast_init(_model_class)
