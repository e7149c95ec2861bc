"""Command line: ``python -m tools.checker [--root DIR] [--review-report] [--rules]``.

Prints one line per problem, ``file:line: ERROR|WARNING RULE: message. Fix: ...``,
sorted by file and line, then a summary. Exits 1 if there is any error, else 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from tools.checker.project import REPO_ROOT, ConfigError, Project


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a YYYY-MM-DD date") from exc


def _use_project_macros(root: Path) -> None:
    """Check data against the schemas of the project being checked, not this checkout's."""
    if (root / "macros" / "__init__.py").is_file() and "macros" not in sys.modules:
        sys.path.insert(0, str(root))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.checker",
        description="TRD Hub content checker: front matter, structure, links, language, reading level, review dates, theme and data.",
    )
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="project root to check (default: this repository)")
    parser.add_argument(
        "--review-report", action="store_true", help="print only pages past their review date, as a Markdown list"
    )
    parser.add_argument("--rules", action="store_true", help="print the table of rules (id, why, how to fix) and exit")
    parser.add_argument("--today", type=_date, default=None, help="treat this YYYY-MM-DD date as today (for tests)")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    _use_project_macros(root)
    from tools.checker.runner import check, review_report, rules_table  # after the path is set

    if args.rules:
        print(rules_table())
        return 0
    if not (root / "mkdocs.yml").is_file():
        print(f"{root}: no mkdocs.yml here; give the project folder with --root", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        project = Project.load(root, args.today)
    except ConfigError as exc:
        print(f"checker set-up error: {exc}", file=sys.stderr)
        return 2
    if args.review_report:
        report = review_report(project)
        if report:
            print(report)
        return 0
    problems = check(project)
    for problem in problems:
        print(problem.format())
    errors = sum(p.severity == "ERROR" for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    elapsed = time.perf_counter() - started
    print(
        f"{errors} errors, {warnings} warnings in {files} files "
        f"(checked {len(project.pages)} pages, macros/data and the theme in {elapsed:.1f}s)"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
