"""Accuracy and speed of the reference parser, measured on labelled JATS references. Run on demand:

    python benchmarks/eval_references.py [JATS_FILE_OR_GLOB ...] [--pubmed-xml GLOB]
                                         [--errors N] [--no-timing] [--repeat N]
                                         [--split FILE] [--write-split]
    python benchmarks/eval_references.py '../shared/corpus/references/*.xml' --no-timing

Every `mixed-citation` of the given JATS files (default: `../shared/corpus/jats/*`) is
one test case. Its input is the reference as a reader sees it printed:
- ids a page shows only as a link (PMC's `[PubMed]`, `[DOI]`, `[PMC free article]`) are
  left out: a `pub-id`/`object-id` of type doi, pmid or pmcid counts as printed only when
  the text just before it names it (`doi:`, `DOI`, `doi.org/`, `PMID:`, `PubMed`,
  `PMCID:`) or its own text does (`doi:...`, `https://...`); the others leave the input
  and the truth alike, their tails kept; so does the `issn` PMC adds to some citations;
- a label (`<label>`, or `[1]` / `1.` written at the start of the citation's text) is
  left out;
- the rest is read as the JATS adapter reads it (tagged fields that touch are kept apart
  by a space), and in a pretty-printed citation (line breaks in its own text nodes) the
  layout spaces before `.,;:)]”` and after `([“` are taken out (`Phys. Rev. D . 94 ,
  074012 ( 2016 )` reads `Phys. Rev. D. 94, 074012 (2016)`); a citation written on one
  line keeps its spaces as printed.
The truth is the tagged elements of that printed copy: the authors tagged before the
title in every form (`name`, `string-name` with `surname`/`given-names` inside in either
order, a bare `string-name` as the family name, `collab` as a family name without given
names; not editors), `article-title` / `chapter-title` (or, for a book, report or thesis
without one, `source` as the title), `source` (the container), `year`, `volume`,
`issue`, `fpage` (or, without one, the `elocation-id`: an article number stands where
the pages do), `lpage` and the printed `pub-id` / `object-id` of type doi, pmid and pmcid
(and a DOI tagged as an `ext-link` to doi.org, which is how PLOS tags the DOIs it prints,
or a DOI printed in the text and not tagged at all: `doi: 10.1002/oa.2585`). A field
the truth lacks but the parser fills is a false positive; a wrong value
is both a false positive and a false negative. What a citation prints without a tag has
its truth read from the text where that is certain (a DOI, a `PMID: 123`; the last page
after a tagged first page and a dash, `<fpage>447</fpage>–477`; an issue in brackets
after a tagged volume); titles and containers compare without `[Internet]`; authors
printed without any author tag (`Antwis RE, Bhatia SN (<year>2017</year>)`) have no
truth, and are not scored there.

PMC rebuilds some strings from the tags and loses the separators the printed author list
had (`Albinsky D Kusano M`, `Leffler DA Nutritional consequences`, `Murdock GP 1959
Africa`) and the locator (`2011, 24 4 475–477` for ACS's `2011, 24 (4), 475–477`); in a
citation that is punctuated elsewhere, the input puts them back as printed (`, ` between
two names, `. ` after the author list, or after a year, that touches the next field,
brackets around an issue and `, ` before the first page; a pretty-printed citation's
layout space after a dash glued to the word before it goes too, `x – a` stays); a
citation with no
punctuation between its fields at all is printed so (old BMC and NLM) and stays as it
is. `--as-stored` leaves them all out. Either way the run lists those references' files
and gives their figures beside the others'.

Values are compared exactly after normalisation: white space made single, surrounding
spaces and trailing punctuation (`.,;:`) removed, and for titles and containers a `?`,
`!` or quote mark at either end too (whether those sit inside the tag is the tagger's
habit; GROBID's evaluation ignores punctuation likewise); years keep their four digits (`2010a`
is 2010); given names compare by their letters and hyphens (`J. A.`, `J.A.` and `JA` are
the same initials); DOIs compare case-insensitively, as DOIs are.

It prints per-field precision, recall and F1, the micro-average over all fields, the share
of references with every field right; when the files are in the split file
(`benchmarks/reference_split.json`: the development set `../shared/corpus/references/`
split by publisher into a tuning and a held-out part, `--write-split` remakes it, its
rule is in it), the same per part, and whole-reference shares of the 15 worst journals;
and the parser's speed in µs per reference (CPU
time, no profiler; best and median of `--repeat` passes) over the JATS inputs and over
the `Citation` strings of the PubMed XML files (`--pubmed-xml`, default
`../shared/corpus/pubmed-xml/*.xml`), those split into the short journal-and-locator
strings and full references.

A second section, on the PubMed XML `Citation` strings that are only `Journal. Locator.`
(possibly with notes after it), which no JATS truth covers: the share read with the
journal as `container_title_short`, no title and no authors, and the share whose year,
volume, issue and pages equal a strict regex reading of the same string (`--errors N`
also lists up to N strings that miss either).
Its text building, truth and split are tested in `tests/test_eval_references.py` on
hand-written JATS; the run itself is never part of the test suite.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from lxml import etree

from bibnorm.model import Citation
from bibnorm.parsing import parse_reference

# The JATS adapter's own way to take a node out and keep its tail.
from bibnorm.sources.jats.jats import _replace_node as replace_node
from bibnorm.sources.jats.jats_xml import (
    CITATION_FIELD_TAGS,
    CITATION_STYLE,
    inline_text,
    local_name,
)
from bibnorm.xmltext import inline_text as xml_inline_text

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
FIELDS = (
    "author_family",
    "author_given",
    "title",
    "container",
    "year",
    "volume",
    "issue",
    "fpage",
    "lpage",
    "doi",
    "pmid",
    "pmcid",
)
_LIST_FIELDS = ("author_family", "author_given")
_SPACE = re.compile(r"\s+")
_EDGE_MARKS = "?!\"“”‘’'«» "
_DASH = re.compile(r"\s*[-‐‑‒–—−]\s*")
_TITLE_TAGS = ("article-title", "chapter-title")
_DOI_LINK = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ID_TYPES = {"doi": "doi", "pmid": "pmid", "pmc": "pmcid", "pmcid": "pmcid"}

Values = dict[str, list[str]]


def _parser() -> etree.XMLParser:
    # The project's safe settings: no DTD, no network, no entity expansion.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def normalise(name: str, value: str | None) -> str | None:
    """`value` as compared for field `name`, or None when nothing is left of it."""
    if value is None:
        return None
    value = _SPACE.sub(" ", value).strip().rstrip(".,;:").strip()
    if name in ("title", "container"):
        # A medium designator is no part of a name: `Adv Environ Biol [Internet]`.
        value = value.replace(" [Internet]", "").rstrip(".,;:").strip()
        # Whether a title's `?` or its quotes sit inside the tag is the tagger's habit,
        # not something the printed text says: compare without them.
        value = value.strip(_EDGE_MARKS).rstrip(".,;:").strip()
    if name == "year":
        value = value[:4]
    elif name == "author_family":
        value = value.removeprefix("[").removesuffix("]")  # `[CMS Collaboration]`
    elif name == "author_given":
        value = value.replace(".", "").replace(" ", "")
    elif name == "doi":
        value = value.lower()
    elif name == "pmcid":
        value = value.upper().removeprefix("PMC")
    return value or None


# --- truth --------------------------------------------------------------------------


@dataclass
class Case:
    """One labelled reference: where it is, its input text and its true field values."""

    where: str
    text: str
    truth: Values
    file: str = ""
    journal: str = ""
    publisher: str = ""
    lost_separators: str = ""
    hidden_ids: int = 0
    # Fields the tagger left untagged although the text prints them: not scored.
    unknown: frozenset[str] = frozenset()


def read_cases(paths: Iterable[Path], *, as_stored: bool = False) -> Iterator[Case]:
    for path in paths:
        try:
            root = etree.parse(str(path), _parser()).getroot()
        except (etree.XMLSyntaxError, OSError) as error:
            print(f"skipped {path}: {error}", file=sys.stderr)
            continue
        journal, publisher = journal_of(root)
        for element in root.iter("{*}mixed-citation", "mixed-citation"):
            printed = printed_copy(element, as_stored=as_stored)
            text = citation_text(printed)
            if text:
                where = f"{path.name}:{element.sourceline}"
                yield Case(
                    where=where,
                    text=text,
                    truth=truth_of(printed),
                    file=path.name,
                    journal=journal,
                    publisher=publisher,
                    lost_separators=lost_separators(printed_copy(element, as_stored=True)),
                    hidden_ids=sum(1 for item in element.iter() if is_hidden_id(item)),
                    unknown=untagged_fields(printed),
                )


# --- the reference as printed ---------------------------------------------------------

# An id is printed when the text just before it names it (`doi:`, `DOI `, `https://doi.org/`,
# `PMID:`, `PubMed `, `PMCID:`) or when its own text carries the name. Otherwise it is a
# link the page shows as a label (PMC's `[PubMed]`, `[DOI]`, `[PMC free article]`), not text.
_HIDDEN_ID_TYPES = frozenset({"doi", "pmid", "pmc", "pmcid"})
_ID_LABEL_BEFORE = re.compile(
    r"(?:\bdoi\s*:?|doi\.org/|\bPMID\s*:?|\bPubMed(?:\s*ID)?\s*:?|\bPMCID\s*:?)\s*$",
    re.IGNORECASE,
)
_ID_LABEL_OWN = re.compile(r"^\s*(?:doi\s*:|https?://|PMID\s*:|PMCID\s*:)", re.IGNORECASE)
# A label written into the citation's own text (`[1]`, `12.`), before anything tagged.
_LEADING_LABEL = re.compile(r"^\s*(?:\[\d+[a-z]?\]|\d+\.)(?=\s|$)")
# Pretty-printed XML: the layout white space around punctuation is not what a page shows.
_SPACE_BEFORE = re.compile(r"\s+(?=[.,;:)\]”])")
# After a dash only when the dash touches the word before it (`1–\n 5`): `x – a` is printed.
_SPACE_AFTER = re.compile(r"(?<=[(\[“])\s+|(?<=\S[–—])\s+")
_AUTHOR_TAGS = ("name", "string-name", "collab")
_UNTAGGED_ISSUE = re.compile(r"\s?\(([^()]{1,20})\)")
_PRINTED_PMID = re.compile(r"\bPMID:?\s?(\d{1,9})\b")
_UNTAGGED_LAST_PAGE = re.compile(r"\s?[-–—‐]\s?([A-Za-z]{0,4}\d+)\b")
_PRINTED_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")


def _text_before(item: etree._Element) -> str:
    previous = item.getprevious()
    if previous is not None:
        return previous.tail or ""
    parent = item.getparent()
    return (parent.text or "") if parent is not None else ""


def is_hidden_id(item: etree._Element) -> bool:
    """True for a `pub-id`/`object-id` (doi, pmid, pmcid) the printed reference does not
    show: no label before it, none in its own text."""
    if local_name(item) not in ("pub-id", "object-id"):
        return False
    kind = (item.get("pub-id-type") or "").lower()
    if kind not in _HIDDEN_ID_TYPES:
        return False
    before = _text_before(item)
    return not (_ID_LABEL_BEFORE.search(before) or _ID_LABEL_OWN.search(item.text or ""))


def is_pretty_printed(element: etree._Element) -> bool:
    """True when the citation's own text nodes hold layout (a line break), as
    pretty-printed XML does; then the spaces around punctuation are layout too."""
    texts = [element.text, *(item.tail for item in element.iter() if item is not element)]
    texts += [item.text for item in element.iter() if item is not element and len(item)]
    return any(t and "\n" in t for t in texts)


def printed_copy(element: etree._Element, *, as_stored: bool = False) -> etree._Element:
    """A copy of `element` as a reader sees it: ids the page shows only as links removed
    (their tails kept), a label written at the start of its text taken out, and the
    separators PMC lost in its author list put back (not with `as_stored`)."""
    copy = deepcopy(element)
    for item in [i for i in copy.iter() if is_hidden_id(i) or local_name(i) == "issn"]:
        replace_node(item, "")  # the id (or PMC's ISSN) goes, its tail stays
    if not as_stored:
        restore_separators(copy)
    if copy.text and len(copy):
        copy.text = _LEADING_LABEL.sub("", copy.text)
    elif copy.text:
        copy.text = _LEADING_LABEL.sub("", copy.text, count=1)
    return copy


def citation_text(printed: etree._Element) -> str:
    """The input string of a case: the JATS adapter's reading of the printed copy
    (labels left out, touching fields kept apart by a space), with a pretty-printed
    citation's layout spaces before `.,;:)]”` and after `([“` taken out."""
    text = inline_text(printed, CITATION_STYLE)
    if is_pretty_printed(printed):
        text = _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))
    return text


