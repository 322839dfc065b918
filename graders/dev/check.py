"""The maintainer's check: the manifest, the files and the grades agree.

`gradwork dev check` runs small named checks, each a function that looks at
one exercise (or the whole course) and returns its problems as one-line
messages that name the exercise and say what to do. Like rustlings' own
``dev check``, it is what a contributor runs before sending an exercise.

Consistency (:data:`EXERCISE_CHECKS`, :data:`COURSE_CHECKS`; every course,
including the engine's two-exercise test course): an exercise in course.toml
has its stub, solution, properties, mistakes and lesson; no file in those
folders is missing from the manifest; a stub is exactly what its solution
generates; every listed function is defined and has a property; a mistake or
a visibility names something that exists; three hint tiers; nothing is still
a ``gradwork dev new`` placeholder.

The course's standards (:data:`STANDARD_CHECKS`, ``standards=True``, which
the command always uses): at least :data:`~.standards.MIN_MISTAKES` known
mistakes and :data:`~.standards.MIN_ALTERNATIVES` honest alternatives per
exercise, a figure and some math in every lesson, the import rule in every
stub header, and docstring examples that pass against the solution.

Unless --quick, the untouched stubs must come out ``not_started`` and the
solutions must pass.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import doctest
import io
import re
from pathlib import Path
from typing import Callable

from ..course import Course, Exercise
from ..engine import loading, variants
from ..engine.properties import collect
from ..engine.runner import grade
from ..results import NOT_STARTED, PASSED
from ..state import backup_file
from . import standards, translations
from .standards import ALTERNATIVES, HINT_TIERS, MIN_ALTERNATIVES, MIN_FIGURES, MIN_MISTAKES, TODO
from .stubs import StubError, make_stub

# What `gradwork dev new` writes where the author still has work to do.
PLACEHOLDER = f"{TODO}(gradwork dev new)"

ExerciseCheck = Callable[[Course, Exercise], list]
CourseCheck = Callable[[Course], list]


def _top_level_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def _properties(course: Course, exercise: Exercise):
    """(properties, problem): the exercise's properties, or why they cannot be read."""
    try:
        return collect(loading.load("properties", course.properties_dir, exercise.id)), None
    except (loading.GraderError, ValueError) as exc:
        return [], f"{exercise.id}: {exc}"


def _bank(kind: str, folder: Path, exercise: Exercise):
    """(variants, problem) of one module of mistakes or alternatives."""
    try:
        return variants.collect(loading.load(kind, folder, exercise.id)), None
    except loading.GraderError as exc:
        return [], f"{exercise.id}: {exc}"


def alternatives_dir(course: Course) -> Path:
    return course.root / ALTERNATIVES


def alternatives_path(course: Course, exercise: Exercise) -> Path:
    return alternatives_dir(course) / f"{exercise.id}.py"


# -- consistency: every course -------------------------------------------------------------
def check_files_exist(course: Course, exercise: Exercise) -> list[str]:
    """The stub, solution, properties, mistakes and lesson of the exercise exist."""
    required = {
        "stub": course.stub_path(exercise),
        "solution": course.solution_path(exercise),
        "properties": course.properties_path(exercise),
        "mistakes": course.mistakes_path(exercise),
        "lesson": course.lesson_path(exercise),
    }
    return [
        f"{exercise.id}: the {what} file {course.display(path)} is missing"
        + (" (run `gradwork dev stubs`)" if what == "stub" else " (create it; `gradwork dev new ID` scaffolds every file of a new exercise)")
        for what, path in required.items()
        if not path.is_file()
    ]


def check_stub_is_generated(course: Course, exercise: Exercise) -> list[str]:
    """The stub is exactly what the solution generates (so stubs never drift)."""
    solution, stub = course.solution_path(exercise), course.stub_path(exercise)
    if not solution.is_file():
        return []
    try:
        expected = make_stub(solution.read_text(encoding="utf-8"), exercise.id, filename=course.display(solution), language="en")
    except StubError as exc:
        return [f"{exercise.id}: {exc}"]
    if not stub.is_file() or stub.read_text(encoding="utf-8") == expected:
        return []
    diff = difflib.unified_diff(expected.splitlines(), stub.read_text(encoding="utf-8").splitlines(), "generated", "exercises", lineterm="", n=0)
    first = next((line for line in list(diff)[2:] if line[:1] in "+-"), "")
    return [f"{exercise.id}: {course.display(stub)} is not the stub its solution generates (run `gradwork dev stubs`); first difference: {first.strip()[:100]}"]


def check_functions_defined(course: Course, exercise: Exercise) -> list[str]:
    """Every function course.toml lists is defined at the top level of the solution."""
    solution = course.solution_path(exercise)
    if not solution.is_file():
        return []
    try:
        defined = _top_level_functions(solution)
    except SyntaxError as exc:
        return [f"{exercise.id}: {course.display(solution)} line {exc.lineno}: {exc.msg}"]
    return [
        f"{exercise.id}: course.toml lists {function}() but {course.display(solution)} does not define it"
        for function in exercise.functions
        if function not in defined
    ]


