"""Train the statistical NER model shipped in newsfacts/models/ner/ (`make model`).

CLUENER2020 train/dev (all 10 labels; train plus one copy of each company
sentence with a synthetic registered name, see `augment`) -> spaCy DocBin -> `spacy train` with
configs/ner.cfg on CPU, one thread -> the last model of the fixed schedule is
copied into the package. The schedule is fixed (no early stopping on dev), so
no checkpoint is picked by its dev score (the config itself was chosen on dev).

    .venv/bin/python scripts/train_ner.py [--max-epochs N] [--workdir training/ner]
"""
from __future__ import annotations

import os

# One thread: the machine is shared. Must be set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import random
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


# Synthetic registered company names. CLUENER (short Sina news snippets) has
# few full names like 武汉某某科技有限公司 (72 of 10748 train lines), while the
# articles newsfacts reads are full of them; the unaugmented model tagged them as
# address (they start with a city). So every train sentence with a company gets
# one copy whose company mentions are replaced by a name built as
# [place] brand [industry] form. Places and industries are generic lists, the
# brand is drawn from characters of CLUENER company names.
PLACES = (
    "北京 上海 天津 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
    "四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆 深圳 广州 杭州 南京 苏州 无锡 宁波 合肥 福州 "
    "厦门 济南 青岛 烟台 郑州 洛阳 长沙 株洲 成都 绵阳 西安 昆明 贵阳 南宁 南昌 太原 石家庄 沈阳 大连 长春 "
    "哈尔滨 兰州 银川 乌鲁木齐 东莞 佛山 珠海 常州 南通 徐州 温州 嘉兴 绍兴 芜湖 滁州 襄阳 宜昌 荆州 十堰 "
    "孝感 黄石 鄂州 株洲 唐山 保定 廊坊 潍坊 淄博 临沂 德州 泉州 漳州 赣州 九江 柳州 遵义 宝鸡 包头 中山"
).split()
INDUSTRIES = (
    "科技 生物科技 智能科技 信息技术 电子 电子科技 光电 光电子 新能源 新能源科技 新材料 半导体 半导体材料 "
    "医疗器械 医疗电子 生物医药 医药 通信 通信网络 网络科技 软件 投资 实业 汽车 汽车零部件 机械 精密机械 "
    "化工 能源 建设 建筑工程 贸易 食品 电气 环保科技 控股 物流 置业 房地产开发 测控 仪器 材料 技术 数据科技"
).split()
FORMS = "有限公司 有限公司 有限公司 股份有限公司 股份有限公司 有限责任公司 集团有限公司 集团股份有限公司 集团".split()


def synthetic_company(rng: random.Random, brand_chars: list[str]) -> str:
    brand = "".join(rng.choice(brand_chars) for _ in range(rng.choice((2, 2, 2, 3, 4))))
    industry = rng.choice(INDUSTRIES) if rng.random() < 0.85 else ""
    form = rng.choice(FORMS)
    place = rng.choice(PLACES)
    if rng.random() < 0.1:  # 威讯联合半导体（德州）有限公司
        left, right = rng.choice((("（", "）"), ("(", ")")))
        return f"{brand}{industry}{left}{place}{right}{form}"
    return f"{place if rng.random() < 0.7 else ''}{brand}{industry}{form}"


def augment(rows: list[tuple[str, list[tuple[int, int, str]]]], seed: int = 0):
    """One copy of each sentence with a company, company names replaced by synthetic ones."""
    rng = random.Random(seed)
    generic = set("".join(FORMS + INDUSTRIES))
    # A multiset, so brands favour the characters real company names use.
    brand_chars = [
        char
        for text, spans in rows
        for start, end, label in spans
        if label == "company"
        for char in text[start:end]
        if "\u4e00" <= char <= "\u9fff" and char not in generic
    ]
    for text, spans in rows:
        if not any(label == "company" for _, _, label in spans):
            continue
        pieces, new_spans, cursor, shift = [], [], 0, 0
        for start, end, label in sorted(spans):
            if start < cursor:  # overlapping gold span: keep the sentence as is
                break
            mention = synthetic_company(rng, brand_chars) if label == "company" else text[start:end]
            pieces.append(text[cursor:start] + mention)
            new_start = start + shift
            new_spans.append((new_start, new_start + len(mention), label))
            shift += len(mention) - (end - start)
            cursor = end
        else:
            pieces.append(text[cursor:])
            yield "".join(pieces), new_spans


def to_docbin(path: Path, tokenizer: CharLexiconTokenizer, augmented: bool) -> tuple[DocBin, int]:
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    dropped = 0
    rows = list(read_cluener(path))
    if augmented:
        rows += list(augment(rows))
    for text, offsets in rows:
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
        docbin, dropped = to_docbin(DATA_DIR / f"{split}.jsonl", tokenizer, augmented=split == "train")
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
        # The progress logger lives in this script only; the shipped config names
        # spaCy's own so the package never refers to training code.
        config = MODEL_DIR / "config.cfg"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                '@loggers = "newsfacts.ner_train_logger.v1"',
                '@loggers = "spacy.ConsoleLogger.v1"\nprogress_bar = false',
            ),
            encoding="utf-8",
        )
        print(f"shipped {trained} -> {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
