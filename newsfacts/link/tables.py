"""Tables of statistics bulletins, as scraped text gives them: a header of column names
(指标 / 单位 / 绝对数 / 比上年增长(%)), then rows of as many cells, either one cell per line
or one row per line with the cells apart (spaces, |). A row whose value and unit make a money
amount or a count is an indicator row: the name cell names it, the growth cell is its growth.
Without a unit column the name cell gives the unit in brackets (地区生产总值(亿元)); a dash
for the value leaves a row of its growth alone (规上工业增加值 —— 7.3).

The prose extractors see no figure in such a row (its number and its unit are separate cells),
so the rows come only from here. The value is read by the number engine, the value cell and
its unit cell written together (20011.65 + 亿元), so units scale as everywhere else.
"""
from __future__ import annotations

import re

from ..extract.numbers import find_numbers
from ..facts import DateSpan, Indicator
from .article import Article
from .context import city_and_area, governing_period
from .rules import link_rules, names_something

_NUMBER = re.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?")
_NO_VALUE = frozenset({"-", "—", "——", "－", "…", "/"})
_UNIT_IN_NAME = re.compile(r"[(（](?P<unit>[^()（）\d]{1,6})[)）]$")  # 地区生产总值(亿元)
_RULE_LINE = re.compile(r"[|｜:\-—\s]+")  # |---|---| under a header
_CELL_GAP = re.compile(r"\s*[|｜\t]\s*|\s+")  # between the cells of a row written on one line
_PERIOD_IN_NAME = re.compile(r"[(（]\s*[)）]")  # the brackets a row's period leaves behind


def table_rows(art: Article) -> list[Indicator]:
    """One indicator row per money or counted row of every table in the article."""
    lines = art.paragraphs
    rows: list[Indicator] = []
    i = 0
    while i < len(lines):
        header = _header(art, lines, i)
        if header is None:
            i += 1
            continue
        roles, width, one_line = header
        # the table's period is the one governing its header (1-4月，全市经济运行…。 / 指标 单位…),
        # not a row's own (地区生产总值（一季度）) that the rows below would otherwise take
        at = lines[i][0]
        period = governing_period(art, (at, at), (at, at), at)
        i += 1 if one_line else width
        while i < len(lines) and _RULE_LINE.fullmatch(art.text[lines[i][0]:lines[i][1]]):
            i += 1
        while i < len(lines):
            cells = _row_cells(art, lines, i, width, one_line)
            if not cells or not _is_row(roles, cells):
                break  # the table ended
            row = _indicator(art, roles, cells, period)
            if row is not None:
                rows.append(row)
            i += 1 if one_line else width
    return rows


def _header(art: Article, lines: list[tuple[int, int]], i: int) -> tuple[dict[str, int], int, bool] | None:
    """(column index by role, number of columns, one row per line) of a header starting at line i."""
    columns = link_rules().table_columns
    line = art.text[lines[i][0]:lines[i][1]].strip()
    if _role(line, columns) is None:  # not the first of one column name per line
        if not any(name in line for name in columns["name"]):
            return None  # no header row: most lines, found without splitting them
        cells = _split(line)
        roles = _roles(cells, columns) if len(cells) >= 3 else None
        return (roles, len(cells), True) if roles else None
    names: list[str] = []
    for s, e in lines[i:i + 6]:  # one column name per line
        cell = art.text[s:e].strip()
        if _role(cell, columns) is None:
            break
        names.append(cell)
    roles = _roles(names, columns)
    return (roles, len(names), False) if roles else None


def _roles(cells: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int] | None:
    """Column index by role, when the cells name a row's name and its value (and its unit,
    unless the name cell gives it: 地区生产总值(亿元))."""
    roles: dict[str, int] = {}
    for k, cell in enumerate(cells):
        role = _role(cell, columns)
        if role is None:
            return None
        roles.setdefault(role, k)
    return roles if {"name", "value"} <= roles.keys() else None


