"""Online enrichment and fetching: NCBI E-utilities, the PMC ID converter and Crossref.

Nothing here runs unless asked for (`bibnorm fetch`, `bibnorm parse --enrich`). Every
request goes through one cached, rate-limited session (`session.open_session`), and every
failure of a service becomes a diagnostic on the record concerned, never an exception
that stops a run.

    config      where the services are, who we are, cache and politeness settings
    ratelimit   the limit on requests per second, shared by the processes using one cache
    transport   the HTTP adapter: rate limit, timeouts, retries with backoff, size cap, whole bodies
    payloads    what each service's data answer looks like (never cache an error it sent with 200)
    session     the requests-cache session and what to do with a broken cache file
    client      one GET to a service, its failures turned into `ServiceError`s
    ids         identifiers as users write them (`pmid:1`, `PMC2`, `https://doi.org/...`)
    eutils      efetch, esearch and elink
    idconv      the PMC ID converter
    crossref    Crossref's works API, mapped to records
    merge       filling a record's missing fields without overwriting what it had
    enrich      enrichment of a stream of records, in batches
    fetch       records by identifier
"""

from __future__ import annotations

from bibnorm.online.config import OnlineConfig
from bibnorm.online.errors import ServiceError

__all__ = ["OnlineConfig", "ServiceError"]
