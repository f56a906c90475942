"""The Dask engine (`bibnorm.dask`, `bibnorm parse --engine dask`) on a two-worker cluster.

One `LocalCluster` on loopback serves the module (two worker processes, one thread
each). Every corpus file (page copies, saved pages and every structured format) goes
through `--engine dask` and through the plain CLI: the files written, the messages and
the exit status must be the same, byte for byte; big files read in parts too. Then: a
file that fails on a worker is reported and the others are written; a worker killed
mid-task (by `dask_kill_plugin`) has its task retried and the output is still whole and
the same; a worker that lacks a plugin names it.

Skipped without the dask extra, a failure under CI=true (see `shared_data.skip_or_fail`).
"""

from __future__ import annotations

import dataclasses
import errno
import gzip
import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from shared_data import SHARED_ROOT, run_cli, shared_path, skip_or_fail
from test_jobs import WHOLE_DOCUMENT_CASES

from bibnorm import cli, output
from bibnorm import dask as bibnorm_dask
from bibnorm.csl import unique_ids
from bibnorm.dask import Settings
from bibnorm.dask import engine as dask_engine
from bibnorm.dask import settings as dask_settings
from bibnorm.errors import InputError, PluginError, UnrecognisedFormatError, UsageError
from bibnorm.jobs import WorkerFailed

FOLDERS = ("pubmed-xml", "medline", "jats", "pubmed-csv", "pubmed-summary-text")
MEDLINE = "rayyan__example3.nbib"


def corpus_files(folders: tuple[str, ...] = FOLDERS) -> list[str]:
    """Every input of the corpus folders named (by default the structured formats'), as
    the CLI would be given them."""
    files = sorted(
        str(path)
        for folder in folders
        for path in (SHARED_ROOT / "corpus" / folder).glob("*")
        if path.is_file() and path.suffix != ".md" and path.name != "expected.json"
    )
    if not files:
        skip_or_fail(f"shared corpus not found under {SHARED_ROOT / 'corpus'}")
    return files


def every_corpus_file() -> list[str]:
    """Every input of every corpus folder: page copies, saved pages, references too."""
    folders = sorted(path.name for path in (SHARED_ROOT / "corpus").glob("*") if path.is_dir())
    return corpus_files(tuple(folders))


@pytest.fixture(scope="module")
def kill_mark(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file `dask_kill_plugin` creates as it kills its worker (not there yet)."""
    return tmp_path_factory.mktemp("kill") / "killed"


@pytest.fixture(scope="module")
def distributed() -> Any:
    """The `distributed` package of the dask extra."""
    try:
        import distributed
    except ImportError:
        skip_or_fail("the dask extra is not installed (pip install 'bibnorm[dask]')")
    return distributed


@pytest.fixture(scope="module")
def cluster(distributed: Any, kill_mark: Path) -> Iterator[Any]:
    """Two worker processes on 127.0.0.1, which see where the kill plugin's mark goes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BIBNORM_TEST_KILL_MARK", str(kill_mark))
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # a free port, as in bibnorm's own cluster
        )
    try:
        yield local
    finally:
        local.close()


