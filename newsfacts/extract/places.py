"""Places: provinces, cities, counties/districts and development zones in an article.

Data: patterns/places.tsv (generated gazetteer), patterns/zones.tsv (hand-made zones),
patterns/places.yaml (stop lists, suffix rules). Every name form is a key of one
Aho-Corasick automaton, built once per process; a text is scanned leftmost-longest
(so 武汉中旗 is 武汉, never 汉中), then each match is kept or dropped by the rules:

- a short name that is a common word (合作, 白银) needs its province right before it
  or its full name elsewhere in the article;
- a bare county/district short name (武清) needs its city or province named in the
  article; an ambiguous one (鼓楼, 通州) is resolved by the cities the article names,
  nearest first, or dropped;
- adjacent names that nest (湖北省孝感市, 天津武清, 武汉东湖高新区) form one mention.

Helpers for the indicator linker: `resolve(name)`, `city_of(location)`, `main_city(doc)`.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs
import regex

from newsfacts.facts import Document, Location
from newsfacts.patterns import load_tsv, load_yaml

LEVEL_RANK = {"province": 0, "city": 1, "zone": 2, "district": 3}


_CJK = regex.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class Place:
    level: str  # province / city / district / zone
    province: str | None
    city: str | None
    district: str | None
    zone: str | None
    adcode: str | None

    @property
    def name(self) -> str:
        return self.zone or self.district or self.city or self.province or ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a key: the place it names and how strong the name form is."""

    place: Place
    form: str  # full / short / zone
    common: bool = False  # short that is also an everyday word (合作, 白银)
    generic: bool = False  # full name that is also an ordinary word (城区, 郊区)
    contextual: bool = False  # ... read where the article names its city (江北区 in 重庆)
    needs_context: bool = False  # counts only if the article names its city/province


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    place: Place


class _Anchors:
    """The article's unambiguous mentions (start, place), in text order, and what they name:
    looked up once per article, not once per ambiguous name (a long list of places took time
    growing with its square)."""

    def __init__(self, anchors: list[tuple[int, Place]]) -> None:
        self.anchors = anchors
        self.starts = [start for start, _ in anchors]
        self.named = {attr: {getattr(a, attr) for _, a in anchors} for attr in ("city", "province")}

    def within(self, pos: int, window: int) -> list[tuple[int, Place]]:
        """The anchors at most `window` characters from `pos`, in text order."""
        first = bisect.bisect_left(self.starts, pos - window)
        return self.anchors[first:bisect.bisect_right(self.starts, pos + window)]


def _leftmost_longest(matches: list[tuple[int, int, int]],
                      same_place: Callable[[int, int], bool]) -> list[tuple[int, int, int]]:
    """Non-overlapping (key, start, end) matches, read left to right: at each start the
    longest key, then on from its end (so 武汉中旗 is 武汉, never 汉中). A longer name of the
    same place overlapping a chosen one extends it (深圳前海 + 前海深港现代服务业合作区: one
    mention of the zone). Sorts `matches` in place."""
    matches.sort(key=lambda m: (m[1], -m[2]))
    chosen: list[tuple[int, int, int]] = []
    pos = 0
    for match in matches:
        if match[1] >= pos:
            chosen.append(match)
            pos = match[2]
        elif match[2] > pos and same_place(chosen[-1][0], match[0]):
            chosen[-1] = (chosen[-1][0], chosen[-1][1], match[2])
            pos = match[2]
    return chosen


