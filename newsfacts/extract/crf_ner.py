"""A linear-chain CRF over characters, as a spaCy pipeline component.

Why a CRF: on CLUENER it beats spaCy's transition-based `ner` trained on the
same data here (company F1 0.73 against 0.65 at best), trains on one CPU core
in minutes and ships in a few MB. Every character is labelled B-/I-/O with
features from its neighbours (characters, bigrams, a trigram) and from jieba's
segmentation (the word holding it, its position and dictionary part of speech,
the neighbouring words): the word boundaries a bare character model cannot
see. The component writes `doc.ents`, so it is used like any spaCy NER.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

FACTORY = "newsfacts_crf_ner"
MODEL_FILE = "model.crfsuite"


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, jieba.posseg.dt.word_tag_tab


def char_features(text: str) -> list[list[str]]:
    """CRF features for every character of `text`."""
    jieba, word_tags = _jieba()
    n = len(text)
    words: list[tuple[str, str, str, int, int]] = [("", "S", "x", 0, 0)] * n  # word, position, tag, start, end
    for word, start, end in jieba.tokenize(text, HMM=True):
        tag = word_tags.get(word, "x")
        for k in range(start, end):
            position = "S" if end - start == 1 else "B" if k == start else "E" if k == end - 1 else "M"
            words[k] = (word, position, tag, start, end)

    padded = "##" + text + "##"  # padded[i + 2] is text[i]; "#" stands outside the text
    features = []
    for i in range(n):
        word, position, tag, start, end = words[i]
        before2, before, c, after, after2 = padded[i:i + 5]
        f = [
            "bias", "c0=" + c, "c-1=" + before, "c+1=" + after, "c-2=" + before2, "c+2=" + after2,
            "b-1=" + before + c, "b+1=" + c + after, "b-2=" + before2 + before,
            "b+2=" + after + after2, "t0=" + before + c + after,
            "wp=" + position, "wt=" + tag, "wtp=" + tag + position, "wl=" + str(min(end - start, 5)) + position,
            "w=" + (word if end - start > 1 else "S"),
        ]
        if end < n:  # the next word: suffix cues such as 公司, 集团, 银行
            f += ["nw=" + words[end][0], "nt=" + words[end][2]]
        if start > 0:  # the previous word: cues such as 位于, 董事长
            f += ["pw=" + words[start - 1][0], "pt=" + words[start - 1][2]]
        features.append(f)
    return features


def bio_spans(labels: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of a B-/I-/O label sequence."""
    spans, current = [], None
    for i, tag in enumerate([*labels, "O"]):
        if current and (tag == "O" or tag.startswith("B-") or tag[2:] != current[1]):
            spans.append((current[0], i, current[1]))
            current = None
        if tag.startswith("B-") or (tag.startswith("I-") and current is None):
            current = (i, tag[2:])
    return spans


class CrfNer:
    """spaCy component: tags characters with the CRF and sets doc.ents."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.tagger: pycrfsuite.Tagger | None = None
        self.model_file: Path | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        if self.tagger is None:
            return ()
        return tuple(sorted({tag[2:] for tag in self.tagger.labels() if tag != "O"}))

    def predict_spans(self, text: str) -> list[tuple[int, int, str]]:
        if self.tagger is None:
            raise ValueError(f"{self.name}: no CRF model loaded")
        if not text:
            return []
        return bio_spans(self.tagger.tag(char_features(text)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for start, end, label in self.predict_spans(doc.text):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    def load_model(self, model_file: Path) -> None:
        """Use a trained CRFsuite model file (training writes one, `from_disk` reads one)."""
        self.model_file = Path(model_file)
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(self.model_file))

    def to_disk(self, path, exclude=()) -> None:
        if self.model_file is None:
            raise ValueError(f"{self.name}: nothing to save, no CRF model loaded")
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / MODEL_FILE).write_bytes(self.model_file.read_bytes())

    def from_disk(self, path, exclude=()) -> "CrfNer":
        self.load_model(Path(path) / MODEL_FILE)
        return self


@Language.factory(FACTORY)
def make_crf_ner(nlp: Language, name: str) -> CrfNer:
    return CrfNer(nlp, name)


def blank_pipeline() -> Language:
    """Character tokens (no segmenter model needed) and the CRF component named `ner`."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe(FACTORY, name="ner")
    return nlp

