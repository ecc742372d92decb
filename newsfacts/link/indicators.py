"""Link figures into the per-city indicator table.

Each money amount, counted quantity and percentage becomes one row: what is
measured (the words before the figure in its clause, or the noun after it),
the growth or share attached to it, the city and area it is about, the period
that governs it, whether it is a goal, and the enterprise when it is one
company's figure. Only facts of earlier stages are read; nothing is
re-extracted here.

The work is split by question: naming.py (what a figure measures),
context.py (growth, period, place, goal, enterprise), article.py (the
article's paragraphs and fact positions), rules.py (patterns/indicators.yaml
and text helpers). This module walks the figures and assembles the rows.
"""
from __future__ import annotations

import re

from ..extract.numbers import range_connectors
from ..extract.sentences import sentence_at
from ..facts import Amount, Document, Indicator, Quantity
from .article import Article, Figure
from .context import (
    attached_growth,
    city_and_area,
    classify_growth,
    governing_period,
    growth_before_total,
    is_target,
    previous_row,
    respectively_companies,
    respectively_growths,
    respectively_periods,
    respectively_places,
    share_of_whole,
    signed_growth,
    subject_enterprise,
    wider_than_city,
)
from .naming import figure_name, name_before, respectively_names, topic_of_list
from .rules import FactSpans, clause_span, link_rules, names_something, phrase_span, segment, strip_words, word_tags
from .tables import table_rows


def _figures(doc: Document) -> list[Figure]:
    figures = [Figure(a, a.value, "元" if a.currency == "CNY" else a.currency) for a in doc.facts.get("amounts", [])]
    skip_units = link_rules().skip_units
    figures += [Figure(q, q.value, q.unit) for q in doc.facts.get("quantities", []) if q.unit not in skip_units]
    return sorted(figures, key=lambda f: f.fact.start)


