"""Performance budgets (issue 7), read from macros/data/budgets.yml, where they are typed once.

tests/site/test_budgets.py asserts the byte budgets on every build, tools/bench/ (`make
bench`) prints every budget next to its measured figure, and the Performance page shows
them. The file's header says what each budget means and its unit; this module checks its
shape and gives the byte budgets in bytes (``BUDGETS.bytes.first_view``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from macros._yaml import validated
from macros.errors import DataError
from macros.models import KB, Budgets
from tools.site import ROOT

BUDGETS_FILE = ROOT / "macros" / "data" / "budgets.yml"


def kb(n: float) -> str:
    """Bytes as kB with one decimal: 88123 -> '88.1'."""
    return f"{n / KB:.1f}"


class BudgetsError(Exception):
    """budgets.yml cannot be read or does not have the expected shape; the message says where."""


@functools.cache
def load_budgets(path: Path = BUDGETS_FILE) -> Budgets:
    """Read and check budgets.yml; raise BudgetsError naming the file and the field."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    try:
        return validated(path, Budgets)  # the project's one YAML reader: file:line for each problem
    except DataError as exc:
        raise BudgetsError(str(exc).replace(str(path), str(shown))) from None


BUDGETS = load_budgets()
