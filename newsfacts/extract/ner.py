"""Statistical named-entity recogniser (spaCy, trained on CLUENER2020).

Labels: company, government, organization, name, address, position, scene,
book, movie, game. The enterprises extractor takes `company` mentions and uses
`government` / `organization` to exclude non-companies.

The model ships inside the package (newsfacts/models/ner/, built by
scripts/train_ner.py) and is loaded once per process, offline: a spaCy
pipeline of character tokens and a character CRF as its `ner` component
(newsfacts.extract.crf_ner, which registers the component with spaCy).

Batches tag with the CRF directly when the packaged pipeline is that CRF
alone: on character tokens the spans are the same, and a worker then neither
imports spaCy (a second of start-up) nor builds a Doc per sentence.
"""
from __future__ import annotations

import configparser
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsfacts.extract.crf_tagger import FACTORY, MODEL_FILE, CrfTagger

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"

Entity = tuple[int, int, str]  # (start, end_exclusive, label), character offsets


class NerModelMissing(FileNotFoundError):
    """The packaged model is absent: run `make model`."""


def _require_model() -> None:
    if not (MODEL_DIR / "config.cfg").is_file():
        raise NerModelMissing(f"no NER model in {MODEL_DIR}; build it with `make model`")


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The packaged spaCy pipeline."""
    import spacy

    from newsfacts.extract import crf_ner  # noqa: F401  (registers the CRF component)

    _require_model()
    return spacy.load(MODEL_DIR)


@lru_cache(maxsize=1)
def load_tagger() -> CrfTagger | None:
    """The packaged CRF when the pipeline is that CRF alone (read from its config, without spaCy);
    None for any other pipeline. Raises NerModelMissing when no model is packaged."""
    _require_model()
    config = configparser.ConfigParser(interpolation=None)
    config.read(MODEL_DIR / "config.cfg", encoding="utf-8")
    pipeline = json.loads(config.get("nlp", "pipeline", fallback="[]"))
    factory = json.loads(config.get("components.ner", "factory", fallback="null"))
    if pipeline != ["ner"] or factory != FACTORY:
        return None
    return CrfTagger(MODEL_DIR / "ner" / MODEL_FILE)


def _entities(doc) -> list[Entity]:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def find_entities(text: str) -> list[Entity]:
    """Entities in `text` as (start, end, label); text[start:end] is the mention."""
    return _entities(load_model()(text))


def find_entities_batch(texts: Iterable[str], batch_size: int = 256) -> list[list[Entity]]:
    """`find_entities` for many texts, in order: with the CRF alone (`load_tagger`), its
    spans directly; with any other pipeline, batched through nlp.pipe."""
    tagger = load_tagger()
    if tagger is not None:
        return [tagger.predict_spans(text) for text in texts]
    return [_entities(doc) for doc in load_model().pipe(texts, batch_size=batch_size)]
