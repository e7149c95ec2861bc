"""The reader-query set (tests/browser/search_queries.yml) as tools/search.py reads it:
its shape is checked, and a mistake names the file and what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.search import HELDOUT_FILE, HELDOUT_FILES, KINDS, NEVER_TUNED_ON, QueriesError, load_heldout, load_queries


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "search_queries.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _file(**kinds: str) -> str:
    body = {kind: "  lithium: treatments/medication-strategies/\n" if kind == "names" else "" for kind in KINDS}
    body |= kinds
    return "".join(f"{kind}:\n{lines}" for kind, lines in body.items())


def test_the_sets_are_big_enough_and_share_no_query() -> None:
    # Issue 23: at least 150 reader queries, at least 110 to tune on and 40 held out.
    # No held-out round may share a query with the tuning set (a query tuned on is not held out).
    tuning, held = load_queries(), load_heldout()
    assert len(tuning) >= 110 and len(load_queries(HELDOUT_FILE)) >= 40 and len(tuning) + len(held) >= 150
    shared = {q.query.lower() for q in tuning} & {q.query.lower() for q in held}
    assert not shared, f"{len(shared)} queries in both the tuning set and a held-out round: drop them from the tuning set"


def test_the_rounds_never_tuned_on_are_measured_rounds_of_at_least_40_queries() -> None:
    # make bench prints them apart (issue 23: >= 40 held out, >= 95 %); each must be a measured
    # round (the held-out floor test runs HELDOUT_FILES), and each says it was written blind.
    assert NEVER_TUNED_ON and set(NEVER_TUNED_ON) <= set(HELDOUT_FILES), "NEVER_TUNED_ON names a file not measured"
    assert len(load_heldout(NEVER_TUNED_ON)) >= 40
    for path in NEVER_TUNED_ON:
        assert "Written BEFORE it was ever measured" in path.read_text(encoding="utf-8").split("\nnames:")[0], path.name


def test_the_held_out_set_says_how_it_is_kept_honest() -> None:
    header = HELDOUT_FILE.read_text(encoding="utf-8").split("\nnames:")[0]
    assert "BEFORE looking at any search results" in header and "only ever" in header and "Never tune" in header


def test_the_real_set_loads_kind_by_kind() -> None:
    queries = load_queries()
    assert [q.kind for q in queries] == sorted((q.kind for q in queries), key=KINDS.index)
    assert all(q.page == "" or q.page.endswith("/") for q in queries)


def test_a_query_listed_twice_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _file(names="  ect: treatments/ect/\n  ect: faq/\n"))
    with pytest.raises(QueriesError, match=r"search_queries.yml: line 3: 'ect' is listed twice"):
        load_queries(path)


def test_the_same_query_in_two_kinds_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _file(worries="  Lithium: faq/\n"))
    with pytest.raises(QueriesError, match="'lithium' is listed twice"):
        load_queries(path)


def test_a_page_must_be_a_built_url(tmp_path: Path) -> None:
    path = _write(tmp_path, _file(questions="  is ect safe: treatments/ect.md\n"))
    with pytest.raises(QueriesError, match=r"questions: 'is ect safe': give the page's URL as built"):
        load_queries(path)


def test_an_unknown_kind_lists_the_kinds(tmp_path: Path) -> None:
    path = _write(tmp_path, _file() + "other:\n  x: faq/\n")
    with pytest.raises(QueriesError, match="the top level must be exactly these kinds: names, misspellings"):
        load_queries(path)
