"""Dates and periods that can be pinned to calendar days.

`extract(doc)` finds every date or period in `doc.text` (7月6日, 2023-07-07,
1—5月, 前4月, 今年上半年, 去年10月, 到2026年, 5月底, 8月31日至9月1日, ...) and
returns `DateSpan`s with inclusive ISO `start_date`/`end_date`, a granularity
and whether the reference year or date was needed to pin it.

How it works: the vocabulary in patterns/dates.yaml is compiled once into one
regular expression, one named branch per strategy, in the configured order
(compound forms before their parts). One left-to-right pass finds the
mentions; each is resolved by its strategy. Years missing from a mention come
from, in order:
  - the year written in the same sentence before it (2021年5月签约，8月投产),
  - for anaphoric words (上年, 年底, 全年, 同期) the year the paragraph is
    talking about (2023年……比上年多35个 -> 2022),
  - else `doc.ref_year` (or the year of `doc.published_at`).
Numerals are read only by `numbers.parse_number`.
"""
from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsfacts.extract.numbers import parse_number
from newsfacts.facts import DateSpan, Document
from newsfacts.patterns import load_yaml

_SENTENCE_END = re.compile(r"[。！？!?]|\n")
_PARAGRAPH_END = re.compile(r"\n")


# --------------------------------------------------------------------------
# Compiling the vocabulary into one pattern


def _alt(words) -> str:
    """Alternation of literal words, longest first so 年底 wins over 底."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _own_groups(branch: str, source: str) -> str:
    """Prefix the branch's group names (y -> month__y): `re` wants them unique."""
    source = re.sub(r"\(\?P<(\w+)>", rf"(?P<{branch}__\1>", source)
    return re.sub(r"\(\?P=(\w+)\)", rf"(?P={branch}__\1)", source)


class _Match:
    """One match seen through its branch: group("y") reads the branch's own y."""

    __slots__ = ("match", "prefix", "string")

    def __init__(self, match: re.Match, branch: str):
        self.match, self.prefix, self.string = match, branch + "__", match.string

    def group(self, key: str | None = None):
        if key is None:
            return self.match.group()
        name = self.prefix + key
        return self.match.group(name) if name in self.match.re.groupindex else None

    def start(self, key: str | None = None) -> int:
        return self.match.start() if key is None else self.match.start(self.prefix + key)

    def end(self, key: str | None = None) -> int:
        return self.match.end() if key is None else self.match.end(self.prefix + key)


def _fill(template: str, parts: dict[str, str]) -> str:
    for key, value in parts.items():
        template = template.replace(f"@{key}@", value)
    if "@" in template:
        raise ValueError(f"unfilled placeholder in date pattern: {template}")
    return template


@dataclass(frozen=True)
class _Grammar:
    pattern: re.Pattern
    strategies: tuple[str, ...]
    relative_years: dict  # word -> (offset, anchor)
    list_item: re.Pattern
    dekads: dict  # 上旬 -> (first day, last day)
    halves: dict  # 上半年 -> 1
    same_period_words: tuple[str, ...]
    year_min: int
    year_max: int
    emit_optional: bool
    relative_months: dict  # 上月 -> -1 (months from the publication date's month)
    report_title_words: tuple[str, ...]  # a title with these and a year gives 全年/年末/上年 that year
    target_prefixes: tuple[str, ...]  # 到2026年: a year written as a target
    comparison_before: tuple[str, ...]  # 比一季度: a period only compared with
    year_start_months: int  # the year's first months: reviews of last year, plans of this one
    section_heading: re.Pattern  # 一、2023年工作回顾: a numbered heading whose year its section is about
    since_words: tuple[str, ...]  # 10月以来: from the month to the publication date


def _relative_word_pattern(relatives: dict, group: str) -> str:
    branches = []
    for word, spec in sorted(relatives.items(), key=lambda kv: len(kv[0]), reverse=True):
        guard = spec.get("not_after", "")
        lookbehind = f"(?<![{re.escape(guard)}])" if guard else ""
        branches.append(lookbehind + re.escape(word))
    return f"(?P<{group}>{'|'.join(branches)})"


_LEADING_LOOKAROUND = re.compile(r"^(?:\(\?<?[=!][^()]*\))+")


