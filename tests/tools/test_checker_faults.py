"""Planted contributor mistakes: each is made in a fresh copy of the project, and the
checker (run as contributors run it, ``python -m tools.checker --root COPY``) must exit
1 and name the file, the line and the rule. Mistakes in macro calls are caught by the
build, not the checker, so those cases build the copy and check the build's message.

Every fault finds its line in the copy at run time (after the h1, at the description
line...), so the suite keeps working while the pages themselves are rewritten.
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

from tests.conftest import ROOT
from tools.site import build

PAGE = "docs/treatments/vns.md"  # any page in nav; faults that need a quiet page make their own
TODAY = "2026-11-21"


def run_checker(root: Path, *args: str, today: str | None = TODAY) -> subprocess.CompletedProcess[str]:
    dated = ["--today", today] if today else []
    return subprocess.run(
        [sys.executable, "-m", "tools.checker", "--root", str(root), *dated, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


# ── Ways to plant a fault; each returns the 1-based line it changed ────────────
def _read(root: Path, rel: str) -> list[str]:
    return (root / rel).read_text(encoding="utf-8").split("\n")


def _write(root: Path, rel: str, lines: list[str]) -> None:
    (root / rel).write_text("\n".join(lines), encoding="utf-8")


def after_h1(root: Path, rel: str, text: str) -> int:
    """Insert ``text`` as its own paragraph right after the page's main heading."""
    lines = _read(root, rel)
    h1 = next(i for i, line in enumerate(lines) if line.startswith("# "))
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
    # Makes the mistake and returns the line the checker must name. Whole-page and
    # nav mistakes are reported on line 1, hence the "and 1" in some plants below.
    plant: Callable[[Path], int]
    path: str
    rule: str


