"""Normalisation steps on real lines from the seeds (corpora/seeds), grouped by what they repair."""
from __future__ import annotations

import pytest

from newsfacts.normalize import normalise
from newsfacts.normalize.boilerplate import drop_boilerplate
from newsfacts.normalize.layout import join_lines, unify_characters
from newsfacts.normalize.script import detect_script, to_simplified

# raw -> expected after the whole normalisation (script, pinyin, widths, spacing, lines)
SEED_LINES = [
    # 004: OCR spaces between Chinese characters
    ("近来,华中数控有了新使命,要发挥本 土自主创新链主企业作用,\"大鱼带小 鱼\"。企业牵头建设的\"高档数控系统联合 实验室\",是武汉首批产业创新联合实验室 之一。",
     "近来，华中数控有了新使命，要发挥本土自主创新链主企业作用，\"大鱼带小鱼\"。企业牵头建设的\"高档数控系统联合实验室\"，是武汉首批产业创新联合实验室之一。"),
    # 003: a word split over a paragraph break
    ("武汉市经信局围绕一季度“开门红”召开系列座谈会,邀请汽车、电子信息、钢铁、石化、消费品、医药、装备等重点行业,以及低空经济、氢能、商业航天等新赛\n\n道骨干企业代表座谈交流,为一季度“开门红”保驾护航。",
     "武汉市经信局围绕一季度“开门红”召开系列座谈会，邀请汽车、电子信息、钢铁、石化、消费品、医药、装备等重点行业，以及低空经济、氢能、商业航天等新赛道骨干企业代表座谈交流，为一季度“开门红”保驾护航。"),
    ("“感谢武汉市发改、经信、科技等部门多次上门调研、解决难题,2023年公\n\n司入围高质量发展专项。",
     "“感谢武汉市发改、经信、科技等部门多次上门调研、解决难题，2023年公司入围高质量发展专项。"),
    # a headline's space between whole words sets its phrases apart; one splitting a word is OCR's
    ("合肥市一季度招商引资成效显著 签约项目86个 总投资逾千亿元", "合肥市一季度招商引资成效显著 签约项目86个 总投资逾千亿元"),
    ("会同市科创局以揭榜挂帅等方式组织实施10个科 技重大专项", "会同市科创局以揭榜挂帅等方式组织实施10个科技重大专项"),
    ("宁波市国家级专精特新小巨人企业达352家 居全国城市前列", "宁波市国家级专精特新小巨人企业达352家 居全国城市前列"),
    # 001: traditional with pinyin annotations
    ("地方新興產(chǎn)業(yè)集群加速融入全球產(chǎn)業(yè)鏈", "地方新兴产业集群加速融入全球产业链"),
    # mainland words survive OpenCC (no Taiwan phrase config)
    ("德州天衢新區(qū)核心區(qū)的項目", "德州天衢新区核心区的项目"),
    # full-width digits, percent and spaces
    ("今年１—５月，增长１１．７％。", "今年1—5月，增长11.7%。"),
    # paragraph breaks are kept (one per line) and a heading is not glued to the next paragraph
    ("芯片制造一款关键设备本土造\n\n\n7月6日,武汉嘉仪通科技有限公司实验室内。", "芯片制造一款关键设备本土造\n7月6日，武汉嘉仪通科技有限公司实验室内。"),
    # real question marks and thousands separators stay what they are
    ("成绩如何?从武汉市统计局发布的数据看,投资1,200万元。", "成绩如何？从武汉市统计局发布的数据看，投资1,200万元。"),
]


@pytest.mark.parametrize("raw,expected", SEED_LINES, ids=[f"seed-line-{i}" for i in range(len(SEED_LINES))])
def test_normalise_seed_lines(raw, expected):
    assert normalise(raw).body == expected


SCRIPTS = [
    ("越來越多城市的新興產業集群開始在全球產業版圖中占有一席之地。", "traditional"),
    ("越来越多城市的新兴产业集群开始在全球产业版图中占有一席之地。", "simplified"),
    ("越来越多城市的新兴产业集群开始在全球产业版图中占有一席之地，" * 10 + "產業", "mixed"),
]


@pytest.mark.parametrize("text,script", SCRIPTS, ids=[s for _, s in SCRIPTS])
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_mixed_text_converts_only_traditional_paragraphs():
    simplified = "武汉光谷核心区的企业发展迅速，产业链不断完善。"
    assert to_simplified(f"{simplified}\n產業鏈發展", "mixed") == f"{simplified}\n产业链发展"


