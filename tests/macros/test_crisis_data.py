"""Crisis data that cannot break the page, and the pages built from it.

- The banner's service is a crisis line by its data (crisis, free, always_open, call and
  text); a banner pointed anywhere else stops the load with one line naming crisis.yml,
  the field and the fix, instead of a KeyError in the theme.
- Every crisis line says whether it is free and always open, and where and when it was
  checked; a line checked only on other websites must tell readers so.
- The PHQ-9 suicide item is marked by a flag on exactly one item, and ids are unique.
- The directory, youth list, crisis_link and safety plan render from data; the built
  Spanish page is marked lang="es", and the safety plan has no way to send anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup

from macros import _data, crisis, models, phq9
from macros.adapters.mkdocs_macros import Adapter
from macros.catalogue import MACROS
from macros.errors import MacroError
from tests.conftest import ROOT, Page
from tests.macros.conftest import page_at
from tools.site import build

DATA = _data.load(_data.DATA_DIR, ROOT / "docs")


# ── Helpers ──────────────────────────────────────────────────────────────────
def _edit(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / name
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(content)
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")

    return apply


def _service(content: dict, service_id: str) -> dict:
    return next(s for r in content["regions"] for s in r["services"] if s["id"] == service_id)


def _item(content: dict, item_id: str) -> dict:
    return next(i for i in content["items"] if i["id"] == item_id)


def _load_broken(tmp_path: Path, break_it: Callable[[Path], None]) -> str:
    data_dir = tmp_path / "data"
    shutil.copytree(_data.DATA_DIR, data_dir)
    break_it(data_dir)
    with pytest.raises(_data.DataError) as caught:
        _data.load.__wrapped__(data_dir, ROOT / "docs")
    return str(caught.value)


def _assert_all(message: str, patterns: list[str]) -> None:
    for pattern in patterns:
        assert re.search(pattern, message), f"{pattern!r} not in:\n{message}"


class Macros:
    """Every catalogue macro, called as a page render would call it: ``data`` and the page's context."""

    def __init__(self, src_uri: str = "get-help-now.md", data: _data.Data = DATA) -> None:
        self.data = data
        self.set_page(src_uri)

    def set_page(self, src_uri: str) -> None:
        page = page_at(src_uri)
        self.macros = {name: functools.partial(func, self.data, page) for name, func in MACROS.items()}


@pytest.fixture
def env() -> Macros:
    return Macros()


# ── The banner's service is a crisis line by its data ──────────────────────────
BAD_BANNERS = {
    "service-without-call": (
        _edit("crisis.yml", lambda c: c["banner"].update(service="crisis-text-line")),
        [r"'crisis-text-line' cannot be the banner's service", r"a call: line"],
    ),
    "service-without-text": (
        # The case that used to pass the checker and kill the build with KeyError: 'text'.
        _edit("crisis.yml", lambda c: _service(c, "lifeline-988").pop("text")),
        [r"'lifeline-988' cannot be the banner's service", r"a text: line \(the banner's Text button\)"],
    ),
    "support-line-not-crisis-not-24-7": (
        _edit("crisis.yml", lambda c: c["banner"].update(service="nami-helpline")),
        [r"crisis: true", r"always_open: true \(the banner says 24/7\)"],
    ),
    "service-that-charges": (
        _edit(
            "crisis.yml",
            lambda c: _service(c, "lifeline-988").update(free=False, cost_note="Calls cost 10 cents a minute."),
        ),
        [r"free: true \(the banner says free\)"],
    ),
    "service-not-always-open": (
        _edit(
            "crisis.yml",
            lambda c: _service(c, "lifeline-988").update(always_open=False, hours="Monday to Friday, 9 to 5"),
        ),
        [r"always_open: true"],
    ),
}


@pytest.mark.parametrize("case", BAD_BANNERS, ids=list(BAD_BANNERS))
def test_banner_service_must_be_a_free_24_7_crisis_line_with_call_and_text(case: str, tmp_path: Path) -> None:
    break_it, expected = BAD_BANNERS[case]
    message = _load_broken(tmp_path, break_it)
    assert len(message.splitlines()) == 1, f"expected one line, got:\n{message}"
    _assert_all(
        message,
        [
            r"^macros/data/crisis\.yml: |crisis\.yml: ",
            r"banner, field 'service'",
            r"Fix: point banner\.service at a free, 24/7 crisis line with call and text",
            *expected,
        ],
    )


