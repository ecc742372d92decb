"""Engines run `process_chunk` over a stream of chunks and hand back results as they finish.

- `local`: a pool of --jobs worker processes on this machine (even for one: this process
  stays light, reading records and writing tables, whatever --jobs is). A worker that dies
  (a crash in native code, the out-of-memory killer) takes the chunks in flight with it:
  each is processed again alone, halved until the article that kills a worker is found;
  that article is rejected with the reason and the batch goes on.
- `inline`: in this process, no pool (debuggers, profilers, tests).
- `dask`: Dask distributed workers (--engine dask [--scheduler ADDRESS]; a LocalCluster of
  --jobs workers when no address is given). Dask is an optional extra, imported only here.
  Dask runs a task again when its worker dies; once it gives up on a chunk (KilledWorker),
  the chunk is halved down to the killing article as above.

Every engine keeps at most `2 × workers` chunks in flight, so memory does not grow
with the corpus however fast the records are read.
"""
from __future__ import annotations

import logging
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from ..facts import Document
from ..ingest.readers import RawRecord
from .worker import (DEFAULT_PROCESSOR, Chunk, ChunkResult, Usage, chunk_result, process_chunk, process_records,
                     warm)

log = logging.getLogger("newsfacts")

WORKER_DIED = ("internal error: the worker process died while processing this article (a crash in native "
               "code, or out of memory); the article was rejected so that the batch could go on")

def process_isolating(records: list[RawRecord], attempt: Callable[[list[RawRecord]], tuple[list[Document], Usage]],
                      died: type[BaseException]) -> tuple[list[Document], Usage]:
    """`attempt(records)` in a worker; when the worker dies (`died`), each half again, down to
    the one article that kills a worker, which is rejected so that the others keep their rows."""
    try:
        return attempt(records)
    except died:
        if len(records) == 1:
            record = records[0]
            log.error("article %s: the worker process died while processing it", record.article_id)
            doc = Document.of_record(record)
            return [doc.reject(WORKER_DIED)], ("", 0.0, 0.0)
    half = len(records) // 2
    first, first_usage = process_isolating(records[:half], attempt, died)
    second, usage = process_isolating(records[half:], attempt, died)
    return first + second, usage if usage[0] else first_usage


def chunk_alone(chunk: Chunk, attempt: Callable[[list[RawRecord]], tuple[list[Document], Usage]],
                died: type[BaseException], parts_dir: str | None) -> ChunkResult:
    """The result of a chunk a dead worker took with it, its articles processed again (isolating)."""
    docs, usage = process_isolating(chunk.records, attempt, died)
    result = chunk_result(chunk, docs, parts_dir)
    result.worker = usage  # the tables are built here, the articles were processed there ("": nowhere)
    return result


class InlineEngine:
    """Workers write their parts straight into the staging directory (same filesystem)."""

    writes_parts = True

    def __init__(self, processor: str, stages: tuple[str, ...] | None, parts_dir: str) -> None:
        self.processor, self.stages, self.parts_dir = processor, stages, parts_dir
        self.fn = partial(process_chunk, processor=processor, stages=stages, parts_dir=parts_dir)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        return map(self.fn, chunks)

    def close(self) -> None:
        pass


