"""Crisis data you can trust by reading the diff (issue 20).

- Every data file is read by one loader that refuses a key written twice (at any depth) and
  any explicit YAML tag, with the file, the line and the fix; mkdocs.yml may use MkDocs'
  own tags only.
- Reader-facing text is plain: no zero-width or bidi-control characters, no other format or
  control characters, no look-alike letters from another script inside a word, and URLs in
  their ASCII form.
- crisis.yml is compared with its reviewed lock, macros/data/crisis.lock: a digit swap fails
  the checker naming the line, and the message asks for `make crisis-lock` and the clinical
  owners' review.
- A crisis number typed into any other data file is refused like one typed into a page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from macros import _data, models
from macros._yaml import StrictLoader, read_yaml
from macros.errors import DataError
from tests.conftest import ROOT
from tools import crisis_lock
from tools.checker import runner  # noqa: F401 - registers the rules
from tools.checker.core import RULES
from tools.checker.project import PACKAGE_DIR, ConfigError, Project, load_language
from tools.site import ConfigLoader, mkdocs_config

CRISIS = "crisis.yml"
# The banner's call line: `        call: "988"` under `- id: lifeline-988`.
CALL_988 = '        call: "988"\n'


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "macros" / "data"
    shutil.copytree(_data.DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new``; return the 1-based line where ``new`` starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _load_error(data_dir: Path) -> str:
    with pytest.raises(DataError) as caught:
        _data.load.__wrapped__(data_dir, ROOT / "docs")
    return str(caught.value)


# ── One loader: duplicate keys and tags refused ─────────────────────────────────
def test_every_data_file_goes_through_the_strict_loader(monkeypatch) -> None:
    """The build's load reads each data file with StrictLoader (and nothing looser)."""
    seen: list[str] = []
    original = StrictLoader.get_single_node

    def spy(self):  # type: ignore[no-untyped-def]
        seen.append(self._source)
        return original(self)

    monkeypatch.setattr(StrictLoader, "get_single_node", spy)
    _data.load.__wrapped__(_data.DATA_DIR, ROOT / "docs")
    files = [path for path, _ in _data.data_files(_data.DATA_DIR)]
    assert len(files) > 10
    texts = {path.read_text(encoding="utf-8") for path in files}
    assert texts <= set(seen), "a data file was read without StrictLoader"


def test_second_call_key_below_a_correct_one_names_the_line(data_dir: Path) -> None:
    line = _edit(data_dir / CRISIS, CALL_988, CALL_988 + '        call: "898"\n')
    message = _load_error(data_dir)
    assert f"crisis.yml:{line + 1}:" in message
    assert "'call' appears twice" in message and f"first on line {line}" in message
    assert "Fix:" in message


def test_nested_duplicate_key_deep_in_a_list_is_refused(data_dir: Path) -> None:
    """text: {number, keyword} inside a service inside a region: three levels down."""
    line = _edit(
        data_dir / CRISIS, "          keyword: AYUDA\n", "          keyword: AYUDA\n          keyword: AYUDO\n"
    )
    message = _load_error(data_dir)
    assert f"crisis.yml:{line + 1}:" in message and "'keyword' appears twice" in message


