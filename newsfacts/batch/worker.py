"""The per-chunk work every engine runs: process each record, make the chunk's Arrow tables.

Runs in worker processes (local pool, Dask workers) or inline. The processor
(default `newsfacts.pipeline:process`) is named by a "module:function" string
so any engine can import it; `warm()` loads it and every extractor, pattern
and model once per worker process before the first chunk arrives.
"""
from __future__ import annotations

import gc
import importlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..facts import Document
from ..ingest.readers import RawRecord

if TYPE_CHECKING:  # Arrow (the writer) loads with the first chunk: the batch driver's up-to-date check needs none
    import pyarrow as pa

log = logging.getLogger("newsfacts")

DEFAULT_PROCESSOR = "newsfacts.pipeline:process"
YOUNG_COLLECTION_THRESHOLD = 20_000  # net container allocations between young-generation collections
# An article still being processed after this many seconds is rejected and the batch goes on. The
# largest article accepted (8 MB) takes 20 s at the pipeline's usual rate, about 190 s where every
# line is mojibake to repair; a stuck article would otherwise hold its worker forever.
ARTICLE_TIME_LIMIT = 300.0
# A short article that goes through every stage, so warming loads lazily built models and regexes too.
# Touches every stage; the `?` loads the mojibake model (jieba's dictionary, pypinyin) and the
# `(zhí)` the pinyin readings too.
WARM_TEXT = "今年1—5月，武汉市规模以上工业增加值(zhí)同比增长5.2%，武汉嘉仪通科技有限公司总投资25亿元的项目预计2025年竣工。原因何在?"


Usage = tuple[str, float, float]  # (host:pid, peak RSS MB, CPU seconds) of a process that ran records


@dataclass(slots=True)
class Chunk:
    name: str
    records: list[RawRecord]
    occurrences: list[int]  # per record: how many times its article id came before it in the run


@dataclass(slots=True)
class ChunkResult:
    name: str
    articles: list[tuple[str, int, str, str]]  # (article_id, occurrence, sha256, source_file), the commit record
    rejected: list[tuple[str, str]]  # (article_id, error)
    chars: int  # characters of decoded input processed
    rows: dict[str, int] = field(default_factory=dict)
    tables: dict[str, pa.Table] | None = None  # returned when the worker does not write the parts itself
    worker: Usage = ("", 0.0, 0.0)  # of the process that ran the chunk, after it ("": none did)


@lru_cache(maxsize=None)
def resolve(processor: str, stages: tuple[str, ...] | None):
    """"module:function" -> a callable record -> Document (stages: names of the extractors to run, None = all)."""
    module, _, name = processor.partition(":")
    fn = getattr(importlib.import_module(module), name)
    if stages is None:
        return fn
    from ..pipeline import load_stages

    chosen = load_stages(stages)
    return lambda record: fn(record, stages=chosen)


