"""The fuzz test's seeds, mutations and checks (used by test_fuzz.py).

Each built-in source adapter is fuzzed from seeds of its own format: a few small
hand-made ones, the files under `samples/<name>/`, and, when the shared corpus sits
beside the project, the corpus files that detection gives to that adapter (read where
they are, never copied). A seed is mutated the way real files go wrong (lines lost,
doubled or swapped, cut off at any byte, control characters, Unicode line separators,
NUL, huge lines, deep or broken markup, the wrong encoding, gzip around it) or replaced
by plain random text, and the result is run through the whole library path: decoding,
the forced adapter and detection, the processors, and every built-in writer.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from bibnorm import inputs, pipeline, schema
from bibnorm.errors import BibnormError, PluginError
from bibnorm.manager import PluginHost, create_host
from bibnorm.model import Deletion, FailedRecord, ParseResult, Record
from bibnorm.registry import WriteOptions

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "samples"
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
# Bigger seeds make each example slow without finding more: parsers work record by record.
MAX_SEED_BYTES = 100 * 1024
# What one mutation may add at most: big enough for parser limits, small enough to be quick.
MAX_GROWTH = 1024 * 1024
# The corpus's own notes and expected outputs are not inputs.
_NOT_INPUTS = (".json", ".md")

MARKUP_SOURCES = frozenset({"pubmed-xml", "jats", "pubmed-html", "pmc-html", "html-meta"})

# Small hand-made seeds: the least of each format that an adapter reads as a record.
HAND_SEEDS: dict[str, tuple[str, ...]] = {
    "medline": (
        "PMID- 1\nTI  - A title\n      going on.\nAU  - Doe J\nDP  - 2020 Jan 5\nPG  - 1-9\n",
        "PMID- 2\nDP  - 1999 Spring\nAID - 10.1/x [doi]\n\nPMID- 3\nTI  - Second.\n",
    ),
    "pubmed-xml": (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<ArticleTitle>T <i>x</i></ArticleTitle><Journal><JournalIssue><PubDate><Year>2020"
        "</Year></PubDate></JournalIssue><Title>J</Title></Journal><AuthorList><Author>"
        "<LastName>Doe</LastName><Initials>J</Initials></Author></AuthorList></Article>"
        "</MedlineCitation></PubmedArticle></PubmedArticleSet>",
        '<?xml version="1.0"?>\n<PubmedArticleSet><DeleteCitation><PMID>5</PMID>'
        "</DeleteCitation></PubmedArticleSet>",
    ),
    "jats": (
        '<article article-type="research-article"><front><journal-meta><journal-title-group>'
        "<journal-title>J</journal-title></journal-title-group></journal-meta><article-meta>"
        '<article-id pub-id-type="pmid">1</article-id><title-group><article-title>T'
        "</article-title></title-group><pub-date><year>2020</year></pub-date></article-meta>"
        "</front><back><ref-list><ref><mixed-citation>Doe J. A. J 2001;1:2.</mixed-citation>"
        "</ref></ref-list></back></article>",
    ),
    "pubmed-html": (
        '<html><head><meta name="citation_title" content="T"><meta name="citation_pmid" '
        'content="1"></head><body><h1 class="heading-title">T</h1>'
        '<div class="abstract-content"><p>A.</p></div></body></html>',
    ),
    "pmc-html": (
        '<html><head><meta name="citation_title" content="T"><meta name="citation_pmid" '
        'content="1"><meta name="ncbi_pcid" content="PMC1"></head><body><article>'
        "<h1>T</h1></article></body></html>",
    ),
    "html-meta": (
        '<html><head><meta name="citation_title" content="T"><meta name="citation_author" '
        'content="Doe, J"><meta name="citation_date" content="2020/01/02">'
        '<meta name="DC.identifier" content="doi:10.1/x"></head></html>',
    ),
    "pubmed-csv": (
        "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,"
        "Create Date,PMCID,NIHMS ID,DOI\n"
        '1,"T, t",Doe J,J. 2020;1(2):3-4.,Doe J,J,2020,2020/01/01,PMC1,,10.1/x\n',
    ),
    "pubmed-summary": (
        "1. T.\nDoe J.\nJ. 2020;1(2):3-4. doi: 10.1/x.\nPMID: 1\n\n2. U.\nRoe K.\nK. 2019.\n"
        "PMID: 2\n",
    ),
    "pubmed-abstract": (
        "1. J. 2020 Jan;1(2):3-4. doi: 10.1/x.\n\nT.\n\nDoe J(1).\n\nAuthor information:\n"
        "(1)Place.\n\nAbstract text.\n\nDOI: 10.1/x\nPMID: 1\n",
    ),
    "pmid-list": ("1\n2\n\n33\n", "12345678\r\nx\n"),
    "pubmed-text": (
        "J\n. 2020 Jan;1(2):3-4.\n doi: 10.1/x.\nT\nJ Doe 1\nAffiliations\n1 Place.\n"
        "PMID: 1\nAbstract\nText.\n",
    ),
    "pubmed-search-text": (
        "Search results\nItems: 2\n\nT.\nDoe J.\nJ. 2020.\nPMID: 1\n\nU.\nRoe K.\nK. 2019.\n"
        "PMID: 2\n",
    ),
    "pmc-text": (
        "J. 2020; 1: 3.\nPublished online 2020 Jan 2. doi: 10.1/x\nPMCID: PMC1\nPMID: 1\n"
        "T\nJ Doe\nAbstract\nText.\n",
    ),
}

# Characters real files carry by accident: C0 controls, DEL, Unicode line ends, BOMs,
# the replacement character, and a lone surrogate (written with `surrogatepass`, so
# it becomes bytes that are not UTF-8).
ODD_CHARACTERS = (
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\r",
    "\t",
    "\x85",
    "\xa0",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "\u200b",
    "\ud800",
    "\U0001f600",
)
# Fragments of markup that break a tree or try a parser's limits.
BROKEN_MARKUP = (
    "<",
    "</",
    ">",
    "<x",
    "<a b='",
    '"',
    "&",
    "&amp",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&xxe;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml version='1.0' encoding='utf-16'?>",
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
    "<!DOCTYPE html>",
    "</html>",
    "<script>",
    "</script>",
    "<br/>",
    "<sup>",
    "</i>",
    '<meta name="citation_title" content="',
    '<meta name="citation_pmid" content="0">',
    '<meta name="citation_doi" content="10.">',
)
# Values that field parsers (dates, pages, names, identifiers) meet in the wild or choke
# on: out-of-range numbers, half ranges, digits that are not ASCII (`²` is a digit to
# `str.isdigit` but not to `int`), combining marks, brackets, and empty strings.
ODD_VALUES = (
    "",
    " ",
    "0",
    "00",
    "-1",
    "1e9",
    "99999999999999999999999",
    "2020 Jan 32",
    "2020-02-30",
    "0000-00-00",
    "Jan-Feb",
    "1999 Spring-Summer",
    "19xx",
    "9999 Dec 31",
    "12-1",
    "1-",
    "-",
    "S12-S9",
    "iii-ix",
    "e1001",
    "10.",
    "10.1/",
    "doi:",
    "PMC",
    "PMC0",
    "NIHMS",
    "https://doi.org/",
    "., ,",
    ",",
    "Jr",
    "et al",
    "\u00b2",
    "\u00b9\u00b2",
    "\u2460",
    "\u0663\u0662",
    "\u216b",
    "\u00bd",
    "\u0301",
    "\ufb01",
    "\u0130",
    "\U0001d7d9",
    "[",
    "(",
    ")",
    "[1]",
    "'",
    '"',
    "\\",
    "%s",
    "{0}",
    "NaN",
    "None",
)
ENCODINGS = (
    "utf-8",
    "utf-8",
    "utf-8",
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "mojibake",
)
_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")


# --- seeds -------------------------------------------------------------------------


@cache
def seeds_for(source_name: str) -> tuple[bytes, ...]:
    """Every seed of one adapter's format: hand-made, samples, corpus files detected as it."""
    seeds = [text.encode("utf-8") for text in HAND_SEEDS.get(source_name, ())]
    sample_dir = SAMPLES / source_name
    if sample_dir.is_dir():
        seeds += [_read(path) for path in _input_files(sample_dir)]
    seeds += _corpus_by_format().get(source_name, [])
    return tuple(seed for seed in seeds if seed)


