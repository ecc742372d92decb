"""The shared number engine: every extractor reads figures through here.

`parse_number` turns one written number into a float: Arabic (25, 1593.5,
1,200), full-width (１２０), Chinese (一千五百, 两万亿, 二〇二三) and mixes
(3.92万, 60多亿 -> the digits; 多 is a qualifier handled by the caller).

`find_numbers` finds every figure in a text in one pass of one compiled regex
built from patterns/numbers.yaml (+ the currency and measure-word tables): the
number with its multiplier, the qualifier words around it (约, 近, 超, 突破, 以上,
左右, 不到, 60多亿, 3000余人), the unit that follows (元, 美元, %, 个百分点, 成, 家,
平方米, 年 ...) and the kind that unit gives it (money / percent / points /
quantity / time / times). Ranges (30亿至50亿元, 3—5个百分点) give two mentions,
the first borrowing the unit of the second. The amount, percentage and quantity
extractors only filter and annotate these mentions.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from dataclasses import dataclass, replace
from functools import lru_cache

from newsfacts.patterns import load_yaml

CHINESE_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10**4, "亿": 10**8, "万亿": 10**12}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")


def _small_chinese(s: str) -> float | None:
    """Value of a Chinese numeral below 万 (一千五百, 十二, 三百零五)."""
    if not s:
        return None
    total, digit = 0, None
    for ch in s:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return float(total)


def _digit_string(s: str) -> float | None:
    """二〇二三 -> 2023: Chinese digits read one by one, no place units."""
    if len(s) < 2 or any(ch not in CHINESE_DIGITS for ch in s):
        return None
    return float("".join(str(CHINESE_DIGITS[ch]) for ch in s))


def _exact(value: float, scale: int) -> float:
    """value × scale without binary noise: 1122.4亿 is 112240000000.0, not …00002."""
    return float(Decimal(repr(value)) * scale)


def parse_number(text: str) -> float | None:
    """The value of one written number, or None when `text` is not a number."""
    s = text.strip().translate(_FULLWIDTH).replace(" ", "")
    if not s:
        return None
    if _ARABIC.fullmatch(s):
        return float(s.replace(",", ""))
    # Split off the large multipliers from the right: 1.5万亿, 两万三千, 3.92万.
    for unit in ("万亿", "亿", "万"):
        head, sep, tail = s.partition(unit)
        if sep:
            head_value = parse_number(head) if head else 1.0
            if head_value is None:
                return None
            tail_value = parse_number(tail) if tail else 0.0
            if tail_value is None:
                return None
            return _exact(head_value, LARGE_UNITS[unit]) + tail_value
    m = _ARABIC.match(s)
    if m and m.end() < len(s):
        # 5千, 3百: Arabic digits before a Chinese place unit.
        rest = s[m.end():]
        if rest in SMALL_UNITS:
            return _exact(float(m.group().replace(",", "")), SMALL_UNITS[rest])
        return None
    if "点" in s:
        # 三点五 -> 3.5: a Chinese decimal point, digits read one by one after it.
        whole, _, frac = s.partition("点")
        whole_value = parse_number(whole) if whole else 0.0
        if whole_value is None or not frac or any(ch not in CHINESE_DIGITS for ch in frac):
            return None
        return whole_value + float("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in frac))
    if all(ch in CHINESE_DIGITS for ch in s) and len(s) > 1 and "十" not in s:
        return _digit_string(s)
    return _small_chinese(s)


# --------------------------------------------------------------------------- mentions

@dataclass(frozen=True, slots=True)
class NumberMention:
    """One figure in a text, with its multiplier, qualifier and unit.

    `start`/`end` delimit the surface (the number, its unit, and a bound qualifier
    such as 近 or 超); `value` has the multipliers applied (60多亿元 -> 6e9; 四成 ->
    40; 三分之一 -> 33.33...), in units of `unit` (percent for percent kinds).
    """

    start: int
    end: int
    value: float
    qualifier: str = "exact"  # exact / approx / at_least / at_most
    unit: str | None = None  # as written: 元, 美元, %, 个百分点, 成, 家, 平方米 ...
    kind: str | None = None  # money / percent / points / quantity / time / times / None
    currency: str | None = None  # ISO code for money
    multiplier: str = ""  # the written large multiplier (万, 亿, 万亿) if any
    has_digit: bool = True  # False for 亿元, 千亿级, 百家: no digit written
    vague: bool = False  # 亿元, 上万, 数十亿, 千亿级: an order of magnitude, not a figure
    chinese: bool = False  # written in Chinese numerals only
    range_part: str | None = None  # low / high for the two ends of a range
    number_start: int = 0  # where the digits start (after qualifier words)


def _alternation(words) -> str:
    """Regex alternation, longest first, so the longest written word wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class _Tables:
    """Pattern data and the compiled mention regex (built once, on first use)."""

    def __init__(self) -> None:
        nums = load_yaml("numbers.yaml")
        money = load_yaml("amounts.yaml")
        qty = load_yaml("quantities.yaml")

        self.prefix = {w: q for q, ws in nums["prefix_qualifiers"].items() for w in ws}
        self.prefix_in_surface = set(nums["prefix_in_surface"])
        self.prefix_blocked_after = {w: set(cs) for w, cs in nums["prefix_blocked_after"].items()}
        self.suffix = {w: q for q, ws in nums["suffix_qualifiers"].items() for w in ws}
        self.connectors = frozenset(nums["range_connectors"])
        self.list_joiners = frozenset(nums["list_joiners"])
        self.percent_units = dict(nums["percent_units"])
        self.not_tenth_after = set(nums["not_tenth_after"])
        self.half_tenth = nums["half_tenth"]
        self.currency_units = dict(money["currency_units"])
        self.currency_prefixes = dict(money["currency_prefixes"])
        self.quantity_units = set(qty["count"]) | set(qty["measure"])
        self.not_after = {u: set(chars) for u, chars in qty["not_after"].items()}
        self.clause_breaks = frozenset(nums["clause_breaks"])
        self.sentence_breaks = frozenset(nums["sentence_breaks"])
        self.digit_joiners = frozenset(nums["digit_joiners"])

        self.unit_kind: dict[str, str] = {}
        for u in self.quantity_units:
            self.unit_kind[u] = "quantity"
        for u in nums["time_units"]:
            self.unit_kind[u] = "time"
        for u in nums["times_units"]:
            self.unit_kind[u] = "times"
        for u, how in self.percent_units.items():
            self.unit_kind[u] = "points" if how == "points" else "percent"
        for u in self.currency_units:
            self.unit_kind[u] = "money"

        cn = re.escape(nums["chinese_numeral_chars"])
        arabic = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
        infix = "".join(nums["infix_approx"])
        multiplier = r"[十百千]?(?:万亿|万|亿)|[十百千]"
        pattern = (
            rf"(?:(?P<pre>{_alternation(self.prefix)})了?)?"
            rf"(?P<curpre>{_alternation(self.currency_prefixes)})?"
            r"(?P<sign>[-−－])?"
            r"(?:"
            # 三分之一, 百分之三十五: a fraction, read as a percentage.
            rf"(?P<fden>(?<![{cn}])[0-9一二两三四五六七八九十百千万]+)分之"
            rf"(?P<fnum>{arabic}|[零〇一二两三四五六七八九十百点]+)"
            rf"(?P<fsuf>{_alternation(self.suffix)})?"
            r"|"
            r"(?:"
            rf"(?<![A-Za-z0-9０-９.．_第])(?P<ar>{arabic})(?P<fz1>[{infix}几])?(?: ?(?P<m1>{multiplier}))?"
            # 十二点六万户: a Chinese decimal point between numerals
            rf"|(?<![{cn}第])(?P<cn>[{cn}]+(?:点[零〇一二两三四五六七八九]+)?)(?P<fz2>[{infix}])?(?P<m2>万亿|万|亿)?"
            r")"
            rf"(?P<fz3>[{infix}])?"
            r"(?P<level>级)?"
            # scraped pages space a unit off its number (增长 5.2 %, 7.6 亿元)
            rf"(?: ?(?P<unit>{_alternation(self.unit_kind)}))?"
            rf"(?P<suf>{_alternation(self.suffix)})?"
            r")"
        )
        # A lookahead on the characters a figure can start with lets the scan skip
        # ordinary text at C speed (about 4x faster on news text).
        starts = {w[0] for w in list(self.prefix) + list(self.currency_prefixes)}
        starts |= set("0123456789０１２３４５６７８９-−－") | set(nums["chinese_numeral_chars"])
        first = "".join(re.escape(c) for c in sorted(starts))
        self.regex = re.compile(f"(?=[{first}])" + pattern)
        self.connector_starts = {c[0] for c in self.connectors}


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


