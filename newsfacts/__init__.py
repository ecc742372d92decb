"""newsfacts: structured economic facts from Chinese news articles."""
from __future__ import annotations

__version__ = "0.1.0"


def load(out_dir="outputs"):
    """Every output table of a run as a pandas DataFrame, by table name."""
    from .query import load as _load

    return _load(out_dir)
