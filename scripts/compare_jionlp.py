"""JioNLP's money and time extraction next to ours on the seed articles (`make compare`).

Runs the newsfacts pipeline over the seeds, then JioNLP (`jio.ner.extract_money`,
`jio.ner.extract_time`) over the SAME normalised texts, converts JioNLP's results
into our `amounts` / `dates` tables, scores both output directories with
../shared/eval/score.py and prints P/R/F1 side by side with the speed of each.

    .venv/bin/python scripts/compare_jionlp.py --seeds ../shared/seeds \
        --gold ../shared/eval/gold/seeds.jsonl --out outputs/compare

Writes OUT/newsfacts/ (our run), OUT/jionlp/ (JioNLP's facts in our table shape),
OUT/compare.json and OUT/compare.log. Conversion choices, so the scores can be judged:

- relative dates resolve against the article's publication date, else Jan 1 of its
  ref_year (what our dates extractor uses as the reference);
- a money range (30亿至50亿元) becomes two amounts, as the guidelines count it; a
  vague span (60多亿元, 数十亿元) one amount at its lower bound, qualifier `approx`;
- time_delta (十年), time_period (每周五) and open-ended spans (今年以来 -> inf) are
  not calendar periods and are dropped; `relative` is whether JioNLP's answer
  changes when its time base moves by a year;
- JioNLP has no role classifier (role = `other`), no percentage, enterprise or
  indicator extractor: those tables are written empty and reported as not provided.
"""
from __future__ import annotations

import argparse
import calendar
import contextlib
import dataclasses
import importlib.util
import io
import json
import logging
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacts.extract.sentences import sentence_at, split_sentences  # noqa: E402
from newsfacts.facts import FACT_TABLES  # noqa: E402
from newsfacts.patterns import load_yaml  # noqa: E402

log = logging.getLogger("compare_jionlp")

SCORED_TYPES = ("amounts", "dates", "percentages")
JIONLP_TABLES = ("amounts", "dates")  # what JioNLP provides; the other scored tables are written empty
EMPTY_TABLES = ("percentages", "enterprises", "indicators")

# JioNLP's definition of an amount -> our qualifier (blur- covers 近/不到/以下, blur+ 超/逾/以上).
QUALIFIERS = {"accurate": "exact", "blur": "approx", "blur-": "at_most", "blur+": "at_least"}

# Currency names JioNLP can return (rule_pattern.CURRENCY_CASE, after its own aliasing)
# that patterns/amounts.yaml does not list.
EXTRA_CURRENCIES = {"澳门元": "MOP", "新西兰元": "NZD", "缅元": "MMK", "马元": "MYR", "泰铢": "THB",
                    "马克": "DEM", "法郎": "FRF", "美刀": "USD"}

# What JioNLP's money parser accepts between the two ends of a range (money_parser first/second_*_span_pattern).
RANGE_SEPARATOR = re.compile(r"(?<![达不])到|至(?!少)|[-~—－～]+")


# --- conversion of JioNLP results into our tables (pure: the test calls these) ---

def currency_code(case: str | None) -> str:
    """JioNLP's currency word (元, 美元, 港元...) -> ISO 4217 code; unknown words are kept as written."""
    if not case:
        return "CNY"
    units = load_yaml("amounts.yaml")["currency_units"]
    return units.get(case) or EXTRA_CURRENCIES.get(case) or case


def _row(article_id: str, text: str, sentences, start: int, end: int, **columns) -> dict:
    s, e = sentence_at(sentences, start)
    return {"article_id": article_id, "surface": text[start:end], "start": start, "end": end,
            **columns, "sentence": text[s:e]}


def money_rows(entity: dict, article_id: str, text: str, sentences=None) -> list[dict]:
    """One `extract_money(..., with_parsing=True)` entity -> amounts rows (none when it has no value)."""
    detail = entity.get("detail") or {}
    num = detail.get("num")
    start, end = entity["offset"]
    sentences = split_sentences(text) if sentences is None else sentences
    currency = currency_code(detail.get("case"))
    common = {"currency": currency, "role": "other"}

    if isinstance(num, (list, tuple)):
        low, high = (list(num) + [None, None])[:2]
        separator = RANGE_SEPARATOR.search(text, start, end)
        if separator and high is not None and start < separator.start() and separator.end() < end:
            # 30亿至50亿元: two amounts, as the gold counts them.
            return [
                _row(article_id, text, sentences, start, separator.start(), value=float(low), qualifier="exact", **common),
                _row(article_id, text, sentences, separator.end(), end, value=float(high), qualifier="exact", **common),
            ]
        if low is None:
            return []
        # 60多亿元 / 数十亿元: JioNLP gives [6e9, 7e9]; the figure as written is the lower bound.
        return [_row(article_id, text, sentences, start, end, value=float(low), qualifier="approx", **common)]
    if num is None:
        return []
    qualifier = QUALIFIERS.get(detail.get("definition"), "approx")
    return [_row(article_id, text, sentences, start, end, value=float(num), qualifier=qualifier, **common)]


