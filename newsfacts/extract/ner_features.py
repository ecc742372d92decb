"""Character tokens with word-lexicon features for the statistical NER model.

The NER pipeline reads Chinese one character per token (no segmenter model to
download), but a character alone says little about where a name ends. So the
tokenizer also runs jieba and writes, on every character token, attributes
that the model's hash embeddings read (see configs/ner.cfg, MultiHashEmbed):

    ORTH   the character itself                         公
    NORM   the jieba word holding it + its position     公司|B
    LEMMA  the bigram ending at it                      "限公"
    TAG    the bigram starting at it                    "公司"
    MORPH  position in word and jieba's dictionary POS  Seg=B|Pos=n

The attributes are computed from the text alone, the same way in training and
at inference, so they live here in the package: importing this module
registers the tokenizer under TOKENIZER_NAME and the saved model then loads
with `spacy.load(path)`.

Every character, whitespace included, is its own token with no trailing
space, so token.i == character offset == token.idx.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import jieba
import jieba.posseg
import numpy
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

TOKENIZER_NAME = "newsfacts.char_lexicon_tokenizer.v1"

_BOUNDARY = "<s>"  # stands for the character before the first / after the last


def _word_tags() -> dict[str, str]:
    # jieba's posseg dictionary (word -> POS such as nt organisation, ns place),
    # read directly: a dict lookup per word costs nothing next to posseg's HMM.
    return jieba.posseg.dt.word_tag_tab


def _segmenter() -> jieba.Tokenizer:
    # A private jieba instance on the bundled dictionary: words other modules add
    # to the global jieba (add_word, load_userdict) must not shift the features
    # away from those the model was trained on.
    jieba.setLogLevel(60)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


def char_features(
    text: str, word_tags: dict[str, str], segmenter: jieba.Tokenizer = jieba.dt
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Per-character (word|position, left bigram, right bigram, morph) strings for `text`."""
    words, left, right, morphs = [], [], [], []
    for word, start, end in segmenter.tokenize(text, HMM=True):
        size = end - start
        pos_tag = word_tags.get(word, "unk") if not word.isspace() else "space"
        for offset in range(size):
            if size == 1:
                position = "S"
            elif offset == 0:
                position = "B"
            elif offset == size - 1:
                position = "E"
            else:
                position = "M"
            words.append(f"{word}|{position}")
            morphs.append(f"Pos={pos_tag}|Seg={position}")
    for i, char in enumerate(text):
        left.append((text[i - 1] if i > 0 else _BOUNDARY) + char)
        right.append(char + (text[i + 1] if i + 1 < len(text) else _BOUNDARY))
    return words, left, right, morphs


class CharLexiconTokenizer:
    """One token per character, annotated with jieba word features (see module doc)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._word_tags = _word_tags()
        self._segmenter = _segmenter()

    def __call__(self, text: str) -> Doc:
        chars = list(text)
        words, left, right, morphs = char_features(text, self._word_tags, self._segmenter)
        doc = Doc(
            self.vocab,
            words=chars,
            spaces=[False] * len(chars),
            lemmas=left,
            tags=right,
            morphs=morphs,
        )
        if chars:
            add = self.vocab.strings.add
            doc.from_array([NORM], numpy.array([[add(word)] for word in words], dtype="uint64"))
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # Nothing to save: the features are computed from jieba's bundled dictionary.
    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "CharLexiconTokenizer":
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "CharLexiconTokenizer":
        return self


@registry.tokenizers(TOKENIZER_NAME)
def create_char_lexicon_tokenizer():
    def make_tokenizer(nlp) -> CharLexiconTokenizer:
        return CharLexiconTokenizer(nlp.vocab)

    return make_tokenizer