def extract(doc: Document) -> dict[str, list[Indicator]]:
    """City indicator rows, and the figures of single enterprises kept apart from them."""
    art = Article(doc)
    rules = link_rules()
    text = doc.text
    percentages = sorted(doc.facts.get("percentages", []), key=lambda f: f.start)
    figures = _figures(doc)
    thresholds = _thresholds(text, figures)
    ratios = _ratios(text, figures)
    # A threshold stays in the names it belongs to (10亿元以上项目62个); other facts, and the
    # companies a figure belongs to (宁德时代实现营业收入 -> 营业收入), are cut out.
    blocked = FactSpans([(d.start, d.end) for d in art.dates]
                        + [(p.start, _place_end(text, p)) for p in doc.facts.get("locations", [])]
                        + [(e.start, e.end) for e in art.enterprises]
                        + [(f.fact.start, f.fact.end) for f in figures if f.fact.start not in thresholds]
                        + [(p.start, p.end) for p in percentages])
    figure_ends = sorted(f.fact.end for f in figures if f.fact.start not in thresholds)
    attached: set[int] = set()
    rows: list[Indicator] = []
    rows_of_sentence: dict[tuple[int, int], list[Indicator]] = {}  # previous_row looks in one sentence
    last: Indicator | None = None
    respectively = respectively_names(text, figures + [Figure(p, p.value, None) for p in percentages], blocked)
    growth_of = respectively_growths(art, figures, percentages)
    all_facts = sorted([f.fact for f in figures] + percentages, key=lambda f: f.start)
    place_of = respectively_places(art, all_facts)
    period_of = respectively_periods(art, all_facts)
    company_of = respectively_companies(art, all_facts)
    listed_name = ""  # the name of a 分别 list's province item, for the cities after it
    for fig in figures:
        f = fig.fact
        if f.start in thresholds or f.start in ratios or _not_an_indicator(art, f):
            continue
        clause = clause_span(text, f.start, f.end)
        sentence = sentence_at(doc.sentences, f.start)
        name = respectively.get(f.start) or figure_name(art, f, clause, figure_ends, blocked)
        if name in rules.bare_list_verbs and last is not None and last.indicator.startswith(name) \
                and last.start >= art.paragraph(f.start)[0]:
            name = last.indicator  # …共获得专项债券额度235.8亿元。郑东新区、金水区分别获得56.2亿元、…
        if f.start in place_of and place_of[f.start] is None:
            listed_name = name  # 全省和长沙市社会消费品零售总额分别为9862.4亿元和…: the province's, named
            if (listed := growth_of.get(f.start)) is not None:
                attached.add(listed.start)  # …，分别增长5.3%和6.0%: its growth goes with it
            continue
        growth = None
        if not names_something(name):
            # 新能源产业产值增长21.3%，达到1215.8亿元: the growth before a nameless figure names it,
            # before the figure before that does
            growth, name = growth_before_total(art, f, "", clause, sentence, percentages, attached, blocked)
        if not names_something(name):
            name = last.indicator if last is not None and last.start >= sentence[0] else ""
            if name and last.unit == fig.unit and any(w in text[clause[0]:f.start] for w in rules.cumulative_words):
                name = _total_of(name) or name  # 新增高新技术企业300家，累计达到2150家: all of them, not the new ones
        if not names_something(name) and f.start in place_of:
            name = listed_name  # …和2502.7亿元: named like the list's first
        if not name:
            name = topic_of_list(art, sentence, f.start, all_facts, blocked)
        if growth is None and (listed := growth_of.get(f.start)) is not None and listed.start not in attached:
            attached.add(listed.start)
            growth = (listed, text[clause[0]:f.start])
        if growth is None:
            growth = attached_growth(art, f, sentence, percentages, attached, blocked)
        if growth is None:
            # GDP增长5.5%，达到2.0011万亿元; 企业数增长35%，总数达650家
            growth, name = growth_before_total(art, f, name, clause, sentence, percentages, attached, blocked)
        if not name:
            continue
        if name in rules.generic_totals and last is not None and last.start >= sentence[0] and last.unit == fig.unit:
            name = _total_of(last.indicator) + name  # 规上工业企业新增250家，总数达3495家
        last = _row(art, f, name, fig.value, fig.unit, growth, clause, sentence, place_of.get(f.start),
                    period_of.get(f.start), company_of.get(f.start))
        if last.subject is None and wider_than_city(art, sentence, f.start, last.city):
            continue  # its growth goes with it
        rows.append(last)
        rows_of_sentence.setdefault(sentence, []).append(last)
    range_ends = _range_ends(text, percentages)
    part_starts: set[int] = set()  # rates that are a figure's part of a whole (为年度预算的54.1%)
    for p in percentages:
        if p.start in attached or p.start in range_ends or (p.start in place_of and place_of[p.start] is None):
            continue
        clause = clause_span(text, p.start, p.end)
        sentence = sentence_at(doc.sentences, p.start)
        name = respectively.get(p.start) or name_before(art, clause[0], p.start, blocked)
        in_sentence = rows_of_sentence.get(sentence, [])
        previous = previous_row(in_sentence, p.start, sentence)
        part = share_of_whole(text, clause[0], p.start)
        if name.startswith(rules.share_leads) and name not in rules.share_leads and previous is not None:
            # 工业投资增长18.7%，占全部投资的比重为42.3%; 约占全省的四分之一
            name = previous.indicator + name[name.index("占"):]
        elif part and previous is not None and previous.growth_kind != "share" and not name.startswith(previous.indicator):
            # 一般公共预算收入完成919.3亿元，为年度预算的54.1% -> 一般公共预算收入占年度预算
            name = previous.indicator + ("占" + part["whole"] if part["whole"] else part["lead"] + part["goal"])
            part_starts.add(p.start)
        if name.startswith(rules.rate_word) and name[len(rules.rate_word):].startswith(rules.comparison_leads):
            name = name[len(rules.rate_word):]  # 增速比全国高0.2个百分点: which rate's, is said before
        if not names_something(name) or name in rules.bare_rate_names or name.startswith(rules.comparison_leads):
            # 比上年上升4.6个百分点, 比重较去年同期提升2.1个百分点, 高于规上工业6.3个百分点: the
            # change of the figure just before, often of its share; a comparison after another
            # (比全国高0.2个百分点，比全省高0.3个百分点) is of the rate they both compare.
            compares = name.startswith(rules.comparison_leads) and not name.startswith(tuple(rules.bare_rate_names))
            comparison = ""  # 比全省高, not 比重; as written from its lead on, dates included (比一季度加快)
            if compares:
                written = rules.name_asides.sub("", text[clause[0]:p.start]).strip()
                lead = next(w for w in rules.comparison_leads if name.startswith(w))
                comparison = written[written.find(lead):] if lead in written else name
            if previous is not None and previous.start in part_starts:
                previous = previous_row(in_sentence, previous.start, sentence)  # …，增速比全市高: not the part's
            if previous is not None and comparison and previous.growth_kind == "points":
                rates = [r for r in in_sentence if r.start < p.start and r.growth_kind != "points"]
                previous = max(rates, key=lambda r: r.start) if rates else previous
            if previous is None:  # 分设区市看，赣州市增长8.9%; 荆州市、黄冈市分别增长…: the list's topic
                name = "" if comparison else topic_of_list(art, sentence, p.start, all_facts, blocked)
            else:
                name = previous.indicator
            if name and comparison and previous.growth_kind == "yoy":
                name += ("" if name.endswith(rules.rate_word) else rules.rate_word) + comparison  # …增速比全省高
            context = text[clause[0]:p.start]
            of_share = any(w in context for w in rules.share_words)  # 比重较上年提高1.2个百分点
            shared = previous is not None and previous.growth_kind == "share"
            if name and (shared or of_share or classify_growth(p, context) == "share"):
                name = name if name.endswith(("占比", "比重", *rules.share_words)) or "占" in name else name + "占比"
        if not name:
            continue
        row = _row(art, p, name, None, None, (p, text[clause[0]:p.start]), clause, sentence, place_of.get(p.start),
                   period_of.get(p.start), company_of.get(p.start))
        if row.subject is None and wider_than_city(art, sentence, p.start, row.city):
            continue
        rows.append(row)
        rows_of_sentence.setdefault(sentence, []).append(row)
    rows += table_rows(art)  # 指标 / 单位 / 绝对数 / 比上年增长(%): no figure of the prose above
    rows.sort(key=lambda r: r.start)
    _carry_subjects(art, rows)
    return {
        "indicators": [r for r in rows if r.subject is None],
        "enterprise_indicators": [r for r in rows if r.subject is not None],
    }


