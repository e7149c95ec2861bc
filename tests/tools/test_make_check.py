"""`make check` tells the truth: each contributor mistake, planted in a copy of the project,
makes `make check` fail with the exact file, line, rule and fix (issue 11).

Mistakes on different pages do not interact, so they are planted together in one copy
and `make check` runs once for them (which also shows that one run reports them all);
a mistake that stops everything else (mkdocs.yml, a data file, the macros' Python) gets a
copy of its own. A page renamed with its redirect is planted with them too (it must add nothing).
Each copy links the project's .venv and runs make with `-o .venv/.installed`.

The agreement tests read CI's path on the same planted copy (the strict build make check ran,
kept in .build/check.log, then CI's LinkChecker on its site, as `make test` runs them): it must
catch and name each one that make check reports.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.site import ROOT, copy_project

pytestmark = pytest.mark.slow
# Tests that share a module fixture's copy run on one pytest worker (--dist loadgroup), so the
# copy is planted and checked once; every other test goes to whichever worker is free.
PLANTED = pytest.mark.xdist_group("make-check-planted-pages")


# ── A copy that can run make ───────────────────────────────────────────────────
def venv_copy(dest: Path) -> Path:
    project = copy_project(dest)
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return project


def make(project: Path, target: str = "check") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", target],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


# ── Planting helpers: each returns the 1-based line it wrote ──────────────────
def _lines(project: Path, rel: str) -> list[str]:
    return (project / rel).read_text(encoding="utf-8").split("\n")


def _h1(lines: list[str] | list[bytes]) -> int:
    """The index of the page's main heading, after the front matter (which may hold '# ' comments)."""
    dashes = "---" if isinstance(lines[0], str) else b"---"
    hash_ = "# " if isinstance(lines[0], str) else b"# "
    end = (
        next(i for i, line in enumerate(lines) if i and line.rstrip() == dashes) if lines[0].rstrip() == dashes else -1
    )
    return next(i for i, line in enumerate(lines) if i > end and line.startswith(hash_))


def after_h1(project: Path, rel: str, text: str) -> int:
    lines = _lines(project, rel)
    h1 = _h1(lines)
    lines[h1 + 1 : h1 + 1] = ["", text]
    (project / rel).write_text("\n".join(lines), encoding="utf-8")
    return h1 + 3


def set_front_matter(project: Path, rel: str, key: str, value: str) -> int:
    lines = _lines(project, rel)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[index] = f"{key}: {value}"
    (project / rel).write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def replace_line(project: Path, rel: str, old: str, new: str) -> int:
    lines = _lines(project, rel)
    index = next(i for i, line in enumerate(lines) if old in line)
    lines[index] = lines[index].replace(old, new, 1)
    (project / rel).write_text("\n".join(lines), encoding="utf-8")
    return index + 1


@dataclass(frozen=True)
class Mistake:
    plant: Callable[[Path], int]  # plants the mistake, returns its line
    expected: str  # the exact line make check prints; {line} stands for the planted line


# ── Renamed pages (planted with the pages below) ────────────────────────────────
def rename_page(project: Path, old: str, new: str) -> None:
    """Renames docs/treatments/<old>.md and every link to it, as a contributor would."""
    (project / f"docs/treatments/{old}.md").rename(project / f"docs/treatments/{new}.md")
    for path in [project / "mkdocs.yml", project / "macros/data/treatments.yml", *(project / "docs").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        text = text.replace(f"treatments/{old}.md", f"treatments/{new}.md").replace(f"({old}.md", f"({new}.md")
        path.write_text(text, encoding="utf-8")


def _rename_vns(project: Path) -> int:
    """vns.md renamed without a redirect; returns the line of its old URL in docs/.published-urls.txt."""
    rename_page(project, "vns", "vagus-nerve-stimulation")
    return _lines(project, "docs/.published-urls.txt").index("/treatments/vns/") + 1


def _rename_unsure(project: Path) -> int:
    """medication-strategies.md renamed too, to a name no rule can tie to it: no guess ("did you
    mean") for it, and vns.md is never offered its new page (two renames never pair crosswise)."""
    rename_page(project, "medication-strategies", "medicines-to-try")
    return _lines(project, "docs/.published-urls.txt").index("/treatments/medication-strategies/") + 1


REDIRECTED = ("iv-ketamine", "ketamine-infusions")  # renamed WITH its redirect and `make urls`


def rename_with_redirect(project: Path) -> None:
    """What the fix for a rename is: the page renamed, a redirect from its old URL, `make urls`."""
    old, new = REDIRECTED
    rename_page(project, old, new)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      redirect_maps: {}", f"      redirect_maps:\n        treatments/{old}.md: treatments/{new}.md"
        ),
        encoding="utf-8",
    )
    assert make(project, "urls").returncode == 0


