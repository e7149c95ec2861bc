"""MkDocs hooks (mkdocs.yml ``hooks:``): the security policy in every MkDocs build.

``make build``, ``make check``, ``make serve``, CI and deploy all run ``mkdocs build`` or
``mkdocs serve``, so all of them run this. It is thin: the rules live in tools/policy/,
which imports nothing from MkDocs, and ``python -m tools.policy SITE`` runs the same code
(tools/policy/published.py ``check_file`` per file, ``check_site`` over site/).

- on_config: page text is rendered by mkdocs-macros in Jinja's sandbox (tools/policy/jinja.py);
  mkdocs.yml itself is checked (redirects inside the site, only reviewed scripts).
- on_env: the file name of the theme's script bundle, read from the installed theme, for
  overrides/main.html (which defers it); the policy allows only the bundle it lists.
- on_files: no symlink in docs/ or overrides/, no published file from outside the project.
- on_page_content: the page's own HTML closes nothing it did not open (SEC131).
- on_post_page / on_post_template: fill in the Content-Security-Policy, then check the
  page as readers receive it (after minification) with ``check_file``. A page that breaks
  the policy is replaced by a short notice (it never reaches site/).
- on_post_build: the hub's own redirect pages replace mkdocs-redirects' (they have a CSP
  and no script), then every other file in site/ is checked by ``check_site`` (SVG,
  JavaScript, the search index, stylesheets, raw HTML, redirect pages); a file that breaks
  the policy is removed. Every violation is logged with its source file, and the build
  fails at the end, after listing every one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from tools.policy import csp, find_symlinks, load, outside_files, page_base
from tools.policy.config import Policy
from tools.policy.jinja import sandboxed
from tools.policy.page import check_fragment
from tools.policy.published import check_config, check_file, check_site, redirect_page, redirect_pages, source_of

LOG = logging.getLogger("mkdocs.hooks.policy")


class _Build:
    def __init__(self, config: Any) -> None:
        self.project = Path(config.config_file_path).resolve().parent
        self.docs = Path(config.docs_dir)
        # MkDocs and ProperDocs run hooks; both with Material 9.8.1
        self.policy: Policy = load(config, "material", root=self.project)
        self.refused: list[str] = []
        self.page = ""  # the source of the page being rendered, for Jinja sandbox messages
        self.jinja_reported: set[tuple[str, str]] = set()
        self.checked: set[str] = set()  # site paths checked as they were written
        self.pages: dict[str, str] = {}  # site path -> source file, for messages
        self.fragments: dict[str, list[Any]] = {}  # source -> SEC131 found in the page's own HTML

    def source(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.project).as_posix()
        except ValueError:
            return str(path)


_build: _Build | None = None


def _fail(found: list[Any], what: str) -> None:
    from mkdocs.exceptions import PluginError

    for violation in found:
        LOG.error(violation.format())
    raise PluginError(f"{what}: {len(found)} security policy violation(s), listed above.")


def on_config(config: Any) -> Any:
    global _build
    _build = _Build(config)
    macros = config.plugins.get("macros")
    if macros is not None:
        # mkdocs-macros builds its Environment in its own on_config (which runs before the
        # hooks) and offers no setting for its class; swap in a sandbox with the same settings.
        macros._env = sandbox = sandboxed(macros.env)
        sandbox.on_refused = _report_jinja
        if type(macros.env).__name__ != "PageSandbox":  # pragma: no cover - a future mkdocs-macros
            raise RuntimeError("tools/mkdocs_hooks.py could not sandbox mkdocs-macros' Jinja environment")
    found = check_config(_build.policy)
    if found:
        _fail(found, "mkdocs.yml")
    return config


def _report_jinja(message: str) -> None:
    """Log a Jinja sandbox refusal once per page (Jinja may try a constant lookup twice)."""
    assert _build is not None
    if (_build.page, message) not in _build.jinja_reported:
        _build.jinja_reported.add((_build.page, message))
        LOG.error("%s: %s", _build.page, message)


def on_env(env: Any, config: Any, files: Any) -> Any:
    """``theme_bundle`` in templates: the installed Material's bundle, e.g. assets/javascripts/bundle.a5f9d56c.min.js."""
    found = sorted({p.name for d in config.theme.dirs for p in Path(d).glob("assets/javascripts/bundle.*.min.js")})
    if len(found) != 1:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"overrides/main.html needs the theme's one script bundle; found {found or 'none'}")
    env.globals["theme_bundle"] = f"assets/javascripts/{found[0]}"
    return env


def on_files(files: Any, config: Any) -> Any:
    assert _build is not None
    roots = [config.docs_dir] + ([config.theme.custom_dir] if config.theme.custom_dir else [])
    found = find_symlinks(roots, _build.project)
    allowed = [_build.project, *config.theme.dirs]
    found += outside_files([f.abs_src_path for f in files if f.abs_src_path], allowed, _build.project)
    if found:
        _fail(found, "Files")
    return files


def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    assert _build is not None
    _build.page = _build.source(_build.docs / page.file.src_uri)
    return page


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    assert _build is not None
    _build.fragments[_build.page] = check_fragment(html, _build.page)
    return html


def _name(rel: str) -> str:
    assert _build is not None
    return source_of(rel, _build.policy, _build.pages)


def _apply(output: str, src: str, rel: str, base: str) -> str:
    assert _build is not None
    output = csp.fill(output, _build.policy, base)  # our own placeholder (overrides/main.html)
    _build.pages[rel] = src
    _build.checked.add(rel)
    found = _build.fragments.pop(src, []) + check_file(rel, output.encode("utf-8"), _build.policy, src, _name)
    if not found:
        return output
    for violation in found:
        LOG.error(violation.format())
    _build.refused.append(src)
    return (
        "<!doctype html><title>Refused by the security policy</title>"
        f"<p>{len(found)} security policy violation(s) in {src}: see the build log.</p>"
    )


def on_post_page(output: str, page: Any, config: Any) -> str:
    assert _build is not None
    return _apply(output, _build.source(_build.docs / page.file.src_uri), page.file.dest_uri, page_base(page.url))


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    assert _build is not None
    if not template_name.endswith(".html"):
        return output_content
    custom = Path(config.theme.custom_dir or "") / template_name
    src = _build.source(custom) if config.theme.custom_dir and custom.is_file() else f"theme:{template_name}"
    base = page_base(template_name, _build.policy.site_path, template=True)
    return _apply(output_content, src, template_name, base)


def on_post_build(config: Any) -> None:
    assert _build is not None
    site = Path(config.site_dir)
    for rel, (old, new) in redirect_pages(_build.policy).items():
        if (site / rel).is_file():  # written by mkdocs-redirects just before: ours has a CSP and no script
            (site / rel).write_text(redirect_page(old, new, _build.policy), encoding="utf-8")
    refused: set[str] = set()
    found = check_site(site, _build.policy, pages=_build.pages, skip=_build.checked, refused=refused)
    for violation in found:
        LOG.error(violation.format())
    bad = sorted({v.src for v in found})
    for rel in refused:
        (site / rel).unlink(missing_ok=True)  # never published
    if _build.refused or found:
        from mkdocs.exceptions import PluginError

        refused = sorted({*_build.refused, *bad})
        raise PluginError(
            f"The security policy refused {len(refused)} file(s): {', '.join(refused)} "
            "(each violation is listed above with its fix; rules: python -m tools.policy --rules)."
        )
