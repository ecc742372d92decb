"""The character CRF itself, without spaCy: features, tagging, spans.

`crf_ner` wraps it as a spaCy pipeline component (how the model is trained,
packaged and loaded as a pipeline); the batch tags with it directly, so a worker
does not import spaCy (a second of start-up) only to reach a CRFsuite file.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pycrfsuite

FACTORY = "newsfacts_crf_ner"  # the spaCy component (crf_ner) that packages this tagger
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
    tokens = [(word, start, end, word_tags.get(word, "x")) for word, start, end in jieba.tokenize(text, HMM=True)]
    # What a character takes from its word: position features per character, the rest once per word.
    word_features: list[list[str]] = [[]] * n
    for k, (word, start, end, tag) in enumerate(tokens):
        length = end - start
        shared = ["wt=" + tag, "w=" + (word if length > 1 else "S")]
        if end < n:  # the next word: suffix cues such as 公司, 集团, 银行
            shared += ["nw=" + tokens[k + 1][0], "nt=" + tokens[k + 1][3]]
        if start > 0:  # the previous word: cues such as 位于, 董事长
            shared += ["pw=" + tokens[k - 1][0], "pt=" + tokens[k - 1][3]]
        size = str(min(length, 5))
        for i in range(start, end):
            position = "S" if length == 1 else "B" if i == start else "E" if i == end - 1 else "M"
            word_features[i] = ["wp=" + position, shared[0], "wtp=" + tag + position, "wl=" + size + position,
                                *shared[1:]]

    padded = "##" + text + "##"  # padded[i + 2] is text[i]; "#" stands outside the text
    return [
        ["bias", "c0=" + c, "c-1=" + before, "c+1=" + after, "c-2=" + before2, "c+2=" + after2,
         "b-1=" + before + c, "b+1=" + c + after, "b-2=" + before2 + before,
         "b+2=" + after + after2, "t0=" + before + c + after, *from_word]
        for before2, before, c, after, after2, from_word
        in zip(padded, padded[1:], text, padded[3:], padded[4:], word_features)
    ]


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


class CrfTagger:
    """A trained CRFsuite model: text -> (start, end, label) character spans."""

    def __init__(self, model_file: Path) -> None:
        self.model_file = Path(model_file)
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(self.model_file))

    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({tag[2:] for tag in self.tagger.labels() if tag != "O"}))

    def predict_spans(self, text: str) -> list[tuple[int, int, str]]:
        if not text:
            return []
        return bio_spans(self.tagger.tag(char_features(text)))
