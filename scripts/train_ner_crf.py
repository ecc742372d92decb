#!/usr/bin/env python3
"""Train the shipped NER model: a character CRF (newsfacts/extract/crf_ner.py) on CLUENER.

    python scripts/train_ner_crf.py --train ../shared/data/cluener/train.jsonl \
        --dev ../shared/data/cluener/dev.jsonl [--out newsfacts/models/ner]

All ten CLUENER labels are learnt: company is what the enterprise extractor
uses, government and organization tell it what is *not* a company. The
result is a spaCy pipeline (char tokens + the CRF as `ner`) saved to --out,
which `newsfacts.extract.ner.load_model()` loads offline. Deterministic:
L-BFGS on fixed data gives the same model every run.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsfacts.extract.crf_ner import blank_pipeline, char_features  # noqa: E402
from newsfacts.extract.ner import MODEL_DIR  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def read_cluener(path: Path) -> list[tuple[str, list[str]]]:
    """(text, per-character B-/I-/O labels) for every line of a CLUENER file."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        labels = ["O"] * len(text)
        for label, names in (record.get("label") or {}).items():
            for spans in names.values():
                for start, end in spans:  # CLUENER ends are inclusive
                    labels[start] = f"B-{label}"
                    for k in range(start + 1, end + 1):
                        labels[k] = f"I-{label}"
        examples.append((text, labels))
    return examples


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--dev", type=Path, help="printed per-label scores after training (see scripts/eval_ner.py)")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--max-iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args(argv)

    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, labels in read_cluener(args.train):
        trainer.append(char_features(text), labels)
    trainer.set_params({**PARAMS, "max_iterations": args.max_iterations})
    with tempfile.TemporaryDirectory() as tmp:
        model_file = Path(tmp) / "model.crfsuite"
        trainer.train(str(model_file))
        print(f"trained in {time.perf_counter() - started:.0f} s", flush=True)
        nlp = blank_pipeline()
        nlp.get_pipe("ner").load_model(model_file)
        staging = args.out.with_name(args.out.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        nlp.to_disk(staging)
    shutil.rmtree(args.out, ignore_errors=True)
    staging.rename(args.out)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"saved {args.out} ({size / 1e6:.1f} MB)")
    if args.dev:
        import subprocess

        evaluate = [sys.executable, str(ROOT / "scripts" / "eval_ner.py"), "--dev", str(args.dev), "--model-dir", str(args.out)]
        return subprocess.run(evaluate, check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
