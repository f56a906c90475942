"""PubMed XML (efetch answers, annual baseline and update files): the `pubmed-xml` source adapter.

Reads `PubmedArticleSet` (with `PubmedArticle`, `PubmedBookArticle` and `DeleteCitation`
elements), `PubmedBookArticleSet`, the older `MedlineCitationSet`, and a file holding a
single one of those elements. Fields are mapped as docs/pubmed-record-conventions.md says,
so an article read from here and from its MEDLINE text gives the same record.

Files of any size stream: the bytes come from `Source.open_binary()` (which decompresses
`.xml.gz`) and are fed, in blocks, to lxml's pull parser (the feeding side of
`iterparse`, with the same options); each record element is read as it ends, then it and
its finished siblings are cleared so memory stays flat. Each line holding a record tag
ends a feed, which is what keeps record line spans exact past line 65,535, where
libxml2's own line numbers stop. The
parser never resolves an entity, never loads a DTD and never touches the network; huge
trees are refused. XML that stops being well-formed keeps the records read before the
break and ends with a `FailedRecord` naming the line.

For `--jobs`, `parse_chunk` reads one chunk of the input (`bibnorm.chunks`, cut after a
record's end tag by `BOUNDARIES`) as a small document: the document's head, the chunk,
the root's end tag, fed the same way, its lines counted from the chunk's first line.

Nothing is dropped silently: text that no rule of the conventions table took (dates the
record was completed or revised, `OtherID`, `OtherAbstract`, `GeneralNote`, a book's
sections ...) is kept in `Record.extra` as `(path, text)` pairs, the path written from the
record element down, e.g. `MedlineCitation/DateCompleted/Year`. Values a rule could not
use (an ISSN or ORCID of the wrong shape) are left there as well, with a diagnostic.

The reader does only the work the output asks for (`Source.demand`, see `bibnorm.demand`):
`_reading_for` turns the demand into the elements removed from each record before any
rule reads it (MeSH, grants, history, affiliations ... for an output without the record's
details; the reference lists for one without related items) and whether the text no
rule took is gathered into `extra`. No rule needs to know the demand, and the fields
that are read are read from the same elements as for a whole record.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from lxml import etree
from lxml.etree import _Element as Element

from bibnorm import chunks, xmlparse
from bibnorm.demand import Demand
from bibnorm.errors import InputError
from bibnorm.hookspecs import hookimpl
from bibnorm.model import Deletion, Diagnostic, FailedRecord, LineSpan, Record
from bibnorm.parsing.pubtypes import csl_type
from bibnorm.registry import Sample, Source, SourceAdapter
from bibnorm.sources import score_or_zero
from bibnorm.sources.pubmed_xml.pubmed_xml_extra import unread_leaves
from bibnorm.sources.pubmed_xml.pubmed_xml_fields import (
    ADAPTER_NAME,
    CODE,
    RecordBuilder,
    children_named,
    first_child,
    read_abstract,
    read_article_number,
    read_date,
    read_grants,
    read_history,
    read_identifiers,
    read_journal,
    read_keywords,
    read_mesh,
    read_pages,
    read_people,
    read_publication_types,
    read_substances,
    read_texts,
    read_title,
    read_titles,
)
from bibnorm.sources.pubmed_xml.pubmed_xml_related import read_links, read_references

# The elements that are one item of the output each. A `MedlineCitation` is one only
# where it stands alone (`MedlineCitationSet`); inside a `PubmedArticle` it is a part.
RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "MedlineCitation", "DeleteCitation")
# Root elements and how sure sniffing is that they are PubMed XML.
ROOT_SCORES: dict[str, float] = {
    "PubmedArticleSet": 0.95,
    "PubmedBookArticleSet": 0.95,
    "MedlineCitationSet": 0.95,
    "PubmedArticle": 0.95,
    "PubmedBookArticle": 0.95,
    "DeleteCitation": 0.9,
    "MedlineCitation": 0.9,
}
_MAX_RAW_CHARS = 10_000
# Any mention of a record tag's name: the line it is on is fed on its own account.
_RECORD_TAG_NAMES = tuple(tag.encode() for tag in RECORD_TAGS)
# Where a big input is cut for `--jobs`: after a record that is a child of the root.
_ARTICLES = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
BOUNDARIES = chunks.XmlBoundaries(
    {
        "PubmedArticleSet": _ARTICLES,
        "PubmedBookArticleSet": _ARTICLES,
        "MedlineCitationSet": ("MedlineCitation", "DeleteCitation"),
    }
)
# The input is read in blocks of this many bytes; a line without an end is fed in parts
# of at most about this many.
_READ_BLOCK = 256 * 1024
_READ_PIECE = 64 * 1024
Item = Record | FailedRecord | Deletion
# The elements only a record's details are read from (`Demand.details`), and those only
# its related lists are (`Demand.related`): an output that reads neither skips them.
_DETAIL_ELEMENTS = (
    "MeshHeadingList",
    "ChemicalList",
    "GrantList",
    "InvestigatorList",
    "CommentsCorrectionsList",
    "CoiStatement",
    "History",
    "AffiliationInfo",
    "Identifier",  # an author's ORCID iD
)
_RELATED_ELEMENTS = ("ReferenceList",)
_DOCTYPE_NAME = re.compile(r"<!DOCTYPE\s+([^\s>\[]+)")
_ELEMENT_NAME = re.compile(r"<([A-Za-z_][\w.:-]*)")


class PubmedXmlAdapter:
    """Reads PubMed XML: articles, book articles and deletion notices."""

    name = ADAPTER_NAME
    description = "PubMed XML (efetch, baseline and update files; articles, books, deletions)"
    boundaries = BOUNDARIES

    def sniff(self, sample: Sample) -> float:
        """0.95 for a document whose root is a PubMed XML element, else 0."""
        return score_or_zero(_sniff_score, sample)

    def parse(self, source: Source) -> Iterator[Item]:
        """Each record, failed record and deletion notice of the input, in input order."""
        return self.parse_shard(source, 0, 1)

    def parse_shard(self, source: Source, index: int, count: int) -> Iterator[Item]:
        """The items at positions `index`, `index + count`, ... of what `parse` yields.

        Every shard reads the whole input (cheap next to building records) and builds
        only its own items, so `count` processes can share the work of one big file.
        """
        shard = _Shard(index, count)
        reading = _reading_for(source.demand)
        # An `InputError` (broken gzip data, over the size cap) is not a bad record but an
        # input that cannot be read whole: it is raised, and the input fails as a whole.
        with source.open_binary() as stream:
            yield from _read_stream(stream, source, shard, reading)

    def parse_chunk(self, source: Source, chunk: chunks.Chunk) -> Iterator[Item]:
        """Each item of `chunk` of the input, as `parse` reads it there.

        Raises `chunks.ChunkUnreadable` when the chunk is not well-formed as a document:
        the break may be where the chunk was cut, so only a reading of the whole input can
        say what the user sees (the records before the break, then a `FailedRecord`).
        """
        parser = xmlparse.pull_parser(("start", "end"), RECORD_TAGS)
        # The parser counts lines from the head's first: the chunk starts on its last.
        lines = _LineCount(chunk.first_line, chunk.first_line - 1 - chunk.head.count(b"\n"))
        every = _Shard(0, 1)
        reading = _reading_for(source.demand)
        try:
            parser.feed(chunk.head)  # no record tag in it: it gives no event
            for piece in _pieces(io.BytesIO(chunk.data), lines):
                parser.feed(piece)
                yield from _finished_items(parser, lines, source.name, every, reading)
            lines.at_end_of_input()
            parser.feed(chunk.tail)
            parser.close()
            yield from _finished_items(parser, lines, source.name, every, reading)
        except etree.XMLSyntaxError as exc:
            raise chunks.ChunkUnreadable(f"chunk {chunk.index}: {exc}") from None


@dataclass(frozen=True)
class _Reading:
    """How much of each record to read: the tags of the elements no output reads, and
    whether the text no rule took is gathered (`extra`) and the lines of each field
    kept (`Provenance.fields`)."""

    skipped: tuple[str, ...] = ()
    gather_unread: bool = True


def _reading_for(demand: Demand) -> _Reading:
    """The one place the demand decides what this adapter reads."""
    skipped: tuple[str, ...] = () if demand.details else _DETAIL_ELEMENTS
    if not demand.related:
        skipped += _RELATED_ELEMENTS
    # The text no rule took (`extra`) and the lines of each field are details too.
    # Skipped elements are out of the record before the walk for untaken text, so it
    # never reports them as unread.
    return _Reading(skipped=skipped, gather_unread=demand.details)


def _sniff_score(text: str) -> float:
    return ROOT_SCORES.get(root_name(text) or "", 0.0)


def root_name(text: str) -> str | None:
    """The name of the document element of the XML `text` starts, or None.

    The XML declaration, comments, processing instructions and the DOCTYPE (internal
    subset included) are skipped; the DOCTYPE's name answers when the sample ends first.
    """
    position = 0
    doctype: str | None = None
    text = text.lstrip("\ufeff")
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if text.startswith("<?", position):
            position = _after(text, "?>", position)
        elif text.startswith("<!--", position):
            position = _after(text, "-->", position)
        elif text.startswith("<!DOCTYPE", position):
            match = _DOCTYPE_NAME.match(text, position)
            doctype = match.group(1) if match else None
            position = _after_doctype(text, position)
        else:
            match = _ELEMENT_NAME.match(text, position)
            return match.group(1) if match else doctype


def _after(text: str, end: str, position: int) -> int:
    found = text.find(end, position)
    return len(text) if found < 0 else found + len(end)


def _after_doctype(text: str, position: int) -> int:
    subset = text.find("[", position)
    close = text.find(">", position)
    if 0 <= subset < close:
        # `]>` ends an internal subset; declarations inside it hold `>` of their own.
        return _after(text, "]>", subset)
    return len(text) if close < 0 else close + 1


class _Shard:
    """Which of the items read are this shard's to build: every `count`-th from `index`."""

    def __init__(self, index: int, count: int) -> None:
        self.index = index
        self.count = count
        self.position = 0

    def owns_next(self) -> bool:
        """Whether the next item is this shard's (and count it either way)."""
        mine = self.position % self.count == self.index
        self.position += 1
        return mine


