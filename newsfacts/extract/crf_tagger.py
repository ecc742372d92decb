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