def check_properties_cover_functions(course: Course, exercise: Exercise) -> list[str]:
    """Every listed function has a property, every property tests a listed function,
    and every visibility in course.toml names a property."""
    if not course.properties_path(exercise).is_file():
        return []
    props, problem = _properties(course, exercise)
    if problem:
        return [problem]
    found = []
    covered = {p.function for p in props}
    for function in exercise.functions:
        if function not in covered:
            found.append(f"{exercise.id}: no property tests {function}() (add an @prop(..., function={function!r}) to {course.display(course.properties_path(exercise))})")
    for p in props:
        if p.function not in exercise.functions:
            found.append(f"{exercise.id}: property {p.key} tests {p.function}(), which course.toml does not list")
    if props:
        keys = {p.key for p in props} | {f"vectorised:{f}" for f in exercise.vectorised}
        for key in sorted(set(exercise.visibility) - keys):
            found.append(f"{exercise.id}: course.toml sets visibility.{key}, but there is no such property; its properties are: {', '.join(sorted(keys))}")
    return found


def check_mistakes_replace_listed_functions(course: Course, exercise: Exercise) -> list[str]:
    """Every known mistake stands in for a function course.toml lists."""
    if not course.mistakes_path(exercise).is_file():
        return []
    bank, problem = _bank("mistakes", course.mistakes_dir, exercise)
    if problem:
        return [problem]
    return [f"{exercise.id}: mistake {v.key} replaces {v.replaces}(), which course.toml does not list" for v in bank if v.replaces not in exercise.functions]


def check_hint_tiers(course: Course, exercise: Exercise) -> list[str]:
    """Exactly three hint tiers: a nudge, the idea, nearly the answer."""
    if len(exercise.hints) == HINT_TIERS:
        return []
    return [f"{exercise.id}: has {len(exercise.hints)} hint(s) in course.toml; give exactly {HINT_TIERS} tiers (a nudge, the idea, nearly the answer)"]


def check_no_placeholders(course: Course, exercise: Exercise) -> list[str]:
    """Nothing is still a TODO left by `gradwork dev new` (in course.toml or the exercise's files)."""
    found = []
    fields = {"title": exercise.title, "summary": exercise.summary, **{f"hint {i}": h for i, h in enumerate(exercise.hints, 1)}}
    for name, text in fields.items():
        if text.strip().startswith(TODO):
            found.append(f"{exercise.id}: the {name} in course.toml is still a {TODO} placeholder; write it")
    files = {
        "solution": course.solution_path(exercise),
        "properties": course.properties_path(exercise),
        "mistakes": course.mistakes_path(exercise),
        "alternatives": alternatives_path(course, exercise),
        "lesson": course.lesson_path(exercise),
    }
    for what, path in files.items():
        if path.is_file():
            count = path.read_text(encoding="utf-8").count(PLACEHOLDER)
            if count:
                found.append(f"{exercise.id}: the {what} file {course.display(path)} still has {count} {PLACEHOLDER} placeholder(s); fill them in")
    return found


# -- the course's standards ------------------------------------------------------------------
def check_mistake_bank_size(course: Course, exercise: Exercise) -> list[str]:
    """At least MIN_MISTAKES known mistakes: they prove the grader rejects real errors
    and give the diagnosis its names."""
    if not course.mistakes_path(exercise).is_file():
        return []
    bank, problem = _bank("mistakes", course.mistakes_dir, exercise)
    if problem:
        return [problem]
    count = sum(1 for v in bank if v.kind == "mistake")
    if count >= MIN_MISTAKES:
        return []
    return [
        f"{exercise.id}: {count} known mistake(s) in {course.display(course.mistakes_path(exercise))}; write at least {MIN_MISTAKES} "
        f"(@mistake functions: wrong versions a student would write, each with advice)"
    ]


def check_alternatives_count(course: Course, exercise: Exercise) -> list[str]:
    """At least MIN_ALTERNATIVES honest rewrites that the grader must accept."""
    path = alternatives_path(course, exercise)
    if not path.is_file():
        return [f"{exercise.id}: {course.display(path)} is missing; write at least {MIN_ALTERNATIVES} @alternative functions (correct versions written differently, which must pass)"]
    bank, problem = _bank("alternatives", alternatives_dir(course), exercise)
    if problem:
        return [problem]
    count = sum(1 for v in bank if v.kind == "alternative")
    if count >= MIN_ALTERNATIVES:
        return []
    return [f"{exercise.id}: {count} alternative(s) in {course.display(path)}; write at least {MIN_ALTERNATIVES} (@alternative: correct versions written differently, which must pass)"]


