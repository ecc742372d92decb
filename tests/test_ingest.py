"""Decoding, input formats and bad input: real Chinese lines written in every way scrapers meet them."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsfacts.ingest.decode import DecodeError, decode_bytes
from newsfacts.ingest.readers import RawRecord, discover, read_records
from newsfacts.pipeline import process

SIMPLIFIED = "7月6日，武汉嘉仪通科技有限公司实验室内，研发人员正在为一款设备验证加热灯管功率分配的逻辑算法。"
TRADITIONAL = "不久前，山東首條12英寸集成電路用大硅片生產線在山東有研艾斯半導體材料有限公司正式通線。"

# (name, text, encoder) -> the text must come back unchanged.
ENCODINGS = [
    ("utf8", SIMPLIFIED, lambda s: s.encode("utf-8")),
    ("utf8-bom", SIMPLIFIED, lambda s: s.encode("utf-8-sig")),
    ("utf16-le-bom", SIMPLIFIED, lambda s: s.encode("utf-16")),
    ("utf16-be-bom", SIMPLIFIED, lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
    ("gbk", SIMPLIFIED, lambda s: s.encode("gbk")),
    ("gb18030", SIMPLIFIED + "𠮷", lambda s: s.encode("gb18030")),
    ("gbk-traditional", TRADITIONAL, lambda s: s.encode("gbk")),
    ("big5", TRADITIONAL, lambda s: s.encode("big5")),
    ("big5-long", TRADITIONAL * 20, lambda s: s.encode("big5")),
]


@pytest.mark.parametrize("name,text,encode", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_decoding_round_trips(name, text, encode):
    assert decode_bytes(encode(text)).text == text


BAD_BYTES = [
    ("empty", b"", "empty"),
    ("whitespace", b"  \n\n ", "empty"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "binary"),
    ("random-high-bytes", bytes([0x80, 0xFF, 0xFE, 0x81]) * 200, "undecodable"),
]


@pytest.mark.parametrize("name,data,reason", BAD_BYTES, ids=[b[0] for b in BAD_BYTES])
def test_bad_bytes_are_refused_with_a_reason(name, data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def _records(path: Path, max_bytes: int | None = None):
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    return list(read_records(path, path.parent, **kwargs))


def test_jsonl_records_keep_their_fields_and_bad_lines_become_rejections(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": SIMPLIFIED, "title": "武汉创新", "published_at": "2023-07-07", "media": "长江日报"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a2", "html": f"<html><body><p>{SIMPLIFIED}</p></body></html>"}, ensure_ascii=False),
        json.dumps({"text": "没有编号的文章"}, ensure_ascii=False),
        json.dumps(["a", "list"]),
        json.dumps({"id": "a3", "title": "没有正文"}, ensure_ascii=False),
        '{"id": "a4", "text": "未结束的字符串',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = _records(path)
    assert [r.article_id for r in records][:1] == ["a1"]
    assert records[0].meta == {"title": "武汉创新", "published_at": "2023-07-07", "media": "长江日报"}
    assert records[1].error and "malformed JSONL line 2" in records[1].error
    assert records[2].is_html and records[2].error is None
    assert "no `id` field" in records[3].error
    assert "malformed JSONL line 5" in records[4].error
    assert "no `text` or `html` field" in records[5].error
    # the parser's own position is within the line: only its column is named
    assert records[6].error.startswith("malformed JSONL line 7: Unterminated string") and "line 1" not in records[6].error
    # An article is known by the hash of its text; a row without one by the hash of the whole row.
    assert records[0].sha256 == hashlib.sha256(SIMPLIFIED.encode("utf-8")).hexdigest()
    row = json.dumps({"text": "没有编号的文章"}, ensure_ascii=False, sort_keys=True)
    assert records[3].sha256 == hashlib.sha256(row.encode("utf-8")).hexdigest()


def test_records_fields_under_other_names(tmp_path):
    path = tmp_path / "feed.jsonl"
    row = {"id": "q1", "text": SIMPLIFIED, "source": "青岛日报", "date": "2023-08-16", "link": "http://x/1", "media": ""}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (record,) = _records(path)
    assert record.meta == {"url": "http://x/1", "published_at": "2023-08-16", "media": "青岛日报"}


def test_csv_records(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(f'id,title,text,published_at\nc1,德州电子信息,"{TRADITIONAL}",2024-01-22\nc2,空,,\n', encoding="utf-8")
    first, second = _records(path)
    assert (first.article_id, first.text, first.meta["published_at"]) == ("c1", TRADITIONAL, "2024-01-22")
    assert "empty `text` field" in second.error  # the column is there, the cell empty


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "dump.txt"
    with path.open("wb") as fh:
        fh.write((SIMPLIFIED * 1000).encode("utf-8"))
        fh.truncate(20 * 1024 * 1024)
    (record,) = _records(path)
    assert record.text is None and "too large: 21.0 MB" in record.error
    assert len(record.sha256) == 64


def test_html_file(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(
        f"<html><head><title>站点</title><script>var x='不要'</script></head><body><nav>首页 新闻</nav>"
        f"<h1>武汉创新</h1><div class='content'><p>{SIMPLIFIED}</p><p>{SIMPLIFIED}</p></div>"
        f"<div class='footer'>版权所有</div></body></html>".encode("gbk")
    )
    (record,) = _records(path)
    assert record.is_html and "嘉仪通" in record.text


def test_discovery_walks_files_in_sorted_path_order(tmp_path):
    # Sorted part by part (a/… before "a b.txt" before a.txt), supported suffixes only, any case;
    # a symlinked directory is not entered (as Path.rglob), a symlinked file is read.
    for name in ["a/x.txt", "a/b/y.md", "a.txt", "a b.txt", "a-b.txt", "A/z.html", "中文/新闻.txt", "feed.JSONL",
                 "skip.pdf", "real/r.txt", ".hidden.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SIMPLIFIED, encoding="utf-8")
    try:
        (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
        (tmp_path / "linked.txt").symlink_to(tmp_path / "a.txt")
    except OSError:
        pytest.skip("no symlinks here")
    found = [file.relative_to(tmp_path).as_posix() for file, root in discover([tmp_path]) if root == tmp_path]
    assert found == [".hidden.txt", "A/z.html", "a/b/y.md", "a/x.txt", "a b.txt", "a-b.txt", "a.txt", "feed.JSONL",
                     "linked.txt", "real/r.txt", "中文/新闻.txt"]
    assert list(discover([tmp_path / "a.txt"])) == [(tmp_path / "a.txt", tmp_path)]


# The title read from the top lines of an article's text: rows are text -> title.
TITLES = [
    ("2024年前三季度嘉兴市经济运行情况\n\n发布时间：2024-10-28 来源：嘉兴市统计局\n\n前三季度，全市生产总值增长6.1%。",
     "2024年前三季度嘉兴市经济运行情况"),
    # a headline may set its phrases apart with ！ or ？
    ("总投资120亿元！比亚迪项目落户合肥\n\n合肥日报讯 11月15日，比亚迪项目正式落户合肥。", "总投资120亿元！比亚迪项目落户合肥"),
    ("制造业如何破局？专家这样说\n\n记者 张三\n\n全市制造业增加值增长8%。", "制造业如何破局？专家这样说"),
    # body text is no title: a sentence, two sentences on a line, a byline
    ("前三季度，全市生产总值增长6.1%。\n投资增长4.7%。", None),
    ("全市生产总值增长6.1%。投资增长4.7%\n", None),
    ("本报记者 张三 通讯员 李四\n\n全市生产总值增长6.1%。", None),
    # a site's name on its own line is no title; the headline under it is
    ("株洲市人民政府网\n\n株洲出台方案加快打造先进轨道交通装备产业集群\n\n发布日期：2024-04-12\n\n全市产值增长8%。",
     "株洲出台方案加快打造先进轨道交通装备产业集群"),
    ("武汉加快发展工业互联网\n\n全市工业互联网平台达到30个。", "武汉加快发展工业互联网"),
]


@pytest.mark.parametrize("text, title", TITLES)
def test_title(text, title):
    assert process(RawRecord("t", "t.txt", "", text=text)).title == title


# The publication date and outlet read from the top lines: rows are text -> published_at, media.
DATELINES = [
    ("标题一二三四五六\n发布时间：2024-10-28 来源：嘉兴市统计局\n全市生产总值增长6.1%。", "2024-10-28", "嘉兴市统计局"),
    ("标题一二三四五六\n来源：苏州日报 2024年11月12日\n园区实际使用外资增长18.2%。", "2024-11-12", "苏州日报"),
    ("标题一二三四五六\n2024年11月12日 10:32  苏州日报\n园区实际使用外资增长18.2%。", "2024-11-12", "苏州日报"),
    ("标题一二三四五六\n成都日报 2024-05-20 08:30\n高新区生产总值增长7.2%。", "2024-05-20", "成都日报"),
    # the byline after the outlet is not part of it (the space between them is joined away)
    ("标题一二三四五六\n发布时间：2024-03-18 来源：合肥日报 作者：记者 李明\n全市签约项目32个。", "2024-03-18", "合肥日报"),
    ("标题一二三四五六\n来源：新华网 责任编辑：王芳\n全市签约项目32个。", None, "新华网"),
    # a bare date before the source line; an outlet ending in 报 after a dateline's time
    ("标题一二三四五六\n2024-10-30 来源：今晚报\n全区规上工业总产值增长6.8%。", "2024-10-30", "今晚报"),
    ("标题一二三四五六\n2024年11月20日 14:05 深圳特区报\n全市进出口增长16.9%。", "2024-11-20", "深圳特区报"),
    # a date alone on a header line; a site's name alone on a line names the outlet when nothing else does
    ("香港商报网\n深圳前海今年首季实际利用外资增长12.5%\n2024年4月26日\n据前海管理局消息，实际利用外资增长12.5%。",
     "2024-04-26", "香港商报网"),
    ("苏北网\n标题一二三四五六\n2024-07-07 来源：长江日报\n全市增长5%。", "2024-07-07", "长江日报"),
    ("标题一二三四五六\n2024年11月12日，园区举行签约仪式，实际使用外资增长18.2%。", None, None),  # a body date
    # a WeChat account's header; a data source is no outlet
    ("重磅！一季度成绩单来了\n原创 襄阳发布 2024-04-25 18:00 发表于湖北\n全市地区生产总值增长6.3%。\n数据来源：襄阳市统计局",
     "2024-04-25", "襄阳发布"),
    # the body that issued a bulletin and its date, alone on a line
    ("2023年洛阳市国民经济和社会发展统计公报\n洛阳市统计局 2024年3月28日\n全年全市地区生产总值增长3.5%。",
     "2024-03-28", "洛阳市统计局"),
    ("关于印发若干措施的通知\n宁波市人民政府办公厅 2024-05-06\n各区县（市）人民政府。", "2024-05-06", "宁波市人民政府办公厅"),
    # a weekday between the date and the source (traditional script); a site named 报网 before its dateline
    ("港資加碼東莞 外資按年增長一成半\n2024年3月12日 星期二　來源：文匯報　記者 陳曉欣 東莞報道\n全市實際使用外資增長15%。",
     "2024-03-12", "文汇报"),
    ("华锐智控2024年营收86.42亿元\n证券时报网　2025-03-30 19:45　作者：周宇\n公司营业收入86.42亿元。", "2025-03-30", "证券时报网"),
    # an outlet, its date and a byline on one line
    ("宜宾动力电池产业集群加速成型\n四川日报 2024-04-18 记者 罗小川\n全市动力电池产量增长30%。", "2024-04-18", "四川日报"),
    # an outlet's own lead (traditional script, converted first) and a news agency's dateline
    ("深圳前三季GDP增長5.6%\n【大公報訊】記者李昌鴻報道：深圳市統計局公佈，地區生產總值增長5.6%。", None, "大公报"),
    ("武汉光谷新增企业1.2万家\n新华社武汉11月1日电 东湖高新区前三季度新增企业1.2万家。", None, "新华社"),
    # OCR spaces in a dateline too short for the body's OCR repair; a date, then the outlet
    ("长沙 经开区 上半年 规上 工业 增加值 增长 9%\n2023年7月 28日 来源：长沙 晚报\n今年上半年，长沙经开区规上工业增加值同比增长9.1%。",
     "2023-07-28", "长沙晚报"),
    ("长沙经开区规上工业增加值增长9%\n2023 年 7 月 28 日  成都 日报\n今年上半年，长沙经开区规上工业增加值同比增长9.1%。",
     "2023-07-28", "成都日报"),
]


@pytest.mark.parametrize("text, published_at, media", DATELINES)
def test_dateline(text, published_at, media):
    doc = process(RawRecord("t", "t.txt", "", text=text))
    assert (doc.published_at, doc.media) == (published_at, media)


PAGE = ("<html><head><title>宁德时代拟在匈牙利投建电池工厂</title><meta name='publishdate' content='2024-08-15'></head>"
        f"<body><div class='nav'>首页 > 财经 > 正文</div><h1>宁德时代拟在匈牙利投建电池工厂</h1><p>{SIMPLIFIED}</p>"
        "<div class='footer'>责任编辑：王五 版权所有</div></body></html>")
FRAGMENT = f"<p>{SIMPLIFIED}</p><p>{SIMPLIFIED}</p><div><span>图</span><br/></div>"
LISTED_PAGE = (
    "<html><head><title>宜昌前三季度GDP增长6.2%_宜昌新闻网</title></head><body>"
    "<div class='top'><a href='/'>首页</a> | <a href='/news'>新闻</a> | 登录 注册</div>"
    "<h1>宜昌前三季度GDP增长6.2%</h1><div class='info'>2024-10-28 09:12:33 来源：三峡日报 作者：记者 陈红</div>"
    "<div class='content'><p>前三季度，宜昌市实现地区生产总值4296.3亿元，同比增长6.2%，增速高于全省0.5个百分点。</p>"
    "<p>分产业看，第一产业增加值387.2亿元，增长4.1%；第二产业增加值1892.4亿元，增长7.5%。</p>"
    "<p>前三季度，全市规模以上工业增加值同比增长8.1%，社会消费品零售总额1386.5亿元，增长5.9%。</p></div></body></html>")

# A government site's page: a top bar with a date, the <h1> and the dateline inside the article's
# container with its paragraphs one level further down.
GOVERNMENT_PAGE = (
    "<html><head><title>招商推介会举行 现场签约项目32个总金额286亿元_南昌市人民政府</title></head><body>"
    "<div class='top-bar'><a href='/'>南昌市人民政府</a> | <a href='/en/'>English</a> | 无障碍 | 2024年10月20日 星期日</div>"
    "<div class='article'><h1>招商推介会举行 现场签约项目32个总金额286亿元</h1>"
    "<div class='info'>发布时间：2024-10-19 18:42 来源：南昌日报</div><div class='content'>"
    "<p>10月19日，招商推介会在南昌举行。本次推介会现场集中签约项目32个，总金额286亿元，涵盖VR终端制造、光学模组等领域。</p>"
    "<p>2023年，全市VR及相关产业营业收入达到912亿元，同比增长18.6%，集聚VR及相关企业480余家，其中规上企业156家。"
    "今年1—9月，南昌VR产业营收同比增长21.3%，占全市数字经济核心产业营收的比重超过三成。</p></div></div></body></html>")


def test_a_government_page_keeps_its_title_once_and_drops_its_top_bar():
    doc = process(RawRecord("t", "t.html", "", text=GOVERNMENT_PAGE))
    assert doc.text.count("现场签约项目32个总金额286亿元") == 1
    assert "English" not in doc.text
    assert (doc.published_at, doc.media) == ("2024-10-19", "南昌日报")


# A page saved as text (.txt files, a record's `text` field) is read as HTML; text with a stray
# `<` is not. Rows: text -> title, what the article text must hold, and what it must not.
PAGES_AS_TEXT = [
    (PAGE, "宁德时代拟在匈牙利投建电池工厂", "嘉仪通", "<"),
    ("\n  <!DOCTYPE html>" + PAGE, "宁德时代拟在匈牙利投建电池工厂", "嘉仪通", "首页"),
    (FRAGMENT, None, "嘉仪通", "<p>"),
    (f"{SIMPLIFIED}增速<5%的企业有<b>3家。", None, "增速<5%的企业有<b>3家", None),
    # the article's container is its text: a menu of the template (a class naming no nav) is not
    (LISTED_PAGE, "宜昌前三季度GDP增长6.2%", "4296.3亿元", "首页 |"),
]

# The same page, cut to its article's container: the title is written once, the dateline
# above the container is kept (the page's only date), a template's menu is dropped.
def test_a_page_is_its_article_container_with_its_dateline():
    doc = process(RawRecord("t", "t.html", "", text=LISTED_PAGE))
    assert doc.text.count("宜昌前三季度GDP增长6.2%") == 1
    assert (doc.published_at, doc.media) == ("2024-10-28", "三峡日报")


@pytest.mark.parametrize("text, title, kept, dropped", PAGES_AS_TEXT)
def test_a_page_saved_as_text_is_read_as_html(text, title, kept, dropped):
    doc = process(RawRecord("t", "t.txt", "", text=text))
    assert doc.status == "ok" and doc.title == title
    assert kept in doc.text
    assert dropped is None or dropped not in doc.text
