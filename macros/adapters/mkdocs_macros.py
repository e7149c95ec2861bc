"""Adapter for mkdocs-macros (``plugins: - macros: module_name: macros`` in mkdocs.yml).

mkdocs-macros calls ``define_env(env)`` once per build and ``on_pre_page_macros(env)`` /
``on_post_page_macros(env)`` around each page; ``env`` is the plugin. This adapter:

- loads and validates the data once per build (``define_env``), and checks that the
  copies ``make sync`` writes (the banner's static ``extra.crisis``, the search script's
  crisis phrases) match it;
- binds every macro of ``macros.catalogue`` with ``env.macro``, so a call from a page
  receives the data and the context of the page being rendered;
- before a page: builds a fresh ``PageContext`` from ``env.page`` (its ``file.src_uri``,
  ``url`` and ``meta``), writes the search aliases into ``page.meta["tags"]``, and reads
  the page's template once for mistakes Jinja would only report one at a time (a syntax
  error, a misspelt macro name, a macro named without brackets);
- after a page: checks that a page that cites lists its references, and appends the
  "About this page" aside (sources checked, clinical review, report link) to the page's Markdown.

The page steps themselves are ``macros.lifecycle``'s, shared with the Zensical adapter
(``zensical.py``), so both engines produce the same pages; this adapter adds the
mkdocs-macros-specific reporting around them.

Every contributor mistake is logged as ONE line, ``docs/faq.md:14: RULE: message. Fix: ...``,
with the line in the Markdown file (mkdocs-macros counts lines after the front matter;
this adds it back). The build goes on, so one run reports every mistake, and the strict
build fails at its end (``strict: true`` in mkdocs.yml). Nothing here exits the process:
``mkdocs serve`` survives a mistake, shows it in the terminal and in the page, and
rebuilds when it is fixed.

It reads ``env`` by duck typing and imports nothing from MkDocs or mkdocs-macros.
"""

from __future__ import annotations

import difflib
import functools
import html
import inspect
import logging
import re
import sys
import weakref
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes

from macros import _data, citations, lifecycle, page_meta
from macros.catalogue import MACROS, Macro
from macros.context import PageContext, SiteSettings
from macros.errors import DataError, MacroError

# mkdocs prints records of loggers under "mkdocs."; "macros" is how mkdocs-macros tags its own.
LOG = logging.getLogger("mkdocs.plugins.macros")
_ADAPTERS: weakref.WeakKeyDictionary[Any, Adapter] = weakref.WeakKeyDictionary()
REFERENCE = "docs/about/macros.md"
DATA_FIX = "Correct the entry the message names; the fields and their formats are in macros/models.py"


def report(path: str, line: int | None, rule: str, message: str, fix: str = "") -> str:
    """Log one contributor mistake as one line and return it: 'docs/faq.md:14: MACRO001: ... Fix: ...'."""
    where = f"{path}:{line}" if line else path
    message, _, inline_fix = message.partition(" Fix: ")
    text = f"{where}: {rule}: {_sentence(message)}"
    if fix or inline_fix:
        text += f" Fix: {_sentence(fix or inline_fix)}"
    LOG.error(text)
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _strip_page(message: str, source: str) -> str:
    """The core starts messages with the page ('docs/faq.md: ...'); the line says it already."""
    return message[len(source) + 2 :] if message.startswith(source + ": ") else message


def _template_line() -> int | None:
    """The line of the Jinja template being rendered right now (in the page's Markdown body)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def _usage(func: Macro) -> str:
    """'{{ cite("rush-2006") }}' from the macro's one-line docstring."""
    first = (inspect.getdoc(func) or "").splitlines()[0]
    found = re.search(r"\{\{.*?\}\}", first)
    return found.group(0) if found else f"{{{{ {func.__name__}() }}}}"


