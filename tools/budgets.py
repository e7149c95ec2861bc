"""Performance budgets (issue 7), read from macros/data/budgets.yml, where they are typed once.

tests/site/test_budgets.py asserts the byte budgets on every build, tools/bench/ (`make
bench`) prints every budget next to its measured figure, and the Performance page shows
them. The file's header says what each budget means and its unit; this module checks its
shape and gives the byte budgets in bytes (``BUDGETS.bytes.first_view``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, field_validator

from macros._yaml import validated
from macros.errors import DataError
from tools.site import ROOT

BUDGETS_FILE = ROOT / "macros" / "data" / "budgets.yml"
KB = 1000  # bytes in a kB, the unit of budgets.yml and of every figure printed


def kb(n: float) -> str:
    """Bytes as kB with one decimal: 88123 -> '88.1'."""
    return f"{n / KB:.1f}"


class BudgetsError(Exception):
    """budgets.yml cannot be read or does not have the expected shape; the message says where."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ByteBudgets(_Section):
    first_view_kb: PositiveFloat
    html_kb: PositiveFloat
    repeat_view_kb: PositiveFloat
    first_search_kb: PositiveFloat

    @property
    def first_view(self) -> int:
        """Bytes a first visit to any page may download before the reader opens search."""
        return round(self.first_view_kb * KB)

    @property
    def html(self) -> int:
        """Bytes any one page's HTML may take."""
        return round(self.html_kb * KB)

    @property
    def repeat_view(self) -> int:
        """Bytes a later page may download with the theme's files cached."""
        return round(self.repeat_view_kb * KB)

    @property
    def first_search(self) -> int:
        """Bytes opening search the first time may download (worker and index)."""
        return round(self.first_search_kb * KB)


Category = Literal["performance", "accessibility", "best-practices", "seo"]
Score = Annotated[int, Field(ge=0, le=100)]


class LighthouseBudgets(_Section):
    min_scores: dict[Category, Score] = Field(min_length=1)
    pages: dict[str, str] = Field(min_length=1)

    def targets(self) -> str:
        """The minimum scores in the order Lighthouse lists them: '>= 95/100/100/100'."""
        return ">= " + "/".join(str(score) for score in self.min_scores.values())


class BuildBudgets(_Section):
    scale_pages: list[PositiveInt] = Field(min_length=2)
    scale_max_ratio: PositiveFloat

    @field_validator("scale_pages")
    @classmethod
    def _increasing(cls, sizes: list[int]) -> list[int]:
        if sizes != sorted(set(sizes)):
            raise ValueError("list the sizes from smallest to largest, each once, e.g. [100, 500, 1000]")
        return sizes

    @property
    def scale_ratio_of(self) -> str:
        """Which two builds the ratio compares: '1000/100'."""
        return f"{self.scale_pages[-1]}/{self.scale_pages[0]}"


class Budgets(_Section):
    bytes: ByteBudgets
    lighthouse: LighthouseBudgets
    build: BuildBudgets


@functools.cache
def load_budgets(path: Path = BUDGETS_FILE) -> Budgets:
    """Read and check budgets.yml; raise BudgetsError naming the file and the field."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    try:
        return validated(path, Budgets)  # the project's one YAML reader: file:line for each problem
    except DataError as exc:
        raise BudgetsError(str(exc).replace(str(path), str(shown))) from None


BUDGETS = load_budgets()
