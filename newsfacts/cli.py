"""Command line: `newsfacts extract PATH... --out DIR` and `newsfacts query SQL`.

The CLI only wires the stages together; the work lives in the stage modules.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .facts import Document
from .ingest.readers import DEFAULT_MAX_BYTES, RawRecord, discover, read_records

log = logging.getLogger("newsfacts")


def iter_records(paths: list[Path], max_bytes: int) -> Iterator[RawRecord]:
    for file, root in discover(paths):
        yield from read_records(file, root, max_bytes)


def _worker_process(record: RawRecord) -> Document:
    from .pipeline import process

    return process(record)


def run_documents(records: Iterator[RawRecord], jobs: int) -> Iterator[Document]:
    if jobs <= 1:
        from .pipeline import process

        yield from map(process, records)
        return
    ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(_worker_process, records, chunksize=4)


def _progress(total: int | None):
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        transient=True)
    return progress


def _setup_logging(out_dir: Path, verbose: bool) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(out_dir / "newsfacts.log", mode="w", encoding="utf-8")],
    )
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(logging.Formatter("newsfacts: %(message)s"))
    logging.getLogger().addHandler(stderr)


def print_summary(tables: dict, seconds: float, out_dir: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    articles = tables["articles"]
    ok = int((articles["status"] == "ok").sum())
    summary = Table(title=f"newsfacts: {ok} articles ok, {len(articles) - ok} rejected, {seconds:.1f} s -> {out_dir}")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    for name, frame in tables.items():
        if name not in ("articles", "texts"):
            summary.add_row(name, str(len(frame)))
    console = Console(stderr=False)
    console.print(summary)
    rejected = articles[articles["status"] != "ok"]
    for row in rejected.head(10).itertuples():
        console.print(f"  rejected {row.article_id}: {row.error}")
    if len(rejected) > 10:
        console.print(f"  ... and {len(rejected) - 10} more (see articles.csv)")


def cmd_extract(args: argparse.Namespace) -> int:
    from .write import build_tables, write_tables

    out_dir = Path(args.out)
    _setup_logging(out_dir, args.verbose)
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"newsfacts: no such file or directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    records = iter_records(paths, args.max_bytes)
    docs: list[Document] = []
    progress = _progress(None)
    if progress is not None:
        with progress:
            task = progress.add_task("extracting", total=None)
            for doc in run_documents(records, args.jobs):
                docs.append(doc)
                progress.advance(task)
    else:
        docs.extend(run_documents(records, args.jobs))
    if not docs:
        print("newsfacts: no input articles found (.txt .md .html .htm .jsonl .csv)", file=sys.stderr)
        return 1
    tables = build_tables(docs)
    try:
        write_tables(tables, out_dir)
    except OSError as exc:
        print(f"newsfacts: cannot write outputs to {out_dir}: {exc}", file=sys.stderr)
        return 1
    print_summary(tables, time.perf_counter() - started, out_dir)
    return 0 if any(d.status == "ok" for d in docs) else 1


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from .query import render, run_query

    try:
        frame = run_query(args.sql, args.out)
    except (FileNotFoundError, duckdb.Error) as exc:
        print(f"newsfacts: {exc}", file=sys.stderr)
        return 2
    if args.format == "table" and sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*map(str, frame.columns))
        for row in frame.itertuples(index=False):
            table.add_row(*("" if v is None or (isinstance(v, float) and v != v) else str(v) for v in row))
        Console().print(table)
    else:
        print(render(frame, "markdown" if args.format == "table" else args.format))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsfacts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract fact tables from articles")
    ex.add_argument("paths", nargs="+", help="files or directories (.txt .md .html .htm .jsonl .csv)")
    ex.add_argument("--out", required=True, help="output directory")
    ex.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    ex.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="per-article size limit")
    ex.add_argument("-v", "--verbose", action="store_true")
    ex.set_defaults(func=cmd_extract)
    q = sub.add_parser("query", help="run SQL (DuckDB) over the output tables, one view per table")
    q.add_argument("sql", help='e.g. "SELECT city, count(*) FROM indicators GROUP BY city"')
    q.add_argument("--out", default="outputs", help="output directory of a run (default: outputs)")
    q.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    q.set_defaults(func=cmd_query)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
