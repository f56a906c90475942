"""Identifiers as users write them: `35743275`, `pmid:35743275`, `PMC9224636`, `doi:10.1/x`,
`https://doi.org/10.1/x`, `https://pubmed.ncbi.nlm.nih.gov/35743275/` ..."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from bibnorm.processors.identifiers import normalise_doi

_PMID = re.compile(r"^(?:pmid:\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)?0*(\d{1,9})/?$", re.I)
_PMCID = re.compile(
    r"^(?:pmcid:\s*|https?://(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/))?"
    r"(?:PMC)(\d{1,9})(?:\.\d+)?/?$",
    re.I,
)
_PMCID_PREFIXED = re.compile(r"^pmcid:\s*(?:PMC)?(\d{1,9})$", re.I)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.I)


@dataclass(frozen=True, order=True)
class ArticleId:
    """A normalised identifier: `scheme` is pmid, pmcid or doi."""

    scheme: str
    value: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


def parse_id(text: str) -> ArticleId | None:
    """The identifier `text` names, or None when it names none we know."""
    text = text.strip()
    if match := _PMID.match(text):
        return ArticleId("pmid", match.group(1))
    if match := _PMCID.match(text) or _PMCID_PREFIXED.match(text):
        return ArticleId("pmcid", f"PMC{match.group(1)}")
    if _DOI_PREFIX.match(text) or text.startswith("10."):
        doi = normalise_doi(unquote(text) if text.lower().startswith("http") else text)
        if _DOI.match(doi):
            return ArticleId("doi", doi)
    return None


def doi_key(doi: str) -> str:
    """DOIs are case-insensitive: compare them by this."""
    return doi.strip().lower()


__all__ = ["ArticleId", "doi_key", "parse_id"]
