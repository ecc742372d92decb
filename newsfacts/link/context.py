"""What surrounds a figure: its growth or share, its period, its city and area, whether it
is a goal, and the enterprise it belongs to."""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from ..extract.numbers import parse_number
from ..extract.sentences import sentence_at
from ..facts import DateSpan, Indicator, Location, Percentage
from .article import Article, most_specific
from .naming import name_before
from .rules import clause_span, full_stop_before, link_rules, names_something, phrase_span, segment, word_tags


def classify_growth(p: Percentage, context: str, ref_year: int | None = None) -> str:
    """points, share (占比, 比重…), yoy (同比, 增长…) or other, from the rate's metric and the words
    before it; a growth on a year before the last (比2019年同期增长35%) is no year-on-year one."""
    rules = link_rules()
    if p.kind == "points":
        return "points"
    metric = (p.metric or "") + context
    if any(w in metric for w in rules.share_words):
        return "share"
    base = rules.base_year.search(context)
    if (base and ref_year and int(base["year"]) < ref_year - 1) or any(w in context for w in rules.other_growth_words):
        return "other"  # 比2019年同期增长35%, 环比下降0.8%
    if any(w in metric for w in rules.yoy_words):
        return "yoy"
    return "other"


def signed_growth(p: Percentage) -> float:
    """下降5% is -5."""
    return -abs(p.value) if p.direction == "down" else p.value


_SPACE_RUN = re.compile(r"\s+")


def _last_space_end(text: str) -> int:
    """The end of the last run of spaces in text (0 without one)."""
    return max((m.end() for m in _SPACE_RUN.finditer(text)), default=0)


def attached_growth(art, fig, sentence, percentages, attached, blocked) -> tuple[Percentage, str] | None:
    """A growth rate or share written after a figure (119.2亿元、增长19.1%; 399个，占比77.8%;
    2780.5亿元，按不变价格计算，同比增长8.6%): the next clause or a later one of the sentence,
    when no other figure comes between but a change against a base (余额9016.1亿元，比年初增加
    826.5亿元，增长10.1%) and the rate's clause names nothing else (1200家，营业收入增长15%:
    the rate is the revenue's)."""
    text = art.text
    parts: list[Percentage] = []  # the figure's parts of a whole, passed (为年度预算的54.1%)
    for k in range(art.first_from(percentages, fig.end), len(percentages)):
        p = percentages[k]
        if p.start in attached:
            continue
        if p.start >= sentence[1] or p.kind == "points":
            return None
        between = text[fig.end:p.start]
        undated = between
        for d in [*art.facts_between(art.dates, fig.end, p.start), *parts]:  # 比2019年同期增长35%: a base, no figure
            undated = undated.replace(d.surface, "")
        # another figure between, in digits or in Chinese numerals (…十二点六万户，…其中企业三十八万户，增长…)
        figures_between = re.search(r"\d", undated) or any(
            n.start not in {q.start for q in parts} and not _round_threshold(n)
            for n in art.facts_between(art.numbers, fig.end, p.start))
        if figures_between and not _only_changes(art, fig.end, p.start):
            return None
        # a headline's spaces part its phrases (营收86.42亿元 净利润同比增长18.62%)
        breaks = sum(between.count(c) for c in "，、,") + len(_SPACE_RUN.findall(between))
        if breaks:
            p_clause = clause_span(text, p.start, p.end)
            p_phrase = max(p_clause[0], fig.end + _last_space_end(between))  # 营收86.42亿元 |同比增长16.9%
            if art.facts_between(art.places, p_phrase, p.start):
                return None  # …突破2000亿元，宜昌高新区增长10%: another place's rate
            own_name = name_before(art, p_phrase, p.start, blocked)
            if breaks > 3 or (names_something(own_name) and own_name not in link_rules().bare_rate_names):
                if not parts and share_of_whole(text, p_phrase, p.start):
                    parts.append(p)
                    continue
                return None
        attached.add(p.start)
        return p, text[parts[-1].end:p.start] if parts else between
    return None


def _round_threshold(fact) -> bool:
    """A power of ten written without digits (首次突破千亿元): a threshold the figure before it
    passed, no figure of its own between that figure and its growth."""
    value = getattr(fact, "value", None)
    return not re.search(r"\d", fact.surface) and bool(value) and value >= 10 and math.log10(value).is_integer()


