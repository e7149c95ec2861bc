"""Planted faults: each mistake, made in a temporary copy of the project, must fail the
strict build with a message that names the offending file (issue: "Stand up the hub")."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.site import build

pytestmark = pytest.mark.slow


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _drop_from_nav(project: Path, page: str) -> None:
    config = project / "mkdocs.yml"
    lines = [
        line for line in config.read_text(encoding="utf-8").splitlines() if not line.rstrip().endswith(f": {page}")
    ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    # id: (plant the fault, text the build output must contain)
    "broken-link": (
        lambda p: _append(p / "docs/faq.md", "\nSee [the missing page](no-such-page.md).\n"),
        "faq.md",
    ),
    "broken-anchor": (
        lambda p: _append(p / "docs/faq.md", "\nSee [crisis lines](get-help-now.md#no-such-heading).\n"),
        "faq.md",
    ),
    "undefined-macro-variable": (
        lambda p: _append(p / "docs/faq.md", "\nCall {{ crisis_phone_number }} now.\n"),
        "faq.md",
    ),
    "macro-raises": (
        lambda p: _append(p / "docs/faq.md", '\n{{ treatment_card("esketamin") }}\n'),
        "faq.md",
    ),
    "image-from-another-host": (
        lambda p: _append(p / "docs/faq.md", "\n![A chart](https://example.com/chart.png)\n"),
        "faq.md",
    ),
    "page-missing-from-nav": (
        lambda p: _drop_from_nav(p, "faq.md"),
        "faq.md",
    ),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_planted_fault_fails_build_and_names_file(fault: str, project_copy, tmp_path: Path) -> None:
    plant, must_mention = FAULTS[fault]
    project = project_copy()
    plant(project)
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{fault}: the build passed but should have failed:\n{output[-2000:]}"
    assert must_mention in output, f"{fault}: the failure does not name {must_mention}:\n{output[-2000:]}"


def test_unknown_treatment_id_suggests_the_close_id(project_copy, tmp_path: Path) -> None:
    project = project_copy()
    _append(project / "docs/faq.md", '\n{{ treatment_card("esketamin") }}\n')
    output = "".join(map(str, (r := build(project, tmp_path / "out")).stdout + r.stderr))
    assert re.search(r"Did you mean 'esketamine'", output), output[-2000:]


def _set_review(project: Path, page: str, lines: str) -> None:
    path = project / "docs" / page
    text = path.read_text(encoding="utf-8")
    assert "\nclinical_review: pending\n" in text
    path.write_text(text.replace("\nclinical_review: pending\n", f"\n{lines}\n", 1), encoding="utf-8")


REVIEW_FAULTS = {
    "approved-without-reviewer": (
        "clinical_review: approved\nclinical_review_date: 2027-01-15",
        "docs/faq.md:9: REV002: clinical_review is approved, but the front matter has no reviewer",
    ),
    "approved-by-unknown-reviewer": (
        "clinical_review: approved\nreviewer: dr-invented\nclinical_review_date: 2027-01-15",
        "docs/faq.md:9: REV002: clinical_review is approved, but the front matter has reviewer 'dr-invented', "
        "which is not in macros/data/reviewers.yml",
    ),
}


@pytest.mark.parametrize("fault", REVIEW_FAULTS, ids=list(REVIEW_FAULTS))
def test_clinical_approval_without_a_listed_reviewer_fails_the_build(fault: str, project_copy, tmp_path: Path) -> None:
    """Never imply a review that did not happen: the build names the page, the reviewers file and the fix."""
    lines, message = REVIEW_FAULTS[fault]
    project = project_copy()
    _set_review(project, "faq.md", lines)
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{fault}: the build passed:\n{output[-2000:]}"
    assert message in output, output[-2000:]
    assert "Fix: add the clinician to macros/data/reviewers.yml" in output and "clinical_review: pending" in output


def test_missing_evidence_file_fails_the_build_naming_it(project_copy, tmp_path: Path) -> None:
    project = project_copy()
    (project / "macros/data/evidence/vns.yml").unlink()
    output = "".join((r := build(project, tmp_path / "out")).stdout + r.stderr)
    assert r.returncode != 0 and "treatment 'vns': no evidence file; add macros/data/evidence/vns.yml" in output, (
        output[-2000:]
    )


def test_untouched_copy_builds(project_copy, tmp_path: Path) -> None:
    """The control: without a planted fault the same copy builds cleanly."""
    result = build(project_copy(), tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
