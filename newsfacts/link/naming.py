"""What a figure measures: the words before it in its clause, the noun it counts, or the
item of a `分别` list it stands for."""
from __future__ import annotations

import bisect
import re

from ..extract.numbers import find_numbers
from ..facts import Percentage, Quantity
from .article import Article, Figure
from .rules import (CJK, QUOTES, FactSpans, clause_span, cut_facts, full_stop_before, link_rules, names_something,
                    segment, strip_whole_words, strip_words, word_tags)


def name_before(art: Article, clause_start: int, fig_start: int, blocked: FactSpans) -> str:
    rules = link_rules()
    name = cut_facts(art.text, clause_start, fig_start, blocked)
    name = rules.phrase_gap.split(rules.name_asides.sub("", name))[-1].translate(QUOTES)
    name = _SYMBOLS_AT_EDGES.sub("", name)  # ✅规上工业增加值, ▶ 数据看点
    # Leading words are cut at word boundaries (有色金属 keeps 有); trailing ones are not: there
    # jieba glues a preposition to the word before once the base after it is cut out
    # (价格比|上年|上涨 -> 价格比), and a listed word at a name's end is seldom part of another.
    name = strip_whole_words(name, rules.leading, front=True)
    respectively = rules.respectively.search(name)
    if respectively:
        # 孝感市和黄冈市规上工业增加值分别增长9.2%和|8.4%: what both are; 长沙市、株洲市分别增长…:
        # nothing (the list's figures take the name before it)
        listed, measure = name[:respectively.start()], name[respectively.end():]
        counted = rules.place_count.match(listed)
        if counted:  # 两市|规上工业总产值分别达到…: the places are the list's items
            listed = listed[counted.end():]
        # 1月、2月、3月全市分别进出口81.3亿元…: what the items have in common comes after 分别
        # (not a rate's verb: 分别增长4.8%和|5.1%)
        measure = strip_words(measure, rules.trailing, front=False)
        if any(word in measure for word in rules.yoy_words) or not names_something(measure) \
                or "、" in measure or rules.list_joiner_re.search(measure):  # 分别为72.4%和|68.9%: figures cut out
            name = listed
        elif names_something(listed):
            name = listed + measure  # 规上工业分别实现营业收入… -> 规上工业(实现)营业收入
        else:
            name = measure
    name = _rate_word_kept(name, strip_words(name, rules.trailing, front=False), rules.kept_rate_words)
    name = _without_inner_verbs(strip_whole_words(_after_examples(name), rules.leading, front=True))
    for held in rules.held_by_level:  # 青岛市|属企业: the place took the 市 of 市属企业
        if name.startswith(held[1:]) and art.text.find(held, clause_start, fig_start) >= 0:
            name = held[0] + name
            break
    return _whole_class_name(art.text, clause_start, _before_change_from(name))


def _before_change_from(name: str) -> str:
    """本地配套率由(2021年的不足15%)提升至(目前的45%): what changes is named before 由/从."""
    if "由" not in name and "从" not in name:
        return name
    words = segment(name)
    for i, word in enumerate(words[1:], 1):
        if word in link_rules().change_from_words:
            if tuple(words[i + 1:i + 2]) == ("以",):  # 一宗地块由(保利发展)以成交总价23.8亿元竞得: the price
                right = "".join(words[i + 2:])
                return right if names_something(right) else name
            left = "".join(words[:i])
            return left if names_something(left) else name
    return name


def _whole_class_name(text: str, clause_start: int, name: str) -> str:
    """电力、热力、燃气及水生产和供应业: a statistics class whose name the clause's 、 cut."""
    if not clause_start or text[clause_start - 1] != "、":
        return name
    for whole in link_rules().comma_names:
        head, _, last = whole.rpartition("、")
        if name.startswith(last) and text.endswith(head + "、", 0, clause_start):
            return head + "、" + name
    return name


def _without_inner_verbs(name: str) -> str:
    """汽车产业实现产值 -> 汽车产业产值: the verb between subject and measure, a word of its own."""
    verbs = link_rules().inner_verbs
    if not any(verb in name for verb in verbs):
        return name
    kept = "".join(word for word in segment(name) if word not in verbs)
    return kept if names_something(kept) else name


_SYMBOLS_AT_EDGES = re.compile(r"^(?:[0-9#*]\ufe0f?\u20e3|[^\w%])+|[^\w%]+$")  # keycaps too: 1️⃣ 第一产业