def _first_chars(cfg: dict) -> set[str]:
    """Characters a mention can start with: the first-character test of the pass."""
    num = cfg["numerals"]
    chars = set("0123456789０１２３４５６７８９") | set(num["small"]) | set(num["year_digits"])
    words = [*cfg["relative_years"], *cfg["relative_months"], *cfg["halves"], *cfg["year_to_date"],
             *cfg["target_prefixes"], *cfg["bare_year_parts"], cfg["quarters"]["ordinal_prefix"],
             *cfg["quarters"]["first"], *cfg["first_n"]["prefixes"]]
    chars |= {w[0] for w in words} | set(cfg["quarters"]["numerals"])
    for skip in cfg["skip"]:
        head = _LEADING_LOOKAROUND.sub("", skip)[:1]
        if not head or not re.match(r"\w", head):
            raise ValueError(f"dates.yaml skip pattern must start with a literal character: {skip!r}")
        chars.add(head)
    return chars


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    cfg = load_yaml("dates.yaml")
    num = cfg["numerals"]
    small = re.escape(num["small"])
    ydig = re.escape(num["year_digits"])
    digit = "[0-9０-９]"
    parts = {
        "DIG": digit,
        # A year: four Arabic digits or four Chinese digits, not inside a longer number.
        "YNUM": f"(?:(?<![0-9０-９.．]){digit}{{4}}(?![0-9０-９])|(?<![{ydig}十])[{ydig}]{{4}})",
        # Months and days: Arabic (not inside a longer number or decimal) or Chinese.
        "MA": "(?<![0-9０-９.．])(?:1[0-2]|0?[1-9]|１[０-２]|０?[１-９])(?![0-9０-９.．])",
        "MC": f"(?<![{small}])(?:十[一二]?|[一二三四五六七八九])",
        "DAY": f"(?:(?<![0-9０-９.．])(?:[0-3]?[0-9]|[０-３]?[０-９])(?![0-9０-９.．])|(?<![{small}])(?:[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]))",
        "DSUF": f"(?:{_alt(cfg['day_suffixes'])})(?![{re.escape(cfg['day_suffix_not_before'])}])",
        "MSUF": re.escape(cfg["month_suffix"]),
        "CONN": f"(?:{_alt(cfg['range_connectors'])})",
        "LCONN": f"(?:{_alt(cfg['list_connectors'])})",
        "TGT": f"(?<![{re.escape(cfg['target_not_after'])}])(?:{_alt(cfg['target_prefixes'])})",
        "REL": _relative_word_pattern(cfg["relative_years"], "rel"),
        "REL2": _relative_word_pattern(cfg["relative_years"], "rel2"),
        "RELMONTH": _relative_word_pattern(cfg["relative_months"], "rm"),
        "YPARTS": f"(?:{_alt(cfg['year_parts'])})(?![{re.escape(cfg['parts_not_before'])}])",
        "MPARTS": f"(?:{_alt(list(cfg['month_dekads']) + cfg['month_parts'])})(?![{re.escape(cfg['parts_not_before'])}])",
        "PNB": re.escape(cfg["parts_not_before"]),
        "QPARTS": _alt(cfg["month_parts"]),
        "SAME": _alt(cfg["same_period_words"]),
        "BARE": _alt(cfg["bare_year_parts"]),
        "DUR": re.escape(cfg["duration_chars"]),
        "QW": re.escape(cfg["quarters"]["word"]),
        "QORD": re.escape(cfg["quarters"]["ordinal_prefix"]),
        "QNUM": f"[{re.escape(cfg['quarters']['numerals'])}]",
        "QFIRST": _alt(cfg["quarters"]["first"]),
        "HALF": _alt(cfg["halves"]),
        "FIRST": f"(?:{_alt(cfg['first_n']['prefixes'])})",
        "QORDW": re.escape(cfg["quarters"]["ordinal_word"]),
        "FIRST_GUARD": re.escape(cfg["first_n"]["not_after"]),
        "FMW": _alt(cfg["first_n"]["month_words"]),
        "FQW": _alt(cfg["first_n"]["quarter_words"]),
        "FNUM": f"(?:{digit}{{1,2}}|[{small}]{{1,3}})",
        "YTD": _alt(cfg["year_to_date"]),
        "SKIP": "|".join(f"(?:{s})" for s in cfg["skip"]),
    }
    # The year a mention starts with: written (2023年) or relative (今年, 去年).
    parts["YP"] = _fill("(?:(?P<y>@YNUM@)年(?!代)|@REL@)", parts)
    parts["YP2"] = _fill("(?:(?P<y2>@YNUM@)年(?!代)|@REL2@)", parts)
    parts["MANY"] = _fill("(?:@MA@|@MC@)", parts)

    branches = {
        "skip": "@SKIP@",
        # 8月31日至9月1日, 1月18日至19日, 1月18—19日
        "day_range": "(?:@YP@)?(?P<m>@MANY@)月(?P<d>@DAY@)(?:@DSUF@)?@CONN@"
        "(?:(?:@YP2@)?(?P<m2>@MANY@)月)?(?P<d2>@DAY@)(?:@DSUF@)",
        # 1月18日、19日: separate mentions, the later ones borrowing the month.
        "day_list": "(?:@YP@)?(?P<m>@MANY@)月(?P<d>@DAY@)(?:@DSUF@)"
        "(?P<more>(?:@LCONN@(?:@MA@月)?@DAY@(?:@DSUF@))+)",
        "full_date": "(?:@YP@)?(?P<m>@MANY@)月(?P<d>@DAY@)(?:@DSUF@)",
        "numeric_date": "(?<![0-9０-９.．/-])(?P<y>@DIG@{4})(?P<sep>[-/.])(?P<m>@DIG@{1,2})(?P=sep)(?P<d>@DIG@{1,2})(?![0-9０-９]|\\.[0-9])",
        # 1—5月, 1月至11月, 2023年1月至11月, 今年1至8月, 2023年11月至2024年2月
        "month_range": "(?:@YP@)?(?P<m>@MANY@)(?:月(?:@MSUF@)?)?@CONN@(?:@YP2@)?(?P<m2>@MANY@)月(?:@MSUF@)?",
        # 2021—2023年, 2021年至2023年
        "year_range": "(?P<y>@YNUM@)(?:年度?)?@CONN@(?P<y2>@YNUM@)年(?!代)",
        # 一至三季度
        "quarter_range": "(?:@YP@)?(?:@QORD@)?(?P<q>@QNUM@)(?:@QW@)?@CONN@(?:@QORD@)?(?P<q2>@QNUM@)@QW@",
        # 前4月, 前4个月, 今年前两个月
        "first_months": "(?:@YP@)?(?<![@FIRST_GUARD@])@FIRST@(?P<n>@FNUM@)(?:@FMW@)(?:@MSUF@)?",
        # 前三季度
        "first_quarters": "(?:@YP@)?(?<![@FIRST_GUARD@])@FIRST@(?P<n>@FNUM@)(?:@FQW@)",
        "year_to_date": "(?P<ytd>@YTD@)",
        # 上年同期, 去年同期
        "same_period": "@REL@(?:@SAME@)",
        # 一季度, 第三季度, 2024年一季度, 今年一季度
        "quarter": "(?:@YP@)?(?:(?:@QORD@)?(?<![0-9０-９@MC_CHARS@])(?P<q>@QNUM@)@QW@|(?P<qfirst>@QFIRST@)"
        "|@QORD@(?P<qo>@QNUM@)@QORDW@(?![度节]))(?:@QPARTS@)?",
        # 上半年, 今年上半年, 2023年下半年
        "half": "(?:@YP@)?(?P<h>@HALF@)度?",
        # 今年5月, 去年10月, 2023年7月, 二〇二三年十一月, 5月底
        "month": "@YP@(?P<m>@MANY@)月(?:@MSUF@)?(?P<mp>@MPARTS@)?",
        # 7月, 5月底; a Chinese month alone only where it cannot be a count (五月份, 十一月底).
        "month_bare": "(?P<m>@MA@|@MC@(?=月(?:@MSUF@|@MPARTS@)))月(?:@MSUF@)?(?P<mp>@MPARTS@)?",
        # 2022年, 到2026年, 2023年底, 2024年度
        "year": "(?P<tgt>@TGT@)?(?P<y>@YNUM@)年(?!代)(?P<yp>@YPARTS@)?",
        # 今年, 去年, 今年底, 上年
        "relative_year": "@REL@(?P<yp>@YPARTS@)?",
        # 上月, 上个月底, 本月
        "relative_month": "@RELMONTH@(?P<mp>@MPARTS@)?",
        # 截至年底, 力争全年, 年内有望: the paragraph's year.
        "year_part": "(?<![@DUR@])(?P<bp>@BARE@)(?![@PNB@])",
    }
    parts["MC_CHARS"] = small
    order = tuple(cfg["strategies"])
    if set(order) != set(branches) or len(order) != len(branches):
        raise ValueError(f"dates.yaml strategies must list each of {sorted(branches)} once, got {list(order)}")
    alternatives = "|".join(f"(?P<{name}>{_own_groups(name, _fill(branches[name], parts))})" for name in order)
    # Two cheap tests first, so the branches are only tried where a mention can
    # start: a first character of the vocabulary, and a date character (年, 月,
    # 季, 日, a date separator) close after it.
    first = re.escape("".join(sorted(_first_chars(cfg))))
    anchors = re.escape(cfg["anchor"]["chars"])
    window = int(cfg["anchor"]["window"])
    source = f"(?=[{first}])(?=[^{anchors}]{{0,{window}}}[{anchors}])(?:{alternatives})"
    list_item = re.compile(_fill("(?:(?P<m>@MA@)月)?(?P<d>@DAY@)(?:@DSUF@)", parts))
    relative_years = {w: (s["offset"], s["anchor"]) for w, s in cfg["relative_years"].items()}
    dekads = {k: tuple(v) for k, v in cfg["month_dekads"].items()}
    return _Grammar(re.compile(source), order, relative_years, list_item, dekads,
                    dict(cfg["halves"]), tuple(cfg["same_period_words"]),
                    int(num["year_min"]), int(num["year_max"]), bool(cfg.get("emit_optional", True)),
                    {w: s["offset"] for w, s in cfg["relative_months"].items()}, tuple(cfg["report_title_words"]),
                    tuple(cfg["target_prefixes"]), tuple(cfg["comparison_before"]), int(cfg["year_start_months"]),
                    re.compile(cfg["section_heading"], re.MULTILINE), tuple(cfg["since_words"]))


