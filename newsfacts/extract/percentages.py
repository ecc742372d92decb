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
    clause_bounds, find_numbers, keyword_regex, keyword_text, nearest_before,
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
        self.regex = keyword_regex(self.direction_of)
        adjacent = sorted(self.adjacent, key=lambda w: (-len(w), w))
        # 高24.8个百分点, 低了2个百分点: a comparative right before the figure
        self.adjacent_regex = re.compile("(?:" + "|".join(map(re.escape, adjacent)) + ")了?$")


@lru_cache(maxsize=1)
def _metrics() -> _MetricTable:
    return _MetricTable()


def extract(doc: Document) -> list[Percentage]:
    text = doc.text
    t = _metrics()
    out = []
    for m in find_numbers(text):
        if m.kind not in ("percent", "points"):
            continue
        lo, _ = clause_bounds(text, m.start, m.end, back=_BACK)
        keyword = nearest_before(t.regex, text, lo, m.start)
        metric = keyword_text(keyword) if keyword else None
        direction = t.direction_of.get(metric) if metric else None
        adjacent = t.adjacent_regex.search(text, max(lo, m.start - 3), m.start)
        if adjacent:
            direction = t.adjacent[adjacent.group().rstrip("了")]
        if any(w in text[lo:m.start] for w in t.negative_words) or m.value < 0:
            direction = "down"
        out.append(Percentage(
            start=m.start, end=m.end, surface=text[m.start:m.end], value=m.value,
            kind="points" if m.kind == "points" else "percent", qualifier=m.qualifier,
            direction=direction, metric=metric,
        ))
    return out
