"""Train the statistical NER model shipped in newsfacts/models/ner/ (`make model`).

CLUENER2020 train/dev (all 10 labels) -> spaCy DocBin -> `spacy train` with
configs/ner.cfg on CPU, one thread -> the last model of the fixed schedule is
copied into the package. The schedule is fixed (no early stopping on dev), so
dev scores printed by scripts/eval_ner.py are not tuned on by model selection.

    .venv/bin/python scripts/train_ner.py [--max-epochs N] [--workdir training/ner]
"""
from __future__ import annotations

import os

# One thread: the machine is shared. Must be set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.cli.train import train as spacy_train  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402
from spacy.util import filter_spans, registry  # noqa: E402

from newsfacts.extract.ner import MODEL_DIR  # noqa: E402
from newsfacts.extract.ner_features import CharLexiconTokenizer  # noqa: E402

DATA_DIR = Path("/work/shared/data/cluener")
CONFIG = ROOT / "configs" / "ner.cfg"
MAX_MODEL_BYTES = 50 * 1024 * 1024


def read_cluener(path: Path) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end_exclusive, label)]) per line; CLUENER ends are inclusive."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            spans = [
                (start, end + 1, label)
                for label, mentions in (row.get("label") or {}).items()
                for offsets in mentions.values()
                for start, end in offsets
            ]
            yield row["text"], spans


def to_docbin(path: Path, tokenizer: CharLexiconTokenizer) -> tuple[DocBin, int]:
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    dropped = 0
    for text, offsets in read_cluener(path):
        doc = tokenizer(text)
        spans = [doc.char_span(start, end, label=label) for start, end, label in offsets]
        kept = filter_spans([span for span in spans if span is not None])
        dropped += len(offsets) - len(kept)
        doc.ents = kept
        docbin.add(doc)
    return docbin, dropped


def write_corpora(workdir: Path) -> dict[str, Path]:
    tokenizer = CharLexiconTokenizer(spacy.blank("zh").vocab)
    paths = {}
    for split in ("train", "dev"):
        docbin, dropped = to_docbin(DATA_DIR / f"{split}.jsonl", tokenizer)
        paths[split] = workdir / f"{split}.spacy"
        docbin.to_disk(paths[split])
        print(f"{split}: {len(docbin)} docs, {dropped} overlapping/misaligned spans dropped")
    return paths


@registry.loggers("newsfacts.ner_train_logger.v1")
def ner_train_logger():
    """One line per evaluation: epoch, step, loss, all-label F and company P/R/F."""

    def setup(nlp, stdout=sys.stdout, stderr=sys.stderr):
        started = time.monotonic()

        def log_step(info):
            if info is None:
                return
            company = (info["other_scores"].get("ents_per_type") or {}).get("company", {})
            print(
                f"epoch {info['epoch']:>2} step {info['step']:>5} "
                f"loss {info['losses'].get('ner', 0.0):9.1f} "
                f"ents_f {info['other_scores'].get('ents_f', 0.0):.3f} "
                f"company p/r/f {company.get('p', 0.0):.3f}/{company.get('r', 0.0):.3f}/{company.get('f', 0.0):.3f} "
                f"{time.monotonic() - started:6.0f}s",
                file=stdout,
                flush=True,
            )

        return log_step, lambda: None

    return setup


def directory_bytes(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=ROOT / "training" / "ner")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--max-epochs", type=int, default=None, help="override training.max_epochs")
    parser.add_argument("--no-ship", action="store_true", help="train only, leave the packaged model alone")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    corpora = write_corpora(args.workdir)
    overrides = {
        "paths.train": str(corpora["train"]),
        "paths.dev": str(corpora["dev"]),
        "training.logger": {"@loggers": "newsfacts.ner_train_logger.v1"},
    }
    if args.max_epochs is not None:
        overrides["training.max_epochs"] = args.max_epochs

    started = time.monotonic()
    spacy_train(args.config, args.workdir / "output", use_gpu=-1, overrides=overrides)
    print(f"training took {time.monotonic() - started:.0f}s")

    trained = args.workdir / "output" / "model-last"
    size = directory_bytes(trained)
    print(f"model size {size / 1024 / 1024:.1f} MB")
    if size > MAX_MODEL_BYTES:
        print(f"model exceeds {MAX_MODEL_BYTES // 1024 // 1024} MB, not shipped", file=sys.stderr)
        return 1
    if not args.no_ship:
        shutil.rmtree(MODEL_DIR, ignore_errors=True)
        shutil.copytree(trained, MODEL_DIR)
        print(f"shipped {trained} -> {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
