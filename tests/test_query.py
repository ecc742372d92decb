"""`newsfacts query` and `newsfacts.load` over a real run of the seeds."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import newsfacts
from newsfacts.cli import main


def test_query_cli_groups_indicators_by_city(seed_run, capsys):
    assert main(["query", "SELECT city, count(*) AS n FROM indicators GROUP BY city ORDER BY city", "--out", str(seed_run), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    expected = pd.read_parquet(seed_run / "indicators.parquet").groupby("city").size()
    assert {r["city"]: r["n"] for r in rows} == expected.to_dict()
    assert {"武汉市", "德州市", "孝感市", "滁州市", "天津市"} <= set(expected.index)


@pytest.mark.parametrize("fmt,marker", [("csv", "city,indicator"), ("markdown", "| city | indicator |"), ("table", "| city | indicator |")])
def test_query_formats(seed_run, capsys, fmt, marker):
    sql = "SELECT city, indicator FROM indicators WHERE growth_pct IS NOT NULL ORDER BY city LIMIT 3"
    assert main(["query", sql, "--out", str(seed_run), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out.startswith(marker) and out.count("\n") >= 3


def test_query_views_are_read_only(seed_run, capsys):
    assert main(["query", "DELETE FROM amounts", "--out", str(seed_run)]) == 2
    assert "newsfacts:" in capsys.readouterr().err
    assert len(pd.read_parquet(seed_run / "amounts.parquet")) > 0


def test_query_without_outputs_says_what_to_do(tmp_path, capsys):
    assert main(["query", "SELECT 1", "--out", str(tmp_path)]) == 2
    assert "run `newsfacts extract" in capsys.readouterr().err


def test_load_returns_every_table(seed_run):
    tables = newsfacts.load(seed_run)
    assert {"articles", "enterprises", "amounts", "percentages", "dates", "locations", "indicators"} <= set(tables)
    assert (tables["articles"]["status"] == "ok").all()