_PLACE_ONLY = set("百千万亿佰仟")  # 十 alone is ten; 百家, 千亿 have no digit
_TWO_DIGITS = re.compile("([一二两三四五六七八])[二三四五六七八九](?=[十百千万亿])")
_BARE_MAGNITUDES = {"万", "亿", "万亿"}


def _scale_of(multiplier: str) -> float:
    """1e8 for 亿, 1e12 for 万亿, 1e7 for 千万 ..."""
    if not multiplier:
        return 1.0
    return parse_number(multiplier) or 1.0


# The named groups _mention reads, fetched in one call (a call per use was ~20 per mention).
_MENTION_GROUPS = ("pre", "curpre", "sign", "cn", "ar", "unit", "suf", "level", "m1", "m2", "fz1", "fz2", "fz3",
                   "fden", "fnum", "fsuf")


def _mention(m: re.Match, text: str, t: _Tables) -> NumberMention | None:
    (pre, curpre, sign, cn, ar, unit_group, suf_group, level, m1, m2, fz1, fz2, fz3, fden, fnum,
     fsuf) = m.group(*_MENTION_GROUPS)
    if (cn and not unit_group and not curpre and not level
            and text[m.end():m.end() + 1] not in t.connector_starts):
        return None  # 一批, 统一, 三大: Chinese numerals in words, no figure to report
    if pre and m.start() > 0 and text[m.start() - 1] in t.prefix_blocked_after.get(pre, ()):
        pre = None  # 签约, 最近, 经过: the end of another word
    qualifier = t.prefix.get(pre, "exact") if pre else "exact"
    if sign:
        number_start = m.start("sign")
    else:
        number_start = m.start("fden") if fden else m.start("ar") if ar else m.start("cn")
    if pre and pre in t.prefix_in_surface:
        start = m.start("pre")
    elif curpre:
        start = m.start("curpre")
    else:
        start = number_start

    if fden:
        den, num = parse_number(fden), parse_number(fnum)
        if not den or num is None:
            return None
        value = num * 100 / den  # 百分之七 is 7, not 7.000000000000001 (num / den * 100)
        value = -value if sign else value
        if fsuf:
            qualifier = t.suffix[fsuf]
        return NumberMention(start, m.end("fnum"), value, qualifier, "分之", "percent",
                             chinese=True, number_start=number_start)

    core = ar or cn
    multiplier = m1 or m2 or ""
    if cn and not multiplier and not cn.strip("几数"):
        return None  # 指数 %, 几个: 数/几 stand for a digit only before a place (数十亿, 几万)
    fuzzy = fz1 or fz2 or fz3
    chinese = cn is not None
    vague = bool(level) or "数" in core
    has_digit = not chinese or any(ch not in _PLACE_ONLY and ch not in "几数" for ch in core)
    if chinese and core in _BARE_MAGNITUDES and not multiplier:
        vague = True  # 亿元, 万人: an order of magnitude
    if chinese and not has_digit and text[number_start - 1:number_start] == "上":
        vague = True  # 上千万元, 上百家: "as many as"
    if chinese and _TWO_DIGITS.search(core):
        core = _TWO_DIGITS.sub(r"\1", core)  # 四五十道: forty or fifty
        fuzzy = fuzzy or "约"
    if "几" in core or fuzzy == "几":
        fuzzy = "几"
        core = core.replace("几", "") or "一"
        if core[0] in "十百千万亿":
            core = "一" + core
    if "数" in core:
        fuzzy = fuzzy or "数"
        core = core.replace("数", "") or "一"
        if core[0] in "十百千万亿":
            core = "一" + core
    value = parse_number(core + multiplier)
    if value is None:
        return None
    if not multiplier and chinese:
        for big in ("万亿", "亿", "万"):
            if core.endswith(big):
                multiplier = big
                break
    if sign:
        value = -value
    if fuzzy and qualifier == "exact":
        qualifier = "approx"

    number_end = m.end("level") if level else (
        m.end("fz3") if fz3 else m.end("m1") if m1 else
        m.end("fz1") if fz1 else m.end("m2") if m2 else
        m.end("fz2") if fz2 else m.end("ar") if ar else m.end("cn"))
    unit, end = unit_group, m.end()
    nxt = text[m.end("unit")] if unit and m.end("unit") < len(text) else ""
    if unit and not _unit_fits(unit, core, chinese, multiplier, nxt, t):
        unit, end = None, number_end
    if unit is None and chinese and not curpre and not level \
            and text[number_end:number_end + 1] not in t.connector_starts:
        return None  # 三成员: the unit was the start of another word
    suf = suf_group if unit else None
    if unit and not suf:
        end = m.end("unit")
    if suf:
        qualifier = t.suffix[suf]
        end = m.end("unit")  # 以上/左右 qualify the figure but stay outside its surface
    kind = t.unit_kind.get(unit) if unit else None
    currency = t.currency_units.get(unit) if kind == "money" else None
    if curpre:
        currency = t.currency_prefixes[curpre]
        kind = "money" if kind in (None, "money") else kind
    if kind == "percent" or kind == "points":
        how = t.percent_units[unit]
        if how == "tenth" and not suf and text.startswith(t.half_tenth, end):
            value, end = value + 0.5, end + len(t.half_tenth)  # 一成半 -> 15
        value = value * 10 if how == "tenth" else value / 10 if how == "permille" else value
    return NumberMention(start, end, value, qualifier, unit, kind, currency, multiplier,
                         has_digit, vague, chinese, number_start=number_start)


