"""Batch runs at scale: identical tables whatever the engine or --jobs, incremental refresh, killed runs.

These tests use a toy processor (`toy_pipeline.toy_process`, regexes over the raw text) instead of the real
extractors, so they test the batch machinery and not extraction quality.
"""
from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsfacts import facts, write
from newsfacts.batch import run_batch
from newsfacts.batch import engines, merge, runner, worker
from newsfacts.batch.index import RunIndex
from newsfacts.batch.manifest import MANIFEST_NAME, read_manifest
from newsfacts.batch.staging import STAGING_NAME
from newsfacts.facts import Amount, Document
from newsfacts.batch.worker import write_parts
from newsfacts.ingest.readers import DEFAULT_MAX_BYTES, RawRecord
from newsfacts.query import run_query
from toy_pipeline import toy_process

ROOT = Path(__file__).resolve().parent.parent
TOY = "toy_pipeline:toy_process"
TABLES = facts.TABLES
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def _article(rng: random.Random, n: int) -> str:
    sentences = [
        f"{2020 + rng.randrange(6)}年，全市新增企业{rng.randrange(1, 900)}家，同比增长{rng.randrange(1, 300) / 10}%。",
        f"项目总投资{rng.randrange(1, 500)}亿元，预计{2024 + rng.randrange(3)}年竣工。",
        f"规上工业增加值增长{rng.randrange(1, 99)}%，其中高新技术产业{rng.randrange(1, 99)}家。",
        "会议强调，要坚持稳中求进工作总基调。",
    ]
    return f"第{n}篇\n" + "".join(rng.choice(sentences) for _ in range(rng.randrange(2, 7)))


def make_corpus(root: Path, n: int = 150, seed: int = 0) -> Path:
    """n text articles in two sub-directories, a JSONL feed with a repeated id and a malformed line, bad files."""
    rng = random.Random(seed)
    for i in range(n):
        path = root / f"d{i % 2}" / f"a{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_article(rng, i), encoding="utf-8")
    rows = [{"id": "feed-1", "text": _article(rng, 1001)}, {"id": "feed-2", "text": _article(rng, 1002)},
            {"id": "feed-1", "text": _article(rng, 1003)}]  # a repeated id: the first row is the article
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + ['{"id": "broken"']
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "crash.txt").write_text("这篇文章让玩具抽取器崩溃。", encoding="utf-8")
    return root


def run(corpus: Path, out: Path, **options) -> runner.BatchResult:
    options = {"engine": "inline", "processor": TOY, "chunk_articles": 16, **options}
    return run_batch([corpus], out, **options)


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLES}


def assert_same_outputs(a: Path, b: Path) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(a / f"{table}.parquet"), pd.read_parquet(b / f"{table}.parquet"))
        if table not in facts.NO_CSV:
            assert (a / f"{table}.csv").read_bytes() == (b / f"{table}.csv").read_bytes(), table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    run(corpus, out)
    return out


# --------------------------------------------------------------------------- layout and types


def test_tables_are_sorted_datasets_of_part_files(clean_run):
    for table in TABLES:
        dataset = clean_run / f"{table}.parquet"
        assert dataset.is_dir() and sorted(p.name for p in dataset.iterdir())[0] == "part-00000.parquet"
        frame = pd.read_parquet(dataset)
        keys = write.sort_keys(table)
        assert frame[keys].equals(frame.sort_values(keys, kind="stable")[keys].reset_index(drop=True)), table
        assert (clean_run / f"{table}.csv").exists() == (table != "texts")
    assert not [p.name for p in clean_run.iterdir() if p.name.startswith(".")]


def test_every_record_is_one_articles_row_with_its_status(clean_run):
    articles = pd.read_parquet(clean_run / "articles.parquet")
    assert len(articles) == 150 + 3 + 1 + 2  # texts, feed rows, malformed line, empty + crash
    feed_1 = articles[articles["article_id"] == "feed-1"]
    # a repeated id: the first record is the article, the later one is rejected with the reason
    assert feed_1["status"].tolist() == ["ok", "rejected"] and "duplicate article id" in feed_1["error"].iloc[1]
    errors = articles.set_index("article_id")["error"]
    assert "toy extractor crashed" in errors["crash"]
    assert "malformed JSONL line 4" in errors[[i for i in errors.index if i.endswith("#4")][0]]


