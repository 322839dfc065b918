"""The course manifest: ``course.toml`` is the one ordered list of exercises.

Every path in the project is derived from an exercise's ``id`` and the folders
named in ``[course]``; nothing else names an exercise. :func:`load_course`
turns the file into :class:`Course` and rejects a malformed manifest with a
one-line :class:`CourseError` that says where and how to fix it.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

from .i18n import _
from .sandbox.client import Limits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

MANIFEST = "course.toml"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class CourseError(Exception):
    """The course (manifest or its files) is not usable; the message is one line."""


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    points: float
    functions: tuple[str, ...]
    vectorised: tuple[str, ...]
    hints: tuple[str, ...]
    lesson: str
    summary: str = ""
    # property key -> "visible" | "after_due_date" | "hidden" (default "visible")
    visibility: dict = field(default_factory=dict, hash=False)
    due: str | None = None  # ISO date; solutions and after-due-date results are released after it

    def visibility_of(self, key: str) -> str:
        return self.visibility.get(key, "visible")

    def past_due(self, today: str | None = None) -> bool:
        import datetime

        today = today or datetime.date.today().isoformat()
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class SandboxSettings:
    """``[sandbox]``: the worker's limits plus what the runner needs."""

    limits: Limits = field(default_factory=Limits)
    property_seconds: float = 30.0
    exercise_seconds: float = 300.0  # wall clock for one exercise, all properties together
    run_seconds: float = 3600.0  # wall clock for one whole run
    packages: tuple[str, ...] = ("numpy",)


VISIBILITIES = ("visible", "after_due_date", "hidden")
FEEDBACK_LEVELS = ("full", "diagnosis", "verdict")
SECRET_ENV = "GRADWORK_SECRET_SEED"


@dataclass(frozen=True)
class GradingSettings:
    """``[grading]``: how graded runs (``gradwork grade``, the Gradescope autograder) differ
    from a student's own check. Never copied into the student edition."""

    secret_seed: str | None = None  # the hidden-strength runs' seed (or $GRADWORK_SECRET_SEED)
    hidden_examples: int = 2  # hidden strength runs each property with this many times its examples
    feedback: str = "full"  # what graded reports show: full, diagnosis (no advice or hints), verdict

    def seed(self) -> str:
        secret = os.environ.get(SECRET_ENV) or self.secret_seed
        if not secret:
            raise CourseError(_("hidden-strength grading needs a secret: set [grading] secret_seed in {file} or ${variable}").format(file=MANIFEST, variable=SECRET_ENV))
        return secret


# The keys [grading] accepts (the descriptions document them here; they are shown nowhere).
GRADING_KEYS = {
    "secret_seed": "a secret string that seeds the hidden-strength examples (keep it out of the student edition)",
    "hidden_examples": "how many times each property's example count hidden-strength grading uses (default 2)",
    "feedback": "what graded reports show: full, diagnosis (no advice or hints) or verdict (pass/fail only)",
}


