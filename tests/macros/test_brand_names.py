"""Brand names are typed once, in macros/data/treatments.yml (`brands:`): the medication page
lists them with {{ brand_names(...) }} and search finds their page by them (page tags)."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from macros.errors import MacroError
from macros.models import Brand
from macros.search import search_tags
from macros.treatments import brand_names
from tests.macros.conftest import page_at
from tools.site import ROOT

PAGE = "treatments/medication-strategies.md"


def test_brand_names_render_one_line_per_kind_us_name_first(data) -> None:
    lines = brand_names(data, page_at(PAGE), "switching", "augment-lithium", "augment-t3").splitlines()
    assert lines[0].startswith("- **SSRIs:** sertraline (Zoloft / Lustral), escitalopram (Lexapro / Cipralex),")
    assert "- **Other antidepressants:** bupropion (Wellbutrin, US), mirtazapine (Remeron / Zispin)." in lines
    assert "fluoxetine (Prozac)" in lines[0], "one name: used in both countries"
    assert "selegiline as a skin patch (Emsam, US)" in lines[4]
    assert lines[-1] == "- **Other add-ons:** lithium carbonate (Lithobid / Priadel), liothyronine or T3 (Cytomel, US)."


def test_every_brand_name_of_the_page_is_listed_on_it_and_is_a_search_tag(data) -> None:
    source = (ROOT / "docs" / PAGE).read_text(encoding="utf-8")
    call = re.search(r"\{\{ brand_names\(([^)]*)\) \}\}", source)
    assert call, f"docs/{PAGE} lists the brand names with the brand_names() macro"
    ids = re.findall(r'"([a-z0-9-]+)"', call.group(1))
    branded = [t.id for t in data.treatments.values() if t.page == PAGE and t.brands]
    assert sorted(ids) == sorted(branded), "every treatment of the page that has brand names is in the list"
    for t in data.treatments.values():
        tags = set(search_tags(data, page_at(t.page)))
        for brand in t.brands:
            assert set(brand.names) | {brand.medicine} <= tags, f"{brand.medicine}: its names find {t.page}"
            if t.page == PAGE:
                for name in brand.names:
                    assert name not in source, f"{name} is typed in docs/{PAGE}: the data's brands: is its one place"


def test_one_country_goes_with_one_name() -> None:
    assert Brand(medicine="bupropion", names=["Wellbutrin"], only="US").only == "US"
    with pytest.raises(ValidationError, match="'only: US' goes with one name"):
        Brand(medicine="sertraline", names=["Zoloft", "Lustral"], only="US")
    with pytest.raises(ValidationError):
        Brand(medicine="sertraline", names=["Zoloft", "Lustral", "Other"])


def test_brand_names_needs_known_treatments_that_have_brands(data) -> None:
    with pytest.raises(MacroError, match=r"unknown treatment 'switching-meds'.*Did you mean 'switching'"):
        brand_names(data, page_at(PAGE), "switching-meds")
    with pytest.raises(MacroError, match=r"treatment 'cbt' has no brand names"):
        brand_names(data, page_at(PAGE), "cbt")
    with pytest.raises(MacroError, match=r"needs at least one treatment id"):
        brand_names(data, page_at(PAGE))
