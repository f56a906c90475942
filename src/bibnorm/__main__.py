"""`python -m bibnorm`: the command line."""

from __future__ import annotations

from bibnorm.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
