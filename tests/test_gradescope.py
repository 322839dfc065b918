"""``gradwork gradescope``: the autograder zip, and its run_autograder run for real.

The zip is unpacked into ``tmp/autograder/source`` as Gradescope unpacks it,
submissions go into ``tmp/autograder/submission``, and the zip's own
``run_autograder`` runs (with this venv's Python in place of the one setup.sh
would install). Each results.json is checked against Gradescope's
specification (tests/schemas/gradescope-results.schema.json) and against what
Gradescope relies on: the same tests, in the same order, for every submission;
points that add up exactly; nothing of this machine shown to the student.

The autograder grades two exercises (zeros_init, and broadcasting with its
vectorised rules): the one run that grades every property (the reference
solutions, marked slow) takes about 20 s; the others stop early.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from graders.classroom import gradescope
from graders.course import load_course

from .conftest import ROOT, cli_env, run_cli

# One worker builds this module's shared fixtures once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("gradescope")

IDS = ["zeros_init", "broadcasting"]
SCHEMA = json.loads((ROOT / "tests/schemas/gradescope-results.schema.json").read_text())
FAKE_COURSE = Path(__file__).resolve().parent / "fake_course"


def build(output: Path, *ids: str, course: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cli("--course", course, "gradescope", "--output", output, *ids, env=env)


def unpack(archive: Path, dest: Path) -> None:
    """Extract as unzip does: with each entry's Unix mode (Python's zipfile drops it)."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, dest))
            os.chmod(path, (info.external_attr >> 16) & 0o777)


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("build") / "autograder.zip"
    done = build(output, *IDS)
    assert done.returncode == 0, done.stderr
    return output


# -- the zip ---------------------------------------------------------------------------------
def test_the_zip_holds_the_scripts_and_what_grading_needs_and_nothing_else(built):
    with zipfile.ZipFile(built) as zf:
        infos = zf.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    for needed in ("setup.sh", "run_autograder", "course.toml", "pyproject.toml", "constraints.txt", "README.md",
                   "graders/__main__.py", "graders/properties/zeros_init.py", "graders/mistakes/broadcasting.py",
                   "solutions/zeros_init.py", "exercises/zeros_init.py", gradescope.SECRET_FILE, gradescope.FALLBACK_FILE):
        assert needed in names, needed
    for name in names:
        parts = name.split("/")
        assert parts[0] not in ("tests", "docs", "bench", "site", "gradwork.egg-info"), name
        assert not any(part.startswith(".") or part == "__pycache__" for part in parts), name
        assert not name.endswith(".pyc"), name
    modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in infos}
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert modes[gradescope.SECRET_FILE] == 0o600
    assert all(mode == 0o644 for name, mode in modes.items() if name not in ("setup.sh", "run_autograder", gradescope.SECRET_FILE))
    assert {info.date_time for info in infos} == {gradescope.ZIP_DATE}


