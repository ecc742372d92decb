"""repair_mojibake on real damaged lines (GBK byte loss, `?` + shifted run) and real question marks."""
from __future__ import annotations

import math
import random
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc
import pytest

from newsfacts.normalize import mojibake
from newsfacts.normalize.misdecoded import repair_misdecoded
from newsfacts.normalize.mojibake import repair_mojibake
from newsfacts.normalize.pinyin import strip_pinyin

SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"

# raw line -> repaired line (still traditional, annotations kept: strip_pinyin runs after)
SEED_001 = [
    # junk `shù)`, then 赝苿赢a = d8cd c684 d3ae 61 read one byte later with lost b5: 地推動產
    ("近年來,各項資源并無優(yōu)勢的德州吸引一批電子信息產(chǎn)業(yè)高端項目成功落戶,背後是當?shù)赝苿赢a(chǎn)業(yè)鏈、人才鏈",
     "近年來,各項資源并無優(yōu)勢的德州吸引一批電子信息產(chǎn)業(yè)高端項目成功落戶,背後是當地推動產(chǎn)業(yè)鏈、人才鏈"),
    # a user-defined GBK pair decoded to private use (U+E79E = a6fd) sits inside the run
    ("德州電子信息產(chǎn)業(yè)快速崛起,得益于當?shù)貙\ue79e堫^項目資金實力、市場布局",
     "德州電子信息產(chǎn)業(yè)快速崛起,得益于當地對龍頭項目資金實力、市場布局"),
    # `;` is a folded ；(a3bb); U+E1FE/U+E2FD are afc9/faae: 模化生產
    ("成立短短兩年多,公司從6人發(fā)展至80人,從專注研發(fā)到規(guī)?;\ue1fe\ue2fda(chǎn),衍生產(chǎn)業(yè)遍地開花。",
     "成立短短兩年多,公司從6人發(fā)展至80人,從專注研發(fā)到規(guī)模化生產(chǎn),衍生產(chǎn)業(yè)遍地開花。"),
]
SEED_002 = [
    # the lost character's reading survives after an inner `?`: 日 + bào -> 日報
    ("湖北日?qǐng)?bào)全媒記者 劉宇 陶忠輝", "湖北日報全媒記者 劉宇 陶忠輝"),
    ("8月25日,孝感市副市長、孝感高新區(qū)黨工委第一書記夏齊勇做客湖北日?qǐng)?bào)5G演播室。",
     "8月25日,孝感市副市長、孝感高新區(qū)黨工委第一書記夏齊勇做客湖北日報5G演播室。"),
    # `!` is a folded ！(a3a1); lost a1; R (0x52) was the trail byte of 齊 (fd52)
    ("“科技高新、實(shí)力高新、魅力高新?!毕凝R勇用三個(gè)關(guān)鍵詞介紹孝感高新區(qū)",
     "“科技高新、實(shí)力高新、魅力高新。”夏齊勇用三個(gè)關(guān)鍵詞介紹孝感高新區(qū)"),
    ("“‘發(fā)展高科技、實(shí)現(xiàn)產(chǎn)業(yè)化’是國家賦予高新區(qū)的初心使命?!毕凝R勇說,孝感高新區(qū)大力發(fā)展",
     "“‘發(fā)展高科技、實(shí)現(xiàn)產(chǎn)業(yè)化’是國家賦予高新區(qū)的初心使命。”夏齊勇說,孝感高新區(qū)大力發(fā)展"),
    # junk `zé)`, then `o` (0x6f) was the trail byte of 無 (9f6f)
    ("此外,航天重工“5噸防爆鋰電池?zé)o軌運(yùn)輸車”為全球首創(chuàng),成功搶占高端礦用設(shè)備市場",
     "此外,航天重工“5噸防爆鋰電池無軌運(yùn)輸車”為全球首創(chuàng),成功搶占高端礦用設(shè)備市場"),
    # lost a1; `D` (0x44) was the trail byte of 轉 (de44)
    ("6月6日,孝感高新區(qū)召開全區(qū)干部大會(huì)暨全員招商動(dòng)員大會(huì)?!澳康木褪寝D(zhuǎn)變同志們的思想觀念",
     "6月6日,孝感高新區(qū)召開全區(qū)干部大會(huì)暨全員招商動(dòng)員大會(huì)。“目的就是轉(zhuǎn)變同志們的思想觀念"),
]
# a `?` that is a question mark stays
REAL_QUESTION_MARKS = [
    ("成立短短兩年多,公司從6人發(fā)展至80人,衍生產(chǎn)業(yè)遍地開花。爆發(fā)式增長的原因何在?張驪直言:“選對了‘賽道’,遇上了好時(shí)代。”",) * 2,
    ("孝感高新區(qū)如何與“芯”相遇,逐“光”而行?8月25日,孝感市副市長、孝感高新區(qū)黨工委第一書記",) * 2,
    ("百億級(jí)算力項(xiàng)目,為何落地孝感高新區(qū)?\n“既要有前瞻性眼光,還要有陪伴其成長的耐心。",) * 2,
    ("全市经济交出的“期中卷”成绩如何?从武汉市统计局发布的1—5月数据看",) * 2,
    ("如何统筹?如何组织?如何融合?\"一人独进百步 不如百人同进一步\"",) * 2,
    ("谁是产业生态里的\"达尔文之海\"?武汉的探索是——龙头企业带动",) * 2,
]
XFAIL = [
    pytest.param(
        "近年來,德州市通過推動七大“有研系”項目,涉及大尺寸硅片、高純?yōu)R射靶材、刻蝕設(shè)備用硅材料等領(lǐng)域。",
        "近年來,德州市通過推動七大“有研系”項目,涉及大尺寸硅片、高純濺射靶材、刻蝕設(shè)備用硅材料等領(lǐng)域。",
        marks=pytest.mark.xfail(reason="濺射靶材 is not in jieba: 濺/馬/齊 tie, left alone and counted"),
    ),
    pytest.param(
        "2023年,孝感3D科學(xué)計(jì)算中心上?;卦O(shè)立。經(jīng)中國信息通信研究院測試",
        "2023年,孝感3D科學(xué)計(jì)算中心上海基地設(shè)立。經(jīng)中國信息通信研究院測試",
        marks=pytest.mark.xfail(reason="the scraper also dropped f9b5 (基地 split): re-read as 海回設"),
    ),
    pytest.param(
        "孝感3D科學(xué)計(jì)算中心上?;?。(孝感高新區(qū)管委會(huì)供圖)",
        "孝感3D科學(xué)計(jì)算中心上海基地。(孝感高新區(qū)管委會(huì)供圖)",
        marks=pytest.mark.xfail(reason="bytes of 基地 lost with the `?`: undecidable, left and counted"),
    ),
    pytest.param(
        "“前期大量投入都是服務(wù)前期研發(fā),短期內(nèi)看不到火熱的生產(chǎn)場面,我們面臨很大壓力?!毕凝R勇感嘆。",
        "“前期大量投入都是服務(wù)前期研發(fā),短期內(nèi)看不到火熱的生產(chǎn)場面,我們面臨很大壓力。”夏齊勇感嘆。",
        marks=pytest.mark.xfail(reason="alone, 壓力殻 (a jieba word) ties with 壓力。; the article-level vote decides"),
    ),
]


