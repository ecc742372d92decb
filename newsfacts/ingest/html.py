"""Main text, title and metadata of a scraped HTML page.

The article body is the block element whose paragraphs hold the most Chinese
text; scripts, styles, navigation, headers, footers, forms and asides are
dropped before that choice is made. When no container wins clearly, the whole
body text is kept (a backup beats an empty article).
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser as HTMLParser, LexborNode as Node

from ..patterns import load_yaml

BLOCK_TAGS = ("p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr", "br", "blockquote", "pre", "table")


@dataclass(slots=True)
class HtmlPage:
    text: str
    title: str | None
    published_at: str | None
    media: str | None


def _rules():
    return load_yaml("html.yaml")


@lru_cache(maxsize=1)
def _tag_pattern() -> re.Pattern:
    tags = "|".join(map(re.escape, _rules()["text_tags"]))
    return re.compile(f"</?(?:{tags})(?:\\s[^<>]*)?/?>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A page saved as text (a .txt file, a record's `text` field): see html.yaml."""
    rules = _rules()
    if text[:200].lstrip().lower().startswith(tuple(rules["document_openings"])):
        return True
    nth_tag = itertools.islice(_tag_pattern().finditer(text), rules["min_tags_in_text"] - 1, None)
    return next(nth_tag, None) is not None


def _cjk_count(s: str) -> int:
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")


def _block_text(node: Node) -> str:
    """Text of a node with line breaks at block boundaries."""
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag in BLOCK_TAGS:
            parts.append("\n")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _meta(tree: HTMLParser, names: list[str]) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[name="{name}"]') or tree.css_first(f'meta[property="{name}"]')
        if node is not None and node.attributes.get("content"):
            return node.attributes["content"].strip()
    return None


def _main_container(body: Node) -> Node:
    best, best_score = body, 0
    for node in body.css("article, div, section, td"):
        paragraphs = node.css("p")
        # nodes are fresh wrappers on every access: compared by ==, never by identity
        score = sum(_cjk_count(p.text(deep=True)) for p in paragraphs if p.parent == node or p.parent.parent == node)
        if score > best_score:
            best, best_score = node, score
    return best if best_score >= _rules()["min_container_cjk"] else body


def _header_lines(page_text: str, article_text: str, rules) -> list[str]:
    """The dateline and source lines above the article's container (2024-10-28 来源：三峡日报):
    the page's metadata when its <meta> tags have none."""
    lines = page_text.split("\n\n")
    first = article_text.split("\n\n", 1)[0]
    above = lines[:lines.index(first)] if first in lines else []
    header, menu = _header_patterns()
    return [line for line in above
            if len(line) <= rules["header_line_max_chars"] and header.search(line) and not menu.search(line)][-3:]


@lru_cache(maxsize=1)
def _header_patterns() -> tuple[re.Pattern, re.Pattern]:
    return re.compile(_rules()["header_line"]), re.compile(_rules()["header_line_not"])


def parse_html(html: str) -> HtmlPage:
    rules = _rules()
    tree = HTMLParser(html)
    title = _meta(tree, rules["title_meta"])
    if not title:
        for selector in ("h1", "title"):
            node = tree.css_first(selector)
            if node is not None and node.text(strip=True):
                title = node.text(strip=True)
                break
    published_at = _meta(tree, rules["date_meta"])
    media = _meta(tree, rules["media_meta"])
    tree.strip_tags(rules["drop_tags"])
    for selector in rules["drop_selectors"]:
        for node in tree.css(selector):
            node.decompose()
    body = tree.body or tree.root
    if body is None:
        return HtmlPage("", title, published_at, media)
    container = _main_container(body)
    text = _block_text(container)
    if container != body:
        header = _header_lines(_block_text(body), text, rules)
        text = "\n\n".join([*header, text])
    if title and title not in text.split("\n\n", 4)[:4]:  # the <h1> above the dateline is the title already
        text = f"{title}\n\n{text}"
    return HtmlPage(text, title, published_at, media)