def _lesson_prose(course: Course, exercise: Exercise) -> str | None:
    from ..docsite.lesson import without_code

    path = course.lesson_path(exercise)
    return without_code(path.read_text(encoding="utf-8")) if path.is_file() else None


def check_lesson_has_figure(course: Course, exercise: Exercise) -> list[str]:
    """The lesson links at least one figure, and every figure it links is drawn."""
    from ..docsite.lesson import figures_used

    path = course.lesson_path(exercise)
    if not path.is_file():
        return []
    used = figures_used(path.read_text(encoding="utf-8"))
    found = []
    if len(used) < MIN_FIGURES:
        found.append(
            f"{exercise.id}: the lesson {course.display(path)} has no figure; link one as ![what it shows](../figures/NAME.svg) "
            f"and draw NAME with an @figure(\"NAME\") function in graders/docsite/figures/<id>.py"
        )
    from ..docsite.figures import FIGURES

    for name in used:
        if name not in FIGURES:
            found.append(f"{exercise.id}: the lesson {course.display(path)} links figures/{name}.svg, but graders/docsite/figures/<id>.py draws no figure {name!r} (add @figure({name!r}))")
    return found


MATH = re.compile(r"\$\$|\$[^$\s][^$\n]*\$|\\\(|\\\[")


def check_lesson_has_math(course: Course, exercise: Exercise) -> list[str]:
    """The lesson writes its formulas as math ($...$ or $$...$$), not only as code."""
    prose = _lesson_prose(course, exercise)
    if prose is None or MATH.search(prose):
        return []
    return [f"{exercise.id}: the lesson {course.display(course.lesson_path(exercise))} has no math; write the formula with every shape as $...$ or $$...$$"]


def check_import_rule_stated(course: Course, exercise: Exercise) -> list[str]:
    """The stub header (the solution's module docstring) says what graded code may import."""
    solution = course.solution_path(exercise)
    if not solution.is_file():
        return []
    try:
        docstring = ast.get_docstring(ast.parse(solution.read_text(encoding="utf-8"))) or ""
    except SyntaxError:
        return []  # check_functions_defined reports it
    rule = standards.import_rule(course.sandbox.packages)
    if rule in " ".join(docstring.split()):
        return []
    return [f"{exercise.id}: the module docstring of {course.display(solution)} does not state the import rule; add the line {rule!r} below its Lesson: line, then run `gradwork dev stubs`"]


def check_docstring_examples(course: Course, exercise: Exercise) -> list[str]:
    """Every >>> example in the solution's docstrings passes against the solution."""
    solution = course.solution_path(exercise)
    if not solution.is_file():
        return []
    try:
        module = loading.load("solutions", course.solutions_dir, exercise.id)
    except loading.GraderError as exc:
        return [f"{exercise.id}: {exc}"]
    return [f"{exercise.id}: {failure}" for failure in docstring_failures(module, course.display(solution))]


def docstring_failures(module, shown: str, globs: dict | None = None) -> list[str]:
    """The failing docstring examples of ``module`` (run with ``globs``, default its own names)."""
    found = []
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(verbose=False)
    for test in finder.find(module, module.__name__):
        test.globs = dict(globs if globs is not None else vars(module))
        output = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()):
            result = runner.run(test, out=output.write, clear_globs=True)
        if result.failed:
            name = test.name.rsplit(".", 1)[-1]
            got = " ".join(output.getvalue().split())
            found.append(f"a docstring example of {name}() in {shown} fails: {got[:300]} (print float(...), np.allclose(...) or .shape, so that every allowed return form passes)")
    return found


# -- the whole course ---------------------------------------------------------------------------
def check_no_stray_files(course: Course) -> list[str]:
    """Every module in exercises/, solutions/, the properties and mistakes folders is an exercise."""
    ids = set(course.ids())
    folders = {
        "exercises": course.exercises_dir,
        "solutions": course.solutions_dir,
        "properties": course.properties_dir,
        "mistakes": course.mistakes_dir,
    }
    return [
        f"{course.display(path)} is not an exercise in course.toml (add it there or remove the file)"
        for folder in folders.values()
        for path in sorted(folder.glob("*.py"))
        if path.name != "__init__.py" and path.stem not in ids
    ]


def check_no_stray_lessons(course: Course) -> list[str]:
    """Every page in docs/lessons/ is some exercise's lesson."""
    lessons = course.docs_dir / "lessons"
    listed = {course.lesson_path(e).resolve() for e in course.exercises}
    return [
        f"{course.display(path)} is a lesson for no exercise in course.toml (add the exercise or remove the page)"
        for path in (sorted(lessons.glob("*.md")) if lessons.is_dir() else ())
        if path.resolve() not in listed and not translations.LOCALIZED.search(path.name)  # X.ko.md: see translations.py
    ]


