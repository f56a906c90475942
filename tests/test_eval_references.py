"""The reference harness (`benchmarks/eval_references.py`) builds its input text and its
truth as a reader of the printed reference would: on hand-written JATS, without the
corpus."""

from __future__ import annotations

from types import ModuleType

import pytest
from lxml import etree
from shared_data import load_benchmark


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    return load_benchmark("eval_references")


def citation(xml: str) -> etree._Element:
    return etree.fromstring(f'<mixed-citation publication-type="journal">{xml}</mixed-citation>')


def read(harness: ModuleType, xml: str) -> tuple[str, dict[str, list[str]]]:
    printed = harness.printed_copy(citation(xml))
    return harness.citation_text(printed), harness.truth_of(printed)


def test_authors_in_name(harness: ModuleType) -> None:
    text, truth = read(
        harness,
        "<person-group person-group-type='author'><name><surname>Smith</surname>"
        "<given-names>J.A.</given-names></name>, <name><surname>Jones</surname>"
        "<given-names>B</given-names></name></person-group>. <article-title>A title"
        "</article-title>. <source>J Biol</source> <year>2001</year>;<volume>3</volume>:"
        "<fpage>1</fpage>–<lpage>9</lpage>.",
    )
    assert text == "Smith J.A., Jones B. A title. J Biol 2001;3:1–9."
    assert truth["author_family"] == ["Smith", "Jones"]
    assert truth["author_given"] == ["JA", "B"]


def test_authors_in_string_name_either_order(harness: ModuleType) -> None:
    _, truth = read(
        harness,
        "<string-name><given-names>E.</given-names> <surname>Braunwald</surname></string-name>"
        ", <string-name><surname>Campbell</surname>, <given-names>R. L.</given-names>"
        "</string-name>, “<article-title>Shattuck lecture</article-title>,” "
        "<source>N Engl J Med</source>",
    )
    assert truth["author_family"] == ["Braunwald", "Campbell"]
    assert truth["author_given"] == ["E", "RL"]


def test_bare_string_name_and_collab(harness: ModuleType) -> None:
    _, truth = read(
        harness,
        "<person-group><string-name>L. Onsager</string-name>, <collab>WHO Study Group</collab>"
        "</person-group>. <article-title>Crystal statistics</article-title>.",
    )
    # A bare string-name cannot be split by its tags: all of it is the family name.
    assert truth["author_family"] == ["L. Onsager", "WHO Study Group"]
    assert truth["author_given"] == []


def test_editors_and_names_after_the_title_are_not_authors(harness: ModuleType) -> None:
    _, truth = read(
        harness,
        "<name><surname>Roe</surname><given-names>A</given-names></name>. "
        "<chapter-title>A chapter</chapter-title>. In: <person-group person-group-type="
        "'editor'><name><surname>Doe</surname><given-names>J</given-names></name></person-group>"
        ", editor. <source>A book</source>.",
    )
    assert truth["author_family"] == ["Roe"]


def test_a_name_inside_a_string_name_counts_once(harness: ModuleType) -> None:
    _, truth = read(
        harness,
        "<string-name><name><surname>Lee</surname><given-names>K</given-names></name>"
        "</string-name>. <article-title>T</article-title>.",
    )
    assert truth["author_family"] == ["Lee"]


def test_unprinted_ids_leave_text_and_truth(harness: ModuleType) -> None:
    text, truth = read(
        harness,
        "<source>Nature</source>. <year>1999</year>;<volume>4</volume>:<fpage>1093</fpage>–"
        "<lpage>1097</lpage>.<pub-id pub-id-type='pmid'>10482657</pub-id>"
        "<pub-id pub-id-type='pmcid'>PMC123</pub-id>",
    )
    assert text == "Nature. 1999;4:1093–1097."
    assert truth["pmid"] == []
    assert truth["pmcid"] == []
    assert truth["lpage"] == ["1097"]


def test_printed_ids_stay(harness: ModuleType) -> None:
    text, truth = read(
        harness,
        "<source>Nature</source> <year>1999</year>. doi: <pub-id pub-id-type='doi'>"
        "10.1038/X1</pub-id>. PMID: <pub-id pub-id-type='pmid'>10482657</pub-id>",
    )
    assert text == "Nature 1999. doi: 10.1038/X1. PMID: 10482657"
    assert truth["doi"] == ["10.1038/x1"]
    assert truth["pmid"] == ["10482657"]


def test_an_unlabelled_doi_is_a_link_not_text(harness: ModuleType) -> None:
    text, truth = read(
        harness,
        "<source>Plant J</source> <volume>5</volume>, <fpage>7</fpage>. "
        "<pub-id pub-id-type='doi'>10.1111/tpj.1</pub-id>",
    )
    assert text == "Plant J 5, 7."
    assert truth["doi"] == []


