"""Monetary amounts: 25亿元, 近300亿元, 60多亿元, 30亿至50亿元, 3000万美元, US$5亿.

Reads the figures of the shared number engine (`find_numbers`) and keeps the
money ones: a currency word or symbol (元, 美元, 港元, ¥, HK$ ...), or 万/亿 right
after a money keyword (总投资100亿). The role (investment, revenue, output_value,
fund_size, trade, sales, profit, other) is the one of the keyword nearest the
figure in its clause: looking back first, then forward (500亿元产值); longer
keywords win where they overlap (营业收入规模 -> revenue, 产业投资基金 ->
fund_size). Keywords are data in patterns/amounts.yaml.

Orders of magnitude without a figure (亿元以上项目, 过亿元, 千亿级) are optional
in the gold and left out unless `include_vague=True`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsfacts.extract.numbers import (
    NumberMention, clause_bounds, find_numbers, keyword_regex, keyword_text, nearest_before,
    sentence_bounds, strip_pinyin,
)
from newsfacts.facts import Amount, Document
from newsfacts.patterns import load_yaml

ROLES = ("investment", "revenue", "output_value", "fund_size", "trade", "sales", "profit", "other")
_AFTER_MAX_GAP = 6  # 30亿元产业投资基金: a keyword after the figure, within this many characters
_SENTENCE_BACK = 60  # how far back in its sentence a keyword of an earlier clause may stand


class _RoleTable:
    def __init__(self) -> None:
        data = load_yaml("amounts.yaml")
        self.role_of = {w: role for role, words in data["roles"].items() for w in words}
        self.scale_words = set(data["scale_words"])
        self.fund_word = data["fund_context_word"]
        self.bare_excluded = set(data["bare_excluded"])
        self.bare_max_gap = int(data["bare_max_gap"])
        self.regex = keyword_regex(self.role_of)


@lru_cache(maxsize=1)
def _roles() -> _RoleTable:
    return _RoleTable()


def _keyword_near(text: str, m: NumberMention, t: _RoleTable) -> tuple[re.Match | None, int]:
    """The role keyword nearest the figure and its distance: back in its clause, then
    forward in its clause (500亿元产值), then back in earlier clauses of its sentence
    (出口额增长20%，达到8000万美元)."""
    lo, hi = clause_bounds(text, m.start, m.end)
    before = nearest_before(t.regex, text, lo, m.start)
    if before is not None:
        return before, m.start - before.end()
    after = t.regex.search(text, m.end, hi)
    if after is not None:
        gap = len(strip_pinyin(text[m.end:after.start()]))
        if gap <= _AFTER_MAX_GAP:
            return after, gap
    sentence_start, _ = sentence_bounds(text, m.start, m.end, back=_SENTENCE_BACK)
    earlier = nearest_before(t.regex, text, sentence_start, lo)
    if earlier is not None:
        return earlier, m.start - earlier.end()
    return None, -1


def _role(text: str, m: NumberMention, keyword: re.Match | None, t: _RoleTable) -> str:
    if keyword is None:
        return "other"
    word = keyword_text(keyword)
    if word in t.scale_words:
        lo, hi = sentence_bounds(text, m.start, m.end)
        return "fund_size" if t.fund_word in text[lo:hi] else "output_value"
    return t.role_of[word]


def _is_bare_money(text: str, m: NumberMention, keyword: re.Match | None, gap: int, t: _RoleTable) -> bool:
    """总投资100亿, 营收3000万: 万/亿 without a currency word, right after a money keyword."""
    if m.kind is not None or m.chinese or m.vague or m.multiplier not in ("万", "亿", "万亿", "千万", "百万"):
        return False
    if keyword is None or keyword_text(keyword) in t.bare_excluded:
        return False
    if keyword.start() >= m.end:  # keyword after the figure: 100亿产值
        return gap == 0
    return gap <= t.bare_max_gap


def extract(doc: Document, include_vague: bool = False) -> list[Amount]:
    text = doc.text
    t = _roles()
    amounts = []
    for m in find_numbers(text):
        if m.kind == "money":
            if m.vague and not include_vague:
                continue
            if m.chinese and not m.multiplier and abs(m.value) < 10:
                continue  # 二元结构, 一元复始: words, not prices
            keyword, _ = _keyword_near(text, m, t)
        elif m.kind is None and m.multiplier:
            keyword, gap = _keyword_near(text, m, t)
            if not _is_bare_money(text, m, keyword, gap, t):
                continue
        else:
            continue
        amounts.append(Amount(
            start=m.start, end=m.end, surface=text[m.start:m.end], value=m.value,
            currency=m.currency or "CNY", qualifier=m.qualifier, role=_role(text, m, keyword, t),
        ))
    return amounts
