"""Generate patterns/places.tsv, the gazetteer of Chinese administrative places.

Run by hand (``.venv/bin/python scripts/build_gazetteer.py``) whenever the source
package is upgraded; the generated TSV is committed and read at run time, this
script never is.

Source: jionlp's ``dictionary/china_location.txt`` (province / city / county
tree with 6-digit codes and short names, more current than cpca's
``resources/adcodes.csv``, which predates the 2019-2021 renames), with the
renames of ``dictionary/china_location_change.txt`` applied where the main file
still carries the old unit. Statistical functional zones that the source lists
among counties (codes ending 71-79, e.g. 芜湖经济技术开发区 340271) become rows
of level ``zone`` whose ``adcode`` is their city's code; their own code is kept
in ``stat_code``.
"""
from __future__ import annotations

import argparse
import re
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from importlib.util import find_spec

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "patterns" / "places.tsv"
# Located without importing jionlp (its import is slow and prints a banner).
DICT_DIR = Path(find_spec("jionlp").submodule_search_locations[0]) / "dictionary"

COLUMNS = ("adcode", "name", "short", "aliases", "level", "province", "city", "stat_code")

# Special administrative regions and Taiwan: keep the region and its cities, not
# their districts (no codes in the source, and names like 东区/中西区 are generic).
NO_DISTRICTS = {"香港特别行政区", "澳门特别行政区", "台湾省"}
# The special administrative regions are provincial-level cities, like the municipalities:
# their city row is the region itself (the source's city node is a bare 香港 / 澳门).
SPECIAL_REGIONS = {"香港特别行政区", "澳门特别行政区"}
# Placeholder nodes of the source tree, not places.
PLACEHOLDERS = {"市直辖行政区划", "省直辖行政区划"}
# Autonomous units are also called by short name + kind: 恩施土家族苗族自治州 -> 恩施州.
AUTONOMOUS = re.compile(r"自治(州|县|旗)$")
# Codes ending 71-79 are the statistical bureau's functional zones (开发区, 管理区 ...);
# a few zones carry ordinary-looking codes in the source, so the name decides too.
ZONE_CODE = re.compile(r"^\d{4}7\d$")
ZONE_NAME = re.compile(r"(开发区|园区|产业园|示范区|管理区|实验区|合作区|管委会)$")
NOT_ADMINISTRATIVE = {"天府新区"}  # a national new area, listed by the source as a district
ZONE_ABBREVIATIONS = (
    ("高新技术产业开发区", "高新区"),
    ("高新技术开发区", "高新区"),
    ("高新技术产业园区", "高新区"),
    ("高技术产业开发区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
)


def _location_lines() -> list[str]:
    """china_location.txt, which jionlp ships zipped and unpacks on first use."""
    text_file = DICT_DIR / "china_location.txt"
    if text_file.exists():
        return text_file.read_text(encoding="utf-8").splitlines(keepends=True)
    with zipfile.ZipFile(DICT_DIR / "china_location.zip") as archive:
        return archive.read("china_location.txt").decode("utf-8").splitlines(keepends=True)


def read_tree() -> list[dict]:
    """Rows (province, city, district) of china_location.txt, depth <= 2."""
    rows: list[dict] = []
    stack: list[list[str]] = [[], [], []]
    for line in _location_lines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        fields = line.strip().split("\t")
        stack[depth] = fields
        if len(fields) != 3 or fields[0] in PLACEHOLDERS:
            continue
        name, code, short = fields
        province = stack[0][0]
        parent = stack[1][0] if depth == 2 else None
        rows.append({"depth": depth, "name": name, "code": code, "short": short,
                     "province": province, "parent": parent})
    return rows


def read_changes() -> list[tuple[tuple, tuple]]:
    """(old (province, city, county), new (province, city, county)) renames."""
    changes = []
    with (DICT_DIR / "china_location_change.txt").open(encoding="utf-8") as fh:
        for line in fh:
            if "=>" not in line:
                continue
            old, new = line.rstrip("\n").split("=>")
            old_f, new_f = old.split("\t"), new.split("\t")
            old_key = (old_f[2], old_f[4], old_f[6] if len(old_f) > 6 else None)
            new_key = (new_f[0], new_f[1], new_f[2] if len(new_f) > 2 else None)
            changes.append((old_key, new_key))
    return changes


def short_of(name: str, source_short: str) -> tuple[str, list[str]]:
    """Primary short name and further aliases of a full name."""
    aliases: list[str] = []
    short = source_short
    if short == name or short in {"省直辖", "市直辖"}:
        short = ""
    m = AUTONOMOUS.search(name)
    if m and short:
        aliases.append(short + m.group(1))  # 恩施州, 长阳县, 鄂温克旗
    return short, aliases


def zone_short(name: str, province: str, province_short: str, city: str, city_short: str) -> str:
    """芜湖经济技术开发区 -> 芜湖经开区; 河北唐山海港经济开发区 -> 唐山海港经开区."""
    short = name
    for long, abbr in ZONE_ABBREVIATIONS:
        short = short.replace(long, abbr)
    for prefix in (province, province_short):
        rest = short[len(prefix):] if prefix and short.startswith(prefix) else ""
        if rest and (rest.startswith(city) or (city_short and rest.startswith(city_short))):
            short = rest
    if city_short and short.startswith(city):
        short = city_short + short[len(city):]
    return short if short != name else ""


def build() -> list[dict]:
    tree = read_tree()
    by_key = {(r["province"], r["parent"], r["name"] if r["depth"] == 2 else None): r
              for r in tree if r["depth"] == 2}
    # Apply renames the main file has not caught up with (e.g. 无为县 -> 无为市).
    old_names: dict[tuple, list[str]] = {}
    for old, new in read_changes():
        if old[2] is None:  # a whole city renamed (襄樊市 -> 襄阳市): remember the old name
            old_names.setdefault((new[0], None, new[1]), []).append(old[1])
            continue
        new_key = (new[0], new[1], new[2])
        old_key = (old[0], old[1], old[2])
        if old_key in by_key and new_key not in by_key:
            row = by_key.pop(old_key)
            row["name"], row["parent"], row["short"] = new[2], new[1], re.sub(r"(市|区|县)$", "", new[2])
            by_key[new_key] = row
        elif old_key in by_key:  # merged into an existing unit (湾里区 -> 新建区)
            row = by_key.pop(old_key)
            row["drop"] = True
        old_names.setdefault(new_key, []).append(old[2])

    out: list[dict] = []
    shorts = {(r["province"], r["name"]): r["short"] for r in tree if r["depth"] < 2}
    province_of_municipality = {r["name"] for r in tree if r["depth"] == 0 and r["name"].endswith("市")}
    for r in tree:
        if r.get("drop"):
            continue
        depth, name, code, province = r["depth"], r["name"], r["code"], r["province"]
        if depth == 2 and (r["parent"] in NO_DISTRICTS or province in SPECIAL_REGIONS):
            continue  # 东区, 北区, 南区 of 香港: generic names, no codes
        if depth == 1 and province in SPECIAL_REGIONS:
            name = province
        short, aliases = short_of(name, r["short"] or shorts.get((province, province), ""))
        stat_code = code
        if depth == 0:
            level, city = "province", ""
        elif depth == 1:
            level, city = "city", name
        else:
            parent = r["parent"]
            if parent in PLACEHOLDERS:
                # Province-administered county-level cities (仙桃市, 济源市, 石河子市)
                # stand in for a prefecture: they are their own city.
                level, city = "city", name
            else:
                level, city = "district", parent
        if level == "district" and (ZONE_CODE.match(code) or ZONE_NAME.search(name)
                                    or name in NOT_ADMINISTRATIVE):
            level = "zone"
            parent_row = next(x for x in tree if x["depth"] == 1 and x["name"] == city and x["province"] == province)
            code = parent_row["code"]
            short, aliases = zone_short(name, province, shorts.get((province, province), ""), city, shorts.get((province, city), "")), []
        if level == "city" and name in province_of_municipality and depth == 1:
            province = name
        old = old_names.get((province, None, name) if level == "city" else (province, city, name), [])
        for old_name in old:
            if old_name != name and old_name not in aliases:
                aliases.append(old_name)
                if level == "city":
                    aliases.append(re.sub(r"(市|地区)$", "", old_name))
        out.append({"adcode": code, "name": name, "short": short, "aliases": "|".join(aliases),
                    "level": level, "province": province, "city": city if level != "province" else "",
                    "stat_code": stat_code})
    # Deduplicate (the source repeats municipality nodes; changes may land twice).
    seen, unique = set(), []
    for row in out:
        key = (row["level"], row["province"], row["city"], row["name"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    unique.sort(key=lambda r: (r["adcode"], "province city district zone".split().index(r["level"]), r["name"]))
    return unique


def write(rows: list[dict], path: Path) -> None:
    version = metadata.version("jionlp")
    counts = {lvl: sum(r["level"] == lvl for r in rows) for lvl in ("province", "city", "district", "zone")}
    header = [
        "# Gazetteer of Chinese administrative places: provinces, prefecture-level units",
        "# (cities, autonomous prefectures, leagues, 地区, and province-administered county-level",
        "# cities such as 仙桃市), counties/districts, and statistical functional zones.",
        f"# Source: jionlp {version} dictionary/china_location.txt + china_location_change.txt",
        "# (renames applied; renamed units keep the code the source gives them).",
        "# Generated by scripts/build_gazetteer.py -- do not edit by hand; hand-made zones live in zones.tsv.",
        "# Columns: adcode (6-digit; for a zone the adcode of its city), name (full), short (primary",
        "# short name, may be empty), aliases (|-separated: 恩施州, old names), level",
        "# (province/city/district/zone), province, city (canonical parents; a municipality's city",
        "# row has province == city), stat_code (the source's own code; differs for zones).",
        "# Counts: " + ", ".join(f"{k}={v}" for k, v in counts.items()),
    ]
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(header) + "\n")
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write("\t".join(r[c] for c in COLUMNS) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = build()
    write(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