def _read_stream(
    stream: IO[bytes], source: Source, shard: _Shard, reading: _Reading
) -> Iterator[Item]:
    """Every item of the stream, as its end tag is read.

    The input is read in large blocks, and each block is fed to the parser in pieces that
    end with a line holding a record tag, so the line of each record's start and end tag
    is counted exactly: libxml2's own line numbers stop being exact after line 65,535,
    and baseline files are longer. The lines in between are fed in bulk: a baseline file
    has hundreds of lines per record, and going through them one by one in Python would
    cost several times what parsing them costs.
    """
    parser = xmlparse.pull_parser(("start", "end"), RECORD_TAGS)
    lines = _LineCount()
    try:
        for piece in _pieces(stream, lines):
            parser.feed(piece)
            yield from _finished_items(parser, lines, source.name, shard, reading)
        lines.at_end_of_input()
        parser.close()
        yield from _finished_items(parser, lines, source.name, shard, reading)
    except etree.XMLSyntaxError as exc:
        if shard.owns_next():
            yield _failed_syntax(exc, source, lines.last_record_end + 1)


def _pieces(stream: IO[bytes], lines: _LineCount) -> Iterator[bytes]:
    """The stream in pieces to feed, `lines.current` set to the line each piece ends on
    while the caller handles it (the events a piece gives belong to its last line).

    A piece ends after each line holding a record tag's name, or after the last whole
    line of a block; a line longer than `_READ_PIECE` is fed in parts, so memory stays
    bounded even when a whole file is one line.
    """
    pending = b""
    while block := stream.read(_READ_BLOCK):
        data = pending + block
        fed = 0
        for start, end in _record_tag_names(data):
            if start < fed:
                continue  # on a line already fed
            line_end = data.find(b"\n", end)
            if line_end < 0:
                break  # the line goes on in the next block
            yield from _fed(data[fed : line_end + 1], lines)
            fed = line_end + 1
        last_line_end = data.rfind(b"\n", fed)
        if last_line_end >= 0:
            yield from _fed(data[fed : last_line_end + 1], lines)
            fed = last_line_end + 1
        pending = data[fed:]
        if len(pending) > _READ_PIECE:
            yield from _fed(pending, lines)
            pending = b""
    if pending:
        yield from _fed(pending, lines)


