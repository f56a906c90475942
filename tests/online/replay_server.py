"""A real HTTP server on loopback that answers like NCBI and Crossref, from recorded files.

The tests point bibnorm at it through configuration (`BIBNORM_EUTILS_URL` ...), exactly
as a user points bibnorm at a mirror. It logs every request it gets (when, which route,
which parameters) so tests can count requests and measure their rate, and it injects
faults on demand: `server.fault("efetch", "503", "ok")` makes the next two efetch calls
answer 503 and then normally. Faults:

    ok                normal answer
    429               Too Many Requests without Retry-After
    429-retry-after   Too Many Requests with `Retry-After: 1`
    503               Service Unavailable
    hang              reads the request and never answers
    drip              sends a correct answer one byte every 50 ms
    truncated         promises the whole body (Content-Length), sends half, hangs up
    truncated-xml     a 200 whose XML (or JSON) stops half way, Content-Length matching
    html              a 200 with an HTML error page
    empty             a 200 with an empty body
    unsized           a correct answer without Content-Length, ended by closing the connection

and the errors the services answer with HTTP 200, in their own shapes (`ERROR_ANSWERS`):

    efetch-error      <eFetchResult><ERROR>...</ERROR></eFetchResult>
    esearch-error     {"esearchresult": {"ERROR": ...}}
    esummary-error    {"result": {"error": ...}}
    elink-error       {"ERROR": ...}
    elink-xml-error   <eLinkResult><ERROR>...</ERROR></eLinkResult>
    ncbi-error        {"error": ...} (any E-utility, when its backend fails)
    api-key-error     {"error": "API key invalid", ...} (any E-utility, whatever was asked)
    idconv-error      {"status": "error", "message": ...}
    crossref-failed   {"status": "failed", "message-type": "validation-failure", ...}
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

RECORDED = Path(__file__).parent / "recorded"
EUTILS_PATH = "/entrez/eutils/"
IDCONV_PATH = "/pmc/utils/idconv/v1.0/"
CROSSREF_PATH = "/crossref/"
DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
)
SYNTHETIC = range(99_000_000, 100_000_000)
HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>Service unavailable</title></head>"
    b"<body><h1>We are sorry, the service is temporarily unavailable.</h1></body></html>"
)
_XML = "text/xml; charset=UTF-8"
_JSON = "application/json; charset=UTF-8"
_EUTILS_HEADER = {"type": "esearch", "version": "0.3"}
# The errors the services give with HTTP 200 (E-utilities' shapes as documented in "The
# E-utilities In-Depth" and met in practice; the converter's and Crossref's from their APIs).
ERROR_ANSWERS: dict[str, tuple[str, bytes]] = {
    "efetch-error": (
        _XML,
        b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eEfetchResult PUBLIC '
        b'"-//NLM//DTD efetch 20131226//EN" '
        b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
        b"<eFetchResult>\n\t<ERROR>Cannot retrieve records: backend unavailable</ERROR>\n"
        b"</eFetchResult>\n",
    ),
    "esearch-error": (
        _JSON,
        json.dumps(
            {
                "header": _EUTILS_HEADER,
                "esearchresult": {"ERROR": "Search Backend failed: Database is not supported"},
            }
        ).encode(),
    ),
    "esummary-error": (
        _JSON,
        json.dumps(
            {
                "header": {"type": "esummary", "version": "0.3"},
                "result": {"uids": [], "error": "Invalid uid list"},
            }
        ).encode(),
    ),
    "elink-error": (
        _JSON,
        json.dumps(
            {"header": {"type": "elink", "version": "0.3"}, "ERROR": "Invalid db name specified"}
        ).encode(),
    ),
    "elink-xml-error": (
        _XML,
        b'<?xml version="1.0" encoding="UTF-8" ?>\n'
        b"<eLinkResult><ERROR>Backend failed: link service unavailable</ERROR></eLinkResult>\n",
    ),
    "ncbi-error": (_JSON, b'{"error":"Search Backend failed: too many requests in queue"}'),
    "api-key-error": (
        _JSON,
        b'{"error":"API key invalid","api-key":"not-a-key","type":"invalid","status":"unknown"}',
    ),
    "idconv-error": (
        _JSON,
        json.dumps(
            {
                "status": "error",
                "responseDate": "2025-06-02 10:00:00",
                "request": "format=json",
                "message": "Service temporarily unavailable, try again later",
            }
        ).encode(),
    ),
    "crossref-failed": (
        "application/json",
        json.dumps(
            {
                "status": "failed",
                "message-type": "validation-failure",
                "message": [
                    {
                        "type": "parameter-not-allowed",
                        "value": "works",
                        "message": "Backend search failed, please retry",
                    }
                ],
            }
        ).encode(),
    ),
}
# Pinned so that answers, and so the enriched records, are the same in every run.
ANSWER_DATE = "Mon, 02 Jun 2025 10:00:00 GMT"


@dataclass(frozen=True)
class Hit:
    """One request the server received."""

    time: float  # time.monotonic() when its headers had arrived
    route: str  # efetch, esearch, elink, idconv, crossref, unknown
    params: dict[str, list[str]]
    fault: str


class ReplayServer:
    """Start with `start()` (or as a context manager); `url` is its base address."""

    def __init__(self, recorded: Path = RECORDED) -> None:
        self.recorded = recorded
        self.log: list[Hit] = []
        self._faults: dict[str, deque[str]] = {}
        self._always: dict[str, str] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        # A short poll, so that stopping the server (after every test) is quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def env(self) -> dict[str, str]:
        """The environment that points bibnorm at this server."""
        return {
            "BIBNORM_EUTILS_URL": self.url + EUTILS_PATH,
            "BIBNORM_IDCONV_URL": self.url + IDCONV_PATH,
            "BIBNORM_CROSSREF_URL": self.url + CROSSREF_PATH,
        }

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fault(self, route: str, *names: str) -> None:
        """The next requests to `route` meet these faults, in order, then answer normally."""
        with self._lock:
            self._faults.setdefault(route, deque()).extend(names)

    def always(self, route: str, name: str) -> None:
        """Every request to `route` meets fault `name` (`ok` to end it)."""
        with self._lock:
            self._always[route] = name

    def hits(self, route: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.log if route is None or h.route == route]

    def _next_fault(self, route: str) -> str:
        with self._lock:
            queue = self._faults.get(route)
            if queue:
                return queue.popleft()
            return self._always.get(route, "ok")

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.log.append(hit)

    # What the services answer.

    def answer(self, route: str, path: str, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        if route == "efetch":
            return self._efetch(params)
        if route == "esearch":
            return self._esearch(params)
        if route == "elink":
            return self._elink(params)
        if route == "idconv":
            return self._idconv(params)
        if route == "crossref":
            return self._crossref(path)
        return 404, "text/plain", b"Not Found"

    def _efetch(self, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        ids = [i for value in params.get("id", []) for i in value.split(",") if i]
        if not ids:
            body = "<eFetchResult>\n\t<ERROR>Empty id list - nothing todo</ERROR>\n</eFetchResult>"
            return 200, "text/xml; charset=UTF-8", body.encode()
        articles = [a for a in (self._article(i) for i in ids) if a]
        body = (
            '<?xml version="1.0" ?>\n'
            + DOCTYPE
            + "\n<PubmedArticleSet>\n"
            + "".join(articles)
            + "</PubmedArticleSet>\n"
        )
        return 200, "text/xml; charset=UTF-8", body.encode()

    def _article(self, pmid: str) -> str | None:
        path = self.recorded / "efetch" / f"{pmid}.xml"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            return text[text.index("<PubmedArticle>") :]
        if pmid.isdigit() and int(pmid) in SYNTHETIC:
            return _synthetic_article(pmid)
        return None

    def _esearch(self, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        term = (params.get("term") or [""])[0]
        doi = term.removesuffix("[doi]").strip()
        found = json.loads((self.recorded / "esearch.json").read_text()).get(doi, [])
        result: dict[str, object] = {
            "count": str(len(found)),
            "retmax": str(len(found)),
            "retstart": "0",
            "idlist": found,
            "translationset": [],
            "querytranslation": term,
        }
        if not found:
            result["errorlist"] = {"phrasesnotfound": [term], "fieldsnotfound": []}
            result["warninglist"] = {
                "phrasesignored": [],
                "quotedphrasesnotfound": [],
                "outputmessages": ["No items found."],
            }
        body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        return 200, "application/json; charset=UTF-8", json.dumps(body).encode()

    def _elink(self, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        linksets = []
        for pmid in params.get("id", []):
            path = self.recorded / "elink" / f"{pmid}.json"
            if path.exists():
                linksets += json.loads(path.read_text())["linksets"]
            else:
                linksets.append({"dbfrom": "pubmed", "ids": [pmid]})
        body = {"header": {"type": "elink", "version": "0.3"}, "linksets": linksets}
        return 200, "application/json; charset=UTF-8", json.dumps(body).encode()

    def _idconv(self, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        known = json.loads((self.recorded / "idconv.json").read_text())["records"]
        ids = [i for value in params.get("ids", []) for i in value.split(",") if i]
        records = []
        for requested in ids:
            match = next(
                (
                    r
                    for r in known
                    if requested.lower()
                    in (str(r.get(k, "")).lower() for k in ("pmcid", "pmid", "doi"))
                ),
                None,
            )
            if match is None:
                records.append(
                    {"requested-id": requested, "status": "error", "errmsg": "invalid article id"}
                )
            else:
                records.append({"requested-id": requested, **match})
        body = {
            "status": "ok",
            "responseDate": "2025-06-02 10:00:00",
            "request": f"ids={','.join(ids)};format=json",
            "records": records,
        }
        return 200, "application/json; charset=UTF-8", json.dumps(body, indent=1).encode()

    def _crossref(self, path: str) -> tuple[int, str, bytes]:
        doi = unquote(path.removeprefix(CROSSREF_PATH).removeprefix("works/"))
        recorded = self.recorded / "crossref" / (doi.replace("/", "_") + ".json")
        if not recorded.exists():
            return 404, "text/plain", b"Resource not found."
        return 200, "application/json", recorded.read_bytes()


def _route(path: str) -> str:
    if path.startswith(EUTILS_PATH):
        name = path.removeprefix(EUTILS_PATH).removesuffix(".fcgi")
        return name if name in ("efetch", "esearch", "elink") else "unknown"
    if path.startswith(IDCONV_PATH):
        return "idconv"
    if path.startswith(CROSSREF_PATH + "works/"):
        return "crossref"
    return "unknown"


def _synthetic_article(pmid: str) -> str:
    return f"""<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <Article PubModel="Print">
      <Journal>
        <JournalIssue CitedMedium="Print">
          <Volume>1</Volume>
          <Issue>1</Issue>
          <PubDate><Year>2020</Year><Month>Jan</Month></PubDate>
        </JournalIssue>
        <Title>Journal of Replayed Responses</Title>
        <ISOAbbreviation>J Replay Resp</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Synthetic article {pmid}.</ArticleTitle>
      <Pagination><MedlinePgn>1-2</MedlinePgn></Pagination>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y">
          <LastName>Replay</LastName><ForeName>Rita</ForeName><Initials>R</Initials>
        </Author>
      </AuthorList>
      <Language>eng</Language>
      <PublicationTypeList>
        <PublicationType UI="D016428">Journal Article</PublicationType>
      </PublicationTypeList>
    </Article>
  </MedlineCitation>
  <PubmedData>
    <ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList>
  </PubmedData>
