"""Tests of the RIS writer (`--to ris`): read back by real RIS readers, byte format, CLI.

Every sample and corpus file, with and without related items, is written as RIS and read
back with rispy, and with the example third-party RIS reader in
`plugins/bibnorm-example-ris` (a second, independent reader); what comes back is compared
field by field with the CSL items that went in. The only changes allowed are those RIS
itself forces, each named where it is made: no markup in a title, one line per value,
`SP`/`EP` for a page range, `%3B` for a `;` in a URL.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import rispy
from every_input import EVERY_INPUT, written
from hypothesis import given, settings
from hypothesis import strategies as st
from rispy.config import TYPE_OF_REFERENCE_MAPPING
from shared_data import REPO_ROOT, minimal_record, rich_record, run_cli, shared_path

from bibnorm import inputs, jobs, schema
from bibnorm.csl import unique_ids
from bibnorm.manager import create_host
from bibnorm.model import Keyword, Record
from bibnorm.registry import WriteOptions
from bibnorm.writers import ris
from bibnorm.writers.ris import RIS_TYPES, RisWriter, ris_record

CRLF = "\r\n"
RELATED = [pytest.param(False, id="records"), pytest.param(True, id="with-related")]

# RIS has no markup: the writer keeps the text of CSL's rich-text tags and drops the tags,
# but puts super- and subscripts in parentheses as MEDLINE does (`10<sup>5</sup>` is
# `10(5)`, not `105`).
_RICH_TAG = re.compile(r'</?(?:i|b|sup|sub)>|<span style="font-variant:small-caps;">|</span>')
_SCRIPT = re.compile(r"<(sup|sub)>([^<>]*)</\1>")
# A RIS value is one line: line breaks inside a CSL value come back as one space.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+\s*")
_PERIODICALS = {"JOUR", "MGZN", "NEWS"}


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def _plain_title(item: dict[str, Any]) -> str | None:
    title = item.get("title")
    return _one_line(_RICH_TAG.sub("", _SCRIPT.sub(r"(\2)", title))) if title else None


def _year(item: dict[str, Any]) -> str | None:
    issued = item.get("issued")
    return str(issued["date-parts"][0][0]) if issued else None


def _written(input_id: str, with_related: bool) -> tuple[str, list[dict[str, Any]]]:
    done = written(input_id, "ris", with_related=with_related)
    return done.text, done.csl


# --- read back by rispy --------------------------------------------------------------------


def _ris_parts(name: dict[str, str]) -> tuple[str, str, str]:
    """The family (with its particle), given and suffix of a person's CSL name with the
    commas RIS cannot hold in a part (it separates the parts with them) made spaces."""
    particle = name.get("non-dropping-particle")
    parts = (" ".join(p for p in (particle, name["family"]) if p), name.get("given", ""))
    family, given, suffix = (
        re.sub(r"\s*,\s*", " ", part).strip() for part in (*parts, name.get("suffix", ""))
    )
    return family, given, suffix


def _ris_group(name: dict[str, str]) -> str:
    """A group's name as RIS can hold it: a name with a comma would be read as a person's,
    so `A, B` is `A; B` and a comma inside a number (`3,000`) is dropped."""
    return re.sub(r",\s+", "; ", name["literal"]).replace(",", "")


def _assert_same_person(au: str, name: dict[str, str]) -> None:
    """An AU line against the CSL name it was made from, split as readers split it."""
    if "literal" in name:
        assert au == _ris_group(name)
        assert "," not in au
        return
    family, given, suffix = [*au.split(", ", 2), "", ""][:3]
    assert (family.removesuffix(","), given, suffix) == _ris_parts(name)


def _assert_same_pages(start: str | None, end: str | None, item: dict[str, Any]) -> None:
    """SP/EP against CSL's `page` (or the article number when there are no pages)."""
    page = item.get("page") or item.get("number")
    if end is None:
        assert start == page
        return
    # A range is split in two at its dash; MEDLINE's shortened end (1234-8) comes whole.
    first, last = re.split("[-–]", page)
    assert start == first
    assert end == last or (len(last) < len(end) == len(first) and end.endswith(last))


def _assert_same_date(ris_date: str | None, csl_date: dict[str, Any] | None) -> None:
    if csl_date is None:
        assert ris_date is None
        return
    assert ris_date is not None
    parts = [int(part) for part in ris_date.split("/")[:3] if part]
    assert parts == csl_date["date-parts"][0]


