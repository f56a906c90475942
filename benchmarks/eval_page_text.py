"""How much of a copied PubMed, PMC or Europe PMC page comes out right. Run on demand:

    python benchmarks/eval_page_text.py [FOLDER ...] [--no-corpus] [--json] [--verbose]

Every `.txt` file listed in a folder's `expected.json` is one page copy (the shape of
`../shared/corpus/page-text/expected.json`, described in its README). By default the
corpus folder `../shared/corpus/page-text/` (found from the repository root) is measured;
each FOLDER given on the command line (for example `benchmarks/page_text_holdout/`) is
measured too, and reported apart. Each file goes through the public library only:
`bibnorm.parse_file(path, host=create_host())`, so the format is picked by detection.

Per layout (the entry's `layout`, else the file-name prefix before `__`) it reports the
files, how many detection claimed (and by which format), how many were refused
(`UnrecognisedFormatError`), how many raised another error, and for every field:

- **shown**: the expected value is not null (keywords: not an empty list); only shown
  fields count towards the rate, as issue 15 counts "the fields the page's text shows";
- **right**: the reader's value equals the expected one under the rules below;
- **wrong**: the reader gave a different value;
- **missing**: the reader gave nothing (a refused page, or a claimed page with no record,
  misses every field it shows);
- **extra**: the page does not show the field (expected null) but the reader gave a value
  anyway; not part of the rate, but listed with `--verbose` since chrome often lands there.

The fields-right rate is right / shown over the eleven fields issue 15 is judged on
(`pmid`, `pmcid`, `doi`, `title`, `first_author_family`, `journal`, `year`, `volume`,
`issue`, `pages`, `keywords`). `nihmsid` and `abstract_start` are scored the same way and
reported per field, but stay out of the rate.

"Right", field by field. Every text value is first NFKC-normalised (which turns
non-breaking and thin spaces into spaces), runs of white space become one space, and
surrounding space is dropped. Then:

- `pmid`: the record's `pmid` identifier, digits compared;
- `pmcid`: the `pmcid` identifier, compared without a `PMC` prefix and case;
- `nihmsid`: the `nihms` identifier, compared without a `NIHMS` / `NIHMSID` prefix;
- `doi`: the `doi` identifier, compared case-insensitively (DOIs are), a `doi:` or
  `https://doi.org/` prefix and a trailing period removed;
- `title`: the record's `title`; one trailing period removed on both sides (pages drop or
  keep it), and surrounding square brackets of a translated title are not significant
  (`[Vaccines ...]` equals `Vaccines ...`); case is significant;
- `first_author_family`: the first author's `family` (else its `literal`), compared
  case-insensitively;
- `journal`: right if it equals the record's `container_title` or its
  `container_title_short`, case-insensitively, ignoring full stops (`J. Transl. Med.`
  equals `J Transl Med`);
- `year`: the year of `issued` (else of `epub_date`), as an integer;
- `volume`, `issue`: compared as text;
- `pages`: the record's `pages` or `pages_raw`; every dash (hyphen, en and em dash, minus)
  is a hyphen, and a range written short is expanded before comparing (`936-44` equals
  `936-944`), so both page styles and a reader that expands ranges count as right;
- `keywords`: the set of keyword terms, each compared case-insensitively with a trailing
  period removed; right only when the sets are equal;
- `abstract_start`: right if the first abstract section's text (without its label)
  starts with the expected 80 characters.

Chrome check: every string in every field of every record (authors, keywords, abstract,
related lists included; the `raw`, `pages_raw`, `provenance` and `diagnostics` fields are
skipped, since they are meant to carry input text) is searched for site chrome phrases
(`logoLink to`, `Skip to main`, `An official website`, `Dot gov`, `Https` as a word,
`Access keys`, `NCBI Homepage`, `PubMed Disclaimer`, `LinkOut`, `Display Settings`,
`Send to:`, proxy banners ...; see `CHROME_PHRASES`); and the title, journal and author
names are also flagged when the whole value is a page heading (`Abstract`,
`Affiliations`, `Keywords` ...). Each field value with chrome counts once (with every
phrase it matched) and is listed.

Never part of the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bibnorm

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_PAGES = REPO_ROOT.parent / "shared" / "corpus" / "page-text"

SCORED = (
    "pmid",
    "pmcid",
    "doi",
    "title",
    "first_author_family",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "keywords",
)
EXTRA_FIELDS = ("nihmsid", "abstract_start")
FIELDS = SCORED + EXTRA_FIELDS

# Case-sensitive patterns: `Https` is the PubMed banner's word, not a URL's scheme.
CHROME_PHRASES: tuple[tuple[str, str], ...] = (
    ("logoLink to", r"logoLink to"),
    ("Link to Publisher's site", r"Link to Publisher.s site"),
    ("Logo of", r"\bLogo of\b"),
    ("Skip to main", r"Skip to main"),
    ("An official website", r"An official website"),
    ("U.S. flag", r"U\.S\. flag"),
    ("Dot gov", r"\bDot gov\b"),
    ("The .gov means", r"\.gov means"),
    ("Https", r"\bHttps\b(?!:)"),
    ("Access keys", r"Access keys"),
    ("NCBI Homepage", r"NCBI Homepage"),
    ("MyNCBI", r"MyNCBI"),
    ("PubMed Disclaimer", r"PubMed Disclaimer"),
    ("LinkOut", r"LinkOut"),
    ("Display Settings", r"Display Settings"),
    ("Send to:", r"Send to:"),
    ("Choose Destination", r"Choose Destination"),
    ("PubMed Commons", r"PubMed Commons"),
    ("[PubMed", r"\[PubMed\b"),
    ("Author information", r"^Author information$"),
    ("NIHPA Author Manuscripts", r"NIHPA Author Manuscripts"),
    ("HHS Public Access", r"HHS Public Access"),
    ("PMCCPMCC", r"PMCCPMCC"),
    ("Search tips", r"Search tips"),
    ("Europe PMC", r"^Europe PMC$"),
    ("requires cookies", r"requires cookies"),
    ("cookie policy", r"cookie policy"),
    ("Free full text", r"Free full text"),
    ("Free PMC article", r"Free PMC article"),
    ("Full text links", r"Full text links"),
    ("Similar articles", r"Similar articles"),
    ("Cited by", r"^Cited by\b"),
    ("Supplemental Content", r"Supplemental Content"),
    ("Write to the Help Desk", r"Help Desk"),
    ("Loading ...", r"Loading \.\.\."),
    ("browser warning", r"(?i)support your browser|NCBI web applications"),
    ("Copyright and License information", r"Copyright and License information"),
    ("proxy: EZproxy", r"EZproxy"),
    ("proxy: via institution", r"(?i)via your institution|institutional (log ?in|access)"),
    ("proxy: sign in", r"(?i)\b(sign|log) (in|out)\b to"),
    ("proxy: you are accessing", r"(?i)you are (now )?(accessing|viewing|browsing)"),
    ("proxy: banner", r"(?i)\bproxy (server|banner|session)\b|\bweb proxy\b"),
    ("proxy: off-campus", r"(?i)off-campus access|Report a broken link"),
    ("proxy: logged in", r"(?i)logged in as|\blog out\b"),
)
_CHROME = tuple((name, re.compile(pattern, re.MULTILINE)) for name, pattern in CHROME_PHRASES)
HEADINGS = frozenset(
    h.casefold()
    for h in (
        "Abstract",
        "Affiliations",
        "Keywords",
        "KEYWORDS:",
        "References",
        "Publication types",
        "MeSH terms",
        "Substances",
        "Grants and funding",
        "Full text links",
        "Cite",
        "Share",
        "Similar articles",
        "Cited by",
        "Author information",
        "Free full text",
        "Supplemental Content",
        "Search",
        "Advanced",
        "Europe PMC",
    )
)
_SKIP_FIELDS = frozenset({"raw", "pages_raw", "provenance", "diagnostics"})

_SPACE = re.compile(r"\s+")
_DASH = re.compile(r"\s*[-‐‑‒–—−]\s*")
_SHORT_RANGE = re.compile(r"^([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)$")


def clean(value: object) -> str:
    """NFKC, single spaces, no surrounding space."""
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACE.sub(" ", text).strip()


def _digits(value: str, *prefixes: str) -> str:
    text = clean(value).upper()
    for prefix in prefixes:
        if text.startswith(prefix):
            text = text[len(prefix) :].lstrip(": ")
    return text


def _doi(value: str) -> str:
    text = clean(value).casefold()
    text = re.sub(r"^(doi:\s*|https?://(dx\.)?doi\.org/)", "", text)
    return text.rstrip(".")


def _title(value: str) -> str:
    text = clean(value)
    text = text[:-1] if text.endswith(".") else text
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
        text = text[:-1] if text.endswith(".") else text
    return text


def _journal(value: str) -> str:
    return clean(value).replace(".", "").casefold().strip()


def _pages(value: str) -> str:
    text = _DASH.sub("-", clean(value))
    match = _SHORT_RANGE.match(text)
    if match:
        prefix, first, prefix2, last = match.groups()
        if len(last) < len(first) and not prefix2:
            last = first[: len(first) - len(last)] + last
        text = f"{prefix}{first}-{prefix2 or prefix}{last}"
    return text


def _keyword(value: str) -> str:
    return clean(value).rstrip(".").casefold()


NORMALISE = {
    "pmid": lambda v: _digits(v, "PMID"),
    "pmcid": lambda v: _digits(v, "PMCID", "PMC"),
    "nihmsid": lambda v: _digits(v, "NIHMSID", "NIHMS"),
    "doi": _doi,
    "title": _title,
    "first_author_family": lambda v: clean(v).casefold(),
    "volume": clean,
    "issue": clean,
}


def got_values(record: bibnorm.Record) -> dict[str, Any]:
    """What the reader gave for each field: a string, a list (keywords, journal names), an
    int (year) or None."""
    first = record.authors[0] if record.authors else None
    date = record.issued or record.epub_date
    journals = [t for t in (record.container_title, record.container_title_short) if t]
    pages = [p for p in (record.pages, record.pages_raw) if p]
    abstract = (
        record.abstract.sections[0].text if record.abstract and record.abstract.sections else None
    )
    return {
        "pmid": record.identifier("pmid"),
        "pmcid": record.identifier("pmcid"),
        "nihmsid": record.identifier("nihms"),
        "doi": record.identifier("doi"),
        "title": record.title,
        "first_author_family": (first.family or first.literal) if first else None,
        "journal": journals or None,
        "year": date.year if date else None,
        "volume": record.volume,
        "issue": record.issue,
        "pages": pages or None,
        "keywords": [k.term for k in record.keywords] or None,
        "abstract_start": abstract,
    }


def is_right(name: str, expected: Any, got: Any) -> bool:
    """Whether `got` (from `got_values`) is the expected value, by the module's rules."""
    if name == "journal":
        return any(_journal(g) == _journal(expected) for g in got)
    if name == "pages":
        return any(_pages(g) == _pages(expected) for g in got)
    if name == "year":
        try:
            return int(got) == int(expected)
        except (TypeError, ValueError):
            return False
    if name == "keywords":
        return {_keyword(k) for k in got} == {_keyword(k) for k in expected}
    if name == "abstract_start":
        return clean(got).startswith(clean(expected))
    return bool(NORMALISE[name](got) == NORMALISE[name](expected))


