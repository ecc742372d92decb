"""The run's index of articles, on disk in SQLite: the planner's decision for every record,
read back by the merge and written out as the next manifest.

    files      every input file met, first visit first: size, sha256, input root
    digests    file keys an incremental run hashed up front, to compare with the previous run
    records    every record in input order: source file, position in it, article id, sha256,
               occurrence (records with its id before it), fate, and the chunk holding its rows
    staged     what the chunks of a killed run hold: article id, chunk, occurrence, sha256, source
    prev.*     the previous run's manifest (manifest.py), attached read-only

Dicts of ids and hashes cost the driver ~400 bytes per article (200 MB at 500k articles);
here the per-article state lives in a file and the process keeps only SQLite's page cache,
so its memory does not grow with the corpus.
"""
from __future__ import annotations

import dataclasses
import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .manifest import FILE_COLUMNS, FORMAT, MANIFEST_INDEXES, MANIFEST_TABLES, sqlite_uri

if TYPE_CHECKING:  # Arrow (the writer) loads only when there is work: an up-to-date refresh needs none
    from ..write import PartWritten

# The fate of a record in this run: where its rows come from.
PREVIOUS = "previous"  # the previous outputs (same id, bytes and source file)
STAGED = "staged"  # a chunk a killed run committed
PROCESSED = "processed"  # a chunk of this run

# A scratch file rebuilt every run: no journal, no syncs; a page cache of 2 MB (-KiB).
_PRAGMAS = ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -2000",
            "PRAGMA temp_store = FILE")
_RUN_TABLES = f"""
CREATE TABLE files({FILE_COLUMNS});
CREATE TABLE digests({FILE_COLUMNS});
CREATE TABLE records(source TEXT NOT NULL, position INTEGER NOT NULL, article_id TEXT NOT NULL,
                     sha256 TEXT NOT NULL, occurrence INTEGER NOT NULL, fate TEXT NOT NULL, chunk TEXT);
CREATE INDEX records_by_id ON records(article_id);
CREATE TABLE staged(article_id TEXT NOT NULL, chunk TEXT NOT NULL, occurrence INTEGER NOT NULL,
                    sha256 TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX staged_by_id ON staged(article_id);
"""
_FETCH_ROWS = 16_384

FileKey = tuple[int, str, str]  # size, sha256, input root