def granularity(start_date: str, end_date: str) -> str:
    """day / month / quarter / half / year from the span itself, else range."""
    a, b = date.fromisoformat(start_date), date.fromisoformat(end_date)
    if a == b:
        return "day"
    if a.day != 1 or a.year != b.year or b.day != calendar.monthrange(b.year, b.month)[1]:
        return "range"
    months = b.month - a.month + 1
    if months == 1:
        return "month"
    if months == 3 and a.month in (1, 4, 7, 10):
        return "quarter"
    if months == 6 and a.month in (1, 7):
        return "half"
    if months == 12:
        return "year"
    return "range"


def pinned_days(detail: dict) -> tuple[str, str] | None:
    """(start_date, end_date) of a time_point / time_span result, or None when it is not a calendar period."""
    if (detail or {}).get("type") not in ("time_point", "time_span"):
        return None  # time_delta (十年), time_period (每周五): no calendar days
    span = detail.get("time")
    if not isinstance(span, (list, tuple)) or len(span) != 2 or not all(isinstance(x, str) for x in span):
        return None
    try:  # 'inf' / '-inf' ends (今年以来, 2020年以前) are open: not pinnable
        first, last = (date.fromisoformat(x[:10]).isoformat() for x in span)
    except ValueError:
        return None
    return (first, last) if first <= last else None


def date_rows(entity: dict, article_id: str, text: str, sentences=None, relative: bool = False) -> list[dict]:
    """One `extract_time(..., with_parsing=True)` entity -> dates rows (none when not pinnable)."""
    days = pinned_days(entity.get("detail"))
    if days is None:
        return []
    start, end = entity["offset"]
    sentences = split_sentences(text) if sentences is None else sentences
    return [_row(article_id, text, sentences, start, end, start_date=days[0], end_date=days[1],
                 granularity=granularity(*days), relative=bool(relative))]


def time_base(published_at, ref_year) -> datetime | None:
    """The reference our dates extractor uses: the publication day, else Jan 1 of ref_year."""
    if isinstance(published_at, str) and published_at[:10]:
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(published_at[:10])
    if ref_year is not None and not pd.isna(ref_year):
        return datetime(int(ref_year), 1, 1)
    return None


def _year_later(base: datetime) -> datetime:
    try:
        return base.replace(year=base.year + 1)
    except ValueError:  # Feb 29
        return base.replace(year=base.year + 1, day=28)


def table_columns(name: str) -> list[str]:
    """Our column order for a fact table (from the fact dataclass, as newsfacts writes it)."""
    return ["article_id", *(f.name for f in dataclasses.fields(FACT_TABLES[name])), "sentence"]


# --- running both systems ---

def import_jionlp():
    with contextlib.redirect_stdout(io.StringIO()):  # JioNLP prints a banner on import
        import jionlp
    return jionlp


def run_newsfacts(seeds: Path, out: Path) -> pd.DataFrame:
    """Our pipeline over the seeds; returns the ok articles with their normalised text."""
    from newsfacts.cli import main as newsfacts_main

    status = newsfacts_main(["extract", str(seeds), "--out", str(out), "--jobs", "1"])
    if status != 0:
        raise SystemExit(f"newsfacts extract failed with status {status}")
    articles = pd.read_parquet(out / "articles.parquet")
    texts = pd.read_parquet(out / "texts.parquet")
    articles = articles[articles["status"] == "ok"][["article_id", "published_at", "ref_year"]]
    return articles.merge(texts, on="article_id", how="inner").sort_values("article_id").reset_index(drop=True)