class Gazetteer:
    def __init__(self) -> None:
        rules = load_yaml("places.yaml")
        self.rules = rules
        self.common = set(rules["common_word_shorts"])
        self.generic = set(rules["generic_full_names"])
        self.contextual = set(rules["contextual_full_names"])
        self.bare_zone_words = tuple(rules["bare_zone_words"])
        self.bare_zone_after = frozenset(rules["bare_zone_after"])
        self.not_followed = tuple(rules["short_not_followed_by"])
        self.window = int(rules["context_window"])
        self.lead_chars = int(rules["lead_chars"])
        self.keys: dict[str, list[Entry]] = {}
        self._load_gazetteer(rules)
        self._load_zones()
        for word in rules["blockers"]:
            self.keys[word] = []
        # ahocorasick_rs scans at ~40M chars/s; pyahocorasick's iter_long took ~3M (a linear
        # search among the root's thousands of children at every character). The automaton
        # reports every match and `_leftmost_longest` picks among them: with ~57k keys the
        # crate's own leftmost-longest automaton took 0.5 s to build (every process pays it
        # at start-up), the standard one 0.13 s, and the scan is no slower.
        self.key_entries = [tuple(dict.fromkeys(entries)) for entries in self.keys.values()]
        self.automaton = ahocorasick_rs.AhoCorasick(list(self.keys), matchkind=ahocorasick_rs.MatchKind.Standard)
        self.named_zone_suffixes = {**rules["zone_suffixes"], **rules["named_zone_suffixes"]}
        shortest, longest = rules["named_zone_name_chars"]
        suffixes = "|".join(map(regex.escape, sorted(self.named_zone_suffixes, key=len, reverse=True)))
        self.named_zone = regex.compile(rf"(?P<name>\p{{Han}}{{{shortest},{longest}}}?)(?P<suffix>{suffixes})")
        self.named_zone_not_tags = tuple(rules["named_zone_name_not_tags"])

    # -- building -------------------------------------------------------------
    def _add(self, key: str, entry: Entry) -> None:
        if len(key) >= 2:
            self.keys.setdefault(key, []).append(entry)

    def _load_gazetteer(self, rules: dict) -> None:
        rows = load_tsv("places.tsv")
        self.city_shorts = {r["name"]: r["short"] for r in rows if r["level"] == "city" and r["short"]}
        municipalities = {r["name"] for r in rows if r["level"] == "city" and r["province"] == r["name"]}
        # A county short makes zone names (全椒经济开发区) only if no other place shares it.
        short_count: dict[str, int] = {}
        for r in rows:
            for form in filter(None, [r["short"], *r["aliases"].split("|")]):
                short_count[form] = short_count.get(form, 0) + 1
        county_zone_bases: list[tuple[str, str, Place]] = []  # (written base, short, county)
        for r in rows:
            level, name, short = r["level"], r["name"], r["short"]
            if level == "province" and name in municipalities:
                continue  # the city row stands for 北京市 etc.
            province = r["province"] or None
            city = r["city"] or None
            if level == "province":
                place = Place("province", name, None, None, None, r["adcode"])
            elif level == "city":
                place = Place("city", province, name, None, None, r["adcode"])
            elif level == "district":
                place = Place("district", province, city, name, None, r["adcode"])
            else:
                zone = short or name
                place = Place("zone", province, city, None, zone, r["adcode"])
                self._add(name, Entry(place, "zone"))
                if short:
                    self._add(short, Entry(place, "zone"))
                continue
            self._add(name, Entry(place, "full", generic=name in self.generic, contextual=name in self.contextual))
            for alias in filter(None, r["aliases"].split("|")):
                if alias not in self.generic:  # old names like 城区 (大同) are ordinary words
                    self._add(alias, Entry(place, "full"))
            if short:
                self._add(short, Entry(place, "short", common=short in self.common,
                                       needs_context=level == "district"))
                if level == "district" and short_count[short] == 1 and short not in self.common:
                    county_zone_bases.append((short, short, place))
                    county_zone_bases.append((name, short, place))
            if level == "city" and short:
                self._add_city_zones(short, name, place, rules["zone_suffixes"])
            if level == "province" and short:
                self._add_province_zones(short, place, rules["province_zone_suffixes"])
        county_suffixes = {s: rules["zone_suffixes"][s] for s in rules["county_zone_suffixes"]}
        for base, short, place in county_zone_bases:
            for suffix, canon in county_suffixes.items():
                zone = Place("zone", place.province, place.city, place.district, short + canon, place.adcode)
                self._add(base + suffix, Entry(zone, "zone"))

    def _add_city_zones(self, short: str, name: str, city: Place, suffixes: dict) -> None:
        for suffix, canon in suffixes.items():
            zone = Place("zone", city.province, city.city, None, short + canon, city.adcode)
            self._add(short + suffix, Entry(zone, "zone"))
            self._add(name + suffix, Entry(zone, "zone"))

    def _add_province_zones(self, short: str, province: Place, suffixes: dict) -> None:
        for suffix, canon in suffixes.items():
            zone = Place("zone", province.province, None, None, short + canon, province.adcode)
            self._add(short + suffix, Entry(zone, "zone"))
            for left, right in (("(", ")"), ("（", "）")):
                self._add(f"中国{left}{short}{right}{suffix}", Entry(zone, "zone"))

    def _load_zones(self) -> None:
        hand: dict[str, list[Entry]] = {}
        for r in load_tsv("zones.tsv"):
            place = Place("zone", r["province"] or None, r["city"] or None, r["district"] or None,
                          r["zone"] or None, r["adcode"] or None)
            hand.setdefault(r["surface"], []).append(
                Entry(place, "zone", needs_context=r["needs_context"] == "y"))
        self.keys.update(hand)  # hand-made readings replace generated ones

    # -- matching -------------------------------------------------------------
    def _same_place(self, key: int, other: int) -> bool:
        """Do two keys name one place and nothing else (深圳前海, 前海深港现代服务业合作区)?"""
        places = {e.place for e in self.key_entries[key]}
        return len(places) == 1 and places == {e.place for e in self.key_entries[other]}

    def scan(self, text: str) -> list[Location]:
        every = self.automaton.find_matches_as_indexes(text, overlapping=True)
        raw = [(start, end, self.key_entries[key]) for key, start, end in _leftmost_longest(every, self._same_place)]
        anchors = _Anchors(self._anchors(raw))
        context = ({a.city for _, a in anchors.anchors if a.city},
                   {a.province for _, a in anchors.anchors if a.level == "province"})
        full_seen = {e.place for _, _, entries in raw for e in entries if e.form != "short"}
        out: list[Location] = []
        prev: _Match | None = None
        named_zones: dict[str, Place] = {}  # zones named after their city, as written
        covered = 0  # end of the last named zone: the names inside it are its own
        for start, end, entries in raw:
            if start < covered:
                continue
            if not entries:
                prev = None
                continue
            parent = prev.place if prev and prev.end == start else None
            place = self._choose(text, start, end, entries, parent, anchors, context, full_seen)
            if place is None:
                prev = None
                continue
            if parent is not None and _nests(place, parent):
                merged_start = out[-1].start
                out[-1] = _location(text, merged_start, end, place)
            else:
                out.append(_location(text, start, end, place))
            prev = _Match(start, end, place)
            zone = self._named_zone(text, end, place) if place.level == "city" else None
            if zone is not None:
                zone_end, zone_place, written = zone
                out[-1] = _location(text, out[-1].start, zone_end, zone_place)
                named_zones[written] = zone_place
                prev, covered = _Match(out[-1].start, zone_end, zone_place), zone_end
        if len(context[0]) == 1:
            out = self._bare_zones(text, out, next(iter(context[0])))
        return self._later_mentions(text, out, named_zones) if named_zones else out

    def _bare_zones(self, text: str, found: list[Location], city: str) -> list[Location]:
        """高新区 / 经开区 written alone in an article about one city: that city's zone of the kind,
        where the gazetteer has it (襄阳…。高新区项目最多 -> 襄阳高新区); not after a word that makes it
        a kind (国家级高新区, 全国178个高新区) or a name the gazetteer lacks (某某高新区)."""
        short = self.city_shorts.get(city, "")
        extra = []
        for word in self.bare_zone_words:
            zone = next((e.place for e in self.keys.get(short + word, ()) if e.place.level == "zone"), None)
            if zone is None:
                continue
            pos = text.find(word)
            while pos >= 0:
                before = text[pos - 1] if pos else "\n"
                taken = any(loc.start <= pos < loc.end for loc in found)
                if not taken and (not _CJK.match(before) or before in self.bare_zone_after):
                    extra.append(_location(text, pos, pos + len(word), zone))
                pos = text.find(word, pos + len(word))
        return sorted(found + extra, key=lambda loc: loc.start) if extra else found

    def _named_zone(self, text: str, end: int, city: Place) -> tuple[int, Place, str] | None:
        """The zone named right after its city at `end`, unless the gazetteer knows the
        words there: (end of the zone, the zone, its name as written)."""
        m = self.named_zone.match(text, end)
        if m is None or m[0] in self.keys:
            return None
        import jieba.posseg  # noqa: PLC0415 - loaded by every extractor run already; lazy for the gazetteer alone

        if any(flag.startswith(self.named_zone_not_tags) for _, flag in jieba.posseg.cut(m["name"], HMM=False)):
            return None
        zone = m["name"] + self.named_zone_suffixes[m["suffix"]]
        return m.end(), Place("zone", city.province, city.city, None, zone, city.adcode), m[0]

    @staticmethod
    def _later_mentions(text: str, found: list[Location], zones: dict[str, Place]) -> list[Location]:
        """The named zones again where the text writes them alone (三江新区今年…)."""
        starts = [loc.start for loc in found]  # found: start-sorted, not overlapping
        extra = []
        for written, place in zones.items():
            pos = text.find(written)
            while pos >= 0:
                end = pos + len(written)
                i = bisect.bisect_left(starts, end)  # the mentions starting before this one ends
                if i == 0 or found[i - 1].end <= pos:
                    extra.append(_location(text, pos, end, place))
                pos = text.find(written, end)
        return sorted(found + extra, key=lambda loc: loc.start)

    def _anchors(self, raw) -> list[tuple[int, Place]]:
        """Unambiguous province/city/zone mentions: the article's own context."""
        anchors = []
        for start, _end, entries in raw:
            places = {e.place for e in entries
                      if not e.common and not e.generic and not e.needs_context
                      and (e.form != "short" or e.place.level in ("province", "city"))}
            if len(places) == 1:
                anchors.append((start, next(iter(places))))
        return anchors

    def _choose(self, text, start, end, entries, parent, anchors, context, full_seen) -> Place | None:
        follows_street = text.startswith(self.not_followed, end)
        kept: list[Entry] = []
        for e in entries:
            nested = parent is not None and _nests(e.place, parent)
            if e.form == "short" and follows_street:
                continue
            if e.generic and not nested and not (e.contextual and e.place.city in context[0]):
                continue
            if e.common and not (nested or e.place in full_seen):
                continue
            if e.needs_context and not (nested or e.place.city in context[0]
                                        or e.place.province in context[1]):
                continue
            kept.append(e)
        if not kept:
            return None
        if parent is not None:
            nested = [e for e in kept if _nests(e.place, parent)]
            kept = nested or kept
        best = min(LEVEL_RANK[e.place.level] for e in kept)
        places = list(dict.fromkeys(e.place for e in kept if LEVEL_RANK[e.place.level] == best))
        if len(places) == 1:
            return places[0]
        return self._disambiguate(places, start, anchors, full=any(e.form != "short" for e in kept))

    def _disambiguate(self, places: list[Place], pos: int, anchors: _Anchors, full: bool) -> Place | None:
        """Several places share the name (鼓楼区): the article's nearest city decides."""
        for attr in ("city", "province"):
            fitting = [p for p in places if getattr(p, attr) in anchors.named[attr]]
            if len(fitting) == 1:
                return fitting[0]
            if len(fitting) > 1:
                near = [(abs(apos - pos), p) for p in fitting for apos, a in anchors.within(pos, self.window)
                        if getattr(a, attr) == getattr(p, attr)]
                near.sort(key=lambda t: t[0])
                if near and (len(near) == 1 or near[0][0] < near[1][0]):
                    return near[0][1]
                break
        if not full:
            return None
        # A full name we cannot place (鼓楼区 with no city around): keep what is common.
        first = places[0]
        same = lambda attr: getattr(first, attr) if all(getattr(p, attr) == getattr(first, attr) for p in places) else None
        return Place(first.level, same("province"), same("city"), same("district"), same("zone"), None)


