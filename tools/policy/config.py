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
    site_host: str  # the host of site_url; absolute links to it stay on the site
    site_path: str  # the path of site_url, "/" for a site at the root of its host
    scripts: frozenset[str]  # allowed script addresses, relative to the site root
    search_worker: str
    inline_scripts: Mapping[str, str]  # name -> text with {base}
    forms: tuple[FormRule, ...]
    elements: frozenset[str]
    svg_elements: frozenset[str]
    meta_names: frozenset[str]
    link_rels: frozenset[str]
    csp: Mapping[str, tuple[str, ...]]
    referrer: str
    extra: Mapping[str, Any] = field(default_factory=dict)


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


def load(mkdocs_config: Mapping[str, Any]) -> Policy:
    """The policy for a site with this mkdocs.yml (as plain data)."""
    data = _policy_data()
    extra = mkdocs_config.get("extra") or {}
    scripts = set(data["scripts"])
    for entry in mkdocs_config.get("extra_javascript") or []:
        scripts.update(_minified(posixpath.normpath(_script_path(entry))))
    for script in (extra.get("page_scripts") or {}).values():
        scripts.update(_minified(posixpath.normpath(str(script))))
    site = urlsplit(str(mkdocs_config.get("site_url") or ""))
    elements = data["elements"]
    return Policy(
        site_host=(site.hostname or "").lower(),
        site_path=site.path or "/",
        scripts=frozenset(scripts),
        search_worker=data["search_worker"],
        inline_scripts=dict(data["inline_scripts"]),
        forms=tuple(FormRule(**form) for form in data["forms"]),
        elements=frozenset(tag for group, tags in elements.items() if group != "svg" for tag in tags),
        svg_elements=frozenset(elements["svg"]),
        meta_names=frozenset(data["meta_names"]),
        link_rels=frozenset(data["link_rels"]),
        csp={name: tuple(sources) for name, sources in data["csp"].items()},
        referrer=data["referrer"],
    )


def page_base(url: str, site_path: str = "/", *, template: bool = False) -> str:
    """The base URL Material writes on a page: "." on the home page, ".." one level down,
    "../.." two levels down ("a/b/" and "a/b.html" alike). A static template (404.html) is
    rendered without a page and gets the site's path instead."""
    if template:
        return site_path
    return "/".join([".."] * url.lstrip("/").count("/")) or "."
