"""The policy's allow lists (policy.yml) combined with the site's own settings (mkdocs.yml)."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from macros._yaml import read_yaml

POLICY_FILE = Path(__file__).with_name("policy.yml")
CSP_PLACEHOLDER = "TRD-HUB-CSP-FILLED-BY-THE-BUILD"
BASE = "{base}"


@dataclass(frozen=True)
class FormRule:
    name: str
    match: Mapping[str, str]
    outside_content: bool = False
    method: str | None = None


@dataclass(frozen=True)
class Policy:
    engine: str  # the policy.yml section of the theme's own parts: "material", "zensical"
    site_host: str  # the host of site_url; absolute links to it stay on the site
    site_path: str  # the path of site_url, "/" for a site at the root of its host
    scripts: frozenset[str]  # allowed script addresses, relative to the site root
    search_worker: str
    inline_scripts: Mapping[str, str]  # name -> text with {base}
    content_start: tuple[Mapping[str, str], ...]  # the theme's elements opening the article: tag + attributes
    style_hashes: Mapping[str, str]  # name -> CSP hash source of a <style> the theme's script writes
    forms: tuple[FormRule, ...]
    elements: frozenset[str]
    svg_elements: frozenset[str]
    meta_names: frozenset[str]
    link_rels: frozenset[str]
    csp: Mapping[str, tuple[str, ...]]
    referrer: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    # Issue 20: everything published, not only pages.
    root: Path | None = None  # the project (mkdocs.yml's folder): docs/, overrides/, macros/data/
    content: Mapping[str, Any] = field(default_factory=dict)  # policy.yml content: (classes, attributes...)
    files: Mapping[str, Any] = field(default_factory=dict)  # policy.yml files: (types, search index...)
    reviewed: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # path -> {sha256, ...}
    theme_dir: Path | None = None  # the installed theme's own files (Material's templates/)
    mkdocs: Mapping[str, Any] = field(default_factory=dict)  # mkdocs.yml as plain data


@functools.cache
def _policy_data() -> dict[str, Any]:
    return read_yaml(POLICY_FILE)


def _minified(path: str) -> Iterable[str]:
    """A script and the name mkdocs-minify-plugin gives its minified copy."""
    yield path
    if path.endswith(".js") and not path.endswith(".min.js"):
        yield path[: -len(".js")] + ".min.js"


def _script_path(entry: Any) -> str:
    """An extra_javascript entry: a path, a mapping with `path:`, or MkDocs' object with .path."""
    if isinstance(entry, Mapping):
        return str(entry.get("path", ""))
    return str(getattr(entry, "path", entry))


DEFAULT_ENGINE = "material"  # the reference build (MkDocs or ProperDocs with Material 9.8.1), the hook's


class UnknownEngine(ValueError):
    """No policy.yml section for this engine or generator: its theme's parts are not known."""


def engines() -> dict[str, str]:
    """Each engine section's name -> the generator it matches ("zensical" -> "zensical-0.0.73")."""
    return {name: section["generator"] for name, section in _policy_data()["engines"].items()}


def engine_for_generator(generator: str) -> str:
    """The engine section whose ``generator`` is one of the comma-separated parts of a page's
    <meta name="generator"> ("mkdocs-1.6.1, mkdocs-material-9.8.1" -> "material")."""
    parts = {part.strip() for part in generator.split(",")}
    for name, known in engines().items():
        if known in parts:
            return name
    listed = ", ".join(f"{name} ({known})" for name, known in engines().items())
    raise UnknownEngine(
        f'No section of tools/policy/policy.yml matches <meta name="generator" content="{generator}"> '
        f"(known: {listed}). Fix: read that theme's templates and add its scripts to a section under engines:, "
        "or name a section with --engine"
    )


def _theme_dir(theme: Mapping[str, Any]) -> Path | None:
    """The installed theme package's templates folder (policy.yml engines: theme_package)."""
    import importlib.util

    package = theme.get("theme_package")
    spec = importlib.util.find_spec(package) if package else None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / theme.get("theme_templates", "templates")


def load(mkdocs_config: Mapping[str, Any], engine: str = DEFAULT_ENGINE, root: Path | None = None) -> Policy:
    """The policy for a site with this mkdocs.yml (as plain data), built by ``engine``'s theme.

    ``root`` is the project folder; by default the folder of the mkdocs.yml MkDocs read
    (``config_file_path``), else this checkout."""
    data = _policy_data()
    if root is None:
        config_file = mkdocs_config.get("config_file_path") if hasattr(mkdocs_config, "get") else None
        root = Path(config_file).resolve().parent if config_file else Path(__file__).resolve().parents[2]
    if engine not in data["engines"]:
        raise UnknownEngine(
            f"tools/policy/policy.yml has no section {engine!r} under engines: (known: {', '.join(engines())})"
        )
    theme = data["engines"][engine]
    extra = mkdocs_config.get("extra") or {}
    scripts = set(data["scripts"]) | set(theme["scripts"])
    for entry in mkdocs_config.get("extra_javascript") or []:
        scripts.update(_minified(posixpath.normpath(_script_path(entry))))
    for script in (extra.get("page_scripts") or {}).values():
        scripts.update(_minified(posixpath.normpath(str(script))))
    site = urlsplit(str(mkdocs_config.get("site_url") or ""))
    elements = data["elements"]
    return Policy(
        site_host=(site.hostname or "").lower(),
        site_path=site.path or "/",
        engine=engine,
        scripts=frozenset(scripts),
        search_worker=theme["search_worker"],
        inline_scripts=dict(theme["inline_scripts"]),
        content_start=tuple(dict(element) for element in theme.get("content_start") or ()),
        style_hashes=dict(theme.get("style_hashes") or {}),
        forms=tuple(FormRule(**form) for form in data["forms"]),
        elements=frozenset(tag for group, tags in elements.items() if group != "svg" for tag in tags),
        svg_elements=frozenset(elements["svg"]),
        meta_names=frozenset(data["meta_names"]),
        link_rels=frozenset(data["link_rels"]),
        csp={name: tuple(sources) for name, sources in data["csp"].items()},
        referrer=data["referrer"],
        root=root,
        content=dict(data.get("content") or {}),
        files=dict(data.get("files") or {}),
        reviewed={str(path): dict(entry) for path, entry in (data.get("reviewed") or {}).items()},
        theme_dir=_theme_dir(theme),
        mkdocs=_plain(root),
    )


def _plain(root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data (tags read as None), the same for the hook and the command."""
    from tools.site import mkdocs_config

    try:
        return mkdocs_config(root)
    except Exception:  # a mkdocs.yml YAML cannot read: the build reports it (CONF001)
        return {}


def page_base(url: str, site_path: str = "/", *, template: bool = False) -> str:
    """The base URL Material writes on a page: "." on the home page, ".." one level down,
    "../.." two levels down ("a/b/" and "a/b.html" alike). A static template (404.html) is
    rendered without a page and gets the site's path instead."""
    if template:
        return site_path
    return "/".join([".."] * url.lstrip("/").count("/")) or "."
