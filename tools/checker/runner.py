"""Run every rule over a project and return the problems, sorted by file and line."""

from __future__ import annotations

from tools.checker import exceptions, rules  # noqa: F401 - importing registers the rules
from tools.checker.core import RULES, Problem
from tools.checker.project import Project


def check(project: Project, only: set[str] | None = None) -> list[Problem]:
    """Every problem in ``project`` (or only the rules in ``only``), exceptions applied."""
    found: list[Problem] = []
    for rule in RULES.values():
        if only is not None and rule.id not in only:
            continue
        if rule.scope == "project":
            found.extend(rule.run(project))
        else:
            for page in project.pages:
                found.extend(rule.run(page, project))
    applied = exceptions.apply(found, project)
    if only is not None:  # unused-exception warnings only make sense when every rule ran
        applied = [p for p in applied if p.rule in only]
    return sorted(applied, key=lambda p: p.sort_key)


def review_report(project: Project) -> str:
    """Overdue pages as a Markdown list, for the scheduled review-dates workflow."""
    overdue = check(project, only={"REV001"})
    titles = {page.path: page.title or page.path for page in project.pages}
    # edit_uri is ".../owner/repo/edit/main/docs/": the page's file view is ".../blob/main/docs/<page>".
    edit_uri = str(project.config.get("edit_uri") or "")
    repo = edit_uri.split("/edit/", 1)[0] if edit_uri.startswith("https://") and "/edit/" in edit_uri else ""
    items = []
    for problem in overdue:
        name = f"[`{problem.path}`]({repo}/blob/main/{problem.path})" if repo else f"`{problem.path}`"
        items.append(f"- [ ] {name} ({titles.get(problem.path, problem.path)}): {problem.message.rstrip('.')}.")
    return "\n".join(items)


FAMILIES = ("FM", "ST", "MD", "TAB", "FILE", "ENC", "LK", "SEC", "LANG", "CRISIS", "READ", "REV", "THEME", "DATA", "ALLOW")


def _family_order(rule_id: str) -> tuple[int, str]:
    prefix = rule_id.rstrip("0123456789")
    return (FAMILIES.index(prefix) if prefix in FAMILIES else len(FAMILIES), rule_id)


def rules_table() -> str:
    """Every rule as a Markdown table: id, name, severity, why it matters, how to fix it."""
    rows = ["| Rule | Name | Level | Why it matters | How to fix it |", "| --- | --- | --- | --- | --- |"]
    for rule in sorted(RULES.values(), key=lambda r: _family_order(r.id)):
        cells = [rule.id, rule.name, rule.severity.lower(), rule.summary, rule.fix]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)
