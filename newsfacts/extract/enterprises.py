"""Enterprise mentions: rules first, an optional NER model second, merged per article.

Candidates, best first (a better candidate wins any overlap):

1. full      registered names closed by a legal form (…有限公司, …集团, …银行, 红阳公司;
             chained forms such as 控股集团有限公司 close one name), their left edge
             found by walking jieba tokens leftwards over everything a registered name
             is made of (places, brand, business words 投资/建设/发展/控股, ordinals,
             (集团)/(中国)) to a real boundary: punctuation, a function word or an
             introducing verb, or the non-place left of the place that opens the name
             (投资方|安徽省投资集团控股有限公司). A branch (…安徽分公司) names its company;
2. alias     short names declared in the text (以下简称“嘉仪通”) and short forms of
             a full name found elsewhere in the article (有研艾斯, 鲲程电子);
3. known     a small gazetteer of big companies usually written by a short name,
             extended by an industry tail (蔚来|汽车);
4. enum      items of a list closed by an enterprise noun (A、B和C等一批本地企业,
             包括A、B在内的…企业, 这4家…企业) when at least half the items are brands;
5. cue       a name before 有关负责人 / 董事长 / 生产车间 …, or after 第一股——;
6. short     brand + industry tail (光迅科技, 国轩高科, 江淮汽车) at a clean left boundary;
7. ner       company spans of the CRF model (`newsfacts.extract.ner`), run only on
             sentences where a coined word stands before a company predicate that the
             rules left unexplained (华砺智行研发的…), validated before they count.

Non-enterprises (government, universities, institutes, labs, associations, zones,
media, funds) are dropped by name shape. Canonical `name`: the full registered name
when the article gives one (a short name is linked through the alias table or by
its brand), else the name as written. One row per mention.
"""
from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs
import regex as re

from newsfacts.facts import Document, Enterprise
from newsfacts.patterns import load_tsv, load_yaml

# "brand": a full name's two-character brand (华为), which yields to any longer name over it (元一|生物)
PRIORITY = {"full": 0, "declared": 1, "alias": 2, "known": 3, "enum": 4, "cue": 5, "short": 6, "brand": 7, "ner": 8}
SOURCE = {"full": "rule", "declared": "alias", "alias": "alias", "known": "rule", "enum": "enumeration",
          "cue": "rule", "short": "rule", "brand": "alias", "ner": "ner"}

# jieba POS tags that never belong inside a company name (prepositions,
# conjunctions, particles, pronouns, adverbs, numerals, time and direction words).
_STOP_POS = ("p", "c", "u", "r", "d", "m", "q", "t", "f", "y", "e", "o", "x", "w")
_NAME_POS = {"nr", "nrt", "nrfg", "nz", "nt"}
_RARE_FREQ = 150  # a dictionary word used this often is an ordinary word, not a coined brand
_COMMON_FREQ = 200  # jieba dictionary frequency above which a word is an ordinary word
_CJK = r"\p{Han}"
# name shapes, compiled once (fullmatch)
_HAN_RUN = re.compile(rf"[{_CJK}]+")
_BRAND_SHAPE = re.compile(rf"[{_CJK}]+|[A-Za-z][A-Za-z0-9&.\-]+")
_NAME_SHAPE = re.compile(rf"[{_CJK}A-Za-z0-9·&（）()]+")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&\-]{1,15}")
_PUNCT = set("，,。．.；;：:！!？?、“”\"'‘’「」『』《》〈〉【】[]（）()—－-…·/\\|　 \t\r\n")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    kind: str
    name: str | None = None  # canonical name when already known (declared alias, forms)


class _Rules:
    """All pattern data of patterns/enterprise*.{yaml,tsv}, compiled once."""

    def __init__(self):
        y = load_yaml("enterprises.yaml")
        self.strong_suffixes = sorted(y["legal_suffixes"]["strong"], key=len, reverse=True)
        self.weak_suffixes = sorted(y["legal_suffixes"]["weak"], key=len, reverse=True)
        self.all_suffixes = sorted(self.strong_suffixes + self.weak_suffixes, key=len, reverse=True)
        self.industry = sorted(set(y["industry_words"]), key=len, reverse=True)
        # words normal inside registered names, never a left boundary (安徽省|投资|集团|控股…)
        self.name_words = set(y["name_inner_words"]) | set(y["industry_words"])
        self.short_tails = sorted(set(y["short_name_tails"]), key=len, reverse=True)
        self.industry_set, self.short_tail_set = set(self.industry), set(self.short_tails)
        self.strong_tails = set(y["strong_tails"])
        # Where a bare brand stands (华砺智行研发的…): the sentences the NER model is run on.
        self.brand_cue = re.compile("|".join(map(re.escape, sorted(y["ner_brand_cues"], key=len, reverse=True))))
        self.ner_function_chars = set(y["ner_function_chars"])
        self.stop_words = set(y["left_stop_words"])
        self.max_stop_len = max(map(len, self.stop_words))
        self.generic = set(y["generic_cores"])
        self.max_generic_len = max(map(len, self.generic))
        self.generic_bank = set(y["generic_bank_cores"])
        self.excluded_names = set(y["excluded_names"])
        self.excluded_suffixes = sorted({s for v in y["excluded_suffixes"].values() for s in v}, key=len, reverse=True)
        self.excluded_set = set(self.excluded_suffixes)
        self.numbered_unit_after = re.compile(y["numbered_unit_after"])
        self.bank_trade_after = tuple(y["bank_trade_after"])
        self.known_pattern = re.compile("|".join(y["known_patterns"]))
        self.local_company_cores = frozenset(y["local_company_cores"])
        self.indefinite_before = tuple(sorted(y["indefinite_before"], key=len, reverse=True))
        assert max(map(len, self.industry + self.excluded_suffixes)) <= 6, "_ending looks at 6 characters"
        self.max_full = int(y["max_full_name_chars"])
        # Place names that may open a company name: the administrative gazetteer (full names;
        # short and old names of provinces and cities only, since district short names such as
        # 汇川 or 东风 are brands as often as places) and the countries foreign companies are named after.
        self.places = set(y["countries"])
        # County-level cities' short names (昆山, 江阴) are no brand before an industry word
        # (昆山电子信息产业), though they may stand inside one (鸿富锦精密电子)
        county_cities = set()
        for row in load_tsv("places.tsv"):
            self.places.add(row["name"])
            if row["level"] in ("province", "city"):
                self.places.update(n for n in [row["short"], *row["aliases"].split("|")] if n)
            elif row["level"] == "district" and row["name"].endswith("市") and row["short"]:
                county_cities.add(row["short"])
        self.county_cities = frozenset(county_cities)
        self.max_place_len = max(map(len, self.places))
        self.known = {r["name"]: (r.get("canonical") or r["name"]) for r in load_tsv("enterprise_known.tsv")}
        self.group_brands = frozenset(y["group_brands"])
        self.facilities = frozenset(y["facilities"])
        self.generic_form_ends = tuple(y["generic_form_ends"])
        self.branch_re = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,8}?)(?:%s)" % "|".join(map(re.escape, y["branch_suffixes"])))
        self.company_kin_words = frozenset(y["company_kin_words"])
        self.company_bodies_after = tuple(y["company_bodies_after"])
        self.zone_words = tuple(y["zone_words"])
        self.cue_role_words = tuple(y["cue_role_words"])
        self.share_dealings = tuple(y["share_dealings"])

        alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
        self.suffix_re = re.compile(f"(?:{alt(self.all_suffixes)})+")
        # every match, overlaps included (阳|光电|源): _tails keeps the longest at each start
        self.tail_automaton = ahocorasick_rs.AhoCorasick(self.short_tails, matchkind=ahocorasick_rs.MatchKind.Standard)
        # gazetteer names leftmost-longest, like a longest-first alternation, at a fraction of a regex's cost
        self.known_names = list(self.known)
        self.known_automaton = ahocorasick_rs.AhoCorasick(
            self.known_names, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest) if self.known else None
        self.excluded_word_re = re.compile(alt(w for w in self.excluded_suffixes if len(w) >= 2))
        self.alias_re = re.compile(y["declared_alias"])
        self.enum_tail_re = re.compile(y["enumeration_tail"])
        self.bracketed_alias_re = re.compile(y["bracketed_alias"])
        self.enum_tail_people_re = re.compile(y["enumeration_tail_people"])
        self.cue_before_re = re.compile(
            "(?:" + "|".join(y["cue_before"]) + r")\s*[“\"]?(?P<name>[^、，,。；;\s“”\"（(]{2,12})")
        self.cue_after_re = re.compile(f"(?:{alt(y['cue_after'])})")
        self.cue_after_products = tuple(y["cue_after_products"])
        self.cue_place_re = re.compile(f"(?:{alt(y['cue_after_place'])})")
        self.paren_re = re.compile(r"[（(](?P<inner>[^（()）]{1,8})[）)]")
        classes = {name: frozenset(chars) for name, chars in y["character_classes"].items()}
        self.function_chars = classes["function"]
        self.modifier_chars = classes["modifier"]
        self.function_or_modifier_chars = self.function_chars | self.modifier_chars
        self.errand_verbs = classes["errand_verb"]
        self.measure_chars = classes["measure"]
        self.adverb_chars = classes["adverb_in_name"]
        self.sector_after = tuple(y["sector_after"])
        self.sector_after_exceptions = tuple(y["sector_after_exceptions"])
        self.event_after_tail = tuple(y["event_after_tail"])
        self.verb_tails = {tail: tuple(nouns) for tail, nouns in y["verb_tails"].items()}


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg


