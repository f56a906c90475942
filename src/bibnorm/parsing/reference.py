"""Reference strings, in the styles biomedical reference lists are printed in, as citations.

One parser for every source: PubMed page references, PubMed XML `Citation` strings, the
text of JATS mixed citations. It reads, in this order:

1. link labels, identifiers, URL and access date, wherever they stand (`reference_notes`);
2. the authors at the start, in any of the name styles of `names`, then a year printed
   right after them (`(2010)`, `, 2010.`: PLOS, APA, Harvard);
3. the locator, from the end: `2019;17(3):99-105` (Vancouver, AMA), `17(3): 99` (PLOS),
   `17 (3) 99–105` (older PLOS), `, 17(3), 99–105` (APA), `17, 99 (2019)` (Nature),
   `2006 17 99 105` (no punctuation); or what stands in its place: a preprint server and
   id (`arXiv: 1505.0710`), a status (`Epub ahead of print`, `in press`), a repository;
4. what stands before the locator: title and journal, told apart by the journal's shape
   (short capitalised, usually abbreviated words, never a part number like `VIII.`) since
   nothing else marks the boundary; or, for books and chapters, title, editors, book,
   edition, place and publisher.

Nothing is invented: a field is filled only when its place in the string is clear, the
title/journal boundary is reported as guessed, and text no rule placed is returned as
`unparsed` for the caller to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from bibnorm.model import Citation, DateParts, Identifier, Person
from bibnorm.parsing.citation import (
    ParsedCitation,
    parse_citation_notes,
    strip_final_period,
    tidy_journal_abbreviation,
)
from bibnorm.parsing.dates import MONTHS, split_leading_date
from bibnorm.parsing.locator import classify_pages
from bibnorm.parsing.names import (
    PARTICLES,
    dotted_initials,
    editors_suffix,
    read_full_names,
    read_people,
    scan_people,
)
from bibnorm.parsing.pages import expand_page_range
from bibnorm.parsing.reference_model import consult_model
from bibnorm.parsing.reference_notes import read_any_date, split_link_labels, split_notes

__all__ = [
    "GUESS_BY_SHAPE",
    "PARTICLES",
    "dotted_initials",
    "parse_author_list",
    "parse_reference",
    "split_link_labels",
    "split_title_and_journal",
]

GUESS_BY_SHAPE = "title/journal boundary guessed from the shape of journal abbreviations"
GUESS_NO_PUNCTUATION = "title/journal boundary guessed: the reference has no punctuation"
GUESS_NO_DATE = "no date found: all text after the authors taken as the title"
GUESS_BARE_PMID = "a bare number of seven or more digits after the pages taken as the PMID"

_YEAR = r"(?:1[6-9]|20)\d\d"
_MONTH = r"[A-Z][a-z]{2,8}\.?"
# (A month may be a number before a Vancouver `;`: `2016 2; 144: 1365–71`.)
# (A range of months, `2017 Jul/Aug`, or of years before a Vancouver `;`, `1979-1980;`.)
_DATE = (
    rf"{_YEAR}(?:\s{_MONTH}(?:\s\d{{1,2}})?"
    rf"(?:\s?[-–/]\s?(?:{_YEAR}\s)?(?:{_MONTH})?\s?(?:\d{{1,2}})?)?"
    rf"|\s(?:1[0-2]|0?[1-9])(?=\s?;)|[-–/]{_YEAR}(?=\s?;))?"
)
# Up to four letters before the number: Science Advances article numbers (`eadd1268`).
# Article ids with letters inside: APS/PTEP `083B06`, AGU `e2020GL091028`, Science
# Translational Medicine `211ra157`.
_PAGE = r"(?:[A-Za-z]{1,4}\.?)?\d+(?:(?:[A-Z]{1,3}|[a-z]{2,3})\d+)?[A-Za-z]?(?:\.[A-Za-z]?\d+)*"
# Dashes: hyphen, en and em dash, Unicode hyphens and the minus sign ACS prints.
_DASH_CHARACTERS = "-–—‐‑−"
_DASH = f"[{_DASH_CHARACTERS}]"
_PAGES = rf"{_PAGE}(?:\s?{_DASH}\s?{_PAGE})?"
# A book series prints the year after its volume: `Lect Notes Comput Sci 6044/2010: 426`.
_VOLUME = rf"\d{{1,5}}[A-Za-z]?(?:/{_YEAR}|\s(?:Suppl|Pt|Part|Spec No)\.?(?:\s?[\w-]{{1,6}})?)?"
_ISSUE = r"(?:\((?P<issue>[^()]{1,30})\))?"
# The locators, each matched where a number starts (found from the end of the text, so
# a locator-like piece of a title is never preferred to the real one):
# Vancouver/AMA `2019 Mar;17(3):99`, PLOS `17(3): 99`, APA and Nature `17(3), 99 (2019)`,
# and a date that stands alone before a period (`Journal. 2019.`), the weakest sign.
_VANCOUVER = re.compile(
    rf"(?P<date>{_DATE})\s?(?:;\s?(?P<volume>{_VOLUME})?\s?{_ISSUE}(?:\s?:\s?(?P<pages>{_PAGES})?)?"
    rf"|:\s?(?P<pages_only>{_PAGES}))"
)
_COLON = re.compile(rf"(?P<volume>{_VOLUME})\s?{_ISSUE}\s?:\s?(?P<pages>{_PAGES})")
_COMMA = re.compile(
    rf"(?P<volume>{_VOLUME})\s?{_ISSUE},\s?(?:pp?\.\s?|Article\s|Art\.\s?)?(?P<pages>{_PAGES})"
    rf"(?:\s?\((?P<year>{_YEAR})\))?"
)
_BARE_DATE = re.compile(rf"(?P<date>{_DATE})(?=\.?$|\.\s|\s?\[)")
_NUMBER = re.compile(r"\d+")
# The year some styles print after the journal, before the volume: `Hypertension 2022;
# 79:887-897`, and as chemistry journals print, `Cell Res. 2017, 27, 109`.
# Frontiers prints it in brackets: `Soft Matter (2014) 10:2016-23`.
_JOURNAL_YEAR = re.compile(
    r"(?<=[A-Za-z.),])\s+(?P<open>\()?(?P<year>(?:1[89]|20)\d\d)(?(open)\))\s*[;,]?\s*$"
)
# A journal abbreviation and nothing else: `Cell Res.`, `Angew. Chem., Int. Ed.`, `Nature`.
_JOURNAL_WORDS = re.compile(r"(?:[A-Z][A-Za-z&-]*\.?,?\s){0,7}[A-Z][A-Za-z&-]*\.?")
# `a) ` before each part of a reference that cites several works, as chemistry journals do.
_PART_MARKER = re.compile(r"\(?[a-z]\)\s")
# Where the second work of a reference that cites several starts: `. (b) `, `; b) `.
_SECOND_PART = re.compile(r"[.;,]?\s\(?b\)\s")
_VOLUME_PARTS = ("Suppl", "Suppl.", "Pt", "Pt.", "Part", "No", "No.")
_YEAR_ONLY = re.compile(_YEAR)
_WORD_BEFORE_DATE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./-")
# A date printed right after the authors: `(2010)`, `(2010a)`, `, 2010.`, ` 2008 `.
_LEAD_DATE = re.compile(
    rf"\s?[.,]?\s?(?:\((?P<paren>{_YEAR})[a-z]?(?:,\s?[^()]{{0,20}})?\)|(?P<bare>{_YEAR})[a-z]?"
    rf"(?=[.,:]?\s))[.,:]?\s?"
)
_LEAD_IN_PRESS = re.compile(r"\(?[Ii]n [Pp]ress\)?[.,]?\s")
_GROUP_AFTER_NAMES = re.compile(
    r"[.,;]?\s?(?:and\s)?(?:on behalf of (?:the\s)?)?(?P<group>[A-Z][^.;:()\[\]]{0,100}?\s"
    r"(?:Investigators|Consortium|Group|Collaboration|Collaborators|Team|Committee|Network"
    r"|Trialists))(?=\.\s|\s\((?:1[6-9]|20)\d\d)"
)
_NUMBER_TOKEN = re.compile(r"[A-Za-z]?\d+[A-Za-z]?")
_BARE_PMID = re.compile(r"\d{7,9}")
_PIECE_END = re.compile(r"(?<=[.?!])\s+(?=\S)")
_MAX_JOURNAL_PIECE_WORDS = 3
# ... and with the single letters among them (`Natl Acad Sci U S A`), this many at most.
_MAX_JOURNAL_PIECE_TOKENS = 7
_JOINING_WORDS = frozenset({"&", "and", "of", "the", "in", "de", "y", "für", "for", "on"})
# `In: ` / `In ` before a book's editors or title; not `In vivo` starting a title. APA
# prints it after a title without a period when editors follow (`Title In A. B. (Eds.)`).
# (A title may start with `In` itself: `In Ghanaian adolescents, ...`; at the start, only
# `In:` or editors marked `(Eds.)` make the text a chapter's book.)
_IN_BOOK = re.compile(
    r"(?:(?:^In:|(?<=[.,?!]\s)In:?|(?<=\s)In:)\s(?!(?:[Vv]ivo|[Vv]itro|[Ss]itu|[Ss]ilico|[Uu]tero|[Oo]vo)\b)"
    r"|(?<=[’”],\s)in:?\s|(?<=[.,][’”]\s)In\s"
    r"|(?<=\s)In\s(?=[^.]{0,100}?(?:\.[^.]{0,100}?){0,14}\([Ee]ds?\.?\))"
    # GSA's `Title, pp. 116–131 in Book, edited by A. Lind.` (its pages taken out first)
    r"|(?<=[.,]\s)in\s(?=[A-Z][^()]{0,200}?,\sedited\sby\s))(?=\S)"
)
# A place's words are capitalised but for a few small ones: `Rio de Janeiro`, `Newcastle
# upon Tyne`, `Frankfurt am Main`; `DEA guidance is clear: ...` is a title's colon.
_PLACE_WORDS = (
    r"(?:St\.\s|Ft\.\s|Mt\.\s)?[A-Z][\w'’/-]*"
    r"(?:\s(?:[A-Z][\w'’/-]*|de|do|da|del|upon|on|am|an|im|in|la|le|of|and|the|for|sur))*"
)
_PUBLISHER = re.compile(
    rf"(?:^|(?<=[.,]\s))(?P<place>(?=(?:St\.\s)?[^.:;\d]{{2,45}}:)"
    rf"{_PLACE_WORDS}(?:,\s(?:the\s)?{_PLACE_WORDS}){{0,2}}(?:\s\([A-Z][^()]{{1,30}}\))?)"
    rf"\s?:\s?(?P<publisher>[^:;]{{2,100}}?)(?:\s?[;,]\s?(?=(?P<date>{_DATE})\b)|\.?$|\.\s|,\s(?=\d+\s?p))"
)
_EDITION = re.compile(
    r"(?:^|\s|,\s|\()(?:(?P<number>\d{1,2})(?:st|nd|rd|th)|(?P<word>first|second|third|fourth"
    r"|fifth|sixth|seventh|eighth|ninth|tenth))\s(?:ed|edn|edition)\b\.?\)?",
    re.I,
)
_EDITION_WORDS = (
    *("first", "second", "third", "fourth", "fifth"),
    *("sixth", "seventh", "eighth", "ninth", "tenth"),
)
# (`300 pp.` counts a book's pages; `2007 p. 161–95` is a year, then the pages.)
_BOOK_PAGES = re.compile(
    rf"(?:^|[\s.,(])(?:pp?\.\s?(?P<range>{_PAGES})|(?P<count>\d+)\s?pp?\b(?!\.?\s?\d)\.?)\)?\.?"
)
_KIND_WORDS = re.compile(
    r"\[(?P<bracket>Internet|Preprint|dissertation|thesis|master's thesis|doctoral thesis)\]"
    r"|\b(?P<preprint>bioRxiv|medRxiv|arXiv|Research Square|SSRN|Preprints)\b"
    r"|\b(?P<thesis>(?:PhD|Ph\.D\.|Doctoral|Master's|MSc|MD) (?:thesis|dissertation)"
    r"|Dissertation|Thesis)\b"
    r"|\b(?P<report>Technical [Rr]eport|Report No\.|Tech(?:nical)? Rep\.|Report Series"
    r"|Working Paper)",
)
_GROUP_WORDS = re.compile(
    r"\b(?:Organi[sz]ation|Association|Society|Group|Consortium|Committee|Council|Institute"
    r"|Agency|Department|Ministry|Cent(?:er|re)s?|Foundation|Network|Collaborat\w*|Commission"
    r"|Board|Office|Bureau|Federation|College|Academy|Programme|Service|Authority|Investigators"
    r"|Task Force|Working Party|Initiative|Team|Alliance|Partnership|Coalition|Registry"
    r"|Trialists|Fund|Nations|Secretariat|Laboratory)\b"
)
_KIND_TRIGGERS = (
    *("[", "Rxiv", "arXiv", "hesis", "issertation", "eport", "Research Square"),
    *("SSRN", "Preprints", "Working Paper"),
)
# `Mar` as 3: the month names `_date` reads without the full date grammar.
_MONTH_ABBREVIATIONS = {name.title(): number for name, number in MONTHS.items() if len(name) == 3}
_KIND_MARK = re.compile(
    r"\s?\[(Internet|Online|Preprint|dissertation|thesis|master's thesis|doctoral thesis"
    r"|Epub ahead of print|[Dd]ata ?set)\]"
)
_PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|Publish\w*|Publications|Books|Verlag|Wiley|Springer|Elsevier|Academic"
    r"|University|Sons|Inc|Ltd|Co|ACM|Association for Computing Machinery)\b"
)
# The short PubMed XML citation, `Journal. 2021 Feb 24;12(3):628-30` (see `_parse_short`).
_SHORT = re.compile(
    r"(?P<journal>[A-Za-z]+(?: [A-Za-z]+)*(?: \([A-Za-z]+(?: [A-Za-z]+)*\))?)\. "
    r"(?P<date>(?:1[6-9]|20)\d\d(?: [A-Z][a-z]{2,8}(?: \d{1,2})?(?:-[A-Z][a-z]{2,8}|-\d{1,2})?)?)"
    r";(?!(?:1[6-9]|20)\d\d:)(?P<volume>\d{1,5}[A-Za-z]?)?"
    r"(?:\((?P<issue>[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*)\))?(?::(?P<pages>[A-Za-z0-9.–-]*))?\.?"
)
_PAGES_ONLY = re.compile(_PAGES)
_CONTAINER_GUESSED = frozenset({"container_title_short"})
_STATUS_NOTE = re.compile(r"(?i)\[?(?:e-?pub|online) ahead of print\]?\.?")
# The status a container may carry in place of a locator: `Cereb Cortex: Epub ahead of
# print`, `J Neurosci (in press)`.
_STATUS_END = re.compile(
    r"[.,:;]?\s?[\[(]?(?:(?P<epub>(?:[Ee]-?pub|[Pp]ublished online|[Oo]nline) ahead of print)"
    r"|(?P<press>[Ii]n [Pp]ress))[\])]?\.?$"
)
# A volume, issue and pages with only spaces between them, at the end (older PLOS style):
# `Protist 163 (4) 643–657`, `Ecology 89 311–320`. An issue or a page range must be there:
# two bare numbers alone may end a title.
_SPACED = re.compile(
    rf"(?<=[A-Za-z.)] )(?P<volume>\d{{1,5}}[A-Za-z]?)\s(?:\((?P<issue>[^()]{{1,30}})\)\s?)?"
    rf"(?P<pages>{_PAGES})(?:\s\((?P<year>{_YEAR})\))?\.?$"
)
# A preprint server and the preprint's id at the end: `arXiv: 1505.0710`, `arXiv preprint
# arXiv:1505.07100v2`, `bioRxiv 2020.06.17.157982`, maybe followed by its year.
_PREPRINT_END = re.compile(
    r"(?:^|(?<=\s))(?P<server>arXiv|bioRxiv|medRxiv|ChemRxiv|PsyArXiv|SSRN"
    r"|Research Square|Preprints)(?:\s\[?[Pp]reprint\]?)?\.?,?\s?(?:arXiv\s?)?:?\s?"
    r"(?P<id>(?:[a-z-]+(?:\.[A-Z]{2})?/)?\d[\w.]*\d(?:v\d+)?)(?:\s\[[\w.-]{2,20}\])?"
    rf"(?:[.,;]?\s?\(?(?P<year>{_YEAR})\)?)?\.?$"
)
# A data set in a repository: `Data from: Title. Dryad Digital Repository`.
_DATA_FROM = re.compile(r"(?:^|(?<=\s))Data from:\s")
# The name of a repository a data set names after its title: a few words, no brackets.
_REPOSITORY_NAME = re.compile(r"[A-Z][\w&' -]{1,60}")
_REPOSITORY = re.compile(
    r"^(?:Dryad(?: Digital Repository)?|Zenodo|[Ff]igshare|Harvard Dataverse|Dataverse"
    r"|PANGAEA|Mendeley Data|Open Science Framework|OSF|[\w ]{1,40} Repository)$"
)
_DATASET_MARK = re.compile(r"\s?\[(?:[Dd]ata ?set|[Dd]ata)\]")
# A number grouped in thousands (`16,000` of a title), which `_COMMA` would read as a volume
# and its pages.
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_TAIL_YEAR = re.compile(rf"(?P<open>\()?(?P<year>{_YEAR})[a-z]?(?(open)\))(?=[.,;]?(?:\s|$))")
_VOLUME_ISSUE_END = re.compile(r",\s(?P<volume>\d{1,5})\((?P<issue>[\w -]{1,20})\)\.?$")
_QUALIFIER = re.compile(r"\((?:[A-Z][A-Za-z]*\.?|\d{4})\)")
# The commonest abbreviated words of journal titles (ISO 4), as NLM writes them: where one
# is followed by a word without a period between them, the journal is written undotted.
_ABBREVIATIONS = (
    "J Am Br Eur Int Res Sci Med Biol Chem Nutr Clin Environ Soc Bull Rev Lett Proc Natl"
    " Acad Phys Assoc Physiol Pharmacol Immunol Microbiol Genet Ecol Evol Agric Appl Exp"
    " Mol Dev Epidemiol Psychol Neurosci Endocrinol Metab Gastroenterol Hepatol Oncol"
    " Cardiol Surg Dermatol Pediatr Obstet Gynecol Ophthalmol Radiol Pathol Toxicol"
    " Biochem Biophys Bioinform Comput Stat Technol Eng Ann Arch Curr Trends Opin Adv"
    " Pract Ther Infect Dis Trop Vet Anim Assess Monit Pollut Educ Promot Nurs Dent"
    " Nephrol Urol Neurol Rheumatol Hematol Respir Crit Emerg Syst Inf Trans Nat Acta Jpn"
    " Chin Aust Scand Afr Braz Ind"
)
_ABBREVIATED_WORDS = frozenset(_ABBREVIATIONS.split())
# Abbreviated words that start a journal's name (`Am J Appl Sci`, `Int J Sports Med`).
_LEADER_LIST = "Am Br Eur Int Ann Acta Arch Proc Curr Adv Trends Nat"
_JOURNAL_LEADERS = frozenset(_LEADER_LIST.split())
# Nations a journal's name may start with before `J` (`Indian J`, `Turk J Biol`).
_NATION_LIST = (
    "Indian Turk Turkish Iran Iranian Korean Chin Chinese Jpn Japanese Can Canadian Pak"
    " Saudi Egypt Egyptian Afr African Aust Braz Mex Nigerian Malays Thai Pol Ital Ger"
    " Scand Nord Arab Asian Eur Ir Irish Scott Hong Kong Sri Lanka Nepal Ethiop Ghana"
    " Kenya East West South North"
)
_NATIONS = frozenset(_NATION_LIST.split())
# After a last author's `J.`, an abbreviated word with its period and the journal goes
# on: `J. Am. Chem. Soc.`, `J. Org. Chem.` (a title's first word is no abbreviation).
_ABBREVIATION_NEXT = re.compile(r"\.\s[A-Z][a-z]{0,7}\.(?:\s|,)")
_JOURNAL_AFTER_J = re.compile(r"(?<=J\.) [A-Z][a-z]{1,7}\. ")
_CHAPTER_RANGE_END = re.compile(rf"(?:,\s|\s)(?P<range>\d{{1,5}}\s?{_DASH}\s?\d{{1,5}})\.?$")
_EDITED_BY = re.compile(
    rf",\s(?:edited|ed\.|eds\.|trans\.|translated)\sby\s(?P<names>[^,]{{3,80}}(?:,\s(?!\d)[^,]{{3,80}}){{0,4}})"
    rf"(?:,\s(?P<pages>{_PAGES}))?$"
)
_NAME_PARTS = re.compile(r",\s(?:and\s)?|\sand\s")
_NUMBER_WORDS = ("Paper", "Article")
_PAPER_NUMBER = re.compile(r",\s(?:Paper|Article)\s(?P<number>\w{1,10})(?=,|\.?$)")
_CONFERENCE_ACRONYM = re.compile(r"\s\([A-Z][A-Za-z&/-]{1,15}\s[’'‘]?\d{2,4}\)$")
# Locators whose style names its parts, each found by one pattern with the groups
# `volume`, `issue`, `pages` and `year` (and ACM's article `number`, which stands for
# its pages). ACM: `29, 3, Article 17 (July 2020), 30 pages.`, `61, 5 (May 2018), 44–52.`
_ACM = re.compile(
    rf"(?<=[A-Za-z.)] )(?P<volume>\d{{1,5}}),\s(?P<issue>\w{{1,6}})(?:,\sArticle\s(?P<number>\w+))?"
    rf"\s\((?:[A-Z][a-z]{{2,8}}\.?\s)?(?P<year>{_YEAR})\)"
    rf"(?:,\s(?:(?P<pages>{_PAGES})|\d+\spages))?\.?$"
)
# AMS: `J. Algebra 12 (2001), no. 3, 45–67.`
_AMS = re.compile(
    rf"(?<=[A-Za-z.)] )(?P<volume>\d{{1,5}})\s\((?P<year>{_YEAR})\),\s"
    rf"(?:no\.\s(?P<issue>[\w-]{{1,10}}),\s)?(?P<pages>{_PAGES})(?=\.?$|\.\s|,\s(?:DOI|doi|MR|arXiv|https?:))"
)
# ABNT (Brazil): `Revista, v. 12, n. 3, p. 45-67, jan./mar. 2019.`
_ABNT = re.compile(
    rf",\sv\.\s(?P<volume>[\w-]{{1,10}})(?:,\sn\.\s(?P<issue>[\w-]{{1,10}}))?"
    rf"(?:,\sp\.\s(?P<pages>{_PAGES}))?,\s(?:[a-z]{{3,4}}\.?(?:/[a-z]{{3,4}}\.?)?\s)?"
    rf"(?P<year>{_YEAR})\.?$"
)
# Chicago: `Book History 12, no. 3 (2001): 45–67.`
_CHICAGO = re.compile(
    rf"(?<=[A-Za-z.)] )(?P<volume>\d{{1,5}})(?:,\sno\.\s(?P<issue>[\w-]{{1,10}}))?"
    rf"\s\((?:[A-Z][a-z]{{2,8}}\.?\s)?(?P<year>{_YEAR})\):\s(?P<pages>{_PAGES})(?=\.?$|\.\s)"
)
# Each with the literals its text must hold, tried in this order, and the style it reads as.
_STYLED_LOCATORS: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = (
    (("Article ", "), "), _ACM, "spaced"),
    ((", v. ",), _ABNT, "comma"),
    (("): ",), _CHICAGO, "spaced"),
    (("), ",), _AMS, "spaced"),
)
_END_PUBLISHER_YEAR = re.compile(
    rf"\s?\((?P<publisher>[A-Z][^()]{{1,80}}?),\s(?P<year>{_YEAR})[a-z]?\)\.?$"
)
_END_YEAR = re.compile(rf"\s\((?P<year>{_YEAR})[a-z]?\)\.?$")
_PREPRINT_AT = re.compile(r"[.,]?\s[Pp]reprint(?: at| available at)?:?\s*$")
# Every dash but the hyphen and the en dash, which the page helpers read, as a hyphen.
_OTHER_DASHES = str.maketrans(dict.fromkeys(_DASH_CHARACTERS[2:], "-"))
_OPEN_QUOTES = frozenset("‘“\"'")
# The quotes close the title only where its sentence ends: not `‘Use’ them or ‘lose’ them`.
_QUOTED_TITLE = re.compile(
    r"(?:‘(?P<a>[^’]{3,})’|“(?P<b>[^”]{3,})”|\"(?P<c>[^\"]{3,})\"|'(?P<d>[^']{3,})')"
    r"(?=[,.]?(?:\s(?![a-z])|$))"
)
_PUBLISHED_ONLINE = re.compile(
    r"[.,;]?\s(?P<kind>[Pp]ublished online(?: first)?|(?:[Ll]ast )?[Uu]pdated|[Pp]osted)"
    r":?\s(?:on\s)?(?P<date>(?:\d{1,2}\s)?[A-Z][a-z]{2,8}\.?"
    r"(?:\s\d{1,2},?)?\s(?:1[6-9]|20)\d\d)\.?(?=\s|$)"
)
_GROUP_BEFORE_YEAR = re.compile(
    rf"(?P<name>[A-Z][^.,;:()\d]{{0,100}}?(?:\s\([A-Z][\w/-]{{1,15}}\))?)[.,]\s"
    rf"(?=\(?{_YEAR}[a-z]?\)?[.,]?\s)"
)
# `, vol.` left before a locator the general rules read (`Book, vol. 10, pp. 1-9`).
_VOLUME_WORD_END = re.compile(r",?\s*[Vv]ol\.?\s*$")
# A publisher and its place after a chapter's pages: capitalised words, no digits.
_PLACE_LIKE = re.compile(r"[A-Z][^\d.;:()\[\]]{1,60}(?:,\s[A-Z][^\d.;:()\[\]]{1,40}){0,2}")
_YEAR_PIECE = re.compile(rf"(?:^|(?<=[.,])\s)\((?P<year>{_YEAR})[a-z]?\)\.?(?=\s|$)")
_COMMA_YEAR_END = re.compile(rf",\s(?P<year>{_YEAR})[a-z]?\.?$")
# AMS's book a chapter is in, its editors in brackets: `, Book (B. Lind, ed.), `.
_EDITED_IN_BRACKETS = re.compile(
    r",\s(?P<book>[A-Z][^,()]{2,200}?)\s\((?P<names>[^()]{2,200}?),\s[Ee]ds?\.\)(?:,\s|\.?$)"
)
# A book's series and its number: `, Cambridge Studies in Advanced Mathematics, vol. 55`.
_SERIES_VOLUME = re.compile(
    r"(?P<series>[A-Z][^,()]{2,120}?),\s[Vv]ol\.\s(?P<volume>\d{1,5})(?=,|\.?$)"
)
# The same after a book's title (a series never starts the text of a book).
_SERIES_AFTER_TITLE = re.compile(r"(?<=[,.]\s)" + _SERIES_VOLUME.pattern)
_BOOK_VOLUME = re.compile(r",\s[Vv]ol\.\s(?P<volume>\d{1,5})(?=[,.]|$)")
# What ends a chapter's editors whatever their names look like: `, eds.`, `, editor.`.
_EDITORS_MARK = re.compile(r",?\s\(?(?:[Ee]ds?|[Ee]ditors?)\.?\)?[.,:]?\s")
_EDITORS_IN_BRACKETS = re.compile(r"\s?\((?:[Ee]ds?\.?|[Ee]ditors?)\s(?P<names>[^()]{2,200})\)")
_ACRONYM = re.compile(r"[A-Z][A-Z&/-]{1,10}(?:\s\([A-Z][^()]{2,80}\))?")
_COLLABORATION = re.compile(r"\[(?P<group>[^\[\]]{2,80}\b[Cc]ollaborations?)\],?\s")
# A journal's series or section, printed as a sentence of its own after the journal's
# name: `Philos Trans R Soc Lond. Series B, Biological Sciences`, `Section A`.
_JOURNAL_SERIES = re.compile(r"(?:Series|Ser\.|Section|Sect\.|Part)\s[A-H]\b")
# A part of a series of papers, printed between title and journal: `VIII.`, `Part II.`.
_PART_NUMBER = re.compile(r"(?:(?:Part|Pt|Paper)\.?\s(?:[IVXLC]+|\d{1,2})|[IVX]{2,6})\.?")


# A locator found in the text: `(start, end, style, date, volume, issue, pages, pmid)`.
# A plain tuple: one is made for nearly every reference, and a frozen dataclass costs
# more than finding it.
_Locator = tuple[int, int, str, str | None, str | None, str | None, str | None, str | None]


@dataclass
class _Reading:
    """The fields read so far, and what the reader should know about them."""

    values: dict[str, object]
    heuristic: set[str]
    guesses: list[str]
    unparsed: list[str]


def parse_reference(text: str) -> ParsedCitation:
    """Read one reference string. Never raises; gives what is sure."""
    raw = text if _is_single_spaced(text) else " ".join(text.split())
    parsed = _parse_short(raw)
    if parsed is not None:
        return parsed
    if raw[:3] in ("(a)", "a) ") and (second := _SECOND_PART.search(raw, 3)):
        # `(a) Osei, K. J. Org. Chem. 2001, 66, 123. (b) Park, G. ...`: chemistry cites
        # several works in one reference; the first is read, the others are reported.
        first = raw[: second.start() + 1].rstrip(" ;,")
        parsed = consult_model(first, _parse_general(first))
        others = raw[second.start() :].strip(" ;,.")
        return replace(
            parsed,
            citation=replace(parsed.citation, raw=raw),
            unparsed=(*parsed.unparsed, others),
        )
    return consult_model(raw, _parse_general(raw))


def _is_single_spaced(text: str) -> bool:
    """Whether `" ".join(text.split())` is `text` itself: no white space but single
    spaces inside it (every other white space character is unprintable), which is
    cheaper to see than to split and join the text."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _parse_general(raw: str, *, shortcuts: bool = True) -> ParsedCitation:
    """`parse_reference` of a text whose white space is already single spaces, by the full
    set of rules (what every fast path must agree with). `shortcuts=False` leaves out
    `_read_article_tail`, for the tests that compare it with the rules."""
    cleaned = _ieee_as_vancouver(_drop_list_marker(raw))
    if "” in " in cleaned or ",” in " in cleaned:
        quoted_in = _read_quoted_in(cleaned)
        if quoted_in is not None:
            return quoted_in
    body, note_identifiers, url, accessed, links = split_notes(cleaned)
    people, et_al, position = scan_people(body)
    if not people:
        # `Okafor, Ann, and Ben Lind. 2011.`: names written out (MLA, Chicago, AEA, ACM).
        people, et_al, position = read_full_names(body)
    if people and not et_al and _JOURNAL_AFTER_J.match(body, position):
        # `Park, G. J. Am. Chem. Soc. 2005`: the last `J.` starts the journal.
        people, position = _without_journal_initial(people, body, position)
    elif (
        len(people) > 1
        and people[-1].initials == "J."
        and (people[-1].raw or "").startswith("J.")
        and _ABBREVIATION_NEXT.match(body, position)
    ):
        # `K. Osei, M. Lind, J. Org. Chem. 2001`: the last "person" is the journal.
        start = body.rfind(people[-1].raw or "", 0, position)
        people, position = people[:-1], start if start >= 0 else position
    spaced = False
    if not people and _looks_unpunctuated(body):
        people, et_al, position = scan_people(body, 0, True)
        spaced = bool(people)
    journal_first = bool(people) and _journal_before_locator(body, position)
    if journal_first:
        # `Am Heart J. 2012 Feb;163(2):274-9`: a journal abbreviation, not a person.
        people, et_al, position = (), False, 0
    elif people and not et_al and body[position - 1 : position] == ".":
        # The period that closes the list, as `parse_author_list` drops it.
        people = _without_closing_period(people)
    authors = people
    editors: tuple[Person, ...] = ()
    if authors and (after_editors := editors_suffix(body, position)) is not None:
        # `Smith J, editor. Book title.`: the people are the book's editors.
        editors, authors, position = authors, (), after_editors
    if not people and not journal_first:
        authors, position = _leading_group(body, web=bool(url or accessed))
        if authors and _journal_before_locator(body, position):
            # `J Appl Physiol (1985). 2009 Oct;107(4):1258-65`: no group either.
            authors, position = (), 0
    if authors and (group := _GROUP_AFTER_NAMES.match(body, position)):
        # `Lee K, et al. HOPE-3 Trial Investigators. Title`, `..., R Core Team (2019)`:
        # a group that closes the list of names is one more author.
        name = group.group("group")
        authors, position = (*authors, Person(literal=name, raw=name)), group.end("group")
    lead_date: str | None = None
    if authors or editors:
        lead = _LEAD_DATE.match(body, position)
        if lead:
            lead_date = lead.group("paren") or lead.group("bare")
            position = lead.end()
    rest = body[position:].lstrip(" .,;:")
    # `Park J. in press. Title.`: the status stands where the date would.
    in_press = _LEAD_IN_PRESS.match(rest) if (authors or editors) and not lead_date else None
    if in_press:
        rest = rest[in_press.end() :]
    if authors and (collaboration := _COLLABORATION.match(rest)):
        # `R. Aaij et al. [LHCb Collaboration], Phys. Rev. Lett.`: the group is an author.
        authors = (*authors, Person(literal=collaboration.group("group")))
        rest = rest[collaboration.end() :]
    online = (
        _PUBLISHED_ONLINE.search(rest)
        if "ublished online" in rest or "pdated" in rest or "osted" in rest
        else None
    )
    if authors and not spaced and shortcuts and online is None and not in_press:
        article = _read_article_tail(
            rest, lead_date, authors, et_al, note_identifiers, url, accessed, links, cleaned
        )
        if article is not None:
            return article
    reading = _Reading(
        values={"editors": editors} if editors else {}, heuristic=set(), guesses=[], unparsed=[]
    )
    reading.values.update(authors=authors, et_al=et_al)
    if in_press:
        reading.values["flags"] = ("In press",)
    if online is not None:
        # `JAMA Intern Med. Published online March 4, 2024.`: online first, no locator
        # yet; `Updated May 15, 2024.` of a web page. The date is no volume and pages,
        # and it dates the reference.
        published = read_any_date(online.group("date"))
        reading.values["issued"] = published
        mark = ""
        if online.group("kind").lower().startswith("published"):
            reading.values["epub_date"] = published
            mark = " [Epub ahead of print]"
        rest = rest[: online.start()] + mark + rest[online.end() :]
    preprint = _PREPRINT_END.search(rest) if _has_kind_word(rest) else None
    locator = (
        None if preprint else _find_locator(rest, has_date=lead_date is not None, spaced=spaced)
    )
    _read_kind_words(rest, reading)
    if preprint is not None:
        _read_preprint(rest, preprint, lead_date, reading)
    elif (
        locator is not None
        and ("d.)" in rest or "ds.)" in rest)  # (`ed.)`, `eds.)`: cheaper than the search)
        and _EDITED_IN_BRACKETS.search(rest)
    ):
        # AMS's chapters: the locator found is the book's date and pages.
        _read_book(rest, reading)
    elif locator is not None:
        head, tail = rest[: locator[0]], rest[locator[1] :]
        journal_only = False
        if (
            locator[2] in ("colon", "comma", "spaced")
            and lead_date is None
            and (year := _journal_year(head, len(head)))
        ):
            # `Hypertension 2022; 79:887-897`: the year printed between journal and volume.
            lead_date, head = year.group("year"), head[: year.start()]
            # `A. Tanaka, S. Sakaguchi, Cell Res. 2017, 27, 109`: chemistry prints no title.
            journal_only = (
                locator[2] == "comma"
                and bool(authors)
                and _JOURNAL_WORDS.fullmatch(head.strip(" ,")) is not None
            )
        _read_locator(locator, lead_date, reading)
        if journal_only:
            _read_journal_only(head, reading)
            _read_tail(tail, reading)
        elif locator[2] == "bare" and ":" in head and _PUBLISHER.search(rest):
            # `Title. Place: Publisher; 2001.`: the date belongs to the publisher part.
            _read_book(rest, reading)
        elif (
            locator[2] == "bare"
            and ", " in head
            and _publisher_after_comma(head.strip(" ,"))[1] is not None
        ):
            # `Title, Springer, Berlin, Germany, 2016.` (IEEE, Hindawi): a book.
            _read_book(head, reading)
            _read_tail(tail, reading)
        elif (
            not authors
            and not spaced
            and locator[2] != "bare"
            and reading.values.get("type") == "article-journal"
            and _one_sentence(head)
        ):
            # Nothing but a journal before a journal's locator (`N Engl J Med. 2001;344:1-2`);
            # before a lone date (`Title. 2019.`) or with `[Internet]`, it may be a title.
            _read_journal_only(head, reading)
            _read_tail(tail, reading)
        elif _in_book(head):
            _read_book(_VOLUME_WORD_END.sub("", head), reading)
            publisher = tail.strip(" .,;")
            if publisher and "publisher" not in reading.values and _PLACE_LIKE.fullmatch(publisher):
                # `..., vol. 10, pp. 126–129, Van Nostrand Reinhold, New York.` (Harvard)
                name, _, place = publisher.partition(", ")
                reading.values.update(publisher=name, publisher_place=place or None)
            else:
                _read_tail(tail, reading)
        else:
            _read_title_and_journal(head, locator[2] == "plain" or spaced, reading)
            _read_tail(tail, reading)
            _mark_dataset(rest, reading)
    else:
        if lead_date:
            reading.values["issued"] = _date(lead_date)
        elif press := _END_PUBLISHER_YEAR.search(rest):
            # Nature's books: `Title (Oxford Univ. Press, 2004).`
            reading.values.update(
                issued=_date(press.group("year")), publisher=press.group("publisher"), type="book"
            )
            rest = rest[: press.start()]
        elif ended := _END_YEAR.search(rest):
            # Nature's `Title. Zenodo https://doi.org/... (2020).` (its URL taken out):
            # the year in brackets at the end.
            reading.values["issued"] = _date(ended.group("year"))
            rest = rest[: ended.start()]
            if marked := _PREPRINT_AT.search(rest):
                # `Title. Preprint at https://doi.org/... (2020).`
                reading.values.update(type="article", flags=("Preprint",))
                rest = rest[: marked.start()]
        if not _read_unlocated(rest, reading):
            _read_book(rest, reading, author_year=lead_date is not None)
    citation = _citation(reading, note_identifiers, url, accessed, links, cleaned)
    complete = citation.issued is not None
    if not complete and not reading.guesses:
        reading.guesses.append(GUESS_NO_DATE)
    return ParsedCitation(
        citation=citation,
        heuristic=frozenset(reading.heuristic),
        guess="; ".join(reading.guesses) or None,
        unparsed=tuple(reading.unparsed),
        complete=complete,
    )


