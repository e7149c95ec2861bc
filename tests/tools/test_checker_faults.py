"""Planted contributor mistakes: each is made in a copy of the project, and the checker
(run as contributors run it, ``python -m tools.checker --root COPY``) must exit 1 and name
the file, the line and the rule. Mistakes in macro calls are caught by the build, not the
checker, so those cases build a copy and check the build's message.

Mistakes that share no file are planted together in one copy, each on a page of its own, and
the checker runs once per copy (a few copies for all the mistakes); each mistake is still its own
test, and a copy must show no problem outside its planted files that the untouched project
does not have (nothing spurious, nothing cascading). Every fault finds its line in the copy at
run time (after the h1, at the description line...), so the suite keeps working while the
pages themselves are rewritten.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.site import ROOT, build, copy_project

PAGE = "docs/treatments/vns.md"  # a treatment page in nav: the default page of a fault
TODAY = "2026-11-21"
# Not files: plants that share one of these never share a copy. The data files are read as one
# set (a cross-reference is checked only when each file is valid: one data mistake can hide another).
ALLOW = "<an exception comment>"
DATA = "<macros/data>"
# The tests reading one copy's run go to one pytest worker (--dist loadgroup): each copy is checked once.
FAULT_COPIES = pytest.mark.xdist_group("checker-fault-copies")


def run_checker(root: Path, *args: str, today: str | None = TODAY) -> subprocess.CompletedProcess[str]:
    dated = ["--today", today] if today else []
    return subprocess.run(
        [sys.executable, "-m", "tools.checker", "--root", str(root), *dated, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # a busy machine: the run itself takes seconds
    )


# ── Ways to plant a fault; each returns the 1-based line it changed ────────────
def _read(root: Path, rel: str) -> list[str]:
    return (root / rel).read_text(encoding="utf-8").split("\n")


def _write(root: Path, rel: str, lines: list[str]) -> None:
    (root / rel).write_text("\n".join(lines), encoding="utf-8")


def after_h1(root: Path, rel: str, text: str) -> int:
    """Insert ``text`` as its own paragraph right after the page's main heading."""
    lines = _read(root, rel)
    # The front matter may hold "# " comments: the heading is the first one after it.
    end = lines.index("---", 1) if lines[0] == "---" else -1
    h1 = next(i for i, line in enumerate(lines) if i > end and line.startswith("# "))
    lines[h1 + 1 : h1 + 1] = ["", *text.split("\n")]
    _write(root, rel, lines)
    return h1 + 3


def set_field(root: Path, rel: str, key: str, value: str | None, new_key: str | None = None) -> int:
    """Change a front matter line (``value=None`` deletes it); return its line."""
    lines = _read(root, rel)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    if value is None:
        del lines[index]
    else:
        lines[index] = f"{new_key or key}: {value}"
    _write(root, rel, lines)
    return index + 1


