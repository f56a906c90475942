"""The parser factory's guards: the attribute pre-scan and what counts as lost input."""

from __future__ import annotations

import lxml.html
import pytest

from bibnorm import xmlparse
from bibnorm.errors import InputError


def _tag(count: int, attribute: str = 'a{i}="1"') -> str:
    return "<p " + " ".join(attribute.format(i=i) for i in range(count)) + ">x</p>"


@pytest.mark.parametrize(
    "text",
    [
        _tag(xmlparse.MAX_ATTRIBUTES),
        _tag(xmlparse.MAX_ATTRIBUTES, attribute='t{i}="<p {i} x y"'),  # `<` in values
        "<p>" + "a b c " * 10_000 + "</p>",  # words in text are not attributes
    ],
    ids=["at-the-cap", "tags-inside-values", "text"],
)
def test_tags_within_the_cap_pass(text: str) -> None:
    xmlparse.refuse_attribute_floods(text, "page.html")
    xmlparse.refuse_attribute_floods(text.encode(), "page.html")


@pytest.mark.parametrize(
    "attribute", ['a{i}="1"', "a{i}='1'", "a{i}=1", "a{i}", 'xmlns:n{i}="urn:{i}"']
)
def test_a_tag_over_the_cap_is_refused_with_its_line(attribute: str) -> None:
    text = "<html>\n<body>\n" + _tag(xmlparse.MAX_ATTRIBUTES + 1, attribute) + "\n"
    for data in (text, text.encode()):
        with pytest.raises(InputError) as raised:
            xmlparse.refuse_attribute_floods(data, "page.html")
        assert str(raised.value).startswith("page.html:3: a tag with more than 1,000")


def test_harmless_recoveries_are_not_lost_input() -> None:
    parser = xmlparse.html_parser()
    lxml.html.document_fromstring("<html><body><p>one<p>two</span></body></html>", parser=parser)
    assert len(parser.error_log) > 0
    assert xmlparse.lost_input(parser.error_log) == []


def test_a_depth_limit_is_lost_input_with_its_line() -> None:
    parser = xmlparse.html_parser()
    page = "<html><body>\n" + "<div>\n" * 300 + "</body></html>"
    lxml.html.document_fromstring(page, parser=parser)
    [lost] = xmlparse.lost_input(parser.error_log)
    assert "depth" in lost.message
    [diagnostic] = xmlparse.lost_input_diagnostics([lost], "html_meta", "HTML")
    assert xmlparse.is_parser_limit(diagnostic)
    assert diagnostic.line == lost.line
    assert diagnostic.severity == "error"
