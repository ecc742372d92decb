"""Repair GBK byte-loss mojibake in scraped (traditional) Chinese text.

The damage: a GBK page lost one byte. A `?` stands where it was, and the
double-byte characters after it were decoded one byte out of step until an
ASCII byte put the decoder back in step:

    。”夏齊勇   a1a3 a1b1 cfc4 fd52 d3c2     (truth)
    ?!毕凝R勇   -- a3a1 b1cf c4fd 52 d3c2   (lost a1; ！ NFKC'd to !; R realigns)

Sometimes junk `pinyin)` fragments sit after the `?` (`當?shù)赝苿赢a`), and
sometimes a whole character was lost and only its reading survives
(`日?qǐng)?bào)` for `日報`).

For every `?` we build candidates — re-read the following run one byte later
with each possible lost lead byte, or a character with the surviving reading,
or leave the text alone — and score each with a unigram word model (jieba's
dictionary, best segmentation, after OpenCC t2s) over a small window. A repair
is applied only when it clearly beats leaving the text alone; a real question
mark (`原因何在?張驪直言`) loses that contest. Spans that look damaged but
cannot be decided are left as they are and counted.

Runs before `strip_pinyin` and script conversion: it needs the raw byte shape
and the annotations.
"""
from __future__ import annotations

import logging
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import regex

from newsfacts.patterns import load_yaml

from .pinyin import SYLLABLE_LETTERS, has_tone_mark, is_syllable, strip_pinyin

_JUNK_FRAGMENT = regex.compile(rf"([{SYLLABLE_LETTERS}]{{1,6}})\)")
_HAN = regex.compile(r"\p{Han}")
_LEAD_BYTES = range(0x81, 0xFF)


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class _Model:
    freq: dict[str, int]  # jieba's word -> count (prefixes of words have count 0)
    log_total: float
    to_simplified: Callable[[str], str]
    chars_by_reading: dict[str, tuple[str, ...]]  # "bào" -> ("報", "报", "暴", ...)
    settings: dict


@lru_cache(maxsize=1)
def _model() -> _Model:
    import jieba
    import opencc
    from pypinyin.pinyin_dict import pinyin_dict

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    by_reading: dict[str, list[str]] = {}
    for code, readings in pinyin_dict.items():
        char = chr(code)
        if not _is_gbk_double(char):
            continue
        for reading in readings.split(","):
            by_reading.setdefault(reading, []).append(char)
    return _Model(
        freq=jieba.dt.FREQ,
        log_total=math.log(jieba.dt.total),
        to_simplified=opencc.OpenCC("t2s").convert,
        chars_by_reading={k: tuple(v) for k, v in by_reading.items()},
        settings=load_yaml("mojibake.yaml"),
    )


