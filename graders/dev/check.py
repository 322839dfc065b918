"""The maintainer's check: the manifest, the files and the grades agree.

`gradwork dev check` fails when an exercise in course.toml lacks its stub,
solution, properties, mistakes or lesson; when a file in those folders is not
in the manifest; when a stub is not exactly what the solution generates; when
a listed function is missing from the solution or has no property; when a
mistake names an unknown function; when a visibility names no property; and (unless --quick) when an untouched
stub does not come out ``not_started`` or a solution does not pass.
"""

from __future__ import annotations

import ast
import difflib
from pathlib import Path

from ..course import Course
from ..engine import loading, variants
from ..engine.properties import collect
from ..engine.runner import grade
from ..results import NOT_STARTED, PASSED
from ..state import backup_file
from .stubs import StubError, make_stub


def _top_level_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def problems(course: Course, *, grade_files: bool = True) -> list[str]:
    found: list[str] = []
    ids = set(course.ids())
    for exercise in course.exercises:
        solution = course.solution_path(exercise)
        stub = course.stub_path(exercise)
        required = {
            "stub": stub,
            "solution": solution,
            "properties": course.properties_path(exercise),
            "mistakes": course.mistakes_path(exercise),
            "lesson": course.lesson_path(exercise),
        }
        for what, path in required.items():
            if not path.is_file():
                found.append(f"{exercise.id}: the {what} file {course.display(path)} is missing")
        if not solution.is_file():
            continue
        try:
            expected = make_stub(solution.read_text(encoding="utf-8"), exercise.id, filename=course.display(solution))
        except StubError as exc:
            found.append(f"{exercise.id}: {exc}")
            expected = None
        if expected is not None and stub.is_file() and stub.read_text(encoding="utf-8") != expected:
            diff = difflib.unified_diff(expected.splitlines(), stub.read_text(encoding="utf-8").splitlines(), "generated", "exercises", lineterm="", n=0)
            first = next((line for line in list(diff)[2:] if line[:1] in "+-"), "")
            found.append(f"{exercise.id}: {course.display(stub)} is not the stub its solution generates (run `gradwork dev stubs`); first difference: {first.strip()[:100]}")
        defined = _top_level_functions(solution)
        for function in exercise.functions:
            if function not in defined:
                found.append(f"{exercise.id}: course.toml lists {function}() but {course.display(solution)} does not define it")
        if course.properties_path(exercise).is_file():
            try:
                props = collect(loading.load("properties", course.properties_dir, exercise.id))
            except (loading.GraderError, ValueError) as exc:
                found.append(f"{exercise.id}: {exc}")
                props = []
            covered = {p.function for p in props}
            for function in exercise.functions:
                if function not in covered:
                    found.append(f"{exercise.id}: no property tests {function}()")
            for p in props:
                if p.function not in exercise.functions:
                    found.append(f"{exercise.id}: property {p.key} tests {p.function}(), which course.toml does not list")
            if props:
                keys = {p.key for p in props} | {f"vectorised:{f}" for f in exercise.vectorised}
                for key in sorted(set(exercise.visibility) - keys):
                    found.append(f"{exercise.id}: course.toml sets visibility.{key}, but there is no such property; its properties are: {', '.join(sorted(keys))}")
        if course.mistakes_path(exercise).is_file():
            try:
                bank = variants.collect(loading.load("mistakes", course.mistakes_dir, exercise.id))
            except loading.GraderError as exc:
                found.append(f"{exercise.id}: {exc}")
                bank = []
            for v in bank:
                if v.replaces not in exercise.functions:
                    found.append(f"{exercise.id}: mistake {v.key} replaces {v.replaces}(), which course.toml does not list")
        if len(exercise.hints) < 3:
            found.append(f"{exercise.id}: has {len(exercise.hints)} hint(s); give three tiers (nudge, idea, near-answer)")
        for hint in exercise.hints:
            if hint.startswith("TODO"):
                found.append(f"{exercise.id}: a hint is still a TODO placeholder")

    folders = {
        "exercises": course.exercises_dir,
        "solutions": course.solutions_dir,
        "properties": course.properties_dir,
        "mistakes": course.mistakes_dir,
    }
    for what, folder in folders.items():
        for path in sorted(folder.glob("*.py")):
            if path.name != "__init__.py" and path.stem not in ids:
                found.append(f"{course.display(path)} is not an exercise in course.toml (add it there or remove the file)")
    lessons = course.docs_dir / "lessons"
    listed = {course.lesson_path(e).resolve() for e in course.exercises}
    for path in sorted(lessons.glob("*.md")) if lessons.is_dir() else ():
        if path.resolve() not in listed:
            found.append(f"{course.display(path)} is a lesson for no exercise in course.toml")

    if grade_files and not found:
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
        text = make_stub(course.solution_path(exercise).read_text(encoding="utf-8"), exercise.id)
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


def dispatch(course: Course, args) -> int:
    if args.dev_command == "stubs":
        return write_stubs(course, args.ids, force=args.force)
    found = problems(course, grade_files=not args.quick)
    for problem in found:
        print(f"✗ {problem}")
    if found:
        print(f"\n{len(found)} problem(s).")
        return 1
    print(f"✓ {len(course.exercises)} exercise(s): manifest, files, stubs and lessons agree" + ("" if args.quick else "; every stub is not_started and every solution passes"))
    return 0
