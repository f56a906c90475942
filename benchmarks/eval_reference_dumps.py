"""How well the references of a PubMed page dump come out, field by field. Run on demand:

    python benchmarks/eval_reference_dumps.py [FOLDER] [--errors N]

FOLDER (default `benchmarks/reference_dumps_holdout`) holds page dumps (`NAME.txt`, the text
a PubMed abstract page gives when copied, with a `References` list) and an `expected.json`
mapping each file name to its references in order: `{"text", "authors": [[family, given],
...], "title", "container", "year", "volume", "issue", "fpage", "lpage", "doi"}`, null where
the reference has no such field (a group author is `[name, ""]`).

Each file goes through the command line as a product owner runs it:
`python -m bibnorm parse FILE --to csl --with-related` (this interpreter, `PYTHONPATH` set to
the repository's `src`). The CSL items whose `custom.relation` is `reference` are the page's
references. They are paired with the expected ones by an order-keeping alignment (so a
reference the parser dropped or split does not shift every later one); an expected reference
left unpaired counts as all its fields missed, an output item left unpaired as a prediction
of every field it has.

Fields: author family and author given (compared author by author in order), title,
container, year, volume, issue, fpage, lpage, doi. For each: precision = right / given by
the parser, recall = right / expected, F1; the micro-average over all fields; and the share
of references with every field right (nothing wrong, missing or extra). Overall and per file.

Normalisation before comparing: Unicode NFC, white space single, trailing `.,;:` and
surrounding spaces removed; given names compared by their letters (`J. A.` = `JA`); DOIs
without a `https://doi.org/` or `doi:` prefix, case-insensitive; CSL `page` split on the
dash into fpage/lpage, a shortened last page read in full (`345-50` = `345-350`, `S62-9` =
`S62-S69`); CSL `container-title` as container (`container-title-short` when that is all);
years as their 4 digits.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / "benchmarks" / "reference_dumps_holdout"

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
)
SCALARS = FIELDS[2:]

Record = dict[str, Any]
Parser = Callable[[Path], list[Record]]


# ---- normalisation --------------------------------------------------------------------


def norm_text(value: object) -> str | None:
    """Single spaces, no trailing `.,;:` nor surrounding spaces; None when empty."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value))
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"[\s.,;:]+$", "", text).strip()
    return text or None


def norm_given(value: object) -> str | None:
    """A given name by its letters only: `J. A.` and `JA` are the same."""
    text = norm_text(value)
    if text is None:
        return None
    letters = "".join(ch for ch in text if ch.isalpha())
    return letters or None


def norm_doi(value: object) -> str | None:
    text = norm_text(value)
    if text is None:
        return None
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.IGNORECASE)
    return text.lower() or None


def norm_year(value: object) -> str | None:
    text = norm_text(value)
    if text is None:
        return None
    found = re.search(r"\d{4}", text)
    return found.group(0) if found else None


def expand_last_page(first: str | None, last: str | None) -> str | None:
    """`345`/`50` -> `350`, `S62`/`9` -> `S69`, `S62`/`69` -> `S69`; anything else as is."""
    if first is None or last is None:
        return last
    head = re.fullmatch(r"([A-Za-z]*)(\d+)", first)
    if not head or not last.isdigit():
        return last
    prefix, digits = head.groups()
    if len(last) < len(digits):
        last = digits[: len(digits) - len(last)] + last
    return prefix + last


def split_pages(page: object) -> tuple[str | None, str | None]:
    text = norm_text(page)
    if text is None:
        return None, None
    parts = re.split(r"\s*[-‐‑‒–—]\s*", text, maxsplit=1)
    first = norm_text(parts[0])
    last = norm_text(parts[1]) if len(parts) > 1 else None
    return first, expand_last_page(first, last)


def norm_authors(authors: object) -> list[tuple[str | None, str | None]]:
    out: list[tuple[str | None, str | None]] = []
    if not isinstance(authors, list):
        return out
    for author in authors:
        if isinstance(author, dict):
            family = author.get("family") or author.get("literal")
            given = author.get("given")
            particle = author.get("non-dropping-particle")
            if particle and family:
                family = f"{particle} {family}"
        elif isinstance(author, (list, tuple)) and author:
            family = author[0]
            given = author[1] if len(author) > 1 else None
        else:
            continue
        out.append((norm_text(family), norm_given(given)))
    return out