class RunIndex:
    """One run's index (the tables above) in an SQLite file; `previous` is the last manifest."""

    def __init__(self, path: Path, previous: Path | None = None) -> None:
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(sqlite_uri(path), uri=True, isolation_level=None)
        for pragma in _PRAGMAS:
            self.db.execute(pragma)
        self.db.executescript(_RUN_TABLES)
        self.has_previous = previous is not None
        self.has_previous_parts = False  # a manifest of the previous version lists no part files
        if previous is not None:
            self.db.execute("ATTACH DATABASE ? AS prev", (sqlite_uri(previous, read_only=True),))
            self.has_previous_parts = self.db.execute(
                "SELECT 1 FROM prev.sqlite_master WHERE type = 'table' AND name = 'parts'").fetchone() is not None
        self.has_staged = False
        self.db.execute("BEGIN")  # one transaction: SQLite spills to the file beyond its cache

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ files

    def add_digest(self, source: str, key: FileKey) -> None:
        self.db.execute("INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?)", (source, *key))

    def digest(self, source: str) -> FileKey | None:
        row = self.db.execute("SELECT size, sha256, root FROM digests WHERE source = ?", (source,)).fetchone()
        return tuple(row) if row else None

    def digests_match_previous(self) -> bool:
        """The files hashed up front are exactly the previous run's files, with the same keys."""
        same_count = self.db.execute(
            "SELECT (SELECT count(*) FROM digests) = (SELECT count(*) FROM prev.files)").fetchone()[0]
        differing = self.db.execute(
            "SELECT 1 FROM digests d LEFT JOIN prev.files f ON f.source = d.source "
            "WHERE f.source IS NULL OR f.size <> d.size OR f.sha256 <> d.sha256 OR f.root <> d.root LIMIT 1").fetchone()
        return bool(same_count) and differing is None

    def add_file(self, source: str, key: FileKey) -> bool:
        """Record an input file; False when the run met it before (given twice on the command line)."""
        return self.db.execute("INSERT OR IGNORE INTO files VALUES (?, ?, ?, ?)", (source, *key)).rowcount == 1

    def take_previous_file(self, source: str, key: FileKey) -> bool:
        """Reuse every article of an unchanged file without reading it, when that is exact: the
        file's key matches, and none of its ids occurs twice in the previous run or yet in this one."""
        if not self.has_previous:
            return False
        old = self.db.execute("SELECT size, sha256, root FROM prev.files WHERE source = ?", (source,)).fetchone()
        if old is None or tuple(old) != key:
            return False
        ambiguous = self.db.execute(
            "SELECT 1 FROM prev.records p WHERE p.source = ? AND ("
            " EXISTS (SELECT 1 FROM prev.records q WHERE q.article_id = p.article_id AND q.rowid <> p.rowid)"
            " OR EXISTS (SELECT 1 FROM records r WHERE r.article_id = p.article_id)) LIMIT 1", (source,)).fetchone()
        if ambiguous:
            return False
        self.db.execute(
            "INSERT INTO records SELECT source, position, article_id, sha256, 0, ?, NULL FROM prev.records "
            "WHERE source = ? ORDER BY position", (PREVIOUS, source))
        return True

    # ------------------------------------------------------------------ records

    def occurrences(self, article_id: str) -> int:
        """How many records of this run had this id before."""
        return self.db.execute("SELECT count(*) FROM records WHERE article_id = ?", (article_id,)).fetchone()[0]

    def previous_copy(self, article_id: str) -> tuple[str, str] | None:
        """(sha256, source) of the id in the previous run, when it occurred there exactly once."""
        if not self.has_previous:
            return None
        rows = self.db.execute("SELECT sha256, source FROM prev.records WHERE article_id = ? LIMIT 2",
                               (article_id,)).fetchall()
        return tuple(rows[0]) if len(rows) == 1 else None

    def staged_copy(self, article_id: str) -> tuple[str, int, str, str] | None:
        """(chunk, occurrence, sha256, source) of the id in a killed run's chunks, when staged exactly once."""
        if not self.has_staged:
            return None
        rows = self.db.execute("SELECT chunk, occurrence, sha256, source FROM staged WHERE article_id = ? LIMIT 2",
                               (article_id,)).fetchall()
        return tuple(rows[0]) if len(rows) == 1 else None

    def add_record(self, source: str, position: int, article_id: str, sha256: str, occurrence: int,
                   fate: str, chunk: str | None) -> None:
        self.db.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (source, position, article_id, sha256, occurrence, fate, chunk))

    def add_staged(self, rows: Iterable[tuple[str, str, int, str, str]]) -> None:
        """(article id, chunk, occurrence, sha256, source) of every article in the committed chunks."""
        before = self.db.total_changes
        self.db.executemany("INSERT INTO staged VALUES (?, ?, ?, ?, ?)", rows)
        self.has_staged = self.has_staged or self.db.total_changes > before

    # ------------------------------------------------------------------ summaries

    def count(self, fate: str | None = None) -> int:
        if fate is None:
            return self.db.execute("SELECT count(*) FROM records").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM records WHERE fate = ?", (fate,)).fetchone()[0]

    def deleted(self) -> int:
        """Records of the previous run whose id this run did not meet."""
        if not self.has_previous:
            return 0
        return self.db.execute("SELECT count(*) FROM prev.records p WHERE NOT EXISTS "
                               "(SELECT 1 FROM records r WHERE r.article_id = p.article_id)").fetchone()[0]

    # ------------------------------------------------------------------ for the merge

    def _stream(self, sql: str, parameters: tuple = ()) -> Iterator[tuple]:
        cursor = self.db.execute(sql, parameters)
        while rows := cursor.fetchmany(_FETCH_ROWS):
            yield from rows

    def range_bounds(self, articles_per_range: int) -> list[str]:
        """The first article id of every range of `articles_per_range` distinct ids, after the first."""
        ids = (row[0] for row in self._stream("SELECT DISTINCT article_id FROM records ORDER BY article_id"))
        return list(itertools.islice(ids, articles_per_range, None, articles_per_range))

    def chunk_articles(self) -> Iterator[tuple[str, str]]:
        """(chunk, article id) of every record whose rows are staged."""
        return self._stream("SELECT chunk, article_id FROM records WHERE chunk IS NOT NULL")

    def write_keep_lists(self, directory: Path) -> tuple[Path | None, Path | None]:
        """Parquet files, sorted by id, of the ids whose previous rows are kept and of the
        (chunk, id) pairs whose staged rows are kept; None for an empty list."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        directory.mkdir(parents=True, exist_ok=True)

        def write(name: str, schema: pa.Schema, sql: str, parameters: tuple) -> Path | None:
            path, writer = directory / name, None
            cursor = self.db.execute(sql, parameters)
            try:
                while rows := cursor.fetchmany(_FETCH_ROWS):
                    if writer is None:
                        writer = pq.ParquetWriter(path, schema)
                    columns = [pa.array(values, field.type) for values, field in zip(zip(*rows), schema)]
                    writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            finally:
                if writer is not None:
                    writer.close()
            return path if writer is not None else None

        previous = write("previous.parquet", pa.schema([("article_id", pa.string())]),
                         "SELECT article_id FROM records WHERE fate = ? ORDER BY article_id", (PREVIOUS,))
        staged = write("staged.parquet", pa.schema([("chunk", pa.string()), ("article_id", pa.string())]),
                       "SELECT chunk, article_id FROM records WHERE chunk IS NOT NULL ORDER BY article_id", ())
        return previous, staged

    def first_affected_id(self) -> str | None:
        """The smallest article id whose rows may differ from the previous outputs: one this run
        processes or takes from a killed run's chunks, or a previous one it does not reuse
        (deleted, changed, repeated). None when every previous row stands (or no previous run)."""
        if not self.has_previous:
            return None
        return self.db.execute(
            "SELECT min(article_id) FROM ("
            " SELECT min(article_id) AS article_id FROM records WHERE fate <> ?"
            " UNION ALL SELECT min(p.article_id) FROM prev.records p WHERE NOT EXISTS"
            "  (SELECT 1 FROM records r WHERE r.article_id = p.article_id AND r.fate = ?))",
            (PREVIOUS, PREVIOUS)).fetchone()[0]

    def previous_parts(self, table: str) -> list[PartWritten]:
        """The part files of a previous table, in order ([] when the manifest does not list them)."""
        from ..write import PartWritten

        if not self.has_previous_parts:
            return []
        rows = self.db.execute("SELECT part, rows, first_id, last_id, size, csv_end FROM prev.parts "
                               "WHERE tbl = ? ORDER BY part", (table,)).fetchall()
        return [PartWritten(*row) for row in rows]

    # ------------------------------------------------------------------ the next manifest

    def write_manifest(self, path: Path, pipeline: str, parts: dict[str, list[PartWritten]]) -> None:
        """What this run's outputs were made from (its files and records, the pipeline version),
        and the part files of every table."""
        self.db.execute("COMMIT")
        path.unlink(missing_ok=True)
        self.db.execute("ATTACH DATABASE ? AS out", (sqlite_uri(path),))
        try:
            self.db.execute("PRAGMA out.journal_mode = OFF")
            self.db.executescript(MANIFEST_TABLES.format(db="out."))
            self.db.execute("BEGIN")
            self.db.execute("INSERT INTO out.files SELECT source, size, sha256, root FROM files")
            self.db.execute("INSERT INTO out.records SELECT source, position, article_id, sha256 FROM records "
                            "ORDER BY rowid")
            self.db.executemany("INSERT INTO out.parts VALUES (?, ?, ?, ?, ?, ?, ?)",
                                [(table, *dataclasses.astuple(info))
                                 for table, infos in parts.items() for info in infos])
            self.db.executemany("INSERT INTO out.meta VALUES (?, ?)",
                                [("format", str(FORMAT)), ("pipeline", pipeline), ("n_articles", str(self.count()))])
            self.db.execute("COMMIT")
            self.db.executescript(MANIFEST_INDEXES.format(db="out."))
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        finally:
            self.db.execute("DETACH DATABASE out")
        self.db.execute("BEGIN")