def share_of_whole(text: str, start: int, end: int) -> re.Match | None:
    """Is text[start:end] the words before a part of a whole (为年度预算的, 完成年度目标任务的)?"""
    return link_rules().share_of_whole.match(text[start:end].strip())


def _only_changes(art: Article, start: int, end: int) -> bool:
    """Are all digits between start and end in figures that are changes against a base
    (比年初增加826.5亿元, indicators.yaml delta_before)?"""
    text, delta = art.text, link_rules().delta_before
    changes = art.facts_between(art.numbers, start, end)
    if not changes or any(not delta.search(text, clause_span(text, f.start, f.end)[0], f.start) for f in changes):
        return False
    rest = text[start:changes[0].start] + "".join(text[a.end:b.start] for a, b in zip(changes, changes[1:]))
    return not re.search(r"\d", rest + text[changes[-1].end:end])


def respectively_growths(art: Article, figures: list, percentages: list[Percentage]) -> dict[int, Percentage]:
    """出口6502.6亿元、进口4408.5亿元，分别增长5.8%和下降2.1%: the i-th rate after 分别 is the
    growth of the i-th of as many figures just before it in the sentence (by figure start)."""
    text = art.text
    gap = link_rules().rate_list_gap
    starts = [f.fact.start for f in figures]
    found: dict[int, Percentage] = {}
    for m in link_rules().respectively.finditer(text):
        sentence = sentence_at(art.doc.sentences, m.start())
        rates, pos = [], m.end()
        for p in art.facts_between(percentages, m.end(), sentence[1]):
            if p.kind == "points" or not gap.fullmatch(text, pos, p.start):
                break  # 增长5.8%和下降2.1%: one list, in one clause
            rates.append(p)
            pos = p.end
        first = bisect.bisect_left(starts, sentence[0])
        before = figures[first:bisect.bisect_left(starts, m.start())]
        if len(rates) < 2 or len(before) < len(rates):
            continue
        for fig, rate in zip(before[-len(rates):], rates):
            found[fig.fact.start] = rate
    return found


def respectively_places(art: Article, facts: list) -> dict[int, Location | None]:
    """常州和镇江地区生产总值分别为2436.5亿元和1264.1亿元: the i-th figure of a list after 分别
    is about the i-th of as many places named before it in its phrase (常州、镇江…: 、 ends no
    phrase); None for a province's or the nation's (全省和长沙市…分别为9862.4亿元和2502.7亿元)
    (`facts`: figures and rates, start-sorted)."""
    text = art.text
    rules = link_rules()
    found: dict[int, Location | None] = {}
    last_list: tuple[tuple[int, int], list] | None = None  # (sentence, places) of the last list
    for m in rules.respectively.finditer(text):
        phrase = phrase_span(text, m.start(), m.start())
        places = art.facts_between(art.places, phrase[0], m.start())
        if len({(p.city, p.zone or p.district) for p in places}) != len(places):
            continue
        sentence = sentence_at(art.doc.sentences, m.start())
        compared = not places and last_list is not None and last_list[0] == sentence
        counted = None if places or compared else rules.place_count.search(text, phrase[0], m.start())
        if compared:  # 长沙市、株洲市分别增长4.8%和5.1%，分别高于全省0.4个、0.7个百分点: the same places
            places = last_list[1]
        elif counted:  # 两市…分别达到7896.3亿元和6754.1亿元
            places = _counted_places(art, m.start(), last_list, int(parse_number(counted["count"])))
        elif not places and text.startswith(rules.respectively_sentence_leads, phrase[0]):
            # 绍兴市…增长6.3%，嘉兴市增长8.7%，其中制造业投资分别增长15.4%和18.2%: the sentence's places
            places = _distinct_places(art, sentence[0], phrase[0])
        elif not places and not _without_dates(art, phrase[0], m.start()).strip() and phrase[0] > sentence[0] + 1:
            # 济南市、青岛市、烟台市入选数量位列前三，分别为226家、208家和112家: the phrase before
            before = phrase_span(text, phrase[0] - 1, phrase[0] - 1)
            places = art.facts_between(art.places, max(before[0], sentence[0]), phrase[0])
            if len({(p.city, p.zone or p.district) for p in places}) != len(places):
                continue
            last_list = (sentence, places)
        else:
            if places:
                last_list = (sentence, places)
            starts = art.scope_starts
            wider = starts[bisect.bisect_left(starts, phrase[0]):bisect.bisect_left(starts, m.start())]
            if wider:
                places = sorted([*places, *(_Wider(pos) for pos in wider)], key=lambda p: p.start)
        if len(places) < 2:
            continue
        items = _respectively_items(art, facts, m.end(), points=compared)
        if len(items) == len(places):
            found.update((fact.start, None if isinstance(place, _Wider) else place) for fact, place in zip(items, places))
    return found


