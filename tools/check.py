"""``make check``: every check CI runs on a contributor's change, in one list.

    python -m tools.check            # from the project folder; exit 1 on any error
    python -m tools.check --verbose  # also print the build's own output

Every step runs even when an earlier one fails (a spelling typo must not hide the content
checker's report), except the site's links and budgets after a mistake in the data, mkdocs.yml
or the macros' Python (every page then lacks its macro output, so they would only echo it);
then ONE sorted list is printed, root causes first, one problem per line::

    docs/faq.md:16: ERROR MACRO001: unknown source 'nope-2020' in cite('nope-2020'). Fix: ...

and a summary. The steps (``STEPS``; adding one is one line):

- ruff, codespell, import-linter and zizmor (what ``make lint`` runs);
- the content checker (``python -m tools.checker``);
- the strict build, its warnings and errors translated to lines (``tools/buildlog.py``), including
  the rendered-HTML security policy the build hook runs on every page (``tools/policy/``); its
  site is kept in .build/check and its own output in .build/check.log;
- ``python -m tools.policy`` on the built site: the build hook's own checks, run from outside the
  build (a mkdocs.yml without ``hooks:`` builds pages without CSP; this step refuses them);
- every internal link, anchor and image of the built site: LinkChecker itself, with CI's
  settings, its records placed on Markdown lines (``tools/sitelinks.py``);
- published URLs still served (``tools/urls.py``);
- the byte budgets of every built page (``macros/data/budgets.yml``, as tests/site/test_budgets.py).

The build starts first, in the background, and the other steps run while it works.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tools.checker.core import Problem

SITE = Path(".build/check")
BUILD_LOG = Path(".build/check.log")  # the strict build's output, as CI's build prints it
_CODESPELL = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<word>.+?) ==> (?P<fix>.+)$")
# import-linter's line for a forbidden import: "-   macros.glossary -> mkdocs (l.43)"
_IMPORT = re.compile(r"^-\s+(?P<importer>[\w.]+) -> (?P<imported>[\w.]+) \(l\.(?P<lines>[\d, l.]+)\)$")
# What another tool prints in our own form: "path:line: ERROR RULE: message. Fix: ..."
_STANDARD = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>\d+): (?P<severity>ERROR|WARNING) (?P<rule>[\w-]+): (?P<message>.*?)(?: Fix: (?P<fix>.*))?$"
)


@dataclass
class Run:
    """One ``make check``: where the project is, the build in flight, what each step found."""

    root: Path
    verbose: bool = False
    build: subprocess.Popen[str] | None = None
    build_output: str = ""
    build_code: int | None = None
    site_ready: bool = False
    results: dict[str, list[Problem]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def site(self) -> Path:
        return self.root / SITE


Step = Callable[[Run], list[Problem]]


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def _run(run: Run, command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=run.root, capture_output=True, text=True, check=False, env=env)


# ── Steps ────────────────────────────────────────────────────────────────────
def _json_tool(run: Run, name: str, command: list[str], problem: Callable[[dict], Problem]) -> list[Problem]:
    """Run a tool that reports its findings as a JSON list: one Problem per finding, or one
    line saying the tool itself failed (no JSON, or a failing exit with nothing found)."""
    result = _run(run, command)
    try:
        found = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return [_failed(name, result)]
    problems = [problem(item) for item in found]
    if result.returncode and not problems:
        problems.append(_failed(name, result))
    return problems


def ruff(run: Run) -> list[Problem]:
    def problem(item: dict) -> Problem:
        fixable = item.get("fix") is not None
        return Problem(
            Path(item["filename"]).resolve().relative_to(run.root.resolve()).as_posix(),
            item["location"]["row"],
            f"{item['message']} (ruff)",
            "Run .venv/bin/ruff check --fix macros tools tests"
            if fixable
            else f"See {item.get('url') or 'the ruff documentation'}",
            rule=f"ruff-{item['code']}",
        )

    command = _python("-m", "ruff", "check", "--output-format", "json", "--quiet", "macros", "tools", "tests")
    return _json_tool(run, "ruff", command, problem)


def codespell(run: Run) -> list[Problem]:
    result = _run(run, _python("-m", "codespell_lib"))
    problems = []
    for line in result.stdout.splitlines():
        m = _CODESPELL.match(line.strip())
        if m:
            problems.append(
                Problem(
                    m.group("path").removeprefix("./"),
                    int(m.group("line")),
                    f"'{m.group('word')}' looks misspelt (codespell)",
                    f"Write '{m.group('fix')}'. If the word is right, add it to ignore-words-list in pyproject.toml",
                    rule="codespell",
                )
            )
    if result.returncode and not problems:
        problems.append(_failed("codespell", result))
    return problems


def zizmor(run: Run) -> list[Problem]:
    """The workflows by zizmor, a maintained auditor: unpinned actions, leaked credentials,
    template injection and more (.github/zizmor.yml). Offline: it asks GitHub nothing."""

    def problem(item: dict) -> Problem:
        where = item["locations"][0]
        return Problem(
            where["symbolic"]["key"]["Local"]["verbatim_path"],
            where["concrete"]["location"]["start_point"]["row"] + 1,
            f"{item['desc']}: {where['symbolic']['annotation']} (zizmor)",
            f"See {item['url']}",
            rule=f"zizmor-{item['ident']}",
        )

    # zizmor is a compiled program its wheel installs beside the venv's Python.
    zizmor = str(Path(sys.executable).parent / "zizmor")
    command = [zizmor, "--offline", "--format", "json", "--config", ".github/zizmor.yml", ".github/workflows"]
    return _json_tool(run, "zizmor", command, problem)


def imports(run: Run) -> list[Problem]:
    """pyproject.toml's import contracts by import-linter (macros/ imports no engine), one problem
    per forbidden import at its line."""
    env = {**os.environ, "PYTHONPATH": str(run.root)}  # this project's macros/, not the installed one
    result = _run(run, [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], env)
    problems = []
    for line in result.stdout.splitlines():
        m = _IMPORT.match(line.strip())
        if not m:
            continue
        path = m.group("importer").replace(".", "/")
        path = f"{path}/__init__.py" if (run.root / path).is_dir() else f"{path}.py"
        for number in re.findall(r"\d+", m.group("lines")):
            problems.append(
                Problem(
                    path,
                    int(number),
                    f"macros/ must not import {m.group('imported')}: the core knows no engine (import-linter)",
                    "Move the engine code into macros/adapters/ and reach the engine by duck typing "
                    "(docs/about/engines.md)",
                    rule="imports-engine-free",
                )
            )
    if result.returncode and not problems:
        problems.append(_failed("lint-imports", result))
    return problems


def checker(run: Run) -> list[Problem]:
    from tools.checker.project import ConfigError, Project
    from tools.checker.runner import check

    try:
        project = Project.load(run.root)
    except ConfigError as exc:
        return (
            [exc.problem]
            if getattr(exc, "problem", None)
            else [Problem("mkdocs.yml", 1, str(exc), "See the message", rule="CONF001")]
        )
    return check(project)


def build(run: Run) -> list[Problem]:
    from tools.buildlog import BuildLog
    from tools.site import mkdocs_config

    assert run.build is not None, "the build starts before the steps"
    run.build_output, _ = run.build.communicate()
    run.build_code = run.build.returncode
    # The strict build's own words, kept beside its site (the tests read CI's build from here).
    log = run.root / BUILD_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(run.build_output, encoding="utf-8")
    if run.verbose:
        print(run.build_output)
    # A strict build that stops at its end ("Aborted with N errors") has written every page.
    # A build stopped by the security hook writes no pages at all: then the steps that read the
    # site are skipped (their "every URL is gone" would bury the one real problem).
    run.site_ready = (run.build_code == 0 or "Aborted with" in run.build_output) and (run.site / "index.html").is_file()
    try:
        docs_dir = str(mkdocs_config(run.root).get("docs_dir", "docs")).strip("/")
    except Exception:
        docs_dir = "docs"
    problems = BuildLog(run.root, run.site if run.site_ready else None, docs_dir).problems(run.build_output)
    if run.build_code and not problems:
        tail = " | ".join(run.build_output.strip().splitlines()[-3:])
        problems.append(
            Problem(
                "mkdocs.yml", 1, f"The build failed: {tail}", "Run make build to see its full output", rule="BUILD000"
            )
        )
    return problems


def policy(run: Run) -> list[Problem]:
    """``python -m tools.policy`` on the built site: the same code as the build hook, run again
    from outside the build, so a mkdocs.yml without the hook (no CSP, no policy) still fails."""
    from tools.buildlog import BuildLog

    if not run.site_ready:
        run.notes["policy"] = "skipped: the build did not finish (the build hook reported the policy)"
        return []
    if any(p.rule.startswith("SEC") for p in run.results.get("build", [])):
        # The hook wrote a refusal notice in place of each refused page; reading those again
        # would only report that they are not theme pages.
        run.notes["policy"] = "skipped: the build hook refused pages (listed with the build)"
        return []
    result = _run(run, _python("-m", "tools.policy", str(run.site), "--root", str(run.root)))
    lines = [line for line in result.stdout.splitlines() if re.search(r": SEC\d{3} [a-z0-9-]+: ", line)]
    problems = BuildLog(run.root, run.site).problems("\n".join(f"ERROR    -  {line}" for line in lines))
    if result.returncode and not problems:
        problems.append(_failed("policy", result))
    return problems


# Mistakes that leave every built page without its macro output (data, mkdocs.yml, the macros'
# Python, an unreadable page) or refused (mkdocs.yml's copy of the crisis lines differs from
# the data, so no page's banner matches): the site's links and weights then only echo them, so
# those two steps wait until these are fixed. The security policy still runs on every page.
STOPPING_RULES = ("DATA", "CONF", "PY001", "YAML", "ENC001", "SYNC001")


def _stopped_by(run: Run) -> str | None:
    """Why the steps that read the built site's links and weights are skipped, if they are."""
    if not run.site_ready:
        return "skipped: the build did not finish"
    found = [p for name in ("checker", "build") for p in run.results.get(name, [])]
    if any(p.severity == "ERROR" and p.rule.startswith(STOPPING_RULES) for p in found):
        return "skipped until the data, config or Python mistakes above are fixed"
    return None


