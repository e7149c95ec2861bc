"""Treatment data reads as the writer meant it.

A YAML flow list splits on every comma, so ``[memory gaps, mostly around the treatment
period, headache]`` becomes three side effects, the second starting "mostly around...".
The card and the comparison table then show a qualifier as if it were a side effect of its
own. Such an item always starts with a lower-case qualifier word, so that is what we catch.
The fix is to quote the item: ``- "memory gaps, mostly around the treatment period"``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from macros import _data

# Words that qualify the item before them; an item never starts with one on purpose.
QUALIFIERS = (
    "mostly",
    "mainly",
    "usually",
    "often",
    "sometimes",
    "rarely",
    "occasionally",
    "especially",
    "particularly",
    "typically",
    "generally",
    "partly",
)
_STARTS_WITH_QUALIFIER = re.compile(rf"^(?:{'|'.join(QUALIFIERS)})\b")


def qualifier_items(treatments: list[dict]) -> list[str]:
    """Every side-effect item that starts with a lower-case qualifier, as 'id: item'."""
    return [
        f"{t['id']}: {item!r}"
        for t in treatments
        for item in t.get("side_effects", [])
        if _STARTS_WITH_QUALIFIER.match(str(item).strip())
    ]


def _treatments(text: str) -> list[dict]:
    return yaml.safe_load(text)["treatments"]


def test_no_side_effect_starts_with_a_qualifier() -> None:
    path = _data.DATA_DIR / "treatments.yml"
    found = qualifier_items(_treatments(path.read_text(encoding="utf-8")))
    assert not found, (
        f"{path}: these side effects start with a qualifier, so a comma in a YAML flow list "
        f"probably split one item in two: {', '.join(found)}. "
        'Quote the whole item, e.g. - "memory gaps, mostly around the treatment period"'
    )


@pytest.mark.parametrize(
    ("flow_list", "expected"),
    [
        ("[memory gaps, mostly around the treatment period, headache]", ["x: 'mostly around the treatment period'"]),
        ("[dizziness, usually mild]", ["x: 'usually mild'"]),
        ("[nausea, Rarely a seizure]", []),  # capitalised: a new sentence, not a split
        ('["memory gaps, mostly around the treatment period", headache]', []),
        ("[seizure (rare), oftentimes none]", []),  # whole words only
    ],
)
def test_a_split_flow_list_is_caught(flow_list: str, expected: list[str]) -> None:
    treatments = _treatments(f"treatments:\n  - id: x\n    side_effects: {flow_list}\n")
    assert qualifier_items(treatments) == expected


def test_the_rule_reads_the_real_file() -> None:
    # Guards against the test silently checking nothing (an empty or renamed file).
    treatments = _treatments((Path(_data.DATA_DIR) / "treatments.yml").read_text(encoding="utf-8"))
    assert sum(len(t.get("side_effects", [])) for t in treatments) > 10


def test_practical_tips_are_whole_sentences() -> None:
    """Issue 22: "[Ask about waiting times, cost and ...]" became a tip "Ask about waiting times"
    and a tip "cost and ...". A practical tip is a sentence: it ends with a full stop."""
    data = yaml.safe_load((_data.DATA_DIR / "treatments.yml").read_text(encoding="utf-8"))
    broken = [
        f"{t['id']}: {tip!r}"
        for t in data["treatments"]
        for tip in t.get("practical", [])
        if not tip.rstrip().endswith((".", ".)"))
    ]
    assert not broken, "practical tips split on a comma (quote them): " + "; ".join(broken)