def _after_examples(name: str) -> str:
    """What a name says after the examples that lead it: 中国科学院病毒研究所等高校院所与企业共建
    联合实验室 -> 高校院所与企业共建联合实验室 (等 as a word of its own, not 等级), unless
    they fill a category (装备制造等领域…)."""
    rules = link_rules()
    ends = rules.enumeration_ends
    if not any(word in name for word in ends):
        return name
    pos, cut = 0, 0
    for word in segment(name):
        pos += len(word)
        if word in ends:
            cut = pos
    rest = name[cut:]
    return rest if names_something(rest) and not rest.startswith(rules.example_categories) else name


def _rate_word_kept(name: str, stripped: str, rate_words) -> str:
    """`stripped` (a prefix of `name`) with a rate word the cut split made whole again:
    占比超过 loses 超过 and 比 (which ends comparisons: 价格比), but keeps 占比."""
    rest = name[len(stripped):]
    if not rest:
        return stripped
    for word in rate_words:
        for k in range(1, len(word)):
            if stripped.endswith(word[:k]) and rest.startswith(word[k:]):
                return stripped + word[k:]
    return stripped


def is_verb(word: str) -> bool:
    """A verb proper (推进, 建成); verbal nouns (投资, 发展: vn) name things."""
    return word_tags().get(word, "") == "v"


def ends_with_verb(name: str) -> bool:
    words = segment(name)
    return bool(words) and is_verb(words[-1])


def ends_with_noun(name: str) -> bool:
    words = segment(name)
    return bool(words) and word_tags().get(words[-1], "").startswith("n")


def name_after(art: Article, fig_end: int, clause_end: int) -> str:
    """The noun phrase after a figure (2个国家级孵化器, 582家企业参与… -> 企业,
    186家技术创新强的数字化转型服务企业 -> the whole phrase)."""
    rules = link_rules()
    tail = art.text[fig_end:min(clause_end, fig_end + 30)].translate(QUOTES)
    tail = strip_words(tail, rules.figure_tails, front=True)
    bound = _category_bound(tail)  # 28个|亿元以上重大项目: the category's bound stays in its name
    if bound:
        rest = _noun_phrase(tail[len(bound):], rules)
        return bound + rest if rest else ""
    tail = re.sub(r"^的?\d+(?:\.\d+)?[\u4e00-\u9fff]", "", tail)  # 35亿元的10只产业投资基金 -> 产业投资基金
    return _noun_phrase(tail.removeprefix("的"), rules)


def _category_bound(tail: str) -> str:
    """An amount opening `tail` that bounds a category (亿元以上, 10亿元以上: indicators.yaml
    threshold_after), read by the number engine; "" when there is none."""
    lead = next(iter(find_numbers(tail)), None)
    if lead is None or lead.start != 0 or lead.kind != "money":
        return ""
    threshold = link_rules().threshold_after.match(tail, lead.end)
    if threshold is None or threshold.group().endswith("之间"):
        return ""
    return tail[:threshold.end() - 1]  # the bound without the noun's first character


def _noun_phrase(tail: str, rules) -> str:
    """The noun phrase opening `tail`, as jieba's words (a predicate, adverb or preposition ends it)."""
    modifier = re.match(r"^[以由在从为对][^，。；、]{0,16}?的", tail)
    if modifier:
        tail = tail[modifier.end():]  # 10个以龙头企业为主导的产业创新联合实验室 -> the noun after 的
    words: list[str] = []
    for word in segment(tail):
        if word in rules.after_stops or not CJK.match(word):
            break
        tag = word_tags().get(word, "x")
        if words and (word in rules.after_verbs or tag[:1] in ("d", "p", "c") or tag == "ad"):
            break  # a predicate, adverb or preposition ends the noun phrase (…项目正式开工)
        words.append(word)
    while words and words[-1] == "的":
        words.pop()
    if len(words) > 1 and tail[len("".join(words)):][:1].isdigit():
        words.pop()  # 28个项目总投资426亿元: (总)投资 names the next figure
        while len(words) > 1 and len(words[-1]) == 1:
            words.pop()
    return "".join(words)


def name_for_count(before: str, after: str) -> str:
    """Name of a counted figure from the words before it and the noun after it."""
    rules = link_rules()
    if not names_something(after):
        return before
    if not names_something(before) or before in rules.empty_names or ends_with_verb(before):
        return after
    if before.endswith(rules.enumeration_ends):
        return after  # 智能网联…产业集群等4个国家中小企业特色产业集群: the list is examples
    return before + after