BOILERPLATE = [
    ("苏北网\n当前位置:首页>快讯 > 滚动 >\n正文第一段。", "正文第一段。"),
    ("正文。\n(资料图片仅供参考)\n下一段。", "正文。\n下一段。"),
    ("正文很长的一段。" * 5 + "\n相关阅读RELEVANT\n• 版权及免责声明:\n内容搜集整理于网络", "正文很长的一段。" * 5),
    ("正文。\n【编辑:张靖】\n标签:", "正文。"),
    ("正文。\n（责任编辑：张伟）\n下一段。", "正文。\n下一段。"),
    # a photo's caption goes (its place is no subject of the article)
    ("▲图为襄阳高新区新能源汽车生产线（资料图）\n一季度，全市地区生产总值增长6.3%。", "一季度，全市地区生产总值增长6.3%。"),
    ("图为工人在车间调试设备。\n全市工业投资增长12%。", "全市工业投资增长12%。"),
    # a photo credit is article text
    ("工人正在调试设备。长江日报记者周超 摄", "工人正在调试设备。长江日报记者周超 摄"),
]


@pytest.mark.parametrize("raw,expected", BOILERPLATE, ids=[f"boilerplate-{i}" for i in range(len(BOILERPLATE))])
def test_drop_boilerplate(raw, expected):
    assert drop_boilerplate(raw) == expected


# ASCII marks after Chinese text (or a closing quote / parenthesis) become full-width, unless a
# digit follows; a comma stays ASCII as a thousands separator and between Latin words
MARKS = [
    ("增长5.2%,比上年", "增长5.2%，比上年"),
    ("投资1,200万元", "投资1,200万元"),
    ("1,234,567元", "1,234,567元"),
    ("数据看,1,200万元", "数据看，1,200万元"),
    ("共1,20个", "共1，20个"),
    ("8月,9月", "8月，9月"),
    (",开头", "，开头"),
    ("公司(A)?B", "公司(A)？B"),
    ("“好”!下一句", "“好”！下一句"),
    ("问题?2023年", "问题?2023年"),
    ("年底;今年:全年", "年底；今年：全年"),
    ("Hello, world", "Hello, world"),
    ("Apple Inc.,苹果公司", "Apple Inc.，苹果公司"),
    ("由Wuhan Co., Ltd.投资", "由Wuhan Co., Ltd.投资"),
    ("ABC,DEF,公司", "ABC,DEF，公司"),
    # full-width letters, digits, signs and brackets become ASCII; Chinese sentence marks stay
    ("ＡＢＣ１２３％＋（注）。", "ABC123%+(注)。"),
    ("数据：５，６？", "数据：5，6？"),
    ("\u3000全角空格\xa0", " 全角空格 "),
]


@pytest.mark.parametrize("raw,expected", MARKS)
def test_unify_characters_marks(raw, expected):
    assert unify_characters(raw) == expected


def test_unify_characters_is_length_preserving():
    raw = "１２０万元，增长３．５％（同比）"
    assert len(unify_characters(raw)) == len(raw)


