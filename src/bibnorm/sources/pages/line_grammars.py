"""The grammars of single page lines that carry record data, shared by every page-text reader.

A browser's "select all, copy" of a PubMed abstract page, a PubMed search-result page, a
PMC or Europe PMC article page carries the same kinds of lines whatever the template:
site chrome (banners, buttons, menus, proxy notices), identifier lines (`PMID: 35743275
PMCID: PMC9224636 DOI: 10.3390/x`), author lines with affiliation markers (`Maria Rossi
1, Jan Kim 2 3`), numbered affiliations, journal citations (`Lung Cancer. 2022 Apr;166:
189-196. doi: ...`) and the items of PubMed's lists (title / authors / citation / PMID).
Each has one grammar here; `line_shapes.classify` names a line's shape with them, and the
template readers (`pubmed_text_copy`, `pmc_text`, `pubmed_search_text`) call them by name
where their template says which line is which.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bibnorm.model import Citation, DateParts, Identifier, Person
from bibnorm.parsing import (
    Locator,
    parse_author_list,
    parse_citation_notes,
    parse_locator,
    split_sentences,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.dates import DATE_PATTERN
from bibnorm.parsing.pages import page_fields
from bibnorm.sources.pages.author_lines import (
    MarkedAuthor,
    initials_of,
    parse_nlm_authors,
    person_from_name,
    split_author_line,
)

# --- site chrome ----------------------------------------------------------------------

# Lines of the NCBI, PMC and Europe PMC sites around the content: banners, menus, buttons,
# the footer, proxy and cookie notices. They say nothing about the article: a reader takes
# them and reports them as chrome (`<code>.chrome`, an info diagnostic).
_CHROME = re.compile(
    r"(?i)^(?:"
    r"skip to (?:main|content).*|u\.s\. flag|an official website of the united states government"
    r"|here'?s how you know|dot gov|https|the \.gov means it.s official\.?"
    r"|federal government websites often end in.*|sharing sensitive information.*"
    r"|government site\.?|the site is secure\.?|the https:// ensures.*|official website and that.*"
    r"|and transmitted securely\.?|before sharing sensitive.*|access keys.*|ncbi homepage.*"
    r"|pubmed disclaimer|linkout\b.*|display settings:?.*|send to:?.*|choose destination"
    r"|see comment in pubmed commons below|pubmed commons(?: home)?|how to join pubmed commons"
    r"|\[pubmed(?: - [^\]]*)?\]|supplemental content|icon for .*|loading \.\.\.|loading…"
    r"|write to the help desk|full text links|actions|cite|share|collections|add to collections"
    r"|permalink|copy|search|search tips|search criteria|advanced|pmcc(?:pmcc)+|europe pmc"
    r"|this website requires cookies.*|.*\bcookies?\b.*(?:policy|settings|consent|accept).*"
    r"|accept (?:all )?cookies|free full text|pmc disclaimer|copyright and license information"
    r"|.*web applications do not support your browser.*|.*your browser.*not supported.*"
    r"|more information|(?:university |institutional )?library\b.*\|.*"
    r"|.*\b(?:off-campus access|ezproxy|you are accessing .* via|log ?in through)\b.*"
    r"|printed from\b.*|access (?:provided|brought to you) by\b.*"
    r"|grants and funding|related information"
    r"|.*\bmy ?ncbi\b.*|sign in(?: to ncbi)?|log in|format:.*|(?:summary|abstract) \(text\)"
    r"|view full text|go to:?|other formats:?|pdf(?: \([\d.]+ ?[km]b\))?|free pmc article"
    # A reader view's page title and site line, a translation bar, a proxy's notice.
    r"|(?![\d•·▪◦‣-])[^;]+ - (?:pubmed|pmc|europe pmc|ncbi)"
    r"|[\w-]+(?:\.[\w-]+)+\.(?:gov|org|com|edu|net)(?:/\S*)?"
    r"|\d+(?:[–-]\d+)? min(?:ute)?s?(?: read)?|translated from:.*|translate to:.*"
    r"|show original.*|original text|contribute a better translation|google translate"
    r"|you are accessing .*|sign out.*|menu|copyright notice|pmc copyright notice"
    r"|collaborators \(\d+\)|publication types, mesh terms.*|.{0,60}▾.{0,60}"
    # Europe PMC's header and buttons, a result page's controls, a library's own name.
    r"|(?:\w+ )?free to read(?: & use)?|share this article|share with .*|hide details"
    r"|show details|search pmc.*|search in pmc|journal list|user guide|download pdf"
    r"|view on publisher site|pmc home|.*\blog ?(?:in|out)\b.*\|.*|log ?out"
    r"|search life-sciences literature.*|advanced search|europe pmc plus|helpdesk|feedback"
    r"|twitter|blog|tech blog|developer forum|tools|developers|about|help|contact us|options"
    r"|items per page|filters applied.*|search results|page navigation|title & authors"
    r"|item in clipboard|display options|full text links|article notes|find articles by .*"
    r"|as a library, nlm provides access.*|(?:[\w.&'’-]+ ){0,6}(?:university|college"
    r"|institutet?|school|hospital)\b[\w &'’.-]{0,40}\blibrar(?:y|ies)"
    r")\s*$"
)
# A navigation bar: a few short links parted by `|` (`Sign out | Help | Library`).
_MENU_BAR = re.compile(r"^[^|]{1,30}(?:\s\|\s[^|]{1,30})+$")
_MAX_MENU_WORDS = 4
# Site chrome is short; longer lines are never tested against its (backtracking) pattern.
_MAX_CHROME_CHARS = 500
CHROME_LINES = frozenset(
    line.casefold()
    for line in (
        "Skip to main page content",
        "Skip to main content",
        "An official website of the United States government",
        "Here's how you know",
        "Here’s how you know",
        "The .gov means it's official.",
        "The .gov means it’s official.",
        "Official websites use .gov",
        "Secure .gov websites use HTTPS",
        "The site is secure.",
        "NIH NLM Logo",
        "NCBI home page",
        "Log in",
        "Show account info",
        "Close",
        "Account settings",
        "Log out",
        "Search",
        "Search:",
        "Search: Search",
        "Search in PMC",
        "Search PMC Full-Text Archive",
        "Advanced",
        "Advanced Clipboard",
        "Advanced Search",
        "Clipboard",
        "User Guide",
        "Journal List",
        "PubMed Disclaimer",
        "PMC Disclaimer",
        "Cite",
        "Share",
        "Save",
        "Email",
        "Save Email",
        "Send to",
        "Display options",
        "Display options Display options",
        "Format",
        "Abstract PubMed PMID",
        "Actions",
        "Collections",
        "Add to Collections",
        "My Bibliography",
        "Citation manager",
        "Page navigation",
        "Title & authors",
        "Item in Clipboard",
        "Affiliations expand",
        "Affiliation expand",
        "collapse",
        "expand",
        "Show details",
        "Hide details",
        "See all similar articles",
        'See all "Cited by" articles',
        "See all “Cited by” articles",
        "Show all references",
        "Load all references",
        "Follow NCBI",
        "Connect with NLM",
        "National Library of Medicine",
        "8600 Rockville Pike",
        "Bethesda, MD 20894",
        "National Library of Medicine 8600 Rockville Pike Bethesda, MD 20894",
        "Web Policies",
        "FOIA",
        "HHS Vulnerability Disclosure",
        "Help",
        "Accessibility",
        "Careers",
        "NLM NIH HHS USA.gov",
        "Back to Top",
        "Find articles by",
        "Author information",
        "Article notes",
        "Copyright and License information",
        "Author information Copyright and License information PMC Disclaimer",
        "Author information Article notes Copyright and License information PMC Disclaimer",
        "Other Formats",
        "PDF",
        "Download PDF",
        "ePub",
        "Similar articles in PubMed",
        "Cited by other articles in PMC",
        "Links to NCBI Databases",
        "Resources",
        "On this page",
        "ACTIONS",
        "RESOURCES",
        "Permalink",
        "Copy",
        "View on publisher site",
        "Add to search",
        # Today's PMC: the journal's and each author's pop-up, the account menu.
        "Search in PubMed",
        "View in NLM Catalog",
        "Primary site navigation",
        "Logged in as:",
        "Dashboard",
        "Publications",
        "Search…",
        "Search NCBI",
        # A result page's filters and a Bookshelf page's tabs.
        "Results by year",
        "Download CSV",
        "Text availability",
        "Article attribute",
        "Article type",
        "Books and Documents",
        "Publication date",
        "Custom Range",
        "Free Books & Documents",
        "Author Information and Affiliations",
        "Collaborators, Affiliations",
        "Collaborators",
        "Sections",
    )
)
# Chrome lines that start with a fixed text and go on with site wording.
_CHROME_PREFIXES = (
    "federal government websites often end in .gov or .mil",
    "the https:// ensures that you are connecting",
    "a lock (",
    "a .gov website belongs to an official government organization",
    "access keys ",
    "find articles by ",
    "show all ",
    "sorted by:",
    # A copy sent on by e-mail.
    "forwarded message",
    "---------- forwarded message",
    "-----original message-----",
    "sent from my ",
    "new try this search",
    "your browser does not support javascript",
    "this article has been ",
    "create a file for external citation management software",
    "the publisher's final edited version of this article is available at",
    "the publisher’s final edited version of this article is available at",
    "the publisher's version of this article is available at",
    "the publisher’s version of this article is available at",
)
_SHOW_ALL = re.compile(
    r"(?i)show all \d+ (?:references|authors|articles)|\d+ years?|.{0,80}\s?►"
    # A printed page's header and footer: `3/14/2016 PubMed - Title`, `https://... 1/2`.
    r"|\d{1,2}/\d{1,2}/\d{2,4},?(?: \d{1,2}:\d{2}(?: ?[ap]m)?)? .*|https?://\S+(?: \d+/\d+)?"
)

# Status labels PubMed prints on a line of their own above or below the citation.
STATUS_LABELS = frozenset(
    {
        "Review",
        "Free article",
        "Free PMC article",
        "Free Books & Documents",
        "Preprint",
        "Retracted Publication",
        "Retraction of Publication",
        "Comment",
        "Erratum",
        "Published Erratum",
        "Expression of Concern",
        "Clinical Trial",
        "Randomized Controlled Trial",
        "Meta-Analysis",
        "Systematic Review",
        "Editorial",
        "Letter",
        "Case Reports",
        "Observational Study",
        "Practice Guideline",
        "Guideline",
        "Multicenter Study",
    }
)
_STATUS_BY_KEY = {label.casefold(): label for label in STATUS_LABELS}


def is_chrome(text: str) -> bool:
    """True for a line of site chrome (banner, menu, button, footer, notice).

    Some chrome lines double as the headings of sections a template reader reads
    (`Grants and funding`, `LinkOut - more resources`) or as a status label (`Free PMC
    article`): such a reader asks its own heading test first; the general reader reads
    none of those sections. The lists of other articles (`Similar articles`, `Cited by`,
    `Comment in`) are headings for every reader, never chrome.
    """
    key = " ".join(text.split()).casefold()
    return (
        key in CHROME_LINES
        or key.startswith(_CHROME_PREFIXES)
        or _SHOW_ALL.fullmatch(key) is not None
        or (len(key) <= _MAX_CHROME_CHARS and (_CHROME.match(key) is not None or _is_menu_bar(key)))
    )


def _is_menu_bar(text: str) -> bool:
    return _MENU_BAR.match(text) is not None and all(
        len(part.split()) <= _MAX_MENU_WORDS for part in text.split(" | ")
    )


def status_label(text: str) -> str | None:
    """The status label a line holds alone (`Free PMC article`), in PubMed's spelling."""
    return _STATUS_BY_KEY.get(" ".join(text.split()).rstrip(".").casefold())