FAULTS: dict[str, Fault] = {
    # Front matter
    "front-matter-missing": Fault(lambda r: strip_front_matter(r, PAGE), PAGE, "FM001"),
    "description-deleted": Fault(lambda r: set_field(r, PAGE, "description", None) and 1, PAGE, "FM001"),
    "description-too-long": Fault(lambda r: set_field(r, PAGE, "description", "How VNS works. " * 14), PAGE, "FM002"),
    "check-date-written-day-first": Fault(lambda r: set_field(r, PAGE, "sources_checked", "21/11/2026"), PAGE, "FM003"),
    "review-dates-swapped": Fault(lambda r: set_field(r, PAGE, "review_due", "2025-11-21"), PAGE, "FM004"),
    "old-reviewed-field": Fault(
        lambda r: set_field(r, PAGE, "sources_checked", "2026-11-21", new_key="reviewed"), PAGE, "FM005"
    ),
    "clinical-review-deleted": Fault(lambda r: set_field(r, PAGE, "clinical_review", None) and 1, PAGE, "FM001"),
    "approved-without-a-listed-reviewer": Fault(
        lambda r: (
            set_field(r, PAGE, "clinical_review", "approved\nreviewer: dr-invented\nclinical_review_date: 2027-01-15")
            + 1
        ),
        PAGE,
        "REV002",
    ),
    "search-terms-not-a-list": Fault(lambda r: _search_terms_as_text(r), PAGE, "FM006"),
    # Headings, images, titles, nav
    "second-main-heading": Fault(lambda r: after_h1(r, PAGE, "# How VNS works"), PAGE, "ST001"),
    "heading-level-skipped": Fault(lambda r: after_h1(r, PAGE, "#### Too deep"), PAGE, "ST002"),
    "image-without-alt-text": Fault(lambda r: after_h1(r, PAGE, "![](vns-device.png)"), PAGE, "ST003"),
    "title-copied-from-another-page": Fault(
        lambda r: set_field(r, PAGE, "title", _title_of(r, "docs/treatments/ect.md")), PAGE, "ST004"
    ),
    "new-page-not-added-to-nav": Fault(
        lambda r: new_page(r, "treatments/new-option.md", "Plain words.", in_nav=False) and 1,
        "docs/treatments/new-option.md",
        "ST005",
    ),
    "page-dropped-from-nav": Fault(lambda r: drop_line(r, "mkdocs.yml", ": treatments/vns.md") and 1, PAGE, "ST005"),
    "nav-path-typo": Fault(
        lambda r: replace_line(r, "mkdocs.yml", ": treatments/vns.md", ": treatments/vsn.md"), "mkdocs.yml", "ST006"
    ),
    # Treatment pages
    "evidence-table-back-to-a-comment": Fault(
        lambda r: replace_line(r, PAGE, '{{ evidence_table("vns") }}', '<!-- evidence_table("vns") -->') - 2,
        PAGE,
        "EV001",
    ),
    "discern-heading-renamed": Fault(
        lambda r: (
            replace_line(r, PAGE, "## Effect on daily life", "## Living with it")
            and _line_of(r, PAGE, "## If you do not have this treatment")
        ),
        PAGE,
        "EV002",
    ),
    # Links
    "insecure-http-link": Fault(
        lambda r: after_h1(r, PAGE, "See [the NHS page](http://www.nhs.uk/conditions/)."), PAGE, "LK001"
    ),
    "web-address-as-link-text": Fault(
        lambda r: after_h1(r, PAGE, "[https://www.nhs.uk/](https://www.nhs.uk/)"), PAGE, "LK002"
    ),
    "link-to-built-url": Fault(lambda r: after_h1(r, PAGE, "See [Get help now](../get-help-now/)."), PAGE, "LK003"),
    "link-to-html-file": Fault(lambda r: after_h1(r, PAGE, "See [ECT](ect.html)."), PAGE, "LK003"),
    # Raw code
    "pasted-script": Fault(
        lambda r: after_h1(r, PAGE, '<script src="https://example.org/track.js"></script>'), PAGE, "SEC001"
    ),
    "pasted-video-embed": Fault(
        lambda r: after_h1(r, PAGE, '<iframe src="https://www.youtube.com/embed/abc"></iframe>'), PAGE, "SEC001"
    ),
    "inline-onclick": Fault(
        lambda r: after_h1(r, PAGE, '<a href="../faq.md" onclick="track()">FAQ</a>'), PAGE, "SEC002"
    ),
    "javascript-link": Fault(lambda r: after_h1(r, PAGE, "[Call now](javascript:call())"), PAGE, "SEC003"),
    # Language
    "committed-suicide": Fault(lambda r: after_h1(r, PAGE, "Her brother committed suicide."), PAGE, "LANG001"),
    "sufferers": Fault(
        lambda r: after_h1(r, PAGE, "VNS is for sufferers of long-lasting depression."), PAGE, "LANG001"
    ),
    "promise-of-a-cure": Fault(lambda r: after_h1(r, PAGE, "VNS cured my depression."), PAGE, "LANG001"),
    "exception-without-reason": Fault(
        lambda r: after_h1(r, PAGE, 'Also called "shock therapy". <!-- allow LANG001 shock-therapy -->'),
        PAGE,
        "ALLOW001",
    ),
    "suicide-mention-without-help": Fault(
        lambda r: new_page(r, "living/new-story.md", "Some people have thoughts of suicide."),
        "docs/living/new-story.md",
        "LANG002",
    ),
    # READ001 is reported at the page's h1, two lines above the body new_page returns.
    "reading-level-too-high": Fault(
        lambda r: new_page(r, "treatments/dense.md", DENSE, title="Dense page") - 2,
        "docs/treatments/dense.md",
        "READ001",
    ),
    # Theme and data
    "crisis-banner-removed": Fault(lambda r: _remove_banner(r), "overrides/main.html", "THEME001"),
    "crisis-number-with-letters": Fault(
        lambda r: replace_line(r, "macros/data/crisis.yml", 'call: "988"', 'call: "98B"'),
        "macros/data/crisis.yml",
        "DATA001",
    ),
    "treatment-cites-unknown-source": Fault(
        lambda r: replace_line(r, "macros/data/treatments.yml", "sources: [", "sources: [no-such-source, "),
        "macros/data/treatments.yml",
        "DATA001",
    ),
    "evidence-claims-no-controlled-study": Fault(
        lambda r: replace_line(
            r, "macros/data/evidence/vns.yml", "no_controlled_evidence: false", "no_controlled_evidence: true"
        ),
        "macros/data/evidence/vns.yml",
        "DATA001",
    ),
    "evidence-file-deleted": Fault(
        lambda r: (
            (r / "macros/data/evidence/dbs.yml").unlink() or _line_of(r, "macros/data/treatments.yml", "- id: dbs")
        ),
        "macros/data/treatments.yml",
        "DATA001",
    ),
    # The badly indented line goes in below the entry's id line; YAML reports that new line.
    "data-file-broken-yaml": Fault(
        lambda r: (
            replace_line(r, "macros/data/sources.yml", "  - id: rush-2006", "  - id: rush-2006\n   bad: [indent") + 1
        ),
        "macros/data/sources.yml",
        "DATA001",
    ),
}


def _line_of(root: Path, rel: str, text: str) -> int:
    return next(i + 1 for i, line in enumerate(_read(root, rel)) if text in line)