def _without_dates(art: Article, start: int, end: int) -> str:
    """text[start:end] without the dates written in it (全年分别…: nothing but a date before 分别)."""
    text = art.text[start:end]
    for d in art.facts_between(art.dates, start, end):
        text = text.replace(d.surface, "", 1)
    return text


def respectively_periods(art: Article, facts: list) -> dict[int, DateSpan]:
    """1月、2月、3月全市分别进出口81.3亿元、63.9亿元、90.5亿元: the i-th figure of a list after 分别
    covers the i-th of as many periods listed before it in its phrase (`facts`: figures and rates,
    start-sorted)."""
    found: dict[int, DateSpan] = {}
    text = art.text
    last_list: tuple[int, list] | None = None  # (sentence start, periods) of the last list
    for m in link_rules().respectively.finditer(text):
        phrase = phrase_span(text, m.start(), m.start())
        sentence = sentence_at(art.doc.sentences, m.start())
        periods = [d for d in art.facts_between(art.dates, phrase[0], m.start()) if not art.compared_with(d)]
        if not periods and phrase[0] > sentence[0] + 1:
            # 2021年、2022年和2023年，华芯装备分别实现…: a list of periods opening the sentence
            before = phrase_span(text, phrase[0] - 1, phrase[0] - 1)
            listed = art.facts_between(art.dates, max(before[0], sentence[0]), phrase[0])
            rest = text[max(before[0], sentence[0]):phrase[0] - 1]
            for d in listed:
                rest = rest.replace(d.surface, "", 1)
            periods = listed if not rest.strip("、 " + link_rules().list_joiners) else []
        opened = full_stop_before(text, m.start())  # clauses after a ； go on with their sentence
        if not periods and last_list is not None and last_list[0] == opened:
            periods = last_list[1]  # …；归母净利润分别为5620万元、1.18亿元和2.04亿元: the same years
        if len(periods) < 2 or len({(d.start_date, d.end_date) for d in periods}) != len(periods):
            continue
        last_list = (opened, periods)
        items = _respectively_items(art, facts, m.end(), points=False)
        if len(items) == len(periods):
            found.update((fact.start, period) for fact, period in zip(items, periods))
    return found


def respectively_companies(art: Article, facts: list) -> dict[int, str]:
    """襄阳博亚精工装备股份有限公司、湖北航宇精工科技有限公司产值分别增长18.4%、26.7%: the i-th
    figure of a list after 分别 is the i-th of as many companies listed before it in its phrase
    (`facts`: figures and rates, start-sorted)."""
    found: dict[int, str] = {}
    for m in link_rules().respectively.finditer(art.text):
        phrase = phrase_span(art.text, m.start(), m.start())
        # a company and its declared short name right after it are one item (A（以下简称京东方）…、B…)
        companies = _distinct_companies(art.facts_between(art.enterprises, phrase[0], m.start()))
        items = _respectively_items(art, facts, m.end(), points=False)
        if not companies:
            # 前三名分别是A、B和C，营业收入分别为9411.7亿元、…: the companies earlier in the sentence
            sentence = sentence_at(art.doc.sentences, m.start())
            companies = _distinct_companies(art.facts_between(art.enterprises, sentence[0], phrase[0]))
        if len(companies) < 2 or len({c.name for c in companies}) != len(companies):
            continue
        if len(items) == len(companies):
            found.update((fact.start, company.name) for fact, company in zip(items, companies))
    return found


def _distinct_companies(mentions: list) -> list:
    """The companies of mentions, each once, in the order first named."""
    named: dict[str, object] = {}
    for mention in mentions:
        named.setdefault(mention.name, mention)
    return list(named.values())