def check_no_stray_alternatives(course: Course) -> list[str]:
    """Every module in tests/alternatives/ is an exercise."""
    ids = set(course.ids())
    folder = alternatives_dir(course)
    return [
        f"{course.display(path)} is not an exercise in course.toml (add it there or remove the file)"
        for path in (sorted(folder.glob("*.py")) if folder.is_dir() else ())
        if path.name != "__init__.py" and path.stem not in ids
    ]


EXERCISE_CHECKS: list[ExerciseCheck] = [
    check_files_exist,
    check_stub_is_generated,
    check_functions_defined,
    check_properties_cover_functions,
    check_mistakes_replace_listed_functions,
    check_hint_tiers,
    check_no_placeholders,
]
STANDARD_CHECKS: list[ExerciseCheck] = [
    check_mistake_bank_size,
    check_alternatives_count,
    check_lesson_has_figure,
    check_lesson_has_math,
    check_import_rule_stated,
    check_docstring_examples,
]
COURSE_CHECKS: list[CourseCheck] = [check_no_stray_files, check_no_stray_lessons]
STANDARD_COURSE_CHECKS: list[CourseCheck] = [check_no_stray_alternatives, translations.check_pages_translated, translations.check_catalogue_complete]


def problems(course: Course, *, grade_files: bool = True, standards: bool = False) -> list[str]:
    """Every problem, as one-line messages.

    ``standards``: also the course's standards (bank sizes, figures, the import
    rule, ...), which `gradwork dev check` always applies; the engine's
    two-exercise test course is consistent but does not meet them.
    ``grade_files``: when nothing else is wrong, also grade the stubs (each must
    be not_started) and the solutions (each must pass).
    """
    exercise_checks = EXERCISE_CHECKS + (STANDARD_CHECKS if standards else [])
    course_checks = COURSE_CHECKS + (STANDARD_COURSE_CHECKS if standards else [])
    found: list[str] = []
    for exercise in course.exercises:
        for check in exercise_checks:
            found += check(course, exercise)
    for check in course_checks:
        found += check(course)
    if grade_files and not found:
        found += graded_problems(course)
    return found


def graded_problems(course: Course) -> list[str]:
    """Untouched stubs come out not_started and solutions pass (runs the grader)."""
    found = []
    stubs = grade(course)
    for exercise in stubs.exercises:
        if exercise.status != NOT_STARTED:
            found.append(f"{exercise.id}: the untouched stub comes out {exercise.status}, not not_started ({exercise.message})")
    solved = grade(course, target=course.solutions_dir)
    for exercise in solved.exercises:
        if exercise.status != PASSED:
            failure = exercise.first_failure
            found.append(f"{exercise.id}: the solution does not pass: {failure.message if failure else exercise.message}")
    return found


def write_stubs(course: Course, ids: list[str], *, force: bool) -> int:
    for exercise_id in ids or course.ids():
        exercise = course.get(exercise_id)
        stub = course.stub_path(exercise)
        text = make_stub(course.solution_path(exercise).read_text(encoding="utf-8"), exercise.id, language="en")
        if stub.is_file() and stub.read_text(encoding="utf-8") == text:
            print(f"{course.display(stub)}: up to date")
            continue
        if stub.is_file():
            if not force:
                print(f"{course.display(stub)}: differs from the generated stub; left alone (use --force to replace it; it is backed up first)")
                continue
            saved = backup_file(course.root, stub)
            print(f"{course.display(stub)}: backed up to {course.display(saved)}")
        stub.write_text(text, encoding="utf-8")
        print(f"{course.display(stub)}: written")
    return 0


def update_catalogue(course: Course) -> int:
    """`gradwork dev i18n`: extract, merge and compile the catalogues; say what is left to translate."""
    from ..i18n import catalog

    for path in catalog.update(course):
        print(f"{course.display(path)}: written")
    left = catalog.problems(course)
    for problem in left:
        print(f"✗ {problem}")
    if left:
        print(f"\n{len(left)} problem(s): fill in the empty msgstr entries, then run `gradwork dev i18n` again.")
        return 1
    print("✓ every message has its translation")
    return 0


def dispatch(course: Course, args) -> int:
    if args.dev_command == "stubs":
        return write_stubs(course, args.ids, force=args.force)
    if args.dev_command == "i18n":
        return update_catalogue(course)
    if args.dev_command == "new":
        from .new import main as new_main

        return new_main(course, args.id)
    found = problems(course, grade_files=not args.quick, standards=True)
    for problem in found:
        print(f"✗ {problem}")
    if found:
        print(f"\n{len(found)} problem(s).")
        return 1
    print(f"✓ {len(course.exercises)} exercise(s): manifest, files, stubs, lessons and banks agree" + ("" if args.quick else "; every stub is not_started and every solution passes"))
    return 0
