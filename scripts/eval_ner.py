"""Score the shipped NER model on CLUENER2020 dev (`make eval-ner`).

Loads newsfacts/models/ner through newsfacts.extract.ner.load_model, tags
dev.jsonl and prints per-label and all-label micro precision / recall / F1
(exact span + label match) and throughput in characters per second.
Exits 1 if the model is missing.

    .venv/bin/python scripts/eval_ner.py [--dev PATH] [--model-dir DIR]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacts.extract import ner  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "cluener" / "dev.jsonl"


def read_gold(path: Path) -> tuple[list[str], list[set[tuple[int, int, str]]]]:
    texts, gold = [], []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            texts.append(row["text"])
            gold.append(
                {
                    (start, end + 1, label)  # CLUENER ends are inclusive
                    for label, mentions in (row.get("label") or {}).items()
                    for offsets in mentions.values()
                    for start, end in offsets
                }
            )
    return texts, gold


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--model-dir", type=Path, default=None, help="score another trained model instead of the shipped one")
    args = parser.parse_args()

    try:
        if args.model_dir is None:
            nlp = ner.load_model()
        else:
            import spacy

            nlp = spacy.load(args.model_dir)
    except (ner.NerModelMissing, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    texts, gold = read_gold(args.dev)
    started = time.perf_counter()
    predicted = [
        {(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents} for doc in nlp.pipe(texts, batch_size=256)
    ]
    seconds = time.perf_counter() - started

    tp, fp, fn = Counter(), Counter(), Counter()
    for gold_spans, predicted_spans in zip(gold, predicted):
        for _, _, label in gold_spans & predicted_spans:
            tp[label] += 1
        for _, _, label in predicted_spans - gold_spans:
            fp[label] += 1
        for _, _, label in gold_spans - predicted_spans:
            fn[label] += 1

    print(f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}")
    for label in sorted(set(tp) | set(fp) | set(fn)):
        precision, recall, f1 = prf(tp[label], fp[label], fn[label])
        print(f"{label:<14}{precision:7.3f}{recall:7.3f}{f1:7.3f}{tp[label] + fn[label]:7d}")
    precision, recall, f1 = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"{'ALL (micro)':<14}{precision:7.3f}{recall:7.3f}{f1:7.3f}{sum(tp.values()) + sum(fn.values()):7d}")
    characters = sum(map(len, texts))
    print(f"{len(texts)} texts, {characters} chars in {seconds:.1f}s: {characters / seconds:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