# --- identifier lines ---------------------------------------------------------------

_ID_KEYS: dict[str, str] = {
    "pmid": "pmid",
    "pmcid": "pmcid",
    "doi": "doi",
    "nihmsid": "nihms",
    "nihms id": "nihms",
    "nihms": "nihms",
    "bookshelf id": "nbk",
    "pii": "pii",
}
# PubMed's and PMC's keys in any case, the colon optional (`PMCID PMC1` in older PMC
# pages); `DOI`, `PII` and `Bookshelf ID` in upper case with a colon only: `doi: 10.1/x`
# in lower case is a citation note, not an ID line.
_ID_PAIR = re.compile(
    r"(?:(?P<key>(?i:PMID|PMCID|NIHMSID|NIHMS ID|NIHMS)):?|(?P<key2>DOI|Bookshelf ID|PII):)"
    r"\s*(?P<value>[^\s]+)"
)
_BULLET = re.compile(r"^(?:[-*•·]\s+)")
_ID_VALUE = {
    "pmid": re.compile(r"\d{1,9}"),
    "pmcid": re.compile(r"(?i:PMC)?\d+"),
    "nihms": re.compile(r"(?i:NIHMS)?\d+"),
    "nbk": re.compile(r"NBK\d+"),
    "doi": re.compile(r"10\.\d{4,9}/\S+"),
    "pii": re.compile(r"\S+"),
}
# What legacy PubMed prints after the identifiers: `[PubMed - indexed for MEDLINE] Free
# PMC Article`; site labels, not text to report.
_PUBMED_STATUS = re.compile(r"\[PubMed(?: - [^\]]*)?\]")
_ID_LINE_LABELS = re.compile(
    r"(?i)(?:\[PubMed[^\]]*\]\s*)?(?:Free (?:PMC )?(?:full text|Article)\s*)?"
)


