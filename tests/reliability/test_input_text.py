"""Bad text at decoding: Unicode line separators, control characters, UTF-16 without a
byte-order mark, and binary files.

Line separators end lines (MEDLINE tags never merge into the value before), control
characters are removed with a warning that places them by line and column, UTF-16
without a BOM is read with a warning (or refused honestly when unsure), and a binary
file is still refused: exit 3, named, the good input beside it still written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import GOOD_MEDLINE, check, leftovers, run

PAGE = Path(__file__).parents[2] / "samples" / "pubmed-text" / "35743275.txt"
OTHER_MEDLINE = GOOD_MEDLINE.replace("99000001", "99000002").replace("A good", "Another")


def csl(output: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(output)
    return items


def by_pmid(output: str) -> dict[str, dict[str, object]]:
    return {str(item.get("PMID")): item for item in csl(output)}


def separated(separator: str) -> Callable[[str], str]:
    """The text with its first line ends, the PMID line's among them, made `separator`."""
    return lambda text: text.replace("\n", separator, 3)


@pytest.mark.parametrize(
    "separator",
    [
        pytest.param("\u2028", id="line-separator"),
        pytest.param("\u2029", id="paragraph-separator"),
        pytest.param("\x85", id="nel"),
    ],
)
def test_a_line_separator_ends_a_medline_line(tmp_path: Path, separator: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    (tmp_path / "separated.txt").write_text(separated(separator)(OTHER_MEDLINE), encoding="utf-8")
    result = run(
        "parse", "separated.txt", "good.txt", "--to", "csl", "-o", "out.json", cwd=tmp_path
    )
    check(result, status=0, names=("separated.txt",), line=1)
    assert "[input.line-separator]" in result.stderr
    items = by_pmid((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert set(items) == {"99000001", "99000002"}
    # The tags after the separators were read as fields of their own.
    assert items["99000002"]["volume"] == "12"
    assert items["99000002"]["title"] == "Another record beside a bad one"
    assert leftovers(tmp_path, {"good.txt", "separated.txt", "out.json"}) == set()


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["ls", "ps", "nel"])
def test_a_line_separator_ends_a_page_text_line(tmp_path: Path, separator: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    (tmp_path / "separated.txt").write_text(text.replace("\n", separator), encoding="utf-8")
    plain = run("parse", "page.txt", "--to", "csl", cwd=tmp_path)
    result = run("parse", "separated.txt", "--to", "csl", cwd=tmp_path)
    check(result, status=0, names=("separated.txt",), line=1)
    assert csl(result.stdout) == csl(plain.stdout)


CONTROL_CASES = [
    # (what the title holds, the places the warning gives, its count)
    pytest.param("A\x00 good", ["NUL at 5:8"], 1, id="nul"),
    pytest.param("A\x07 go\x1bod", ["U+0007 at 5:8", "U+001B at 5:12"], 2, id="bell-escape"),
    pytest.param("A good\x0b", ["U+000B at 5:13"], 1, id="vertical-tab"),
    pytest.param("A\x01" + "\x02" * 9 + " good", ["U+0001 at 5:8", "U+0002 at 5:9"], 10, id="many"),
]


@pytest.mark.parametrize(("title", "places", "count"), CONTROL_CASES)
def test_control_characters_are_removed_and_placed(
    tmp_path: Path, title: str, places: list[str], count: int
) -> None:
    (tmp_path / "good.txt").write_text(OTHER_MEDLINE, encoding="utf-8")
    (tmp_path / "controls.txt").write_text(GOOD_MEDLINE.replace("A good", title), encoding="utf-8")
    result = run("parse", "controls.txt", "good.txt", "--to", "csl", "-o", "out.json", cwd=tmp_path)
    check(result, status=0, names=("controls.txt",), line=5)
    assert f"{count} control character(s) removed" in result.stderr
    assert "[input.control-characters]" in result.stderr
    for place in places:
        assert place in result.stderr
    if count > 5:
        assert f"and {count - 5} more" in result.stderr
    output = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert "\\u00" not in output  # no control character reached the JSON
    items = by_pmid(output)
    assert items["99000001"]["title"] == "A good record beside a bad one"
    assert set(items) == {"99000001", "99000002"}
    assert leftovers(tmp_path, {"good.txt", "controls.txt", "out.json"}) == set()


def test_control_characters_in_page_text_are_removed(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    dirty = text.replace("Bone Metastasis", "Bone\x00 Metastasis\x08", 1)
    (tmp_path / "dirty.txt").write_text(dirty, encoding="utf-8")
    plain = run("parse", "page.txt", "--to", "csl", cwd=tmp_path)
    result = run("parse", "dirty.txt", "--to", "csl", cwd=tmp_path)
    check(result, status=0, names=("dirty.txt",), line=1)
    assert "NUL at 1:5, U+0008 at 1:17" in result.stderr
    assert csl(result.stdout) == csl(plain.stdout)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_with_a_warning(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    (tmp_path / "wide.txt").write_bytes(
        OTHER_MEDLINE.replace("Another", "Ünïcode").encode(encoding)
    )
    result = run("parse", "wide.txt", "good.txt", "--to", "csl", "-o", "out.json", cwd=tmp_path)
    check(result, status=0, names=("wide.txt",))
    assert "[input.utf16-without-bom]" in result.stderr
    endian = "little" if encoding.endswith("le") else "big"
    assert f"UTF-16 ({endian}-endian)" in result.stderr
    items = by_pmid((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert items["99000002"]["title"] == "Ünïcode record beside a bad one"
    assert set(items) == {"99000001", "99000002"}


def _utf16_broken() -> bytes:
    # NULs every other byte, but a lone surrogate makes it no valid UTF-16.
    return OTHER_MEDLINE.encode("utf-16-le") + b"\x00\xd8A\x00B\x00"


def _binary() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            _utf16_broken, "looks like UTF-16 without a byte-order mark", id="utf16-unsure"
        ),
        pytest.param(_binary, "binary file", id="binary"),
        pytest.param(lambda: b"\x00" * 4096, "binary file", id="all-nul"),
    ],
)
def test_unreadable_text_is_refused_alone(
    tmp_path: Path, make: Callable[[], bytes], message: str
) -> None:
    (tmp_path / "good.txt").write_text(GOOD_MEDLINE, encoding="utf-8")
    (tmp_path / "bad.bin").write_bytes(make())
    result = run("parse", "bad.bin", "good.txt", "--to", "csl", "-o", "out.json", cwd=tmp_path)
    check(result, status=3, names=("bad.bin",))
    assert message in result.stderr
    assert set(by_pmid((tmp_path / "out.json").read_text(encoding="utf-8"))) == {"99000001"}
    assert leftovers(tmp_path, {"good.txt", "bad.bin", "out.json"}) == set()