def site_links(run: Run) -> list[Problem]:
    from tools.sitelinks import check_site

    if reason := _stopped_by(run):
        run.notes["links"] = reason
        return []
    return check_site(run.site, run.root)


def published_urls(run: Run) -> list[Problem]:
    from tools.urls import check

    if not run.site_ready:
        run.notes["urls"] = "skipped: the build did not finish"
        return []
    return check(run.site, run.root)


def budgets(run: Run) -> list[Problem]:
    """The byte budgets of macros/data/budgets.yml, on the built pages (as tests/site/test_budgets.py)."""
    from tools.budgets import BUDGETS_FILE, load_budgets
    from tools.sitelinks import source_of
    from tools.weight import SEARCH_INDEX, SiteWeigher, html_pages, page_url

    if reason := _stopped_by(run):
        run.notes["budgets"] = reason
        return []
    limits = load_budgets(run.root / "macros" / "data" / "budgets.yml").bytes
    config = run.root / "macros" / "data" / BUDGETS_FILE.name
    weigher = SiteWeigher(run.site)
    problems = []
    first_search = 0  # opening search the first time (worker and index, loaded on demand)
    for path in html_pages(run.site):
        weight = weigher.weigh(page_url(run.site, path), path)  # parses the page: once per page
        first_search = max(first_search, weight.first_search)
        src = source_of(run.site, path, run.root / "docs")
        where = f"docs/{src}" if src else "overrides/main.html"
        for measure, limit, what in (
            ("html", limits.html, "HTML"),
            ("first_view", limits.first_view, "first view"),
            ("repeat_view", limits.repeat_view, "repeat view"),
        ):
            size = getattr(weight, measure)
            if size > limit:
                problems.append(
                    Problem(
                        where,
                        1,
                        f"The built page {weight.page or '(home)'} weighs {size / 1000:.1f} kB gzip ({what}), over its "
                        f"{limit / 1000:.1f} kB budget ({weight.describe()})",
                        _budget_fix(weight.by_kind()),
                        rule="BUDGET001",
                    )
                )
    if first_search > limits.first_search:
        problems.append(
            Problem(
                config.relative_to(run.root).as_posix(),
                _line_of(config, "first_search_kb"),
                f"Opening search the first time downloads {first_search / 1000:.1f} kB gzip (worker and "
                f"{SEARCH_INDEX}), over the {limits.first_search / 1000:.1f} kB budget",
                "Leave generated lists out of search (front matter `search: exclude: true`) or trim repeated text",
                rule="BUDGET002",
            )
        )
    return problems


