"""Writing rules on the words a reader sees: sentence length, US spelling, typed crisis numbers.

Thresholds, the spelling list and the retired crisis numbers live in ``style.yml``
beside this file; the crisis numbers in use are read from ``macros/data/crisis.yml``.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros._yaml import read_yaml
from macros.errors import DataError
from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import PACKAGE_DIR, Project
from tools.checker.rules.language import reader_lines
from tools.checker.rules.readability import NOT_GRADED

STYLE_FILE = PACKAGE_DIR / "style.yml"
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|!!!|\?\?\?|#{1,6}\s|\|)")
_SKIP_LINE = re.compile(r"^\s*(?:#{1,6}\s|\||!!!|\?\?\?|[-:| ]+$)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\[A-Z0-9\"'(“‘*_])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")


@functools.cache
def style(path: Path = STYLE_FILE) -> dict[str, Any]:
    return read_yaml(path) or {}


def _style(project: Project) -> dict[str, Any]:
    own = project.root / "tools" / "checker" / "style.yml"
    return style(own if own.is_file() else STYLE_FILE)


# ── Sentences ────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Sentence:
    line: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def sentences(page: Page) -> list[Sentence]:
    """Every sentence of the page's prose with its first line (not headings, tables, Spanish)."""
    found: list[Sentence] = []
    block: list[tuple[int, str]] = []
    spanish = 0

    def flush() -> None:
        if block:
            text = " ".join(t for _, t in block)
            starts = []  # (offset in text, line)
            offset = 0
            for number, part in block:
                starts.append((offset, number))
                offset += len(part) + 1
            position = 0
            for sentence in (s.strip() for s in _SENTENCE_END.split(" ".join(text.split()))):
                if not sentence:
                    continue
                index = text.find(sentence.split()[0], position)
                position = max(index, position)
                line = next((n for o, n in reversed(starts) if o <= position), block[0][0])
                found.append(Sentence(line, sentence))
        block.clear()

    for number, (words, markup) in enumerate(zip(page.words, page.markup, strict=True), start=1):
        if number < page.body_start:
            continue
        if 'lang="es"' in markup or "lang='es'" in markup:
            spanish += 1
        if spanish:
            spanish += markup.count("<div") - markup.count("</div>") - (1 if 'lang="es"' in markup else 0)
            spanish = max(spanish, 0)
            flush()
            continue
        if not words.strip() or _SKIP_LINE.match(markup):
            flush()
            continue
        if _BLOCK_START.match(markup):
            flush()
        text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", words)  # a list item's marker is not a word
        text = re.sub(r"\s+([.,;:!?])", r"\1", text.replace("**", "").replace("__", ""))  # emphasis, macro gaps
        block.append((number, " ".join(text.split())))
    flush()
    return found


def _quote(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@rule(
    "READ002",
    "long-sentence",
    severity="WARNING",
    fix="Split the sentence in two, or turn a list of items into a bulleted list",
)
def long_sentence(page: Page, project: Project) -> Iterator[Problem]:
    """One long sentence can lose a reader even on a page with a good average grade. NHS
    guidance is to keep sentences to about 20 words; readers who are exhausted, unwell or
    reading in a second language lose the thread of long ones first. The limit is in style.yml."""
    if page.src_uri in NOT_GRADED:
        return
    limit = int(_style(project)["sentences"]["max_words"])
    for sentence in sentences(page):
        if sentence.words > limit:
            yield page.problem(
                sentence.line,
                f'This sentence has {sentence.words} words (limit {limit}): "{_quote(sentence.text)}"',
                "Split it in two: one idea per sentence. A list of items can become a bulleted list",
            )


@rule(
    "READ003",
    "run-of-hard-sentences",
    severity="WARNING",
    fix="Break up the run: make at least one of the sentences short, or start a new paragraph with a short summary",
)
def run_of_hard_sentences(page: Page, project: Project) -> Iterator[Problem]:
    """Several long sentences in a row are harder than any one of them: the reader has to
    hold each clause in mind while the next one starts. The run length and the word count
    that makes a sentence hard are in style.yml."""
    if page.src_uri in NOT_GRADED:
        return
    settings = _style(project)["sentences"]
    hard, run = int(settings["hard_words"]), int(settings["hard_run"])
    streak: list[Sentence] = []
    for sentence in [*sentences(page), Sentence(0, "")]:
        if sentence.words > hard:
            streak.append(sentence)
            continue
        if len(streak) >= run:
            quoted = " / ".join(f'"{_quote(s.text, 80)}"' for s in streak)
            yield page.problem(
                streak[0].line,
                f"{len(streak)} sentences in a row have more than {hard} words each: {quoted}",
                "Make at least one of them short: 'ECT is safe for most people.' Then say the details",
            )
        streak = []


# ── US spelling ──────────────────────────────────────────────────────────────
@functools.cache
def _spelling_patterns(items: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str, str]]:
    patterns = []
    for uk, us in items:
        if uk.endswith("e"):
            pattern = rf"\b{re.escape(uk[:-1])}(?:e|es|ed|ing)\b"
        else:
            pattern = rf"\b{re.escape(uk)}(?:s|es|ed|ing|ly)?\b"
        patterns.append((re.compile(pattern, re.IGNORECASE), uk, us))
    return patterns