def _respectively_items(art: Article, facts: list, pos: int, points: bool) -> list:
    """The figures of the list right after a 分别 ending at pos: a few words apart, in one clause;
    percentage points only when `points` (a second list compared with the first)."""
    gap = link_rules().rate_list_gap
    items = []
    for fact in art.facts_between(facts, pos, len(art.text)):
        if (getattr(fact, "kind", None) == "points" and not points) or not gap.fullmatch(art.text, pos, fact.start):
            break
        items.append(fact)
        pos = fact.end
    return items


def _counted_places(art: Article, pos: int, last_list: tuple[tuple[int, int], list] | None,
                    count: int) -> list[Location]:
    """The `count` places a 两市/三地 before `pos` stands for: those of the paragraph's last 分别 list,
    or else the different places the paragraph named before, in order; none when they are not as many."""
    paragraph = art.paragraph(pos)
    if last_list is not None and last_list[0][0] >= paragraph[0] and len(last_list[1]) == count:
        return last_list[1]
    named = _distinct_places(art, paragraph[0], pos)
    return named if len(named) == count else []


def _distinct_places(art: Article, start: int, end: int) -> list[Location]:
    """The different places named in [start, end), in the order they are first named."""
    named: dict[tuple[str | None, str | None], Location] = {}
    for place in art.facts_between(art.places, start, end):
        named.setdefault((place.city, place.zone or place.district), place)
    return list(named.values())


@dataclass(frozen=True, slots=True)
class _Wider:
    """A province or the nation as an item of a 分别 list (全省和长沙市…)."""
    start: int


def growth_before_total(art, f, name, clause, sentence, percentages, attached, blocked):
    """人工智能企业数增长35%，总数达650家 / GDP增长5.5%，达到2.0011万亿元: the growth stated
    before a total or a nameless figure belongs to it, and so does the name the growth was given."""
    if name and name not in link_rules().generic_totals:
        return None, name
    earlier = [p for p in art.facts_between(percentages, sentence[0], clause[0]) if p.start not in attached]
    if not earlier:
        return None, name
    p = earlier[-1]
    between = art.text[p.end:f.start]
    if re.search(r"\d", between) or between.count("，") + between.count(",") > 1:
        return None, name
    if art.facts_between(art.dates, p.end, f.start):
        return None, name  # 去年产值增长30%，今年力争突破10亿元: another period's
    p_clause = clause_span(art.text, p.start, p.end)
    if classify_growth(p, art.text[p_clause[0]:p.start]) == "share":
        return None, name  # 总产量183.2亿斤，占全省的13.8%，稳定在180亿斤以上: the share is the one before's
    owner = name_before(art, p_clause[0], p.start, blocked)
    if not names_something(owner):
        return None, name
    attached.add(p.start)
    return (p, art.text[p_clause[0]:p.start]), owner


def previous_row(rows: list[Indicator], pos: int, sentence: tuple[int, int]) -> Indicator | None:
    """The row starting last before `pos` in its sentence (`rows`: at least those of the sentence)."""
    earlier = [r for r in rows if sentence[0] <= r.start < pos]
    return max(earlier, key=lambda r: r.start) if earlier else None