# ── Mistakes on pages: planted together, one `make check` ───────────────────
def _name_with_space(project: Path) -> int:
    """A new maintainers' page, out of the menu like docs/about/performance.md (so no other rule
    applies to it), whose file name has a space and upper case."""
    text = (ROOT / "docs/about/performance.md").read_text(encoding="utf-8")
    text = text.replace("title: Performance", "title: Speed notes").replace(
        "# How fast this site loads", "# Speed notes"
    )
    (project / "docs/about/Speed notes.md").write_text(text, encoding="utf-8")
    replace_line(project, "mkdocs.yml", "  /about/performance.md", "  /about/performance.md\n  /about/Speed*.md")
    return 1


TYPO = "t" + "eh"  # split so codespell does not report this file
PAGE_MISTAKES: dict[str, Mistake] = {
    "broken-link": Mistake(
        lambda p: after_h1(p, "docs/faq.md", "See [the list](no-such-page.md)."),
        "docs/faq.md:{line}: ERROR LINK001: The link 'no-such-page.md' goes to a page that does not exist: "
        "there is no docs/no-such-page.md. Fix: Link to an existing page file, relative to this page, "
        "e.g. '../get-help-now.md'.",
    ),
    "broken-anchor": Mistake(
        lambda p: after_h1(p, "docs/treatments/esketamine.md", "See [crisis lines](../get-help-now.md#crisis-linez)."),
        "docs/treatments/esketamine.md:{line}: ERROR LINK002: The link '../get-help-now.md#crisis-linez' goes to a section "
        "that does not exist: docs/get-help-now.md has no heading or id '#crisis-linez'. Fix: Did you mean "
        "'#crisis-text-line'? Use the id of a heading "
        "on that page (its heading text in lower case, spaces as dashes), or give the heading that id: "
        "'## Heading {#crisis-linez}'.",
    ),
    "missing-image": Mistake(
        lambda p: after_h1(p, "docs/treatments/ect.md", "![A treatment room with a bed and a monitor](ect-room.png)"),
        "docs/treatments/ect.md:{line}: ERROR LINK003: The image 'ect-room.png' does not exist: there is no "
        "docs/treatments/ect-room.png. Fix: Add the image file at docs/treatments/ect-room.png, or correct the path "
        "(it is relative to this page).",
    ),
    "unknown-cite-id": Mistake(
        lambda p: after_h1(p, "docs/treatments/rtms.md", 'As shown before {{ cite("rush-2007") }}.'),
        "docs/treatments/rtms.md:{line}: ERROR MACRO001: unknown source 'rush-2007' in cite('rush-2007'). "
        "Did you mean 'rush-2006' or 'rush-2005' or 'rush-2023'? Fix: Use 'rush-2006' if that is the one you mean, "
        "or another id from macros/data/.",
    ),
    "misspelt-macro": Mistake(
        lambda p: after_h1(p, "docs/living/coping.md", 'As shown before {{ cit("rush-2006") }}.'),
        "docs/living/coping.md:{line}: ERROR MACRO002: unknown macro 'cit'. Did you mean 'cite'? "
        "Fix: Write cite(...) instead.",
    ),
    "macro-without-brackets": Mistake(
        lambda p: after_h1(p, "docs/living/life-stages.md", "As shown before {{ cite }}."),
        "docs/living/life-stages.md:{line}: ERROR MACRO004: 'cite' is named without brackets, so the page would "
        'show the macro itself, not its output. Fix: Call it like this: {{ cite("rush-2006", "pigott-2023") }}.',
    ),
    "jinja-syntax-error": Mistake(
        lambda p: after_h1(p, "docs/living/experiences.md", 'As shown before {{ cite("rush-2006" }}.'),
        "docs/living/experiences.md:{line}: ERROR MACRO003: Jinja syntax error: unexpected '}', expected ')'. "
        "Fix: Close every {{ with }} and every {% with %}, and put text arguments in quotes: "
        '{{ cite("rush-2006") }}.',
    ),
    "unknown-term": Mistake(
        lambda p: after_h1(p, "docs/planning/maintenance.md", 'Aim for {{ term("remision") }}.'),
        "docs/planning/maintenance.md:{line}: ERROR MACRO001: unknown glossary term 'remision' in term('remision'). "
        "Did you mean 'remission' or 'rems' or 'response'? Fix: Use 'remission' if that is the one you mean, "
        "or another id from macros/data/.",
    ),
    "unknown-safety-note": Mistake(
        lambda p: after_h1(p, "docs/planning/stepwise-plan.md", '{{ safety_note("medication-change") }}'),
        "docs/planning/stepwise-plan.md:{line}: ERROR MACRO001: unknown safety note 'medication-change' in "
        "safety_note('medication-change'). Did you mean 'medication-changes' or 'not-medical-advice'? Fix: Use 'medication-changes' if that "
        "is the one you mean, or another id from macros/data/. Known: driving-after-esketamine, medication-changes, "
        "not-medical-advice, pregnancy, self-check-not-diagnosis.",
    ),
    "macro-raises": Mistake(
        lambda p: after_h1(p, "docs/treatments/psychotherapy.md", "{{ treatment_card() }}"),
        "docs/treatments/psychotherapy.md:{line}: ERROR MACRO004: treatment_card(): missing a required argument: "
        "'treatment_id'. Fix: Call it like this: {{ treatment_card(\"esketamine\") }}.",
    ),
    "impossible-date": Mistake(
        lambda p: set_front_matter(p, "docs/about/privacy.md", "sources_checked", "2026-13-01"),
        "docs/about/privacy.md:{line}: ERROR FM003: 'sources_checked: 2026-13-01' is not a real date written as YYYY-MM-DD. "
        "Fix: Write year-month-day with dashes, e.g. 'sources_checked: 2026-11-21'.",
    ),
    "date-in-words": Mistake(
        lambda p: set_front_matter(p, "docs/about/performance.md", "sources_checked", "next week"),
        "docs/about/performance.md:{line}: ERROR FM003: 'sources_checked: next week' is not a real date written as "
        "YYYY-MM-DD. Fix: Write year-month-day with dashes, e.g. 'sources_checked: 2026-11-21'.",
    ),
    "typed-crisis-number": Mistake(
        lambda p: after_h1(p, "docs/living/family-and-friends.md", "If they are in danger, call 988 together."),
        "docs/living/family-and-friends.md:{line}: ERROR CRISIS001: The crisis number 988 (988 Suicide & Crisis "
        "Lifeline) is typed into the page. Fix: Use a crisis macro, so the number comes from macros/data/crisis.yml: "
        '{{ crisis_number("call") }}, {{ crisis_link("<service id>", "call", "Call {number}") }} or '
        '{{ crisis_lines("<region>") }}.',
    ),
    "retired-crisis-number": Mistake(
        lambda p: after_h1(p, "docs/understanding/why-treatment-may-not-work.md", "Call 1-800-273-8255 for help."),
        "docs/understanding/why-treatment-may-not-work.md:{line}: ERROR CRISIS001: 1-800-273-8255 is a crisis number "
        "that is no longer in use: the old National Suicide Prevention Lifeline number; since July 2022 the line is "
        '988. Fix: Remove it; show the current line with {{ crisis_number("call") }} or '
        '{{ crisis_lines("us") }}.',
    ),
    "heading-skips-levels": Mistake(
        lambda p: after_h1(p, "docs/treatments/emerging.md", "#### In short"),
        "docs/treatments/emerging.md:{line}: ERROR ST002: The heading '#### In short' skips a level: it comes after "
        "a level-1 heading. Fix: Use ## instead: '## In short'.",
    ),
    "tab-nests-a-list": Mistake(
        lambda p: after_h1(p, "docs/planning/questions-to-ask.md", "- First question\n\t- Second question") + 1,
        "docs/planning/questions-to-ask.md:{line}: ERROR TAB001: This line is indented with a tab, which can nest it "
        "under the list item above without showing it. Fix: Replace the tab with spaces: 4 spaces for each level of "
        "a nested list.",
    ),
    "file-name-with-space": Mistake(
        _name_with_space,
        "docs/about/Speed notes.md:1: ERROR FILE001: The name 'Speed notes.md' has spaces, upper-case or "
        "non-ASCII characters, which end up in the web address. Fix: Rename it to 'docs/about/speed-notes.md' "
        "(git mv), and update the links and the nav entry that name it.",
    ),
    "long-sentence": Mistake(
        lambda p: after_h1(
            p,
            "docs/understanding/symptoms.md",
            "Some people find that their sleep, their appetite, their energy and their interest in the things they "
            "used to enjoy all change at once over several weeks.",
        ),
        "docs/understanding/symptoms.md:{line}: WARNING READ002: This sentence has 27 words (limit 25): "
        '"Some people find that their sleep, their appetite, their energy and their interest in the things they used '
        'to enjoy all change at once over several weeks.". Fix: Split it in two: one idea per sentence. A list of items can become a '
        "bulleted list.",
    ),
    "uk-spelling": Mistake(
        lambda p: after_h1(p, "docs/treatments/whole-person-care.md", "Small changes in behaviour add up."),
        "docs/treatments/whole-person-care.md:{line}: ERROR LANG003: 'behaviour' is UK spelling; the hub uses US "
        "spelling. Fix: Write 'behavior'.",
    ),
    "codespell-typo": Mistake(
        lambda p: after_h1(p, "docs/understanding/what-is-trd.md", f"This is {TYPO} short answer."),
        f"docs/understanding/what-is-trd.md:{{line}}: ERROR codespell: '{TYPO}' looks misspelt (codespell). Fix: Write "
        "'the'. If the word is right, add it to ignore-words-list in pyproject.toml.",
    ),
    "renamed-page": Mistake(
        _rename_vns,
        "docs/.published-urls.txt:{line}: ERROR URL001: The published URL /treatments/vns/ is no longer built and "
        "nothing redirects it, so readers' bookmarks and links from other sites to it break. Fix: Restore the page, "
        "or add a redirect to where it went in mkdocs.yml, under plugins: - redirects: redirect_maps:, e.g. "
        "'treatments/vns.md': 'treatments/vagus-nerve-stimulation.md'.",
    ),
    "renamed-page-unsure": Mistake(
        _rename_unsure,
        "docs/.published-urls.txt:{line}: ERROR URL001: The published URL /treatments/medication-strategies/ is no "
        "longer built and nothing redirects it, so readers' bookmarks and links from other sites to it break. Fix: "
        "Restore the page, or add a redirect in mkdocs.yml, under plugins: - redirects: redirect_maps:, from "
        "'treatments/medication-strategies.md' to the page that replaces it.",
    ),
    "raw-html-link": Mistake(
        lambda p: after_h1(p, "docs/about/index.md", '<a href="../no-such-page/">Old page</a>'),
        "docs/about/index.md:{line}: ERROR LINK001: The link '../no-such-page/' on the built page about/index.html is "
        "broken: no page at /no-such-page/. Fix: Link to an existing page file, relative to this page, "
        "e.g. '../get-help-now.md'.",
    ),
}