def test_the_scripts_install_with_the_pins_and_grade_the_chosen_exercises(built, tmp_path):
    unpack(built, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    assert "apt-get install -y -qq bubblewrap python3 python3-venv" in setup
    assert '.venv/bin/pip" install -q -c "$SOURCE/constraints.txt" -e "$SOURCE"' in setup
    run = (tmp_path / "run_autograder").read_text()
    assert run.startswith("#!/usr/bin/env bash\n")
    assert 'autograde "$ROOT/submission" zeros_init broadcasting --output "$RESULTS"' in run
    for script in ("setup.sh", "run_autograder"):
        assert subprocess.run(["bash", "-n", str(tmp_path / script)]).returncode == 0, script
    assert (tmp_path / gradescope.SECRET_FILE).read_text() == load_course(ROOT).grading.seed()


def test_building_twice_gives_the_same_bytes(built, tmp_path):
    again = tmp_path / "again.zip"
    assert build(again, *reversed(IDS)).returncode == 0  # and the order on the command line does not matter
    assert again.read_bytes() == built.read_bytes()


def instructor_course(tmp_path: Path, secret: str | None) -> Path:
    """The fake course, installable (project files and the engine), with or without a secret."""
    root = tmp_path / "course"
    shutil.copytree(FAKE_COURSE, root)
    for name in ("pyproject.toml", "constraints.txt", "README.md"):
        shutil.copyfile(ROOT / name, root / name)
    shutil.copytree(ROOT / "graders", root / "graders", ignore=shutil.ignore_patterns("__pycache__"))
    if secret:
        with open(root / "course.toml", "a") as manifest:
            manifest.write(f'\n[grading]\nsecret_seed = "{secret}"\n')
    return root


def test_a_course_without_a_secret_seed_is_refused(tmp_path):
    root = instructor_course(tmp_path, secret=None)
    env = {k: v for k, v in cli_env().items() if k != "GRADWORK_SECRET_SEED"}
    done = build(tmp_path / "autograder.zip", course=root, env=env)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "secret_seed" in done.stderr
    assert not (tmp_path / "autograder.zip").exists()


def test_the_secret_from_the_environment_goes_into_the_zip_without_a_note(tmp_path):
    root = instructor_course(tmp_path, secret="from-course-toml")
    done = build(tmp_path / "autograder.zip", course=root, env=cli_env(GRADWORK_SECRET_SEED="from-the-environment"))
    assert done.returncode == 0, done.stderr
    assert "note" not in done.stderr
    with zipfile.ZipFile(tmp_path / "autograder.zip") as zf:
        assert zf.read(gradescope.SECRET_FILE) == b"from-the-environment"
        assert "solutions/arith.py" in zf.namelist() and "properties/arith.py" in zf.namelist()

    noted = build(tmp_path / "again.zip", course=root, env={k: v for k, v in cli_env().items() if k != "GRADWORK_SECRET_SEED"})
    assert noted.returncode == 0 and "note" in noted.stderr and len(noted.stderr.strip().splitlines()) == 1


def test_a_course_that_cannot_be_installed_is_refused(tmp_path):
    root = instructor_course(tmp_path, secret="s")
    (root / "constraints.txt").unlink()
    done = build(tmp_path / "autograder.zip", course=root)
    assert done.returncode == 2 and "constraints.txt" in done.stderr and len(done.stderr.strip().splitlines()) == 1


# -- run_autograder, as Gradescope runs it ------------------------------------------------------
def autograder(built: Path, tmp_path: Path) -> Path:
    """/autograder as Gradescope lays it out: the zip in source/, an empty submission/."""
    root = tmp_path / "autograder"
    unpack(built, root / "source")
    (root / "submission").mkdir()
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"id": 4321, "email": "s@example.edu", "name": "S"}]}))
    return root