@pytest.mark.parametrize("raw,expected", SEED_001 + SEED_002 + REAL_QUESTION_MARKS + XFAIL)
def test_repair_mojibake_line(raw, expected):
    assert repair_mojibake(raw)[0] == expected


# raw line -> (spans repaired, suspicious spans left undecided)
COUNTS = [
    ("背後是當?shù)赝苿赢a(chǎn)業(yè)鏈、人才鏈、創(chuàng)新鏈", (1, 0)),
    ("爆發(fā)式增長的原因何在?張驪直言:“選對了‘賽道’,遇上了好時(shí)代。”", (0, 0)),
    ("孝感3D科學(xué)計(jì)算中心上?;?。(孝感高新區(qū)管委會(huì)供圖)", (0, 1)),
    # junk reading, then `?` for a lost `<` of `</p>`: nothing to go on, both counted
    ("六大招商模式觸達(dá)全國\n百億產(chǎn)業(yè)基金引鳳來?xiàng)?/p>\n6月6日,孝感高新區(qū)召開全區(qū)干部大會(huì)", (0, 2)),
    ("越來越多城市的新興產(chǎn)業(yè)集群開始在全球產(chǎn)業(yè)版圖中占有一席之地。", (0, 0)),
]


@pytest.mark.parametrize("raw,counts", COUNTS)
def test_repair_mojibake_counts(raw, counts):
    assert repair_mojibake(raw)[1:] == counts