@dataclass(frozen=True)
class Planted:
    project: Path
    expected: dict[str, str]  # mistake: the exact line make check must print for it
    result: subprocess.CompletedProcess[str]  # make check's run


@pytest.fixture(scope="module")
def planted_pages(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    project = venv_copy(tmp_path_factory.mktemp("planted") / "project")
    rename_with_redirect(project)  # first: `make urls` must not list the pages renamed below
    expected = {name: m.expected.replace("{line}", str(m.plant(project))) for name, m in PAGE_MISTAKES.items()}
    return Planted(project, expected, make(project))


@PLANTED
@pytest.mark.parametrize("mistake", PAGE_MISTAKES, ids=list(PAGE_MISTAKES))
def test_make_check_reports_the_mistake_with_file_line_and_fix(mistake: str, planted_pages: Planted) -> None:
    expected, result = planted_pages.expected, planted_pages.result
    assert result.returncode != 0, result.stdout[-3000:]
    assert expected[mistake] in result.stdout.splitlines(), (
        f"expected:\n{expected[mistake]}\nin:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    )


@PLANTED
def test_one_run_reports_every_mistake_in_one_sorted_list(planted_pages: Planted) -> None:
    """A codespell typo does not hide the checker, nor a macro error the links: one list, sorted."""
    result = planted_pages.result
    problems = [line for line in result.stdout.splitlines() if re.match(r"^\S.*:\d+: (ERROR|WARNING) ", line)]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in problems]
    assert keys == sorted(keys), "the list is sorted by file and line"
    assert result.stdout.strip().splitlines()[-1].startswith("make check: ")
    assert "Traceback" not in result.stdout + result.stderr


PROBLEM_LINE = re.compile(r"^.+?:\d+: (ERROR|WARNING) ")  # a path may hold a space


@PLANTED
def test_make_check_prints_the_planted_mistakes_and_nothing_else(planted_pages: Planted) -> None:
    """Each mistake is one line, and nothing else is listed: no consequence of one (a misspelt
    macro's placeholder read as HTML by the policy) and no mistake where none was planted. The
    lines more are the renamed pages' new URLs, not listed yet (asserted below)."""
    nav = _lines(planted_pages.project, "mkdocs.yml")
    expected = set(planted_pages.expected.values()) | {
        f"mkdocs.yml:{nav.index(entry) + 1}: ERROR URL002: The page {page} is published at /{page[:-3]}/, which is "
        "not in docs/.published-urls.txt yet. Fix: Run make urls and commit docs/.published-urls.txt, so the URL "
        "stays protected if the page is renamed."
        for entry in nav
        for page in ("treatments/vagus-nerve-stimulation.md", "treatments/medicines-to-try.md")
        if entry.endswith(f": {page}")
    }
    assert len(expected) == len(planted_pages.expected) + 2, "both renamed pages are in nav"
    printed = [line.strip() for line in planted_pages.result.stdout.splitlines() if PROBLEM_LINE.match(line.strip())]
    assert len(printed) == len(set(printed))
    assert not set(printed) - expected, "printed but not planted:\n" + "\n".join(sorted(set(printed) - expected))
    assert not expected - set(printed), "planted but not printed:\n" + "\n".join(sorted(expected - set(printed)))


# ── Mistakes that need a copy of their own ──────────────────────────────────
def _unquoted_emergency(project: Path) -> int:
    return replace_line(project, "macros/data/crisis.yml", 'emergency: "000"', "emergency: 000")


def _misindented_nav(project: Path) -> int:
    return replace_line(
        project,
        "mkdocs.yml",
        "      - Psychotherapy: treatments/psychotherapy.md",
        "        - Psychotherapy: treatments/psychotherapy.md",
    )


LATIN1_LINE = "A " + "ca" + "f\xe9 nearby."  # split so codespell does not read this file as a typo


def _not_utf8(project: Path) -> int:
    """A line saved as Latin-1 (é is the single byte 0xe9) right after the main heading."""
    path = project / "docs/faq.md"
    lines = path.read_bytes().split(b"\n")
    h1 = _h1(lines)
    lines[h1 + 1 : h1 + 1] = [b"", LATIN1_LINE.encode("latin-1")]
    path.write_bytes(b"\n".join(lines))
    return h1 + 3


def _yaml_syntax_error(project: Path) -> int:
    return replace_line(project, "macros/data/glossary.yml", "  - id: remission", "  - id: [remission")


def plant_python_syntax_error(project: Path) -> int:
    """A contributor's half-typed function in the macros' own Python code."""
    path = project / "macros/glossary.py"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    path.write_text("\n".join([*lines, "", "def broken(:", ""]), encoding="utf-8")
    return len(lines) + 2


def _byte_offset(project: Path) -> int:
    raw = (project / "docs/faq.md").read_bytes()
    return raw.index(LATIN1_LINE.encode("latin-1")) + len(LATIN1_LINE) - len("\xe9 nearby.")


OWN_COPY: dict[str, tuple[Callable[[Path], int], Callable[[Path, int], str]]] = {
    "unquoted-emergency-number": (
        _unquoted_emergency,
        lambda p, line: f"macros/data/crisis.yml:{line}: ERROR DATA001: regions[",
    ),
    "misindented-nav": (
        _misindented_nav,
        lambda p, line: (
            f"mkdocs.yml:{line}: ERROR CONF001: The nav entry 'Psychotherapy: treatments/psychotherapy.md' "
            "is not lined up with the entries around it"
        ),
    ),
    "not-utf8": (
        _not_utf8,
        lambda p, line: (
            f"docs/faq.md:{line}: ERROR ENC001: The file is not UTF-8: byte {_byte_offset(p)} (0xe9) is not "
            "valid UTF-8. Fix: Save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8), then check "
            "the characters on this line."
        ),
    ),
    "data-yaml-syntax-error": (
        _yaml_syntax_error,
        lambda p, line: f"macros/data/glossary.yml:{line + 1}: ERROR DATA001: not valid YAML",
    ),
    "crisis-digit-swap": (
        lambda project: replace_line(project, "macros/data/crisis.yml", 'call: "988"', 'call: "898"'),
        lambda p, line: (
            f"macros/data/crisis.yml:{line}: ERROR CRISIS003: regions[us].services[lifeline-988].call is '898' here, "
            "but the reviewed lock says '988' (macros/data/crisis.lock:"
        ),
    ),
    "macros-python-syntax-error": (
        plant_python_syntax_error,
        lambda p, line: (
            f"macros/glossary.py:{line}: ERROR PY001: The macros' Python code did not load (SyntaxError: invalid syntax)"
        ),
    ),
}
OWN_COPY_FIX = {
    "unquoted-emergency-number": 'Fix: quote it: emergency: "000".',
    "misindented-nav": "Fix: Indent a page exactly like the other pages of its section",
    "not-utf8": "Save the file as UTF-8",
    "data-yaml-syntax-error": "Fix: check the indentation",
    "macros-python-syntax-error": "Fix: Correct the Python on that line",
    "crisis-digit-swap": "run `make crisis-lock` and ask the clinical owners (@trd-hub/clinical-review) to review",
}


@pytest.mark.parametrize("mistake", OWN_COPY, ids=list(OWN_COPY))
def test_make_check_reports_data_and_config_mistakes_in_one_line(mistake: str, tmp_path: Path) -> None:
    plant, expected = OWN_COPY[mistake]
    project = venv_copy(tmp_path / "project")
    line = plant(project)
    result = make(project)
    assert result.returncode != 0
    found = [text for text in result.stdout.splitlines() if text.strip().startswith(expected(project, line))]
    assert found, f"expected a line starting with:\n{expected(project, line)}\nin:\n{result.stdout[-4000:]}"
    assert OWN_COPY_FIX[mistake] in found[0], found[0]
    assert "Traceback" not in result.stdout + result.stderr
    # Stopped at the cause: the site's links and weights would only echo it, so they wait.
    summary = result.stdout.strip().splitlines()[-1]
    assert "links skipped" in summary and "budgets skipped" in summary, summary
    if mistake == "data-yaml-syntax-error":
        # The links the macros' output held ('#countries', '#us' on the crisis page) break while
        # the data cannot load: folded into the data's own line, which is the only one printed.
        printed = [text.strip() for text in result.stdout.splitlines() if PROBLEM_LINE.match(text.strip())]
        assert len(printed) == 1 and re.fullmatch(
            re.escape(
                f"macros/data/glossary.yml:{line + 1}: ERROR DATA001: not valid YAML (line {line + 1}, column 9): "
                "while parsing a flow sequence; did not find expected ',' or ']' (so every page is built without its "
                "macros' output, which breaks 0 links on 0 pages until it is fixed). Fix: check the indentation "
                "(spaces, not tabs, lined up with the entry above) and put text containing a colon in double quotes."
            ).replace("0", r"\d+"),
            printed[0],
        ), "\n".join(printed)
    if mistake == "crisis-digit-swap":
        # What follows from it (every page's banner still shows the old number, so the build
        # hook refuses the pages) is folded into the data's own lines: nothing else is listed.
        listed = [text.split(" ERROR ")[1].split(":")[0] for text in result.stdout.splitlines() if " ERROR " in text]
        assert listed == ["CRISIS003", "SYNC001"], result.stdout[-4000:]
        assert re.search(r"so \d+ pages have no crisis banner with the number crisis\.yml now gives", result.stdout)


@PLANTED
def test_renamed_page_fails_until_a_redirect_serves_its_old_url(planted_pages: Planted) -> None:
    """In the planted copy, vns.md is renamed without a redirect: make check fails at the old
    URL's line (the exact line is the "renamed-page" case) and asks for the new URL to be listed.
    iv-ketamine.md is renamed the same way WITH the fix (a redirect, then `make urls`): nothing
    make check prints names that page, old or new, and its old URL serves the redirect."""
    lines = planted_pages.result.stdout.splitlines()
    assert planted_pages.expected["renamed-page"] in lines, "\n".join(lines[-40:])
    assert any(
        line.startswith("mkdocs.yml:") and "URL002" in line and "/treatments/vagus-nerve-stimulation/" in line
        for line in lines
    ), "\n".join(lines[-40:])  # the new URL is not listed yet

    old, new = REDIRECTED
    named = [line for line in lines if any(name in line for name in (f"/{old}/", f"{old}.md", new))]
    assert named == [], named
    redirect = (planted_pages.project / f".build/check/treatments/{old}/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect and f"../{new}/" in redirect


# ── make check and CI agree ─────────────────────────────────────────────────
# make check's exact line for each mistake is asserted above. CI's path (the strict build, then
# LinkChecker, as `make test` runs them after the checker) must catch each one too, and say where.
# make check's build step IS CI's strict build (`mkdocs build --strict --clean`), and it keeps that
# build's output (.build/check.log) and site (.build/check): the planted copy's build is read here,
# not run again. The strict build lists every mistake MkDocs sees before it stops; a link in raw
# HTML, which MkDocs does not read, appears in no line of it: only LinkChecker can catch it.
BUILD_NAMES = {  # mistake: what the strict build's line for it must hold (page, link)
    "broken-link": ("'faq.md'", "'no-such-page.md'"),
    "broken-anchor": ("'treatments/esketamine.md'", "#crisis-linez"),
    "missing-image": ("'treatments/ect.md'", "'ect-room.png'"),
    "unknown-cite-id": ("docs/treatments/rtms.md:", "'rush-2007'"),
}


def ci_build_log(planted: Planted) -> str:
    log = planted.project / ".build/check.log"
    assert log.is_file(), "make check keeps its strict build's output in .build/check.log"
    return log.read_text(encoding="utf-8")


@PLANTED
@pytest.mark.parametrize("mistake", BUILD_NAMES, ids=list(BUILD_NAMES))
def test_ci_strict_build_fails_naming_the_mistake_make_check_reports(mistake: str, planted_pages: Planted) -> None:
    log = ci_build_log(planted_pages)
    assert "Aborted with" in log, f"{mistake}: the strict build passed:\n{log[-3000:]}"
    page, link = BUILD_NAMES[mistake]
    # A warning or an error fails the strict build; an INFO line would let it pass.
    lines = [
        line for line in log.splitlines() if line.startswith(("WARNING", "ERROR")) and page in line and link in line
    ]
    assert lines, f"{mistake}: no build warning or error names {page} and {link}:\n{log[-3000:]}"


@PLANTED
def test_ci_linkchecker_fails_on_a_link_only_in_raw_html(
    planted_pages: Planted, capfd: pytest.CaptureFixture[str]
) -> None:
    """MkDocs does not read raw HTML: no line of the strict build names the link; CI's LinkChecker
    (tools.linkcheck.check, its settings and entry point) must name it, on its page."""
    from tools.linkcheck import check

    assert "no-such-page/" not in ci_build_log(planted_pages), "the strict build saw the raw-HTML link"
    site = planted_pages.project / ".build/check"
    assert check(site) != 0, "LinkChecker passed with the broken raw-HTML link"
    output = capfd.readouterr().out
    # LinkChecker prints one block per broken URL: "URL `...'", "Parent URL http://.../about/, line N"...
    blocks = [block for block in output.split("\n\n") if "URL        `../no-such-page/'" in block]
    assert any(re.search(r"Parent URL\s+http://127\.0\.0\.1:\d+/about/,", block) for block in blocks), (
        f"LinkChecker names no broken '../no-such-page/' on /about/:\n{output[-3000:]}"
    )


def test_make_check_passes_on_an_untouched_copy(tmp_path: Path) -> None:
    """Every step of make check passes on the project as it is, LinkChecker's included: this is
    where `make test` (and so CI) runs LinkChecker over every page's links and anchors, with
    the settings and start pages of `python -m tools.linkcheck`. Fails, like
    tests/site/test_budgets.py, while the hub is over its byte budgets (issue 15)."""
    project = venv_copy(tmp_path / "project")
    result = make(project)
    assert result.returncode == 0, result.stdout[-3000:]
    # Every step ran and found nothing: none was skipped (a skipped step prints why instead).
    summary = result.stdout.strip().splitlines()[-1]
    steps = dict(step.split(" ", 1) for step in summary.split("(", 1)[1].rsplit(";", 1)[0].split(", "))
    assert steps.get("links") == "ok" and set(steps.values()) == {"ok"}, summary


def test_copy_helper_links_the_venv(tmp_path: Path) -> None:
    project = venv_copy(tmp_path / "project")
    assert (project / ".venv/bin/python").exists() and shutil.which("make")