def _title_of(root: Path, rel: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in _read(root, rel) if line.startswith("title:"))


def _search_terms_as_text(root: Path) -> int:
    lines = _read(root, PAGE)
    if any(line.startswith("search_terms:") for line in lines):
        return set_field(root, PAGE, "search_terms", "vagus nerve, implant")
    lines.insert(1, "search_terms: vagus nerve, implant")
    _write(root, PAGE, lines)
    return 2


def _remove_banner(root: Path) -> int:
    main = "overrides/main.html"
    line = next(i + 1 for i, text in enumerate(_read(root, main)) if "block announce" in text)
    replace_line(root, main, '{% include "partials/crisis-banner.html" %}', "")
    return line


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_checker_names_file_line_and_rule_for_planted_mistake(fault: str, project_copy) -> None:
    root = project_copy()
    planted = FAULTS[fault]
    line = planted.plant(root)
    result = run_checker(root)
    expected = f"{planted.path}:{line}: ERROR {planted.rule}:"
    assert result.returncode == 1, f"{fault}: exit code {result.returncode}, expected 1\n{result.stdout}{result.stderr}"
    assert expected in result.stdout, f"{fault}: no line starting {expected!r} in:\n{result.stdout}{result.stderr}"
    assert re.search(r"\d+ errors, \d+ warnings in \d+ files", result.stdout)


def test_crisis_number_error_names_file_and_entry(project_copy) -> None:
    root = project_copy()
    replace_line(root, "macros/data/crisis.yml", 'call: "988"', 'call: "98B"')
    result = run_checker(root)
    [line] = [x for x in result.stdout.splitlines() if "DATA001" in x]
    assert line.startswith("macros/data/crisis.yml:")
    assert "lifeline-988" in line and "'98B'" in line and "Fix:" in line


def test_real_project_passes(tmp_path: Path) -> None:
    result = run_checker(ROOT, today=None)  # the real date: sources checked today are not "in the future"
    assert result.returncode == 0, f"the project itself fails the checker:\n{result.stdout}{result.stderr}"
    assert result.stdout.splitlines()[-1].startswith("0 errors"), result.stdout
    assert " ERROR " not in result.stdout  # warnings (long sentences, READ002) are advice, not failures


def test_overdue_review_warns_but_does_not_fail(project_copy) -> None:
    root = project_copy()
    lines = _read(root, PAGE)
    due_line = next(i + 1 for i, line in enumerate(lines) if line.startswith("review_due:"))
    later = (dt.date.fromisoformat(TODAY) + dt.timedelta(days=2000)).isoformat()
    result = run_checker(root, "--today", later)  # every page is overdue by then
    assert f"{PAGE}:{due_line}: WARNING REV001:" in result.stdout
    assert "ERROR REV001" not in result.stdout
    report = run_checker(root, "--today", later, "--review-report")
    assert report.returncode == 0 and f"`{PAGE}`" in report.stdout
    assert all(line.startswith("- [ ] [`docs/") for line in report.stdout.splitlines())


def test_review_report_is_empty_when_nothing_is_overdue(project_copy) -> None:
    result = run_checker(project_copy(), "--review-report")
    assert result.returncode == 0 and result.stdout == ""


def test_exception_with_reason_silences_one_line(project_copy) -> None:
    root = project_copy()
    after_h1(
        root,
        PAGE,
        'It is not "shock therapy" as films show it. <!-- allow LANG001 shock-therapy: explaining the lay term -->',
    )
    result = run_checker(root)
    assert not [
        line
        for line in result.stdout.splitlines()
        if (line.startswith(f"{PAGE}:") and "LANG001" in line) or "ALLOW" in line
    ], result.stdout


# ── Macro mistakes: caught by the build, which names the page and the close id ──
MACRO_FAULTS = {
    "unknown-treatment-id": ('{{ treatment_card("esketamin") }}', "'esketamine'"),
    "unknown-glossary-term": ('{{ term("remision") }}', "'remission'"),
    "unknown-source-id": ('{{ cite("rush-2060") }}', "'rush-2006'"),
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", MACRO_FAULTS, ids=list(MACRO_FAULTS))
def test_build_names_page_and_close_id_for_macro_mistake(fault: str, project_copy, tmp_path: Path) -> None:
    call, suggestion = MACRO_FAULTS[fault]
    root = project_copy()
    after_h1(root, PAGE, call)
    result = build(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{fault}: the build passed"
    assert "treatments/vns.md" in output and f"Did you mean {suggestion}" in output, output[-2000:]
