"""Load and validate the YAML data in macros/data, once per build.

A bad file raises ``DataError`` naming the file, the entry, the field and what was
expected, e.g.::

    macros/data/treatments.yml: treatments[3] (id 'esketamine'), field 'category':
    Input should be 'medication-strategy', 'psychotherapy', 'interventional' or
    'whole-person' (got 'interventionl')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros import models
from macros._yaml import _display, validated
from macros.errors import DataError

DATA_DIR = Path(__file__).parent / "data"

_FILES: dict[str, type[BaseModel]] = {
    "sources.yml": models.SourcesFile,
    "crisis.yml": models.CrisisFile,
    "treatments.yml": models.TreatmentsFile,
    "glossary.yml": models.GlossaryFile,
    "safety.yml": models.SafetyFile,
    "phq9.yml": models.Phq9File,
    "safety_plan.yml": models.SafetyPlanFile,
    "study_designs.yml": models.StudyDesignsFile,
    "reviewers.yml": models.ReviewersFile,
    "budgets.yml": models.Budgets,
}
# One file per treatment, named after its id: evidence/<treatment-id>.yml.
EVIDENCE_DIR = "evidence"


__all__ = ["DATA_DIR", "Data", "DataError", "data_files", "load", "load_current"]


@dataclass(frozen=True)
class Data:
    sources: dict[str, models.Source]
    crisis: models.CrisisFile
    treatments: dict[str, models.Treatment]
    glossary: dict[str, models.Term]
    safety: dict[str, models.SafetyNote]
    phq9: models.Phq9File
    safety_plan: models.SafetyPlanFile
    evidence: dict[str, models.EvidenceFile]  # by treatment id
    study_designs: models.StudyDesignsFile
    reviewers: dict[str, models.Reviewer]
    budgets: models.Budgets

    def region(self, region_id: str) -> models.Region:
        return next(r for r in self.crisis.regions if r.id == region_id)


def _validate(path: Path, model: type[BaseModel]) -> BaseModel:
    return validated(path, model)


def _index(path: Path, kind: str, items: list[Any]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for item in items:
        if item.id in seen:
            raise DataError(f"{_display(path)}: {kind} id {item.id!r} appears twice; ids must be unique")
        seen[item.id] = item
    return seen


def data_files(data_dir: Path) -> list[tuple[Path, type[BaseModel]]]:
    """Every data file with its schema: the named files, then one evidence file per treatment."""
    files = [(data_dir / name, model) for name, model in _FILES.items()]
    files += [(path, models.EvidenceFile) for path in sorted((data_dir / EVIDENCE_DIR).glob("*.yml"))]
    return files


def _evidence_problems(data_dir: Path, data: Data, paths: dict[str, Path]) -> list[str]:
    """Each treatment has exactly one evidence file, named after it, citing known sources."""
    problems = []
    for stem, evidence in data.evidence.items():
        shown = _display(paths[stem])
        if evidence.treatment != stem:
            problems.append(
                f"{shown}: field 'treatment': {evidence.treatment!r} does not match the file name; "
                f"an evidence file is named after its treatment: rename it to {EVIDENCE_DIR}/{evidence.treatment}.yml "
                f"or set treatment: {stem}"
            )
        elif stem not in data.treatments:
            problems.append(
                f"{shown}: field 'treatment': unknown treatment {stem!r}; "
                f"use an id from treatments.yml ({', '.join(sorted(data.treatments))})"
            )
        for source_id in evidence.sources():
            if source_id not in data.sources:
                problems.append(
                    f"{shown}: field 'source': unknown source id {source_id!r}; add it to sources.yml or fix the id"
                )
    for treatment_id in data.treatments:
        if treatment_id not in data.evidence:
            problems.append(
                f"{_display(data_dir / 'treatments.yml')}: treatment {treatment_id!r}: no evidence file; add "
                f"{_display(data_dir / EVIDENCE_DIR / (treatment_id + '.yml'))} (copy the shape of another file there)"
            )
    return problems


def _check_references(data_dir: Path, data: Data, docs_dir: Path | None, evidence_paths: dict[str, Path]) -> None:
    """Cross-file rules: every id a file points at must exist."""
    problems = _evidence_problems(data_dir, data, evidence_paths)
    for treatment in data.treatments.values():
        for source_id in treatment.sources:
            if source_id not in data.sources:
                problems.append(
                    f"{_display(data_dir / 'treatments.yml')}: treatment {treatment.id!r}, field 'sources': "
                    f"unknown source id {source_id!r}; add it to sources.yml or fix the id"
                )
        if docs_dir is not None and not (docs_dir / treatment.page).is_file():
            problems.append(
                f"{_display(data_dir / 'treatments.yml')}: treatment {treatment.id!r}, field 'page': "
                f"docs/{treatment.page} does not exist"
            )
    for name, source_id in (("phq9.yml", data.phq9.source), ("safety_plan.yml", data.safety_plan.source)):
        if source_id not in data.sources:
            problems.append(
                f"{_display(data_dir / name)}: field 'source': unknown source id {source_id!r}; "
                "add it to sources.yml or fix the id"
            )
    banner = data.crisis.banner
    regions = {r.id: r for r in data.crisis.regions}
    if banner.region not in regions:
        problems.append(
            f"{_display(data_dir / 'crisis.yml')}: banner, field 'region': unknown region {banner.region!r}"
        )
    elif banner.service not in {s.id for s in regions[banner.region].services}:
        problems.append(
            f"{_display(data_dir / 'crisis.yml')}: banner, field 'service': "
            f"no service {banner.service!r} in region {banner.region!r}"
        )
    else:
        # The banner on every page offers Call and Text and says "free, 24/7": its service
        # must be a crisis line by its data, or the build would die on a missing key or
        # promise readers something untrue.
        region, service = data.crisis.banner_line()
        gaps = models.banner_gaps(service)
        if gaps:
            fit = [s.id for s in region.services if not models.banner_gaps(s)]
            instead = f" (in region {banner.region!r}: {', '.join(fit)})" if fit else ""
            problems.append(
                f"{_display(data_dir / 'crisis.yml')}: banner, field 'service': {banner.service!r} cannot be "
                f"the banner's service; it needs {' and '.join(gaps)}. Fix: point banner.service at a free, "
                f"24/7 crisis line with call and text{instead}, or correct the entry for {banner.service!r}"
            )
    if problems:
        raise DataError("\n".join(problems))


def _stamp(data_dir: Path) -> tuple[tuple[str, int], ...]:
    """The data files' modification times: part of the cache key, so `make serve` reloads edits."""
    return tuple((str(path), path.stat().st_mtime_ns) for path, _ in data_files(data_dir) if path.exists())