@lru_cache(maxsize=None)
def _normalised_seed(prefix: str) -> tuple[str, int, int]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text, repaired, undecided = repair_mojibake(path.read_text(encoding="utf-8"))
    return opencc.OpenCC("t2s").convert(strip_pinyin(text)), repaired, undecided


# the damaged seed articles, whole: every `?` of them, repaired or not
@pytest.mark.parametrize("seed", ["001", "002"])
def test_shared_window_scores_equal_whole_segmentations(seed, monkeypatch):
    """A span's windows scored from the shared left and right segmentations score as if each
    window were segmented whole (up to float rounding)."""
    scored = []
    shared_score = mojibake._SpanWindows.score

    def checked(windows, window):
        scored.append((window, shared_score(windows, window), mojibake._best_prefixes(window, windows.model)[-1]))
        return scored[-1][1]

    monkeypatch.setattr(mojibake._SpanWindows, "score", checked)
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    repair_mojibake(path.read_text(encoding="utf-8"))
    assert len(scored) > 100
    assert [w for w, shared, whole in scored if not math.isclose(shared, whole, rel_tol=0, abs_tol=1e-9)] == []


def _shortlist_by_sorting_all(shifts, keep: int) -> list[tuple[int, str]]:
    """What `_most_common_shifts` must choose: every re-decoding made, sorted by commonness
    (stable, so ties keep the earlier one), the first `keep` of them in the order they were made."""
    made = [(end, char + rest) for end, rest, lost in shifts for char in lost]
    chosen = sorted(range(len(made)), key=lambda k: mojibake._commonness(made[k][1]), reverse=True)[:keep]
    return [made[k] for k in sorted(chosen)]


@pytest.mark.parametrize("seed", ["001", "002"])
@pytest.mark.parametrize("keep", [1, 7, 24])
def test_lazy_shortlist_equals_sorting_every_candidate(seed, keep, monkeypatch):
    compared = []
    lazy = mojibake._most_common_shifts

    def checked(shifts, _keep):
        chosen = lazy(shifts, keep)
        compared.append(([(c.end, c.replacement) for c in chosen], _shortlist_by_sorting_all(shifts, keep)))
        return chosen

    monkeypatch.setattr(mojibake, "_most_common_shifts", checked)
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    repair_mojibake(path.read_text(encoding="utf-8"))
    assert len(compared) >= 5 and any(len(expected) == keep for _, expected in compared)
    assert [pair for pair in compared if pair[0] != pair[1]] == []


# seed, word, occurrences after repair + strip_pinyin + t2s of the whole article
ARTICLE_COUNTS = [
    ("002", "夏齐勇", 11),
    ("002", "湖北日报", 4),
    ("002", "目的就是转变", 1),
    ("002", "无轨运输车", 1),
    ("002", "压力。”夏齐勇感叹", 1),
    ("001", "当地推动产业链", 1),
    ("001", "当地对龙头项目", 1),
    ("001", "规模化生产", 1),
]


@pytest.mark.parametrize("seed,word,count", ARTICLE_COUNTS)
def test_whole_article_repairs(seed, word, count):
    assert _normalised_seed(seed)[0].count(word) == count


# every `?` left in the article, with the four characters after it: real questions
# (何在?张骊, 而行?8月, 为何…?\n, 如何?) and undecided damage (?yōu)R, ?;?。, ?xiàng)?/p>)
ARTICLE_QUESTION_MARKS = [
    ("001", ["?yōu)", "?张骊直言"]),
    ("002", ["?8月25", "?;?。(", "?。(孝感", "?\n“既要", "?xiàn", "?/p>\n"]),
    ("000", ["?从武汉市"]),
    ("004", ["?如何组织", "?如何融合", "?\"一人独", "?武汉的探"]),
]


@pytest.mark.parametrize("seed,left", ARTICLE_QUESTION_MARKS)
def test_whole_article_question_marks_left(seed, left):
    text = _normalised_seed(seed)[0]
    assert [text[m.start():m.start() + 5] for m in re.finditer(r"\?", text)] == left


