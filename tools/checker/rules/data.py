"""Data rule: every YAML file in macros/data matches its schema (macros/models.py).

The checker runs the build's own validation (``macros._data``), so the messages are
the ones the build would give; it only adds the line number and a plain-words fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from tools.checker.core import Problem, rule
from tools.checker.project import Project

_LINE = re.compile(r"^(?P<file>\S+?\.ya?ml)(?::(?P<line>\d+))?: (?P<message>.*)$", re.DOTALL)
_STEP = re.compile(r"^(?P<key>[^\[\s]+)?(?:\[(?P<index>\d+)\])?(?: \(id '[^']*'\))?$")
_NAMED_ID = re.compile(
    r"\b(?:treatment|source|term|region|note|banner|reviewer) '(?P<id>[^']+)'|\bid '(?P<id2>[^']+)' appears twice"
)
_FIELD = re.compile(r"^(?P<entry>.*?),? ?field '(?P<field>[^']*)': (?P<message>.*)$", re.DOTALL)

_FIXES = (
    (
        "should match pattern '^\\+?[0-9]",
        'Write the number with digits only (spaces and dashes are fine), e.g. call: "988" or call: "116 123"',
    ),
    ("should match pattern '^[a-z0-9]", "Use an id in lower-case letters, numbers and dashes, e.g. id: ketamine-iv"),
    (
        "Extra inputs are not permitted",
        "Remove the field or correct its spelling; the allowed fields are listed in macros/models.py",
    ),
    ("Field required", "Add the missing field; copy its shape from a correct entry in the same file"),
    ("use an https:// address", "Write the full secure address, starting with https://"),
    ("valid URL", "Write the full web address, starting with https://, e.g. https://988lifeline.org/"),
    ("valid date", "Write the date as YYYY-MM-DD, e.g. verified: 2026-11-21"),
    ("unknown source id", "Use an id that exists in macros/data/sources.yml, or add the source there first"),
    ("appears twice", "Give each entry its own id"),
    (
        "no_controlled_evidence",
        "Set no_controlled_evidence as the message says; the table tells readers when it is true",
    ),
    ("list randomized studies before", "Move the randomized studies above the others, as the message says"),
    (
        "no evidence file",
        "Add the evidence file the message names; copy the shape of another file in macros/data/evidence/",
    ),
    (
        "not plain text",
        "Delete the character or retype the word the message names (an editor that shows invisible characters "
        "helps); data readers see must be plain text, so the diff shows exactly what they will read",
    ),
    ("ASCII form", "Write the address in ASCII: an international domain in its xn-- (punycode) form"),
    ("not valid YAML", "Check indentation (spaces, not tabs) and put text with a colon in double quotes"),
)
DEFAULT_FIX = "Compare the entry with a correct one in the same file; the rules for each field are in macros/models.py"


def _fix_for(message: str) -> str:
    return next((fix for needle, fix in _FIXES if needle in message), DEFAULT_FIX)


def _walk(node: yaml.Node | None, steps: list[str | int]) -> int | None:
    """The 0-based line of the deepest node reachable along ``steps``."""
    line = None
    for step in steps:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == step), None)
            if match is None:
                break
            line, node = match[0].start_mark.line, match[1]
        else:
            break
    return line


def _steps(entry: str) -> list[str | int]:
    steps: list[str | int] = []
    if entry in ("", "top level"):
        return steps
    for part in re.split(r"\.(?![^(]*\))", entry):
        match = _STEP.match(part.strip())
        if match is None:
            return steps
        if match.group("key"):
            steps.append(match.group("key"))
        if match.group("index") is not None:
            steps.append(int(match.group("index")))
    return steps


def locate(path: Path, message: str) -> int:
    """Best effort: the line in ``path`` that a DataError message is about (1 if unknown)."""
    if "not valid YAML" in message:
        lines = re.findall(r"line (\d+)", message)
        return int(lines[-1]) if lines else 1
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
    except (OSError, yaml.YAMLError):
        return 1
    field = _FIELD.match(message)
    entry, field_name = (field.group("entry"), field.group("field")) if field else (message.split(":", 1)[0], "")
    line = _walk(node, _steps(entry) + ([*field_name.split(".")] if field_name else []))
    if line is None or not _steps(entry):
        named = _NAMED_ID.search(message)
        if named:
            ident = named.group("id") or named.group("id2")
            lines = text.splitlines()
            hits = [
                i for i, t in enumerate(lines) if re.match(rf"^\s*(-\s+)?id:\s*[\"']?{re.escape(ident)}[\"']?\s*$", t)
            ]
            if hits:
                line = hits[-1] if "appears twice" in message else hits[0]
                after = [
                    i
                    for i in range(line, len(lines))
                    if field_name and re.match(rf"^\s*{re.escape(field_name)}:", lines[i])
                ]
                line = after[0] if after else line
    return (line or 0) + 1


def _entries(error_text: str) -> list[str]:
    """One string per error: a DataError holds one per line, but a YAML error spans several."""
    entries: list[str] = []
    for raw in error_text.split("\n"):
        if _LINE.match(raw) or not entries:
            entries.append(raw)
        else:
            entries[-1] += "\n" + raw
    return entries


def _condense_yaml_error(message: str) -> str:
    """'not valid YAML: while parsing...' without PyYAML's code snippets and carets."""
    head, _, detail = message.partition("not valid YAML:")
    kept = [
        x.strip()
        for x in detail.split("\n")
        if x.strip() and not x.startswith("    ") and not x.strip().startswith(('in "', "^"))
    ]
    lines = re.findall(r"line (\d+), column (\d+)", detail)
    where = f" (line {lines[-1][0]}, column {lines[-1][1]})" if lines else ""
    return f"{head}not valid YAML{where}: {'; '.join(kept)}"