</PubmedArticle>
"""


def _handler_for(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the log that matters is server.log

        def do_GET(self) -> None:
            arrived = time.monotonic()
            parts = urlsplit(self.path)
            params: dict[str, list[str]] = {}
            for key, value in parse_qsl(parts.query, keep_blank_values=True):
                params.setdefault(key, []).append(value)
            route = _route(parts.path)
            fault = server._next_fault(route)
            server._record(Hit(arrived, route, params, fault))
            # The client may give up first (a timeout), as it should.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._serve(route, parts.path, params, fault)

        def _serve(self, route: str, path: str, params: dict[str, list[str]], fault: str) -> None:
            if fault == "hang":
                server._stopping.wait(30)
                self.close_connection = True
                return
            if fault in ("429", "429-retry-after", "503"):
                status = 503 if fault == "503" else 429
                extra = {"Retry-After": "1"} if fault == "429-retry-after" else {}
                body = b'{"error":"API rate limit exceeded"}' if status == 429 else HTML_ERROR
                kind = "application/json" if status == 429 else "text/html"
                self._send(status, kind, body, extra)
                return
            if fault == "html":
                self._send(200, "text/html; charset=UTF-8", HTML_ERROR)
                return
            if fault == "empty":
                self._send(200, "text/xml; charset=UTF-8", b"")
                return
            if fault in ERROR_ANSWERS:
                self._send(200, *ERROR_ANSWERS[fault])
                return
            status, kind, body = server.answer(route, path, params)
            if fault == "truncated-xml":
                self._send(status, kind, body[: len(body) // 2])
            elif fault == "truncated":
                self._head(status, kind, len(body))
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
            elif fault == "unsized":
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                self.close_connection = True
            elif fault == "drip":
                self._head(status, kind, len(body))
                for index in range(len(body)):
                    if server._stopping.is_set():
                        break
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(0.05)
                self.close_connection = True
            else:
                self._send(status, kind, body)

        def _head(
            self, status: int, kind: str, length: int, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(length))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()

        def _send(
            self, status: int, kind: str, body: bytes, extra: dict[str, str] | None = None
        ) -> None:
            self._head(status, kind, len(body), extra)
            self.wfile.write(body)

        # BaseHTTPRequestHandler sends its own Date header; ours is pinned instead.
        def date_time_string(self, timestamp: float | None = None) -> str:
            return ANSWER_DATE if timestamp is None else formatdate(timestamp, usegmt=True)

    return Handler


def busiest_second(hits: list[Hit]) -> int:
    """The most requests that arrived within any one second (a sliding window)."""
    times = sorted(h.time for h in hits)
    most, start = 0, 0
    for end, when in enumerate(times):
        while when - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most