@dataclass(frozen=True)
class IdLine:
    """An identifier line: its identifiers, in order, and the text after the last one."""

    identifiers: tuple[Identifier, ...]
    rest: str


def read_id_line(text: str) -> IdLine | None:
    """`PMID: 1 PMCID: PMC2 DOI: 10.1/x`, one per line or several, bulleted or not.

    The line must start with an identifier; what follows the identifiers (`Free PMC
    article.`) is handed back in `rest`. A value of the wrong shape makes it no ID line.
    """
    text = _BULLET.sub("", " ".join(text.split()))
    identifiers: list[Identifier] = []
    labels: list[str] = []
    position = 0
    while True:
        match = _ID_PAIR.match(text, position)
        if match is None and identifiers:
            # Legacy PubMed's labels between two identifiers (`PMID: 1 [PubMed - indexed
            # for MEDLINE] PMCID: PMC2`) are kept with the rest of the line.
            label = _ID_LINE_LABELS.match(text, position)
            if label is not None and label.end() > position:
                match = _ID_PAIR.match(text, label.end())
                if match is not None:
                    labels.append(label.group().strip())
        if match is None:
            break
        key = match.group("key") or match.group("key2")
        scheme = _ID_KEYS[" ".join(key.lower().split())]
        value = match.group("value")
        if scheme != "pii":
            value = value.rstrip(".,;")
        if not _ID_VALUE[scheme].fullmatch(value):
            return None
        identifiers.append(Identifier(scheme=scheme, value=value))
        position = match.end()
        while position < len(text) and text[position] == " ":
            position += 1
    if not identifiers:
        return None
    # `[PubMed - indexed for MEDLINE]` is the site's chrome; `Free PMC Article` a status.
    rest = _PUBMED_STATUS.sub("", " ".join([*labels, text[position:]]))
    return IdLine(identifiers=tuple(identifiers), rest=" ".join(rest.split()))