# ---------------------------------------------------------------- word helpers


@lru_cache(maxsize=65536)
def _tokens(s: str) -> tuple[tuple[str, str], ...]:
    """jieba words of s with POS, dictionary only (unknown brands stay split into characters)."""
    _, pseg = _jieba()
    return tuple((w, f) for w, f in pseg.cut(s, HMM=False))


def _is_common_word(word: str) -> bool:
    jieba, pseg = _jieba()
    return (len(word) >= 2 and jieba.dt.FREQ.get(word, 0) >= _COMMON_FREQ
            and pseg.dt.word_tag_tab.get(word, "n") not in _NAME_POS)


def _is_function(word: str, flag: str, R: _Rules) -> bool:
    if len(word) == 1:
        return word in R.function_chars
    return word in R.stop_words or flag.startswith(_STOP_POS)


@lru_cache(maxsize=65536)
def _is_generic_brand(brand: str, strict: bool = True) -> bool:  # noqa: C901
    """An ordinary word (航天, 高端, 推动) or a run of them cannot be a brand.

    strict (no other sign that this is a company): a single dictionary word that is
    not a name (高功率, 黑芝麻) is ordinary too."""
    R = _rules()
    if len(brand) < 2 or brand in R.generic or brand in R.stop_words or brand in R.places:
        return True
    if not _BRAND_SHAPE.fullmatch(brand):
        return True
    tokens = _tokens(brand)
    if any(_is_function(w, f, R) or f in ("i", "l") for w, f in tokens):
        return True  # function words, idioms and set phrases (兴致勃勃, 无人驾驶)
    if len(tokens) == 1 and tokens[0][1] == "ns":
        return False  # a region name outside the place gazetteer as brand: 长安|汽车, 中兴|通讯, 华中|数控
    if strict and len(tokens) == 1 and _is_dictionary_word(brand) and _jieba()[0].dt.FREQ[brand] >= _RARE_FREQ:
        return True
    if any(f.startswith("v") and _is_common_word(w) for w, f in tokens):
        return True  # 武清坚持|智能, 节后启动|新能源
    prefix_lengths = range(2, min(len(brand), R.max_generic_len + 1))
    if any(brand[:n] in R.generic and _is_common_word(brand[n:]) for n in prefix_lengths):
        return True  # 央企|布局 (jieba reads 央|企 there): a generic word, then an ordinary one
    return all((len(w) == 1 and w in R.modifier_chars) or w in R.generic or w in R.places or w in R.industry_set
               or _is_common_word(w) for w, _ in tokens)


def _rare_or_name(word: str) -> bool:
    """A word jieba tags as a name (华为, 海尔) or rarely sees (格力, 光迅): a brand when a
    company's full name in the article has it."""
    jieba, pseg = _jieba()
    return jieba.dt.FREQ.get(word, 0) < _RARE_FREQ or pseg.dt.word_tag_tab.get(word, "n") in _NAME_POS


def _is_dictionary_word(s: str) -> bool:
    """A plain dictionary word (柔性, 扎根), not a name."""
    jieba, pseg = _jieba()
    return s in jieba.dt.FREQ and jieba.dt.FREQ[s] > 0 and pseg.dt.word_tag_tab.get(s, "n") not in _NAME_POS


