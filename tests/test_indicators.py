"""The per-city indicator table: sentences through the whole pipeline -> indicator rows.

Each case gives a short article (a heading line may set the section's city) and the rows
expected, as (city, area, indicator-substring, value, unit, growth_pct, growth_kind,
period_start, period_end, is_target). The indicator name must contain the expected words
(the guidelines match names loosely; what is measured must be there).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from newsfacts.ingest.readers import RawRecord
from newsfacts.link.rules import CJK, FactSpans, cut_facts
from newsfacts.pipeline import process

SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"


def run(text: str, published_at: str | None = None):
    meta = {"published_at": published_at} if published_at else {}
    doc = process(RawRecord("t", "t", "0" * 64, text=text, meta=meta))
    assert doc.status == "ok", doc.error
    return doc


SEED_SENTENCES = [
    # 000: growth rates without a value, period from 今年5月 / 截至5月底
    ("今年5月，武汉高新技术制造业用电量同比上升11.7%。", "2023-07-07",
     [("武汉市", None, "高新技术制造业用电量", None, None, 11.7, "yoy", "2023-05-01", "2023-05-31", False)]),
    ("武汉中小企业发展态势良好。截至5月底，市场主体总量同比增长12.7%，其中，企业总量同比增长12.84%。", "2023-07-07",
     [("武汉市", None, "市场主体总量", None, None, 12.7, "yoy", "2023-05-01", "2023-05-31", False),
      ("武汉市", None, "企业总量", None, None, 12.84, "yoy", "2023-05-01", "2023-05-31", False)]),
    # 002: a figure with its growth in the next clause; the zone is the area
    ("今年上半年，孝感高新区完成工业企业总产值119.2亿元、增长19.1%。", "2024-09-05",
     [("孝感市", "孝感高新区", "工业企业总产值", 11920000000, "元", 19.1, "yoy", "2024-01-01", "2024-06-30", False)]),
    # 002: the noun after the figure names it
    ("孝感高新区已建成2个国家级孵化器、7个国家级创新平台。", "2024-09-05",
     [("孝感市", "孝感高新区", "国家级孵化器", 2, "个", None, None, None, None, False),
      ("孝感市", "孝感高新区", "国家级创新平台", 7, "个", None, None, None, None, False)]),
    # 002: a goal
    ("孝感高新区力争到2026年，规上工业总产值突破550亿元。", "2024-09-05",
     [("孝感市", "孝感高新区", "规上工业总产值", 55000000000, "元", None, None, "2026-01-01", "2026-12-31", True)]),
    # 003: a year at the head of the paragraph governs every figure in it
    ("2023年，武汉中小企业量质齐升，全市中小企业新增11万家以上，总量即将突破90万家；规上工业企业新增250家，总数达3495家。", "2024-01-30",
     [("武汉市", None, "中小企业新增", 110000, "家", None, None, "2023-01-01", "2023-12-31", False),
      ("武汉市", None, "总量", 900000, "家", None, None, "2023-01-01", "2023-12-31", False),
      ("武汉市", None, "规上工业企业新增", 250, "家", None, None, "2023-01-01", "2023-12-31", False),
      ("武汉市", None, "总数", 3495, "家", None, None, "2023-01-01", "2023-12-31", False)]),
    # 001: the section heading sets the city; 亿元以上 in a name is not a figure
    ("安徽滁州：全链条布局主攻价值链高端\n2023年，全椒县突出产业链招商，新签约亿元以上项目65个，新投产亿元以上项目48个。", "2024-01-22",
     [("滁州市", "全椒县", "新签约亿元以上项目", 65, "个", None, None, "2023-01-01", "2023-12-31", False),
      ("滁州市", "全椒县", "新投产亿元以上项目", 48, "个", None, None, "2023-01-01", "2023-12-31", False)]),
    ("滁州市投资促进局统计显示，2023年，全市新签约亿元项目513个，比上年多35个，其中新招引八大产业链项目399个，占比77.8%，比上年上升4.6个百分点。", "2024-01-22",
     [("滁州市", None, "新签约亿元项目", 513, "个", None, None, "2023-01-01", "2023-12-31", False),
      ("滁州市", None, "八大产业链项目", 399, "个", 77.8, "share", "2023-01-01", "2023-12-31", False),
      ("滁州市", None, "占比", None, None, 4.6, "points", "2023-01-01", "2023-12-31", False)]),
    ("天津武清：“双高”引领深度融合生物医药\n武清区工信局提供的数据显示，目前全区生物医药企业共有240余家，其中规上企业20家。", "2024-01-22",
     [("天津市", "武清区", "生物医药企业", 240, "家", None, None, None, None, False),
      ("天津市", "武清区", "规上企业", 20, "家", None, None, None, None, False)]),
    # 004: a share and its change in points
    ("今年1至8月，武汉规上高技术制造业增加值同比增长31.8%，高技术制造业占规上工业增加值的比重为19.5%，比上年同期提高3.2个百分点。", "2024-09-20",
     [("武汉市", None, "规上高技术制造业增加值", None, None, 31.8, "yoy", "2024-01-01", "2024-08-31", False),
      ("武汉市", None, "高技术制造业占规上工业增加值的比重", None, None, 19.5, "share", "2024-01-01", "2024-08-31", False),
      ("武汉市", None, "比重", None, None, 3.2, "points", "2024-01-01", "2024-08-31", False)]),
]

NEWS_STYLE = [
    ("武汉市2023年GDP增长5.5%，达到2.0011万亿元。", "2024-02-01",
     [("武汉市", None, "GDP", 2001100000000, "元", 5.5, "yoy", "2023-01-01", "2023-12-31", False)]),
    # the date heading a sentence governs its clauses after a ；, and a plan's horizon makes them goals
    ("方案提出，力争到2026年，株洲市轨道交通装备产业产值突破2000亿元；规模以上企业达到450家。", "2024-04-12",
     [("株洲市", None, "轨道交通装备产业产值", 200000000000, "元", None, None, "2026-01-01", "2026-12-31", True),
      ("株洲市", None, "规模以上企业", 450, "家", None, None, "2026-01-01", "2026-12-31", True)]),
    ("无锡一季度实现地区生产总值3624.56亿元，增长5.5%；社会消费品零售总额849.8亿元，增长4.9%。", "2024-04-28",
     [("无锡市", None, "地区生产总值", 362456000000, "元", 5.5, "yoy", "2024-01-01", "2024-03-31", False),
      ("无锡市", None, "社会消费品零售总额", 84980000000, "元", 4.9, "yoy", "2024-01-01", "2024-03-31", False)]),
    # a sentence opening with 其中 breaks down the one before it, across a paragraph break too
    ("2023年昆山市国民经济和社会发展统计公报\n"
     "初步核算，全年实现地区生产总值5140.6亿元，增长5.7%。其中，第一产业增加值21.3亿元，下降1.2%。", "2024-03-15",
     [("苏州市", "昆山市", "地区生产总值", 514060000000, "元", 5.7, "yoy", "2023-01-01", "2023-12-31", False),
      ("苏州市", "昆山市", "第一产业增加值", 2130000000, "元", -1.2, "yoy", "2023-01-01", "2023-12-31", False)]),
    ("今年前三季度，浦东新区实现地区生产总值12586.3亿元。\n其中，张江科学城集成电路产业规模达到2568亿元。", "2024-10-28",
     [("上海市", "浦东新区", "地区生产总值", 1258630000000, "元", None, None, "2024-01-01", "2024-09-30", False),
      ("上海市", "张江科学城", "集成电路产业规模", 256800000000, "元", None, None, "2024-01-01", "2024-09-30", False)]),
    # ... after a title line that ends with no full stop; the title's figure takes the lead's period
    ("南阳粮食总产量连续三年超120亿斤\n2023年，南阳市粮食总产量达到120.5亿斤。\n其中，小麦产量85.2亿斤。", "2024-01-10",
     [("南阳市", None, "粮食总产量", 12000000000, "斤", None, None, "2023-01-01", "2023-12-31", False),
      ("南阳市", None, "粮食总产量", 12050000000, "斤", None, None, "2023-01-01", "2023-12-31", False),
      ("南阳市", None, "小麦产量", 8520000000, "斤", None, None, "2023-01-01", "2023-12-31", False)]),
    # a heading's period governs the undated figures under it, until the next heading with a date
    ("芜湖市政府工作报告\n一、2023年工作回顾\n过去一年，芜湖市地区生产总值增长5.8%。\n规模以上工业增加值增长10.4%。\n"
     "二、2024年主要预期目标\n地区生产总值增长6.5%左右。", "2024-01-22",
     [("芜湖市", None, "地区生产总值", None, None, 5.8, "yoy", "2023-01-01", "2023-12-31", False),
      ("芜湖市", None, "规模以上工业增加值", None, None, 10.4, "yoy", "2023-01-01", "2023-12-31", False),
      ("芜湖市", None, "地区生产总值", None, None, 6.5, "yoy", "2024-01-01", "2024-12-31", True)]),
    # 全市 in a county-level city's bulletin is that city
    ("2023年昆山市国民经济和社会发展统计公报\n年末全市共有规模以上工业企业3085家。", "2024-03-15",
     [("苏州市", "昆山市", "规模以上工业企业", 3085, "家", None, None, "2023-01-01", "2023-12-31", False)]),
    # a paragraph without a date reports on the period the title names; a price per unit
    ("武汉各区一季度成绩单出炉\n一季度，江岸区地区生产总值完成428.6亿元。\n"
     "东湖高新区规模以上工业增加值同比增长9.2%。全市新建商品住宅成交均价为每平方米1.58万元。", "2024-04-30",
     [("武汉市", "江岸区", "地区生产总值", 42860000000, "元", None, None, "2024-01-01", "2024-03-31", False),
      ("武汉市", "东湖高新区", "规模以上工业增加值", None, None, 9.2, "yoy", "2024-01-01", "2024-03-31", False),
      ("武汉市", None, "商品住宅成交均价", 15800, "元", None, None, "2024-01-01", "2024-03-31", False)]),
    # ... not one after a figure of the sentence: that date is its own clause's
    ("无锡市新增企业1200家，其中一季度300家；全市企业总数达到5.2万家。", "2024-04-28",
     [("无锡市", None, "新增企业", 1200, "家", None, None, None, None, False),
      ("无锡市", None, "", 300, "家", None, None, "2024-01-01", "2024-03-31", False),
      ("无锡市", None, "企业总数", 52000, "家", None, None, None, None, False)]),
    ("今年前三季度，合肥市规模以上工业增加值同比增长8.2%，固定资产投资下降1.5%。", "2024-10-25",
     [("合肥市", None, "规模以上工业增加值", None, None, 8.2, "yoy", "2024-01-01", "2024-09-30", False),
      ("合肥市", None, "固定资产投资", None, None, -1.5, "yoy", "2024-01-01", "2024-09-30", False)]),
    ("2023年，成都市软件业务收入达6500亿元，同比增长12%。", "2024-02-01",
     [("成都市", None, "软件业务收入", 650000000000, "元", 12, "yoy", "2023-01-01", "2023-12-31", False)]),
    ("预计到2025年，苏州工业园区集成电路产业规模将达到1000亿元。", "2024-03-01",
     [("苏州市", "苏州工业园区", "集成电路产业规模", 100000000000, "元", None, None, "2025-01-01", "2025-12-31", True)]),
    # the next clause names its own indicator: its growth is not the count's
    ("1—9月，宜宾市规上工业企业1,200家，营业收入增长15%。", "2024-10-25",
     [("宜宾市", None, "规上工业企业", 1200, "家", None, None, "2024-01-01", "2024-09-30", False),
      ("宜宾市", None, "营业收入", None, None, 15, "yoy", "2024-01-01", "2024-09-30", False)]),
    ("1—9月，宜宾市进出口总额100亿元，其中出口增长8.6%。", "2024-10-25",
     [("宜宾市", None, "进出口总额", 10000000000, "元", None, None, "2024-01-01", "2024-09-30", False),
      ("宜宾市", None, "出口", None, None, 8.6, "yoy", "2024-01-01", "2024-09-30", False)]),
    # the set something is picked from is no figure of the city (like a rank's set)
    ("就在全省发布的86个重点项目中，武汉市共有3个项目入选。", "2024-10-25",
     [("武汉市", None, "项目", 3, "个", None, None, None, None, False)]),
    ("从全省500个申报项目中，宜宾市有30个项目入选。", "2024-10-25",
     [("宜宾市", None, "项目", 30, "个", None, None, None, None, False)]),
    # a figure written twice is listed twice, in a headline too (the guidelines: one item per
    # mention); a date in a later clause is another event's (its completion), not the
    # investment's period
    ("总投资120亿元！比亚迪项目落户合肥\n合肥市长丰县零部件项目总投资120亿元，其中一期投资50亿元，预计2025年6月建成投产。",
     "2024-11-16",
     [("合肥市", None, "总投资", 12000000000, "元", None, None, None, None, False),
      ("合肥市", "长丰县", "项目总投资", 12000000000, "元", None, None, None, None, False),
      ("合肥市", "长丰县", "一期投资", 5000000000, "元", None, None, None, None, False)]),
    # a date in a bracket right after the figure's clause is its period
    ("合肥市规上工业增加值增长5.2%（1—5月）。", "2024-06-20",
     [("合肥市", None, "规上工业增加值", None, None, 5.2, "yoy", "2024-01-01", "2024-05-31", False)]),
    # 分别 after a list of figures: the i-th rate is the i-th figure's growth
    ("2023年，广州市实现进出口总值1.09万亿元，其中出口6502.6亿元、进口4408.5亿元，分别增长5.8%和下降2.1%。", "2024-07-26",
     [("广州市", None, "进出口总值", 1090000000000, "元", None, None, "2023-01-01", "2023-12-31", False),
      ("广州市", None, "出口", 650260000000, "元", 5.8, "yoy", "2023-01-01", "2023-12-31", False),
      ("广州市", None, "进口", 440850000000, "元", -2.1, "yoy", "2023-01-01", "2023-12-31", False)]),
    # a plan's horizon (到2025年) is no period of the sentences after it
    ("宜宾市计划到2025年，产业规模突破2000亿元。园区新引进重大项目42个。", "2024-11-20",
     [("宜宾市", None, "产业规模", 200000000000, "元", None, None, "2025-01-01", "2025-12-31", True),
      ("宜宾市", None, "新引进重大项目", 42, "个", None, None, None, None, False)]),
    # companies listed as a group (…等龙头企业): the figure is the city's, not the last one's
    ("长沙经开区三一重工股份有限公司、铁建重工等龙头企业订单饱满，带动上下游配套企业超过600家。", "2024-11-20",
     [("长沙市", "长沙经开区", "上下游配套企业", 600, "家", None, None, None, None, False)]),
    # ... but a clause that only says how much it grew is the figure's growth
    ("1—9月，宜宾市实现旅游收入10亿元，增幅达8.6%。", "2024-10-25",
     [("宜宾市", None, "旅游收入", 1000000000, "元", 8.6, "yoy", "2024-01-01", "2024-09-30", False)]),
    ("1—9月，宜宾市社会消费品零售总额1,000亿元，比上年增长8.6%。", "2024-10-25",
     [("宜宾市", None, "社会消费品零售总额", 100000000000, "元", 8.6, "yoy", "2024-01-01", "2024-09-30", False)]),
    # the amount names the thing after it (总投资X亿元的…项目)
    ("在襄阳高新区，总投资50亿元的比亚迪襄阳产业园二期项目正式开工。", "2024-05-10",
     [("襄阳市", "襄阳高新区", "产业园二期项目总投资", 5000000000, "元", None, None, None, None, False)]),
    # 10亿元以上 is part of a category name, not an amount of the city
    ("一季度，长沙市新开工10亿元以上产业项目42个。", "2024-04-20",
     [("长沙市", None, "产业项目", 42, "个", None, None, "2024-01-01", "2024-03-31", False)]),
    # a topic set before the figures names them; a period opening a clause after a ； takes the name
    # of the figure before; 环比 is no yoy
    ("成都市经济运行\n上半年，规上工业增加值方面，全市同比增长6.9%，其中新津区增长12.5%。", "2024-07-20",
     [("成都市", None, "规上工业增加值", None, None, 6.9, "yoy", "2024-01-01", "2024-06-30", False),
      ("成都市", "新津区", "规上工业增加值", None, None, 12.5, "yoy", "2024-01-01", "2024-06-30", False)]),
    ("上半年，南昌市社会消费品零售总额2415.6亿元，同比增长6.7%；前三季度增长7.1%。3月份，全市居民消费价格环比下降0.8%。",
     "2024-10-20",
     [("南昌市", None, "社会消费品零售总额", 241560000000, "元", 6.7, "yoy", "2024-01-01", "2024-06-30", False),
      ("南昌市", None, "社会消费品零售总额", None, None, 7.1, "yoy", "2024-01-01", "2024-09-30", False),
      ("南昌市", None, "居民消费价格", None, None, -0.8, "other", "2024-03-01", "2024-03-31", False)]),
    # a holiday's dates in brackets set the period of the paragraphs after, and of the title's
    # figure; a growth on 2019 is no yoy
    ("“五一”假期长沙接待游客超800万人次\n“五一”假期（5月1日至5日），长沙市共接待游客826.5万人次。\n消费市场活跃。"
     "五一广场商圈客流量达到312万人次，比2019年同期增长35%。", "2024-05-06",
     [("长沙市", None, "接待游客", 8000000, "人次", None, None, "2024-05-01", "2024-05-05", False),
      ("长沙市", None, "接待游客", 8265000, "人次", None, None, "2024-05-01", "2024-05-05", False),
      ("长沙市", None, "商圈客流量", 3120000, "人次", 35, "other", "2024-05-01", "2024-05-05", False)]),
    # an article of February opening with last year reviews it: its 全年 is that year; a count in
    # Chinese numerals with 万 is a statistic, and its rate after other figures is the nearest one's
    ("温州民营经济活力持续释放\n2023年，温州市实现地区生产总值八千七百三十亿元，增长百分之七点五。\n"
     "全年新设经营主体十二点六万户，其中企业三十八万户，增长百分之十一点三。", "2024-02-05",
     [("温州市", None, "地区生产总值", 873000000000, "元", 7.5, "yoy", "2023-01-01", "2023-12-31", False),
      ("温州市", None, "新设经营主体", 126000, "户", None, None, "2023-01-01", "2023-12-31", False),
      ("温州市", None, "企业", 380000, "户", 11.3, "yoy", "2023-01-01", "2023-12-31", False)]),
    # the city named as a sentence's subject is the whole city, even in an article about one of
    # its districts; a city after the figure (增速居台州市第二) only compares, the county stays
    ("前三季度蜀山区经济运行稳中向好\n前三季度，全区实现地区生产总值1285.6亿元，同比增长6.3%。\n"
     "从全市看，前三季度合肥市地区生产总值增长5.8%，规上工业增加值增长8.6%。", "2024-10-29",
     [("合肥市", "蜀山区", "地区生产总值", 128560000000, "元", 6.3, "yoy", "2024-01-01", "2024-09-30", False),
      ("合肥市", None, "地区生产总值", None, None, 5.8, "yoy", "2024-01-01", "2024-09-30", False),
      ("合肥市", None, "规上工业增加值", None, None, 8.6, "yoy", "2024-01-01", "2024-09-30", False)]),
    ("仙居县前三季度经济运行稳中向好\n前三季度，全县实现地区生产总值283.6亿元，同比增长6.9%，增速居台州市第二。", "2023-10-30",
     [("台州市", "仙居县", "地区生产总值", 28360000000, "元", 6.9, "yoy", "2023-01-01", "2023-09-30", False)]),
    # a city in a company's name is where it is registered, not what the sentence is about
    ("宜宾市举行重大项目集中签约活动\n本次活动共签约项目21个，总投资261.3亿元。在青岛高测科技股份有限公司等企业带动下，"
     "全市晶硅光伏产业集聚上下游企业35家。", "2024-04-12",
     [("宜宾市", None, "签约项目", 21, "个", None, None, None, None, False),
      ("宜宾市", None, "总投资", 26130000000, "元", None, None, None, None, False),
      ("宜宾市", None, "晶硅光伏产业集聚上下游企业", 35, "家", None, None, None, None, False)]),
    # a growth on an event's previous edition (较上届) is the figure's, and no year-on-year one
    ("第二十届中国—东盟博览会在南宁开幕。本届博览会南宁市签约项目总投资达到1800亿元，较上届增长12.5%。", "2023-09-20",
     [("南宁市", None, "签约项目总投资", 180000000000, "元", 12.5, "other", None, None, False)]),
    # a goal reached is no plan; a 分别 list of rates may say what they are rates of (完成年度目标的)
    ("今年1—11月，襄州区城镇新增就业1.12万人，枣阳市城镇新增就业0.98万人，宜城市城镇新增就业0.65万人，"
     "分别完成年度目标的125.3%、118.7%和116.2%。", "2024-12-10",
     [("襄阳市", "襄州区", "城镇新增就业", 11200, "人", 125.3, "other", "2024-01-01", "2024-11-30", False),
      ("襄阳市", "枣阳市", "城镇新增就业", 9800, "人", 118.7, "other", "2024-01-01", "2024-11-30", False),
      ("襄阳市", "宜城市", "城镇新增就业", 6500, "人", 116.2, "other", "2024-01-01", "2024-11-30", False)]),
    # places counted before 分别 (两市) are the paragraph's last list's; 其中…分别 are the sentence's places;
    # a nameless figure after a growth is what grew, in the nearest clause's place
    ("上半年，绍兴市、嘉兴市规上工业增加值分别增长9.2%和10.6%。两市规上工业总产值分别达到7896.3亿元和6754.1亿元。\n"
     "上半年绍兴市固定资产投资增长6.3%，嘉兴市增长8.7%，其中制造业投资分别增长15.4%和18.2%。\n"
     "绍兴集成电路产业实现产值386.4亿元，嘉兴则以新能源、新材料为主导，新能源产业产值增长21.3%，达到1215.8亿元。",
     "2024-07-30",
     [("绍兴市", None, "规上工业增加值", None, None, 9.2, "yoy", "2024-01-01", "2024-06-30", False),
      ("嘉兴市", None, "规上工业增加值", None, None, 10.6, "yoy", "2024-01-01", "2024-06-30", False),
      ("绍兴市", None, "规上工业总产值", 789630000000, "元", None, None, "2024-01-01", "2024-06-30", False),
      ("嘉兴市", None, "规上工业总产值", 675410000000, "元", None, None, "2024-01-01", "2024-06-30", False),
      ("绍兴市", None, "固定资产投资", None, None, 6.3, "yoy", "2024-01-01", "2024-06-30", False),
      ("嘉兴市", None, "固定资产投资", None, None, 8.7, "yoy", "2024-01-01", "2024-06-30", False),
      ("绍兴市", None, "制造业投资", None, None, 15.4, "yoy", "2024-01-01", "2024-06-30", False),
      ("嘉兴市", None, "制造业投资", None, None, 18.2, "yoy", "2024-01-01", "2024-06-30", False),
      ("绍兴市", None, "集成电路产业产值", 38640000000, "元", None, None, "2024-01-01", "2024-06-30", False),
      ("嘉兴市", None, "新能源产业产值", 121580000000, "元", 21.3, "yoy", "2024-01-01", "2024-06-30", False)]),
    # a title naming a province anywhere, and no city, makes an article about the province: its
    # figures without a city of their own are the province's (the title's went to 九江市)
    ("国庆假期江西接待游客5328.6万人次 旅游收入498.3亿元\n10月1日至7日，全省累计接待国内游客5328.6万人次。"
     "南昌市接待游客856.2万人次；九江市接待游客712.5万人次。\n省外游客约占三成。", "2024-10-08",
     [("南昌市", None, "接待游客", 8562000, "人次", None, None, "2024-10-01", "2024-10-07", False),
      ("九江市", None, "接待游客", 7125000, "人次", None, None, "2024-10-01", "2024-10-07", False)]),
    # a headline's space parts its phrases: the growth after it names its own measure; a company a
    # place relies on (依托) is not the subject of the place's figures
    ("前10月深圳外贸进出口3.74万亿元 同比增长16.9%\n公司实现营业收入86.42亿元 净利润同比增长18.62%", "2024-11-20",
     [("深圳市", None, "外贸进出口", 3740000000000, "元", 16.9, "yoy", "2024-01-01", "2024-10-31", False),
      ("深圳市", None, "营业收入", 8642000000, "元", None, None, "2024-01-01", "2024-10-31", False),
      ("深圳市", None, "净利润", None, None, 18.62, "yoy", "2024-01-01", "2024-10-31", False)]),
    ("株洲轨道交通装备产业推进会召开\n中车株洲电力机车有限公司（以下简称“中车株机”）是龙头。\n"
     "石峰区依托中车株机，打造轨道交通城，去年新引进配套项目24个。", "2024-01-12",
     [("株洲市", "石峰区", "新引进配套项目", 24, "个", None, None, "2023-01-01", "2023-12-31", False)]),
    # periods listed before 分别 are the items' periods, and what they have in common comes after it;
    # 当月 is no name
    ("芜湖一季度外贸进出口稳中有升\n从月度看，1月、2月、3月芜湖市分别进出口81.3亿元、63.9亿元、90.5亿元，"
     "其中3月当月同比增长27.4%。", "2024-04-23",
     [("芜湖市", None, "进出口", 8130000000, "元", None, None, "2024-01-01", "2024-01-31", False),
      ("芜湖市", None, "进出口", 6390000000, "元", None, None, "2024-02-01", "2024-02-29", False),
      ("芜湖市", None, "进出口", 9050000000, "元", 27.4, "yoy", "2024-03-01", "2024-03-31", False)]),
    # ... and periods listed opening the sentence, for every 分别 of it, across its ；
    ("江阴市企业营收稳步增长\n2021年、2022年和2023年，江阴市规上工业分别实现营业收入486亿元、793亿元和1127亿元；"
     "利润总额分别为56亿元、118亿元和204亿元。", "2024-05-10",
     [("无锡市", "江阴市", "营业收入", 48600000000, "元", None, None, "2021-01-01", "2021-12-31", False),
      ("无锡市", "江阴市", "营业收入", 79300000000, "元", None, None, "2022-01-01", "2022-12-31", False),
      ("无锡市", "江阴市", "营业收入", 112700000000, "元", None, None, "2023-01-01", "2023-12-31", False),
      ("无锡市", "江阴市", "利润总额", 5600000000, "元", None, None, "2021-01-01", "2021-12-31", False),
      ("无锡市", "江阴市", "利润总额", 11800000000, "元", None, None, "2022-01-01", "2022-12-31", False),
      ("无锡市", "江阴市", "利润总额", 20400000000, "元", None, None, "2023-01-01", "2023-12-31", False)]),
    # an amount before a measure is no category bound (投资35亿元建设年产10万吨…: 超10亿元项目9个 is one)
    ("宜宾市重大项目集中签约\n宜宾天原集团股份有限公司投资35亿元建设年产10万吨磷酸铁锂正极材料项目。全市超10亿元项目9个。",
     "2025-03-28", [("宜宾市", None, "10亿元项目", 9, "个", None, None, None, None, False)]),
    # a port is no company, though the group that runs it is named after it: its throughput is the city's
    ("日照港一季度货物吞吐量1.48亿吨\n日照港集团有限公司与日照市多家企业签订物流合作协议。今年一季度，日照港完成货物吞吐量1.48亿吨，"
     "同比增长3.2%；完成集装箱吞吐量175.3万标箱，同比增长8.6%。", "2024-04-11",
     [("日照市", None, "货物吞吐量", 148000000, "吨", None, None, "2024-01-01", "2024-03-31", False),
      ("日照市", None, "货物吞吐量", 148000000, "吨", 3.2, "yoy", "2024-01-01", "2024-03-31", False),
      ("日照市", None, "集装箱吞吐量", 1753000, "标箱", 8.6, "yoy", "2024-01-01", "2024-03-31", False)]),
    # a platform is where a district's merchants sell, not the subject of their sales
    ("双十一期间天河区消费火爆\n平台数据显示，京东平台上天河区商家成交额同比增长21.6%；天猫平台天河区品牌商家成交额达到36.2亿元，增长12.8%。",
     "2024-11-12",
     [("广州市", "天河区", "商家成交额", None, None, 21.6, "yoy", None, None, False),
      ("广州市", "天河区", "品牌商家成交额", 3620000000, "元", 12.8, "yoy", None, None, False)]),
    # provinces counted (四省) are a scope wider than a city; places (重点城市方面) are no topic
    ("经济大省“半年报”出炉 苏州深圳增速领跑\n上半年，广东、江苏、山东、浙江四省经济总量合计约21.7万亿元，占全国的比重超过35%。"
     "重点城市方面，深圳上半年地区生产总值17900.61亿元，同比增长5.9%；杭州实现10393亿元，增长5.3%。", "2024-07-21",
     [("深圳市", None, "地区生产总值", 1790061000000, "元", 5.9, "yoy", "2024-01-01", "2024-06-30", False),
      ("杭州市", None, "地区生产总值", 1039300000000, "元", 5.3, "yoy", "2024-01-01", "2024-06-30", False)]),
    # growth since the year's start (比年初) is the balance's; 按年 (Hong Kong) is yoy
    ("2023年末，襄阳市金融机构本外币各项存款余额4862.3亿元，比年初增长7.9%。", "2024-01-29",
     [("襄阳市", None, "金融机构本外币各项存款余额", 486230000000, "元", 7.9, "yoy", "2023-01-01", "2023-12-31", False)]),
    ("2023年，東莞市實際使用外資人民幣168.3億元，按年增長15.4%。", "2024-03-12",
     [("东莞市", None, "实际使用外资", 16830000000, "元", 15.4, "yoy", "2023-01-01", "2023-12-31", False)]),
    # a title's date after the publication is no period the article reports on
    ("“订单排到了明年三月”——访武汉光启瑞达科技有限公司总经理\n今年前五个月，武汉东湖高新区规上工业增加值增长12.3%。"
     "\n东湖高新区光通信上下游企业超过300家。", "2024-06-03",
     [("武汉市", "东湖高新区", "规上工业增加值", None, None, 12.3, "yoy", "2024-01-01", "2024-05-31", False),
      ("武汉市", "东湖高新区", "光通信上下游企业", 300, "家", None, None, "2024-01-01", "2024-05-31", False)]),
    # 下一步 announces plans; a local supply rate is a share
    ("下一步，襄阳市将重点推进28个亿元以上重大项目。全市汽车零部件本地配套率达到82%。", "2024-09-01",
     [("襄阳市", None, "亿元以上重大项目", 28, "个", None, None, None, None, True),
      ("襄阳市", None, "本地配套率", None, None, 82, "share", None, None, False)]),
    # goals listed after a colon, one per ；
    ("襄阳市2024年政府工作报告\n今年经济社会发展的主要预期目标是：地区生产总值增长7%左右；规模以上工业增加值增长8%。",
     "2024-01-20",
     [("襄阳市", None, "地区生产总值", None, None, 7, "yoy", "2024-01-01", "2024-12-31", True),
      ("襄阳市", None, "规模以上工业增加值", None, None, 8, "yoy", "2024-01-01", "2024-12-31", True)]),
    # 全市 after a county-level city's sentence is the article's city, not that county's
    ("宜昌市工业运行平稳\n4月份，枝江市规上工业增加值增长10.2%。4月份，全市规上工业增加值增长9.2%。", "2024-05-20",
     [("宜昌市", "枝江市", "规上工业增加值", None, None, 10.2, "yoy", "2024-04-01", "2024-04-30", False),
      ("宜昌市", None, "规上工业增加值", None, None, 9.2, "yoy", "2024-04-01", "2024-04-30", False)]),
    # a review of last year, its year written first mid-sentence: its 全年 is that year, no goal
    ("苏州去年实际使用外资逾70亿美元\n记者2月6日从苏州市商务局了解到，2023年苏州全市实际使用外资73.6亿美元。\n"
     "全年新设外商投资企业1432家。", "2024-02-07",
     [("苏州市", None, "实际使用外资", 7000000000, "USD", None, None, "2023-01-01", "2023-12-31", False),
      ("苏州市", None, "实际使用外资", 7360000000, "USD", None, None, "2023-01-01", "2023-12-31", False),
      ("苏州市", None, "新设外商投资企业", 1432, "家", None, None, "2023-01-01", "2023-12-31", False)]),
    # a count for 今年 as a whole is the year's plan early in the year, the year so far later on
    ("今年，宜昌市新开工亿元以上项目300个。", "2024-01-25",
     [("宜昌市", None, "项目", 300, "个", None, None, "2024-01-01", "2024-12-31", True)]),
    ("光谷生物城管委会介绍，园区今年新引进企业120家。", "2024-09-05",
     [("武汉市", "东湖高新区", "新引进企业", 120, "家", None, None, "2024-01-01", "2024-12-31", False)]),
    # 将 + verb is a plan; 将 + noun (= 把) is not
    ("今年，宜昌市将新建5G基站3000个。", "2024-02-01",
     [("宜昌市", None, "5G基站", 3000, "个", None, None, "2024-01-01", "2024-12-31", True)]),
    ("去年，宜昌市将产品出口到36个国家和地区，实现进出口总额420亿元。", "2024-02-01",
     [("宜昌市", None, "出口国家", 36, "个", None, None, "2023-01-01", "2023-12-31", False),
      ("宜昌市", None, "进出口总额", 42000000000, "元", None, None, "2023-01-01", "2023-12-31", False)]),
    # a growth written before the total belongs to it
    ("2023年，西安市高新技术企业数量增长24%，总数达12000家。", "2024-01-15",
     [("西安市", None, "高新技术企业数量", 12000, "家", 24, "yoy", "2023-01-01", "2023-12-31", False)]),
    # a list under a lead-in sentence takes its year
    ("这是2023年郑州工业发展的一个缩影。\n——全市规上工业增加值增长9.1%；\n——新增国家级专精特新“小巨人”企业35家。", "2024-01-25",
     [("郑州市", None, "规上工业增加值", None, None, 9.1, "yoy", "2023-01-01", "2023-12-31", False),
      ("郑州市", None, "专精特新小巨人企业", 35, "家", None, None, "2023-01-01", "2023-12-31", False)]),
    # respectively: the i-th item names the i-th figure
    ("截至2023年底，南京市数字化车间、智能工厂分别达到120个、45家。", "2024-02-20",
     [("南京市", None, "数字化车间", 120, "个", None, None, "2023-01-01", "2023-12-31", False),
      ("南京市", None, "智能工厂", 45, "家", None, None, "2023-01-01", "2023-12-31", False)]),
    # a change against a base is no figure of its own (同比多投放8.2亿元)
    ("今年以来，荆州市银行机构向制造业企业投放贷款35.6亿元，同比多投放8.2亿元。", "2024-02-28",
     [("荆州市", None, "投放贷款", 3560000000, "元", None, None, "2024-01-01", "2024-02-28", False)]),
    # a growth after a change against a base is the level's; 同口径 is how it was compared
    ("年末全市金融机构本外币各项存款余额9016.1亿元，比年初增加826.5亿元，增长10.1%。\n1-2月，洛阳市一般公共预算收入完成46.8亿元，同口径增长8.2%。",
     "2024-03-15",
     [("洛阳市", None, "金融机构本外币各项存款余额", 901610000000, "元", 10.1, "yoy", "2024-01-01", "2024-12-31", False),
      ("洛阳市", None, "一般公共预算收入", 4680000000, "元", 8.2, "yoy", "2024-01-01", "2024-02-29", False)]),
    # a later paragraph without a date reports on the recent period an earlier one opened with,
    # not on a story's history
    ("全力拼经济 奋战开门红\n今年一季度，宜昌市新签约亿元以上项目86个。\n市发改委负责人介绍，全市重点项目完成投资356亿元，同比增长15.6%。",
     "2024-04-18",
     [("宜昌市", None, "新签约亿元以上项目", 86, "个", None, None, "2024-01-01", "2024-03-31", False),
      ("宜昌市", None, "重点项目完成投资", 35600000000, "元", 15.6, "yoy", "2024-01-01", "2024-03-31", False)]),
    ("宜昌化工产业转型升级\n2018年，宜昌市启动化工产业转型。\n目前，全市精细化工企业达到120家。", "2024-04-18",
     [("宜昌市", None, "精细化工企业", 120, "家", None, None, None, None, False)]),
    # 上年同期 opening a sentence is its period; after 比 it is a comparison's base
    ("二季度，合肥市工业投资同比增长20.1%，比一季度加快3.2个百分点。上年同期，全市工业投资增长12.5%。", "2024-12-05",
     [("合肥市", None, "工业投资", None, None, 20.1, "yoy", "2024-04-01", "2024-06-30", False),
      ("合肥市", None, "工业投资增速比一季度加快", None, None, 3.2, "points", "2024-04-01", "2024-06-30", False),
      ("合肥市", None, "工业投资", None, None, 12.5, "yoy", "2023-04-01", "2023-06-30", False)]),
    # a rate range is one figure, the row of its lower end; a year gone by is no horizon
    ("今年，南昌市地区生产总值预期增长5%—6%，一般公共预算收入增长3%左右。", "2024-02-01",
     [("南昌市", None, "地区生产总值", None, None, 5, "yoy", "2024-01-01", "2024-12-31", True),
      ("南昌市", None, "一般公共预算收入", None, None, 3, "yoy", "2024-01-01", "2024-12-31", True)]),
    ("上饶市光伏产业营收从2019年的200亿元增长到2023年的1200亿元，年均增长56.5%。", "2024-02-01",
     [("上饶市", None, "光伏产业营收", 20000000000, "元", None, None, "2019-01-01", "2019-12-31", False),
      ("上饶市", None, "光伏产业营收", 120000000000, "元", 56.5, "yoy", "2023-01-01", "2023-12-31", False)]),
    # a range ending in a year (2022年至2024年) is a past period, not a plan's horizon
    ("2022年至2024年，合肥市新能源汽车产量年均增长超过50%。", "2024-12-05",
     [("合肥市", None, "新能源汽车产量", None, None, 50, "yoy", "2022-01-01", "2024-12-31", False)]),
    # a fall is a negative growth
    ("1-6月，东莞市房地产开发投资同比下降12.3%。", "2024-07-20",
     [("东莞市", None, "房地产开发投资", None, None, -12.3, "yoy", "2024-01-01", "2024-06-30", False)]),
]

STATISTICS_BULLETIN = [
    # the growth two clauses after its figure, past a clause that names nothing
    ("前三季度，宜宾市实现地区生产总值2780.5亿元，按不变价格计算，同比增长8.6%。", "2024-10-25",
     [("宜宾市", None, "地区生产总值", 278050000000, "元", 8.6, "yoy", "2024-01-01", "2024-09-30", False)]),
    # a share whose subject is the figure before it
    ("前三季度，宜宾市工业投资增长18.7%，占全部投资的比重为42.3%。", "2024-10-25",
     [("宜宾市", None, "工业投资", None, None, 18.7, "yoy", "2024-01-01", "2024-09-30", False),
      ("宜宾市", None, "工业投资占全部投资的比重", None, None, 42.3, "share", "2024-01-01", "2024-09-30", False)]),
    # a change against a base is not a level; the level keeps its 截至 month
    ("截至9月末，宜宾市金融机构人民币各项存款余额5860.7亿元，比年初增加412.3亿元。", "2024-10-25",
     [("宜宾市", None, "各项存款余额", 586070000000, "元", None, None, "2024-09-01", "2024-09-30", False)]),
    ("1—9月，宜宾市规模以上工业增加值同比增长11.3%，增速比上半年提高0.8个百分点。", "2024-10-25",
     [("宜宾市", None, "规模以上工业增加值", None, None, 11.3, "yoy", "2024-01-01", "2024-09-30", False),
      ("宜宾市", None, "规模以上工业增加值", None, None, 0.8, "points", "2024-01-01", "2024-09-30", False)]),
    # a price rise is a growth on the year before; a net increase on it is a change, not a level
    ("2023年，襄阳市居民消费价格比上年上涨0.2%。规模以上工业企业达到2125家，比上年净增186家。", "2024-04-10",
     [("襄阳市", None, "居民消费价格", None, None, 0.2, "yoy", "2023-01-01", "2023-12-31", False),
      ("襄阳市", None, "规模以上工业企业", 2125, "家", None, None, "2023-01-01", "2023-12-31", False)]),
    # a breakdown: a place's bare rate is of what the province's figure before it measures
    ("1—10月，全省规模以上工业增加值同比增长5.8%，比1—9月加快0.2个百分点。分设区市看，赣州市增长8.9%，九江市下降1.2%。",
     "2024-11-20",
     [("赣州市", None, "规模以上工业增加值", None, None, 8.9, "yoy", "2024-01-01", "2024-10-31", False),
      ("九江市", None, "规模以上工业增加值", None, None, -1.2, "yoy", "2024-01-01", "2024-10-31", False)]),
    # a place opening a clause after a ；, or a list of places, takes the name of the figure before
    ("一季度，全省地区生产总值13341.5亿元。分市州看，武汉市实现地区生产总值4803.2亿元，增长6.3%；"
     "襄阳市1318.6亿元，增长6.6%。荆州市、黄冈市分别增长6.9%、6.2%。", "2024-04-30",
     [("武汉市", None, "地区生产总值", 480320000000, "元", 6.3, "yoy", "2024-01-01", "2024-03-31", False),
      ("襄阳市", None, "地区生产总值", 131860000000, "元", 6.6, "yoy", "2024-01-01", "2024-03-31", False),
      ("荆州市", None, "地区生产总值", None, None, 6.9, "yoy", "2024-01-01", "2024-03-31", False),
      ("黄冈市", None, "地区生产总值", None, None, 6.2, "yoy", "2024-01-01", "2024-03-31", False)]),
    ("一季度，全省规上工业增加值增长7.2%，其中，十堰、随州分别增长9.5%、8.7%；咸宁市增长8.1%。", "2024-04-30",
     [("十堰市", None, "规上工业增加值", None, None, 9.5, "yoy", "2024-01-01", "2024-03-31", False),
      ("随州市", None, "规上工业增加值", None, None, 8.7, "yoy", "2024-01-01", "2024-03-31", False),
      ("咸宁市", None, "规上工业增加值", None, None, 8.1, "yoy", "2024-01-01", "2024-03-31", False)]),
    # a province and its cities in one 分别 list: the province's item is no row, its growth neither;
    # a second list compared with the province is about the same cities
    ("湖南上半年GDP增长4.4%\n上半年，湖南省地区生产总值同比增长4.4%，其中长沙市、株洲市分别增长4.8%和5.1%，"
     "分别高于全省0.4个、0.7个百分点。全省和长沙市社会消费品零售总额分别为9862.4亿元和2502.7亿元，分别增长5.3%和6.0%。",
     "2024-07-30",
     [("长沙市", None, "地区生产总值", None, None, 4.8, "yoy", "2024-01-01", "2024-06-30", False),
      ("株洲市", None, "地区生产总值", None, None, 5.1, "yoy", "2024-01-01", "2024-06-30", False),
      ("长沙市", None, "地区生产总值", None, None, 0.4, "points", "2024-01-01", "2024-06-30", False),
      ("株洲市", None, "地区生产总值", None, None, 0.7, "points", "2024-01-01", "2024-06-30", False),
      ("长沙市", None, "社会消费品零售总额", 250270000000, "元", 6.0, "yoy", "2024-01-01", "2024-06-30", False)]),
    # ... across a paragraph break, by district of one city
    ("前三季度，武汉市固定资产投资同比增长3.2%。\n从区域看，江夏区增长9.1%，蔡甸区增长6.4%。", "2024-10-25",
     [("武汉市", None, "固定资产投资", None, None, 3.2, "yoy", "2024-01-01", "2024-09-30", False),
      ("武汉市", "江夏区", "固定资产投资", None, None, 9.1, "yoy", "2024-01-01", "2024-09-30", False),
      ("武汉市", "蔡甸区", "固定资产投资", None, None, 6.4, "yoy", "2024-01-01", "2024-09-30", False)]),
    # ... a breakdown by industry names its own figures
    ("前三季度，宜宾市规模以上工业增加值增长11.3%。分行业看，汽车制造业增长25.6%。", "2024-10-25",
     [("宜宾市", None, "规模以上工业增加值", None, None, 11.3, "yoy", "2024-01-01", "2024-09-30", False),
      ("宜宾市", None, "汽车制造业", None, None, 25.6, "yoy", "2024-01-01", "2024-09-30", False)]),
    # a target word heading a sentence governs its clauses across ；; a project's 计划总投资 only its own
    ("2024年全年力争实现地区生产总值1085亿元；规模以上工业增加值增长10%以上。", "2024-03-10",
     [(None, None, "地区生产总值", 108500000000, "元", None, None, "2024-01-01", "2024-12-31", True),
      (None, None, "规模以上工业增加值", None, None, 10, "yoy", "2024-01-01", "2024-12-31", True)]),
    ("2023年，襄阳市新引进亿元以上项目134个，计划总投资1052亿元，实际利用外资5.3亿美元。", "2024-03-10",
     [("襄阳市", None, "新引进亿元以上项目", 134, "个", None, None, "2023-01-01", "2023-12-31", False),
      ("襄阳市", None, "总投资", 105200000000, "元", None, None, "2023-01-01", "2023-12-31", True),
      ("襄阳市", None, "实际利用外资", 530000000, "USD", None, None, "2023-01-01", "2023-12-31", False)]),
    # 年内 of a year over when the article appeared reviews it; 3年内 still plans
    ("2023年芜湖经开区工作回顾\n2023年，芜湖经开区年内新引进亿元以上项目64个。", "2024-09-10",
     [("芜湖市", "芜湖经开区", "新引进亿元以上项目", 64, "个", None, None, "2023-01-01", "2023-12-31", False)]),
    ("今年，芜湖经开区力争年内新引进亿元以上项目70个。", "2024-03-10",
     [("芜湖市", "芜湖经开区", "新引进亿元以上项目", 70, "个", None, None, "2024-01-01", "2024-12-31", True)]),
    # the year as far as a 截至 date before it in the sentence
    ("截至5月31日，合肥市今年累计交付新能源汽车87426辆。", "2024-06-03",
     [("合肥市", None, "交付新能源汽车", 87426, "辆", None, None, "2024-01-01", "2024-05-31", False)]),
    # a founding year is no period of the figures after it
    ("襄阳高新区成立于1992年，现有规上工业企业500家。", "2024-05-10",
     [("襄阳市", "襄阳高新区", "规上工业企业", 500, "家", None, None, None, None, False)]),
    # a round threshold passed between a figure and its growth (首次突破千亿元) leaves the growth the figure's
    ("2023年，南京市技术合同成交额达到1071.3亿元，首次突破千亿元，同比增长32.5%。", "2024-03-10",
     [("南京市", None, "技术合同成交额", 107130000000, "元", 32.5, "yoy", "2023-01-01", "2023-12-31", False),
      ("南京市", None, "技术合同成交额", 100000000000, "元", None, None, "2023-01-01", "2023-12-31", False)]),
    # a part of a whole between a figure and its growth: the growth is still the figure's
    ("1-8月，成都市一般公共预算收入完成919.3亿元，为年度预算的54.1%，同比增长3.2%。", "2024-09-10",
     [("成都市", None, "一般公共预算收入", 91930000000, "元", 3.2, "yoy", "2024-01-01", "2024-08-31", False),
      ("成都市", None, "一般公共预算收入占年度预算", None, None, 54.1, "other", "2024-01-01", "2024-08-31", False)]),
    ("上半年，武汉市城镇新增就业13.6万人，完成年度目标任务的56.7%，同比增长4.2%。", "2024-07-20",
     [("武汉市", None, "城镇新增就业", 136000, "人", 4.2, "yoy", "2024-01-01", "2024-06-30", False),
      ("武汉市", None, "城镇新增就业完成年度目标任务", None, None, 56.7, "other", "2024-01-01", "2024-06-30", False)]),
    ("上半年，宜宾市规上工业增加值完成500亿元，占全省的12.5%，增长6%。", "2024-07-20",
     [("宜宾市", None, "规上工业增加值", 50000000000, "元", 6, "yoy", "2024-01-01", "2024-06-30", False),
      ("宜宾市", None, "规上工业增加值占全省", None, None, 12.5, "share", "2024-01-01", "2024-06-30", False)]),
    # ... and a comparison after the part compares the figure's growth
    ("上半年，长兴县一般公共预算收入完成58.47亿元，增长4.6%，完成年度预算的55.3%，增速比全市平均水平高1.1个百分点。",
     "2024-07-20",
     [("湖州市", "长兴县", "一般公共预算收入", 5847000000, "元", 4.6, "yoy", "2024-01-01", "2024-06-30", False),
      ("湖州市", "长兴县", "一般公共预算收入完成年度预算", None, None, 55.3, "other", "2024-01-01", "2024-06-30", False),
      ("湖州市", "长兴县", "一般公共预算收入增速比全市平均水平高", None, None, 1.1, "points", "2024-01-01", "2024-06-30",
       False)]),
]


@pytest.mark.parametrize("text,published_at,expected", STATISTICS_BULLETIN, ids=[f"bulletin-{i}" for i in range(len(STATISTICS_BULLETIN))])
def test_statistics_bulletin(text, published_at, expected):
    _check(text, published_at, expected)


NOT_INDICATORS = [
    # honours: cases picked as examples
    ("在全国中小企业数字化转型典型案例评选中，苏州市共有5个案例入选。", "2024-09-05"),
    # an event's guests
    ("苏州市举办集成电路产业对接会，吸引了120余家企业参会。", "2024-09-05"),
    ("6月12日，成都市生物医药产业推介会举行，200多位专家学者和企业代表出席。", "2024-09-05"),
    # ranks, per-unit rates, sizes of one object, aspects of a plan, names in quotes
    ("在全国178个国家级高新区中，孝感高新区排名第70位。", "2024-09-05"),
    ("国内每10台新能源汽车中，有6台PTC加热器来自华工高理。", "2024-09-05"),
    ("10台新能源汽车6台PTC加热器“孝感造”", "2024-09-05"),  # the same ratio, as a headline writes it
    ("一个20吨的发酵罐每年所生产的虾青素相当可观。", "2024-01-22"),
    ("武汉市经信局重点围绕生产运行、项目建设等6个方面加力。", "2024-01-30"),
    ("武汉市中小企业发展促进中心组织开展开门红“十项行动”。", "2024-01-30"),
    # categories of a programme, partners of a cooperation
    ("宜宾市应用场景征集活动共涵盖智能制造、智慧物流等12类场景。", "2024-05-01"),
    ("宜宾市与四川大学、电子科技大学等15所高校、30余个科研团队合作。", "2024-05-01"),
    ("宜宾市同200多家企业开展合作。", "2024-05-01"),
    # a province's or the nation's figures are no city's: as the subject of the figure, in a
    # sentence going on after it (其中…), or in an article whose title is the province's
    ("前三季度，全省地区生产总值43389.68亿元，同比增长5.7%。", "2024-10-25"),
    ("全省进出口总额5074.2亿元，增长9.6%，其中出口3361.7亿元，增长18.3%。", "2024-10-25"),
    ("1—9月，湖北省规上工业增加值增长7%。", "2024-10-25"),
    ("今年以来，全国规模以上工业增加值同比增长5.8%，武汉市经济运行平稳。", "2024-10-25"),
    ("前三季度全省经济运行稳中向好 13个市州GDP增速超全省平均水平\n"
     "孝感市经济持续回升。\n固定资产投资同比增长5.4%。其中，工业投资增长13.9%。", "2024-10-25"),
    # the clients a facility or platform serves
    ("宜昌市工业互联网平台上线以来，已为300多家中小企业提供数字化改造服务。", "2024-10-25"),
    # the guests of an event, the attendance verb after the count
    ("在昨天举办的新型显示产业对接会上，华星光电、天马微电子等12家企业的负责人齐聚一堂。", "2024-10-25"),
]


@pytest.mark.parametrize("text,published_at", NOT_INDICATORS, ids=[f"not-{i}" for i in range(len(NOT_INDICATORS))])
def test_not_indicators(text, published_at):
    assert run(text, published_at).facts["indicators"] == []


# Where a city's figures stand beside a province's or the nation's, or other cities': rows are
# (text, the (city, area, value or growth) of every row).
WHOSE_FIGURES = [
    # a city named after the province's subject takes the figures that follow
    ("全省共有规上工业企业1.9万家，其中武汉市3800家。", [("武汉市", None, 3800)]),
    ("前三季度，全省地区生产总值增长5.7%；分市州看，襄阳市地区生产总值4219.5亿元，增长6.1%。",
     [("襄阳市", None, 421950000000)]),
    # a province or the nation after a verb or 比 is a comparison's base or a ranking's set
    ("前三季度，孝感市规模以上工业增加值同比增长9.8%，高于全省平均水平2.2个百分点。", [("孝感市", None, 9.8), ("孝感市", None, 2.2)]),
    ("上半年，武汉市新增高新技术企业1200家，数量居全省第一。", [("武汉市", None, 1200)]),
    # the article's main area is one of its main city's, not another city's district
    ("电子信息产业快速崛起\n德州市副市长介绍，德州电子信息产业快速发展，德州经济向好。\n"
     "天津武清区的企业来到德州，武清区企业家说，武清区与德州合作多年。\n电子信息产业产值增长20%。",
     [("德州市", None, 20)]),
    # a count a place draws is its figure when no event drew it
    ("2023年，苏州市吸引外资企业120家落户。", [("苏州市", None, 120)]),
    # a rate after another place is that place's, named like the figure before
    ("2023年，襄阳高新区规上工业总产值突破2000亿元，宜昌高新区增长10%。",
     [("襄阳市", "襄阳高新区", 200000000000), ("宜昌市", "宜昌高新区", 10)]),
    # ... and 全市 after a verb is the city a county's figure is compared with
    ("前三季度，仙居县固定资产投资同比增长12.3%。\n全县规上工业增加值同比增长9.8%，高于全市平均水平3.1个百分点。",
     [("台州市", "仙居县", 12.3), ("台州市", "仙居县", 9.8), ("台州市", "仙居县", 3.1)]),
    # a company as an example or a driver, or before a clause a place opens, leaves the figure
    # to the place
    ("宁德市锂电产业加快发展\n在宁德时代的带动下，当地锂电产业链上下游企业达到60家。", [("宁德市", None, 60)]),
    ("以比亚迪为代表的襄阳新能源汽车产业，2023年产值突破1000亿元。", [("襄阳市", None, 100000000000)]),
    ("比亚迪项目落户后，襄阳新能源汽车产量增长45%。", [("襄阳市", None, 45)]),
    # a company's project listed with 等 is an example: the growth it drives is the city's; and
    # a paragraph after a company's figures that names its city is the city's again
    ("2023年，比亚迪襄阳产业园二期、华润电力新能源基地等重大项目建成投产，带动襄阳工业投资增长15.6%。",
     [("襄阳市", None, 15.6)]),
    ("湖北三环锻造有限公司在襄阳投产。2023年公司实现营业收入12亿元。\n全市规上工业增加值增长7.2%。",
     [("襄阳市", None, 7.2)]),
    # a total of companies listed together is no one company's
    ("猇亭区内，宜昌中科鑫源新能源有限公司、湖北三峡宏达精细化工有限公司和当阳市弘盛矿业有限责任公司相继签约落户，"
     "总投资达86亿元。", [("宜昌市", "猇亭区", 8600000000)]),
    # what a company drives is the city's
    ("湛江市委书记表示，巴斯夫项目带动石化产业链上下游企业集聚，目前已吸引配套企业23家落户。",
     [("湛江市", None, 23)]),
    # a place after the whole city's figure in its sentence is the next figure's
    ("深圳市创新驱动发展\n全市国家高新技术企业超过2.4万家，其中南山区达5306家。", [("深圳市", None, 24000), ("深圳市", "南山区", 5306)]),
    # a company the figures come from (据…统计) is not their subject
    ("据国网襄阳供电公司统计，今年1—10月，全社会用电量215亿千瓦时，同比增长9.3%。",
     [("襄阳市", None, 21500000000)]),
    # a figure quoted from an official, not a company, stays the city's
    ("“今年全市订单增长了30%。”武汉市经信局负责人表示。", [("武汉市", None, 30)]),
    # an honour (全省首家) in a title sets no scope: the figures are the city's
    ("全省首个数字经济产业园开园\n孝感高新区数字经济产业园已引进企业52家。", [("孝感市", "孝感高新区", 52)]),
    # 全市 in a later sentence is the city its paragraph is about, not the article's main city
    ("一季度苏南五市经济数据出炉\n【南京】一季度，南京实现地区生产总值4252.28亿元。南京市规上工业增加值增长6.1%。\n"
     "【苏州】一季度，苏州市地区生产总值5807.3亿元。全市进出口总额5855.2亿元。",
     [("南京市", None, 425228000000), ("南京市", None, 6.1), ("苏州市", None, 580730000000), ("苏州市", None, 585520000000)]),
    # ... but not one in a list (、) or after a preposition
    ("武汉市出台方案。\n在东湖高新区、武汉经开区打造示范区。力争全年发布场景需求清单300项。", [("武汉市", None, 300)]),
    # a 分别 list: the i-th figure is about the i-th place before it
    ("常州和镇江一季度地区生产总值分别为2436.5亿元和1264.1亿元，分别增长5.8%和4.1%。",
     [("常州市", None, 243650000000), ("镇江市", None, 126410000000)]),
    ("一季度，常州、镇江规上工业增加值分别增长7.2%、6.5%。", [("常州市", None, 7.2), ("镇江市", None, 6.5)]),
    # a province in a byline (湖北日报全媒记者) is not a title's scope
    ("湖北日报全媒记者 刘宇\n孝感高新区数字经济产业园已引进企业52家。", [("孝感市", "孝感高新区", 52)]),
    # a list of places in the phrase before the 分别 that opens its own
    ("从地区分布看，济南市、青岛市、烟台市入选数量位列前三，分别为226家、208家和112家。",
     [("济南市", None, 226), ("青岛市", None, 208), ("烟台市", None, 112)]),
    # clauses after a ； go on with the place their sentence opened with, not the article's area
    ("临港新片区新能源汽车产业链加速集聚\n1-9月，上海新能源汽车产量达到92.5万辆；汽车制造业总产值6012.3亿元。",
     [("上海市", None, 925000), ("上海市", None, 601230000000)]),
    # the place a company is in, as the head of the phrase, is the subject
    ("特斯拉(上海)有限公司所在的上海临港新片区，今年1-9月实现规模以上工业总产值2896.3亿元。",
     [("上海市", "临港新片区", 289630000000)]),
    # ... a date before the 分别 too; a district named like a word (江北区) where the article names its city
    ("南京市科技成果转化成效明显。玄武区、鼓楼区依托高校资源，全年分别转化科技成果412项和356项。",
     [("南京市", "玄武区", 412), ("南京市", "鼓楼区", 356)]),
    ("1-9月，重庆市全社会用电量增长8%。渝北区、九龙坡区、江北区用电量分别增长12.1%、9.4%和10.6%。",
     [("重庆市", None, 8), ("重庆市", "渝北区", 12.1), ("重庆市", "九龙坡区", 9.4), ("重庆市", "江北区", 10.6)]),
    # several areas listed before a figure that is no 分别 item: the city's, not the last area's
    ("西安市乡村旅游火热。鄠邑区、蓝田县等地乡村旅游接待游客102.5万人次。", [("西安市", None, 1025000)]),
    ("苏州市网络零售额增长。吴江丝绸、常熟服装等特色产品线上销售额同比增长25.3%。", [("苏州市", None, 25.3)]),
    # 全市 after a ； is the whole city, whatever area the clause before named
    ("贵阳市数据中心加快建设。贵安新区服务器承载能力达到225万台；全市数据中心标准机架达到18.5万架。",
     [("贵阳市", "贵安新区", 2250000), ("贵阳市", None, 185000)]),
    # a company's facility and 所在的 before a place: the place is the subject
    ("蔚来中国总部所在的合肥经济技术开发区，1-4月新能源汽车产值同比增长超过40%。", [("合肥市", "合肥经开区", 40)]),
    # places after 来自 and their list's other items are origins
    ("佛山市顺德区签约项目。来自香港、澳门的11个项目总投资约86亿元。", [("佛山市", "顺德区", 11), ("佛山市", "顺德区", 8600000000)]),
    ("合肥市用电量增长。高新区、经开区用电量分别增长12.6%、10.8%。",
     [("合肥市", "合肥高新区", 12.6), ("合肥市", "合肥经开区", 10.8)]),
    # Hong Kong and Macau are provincial-level cities
    ("澳门首三季入境旅客2490.3万人次。香港上半年新上市公司集资总额约为386亿港元。",
     [("澳门特别行政区", None, 24903000), ("香港特别行政区", None, 38600000000)]),
    # a place in the outlet's name is where it is published; a trading partner is no subject
    ("深圳前三季度地区生产总值同比增长5.4%\n2023年10月28日 来源：香港商报\n前三季度，深圳市地区生产总值增长5.4%。\n"
     "工业方面，全市规模以上工业增加值同比增长4.8%。",
     [("深圳市", None, 5.4), ("深圳市", None, 5.4), ("深圳市", None, 4.8)]),
    ("2023年东莞外贸进出口总额12928.6亿元，其中对香港出口2356.2亿元。",
     [("东莞市", None, 1292860000000), ("东莞市", None, 235620000000)]),
    # a heading naming several areas of one city is the city's (the outlet's 长沙 is no heading)
    ("1-8月长沙各区县经济成绩单出炉 浏阳GDP总量居首 雨花增速领跑\n2024-09-27 17:50  来源：长沙晚报\n"
     "市统计局相关负责人表示，将推动全年地区生产总值增长5.5%以上目标的实现。", [("长沙市", None, 5.5)]),
    # the nation's figures go on in sentences and paragraphs naming no place, until a city is named
    ("中汽协：10月汽车产销同比增长\n10月，我国汽车产销分别完成299.6万辆和305.3万辆。1-10月，汽车出口491.7万辆。\n"
     "新能源汽车方面，10月新能源汽车产销分别完成146.3万辆和143万辆。\n"
     "分地区看，合肥市1-10月新能源汽车产量68.2万辆。全市汽车出口增长30%。",
     [("合肥市", None, 682000), ("合肥市", None, 30)]),
    # ... but a city named first keeps the article's figures, a national comparison in between or not
    ("苏州市经济运行稳中有进\n今年以来，苏州市规上工业增加值增长6.8%。\n全国规上工业增加值增长5.8%。\n"
     "固定资产投资增长4.1%。", [("苏州市", None, 6.8), ("苏州市", None, 4.1)]),
]


@pytest.mark.parametrize("text, rows", WHOSE_FIGURES)
def test_whose_figures(text, rows):
    got = [(r.city, r.area, r.value if r.value is not None else r.growth_pct)
           for r in run(text, "2024-10-25").facts["indicators"]]
    assert got == [(city, area, pytest.approx(v)) for city, area, v in rows]


def _same(got, want) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool) and got is not None:
        return got == pytest.approx(want)
    return got == want


def _check(text, published_at, expected):
    rows = run(text, published_at).facts["indicators"]
    got = [(r.city, r.area, r.indicator, r.value, r.unit, r.growth_pct, r.growth_kind, r.period_start, r.period_end, r.is_target) for r in rows]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        assert g[:2] == e[:2], (g, e)
        assert e[2] in g[2], (g, e)
        assert all(_same(a, b) for a, b in zip(g[3:], e[3:])), (g, e)


@pytest.mark.parametrize("text,published_at,expected", SEED_SENTENCES, ids=[f"seed-{i}" for i in range(len(SEED_SENTENCES))])
def test_seed_sentences(text, published_at, expected):
    _check(text, published_at, expected)


# Indicator names exactly, where the loose check above would let a stray word through.
EXACT_NAMES = [
    ("截至10月底，宜宾市发电量3200万千瓦时同比增长5%。", ["发电量"]),  # not 发电量同比
    ("截至10月底，宜宾市用电量3,200万千瓦时，环比增长5%。", ["用电量"]),
    ("1—9月，宜宾市实现旅游收入10亿元，增幅达8.6%。", ["旅游收入"]),
    ("1—9月，宜宾市工业增加值增幅为8.6%。", ["工业增加值"]),
    ("1—9月，宜宾市规上工业企业1,200家，营业收入增长15%。", ["规上工业企业", "营业收入"]),
    # words are stripped from a name's edges whole: 达 of 达产 stays until 达产后 goes
    ("合肥市长丰县项目预计明年建成，达产后年产值将超过200亿元。", ["年产值"]),
    ("1—9月，宜宾市有色金属产量120万吨。", ["有色金属产量"]),  # not 色金属产量 (有 is a leading word)
    ("1—9月，宜宾市在建项目投资额120亿元。", ["在建项目投资额"]),  # nor 建项目投资额
    ("全市经济持续回升，宜宾市社会消费品零售总额1000亿元。", ["社会消费品零售总额"]),
    ("宜宾市项目总投资不超过50亿元。", ["项目总投资"]),  # not 项目总投资不
    # a verb between the subject and the measure is no part of the name
    ("上半年，襄阳高新区汽车产业实现产值680亿元。", ["汽车产业产值"]),
    # a ratio keeps its 比; a zone's generic word leads no name; a sample's size is no figure
    ("6月末，南昌市金融机构存贷比为133.4%。", ["金融机构存贷比"]),
    ("襄阳市经济稳中向好。上半年，高新区新增高新技术企业63家，总数达到1120家。", ["新增高新技术企业", "高新技术企业总数"]),
    ("五一假期，长沙市重点监测的42家商贸企业实现销售额18.6亿元。", ["商贸企业销售额"]),
    # a port or urban districts named with their place (青岛港, 杭州市区) and a list's emoji lead no name
    ("前三季度，青岛港货物吞吐量5.2亿吨。", ["货物吞吐量"]),
    ("9月，杭州市区新建商品住房成交5230套。", ["商品住房成交"]),
    ("杭州市经济运行\n✅规上工业增加值增长7.2%", ["规上工业增加值"]),
    ("合肥市前三季度经济\n1️⃣ 第一产业增加值260.7亿元\n2️⃣ 第二产业增加值3150.2亿元", ["第一产业增加值", "第二产业增加值"]),
    # a list's items are apart by 、; 和/及 part them only where the 、 leave too few
    ("10月，苏州市服装鞋帽、家用电器和音像器材、化妆品网络零售额分别为58.6亿元、41.2亿元和22.7亿元。",
     ["服装鞋帽网络零售额", "家用电器和音像器材网络零售额", "化妆品网络零售额"]),
    ("1-9月，重庆市汽车制造业、电子及通信设备制造业用电量分别增长21.3%和16.7%。",
     ["汽车制造业用电量", "电子及通信设备制造业用电量"]),
    # the 市 of 市属 a place took back; a change's verb and a time word are no part of a name
    ("2023年，青岛市属企业实现营业收入1982.6亿元。", ["市属企业营业收入"]),
    ("2023年，苏州市研发投入占比升至3.9%。", ["研发投入占比"]),
    ("2023年，宁波市当年规上工业总产值为2.4万亿元。", ["规上工业总产值"]),
    # 从X看 sets the topic of a breakdown; a rank after a figure is no name
    ("上半年，长沙市经济运行平稳。从地区生产总值看，雨花区以1036.5亿元居首，长沙县以986.2亿元居次。",
     ["地区生产总值", "地区生产总值"]),
    # a measure word the last item ends with is every item's
    ("1-6月，长沙市新能源汽车、工业机器人、集成电路产量分别增长35%、20%和12%。",
     ["新能源汽车产量", "工业机器人产量", "集成电路产量"]),
    # one-word items before a last item of such a word and a head share the head
    ("2023年，襄阳市城镇和农村常住居民人均可支配收入分别达到46580元和24310元。",
     ["城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"]),
    ("1-9月，武汉市汽车、摩托车产量分别增长5%和3%。", ["汽车产量", "摩托车产量"]),
    # durations are no indicators; compute in EFLOPS is one
    ("武汉市开办企业时间压缩至0.5个工作日。全市算力规模达到28EFLOPS。", ["算力规模"]),
    # a list's name before a rank (位列前三) is what its places share
    ("济南市、青岛市入选数量位列前二，分别为226家、208家。", ["入选数量", "入选数量"]),
    ("玄武区、鼓楼区依托高校资源，全年分别转化科技成果412项和356项。", ["转化科技成果", "转化科技成果"]),
    # the occasion before a name is its period, no part of it
    ("双11当天，杭州市快递业务量2816万件。促销期间全市累计揽收快件3.2亿件。", ["快递业务量", "揽收快件"]),
    # connectives and means before a name are no part of it; what changes is named before 由/从
    ("深圳市南山区则集聚了机器人企业超过600家。", ["机器人企业"]),
    ("1-9月，宁波市通过宁波舟山港出口汽车零部件货值增长12%。", ["出口汽车零部件货值"]),
    ("宜宾市动力电池本地配套率由2021年的不足15%提升至目前的45%左右。", ["动力电池本地配套率", "动力电池本地配套率"]),
    # a statistics class holding 、 is named whole
    ("1-9月，武汉市电力、热力、燃气及水生产和供应业增长3.7%。信息传输、软件和信息技术服务业新设企业4826户。",
     ["电力、热力、燃气及水生产和供应业", "信息传输、软件和信息技术服务业新设企业"]),
    # ... but a list of two things is not one (出口、进口 apart, named by 分别)
    ("1-9月，武汉市出口、进口分别增长5%和3%。", ["出口", "进口"]),
    # a list named by a bare verb measures what the figure before it, named with that verb, does
    ("截至8月底，郑州市共获得专项债券额度235.8亿元。郑东新区、金水区分别获得56.2亿元、41.7亿元。",
     ["获得专项债券额度", "获得专项债券额度", "获得专项债券额度"]),
    ("1-9月，青岛市黄岛区新设经营主体3.1万户。城阳区、即墨区分别新设2.6万户和2.3万户。",
     ["新设经营主体", "新设经营主体", "新设经营主体"]),
    # a category's bound after a count stays in its name
    ("襄阳市将重点推进28个亿元以上重大项目。", ["亿元以上重大项目"]),
    # the noun after a count stops where the next figure's name begins
    ("荆门市集中签约28个项目总投资426亿元", ["项目", "项目总投资"]),
    ("1—9月，湖北省武汉市规上工业增加值增长7%。", ["规上工业增加值"]),  # a province is cut out too
    ("2023年，绵阳市实现地区生产总值（GDP）4038.73亿元，比上年增长8.0%。", ["地区生产总值"]),  # an aside
    ("2023年，绵阳市居民消费价格比上年上涨0.3%。", ["居民消费价格"]),
    ("一季度末，广州市共有高新技术企业1.23万家，约占全省的四分之一。", ["高新技术企业", "高新技术企业占全省"]),
    ("今年以来，广州市南沙区另有5亿港元的基金落地。", ["基金"]),  # not 基金落地
    ("今年1—10月，苏州工业园区实际使用外资21.6亿美元。", ["实际使用外资"]),  # not 园区实际使用外资
    ("苏州工业园区已设立总规模约300亿元的产业投资基金群。", ["产业投资基金群总规模"]),
    # a 分别 list whose last item carries the head all items share, after a count of them
    ("到2025年，苏州工业园区集成电路、生物医药、人工智能三大新兴产业产值分别达到1500亿元、1800亿元和1000亿元。",
     ["集成电路新兴产业产值", "生物医药新兴产业产值", "人工智能新兴产业产值"]),
    # an amount that bounds a category is no figure, and stays in the category's name
    ("1—10月，苏州工业园区新设外资项目186个，其中总投资超1亿美元的项目12个。", ["新设外资项目", "总投资超1亿美元的项目"]),
    ("一季度，萧山区共签约项目28个，总投资326.8亿元，其中超10亿元项目9个。", ["签约项目", "总投资", "超10亿元项目"]),
    ("2023年，襄阳市新开工项目超过1000个，其中10亿元以上项目62个。", ["新开工项目", "10亿元以上项目"]),
    # Latin abbreviations name figures; a nameless figure after a named growth takes both
    ("武汉市2023年GDP增长5.5%，达到2.0011万亿元。", ["GDP"]),
    ("1—9月，武汉市CPI上涨0.3%，PPI下降1.2%。", ["CPI", "PPI"]),
    ("2023年，赣州市电子信息产业营业收入突破2000亿元，当地已集聚电子信息企业800余家。", ["电子信息产业营业收入", "电子信息企业"]),
    # a comparison after another is of the rate they both compare
    ("武汉市一季度GDP同比增长5.5%，增速比全国高0.2个百分点，比全省高0.3个百分点。", ["GDP", "GDP增速比全国高", "GDP增速比全省高"]),
    # a total is of what the count before it counts, not of the increment
    ("2023年，武汉市规上工业企业新增250家，总数达3495家，总投资100亿元。", ["规上工业企业新增", "规上工业企业总数", "总投资"]),
    ("2023年，襄阳市新增规上工业企业286家，总数突破2000家。", ["新增规上工业企业", "规上工业企业总数"]),
    # examples before 等 lead the name, they are not it
    ("武汉市华中科技大学、中国科学院武汉病毒研究所等高校院所与企业共建联合实验室8个。", ["高校院所与企业共建联合实验室"]),
    ("武汉市一级、二级等高等级公路里程达到1200公里。", ["高等级公路里程"]),
    ("武汉市覆盖光电子信息、装备制造等领域的产业链合作项目38个。", ["装备制造等领域的产业链合作项目"]),
    # a range that bounds a category: both ends stay in the name
    ("去年，成都高新区新引进重大项目48个，单个项目投资额在30亿至50亿元之间的有9个。", ["新引进重大项目", "单个项目投资额在30亿至50亿元之间"]),
    ("2023年，襄阳市新开工项目超过1000个，其中10亿元至50亿元项目62个。", ["新开工项目", "10亿元至50亿元项目"]),
    ("德州市设立了总规模35亿元的10只产业投资基金。", ["产业投资基金总规模", "产业投资基金"]),  # a size, not a bound
    ("1—9月，襄阳市实际利用外资年均增长15.8%。", ["实际利用外资"]),
    # a rate that compares, or is named only as a share, belongs to the figure before it
    ("1—9月，嘉兴市数字经济核心产业制造业增加值增长15.2%，高于规上工业6.3个百分点。",
     ["数字经济核心产业制造业增加值", "数字经济核心产业制造业增加值增速高于规上工业"]),
    ("1—9月，嘉兴市工业投资增速为12.1%，比重较上年提高1.2个百分点。", ["工业投资", "工业投资占比"]),
    ("上半年，东莞市民营企业进出口3876.5亿元，增长13.4%，占外贸总值的56.3%，比重较去年同期提升2.1个百分点。",
     ["民营企业进出口", "民营企业进出口占外贸总值", "民营企业进出口占外贸总值"]),
    # 占比 cut to 占 (比 ends comparisons: 价格比) is the share of the figure before
    ("前10个月，深圳市民营企业进出口2.56万亿元，增长20.1%，占比提升至68.4%。", ["民营企业进出口", "民营企业进出口占比"]),
    ("2023年，成都高新区生物医药产业规模突破1700亿元，其中生物制品营收占比超过四成。", ["生物医药产业规模", "生物制品营收占比"]),
    # places listed before 分别 are cut out of the name, which is what they share
    ("上半年，孝感市和黄冈市规上工业增加值分别增长9.2%和8.4%，均高于全省平均水平。", ["规上工业增加值", "规上工业增加值"]),
    # a comparison is named as written, its date included; a title's phrases apart by a space
    ("二季度，合肥市工业投资同比增长20.1%，比一季度加快3.2个百分点。", ["工业投资", "工业投资增速比一季度加快"]),
    ("长沙经开区重大项目集中签约 总投资560亿元", ["总投资"]),
    # a rate word is restored whole where the cut split it (平|均增速)
    ("截至1月末，荆州市制造业贷款余额达到986.3亿元，同比增长22.5%，高于各项贷款平均增速9.6个百分点。",
     ["制造业贷款余额", "制造业贷款余额增速高于各项贷款平均增速"]),
    # how long and how steady is no part of the name
    ("2023年，南阳市粮食总产量连续三年稳定在120亿斤以上。", ["粮食总产量"]),
    ("2024年，合肥市城镇调查失业率控制在5.5%以内。", ["城镇调查失业率"]),
    ("今年，襄阳市规上工业增加值增速保持在8%以上。", ["规上工业增加值"]),
]


@pytest.mark.parametrize("text, names", EXACT_NAMES)
def test_exact_names(text, names):
    assert [r.indicator for r in run(text, "2024-10-25").facts["indicators"]] == names


@pytest.mark.parametrize("text,published_at,expected", NEWS_STYLE, ids=[f"news-{i}" for i in range(len(NEWS_STYLE))])
def test_news_style(text, published_at, expected):
    _check(text, published_at, expected)


ENTERPRISE_FIGURES = [
    # (text, published_at, [(value, subject)]) -> kept out of the city table, in enterprise_indicators
    # 企业负责人 opening a clause speaks for the company named before
    ("在襄阳高新区的湖北超卓航空科技股份有限公司，生产线正开足马力。\n“我们的订单已经排到了年底。”企业负责人介绍，预计全年产值将突破10亿元。",
     "2024-05-10", [(1000000000, "湖北超卓航空科技股份有限公司")]),
    # 该行 is the bank named before
    ("工行武汉分行持续加大信贷投放。该行已为东湖高新区内1800余家科技型企业提供贷款支持，贷款余额312亿元。", "2024-06-10",
     [(1800, "工行武汉分行"), (31200000000, "工行武汉分行")]),
    # the companies earlier in the sentence are a later 分别 list's items
    ("浙江民营企业100强榜单发布。前三名分别是阿里巴巴（中国）有限公司、吉利控股集团有限公司和恒力集团有限公司，"
     "营业收入分别为9411.7亿元、5126.0亿元和4890.3亿元。", "2024-09-10",
     [(941170000000, "阿里巴巴(中国)有限公司"), (512600000000, "吉利控股集团有限公司"), (489030000000, "恒力集团有限公司")]),
    # a company and its declared short name are one item of a 分别 list; the declaration leaves no name
    ("合肥京东方显示技术有限公司（以下简称京东方）第10.5代线技改项目、安徽国轩高科动力能源有限公司动力电池项目"
     "分别完成投资12.6亿元和18.3亿元。", "2024-07-10",
     [(1260000000, "合肥京东方显示技术有限公司"), (1830000000, "安徽国轩高科动力能源有限公司")]),
    # 全市 as a comparison's base (占全市…的) takes no figure from the company
    ("牧原食品股份有限公司在周口布局的养殖场全年出栏生猪186万头，占全市生猪出栏量的26.6%。", "2024-03-10",
     [(1860000, "牧原食品股份有限公司"), (None, "牧原食品股份有限公司")]),
    # a province in the company's name is no province scope (the row was dropped as 江苏's)
    ("盐城光伏产业加速成型\n据了解，江苏润阳新能源科技股份有限公司今年前三季度实现营业收入186亿元，同比增长35.6%。", "2023-11-08",
     [(18600000000, "江苏润阳新能源科技股份有限公司")]),
    ("武汉智新科技有限公司有关负责人介绍，去年该公司销量达到53万套，收入77亿元。", "2024-01-30",
     [(530000, "武汉智新科技有限公司"), (7700000000, "武汉智新科技有限公司")]),
    ("记者见到元一(天津)生物科技有限公司创始人张骊时，她刚接待完访客。成立短短两年多，公司从6人发展至80人。", "2024-01-22",
     [(6, "元一(天津)生物科技有限公司"), (80, "元一(天津)生物科技有限公司")]),
    # the clause after a ； goes on with the company's figures; an amount restated in yuan
    # (约合人民币…) is no figure of its own
    ("2024年上半年，宁德时代新能源科技股份有限公司实现营业收入1667.67亿元，同比下降11.88%；"
     "归属于上市公司股东的净利润228.65亿元，同比增长10.37%。", "2024-08-15",
     [(166767000000, "宁德时代新能源科技股份有限公司"), (22865000000, "宁德时代新能源科技股份有限公司")]),
    ("宁德时代新能源科技股份有限公司拟投资建设电池产业基地项目，项目总投资不超过73.4亿欧元（约合人民币576亿元）。",
     "2024-08-15", [(7340000000, "宁德时代新能源科技股份有限公司")]),
    # 公司 in a clause before a ； refers back across it (归属于上市公司股东: not the company word)
    ("宁德时代新能源科技股份有限公司发布半年度报告。报告期内，公司实现营业收入1667.67亿元，同比下降11.88%；"
     "归属于上市公司股东的净利润228.65亿元，同比增长10.37%。", "2024-08-15",
     [(166767000000, "宁德时代新能源科技股份有限公司"), (22865000000, "宁德时代新能源科技股份有限公司")]),
    # a figure quoted from a company: named right after the quote, or 该公司 speaking
    ("“今年我们的订单增长了30%，产值近4亿元。”武汉光迅科技股份有限公司总经理表示。", "2024-06-01",
     [(None, "武汉光迅科技股份有限公司"), (400000000, "武汉光迅科技股份有限公司")]),
    ("武汉光迅科技股份有限公司出席活动。“去年企业总产值近4亿元。”该公司总经理表示。", "2024-06-01",
     [(400000000, "武汉光迅科技股份有限公司")]),
    # 这家 + a description + 企业 refers back to the company named before
    ("比亚迪股份有限公司董事长王传福出席活动。这家总部位于深圳的新能源汽车企业，去年销量302万辆。", "2024-03-01",
     [(3020000, "比亚迪股份有限公司")]),
    # a place naming the company's facility there does not take its figure back
    ("埃克森美孚公司董事长表示，惠州基地投产后，预计年销售额将达到40亿美元。", "2024-09-05",
     [(4000000000, "埃克森美孚公司")]),
    # 公司 speaking after a quote is the company named in the paragraph before
    ("在东湖高新区，武汉光启瑞达科技有限公司的生产车间里，机械臂装配着光模块。\n"
     "“今年前五个月，我们实现营收7.6亿元，同比增长35%。”公司总经理刘建军告诉记者。", "2024-06-03",
     [(760000000, "武汉光启瑞达科技有限公司")]),
    # 公司 after a date is the company too; a paragraph naming no place or company goes on with
    # the company whose figures end the paragraph before
    # companies listed before 分别: each rate is the company's in the same place of the list
    ("装备制造企业同样表现亮眼。湖北三环锻造有限公司产值25.6亿元；襄阳博亚精工装备股份有限公司、湖北航宇精工科技有限公司"
     "产值分别增长18.4%、26.7%。", "2025-01-09",
     [(2560000000, "湖北三环锻造有限公司"), (None, "襄阳博亚精工装备股份有限公司"), (None, "湖北航宇精工科技有限公司")]),
    # an amount before a measure is the company's investment, not a category bound
    ("宜宾天原集团股份有限公司投资35亿元建设年产10万吨磷酸铁锂正极材料项目。", "2025-03-28",
     [(3500000000, "宜宾天原集团股份有限公司"), (100000, "宜宾天原集团股份有限公司")]),
    ("TCL科技集团股份有限公司发布2023年年度报告。报告显示，2023年公司实现营业收入1743.67亿元。\n"
     "分业务看，半导体显示业务营业收入1044亿元；全年研发投入98亿元。", "2024-04-01",
     [(174367000000, "TCL科技集团股份有限公司"), (104400000000, "TCL科技集团股份有限公司"),
      (9800000000, "TCL科技集团股份有限公司")]),
    # a listed company's report: the 证券简称 it declares names it in the title too; a sentence naming
    # nothing goes on with the paragraph's company (基本每股收益); 公司 after the subsidiaries'
    # paragraph is the title's company again
    ("华锐智控2024年营收86.42亿元 净利润同比增长18.62%\n"
     "浙江华锐智控科技股份有限公司（证券简称：华锐智控，证券代码：603867）发布年度报告。公司实现营业收入86.42亿元。"
     "基本每股收益1.26元。\n子公司方面，安徽华锐新能源科技有限公司实现营收15.37亿元。\n研发方面，公司全年研发投入4.37亿元。",
     "2025-03-30",
     [(8642000000, "浙江华锐智控科技股份有限公司"), (None, "浙江华锐智控科技股份有限公司"),
      (8642000000, "浙江华锐智控科技股份有限公司"), (1.26, "浙江华锐智控科技股份有限公司"), (1537000000, "安徽华锐新能源科技有限公司"),
      (437000000, "浙江华锐智控科技股份有限公司")]),
]


# A statistics bulletin's tables, as scraped text gives them: rows are text -> (indicator,
# value, unit, growth) of every row. The title's year is the period.
BULLETIN = "2023年武汉市国民经济和社会发展统计公报\n"
TABLES = [
    # one cell per line (a page's <td>s, or a .txt scrape of them)
    (BULLETIN + "指标\n单位\n绝对数\n比上年增长(%)\n地区生产总值\n亿元\n20011.65\n5.7\n规模以上工业企业\n家\n3495\n7.7\n"
     "年末全市常住人口1377.4万人。",
     [("地区生产总值", 2001165000000, "元", 5.7), ("规模以上工业企业", 3495, "家", 7.7), ("常住人口", 13774000, "人", None)]),
    # one row per line; a nested row's 其中 is no part of its name; a rate row has no figure
    (BULLETIN + "指标 单位 绝对数 比上年增长(%)\n地区生产总值 亿元 20011.65 5.7\n其中：第一产业 亿元 481.53 -3.6\n"
     "城镇化率 % 84.79 -\n进出口总额 亿美元 551.3 —",
     [("地区生产总值", 2001165000000, "元", 5.7), ("第一产业", 48153000000, "元", -3.6), ("进出口总额", 55130000000, "USD", None)]),
    # a Markdown table
    (BULLETIN + "| 指标 | 单位 | 绝对数 | 比上年增长(%) |\n|---|---|---|---|\n| 规模以上工业企业 | 家 | 3495 | 7.7 |",
     [("规模以上工业企业", 3495, "家", 7.7)]),
    # no unit column: the unit in the name's brackets; a dash for the value leaves the growth alone
    (BULLETIN + "指标            绝对数      比上年增长%\n地区生产总值（亿元）   5487.3     5.2\n"
     "规上工业增加值（亿元） ——         7.3\n进出口总额（亿元）     241.5      -8.2",
     [("地区生产总值", 548730000000, "元", 5.2), ("规上工业增加值", None, None, 7.3), ("进出口总额", 24150000000, "元", -8.2)]),
    # a products' table (产品名称, 产量), units of volume (万千升) included
    (BULLETIN + "产品名称          单位        产量        比上年增长（%）\n饮料酒            万千升      52.31       6.2\n"
     "原煤              万吨        812.40      -7.3\n锂离子电池        亿只        18.62       21.4",
     [("饮料酒", 523100, "千升", 6.2), ("原煤", 8124000, "吨", -7.3), ("锂离子电池", 1862000000, "只", 21.4)]),
    # no header, no table: short lines of a list are not read as one
    (BULLETIN + "地区生产总值\n亿元\n20011.65\n5.7", []),
]


# A monthly table: rows are text -> (indicator, value, growth, period start, period end). The
# table's period is its header's; a row's own, in brackets after its name, is that row's only.
TABLE_PERIODS = [
    ("2024年1-4月宁波市国民经济主要指标\n1-4月，全市经济运行延续回升向好态势。\n指标名称  单位  绝对值  同比增长%\n"
     "地区生产总值（一季度）  亿元  3928.5  6.2\n规模以上工业增加值  亿元  1625.3  8.9\n"
     "  其中：高新技术产业  亿元  1039.7  10.5\n民间投资  —  —  -2.4\n居民消费价格指数  %  100.4  —",
     [("地区生产总值", 392850000000, 6.2, "2024-01-01", "2024-03-31"),
      ("规模以上工业增加值", 162530000000, 8.9, "2024-01-01", "2024-04-30"),
      ("高新技术产业", 103970000000, 10.5, "2024-01-01", "2024-04-30"),
      ("民间投资", None, -2.4, "2024-01-01", "2024-04-30")]),
]


@pytest.mark.parametrize("text, rows", TABLE_PERIODS)
def test_table_periods(text, rows):
    got = [(r.indicator, r.value, r.growth_pct, r.period_start, r.period_end)
           for r in run(text, "2024-05-22").facts["indicators"]]
    assert got == [(name, value if value is None else pytest.approx(value), growth, start, end)
                   for name, value, growth, start, end in rows]


@pytest.mark.parametrize("text, rows", TABLES)
def test_bulletin_tables(text, rows):
    doc = run(text, "2024-03-20")
    got = [(r.indicator, r.value, r.unit, r.growth_pct) for r in doc.facts["indicators"]]
    assert got == [(name, value if value is None else pytest.approx(value), unit, growth)
                   for name, value, unit, growth in rows]
    assert all(doc.text[r.start:r.end] == r.surface for r in doc.facts["indicators"])
    assert all((r.period_start, r.period_end) == ("2023-01-01", "2023-12-31") for r in doc.facts["indicators"])


# Names written exactly (published later in the year): rows are text -> the city table's names, in order.
EXACT_NAMES_MIDYEAR = [
    # a cumulative count after the new ones counts all of them, not the new ones
    ("今年，苏州市新增高新技术企业300家，累计达到2150家。", ["新增高新技术企业", "高新技术企业"]),
    # the 等 closing a list of companies is no part of what they are counted as
    ("全市拥有牧原、三全等国家级龙头企业14家。", ["国家级龙头企业"]),
    # what a list's items have in common after 分别; 两市 before it is no part of the name
    ("1月、2月、3月芜湖市分别进出口81.3亿元、63.9亿元、90.5亿元。", ["进出口", "进出口", "进出口"]),
    ("上半年，绍兴市、嘉兴市规上工业增加值分别增长9.2%和10.6%。两市规上工业总产值分别达到7896.3亿元和6754.1亿元。",
     ["规上工业增加值", "规上工业增加值", "规上工业总产值", "规上工业总产值"]),
]


@pytest.mark.parametrize("text, names", EXACT_NAMES_MIDYEAR)
def test_exact_names_midyear(text, names):
    rows = sorted(run(text, "2024-08-15").facts["indicators"], key=lambda r: r.start)
    assert [r.indicator for r in rows] == names


# An enterprise figure's name leaves out the company it belongs to: rows are text -> names.
ENTERPRISE_NAMES = [
    # the parent before 旗下 is a company and no part of the figure's name
    ("顺德区招商。碧桂园旗下博智林机器人有限公司投资8.5亿元建设机器人产业园。", ["投资"]),
    # 由 a company 以 a price: the price names the figure
    ("郑州市金水区一宗地块由保利发展控股集团股份有限公司以成交总价23.8亿元竞得。", ["成交总价"]),
    # 集团 of a Hong Kong report is the reporting company, as 公司 is
    ("金辉环境中期收入增长12.6%\n金辉环境控股有限公司公布中期业绩。\n期内，集团录得收入约人民币38.42亿元，同比增长12.6%。",
     ["中期收入", "录得收入"]),
    # a quoted manager's 我们 is the company, no part of the name
    ("“我们今年营收达到7.6亿元。”武汉光启瑞达科技有限公司负责人说。", ["营收"]),
    ("2024年上半年，宁德时代新能源科技股份有限公司实现营业收入1667.67亿元。", ["营业收入"]),
    ("据格力电器公告，格力电器拟投资50亿元建设新基地。", ["投资"]),
    ("在襄阳高新区的湖北超卓航空科技股份有限公司，生产线正开足马力。这家企业今年一季度实现营业收入2.1亿元。", ["营业收入"]),
]


@pytest.mark.parametrize("text, names", ENTERPRISE_NAMES)
def test_enterprise_figure_names(text, names):
    assert [r.indicator for r in run(text, "2024-08-15").facts["enterprise_indicators"]] == names


@pytest.mark.parametrize("text,published_at,expected", ENTERPRISE_FIGURES, ids=[f"enterprise-{i}" for i in range(len(ENTERPRISE_FIGURES))])
def test_enterprise_figures_are_kept_apart(text, published_at, expected):
    doc = run(text, published_at)
    assert doc.facts["indicators"] == []
    assert [(r.value, r.subject) for r in doc.facts["enterprise_indicators"]] == expected


# cut_facts: the words between facts (names are read with dates, places and other figures cut
# out). Rows: fact spans, [lo, hi) -> what is left of TEXT[lo:hi].
TEXT = "0123456789abcdefghij"
CUTS = [
    ([(2, 4), (6, 8)], (0, 10), "014589"),
    ([(2, 4), (6, 8)], (3, 7), "45"),  # spans cut at the window's edges
    ([(0, 15), (3, 5), (16, 17)], (10, 20), "fhij"),  # a long early span still reaches in
    ([(0, 15), (3, 5)], (16, 20), "ghij"),  # ... and no further
    ([(5, 6), (1, 12)], (8, 14), "cd"),  # given unsorted; the long one starts first
    ([], (4, 9), "45678"),
    ([(2, 4)], (6, 6), ""),
]


@pytest.mark.parametrize("spans, window, left", CUTS)
def test_cut_facts(spans, window, left):
    assert cut_facts(TEXT, *window, FactSpans(spans)) == left


def test_a_cut_no_dictionary_word_runs_across_is_a_jieba_boundary():
    # strip_whole_words segments a name only when a dictionary word runs across a cut; where
    # none does, jieba's own segmentation must have a boundary there. Every window of the seed
    # articles, at every cut beside a Chinese character.
    import itertools

    from newsfacts.link.rules import _word_across, segment

    checked = 0
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start in range(0, len(text) - 10, 7):
            name = text[start:start + 10]
            boundaries = set(itertools.accumulate(map(len, segment(name))))
            for cut in range(1, len(name)):
                if CJK.match(name[cut - 1]) or CJK.match(name[cut]):
                    checked += 1
                    assert _word_across(name, cut) or cut in boundaries, (name, cut, segment(name))
    assert checked > 5000
