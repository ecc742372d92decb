"""Write the output tables (../SCHEMA.md) as Parquet and CSV, atomically.

Each file is written under a temporary name in the output directory and
renamed into place, so a crash never leaves a half-written table.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .facts import FACT_TABLES, Document
from .extract.sentences import sentence_at

ARTICLE_COLUMNS = [
    "article_id", "source_file", "title", "media", "published_at", "ref_year", "script",
    "n_chars", "sha256", "status", "error", "url", "mojibake_repaired", "mojibake_unresolved",
]
ARTICLE_TYPES = {"ref_year": "Int64", "n_chars": "Int64", "mojibake_repaired": "Int64", "mojibake_unresolved": "Int64"}


def fact_columns(table: str) -> list[str]:
    fields = [f.name for f in dataclasses.fields(FACT_TABLES[table])]
    return ["article_id", *fields, "sentence"]


def article_row(doc: Document) -> dict:
    return {
        "article_id": doc.article_id, "source_file": doc.source_file, "title": doc.title,
        "media": doc.media, "published_at": doc.published_at, "ref_year": doc.ref_year,
        "script": doc.script, "n_chars": len(doc.text) if doc.status == "ok" else None,
        "sha256": doc.sha256, "status": doc.status, "error": doc.error, "url": doc.url,
        "mojibake_repaired": doc.stats.get("mojibake_repaired"),
        "mojibake_unresolved": doc.stats.get("mojibake_unresolved"),
    }


def fact_rows(doc: Document, table: str) -> Iterable[dict]:
    for fact in doc.facts.get(table, []):
        row = dataclasses.asdict(fact)
        s, e = sentence_at(doc.sentences, fact.start)
        row["article_id"] = doc.article_id
        row["sentence"] = doc.text[s:e]
        yield row


def build_tables(docs: Iterable[Document]) -> dict[str, pd.DataFrame]:
    docs = list(docs)
    tables: dict[str, pd.DataFrame] = {}
    articles = pd.DataFrame([article_row(d) for d in docs], columns=ARTICLE_COLUMNS)
    tables["articles"] = articles.astype(ARTICLE_TYPES).sort_values("article_id", kind="stable").reset_index(drop=True)
    for table in FACT_TABLES:
        columns = fact_columns(table)
        frame = pd.DataFrame([row for d in docs for row in fact_rows(d, table)], columns=columns)
        tables[table] = frame.sort_values(["article_id", "start", "end"], kind="stable").reset_index(drop=True)
    tables["texts"] = pd.DataFrame(
        [(d.article_id, d.text) for d in docs if d.status == "ok"], columns=["article_id", "text"]
    ).sort_values("article_id", kind="stable").reset_index(drop=True)
    return tables


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        _atomic_write(out_dir / f"{name}.parquet", lambda p, t=arrow: pq.write_table(t, p))
        if name != "texts":
            _atomic_write(out_dir / f"{name}.csv", lambda p, f=frame: f.to_csv(p, index=False, encoding="utf-8"))