def _record_tag_names(data: bytes) -> list[tuple[int, int]]:
    """Where each record tag's name is in `data`, in order, as `(start, end)`.

    `bytes.find` for each name, then sorted: four scans at memory speed cost a quarter
    of one regular expression's scan for the four names (a tenth of a record's CPU).
    No name holds another, so the places are those the alternation would find."""
    found: list[tuple[int, int]] = []
    for name in _RECORD_TAG_NAMES:
        size = len(name)
        start = data.find(name)
        while start >= 0:
            found.append((start, start + size))
            start = data.find(name, start + size)
    found.sort()
    return found


def _fed(piece: bytes, lines: _LineCount) -> Iterator[bytes]:
    """`piece`, with `lines` on its last line while it is handled, and past it after."""
    breaks = piece.count(b"\n")
    ends_a_line = piece.endswith(b"\n")
    lines.current += breaks - ends_a_line
    yield piece
    lines.current += ends_a_line
    lines.after_line_end = ends_a_line


class _LineCount:
    """The line being read, the start lines of the open record elements, and the line
    the last record ended on."""

    def __init__(self, first: int = 1, offset: int = 0) -> None:
        self.current = first
        # What the parser's own line numbers are short of the input's (a chunk's).
        self.offset = offset
        self.after_line_end = False
        self.open_starts: list[int] = []
        self.last_record_end = 0

    def at_end_of_input(self) -> None:
        """Events the final `close` gives belong to the last line, not the one after."""
        if self.after_line_end:
            self.current -= 1
            self.after_line_end = False


