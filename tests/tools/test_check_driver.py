"""The pieces of `make check` (python -m tools.check), each on small inputs:

- ``tools.buildlog``: what MkDocs says in its own words becomes file:line problems;
- ``tools.sitelinks``: the built site's links, anchors and images, found by LinkChecker itself
  (the same small sites as tests/tools/test_linkcheck.py), 404 page included;
- ``tools.urls``: the published URL list;
- the driver: one sorted list, duplicates once, and CONTRIBUTING.md lists exactly its rules.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools import check, urls
from tools.buildlog import BuildLog
from tools.checker.core import Problem
from tools.site import ROOT
from tools.sitelinks import check_site

FAQ = (
    "---\ntitle: FAQ\n---\n\n# FAQ\n\nSee [the list](no-such.md) and [help](get-help-now.md#nope).\n\n"
    "![A chart](chart.png)\n\nA [trap](javascript:alert(1)).\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/faq.md").write_text(FAQ, encoding="utf-8")
    (tmp_path / "docs/get-help-now.md").write_text("# Help\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nnav:\n  - FAQ: faq.md\n  - Help: get-help-now.md\n", encoding="utf-8"
    )
    return tmp_path


BUILD_LINES = {
    "WARNING -  Doc file 'faq.md' contains a link 'no-such.md', but the target is not found among documentation files.": (
        "docs/faq.md",
        7,
        "LINK001",
    ),
    "WARNING -  Doc file 'faq.md' contains a link 'get-help-now.md#nope', but the doc 'get-help-now.md' does not contain an anchor '#nope'.": (
        "docs/faq.md",
        7,
        "LINK002",
    ),
    "WARNING -  Doc file 'faq.md' contains a link 'chart.png', but the target is not found among documentation files.": (
        "docs/faq.md",
        9,
        "LINK003",
    ),
    "ERROR   -  docs/faq.md:7: MACRO001: unknown source 'x' in cite('x'). Fix: Use an id from macros/data/.": (
        "docs/faq.md",
        7,
        "MACRO001",
    ),
    "WARNING -  A reference to 'vsn.md' is included in the 'nav' configuration, which is not found in the documentation files.": (
        "mkdocs.yml",
        1,
        "ST006",
    ),
    # The rendered-HTML policy (tools/mkdocs_hooks.py) names the source page and the element.
    'ERROR   -  docs/faq.md: <a href="javascript:alert(1)">: SEC103 script-url: href= holds a javascript: address. Fix: Link to a page.': (
        "docs/faq.md",
        11,
        "SEC103",
    ),
    "WARNING -  Something new that nobody has seen before.": ("mkdocs.yml", 1, "BUILD000"),
}


@pytest.mark.parametrize("line", BUILD_LINES, ids=[v[2] for v in BUILD_LINES.values()])
def test_build_output_becomes_a_problem_at_the_markdown_line(line: str, project: Path) -> None:
    [found] = BuildLog(project).problems(f"INFO    -  Building\n{line}\nAborted with 1 warnings in strict mode!\n")
    assert (found.path, found.line, found.rule) == BUILD_LINES[line]
    assert found.message and found.fix


def test_yaml_error_in_mkdocs_yml_names_its_line(project: Path) -> None:
    output = (
        "Error: MkDocs encountered an error parsing the configuration file: while parsing a block mapping\n"
        '  in "mkdocs.yml", line 3, column 7\nexpected <block end>, but found \'-\'\n  in "mkdocs.yml", line 4, column 7\n'
    )
    [found] = BuildLog(project).problems(output)
    assert (found.path, found.line, found.rule) == ("mkdocs.yml", 4, "CONF001")
    assert "expected <block end>" in found.message


def test_macros_plugin_error_block_gets_the_line_in_the_file(project: Path) -> None:
    block = (
        "WARNING -  [macros] - ERROR # _Macro Rendering Error_\n\n_File_: `faq.md`\n\n"
        "_UndefinedError_: 'dict object' has no attribute 'x'\n\n```\nTraceback (most recent call last):\n"
        '  File "<template>", line 3, in top-level template code\n```\n'
    )
    [found] = BuildLog(project).problems(block)
    assert (found.path, found.line, found.rule) == ("docs/faq.md", 3 + 4, "MACRO004")  # 4 lines of front matter


# ── The built site's links ──────────────────────────────────────────────────
GOOD = '<html><body><h1 id="top">Top</h1><a href="other.html#part">other</a></body></html>'
OTHER = '<html><body><h2 id="part">Part</h2><a href="index.html#top">back</a> <a href="tel:988">Call</a></body></html>'


def _site(tmp_path: Path, index: str) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(index, encoding="utf-8")
    (site / "other.html").write_text(OTHER, encoding="utf-8")
    return site


# Each case is a folder of its own (its index.html and other.html, every link relative) in ONE
# small site, so LinkChecker runs once for all of them; a problem names its page, so its folder.
BROKEN = {
    "broken-anchor": (GOOD.replace("#part", "#missing"), "LINK002"),
    "broken-link": (GOOD.replace("other.html", "gone.html"), "LINK001"),
    "missing-image": (GOOD + '<img src="chart.png" alt="">', "LINK003"),
    "a-name-anchor": (GOOD + '<a name="old"></a><a href="#old">ok</a><a href="#nope">x</a>', "LINK002"),
    "missing-stylesheet": (GOOD + '<link rel="stylesheet" href="assets/gone.css">', "LINK001"),
}
CASES = {"clean": GOOD, **{case: index for case, (index, _) in BROKEN.items()}}
SITELINKS = pytest.mark.xdist_group("check-driver-sitelinks")


@pytest.fixture(scope="module")
def found_by_case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Problem]]:
    """check_site's problems on the site of every case, by case folder (one LinkChecker run)."""
    base = tmp_path_factory.mktemp("sitelinks")
    site = base / "site"
    for case, index in CASES.items():
        (site / case).mkdir(parents=True)
        (site / case / "index.html").write_text(index, encoding="utf-8")
        (site / case / "other.html").write_text(OTHER, encoding="utf-8")
    found: dict[str, list[Problem]] = {}
    for problem in check_site(site, base):
        found.setdefault(problem.path.split("/")[0], []).append(problem)
    return found


