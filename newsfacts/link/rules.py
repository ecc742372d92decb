"""What the linking modules share: patterns/indicators.yaml compiled once, and text helpers
(clauses, word lists stripped from a phrase's edges, jieba words and their tags)."""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from functools import lru_cache
from types import SimpleNamespace

from ..extract.numbers import digit_joiner_positions
from ..patterns import load_yaml

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTES = str.maketrans("", "", "“”\"‘’'《》「」")


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _alternation(patterns) -> re.Pattern:
    return re.compile("|".join(patterns))


def _word_alternation(words) -> re.Pattern:
    """One regex finding any of the words (longest first)."""
    return re.compile("|".join(map(re.escape, _longest_first(words))))


def _pairs(pairs) -> tuple[tuple[str, str], ...]:
    """[[opening, closing], ...] frames: the word before and the word after."""
    return tuple(map(tuple, pairs))


# Attribute of the compiled rules -> (key in patterns/indicators.yaml, how it is compiled).
_RULE_FIELDS = {
    "breaks": ("clause_breaks", frozenset), "leading": ("leading_words", _longest_first),
    "trailing": ("trailing_words", _longest_first), "inner_verbs": ("inner_verbs", frozenset),
    "place_tail_chars": ("place_tail_chars", tuple),
    "empty_names": ("empty_names", frozenset),
    "share_words": ("share_words", tuple), "yoy_words": ("yoy_words", tuple), "base_year": ("base_year", re.compile),
    "skip_before": ("skip_before", _longest_first), "skip_units": ("skip_units", frozenset),
    "target_words": ("target_words", tuple), "target_pattern": ("target_patterns", _alternation),
    "achieved_goal": ("achieved_goal", re.compile),
    "current_year_words": ("current_year_words", frozenset),
    "future_marker": ("future_marker", str),
    "anaphora": ("enterprise_anaphora", re.compile), "reporting_company_words": ("reporting_company_words", tuple),
    "heading_max_chars": ("heading_max_chars", int),
    "not_heading": ("not_heading", re.compile), "name_asides": ("name_asides", re.compile),
    "phrase_gap": ("phrase_gap", re.compile),
    "list_marker": ("list_marker", re.compile), "after_stops": ("after_stops", frozenset),
    "after_verbs": ("after_verbs", frozenset), "figure_tails": ("figure_tails", _longest_first),
    "enumeration_ends": ("enumeration_ends", tuple), "conjunction_ends": ("conjunction_ends", tuple),
    "example_categories": ("example_categories", tuple),
    "rank_words": ("rank_words", tuple), "set_frames": ("set_frames", _pairs),
    "partner_frames": ("partner_frames", _pairs), "partner_place_before": ("partner_place_before", tuple),
    "company_place_links": ("company_place_links", frozenset),
    "founding_before": ("founding_before", _longest_first), "change_from_words": ("change_from_words", frozenset),
    "held_by_level": ("held_by_level", tuple), "target_noun_phrases": ("target_noun_phrases", tuple),
    "target_word_re": ("target_words", _word_alternation), "in_year_words": ("in_year_words", frozenset),
    "list_heads": ("list_heads", _longest_first), "list_joiners": ("list_joiners", str),
    "declaration_left": ("declaration_left", re.compile),
    "list_joiner_re": ("list_joiners", lambda chars: re.compile(f"[{re.escape(chars)}]")),
    "source_frames": ("source_frames", _pairs),
    "served_frames": ("served_frames", _pairs),
    "company_joiners": ("company_joiners", frozenset), "topic_date_after": ("topic_date_after", tuple),
    "driver_verbs": ("driver_verbs", tuple), "facility_after_place": ("facility_after_place", _longest_first),
    "event_words": ("event_words", tuple), "attendance_verbs": ("attendance_verbs", tuple),
    "phrase_breaks": ("phrase_breaks", str), "subject_stops": ("subject_stops", str),
    "latin_term": ("latin_term", re.compile), "generic_totals": ("generic_totals", frozenset),
    "increment_words": ("increment_words", _longest_first), "cumulative_words": ("cumulative_words", tuple),
    "conversion_before": ("conversion_before", _longest_first), "bare_rate_names": ("bare_rate_names", frozenset),
    "ratio_names": ("ratio_names", frozenset),
    "comparison_leads": ("comparison_leads", _longest_first), "rate_word": ("rate_word", str),
    "share_leads": ("share_leads", _longest_first), "share_of_whole": ("share_of_whole", re.compile),
    "bare_list_verbs": ("bare_list_verbs", frozenset), "comma_names": ("comma_names", _longest_first),
    "rate_list_gap": ("rate_list_gap", re.compile),
    "respectively": ("respectively", lambda word: re.compile(re.escape(word))),
    "place_count": ("place_count", re.compile),
    "respectively_sentence_leads": ("respectively_sentence_leads", tuple),
    "money_heads": ("money_heads", tuple), "skip_after": ("skip_after", tuple),
    "threshold_after": ("threshold_after", re.compile), "threshold_of_noun": ("threshold_of_noun", str),
    "noun_before_count": ("noun_before_count", re.compile), "ratio_between": ("ratio_between", re.compile),
    "ratio_after_noun": ("ratio_after_noun", frozenset),
    "shared_head_count": ("shared_head_count", re.compile), "delta_before": ("delta_before", re.compile),
    "city_scopes": ("city_scopes", tuple), "citywide_words": ("citywide_words", tuple),
    "county_city_suffix": ("county_city_suffix", str),
    "wider_scopes": ("wider_scopes", _alternation),
    "scope_leads": ("scope_leads", _longest_first), "scope_honours": ("scope_honours", tuple),
    "continuation_leads": ("continuation_leads", tuple), "breakdown_lead": ("breakdown_lead", re.compile),
    "topic_lead": ("topic_lead", re.compile), "list_reach": ("list_reach", int), "other_growth_words": ("other_growth_words", tuple),
    "table_columns": ("table_columns", lambda roles: {role: tuple(names) for role, names in roles.items()}),
    "table_name_leads": ("table_name_leads", tuple),
    "example_frames": ("example_frames", _pairs),
    "quote_open": ("quote_open", str), "quote_close": ("quote_close", str), "speaker_gap": ("speaker_gap", int),
    "quote_reach": ("quote_reach", int),
}


