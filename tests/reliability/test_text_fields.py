"""Reliability: bad text inside fields is reported, and repaired only where certain or asked.

Issue 14, item 7, the field half: control characters that XML or HTML character
references put in a field are removed with their offsets; mojibake is reported, and
repaired with `--fix-text`; entities left unexpanded are reported, and decoded with
`--fix-text` when they have one meaning. Real text (accents, Greek, math, `&` in a
title, other scripts) is never flagged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, check, leftovers, run

from bibnorm import parse
from bibnorm.manager import create_host
from bibnorm.model import Abstract, AbstractSection, Citation, Keyword, Person, Record
from bibnorm.processors.text_hygiene import TextHygiene, enable_fixing

MOJIBAKE_MEDLINE = (
    "PMID- 99000021\nOWN - NLM\nDP  - 2020\n"
    "TI  - Donâ€™t trust MÃ¼ller.\nAU  - MÃ¼ller H\nJT  - Journal of Tests\n"
)
CONTROLS_HTML = """<html><head>
<meta name="citation_title" content="Bad&#1;title with a &#x7; bell">
<meta name="citation_author" content="Kowalski, Piotr">
<meta name="citation_journal_title" content="Journal of Tests">
<meta name="citation_publication_date" content="2020/01/02">
</head><body></body></html>
"""
_XML = """<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>99000022</PMID><Article>
<Journal><Title>Journal of Tests</Title><JournalIssue><PubDate><Year>2020</Year></PubDate>
</JournalIssue></Journal><ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation>
</PubmedArticle></PubmedArticleSet>
"""
# Escaped twice by whoever wrote the file: after parsing, the field holds the entity.
ENTITY_XML = _XML.format(title="An &amp;xxe; title: it&amp;#8217;s &amp;alpha;-helical")


@dataclass(frozen=True)
class TextCase:
    id: str
    name: str
    content: str
    args: tuple[str, ...]
    code: str
    said: str  # in the message
    written: str  # in the output
    gone: str | None  # not in the output


TEXT_CASES = [
    TextCase(
        "mojibake-reported",
        "bad.medline",
        MOJIBAKE_MEDLINE,
        (),
        "text.mojibake",
        "authors[0].family looks like mojibake: 'MÃ¼ller' would read 'Müller'",
        "MÃ¼ller",
        None,
    ),
    TextCase(
        "mojibake-fixed",
        "bad.medline",
        MOJIBAKE_MEDLINE,
        ("--fix-text",),
        "text.mojibake",
        "title looks like mojibake",
        "Don’t trust Müller",
        "Ã",
    ),
    TextCase(
        "controls-from-character-references",
        "bad.html",
        CONTROLS_HTML,
        (),
        "text.control-characters",
        "title: removed 2 control character(s) (U+0001 at 3, U+0007 at 17)",
        "Badtitle with a  bell",
        "\\u0001",
    ),
    TextCase(
        "entities-reported",
        "bad.xml",
        ENTITY_XML,
        (),
        "text.unexpanded-entity",
        "title holds unexpanded entities &xxe;, &#8217;, &alpha;; left as is",
        "it&#8217;s &alpha;-helical",
        None,
    ),
    TextCase(
        "entities-decoded-when-known",
        "bad.xml",
        ENTITY_XML,
        ("--fix-text",),
        "text.unexpanded-entity",
        "decoded where known",
        # An unknown name has no meaning to decode to: it stays, reported.
        "An &xxe; title: it’s α-helical",
        "&#8217;",
    ),
]


@pytest.mark.parametrize("to", ["json", "csl"])
@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.id for c in TEXT_CASES])
def test_bad_text_in_a_field_is_reported_and_the_record_written(
    tmp_path: Path, case: TextCase, to: str
) -> None:
    (tmp_path / case.name).write_text(case.content, encoding="utf-8")
    (tmp_path / "good.medline").write_text(GOOD_MEDLINE, encoding="utf-8")

    result = run(
        "parse", case.name, "good.medline", "--to", to, "-o", "out.json", *case.args, cwd=tmp_path
    )

    check(result, status=0, names=(case.name, case.said, f"[{case.code}]"), line=_line(case))
    items = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(items) == 2
    # The bibnorm record's diagnostics keep the text as it was; its fields do not.
    fields = json.dumps(
        {k: v for k, v in items[0].items() if k != "diagnostics"}, ensure_ascii=False
    )
    assert case.written in fields
    if case.gone is not None:
        assert case.gone not in fields
    assert leftovers(tmp_path, {case.name, "good.medline", "out.json"}) == set()


def _line(case: TextCase) -> int:
    # Where each adapter starts its record: MEDLINE at its first line, the HTML meta
    # reader at the first meta tag, PubMed XML at the PubmedArticle.
    return {"bad.medline": 1, "bad.html": 2, "bad.xml": 2}[case.name]


def test_control_characters_offsets_and_json_in_the_bibnorm_record() -> None:
    record = Record(title="a\x00b\x1fc", authors=(Person(family="N\x07g"),))
    out = TextHygiene().process(record)
    assert out.title == "abc" and out.authors[0].family == "Ng"
    first, second = out.diagnostics
    assert first.path == "$.title" and "U+0000 at 1, U+001F at 3" in first.message
    # The diagnostic shows the controls as their pictures: no control reaches the JSON.
    assert first.text == "a\u2400b\u241fc"
    assert second.path == "$.authors[0].family"


def test_library_repairs_when_asked() -> None:
    host = create_host(autoload=False)
    assert parse(MOJIBAKE_MEDLINE, host=host).records[0].authors[0].family == "MÃ¼ller"
    enable_fixing(host)
    assert parse(MOJIBAKE_MEDLINE, host=host).records[0].authors[0].family == "Müller"


def test_related_citations_are_cleaned_and_reported_on_the_record() -> None:
    record = Record(title="Main", references=(Citation(title="Ref by MÃ¼ller", raw="MÃ¼ller"),))
    out = TextHygiene(fix=True).process(record)
    assert out.references[0].title == "Ref by Müller"
    # The raw copy is repaired too, and not reported a second time.
    assert out.references[0].raw == "Müller"
    [diag] = out.diagnostics
    assert diag.path == "$.references[0].title"


# Real titles, names and terms that look unusual and are right as they are.
TRICKY_TEXT = [
    "Müller-Lüdenscheidt, Jürgen",
    "SÃO PAULO MEDICAL JOURNAL",
    "Ångström-level structure of the Na⁺/K⁺-ATPase",
    "β-catenin and Wnt/β-catenin signalling in α- and γ-secretase processing",
    "∑ x² ≥ 0: inequalities for μ ± σ in n ≫ 1 samples",
    "Procter & Gamble; R&D spending; AT&T and Johnson & Johnson",
    "Ca2+ & Mg2+ < 5 mmol/L & pH > 7",
    "日本語の論文のタイトル",
    "Москва: исследование здоровья",
    "تحليل البيانات الصحية",
    "Ælfric, Ærø and Œuvres complètes",
    "Đặng Thị Ngọc Hà",
    "Łukasz Żółkiewski",
    "François-Xavier Ñúñez",
    "naïve Bayes € 100 “quoted” — dash – en dash… ellipsis",
    "Đorđević, Ðurić and Þórður Guðmundsson",
    "T-cell receptor (TCR)αβ+ and γδ T cells",
    "Effects of 1,25(OH)₂D₃ on Ca²⁺ influx",
    "PÄÄKKÖNEN, Åsa; Østergaard, Søren",
    "Â-la-carte? no: Âge et santé; Ça va",
]


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_real_text_is_not_flagged(text: str) -> None:
    record = Record(
        title=text,
        authors=(Person(family=text, affiliations=(text,)),),
        abstract=Abstract(sections=(AbstractSection(text=text),)),
        keywords=(Keyword(term=text),),
    )
    out = TextHygiene().process(record)
    assert out.diagnostics == ()
    assert out is record


def test_a_copy_of_a_field_is_cleaned_without_a_second_report() -> None:
    record = Record(title="A\x00 <i>B</i>", title_markup="A\x00 <i>B</i>", raw="A\x00")
    out = TextHygiene().process(record)
    assert (out.title, out.title_markup, out.raw) == ("A <i>B</i>", "A <i>B</i>", "A")
    assert [d.path for d in out.diagnostics] == ["$.title"]
