"""The one list of stages: ingest -> normalise -> extract -> link.

`process(record)` turns one raw record into a Document with its facts. It
never raises: a failure in any stage rejects that article with the stage's
name and the reason, and the batch goes on.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from functools import lru_cache

from .facts import Document, Fact
from .ingest.html import looks_like_html, parse_html
from .ingest.metadata import read_metadata
from .ingest.readers import RawRecord
from .extract.sentences import split_sentences
from .normalize import is_boilerplate_line, normalise

log = logging.getLogger("newsfacts")

# Table name -> module with `extract(doc)`, in the order they run; later stages may read
# the facts of earlier ones (enterprises read locations; indicators read everything).
EXTRACT_STAGES: tuple[tuple[str, str], ...] = (
    ("quantities", "newsfacts.extract.quantities"),
    ("amounts", "newsfacts.extract.amounts"),
    ("percentages", "newsfacts.extract.percentages"),
    ("dates", "newsfacts.extract.dates"),
    ("locations", "newsfacts.extract.places"),
    ("enterprises", "newsfacts.extract.enterprises"),
    ("indicators", "newsfacts.link.indicators"),
)

Stage = tuple[str, Callable[[Document], list[Fact]]]


@lru_cache(maxsize=None)
def load_stages(names: tuple[str, ...] | None = None) -> tuple[Stage, ...]:
    """Import the extractors once per process (patterns and models load with them)."""
    chosen = [(t, m) for t, m in EXTRACT_STAGES if names is None or t in names]
    return tuple((table, importlib.import_module(module).extract) for table, module in chosen)


def ingest(record: RawRecord) -> Document:
    """Raw record -> Document with normalised text and metadata (or rejected)."""
    doc = Document.of_record(record)
    if record.error:
        return doc.reject(record.error)
    raw = record.text or ""
    is_html = record.is_html or looks_like_html(raw)
    if is_html:
        page = parse_html(raw)
        raw, doc.title, doc.published_at, doc.media = page.text, page.title, page.published_at, page.media
    if not raw.strip():
        return doc.reject("empty article: no text after decoding" + (" and HTML cleaning" if is_html else ""))
    doc.raw_text = raw
    normalised = normalise(raw)
    doc.script = normalised.script
    doc.stats = {"mojibake_repaired": normalised.mojibake_repaired, "mojibake_unresolved": normalised.mojibake_unresolved}
    doc.text = normalised.text
    read_metadata(doc, record.meta, is_boilerplate_line)
    doc.text = normalised.body
    if not any("\u4e00" <= ch <= "\u9fff" for ch in doc.text):
        return doc.reject("no Chinese text after normalisation")
    doc.sentences = split_sentences(doc.text)
    return doc


def extract(doc: Document, stages: tuple[Stage, ...] | None = None) -> Document:
    if doc.status != "ok":
        return doc
    for table, run in stages if stages is not None else load_stages():
        try:
            produced = run(doc)
            # A stage writes its own table, or several when it returns them by name.
            if isinstance(produced, dict):
                doc.facts.update(produced)
            else:
                doc.facts[table] = produced
        except Exception as exc:  # one bad article must not stop the batch
            log.exception("article %s: stage %s failed", doc.article_id, table)
            doc.facts = {}
            return doc.reject(f"internal error in stage {table}: {type(exc).__name__}: {exc}")
    return doc


def process(record: RawRecord, stages: tuple[Stage, ...] | None = None) -> Document:
    try:
        doc = ingest(record)
    except Exception as exc:
        log.exception("article %s: ingestion failed", record.article_id)
        doc = Document.of_record(record)
        return doc.reject(f"internal error in ingestion: {type(exc).__name__}: {exc}")
    if doc.status != "ok":
        log.warning("article %s rejected: %s", doc.article_id, doc.error)
        doc.raw_text = ""
        return doc
    doc.raw_text = ""  # not needed downstream; keeps worker results small
    return extract(doc, stages)