def _place_end(text: str, place) -> int:
    """Where a place's words end: with the one character a name of it ends in, when that is a
    word of its own (青岛|港|货物吞吐量, 杭州市|区|新建商品住房; not 港口, 区域)."""
    end = place.end
    if text[end:end + 1] in link_rules().place_tail_chars and segment(text[end:end + 3])[:1] == (text[end],):
        return end + 1
    return end


def _carry_subjects(art: Article, rows: list[Indicator]) -> None:
    """A sentence that names no place, no company and no wider scope goes on with the company all
    figures before it in its paragraph are about (…营业收入86.42亿元。基本每股收益1.26元。); a paragraph
    that names none goes on with the company all figures of the paragraph right before it are about (…2023年公司实现营业收入1745.43亿元。 and
    the next paragraph 分业务看，显示器件业务营业收入1436亿元: still the company's, not its city's)."""
    by_paragraph: dict[int, list[Indicator]] = {}
    for row in rows:
        by_paragraph.setdefault(art.paragraph_number(art.paragraph(row.start)), []).append(row)
    for paragraph_rows in by_paragraph.values():
        # within a paragraph: …公司实现营业收入86.42亿元…。基本每股收益1.26元。 (a sentence naming nothing)
        companies = set()
        for row in sorted(paragraph_rows, key=lambda r: r.start):
            if row.subject is None and len(companies) == 1 and not _names_a_subject(art, row.start):
                row.subject = next(iter(companies))
            companies.add(row.subject)
    for number, paragraph_rows in sorted(by_paragraph.items()):
        before = {row.subject for row in by_paragraph.get(number - 1, [])}
        company = before.pop() if len(before) == 1 else None
        para = art.paragraphs[number]
        if company is None or art.names_city(*para) or art.facts_between(art.enterprises, *para) \
                or art.latest_wider_scope(*para) is not None:
            continue
        for row in paragraph_rows:
            if row.subject is None:
                row.subject = company


def _names_a_subject(art: Article, pos: int) -> bool:
    """Does the sentence at pos name a place, a company or a wider scope?"""
    sentence = sentence_at(art.doc.sentences, pos)
    return art.names_city(*sentence) or bool(art.facts_between(art.enterprises, *sentence)) \
        or art.latest_wider_scope(*sentence) is not None


def _total_of(counted: str) -> str:
    """What a count before a total counts, without the words making it an increment:
    新增规上工业企业 / 规上工业企业新增 -> 规上工业企业."""
    words = link_rules().increment_words
    return strip_words(strip_words(counted, words, front=True), words, front=False)


def _ratios(text: str, figures: list[Figure]) -> set[int]:
    """Starts of the two counts of a ratio (10台新能源汽车6台PTC加热器): of one unit, with only
    a noun between them (indicators.yaml ratio_between)."""
    rules = link_rules()
    found = set()
    for fig, following in zip(figures, figures[1:]):
        a, b = fig.fact, following.fact
        if (isinstance(a, Quantity) and isinstance(b, Quantity) and a.unit == b.unit
                and rules.ratio_between.fullmatch(text, a.end, b.start) and _only_nouns(text[a.end:b.start])):
            found.update((a.start, b.start))
    return found


def _only_nouns(words: str) -> bool:
    """新能源汽车 (jieba tags every word a noun), allowing 中/有 after it; not 发展至."""
    rules = link_rules()
    tags = word_tags()
    return all(w in rules.ratio_after_noun or tags.get(w, "n")[:1] in ("n", "x", "e") for w in segment(words))