# IEEE's (and ACM's, AIP's) order: `A. Lee and B. Kim, “Title,” Journal, vol. 33, no. 3,
# pp. 497-513, Mar. 2004.` The title is the quoted part, the locator is labelled. MLA
# prints the date before the pages: `Okafor, Ann. “Title.” Journal, vol. 12, no. 3, 2001,
# pp. 45–67.`
_IEEE_DATE = r"(?:[A-Z][a-z]{2,8}\.?\s)?(?:\d{1,2},?\s)?\d{4}"
_IEEE_PAGES = r"\w+(?:\s?[-–]\s?\w+)?"
_IEEE = re.compile(
    r"^(?P<authors>.+?),?\s“(?P<title>[^”]{3,}?)[,.]?”\s*(?:in\s)?(?P<container>[^“”]{2,150}?),"
    r"\s*vol\.\s*(?P<volume>[\w-]+)(?:,\s*no\.\s*(?P<issue>[\w-]+))?"
    rf"(?:,\s*(?P<mla_date>{_IEEE_DATE}),\s*pp?\.\s*(?P<mla_pages>{_IEEE_PAGES})"
    rf"|(?:,\s*(?:pp?\.|Art\.\s*no\.|Article\sID)\s*(?P<pages>{_IEEE_PAGES})(?:,\s\d+\spages)?)?"
    rf"(?:,\s*(?P<date>{_IEEE_DATE}))?)"
    r"(?P<rest>[.,]?(?:\s.*)?)$"
)


