"""Strip pinyin reading annotations that a scraped site put after characters.

The site writes `產(chǎn)業(yè)`: one syllable in parentheses right after the
character it reads. Only that shape is removed; real parenthesised content —
`(山东)`, `(RTP)`, `(以下简称“嘉仪通”)`, English words — stays.

A syllable with a tone mark is unmistakable. A toneless one (`的(de)`) looks
like an English fragment, so it is removed only when it is a pinyin syllable
and a reading of the character before it.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Letters that occur in pinyin with tone marks (pypinyin's own alphabet).
TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
SYLLABLE_LETTERS = "a-z" + TONE_LETTERS

_ANNOTATION = regex.compile(
    rf"(?<=\p{{Han}})[(（]([{SYLLABLE_LETTERS}]{{1,6}})[)）]"
)


_TONELESS = str.maketrans(
    {ch: ("ü" if ch in "ǖǘǚǜ" else unicodedata.normalize("NFD", ch)[0]) for ch in TONE_LETTERS if ch != "ü"}
)


def _plain(syllable: str) -> str:
    """`chǎn` -> `chan`, `lǜ` -> `lü` (ü stays: it distinguishes lü from lu)."""
    return syllable.translate(_TONELESS)


@lru_cache(maxsize=1)
def _readings() -> dict[str, frozenset[str]]:
    """Character -> toneless readings, from pypinyin's character table."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {
        chr(code): frozenset(_plain(r) for r in readings.split(","))
        for code, readings in pinyin_dict.items()
    }


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (`chan`, `lü`, …)."""
    return frozenset(s for readings in _readings().values() for s in readings)


def is_syllable(token: str) -> bool:
    """One pinyin syllable, toned or not (`chǎn`, `de`); not `abc`, not `RTP`."""
    return _plain(token) in pinyin_syllables()


def has_tone_mark(token: str) -> bool:
    return any(ch in TONE_LETTERS and ch != "ü" for ch in token)


@lru_cache(maxsize=65536)  # a damaged article repeats the same few hundred annotations
def _is_annotation(char: str, syllable: str) -> bool:
    if not is_syllable(syllable):
        return False
    if has_tone_mark(syllable):
        return True
    return _plain(syllable) in _readings().get(char, ())


def strip_pinyin(text: str) -> str:
    """Remove `(pinyin)` annotations that follow a Chinese character."""
    if "(" not in text and "（" not in text:
        return text

    def replace(match: regex.Match) -> str:
        char = text[match.start() - 1]
        return "" if _is_annotation(char, match.group(1)) else match.group(0)

    return _ANNOTATION.sub(replace, text)
