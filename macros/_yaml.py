"""The one reader of the project's own YAML files: data, budgets, policy, checker settings.

Every file is read as UTF-8 with ``StrictLoader`` (PyYAML's safe loader that also refuses
what the safe loader lets through silently), and every problem becomes one ``DataError`` line
that names the file, the line and the fix:

- a file that is missing, or not UTF-8 (the byte to look at);
- YAML that does not parse (line and column, and what to check);
- a key written twice in one mapping, at any depth (PyYAML keeps the last one without a word,
  so a second ``call:`` under a correct one changes a crisis number and the diff looks harmless);
- any explicit tag (``!!binary``, ``!!python/...``, ``!!str``, ``!custom``): data is plain text,
  numbers and lists. ``mkdocs.yml`` is read with a subclass that allows the tags MkDocs needs
  there (``!ENV``, ``!relative``) and nothing else (``tools/site.py``);
- with ``validated(path, Model)``: each field pydantic rejects, at the line of its key,
  e.g. ``macros/data/crisis.yml:382: regions[4] (id 'australia'), field 'emergency':
  Input should be a valid string (got 0); YAML reads 000 as the number 0. Fix: quote it``.

It imports nothing from any engine; macros/_data.py and tools/ use it alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from macros.errors import DataError

Model = TypeVar("Model", bound=BaseModel)


class RefusedYAML(yaml.YAMLError):
    """YAML that parses but is refused (a duplicate key, a tag): the line, what and the fix.

    It has ``problem_mark`` and ``problem`` like PyYAML's own errors, so a tool that reports
    those (the checker's mkdocs.yml reader) names the line without knowing this class."""

    def __init__(self, mark: yaml.Mark, problem: str, fix: str) -> None:
        super().__init__(f"line {mark.line + 1}: {problem}. Fix: {fix}")
        self.problem_mark = mark
        self.context = None
        self.problem = problem
        self.fix = fix


_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: about 10x faster


class StrictLoader(_BASE):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader (on libyaml when installed), refusing duplicate keys (at any depth)
    and explicit tags.

    libyaml composes the whole document in C, so the refusals look at what it made: the tags
    at the parser's events (where a tag is still told apart from a value that merely reads as
    one), the keys on the composed tree. ``allowed_tags`` lists the tags (full form or prefix,
    e.g. ``!ENV``) a subclass accepts."""

    allowed_tags: tuple[str, ...] = ()

    def __init__(self, stream: Any) -> None:
        self._source = stream.read() if hasattr(stream, "read") else stream  # read twice: events, then nodes
        super().__init__(self._source)

    def get_single_node(self) -> yaml.Node | None:
        self._refuse_tags()
        node = super().get_single_node()
        _refuse_duplicate_keys(node, set())
        return node

    def _refuse_tags(self) -> None:
        for event in yaml.parse(self._source, Loader=_BASE):
            tag = getattr(event, "tag", None)
            if tag in (None, "!") or isinstance(event, yaml.AliasEvent) or tag.startswith(self.allowed_tags):
                continue
            shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
            allowed = f" (this file allows only {', '.join(self.allowed_tags)})" if self.allowed_tags else ""
            raise RefusedYAML(
                event.start_mark,
                f"the tag {shown} is not allowed{allowed}: a tag changes what YAML makes of the value "
                "(!!binary decodes hidden bytes, !!python/... runs code), and the diff does not show the result",
                "remove the tag and write the value itself; put text in double quotes",
            )


def _refuse_duplicate_keys(node: yaml.Node | None, seen_nodes: set[int]) -> None:
    if node is None or id(node) in seen_nodes or isinstance(node, yaml.ScalarNode):
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(item, seen_nodes)
        return
    seen: dict[tuple[str, str], yaml.Node] = {}
    for key, value in node.value:
        _refuse_duplicate_keys(value, seen_nodes)
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        first = seen.setdefault((key.tag, key.value), key)
        if first is not key:
            raise RefusedYAML(
                key.start_mark,
                f"the key {key.value!r} appears twice in the same entry (first on line {first.start_mark.line + 1}); "
                "YAML keeps only the last one, silently",
                f"keep one {key.value!r} line: delete the wrong one, and check which value is right",
            )


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _describe(raw: Any, loc: tuple[Any, ...]) -> str:
    """'treatments[3] (id 'esketamine'), field 'category'' from a pydantic error location."""
    parts: list[str] = []
    node = raw
    fields: list[str] = []
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            node = node[key]
            label = f"{parts.pop() if parts else ''}[{key}]"
            if isinstance(node, dict) and "id" in node:
                label += f" (id {node['id']!r})"
            parts.append(label)
            fields = []
        elif isinstance(node, dict) and key in node:
            node = node[key]
            parts.append(str(key))
            fields.append(str(key))
        else:
            fields.append(str(key))
            parts.append(str(key))
    if fields:
        entry = ".".join(p for p in parts[: len(parts) - len(fields)]) or "top level"
        return f"{entry}, field {'.'.join(fields)!r}"
    return ".".join(parts) or "top level"


def read_text(path: Path) -> str:
    """A data file's text; a file that is not UTF-8 raises DataError naming the byte to look at."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{_display(path)}: the file is not UTF-8 (byte {exc.start} is {exc.object[exc.start : exc.start + 1]!r}). "
            "Fix: save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8)"
        ) from None


