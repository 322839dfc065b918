"""Course copies for the student-loop tests (watch, solution, reset, hint, notebook).

``zeros_course`` builds a small course in a temporary folder: the real
``zeros_init`` exercise (its solution and a freshly generated stub), with a
course.toml that points at this checkout's properties, mistakes and lessons by
absolute path, so the copy grades exactly as the real course does while other
exercises are being written. ``fake_course`` copies the engine's two-exercise
fixture course (arith, sibling), for moving from one exercise to the next.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from graders.dev.stubs import make_stub

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
FAKE = Path(__file__).parent / "fake_course"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def zeros_course(tmp_path: Path, ids=("zeros_init",)) -> Path:
    real = tomllib.loads((ROOT / "course.toml").read_text(encoding="utf-8"))
    meta = real.get("course", {})
    root = tmp_path / "course"
    (root / "exercises").mkdir(parents=True)
    (root / "solutions").mkdir()
    for folder in ("exercises", "solutions"):
        (root / folder / "__init__.py").write_text((ROOT / folder / "__init__.py").read_text())
    lines = ["[course]", f"title = {_toml_value(meta.get('title', 'gradwork'))}"]
    lines += ['exercises = "exercises"', 'solutions = "solutions"']
    for key, default in (("properties", "graders/properties"), ("mistakes", "graders/mistakes"), ("docs", "docs")):
        lines.append(f"{key} = {_toml_value(str(ROOT / meta.get(key, default)))}")
    lines += ["", "[sandbox]"] + [f"{k} = {_toml_value(v)}" for k, v in real.get("sandbox", {}).items()]
    for entry in real["exercise"]:
        if entry["id"] in ids:
            lines += ["", "[[exercise]]"] + [f"{k} = {_toml_value(v)}" for k, v in entry.items()]
            solution = (ROOT / "solutions" / f"{entry['id']}.py").read_text()
            (root / "solutions" / f"{entry['id']}.py").write_text(solution)
            (root / "exercises" / f"{entry['id']}.py").write_text(make_stub(solution, entry["id"]))
    (root / "course.toml").write_text("\n".join(lines) + "\n")
    return root


def fake_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FAKE, root, ignore=shutil.ignore_patterns("__pycache__", ".gradwork"))
    return root


def solution(exercise_id: str = "zeros_init") -> str:
    return (ROOT / "solutions" / f"{exercise_id}.py").read_text()


def wrong_zeros_init() -> str:
    """A zeros_init whose W is transposed: two properties fail, two hold."""
    source = solution()
    wrong = source.replace("np.zeros((n_in, n_out))", "np.zeros((n_out, n_in))")
    assert wrong != source
    return wrong


def grade_arith_both_ways(root: Path, source: str, tmp_path: Path):
    """Grade ``source`` as the fake course's arith (sibling: its solution), the fast
    way and the plain way (``fast=False``), at basic: (fast report, plain report)."""
    import textwrap

    from graders.course import load_course
    from graders.engine.runner import grade_exercise

    course = load_course(root)
    target = tmp_path / "target"
    target.mkdir(exist_ok=True)
    shutil.copyfile(root / "solutions" / "sibling.py", target / "sibling.py")
    (target / "arith.py").write_text(textwrap.dedent(source))
    exercise = course.get("arith")
    fast = grade_exercise(course, exercise, target, level="basic")
    plain = grade_exercise(course, exercise, target, level="basic", fast=False)
    return fast, plain
