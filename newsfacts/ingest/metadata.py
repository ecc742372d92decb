"""Title, media, publication date and reference year of an article.

Read from the top lines of the normalised text (datelines such as
`时间 2023-07-07 07:43:32 来源:长江日报`, bylines such as `湖北日报全媒记者`).
A value given by the record itself (JSONL/CSV field, HTML meta) always wins.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..facts import Document
from ..patterns import load_yaml

HEADER_LINES = 12
# the century digits first, then the look behind them: a leading lookbehind is tried at every character
_YEAR = re.compile(r"((?:19|20)(?<![\d.]..)\d\d)(?:年|—|-|至|~)")
_ISO_DATE = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")


@lru_cache(maxsize=1)
def _compiled():
    rules = load_yaml("metadata.yaml")
    return {
        "source": [re.compile(p, re.M) for p in rules["source_patterns"]],
        "date": [re.compile(p, re.M) for p in rules["date_patterns"]],
        "header_space": re.compile("|".join(f"(?:{p})" for p in rules["header_space_joins"]), re.M),
        "target": tuple(rules["target_year_prefixes"]),
        "not_title": re.compile(rules["not_title"]),
        "byline": re.compile(rules["byline"]),
        "site_name": re.compile(rules["site_name"]),
        "rules": rules,
    }


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """'2023-07-07T07:43:32+08:00', '2023年7月7日', '2023/7/7' -> '2023-07-07'."""
    if not value:
        return None
    m = _ISO_DATE.search(value)
    return _iso(*m.groups()) if m else None


def find_published_at(header: str) -> str | None:
    for pattern in _compiled()["date"]:
        m = pattern.search(header)
        if m:
            found = _iso(m["y"], m["m"], m["d"])
            if found:
                return found
    return None


def find_media(header: str) -> str | None:
    for pattern in _compiled()["source"]:
        m = pattern.search(header)
        if m:
            return m["media"]
    return None


def _title_like(line: str, rules: dict) -> bool:
    compiled = _compiled()
    return (
        rules["title_min_chars"] <= len(line) <= rules["title_max_chars"]
        and not compiled["not_title"].search(line)
        and not compiled["byline"].search(line)
        and not compiled["site_name"].match(line)
        and not find_media(line)
        and not find_published_at(line)
    )


def find_title(lines: list[str], is_boilerplate) -> str | None:
    """A short unpunctuated line near the top, else the first Markdown heading."""
    rules = _compiled()["rules"]
    for line in lines[: rules["title_search_lines"]]:
        line = line.strip().lstrip("#").strip()
        if len(line) > rules["title_max_chars"]:
            break  # the body has begun: a title never follows the lead paragraph
        if line and not is_boilerplate(line) and _title_like(line, rules):
            return line
    for line in lines:
        if line.startswith("#") and _title_like(line.lstrip("#").strip(), rules):
            return line.lstrip("#").strip()
    return None


def infer_ref_year(text: str) -> int | None:
    """The latest year the text reports as present or past (targets like 到2026年 do not count)."""
    target_prefixes = _compiled()["target"]
    years = []
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 4): m.start()]
        if any(before.endswith(p) for p in target_prefixes):
            continue
        years.append(int(m.group(1)))
    plausible = [y for y in years if 1990 <= y <= date.today().year + 1]
    return max(plausible) if plausible else None


def read_metadata(doc: Document, given: dict[str, str], is_boilerplate) -> None:
    """Fill doc.title/media/published_at/ref_year from `given` fields, else from the text."""
    lines = [line for line in doc.text.split("\n") if line.strip()]
    header = _compiled()["header_space"].sub("", "\n".join(line.strip() for line in lines[:HEADER_LINES]))
    doc.title = given.get("title") or doc.title or find_title(lines, is_boilerplate)
    doc.media = given.get("media") or doc.media or find_media(header)
    doc.url = given.get("url") or doc.url
    doc.published_at = normalise_date(given.get("published_at")) or normalise_date(doc.published_at) or find_published_at(header)
    doc.ref_year = int(doc.published_at[:4]) if doc.published_at else infer_ref_year(doc.text)
