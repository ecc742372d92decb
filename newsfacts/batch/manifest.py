"""What the outputs in DIR were made from: `DIR/manifest.sqlite`.

For every input file: its size, sha256 and the input root its article ids are
relative to; for every record, in input order: its file, position, article id
and the sha256 of its raw bytes; the pipeline version that processed them; and
for every part file of every table, its rows, first and last article id, size
and where its rows end in the table's CSV (a refresh keeps the leading parts
that no change reaches, see merge.py).
An incremental run reuses an article's rows only when its id, its bytes, its
source file and the pipeline version all match. It is SQLite so that a run
reads it by id (index.py attaches it) instead of loading it whole.

The pipeline version hashes what decides the output: the package version, the
newsfacts source that makes rows (not the CLI, query or batch driver), every
file under patterns/ and the shipped models, plus the run settings that change
results (processor, stage names, max bytes).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..patterns import PATTERNS_DIR

MANIFEST_NAME = "manifest.sqlite"
# Written by earlier versions; a run that writes MANIFEST_NAME removes them.
LEGACY_MANIFESTS = ("manifest.json",)
FORMAT = 2
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


# An input file's key columns: the manifest's `files`, and the run index's `files` and `digests`.
FILE_COLUMNS = "source TEXT PRIMARY KEY, size INTEGER NOT NULL, sha256 TEXT NOT NULL, root TEXT NOT NULL"
MANIFEST_TABLES = f"""
CREATE TABLE {{db}}meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE {{db}}files({FILE_COLUMNS});
CREATE TABLE {{db}}records(source TEXT NOT NULL, position INTEGER NOT NULL, article_id TEXT NOT NULL,
                         sha256 TEXT NOT NULL);
CREATE TABLE {{db}}parts(tbl TEXT NOT NULL, part INTEGER NOT NULL, rows INTEGER NOT NULL, first_id TEXT,
                       last_id TEXT, size INTEGER NOT NULL, csv_end INTEGER NOT NULL, PRIMARY KEY (tbl, part));
"""
# Indexes built once the rows are in: faster than maintaining them row by row.
MANIFEST_INDEXES = """
CREATE INDEX {db}records_by_id ON records(article_id);
CREATE INDEX {db}records_by_source ON records(source, position);
"""


@dataclass(frozen=True)
class PreviousRun:
    path: Path
    pipeline: str
    n_articles: int


def sqlite_uri(path: Path, read_only: bool = False) -> str:
    """An SQLite URI without file locking: the run holds DIR's lock (runner._exclusive), and
    SQLite's own locks misbehave on network filesystems. A manifest read is immutable then."""
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if read_only else "?nolock=1")


def read_manifest(out_dir: Path) -> PreviousRun | None:
    """The previous run's manifest, or None when there is none usable (missing, damaged, an
    older format such as `manifest.json`): then nothing is reused."""
    path = out_dir / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
        if meta.get("format") != str(FORMAT):
            return None
        return PreviousRun(path, meta["pipeline"], int(meta["n_articles"]))
    except (sqlite3.Error, KeyError, ValueError):
        return None
