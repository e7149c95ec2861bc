"""The hub's stylesheets never hide, move, cover or shrink the crisis help (issue 20).

The crisis help is three things on the built pages: the banner (``[data-md-component=announce]``),
the header's "Get help now" link (``.trd-help-link``, not in print: the printout keeps the
banner) and the PHQ-9's question-9 alert (``[data-phq9-alert]``). For each rule of each
stylesheet listed in mkdocs.yml extra_css (docs/stylesheets/hub.css), parsed with tinycss2:

- its selector is matched against the built pages (Lexbor), after dropping every part that
  depends on state or on what a script may change (``:hover``, ``:checked``, ``:has()``,
  ``:not()``, ``[hidden]``, ``[open]``, ``[aria-*]``...), so the match is a superset of what a
  browser could ever match; if it reaches a protected element, one of its ancestors or its
  descendants, and it sets a property that can hide, move or shrink (display: none,
  visibility, opacity, transform, position, clip, height, z-index, font-size: 0...), it is
  refused, at every width (any media query but print counts as some screen width);
- anywhere in the file, position fixed/absolute/sticky and z-index are refused: they lay one
  box over another, which is how a rule that never names the banner covers it.

The banner's own rules are allowed because they live in a reviewed block of the file::

    /* >>> reviewed: crisis-banner */ ... /* <<< reviewed: crisis-banner */

whose sha256 is recorded in tools/policy/policy.yml (``make review`` re-records it after a
security review); a block that changed without review is refused.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tinycss2
from selectolax.lexbor import LexborHTMLParser

from tools.policy.config import Policy
from tools.policy.page import Violation, rule

REACH = rule(
    "SEC133",
    "stylesheet-reaches-crisis-help",
    "A stylesheet rule that can hide, move, cover or shrink the crisis banner, the header's help link or the PHQ-9 "
    "question-9 alert takes help away at some width or some answer, where no test looks",
    "Do not style the crisis help outside its reviewed block; style other things with selectors that cannot match "
    "it; no position: fixed/absolute/sticky or z-index outside a reviewed block",
)
REVIEWED_BLOCK = rule(
    "SEC134",
    "reviewed-block-changed",
    "The crisis banner's styles live in a reviewed block of the stylesheet; a change there needs a security review",
    "Have the change reviewed, then run `make review` (it records the block's sha256 in tools/policy/policy.yml)",
)

_BLOCK = re.compile(r"/\*\s*>>>\s*reviewed:\s*([\w-]+)\s*\*/(.*?)/\*\s*<<<\s*reviewed:\s*\1\s*\*/", re.DOTALL)
# Attributes a script or the reader's action may change: selectors on them are treated as "maybe".
_DYNAMIC_ATTRS = re.compile(
    r"^(hidden|open|checked|selected|disabled|value|class|style|inert|popover|aria-.*|data-md-.*)$"
)
_KEEP_FUNCTIONS = frozenset({"is", "where", "matches", "-webkit-any", "-moz-any"})
_PROTECTED = {
    "banner": "[data-md-component=announce]",
    "help link": ".trd-help-link",
    "PHQ-9 alert": "[data-phq9-alert]",
}
_NOT_IN_PRINT = frozenset({"help link"})
_COVERING = {"position": {"fixed", "absolute", "sticky"}, "z-index": None}


@dataclass(frozen=True)
class Block:
    name: str
    text: str
    first_line: int
    last_line: int


def reviewed_blocks(text: str) -> list[Block]:
    blocks = []
    for match in _BLOCK.finditer(text):
        first = text.count("\n", 0, match.start()) + 1
        last = text.count("\n", 0, match.end()) + 1
        blocks.append(Block(match.group(1), match.group(2), first, last))
    return blocks


def block_hash(block: Block) -> str:
    import hashlib

    return hashlib.sha256(block.text.encode("utf-8")).hexdigest()


def _number(token: Any) -> float | None:
    return (
        getattr(token, "value", None) if getattr(token, "type", "") in ("number", "percentage", "dimension") else None
    )


def _visually_hidden(declarations: list[Any]) -> bool:
    """The screen-reader-only pattern: at most 1px wide and high, overflow hidden."""
    values = {
        d.lower_name: tinycss2.serialize(d.value).replace("!important", "").strip().lower() for d in declarations
    }
    tiny = ("0", "1px", "0px")
    return values.get("width") in tiny and values.get("height") in tiny and values.get("overflow") == "hidden"


def dangerous(name: str, value: list[Any]) -> bool:
    """True if the declaration can hide, move, cover or shrink what it applies to."""
    name = re.sub(r"^-(webkit|moz|ms|o)-", "", name.lower())
    words = [t for t in value if getattr(t, "type", "") not in ("whitespace", "comment")]
    text = tinycss2.serialize(value).strip().lower().replace("!important", "").strip()
    numbers = [t for t in words if _number(t) is not None]
    if name == "display":
        return text in ("none", "contents") or not text
    if name == "visibility":
        return text != "visible"
    if name == "opacity":
        return not numbers or (numbers[0].value < 1 if numbers[0].type == "number" else numbers[0].value < 100)
    if name in ("transform", "translate", "scale", "rotate", "filter", "clip", "clip-path", "mask", "mask-image"):
        return text not in ("none", "auto")
    if name == "position":
        return text not in ("static", "relative")
    if name in (
        "height",
        "max-height",
        "width",
        "max-width",
        "block-size",
        "inline-size",
        "max-block-size",
        "max-inline-size",
    ):
        return text not in ("auto", "none", "100%", "fit-content", "max-content", "min-content")
    if name in (
        "z-index",
        "zoom",
        "contain",
        "content-visibility",
        "text-indent",
        "inset",
        "top",
        "bottom",
        "left",
        "right",
        "inset-block",
        "inset-inline",
    ):
        return text not in ("auto", "normal", "visible", "0", "1", "none")
    if name in ("overflow", "overflow-x", "overflow-y"):
        return text not in ("visible", "auto")
    if name == "pointer-events":
        return text != "auto"
    if name == "color" or name == "-webkit-text-fill-color":
        return "transparent" in text
    if name == "font-size" or name == "line-height":
        for token in numbers:
            unit = getattr(token, "lower_unit", "") or ("%" if token.type == "percentage" else "")
            limit = {"%": 50, "em": 0.5, "rem": 0.5, "px": 8, "pt": 6}.get(unit, 0.5 if name == "line-height" else 1)
            if token.value < limit:
                return True
        return bool(re.search(r"\b(xx?-small|smaller)\b", text))
    if name.startswith("margin") or name.startswith("inset"):
        return any(token.value < 0 for token in numbers)
    return False


def simplify(prelude: list[Any]) -> str:
    """The selector as a superset: state and script-dependent parts dropped, empty compounds as *."""
    out: list[str] = []
    tokens = list(prelude)
    i = 0

    def need_star() -> None:
        tail = "".join(out).rstrip(" ")
        if not tail or tail[-1] in ">+~,(" or "".join(out).endswith(" "):
            out.append("*")

    while i < len(tokens):
        token = tokens[i]
        kind = getattr(token, "type", "")
        if kind == "literal" and token.value == ":":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and getattr(nxt, "type", "") == "literal" and nxt.value == ":":
                i += 3  # ::before, ::marker: the element itself
                need_star()
                continue
            if nxt is not None and getattr(nxt, "type", "") == "function" and nxt.lower_name in _KEEP_FUNCTIONS:
                out.append(":is(" + simplify(nxt.arguments) + ")")
                i += 2
                continue
            i += 2  # :hover, :checked, :has(...), :not(...), :nth-child(...): maybe true
            need_star()
            continue
        if kind == "[] block":
            name = next((t.value for t in token.content if getattr(t, "type", "") == "ident"), "")
            if _DYNAMIC_ATTRS.match(name.lower()):
                i += 1
                need_star()
                continue
        out.append(tinycss2.serialize([token]))
        i += 1
    text = "".join(out).strip()
    return re.sub(r"\*(?=[.#\[:a-zA-Z])", "", text) or "*"


@functools.cache
def _pages(site: Path, stamp: int) -> tuple[LexborHTMLParser, ...]:
    trees = []
    home = site / "index.html"
    if home.is_file():
        trees.append(LexborHTMLParser(home.read_text(encoding="utf-8")))
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if "data-phq9-alert" in text:
            trees.append(LexborHTMLParser(text))
            break
    return tuple(trees)


def _protected(tree: LexborHTMLParser, print_media: bool) -> dict[int, str]:
    """mem_id -> what it protects, for each protected element, its ancestors and descendants."""
    found: dict[int, str] = {}
    for what, selector in _PROTECTED.items():
        if print_media and what in _NOT_IN_PRINT:
            continue
        for top in tree.css(selector):
            for node in top.traverse(include_text=False):
                found.setdefault(node.mem_id, what)
            parent = top.parent
            while parent is not None and parent.tag not in ("-document", "#document"):
                found.setdefault(parent.mem_id, what)
                parent = parent.parent
    return found


def _media(prelude: list[Any]) -> set[str]:
    text = tinycss2.serialize(prelude).lower()
    queries = [q.strip() for q in text.split(",") if q.strip()]
    kinds = {"print" if re.match(r"^(only\s+)?print\b", q) else "screen" for q in queries}
    return kinds or {"screen"}


def _rules(nodes: list[Any], media: set[str], parent: str | None = None):
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "qualified-rule":
            selector = simplify(node.prelude)
            if parent:
                selector = ", ".join(f":is({parent}) {part.strip()}" for part in selector.replace("&", "").split(","))
            content = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
            declarations = [d for d in content if getattr(d, "type", "") == "declaration"]
            yield node, selector, declarations, media
            nested = [d for d in content if getattr(d, "type", "") in ("qualified-rule", "at-rule")]
            yield from _rules(nested, media, selector)
        elif kind == "at-rule" and node.content is not None:
            inner = _media(node.prelude) if node.lower_at_keyword == "media" else media
            if node.lower_at_keyword in ("media", "supports", "layer", "container", "scope", "document"):
                yield from _rules(
                    tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True), inner, parent
                )


def check_stylesheet_reach(text: str, src: str, policy: Policy, trees: tuple[LexborHTMLParser, ...]) -> list[Violation]:
    found: list[Violation] = []
    blocks = reviewed_blocks(text)
    for block in blocks:
        key = f"{src}#{block.name}"
        recorded = (policy.reviewed.get(key) or {}).get("sha256")
        if recorded != block_hash(block):
            found.append(
                Violation(
                    REVIEWED_BLOCK.id,
                    REVIEWED_BLOCK.name,
                    f"reviewed:{block.name}",
                    f"The reviewed block {block.name} changed since its review (or was never recorded)",
                    REVIEWED_BLOCK.fix,
                    "stylesheet",
                    src,
                )
            )

    def in_block(line: int) -> bool:
        return any(b.first_line <= line <= b.last_line for b in blocks)

    sheet = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    protected = {media: [(tree, _protected(tree, media == "print")) for tree in trees] for media in ("screen", "print")}
    for node, selector, declarations, media in _rules(sheet, {"screen"}):
        if in_block(node.source_line):
            continue
        shown = " ".join(tinycss2.serialize(node.prelude).split())[:80]
        hidden_box = _visually_hidden(declarations)
        for declaration in declarations:
            name = declaration.lower_name
            value = tinycss2.serialize(declaration.value).strip().lower()
            if hidden_box and name == "position":
                continue  # a 1-pixel clipped box (screen-reader-only text) covers nothing
            if name in _COVERING and (_COVERING[name] is None or value.split()[0] in _COVERING[name]):
                found.append(
                    Violation(
                        REACH.id,
                        REACH.name,
                        f"line-{node.source_line}",
                        f"{shown} {{ {name}: {value} }} lays a box over others (it can cover the crisis banner)",
                        REACH.fix,
                        "stylesheet",
                        src,
                    )
                )
        risky = [d for d in declarations if dangerous(d.lower_name, d.value)]
        if not risky:
            continue
        reached = ""
        for kind in sorted(media):
            for tree, ids in protected[kind]:
                try:
                    matches = tree.css(selector)
                except Exception:
                    reached = f"the selector {shown!r} cannot be read by the check, so it may reach anything"
                    break
                hit = next((ids[m.mem_id] for m in matches if m.mem_id in ids), None)
                if hit:
                    reached = f"it can reach the {hit}" + (" in print" if kind == "print" else " at some screen width")
                    break
            if reached:
                break
        if reached:
            names = ", ".join(f"{d.lower_name}: {tinycss2.serialize(d.value).strip()}" for d in risky)[:120]
            found.append(
                Violation(
                    REACH.id,
                    REACH.name,
                    f"line-{node.source_line}",
                    f"{shown} {{ {names} }}: {reached}, and it sets {names}",
                    REACH.fix,
                    "stylesheet",
                    src,
                )
            )
    return found


def check_reach(site: Path, policy: Policy) -> list[Violation]:
    """Every extra_css stylesheet of the project, against the pages built into ``site``."""
    if policy.root is None:
        return []
    docs = policy.root / str(policy.mkdocs.get("docs_dir") or "docs")
    home = site / "index.html"
    trees = _pages(site, home.stat().st_mtime_ns if home.is_file() else 0)
    found: list[Violation] = []
    for entry in policy.mkdocs.get("extra_css") or []:
        path = docs / str(entry)
        if path.is_file():
            found += check_stylesheet_reach(path.read_text(encoding="utf-8"), f"{docs.name}/{entry}", policy, trees)
    return found
