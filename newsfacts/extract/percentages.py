"""Percentages: 46%, 12.84％, 百分之三十五, 3.2个百分点 (kind points), 超四成 -> 40,
三分之一 -> 33.33..., 10%—20% (two facts).

Reads the figures of the shared number engine (`find_numbers`) and keeps the
percent and point ones. `direction` and `metric` come from the keyword nearest
before the figure in its clause (同比增长 -> up, 下降 -> down, 占比 / 比重 -> no
direction), or from a comparative right before it (高24.8个百分点). Keywords are
data in patterns/percentages.yaml. 翻倍 / 增长1.5倍 are multiples, not percentages;
过半 and 半数 are left out (optional at most in the gold).
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsfacts.extract.numbers import (
    clause_bounds, find_numbers, keyword_regex, keyword_text, nearest_before, sentence_bounds,
)
from newsfacts.facts import Document, Percentage
from newsfacts.patterns import load_yaml

_BACK = 30  # how far back in its clause a metric keyword may stand


class _MetricTable:
    def __init__(self) -> None:
        data = load_yaml("percentages.yaml")
        self.direction_of = dict(data["metrics"])
        self.adjacent = dict(data["adjacent_directions"])
        self.negative_words = list(data["negative_words"])
        self.rate_gap = dict(data["rate_gap_words"])
        self.falling_rates = tuple(data["falling_rate_words"])
        self.rising_rates = tuple(data["rising_rate_words"])
        self.bounds = frozenset(data["bound_words"])
        self.regex = keyword_regex([*self.direction_of, *self.bounds])
        adjacent = sorted(self.adjacent, key=lambda w: (-len(w), w))
        # 高24.8个百分点, 低了2个百分点: a comparative right before the figure
        self.adjacent_regex = re.compile("(?:" + "|".join(map(re.escape, adjacent)) + ")了?$")


@lru_cache(maxsize=1)
def _metrics() -> _MetricTable:
    return _MetricTable()


def extract(doc: Document) -> list[Percentage]:
    text = doc.text
    t = _metrics()
    out: list[Percentage] = []
    for m in find_numbers(text):
        if m.kind not in ("percent", "points"):
            continue
        lo, _ = clause_bounds(text, m.start, m.end, back=_BACK)
        keyword = nearest_before(t.regex, text, lo, m.start)
        if keyword and keyword_text(keyword) in t.bounds:  # 比例不低于60%: the metric is before the bound
            keyword = nearest_before(t.regex, text, lo, keyword.start())
        metric = keyword_text(keyword) if keyword else None
        direction = t.direction_of.get(metric) if metric else None
        adjacent = t.adjacent_regex.search(text, max(lo, m.start - 3), m.start)
        if adjacent:
            direction = t.adjacent[adjacent.group().rstrip("了")]
        elif metric in t.rate_gap:
            direction = _gap_direction(t, text, lo, keyword.start(), t.rate_gap[metric], out[-1:]) or direction
        if any(w in text[lo:m.start] for w in t.negative_words) or m.value < 0:
            direction = "down"
        out.append(Percentage(
            start=m.start, end=m.end, surface=text[m.start:m.end], value=m.value,
            kind="points" if m.kind == "points" else "percent", qualifier=m.qualifier,
            direction=direction, metric=metric,
        ))
    return out


def _gap_direction(t: _MetricTable, text: str, lo: int, at: int, gap: str,
                   before: list[Percentage]) -> str | None:
    """Which way a rate moved when its size narrowed or widened (降幅收窄 -> up); None
    when nothing says whether the rate was a rise or a fall."""
    clause = text[lo:at]
    if any(w in clause for w in t.falling_rates):
        falling = True
    elif any(w in clause for w in t.rising_rates):
        falling = False
    elif before and before[0].direction and before[0].end > sentence_bounds(text, at, at)[0]:
        falling = before[0].direction == "down"  # 下降2.1%，比1-9月收窄0.6个百分点
    else:
        return None
    return "up" if falling == (gap == "narrower") else "down"
