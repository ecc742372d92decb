"""The toy pipeline of the batch tests: regexes over the raw text stand in for the extractors,
so the tests exercise the batch machinery, not extraction. A module of its own, with light
imports: worker processes import it (a new worker after one died, too).
"""
from __future__ import annotations

import multiprocessing
import os
import re
import time

from newsfacts.extract.sentences import split_sentences
from newsfacts.facts import Amount, DateSpan, Document, Percentage, Quantity
from newsfacts.ingest.readers import RawRecord

_FIGURES = [
    (re.compile(r"\d+(?:\.\d+)?亿元"), lambda m, s: Amount(m.start(), m.end(), s, float(s[:-2]) * 1e8, qualifier="exact")),
    (re.compile(r"\d+(?:\.\d+)?%"), lambda m, s: Percentage(m.start(), m.end(), s, float(s[:-1]), direction="up")),
    (re.compile(r"\d+家"), lambda m, s: Quantity(m.start(), m.end(), s, float(s[:-1]), "家")),
    (re.compile(r"(20\d\d)年"), lambda m, s: DateSpan(m.start(), m.end(), s, f"{s[:4]}-01-01", f"{s[:4]}-12-31", "year")),
]
_TABLE_OF = {Amount: "amounts", Percentage: "percentages", Quantity: "quantities", DateSpan: "dates"}


def toy_process(record: RawRecord) -> Document:
    """Regex 'extractors' over the raw text; `NEWSFACTS_TOY_SLEEP` seconds per article make runs slow enough to kill."""
    time.sleep(float(os.environ.get("NEWSFACTS_TOY_SLEEP", "0")))
    doc = Document.of_record(record)
    if record.error:
        return doc.reject(record.error)
    if "崩溃" in record.text:
        raise RuntimeError("toy extractor crashed")
    if "死循环" in record.text:  # stuck in a loop until the worker's deadline stops it (or 30 s pass)
        until = time.monotonic() + 30
        while time.monotonic() < until:
            pass
    if "进程退出" in record.text:  # as a crash in native code or the out-of-memory killer would
        if multiprocessing.parent_process() is None:
            raise RuntimeError("toy extractor would end its process")  # inline: that is pytest
        os._exit(70)
    doc.text, doc.ref_year = record.text, 2024
    doc.sentences = split_sentences(doc.text)
    # Same-span facts (two readings of one figure) exercise the tie order of equal sort keys.
    for regex, make in _FIGURES:
        for m in regex.finditer(doc.text):
            for _ in range(2 if m.group().endswith("家") else 1):
                fact = make(m, m.group())
                doc.facts.setdefault(_TABLE_OF[type(fact)], []).append(fact)
    return doc