def figure_name(art: Article, f, clause: tuple[int, int], figure_ends: list[int], blocked: FactSpans) -> str:
    """What a money amount or a count measures, from the words around it (`figure_ends`: where
    the article's figures end, sorted)."""
    rules = link_rules()
    text = art.text
    # Words before the figure, but not those of an earlier figure in the same clause.
    i = bisect.bisect_right(figure_ends, f.start) - 1
    name_start = figure_ends[i] if i >= 0 and figure_ends[i] >= clause[0] else clause[0]
    before = name_before(art, name_start, f.start, blocked)
    if text[name_start:f.start].rstrip().endswith(rules.conjunction_ends):
        before = ""  # 510个工作站和1152名服务专员: the words before belong to the first figure
    after = name_after(art, f.end, clause[1])
    if isinstance(f, Quantity):
        return name_for_count(before, after)
    if names_something(after) and text.startswith("的", f.end):
        # 总投资112亿元的思朗科技…项目 -> the project's 总投资; 总规模35亿元的产业投资基金 -> its 总规模
        return after + before if names_something(before) and not ends_with_verb(before) else after
    head = money_head(after)
    named_before = names_something(before) and before not in rules.empty_names
    if names_something(after) and (head != after or not named_before):
        # 电子信息产业实现500亿元产值 -> 电子信息产业产值; 按照5年发展到500亿元产值测算 -> 产值
        return before + head if names_something(before) and ends_with_noun(before) else head
    return before


def money_head(phrase: str) -> str:
    """The phrase up to its first money noun (产值测算 -> 产值, 产业投资基金支持 -> 产业投资基金);
    the phrase itself when it has none."""
    heads = link_rules().money_heads
    ends = [phrase.find(h) + len(h) for h in heads if h in phrase]
    return phrase[:min(ends)] if ends else phrase


def respectively_names(text: str, figures: list[Figure], blocked: FactSpans) -> dict[int, str]:
    """`A、B、C，总数分别增至201条、102个、20家`: the i-th figure is named by the i-th item."""
    names: dict[int, str] = {}
    ordered = sorted(figures, key=lambda f: f.fact.start)
    starts = [f.fact.start for f in ordered]
    for m in link_rules().respectively.finditer(text):
        after = ordered[bisect.bisect_left(starts, m.end()):bisect.bisect_right(starts, m.end() + 40)]
        # 分别占国内市场的10%和20%: what every item has in common, between 分别 and the figures
        shared = ""
        if after:
            shared = strip_words(text[m.end():after[0].fact.start].translate(QUOTES), link_rules().trailing, front=False)
        reach = max(0, m.start() - link_rules().list_reach)  # a long sentence stays linear
        stop = max(text.rfind(c, reach, m.start()) for c in "。；：\n")
        head_start = stop + 1 if stop >= 0 else reach
        chunks = re.split(r"[，,]", cut_facts(text, head_start, m.start(), blocked))
        listing = next((c for c in reversed(chunks) if "、" in c or "和" in c), None)
        if listing is None:
            continue
        listing = strip_words(link_rules().declaration_left.sub("", listing).translate(QUOTES), link_rules().leading,
                              front=True)
        parts = _list_items(listing, len(after))
        items = [strip_words(i, link_rules().trailing, front=False) for i in parts if i]
        if len(items) == 1 and len(parts) >= 2 and not any(parts[:-1]) and not chunks[-1].strip() \
                and len(after) >= len(parts):
            # 济南市、青岛市、烟台市入选数量位列前三，分别为226家、…: places (cut out) and what they
            # share, said after 分别 if anywhere (玄武区、鼓楼区依托高校资源，分别转化科技成果412项、…)
            shared_name = shared if names_something(shared) else _before_rank(items[0])
            if names_something(shared_name):
                names.update((fig.fact.start, shared_name) for fig in after[:len(parts)])
            continue
        if len(items) < 2 or len(after) < len(items):
            continue
        count = link_rules().shared_head_count.search(items[-1])
        if count and count.start() > 0 and count.end() < len(items[-1]):
            head = items[-1][count.end():]  # 人工智能三大新兴产业产值 -> 人工智能 + 新兴产业产值
            items = [item + head for item in [*items[:-1], items[-1][:count.start()]]]
        else:
            items = _with_shared_head(items)
        for fig, item in zip(after, items):
            names[fig.fact.start] = item + shared if isinstance(fig.fact, Percentage) else item
    return names


