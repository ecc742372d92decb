"""The staging directory `DIR/.newsfacts-staging/`: where a run builds its outputs before the swap.

    pipeline            the pipeline version the staged parts were made with
    parts/TABLE/C.parquet   rows of chunk C (written by a worker, whole or not at all)
    chunks/C.json       the chunk's commit record: its articles (id, occurrence, sha256,
                        source file); a part counts only once its chunk is committed
    index.sqlite        the run's plan: every record's fate and chunk (index.py)
    keep/               the ids whose previous or staged rows the merge keeps
    ranges/TABLE/R-N.parquet  the staged rows split by article-id range R, for the merge
    final/              the sorted tables, ready to swap in
    duckdb/             DuckDB's spill files while sorting

A run that is killed leaves this directory behind and DIR untouched; the next
incremental run with the same pipeline version reuses every committed chunk
whose articles have not changed, so it completes the interrupted work instead
of redoing it. A run that finishes removes it.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

STAGING_NAME = ".newsfacts-staging"


class Staging:
    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir / STAGING_NAME
        self.parts = self.root / "parts"
        self.chunks = self.root / "chunks"
        self.final = self.root / "final"
        self.ranges = self.root / "ranges"
        self.spill = self.root / "duckdb"
        self.index = self.root / "index.sqlite"
        self.keep = self.root / "keep"

    @classmethod
    def open(cls, out_dir: Path, pipeline: str, resume: bool) -> "Staging":
        """The staging dir for a new run: kept (for resuming) only when `resume` and made by the same pipeline."""
        staging = cls(out_dir)
        if staging.root.exists():
            stamp = staging.root / "pipeline"
            same = stamp.exists() and stamp.read_text(encoding="utf-8").strip() == pipeline
            if resume and same:
                staging._drop_unfinished()
            else:
                staging.remove()
        for d in (staging.parts, staging.chunks):
            d.mkdir(parents=True, exist_ok=True)
        (staging.root / "pipeline").write_text(pipeline + "\n", encoding="utf-8")
        return staging

    def _drop_unfinished(self) -> None:
        """Forget what a killed run left half done: uncommitted parts, temporary files, unswapped finals."""
        for unfinished in (self.final, self.ranges, self.spill, self.keep):
            shutil.rmtree(unfinished, ignore_errors=True)
        self.index.unlink(missing_ok=True)
        committed = {p.stem for p in self.chunks.glob("*.json")}
        for d in (self.parts, self.chunks):
            for path in d.rglob(".*"):
                path.unlink(missing_ok=True)
        for path in self.parts.rglob("*.parquet"):
            if path.stem not in committed:
                path.unlink()

    def committed(self) -> Iterator[tuple[str, str, int, str, str]]:
        """(article id, chunk, occurrence, sha256, source file) of every article in the committed chunks."""
        for path in sorted(self.chunks.glob("*.json")):
            try:
                articles = json.loads(path.read_text(encoding="utf-8"))["articles"]
            except (OSError, ValueError, KeyError):
                continue
            for article_id, occurrence, sha, source in articles:
                yield article_id, path.stem, occurrence, sha, source

    def has_parts(self, table: str) -> bool:
        return any((self.parts / table).glob("*.parquet"))

    def commit(self, chunk: str, articles: list[tuple[str, int, str, str]]) -> None:
        """Record a chunk whose parts are all written: from now on its rows may be reused."""
        path = self.chunks / f"{chunk}.json"
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps({"articles": articles}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