def source_names() -> list[str]:
    """The built-in source adapters, the ones fuzzed."""
    return sorted(create_host(autoload=False).registry.sources)


@cache
def all_seeds() -> tuple[bytes, ...]:
    """The seeds of every built-in adapter, for splicing one format into another."""
    return tuple(seed for name in source_names() for seed in seeds_for(name))


@cache
def _corpus_by_format() -> dict[str, list[bytes]]:
    """The shared corpus's small files, by the format detection gives each (none without it)."""
    found: dict[str, list[bytes]] = {}
    if not CORPUS.is_dir():
        return found
    host = create_host(autoload=False)
    for path in _input_files(CORPUS):
        data = _read(path)
        try:
            adapter = pipeline.choose_adapter(inputs.decode(data, name=path.name), host, None)
        except BibnormError:
            continue
        found.setdefault(adapter.name, []).append(data)
    return found


def _input_files(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file()
        and not path.name.endswith(_NOT_INPUTS)
        and path.stat().st_size <= MAX_SEED_BYTES
    )


def _read(path: Path) -> bytes:
    return path.read_bytes()


# --- mutations ---------------------------------------------------------------------

TextMutation = Callable[[st.DrawFn, str], str]


def _position(draw: st.DrawFn, text: str) -> int:
    return draw(st.integers(0, len(text)))


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def delete_line(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return "".join(lines)


def duplicate_line(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    index = draw(st.integers(0, len(lines) - 1))
    lines.insert(index, lines[index])
    return "".join(lines)


def swap_lines(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    first = draw(st.integers(0, len(lines) - 1))
    second = draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return "".join(lines)


def truncate_text(draw: st.DrawFn, text: str) -> str:
    return text[: _position(draw, text)]


def delete_range(draw: st.DrawFn, text: str) -> str:
    start = _position(draw, text)
    return text[:start] + text[start + draw(st.integers(1, 200)) :]


def duplicate_range(draw: st.DrawFn, text: str) -> str:
    start = _position(draw, text)
    piece = text[start : start + draw(st.integers(1, 400))]
    return text[:start] + piece * draw(st.integers(2, 5)) + text[start:]


def insert_odd_character(draw: st.DrawFn, text: str) -> str:
    at = _position(draw, text)
    odd = draw(st.sampled_from(ODD_CHARACTERS)) * draw(st.integers(1, 3))
    return text[:at] + odd + text[at:]


def insert_random_text(draw: st.DrawFn, text: str) -> str:
    at = _position(draw, text)
    return text[:at] + draw(st.text(max_size=40)) + text[at:]


def huge_line(draw: st.DrawFn, text: str) -> str:
    """A line of one character repeated, or one of the input's lines many times over."""
    lines = _lines(text)
    index = draw(st.integers(0, len(lines)))
    if draw(st.booleans()):
        huge = draw(st.sampled_from("x <&\t-.,;0")) * draw(st.integers(1000, 200_000)) + "\n"
    else:
        line = lines[min(index, len(lines) - 1)]
        huge = line * min(draw(st.integers(10, 2000)), _repeats_within_bound(line))
    return "".join(lines[:index]) + huge + "".join(lines[index:])


def _repeats_within_bound(piece: str) -> int:
    # An earlier mutation may have made the piece huge already; inputs stay near a MB.
    return max(2, MAX_GROWTH // max(1, len(piece)))


def change_tag(draw: st.DrawFn, text: str) -> str:
    """Put the line start of a tagged format elsewhere: `PMID- ` in a title, say."""
    starts = ("PMID- ", "TI  - ", "AU  - ", "      ", "PMID: ", "DOI: ", "Abstract\n", "1. ")
    at = _position(draw, text)
    return text[:at] + "\n" + draw(st.sampled_from(starts)) + text[at:]


def splice_other_format(draw: st.DrawFn, text: str, others: Sequence[bytes]) -> str:
    """A piece of another seed, of any format, put inside this one."""
    other = draw(st.sampled_from(others)).decode("utf-8", "replace")
    start = _position(draw, other)
    piece = other[start : start + draw(st.integers(1, 2000))]
    at = _position(draw, text)
    return text[:at] + piece + text[at:]


def deep_nesting(draw: st.DrawFn, text: str) -> str:
    """Many nested elements, closed or not, named like the input's own tags."""
    names = _TAG.findall(text[:20000]) or ["div"]
    name = draw(st.sampled_from([*names[:50], "div", "i", "b"]))
    depth = draw(st.integers(50, 20_000))
    at = _position(draw, text)
    closing = f"</{name}>" * depth if draw(st.booleans()) else ""
    return text[:at] + f"<{name}>" * depth + "x" + closing + text[at:]


def broken_markup(draw: st.DrawFn, text: str) -> str:
    at = _position(draw, text)
    return text[:at] + draw(st.sampled_from(BROKEN_MARKUP)) + text[at:]


def many_attributes(draw: st.DrawFn, text: str) -> str:
    count = draw(st.integers(10, 3000))
    attributes = " ".join(f'a{i}="{i}"' for i in range(count))
    at = _position(draw, text)
    return text[:at] + f"<span {attributes}>x</span>" + text[at:]


def drop_tag(draw: st.DrawFn, text: str) -> str:
    """One start or end tag taken out, so the tree no longer balances."""
    tags = list(re.finditer(r"</?[A-Za-z][^<>]*>", text[:200_000]))
    if not tags:
        return text
    tag = draw(st.sampled_from(tags))
    return text[: tag.start()] + text[tag.end() :]


_WORD = re.compile(r"[^\s<>&\"'=]+")
_TEXT_NODE = re.compile(r">([^<>]+)<")


def _odd_value(draw: st.DrawFn) -> str:
    return draw(st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=12)))


def replace_word(draw: st.DrawFn, text: str) -> str:
    """One word (a value, mostly) replaced by an odd value; markup-escaped in markup."""
    words = list(_WORD.finditer(text[:200_000]))
    if not words:
        return text
    word = draw(st.sampled_from(words[:5000]))
    value = _odd_value(draw)
    if "<" in text[:1000]:
        value = _xml_safe(value)
    return text[: word.start()] + value + text[word.end() :]


def replace_text_node(draw: st.DrawFn, text: str) -> str:
    """The whole text of one element replaced, keeping the document well-formed."""
    nodes = list(_TEXT_NODE.finditer(text[:200_000]))
    if not nodes:
        return text
    node = draw(st.sampled_from(nodes[:5000]))
    return text[: node.start(1)] + _xml_safe(_odd_value(draw)) + text[node.end(1) :]


def repeat_element(draw: st.DrawFn, text: str) -> str:
    """One element (up to the first end tag of its name) doubled or taken out."""
    starts = list(_TAG.finditer(text[:200_000]))
    if not starts:
        return text
    start = draw(st.sampled_from(starts[:5000]))
    end = text.find(f"</{start[1]}>", start.end())
    if end < 0:
        return text
    end += len(start[1]) + 3
    element = text[start.start() : end]
    copies = min(draw(st.sampled_from((0, 2, 3, 50))), _repeats_within_bound(element))
    return text[: start.start()] + element * copies + text[end:]


def _xml_safe(value: str) -> str:
    """A value that keeps an XML document well-formed: no markup, only XML characters."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        "".join(
            ch for ch in value if ch in "\t\n\r" or ("\x20" <= ch <= "\ud7ff") or ch >= "\ue000"
        )
        .replace("\ufffe", "")
        .replace("\uffff", "")
    )


TEXT_MUTATIONS: tuple[TextMutation, ...] = (
    replace_word,
    replace_word,
    delete_line,
    duplicate_line,
    swap_lines,
    truncate_text,
    delete_range,
    duplicate_range,
    insert_odd_character,
    insert_random_text,
    huge_line,
    change_tag,
)
MARKUP_MUTATIONS: tuple[TextMutation, ...] = (
    replace_text_node,
    replace_text_node,
    repeat_element,
    deep_nesting,
    broken_markup,
    many_attributes,
    drop_tag,
)


def encode(draw: st.DrawFn, text: str) -> bytes:
    """The text in an encoding a user's file might have, the right one or not."""
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding == "mojibake":
        # UTF-8 read as Latin-1 and saved again as UTF-8: `MÃ¼ller`.
        return text.encode("utf-8", "surrogatepass").decode("latin-1").encode("utf-8")
    if encoding.startswith("utf"):
        return text.encode(encoding, "surrogatepass")
    return text.encode(encoding, "replace")


def mutate_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """One byte-level fault: a flipped bit, a byte set or inserted, a cut at any byte."""
    at = draw(st.integers(0, len(data)))
    kind = draw(st.sampled_from(("flip", "set", "insert", "truncate")))
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if at == len(data):
        return data
    flipped = data[at] ^ (1 << draw(st.integers(0, 7)))
    value = flipped if kind == "flip" else draw(st.integers(0, 255))
    return data[:at] + bytes([value]) + data[at + 1 :]


def gzip_wrap(draw: st.DrawFn, data: bytes) -> bytes:
    """The input gzip-compressed, sometimes with the compressed stream damaged."""
    packed = gzip.compress(data, mtime=0)
    fault = draw(st.sampled_from(("none", "none", "truncate", "flip", "trailing")))
    if fault == "truncate":
        return packed[: draw(st.integers(2, len(packed)))]
    if fault == "flip":
        at = draw(st.integers(2, len(packed) - 1))
        return packed[:at] + bytes([packed[at] ^ 0xFF]) + packed[at + 1 :]
    if fault == "trailing":
        return packed + draw(st.binary(min_size=1, max_size=16))
    return packed


@st.composite
def mutated_seed(
    draw: st.DrawFn, seeds: Sequence[bytes], others: Sequence[bytes], markup: bool
) -> bytes:
    """A seed with a few text mutations, re-encoded, then maybe byte faults and gzip."""
    seed = draw(st.sampled_from(seeds))
    try:
        text = inputs.decode_bytes(seed, "seed")
    except BibnormError:
        text = seed.decode("latin-1")
    mutations = TEXT_MUTATIONS + (MARKUP_MUTATIONS if markup else ())
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 9)) == 0:
            text = splice_other_format(draw, text, others)
        else:
            text = draw(st.sampled_from(mutations))(draw, text)
    data = encode(draw, text)
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2)))):
        data = mutate_bytes(draw, data)
    if draw(st.integers(0, 7)) == 0:
        data = gzip_wrap(draw, data)
    return data