def _nests(child: Place, parent: Place) -> bool:
    """True if `child` lies inside `parent` and is more specific (湖北省 > 孝感市 > 孝南区)."""
    if child == parent:
        return False
    if parent.level == "province":
        return child.province == parent.province
    if parent.level == "city":
        return child.city == parent.city and child.level in ("district", "zone")
    if parent.level == "district":
        return child.level == "zone" and child.district == parent.district
    return False


def _location(text: str, start: int, end: int, place: Place) -> Location:
    return Location(start=start, end=end, surface=text[start:end], province=place.province,
                    city=place.city, district=place.district, zone=place.zone, adcode=place.adcode)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


# -- public interface ---------------------------------------------------------
def extract(doc: Document) -> list[Location]:
    """Every province, city, county/district and zone mentioned in `doc.text`."""
    return gazetteer().scan(doc.text)


def resolve(name: str) -> Location | None:
    """The place a name stands for on its own (孝感 -> 孝感市; 鼓楼区 -> None: ambiguous)."""
    entries = gazetteer().keys.get(name)
    if not entries:
        return None
    best = min(LEVEL_RANK[e.place.level] for e in entries)
    places = list(dict.fromkeys(e.place for e in entries if LEVEL_RANK[e.place.level] == best))
    if len(places) != 1:
        return None
    return _location(name, 0, len(name), places[0])


def city_of(location: Location) -> str | None:
    """The prefecture- or provincial-level city of a place (武清区 -> 天津市); None for a province."""
    return location.city


def main_city(doc: Document, locations: list[Location] | None = None) -> str | None:
    """The city the article is about: named in the title and lead, and most often."""
    if locations is None:
        locations = doc.facts.get("locations") or extract(doc)  # type: ignore[assignment]
    gaz = gazetteer()
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    title = doc.title or ""
    title_cities = {loc.city for loc in gaz.scan(title) if loc.city}
    lead_end = gaz.lead_chars
    if title and doc.text.startswith(title):
        lead_end += len(title)
    for loc in locations:
        city = city_of(loc)
        if not city:
            continue
        scores[city] = scores.get(city, 0.0) + (2.0 if loc.start < lead_end else 1.0)
        first_seen.setdefault(city, loc.start)
    for city in title_cities:
        scores[city] = scores.get(city, 0.0) + 10.0  # the title names the subject
        first_seen.setdefault(city, -1)
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c], -first_seen[c]))
