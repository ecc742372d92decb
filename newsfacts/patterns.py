"""Load rule and gazetteer data from `patterns/` once per process."""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import yaml

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"
# libyaml's loader when PyYAML was built with it: the same documents, parsed in C (every
# process loads the pattern files at start-up).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pattern_path(name: str) -> Path:
    path = PATTERNS_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"pattern file missing: {path}")
    return path


@lru_cache(maxsize=None)
def load_yaml(name: str):
    with pattern_path(name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)


@lru_cache(maxsize=None)
def load_json(name: str):
    with pattern_path(name).open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV file with a header line; lines starting with # are comments."""
    with pattern_path(name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines, delimiter="\t"))
