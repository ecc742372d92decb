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
is applied only when it clearly beats leaving the text alone and the runner-up;
a real question mark (`原因何在?張驪直言`) loses that contest. Identical damage
recurring in an article is decided once, by the mean margin over its
occurrences. Spans that look damaged but cannot be decided are left as they
are and counted.

Runs before `strip_pinyin` and script conversion: it needs the raw byte shape
and the annotations.
"""
from __future__ import annotations

import heapq
import itertools
import logging
import math
import operator
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from newsfacts.patterns import load_yaml

from .pinyin import SYLLABLE_LETTERS, has_tone_mark, is_syllable, strip_pinyin

_JUNK_FRAGMENT = regex.compile(rf"([{SYLLABLE_LETTERS}]{{1,6}})\)")
_HAN = regex.compile(r"\p{Han}")
_NOT_HAN = regex.compile(r"\P{Han}+")
_LEAD_BYTES = range(0x81, 0xFF)
_SCRIPT_SAMPLE_CHARS = 2000
_SEARCHED_TEXT_CHARS = 20_000  # a longer article's trigrams are looked up in a set


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class _Model:
    freq: dict[str, int]  # jieba's word -> count (prefixes of words have count 0)
    log_total: float
    to_simplified: Callable[[str], str]
    chars_by_reading: dict[str, tuple[str, ...]]  # "bào" -> ("報", "报", "暴", ...)
    punctuation: frozenset[str]  # punctuation that is ordinary in news text
    question_words: tuple[str, ...]
    settings: dict


@lru_cache(maxsize=1)
def _model() -> _Model:
    import jieba
    import opencc
    from pypinyin.pinyin_dict import pinyin_dict

    settings = load_yaml("mojibake.yaml")
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
        punctuation=frozenset(settings["punctuation"]),
        question_words=tuple(settings["question_words"]),
        settings=settings,
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


_LOST = "\x00"  # placeholder for a lost character nobody can name


def _isolated_latin(text: str, i: int) -> bool:
    """text[i] is a Latin letter with no ASCII letter or digit on either side (`毕凝R勇`)."""
    if not (text[i].isascii() and text[i].isalpha()):
        return False
    neighbours = text[max(0, i - 1):i] + text[i + 1:i + 2]
    return not any(ch.isascii() and ch.isalnum() for ch in neighbours)


@lru_cache(maxsize=8192)
def _unknown_char_cost(char: str) -> float | None:
    """Cost of `char` as a one-character token the dictionary lacks; None for a Latin letter,
    whose cost depends on its neighbours."""
    model = _model()
    costs = model.settings["costs"]
    category = unicodedata.category(char)
    if char == _LOST:
        return costs["lost_character"]
    if char in model.punctuation:
        return costs["punctuation"]
    if category in ("Co", "Cc", "Cn") or char == "\ufffd":
        return costs["garbage"]
    if category[0] in "PS":
        return costs["symbol"]
    if category == "Nd":
        return costs["digit"]
    if category[0] == "Z":
        return costs["space"]
    if category[0] == "L" and ord(char) < 0x2E80:  # Latin and pinyin letters
        return None
    return costs["unknown_han"]


def _char_cost(text: str, i: int, model: _Model) -> float:
    cost = _unknown_char_cost(text[i])
    if cost is None:
        costs = model.settings["costs"]
        return costs["isolated_latin"] if _isolated_latin(text, i) else costs["latin"]
    return cost


def _token_score(text: str, i: int, model: _Model) -> float:
    """Log-probability of the one-character token text[i]."""
    single = model.freq.get(text[i])
    return math.log(single) - model.log_total if single else _char_cost(text, i, model)


def _best_prefixes(text: str, model: _Model) -> list[float]:
    """best[j]: best-segmentation log-probability of text[:j] under jieba's unigram word model.

    Every token also pays `token`, which favours readings made of real words
    (`濺射`) over strings of frequent single characters (`馬射`).
    """
    freq, log_total = model.freq, model.log_total
    per_token = model.settings["costs"]["token"]
    n = len(text)
    best = [0.0] + [-math.inf] * n
    for i in range(n):
        here = best[i] + per_token
        if here + (cost := _token_score(text, i, model)) > best[i + 1]:
            best[i + 1] = here + cost
        j = i + 2
        while j <= n:
            count = freq.get(text[i:j])
            if count is None:  # jieba's FREQ holds every prefix of its words (count 0)
                break
            if count and here + math.log(count) - log_total > best[j]:
                best[j] = here + math.log(count) - log_total
            j += 1
    return best


def _best_suffixes(text: str, start: int, model: _Model) -> list[float]:
    """best[k - start]: best-segmentation log-probability of text[k:], for k from start to len(text)."""
    freq, log_total = model.freq, model.log_total
    per_token = model.settings["costs"]["token"]
    n = len(text)
    best = [-math.inf] * (n - start) + [0.0]
    for i in range(n - 1, start - 1, -1):
        top = per_token + _token_score(text, i, model) + best[i + 1 - start]
        j = i + 2
        while j <= n:
            count = freq.get(text[i:j])
            if count is None:
                break
            if count and per_token + math.log(count) - log_total + best[j - start] > top:
                top = per_token + math.log(count) - log_total + best[j - start]
            j += 1
        best[i - start] = top
    return best


class _SpanWindows:
    """Word-model scores of the windows of one span: left context + candidate + right context.

    Every window starts with the same left context, and most differ only in their
    first character after it (~40 lost characters before each re-read run). So the
    left context is segmented forward once, each distinct rest of a window backward
    once, and a window costs only the tokens that cover its first character.
    """

    def __init__(self, left: str, model: _Model) -> None:
        self.left, self.model = left, model
        self.prefix: list[float] | None = None  # best segmentation of left[:i], i = 0..len(left)
        self.suffixes: dict[str, list[float]] = {}  # rest of a window -> its _best_suffixes
        # Starts of tokens that may run on past the left context: left[i:] is a dictionary
        # word or a prefix of one (jieba's FREQ holds every prefix of its words).
        self.open_starts = [i for i in range(len(left)) if left[i:] in model.freq]

    def score(self, window: str) -> float:
        model, p = self.model, len(self.left)
        if len(window) <= p or (window[p].isascii() and window[p].isalnum()):
            # the cost of a Latin letter beside window[p] would depend on it: no sharing
            return _best_prefixes(window, model)[-1]
        if self.prefix is None:
            self.prefix = _best_prefixes(window[:p + 1], model)[:p + 1]
        rest = window[p + 1:]
        after = self.suffixes.get(rest)
        if after is None:
            after = self.suffixes[rest] = _best_suffixes(window, p + 1, model)
        freq, log_total = model.freq, model.log_total
        per_token = model.settings["costs"]["token"]
        n = len(window)
        # the token covering window[p]: the character alone, or a word from i (<= p) to j (> p)
        best = self.prefix[p] + per_token + _token_score(window, p, model) + after[0]
        for i in self.open_starts + [p]:
            here = self.prefix[i] + per_token
            j = max(i + 2, p + 1)
            while j <= n:
                count = freq.get(window[i:j])
                if count is None:
                    break
                if count:
                    best = max(best, here + math.log(count) - log_total + after[j - p - 1])
                j += 1
        return best


# --------------------------------------------------------------------------- spans


@dataclass(slots=True)
class _Candidate:
    end: int  # the candidate replaces text[start:end]
    replacement: str
    kind: str  # "leave" / "lost" (junk dropped, character unknown) / "shift" / "reading"
    prior: float = 0.0
    score: float = -math.inf


def _junk_fragments(text: str, start: int, limit: int) -> list[tuple[int, int, bool]]:
    """`pinyin)` fragments after the `?` at `start`: (begin, end, preceded by an inner `?`)."""
    fragments: list[tuple[int, int, bool]] = []
    pos, inner_mark = start + 1, False
    while len(fragments) < limit:
        match = _JUNK_FRAGMENT.match(text, pos)
        if not match or not is_syllable(match.group(1)):
            break
        if not has_tone_mark(match.group(1)) and not (inner_mark or not fragments):
            break
        fragments.append((match.start(), match.end(), inner_mark))
        pos = match.end()
        inner_mark = text.startswith("?", pos) and bool(_JUNK_FRAGMENT.match(text, pos + 1))
        if inner_mark:
            pos += 1
    return fragments


def _run(text: str, start: int, max_chars: int) -> str:
    end = start
    while end < len(text) and end - start < max_chars and not text[end].isspace():
        end += 1
    return text[start:end]


@lru_cache(maxsize=4096)
def _likely_chars(chars: tuple[str, ...], limit: int) -> tuple[str, ...]:
    """The `limit` most common plausible characters among `chars`."""
    known = [ch for ch in chars if _char_count(ch)]
    return tuple(sorted(known, key=_char_count, reverse=True)[:limit])


def _candidates(text: str, start: int, fragments: list[tuple[int, int, bool]], model: _Model) -> list[_Candidate]:
    """The re-decodings worth scoring (`_most_common_shifts`), then every reading candidate."""
    settings = model.settings
    shifts: list[tuple[int, str, tuple[str, ...]]] = []  # (end, rest, lost characters) per re-read run
    # a shifted run begins right after the `?`, or after any junk fragment
    for run_start in [start + 1] + [end for _, end, _ in fragments]:
        run = _run(text, run_start, settings["max_run_chars"])
        for reread in _rereads(run):
            if not _plausible(reread.rest):
                continue
            lost = _likely_chars(_lost_lead_chars(reread.trail), settings["max_lost_chars"])
            if lost:
                shifts.append((run_start + reread.consumed, reread.rest, lost))
    candidates = _most_common_shifts(shifts, settings["max_scored_candidates"])
    for begin, end, inner_mark in fragments:
        # `?qǐng)?bào)`: the reading of the lost character follows an inner `?`;
        # the fragment right after the first `?` has been junk in every case seen
        prior = 0.0 if inner_mark else settings["costs"]["reading_after_first_mark"]
        readings = model.chars_by_reading.get(text[begin:end - 1], ())
        for char in _likely_chars(readings, settings["max_lost_chars"]):
            candidates.append(_Candidate(end, char, "reading", prior))
    return candidates


def _commonness(replacement: str) -> float:
    chars = replacement.replace(_LOST, "")
    return sum(map(_char_weight, chars)) / max(1, len(chars))


def _most_common_shifts(shifts: list[tuple[int, str, tuple[str, ...]]], keep: int) -> list[_Candidate]:
    """The `keep` re-decodings (lost character + rest of the re-read run) whose characters are
    most common on average, in the order they were made (ties: the earlier one).

    Scoring a candidate runs the word model over its window; most of the ~120 lead bytes
    give strings of rare characters that could never win, so a unigram count sorts them
    first. Each run's candidates already come in that order (its lost characters most
    common first, the rest shared, and a sum is monotonic in each term), so merging the runs
    computes the commonness of about `keep` + runs candidates instead of all ~40 per run.
    """
    if sum(len(lost) for _, _, lost in shifts) <= keep:
        return [_Candidate(end, char + rest, "shift") for end, rest, lost in shifts for char in lost]

    def ranked(end: int, rest: str, lost: tuple[str, ...], first: int) -> Iterator[tuple[float, int, int, str]]:
        for number, char in enumerate(lost, first):
            yield -_commonness(char + rest), number, end, char + rest

    firsts = itertools.accumulate((len(lost) for _, _, lost in shifts), initial=0)
    streams = [ranked(end, rest, lost, first) for (end, rest, lost), first in zip(shifts, firsts)]
    chosen = sorted(itertools.islice(heapq.merge(*streams), keep), key=operator.itemgetter(1))
    return [_Candidate(end, replacement, "shift") for _, _, end, replacement in chosen]


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    left = text[max(0, start - width):start]
    left = left[left.rfind("\n") + 1:]
    right = text[end:end + width]
    newline = right.find("\n")
    return left, right if newline < 0 else right[:newline]


def _asks_question(clause: str, model: _Model) -> bool:
    """The clause before a `?` holds a question word (何, 吗, 如何, 是否, ...)."""
    for mark in "。！？!?\n":
        clause = clause[clause.rfind(mark) + 1:]
    return any(word in clause for word in model.question_words)


@dataclass(slots=True)
class _Document:
    """What the scoring needs to know about the whole article, computed on first use."""

    text: str
    model: _Model
    characters: frozenset[str] = field(init=False)  # every character of the text
    _traditional: bool | None = None
    window_scores: dict[str, float] = field(default_factory=dict)  # identical damage recurs in an article
    _seen_tails: dict[str, bool] = field(default_factory=dict)
    _trigrams: set[str] | None = None  # of a long article, built once

    def __post_init__(self) -> None:
        self.characters = frozenset(self.text)

    def seen_in(self, probe: str) -> bool:
        """Does a trigram of `probe` with a Han character in it occur in the article?

        The ~24 candidates of a span mostly differ only in their first character (the
        lost one, probe[1]): the trigrams after it are judged once per span and remembered.
        """
        if self._seen(probe[:4]):
            return True
        tail = probe[2:]
        seen = self._seen_tails.get(tail)
        if seen is None:
            seen = self._seen_tails[tail] = self._seen(tail)
        return seen

    def _seen(self, probe: str) -> bool:
        # most repairs hold characters the article never uses: a set lookup rules out the
        # trigrams through them before a search of the text (of its trigrams, in a long one:
        # searching a long text for every candidate would grow with its length squared)
        characters = self.characters
        occurs = self._trigram_set().__contains__ if len(self.text) > _SEARCHED_TEXT_CHARS else self.text.__contains__
        for i in range(len(probe) - 2):
            gram = probe[i:i + 3]
            if characters.issuperset(gram) and occurs(gram) and _HAN.search(gram):
                return True
        return False

    def _trigram_set(self) -> set[str]:
        if self._trigrams is None:
            text = self.text
            self._trigrams = {text[i:i + 3] for i in range(len(text) - 2)}
        return self._trigrams

    @property
    def traditional(self) -> bool:
        if self._traditional is None:
            # the script of its opening thousands of characters is the article's
            han = _NOT_HAN.sub("", self.text[:_SCRIPT_SAMPLE_CHARS])  # one pass in C
            changed = sum(map(operator.ne, han, self.model.to_simplified(han)))
            self._traditional = changed > 0.05 * len(han)
        return self._traditional


@lru_cache(maxsize=65536)
def _char_count(char: str) -> float:
    """How common a repaired character is: jieba's count, punctuation counts as very common, 0 = unknown."""
    model = _model()
    if char in model.punctuation:
        return math.inf
    return model.freq.get(model.to_simplified(char)) or 0