def _budget_fix(by_kind: dict[str, int]) -> str:
    """Advice for what the page itself adds: an image is not fixed by splitting the text."""
    where = "; the budgets are in macros/data/budgets.yml"
    if by_kind.get("image", 0) > by_kind.get("html", 0):
        return (
            f"Its images weigh {by_kind['image'] / 1000:.1f} kB: resize each to the width it is shown at "
            "(about 800 px) and compress it, or use SVG" + where
        )
    return "Split the page, or move long lists and tables to a page of their own" + where


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, start=1) if needle in line), 1)


def command(name: str, *args: str) -> Step:
    """A step that runs ``python -m ...`` and reads its lines in our own form; {site} is the build."""

    def step(run: Run) -> list[Problem]:
        if "{site}" in " ".join(args) and not run.site_ready:
            run.notes[name] = "skipped: the build did not finish"
            return []
        result = _run(run, _python(*(a.replace("{site}", str(run.site)) for a in args)))
        problems = []
        for line in result.stdout.splitlines():
            m = _STANDARD.match(line.strip())
            if m:
                problems.append(
                    Problem(
                        m.group("path"),
                        int(m.group("line")),
                        m.group("message"),
                        m.group("fix") or "See the message",
                        rule=m.group("rule"),
                        severity=m.group("severity"),  # type: ignore[arg-type]
                    )
                )
        if result.returncode and not any(p.severity == "ERROR" for p in problems):
            problems.append(_failed(name, result))
        return problems

    step.__name__ = name
    return step