def governing_period(art: Article, sentence: tuple[int, int], clause: tuple[int, int],
                     fig_start: int) -> DateSpan | None:
    """The date governing a figure: nearest before it in its sentence, then after it in its
    clause (增长5.2%（1—5月）: brackets do not end a clause), then the paragraph before the
    sentence, then the period of the heading above, then the title's; a single day is only a
    period with 截至. A date in a later clause is another event's (总投资120亿元，预计2025年6月建成投产)."""
    rules = link_rules()

    def usable(d: DateSpan) -> bool:
        if (d.surface.endswith(rules.same_period) and not art.opens_clause(d.start)) or art.compared_with(d):
            return False  # 比上年同期, 较2019年: the base of a comparison, not the figure's period (上年同期，… is)
        if art.text.endswith(rules.founding_before, 0, d.start):
            return False  # 成立于2004年: when the company began
        return d.granularity != "day" or art.text[max(0, d.start - 2):d.start] == "截至"

    # The nearest date that qualifies, searched from the figure outwards and stopping at the first:
    # a long sentence or paragraph stays linear.
    last = lambda dates, keep=usable: next((d for d in reversed(dates) if keep(d)), None)  # noqa: E731
    found = last(art.facts_between(art.dates, sentence[0], fig_start))
    if found is not None and found.granularity == "year":
        found = _year_up_to(art, sentence[0], found) or found
    if found is None:
        found = next((d for d in art.facts_between(art.dates, fig_start, clause[1]) if usable(d)), None)
    if found is not None:
        return found
    para = art.paragraph(fig_start)
    # Clauses before a ； go on: the date that heads the whole sentence, before any figure
    # (力争到2026年，产值突破2000亿元；规模以上企业达到450家), governs it; a sentence opening
    # with 其中 goes on the one before it.
    sentence_start = max(para[0], full_stop_before(art.text, sentence[0]))
    if sentence_start > 0 and art.text.startswith(rules.continuation_leads, sentence_start):
        sentence_start = art.previous_sentence_start(sentence_start)
    first_figure = art.first_from(art.numbers, sentence_start)
    heading_end = min(sentence[0], art.numbers[first_figure].start) if first_figure < len(art.numbers) else sentence[0]
    found = last(art.facts_between(art.dates, sentence_start, heading_end))
    if found is not None:
        return found
    # An earlier sentence passes on only a topic date (2023年，…), not an aside (自2018年落户以来)
    # nor a plan's horizon (计划到2025年，…).
    found = last(art.facts_between(art.dates, para[0], sentence[0]), lambda d: usable(d) and art.is_topic_date(d)
                 and not d.surface.startswith(rules.target_prefixes))
    if found is not None:
        return found
    lead_in = art.list_lead_in(para)
    if lead_in is not None:
        found = last(art.facts_between(art.dates, lead_in[0], lead_in[1]))
        if found is not None:
            return found
    # 一、2023年工作回顾 / 武汉各区一季度成绩单出炉: the period the section or the article reports on;
    # else 一季度，我市地区生产总值…。\n全市重点项目完成投资…: the recent period an earlier paragraph
    # of the section opened with
    heading = art.dated_heading(fig_start)
    if heading and heading[1]:
        return heading[1]
    if art.title_period is not None:
        return art.title_period
    opening = art.paragraph_opening_date(fig_start, usable)
    if opening is not None and (heading is None or opening[0] > heading[0][0]):
        return opening[1]
    if art.title_span is not None and art.title_span[0] <= fig_start < art.title_span[1]:
        return art.lead_period(usable)  # “五一”假期长沙接待游客超800万人次: the lead's 5月1日至5日
    return None


def city_and_area(art: Article, clause: tuple[int, int], sentence: tuple[int, int],
                  fig_start: int, listed: Location | None = None) -> tuple[str | None, str | None]:
    """The city (and zone or district) a figure is about: `listed` when a 分别 list names it,
    else the place named in its clause, in its sentence, in its paragraph's earlier sentences,
    in its section's heading, or the article's main place."""
    if listed is not None:
        return listed.city, listed.zone or listed.district
    in_clause = art.facts_between(art.places, clause[0], clause[1])
    # clauses after a ； go on with the subject their sentence opened with (1-9月，上海…增长32.1%；汽车制造业…)
    in_sentence = art.facts_between(art.places, sentence[0], sentence[1])
    opened = max(art.paragraph(fig_start)[0], full_stop_before(art.text, sentence[0]))
    if opened < sentence[0]:
        in_sentence = [p for p in art.facts_between(art.places, opened, sentence[0]) if art.opens_clause(p.start)] \
            + in_sentence
    # a place named after the figure in its sentence is its subject, unless the figure is the
    # whole city's (全市…超过2.4万家，其中南山区达5306家)
    later = [] if art.citywide_subject(sentence[0], fig_start) else in_sentence
    before = [p for p in in_sentence if p.start < fig_start]
    if before and not in_clause:
        # the nearest clause that names a place: 绍兴…增长32.6%，嘉兴则以新能源为主导，…1215.8亿元
        nearest = clause_span(art.text, before[-1].start, before[-1].end)[0]
        before = [p for p in before if p.start >= nearest]
    chosen = in_clause or before or later
    if chosen:
        place = most_specific(chosen)
        if all(p.start < sentence[0] for p in chosen) and art.citywide_subject(sentence[0], fig_start):
            return place.city, None  # 贵安新区…225万台；全市数据中心标准机架…: the whole city after the ；
        if (place.zone or place.district) and _listed_areas(
                art, art.facts_between(art.places, phrase_span(art.text, fig_start, fig_start)[0], fig_start), place):
            return place.city, None  # 鄠邑区、蓝田县等地乡村旅游接待游客102.5万人次: the areas together
    else:
        place = art.paragraph_subject(sentence[0]) or art.section_place(fig_start)
        if art.citywide_subject(sentence[0], fig_start):
            # 全市…: the whole of the city the paragraph or section is about, or of the
            # county-level city (昆山市) that is the article's area
            city, area = (place.city, place.zone or place.district) if place else (art.main_city, art.main_area)
            # the county-level city (昆山市) 全市 means is the article's own, not one named just before
            county_city = area and area.endswith(link_rules().county_city_suffix) and area == art.main_area
            return city, area if county_city else None
    if place is None:
        return art.main_city, art.main_area
    area = place.zone or place.district
    if area is None:
        # 在襄阳高新区，总投资50亿元的比亚迪襄阳产业园…: the zone named earlier in the sentence
        same_city = [p for p in in_sentence if p.city == place.city and (p.zone or p.district) and p.start < fig_start]
        area = (same_city[-1].zone or same_city[-1].district) if same_city else None
    if area is None and place.city == art.main_city and not in_clause and not before:
        # the city of the paragraph, the section or a comparison after the figure (增速居台州市
        # 第二) is the article's area's; a city named as the subject before it (合肥…产值) is all of it
        area = art.main_area
    return place.city, area