@lru_cache(maxsize=65536)
def _char_weight(char: str) -> float:
    """log(1 + count) of a repaired character; common punctuation weighs as a frequent character."""
    count = _char_count(char)
    return 20.0 if count == math.inf else math.log1p(count)


@lru_cache(maxsize=65536)
def _changes_in_simplified(replacement: str) -> bool:
    """Is the repair written in traditional script (報, not 报)?"""
    return _model().to_simplified(replacement) != replacement


def _plain(model: _Model, pieces: list[str]) -> list[str]:
    """Each piece without pinyin annotations, in simplified script: one call of each for all
    pieces, joined by newlines (no annotation and no OpenCC phrase runs across one)."""
    if not any("\n" in piece for piece in pieces):
        plain = model.to_simplified(strip_pinyin("\n".join(pieces))).split("\n")
        if len(plain) == len(pieces):
            return plain
    return [model.to_simplified(strip_pinyin(piece)) for piece in pieces]


def _plausible(replacement: str) -> bool:
    """Every repaired character is one the dictionary knows, or common punctuation."""
    return all(_char_count(ch) for ch in replacement)


def _score_span(
    doc: _Document, before: str, start: int
) -> tuple[list[tuple[int, int, bool]], list[_Candidate], list[_Candidate]] | None:
    """Candidates and baselines for the `?` at doc.text[start], scored; None if there are none."""
    text, model = doc.text, doc.model
    settings, costs = model.settings, model.settings["costs"]
    fragments = _junk_fragments(text, start, settings["max_junk_fragments"])
    candidates = _candidates(text, start, fragments, model)
    if not candidates:
        return None
    span_end = max(c.end for c in candidates)
    width = settings["context_chars"]
    left, _ = _context(before, len(before), len(before), width)
    _, right = _context(text, start, span_end, width)
    baselines = [_Candidate(span_end, text[start:span_end], "leave")]
    if _asks_question(before, model):
        baselines[0].prior = costs["question_word"]
    if fragments:
        baselines.append(_Candidate(fragments[-1][1], _LOST, "lost"))
    plain_left = model.to_simplified(strip_pinyin(left))
    windows = _SpanWindows(plain_left, model)
    scored = baselines + candidates
    bodies = [c.replacement + text[c.end:span_end] for c in scored]
    for candidate, body, plain in zip(scored, bodies, _plain(model, [body + right for body in bodies])):
        window = plain_left + plain
        score = doc.window_scores.get(window)
        if score is None:
            score = doc.window_scores[window] = windows.score(window)
        score += candidate.prior
        if candidate.kind in ("shift", "reading"):
            # the repaired characters with a neighbour occur elsewhere in the article
            probe = left[-1:] + candidate.replacement + (body[len(candidate.replacement):] + right)[:1]
            if doc.seen_in(probe):
                score += costs["seen_in_document"]
            # among equal scores prefer the script of the article (報 over 报)
            if _changes_in_simplified(candidate.replacement) == doc.traditional:
                score += 1e-6
        candidate.score = score
    return fragments, baselines, candidates


