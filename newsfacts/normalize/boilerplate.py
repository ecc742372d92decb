"""Site furniture that is not article text: breadcrumbs, disclaimers, comment boxes."""
from __future__ import annotations

import re
from functools import lru_cache

from ..patterns import load_yaml


@lru_cache(maxsize=1)
def _compiled():
    rules = load_yaml("layout.yaml")
    drop = re.compile("|".join(f"(?:{p})" for p in rules["drop_line_patterns"]))
    tail = re.compile(r"^\W*(?:" + "|".join(map(re.escape, rules["tail_markers"])) + ")")
    return drop, tail, rules["tail_min_position"]


def is_boilerplate_line(line: str) -> bool:
    return bool(_compiled()[0].search(line.strip()))


def drop_boilerplate(text: str) -> str:
    drop, tail, min_position = _compiled()
    kept: list[str] = []
    position = 0
    for line in text.split("\n"):
        position += len(line) + 1
        if tail.search(line) and position >= min_position * len(text):
            break
        if not drop.search(line.strip()):
            kept.append(line)
    return "\n".join(kept).strip()