def warm(processor: str, stages: tuple[str, ...] | None, log_file: str | None = None, log_level: int = logging.INFO) -> None:
    """Pool initializer: logging to the run's log, then the processor and everything it loads."""
    if log_file:
        handler = logging.FileHandler(log_file, mode="a", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(log_level)
    try:
        resolve(processor, stages)(RawRecord("warm-up", "", "", text=WARM_TEXT))
    except Exception:  # the same error will reject each article with its reason
        log.exception("warming up %s failed", processor)
    importlib.import_module("..write", __package__)  # the Arrow writer every chunk ends with
    settle_collector()


def settle_collector() -> None:
    """Once warm: the garbage collector as a worker wants it for the rest of its life."""
    # Patterns, gazetteers and models live as long as the worker: the collector need not walk
    # them on every full collection (~10% of the pipeline's time on 200 bench articles), nor
    # write to their pages, which would unshare them in workers forked from a warm server.
    gc.freeze()
    # An article makes tens of thousands of containers and reference counting frees almost all
    # of them; collecting after every 700 (the default) took 3% of a worker's time, collecting
    # after 20,000 takes 0.5% and still finds the few cycles (1,000 bench articles).
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


class ArticleTimeout(BaseException):
    """Raised by `_deadline`'s alarm. A BaseException, so that the pipeline's per-stage
    `except Exception` lets it through to `_process_one`."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """ArticleTimeout inside the block once it has run `seconds`. Python code and `re` matching
    are stopped, so an article stuck in a loop or in regex backtracking is rejected.

    In the main thread (local workers, inline) by SIGALRM (Unix). A timer the caller has
    running (newsfacts used as a library) is left alone, and so no limit. In other threads
    (Dask runs tasks in a thread pool), where no signal arrives, by `_Watchdog`."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _WATCHDOG.watch(seconds):
            yield
        return
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return
    armed = True

    def alarm(signum, frame) -> None:
        if armed:  # not once the block is left: the alarm may land while it is being disarmed
            raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _set_async_exc(thread: int, exc: type[BaseException] | None) -> None:
    """Make `exc` the pending exception of `thread`, raised at its next Python instruction
    (None: withdraw one not raised yet). CPython's PyThreadState_SetAsyncExc."""
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """`_deadline` for threads other than the main one, where no signal arrives. One daemon
    thread per process, while articles run, wakes every `poll` seconds and raises ArticleTimeout
    in each thread whose article has run past its deadline. Unlike the alarm, it waits for a
    long `re` match to return. An article costs two lock round trips, 3 µs (a timer thread per
    article cost 170 µs)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.deadlines: dict[int, float] = {}  # thread ident -> time.monotonic() deadline
        self.fired: set[int] = set()
        self.poll = 1.0
        self.thread: threading.Thread | None = None

    @contextmanager
    def watch(self, seconds: float) -> Iterator[None]:
        thread = threading.get_ident()
        with self.lock:
            self.deadlines[thread] = time.monotonic() + seconds
            self.fired.discard(thread)  # left by a timeout raised before the cleanup below ran
            self.poll = min(self.poll, seconds / 10)  # a 300 s limit is kept to within 1 s
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="newsfacts-watchdog", daemon=True)
                self.thread.start()
        try:
            yield
        finally:
            with self.lock:
                del self.deadlines[thread]
                if thread in self.fired:  # fired as the block ended: withdrawn if not raised yet
                    self.fired.discard(thread)
                    _set_async_exc(thread, None)

    def _run(self) -> None:
        while True:
            time.sleep(self.poll)
            now = time.monotonic()
            with self.lock:
                if not self.deadlines:
                    self.thread = None  # nothing to watch: the next article starts a new one
                    return
                for thread, deadline in self.deadlines.items():
                    if deadline <= now and thread not in self.fired:
                        self.fired.add(thread)
                        _set_async_exc(thread, ArticleTimeout)


_WATCHDOG = _Watchdog()


def _process_one(fn, record: RawRecord) -> Document:
    try:
        with _deadline(ARTICLE_TIME_LIMIT):
            return fn(record)
    except ArticleTimeout:
        log.error("article %s: still running after %g s, rejected", record.article_id, ARTICLE_TIME_LIMIT)
        doc = Document.of_record(record)
        return doc.reject(f"took longer than {ARTICLE_TIME_LIMIT:g} s to process; "
                          "rejected so that the batch could go on")
    except Exception as exc:  # the pipeline never raises, but a broken extractor import does
        log.exception("article %s: processing failed", record.article_id)
        doc = Document.of_record(record)
        return doc.reject(f"internal error: {type(exc).__name__}: {exc}")


def process_records(records: list[RawRecord], processor: str,
                    stages: tuple[str, ...] | None) -> tuple[list[Document], Usage]:
    """Process records one by one; the documents and this process's usage after them."""
    fn = resolve(processor, stages)
    return [_process_one(fn, r) for r in records], process_usage()


def process_chunk(chunk: Chunk, processor: str, stages: tuple[str, ...] | None, parts_dir: str | None) -> ChunkResult:
    """Process a chunk; write its parts under parts_dir (PARTS/TABLE/CHUNK.parquet) or return them."""
    docs, _ = process_records(chunk.records, processor, stages)
    return chunk_result(chunk, docs, parts_dir)


def chunk_result(chunk: Chunk, docs: list[Document], parts_dir: str | None) -> ChunkResult:
    """The chunk's tables from its documents, written as its parts (or returned when parts_dir is None)."""
    from ..write import chunk_tables

    tables = chunk_tables(docs, chunk.name, chunk.occurrences)
    result = ChunkResult(
        chunk.name,
        [(r.article_id, occ, r.sha256, r.source_file) for r, occ in zip(chunk.records, chunk.occurrences)],
        [(d.article_id, d.error or "") for d in docs if d.status != "ok"],
        sum(len(r.text or "") for r in chunk.records),
        {name: t.num_rows for name, t in tables.items()},
    )
    if parts_dir is None:
        result.tables = tables
    else:
        write_parts(tables, Path(parts_dir), chunk.name)
    result.worker = process_usage()
    return result


def process_usage() -> Usage:
    """(host:pid, peak RSS in MB, CPU seconds) of this process so far."""
    try:
        import resource
    except ImportError:  # Windows
        return (f"{socket.gethostname()}:{os.getpid()}", 0.0, 0.0)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS, KB on Linux
    return (f"{socket.gethostname()}:{os.getpid()}", round(peak_mb, 1), round(usage.ru_utime + usage.ru_stime, 2))


def resident_mb() -> float | None:
    """This process's resident memory now, in MB (Linux; None elsewhere). Unlike the peak
    from getrusage, it is not inherited from a parent that exec'd this process."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def write_parts(tables: dict[str, pa.Table], parts_dir: Path, chunk: str) -> None:
    """PARTS/TABLE/CHUNK.parquet for each table with rows. A table without rows has no part,
    not even one an earlier attempt at the chunk left (its worker died while writing)."""
    from ..write import write_part

    for name, table in tables.items():
        path = parts_dir / name / f"{chunk}.parquet"
        if table.num_rows:
            write_part(table, path)
        else:
            path.unlink(missing_ok=True)
