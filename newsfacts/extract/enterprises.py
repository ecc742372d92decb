"""Enterprise mentions: rules first, an optional NER model second, merged per article.

Candidates, best first (a better candidate wins any overlap):

1. full      registered names closed by a legal form (…有限公司, …集团, …银行, 红阳公司),
             their left edge found by walking jieba tokens leftwards until a
             function word, a verb that has a brand to its right, or a non-place
             before a leading place;
2. alias     short names declared in the text (以下简称“嘉仪通”) and short forms of
             a full name found elsewhere in the article (有研艾斯, 鲲程电子);
3. known     a small gazetteer of big companies usually written by a short name;
4. enum      items of an 、-list closed by 等…企业 / 这4家…企业;
5. cue       a name before 有关负责人 / 董事长 / 生产车间 …, or after 第一股——;
6. short     brand + industry tail (光迅科技, 帝尔激光) at a clean left boundary;
7. ner       company spans of `newsfacts.extract.ner.find_entities`, if that model
             exists, run only on sentences with a company cue.

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

import regex as re

from newsfacts.facts import Document, Enterprise
from newsfacts.patterns import load_tsv, load_yaml

PRIORITY = {"full": 0, "declared": 1, "alias": 2, "known": 3, "enum": 4, "cue": 5, "short": 6, "ner": 7}
SOURCE = {"full": "rule", "declared": "alias", "alias": "alias", "known": "rule", "enum": "enumeration",
          "cue": "rule", "short": "rule", "ner": "ner"}

# jieba POS tags that never belong inside a company name (prepositions,
# conjunctions, particles, pronouns, adverbs, numerals, time and direction words).
_STOP_POS = ("p", "c", "u", "r", "d", "m", "q", "t", "f", "y", "e", "o", "x", "w")
_NAME_POS = {"nr", "nrt", "nrfg", "nz", "nt", "j"}
_COMMON_FREQ = 200  # jieba dictionary frequency above which a word is an ordinary word
_CJK = r"\p{Han}"
_PUNCT = set("，,。．.；;：:！!？?、“”\"'‘’「」『』《》〈〉【】[]（）()—－-…·/\\|　 \t\r\n")
# Sentences worth running the NER model on.
_COMPANY_CUES = re.compile(r"公司|企业|集团|科技|股份|签约|落户|投资|龙头|厂|项目|上市|品牌|研发|生产|产线|车间|负责人|董事长|总经理")


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
        self.short_tails = sorted(set(y["short_name_tails"]), key=len, reverse=True)
        self.strong_tails = set(y["strong_tails"])
        self.stop_words = set(y["left_stop_words"])
        self.max_stop_len = max(map(len, self.stop_words))
        self.generic = set(y["generic_cores"])
        self.excluded_names = set(y["excluded_names"])
        self.excluded_suffixes = sorted({s for v in y["excluded_suffixes"].values() for s in v}, key=len, reverse=True)
        self.max_full = int(y["max_full_name_chars"])
        self.places = {r["name"] for r in load_tsv("enterprise_places.tsv")}
        self.max_place_len = max(map(len, self.places))
        self.known = {r["name"]: (r.get("canonical") or r["name"]) for r in load_tsv("enterprise_known.tsv")}

        alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
        self.suffix_re = re.compile(f"(?:{alt(self.all_suffixes)})")
        self.tail_re = re.compile(f"(?:{alt(self.short_tails)})")
        self.known_re = re.compile(f"(?:{alt(self.known)})") if self.known else None
        self.alias_re = re.compile(
            r"[（(]\s*(?:以下)?(?:简称|下称|简称为|以下称)\s*[：:]?\s*[“\"「『]?"
            r"(?P<alias>[^”\"」』）)，,。]{1,15}?)[”\"」』]?\s*[）)]")
        self.enum_tail_re = re.compile(y["enumeration_tail"])
        self.cue_before_re = re.compile(
            "(?:" + "|".join(y["cue_before"]) + r")\s*[“\"]?(?P<name>[^、，,。；;\s“”\"（(]{2,12})")
        self.cue_after_re = re.compile(f"(?:{alt(y['cue_after'])})")
        self.cue_place_re = re.compile(
            f"(?:{alt(w for w in self.places if len(w) >= 2)})(?:{alt(y['cue_after_place'])})")
        self.paren_re = re.compile(r"[（(](?P<inner>[^（()）]{1,8})[）)]")
        self.sector_after = ("产业", "行业", "领域", "集群", "产品", "器件", "设备", "专业", "学院", "大学",
                             "研究", "园区", "产业园", "示范", "赛道", "板块", "概念", "企业", "产业链", "材料",
                             "装备", "系统", "技术")


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

def _is_common_word(word: str) -> bool:
    jieba, pseg = _jieba()
    return (len(word) >= 2 and jieba.dt.FREQ.get(word, 0) >= _COMMON_FREQ
            and pseg.dt.word_tag_tab.get(word, "n") not in _NAME_POS)


def _is_generic_brand(brand: str, R: _Rules) -> bool:
    """An ordinary word (航天, 高端, 推动) or a run of them cannot be a brand."""
    if len(brand) < 2 or brand in R.generic or brand in R.stop_words or brand in R.places:
        return True
    if any(ch.isdigit() for ch in brand) or not re.fullmatch(rf"[{_CJK}A-Za-z]+", brand):
        return True
    jieba, _ = _jieba()
    tokens = jieba.lcut(brand, HMM=False)
    if any(t in R.stop_words and len(t) >= 2 for t in tokens):
        return True
    return all(len(t) >= 2 and (_is_common_word(t) or t in R.generic or t in R.places) for t in tokens)


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


def _strip_industry(s: str, R: _Rules) -> str:
    """Trailing industry words (…生物信息科技 → …), keeping at least two characters."""
    changed = True
    while changed:
        changed = False
        for w in R.industry:
            if s.endswith(w) and len(s) - len(w) >= 2:
                s, changed = s[: -len(w)], True
                break
    return s


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
    return any(bare.endswith(s) for s in R.excluded_suffixes)


def _ends_with_stop_word(text: str, pos: int, R: _Rules) -> bool:
    for n in range(1, min(R.max_stop_len, pos) + 1):
        if text[pos - n: pos] in R.stop_words:
            return True
    return False


def _clean_left(text: str, pos: int, R: _Rules) -> bool:
    """Can a name start at `pos`? (start of text, punctuation, or a stop word before it)."""
    return pos == 0 or text[pos - 1] in _PUNCT or text[pos - 1].isdigit() or _ends_with_stop_word(text, pos, R)


# ---------------------------------------------------------------- candidates

def _full_name_start(text: str, suffix_start: int, R: _Rules) -> int:
    """Left edge of the name whose legal form starts at suffix_start."""
    lo = suffix_start
    floor = max(0, suffix_start - R.max_full)
    while lo > floor:
        ch = text[lo - 1]
        if ch in ")）":  # a parenthesised place inside the name: 英望科技(山东)有限公司
            m = re.search(r"[（(][^（()）]{1,8}[）)]$", text[max(floor, lo - 10): lo])
            if not m:
                break
            lo -= len(m.group())
            continue
        if ch in _PUNCT or ch.isspace():
            break
        lo -= 1
    if lo >= suffix_start:
        return suffix_start
    _, pseg = _jieba()
    # Segment the left context with parenthesised groups kept as one unit.
    pieces, last = [], lo
    for m in R.paren_re.finditer(text, lo, suffix_start):
        pieces.append((last, m.start()))
        pieces.append((m.start(), m.end(), "paren"))
        last = m.end()
    pieces.append((last, suffix_start))
    tokens: list[tuple[int, int, str]] = []
    for piece in pieces:
        if len(piece) == 3:
            tokens.append((piece[0], piece[1], "paren"))
            continue
        pos = piece[0]
        for word, flag in pseg.cut(text[piece[0]: piece[1]]):
            tokens.append((pos, pos + len(word), flag))
            pos += len(word)
    start = suffix_start
    has_brand = has_place = False
    for s, e, flag in reversed(tokens):
        word = text[s:e]
        if flag == "paren":
            start = s
            continue
        is_place = word in R.places
        if word in R.stop_words or flag.startswith(_STOP_POS) or flag == "eng" and not word.isalpha():
            break
        if has_place and not is_place:
            break  # the name opens with its place: 走进|滁州隆基…
        if flag.startswith("v") and has_brand:
            break  # a verb left of a complete brand: 见到|元一(天津)生物…
        if is_place:
            has_place = True
        elif word not in R.industry:
            has_brand = True
        start = s
    return start


def _full_names(text: str, R: _Rules) -> list[_Cand]:
    out = []
    for m in R.suffix_re.finditer(text):
        # 有限公司 inside 股份有限公司 etc.: the alternation is longest-first, so a
        # match never starts in the middle of a longer suffix.
        start = _full_name_start(text, m.start(), R)
        name = text[start: m.end()]
        if _valid_full(name, m.group(), R):
            out.append(_Cand(start, m.end(), "full"))
    return out


def _valid_full(name: str, suffix: str, R: _Rules) -> bool:
    stem = _strip_parens(name[: -len(suffix)], R)
    if len(stem) < 2 or stem in R.generic or name in R.excluded_names:
        return False
    if _strip_industry(_strip_places(stem, R), R) in R.generic:
        return False
    if suffix in R.strong_suffixes:
        return True
    # 公司 / 集团 / 银行 also close ordinary phrases (航空公司, 产业集团, 多家银行):
    # the part before them must keep a brand once places and industry words go.
    brand = _strip_industry(_strip_places(stem, R), R)
    if suffix == "银行":
        return len(stem) >= 2 and not all(w in R.generic or w in R.places for w in _jieba()[0].lcut(stem))
    if brand == stem and all(stem.endswith(w) is False for w in R.industry):
        pass
    if brand in R.places or brand in R.industry:
        return False
    return not _only_generic(brand, R)


def _only_generic(s: str, R: _Rules) -> bool:
    jieba, _ = _jieba()
    return all(t in R.generic or t in R.industry or t in R.places or t in R.stop_words
               for t in jieba.lcut(s, HMM=False))


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
    return out, blocked


def _short_forms(full: str, R: _Rules) -> set[str]:
    """Other ways an article refers to a full name: 山东有研艾斯, 有研艾斯, 鲲程电子, 有研集团."""
    stem = _stem(full, R)
    no_place = _strip_places(stem, R)
    forms = set()
    for base, has_place in ((stem, stem != no_place), (no_place, False)):
        cur = base
        while True:
            forms.add((cur, has_place))
            nxt = _strip_industry(cur, R)
            if nxt == cur:
                for w in R.industry:  # one industry word at a time
                    if cur.endswith(w) and len(cur) - len(w) >= 2:
                        nxt = cur[: -len(w)]
                        break
            if nxt == cur:
                break
            cur = nxt
    brand = _brand(full, R)
    if "集团" in full:
        forms.add((brand + "集团", False))
    keep = set()
    for form, has_place in forms:
        if form == full or len(form) < 3 or form in R.places or form in R.generic:
            continue
        if not has_place:
            b = _strip_industry(form, R)
            if _is_generic_brand(b, R) and not form.endswith("集团"):
                continue  # 加速科技 of 杭州加速科技有限公司 is an ordinary phrase
        keep.add(form)
    return keep


def _form_mentions(text: str, fulls: dict[str, str], R: _Rules) -> list[_Cand]:
    forms: dict[str, str | None] = {}
    for full, canonical in fulls.items():
        for f in _short_forms(full, R):
            if f in forms and forms[f] != canonical:
                forms[f] = None  # ambiguous between two companies
            else:
                forms[f] = canonical
    forms = {f: c for f, c in forms.items() if c}
    if not forms:
        return []
    pattern = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
    return [_Cand(m.start(), m.end(), "alias", forms[m.group()]) for m in pattern.finditer(text)]


def _known(text: str, R: _Rules) -> list[_Cand]:
    if R.known_re is None:
        return []
    return [_Cand(m.start(), m.end(), "known", R.known[m.group()]) for m in R.known_re.finditer(text)]


def _trim_item(text: str, s: int, e: int, R: _Rules) -> tuple[int, int]:
    """Strip spaces, quotes and a leading stop word / verb from an enumeration item."""
    while s < e and (text[s] in _PUNCT or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in _PUNCT or text[e - 1].isspace()):
        e -= 1
    # leading words up to the last stop word: 吸引了|英望科技
    for i in range(e - 2, s, -1):
        if _ends_with_stop_word(text, i, R) and i - s <= 8:
            return i, e
    return s, e


def _valid_short(name: str, R: _Rules, *, allow_place: bool = False) -> bool:
    """A name without legal form: not excluded, not a bare place, not an ordinary phrase."""
    if not 2 <= len(name) <= 12 or _excluded(name, R):
        return False
    if name in R.places or name in R.generic or name in R.stop_words:
        return False
    if not re.fullmatch(rf"[{_CJK}A-Za-z0-9·&（）()]+", name) or name.isdigit():
        return False
    brand = _strip_industry(_strip_places(name, R), R)
    if brand != name and _strip_places(name, R) != name and not allow_place and brand == _strip_places(name, R):
        pass
    return not _is_generic_brand(brand, R) or (brand in R.places and allow_place)


def _enumerations(text: str, R: _Rules) -> list[_Cand]:
    out = []
    for m in R.enum_tail_re.finditer(text):
        # the clause before the tail, back to the previous clause break
        lo = m.start()
        while lo > 0 and text[lo - 1] not in "，,。；;：:！!？?\n（(“\"":
            lo -= 1
        clause = text[lo: m.start()]
        if "、" not in clause and not re.search(r"[和及与]", clause):
            continue
        parts, pos = [], lo
        for piece in re.split(r"(、|和|及|与)", clause):
            if piece in ("、", "和", "及", "与"):
                pos += len(piece)
                continue
            parts.append((pos, pos + len(piece)))
            pos += len(piece)
        if len(parts) < 2:
            continue
        items = []
        for i, (s, e) in enumerate(parts):
            s, e = _trim_item(text, s, e, R) if i == 0 else _trim_item(text, s, e, R)
            items.append((s, e))
        good = [(s, e) for s, e in items if _valid_short(text[s:e], R, allow_place=True)]
        # most items must look like names: a list of industries (光伏、半导体等企业) is no list of companies
        if len(good) * 2 < len(items):
            continue
        out.extend(_Cand(s, e, "enum") for s, e in good)
    return out


def _cues(text: str, R: _Rules) -> list[_Cand]:
    out = []
    for m in R.cue_before_re.finditer(text):
        s, e = m.span("name")
        if _valid_short(text[s:e], R, allow_place=True):
            out.append(_Cand(s, e, "cue"))
    for m in list(R.cue_after_re.finditer(text)) + list(R.cue_place_re.finditer(text)):
        end = m.start()
        if text[end - 2: end] == "项目":  # 中信科移动|项目|有关负责人
            end -= 2
        for length in range(2, 9):
            s = end - length
            if s < 0 or text[s] in _PUNCT:
                break
            if _clean_left(text, s, R):
                name = text[s:end]
                if _valid_short(name, R) and not _ends_with_stop_word(text, end, R):
                    out.append(_Cand(s, end, "cue"))
                break
    return out


def _short_names(text: str, R: _Rules) -> list[_Cand]:
    """Brand + industry tail at a clean left boundary: 由|锐科激光, ，|光迅科技."""
    out = []
    for m in R.tail_re.finditer(text):
        ts, te = m.span()
        if text.startswith(R.sector_after, te) and not text.startswith("技术人员", te):
            continue
        for length in range(2, 5):
            s = ts - length
            if s < 0 or any(ch in _PUNCT for ch in text[s:ts]):
                break
            if not _clean_left(text, s, R):
                continue
            brand = text[s:ts]
            if any(brand.endswith(w) for w in R.industry):
                break  # 远大医药|科技: the tail belongs to a shorter name
            generic = _is_generic_brand(brand, R)
            if not generic or (m.group() in R.strong_tails and brand not in R.stop_words and len(brand) >= 2
                               and re.fullmatch(rf"[{_CJK}]+", brand) and not _only_stop(brand, R)):
                out.append(_Cand(s, te, "short"))
            break
    return out


def _only_stop(s: str, R: _Rules) -> bool:
    jieba, _ = _jieba()
    return all(t in R.stop_words for t in jieba.lcut(s, HMM=False))


# ---------------------------------------------------------------- NER layer

@lru_cache(maxsize=1)
def _ner():
    """The optional model: `find_entities(text) -> [(start, end, label)]`, or None."""
    try:
        from newsfacts.extract import ner  # noqa: PLC0415 - lazy: the model may not be trained yet
    except ImportError:
        return None
    find = getattr(ner, "find_entities", None)
    return find if callable(find) else None


def _sentence_spans(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences:
        return list(doc.sentences)
    return [m.span() for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", doc.text)]


def _ner_candidates(doc: Document, R: _Rules) -> tuple[list[_Cand], list[tuple[int, int]]]:
    """Company spans of the model, and spans it labels as non-enterprises."""
    find = _ner()
    if find is None:
        return [], []
    text = doc.text
    companies, others = [], []
    for s0, e0 in _sentence_spans(doc):
        sentence = text[s0:e0]
        if not _COMPANY_CUES.search(sentence):
            continue
        try:
            entities = find(sentence)
        except Exception:  # noqa: BLE001 - a broken model must not lose the rule results
            logging.getLogger(__name__).exception("NER failed on %s", doc.article_id)
            return companies, others
        for s, e, label in entities:
            s, e = s + s0, e + s0
            if label == "company":
                name = text[s:e]
                if _valid_short(name, R, allow_place=True) or _valid_full(name, _strip_suffix(name, R)[1] or "x", R) \
                        and _strip_suffix(name, R)[1]:
                    companies.append(_Cand(s, e, "ner"))
            elif label in ("government", "organization", "position", "name", "address", "scene"):
                others.append((s, e))
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
    return canonical


def _link_short(name: str, fulls: list[str], R: _Rules) -> str | None:
    """The full name a short name refers to, by brand: 黑芝麻公司 → 黑芝麻智能科技有限公司."""
    brand = _brand(name, R)
    if len(brand) < 2:
        return None
    tail = name[len(_strip_places(name, R)) - len(_strip_places(name, R)):]
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
    del tail
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


def extract(doc: Document) -> list[Enterprise]:
    """One Enterprise per mention in doc.text, `name` canonical, `source` how it was found."""
    text = doc.text
    if not text:
        return []
    R = _rules()
    fulls = _full_names(text, R)
    declared, blocked = _declared_aliases(text, fulls, R)
    full_surfaces = list(dict.fromkeys(text[c.start: c.end] for c in fulls))
    canonical = _canonical_fulls(full_surfaces, R)
    forms = _form_mentions(text, canonical, R)
    ner, non_enterprise = _ner_candidates(doc, R)
    rules = _known(text, R) + _enumerations(text, R) + _cues(text, R) + _short_names(text, R)
    cands = fulls + declared + forms + rules
    cands += [c for c in ner if not any(s < c.end and c.start < e for s, e in non_enterprise)]
    alias_table = {c_text: canonical.get(full, full) for c in declared
                   for c_text, full in [(text[c.start: c.end], c.name)]}

    out = []
    canon_fulls = list(dict.fromkeys(canonical.values()))
    for c in _resolve(cands):
        surface = text[c.start: c.end]
        if surface in blocked:
            continue
        if c.kind == "full":
            name = canonical[surface]
        elif c.name is not None and c.kind in ("declared", "alias"):
            name = canonical.get(c.name, c.name)
        else:
            name = alias_table.get(surface) or _link_short(surface, canon_fulls, R) or c.name or surface
        out.append(Enterprise(start=c.start, end=c.end, surface=surface, name=name, source=SOURCE[c.kind]))
    return out