def test_a_label_is_stripped(harness: ModuleType) -> None:
    text, _ = read(harness, "[12] <source>Nature</source> <volume>4</volume>")
    assert text == "Nature 4"
    text, _ = read(harness, "<label>3.</label><source>Nature</source> <volume>4</volume>")
    assert text == "Nature 4"
    # Only a label at the very start: a number later in the text is content.
    text, _ = read(harness, "<source>Nature</source> [12] <volume>4</volume>")
    assert text == "Nature [12] 4"


def test_pretty_printed_layout_is_normalised(harness: ModuleType) -> None:
    xml = """
        [1]
        <string-name>
          <given-names>R.</given-names>
          <surname>Aaij</surname>
        </string-name>
        , \u201c
        <article-title>A title</article-title>
        ,\u201d
        <source>Phys. Rev. D</source>
        .
        <volume>94</volume>
        ,
        <fpage>074012</fpage>
        (
        <year>2016</year>
        ).
    """
    text, truth = read(harness, xml)
    assert text == "R. Aaij, \u201cA title,\u201d Phys. Rev. D. 94, 074012 (2016)."
    assert truth["author_family"] == ["Aaij"]
    assert truth["year"] == ["2016"]


def test_a_citation_on_one_line_keeps_its_spaces(harness: ModuleType) -> None:
    # Not pretty-printed: a space before punctuation is as the publisher printed it.
    text, _ = read(harness, "<source>Rev Fr</source> : <volume>4</volume> ( <year>2001</year> )")
    assert text == "Rev Fr : 4 ( 2001 )"


def test_a_spaced_dash_in_a_pretty_printed_title_stays_spaced(harness: ModuleType) -> None:
    # Layout after a dash glued to the word before it goes (`1–\n 5`); `x – a` is printed.
    xml = """
        <article-title>HTSeq – a Python framework</article-title>.
        <source>Bioinformatics</source>, <volume>31</volume>, <fpage>166</fpage>–
        <lpage>169</lpage>.
    """
    text, _ = read(harness, xml)
    assert text == "HTSeq – a Python framework. Bioinformatics, 31, 166–169."


def test_titles_compare_without_edge_marks(harness: ModuleType) -> None:
    # Whether a `?` or the quotes sit inside `article-title` is the tagger's habit.
    normalise = harness.normalise
    assert normalise("title", "Who fears what and why?") == "Who fears what and why"
    assert normalise("title", "“Paradoxical” sex differences.") == "Paradoxical” sex differences"
    assert normalise("title", "Paradoxical” sex differences") == "Paradoxical” sex differences"
    assert normalise("container", "Nature.") == "Nature"
    # Other fields keep theirs.
    assert normalise("volume", "12?") == "12?"


def test_lost_separators_are_flagged(harness: ModuleType) -> None:
    lost = harness.lost_separators
    between = citation(
        "<person-group person-group-type='author'><name><surname>Albinsky</surname> "
        "<given-names>D</given-names></name> <name><surname>Kusano</surname> "
        "<given-names>M</given-names></name></person-group> (<year>2010</year>)."
    )
    after = citation(
        "<person-group person-group-type='author'><name><surname>Leffler</surname> "
        "<given-names>DA</given-names></name></person-group>\n"
        "<article-title>Nutritional consequences</article-title>."
    )
    kept = citation(
        "<person-group person-group-type='author'><name><surname>Leffler</surname> "
        "<given-names>DA</given-names></name>, <name><surname>Roe</surname> "
        "<given-names>B</given-names></name></person-group>. <article-title>T</article-title>."
    )
    assert lost(between) == "between names"
    assert lost(after) == "after the authors"
    assert lost(kept) == ""


def test_lost_separators_are_put_back_as_printed(harness: ModuleType) -> None:
    names = (
        "<person-group person-group-type='author'><name><surname>Albinsky</surname> "
        "<given-names>D</given-names></name> <name><surname>Kusano</surname> "
        "<given-names>M</given-names></name></person-group> "
    )
    text, truth = read(harness, names + "<article-title>Rice lines</article-title>.")
    assert text == "Albinsky D, Kusano M. Rice lines."
    assert truth["author_family"] == ["Albinsky", "Kusano"]
    # A year that touches the title gets its period too; printed punctuation stays.
    text, _ = read(harness, names + "<year>1959</year> <article-title>Africa</article-title>.")
    assert text == "Albinsky D, Kusano M. 1959. Africa."
    text, _ = read(harness, names + "(<year>1959</year>). <article-title>Africa</article-title>.")
    assert text == "Albinsky D, Kusano M (1959). Africa."
    # `as_stored` reads the string as PMC stored it.
    stored = harness.printed_copy(
        citation(names + "<article-title>Rice lines</article-title>."), as_stored=True
    )
    assert harness.citation_text(stored) == "Albinsky D Kusano M Rice lines."


