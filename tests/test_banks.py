"""Every grader rejects its bank of known mistakes and accepts honest alternatives,
and the fast path grades each of them exactly as a plain Hypothesis run does.

The mistakes live in graders/mistakes/<id>.py (they double as the diagnosis
bank); the alternatives in tests/alternatives/<id>.py. Each is the reference
module with one function rewritten, graded through the real engine twice: with
the recorded examples replayed (engine/replay.py, the default) and the plain
way (``fast=False``). The two JSON reports must be identical, timings aside.
"""

from __future__ import annotations

import importlib

import pytest

from graders.course import load_course
from graders.dev.standards import MIN_ALTERNATIVES, MIN_MISTAKES
from graders.engine import loading, variants
from graders.results import FAILED, PASSED

from .conftest import ROOT, grade_source, timeless

COURSE = load_course(ROOT)


def _mistakes(exercise):
    module = loading.load_optional("mistakes", COURSE.mistakes_dir, exercise.id)
    return variants.collect(module) if module else []


def _alternatives(exercise):
    try:
        module = importlib.import_module(f"tests.alternatives.{exercise.id}")
    except ModuleNotFoundError:
        return []
    return variants.collect(module)


MISTAKES = [(e.id, v) for e in COURSE.exercises for v in _mistakes(e)]
ALTERNATIVES = [(e.id, v) for e in COURSE.exercises for v in _alternatives(e)]


@pytest.mark.parametrize("exercise", COURSE.exercises, ids=lambda e: e.id)
def test_bank_sizes(exercise):
    assert len(_mistakes(exercise)) >= MIN_MISTAKES, f"{exercise.id}: only {len(_mistakes(exercise))} known mistakes"
    assert len(_alternatives(exercise)) >= MIN_ALTERNATIVES, f"{exercise.id}: only {len(_alternatives(exercise))} alternatives"


def _verdicts(report: dict) -> list:
    """What a report decides, without the values a random source put in its messages."""
    return [(p["key"], p["status"], p.get("score"), (p.get("diagnosis") or {}).get("id")) for p in report["properties"]]


def graded_both_ways(tmp_path, course, exercise_id: str, source: str, functions: list):
    """The fast path's result, after checking that a plain run reports the same."""
    for name in ("fast", "plain", "again"):
        (tmp_path / name).mkdir()
    fast = grade_source(tmp_path / "fast", course, exercise_id, source, functions=functions)
    plain = grade_source(tmp_path / "plain", course, exercise_id, source, functions=functions, fast=False)
    fast_report, plain_report = timeless(fast.to_dict()), timeless(plain.to_dict())
    if fast_report != plain_report:
        # Code that draws from an unseeded source (np.random.default_rng()) reports
        # different numbers on every run, plain or fast: then only the verdicts must agree.
        again = timeless(grade_source(tmp_path / "again", course, exercise_id, source, functions=functions, fast=False).to_dict())
        if again == plain_report:
            assert fast_report == plain_report, "the fast path and a plain Hypothesis run disagree:\n" + _first_difference(plain_report, fast_report)
        assert _verdicts(fast_report) == _verdicts(plain_report)
    return fast


def _first_difference(plain, fast, path="report") -> str:
    if isinstance(plain, dict) and isinstance(fast, dict):
        for key in sorted(set(plain) | set(fast)):
            if plain.get(key) != fast.get(key):
                return _first_difference(plain.get(key), fast.get(key), f"{path}[{key!r}]")
    if isinstance(plain, list) and isinstance(fast, list) and len(plain) == len(fast):
        for index, (a, b) in enumerate(zip(plain, fast)):
            if a != b:
                return _first_difference(a, b, f"{path}[{index}]")
    return f"{path}: plain {plain!r}\n{' ' * len(path)}  fast  {fast!r}"


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id,variant", MISTAKES, ids=[f"{e}-{v.key}" for e, v in MISTAKES])
def test_mistake_is_rejected_and_named(tmp_path, course, exercise_id, variant):
    base = course.solution_path(course.get(exercise_id)).read_text()
    # The replaced function's own properties must reject and name it; the
    # rest of the exercise is the reference and would only cost time.
    result = graded_both_ways(tmp_path, course, exercise_id, variant.module_source(base), [variant.replaces])
    failing = [p for p in result.properties if p.status == FAILED]
    assert result.status == FAILED, f"{variant.title!r} was not rejected: {result.status} {result.message}"
    assert failing, result.message
    if variant.diagnose:
        named = [p.diagnosis.id for p in failing if p.diagnosis]
        assert variant.key in named, f"{variant.title!r} was rejected but diagnosed as {named or 'nothing'}; first failure: {failing[0].message}"


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id,variant", ALTERNATIVES, ids=[f"{e}-{v.key}" for e, v in ALTERNATIVES])
def test_alternative_passes(tmp_path, course, exercise_id, variant):
    base = course.solution_path(course.get(exercise_id)).read_text()
    # The replaced function's own properties must accept it (as for the mistakes,
    # the rest of the exercise is the reference and would only cost time).
    result = graded_both_ways(tmp_path, course, exercise_id, variant.module_source(base), [variant.replaces])
    failure = result.first_failure
    assert result.status == PASSED, f"{variant.title!r} was rejected: {failure.message if failure else result.message} {failure.detail if failure else ''}"