def test_duplicate_key_in_an_evidence_file_is_refused(data_dir: Path) -> None:
    path = sorted((data_dir / "evidence").glob("*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("treatment:"))
    _edit(path, first + "\n", first + "\n" + first + "\n")
    assert f"{path.name}:" in _load_error(data_dir) and "appears twice" in _load_error(data_dir)


@pytest.mark.parametrize(
    "tagged",
    ['!!binary "OTg4"', '!!str "988"', "!!python/object/apply:os.system [true]", '!phone "988"', "!!int 988"],
)
def test_any_explicit_tag_in_a_data_file_is_refused(data_dir: Path, tagged: str) -> None:
    line = _edit(data_dir / CRISIS, CALL_988, f"        call: {tagged}\n")
    message = _load_error(data_dir)
    assert f"crisis.yml:{line}:" in message and "is not allowed" in message and "Fix: remove the tag" in message


def test_binary_number_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    """!!binary would make bytes b'988'; the loader stops at the tag, never decoding it."""
    path = tmp_path / "x.yml"
    path.write_text("a: 1\nnumber: !!binary OTg5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"x.yml:2: the tag !!binary is not allowed"):
        read_yaml(path)
    assert yaml.safe_load(path.read_text()) == {"a": 1, "number": b"989"}  # what PyYAML alone does


def test_same_key_in_different_entries_and_anchors_are_fine() -> None:
    text = "a: &n '988'\nlist:\n  - {call: *n}\n  - {call: '741741'}\n"
    assert yaml.load(text, Loader=StrictLoader) == {"a": "988", "list": [{"call": "988"}, {"call": "741741"}]}


def test_mkdocs_yml_may_use_mkdocs_tags_only(tmp_path: Path) -> None:
    real = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV" in real and mkdocs_config()["site_dir"] is None  # the real file reads
    cases = (
        ("foo: !!python/name:os.system\n", "!!python/name:os.system is not allowed"),
        ("foo: !!python/object/apply:os.system ['true']\n", "is not allowed"),
        ("hooks: []\n", "'hooks' appears twice"),
    )
    for number, (bad, what) in enumerate(cases):
        project = tmp_path / str(number)
        (project / "docs").mkdir(parents=True)
        (project / "mkdocs.yml").write_text(real + bad, encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            Project.load(project)
        problem = caught.value.problem
        assert problem is not None and problem.rule == "CONF001", caught.value
        assert problem.line == real.count("\n") + 1 and what in problem.message, problem.format()
    assert yaml.load("x: !relative $config_dir\n", Loader=ConfigLoader) == {"x": None}


# ── Plain text ──────────────────────────────────────────────────────────────────
TEXT = TypeAdapter(models.Text)
URL = TypeAdapter(models.HttpsUrl)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kill\u200bmyself", "zero-width"),
        ("988\u200c", "zero-width"),
        ("call\u200d", "zero-width"),
        ("call\u2060 now", "zero-width"),
        ("\ufeffcall", "zero-width"),
        ("call \u202e889", "reverses text direction"),
        ("call \u2067889\u2069", "reverses text direction"),
        ("call\u00ad now", "invisible or control character"),  # soft hyphen, Cf
        ("call\x07", "invisible or control character"),
        ("call\u2028now", "invisible or control character"),
        ("\u0421all now", "mixes letters from CYRILLIC and LATIN"),  # Cyrillic С
        ("Lifel\u0456ne", "mixes letters"),  # Cyrillic і
        ("AYUD\u0391", "mixes letters from GREEK and LATIN"),  # Greek Α
        ("call \uff19\uff18\uff18", "look-alike of '9'"),  # fullwidth ９８８
        ("call \U0001d7d7", "look-alike of '9'"),  # mathematical bold nine
        ("call \u0669\u0668\u0668", "digit from another script"),  # Arabic-Indic ٩٨٨
    ],
)
def test_reader_text_refuses_what_a_reviewer_cannot_see(value: str, expected: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(expected)):
        TEXT.validate_python(value)


@pytest.mark.parametrize(
    "value",
    ["línea de crisis", "en español", "Kähler", "Call 988 — free", "§ 4", "two\nlines", "Москва", "don’t"],
)
def test_ordinary_text_in_any_one_script_is_plain(value: str) -> None:
    assert TEXT.validate_python(value) == value.strip()


def test_urls_must_be_written_in_ascii() -> None:
    with pytest.raises(ValidationError, match=r"mixes letters from CYRILLIC and LATIN"):
        URL.validate_python("https://988lifel\u0456ne.org/")
    with pytest.raises(ValidationError, match=r"ASCII form.*xn--e1afmkfd\.xn--p1ai"):
        URL.validate_python("https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/")
    with pytest.raises(ValidationError, match="zero-width"):
        URL.validate_python("https://988lifeline.org/\u200b")
    assert str(URL.validate_python("https://xn--e1afmkfd.xn--p1ai/")) == "https://xn--e1afmkfd.xn--p1ai/"


def test_every_reader_facing_field_uses_the_plain_text_check() -> None:
    """No str field in a data model escapes the check: each is Text, an id, a pattern of
    ASCII characters, or a URL (a new free-text field must use Text)."""
    unchecked = []
    for name in dir(models):
        model = getattr(models, name)
        if not (isinstance(model, type) and issubclass(model, models._Strict)):
            continue
        for field_name, info in model.model_fields.items():
            if info.annotation is str and not any(
                models.PlainText == m or getattr(m, "pattern", None) for m in info.metadata
            ):
                unchecked.append(f"{name}.{field_name}")
    assert not unchecked, f"free-text fields without the plain-text check: {unchecked}"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("    - kill* myself\n", "    - kill*\u200b myself\n", "search_phrases.en"),
        ("          keyword: AYUDA\n", "          keyword: AYUD\u0410\n", "keyword"),  # Cyrillic А
        ("  message: In crisis", "  message: In \u202ecrisis", "message"),
        ("        name: 988 Suicide & Crisis Lifeline\n", "        name: 988 Suicide & Crisis L\u0456feline\n", "name"),
        (
            "        chat_url: https://988lifeline.org/\n",
            "        chat_url: https://988l\u0456feline.org/\n",
            "chat_url",
        ),
    ],
)
def test_invisible_or_look_alike_crisis_data_fails_naming_file_line_and_field(
    data_dir: Path, old: str, new: str, field: str
) -> None:
    line = _edit(data_dir / CRISIS, old, new)
    message = _load_error(data_dir)
    assert f"crisis.yml:{line}:" in message and field in message, message