# join_lines: rows are text -> paragraphs. A heading and a table's cells stay apart; a word broken
# across lines is joined.
JOINS = [
    ("孕育一批硬科技\n10台新能源汽车6台PTC加热器“孝感造”", "孕育一批硬科技\n10台新能源汽车6台PTC加热器“孝感造”"),
    ("指标\n单位\n绝对数\n规模以上工业企业\n家\n3495\n7.7", "指标\n单位\n绝对数\n规模以上工业企业\n家\n3495\n7.7"),
    ("以及低空经济、氢能、商业航天等新赛\n道骨干企业代表座谈交流。", "以及低空经济、氢能、商业航天等新赛道骨干企业代表座谈交流。"),
    # a numbered heading is complete (回顾|过去 would read as one word across the break)
    ("一、2023年工作回顾\n\n过去一年，全市地区生产总值增长5.8%。", "一、2023年工作回顾\n过去一年，全市地区生产总值增长5.8%。"),
    ("（二）2024年工作回顾\n过去一年，全市地区生产总值增长5.8%。", "（二）2024年工作回顾\n过去一年，全市地区生产总值增长5.8%。"),
    # text hard-wrapped at a fixed width (a PDF's): a full line goes on in the next one, whatever
    # either holds; a page number between them is dropped; a line opening with ， or % goes on the
    # one before; a numbered heading still starts its paragraph
    ("上半年，面对复杂多变的外部环境，全市上下坚持稳中求进工作总基调\n，经济运行总体平稳、稳中有进。根据地区生产总值统一核算结果，上\n"
     "半年，全市地区生产总值2869.4亿元，按不变价格计算，同比增\n\n— 2 —\n\n长5.6%，高于全省0.7个百分点。其中，装备制造业增加值增长\n"
     "12.4%，占规上工业的比重为29.6%；新材料产业增加值增长\n10.7%。分经济类型看，国有控股企业增长6.3%，民营企业增\n长9.5%。\n"
     "一、投资保持稳定。上半年，全市固定资产投资同比增长7.2%。其\n中，工业投资增长19.8%。",
     "上半年，面对复杂多变的外部环境，全市上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。根据地区生产总值统一核算结果，"
     "上半年，全市地区生产总值2869.4亿元，按不变价格计算，同比增长5.6%，高于全省0.7个百分点。其中，装备制造业增加值增长12.4%，"
     "占规上工业的比重为29.6%；新材料产业增加值增长10.7%。分经济类型看，国有控股企业增长6.3%，民营企业增长9.5%。\n"
     "一、投资保持稳定。上半年，全市固定资产投资同比增长7.2%。其中，工业投资增长19.8%。"),
    ("全市社会消费品零售总额1218.6亿元，同比增长5.3%，乡村消费品零售额197.3亿元，增长7.1\n%。",
     "全市社会消费品零售总额1218.6亿元，同比增长5.3%，乡村消费品零售额197.3亿元，增长7.1%。"),
    # wrapped lines with OCR spaces: the spaces are judged on the joined paragraph; a title before a
    # blank line is not a wrapped line
    ("长沙上半年 工程机械产业产值增长 8.6%\n\n记 者7月27日从长沙市工业和信 息化局获悉\n，今年上半年，长沙市 工程机械产业实现产值\n"
     "1586.4亿元，同比增长 8.6%，占全市\n规模以上工业总产值的23.5%。\n\n三一 重工股份有限公司上半年 实 现 营业收\n"
     "入388.2亿元，同 比 增长2.5%；中联\n重科股 份有限公 司营业收入222.1亿元，\n同 比增长30.3%。",
     "长沙上半年 工程机械产业产值增长 8.6%\n记者7月27日从长沙市工业和信息化局获悉，今年上半年，长沙市工程机械产业实现产值"
     "1586.4亿元，同比增长 8.6%，占全市规模以上工业总产值的23.5%。\n三一重工股份有限公司上半年实现营业收入388.2亿元，"
     "同比增长2.5%；中联重科股份有限公司营业收入222.1亿元，同比增长30.3%。"),
    # a quotation closed with an ASCII quote ends its paragraph as “…” does
    ("“今年以来，全市数字经济核心产业增加值3125.7亿元，同比增长11.6%，占地区生产总值的比重提高到28.5%。\"\n"
     "阿里巴巴(中国)有限公司等龙头企业带动作用明显，全市数字经济核心产业企业超过1.2万家，其中规上企业2300家。",
     "“今年以来，全市数字经济核心产业增加值3125.7亿元，同比增长11.6%，占地区生产总值的比重提高到28.5%。\"\n"
     "阿里巴巴(中国)有限公司等龙头企业带动作用明显，全市数字经济核心产业企业超过1.2万家，其中规上企业2300家。"),
    # ... but a table's rows are not, however alike in width
    ("指标 单位 绝对数 比上年增长(%)\n地区生产总值 亿元 5487.3 5.2\n第一产业增加值 亿元 279.5 3.1\n"
     "第二产业增加值 亿元 2308.6 6.4\n第三产业增加值 亿元 2899.2 4.5\n规上工业增加值 亿元 1234.5 7.3",
     "指标 单位 绝对数 比上年增长(%)\n地区生产总值 亿元 5487.3 5.2\n第一产业增加值 亿元 279.5 3.1\n"
     "第二产业增加值 亿元 2308.6 6.4\n第三产业增加值 亿元 2899.2 4.5\n规上工业增加值 亿元 1234.5 7.3"),
    # ... nor paragraphs of ordinary text, one per line, however alike in width
    ("山东德州：“四链协同”崛起电子信息产业\n\n“无中生有”隆起产业高地之路\n\n江苏无锡：抢抓机遇发展集成电路产业\n\n"
     "湖北武汉：光谷打造世界级光电子产业\n\n安徽合肥：“芯屏汽合”集聚新兴产业",
     "山东德州：“四链协同”崛起电子信息产业\n“无中生有”隆起产业高地之路\n江苏无锡：抢抓机遇发展集成电路产业\n"
     "湖北武汉：光谷打造世界级光电子产业\n安徽合肥：“芯屏汽合”集聚新兴产业"),
]


@pytest.mark.parametrize("text, expected", JOINS)
def test_join_lines(text, expected):
    assert join_lines(text) == expected