def _failed(name: str, result: subprocess.CompletedProcess[str]) -> Problem:
    tail = " | ".join((result.stdout + result.stderr).strip().splitlines()[-3:])
    return Problem(
        "Makefile", 1, f"{name} failed (exit {result.returncode}): {tail}", "Run it alone to see why", rule=name
    )


@dataclass(frozen=True)
class StepRule:
    """A rule reported by a step other than the content checker (which has its own table)."""

    id: str
    step: str
    why: str
    fix: str


# What the other steps report, for CONTRIBUTING.md and `python -m tools.check --rules`.
STEP_RULES = (
    StepRule(
        "ruff-*",
        "ruff",
        "Python style and likely bugs in macros/, tools/ and tests/",
        "Run `.venv/bin/ruff check --fix macros tools tests`, or follow the linked rule",
    ),
    StepRule(
        "zizmor-*",
        "zizmor",
        "A GitHub workflow that runs unpinned code, can leak its token, or injects untrusted text",
        "Follow the linked audit (an action is pinned to a full commit SHA with its version as a comment)",
    ),
    StepRule(
        "imports-engine-free",
        "imports",
        "A module in `macros/` imports an engine (MkDocs, mkdocs-macros, Material, Zensical, ProperDocs)",
        "Move the engine code into `macros/adapters/` and reach the engine by duck typing",
    ),
    StepRule(
        "codespell",
        "codespell",
        "A common misspelling anywhere in the repository",
        "Correct it, or add a real word to `ignore-words-list` in pyproject.toml",
    ),
    StepRule(
        "LINK001",
        "build, links",
        "A link to a page or file that does not exist (Markdown, raw HTML or a macro's output)",
        "Link to an existing `.md` file, relative to the page",
    ),
    StepRule(
        "LINK002",
        "build, links",
        "A link to a section (`#anchor`) that the target page does not have",
        "Use the id of a heading on that page, or give the heading that id: `## Heading {#id}`",
    ),
    StepRule(
        "LINK003",
        "build, links",
        "An image that does not exist",
        "Add the image file, or correct its path (relative to the page)",
    ),
    StepRule(
        "MACRO001",
        "build",
        "A macro call with an unknown id or a wrong argument (`cite`, `term`, `safety_note`...)",
        "Use the id the message suggests; ids live in `macros/data/`",
    ),
    StepRule(
        "MACRO002",
        "build",
        "An unknown macro or variable name (`{{ cit(...) }}`)",
        "Use the macro the message suggests; all macros are in docs/about/macros.md",
    ),
    StepRule(
        "MACRO003",
        "build",
        'A Jinja syntax error (`{{ cite("x" }}`)',
        "Close every `{{` with `}}` and every `(` with `)`; quote text arguments",
    ),
    StepRule(
        "MACRO004",
        "build",
        "A macro called with the wrong number of arguments, named without brackets (`{{ cite }}`), or one that failed",
        "Call it as the macro reference shows",
    ),
    StepRule("SYNC001", "build", "mkdocs.yml `extra.crisis` differs from macros/data/crisis.yml", "Run `make sync`"),
    StepRule(
        "PY001",
        "build",
        "The macros' own Python code (`macros/*.py`) does not load: a syntax error or a bad import",
        "Correct the Python on the line named; `make serve` keeps serving and rebuilds when you save",
    ),
    StepRule(
        "CONF001",
        "checker, build",
        "mkdocs.yml is not valid YAML (often a mis-indented nav entry)",
        "Indent the entry like the ones beside it; a section's pages 4 spaces deeper",
    ),
    StepRule(
        "CONF002",
        "build",
        "A MkDocs setting has a wrong value",
        "Undo the change or compare with the MkDocs documentation",
    ),
    StepRule(
        "URL001",
        "urls",
        "A published URL (docs/.published-urls.txt) is no longer built and nothing redirects it",
        "Restore the page, or add a redirect in mkdocs.yml (`redirects: redirect_maps:`)",
    ),
    StepRule(
        "URL002",
        "urls",
        "A page in nav whose URL is not in docs/.published-urls.txt yet",
        "Run `make urls` and commit the list",
    ),
    StepRule(
        "URL003",
        "urls",
        "A URL was deleted from docs/.published-urls.txt (the list only grows, compared with main)",
        "Put the line back; if the page moved, add a redirect",
    ),
    StepRule(
        "GEN001",
        "generated",
        "The generated rule table in CONTRIBUTING.md was edited by hand or is out of date",
        "Run `python -m tools.check --write-contributing`",
    ),
    StepRule(
        "BUILD000",
        "build",
        "Anything else the strict build warns about, quoted as it is",
        "Run `make build` to see it in context",
    ),
)


