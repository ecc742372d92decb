"""Repair GBK byte-loss mojibake (work in progress: identity for now)."""
from __future__ import annotations


def repair_mojibake(text: str) -> tuple[str, int, int]:
    return text, 0, 0