def _assert_same_record(back: dict[str, Any], item: dict[str, Any], main_keywords: bool) -> None:
    assert back["type_of_reference"] in TYPE_OF_REFERENCE_MAPPING
    assert back.get("title") == _plain_title(item)
    authors = back.get("authors", [])
    assert len(authors) == len(item.get("author", []))
    for au, name in zip(authors, item.get("author", []), strict=True):
        _assert_same_person(au, name)
    editors = back.get("secondary_authors", [])
    assert len(editors) == len(item.get("editor", []))
    for ed, name in zip(editors, item.get("editor", []), strict=True):
        _assert_same_person(ed, name)
    assert back.get("year") == _year(item)
    _assert_same_date(back.get("date"), item.get("issued"))
    _assert_same_date(back.get("access_date"), item.get("accessed"))
    assert back.get("secondary_title") == item.get("container-title")
    periodical = back["type_of_reference"] in _PERIODICALS
    assert back.get("journal_name") == (item.get("container-title") if periodical else None)
    assert back.get("alternate_title1") == item.get("container-title-short")
    assert back.get("volume") == item.get("volume")
    assert back.get("number") == item.get("issue")
    _assert_same_pages(back.get("start_page"), back.get("end_page"), item)
    assert back.get("doi") == item.get("DOI")
    assert back.get("accession_number") == item.get("PMID")
    assert back.get("custom2") == item.get("PMCID")
    assert back.get("custom7") == item.get("number")
    # rispy splits UR at `;`: the writer escapes it, as a browser would.
    urls = [url.replace("%3B", ";") for url in back.get("urls", [])]
    assert urls == ([item["URL"]] if "URL" in item else [])
    assert back.get("abstract") == (_one_line(item["abstract"]) if "abstract" in item else None)
    if main_keywords:  # CSL joins the keywords with ", ": RIS has one line each
        assert ", ".join(back.get("keywords", [])) == item.get("keyword", "")
    serials = [item[key] for key in ("ISSN", "ISBN") if key in item]
    assert back.get("issn") == ("; ".join(serials) or None)
    assert back.get("language") == item.get("language")
    assert back.get("publisher") == item.get("publisher")
    assert back.get("place_published") == item.get("publisher-place")
    assert back.get("edition") == (item.get("edition") or item.get("version"))
    notes = back.get("notes", [])
    if "custom" in item:
        assert notes.pop(0).endswith(" " + item["custom"]["related_to"])
    assert notes == ([_one_line(item["note"])] if "note" in item else [])


@pytest.mark.parametrize("with_related", RELATED)
@pytest.mark.parametrize("input_id", EVERY_INPUT)
def test_rispy_reads_back_what_went_in(input_id: str, with_related: bool) -> None:
    text, csl = _written(input_id, with_related)
    back = rispy.loads(text)
    # Ids are made unique across the output as in CSL-JSON; a related item's note follows.
    expected = list(unique_ids(csl))
    assert len(back) == len(expected)
    assert [record["id"] for record in back] == [item["id"] for item in expected]
    for record, item in zip(back, expected, strict=True):
        assert record.get("unknown_tag") is None
        _assert_same_record(record, item, main_keywords="custom" not in item)