def lost_separators(element: etree._Element) -> str:
    """Where the separators the printed author list had are lost, "" when they are not:
    "between names" when two names follow each other with nothing but white space
    between them (`Albinsky D Kusano M`), "after the authors" when the author list and
    the next tagged field touch the same way (`Leffler DA Nutritional consequences`)."""
    for group in [element, *element.iter("{*}person-group", "person-group")]:
        names = [item for item in group if local_name(item) in ("name", "string-name")]
        for first, second in pairwise(names):
            if first.getnext() is second and not (first.tail or "").strip():
                return "between names"
    for group in element.iter("{*}person-group", "person-group"):
        if (group.get("person-group-type") or "") == "editor":
            continue
        following = group.getnext()
        written = inline_text(group, CITATION_STYLE)
        if (
            following is not None
            and local_name(following) in CITATION_FIELD_TAGS
            and not (group.tail or "").strip()
            and written[-1:].isalnum()
        ):
            return "after the authors"
        break
    return ""


def restore_separators(element: etree._Element) -> None:
    """Put back the separators the printed reference had where PMC's stored string lost
    them (see `lost_separators`): `, ` between two names, `. ` after the author list or a
    year that touches the next field (`Albinsky D Kusano M 2010 Title` reads `Albinsky D,
    Kusano M. 2010. Title`). Only white space is replaced; printed punctuation stays. A
    citation with no punctuation between its fields at all is printed so (old BMC and
    NLM): it is left as it is."""
    if not _is_punctuated(element):
        return
    for group in [element, *element.iter("{*}person-group", "person-group")]:
        names = [item for item in group if local_name(item) in ("name", "string-name")]
        for first, second in pairwise(names):
            if first.getnext() is second and not (first.tail or "").strip():
                first.tail = ", "
    for item in element.iter():
        following = item.getnext()
        if (
            following is None
            or (item.tail or "").strip()
            or local_name(following) not in CITATION_FIELD_TAGS
            or not inline_text(item, CITATION_STYLE)[-1:].isalnum()
        ):
            continue
        kind = local_name(item)
        author_end = kind in ("person-group", "collab") or (
            kind in ("name", "string-name") and local_name(item.getparent()) != "person-group"
        )
        if (author_end and (item.get("person-group-type") or "") != "editor") or (
            kind == "year" and local_name(following) in (*_TITLE_TAGS, "source")
        ):
            item.tail = ". "
    _restore_locator_separators(element)


