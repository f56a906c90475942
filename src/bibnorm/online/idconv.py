"""The PMC ID converter: PMCIDs and DOIs to PMIDs (and back), up to 200 IDs a call.

    GET {idconv_url}?ids=PMC9224636,10.3390/ijms23126832&format=json&tool=...&email=...

answers `{"status": "ok", "records": [{"requested-id": ..., "pmcid": ..., "pmid": ...,
"doi": ...}, ...]}`; an ID it does not know has `"status": "error"` and an `errmsg`.
It knows only articles that are in PMC, so a DOI it cannot map is asked of esearch next.
A call that fails as a whole (`{"status": "error", "message": ...}` at the top) is a
`BadAnswer` (`payloads.check_answer`), never "no ID known".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bibnorm.online.client import ServiceClient
from bibnorm.online.errors import BadAnswer
from bibnorm.online.eutils import batches
from bibnorm.online.ids import doi_key
from bibnorm.online.payloads import IDCONV, json_object


@dataclass(frozen=True)
class IdSet:
    """The identifiers the converter gives for one article."""

    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None


def convert(client: ServiceClient, ids: Sequence[str]) -> dict[str, IdSet]:
    """Each of `ids` (PMCIDs, DOIs, PMIDs) the converter knows, with its other identifiers.

    Keys are the IDs as given (DOIs compared without case). Raises `ServiceError`.
    """
    found: dict[str, IdSet] = {}
    wanted = {doi_key(i): i for i in ids}
    for batch in batches(list(dict.fromkeys(ids)), client.config.batch_size):
        params = [("ids", ",".join(batch)), ("format", "json"), ("tool", client.config.tool)]
        if client.config.email:
            params.append(("email", client.config.email))
        answer = client.get(IDCONV, client.config.idconv_url, params)
        for record in _records(json_object(IDCONV, answer.content)):
            if record.get("status") == "error":
                continue
            ids_of = IdSet(
                pmid=_text(record.get("pmid")),
                pmcid=_text(record.get("pmcid")),
                doi=_text(record.get("doi")),
            )
            requested = _text(record.get("requested-id"))
            for key in (requested, ids_of.pmcid, ids_of.doi, ids_of.pmid):
                if key is not None and doi_key(key) in wanted:
                    found[wanted[doi_key(key)]] = ids_of
    return found


def _records(answer: dict[str, Any]) -> list[dict[str, Any]]:
    # The client checked the answer; this keeps a mirror's odd one from reading as empty.
    records = answer.get("records")
    if answer.get("status") != "ok" or not isinstance(records, list):
        raise BadAnswer(IDCONV, "the answer has no records")
    return [r for r in records if isinstance(r, dict)]


def _text(value: object) -> str | None:
    # Newer answers give the PMID as a number.
    if isinstance(value, int | str) and str(value).strip():
        return str(value).strip()
    return None


__all__ = ["IDCONV", "IdSet", "convert"]