# --------------------------------------------------------------------------
# Calendar helpers


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_end(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _span_month(y, m1, m2=None):
    m2 = m2 or m1
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    return _iso(y, m1, 1), _iso(y, m2, _month_end(y, m2))


def _int(text: str | None) -> int | None:
    if not text:
        return None
    value = parse_number(text)
    if value is None or value != int(value):
        return None
    return int(value)


def _shift_year(iso: str, years: int) -> str:
    """The same calendar day `years` later; a month's last day stays its last day (Feb 28/29)."""
    y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    if d == _month_end(y, m):
        d = _month_end(y + years, m)
    return date(y + years, m, min(d, _month_end(y + years, m))).isoformat()


# --------------------------------------------------------------------------
# The pass


# A year written in a title (not as a target: 到2025年, dates.yaml target_prefixes).
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)年")
_LEAD_YEAR = re.compile(r"(?<![到至\d])((?:19|20)\d\d)年(?![以底末]|\d)")  # the lead's year (not 到2025年, 2023年以来)
_LEAD_SEARCH_CHARS = 400  # the article's first paragraphs


class _Context:
    """What the pass knows at a point of the text: the reference year and the
    years and periods mentioned so far in the sentence and paragraph."""

    def __init__(self, doc: Document, text: str):
        self.published = (doc.published_at or "")[:10] or None
        ref = doc.ref_year
        if ref is None and self.published:
            ref = int(self.published[:4])
        self.ref_year = ref
        # The year a report's title names (2023年国民经济和社会发展统计公报, published in 2024):
        # what 全年, 年末 and 上年 refer to where no paragraph names a year (dates.yaml).
        grammar = _grammar()
        title = doc.title or ""
        years = [m for m in _TITLE_YEAR.finditer(title) if not title.endswith(grammar.target_prefixes, 0, m.start())]
        reports = years and any(w in title for w in grammar.report_title_words)
        self.topic_year = int(years[0].group(1)) if reports else self._reviewed_year(text, ref, grammar)
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self.paragraph_ends = [m.start() for m in _PARAGRAPH_END.finditer(text)]
        self.year_anchor: tuple[int, int, int] | None = None  # (sentence, paragraph, year)
        # (start, year) of numbered headings that write a year (一、2023年工作回顾): 全年 and 上年
        # in their section, where no paragraph names a year, are that year's
        self.section_years = [(m.start(), int(m.group("year"))) for m in grammar.section_heading.finditer(text)]
        self.section_starts = [start for start, _ in self.section_years]
        self.period_anchor: tuple[int, DateSpan] | None = None  # (paragraph, span)
        self.text = text

    def _reviewed_year(self, text: str, ref: int | None, grammar: _Grammar) -> int | None:
        """Last year, when the first year an article of the year's first months writes is that
        one (2023年，温州市实现地区生产总值…; 记者获悉，2023年全市…, published in February 2024):
        a review of that year, whose later 全年 and 上年 are 2023's and 2022's."""
        if ref is None or (self.published and int(self.published[5:7] or 0) > grammar.year_start_months):
            return None
        lead = _LEAD_YEAR.search(text, 0, _LEAD_SEARCH_CHARS)
        return ref - 1 if lead is not None and int(lead.group(1)) == ref - 1 else None

    def anchor_period(self, pos: int, span: DateSpan) -> None:
        """The period 同期 refers to from now on in the paragraph, unless this one is only
        compared with (比一季度加快: 上年同期 after it is the sentence's quarter a year back)."""
        if not self.text.endswith(_grammar().comparison_before, 0, pos):
            self.period_anchor = (self.paragraph_of(pos), span)

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_ends, pos)

    def paragraph_of(self, pos: int) -> int:
        return bisect.bisect_right(self.paragraph_ends, pos)

    def year_for_bare(self, pos: int) -> int | None:
        """Year of a mention that writes none (7月, 一季度): the sentence's, else the reference year."""
        if self.year_anchor and self.year_anchor[0] == self.sentence_of(pos):
            return self.year_anchor[2]
        return self.ref_year

    def year_for_anaphora(self, pos: int) -> int | None:
        """Year an anaphoric word (上年, 年底, 全年) refers to: the paragraph's, else its section
        heading's, else the title's, else the reference year."""
        if self.year_anchor and self.year_anchor[1] == self.paragraph_of(pos):
            return self.year_anchor[2]
        section = bisect.bisect_right(self.section_starts, pos) - 1
        if section >= 0:
            return self.section_years[section][1]
        return self.topic_year or self.ref_year

    def set_year(self, pos: int, year: int) -> None:
        self.year_anchor = (self.sentence_of(pos), self.paragraph_of(pos), year)