def test_empty_tables_keep_their_column_types(clean_run):
    for table in ["enterprises", "locations", "indicators"]:
        assert len(pd.read_parquet(clean_run / f"{table}.parquet")) == 0
        assert pq.read_schema(next((clean_run / f"{table}.parquet").iterdir())) == write.schema(table)
    types = write.schema("indicators")
    assert types.field("value").type == pa.float64() and types.field("is_target").type == pa.bool_()
    assert types.field("start").type == pa.int64() and types.field("city").type == pa.string()


def test_csv_and_parquet_hold_the_same_rows(clean_run):
    for table in [t for t in TABLES if t not in facts.NO_CSV]:
        parquet = pd.read_parquet(clean_run / f"{table}.parquet")
        csv = pd.read_csv(clean_run / f"{table}.csv", dtype={"article_id": str, "surface": str})
        assert list(csv.columns) == list(parquet.columns) and len(csv) == len(parquet)
        assert csv["article_id"].tolist() == parquet["article_id"].tolist()


def test_query_and_scorer_read_the_datasets(clean_run):
    assert run_query("SELECT count(*) AS n FROM amounts", clean_run)["n"][0] == len(pd.read_parquet(clean_run / "amounts.parquet"))
    if not SCORER.exists():
        pytest.skip("no ../shared/eval/score.py")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    assert len(score.load_table(clean_run, "percentages")) == len(pd.read_parquet(clean_run / "percentages.parquet"))


def test_many_part_files_keep_the_order(corpus, clean_run, tmp_path, monkeypatch):
    monkeypatch.setattr(write, "PART_ROWS", 50)
    run(corpus, tmp_path)
    assert len(list((tmp_path / "dates.parquet").iterdir())) > 2
    assert_same_outputs(clean_run, tmp_path)


@pytest.mark.parametrize("ranges_per_chunk, buffer_bytes", [(2.0, None), (0.0, None), (0.0, 1)],
                         ids=["chunk-files-per-range", "parts-split-by-range", "split-flushing-at-every-part"])
def test_merging_in_id_ranges_keeps_the_tables(corpus, clean_run, tmp_path, monkeypatch, ranges_per_chunk,
                                               buffer_bytes):
    # 20 articles per sorted range (8 ranges): each range reads its chunks' part files, or
    # (as when ids come in random order) the parts are first split into files per range,
    # written whenever the rows buffered for all ranges exceed a bound.
    monkeypatch.setattr(merge, "RANGE_ARTICLES", 20)
    monkeypatch.setattr(merge, "MAX_RANGES_PER_CHUNK", ranges_per_chunk)
    if buffer_bytes is not None:
        monkeypatch.setattr(merge, "SPLIT_BUFFER_BYTES", buffer_bytes)
    run(corpus, tmp_path)
    assert_same_outputs(clean_run, tmp_path)
    # and with previous rows in every range: an incremental run after one article changed
    (corpus_copy := tmp_path / "corpus").mkdir()
    shutil.copytree(corpus, corpus_copy, dirs_exist_ok=True)
    run(corpus_copy, tmp_path / "out")
    (corpus_copy / "d1" / "a0101.txt").write_text("2025年，新增企业12家，投资3亿元。", encoding="utf-8")
    result = run(corpus_copy, tmp_path / "out", incremental=True)
    assert result.processed == 1 + 2  # and both rows of the repeated feed id, never reused
    assert result.reused == result.articles - result.processed
    monkeypatch.setattr(merge, "RANGE_ARTICLES", 10_000)
    run(corpus_copy, tmp_path / "single-range")
    assert_same_outputs(tmp_path / "single-range", tmp_path / "out")


# --------------------------------------------------------------------------- engines


def test_worker_processes_give_identical_tables(corpus, clean_run, tmp_path):
    result = run(corpus, tmp_path, engine="local", jobs=2, chunk_articles=7)
    assert result.processed == result.articles == 156
    assert_same_outputs(clean_run, tmp_path)
    if sys.platform.startswith("linux"):  # for the bench: this process's memory before the merge
        assert 10 < result.stats()["main_rss_mb_after_processing"] < 4000


def _assert_only_the_killers_lost(local: Path, inline: Path, killers: int) -> None:
    for table in TABLES:
        frame, reference = (pd.read_parquet(out / f"{table}.parquet") for out in (local, inline))
        if table == "articles":
            killed = frame["article_id"].str.endswith("-exit")
            assert frame.loc[killed, "error"].tolist() == [engines.WORKER_DIED] * killers
            assert (frame.loc[killed, "status"] != "ok").all()
            frame, reference = frame[~killed], reference[~killed]
        pd.testing.assert_frame_equal(frame, reference)


