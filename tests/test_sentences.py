"""Sentence and clause spans: where facts get their `sentence`, the extractors and the linker
their windows."""
import pytest

from newsfacts.extract.numbers import clause_bounds
from newsfacts.extract.sentences import MAX_SENTENCE_CHARS, sentence_at, split_sentences
from newsfacts.link.rules import clause_span

LIMIT = MAX_SENTENCE_CHARS

# text -> the sentences, as text
NEWS = [
    ("1—5月，全市规上工业增加值增长5.2%。投资增长8%！", ["1—5月，全市规上工业增加值增长5.2%。", "投资增长8%！"]),
    ("他说：“项目年内竣工。”随后离开。", ["他说：“项目年内竣工。”", "随后离开。"]),
    ("标题\n  正文第一句；第二句\n\n", ["标题", "正文第一句；", "第二句"]),
    ("", []),
    ("   \n\n", []),
]

# Run-ons (a table dumped as text, line breaks lost): cut after the last clause break within
# the limit, else at the limit. Rows: text -> lengths of the pieces.
RUN_ONS = [
    ("投资5亿元，" * 300, [996, 804]),  # 6 characters a clause: 166 clauses fit
    ("字" * (2 * LIMIT + 500), [LIMIT, LIMIT, 500]),  # no break at all
    ("字" * LIMIT, [LIMIT]),  # exactly at the limit: one sentence
    ("字" * (LIMIT - 1) + "，" + "字" * 10, [LIMIT, 10]),  # the break is the limit's last character
    ("字" * 10 + "，" + " " * 5 + "字" * LIMIT + "。", [11, LIMIT, 1]),  # spaces after a cut are no sentence
    ("、".join(["企业"] * 600), [999, 800]),  # an enumeration: cut after a 、
    ("投资1,200万元" * 150, [LIMIT, 350]),  # no cut inside 1,200: at the limit, none better
    ("字" * 900 + "收入1,234," + "字" * 200, [908, 200]),  # after the comma that ends a clause
]


@pytest.mark.parametrize("text, expected", NEWS)
def test_news_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


@pytest.mark.parametrize("text, lengths", RUN_ONS)
def test_run_on_sentences_are_cut(text, lengths):
    spans = split_sentences(text)
    assert [e - s for s, e in spans] == lengths
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_sentence_at():
    spans = split_sentences("甲乙。丙丁。")
    assert sentence_at(spans, 0) == (0, 3) and sentence_at(spans, 4) == (3, 6)


# The clause around a figure, as the number engine (keyword window) and the linker (names)
# see it: a comma or colon between digits joins a figure (1,200 / 10:30) and ends no clause.
# Rows: text, the figure, its clause.
CLAUSES = [
    ("前三季度，工业投资2,300万元增长15%，占比42%。", "15%", "工业投资2,300万元增长15%"),
    ("前三季度，工业投资2,300万元增长15%，占比42%。", "2,300万元", "工业投资2,300万元增长15%"),
    ("截至10:30全市用电负荷1,234万千瓦。", "1,234万千瓦", "截至10:30全市用电负荷1,234万千瓦"),
    ("用电量增长5%,20家企业投产", "20家", "20家企业投产"),  # after 5% the comma ends a clause
    ("收入1,234,利润5亿元", "5亿元", "利润5亿元"),  # and after a figure's last digit
    ("规上企业1,200家，营业收入增长15%。", "15%", "营业收入增长15%"),
]


@pytest.mark.parametrize("text, figure, clause", CLAUSES)
def test_a_comma_between_digits_ends_no_clause(text, figure, clause):
    start = text.index(figure)
    end = start + len(figure)
    lo, hi = clause_span(text, start, end)
    assert text[lo:hi] == clause
    lo, hi = clause_bounds(text, start, end, back=100, ahead=100)
    assert text[lo:hi] == clause