def from_expected(ref: Record) -> Record:
    """An expected reference, normalised."""
    first = norm_text(ref.get("fpage"))
    return {
        "authors": norm_authors(ref.get("authors")),
        "title": norm_text(ref.get("title")),
        "container": norm_text(ref.get("container")),
        "year": norm_year(ref.get("year")),
        "volume": norm_text(ref.get("volume")),
        "issue": norm_text(ref.get("issue")),
        "fpage": first,
        "lpage": expand_last_page(first, norm_text(ref.get("lpage"))),
        "doi": norm_doi(ref.get("doi")),
    }


def csl_year(item: Record) -> str | None:
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return norm_year(parts[0][0])
        for key in ("raw", "literal"):
            if issued.get(key):
                return norm_year(issued[key])
    return None


def from_csl(item: Record) -> Record:
    """A CSL-JSON item, normalised to the expected shape."""
    fpage, lpage = split_pages(item.get("page"))
    if fpage is None and item.get("page-first"):
        fpage = norm_text(item.get("page-first"))
    container = item.get("container-title") or item.get("container-title-short")
    return {
        "authors": norm_authors(item.get("author")),
        "title": norm_text(item.get("title")),
        "container": norm_text(container),
        "year": csl_year(item),
        "volume": norm_text(item.get("volume")),
        "issue": norm_text(item.get("issue")),
        "fpage": fpage,
        "lpage": lpage,
        "doi": norm_doi(item.get("DOI")),
    }


# ---- running the parser ---------------------------------------------------------------


def references_of(items: object) -> list[Record]:
    """The CSL items that are the page's references, in output order."""
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        custom = item.get("custom")
        if isinstance(custom, dict) and custom.get("relation") == "reference":
            out.append(item)
    return out


def run_bibnorm(path: Path) -> list[Record]:
    """`python -m bibnorm parse PATH --to csl --with-related`; its reference items."""
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-m", "bibnorm", "parse", str(path), "--to", "csl", "--with-related"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        print(f"{path.name}: bibnorm exited {done.returncode}: {done.stderr.strip()[:300]}")
    try:
        return references_of(json.loads(done.stdout))
    except json.JSONDecodeError:
        return []


# ---- pairing --------------------------------------------------------------------------


