"""Sentence boundaries of the normalised text, for fact provenance and clause windows."""
from __future__ import annotations

import bisect
import re

# A sentence ends at 。！？； (closing quotes stay with it) or at a paragraph break.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』)）]*|\n|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence span containing `offset` (the nearest one before it otherwise)."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return spans[i] if i >= 0 else (0, 0)
