"""Every call path to every service, and the errors each service answers with HTTP 200:
the table the network fault tests run over (tests/online/test_error_answers.py in this
process, tests/reliability/test_network.py as a user runs bibnorm)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLE_PAGE = Path(__file__).resolve().parents[2] / "samples" / "pubmed-text" / "35743275.txt"
# Records that only a PMCID, or only a DOI, lead to PubMed or Crossref from.
BY_PMCID = "OWN - NLM\nTI  - Known by its PMCID alone.\nPMC - PMC9224636\n"
BY_ESEARCH_DOI = "OWN - NLM\nTI  - Known by its DOI.\nAID - 10.5555/bibnorm.esearch-only [doi]\n"
BY_CROSSREF_DOI = "OWN - NLM\nTI  - Known to Crossref.\nAID - 10.5555/bibnorm.crossref-only [doi]\n"
# A PMID the replay server makes an article for: the good identifier of a fetch batch.
GOOD_PMID = "99000002"
# A good MEDLINE record for the batches of `parse` (the harness's GOOD_MEDLINE's PMID).
GOOD_MEDLINE = "PMID- 99000001\nOWN - NLM\nTI  - A good record beside a bad one.\nDP  - 2021\n"


@dataclass(frozen=True)
class CallPath:
    """A call path: the command, what it is given, and what names the failure."""

    name: str
    route: str  # the replay server's route that fails
    args: tuple[str, ...]  # "{in}" is the bad input file, "{good}" the good one
    names: str  # what the message must name besides the service: the file or the ID
    written: int  # records written all the same: the good ones, the bad input as parsed
    bad_input: str | None = None  # text of {in} ("page": the sample page); None: no file

    def argv(self, directory: Path, good: str = GOOD_MEDLINE) -> list[str]:
        """The command line, its files in `directory` (written there, `good` the good
        input's text), output to out.json."""
        if self.bad_input == "page":
            (directory / "page.txt").write_bytes(SAMPLE_PAGE.read_bytes())
        elif self.bad_input is not None:
            (directory / "page.txt").write_text(self.bad_input)
        (directory / "good.txt").write_text(good)
        files = {"in": str(directory / "page.txt"), "good": str(directory / "good.txt")}
        return [a.format(**files) for a in self.args] + ["-o", str(directory / "out.json")]

    def named(self, directory: Path) -> str:
        return self.names.format(**{"in": str(directory / "page.txt")})


ENRICH = ("parse", "{in}", "{good}", "--enrich")
PATHS = [
    CallPath("fetch-pmid", "efetch", ("fetch", "35743275"), "pmid:35743275", 0),
    CallPath("fetch-pmcid", "idconv", ("fetch", "PMC9224636", GOOD_PMID), "pmcid:PMC9224636", 1),
    CallPath(
        "fetch-doi-esearch",
        "esearch",
        ("fetch", "doi:10.5555/bibnorm.esearch-only", GOOD_PMID),
        "doi:10.5555/bibnorm.esearch-only",
        1,
    ),
    CallPath(
        "fetch-doi-crossref",
        "crossref",
        ("fetch", "doi:10.5555/bibnorm.crossref-only", GOOD_PMID),
        "doi:10.5555/bibnorm.crossref-only",
        1,
    ),
    CallPath("fetch-elink", "elink", ("fetch", "35743275", "--elink"), "NCBI elink", 1),
    CallPath("enrich-pmid", "efetch", ENRICH, "{in}", 2, "page"),
    CallPath("enrich-pmcid", "idconv", ENRICH, "{in}", 2, BY_PMCID),
    CallPath("enrich-doi-esearch", "esearch", ENRICH, "{in}", 2, BY_ESEARCH_DOI),
    CallPath("enrich-doi-crossref", "crossref", ENRICH, "{in}", 2, BY_CROSSREF_DOI),
    CallPath("parse-elink", "elink", ("parse", "{in}", "{good}", "--elink"), "{in}", 2, "page"),
]
# The 200-status error shapes each route can meet (replay_server.ERROR_ANSWERS); the
# first is the service's own.
SHAPES = {
    "efetch": ["efetch-error", "ncbi-error", "api-key-error"],
    "esearch": ["esearch-error", "ncbi-error", "api-key-error"],
    "elink": ["elink-error", "elink-xml-error", "ncbi-error", "api-key-error"],
    "idconv": ["idconv-error"],
    "crossref": ["crossref-failed"],
}
SERVICES = {
    "efetch": "NCBI efetch",
    "esearch": "NCBI esearch",
    "elink": "NCBI elink",
    "idconv": "PMC ID converter",
    "crossref": "Crossref",
}