def _is_punctuated(element: etree._Element) -> bool:
    """Whether the text between a citation's tagged fields holds punctuation anywhere:
    then tags that touch lost it; a citation with none at all is printed so (old NLM)."""
    return any(
        any(mark in (item.tail or "") for mark in ".,;:") for item in element.iterdescendants()
    )


def _restore_locator_separators(element: etree._Element) -> None:
    """`<volume>24</volume><issue>4</issue><fpage>475</fpage>` was printed `24 (4), 475`
    (ACS; PMC kept the tags and dropped the rest)."""
    for item in element.iter("{*}volume", "volume"):
        following = item.getnext()
        if following is None or (item.tail or "").strip():
            continue
        after = following.getnext()
        if local_name(following) == "issue":
            item.tail = " ("
            printed = (following.tail or "").strip()
            to_pages = after is not None and local_name(after) == "fpage"
            following.tail = ")" + (printed + " " if printed else ", " if to_pages else "")
        elif local_name(following) == "fpage":
            item.tail = ", "


# --- truth ------------------------------------------------------------------------------


def untagged_fields(element: etree._Element) -> frozenset[str]:
    """The fields a citation prints but does not tag, whose truth is unknown: the authors
    of `Antwis RE, Griffiths SM et al. (<year>2017</year>) ...` (letters before the first
    tag, and no author tag anywhere)."""
    tagged = any(local_name(item) in (*_AUTHOR_TAGS, "person-group") for item in element.iter())
    if not tagged and len(element) and sum(c.isalpha() for c in element.text or "") >= 2:
        return frozenset({"author_family", "author_given"})
    return frozenset()


