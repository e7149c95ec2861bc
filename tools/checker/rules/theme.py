"""Theme rule: the crisis banner stays on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.project import Project

BANNER = "partials/crisis-banner.html"
_BLOCK = re.compile(r"\{%-?\s*block\s+announce\s*-?%\}(?P<body>.*?)\{%-?\s*endblock\b", re.DOTALL)
_INCLUDE = re.compile(r"\{%-?\s*include\s+([\"'])" + re.escape(BANNER) + r"\1")
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
FIX = """Put the banner back in overrides/main.html: {% block announce %} {% include "partials/crisis-banner.html" %} {% endblock %}"""


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@rule(
    "THEME001",
    "crisis-banner-include",
    scope="project",
    fix='Restore the include in the announce block of overrides/main.html: `{% include "partials/crisis-banner.html" %}`',
)
def crisis_banner_include(project: Project) -> Iterator[Problem]:
    """The crisis banner with the 988 numbers is on every page, in the announce block of
    overrides/main.html. A reader in crisis can land on any page from a search; removing
    or commenting out the include would take the numbers off every page at once."""
    main = f"{project.theme_dir}/main.html"
    path = project.root / main
    if not path.is_file():
        yield Problem(
            main,
            1,
            f"{main} is missing, so no page shows the crisis banner",
            "Restore overrides/main.html from git: git checkout -- overrides/main.html",
        )
        return
    text = _JINJA_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), path.read_text(encoding="utf-8"))
    block = _BLOCK.search(text)
    if block is None:
        yield Problem(
            main, 1, "There is no {% block announce %} in the theme overrides, so no page shows the crisis banner", FIX
        )
        return
    if not _INCLUDE.search(block.group("body")):
        yield Problem(
            main,
            _line_at(text, block.start()),
            f'The announce block no longer includes "{BANNER}", so no page shows the crisis banner',
            FIX,
        )
    elif not (project.root / project.theme_dir / BANNER).is_file():
        yield Problem(
            main,
            _line_at(text, block.start("body")),
            f"The banner file {project.theme_dir}/{BANNER} is missing",
            f"Restore it from git: git checkout -- {project.theme_dir}/{BANNER}",
        )
