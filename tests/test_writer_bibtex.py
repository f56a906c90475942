"""The BibTeX writer's parts: escaping, title markup, names, keys, entry types, pages,
dates and identifiers, and the command line (`bibnorm parse --to bibtex`).

The round trips of every sample and corpus file are in `test_writer_bibtex_roundtrip.py`;
these tests pin the decisions one by one, on items built here.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bibtexparser import middlewares
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text
from shared_data import REPO_ROOT, minimal_record, rich_record, run_cli, shared_path

from bibnorm import jobs, schema
from bibnorm.manager import create_host
from bibnorm.registry import WriteOptions
from bibnorm.testing import check_writer
from bibnorm.writers.bibtex import BibtexWriter, base_key, bibtex_name, entry, page_ranges
from bibnorm.writers.latex_text import (
    ascii_letters,
    braces_balance,
    latex_text,
    latex_title,
    verbatim,
)

_DECODE = LatexNodes2Text().latex_to_text
SAMPLE = REPO_ROOT / "samples" / "pubmed-html" / "99000101-current.html"


_YEAR_2010 = {"date-parts": [[2010]]}


def _dump(items: list[dict[str, Any]]) -> str:
    stream = io.StringIO()
    BibtexWriter().dump(items, stream)
    return stream.getvalue()


def _article(**fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": "pmid:1", "type": "article-journal"}
    item.update({key.replace("_", "-"): value for key, value in fields.items()})
    return item


def _fields(text: str) -> dict[str, str]:
    """The fields of the only entry of `text`, as pybtex reads them (raw LaTeX)."""
    (read,) = parse_string(text, "bibtex").entries.values()
    return dict(read.fields)


# --- escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("50% & more", r"50\% \& more"),
        ("$5 #1 a_b", r"\$5 \#1 a\_b"),
        ("{x} \\y", r"\{x\} \textbackslash{}y"),
        ("x^2 ~3", r"x\string^2 \textasciitilde{}3"),
        ("p<0.05 | q>1", "p<0.05 | q>1"),  # printed right with T1, kept by every reader
        ("pre--post", "pre-{}-post"),  # two hyphens, not a dash
        ("''a'' ``b`` !` ?` ,, << >>", "'{}'a'{}' `{}`b`{}` !{}` ?{}` ,{}, <{}< >{}>"),
        ("10\xa0mg", "10~mg"),  # LaTeX's no-break space
        ("Grüße, Ærø 東京", "Grüße, Ærø 東京"),  # UTF-8 stays UTF-8
        ("a \n\t b", "a b"),
    ],
)
def test_specials_are_escaped_and_decode_back(text: str, latex: str) -> None:
    assert latex_text(text) == latex
    # What a reader decodes is the text, with its runs of whitespace as one space.
    assert _DECODE(latex) == re.sub(r"[ \t\n]+", " ", text)


def test_a_brace_without_its_pair_is_written_so_bibtex_still_finds_the_field_end() -> None:
    # BibTeX counts `\{` as a brace too: only braces that pair up may be written so.
    assert latex_text("a {b} c") == r"a \{b\} c"
    assert latex_text("a } b {") == r"a \textbraceright{} b \textbraceleft{}"
    assert latex_title("The {Libraries Unlimited} b}") == (
        r"The \textbraceleft{}{Libraries} {Unlimited}\textbraceright{} b\textbraceright{}"
    )


def test_a_unicode_space_at_a_word_edge_is_kept() -> None:
    # Only ASCII whitespace is BibTeX's; a hair space is a character of the title.
    assert latex_text("or \u200a=\u200a10") == "or \u200a=\u200a10"


def test_verbatim_fields_keep_url_characters_and_encode_only_braces() -> None:
    doi = "10.1002/(SICI)1097-0274(199601)29:1<23::AID-AJIM4>3.0.CO;2-#"
    assert verbatim(doi) == doi
    assert verbatim("https://x.org/a%20b_c#d") == "https://x.org/a%20b_c#d"
    assert verbatim("https://x.org/{a}\\b") == "https://x.org/%7Ba%7D%5Cb"


# Text with every LaTeX special, the ligature pairs' characters, spaces and non-ASCII.
_MESSY = st.text(
    st.sampled_from(list("aZ09 \\{}%&$#_^~<>|\"'@,;:-–.()[]/\xa0éß東\t`!?*+=")), max_size=24
).map(lambda text: text.strip(" \t"))


@settings(max_examples=150, deadline=None)
@given(title=_MESSY, family=_MESSY, given_name=_MESSY, journal=_MESSY)
def test_any_text_reads_back_through_both_readers(
    title: str, family: str, given_name: str, journal: str
) -> None:
    assume(title and family and given_name and journal)
    name = {"family": family, "given": given_name}
    text = _dump([_article(title=title, author=[name], container_title=journal)])
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == [], text
    (read,) = parse_string(text, "bibtex").entries.values()  # raises on a broken entry
    surname = _DECODE(" ".join(read.persons["author"][0].last_names))
    came_back = (library.entries[0]["title"], surname, library.entries[0]["journal"])
    for went_in, back in zip((title, family, journal), came_back, strict=True):
        # A brace without its pair is `\textbraceleft{}`, which pylatexenc drops.
        if braces_balance(went_in):
            assert _collapsed(back) == _collapsed(went_in), text


def _collapsed(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip(" ")


# --- titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rich", "latex"),
    [
        ("Metastatic tumour cells", "Metastatic tumour cells"),
        ("DNA repair in Alzheimer's disease", "{DNA} repair in {Alzheimer's} disease"),
        ("Bone metastasis in NSCLC (PD-L1+):", "Bone metastasis in {NSCLC} ({PD-L1}+):"),
        ("[Sample data: vitamin D]", "[{Sample} data: vitamin {D}]"),
        (
            "Growth of <i>Escherichia coli</i> in H<sub>2</sub>O",
            r"Growth of \textit{{Escherichia} coli} in {H}\textsubscript{2}{O}",
        ),
        (
            '<b>CO<sub>2</sub></b> and <span style="font-variant:small-caps;">Sample</span>',
            r"\textbf{{CO}\textsubscript{2}} and \textsc{{Sample}}",
        ),
        ("10<sup>5</sup> cells & 4 < T", r"10\textsuperscript{5} cells \& 4 < {T}"),
        ("<i>Escherichia</i> first", r"\textit{Escherichia} first"),
        # Tags that do not nest are text, as citeproc-js would print them.
        ("a <i>b</b> c", r"a <i>b</b> c"),
    ],
)
def test_title_markup_becomes_commands_and_capitals_are_protected(rich: str, latex: str) -> None:
    assert latex_title(rich) == latex


def test_a_protected_title_reads_back_as_the_plain_title() -> None:
    latex = latex_title("Binding of Fe<sup>3+</sup> to <i>E. coli</i> at pH 7 & 50%")
    assert _DECODE(latex) == "Binding of Fe3+ to E. coli at pH 7 & 50%"


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bibtex"),
    [
        ({"family": "Tamiya", "given": "Hiroyuki"}, "Tamiya, Hiroyuki"),
        ({"family": "Smith", "given": "J. A.", "suffix": "Jr"}, "Smith, Jr, J. A."),
        ({"family": "Smith", "suffix": "3rd"}, "Smith, 3rd, {}"),
        ({"family": "Nobody"}, "Nobody"),
        ({"family": "van der Berg", "given": "J."}, "{van der Berg}, J."),
        ({"family": "Garcia Marquez", "given": "G."}, "{Garcia Marquez}, G."),
        ({"family": "Berg", "given": "J.", "non-dropping-particle": "van"}, "van Berg, J."),
        ({"family": "Vries", "given": "H.", "non-dropping-particle": "De"}, "{De Vries}, H."),
        ({"literal": "World Bank, & ONE Campaign"}, r"{World Bank, \& ONE Campaign}"),
        ({"family": "Lee", "given": "Anne and Mary"}, "Lee, {Anne and Mary}"),
        ({"family": "Tran", "given": "Thi\xa0Mai"}, "Tran, {Thi~Mai}"),
    ],
)
def test_names_are_written_as_bibtex_splits_them(name: dict[str, str], bibtex: str) -> None:
    assert bibtex_name(name) == bibtex


def test_both_readers_split_the_written_names_back() -> None:
    names = [
        {"family": "van der Berg", "given": "J. M."},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van"},
        {"family": "Smith", "given": "John", "suffix": "Jr."},
        {"literal": "Society for Research and Development"},
        {"family": "Doe", "suffix": "3rd"},
    ]
    text = _dump([_article(title="T", author=names)])
    persons = next(iter(parse_string(text, "bibtex").entries.values())).persons["author"]
    assert [(p.prelast_names, p.last_names, p.lineage_names) for p in persons] == [
        ([], ["{van der Berg}"], []),
        (["van"], ["Berg"], []),
        ([], ["Smith"], ["Jr."]),
        ([], ["{Society for Research and Development}"], []),
        ([], ["Doe"], ["3rd"]),
    ]
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    assert library.failed_blocks == []
    assert [(n.von, n.last, n.jr) for n in library.entries[0]["author"]] == [
        ([], ["{van der Berg}"], []),
        (["van"], ["Berg"], []),
        ([], ["Smith"], ["Jr."]),
        ([], ["{Society for Research and Development}"], []),
        ([], ["Doe"], ["3rd"]),
    ]


# --- keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "key"),
    [
        (
            _article(
                title="Metastatic bone disease: a review",
                author=[{"family": "Tamiya", "given": "H."}],
                issued={"date-parts": [[2018, 3]]},
            ),
            "tamiya2018metastatic",
        ),
        (
            _article(
                title="The <i>E. coli</i> of a new kind",
                author=[{"family": "Müller-Łukasz", "given": "A."}],
                issued={"date-parts": [[2001]]},
            ),
            "mullerlukasz2001coli",
        ),
        (
            _article(title="A guide", author=[{"literal": "The World Health Organization"}]),
            "worldndguide",
        ),
        (_article(note="Smith J. Some text."), "anonnd"),
        (_article(title="東京の研究", author=[{"family": "山田"}]), "anonnd"),
        (
            _article(
                title="Le cancer", editor=[{"family": "Bøås"}], issued={"date-parts": [[2010]]}
            ),
            "boas2010cancer",
        ),
    ],
)
def test_keys_are_readable_ascii(item: dict[str, Any], key: str) -> None:
    assert base_key(item) == key


def test_ascii_letters_fold_accents_and_drop_the_rest() -> None:
    assert ascii_letters("O'Neill-Ærø 3ß") == "oneillaeross"


def test_colliding_keys_get_a_suffix_and_related_entries_name_their_main_entry() -> None:
    same = _article(title="Sample study", author=[{"family": "Doe"}], issued=_YEAR_2010)
    items = [
        same,
        {**same, "id": "pmid:1/reference/1", "custom": _related("reference", "pmid:1")},
        {**same, "id": "pmid:2"},
        {**same, "id": "pmid:2/similar/1", "custom": _related("similar", "pmid:2")},
    ]
    data = parse_string(_dump(items), "bibtex")
    keys = ["doe2010sample", "doe2010sample-2", "doe2010sample-3", "doe2010sample-4"]
    assert list(data.entries) == keys
    related = data.entries["doe2010sample-4"].fields
    assert (related["relation"], related["relatedto"]) == ("similar", "doe2010sample-3")
    assert "relation" not in data.entries["doe2010sample-3"].fields


def _related(relation: str, main_id: str) -> dict[str, str]:
    return {"relation": relation, "related_to": main_id}


# --- entry types -------------------------------------------------------------------------

# Every CSL type the csl-output schema allows, and the entry it becomes.
ENTRY_TYPE_OF_CSL_TYPE = {
    "article": "article",  # a preprint in its server, as PubMed lists it
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "dataset": "dataset",
    "document": "misc",
    "entry-dictionary": "inreference",
    "entry-encyclopedia": "inreference",
    "manuscript": "unpublished",
    "pamphlet": "booklet",
    "paper-conference": "inproceedings",
    "patent": "patent",
    "personal_communication": "misc",
    "post": "online",
    "post-weblog": "online",
    "report": "report",
    "review": "article",
    "review-book": "article",
    "software": "software",
    "speech": "unpublished",
    "standard": "standard",
    "thesis": "thesis",
    "webpage": "online",
}


def test_every_csl_type_is_mapped_deliberately() -> None:
    enum = schema.load_schema("csl-output")["$defs"]["item"]["properties"]["type"]["enum"]
    assert sorted(enum) == sorted(ENTRY_TYPE_OF_CSL_TYPE)
    for csl_type, entry_type in ENTRY_TYPE_OF_CSL_TYPE.items():
        item = {"id": "x", "type": csl_type, "title": "T", "container-title": "C"}
        assert entry(item, "k").startswith(f"@{entry_type}{{k,\n"), csl_type


def test_a_preprint_without_a_server_is_online_with_a_url_and_misc_without() -> None:
    assert entry({"id": "x", "type": "article", "URL": "https://x.org"}, "k").startswith("@online")
    assert entry({"id": "x", "type": "article", "title": "T"}, "k").startswith("@misc")


@pytest.mark.parametrize(
    ("csl_type", "container_field", "publisher_field"),
    [
        ("article-journal", "journal", "publisher"),
        ("chapter", "booktitle", "publisher"),
        ("paper-conference", "booktitle", "publisher"),
        ("book", "series", "publisher"),
        ("report", "series", "institution"),
        ("thesis", "series", "institution"),
        ("webpage", "organization", "publisher"),
        ("dataset", "howpublished", "publisher"),
    ],
)
def test_the_container_and_publisher_go_where_the_entry_type_reads_them(
    csl_type: str, container_field: str, publisher_field: str
) -> None:
    item = {"id": "x", "type": csl_type, "container-title": "Genes & Development", "publisher": "P"}
    fields = _fields(entry(item, "k"))
    assert fields[container_field] == r"Genes \& Development"
    assert fields[publisher_field] == "P"


# --- pages, dates, identifiers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "bibtex"),
    [
        ("1234-8", "1234--8"),
        ("e0123", "e0123"),
        ("S12-S15", "S12--S15"),
        ("9–9.e9", "9--9.e9"),
        ("12 - 15, 17-19", "12--15, 17--19"),
        ("1261-1270; quiz 1271", "1261--1270; quiz 1271"),
        ("S0022-3476(05)80222-2", "S0022-3476(05)80222-2"),  # a PII, not a range
        ("Suppl_7", r"Suppl\_7"),
    ],
)
def test_page_ranges_get_bibtex_dashes(pages: str, bibtex: str) -> None:
    assert page_ranges(pages) == bibtex


def test_article_number_is_eid_only_when_the_pages_are_something_else() -> None:
    assert "eid" not in _fields(entry(_article(page="e0123", number="e0123"), "k"))
    fields = _fields(entry(_article(page="1-9", number="e0123"), "k"))
    assert (fields["pages"], fields["eid"]) == ("1--9", "e0123")


def test_dates_are_year_and_a_month_macro_and_urldate() -> None:
    item = _article(
        issued={"date-parts": [[2022, 3, 15], [2022, 4, 2]]},
        accessed={"date-parts": [[2024, 1, 5]]},
        URL="https://x.org",
    )
    text = entry(item, "k")
    assert "  month = mar,\n" in text  # a macro, not braced
    assert "\n  date =" not in text  # biber warns on date beside year
    fields = parse_string(text, "bibtex").entries["k"].fields
    assert (fields["year"], fields["month"], fields["urldate"]) == ("2022", "March", "2024-01-05")


def test_identifiers_are_doi_eprint_and_pmcid() -> None:
    item = _article(
        DOI="10.1890/1051-0761(2000)010%5B0412:CIRIBC%5D2.0.CO;2",
        PMID="12345",
        PMCID="PMC678",
        ISSN="1234-567X",
        language="de",
    )
    fields = _fields(entry(item, "k"))
    assert fields["doi"] == item["DOI"]
    assert (fields["eprint"], fields["eprinttype"], fields["pmcid"]) == (
        "12345",
        "pubmed",
        "PMC678",
    )
    assert (fields["issn"], fields["langid"]) == ("1234-567X", "german")
    assert "note" not in fields


def test_a_title_less_reference_keeps_its_text_in_note() -> None:
    item = _article(note="Smith J 2003 PAUP* 50% (*and other methods)")
    assert _DECODE(_fields(entry(item, "k"))["note"]) == item["note"]


def test_no_items_is_an_empty_file_and_entries_are_separated_by_one_blank_line() -> None:
    assert _dump([]) == ""
    text = _dump([_article(title="One"), {**_article(title="Two"), "id": "pmid:2"}])
    assert text.count("\n\n@") == 1 and text.endswith("}\n") and not text.endswith("\n\n")


# --- the command line --------------------------------------------------------------------


def test_the_writer_meets_the_writer_contract() -> None:
    check_writer(BibtexWriter(), [rich_record(), minimal_record()])
    text = _dump(BibtexWriter().items(rich_record(), WriteOptions(with_related=True)))
    assert len(parse_string(text, "bibtex").entries) == 1 + len(rich_record().related())


def test_the_writer_is_a_built_in_listed_by_formats(capsys: pytest.CaptureFixture[str]) -> None:
    host = create_host(autoload=False)
    writer = host.registry.writer("bibtex")
    assert (writer.suffix, writer.schema) == (".bib", "csl-output")
    status, out, _ = run_cli(["formats"], capsys)
    assert status == 0
    line = next(line for line in out.splitlines() if line.strip().startswith("bibtex "))
    assert "(.bib)" in line and "BibTeX" in line


def test_parse_to_bibtex_writes_the_sample_with_its_references(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run_cli(["parse", str(SAMPLE), "--to", "bibtex", "--with-related"], capsys)
    assert status == 0, err
    data = parse_string(out, "bibtex")
    csl = json.loads(run_cli(["parse", str(SAMPLE), "--to", "csl", "--with-related"], capsys)[1])
    assert len(data.entries) == len(csl) > 1
    main = next(iter(data.entries.values()))
    assert main.fields["eprint"] == csl[0]["PMID"]


def test_out_dir_names_the_file_with_the_bib_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run_cli(
        ["parse", str(SAMPLE), "--to", "bibtex", "--out-dir", str(tmp_path / "out")], capsys
    )
    assert status == 0, err
    (written,) = (tmp_path / "out").iterdir()
    assert written.name.endswith(".bib")
    assert len(parse_string(written.read_text(encoding="utf-8"), "bibtex").entries) == 1


def test_two_jobs_write_what_one_writes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(jobs, "MIN_BYTES_PER_JOB", 0)  # share even a small file
    path = shared_path("corpus", "medline", "p1m-qs__pubmed_result_35_medline.txt")
    args = ["parse", str(path), "--to", "bibtex", "--with-related", "-v"]
    serial = run_cli([*args, "--jobs", "1"], capsys)
    assert serial[0] == 0 and serial[1].count("\n@") == 34
    assert run_cli([*args, "--jobs", "2"], capsys) == serial
