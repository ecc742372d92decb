"""strip_pinyin on real lines: annotations go, real parenthesised content stays."""
from __future__ import annotations

import pytest

from newsfacts.normalize.pinyin import strip_pinyin

# raw -> expected
SEED_001 = [
    ("當前位置: 首頁 > 新聞 > 產(chǎn)業(yè)財經(jīng)", "當前位置: 首頁 > 新聞 > 產業財經"),
    ("地方新興產(chǎn)業(yè)集群加速融入全球產(chǎn)業(yè)鏈", "地方新興產業集群加速融入全球產業鏈"),
    ("新華社客戶端發(fā)布時間:2024-01-22 11:21:49  作者:姜剛 周暢",
     "新華社客戶端發布時間:2024-01-22 11:21:49  作者:姜剛 周暢"),
    ("威訊聯(lián)合半導體(德州)有限公司是美國威訊公司在亞洲建設(shè)的第二個生產(chǎn)基地",
     "威訊聯合半導體(德州)有限公司是美國威訊公司在亞洲建設的第二個生產基地"),
    ("在英望科技(山東)有限公司整機組裝車間", "在英望科技(山東)有限公司整機組裝車間"),
    ("記者見到元一(天津)生物科技有限公司創(chuàng)始人、CEO張驪時",
     "記者見到元一(天津)生物科技有限公司創始人、CEO張驪時"),
]
SEED_002 = [
    ("10臺(tái)新能源汽車6臺(tái)PTC加熱器“孝感造”", "10臺新能源汽車6臺PTC加熱器“孝感造”"),
    ("華工高理生產(chǎn)車間。(孝感高新區(qū)管委會(huì)供圖)", "華工高理生產車間。(孝感高新區管委會供圖)"),
    ("航天重工“5噸防爆鋰電池無軌運(yùn)輸車”為全球首創(chuàng)", "航天重工“5噸防爆鋰電池無軌運輸車”為全球首創"),
    ("大會(huì)上,孝感發(fā)出誠摯邀請(qǐng)", "大會上,孝感發出誠摯邀請"),
    ("8月31日至9月1日,《CHIP》2024年芯片大會(huì)暨中國芯片科學(xué)十大進(jìn)展頒獎(jiǎng)典禮",
     "8月31日至9月1日,《CHIP》2024年芯片大會暨中國芯片科學十大進展頒獎典禮"),
]
# simplified seeds: parentheses with real content
SEEDS_000_004 = [
    ("武汉嘉仪通科技有限公司(以下简称“嘉仪通”)", "武汉嘉仪通科技有限公司(以下简称“嘉仪通”)"),
    ("武汉市经济和信息化局(以下简称\"武汉市经信局\")", "武汉市经济和信息化局(以下简称\"武汉市经信局\")"),
    ("推动人工智能(AI)与实体经济融合", "推动人工智能(AI)与实体经济融合"),
    ("快速热处理设备(RTP)实现国产替代", "快速热处理设备(RTP)实现国产替代"),
]
NEWS_STYLE = [
    # full-width parentheses, mixed widths
    ("產（chǎn）業（yè）鏈", "產業鏈"),
    ("綠(lǜ)色", "綠色"),
    # toneless syllable that is a reading of the character before it
    ("我們的(de)目標", "我們的目標"),
    # toneless word that is not a reading of the character before it: not an annotation
    ("车(van)后厢", "车(van)后厢"),
    ("热敏电阻(PTC)加热器", "热敏电阻(PTC)加热器"),
    ("冷却液(coolant)温度", "冷却液(coolant)温度"),
    ("芯片(chip)", "芯片(chip)"),
    # not after a Chinese character: left for mojibake repair to judge
    ("O(shè)立", "O(shè)立"),
    ("单位(亿元)", "单位(亿元)"),
    ("(2024)", "(2024)"),
]


@pytest.mark.parametrize("raw,expected", SEED_001 + SEED_002 + SEEDS_000_004 + NEWS_STYLE)
def test_strip_pinyin(raw, expected):
    assert strip_pinyin(raw) == expected
