"""The real course: the maintainer's check, and the same grade every time."""

from __future__ import annotations

import pytest

from graders.course import load_course
from graders.dev.check import problems
from graders.engine import loading, variants
from graders.engine.runner import grade_exercise

from .conftest import ROOT, make_target, run_cli

COURSE = load_course(ROOT)


def test_dev_check_passes():
    """Manifest, stubs, solutions, graders, mistakes and lessons agree, the
    course meets its standards (bank sizes, figures, the import rule, docstring
    examples); every untouched stub is not_started and every solution passes."""
    assert problems(COURSE, standards=True) == []


def test_dev_check_command_exit_status():
    proc = run_cli("dev", "check", "--quick")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _strip_times(data: dict) -> dict:
    data.pop("seconds", None)
    for prop in data["properties"]:
        prop.pop("seconds", None)
    return data


@pytest.mark.parametrize("exercise", COURSE.exercises, ids=lambda e: e.id)
def test_grading_twice_gives_identical_results(tmp_path, exercise):
    bank = variants.collect(loading.load("mistakes", COURSE.mistakes_dir, exercise.id))
    wrong = next(v for v in bank if v.diagnose)
    source = wrong.module_source(COURSE.solution_path(exercise).read_text())
    target = make_target(tmp_path, COURSE, {exercise.id: source})
    first = _strip_times(grade_exercise(COURSE, exercise, target).to_dict())
    second = _strip_times(grade_exercise(COURSE, exercise, target).to_dict())
    assert first["status"] == "failed"
    assert first == second