@dataclass(slots=True)
class _Span:
    start: int
    fragments: list[tuple[int, int, bool]]
    baseline: float  # best of (leave it, junk dropped but character unknown)
    options: dict[tuple[str, str], _Candidate]  # (covered text, replacement) -> best candidate


def _looks_damaged(text: str, start: int, model: _Model) -> bool:
    """Garbage right after a `?` that no candidate explains: `上?;?。`, `來?/p>`."""
    near = text[start + 1:start + 4]
    if (near and near[0] in model.settings["damage_after_mark"]) or any(unicodedata.category(ch) == "Co" for ch in near):
        return True
    return any(_isolated_latin(text, i) for i in range(start + 1, min(start + 4, len(text))))


def _spans(doc: _Document) -> list[_Span | int]:
    """Score every `?` of the article; an int is a `?` that has no candidates."""
    text = doc.text
    spans: list[_Span | int] = []
    pos = 0
    while (start := text.find("?", pos)) >= 0:
        scored = _score_span(doc, text[max(0, start - 64):start], start)
        if scored is None:
            spans.append(start)
            pos = start + 1
            continue
        fragments, baselines, candidates = scored
        options: dict[tuple[str, str], _Candidate] = {}
        for candidate in candidates:
            key = (text[start:candidate.end], candidate.replacement)
            if key not in options or options[key].score < candidate.score:
                options[key] = candidate
        spans.append(_Span(start, fragments, max(b.score for b in baselines), options))
        pos = fragments[-1][1] if fragments else start + 1
    return spans


