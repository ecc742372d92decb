"""Repair text whose UTF-8 bytes were decoded with the wrong codec and saved again.

Two kinds recur in scraped Chinese news: UTF-8 read as GBK (`涓婂崐骞达紝` for `上半年，`) and
UTF-8 read as Latin-1 or Windows-1252 (`ä¸å¹´` for `上半年`). Both are undone by encoding
the damaged text back with the wrong codec and decoding the bytes as UTF-8: exactly, except
for a byte the wrong decoder could not map (it becomes one U+FFFD).

Ordinary Chinese text never looks like either: the GBK kind is made of the characters that
UTF-8's lead bytes of common characters read as (涓 of 中, 锛 of ，), which are rare in
Chinese; the Latin-1 kind of accented letters (ä å æ ç è é: UTF-8's lead bytes of CJK).
So a line is re-decoded only when such characters make up a good part of it, and the repair
is kept only when the result is valid UTF-8 but for a few bytes, and is Chinese.

Runs first in normalisation: script detection and OpenCC would otherwise rewrite the damaged
characters (繁→简 on 涓沧…) and lose the bytes the repair needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsfacts.patterns import load_yaml

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CP1252_ONLY = {chr(b).encode("latin-1").decode("cp1252", errors="ignore"): b for b in range(0x80, 0xA0)}
_CP1252_ONLY.pop("", None)


@dataclass(frozen=True, slots=True)
class _Telltales:
    gbk: re.Pattern  # characters UTF-8 lead bytes of common Chinese read as in GBK (涓, 锛, 鍦…)
    latin: re.Pattern  # Latin-1 letters of UTF-8's CJK lead bytes (ä å æ ç è é)
    min_count: int
    min_share: float
    max_lost_share: float


@lru_cache(maxsize=1)
def _telltales() -> _Telltales:
    settings = load_yaml("mojibake.yaml")["misdecoded"]
    gbk = set()
    for char in settings["common_chars"]:
        damaged = char.encode("utf-8").decode("gbk", errors="ignore")
        if damaged and _HAN.match(damaged[0]) and damaged[0] not in settings["common_chars"]:
            gbk.add(damaged[0])
    latin = "".join(bytes([b]).decode("latin-1") for b in range(0xE4, 0xEA))
    return _Telltales(re.compile("[" + "".join(sorted(gbk)) + "]"), re.compile(f"[{latin}]"),
                      int(settings["min_telltales"]), float(settings["min_telltale_share"]),
                      float(settings["max_lost_share"]))


def _latin_bytes(line: str) -> bytes | None:
    """The bytes a Latin-1/Windows-1252 decoder read as `line`, or None if it holds other characters."""
    out = bytearray()
    for char in line:
        code = ord(char)
        if code < 0x100:
            out.append(code)
        elif char in _CP1252_ONLY:
            out.append(_CP1252_ONLY[char])
        elif char == "\ufffd":
            out.append(0x3F)  # a byte Windows-1252 has no character for: lost, as in the GBK kind
        else:
            return None
    return bytes(out)


def _redecoded(line: str, tells: _Telltales) -> str | None:
    """`line` with its UTF-8 bytes read back, when it is mojibake of either kind."""
    for pattern, to_bytes in ((tells.gbk, lambda s: s.encode("gbk", errors="replace")), (tells.latin, _latin_bytes)):
        count = len(pattern.findall(line))
        if count < tells.min_count or count < tells.min_share * len(line):
            continue
        data = to_bytes(line)
        if data is None:
            continue
        # a character the wrong decoder could not read was saved as U+FFFD and comes back as `?`:
        # its bytes are lost, one mark stands for them
        fixed = data.decode("utf-8", errors="replace").replace("\ufffd?", "\ufffd")
        lost = fixed.count("\ufffd")
        if lost <= tells.max_lost_share * len(fixed) and len(_HAN.findall(fixed)) > len(pattern.findall(fixed)):
            return fixed
    return None


def repair_misdecoded(text: str) -> tuple[str, int, int]:
    """(text, lines repaired, lines repaired with bytes lost): each line that is UTF-8 decoded as
    GBK or Latin-1 read back."""
    tells = _telltales()
    if not tells.gbk.search(text) and not tells.latin.search(text):
        return text, 0, 0  # the common case: one scan, nothing to do
    lines = text.split("\n")
    repaired = lossy = 0
    for i, line in enumerate(lines):
        fixed = _redecoded(line, tells)
        if fixed is not None:
            lines[i] = fixed
            repaired += 1
            lossy += "\ufffd" in fixed
    return "\n".join(lines), repaired, lossy