def _unit_fits(unit: str, core: str, chinese: bool, multiplier: str, nxt: str, t: _Tables) -> bool:
    """Reject units that are really the start of another word (3家电, 成员, 5G)."""
    if unit.isascii() and unit.isalpha() and nxt.isascii() and nxt.isalpha():
        return False
    if unit == "成":
        one_digit = (core in CHINESE_DIGITS or core == "十") if chinese else (len(core) == 1 and core in "123456789１２３４５６７８９")
        return one_digit and not multiplier and nxt not in t.not_tenth_after
    blocked = t.not_after.get(unit)
    return not (blocked and nxt in blocked)


def _link_ranges(mentions: list[NumberMention], text: str, t: _Tables) -> list[NumberMention]:
    """30亿至50亿元, 3—5个百分点: the low end borrows unit, currency and multiplier."""
    out = list(mentions)
    for i in range(len(out) - 1):
        low, high = out[i], out[i + 1]
        if low.unit is not None or high.unit is None or high.kind is None:
            continue
        gap = text[low.end:high.number_start]
        signed = text[high.number_start:high.number_start + 1] in "-−－" and not gap
        if not (gap in t.connectors or signed):
            continue
        if signed:  # 10-20%: the hyphen was read as a minus sign
            high = replace(high, start=max(high.start, high.number_start + 1),
                           number_start=high.number_start + 1, value=-high.value)
        value = low.value
        if not low.multiplier and high.multiplier:
            value *= _scale_of(high.multiplier)
        if high.kind in ("percent", "points"):
            how = t.percent_units.get(high.unit, "percent")
            value = value * 10 if how == "tenth" else value / 10 if how == "permille" else value
        out[i] = replace(low, value=value, unit=high.unit, kind=high.kind, currency=high.currency,
                         multiplier=low.multiplier or high.multiplier, range_part="low")
        out[i + 1] = replace(high, range_part="high")
    return out