def shows(value: Any) -> bool:
    return value is not None and value != []


def walk_strings(obj: object, path: str) -> Iterator[tuple[str, str]]:
    """(JSON-ish path, text) for every string in a record, skipping fields that hold input."""
    if isinstance(obj, str):
        yield path, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name not in _SKIP_FIELDS:
                yield from walk_strings(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            yield from walk_strings(item, f"{path}[{i}]")


def chrome_hits(record: bibnorm.Record) -> list[dict[str, str]]:
    hits = []
    for path, text in walk_strings(record, "record"):
        phrases = [name for name, pattern in _CHROME if pattern.search(text)]
        heading_field = re.search(r"\.(title|container_title(_short)?|family|given|literal)$", path)
        if heading_field and clean(text).casefold() in HEADINGS:
            phrases.append("heading as value")
        if phrases:
            hits.append({"path": path, "phrase": ", ".join(phrases), "value": text[:160]})
    return hits


@dataclass
class FileResult:
    name: str
    layout: str
    variant: str | None
    outcome: str  # claimed / refused / error / no-record
    format: str | None = None
    message: str | None = None
    records: int = 0
    fields: dict[str, str] = field(default_factory=dict)  # field -> right/wrong/missing/extra
    wrong: list[dict[str, Any]] = field(default_factory=list)
    chrome: list[dict[str, str]] = field(default_factory=list)


def evaluate_file(
    path: Path, expected: dict[str, Any], host: bibnorm.PluginHost, reader: str | None = None
) -> FileResult:
    layout = expected.get("layout") or path.name.split("__", 1)[0]
    result = FileResult(path.name, layout, expected.get("variant"), "claimed")
    got: dict[str, Any] = {}
    try:
        parsed = bibnorm.parse_file(path, format=reader, host=host)
    except bibnorm.UnrecognisedFormatError as exc:
        result.outcome, result.message = "refused", str(exc).split(": ", 1)[-1]
    except Exception as exc:  # noqa: BLE001 - a broken reader is measured, not fatal here
        result.outcome, result.message = "error", f"{type(exc).__name__}: {exc}"
    else:
        result.format, result.records = parsed.format, len(parsed.records)
        if parsed.records:
            record = parsed.records[0]
            got = got_values(record)
            result.chrome = chrome_hits(record)
        else:
            result.outcome = "no-record"
    for name in FIELDS:
        want, have = expected.get(name), got.get(name)
        if not shows(want):
            if have is not None:
                result.fields[name] = "extra"
                result.wrong.append({"field": name, "expected": want, "got": have})
            continue
        if have is None:
            result.fields[name] = "missing"
        elif is_right(name, want, have):
            result.fields[name] = "right"
        else:
            result.fields[name] = "wrong"
        if result.fields[name] != "right":
            result.wrong.append({"field": name, "expected": want, "got": have})
    return result


def load_expected(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "expected.json"
    if not path.is_file():
        raise SystemExit(f"eval_page_text: {path} not found (each folder needs an expected.json)")
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def evaluate_folder(
    folder: Path, host: bibnorm.PluginHost, reader: str | None = None
) -> list[FileResult]:
    expected = load_expected(folder)
    results = []
    for name in sorted(expected):
        path = folder / name
        if not path.is_file():
            raise SystemExit(f"eval_page_text: {path} is listed in expected.json but missing")
        results.append(evaluate_file(path, expected[name], host, reader))
    unlisted = sorted(p.name for p in folder.glob("*.txt") if p.name not in expected)
    if unlisted:
        print(
            f"note: {folder}: not in expected.json, skipped: {', '.join(unlisted)}", file=sys.stderr
        )
    return results


def summarise(results: list[FileResult]) -> dict[str, Any]:
    """Counts per layout, plus a `TOTAL` row, and per-field counts."""
    rows: dict[str, dict[str, Any]] = {}
    for group, members in _groups(results).items():
        formats = Counter(r.format for r in members if r.format)
        counts = Counter(v for r in members for k, v in r.fields.items() if k in SCORED)
        shown = counts["right"] + counts["wrong"] + counts["missing"]
        rows[group] = {
            "files": len(members),
            "claimed": sum(r.outcome in ("claimed", "no-record") for r in members),
            "formats": dict(formats),
            "refused": sum(r.outcome == "refused" for r in members),
            "errors": sum(r.outcome == "error" for r in members),
            "no_record": sum(r.outcome == "no-record" for r in members),
            "shown": shown,
            "right": counts["right"],
            "wrong": counts["wrong"],
            "missing": counts["missing"],
            "extra": counts["extra"],
            "right_rate": round(counts["right"] / shown, 4) if shown else None,
            "chrome_hits": sum(len(r.chrome) for r in members),
            "files_with_chrome": sum(bool(r.chrome) for r in members),
        }
    per_field = {}
    for name in FIELDS:
        counts = Counter(r.fields.get(name) for r in results)
        per_field[name] = {k: counts[k] for k in ("right", "wrong", "missing", "extra")}
        per_field[name]["scored"] = name in SCORED
    return {"layouts": rows, "fields": per_field}


def _groups(results: list[FileResult]) -> dict[str, list[FileResult]]:
    groups: dict[str, list[FileResult]] = {}
    for r in results:
        groups.setdefault(r.layout, []).append(r)
    groups = dict(sorted(groups.items()))
    groups["TOTAL"] = results
    return groups


def print_report(folder: Path, results: list[FileResult], verbose: bool) -> None:
    summary = summarise(results)
    print(f"\n== {folder} ({len(results)} files)\n")
    header = (
        f"{'layout':<16} {'files':>5} {'claimed':>7} {'refused':>7} {'error':>5} "
        f"{'shown':>5} {'right':>5} {'wrong':>5} {'miss':>5} {'extra':>5} {'right%':>7} "
        f"{'chrome':>6}  formats"
    )
    print(header)
    print("-" * len(header))
    for group, row in summary["layouts"].items():
        rate = "-" if row["right_rate"] is None else f"{100 * row['right_rate']:.1f}"
        formats = ", ".join(f"{k} {v}" for k, v in sorted(row["formats"].items()))
        print(
            f"{group:<16} {row['files']:>5} {row['claimed']:>7} {row['refused']:>7} "
            f"{row['errors']:>5} {row['shown']:>5} {row['right']:>5} {row['wrong']:>5} "
            f"{row['missing']:>5} {row['extra']:>5} {rate:>7} {row['chrome_hits']:>6}  {formats}"
        )
    print(f"\n{'field':<20} {'right':>5} {'wrong':>5} {'miss':>5} {'extra':>5}")
    for name, counts in summary["fields"].items():
        note = "" if counts["scored"] else "  (not in the rate)"
        print(
            f"{name:<20} {counts['right']:>5} {counts['wrong']:>5} {counts['missing']:>5} "
            f"{counts['extra']:>5}{note}"
        )
    chrome = [(r.name, hit) for r in results for hit in r.chrome]
    print(f"\nchrome in output fields: {len(chrome)} in {len({n for n, _ in chrome})} files")
    for name, hit in chrome:
        print(f"  {name}: {hit['path']} [{hit['phrase']}] {hit['value']!r}")
    troubled = [r for r in results if r.outcome != "claimed"]
    if troubled:
        print("\nnot read:")
        for r in troubled:
            print(f"  {r.name}: {r.outcome}: {r.message or ''}"[:240])
    if verbose:
        print("\nwrong, missing and extra fields:")
        for r in results:
            for item in r.wrong:
                kind = r.fields[item["field"]]
                print(
                    f"  {r.name} {item['field']} {kind}: expected {item['expected']!r} "
                    f"got {item['got']!r}"[:400]
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more folders with expected.json")
    parser.add_argument("--no-corpus", action="store_true", help="skip ../shared/corpus/page-text")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong field")
    parser.add_argument(
        "--from", dest="reader", help="read every file with this reader, not by detection"
    )
    args = parser.parse_args(argv)

    folders: list[Path] = list(args.folders)
    if not args.no_corpus:
        if not CORPUS_PAGES.is_dir():
            print(
                f"eval_page_text: the page-text corpus is not at {CORPUS_PAGES} "
                "(expected beside the repository, in ../shared/corpus/page-text); "
                "give folders on the command line and --no-corpus",
                file=sys.stderr,
            )
            return 2
        folders.insert(0, CORPUS_PAGES)
    if not folders:
        parser.error("nothing to measure: give a folder or drop --no-corpus")

    host = bibnorm.create_host()
    report = {}
    for folder in folders:
        results = evaluate_folder(folder, host, args.reader)
        if args.json:
            report[str(folder)] = {
                **summarise(results),
                "files": [dataclasses.asdict(r) for r in results],
            }
        else:
            print_report(folder, results, args.verbose)
    if args.json:
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False, default=str)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
