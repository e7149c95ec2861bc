"""Macros without a full build: a small fake ``env`` registers them, tests call them.

Covers each macro's output and every error path; schemas with broken data; escaping;
and a rendered-page test that one data change shows everywhere it is used.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

import macros
from macros import _data
from macros._registry import MACROS, MacroError, run_page_hooks
from macros.crisis import banner_context
from tests.conftest import ROOT


class FakeEnv:
    """Just enough of mkdocs-macros' env: .macro(), .macros, .conf and .page."""

    def __init__(self, page: str | None = "treatments/esketamine.md") -> None:
        self.macros: dict = {}
        self.conf = {"extra": {}, "docs_dir": str(ROOT / "docs")}
        self.page = None
        self.set_page(page)

    def macro(self, func):
        self.macros[func.__name__] = func
        return func

    def set_page(self, src: str | None) -> None:
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri=src), meta={}) if src else None
        if self.page:
            run_page_hooks("pre", self)


@pytest.fixture
def env() -> FakeEnv:
    fake = FakeEnv()
    macros.define_env(fake)
    fake.set_page("treatments/esketamine.md")
    return fake


DATA = _data.load()


# ── Registration and the reference page ──────────────────────────────────────
def test_every_macro_has_a_docstring_with_an_example(env: FakeEnv) -> None:
    for name, func in env.macros.items():
        first = (func.__doc__ or "").strip().splitlines()[0]
        assert "{{ " + name in first, f"{name}: the docstring's first line needs a usage example"


def test_macro_reference_lists_every_macro(env: FakeEnv) -> None:
    reference = env.macros["macro_reference"]()
    for name in env.macros:
        assert f"## `{name}`" in reference
    assert set(MACROS) >= set(env.macros)


# ── Crisis ───────────────────────────────────────────────────────────────────
def test_crisis_lines_render_every_region_with_dialable_links(env: FakeEnv) -> None:
    out = env.macros["crisis_lines"]()
    for region in DATA.crisis.regions:
        assert f"## {region.name}" in out
        assert f"(tel:{re.sub(r'[^0-9+]', '', region.emergency)})" in out
    assert "(tel:988)" in out and "(sms:988)" in out
    assert "(sms:741741?&body=HOME)" in out


def test_crisis_lines_for_one_region(env: FakeEnv) -> None:
    out = env.macros["crisis_lines"]("uk", level=3)
    assert out.startswith("### United Kingdom") and "#### Samaritans" in out and "United States" not in out


def test_crisis_lines_unknown_region_suggests_close_ids(env: FakeEnv) -> None:
    with pytest.raises(
        MacroError, match=r"docs/treatments/esketamine.md: unknown crisis region 'ukk'.*Did you mean 'uk'"
    ):
        env.macros["crisis_lines"]("ukk")


def test_crisis_lines_wrong_level_type_says_what_is_expected(env: FakeEnv) -> None:
    with pytest.raises(MacroError, match=r"'level' should be int, got str"):
        env.macros["crisis_lines"]("us", level="3")
    with pytest.raises(MacroError, match=r"level must be 2 to 5"):
        env.macros["crisis_lines"]("us", level=9)


def test_crisis_callout_links_to_crisis_page_relative_to_the_page(env: FakeEnv) -> None:
    out = env.macros["crisis_callout"]()
    assert out.startswith('!!! danger "Need help now?"')
    assert "(../get-help-now.md)" in out and "(tel:988)" in out and "(sms:988)" in out and "(tel:911)" in out


def test_crisis_number_and_urgent_signs(env: FakeEnv) -> None:
    banner = DATA.crisis.banner
    service = next(s for s in DATA.region(banner.region).services if s.id == banner.service)
    assert env.macros["crisis_number"]("call") == service.call
    with pytest.raises(MacroError, match="Did you mean 'call'"):
        env.macros["crisis_number"]("cal")
    banner = banner_context(DATA)
    assert env.macros["crisis_href"]("text") == banner["text_href"]
    assert env.macros["crisis_href"]("emergency") == banner["emergency_href"]
    with pytest.raises(MacroError, match="Did you mean 'text'"):
        env.macros["crisis_href"]("txt")
    signs = env.macros["urgent_signs"]()
    assert signs.count("\n- ") + 1 == len(DATA.crisis.urgent_without_suicidal_thoughts)


# ── Citations ────────────────────────────────────────────────────────────────
def test_cite_numbers_sources_per_page_in_first_use_order(env: FakeEnv) -> None:
    cite = env.macros["cite"]
    assert "[1](#ref-rush-2006" in cite("rush-2006")
    second = cite("pigott-2023", "rush-2006")
    assert "[1](#ref-rush-2006" in second and "[2](#ref-pigott-2023" in second
    refs = env.macros["references"]()
    assert refs.index('id="ref-rush-2006"') < refs.index('id="ref-pigott-2023"')
    assert "https://doi.org/10.1176/ajp.2006.163.11.1905" in refs
    env.set_page("faq.md")  # a new page starts again at 1
    assert "[1](#ref-pigott-2023" in cite("pigott-2023")


def test_cite_unknown_source_names_page_and_close_ids(env: FakeEnv) -> None:
    with pytest.raises(MacroError, match=r"docs/treatments/esketamine.md: unknown source 'rush-2007'.*'rush-2006'"):
        env.macros["cite"]("rush-2007")


def test_cite_errors(env: FakeEnv) -> None:
    with pytest.raises(MacroError, match="needs at least one source id"):
        env.macros["cite"]()
    with pytest.raises(MacroError, match="expects a source id as text"):
        env.macros["cite"](2006)


def test_references_without_citations_fails(env: FakeEnv) -> None:
    with pytest.raises(MacroError, match="cites nothing"):
        env.macros["references"]()


