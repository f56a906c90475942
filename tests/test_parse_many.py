"""`bibnorm.parse_many`: one outcome per input, in order, and a bad input never stops
the batch; `bibnorm.iter_records` kept as the simple case."""

from __future__ import annotations

import gzip
import io
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import bibnorm
from bibnorm import cli, hookimpl
from bibnorm.model import Diagnostic, FailedRecord, Record
from bibnorm.registry import Sample, Source, SourceAdapter

REPO_ROOT = Path(__file__).resolve().parents[1]
PAGE = REPO_ROOT / "samples/pubmed-text/35743275.txt"
BROKEN_MEDLINE = REPO_ROOT / "samples/medline/broken-records.txt"
TWO_ARTICLES = REPO_ROOT / "samples/pubmed-xml/title-markup.xml"
SHOPPING_LIST = "milk\neggs\nbread\n"


def cut_inside_last_record(xml: str) -> str:
    """PubMed XML as a download cut off in its last record's author list leaves it."""
    return xml[: xml.rindex("<AuthorList")]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a good file, a broken file and a non-bibliographic file."""
    shutil.copy(PAGE, tmp_path / "a-page.txt")
    xml = TWO_ARTICLES.read_text(encoding="utf-8")
    (tmp_path / "b-cut-off.xml").write_text(cut_inside_last_record(xml), encoding="utf-8")
    (tmp_path / "c-shopping.txt").write_text(SHOPPING_LIST, encoding="utf-8")
    return tmp_path


def test_a_folder_gives_the_three_outcomes(folder: Path, host: bibnorm.PluginHost) -> None:
    good, broken, other = bibnorm.parse_many(folder, recursive=True, host=host)

    assert good.file == str(folder / "a-page.txt")
    assert good.format == "pubmed-text"
    assert [r.identifier("pmid") for r in good.records] == ["35743275"]
    assert good.ok and good.error is None and not good.failed

    # The article before the cut is read; the one cut off is a failed record, not lost.
    assert broken.format == "pubmed-xml"
    assert [r.identifier("pmid") for r in broken.records] == ["99100021"]
    [failed] = broken.failed
    assert failed.span is not None and failed.span.start == 56  # its <PubmedArticle> line
    assert failed.diagnostics[0].code == "pubmed_xml.malformed-xml"
    assert broken.error is None and not broken.ok

    assert other.file == str(folder / "c-shopping.txt")
    assert isinstance(other.error, bibnorm.UnrecognisedFormatError)
    assert other.error.file == other.file
    assert other.format is None and other.records == () and not other.ok


def test_given_order_is_kept_and_a_directory_expands_in_its_place(
    folder: Path, tmp_path_factory: pytest.TempPathFactory, host: bibnorm.PluginHost
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "z-first.txt"
    shutil.copy(PAGE, elsewhere)
    outcomes = list(bibnorm.parse_many([elsewhere, folder, PAGE], recursive=True, host=host))
    assert [Path(o.file).name for o in outcomes] == [
        "z-first.txt",
        "a-page.txt",
        "b-cut-off.xml",
        "c-shopping.txt",
        "35743275.txt",
    ]


def test_recursive_reads_subfolders_sorted_and_leaves_hidden_files_out(
    tmp_path: Path, host: bibnorm.PluginHost
) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    shutil.copy(PAGE, tmp_path / "b" / "deeper" / "page.txt")
    shutil.copy(PAGE, tmp_path / "a.txt")
    shutil.copy(PAGE, tmp_path / "b" / ".hidden.txt")
    # A hidden folder's files are no inputs either (a repository's `.git/` objects).
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    shutil.copy(PAGE, tmp_path / ".git" / "objects" / "page.txt")
    names = [o.file for o in bibnorm.parse_many(tmp_path, recursive=True, host=host)]
    assert names == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "deeper" / "page.txt")]
    # The folder named may itself be hidden: the user asked for it.
    shutil.copy(PAGE, tmp_path / ".git" / "objects" / "b.txt")
    names = [o.file for o in bibnorm.parse_many(tmp_path / ".git", recursive=True, host=host)]
    assert names == [str(tmp_path / ".git" / "objects" / n) for n in ("b.txt", "page.txt")]


def test_a_directory_without_recursive_is_an_input_that_cannot_be_read(
    folder: Path, host: bibnorm.PluginHost
) -> None:
    [outcome] = bibnorm.parse_many(folder, host=host)
    assert isinstance(outcome.error, bibnorm.InputError)
    assert "is a directory" in outcome.error.message
    assert outcome.file == str(folder)


def test_an_empty_directory_is_reported_and_the_batch_goes_on(
    tmp_path: Path, host: bibnorm.PluginHost
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".only-hidden").write_text("x", encoding="utf-8")
    empty, page = bibnorm.parse_many([tmp_path / "empty", PAGE], recursive=True, host=host)
    assert isinstance(empty.error, bibnorm.InputError)
    assert str(empty.error) == f"{tmp_path / 'empty'}: directory holds no files"
    assert page.ok


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"", "empty input", id="empty"),
        pytest.param(b"  \n\t\n", "empty input", id="blank"),
        pytest.param(b"\x00\x01\x02\x03" * 400, "binary file", id="binary"),
    ],
)
def test_an_unreadable_file_is_its_own_outcome(
    tmp_path: Path, content: bytes, expected: str, host: bibnorm.PluginHost
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    missing = tmp_path / "missing.txt"
    outcomes = list(bibnorm.parse_many([bad, missing, PAGE], host=host))
    assert [o.file for o in outcomes] == [str(bad), str(missing), str(PAGE)]
    for outcome, message in zip(outcomes, [expected, "no such file"], strict=False):
        assert isinstance(outcome.error, bibnorm.InputError)
        assert message in outcome.error.message
        assert outcome.error.file == outcome.file
        assert outcome.format is None and not outcome.ok
    assert outcomes[-1].ok


def test_standard_input_is_read_for_a_dash(
    monkeypatch: pytest.MonkeyPatch, host: bibnorm.PluginHost
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(PAGE.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    [outcome] = bibnorm.parse_many("-", host=host)
    assert outcome.file == "<stdin>"
    assert outcome.ok
    assert outcome.records[0].provenance is not None
    assert outcome.records[0].provenance.file == "<stdin>"


def test_failed_records_inside_a_good_file_are_reported(host: bibnorm.PluginHost) -> None:
    [outcome] = bibnorm.parse_many(BROKEN_MEDLINE, host=host)
    assert outcome.error is None and not outcome.ok
    assert len(outcome.records) == 4
    # The stray lines between records and the block without PMID, title or author.
    assert [(f.span.start, f.span.end) for f in outcome.failed if f.span] == [(12, 13), (19, 20)]
    assert [f.diagnostics[0].code for f in outcome.failed] == [
        "medline.not-a-record",
        "medline.nothing-to-cite",
    ]
    assert "This line is not a MEDLINE line" in outcome.failed[0].raw


def test_deletions_and_input_diagnostics_are_kept(tmp_path: Path, host: bibnorm.PluginHost) -> None:
    update, page = bibnorm.parse_many(
        [REPO_ROOT / "samples/pubmed-xml/update-with-deletion.xml", _with_a_nul(tmp_path)],
        host=host,
    )
    assert [pmid for d in update.deletions for pmid in d.pmids]
    assert "input.control-characters" in [d.code for d in page.diagnostics]
    assert page.ok  # a warning is not a failure


def _with_a_nul(tmp_path: Path) -> Path:
    path = tmp_path / "nul.txt"
    path.write_bytes(PAGE.read_bytes().replace(b"\n- PMID", b"\x00\n- PMID", 1))
    return path


def test_an_unknown_format_is_refused_before_any_input_is_read(host: bibnorm.PluginHost) -> None:
    with pytest.raises(bibnorm.UsageError, match="unknown input format 'nope'"):
        bibnorm.parse_many(REPO_ROOT / "no-such-file.txt", format="nope", host=host)


def test_demand_is_passed_to_every_input(host: bibnorm.PluginHost) -> None:
    sample = REPO_ROOT / "samples/pubmed-xml/full-article.xml"
    [cited] = bibnorm.parse_many(sample, demand=bibnorm.CITATION, host=host)
    [whole] = bibnorm.parse_many(sample, host=host)
    assert cited.records == bibnorm.parse_file(sample, demand=bibnorm.CITATION, host=host).records
    assert whole.records[0].mesh_terms and not cited.records[0].mesh_terms


def test_a_broken_gzip_download_keeps_what_was_read_and_says_why(
    tmp_path: Path, host: bibnorm.PluginHost
) -> None:
    xml = TWO_ARTICLES.read_text(encoding="utf-8")
    first = xml[xml.index("<PubmedArticle>") : xml.index("</PubmedArticle>") + 16]
    many = "".join(first.replace("99100021", str(99100021 + i)) for i in range(400))
    data = gzip.compress(xml.replace(first, many, 1).encode())
    cut = tmp_path / "baseline.xml.gz"
    cut.write_bytes(data[: len(data) * 9 // 10])
    broken, page = bibnorm.parse_many([cut, PAGE], host=host)
    assert isinstance(broken.error, bibnorm.InputError)
    assert "broken gzip data" in broken.error.message
    assert broken.format == "pubmed-xml" and not broken.ok
    pmids = [r.identifier("pmid") for r in broken.records]
    assert 0 < len(pmids) < 400  # those before the cut, in order
    assert pmids == [str(99100021 + i) for i in range(len(pmids))]
    assert page.ok


class CrashingAdapter:
    """Reads one record of a `CRASH` file, then fails as a buggy adapter would."""

    name = "crash"
    description = "an adapter with a bug"

    def sniff(self, sample: Sample) -> float:
        if sample.text.startswith("SNIFF-BUG"):
            raise ValueError("sniff bug")
        return 0.9 if sample.text.startswith("CRASH") else 0.0

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        yield Record(title="Read before the crash")
        raise KeyError("a bug")


class SilentAdapter:
    """Finds nothing in what it is given."""

    name = "silent"
    description = "an adapter that reads no record"

    def sniff(self, sample: Sample) -> float:
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | FailedRecord]:
        yield from ()


class OddPlugin:
    @hookimpl
    def bibnorm_register_sources(self, register: Callable[[SourceAdapter], None]) -> None:
        register(CrashingAdapter())
        register(SilentAdapter())


@pytest.fixture
def odd_host() -> bibnorm.PluginHost:
    return bibnorm.create_host(autoload=False, extra_plugins=[("crashy", OddPlugin())])


def test_a_plugin_bug_is_the_inputs_error_and_the_batch_goes_on(
    tmp_path: Path, odd_host: bibnorm.PluginHost
) -> None:
    crash = tmp_path / "crash.txt"
    crash.write_text("CRASH\n", encoding="utf-8")
    crashed, page = bibnorm.parse_many([crash, PAGE], host=odd_host)
    assert isinstance(crashed.error, bibnorm.PluginError)
    assert crashed.error.plugin == "crashy"
    assert "adapter 'crash' raised KeyError" in crashed.error.message
    assert crashed.format == "crash"
    assert [r.title for r in crashed.records] == ["Read before the crash"]
    assert not crashed.ok
    assert page.ok and page.records[0].identifier("pmid") == "35743275"


def test_a_plugin_failing_to_sniff_an_input_is_noted_on_that_input(
    tmp_path: Path, odd_host: bibnorm.PluginHost
) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text("SNIFF-BUG\n" + PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    outcome, page = bibnorm.parse_many([odd, PAGE], host=odd_host)
    [note] = [d for d in outcome.diagnostics if d.code == "plugin.failed"]
    assert "'crashy'" in note.message and "sniff bug" in note.message
    assert note.severity == "warning"
    assert all(d.code != "plugin.failed" for d in page.diagnostics)


def test_an_input_with_nothing_in_it_says_so(tmp_path: Path, odd_host: bibnorm.PluginHost) -> None:
    shopping = tmp_path / "shopping.txt"
    shopping.write_text(SHOPPING_LIST, encoding="utf-8")
    [outcome] = bibnorm.parse_many(shopping, format="silent", host=odd_host)
    assert outcome.format == "silent" and outcome.error is None
    assert outcome.records == () and not outcome.ok
    assert [d.code for d in outcome.diagnostics] == ["pipeline.no-records"]
    assert outcome.diagnostics[0].severity == "error"


def test_ok_counts_an_error_diagnostic_on_a_record() -> None:
    cut_short = Diagnostic(code="pubmed_xml.parser-limit", message="cut", severity="error")
    warned = Diagnostic(code="x.warning", message="odd", severity="warning")
    outcome = bibnorm.InputOutcome(file="f", format="pubmed-xml", records=(Record(title="t"),))
    assert outcome.ok
    assert bibnorm.InputOutcome(file="f", records=(Record(title="t", diagnostics=(warned,)),)).ok
    assert not bibnorm.InputOutcome(
        file="f", records=(Record(title="t", diagnostics=(cut_short,)),)
    ).ok


def test_iter_records_still_stops_at_the_first_bad_input(
    folder: Path, host: bibnorm.PluginHost
) -> None:
    records = bibnorm.iter_records(
        [PAGE, BROKEN_MEDLINE, folder / "c-shopping.txt", PAGE], host=host
    )
    assert next(records).identifier("pmid") == "35743275"
    # The failed records of the MEDLINE file are skipped: its four records only.
    assert len([next(records) for _ in range(4)]) == 4
    with pytest.raises(bibnorm.UnrecognisedFormatError):
        next(records)


def test_the_readme_example_prints_what_it_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    [code] = [
        block
        for block in re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
        if "parse_many" in block
    ]
    shown = code.split("# Prints:\n", 1)[1]
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert printed == "".join(line.removeprefix("# ") + "\n" for line in shown.splitlines())


def test_the_command_line_still_reports_an_empty_directory_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    status = cli.main(["parse", "-r", "--no-plugins", str(tmp_path / "empty"), str(PAGE)])
    captured = capsys.readouterr()
    assert status == 3
    assert f"bibnorm: error: {tmp_path / 'empty'}: directory holds no files\n" in captured.err
    assert "35743275" in captured.out
