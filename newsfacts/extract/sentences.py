"""Sentence boundaries of the normalised text, for fact provenance and clause windows."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from ..patterns import load_yaml
from .numbers import break_regex, nearest_before

MAX_SENTENCE_CHARS: int = load_yaml("sentences.yaml")["max_sentence_chars"]


@lru_cache(maxsize=1)
def _grammar() -> tuple[re.Pattern, re.Pattern]:
    """patterns/sentences.yaml compiled (on first use: the batch driver imports this module
    for `sentence_at` alone): (a sentence, a place to cut a run-on)."""
    grammar = load_yaml("sentences.yaml")
    ends, closing = re.escape(grammar["sentence_ends"]), re.escape(grammar["closing_marks"])
    sentence = re.compile(f"[^{ends}\\n]*(?:[{ends}]+[{closing}]*|\\n|$)")
    return sentence, break_regex(grammar["run_on_breaks"])


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _grammar()[0].finditer(text):
        spans.extend(_pieces(text, m.start(), m.end()))
    return spans


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """text[start:end] in pieces of at most MAX_SENTENCE_CHARS, without surrounding whitespace."""
    start, end = _strip(text, start, end)
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        last_break = nearest_before(_grammar()[1], text, start, limit)
        cut = last_break.end() if last_break else limit
        piece = _strip(text, start, cut)
        if piece[1] > piece[0]:
            yield piece
        start, end = _strip(text, cut, end)
    if end > start:
        yield start, end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence span containing `offset` (the nearest one before it otherwise)."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return spans[i] if i >= 0 else (0, 0)