def test_locator_separators_come_back_only_where_the_citation_is_punctuated(
    harness: ModuleType,
) -> None:
    acs = (
        "<name><surname>Pin</surname><given-names>T. S.</given-names></name>; "
        "<name><surname>Koh</surname><given-names>M.</given-names></name>\n"
        "<article-title>Arsenic in mice</article-title>. <source>Chem. Res. Toxicol.</source>\n"
        "<year>2011</year>, <volume>24</volume><issue>4</issue><fpage>475</fpage>&#x2013;"
        "<lpage>477</lpage>"
    )
    text, _ = read(harness, acs)
    assert text == "Pin T. S.; Koh M. Arsenic in mice. Chem. Res. Toxicol. 2011, 24 (4), 475–477"
    # Old BMC prints no punctuation between fields at all: nothing is put back there.
    bare = (
        "<name><surname>Longo</surname> <given-names>D</given-names></name> "
        "<name><surname>Hasty</surname> <given-names>J</given-names></name> "
        "<article-title>Gene noise</article-title> <source>Mol Syst Biol</source> "
        "<year>2006</year> <volume>2</volume> <fpage>64</fpage>"
    )
    text, _ = read(harness, bare)
    assert text == "Longo D Hasty J Gene noise Mol Syst Biol 2006 2 64"


def test_an_issue_that_lost_its_brackets_and_a_printed_pmid(harness: ModuleType) -> None:
    pretty = (
        "<name><surname>Okoya</surname><given-names>AA</given-names></name>.\n"
        "<source>Adv Environ Biol [Internet]</source>.\n<year>2012</year>;\n"
        "<volume>6</volume>\n<issue>8</issue>:\n<fpage>2344</fpage>&#x2013;\n"
        "<lpage>51</lpage>."
    )
    text, truth = read(harness, pretty)
    assert text.endswith("2012; 6 (8): 2344–51.")
    assert truth["container"] == ["Adv Environ Biol"]  # `[Internet]` names no journal
    untagged = (
        "<source>Environ Sci Technol</source> <volume>49</volume>(20):<fpage>12297</fpage>"
        ", PMID: 26397123."
    )
    _, truth = read(harness, untagged)
    assert (truth["issue"], truth["pmid"]) == (["20"], ["26397123"])


def test_what_is_printed_but_untagged(harness: ModuleType) -> None:
    xml = (
        "Antwis RE, Bhatia SN et al. (<year>2017</year>). <article-title>Fifty questions"
        "</article-title>. <source>FEMS Microbiol Ecol</source> <volume>93</volume>: "
        "<fpage>447</fpage>&#x2013;477. doi: 10.1093/femsec/fix006"
        "<issn>0168-6496</issn>"
    )
    element = citation(xml)
    printed = harness.printed_copy(element)
    text, truth = harness.citation_text(printed), harness.truth_of(printed)
    # PMC's ISSN is no part of the printed reference.
    assert text.endswith("doi: 10.1093/femsec/fix006")
    # The last page and the DOI are printed without tags: their truth is read as printed.
    assert (truth["fpage"], truth["lpage"]) == (["447"], ["477"])
    assert truth["doi"] == ["10.1093/femsec/fix006"]
    # Authors printed without tags have no truth: they are not scored.
    assert harness.untagged_fields(printed) == {"author_family", "author_given"}
    tagged = citation("<name><surname>Antwis</surname></name> (<year>2017</year>).")
    assert harness.untagged_fields(tagged) == frozenset()
    _, number_truth = read(
        harness, "<source>Cycles</source>, <volume>20</volume>, <elocation-id>e7</elocation-id>."
    )
    assert number_truth["fpage"] == ["e7"]


def test_split_keeps_a_publisher_together_and_is_deterministic(harness: ModuleType) -> None:
    cases = [
        harness.Case(where=f"{name}:1", text="x", truth={}, file=name, publisher=publisher)
        for name, publisher, count in [
            ("a.xml", "oxford university press", 30),
            ("b.xml", "oxford university press", 10),
            ("c.xml", "john wiley", 20),
            ("d.xml", "pensoft", 15),
            ("e.xml", "nature", 25),
        ]
        for _ in range(count)
    ]
    first = harness.make_split(cases)
    assert first == harness.make_split(cases)
    assert first["files"]["a.xml"]["part"] == first["files"]["b.xml"]["part"]
    held_out = first["totals"]["held-out"]["references"]
    assert 0 < held_out <= round(len(cases) / 3)
    assert harness.publisher_key("John Wiley & Sons, Ltd", "") == "john wiley"
    assert harness.publisher_key("John Wiley and Sons Inc.", "") == "john wiley"
    assert harness.publisher_key("Frontiers Media S.A.", "") == "frontiers media"
    assert harness.publisher_key("", "BMC Molecular Biology") == "biomed central"