def test_real_data_is_plain_text() -> None:
    _data.load.__wrapped__(_data.DATA_DIR, ROOT / "docs")  # raises on any problem


# ── The reviewed lock ───────────────────────────────────────────────────────────
def _mini(tmp_path: Path) -> Path:
    for folder in ("overrides", "macros", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _lock_problems(root: Path) -> list:
    project = Project(root=root, language=load_language(PACKAGE_DIR / "language.yml"))
    return list(RULES["CRISIS003"].run(project))


def test_committed_lock_matches_crisis_yml_and_is_readable() -> None:
    assert crisis_lock.differences(ROOT) == []
    lock = (ROOT / crisis_lock.LOCK).read_text(encoding="utf-8")
    assert "regions[us].services[lifeline-988].call = 988\n" in lock
    assert "search_phrases.en = kill* myself\n" in lock and "search_phrases.es = línea de crisis\n" in lock
    assert "banner.service = lifeline-988\n" in lock
    # every number and keyword of crisis.yml is a plain line in the lock
    data = _data.load()
    for region in data.crisis.regions:
        assert f"regions[{region.id}].emergency = {region.emergency}\n" in lock
        for service in region.services:
            for key, value in (("call", service.call), ("text.number", service.text and service.text.number)):
                if value:
                    assert f"regions[{region.id}].services[{service.id}].{key} = {value}\n" in lock


def test_digit_swap_fails_the_checker_naming_the_line_and_the_owners(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    assert _lock_problems(root) == []
    line = _edit(root / "macros/data/crisis.yml", CALL_988, '        call: "898"\n')
    [problem] = _lock_problems(root)
    assert (problem.path, problem.line, problem.rule) == ("macros/data/crisis.yml", line, "CRISIS003")
    assert "lifeline-988].call is '898' here, but the reviewed lock says '988'" in problem.message
    assert "macros/data/crisis.lock:" in problem.message
    assert "make crisis-lock" in problem.fix and "@trd-hub/clinical-review" in problem.fix


def test_phrase_changes_show_in_the_lock_with_invisible_characters_spelled_out(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    _edit(root / "macros/data/crisis.yml", "    - kill* myself\n", "    - kill* myself now\n")
    _edit(root / "macros/data/crisis.yml", "    - want* to be dead\n", "")
    messages = [p.message for p in _lock_problems(root)]
    assert any("'search_phrases.en = kill* myself now' is new" in m for m in messages), messages
    assert any("'search_phrases.en = want* to be dead'" in m and "no longer in crisis.yml" in m for m in messages)
    assert any("'search_phrases.en = kill* myself'" in m for m in messages)
    assert crisis_lock.shown("kill\u200b myself") == "kill\\u200b myself"
    assert crisis_lock.shown("AYUD\u0410") == "AYUD\\u0410"  # a Cyrillic А looks like A in a diff
    assert crisis_lock.shown("línea de crisis (en español)") == "línea de crisis (en español)"


def test_make_crisis_lock_rewrites_it_and_the_check_passes_again(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    _edit(root / "macros/data/crisis.yml", CALL_988, '        call: "898"\n')
    assert crisis_lock.main(["--check", "--root", str(root)]) == 1
    assert crisis_lock.main(["--root", str(root)]) == 0
    assert "regions[us].services[lifeline-988].call = 898\n" in (root / crisis_lock.LOCK).read_text()
    assert _lock_problems(root) == []


def test_missing_lock_fails(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    (root / crisis_lock.LOCK).unlink()
    [problem] = _lock_problems(root)
    assert "crisis.lock is missing" in problem.message


def test_makefile_has_the_crisis_lock_target() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^crisis-lock:.*\n\t\$\(BIN\)/python -m tools\.crisis_lock$", makefile, re.MULTILINE)


def test_cli_check_prints_file_line_and_fix(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    line = _edit(root / "macros/data/crisis.yml", CALL_988, '        call: "989"\n')
    result = subprocess.run(
        [sys.executable, "-m", "tools.crisis_lock", "--check", "--root", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"macros/data/crisis.yml:{line}: ") and "make crisis-lock" in result.stdout


# ── Crisis numbers typed into other data ────────────────────────────────────────
def _typed(root: Path) -> list:
    project = Project(root=root, language=load_language(PACKAGE_DIR / "language.yml"))
    return list(RULES["CRISIS002"].run(project))


TYPED: dict[str, tuple[str, str, str]] = {
    "treatment-practical": (
        "treatments.yml",
        "practical: [Ask how to move from the old medicine to the new one safely.]",
        "practical: [Ask how to move from the old medicine to the new one safely. If you feel worse, call or text 988.]",
    ),
    "glossary-definition-retired-number": (
        "glossary.yml",
        "definition: A therapy that teaches skills for coping with strong emotions",
        "definition: Call 1-800-273-8255. A therapy that teaches skills for coping with strong emotions",
    ),
    "safety-plan-prompt-text-line": (
        "safety_plan.yml",
        "    title: Professionals and crisis lines\n",
        "    title: Professionals and crisis lines (text 741741)\n",
    ),
}


@pytest.mark.parametrize("case", TYPED, ids=list(TYPED))
def test_crisis_number_typed_in_data_prose_is_refused_with_file_and_line(tmp_path: Path, case: str) -> None:
    root = _mini(tmp_path)
    name, old, new = TYPED[case]
    assert _typed(root) == []
    line = _edit(root / "macros/data" / name, old, new)
    [problem] = _typed(root)
    assert (problem.path, problem.line, problem.rule) == (f"macros/data/{name}", line, "CRISIS002")
    assert "crisis" in problem.message and "crisis_number" in problem.fix


def test_source_titles_are_quoted_as_published(tmp_path: Path) -> None:
    """sources.yml's '988 Frequently Asked Questions' is a title, not an instruction."""
    assert "988 Frequently Asked Questions" in (ROOT / "macros/data/sources.yml").read_text(encoding="utf-8")
    assert _typed(ROOT) == []


def test_same_number_in_a_page_and_in_data_fails_alike(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    _edit(root / "macros/data/treatments.yml", *TYPED["treatment-practical"][1:])
    [in_data] = _typed(root)
    page = Project.of_pages({"x.md": "---\ntitle: X\n---\n\n# X\n\nIf you feel worse, call or text 988.\n"})
    in_page = [p for p in RULES["CRISIS001"].run(page.pages[0], page)]
    assert in_page and in_data.tag == in_page[0].tag == "988"