@SITELINKS
def test_clean_site_passes(found_by_case: dict[str, list[Problem]]) -> None:
    assert found_by_case.get("clean", []) == []
    assert set(found_by_case) <= set(BROKEN), f"problems outside the planted cases: {found_by_case}"


@SITELINKS
@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_broken_anchor_link_or_image_is_found(case: str, found_by_case: dict[str, list[Problem]]) -> None:
    found = found_by_case.get(case, [])
    assert [p.rule for p in found] == [BROKEN[case][1]], f"{case}: {found}"
    assert found[0].path == f"{case}/index.html"


def test_404_page_and_folder_urls_are_checked_as_ci_checks_them(tmp_path: Path) -> None:
    site = _site(tmp_path, GOOD)
    (site / "faq").mkdir()
    (site / "faq/index.html").write_text(
        '<a href="../other.html#part">ok</a> <a href="../faq/">folder</a>', encoding="utf-8"
    )
    (site / "404.html").write_text('<a href="/faq/">ok</a> <a href="/gone/">broken</a>', encoding="utf-8")
    [found] = check_site(site, tmp_path)
    assert (found.rule, found.path) == ("LINK001", "overrides/main.html") and "404.html" in found.message


def test_broken_link_on_a_page_points_at_the_markdown_line(project: Path) -> None:
    site = project / "site"
    (site / "faq").mkdir(parents=True)
    (site / "faq/index.html").write_text('<p>See <a href="no-such.md">the list</a></p>', encoding="utf-8")
    [found] = check_site(site, project)
    assert (found.path, found.line, found.rule) == ("docs/faq.md", 7, "LINK001")


# ── Published URLs ──────────────────────────────────────────────────────────
def test_url_of_a_docs_file() -> None:
    assert [urls.url_of(p) for p in ("index.md", "faq.md", "about/index.md", "treatments/ect.md")] == [
        "/",
        "/faq/",
        "/about/",
        "/treatments/ect/",
    ]


def test_make_urls_adds_and_never_removes(project: Path) -> None:
    (project / urls.LIST).write_text("/old-page/\n", encoding="utf-8")
    assert urls.update(project) == ["/faq/", "/get-help-now/"]
    listed = [u for _, u in urls.read_list(project)]
    assert listed == ["/faq/", "/get-help-now/", "/old-page/"]


def test_every_published_url_of_the_real_hub_is_listed() -> None:
    listed = {u for _, u in urls.read_list(ROOT)}
    from tools.site import mkdocs_config

    missing = [urls.url_of(p) for p in urls.nav_pages(mkdocs_config(ROOT)) if urls.url_of(p) not in listed]
    assert not missing, f"run make urls: {missing}"


# ── The driver ──────────────────────────────────────────────────────────────
def test_the_same_mistake_from_two_steps_is_listed_once() -> None:
    a = Problem("docs/faq.md", 7, "from the checker", "fix", rule="FM003")
    b = Problem("docs/faq.md", 7, "from the build", "fix", rule="FM003")
    c = Problem("docs/faq.md", 7, "a link", "fix", rule="LINK001")
    assert check.dedupe({"checker": [a], "build": [b, c]}) == [a, c]


def test_two_problems_from_one_step_on_one_line_are_both_listed() -> None:
    """Two avoided phrases on one line, three budgets of one page: distinct problems, all listed."""
    a = Problem("docs/faq.md", 7, "avoid 'committed suicide'", "fix", rule="LANG001")
    b = Problem("docs/faq.md", 7, "avoid 'shock therapy'", "fix", rule="LANG001")
    assert check.dedupe({"checker": [a, b], "build": []}) == [a, b]


def test_root_causes_print_first() -> None:
    link = Problem("docs/get-help-now.md", 86, "no anchor '#united-states'", "fix", rule="LINK002")
    data = Problem("macros/data/crisis.yml", 40, "bad entry", "fix", rule="DATA002")
    roots, rest = check.ordered([link, data])
    assert roots == [data] and rest == [link]