def test_a_worker_that_dies_costs_only_the_article_that_killed_it(corpus, tmp_path):
    # Two articles end the process that reads them, in different chunks (the files are read in
    # path order, 16 articles a chunk). The run goes on; each is rejected with the reason and
    # every other article has the rows an inline run gives it.
    shutil.copytree(corpus, tmp_path / "in")
    for killer in ("d0/a0040-exit.txt", "d1/a0101-exit.txt"):
        (tmp_path / "in" / killer).write_text("这篇文章让工作进程退出。", encoding="utf-8")
    result = run(tmp_path / "in", tmp_path / "local", engine="local", jobs=2)
    # + malformed, empty, crash, the repeated id's second row
    assert result.processed == result.articles == 158 and result.rejected == 2 + 4
    run(tmp_path / "in", tmp_path / "inline")
    _assert_only_the_killers_lost(tmp_path / "local", tmp_path / "inline", 2)


def test_dask_gives_up_on_a_chunk_that_kills_workers_and_only_its_killer_is_lost(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    import dask

    shutil.copytree(corpus, tmp_path / "in")
    (tmp_path / "in" / "d1" / "a0101-exit.txt").write_text("这篇文章让工作进程退出。", encoding="utf-8")
    # Worker processes (a thread cannot die alone), and no retry on another worker after a death:
    # Dask's default (3 retries) kills four workers at every step of the halving.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        result = run(tmp_path / "in", tmp_path / "dask", engine="dask", client=client, chunk_articles=8)
    assert result.processed == result.articles == 157 and result.rejected == 1 + 4
    run(tmp_path / "in", tmp_path / "inline")
    _assert_only_the_killers_lost(tmp_path / "dask", tmp_path / "inline", 1)


def test_an_article_stuck_past_the_time_limit_is_rejected_and_the_batch_goes_on(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "ARTICLE_TIME_LIMIT", 0.5)
    shutil.copytree(corpus, tmp_path / "in")
    clean_run = tmp_path / "clean"
    run(tmp_path / "in", clean_run)
    (tmp_path / "in" / "d0" / "a0050-loop.txt").write_text("这篇文章让抽取器陷入死循环。", encoding="utf-8")
    run(tmp_path / "in", tmp_path / "out")
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    stuck = articles["article_id"] == "d0/a0050-loop"
    reason = "took longer than 0.5 s to process; rejected so that the batch could go on"
    assert articles.loc[stuck, "error"].tolist() == [reason]
    clean = read_tables(clean_run)
    pd.testing.assert_frame_equal(articles[~stuck].reset_index(drop=True), clean["articles"])
    for table, frame in read_tables(tmp_path / "out").items():
        if table != "articles":
            pd.testing.assert_frame_equal(frame, clean[table])


def test_the_time_limit_stops_an_article_stuck_in_a_dask_worker_thread(corpus, tmp_path, monkeypatch):
    # Dask runs tasks in a thread pool, where no alarm signal arrives.
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(worker, "ARTICLE_TIME_LIMIT", 0.5)
    shutil.copytree(corpus, tmp_path / "in")
    (tmp_path / "in" / "d0" / "a0050-loop.txt").write_text("这篇文章让抽取器陷入死循环。", encoding="utf-8")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        run(tmp_path / "in", tmp_path / "dask", engine="dask", client=client, chunk_articles=20)
    articles = pd.read_parquet(tmp_path / "dask" / "articles.parquet").set_index("article_id")
    reason = "took longer than 0.5 s to process; rejected so that the batch could go on"
    assert articles.at["d0/a0050-loop", "error"] == reason
    run(tmp_path / "in", tmp_path / "inline")  # the main thread's alarm: the same tables
    assert_same_outputs(tmp_path / "inline", tmp_path / "dask")


# The watchdog of threads other than the main one, with its pending exceptions recorded
# instead of set. Rows: how long the block runs (the limit is 0.05 s), then how long the
# thread goes on after it -> the watchdog's calls, in order.
WATCHDOG = [
    (0.0, 0.3, []),  # left in time: not watched any more
    (0.3, 0.0, [worker.ArticleTimeout, None]),  # fired, not raised: withdrawn as the block ends
]


@pytest.mark.parametrize("inside, after, calls", WATCHDOG)
def test_the_thread_watchdog(monkeypatch, inside, after, calls):
    made = []
    monkeypatch.setattr(worker, "_set_async_exc", lambda thread, exc: made.append((thread, exc)))
    watchdog = worker._Watchdog()
    with watchdog.watch(0.05):
        time.sleep(inside)
    time.sleep(after)
    assert made == [(threading.get_ident(), exc) for exc in calls]
    assert not watchdog.deadlines and not watchdog.fired
    if after:
        assert watchdog.thread is None  # nothing left to watch: its thread has ended


def test_the_time_limit_passes_through_a_stage_that_catches_exceptions(monkeypatch):
    # pipeline.extract turns any Exception of a stage into a rejection naming the stage; the
    # limit must reach the worker anyway, with its own reason.
    monkeypatch.setattr(worker, "ARTICLE_TIME_LIMIT", 0.2)

    def stage_catching_exceptions(record: RawRecord) -> Document:
        doc = Document.of_record(record)
        try:
            until = time.monotonic() + 10
            while time.monotonic() < until:
                pass
        except Exception as exc:
            return doc.reject(f"internal error in stage toy: {exc!r}")
        return doc

    doc = worker._process_one(stage_catching_exceptions, RawRecord("a1", "a1.txt", "", text="卡住"))
    assert doc.error == "took longer than 0.2 s to process; rejected so that the batch could go on"


def test_the_time_limit_leaves_a_running_timer_alone(monkeypatch):
    # newsfacts used as a library by a program with its own alarm: no limit, and its timer runs on.
    monkeypatch.setattr(worker, "ARTICLE_TIME_LIMIT", 0.05)

    def slow(record: RawRecord) -> Document:
        time.sleep(0.2)
        return Document.of_record(record)

    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        doc = worker._process_one(slow, RawRecord("a1", "a1.txt", "", text="慢"))
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert doc.status == "ok" and 90 < remaining < 100


def test_a_chunk_written_again_keeps_no_part_of_an_earlier_attempt(tmp_path):
    # A worker that died while writing a chunk's parts may have left some; the chunk processed
    # again (its article now rejected) must not keep rows from them.
    first = toy_process(RawRecord("a1", "a1.txt", "", text="2024年，总投资5亿元。"))
    write_parts(write.chunk_tables([first], "c1"), tmp_path, "c1")
    assert (tmp_path / "amounts" / "c1.parquet").exists()
    again = Document(article_id="a1", source_file="a1.txt", sha256="").reject(engines.WORKER_DIED)
    write_parts(write.chunk_tables([again], "c1"), tmp_path, "c1")
    assert sorted(p.parent.name for p in tmp_path.glob("*/c1.parquet")) == ["articles"]
    assert pd.read_parquet(tmp_path / "articles" / "c1.parquet")["status"].tolist() == ["rejected"]


def test_dask_engine_gives_identical_tables(corpus, clean_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        result = run(corpus, tmp_path, engine="dask", client=client, chunk_articles=20)
    assert result.processed == 156
    assert_same_outputs(clean_run, tmp_path)


# --------------------------------------------------------------------------- incremental refresh


def _edit(corpus: Path) -> None:
    """One article changed, one added, one deleted, one moved into the feed under a repeated id."""
    (corpus / "d0" / "a0002.txt").write_text("2025年，新增企业12家，投资3亿元。", encoding="utf-8")
    (corpus / "d1" / "new.txt").write_text("2026年，新增企业7家，增长8%。", encoding="utf-8")
    (corpus / "d1" / "a0003.txt").unlink()


def test_incremental_refresh_equals_a_clean_run(tmp_path):
    corpus = make_corpus(tmp_path / "in", n=60)
    out = tmp_path / "out"
    run(corpus, out)
    _edit(corpus)
    result = run(corpus, out, incremental=True)
    # the changed and the new article, and both rows of the repeated feed id (never reused:
    # its previous rows cannot be told apart)
    assert (result.processed, result.deleted) == (2 + 2, 1)
    assert result.reused == result.articles - result.processed
    run(corpus, tmp_path / "clean")
    assert_same_outputs(tmp_path / "clean", out)


def _run_in_parts_of_20_rows(tmp_path: Path, monkeypatch, feed: bool = False) -> tuple[Path, Path]:
    """A 60-article corpus run into parts of 20 rows (every table but texts has several);
    without the feed, whose repeated id is processed every time (nothing after it could be kept)."""
    monkeypatch.setattr(write, "PART_ROWS", 20)
    corpus, out = make_corpus(tmp_path / "in", n=60), tmp_path / "out"
    if not feed:
        (corpus / "feed.jsonl").unlink()
    run(corpus, out)
    return corpus, out


# What a refresh changes, and whether the previous tables' leading part files can be kept.
# Ids sort as paths: crash < d0/... < d1/... < empty < zz/... (the feed is left out, see above)
REFRESH_EDITS = [
    ("new-articles-after-the-old-ones", {"zz/new1.txt": "2026年，新增企业7家，增长8%。", "zz/new2.txt": "投资3亿元。"}, True),
    ("an-article-near-the-end-changed", {"d1/a0057.txt": "2025年，新增企业12家，投资3亿元。"}, True),
    ("an-article-near-the-end-deleted", {"d1/a0057.txt": None}, True),
    ("a-file-without-articles-added", {"zz/empty.txt": ""}, True),
    ("the-first-article-with-rows-changed", {"d0/a0000.txt": "2025年，新增企业12家。"}, False),
]


@pytest.mark.parametrize("edits, keeps", [(e, k) for _, e, k in REFRESH_EDITS], ids=[n for n, _, _ in REFRESH_EDITS])
def test_a_refresh_keeps_the_part_files_before_the_first_change(tmp_path, monkeypatch, edits, keeps):
    # The rows of an article run on across the last full part's end in two tables, and a full
    # part ends with d1/a0057.
    corpus, out = _run_in_parts_of_20_rows(tmp_path, monkeypatch)
    inodes = {p.relative_to(out): p.stat().st_ino for p in out.glob("*.parquet/*.parquet")}
    for name, text in edits.items():
        path = corpus / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    result = run(corpus, out, incremental=True)
    same_file = [p for p in out.glob("*.parquet/*.parquet") if inodes.get(p.relative_to(out)) == p.stat().st_ino]
    assert len(same_file) == result.kept_parts and (result.kept_parts > 0) == keeps
    run(corpus, tmp_path / "clean")
    assert_same_outputs(tmp_path / "clean", out)
    for table in TABLES:  # the very same part files as a full run
        assert sorted(p.name for p in (out / f"{table}.parquet").iterdir()) == \
            sorted(p.name for p in (tmp_path / "clean" / f"{table}.parquet").iterdir())


# Article ids of kept parts -> rows of the last article they hold (merged again, then dropped).
KEPT_LAYOUTS = [
    ([["a", "b"]], 1),
    ([["a", "b"], ["b", "b"]], 3),  # an article longer than a part
    ([["b", "b"], ["b", "b"]], 4),
    ([["a", "a"], ["a", "b"]], 1),
    ([["a", "b"], ["c", "c"]], 2),
]


@pytest.mark.parametrize("layout, rows", KEPT_LAYOUTS)
def test_the_rows_of_the_kept_parts_last_article_are_counted_over_every_part(tmp_path, layout, rows):
    parts = []
    for number, ids in enumerate(layout):
        path = tmp_path / f"part-{number:05d}.parquet"
        pq.write_table(pa.table({"article_id": ids}), path)
        parts.append(write.PartWritten(number, len(ids), ids[0], ids[-1], path.stat().st_size, 0))
    assert merge._rows_kept_of_last_article(write.KeptParts(tmp_path, parts, None)) == rows


@pytest.mark.parametrize("damaged", ["dates.csv", "dates.parquet/part-00000.parquet"])
def test_a_refresh_keeps_no_part_of_a_table_whose_files_are_not_the_ones_listed(tmp_path, monkeypatch, damaged):
    corpus, out = _run_in_parts_of_20_rows(tmp_path, monkeypatch)
    if damaged.endswith(".csv"):  # edited by hand since
        with (out / damaged).open("ab") as fh:
            fh.write(b"\n")
    else:  # rewritten, uncompressed: the same rows in a file of another size
        pq.write_table(pq.read_table(out / damaged), out / damaged, compression="none")
    inodes = {p.stat().st_ino for p in out.glob("*.parquet/*.parquet")}
    (corpus / "zz").mkdir()
    (corpus / "zz" / "new.txt").write_text("2026年，新增企业7家。", encoding="utf-8")
    result = run(corpus, out, incremental=True)
    kept = {p.parent.name for p in out.glob("*.parquet/*.parquet") if p.stat().st_ino in inodes}
    assert result.kept_parts > 0 and "dates.parquet" not in kept and "quantities.parquet" in kept
    run(corpus, tmp_path / "clean")
    assert_same_outputs(tmp_path / "clean", out)


def test_a_manifest_without_its_part_files_listed_still_serves_a_refresh(tmp_path, monkeypatch):
    # as the previous version wrote it: files and records, no parts table
    corpus, out = _run_in_parts_of_20_rows(tmp_path, monkeypatch, feed=True)
    con = sqlite3.connect(out / MANIFEST_NAME)
    con.execute("DROP TABLE parts")
    con.commit()
    con.close()
    (corpus / "zz").mkdir()
    (corpus / "zz" / "new.txt").write_text("2026年，新增企业7家。", encoding="utf-8")
    result = run(corpus, out, incremental=True)
    assert result.kept_parts == 0 and result.processed == 1 + 2  # the new article, the repeated feed id
    run(corpus, tmp_path / "clean")
    assert_same_outputs(tmp_path / "clean", out)


def test_refresh_of_an_unchanged_corpus_leaves_the_outputs_alone(corpus, tmp_path):
    run(corpus, tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.name != "newsfacts.log"}
    result = run(corpus, tmp_path, incremental=True)
    assert result.up_to_date and result.processed == 0 and result.reused == result.articles
    assert result.ok == 152 and result.rows["dates"] == len(pd.read_parquet(tmp_path / "dates.parquet"))
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.name != "newsfacts.log"} == before


def test_a_file_seen_from_another_root_gets_new_ids(corpus, clean_run, tmp_path):
    run_batch([corpus / "d0"], tmp_path, engine="inline", processor=TOY)  # ids a0000 ... here, d0/a0000 ... below
    result = run(corpus, tmp_path, incremental=True)
    assert result.processed == result.articles
    assert_same_outputs(clean_run, tmp_path)


def test_a_pipeline_change_reprocesses_everything(corpus, tmp_path, monkeypatch):
    run(corpus, tmp_path)
    monkeypatch.setattr(runner, "pipeline_version", lambda settings: "changed patterns")
    result = run(corpus, tmp_path, incremental=True)
    assert result.processed == result.articles and result.reused == 0


def test_first_incremental_run_processes_everything(corpus, clean_run, tmp_path):
    result = run(corpus, tmp_path, incremental=True)
    assert result.processed == result.articles
    assert_same_outputs(clean_run, tmp_path)


def test_the_manifest_lists_every_file_and_record_in_input_order(corpus, clean_run):
    con = sqlite3.connect(clean_run / MANIFEST_NAME)
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        files = {source for source, in con.execute("SELECT source FROM files")}
        records = con.execute("SELECT source, position, article_id, sha256 FROM records ORDER BY rowid").fetchall()
        parts = con.execute("SELECT tbl, part, rows, first_id, last_id, size, csv_end FROM parts").fetchall()
    finally:
        con.close()
    assert files == {p.as_posix() for p in corpus.rglob("*") if p.is_file()}
    articles = pd.read_parquet(clean_run / "articles.parquet")
    assert sorted((a, s) for _, _, a, s in records) == sorted(zip(articles["article_id"], articles["sha256"]))
    assert meta["n_articles"] == str(len(records)) and meta["pipeline"]
    feed = [(position, article_id) for source, position, article_id, _ in records if source.endswith("feed.jsonl")]
    assert [p for p, _ in feed] == [0, 1, 2, 3] and [a for _, a in feed][:3] == ["feed-1", "feed-2", "feed-1"]
    # every part file of every table: its rows, first and last id, size, where its CSV rows end
    listed = {(table, f"part-{part:05d}.parquet"): (rows, first, last, size, csv_end)
              for table, part, rows, first, last, size, csv_end in parts}
    assert {(t, p.name) for t in TABLES for p in (clean_run / f"{t}.parquet").iterdir()} == set(listed)
    for (table, name), (rows, first, last, size, csv_end) in listed.items():
        ids = pq.read_table(clean_run / f"{table}.parquet" / name).column("article_id").to_pylist()
        assert (len(ids), ids[0] if ids else None, ids[-1] if ids else None) == (rows, first, last)
        assert size == (clean_run / f"{table}.parquet" / name).stat().st_size
        assert csv_end == (0 if table in facts.NO_CSV else (clean_run / f"{table}.csv").stat().st_size)


def test_planning_keeps_no_per_article_state_in_memory(tmp_path):
    # The plan lives in the run index on disk: after the first chunk, planning 4,000 more
    # records leaves no Python objects behind (dicts of ids and hashes held ~400 bytes each).
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text("".join(json.dumps({"id": f"a{i:05d}", "text": f"{i}年，新增企业3家。"}) + "\n"
                            for i in range(4050)), encoding="utf-8")
    index = RunIndex(tmp_path / "index.sqlite")
    planner = runner.Planner(index, 50, 250_000, DEFAULT_MAX_BYTES)
    tracemalloc.start()
    try:
        chunks = planner.chunks([feed.parent])
        next(chunks)  # imports, caches and prepared statements settle in the first chunk
        before = tracemalloc.get_traced_memory()[0]
        planned = sum(len(chunk.records) for chunk in chunks)
        grown = tracemalloc.get_traced_memory()[0] - before
        indexed = index.count()
    finally:
        tracemalloc.stop()
        index.close()
    assert planned == 4000 and indexed == 4050
    assert grown < 4000 * 25, f"{grown} bytes kept for 4,000 records"


def _damage_manifest(out: Path, how: str) -> None:
    manifest = out / MANIFEST_NAME
    if how == "json-of-an-older-version":
        manifest.unlink()
        (out / "manifest.json").write_text('{"format": 1, "pipeline": "x", "files": {}}', encoding="utf-8")
    elif how == "not-a-database":
        manifest.write_bytes(b"SQLite format 3\0" + b"\xff" * 4096)
    elif how == "another-format":
        con = sqlite3.connect(manifest)
        con.execute("UPDATE meta SET value = '99' WHERE key = 'format'")
        con.commit()
        con.close()


@pytest.mark.parametrize("how", ["json-of-an-older-version", "not-a-database", "another-format"])
def test_an_unusable_manifest_means_everything_is_processed_again(corpus, clean_run, tmp_path, how):
    run(corpus, tmp_path)
    _damage_manifest(tmp_path, how)
    result = run(corpus, tmp_path, incremental=True)
    assert result.processed == result.articles and result.reused == 0
    assert_same_outputs(clean_run, tmp_path)
    assert not (tmp_path / "manifest.json").exists() and read_manifest(tmp_path) is not None


# --------------------------------------------------------------------------- crashes


KILLED_RUN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from newsfacts.batch import run_batch
    run_batch([Path(sys.argv[1])], Path(sys.argv[2]), jobs=2, processor="toy_pipeline:toy_process",
              chunk_articles=4, incremental=True)
""")


def test_a_killed_run_leaves_the_outputs_and_the_next_run_completes_it(tmp_path):
    corpus = make_corpus(tmp_path / "in", n=80)
    out = tmp_path / "out"
    run(corpus, out)
    before = read_tables(out)
    _edit(corpus)
    for path in sorted((corpus / "d1").glob("a00[4-7]*.txt")):  # enough changed articles for many chunks
        path.write_text(path.read_text(encoding="utf-8") + "新增企业5家。", encoding="utf-8")
    env = {**os.environ, "NEWSFACTS_TOY_SLEEP": "0.05",
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(corpus), str(out)], env=env, start_new_session=True)
    chunks = out / STAGING_NAME / "chunks"
    try:
        deadline = time.monotonic() + 60
        while len(list(chunks.glob("*.json"))) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the run finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers: the process group started above
        proc.wait()
    for table, frame in read_tables(out).items():
        pd.testing.assert_frame_equal(frame, before[table])
    result = run(corpus, out, incremental=True)
    assert result.resumed >= 2 * 4 - 1 and result.processed + result.resumed + result.reused == result.articles
    assert not (out / STAGING_NAME).exists()
    run(corpus, tmp_path / "clean")
    assert_same_outputs(tmp_path / "clean", out)


def test_a_crash_while_swapping_in_leaves_whole_tables_and_the_next_run_repairs(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "in", n=40)
    out = tmp_path / "out"
    run(corpus, out)
    _edit(corpus)
    swapped = []
    real_replace = write.replace_path

    def crash_after_three(new, target, trash):
        if len(swapped) == 3:
            raise OSError("disk pulled out")
        swapped.append(target.name)
        real_replace(new, target, trash)

    monkeypatch.setattr(write, "replace_path", crash_after_three)
    with pytest.raises(OSError):
        run(corpus, out, incremental=True)
    monkeypatch.undo()
    assert len(swapped) == 3
    read_tables(out)  # every table whole, old or new
    run(corpus, out, incremental=True)
    run(corpus, tmp_path / "clean")
    assert_same_outputs(tmp_path / "clean", out)


def test_single_file_tables_of_an_older_run_are_replaced(corpus, clean_run, tmp_path):
    pq.write_table(pa.table({"article_id": ["old"]}), tmp_path / "amounts.parquet")
    (tmp_path / "amounts.csv").write_text("article_id\nold\n", encoding="utf-8")
    run(corpus, tmp_path)
    assert_same_outputs(clean_run, tmp_path)


def test_a_second_run_into_the_same_directory_is_refused(corpus, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(runner.BatchError, match="another newsfacts run"):
            run(corpus, tmp_path)
    finally:
        os.close(fd)
    assert list(tmp_path.iterdir()) == []


def test_fact_values_of_the_wrong_type_are_coerced_to_the_column_type():
    from newsfacts.facts import Location

    doc = Document("a", "a.txt", text="武汉市东湖高新区", sentences=[(0, 8)])
    doc.facts["locations"] = [Location(0, 3, "武汉市", city="武汉市", adcode=420100)]
    doc.facts["amounts"] = [Amount(3, 8, "东湖高新区", value="not a number")]
    tables = write.chunk_tables([doc])
    assert tables["locations"].column("adcode").to_pylist() == ["420100"]
    assert tables["amounts"].column("value").to_pylist() == [None]


# --------------------------------------------------------------------------- CSV fields

# (Arrow type, value, the CSV field): what pandas' to_csv writes, except that a bare CR is
# quoted too (pandas leaves it bare, and CSV readers take it for a line end).
CSV_FIELDS = [
    # strings as they come in sentences, names and sources
    (pa.string(), "武汉市东湖高新区", "武汉市东湖高新区"),
    (pa.string(), "投资25亿元，同比增长11.3%。", "投资25亿元，同比增长11.3%。"),
    (pa.string(), "产值1,200亿元", '"产值1,200亿元"'),
    (pa.string(), '他说"加快建设"', '"他说""加快建设"""'),
    (pa.string(), "标题\n正文", '"标题\n正文"'),
    (pa.string(), "第一行\r第二行", '"第一行\r第二行"'),
    (pa.string(), " 前后空格 ", " 前后空格 "),
    (pa.string(), "", ""),
    (pa.string(), None, ""),
    # floats: numpy's shortest repr, integral values with ".0"
    (pa.float64(), 2.5e9, "2500000000.0"),
    (pa.float64(), 11.3, "11.3"),
    (pa.float64(), 0.1, "0.1"),
    (pa.float64(), 1 / 3, "0.3333333333333333"),
    (pa.float64(), 1e16, "1e+16"),
    (pa.float64(), 1e-5, "1e-05"),
    (pa.float64(), -3.25, "-3.25"),
    (pa.float64(), None, ""),
    (pa.float64(), float("nan"), ""),
    # integers stay integers when some are null; booleans as Python prints them
    (pa.int64(), 2023, "2023"),
    (pa.int64(), None, ""),
    (pa.int32(), -1, "-1"),
    (pa.bool_(), True, "True"),
    (pa.bool_(), False, "False"),
    (pa.bool_(), None, ""),
]


@pytest.mark.parametrize("kind,value,field", CSV_FIELDS)
def test_csv_fields_are_written_as_pandas_writes_them(kind, value, field):
    table = pa.table({"article_id": pa.array(["a1", "a2"]), "x": pa.array([value, value], kind, from_pandas=True)})
    assert write.csv_rows(table).decode("utf-8") == f"a1,{field}\na2,{field}\n"
    if not (isinstance(value, str) and "\r" in value):  # the one place we differ on purpose
        pandas_csv = write.to_pandas(table).to_csv(header=False, index=False, lineterminator="\n")
        assert write.csv_rows(table).decode("utf-8") == pandas_csv


def test_csv_rows_of_a_slice_start_at_the_slice():
    table = pa.table({"a": ["x", "y,z", "w"], "b": [1.0, None, 3.5]})
    assert write.csv_rows(table.slice(1, 2)) == '"y,z",\nw,3.5\n'.encode()
