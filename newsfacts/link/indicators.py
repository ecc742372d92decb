"""Link figures into the per-city indicator table.

Each money amount, counted quantity and percentage becomes one row: what is
measured (the words before the figure in its clause, or the noun after it),
the growth or share attached to it, the city and area it is about, the period
that governs it, whether it is a goal, and the enterprise when it is one
company's figure. Only facts of earlier stages are read; nothing is
re-extracted here.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from ..extract.sentences import sentence_at
from ..facts import Amount, DateSpan, Document, Indicator, Location, Percentage, Quantity
from ..patterns import load_yaml

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTES = str.maketrans("", "", "“”\"‘’'《》「」")


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _alternation(patterns) -> re.Pattern:
    return re.compile("|".join(patterns))


# Attribute of the compiled rules -> (key in patterns/indicators.yaml, how it is compiled).
_RULE_FIELDS = {
    "breaks": ("clause_breaks", frozenset), "leading": ("leading_words", _longest_first),
    "trailing": ("trailing_words", _longest_first), "empty_names": ("empty_names", frozenset),
    "share_words": ("share_words", tuple), "yoy_words": ("yoy_words", tuple),
    "skip_before": ("skip_before", _longest_first), "skip_units": ("skip_units", frozenset),
    "target_words": ("target_words", tuple), "target_pattern": ("target_patterns", _alternation),
    "current_year_words": ("current_year_words", frozenset), "future_marker": ("future_marker", str),
    "anaphora": ("enterprise_anaphora", re.compile), "heading_max_chars": ("heading_max_chars", int),
    "list_marker": ("list_marker", re.compile), "after_stops": ("after_stops", frozenset),
    "after_verbs": ("after_verbs", frozenset), "figure_tails": ("figure_tails", _longest_first),
    "enumeration_ends": ("enumeration_ends", tuple), "conjunction_ends": ("conjunction_ends", tuple),
    "rank_words": ("rank_words", tuple), "generic_totals": ("generic_totals", frozenset),
    "money_heads": ("money_heads", tuple), "skip_after": ("skip_after", tuple),
    "threshold_after": ("threshold_after", re.compile), "delta_before": ("delta_before", re.compile),
    "comparison_base": ("comparison_base", tuple),
}


@lru_cache(maxsize=1)
def _rules() -> SimpleNamespace:
    """patterns/indicators.yaml, compiled once: word lists longest first, patterns compiled."""
    data = load_yaml("indicators.yaml")
    return SimpleNamespace(**{attr: compile_(data[key]) for attr, (key, compile_) in _RULE_FIELDS.items()})


@dataclass(slots=True)
class _Figure:
    fact: Amount | Quantity | Percentage
    value: float | None
    unit: str | None


class _Article:
    """Positions of the facts of one article, for nearest-preceding lookups."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.paragraphs = [m.span() for m in re.finditer(r"[^\n]+", doc.text)]
        self.para_starts = [s for s, _ in self.paragraphs]
        self.dates = sorted(doc.facts.get("dates", []), key=lambda f: f.start)
        self.places = sorted((p for p in doc.facts.get("locations", []) if p.city), key=lambda f: f.start)
        self.enterprises = sorted(doc.facts.get("enterprises", []), key=lambda f: f.start)
        self._starts: dict[int, list[int]] = {}
        self.sections = self._sections()
        self.main_city, self.main_area = self._main_place()

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.para_starts, pos) - 1
        return self.paragraphs[i] if i >= 0 else (0, len(self.text))

    def is_topic_date(self, fact) -> bool:
        """`2023年，全市…` / `截至5月底，…`: a date set off as the time of what follows."""
        start, _ = sentence_at(self.doc.sentences, fact.start)
        opens = not self.text[start:fact.start].strip("“”\"截至在到 ")
        return opens or self.text.startswith("，", fact.end)

    def list_lead_in(self, para: tuple[int, int]) -> tuple[int, int] | None:
        """For a list item (——…, 一是…, 1.…), the paragraph that introduces the list."""
        marker = _rules().list_marker
        if not marker.match(self.text, para[0]):
            return None
        i = self.paragraphs.index(para)
        while i > 0 and marker.match(self.text, self.paragraphs[i][0]):
            i -= 1
        return None if marker.match(self.text, self.paragraphs[i][0]) else self.paragraphs[i]

    def is_heading(self, span: tuple[int, int]) -> bool:
        line = self.text[span[0]:span[1]]
        return len(line) <= _rules().heading_max_chars and not re.search(r"[。！？；]", line)

    def _sections(self) -> list[tuple[int, Location]]:
        """(start, place) of headings naming a city: `山东德州：…` governs the paragraphs under it."""
        sections = []
        for span in self.paragraphs:
            if self.is_heading(span):
                places = [p for p in self.places if span[0] <= p.start < span[1]]
                if places:
                    sections.append((span[0], _most_specific(places)))
        return sections

    def section_place(self, pos: int) -> Location | None:
        i = bisect.bisect_right([s for s, _ in self.sections], pos) - 1
        return self.sections[i][1] if i >= 0 else None

    def _main_place(self) -> tuple[str | None, str | None]:
        counts: dict[str, int] = {}
        areas: dict[str, int] = {}
        title_end = self.paragraphs[0][1] if self.paragraphs else 0
        for p in self.places:
            weight = 3 if p.start < title_end else 1
            counts[p.city] = counts.get(p.city, 0) + weight
            area = p.zone or p.district
            if area:
                areas[area] = areas.get(area, 0) + weight
        if not counts:
            return None, None
        city = max(counts, key=counts.get)
        # An article about one zone (孝感高新区) files its figures under that zone: it is in the
        # title, or it is named again and again and more than any other area.
        area = max(areas, key=areas.get) if areas else None
        if area and (areas[area] < 3 or areas[area] < 0.5 * sum(areas.values())):
            area = None
        return city, area

    def facts_between(self, facts: list, start: int, end: int) -> list:
        """Facts of a start-sorted list that start in [start, end)."""
        starts = self._starts.get(id(facts))
        if starts is None:
            starts = self._starts[id(facts)] = [f.start for f in facts]
        return facts[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _most_specific(places: list[Location]) -> Location:
    return max(places, key=lambda p: (p.zone is not None or p.district is not None, p.city is not None))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    breaks = _rules().breaks
    left = start
    while left > 0 and text[left - 1] not in breaks:
        left -= 1
    right = end
    while right < len(text) and text[right] not in breaks:
        right += 1
    return left, right


@lru_cache(maxsize=None)
def _edge_pattern(words: tuple[str, ...], front: bool) -> re.Pattern:
    alternation = "|".join(map(re.escape, words))  # words come longest first
    return re.compile(f"^(?:{alternation})+" if front else f"(?:{alternation})+$")


def _strip_words(name: str, words: tuple[str, ...], front: bool) -> str:
    """`name` without any run of `words` at its front (or end)."""
    return _edge_pattern(words, front).sub("", name, count=1)


def _cut_facts(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> str:
    """Text of [lo, hi) with the given fact spans removed (dates, places, other figures)."""
    out, pos = [], lo
    for s, e in sorted(spans):
        if e <= lo or s >= hi:
            continue
        out.append(text[pos:max(s, pos)])
        pos = max(pos, e)
    out.append(text[pos:hi])
    return "".join(out)


def _name_before(art: _Article, clause_start: int, fig_start: int, blocked: list[tuple[int, int]]) -> str:
    rules = _rules()
    name = _cut_facts(art.text, clause_start, fig_start, blocked).translate(QUOTES).strip()
    name = _strip_words(name, rules.leading, front=True)
    name = _strip_words(name, rules.trailing, front=False)
    return _strip_words(name, rules.leading, front=True)


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    import jieba.posseg

    jieba.posseg.dt.tokenizer.check_initialized()
    return jieba.posseg.dt.word_tag_tab


def _is_verb(word: str) -> bool:
    """A verb proper (推进, 建成); verbal nouns (投资, 发展: vn) name things."""
    return _word_tags().get(word, "") == "v"


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """jieba's dictionary words of `text`; the clauses of an article are segmented for each of
    their figures, so each once."""
    import jieba

    return tuple(jieba.lcut(text, HMM=False))


def _ends_with_verb(name: str) -> bool:
    words = _words(name)
    return bool(words) and _is_verb(words[-1])


def _name_after(art: _Article, fig_end: int, clause_end: int) -> str:
    """The noun phrase after a figure (2个国家级孵化器, 582家企业参与… -> 企业,
    186家技术创新强的数字化转型服务企业 -> the whole phrase)."""
    rules = _rules()
    tail = art.text[fig_end:min(clause_end, fig_end + 30)].translate(QUOTES)
    tail = _strip_words(tail, rules.figure_tails, front=True)
    tail = re.sub(r"^的?\d+(?:\.\d+)?[\u4e00-\u9fff]", "", tail)  # 35亿元的10只产业投资基金 -> 产业投资基金
    tail = tail.removeprefix("的")
    modifier = re.match(r"^[以由在从为对][^，。；、]{0,16}?的", tail)
    if modifier:
        tail = tail[modifier.end():]  # 10个以龙头企业为主导的产业创新联合实验室 -> the noun after 的
    words: list[str] = []
    for word in _words(tail):
        if word in rules.after_stops or not CJK.match(word):
            break
        tag = _word_tags().get(word, "x")
        if words and (word in rules.after_verbs or tag[:1] in ("d", "p", "c") or tag == "ad"):
            break  # a predicate, adverb or preposition ends the noun phrase (…项目正式开工)
        words.append(word)
    while words and words[-1] == "的":
        words.pop()
    return "".join(words)


def _name_for_count(before: str, after: str) -> str:
    """Name of a counted figure from the words before it and the noun after it."""
    rules = _rules()
    has = lambda s: len(CJK.findall(s)) >= 2  # noqa: E731
    if not has(after):
        return before
    if not has(before) or before in rules.empty_names or _ends_with_verb(before):
        return after
    if before.endswith(rules.enumeration_ends):
        return after  # 智能网联…产业集群等4个国家中小企业特色产业集群: the list is examples
    return before + after


def _growth_kind(p: Percentage, context: str) -> str:
    rules = _rules()
    if p.kind == "points":
        return "points"
    metric = (p.metric or "") + context
    if any(w in metric for w in rules.share_words):
        return "share"
    if any(w in metric for w in rules.yoy_words):
        return "yoy"
    return "other"


def _signed(p: Percentage) -> float:
    return -abs(p.value) if p.direction == "down" else p.value


def _figures(doc: Document) -> list[_Figure]:
    figures = [_Figure(a, a.value, "元" if a.currency == "CNY" else a.currency) for a in doc.facts.get("amounts", [])]
    skip_units = _rules().skip_units
    figures += [_Figure(q, q.value, q.unit) for q in doc.facts.get("quantities", []) if q.unit not in skip_units]
    return sorted(figures, key=lambda f: f.fact.start)


def _period(art: _Article, sentence: tuple[int, int], fig_start: int) -> DateSpan | None:
    """The date governing a figure: nearest before it in its sentence, then after it, then
    the paragraph before the sentence; a single day is only a period with 截至."""
    bases = _rules().comparison_base

    def usable(d: DateSpan) -> bool:
        if d.surface.endswith("同期") or any(art.text[max(0, d.start - len(w)):d.start] == w for w in bases):
            return False  # 比上年同期, 较2019年: the base of a comparison, not the figure's period
        return d.granularity != "day" or art.text[max(0, d.start - 2):d.start] == "截至"

    before = [d for d in art.facts_between(art.dates, sentence[0], fig_start) if usable(d)]
    if before:
        return before[-1]
    after = [d for d in art.facts_between(art.dates, fig_start, sentence[1]) if usable(d)]
    if after:
        return after[0]
    para = art.paragraph(fig_start)
    # An earlier sentence passes on only a topic date (2023年，…), not an aside (自2018年落户以来).
    earlier = [d for d in art.facts_between(art.dates, para[0], sentence[0]) if usable(d) and art.is_topic_date(d)]
    if earlier:
        return earlier[-1]
    lead_in = art.list_lead_in(para)
    if lead_in is not None:
        dates = [d for d in art.facts_between(art.dates, lead_in[0], lead_in[1]) if usable(d)]
        return dates[-1] if dates else None
    return None


def _place(art: _Article, clause: tuple[int, int], sentence: tuple[int, int], fig_start: int) -> tuple[str | None, str | None]:
    in_clause = art.facts_between(art.places, clause[0], clause[1])
    in_sentence = art.facts_between(art.places, sentence[0], sentence[1])
    chosen = in_clause or [p for p in in_sentence if p.start < fig_start] or in_sentence
    place = _most_specific(chosen) if chosen else art.section_place(fig_start)
    if place is None:
        return art.main_city, art.main_area
    area = place.zone or place.district
    if area is None:
        # 在襄阳高新区，总投资50亿元的比亚迪襄阳产业园…: the zone named earlier in the sentence
        same_city = [p for p in in_sentence if p.city == place.city and (p.zone or p.district) and p.start < fig_start]
        area = (same_city[-1].zone or same_city[-1].district) if same_city else None
    if area is None and place.city == art.main_city and not in_clause:
        area = art.main_area
    return place.city, area


def _future(lead: str) -> bool:
    """将 + verb/adverb is the future tense of a plan; 将 + noun is 把; 即将/将近 are now."""
    marker = _rules().future_marker
    if marker not in lead:
        return False
    # Segment from just before the first 将, so 即将 stays one word.
    words = _words(lead[max(0, lead.find(marker) - 2):])
    for i, word in enumerate(words):
        if word == marker and i + 1 < len(words):
            tag = _word_tags().get(words[i + 1], "x")
            if tag.startswith(("v", "d", "p")) or tag == "ad":
                return True
    return False


def _is_target(art: _Article, fact, sentence: tuple[int, int], period: DateSpan | None) -> bool:
    """A plan or goal: a target word earlier in the sentence (力争, 预计, 将, 到2026年…),
    or a count or amount for the current year as a whole (今年…开工300个项目)."""
    rules = _rules()
    lead = art.text[sentence[0]:fact.start]
    if any(w in lead for w in rules.target_words) or rules.target_pattern.search(lead) or _future(lead):
        return True
    if isinstance(fact, Percentage) or period is None or art.doc.ref_year is None:
        return False
    current_year = (f"{art.doc.ref_year}-01-01", f"{art.doc.ref_year}-12-31")
    return (period.start_date, period.end_date) == current_year and period.surface in rules.current_year_words


def _subject(art: _Article, sentence: tuple[int, int], clause: tuple[int, int], fig_start: int) -> str | None:
    """The enterprise a figure belongs to: one named earlier in its sentence, or the last one
    named before in the paragraph (or the one before) when the sentence says 该公司/公司."""
    before = art.facts_between(art.enterprises, sentence[0], fig_start)
    if before:
        last = before[-1]
        # A city-wide scope between the company and the figure means the figure is the city's.
        if any(w in art.text[last.end:fig_start] for w in ("全市", "全区", "全县", "全省", "全国")):
            return None
        return last.name
    if not _rules().anaphora.search(art.text, sentence[0], fig_start):
        return None
    i = art.paragraphs.index(art.paragraph(fig_start))
    window_start = art.paragraphs[max(0, i - 1)][0]
    earlier = art.facts_between(art.enterprises, window_start, sentence[0])
    return earlier[-1].name if earlier else None


def extract(doc: Document) -> dict[str, list[Indicator]]:
    """City indicator rows, and the figures of single enterprises kept apart from them."""
    art = _Article(doc)
    text = doc.text
    percentages = sorted(doc.facts.get("percentages", []), key=lambda f: f.start)
    figures = _figures(doc)
    blocked = [(d.start, d.end) for d in art.dates] + [(p.start, p.end) for p in art.places]
    blocked += [(f.fact.start, f.fact.end) for f in figures] + [(p.start, p.end) for p in percentages]
    attached: set[int] = set()
    rows: list[Indicator] = []
    last: Indicator | None = None
    respectively = _respectively_names(text, figures + [_Figure(p, p.value, None) for p in percentages], blocked)
    for fig in figures:
        f = fig.fact
        if _not_an_indicator(art, f):
            continue
        clause = _clause(text, f.start, f.end)
        sentence = sentence_at(doc.sentences, f.start)
        name = respectively.get(f.start) or _figure_name(art, f, clause, figures, blocked)
        if len(CJK.findall(name)) < 2:
            name = last.indicator if last is not None and last.start >= sentence[0] else ""
        if not name:
            continue
        growth = _attached_growth(art, f, sentence, percentages, attached, blocked)
        if growth is None:
            growth, name = _growth_before_total(art, f, name, clause, sentence, percentages, attached, blocked)
        last = _row(art, f, name, fig.value, fig.unit, growth, clause, sentence)
        rows.append(last)
    for p in percentages:
        if p.start in attached or art.is_heading(art.paragraph(p.start)):
            continue
        clause = _clause(text, p.start, p.end)
        sentence = sentence_at(doc.sentences, p.start)
        name = respectively.get(p.start) or _name_before(art, clause[0], p.start, blocked)
        if name.startswith("占") and (previous := _previous_row(rows, p.start, sentence)) is not None:
            name = previous.indicator + name  # 工业投资增长18.7%，占全部投资的比重为42.3%
        if len(CJK.findall(name)) < 2:
            # 比上年上升4.6个百分点: the change of the figure just before, often of its share.
            previous = _previous_row(rows, p.start, sentence)
            name = previous.indicator if previous else None
            context = text[clause[0]:p.start]
            if name and (previous.growth_kind == "share" or _growth_kind(p, context) == "share"):
                name = name if name.endswith(("占比", "比重")) else name + "占比"
        if not name:
            continue
        rows.append(_row(art, p, name, None, None, (p, text[clause[0]:p.start]), clause, sentence))
    rows.sort(key=lambda r: r.start)
    return {
        "indicators": [r for r in rows if r.subject is None],
        "enterprise_indicators": [r for r in rows if r.subject is not None],
    }


def _figure_name(art: _Article, f, clause: tuple[int, int], figures: list[_Figure], blocked) -> str:
    """What a money amount or a count measures, from the words around it."""
    rules = _rules()
    text = art.text
    # Words before the figure, but not those of an earlier figure in the same clause.
    name_start = max([clause[0]] + [g.fact.end for g in figures if clause[0] <= g.fact.end <= f.start])
    before = _name_before(art, name_start, f.start, blocked)
    if text[name_start:f.start].rstrip().endswith(rules.conjunction_ends):
        before = ""  # 510个工作站和1152名服务专员: the words before belong to the first figure
    after = _name_after(art, f.end, clause[1])
    if isinstance(f, Quantity):
        return _name_for_count(before, after)
    has = lambda s: len(CJK.findall(s)) >= 2  # noqa: E731
    if has(after) and text.startswith("的", f.end):
        # 总投资112亿元的思朗科技…项目 -> the project's 总投资; 总规模35亿元的产业投资基金 -> its 总规模
        return after + before if has(before) and not _ends_with_verb(before) else after
    head = _money_head(after)
    if has(after) and head != after or (has(after) and (not has(before) or before in rules.empty_names)):
        # 电子信息产业实现500亿元产值 -> 电子信息产业产值; 按照5年发展到500亿元产值测算 -> 产值
        return before + head if has(before) and _ends_with_noun(before) else head
    return before


def _ends_with_noun(name: str) -> bool:
    words = _words(name)
    return bool(words) and _word_tags().get(words[-1], "").startswith("n")


def _money_head(phrase: str) -> str:
    """The phrase up to its first money noun (产值测算 -> 产值, 产业投资基金支持 -> 产业投资基金);
    the phrase itself when it has none."""
    heads = _rules().money_heads
    ends = [phrase.find(h) + len(h) for h in heads if h in phrase]
    return phrase[:min(ends)] if ends else phrase


def _not_an_indicator(art: _Article, f) -> bool:
    """Headings restate the body; ranks, rates and comparisons are not a city's figures."""
    rules = _rules()
    text = art.text
    if art.is_heading(art.paragraph(f.start)):
        return True
    if any(text[max(0, f.start - len(w)):f.start] == w for w in rules.skip_before):
        return True
    if f.start > 0 and text[f.start - 1] in "“\"‘《「":
        return True  # the figure opens a name: “十项行动”, “一月一链”
    if isinstance(f, Quantity) and not re.search(r"\d", f.surface):
        return True  # 十项行动, 三道大关: Chinese-numeral counts name things, statistics use digits
    if isinstance(f, Amount) and rules.threshold_after.match(text, f.end):
        return True  # 10亿元以上工业重大项目: a threshold inside a category name
    clause_start = _clause(text, f.start, f.end)[0]
    if rules.delta_before.search(text, clause_start, f.start):
        return True  # 比年初增加412.3亿元: a change against a base, not a level
    if isinstance(f, Quantity) and text.startswith(rules.skip_after, f.end):
        return True  # 6个方面: aspects of a plan, not a quantity of the economy
    clause = _clause(text, f.start, f.end)
    rest = text[f.end:clause[1]]
    # 在全国178个国家级高新区中(排名第70位): the set something is ranked in, not a figure
    return any(w in rest for w in rules.rank_words) or (rest.endswith("中") and text[clause[0]:f.start].startswith("在"))


def _respectively_names(text: str, figures: list[_Figure], blocked: list[tuple[int, int]]) -> dict[int, str]:
    """`A、B、C，总数分别增至201条、102个、20家`: the i-th figure is named by the i-th item."""
    names: dict[int, str] = {}
    for m in re.finditer(r"分别", text):
        after = sorted((f for f in figures if m.end() <= f.fact.start <= m.end() + 40), key=lambda f: f.fact.start)
        # 分别占国内市场的10%和20%: what every item has in common, between 分别 and the figures
        shared = _strip_words(text[m.end():after[0].fact.start].translate(QUOTES), _rules().trailing, front=False) if after else ""
        head_start = max(text.rfind(c, 0, m.start()) for c in "。；：\n") + 1
        chunks = re.split(r"[，,]", _cut_facts(text, head_start, m.start(), blocked))
        listing = next((c for c in reversed(chunks) if "、" in c or "和" in c), None)
        if listing is None:
            continue
        listing = _strip_words(listing.translate(QUOTES), _rules().leading, front=True)
        items = [_strip_words(i, _rules().trailing, front=False) for i in re.split(r"[、和及与]", listing) if i]
        if len(items) < 2 or len(after) < len(items):
            continue
        for fig, item in zip(after, items):
            names[fig.fact.start] = item + shared if isinstance(fig.fact, Percentage) else item
    return names


def _growth_before_total(art, f, name, clause, sentence, percentages, attached, blocked):
    """人工智能企业数增长35%，总数达650家: the growth stated before a total belongs to it,
    and so does the name the growth was given."""
    if name not in _rules().generic_totals:
        return None, name
    earlier = [p for p in percentages if sentence[0] <= p.start < clause[0] and p.start not in attached]
    if not earlier:
        return None, name
    p = earlier[-1]
    between = art.text[p.end:f.start]
    if re.search(r"\d", between) or between.count("，") + between.count(",") > 1:
        return None, name
    p_clause = _clause(art.text, p.start, p.end)
    owner = _name_before(art, p_clause[0], p.start, blocked)
    if len(CJK.findall(owner)) < 2:
        return None, name
    attached.add(p.start)
    return (p, art.text[p_clause[0]:p.start]), owner


def _previous_row(rows: list[Indicator], pos: int, sentence: tuple[int, int]) -> Indicator | None:
    earlier = [r for r in rows if sentence[0] <= r.start < pos]
    return max(earlier, key=lambda r: r.start) if earlier else None


def _attached_growth(art, fig, sentence, percentages, attached, blocked) -> tuple[Percentage, str] | None:
    """A growth rate or share written after a figure (119.2亿元、增长19.1%; 399个，占比77.8%;
    2780.5亿元，按不变价格计算，同比增长8.6%): the next clause, or a later one of the
    sentence when no other figure comes between and the rate's clause names nothing else."""
    text = art.text
    for p in percentages:
        if p.start < fig.end or p.start in attached:
            continue
        if p.start >= sentence[1] or p.kind == "points":
            return None
        between = text[fig.end:p.start]
        if re.search(r"\d", between):
            return None
        breaks = sum(between.count(c) for c in "，、,")
        if breaks > 1:
            p_clause = _clause(text, p.start, p.end)
            if breaks > 3 or len(CJK.findall(_name_before(art, p_clause[0], p.start, blocked))) >= 2:
                return None
        attached.add(p.start)
        return p, between
    return None


def _row(art, fact, name, value, unit, growth, clause, sentence) -> Indicator:
    city, area = _place(art, clause, sentence, fact.start)
    period = _period(art, sentence, fact.start)
    growth_pct = growth_kind = None
    if growth is not None:
        p, context = growth
        growth_pct, growth_kind = _signed(p), _growth_kind(p, context)
    return Indicator(
        start=fact.start, end=fact.end, surface=fact.surface,
        city=city, area=area, indicator=name, value=value, unit=unit,
        growth_pct=growth_pct, growth_kind=growth_kind,
        period_start=period.start_date if period else None, period_end=period.end_date if period else None,
        is_target=_is_target(art, fact, sentence, period),
        subject=_subject(art, sentence, clause, fact.start),
    )
