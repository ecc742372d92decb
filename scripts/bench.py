"""Throughput and memory benchmark: `make bench` (scripts/bench.py --out outputs/bench.json).

In one run, on articles generated from the seeds (every article unique: digits
perturbed, paragraphs dropped, so no cache sees the same text twice):

- stages, in this process (one core): ingestion alone (read + decode, seeds
  repeated to >= 5 MB), ingest + normalise, each extractor in pipeline order and
  the groups numbers (quantities + amounts + percentages) and entities
  (places + enterprises), the whole pipeline; chars/s and articles/s;
- baselines on the same normalised texts: jieba `lcut`, spaCy blank zh
  `nlp.pipe`, JioNLP `extract_money` + `extract_time` (ratios = ours / theirs);
- batch runs of `newsfacts extract` per corpus size: wall time, chars/s and
  articles/s (total and per core), peak RSS of the main process and of each
  worker (sampled with psutil; RUSAGE_CHILDREN as a cross-check); at the sizes up
  to --speedup-max-articles also --jobs 1 against --jobs N (speed-up), and at every size the time of
  an incremental refresh of the unchanged corpus against the full run, and of one after adding
  1 % new articles with ids after the old ones (a day's scrape).

Targets are reported, not enforced. A size whose predicted run time exceeds
--max-run-seconds is skipped and the report says so (the flag stays).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsfacts.ingest.readers import discover, read_records  # noqa: E402

TARGETS = {
    "ingestion_chars_per_s": 5_000_000,
    "numbers_chars_per_s": 1_000_000,
    "entities_chars_per_s": 300_000,
    "end_to_end_chars_per_s_per_core": 500_000,
    "peak_rss_mb_per_worker": 500,
    "speedup_2_workers": 1.8,
    "refresh_fraction_of_full_run": 0.05,
}
ARTICLES_PER_FILE = 1000
APPENDED_FRACTION = 100  # the refresh after adding new articles adds 1 % of the corpus
LONG_ARTICLE_REPEATS = 40  # the five seeds 40 times: one article of about 1 MB (bench_long_article)


# --------------------------------------------------------------------------- corpus


def seed_texts(seeds: Path) -> list[str]:
    texts = [r.text for f, root in discover([seeds]) for r in read_records(f, root) if r.text]
    if not texts:
        sys.exit(f"bench: no seed articles in {seeds}")
    return texts


def variant(text: str, rng: random.Random) -> str:
    """A new article of the same kind: some paragraphs dropped (never the header lines), digits changed."""
    lines = text.split("\n")
    head, body = lines[:4], lines[4:]
    body = [line for line in body if rng.random() > 0.2] or body[:1]
    digits = "0123456789"
    perturbed = re.sub(r"\d", lambda m: rng.choice(digits) if rng.random() < 0.3 else m.group(), "\n".join(body))
    return "\n".join(head) + "\n" + perturbed


def make_corpus(seeds: list[str], n: int, root: Path, seed: int = 0, first_id: int = 0,
                prefix: str = "bench") -> tuple[int, int]:
    """n unique articles (ids from first_id on) as JSONL files of ARTICLES_PER_FILE lines;
    returns (articles, chars)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    chars = 0
    for first in range(0, n, ARTICLES_PER_FILE):
        with (root / f"{prefix}-{first // ARTICLES_PER_FILE:05d}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(first, min(n, first + ARTICLES_PER_FILE)):
                text = variant(seeds[i % len(seeds)], rng)
                chars += len(text)
                fh.write(json.dumps({"id": f"bench-{first_id + i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return n, chars


# --------------------------------------------------------------------------- stages, in process


def rate(chars: int, articles: int, seconds: float) -> dict:
    seconds = max(seconds, 1e-9)
    return {"seconds": round(seconds, 3), "chars": chars, "articles": articles,
            "chars_per_s": round(chars / seconds), "articles_per_s": round(articles / seconds, 2)}


def bench_ingestion(seeds: Path, work: Path, min_bytes: int = 5_000_000) -> dict:
    """read_records (read, detect encoding, decode, sha256) over the seed files copied until >= min_bytes."""
    files = [f for f, _ in discover([seeds])]
    size = sum(f.stat().st_size for f in files)
    copies = max(1, -(-min_bytes // max(size, 1)))
    root = work / "ingestion"
    for k in range(copies):
        for f in files:
            target = root / f"c{k:04d}" / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
    started = time.perf_counter()
    chars = articles = 0
    for file, top in discover([root]):
        for record in read_records(file, top):
            chars += len(record.text or "")
            articles += 1
    out = rate(chars, articles, time.perf_counter() - started)
    out["bytes"] = size * copies
    shutil.rmtree(root)
    return out


def bench_stages(texts: list[str]) -> tuple[dict, list]:
    """Each pipeline stage over the same articles, in pipeline order (later stages read earlier facts)."""
    from newsfacts.ingest.readers import RawRecord
    from newsfacts.pipeline import ingest, load_stages

    from newsfacts.batch.worker import WARM_TEXT, settle_collector

    stages = load_stages()
    records = [RawRecord(f"s{i}", "bench", "", text=t) for i, t in enumerate(texts)]
    warm = ingest(RawRecord("warm-up", "bench", "", text=WARM_TEXT))  # loads OpenCC, the mojibake model, patterns
    for table, run in stages:  # warm every stage (lazy models) on one article, off the clock
        _store(warm, table, run(warm))
    settle_collector()  # as the batch workers do once warm
    docs, seconds = [], 0.0
    for record in records:
        t = time.perf_counter()
        docs.append(ingest(record))
        seconds += time.perf_counter() - t
    raw_chars = sum(len(t) for t in texts)
    out = {"ingest_normalise": rate(raw_chars, len(texts), seconds)}
    docs = [d for d in docs if d.status == "ok"]
    chars = sum(len(d.text) for d in docs)
    spent = {table: 0.0 for table, _ in stages}
    for doc in docs:
        for table, run in stages:
            t = time.perf_counter()
            produced = run(doc)
            spent[table] += time.perf_counter() - t
            _store(doc, table, produced)
    for table, _ in stages:
        out[table] = rate(chars, len(docs), spent[table])
    numbers = [t for t in ("quantities", "amounts", "percentages") if t in spent]
    entities = [t for t in ("locations", "enterprises") if t in spent]
    out["numbers (quantities+amounts+percentages)"] = rate(chars, len(docs), sum(spent[t] for t in numbers))
    out["entities (places+enterprises)"] = rate(chars, len(docs), sum(spent[t] for t in entities))
    out["extract all"] = rate(chars, len(docs), sum(spent.values()))
    out["pipeline (ingest..indicators)"] = rate(raw_chars, len(texts), seconds + sum(spent.values()))
    return out, docs


def bench_long_article(seeds: list[str]) -> dict:
    """The whole pipeline on one article of about 1 MB (the seeds, LONG_ARTICLE_REPEATS times):
    near the news articles' rate when no stage's time grows faster than the text."""
    from newsfacts.ingest.readers import RawRecord
    from newsfacts.pipeline import process

    text = "\n".join(seeds * LONG_ARTICLE_REPEATS)
    t = time.perf_counter()
    doc = process(RawRecord("long", "bench", "", text=text))
    out = rate(len(text), 1, time.perf_counter() - t)
    out["status"] = doc.status
    return out


def _store(doc, table, produced) -> None:
    if isinstance(produced, dict):
        doc.facts.update(produced)
    else:
        doc.facts[table] = produced


def bench_baselines(texts: list[str]) -> dict:
    """Other tools over the same normalised texts."""
    chars = sum(len(t) for t in texts)
    out = {}
    try:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        t = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        out["jieba lcut"] = rate(chars, len(texts), time.perf_counter() - t)
    except ImportError as exc:
        out["jieba lcut"] = {"skipped": str(exc)}
    try:
        import spacy

        nlp = spacy.blank("zh")
        list(nlp.pipe(texts[:2]))
        t = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        out["spaCy blank zh pipe"] = rate(chars, len(texts), time.perf_counter() - t)
    except ImportError as exc:
        out["spaCy blank zh pipe"] = {"skipped": str(exc)}
    try:
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp

            jionlp.ner.extract_money(texts[0])
            jionlp.ner.extract_time(texts[0], time_base=time.time())
        t = time.perf_counter()
        for text in texts:
            jionlp.ner.extract_money(text)
            jionlp.ner.extract_time(text, time_base=time.time())
        out["JioNLP extract_money+extract_time"] = rate(chars, len(texts), time.perf_counter() - t)
    except ImportError as exc:
        out["JioNLP extract_money+extract_time"] = {"skipped": f"{exc} (pip install -e '.[compare]')"}
    return out


# --------------------------------------------------------------------------- batch runs, as a user runs them


def snapshot_source(work: Path) -> Path:
    """A frozen copy of the package and patterns/, so every run of the benchmark uses the same pipeline
    even while people edit the working tree (an edit would make the refresh a full run)."""
    src = work / "src"
    shutil.copytree(ROOT / "newsfacts", src / "newsfacts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "patterns", src / "patterns")
    return src


def run_cli(corpus: Path, out: Path, jobs: int, incremental: bool = False, src: Path = ROOT) -> dict:
    """`newsfacts extract` in a child process; wall time and peak RSS of it and of its workers."""
    cmd = [sys.executable, "-m", "newsfacts.cli", "extract", str(corpus), "--out", str(out), "--jobs", str(jobs)]
    if incremental:
        cmd.append("--incremental")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    # cwd=src: `python -m` puts the working directory first on sys.path, before PYTHONPATH.
    proc = subprocess.Popen(cmd, env=env, cwd=src, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, float] = {}
    main_peak = total_peak = 0.0
    try:
        import psutil

        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                family = [root, *root.children(recursive=True)]
                total = 0.0
                for p in family:
                    try:
                        rss = p.memory_info().rss / 2**20
                    except psutil.Error:
                        continue
                    total += rss
                    peaks[p.pid] = max(peaks.get(p.pid, 0.0), rss)
                main_peak = max(main_peak, peaks.get(proc.pid, 0.0))
                total_peak = max(total_peak, total)
            except psutil.Error:
                pass
            try:  # not sleep(): the wall time of a short run (an up-to-date refresh) ends when it does
                proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
    except ImportError:
        pass
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    others = [v for pid, v in peaks.items() if pid != proc.pid]
    stats = run_stats(out / "newsfacts.log")
    workers = stats.get("workers", {})
    worker_cpu = sum(cpu for _, cpu in workers.values())
    return {
        "seconds": round(seconds, 2),  # the whole command, Python start-up included
        "run_seconds": stats.get("seconds"),  # inside run_batch
        "processed": stats.get("processed"), "reused": stats.get("reused"), "up_to_date": stats.get("up_to_date"),
        "kept_parts": stats.get("kept_parts"),
        "workers": len(workers),
        "worker_cpu_seconds": round(worker_cpu, 2),
        "main_cpu_seconds": stats.get("main", [0, 0])[1],
        # getrusage peaks as the processes report them; on Linux a child starts with its parent's
        # high-water mark (kept across fork and exec), so these are upper bounds: prefer the sampled ones.
        "peak_rss_mb_main": stats.get("main", [0, 0])[0],
        "peak_rss_mb_worker_max": max((rss for rss, _ in workers.values()), default=None),
        "peak_rss_mb_sampled_main": round(main_peak, 1),
        "rss_mb_main_after_processing": stats.get("main_rss_mb_after_processing"),  # before the merge
        "peak_rss_mb_sampled_other_max": round(max(others), 1) if others else None,  # workers and the fork server
        "peak_rss_mb_sampled_all_processes": round(total_peak, 1),
        "ru_maxrss_mb_children": round(after.ru_maxrss / 1024, 1),  # largest waited-for descendant (Linux: KB)
    }


def run_stats(log: Path) -> dict:
    """The `stats {...}` line newsfacts extract logs at the end of a run."""
    stats = {}
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if " stats {" in line:
            stats = json.loads(line.split(" stats ", 1)[1])
    return stats


def bench_batch(seeds: list[str], sizes: list[int], jobs: int, work: Path, max_run_seconds: float,
                speedup_max_articles: int = 10_000) -> dict:
    results: dict = {}
    src = snapshot_source(work)
    per_char = None  # seconds per char at `jobs` workers, from the previous size
    for index, n in enumerate(sizes):
        corpus = work / f"corpus-{n}"
        _, chars = make_corpus(seeds, n, corpus, seed=n)
        entry: dict = {"articles": n, "chars": chars}
        predicted = per_char * chars if per_char else None
        if predicted and predicted > max_run_seconds:
            entry["skipped"] = f"predicted {predicted:.0f} s > --max-run-seconds {max_run_seconds:.0f}"
            results[str(n)] = entry
            shutil.rmtree(corpus)
            print(f"bench: {n} articles skipped ({entry['skipped']})", file=sys.stderr)
            continue
        # --jobs 1 as well at the small sizes: at 1k a few seconds of start-up (loading the models
        # once) and the final merge weigh on the speed-up; at 10k it is the workers' own.
        if jobs > 1 and (index == 0 or n <= speedup_max_articles):
            one = run_cli(corpus, work / "out-1", 1, src=src)
            entry["jobs_1"] = {**one, **_speed(chars, n, one, 1)}
            shutil.rmtree(work / "out-1")
        print(f"bench: {n} articles, --jobs {jobs} ...", file=sys.stderr)
        full = run_cli(corpus, work / "out", jobs, src=src)
        entry[f"jobs_{jobs}"] = {**full, **_speed(chars, n, full, jobs)}
        per_char = full["seconds"] / chars
        if "jobs_1" in entry:
            entry["speedup"] = round(entry["jobs_1"]["seconds"] / full["seconds"], 2)
        refresh = run_cli(corpus, work / "out", jobs, incremental=True, src=src)
        entry["refresh_unchanged"] = {**refresh, "fraction_of_full_run": round(refresh["seconds"] / full["seconds"], 4)}
        if not refresh["up_to_date"]:
            entry["refresh_unchanged"]["note"] = "not up to date: the pipeline changed between the runs (see its log)"
        # A day's new articles, with ids after the old ones: processed, then merged after the
        # previous tables' part files, which are kept.
        added = max(10, n // APPENDED_FRACTION)
        make_corpus(seeds, added, corpus, seed=n + 1, first_id=n, prefix="added")
        appended = run_cli(corpus, work / "out", jobs, incremental=True, src=src)
        entry["refresh_appended"] = {**appended, "added": added,
                                     "fraction_of_full_run": round(appended["seconds"] / full["seconds"], 4)}
        results[str(n)] = entry
        shutil.rmtree(work / "out")
        shutil.rmtree(corpus)
    return results


def _speed(chars: int, articles: int, run: dict, jobs: int) -> dict:
    """Per core two ways: wall time × jobs (what a user sees), and CPU seconds of the processes that
    did the work (what the code costs, whatever else the machine is running)."""
    seconds = run["seconds"]
    cpu = run["worker_cpu_seconds"] + (run["main_cpu_seconds"] or 0)
    return {"chars_per_s": round(chars / seconds), "chars_per_s_per_core": round(chars / seconds / jobs),
            "chars_per_cpu_s": round(chars / cpu) if cpu else None, "articles_per_s": round(articles / seconds, 2)}


# --------------------------------------------------------------------------- report


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=150)
    stages = Table(title="stages, one core (chars/s)")
    for column in ("stage", "chars/s", "articles/s", "target"):
        stages.add_column(column, justify="left" if column == "stage" else "right")
    targets = {"ingestion (read+decode)": "ingestion_chars_per_s", "numbers (quantities+amounts+percentages)": "numbers_chars_per_s",
               "entities (places+enterprises)": "entities_chars_per_s"}
    for name, r in report["stages"].items():
        target = TARGETS.get(targets.get(name, ""), "")
        stages.add_row(name, f"{r['chars_per_s']:,}", f"{r['articles_per_s']:,}", f"{target:,}" if target else "")
    for name, r in report["baselines"].items():
        if "chars_per_s" in r:
            ratio = report["stages"]["pipeline (ingest..indicators)"]["chars_per_s"] / r["chars_per_s"]
            stages.add_row(f"[dim]{name}[/dim]", f"{r['chars_per_s']:,}", f"{r['articles_per_s']:,}", f"ours ×{ratio:.2f}")
        else:
            stages.add_row(f"[dim]{name}[/dim]", "skipped", "", "")
    console.print(stages)
    runs = Table(title=f"newsfacts extract --jobs {report['jobs']} (per core = total / jobs)")
    for column in ("articles", "s", "chars/s/core", "chars/CPU-s", "art/s", "RSS main MB", "main before merge",
                   "RSS worker MB (max)", "speed-up", "refresh/full", "+1 %/full"):
        runs.add_column(column, justify="right")
    for n, e in report["batch"].items():
        if "skipped" in e:
            runs.add_row(n, e["skipped"], *[""] * 9)
            continue
        full = e[f"jobs_{report['jobs']}"]
        runs.add_row(n, f"{full['seconds']}", f"{full['chars_per_s_per_core']:,}", f"{full['chars_per_cpu_s'] or 0:,}",
                     f"{full['articles_per_s']}", f"{full['peak_rss_mb_sampled_main']}",
                     f"{full['rss_mb_main_after_processing']}", f"{full['peak_rss_mb_sampled_other_max']}",
                     f"{e.get('speedup', '')}", f"{e['refresh_unchanged']['fraction_of_full_run']:.3f}",
                     f"{e['refresh_appended']['fraction_of_full_run']:.3f}")
    console.print(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="outputs/bench.json")
    parser.add_argument("--seeds", default=str(ROOT / "corpora" / "seeds"))
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated corpus sizes (articles)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--stage-articles", type=int, default=200, help="articles for the in-process stage timings")
    parser.add_argument("--max-run-seconds", type=float, default=900, help="skip a size predicted to take longer")
    parser.add_argument("--speedup-max-articles", type=int, default=10_000,
                        help="also run --jobs 1 at sizes up to this many articles (the speed-up)")
    parser.add_argument("--work", help="scratch directory (default: a temporary one, removed)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    seeds_dir = Path(args.seeds)
    seeds = seed_texts(seeds_dir)
    work = Path(args.work or tempfile.mkdtemp(prefix="newsfacts-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        rng = random.Random(1)
        sample = [variant(seeds[i % len(seeds)], rng) for i in range(args.stage_articles)]
        print("bench: stages ...", file=sys.stderr)
        stages = {"ingestion (read+decode)": bench_ingestion(seeds_dir, work)}
        timed, docs = bench_stages(sample)
        stages.update(timed)
        stages["pipeline, one article of ~1 MB"] = bench_long_article(seeds)
        print("bench: baselines ...", file=sys.stderr)
        baselines = bench_baselines([d.text for d in docs])
        ours = stages["pipeline (ingest..indicators)"]["chars_per_s"]
        for r in baselines.values():
            if "chars_per_s" in r:
                r["ours_over_theirs"] = round(ours / r["chars_per_s"], 3)
        batch = bench_batch(seeds, sizes, args.jobs, work, args.max_run_seconds, args.speedup_max_articles)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None},
        "jobs": args.jobs, "sizes": sizes, "targets": TARGETS,
        "stages": stages, "baselines": baselines, "batch": batch,
        "seconds": round(time.perf_counter() - started, 1),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print_report(report)
    print(f"bench: {report['seconds']} s, report in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
