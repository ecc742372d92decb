"""What the outputs in DIR were made from: `DIR/manifest.json`.

For every input file: its size, sha256, the input root its article ids are
relative to, and the (article id, sha256 of the raw record) pairs it gave, in order; and the pipeline version that processed them.
An incremental run reuses an article's rows only when its id, its bytes, its
source file and the pipeline version all match.

The pipeline version hashes what decides the output: the package version, the
newsfacts source that makes rows (not the CLI, query or batch driver), every
file under patterns/ and the shipped models, plus the run settings that change
results (processor, stage names, max bytes).
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..patterns import PATTERNS_DIR

MANIFEST_NAME = "manifest.json"
FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent.parent
MODELS_DIR = PACKAGE_DIR / "models"


# Package modules that decide how a run is driven or read, never which rows it makes.
NOT_ROW_MAKING = ("cli.py", "query.py", "batch/")


def _hash_tree(digest, root: Path, suffixes: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> None:
    if not root.exists():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        name = path.relative_to(root).as_posix()
        if (suffixes and path.suffix not in suffixes) or name.startswith(skip):
            continue
        digest.update(name.encode() + b"\0")
        with path.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())


def pipeline_version(settings: dict | None = None, patterns_dir: Path = PATTERNS_DIR) -> str:
    """A hash that changes whenever the pipeline could give different rows for the same bytes."""
    digest = hashlib.sha256(f"newsfacts {__version__}\0".encode())
    _hash_tree(digest, PACKAGE_DIR, (".py",), NOT_ROW_MAKING)
    _hash_tree(digest, patterns_dir)
    _hash_tree(digest, MODELS_DIR)
    digest.update(json.dumps(settings or {}, sort_keys=True).encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass
class FileEntry:
    size: int
    sha256: str
    root: str  # the input root it was found under: a file's article id is its path relative to it
    records: list[tuple[str, str]] = field(default_factory=list)  # (article_id, record sha256), in order

    def key(self) -> tuple[int, str, str]:
        return self.size, self.sha256, self.root


@dataclass
class Manifest:
    pipeline: str
    files: dict[str, FileEntry] = field(default_factory=dict)

    def articles(self) -> dict[str, list[tuple[str, str]]]:
        """article id -> [(sha256, source file)] for each time it occurs."""
        index: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for source, entry in self.files.items():
            for article_id, sha in entry.records:
                index[article_id].append((sha, source))
        return dict(index)

    def n_articles(self) -> int:
        return sum(len(e.records) for e in self.files.values())

    @classmethod
    def load(cls, out_dir: Path) -> "Manifest | None":
        path = out_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            files = {src: FileEntry(e["size"], e["sha256"], e["root"], [tuple(r) for r in e["records"]])
                     for src, e in data["files"].items()}
            return cls(data["pipeline"], files)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no manifest or an unreadable one: nothing is reused

    def write(self, path: Path) -> None:
        data = {
            "format": FORMAT,
            "pipeline": self.pipeline,
            "n_articles": self.n_articles(),
            "files": {src: {"size": e.size, "sha256": e.sha256, "root": e.root, "records": e.records}
                      for src, e in self.files.items()},
        }
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
