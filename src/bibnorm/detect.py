"""Finding an input's format: sample its start and rank what each adapter scores it.

Formats are never chosen by file suffix (`.txt` is shared by half of PubMed's formats):
every adapter scores the first part of the text and the best score wins, ties broken by
adapter name so the result never depends on which plugin loaded first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from bibnorm.hookspecs import hookimpl
from bibnorm.inputs import Source
from bibnorm.registry import Registry, Sample

SAMPLE_CHARS = 64 * 1024
# An adapter claims an input when it scores at least this much; below, it only hints.
CLAIM_THRESHOLD = 0.5


def sample_of(source: Source) -> Sample:
    """The start of an input that adapters score (only the head of a file is read)."""
    return Sample(name=source.name, text=source.sample_text(SAMPLE_CHARS))


def rank(
    registry: Registry,
    sample: Sample,
    on_error: Callable[[str, str], None] | None = None,
) -> list[tuple[str, float]]:
    """Every adapter's score for the sample, best first, ties broken by adapter name.

    An adapter whose `sniff` raises or returns something other than a number scores 0:
    detection is no place to stop the whole run for one faulty plugin. The fault is
    handed to `on_error(plugin, message)` so it is reported, not lost.
    """
    scores: list[tuple[str, float]] = []
    for name, entry in registry.sources.items():
        try:
            score = float(entry.value.sniff(sample))
        except Exception as exc:  # noqa: BLE001 - a plugin's bug must not stop detection
            score = 0.0
            if on_error is not None:
                on_error(entry.plugin, f"sniff of adapter {name!r} raised {exc!r}")
        if math.isnan(score):
            score = 0.0
        scores.append((name, min(1.0, max(0.0, score))))
    return sorted(scores, key=lambda pair: (-pair[1], pair[0]))


@hookimpl(trylast=True)
def bibnorm_resolve_format(sample: Sample, ranked: Sequence[tuple[str, float]]) -> str | None:
    """The core's decision: the best-scoring adapter, if it scores enough to claim the input."""
    if ranked and ranked[0][1] >= CLAIM_THRESHOLD:
        return ranked[0][0]
    return None