def _role(cell: str, columns: dict[str, tuple[str, ...]]) -> str | None:
    if len(cell) > link_rules().table_name_limit:
        return None  # a line of text, not a column name
    cell = cell.replace(" ", "").replace("（", "(").replace("）", ")")
    return next((role for role, names in columns.items() if cell in names), None)


def _split(line: str) -> list[str]:
    return [c for c in _CELL_GAP.split(line.strip("|｜ ")) if c]


def _row_cells(art: Article, lines, i: int, width: int, one_line: bool) -> list[tuple[int, str]] | None:
    """(offset, text) of the cells of the row at line i; None when the table ended."""
    if one_line:
        s, e = lines[i]
        cells, pos = [], s
        for cell in _split(art.text[s:e]):
            pos = art.text.index(cell, pos, e)
            cells.append((pos, cell))
            pos += len(cell)
        return cells if len(cells) == width else None
    if i + width > len(lines):
        return None
    return [(s + len(art.text[s:e]) - len(art.text[s:e].lstrip()), art.text[s:e].strip()) for s, e in lines[i:i + width]]


def _is_row(roles: dict[str, int], cells: list[tuple[int, str]]) -> bool:
    """A name, a unit without digits, a number or a dash for the value, and one for the growth
    (not both dashes)."""
    name, unit = _name_and_unit(roles, cells)
    value = cells[roles["value"]][1]
    growth = cells[roles["growth"]][1] if "growth" in roles else "-"
    value_ok, growth_ok = bool(_NUMBER.fullmatch(value)), bool(_NUMBER.fullmatch(growth))
    return (names_something(name) and not _NUMBER.search(unit)
            and (value_ok or value in _NO_VALUE) and (growth_ok or growth in _NO_VALUE) and (value_ok or growth_ok))


def _name_and_unit(roles: dict[str, int], cells: list[tuple[int, str]]) -> tuple[str, str]:
    """The row's name and unit: the unit's own cell, or the name's closing brackets (地区生产总值(亿元))."""
    name = _name(cells[roles["name"]][1])
    if "unit" in roles:
        return name, cells[roles["unit"]][1]
    bracketed = _UNIT_IN_NAME.search(name)
    return (name[:bracketed.start()], bracketed["unit"]) if bracketed else (name, "")


def _indicator(art: Article, roles: dict[str, int], cells: list[tuple[int, str]],
               table_period: DateSpan | None) -> Indicator | None:
    """The row's indicator; None for a rate (%) or an index, which has no figure of its own."""
    name, unit = _name_and_unit(roles, cells)
    name_at, name_cell = cells[roles["name"]]
    own = art.facts_between(art.dates, name_at, name_at + len(name_cell))
    if own:  # 地区生产总值（一季度）: the row's own period, written after its name
        name = _PERIOD_IN_NAME.sub("", name.replace(own[-1].surface, "", 1)) or name
    value_at, value = cells[roles["value"]]
    growth_cell = cells[roles["growth"]][1] if "growth" in roles else "-"
    growth = None if growth_cell in _NO_VALUE else float(growth_cell.replace(",", "").replace("−", "-"))
    if value in _NO_VALUE:  # 规上工业增加值 —— 7.3: a growth alone
        figure = None
        value_at, value = cells[roles["growth"]]
    else:
        figure = next(iter(find_numbers(value + unit)), None)
        if figure is None or figure.end != len(value) + len(unit) or figure.kind not in ("money", "quantity"):
            return None
    line = (value_at, value_at + len(value))
    city, area = city_and_area(art, line, line, value_at)
    period = own[-1] if own else table_period
    return Indicator(
        start=value_at, end=value_at + len(value), surface=value,
        city=city, area=area, indicator=name, value=figure.value if figure else None,
        unit=None if figure is None else "元" if figure.currency == "CNY" else figure.currency or figure.unit,
        growth_pct=growth, growth_kind="yoy" if growth is not None else None,
        period_start=period.start_date if period else None, period_end=period.end_date if period else None,
    )


def _name(cell: str) -> str:
    for lead in link_rules().table_name_leads:
        cell = cell.removeprefix(lead)
    return cell.strip()