def random_input() -> st.SearchStrategy[bytes]:
    """Plain random text (in a few encodings) or random bytes."""
    text = st.text(max_size=3000)
    return st.one_of(
        text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        text.map(lambda t: t.encode("utf-16", "surrogatepass")),
        st.binary(max_size=3000),
    )


def fuzzed_input(source_name: str) -> st.SearchStrategy[bytes]:
    """Inputs for one adapter: mostly its own seeds mutated, sometimes random."""
    seeds = seeds_for(source_name)
    others = all_seeds()
    mutated = mutated_seed(seeds, others, source_name in MARKUP_SOURCES)
    return st.one_of(mutated, mutated, mutated, random_input())


# --- the checks --------------------------------------------------------------------

# What each built-in writer is asked for: CSL both plain and with the related lists.
WRITER_OPTIONS = (
    ("json", WriteOptions()),
    ("csl", WriteOptions()),
    ("csl", WriteOptions(with_related=True)),
    ("jsonl", WriteOptions()),
)


class BuiltinCrash(AssertionError):
    """A built-in adapter, processor or writer raised: a bug, whatever the input."""


def exercise(data: bytes, host: PluginHost, formats: Sequence[str | None]) -> None:
    """Parse `data` with each of `formats` (None for detection) and write what comes out.

    Only a `BibnormError` may escape the library, and a `PluginError` (what the
    pipeline makes of an exception inside an adapter or writer) is a crash of a
    built-in: its cause is raised again so that hypothesis sees, shrinks and reports
    the real fault, one per place it happens.
    """
    try:
        source = inputs.decode(data, name="fuzz-input")
    except PluginError as exc:
        raise _crash(exc) from exc
    except BibnormError as exc:
        _tally("refused on reading", type(exc).__name__)
        return
    for position, format in enumerate(formats):
        try:
            result = pipeline.parse_source(source, host, format=format)
        except PluginError as exc:
            raise _crash(exc) from exc
        except BibnormError as exc:
            _tally(f"parse {position}", type(exc).__name__)
            continue
        check_result(result)
        # Shown by --hypothesis-show-statistics: how much of the fuzzing reaches records.
        _tally(f"parse {position}", "records" if result.records else "no records")
        for writer_name, options in WRITER_OPTIONS:
            try:
                write_all(result, host, writer_name, options)
            except PluginError as exc:
                raise _crash(exc) from exc
    assert not host.problems, host.problems