def authors_of(element: etree._Element) -> list[tuple[str, str]]:
    """`(family, given)` of the authors tagged before the title, in every tagging form:
    `<name>` and `<string-name>` with `<surname>`/`<given-names>` inside, a bare
    `<string-name>` (all of it the family name), `<collab>` (a group: family, no given).
    Editors (a `person-group` of type editor) are not authors."""
    found: list[tuple[str, str]] = []
    taken: set[etree._Element] = set()
    seen_title = False
    for item in element.iter():
        name = local_name(item)
        if name in (*_TITLE_TAGS, "source"):
            seen_title = True
        if seen_title or name not in _AUTHOR_TAGS or _is_editor(item):
            continue
        if any(ancestor in taken for ancestor in item.iterancestors()):
            continue  # a name inside a string-name or collab already read
        taken.add(item)
        surname = _child(item, "surname")
        if name == "collab":
            found.append((_text(item), ""))
        elif surname is not None:
            found.append((_text(surname), _text(_child(item, "given-names"))))
        else:
            found.append((_text(item), ""))
    return found


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    for item in element.iter():
        if item is not element and local_name(item) == tag:
            return item
    return None


def truth_of(element: etree._Element) -> Values:
    """The tagged values of one mixed-citation (its printed copy), by field."""
    values: Values = {name: [] for name in FIELDS}
    for family, given in authors_of(element):
        values["author_family"].append(family)
        values["author_given"].append(given)
    titles = [_text(e) for e in element.iter() if local_name(e) in _TITLE_TAGS]
    source = _first(element, "source")
    kind = (element.get("publication-type") or "").lower()
    if not titles and source and kind not in ("journal", ""):
        titles, source = [source], None
    values["title"] = titles[:1]
    values["container"] = [source] if source else []
    for name in ("year", "volume", "issue", "fpage", "lpage"):
        found = _first(element, name)
        values[name] = [found] if found else []
    first_page = next((e for e in element.iter() if local_name(e) == "fpage"), None)
    if first_page is not None and not values["lpage"]:
        # `<fpage>447</fpage>–477`: the last page printed, untagged.
        end = _UNTAGGED_LAST_PAGE.match(first_page.tail or "")
        values["lpage"] = [end.group(1)] if end else []
    volume = next((e for e in element.iter() if local_name(e) == "volume"), None)
    if volume is not None and not values["issue"]:
        # `<volume>49</volume>(20):<fpage>`: the issue printed, untagged.
        bracketed = _UNTAGGED_ISSUE.match(volume.tail or "")
        values["issue"] = [bracketed.group(1)] if bracketed else []
    if not values["fpage"] and (article_number := _first(element, "elocation-id")):
        values["fpage"] = [article_number]  # an article number stands where pages do
    for item in element.iter():
        if local_name(item) in ("pub-id", "object-id"):
            scheme = _ID_TYPES.get((item.get("pub-id-type") or "").lower())
            if scheme and not values[scheme]:
                values[scheme] = [_text(item)]
        elif local_name(item) == "ext-link" and not values["doi"]:
            # A DOI tagged as a link (`<ext-link xlink:href="http://dx.doi.org/10...">`).
            found = _DOI_LINK.search(item.get(_XLINK_HREF) or "")
            if found:
                values["doi"] = [found.group(1)]
    text = inline_text(element, CITATION_STYLE)
    if not values["doi"] and (printed := _PRINTED_DOI.search(text)):
        values["doi"] = [printed.group().rstrip(".,;")]  # printed, untagged: still certain
    if not values["pmid"] and (printed := _PRINTED_PMID.search(text)):
        values["pmid"] = [printed.group(1)]
    return {
        name: [v for v in (normalise(name, value) for value in found) if v is not None]
        for name, found in values.items()
    }