# Synthetic damage over sentences of other articles (not the seeds), made the way the seeds' was:
# the page was GBK, one lead byte became `?` (0x3F), a browser decoded the rest as gb18030
# (user-defined pairs -> private use) and NFKC folded full-width forms. Each row: the sentence
# (simplified: written in traditional script first, as the damaged pages were).
DAMAGE_SENTENCES = [
    "今年前三季度，襄阳市规模以上工业增加值同比增长百分之八点六，高于全省平均水平。",
    "记者从市发展改革委获悉，该市新能源汽车产业链加快集聚，比亚迪、宁德时代等龙头企业相继落户。",
    "据海关统计，上半年东莞市外贸进出口总值同比下降，其中出口占比超过六成。",
    "湖北日报全媒记者刘宇报道，孝感高新区聚焦光电子信息产业，引进重大项目二十个。",
    "宁波舟山港今年货物吞吐量稳居全球第一，宁波市统计局数据显示，全市规上工业总产值增长百分之五。",
    "全市新签约亿元以上项目一百二十个，总投资额达到八百亿元，打造中国光谷科创大走廊重要功能区。",
]


def _damaged(text: str, rng: random.Random) -> tuple[str, str]:
    """(damaged, truth after NFKC) for one lost lead byte of a random character of `text`."""
    raw = bytearray(text.encode("gbk"))
    leads, i = [], 0
    while i < len(raw):
        if raw[i] >= 0x81:
            leads.append(i)
            i += 2
        else:
            i += 1
    raw[rng.choice(leads[1:-3])] = 0x3F
    damaged = unicodedata.normalize("NFKC", bytes(raw).decode("gb18030", errors="replace").replace("\ufffd", "?"))
    return damaged, unicodedata.normalize("NFKC", text)


def test_synthetic_damage_is_mostly_repaired_and_seldom_wrongly():
    """On 300 damaged sentences (seeded): at least half restored exactly, at most 6% changed into
    something else (measured: 166 and 11); the rest is left as it was. What is left is mostly a
    lost character whose best reading wins by less than min_gap (全市 over 全行)."""
    to_traditional = opencc.OpenCC("s2t").convert
    rng = random.Random(0)
    restored = wrong = 0
    trials = 300
    for _ in range(trials):
        damaged, truth = _damaged(to_traditional(rng.choice(DAMAGE_SENTENCES)), rng)
        repaired, spans, _ = repair_mojibake(damaged)
        repaired = unicodedata.normalize("NFKC", repaired)
        if repaired == truth:
            restored += 1
        elif spans:
            wrong += 1
    assert restored >= 0.5 * trials and wrong <= 0.06 * trials, (restored, wrong)


# UTF-8 text decoded with the wrong codec and saved again: rows are (the clean line, the codec it
# was misread with) -> the line is read back exactly; a clean line is left alone.
MISDECODED = [
    ("上半年，东湖高新区规模以上工业增加值同比增长11.7%，占规上工业比重达到72.5%。", "latin-1"),
    ("10月29日，苏州工业园区发布数据，前三季度园区实现地区生产总值2780.5亿元。", "cp1252"),
    ("光电子信息产业实现营业收入2680亿元，同比增长9.8%，长江存储新增投资120亿元。", "gbk"),
]


@pytest.mark.parametrize("clean, codec", MISDECODED)
def test_misdecoded_lines_are_read_back(clean, codec):
    damaged = clean.encode("utf-8").decode(codec, errors="replace")
    text = f"标题一二三四五六\n{damaged}\n全市增长5%。"
    fixed, repaired, lossy = repair_misdecoded(text)
    assert repaired == 1
    if "\ufffd" not in damaged:
        assert fixed == f"标题一二三四五六\n{clean}\n全市增长5%。" and lossy == 0


@pytest.mark.parametrize("clean", [
    "涓是一个罕见字，锛也是，但这一行是正常的中文新闻句子，增长5%。",  # telltales, too few of them
    "Café and naïve résumé: Latin text with accents stays as it is.",
])
def test_clean_text_is_not_read_back(clean):
    assert repair_misdecoded(clean) == (clean, 0, 0)