def generated(run: Run) -> list[Problem]:
    """CONTRIBUTING.md's rule table is generated from the rule tables: a hand edit drifts."""
    path = run.root / CONTRIBUTING
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return [
            Problem(
                CONTRIBUTING.as_posix(),
                1,
                "The generated rule table's markers are missing",
                "Restore them from git",
                rule="GEN001",
            )
        ]
    start, end = text.index(BEGIN), text.index(END) + len(END)
    if text[start:end] == contributing_block():
        return []
    old, new = text[start:end].splitlines(), contributing_block().splitlines()
    first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    return [
        Problem(
            CONTRIBUTING.as_posix(),
            text[:start].count("\n") + 1 + first,
            "The rule table in CONTRIBUTING.md differs from the rules (it is generated; edit the rule instead)",
            "Run .venv/bin/python -m tools.check --write-contributing and commit the file",
            rule="GEN001",
        )
    ]


# Order is the order they run in; the build runs in the background from the start.
STEPS: dict[str, Step] = {
    "ruff": ruff,
    "codespell": codespell,
    "zizmor": zizmor,
    "imports": imports,
    "checker": checker,
    "generated": generated,
    "build": build,
    "policy": policy,
    "links": site_links,
    "urls": published_urls,
    "budgets": budgets,
}


