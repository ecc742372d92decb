"""The shared number engine: every extractor reads figures through here.

`parse_number` turns one written number into a float: Arabic (25, 1593.5,
1,200), full-width (１２０), Chinese (一千五百, 两万亿, 二〇二三) and mixes
(3.92万, 60多亿 -> the digits; 多 is a qualifier handled by the caller).
"""
from __future__ import annotations

import re

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
            return head_value * LARGE_UNITS[unit] + tail_value
    m = _ARABIC.match(s)
    if m and m.end() < len(s):
        # 5千, 3百: Arabic digits before a Chinese place unit.
        rest = s[m.end():]
        if rest in SMALL_UNITS:
            return float(m.group().replace(",", "")) * SMALL_UNITS[rest]
        return None
    if all(ch in CHINESE_DIGITS for ch in s) and len(s) > 1 and "十" not in s:
        return _digit_string(s)
    return _small_chinese(s)