class Adapter:
    """One build: the data, the site settings, and the context of the page being rendered."""

    def __init__(self, env: Any) -> None:
        self.env = env
        conf = env.conf
        docs_dir = conf.get("docs_dir")
        self.docs_dir = Path(docs_dir) if docs_dir else None
        self.site = SiteSettings.from_extra(conf.get("extra"))
        self.page = PageContext(site=self.site)  # outside any page until the first one starts
        self.offset = 0  # lines of front matter before the Markdown mkdocs-macros renders
        self.failed = False  # the current page has reported a mistake
        self.placeholders: dict[str, _Placeholder] = {}  # unknown names on this page
        self.data = _data.load_current(self.docs_dir)

    def check_static_config(self) -> None:
        """The theme reads the banner from static ``extra.crisis``: it must match crisis.yml."""
        lifecycle.check_config(self.env.conf.get("extra"), self.data, self.docs_dir)

    def bind(self) -> None:
        for name, func in MACROS.items():
            self.env.macro(self._bound(func), name)

    def _bound(self, func: Macro) -> Macro:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> str:
            line = _template_line()
            try:
                signature.bind(None, None, *args, **kwargs)
            except TypeError as exc:
                return self._fail(
                    self._in_file(line), "MACRO004", f"{func.__name__}(): {exc}", f"Call it like this: {_usage(func)}"
                )
            try:
                return func(self.data, self.page, *args, **kwargs)
            except MacroError as error:
                if self.failed and func is citations.references:
                    return ""  # it would only repeat the cite() that failed above it
                return self._macro_error(error, line)
            except Exception as exc:  # a bug in a macro: still one line, with where it was called
                return self._fail(
                    self._in_file(line),
                    "MACRO004",
                    f"{func.__name__}() raised {type(exc).__name__}: {exc}",
                    f"Check the call against the macro reference ({REFERENCE}); if it looks right, report it",
                )

        return call

    # ── Reporting ───────────────────────────────────────────────────────────
    def _in_file(self, line: int | None) -> int | None:
        """A line of the Markdown mkdocs-macros renders, as a line of the page's file."""
        return line + self.offset if line else None

    def _fail(self, line: int | None, rule: str, message: str, fix: str) -> str:
        """Report a mistake at ``line`` of the page's file; return what the page shows in its place."""
        self.failed = True
        text = report(self.page.source, line, rule, message, fix)
        return f'<mark class="trd-build-error">{html.escape(text)}</mark>'

    def _macro_error(self, error: MacroError, line: int | None) -> str:
        """``line``: of the template being rendered; a front matter mistake points at its field."""
        where = self._meta_line(error.field) if error.field else self._in_file(line)
        return self._fail(where, error.rule, _strip_page(error.message, self.page.source), error.fix)

    def _meta_line(self, key: str) -> int | None:
        """The line of a front matter field in the page's file."""
        return page_meta.read(self._source()).line_of(key)

    def _source(self) -> str:
        file = getattr(self.env.page, "file", None)
        try:
            return str(file.content_string) if file is not None else ""
        except (OSError, UnicodeDecodeError, AttributeError):
            return ""

    # ── Pages ───────────────────────────────────────────────────────────────
    def start_page(self) -> None:
        page = self.env.page
        meta = page.meta if page.meta is not None else {}
        file = getattr(page, "file", None)
        self.failed = False
        self.placeholders = {}
        self.page = PageContext(
            src_uri=getattr(file, "src_uri", "") or "",
            url=getattr(page, "url", None),
            meta=meta,
            site=self.site,
        )
        markdown = self.env.markdown
        source = self._source()
        self.offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
        self._check_front_matter(source, meta)
        found = self._template_mistakes(markdown)
        if found:
            # Rendering would stop at the first of them; show them all in place of the page.
            body = "\n".join(f"- {html.escape(text)}" for text in found)
            self.env.markdown = (
                f'!!! failure "This page did not build"\n\n    {{% raw %}}\n{_indent(body)}\n    {{% endraw %}}\n'
            )
            return
        if page.meta is None:
            page.meta = {}
        try:  # the same page start as every engine: search aliases and docs path into the meta
            self.page = lifecycle.start_page(
                self.data, self.site, src_uri=self.page.src_uri, url=self.page.url, meta=page.meta
            )
        except MacroError as error:
            self._macro_error(error, None)

    def _check_front_matter(self, source: str, meta: Any) -> None:
        """MkDocs drops front matter it cannot read without a word (the page loses its title
        and dates, and shows the block as text): say why, on its line, as the checker does."""
        front = page_meta.read(source)
        if meta or not front.present:
            return
        for error in front.check():
            if error.field is None or error.rule == "FM003":  # the block itself, or a date YAML cannot make
                self._fail(error.line, error.rule, error.message, error.fix)

    def _template_mistakes(self, markdown: str) -> list[str]:
        """A Jinja syntax error, or a macro printed without brackets (``{{ cite }}``), reported;
        unknown names (a misspelt macro), reported each and rendered as the mistake, so the rest of
        the page still builds. Returns what stops the page."""
        jinja_env = self.env.env
        try:
            tree = jinja_env.parse(markdown)
        except jinja2.TemplateSyntaxError as exc:
            return [
                self._fail_text(
                    self._in_file(exc.lineno),
                    "MACRO003",
                    f"Jinja syntax error: {exc.message}",
                    "Close every {{ with }} and every {% with %}, and put text arguments in quotes: "
                    '{{ cite("rush-2006") }}',
                )
            ]
        bare = [  # {{ cite }}: the page would print the function itself
            node
            for output in tree.find_all(jinja2.nodes.Output)
            for node in output.nodes
            if isinstance(node, jinja2.nodes.Name) and node.name in MACROS
        ]
        if bare:
            return [
                self._fail_text(
                    self._in_file(node.lineno),
                    "MACRO004",
                    f"'{node.name}' is named without brackets, so the page would show the macro itself, not its output",
                    f"Call it like this: {_usage(MACROS[node.name])}",
                )
                for node in bare
            ]
        known = set(jinja_env.globals) | set(self.env.variables) | set(self.env.macros) | set(self.page.meta) | {"page"}
        unknown = jinja2.meta.find_undeclared_variables(tree) - known
        calls = tree.find_all(jinja2.nodes.Call)
        called = {node.node.name for node in calls if isinstance(node.node, jinja2.nodes.Name)}
        for node in tree.find_all(jinja2.nodes.Name):
            if node.name not in unknown or node.ctx != "load":
                continue
            kind, pool = ("macro", MACROS) if node.name in called else ("name", [*MACROS, *self.env.variables])
            close = difflib.get_close_matches(node.name, list(pool), n=1, cutoff=0.6)
            message = f"unknown {kind} '{node.name}'." + (f" Did you mean '{close[0]}'?" if close else "")
            fix = (
                f"Write {close[0]}(...) instead" if close and kind == "macro" else f"Use {close[0]!r}" if close else ""
            ) or f"Use a macro from the macro reference ({REFERENCE})"
            text = self._fail_text(self._in_file(node.lineno), "MACRO002", message, fix)
            self.placeholders.setdefault(node.name, _Placeholder(text))
        self.env.variables.update(self.placeholders)  # this page only: removed in finish_page
        return []

    def _fail_text(self, line: int | None, rule: str, message: str, fix: str) -> str:
        self.failed = True
        return report(self.page.source, line, rule, message, fix)

    def finish_page(self) -> None:
        for name in self.placeholders:
            self.env.variables.pop(name, None)
        self._keep_rendered_title()
        if self.failed:
            return  # the page-end checks would only repeat the mistake reported above
        try:
            aside = lifecycle.finish_page(self.data, self.page)
        except MacroError as error:  # e.g. no {{ references() }}: point at the page's last line
            self._macro_error(error, self._source().rstrip("\n").count("\n") + 1 - self.offset)
            return
        if aside:  # after the macros ran: front matter never passes through Jinja
            self.env.markdown = self.env.markdown.rstrip("\n") + "\n\n" + aside

    def _keep_rendered_title(self) -> None:
        """A title may print a crisis number through a macro (docs/988.md). mkdocs-macros
        renders ``page.title``, but Material's <title> reads ``page.meta.title``: copy the
        rendered title back, so the number is still typed only in crisis.yml."""
        page = self.env.page
        meta = getattr(page, "meta", None)
        if isinstance(meta, dict) and "{{" in str(meta.get("title", "")) and "{{" not in str(page.title):
            meta["title"] = page.title


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


