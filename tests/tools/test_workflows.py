"""The GitHub workflows can fail, ask for little, and run only pinned code.

Pinning, leaked credentials and template injection are zizmor's (a maintained auditor, run by
``make lint`` and ``make check`` with .github/zizmor.yml); the rules here are the project's own, each a
small function over the parsed workflow files (``_*_problems``), tested on the real
``.github/workflows/*.yml`` and on a planted bad workflow, so no rule passes by accident.
Why these rules: an action named by a movable tag (``@v4``) can change under us; ``|| true``
or a pipe without ``pipefail`` turns a failure green; a write permission on the wrong job lets
code that never needed it publish the site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
SUPPORTED_PYTHONS = ["3.11", "3.12", "3.13"]

_HIDDEN_FAILURE = re.compile(r"\|\|\s*(?:true|:)(?:\s|;|$)|^\s*set\s+\+e\b", re.MULTILINE)
_PIPE = re.compile(r"(?<!\|)\|(?!\|)")
_PIPEFAIL = re.compile(r"^\s*set\s+(?:-[a-z]*o\s+pipefail|-o\s+pipefail)", re.MULTILINE)


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def _workflows() -> dict[str, dict[str, Any]]:
    return {path.name: _load(path) for path in sorted(WORKFLOWS.glob("*.yml"))}


def _steps(workflow: dict[str, Any]):
    for job_id, job in workflow.get("jobs", {}).items():
        for index, step in enumerate(job.get("steps", [])):
            yield job_id, job, index, step


def _step_name(job_id: str, index: int, step: dict[str, Any]) -> str:
    return f"job {job_id}, step {step.get('name') or step.get('id') or index + 1}"


def _hidden_failure_problems(workflow: dict[str, Any]) -> list[str]:
    """Steps that turn a failure into a success: `|| true`, `|| :`, `set +e`, continue-on-error."""
    problems = []
    for job_id, job, index, step in _steps(workflow):
        where = _step_name(job_id, index, step)
        if _HIDDEN_FAILURE.search(step.get("run", "")):
            problems.append(f"{where}: hides a failure (|| true, || : or set +e)")
        if step.get("continue-on-error") is True or job.get("continue-on-error") is True:
            problems.append(f"{where}: continue-on-error")
    return problems


def _effective_shell(workflow: dict[str, Any], job: dict[str, Any], step: dict[str, Any]) -> str | None:
    for source in (step, job.get("defaults", {}).get("run", {}), workflow.get("defaults", {}).get("run", {})):
        if source.get("shell"):
            return str(source["shell"])
    return None


def _pipe_problems(workflow: dict[str, Any]) -> list[str]:
    """Steps that pipe without pipefail, so only the last command's status counts.

    GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`; without a shell the
    default is `bash -e` (or `sh -e` in a container), which ignores a failure before a pipe.
    """
    problems = []
    for job_id, job, index, step in _steps(workflow):
        script = step.get("run", "")
        if not _PIPE.search(script):
            continue
        shell = _effective_shell(workflow, job, step)
        if shell == "bash" or (shell and "pipefail" in shell) or _PIPEFAIL.search(script):
            continue
        problems.append(f"{_step_name(job_id, index, step)}: pipes without pipefail")
    return problems


def _permission_problems(workflow: dict[str, Any]) -> list[str]:
    """The workflow grants nothing by default; every job says what it needs."""
    problems = []
    if workflow.get("permissions") != {}:
        problems.append(f"workflow-level permissions are {workflow.get('permissions')!r}, not {{}}")
    for job_id, job in workflow.get("jobs", {}).items():
        if "permissions" not in job:
            problems.append(f"job {job_id} does not declare its permissions")
    return problems


def _label_problems(workflow: dict[str, Any]) -> list[str]:
    """A step that files an issue with a label creates the label first (gh fails on a missing one)."""
    problems = []
    for job_id, _job, index, step in _steps(workflow):
        script = step.get("run", "")
        if re.search(r"gh issue create[^\n]*--label", script) and "gh label create" not in script:
            problems.append(f"{_step_name(job_id, index, step)}: uses a label it does not create")
    return problems


_BY_DIGEST = re.compile(r"^[\w./-]+(?::[\w.-]+)?@sha256:[0-9a-f]{64}$")


def _images(job: dict[str, Any]) -> list[str]:
    """The container images a job can run in (a matrix image: every value the matrix gives)."""
    container = job.get("container")
    image = container.get("image") if isinstance(container, dict) else container
    if not image:
        return []
    if image.strip() == "${{ matrix.image }}":
        return [entry.get("image", "") for entry in job.get("strategy", {}).get("matrix", {}).get("include", [])]
    return [image]


def _container_problems(workflow: dict[str, Any]) -> list[str]:
    """Every container image is named by its digest: a tag (python:3.11-bookworm) can move."""
    return [
        f"job {job_id}: container image {image!r} is not pinned by digest (@sha256:...)"
        for job_id, job in workflow.get("jobs", {}).items()
        for image in _images(job)
        if not _BY_DIGEST.match(image.strip())
    ]


PLANTED = """
name: Planted
on: push
permissions:
  contents: write
jobs:
  bad:
    runs-on: ubuntu-latest
    container: python:3.11-bookworm
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830
      - run: python -m tools.linkcheck --external | tee links.txt
      - run: gh issue create --label "broken link" --body-file links.txt || true
"""


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict[str, Any]]:
    found = _workflows()
    assert {"ci.yml", "canary.yml", "deploy.yml", "links.yml", "review-dates.yml"} <= set(found)
    return found


def test_zizmor_finds_nothing_in_the_workflows_and_reports_a_planted_tag_at_its_line(tmp_path: Path) -> None:
    from tools.check import Run, zizmor

    assert zizmor(Run(ROOT)) == []
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "planted.yml").write_text(PLANTED, encoding="utf-8")
    shutil.copy(ROOT / ".github/zizmor.yml", tmp_path / ".github/zizmor.yml")
    found = {(p.path, p.line, p.rule) for p in zizmor(Run(tmp_path))}
    assert (".github/workflows/planted.yml", 11, "zizmor-unpinned-uses") in found, found


def test_no_step_hides_a_failure(workflows: dict[str, dict[str, Any]]) -> None:
    problems = {name: bad for name, wf in workflows.items() if (bad := _hidden_failure_problems(wf))}
    assert problems == {}


def test_every_pipe_fails_when_any_command_in_it_fails(workflows: dict[str, dict[str, Any]]) -> None:
    problems = {name: bad for name, wf in workflows.items() if (bad := _pipe_problems(wf))}
    assert problems == {}


def test_every_job_declares_its_own_permissions(workflows: dict[str, dict[str, Any]]) -> None:
    problems = {name: bad for name, wf in workflows.items() if (bad := _permission_problems(wf))}
    assert problems == {}


def test_issue_labels_are_created_before_use(workflows: dict[str, dict[str, Any]]) -> None:
    problems = {name: bad for name, wf in workflows.items() if (bad := _label_problems(wf))}
    assert problems == {}


def test_every_container_image_is_pinned_by_digest_and_each_tag_to_one_digest(
    workflows: dict[str, dict[str, Any]],
) -> None:
    problems = {name: bad for name, wf in workflows.items() if (bad := _container_problems(wf))}
    assert problems == {}
    digests: dict[str, set[str]] = {}
    for wf in workflows.values():
        for job in wf["jobs"].values():
            for image in _images(job):
                tag, _, digest = image.partition("@")
                digests.setdefault(tag, set()).add(digest)
    assert digests.keys() >= {f"python:{v}-bookworm" for v in SUPPORTED_PYTHONS}
    assert {tag: found for tag, found in digests.items() if len(found) > 1} == {}


def test_rules_catch_a_planted_bad_workflow() -> None:
    workflow = yaml.safe_load(PLANTED)
    workflow["on"] = workflow.pop(True)
    assert _hidden_failure_problems(workflow) == ["job bad, step 4: hides a failure (|| true, || : or set +e)"]
    assert _pipe_problems(workflow) == ["job bad, step 3: pipes without pipefail"]
    assert _permission_problems(workflow) == [
        "workflow-level permissions are {'contents': 'write'}, not {}",
        "job bad does not declare its permissions",
    ]
    assert _label_problems(workflow) == ["job bad, step 4: uses a label it does not create"]
    assert _container_problems(workflow) == [
        "job bad: container image 'python:3.11-bookworm' is not pinned by digest (@sha256:...)"
    ]
    # The fixes the rules ask for are accepted.
    workflow["defaults"] = {"run": {"shell": "bash"}}
    assert _pipe_problems(workflow) == []
    workflow["jobs"]["bad"]["steps"][2]["run"] = "set -o pipefail\npython -m tools.linkcheck | tee links.txt"
    del workflow["defaults"]
    assert _pipe_problems(workflow) == []


def test_only_the_deploy_job_can_write_to_pages(workflows: dict[str, dict[str, Any]]) -> None:
    deploy = workflows["deploy.yml"]
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read"}
    elsewhere = [
        f"{name}: {job_id}"
        for name, wf in workflows.items()
        for job_id, job in wf["jobs"].items()
        if (name, job_id) != ("deploy.yml", "deploy") and {"pages", "id-token"} & set(job.get("permissions") or {})
    ]
    assert elsewhere == []


def test_deploy_publishes_only_a_commit_that_passed_ci(workflows: dict[str, dict[str, Any]]) -> None:
    deploy, ci = workflows["deploy.yml"], workflows["ci.yml"]
    trigger = deploy["on"]["workflow_run"]
    assert trigger == {"workflows": [ci["name"]], "types": ["completed"], "branches": ["main"]}
    assert set(deploy["on"]) == {"workflow_run", "workflow_dispatch"}
    build = deploy["jobs"]["build"]
    condition = " ".join(build["if"].split())
    for clause in (
        "github.event.workflow_run.conclusion == 'success'",
        "github.event.workflow_run.event == 'push'",
        "github.event.workflow_run.head_repository.full_name == github.repository",
        "github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/main'",
    ):
        assert clause in condition
    checkout = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ref"] == "${{ github.event.workflow_run.head_sha || github.sha }}"
    runs = [step.get("run", "") for step in build["steps"]]
    by_hand = next(step for step in build["steps"] if step.get("run") == "bash .ci/run")
    assert by_hand["if"] == "github.event_name == 'workflow_dispatch'"
    assert "make check-content build" in runs
    assert deploy["jobs"]["deploy"]["needs"] == "build"


def test_ci_runs_make_check_on_every_supported_python(workflows: dict[str, dict[str, Any]]) -> None:
    ci = workflows["ci.yml"]
    check = ci["jobs"]["check"]
    assert check["strategy"]["matrix"]["python"] == SUPPORTED_PYTHONS
    assert check["container"] == "${{ matrix.image }}"
    images = {entry["python"]: entry["image"] for entry in check["strategy"]["matrix"]["include"]}
    assert {v: images[v].split("@")[0] for v in SUPPORTED_PYTHONS} == {
        v: f"python:{v}-bookworm" for v in SUPPORTED_PYTHONS
    }
    assert "make check" in [step.get("run") for step in check["steps"]]
    assert "bash .ci/run" in [step.get("run") for step in ci["jobs"]["test"]["steps"]]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'requires-python = ">={SUPPORTED_PYTHONS[0]}"' in pyproject


def test_the_engine_canary_runs_in_its_own_workflow_and_never_gates_deploy(
    workflows: dict[str, dict[str, Any]],
) -> None:
    canary = workflows["canary.yml"]["jobs"]["canary"]
    assert canary["permissions"] == {"contents": "read"}
    assert "make canary" in [step.get("run") for step in canary["steps"]]
    assert "canary" not in workflows["ci.yml"]["jobs"]
    # deploy waits for CI only
    assert workflows["deploy.yml"]["on"]["workflow_run"]["workflows"] == ["CI"]


def test_every_job_has_a_timeout_and_one_label_spelling(workflows: dict[str, dict[str, Any]]) -> None:
    for name, flow in workflows.items():
        for job_id, job in flow["jobs"].items():
            assert "timeout-minutes" in job, f"{name}: job {job_id} has no timeout-minutes"
    template = (ROOT / ".github" / "ISSUE_TEMPLATE" / "broken-link.yml").read_text(encoding="utf-8")
    assert 'labels: ["broken link"]' in template
    assert workflows["links.yml"]["jobs"]["links"]["env"]["LABEL"] == "broken link"


def _pip_installs(text: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line.strip() for line in joined.splitlines() if re.search(r"\bpip3? install\b", line)]


def test_every_install_from_a_requirements_file_checks_hashes() -> None:
    """Workflows install through make; make installs the lock with --require-hashes."""
    sources = [*sorted(WORKFLOWS.glob("*.yml")), ROOT / "Makefile", ROOT / ".ci" / "run"]
    installs = {path.name: _pip_installs(path.read_text(encoding="utf-8")) for path in sources}
    from_files = [cmd for cmds in installs.values() for cmd in cmds if re.search(r"\s(-r|--requirement)\s", cmd)]
    assert from_files, "no install from a requirements file found"
    assert [cmd for cmd in from_files if "--require-hashes" not in cmd] == []
    assert [cmd for cmds in installs.values() for cmd in cmds if "constraints.txt" in cmd] == []
    # Anything else pip installs is the project itself or one exactly pinned tool (make lock).
    others = [cmd for cmds in installs.values() for cmd in cmds if cmd not in from_files]
    assert [cmd for cmd in others if not re.search(r"(-e \.$|==\S+;?)", cmd)] == []
    assert installs["Makefile"] and not any(installs[name] for name in ("links.yml", "review-dates.yml"))


# ── CODEOWNERS: configuration and clinical data need their owners' review ──────────
CODEOWNERS = ROOT / ".github" / "CODEOWNERS"
TEAMS = {"@trd-hub/maintainers", "@trd-hub/security", "@trd-hub/clinical-review"}


def _codeowners() -> list[tuple[str, list[str]]]:
    rules = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def _matches(pattern: str, path: str) -> bool:
    """GitHub's reading of the patterns this file uses: *, /file, /folder/ (all below it)."""
    if pattern == "*":
        return True
    anchored = pattern.lstrip("/")
    return path.startswith(anchored) if anchored.endswith("/") else path == anchored


def owners_of(path: str) -> list[str]:
    """The owners GitHub requests for ``path``: the last matching line wins."""
    found: list[str] = []
    for pattern, owners in _codeowners():
        if _matches(pattern, path):
            found = owners
    return found


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("mkdocs.yml", "@trd-hub/security"),
        ("overrides/main.html", "@trd-hub/security"),
        ("overrides/partials/crisis-banner.html", "@trd-hub/security"),
        ("docs/javascripts/search.js", "@trd-hub/security"),
        ("docs/stylesheets/hub.css", "@trd-hub/security"),
        ("tools/policy/__init__.py", "@trd-hub/security"),
        ("tools/mkdocs_hooks.py", "@trd-hub/security"),
        (".github/workflows/ci.yml", "@trd-hub/security"),
        (".github/CODEOWNERS", "@trd-hub/security"),
        ("macros/data/crisis.yml", "@trd-hub/clinical-review"),
        ("macros/data/crisis.lock", "@trd-hub/clinical-review"),
        ("macros/data/reviewers.yml", "@trd-hub/clinical-review"),
        ("macros/data/evidence/ect.yml", "@trd-hub/clinical-review"),
        ("macros/data/treatments.yml", "@trd-hub/clinical-review"),
        ("docs/faq.md", "@trd-hub/maintainers"),
        ("macros/crisis.py", "@trd-hub/maintainers"),
    ],
)
def test_codeowners_names_the_team_that_must_review(path: str, owner: str) -> None:
    """One team per path: a second team on the line would let either approve it alone."""
    assert owners_of(path) == [owner]


def test_codeowners_patterns_name_real_files_and_known_teams() -> None:
    for pattern, owners in _codeowners():
        assert owners and set(owners) <= TEAMS, f"{pattern}: unknown owner in {owners}"
        if pattern != "*":
            assert (ROOT / pattern.lstrip("/")).exists(), f"CODEOWNERS names {pattern}, which does not exist"
