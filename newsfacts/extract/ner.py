"""Statistical named-entity recogniser (spaCy, trained on CLUENER2020).

Labels: company, government, organization, name, address, position, scene,
book, movie, game. The enterprises extractor takes `company` mentions and uses
`government` / `organization` to exclude non-companies.

The model ships inside the package (newsfacts/models/ner/, built by
scripts/train_ner.py) and is loaded once per process, offline: a spaCy
pipeline of character tokens and a character CRF as its `ner` component
(newsfacts.extract.crf_ner, imported here so spaCy knows the component).
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from newsfacts.extract import crf_ner  # noqa: F401  (registers the CRF component)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"

Entity = tuple[int, int, str]  # (start, end_exclusive, label), character offsets


class NerModelMissing(FileNotFoundError):
    """The packaged model is absent: run `make model`."""


@lru_cache(maxsize=1)
def load_model() -> Language:
    if not (MODEL_DIR / "config.cfg").is_file():
        raise NerModelMissing(f"no NER model in {MODEL_DIR}; build it with `make model`")
    return spacy.load(MODEL_DIR)


def _entities(doc) -> list[Entity]:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def find_entities(text: str) -> list[Entity]:
    """Entities in `text` as (start, end, label); text[start:end] is the mention."""
    return _entities(load_model()(text))


def find_entities_batch(texts: Iterable[str], batch_size: int = 256) -> list[list[Entity]]:
    """`find_entities` for many texts, in order, batched through nlp.pipe.

    When the pipeline is the character CRF alone, its spans are asked for directly:
    building a spaCy Doc and its entity Spans per sentence costs as much as the tagging,
    and on character tokens they are the same offsets."""
    nlp = load_model()
    if nlp.pipe_names == ["ner"] and isinstance(nlp.get_pipe("ner"), crf_ner.CrfNer):
        tagger = nlp.get_pipe("ner")
        return [tagger.predict_spans(text) for text in texts]
    return [_entities(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
