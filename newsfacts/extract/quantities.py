"""Counted, non-money figures kept for the per-city indicator table: 53万套, 2000人,
20万平方米, 123家, 3.92万个 (value 39200, unit 个), 1000公里, 1200P.

Reads the figures of the shared number engine (`find_numbers`) and keeps those
whose unit is a measure word of patterns/quantities.yaml. Dates and durations
(2023年, 5月, 3个月), money and percentages have their own units and are not
quantities. Chinese numerals below ten (一个, 两家, 三个关键词) and bare
magnitudes (千家万户, 上万人, 数百家) are words rather than reported figures and
are left out.
"""
from __future__ import annotations

from newsfacts.extract.numbers import find_numbers
from newsfacts.facts import Document, Quantity


def extract(doc: Document) -> list[Quantity]:
    text = doc.text
    out = []
    for m in find_numbers(text):
        if m.kind != "quantity" or m.vague or not m.has_digit:
            continue
        if m.chinese and not m.multiplier and m.value < 10:
            continue
        out.append(Quantity(start=m.start, end=m.end, surface=text[m.start:m.end],
                            value=m.value, unit=m.unit, qualifier=m.qualifier))
    return out
