"""Normalisation: one clean, simplified text per article that every offset refers to.

Order matters: text decoded with the wrong codec is read back first (script
detection and OpenCC would rewrite its characters); GBK byte-loss repair needs
the raw bytes' shape and the surviving pinyin annotations, so it runs next;
annotations go next; then script conversion; then widths, spacing and broken
lines; boilerplate last, on whole lines.
"""
from __future__ import annotations

from dataclasses import dataclass

from .boilerplate import drop_boilerplate, is_boilerplate_line
from .layout import join_lines, unify_characters
from .misdecoded import repair_misdecoded
from .mojibake import repair_mojibake
from .pinyin import strip_pinyin
from .script import detect_script, to_simplified

__all__ = ["Normalised", "normalise", "is_boilerplate_line"]


@dataclass(slots=True)
class Normalised:
    text: str  # before boilerplate removal: metadata is read from its header lines
    body: str  # the final normalised text
    script: str
    mojibake_repaired: int
    mojibake_unresolved: int


def normalise(raw: str) -> Normalised:
    raw, misdecoded, lossy = repair_misdecoded(raw)  # before OpenCC rewrites the damaged characters
    script = detect_script(raw)
    text, repaired, unresolved = repair_mojibake(raw)
    repaired, unresolved = repaired + misdecoded, unresolved + lossy
    text = strip_pinyin(text)
    text = to_simplified(text, script)
    text = join_lines(unify_characters(text), is_boilerplate_line)
    return Normalised(text, drop_boilerplate(text), script, repaired, unresolved)
