"""The core needs no engine, and the theme holds templates only (issue 14).

Read from the source, not the running build: ``macros/`` imports no engine (import-linter's
contract in pyproject.toml, run by ``make lint`` and ``make check``), ``overrides/`` has no
Python, and templates use only what both Jinja2 (MkDocs) and MiniJinja (Zensical) run.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tools.site import ROOT


def test_import_linter_refuses_an_engine_import_in_macros_at_its_line(tmp_path) -> None:
    """pyproject.toml's contract (macros/ imports no engine) holds, and import-linter, run as
    `make check` runs it, names a planted engine import by file and line."""
    from tools.check import Run, imports

    assert imports(Run(ROOT)) == []
    shutil.copytree(ROOT / "macros", tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    planted = tmp_path / "macros" / "glossary.py"
    lines = planted.read_text(encoding="utf-8").splitlines()
    planted.write_text("\n".join([*lines, "from material import plugins  # planted"]) + "\n", encoding="utf-8")
    found = [(p.path, p.line, p.rule) for p in imports(Run(tmp_path))]
    assert found == [("macros/glossary.py", len(lines) + 1, "imports-engine-free")]


def test_overrides_hold_templates_only() -> None:
    """Zensical publishes every other file under custom_dir into the site (a .py file
    there became site/hooks/*.py), so overrides/ holds templates and nothing else."""
    files = [p for p in (ROOT / "overrides").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert files, "overrides/ is empty"
    assert [str(p.relative_to(ROOT)) for p in files if p.suffix != ".html"] == []


def test_zensical_finds_its_own_search_partial() -> None:
    """Zensical's search bundle needs its own partials/search.html; Material's copy with a
    name lives under another name (partials/header.html includes the one per engine)."""
    assert not (ROOT / "overrides/partials/search.html").exists()
    assert (ROOT / "overrides/partials/search-dialog.html").exists()


# Jinja2-only template logic that MiniJinja (Zensical) does not run, or that edits theme HTML
# (docs/about/engines.md, "Templates both engines run").
NOT_PORTABLE = {
    r"\|\s*replace\s*\(": "no replace() on rendered HTML: override the partial instead",
    r"\.strftime\s*\(": "no Python method calls: format dates in macros/ or data",
    r"\.(items|keys|values)\s*\(\s*\)": "no Python method calls: use |dictsort or |items",
    r"\.(get|upper|lower|startswith|endswith|format|split|join)\s*\(": "no Python method calls: use a filter",
    r"\bsrc_uri\b|\bsrc_path\b|\bpage\.file\b|\bis_homepage\b|\babs_url\b": (
        "no MkDocs-only page attributes: compute it in macros/ and read page.meta"
    ),
    r"\|\s*(date|split|wordcount|tojson)\b": "a filter only one engine has, or prints differently in each",
}


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "overrides").rglob("*.html"))
)
def test_templates_use_only_portable_logic(template: str) -> None:
    text = (ROOT / template).read_text(encoding="utf-8")
    code = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.DOTALL))
    problems = [f"{template}: {why}" for pattern, why in NOT_PORTABLE.items() if re.search(pattern, code)]
    assert not problems, "\n".join(problems)


def test_the_one_engine_switch_is_in_the_scripts_block() -> None:
    """`mkdocs_version is defined` tells MkDocs/ProperDocs from Zensical; it is used once,
    to defer Material's bundle, whose file name Zensical does not ship."""
    uses = {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8").count("mkdocs_version")
        for p in (ROOT / "overrides").rglob("*.html")
    }
    assert {name for name, n in uses.items() if n} == {"overrides/main.html"}
    main = (ROOT / "overrides/main.html").read_text(encoding="utf-8")
    scripts = main[main.index("{% block scripts %}") :]
    assert "{%- if mkdocs_version is defined %}" in scripts and "{{ super() }}" in scripts