def _start_build(run: Run) -> None:
    command = _python("-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(SITE))
    run.build = subprocess.Popen(
        command,
        cwd=run.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def dedupe(results: dict[str, list[Problem]]) -> list[Problem]:
    """Every problem a step found, except one that an EARLIER step already reported (same rule at
    the same place: the checker's wording wins, then the build's, then the site's). Two problems
    from one step are two problems, even on one line (two avoided phrases, three budgets)."""
    seen: set[tuple[str, int, str]] = set()
    kept = []
    for found in results.values():
        keys = set()
        for problem in found:
            key = (problem.path, problem.line, problem.rule)
            if key not in seen:
                keys.add(key)
                kept.append(problem)
        seen |= keys
    return kept


# Problems that make others happen: bad data leaves the crisis macro empty (a link to
# '#united-states' then breaks), a nav typo breaks every page's links, a Python mistake stops
# every macro. These print first; what follows from them is folded under them.
ROOT_CAUSE_RULES = ("DATA", "CONF", "PY001", "SYNC001", "YAML", "ENC001", "ST006", "ST007", "CRISIS002", "CRISIS003")
_MISSING_NAV_PAGE = re.compile(r"lists '(?P<uri>[^']+)', but docs/")
_DID_YOU_MEAN = re.compile(r"Did you mean '(?P<uri>[^']+)'")


def is_root_cause(problem: Problem) -> bool:
    return problem.severity == "ERROR" and problem.rule.startswith(ROOT_CAUSE_RULES)


def _fold_banner_numbers(roots: list[Problem], rest: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """A crisis number changed in crisis.yml but not yet in the copy the banner reads (SYNC001)
    or not yet reviewed (CRISIS003): every page's "no crisis banner with tel:..." (SEC132)
    follows from it. One line: the data's, saying how many pages it leaves without the number."""
    banner = [p for p in rest if p.rule == "SEC132" and "no crisis banner with" in p.message]
    owner = next((i for i, r in enumerate(roots) if r.rule == "SYNC001" and "extra.crisis" in r.message), None)
    if owner is None:
        owner = next((i for i, r in enumerate(roots) if r.rule.startswith("CRISIS")), None)
    if owner is None or not banner:
        return roots, rest
    roots = list(roots)
    pages = len({p.path for p in banner})
    roots[owner] = dataclasses.replace(
        roots[owner],
        message=f"{roots[owner].message.rstrip('.')} (so {pages} pages have no crisis banner with the number "
        "crisis.yml now gives)",
    )
    return roots, [p for p in rest if p not in banner]


_ANCHOR_TARGET = re.compile(r"(?P<page>\S+\.md) has no heading or id '#")


def _fold_missing_macro_output(
    roots: list[Problem], rest: list[Problem], root: Path | None
) -> tuple[list[Problem], list[Problem]]:
    """A data mistake leaves every macro without output: the strict build then finds the links
    it held broken ('#countries' and '#us' on the crisis page, the mark left where a link was).
    Those are folded into the data's line. A link to a section of a page that uses no macro
    cannot follow from it, so it stays listed; the site's links are checked again once it is fixed."""
    owner = next((i for i, r in enumerate(roots) if r.rule.startswith("DATA")), None)
    if owner is None:
        return roots, rest

    def follows(problem: Problem) -> bool:
        if problem.rule == "LK003":
            return "trd-build-error" in problem.message
        target = _ANCHOR_TARGET.search(problem.message) if problem.rule == "LINK002" and root else None
        page = root / target.group("page") if target and root else None
        return page is not None and page.is_file() and "{{" in page.read_text(encoding="utf-8", errors="replace")

    follow = [p for p in rest if follows(p)]
    if not follow:
        return roots, rest
    roots = list(roots)
    roots[owner] = dataclasses.replace(
        roots[owner],
        message=f"{roots[owner].message.rstrip('.')} (so every page is built without its macros' output, which "
        f"breaks {len(follow)} links on {len({p.path for p in follow})} pages until it is fixed)",
    )
    return roots, [p for p in rest if p not in follow]


def ordered(problems: list[Problem], root: Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """(root causes, everything else), each sorted by place. What a nav typo breaks on every
    page (the menu's link to the missing page, the real page now outside the menu) is folded
    into the typo's own line: one mistake, one line. So are what a data mistake breaks (links
    the macros' output held) and what a crisis number out of sync breaks (every page's banner);
    ``root`` is the project, to tell a link that needs macros from one that does not."""
    roots = sorted((p for p in problems if is_root_cause(p)), key=lambda p: p.sort_key)
    rest = sorted((p for p in problems if not is_root_cause(p)), key=lambda p: p.sort_key)
    roots, rest = _fold_banner_numbers(roots, rest)
    roots, rest = _fold_missing_macro_output(roots, rest, root)
    for i, root in enumerate(roots):
        missing = _MISSING_NAV_PAGE.search(root.message) if root.rule == "ST006" else None
        if not missing:
            continue
        meant = _DID_YOU_MEAN.search(root.fix)
        url = (
            "/"
            + missing.group("uri").removesuffix(".md").removesuffix("index")
            + ("" if missing.group("uri").endswith("index.md") else "/")
        )
        follows = [
            p
            for p in rest
            if (p.rule == "LINK001" and f"no page at /{missing.group('uri')}" in p.message)
            or (p.rule == "ST005" and meant and p.path.endswith("/" + meant.group("uri")))
            or (p.rule in ("URL001", "URL002") and url in p.message)
        ]
        if follows:
            rest = [p for p in rest if p not in follows]
            pages = len({p.path for p in follows if p.rule == "LINK001"})
            roots[i] = dataclasses.replace(
                root, message=f"{root.message} (so the menu link to it is broken on {pages} pages)"
            )
    return roots, rest


def rules_markdown() -> str:
    """What make check checks, as Markdown: its steps, then every rule (checker rules from their table)."""
    from tools.checker.runner import rules_table

    steps = (
        "| Step | What it runs |\n| --- | --- |\n"
        "| ruff, codespell, imports, zizmor | `ruff check macros tools tests`, `codespell`, `lint-imports` (pyproject.toml's import contracts) and `zizmor` on .github/workflows (as `make lint`) |\n"
        "| checker | the content checker, `python -m tools.checker` (its rules are below) |\n"
        "| generated | the rule table in CONTRIBUTING.md matches the rules (`python -m tools.check --write-contributing`) |\n"
        "| build | the strict build, `mkdocs build --strict`, every warning and error as a line, including the rendered-HTML security policy on every page (`python -m tools.policy --rules` lists its rules) |\n"
        "| policy | `python -m tools.policy` on the built site: every published file and mkdocs.yml by the build hook's own code, so a build without the hook still fails |\n"
        "| links | every internal link, anchor and image of the built site, 404 page included (LinkChecker, as in CI) |\n"
        "| urls | every URL in docs/.published-urls.txt is still built or redirected |\n"
        "| budgets | every built page and the search index within the byte budgets of macros/data/budgets.yml |"
    )
    others = ["| Rule | Step | Why it matters | How to fix it |", "| --- | --- | --- | --- |"]
    others += [f"| {r.id} | {r.step} | {r.why} | {r.fix} |" for r in STEP_RULES]
    return f"{steps}\n\nContent checker rules:\n\n{rules_table()}\n\nRules from the other steps:\n\n" + "\n".join(
        others
    )


CONTRIBUTING = Path("CONTRIBUTING.md")
BEGIN = "<!-- generated by `python -m tools.check --write-contributing` from the rule tables: do not edit by hand -->"
END = "<!-- end of generated block -->"


def contributing_block() -> str:
    """The steps and every rule with its level and fix, for CONTRIBUTING.md (so it cannot drift)."""
    from tools.checker.core import RULES
    from tools.checker.runner import _family_order

    rows = ["| Rule | Step | Level | How to fix it |", "| --- | --- | --- | --- |"]
    for rule in sorted(RULES.values(), key=lambda r: _family_order(r.id)):
        fix = rule.fix.replace("|", "\\|")
        rows.append(f"| {rule.id} | checker | {rule.severity.lower()} | {fix} |")
    rows += [f"| {r.id} | {r.step} | error | {r.fix} |" for r in STEP_RULES]
    return "\n".join([BEGIN, rules_markdown().split("\n\n")[0], "", *rows, END])


def write_contributing(root: Path) -> bool:
    """Rewrite the generated block of CONTRIBUTING.md; True if it changed."""
    path = root / CONTRIBUTING
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + contributing_block() + text[end:]
    path.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.check", description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="also print the build's own output")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--rules", action="store_true", help="print what make check checks, as Markdown, and exit")
    parser.add_argument(
        "--write-contributing", action="store_true", help="rewrite the rule table in CONTRIBUTING.md and exit"
    )
    args = parser.parse_args(argv)
    if args.rules:
        print(rules_markdown())
        return 0
    if args.write_contributing:
        changed = write_contributing(args.root)
        print(f"{CONTRIBUTING}: {'rule table rewritten' if changed else 'up to date'}")
        return 0
    run = Run(args.root.resolve(), verbose=args.verbose)
    started = time.perf_counter()
    _start_build(run)
    try:
        for name, step in STEPS.items():
            try:
                found = step(run)
            except Exception as exc:  # a broken step still lets the others report
                found = [
                    Problem(
                        "Makefile", 1, f"The {name} step crashed: {type(exc).__name__}: {exc}", "Report it", rule=name
                    )
                ]
            run.results[name] = found
    finally:
        if run.build is not None and run.build.poll() is None:
            run.build.kill()
    roots, rest = ordered(dedupe(run.results), run.root)
    problems = roots + rest
    for problem in roots:
        print(problem.format())
    if roots and rest:
        print(
            f"-- {len(rest)} more problem(s) below may follow from the {len(roots)} above; fix those first, "
            "then run make check again --"
        )
    for problem in rest:
        print(("  " if roots else "") + problem.format())
    errors = sum(p.severity == "ERROR" for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    steps = ", ".join(
        f"{name} {run.notes[name]}" if name in run.notes else f"{name} {'ok' if not found else len(found)}"
        for name, found in run.results.items()
    )
    print(
        f"make check: {errors} errors, {warnings} warnings in {files} files ({steps}; "
        f"{time.perf_counter() - started:.1f}s)"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