def replace_line(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the first line containing ``old``; return its line."""
    lines = _read(root, rel)
    index = next(i for i, line in enumerate(lines) if old in line)
    lines[index] = lines[index].replace(old, new, 1)
    _write(root, rel, lines)
    return index + 1


def new_page(root: Path, uri: str, body: str, title: str = "A new page", in_nav: bool = True) -> int:
    """Add a page (valid front matter, one h1) and, unless told not to, list it in nav.
    Returns the line where ``body`` starts."""
    front = (
        f"---\ntitle: {title}\ndescription: A page added by a test.\nsources_checked: 2026-11-21\n"
        f"review_due: 2027-11-21\nclinical_review: pending\n---\n\n# {title}\n\n"
    )
    (root / "docs" / uri).write_text(front + body + "\n", encoding="utf-8")
    if in_nav:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("  - FAQ: faq.md\n", f"  - FAQ: faq.md\n  - {title}: {uri}\n", 1), encoding="utf-8"
        )
    return front.count("\n") + 1


def drop_line(root: Path, rel: str, containing: str) -> int:
    lines = _read(root, rel)
    index = next(i for i, line in enumerate(lines) if containing in line)
    del lines[index]
    _write(root, rel, lines)
    return index + 1


def strip_front_matter(root: Path, rel: str) -> int:
    lines = _read(root, rel)
    end = lines.index("---", 1)
    _write(root, rel, lines[end + 1 :])
    return 1


DENSE = (
    "Notwithstanding considerable interindividual heterogeneity in therapeutic responsiveness, "
    "electroconvulsive therapy demonstrates substantially superior antidepressant efficacy relative "
    "to pharmacological augmentation strategies in treatment-refractory presentations. "
) * 4


@dataclass(frozen=True)
class Fault:
    # Makes the mistake on ``page`` and returns the line the checker must name. Whole-page and
    # nav mistakes are reported on line 1, hence the "and 1" in some plants below.
    plant: Callable[[Path, str], int]
    rule: str
    page: str = PAGE
    path: str | None = None  # the file the checker must name, when not ``page``
    touches: tuple[str, ...] = ()  # other files the mistake changes or may be reported in
    alone: bool = False  # it changes what the checker sees of every page: a copy of its own

    @property
    def reported(self) -> str:
        return self.path or self.page

    @property
    def files(self) -> frozenset[str]:
        return frozenset({self.page, self.reported, *self.touches})


# Each page mistake is planted on a page of its own, so mistakes planted together in one copy
# never share a file (see ``copies``); pages whose rules are special (crisis, home, Spanish)
# are left alone.
FAULTS: dict[str, Fault] = {
    # Front matter
    "front-matter-missing": Fault(lambda r, p: strip_front_matter(r, p), "FM001", "docs/living/coping.md"),
    "description-deleted": Fault(
        lambda r, p: set_field(r, p, "description", None) and 1, "FM001", "docs/living/experiences.md"
    ),
    "description-too-long": Fault(
        lambda r, p: set_field(r, p, "description", "How VNS works. " * 14),
        "FM002",
        "docs/living/family-and-friends.md",
    ),
    "check-date-written-day-first": Fault(
        lambda r, p: set_field(r, p, "sources_checked", "21/11/2026"), "FM003", "docs/planning/questions-to-ask.md"
    ),
    "review-dates-swapped": Fault(
        lambda r, p: set_field(r, p, "review_due", "2025-11-21"), "FM004", "docs/planning/stepwise-plan.md"
    ),
    "old-reviewed-field": Fault(
        lambda r, p: set_field(r, p, "sources_checked", "2026-11-21", new_key="reviewed"),
        "FM005",
        "docs/planning/treatment-history.md",
    ),
    "clinical-review-deleted": Fault(
        lambda r, p: set_field(r, p, "clinical_review", None) and 1, "FM001", "docs/tracking/measurement-based-care.md"
    ),
    "approved-without-a-listed-reviewer": Fault(
        lambda r, p: (
            set_field(r, p, "clinical_review", "approved\nreviewer: dr-invented\nclinical_review_date: 2027-01-15") + 1
        ),
        "REV002",
        "docs/understanding/symptoms.md",
    ),
    "search-terms-not-a-list": Fault(lambda r, p: _search_terms_as_text(r, p), "FM006"),
    # Headings, images, titles, nav
    "second-main-heading": Fault(
        lambda r, p: after_h1(r, p, "# How VNS works"), "ST001", "docs/understanding/what-is-trd.md"
    ),
    "heading-level-skipped": Fault(
        lambda r, p: after_h1(r, p, "#### Too deep"), "ST002", "docs/understanding/why-treatment-may-not-work.md"
    ),
    "image-without-alt-text": Fault(
        lambda r, p: after_h1(r, p, "![](vns-device.png)"), "ST003", "docs/treatments/ect.md"
    ),
    "title-copied-from-another-page": Fault(
        lambda r, p: set_field(r, p, "title", _title_of(r, "docs/treatments/ect.md")),
        "ST004",
        "docs/treatments/rtms.md",
        touches=("docs/treatments/ect.md",),
    ),
    "new-page-not-added-to-nav": Fault(
        lambda r, p: new_page(r, "treatments/new-option.md", "Plain words.", title="A new option", in_nav=False) and 1,
        "ST005",
        "docs/treatments/new-option.md",
    ),
    "page-dropped-from-nav": Fault(
        lambda r, p: drop_line(r, "mkdocs.yml", ": treatments/vns.md") and 1, "ST005", touches=("mkdocs.yml",)
    ),
    "nav-path-typo": Fault(
        lambda r, p: replace_line(r, "mkdocs.yml", ": treatments/vns.md", ": treatments/vsn.md"),
        "ST006",
        path="mkdocs.yml",
    ),
    # Treatment pages
    "evidence-table-back-to-a-comment": Fault(
        lambda r, p: replace_line(r, p, '{{ evidence_table("vns") }}', '<!-- evidence_table("vns") -->') - 2, "EV001"
    ),
    "discern-heading-renamed": Fault(
        lambda r, p: (
            replace_line(r, p, "## Effect on daily life", "## Living with it")
            and _line_of(r, p, "## If you do not have this treatment")
        ),
        "EV002",
        "docs/treatments/esketamine.md",
    ),
    # Links
    "insecure-http-link": Fault(
        lambda r, p: after_h1(r, p, "See [the NHS page](http://www.nhs.uk/conditions/)."),
        "LK001",
        "docs/treatments/iv-ketamine.md",
    ),
    "web-address-as-link-text": Fault(
        lambda r, p: after_h1(r, p, "[https://www.nhs.uk/](https://www.nhs.uk/)"),
        "LK002",
        "docs/treatments/medication-strategies.md",
    ),
    "link-to-built-url": Fault(
        lambda r, p: after_h1(r, p, "See [Get help now](../get-help-now/)."),
        "LK003",
        "docs/treatments/psychotherapy.md",
    ),
    "link-to-html-file": Fault(
        lambda r, p: after_h1(r, p, "See [ECT](ect.html)."), "LK003", "docs/treatments/interventional.md"
    ),
    # Raw code
    "pasted-script": Fault(
        lambda r, p: after_h1(r, p, '<script src="https://example.org/track.js"></script>'),
        "SEC001",
        "docs/treatments/emerging.md",
    ),
    "pasted-video-embed": Fault(
        lambda r, p: after_h1(r, p, '<iframe src="https://www.youtube.com/embed/abc"></iframe>'),
        "SEC001",
        "docs/treatments/whole-person-care.md",
    ),
    "inline-onclick": Fault(
        lambda r, p: after_h1(r, p, '<a href="../faq.md" onclick="track()">FAQ</a>'),
        "SEC002",
        "docs/treatments/other-options.md",
    ),
    "javascript-link": Fault(
        lambda r, p: after_h1(r, p, "[Call now](javascript:call())"), "SEC003", "docs/planning/maintenance.md"
    ),
    # Language
    "committed-suicide": Fault(
        lambda r, p: after_h1(r, p, "Her brother committed suicide."), "LANG001", "docs/planning/getting-treatment.md"
    ),
    "sufferers": Fault(
        lambda r, p: after_h1(r, p, "VNS is for sufferers of long-lasting depression."),
        "LANG001",
        "docs/planning/coming-off-antidepressants.md",
    ),
    "promise-of-a-cure": Fault(
        lambda r, p: after_h1(r, p, "VNS cured my depression."), "LANG001", "docs/living/rights.md"
    ),
    "exception-without-reason": Fault(
        lambda r, p: after_h1(r, p, 'Also called "shock therapy". <!-- allow LANG001 shock-therapy -->'),
        "ALLOW001",
        "docs/living/life-stages.md",
        touches=(ALLOW,),
    ),
    "suicide-mention-without-help": Fault(
        lambda r, p: new_page(r, "living/new-story.md", "Some people have thoughts of suicide.", title="A new story"),
        "LANG002",
        "docs/living/new-story.md",
        touches=("mkdocs.yml",),
    ),
    # READ001 is reported at the page's h1, two lines above the body new_page returns.
    "reading-level-too-high": Fault(
        lambda r, p: new_page(r, "treatments/dense.md", DENSE, title="Dense page") - 2,
        "READ001",
        "docs/treatments/dense.md",
        touches=("mkdocs.yml",),
    ),
    # Theme and data
    "crisis-banner-removed": Fault(lambda r, p: _remove_banner(r), "THEME001", "overrides/main.html"),
    "crisis-number-with-letters": Fault(
        lambda r, p: replace_line(r, p, 'call: "988"', 'call: "98B"'),
        "DATA001",
        "macros/data/crisis.yml",
        touches=(DATA,),
    ),
    "treatment-cites-unknown-source": Fault(
        lambda r, p: replace_line(r, p, "sources: [", "sources: [no-such-source, "),
        "DATA001",
        "macros/data/treatments.yml",
        touches=(DATA,),
    ),
    "evidence-claims-no-controlled-study": Fault(
        lambda r, p: replace_line(r, p, "no_controlled_evidence: false", "no_controlled_evidence: true"),
        "DATA001",
        "macros/data/evidence/vns.yml",
        touches=(DATA,),
    ),
    "evidence-file-deleted": Fault(
        lambda r, p: (r / p).unlink() or _line_of(r, "macros/data/treatments.yml", "- id: dbs"),
        "DATA001",
        "macros/data/evidence/dbs.yml",
        path="macros/data/treatments.yml",
        touches=(DATA,),
    ),
    # The badly indented line goes in below the entry's id line; YAML reports that new line.
    # Every citation is checked against this file: it gets a copy of its own.
    "data-file-broken-yaml": Fault(
        lambda r, p: replace_line(r, p, "  - id: rush-2006", "  - id: rush-2006\n   bad: [indent") + 1,
        "DATA001",
        "macros/data/sources.yml",
        alone=True,
    ),
}


def _line_of(root: Path, rel: str, text: str) -> int:
    return next(i + 1 for i, line in enumerate(_read(root, rel)) if text in line)


def _title_of(root: Path, rel: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in _read(root, rel) if line.startswith("title:"))


def _search_terms_as_text(root: Path, page: str) -> int:
    lines = _read(root, page)
    if any(line.startswith("search_terms:") for line in lines):
        return set_field(root, page, "search_terms", "vagus nerve, implant")
    lines.insert(1, "search_terms: vagus nerve, implant")
    _write(root, page, lines)
    return 2


def _remove_banner(root: Path) -> int:
    main = "overrides/main.html"
    line = next(i + 1 for i, text in enumerate(_read(root, main)) if "block announce" in text)
    replace_line(root, main, '{% include "partials/crisis-banner.html" %}', "")
    return line


# The control for the one exception comment that is allowed (it names its reason): planted like
# a fault, and the checker must say nothing about it.
SILENCED = Fault(
    lambda r, p: after_h1(
        r,
        p,
        'It is not "shock therapy" as films show it. <!-- allow LANG001 shock-therapy: explaining the lay term -->',
    ),
    "",
    "docs/understanding/pseudo-resistance.md",
    touches=(ALLOW,),
)
PLANTS = {**FAULTS, "exception-with-reason": SILENCED}


def copies(plants: dict[str, Fault]) -> list[list[str]]:
    """Plants grouped into as few copies as possible: two plants share a copy only if they
    share no file (one line moved by another plant would move the line a test expects, and a
    problem outside a copy's planted files is spurious); an ``alone`` plant gets its own."""
    found: list[tuple[set[str], list[str]]] = []
    for name, plant in plants.items():
        free = None if plant.alone else next((c for c in found if c[0] and not c[0] & plant.files), None)
        if free is None:
            found.append((set() if plant.alone else set(plant.files), [name]))
        else:
            free[0].update(plant.files)
            free[1].append(name)
    return [names for _, names in found]


COPIES = copies(PLANTS)


@dataclass(frozen=True)
class Checked:
    result: subprocess.CompletedProcess[str]
    lines: dict[str, int]  # plant -> the line it made
    files: frozenset[str]  # every file a plant of this copy changed or is reported in

    @property
    def problems(self) -> list[str]:
        return [line for line in self.result.stdout.splitlines() if re.match(r"^\S+:\d+: (ERROR|WARNING) ", line)]


@pytest.fixture(scope="module")
def baseline() -> set[str]:
    """What the checker says of the untouched project on TODAY (pages checked later are "in the future")."""
    return set(Checked(run_checker(ROOT), {}, frozenset()).problems)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Checked]:
    """The checker's run on the copy holding ``name``, each copy planted and checked once
    (on first use, so a pytest worker only runs the copies its tests need)."""
    done: dict[int, Checked] = {}

    def get(name: str) -> Checked:
        index = next(i for i, names in enumerate(COPIES) if name in names)
        if index not in done:
            root = copy_project(tmp_path_factory.mktemp(f"checker-copy-{index}") / "project")
            lines = {plant: PLANTS[plant].plant(root, PLANTS[plant].page) for plant in COPIES[index]}
            files = frozenset().union(*(PLANTS[plant].files for plant in COPIES[index]))
            done[index] = Checked(run_checker(root), lines, files)
        return done[index]

    return get


@FAULT_COPIES
@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_checker_names_file_line_and_rule_for_planted_mistake(fault: str, checked) -> None:
    run, planted = checked(fault), FAULTS[fault]
    expected = f"{planted.reported}:{run.lines[fault]}: ERROR {planted.rule}:"
    output = run.result.stdout + run.result.stderr
    assert run.result.returncode == 1, f"{fault}: exit code {run.result.returncode}, expected 1\n{output}"
    assert any(line.startswith(expected) for line in run.problems), (
        f"{fault}: no line starting {expected!r} in:\n{output}"
    )
    assert re.search(r"\d+ errors, \d+ warnings in \d+ files", run.result.stdout)


@FAULT_COPIES
@pytest.mark.parametrize("index", range(len(COPIES)), ids=[f"copy-{i}" for i in range(len(COPIES))])
def test_planted_copy_has_no_problem_outside_its_planted_files(index: int, checked, baseline: set[str]) -> None:
    """Nothing spurious: every problem the checker reports in a copy is in a file a plant
    changed, or the untouched project has it too (nothing cascades into other files)."""
    run = checked(COPIES[index][0])
    spurious = [p for p in run.problems if p not in baseline and p.split(":", 1)[0] not in run.files]
    assert not spurious, f"copy {index} ({', '.join(COPIES[index])}): problems in untouched files:\n" + "\n".join(
        spurious
    )


def test_each_file_is_planted_once_per_copy() -> None:
    for names in COPIES:
        if len(names) > 1:
            seen: dict[str, str] = {}
            for name in names:
                for path in PLANTS[name].files:
                    assert path not in seen, f"{name} and {seen[path]} share {path} in one copy"
                    seen[path] = name


@FAULT_COPIES
def test_crisis_number_error_names_file_and_entry(checked) -> None:
    run = checked("crisis-number-with-letters")
    [line] = [x for x in run.problems if "DATA001" in x]  # no other data mistake shares its copy
    assert line.startswith("macros/data/crisis.yml:")
    assert "lifeline-988" in line and "'98B'" in line and "Fix:" in line


def test_real_project_passes(tmp_path: Path) -> None:
    result = run_checker(ROOT, today=None)  # the real date: sources checked today are not "in the future"
    assert result.returncode == 0, f"the project itself fails the checker:\n{result.stdout}{result.stderr}"
    assert result.stdout.splitlines()[-1].startswith("0 errors"), result.stdout
    assert " ERROR " not in result.stdout  # warnings (long sentences, READ002) are advice, not failures


def test_overdue_review_warns_but_does_not_fail() -> None:
    lines = _read(ROOT, PAGE)
    due_line = next(i + 1 for i, line in enumerate(lines) if line.startswith("review_due:"))
    later = (dt.date.fromisoformat(TODAY) + dt.timedelta(days=2000)).isoformat()
    result = run_checker(ROOT, "--today", later)  # every page is overdue by then
    assert f"{PAGE}:{due_line}: WARNING REV001:" in result.stdout
    assert "ERROR REV001" not in result.stdout
    report = run_checker(ROOT, "--today", later, "--review-report")
    assert report.returncode == 0 and f"`{PAGE}`" in report.stdout
    assert all(line.startswith("- [ ] [`docs/") for line in report.stdout.splitlines())


def test_review_report_is_empty_when_nothing_is_overdue() -> None:
    result = run_checker(ROOT, "--review-report")
    assert result.returncode == 0 and result.stdout == ""


@FAULT_COPIES
def test_exception_with_reason_silences_one_line(checked) -> None:
    run = checked("exception-with-reason")
    page = SILENCED.page
    assert not [
        line for line in run.problems if (line.startswith(f"{page}:") and "LANG001" in line) or "ALLOW" in line
    ], run.result.stdout


# ── Macro mistakes: caught by the build, which names the page and the close id ──
# On three pages of one copy, built once: the build lists every macro error before it stops.
MACRO_FAULTS = {
    "unknown-treatment-id": ("docs/treatments/vns.md", '{{ treatment_card("esketamin") }}', "'esketamine'"),
    "unknown-glossary-term": ("docs/living/coping.md", '{{ term("remision") }}', "'remission'"),
    "unknown-source-id": ("docs/planning/maintenance.md", '{{ cite("rush-2060") }}', "'rush-2006'"),
}


@pytest.fixture(scope="module")
def macro_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    base = tmp_path_factory.mktemp("macro-faults")
    root = copy_project(base / "project")
    for page, call, _ in MACRO_FAULTS.values():
        after_h1(root, page, call)
    return build(root, base / "site")


@pytest.mark.slow
@pytest.mark.xdist_group("checker-macro-build")
@pytest.mark.parametrize("fault", MACRO_FAULTS, ids=list(MACRO_FAULTS))
def test_build_names_page_and_close_id_for_macro_mistake(fault: str, macro_build) -> None:
    page, _, suggestion = MACRO_FAULTS[fault]
    output = macro_build.stdout + macro_build.stderr
    assert macro_build.returncode != 0, f"{fault}: the build passed"
    assert [line for line in output.splitlines() if page in line and f"Did you mean {suggestion}" in line], (
        f"{fault}: no line names {page} and suggests {suggestion}:\n{output[-3000:]}"
    )