@lru_cache(maxsize=1)
def link_rules() -> SimpleNamespace:
    """patterns/indicators.yaml, compiled once: word lists longest first, patterns compiled."""
    data = load_yaml("indicators.yaml")
    rules = SimpleNamespace(**{attr: compile_(data[key]) for attr, (key, compile_) in _RULE_FIELDS.items()})
    dates = load_yaml("dates.yaml")
    rules.target_prefixes = tuple(dates["target_prefixes"])  # 到2025年: a plan's horizon
    rules.same_period = tuple(dates["same_period_words"])  # 上年同期: a comparison's base
    rules.comparison_base = tuple(dates["comparison_before"])  # 比上年, 较2019年: the same
    rules.year_start_months = int(dates["year_start_months"])  # 今年's counts are plans in them
    rules.count_units = frozenset(load_yaml("quantities.yaml")["count"])  # 个, 家: counts of things, not measures
    rules.kept_rate_words = rules.bare_rate_names | rules.ratio_names  # a name's cut end makes them whole
    # a table's column name is at most this long, even spaced out (比 上 年 增 长)
    rules.table_name_limit = 2 * max(len(name) for names in rules.table_columns.values() for name in names)
    return rules


def names_something(name: str) -> bool:
    """Two Chinese characters or a Latin abbreviation (GDP增长5.5%): enough to name a figure."""
    return len(CJK.findall(name)) >= 2 or link_rules().latin_term.search(name) is not None


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[left, right) of the clause holding text[start:end], between clause breaks."""
    return _between_marks(_mark_positions(text, link_rules().breaks), start, end, len(text))


def phrase_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[left, right) of the phrase holding text[start:end]: between commas and sentence marks
    (indicators.yaml phrase_breaks), wider than a clause (、 and brackets do not end it)."""
    return _between_marks(_mark_positions(text, link_rules().phrase_breaks), start, end, len(text))


def full_stop_before(text: str, pos: int) -> int:
    """Just after the last subject stop (。！？, indicators.yaml) before `pos`, 0 if none:
    where the sentence began that clauses after a ； continue."""
    return _between_marks(_mark_positions(text, link_rules().subject_stops), pos, pos, len(text))[0]


