"""Files that reach site/: only real files inside the project, never through a symlink.

MkDocs follows symbolic links in docs/ and copies what they point at into site/, so
``docs/notes.md -> ~/.ssh/id_rsa`` would publish a private file, and a link to a folder
elsewhere would publish that folder. The build refuses any symlink under docs/ or the
theme's custom_dir (overrides/), and any file it would publish from outside the project
and the theme's own installed files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tools.policy.page import Violation, rule

SYMLINK = rule(
    "SEC114",
    "symlink-in-docs",
    "A symbolic link in docs/ or overrides/ publishes whatever it points at, possibly a private file",
    "Replace the link with a real file (copy it in), or remove it",
)
OUTSIDE_FILE = rule(
    "SEC115",
    "file-outside-project",
    "Only files inside the project (and the theme's own files) reach site/",
    "Move the file into docs/ (or docs/assets/) and link to it there",
)


def find_symlinks(roots: Iterable[str | Path], project: str | Path) -> list[Violation]:
    """Every symbolic link at or under ``roots`` (docs/, overrides/), files and folders alike."""
    project = Path(os.path.abspath(project))
    found = []
    for root in map(Path, roots):
        links = [root] if root.is_symlink() else []
        for folder, dirs, names in os.walk(root):  # does not descend into linked folders
            for name in sorted(dirs + names):
                if (Path(folder) / name).is_symlink():
                    links.append(Path(folder) / name)
        for link in sorted(links):
            shown = _shown(link, project)
            found.append(
                Violation(
                    SYMLINK.id,
                    SYMLINK.name,
                    f"{shown} -> {os.readlink(link)}",
                    f"{shown} is a symbolic link",
                    SYMLINK.fix,
                    "files",
                    shown,
                )
            )
    return found


def outside_files(paths: Iterable[str | Path], allowed: Iterable[str | Path], project: str | Path) -> list[Violation]:
    """Source files (absolute) whose real path is under none of ``allowed`` folders."""
    project = Path(os.path.abspath(project))
    roots = [Path(os.path.realpath(a)) for a in allowed]
    found = []
    for raw in paths:
        real = Path(os.path.realpath(raw))
        if not any(real.is_relative_to(root) for root in roots):
            shown = _shown(Path(os.path.abspath(raw)), project)
            found.append(
                Violation(
                    OUTSIDE_FILE.id,
                    OUTSIDE_FILE.name,
                    shown,
                    f"{shown} comes from {real}, outside the project",
                    OUTSIDE_FILE.fix,
                    "files",
                    shown,
                )
            )
    return found


def _shown(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)