def test_citing_without_a_reference_list_fails_at_page_end(env: FakeEnv) -> None:
    env.macros["cite"]("rush-2006")
    with pytest.raises(MacroError, match=r"has no reference list.*references\(\)"):
        run_page_hooks("post", env)


def test_cite_after_references_fails(env: FakeEnv) -> None:
    env.macros["cite"]("rush-2006")
    env.macros["references"]()
    with pytest.raises(MacroError, match="after references"):
        env.macros["cite"]("pigott-2023")


# ── Treatments ───────────────────────────────────────────────────────────────
def test_treatment_card_shows_data_and_cites_sources(env: FakeEnv) -> None:
    card = env.macros["treatment_card"]("esketamine")
    t = DATA.treatments["esketamine"]
    assert 'class="treatment-card" markdown' in card
    assert t.status in card and "Spravato" in card
    for source in t.sources:
        assert f"#ref-{source}" in card


def test_treatment_card_unknown_id(env: FakeEnv) -> None:
    with pytest.raises(MacroError, match=r"unknown treatment 'esketamin'.*Did you mean 'esketamine'"):
        env.macros["treatment_card"]("esketamin")


def test_treatment_table_by_category_has_header_and_links(env: FakeEnv) -> None:
    table = env.macros["treatment_table"](category="interventional", columns=["schedule", "onset"])
    lines = table.strip().splitlines()
    assert lines[0] == "| Treatment | Typical schedule | How soon it may help |"
    interventional = [t for t in DATA.treatments.values() if t.category == "interventional"]
    assert len(lines) == 2 + len(interventional)
    assert "[IV ketamine](iv-ketamine.md)" in table


def test_treatment_table_by_ids_keeps_order(env: FakeEnv) -> None:
    table = env.macros["treatment_table"](ids=["ect", "rtms"])
    assert table.index("Electroconvulsive") < table.index("magnetic stimulation")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "either ids"),
        ({"ids": ["ect"], "category": "interventional"}, "either ids"),
        ({"ids": "ect"}, "'ids' should be list"),
        ({"category": "brain"}, "unknown treatment category 'brain'"),
        ({"category": "interventional", "columns": ["cost"]}, "unknown table column 'cost'"),
        ({"category": "interventional", "columns": "onset"}, "'columns' should be list"),
        ({"ids": ["ect", "tms"]}, "unknown treatment 'tms'"),
    ],
)
def test_treatment_table_argument_errors(env: FakeEnv, kwargs: dict, message: str) -> None:
    with pytest.raises(MacroError, match=re.escape(message)):
        env.macros["treatment_table"](**kwargs)


def test_treatment_fact(env: FakeEnv) -> None:
    assert env.macros["treatment_fact"]("rtms", "status") == DATA.treatments["rtms"].status
    with pytest.raises(MacroError, match="unknown treatment field 'price'"):
        env.macros["treatment_fact"]("rtms", "price")


# ── Glossary and safety notes ────────────────────────────────────────────────
def test_term_links_to_glossary_with_definition_tooltip(env: FakeEnv) -> None:
    out = env.macros["term"]("remission")
    assert out.startswith("[remission](../glossary.md#remission ")
    assert DATA.glossary["remission"].definition in out
    assert env.macros["term"]("phq-9").startswith("[PHQ-9]")
    assert env.macros["term"]("rtms", "TMS").startswith("[TMS]")


def test_term_errors(env: FakeEnv) -> None:
    with pytest.raises(MacroError, match="Did you mean 'remission'"):
        env.macros["term"]("remision")
    with pytest.raises(MacroError, match="'label' should be str"):
        env.macros["term"]("remission", 3)


def test_glossary_lists_every_term_with_its_anchor(env: FakeEnv) -> None:
    out = env.macros["glossary"]()
    for entry in DATA.glossary.values():
        assert f"{{ #{entry.id} }}" in out


def test_safety_note(env: FakeEnv) -> None:
    assert env.macros["safety_note"]("medication-changes").startswith('!!! warning "Talk to your prescriber')
    with pytest.raises(MacroError, match="unknown safety note"):
        env.macros["safety_note"]("driving")


def test_phq9_bands_table_from_data(env: FakeEnv) -> None:
    table = env.macros["phq9_bands"]()
    assert table.splitlines()[0] == "| Score | Severity | What it can mean |"
    for band in DATA.phq9.bands:
        assert f"| {band.min}–{band.max} | {band.label} |" in table


# ── Search aliases ───────────────────────────────────────────────────────────
def test_search_tags_carry_brand_generic_and_lay_names(env: FakeEnv) -> None:
    env.set_page("treatments/ect.md")
    assert "shock therapy" in env.page.meta["tags"]
    env.set_page("treatments/esketamine.md")
    assert {"Spravato", "esketamine"} <= set(env.page.meta["tags"])


def test_search_terms_front_matter_must_be_a_list(env: FakeEnv) -> None:
    env.page.meta["search_terms"] = "thyroid"
    with pytest.raises(MacroError, match="must be a list"):
        run_page_hooks("pre", env)


# ── Escaping ─────────────────────────────────────────────────────────────────
def test_data_is_escaped_into_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(_data.DATA_DIR, data_dir)
    glossary = yaml.safe_load((data_dir / "glossary.yml").read_text(encoding="utf-8"))
    glossary["terms"][0]["definition"] = "<script>alert(1)</script> [x](javascript:alert(1))"
    (data_dir / "glossary.yml").write_text(yaml.safe_dump(glossary), encoding="utf-8")
    monkeypatch.setattr(_data, "DATA_DIR", data_dir)
    fake = FakeEnv()
    macros.define_env(fake)
    out = fake.macros["glossary"]() + fake.macros["term"](glossary["terms"][0]["id"])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "[x](javascript" not in out