def _mention_year(m, ctx: _Context, grammar: _Grammar, y="y", rel="rel"):
    """(year, relative) for the year a mention writes, or None if it writes none."""
    if m.group(y):
        year = _int(m.group(y))
        return (year, False) if year is not None else None
    word = m.group(rel)
    if word:
        offset, anchor = grammar.relative_years[word]
        base = ctx.ref_year if anchor == "deictic" else ctx.year_for_anaphora(m.start())
        return (base + offset, True) if base is not None else None
    return None


def _valid_year(year: int | None) -> bool:
    grammar = _grammar()
    return year is not None and grammar.year_min <= year <= grammar.year_max


def _year_or_bare(m, ctx, grammar, y="y", rel="rel"):
    found = _mention_year(m, ctx, grammar, y, rel)
    if found is not None:
        return found[0], found[1], True
    year = ctx.year_for_bare(m.start())
    return year, True, False


def _span(m, start_date, end_date, granularity, relative, start=None, end=None) -> DateSpan | None:
    if not start_date or not end_date or start_date > end_date:
        return None
    s = m.start() if start is None else start
    e = m.end() if end is None else end
    return DateSpan(start=s, end=e, surface=m.string[s:e], start_date=start_date,
                    end_date=end_date, granularity=granularity, relative=relative)


