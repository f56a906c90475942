"""The BibTeX writer read back by two real readers, on every sample and corpus file.

Each input is written with `--to bibtex`, without and with its related items, and read
back by bibtexparser (v2) and by pybtex. Each reader must return every entry, none
failed or duplicated, and the fields a citation needs must equal the CSL item that went
in: title, authors (family/given/suffix, or a group's name), year and month, container,
volume, issue, pages, article number, DOI, PMID, URL and the note of an untitled item.

The comparison normalises only what BibTeX itself forces (see `_expected`):

- text fields are LaTeX, decoded with pylatexenc (what bibtexparser's
  `LatexDecodingMiddleware` uses; pybtex gives the raw LaTeX back), so the CSL title's
  markup tags (`<i>` ...) become `\\textit{}` ... and come back as plain text;
- runs of whitespace are one space (BibTeX collapses them); pybtex also reads every
  other Unicode space (U+2009 thin space ...) as one, which BibTeX and bibtexparser
  keep, so its comparison takes them for spaces too;
- a page range's dash is BibTeX's `--`, which LaTeX prints as an en dash;
- a surname is "von Last" in BibTeX: the particle and the family name come back as one.

DOI, URL and PMID are verbatim fields (biber does not decode them) and are compared raw.

Where biber (biblatex's reader) is installed, every sample is also put through
`biber --tool`, which must read every entry without an error or a warning about the
file's syntax or dates; without biber that test is skipped (a failure under CI=true,
whose `.ci/run` installs it).
"""

from __future__ import annotations

import calendar
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import bibtexparser
import pybtex.errors
import pytest
from bibtexparser import middlewares
from every_input import EVERY_INPUT, Written, written
from pybtex.database import Person, parse_string
from pylatexenc.latex2text import LatexNodes2Text
from shared_data import skip_or_fail

_DECODER = LatexNodes2Text()
_TAGS = re.compile(r"</?(?:i|b|sup|sub|span)(?: [^>]*)?>")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
# What pybtex reads as a space: every Unicode space (the no-break space is written `~`).
_PYBTEX_SPACE = re.compile(r"[^\S\xa0]+")
_DASHES = re.compile(r"\s*(?:--|–|-)\s*")
_MONTHS = [name.lower() for name in calendar.month_abbr[1:]]
# pybtex expands the month macros to English names.
_MONTH_NAMES = list(calendar.month_name[1:])
# Where each kind of entry names what it is part of; exactly one is there.
_CONTAINER_FIELDS = ("journal", "booktitle", "series", "organization", "howpublished")

# Long fields no comparison reads, left out before LaTeX is decoded (which is slow).
_NOT_COMPARED = ("abstract", "keywords")

Fields = dict[str, Any]


@pytest.fixture(autouse=True)
def _pybtex_strict() -> None:
    # pybtex reports a name it cannot split (too many commas ...) as a warning unless
    # strict: strict makes it an error the test sees.
    pybtex.errors.set_strict_mode(True)


def _case_ids() -> list[Any]:
    return [
        pytest.param(input_id, related, id=f"{input_id}-{'related' if related else 'main'}")
        for input_id in EVERY_INPUT
        for related in (False, True)
    ]


