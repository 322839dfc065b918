"""Shared fixtures: the real course, and grading a piece of source through the engine.

An expensive fixture (a graded batch, a built edition) is session-scoped even
when one module uses it: pytest tears a module-scoped fixture down whenever a
worker moves on to another module, and builds it again if that module's tests
come back. Its module's xdist_group keeps its tests on one worker (see
tests/test_suite.py), so it is built once per suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graders.course import load_course
from graders.engine.runner import grade_exercise

ROOT = Path(__file__).resolve().parents[1]


# The suite reads English unless a test asks for another language: a Korean
# locale (or GRADWORK_LANG) on the machine running it must not change what the
# English tests see. Tests of the languages set these themselves.
os.environ["GRADWORK_LANG"] = "en"
# Every copy of the course a test makes shares one cache of recorded examples
# (engine/replay.py; its keys are the sources' content, so copies share safely):
# each exercise is recorded once for the whole suite, not once per copy.
os.environ.setdefault("GRADWORK_CACHE", str(ROOT / ".gradwork" / "cache"))


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A test that switched this process to another language leaves it in English."""
    yield
    from graders import i18n

    if i18n.current() != "en":
        i18n.use("en")


@pytest.fixture(scope="session")
def course():
    return load_course(ROOT)


def make_target(tmp_path: Path, course, replacements: dict[str, str]) -> Path:
    """A target folder: every reference solution, with some modules replaced."""
    target = tmp_path / "target"
    target.mkdir(exist_ok=True)
    for path in course.solutions_dir.glob("*.py"):
        if path.name != "__init__.py":
            shutil.copyfile(path, target / path.name)
    for exercise_id, source in replacements.items():
        (target / f"{exercise_id}.py").write_text(source)
    return target


_ZYGOTES: dict = {}


def _zygote(course, target: Path):
    """One zygote per test process (graders/sandbox/zygote.py), as `gradwork watch` keeps one:
    its copy of the files refreshed for each target, started again if a test's run reaped it."""
    import atexit

    from graders.sandbox import isolation
    from graders.sandbox.client import start_zygote

    level = isolation.choose()
    key = (level, tuple(course.sandbox.packages))
    zygote = _ZYGOTES.get(key)
    if zygote is not None and (zygote.process is None or zygote.process.poll() is not None):
        zygote.close()
        zygote = None
    if zygote is None:
        zygote = start_zygote(target, limits=course.sandbox.limits, packages=course.sandbox.packages, level=level, modules=course.ids())
        if zygote is None:
            return None
        _ZYGOTES[key] = zygote
        atexit.register(zygote.close)
    zygote.target = target
    zygote.refresh()
    return zygote


def grade_source(tmp_path: Path, course, exercise_id: str, source: str, *, functions=None, only=None, fast: bool = True):
    target = make_target(tmp_path, course, {exercise_id: source})
    zygote = _zygote(course, target)
    options = {"zygote": zygote, "level": zygote.level} if zygote is not None else {}
    return grade_exercise(course, course.get(exercise_id), target, functions=functions, only=only, fast=fast, **options)


def timeless(report):
    """A report as data (``to_dict()``), without what the clock decides: the fast path
    and a plain run are compared on everything else."""
    if isinstance(report, dict):
        return {key: timeless(item) for key, item in report.items() if key != "seconds"}
    if isinstance(report, list):
        return [timeless(item) for item in report]
    return report


def cli_env(**extra) -> dict:
    """The environment for running gradwork from any folder: this checkout first."""
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def solution_with(course, exercise_id: str, replacement: str) -> str:
    """The reference solution's source with ``replacement`` appended (later defs win)."""
    base = course.solution_path(course.get(exercise_id)).read_text()
    return base.rstrip() + "\n\n\n" + textwrap.dedent(replacement)


def grade_replacing(tmp_path: Path, course, exercise_id: str, replacement: str, **options):
    """Grade the reference solution with some functions replaced by ``replacement``
    (``options``: grade_source's, such as ``only=`` a property key)."""
    return grade_source(tmp_path, course, exercise_id, solution_with(course, exercise_id, replacement), **options)


def failing(result, function=None) -> list:
    """The failed properties of a result (of one function, if given)."""
    return [p for p in result.properties if p.status == "failed" and function in (None, p.function)]


def feedback_text(prop) -> str:
    """Everything a student reads about one property: message, detail, fix, diagnosis."""
    diagnosis = f"{prop.diagnosis.title} {prop.diagnosis.advice}" if prop.diagnosis else ""
    return " ".join(x for x in (prop.message, prop.detail, prop.advice, diagnosis) if x)


def comparable(report: dict) -> dict:
    """A JSON report without what legitimately differs between two runs (timings, timestamp)."""
    report = dict(report, meta={k: v for k, v in report.get("meta", {}).items() if k != "timestamp"})
    exercises = []
    for exercise in report["exercises"]:
        exercise = {k: v for k, v in exercise.items() if k != "seconds"}
        exercise["properties"] = [{k: v for k, v in p.items() if k != "seconds"} for p in exercise["properties"]]
        exercises.append(exercise)
    return dict(report, exercises=exercises)


def run_cli(*args, cwd=ROOT, timeout=300, env=None, **kwargs):
    """Run the real command line (python -m graders) and capture its output."""
    return subprocess.run([sys.executable, "-m", "graders", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env or cli_env(), **kwargs)