def _without_journal_initial(
    people: tuple[Person, ...], body: str, position: int
) -> tuple[tuple[Person, ...], int]:
    """`people` with the `J.` that ends the last one's initials given back to the journal
    (ACS prints no title: `Park, G. J. Am. Chem. Soc.`), and where the text goes on."""
    last = people[-1]
    initials = last.initials or ""
    start = body.rfind("J.", 0, position)
    if not initials.endswith("J.") or len(initials) < 4 or start < 0:
        return people, position
    kept = initials.removesuffix("J.")
    raw = (last.raw or "")[: len(last.raw or "") - (position - start)].rstrip()
    return (*people[:-1], replace(last, initials=kept, raw=raw or last.raw)), start


# IEEE's conference papers: `A. Lee and B. Kim, “Title,” in Proc. IEEE Conf. (ECCE),
# Detroit, MI, USA, 2020, pp. 1–6.`: the proceedings, maybe a place, the date, the pages.
_IEEE_CONFERENCE = re.compile(
    r"^(?P<authors>.+?),?\s“(?P<title>[^”]{3,}?)[,.]?”\s*in\s(?P<container>[^“”]{3,200}?)"
    r"(?:,\s(?P<place>[A-Z][^,\d]{1,40}(?:,\s[A-Z][^,\d]{1,30}){0,2}))?"
    rf",\s(?:[A-Z][a-z]{{2,8}}\.?\s)?(?:\d{{1,2}}(?:\s?[-–]\s?\d{{1,2}})?,?\s)?(?P<year>{_YEAR})"
    rf",\s(?:pp?\.\s?(?P<pages>{_PAGES})|Art\.\s?no\.\s?(?P<number>\w+))(?P<rest>[.,]?(?:\s.*)?)$"
)