def run_autograder(root: Path, **env) -> tuple[dict, subprocess.CompletedProcess]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GRADWORK_")}
    clean.update({gradescope.ROOT_ENV: str(root), gradescope.PYTHON_ENV: sys.executable, **env})
    done = subprocess.run([str(root / "source/run_autograder")], cwd=root, env=clean, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results/results.json").read_text()), done


def fallback(root: Path) -> dict:
    return json.loads((root / "source" / gradescope.FALLBACK_FILE).read_text())


def student_text(results: dict) -> str:
    """Everything a student can read in results.json."""
    return "\n".join([results.get("output", "")] + [f"{t.get('name', '')}\n{t.get('output', '')}" for t in results["tests"]])


def check_results(results: dict, root: Path, tmp_path: Path) -> None:
    jsonschema.validate(results, SCHEMA)
    # Gradescope compares students test by test: the same tests, in the same order,
    # as the fallback (every test of the two exercises, listed without running).
    expected = fallback(root)["tests"]
    assert [t["name"] for t in results["tests"]] == [t["name"] for t in expected]
    assert [t["max_score"] for t in results["tests"]] == [t["max_score"] for t in expected]
    assert round(sum(t["max_score"] for t in results["tests"]), 2) == 20.0  # the two exercises' points, exactly
    assert results["score"] == round(sum(t["score"] for t in results["tests"]), 2)
    assert all("visibility" in t for t in results["tests"])
    assert "execution_time" in results
    text = json.dumps(results)
    assert "/tmp" not in text and str(tmp_path) not in text
    shown = student_text(results)
    assert "exercises/" not in shown and "gradwork " not in shown, shown


def put(root: Path, folder: str, sources: dict[str, str]) -> None:
    target = root / "submission" / folder
    target.mkdir(parents=True, exist_ok=True)
    for name, source in sources.items():
        (target / name).write_text(source)


@pytest.mark.slow
def test_the_reference_solutions_nested_in_a_folder_get_full_marks(built, tmp_path):
    root = autograder(built, tmp_path)
    put(root, "exercises", {f"{i}.py": (ROOT / "solutions" / f"{i}.py").read_text() for i in IDS})
    results, done = run_autograder(root)
    check_results(results, root, tmp_path)
    assert results["score"] == 20.0
    assert all(t["status"] == "passed" and t["score"] == t["max_score"] for t in results["tests"])
    assert results["extra_data"]["isolation"] in ("strong", "uid")
    assert results["extra_data"]["meta"]["student"] == "4321" and results["extra_data"]["meta"]["strength"] == "hidden"
    assert "found: zeros_init, broadcasting" in done.stdout  # the instructor's log


def test_untouched_stubs_score_zero_as_not_started(built, tmp_path):
    root = autograder(built, tmp_path)
    put(root, "", {f"{i}.py": (ROOT / "exercises" / f"{i}.py").read_text() for i in IDS})
    results, _ = run_autograder(root)
    check_results(results, root, tmp_path)
    assert results["score"] == 0.0
    assert all(t["status"] == "failed" for t in results["tests"])
    assert "not started" in results["output"]


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid isolation level needs root (Gradescope runs the autograder as root)")
def test_at_the_uid_level_as_on_gradescope(built, tmp_path):
    """Gradescope's containers run as root without user namespaces: the uid level."""
    root = autograder(built, tmp_path)
    put(root, "", {"zeros_init.py": (ROOT / "solutions/zeros_init.py").read_text(), "broadcasting.py": (ROOT / "exercises/broadcasting.py").read_text()})
    results, _ = run_autograder(root, GRADWORK_ISOLATION="uid")
    check_results(results, root, tmp_path)
    assert results["extra_data"]["isolation"] == "uid"
    assert results["score"] == 10.0 and "broadcasting (Broadcasting): 0 / 10 — not started" in results["output"]


def test_a_syntax_error_and_a_missing_module_cost_only_their_exercises(built, tmp_path):
    root = autograder(built, tmp_path)
    put(root, "", {"zeros_init.py": "def init_zeros(n_in, n_out:\n    pass\n"})
    results, _ = run_autograder(root)
    check_results(results, root, tmp_path)
    assert results["score"] == 0.0
    assert "zeros_init.py:1: syntax error" in results["output"] and "broadcasting.py is missing" in results["output"]


def test_an_empty_submission_says_what_was_looked_for(built, tmp_path):
    root = autograder(built, tmp_path)
    results, _ = run_autograder(root)
    check_results(results, root, tmp_path)
    assert results["score"] == 0.0
    assert results["output"].startswith("no exercise module found (looked for zeros_init.py")


def test_when_python_cannot_start_the_fallback_lists_every_test(built, tmp_path):
    root = autograder(built, tmp_path)
    results, done = run_autograder(root, **{gradescope.PYTHON_ENV: str(tmp_path / "no-python")})
    assert results == fallback(root)
    check_results(results, root, tmp_path)
    assert results["score"] == 0.0
    assert all(gradescope.FAILED_MESSAGE in t["output"] for t in results["tests"])
    assert "fallback" in done.stdout


def test_when_the_sandbox_is_too_weak_every_test_says_the_autograder_failed(built, tmp_path):
    root = autograder(built, tmp_path)
    put(root, "", {"zeros_init.py": (ROOT / "solutions/zeros_init.py").read_text()})
    results, done = run_autograder(root, GRADWORK_ISOLATION="basic")  # below uid: refused for credit
    check_results(results, root, tmp_path)
    assert results["score"] == 0.0
    assert all(gradescope.FAILED_MESSAGE in t["output"] for t in results["tests"])
    assert "status 2" in done.stdout and "isolation 'uid' or better" in done.stderr  # for the instructor


def test_a_crash_inside_grading_still_writes_every_test_and_no_path(tmp_path, monkeypatch, capsys):
    course = load_course(ROOT)
    secret_path = tmp_path / "private" / "thing.py"

    def crash(*args, **kwargs):
        raise RuntimeError(f"cannot open {secret_path}")

    monkeypatch.setattr(gradescope, "grade", crash)
    output = tmp_path / "results" / "results.json"
    result = gradescope.autograde(course, tmp_path / "submission", output, ["zeros_init"], level="uid")
    assert result.grader_problem
    results = json.loads(output.read_text())
    jsonschema.validate(results, SCHEMA)
    assert [t["name"].split(": ")[0] for t in results["tests"]] == ["zeros_init"] * 4
    assert all(t["score"] == 0 and gradescope.FAILED_MESSAGE in t["output"] for t in results["tests"])
    assert str(tmp_path) not in output.read_text()
    assert "RuntimeError" in capsys.readouterr().err  # the traceback, for the instructor's log
