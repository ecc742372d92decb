"""End-to-end runs of `newsfacts extract`: the seeds, every bad-input kind, and the written tables."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from newsfacts.cli import main
from newsfacts.write import ARTICLE_COLUMNS

from conftest import SEEDS

GOOD = "今年1—5月，武汉规模以上工业增加值同比增长5.2%，总投资25亿元的联影智融医疗创新总部基地预计将于2025年竣工。"

SEED_ARTICLES = [
    # article_id, script, title, media, published_at, ref_year
    ("000_d978068befffe60c", "simplified", "产业集群强强联合，产业链缺啥补啥，上半年武汉以创新“拼”出竞争力", "长江日报", "2023-07-07", 2023),
    ("001_09e9047036f36d2b", "traditional", "地方新兴产业集群加速融入全球产业链", "新华社客户端", "2024-01-22", 2024),
    ("002_189f47e7746d4e2b", "traditional", None, "湖北日报", None, 2024),
    ("003_41db2e3e070d3103", "simplified", "以工业高质量发展为主线，全面提升产业、企业、数字经济发展能级—— “两万亿之城”武汉力挺中部崛起", None, None, 2024),
    ("004_63fdc23053240158", "simplified", '集中"关键"力量打通"关键"点', None, None, 2024),
]


@pytest.mark.parametrize("article_id,script,title,media,published_at,ref_year", SEED_ARTICLES)
def test_seed_articles_metadata(seed_run, article_id, script, title, media, published_at, ref_year):
    articles = pd.read_parquet(seed_run / "articles.parquet").set_index("article_id")
    row = articles.loc[article_id]
    assert row["status"] == "ok" and pd.isna(row["error"])
    assert (row["script"], row["title"] if pd.notna(row["title"]) else None) == (script, title)
    assert (row["media"] if pd.notna(row["media"]) else None) == media
    assert (row["published_at"] if pd.notna(row["published_at"]) else None) == published_at
    assert row["ref_year"] == ref_year


def test_every_table_is_written_with_its_columns(seed_run):
    for name in ["articles", "enterprises", "amounts", "percentages", "dates", "locations", "indicators"]:
        parquet = pd.read_parquet(seed_run / f"{name}.parquet")
        csv = pd.read_csv(seed_run / f"{name}.csv", dtype={"article_id": str})
        assert list(parquet.columns) == list(csv.columns)
        assert len(parquet) == len(csv)
        if name == "articles":
            assert list(parquet.columns) == ARTICLE_COLUMNS
        else:
            assert {"article_id", "surface", "start", "end", "sentence"} <= set(parquet.columns)
    texts = pd.read_parquet(seed_run / "texts.parquet")
    assert sorted(texts["article_id"]) == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_every_fact_points_into_the_normalised_text(seed_run):
    texts = pd.read_parquet(seed_run / "texts.parquet").set_index("article_id")["text"]
    for name in ["enterprises", "amounts", "percentages", "dates", "locations", "quantities", "indicators"]:
        facts = pd.read_parquet(seed_run / f"{name}.parquet")
        for row in facts.itertuples():
            text = texts[row.article_id]
            assert text[row.start:row.end] == row.surface, (name, row)
            assert row.surface in row.sentence and row.sentence in text


def _write_bad_inputs(root):
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "good_gbk.txt").write_bytes(GOOD.encode("gbk"))
    (root / "empty.txt").write_bytes(b"")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "undecodable.txt").write_bytes(bytes([0x80, 0xFF, 0xFE, 0x81]) * 300)
    with (root / "huge.txt").open("wb") as fh:
        fh.write(GOOD.encode("utf-8"))
        fh.truncate(20 * 1024 * 1024)
    (root / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": GOOD, "published_at": "2024-06-30"}, ensure_ascii=False) + "\n{\"id\": \"j2\", broken\n",
        encoding="utf-8",
    )


BAD_KINDS = [
    ("empty", "empty input"),
    ("image", "binary"),
    ("undecodable", "undecodable"),
    ("huge", "too large"),
    ("feed.jsonl#2", "malformed JSONL line 2"),
]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("inputs")
    out = tmp_path_factory.mktemp("out")
    _write_bad_inputs(root)
    code = main(["extract", str(root), "--out", str(out), "--jobs", "1"])
    return code, pd.read_parquet(out / "articles.parquet").set_index("article_id"), out


@pytest.mark.parametrize("article_id,error", BAD_KINDS)
def test_bad_input_is_rejected_with_a_clear_error(bad_run, article_id, error):
    code, articles, out = bad_run
    matches = [i for i in articles.index if i == article_id]  # ids relative to the input root
    assert len(matches) == 1, articles.index.tolist()
    row = articles.loc[matches[0]]
    assert row["status"] == "rejected" and error in row["error"]
    assert error in (out / "newsfacts.log").read_text(encoding="utf-8")


def test_good_articles_survive_a_bad_batch(bad_run):
    code, articles, _ = bad_run
    assert code == 0
    ok = articles[articles["status"] == "ok"]
    assert sorted(ok.index) == ["good", "good_gbk", "j1"]
    assert articles.loc["j1", "published_at"] == "2024-06-30" and articles.loc["j1", "ref_year"] == 2024


def test_nothing_processable_exits_non_zero(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1


def test_outputs_leave_no_temporary_files(bad_run):
    *_, out = bad_run
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def _csv_tables(out):
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def test_refresh_of_unchanged_seeds_reuses_every_article(seed_run, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(seed_run, out)
    capsys.readouterr()
    assert main(["extract", str(SEEDS), "--out", str(out), "--jobs", "1", "--incremental"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert _csv_tables(out) == _csv_tables(seed_run)


@pytest.mark.slow
def test_worker_processes_write_the_same_tables(seed_run, tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(SEEDS), "--out", str(out), "--jobs", "2", "--chunk-size", "2"]) == 0
    assert _csv_tables(out) == _csv_tables(seed_run)
    for name in ["texts", "indicators"]:
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), pd.read_parquet(seed_run / f"{name}.parquet"))