# IEEE's and Hindawi's book chapters, the title quoted, the book after `in`, editors
# marked `Ed.`/`Eds.`: Hindawi prints the pages, then the publisher, place and year
# (`in Book, L. Chen, Ed., pp. 45–67, Springer, Berlin, Germany, 2016.`); IEEE the place
# and publisher, the year, then the pages (`in Book, 2nd ed. New York, NY, USA: Wiley,
# 2016, pp. 45–67.`).
_IEEE_CHAPTER_HEAD = (
    r"^(?P<authors>.+?),?\s“(?P<title>[^”]{3,}?)[,.]?”\s*in\s(?P<book>[^“”:]{3,200}?)"
    r"(?:,\s(?P<editors>[^“”:]{2,200}?),\s[Ee]ds?\.)?"
    r"(?:,?\s(?P<edition>\d{1,2})(?:st|nd|rd|th)\s(?:ed|edn|edition)\.?)?"
)
_IEEE_CHAPTER = re.compile(
    _IEEE_CHAPTER_HEAD + rf",\spp?\.\s?(?P<pages>{_PAGES}),\s(?P<publisher>[^,:\d]{{2,80}}),"
    rf"\s(?P<place>[^:\d]{{2,80}}?)(?:,\s(?P<late_edition>\d{{1,2}})(?:st|nd|rd|th)\sedition)?"
    rf",\s(?P<year>{_YEAR})(?P<rest>[.,]?(?:\s.*)?)$"
)
_IEEE_CHAPTER_PLACE_FIRST = re.compile(
    _IEEE_CHAPTER_HEAD
    + rf"[.,]?\s(?P<place>[A-Z][^:\d]{{1,80}}):\s(?P<publisher>[^,:\d]{{2,80}}),\s(?P<year>{_YEAR})"
    rf"(?:,\s(?:ch\.\s\w+,\s)?(?:sec\.\s[\w.]+,\s)?pp?\.\s?(?P<pages>{_PAGES}))?"
    r"(?P<rest>[.,]?(?:\s.*)?)$"
)


def _read_quoted_in(text: str) -> ParsedCitation | None:
    """An IEEE or Hindawi reference whose quoted title is followed by `in` and its book or
    proceedings, read whole: a book chapter (`_IEEE_CHAPTER`, or with the place first) or
    a conference paper (`_IEEE_CONFERENCE`); None for any other text. What follows the
    last field (a DOI) is read as the notes of any reference are."""
    fields: dict[str, Any]
    if match := _IEEE_CHAPTER.match(text) or _IEEE_CHAPTER_PLACE_FIRST.match(text):
        found = match.groupdict()
        fields = {
            "type": "chapter",
            "container_title": found["book"],
            "editors": read_people(found["editors"]).people if found["editors"] else (),
            "edition": found["edition"] or found.get("late_edition"),
            "publisher": found["publisher"].strip(),
            "publisher_place": found["place"].strip(),
        }
    elif match := _IEEE_CONFERENCE.match(text):
        fields = {
            "type": "paper-conference",
            "container_title": match.group("container"),
            "publisher_place": match.group("place"),
        }
    else:
        return None
    authors, et_al, _ = parse_author_list(match.group("authors").rstrip(", "))
    if not authors:
        return None
    _, identifiers, url, accessed, links = split_notes(match.group("rest").strip(" .,"))
    printed = match.group("pages")
    pages, pages_raw, number = _page_fields(printed) if printed else (None, None, None)
    fields["container_title"] = fields["container_title"].strip(" ,.")
    citation = Citation(
        title=match.group("title").strip(),
        authors=authors,
        et_al=et_al,
        issued=_date(match.group("year")),
        pages=pages,
        pages_raw=pages_raw,
        article_number=number or match.groupdict().get("number"),
        identifiers=identifiers,
        url=url,
        accessed=accessed,
        links=links,
        raw=text,
        **fields,
    )
    return ParsedCitation(citation=citation, heuristic=frozenset({"container_title"}))


def _ieee_as_vancouver(text: str) -> str:
    """An IEEE-style reference rewritten in the order the rules read (`Authors. Title.
    Journal. 2004;33(3):497-513.`), the rest (a DOI) kept after it; any other text as it is."""
    match = _IEEE.match(text)
    if match is None or "“" not in text:
        return text
    found = _YEAR_ONLY.search(match.group("date") or match.group("mla_date") or "")
    year = found.group(0) if found else None
    if year is None:
        return text  # without a year the locator is not one the rules read
    issue = f"({match.group('issue')})" if match.group("issue") else ""
    pages = match.group("pages") or match.group("mla_pages")
    pages = f":{' '.join(pages.split()).replace(' - ', '-').replace(' ', '')}" if pages else ""
    rest = match.group("rest").lstrip(".,").strip()
    tail = f" {rest}" if rest else ""
    authors = match.group("authors").rstrip(", .")
    container = match.group("container").strip().rstrip(".")
    return (
        f"{authors}. {match.group('title').strip()}. "
        f"{container}. {year};{match.group('volume')}{issue}{pages}.{tail}"
    )


def _parse_short(raw: str) -> ParsedCitation | None:
    """`Front Immunol. 2021 Feb 24;12(3):628-30`, read exactly as `_parse_general` reads it,
    or None for a text of any other shape.

    More than half of the `Citation` strings of PubMed XML have this shape. The pattern
    admits only texts where the general rules are known to find nothing but this: no
    notes or list marker; a journal of plain words that is not read as a person (`Lancet
    HIV` could be: `HIV` looks like initials, so the name reader is asked), a group or a
    book (`In Vivo`); and a locator whose numbers cannot start another locator (no
    `Suppl`, no `; ` or `, `).
    """
    shape = _SHORT.fullmatch(raw)
    if shape is None:
        return None
    journal = shape.group("journal")
    # The word a person's initials would be: the last one before the period, or before
    # ` (`, which may also end an author list.
    name_end = journal.find(" (")
    name = journal if name_end < 0 else journal[:name_end]
    space = name.rfind(" ")
    last_word = name[space + 1 :]
    if (
        " and" in journal
        or " et" in journal
        or journal.startswith("In ")
        or "PM" in raw
        or "cited" in raw
        or "ccessed" in raw
        or _has_kind_word(raw)
        # A last word that may be initials (`Am Heart J`): the name reader is asked.
        or (
            (len(last_word) <= 2 or (space > 0 and last_word.isupper() and len(last_word) <= 3))
            and not _no_author_before_locator(raw)
        )
    ):
        return None
    # `_VANCOUVER` reads the same date, volume and issue here. It reads the text after
    # the colon (but a final period) as the pages only if `_PAGES` reads it whole, and
    # an issue only up to 30 characters long; otherwise it stops before the end, where
    # the general rules go on reading.
    # (`_SHORT`'s volume holds no space: no `Suppl 2` part to move to the issue.)
    date, volume, issue, pages = shape.group("date", "volume", "issue", "pages")
    if pages and pages[-1] == ".":
        pages = pages[:-1]
    if (issue is not None and len(issue) > 30) or (pages and not _PAGES_ONLY.fullmatch(pages)):
        return None
    issued = _date(date)
    expanded = pages_raw = article_number = None
    if pages:
        printed_pages, article_number = classify_pages(pages)
        if printed_pages:
            # Only a range can be written out (`expand_page_range` needs a dash).
            expanded = (
                expand_page_range(printed_pages)
                if "-" in printed_pages or "–" in printed_pages
                else printed_pages
            )
            if expanded != pages:
                pages_raw = pages
    citation = Citation(
        type="article-journal",
        # One sentence and no authors before the locator: the journal (`_read_journal_only`).
        container_title_short=journal,
        issued=issued,
        volume=volume or None,
        issue=issue or None,
        pages=expanded,
        pages_raw=pages_raw,
        article_number=article_number,
        raw=raw,
    )
    return ParsedCitation(
        citation=citation,
        heuristic=_CONTAINER_GUESSED,
        guess=GUESS_BY_SHAPE,
        complete=issued is not None,
    )


# The locator that ends most references with authors, read by `_read_article_tail`:
# Vancouver `2014 Feb;19(2):821-35`, PLOS `79:887-897` (also after `2022; `) or
# Nature/APA `54, S94-S98 (2017)`, after a space and then at most a period (it holds no
# `. `, so it starts after the last one of the text). Its issue holds only letters,
# digits, spaces and dashes, its pages (`_PAGES`) only these and periods: after its first
# number, no `;` or `:` follows the last of them in it, and no `,` the last comma; so no
# later number in it can start a locator (each needs one of them after it) that
# `_find_locator` would take.
_TAIL_ISSUE = r"(?:\([A-Za-z0-9 -]{1,30}\))?"
_ARTICLE_LOCATOR = re.compile(
    rf"(?<= )(?:(?P<vancouver>{_YEAR}(?: [A-Z][a-z]{{2}}(?: \d{{1,2}})?)?;\d{{1,5}}{_TAIL_ISSUE}:)"
    rf"|(?P<colon>\d{{1,5}}{_TAIL_ISSUE}: ?)"
    rf"|(?P<comma>\d{{1,5}}{_TAIL_ISSUE}, )){_PAGES}(?(comma)(?: \({_YEAR}\))?)\.?\Z"
)
# `heuristic` by `(bool(title), bool(journal))`, made once.
_TITLE_JOURNAL_GUESSED = {
    (title, journal): frozenset(
        (("title",) if title else ()) + (("container_title_short",) if journal else ())
    )
    for title in (False, True)
    for journal in (False, True)
}