# --- journals, publishers and the split -------------------------------------------------

SPLIT_FILE = REPO_ROOT / "benchmarks" / "reference_split.json"
SPLIT_SEED = 16
_PUBLISHER_NOISE = frozenset(
    {"inc", "ltd", "llc", "sa", "kg", "co", "the", "and", "sons", "publishers", "publishing"}
    | {"group", "corporation", "limited"}
)
SPLIT_RULE = (
    "Unit: the publisher (journal-meta publisher-name, lower-cased, dots dropped ('S.A.' is "
    "'sa'), other punctuation a word break, and the "
    "words " + ", ".join(sorted(_PUBLISHER_NOISE)) + " removed: 'John Wiley & Sons, Ltd' "
    "and 'John Wiley and Sons Inc.' are one publisher, 'john wiley'); a file without a "
    "publisher-name takes its journal title, and a journal title starting 'BMC ' is "
    "'biomed central'. All files of one publisher go to the same part. Publishers are "
    "ordered by sha256('<seed>:<publisher>') (hex, ascending); walking that order, a "
    "publisher goes to held-out when held-out stays at or under round(total / 3) "
    "mixed-citations with it, else to tuning. Tune on 'tuning'; report 'held-out' as "
    "the figures on journals and publishers not tuned on."
)


def journal_of(root: etree._Element) -> tuple[str, str]:
    """`(journal title, publisher key)` of an article, "" where it says none."""
    journal = publisher = ""
    for item in root.iter():
        name = local_name(item)
        if name == "journal-title" and not journal:
            journal = _SPACE.sub(" ", "".join(item.itertext())).strip()
        elif name == "publisher-name" and not publisher:
            publisher = "".join(item.itertext())
        if journal and publisher:
            break
    return journal, publisher_key(publisher, journal)


def publisher_key(publisher: str, journal: str) -> str:
    """The split's unit: the publisher's name with its legal-form words removed."""
    words = [
        w
        for w in re.findall(r"\w+", publisher.lower().replace(".", ""))
        if w not in _PUBLISHER_NOISE
    ]
    if words:
        return " ".join(words)
    if journal.startswith("BMC "):
        return "biomed central"
    return journal.lower()


def make_split(cases: list[Case], seed: int = SPLIT_SEED) -> dict:
    """The tuning / held-out split of `cases` by `SPLIT_RULE`."""
    size: dict[str, int] = {}
    files: dict[str, dict] = {}
    for case in cases:
        size[case.publisher] = size.get(case.publisher, 0) + 1
        entry = files.setdefault(
            case.file, {"journal": case.journal, "publisher": case.publisher, "references": 0}
        )
        entry["references"] += 1
    target = round(sum(size.values()) / 3)
    order = sorted(size, key=lambda key: hashlib.sha256(f"{seed}:{key}".encode()).hexdigest())
    parts: dict[str, str] = {}
    held_out = 0
    for key in order:
        if held_out + size[key] <= target:
            parts[key] = "held-out"
            held_out += size[key]
        else:
            parts[key] = "tuning"
    for entry in files.values():
        entry["part"] = parts[entry["publisher"]]
    totals = {part: {"files": 0, "references": 0, "publishers": 0} for part in PARTS}
    for entry in files.values():
        totals[entry["part"]]["files"] += 1
        totals[entry["part"]]["references"] += entry["references"]
    for part in parts.values():
        totals[part]["publishers"] += 1
    return {
        "rule": SPLIT_RULE,
        "seed": seed,
        "made_from": "../shared/corpus/references/*.xml (main set; not aps-partial/, "
        "scielo-paired/)",
        "totals": totals,
        "publishers": dict(sorted(parts.items())),
        "files": dict(sorted(files.items())),
    }


PARTS = ("tuning", "held-out")