def tokens(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").lower()))


def similarity(exp: Record, got: Record) -> float:
    """How alike two normalised references are: fields that agree, and title words shared."""
    score = sum(1.0 for key in SCALARS if exp[key] is not None and exp[key] == got[key])
    exp_fams = [a[0] for a in exp["authors"]]
    got_fams = [a[0] for a in got["authors"]]
    if exp_fams and got_fams and exp_fams[0] == got_fams[0]:
        score += 1.0
    a, b = tokens(exp["title"]), tokens(got["title"])
    if a and b:
        score += len(a & b) / len(a | b)
    return score


def align(expected: Sequence[Record], got: Sequence[Record]) -> list[tuple[int, int]]:
    """Order-keeping pairs (expected index, output index) with the most similarity.

    Every pair is worth a little even when nothing agrees, so equal-length lists with no
    better match pair up position by position.
    """
    n, m = len(expected), len(got)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = best[i + 1][j + 1] + 0.1 + similarity(expected[i], got[j])
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        pair = best[i + 1][j + 1] + 0.1 + similarity(expected[i], got[j])
        if abs(best[i][j] - pair) < 1e-9:
            pairs.append((i, j))
            i += 1
            j += 1
        elif abs(best[i][j] - best[i + 1][j]) < 1e-9:
            i += 1
        else:
            j += 1
    return pairs


# ---- counting -------------------------------------------------------------------------


@dataclass
class Counts:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    given: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    expected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    references: int = 0
    all_right: int = 0
    output_items: int = 0

    def add(self, other: Counts) -> None:
        for key in FIELDS:
            self.right[key] += other.right[key]
            self.given[key] += other.given[key]
            self.expected[key] += other.expected[key]
        self.references += other.references
        self.all_right += other.all_right
        self.output_items += other.output_items


def empty() -> Record:
    return {"authors": [], **dict.fromkeys(SCALARS)}


def compare(exp: Record, got: Record, counts: Counts) -> list[str]:
    """Count one pair into `counts`; return the names of the fields that are not right."""
    wrong: list[str] = []
    ea, ga = exp["authors"], got["authors"]
    for part, key in enumerate(("author_family", "author_given")):
        # Author by author in order: family names at 0, given names at 1.
        counts.right[key] += sum(
            1 for e, g in zip(ea, ga, strict=False) if e[part] and e[part] == g[part]
        )
        counts.given[key] += sum(1 for g in ga if g[part])
        counts.expected[key] += sum(1 for e in ea if e[part])
        if [e[part] for e in ea] != [g[part] for g in ga]:
            wrong.append(key)
    for key in SCALARS:
        e, g = exp[key], got[key]
        if g is not None:
            counts.given[key] += 1
        if e is not None:
            counts.expected[key] += 1
            if e == g:
                counts.right[key] += 1
        if e != g:
            wrong.append(key)
    return wrong


@dataclass
class FileResult:
    name: str
    counts: Counts
    errors: list[tuple[int, Record, Record | None, list[str]]]


def score_file(name: str, expected_refs: list[Record], items: list[Record]) -> FileResult:
    counts = Counts(references=len(expected_refs), output_items=len(items))
    exp = [from_expected(r) for r in expected_refs]
    got = [from_csl(i) for i in items]
    pairs = dict(align(exp, got))
    paired_out = set(pairs.values())
    errors: list[tuple[int, Record, Record | None, list[str]]] = []
    for i, e in enumerate(exp):
        j = pairs.get(i)
        g = got[j] if j is not None else empty()
        wrong = compare(e, g, counts)
        if not wrong:
            counts.all_right += 1
        else:
            errors.append((i, expected_refs[i], g if j is not None else None, wrong))
    for j, g in enumerate(got):
        if j not in paired_out:
            compare(empty(), g, counts)
    return FileResult(name, counts, errors)


def evaluate(folder: Path, parse: Parser = run_bibnorm) -> list[FileResult]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return [score_file(name, refs, parse(folder / name)) for name, refs in expected.items()]


# ---- reporting ------------------------------------------------------------------------


def prf(right: int, given: int, expected: int) -> tuple[float, float, float]:
    p = right / given if given else 0.0
    r = right / expected if expected else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def micro(counts: Counts) -> tuple[float, float, float]:
    return prf(
        sum(counts.right.values()), sum(counts.given.values()), sum(counts.expected.values())
    )


def share(counts: Counts) -> float:
    return counts.all_right / counts.references if counts.references else 0.0


def report(results: list[FileResult], errors: int = 0) -> str:
    total = Counts()
    for res in results:
        total.add(res.counts)
    lines = [
        f"{len(results)} files, {total.references} references expected, "
        f"{total.output_items} reference items in the output",
        "",
        f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'right':>7}{'given':>7}{'exp.':>7}",
    ]
    for key in FIELDS:
        p, r, f = prf(total.right[key], total.given[key], total.expected[key])
        lines.append(
            f"{key:<14}{p:7.3f}{r:7.3f}{f:7.3f}"
            f"{total.right[key]:7d}{total.given[key]:7d}{total.expected[key]:7d}"
        )
    p, r, f = micro(total)
    lines.append(f"{'micro':<14}{p:7.3f}{r:7.3f}{f:7.3f}")
    lines.append(
        f"references with every field right: {total.all_right}/{total.references} "
        f"({share(total):.1%})"
    )
    lines.append("")
    lines.append(f"{'file':<46}{'refs':>5}{'out':>5}{'P':>7}{'R':>7}{'F1':>7}{'all':>7}")
    for res in sorted(results, key=lambda x: micro(x.counts)[2]):
        c = res.counts
        p, r, f = micro(c)
        lines.append(
            f"{res.name:<46}{c.references:5d}{c.output_items:5d}{p:7.3f}{r:7.3f}{f:7.3f}"
            f"{share(c):7.1%}"
        )
    if errors:
        lines.append("")
        lines.append(f"wrong references (first {errors}):")
        shown = 0
        for res in results:
            for index, ref, got, wrong in res.errors:
                if shown >= errors:
                    break
                shown += 1
                lines.append(f"- {res.name} #{index + 1}: {ref['text']}")
                if got is None:
                    lines.append("    missing from the output")
                    continue
                exp = from_expected(ref)
                for key in wrong:
                    if key.startswith("author"):
                        pos = 0 if key == "author_family" else 1
                        e_val: object = [a[pos] for a in exp["authors"]]
                        g_val: object = [a[pos] for a in got["authors"]]
                    else:
                        e_val, g_val = exp[key], got[key]
                    lines.append(f"    {key}: expected {e_val!r}, got {g_val!r}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="list the first N wrong references"
    )
    args = parser.parse_args(argv)
    print(report(evaluate(args.folder), args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
