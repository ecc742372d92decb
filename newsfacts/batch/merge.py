"""Merge: staged rows of the chosen chunks + previous rows still valid -> sorted final tables.

    per range of RANGE_ARTICLES article ids, in order: DuckDB sorts (out of core) the range's
    staged rows and the previous rows of its ids -> final/TABLE.parquet/ + final/TABLE.csv

Every sort holds at most RANGE_ARTICLES articles, so it fits the memory limit however
large the corpus. A range reads only the part files of the chunks holding its ids: when
the input comes roughly in id order (files in path order, feeds by date) a chunk falls in
one or two ranges, and every part is read about once. When it does not (ids in random
order), one pass first splits the parts' rows into a file per range
(ranges/TABLE/R-N.parquet), so again every part is read once: time grows linearly with
the corpus (reading every part for every range did not: at 500k articles that is 250
ranges x 10,000 files per table).

A refresh keeps the previous table's leading part files, whole, up to the first article
id the run changes (processed, deleted, no longer reused: `RunIndex.first_affected_id`),
and the bytes of its CSV up to their last row; only the rows after them are merged. When
new articles come with ids after the old ones (files by date, growing numbers), a daily
refresh then rewrites a part or two per table instead of the whole corpus. A part is kept
only when it is full, so the layout is exactly a full run's; the rows of the kept parts'
last article that run on into the next part are merged again, and written after them.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..facts import NO_CSV, TABLES
from ..query import sql_path
from ..write import KeptParts, PartWritten, part_path, part_rows, schema, sort_order, staging_schema, write_sorted
from .index import RunIndex
from .staging import Staging

MERGE_MEMORY = "300MB"  # DuckDB's limit, shared by the two table threads; it spills beyond
RANGE_ARTICLES = 2000  # the merge's peak memory follows this (10k run: 455 MB at 5000, 390-420 at 2000)
TABLE_THREADS = 2
SPLIT_BUFFER_BYTES = 32 << 20  # rows buffered over all ranges before each range's rows are written
# Above this many ranges per chunk on average, the parts are split by range first.
MAX_RANGES_PER_CHUNK = 2.0


def merge_tables(staging: Staging, out_dir: Path, index: RunIndex) -> tuple[dict[str, list[PartWritten]], int]:
    """Write every final table into staging.final; returns the part files of each, and how
    many of them are previous part files kept as they were."""
    import duckdb

    staging.final.mkdir(parents=True, exist_ok=True)
    # What to keep, read from the run index here (SQLite stays in this thread): sorted Parquet
    # files that each range's query filters by id, the range bounds, the chunks of each range,
    # and the previous part files kept whole.
    keep = index.write_keep_lists(staging.keep)
    bounds = index.range_bounds(RANGE_ARTICLES)
    chunks_of_range = _chunks_by_range(index.chunk_articles(), bounds)
    affected = index.first_affected_id()
    kept = {table: _kept_parts(table, index.previous_parts(table), affected, out_dir) for table in TABLES}
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{MERGE_MEMORY}'")
        con.execute(f"SET temp_directory = '{str(staging.spill).replace(chr(39), chr(39) * 2)}'")
        # One thread per query and no insertion order: a sort then holds the fewest blocks pinned
        # at once and spills the rest (at 50k articles two threads ran out of a 256 MB limit).
        con.execute("SET threads = 1")
        con.execute("SET preserve_insertion_order = false")

        def merge_table(table: str) -> list[PartWritten]:
            cursor = con.cursor()
            try:
                return _merge_table(cursor, table, staging, out_dir, keep, bounds, chunks_of_range, kept[table])
            finally:
                cursor.close()

        # Two tables at a time: one thread sorts in DuckDB (no GIL) while the other writes files.
        with ThreadPoolExecutor(max_workers=TABLE_THREADS, thread_name_prefix="newsfacts-merge") as pool:
            parts = dict(zip(TABLES, pool.map(merge_table, TABLES)))
        return parts, sum(len(k.parts) for k in kept.values() if k)
    finally:
        con.close()


def _kept_parts(table: str, previous: list[PartWritten], affected: str | None, out_dir: Path) -> KeptParts | None:
    """The previous table's leading parts that hold only rows this run would write the same way:
    full parts whose ids all come before `affected` (None: every id). None when there are none,
    or the files are not the ones the manifest lists."""
    kept = []
    for info in previous:
        if info.rows != part_rows(table) or (affected is not None and info.last_id >= affected):
            break
        kept.append(info)
    if not kept:
        return None
    dataset = out_dir / f"{table}.parquet"
    csv = None if table in NO_CSV else out_dir / f"{table}.csv"
    try:
        same_files = all(part_path(dataset, p.part).stat().st_size == p.size for p in kept) and (
            csv is None or csv.stat().st_size == previous[-1].csv_end)
    except OSError:
        same_files = False
    return KeptParts(dataset, kept, csv) if same_files else None


def _rows_kept_of_last_article(kept: KeptParts) -> int:
    """How many rows of the kept parts' last article they hold (its rows may run on into the
    next part, which is merged again: the merge drops these from the start of its rows)."""
    last, rows = kept.parts[-1].last_id, 0
    for info in reversed(kept.parts):
        ids = pq.read_table(part_path(kept.dataset, info.part), columns=["article_id"]).column(0)
        rows += pc.sum(pc.equal(ids, last)).as_py()
        if info.first_id != last:
            break
    return rows


def _drop_rows(batches: Iterable[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    """The batches without their first `rows` rows."""
    for batch in batches:
        if rows >= batch.num_rows:
            rows -= batch.num_rows
            continue
        yield batch.slice(rows)
        rows = 0


def _chunks_by_range(chunk_articles: Iterable[tuple[str, str]], bounds: list[str]) -> list[list[str]] | None:
    """The chunks holding ids of each range, or None when chunks spread over too many ranges."""
    if not bounds:
        return None
    ranges_of_chunk: dict[str, set[int]] = {}
    for chunk, article_id in chunk_articles:
        ranges_of_chunk.setdefault(chunk, set()).add(bisect.bisect_right(bounds, article_id))
    if sum(map(len, ranges_of_chunk.values())) > MAX_RANGES_PER_CHUNK * len(ranges_of_chunk):
        return None
    chunks: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
    for chunk, indexes in sorted(ranges_of_chunk.items()):
        for index in indexes:
            chunks[index].append(chunk)
    return chunks


def _merge_table(con, table: str, staging: Staging, out_dir: Path, keep: tuple[Path | None, Path | None],
                 bounds: list[str], chunks_of_range: list[list[str]] | None,
                 kept: KeptParts | None) -> list[PartWritten]:
    names = schema(table).names
    columns = ", ".join(f'"{c}"' for c in names)
    keep_previous, keep_staged = keep
    staged = keep_staged is not None and staging.has_parts(table)
    if not (staged or keep_previous):
        return write_sorted(iter(()), table, staging.final, kept)
    after = kept.parts[-1].last_id if kept else None  # the rows before this id are kept as they are
    split = _split_by_range(staging, table, bounds) if staged and bounds and chunks_of_range is None else None
    # Sort keys, then the occurrence of a repeated id, then every other column: a total
    # order that does not depend on chunking, workers or the extractors' list order.
    order = ", ".join(f'"{c}"' for c in sort_order(table))
    batch_rows = 256 if table == "texts" else 8192  # whole articles: keep a batch a few MB

    def sorted_range(index: int) -> Iterator[pa.RecordBatch]:
        conditions = []
        if index > 0:
            conditions.append(f"article_id >= {_quote(bounds[index - 1])}")
        if index < len(bounds):
            conditions.append(f"article_id < {_quote(bounds[index])}")
        if after is not None:
            conditions.append(f"article_id >= {_quote(after)}")
        where = " AND ".join(conditions) or "TRUE"
        sources = []
        if staged:
            if split is not None:
                parts = sorted(split.glob(f"{index:05d}-*.parquet"))
            elif chunks_of_range is not None:
                parts = [staging.parts / table / f"{chunk}.parquet" for chunk in chunks_of_range[index]]
            else:
                parts = [staging.parts / table]
            parts = [p for p in parts if p.exists()]  # a chunk without rows of this table has no part
            if parts:
                files = "[" + ", ".join(sql_path(p) for p in parts) + "]"
                sources.append(
                    f"SELECT {columns}, p._occ AS _occ FROM read_parquet({files}) p SEMI JOIN "
                    f"(SELECT chunk, article_id FROM read_parquet({sql_path(keep_staged)}) WHERE {where}) k "
                    "ON p.article_id = k.article_id AND p._chunk = k.chunk")
        if keep_previous:
            sources.append(
                f"SELECT {columns}, 0 AS _occ FROM read_parquet({sql_path(out_dir / f'{table}.parquet')}) "
                f"WHERE article_id IN (SELECT article_id FROM read_parquet({sql_path(keep_previous)}) WHERE {where})")
        if not sources:
            return iter(())
        union = " UNION ALL ".join(sources)
        return arrow_reader(con.sql(f"SELECT * FROM ({union}) WHERE {where} ORDER BY {order}"), batch_rows)

    # the ranges from the kept parts' last article on: range i holds the ids before bounds[i]
    first = bisect.bisect_right(bounds, after) if after is not None else 0
    reader = itertools.chain.from_iterable(sorted_range(i) for i in range(first, len(bounds) + 1))
    if kept:
        reader = _drop_rows(reader, _rows_kept_of_last_article(kept))
    return write_sorted(reader, table, staging.final, kept)


def _split_by_range(staging: Staging, table: str, bounds: list[str]) -> Path:
    """Read every part file of `table` once and write its rows into files per id range
    (ranges/TABLE/R-N.parquet, N for each time the buffer filled). Memory is bounded by
    SPLIT_BUFFER_BYTES and no file stays open, however many ranges: one open writer per
    range and a 1 MB buffer each grew with the corpus, and would run out of file handles."""
    out = staging.ranges / table
    out.mkdir(parents=True, exist_ok=True)
    target = staging_schema(table)
    edges = np.array(bounds, dtype=object)
    buffered: dict[int, list[pa.Table]] = {}
    total = 0
    rounds = 0

    def flush_all() -> None:
        # Every range at once: the slices of a part share its buffers, which are freed only
        # when no range holds one of them any more.
        nonlocal total, rounds
        for index, pieces in buffered.items():
            pq.write_table(pa.concat_tables(pieces), out / f"{index:05d}-{rounds:05d}.parquet", compression="zstd")
        buffered.clear()
        total = 0
        rounds += 1

    for part in sorted((staging.parts / table).glob("*.parquet")):
        rows = pq.read_table(part).select(target.names).cast(target)
        if rows.num_rows == 0:
            continue
        ids = rows.column("article_id").to_numpy(zero_copy_only=False)
        index_of_row = np.searchsorted(edges, ids, side="right")
        order = np.argsort(index_of_row, kind="stable")
        grouped = rows.take(order)
        indexes, starts = np.unique(index_of_row[order], return_index=True)
        for index, start, end in zip(indexes.tolist(), starts.tolist(), [*starts[1:].tolist(), len(order)]):
            piece = grouped.slice(start, end - start)
            buffered.setdefault(index, []).append(piece)
            total += piece.nbytes
        if total > SPLIT_BUFFER_BYTES:
            flush_all()
    flush_all()
    return out


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def arrow_reader(relation, batch_rows: int):
    for method in ("to_arrow_reader", "fetch_arrow_reader", "record_batch"):  # newest DuckDB first
        if hasattr(relation, method):
            return getattr(relation, method)(batch_rows)
    raise RuntimeError("this DuckDB cannot stream Arrow batches")