@functools.cache
def load(data_dir: Path = DATA_DIR, docs_dir: Path | None = None, stamp: tuple = ()) -> Data:
    """Validate every data file and return them, indexed by id.

    Cached per directory and ``stamp`` (see ``_stamp``): one load per build, and a fresh
    one after a data file changes during live preview.
    """
    parsed = {name: _validate(data_dir / name, model) for name, model in _FILES.items()}
    evidence_paths = {path.stem: path for path, model in data_files(data_dir) if model is models.EvidenceFile}
    evidence = {stem: _validate(path, models.EvidenceFile) for stem, path in evidence_paths.items()}
    data = Data(
        sources=_index(data_dir / "sources.yml", "source", parsed["sources.yml"].sources),
        crisis=parsed["crisis.yml"],
        treatments=_index(data_dir / "treatments.yml", "treatment", parsed["treatments.yml"].treatments),
        glossary=_index(data_dir / "glossary.yml", "term", parsed["glossary.yml"].terms),
        safety=_index(data_dir / "safety.yml", "note", parsed["safety.yml"].notes),
        phq9=parsed["phq9.yml"],
        safety_plan=parsed["safety_plan.yml"],
        evidence=evidence,
        study_designs=parsed["study_designs.yml"],
        reviewers=_index(data_dir / "reviewers.yml", "reviewer", parsed["reviewers.yml"].reviewers),
        budgets=parsed["budgets.yml"],
    )
    _index(data_dir / "crisis.yml", "region", data.crisis.regions)
    _check_references(data_dir, data, docs_dir, evidence_paths)
    return data


def load_current(docs_dir: Path | None = None) -> Data:
    """The data for this build: macros/data beside this package, pages checked in ``docs_dir``.

    Loaded again only when a data file changed since the last call (live preview).
    """
    return load(DATA_DIR, docs_dir, _stamp(DATA_DIR))
