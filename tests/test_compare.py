"""scripts/compare_jionlp.py: JioNLP-shaped results -> our amounts / dates rows (no JioNLP needed)."""
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "compare_jionlp.py"


@pytest.fixture(scope="module")
def compare():
    spec = importlib.util.spec_from_file_location("compare_jionlp", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _money(text, surface, num, case="元", definition="accurate"):
    start = text.index(surface)
    return {"text": surface, "offset": [start, start + len(surface)], "type": "money",
            "detail": {"num": num, "case": case, "definition": definition}}


def _time(text, surface, kind, span):
    start = text.index(surface)
    return {"text": surface, "offset": [start, start + len(surface)], "type": kind,
            "detail": {"type": kind, "definition": "accurate", "time": span}}


# (sentence, JioNLP entity as extract_money returns it) -> [(surface, value, currency, qualifier)]
MONEY = [
    ("在这里，总投资25亿元的联影智融医疗创新总部基地预计将于2025年正式竣工。",
     ("25亿元", "2500000000.00", "元", "accurate"), [("25亿元", 2.5e9, "CNY", "exact")]),
    ("全市电子信息产业2022年实现主营业务收入近300亿元，同比增长128%。",
     ("近300亿元", "30000000000.00", "元", "blur-"), [("近300亿元", 3e10, "CNY", "at_most")]),
    ("头一年销售额就突破1500万元。",
     ("突破1500万元", "15000000.00", "元", "blur+"), [("突破1500万元", 1.5e7, "CNY", "at_least")]),
    ("吸引超1000万美元投资。",
     ("超1000万美元", "10000000.00", "美元", "blur+"), [("超1000万美元", 1e7, "USD", "at_least")]),
    # A vague span: JioNLP returns [low, high]; the figure written is the lower bound.
    ("主要生产手机射频集成电路芯片，2022年实现进出口60多亿元。",
     ("60多亿元", ["6000000000.00", "7000000000.00"], "元", "blur"), [("60多亿元", 6e9, "CNY", "approx")]),
    # A range is two amounts, as the guidelines count it.
    ("项目计划投资30亿至50亿元。",
     ("30亿至50亿元", ["3000000000.00", "5000000000.00"], "元", "blur"),
     [("30亿", 3e9, "CNY", "exact"), ("50亿元", 5e9, "CNY", "exact")]),
]


@pytest.mark.parametrize("text, entity, expected", MONEY)
def test_money_rows(compare, text, entity, expected):
    rows = compare.money_rows(_money(text, *entity), "a1", text)
    assert [(r["surface"], r["value"], r["currency"], r["qualifier"]) for r in rows] == expected
    for row in rows:
        assert text[row["start"]:row["end"]] == row["surface"]
        assert row["role"] == "other" and row["article_id"] == "a1" and row["surface"] in row["sentence"]


# (sentence, surface, JioNLP type, JioNLP time) -> (start_date, end_date, granularity) or None when dropped
TIMES = [
    ("7月6日，武汉市召开会议。", "7月6日", "time_point", ["2023-07-06 00:00:00", "2023-07-06 23:59:59"],
     ("2023-07-06", "2023-07-06", "day")),
    ("今年上半年，核心区完成工业企业总产值119.2亿元。", "今年上半年", "time_span",
     ["2023-01-01 00:00:00", "2023-06-30 23:59:59"], ("2023-01-01", "2023-06-30", "half")),
    ("一季度，目前排产超15万套。", "一季度", "time_span", ["2024-01-01 00:00:00", "2024-03-31 23:59:59"],
     ("2024-01-01", "2024-03-31", "quarter")),
    ("今年5月，高新技术制造业用电量增长11.7%。", "今年5月", "time_span",
     ["2023-05-01 00:00:00", "2023-05-31 23:59:59"], ("2023-05-01", "2023-05-31", "month")),
    ("2022年实现主营业务收入近300亿元。", "2022年", "time_point", ["2022-01-01 00:00:00", "2022-12-31 23:59:59"],
     ("2022-01-01", "2022-12-31", "year")),
    ("2023年1月至11月累计完成规上工业产值30.98亿元。", "2023年1月至11月", "time_span",
     ["2023-01-01 00:00:00", "2023-11-30 23:59:59"], ("2023-01-01", "2023-11-30", "range")),
    # Open-ended, a duration, a recurrence: no calendar period.
    ("今年以来，全市新签约项目513个。", "今年以来", "time_span", ["2023-01-01 00:00:00", "inf"], None),
    ("过去十年，产业规模翻番。", "十年", "time_delta", {"year": 10.0}, None),
]


@pytest.mark.parametrize("text, surface, kind, span, expected", TIMES)
def test_date_rows(compare, text, surface, kind, span, expected):
    rows = compare.date_rows(_time(text, surface, kind, span), "a1", text, relative=True)
    if expected is None:
        assert rows == []
        return
    [row] = rows
    assert (row["start_date"], row["end_date"], row["granularity"]) == expected
    assert row["surface"] == surface == text[row["start"]:row["end"]]
    assert row["relative"] is True


def test_rows_have_our_table_columns(compare):
    text = "总投资25亿元，7月6日开工。"
    money = compare.money_rows(_money(text, "25亿元", "2500000000.00"), "a1", text)
    dates = compare.date_rows(_time(text, "7月6日", "time_point", ["2023-07-06 00:00:00", "2023-07-06 23:59:59"]),
                              "a1", text)
    assert set(money[0]) == set(compare.table_columns("amounts"))
    assert set(dates[0]) == set(compare.table_columns("dates"))


@pytest.mark.parametrize("published_at, ref_year, expected", [
    ("2023-07-07", 2023, "2023-07-07"),
    (None, 2024, "2024-01-01"),
    (float("nan"), 2024.0, "2024-01-01"),
])
def test_time_base_is_publication_day_else_jan_1_of_ref_year(compare, published_at, ref_year, expected):
    assert compare.time_base(published_at, ref_year).date().isoformat() == expected
