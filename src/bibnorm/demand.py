"""What an output reads of a record (its demand), so that sources skip the rest.

A CSL item shows the citation: no MeSH heading, grant, history date or affiliation, and
no reference unless the user asks for the related items. Building those costs a third of
the time a PubMed record takes, so a writer states what it reads (`Writer.demand`, see
`bibnorm.registry.demand_of`) and the demand travels with the input (`Source.demand`)
to the adapter, which may skip what no output reads.

A demand only allows skipping: an adapter that ignores it (every third-party adapter
written before it, and the JATS and page readers today) reads the whole record, which
is always right. The fields that are read have the same values either way.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CITATION", "FULL", "Demand"]


@dataclass(frozen=True)
class Demand:
    """The parts of a record an output reads; what is False may be left out.

    The citation is always read: the fields `bibnorm.csl` writes (type, titles, names,
    journal and its ISSNs, dates, locators, identifiers, URL, abstract, keywords,
    languages), with the diagnostics about them.

    `related`: the similar, cited-by and reference lists, each entry parsed.
    `details`: the rest of the record (MeSH, substances, grants, history dates,
    affiliations and ORCID iDs, investigators, links to comments and errata, conflict of
    interest statements), the lines each field was read from (`Provenance.fields`), and
    `extra` with the report of the text no field took.
    """

    related: bool = True
    details: bool = True


# The whole record: what bibnorm JSON writes, and what the library returns by default.
FULL = Demand()
# The citation alone: what `--to csl` reads without `--with-related`.
CITATION = Demand(related=False, details=False)