def _problems(error_text: str, project: Project) -> Iterator[Problem]:
    for raw in _entries(error_text):
        match = _LINE.match(raw.strip())
        if match is None:
            if raw.strip():
                yield Problem("macros/data", 1, raw.strip(), DEFAULT_FIX)
            continue
        path = Path(match.group("file"))
        path = path if path.is_absolute() else Path.cwd() / path
        try:
            shown = path.resolve().relative_to(project.root).as_posix()
        except ValueError:
            shown = match.group("file")
        message, _, fix = match.group("message").partition(" Fix: ")
        line = int(match.group("line")) if match.group("line") else locate(path, message)
        if "not valid YAML" in message and "\n" in message:
            message = _condense_yaml_error(message)
        yield Problem(shown, line, message, fix or _fix_for(message))


@rule(
    "DATA001",
    "data-schema",
    scope="project",
    fix="Correct the entry named in the message; the fields and their formats are in macros/models.py",
)
def data_schema(project: Project) -> Iterator[Problem]:
    """Crisis numbers, treatment facts, sources and glossary terms live once, in
    macros/data, and every page reads them from there. A wrong entry (a crisis number
    with a letter in it, a treatment citing a source that does not exist) would reach
    every page that shows it, so each file must match its schema."""
    from macros import _data  # the build's own loader and schemas

    data_dir = project.root / "macros" / "data"
    if not data_dir.is_dir():
        return
    # The build's own check: every file, unique ids, every id a file points at exists.
    # __wrapped__ skips load()'s cache, so a file edited since the last call is read again.
    try:
        _data.load.__wrapped__(data_dir, project.root / project.docs_dir)
        return
    except _data.DataError as exc:
        first_error = str(exc)
    # load() stops at the first broken file; validate each file to report them all.
    per_file = []
    for path, model in _data.data_files(data_dir):
        try:
            _data._validate(path, model)
        except _data.DataError as exc:
            per_file.append(str(exc))
    for error in per_file or [first_error]:
        yield from _problems(error, project)