def test_contributing_lists_exactly_what_make_check_checks() -> None:
    text = (ROOT / check.CONTRIBUTING).read_text(encoding="utf-8")
    start, end = text.index(check.BEGIN), text.index(check.END) + len(check.END)
    assert text[start:end] == check.contributing_block(), "run: python -m tools.check --write-contributing"


def test_a_new_step_is_one_line() -> None:
    """G's rendered-HTML policy will be `"policy": command("policy", "-m", "tools.policy", "{site}")`."""
    step = check.command("policy", "-c", "print('docs/faq.md:3: ERROR POL001: an inline script. Fix: remove it.')")
    run = check.Run(ROOT)
    run.site_ready = True
    [found] = step(run)
    assert (found.path, found.line, found.rule, found.fix) == ("docs/faq.md", 3, "POL001", "remove it.")


# ── Root causes first, consequences folded ──────────────────────────────────
def test_a_nav_typo_is_one_line_with_its_consequences_folded_in() -> None:
    typo = Problem(
        "mkdocs.yml",
        244,
        "The menu (nav) lists 'treatments/ectt.md', but docs/treatments/ectt.md does not exist",
        "Did you mean 'treatments/ect.md'? Correct the path",
        rule="ST006",
    )
    menu_links = [
        Problem(
            f"docs/{p}.md",
            1,
            "The link '../treatments/ectt.md' is broken: no page at /treatments/ectt.md",
            "f",
            rule="LINK001",
        )
        for p in ("faq", "glossary", "index")
    ]
    outside = Problem("docs/treatments/ect.md", 1, "This page is not in the site menu", "f", rule="ST005")
    other = Problem("docs/faq.md", 9, "The link 'x.md' is broken: no page at /x.md", "f", rule="LINK001")
    roots, rest = check.ordered([*menu_links, outside, other, typo])
    assert [r.rule for r in roots] == ["ST006"] and "broken on 3 pages" in roots[0].message
    assert rest == [other], "an unrelated broken link is still listed"


def test_a_nav_typo_is_not_told_to_run_make_urls(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: x\nnav:\n  - FAQ: faq.md\n  - Help: get-help-noww.md\n", encoding="utf-8"
    )
    assert urls.update(project) == ["/faq/"], "make urls publishes only pages that exist"
    site = project / "site"
    (site / "faq").mkdir(parents=True)
    (site / "faq/index.html").write_text("ok", encoding="utf-8")
    assert [p.rule for p in urls.check(site, project)] == []


def test_a_url_deleted_from_the_list_by_hand_fails(project: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    urls.update(project)
    git("init", "-q", "-b", "main")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qam", "x", "--allow-empty")
    git("add", ".")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "list")
    listed = (project / urls.LIST).read_text(encoding="utf-8")
    (project / urls.LIST).write_text(listed.replace("/get-help-now/\n", ""), encoding="utf-8")
    site = project / "site"
    for page in ("faq", "get-help-now"):
        (site / page).mkdir(parents=True)
        (site / page / "index.html").write_text("ok", encoding="utf-8")
    found = [p for p in urls.check(site, project) if p.rule == "URL003"]
    assert len(found) == 1 and "/get-help-now/" in found[0].message


def test_a_hand_edit_of_the_generated_rule_table_is_named_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "CONTRIBUTING.md").write_text(
        (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").replace("| FM001 |", "| FM001 (edited) |"),
        encoding="utf-8",
    )
    [found] = check.generated(check.Run(tmp_path))
    edited = (tmp_path / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()
    assert found.rule == "GEN001" and "FM001 (edited)" in edited[found.line - 1]
    assert check.generated(check.Run(ROOT)) == []


def test_links_a_data_mistake_breaks_fold_into_it_and_others_stay(tmp_path: Path) -> None:
    """Broken data leaves every macro empty: the anchors its output held break (folded into the
    data's line). An anchor on a page with no macro cannot follow from it: it stays listed."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/get-help-now.md").write_text('{{ crisis_lines("us") }}\n', encoding="utf-8")
    (tmp_path / "docs/faq.md").write_text("# FAQ\n", encoding="utf-8")
    data = Problem("macros/data/glossary.yml", 91, "not valid YAML", "fix", rule="DATA001")
    macro_anchor = Problem(
        "docs/988.md", 115, "docs/get-help-now.md has no heading or id '#countries'", "fix", rule="LINK002"
    )
    mark = Problem("docs/get-help-now.md", 1, "The link '<mark class=\"trd-build-error\">...'", "fix", rule="LK003")
    typo = Problem("docs/index.md", 9, "docs/faq.md has no heading or id '#typo'", "fix", rule="LINK002")
    roots, rest = check.ordered([macro_anchor, mark, typo, data], tmp_path)
    assert [r.message for r in roots] == [
        "not valid YAML (so every page is built without its macros' output, which breaks 2 links on 2 pages until "
        "it is fixed)"
    ]
    assert rest == [typo]
