"""The one author-line grammar of the page readers (`author_lines`): what `read_authors`
and its template adapter `split_author_line` read alike."""

from __future__ import annotations

from bibnorm.sources.pages.author_lines import (
    parse_nlm_authors,
    read_authors,
    split_author_line,
)


def test_a_group_among_marked_names_is_a_group_not_the_whole_line() -> None:
    authors = read_authors("Maria Rossi 1, Sample Thoracic Surgery Group 2", unmarked=True)
    assert authors is not None
    assert [(a.name, a.group, a.markers) for a in authors] == [
        ("Maria Rossi", False, "1"),
        ("Sample Thoracic Surgery Group", True, "2"),
    ]


def test_spaced_markers_are_read_out_of_context_only_when_every_name_has_some() -> None:
    authors = read_authors("Maria Rossi 1, Jan Kim 2 3, Li Wei # 1 *")
    assert authors is not None
    assert [(a.family, a.markers) for a in authors] == [
        ("Rossi", "1"),
        ("Kim", "2,3"),
        ("Wei", "#,1,*"),
    ]
    assert read_authors("Vitamin D3 Levels In Invented Mice.") is None


def test_template_readers_get_degrees_roles_and_groups() -> None:
    marked = split_author_line(
        "Ann Lee, MD, PhD,1 Bo Kim, professor,2 and on behalf of Sample Group"
    )
    assert marked is not None
    assert [(m.person.family, m.person.literal, m.affiliation_keys) for m in marked] == [
        ("Lee", None, ("1",)),
        ("Kim", None, ("2",)),
        (None, "Sample Group", ()),
    ]


def test_one_word_names_only_where_the_template_says_so() -> None:
    assert read_authors("FreeSurfer", unmarked=True) is None
    marked = split_author_line("Madonna 1")
    assert marked is not None and marked[0].person.literal == "Madonna"


def test_one_nlm_reader_for_lists_and_author_lines() -> None:
    read = parse_nlm_authors("Rossi M, van der Berg J, et al.")
    assert read is not None
    people, et_al = read
    assert [p.family for p in people] == ["Rossi", "van der Berg"] and et_al
    authors = read_authors("Rossi M, van der Berg J, et al.")
    assert authors is not None and [a.family for a in authors] == ["Rossi", "van der Berg"]