def read_split(path: Path) -> dict[str, str]:
    """file name -> part, from a split file; empty when there is none."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: entry["part"] for name, entry in data["files"].items()}


def _is_editor(name: etree._Element) -> bool:
    group = name.getparent()
    return group is not None and (group.get("person-group-type") or "") == "editor"


def _text(element: etree._Element | None) -> str:
    return inline_text(element) if element is not None else ""


def _first(element: etree._Element, tag: str) -> str | None:
    for item in element.iter():
        if local_name(item) == tag:
            return _text(item) or None
    return None


# --- predictions ----------------------------------------------------------------------


def predicted(citation: Citation) -> Values:
    """The parser's reading of a reference, in the harness's fields."""
    values: Values = {name: [] for name in FIELDS}
    for person in citation.authors:
        values["author_family"].append(person.family or person.literal or "")
        values["author_given"].append(person.given or person.initials or "")
    values["title"] = [citation.title] if citation.title else []
    container = citation.container_title or citation.container_title_short
    values["container"] = [container] if container else []
    values["year"] = [str(citation.issued.year)] if citation.issued else []
    values["volume"] = [citation.volume] if citation.volume else []
    values["issue"] = [citation.issue] if citation.issue else []
    pages = citation.pages_raw or citation.pages or citation.article_number
    if pages:
        first, _, last = _DASH.sub("-", pages).partition("-")
        values["fpage"] = [first]
        values["lpage"] = [last] if last else []
    for scheme in ("doi", "pmid", "pmcid"):
        value = citation.identifier(scheme)
        values[scheme] = [value] if value else []
    return {
        name: [v for v in (normalise(name, value) for value in found) if v is not None]
        for name, found in values.items()
    }


# --- scoring --------------------------------------------------------------------------


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: list[str], guess: list[str]) -> bool:
        """Count one field of one reference; True when it is wholly right."""
        if truth == guess:
            self.tp += len(truth)
            return True
        remaining = list(truth)
        hits = 0
        for value in guess:
            if value in remaining:
                remaining.remove(value)
                hits += 1
        self.tp += hits
        self.fp += len(guess) - hits
        self.fn += len(truth) - hits
        return False

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {n: Score() for n in FIELDS})
    cases: int = 0
    all_right: int = 0
    errors: list[tuple[Case, list[str]]] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)

    def micro(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total.tp, total.fp, total.fn = (
                total.tp + score.tp,
                total.fp + score.fp,
                total.fn + score.fn,
            )
        return total

    @property
    def whole(self) -> float:
        return self.all_right / self.cases if self.cases else 0.0


def evaluate(cases: list[Case]) -> Evaluation:
    result = Evaluation()
    for case in cases:
        guess = predicted(parse_reference(case.text).citation)
        wrong = [
            name
            for name in FIELDS
            if name not in case.unknown
            and not result.scores[name].add(case.truth[name], guess[name])
            # Given names are scored per author, but a missed author is already an
            # author_family miss; an author list that is right is all that counts here.
        ]
        result.cases += 1
        result.right.append(not wrong)
        if not wrong:
            result.all_right += 1
        else:
            result.errors.append((case, wrong))
    return result


def report(result: Evaluation) -> None:
    print(f"{'field':<14} {'precision':>9} {'recall':>9} {'F1':>9} {'truth':>7}")
    for name in FIELDS:
        score = result.scores[name]
        row = f"{name:<14} {score.precision:>9.3f} {score.recall:>9.3f} {score.f1:>9.3f}"
        print(f"{row} {score.tp + score.fn:>7}")
    micro = result.micro()
    row = f"{'micro-average':<14} {micro.precision:>9.3f} {micro.recall:>9.3f} {micro.f1:>9.3f}"
    print(f"{row} {micro.tp + micro.fn:>7}")
    print(
        f"references with every field right: {result.all_right}/{result.cases} ({result.whole:.1%})"
    )


def summary(label: str, result: Evaluation) -> str:
    """One line: micro-F1, author F1 and whole share of `result`."""
    return (
        f"  {label:<34} {result.cases:>5}  micro-F1 {result.micro().f1:.3f}  "
        f"author F1 {result.scores['author_family'].f1:.3f}  whole {result.whole:6.1%}"
    )


def report_parts(cases: list[Case], result: Evaluation, split: dict[str, str]) -> None:
    """Figures per part of the split (tuning, held-out, and files the split does not
    name), per field and whole; then the worst journals of the run."""
    parts = {case.file: split.get(case.file, "not in the split") for case in cases}
    names = [p for p in (*PARTS, "not in the split") if p in parts.values()]
    by_part = {name: evaluate([c for c in cases if parts[c.file] == name]) for name in names}
    print("\nby part of the split (benchmarks/reference_split.json):")
    print(summary("all", result))
    for name in names:
        print(summary(name, by_part[name]))
    for name in names:
        files = len({c.file for c in cases if parts[c.file] == name})
        print(f"\n[{name}] {files} files")
        report(by_part[name])


def report_journals(cases: list[Case], result: Evaluation, worst: int = 15) -> None:
    """Whole-reference share per journal, the `worst` lowest."""
    tally: dict[str, list[int]] = {}
    for case, right in zip(cases, result.right, strict=True):
        counts = tally.setdefault(case.journal or case.file, [0, 0])
        counts[0] += right
        counts[1] += 1
    rows = sorted(tally.items(), key=lambda item: (item[1][0] / item[1][1], item[0]))
    print(f"\nworst {min(worst, len(rows))} of {len(rows)} journals, whole references:")
    for journal, (right, total) in rows[:worst]:
        print(f"  {right / total:6.1%}  {right:>4}/{total:<4} {journal[:70]}")


def report_lost_separators(cases: list[Case]) -> None:
    """Files whose author lists lost the separators the printed list had, and the
    figures on those references against the rest (they stay in every figure above)."""
    lost: dict[str, dict[str, int]] = {}
    for case in cases:
        counts = lost.setdefault(case.file, {"between names": 0, "after the authors": 0, "": 0})
        counts[case.lost_separators] += 1
    flagged = {name: c for name, c in lost.items() if c["between names"] + c["after the authors"]}
    if not flagged:
        return
    total = sum(1 for case in cases if case.lost_separators)
    print(
        f"\nauthor separators lost (only white space between two names, or between the "
        f"author list and the next field) in {total} references of {len(flagged)} files:"
    )
    print(f"  {'between names':>13} {'after authors':>13} {'of':>5}  file")
    rows = sorted(flagged.items(), key=lambda item: (item[1][""] / sum(item[1].values()), item[0]))
    for name, counts in rows:
        between, after = counts["between names"], counts["after the authors"]
        print(f"  {between:>13} {after:>13} {sum(counts.values()):>5}  {name}")
    with_loss = evaluate([case for case in cases if case.lost_separators])
    without = evaluate([case for case in cases if not case.lost_separators])
    print(summary("references with separators lost", with_loss))
    print(summary("the other references", without))


def report_hidden_ids(cases: list[Case]) -> None:
    hidden = sum(case.hidden_ids for case in cases)
    if hidden:
        touched = sum(1 for case in cases if case.hidden_ids)
        print(
            f"\nids the printed reference does not show (pub-id doi/pmid/pmcid with no label), "
            f"left out of input and truth: {hidden} in {touched} references"
        )


def show_errors(result: Evaluation, limit: int) -> None:
    for case, wrong in result.errors[:limit]:
        guess = predicted(parse_reference(case.text).citation)
        print(f"\n{case.where}\n  {case.text}")
        for name in wrong:
            print(f"  {name}: truth {case.truth[name]} / parsed {guess[name]}")


# --- speed ----------------------------------------------------------------------------


def pubmed_citation_strings(paths: Iterable[Path]) -> list[str]:
    strings: list[str] = []
    for path in paths:
        try:
            root = etree.parse(str(path), _parser()).getroot()
        except (etree.XMLSyntaxError, OSError):
            continue  # a deliberately broken fixture; it has no references to time
        strings.extend(
            text for element in root.iter("Citation") if (text := xml_inline_text(element))
        )
    return strings


def microseconds_per_item(
    parse: Callable[[str], object], texts: list[str], repeat: int = 5
) -> tuple[float, float]:
    """`(best, median)` CPU time per text over `repeat` timed passes (after one warm-up
    pass). CPU time, not wall-clock: the machine may be shared."""
    if not texts:
        return 0.0, 0.0
    for text in texts:
        parse(text)
    passes: list[float] = []
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            parse(text)
        passes.append(time.process_time() - start)
    per_text = sorted(elapsed / len(texts) * 1e6 for elapsed in passes)
    return per_text[0], per_text[len(per_text) // 2]


# A PubMed XML `Citation` that is only a journal and its locator, with no authors or
# title (`Front Immunol. 2021 Feb 24;12:628168`): more than half of them.
_SHORT_CITATION = re.compile(r"[^.;]{1,80}\. (?:1[6-9]|20)\d\d[^;]{0,20};\S*")


# --- PubMed XML short strings -------------------------------------------------------

# A `Citation` that is a journal and its locator and nothing else but trailing notes:
# `N Engl J Med. 2001;344(1):1-2.`, `Int J Hematol. 2002 Aug;76 Suppl 2:36-9`,
# `Ann Thorac Surg. 2015 Jul;100(1):138-45; discussion 145-6`.
_SHORT_WITH_NOTES = re.compile(r"[^.;]{1,80}\. (?:1[6-9]|20)\d\d[^;]{0,20};\S*(?: .*)?")
# The same strings read strictly, as the truth for their locator: date, `;`, volume
# (with any `Suppl 2`, `Pt 3`), `(issue)`, `:` and the first page or range.
_STRICT_LOCATOR = re.compile(
    r"[^.;]{1,80}\. (?P<year>(?:1[6-9]|20)\d\d)(?:[-/](?:1[6-9]|20)\d\d)?"
    r"(?: [A-Z][a-z]{2}[^;]{0,16})?;\s?"
    r"(?P<volume>[^():;,\s](?:[^():;,]*[^():;,\s])?)?\s?"
    r"(?:\(\s?(?P<issue>[^():;]*?)\s?\))?"
    r"(?::\s?(?P<pages>[^\s;,]*))?"
    r"(?:[.;,]?(?:\s.*)?)"
)


def strict_locator(text: str) -> tuple[str | None, ...] | None:
    """`(year, volume, issue, pages)` of a short PubMed string by `_STRICT_LOCATOR`."""
    match = _STRICT_LOCATOR.fullmatch(text)
    if match is None:
        return None
    year, volume, issue, pages = match.group("year", "volume", "issue", "pages")
    pages = (pages or "").rstrip(".")
    # `2017 Aug 3;:null`: PubMed's placeholder for pages not yet known.
    return year, volume, issue, pages if pages and pages != "null" else None


def parsed_locator(citation: Citation) -> tuple[str | None, ...]:
    """The parser's `(year, volume, issue, pages)`, pages as printed."""
    year = str(citation.issued.year) if citation.issued else None
    pages = citation.pages_raw or citation.pages or citation.article_number
    return year, citation.volume, citation.issue, pages


