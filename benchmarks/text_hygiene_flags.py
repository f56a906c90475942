"""Which records the text hygiene processor flags, over the shared corpus and samples/.

    python benchmarks/text_hygiene_flags.py [DIR ...]   (default: ../shared/corpus samples)

Parses every file below each DIR (`*.expected.json` and `*.md` skipped) with the built-in
plugins, and prints each `text.*` diagnostic with its file, then the number of records
read and of records flagged. Every flag must be read by hand: one on real text (an
accented name, Greek, math, a `&` in a title, another script) is a false positive.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bibnorm import errors, pipeline
from bibnorm.manager import create_host
from bibnorm.serialize import indented_json, record_to_json


def main(roots: list[str]) -> None:
    host = create_host(autoload=False)
    records = flagged = files = non_ascii = ampersands = 0
    codes: Counter[str] = Counter()
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            if not path.is_file() or path.name.endswith((".expected.json", ".md")):
                continue
            try:
                result = pipeline.parse_path(path, host)
            except errors.BibnormError:
                continue  # not an input bibnorm reads (a README, a schema...)
            files += 1
            for record in result.records:
                records += 1
                text = indented_json(record_to_json(record))
                non_ascii += not text.isascii()
                ampersands += "&" in text
                flags = [d for d in record.diagnostics if d.code.startswith("text.")]
                if flags:
                    flagged += 1
                for diag in flags:
                    codes[diag.code] += 1
                    print(f"{path}: {diag.code}: {diag.message}")
    print(f"{files} files, {records} records, {flagged} flagged ({flagged / max(records, 1):.2%})")
    print(f"of which {non_ascii} hold non-ASCII text and {ampersands} an '&'; {dict(codes)}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/corpus", "samples"])