def _read_article_tail(
    rest: str,
    lead_date: str | None,
    authors: tuple[Person, ...],
    et_al: bool,
    note_identifiers: tuple[Identifier, ...],
    url: str | None,
    accessed: DateParts | None,
    links: tuple[str, ...],
    raw: str,
) -> ParsedCitation | None:
    """`Title. Journal. 2014;19(2):821-35.` after the authors and a date printed right
    after them (`rest`, `lead_date`), read as `_parse_general` reads it; None when its
    rules might read it otherwise. The other arguments are what `_parse_general` read
    before and gives `_citation`.

    Most references with authors end so, or with the other locators of
    `_ARTICLE_LOCATOR`. The general rules look for the locator by trying `_VANCOUVER`,
    `_COLON` and `_COMMA` at each number from the last one back (`_find_locator`), see
    whether the text is a book, a preprint or a report, and gather the fields in a
    `_Reading`. Here one match finds the locator at the end; its shape leaves its later
    numbers nothing `_find_locator` takes (see `_ARTICLE_LOCATOR`), and at its first
    number the checks of `_find_locator` are made again, and the general pattern must
    read the whole locator. Then with no word of `_KIND_TRIGGERS` in the text (no
    preprint, report, thesis, `[Internet]`) and no `In ` or `In:` (no chapter) before
    the locator, the general rules read a journal article: the text before the locator
    is title and journal, nothing but a period follows it. (A text with a `[` is left to
    them too: the title may hold a mark, `[Epub ahead of print]`, they take out.)
    """
    # (After the last `. `: the end of the title, or of a journal with periods.)
    found = _ARTICLE_LOCATOR.search(rest, rest.rfind(". ") + 1)
    if found is None:
        return None
    # A space stands before the first number, which each check `_find_locator` makes
    # on the character before a number allows.
    start = found.start()
    match: re.Match[str] | None
    style = found.lastgroup
    if style == "vancouver":
        # The first number is the date, which a lead date keeps `_find_locator` from reading.
        if lead_date is not None:
            return None
        match = _VANCOUVER.match(rest, start)
        if match is None or match.group("pages_only") is not None:
            return None
        date_text, volume, issue, pages = match.group("date", "volume", "issue", "pages")
        begin = start
    elif style == "colon":
        if (
            rest.endswith(_VOLUME_PARTS, 0, start - 1)
            or rest[start - 2 : start] == "; "
            or (
                # (A volume `_VANCOUVER` reads as a date first: `Journal 2019:12`.)
                rest[start] in "12" and _VANCOUVER.match(rest, start) is not None
            )
        ):
            return None
        match = _COLON.match(rest, start)
        if match is None or (lead_date is None and _journal_year(rest, start)):
            return None  # (a year before the volume: the general rules read it)
        volume, issue, pages = match.group("volume", "issue", "pages")
        date_text, begin = lead_date, start
    else:
        # No `;` or `:` after the first number: only `_COMMA` may read there.
        if start < 2 or not (rest[start - 2].isalnum() or rest[start - 2] in ".),"):
            return None
        if rest.endswith("no. ", 0, start) or rest.endswith(_NUMBER_WORDS, 0, start - 1):
            return None  # (AMS's `12 (2001), no. 3, 45–67`: the general rules read it)
        if lead_date is None and _journal_year(rest, start):
            return None  # (a year before the volume: the general rules read it)
        match = _COMMA.match(rest, start)
        if match is None:
            return None
        volume, issue, pages, year = match.group("volume", "issue", "pages", "year")
        date_text = year or lead_date
        begin = start - 2 if rest[start - 2] == "," else start - 1
    if rest[match.end() :] not in ("", "."):
        return None  # (the general pattern stopped short: `_read_tail` reads the rest)
    head = rest[:begin]
    if (
        _in_book(head)
        or "[" in rest
        # (`hesis` of `synthesis` is no thesis: `_KIND_WORDS` must find nothing.)
        or (_has_kind_word(rest) and _KIND_WORDS.search(rest) is not None)
    ):
        return None
    # (No `[` in the text: `_without_kind_marks` would only strip the title and journal.)
    title, journal = _split_head(head, False)
    pages_fields = _page_fields(pages) if pages else (None, None, None)
    issued = _date(date_text) if date_text else None
    citation = Citation(
        type="article-journal",
        title=(title.strip() or None) if title else None,
        authors=authors,
        et_al=et_al,
        container_title_short=(journal.strip() or None) if journal else None,
        issued=issued,
        volume=(volume.strip() or None) if volume else None,
        issue=(issue.strip() or None) if issue else None,
        pages=pages_fields[0] or None,
        pages_raw=pages_fields[1] or None,
        article_number=pages_fields[2] or None,
        url=url,
        accessed=accessed,
        identifiers=note_identifiers,
        links=links,
        raw=raw,
    )
    return ParsedCitation(
        citation=citation,
        heuristic=_TITLE_JOURNAL_GUESSED[bool(title), bool(journal)],
        guess=GUESS_BY_SHAPE,
        complete=issued is not None,
    )


def _journal_year(text: str, end: int) -> re.Match[str] | None:
    """The year of `Journal 2022; ` or `Journal 2022, ` just before `end` in `text` (a
    volume follows)."""
    if not text[:end].rstrip(" ,;)")[-4:].isdigit():
        return None  # (the usual case, told without the regex)
    return _JOURNAL_YEAR.search(text, 0, end)


def _no_author_before_locator(raw: str) -> bool:
    """Whether `_parse_general` finds no author in a `_SHORT` text whose journal looks
    like a name (`Proc Natl Acad Sci U S A`, `Am Heart J`): `scan_people` reads none,
    or reads a journal abbreviation that the locator follows directly, and drops it."""
    people, _, position = scan_people(raw)
    return not people or _journal_before_locator(raw, position)


def parse_author_list(text: str) -> tuple[tuple[Person, ...], bool, str]:
    """`(authors, et_al, rest)` for a text that starts with `Family I., Family I.J., et al.`.

    Authors get `family` and `initials` (dotted: `A.`, `F.R.`, `S.-I.`); `given` stays None
    because only initials are shown. A text that starts with no author gives no author.
    """
    people, et_al, end = scan_people(text)
    if people and not et_al and text[end - 1 : end] == ".":
        people = _without_closing_period(people)
    return people, et_al, text[end:].lstrip(" .")


def _without_closing_period(people: tuple[Person, ...]) -> tuple[Person, ...]:
    """`people` with the period that closes the list (`Wei L.`, `Dupont P Jr.`) taken
    off the last person's `raw`, unless the list writes initials with periods (`Salati
    M.` after `Botticelli A.`, `Isa S.-I.`, or `Liu, C.`: a name written family first
    with a comma always is), where the period is the initial's own."""
    last = people[-1]
    family, raw = last.family, last.raw
    if (
        family is None
        or raw is None
        or not raw.endswith(".")
        or "," in raw
        or "." in raw[len(family) : -1]
    ):
        return people
    # A plain loop, not `any()`: `parse_reference` runs this for most references.
    for person in people[:-1]:
        if "." in (person.raw or "")[len(person.family or "") :]:
            return people
    # `dataclasses.replace` would do, slowly: a person `scan_people` read has no other field.
    shorter = Person(
        family=family, given=last.given, initials=last.initials, suffix=last.suffix, raw=raw[:-1]
    )
    return (*people[:-1], shorter)


def split_title_and_journal(text: str) -> tuple[str | None, str | None]:
    """`(title, journal)` for `Title of the paper. J. Transl. Med.`.

    The journal is the last sentence piece and the pieces before it that look like parts
    of a journal name (a few capitalised words: `J.`, `Cancer Immunol.`); the rest is the
    title. One piece alone is taken as the journal only if it has that shape.
    """
    pieces = _bracketed_pieces_joined(
        [piece for piece in _PIECE_END.split(text.strip()) if piece], " "
    )
    if not pieces:
        return None, None
    first_journal_piece = len(pieces)
    while first_journal_piece > 0 and _looks_like_journal_piece(
        pieces[first_journal_piece - 1], last=first_journal_piece == len(pieces)
    ):
        first_journal_piece -= 1
    first_journal_piece = _journal_start(pieces, first_journal_piece)
    if first_journal_piece == 0 and len(pieces) > 1:
        first_journal_piece = 1
    if first_journal_piece == len(pieces) and len(pieces) > 1:
        # The last piece is no journal by shape; it is still the best guess there is.
        first_journal_piece = len(pieces) - 1
    if 1 < first_journal_piece < len(pieces) and _JOURNAL_SERIES.match(pieces[first_journal_piece]):
        first_journal_piece -= 1  # (the journal's name comes before its series)
    title = strip_final_period(" ".join(pieces[:first_journal_piece])) or None
    journal = tidy_journal_abbreviation(" ".join(pieces[first_journal_piece:])) or None
    return title, journal


def _split_spaced_title_and_journal(text: str) -> tuple[str | None, str | None]:
    """`split_title_and_journal(text)` for a stripped text whose white space is single
    spaces (as `parse_reference` makes it): its pieces then end at each `. `, cut by
    `str.split` rather than by `_PIECE_END`, whose look-behind is tried at every
    character, and the title is the text before the last journal piece."""
    if "?" in text or "!" in text or "  " in text:
        return split_title_and_journal(text)  # other piece ends, or other spacing
    # Each part but the last is a piece without its period, which changes nothing
    # `_looks_like_journal_piece` looks at when no piece ends with `?` or `!`. A part
    # with `_MAX_JOURNAL_PIECE_TOKENS` spaces has more words than that (it starts with
    # none): no journal piece.
    parts = _bracketed_pieces_joined(text.split(". "), ". ")
    count = len(parts)
    first = count
    while (
        first > 0
        and parts[first - 1].count(" ") < _MAX_JOURNAL_PIECE_TOKENS
        and _looks_like_journal_piece(parts[first - 1], last=first == count)
    ):
        first -= 1
    first = _journal_start(parts, first)
    # At least one piece for the title and one for the journal, when there are two.
    if count == 1:
        if first == 0:
            return None, tidy_journal_abbreviation(text) or None
        return strip_final_period(text) or None, None
    first = min(max(first, 1), count - 1)
    if first > 1 and _JOURNAL_SERIES.match(parts[first]):
        first -= 1  # (the journal's name comes before its series)
    journal = ". ".join(parts[first:])
    # The title with its period: what is left before `. ` and the journal.
    title = strip_final_period(text[: len(text) - len(journal) - 1]) or None
    return title, tidy_journal_abbreviation(journal) or None


# --- the parts of a reference ---------------------------------------------------------


def _drop_list_marker(text: str) -> str:
    """`text` without the `- ` of a page dump or the `1.`/`[1]` of a numbered list."""
    if text.startswith("- "):
        return text[2:]
    if text[:1] == "[" and (close := text.find("]", 1, 6)) > 1 and text[1:close].isdigit():
        return text[close + 1 :].lstrip()
    dot = text.find(". ", 1, 5)
    if dot > 0 and text[:dot].isdigit():
        return text[dot + 2 :]
    if marker := _PART_MARKER.match(text):
        return text[marker.end() :]
    return text


def _looks_unpunctuated(body: str) -> bool:
    """A reference printed as tagged fields with only spaces between them."""
    if ";" in body or ". " in body[:60]:
        return False
    tokens = body.rsplit(" ", 4)
    numbers = sum(1 for token in tokens[1:] if _NUMBER_TOKEN.fullmatch(token))
    return numbers >= 2


def _leading_group(body: str, *, web: bool = False) -> tuple[tuple[Person, ...], int]:
    """A group author that starts `body`: `World Health Organization.`, `WHO (1994)`.
    `web`: the reference gives a URL or an access date, as pages and reports do, whose
    author is a group more often than not (`Nestlé. Policy on ... Accessed 2016`)."""
    paren = body.find(" (")
    if 0 < paren <= 80 and _LEAD_DATE.match(body, paren) and ". " not in body[:paren]:
        name = body[:paren].strip(" ,.")
        if name and name[0].isupper():
            return (Person(literal=name, raw=name),), paren
    dated = _GROUP_BEFORE_YEAR.match(body)
    if dated is not None:
        # `FAO, 2005, Title`, `Aviagen. 2014d. Title`, `IBAMA. (2006). Title`: the year
        # that follows tells a group author from a title (read by `_LEAD_DATE` next).
        name = dated.group("name")
        return (Person(literal=name, raw=name),), dated.end("name")
    stop = body.find(". ")
    named = 0 < stop <= 120 and (
        _GROUP_WORDS.search(body, 0, stop) is not None
        or _ACRONYM.fullmatch(body, 0, stop) is not None  # `WHO. Title. Geneva: WHO; 2020.`
    )
    if web and 0 < stop <= 60 and not named:
        # A short name of capitalised words, no digits (`Ipas.`, `Nestlé.`).
        words = body[:stop].split()
        named = len(words) <= 4 and all(w[0].isupper() and w.isalpha() for w in words)
    if named and (body.count(". ", stop + 2) >= 1 or (web and body.count(" ", stop + 2) >= 1)):
        name = body[:stop]
        return (Person(literal=name, raw=name),), stop + 2
    return (), 0