@pytest.fixture
def client(distributed: Any, cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as connected:
        connected.wait_for_workers(2)
        yield connected


def both_engines(
    args: list[str], cluster: Any, capsys: pytest.CaptureFixture[str]
) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """`bibnorm parse ARGS` run plain, then with `--engine dask` on `cluster`; `{engine}`
    in an argument becomes `plain` or `dask`. Each run's exit status, stdout and stderr."""
    plain = run_cli([arg.replace("{engine}", "plain") for arg in args], capsys)
    dask_args = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
    on_dask = run_cli([*(arg.replace("{engine}", "dask") for arg in args), *dask_args], capsys)
    return plain, on_dask


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root`, by its path below it."""
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.mark.parametrize("to", ["csl", "json"])
def test_every_corpus_file_as_the_plain_cli_writes_it(
    cluster: Any, to: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = every_corpus_file()
    assert len(files) > len(corpus_files()) + 100
    out_dir = str(tmp_path / "{engine}")
    plain, on_dask = both_engines(
        ["parse", *files, "--to", to, "--out-dir", out_dir], cluster, capsys
    )
    written = tree(tmp_path / "dask")
    assert len(written) > 250  # every file with records wrote one
    assert written == tree(tmp_path / "plain")
    assert on_dask == plain  # exit status, stdout (empty) and every message


def test_big_files_read_in_parts_as_the_plain_cli_writes_them(
    cluster: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Parts of 16 KB: every PubMed XML and MEDLINE file of the corpus above that is read
    # by several tasks, joined by another.
    monkeypatch.setattr(dask_settings, "PART_BYTES", 16 * 1024)
    files = [file for file in corpus_files() if Path(file).stat().st_size > 16 * 1024]
    settings = bibnorm_dask.settings_for(to="csl")
    host = dask_settings.worker_host(settings)
    planned = {file: bibnorm_dask.plan_parts(file, settings, host) for file in files}
    in_parts = {file: len(plan[1]) for file, plan in planned.items() if plan is not None}
    assert len(in_parts) >= 10
    assert {Path(file).parent.name for file in in_parts} == {"pubmed-xml", "medline"}
    assert max(in_parts.values()) > 100
    out_dir = str(tmp_path / "{engine}")
    plain, on_dask = both_engines(
        ["parse", *files, "--to", "csl", "-v", "--out-dir", out_dir], cluster, capsys
    )
    assert tree(tmp_path / "dask") == tree(tmp_path / "plain")
    assert on_dask == plain


@pytest.mark.parametrize("case", sorted(WHOLE_DOCUMENT_CASES))
def test_a_part_that_does_not_read_alone_has_the_input_read_whole(
    case: str,
    cluster: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(dask_settings, "PART_BYTES", 1)  # a part per record
    path = tmp_path / f"{case}.xml"
    path.write_text(WHOLE_DOCUMENT_CASES[case])
    args = ["parse", str(path), "--from", "pubmed-xml", "--to", "csl", "-v"]
    plain, on_dask = both_engines(args, cluster, capsys)
    assert on_dask == plain


def test_workers_that_do_not_share_the_disk_send_the_items_back(
    cluster: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere = bibnorm_dask.SharedFolder(str(tmp_path / "not-on-this-disk"), "token")
    monkeypatch.setattr(bibnorm_dask.SharedFolder, "mark", lambda out_dir: elsewhere)
    files = corpus_files()[::7]
    out_dir = str(tmp_path / "{engine}")
    plain, on_dask = both_engines(
        ["parse", *files, "--to", "ris", "--out-dir", out_dir], cluster, capsys
    )
    assert tree(tmp_path / "dask") == tree(tmp_path / "plain")
    assert len(tree(tmp_path / "dask")) > 5
    assert on_dask == plain


def test_a_worker_writes_only_where_it_sees_the_callers_mark(tmp_path: Path) -> None:
    settings = bibnorm_dask.settings_for(to="csl")
    file = str(shared_path("corpus", "medline", MEDLINE))
    mark = bibnorm_dask.SharedFolder.mark(tmp_path / "out" / "below")
    assert mark is not None and Path(mark.path).parent == tmp_path  # the nearest folder
    target = tmp_path / "out" / "x.json"
    elsewhere = bibnorm_dask.SharedFolder(mark.path, "another token")

    sent_back = bibnorm_dask.write_for_cli(
        bibnorm_dask.read_input(file, settings), str(target), settings, elsewhere
    )
    assert not sent_back.written and not target.exists()
    assert len(sent_back.items()) == 1

    written = bibnorm_dask.write_for_cli(
        bibnorm_dask.read_input(file, settings), str(target), settings, mark
    )
    assert written.written and written.write_error is None
    assert written.items() == []  # the messages come back, not the items
    assert [item["id"] for item in json.loads(target.read_text())] == [
        item["id"] for item in sent_back.items()
    ]
    mark.remove()
    assert not Path(mark.path).exists()


def _full_disk_for(marker: str) -> None:
    """In this process, make writing an output whose path holds `marker` fail as a full
    disk does (and every other output write as usual)."""
    written = getattr(output, "_write_output_before_test", output.write_output)
    output._write_output_before_test = written  # type: ignore[attr-defined]

    def write_output(target: Path, write: Any) -> None:
        if marker in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        written(target, write)

    output.write_output = write_output  # type: ignore[assignment]


def _disk_as_it_was() -> None:
    written = getattr(output, "_write_output_before_test", None)
    if written is not None:
        output.write_output = written


def test_a_file_a_worker_cannot_write_is_reported_as_the_plain_cli_reports_it(
    client: Any, cluster: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(shared_path("corpus", "medline", MEDLINE)), *corpus_files()[:3]]
    client.run(_full_disk_for, MEDLINE)
    _full_disk_for(MEDLINE)
    try:
        out_dir = str(tmp_path / "{engine}")
        plain, on_dask = both_engines(
            ["parse", *files, "--to", "csl", "--out-dir", out_dir], cluster, capsys
        )
    finally:
        _disk_as_it_was()
        client.run(_disk_as_it_was)
    status, _, messages = on_dask
    assert status == cli.EXIT_INPUT
    assert f"{MEDLINE}.csl.json: cannot write: No space left on device" in messages
    assert len(tree(tmp_path / "dask")) == 3  # the others are written
    assert tree(tmp_path / "dask") == tree(tmp_path / "plain")
    assert on_dask == (plain[0], plain[1], plain[2].replace("plain", "dask"))


def test_an_fsspec_url_is_read_as_the_file_it_names(
    cluster: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `local://` goes through fsspec, as `s3://` or `https://` would, `.gz` decompressed.
    original = shared_path("corpus", "medline", MEDLINE)
    path = tmp_path / f"{MEDLINE}.gz"
    path.write_bytes(gzip.compress(original.read_bytes()))
    url = f"local://{path}"
    plain = run_cli(["parse", str(path), "--to", "csl"], capsys)
    on_dask = run_cli(
        ["parse", url, "--to", "csl", "--engine", "dask", "--scheduler", cluster.scheduler_address],
        capsys,
    )
    assert json.loads(plain[1])
    assert on_dask == (plain[0], plain[1], plain[2].replace(str(path), url))


def test_one_output_of_several_inputs(
    cluster: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = corpus_files()[::3]  # a third of them, of every format
    plain, on_dask = both_engines(["parse", *files, "--to", "jsonl"], cluster, capsys)
    assert plain[1].count("\n") > 100
    assert on_dask == plain


def test_a_failing_file_is_reported_and_the_others_written(
    cluster: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = shared_path("corpus", "medline", MEDLINE)
    shopping = tmp_path / "shopping.txt"
    shopping.write_text("eggs\nmilk\nbread\n")
    names = [str(good), str(tmp_path / "missing.xml"), str(shopping)]
    out_dir = str(tmp_path / "{engine}")
    plain, on_dask = both_engines(
        ["parse", *names, "--to", "csl", "--out-dir", out_dir], cluster, capsys
    )
    status, _, messages = on_dask
    assert status == cli.EXIT_INPUT
    assert "missing.xml: no such file" in messages
    assert "shopping.txt:1: unrecognised format" in messages
    assert [path.name for path in (tmp_path / "dask").rglob("*") if path.is_file()] == [
        MEDLINE + ".csl.json"
    ]
    assert tree(tmp_path / "dask") == tree(tmp_path / "plain")
    assert on_dask == plain


def test_relative_names_folders_gzip_and_every_field_as_the_plain_cli(
    cluster: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "in" / "medline"
    folder.mkdir(parents=True)
    for path in shared_path("corpus", "medline").glob("*.nbib"):
        folder.joinpath(path.name).write_bytes(path.read_bytes())
    original = folder / MEDLINE
    (folder / f"{MEDLINE}.gz").write_bytes(gzip.compress(original.read_bytes()))
    monkeypatch.chdir(tmp_path)  # the workers read "in/..." from here, not from their own
    args = ["parse", "-r", "in", "-v", "--with-related", "--to", "csl", "--out-dir", "{engine}"]
    plain, on_dask = both_engines(args, cluster, capsys)
    assert (tmp_path / "dask" / "medline" / f"{MEDLINE}.gz.csl.json").is_file()
    assert tree(tmp_path / "dask") == tree(tmp_path / "plain")
    assert on_dask == plain


@pytest.mark.usefixtures("distributed")
def test_without_an_address_a_cluster_of_this_machine_reads_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = corpus_files()[::10]
    plain = run_cli(["parse", *files, "--to", "csl"], capsys)
    on_dask = run_cli(["parse", *files, "--to", "csl", "--engine", "dask"], capsys)
    assert plain[1].startswith("[")
    assert on_dask == plain


def test_a_killed_worker_has_its_task_retried_and_the_output_whole(
    client: Any, kill_mark: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(shared_path("corpus", "medline", MEDLINE)), *corpus_files()[:4]]
    settings = bibnorm_dask.settings_for(to="csl", plugins=["dask_kill_plugin"])
    assert "dask_kill_plugin" in settings.expected_plugins
    results = client.compute(bibnorm_dask.write_outputs(files, tmp_path / "d", settings), sync=True)

    assert kill_mark.exists()  # a worker did die mid-task
    assert all(result.run.error is None for result in results)
    assert sum(result.target is not None for result in results) == len(files)
    run_cli(["parse", *files, "--to", "csl", "--out-dir", str(tmp_path / "p")], capsys)
    assert tree(tmp_path / "d") == tree(tmp_path / "p")
    client.wait_for_workers(2)  # the nanny started another


def test_a_worker_without_a_plugin_names_it(client: Any) -> None:
    settings = bibnorm_dask.settings_for(to="csl")
    wanting = dataclasses.replace(
        settings, expected_plugins=(*settings.expected_plugins, "bibnorm-imaginary")
    )
    file = str(shared_path("corpus", "medline", MEDLINE))
    [run] = client.compute(bibnorm_dask.outcomes_bag([file], wanting), sync=True)
    assert isinstance(run.error, PluginError)
    assert "plugin 'bibnorm-imaginary': not loaded on Dask worker tcp://127.0.0.1:" in str(
        run.error
    )
    assert run.outcomes == []
    assert not run.ok


def test_items_bag_gives_the_items_the_cli_writes(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    files = corpus_files()[-12::3]
    items = client.compute(
        bibnorm_dask.items_bag(files, bibnorm_dask.settings_for(to="csl")), sync=True
    )
    _, written, _ = run_cli(["parse", *files, "--to", "csl"], capsys)
    assert len(items) > 10
    # As records give them: the CSL writer makes ids unique across its output (pmid:1/2).
    assert {item["id"] for item in items} < {item["id"] for item in json.loads(written)}
    assert list(unique_ids(items)) == json.loads(written)


def test_records_bag_gives_each_inputs_outcome(client: Any, tmp_path: Path) -> None:
    good = str(shared_path("corpus", "medline", MEDLINE))
    outcomes = client.compute(
        bibnorm_dask.records_bag([good, str(tmp_path / "missing.txt")]), sync=True
    )
    assert [outcome.file for outcome in outcomes] == [good, str(tmp_path / "missing.txt")]
    assert outcomes[0].ok
    assert outcomes[0].format == "medline"
    assert all(record.identifiers for record in outcomes[0].records)
    assert isinstance(outcomes[1].error, InputError)


def test_parquet_holds_the_flat_csl_fields_of_every_item(
    client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        from pyarrow import parquet
    except ImportError:
        skip_or_fail("pyarrow is not installed (pip install 'bibnorm[dask]')")
    good = str(shared_path("corpus", "medline", MEDLINE))
    files = [good, str(tmp_path / "missing.xml"), *corpus_files()[-12::3]]
    results = client.compute(bibnorm_dask.to_parquet(files, tmp_path / "table"), sync=True)

    assert [result.target is not None for result in results] == [
        True,
        False,
        True,
        True,
        True,
        True,
    ]
    assert isinstance(results[1].run.error, InputError)
    table = parquet.read_table(tmp_path / "table")
    assert table.column_names == [name for name, _ in bibnorm_dask.PARQUET_COLUMNS]
    rows = table.to_pylist()
    _, written, _ = run_cli(["parse", good, *files[2:], "--to", "csl"], capsys)
    assert len(rows) == len(json.loads(written))
    assert rows[0] == {
        "file": good,
        "id": "pmid:123456",
        "type": "article-journal",
        "title": "A title for a research article",
        "container_title": "A journal title",
        "authors": "a1_last_name a1_first_name; a2_last_name a2_first_name",
        "year": 2020,
        "volume": "1",
        "issue": "10",
        "page": "pagination1",
        "doi": None,
        "pmid": "123456",
        "pmcid": None,
        "issn": None,
        "language": "en",
    }
    assert {row["pmid"] for row in rows} == {item.get("PMID") for item in json.loads(written)}


def test_a_flat_csl_row_names_people_as_family_given() -> None:
    item = {
        "id": "x",
        "author": [{"family": "Curie", "given": "Marie"}, {"literal": "WHO Group"}],
        "issued": {"date-parts": [[1903, 6]]},
    }
    row = bibnorm_dask.flat_csl(item, "a.xml")
    assert row["authors"] == "Curie, Marie; WHO Group"
    assert row["year"] == 1903
    assert row["title"] is None


# Without a cluster --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "refused"),
    [
        (["--enrich"], "--enrich"),
        (["-j", "2"], "-j/--jobs"),
        (["--timeout", "5"], "--timeout"),
    ],
)
def test_options_the_dask_engine_cannot_honour_are_refused(
    options: list[str], refused: str, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(shared_path("corpus", "medline", MEDLINE))
    status, out, err = run_cli(["parse", file, "--engine", "dask", *options], capsys)
    assert status == cli.EXIT_USAGE
    assert out == ""
    assert f"bibnorm: error: --engine dask cannot be used with {refused}" in err


def test_a_scheduler_without_the_dask_engine_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run_cli(["parse", "x.txt", "--scheduler", "tcp://127.0.0.1:1"], capsys)
    assert status == cli.EXIT_USAGE
    assert "--scheduler needs --engine dask" in err


@pytest.mark.usefixtures("distributed")
def test_a_scheduler_address_that_is_no_address_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    file = str(shared_path("corpus", "medline", MEDLINE))
    status, out, err = run_cli(
        ["parse", file, "--engine", "dask", "--scheduler", "nowhere"], capsys
    )
    assert status == cli.EXIT_USAGE
    assert out == ""
    assert "bibnorm: error: cannot reach the Dask scheduler at nowhere: " in err


def test_a_missing_extra_says_how_to_install_it() -> None:
    with pytest.raises(UsageError, match=r"pip install 'bibnorm\[dask\]'"):
        dask_settings.extra("bibnorm_no_such_module")


class _LostFuture:
    """A task the cluster gave up on, as `distributed` reports one whose workers kept dying."""

    def result(self) -> Any:
        raise RuntimeError("Attempted to run task on 3 different workers; all died")

    def release(self) -> None:
        pass


class _GivingUpClient:
    def __init__(self) -> None:
        self.submitted: list[str] = []

    def nthreads(self) -> dict[str, int]:
        return {"tcp://127.0.0.1:1": 1}

    def compute(self, run: str) -> _LostFuture:
        self.submitted.append(run)
        return _LostFuture()


def _name_as_task(name: str, settings: Settings, host: Any) -> str:
    """Stands for `bibnorm.dask.run_of`: the input's name as its task."""
    return name


def test_an_input_the_cluster_gives_up_on_is_that_inputs_error_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dask_engine, "run_of", _name_as_task)
    client = _GivingUpClient()
    remote = bibnorm_dask.RemoteInputs(client, ["a.xml", "b.xml", "c.xml"], Settings())
    runs = [remote.run_of(name) for name in ("a.xml", "b.xml", "c.xml")]
    assert client.submitted == ["a.xml", "b.xml", "c.xml"]  # two ahead, one at a time
    assert [run.file for run in runs] == ["a.xml", "b.xml", "c.xml"]
    error = runs[1].error
    assert isinstance(error, WorkerFailed)
    assert error.exit_status == cli.EXIT_PLUGIN
    assert str(error) == (
        "b.xml: the Dask workers reading it failed: RuntimeError: "
        "Attempted to run task on 3 different workers; all died"
    )


@pytest.mark.parametrize(
    "error",
    [
        InputError("no such file", file="a.txt"),
        UnrecognisedFormatError("b.txt", [("medline", 0.2)]),
        PluginError("bibnorm-x", "raised in parse", file="c.xml"),
        WorkerFailed("d.xml: a worker died", 4),
    ],
    ids=["input", "unrecognised", "plugin", "worker"],
)
def test_errors_travel_between_processes_as_they_are(error: Exception) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert vars(again) == vars(error)
