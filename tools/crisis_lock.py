"""The reviewed lock of the crisis data: macros/data/crisis.lock.

Every value in macros/data/crisis.yml that puts a reader through to help (each number,
key to press, text keyword, chat and email address, the banner's service and words, whether
a line is free and always open, and every crisis search phrase) is written to the lock as one
readable line::

    regions[us].services[lifeline-988].call = 988
    search_phrases.en = kill myself

The lock is committed and owned by the clinical reviewers (.github/CODEOWNERS), and
``make check`` compares it with crisis.yml (checker rule CRISIS003). A change to a number
therefore shows twice in the pull request, once in crisis.yml and once as a plain line in
the lock, and cannot merge without their review. Characters a reader cannot see, or
cannot tell from a Latin letter, are written as ``\\u200b``, so a zero-width space in a phrase shows in the diff.

    python -m tools.crisis_lock            # rewrite the lock from crisis.yml (make crisis-lock)
    python -m tools.crisis_lock --check    # print each difference; exit 1 if there is one
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros._yaml import StrictLoader, read_text
from macros.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
CRISIS = Path("macros/data/crisis.yml")
LOCK = Path("macros/data/crisis.lock")
OWNERS = "@trd-hub/clinical-review"
FIX = (
    f"If the change is right, run `make crisis-lock` and ask the clinical owners ({OWNERS}) to review "
    "the pull request (crisis.yml and crisis.lock change together); if it is not, restore the reviewed value"
)
HEADER = f"""\
# The reviewed crisis data: every number, key, keyword, address and search phrase in
# macros/data/crisis.yml, one line each. Written by `make crisis-lock`; do not edit by hand.
# `make check` fails when crisis.yml differs from this file (rule CRISIS003), so a change
# to a crisis route shows here as a plain line and needs the clinical owners' review
# ({OWNERS}, .github/CODEOWNERS). Characters other than ASCII and Latin letters (invisible ones,
# look-alikes from other scripts) are written as \\uXXXX.
"""
# What a service entry may hold that routes a reader to help, in the order written.
SERVICE_KEYS = (
    "name",
    "call",
    "press",
    "text.number",
    "text.keyword",
    "chat_url",
    "email",
    "crisis",
    "free",
    "always_open",
)
BANNER_KEYS = ("region", "service", "message")


@dataclass(frozen=True)
class Entry:
    key: str  # regions[us].services[lifeline-988].call
    value: str  # as the lock writes it (invisible characters escaped)
    line: int  # 1-based line in crisis.yml (0 when not from crisis.yml)

    @property
    def text(self) -> str:
        return f"{self.key} = {self.value}"


def shown(value: str) -> str:
    """The value as the lock writes it: ASCII and accented Latin letters as they are, every
    other character (invisible, from another script, a look-alike) and the backslash as
    ``\\uXXXX``, so a reviewer sees in the diff exactly which character changed."""
    out = []
    for ch in value:
        plain = (ch.isascii() and ch.isprintable() and ch != "\\") or unicodedata.name(ch, "").startswith("LATIN ")
        out.append(ch if plain else (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"))
    return "".join(out)


def _get(node: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of ``key`` in a mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
    return None


def _path(node: yaml.Node, dotted: str) -> tuple[yaml.Node, yaml.Node] | None:
    found = None
    for part in dotted.split("."):
        found = _get(node, part)
        if found is None:
            return None
        node = found[1]
    return found


def _scalar(prefix: str, node: yaml.Node, dotted: str) -> list[Entry]:
    found = _path(node, dotted)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return []
    return [Entry(f"{prefix}.{dotted}", shown(found[1].value), found[0].start_mark.line + 1)]


def _id(node: yaml.Node) -> str:
    found = _get(node, "id")
    return found[1].value if found and isinstance(found[1], yaml.ScalarNode) else "?"


def entries_of(text: str) -> list[Entry]:
    """The lock's entries for a crisis.yml text; raises yaml.YAMLError when it cannot be read."""
    root = yaml.compose(text, Loader=StrictLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    found: list[Entry] = []
    banner = _get(root, "banner")
    if banner:
        for key in BANNER_KEYS:
            found += _scalar("banner", banner[1], key)
    regions = _get(root, "regions")
    for region in regions[1].value if regions and isinstance(regions[1], yaml.SequenceNode) else []:
        prefix = f"regions[{_id(region)}]"
        found += _scalar(prefix, region, "emergency")
        services = _get(region, "services")
        for service in services[1].value if services and isinstance(services[1], yaml.SequenceNode) else []:
            for key in SERVICE_KEYS:
                found += _scalar(f"{prefix}.services[{_id(service)}]", service, key)
    phrases = _get(root, "search_phrases")
    if phrases and isinstance(phrases[1], yaml.MappingNode):
        for language_key, items in phrases[1].value:
            if isinstance(items, yaml.SequenceNode):
                for item in items.value:
                    if isinstance(item, yaml.ScalarNode):
                        found.append(
                            Entry(f"search_phrases.{language_key.value}", shown(item.value), item.start_mark.line + 1)
                        )
    return found


def render(entries: list[Entry]) -> str:
    return HEADER + "".join(f"{e.text}\n" for e in entries)


def read_lock(text: str) -> list[Entry]:
    """The entries of a lock file, with their line in the lock."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition(" = ")
            entries.append(Entry(key.strip(), value, number))
    return entries


@dataclass(frozen=True)
class Difference:
    line: int  # in crisis.yml
    message: str


def differences(root: Path = ROOT) -> list[Difference]:
    """Each way crisis.yml differs from the reviewed lock, at its line in crisis.yml.

    An unreadable crisis.yml gives none: the data rule (DATA001) reports it."""
    crisis_path, lock_path = root / CRISIS, root / LOCK
    try:
        current = entries_of(read_text(crisis_path))
    except (OSError, DataError, yaml.YAMLError):
        return []
    if not lock_path.is_file():
        return [Difference(1, f"{LOCK} is missing: it holds the reviewed crisis numbers and phrases")]
    locked = read_lock(lock_path.read_text(encoding="utf-8"))
    now_texts = {e.text for e in current}
    locked_texts = {e.text for e in locked}
    added = [e for e in current if e.text not in locked_texts]
    removed = [e for e in locked if e.text not in now_texts]
    problems: list[Difference] = []
    for entry in added:
        before = [e for e in removed if e.key == entry.key and not e.key.startswith("search_phrases.")]
        if before:
            old = before[0]
            removed.remove(old)
            problems.append(
                Difference(
                    entry.line,
                    f"{entry.key} is '{entry.value}' here, but the reviewed lock says '{old.value}' "
                    f"({LOCK}:{old.line})",
                )
            )
        else:
            problems.append(Difference(entry.line, f"'{entry.text}' is new: it is not in the reviewed lock ({LOCK})"))
    for entry in removed:
        problems.append(
            Difference(
                _nearest_line(entry.key, current),
                f"'{entry.text}' ({LOCK}:{entry.line}) is no longer in crisis.yml",
            )
        )
    return sorted(problems, key=lambda d: d.line)


def _nearest_line(key: str, current: list[Entry]) -> int:
    """Where a removed entry was: the first current entry of the same service, region or list."""
    while key:
        same = [e.line for e in current if e.key.startswith(key)]
        if same:
            return min(same)
        key = key.rpartition(".")[0]
    return 1


def write(root: Path = ROOT) -> bool:
    """Rewrite the lock from crisis.yml; True when it changed."""
    path = root / LOCK
    new = render(entries_of(read_text(root / CRISIS)))
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.crisis_lock", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this one)")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
    args = parser.parse_args(argv)
    if args.check:
        found = differences(args.root)
        for difference in found:
            print(f"{CRISIS}:{difference.line}: {difference.message}. Fix: {FIX}.")
        return 1 if found else 0
    try:
        changed = write(args.root)
    except (OSError, DataError, yaml.YAMLError) as exc:
        print(f"{CRISIS}: cannot read it, so the lock was not written: {exc}", file=sys.stderr)
        return 1
    print(
        f"{LOCK}: {'rewritten: commit it with crisis.yml and ask ' + OWNERS + ' to review' if changed else 'up to date'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