def _is_gbk_double(char: str) -> bool:
    try:
        return len(char.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


# --------------------------------------------------------------------------- bytes


@lru_cache(maxsize=1)
def _fullwidth_bytes() -> dict[str, tuple[bytes, ...]]:
    """ASCII (or other) character -> GBK bytes of the full-width forms NFKC folded into it."""
    folded: dict[str, list[bytes]] = {}
    for char in ["\u3000", *map(chr, range(0xFF01, 0xFFEF))]:
        plain = unicodedata.normalize("NFKC", char)
        if plain != char and len(plain) == 1:
            try:
                folded.setdefault(plain, []).append(char.encode("gbk"))
            except UnicodeEncodeError:
                pass
    return {k: tuple(v) for k, v in folded.items()}


@lru_cache(maxsize=8192)
def _byte_options(char: str) -> tuple[bytes, ...]:
    """The GBK bytes a character of the damaged text may have come from.

    An ASCII letter may be a genuine single byte (the realigning trail byte) or
    a full-width letter folded by NFKC; ASCII punctuation below 0x40 can only be
    folded full-width punctuation inside a shifted run (a genuine one cannot
    follow a dangling lead byte). Private-use characters are the user-defined
    GBK areas, which gb18030 maps back to their bytes.
    """
    code = ord(char)
    if code < 0x80:
        folded = _fullwidth_bytes().get(char, ())
        return ((char.encode("ascii"),) + folded) if 0x40 <= code <= 0x7E else folded
    for codec in ("gbk", "gb18030"):
        try:
            encoded = char.encode(codec)
        except UnicodeEncodeError:
            continue
        return (encoded,) if len(encoded) == 2 else ()
    return ()


def _is_trail(byte: int) -> bool:
    return 0x40 <= byte <= 0xFE and byte != 0x7F


@lru_cache(maxsize=65536)
def _decode_pair(pair: bytes) -> str | None:
    """Decode one double-byte GBK character; user-defined areas come back as private use."""
    for codec in ("gbk", "gb18030"):
        try:
            return pair.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


@lru_cache(maxsize=256)
def _lost_lead_chars(trail: int) -> tuple[str, ...]:
    """Every character whose lead byte was lost and whose trail byte is `trail`."""
    chars = []
    for lead in _LEAD_BYTES:
        try:
            chars.append(bytes((lead, trail)).decode("gbk"))
        except UnicodeDecodeError:
            pass
    return tuple(chars)


@dataclass(frozen=True, slots=True)
class _Reread:
    consumed: int  # characters of the run covered
    trail: int  # first byte of the run: trail of the lost character
    rest: str  # characters decoded after the lost one, up to realignment


def _rereads(run: str, limit: int = 32) -> list[_Reread]:
    """Ways to read `run` one byte later, each ending where the decoder realigns."""
    found: list[_Reread] = []

    def step(index: int, pending: int, decoded: str, trail: int) -> None:
        if index >= len(run) or len(found) >= limit:
            return
        for option in _byte_options(run[index]):
            if not _is_trail(option[0]):
                continue
            char = _decode_pair(bytes((pending, option[0]))) if pending >= 0 else ""
            if char is None:
                continue
            first_trail = option[0] if pending < 0 else trail
            tail = option[1:]
            if not tail:
                found.append(_Reread(index + 1, first_trail, decoded + char))
            elif tail[0] < 0x80:  # a standalone ASCII byte: back in step after it
                found.append(_Reread(index + 1, first_trail, decoded + char + chr(tail[0])))
            else:
                step(index + 1, tail[0], decoded + char, first_trail)

    step(0, -1, "", 0)
    return found


# --------------------------------------------------------------------------- scoring


def _char_cost(char: str, costs: dict) -> float:
    category = unicodedata.category(char)
    if category == "Co" or category == "Cc" or char == "\ufffd":
        return costs["garbage"]
    if category[0] in "PS":
        return costs["punctuation"]
    if category == "Nd":
        return costs["digit"]
    if category[0] == "Z":
        return costs["space"]
    if category[0] == "L" and ord(char) < 0x2E80:  # Latin letters, pinyin letters
        return costs["latin"]
    return costs["unknown_han"]


def _log_prob(text: str, model: _Model) -> float:
    """Best-segmentation log-probability of `text` under jieba's unigram word model."""
    freq, log_total, costs = model.freq, model.log_total, model.settings["costs"]
    n = len(text)
    best = [0.0] + [-math.inf] * n
    for i in range(n):
        here = best[i]
        if here == -math.inf:
            continue
        single = freq.get(text[i])
        cost = math.log(single) - log_total if single else _char_cost(text[i], costs)
        if here + cost > best[i + 1]:
            best[i + 1] = here + cost
        j = i + 2
        while j <= n:
            count = freq.get(text[i:j])
            if count is None:
                break
            if count and here + math.log(count) - log_total > best[j]:
                best[j] = here + math.log(count) - log_total
            j += 1
    return best[n]


# --------------------------------------------------------------------------- spans


@dataclass(slots=True)
class _Candidate:
    end: int  # the candidate replaces text[start:end]
    replacement: str
    kind: str  # "leave" / "shift" / "reading" / "drop"
    score: float = -math.inf


def _junk_fragments(text: str, start: int, limit: int) -> list[tuple[int, int, bool]]:
    """`pinyin)` fragments after the `?` at `start`: (begin, end, preceded by `?`)."""
    fragments: list[tuple[int, int, bool]] = []
    pos, after_mark = start + 1, True
    while len(fragments) < limit:
        match = _JUNK_FRAGMENT.match(text, pos)
        if not match or not is_syllable(match.group(1)):
            break
        if not has_tone_mark(match.group(1)) and not after_mark:
            break
        fragments.append((match.start(), match.end(), after_mark))
        pos = match.end()
        after_mark = text.startswith("?", pos)
        if after_mark:
            pos += 1
    return fragments


def _run(text: str, start: int, max_chars: int) -> str:
    end = start
    while end < len(text) and end - start < max_chars and not text[end].isspace():
        end += 1
    return text[start:end]


def _candidates(text: str, start: int, model: _Model) -> list[_Candidate]:
    settings = model.settings
    fragments = _junk_fragments(text, start, settings["max_junk_fragments"])
    candidates: list[_Candidate] = []
    # where a shifted run may begin: right after the `?`, or after any junk fragment
    run_starts = [start + 1] + [end for _, end, _ in fragments]
    for run_start in run_starts:
        run = _run(text, run_start, settings["max_run_chars"])
        for reread in _rereads(run):
            end = run_start + reread.consumed
            for lost in _lost_lead_chars(reread.trail):
                candidates.append(_Candidate(end, lost + reread.rest, "shift"))
    for begin, end, after_mark in fragments:
        if after_mark:  # `?bào)`: a lost character whose reading survived
            reading = text[begin:end - 1]
            for char in model.chars_by_reading.get(reading, ()):
                candidates.append(_Candidate(end, char, "reading"))
    if fragments:  # the `?` and its junk were inserted, nothing was lost
        candidates.append(_Candidate(fragments[-1][1], "", "drop"))
    return candidates


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    left = text[max(0, start - width):start]
    left = left[left.rfind("\n") + 1:]
    right = text[end:end + width]
    newline = right.find("\n")
    return left, right if newline < 0 else right[:newline]


def _trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


@dataclass(slots=True)
class _Decision:
    end: int  # repaired: end of the replaced text; left alone: where to look for the next `?`
    replacement: str | None  # None: leave the span alone
    undecided: bool
    margin: float


def _decide(text: str, repaired: str, start: int, model: _Model, seen: Callable[[], set[str]]) -> _Decision | None:
    """Decide the span starting at the `?` text[start]; `repaired` is the output so far."""
    candidates = _candidates(text, start, model)
    if not candidates:
        return None
    settings, costs = model.settings, model.settings["costs"]
    span_end = max(c.end for c in candidates)
    width = settings["context_chars"]
    left, _ = _context(repaired, len(repaired), len(repaired), width)
    _, right = _context(text, start, span_end, width)
    leave = _Candidate(span_end, text[start:span_end], "leave")
    traditional = model.to_simplified(left + right) != left + right
    scored: dict[str, float] = {}
    for candidate in [leave, *candidates]:
        body = candidate.replacement + text[candidate.end:span_end]
        window = model.to_simplified(strip_pinyin(left + body + right))
        score = scored.get(window)
        if score is None:
            score = scored[window] = _log_prob(window, model)
        if candidate.kind != "leave" and candidate.replacement:
            # the repaired characters with a neighbour occur elsewhere in the article
            probe = left[-1:] + candidate.replacement + (body[len(candidate.replacement):] + right)[:1]
            if any(gram in seen() for gram in _trigrams(probe) if _HAN.search(gram)):
                score += costs["seen_in_document"]
        # among equal scores prefer the script of the surrounding text (報 over 报)
        script_fit = (model.to_simplified(candidate.replacement) != candidate.replacement) == traditional
        candidate.score = score + (1e-6 if script_fit else 0.0)
    best = max(candidates, key=lambda c: c.score)
    margin = best.score - leave.score
    if margin >= settings["min_margin"]:
        return _Decision(best.end, best.replacement, False, margin)
    junk_end = max((c.end for c in candidates if c.kind == "drop"), default=None)
    undecided = junk_end is not None or margin > -settings["undecided_band"]
    return _Decision(junk_end or start + 1, None, undecided, margin)


def repair_mojibake(text: str) -> tuple[str, int, int]:
    """Repair `?`-marked GBK byte-loss spans: (text, spans repaired, suspicious spans left)."""
    if "?" not in text:
        return text, 0, 0
    model = _model()
    seen_cache: list[set[str]] = []

    def seen() -> set[str]:
        if not seen_cache:
            seen_cache.append(_trigrams(text))
        return seen_cache[0]

    out: list[str] = []
    repaired = undecided = 0
    pos = 0
    while True:
        start = text.find("?", pos)
        if start < 0:
            break
        decision = _decide(text, "".join(out[-4:]) + text[pos:start], start, model, seen)
        if decision is None or decision.replacement is None:
            end = start + 1 if decision is None else decision.end
            undecided += decision is not None and decision.undecided
            out.append(text[pos:end])
            pos = end
            continue
        out.append(text[pos:start])
        out.append(decision.replacement)
        repaired += 1
        pos = decision.end
    out.append(text[pos:])
    return "".join(out), repaired, undecided
