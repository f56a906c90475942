"""Unit tests of `bibnorm.inputs`: spooled streams, caps, and text cleaned at decoding."""

from __future__ import annotations

import gzip
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibnorm import inputs
from bibnorm.errors import InputError

MEDLINE = "PMID- 99000001\nTI  - A title.\nAU  - Smith J\n"


def read_pipe(data: bytes) -> inputs.Source:
    """`read_source` of a pipe that `data` is written into, as `<(cat file)` gives."""
    read_end, write_end = os.pipe()

    def write() -> None:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        return inputs.read_source(f"/dev/fd/{read_end}")
    finally:
        writer.join()
        os.close(read_end)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_a_pipe_is_spooled_and_read_again_by_independent_streams() -> None:
    data = MEDLINE.encode() * 50_000  # past the pipe's buffer and the spool's chunk
    source = read_pipe(data)
    assert source.path is None  # never reopened by name
    with source.open_binary() as first, source.open_binary() as second:
        assert first.read(10) == data[:10]
        assert second.read(20) == data[:20]
        assert first.read() == data[10:]
    assert source.text == MEDLINE * 50_000


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_a_gzip_pipe_is_decompressed_without_seeking() -> None:
    source = read_pipe(gzip.compress(MEDLINE.encode()))
    assert source.text == MEDLINE


def test_the_gzip_ratio_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "GZIP_RATIO_FLOOR", 10_000)
    with pytest.raises(InputError, match="likely decompression bomb") as info:
        _ = inputs.decode(gzip.compress(MEDLINE.encode() * 20_000), name="bomb.gz").text
    assert info.value.file == "bomb.gz"
    # Text that compresses as text does passes.
    varied = "".join(f"PMID- {n}\nTI  - Title {n * 7919 % 10007}.\n\n" for n in range(5000))
    assert inputs.decode(gzip.compress(varied.encode()), name="ok.gz").text == varied


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_text_read_whole_is_capped(compress: bool) -> None:
    data = MEDLINE.encode() * 100
    source = inputs.decode(
        gzip.compress(data) if compress else data, name="big.txt", max_text_bytes=1000
    )
    with pytest.raises(InputError, match=r"over the 1000-byte limit .* --max-input-mb") as info:
        _ = source.text
    assert info.value.file == "big.txt"
    assert inputs.decode(data, name="big.txt", max_text_bytes=len(data)).text == data.decode()


@pytest.mark.parametrize("chunk", [1, 2, 7, 1024 * 1024], ids=lambda n: f"chunk-{n}")
def test_streamed_text_is_cleaned_as_whole_text_is(chunk: int) -> None:
    abstract = "AB  - " + "An abstract of some length. " * 10 + "\n"
    dirty = ("PMID- 1\u2028TI  - A\x00 title\x07.\r\nAU  - Smith J\x85\x01\n" + abstract) * 3
    data = dirty.encode("utf-8")
    whole = inputs.decode(data, name="x.txt")
    streamed = inputs.decode(data, name="x.txt")
    assert "\n".join(streamed.text_pieces(chunk, chunk)) == whole.text
    assert whole.text == ("PMID- 1\nTI  - A title.\nAU  - Smith J\n\n" + abstract) * 3
    assert streamed.diagnostics == whole.diagnostics
    codes = [d.code for d in whole.diagnostics]
    assert codes == ["input.line-separator", "input.control-characters"]
    controls = whole.diagnostics[1]
    assert controls.line == 2
    assert controls.message == (
        "9 control character(s) removed: NUL at 2:8, U+0007 at 2:15, U+0001 at 4:1, "
        "NUL at 7:8, U+0007 at 7:15, and 4 more"
    )


def test_text_given_as_a_string_is_cleaned_too() -> None:
    source = inputs.from_text("TI  - a\x00b\u2029c", name="<string>")
    assert source.text == "TI  - ab\nc"
    assert {d.code for d in source.diagnostics} == {
        "input.control-characters",
        "input.line-separator",
    }


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(encoding: str) -> None:
    source = inputs.decode(MEDLINE.encode(encoding), name="wide.txt")
    assert source.text == MEDLINE
    assert [d.code for d in source.diagnostics] == ["input.utf16-without-bom"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(MEDLINE.encode("utf-16-le") + b"\x00\xd8x\x00", "looks like UTF-16", id="bad"),
        pytest.param(b"\x00\x01\x02\x03" * 100, "binary file", id="binary"),
    ],
)
def test_what_is_not_text_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        _ = inputs.decode(data, name="x.bin").text


def test_a_stray_nul_does_not_make_text_binary() -> None:
    source = inputs.decode(MEDLINE.replace("A title", "A\x00 title").encode(), name="x.txt")
    assert "A title" in source.text
    assert source.diagnostics[0].message == "1 control character(s) removed: NUL at 2:8"


# Text made of the characters cleaning cares about, between ordinary ones.
_AWKWARD = st.text(
    alphabet=st.sampled_from(list("ab \t\n\r\f\x00\x01\x1f\u2028\u2029\x85é\u2013")), max_size=200
)


@settings(max_examples=200, deadline=None)
@given(text=_AWKWARD, chunk=st.integers(min_value=1, max_value=16))
def test_any_text_streams_as_it_reads_whole(text: str, chunk: int) -> None:
    data = ("PMID- 1\n" + text).encode("utf-8")
    whole = inputs.Source("x.txt", data=data)
    streamed = inputs.Source("x.txt", data=data)
    try:
        expected = whole.text
    except InputError as refusal:  # thick with controls: binary, whichever way it is read
        with pytest.raises(InputError, match=re.escape(refusal.message)):
            list(streamed.text_pieces(chunk, chunk))
        return
    assert "\n".join(streamed.text_pieces(chunk, chunk)) == expected
    assert streamed.diagnostics == whole.diagnostics
    assert not any(control in expected for control in "\x00\x01\x1f\u2028\u2029\x85\r")


def test_the_library_result_carries_what_decoding_found() -> None:
    import bibnorm

    data = MEDLINE.replace("A title", "A\x00 title").encode("utf-16-le")
    result = bibnorm.parse(data, name="x.txt")
    assert [d.code for d in result.diagnostics] == [
        "input.utf16-without-bom",
        "input.control-characters",
    ]
    assert result.records[0].title == "A title"