class LocalEngine(InlineEngine):
    def __init__(self, processor: str, stages: tuple[str, ...] | None, parts_dir: str, jobs: int,
                 log_file: str | None = None) -> None:
        super().__init__(processor, stages, parts_dir)
        self.jobs = jobs
        # forkserver: workers fork from a clean server process (no copy of this one's memory or
        # threads) that has loaded the pipeline once; the initializer warms anything else.
        self.ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
        if self.ctx.get_start_method() == "forkserver" and processor == DEFAULT_PROCESSOR and stages is None:
            self.ctx.set_forkserver_preload(["newsfacts.batch.prewarm"])  # load once, fork warm workers
        self.initargs = (processor, stages, log_file, logging.getLogger().level)
        self.pool = self._new_pool(jobs)
        self.solo: ProcessPoolExecutor | None = None  # one worker, for chunks a dead worker took with it

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=self.ctx, initializer=warm, initargs=self.initargs)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        pending: dict[Future, Chunk] = {}
        for chunk in chunks:
            pending[self.pool.submit(self.fn, chunk)] = chunk
            if len(pending) >= 2 * self.jobs:
                yield from self._finished(pending)
        while pending:
            yield from self._finished(pending)

    def _finished(self, pending: dict[Future, Chunk]) -> Iterator[ChunkResult]:
        """Results of the chunks that finished first; when the pool broke, of every chunk in flight."""
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
            # A worker died: the pool fails every chunk it had, run or queued. Which chunk
            # killed it is unknown, so each failed one is processed again on its own.
            log.error("a worker process died (%d chunks in flight); processing them again one by one", len(pending))
            wait(pending, return_when=ALL_COMPLETED)
            done = set(pending)
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = self._new_pool(self.jobs)
        for future in done:
            chunk = pending.pop(future)
            if isinstance(future.exception(), BrokenProcessPool):
                yield self._alone(chunk)
            else:
                yield future.result()

    def _alone(self, chunk: Chunk) -> ChunkResult:
        return chunk_alone(chunk, self._attempt_alone, BrokenProcessPool, self.parts_dir)

    def _attempt_alone(self, records: list[RawRecord]) -> tuple[list[Document], Usage]:
        """Process records in a worker of their own (a new one after a worker died)."""
        if self.solo is None:
            self.solo = self._new_pool(1)
        try:
            return self.solo.submit(process_records, records, self.processor, self.stages).result()
        except BrokenProcessPool:
            self.solo.shutdown(wait=True)
            self.solo = None
            raise

    def close(self) -> None:
        for pool in (self.pool, self.solo):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """Results (Arrow tables) come back to this process, which writes the parts: the workers
    need no access to the output directory."""

    writes_parts = False

    def __init__(self, processor: str, stages: tuple[str, ...] | None, jobs: int,
                 scheduler: str | None = None, client=None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError("--engine dask needs Dask: pip install -e '.[dask]'") from exc
        self._own = []
        if client is None:
            if scheduler:
                client = Client(scheduler)
            else:
                cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
                client = Client(cluster)
                self._own.append(cluster)
            self._own.insert(0, client)
        self.client = client
        self.processor, self.stages = processor, stages
        self.window = 2 * max(1, sum(self.client.nthreads().values()))
        self.fn = partial(process_chunk, processor=processor, stages=stages, parts_dir=None)
        self.client.run(warm, processor, stages)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        from distributed import as_completed

        running = as_completed()
        chunk_of: dict[str, Chunk] = {}  # future key -> its chunk, until it is done
        for chunk in chunks:
            future = self.client.submit(self.fn, chunk, pure=False, key=f"newsfacts-{chunk.name}")
            chunk_of[future.key] = chunk
            running.add(future)
            if len(chunk_of) >= self.window:
                yield self._result(next(running), chunk_of)
        for future in running:
            yield self._result(future, chunk_of)

    def _result(self, future, chunk_of: dict[str, Chunk]) -> ChunkResult:
        from distributed import KilledWorker

        chunk = chunk_of.pop(future.key)
        try:
            return future.result()
        except KilledWorker:
            log.error("chunk %s: Dask gave up on it after its workers died; processing it again in halves",
                      chunk.name)
            return chunk_alone(chunk, self._attempt, KilledWorker, None)

    def _attempt(self, records: list[RawRecord]) -> tuple[list[Document], Usage]:
        return self.client.submit(process_records, records, self.processor, self.stages, pure=False).result()

    def close(self) -> None:
        for resource in self._own:
            resource.close()


def make_engine(engine: str, *, processor: str, stages: tuple[str, ...] | None, jobs: int, parts_dir: str,
                scheduler: str | None = None, client=None, log_file: str | None = None):
    if engine == "dask" or client is not None:
        return DaskEngine(processor, stages, jobs, scheduler, client)
    if engine == "inline":
        return InlineEngine(processor, stages, parts_dir)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local, inline, dask)")
    return LocalEngine(processor, stages, parts_dir, max(1, jobs), log_file)