def _window_tokens(text: str, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
    out, pos = [], lo
    for w, f in _tokens(text[lo:hi]):
        out.append((pos, pos + len(w), w, f))
        pos += len(w)
    return out


@lru_cache(maxsize=64)
def _window_boundaries(text: str, lo: int, hi: int) -> tuple[frozenset[int], dict[int, tuple]]:
    """Token starts of a segmented window, and its tokens by end (one window serves several spans)."""
    toks = _window_tokens(text, lo, hi)
    return frozenset(t[0] for t in toks), {t[1]: t for t in toks}


def _clean_span(text: str, s: int, e: int, R: _Rules, window: tuple[int, int] | None = None) -> bool:
    """Does text[s:e] stand as words of its own: token boundaries at both ends and, on
    the left, punctuation, the text start or a function word / verb (由|锐科激光)?
    `window` (lo, hi) is the segmented context; one window serves several spans."""
    lo, hi = window or (max(0, s - 6), min(len(text), e + 4))
    starts, by_end = _window_boundaries(text, lo, hi)
    if (s not in starts and s != lo) or (e not in by_end and e != hi):
        return False
    if s == 0 or text[s - 1] in _PUNCT or text[s - 1].isspace():
        return True
    if text[s - 1].isascii() and text[s - 1].isalnum():
        return False  # 5G|北斗智能
    prev = by_end.get(s)
    if prev is None:
        return _ends_with_stop_word(text, s, R)
    _, _, w, f = prev
    # a single-character verb (投|早投科技, 迈|瑞医疗) is too often part of the name
    return _is_function(w, f, R) or w in R.stop_words or (f.startswith("v") and len(w) >= 2)


def _strip_parens(s: str, R: _Rules) -> str:
    return R.paren_re.sub("", s)


def _strip_suffix(s: str, R: _Rules) -> tuple[str, str]:
    for suf in R.all_suffixes:
        if s.endswith(suf) and len(s) > len(suf):
            return s[: -len(suf)], suf
    return s, ""


def _strip_places(s: str, R: _Rules) -> str:
    """Leading place names (山东德州…, 美国…), keeping at least two characters."""
    changed = True
    while changed:
        changed = False
        for n in range(min(R.max_place_len, len(s) - 2), 1, -1):
            if s[:n] in R.places:
                s, changed = s[n:], True
                break
    return s


@lru_cache(maxsize=65536)
def _strip_industry(s: str, R: _Rules) -> str:
    """Trailing industry words (…生物信息科技 → …), keeping at least two characters."""
    while True:
        w = _ending(s, R.industry_set, keep=2)
        if not w:
            return s
        s = s[: -len(w)]


def _ending(s: str, words: set[str], keep: int = 0, max_len: int = 6) -> str:
    """The longest of `words` that s ends with, leaving at least `keep` characters ('' if none)."""
    for n in range(min(max_len, len(s) - keep), 0, -1):
        if s[-n:] in words:
            return s[-n:]
    return ""


def _stem(name: str, R: _Rules) -> str:
    """Name without legal form and parenthesised place: 英望科技(山东)有限公司 → 英望科技."""
    return _strip_parens(_strip_suffix(name, R)[0], R)


def _brand(name: str, R: _Rules) -> str:
    return _strip_industry(_strip_places(_stem(name, R), R), R)


def _excluded(name: str, R: _Rules) -> bool:
    """Government bodies, universities, institutes, labs, associations, zones, media, funds."""
    if name in R.excluded_names:
        return True
    bare = _strip_parens(name, R)
    suffix = _ending(bare, R.excluded_set)
    if not suffix:
        return False
    # a one-character suffix (科, 电, 网) may end an industry word instead: 国轩|高科
    return len(suffix) > 1 or len(_ending(bare, R.industry_set)) < 2


def _ends_with_stop_word(text: str, pos: int, R: _Rules) -> bool:
    for n in range(1, min(R.max_stop_len, pos) + 1):
        if text[pos - n: pos] in R.stop_words:
            return True
    return False


# ---------------------------------------------------------------- candidates

def _full_name_start(text: str, suffix_start: int, R: _Rules, floor: int = 0, lenient: bool = False) -> int:
    """Left edge of the name whose legal form starts at suffix_start (never left of floor).

    Walks jieba tokens leftwards over everything a registered name is made of (places,
    brand, business words such as 投资 / 建设 / 发展 / 控股, ordinals as in 第三工程局,
    parenthesised places) and stops at a real boundary: punctuation, a function word
    or introducing verb (在|与|由|落户|携手…), an ordinary verb left of a complete brand
    (见到|元一(天津)生物…), or the non-place left of an opening place
    (投资方|安徽省投资集团…): a province or city usually starts the name. A short
    brand standing alone before the place still belongs to it (中车|株洲电力机车…).
    When the plain walk leaves no brand, `lenient` takes one single-character 和/与/及
    as part of the name (上海联和投资有限公司) and lets any brand precede a place
    (国家电网湖北省电力).
    """
    lo = suffix_start
    floor = max(floor, suffix_start - R.max_full)
    while lo > floor:
        ch = text[lo - 1]
        if ch in ")）":  # a parenthesised place inside the name: 英望科技(山东)有限公司
            m = re.search(r"[（(][^（()）]{1,8}[）)]$", text[max(floor, lo - 10): lo])
            if not m:
                break
            lo -= len(m.group())
            continue
        if (ch in _PUNCT and not _name_dot(text, lo - 1)) or ch.isspace():
            break
        lo -= 1
    if lo >= suffix_start:
        return suffix_start
    tokens = _name_tokens(text, lo, suffix_start, R)
    start = suffix_start
    has_brand = has_place = False
    skip_conjunction = lenient
    for i in range(len(tokens) - 1, -1, -1):
        s, e, word, flag = tokens[i]
        if flag == "paren":
            start = s
            continue
        is_place = word in R.places
        if _is_boundary(word, flag, R) and not _inside_name(tokens, i, R):
            if skip_conjunction and (word in ("和", "与", "及") or _split_brand(tokens, i, R)):
                skip_conjunction = False
                start = s
                continue
            break
        if has_place and not is_place and not lenient:
            if word.endswith("集团") and i > 0:
                has_place = False  # a group's subsidiary: 国家电投集团|湖北|电力有限公司
                start = s
                continue
            if _brand_before_place(tokens, i, R):
                start = _brand_prefix_start(tokens, i, R)
            break
        if flag.startswith("v") and flag != "vn" and has_brand and _is_common_word(word) and word not in R.name_words:
            break
        if is_place:
            has_place = True
        elif word not in R.industry_set and word not in R.name_words:
            has_brand = True
        start = s
    return start


def _split_brand(tokens: list[tuple[int, int, str, str]], i: int, R: _Rules) -> bool:
    """Is the one-character function word tokens[i] the second half of a two-character brand
    jieba split (苏州|迈|为|科技: 迈为)? A single character before it, itself after a place or the
    name's left edge."""
    if len(tokens[i][2]) != 1 or tokens[i][3][:1] not in ("p", "c", "d", "u") or i == 0:
        return False
    _, _, before, before_flag = tokens[i - 1]
    if len(before) != 1 or not _CJK_CHAR.match(before) or _is_boundary(before, before_flag, R):
        return False
    return i == 1 or tokens[i - 2][2] in R.places


_ORDINAL = re.compile(r"第?[一二三四五六七八九十百零〇]{1,3}")


def _is_boundary(word: str, flag: str, R: _Rules) -> bool:
    """A token a registered name never contains: function words, introducing verbs, digits,
    measure words, symbols. Business words (投资, 建设, 控股…) never are."""
    if word in R.name_words or word in ("·", "•"):  # 罗伯特·博世 (the walk's window lets only such dots in)
        return False
    if word.isascii() and word.isalnum():
        return word.isdigit()  # 1—5月|公司, but TCL|华星光电
    if len(word) == 1 and word in R.measure_chars and flag in ("q", "m"):
        return True
    return _is_function(word, flag, R) or word in R.stop_words or (flag == "x" and not word.isalnum())


def _inside_name(tokens: list[tuple[int, int, str, str]], i: int, R: _Rules) -> bool:
    """Is the boundary-looking token i a name part here? An ordinal after a brand
    (中国建筑|第三|工程局, 中铁|十一|局, but 要|第一|时间), or an adverb, numeral, time or
    direction word right after the place that opens the name (山东|高速|集团, 北京|现代|汽车,
    浙江|正|泰电器); never a preposition or conjunction (武汉|和|…)."""
    if i == 0:
        return False
    left, left_flag = tokens[i - 1][2], tokens[i - 1][3]
    word, flag = tokens[i][2], tokens[i][3]
    if _ORDINAL.fullmatch(word):
        return len(left) >= 2 and not _is_boundary(left, left_flag, R) and not left_flag.startswith("v")
    if len(word) == 1 and word in R.measure_chars and not (left_flag == "m" or left.isdigit()):
        return True  # 海尔|智|家: a measure character counts nothing after a non-numeral
    if left not in R.places:
        return False
    if len(word) == 1:
        return word in R.adverb_chars
    return flag[:1] in ("d", "m", "t", "f", "q") and word not in R.stop_words


def _name_tokens(text: str, lo: int, hi: int, R: _Rules) -> list[tuple[int, int, str, str]]:
    """jieba tokens of text[lo:hi], a parenthesised place (中国) / (集团) kept as one token."""
    tokens: list[tuple[int, int, str, str]] = []
    last = lo
    for m in R.paren_re.finditer(text, lo, hi):
        tokens += _window_tokens(text, last, m.start())
        tokens.append((m.start(), m.end(), m.group(), "paren"))
        last = m.end()
    return tokens + _window_tokens(text, last, hi)


def _brand_before_place(tokens: list[tuple[int, int, str, str]], i: int, R: _Rules) -> bool:
    """Do tokens[..i] end with a short brand standing at a boundary (中车|株洲, 国网|安徽省),
    rather than an ordinary word (投资方|安徽省, 推动|武汉)?"""
    s = _brand_prefix_start(tokens, i, R)
    if s is None:
        return False
    parts = [t[2] for t in tokens if s <= t[0] <= tokens[i][0]]
    brand = "".join(parts)
    if brand in R.group_brands:
        return True  # 东风|柳州汽车: a group naming its subsidiaries by place, though a word too
    # a coined brand (中车, 国网), not dictionary words (投资方, 园区内)
    return 2 <= len(brand) <= 4 and not _is_generic_brand(brand) \
        and not any(len(w) >= 2 and _is_dictionary_word(w) for w in parts)


def _brand_prefix_start(tokens: list[tuple[int, int, str, str]], i: int, R: _Rules) -> int | None:
    """Start of the run of non-boundary tokens ending at tokens[i], if a boundary (or the
    window start) closes it within four characters."""
    j, length = i, 0
    while j >= 0:
        s, e, word, flag = tokens[j]
        if flag == "paren" or _is_boundary(word, flag, R) or (flag.startswith("v") and _is_common_word(word)):
            break
        length += e - s
        if length > 4:
            return None
        j -= 1
    return tokens[j + 1][0] if j < i else None


def _full_names(text: str, R: _Rules, known: list[tuple[int, int, int]]) -> list[_Cand]:
    """Registered names (…有限公司); `known`: the gazetteer's matches (key, start, end)."""
    out = []
    floor = floor_any = 0  # end of the last registered name (strong legal form) / of any name
    for m in R.suffix_re.finditer(text):
        # a chain of legal forms closes one name (吉利控股集团|有限公司, 农业银行|股份有限公司):
        # the last one decides, the others are part of the name
        suffix = next(s for s in R.all_suffixes if m.group().endswith(s))
        suffix_start = m.end() - len(suffix)
        if suffix == "公司" and suffix_start > 0 and text[suffix_start - 1] == "分":
            continue  # a branch (中国电信股份有限公司安徽分公司): named with the name before it (_branch_end)
        if suffix == "银行" and text.startswith(R.bank_trade_after, m.end()):
            continue  # 荆州市银行机构: banks in general
        if suffix == "公司" and _the_company(text, suffix_start, m.end(), R):
            continue
        start = _brand_with_conjunction(text, _full_name_start(text, suffix_start, R, floor), floor)
        start = _known_brand_start(start, m.end(), known, floor, suffix_start)
        start = _without_lead_marks(text, _group_brand_start(text, start, floor, R))
        if not _valid_full(text[start: m.end()], suffix, R):
            # no brand left: look past one 和/与 (上海联和投资) and past a place inside
            # the name (国家电网|湖北省|电力有限公司)
            start = _full_name_start(text, suffix_start, R, floor_any, lenient=True)
            if not _valid_full(text[start: m.end()], suffix, R):
                continue
        if R.numbered_unit_after.match(text, m.end()):
            continue  # 中国电子科技集团公司第十研究所: an institute
        start = _drop_leading_verb(text, start, suffix_start, suffix, R)
        if suffix in R.weak_suffixes:
            lead = next((w for w in R.indefinite_before if text.startswith(w, start)), "")
            if (lead or _described(text, start, R)) and _is_generic_brand(_brand(text[start + len(lead):m.end()], R)):
                continue  # 一家外贸公司, 另一家贷款公司, 个别银行: a kind of company
        out.append(_Cand(start, _branch_end(text, m.end(), R), "full"))
        floor_any = m.end()
        if suffix in R.strong_suffixes:
            floor = m.end()  # a name never runs over the legal form of a registered name before it
    return out


def _branch_end(text: str, end: int, R: _Rules) -> int:
    """The end of a branch's name after a registered name ending at `end` (…有限公司|合肥分公司,
    …股份有限公司|河南省分行), else `end`."""
    m = R.branch_re.match(text, end)
    return m.end() if m and m["place"] in R.places else end


def _the_company(text: str, suffix_start: int, end: int, R: _Rules) -> bool:
    """Is a bare 公司 an announcement's "the company" (纳入|公司, 母公司, 提交公司股东大会)
    rather than the end of a name?"""
    if text.startswith(R.company_bodies_after, end):
        return True
    for s, e, word, flag in _window_tokens(text, max(0, suffix_start - 6), end):
        if s < suffix_start < e:
            return word in R.company_kin_words  # 归属于|母公司
        if e == suffix_start:
            return (flag == "l" or flag.startswith("v") and flag != "vn") and word not in R.name_words \
                and word not in R.industry_set
    return False


def _known_matches(text: str, R: _Rules) -> list[tuple[int, int, int]]:
    """(key, start, end) of the gazetteer's names in text, leftmost-longest: found once per article."""
    return R.known_automaton.find_matches_as_indexes(text) if R.known_automaton is not None else []


def _known_brand_start(start: int, end: int, known: list[tuple[int, int, int]], floor: int,
                       suffix_start: int = -1) -> int:
    """A name whose walk stopped inside a known brand starts with that brand: jieba splits
    正|泰 (an adverb and 泰国) at a clause's start, but 正泰 is a company's brand. A walk that
    took nothing before the legal form stopped right after one (新希望六|和|集团有限公司)."""
    for _, known_start, known_end in known:
        if known_start > start:
            break
        if floor <= known_start < start and (start < known_end or start == known_end == suffix_start) \
                and known_end <= end:
            return known_start
    return start


def _without_lead_marks(text: str, start: int) -> int:
    """Past what may open a walk but no name: a dot (公司·博世有限公司 joins no name) and a
    year's 年 (2023年|拓普集团, 去年|…)."""
    while text[start] in "·•":
        start += 1
    if text[start] == "年" and start > 0 and (text[start - 1].isdigit() or text[start - 1] in _YEAR_WORD_ENDS):
        start += 1
    return start


def _name_dot(text: str, i: int) -> bool:
    """The dot of a transliterated name (罗伯特·博世有限公司) between two Chinese characters."""
    return text[i] in "·•" and 0 < i < len(text) - 1 and bool(_CJK_CHAR.match(text[i - 1])) \
        and bool(_CJK_CHAR.match(text[i + 1]))


_YEAR_WORD_ENDS = frozenset("今去明前上本同当全〇零一二三四五六七八九")  # 今年, 去年, 二〇二三年 before a name


_ORDINAL_BEFORE = re.compile(r"第[一二三四五六七八九十]{1,3}$")


def _group_brand_start(text: str, start: int, floor: int, R: _Rules) -> int:
    """A group's brand right before where the walk stopped opens the name: jieba reads 中|交 as a
    verb before 第二航务工程局有限公司, but 中交 is the group naming its subsidiary."""
    ordinal = _ORDINAL_BEFORE.search(text, max(floor, start - 5), start)  # 中交|第二|航务工程局
    at = ordinal.start() if ordinal else start
    brand = next((b for b in R.group_brands if text.endswith(b, floor, at)), "")
    return at - len(brand) if brand else start


def _brand_with_conjunction(text: str, start: int, floor: int) -> int:
    """A 和/与/及 the walk stopped at is the brand's own character when nothing but a clause's
    start, or one character after it, stands before it (康和医药集团股份公司, 和康医药有限公司):
    a conjunction joins two names, not a character to a name."""
    conjunction = start - 1
    if conjunction < floor or text[conjunction] not in _CONJUNCTIONS:
        return start
    for lead in (0, 1):  # 和|康医药, 康|和|医药
        opening = conjunction - lead
        if opening < floor or (lead and not _CJK_CHAR.match(text[opening])):
            return start
        if opening == 0 or (opening > floor and (text[opening - 1] in _CLAUSE_OPENING or text[opening - 1].isspace())):
            return opening
    return start


_CONJUNCTIONS = frozenset("和与及")
_CLAUSE_OPENING = frozenset("，,。；;：:！!？?、“\"《（(【")  # not a closing bracket: （长飞公司）与华为…
_CJK_CHAR = re.compile(r"\p{Han}")


def _described(text: str, start: int, R: _Rules) -> bool:
    """Does an indefinite word stand right before `start` (一家|外贸公司), or before a 的 that
    ends at it in the same clause (是一家历史悠久的|拍卖公司)?"""
    if text.endswith(R.indefinite_before, 0, start):
        return True
    if not text.endswith("的", 0, start):
        return False
    return any(word in text[_clause_start(text, start):start] for word in R.indefinite_before)


def _drop_leading_verb(text: str, start: int, suffix_start: int, suffix: str, R: _Rules) -> int:
    """投资|巨一科技股份有限公司: a business verb opening a name without a place is the
    sentence's verb, when what follows it is a complete name by itself."""
    tokens = _window_tokens(text, start, suffix_start)
    if len(tokens) < 2:
        return start
    _, e, word, flag = tokens[0]
    if flag.startswith("v") and _is_common_word(word) and _valid_full(text[e: suffix_start + len(suffix)], suffix, R):
        return e
    return start


def _valid_full(name: str, suffix: str, R: _Rules) -> bool:
    stem = _strip_parens(name[: -len(suffix)], R)
    if len(stem) < 2 or name in R.excluded_names:
        return False
    if suffix == "银行":  # 中国建设银行, 招商银行: ordinary words make bank names, verbs do not (找|银行)
        return stem not in R.generic_bank and not _only_stop(stem, R) and not any(
            f.startswith("v") and w not in R.name_words and (len(w) > 1 or w in R.errand_verbs)
            for w, f in _tokens(stem))
    if stem in R.generic:
        return False
    no_place = _strip_places(stem, R)
    if no_place != stem and no_place in R.local_company_cores:
        return True  # 襄阳市|城投|公司: the place's own company
    if no_place != stem and len(no_place) >= 2 and (suffix in R.strong_suffixes or suffix == "集团") \
            and not all(_is_boundary(w, f, R) for w, f in _tokens(no_place)) and no_place not in R.places:
        # a place-led registered name may have an ordinary core: 安徽省|投资集团控股有限公司,
        # 合肥市|建设投资控股(集团)有限公司, 武汉|地铁集团
        return True
    brand = _strip_industry(no_place, R)
    if brand in R.generic or _only_generic(brand, R):
        return False
    if suffix in R.strong_suffixes:
        return True
    # 公司 / 集团 also close ordinary phrases (航空公司, 产业集团): the part before
    # them must keep a brand once places and industry words go.
    return brand not in R.places and brand not in R.industry_set


def _only_stop(s: str, R: _Rules) -> bool:
    return all(_is_function(w, f, R) for w, f in _tokens(s))


def _only_generic(s: str, R: _Rules) -> bool:
    return all(w in R.generic or w in R.industry_set or w in R.places or w in R.stop_words
               or (len(w) == 1 and w in R.function_or_modifier_chars) for w, _ in _tokens(s))


def _declared_aliases(text: str, fulls: list[_Cand], R: _Rules) -> tuple[list[_Cand], set[str]]:
    """(以下简称“嘉仪通”) after a full name: the alias mention; aliases of non-enterprises are blocked."""
    by_end = {c.end: c for c in fulls}
    out, blocked = [], set()
    for m in R.alias_re.finditer(text):
        alias = m.group("alias").strip()
        owner = by_end.get(m.start())
        if owner is None:
            blocked.add(alias)  # e.g. 武汉市经济和信息化局(以下简称"武汉市经信局")
            continue
        out.append(_Cand(m.start("alias"), m.start("alias") + len(alias), "declared", text[owner.start: owner.end]))
    for owner in fulls:
        m = R.bracketed_alias_re.match(text, owner.end)
        if m is None:
            continue
        alias, full = m.group("alias"), text[owner.start: owner.end]
        if len(alias) < len(full) and _in_order(alias, full) and alias not in R.places and alias not in R.generic:
            out.append(_Cand(m.start("alias"), m.end("alias"), "declared", full))
    return out, blocked


def _in_order(short: str, full: str) -> bool:
    """Every character of `short` occurs in `full`, in the same order (长江产业集团 in
    湖北长江产业投资集团有限公司)."""
    rest = iter(full)
    return all(ch in rest for ch in short)


def _short_forms(full: str, R: _Rules) -> set[str]:
    """Other ways an article refers to a full name: 山东有研艾斯, 有研艾斯, 鲲程电子, 有研集团."""
    stem = _stem(full, R)
    no_place = _strip_places(stem, R)
    forms = set()
    for base, has_place in ((stem, stem != no_place), (no_place, False)):
        cur = base
        while True:
            forms.add((cur, has_place))
            nxt = _strip_industry_once(cur, R)  # one industry word at a time: 鲲程电子科技 → 鲲程电子 → 鲲程
            if nxt == cur:
                break
            cur = nxt
    brand = _brand(full, R)
    if "集团" in full:
        forms.add((brand + "集团", False))
    keep = set()
    for form, has_place in forms:
        if form == full or len(form) < 2 or form in R.places or form in R.generic:
            continue
        if _is_facility(form, R):
            continue  # 日照港 of 日照港集团有限公司 is the port: its throughput is the city's
        if len(form) == 2 and not _rare_or_name(form):
            continue  # 小米, 大众, 东方: ordinary words as often as names
        if not has_place:
            b = _strip_industry(form, R)
            if _is_generic_brand(b) and not form.endswith("集团"):
                continue  # 加速科技 of 杭州加速科技有限公司 is an ordinary phrase
        elif _only_generic_words(_strip_industry(_strip_places(form, R), R), R) and not form.endswith(R.generic_form_ends):
            continue  # 成都高新 of 成都高新投资集团, 合肥市轨道交通 of 合肥市轨道交通集团: the zone, the railway
        keep.add(form)
    return keep


def _only_generic_words(brand: str, R: _Rules) -> bool:
    """Is `brand` nothing but the listed generic and industry words (高新, 轨道交通), or nothing?
    (Not any ordinary word: 四川时代 of 四川时代新能源 is the company's.)"""
    return all(w in R.generic or w in R.industry_set for w, _ in _tokens(brand)) if brand else True


def _is_facility(name: str, R: _Rules) -> bool:
    """Places and a facility word (日照港, 宁波舟山港, 青岛机场): the facility, not a company."""
    facility = next((f for f in R.facilities if name.endswith(f)), None)
    places = name[:-len(facility)] if facility else ""
    return bool(places) and (places in R.places or _strip_places(places, R) in R.places)  # 宁波|舟山


def _form_mentions(text: str, fulls: dict[str, str], R: _Rules, declared: dict[str, str]) -> list[_Cand]:
    """Mentions of the full names' short forms, and of the short names the article declares
    (`declared`: alias -> canonical full), wherever they are written (the title before the
    declaration too); a declared name is the declaring company's, whoever else it could be."""
    forms: dict[str, str | None] = {}
    for full, canonical in fulls.items():
        for f in _short_forms(full, R):
            if f in forms and forms[f] != canonical:
                forms[f] = None  # ambiguous between two companies
            else:
                forms[f] = canonical
    forms.update(declared)
    forms = {f: c for f, c in forms.items() if c}
    if not forms:
        return []
    # a two-character form must stand as a word of its own (not 最|美的 for 美的集团)
    return [_Cand(s, e, "alias" if e - s > 2 else "brand", forms[text[s:e]])
            for s, e in _literal_matches(text, forms) if e - s > 2 or _token_aligned(text, s, e)]


def _literal_matches(text: str, words) -> list[tuple[int, int]]:
    """Leftmost, then longest, non-overlapping occurrences of `words` (a regex alternation's
    matches, without compiling one per article)."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append((at, -len(word)))
            at = text.find(word, at + 1)
    out, taken_to = [], 0
    for start, negative_length in sorted(found):
        if start >= taken_to:
            taken_to = start - negative_length
            out.append((start, taken_to))
    return out


def _known(text: str, R: _Rules, tails: dict[int, int], known: list[tuple[int, int, int]]) -> list[_Cand]:
    """Gazetteer names; one followed by an industry tail is named with it (蔚来|汽车 → 蔚来汽车).
    `tails`: start -> end of the longest industry tail there (`_tails`). Names of a known
    shape too (中建三局, enterprises.yaml known_patterns)."""
    out = [_Cand(m.start(), m.end(), "known") for m in R.known_pattern.finditer(text)]
    for key, start, end in known:
        if not _token_aligned(text, start, end):
            continue  # 施|工行|业, 集|中行|动
        if end in tails and not _ending(R.known_names[key], R.industry_set):
            out.append(_Cand(start, tails[end], "known"))  # 蔚来|汽车, but not 东风汽车|新能源
        else:
            out.append(_Cand(start, end, "known", R.known[R.known_names[key]]))
    return out


def _token_aligned(text: str, s: int, e: int) -> bool:
    """Do jieba words of the surrounding text start at s and end at e?"""
    lo, hi = max(0, s - 4), min(len(text), e + 4)
    toks = _window_tokens(text, lo, hi)
    return any(t[0] == s for t in toks) and any(t[1] == e for t in toks)


def _trim_item(text: str, s: int, e: int, R: _Rules, first: bool = True) -> tuple[int, int]:
    """Strip spaces and quotes; in the first item of a list also the words leading to it, up
    to a function word (吸引了|英望科技) or a verb with a name after it (带动|国轩高科, but
    not 中|创新|航)."""
    while s < e and (text[s] in _PUNCT or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in _PUNCT or text[e - 1].isspace()):
        e -= 1
    if not first:
        return s, e
    toks = _window_tokens(text, s, e)
    for ts, te, w, f in reversed(toks[:-1]):
        if _is_function(w, f, R) or w in R.stop_words:
            return te, e
        if f.startswith("v") and _is_common_word(w) and e - te >= 2 \
                and _enum_item_kind(text[te:e], R) in ("strong", "full"):
            return te, e
    return s, e


def _valid_short(name: str, R: _Rules, *, allow_place: bool = False, strict: bool = True) -> bool:
    """A name without legal form: not excluded, not a bare place, not an ordinary phrase.
    strict=False when the context already says it is a company (enumeration, 第一股——)."""
    if not 2 <= len(name) <= 12 or _excluded(name, R) or _has_excluded_word(name, R):
        return False
    if name in R.places or name in R.generic or name in R.stop_words or _is_dictionary_word(name):
        return False
    if not _NAME_SHAPE.fullmatch(name) or name.isdigit():
        return False
    no_place = _strip_places(name, R)
    if no_place != name and not allow_place:
        return False
    brand = _strip_industry(no_place, R)
    return not _is_generic_brand(brand, strict)


def _has_excluded_word(name: str, R: _Rules) -> bool:
    """Government / institute words inside a short name: 德州市委主要, 东湖高新区企服局."""
    return R.excluded_word_re.search(name) is not None


def _enumerations(text: str, R: _Rules) -> list[_Cand]:
    """Items of a list of names closed by an enterprise noun: A、B、C等(一批)(本地)企业,
    A和B等项目, 包括A、B在内的…企业. Every item of company shape is a company when at
    least half the items look like brands (光伏、半导体等企业 is a list of industries)."""
    out = []
    tails = [(m, False) for m in R.enum_tail_re.finditer(text)]
    tails += [(m, True) for m in R.enum_tail_people_re.finditer(text)]
    for m, of_people in tails:
        lo = _clause_start(text, m.start())
        items = [_trim_item(text, s, e, R, first=i == 0)
                 for i, (s, e) in enumerate(_split_items(text, lo, m.start(), R))]
        if len(items) < 2:
            continue
        if of_people and sum(bool(_ending(text[s:e], R.industry_set, keep=2)) for s, e in items) < len(items) / 2:
            continue  # 张三、李四等企业家: people
        kinds = [_enum_item_kind(text[s:e], R) for s, e in items]
        if kinds.count("strong") + kinds.count("full") < max(1, len(items) / 2) or "generic" in kinds:
            continue  # 光伏、半导体等企业 / 铁路、基建等项目 list industries
        out.extend(_Cand(s, e, "enum") for (s, e), k in zip(items, kinds) if k in ("strong", "weak"))
    return out


def _clause_start(text: str, end: int) -> int:
    """Start of the clause ending at `end`, across balanced parentheses (大众汽车(安徽)有限公司)."""
    depth, lo = 0, end
    while lo > 0:
        ch = text[lo - 1]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in "，,。；;：:！!？?\n“”\"":
            break
        lo -= 1
    return lo


def _split_items(text: str, lo: int, hi: int, R: _Rules) -> list[tuple[int, int]]:
    """Spans of the items of text[lo:hi]: split at 、, and the last item at a joining 和/及/与/以及."""
    parts, pos = [], lo
    for piece in text[lo:hi].split("、"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    s, e = parts[-1]
    for ts, te, w, f in _window_tokens(text, s, e):
        if w in ("和", "及", "与", "以及") and s < ts and te < e:
            parts[-1:] = [(s, ts), (te, e)]
            break
    return parts


def _enum_item_kind(name: str, R: _Rules) -> str:
    """'strong': a brand (国轩高科, 中创新航, 奇瑞, 长安, OPPO); 'full': a registered name;
    'weak': one ordinary word no industry list knows, alone or before an industry word
    (小米, 江淮汽车); 'generic': a place, industry, product or generic phrase (光伏, 锂电池,
    武汉); 'other': anything else (an institute: 武汉量子院; a phrase)."""
    if _strip_suffix(name, R)[1] in R.strong_suffixes:
        return "full"
    if _LATIN_NAME.fullmatch(name):
        return "strong"
    if not 2 <= len(name) <= 10 or not _NAME_SHAPE.fullmatch(name):
        return "other"
    if name in R.places or name in R.generic or name in R.industry_set:
        return "generic"
    if _excluded(name, R) or _has_excluded_word(name, R) or name in R.stop_words:
        return "other"
    brand = _strip_industry(_strip_places(name, R), R)
    tokens = _tokens(brand)
    if brand in R.generic or brand in R.places or _only_generic(brand, R):
        return "generic"
    if any(_is_function(w, f, R) for w, f in tokens if f not in ("m", "q")):  # but 拼|多多, 三一
        return "other"
    if any((len(w) == 1 and w not in R.modifier_chars) or f == "ns" or not _is_common_word(w) for w, f in tokens):
        return "strong"  # a coined name (国|轩, 中|创新|航, 奇瑞) or a region name as brand (长安)
    if len(tokens) == 1 and not any(w in R.generic or w in R.industry_set for w, _ in tokens):
        return "weak"
    return "generic"


def _cut_at_predicate(text: str, s: int, e: int, R: _Rules) -> int:
    """End of a name captured up to a delimiter: 声通科技|相继上市."""
    for ts, te, w, f in _window_tokens(text, s, e):
        if ts > s + 1 and (_is_function(w, f, R) or w in R.stop_words or (f.startswith("v") and len(w) >= 2)):
            return ts
    return e


def _cues(text: str, R: _Rules) -> list[_Cand]:
    out = []
    for m in R.cue_before_re.finditer(text):
        s, e = m.span("name")
        e = _cut_at_predicate(text, s, e, R)
        if _valid_short(text[s:e], R, allow_place=True, strict=False):
            out.append(_Cand(s, e, "cue"))
    ends = [(m.start(), text.startswith(R.cue_after_products, m.start())) for m in R.cue_after_re.finditer(text)]
    for m in R.cue_place_re.finditer(text):  # 长飞先进|武汉|基地: the place before the facility
        ends += [(m.start() - n, False) for n in (2, 3) if text[m.start() - n: m.start()] in R.places]
    for end, after_product_word in ends:
        if text[end - 2: end] == "项目":  # 中信科移动|项目|有关负责人
            end -= 2
        for length in range(2, 9):
            s = end - length
            if s < 0 or text[s] in _PUNCT:
                break
            if _clean_span(text, s, end, R):
                name = text[s:end]
                if _valid_short(name, R) and not (after_product_word and _product_like(name, R)) \
                        and not any(word in name for word in R.cue_role_words):
                    out.append(_Cand(s, end, "cue"))
                break
    return out


def _product_like(name: str, R: _Rules) -> bool:
    """Ending with no industry word: 六氟磷酸锂 or 熔喷布 before 生产线 is a product, 冠捷电子 or
    飞恩微电子 a company (a company named otherwise is found by its other mentions)."""
    return not _ending(name, R.industry_set)


def _short_names(text: str, R: _Rules, tails: dict[int, int]) -> list[_Cand]:
    """Brand + industry tail at a clean left boundary: 由|锐科激光, ，|光迅科技."""
    out = []
    for ts, te in tails.items():
        tail = text[ts:te]
        if text.startswith(R.sector_after, te) and not text.startswith(R.sector_after_exceptions, te):
            continue
        if text.startswith(R.event_after_tail, te):
            continue
        if tail in R.verb_tails and text.endswith(R.verb_tails[tail], 0, ts):
            continue  # 数据|显示: a verb
        starts = []  # brands of 2-4 characters
        for length in range(2, 5):
            if ts - length < 0 or any(ch in _PUNCT or ch.isspace() for ch in text[ts - length:ts]):
                break
            starts.append(ts - length)
        # The shortest brand whose span stands as words decides. Most tails have no brand
        # that could be kept at all: they need no segmentation, the costly part.
        kept = {s for s in starts if _short_name_kept(text[s:ts], tail, R)}
        if not kept:
            continue
        window = (max(0, ts - 10), min(len(text), te + 4))  # 6 more characters of context
        clean = next((s for s in starts if _clean_span(text, s, te, R, window)), None)
        if clean in kept and not _has_preposition(text, clean, ts, window) and not _inside_zone_word(text, clean, R):
            out.append(_Cand(clean, te, "short"))
    return out


def _inside_zone_word(text: str, start: int, R: _Rules) -> bool:
    """Does a zone's word (经开区, 高新区) run across `start` (经|开区汽车: no brand 开区)?"""
    return any(text.startswith(word, pos) and pos + len(word) > start
               for word in R.zone_words for pos in range(max(0, start - len(word) + 1), start))


def _has_preposition(text: str, start: int, tail_start: int, window: tuple[int, int]) -> bool:
    """(嘉兴)以|新能源为主导: a preposition of one character, a word of its own, right before the
    tail or before a tail that ends a longer word (新|能源), is no brand's (以岭|药业 is)."""
    starts, by_end = _window_boundaries(text, *window)
    prepositions = [pos for pos in range(start, tail_start)
                    if by_end.get(pos + 1, (None,) * 4)[0] == pos and by_end[pos + 1][3] == "p"]
    return bool(prepositions) and (tail_start not in starts or prepositions[-1] == tail_start - 1)


def _tails(text: str, R: _Rules) -> dict[int, int]:
    """Start -> end of the longest industry tail starting there, in text order, overlaps
    included (阳|光电|源: 阳光|电源)."""
    longest: dict[int, int] = {}
    for _, start, end in R.tail_automaton.find_matches_as_indexes(text, overlapping=True):
        if end > longest.get(start, start):
            longest[start] = end
    return dict(sorted(longest.items()))


def _short_name_kept(brand: str, tail: str, R: _Rules) -> bool:
    """Would brand + tail be kept as a short name, were its span to stand as words of its own?"""
    if _ending(brand, R.short_tail_set):
        return False  # 远大医药|科技: the tail belongs to a shorter name
    if brand in R.county_cities:
        return False  # 昆山|电子信息产业: a place's industry
    if tail == "股份" and brand.endswith(R.share_dealings):
        return False  # 回购|股份, 专户|股份: shares dealt in, no company
    if _excluded(brand + tail, R):
        return False
    if not _is_generic_brand(brand):
        return True
    return tail in R.strong_tails and bool(_HAN_RUN.fullmatch(brand)) and not any(
        _is_function(w, f, R) for w, f in _tokens(brand))


# ---------------------------------------------------------------- NER layer

@lru_cache(maxsize=1)
def _ner():
    """The optional model as `batch(texts) -> [[(start, end, label)]]`, or None when
    newsfacts.extract.ner or its packaged model is not there (rules still work)."""
    try:
        from newsfacts.extract import ner  # noqa: PLC0415 - lazy: heavy, and may not exist yet
        if ner.load_tagger() is None:
            ner.load_model()  # raises when the model has not been built
    except (ImportError, OSError) as exc:  # NerModelMissing is a FileNotFoundError
        logging.getLogger(__name__).info("enterprises: NER layer off (%s)", exc)
        return None
    batch = getattr(ner, "find_entities_batch", None)
    if callable(batch):
        return batch
    find = getattr(ner, "find_entities", None)
    return (lambda texts: [find(t) for t in texts]) if callable(find) else None


def _sentence_spans(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences:
        return list(doc.sentences)
    return [m.span() for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", doc.text)]


_HAN_TAIL = re.compile(r"\p{Han}+$")
_BOOK_TITLE = re.compile(r"《[^《》\n]{1,80}》")
_CLAUSE_ENDS = frozenset("，,。；;！!？?\n")


def _unexplained_brand_clauses(text: str, start: int, end: int, R: _Rules,
                                covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clauses of the sentence text[start:end] worth the model: a coined word (华砺智行)
    right before a company predicate (研发, 董事长, 旗下…), a bare brand no rule sees. The
    model reads tens of thousands of characters a second, so it reads those clauses only."""
    clauses: list[tuple[int, int]] = []
    for m in R.brand_cue.finditer(text, start, end):
        window_end = m.start()
        window = _HAN_TAIL.search(text, max(start, window_end - 6), window_end)
        if window is None or len(window.group()) < 2:
            continue
        if any(s < window_end and window_end - 2 < e for s, e in covered):
            continue  # the rules already named what stands here
        if _coined_before_cue(window.group(), R):
            clause_end = m.end()
            while clause_end < end and text[clause_end] not in _CLAUSE_ENDS:
                clause_end += 1
            clause = (max(start, _clause_start(text, window.start())), clause_end)
            if clauses and clause[0] < clauses[-1][1]:  # two cues of one clause
                clause = (clauses.pop()[0], clause[1])
            clauses.append(clause)
    return clauses


def _coined_before_cue(window: str, R: _Rules) -> bool:
    """Does a coined word of 2-4 characters end the window, not opened by a grammar word?"""
    for k in range(min(4, len(window)), 1, -1):
        candidate = window[-k:]
        if candidate[0] in R.ner_function_chars:
            continue
        if _coined(candidate) and any(len(w) == 1 and w not in R.ner_function_chars for w in _jieba()[0].lcut(candidate, HMM=False)):
            return True
    return False


def _coined(word: str) -> bool:
    """Not made of dictionary words only: a brand (华砺智行 -> 华/砺/智行), not 深海深空 (深海/深空)."""
    jieba = _jieba()[0]
    return any(len(w) == 1 or not jieba.dt.FREQ.get(w) for w in jieba.lcut(word, HMM=False))


def _in_heading(text: str, pos: int) -> bool:
    """A short line without sentence punctuation: a title or section heading."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    return len(line) <= 40 and not re.search("[。！？；]", line)


def _ner_candidates(doc: Document, R: _Rules, use_ner: bool = True,
                    found: list[_Cand] = ()) -> tuple[list[_Cand], list[tuple[int, int]]]:
    """Company spans of the model, and the spans it labels as something else, in the
    clauses where a bare brand may stand that the rules (`found`) did not explain."""
    batch = _ner() if use_ner else None
    if batch is None:
        return [], []
    text = doc.text
    covered = [(c.start, c.end) for c in found]
    spans = [clause for s, e in _sentence_spans(doc) for clause in _unexplained_brand_clauses(text, s, e, R, covered)]
    if not spans:
        return [], []
    companies, others = [], []
    for (s0, _), entities in zip(spans, batch([text[s:e] for s, e in spans])):
        for s, e, label in entities:
            s, e = s + s0, e + s0
            name = text[s:e]
            if label != "company":
                others.append((s, e))
                continue
            stem, suffix = _strip_suffix(name, R)
            # Without a legal form the span must be a coined brand (华|砺|智行), not ordinary
            # words the model took for one (保驾护航, 深海|深空); headings are slogans, not news.
            coined = suffix in R.strong_suffixes or _coined(stem or name)
            if coined and not _in_heading(text, s) \
                    and (_valid_full(name, suffix, R) if suffix else _valid_short(name, R, allow_place=True)) \
                    and not _excluded(name, R):
                companies.append(_Cand(s, e, "ner"))
    return companies, others


# ---------------------------------------------------------------- merge

def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name)


def _canonical_fulls(full_names: list[str], R: _Rules) -> dict[str, str]:
    """Map each full name to its canonical: 华龛生物科技有限公司 → 天津华龛生物科技有限公司,
    英望科技（山东）有限公司 → 英望科技(山东)有限公司 (first spelling seen)."""
    canonical: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for name in full_names:
        by_key.setdefault(_key(name), name)
    names = list(by_key.values())
    for name in full_names:
        best = by_key[_key(name)]
        for other in names:
            # the same company with its place prefix: 天津 + 华龛生物科技有限公司
            if len(other) > len(best) and other.endswith(best) and other[: -len(best)] in R.places:
                best = other
        canonical[name] = best
    # 黑芝麻公司 / 有研集团 (closed by a weak form) name a registered company of the article
    registered = [n for n in names if _strip_suffix(n, R)[1] in R.strong_suffixes or n.endswith("集团")]
    for name in full_names:
        if _strip_suffix(name, R)[1] in R.weak_suffixes and canonical[name] == name:
            others = [n for n in registered if len(n) > len(name)]
            canonical[name] = _link_short(name, others, R) or name
    return canonical


def _link_short(name: str, fulls: list[str], R: _Rules) -> str | None:
    """The full name a short name refers to, by brand: 黑芝麻公司 → 黑芝麻智能科技有限公司; or
    the one full name it opens, after its place (长飞光纤 → 长飞光纤光缆股份有限公司, 仁安医疗 →
    湖北仁安医疗用品股份有限公司)."""
    opened = [full for full in fulls if len(name) >= 3 and len(full) > len(name)
              and (full.startswith(name) or _strip_places(full, R).startswith(name))]
    if len(opened) == 1:
        return opened[0]
    brand = _brand(name, R)
    if len(brand) < 2:
        return None
    scored = []
    for full in fulls:
        fb = _brand(full, R)
        if fb != brand and not (len(brand) >= 3 and fb.startswith(brand)):
            continue
        score = 0
        rest = _strip_suffix(name, R)[0][len(brand):] if name.startswith(brand) else ""
        if rest and rest in _stem(full, R):
            score += 2  # 威讯半导体 → 威讯联合半导体(德州)有限公司, not 美国威讯公司
        if name.endswith("集团") and "集团" in full:
            score += 1
        scored.append((score, full))
    if not scored:
        return None
    scored.sort(key=lambda x: -x[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None  # ambiguous: keep the name as written
    return scored[0][1]


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Keep the best candidate of each overlapping group (priority, then length)."""
    taken: list[_Cand] = []
    occupied = bytearray()
    for c in sorted(cands, key=lambda c: (PRIORITY[c.kind], -(c.end - c.start), c.start)):
        if len(occupied) < c.end:
            occupied.extend(b"\0" * (c.end - len(occupied)))
        if any(occupied[c.start: c.end]):
            continue
        occupied[c.start: c.end] = b"\1" * (c.end - c.start)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


# The NER layer is on, but narrowly: the CLUENER-trained model reads only the clauses where
# a coined brand stands before a company predicate and no rule explains it
# (`_unexplained_brand_clauses`), and its spans must pass the rules' checks (`_ner_candidates`).
# Run everywhere, it added no enterprise the rules miss on 169 economic-news test
# sentences or the 5 seed articles, one false one (首登慕尼黑), at a tenth of their speed.
NER_BY_DEFAULT = True


def extract(doc: Document, *, use_ner: bool = NER_BY_DEFAULT) -> list[Enterprise]:
    """One Enterprise per mention in doc.text, `name` canonical, `source` how it was found.

    use_ner=True adds the statistical layer's company spans (validated) to the rules'.
    """
    text = doc.text
    if not text:
        return []
    R = _rules()
    known = _known_matches(text, R)
    fulls = _full_names(text, R, known)
    declared, blocked = _declared_aliases(text, fulls, R)
    full_surfaces = list(dict.fromkeys(text[c.start: c.end] for c in fulls))
    canonical = _canonical_fulls(full_surfaces, R)
    alias_table = {text[c.start: c.end]: canonical.get(c.name, c.name) for c in declared}
    forms = _form_mentions(text, canonical, R, alias_table)
    tails = _tails(text, R)
    rules = _known(text, R, tails, known) + _enumerations(text, R) + _cues(text, R) + _short_names(text, R, tails)
    for c in forms + rules:  # 招商银行|武汉分行: the branch, named as written
        end = _branch_end(text, c.end, R)
        if end > c.end:
            c.name = None if c.name is None else c.name + text[c.end:end]
            c.end = end
    cands = fulls + declared + forms + rules
    ner, non_enterprise = _ner_candidates(doc, R, use_ner, found=cands)
    cands += [c for c in ner if not any(s < c.end and c.start < e for s, e in non_enterprise)]
    titles = [m.span() for m in _BOOK_TITLE.finditer(text)]
    if titles:  # 《襄阳市新能源汽车产业发展三年行动方案》: a document's title, where only a registered name is one
        cands = [c for c in cands if c.kind in ("full", "declared") or not any(s < c.start and c.end < e for s, e in titles)]

    out = []
    canon_fulls = list(dict.fromkeys(canonical.values()))
    for c in _resolve(cands):
        surface = text[c.start: c.end]
        if surface in blocked:
            continue
        kind = c.kind
        if kind == "full" and surface in alias_table:
            kind = "declared"  # (以下简称“江汽集团”): a declared short name that looks like a full one
            name = alias_table[surface]
        elif kind == "full":
            name = canonical[surface]
        elif c.name is not None and kind in ("declared", "alias", "brand"):
            name = canonical.get(c.name, c.name)
        else:
            name = alias_table.get(surface) or _link_short(surface, canon_fulls, R) or c.name or surface
        out.append(Enterprise(start=c.start, end=c.end, surface=surface, name=name, source=SOURCE[kind]))
    return _link_extended_short_names(out, R)


def _link_extended_short_names(rows: list[Enterprise], R: _Rules) -> list[Enterprise]:
    """A short name that is another short name of the article plus industry words
    (联影智融医疗 beside 联影智融) is that company."""
    names = {r.name for r in rows}
    for r in rows:
        if r.name != r.surface:
            continue
        base = _strip_industry(r.name, R)
        while base != r.name and base not in names:
            nxt = _strip_industry_once(base, R)
            if nxt == base:
                break
            base = nxt
        if base != r.name and base in names:
            r.name = base
    return rows


def _strip_industry_once(s: str, R: _Rules) -> str:
    w = _ending(s, R.industry_set, keep=2)
    return s[: -len(w)] if w else s