def report_pubmed_short(pubmed: list[str], limit: int) -> None:
    """Journal and locator strings: is the journal the container (no title, no
    authors), and do the locator fields agree with the strict reading?"""
    short = [text for text in pubmed if _SHORT_WITH_NOTES.fullmatch(text)]
    container_only = 0
    locator_right = 0
    wrong: list[tuple[str, str]] = []
    for text in short:
        citation = parse_reference(text).citation
        if citation.container_title_short and citation.title is None and not citation.authors:
            container_only += 1
        else:
            wrong.append(
                (
                    text,
                    f"title {citation.title!r}, container "
                    f"{citation.container_title_short!r}, {len(citation.authors)} authors",
                )
            )
        truth = strict_locator(text)
        guess = parsed_locator(citation)
        if truth == guess:
            locator_right += 1
        else:
            wrong.append((text, f"locator: strict {truth} / parsed {guess}"))
    total = len(short) or 1
    print("\nPubMed XML Citation strings, journal and locator only (no JATS truth):")
    print(f"  strings                                          {len(short):>5}")
    print(
        f"  journal as container, no title, no authors       {container_only:>5}"
        f"  ({container_only / total:.1%})"
    )
    print(
        f"  year, volume, issue, pages as the strict reading {locator_right:>5}"
        f"  ({locator_right / total:.1%})"
    )
    for text, problem in wrong[:limit]:
        print(f"\n  {text}\n    {problem}")