def run_jionlp(jio, articles: pd.DataFrame) -> tuple[dict[str, list[dict]], dict]:
    """JioNLP money + time over each text; an article whose extraction raises counts as empty."""
    tables: dict[str, list[dict]] = {"amounts": [], "dates": []}
    dropped: Counter = Counter()
    failures: list[dict] = []
    for article in articles.itertuples():
        text, base = article.text, time_base(article.published_at, article.ref_year)
        if base is None:
            log.warning("article %s: no publication date or ref_year; JioNLP resolves against today", article.article_id)
        try:
            money = jio.ner.extract_money(text, with_parsing=True)
            times = jio.ner.extract_time(text, time_base=base, with_parsing=True)
            # The same extraction a year later: an answer that moves needed the reference date.
            later = jio.ner.extract_time(text, time_base=_year_later(base or datetime.now()), with_parsing=True)
        except Exception as exc:  # one article must not stop the comparison
            log.exception("article %s: JioNLP failed; its results count as empty", article.article_id)
            failures.append({"article_id": article.article_id, "error": f"{type(exc).__name__}: {exc}"})
            continue
        sentences = split_sentences(text)
        moved = {tuple(e["offset"]): pinned_days(e.get("detail")) for e in later}
        for entity in money:
            rows = money_rows(entity, article.article_id, text, sentences)
            if not rows:
                dropped["money without a value"] += 1
            tables["amounts"].extend(rows)
        for entity in times:
            days = pinned_days(entity.get("detail"))
            if days is None:
                dropped[f"{entity.get('type')} not pinnable"] += 1
                continue
            relative = moved.get(tuple(entity["offset"]), days) != days
            tables["dates"].extend(date_rows(entity, article.article_id, text, sentences, relative))
    return tables, {"dropped": dict(sorted(dropped.items())), "failures": failures}


def write_table(rows: list[dict], out: Path, name: str) -> None:
    frame = pd.DataFrame(rows, columns=table_columns(name))
    frame.to_parquet(out / f"{name}.parquet", index=False)
    frame.to_csv(out / f"{name}.csv", index=False)


