"""The shared number engine: parse_number and find_numbers."""
import pytest

from newsfacts.extract.numbers import find_numbers, parse_number

# parse_number: written number -> value (the dates extractor relies on these).
PARSE = [
    ("25", 25), ("1593.5", 1593.5), ("1,200", 1200), ("１２０", 120), ("１２．５", 12.5),
    ("一千五百", 1500), ("两万亿", 2e12), ("二〇二三", 2023), ("二零二四", 2024), ("3.92万", 39200),
    ("十二", 12), ("十", 10), ("三百零五", 305), ("5千", 5000), ("1.5万亿", 1.5e12),
    ("一千五百万", 1.5e7), ("1亿5000万", 1.5e8), ("两万三千", 23000), ("六", 6), ("三十一", 31),
    ("三点五", 3.5), ("零", 0), ("千亿", 1e11), (" 7 ", 7),
]
PARSE_NONE = ["", "abc", "5G", "十三五x", "约"]

# find_numbers: text -> [(surface, value, kind, unit, qualifier)].
MENTIONS = [
    ("总投资25亿元", [("25亿元", 2.5e9, "money", "元", "exact")]),
    ("进出口60多亿元", [("60多亿元", 6e9, "money", "元", "approx")]),
    ("实现收入近300亿元", [("近300亿元", 3e10, "money", "元", "approx")]),
    ("销售额就突破1500万元", [("1500万元", 1.5e7, "money", "元", "at_least")]),
    ("收入77亿元以上", [("77亿元", 7.7e9, "money", "元", "at_least")]),
    ("3000万美元", [("3000万美元", 3e7, "money", "美元", "exact")]),
    # 数/几 stand for a digit only before a place: 指数 is no number
    ("居民消费价格指数 % 100.4", [("100.4", 100.4, None, None, "exact")]),
    ("数百家企业", [("数百家", 100, "quantity", "家", "approx")]),
    ("HK$5亿", [("HK$5亿", 5e8, "money", None, "exact")]),
    ("30亿至50亿元", [("30亿", 3e9, "money", "元", "exact"), ("50亿元", 5e9, "money", "元", "exact")]),
    ("30至50亿元", [("30", 3e9, "money", "元", "exact"), ("50亿元", 5e9, "money", "元", "exact")]),
    ("3—5个百分点", [("3", 3, "points", "个百分点", "exact"), ("5个百分点", 5, "points", "个百分点", "exact")]),
    ("11.7%", [("11.7%", 11.7, "percent", "%", "exact")]),
    ("超五成", [("超五成", 50, "percent", "成", "at_least")]),
    ("三分之一", [("三分之一", 100 / 3, "percent", "分之", "exact")]),
    ("10%左右", [("10%", 10, "percent", "%", "approx")]),
    ("不到5%", [("5%", 5, "percent", "%", "at_most")]),
    ("增长-2.3%", [("-2.3%", -2.3, "percent", "%", "exact")]),
    ("3.92万个", [("3.92万个", 39200, "quantity", "个", "exact")]),
    ("１２０家", [("１２０家", 120, "quantity", "家", "exact")]),
    ("十几万人", [("十几万人", 1e5, "quantity", "人", "approx")]),
    ("约3000平方公里", [("约3000平方公里", 3000, "quantity", "平方公里", "approx")]),
    ("二〇二三年", [("二〇二三年", 2023, "time", "年", "exact")]),
    ("1—5月", [("1", 1, "time", "月", "exact"), ("5月", 5, "time", "月", "exact")]),
    ("3个月", [("3个月", 3, "time", "个月", "exact")]),
    ("增长1.5倍", [("1.5倍", 1.5, "times", "倍", "exact")]),
    ("人口超770万", [("超770万", 7.7e6, None, None, "at_least")]),
    ("两万亿之城", []),  # Chinese numerals without a unit are words, not figures
    ("三至四成", [("三", 30, "percent", "成", "exact"), ("四成", 40, "percent", "成", "exact")]),
    ("第87届", []),
    ("iPhone15发布", []),
    ("新签约亿元以上项目65个", [("亿元", 1e8, "money", "元", "at_least"), ("65个", 65, "quantity", "个", "exact")]),
    ("最近3年", [("3年", 3, "time", "年", "exact")]),
    ("经过四五十道工序", [("四五十道", 40, "quantity", "道", "approx")]),
    ("3家电企业", [("3", 3, None, None, "exact")]),
    ("12成新", [("12", 12, None, None, "exact")]),  # 成 (a tenth) only after one digit
    ("成员单位三成员", []),  # 成员 is not 成 (a tenth)
    # a list's 个 before a figure in 个百分点 is a point too
    ("分别高于全省0.4个、0.7个百分点", [("0.4个", 0.4, "points", "个百分点", "exact"), ("0.7个百分点", 0.7, "points", "个百分点", "exact")]),
    # a Chinese decimal point between numerals; 百分之七 is exactly 7
    ("新设经营主体十二点六万户", [("十二点六万户", 126000, "quantity", "户", "exact")]),
    ("增长百分之七", [("百分之七", 7, "percent", "分之", "exact")]),
    ("重点三个项目", [("三个", 3, "quantity", "个", "exact")]),  # 点 opens no numeral
    # a scraped page's space between a number and its multiplier or unit
    ("同比增长 5.2 %", [("5.2 %", 5.2, "percent", "%", "exact")]),
    ("总投资 7.6 亿元", [("7.6 亿元", 7.6e8, "money", "元", "exact")]),
    ("3495 12.3", [("3495", 3495, None, None, "exact"), ("12.3", 12.3, None, None, "exact")]),
]

# Orders of magnitude without a stated figure are flagged vague.
VAGUE = [("亿元以上", True), ("千亿级", True), ("数十亿元", True), ("上万人", True),
         ("上千万元", True), ("千亿元", False), ("千万元", False), ("百亿元", False), ("25亿元", False)]


@pytest.mark.parametrize("text, value", PARSE)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", PARSE_NONE)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, expected", MENTIONS)
def test_find_numbers(text, expected):
    found = find_numbers(text)
    got = [(text[m.start:m.end], m.value, m.kind, m.unit, m.qualifier) for m in found]
    assert got == [(s, pytest.approx(v, rel=1e-9), k, u, q) for s, v, k, u, q in expected]


# Values written exactly come out exactly (no 7.000000000000001 for 百分之七).
EXACT_VALUES = [("增长百分之七", 7.0), ("增长百分之六点五", 6.5), ("占十分之三", 30.0), ("1122.4亿元", 112240000000.0)]


@pytest.mark.parametrize("text, value", EXACT_VALUES)
def test_exact_values(text, value):
    assert find_numbers(text)[0].value == value


@pytest.mark.parametrize("text, vague", VAGUE)
def test_vague(text, vague):
    (first, *_) = find_numbers(text)
    assert first.vague is vague