# A journal abbreviation read as a person, then its Vancouver date: `J Biomol NMR. 2000`,
# `J Appl Physiol (1985). 2009` (gap and locator in one pattern: it runs for nearly
# every reference, and nearly always fails at the first letter of a title).
_JOURNAL_THEN_LOCATOR = re.compile(r"(?:\s\([^()]{1,30}\))?\.?\s" + _VANCOUVER.pattern)


def _journal_before_locator(body: str, position: int) -> bool:
    """Whether the people read up to `position` are a journal abbreviation that a
    Vancouver locator follows directly (`Am Heart J. 2012 Feb;163(2):274-9`): a name
    list is never followed by `date;volume`, and a locator is never a title."""
    match = _JOURNAL_THEN_LOCATOR.match(body, position)
    return (
        match is not None
        and match.group("pages_only") is None
        and "." in body[position - 1 : match.start("date")]
    )


def _find_locator(rest: str, *, has_date: bool, spaced: bool) -> _Locator | None:
    """The locator of `rest`: the last strong candidate, else the run of numbers that
    ends a reference printed without punctuation, else a date standing alone."""
    if spaced:
        plain = _plain_locator(rest, has_date=has_date)
        if plain is not None:
            return plain
    for triggers, pattern, style in _STYLED_LOCATORS:
        if any(trigger in rest for trigger in triggers) and (found := pattern.search(rest)):
            volume, issue, pages, year = found.group("volume", "issue", "pages", "year")
            pages = pages or found.groupdict().get("number")
            return found.start(), found.end(), style, year, volume, issue, pages, None
    bare: _Locator | None = None
    # Each pattern needs a character after the number it starts at (`;` or `:` after a
    # date, `:` after a volume, `,` before the pages): where the last of them stands
    # rules most candidates out without a match.
    last_colon = rest.rfind(":")
    last_date_end = max(last_colon, rest.rfind(";"))
    last_comma = rest.rfind(",")
    # The numbers from the last one back, found in the reversed text: the locator is
    # nearly always among the last few, and the rest are never looked at.
    length = len(rest)
    for number in _NUMBER.finditer(rest[::-1]):
        start = length - number.end()
        before = rest[start - 1] if start else ""
        year_like = rest[start] in "12"
        if year_like and last_date_end > start and not has_date and before not in _WORD_BEFORE_DATE:
            match = _VANCOUVER.match(rest, start)
            if match and not (
                match.group("pages_only") and (before == ";" or _journal_year(rest, start))
            ):
                # (`2016;2016:3162595`, `Acta (2008) 1781:213`: a year-like volume after
                # a date is no date.)
                date, volume, issue, pages, pages_only = match.group(
                    "date", "volume", "issue", "pages", "pages_only"
                )
                pages = pages or pages_only
                return start, match.end(), "vancouver", date, volume, issue, pages, None
        if (
            last_colon > start
            and before in (" ", ",", ".")
            # (`76 Suppl 2:36-9`: the number after `Suppl` is no volume.)
            and not rest.endswith(_VOLUME_PARTS, 0, start - 1)
            # (`2017 Dec 1; 12(4):323`, the `[cited ...]` between taken out: a Vancouver
            # date comes before, which the scan reaches next.)
            and rest[start - 2 : start] != "; "
        ):
            match = _COLON.match(rest, start)
            if match:
                volume, issue, pages = match.group("volume", "issue", "pages")
                return start, match.end(), "colon", None, volume, issue, pages, None
        if (
            last_comma > start
            and before == " "
            and start > 1
            and (rest[start - 2].isalnum() or rest[start - 2] in ".),")
            # (ACM's `..., Paper 123, 1–12`: a paper's number, then its pages.)
            and not rest.endswith(_NUMBER_WORDS, 0, start - 1)
        ):
            match = _COMMA.match(rest, start)
            if match and not _THOUSANDS.fullmatch(match.group()):
                volume, issue, pages, year = match.group("volume", "issue", "pages", "year")
                begin = start - 2 if rest[start - 2] == "," else start - 1
                return begin, match.end(), "comma", year, volume, issue, pages, None
        if bare is None and year_like and rest[start - 2 : start] in (". ", ", ", "; "):
            match = _BARE_DATE.match(rest, start)
            if match:
                bare = (start, match.end(), "bare", match.group("date"), None, None, None, None)
    if has_date and bare is None and (ending := _VOLUME_ISSUE_END.search(rest)):
        # APA without pages: `Global Biogeochemical Cycles, 20(2).`
        volume, issue = ending.group("volume", "issue")
        return ending.start(), ending.end(), "comma", None, volume, issue, None, None
    if not spaced:
        spaced_locator = _spaced_locator(rest, has_date=has_date)
        if spaced_locator is not None:
            return spaced_locator
        plain = _plain_locator(rest, has_date=has_date)
        if plain is not None:
            return plain
    return bare


def _spaced_locator(rest: str, *, has_date: bool) -> _Locator | None:
    """`Protist 163 (4) 643–657`: volume, issue and pages with only spaces between them
    (older PLOS style), at the end of the text after a journal's last word."""
    last = rest.rstrip(".")[-1:]
    if not (last.isdigit() or last == ")"):
        return None  # (the usual case, told without the regex)
    match = _SPACED.search(rest, max(0, len(rest) - 70))
    if match is None:
        return None
    volume, issue, pages, year = match.group("volume", "issue", "pages", "year")
    elsevier = bool(issue) and year is None and _YEAR_ONLY.fullmatch(issue or "") is not None
    if elsevier:
        # Elsevier's `IEEE Trans. Med. Imag. 61 (2015) 2313–2318`: the year in brackets.
        issue, year = None, issue
    if issue is None and not elsevier and not any(dash in pages for dash in _DASH_CHARACTERS):
        return None  # two bare numbers may end a title: a range or an issue must be there
    if not has_date and _YEAR_ONLY.fullmatch(volume):
        return None  # `Journal 2006 4 577 587`: a year, read by `_plain_locator`
    return match.start(), len(rest), "spaced", year, volume, issue, pages, None


def _plain_locator(rest: str, *, has_date: bool) -> _Locator | None:
    """`Journal 2006 4 577 587 16845428` (or without the year when it came earlier)."""
    tokens = rest.rstrip(" .").rsplit(" ", 6)
    numbers: list[str] = []
    for token in reversed(tokens[1:]):
        if not _NUMBER_TOKEN.fullmatch(token):
            break
        numbers.append(token)
    numbers.reverse()
    pmid = None
    if len(numbers) >= 3 and _BARE_PMID.fullmatch(numbers[-1]):
        pmid = numbers.pop()
    date_text = None
    if not has_date and numbers and _YEAR_ONLY.fullmatch(numbers[0]):
        date_text = numbers.pop(0)
    elif not has_date and len(numbers) >= 3 and _YEAR_ONLY.fullmatch(numbers[-1]):
        # `J. Biol. Chem. 193 265 275 1954`: Elsevier's untagged order, the year last.
        date_text = numbers.pop()
    if (date_text is None and not has_date) or not 2 <= len(numbers) <= 4:
        return None
    start = len(
        " ".join(
            tokens[: len(tokens) - len(numbers) - (date_text is not None) - (pmid is not None)]
        )
    )
    issue = numbers.pop(1) if len(numbers) == 4 else None  # `2010 10 4 315 331`
    volume, first = numbers[0], numbers[1]
    pages = f"{first}-{numbers[2]}" if len(numbers) == 3 else first
    return start, len(rest), "plain", date_text, volume, issue, pages, pmid


def _read_locator(locator: _Locator, lead_date: str | None, reading: _Reading) -> None:
    values = reading.values
    _, _, _, locator_date, volume, issue, printed_pages, pmid = locator
    date_text = locator_date or lead_date
    if volume and "/" in volume:
        # `6044/2010`: a book series' volume and the year it came out in.
        volume, _, series_year = volume.partition("/")
        date_text = date_text or series_year
    if date_text:
        year, _, month = date_text.partition(" ")
        if month.isdecimal():
            # `2016 2; 144: 1365–71`: a month printed as a number before the `;` (a date
            # grammar alone would not read `2016 2` as a date).
            values["issued"] = DateParts(year=int(year), month=int(month), raw=date_text)
        else:
            values["issued"] = _date(date_text)
    volume, issue = _volume_and_part(volume, issue)
    values["volume"] = volume.strip() if volume else None
    values["issue"] = issue.strip() if issue else None
    if printed_pages:
        values["pages"], values["pages_raw"], values["article_number"] = _page_fields(printed_pages)
    if pmid:
        values["bare_pmid"] = pmid
        reading.heuristic.add("identifiers")
        reading.guesses.append(GUESS_BARE_PMID)
    values.setdefault("type", "article-journal")


def _volume_and_part(volume: str | None, issue: str | None) -> tuple[str | None, str | None]:
    """`76 Suppl 2` is volume 76, issue `Suppl 2`, as PubMed's XML keeps them (and
    `parsing.locator` reads them); a printed issue (`33 Suppl 1(Suppl 1)`) wins."""
    if volume is None or " " not in volume:
        return volume, issue
    number, _, part = volume.partition(" ")
    return number, issue or part


def _page_fields(printed_pages: str) -> tuple[str | None, str | None, str | None]:
    """`(pages, pages_raw, article_number)` of the pages a locator prints."""
    printed = printed_pages.strip().translate(_OTHER_DASHES)
    pages, article_number = classify_pages(printed)
    if not pages:
        return None, None, article_number
    # Only a range can be written out (`expand_page_range` needs a dash).
    expanded = expand_page_range(pages) if "-" in pages or "–" in pages else pages
    return expanded, printed if expanded != printed else None, article_number


@lru_cache(maxsize=4096)
def _date(text: str) -> DateParts | None:
    # `2019`, `2019 Mar`, `2019 Mar 3` are most dates: read without the full grammar.
    # (Cached: a list or a baseline file repeats the same few hundred dates, and a
    # `DateParts` is immutable.)
    if len(text) == 4 and text.isdecimal():
        return DateParts(year=int(text), raw=text)
    parts = text.split(" ")
    if 2 <= len(parts) <= 3 and len(parts[0]) == 4 and parts[0].isdecimal():
        month = _MONTH_ABBREVIATIONS.get(parts[1])
        if month is not None:
            if len(parts) == 2:
                return DateParts(year=int(parts[0]), month=month, raw=text)
            day = parts[2]
            # (A later day may not be in the month: the full grammar checks that.)
            if len(day) <= 2 and day.isdecimal() and int(day) <= 28:
                return DateParts(year=int(parts[0]), month=month, day=int(day), raw=text)
    return split_leading_date(text)[0]


def _read_title_and_journal(head: str, unpunctuated: bool, reading: _Reading) -> None:
    title, journal = _split_head(head, unpunctuated)
    reading.guesses.append(GUESS_NO_PUNCTUATION if unpunctuated else GUESS_BY_SHAPE)
    if title:
        title, _ = _without_kind_marks(title)
        reading.heuristic.add("title")
    reading.values["title"] = title
    if journal:
        journal, _ = _without_kind_marks(journal)
        reading.heuristic.add("container_title_short")
    reading.values["container_title_short"] = journal


def _split_head(head: str, unpunctuated: bool) -> tuple[str | None, str | None]:
    """`(title, journal)` of the text before a journal's locator."""
    head = head.strip(" ,;:")
    if head[:1] in _OPEN_QUOTES and (quoted := _QUOTED_TITLE.match(head)):
        # `‘Title’, Journal` / `“Title,” Journal`: the quotes mark the title's ends.
        quoted_title = _quoted(quoted)
        after = tidy_journal_abbreviation(head[quoted.end() :].strip(" ,.;:"))
        return quoted_title.strip(" ,.") or None, after or None
    if unpunctuated or (
        ". " not in head and not head.endswith(".") and "? " not in head and "! " not in head
    ):
        return _split_by_capitals(head)
    title, journal = _split_spaced_title_and_journal(head)
    if title and journal and " " not in title and _cut_abbreviation(title, head):
        # `A. Kim, B. Lee, Nucl. Phys. B 347, 105 (1990)`: physics prints no title, and a
        # title is never one word cut from a journal abbreviation (`Nucl`).
        return None, head
    if title and ", " in title:
        # `Title in yeast, Mycol. Res.`: styles that end the title with a comma leave the
        # journal, or its first abbreviated word (`Mycol`), after the title's last comma.
        if journal is None:
            before, _, last = head.rpartition(", ")
            if _JOURNAL_WORDS.fullmatch(last):
                return strip_final_period(before) or None, tidy_journal_abbreviation(last)
        before, _, last = title.rpartition(", ")
        # (Not a place ending the title: `... in the Amazon, Brazil. Biological Conservation`;
        # what follows an abbreviated word is short, or abbreviated, too.)
        abbreviated_after = (
            all(len(w) <= 5 or w in _ABBREVIATED_WORDS for w in journal.replace(".", " ").split())
            if journal
            else False
        )
        if (
            before
            and journal
            and not _undotted_abbreviation(journal)
            and (
                (abbreviated_after and _cut_abbreviation(last, f"{last}. {journal}"))
                or all(w in _ABBREVIATED_WORDS or w.isupper() for w in last.split())
                # (`On Hecke operators, Duke Math. J. 98`: short capitalised words)
                or (
                    abbreviated_after
                    and len(last.split()) <= 3
                    and all(w[0].isupper() and len(w) <= 5 for w in last.split())
                )
            )
        ):
            return before, tidy_journal_abbreviation(f"{last}. {journal}")
    return title, journal