def _tally(step: str, outcome: str) -> None:
    # Outside a hypothesis test (replaying one input by hand) there is nothing to tally.
    if currently_in_test_context():
        event(step, outcome)


def _crash(error: PluginError) -> BaseException:
    cause = error.__cause__
    return cause if isinstance(cause, Exception) else BuiltinCrash(str(error))


def check_result(result: ParseResult) -> None:
    """A parse yields records, failed records and deletions, nothing else."""
    assert all(type(item) is Record for item in result.records), result.records
    assert all(type(item) is FailedRecord for item in result.failed), result.failed
    assert all(type(item) is Deletion for item in result.deletions), result.deletions


def write_all(
    result: ParseResult, host: PluginHost, writer_name: str, options: WriteOptions
) -> None:
    """Render and dump every record; what the pipeline keeps must pass the schema, and
    what the writer writes must be JSON that passes it as a document."""
    writer = host.registry.writers[writer_name].value
    rendered = pipeline.render([result], writer, options, owner=writer_name)
    assert writer.schema is not None
    for item in rendered.items:
        problems = schema.validate(item, writer.schema)
        assert not problems, (item, problems)
    stream = io.StringIO()
    writer.dump(iter(rendered.items), stream)
    written = stream.getvalue()
    if writer_name == "jsonl":
        documents = [json.loads(line) for line in written.splitlines() if line]
        assert len(documents) == len(rendered.items)
    else:
        document = json.loads(written)
        assert not schema.validate_document(document, writer.schema)
