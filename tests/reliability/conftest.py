"""The reliability suite: each case makes its inputs in `tmp_path` (see harness.py)."""
