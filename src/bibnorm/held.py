"""The items of one input, held back until the input has been read to its end.

An input that fails as a whole part-way (it timed out, its worker died, its adapter
raised, its gzip data broke) must add nothing to the output, so `bibnorm parse` keeps
an input's items here and writes them only once the input ended well. They are held
pickled, a record's items at a time (`pack`): a pickle takes a third to a seventh of
the memory of the objects, its size is exact, and a `--jobs` worker packs them itself,
so the parent never unpickles and pickles them again. Up to `MEMORY_BYTES` of pickles
stay in memory; the rest go to an anonymous temporary file, which has no name on disk:
nothing is left behind even if the process is killed.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO

from bibnorm.registry import JSONItem

# The pickled items of one input that may stay in memory before the rest go to a
# temporary file (about 10 MB of items as Python objects): the parent of `--jobs`
# workers stays small, and a temporary file costs little more than memory.
MEMORY_BYTES = 2 * 1024 * 1024
# Pickle, not JSON: it writes an item about 3 times faster than `json.dumps`, which took
# nearly a tenth of `--to json`, and it gives back the very values held (tuples stay tuples).
_PROTOCOL = pickle.HIGHEST_PROTOCOL


def pack(items: Sequence[JSONItem]) -> bytes:
    """`items` as `HeldItems.add_packed` takes them."""
    return pickle.dumps(list(items), _PROTOCOL)


class HeldItems:
    """Items in the order added, in memory then in a temporary file; `close` when done."""

    def __init__(self, memory_bytes: int | None = None) -> None:
        self.memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes
        self.count = 0
        self._in_memory: list[bytes] = []
        self._held_bytes = 0
        self._spilled: IO[bytes] | None = None

    def add(self, item: JSONItem) -> None:
        self.add_packed(pack([item]), 1)

    def add_all(self, items: Sequence[JSONItem]) -> None:
        if items:
            self.add_packed(pack(items), len(items))

    def add_packed(self, packed: bytes, count: int) -> None:
        """The `count` items `pack` made `packed` of."""
        self.count += count
        if self._spilled is None and self._held_bytes < self.memory_bytes:
            self._in_memory.append(packed)
            self._held_bytes += len(packed)
            return
        if self._spilled is None:
            # Closed by `close`; a name-less file, so nothing outlives the process.
            self._spilled = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        # Pickles follow one another: each `pickle.load` reads exactly one back.
        self._spilled.write(packed)

    def replay(self) -> Iterator[JSONItem]:
        """Every item, in the order added (once), closing the temporary file at the end."""
        try:
            # Popped from the end, so the memory held goes down as the items come back.
            self._in_memory.reverse()
            while self._in_memory:
                yield from pickle.loads(self._in_memory.pop())
            if self._spilled is not None:
                spilled = self._spilled
                end = spilled.seek(0, 2)
                spilled.seek(0)
                while spilled.tell() < end:
                    yield from pickle.load(spilled)
        finally:
            self.close()

    @property
    def spilled(self) -> bool:
        """Whether some items went to the temporary file."""
        return self._spilled is not None

    def close(self) -> None:
        """Drop the items (the temporary file goes with them)."""
        self._in_memory = []
        if self._spilled is not None:
            self._spilled.close()
            self._spilled = None
