"""Character widths, punctuation, OCR spacing and broken lines.

After this step digits and Latin letters are half-width, sentence punctuation
after Chinese text is full-width, and a paragraph is one line (paragraphs are separated by one newline).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..patterns import load_yaml

CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A comma stays ASCII in a thousands group (1,200) and between Latin words (Co., Ltd.; Hello, world).
_CHINESE_COMMA = re.compile(r",(?!(?<=[A-Za-z.],) ?[A-Za-z])(?:(?<!\d,)|(?!\d{3}(?!\d)))")
_OCR_SPACE = re.compile(rf" (?<=[{CJK}] )(?=[{CJK}])")
_SPACES = re.compile(r"[ \t\u2002-\u200b\u3000]+")
_RUNNING_TEXT = re.compile("[，。；,;]")
_FIGURE_END = re.compile(r"\d[\u4e00-\u9fff]$")  # 352家
_STARTS_CJK = re.compile(rf"^[{CJK}\d]")
# a table's row (cells apart by tabs or bars, or two numeric cells), never a wrapped line of prose;
# a space between Chinese words is OCR's (三一 重工)
_TABLE_ROW = re.compile(r"[\t|｜]|(?:(?:^|\s)[-+]?\d[\d.,%]*(?=\s|$).*){2}")
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


@lru_cache(maxsize=1)
def _rules():
    return load_yaml("layout.yaml")


@dataclass(frozen=True, slots=True)
class _Marks:
    half_width: dict[int, int]  # translate table: full-width form -> ASCII
    wide_run: re.Pattern  # runs of characters the table changes: only those are translated
    after_chinese: list[tuple[str, re.Pattern, str]]  # (ASCII mark, where it follows Chinese, Chinese mark)
    sentence_final: tuple[str, ...]
    numbered_heading: re.Pattern  # 一、… / （二）… / 3、…
    page_number: re.Pattern  # — 2 —, 第3页
    continuation_starts: tuple[str, ...]  # ，。% opening a line: it goes on the one before


@lru_cache(maxsize=1)
def _marks() -> _Marks:
    rules = _rules()
    kept = set(rules["full_width_kept"])
    half_width = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in kept}
    half_width.update({0x3000: 0x20, 0xA0: 0x20})
    # One pattern per mark with a plain replacement: substitution then stays in C (no callback).
    # Each starts with its literal mark and looks behind it only there: a pattern that opens
    # with a lookbehind is tried at every character (10x slower on a 4,000-character article).
    after_chinese = [
        (mark, re.compile(rf"{re.escape(mark)}(?<=[{CJK}”’\)）]{re.escape(mark)})(?!\d)"), chinese)
        for mark, chinese in rules["marks_after_chinese"].items()
    ]
    return _Marks(half_width, re.compile("[" + "".join(re.escape(chr(c)) for c in half_width) + "]+"),
                  after_chinese, tuple(rules["sentence_final"]), re.compile(rules["numbered_heading"]),
                  re.compile(rules["page_number"]), tuple(rules["continuation_starts"]))


def unify_characters(text: str) -> str:
    marks = _marks()
    text = marks.wide_run.sub(lambda m: m.group().translate(marks.half_width), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ascii_mark, pattern, full_mark in marks.after_chinese:
        if ascii_mark in text:
            text = pattern.sub(full_mark, text)
    # Any other comma is a Chinese one: between Chinese text and a digit (…,8月), after a figure (5.2%,比上年).
    return _CHINESE_COMMA.sub("，", text)


def _clean_line(line: str, min_chars_for_ocr: int) -> str:
    return _without_ocr_spaces(_SPACES.sub(" ", line).strip(), min_chars_for_ocr)


def _without_ocr_spaces(line: str, min_chars_for_ocr: int) -> str:
    # An OCR space splits a word (科 技重大专项) or sits in running text; a headline's space
    # between whole words sets its phrases apart (…签约项目86个 总投资逾千亿元)
    if len(line) >= min_chars_for_ocr:
        running = _RUNNING_TEXT.search(line) is not None
        line = _OCR_SPACE.sub(lambda m: "" if running or _splits_word(line[:m.start()], line[m.end():]) else " ", line)
    return line


def _splits_word(left: str, right: str) -> bool:
    """Does a space split a word (科 技)? Not after a figure's measure word (352家 居全国: 家居
    would read across it)."""
    return not _FIGURE_END.search(left) and _word_across(left, right)


def _word_across(left: str, right: str) -> bool:
    """Does the best segmentation put a word across the break (新赛|道, 人工智|能)?

    发展|中国 segments as 发展/中国, so a heading ending in a whole word is left alone.
    """
    import jieba

    window_left, window_right = left[-4:], right[:4]
    jieba.dt.check_initialized()
    freq = jieba.dt.FREQ
    if not any(freq.get(window_left[-i:] + window_right[:j]) for i in range(1, 4) for j in range(1, 4) if i + j <= 5):
        return False  # no dictionary word spans the break at all: skip the segmentation
    position = 0
    for word in jieba.lcut(window_left + window_right, HMM=False):
        if position < len(window_left) < position + len(word):
            return True
        position += len(word)
    return False


def _mid_sentence(previous: str, line: str, rules: dict) -> bool:
    """A long line of running text that stops without punctuation goes on in a long next line;
    a heading is short, so a title or a section head is never glued to its paragraph."""
    return (
        len(previous) >= rules["running_text_min_chars"]
        and "，" in previous
        and len(line) >= rules["running_text_min_chars"] // 2
        and "，" in line
    )


def _columns(line: str) -> int:
    """Printed width: a Chinese character or full-width mark takes two columns."""
    return len(line) + len(_WIDE.findall(line))


def _wrap(lines: list[str], rules: dict, sentence_final: tuple[str, ...]) -> tuple[Callable[[str], int], int] | None:
    """(measure, width) the text was hard-wrapped at, in characters or in printed columns:
    enough lines share one (hard_wrap), stop mid-sentence there and go on in the very next line
    (`lines` keeps the empty ones: ordinary paragraphs end with their sentence, or a blank line)."""
    wrap = rules["hard_wrap"]
    low, high = wrap["columns"]
    ends = [line for line, following in zip(lines, lines[1:])
            if following and line and not line.endswith(sentence_final) and not _TABLE_ROW.search(line)]
    # most of a wrapped text's lines are full ones: a few headings of one width are no wrapping
    needed = max(wrap["lines"], wrap["min_share"] * sum(1 for line in lines if line))
    found = None
    for measure, scale in ((_columns, 1), (len, 2)):  # a Chinese character is two columns
        widths = sorted(w for w in map(measure, ends) if low <= w * scale <= high)
        first = 0
        for last, width in enumerate(widths):  # the most widths within the tolerance of one another
            while width - widths[first] > wrap["tolerance"]:
                first += 1
            count = last - first + 1
            if count >= needed and (found is None or count > found[0]):
                found = (count, measure, width)
    return found[1:] if found else None


def _without_page_numbers(lines: list[str], page_number: re.Pattern) -> list[str]:
    """The lines without printed page numbers and the blank lines around them (…增长12\n\n— 2 —\n\n.4%:
    the sentence goes straight on)."""
    out: list[str] = []
    skip_blank = False
    for line in lines:
        if page_number.match(line):
            while out and not out[-1]:
                out.pop()
            skip_blank = True
        elif line or not skip_blank:
            out.append(line)
            skip_blank = False
    return out


def join_lines(text: str, is_boilerplate=lambda line: False) -> str:
    """One line per paragraph; a line broken inside a word is joined to the next one, and in
    hard-wrapped text a full line to the next one (page numbers between them are dropped)."""
    rules, marks = _rules(), _marks()
    lines = _without_page_numbers([_clean_line(line, rules["ocr_space_min_line_chars"]) for line in text.split("\n")],
                                  marks.page_number)
    wrap = _wrap(lines, rules, marks.sentence_final)
    paragraphs: list[str] = []
    rewrapped: set[int] = set()  # paragraphs joined from wrapped lines: their OCR spaces are judged again
    last_line = ""  # the line before, "" after a blank line: a wrapped line runs straight on
    for line in lines:
        if not line:
            last_line = ""
            continue
        previous = paragraphs[-1] if paragraphs else ""
        wrapped = previous and not is_boilerplate(line) and (
            line.startswith(marks.continuation_starts)
            or (wrap is not None and wrap[0](last_line) >= wrap[1] - rules["hard_wrap"]["tolerance"]
                and not marks.numbered_heading.match(line)
                and not _TABLE_ROW.search(last_line) and not _TABLE_ROW.search(line)))
        last_line = line
        if wrapped:
            paragraphs[-1] += line
            rewrapped.add(len(paragraphs) - 1)
        elif (
            len(previous) >= rules["broken_line_min_chars"]
            and not previous.endswith(marks.sentence_final)
            and not (len(previous) <= rules["numbered_heading_max_chars"] and marks.numbered_heading.match(previous))
            and _STARTS_CJK.match(line)
            and len(line) > rules["cell_max_chars"]
            and (_word_across(previous, line) or _mid_sentence(previous, line, rules))
            and not is_boilerplate(previous)
            and not is_boilerplate(line)
        ):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    for i in rewrapped:  # a wrapped line was too short to tell OCR spaces (记 者…): its paragraph is not
        paragraphs[i] = _without_ocr_spaces(paragraphs[i], rules["ocr_space_min_line_chars"])
    return "\n".join(paragraphs)