def _thresholds(text: str, figures: list[Figure]) -> set[int]:
    """Starts of the amounts that bound a category in its name, not figures: 10亿元以上工业重大项目,
    总投资超1亿美元的项目, 超10亿元项目9个 (an amount, a noun, and the count of that noun)."""
    rules = link_rules()
    found = set()
    for fig, following in zip(figures, [*figures[1:], None]):
        f = fig.fact
        if not isinstance(f, Amount):
            continue
        # the count of things of that size (超10亿元项目9个), not a measure (投资35亿元建设年产10万吨)
        noun_then_count = (following is not None and isinstance(following.fact, Quantity)
                           and following.fact.unit in rules.count_units
                           and rules.noun_before_count.fullmatch(text, f.end, following.fact.start))
        if (rules.threshold_after.match(text, f.end) or noun_then_count
                or (f.qualifier in ("at_least", "at_most") and text.startswith(rules.threshold_of_noun, f.end))):
            found.add(f.start)
    connectors = range_connectors()
    for fig, following in zip(reversed(figures[:-1]), reversed(figures[1:])):  # 30亿至50亿元之间
        if following.fact.start in found and text[fig.fact.end:following.fact.start] in connectors:
            found.add(fig.fact.start)
    return found


def _range_ends(text: str, percentages: list) -> set[int]:
    """Starts of the upper ends of rate ranges (增长5%—6%): the range is one figure, its row the
    lower end's."""
    connectors = range_connectors()
    return {p.start for q, p in zip(percentages, percentages[1:])
            if p.kind == q.kind and text[q.end:p.start] in connectors}


_STATISTIC_NUMERAL = re.compile("[万亿点]")  # 十二点六万户, 三十八万户: a statistic in Chinese numerals


def _not_an_indicator(art: Article, f) -> bool:
    """Ranks, rates, comparisons, sets and partners are not a city's figures."""
    rules = link_rules()
    text = art.text
    if text.endswith(rules.skip_before, 0, f.start):
        return True
    if isinstance(f, Amount) and text.endswith(rules.conversion_before, 0, f.start):
        return True  # （约合人民币576亿元）: the amount before, in yuan
    if f.start > 0 and text[f.start - 1] in "“\"‘《「":
        return True  # the figure opens a name: “十项行动”, “一月一链”
    if isinstance(f, Quantity) and not re.search(r"\d", f.surface) and not _STATISTIC_NUMERAL.search(f.surface):
        return True  # 十项行动, 三道大关: Chinese-numeral counts name things, statistics use digits (or 万, 点)
    clause = clause_span(text, f.start, f.end)
    if rules.delta_before.search(text, clause[0], f.start):
        return True  # 比年初增加412.3亿元: a change against a base, not a level
    if isinstance(f, Quantity) and text.startswith(rules.skip_after, f.end):
        return True  # 6个方面: aspects of a plan, not a quantity of the economy
    rest = text[f.end:clause[1]]
    # 在全国178个国家级高新区中(排名第70位): the set something is ranked in, not a figure
    before = text[clause[0]:f.start]
    if any(w in rest for w in rules.rank_words) or any(
            before.startswith(opening) and rest.endswith(closing) for opening, closing in rules.set_frames):
        return True
    if isinstance(f, Quantity):  # 与…等10余所高校合作: partners
        phrase_start, phrase_end = phrase_span(text, f.start, f.end)
        lead, tail = text[phrase_start:f.start], text[f.end:phrase_end]
        if any(opening in lead and tail.endswith(closing) for opening, closing in rules.partner_frames):
            return True
        if any(lead.endswith(opening) and closing in tail for opening, closing in rules.served_frames):
            return True  # 已为160个科研团队提供算力服务: clients served
        # 对接专场活动，吸引了…30余家企业; 专场活动中，…等7家企业…负责人齐聚一堂: an event's guests
        sentence_lead = text[sentence_at(art.doc.sentences, f.start)[0]:f.start]
        return (any(w in before or w in tail for w in rules.attendance_verbs)
                and any(w in sentence_lead for w in rules.event_words))
    return False


def _row(art, fact, name, value, unit, growth, clause, sentence, listed_place=None, listed_period=None,
         listed_company=None) -> Indicator:
    city, area = city_and_area(art, clause, sentence, fact.start, listed_place)
    period = listed_period or governing_period(art, sentence, clause, fact.start)
    growth_pct = growth_kind = None
    if growth is not None:
        p, context = growth
        growth_pct, growth_kind = signed_growth(p), classify_growth(p, context, art.doc.ref_year)
    return Indicator(
        start=fact.start, end=fact.end, surface=fact.surface,
        city=city, area=area, indicator=name, value=value, unit=unit,
        growth_pct=growth_pct, growth_kind=growth_kind,
        period_start=period.start_date if period else None, period_end=period.end_date if period else None,
        is_target=is_target(art, fact, sentence, period),
        subject=listed_company or subject_enterprise(art, sentence, clause, fact.start),
    )
