"""Planted faults: each mistake must fail the strict build with a line that names the page it
is on and what is wrong (issue: "Stand up the hub").

The faults are on different pages and do not mask each other (the build lists every warning
and macro error before it stops), so they are planted together in one copy and built once;
each test then finds its own line. A missing data file stops the macros for every page, so it
gets a copy of its own. The control is the real project's strict build (``site_dir``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.site import build, copy_project

pytestmark = pytest.mark.slow
# The tests reading `planted` run on one pytest worker (--dist loadgroup): one copy, one build.
PLANTED = pytest.mark.xdist_group("build-faults")


def _append(project: Path, page: str, text: str) -> None:
    path = project / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _drop_from_nav(project: Path, page: str) -> None:
    config = project / "mkdocs.yml"
    lines = [
        line for line in config.read_text(encoding="utf-8").splitlines() if not line.rstrip().endswith(f": {page}")
    ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _approve(project: Path, page: str, lines: str, field: str) -> int:
    """Replace the page's `clinical_review: pending` with ``lines``; return the line of ``field``."""
    path = project / "docs" / page
    text = path.read_text(encoding="utf-8")
    assert "\nclinical_review: pending\n" in text
    text = text.replace("\nclinical_review: pending\n", f"\n{lines}\n", 1)
    path.write_text(text, encoding="utf-8")
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(f"{field}:"))


# id: (plant the fault in the copy, the texts ONE line of the build's output must hold)
FAULTS: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "broken-link": (
        lambda p: _append(p, "faq.md", "See [the missing page](no-such-page.md)."),
        ("'faq.md'", "'no-such-page.md'"),
    ),
    "broken-anchor": (
        lambda p: _append(p, "living/coping.md", "See [crisis lines](../get-help-now.md#no-such-heading)."),
        ("'living/coping.md'", "#no-such-heading"),
    ),
    "undefined-macro-variable": (
        lambda p: _append(p, "planning/maintenance.md", "Call {{ crisis_phone_number }} now."),
        ("docs/planning/maintenance.md:", "'crisis_phone_number'", "Did you mean 'crisis_number'?"),
    ),
    "macro-raises": (
        lambda p: _append(p, "treatments/vns.md", '{{ treatment_card("esketamin") }}'),
        ("docs/treatments/vns.md:", "'esketamin'", "Did you mean 'esketamine'"),
    ),
    "image-from-another-host": (
        lambda p: _append(p, "understanding/symptoms.md", "![A chart](https://example.com/chart.png)"),
        ("docs/understanding/symptoms.md", "https://example.com/chart.png", "SEC108"),
    ),
}
NOT_IN_NAV = "living/experiences.md"
# id: (page, its new front matter lines, the field whose line is named, the message after "docs/<page>:<line>: ")
REVIEW_FAULTS = {
    "approved-without-reviewer": (
        "faq.md",
        "clinical_review: approved\nclinical_review_date: 2027-01-15",
        "clinical_review",
        "REV002: clinical_review is approved, but the front matter has no reviewer",
    ),
    "approved-by-unknown-reviewer": (
        "glossary.md",
        "clinical_review: approved\nreviewer: dr-invented\nclinical_review_date: 2027-01-15",
        "reviewer",
        "REV002: clinical_review is approved, but the front matter has reviewer 'dr-invented', "
        "which is not in macros/data/reviewers.yml",
    ),
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, dict[str, str]]:
    """Every fault planted in one copy, built once: (exit code, output, review fault -> expected line)."""
    base = tmp_path_factory.mktemp("faults")
    project = copy_project(base / "project")
    for plant, _ in FAULTS.values():
        plant(project)
    _drop_from_nav(project, NOT_IN_NAV)
    expected = {
        fault: f"docs/{page}:{_approve(project, page, lines, field)}: {message}"
        for fault, (page, lines, field, message) in REVIEW_FAULTS.items()
    }
    result = build(project, base / "out")
    return result.returncode, result.stdout + result.stderr, expected


@PLANTED
@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_planted_fault_fails_build_and_names_page_and_problem(fault: str, planted) -> None:
    code, output, _ = planted
    assert code != 0, f"the build passed with every fault planted:\n{output[-2000:]}"
    texts = FAULTS[fault][1]
    assert [line for line in output.splitlines() if all(t in line for t in texts)], (
        f"{fault}: no line of the build's output holds {texts}:\n{output[-4000:]}"
    )


@PLANTED
def test_page_missing_from_nav_is_named(planted) -> None:
    _, output, _ = planted
    assert re.search(
        rf'not included in the "nav" configuration:(?:\n\s+- .+)*\n\s+- {re.escape(NOT_IN_NAV)}\n', output
    ), output[-3000:]


@PLANTED
@pytest.mark.parametrize("fault", REVIEW_FAULTS, ids=list(REVIEW_FAULTS))
def test_clinical_approval_without_a_listed_reviewer_fails_the_build(fault: str, planted) -> None:
    """Never imply a review that did not happen: the build names the page, the reviewers file and the fix."""
    _, output, expected = planted
    [line] = [line for line in output.splitlines() if expected[fault] in line] or [""]
    assert line, f"{fault}: no line {expected[fault]!r} in:\n{output[-3000:]}"
    fix = line.split(" Fix: ", 1)[-1]
    assert "macros/data/reviewers.yml" in fix and "'clinical_review: pending'" in fix, line


def test_missing_evidence_file_fails_the_build_naming_it(project_copy, tmp_path: Path) -> None:
    project = project_copy()
    (project / "macros/data/evidence/vns.yml").unlink()
    output = "".join((r := build(project, tmp_path / "out")).stdout + r.stderr)
    assert r.returncode != 0 and "treatment 'vns': no evidence file; add macros/data/evidence/vns.yml" in output, (
        output[-2000:]
    )


def test_the_untouched_project_builds(site_dir: Path) -> None:
    """The control: without a planted fault the project builds strictly (``site_dir`` fails otherwise)."""
    assert (site_dir / "index.html").is_file() and (site_dir / "faq" / "index.html").is_file()