def _finished_items(
    parser: etree.XMLPullParser, lines: _LineCount, file: str, shard: _Shard, reading: _Reading
) -> Iterator[Item]:
    for event, element in parser.read_events():
        if event == "start":
            lines.open_starts.append(lines.current)
            continue
        start = lines.open_starts.pop() if lines.open_starts else lines.current
        if element.tag == "MedlineCitation" and not _stands_alone(element):
            continue
        lines.last_record_end = lines.current
        if shard.owns_next():
            span = LineSpan(start=start, end=lines.current)
            yield _read_item(element, span, file, reading, lines.offset)
        _release(element)


def _stands_alone(element: Element) -> bool:
    parent = element.getparent()
    return parent is None or parent.tag != "PubmedArticle"


def _release(element: Element) -> None:
    """Free a finished record: its content, and the cleared siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _read_item(element: Element, span: LineSpan, file: str, reading: _Reading, offset: int) -> Item:
    """The item `element` is; `offset` is what the parser's lines are short of the input's."""
    if element.tag == "DeleteCitation":
        return _read_deletion(element, span, file)
    if reading.skipped:
        _remove(element, reading.skipped)
    if element.tag == "PubmedBookArticle":
        return _read_book_article(element, span, file, reading, offset)
    if element.tag == "MedlineCitation":
        return _read_article(element, element, None, span, file, reading, offset)
    citation = first_child(element, "MedlineCitation")
    if citation is None:
        message = "a PubmedArticle without MedlineCitation"
        return _failed_element(element, span, file, "no-citation", message)
    data = first_child(element, "PubmedData")
    return _read_article(element, citation, data, span, file, reading, offset)


def _remove(record: Element, tags: tuple[str, ...]) -> None:
    """Take the elements `tags` out of a record before it is read: the record is
    released once read, and without them no rule reads what no output shows."""
    for element in list(record.iter(*tags)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _read_deletion(element: Element, span: LineSpan, file: str) -> Deletion | FailedRecord:
    pmids = tuple(
        value for pmid in element.iterchildren("PMID") if (value := (pmid.text or "").strip())
    )
    if not pmids or not all(pmid.isascii() and pmid.isdigit() for pmid in pmids):
        message = "a DeleteCitation whose PMIDs are not all numbers"
        return _failed_element(element, span, file, "bad-deletion", message)
    return Deletion(adapter=ADAPTER_NAME, file=file, span=span, pmids=pmids)


def _read_article(
    root: Element,
    citation: Element,
    data: Element | None,
    span: LineSpan,
    file: str,
    reading: _Reading,
    offset: int = 0,
) -> Record:
    """A `PubmedArticle` (or a lone `MedlineCitation`, which has no `PubmedData`)."""
    builder = RecordBuilder(file=file, line_offset=offset, details=reading.gather_unread)
    pmid = first_child(citation, "PMID")
    builder.take(pmid)
    if pmid is not None and (version := pmid.get("Version", "1").strip()) not in ("", "1"):
        builder.set("version", version, [pmid])
    article = first_child(citation, "Article")
    article = article if article is not None else etree.Element("Article")
    journal = first_child(article, "Journal")
    issue = first_child(journal, "JournalIssue") if journal is not None else None
    info = first_child(citation, "MedlineJournalInfo")
    elocations = children_named(article, "ELocationID")
    title = first_child(article, "ArticleTitle")
    read_titles(builder, title, first_child(article, "VernacularTitle"))
    if "title" not in builder.values and title is None:
        builder.note("no-title", "the article has no ArticleTitle", citation, quote=False)
    _read_people_of(builder, article, first_child(citation, "InvestigatorList"))
    read_journal(builder, journal, info)
    if issue is not None:
        builder.set_text("volume", issue, "Volume")
        builder.set_text("issue", issue, "Issue")
        pub_date = first_child(issue, "PubDate")
        builder.set("issued", read_date(builder, pub_date), [pub_date])
    _read_epub_date(builder, article)
    read_pages(builder, first_child(article, "Pagination"))
    id_list = first_child(data, "ArticleIdList") if data is not None else None
    read_identifiers(builder, [id_list], pmid, elocations)
    read_article_number(builder, elocations, builder.values.get("identifiers", ()))
    read_abstract(builder, first_child(article, "Abstract"))
    read_keywords(builder, children_named(citation, "KeywordList"))
    read_mesh(builder, first_child(citation, "MeshHeadingList"))
    types = read_publication_types(
        builder,
        [
            t
            for types in children_named(article, "PublicationTypeList")
            for t in types.iterchildren("PublicationType")
        ],
    )
    read_substances(builder, first_child(citation, "ChemicalList"))
    read_grants(builder, first_child(article, "GrantList"))
    read_texts(builder, "languages", children_named(article, "Language"))
    builder.set_text("conflict_of_interest", citation, "CoiStatement")
    read_links(builder, first_child(citation, "CommentsCorrectionsList"))
    if data is not None:
        read_history(builder, first_child(data, "History"))
        read_references(builder, children_named(data, "ReferenceList"))
    return _build(builder, root, span, csl_type(types), reading)


def _read_people_of(builder: RecordBuilder, holder: Element, investigators: Element | None) -> None:
    lists = children_named(holder, "AuthorList")
    authors = [lst for lst in lists if lst.get("Type") != "editors"]
    editors = [lst for lst in lists if lst.get("Type") == "editors"]
    read_people(builder, "authors", authors, "Author")
    read_people(builder, "editors", editors, "Author")
    if investigators is not None:
        read_people(builder, "investigators", [investigators], "Investigator")


def _read_epub_date(builder: RecordBuilder, article: Element) -> None:
    for article_date in article.iterchildren("ArticleDate"):
        if (article_date.get("DateType") or "Electronic") == "Electronic":
            builder.set("epub_date", read_date(builder, article_date), [article_date])
            return


def _read_book_article(
    element: Element, span: LineSpan, file: str, reading: _Reading, offset: int = 0
) -> Record | FailedRecord:
    """A `PubmedBookArticle`: a whole book, or a chapter when it has an `ArticleTitle`."""
    document = first_child(element, "BookDocument")
    if document is None:
        message = "a PubmedBookArticle without BookDocument"
        return _failed_element(element, span, file, "no-book-document", message)
    data = first_child(element, "PubmedBookData")
    builder = RecordBuilder(file=file, line_offset=offset, details=reading.gather_unread)
    book = first_child(document, "Book")
    book = book if book is not None else etree.Element("Book")
    is_chapter = first_child(document, "ArticleTitle") is not None
    book_title = first_child(book, "BookTitle")
    vernacular = first_child(document, "VernacularTitle")
    if is_chapter:
        read_titles(builder, first_child(document, "ArticleTitle"), vernacular)
        read_title(builder, "container_title", book_title)
    else:
        read_titles(builder, book_title, vernacular)
    if "title" not in builder.values:
        builder.note("no-title", "the book article has no title", document, quote=False)
    _read_book_people(builder, document, book, is_chapter=is_chapter)
    pub_date = first_child(book, "PubDate")
    builder.set("issued", read_date(builder, pub_date), [pub_date])
    publisher = first_child(book, "Publisher")
    builder.set_text("publisher", publisher, "PublisherName")
    builder.set_text("publisher_place", publisher, "PublisherLocation")
    builder.set_text("edition", book, "Edition")
    builder.set_text("volume", book, "Volume")
    read_pages(builder, first_child(document, "Pagination"))
    elocations = [*children_named(book, "ELocationID"), *children_named(document, "ELocationID")]
    id_lists = [first_child(document, "ArticleIdList")]
    if data is not None:
        id_lists.append(first_child(data, "ArticleIdList"))
    read_identifiers(
        builder, id_lists, first_child(document, "PMID"), elocations, children_named(book, "Isbn")
    )
    read_article_number(builder, elocations, builder.values.get("identifiers", ()))
    read_abstract(builder, first_child(document, "Abstract"))
    read_keywords(builder, children_named(document, "KeywordList"))
    types = read_publication_types(builder, children_named(document, "PublicationType"))
    read_grants(builder, first_child(document, "GrantList"))
    read_texts(builder, "languages", children_named(document, "Language"))
    if data is not None:
        read_history(builder, first_child(data, "History"))
        read_references(builder, children_named(data, "ReferenceList"))
    kind = csl_type(types, book=not is_chapter, chapter=is_chapter)
    return _build(builder, element, span, kind, reading)


def _read_book_people(
    builder: RecordBuilder, document: Element, book: Element, *, is_chapter: bool
) -> None:
    """A chapter's authors are its own; a book's are the book's. Editors are the book's.

    A chapter record's book authors have no field of their own and are left to `extra`.
    """
    holders = [document] if is_chapter else [book, document]
    lists = [lst for holder in holders for lst in children_named(holder, "AuthorList")]
    read_people(builder, "authors", [x for x in lists if x.get("Type") != "editors"], "Author")
    editor_lists = [*children_named(book, "AuthorList"), *children_named(document, "AuthorList")]
    editors = [x for x in editor_lists if x.get("Type") == "editors"]
    read_people(builder, "editors", editors, "Author")
    investigators = [
        *children_named(book, "InvestigatorList"),
        *children_named(document, "InvestigatorList"),
    ]
    read_people(builder, "investigators", investigators, "Investigator")


def _build(
    builder: RecordBuilder, root: Element, span: LineSpan, kind: str, reading: _Reading
) -> Record:
    extra = unread_leaves(builder, root) if reading.gather_unread else ()
    diagnostics = sorted(builder.diagnostics, key=lambda d: d.line or 0)
    return Record(
        type=kind,
        provenance=builder.provenance(span),
        diagnostics=tuple(diagnostics),
        extra=extra,
        **builder.values,
    )


# --- what could not be read ----------------------------------------------------------


def _failed_element(
    element: Element, span: LineSpan, file: str, code: str, message: str
) -> FailedRecord:
    raw = etree.tostring(element, encoding="unicode", with_tail=False)
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=file,
        span=span,
        raw=raw[:_MAX_RAW_CHARS],
        diagnostics=(
            Diagnostic(
                code=f"{CODE}.{code}",
                message=message,
                severity="error",
                line=span.start,
            ),
        ),
    )


def _failed_syntax(exc: etree.XMLSyntaxError, source: Source, start: int) -> FailedRecord:
    """The part of the input from the end of the last record to the line that broke."""
    line = exc.lineno or start
    start = min(start, line)
    message = f"the XML is not well-formed: {exc.msg or exc}; reading stopped here"
    return FailedRecord(
        adapter=ADAPTER_NAME,
        file=source.name,
        span=LineSpan(start=start, end=line),
        raw=_lines(source, start, line),
        diagnostics=(
            Diagnostic(code=f"{CODE}.malformed-xml", message=message, severity="error", line=line),
        ),
    )


def _lines(source: Source, start: int, end: int) -> str:
    """Lines `start` to `end` of the input, at most the last `_MAX_RAW_CHARS` bytes of
    them, or "" when the input cannot be read again. Lines are read in bounded pieces, so
    a file written on one line never has to fit in memory."""
    kept = bytearray()
    number = 1
    try:
        with source.open_binary() as stream:
            while number <= end and (piece := stream.readline(_MAX_RAW_CHARS)):
                if number >= start:
                    kept += piece
                    del kept[:-_MAX_RAW_CHARS]
                number += piece.endswith(b"\n")
    except (InputError, OSError):
        return ""
    return kept.decode("utf-8", errors="replace").rstrip("\r\n")


@hookimpl
def bibnorm_register_sources(register: Callable[[SourceAdapter], None]) -> None:
    """Contribute the `pubmed-xml` adapter."""
    register(PubmedXmlAdapter())


__all__ = [
    "ADAPTER_NAME",
    "BOUNDARIES",
    "PubmedXmlAdapter",
    "bibnorm_register_sources",
    "root_name",
]