def test_banner_fix_names_the_services_that_would_do(tmp_path: Path) -> None:
    message = _load_broken(tmp_path, BAD_BANNERS["service-without-call"][0])
    assert "(in region 'us': lifeline-988, lifeline-spanish, veterans-crisis-line, trevor-project)" in message


def test_real_banner_service_qualifies_and_its_note_comes_from_the_booleans() -> None:
    region, service = DATA.crisis.service(DATA.crisis.banner.service)
    assert region.id == DATA.crisis.banner.region
    assert models.banner_gaps(service) == []
    assert DATA.crisis.banner_note == "free, 24/7"
    assert service.model_copy(update={"always_open": False}).availability == "free"


@pytest.mark.slow
def test_banner_without_text_fails_the_build_naming_crisis_yml_not_keyerror(project_copy, tmp_path: Path) -> None:
    project = project_copy()
    BAD_BANNERS["service-without-text"][0](project / "macros/data")
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "macros/data/crisis.yml: DATA001: banner, field 'service'" in output
    assert "KeyError" not in output


# ── Every line says if it is free and open, and where it was checked ────────────
BROKEN_LINES = {
    "free-missing": (
        _edit("crisis.yml", lambda c: _service(c, "shout").pop("free")),
        [r"\(id 'shout'\)", r"field 'free'", r"Field required"],
    ),
    "always-open-missing": (
        _edit("crisis.yml", lambda c: _service(c, "shout").pop("always_open")),
        [r"\(id 'shout'\)", r"field 'always_open'", r"Field required"],
    ),
    "checked-against-missing": (
        _edit("crisis.yml", lambda c: _service(c, "shout").pop("checked_against")),
        [r"\(id 'shout'\)", r"field 'checked_against'", r"Field required"],
    ),
    "checked-against-empty": (
        _edit("crisis.yml", lambda c: _service(c, "shout").update(checked_against=[])),
        [r"\(id 'shout'\)", r"field 'checked_against'", r"at least 1 item"],
    ),
    "always-open-but-weekday-hours": (
        _edit("crisis.yml", lambda c: _service(c, "shout").update(hours="Weekdays, 9 to 5")),
        [r"\(id 'shout'\)", r"always_open is true, so 'hours' must say so"],
    ),
    "hours-say-24-7-but-not-always-open": (
        _edit("crisis.yml", lambda c: _service(c, "nami-helpline").update(hours="24 hours a day, 7 days a week")),
        [r"\(id 'nami-helpline'\)", r"always_open is false"],
    ),
    "not-free-without-cost-note": (
        _edit("crisis.yml", lambda c: _service(c, "shout").update(free=False)),
        [r"\(id 'shout'\)", r"add cost_note"],
    ),
    "only-other-websites-without-telling-readers": (
        _edit("crisis.yml", lambda c: _service(c, "trevor-project").pop("unconfirmed")),
        [r"\(id 'trevor-project'\)", r"no page in checked_against is the service's own", r"add unconfirmed:"],
    ),
    "press-without-call": (
        _edit("crisis.yml", lambda c: _service(c, "shout").update(press="2")),
        [r"\(id 'shout'\)", r"'press' is the key to press on a call"],
    ),
}


@pytest.mark.parametrize("case", BROKEN_LINES, ids=list(BROKEN_LINES))
def test_broken_crisis_line_names_file_entry_and_field(case: str, tmp_path: Path) -> None:
    break_it, expected = BROKEN_LINES[case]
    message = _load_broken(tmp_path, break_it)
    _assert_all(message, [r"crisis\.yml", *expected])


def test_every_line_was_checked_and_says_so_honestly() -> None:
    for region in DATA.crisis.regions:
        for service in region.services:
            assert service.verified <= dt.date.today(), f"{service.id}: checked in the future"
            if not service.checked_on_own_site:
                assert service.unconfirmed, f"{service.id}: checked only elsewhere, but readers are not told"


