"""Accuracy and speed of the reference parser, measured on labelled JATS references. Run on demand:

    python benchmarks/eval_references.py [JATS_FILE_OR_GLOB ...] [--pubmed-xml GLOB]
                                         [--errors N] [--no-timing] [--repeat N]

Every `mixed-citation` of the given JATS files (default: `../shared/corpus/jats/*`) is
one test case: its text, read as the JATS adapter reads it (tagged fields that touch are
kept apart by a space), is the input of `parse_reference`; its tagged elements are the
truth: `surname` and `given-names` of the names before the title (the authors),
`article-title` / `chapter-title` (or, for a book, report or thesis without one, `source`
as the title), `source` (the container), `year`, `volume`, `issue`, `fpage`, `lpage` and
`pub-id` / `object-id` of type doi, pmid and pmcid (and a DOI tagged as an `ext-link` to
doi.org, which is how PLOS tags the DOIs it prints). A field the truth lacks but the parser
fills is a false positive; a wrong value is both a false positive and a false negative.

Values are compared exactly after normalisation: white space made single, surrounding
spaces and trailing punctuation (`.,;:`) removed; years keep their four digits (`2010a`
is 2010); given names compare by their letters and hyphens (`J. A.`, `J.A.` and `JA` are
the same initials); DOIs compare case-insensitively, as DOIs are.

It prints per-field precision, recall and F1, the micro-average over all fields, the share
of references with every field right, and the parser's speed in µs per reference (CPU
time, no profiler; best and median of `--repeat` passes) over the JATS inputs and over
the `Citation` strings of the PubMed XML files (`--pubmed-xml`, default
`../shared/corpus/pubmed-xml/*.xml`), those split into the short journal-and-locator
strings and full references.

A second section, on the PubMed XML `Citation` strings that are only `Journal. Locator.`
(possibly with notes after it), which no JATS truth covers: the share read with the
journal as `container_title_short`, no title and no authors, and the share whose year,
volume, issue and pages equal a strict regex reading of the same string (`--errors N`
also lists up to N strings that miss either).
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import glob
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from bibnorm.model import Citation
from bibnorm.parsing import parse_reference
from bibnorm.sources.jats.jats_xml import CITATION_STYLE, inline_text, local_name
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
    if name == "year":
        value = value[:4]
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


def read_cases(paths: Iterable[Path]) -> Iterator[Case]:
    for path in paths:
        try:
            root = etree.parse(str(path), _parser()).getroot()
        except (etree.XMLSyntaxError, OSError) as error:
            print(f"skipped {path}: {error}", file=sys.stderr)
            continue
        for element in root.iter("{*}mixed-citation", "mixed-citation"):
            text = inline_text(element, CITATION_STYLE)
            if text:
                where = f"{path.name}:{element.sourceline}"
                yield Case(where=where, text=text, truth=truth_of(element))


def truth_of(element: etree._Element) -> Values:
    """The tagged values of one mixed-citation, by field."""
    values: Values = {name: [] for name in FIELDS}
    seen_title = False
    for item in element.iter():
        name = local_name(item)
        if name in (*_TITLE_TAGS, "source", "year"):
            seen_title = seen_title or name != "year"
        if name == "name" and not seen_title and not _is_editor(item):
            surname = item.find("surname")
            given = item.find("given-names")
            values["author_family"].append(_text(surname))
            values["author_given"].append(_text(given))
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
    return {
        name: [v for v in (normalise(name, value) for value in found) if v is not None]
        for name, found in values.items()
    }


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


def evaluate(cases: list[Case]) -> Evaluation:
    result = Evaluation()
    for case in cases:
        guess = predicted(parse_reference(case.text).citation)
        wrong = [
            name
            for name in FIELDS
            if not result.scores[name].add(case.truth[name], guess[name])
            # Given names are scored per author, but a missed author is already an
            # author_family miss; an author list that is right is all that counts here.
        ]
        result.cases += 1
        if not wrong:
            result.all_right += 1
        else:
            result.errors.append((case, wrong))
    return result


def report(result: Evaluation) -> None:
    print(f"{'field':<14} {'precision':>9} {'recall':>9} {'F1':>9} {'truth':>7}")
    micro = Score()
    for name in FIELDS:
        score = result.scores[name]
        micro.tp, micro.fp, micro.fn = micro.tp + score.tp, micro.fp + score.fp, micro.fn + score.fn
        row = f"{name:<14} {score.precision:>9.3f} {score.recall:>9.3f} {score.f1:>9.3f}"
        print(f"{row} {score.tp + score.fn:>7}")
    row = f"{'micro-average':<14} {micro.precision:>9.3f} {micro.recall:>9.3f} {micro.f1:>9.3f}"
    print(f"{row} {micro.tp + micro.fn:>7}")
    share = result.all_right / result.cases if result.cases else 0.0
    print(f"references with every field right: {result.all_right}/{result.cases} ({share:.1%})")


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
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over each set")
    args = parser.parse_args()

    cases = list(read_cases(_expand(args.jats)))
    result = evaluate(cases)
    print(f"mixed-citation references: {len(cases)}")
    report(result)
    show_errors(result, args.errors)
    pubmed = pubmed_citation_strings(_expand([args.pubmed_xml]))
    report_pubmed_short(pubmed, args.errors)
    if args.no_timing:
        return
    report_speed([case.text for case in cases], pubmed, args.repeat)


if __name__ == "__main__":
    main()
