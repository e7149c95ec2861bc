"""The strict build's output as problems: ``file:line: ERROR RULE: message. Fix: ...``.

Most lines already come in that form: the macro adapter (``macros/adapters/mkdocs_macros.py``)
logs every macro, front matter and data mistake as ``docs/faq.md:16: MACRO001: ... Fix: ...``.
This module only translates what MkDocs and mkdocs-macros say in their own words (a link
to a missing page or anchor, a missing image, a page that is not UTF-8, a mkdocs.yml that
YAML cannot read) and finds the line in the Markdown file. A line it does not know is
kept as it is (rule BUILD000): nothing the build says is hidden.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from macros.errors import closest_path
from tools.checker.core import Problem
from tools.checker.project import encoding_problem

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico")
_RECORD = re.compile(r"^(?P<level>ERROR|WARNING)\s+-\s+(?P<text>.*)$")
_OURS = re.compile(
    r"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?: (?P<rule>[A-Z]+\d{3}): (?P<message>.*?)(?: Fix: (?P<fix>.*))?$",
    re.DOTALL,
)
_MISSING = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains a link '(?P<target>[^']+)', but the target "
    r"(?:'[^']*' )?is not found among documentation files"
)
_NO_ANCHOR = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains a link '(?P<target>[^']*)', but (?:the doc '(?P<doc>[^']+)' does not "
    r"contain an anchor|there is no such anchor on this page)"
)
_LEFT_AS_IS = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains an? (?:absolute|unrecognized relative) link '(?P<target>[^']+)'"
    r"(?:, it was left as is\.)?(?: Did you mean '(?P<mean>[^']+)'\?)?"
)
_NAV_MISSING = re.compile(r"^A reference to '(?P<target>[^']+)' is included in the 'nav' configuration")
_NOT_IN_NAV = re.compile(r"not included in the \"nav\" configuration:(?P<pages>(?:\n\s+- .+)+)")
_READ_ERROR = re.compile(
    r"^(?:Error reading page '(?P<src>[^']+)': 'utf-8' codec|Encoding error reading file: (?P<file>\S.*))"
)
_CONFIG_VALUE = re.compile(r"^Config value '(?P<key>[^']+)': (?P<message>.*)$", re.DOTALL)
_CONFIG_YAML = re.compile(
    r"^Error: MkDocs encountered an error parsing the configuration file: (?P<message>.*)$", re.DOTALL
)
_MACROS_BLOCK = re.compile(r"_File_: `(?P<src>[^`]+)`.*?_(?P<type>\w+)_: (?P<message>[^\n]*)", re.DOTALL)
_TEMPLATE_LINE = re.compile(r'File "<template>", line (?P<line>\d+)')
# The rendered-HTML policy (tools/mkdocs_hooks.py, tools/policy/page.py Violation.format):
# "docs/faq.md: <img src="x" onerror="…">: SEC102 event-handler: message. Fix: ..."
_POLICY = re.compile(
    r"^(?P<src>\S+): (?P<element><.*?>|\S+): (?P<rule>SEC\d{3}) (?P<name>[a-z0-9-]+): (?P<message>.*?)"
    r"(?: Fix: (?P<fix>.*))?$",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"([a-zA-Z:-]+)=\"([^\"…]*)")


@dataclass
class BuildLog:
    """One build's output, read against the project it built."""

    root: Path
    site: Path | None = None
    docs_dir: str = "docs"
    _lines: dict[str, list[str]] = field(default_factory=dict)

    # ── Reading the project ─────────────────────────────────────────────────
    def lines(self, rel: str) -> list[str]:
        if rel not in self._lines:
            try:
                self._lines[rel] = (self.root / rel).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._lines[rel] = []
        return self._lines[rel]

    def doc(self, src: str) -> str:
        return f"{self.docs_dir}/{src}"

    def line_of(self, rel: str, *needles: str) -> int:
        """The first line of ``rel`` holding one of ``needles`` (tried in order); 1 if none."""
        lines = self.lines(rel)
        for needle in needles:
            if not needle:
                continue
            for number, text in enumerate(lines, start=1):
                if needle in text:
                    return number
        return 1

    def link_line(self, src: str, target: str) -> int:
        """Where the Markdown file ``src`` writes the link ``target``."""
        path, _, anchor = target.partition("#")
        return self.line_of(
            self.doc(src),
            f"]({target}",
            f'"{target}"',
            f"'{target}'",
            target,
            f"#{anchor}" if anchor else "",
            path,
        )

    def body_offset(self, src: str) -> int:
        """Lines of front matter before the body that mkdocs-macros numbers from 1."""
        from mkdocs.utils.meta import get_data

        source = "\n".join(self.lines(self.doc(src)))
        body, _ = get_data(source)
        return source[: len(source) - len(body)].count("\n") if body and source.endswith(body) else 0

    def anchors(self, doc: str) -> list[str]:
        """The ids of the built page for docs file ``doc``, for "did you mean"."""
        if self.site is None:
            return []
        stem = doc[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        page = self.site / stem / "index.html"
        try:
            html = page.read_text(encoding="utf-8")
        except OSError:
            return []
        return re.findall(r'\bid="([^"]+)"', html)

    # ── Translating ─────────────────────────────────────────────────────────
    def problems(self, output: str) -> list[Problem]:
        found: list[Problem] = []
        for level, text in _records(output):
            found.extend(self._translate(level, text))
        return found

    def _translate(self, level: str, text: str) -> Iterator[Problem]:
        head = text.split("\n", 1)[0]
        if head.startswith(("Aborted with", "The security policy refused")):
            return  # summaries of what is listed line by line above
        ours = _OURS.match(text.strip())
        if ours:
            yield Problem(
                ours.group("path"),
                int(ours.group("line") or 1),
                ours.group("message"),
                ours.group("fix") or "See the message",
                rule=ours.group("rule"),
            )
            return
        for translate in (
            self._policy,
            self._missing,
            self._no_anchor,
            self._left_as_is,
            self._nav,
            self._read_error,
            self._config,
            self._macros_block,
        ):
            found = list(translate(text))
            if found:
                yield from found
                return
        yield Problem(
            "mkdocs.yml",
            1,
            f"The build says: {' '.join(text.split())}",
            "Run make build to see it in context",
            rule="BUILD000",
            severity="ERROR" if level in ("ERROR", "WARNING") else "WARNING",
        )

    def _policy(self, text: str) -> Iterator[Problem]:
        """A rendered-HTML policy violation: find the element's line in the Markdown source
        (its start tag, else its first attribute, else its tag name; line 1 for the theme)."""
        m = _POLICY.match(text.strip())
        if not m:
            return
        src, element = m.group("src"), m.group("element")
        tag = element.split("…")[0].rstrip('">') if element.startswith("<") else ""
        attributes = _ATTRIBUTE.findall(tag)
        needles = [tag, *(value for _, value in attributes if len(value) > 3)]
        needles += [f"{name}=" for name, _ in attributes[1:]][::-1]
        if tag:
            needles.append(tag.split()[0])
        line = self.line_of(src, *needles) if src.endswith(".md") else 1
        # A policy line about another file names its line (line-12) or what it is about
        # (redirect_maps:old.md, extra_javascript:x.js), so two mistakes there stay two lines.
        numbered = re.match(r"^line-(\d+)$", element)
        if numbered:
            line = int(numbered.group(1))
        elif not tag and ":" in element and not src.endswith(".md"):
            line = self.line_of(src, element.split(":", 1)[1])
        yield Problem(
            src, line, f"{element}: {m.group('message')}", m.group("fix") or "See the message", rule=m.group("rule")
        )

    def _missing(self, text: str) -> Iterator[Problem]:
        m = _MISSING.match(text)
        if not m:
            return
        src, target = m.group("src"), m.group("target")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), target.split("#")[0]))
        if target.lower().endswith(IMAGE_EXTENSIONS):
            yield Problem(
                self.doc(src),
                self.link_line(src, target),
                f"The image '{target}' does not exist: there is no {self.doc(resolved)}",
                f"Add the image file at {self.doc(resolved)}, or correct the path (it is relative to this page)",
                rule="LINK003",
            )
            return
        yield Problem(
            self.doc(src),
            self.link_line(src, target),
            f"The link '{target}' goes to a page that does not exist: there is no {self.doc(resolved)}",
            self._page_fix(src, resolved),
            rule="LINK001",
        )

    def _page_fix(self, src: str, resolved: str) -> str:
        pages = sorted(
            p.relative_to(self.root / self.docs_dir).as_posix() for p in (self.root / self.docs_dir).rglob("*.md")
        )
        close = closest_path(resolved, pages)
        if close:
            return f"Did you mean '{posixpath.relpath(close, posixpath.dirname(src) or '.')}'? Link to an existing page file, relative to this page"
        return "Link to an existing page file, relative to this page, e.g. '../get-help-now.md'"

    def _no_anchor(self, text: str) -> Iterator[Problem]:
        m = _NO_ANCHOR.match(text)
        if not m:
            return
        src, target = m.group("src"), m.group("target")
        doc = m.group("doc") or src
        anchor = target.partition("#")[2]
        close = difflib.get_close_matches(anchor, self.anchors(doc), n=1, cutoff=0.5)
        hint = f"Did you mean '#{close[0]}'? " if close else ""
        yield Problem(
            self.doc(src),
            self.link_line(src, target),
            f"The link '{target}' goes to a section that does not exist: {self.doc(doc)} has no heading or id '#{anchor}'",
            f"{hint}Use the id of a heading on that page (its heading text in lower case, spaces as dashes), "
            "or give the heading that id: '## Heading {#" + anchor + "}'",
            rule="LINK002",
        )

    def _left_as_is(self, text: str) -> Iterator[Problem]:
        m = _LEFT_AS_IS.match(text)
        if not m:
            return
        src, target = m.group("src"), m.group("target")
        mean = f" ({m.group('mean')})" if m.group("mean") else ""
        yield Problem(
            self.doc(src),
            self.link_line(src, target),
            f"The link '{target}' points at a web address on this site, not at a page file",
            f"Write the path to the .md file{mean}, relative to this page, e.g. (../get-help-now.md)",
            rule="LK003",
        )

    def _nav(self, text: str) -> Iterator[Problem]:
        m = _NAV_MISSING.match(text)
        if m:
            target = m.group("target")
            yield Problem(
                "mkdocs.yml",
                self.line_of("mkdocs.yml", f": {target}", target),
                f"The menu (nav) lists '{target}', but {self.doc(target)} does not exist",
                "Correct the path (it is relative to docs/ and ends in .md), or create the page from .github/PAGE_TEMPLATE.md",
                rule="ST006",
            )
            return
        m = _NOT_IN_NAV.search(text)
        if m:
            for page in re.findall(r"^\s+- (.+?)\s*$", m.group("pages"), re.MULTILINE):
                yield Problem(
                    self.doc(page),
                    1,
                    "This page is not in the site menu (nav in mkdocs.yml)",
                    f"Add a line under the right section of nav in mkdocs.yml, e.g. '      - Page title: {page}'",
                    rule="ST005",
                )

    def _read_error(self, text: str) -> Iterator[Problem]:
        m = _READ_ERROR.match(text)
        if not m:
            return
        rel = self.doc((m.group("src") or m.group("file")).strip())
        raw = (self.root / rel).read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield encoding_problem(rel, raw, exc.start)

    def _config(self, text: str) -> Iterator[Problem]:
        m = _CONFIG_YAML.match(text)
        if m:
            where = re.findall(r'in "[^"]*", line (\d+), column (\d+)', m.group("message"))
            line = int(where[-1][0]) if where else 1
            what = "; ".join(
                x.strip() for x in m.group("message").split("\n") if x.strip() and not x.strip().startswith("in ")
            )
            yield Problem(
                "mkdocs.yml",
                line,
                f"mkdocs.yml is not valid YAML: {what}",
                "Indent the line exactly like the entry above it (spaces, not tabs), "
                "and put a title that contains a colon in double quotes",
                rule="CONF001",
            )
            return
        m = _CONFIG_VALUE.match(text)
        if m:
            key = m.group("key")
            yield Problem(
                "mkdocs.yml",
                self.line_of("mkdocs.yml", f"\n{key}:", f"{key}:"),
                f"The setting '{key}' is wrong: {' '.join(m.group('message').split())}",
                "Compare it with the MkDocs documentation for this setting, or undo the change",
                rule="CONF002",
            )

    def _macros_block(self, text: str) -> Iterator[Problem]:
        """mkdocs-macros' own report of an error the adapter did not catch (e.g. {{ page.nope.x }})."""
        m = _MACROS_BLOCK.search(text)
        if not m:
            return
        src = m.group("src")
        lines = _TEMPLATE_LINE.findall(text)
        line = int(lines[-1]) + self.body_offset(src) if lines else 1
        yield Problem(
            self.doc(src),
            line,
            f"A macro expression failed: {m.group('type')}: {m.group('message')}",
            "Check the expression between {{ and }} on this line; the macros are listed in docs/about/macros.md",
            rule="MACRO004",
        )


def _records(output: str) -> Iterator[tuple[str, str]]:
    """(level, text) per log record; a record's continuation lines are joined to it."""
    level, lines = "", []
    for raw in output.splitlines():
        match = _RECORD.match(raw)
        starts = match or raw.startswith(("Error:", "Aborted with", "INFO", "DEBUG"))
        if starts:
            if level:
                yield level, "\n".join(lines)
            level, lines = "", []
            if match:
                level, lines = match.group("level"), [match.group("text")]
            elif raw.startswith("Error:"):
                level, lines = "ERROR", [raw]
        elif level:
            lines.append(raw)
    if level:
        yield level, "\n".join(lines)