def _bracketed_pieces_joined(pieces: list[str], joint: str) -> list[str]:
    """`pieces` with those a bracket left open joined to the next (`(Puccinia f.sp.
    tritici)`): a sentence never ends inside brackets."""
    if not any("(" in piece for piece in pieces):
        return pieces
    joined: list[str] = []
    depth = 0
    for piece in pieces:
        if depth > 0:
            joined[-1] += joint + piece
        else:
            joined.append(piece)
        depth += piece.count("(") - piece.count(")")
    return joined


def _journal_start(pieces: list[str], first: int) -> int:
    """The first journal piece, from `first`, the first of the pieces at the end that
    look like a journal's: not a qualifier in brackets (`(Poaceae). Mol Ecol`; it
    follows a journal, `Acta Physiol. (Oxf)`), and the last piece alone for a journal
    abbreviated without periods (see `_journal_is_last_piece_alone`)."""
    while first < len(pieces) - 1 and _QUALIFIER.fullmatch(pieces[first].rstrip(".")):
        first += 1
    return len(pieces) - 1 if _journal_is_last_piece_alone(pieces, first) else first


def _journal_is_last_piece_alone(pieces: list[str], first: int) -> bool:
    """Whether the journal found to start at piece `first` is the last piece alone:
    abbreviated without periods (NLM's way), it is never continued from an earlier piece
    (`... in Bangalore, India. Food Nutr Bull`: `India` ends the title), unless that piece
    is an abbreviated word itself (`Proc. Natl Acad Sci U S A`)."""
    return (
        first < len(pieces) - 1
        and _undotted_abbreviation(pieces[-1])
        and pieces[-2].rstrip(".") not in _ABBREVIATED_WORDS
    )


def _undotted_abbreviation(piece: str) -> bool:
    """Whether `piece` is a journal abbreviated without periods (`Food Nutr Bull`,
    `Environ Monit Assess`): an abbreviated word is followed by another word."""
    words = piece.rstrip(".").split()
    return any(word in _ABBREVIATED_WORDS for word in words[:-1])


def _quoted(match: re.Match[str]) -> str:
    """The title inside the quotes `_QUOTED_TITLE` matched, whichever kind they are."""
    return match.group("a") or match.group("b") or match.group("c") or match.group("d")


def _cut_abbreviation(word: str, head: str) -> bool:
    """Whether `word`, the first word of `head`, is a short abbreviated word (`Nucl`,
    `J`, `Prog`) of the journal `head` is; a one-word title is longer (`Glycobiology.
    Nature.`)."""
    return len(word) <= 6 and _JOURNAL_WORDS.fullmatch(head) is not None


def _one_sentence(head: str) -> bool:
    """Whether `head` (the text before a locator) is one sentence ended by a period, with
    no `. `, `? `, `! ` inside it. (Without the period, `_split_by_capitals` finds the
    journal at the end of an unpunctuated `Author, 2020, Title, Journal`.)"""
    head = head.strip(" ,;:")
    return head.endswith(".") and _PIECE_END.search(head) is None


def _read_journal_only(head: str, reading: _Reading) -> None:
    """The one sentence before a locator, with no authors before it: the container. A
    title alone before a locator is far rarer than a journal printed without authors."""
    journal, _ = _without_kind_marks(tidy_journal_abbreviation(head.strip(" ,;:")))
    reading.guesses.append(GUESS_BY_SHAPE)
    if journal:
        reading.heuristic.add("container_title_short")
        reading.values["container_title_short"] = journal


def _split_by_capitals(head: str) -> tuple[str | None, str | None]:
    """`(title, journal)` of `Title in sentence case Nat Rev Microbiol`: the journal is the
    run of capitalised words (and joining words) at the end."""
    words = head.split()
    start = len(words)
    while start > 0:
        word = words[start - 1]
        capitalised = word[0].isupper() and not word.endswith((",", ":", ")", ";"))
        if capitalised or word in _JOINING_WORDS:
            start -= 1
        else:
            break
    while start < len(words) and words[start] in _JOINING_WORDS:
        start += 1
    start = _abbreviated_journal_start(words, start)
    if start == len(words):
        return head or None, None
    title = " ".join(words[:start]).strip(" .,") or None
    return title, " ".join(words[start:]) or None


def _abbreviated_journal_start(words: list[str], start: int) -> int:
    """Where an abbreviated journal starts in the capitalised run `words[start:]` that
    ends a title in title case (`... of Ginseng Saponins J Korean Med Sci`, `... Ocimum
    Am J Appl Sci`): at the run of abbreviated words at its end (one written-out word may
    stand between two: `J Agric Food Chem`) when that run starts with a word journals
    start with (`J`, `Am`, `Int`; a nation before `J`: `Indian J Physiol`). `start`
    otherwise."""
    end = len(words)
    if end - start < 2 or not any(w.rstrip(".") in _ABBREVIATED_WORDS for w in words[-2:]):
        return start
    first = end
    gap = 0
    for index in range(end - 1, start - 1, -1):
        word = words[index].rstrip(".")
        if word in _ABBREVIATED_WORDS:
            first, gap = index, 0
        elif word in _JOINING_WORDS:
            continue
        else:
            gap += 1
            if gap > 1:
                break
    if first == end or first <= start:
        return start
    before = words[first - 1].rstrip(".,")
    leader = words[first].rstrip(".")
    if leader == "J" or leader in _JOURNAL_LEADERS:
        return first - 1 if leader == "J" and before in _NATIONS else first
    # (Where the name starts with a word written out, `Diabetes Metab Res Rev`, or one
    # not known as abbreviated, `Progr Lipid Res`, the run stays as it is.)
    return start


def _in_book(head: str) -> bool:
    """Whether `head` names the book a chapter is in (`In: Eds, editors. Book`, `‘Title’,
    in Eds (eds.), Book`), told first by its words, then by `_IN_BOOK`."""
    words = (
        "In " in head
        or "In:" in head
        or "’, in " in head
        or "”, in " in head
        or "edited by" in head
    )
    return words and _IN_BOOK.search(head) is not None


def _read_book(text: str, reading: _Reading, *, author_year: bool = False) -> None:
    """A book, chapter, report, thesis or web page: `Title. In: Eds, editors. Book.
    2nd ed. Place: Publisher; 2001. p. 10-20.` and its shorter forms. `author_year`:
    the date came after the authors, so the text is `Title. Publisher, Place.`"""
    values = reading.values
    text = text.strip(" ,;")
    if "issued" not in values and (dated := _YEAR_PIECE.search(text)):
        # `WHO. Climate change. (2023). Available online at: ...`: a web page's year.
        values["issued"] = _date(dated.group("year"))
        text = (text[: dated.start()] + text[dated.end() :]).strip(" ,;")
    pages = _BOOK_PAGES.search(text)
    if pages:
        if pages.group("range"):
            printed = pages.group("range")
            values["pages"] = expand_page_range(printed)
            values["pages_raw"] = printed if values["pages"] != printed else None
        text = _cut_out(text, pages.start(), pages.end())
    edition = _EDITION.search(text)
    if edition:
        word = edition.group("word")
        values["edition"] = (
            str(_EDITION_WORDS.index(word.lower()) + 1) if word else edition.group("number")
        )
        text = _cut_out(text, edition.start(), edition.end())
    if "issued" not in values and (ending := _COMMA_YEAR_END.search(text)):
        # `..., Academic Press, Boston, MA, 1989` (its pages taken out above).
        values["issued"] = _date(ending.group("year"))
        text = text[: ending.start()]
    in_book = _IN_BOOK.search(text)
    book_part = text
    edited_book = None if in_book else _EDITED_IN_BRACKETS.search(text)
    if edited_book:
        # AMS: `Title, Book (B. Lind, ed.), Series, vol. 17, Publisher, Place, 1989`.
        values.update(
            title=strip_final_period(text[: edited_book.start()].strip(" ,.")) or None,
            editors=read_people(edited_book.group("names")).people,
            type="chapter",
        )
        book_part = text[edited_book.end() :]
    if in_book:
        chapter = text[: in_book.start()].strip(" ,.")
        if chapter[:1] in _OPEN_QUOTES and (quoted := _QUOTED_TITLE.fullmatch(chapter)):
            chapter = _quoted(quoted)  # `‘Title’`
        values["title"] = strip_final_period(chapter.strip(" ,.")) or None
        book_part = text[in_book.end() :]
        editors = read_people(book_part)
        after = editors_suffix(book_part, editors.end) if editors.people else None
        if after is not None:
            values["editors"] = editors.people
            book_part = book_part[after:]
        elif bracketed := _EDITORS_IN_BRACKETS.search(book_part):
            # `In Book title (eds Bellina B, Glover I), pp. 1-2.` (Royal Society)
            values["editors"] = read_people(bracketed.group("names")).people
            # (The book's title ends there: `Book title. Place: Publisher`.)
            after_brackets = book_part[bracketed.end() :].lstrip(" ,.")
            book_part = book_part[: bracketed.start()] + ". " + after_brackets
        elif (marked := _EDITORS_MARK.search(book_part, 0, 200)) and marked.start() > 0:
            # `In: B., Lind, editor. Book`: names the name reader does not take, still
            # ended by `editor(s)` or `eds`.
            values["editors"] = read_people(book_part[: marked.start()]).people
            book_part = book_part[marked.end() :]
        if numbered := _PAPER_NUMBER.search(book_part):
            # ACM's `..., Paper 123, 1–12.`: the paper's number in the proceedings.
            values["article_number"] = numbered.group("number")
            book_part = book_part[: numbered.start()] + book_part[numbered.end() :]
        if "pages" not in values and (ranged := _CHAPTER_RANGE_END.search(book_part)):
            # Pensoft's `In: Eds (Ed.) Book. Springer, Berlin, 1–20.`: bare pages last.
            values["pages"] = expand_page_range(ranged.group("range").translate(_OTHER_DASHES))
            book_part = book_part[: ranged.start()]
        values["type"] = "chapter"
    if edited_book:
        series = _SERIES_VOLUME.match(book_part)  # right after the chapter's book
    else:
        series = None if in_book else _SERIES_AFTER_TITLE.search(book_part)
    if series:
        # `Title, Series Name, vol. 17,` of a book (not its own title's `Handbook, vol. 2`):
        # the number is the series', not the book's volume, and the record has no field
        # for a series: it is reported whole.
        reading.unparsed.append(series.group())
        book_part = book_part[: max(series.start() - 2, 0)] + book_part[series.end() :]
    elif volume := _BOOK_VOLUME.search(book_part):
        # `Handbook of forms, vol. 3.`: the book's own volume.
        values["volume"] = values.get("volume") or volume.group("volume")
        book_part = book_part[: volume.start()] + book_part[volume.end() :]
    publisher = _publisher_of(book_part)
    if publisher:
        before = book_part[: publisher.start()].strip(" ,.")
        values["publisher_place"] = publisher.group("place").strip()
        values["publisher"] = publisher.group("publisher").strip(" .,")
        if publisher.group("date") and "issued" not in values:
            values["issued"] = _date(publisher.group("date"))
        after_text = book_part[publisher.end() :]
        if publisher.group("date"):
            after_text = after_text[len(publisher.group("date")) :]
        leftover = after_text.strip(" .,;")
        if leftover:
            reading.unparsed.append(leftover)
    elif edited_book and ", " in book_part:
        # AMS: after the book (and its series), `Publisher, Place`.
        name, _, place = book_part.strip(" ,.").partition(", ")
        values["publisher"], values["publisher_place"] = name, place
        before = ""
    else:
        before, found_publisher = _publisher_after_comma(book_part)
        if not found_publisher and author_year and not in_book:
            before, found_publisher = _publisher_after_title(book_part)
        if found_publisher:
            values["publisher"], values["publisher_place"] = found_publisher
    before, _ = _without_kind_marks(before)
    if in_book and (edited := _EDITED_BY.search(before)):
        # Chicago: `In Book, edited by Ben Lind and Carl Park, 45–67.`
        if edited.group("pages") and "pages" not in values:
            values["pages"] = expand_page_range(edited.group("pages").translate(_OTHER_DASHES))
        values["editors"] = tuple(
            Person(given=given or None, family=family, raw=name)
            for name in _NAME_PARTS.split(edited.group("names"))
            for given, _, family in [name.strip().rpartition(" ")]
        )
        before = before[: edited.start()]
    if edited_book:
        values["container_title"] = edited_book.group("book").strip()
        if before.strip(" ,.;"):
            reading.unparsed.append(before.strip(" ,.;"))
    elif in_book:
        # (Not a conference's acronym: `Proceedings of ... (CHI '19)`.)
        book = _CONFERENCE_ACRONYM.sub("", before.strip(" ,;.")) if "(" in before else before
        values["container_title"] = strip_final_period(book) or None
    else:
        title = strip_final_period(before) or None
        if title and not publisher and "issued" not in values:
            # No date and no publisher: most likely a reference cut short.
            reading.heuristic.add("title")
        values["title"] = title
        if values.get("publisher") and values.get("type") in (None, "article-journal"):
            values["type"] = "book"