def _listed_areas(art: Article, places: list[Location], chosen: Location) -> bool:
    """Are several areas of the chosen place's city named as one list (鄠邑区、蓝田县等地, 吴江丝绸、
    常熟服装等产品) before a figure that is no 分别 list's item?"""
    areas = [p for p in places if (p.zone or p.district) and p.city == chosen.city]
    if len({p.zone or p.district for p in areas}) < 2:
        return False
    text = art.text
    marks = "、 " + link_rules().list_joiners
    return any(text[a.end:b.start].strip(marks) == "" or text[a.end:b.start].endswith("、")
               for a, b in zip(areas, areas[1:]))


def wider_than_city(art: Article, sentence: tuple[int, int], fig_start: int, city: str | None) -> bool:
    """Is the figure a province's or the nation's? Its sentence names such a scope as a subject
    before it (全省规上工业增加值增长7.6%) and no city after that; or it names no place and goes
    on with such a scope before it; or it has no city in an article whose title is the province's."""
    scope = art.latest_wider_scope(sentence[0], fig_start)
    if scope is not None:
        return not art.names_city(scope, fig_start)
    if city is None:
        return art.wider_scope
    # a sentence naming no place goes on with the scope before it (…我国汽车产销…。1-10月，汽车出口…)
    return not art.names_city(*sentence) and art.wider_subject_before(sentence[0])


def is_future(lead: str) -> bool:
    """将 + verb/adverb is the future tense of a plan; 将 + noun is 把; 即将/将近 are now."""
    marker = link_rules().future_marker
    if marker not in lead:
        return False
    # Segment from just before the first 将, so 即将 stays one word.
    words = segment(lead[max(0, lead.find(marker) - 2):])
    for i, word in enumerate(words):
        if word == marker and i + 1 < len(words):
            tag = word_tags().get(words[i + 1], "x")
            if tag.startswith(("v", "d", "p")) or tag == "ad":
                return True
    return False


def is_target(art: Article, fact, sentence: tuple[int, int], period: DateSpan | None) -> bool:
    """A plan or goal: a target word earlier in the sentence (力争, 预计, 将, 到2026年…) or in
    the heading whose period the figure takes, or a count or amount for the current year as a
    whole (今年…开工300个项目)."""
    rules = link_rules()
    lead = rules.achieved_goal.sub("", art.text[sentence[0]:fact.start])
    ref_year = art.doc.ref_year or 0
    # 主要预期目标是：地区生产总值增长7%左右；规模以上工业增加值增长8%；…: a list of goals after a colon
    listed = art.text[full_stop_before(art.text, sentence[0]):sentence[0]]
    colon = max(listed.rfind("："), listed.rfind(":"))
    if colon >= 0 and any(w in listed[:colon] for w in rules.target_words):
        return True
    horizons = (m.group("year") for m in rules.target_pattern.finditer(lead))
    if _target_word_governs(art, fact, sentence, period) or any(y is None or int(y) >= ref_year for y in horizons) \
            or is_future(lead):
        return True
    if period is not None and period.surface.startswith(rules.target_prefixes) and int(period.end_date[:4]) >= ref_year:
        return True  # the plan's horizon, from a clause before a ；
    heading = art.dated_heading(fact.start)
    if heading and period is not None and period is heading[1] \
            and any(w in art.text[heading[0][0]:heading[0][1]] for w in rules.target_words):
        return True  # 二、2024年主要预期目标: the goals under it
    if isinstance(fact, Percentage) or period is None or art.doc.ref_year is None:
        return False
    published = art.doc.published_at or ""  # ISO: 2024-09-05
    if published[:4] == str(art.doc.ref_year) and published[5:7].isdigit() \
            and int(published[5:7]) > rules.year_start_months:
        return False  # 9月: 今年新增企业120家 is the year so far
    current_year = (f"{art.doc.ref_year}-01-01", f"{art.doc.ref_year}-12-31")
    return (period.start_date, period.end_date) == current_year and period.surface in rules.current_year_words


