"""Traditional -> simplified with OpenCC, only where the text is traditional.

The `t2s` config converts characters and standard phrases only; Taiwan phrase
configs (tw2sp) rewrite mainland vocabulary and are never used.
"""
from __future__ import annotations

import re
from functools import lru_cache

import opencc

TRADITIONAL_SHARE = 0.05  # of CJK characters; above this a paragraph is traditional
MIXED_SHARE = 0.004  # a few traditional characters in simplified text


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that t2s changes: the evidence of traditional script."""
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    return frozenset(a for a, b in zip(chars, converted) if a != b)


_NOT_CJK = re.compile("[^\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _traditional_pattern() -> re.Pattern:
    # One character class: counting its matches runs in C, not a Python loop per character.
    return re.compile("[" + "".join(sorted(_traditional_chars())) + "]")


def traditional_share(text: str) -> float:
    traditional = _traditional_pattern()
    if not traditional.search(text):
        return 0.0
    cjk = len(_NOT_CJK.sub("", text))
    return len(traditional.findall(text)) / cjk if cjk else 0.0


def detect_script(text: str) -> str:
    share = traditional_share(text)
    if share >= TRADITIONAL_SHARE:
        return "traditional"
    return "mixed" if share >= MIXED_SHARE else "simplified"


def to_simplified(text: str, script: str) -> str:
    """Convert traditional paragraphs; simplified text passes through untouched."""
    if script == "simplified":
        return text
    if script == "traditional":
        return _converter().convert(text)
    paragraphs = text.split("\n")
    return "\n".join(
        _converter().convert(p) if traditional_share(p) >= TRADITIONAL_SHARE else p for p in paragraphs
    )