def find_identifiers(text: str) -> tuple[Identifier, ...]:
    """Every identifier a line names anywhere (`https://doi.org/10.1/x PMID: 2 PMCID:
    PMC3`), with the ID-line grammar's keys and value shapes; a value of the wrong shape
    is left out."""
    found: list[Identifier] = []
    for match in _ID_PAIR.finditer(" ".join(text.split())):
        key = match.group("key") or match.group("key2")
        scheme = _ID_KEYS[" ".join(key.lower().split())]
        value = match.group("value")
        if scheme != "pii":
            value = value.rstrip(".,;")
        if _ID_VALUE[scheme].fullmatch(value):
            found.append(Identifier(scheme=scheme, value=value))
    return tuple(found)


def is_id_line_labels(rest: str) -> bool:
    """True when what follows an ID line's identifiers is only the site's labels (or nothing)."""
    return _ID_LINE_LABELS.fullmatch(rest) is not None


# --- authors and affiliations -------------------------------------------------------

_AFFILIATION = re.compile(r"(?P<key>\d{1,3}|[†‡§¶])\s*(?P<text>[A-Z(\"'“].*)")


def read_affiliation(text: str) -> tuple[str, str] | None:
    """`1 Department of ..., Rome, Italy.` as `("1", "Department of ..., Rome, Italy.")`."""
    match = _AFFILIATION.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    return match.group("key"), match.group("text")