def repair_mojibake(text: str) -> tuple[str, int, int]:
    """Repair `?`-marked GBK byte-loss spans: (text, spans repaired, suspicious spans left).

    Identical damage recurs in an article (a person's name after a closing
    quote, a newspaper's name): each repair option is judged by its mean margin
    over every occurrence of the same damaged text, so the article decides once.
    """
    if "?" not in text:
        return text, 0, 0
    model = _model()
    settings = model.settings
    spans = _spans(_Document(text, model))
    margins: dict[tuple[str, str], list[float]] = {}
    for span in spans:
        if isinstance(span, _Span):
            for key, candidate in span.options.items():
                margins.setdefault(key, []).append(candidate.score - span.baseline)

    mean_margin = {key: sum(values) / len(values) for key, values in margins.items()}  # once, not per span

    out: list[str] = []
    repaired = undecided = 0
    pos = 0
    for span in spans:
        if isinstance(span, int):
            undecided += span >= pos and _looks_damaged(text, span, model)
            continue
        if span.start < pos:  # inside an earlier repair
            continue
        ranked = sorted(((mean_margin[key], key) for key in span.options), reverse=True)
        margin, (covered, replacement) = ranked[0]
        # the runner-up must read differently (報 and 报 are one reading)
        simplified = model.to_simplified(replacement)
        runner_up = next((m for m, (_, r) in ranked[1:] if model.to_simplified(r) != simplified), -math.inf)
        if margin >= settings["min_margin"] and margin - runner_up >= settings["min_gap"]:
            out.append(text[pos:span.start])
            out.append(replacement)
            pos = span.start + len(covered)
            repaired += 1
        elif span.fragments or margin > -settings["undecided_band"] or _looks_damaged(text, span.start, model):
            undecided += 1
    out.append(text[pos:])
    return "".join(out), repaired, undecided