def yaml_error(path: Path, exc: yaml.YAMLError) -> DataError:
    """One line for a YAML syntax error: 'file:line: not valid YAML (line L, column C): what'."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = f":{mark.line + 1}" if mark is not None else ""
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    what = (
        "; ".join(part for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
        or str(exc).splitlines()[0]
    )
    return DataError(
        f"{_display(path)}{line}: not valid YAML{where}: {what}. Fix: check the indentation "
        "(spaces, not tabs, lined up with the entry above) and put text containing a colon in double quotes"
    )


def refused(path: Path, exc: RefusedYAML) -> DataError:
    """One line for refused YAML: 'file:line: the key 'call' appears twice ... Fix: ...'."""
    return DataError(f"{_display(path)}:{exc.problem_mark.line + 1}: {exc.problem}. Fix: {exc.fix}")


def read_yaml(path: Path, loader: type[yaml.SafeLoader] = StrictLoader) -> Any:
    """The parsed content of a YAML file; DataError naming the file (and line) on any problem."""
    raw, _ = _read(path, loader, tree=False)
    return raw


def _read(path: Path, loader: type[yaml.SafeLoader], tree: bool) -> tuple[Any, yaml.Node | None]:
    try:
        text = read_text(path)
    except FileNotFoundError as exc:
        raise DataError(f"{_display(path)}: file is missing") from exc
    try:
        reader = loader(text)  # composed once: the data is made from the same tree the lines come from
        try:
            node = reader.get_single_node()
            return (reader.construct_document(node) if node is not None else None), (node if tree else None)
        finally:
            reader.dispose()
    except RefusedYAML as exc:
        raise refused(path, exc) from None
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc) from None


def validated(path: Path, model: type[Model]) -> Model:
    """A YAML file checked against its pydantic model; every rejected field on its own line."""
    raw, node = _read(path, StrictLoader, tree=True)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            got = f" (got {err['input']!r})" if not isinstance(err.get("input"), (dict, list)) else ""
            line = _key_line(node, loc)
            where = f"{_display(path)}:{line}" if line else _display(path)
            hint = _quote_hint(_node_at(node, loc), err)
            lines.append(f"{where}: {_describe(raw, loc)}: {err['msg']}{got}{hint}")
        raise DataError("\n".join(lines)) from None


def _node_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The YAML node a pydantic error location points at (the deepest one that exists)."""
    for key in loc:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        elif isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == key), None)
            if found is None:
                return node
            node = found
        else:
            return node
    return node


def _key_line(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the key (or list item) a pydantic error location ends at."""
    line = None
    for key in loc:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == key), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        else:
            break
    return line


def _quote_hint(node: yaml.Node | None, err: dict[str, Any]) -> str:
    """YAML reads 000 as the number 0 and 1.5 as a float: say to quote what was typed."""
    if err.get("type") != "string_type" or not isinstance(err.get("input"), int | float):
        return ""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return ""
    key = err["loc"][-1]
    return f'; YAML reads {node.value} as the number {err["input"]!r}. Fix: quote it: {key}: "{node.value}"'