def with_affiliations(authors: list[MarkedAuthor], affiliations: dict[str, str]) -> list[Person]:
    """Each author with the affiliations its markers point to; a page that lists a single
    unnumbered affiliation gives it to every author."""
    people: list[Person] = []
    for author in authors:
        if "" in affiliations and not author.affiliation_keys:
            texts: tuple[str, ...] = (affiliations[""],)
        else:
            texts = tuple(affiliations[k] for k in author.affiliation_keys if k in affiliations)
        people.append(dataclasses.replace(author.person, affiliations=texts))
    return people


# --- journal citation lines ---------------------------------------------------------

# Where a journal name ends and the locator starts: `Nature. 2009 Oct 15;...`,
# `medRxiv [Preprint]. 2023 Feb 2:...`. A name may hold periods, a locator starts with a date.
_JOURNAL_END = re.compile(rf"(?:\s*\[[^\]]*\])?\.\s+(?={DATE_PATTERN}(?:[;:(.\s]|$))")
_LEADING_DATE = re.compile(rf"^\.?\s*(?={DATE_PATTERN}(?:[;:(.\s]|$))")
# `2012 Mar 22; 12(4): 252–264` as PMC prints it: spaces after `;` and `:`.
_SPACED_LOCATOR = re.compile(r"\s*([;:])\s*")
# PMC's legacy dates, `Mar 23, 2004` and `Dec 2008`, after the journal: PubMed's
# `2004 Mar 23` and `2008 Dec`.
_MONTH_DAY_YEAR = re.compile(
    r"(?<=\. )(?P<month>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2}), (?P<year>\d{4})(?=[;:.\s]|$)"
)
_MONTH_YEAR = re.compile(r"(?<=\. )(?P<month>[A-Z][a-z]{2,8})\.? (?P<year>\d{4})(?=[;:.]|$)")


@dataclass(frozen=True)
class SourceLine:
    """A journal citation line read into its parts."""

    journal: str | None
    locator: Locator | None
    identifiers: tuple[Identifier, ...]
    epub_date: DateParts | None
    ecollection_year: int | None
    flags: tuple[str, ...]
    unparsed: tuple[str, ...]


