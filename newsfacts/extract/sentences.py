"""Sentence boundaries of the normalised text, for fact provenance and clause windows."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .numbers import nearest_before

# A sentence ends at 。！？； (closing quotes stay with it) or at a paragraph break.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』)）]*|\n|$)")
# News sentences run to a few hundred characters. A longer one is a run-on (a table dumped
# as text, line breaks lost in scraping): it is cut after its last clause break within the
# limit, or at the limit. The linker scans a figure's sentence for every figure in it, so an
# uncut 30,000-character "sentence" of figures took 0.5 s, and time grew with its square.
MAX_SENTENCE_CHARS = 1000
# Where a run-on is cut: a clause mark, but not the comma or colon inside 1,200 or 10:30.
_CLAUSE_BREAK = re.compile(r"[，：、]|[,:](?![0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text):
        spans.extend(_pieces(text, m.start(), m.end()))
    return spans


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """text[start:end] in pieces of at most MAX_SENTENCE_CHARS, without surrounding whitespace."""
    start, end = _strip(text, start, end)
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        last_break = nearest_before(_CLAUSE_BREAK, text, start, limit)
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
