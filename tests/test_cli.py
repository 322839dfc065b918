"""The command line as a student and an instructor use it (SPEC §3, §4)."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

FAKE = Path(__file__).parent / "fake_course"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FAKE, root, ignore=shutil.ignore_patterns("__pycache__", ".gradwork"))
    return root


def test_bare_command_greets_a_newcomer(tmp_path):
    root = _copy(tmp_path)
    proc = run_cli(cwd=root)
    assert proc.returncode == 1
    out = " ".join(proc.stdout.split())  # the report wraps at the terminal's width
    assert "Welcome!" in out and "0/2 exercises" in out and "not started" in out
    assert "arith" in out and "exercises/arith.py" in out
    assert "gradwork hint arith" in out and "lesson" in out


def test_json_is_exactly_one_document_matching_the_spec(tmp_path):
    root = _copy(tmp_path)
    (root / "exercises" / "sibling.py").write_text((root / "solutions" / "sibling.py").read_text())
    proc = run_cli("check", "--format", "json", cwd=root)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["version"] == 1 and data["max_score"] == 10.0 and data["score"] == 4.0
    statuses = {e["id"]: e["status"] for e in data["exercises"]}
    assert statuses == {"arith": "not_started", "sibling": "passed"}
    for exercise in data["exercises"]:
        assert {"id", "status", "score", "max_score", "message", "properties"} <= exercise.keys()
        for prop in exercise["properties"]:
            assert {"name", "function", "status", "examples", "message"} <= prop.keys()
    sibling = data["exercises"][1]
    assert sibling["properties"][0]["examples"] >= 100


def test_solutions_pass_with_exit_zero():
    proc = run_cli("--course", FAKE, "check", "--target", FAKE / "solutions", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert all(e["status"] == "passed" for e in json.loads(proc.stdout)["exercises"])


@pytest.mark.parametrize(
    "args,words",
    [
        (["check", "nope"], "unknown exercise 'nope'"),
        (["check", "--target", "/no/such/dir"], "no such folder"),
        (["check", "--format", "yaml"], "invalid choice"),
        (["hint", "nope"], "unknown exercise"),
        (["--frobnicate"], "unrecognized arguments"),
        (["check", "arith", "sibling", "--property", "x"], "--property needs exactly one"),
        (["check", "--jobs", "0"], "--jobs 0"),
        (["check", "arith", "--property", "nope"], "has no property 'nope'; its properties are: double_values"),
        (["check", "arith", "--property", "vectorised:total"], "has no property 'vectorised:total'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, words):
    proc = run_cli("--course", FAKE, *args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr


def test_outside_a_course_is_a_clear_error(tmp_path):
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 2 and "no course.toml" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_broken_manifest_is_a_clear_error(tmp_path):
    root = _copy(tmp_path)
    (root / "course.toml").write_text("[[exercise]]\nid = 3\n")
    proc = run_cli(cwd=root)
    assert proc.returncode == 2 and "course.toml" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_syntax_error_and_missing_file_are_errors_not_crashes(tmp_path):
    root = _copy(tmp_path)
    (root / "exercises" / "arith.py").write_text("def double(x)\n    return x\n")
    (root / "exercises" / "sibling.py").unlink()
    proc = run_cli("check", "--format", "json", cwd=root)
    assert proc.returncode == 1
    arith, sibling = json.loads(proc.stdout)["exercises"]
    assert arith["status"] == "error" and "exercises/arith.py:1: syntax error" in arith["message"]
    assert sibling["status"] == "error" and "missing" in sibling["message"] and "gradwork reset sibling" in sibling["message"]


def test_gradescope_results_json(tmp_path):
    root = _copy(tmp_path)
    (root / "exercises" / "sibling.py").write_text((root / "solutions" / "sibling.py").read_text())
    out = tmp_path / "results" / "results.json"
    proc = run_cli("check", "--format", "gradescope", "--output", out, cwd=root)
    assert proc.returncode == 1 and proc.stdout == ""
    data = json.loads(out.read_text())
    assert data["score"] == 4.0
    assert {t["status"] for t in data["tests"]} == {"passed", "failed"}
    assert abs(sum(t["max_score"] for t in data["tests"]) - 10.0) < 1e-6
    assert all({"name", "score", "max_score", "output", "visibility"} <= t.keys() for t in data["tests"])


def test_junit_xml_parses_and_counts(tmp_path):
    root = _copy(tmp_path)
    proc = run_cli("check", "--format", "junit", cwd=root)
    tree = ET.fromstring(proc.stdout.split("?>", 1)[1])
    assert tree.tag == "testsuites"
    # arith: two properties and the vectorised rule; sibling: one property; all not started, so all fail.
    assert int(tree.get("tests")) == 4 and int(tree.get("failures")) == 4 and int(tree.get("errors")) == 0 and tree.get("skipped") is None
    assert [s.get("name") for s in tree.findall("testsuite")] == ["arith", "sibling"]


def test_replay_reruns_only_the_failing_property(tmp_path):
    root = _copy(tmp_path)
    (root / "exercises" / "arith.py").write_text("import numpy as np\n\ndef double(x):\n    return x + 2.0\n\ndef total(x):\n    return float(np.sum(x))\n")
    first = json.loads(run_cli("check", "arith", "--format", "json", cwd=root).stdout)["exercises"][0]
    replay = first["replay"]
    assert replay.startswith("gradwork check arith --property ")
    again = run_cli(*replay.split()[1:], "--format", "json", cwd=root)
    props = json.loads(again.stdout)["exercises"][0]["properties"]
    assert [p["key"] for p in props] == ["double_values"]
    failing = [p for p in first["properties"] if p["key"] == "double_values"][0]
    assert props[0]["call"] == failing["call"] and props[0]["message"] == failing["message"]
    assert props[0]["diagnosis"]["id"] == "double_plus_two"


def test_hint_advances_through_the_tiers(tmp_path):
    root = _copy(tmp_path)
    seen = [run_cli("hint", "arith", cwd=root).stdout for _ in range(4)]
    assert "Hint 1 of 3" in seen[0] and "Look at the shapes." in seen[0]
    assert "Hint 2 of 3" in seen[1] and "Hint 3 of 3" in seen[2] and "last hint" in seen[2]
    assert "Hint 3 of 3" in seen[3]


def test_hint_without_an_id_means_the_current_exercise(tmp_path):
    root = _copy(tmp_path)
    assert "for arith" in run_cli("hint", cwd=root).stdout
    (root / "exercises" / "arith.py").write_text((root / "solutions" / "arith.py").read_text())
    run_cli("check", cwd=root)  # records that arith passes
    assert "for sibling" in run_cli("hint", cwd=root).stdout


def test_python_dash_m_graders_is_the_same_command():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "gradwork" in proc.stdout and "check" in proc.stdout


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "readme_block setup" in ci and "readme_block test" in ci
    assert "<!-- ci:setup -->" in readme and "<!-- ci:test -->" in readme


# -- the version, usage errors, the layers, the docs dependencies -----------------------------
def test_version_works_anywhere(tmp_path):
    from graders import __version__

    for cwd in (tmp_path, ROOT):  # outside a course folder too
        proc = run_cli("--version", cwd=cwd)
        assert proc.returncode == 0 and proc.stdout.strip() == f"gradwork {__version__}", proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "args,helps",
    [
        (["hint", "--bogus"], "see `gradwork hint --help`"),
        (["check", "arith", "--bogus"], "see `gradwork check --help`"),
        (["list", "extra"], "see `gradwork list --help`"),
        (["dev", "check", "--bogus"], "see `gradwork dev check --help`"),
        (["solution", "arith", "--bogus"], "see `gradwork solution --help`"),
        (["--frobnicate", "hint"], "see `gradwork --help`"),
    ],
)
def test_usage_errors_point_at_the_subcommand(args, helps):
    proc = run_cli("--course", FAKE, *args)
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.strip().splitlines()
    assert "unrecognized arguments" in line and helps in line, line


@pytest.mark.parametrize("command", [["hint"], ["check"], ["solution"], ["reset"], ["watch"], ["check", "arith"]])
def test_an_unknown_exercise_is_one_line_listing_the_ids(command):
    proc = run_cli("--course", FAKE, *command, "nope")
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.strip().splitlines()
    assert "unknown exercise 'nope'" in line and "the exercises are: arith, sibling" in line, line


def test_usage_error_lives_below_the_command_line():
    from graders.cli.main import UsageError as from_cli
    from graders.errors import UsageError

    assert from_cli is UsageError  # the old import still works


def test_docs_dependencies_come_with_the_readme_install():
    """`gradwork docs` is advertised to students: what it needs is installed by the README's
    set-up command (`pip install -c constraints.txt -e .`) and pinned in constraints.txt."""
    import re
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    name = lambda requirement: re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()  # noqa: E731
    defaults = {name(r) for r in project["dependencies"]}
    pins = {name(line) for line in (ROOT / "constraints.txt").read_text().splitlines() if "==" in line and not line.startswith("#")}
    for needed in ("mkdocs", "mkdocs-material", "matplotlib"):
        assert needed in defaults, f"{needed} is not installed by `pip install -e .`"
        assert needed in pins, f"{needed} is not pinned in constraints.txt"
    assert {name(r) for r in project["optional-dependencies"].get("docs", [])} <= defaults
    readme = (ROOT / "README.md").read_text()
    setup = readme.split("<!-- ci:setup -->", 1)[1].split("```", 2)[1]
    assert "-c constraints.txt -e ." in setup and "gradwork docs" in readme
    from graders.cli.docs import _require_mkdocs

    _require_mkdocs()  # this environment was set up as the README says: no UsageError


def test_the_command_line_sets_one_blas_thread_and_no_plugins_before_numpy():
    """graders/cli/__init__.py sets them before anything imports numpy or Hypothesis
    (they are read only then); a value someone set stands."""
    import subprocess
    import sys

    from graders import ONE_THREAD

    probe = ("import os, sys, graders.cli\n"
             "assert 'numpy' not in sys.modules and 'hypothesis' not in sys.modules, sorted(sys.modules)\n"
             "print(' '.join(f'{n}={os.environ[n]}' for n in sorted(os.environ) if n.endswith('_THREADS') or n == 'HYPOTHESIS_NO_PLUGINS'))")
    env = {name: value for name, value in os.environ.items() if name not in ONE_THREAD and name != "HYPOTHESIS_NO_PLUGINS"}
    env["PYTHONPATH"] = str(ROOT)
    env["OMP_NUM_THREADS"] = "3"  # the caller's own choice
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout.split()
    values = dict(item.split("=", 1) for item in out)
    assert values["OMP_NUM_THREADS"] == "3"
    assert values["HYPOTHESIS_NO_PLUGINS"] == "1"
    assert all(values[name] == "1" for name in ONE_THREAD if name != "OMP_NUM_THREADS"), values
