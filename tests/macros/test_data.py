"""Schemas: the real data is valid, and broken data fails with the file, entry and field
named, plus what was expected. One data change shows on every page that uses it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from macros import _data
from tests.conftest import ROOT
from tools.site import build


def test_real_data_is_valid() -> None:
    data = _data.load(_data.DATA_DIR, ROOT / "docs")
    assert data.treatments and data.sources and data.glossary and data.crisis.regions


def _edit(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / name
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(content)
        path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")

    return apply


def _treatment(content: dict, treatment_id: str) -> dict:
    return next(t for t in content["treatments"] if t["id"] == treatment_id)


BROKEN = {
    "wrong-category": (
        _edit("treatments.yml", lambda c: _treatment(c, "esketamine").update(category="interventionl")),
        [r"treatments.yml", r"\(id 'esketamine'\)", r"field 'category'", r"'interventional'", r"got 'interventionl'"],
    ),
    "missing-field": (
        _edit("treatments.yml", lambda c: _treatment(c, "ect").pop("onset")),
        [r"treatments.yml", r"\(id 'ect'\)", r"field 'onset'", r"Field required"],
    ),
    "typo-in-key": (
        _edit("glossary.yml", lambda c: c["terms"][0].update(defintion="x")),
        [r"glossary.yml", r"field 'defintion'", r"Extra inputs are not permitted"],
    ),
    "letters-in-crisis-number": (
        _edit("crisis.yml", lambda c: c["regions"][0]["services"][0].update(call="98B")),
        [r"crisis.yml", r"\(id 'lifeline-988'\)", r"field 'call'", r"should match pattern", r"got '98B'"],
    ),
    "http-source-url": (
        _edit("sources.yml", lambda c: next(s for s in c["sources"] if "url" in s).update(url="http://example.org/")),
        [r"sources.yml", r"use an https:// address"],
    ),
    "source-without-doi-or-url": (
        _edit("sources.yml", lambda c: c["sources"][0].pop("doi")),
        [r"sources.yml", r"\(id 'sforzini-2022'\)", r"give a doi or a url"],
    ),
    "source-year-in-future": (
        _edit("sources.yml", lambda c: c["sources"][0].update(year=2098)),
        [r"sources.yml", r"\(id 'sforzini-2022'\)", r"year 2098 is in the future"],
    ),
    "unknown-source-in-treatment": (
        _edit("treatments.yml", lambda c: _treatment(c, "rtms")["sources"].append("carpenter-2021")),
        [r"treatments.yml", r"treatment 'rtms'", r"unknown source id 'carpenter-2021'"],
    ),
    "duplicate-id": (
        _edit("glossary.yml", lambda c: c["terms"].append(dict(c["terms"][0]))),
        [r"glossary.yml", r"appears twice"],
    ),
    "long-definition": (
        _edit("glossary.yml", lambda c: c["terms"][0].update(definition="One. Two. Three.")),
        [r"glossary.yml", r"one or two sentences"],
    ),
    "phq9-band-gap": (
        _edit("phq9.yml", lambda c: c["bands"][1].update(min=6)),
        [r"phq9.yml", r"without gaps"],
    ),
    "banner-service-unknown": (
        _edit("crisis.yml", lambda c: c["banner"].update(service="lifeline-989")),
        [r"crisis.yml", r"banner", r"no service 'lifeline-989'"],
    ),
    "not-yaml": (
        lambda d: (d / "safety.yml").write_text("notes: [unclosed", encoding="utf-8"),
        [r"safety.yml", r"not valid YAML"],
    ),
    # Evidence: one file per treatment (macros/data/evidence/<id>.yml)
    "evidence-unknown-design": (
        _edit("evidence/vns.yml", lambda c: c["studies"][0].update(design="randomised-shame")),
        [r"evidence/vns.yml", r"studies\[0\] \(id 'rush-2005-d02'\)", r"field 'design'", r"'randomised-sham'"],
    ),
    "evidence-no-people": (
        _edit("evidence/vns.yml", lambda c: c["studies"][1].update(people=0)),
        [r"evidence/vns.yml", r"\(id 'conway-2025-recover'\)", r"field 'people'", r"greater than or equal to 1"],
    ),
    "evidence-people-as-text": (
        _edit("evidence/vns.yml", lambda c: c["studies"][1].update(people="about 500")),
        [r"evidence/vns.yml", r"field 'people'", r"valid integer", r"got 'about 500'"],
    ),
    "evidence-primary-met-as-text": (
        _edit("evidence/vns.yml", lambda c: c["studies"][0].update(primary_met="no")),
        [r"evidence/vns.yml", r"field 'primary_met'", r"valid boolean"],
    ),
    "evidence-primary-met-left-out": (
        _edit("evidence/vns.yml", lambda c: c["studies"][2].pop("primary_met")),
        [r"evidence/vns.yml", r"\(id 'aaronson-2017-registry'\)", r"field 'primary_met'", r"Field required"],
    ),
    "evidence-sham-trial-without-a-result": (
        _edit("evidence/vns.yml", lambda c: c["studies"][0].update(primary_met=None)),
        [r"evidence/vns.yml", r"\(id 'rush-2005-d02'\)", r"set primary_met to true or false"],
    ),
    "evidence-duplicate-study-id": (
        _edit("evidence/vns.yml", lambda c: c["studies"][1].update(id="rush-2005-d02")),
        [r"evidence/vns.yml", r"field 'studies'", r"'rush-2005-d02' appears twice"],
    ),
    "evidence-unknown-source": (
        _edit("evidence/vns.yml", lambda c: c["studies"][1].update(source="conway-2052")),
        [r"evidence/vns.yml", r"field 'source'", r"unknown source id 'conway-2052'"],
    ),
    "evidence-uncontrolled-study-first": (
        _edit("evidence/vns.yml", lambda c: c["studies"].insert(0, c["studies"].pop())),
        [
            r"evidence/vns.yml",
            r"field 'studies'",
            r"list randomized studies before uncontrolled ones",
            r"move 'rush-2005-d02', 'conway-2025-recover' above 'aaronson-2017-registry'",
        ],
    ),
    "evidence-flag-true-with-controlled-trials": (
        _edit("evidence/vns.yml", lambda c: c.update(no_controlled_evidence=True)),
        [r"evidence/vns.yml", r"field 'no_controlled_evidence'", r"set no_controlled_evidence: false"],
    ),
    "evidence-flag-false-without-controlled-trials": (
        _edit("evidence/exercise.yml", lambda c: c.update(no_controlled_evidence=False)),
        [r"evidence/exercise.yml", r"field 'no_controlled_evidence'", r"set no_controlled_evidence: true"],
    ),
    "evidence-meta-analysis-without-pools": (
        _edit("evidence/ect.yml", lambda c: c["studies"][2].pop("pools")),
        [r"evidence/ect.yml", r"\(id 'uk-ect-2003-review'\)", r"needs pools"],
    ),
    # What readers are told about strength: no field may be left to a default (issue 22).
    "evidence-without-a-recorded-search": (
        _edit("evidence/vns.yml", lambda c: c.pop("search")),
        [r"evidence/vns.yml", r"field 'search'", r"Field required"],
    ),
    "evidence-search-without-its-exclusions": (
        _edit("evidence/vns.yml", lambda c: c["search"].pop("excluded")),
        [
            r"evidence/vns.yml",
            r"field 'search.excluded'|field 'search', 'excluded'|search.*excluded",
            r"Field required",
        ],
    ),
    "evidence-general-depression-left-out": (
        _edit("evidence/vns.yml", lambda c: c["studies"][0].pop("general_depression")),
        [r"evidence/vns.yml", r"\(id 'rush-2005-d02'\)", r"field 'general_depression'", r"Field required"],
    ),
    "evidence-peer-reviewed-left-out": (
        _edit("evidence/vns.yml", lambda c: c["studies"][0].pop("peer_reviewed")),
        [r"evidence/vns.yml", r"field 'peer_reviewed'", r"Field required"],
    ),
    "evidence-guidelines-left-out": (
        _edit("evidence/vns.yml", lambda c: c.pop("guidelines")),
        [r"evidence/vns.yml", r"field 'guidelines'", r"Field required"],
    ),
    "evidence-guideline-label-left-out": (
        _edit("evidence/vns.yml", lambda c: c["guidelines"][0].pop("label")),
        [r"evidence/vns.yml", r"guidelines\[0\]", r"field 'label'", r"Field required"],
    ),
    "evidence-certainty-left-out": (
        _edit("evidence/vns.yml", lambda c: c.pop("certainty")),
        [r"evidence/vns.yml", r"field 'certainty'", r"Field required"],
    ),
    "evidence-benefit-left-out": (
        _edit("evidence/vns.yml", lambda c: c.pop("benefit")),
        [r"evidence/vns.yml", r"field 'benefit'", r"Field required"],
    ),
    "evidence-guideline-cites-unknown-source": (
        _edit("evidence/vns.yml", lambda c: c["guidelines"][0].update(source="nice-ipg999")),
        [r"evidence/vns.yml", r"unknown source id 'nice-ipg999'"],
    ),
    "treatment-without-who-it-may-not-suit": (
        _edit("treatments.yml", lambda c: c["treatments"][0].pop("not_for")),
        [r"treatments.yml", r"\(id 'switching'\)", r"field 'not_for'", r"Field required"],
    ),
    # Reviewers
    "reviewer-without-public-record": (
        _edit(
            "reviewers.yml",
            lambda c: c.update(reviewers=[{"id": "a-b", "name": "A B", "qualification": "MD", "date": "2027-01-01"}]),
        ),
        [r"reviewers.yml", r"reviewers\[0\] \(id 'a-b'\)", r"field 'url'", r"Field required"],
    ),
    "reviewer-listed-twice": (
        _edit(
            "reviewers.yml",
            lambda c: c.update(
                reviewers=[
                    {
                        "id": "a-b",
                        "name": "A B",
                        "qualification": "MD",
                        "url": "https://example.org/a",
                        "date": "2027-01-01",
                    }
                ]
                * 2
            ),
        ),
        [r"reviewers.yml", r"reviewer id 'a-b' appears twice"],
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_broken_data_names_file_entry_and_field(case: str, tmp_path: Path) -> None:
    break_it, expected = BROKEN[case]
    data_dir = tmp_path / "data"
    shutil.copytree(_data.DATA_DIR, data_dir)
    break_it(data_dir)
    with pytest.raises(_data.DataError) as caught:
        _data.load(data_dir, ROOT / "docs")
    for pattern in expected:
        assert re.search(pattern, str(caught.value)), f"{pattern!r} not in:\n{caught.value}"


@pytest.mark.slow
def test_bad_data_fails_the_build_naming_the_file(project_copy, tmp_path: Path) -> None:
    project = project_copy()
    BROKEN["letters-in-crisis-number"][0](project / "macros/data")
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "macros/data/crisis.yml" in result.stdout + result.stderr


def _typed_numbers() -> dict[str, re.Pattern[str]]:
    """Every phone and text number in crisis.yml, as a pattern that ignores spacing."""
    data = _data.load()
    numbers = set()
    for region in data.crisis.regions:
        numbers.add(region.emergency)
        for service in region.services:
            numbers.update(n for n in (service.call, service.text and service.text.number) if n)
    patterns = {}
    for number in numbers:
        digits = re.sub(r"\D", "", number)
        spaced = r"[\s-]?".join(digits)
        patterns[number] = re.compile(rf"(?<![\w,.-]){spaced}(?![\d,])")  # not inside an id like spain-024
    return patterns


def test_no_crisis_number_is_typed_in_pages_or_theme() -> None:
    """Crisis numbers live once, in macros/data/crisis.yml; pages and templates use macros."""
    root = ROOT
    files = [*root.glob("docs/**/*.md"), *root.glob("overrides/**/*.html")]
    patterns = _typed_numbers()
    assert patterns["988"].search("Call 988 now") and not patterns["988"].search("page 19880")
    typed = []
    for path in files:
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for number, pattern in patterns.items():
                if pattern.search(line):
                    typed.append(f"{path.relative_to(root)}:{line_no}: {number}")
    assert not typed, (
        "crisis numbers typed outside macros/data/crisis.yml (use crisis_number()/crisis_href()):\n" + "\n".join(typed)
    )
