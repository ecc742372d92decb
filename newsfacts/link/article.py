"""One article as the linking stage sees it: paragraphs, headings and the positions of its facts."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cached_property

from ..extract.sentences import sentence_at
from ..facts import Amount, DateSpan, Document, Location, Percentage, Quantity
from .rules import clause_span, full_stop_before, link_rules


@dataclass(slots=True)
class Figure:
    """A money amount or a counted quantity, with the value and unit an indicator row takes."""

    fact: Amount | Quantity | Percentage
    value: float | None
    unit: str | None


def _spans_of(text: str, word: str) -> list[tuple[int, int]]:
    """Where `word` is written in `text`."""
    spans, pos = [], text.find(word)
    while pos >= 0:
        spans.append((pos, pos + len(word)))
        pos = text.find(word, pos + len(word))
    return spans


class Article:
    """Positions of the facts of one article, for nearest-preceding lookups."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self._starts: dict[int, list[int]] = {}  # starts of each fact list (first_from)
        self.paragraphs = [m.span() for m in re.finditer(r"[^\n]+", doc.text)]
        self.para_starts = [s for s, _ in self.paragraphs]
        self.dates = sorted(doc.facts.get("dates", []), key=lambda f: f.start)
        locations = sorted(doc.facts.get("locations", []), key=lambda f: f.start)
        # a place in the outlet's name (来源：香港商报, 襄阳日报) is where it is published: only an
        # article that names no other place takes its city from it (我市… in 襄阳日报)
        outlets = _spans_of(doc.text, doc.media) if doc.media else []
        in_outlet = [p for p in locations if any(s <= p.start < e for s, e in outlets)] if outlets else []
        if in_outlet:
            outlet_starts = {p.start for p in in_outlet}
            locations = [p for p in locations if p.start not in outlet_starts]
        self.enterprises = sorted(doc.facts.get("enterprises", []), key=lambda f: f.start)
        # a city in a company's name (青岛高测…, 襄阳恒锐…) is where the company is registered, not
        # what the sentence is about: only an article that names no other city takes its city from it
        cities = [p for p in locations if p.city]
        self.places = [p for p in cities if not self._in_enterprise(p)]
        self.places = self._without_partners(self.places)
        self._company_cities = [p for p in cities if self._in_enterprise(p)]
        self._outlet_cities = [p for p in in_outlet if p.city]
        # a province in a company's name (江苏润阳新能源科技股份有限公司) is no scope of its figures
        self.provinces = [p for p in locations if p.city is None and p.zone is None and p.province
                          and not self._in_enterprise(p)]
        self.numbers = sorted((f for table in ("amounts", "quantities", "percentages")
                               for f in doc.facts.get(table, [])), key=lambda f: f.start)
        self._subjects: list[Location] | None = None  # places that open their clause (paragraph_subject)
        self._anaphora: list[tuple[int, int]] | None = None  # spans of 该公司/公司… (last_anaphora)
        self.own_names: dict[int, str] = {}  # figure start -> the name its own clause gives it (topic_of_list)
        self._anaphora_starts: list[int] = []
        self.sections = self._sections()
        self.section_starts = [start for start, _ in self.sections]
        rules = link_rules()
        scopes = [m.start() for m in rules.wider_scopes.finditer(self.text)
                  if not self.text.startswith(rules.scope_honours, m.end())]  # 全省, 全国, not 全省首家
        self.scope_starts = sorted(scopes + [p.start for p in self.provinces])  # and provinces named alone
        self.title_span = self._title_span()
        self.wider_scope = self._wider_title()
        self.title_period = self._title_period()
        # (span, period) of section headings writing a date (一、2023年工作回顾), once per article:
        # a heading has no figure and no comma (1月，武汉多家重点企业好消息频传—— leads in, and
        # 冠捷显示，1月目标计划生产量同比增长46%…… is a sentence)
        self.dated_headings = [(span, self._one_period(*span)) for span in self.paragraphs
                               if span[0] > (self.title_span or (0, -1))[1] and self.is_heading(span)
                               and "，" not in self.text[span[0]:span[1]]
                               and self.facts_between(self.dates, *span)
                               and not self.facts_between(self.numbers, *span)]
        self.dated_heading_starts = [span[0] for span, _ in self.dated_headings]
        self._opening_dates: list[tuple[int, DateSpan]] | None = None  # (paragraph_opening_date)
        self._opening_starts: list[int] = []
        self.main_city, self.main_area = (None, None) if self.wider_scope else self._main_place()

    def _without_partners(self, places: list[Location]) -> list[Location]:
        """Places after 对/自/来自… (对香港出口, 来自香港、澳门的11个项目), and the items of their list,
        are partners or origins, not what the sentence is about."""
        partner_words, text = link_rules().partner_place_before, self.text
        kept: list[Location] = []
        previous, previous_partner = None, False
        for p in places:
            listed = previous is not None and len(text[previous.end:p.start]) == 1 \
                and text[previous.end:p.start] in "、" + link_rules().list_joiners
            previous_partner = text.endswith(partner_words, 0, p.start) or (listed and previous_partner)
            if not previous_partner:
                kept.append(p)
            previous = p
        return kept

    def _in_enterprise(self, fact) -> bool:
        i = self.first_from(self.enterprises, fact.start + 1) - 1  # the last mention starting at or before it
        return i >= 0 and self.enterprises[i].end >= fact.end

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.para_starts, pos) - 1
        return self.paragraphs[i] if i >= 0 else (0, len(self.text))

    def previous_paragraph_start(self, pos: int) -> int:
        """Start of the paragraph before pos's (pos's own when it is the first)."""
        return self.paragraphs[max(0, self.paragraph_number(self.paragraph(pos)) - 1)][0]

    def previous_sentence_start(self, start: int) -> int:
        """Start of the sentence (up to its last 。, across ；) that ends before `start`, back
        over a line break but not into the paragraph before its own."""
        end = start - 1
        while end > 0 and self.text[end].isspace():
            end -= 1
        return max(self.paragraph(end)[0], full_stop_before(self.text, end))

    def paragraph_number(self, para: tuple[int, int]) -> int:
        """Index of `para` in self.paragraphs (by bisection: figures ask for it one by one)."""
        i = bisect.bisect_right(self.para_starts, para[0]) - 1
        return i if i >= 0 and self.paragraphs[i] == para else self.paragraphs.index(para)

    def is_topic_date(self, fact) -> bool:
        """`2023年，全市…` / `截至5月底，…` / `“五一”假期（5月1日至5日），…`: a date set off as
        the time of what follows."""
        start, _ = sentence_at(self.doc.sentences, fact.start)
        opens = not self.text[start:fact.start].strip("“”\"截至在到 ")
        return opens or self.text.startswith(link_rules().topic_date_after, fact.end)

    def list_lead_in(self, para: tuple[int, int]) -> tuple[int, int] | None:
        """For a list item (——…, 一是…, 1.…), the paragraph that introduces the list."""
        marker = link_rules().list_marker
        if not marker.match(self.text, para[0]):
            return None
        i = self.paragraph_number(para)
        while i > 0 and marker.match(self.text, self.paragraphs[i][0]):
            i -= 1
        return None if marker.match(self.text, self.paragraphs[i][0]) else self.paragraphs[i]

    def is_heading(self, span: tuple[int, int]) -> bool:
        line = self.text[span[0]:span[1]]
        rules = link_rules()
        return len(line) <= rules.heading_max_chars and not rules.not_heading.search(line)

    def _sections(self) -> list[tuple[int, Location]]:
        """(start, place) of headings naming a city: `山东德州：…` governs the paragraphs under it."""
        sections = []
        for span in self.paragraphs:
            if self.is_heading(span):
                places = self.facts_between(self.places, span[0], span[1])
                if len({(p.city, p.zone or p.district) for p in places if p.zone or p.district}) > 1:
                    # 长沙各区县…成绩单 浏阳GDP总量居首 雨花增速领跑: the city of several areas
                    cities = {p.city for p in places}
                    places = [replace(places[0], district=None, zone=None)] if len(cities) == 1 else []
                if places:
                    sections.append((span[0], most_specific(places)))
        return sections

    def last_anaphora(self, start: int, end: int) -> tuple[int, int] | None:
        """(start, end) of the last 该公司/公司/这家…企业 (indicators.yaml enterprise_anaphora)
        in [start, end): found once per article, so a long sentence stays linear."""
        if self._anaphora is None:
            self._anaphora = [m.span() for m in link_rules().anaphora.finditer(self.text)]
            self._anaphora_starts = [s for s, _ in self._anaphora]
        i = bisect.bisect_left(self._anaphora_starts, start)
        j = bisect.bisect_left(self._anaphora_starts, end)
        # a match must end before `end` too (这家…企业 can run past the figure)
        found = [span for span in self._anaphora[i:j] if span[1] <= end]
        return found[-1] if found else None

    @cached_property
    def title_enterprise(self) -> str | None:
        """The one company the title names (华锐智控2024年营收86.42亿元): the article reports on it."""
        if self.title_span is None:
            return None
        names = {e.name for e in self.facts_between(self.enterprises, *self.title_span)}
        return names.pop() if len(names) == 1 else None

    def paragraph_subject(self, pos: int) -> Location | None:
        """The place an earlier sentence of pos's paragraph is about: the last one opening a
        clause (【苏州】一季度，苏州市地区生产总值…。全市进出口总额… -> 苏州市), not one
        in passing (吸引了来自上海的企业)."""
        if self._subjects is None:  # once per article: a long paragraph asks for every figure
            self._subjects = [p for p in self.places if self.opens_clause(p.start)]
        earlier = self.facts_between(self._subjects, self.paragraph(pos)[0], pos)
        return earlier[-1] if earlier else None

    def section_place(self, pos: int) -> Location | None:
        i = bisect.bisect_right(self.section_starts, pos) - 1
        return self.sections[i][1] if i >= 0 else None

    def opens_clause(self, pos: int) -> bool:
        """Nothing but dates and scope leads (其中, 截至…) stands between pos and the start of
        its clause, and the clause is no list item: what is written at pos is the subject, not
        a comparison's base."""
        start = clause_span(self.text, pos, pos)[0]
        if start and self.text[start - 1] == "、":
            return False  # an item of a list (在东湖高新区、武汉经开区…)
        lead = self.text[start:pos]
        for d in self.facts_between(self.dates, start, pos):
            lead = lead.replace(d.surface, "")
        for word in link_rules().scope_leads:
            lead = lead.replace(word, "")
        return not lead.strip()

    def latest_wider_scope(self, start: int, end: int) -> int | None:
        """The last position in [start, end) of a scope wider than a city that opens its clause:
        全省, 全国 (not 全省首家), a province named alone."""
        return next(self._wider_scopes(start, end), None)

    def _wider_scopes(self, start: int, end: int):
        """Those scopes, latest first, found lazily (a sentence of many scopes stays linear)."""
        starts = self.scope_starts
        for i in range(bisect.bisect_left(starts, end) - 1, bisect.bisect_left(starts, start) - 1, -1):
            if self.opens_clause(starts[i]):
                yield starts[i]

    def wider_subject_before(self, pos: int) -> bool:
        """Is what the text is about at pos wider than a city: a scope opening a clause (全国, 我省,
        a province) earlier in pos's paragraph with no city or 全市 after it, or in an earlier
        paragraph while no city has been named at all (中汽协：10月，我国汽车产销… / 新能源汽车方面，…)?"""
        body = self.title_span[1] if self.title_span else 0
        i = bisect.bisect_left(self.scope_starts, pos) - 1
        while i >= 0 and self.scope_starts[i] >= body and not self.opens_clause(self.scope_starts[i]):
            i -= 1
        if i < 0 or self.scope_starts[i] < body:
            return False
        scope = self.scope_starts[i]
        if scope >= self.paragraph(pos)[0]:
            return not self.names_city(scope + 1, pos)
        return not self.names_city(body, pos)

    def citywide_subject(self, start: int, end: int) -> bool:
        """全市/我市… opening a clause in [start, end): the figure is the whole city's. After a
        verb or 比 the word compares (高于全市平均水平, 占全市的比重)."""
        return self._opens_a_clause(link_rules().citywide_words, start, end)

    def city_scope_subject(self, start: int, end: int) -> bool:
        """A word for the article's own city or area (全市, 全区) opening a clause in [start, end):
        what the clause is about, not a comparison's base (占全市…的26.6%)."""
        return self._opens_a_clause(link_rules().city_scopes, start, end)

    def _opens_a_clause(self, words, start: int, end: int) -> bool:
        """Does one of `words` open a clause somewhere in [start, end)?"""
        for word in words:
            pos = self.text.find(word, start, end)
            while pos >= 0:
                if self.opens_clause(pos):
                    return True
                pos = self.text.find(word, pos + len(word), end)
        return False

    def city_scope(self, start: int, end: int) -> bool:
        """A word for the article's own city or area (全市, 我市, 全区) in [start, end)."""
        return any(word in self.text[start:end] for word in link_rules().city_scopes)

    def names_city(self, start: int, end: int) -> bool:
        """A city, or a word for the article's own city, in [start, end)."""
        return bool(self.facts_between(self.places, start, end)) or self.city_scope(start, end)

    def _title_span(self) -> tuple[int, int] | None:
        title = self.doc.title
        start = self.text.find(title) if title else -1
        return (start, start + len(title)) if start >= 0 else None

    def _wider_title(self) -> bool:
        """The title, where the text holds it, is about a province or the nation and names no city."""
        if self.title_span is None:
            return False
        start, end = self.title_span
        if self.names_city(start, end):
            return False
        # a province named anywhere in the title (国庆假期江西接待游客…), 全省/全国 as its subject
        return self.latest_wider_scope(start, end) is not None or bool(self.facts_between(self.provinces, start, end))

    def _title_period(self):
        """The one period the title names (武汉各区一季度成绩单出炉): what the article reports on."""
        return None if self.title_span is None else self._one_period(*self.title_span)

    def _one_period(self, start: int, end: int):
        """The one period a title or heading names. Not a day, a plan's horizon, a comparison's
        base (同期, 比上年), 今年 (a count for 今年 is a goal), nor one after the publication."""
        rules = link_rules()
        published = self.doc.published_at or "9999"
        periods = {(d.start_date, d.end_date): d for d in self.facts_between(self.dates, start, end)
                   if d.granularity != "day" and d.surface not in rules.current_year_words
                   and not d.surface.startswith(rules.target_prefixes) and not d.surface.endswith(rules.same_period)
                   and not self.compared_with(d) and d.start_date <= published}  # “订单排到了明年三月”: no report's
        return next(iter(periods.values())) if len(periods) == 1 else None

    def compared_with(self, date: DateSpan) -> bool:
        """Is the date the base of a comparison (比上年, 较2019年: dates.yaml comparison_before)?"""
        return self.text.endswith(link_rules().comparison_base, 0, date.start)

    def paragraph_opening_date(self, pos: int, usable) -> tuple[int, DateSpan] | None:
        """(paragraph start, date) of the last paragraph before pos's that opens with a recent
        period (一季度，我市…; 记者获悉，2023年，全市…): what later paragraphs without a date of
        their own report on. None when that date is one `usable` rejects."""
        if self._opening_dates is None:  # once per article
            self._opening_dates = [(span[0], d) for span in self.paragraphs
                                   if (d := self._opening_period(span)) is not None]
            self._opening_starts = [start for start, _ in self._opening_dates]
        i = bisect.bisect_left(self._opening_starts, self.paragraph(pos)[0]) - 1
        return self._opening_dates[i] if i >= 0 and usable(self._opening_dates[i][1]) else None

    def lead_period(self, usable) -> DateSpan | None:
        """The period the article's lead opens with, `usable` accepting it: the lead is the first
        paragraph after the title that holds a figure (not the dateline). What a title's figure
        without a date of its own reports on."""
        if self.title_span is None:
            return None
        first_figure = self.first_from(self.numbers, self.title_span[1])
        if first_figure == len(self.numbers):
            return None
        lead = self.paragraph(self.numbers[first_figure].start)
        period = self._opening_period(lead)
        return period if period is not None and usable(period) else None

    def _opening_period(self, span: tuple[int, int]) -> DateSpan | None:
        """The date opening the paragraph's first sentence, before any figure, as its topic. Not
        今年 or 全年 alone (a count for them is a goal), a plan's horizon, or a year gone by
        (2018年，公司落户…: a story's history)."""
        dates = self.facts_between(self.dates, *span)
        if not dates:
            return None
        d, rules, ref_year = dates[0], link_rules(), self.doc.ref_year
        first_figure = self.first_from(self.numbers, span[0])
        if first_figure < len(self.numbers) and self.numbers[first_figure].start < d.start:
            return None
        if sentence_at(self.doc.sentences, d.start)[0] > span[0] or not self.is_topic_date(d):
            return None
        if d.surface in rules.current_year_words or d.surface.startswith(rules.target_prefixes):
            return None
        recent = ref_year is None or ref_year - 1 <= int(d.end_date[:4]) and int(d.start_date[:4]) <= ref_year
        return d if recent else None

    def dated_heading(self, pos: int) -> tuple[tuple[int, int], DateSpan | None] | None:
        """(span, period) of the last heading before pos that writes a date: 一、2023年工作回顾
        governs the figures under it until the next such heading. The period is None when the
        heading names no one period."""
        i = bisect.bisect_right(self.dated_heading_starts, pos) - 1
        return self.dated_headings[i] if i >= 0 else None

    def _main_place(self) -> tuple[str | None, str | None]:
        counts: dict[str, int] = {}
        areas: dict[tuple[str, str], int] = {}  # (city, area)
        # the title, and an outlet's line above it (昆山日报 / 2023年昆山市国民经济…统计公报)
        title_end = max(self.paragraphs[0][1] if self.paragraphs else 0, self.title_span[1] if self.title_span else 0)
        places = self.places or self._company_cities or self._outlet_cities
        # a title comparing areas (浏阳GDP总量居首 雨花增速领跑) is about none of them
        title_areas = {p.zone or p.district for p in places if p.start < title_end} - {None}
        for p in places:
            weight = 3 if p.start < title_end else 1
            counts[p.city] = counts.get(p.city, 0) + weight
            area = p.zone or p.district
            if area:
                areas[p.city, area] = areas.get((p.city, area), 0) + (weight if len(title_areas) < 2 else 1)
        if not counts:
            return None, None
        city = max(counts, key=counts.get)
        # the main area is one of the main city's (武清区 is no area of an article about 德州市)
        areas = {area: n for (area_city, area), n in areas.items() if area_city == city}
        # An article about one zone (孝感高新区) files its figures under that zone: it is in the
        # title, or it is named again and again and more than any other area.
        area = max(areas, key=areas.get) if areas else None
        if area and (areas[area] < 3 or areas[area] < 0.5 * sum(areas.values())):
            area = None
        return city, area

    def facts_between(self, facts: list, start: int, end: int) -> list:
        """Facts of a start-sorted list that start in [start, end)."""
        return facts[self.first_from(facts, start):self.first_from(facts, end)]

    def first_from(self, facts: list, start: int) -> int:
        """Index of the first fact of a start-sorted list that starts at or after `start`."""
        starts = self._starts.get(id(facts))
        if starts is None:
            starts = self._starts[id(facts)] = [f.start for f in facts]
        return bisect.bisect_left(starts, start)


def most_specific(places: list[Location]) -> Location:
    return max(places, key=lambda p: (p.zone is not None or p.district is not None, p.city is not None))
