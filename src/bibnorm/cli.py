"""The `bibnorm` command line: parse, fetch, detect, formats, plugins.

Results go to standard output (or to files, written whole or not at all); every message
goes to standard error as one line that names the file. A user's mistake never ends in
a traceback: errors map to the exit codes below, and when several apply the highest wins.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from bibnorm import (
    __version__,
    deadline,
    detect,
    floods,
    inputs,
    interrupts,
    jobs,
    output,
    pipeline,
    progress,
    skeleton,
    xmlparse,
)
from bibnorm.demand import FULL, Demand
from bibnorm.errors import BibnormError, InputError, PluginError, UsageError
from bibnorm.held import HeldItems
from bibnorm.manager import PluginHost, create_host
from bibnorm.model import Diagnostic, Record
from bibnorm.processors import text_hygiene
from bibnorm.progress import RECORDS_PER_UPDATE, ProgressBar, RunTally
from bibnorm.registry import JSONItem, SourceAdapter, WriteOptions, Writer, demand_of

if TYPE_CHECKING:
    from bibnorm.dask import InputRun, RemoteInputs
    from bibnorm.online.config import OnlineConfig
    from bibnorm.online.enrich import Enricher

EXIT_OK = 0
EXIT_RECORDS_FAILED = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_PLUGIN = 4
EXIT_ONLINE = 5  # an online service failed (parse --enrich, fetch)
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C
EXIT_TERMINATED = interrupts.EXIT_TERMINATED  # 143, for SIGTERM

EXAMPLES = """\
examples:
  bibnorm parse samples/pubmed-text/35743275.txt            bibnorm JSON to stdout
  bibnorm parse page.txt --to csl --with-related -o refs.json
  bibnorm parse -r exports/ --to jsonl --out-dir out/     one output per input, folders kept
  cat page.txt | bibnorm parse - --from pubmed-text
  bibnorm parse page.txt --enrich --to csl                fill missing fields from PubMed
  bibnorm fetch 35743275 PMC9224636 doi:10.3390/ijms23126832 --to csl
  bibnorm detect mystery.txt                                how each format scores it
  bibnorm formats                                           input and output formats
  bibnorm plugins                                           plugins and their status
  bibnorm plugin new europe-pmc                             a plugin package to start from

exit codes: 0 ok, 1 some records failed (fetch: some IDs unknown), 2 usage error,
3 an input could not be read or recognised (or timed out), 4 a plugin failed (or a
worker process died), 5 an online service failed, 130 Ctrl-C, 143 SIGTERM; when
several apply, the highest.
"""


FETCH_EPILOG = """\
examples:
  bibnorm fetch 35743275 --to csl
  bibnorm fetch PMC9224636 https://doi.org/10.3390/ijms23126832 -o refs.json
  bibnorm fetch -i pmids.txt --to jsonl --offline          only what the cache holds