def score(scorer: Path, pred: Path, gold: Path) -> dict:
    done = subprocess.run([sys.executable, str(scorer), "--pred", str(pred), "--gold", str(gold), "--json"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"scoring {pred} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _best_seconds(run, repeats: int) -> float:
    run()  # warm-up: patterns, models and lazy tables load on first use
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def jionlp_speed(jio, articles: pd.DataFrame, repeats: int) -> float:
    """chars/s of extract_money + extract_time over the texts (best of `repeats`)."""
    bases = [time_base(a.published_at, a.ref_year) for a in articles.itertuples()]

    def run():
        for text, base in zip(articles["text"], bases):
            with contextlib.suppress(Exception):
                jio.ner.extract_money(text, with_parsing=True)
                jio.ner.extract_time(text, time_base=base, with_parsing=True)

    return int(articles["text"].str.len().sum()) / _best_seconds(run, repeats)


def newsfacts_speed(articles: pd.DataFrame, repeats: int) -> float:
    """chars/s of our amounts + percentages + dates extractors (the number engine runs inside them)."""
    from newsfacts.extract import numbers
    from newsfacts.facts import Document
    from newsfacts.pipeline import extract, load_stages

    stages = load_stages(("amounts", "percentages", "dates"))
    docs = [Document(article_id=a.article_id, source_file="", text=a.text, published_at=a.published_at
                     if isinstance(a.published_at, str) else None,
                     ref_year=None if pd.isna(a.ref_year) else int(a.ref_year), sentences=split_sentences(a.text))
            for a in articles.itertuples()]

    def run():
        for doc in docs:
            # find_numbers caches per text; clear it so each repeat pays for the number pass as a fresh run does.
            numbers._find.cache_clear()
            doc.facts = {}
            extract(doc, stages)

    return int(articles["text"].str.len().sum()) / _best_seconds(run, repeats)


# --- report ---

def _prf(result: dict | None) -> str:
    if result is None:
        return "not provided"
    return (f"{result['precision']:.3f} {result['recall']:.3f} {result['f1']:.3f}"
            f"  ({result['tp']}/{result['fp']}/{result['fn']})")


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    ours, theirs = report["newsfacts"], report["jionlp"]
    table = Table(title=f"newsfacts vs JioNLP {theirs['version']} on {report['articles']} seed articles "
                        f"({report['chars']} chars)")
    table.add_column("")
    table.add_column("newsfacts  P R F1  (tp/fp/fn)", justify="right")
    table.add_column("JioNLP  P R F1  (tp/fp/fn)", justify="right")
    for kind in SCORED_TYPES:
        table.add_row(kind, _prf(ours["scores"][kind]), _prf(theirs["scores"].get(kind)))

    def share(x):
        return "n/a" if x is None else f"{x:.3f}"

    table.add_row("amount role accuracy", share(ours["role_accuracy"]),
                  share(theirs["role_accuracy"]) + " (all 'other')")
    table.add_row("speed, chars/s", f"{ours['chars_per_s']:,.0f}", f"{theirs['chars_per_s']:,.0f}")
    console = Console()
    if not console.is_terminal:  # piped (make, CI): rich would wrap at 80 columns
        console = Console(width=100)
    console.print(table)
    console.print("speed: JioNLP = extract_money + extract_time; newsfacts = amounts + percentages + dates "
                  f"(number engine included); best of {report['repeats']} after a warm-up, one process.")
    console.print("JioNLP has no percentage extractor (nor enterprises/indicators, nor amount roles): "
                  "percentages not provided.")
    if theirs["dropped"]:
        console.print("JioNLP results dropped as not calendar periods: "
                      + ", ".join(f"{k} {v}" for k, v in theirs["dropped"].items()))
    for failure in theirs["failures"]:
        console.print(f"[red]JioNLP failed on {failure['article_id']}[/red]: {failure['error']} (counted as empty)")


def _scores(result: dict, kinds) -> dict:
    return {k: {m: result[k][m] for m in ("precision", "recall", "f1", "tp", "fp", "fn")} for k in kinds}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "gold" / "seeds.jsonl")
    parser.add_argument("--scorer", type=Path, default=None, help="score.py (default: next to the gold's folder)")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs" / "compare")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per system (best one counts)")
    args = parser.parse_args(argv)

    if importlib.util.find_spec("jionlp") is None:
        print("compare_jionlp: JioNLP is not installed. Get it with:\n"
              "    .venv/bin/pip install -e '.[compare]'\n(or run `make compare`, which does that)", file=sys.stderr)
        return 2
    scorer = args.scorer or args.gold.resolve().parent.parent / "score.py"
    for needed in (args.seeds, args.gold, scorer):
        if not needed.exists():
            print(f"compare_jionlp: {needed} not found", file=sys.stderr)
            return 2

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    log.propagate = False  # newsfacts' CLI points the root logger at its own run's log
    log.setLevel(logging.INFO)
    to_file = logging.FileHandler(out / "compare.log", mode="w", encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s: %(message)s"))
    to_stderr = logging.StreamHandler()
    to_stderr.setLevel(logging.WARNING)
    to_stderr.setFormatter(logging.Formatter("compare_jionlp: %(message)s"))
    log.handlers[:] = [to_file, to_stderr]

    articles = run_newsfacts(args.seeds, out / "newsfacts")
    jio = import_jionlp()
    tables, notes = run_jionlp(jio, articles)
    jionlp_dir = out / "jionlp"
    jionlp_dir.mkdir(parents=True, exist_ok=True)
    for name in JIONLP_TABLES:
        write_table(tables[name], jionlp_dir, name)
    for name in EMPTY_TABLES:
        write_table([], jionlp_dir, name)
    log.info("JioNLP: %d amounts, %d dates; dropped %s; %d failures", len(tables["amounts"]), len(tables["dates"]),
             notes["dropped"], len(notes["failures"]))

    ours, theirs = score(scorer, out / "newsfacts", args.gold), score(scorer, jionlp_dir, args.gold)
    report = {
        "articles": len(articles),
        "chars": int(articles["text"].str.len().sum()),
        "repeats": args.repeats,
        "time_base": {a.article_id: (time_base(a.published_at, a.ref_year) or datetime.now()).date().isoformat()
                      for a in articles.itertuples()},
        "newsfacts": {
            "scores": _scores(ours, SCORED_TYPES),
            "role_accuracy": ours["amounts"]["attributes"].get("role"),
            "chars_per_s": round(newsfacts_speed(articles, args.repeats)),
        },
        "jionlp": {
            "version": getattr(jio, "__version__", "?"),
            "scores": _scores(theirs, JIONLP_TABLES),
            "not_provided": ["percentages", "enterprises", "indicators", "amount roles"],
            "role_accuracy": theirs["amounts"]["attributes"].get("role"),
            "chars_per_s": round(jionlp_speed(jio, articles, args.repeats)),
            **notes,
        },
    }
    (out / "compare.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_report(report)
    print(f"written: {out / 'compare.json'}, {jionlp_dir}/, {out / 'newsfacts'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
