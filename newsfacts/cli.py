"""Command line: `newsfacts extract PATH... --out DIR` and `newsfacts query SQL`.

The CLI only wires the stages together; the work lives in the stage modules.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .ingest.readers import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from .batch import BatchResult

log = logging.getLogger("newsfacts")


def _progress():
    if not sys.stderr.isatty():
        return None
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), "[progress.description]{task.description}", MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True)


_run_handlers: list[logging.Handler] = []


def _setup_logging(out_dir: Path, verbose: bool) -> None:
    """Log to DIR/newsfacts.log (and warnings to stderr); a second run in the same process logs to its own DIR."""
    out_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in _run_handlers:
        root.removeHandler(handler)
        handler.close()
    (out_dir / "newsfacts.log").write_bytes(b"")
    # Append mode: worker processes append to the same file; each write lands at its end.
    to_file = logging.FileHandler(out_dir / "newsfacts.log", mode="a", encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    to_stderr = logging.StreamHandler()
    to_stderr.setLevel(logging.WARNING)
    to_stderr.setFormatter(logging.Formatter("newsfacts: %(message)s"))
    _run_handlers[:] = [to_file, to_stderr]
    for handler in _run_handlers:
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def print_summary(result: BatchResult) -> None:
    from rich.console import Console
    from rich.table import Table

    done = "up to date, nothing to do" if result.up_to_date else f"{result.processed} processed"
    if result.reused or result.resumed or result.deleted:
        done += f", {result.reused} reused, {result.resumed} resumed, {result.deleted} deleted"
    summary = Table(title=f"newsfacts: {result.ok} articles ok, {result.rejected} rejected ({done}), "
                          f"{result.seconds:.1f} s -> {result.out_dir}")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    for name, rows in result.rows.items():
        if name not in ("articles", "texts"):
            summary.add_row(name, str(rows))
    console = Console(stderr=False)
    console.print(summary)
    for article_id, error in result.rejected_examples:
        console.print(f"  rejected {article_id}: {error}")
    if result.rejected > len(result.rejected_examples):
        console.print(f"  ... and {result.rejected - len(result.rejected_examples)} more (see articles.csv)")


def cmd_extract(args: argparse.Namespace) -> int:
    from .batch import BatchError, run_batch

    out_dir = Path(args.out)
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"newsfacts: no such file or directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    try:
        _setup_logging(out_dir, args.verbose)
    except OSError as exc:
        print(f"newsfacts: cannot write outputs to {out_dir}: {exc}", file=sys.stderr)
        return 1
    options = dict(jobs=max(1, args.jobs), engine=args.engine, scheduler=args.scheduler, incremental=args.incremental,
                   max_bytes=args.max_bytes, chunk_articles=args.chunk_size, log_file=out_dir / "newsfacts.log")
    progress = _progress()
    try:
        if progress is None:
            result = run_batch(paths, out_dir, **options)
        else:
            with progress:
                task = progress.add_task("extracting", total=None)
                result = run_batch(paths, out_dir, on_progress=lambda n: progress.advance(task, n), **options)
    except (BatchError, OSError, RuntimeError) as exc:
        log.error("run failed: %s", exc)
        print(f"newsfacts: {exc}", file=sys.stderr)
        return 1
    if result.articles == 0:
        print("newsfacts: no input articles found (.txt .md .html .htm .jsonl .csv)", file=sys.stderr)
        return 1
    log.info("done: %d ok, %d rejected, %d processed, %d reused, %d resumed, %d deleted in %.1f s",
             result.ok, result.rejected, result.processed, result.reused, result.resumed, result.deleted, result.seconds)
    log.info("stats %s", json.dumps(result.stats()))
    print_summary(result)
    return 0 if result.ok else 1


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
    ex.add_argument("--incremental", action="store_true",
                    help="process only new or changed articles, reuse the rest of DIR (and finish a killed run)")
    ex.add_argument("--engine", choices=["local", "inline", "dask"], default="local",
                    help="local worker processes (default), inline (this process: for debuggers and profilers) "
                         "or Dask distributed (pip install -e '.[dask]')")
    ex.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster of --jobs workers)")
    ex.add_argument("--chunk-size", type=int, default=50, help="at most this many articles per chunk of work (default: 50)")
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