_CJK_ONLY = re.compile(CJK.pattern + "+")


def _with_shared_head(items: list[str]) -> list[str]:
    """The head the last item of a list ends with is every item's: a measure word listed in
    indicators.yaml list_heads (新能源汽车、工业机器人、集成电路产量 -> …产量), or what follows
    one-word items of the same length (城镇和农村常住居民人均可支配收入)."""
    first, last = items[:-1], items[-1]
    head = next((h for h in link_rules().list_heads if last.endswith(h) and len(last) > len(h) + 1), None)
    if head is not None:
        return [item if item.endswith(head) else item + head for item in first] + [last]
    n = len(first[0])
    if n > 3 or any(len(item) != n for item in first) or len(last) <= n + 1 or not _CJK_ONLY.fullmatch(last):
        return items
    words = segment(last)
    if len(words[0]) != n or not all(len(segment(item)) == 1 for item in first):
        return items
    head = last[n:]
    return [item + head for item in first] + [last]


def _list_items(listing: str, figures: int) -> list[str]:
    """The items of a list: apart by 、, and by 和/及/与 only where the 、 leave fewer items than
    figures (家用电器和音像器材、化妆品 are two; 汽车制造业和电子 are two)."""
    parts = listing.split("、")
    while len(parts) < figures:
        more = link_rules().list_joiner_re.split(parts[-1], maxsplit=1)
        if len(more) < 2:
            break
        parts[-1:] = more
    return parts


def _before_rank(name: str) -> str:
    """入选数量位列前三 -> 入选数量: a rank said after a name is no part of it."""
    cuts = [name.find(word) for word in link_rules().rank_words if name.find(word) > 0]
    return name[:min(cuts)] if cuts else name


def topic_of_list(art: Article, sentence: tuple[int, int], pos: int, facts: list, blocked: FactSpans) -> str:
    """A figure without a name of its own, in a breakdown (分设区市看，赣州市增长8.9%) or after
    a place or a period as its subject (…4803.2亿元，增长6.3%；襄阳市1318.6亿元; 荆州市、黄冈市
    分别增长6.9%、6.2%; …增长6.7%；前三季度增长7.1%), measures what the first named figure
    before it does: earlier in its sentence (up to its last 。, across ；), else in the sentence
    before (`facts`: figures and rates, start-sorted). A topic set before (规上工业增加值方面，)
    names it outright."""
    rules = link_rules()
    text = art.text
    # not back into a title, nor further than a list reaches (a long paragraph stays linear)
    start = max(art.paragraph(sentence[0])[0], full_stop_before(text, sentence[0]), pos - rules.list_reach)
    topic = rules.topic_lead.search(text, start, pos)
    if topic is not None and topic["topic"]:
        return topic["topic"]  # 规上工业增加值方面，全市同比增长6.9%
    # 从地区生产总值看，雨花区以1036.5亿元居首: the topic, unless a figure before names it more
    # fully (从规上工业看，全省规上工业增加值增长7.2%，其中，十堰…分别增长…)
    seen = topic["seen"] if topic is not None else ""
    clause_start = clause_span(text, pos, pos)[0]
    places = art.facts_between(art.places, clause_start, pos)
    place_subject = bool(places) and (not text[clause_start:places[0].start].strip() or art.opens_clause(places[0].start))
    dates = art.facts_between(art.dates, clause_start, pos)
    date_subject = bool(dates) and art.opens_clause(dates[0].start)  # ；前三季度增长7.1%, 其中3月当月增长27.4%
    if not (place_subject or date_subject) and rules.breakdown_lead.search(text, start, pos) is None:
        return seen
    regions = [(start, clause_start)]
    if start > 0:
        regions.append((max(art.previous_sentence_start(start), start - 1 - rules.list_reach), start))
    for region_start, region_end in regions:
        for fact in art.facts_between(facts, region_start, region_end):
            name = art.own_names.get(fact.start)
            if name is None:  # each figure's own name once per article: lists ask again and again
                name = art.own_names[fact.start] = name_before(art, clause_span(text, fact.start, fact.end)[0],
                                                                fact.start, blocked)
            if (names_something(name) and name not in rules.bare_rate_names
                    and not name.startswith(rules.comparison_leads)):
                return name
    return seen
