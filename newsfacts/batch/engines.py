"""Engines run `process_chunk` over a stream of chunks and hand back results as they finish.

- `local`: a pool of --jobs worker processes on this machine (even for one: this process
  stays light, reading records and writing tables, whatever --jobs is).
- `inline`: in this process, no pool (debuggers, profilers, tests).
- `dask`: Dask distributed workers (--engine dask [--scheduler ADDRESS]; a LocalCluster of
  --jobs workers when no address is given). Dask is an optional extra, imported only here.

Every engine keeps at most `2 × workers` chunks in flight, so memory does not grow
with the corpus however fast the records are read.
"""
from __future__ import annotations

import logging
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from functools import partial

from .worker import DEFAULT_PROCESSOR, Chunk, ChunkResult, process_chunk, warm

log = logging.getLogger("newsfacts")


class InlineEngine:
    """Workers write their parts straight into the staging directory (same filesystem)."""

    writes_parts = True

    def __init__(self, processor: str, stages: tuple[str, ...] | None, parts_dir: str) -> None:
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
        ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
        if ctx.get_start_method() == "forkserver" and processor == DEFAULT_PROCESSOR and stages is None:
            ctx.set_forkserver_preload(["newsfacts.batch.prewarm"])  # load once, fork warm workers
        self.pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=warm,
                                        initargs=(processor, stages, log_file, logging.getLogger().level))

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        pending = set()
        for chunk in chunks:
            pending.add(self.pool.submit(self.fn, chunk))
            if len(pending) >= 2 * self.jobs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


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
        self.window = 2 * max(1, sum(self.client.nthreads().values()))
        self.fn = partial(process_chunk, processor=processor, stages=stages, parts_dir=None)
        self.client.run(warm, processor, stages)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        from distributed import as_completed

        running = as_completed()
        in_flight = 0
        for chunk in chunks:
            running.add(self.client.submit(self.fn, chunk, pure=False, key=f"newsfacts-{chunk.name}"))
            in_flight += 1
            if in_flight >= self.window:
                yield next(running).result()
                in_flight -= 1
        for future in running:
            yield future.result()

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
