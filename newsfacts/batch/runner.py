"""Run a batch: plan which articles to process, process them in chunks, merge, swap in.

    records (streamed) -> plan: reuse or process each article -> engine: chunks -> staged parts
      -> DuckDB: previous rows still valid + staged rows, sorted out of core -> final tables -> swap

Memory stays flat: records are read one at a time, at most 2 chunks per worker
are in flight, and the sort spills to disk. What grows with the corpus is only
the manifest index (an id and a hash per article).

Incremental runs reuse an article when its id, bytes, source file and the
pipeline version match the manifest (or a chunk a killed run already staged);
a file whose bytes are unchanged is not even decoded. An article id that occurs
more than once is reused only for its first occurrence, and only when the
previous run saw it exactly once: then the previous rows are exactly its rows.
"""
from __future__ import annotations

import itertools
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from ..ingest.readers import DEFAULT_MAX_BYTES, RawRecord, discover, read_records
from ..write import NO_CSV, TABLES, schema, sort_order, swap_in, write_sorted
from .engines import make_engine
from .manifest import MANIFEST_NAME, FileEntry, Manifest, file_sha256, pipeline_version
from .staging import Staging
from .worker import DEFAULT_PROCESSOR, Chunk, ChunkResult, process_usage, write_parts

log = logging.getLogger("newsfacts")

# A chunk is a few seconds of work for one worker: small enough to keep both cores busy to the
# end and memory low, large enough that its ~10 part files cost little.
CHUNK_ARTICLES = 50
CHUNK_CHARS = 250_000
MERGE_MEMORY = "400MB"
MERGE_RANGE_ARTICLES = 5000
MERGE_THREADS = 2


class BatchError(Exception):
    """The run cannot go on (output not writable, another run holds the directory)."""


@dataclass
class BatchResult:
    out_dir: Path
    articles: int = 0  # records in the input (every occurrence)
    ok: int = 0
    rejected: int = 0
    processed: int = 0  # articles run through the pipeline in this run
    reused: int = 0  # rows taken from the previous outputs
    resumed: int = 0  # rows taken from chunks an interrupted run had staged
    deleted: int = 0  # articles of the previous outputs that are gone from the input
    chars_processed: int = 0
    up_to_date: bool = False  # nothing changed: the outputs were left as they were
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    rejected_examples: list[tuple[str, str]] = field(default_factory=list)
    # host:pid -> (peak RSS MB, CPU seconds) of every process that ran chunks, and of this one
    workers: dict[str, tuple[float, float]] = field(default_factory=dict)
    main: tuple[float, float] = (0.0, 0.0)

    def stats(self) -> dict:
        """The numbers of a run, for the log and the benchmark."""
        keys = ("articles", "ok", "rejected", "processed", "reused", "resumed", "deleted", "chars_processed", "up_to_date")
        return {**{k: getattr(self, k) for k in keys}, "seconds": round(self.seconds, 3),
                "workers": self.workers, "main": self.main}