@pytest.mark.parametrize("with_related", RELATED)
@pytest.mark.parametrize("input_id", EVERY_INPUT)
def test_every_line_is_a_tag_line_ended_with_crlf(input_id: str, with_related: bool) -> None:
    text, csl = _written(input_id, with_related)
    if not csl:
        assert text == ""
        return
    assert text.endswith("ER  - " + CRLF)
    records = text.split(CRLF + CRLF)  # a blank line between records, and only there
    assert len(records) == len(csl)
    for record in records:
        lines = record.removesuffix(CRLF).split(CRLF)
        assert lines[0].startswith("TY  - ")
        assert lines[-1] == "ER  - "
        for line in lines:
            assert re.fullmatch(r"[A-Z][A-Z0-9]  - \S(?:.*\S)?|ER  - ", line), line
            assert not re.search(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", line)


# --- read back by the example RIS reader ---------------------------------------------------


def _example_ris_module() -> ModuleType:
    """The example plugin's reader, imported from its folder (it need not be installed)."""
    name = "bibnorm_example_ris"
    if name not in sys.modules:
        path = REPO_ROOT / "plugins" / "bibnorm-example-ris" / "src" / name / "__init__.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def _example_person(name: dict[str, str]) -> tuple[str | None, ...]:
    if "literal" in name:
        return None, None, None, _ris_group(name)
    return (*(part or None for part in _ris_parts(name)), None)


def _assert_example_pages(pages: str | None, item: dict[str, Any]) -> None:
    """The reader joins SP and EP as `SP-EP`, and keeps an SP without EP as it is."""
    if pages == (item.get("page") or item.get("number")):
        return
    assert pages is not None
    start, end = pages.split("-", 1)
    _assert_same_pages(start, end, item)


@pytest.mark.parametrize("with_related", RELATED)
@pytest.mark.parametrize("input_id", EVERY_INPUT)
def test_the_example_ris_reader_reads_back_what_went_in(input_id: str, with_related: bool) -> None:
    text, csl = _written(input_id, with_related)
    if not csl:
        return  # the reader says "empty input" of an empty file, rightly
    reader = _example_ris_module().RisAdapter()
    back = list(reader.parse(inputs.decode(text.encode("utf-8"), name="out.ris")))
    assert all(isinstance(record, Record) for record in back)
    assert len(back) == len(csl)
    for record, item in zip(back, csl, strict=True):
        assert not [d for d in record.diagnostics if d.severity != "info"], record.diagnostics
        if item["type"] not in {"article", "document", "post", "speech", "review", "review-book"}:
            assert record.type == item["type"]  # the types RIS has a code of their own for
        assert record.title == _plain_title(item)
        people = [(p.family, p.given, p.suffix, p.literal) for p in record.authors]
        assert people == [_example_person(name) for name in item.get("author", [])]
        assert (str(record.issued.year) if record.issued else None) == _year(item)
        assert record.container_title == item.get("container-title")
        assert record.volume == item.get("volume")
        assert record.issue == item.get("issue")
        _assert_example_pages(record.pages, item)
        assert record.identifier("doi") == item.get("DOI")
        assert record.identifier("pmid") == item.get("PMID")
        assert record.identifier("pmcid") == item.get("PMCID")


# --- the parts -------------------------------------------------------------------------------


def _item(**fields: Any) -> dict[str, Any]:
    return {"id": "pmid:1", "type": "article-journal", **fields}


def _tags(item: dict[str, Any]) -> list[tuple[str, str]]:
    lines = ris_record(item).removesuffix(CRLF).split(CRLF)
    return [(line[:2], line[6:]) for line in lines]


def _tag(item: dict[str, Any], tag: str) -> list[str]:
    return [value for name, value in _tags(item) if name == tag]


def test_every_csl_type_has_a_ris_type_readers_know() -> None:
    allowed = schema.load_schema("csl-output")["$defs"]["item"]["properties"]["type"]["enum"]
    assert sorted(RIS_TYPES) == sorted(allowed)
    assert set(RIS_TYPES.values()) <= set(TYPE_OF_REFERENCE_MAPPING)


@pytest.mark.parametrize(
    ("name", "ris_name"),
    [
        ({"family": "Tamiya", "given": "Motohiro"}, "Tamiya, Motohiro"),
        (
            {"family": "Berg", "given": "J. M.", "non-dropping-particle": "van den"},
            "van den Berg, J. M.",
        ),
        ({"family": "King", "given": "Martin Luther", "suffix": "Jr"}, "King, Martin Luther, Jr"),
        ({"family": "Madonna"}, "Madonna,"),
        ({"literal": "NSCLC Immunotherapy Study Group"}, "NSCLC Immunotherapy Study Group"),
        ({"family": "Müller", "given": "Jörg"}, "Müller, Jörg"),
        ({"literal": "FAO, IFAD, UNICEF, WFP and WHO"}, "FAO; IFAD; UNICEF; WFP and WHO"),
        ({"literal": "3,000 Rice Genomes Project"}, "3000 Rice Genomes Project"),
        ({"family": "Silva", "given": "J. J., M. U."}, "Silva, J. J. M. U."),
    ],
    ids=[
        "plain",
        "particle",
        "suffix",
        "family-only",
        "group",
        "unicode",
        "group-with-commas",
        "group-with-a-number",
        "comma-in-given",
    ],
)
def test_names(name: dict[str, str], ris_name: str) -> None:
    assert _tag(_item(author=[name]), "AU") == [ris_name]
    assert _tag(_item(editor=[name]), "A2") == [ris_name]


@pytest.mark.parametrize(
    ("page", "number", "expected"),
    [
        ("112-121", None, [("SP", "112"), ("EP", "121")]),
        ("1234-8", None, [("SP", "1234"), ("EP", "1238")]),
        ("123-23", None, [("SP", "123"), ("EP", "123")]),
        ("19-1", None, [("SP", "19"), ("EP", "1")]),  # not an end after the start: as given
        ("e02661-18", None, [("SP", "e02661"), ("EP", "18")]),
        ("R12–R14", None, [("SP", "R12"), ("EP", "R14")]),
        ("S12-S15; discussion S40", None, [("SP", "S12-S15; discussion S40")]),
        ("120-122, 174", None, [("SP", "120-122, 174")]),
        ("S0939-6411(20)30317-9", None, [("SP", "S0939-6411(20)30317-9")]),
        ("e0123", "e0123", [("SP", "e0123"), ("C7", "e0123")]),
        (None, "00010-2021", [("SP", "00010-2021"), ("C7", "00010-2021")]),
        ("10", "e7", [("SP", "10"), ("C7", "e7")]),
    ],
)
def test_pages(page: str | None, number: str | None, expected: list[tuple[str, str]]) -> None:
    item = _item(**({"page": page} if page else {}), **({"number": number} if number else {}))
    assert [(t, v) for t, v in _tags(item) if t in {"SP", "EP", "C7"}] == expected


@pytest.mark.parametrize(
    ("date", "da"),
    [
        ({"date-parts": [[2018, 5, 14]]}, "2018/05/14/"),
        ({"date-parts": [[2018, 5]]}, "2018/05//"),
        ({"date-parts": [[2018]]}, "2018///"),
        ({"date-parts": [[2019]], "season": 1}, "2019///Spring"),
        ({"date-parts": [[2022, 1], [2022, 2]]}, "2022/01//to 2022/02"),
        ({"date-parts": [[2021], [2022]]}, "2021///to 2022"),
    ],
)
def test_dates(date: dict[str, Any], da: str) -> None:
    item = _item(issued=date, accessed=date)
    assert (_tag(item, "PY"), _tag(item, "DA"), _tag(item, "Y2")) == (
        [str(date["date-parts"][0][0])],
        [da],
        [da],
    )


def test_a_title_loses_its_markup_and_keeps_its_text_and_symbols() -> None:
    title = "CO<sub>2</sub> & <i>E. coli</i> at 10<sup>5</sup>, p<0.05: 100% {braces} [x]"
    assert _tag(_item(title=title), "TI") == ["CO(2) & E. coli at 10(5), p<0.05: 100% {braces} [x]"]


def test_line_breaks_in_a_value_become_one_space() -> None:
    abstract = "Background: one.\n\nMethods: two.\r\nResults:\u2028three\x85four"
    assert _tag(_item(abstract=abstract), "AB") == [
        "Background: one. Methods: two. Results: three four"
    ]


def test_a_semicolon_in_a_url_is_escaped() -> None:
    url = "https://doi.org/10.1002/(SICI)1097-0258(19980415)17:7<1>3.0.CO;2-2"
    assert _tag(_item(URL=url), "UR") == [url.replace(";", "%3B")]


def test_identifiers_serials_and_a_related_items_note() -> None:
    item = _item(
        id="pmid:1/reference/2",
        PMID="1",
        PMCID="PMC2",
        DOI="10.1/x",
        ISSN="1234-5679",
        ISBN="978-3-16-148410-0",
        custom={"relation": "reference", "related_to": "pmid:1"},
        note="Smith J. Some text. 2001.",
    )
    tags = _tags(item)
    assert ("ID", "pmid:1/reference/2") in tags
    assert [t for t in tags if t[0] in {"AN", "DB", "C2", "DO", "SN", "N1"}] == [
        ("SN", "1234-5679; 978-3-16-148410-0"),
        ("DO", "10.1/x"),
        ("AN", "1"),
        ("DB", "PubMed"),
        ("C2", "PMC2"),
        ("N1", "reference of pmid:1"),
        ("N1", "Smith J. Some text. 2001."),
    ]


_ANY_TEXT = st.text(min_size=1, max_size=40)
# A name part as CSL holds it: one line, no blank around it (`person_to_csl` strips it).
_NAME_PART = _ANY_TEXT.map(_one_line).filter(bool)


@settings(max_examples=300, deadline=None)
@given(title=_ANY_TEXT, abstract=_ANY_TEXT, group=_ANY_TEXT, family=_NAME_PART, given_=_NAME_PART)
def test_any_text_comes_back_in_its_own_field(
    title: str, abstract: str, group: str, family: str, given_: str
) -> None:
    """Whatever a value holds (line breaks, `ER  - `, tags, control characters), the
    record stays one record and every value comes back in its own field."""
    person = {"family": family, "given": given_}
    item = _item(title=title, abstract=abstract, author=[{"literal": group}, person])
    (back,) = rispy.loads(ris_record(item))
    assert back.get("title") == (_one_line(_RICH_TAG.sub("", _SCRIPT.sub(r"(\2)", title))) or None)
    assert back.get("abstract") == (_one_line(abstract) or None)
    *groups, au = back["authors"]
    assert groups == [name for name in [_one_line(_ris_group({"literal": group}))] if name]
    _assert_same_person(au, person)


def test_keywords_with_commas_stay_whole() -> None:
    record = Record(
        title="T",
        keywords=(Keyword(term="Diagnosis, differential"), Keyword(term="MRI"), Keyword(term=" ")),
    )
    (item,) = RisWriter().items(record, WriteOptions())
    assert _tag(item, "KW") == ["Diagnosis, differential", "MRI"]


def test_a_rich_record_with_related_items_is_written_whole() -> None:
    writer = RisWriter()
    items = writer.items(rich_record(), WriteOptions(with_related=True))
    stream = io.StringIO()
    writer.dump(items, stream)
    back = rispy.loads(stream.getvalue())
    assert len(back) == len(items) > 1
    assert back[0]["authors"][:4] == [
        "Del Conte, Alessandro",
        "van den Berg, J. M., Jr",
        "Müller, Jörg",
        "NSCLC Immunotherapy Study Group",
    ]
    assert all(
        record["notes"][0].startswith(("reference of", "cites", "similar to"))
        for record in back[1:]
    )


def test_a_minimal_record_is_one_short_record() -> None:
    stream = io.StringIO()
    RisWriter().dump(RisWriter().items(minimal_record(), WriteOptions()), stream)
    text = stream.getvalue()
    assert text.startswith("TY  - ") and text.endswith("ER  - " + CRLF)
    assert len(rispy.loads(text)) == 1


def test_no_items_write_nothing() -> None:
    stream = io.StringIO()
    RisWriter().dump([], stream)
    assert stream.getvalue() == ""


def test_the_writer_is_registered_as_a_builtin() -> None:
    writer = create_host(autoload=False).registry.writer("ris")
    assert isinstance(writer, RisWriter)
    assert (writer.suffix, writer.schema) == (".ris", "csl-output")
    assert ris.bibnorm_register_writers is not None


# --- the command line ------------------------------------------------------------------------

_SAMPLE = REPO_ROOT / "samples" / "pubmed-xml" / "pair-99100001.xml"


def test_cli_writes_crlf_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.ris"
    status, _, _ = run_cli(["parse", str(_SAMPLE), "--to", "ris", "-o", str(out)], capsys)
    assert status == 0
    data = out.read_bytes()
    assert data.startswith(b"TY  - JOUR\r\n") and data.endswith(b"ER  - \r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r")


def test_cli_out_dir_uses_the_ris_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run_cli(
        ["parse", str(_SAMPLE), "--to", "ris", "--out-dir", str(tmp_path / "out")], capsys
    )
    assert status == 0
    (written_file,) = (tmp_path / "out").iterdir()
    assert written_file.name == _SAMPLE.name + ".ris"
    data = written_file.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 0


def test_cli_writes_crlf_to_stdout() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bibnorm", "parse", str(_SAMPLE), "--to", "ris"],
        capture_output=True,
        check=True,
        env={**os.environ, "BIBNORM_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert done.stdout.startswith(b"TY  - JOUR\r\n")
    assert done.stdout.count(b"\n") == done.stdout.count(b"\r\n") > 0


def test_two_jobs_write_what_one_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)  # share even a small file
    path = shared_path("corpus", "medline", "p1m-qs__pubmed_result_35_medline.txt")
    args = ["parse", str(path), "--to", "ris", "--with-related"]
    serial = run_cli([*args, "-j", "1"], capsys)
    assert serial[0] == 0 and serial[1].count("TY  - ") > 5
    assert run_cli([*args, "-j", "2"], capsys) == serial