def _target_word_governs(art: Article, fact, sentence: tuple[int, int], period: DateSpan | None = None) -> bool:
    """A target word (力争, 预计…) earlier in the figure's sentence, or heading the sentence a ；
    continues before any figure when this clause names no company of its own (全年力争实现地区生产
    总值1085亿元、增长7%左右；规上工业增加值增长10%以上). A word inside a project's noun phrase
    (计划总投资1052亿元) is only its own clause's (…，实际利用外资5.3亿美元 is no plan)."""
    rules, text = link_rules(), art.text
    clause_start = clause_span(text, fact.start, fact.end)[0]
    chain = max(art.paragraph(fact.start)[0], full_stop_before(text, sentence[0]))
    if chain < sentence[0] and not art.facts_between(art.enterprises, sentence[0], fact.start):
        first = art.first_from(art.numbers, chain)
        heads_until = min(art.numbers[first].start if first < len(art.numbers) else sentence[0], sentence[0])
    else:
        heads_until = chain = sentence[0]
    # a goal reached (完成年度目标的98%) holds no target word
    lead = rules.achieved_goal.sub(lambda m: " " * len(m.group()), text[chain:fact.start])
    # 年内 of a year already over when the article was published is a review's "in the year"
    # (2023年，…年内新引进亿元以上项目64个, published in 2024), no plan
    past = period is not None and (art.doc.published_at or "9999") > period.end_date[:4] + "-12-31"
    for m in rules.target_word_re.finditer(lead):
        if past and m.group() in rules.in_year_words and not re.match(r"[\d一二两三四五六七八九十]", lead[m.start() - 1:m.start()]):
            continue  # (3年内 is a horizon of years to come: a plan still)
        at = chain + m.start()
        if at >= sentence[0]:
            if at >= clause_start or not text.startswith(rules.target_noun_phrases, at):
                return True
        elif at < heads_until:
            return True
    return False


def subject_enterprise(art: Article, sentence: tuple[int, int], clause: tuple[int, int],
                       fig_start: int) -> str | None:
    """The enterprise a figure belongs to: one named earlier in its sentence (clauses after a
    ； go on with its subject) unless a place or a whole-place word takes the figure back or it
    is only an example (以比亚迪为代表); the company it is quoted from; or the last one named
    before in the paragraph (or the one before) when the sentence says 该公司/公司."""
    rules = link_rules()
    para_start = art.paragraph(fig_start)[0]
    subject_start = max(para_start, full_stop_before(art.text, sentence[0]))
    before = [e for e in art.facts_between(art.enterprises, subject_start, fig_start) if not _source_of(art, e)]
    if before:
        last = before[-1]
        if art.text.startswith(rules.enumeration_ends, last.end) or _listed_example(art, last) \
                or (len(before) > 1 and art.text[before[-2].end:last.start].strip() in rules.company_joiners):
            return None  # 三一重工、铁建重工等龙头企业…带动…600家; A、B和C相继签约落户，总投资达86亿元: a group's
        if art.city_scope_subject(last.end, fig_start) or art.latest_wider_scope(last.end, fig_start) is not None:
            return None
        if any((art.opens_clause(p.start) or _place_of_company(art.text[last.end:p.start], rules))
               and not art.text.startswith(rules.facility_after_place, p.end)
               for p in art.facts_between(art.places, last.end, fig_start)):
            # 比亚迪项目落户后，襄阳新能源汽车产量增长45%; 特斯拉(上海)有限公司所在的临港新片区…: the
            # place is the subject (湛江基地: the company's)
            return None
        if _in_example_frame(art, last) or any(verb in art.text[last.end:fig_start] for verb in rules.driver_verbs):
            return None  # 以比亚迪为代表的新能源汽车产业…产值; 巴斯夫项目带动…配套企业23家
        return last.name
    speaker = quoted_company(art, fig_start)
    if speaker is not None:
        return speaker
    # 公司实现营业收入…；归属于上市公司股东的净利润…: the company goes on after a ；
    mention = art.last_anaphora(subject_start, fig_start)
    if mention is None:
        return None
    if art.city_scope(mention[1], fig_start) or art.latest_wider_scope(mention[1], fig_start) is not None:
        return None
    if art.text[mention[0]:mention[1]] in rules.reporting_company_words and art.title_enterprise:
        return art.title_enterprise  # after its subsidiaries' figures, 公司全年研发投入… is the reporting company's
    earlier = art.facts_between(art.enterprises, art.previous_paragraph_start(fig_start), mention[0])
    return earlier[-1].name if earlier else None