@lru_cache(maxsize=16)
def _find(text: str) -> tuple[NumberMention, ...]:
    t = _tables()
    mentions = []
    for m in t.regex.finditer(text):
        mention = _mention(m, text, t)
        if mention is not None:
            mentions.append(mention)
    return tuple(_link_point_lists(_link_ranges(mentions, text, t), text, t))


def _link_point_lists(mentions: list[NumberMention], text: str, t: _Tables) -> list[NumberMention]:
    """分别高于全省0.4个、0.7个百分点: an item listed before a figure whose unit its own opens
    (个 of 个百分点) has that unit too."""
    out = list(mentions)
    for i in range(len(out) - 2, -1, -1):
        item, last = out[i], out[i + 1]
        if (item.unit and last.kind == "points" and last.unit != item.unit and last.unit.startswith(item.unit)
                and text[item.end:last.number_start] in t.list_joiners):
            out[i] = replace(item, unit=last.unit, kind="points")
    return out


def range_connectors() -> frozenset[str]:
    """What stands between the two ends of a range (30亿至50亿元): numbers.yaml range_connectors."""
    return _tables().connectors


def find_numbers(text: str) -> tuple[NumberMention, ...]:
    """Every figure in `text`, in order. Cached: the extractors share one pass per text."""
    return _find(text)


