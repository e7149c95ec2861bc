"""The build scale test: the hub plus many generated pages, to see how build time grows."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path
from typing import Any

import yaml

from tools.bench.builds import timed_build
from tools.bench.runenv import log
from tools.site import copy_project, mkdocs_config
from tools.weight import weigh_site

SCALE_RUNS = 3
SECTION_SIZE = 20  # generated pages per nav section
CONFIG = "bench-scale.yml"


def _scale_page(n: int, term_id: str | None) -> str:
    term = f'{{{{ term("{term_id}") }}}}' if term_id else "a term"
    return f"""---
title: Scale test page {n}
description: A generated page for the build scale test in make bench. Page {n}.
sources_checked: 2026-11-21
review_due: 2027-11-21
clinical_review: pending
---

# Scale test page {n}

This page is made by `make bench` to time the build with many pages. It uses {term}
like a real page does, and links [home](../../../index.md).

## What this page is for

A short paragraph of plain text, so each page carries a realistic amount of words.
The build reads it, renders the Markdown, runs the macros and writes the HTML.
Search indexes it too, section by section.

- One point in a list.
- A second point, with **bold** text.
- A third point, with *emphasis*.

## A small table

| Option | How soon | Notes |
| --- | --- | --- |
| First | 2 to 4 weeks | A note on the first option. |
| Second | 1 to 2 weeks | A note on the second option. |

## Questions to ask

1. What does this page show?
2. How long does the build take with {n} pages?
"""


def make_scale_copy(source: Path, dest: Path, pages: int) -> Path:
    """A copy of ``source`` plus ``pages`` generated pages, in the nav, SECTION_SIZE to a section.

    The nav goes into bench-scale.yml, which inherits mkdocs.yml, so mkdocs.yml is read
    but never rewritten.
    """
    copy_project(dest, source)
    config = mkdocs_config(dest)
    try:
        glossary = yaml.safe_load((dest / "macros" / "data" / "glossary.yml").read_text(encoding="utf-8"))
        term_id = glossary["terms"][0]["id"]
    except (OSError, KeyError, IndexError, TypeError):
        term_id = None
    sections = []
    for first in range(1, pages + 1, SECTION_SIZE):
        group = f"group-{first // SECTION_SIZE + 1:03d}"
        entries = []
        for n in range(first, min(first + SECTION_SIZE, pages + 1)):
            path = dest / "docs" / "scale" / group / f"page-{n:04d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_scale_page(n, term_id), encoding="utf-8")
            entries.append({f"Page {n}": f"scale/{group}/page-{n:04d}.md"})
        sections.append({f"Group {group[-3:]}": entries})
    nav = [*config["nav"], {"Scale test": sections}]
    (dest / CONFIG).write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "nav": nav}, sort_keys=False), encoding="utf-8")
    return dest


def site_bytes(site: Path) -> dict[str, Any]:
    """The heaviest first view before search, and the first search, of a built site."""
    weights, index = weigh_site(site)
    worst = max(weights, key=lambda w: w.first_view)
    return {
        "pages": len(weights),
        "first_view_max": worst.first_view,
        "first_view_max_page": worst.page,
        "first_search_max": max(w.first_search for w in weights),
        "search_index": index,
    }


def scale_test(project: Path, work: Path, sizes: list[int], runs: int) -> dict[str, Any]:
    """Build ``project`` plus each number of generated pages ``runs`` times; medians and their
    ratio, and the bytes of the first view and the first search at each size."""
    scale: dict[str, list[float]] = {}
    sizes_bytes: dict[str, dict[str, Any]] = {}
    for n in sizes:
        copy = make_scale_copy(project, work / f"scale-{n}", n)
        scale[str(n)] = [round(timed_build(copy, work / f"scale-site-{n}", config=CONFIG), 2) for _ in range(runs)]
        sizes_bytes[str(n)] = site_bytes(work / f"scale-site-{n}")
        log(f"scale +{n} pages: {', '.join(map(str, scale[str(n)]))} s")
        shutil.rmtree(copy)
        shutil.rmtree(work / f"scale-site-{n}")
    medians = {n: statistics.median(v) for n, v in scale.items()}
    first, last = str(sizes[0]), str(sizes[-1])
    return {
        "runs_s": scale,
        "median_s": medians,
        "ratio": round(medians[last] / medians[first], 2),
        "ratio_of": f"{last}/{first}",
        "section_size": SECTION_SIZE,
        "ms_per_added_page": round(1000 * (medians[last] - medians[first]) / (sizes[-1] - sizes[0]), 1),
        "bytes": sizes_bytes,
    }
