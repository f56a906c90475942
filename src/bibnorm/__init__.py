"""bibnorm: PubMed records as people hold them on disk, made into clean, validated data."""

from __future__ import annotations

from bibnorm.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]
