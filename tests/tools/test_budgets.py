"""The budgets file: read once from macros/data/budgets.yml, in the units its header names,
and a mistake in it stops the tools with the file and the field to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tools.budgets import BUDGETS, BUDGETS_FILE, KB, BudgetsError, load_budgets


def _write(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load(BUDGETS_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "budgets.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_budgets_come_from_the_data_file_in_bytes() -> None:
    raw = yaml.safe_load(BUDGETS_FILE.read_text(encoding="utf-8"))
    assert BUDGETS_FILE == ROOT / "macros" / "data" / "budgets.yml"
    assert BUDGETS.bytes.first_view == raw["bytes"]["first_view_kb"] * KB
    assert BUDGETS.bytes.first_search == raw["bytes"]["first_search_kb"] * KB
    assert dict(BUDGETS.lighthouse.min_scores) == raw["lighthouse"]["min_scores"]
    assert BUDGETS.build.scale_ratio_of == f"{raw['build']['scale_pages'][-1]}/{raw['build']['scale_pages'][0]}"


def test_misspelt_budget_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["bytes"].update(first_veiw_kb=raw["bytes"].pop("first_view_kb")))
    with pytest.raises(BudgetsError) as error:
        load_budgets(path)
    message = str(error.value)
    # The project's one YAML reader: the file, the line of the key, the field.
    assert f"{path}:9: top level, field 'bytes.first_veiw_kb': Extra inputs are not permitted" in message
    assert f"{path}:7: top level, field 'bytes.first_view_kb': Field required" in message


def test_score_over_100_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["lighthouse"]["min_scores"].update(seo=110))
    with pytest.raises(
        BudgetsError, match=r"field 'lighthouse\.min_scores\.seo': Input should be less than or equal to 100"
    ):
        load_budgets(path)


def test_scale_pages_must_grow(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["build"].update(scale_pages=[1000, 100]))
    with pytest.raises(BudgetsError, match="smallest to largest"):
        load_budgets(path)
