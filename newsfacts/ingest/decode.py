"""Bytes -> str for scraped Chinese articles whose encoding is never declared.

Order: byte-order marks, then strict UTF-8, then a contest between the legacy
Chinese encodings (GB18030 covers GBK/GB2312; Big5 as cp950) judged by how
much of each decoding is common Chinese text. Binary files are refused before
any of that, so a PDF or an image never becomes a page of nonsense.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY_ENCODINGS = ("gb18030", "cp950", "big5hkscs")
# A decoding may keep this share of undecodable bytes (stray bytes in scraped pages).
MAX_REPLACEMENT_SHARE = 0.01
CONTROL_BYTES = bytes(b for b in range(32) if b not in {9, 10, 12, 13, 27})


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """Frequent simplified and traditional characters, to judge a legacy decoding."""
    import jieba
    import opencc

    jieba.dt.check_initialized()
    counts: dict[str, int] = {}
    for word, freq in jieba.dt.FREQ.items():
        if freq:
            for ch in word:
                counts[ch] = counts.get(ch, 0) + freq
    frequent = "".join(sorted(counts, key=counts.get, reverse=True)[:4000])
    traditional = opencc.OpenCC("s2t").convert(frequent)
    return frozenset(frequent) | frozenset(traditional) | frozenset("，。、；：？！“”‘’（）《》—…")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    # translate() deletes in C: the batch's main process checks every record it reads
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


def _common_share(text: str) -> float:
    common = _common_chars()
    cjk = [ch for ch in text if ord(ch) > 0x2E7F]
    if not cjk:
        return 0.0
    return sum(ch in common for ch in cjk) / len(cjk)


def decode_bytes(data: bytes) -> Decoded:
    """Decode one article's bytes, or raise DecodeError with the reason."""
    if not data.strip():
        raise DecodeError("empty input")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding).lstrip("\ufeff"), encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"bytes after a {encoding} byte-order mark do not decode: {exc.reason}") from exc
    if _looks_binary(data):
        raise DecodeError("binary content (NUL or control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    best: tuple[float, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:  # a cut multi-byte char at the sample edge is fine
                continue
            text = sample[: exc.start].decode(encoding)
        score = _common_share(text)
        if best is None or score > best[0]:
            best = (score, encoding)
    if best is not None and best[0] >= 0.5:
        return Decoded(data.decode(best[1], errors="replace"), best[1])
    # Mostly GB text with a few broken bytes: keep it if the damage is small.
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") <= MAX_REPLACEMENT_SHARE * len(text) and _common_share(text) >= 0.5:
        return Decoded(text, "gb18030")
    raise DecodeError("undecodable: not UTF-8, UTF-16, GB18030/GBK or Big5 text")
