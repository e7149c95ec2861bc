"""Crisis data rules: the reviewed lock of crisis.yml, and no crisis number typed into other data.

A page may not type a crisis number (CRISIS001); the data files are read on pages too (a
treatment's practical notes, a glossary definition, a study's outcome), so the same rule
holds for every string in macros/data, with its file and line. crisis.yml itself is compared
with its reviewed lock, macros/data/crisis.lock (``tools/crisis_lock.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from macros._yaml import StrictLoader, read_text
from macros.errors import DataError
from tools import crisis_lock
from tools.checker.core import Problem, rule
from tools.checker.project import Project
from tools.checker.rules.writing import _key, _number_pattern, crisis_numbers

DATA = Path("macros/data")
# Values that are addresses or ids, not prose; and source titles, quoted as published.
NOT_PROSE = {"id", "url", "source_url", "chat_url", "doi", "page", "email", "source", "sources", "treatment"}
QUOTED = {"sources.yml": {"authors", "title", "venue"}}
TYPED_FIX = (
    "Data text cannot run a macro: reword it without the number (e.g. 'call or text the crisis line in the "
    "banner'), and show the number on the page with a crisis macro beside it: "
    '{{ crisis_number("call") }} or {{ crisis_link("<service id>", "call", "Call {number}") }}'
)


def _strings(node: yaml.Node | None, key: str = "") -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every text value with the key it is under (list items take their list's key)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _strings(v, str(getattr(k, "value", "")))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _strings(item, key)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield key, node


def _line_of(lines: list[str], node: yaml.ScalarNode, found: str) -> int:
    """The line a match is on: a long value may be folded over several lines."""
    first, last = node.start_mark.line, node.end_mark.line
    digits = _key(found)
    for number in range(first, min(last, len(lines) - 1) + 1):
        if _number_pattern(digits).search(lines[number]):
            return number + 1
    return first + 1


@rule(
    "CRISIS002",
    "crisis-number-in-data",
    scope="project",
    fix="Reword the data text without the number; the page shows it with a crisis macro such as "
    '{{ crisis_number("call") }}',
)
def crisis_number_in_data(project: Project) -> Iterator[Problem]:
    """Data files are pages' text too: a treatment's practical notes or a glossary
    definition prints on a page. A crisis number typed there is not corrected when the line
    changes, and escapes the review crisis.yml gets, exactly like one typed into a page
    (CRISIS001). The numbers live once, in crisis.yml."""
    data_dir = project.root / DATA
    numbers = crisis_numbers(project)
    for path in sorted(data_dir.rglob("*.yml")):
        if path.name == "crisis.yml":
            continue
        try:
            text = read_text(path)
            root = yaml.compose(text, Loader=StrictLoader)
        except (OSError, DataError, yaml.YAMLError):
            continue  # DATA001 reports a file that cannot be read
        lines = text.split("\n")
        shown = path.relative_to(project.root).as_posix()
        exempt = NOT_PROSE | QUOTED.get(path.name, set())
        for key, node in _strings(root):
            if key in exempt:
                continue
            for item in numbers:
                for match in _number_pattern(_key(item.number)).finditer(node.value):
                    what = (
                        f"a crisis number that is no longer in use ({item.retired})"
                        if item.retired
                        else f"the crisis number of {item.service}"
                    )
                    yield Problem(
                        shown,
                        _line_of(lines, node, match.group(0)),
                        f"{match.group(0)} in '{key}' is {what}, typed into data that pages print",
                        TYPED_FIX,
                        tag=_key(item.number),
                    )


@rule(
    "CRISIS003",
    "crisis-lock",
    scope="project",
    fix=crisis_lock.FIX,
)
def crisis_lock_differs(project: Project) -> Iterator[Problem]:
    """Every crisis number, keyword and search phrase is in a reviewed lock,
    macros/data/crisis.lock, owned by the clinical reviewers. A digit swap, a second key or
    an invisible character in crisis.yml changes where a reader in crisis is sent while the
    diff looks harmless; a difference from the lock names the entry, so the change is read
    and reviewed before it reaches every page."""
    for difference in crisis_lock.differences(project.root):
        yield Problem(crisis_lock.CRISIS.as_posix(), difference.line, difference.message, crisis_lock.FIX)