# --------------------------------------------------------------------------- context

def _bounded_span(text: str, start: int, end: int, breaks, back: int, ahead: int) -> tuple[int, int]:
    """text[start:end] widened to the nearest `breaks` on each side, at most back/ahead chars."""
    lo, stop = start, max(0, start - back)
    while lo > stop and (text[lo - 1] not in breaks or joins_digits(text, lo - 1)):
        lo -= 1
    hi, stop = end, min(len(text), end + ahead)
    while hi < stop and (text[hi] not in breaks or joins_digits(text, hi)):
        hi += 1
    return lo, hi


_DIGITS = frozenset("0123456789")


def joins_digits(text: str, i: int) -> bool:
    """text[i] is a digit joiner between two digits (the comma of 1,200, the colon of 10:30)."""
    return (text[i] in _tables().digit_joiners and 0 < i < len(text) - 1
            and text[i - 1] in _DIGITS and text[i + 1] in _DIGITS)


def digit_joiner_positions(text: str) -> set[int]:
    """Offsets of every digit joiner between two digits (`joins_digits`), found by str.find:
    a text holds few commas and colons, so this costs far less than a regex condition on
    every clause mark."""
    found = set()
    for mark in _tables().digit_joiners:
        i = text.find(mark, 1)
        while i >= 0:
            if joins_digits(text, i):
                found.add(i)
            i = text.find(mark, i + 1)
    return found


def break_regex(marks: Iterable[str]) -> re.Pattern:
    """One regex for a clause or sentence mark of `marks`, but not for a digit joiner between
    two digits (see `joins_digits`)."""
    marks = set(marks)
    joiners = "".join(sorted(marks & _tables().digit_joiners))
    plain = "".join(sorted(marks - _tables().digit_joiners))
    alternatives = [f"[{re.escape(plain)}]"] if plain else []
    if joiners:
        alternatives.append(f"(?<![0-9])[{re.escape(joiners)}]|[{re.escape(joiners)}](?![0-9])")
    return re.compile("|".join(alternatives) or "(?!)")


def clause_bounds(text: str, start: int, end: int, back: int = 40, ahead: int = 20) -> tuple[int, int]:
    """The clause around text[start:end] (between commas / full stops), at most
    `back` characters before and `ahead` after: the window where a figure's
    keywords are looked for."""
    return _bounded_span(text, start, end, _tables().clause_breaks, back, ahead)


def sentence_bounds(text: str, start: int, end: int, back: int = 120, ahead: int = 120) -> tuple[int, int]:
    """The sentence around text[start:end], at most `back`/`ahead` characters wide."""
    return _bounded_span(text, start, end, _tables().sentence_breaks, back, ahead)


def nearest_before(regex: re.Pattern, text: str, lo: int, hi: int) -> re.Match | None:
    """The last match of `regex` in text[lo:hi] (the keyword nearest before hi)."""
    last = None
    for last in regex.finditer(text, lo, hi):
        pass
    return last


# A pinyin annotation left after a character by a careless source (产(chǎn)值): keyword
# regexes tolerate one after every character so a missed normalisation does not hide
# the keyword.
_PINYIN = r"(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）])?"
_PINYIN_RE = re.compile(_PINYIN[3:-2])


def keyword_regex(words) -> re.Pattern:
    """One regex for a keyword list: longest word first, pinyin annotations tolerated."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(_PINYIN.join(map(re.escape, w)) for w in ordered))


def strip_pinyin(s: str) -> str:
    return _PINYIN_RE.sub("", s)


def keyword_text(match: re.Match) -> str:
    """The keyword as listed (pinyin annotations removed)."""
    return strip_pinyin(match.group())
