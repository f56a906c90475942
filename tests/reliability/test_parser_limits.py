"""libxml2's limits and errors become diagnostics or errors naming the file, never a
silent loss; inputs that would make libxml2 quadratic are refused before it sees them.

Each case writes one bad input beside a good MEDLINE file, runs `bibnorm parse` on both
into one output file, and checks the exit code, the message (file and line), that the
good record is written, and that nothing else is left in the directory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, check, leftovers, run

_META_HEAD = (
    "<!DOCTYPE html>\n<html><head><title>Deep page</title>\n"
    '<meta name="citation_title" content="A page the parser cuts short">\n'
    '<meta name="citation_journal_title" content="Journal of Limits">\n'
    "</head><body>\n"
)
_PUBMED_HEAD = (
    "<!DOCTYPE html>\n<html><head>\n"
    '<meta name="ncbi_db" content="pubmed">\n'
    "</head><body>\n"
    '<main id="article-details">\n'
    '<h1 class="heading-title">A PubMed page the parser cuts short</h1>\n'
)


def _deep_html() -> str:
    # One element a line, so the line libxml2 names is inside the nesting.
    return _META_HEAD + "<div>\n" * 300 + "deep text\n" + "</div>" * 300 + "\n</body></html>\n"


def _deep_pubmed_html() -> str:
    nested = "<div>\n" * 300 + "deep\n" + "</div>" * 300
    return _PUBMED_HEAD + nested + "\n</main></body></html>\n"


def _huge_text_html() -> str:
    # A text node over libxml2's 10 MB limit, with a paragraph after it.
    return _META_HEAD + "<p>" + "a" * 11_000_000 + "</p>\n<p>after</p>\n</body></html>\n"


def _attribute_flood_html() -> str:
    attributes = " ".join(f'a{i}="1"' for i in range(100_000))
    return _META_HEAD + "<p>fine</p>\n" + f"<p {attributes}>x</p>\n</body></html>\n"


def _pubmed_xml_record(pmid: int, title: str) -> str:
    return (
        "<PubmedArticle>\n"
        '<MedlineCitation Status="MEDLINE" Owner="NLM">\n'
        f'<PMID Version="1">{pmid}</PMID>\n'
        "<Article>\n"
        "<Journal><Title>Journal of Limits</Title></Journal>\n"
        f"<ArticleTitle>{title}</ArticleTitle>\n"
        "</Article>\n"
        "</MedlineCitation>\n"
        "</PubmedArticle>\n"
    )


def _truncated_pubmed_xml() -> str:
    whole = _pubmed_xml_record(99000002, "A whole record before the cut.")
    cut = _pubmed_xml_record(99000003, "A record cut short")[:120]
    return '<?xml version="1.0"?>\n<PubmedArticleSet>\n' + whole + cut


def _deep_pubmed_xml() -> str:
    whole = _pubmed_xml_record(99000002, "A whole record before the deep one.")
    deep = "<i>\n" * 300 + "x" + "</i>" * 300
    broken = _pubmed_xml_record(99000003, deep)
    return '<?xml version="1.0"?>\n<PubmedArticleSet>\n' + whole + broken + "</PubmedArticleSet>\n"


def _truncated_jats() -> str:
    return (
        '<?xml version="1.0"?>\n<article>\n<front>\n<article-meta>\n'
        "<title-group><article-title>Cut short</article-title></title-group>\n"
        "<abstract><p>The file ends here"
    )


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    make: Callable[[], str]
    status: int
    message: str  # a regular expression the message about `name` matches (with its line)
    lines: tuple[int, int]  # the lines the message may name
    written: tuple[str, ...]  # titles that must be in the output beside the good record


CASES = [
    Case(
        "html-nested-too-deep",
        "deep.html",
        _deep_html,
        1,
        r"deep\.html:(\d+): error: the HTML parser stopped reading .*Excessive depth"
        r".*\[html_meta\.parser-limit\]",
        (5, 306),
        ("A page the parser cuts short",),
    ),
    Case(
        "pubmed-html-nested-too-deep",
        "article.html",
        _deep_pubmed_html,
        1,
        r"article\.html:(\d+): error: the HTML parser stopped reading"
        r".*\[pubmed_html\.parser-limit\]",
        (7, 307),
        ("A PubMed page the parser cuts short",),
    ),
    Case(
        "html-huge-text-node",
        "huge.html",
        _huge_text_html,
        1,
        r"huge\.html:(\d+): error: the HTML parser stopped reading .*limit"
        r".*\[html_meta\.parser-limit\]",
        (6, 6),
        ("A page the parser cuts short",),
    ),
    Case(
        "html-100000-attributes",
        "attributes.html",
        _attribute_flood_html,
        3,
        r"attributes\.html:(\d+): a tag with more than 1,000 attributes",
        (7, 7),
        (),
    ),
    Case(
        "pubmed-xml-truncated-mid-record",
        "cut.xml",
        _truncated_pubmed_xml,
        1,
        r"cut\.xml:(\d+): error: the XML is not well-formed.*\[pubmed_xml\.malformed-xml\]",
        (12, 20),
        ("A whole record before the cut",),
    ),
    Case(
        "pubmed-xml-nested-too-deep",
        "deep.xml",
        _deep_pubmed_xml,
        1,
        r"deep\.xml:(\d+): error: the XML is not well-formed.*Excessive depth"
        r".*\[pubmed_xml\.malformed-xml\]",
        (12, 320),
        ("A whole record before the deep one",),
    ),
    Case(
        "jats-truncated",
        "cut-jats.xml",
        _truncated_jats,
        1,
        r"cut-jats\.xml:(\d+): error: not well-formed XML.*\[jats\.malformed-xml\]",
        (6, 6),
        (),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_parser_limit_is_reported(case: Case, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    (tmp_path / case.name).write_text(case.make(), encoding="utf-8")

    result = run("parse", "good.txt", case.name, "-o", "out.json", cwd=tmp_path)

    check(result, status=case.status, names=(case.name,))
    found = re.search(case.message, result.stderr)
    assert found is not None, result.stderr
    assert case.lines[0] <= int(found.group(1)) <= case.lines[1], result.stderr
    output = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    titles = [record.get("title") for record in output]
    assert "A good record beside a bad one" in titles
    for title in case.written:
        assert title in titles
    assert leftovers(tmp_path, {"good.txt", case.name, "out.json"}) == set()


def test_a_cut_page_says_so_in_its_record(tmp_path: Path) -> None:
    """The record of a page cut short carries the diagnostic in the JSON output too."""
    (tmp_path / "deep.html").write_text(_deep_html(), encoding="utf-8")

    result = run("parse", "deep.html", "-o", "out.json", cwd=tmp_path)

    check(result, status=1, names=("deep.html",))
    [record] = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    codes = [diagnostic["code"] for diagnostic in record["diagnostics"]]
    assert "html_meta.parser-limit" in codes


def test_a_page_the_parser_stops_before_reading_is_an_input_error(tmp_path: Path) -> None:
    """Nothing usable read (the limit met before any element): an input error, exit 3.
    Alone in its run, as `--from` (needed: no adapter claims such a page) names the
    format of every input."""
    page = "<!DOCTYPE html>\n" + "a" * 11_000_000 + "\n"
    (tmp_path / "empty.html").write_text(page, encoding="utf-8")

    result = run("parse", "empty.html", "--from", "html-meta", "-o", "out.json", cwd=tmp_path)

    check(result, status=3, names=("empty.html",), line=2)
    assert "before any page was read" in result.stderr
    assert leftovers(tmp_path, {"empty.html"}) == set()
