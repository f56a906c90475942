"""`bibnorm.held`: an input's items kept back, in memory and beyond a bound on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibnorm import cli, held
from bibnorm.held import HeldItems

ITEMS = [{"id": f"item-{n}", "title": f"Title {n}\u2028with a line end", "n": n} for n in range(50)]


@pytest.mark.parametrize("memory_bytes", [0, 200, 10**9], ids=["spilled", "both", "in-memory"])
def test_items_come_back_in_the_order_added(memory_bytes: int) -> None:
    kept = HeldItems(memory_bytes)
    for item in ITEMS:
        kept.add(item)
    assert kept.count == len(ITEMS)
    assert kept.spilled == (memory_bytes < 10**9)
    assert list(kept.replay()) == ITEMS
    assert not kept.spilled  # the temporary file is closed once replayed


@pytest.mark.parametrize("memory_bytes", [0, 300, 10**9], ids=["spilled", "both", "in-memory"])
def test_packed_and_single_items_keep_their_order(memory_bytes: int) -> None:
    """A worker's items arrive packed, a record's at a time; one process adds them
    one by one or a record's at once: all come back in the order added."""
    kept = HeldItems(memory_bytes)
    kept.add_packed(held.pack(ITEMS[:5]), 5)
    kept.add(ITEMS[5])
    kept.add_all(ITEMS[6:20])
    kept.add_all([])
    for start in range(20, len(ITEMS), 7):
        kept.add_packed(held.pack(ITEMS[start : start + 7]), len(ITEMS[start : start + 7]))
    assert kept.count == len(ITEMS)
    assert list(kept.replay()) == ITEMS


def test_closing_drops_the_items() -> None:
    kept = HeldItems(0)
    kept.add(ITEMS[0])
    kept.close()
    assert list(kept.replay()) == []


@pytest.mark.parametrize("to", ["json", "csl", "jsonl"])
def test_spilled_items_are_written_as_held_ones(
    to: str,
    repo_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BIBNORM_DISABLE_PLUGIN_AUTOLOAD", "1")
    samples = sorted(str(p) for p in (repo_root / "samples" / "pubmed-xml").glob("*.xml"))
    outputs = []
    for bound in (held.MEMORY_BYTES, 1):
        monkeypatch.setattr(held, "MEMORY_BYTES", bound)
        assert cli.main(["parse", *samples, "--to", to, "--with-related"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