def read_source_line(text: str) -> SourceLine | None:
    """`Nature. 2009 Oct 15;461(7266):923-9. doi: 10.1038/x. Epub 2009 Sep 30.`, also
    with the journal missing (`. 2016:35:298-308.`), PMC's spacing (`2012 Mar 22; 12(4):
    252–264`) and PMC's legacy dates (`Dec 2008;`, `Jan 1, 2010;`); None when no dated
    locator is there. The journal is what stands before the first `. <date>`: whether
    that is a journal's name is the caller's to judge (`line_shapes.read_citation`)."""
    text = " ".join(text.split())
    text = _MONTH_DAY_YEAR.sub(r"\g<year> \g<month> \g<day>", text, count=1)
    text = _MONTH_YEAR.sub(r"\g<year> \g<month>", text, count=1)
    match = _JOURNAL_END.search(text)
    if match is not None and match.start() > 0:
        journal: str | None = tidy_journal_abbreviation(text[: match.start()])
        rest = text[match.end() :]
    elif _LEADING_DATE.match(text):
        journal, rest = None, _LEADING_DATE.sub("", text)
    else:
        return None
    head, _, tail = rest.partition(". ")
    head = _SPACED_LOCATOR.sub(lambda m: m.group(1), head)
    locator = parse_locator(f"{head}. {tail}" if tail else head)
    if locator is None or locator.issued is None:
        return None
    if locator.volume is None and locator.pages and locator.pages.count(":") == 1:
        # `2016:35:298-308`: books of a series print year, volume and pages so.
        volume, pages = locator.pages.split(":")
        locator = dataclasses.replace(locator, volume=volume, pages=pages)
    notes = parse_citation_notes(locator.rest)
    return SourceLine(
        journal=journal,
        locator=locator,
        identifiers=notes.identifiers,
        epub_date=notes.epub_date,
        ecollection_year=notes.ecollection_year,
        flags=notes.flags,
        unparsed=notes.unparsed,
    )


def looks_like_source_line(text: str) -> bool:
    return read_source_line(text) is not None


# The labels PMC puts after a reference (`[DOI] [PubMed] [Google Scholar]`).
LINK_LABEL = re.compile(
    r"\s*\[(?P<label>DOI|PubMed|PMC free article|Google Scholar|CrossRef|PMC)\]"
)


# --- search-result items ("docsums") ------------------------------------------------


@dataclass(frozen=True)
class Docsum:
    """An item as PubMed lists it in search results and in an abstract page's lists."""

    citation: Citation
    unparsed: tuple[str, ...]


def read_docsum(
    title: str | None, authors: str | None, source: str | None, id_line: IdLine | None
) -> Docsum:
    """The citation of a `title / authors / journal citation / PMID: ...` item."""
    unparsed: list[str] = []
    people: tuple[Person, ...] = ()
    et_al = False
    if authors is not None:
        nlm = parse_nlm_authors(authors)
        if nlm is not None:
            people, et_al = nlm
        else:
            people, et_al, rest = parse_author_list(authors.strip())
            if rest.strip(" ."):
                unparsed.append(rest)
    read = read_source_line(source) if source is not None else None
    if source is not None and read is None:
        unparsed.append(source)
    identifiers = list(read.identifiers if read else ())
    flags = list(read.flags if read else ())
    if read is not None:
        unparsed.extend(read.unparsed)
    if id_line is not None:
        identifiers = [*id_line.identifiers, *identifiers]
        flags.extend(split_sentences(id_line.rest))
    locator = read.locator if read else None
    citation = Citation(
        type="article" if "Preprint" in flags else "article-journal",
        title=strip_final_period(title) if title else None,
        authors=people,
        et_al=et_al,
        container_title_short=read.journal if read else None,
        issued=locator.issued if locator else None,
        epub_date=read.epub_date if read else None,
        ecollection_year=read.ecollection_year if read else None,
        volume=locator.volume if locator else None,
        issue=locator.issue if locator else None,
        **page_fields(locator.pages if locator else None),
        article_number=locator.article_number if locator else None,
        identifiers=tuple(identifiers),
        flags=tuple(flags),
    )
    return Docsum(citation=citation, unparsed=tuple(unparsed))


__all__ = [
    "CHROME_LINES",
    "LINK_LABEL",
    "STATUS_LABELS",
    "Docsum",
    "IdLine",
    "MarkedAuthor",
    "SourceLine",
    "find_identifiers",
    "initials_of",
    "is_chrome",
    "is_id_line_labels",
    "looks_like_source_line",
    "parse_nlm_authors",
    "person_from_name",
    "read_affiliation",
    "read_docsum",
    "read_id_line",
    "read_source_line",
    "split_author_line",
    "status_label",
    "with_affiliations",
]
