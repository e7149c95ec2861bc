"""The project as the checker sees it: its pages, its nav, and the data it checks against."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from macros._yaml import RefusedYAML, read_yaml
from macros.errors import DataError
from tools.checker.core import Problem
from tools.checker.pages import Page
from tools.site import ROOT, ConfigLoader, mkdocs_config

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = ROOT
# Where a project keeps its language rules; a copy checked with --root uses its own.
LANGUAGE_FILE = (PACKAGE_DIR / "language.yml").relative_to(REPO_ROOT)


class ConfigError(Exception):
    """The checker's own set-up is broken (a bad language.yml, an unreadable mkdocs.yml).

    ``problem`` is set when the mistake is the contributor's (mkdocs.yml is not valid YAML):
    it is reported like any other problem, with its line and fix."""

    def __init__(self, message: str, problem: Problem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class LanguageRule:
    id: str
    pattern: re.Pattern[str]
    prefer: str
    reason: str
    skip_if_negated: bool = False


_FIELDS = ("id", "pattern", "prefer", "reason", "skip_if_negated")


def load_language(path: Path) -> list[LanguageRule]:
    """Read and check language.yml: each entry needs an id, a valid regex, prefer and reason."""
    try:
        raw = read_yaml(path)
    except (OSError, DataError) as exc:
        raise ConfigError(f"{path}: cannot read the language rules: {exc}") from exc
    entries = raw.get("phrases") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a top-level 'phrases:' list")
    rules: list[LanguageRule] = []
    for index, entry in enumerate(entries):
        where = f"{path}: phrases[{index}]"
        if not isinstance(entry, dict) or not {"id", "pattern", "prefer", "reason"} <= set(entry) <= {*_FIELDS}:
            raise ConfigError(
                f"{where}: each entry needs id, pattern, prefer and reason (and may have skip_if_negated)"
            )
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(entry["id"])):
            raise ConfigError(f"{where}: id {entry['id']!r} must be lower-case words joined by dashes")
        if any(r.id == entry["id"] for r in rules):
            raise ConfigError(f"{where}: id {entry['id']!r} appears twice")
        try:
            pattern = re.compile(str(entry["pattern"]), re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"{where} ({entry['id']}): pattern is not a valid regular expression: {exc}") from exc
        negated = entry.get("skip_if_negated", False)
        if not isinstance(negated, bool):
            raise ConfigError(f"{where} ({entry['id']}): skip_if_negated must be true or false")
        rules.append(LanguageRule(entry["id"], pattern, str(entry["prefer"]), str(entry["reason"]), negated))
    return rules


@dataclass
class Project:
    root: Path
    pages: list[Page] = field(default_factory=list)
    docs_dir: str = "docs"
    nav: dict[str, int] = field(default_factory=dict)  # src_uri -> line in mkdocs.yml
    nav_line: int = 1
    nav_repeats: list[tuple[str, int]] = field(default_factory=list)  # a page listed again: (src_uri, line)
    not_in_nav: list[str] = field(default_factory=list)
    theme_dir: str = "overrides"
    today: dt.date = field(default_factory=dt.date.today)
    language: list[LanguageRule] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)
    crisis_page: str = ""  # docs file every help route points to, from mkdocs.yml extra.crisis_page
    unreadable: list[Problem] = field(default_factory=list)  # pages that are not UTF-8 (rule ENC001)

    @classmethod
    def load(cls, root: Path, today: dt.date | None = None) -> Project:
        root = root.resolve()
        config_path = root / "mkdocs.yml"
        try:
            text = config_path.read_text(encoding="utf-8")
            config = yaml.load(text, Loader=ConfigLoader) or {}
            node = yaml.compose(text, Loader=ConfigLoader)
        except UnicodeDecodeError as exc:
            problem = encoding_problem("mkdocs.yml", config_path.read_bytes(), exc.start)
            raise ConfigError(problem.format(), problem) from None
        except yaml.YAMLError as exc:
            problem = config_yaml_problem(text, exc)
            raise ConfigError(problem.format(), problem) from None
        except OSError as exc:
            raise ConfigError(f"{config_path}: cannot read mkdocs.yml: {exc}") from exc
        docs_dir = str(config.get("docs_dir", "docs")).strip("/")
        theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
        language_file = root / LANGUAGE_FILE
        project = cls(
            root=root,
            docs_dir=docs_dir,
            not_in_nav=str(config.get("not_in_nav") or "").split(),
            theme_dir=str(theme.get("custom_dir", "overrides")),
            today=today or dt.date.today(),
            language=load_language(language_file if language_file.is_file() else PACKAGE_DIR / "language.yml"),
            config=config,
            crisis_page=crisis_page(config, config_path),
        )
        project.nav, project.nav_line = _nav_entries(node, project.nav_repeats)
        for path in sorted((root / docs_dir).rglob("*.md")):
            rel = path.relative_to(root / docs_dir).as_posix()
            if any(part.startswith(".") for part in Path(rel).parts):
                continue
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                project.unreadable.append(encoding_problem(f"{docs_dir}/{rel}", raw, exc.start))
                text = raw.decode("utf-8", errors="replace")
            project.pages.append(Page(f"{docs_dir}/{rel}", rel, text))
        return project

    @classmethod
    def of_pages(cls, pages: dict[str, str], today: dt.date | None = None, root: Path | None = None) -> Project:
        """An in-memory project for unit tests: {"treatments/ect.md": "...markdown..."}."""
        return cls(
            root=root or REPO_ROOT,
            pages=[Page(f"docs/{uri}", uri, text) for uri, text in pages.items()],
            nav={uri: 1 for uri in pages},
            today=today or dt.date.today(),
            language=load_language(PACKAGE_DIR / "language.yml"),
            crisis_page=crisis_page(mkdocs_config(REPO_ROOT), REPO_ROOT / "mkdocs.yml"),
        )

    @property
    def src_uris(self) -> set[str]:
        return {p.src_uri for p in self.pages}

    def excluded_from_nav(self, src_uri: str) -> bool:
        return any(fnmatch.fnmatch(src_uri, pattern.lstrip("/")) for pattern in self.not_in_nav)


def crisis_page(config: dict[str, Any], config_path: Path) -> str:
    """The crisis page as a file under docs/, from mkdocs.yml's extra.crisis_page, the one
    place that names it: 'get-help-now/' (its URL) or 'get-help-now.md' -> 'get-help-now.md'."""
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    value = str(extra.get("crisis_page") or "").strip().lstrip("./")
    if not value or "://" in value:
        raise ConfigError(
            f"{config_path}: extra.crisis_page must name the crisis page every help route points to, "
            "e.g. 'crisis_page: get-help-now/'"
        )
    if value.endswith(".md"):
        return value
    return (value.rstrip("/") or "index") + ".md"


def _nav_entries(node: yaml.Node | None, repeats: list[tuple[str, int]] | None = None) -> tuple[dict[str, int], int]:
    """Every docs page named in nav, with its line in mkdocs.yml (a page named again goes to ``repeats``)."""
    if not isinstance(node, yaml.MappingNode):
        return {}, 1
    for key, value in node.value:
        if key.value == "nav":
            found: dict[str, int] = {}
            _walk_nav(value, found, repeats if repeats is not None else [])
            return found, key.start_mark.line + 1
    return {}, 1


def _walk_nav(node: yaml.Node, found: dict[str, int], repeats: list[tuple[str, int]]) -> None:
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value)
        if not re.match(r"^[a-z][a-z0-9+.-]*:", value) and value.endswith(".md"):
            uri = value.lstrip("/")
            if uri in found:
                repeats.append((uri, node.start_mark.line + 1))
            else:
                found[uri] = node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _walk_nav(child, found, repeats)
    elif isinstance(node, yaml.MappingNode):
        for _, child in node.value:
            _walk_nav(child, found, repeats)


def encoding_problem(rel: str, raw: bytes, position: int) -> Problem:
    """A file that is not UTF-8: its line, the byte offset, and how to fix it."""
    line = raw[:position].count(b"\n") + 1
    return Problem(
        rel,
        line,
        f"The file is not UTF-8: byte {position} (0x{raw[position]:02x}) is not valid UTF-8",
        "Save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8), then check the characters on this line",
        rule="ENC001",
    )


_NAV_ITEM = re.compile(r"^(?P<indent>\s*)-\s+(?P<entry>.+?)\s*$")


def config_yaml_problem(text: str, exc: yaml.YAMLError) -> Problem:
    """mkdocs.yml is not valid YAML: the line, and for a nav entry, which entry and how to indent it."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    if isinstance(exc, RefusedYAML):  # parses, but a duplicate key or a tag
        return Problem(
            "mkdocs.yml",
            line,
            exc.problem[:1].upper() + exc.problem[1:],
            exc.fix[:1].upper() + exc.fix[1:],
            rule="CONF001",
        )
    what = "; ".join(p for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p) or str(exc)
    lines = text.split("\n")
    entry = _NAV_ITEM.match(lines[line - 1]) if 0 < line <= len(lines) else None
    in_nav = any(text_line.startswith("nav:") for text_line in lines[: line - 1])
    if entry and in_nav:
        above = next(
            ((number, m) for number in range(line - 1, 0, -1) if (m := _NAV_ITEM.match(lines[number - 1]))),
            None,
        )
        hint = (
            f" The entry above it (line {above[0]}) is indented {len(above[1].group('indent'))} spaces, "
            f"this one {len(entry.group('indent'))}"
            if above
            else ""
        )
        return Problem(
            "mkdocs.yml",
            line,
            f"The nav entry '{entry.group('entry')}' is not lined up with the entries around it ({what}).{hint}",
            "Indent a page exactly like the other pages of its section, and a section's pages 4 spaces deeper "
            "than the section's own '- Title:' line",
            rule="CONF001",
        )
    return Problem(
        "mkdocs.yml",
        line,
        f"mkdocs.yml is not valid YAML ({what})",
        "Indent the line exactly like the entry above it (spaces, not tabs), and put a value that contains "
        "a colon in double quotes",
        rule="CONF001",
    )