def report_speed(jats_texts: list[str], pubmed: list[str], repeat: int) -> None:
    short = [text for text in pubmed if _SHORT_CITATION.fullmatch(text)]
    full = [text for text in pubmed if not _SHORT_CITATION.fullmatch(text)]
    rows = [
        ("JATS mixed-citation strings", jats_texts),
        ("PubMed XML Citation strings", pubmed),
        ("  journal and locator only", short),
        ("  full references", full),
        ("all", jats_texts + pubmed),
    ]
    print(f"\nspeed of parse_reference (CPU time, no profiler, {repeat} passes):")
    print(f"  {'':<30} {'count':>5}  {'best':>6}  {'median':>6}  µs/reference")
    for label, texts in rows:
        best, median = microseconds_per_item(parse_reference, texts, repeat)
        print(f"  {label:<30} {len(texts):>5}  {best:6.1f}  {median:6.1f}")


def _expand(patterns: list[str]) -> list[Path]:
    paths: list[Path] = []
    for pattern in patterns:
        matched = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        for name in matched:
            path = Path(name)
            paths.extend(
                sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
            )
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jats", nargs="*", default=[str(CORPUS / "jats")])
    parser.add_argument("--pubmed-xml", default=str(CORPUS / "pubmed-xml" / "*.xml"))
    parser.add_argument("--errors", type=int, default=0, help="show this many wrong references")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument(
        "--split", default=str(SPLIT_FILE), help="tuning / held-out split file to report by"
    )
    parser.add_argument(
        "--write-split", action="store_true", help="make the split of the given files and stop"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over each set")
    parser.add_argument(
        "--as-stored",
        action="store_true",
        help="read the strings as PMC stores them, without the author separators it lost",
    )
    args = parser.parse_args()

    cases = list(read_cases(_expand(args.jats), as_stored=args.as_stored))
    if args.write_split:
        data = make_split(cases)
        Path(args.split).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {args.split}: {json.dumps(data['totals'])}")
        return
    result = evaluate(cases)
    print(f"mixed-citation references: {len(cases)}")
    report(result)
    split = read_split(Path(args.split))
    if any(case.file in split for case in cases):
        report_parts(cases, result, split)
        report_journals(cases, result)
    report_lost_separators(cases)
    report_hidden_ids(cases)
    show_errors(result, args.errors)
    pubmed = pubmed_citation_strings(_expand([args.pubmed_xml]))
    report_pubmed_short(pubmed, args.errors)
    if args.no_timing:
        return
    report_speed([case.text for case in cases], pubmed, args.repeat)


if __name__ == "__main__":
    main()
