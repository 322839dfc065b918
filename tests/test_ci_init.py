"""``gradwork ci init``: the GitHub Actions workflow for a student's repository.

The workflow's own shell steps are run here with bash, as GitHub would run them
(``bash --noprofile --norc -eo pipefail``), in a copy of the fake course: only
the steps that need GitHub (checkout, setup-python, apt-get, pip, the artifact
upload) are left out, by name.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from graders.classroom import ci

from .conftest import ROOT, run_cli

FAKE_COURSE = Path(__file__).resolve().parent / "fake_course"
STEPS = ["Check out", "Set up Python", "Install bubblewrap", "Install the course", "Grade", "Summary", "Upload the report", "Verdict"]
LOCAL_STEPS = ("Grade", "Summary", "Verdict")  # the ones that need nothing from GitHub


def repository(tmp_path: Path) -> Path:
    """A student's repository as far as `ci init` cares: the course and its install files."""
    root = tmp_path / "repo"
    shutil.copytree(FAKE_COURSE, root)
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copyfile(ROOT / name, root / name)
    return root


def load(text: str) -> dict:
    document = yaml.safe_load(text)
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads the key `on` as true
    return document


def steps(document: dict) -> dict[str, dict]:
    return {step["name"]: step for step in document["jobs"]["grade"]["steps"]}


# -- the workflow's shape ----------------------------------------------------------------
def test_the_workflow_runs_on_push_and_pull_request_and_installs_with_the_pins(tmp_path):
    root = repository(tmp_path)
    done = run_cli("--course", root, "ci", "init")
    assert done.returncode == 0, done.stderr
    document = load((root / ".github/workflows/gradwork.yml").read_text())
    assert set(document["on"]) == {"push", "pull_request", "workflow_dispatch"}
    job = document["jobs"]["grade"]
    assert job["runs-on"] == "ubuntu-latest"
    assert [step["name"] for step in job["steps"]] == STEPS
    by_name = steps(document)
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]  # pinned to a major version
    assert by_name["Set up Python"]["with"]["python-version"] == ci.DEFAULT_PYTHON
    assert "apt-get install -y -qq bubblewrap" in by_name["Install bubblewrap"]["run"]
    assert by_name["Install the course"]["run"].strip() == "pip install -q -c constraints.txt -e ."
    assert "gradwork check --format json --output gradwork-report.json" in by_name["Grade"]["run"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in by_name["Summary"]["run"]
    upload = by_name["Upload the report"]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["if"] == "always()"
    assert upload["with"]["path"] == "gradwork-report.json"


def test_python_version_is_an_option(tmp_path):
    root = repository(tmp_path)
    assert run_cli("--course", root, "ci", "init", "--python", "3.12").returncode == 0
    assert steps(load((root / ci.WORKFLOW).read_text()))["Set up Python"]["with"]["python-version"] == "3.12"


# -- never overwrite without --force ----------------------------------------------------------
def test_an_existing_workflow_is_kept_without_force_and_backed_up_with_it(tmp_path):
    root = repository(tmp_path)
    path = root / ci.WORKFLOW
    path.parent.mkdir(parents=True)
    path.write_text("name: mine\n")
    refused = run_cli("--course", root, "ci", "init")
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1 and "--force" in refused.stderr
    assert path.read_text() == "name: mine\n"

    forced = run_cli("--course", root, "ci", "init", "--force")
    assert forced.returncode == 0, forced.stderr
    assert path.read_text() == ci.workflow()
    backups = list((root / ".gradwork/backups").glob("gradwork-*.yml"))
    assert [b.read_text() for b in backups] == ["name: mine\n"]


def test_a_folder_without_the_install_files_is_refused(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FAKE_COURSE, root)
    done = run_cli("--course", root, "ci", "init")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "constraints.txt" in done.stderr
    assert not (root / ".github").exists()


# -- the steps, run ------------------------------------------------------------------------------
def run_step(step: dict, cwd: Path, env: dict, outputs: dict) -> subprocess.CompletedProcess:
    """One `run:` step as GitHub runs it: its env (with ${{ steps.ID.outputs.KEY }}
    filled in from earlier steps' $GITHUB_OUTPUT) and bash -eo pipefail."""
    step_env = {}
    for key, value in step.get("env", {}).items():
        step_env[key] = re.sub(r"\$\{\{\s*steps\.(\w+)\.outputs\.(\w+)\s*\}\}", lambda m: outputs.get(m.group(1), {}).get(m.group(2), ""), str(value))
    output_file = Path(env["GITHUB_OUTPUT"])
    output_file.write_text("")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, env={**env, **step_env}, capture_output=True, text=True, timeout=300)
    if "id" in step:
        outputs[step["id"]] = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
    return done


def local_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRADWORK_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])  # this venv's gradwork
    env["GITHUB_OUTPUT"] = str(tmp_path / "github_output")
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "step_summary.md")
    return env


@pytest.mark.parametrize("pass_when_incomplete, red", [(False, True), (True, False)])
def test_the_steps_grade_write_the_report_and_the_summary(tmp_path, pass_when_incomplete, red):
    root = tmp_path / "repo"
    shutil.copytree(FAKE_COURSE, root)
    shutil.copyfile(FAKE_COURSE / "solutions/sibling.py", root / "exercises/sibling.py")  # one of two done
    env = local_env(tmp_path)
    Path(env["GITHUB_STEP_SUMMARY"]).write_text("")
    by_name = steps(load(ci.workflow(pass_when_incomplete=pass_when_incomplete)))
    outputs: dict = {}
    done = {name: run_step(by_name[name], root, env, outputs) for name in LOCAL_STEPS}

    assert done["Grade"].returncode == 0, done["Grade"].stderr  # the step itself never fails
    assert outputs["grade"] == {"status": "1"}  # gradwork's exit status: not everything passes
    report = json.loads((root / "gradwork-report.json").read_text())
    assert {e["id"]: e["status"] for e in report["exercises"]} == {"arith": "not_started", "sibling": "passed"}

    assert done["Summary"].returncode == 0, done["Summary"].stderr
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    assert "|" in summary and "arith" in summary and "sibling" in summary  # a table of the scores

    assert (done["Verdict"].returncode != 0) is red, done["Verdict"].stdout
    assert ("::error" if red else "::notice") in done["Verdict"].stdout


@pytest.mark.parametrize("status, red", [("0", False), ("1", True), ("2", True), ("3", True), ("", True)])
def test_the_verdict_follows_the_exit_status(tmp_path, status, red):
    """2 and 3 are red whatever the choice for 1; an empty status (the Grade step never
    ran) is red too."""
    for pass_when_incomplete in (False, True):
        verdict = steps(load(ci.workflow(pass_when_incomplete=pass_when_incomplete)))["Verdict"]
        done = run_step(verdict, tmp_path, local_env(tmp_path), {"grade": {"status": status}})
        assert (done.returncode != 0) is (red and not (pass_when_incomplete and status == "1")), (status, pass_when_incomplete, done.stdout)
    if status == "3":
        assert "not your fault" in done.stdout
