"""Run a batch: plan which articles to process, process them in chunks, merge, swap in.

    records (streamed) -> plan: reuse or process each article (run index, index.py) -> engine:
      chunks -> staged parts -> merge (merge.py): previous rows still valid + staged rows,
      sorted out of core -> final tables + manifest -> swap

Memory stays flat: records are read one at a time, at most 2 chunks per worker
are in flight, the per-article plan is an SQLite file, and the sort spills to disk.

Incremental runs reuse an article when its id, bytes, source file and the
pipeline version match the manifest (or a chunk a killed run already staged);
a file whose bytes are unchanged is not even decoded. An article id that occurs
more than once is reused only for its first occurrence, and only when the
previous run saw it exactly once: then the previous rows are exactly its rows.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..facts import NO_CSV, TABLES
from ..ingest.readers import DEFAULT_MAX_BYTES, RawRecord, discover, read_records
from ..query import sql_path
from .engines import make_engine
from .index import PREVIOUS, PROCESSED, STAGED, RunIndex
from .manifest import LEGACY_MANIFESTS, MANIFEST_NAME, file_sha256, pipeline_version, read_manifest
from .staging import Staging
from .worker import DEFAULT_PROCESSOR, Chunk, ChunkResult, process_usage, resident_mb, write_parts

log = logging.getLogger("newsfacts")

# A chunk is a few seconds of work for one worker: small enough to keep both cores busy to the
# end and memory low, large enough that its ~10 part files cost little.
CHUNK_ARTICLES = 50
CHUNK_CHARS = 250_000


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
    kept_parts: int = 0  # previous part files kept as they were (merge.py), over all tables
    deleted: int = 0  # articles of the previous outputs that are gone from the input
    chars_processed: int = 0
    up_to_date: bool = False  # nothing changed: the outputs were left as they were
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    rejected_examples: list[tuple[str, str]] = field(default_factory=list)
    # host:pid -> (peak RSS MB, CPU seconds) of every process that ran chunks, and of this one
    workers: dict[str, tuple[float, float]] = field(default_factory=dict)
    main: tuple[float, float] = (0.0, 0.0)
    # This process's memory once every chunk is in: the per-article index (ids, hashes) and
    # the interpreter; the merge that follows adds a sort bounded by DuckDB's memory limit.
    main_rss_mb_after_processing: float | None = None

    def stats(self) -> dict:
        """The numbers of a run, for the log and the benchmark."""
        keys = ("articles", "ok", "rejected", "processed", "reused", "resumed", "deleted", "kept_parts",
                "chars_processed", "up_to_date", "main_rss_mb_after_processing")
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
    """Walks the input once, deciding per record (in the run index): reuse previous rows,
    reuse staged rows, or process it in a chunk of this run."""

    def __init__(self, index: RunIndex, chunk_articles: int, chunk_chars: int, max_bytes: int) -> None:
        self.index = index
        self.chunk_articles, self.chunk_chars, self.max_bytes = chunk_articles, chunk_chars, max_bytes
        self.run_id = f"{time.time_ns():x}"
        self.n_chunks = 0  # chunks handed out so far

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

    def _open_chunk(self) -> str:
        """The name of the chunk the records to process are gathered into now."""
        return f"{self.run_id}-{self.n_chunks + 1:06d}"

    def _chunk(self, records, occurrences) -> Chunk:
        chunk = Chunk(self._open_chunk(), records, occurrences)
        self.n_chunks += 1
        return chunk

    def _to_process(self, paths: list[Path]) -> Iterator[tuple[RawRecord, int]]:
        index = self.index
        for file, root in discover(paths):
            source = file.as_posix()
            key = index.digest(source) or file_digest(file, root)
            if index.add_file(source, key) and index.take_previous_file(source, key):
                continue  # unchanged file: its articles, without decoding it
            for position, record in enumerate(read_records(file, root, self.max_bytes)):
                article_id, sha = record.article_id, record.sha256
                occurrence = index.occurrences(article_id)
                if occurrence == 0 and index.previous_copy(article_id) == (sha, record.source_file):
                    index.add_record(source, position, article_id, sha, 0, PREVIOUS, None)
                    continue
                staged = index.staged_copy(article_id) if occurrence == 0 else None
                if staged is not None and staged[1:] == (0, sha, record.source_file):
                    index.add_record(source, position, article_id, sha, 0, STAGED, staged[0])
                    continue
                if occurrence:
                    # two texts under one id would share its rows and offsets: the first is the article
                    log.warning("%s: duplicate article id %r, rejected (an earlier record has it)", source, article_id)
                    record = replace(record, text=None, error=f"duplicate article id {article_id!r}: an earlier "
                                     "record of the input has it (ids must be unique; the first is kept)")
                index.add_record(source, position, article_id, sha, occurrence, PROCESSED, self._open_chunk())
                yield record, occurrence


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
        previous = read_manifest(out_dir) if incremental else None
        if previous is not None and previous.pipeline != version:
            log.info("pipeline changed since the previous run (%s -> %s): everything is processed again",
                     previous.pipeline, version)
            previous = None
        if previous is not None and not outputs_complete(out_dir):
            log.info("some previous tables are missing: everything is processed again")
            previous = None
        result = BatchResult(out_dir)
        staging = Staging.open(out_dir, version, resume=incremental)
        index = RunIndex(staging.index, previous.path if previous else None)
        try:
            if previous is not None:
                for file, root in discover(paths):
                    index.add_digest(file.as_posix(), file_digest(file, root))
                if index.digests_match_previous():
                    # Same files, same bytes, same pipeline: the outputs are already right.
                    index.close()
                    staging.remove()
                    result.up_to_date = True
                    result.articles = result.reused = previous.n_articles
                    _summarise(result, out_dir)
                    result.seconds = time.perf_counter() - started
                    result.main = process_usage()[1:]
                    return result
            if incremental:
                index.add_staged(staging.committed())
            # Arrow and the merge load only when there is work: an up-to-date refresh (the usual
            # scheduled run) then costs little more than Python's start-up.
            from ..write import swap_in
            from .merge import merge_tables

            planner = Planner(index, chunk_articles, chunk_chars, max_bytes)
            run = make_engine(engine, processor=processor, stages=stages, jobs=jobs, parts_dir=str(staging.parts),
                              scheduler=scheduler, client=client, log_file=str(log_file) if log_file else None)
            engine_ready = time.perf_counter()
            try:
                for chunk in run.map(planner.chunks(paths)):
                    _collect(chunk, run.writes_parts, staging, result)
                    log.debug("chunk %s: %d articles by %s at %.1f s", chunk.name, len(chunk.articles),
                              chunk.worker[0], time.perf_counter() - started)
                    if on_progress:
                        on_progress(len(chunk.articles))
            finally:
                run.close()
            processed = time.perf_counter()
            result.main_rss_mb_after_processing = resident_mb()
            result.articles = index.count()
            result.reused, result.resumed = index.count(PREVIOUS), index.count(STAGED)
            result.deleted = index.deleted()
            if result.articles == 0:
                index.close()
                staging.remove()
                result.seconds = time.perf_counter() - started
                return result
            parts, result.kept_parts = merge_tables(staging, out_dir, index)
            result.rows = {table: sum(p.rows for p in infos) for table, infos in parts.items()}
            _summarise(result, staging.final)
            merged = time.perf_counter()
            index.write_manifest(staging.final / MANIFEST_NAME, version, parts)
        finally:
            index.close()
        swap_in(staging.final, out_dir, TABLES, last=[MANIFEST_NAME])
        for legacy in LEGACY_MANIFESTS:
            (out_dir / legacy).unlink(missing_ok=True)
        staging.remove()
        log.info("timing: engine start %.1f s, read+process %.1f s, merge %.1f s, swap %.1f s",
                 engine_ready - started, processed - engine_ready, merged - processed, time.perf_counter() - merged)
    result.seconds = time.perf_counter() - started
    result.main = process_usage()[1:]
    return result


def _collect(chunk: ChunkResult, written: bool, staging: Staging, result: BatchResult) -> None:
    if not written:
        write_parts(chunk.tables, staging.parts, chunk.name)
        for article_id, error in chunk.rejected:
            log.warning("article %s rejected: %s", article_id, error)
    staging.commit(chunk.name, chunk.articles)
    result.processed += len(chunk.articles)
    result.chars_processed += chunk.chars
    name, peak, cpu = chunk.worker
    if name:  # a chunk whose every article killed its worker names none
        result.workers[name] = (peak, cpu)


def _summarise(result: BatchResult, tables_dir: Path) -> None:
    """Counts and the first rejected articles, from the written tables."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        articles = sql_path(tables_dir / "articles.parquet")
        counts = dict(con.execute(f"SELECT status, count(*) FROM read_parquet({articles}) GROUP BY status").fetchall())
        result.ok, result.rejected = counts.get("ok", 0), sum(v for k, v in counts.items() if k != "ok")
        result.rejected_examples = con.execute(
            f"SELECT article_id, error FROM read_parquet({articles}) WHERE status <> 'ok' ORDER BY article_id LIMIT 10").fetchall()
        if not result.rows:
            for table in TABLES:
                path = sql_path(tables_dir / f"{table}.parquet")
                result.rows[table] = con.execute(f"SELECT count(*) FROM read_parquet({path})").fetchone()[0]
    finally:
        con.close()
