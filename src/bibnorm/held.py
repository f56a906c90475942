"""The items of one input, held back until the input has been read to its end.

An input that fails as a whole part-way (it timed out, its worker died, its adapter
raised, its gzip data broke) must add nothing to the output, so `bibnorm parse` keeps
an input's items here and writes them only once the input ended well. Items stay in
memory up to `MEMORY_BYTES` (estimated from their pickled size); beyond that they go,
pickled, to an anonymous temporary file, which has no name on disk: nothing is left
behind even if the process is killed.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import IO

from bibnorm.registry import JSONItem

# The memory the items of one input may take before the rest go to a temporary file.
MEMORY_BYTES = 32 * 1024 * 1024
# What an item takes in memory, as Python objects, for each byte of its pickle (measured:
# 3.0 to 3.5 for CSL items, 6.0 to 7.0 for bibnorm JSON items, of PubMed XML and MEDLINE).
_MEMORY_PER_PICKLED_BYTE = 5
# Pickle, not JSON: it writes an item about 3 times faster than `json.dumps`, which took
# nearly a tenth of `--to json`, and it gives back the very values held (tuples stay tuples).
_PROTOCOL = pickle.HIGHEST_PROTOCOL


class HeldItems:
    """Items in the order added, in memory then in a temporary file; `close` when done."""

    def __init__(self, memory_bytes: int | None = None) -> None:
        self.memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes
        self.count = 0
        self._in_memory: list[JSONItem] = []
        self._held_bytes = 0
        self._spilled: IO[bytes] | None = None

    def add(self, item: JSONItem) -> None:
        self.count += 1
        if self._spilled is None and self._held_bytes < self.memory_bytes:
            self._in_memory.append(item)
            # Its pickle's length is a cheap measure (a few % of building the item) of what
            # it takes, in proportion; walking the objects would cost more.
            self._held_bytes += _MEMORY_PER_PICKLED_BYTE * len(pickle.dumps(item, _PROTOCOL))
            return
        if self._spilled is None:
            # Closed by `close`; a name-less file, so nothing outlives the process.
            self._spilled = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        # Pickles follow one another: each `pickle.load` reads exactly one back.
        pickle.dump(item, self._spilled, _PROTOCOL)

    def replay(self) -> Iterator[JSONItem]:
        """Every item, in the order added (once), closing the temporary file at the end."""
        try:
            yield from self._in_memory
            self._in_memory = []
            if self._spilled is not None:
                spilled = self._spilled
                end = spilled.seek(0, 2)
                spilled.seek(0)
                while spilled.tell() < end:
                    yield pickle.load(spilled)
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
