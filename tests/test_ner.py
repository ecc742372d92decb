"""The shipped statistical NER model (newsfacts/models/ner) on real news sentences.

Each row: (sentence, mention, label) — the model must return exactly that span
with that label. Sentences are simplified-script, as the pipeline normalises
them before extraction.
"""
from __future__ import annotations

import pytest

from newsfacts.extract import ner
from newsfacts.extract.crf_tagger import MODEL_FILE, CrfTagger

# corpora/seeds/000 (长江日报, Wuhan industry)
SEED_000 = [
    ("7月6日，武汉嘉仪通科技有限公司（以下简称“嘉仪通”）实验室内，研发人员正在为一款设备验证加热灯管功率分配的逻辑算法。",
     "武汉嘉仪通科技有限公司", "company"),
    ("武汉华大智造科技有限公司科研人员在核酸检测实验室工作。",
     "武汉华大智造科技有限公司", "company"),
    ("6月25日，黑芝麻智能科技有限公司带着“国产车规级芯片在智能网联汽车中的典型应用”，走上了2023年数字经济应用场景“揭榜挂帅”项目路演的舞台。",
     "黑芝麻智能科技有限公司", "company"),
    ("位于光谷生物城的武汉中旗生物医疗电子有限公司，工人正在对将要出厂的超声影像设备进行出厂前的调试。",
     "武汉中旗生物医疗电子有限公司", "company"),
    ("从武汉市统计局发布的1—5月武汉市国民经济主要指标来看，相较前4月，武汉规模以上工业增加值、固定资产投资额、工业投资等经济指标都在回温。",
     "武汉市统计局", "government"),
    ("在上海举行的第87届中国国际医疗器械博览会上，联影集团展出了一款魔方复合手术室。",
     "联影集团", "company"),
]

# corpora/seeds/001-004 (Shandong, Tianjin, Anhui, Hubei economic reports)
SEED_OTHERS = [
    ("2019年落户武清的天津华龛生物科技有限公司，是实现从生物研发到生物制造综合发展的典型代表。",
     "天津华龛生物科技有限公司", "company"),
    ("武汉华中天纬测控有限公司董事长耿安兵带来振奋的消息。",
     "武汉华中天纬测控有限公司", "company"),
    ("武汉国科量子通信网络有限公司副总经理刘智紧接着说，国科量子承接的湖北交投鄂州机场智慧高速等项目已经落地。",
     "武汉国科量子通信网络有限公司", "company"),
]

# Sentences written in the style of the seeds (government bodies, banks, groups)
NEWS_STYLE = [
    ("国家统计局今天发布数据显示，一季度国内生产总值同比增长5.3%。", "国家统计局", "government"),
    ("湖北省人民政府与中国建设银行签署战略合作协议。", "中国建设银行", "company"),
    ("湖北省人民政府与中国建设银行签署战略合作协议。", "湖北省人民政府", "government"),
    ("据海关总署统计，前两个月我国货物贸易进出口总值6.61万亿元。", "海关总署", "government"),
    ("阿里巴巴集团宣布，将在杭州新建一座数据中心。", "阿里巴巴集团", "company"),
]

# Misses of the earlier spaCy model that the CRF gets right (kept as regressions).
BUGS_CAUGHT = [
    ("国家级专精特新“小巨人”企业武汉聚合光子技术有限公司，带着高功率光纤激光元器件，首登慕尼黑激光展。",
                 "武汉聚合光子技术有限公司", "company"),
    ("威讯联合半导体（德州）有限公司是美国威讯公司在亚洲建设的第二个生产基地，主要生产手机射频集成电路芯片。",
                 "威讯联合半导体（德州）有限公司", "company"),
    ("“这次成功点火让我们开始进入全国视野，也赢得了上海联和投资有限公司的青睐。”夏齐勇介绍。",
                 "上海联和投资有限公司", "company"),
    ("如德州学院与山东有研半导体材料有限公司共建“半导体产业学院”。",
                 "山东有研半导体材料有限公司", "company"),
    ("如德州学院与山东有研半导体材料有限公司共建“半导体产业学院”。",
                 "德州学院", "organization"),
]

ROWS = SEED_000 + SEED_OTHERS + NEWS_STYLE + BUGS_CAUGHT
SENTENCES = [row.values[0] if hasattr(row, "marks") else row[0] for row in ROWS]


@pytest.fixture(scope="module")
def model():
    try:
        return ner.load_model()
    except ner.NerModelMissing as error:
        pytest.fail(str(error))


@pytest.mark.parametrize(("sentence", "mention", "label"), ROWS)
def test_finds_mention_with_label(model, sentence, mention, label):
    found = {(sentence[start:end], found_label) for start, end, found_label in ner.find_entities(sentence)}
    assert (mention, label) in found


def test_offsets_index_the_text_and_batch_matches_single(model):
    batched = ner.find_entities_batch(SENTENCES)
    assert batched == [ner.find_entities(sentence) for sentence in SENTENCES]
    for sentence, entities in zip(SENTENCES, batched):
        for start, end, label in entities:
            assert 0 <= start < end <= len(sentence)
            assert label in model.get_pipe("ner").labels


@pytest.mark.parametrize(
    "text",
    ["武汉嘉仪通科技有限公司", "营收 12.5亿元，同比增长\n30%", "ABC  公司", ""],
)
def test_entities_never_cross_the_text(model, text):
    for start, end, label in ner.find_entities(text):
        assert 0 <= start < end <= len(text) and text[start:end].strip()


def test_batches_use_the_crf_without_spacy_for_the_shipped_pipeline(model):
    assert isinstance(ner.load_tagger(), CrfTagger)


# config.cfg of a packaged pipeline -> does a batch tag with the CRF directly?
PIPELINE_CONFIGS = [
    ('[nlp]\npipeline = ["ner"]\n\n[components.ner]\nfactory = "newsfacts_crf_ner"\n', True),
    ('[nlp]\npipeline = ["tok2vec","ner"]\n\n[components.ner]\nfactory = "newsfacts_crf_ner"\n', False),
    ('[nlp]\npipeline = ["ner"]\n\n[components.ner]\nfactory = "ner"\n', False),  # spaCy's own NER
    ('[nlp]\npipeline = ["ner"]\n', False),
]


@pytest.mark.parametrize(("config", "direct"), PIPELINE_CONFIGS)
def test_crf_alone_is_tagged_directly(config, direct, tmp_path, monkeypatch):
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / MODEL_FILE).write_bytes((ner.MODEL_DIR / "ner" / MODEL_FILE).read_bytes())
    (tmp_path / "config.cfg").write_text(config, encoding="utf-8")
    monkeypatch.setattr(ner, "MODEL_DIR", tmp_path)
    ner.load_tagger.cache_clear()
    try:
        assert (ner.load_tagger() is not None) == direct
    finally:
        ner.load_tagger.cache_clear()


def test_missing_model_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(ner, "MODEL_DIR", tmp_path)
    ner.load_tagger.cache_clear()
    try:
        with pytest.raises(ner.NerModelMissing):
            ner.load_tagger()
    finally:
        ner.load_tagger.cache_clear()
