"""Addresses inside CSS, found with a CSS Syntax Level 3 tokenizer (tinycss2), so escapes
(``\\75 rl(``), comments and nesting read as the browser reads them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tinycss2

# Functions whose string arguments are image or font addresses.
_URL_FUNCTIONS = frozenset({"url", "src"})
_IMAGE_LISTS = frozenset({"image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade"})


@dataclass(frozen=True)
class CssUrl:
    url: str
    how: str  # "url()", "image-set()" or "@import"


def in_declarations(text: str) -> list[CssUrl]:
    """Addresses in a ``style`` attribute (a list of declarations)."""
    return list(_walk(tinycss2.parse_blocks_contents(text, skip_comments=True)))


def in_stylesheet(text: str) -> list[CssUrl]:
    """Addresses in a stylesheet (a ``<style>`` element or a .css file), @import included."""
    return list(_walk(tinycss2.parse_stylesheet(text, skip_comments=True)))


def _walk(nodes: Iterable[object], how: str = "url()") -> Iterator[CssUrl]:
    for node in nodes:
        kind = getattr(node, "type", None)
        if kind == "url":
            yield CssUrl(node.value, how)
        elif kind == "function":
            name = node.lower_name
            if name in _URL_FUNCTIONS:
                yield from (CssUrl(a.value, how) for a in node.arguments if a.type == "string")
            if name in _IMAGE_LISTS:  # image-set("a.png" 1x): bare strings are addresses
                yield from (CssUrl(a.value, "image-set()") for a in node.arguments if a.type == "string")
            yield from _walk(node.arguments, "image-set()" if name in _IMAGE_LISTS else how)
        elif kind == "at-rule":
            if node.lower_at_keyword == "import":
                yield from (CssUrl(t.value, "@import") for t in node.prelude if t.type in ("string", "url"))
                yield from _walk((t for t in node.prelude if t.type == "function"), "@import")
            else:
                yield from _walk(node.prelude, how)
            if node.content:
                yield from _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True), how)
        elif kind == "qualified-rule":
            yield from _walk(node.prelude, how)
            yield from _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True), how)
        elif kind == "declaration":
            yield from _walk(node.value, how)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _walk(node.content, how)
