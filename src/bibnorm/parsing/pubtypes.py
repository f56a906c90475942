"""Which CSL item type a PubMed record is, from its publication types.

PubMed tags every record with publication types (`Journal Article`, `Review`,
`Preprint`, `Congress` ...); CSL gives an item one type. A book or chapter record
(PubmedBookArticle, MEDLINE book tags) is decided by its shape, not its types. CSL's
`review` is a review *of a work* (a book review), so PubMed's `Review` articles stay
`article-journal`.

Other databases' MEDLINE-tagged exports name their own types: ERIC writes
`Journal Articles`, `Reports - Research`, `Books`, `Dissertations/Theses - Doctoral
Dissertations` (a category, ` - ` and a kind), EBSCOhost and ProQuest `Academic Journal`,
`Scholarly Journals`, `Dissertation`, `Conference Paper`. ERIC tags most journal
articles `Reports - Research` as well, so a journal type wins over a report type.
"""

from __future__ import annotations

from collections.abc import Iterable

# Checked in this order; the first publication type present decides. Every CSL type
# here is one that schemas/csl-output.schema.json accepts.
_TYPE_BY_PUBLICATION_TYPE: tuple[tuple[str, str], ...] = (
    # Other databases: a thesis or an article in a journal is that whatever else it is.
    ("dissertations/theses", "thesis"),
    ("dissertations & theses", "thesis"),
    ("dissertation", "thesis"),
    ("doctoral dissertation", "thesis"),
    ("thesis", "thesis"),
    ("journal articles", "article-journal"),
    ("academic journal", "article-journal"),
    ("scholarly journals", "article-journal"),
    ("books", "book"),
    ("book", "book"),
    ("book/product reviews", "review-book"),
    ("speeches/meeting papers", "paper-conference"),
    ("conference paper", "paper-conference"),
    ("conference papers & proceedings", "paper-conference"),
    ("reports", "report"),
    ("report", "report"),
    ("preprint", "article"),
    ("dataset", "dataset"),
    ("congress", "paper-conference"),
    ("consensus development conference", "paper-conference"),
    ("consensus development conference, nih", "paper-conference"),
    ("technical report", "report"),
    ("government publication", "report"),
    ("newspaper article", "article-newspaper"),
    ("patient education handout", "pamphlet"),
    ("webcast", "webpage"),
)


def csl_type(publication_types: Iterable[str], *, book: bool = False, chapter: bool = False) -> str:
    """The CSL type of a record with these publication type names.

    `chapter` (a book section) and `book` win over the publication types; otherwise the
    first type of the table above that is present decides, and a record with none of
    them is an `article-journal`.
    """
    if chapter:
        return "chapter"
    if book:
        return "book"
    return named_type(publication_types) or "article-journal"


def named_type(publication_types: Iterable[str]) -> str | None:
    """The CSL type the first publication type of the table above names, or None when
    none of them is there (`Journal Article` alone, or a type of no known kind)."""
    names = {name.strip().lower() for name in publication_types}
    # ERIC's `Reports - Research`, `Guides - Classroom - Teacher`: the category decides.
    names |= {name.split(" - ", 1)[0] for name in names if " - " in name}
    for name, kind in _TYPE_BY_PUBLICATION_TYPE:
        if name in names:
            return kind
    return None
