"""Parsers of the text pieces PubMed prints, shared by every source that meets them.

Dates (`2025 Jan-Dec`), locators (`2022 Apr;166(3):189-196`), compact citations of
"Similar articles" and "Cited by" items, reference strings, abstracts and the term lists
(keywords, MeSH, substances, grants). None of them raises on any text: each returns what
it is sure of and says what it had to guess.
"""

from __future__ import annotations

from bibnorm.parsing.abstract import label_category, parse_abstract
from bibnorm.parsing.citation import (
    CitationNotes,
    ParsedCitation,
    is_no_title,
    parse_citation_notes,
    split_sentences,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.compact_citation import parse_compact_citation
from bibnorm.parsing.dates import parse_pubmed_date, split_leading_date
from bibnorm.parsing.locator import Locator, classify_pages, parse_locator
from bibnorm.parsing.reference import (
    dotted_initials,
    parse_author_list,
    parse_reference,
    split_link_labels,
    split_title_and_journal,
)
from bibnorm.parsing.terms import (
    looks_like_name,
    looks_like_term,
    merge_mesh_headings,
    parse_grant,
    parse_keywords,
    parse_mesh_term,
    parse_publication_type,
    parse_substance,
)

__all__ = [
    "CitationNotes",
    "Locator",
    "ParsedCitation",
    "classify_pages",
    "dotted_initials",
    "is_no_title",
    "label_category",
    "looks_like_name",
    "looks_like_term",
    "merge_mesh_headings",
    "parse_abstract",
    "parse_author_list",
    "parse_citation_notes",
    "parse_compact_citation",
    "parse_grant",
    "parse_keywords",
    "parse_locator",
    "parse_mesh_term",
    "parse_publication_type",
    "parse_pubmed_date",
    "parse_reference",
    "parse_substance",
    "split_leading_date",
    "split_link_labels",
    "split_sentences",
    "split_title_and_journal",
    "strip_final_period",
    "tidy_journal_abbreviation",
]