def _year_up_to(art: Article, start: int, year: DateSpan) -> DateSpan | None:
    """截至5月31日，…今年累计交付…: the year as far as the 截至 date before it in its sentence."""
    for d in reversed(art.facts_between(art.dates, start, year.start)):
        if art.text.endswith("截至", 0, d.start) and year.start_date <= d.end_date <= year.end_date:
            return DateSpan(start=year.start, end=year.end, surface=year.surface, start_date=year.start_date,
                            end_date=d.end_date, granularity="range", relative=year.relative)
    return None


def _place_of_company(between: str, rules) -> bool:
    """Is `between` a company's place link (所在的; 中国总部所在的: a facility of it first)?"""
    link = next((w for w in rules.company_place_links if between.endswith(w)), None)
    return link is not None and len(between) - len(link) <= 6 and not re.search(r"[，。；、,;\d]", between)


def _source_of(art: Article, company) -> bool:
    """据国网四川省电力公司统计: the company is where the figures come from, not their subject."""
    text = art.text
    return any(text.endswith(before, 0, company.start) and text.startswith(after, company.end)
               for before, after in link_rules().source_frames)


def _listed_example(art: Article, company) -> bool:
    """The company's project is an item of a list closed by 等 (比亚迪襄阳产业园二期、华润电力
    新能源基地等重大项目建成投产): an example, like the company itself closing one."""
    text, ends = art.text, link_rules().enumeration_ends
    start, end = phrase_span(text, company.start, company.end)
    return "、" in text[start:company.start] and any(word in text[company.end:end] for word in ends)


def _in_example_frame(art: Article, company) -> bool:
    """以比亚迪为代表, 在宁德时代的带动下: the company is an example or a driver (indicators.yaml
    example_frames), the opening word before it in its phrase, the closing one right after it."""
    phrase_start = phrase_span(art.text, company.start, company.end)[0]
    return any(art.text.rfind(opening, phrase_start, company.start) >= 0
               and art.text.startswith(closing, company.end) for opening, closing in link_rules().example_frames)


def quoted_company(art: Article, fig_start: int) -> str | None:
    """The company whose words a figure is quoted in: “今年我们的订单增长了30%。”光迅科技总经理
    表示 -> the company named right after the closing quote, or the one named before the quote
    (in its paragraph or the one before) when 该公司/公司 speaks."""
    rules = link_rules()
    para_start, para_end = art.paragraph(fig_start)
    # a quote runs a few sentences at most: the search stops there (a long paragraph stays linear)
    close = art.text.find(rules.quote_close, fig_start, min(para_end, fig_start + rules.quote_reach))
    if close < 0 or rules.quote_open in art.text[fig_start:close]:
        return None
    after = art.facts_between(art.enterprises, close + 1, close + 1 + rules.speaker_gap)
    if after:
        return after[0].name
    if not rules.anaphora.match(art.text, close + 1):
        return None
    opening = art.text.rfind(rules.quote_open, max(para_start, fig_start - rules.quote_reach), fig_start)
    # named before the quote in its paragraph or the one before (…科技有限公司的生产车间里…。\n“…”公司总经理…)
    earlier = art.facts_between(art.enterprises, art.previous_paragraph_start(fig_start),
                                opening if opening >= 0 else fig_start)
    return earlier[-1].name if earlier else None
