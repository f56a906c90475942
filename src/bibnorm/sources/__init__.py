"""Built-in sources, and what their adapters share."""

from __future__ import annotations

from collections.abc import Callable

from bibnorm.registry import Sample


def score_or_zero(score: Callable[[str], float], sample: Sample) -> float:
    """`score(sample.text)`, or 0 when it raises.

    The adapter contract says `sniff` never raises: text a scorer cannot read is not its
    format. (The host guards every sniff as well, and reports a crash as a plugin problem.)
    """
    try:
        return score(sample.text)
    except Exception:  # noqa: BLE001 - any failure to score means "not this format"
        return 0.0
