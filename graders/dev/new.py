"""`gradwork dev new ID`: scaffold a new exercise that `gradwork dev check` flags until it is written.

:func:`scaffold` appends an ``[[exercise]]`` table to course.toml and creates,
from small templates, the exercise's solution, properties, known mistakes,
honest alternatives, lesson and stub. It refuses an invalid id, an id that
course.toml already lists and any file that already exists, before writing
anything, so it never overwrites. Everything the author still has to write
carries the placeholder ``TODO(gradwork dev new)`` (in course.toml: text that
starts with ``TODO``), which `gradwork dev check` reports file by file; the
banks start below the course's minimums (graders/dev/standards.py) and the
lesson has no figure, which the check reports too.

The scaffold is consistent from the start: the one function is named after
the exercise, its property passes against the solution and the untouched
stub comes out not_started.
"""

from __future__ import annotations

import keyword
from pathlib import Path

from ..course import ID_PATTERN, MANIFEST, Course, CourseError, load_course, tomllib
from .check import PLACEHOLDER, alternatives_dir
from .standards import MIN_ALTERNATIVES, MIN_MISTAKES, TODO, import_rule
from .stubs import make_stub


RESERVED = {"np", "numpy"}  # the solution template imports numpy as np


class ScaffoldError(CourseError):
    """The exercise cannot be scaffolded; the message is one line (exit status 2)."""


def _manifest_entry(exercise_id: str) -> str:
    return f'''
[[exercise]]
id = "{exercise_id}"
title = "{TODO}: a short title"
summary = "{TODO}: one sentence, in the student's terms, of what the exercise builds."
lesson = "lessons/{exercise_id}.md"
points = 10
functions = ["{exercise_id}"]
vectorised = []  # functions that must not loop over the data in Python
hints = [
  "{TODO}: a nudge (where to look, what to try first).",
  "{TODO}: the idea (the formula or the numpy function, with the shapes).",
  "{TODO}: nearly the answer (the line of code, in words or in code).",
]
'''


def _solution(exercise_id: str, lesson: str, rule: str) -> str:
    return f'''"""{exercise_id} — {PLACEHOLDER}: what this exercise builds, in one line.

Lesson: {lesson}.  Check your work with `gradwork check {exercise_id}`.
{rule}

{PLACEHOLDER}: the conventions every function here shares (one example per
row or per column, the shapes, the domains of the inputs).
"""

from __future__ import annotations

import numpy as np


def {exercise_id}(x: np.ndarray) -> np.ndarray:
    """{PLACEHOLDER}: one line saying what {exercise_id} returns.

    The contract: the shape and domain of every input, the shape and dtype of
    the result, what must not be modified. Write examples that pass for every
    return form the contract allows: print shapes, float(...) rounded, or
    np.allclose(result, expected), not an array's or an np.float64's repr.

    >>> {exercise_id}(np.array([1.0, -2.0])).shape
    (2,)
    """
    # BEGIN SOLUTION
    return x.copy()  # {PLACEHOLDER}: the model answer
    # END SOLUTION
'''


def _properties(exercise_id: str) -> str:
    return f'''"""Properties of {exercise_id}: {PLACEHOLDER} say what each one claims and why.

Each property draws inputs only from the contract's domain (the docstrings of
solutions/{exercise_id}.py) and compares the student's result with the
reference's; see graders/kit.py for expect_same and the strategies.
"""

import numpy as np

from graders.kit import example, expect_same, given, prop, strategies


@prop("{exercise_id}(x) matches the reference, with x's shape", function="{exercise_id}")
@given(x=strategies.arrays(strategies.shapes(max_side=8), min_value=-10, max_value=10))
@example(x=np.array([1.0, -2.0]))
def {exercise_id}_values(student, reference, x):
    # {PLACEHOLDER}: the real domain, and more properties (stability, shapes, edge cases).
    expect_same(student.{exercise_id}(x), reference.{exercise_id}(x))
'''


def _mistakes(exercise_id: str) -> str:
    return f'''"""Known mistakes in {exercise_id}, each the function rewritten the wrong way.

Diagnosis names them in the feedback, the lesson lists them, and the test
suite proves that the properties reject every one. Write at least
{MIN_MISTAKES}: the wrong versions students really write, each with the fix.
"""

from graders.engine.variants import mistake


@mistake("{exercise_id}", "{PLACEHOLDER}: the mistake, in the student's words",
         advice="{PLACEHOLDER}: how to fix it.")
def {exercise_id}_doubled(x):
    return 2.0 * x
'''