def test_numbers_shared_by_two_entries_are_typed_once() -> None:
    """The Spanish line, the Veterans Crisis Line and Samaritans in Ireland reuse a number
    through a YAML alias. (The 988 Lifeline's call stays a plain `call: "988"`, which
    test_data's one-change-shows-everywhere test edits; its text number is the anchor.)"""
    text = (_data.DATA_DIR / "crisis.yml").read_text(encoding="utf-8")
    # Search phrases ("- \"988\"", a word readers type) are not numbers to dial.
    lines = [line for line in text.splitlines() if not line.strip().startswith("- ")]
    typed = {n: sum(n in line for line in lines) for n in ('"988"', '"741741"', '"116 123"', '"1737"')}
    assert typed == {'"988"': 3, '"741741"': 1, '"116 123"': 1, '"1737"': 1}  # 988: US call, US text, Canada
    for service_id in ("lifeline-spanish", "veterans-crisis-line"):
        assert DATA.crisis.service(service_id)[1].call == "988"


def test_youth_lines_exist_for_each_country_the_page_names() -> None:
    youth = {r.id: [s.id for s in r.services if s.youth] for r in DATA.crisis.regions}
    assert youth["us"] == ["trevor-project"]
    assert youth["uk"] == ["childline-uk", "papyrus-hopeline"] and youth["canada"] == ["kids-help-phone"]
    assert youth["australia"] == ["kids-helpline-au"]


# ── PHQ-9: the suicide item is marked by a flag ───────────────────────────────
BROKEN_PHQ9 = {
    "no-suicide-item": (
        _edit("phq9.yml", lambda c: _item(c, "self-harm").pop("suicide_item")),
        [r"field 'items'", r"exactly one item needs suicide_item: true", r"no item has it"],
    ),
    "two-suicide-items": (
        _edit("phq9.yml", lambda c: _item(c, "mood").update(suicide_item=True)),
        [r"exactly one item needs suicide_item: true", r"items 2 \('mood'\), 9 \('self-harm'\) have it"],
    ),
    "duplicate-item-id": (
        _edit("phq9.yml", lambda c: _item(c, "mood").update(id="sleep")),
        [r"item id 'sleep' appears twice \(items 2 and 3\)"],
    ),
}


@pytest.mark.parametrize("case", BROKEN_PHQ9, ids=list(BROKEN_PHQ9))
def test_broken_phq9_items_name_file_and_problem(case: str, tmp_path: Path) -> None:
    break_it, expected = BROKEN_PHQ9[case]
    message = _load_broken(tmp_path, break_it)
    _assert_all(message, [r"phq9\.yml", *expected])


