"""Query the output tables: DuckDB views for SQL, pandas DataFrames for notebooks.

A table is `DIR/NAME.parquet`, either one file or a dataset directory of
part files; both read the same way.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .facts import TABLES

if TYPE_CHECKING:  # pandas only when a DataFrame is asked for: the batch driver imports sql_path
    import pandas as pd


def table_paths(out_dir: str | Path) -> dict[str, Path]:
    out = Path(out_dir)
    return {name: out / f"{name}.parquet" for name in TABLES if (out / f"{name}.parquet").exists()}


def sql_path(path: Path) -> str:
    """A table's files as a quoted DuckDB `read_parquet` argument: one file, or a dataset directory."""
    pattern = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
    return "'" + pattern.replace("'", "''") + "'"


def load(out_dir: str | Path = "outputs") -> dict[str, pd.DataFrame]:
    """Every table of a run as a DataFrame, by table name."""
    import pandas as pd

    paths = table_paths(out_dir)
    if not paths:
        raise FileNotFoundError(f"no newsfacts tables in {out_dir}: run `newsfacts extract ... --out {out_dir}` first")
    return {name: pd.read_parquet(path) for name, path in paths.items()}


def connect(out_dir: str | Path = "outputs"):
    """An in-memory DuckDB connection with one read-only view per table."""
    import duckdb

    paths = table_paths(out_dir)
    if not paths:
        raise FileNotFoundError(f"no newsfacts tables in {out_dir}: run `newsfacts extract ... --out {out_dir}` first")
    con = duckdb.connect(":memory:")
    for name, path in paths.items():
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({sql_path(path)})")
    return con


def run_query(sql: str, out_dir: str | Path = "outputs") -> pd.DataFrame:
    con = connect(out_dir)
    try:
        return con.execute(sql).fetchdf()
    finally:
        con.close()


def render(frame: pd.DataFrame, fmt: str) -> str:
    import pandas as pd

    if fmt == "csv":
        return frame.to_csv(index=False)
    if fmt == "json":
        return json.dumps(json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso")), ensure_ascii=False, indent=1)
    if fmt == "markdown":
        header = "| " + " | ".join(map(str, frame.columns)) + " |"
        rule = "|" + "---|" * len(frame.columns)
        rows = ["| " + " | ".join("" if pd.isna(v) else str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
        return "\n".join([header, rule, *rows])
    raise ValueError(f"unknown format {fmt!r}")