@contextmanager
def _exclusive(out_dir: Path):
    """One run at a time per output directory."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; don't run two batches into one directory
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError(f"another newsfacts run is writing {out_dir}") from None
        yield
    finally:
        os.close(fd)


def outputs_complete(out_dir: Path) -> bool:
    return all((out_dir / f"{t}.parquet").exists() and (t in NO_CSV or (out_dir / f"{t}.csv").exists()) for t in TABLES)


class Planner:
    """Walks the input once, deciding per article: reuse previous rows, reuse staged rows, or process."""

    def __init__(self, manifest: Manifest, previous: Manifest | None, staged: dict, chunk_articles: int,
                 chunk_chars: int, max_bytes: int, digests: dict[str, tuple[int, str, str]] | None = None) -> None:
        self.manifest = manifest
        self.digests = digests or {}
        self.previous = previous.articles() if previous else {}
        self.previous_files = previous.files if previous else {}
        self.staged = staged
        self.chunk_articles, self.chunk_chars, self.max_bytes = chunk_articles, chunk_chars, max_bytes
        self.seen: Counter[str] = Counter()
        self.keep_previous: list[str] = []
        self.keep_staged: list[tuple[str, str]] = []  # (chunk, article_id)
        self.run_id = f"{time.time_ns():x}"
        self.n_chunks = 0

    def chunks(self, paths: list[Path]) -> Iterator[Chunk]:
        records: list[RawRecord] = []
        occurrences: list[int] = []
        chars = 0
        for record, occurrence in self._to_process(paths):
            records.append(record)
            occurrences.append(occurrence)
            chars += len(record.text or "")
            if len(records) >= self.chunk_articles or chars >= self.chunk_chars:
                yield self._chunk(records, occurrences)
                records, occurrences, chars = [], [], 0
        if records:
            yield self._chunk(records, occurrences)

    def _chunk(self, records, occurrences) -> Chunk:
        self.n_chunks += 1
        return Chunk(f"{self.run_id}-{self.n_chunks:06d}", records, occurrences)

    def _to_process(self, paths: list[Path]) -> Iterator[tuple[RawRecord, int]]:
        for file, root in discover(paths):
            source = file.as_posix()
            key = self.digests.get(source) or file_digest(file, root)
            entry = self.manifest.files.setdefault(source, FileEntry(*key))
            old = self.previous_files.get(source)
            if old is not None and old.key() == key and not entry.records and self._all_previous(old.records, source):
                for article_id, sha in old.records:  # unchanged file: its articles, without decoding it
                    self.seen[article_id] += 1
                    self.keep_previous.append(article_id)
                entry.records.extend(old.records)
                continue
            for record in read_records(file, root, self.max_bytes):
                article_id = record.article_id
                entry.records.append((article_id, record.sha256))
                occurrence = self.seen[article_id]
                self.seen[article_id] += 1
                if occurrence == 0 and self.previous.get(article_id) == [(record.sha256, record.source_file)]:
                    self.keep_previous.append(article_id)
                    continue
                staged = self.staged.get(article_id, ())
                if (occurrence == 0 and len(staged) == 1 and staged[0].occurrence == 0
                        and (staged[0].sha256, staged[0].source_file) == (record.sha256, record.source_file)):
                    self.keep_staged.append((staged[0].chunk, article_id))
                    continue
                yield record, occurrence

    def _all_previous(self, records: list[tuple[str, str]], source: str) -> bool:
        ids = [article_id for article_id, _ in records]
        if len(set(ids)) != len(ids):
            return False
        return all(self.seen[a] == 0 and self.previous.get(a) == [(sha, source)] for a, sha in records)


def file_digest(file: Path, root: Path) -> tuple[int, str, str]:
    """(size, sha256, input root) of an input file: what must match to reuse all its articles."""
    try:
        return file.stat().st_size, file_sha256(file), root.as_posix()
    except OSError:
        return -1, "", root.as_posix()


def run_batch(
    paths: list[Path],
    out_dir: Path,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    client=None,
    incremental: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_articles: int = CHUNK_ARTICLES,
    chunk_chars: int = CHUNK_CHARS,
    processor: str = DEFAULT_PROCESSOR,
    stages: tuple[str, ...] | None = None,
    log_file: Path | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Extract every article under `paths` into the tables of `out_dir` (see module doc)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot write outputs to {out_dir}: {exc}") from exc
    with _exclusive(out_dir):
        version = pipeline_version({"processor": processor, "stages": stages, "max_bytes": max_bytes})
        previous = Manifest.load(out_dir) if incremental else None
        if previous is not None and previous.pipeline != version:
            log.info("pipeline changed since the previous run (%s -> %s): everything is processed again",
                     previous.pipeline, version)
            previous = None
        if previous is not None and not outputs_complete(out_dir):
            log.info("some previous tables are missing: everything is processed again")
            previous = None
        result = BatchResult(out_dir)
        digests = None
        if previous is not None:
            digests = {file.as_posix(): file_digest(file, root) for file, root in discover(paths)}
            if digests == {src: e.key() for src, e in previous.files.items()}:
                # Same files, same bytes, same pipeline: the outputs are already right.
                Staging(out_dir).remove()
                result.up_to_date = True
                result.articles = result.reused = previous.n_articles()
                _summarise(result, out_dir)
                result.seconds = time.perf_counter() - started
                result.main = process_usage()[1:]
                return result
        staging = Staging.open(out_dir, version, resume=incremental)
        planner = Planner(Manifest(version), previous, staging.committed() if incremental else {},
                          chunk_articles, chunk_chars, max_bytes, digests)
        staged_now: list[tuple[str, str]] = []
        run = make_engine(engine, processor=processor, stages=stages, jobs=jobs, parts_dir=str(staging.parts),
                          scheduler=scheduler, client=client, log_file=str(log_file) if log_file else None)
        engine_ready = time.perf_counter()
        try:
            for chunk in run.map(planner.chunks(paths)):
                _collect(chunk, run.writes_parts, staging, result, staged_now)
                log.debug("chunk %s: %d articles by %s at %.1f s", chunk.name, len(chunk.articles), chunk.worker[0],
                          time.perf_counter() - started)
                if on_progress:
                    on_progress(len(chunk.articles))
        finally:
            run.close()
        processed = time.perf_counter()
        result.articles = sum(planner.seen.values())
        result.reused, result.resumed = len(planner.keep_previous), len(planner.keep_staged)
        if previous is not None:
            result.deleted = sum(len(v) for k, v in previous.articles().items() if k not in planner.seen)
        if result.articles == 0:
            staging.remove()
            result.seconds = time.perf_counter() - started
            return result
        _merge(staging, out_dir, planner.keep_previous, planner.keep_staged + staged_now, jobs, result)
        merged = time.perf_counter()
        planner.manifest.write(staging.final / MANIFEST_NAME)
        swap_in(staging.final, out_dir, TABLES, last=[MANIFEST_NAME])
        staging.remove()
        log.info("timing: engine start %.1f s, read+process %.1f s, merge %.1f s, swap %.1f s",
                 engine_ready - started, processed - engine_ready, merged - processed, time.perf_counter() - merged)
    result.seconds = time.perf_counter() - started
    result.main = process_usage()[1:]
    return result


def _collect(chunk: ChunkResult, written: bool, staging: Staging, result: BatchResult, staged_now: list) -> None:
    if not written:
        write_parts(chunk.tables, staging.parts, chunk.name)
        for article_id, error in chunk.rejected:
            log.warning("article %s rejected: %s", article_id, error)
    staging.commit(chunk.name, chunk.articles)
    staged_now.extend((chunk.name, a[0]) for a in chunk.articles)
    result.processed += len(chunk.articles)
    result.chars_processed += chunk.chars
    name, peak, cpu = chunk.worker
    result.workers[name] = (peak, cpu)


def _sql_path(path: Path) -> str:
    pattern = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
    return "'" + pattern.replace("'", "''") + "'"


def _merge(staging: Staging, out_dir: Path, keep_previous: list[str], keep_staged: list[tuple[str, str]],
           jobs: int, result: BatchResult) -> None:
    """Each final table = staged rows of the chosen chunks + previous rows of reused articles, sorted."""
    import duckdb

    staging.final.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{MERGE_MEMORY}'")
        con.execute(f"SET temp_directory = '{str(staging.spill).replace(chr(39), chr(39) * 2)}'")
        # One thread per query and no insertion order: a sort then holds the fewest blocks pinned
        # at once and spills the rest (at 50k articles two threads ran out of a 256 MB limit).
        con.execute("SET threads = 1")
        con.execute("SET preserve_insertion_order = false")
        keep_old = pa.table({"article_id": pa.array(keep_previous, pa.string())})
        keep_new = pa.table({"chunk": pa.array([c for c, _ in keep_staged], pa.string()),
                             "article_id": pa.array([a for _, a in keep_staged], pa.string())})
        # Copied into tables: the cursors of the table threads below do not see registered views.
        for name, rows in (("keep_previous", keep_old), ("keep_staged", keep_new)):
            con.register(f"{name}_arrow", rows)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
            con.unregister(f"{name}_arrow")
        ranges = _id_ranges(con, staging, out_dir, keep_previous, keep_staged)

        def merge_table(table: str) -> int:
            cursor = con.cursor()
            try:
                return _merge_table(cursor, table, staging, out_dir, bool(keep_previous), bool(keep_staged), ranges)
            finally:
                cursor.close()

        # Two tables at a time: one thread sorts in DuckDB (no GIL) while the other writes CSV.
        with ThreadPoolExecutor(max_workers=MERGE_THREADS, thread_name_prefix="newsfacts-merge") as pool:
            result.rows.update(zip(TABLES, pool.map(merge_table, TABLES)))
        _summarise(result, staging.final, con)
    finally:
        con.close()


def _merge_table(con, table: str, staging: Staging, out_dir: Path, keep_previous: bool, keep_staged: bool,
                 ranges: list[str]) -> int:
    names = schema(table).names
    columns = ", ".join(f'"{c}"' for c in names)
    sources = []
    if keep_staged and staging.has_parts(table):
        sources.append(
            f"SELECT {columns}, p._occ AS _occ FROM read_parquet({_sql_path(staging.parts / table)}) p "
            "SEMI JOIN keep_staged k ON p.article_id = k.article_id AND p._chunk = k.chunk")
    if keep_previous:
        sources.append(
            f"SELECT {columns}, 0 AS _occ FROM read_parquet({_sql_path(out_dir / f'{table}.parquet')}) "
            "WHERE article_id IN (SELECT article_id FROM keep_previous)")
    if not sources:
        return write_sorted(iter(()), table, staging.final)
    # Sort keys, then the occurrence of a repeated id, then every other column: a total
    # order that does not depend on chunking, workers or the extractors' list order.
    order = ", ".join(f'"{c}"' for c in sort_order(table))
    batch_rows = 256 if table == "texts" else 8192  # whole articles: keep a batch a few MB
    union = " UNION ALL ".join(sources)
    # One sort per range of article ids, in order: each sort stays small enough for the
    # memory limit however large the corpus (one sort of 50k articles did not).
    reader = itertools.chain.from_iterable(
        _arrow_reader(con.sql(f"SELECT * FROM ({union}) WHERE {where} ORDER BY {order}"), batch_rows)
        for where in ranges)
    return write_sorted(reader, table, staging.final)


def _id_ranges(con, staging: Staging, out_dir: Path, keep_previous, keep_staged) -> list[str]:
    """SQL conditions splitting the article ids of the output into consecutive ranges of
    at most MERGE_RANGE_ARTICLES articles (a single condition for small runs)."""
    ids: list[str] = list(keep_previous)
    if keep_staged and staging.has_parts("articles"):
        ids += [a for (a,) in con.execute(
            f"SELECT p.article_id FROM read_parquet({_sql_path(staging.parts / 'articles')}) p "
            "SEMI JOIN keep_staged k ON p.article_id = k.article_id AND p._chunk = k.chunk").fetchall()]
    ids = sorted(set(ids))
    bounds = ids[MERGE_RANGE_ARTICLES::MERGE_RANGE_ARTICLES]
    if not bounds:
        return ["TRUE"]
    quote = lambda v: "'" + v.replace("'", "''") + "'"  # noqa: E731
    edges = [None, *bounds, None]
    return [
        " AND ".join(c for c in (f"article_id >= {quote(lo)}" if lo else "", f"article_id < {quote(hi)}" if hi else "") if c)
        for lo, hi in zip(edges, edges[1:])
    ]


def _arrow_reader(relation, batch_rows: int):
    for method in ("to_arrow_reader", "fetch_arrow_reader", "record_batch"):  # newest DuckDB first
        if hasattr(relation, method):
            return getattr(relation, method)(batch_rows)
    raise RuntimeError("this DuckDB cannot stream Arrow batches")


def _summarise(result: BatchResult, tables_dir: Path, con=None) -> None:
    """Counts and the first rejected articles, from the written tables."""
    import duckdb

    own = con is None
    con = con or duckdb.connect(":memory:")
    try:
        articles = _sql_path(tables_dir / "articles.parquet")
        counts = dict(con.execute(f"SELECT status, count(*) FROM read_parquet({articles}) GROUP BY status").fetchall())
        result.ok, result.rejected = counts.get("ok", 0), sum(v for k, v in counts.items() if k != "ok")
        result.rejected_examples = con.execute(
            f"SELECT article_id, error FROM read_parquet({articles}) WHERE status <> 'ok' ORDER BY article_id LIMIT 10").fetchall()
        if not result.rows:
            for table in TABLES:
                path = _sql_path(tables_dir / f"{table}.parquet")
                result.rows[table] = con.execute(f"SELECT count(*) FROM read_parquet({path})").fetchone()[0]
    finally:
        if own:
            con.close()
