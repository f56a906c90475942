"""Reading inputs: encodings, line ends, compressed files, and the errors a user can fix."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from bibnorm import detect, inputs
from bibnorm.errors import InputError

TEXT = "Title línea\nsecond line — dash\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(TEXT.encode("cp1252"), id="cp1252"),
        pytest.param(TEXT.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(TEXT.replace("\n", "\r").encode("utf-8"), id="old-mac-cr"),
        pytest.param(gzip.compress(TEXT.encode("utf-8")), id="gzip"),
    ],
)
def test_decode_gives_the_same_text(data: bytes) -> None:
    source = inputs.decode(data, name="in.txt")
    assert source.text == TEXT
    assert source.lines()[:2] == ["Title línea", "second line — dash"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"  \n\t\n", "empty", id="blank"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="png"),
        pytest.param(b"\x1f\x8b\x08\x00garbage", "gzip", id="broken-gzip"),
    ],
)
def test_unreadable_data_is_an_input_error(data: bytes, expected: str) -> None:
    with pytest.raises(InputError, match=expected) as info:
        inputs.decode(data, name="bad.bin")
    assert info.value.file == "bad.bin"
    assert str(info.value).startswith("bad.bin")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        inputs.read_source(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="is a directory"):
        inputs.read_source(tmp_path)


def test_read_source_keeps_the_name_as_given(tmp_path: Path) -> None:
    file = tmp_path / "page.txt"
    file.write_text(TEXT, encoding="utf-8")
    source = inputs.read_source(file)
    assert source.name == str(file)
    assert source.path == file
    assert detect.sample_of(source).text == TEXT


def test_sample_is_bounded() -> None:
    source = inputs.from_text("x" * (detect.SAMPLE_CHARS * 3), name="big")
    assert len(detect.sample_of(source).text) == detect.SAMPLE_CHARS


def test_a_file_is_only_read_when_asked(tmp_path: Path) -> None:
    file = tmp_path / "big.txt"
    file.write_text("line\n" * 200_000, encoding="utf-8")
    source = inputs.read_source(file)
    assert detect.sample_of(source).text.startswith("line\nline\n")
    assert "text" not in vars(source)  # detection read only the head
    assert len(source.lines()) == 200_001


def test_gzip_file_streams_and_decodes(tmp_path: Path) -> None:
    file = tmp_path / "page.txt.gz"
    file.write_bytes(gzip.compress(TEXT.encode("utf-16")))
    source = inputs.read_source(file)
    assert source.text == TEXT
    with source.open_binary() as stream:
        assert stream.read(2) == TEXT.encode("utf-16")[:2]  # the BOM, decompressed


def test_decompressed_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "bomb.txt.gz"
    file.write_bytes(gzip.compress(b"a" * 100_000))
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 50_000)
    with pytest.raises(InputError, match="decompresses to more than") as info:
        _ = inputs.read_source(file).text
    assert info.value.file == str(file)