def us_form(word: str, uk: str, us: str) -> str:
    """'Behaviours' with behaviour -> behavior gives 'Behaviors'; 'organising' gives 'organizing'."""
    lower = word.lower()
    if lower.startswith(uk):
        result = us + lower[len(uk) :]
    else:  # organis|ing: the UK word's final e dropped before the ending
        stem = uk[:-1]
        result = (us[:-1] if us.endswith("e") else us) + lower[len(stem) :]
    return result[:1].upper() + result[1:] if word[:1].isupper() else result


@rule("LANG003", "uk-spelling", fix="Use the US spelling the message gives (the list is in tools/checker/style.yml)")
def uk_spelling(page: Page, project: Project) -> Iterator[Problem]:
    """TRD Hub is written in US English, for readers in the US first: one spelling
    throughout reads as one voice, and search works on one form of each word. Readers'
    own words (search_terms) are not checked."""
    items = tuple(sorted((str(k), str(v)) for k, v in (_style(project).get("us_spelling") or {}).items()))
    for number, text in reader_lines(page):
        for pattern, uk, us in _spelling_patterns(items):
            for match in pattern.finditer(text):
                word = match.group(0)
                yield page.problem(
                    number,
                    f"'{word}' is UK spelling; the hub uses US spelling",
                    f"Write '{us_form(word, uk, us)}'",
                    tag=uk,
                )


# ── Crisis numbers ───────────────────────────────────────────────────────────
@dataclass(frozen=True)
class CrisisNumber:
    number: str
    service: str  # what it is, for the message
    retired: str = ""  # why it must not be shown at all


def _numbers_in(node: Any, service: str, found: list[CrisisNumber]) -> None:
    if isinstance(node, dict):
        name = str(node.get("name") or service)
        for key, value in node.items():
            # Only numbers written as text: an unquoted 000 reads as 0, which DATA001 reports.
            if key in ("call", "number", "emergency") and isinstance(value, str) and len(_key(value)) >= 3:
                found.append(CrisisNumber(str(value), f"the emergency number ({name})" if key == "emergency" else name))
            else:
                _numbers_in(value, name, found)
    elif isinstance(node, list):
        for item in node:
            _numbers_in(item, service, found)


def crisis_numbers(project: Project) -> list[CrisisNumber]:
    """The numbers in macros/data/crisis.yml and the retired ones in style.yml."""
    path = project.root / "macros" / "data" / "crisis.yml"
    stamp = path.stat().st_mtime_ns if path.is_file() else 0
    return _crisis_numbers(path, stamp, tuple(map(tuple, (e.items() for e in _retired(project)))))


def _retired(project: Project) -> list[dict[str, str]]:
    return list(_style(project).get("retired_crisis_numbers") or [])


@functools.cache
def _crisis_numbers(path: Path, stamp: int, retired: tuple) -> list[CrisisNumber]:
    found: list[CrisisNumber] = []
    with contextlib.suppress(OSError, DataError):  # DATA001 reports a broken file
        _numbers_in(read_yaml(path), "", found)
    for entry in map(dict, retired):
        found.append(CrisisNumber(str(entry["number"]), "", str(entry["why"])))
    unique: dict[str, CrisisNumber] = {}
    for item in found:
        unique.setdefault(_key(item.number), item)
    return list(unique.values())


def _key(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", number.upper())


@functools.cache
def _number_pattern(key: str) -> re.Pattern[str]:
    """'18002738255' -> digits with optional spaces, dots, dashes or brackets between them."""
    between = r"[\s.()\-]?"
    body = between.join(re.escape(c) for c in key)
    return re.compile(rf"(?<![\w,.$£€-]){body}(?![\w%]|[.,]\d)", re.IGNORECASE)


@rule(
    "CRISIS001",
    "typed-crisis-number",
    fix='Use a crisis macro: {{ crisis_number("call") }}, {{ crisis_link("lifeline-988", "call", "Call {number}") }} or {{ crisis_lines("us") }}',
)
def typed_crisis_number(page: Page, project: Project) -> Iterator[Problem]:
    """A crisis number is typed once, in macros/data/crisis.yml, and every page shows it
    through a macro. A number typed into a page is not corrected when the line changes
    (the old Lifeline number was replaced by 988 in 2022), and a wrong crisis number can
    cost a life."""
    patterns = [(item, _number_pattern(_key(item.number))) for item in crisis_numbers(project)]
    for number, text in reader_lines(page):
        for item, pattern in patterns:
            for match in pattern.finditer(text):
                if item.retired:
                    yield page.problem(
                        number,
                        f"{match.group(0)} is a crisis number that is no longer in use: {item.retired}",
                        'Remove it; show the current line with {{ crisis_number("call") }} or {{ crisis_lines("us") }}',
                        tag=_key(item.number),
                    )
                else:
                    yield page.problem(
                        number,
                        f"The crisis number {match.group(0)} ({item.service}) is typed into the page",
                        'Use a crisis macro, so the number comes from macros/data/crisis.yml: {{ crisis_number("call") }}, '
                        '{{ crisis_link("<service id>", "call", "Call {number}") }} or {{ crisis_lines("<region>") }}',
                        tag=_key(item.number),
                    )