def _cut_out(text: str, start: int, end: int) -> str:
    """`text` without `text[start:end]` (pages, an edition): where text stands on both
    sides, a sentence break between them (`Book, 2nd edn. Place: Publisher` is `Book.
    Place: Publisher`), as the parts of a book are sentences."""
    before, after = text[:start].strip(" ,;."), text[end:].strip(" ,;.")
    if before and after:
        return f"{before}. {after}"
    return (before or after).strip(" ,;")


def _publisher_of(text: str) -> re.Match[str] | None:
    """`Place: Publisher` of a book's text: the last one followed by a date, else the one
    that ends the text, else the first that no publisher's name follows. A title may hold
    a colon too (`Clinical trials: a practical guide. New York: Springer; 2008`), but the
    date, or the end of the text (`Give a fish: reflections. Durham: Duke University
    Press.`), comes after the publisher."""
    # (Never at the start: a book's title comes first, `MOCCAE: National Plan. 2017.`)
    matches = [match for match in _PUBLISHER.finditer(text) if match.start() > 0]
    dated = [match for match in matches if match.group("date")]
    if dated:
        return dated[-1]
    ending = [match for match in matches if not text[match.end() :].strip(" .")]
    if ending:
        return ending[-1]
    # (Not a title's colon that a publisher's name follows: `Cities: growth in the
    # Amazon. Columbia University Press.`)
    return next((m for m in matches if not _looks_like_publisher(text[m.end() :])), None)


def _publisher_after_comma(text: str) -> tuple[str, tuple[str, str | None] | None]:
    """`Book title, Cambridge University Press, Cambridge` or `Book title. Publisher, Place`."""
    pieces = [piece for piece in _PIECE_END.split(text) if piece]
    if len(pieces) >= 2:
        last = pieces[-1].strip(" .")
        first_part, comma, place = last.partition(", ")
        if _looks_like_publisher(first_part):
            # `IEEE Press, Piscataway, NJ, USA`: the name, then its place.
            return " ".join(pieces[:-1]), (first_part, place if comma else None)
        name, comma, place = last.rpartition(", ")
        if _looks_like_publisher(name or last):
            return " ".join(pieces[:-1]), (name or last, place if comma else None)
    parts = text.strip(" .").split(", ")
    for back in (2, 3):
        # `Title, Springer, Berlin` and `Title, Springer, Berlin, Germany`.
        if len(parts) > back and _looks_like_publisher(parts[-back]):
            return ", ".join(parts[:-back]), (parts[-back], ", ".join(parts[1 - back :]))
    return text, None


def _publisher_after_title(text: str) -> tuple[str, tuple[str, str | None] | None]:
    """`Title. Aviagen Limited, Newbridge, Scotland.`: after an author-year date the
    first sentence is the title, and one more sentence after it the publisher and its
    place (the title's own sentences are rarer than that)."""
    pieces = [piece for piece in _PIECE_END.split(text.strip()) if piece]
    if len(pieces) != 2 or (
        _looks_like_journal_piece(pieces[1], last=True)
        # (`Addison-Wesley, Boston, MA`: a journal's name never ends in a place.)
        and not _ENDS_IN_PLACE.search(pieces[1])
    ):
        return text, None
    name, comma, place = pieces[1].strip(" .").partition(", ")
    return pieces[0], (name, place if comma else None)


# A city and its state or country code: `, Boston, MA`, `, London, UK`.
_ENDS_IN_PLACE = re.compile(r",\s[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s(?:[A-Z]{2}|USA)\.?$")


def _looks_like_publisher(text: str) -> bool:
    return _PUBLISHER_WORDS.search(text) is not None


def _without_kind_marks(text: str) -> tuple[str, str | None]:
    """`text` without `[Internet]`, `[dissertation]` ..., and the mark found."""
    if "[" not in text:
        return text.strip(), None
    match = _KIND_MARK.search(text)
    if match is None:
        return text.strip(), None
    return (text[: match.start()] + text[match.end() :]).strip(), match.group(1)


def _has_kind_word(text: str) -> bool:
    """Whether `text` holds a literal some `_KIND_WORDS` match needs (`any()` over
    `_KIND_TRIGGERS`, written out: this runs for every reference)."""
    return (
        "[" in text
        or "Rxiv" in text
        or "arXiv" in text
        or "hesis" in text
        or "issertation" in text
        or "eport" in text
        or "Research Square" in text
        or "SSRN" in text
        or "Preprints" in text
        or "Working Paper" in text
    )


def _read_kind_words(text: str, reading: _Reading) -> None:
    if not _has_kind_word(text):
        return  # the common case, cheaper to rule out than to scan for
    for match in _KIND_WORDS.finditer(text):
        mark = match.group("bracket")
        if match.group("preprint") or mark == "Preprint":
            reading.values["type"] = "article"
            reading.values.setdefault("flags", ("Preprint",))
        elif match.group("thesis") or mark in (
            "dissertation",
            "thesis",
            "master's thesis",
            "doctoral thesis",
        ):
            reading.values["type"] = "thesis"
        elif match.group("report"):
            reading.values["type"] = "report"
        elif mark == "Internet":
            reading.values.setdefault("type", "webpage")


def _read_preprint(
    rest: str, preprint: re.Match[str], lead_date: str | None, reading: _Reading
) -> None:
    """`Title. arXiv: 1505.0710`: the server is the container, the preprint's id its
    article number; the year is the one printed after the authors or after the id."""
    values = reading.values
    preprint_id: str | None = preprint.group("id")
    year = preprint.group("year")
    if preprint_id and _YEAR_ONLY.fullmatch(preprint_id) and year is None:
        # `bioRxiv. 2019.` (its DOI taken out): the number is the year, no id.
        preprint_id, year = None, preprint_id
    date_text = lead_date or year
    if date_text:
        values["issued"] = _date(date_text)
    title, _ = _without_kind_marks(strip_final_period(rest[: preprint.start()].strip(" ,;:")))
    if title:
        values["title"] = title
    values["container_title_short"] = preprint.group("server")
    values["article_number"] = preprint_id
    values["type"] = "article"
    values["flags"] = ("Preprint",)


def _read_unlocated(rest: str, reading: _Reading) -> bool:
    """A reference with no locator that still names its container: a journal with a
    status in place of the locator (`Cereb Cortex: Epub ahead of print`, `(in press)`),
    or a data set (`Data from: Title. Dryad Digital Repository`). False for anything
    else (a book, report or page)."""
    values = reading.values
    text = rest.strip(" ,;")
    status = _STATUS_END.search(text) if ("rint" in text or "ress" in text) else None
    if status is not None:
        head = text[: status.start()]
        if year := _journal_year(head, len(head)):
            # `Neurol Clin Pract 2017 (Epub ahead of print)`: the year after the journal.
            head = head[: year.start()]
            values.setdefault("issued", _date(year.group("year")))
        flag = "Epub ahead of print" if status.group("epub") else "In press"
        values["flags"] = (*values.get("flags", ()), flag)  # type: ignore[misc]
        title, journal = _split_head(head, False)
        if not journal or not title or _looks_like_publisher(journal) or ":" in journal:
            _read_book(head, reading)  # `Title. Oxford: Clarendon Press; in press.`
            return True
        values["title"], _ = _without_kind_marks(title)
        values["container_title_short"], _ = _without_kind_marks(journal)
        values["type"] = "article-journal"
        reading.heuristic.update(("title", "container_title_short"))
        reading.guesses.append(GUESS_BY_SHAPE)
        return True
    marked = _DATASET_MARK.search(text)
    if marked is not None:
        text = (text[: marked.start()] + text[marked.end() :]).strip()
    pieces = text.rstrip(".").split(". ")
    repository = pieces[-1].strip() if len(pieces) > 1 else ""
    if not (
        _REPOSITORY.fullmatch(repository)
        or (
            (marked is not None or _DATA_FROM.match(text))
            and _REPOSITORY_NAME.fullmatch(repository)
        )
    ):
        return False
    values["title"] = ". ".join(pieces[:-1]).strip() or None
    values["container_title"] = repository
    values["type"] = "dataset"
    reading.heuristic.add("title")
    return True


def _mark_dataset(rest: str, reading: _Reading) -> None:
    """A data set read as an article (`Data from: Title. Dryad Digital Repository. 2014.`,
    `Title [dataset]. Zenodo. 2018.`): its container is a repository."""
    values = reading.values
    journal = values.get("container_title_short")
    title = values.get("title")
    if (
        (isinstance(journal, str) and _REPOSITORY.fullmatch(journal))
        or (isinstance(title, str) and title.startswith("Data from"))
        or ("[" in rest and _DATASET_MARK.search(rest) is not None)
    ):
        values["type"] = "dataset"
        if isinstance(journal, str):
            values["container_title"], values["container_title_short"] = journal, None


def _read_tail(tail: str, reading: _Reading) -> None:
    tail = tail.strip(" .,;")
    if not tail:
        return
    if _BARE_PMID.fullmatch(tail):
        # PMC prints the PMID of a reference as a bare number after its DOI.
        reading.values["bare_pmid"] = tail
        reading.heuristic.add("identifiers")
        reading.guesses.append(GUESS_BARE_PMID)
        return
    if "issued" not in reading.values and (year := _TAIL_YEAR.match(tail)):
        # `J Am Acad Dermatol 58: 25-32, 2008.`: the year printed after the locator.
        reading.values["issued"] = _date(year.group("year"))
        tail = tail[year.end() :].strip(" .,;")
        if not tail:
            return
    flags: list[str] = []
    match = _STATUS_NOTE.search(tail)
    if match:
        flags.append("Epub ahead of print")
        tail = (tail[: match.start()] + tail[match.end() :]).strip(" .,;")
    notes = parse_citation_notes(tail)
    values = reading.values
    values["epub_date"] = notes.epub_date
    values["ecollection_year"] = notes.ecollection_year
    values["notes_identifiers"] = notes.identifiers
    values["flags"] = (*values.get("flags", ()), *flags, *notes.flags)  # type: ignore[misc]
    reading.unparsed.extend(notes.unparsed)


def _citation(
    reading: _Reading,
    note_identifiers: tuple[Identifier, ...],
    url: str | None,
    accessed: DateParts | None,
    links: tuple[str, ...],
    raw: str,
) -> Citation:
    values = reading.values
    identifiers = list(note_identifiers)
    identifiers.extend(values.pop("notes_identifiers", ()))  # type: ignore[arg-type]
    bare_pmid = values.pop("bare_pmid", None)
    if isinstance(bare_pmid, str) and not any(i.scheme == "pmid" for i in identifiers):
        identifiers.append(Identifier(scheme="pmid", value=bare_pmid))
    kind = values.pop("type", None)
    if kind is None:
        kind = "webpage" if url and not values.get("container_title_short") else "article-journal"
    if kind == "webpage" and values.get("publisher"):
        kind = "book"
    elif (
        kind == "webpage"
        and values.get("container_title_short")
        and (values.get("volume") or values.get("pages"))
    ):
        kind = "article-journal"  # `J Sci Technol [Internet]. 2012;2(2):97-104.`
    fields = {name: value for name, value in values.items() if value}
    fields.update(
        type=str(kind),
        url=url,
        accessed=accessed,
        identifiers=tuple(identifiers),
        links=links,
        raw=raw,
    )
    return Citation(**fields)  # type: ignore[arg-type]


def _looks_like_journal_piece(piece: str, *, last: bool = False) -> bool:
    if piece.endswith(("?", "!")) or (not last and _PART_NUMBER.fullmatch(piece)):
        # (`Purine metabolism. VIII. Biochem J`: a part of a series ends its title; the
        # last piece is the journal's own, `J. Phys. IV.`)
        return False
    words = piece.rstrip(".").split()
    # (Single letters do not count: `Natl Acad Sci U S A`.)
    if (
        not words
        or len(words) > _MAX_JOURNAL_PIECE_TOKENS
        or sum(len(word) > 1 for word in words) > _MAX_JOURNAL_PIECE_WORDS
    ):
        return False
    if words[0] in _JOINING_WORDS and words[0] != "&":
        return False  # (`in China. Heredity`: a journal's name starts with a capital)
    # (A qualifier in brackets belongs to the journal: `Acta Physiol. (Oxf)`, `(1985)`.)
    return all(
        word[0].isupper() or word in _JOINING_WORDS or _QUALIFIER.fullmatch(word) is not None
        for word in words
    )