def _resolve(name: str, m, ctx: _Context, grammar: _Grammar) -> list[DateSpan]:
    """The DateSpans of one match of strategy `name` (none if it does not resolve)."""
    if name == "skip":
        return []

    if name in ("day_range", "full_date"):
        year, relative, written = _year_or_bare(m, ctx, grammar)
        if not _valid_year(year):
            return []
        m1, d1 = _int(m.group("m")), _int(m.group("d"))
        if name == "full_date":
            iso = _iso(year, m1, d1) if m1 and d1 else None
            span = _span(m, iso, iso, "day", relative)
            if span and written:
                ctx.set_year(m.start(), year)
            return [span] if span else []
        year2 = year
        found2 = _mention_year(m, ctx, grammar, "y2", "rel2")
        if found2:
            year2 = found2[0]
        m2 = _int(m.group("m2")) if m.group("m2") else m1
        d2 = _int(m.group("d2"))
        if not (m1 and d1 and m2 and d2 and _valid_year(year2)):
            return []
        if not m.group("m2") and d2 <= d1:
            return []
        span = _span(m, _iso(year, m1, d1), _iso(year2, m2, d2), "range", relative)
        return [span] if span else []

    if name == "day_list":
        year, relative, written = _year_or_bare(m, ctx, grammar)
        month = _int(m.group("m"))
        if not (_valid_year(year) and month):
            return []
        first_end = m.start("more")
        spans = []
        iso = _iso(year, month, _int(m.group("d")) or 0)
        first = _span(m, iso, iso, "day", relative, end=first_end)
        if first:
            spans.append(first)
        base = m.start("more")
        for item in grammar.list_item.finditer(m.group("more")):
            if item.group("m"):
                month = _int(item.group("m"))
            iso = _iso(year, month, _int(item.group("d")) or 0)
            span = _span(m, iso, iso, "day", relative, start=base + item.start(), end=base + item.end())
            if span:
                spans.append(span)
        return spans

    if name == "numeric_date":
        iso = _iso(_int(m.group("y")) or 0, _int(m.group("m")) or 0, _int(m.group("d")) or 0)
        if not iso or not _valid_year(int(iso[:4])):
            return []
        return [_span(m, iso, iso, "day", False)]

    if name == "month_range":
        year, relative, written = _year_or_bare(m, ctx, grammar)
        found2 = _mention_year(m, ctx, grammar, "y2", "rel2")
        year2 = found2[0] if found2 else year
        m1, m2 = _int(m.group("m")), _int(m.group("m2"))
        if not (_valid_year(year) and _valid_year(year2) and m1 and m2):
            return []
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (year2, m2) <= (year, m1):
            return []
        span = _span(m, _iso(year, m1, 1), _iso(year2, m2, _month_end(year2, m2)), "range", relative)
        if span:
            ctx.anchor_period(m.start(), span)
            if written:
                ctx.set_year(m.start(), year2)
        return [span] if span else []

    if name == "year_range":
        y1, y2 = _int(m.group("y")), _int(m.group("y2"))
        if not (_valid_year(y1) and _valid_year(y2)) or y2 <= y1:
            return []
        return [_span(m, _iso(y1, 1, 1), _iso(y2, 12, 31), "range", False)]

    if name in ("quarter_range", "quarter", "first_quarters"):
        year, relative, written = _year_or_bare(m, ctx, grammar)
        if not _valid_year(year):
            return []
        if name == "first_quarters":
            q1, q2 = 1, _int(m.group("n"))
        else:
            q1 = 1 if name == "quarter" and m.group("qfirst") else _int(m.group("q") or m.group("qo"))
            q2 = _int(m.group("q2")) if name == "quarter_range" else q1
        if not (q1 and q2 and 1 <= q1 <= q2 <= 4) or (name == "quarter_range" and q1 == q2):
            return []
        start, end = _span_month(year, 3 * q1 - 2, 3 * q2)
        span = _span(m, start, end, "quarter" if name == "quarter" else "range", relative)
        if span:
            ctx.anchor_period(m.start(), span)
            if written:
                ctx.set_year(m.start(), year)
        return [span] if span else []

    if name == "first_months":
        year, relative, written = _year_or_bare(m, ctx, grammar)
        n = _int(m.group("n"))
        if not (_valid_year(year) and n and 1 <= n <= 12):
            return []
        start, end = _span_month(year, 1, n)
        span = _span(m, start, end, "range", relative)
        if span:
            ctx.anchor_period(m.start(), span)
            if written:
                ctx.set_year(m.start(), year)
        return [span] if span else []

    if name == "half":
        year, relative, written = _year_or_bare(m, ctx, grammar)
        if not _valid_year(year):
            return []
        h = grammar.halves[m.group("h")]
        start, end = _span_month(year, 6 * h - 5, 6 * h)
        span = _span(m, start, end, "half", relative)
        if span:
            ctx.anchor_period(m.start(), span)
            if written:
                ctx.set_year(m.start(), year)
        return [span] if span else []

    if name in ("month", "month_bare"):
        year, relative, written = _year_or_bare(m, ctx, grammar)
        month = _int(m.group("m"))
        if not (_valid_year(year) and month and 1 <= month <= 12):
            return []
        dekad = grammar.dekads.get(m.group("mp") or "")
        if dekad:
            last = min(dekad[1], _month_end(year, month))
            span = _span(m, _iso(year, month, dekad[0]), _iso(year, month, last), "range", relative)
        else:
            start, end = _span_month(year, month)
            since = m.string.startswith(grammar.since_words, m.end()) and ctx.published and start and end \
                and start < ctx.published
            # 10月以来: from the month to the publication date, as 今年以来 runs to it
            span = _span(m, start, ctx.published, "range", relative) if since else _span(m, start, end, "month", relative)
        if span:
            ctx.anchor_period(m.start(), span)
            if written:
                ctx.set_year(m.start(), year)
        return [span] if span else []

    if name == "relative_month":
        if not ctx.published:
            return []
        months = int(ctx.published[:4]) * 12 + int(ctx.published[5:7]) - 1 + grammar.relative_months[m.group("rm")]
        year, month = divmod(months, 12)
        month += 1
        dekad = grammar.dekads.get(m.group("mp") or "")
        if dekad:
            span = _span(m, _iso(year, month, dekad[0]), _iso(year, month, min(dekad[1], _month_end(year, month))),
                         "range", True)
        else:
            span = _span(m, *_span_month(year, month), "month", True)
        if span:
            ctx.anchor_period(m.start(), span)
        return [span] if span else []

    if name in ("year", "relative_year"):
        found = _mention_year(m, ctx, grammar)
        if not found or not _valid_year(found[0]):
            return []
        year, relative = found
        span = _span(m, _iso(year, 1, 1), _iso(year, 12, 31), "year", relative)
        text = m.string
        followed_by_same = text.startswith(grammar.same_period_words, m.end())
        anaphoric = m.group("rel") and grammar.relative_years[m.group("rel")][1] == "anaphoric"
        compared = text.endswith(grammar.comparison_before, 0, m.start())
        horizon = name == "year" and m.group("tgt")
        if not followed_by_same and not anaphoric and not compared and not horizon:
            # 2019年同期 and 较前年 are comparison bases, 上年 points back, 到2025年 is a plan's
            # horizon: none sets the year talked about (…到2025年…。长沙县全年计划… is this year's).
            ctx.set_year(m.start(), year)
            ctx.anchor_period(m.start(), span)
        if anaphoric and not grammar.emit_optional:
            return []
        return [span]

    if name == "same_period":
        if not grammar.emit_optional:
            return []
        word = m.group("rel")
        offset, anchor = grammar.relative_years[word]
        para = ctx.paragraph_of(m.start())
        if not ctx.period_anchor or ctx.period_anchor[0] != para:
            return []
        base = ctx.period_anchor[1]
        if anchor == "deictic":
            # 去年同期: the period's days, in the year before the reference year.
            if ctx.ref_year is None:
                return []
            years = ctx.ref_year + offset - int(base.start_date[:4])
        else:
            years = offset
        return [_span(m, _shift_year(base.start_date, years), _shift_year(base.end_date, years),
                      base.granularity, True)]

    if name == "year_to_date":
        if not grammar.emit_optional or ctx.ref_year is None:
            return []
        year = ctx.ref_year
        end = _iso(year, 12, 31)
        if ctx.published and ctx.published[:4] == str(year):
            end = ctx.published
        return [_span(m, _iso(year, 1, 1), end, "range", True)]

    if name == "year_part":
        if not grammar.emit_optional:
            return []
        year = ctx.year_for_anaphora(m.start())
        if not _valid_year(year):
            return []
        return [_span(m, _iso(year, 1, 1), _iso(year, 12, 31), "year", True)]

    raise ValueError(f"no resolver for date strategy {name!r}")


def extract(doc: Document) -> list[DateSpan]:
    """Every pinnable date or period in `doc.text`, in text order."""
    text = doc.text or ""
    if not text:
        return []
    grammar = _grammar()
    ctx = _Context(doc, text)
    spans: list[DateSpan] = []
    for m in grammar.pattern.finditer(text):
        name = m.lastgroup
        spans.extend(s for s in _resolve(name, _Match(m, name), ctx, grammar) if s is not None)
    return spans