def test_renaming_the_suicide_item_keeps_its_flag(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(_data.DATA_DIR, data_dir)
    _edit("phq9.yml", lambda c: _item(c, "self-harm").update(id="thoughts-of-death"))(data_dir)
    data = _data.load.__wrapped__(data_dir, ROOT / "docs")
    assert data.phq9.suicide_item.id == "thoughts-of-death"
    assert DATA.phq9.suicide_item.id == "self-harm"


def test_form_shows_crisis_routes_beside_the_flagged_item_whatever_its_id(tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(_data.DATA_DIR, data_dir)
    _edit("phq9.yml", lambda c: _item(c, "self-harm").update(id="thoughts-of-death"))(data_dir)
    renamed = _data.load.__wrapped__(data_dir, ROOT / "docs")
    form = BeautifulSoup(phq9.phq9_form(renamed, page_at("tracking/measurement-based-care.md")), "html.parser")
    alert = form.select_one("[data-phq9-alert]")
    assert alert is not None and alert.find_parent("fieldset")["data-phq9-item"] == "thoughts-of-death"


# ── Directory, youth list and crisis_link ─────────────────────────────────────
def test_directory_prints_cost_hours_and_where_each_line_was_checked(env: Macros) -> None:
    out = env.macros["crisis_lines"]()
    for region in DATA.crisis.regions:
        assert f"## {region.name} {{ #{region.id} }}" in out
    # Provenance is collapsed under each line's buttons, never a caveat above them.
    assert out.count("<summary>How we checked</summary>") == sum(len(r.services) for r in DATA.crisis.regions)
    assert "Please note" not in out
    assert "on November 22, 2026." in out
    assert (
        "own website, or its operator's or government's: [988lifeline.org](https://988lifeline.org/get-help/what-to-expect/)"
        in out
    )
    assert "- **Cost:** Free. Texts may use your phone plan&#39;s usual rates." in out  # escaped data
    assert "[Call 988 and press 2](tel:988)" in out and "[Text AYUDA to 988](sms:988?&body=AYUDA)" in out
    assert "We found this number and text line on other websites" in out
    assert out.count("**Not a crisis line.**") == 3  # NAMI HelpLine, SAMHSA National Helpline, Find A Helpline
    # Each country opens with its first lines as buttons, before any explanation.
    uk = out.split("## United Kingdom", 1)[1]
    assert (
        uk.index("[Call 116 123](tel:116123)")
        < uk.index("[Text SHOUT to 85258](sms:85258?&body=SHOUT)")
        < uk.index("### ")
    )


def test_directory_for_one_region_and_bad_arguments(env: Macros) -> None:
    out = env.macros["crisis_lines"]("ireland", level=3)
    assert out.startswith("### Ireland") and "#### 50808 text service" in out and "[Text 50808](sms:50808)" in out
    with pytest.raises(MacroError, match=r"unknown crisis region 'irland'.*Did you mean 'ireland'"):
        env.macros["crisis_lines"]("irland")
    with pytest.raises(MacroError, match=r"level must be 2 to 5"):
        env.macros["crisis_lines"](level=7)


def test_sms_keyword_is_url_encoded_and_label_escaped() -> None:
    raw = yaml.safe_load((_data.DATA_DIR / "crisis.yml").read_text(encoding="utf-8"))
    entry = _service(raw, "shout") | {"text": {"number": "85258", "keyword": 'A"B <x>&'}}
    out = crisis.render_service(models.CrisisService.model_validate(entry), 3)
    assert "(sms:85258?&body=A%22B%20%3Cx%3E%26)" in out
    assert "<x>" not in out and "Text A&#34;B &lt;x&gt;&amp; to 85258" in out


def test_youth_lines_list_every_youth_service_with_its_buttons(env: Macros) -> None:
    out = env.macros["youth_lines"]()
    assert out.count("\n- ") == sum(1 for r in DATA.crisis.regions for s in r.services if s.youth)
    trevor = next(line for line in out.splitlines() if "Trevor" in line)
    assert "LGBTQ+ young people under 25" in trevor and "have not checked" not in trevor
    assert "(tel:18664887386)" in trevor and "(sms:678678?&body=START)" in trevor


def test_crisis_link_fills_a_label_in_any_language_from_data(env: Macros) -> None:
    link = env.macros["crisis_link"]
    assert link("lifeline-spanish", "call", "Llame al {number} y oprima el {press}") == (
        "[Llame al 988 y oprima el 2](tel:988)"
    )
    assert link("crisis-text-line-spanish", "text", "Envíe {keyword} al {number}") == (
        "[Envíe AYUDA al 741741](sms:741741?&body=AYUDA)"
    )
    assert (
        link("lifeline-988", "emergency", "Llame al {number}", button=True) == "[Llame al 911](tel:911){ .md-button }"
    )
    assert link("lifeline-988", "chat", "chat") == "[chat](https://988lifeline.org/)"
    assert link("banner", "text", "text {number}") == link(DATA.crisis.banner.service, "text", "text {number}")


def test_what_to_expect_link_is_relative_and_prints_the_number_from_data(env: Macros) -> None:
    assert env.macros["what_to_expect_link"]() == "[what happens when you call or text 988](988.md)"
    env.set_page("living/coping.md")
    assert env.macros["what_to_expect_link"]("a call") == "[a call](../988.md)"
    with pytest.raises(MacroError, match=r"may use only \{number\}"):
        env.macros["what_to_expect_link"]("call {phone}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("crisis-text-line", "call", "Call {number}"), r"'crisis-text-line' has no call line"),
        (
            ("lifeline-988", "text", "Text {keyword} to {number}"),
            r"uses \{keyword\}, but 'lifeline-988' has no keyword",
        ),
        (("lifeline-988", "call", "Call {numero}"), r"unknown placeholder \{numero\}"),
        (("lifeline-988", "call", "Call {number"), r"not a valid template"),
        (("lifeline-989", "call", "Call"), r"unknown crisis service 'lifeline-989'.*Did you mean 'lifeline-988'"),
        (("lifeline-988", "phone", "Call"), r"unknown crisis link kind 'phone'"),
    ],
)
def test_crisis_link_errors_say_what_to_fix(env: Macros, args: tuple, message: str) -> None:
    with pytest.raises(MacroError, match=rf"docs/get-help-now\.md: .*{message}"):
        env.macros["crisis_link"](*args)


def test_a_page_title_may_print_a_number_through_a_macro() -> None:
    """mkdocs-macros renders page.title; the adapter copies it back to meta.title, which Material prints."""
    title = 'What happens when you call or text {{ crisis_number("call") }}'
    page = SimpleNamespace(meta={"title": title}, title="What happens when you call or text 988")
    adapter = Adapter.__new__(Adapter)
    adapter.env = SimpleNamespace(page=page)
    adapter._keep_rendered_title()
    assert page.meta["title"] == "What happens when you call or text 988"


# ── Safety plan ────────────────────────────────────────────────────────────────
def test_safety_plan_has_a_labelled_box_per_step_and_no_way_to_send(env: Macros) -> None:
    plan = DATA.safety_plan
    html = env.macros["safety_plan_form"]()
    soup = BeautifulSoup(html, "html.parser")
    boxes = soup.find_all("textarea")
    assert len(boxes) == len(plan.steps)
    assert not soup.find(["form", "script", "input", "button"]) and "name=" not in html
    for box in boxes:
        label = soup.find("label", attrs={"for": box["id"]})
        assert label is not None and label.get_text(strip=True), f"{box['id']}: no visible label"
        assert box["spellcheck"] == "false" and box["autocomplete"] == "off"
    assert html.count("a step of its own") == sum(step.hub_addition for step in plan.steps) == 1


def test_safety_plan_crisis_lines_come_from_the_banner_data(env: Macros) -> None:
    html = env.macros["safety_plan_form"]()
    assert (
        '<a href="tel:988">call 988</a> or <a href="sms:988">text 988</a> (988 Suicide &amp; Crisis Lifeline, free, 24/7)'
        in html
    )
    assert '<a href="tel:911">call 911</a>' in html and '#crisis-lines-by-country">crisis lines by country</a>' in html


def test_broken_safety_plan_names_the_file(tmp_path: Path) -> None:
    message = _load_broken(tmp_path, _edit("safety_plan.yml", lambda c: c["steps"].append(dict(c["steps"][0]))))
    assert re.search(r"safety_plan\.yml:\d+: .*step id 'warning-signs' appears twice", message), message


# ── The built pages ──────────────────────────────────────────────────────────
def _page(pages: list[Page], url: str) -> Page:
    return next(p for p in pages if p.url == url)


def test_spanish_page_is_marked_spanish_and_its_links_come_from_data(pages: list[Page]) -> None:
    page = _page(pages, "ayuda/")
    spanish = page.soup.select_one('article [lang="es"]')
    assert spanish is not None and spanish.find("h1").get_text(strip=True).startswith("Ayuda ahora")
    hrefs = {a["href"] for a in spanish.find_all("a", href=True)}
    assert {"tel:911", "tel:988", "sms:988?&body=AYUDA", "sms:741741?&body=AYUDA"} <= hrefs
    assert "oprima el 2" in spanish.get_text(" ")


def test_988_page_title_prints_the_number_from_data(pages: list[Page]) -> None:
    page = _page(pages, "988/")
    assert page.soup.title.get_text().startswith("What happens when you call or text 988")
    assert "{{" not in page.html


def test_safety_plan_page_has_no_form_and_every_box_is_labelled(pages: list[Page]) -> None:
    page = _page(pages, "safety-plan/")
    article = page.soup.select_one("article")
    assert not article.find("form") and article.find_all("textarea")
    for box in article.find_all("textarea"):
        assert article.find("label", attrs={"for": box["id"]})


def test_get_help_now_says_what_the_checked_date_means(pages: list[Page]) -> None:
    text = " ".join(_page(pages, "get-help-now/").soup.select_one("article").get_text(" ").split())
    assert "the day one of our editors last compared the line with them" in text
    assert "TRD Hub is written for adults" in text