def _between_marks(marks: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    before = bisect.bisect_left(marks, start)
    after = bisect.bisect_left(marks, end)
    return (marks[before - 1] + 1 if before else 0), (marks[after] if after < len(marks) else length)


@lru_cache(maxsize=12)
def _mark_positions(text: str, marks: Iterable[str]) -> list[int]:
    """Offsets of `marks` in an article (its figures ask for their clauses many times), but not
    the comma of 1,200 nor the colon of 10:30."""
    positions = [m.start() for m in _mark_pattern(marks).finditer(text)]
    joiners = digit_joiner_positions(text)
    return [p for p in positions if p not in joiners] if joiners else positions


@lru_cache(maxsize=None)
def _mark_pattern(marks: Iterable[str]) -> re.Pattern:
    return re.compile("[" + re.escape("".join(sorted(marks))) + "]")


@lru_cache(maxsize=None)
def _edge_pattern(words: tuple[str, ...], front: bool) -> re.Pattern:
    alternation = "|".join(map(re.escape, words))  # words come longest first
    return re.compile(f"^(?:{alternation})+" if front else f"(?:{alternation})+$")


def strip_words(name: str, words: tuple[str, ...], front: bool) -> str:
    """`name` without any run of `words` at its front (or end)."""
    return _edge_pattern(words, front).sub("", name, count=1)


def strip_whole_words(name: str, words: tuple[str, ...], front: bool) -> str:
    """`strip_words`, cutting only between jieba's words: 达产后年产值 keeps its 达 (达产),
    全市工业投资 loses 全市."""
    pattern = _word_pattern(words, front)
    cuts = []  # after each word of the run (front), or before each (end)
    pos = 0 if front else len(name)
    while (m := pattern.match(name, pos) if front else pattern.search(name, 0, pos)) and (m.end() - m.start()):
        pos = m.end() if front else m.start()
        cuts.append(pos)
    if not cuts:
        return name
    boundaries: set[int] | None = None
    for cut in reversed(cuts):
        if not _word_across(name, cut):
            break  # no dictionary word runs across the cut: every segmentation has a boundary there
        if boundaries is None:
            boundaries = set(itertools.accumulate(map(len, segment(name))))
        if cut in boundaries:
            break
    else:
        return name
    return name[cut:] if front else name[:cut]


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], int]:
    """jieba's word counts (every prefix of a word is in it, with count 0) and its longest word."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ, max(map(len, jieba.dt.FREQ))


def _word_across(name: str, cut: int) -> bool:
    """Does a dictionary word of `name` start before `cut` and end after it? If none does and a
    Chinese character stands on either side (as beside every edge word), jieba's segmentation
    has a boundary there (test_indicators checks this on the seed articles)."""
    freq, longest = _dictionary()
    for i in range(cut - 1, max(-1, cut - longest), -1):
        if name[i:cut] not in freq:
            continue  # no word starts with name[i:cut]
        for j in range(cut + 1, min(len(name), i + longest) + 1):
            count = freq.get(name[i:j])
            if count is None:
                break
            if count:
                return True
    return False


@lru_cache(maxsize=None)
def _word_pattern(words: tuple[str, ...], front: bool) -> re.Pattern:
    """One of `words` (longest first): at a position (front), or ending where a search stops (end)."""
    alternation = "|".join(map(re.escape, words))
    return re.compile(f"(?:{alternation})" if front else f"(?:{alternation})$")


class FactSpans:
    """The (start, end) spans of an article's facts, sorted, for `cut_facts`."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        # reach[i]: the furthest end among spans[:i + 1]. The spans before the first reach past
        # `lo` all end by `lo`, so a cut skips them by bisection instead of walking from the
        # article's start for every figure (quadratic in the figures of a long article).
        self.reach = list(itertools.accumulate((end for _, end in self.spans), max))


def cut_facts(text: str, lo: int, hi: int, facts: FactSpans) -> str:
    """Text of [lo, hi) with the given fact spans (dates, places, other figures) removed."""
    out, pos = [], lo
    spans = facts.spans
    for i in range(bisect.bisect_right(facts.reach, lo), len(spans)):
        s, e = spans[i]
        if s >= hi:
            break
        if e <= lo:
            continue
        out.append(text[pos:max(s, pos)])
        pos = max(pos, e)
    out.append(text[pos:hi])
    return "".join(out)


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    import jieba.posseg

    jieba.posseg.dt.tokenizer.check_initialized()
    return jieba.posseg.dt.word_tag_tab


@lru_cache(maxsize=8192)
def segment(text: str) -> tuple[str, ...]:
    """jieba's dictionary words of `text`; the clauses of an article are segmented for each of
    their figures, so each once."""
    import jieba

    return tuple(jieba.lcut(text, HMM=False))