@dataclass(frozen=True)
class Course:
    root: Path
    title: str
    version: str
    exercises: tuple[Exercise, ...]
    exercises_dir: Path
    solutions_dir: Path
    properties_dir: Path
    mistakes_dir: Path
    docs_dir: Path
    sandbox: SandboxSettings = field(default_factory=SandboxSettings)
    grading: GradingSettings = field(default_factory=GradingSettings)
    # The student edition grades from recorded data instead of solutions/ (graders/corpus).
    corpus_dir: Path | None = None

    # -- lookups ----------------------------------------------------------
    def ids(self) -> list[str]:
        return [exercise.id for exercise in self.exercises]

    def get(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(self.ids())
        raise CourseError(_("unknown exercise {id}; the exercises are: {ids}").format(id=repr(exercise_id), ids=known))

    # -- derived paths ----------------------------------------------------
    def stub_path(self, exercise: Exercise, target: Path | None = None) -> Path:
        return (target or self.exercises_dir) / f"{exercise.id}.py"

    def solution_path(self, exercise: Exercise) -> Path:
        return self.solutions_dir / f"{exercise.id}.py"

    def properties_path(self, exercise: Exercise) -> Path:
        return self.properties_dir / f"{exercise.id}.py"

    def mistakes_path(self, exercise: Exercise) -> Path:
        return self.mistakes_dir / f"{exercise.id}.py"

    def lesson_path(self, exercise: Exercise) -> Path:
        return self.docs_dir / exercise.lesson

    def display(self, path: Path) -> str:
        """A path as the student would type it (relative to the course root)."""
        try:
            return os.path.relpath(path, Path.cwd()) if not str(path).startswith(str(self.root)) else str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``course.toml``."""
    env = os.environ.get("GRADWORK_COURSE")
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / MANIFEST).is_file():
            raise CourseError(_("GRADWORK_COURSE={folder} has no {file}; point it at the course folder").format(folder=env, file=MANIFEST))
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST).is_file():
            return folder
    raise CourseError(_("no {file} in {folder} or any folder above it; run gradwork inside the course folder (or pass --course DIR)").format(file=MANIFEST, folder=here))


def _either(names: list[str]) -> str:
    """'int or float' (type names are code; "or" is a word)."""
    text = names[0]
    for name in names[1:]:
        text = _("{first} or {second}").format(first=text, second=name)
    return text


def _require(table: dict, key: str, kind, where: str):
    if key not in table:
        raise CourseError(_("{file}: {where} has no {key}; add {name} = ...").format(file=MANIFEST, where=where, key=repr(key), name=key))
    value = table[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else _either([k.__name__ for k in kind])
        raise CourseError(_("{file}: {where}: {key}={value} should be a {type}").format(file=MANIFEST, where=where, key=key, value=repr(value), type=names))
    return value


def _strings(table: dict, key: str, where: str, *, required=True) -> tuple[str, ...]:
    if key not in table and not required:
        return ()
    values = _require(table, key, list, where)
    if not all(isinstance(v, str) and v for v in values):
        raise CourseError(_("{file}: {where}: {key} should be a list of non-empty strings").format(file=MANIFEST, where=where, key=key))
    return tuple(values)


def _sandbox_settings(box: dict) -> SandboxSettings:
    limit_fields = {f.name: f for f in fields(Limits)}
    extra = {"property_seconds", "exercise_seconds", "run_seconds", "packages"}
    unknown = sorted(set(box) - set(limit_fields) - extra)
    if unknown:
        raise CourseError(_("{file}: [sandbox] has unknown key(s) {keys}; known: {known}").format(file=MANIFEST, keys=unknown, known=sorted(limit_fields) + sorted(extra)))
    try:
        limits = Limits(**{name: type(getattr(Limits(), name))(box[name]) for name in limit_fields if name in box})
        seconds = {key: float(box.get(key, getattr(SandboxSettings, key))) for key in ("property_seconds", "exercise_seconds", "run_seconds")}
    except (TypeError, ValueError) as exc:
        raise CourseError(_("{file}: [sandbox] has a value of the wrong type ({error})").format(file=MANIFEST, error=exc)) from None
    # Every limit is an amount of time, memory, files or processes: zero or less (or
    # nan, or inf) would make every call fail, or no limit at all.
    for key, value in [*((name, getattr(limits, name)) for name in limit_fields), *seconds.items()]:
        if not (0 < value < float("inf")):
            raise CourseError(_("{file}: [sandbox] {key}={value} should be a positive number (the default is {default})").format(
                file=MANIFEST, key=key, value=box.get(key, value), default=getattr(Limits(), key, getattr(SandboxSettings, key, None))))
    packages = box.get("packages", list(SandboxSettings.packages))
    if not isinstance(packages, list) or not all(isinstance(p, str) for p in packages):
        raise CourseError(_("{file}: [sandbox] packages={value} should be a list of package names").format(file=MANIFEST, value=repr(packages)))
    return SandboxSettings(limits=limits, packages=tuple(packages), **seconds)


def _grading_settings(table: dict) -> GradingSettings:
    unknown = sorted(set(table) - set(GRADING_KEYS))
    if unknown:
        raise CourseError(_("{file}: [grading] has unknown key(s) {keys}; known: {known}").format(file=MANIFEST, keys=unknown, known=sorted(GRADING_KEYS)))
    seed = table.get("secret_seed")
    if seed is not None and (not isinstance(seed, (str, int)) or isinstance(seed, bool) or str(seed) == ""):
        raise CourseError(_("{file}: [grading] secret_seed should be a non-empty string").format(file=MANIFEST))
    factor = table.get("hidden_examples", GradingSettings.hidden_examples)
    if not isinstance(factor, int) or isinstance(factor, bool) or not 1 <= factor <= 50:
        raise CourseError(_("{file}: [grading] hidden_examples={value} should be a whole number from 1 to 50").format(file=MANIFEST, value=repr(factor)))
    feedback = table.get("feedback", GradingSettings.feedback)
    if feedback not in FEEDBACK_LEVELS:
        raise CourseError(_("{file}: [grading] feedback={value} should be one of {choices}").format(file=MANIFEST, value=repr(feedback), choices=", ".join(FEEDBACK_LEVELS)))
    return GradingSettings(secret_seed=None if seed is None else str(seed), hidden_examples=factor, feedback=feedback)


def _visibility(entry: dict, where: str) -> dict:
    table = entry.get("visibility", {})
    if not isinstance(table, dict):
        raise CourseError(_("{file}: {where}: visibility should be a table of property = \"visible\" | \"after_due_date\" | \"hidden\"").format(file=MANIFEST, where=where))
    for key, value in table.items():
        if value not in VISIBILITIES:
            raise CourseError(_("{file}: {where}: visibility.{key}={value} should be one of {choices}").format(
                file=MANIFEST, where=where, key=key, value=repr(value), choices=", ".join(VISIBILITIES)))
    return dict(table)


def _due(entry: dict, where: str) -> str | None:
    import datetime

    due = entry.get("due")
    if due is None:
        return None
    if isinstance(due, datetime.datetime):
        due = due.date()
    if isinstance(due, datetime.date):
        return due.isoformat()
    if isinstance(due, str):
        try:
            return datetime.date.fromisoformat(due).isoformat()
        except ValueError:
            pass
    raise CourseError(_("{file}: {where}: due={value} should be a date such as 2026-12-15").format(file=MANIFEST, where=where, value=repr(due)))


def load_course(root: Path | None = None) -> Course:
    root = Path(root).resolve() if root is not None else find_root()
    path = root / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(_("{path} does not exist; run gradwork inside the course folder (or pass --course DIR)").format(path=path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(_("{file} is not valid TOML: {error}").format(file=MANIFEST, error=exc)) from None

    meta = data.get("course", {})
    if not isinstance(meta, dict):
        raise CourseError(_("{file}: [course] should be a table").format(file=MANIFEST))

    def folder(key: str, default: str) -> Path:
        value = meta.get(key, default)
        if not isinstance(value, str):
            raise CourseError(_("{file}: [course] {key}={value} should be a folder name").format(file=MANIFEST, key=key, value=repr(value)))
        return root / value

    box = data.get("sandbox", {})
    if not isinstance(box, dict):
        raise CourseError(_("{file}: [sandbox] should be a table").format(file=MANIFEST))
    sandbox = _sandbox_settings(box)

    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise CourseError(_("{file} lists no exercises; add an [[exercise]] table").format(file=MANIFEST))
    exercises, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        # TRANSLATORS: where in course.toml a problem is: the exercise's place in the list
        where = _("exercise #{number}").format(number=number)
        if not isinstance(entry, dict):
            raise CourseError(_("{file}: {where} should be a table").format(file=MANIFEST, where=where))
        exercise_id = _require(entry, "id", str, where)
        # TRANSLATORS: where in course.toml a problem is: the exercise's id, quoted
        where = _("exercise {id}").format(id=repr(exercise_id))
        if not ID_PATTERN.match(exercise_id):
            raise CourseError(_("{file}: {where}: id must be a lowercase Python module name").format(file=MANIFEST, where=where))
        if exercise_id in seen:
            raise CourseError(_("{file}: {where} is listed twice").format(file=MANIFEST, where=where))
        seen.add(exercise_id)
        functions = _strings(entry, "functions", where)
        vectorised = _strings(entry, "vectorised", where, required=False)
        stray = sorted(set(vectorised) - set(functions))
        if stray:
            raise CourseError(_("{file}: {where}: vectorised={names} are not among its functions {functions}").format(
                file=MANIFEST, where=where, names=stray, functions=list(functions)))
        points = _require(entry, "points", (int, float), where)
        if points <= 0:
            raise CourseError(_("{file}: {where}: points={points} should be positive").format(file=MANIFEST, where=where, points=points))
        exercises.append(
            Exercise(
                id=exercise_id,
                title=_require(entry, "title", str, where),
                points=float(points),
                functions=functions,
                vectorised=vectorised,
                hints=_strings(entry, "hints", where),
                lesson=entry.get("lesson", f"lessons/{exercise_id}.md"),
                summary=entry.get("summary", ""),
                visibility=_visibility(entry, where),
                due=_due(entry, where),
            )
        )
    grading = data.get("grading", {})
    if not isinstance(grading, dict):
        raise CourseError(_("{file}: [grading] should be a table").format(file=MANIFEST))
    corpus = meta.get("corpus")
    return Course(
        root=root,
        title=str(meta.get("title", "gradwork")),
        version=str(meta.get("version", "unversioned")),
        exercises=tuple(exercises),
        exercises_dir=folder("exercises", "exercises"),
        solutions_dir=folder("solutions", "solutions"),
        properties_dir=folder("properties", "graders/properties"),
        mistakes_dir=folder("mistakes", "graders/mistakes"),
        docs_dir=folder("docs", "docs"),
        sandbox=sandbox,
        grading=_grading_settings(grading),
        corpus_dir=folder("corpus", "") if corpus is not None else None,
    )