class _Placeholder:
    """Stands in for an unknown name on one page, as a variable or a macro: shows the mistake."""

    # Jinja's sandbox asks a callable for these before calling it; __getattr__ must not answer
    # them (a truthy answer refuses the call, and mkdocs-macros then shows its own error page).
    unsafe_callable = alters_data = False

    def __init__(self, text: str) -> None:
        self.text = f'<mark class="trd-build-error">{html.escape(text)}</mark>'

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        return self.text

    def __getattr__(self, name: str) -> _Placeholder:
        if name.startswith("_"):
            raise AttributeError(name)
        return self  # {{ typo.attribute }} shows the mistake too

    def __str__(self) -> str:
        return self.text


class _Unavailable:
    """Stands in for the macros when the data could not be loaded: the data error is
    reported once in the log, and in live preview every page opens with it (a crisis page
    that says "Call" with no number must not look finished); each macro shows a short mark."""

    def __init__(self, env: Any, errors: list[str]) -> None:
        self.env = env
        self.notice = _Placeholder(
            "The shared data has a mistake, so this page is missing its facts and crisis numbers: "
            + " / ".join(errors)
            + " (the strict build fails until it is fixed)"
        ).text

    def start_page(self) -> None:
        self.env.markdown = f"{self.notice}\n\n{self.env.markdown}"

    def finish_page(self) -> None:
        pass


def define_env(env: Any) -> None:
    try:
        adapter = Adapter(env)
    except (DataError, MacroError) as error:
        errors = str(error).splitlines()
        for line in errors:
            where, _, message = line.partition(": ")
            path, _, line = where.partition(":")
            report(
                path, int(line) if line.isdigit() else None, "DATA001", message, "" if " Fix: " in message else DATA_FIX
            )
        missing = _Placeholder("missing: see the data mistake at the top of this page").text
        for name in MACROS:  # pages build with a mark instead of repeating the error
            env.macro(lambda *args, **kwargs: missing, name)
        _ADAPTERS[env] = _Unavailable(env, errors)
        return
    try:
        adapter.check_static_config()
    except DataError as error:
        where, _, message = str(error).partition(": ")
        report(where, None, "SYNC001", message)
    adapter.bind()
    _ADAPTERS[env] = adapter


def on_pre_page_macros(env: Any) -> None:
    _ADAPTERS[env].start_page()


def on_post_page_macros(env: Any) -> None:
    _ADAPTERS[env].finish_page()