exit codes: 0 every ID fetched, 1 some IDs unknown or not IDs (the others are still
written), 2 usage error, 5 a service failed for some IDs (unreachable, timed out, an
HTTP error or a broken answer; with --offline: not in the cache).
"""


class Reporter:
    """Writes one-line messages to standard error and remembers the exit status they imply.

    It counts the warnings of each code as it goes (for the run's summary), and while a
    progress bar is shown (`progress`), writes above it."""

    def __init__(self, stream: IO[str], verbosity: int) -> None:
        self.stream = stream
        self.verbosity = verbosity
        self.status = EXIT_OK
        # The first few diagnostics of a code per input, then a count; -v shows them all.
        self.gate = floods.ReportGate(None if verbosity >= 1 else floods.REPORTED_PER_CODE)
        self.warnings: Counter[str] = Counter()
        self.progress: ProgressBar | None = None

    def write(self, text: str) -> None:
        """Write whole lines, above the progress bar if one is shown."""
        if self.progress is None:
            self.stream.write(text)
        else:
            self.progress.write(text)

    def error(self, message: str, status: int) -> None:
        self.write(f"bibnorm: error: {message}\n")
        self.status = max(self.status, status)

    def warning(self, message: str) -> None:
        if self.verbosity >= 0:
            self.write(f"bibnorm: warning: {message}\n")

    def diagnostic(self, file: str, diag: Diagnostic) -> None:
        if xmlparse.is_parser_limit(diag):
            self.status = max(self.status, EXIT_RECORDS_FAILED)  # written, but incomplete
        if diag.severity == "warning":
            code, count = floods.left_out(diag) or (diag.code, 1)
            self.warnings[code] += count
        if diag.severity == "info" and self.verbosity < 1:
            return
        if diag.severity == "warning" and self.verbosity < 0:
            return
        if not self.gate.admit(diag):
            return
        where = f"{file}:{diag.line}" if diag.line is not None else file
        detail = f": {diag.text!r}" if diag.text and self.verbosity >= 1 else ""
        self.write(f"{where}: {diag.severity}: {diag.message} [{diag.code}]{detail}\n")

    def end_input(self, file: str) -> None:
        """Say how many diagnostics of each code `file` had beyond those shown."""
        for severity, line in self.gate.summary():
            self.write(f"{file}: {severity}: {line} (-v lists up to 100 per record)\n")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    plugins = common.add_argument_group("plugins")
    plugins.add_argument(
        "--no-plugins",
        action="store_true",
        help="load no third-party plugins (as BIBNORM_DISABLE_PLUGIN_AUTOLOAD=1 does)",
    )
    plugins.add_argument(
        "--block-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="do not load plugin NAME (repeatable; see `bibnorm plugins`)",
    )

    online = argparse.ArgumentParser(add_help=False)
    net = online.add_argument_group("online services (see README: Online enrichment)")
    net.add_argument(
        "--cache", metavar="PATH", help="the HTTP cache file (default: in the user cache dir)"
    )
    net.add_argument(
        "--no-cache", action="store_true", help="keep no cache file; ask the services every time"
    )
    net.add_argument(
        "--offline", action="store_true", help="answer only from the cache; send no request"
    )
    net.add_argument(
        "--elink",
        action="store_true",
        help="complete similar and cited-by lists through NCBI elink",
    )

    parser = argparse.ArgumentParser(
        prog="bibnorm",
        description="Turn PubMed records saved on disk into validated bibnorm JSON and CSL-JSON.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bibnorm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    parse = sub.add_parser(
        "parse",
        parents=[common, online],
        help="parse files into records",
        description="Parse files (or - for standard input) and write their records.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("inputs", nargs="+", metavar="FILE", help="files, directories with -r, or -")
    parse.add_argument(
        "--from", dest="source_format", metavar="FMT", help="input format; skips detection"
    )
    parse.add_argument(
        "--to", default="json", metavar="FMT", help="output format: json (default), csl, jsonl, ..."
    )
    out = parse.add_mutually_exclusive_group()
    out.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write all output to FILE instead of stdout (- is stdout)",
    )
    out.add_argument(
        "--out-dir",
        metavar="DIR",
        help="write one output file per input into DIR, in the inputs' folders below the "
        "one that holds them all (for -r IN, IN)",
    )
    parse.add_argument(
        "--with-related",
        action="store_true",
        help="also write similar articles, cited-by articles and references as items (csl)",
    )
    parse.add_argument(
        "-r", "--recursive", action="store_true", help="parse the files in directories"
    )
    parse.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="processes that build the records of a big file (default: one per CPU)",
    )
    parse.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where inputs are read: local (this process and -j workers, the default) or "
        "dask, tasks on a Dask cluster: one per input, one per 16 MB part of a big plain "
        "file (see README: Scaling out)",
    )
    parse.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask, the cluster's scheduler (tcp://host:8786); without it, "
        "a cluster of one process per CPU on this machine",
    )
    parse.add_argument(
        "--max-input-mb",
        type=_positive_int,
        default=inputs.DEFAULT_MAX_TEXT_MB,
        metavar="N",
        help="refuse text formats read whole past N MiB, decompressed (default: %(default)s)",
    )
    parse.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="time limit of each input, after which it fails alone and the batch goes on "
        "(default: 300 s plus 1 s per MB of the file; 0: no limit)",
    )
    parse.add_argument("-q", "--quiet", action="store_true", help="report errors only")
    parse.add_argument(
        "-v", "--verbose", action="store_true", help="report notes and the text they are about"
    )
    parse.add_argument(
        "--no-progress",
        action="store_true",
        help="show no progress bar (shown on a terminal only; also BIBNORM_NO_PROGRESS=1)",
    )
    parse.add_argument(
        "--fix-text",
        action="store_true",
        help="repair mojibake and decode known entities in fields (else only reported)",
    )
    parse.add_argument(
        "--enrich",
        action="store_true",
        help="fill missing fields from PubMed, the PMC ID converter and Crossref (online)",
    )

    fetch_cmd = sub.add_parser(
        "fetch",
        parents=[common, online],
        help="fetch records by PMID, PMCID or DOI (online)",
        description="Fetch records by identifier from PubMed (and Crossref for other DOIs).",
        epilog=FETCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch_cmd.add_argument(
        "ids", nargs="*", metavar="ID", help="35743275, pmid:35743275, PMC9224636, doi:10.1/x ..."
    )
    fetch_cmd.add_argument(
        "-i", "--input", metavar="FILE", help="read IDs from FILE, one a line (- for stdin)"
    )
    fetch_cmd.add_argument(
        "--to", default="json", metavar="FMT", help="output format: json (default), csl, jsonl"
    )
    fetch_cmd.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the output to FILE instead of stdout (- is stdout)",
    )
    fetch_cmd.add_argument(
        "--with-related",
        action="store_true",
        help="also write similar and cited-by articles as items (csl)",
    )
    fetch_cmd.add_argument("-q", "--quiet", action="store_true", help="report errors only")
    fetch_cmd.add_argument(
        "-v", "--verbose", action="store_true", help="report notes and the text they are about"
    )

    detect_cmd = sub.add_parser(
        "detect", parents=[common], help="show how each input format scores a file"
    )
    detect_cmd.add_argument("inputs", nargs="+", metavar="FILE")
    sub.add_parser("formats", parents=[common], help="list input and output formats")
    sub.add_parser("plugins", parents=[common], help="list plugins and what they registered")
    skeleton.add_command(sub, common)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds, 0 (no limit) or more, got {text!r}"
        )
    return value


def main(argv: Sequence[str] | None = None) -> int:
    with interrupts.terminate_as_interrupt():
        try:
            return _main(argv)
        except interrupts.Terminated:
            # Raised through every `finally` on its way: temporary files and workers are gone.
            sys.stderr.write("bibnorm: terminated\n")
            return EXIT_TERMINATED


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not skeleton.take_late_dir(args, extra):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    verbosity = -1 if getattr(args, "quiet", False) else int(getattr(args, "verbose", False))
    reporter = Reporter(sys.stderr, verbosity)
    host = create_host(autoload=False if args.no_plugins else None, blocked=args.block_plugin)
    for problem in host.problems:
        reporter.warning(str(problem))
    reported = len(host.problems)
    try:
        if args.command == "parse":
            run_parse(args, host, reporter)
        elif args.command == "fetch":
            run_fetch(args, host, reporter)
        elif args.command == "detect":
            run_detect(args.inputs, host, reporter)
        elif args.command == "formats":
            run_formats(host)
        elif args.command == "plugin":
            skeleton.run_command(args, host.registry)
        else:
            run_plugins(host)
    except BibnormError as exc:  # usage errors, and outputs refused before any reading
        reporter.error(str(exc), exc.exit_status)
    except BrokenPipeError:
        # The reader (head, less) went away; that is not an error of ours.
        sys.stderr.close()
    except KeyboardInterrupt:
        sys.stderr.write("bibnorm: interrupted\n")
        return EXIT_INTERRUPTED
    # Plugins can also fail while in use (a sniff that raises during detection).
    for problem in host.problems[reported:]:
        reporter.warning(str(problem))
    return reporter.status


def expand_inputs(names: Sequence[str], recursive: bool, reporter: Reporter) -> Iterator[str]:
    """The files to read: each name, or with `recursive` the files below a directory."""
    for name in inputs.expand_paths(names, recursive):
        if isinstance(name, InputError):
            reporter.error(str(name), EXIT_INPUT)  # a directory with no files
        else:
            yield name


def run_parse(args: argparse.Namespace, host: PluginHost, reporter: Reporter) -> None:
    writer = pipeline.writer_named(args.to, host)
    if args.source_format is not None:
        pipeline.adapter_named(args.source_format, host)
    check_engine(args)
    if args.fix_text:
        text_hygiene.enable_fixing(host)
    enricher = open_enricher(args, host, reporter) if args.enrich or args.elink else None
    options = WriteOptions(with_related=args.with_related)
    job = ParseJob(
        reporter=reporter,
        source_format=args.source_format,
        task=jobs.Task(
            host=host,
            writer=writer,
            owner=host.registry.writers[args.to].plugin,
            options=options,
            demand=parse_demand(args, writer, options),
        ),
        jobs=args.jobs or jobs.default_jobs(),
        enricher=enricher,
        max_text_bytes=args.max_input_mb * 2**20,
        timeout=args.timeout,
    )
    # Expanded whole first: an output that would overwrite an input is refused before
    # anything is read.
    names = list(expand_inputs(args.inputs, args.recursive, reporter))
    job.tally.inputs = len(names)
    suffix = job.task.writer.suffix
    dask_run = None
    plan: list[tuple[str, Path]] = []
    if args.out_dir:
        root = output.mirror_root(args.inputs, args.recursive)
        plan = output.out_dir_plan(names, args.out_dir, suffix, root)
    try:
        if args.engine == "dask":
            dask_run = start_dask(job, names, args, host, dict(plan))
        if args.out_dir:
            show_progress(job, names, args)
            for name, target in plan:
                # An input without items writes no file: an empty one is no output.
                emit(job, [name], target, write_empty=False)
        else:
            to_file = output.checked_output(args.output, names) if _to_file(args) else None
            show_progress(job, names, args)
            emit(job, names, to_file)
    finally:
        if reporter.progress is not None:
            reporter.progress.close()
            reporter.progress = None
        if dask_run is not None:
            dask_run.close()
        if enricher is not None:
            enricher.client.close()
            if enricher.failures:
                reporter.status = max(reporter.status, EXIT_ONLINE)
    if reporter.verbosity >= 0 and job.tally.worth_summing_up():
        reporter.write(job.tally.summary(reporter.warnings) + "\n")


def check_engine(args: argparse.Namespace) -> None:
    """Refuse what the Dask engine cannot do as the local one does."""
    if args.engine != "dask":
        if args.scheduler is not None:
            raise UsageError("--scheduler needs --engine dask")
        return
    refused = [
        ("--enrich", args.enrich),
        ("--elink", args.elink),
        ("-j/--jobs (big files are split into tasks instead)", args.jobs is not None),
        ("--timeout (a Dask task cannot be stopped part-way)", args.timeout is not None),
        ("- (standard input is not on the workers)", "-" in args.inputs),
    ]
    for option, given in refused:
        if given:
            raise UsageError(f"--engine dask cannot be used with {option}")


class DaskRun:
    """The Dask client of a `--engine dask` run, and the cluster it started, if any."""

    def __init__(self, client: Any, cluster: Any, remote: RemoteInputs) -> None:
        self.client = client
        self.cluster = cluster
        self.remote = remote

    def close(self) -> None:
        self.remote.close()
        for closable in (self.client, self.cluster):
            if closable is not None:
                closable.close()


def start_dask(
    job: ParseJob,
    names: Sequence[str],
    args: argparse.Namespace,
    host: PluginHost,
    targets: dict[str, Path],
) -> DaskRun:
    """Connect to the cluster (or start one here) and have it read `names` for `job`;
    with --out-dir (`targets`), workers that share this disk write the files."""
    from bibnorm import dask as dask_engine

    settings = dask_engine.settings_for(
        to=args.to,
        with_related=args.with_related,
        format=args.source_format,
        fix_text=args.fix_text,
        full_records=job.task.demand == FULL,
        max_text_bytes=job.max_text_bytes,
        autoload=False if args.no_plugins else None,
        host=host,
    )
    client, cluster = dask_engine.connect(args.scheduler, jobs.default_jobs())
    shared = dask_engine.SharedFolder.mark(args.out_dir) if args.out_dir else None
    job.remote = dask_engine.RemoteInputs(client, names, settings, host, targets, shared)
    job.timeout = 0.0  # no limit here: the time an input waits for a worker is not its own
    return DaskRun(client, cluster, job.remote)


def show_progress(job: ParseJob, names: Sequence[str], args: argparse.Namespace) -> None:
    """Start the progress bar, on a terminal only (see `progress.bar_wanted`)."""
    reporter = job.reporter
    if progress.bar_wanted(reporter.stream, reporter.verbosity < 0, args.no_progress):
        sizes = [progress.input_size(name) for name in names]
        reporter.progress = ProgressBar(reporter.stream, sizes, progress.bar_delay())


def parse_demand(args: argparse.Namespace, writer: Writer, options: WriteOptions) -> Demand:
    """What each record is read for: what the writer reads (`--to csl` reads no MeSH,
    grants or references), but the whole record with `-v`, which reports the text no
    field took and notes on every field, and with `--enrich` or `--elink`, which ask the
    services for what a record lacks."""
    if args.verbose or args.enrich or args.elink:
        return FULL
    return demand_of(writer, options)


def online_config(args: argparse.Namespace) -> OnlineConfig:
    """The online settings: the environment's, with the command line's cache options."""
    from bibnorm.online.config import OnlineConfig

    return OnlineConfig.from_env(cache=args.cache, no_cache=args.no_cache, offline=args.offline)


def open_enricher(args: argparse.Namespace, host: PluginHost, reporter: Reporter) -> Enricher:
    # Imported here: requests and the cache load only when a command goes online.
    from bibnorm.online.client import ServiceClient
    from bibnorm.online.enrich import Enricher

    client = ServiceClient(online_config(args), reporter.warning)
    return Enricher(client, host, elink=args.elink)


@dataclass
class ParseJob:
    """What `bibnorm parse` was asked to do, and whether any input has parsed so far."""

    reporter: Reporter
    source_format: str | None
    task: jobs.Task
    jobs: int
    enricher: Enricher | None = None
    parsed_any: bool = False
    max_text_bytes: int | None = None  # --max-input-mb; None: the library's default
    timeout: float | None = None  # seconds per input; None: the default, 0: no limit
    tally: RunTally = field(default_factory=RunTally)
    remote: RemoteInputs | None = None  # --engine dask: inputs read by a cluster
    # --engine dask with --out-dir: the last input's run, when its worker wrote its file.
    written_remotely: InputRun | None = None


def emit(
    job: ParseJob, names: Iterable[str], target: Path | None, write_empty: bool = True
) -> None:
    """Parse `names` and write their valid items to `target` (stdout when None), an
    input at a time.

    An input's items are written once it has been read to its end, so one that fails as
    a whole part-way adds nothing (see `parse_one`). A regular file is written whole or
    not at all (see `output.write_output`); when no input parses at all, nothing is
    written, not even an empty array, and with `write_empty` False neither when the
    inputs parsed but gave no item.
    """
    tally = job.tally
    read_before = tally.records_read
    items = valid_items(job, names)
    first = next(items, None)
    if first is None and job.written_remotely is not None:
        run, job.written_remotely = job.written_remotely, None
        if run.write_error is not None:
            job.reporter.error(*run.write_error)
        elif run.written:
            tally.records_written += tally.records_read - read_before
        return
    if first is None and not (job.parsed_any and write_empty):
        return
    if write_items(job, chain([first], items) if first is not None else items, target):
        tally.records_written += tally.records_read - read_before


def write_items(job: ParseJob, stream: Iterator[JSONItem], target: Path | None) -> bool:
    """Write `stream` with the job's writer to `target` (stdout when None), reporting
    failures; whether it was written."""
    try:
        if target is None:
            job.task.writer.dump(stream, sys.stdout)
            sys.stdout.flush()
        else:
            output.write_output(target, lambda handle: job.task.writer.dump(stream, handle))
        return True
    except Exception as exc:  # a writer's bug too: the plugin's, reported by name
        if target is None and isinstance(exc, BrokenPipeError):
            raise  # the reader of stdout (head, less) went away: `main` ends quietly
        writer = job.task.writer.name
        job.reporter.error(*output.write_failure(exc, target, writer, job.task.owner))
    return False


def valid_items(job: ParseJob, names: Iterable[str]) -> Iterator[JSONItem]:
    """The items of every record of every input, validated, reporting the rest as it goes."""
    for name in names:
        yield from parse_one(job, name)


def parse_one(job: ParseJob, name: str) -> Iterator[JSONItem]:
    """The valid items of one input, once it has been read to its end; the rest is reported.

    The input runs under its time limit, from before it is opened to its last item
    rendered. One that fails as a whole part-way (timed out, unreadable, its adapter or
    a worker failed) gives no item at all: a partial input is never presented as whole.
    A record that fails alone (unreadable, rejected by the schema) costs only itself.
    """
    reporter = job.reporter
    held = HeldItems()
    try:
        with deadline.time_limit(_seconds_for(job, name)):
            count = _read_into(job, name, held)
    except (InputError, PluginError, jobs.WorkerFailed, deadline.TimedOut) as exc:
        reporter.error(_whole_input_failure(exc, name, held), _exit_status_of(exc))
        job.tally.failed_files.append(_shown_name(name))
        held.close()
        return
    except BaseException:
        held.close()
        raise
    finally:
        reporter.end_input(_shown_name(name))
        if reporter.progress is not None:
            reporter.progress.end_input()
    job.parsed_any = True
    _count_input(job, name, count)
    yield from held.replay()


@dataclass
class InputCount:
    """What one input gave: items of any kind, valid records, records that failed."""

    outcomes: int = 0
    records: int = 0
    failed: int = 0

    def add(self, outcome: jobs.Outcome) -> None:
        self.outcomes += 1
        if outcome.failed:
            self.failed += 1
        elif outcome.is_record:
            self.records += 1


def _count_input(job: ParseJob, name: str, count: InputCount) -> None:
    """Add what an input read to its end gave to the run's tally; a failed record, or
    no item at all, makes the exit status 1."""
    tally = job.tally
    tally.files_read += 1
    tally.records_read += count.records
    tally.records_failed += count.failed
    if not count.records:
        tally.files_without_records.append(_shown_name(name))
    if count.failed or not count.outcomes:
        job.reporter.status = max(job.reporter.status, EXIT_RECORDS_FAILED)


def _shown_name(name: str) -> str:
    """What messages call input `name` (as `inputs.read_source` names it)."""
    return "<stdin>" if name == "-" else name


def _read_into(job: ParseJob, name: str, held: HeldItems) -> InputCount:
    """Read input `name`, reporting its messages and adding its items to `held`; what
    it gave."""
    if job.remote is not None:
        return _take_remote(job, job.remote, name, held)
    reporter = job.reporter
    bar = reporter.progress
    source = inputs.read_source(name, max_text_bytes=job.max_text_bytes)
    source.count_reads = bar is not None  # how far the reading is, for the bar
    adapter = pipeline.choose_adapter(source, job.task.host, job.source_format)
    count = InputCount()
    with closing(outcomes_of(job, source, adapter)) as outcomes:
        for outcome in outcomes:
            _take_outcome(job, source.name, outcome, held, count)
            if bar is not None and count.outcomes % RECORDS_PER_UPDATE == 0:
                bar.input_bytes(source.bytes_read)
    if bar is not None:
        bar.add_records(count.outcomes % RECORDS_PER_UPDATE)
    for diag in source.diagnostics:  # what decoding found: control characters, say
        reporter.diagnostic(source.name, diag)
    if not count.outcomes:
        reporter.diagnostic(source.name, pipeline.no_records(adapter))
    return count


def _take_outcome(
    job: ParseJob, file: str, outcome: jobs.Outcome, held: HeldItems, count: InputCount
) -> None:
    """Count one outcome, report its messages and hold its items."""
    reporter = job.reporter
    count.add(outcome)
    for diag in outcome.diagnostics:
        reporter.diagnostic(file, diag)
    for message, status in outcome.errors:
        reporter.error(message, status)
    # Encoded as they are held, so holding them costs less (workers did so already).
    outcome.prerender(job.task, file)
    outcome.hold(held)
    if reporter.progress is not None and count.outcomes % RECORDS_PER_UPDATE == 0:
        reporter.progress.add_records(RECORDS_PER_UPDATE)


def _take_remote(job: ParseJob, remote: RemoteInputs, name: str, held: HeldItems) -> InputCount:
    """Report and hold what a Dask worker made of input `name`, as `_read_into` does
    with what it reads here: the same messages, in the same order; raises the error
    that stopped the input, after the outcomes before it."""
    run = remote.run_of(name)
    host = job.task.host
    for problem in run.problems:  # kept once, as the host here keeps its own
        if problem not in host.problems:
            host.problems.append(problem)
    count = InputCount()
    for outcome in run.outcomes:
        _take_outcome(job, run.file, outcome, held, count)
    if job.reporter.progress is not None:
        job.reporter.progress.add_records(count.outcomes % RECORDS_PER_UPDATE)
    if run.error is not None:
        raise run.error
    for diag in run.diagnostics:
        job.reporter.diagnostic(run.file, diag)
    if run.written or run.write_error is not None:
        job.written_remotely = run
    return count


def _seconds_for(job: ParseJob, name: str) -> float:
    return deadline.default_seconds(name) if job.timeout is None else job.timeout


def _whole_input_failure(exc: BaseException, name: str, held: HeldItems) -> str:
    """The message for an input that failed as a whole, saying what became of its records."""
    if isinstance(exc, deadline.TimedOut):
        doing = deadline.what_was_running(exc.__traceback__)
        message = f"{name}: {exc} while {doing}"
    else:
        message = str(exc)
    if held.count or not isinstance(exc, InputError):
        # It failed part-way, or in the middle of its first record.
        return f"{message}; none of its records were written"
    return message


def _exit_status_of(exc: BaseException) -> int:
    return EXIT_INPUT if isinstance(exc, deadline.TimedOut) else getattr(exc, "exit_status", 1)


def outcomes_of(
    job: ParseJob, source: inputs.Source, adapter: SourceAdapter
) -> Generator[jobs.Outcome, None, None]:
    """The outcomes of one input: enriched in this process when asked, so that one rate
    limit and one cache serve every request (so `--jobs` does not apply then)."""
    if job.enricher is None:
        bar = job.reporter.progress
        bytes_done = bar.input_bytes if bar is not None else None
        yield from jobs.outcomes(job.task, source, adapter, job.jobs, bytes_done)
        return
    items = pipeline.iter_parse(source, adapter, job.task.host)
    for item in job.enricher.enrich_stream(items):
        yield jobs.outcome_of(job.task, item, source.name)


def _to_file(args: argparse.Namespace) -> bool:
    """Whether `-o` names a file: `-o -` is standard output, as `-` is for inputs."""
    return args.output is not None and args.output != "-"


def run_fetch(args: argparse.Namespace, host: PluginHost, reporter: Reporter) -> None:
    """`bibnorm fetch`: a record for each identifier, written as `parse` writes them."""
    from bibnorm.online.errors import NotFound
    from bibnorm.online.fetch import fetch
    from bibnorm.online.ids import ArticleId, parse_id

    writer = pipeline.writer_named(args.to, host)
    target = (
        output.checked_output(args.output, [args.input] if args.input else [])
        if _to_file(args)
        else None
    )
    texts = list(args.ids) + (_read_id_lines(args.input, reporter) if args.input else [])
    if not texts:
        raise UsageError("no IDs given: name them, or a file of them with -i FILE")
    ids: list[ArticleId] = []
    for text in texts:
        parsed = parse_id(text)
        if parsed is None:
            reporter.error(f"{text!r}: not a PMID, PMCID or DOI", EXIT_RECORDS_FAILED)
        elif parsed not in ids:
            ids.append(parsed)
    if not ids:
        return
    enricher = open_enricher(args, host, reporter)
    task = jobs.Task(
        host=host,
        writer=writer,
        owner=host.registry.writers[args.to].plugin,
        options=WriteOptions(with_related=args.with_related),
    )
    try:
        fetched = fetch(enricher.client, host, ids)
        records: list[Record] = []
        written: set[str] = set()
        for result in fetched:
            if result.record is not None:
                # An article named twice (by PMID and by PMCID, say) is written once.
                name = pipeline.describe(result.record)
                if name not in written:
                    written.add(name)
                    records.append(result.record)
            elif result.error is not None:
                status = EXIT_RECORDS_FAILED if isinstance(result.error, NotFound) else EXIT_ONLINE
                reporter.error(f"{result.id}: {result.error}", status)
        if args.elink:
            records = enricher.enrich(records)
        if enricher.failures:
            reporter.status = max(reporter.status, EXIT_ONLINE)
    finally:
        enricher.client.close()
    job = ParseJob(reporter=reporter, source_format=None, task=task, jobs=1)
    write_fetched(job, records, target)


def _read_id_lines(name: str, reporter: Reporter) -> list[str]:
    """The IDs in a file, one a line; blank lines and `#` comments are skipped."""
    try:
        text = inputs.read_source(name).text
    except InputError as exc:
        reporter.error(str(exc), EXIT_INPUT)
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def write_fetched(job: ParseJob, records: list[Record], target: Path | None) -> None:
    """Write fetched records as `emit` writes parsed ones: nothing at all when none is valid."""

    def items() -> Iterator[JSONItem]:
        for record in records:
            outcome = jobs.outcome_of(job.task, record, "<fetch>")
            for diag in outcome.diagnostics:
                job.reporter.diagnostic(pipeline.describe(record), diag)
            for message, status in outcome.errors:
                job.reporter.error(message, status)
            job.reporter.end_input(pipeline.describe(record))
            yield from outcome.all_items()

    stream = items()
    first = next(stream, None)
    if first is None:
        return
    write_items(job, chain([first], stream), target)


def run_detect(names: Sequence[str], host: PluginHost, reporter: Reporter) -> None:
    for name in names:
        try:
            source = inputs.read_source(name)
        except InputError as exc:
            reporter.error(str(exc), EXIT_INPUT)
            continue
        sample = detect.sample_of(source)
        ranked = host.rank(sample)
        chosen = host.resolve_format(sample, ranked)
        print(f"{source.name}: {chosen or 'unrecognised format'}")
        for fmt, score in ranked:
            mark = "  <- chosen" if fmt == chosen else ""
            print(f"  {fmt:<20} {score:.2f}{mark}")
        if chosen is None:
            reporter.status = max(reporter.status, EXIT_INPUT)


def run_formats(host: PluginHost) -> None:
    # The name column fits the longest name, plugins' included.
    width = max(map(len, [*host.registry.sources, *host.registry.writers]), default=0)
    print("input formats (--from):")
    for name, entry in sorted(host.registry.sources.items()):
        print(f"  {name:<{width}}  {entry.value.description}  [{entry.plugin}]")
    print("output formats (--to):")
    for name, entry in sorted(host.registry.writers.items()):
        writer = entry.value
        print(f"  {name:<{width}}  {writer.description} ({writer.suffix})  [{entry.plugin}]")
        # Each writer's own suffix, so a plugin's writer gets a true example too.
        print(f"  {'':<{width}}  e.g. bibnorm parse page.txt --to {name} -o page{writer.suffix}")


def run_plugins(host: PluginHost) -> None:
    contributions: dict[str, list[str]] = {}
    for kind in ("sources", "processors", "writers"):
        for name, entry in getattr(host.registry, kind).items():
            contributions.setdefault(entry.plugin, []).append(f"{kind[:-1]} {name}")
    width = max((len(info.name) for info in host.plugins), default=0)
    for info in host.plugins:
        plugin = host.pm.get_plugin(info.name)
        callers = host.pm.get_hookcallers(plugin) if plugin is not None else None
        for caller in callers or []:
            if not caller.name.startswith("bibnorm_register_"):
                contributions.setdefault(info.name, []).append(f"hook {caller.name}")
        given = ", ".join(contributions.get(info.name, [])) or "-"
        line = f"{info.name:<{width}}  {info.status:<8} {info.origin:<24} {given}"
        print(line.rstrip())
        if info.detail:
            print(f"    {info.detail}")