def _alternatives(exercise_id: str) -> str:
    return f'''"""Correct implementations of {exercise_id} written differently: each must pass.

Write at least {MIN_ALTERNATIVES}, so that the properties are provably no
stricter than the contract (other numpy functions, other return forms the
contract allows, another order of operations).
"""

import numpy as np

from graders.engine.variants import alternative


@alternative("{exercise_id}", "{PLACEHOLDER}: what this version does differently")
def {exercise_id}_np_array(x):
    return np.array(x, dtype=np.float64)
'''


def _lesson(exercise_id: str) -> str:
    return f'''# {exercise_id}

<!-- gradwork:card -->

{PLACEHOLDER}: the idea, in the student's terms, with the math written out
(`\\( ... \\)` inline, `$$ ... $$` displayed) and every shape named.

{PLACEHOLDER}: a worked example. Put `<!-- gradwork:run {exercise_id} -->` right
above a fenced python block: it runs against the solution when the site is
built, and its output is shown below it. Add a figure: link
`![what it shows](../figures/NAME.svg)` and draw NAME with `@figure("NAME")`
in graders/docsite/figures/<id>.py.

<!-- gradwork:task -->

<!-- gradwork:hints -->

<!-- gradwork:mistakes -->
'''


def _check_id(course: Course, exercise_id: str) -> None:
    if not ID_PATTERN.match(exercise_id) or keyword.iskeyword(exercise_id) or exercise_id.startswith("test") or exercise_id in RESERVED:
        raise ScaffoldError(
            f"{exercise_id!r} is not a valid exercise id: use a lowercase Python name (letters, digits, _), "
            f"not a keyword, not np or numpy, not starting with 'test'; e.g. softmax"
        )
    if exercise_id in course.ids():
        raise ScaffoldError(f"exercise {exercise_id!r} is already in {MANIFEST}; choose another id (dev new never overwrites)")


def planned_files(course: Course, exercise_id: str) -> dict[str, Path]:
    """What :func:`scaffold` creates for ``exercise_id``, by kind."""
    return {
        "solution": course.solutions_dir / f"{exercise_id}.py",
        "properties": course.properties_dir / f"{exercise_id}.py",
        "mistakes": course.mistakes_dir / f"{exercise_id}.py",
        "alternatives": alternatives_dir(course) / f"{exercise_id}.py",
        "lesson": course.docs_dir / "lessons" / f"{exercise_id}.md",
        "stub": course.exercises_dir / f"{exercise_id}.py",
    }


def scaffold(course_root: Path, exercise_id: str) -> list[Path]:
    """Add exercise ``exercise_id`` to the course at ``course_root``; returns the files written
    (course.toml first). Raises :class:`ScaffoldError` (one line) and writes nothing when it cannot."""
    course = load_course(Path(course_root))
    _check_id(course, exercise_id)
    files = planned_files(course, exercise_id)
    for path in files.values():
        if path.exists():
            raise ScaffoldError(f"{course.display(path)} already exists; dev new never overwrites (move it away or choose another id)")
    manifest = course.root / MANIFEST
    text = manifest.read_text(encoding="utf-8")
    addition = _manifest_entry(exercise_id)
    try:  # the manifest must still parse with the new table
        tomllib.loads(text + ("" if text.endswith("\n") else "\n") + addition)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - the template is fixed
        raise ScaffoldError(f"{MANIFEST} would not parse with the new exercise: {exc}") from None

    solution = _solution(exercise_id, course.display(files["lesson"]), import_rule(course.sandbox.packages))
    contents = {
        "solution": solution,
        "properties": _properties(exercise_id),
        "mistakes": _mistakes(exercise_id),
        "alternatives": _alternatives(exercise_id),
        "lesson": _lesson(exercise_id),
        "stub": make_stub(solution, exercise_id, language="en"),
    }
    manifest.write_text(text + ("" if text.endswith("\n") else "\n") + addition, encoding="utf-8")
    written = [manifest]
    for kind, path in files.items():
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True)
            if kind == "alternatives":  # tests import tests.alternatives.<id>
                (path.parent / "__init__.py").write_text("", encoding="utf-8")
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(contents[kind])
        written.append(path)
    return written


def main(course: Course, exercise_id: str) -> int:
    """The command: scaffold, then say what was written and what to do next."""
    written = scaffold(course.root, exercise_id)
    for path in written:
        print(f"{course.display(path)}: {'appended [[exercise]] ' + exercise_id if path.name == MANIFEST else 'written'}")
    print(
        f"\nNext: fill in every {TODO} (`gradwork dev check --quick` lists them), write at least "
        f"{MIN_MISTAKES} mistakes and {MIN_ALTERNATIVES} alternatives, give the lesson a figure, "
        f"then `gradwork dev stubs {exercise_id}` and `gradwork dev check`."
    )
    return 0