@pytest.mark.parametrize(("input_id", "with_related"), _case_ids())
def test_bibtexparser_reads_back_what_went_in(input_id: str, with_related: bool) -> None:
    out = written(input_id, "bibtex", with_related=with_related)
    raw = bibtexparser.parse_string(
        out.text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    decoded = bibtexparser.parse_string(out.text)
    for library in (decoded, raw):
        assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
        assert len(library.entries) == len(out.csl)
    assert len({entry.key for entry in raw.entries}) == len(out.csl)
    for entry in decoded.entries:
        # Decoding is slow; the fields compared here are the ones it must get right.
        for name in _NOT_COMPARED:
            entry.pop(name)
    decoded = middlewares.LatexDecodingMiddleware().transform(decoded)
    for position, item in enumerate(out.csl):
        text = decoded.entries[position].fields_dict
        verbatim = raw.entries[position].fields_dict
        got = _read_fields({name: field.value for name, field in text.items()})
        got["doi"] = verbatim["doi"].value if "doi" in verbatim else None
        got["url"] = verbatim["url"].value if "url" in verbatim else None
        got["eprint"] = verbatim["eprint"].value if "eprint" in verbatim else None
        got["month"] = _month_number(verbatim, _MONTHS, str.lower)
        got["author"] = _bibtexparser_names(verbatim.get("author"))
        got["editor"] = _bibtexparser_names(verbatim.get("editor"))
        _assert_same(item, got, out, position, _ASCII_SPACE)


@pytest.mark.parametrize(("input_id", "with_related"), _case_ids())
def test_pybtex_reads_back_what_went_in(input_id: str, with_related: bool) -> None:
    out = written(input_id, "bibtex", with_related=with_related)
    data = parse_string(out.text, "bibtex")  # a duplicate key raises here
    entries = list(data.entries.values())
    assert len(entries) == len(out.csl)
    for position, item in enumerate(out.csl):
        entry = entries[position]
        raw = dict(entry.fields)
        got = _read_fields({k: _decode(v) for k, v in raw.items() if k not in _NOT_COMPARED})
        got["doi"], got["url"], got["eprint"] = raw.get("doi"), raw.get("url"), raw.get("eprint")
        got["month"] = _month_number(raw, _MONTH_NAMES, str)
        got["author"] = [_pybtex_name(p) for p in entry.persons.get("author", [])] or None
        got["editor"] = [_pybtex_name(p) for p in entry.persons.get("editor", [])] or None
        _assert_same(item, got, out, position, _PYBTEX_SPACE)


def test_biber_reads_every_sample_without_complaint(tmp_path: Path) -> None:
    biber = shutil.which("biber")
    if biber is None:
        skip_or_fail("biber is not installed (Debian: apt-get install biber)")
    samples = [input_id for input_id in EVERY_INPUT if input_id.startswith("bibnorm/")]
    texts = [written(input_id, "bibtex", with_related=True).text for input_id in samples]
    # One file: each input's keys are unique within it, so number them per input.
    source = "\n".join(
        re.sub(r"^@(\w+)\{", rf"@\1{{s{n}-", text, flags=re.MULTILINE)
        for n, text in enumerate(texts)
    )
    (tmp_path / "in.bib").write_text(source, encoding="utf-8")
    done = subprocess.run(
        [biber, "--tool", "--output-file=out.bib", "in.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    complaints = [
        line
        for line in done.stdout.splitlines()
        if line.startswith(("WARN", "ERROR")) and "ISBN" not in line  # invented ISBNs
    ]
    assert complaints == []
    read = (tmp_path / "out.bib").read_text(encoding="utf-8")
    assert read.count("\n@") + read.startswith("@") == source.count("\n@") + 1


def _read_fields(text: dict[str, str]) -> Fields:
    """The compared fields of one entry from its decoded text fields."""
    containers = [text[name] for name in _CONTAINER_FIELDS if name in text]
    assert len(containers) <= 1, containers
    return {
        "title": _tidy(text.get("title")),
        "year": text.get("year"),
        "container": _tidy(containers[0]) if containers else None,
        "volume": _tidy(text.get("volume")),
        "issue": _tidy(text.get("number")),
        "pages": _pages(text.get("pages")),
        "eid": _tidy(text.get("eid")),
        "note": _tidy(text.get("note")),
    }


def _expected(item: dict[str, Any]) -> Fields:
    """What a reader must give back for a CSL item, in the same shape as `_read_fields`."""
    date = item.get("issued", {}).get("date-parts", [[]])[0]
    number = item.get("number")
    return {
        "title": _tidy(_TAGS.sub("", item["title"])) if "title" in item else None,
        "year": str(date[0]) if date else None,
        "month": date[1] if len(date) > 1 else None,
        "container": _tidy(item.get("container-title")),
        "volume": _tidy(item.get("volume")),
        "issue": _tidy(item.get("issue")),
        "pages": _pages(item.get("page")),
        "eid": _tidy(number) if number and number != item.get("page") else None,
        "note": _tidy(item.get("note")),
        "doi": item.get("DOI"),
        "url": item.get("URL"),
        "eprint": item.get("PMID"),
        "author": _csl_names(item.get("author")),
        "editor": _csl_names(item.get("editor")),
    }


def _assert_same(
    item: dict[str, Any], got: Fields, out: Written, position: int, spaces: re.Pattern[str]
) -> None:
    """`got` equals what `item` must give, runs of `spaces` taken for one space."""
    expected = _spaced(_expected(item), spaces)
    got = _spaced(got, spaces)
    differing = {k: (expected[k], got.get(k)) for k in expected if expected[k] != got.get(k)}
    assert not differing, (
        f"{item['id']}: (went in, came back) {differing}\n{_entry_text(out, position)}"
    )


def _spaced(value: Any, spaces: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return spaces.sub(" ", value)
    if isinstance(value, dict):
        return {k: _spaced(v, spaces) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_spaced(v, spaces) for v in value)
    return value


def _entry_text(out: Written, position: int) -> str:
    entries = out.text.split("\n\n@")
    return entries[position] if position < len(entries) else ""


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    return _ASCII_SPACE.sub(" ", value).strip() or None


def _pages(value: str | None) -> str | None:
    tidy = _tidy(value)
    return _DASHES.sub("-", tidy) if tidy else None


def _decode(latex: str) -> str:
    return str(_DECODER.latex_to_text(latex))


def _month_number(fields: Any, names: list[str], fold: Any) -> int | None:
    if "month" not in fields:
        return None
    value = fields["month"]
    value = getattr(value, "value", value)
    return names.index(fold(value)) + 1


Name = tuple[str, str, str]


def _csl_names(names: list[dict[str, str]] | None) -> list[Name] | None:
    """(surname with its particle, given names, suffix); a group's name is the surname."""
    if not names:
        return None
    out = []
    for name in names:
        if "literal" in name:
            out.append((_tidy(name["literal"]) or "", "", ""))
            continue
        particles = [name[p] for p in ("dropping-particle", "non-dropping-particle") if p in name]
        surname = " ".join([*particles, name["family"]])
        out.append((_tidy(surname) or "", _tidy(name.get("given")) or "", name.get("suffix", "")))
    return out


def _bibtexparser_names(field: Any) -> list[Name] | None:
    if field is None:
        return None
    return [
        (_joined(parts.von + parts.last), _joined(parts.first), _joined(parts.jr))
        for parts in field.value
    ]


def _pybtex_name(person: Person) -> Name:
    surname = person.prelast_names + person.last_names
    return (
        _joined(surname),
        _joined(person.first_names + person.middle_names),
        _joined(person.lineage_names),
    )


def _joined(words: list[str]) -> str:
    return _tidy(_decode(" ".join(words))) or ""
