"""Grading results as plain data, separate from the runners and the reporters.

A :class:`CourseResult` holds one :class:`ExerciseResult` per graded exercise,
each with one :class:`PropertyResult` per property. ``to_dict`` gives the JSON
document of SPEC §4 (plus extra keys); every reporter reads these objects and
nothing else.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass

# Exercise statuses (SPEC §4).
PASSED, FAILED, NOT_STARTED, ERROR = "passed", "failed", "not_started", "error"
# Property statuses add "skipped" (not run because an earlier step stopped it).
SKIPPED = "skipped"


def allocate(points: float, weights: list[float]) -> list[float]:
    """Split ``points`` over ``weights`` in hundredths, so the parts add up to exactly
    ``points`` (largest remainder; ties go to the earlier part). Gradescope sums the
    tests' max_score, and 10 points over 3 tests must be 3.34 + 3.33 + 3.33, not 9.9999."""
    if not weights:
        return []
    cents = round(points * 100)
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(weights), float(len(weights))
    exact = [cents * w / total for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: cents - sum(parts)]:
        parts[i] += 1
    return [p / 100 for p in parts]


def english_copy(english: str | None, shown: str | None) -> str | None:
    """``english`` when ``shown`` is a translation of it, else None.

    A mistake's title goes into a result in the student's language; the class
    gradebook counts mistakes across runs and languages, so it keys on the English
    the title was written in (``Diagnosis.english_title``). The copy
    travels from the grading child to the parent (``to_dict(english=True)``) but
    is not part of the JSON document, which has the same keys in every language."""
    return english if english is not None and shown != english else None


_ATOMS = frozenset({str, int, float, bool, type(None)})


def plain(value):
    """What ``dataclasses.asdict`` makes of ``value``, the same fresh dicts, lists and
    tuples, without deep-copying each string and number on the way (a copy of one
    is itself). Python 3.12's asdict skips them the same way; 3.11's copied a whole
    course's report field by field, tens of milliseconds at the end of every run."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple, as asdict rebuilds one
        return kind(*[plain(item) for item in value])
    if isinstance(value, (list, tuple)):
        return kind(plain(item) for item in value)
    if isinstance(value, dict):
        return kind((plain(key), plain(item)) for key, item in value.items())
    return copy.deepcopy(value)


@dataclass
class Diagnosis:
    """A known mistake that reproduces what the student's code returned."""

    id: str
    title: str  # in the student's language
    advice: str
    title_en: str | None = None  # the English title when ``title`` is a translation of it (see english_copy)

    @property
    def english_title(self) -> str:
        """The title as the course wrote it (English), whatever language ``title`` is in."""
        return self.title_en or self.title

    def to_dict(self, *, english: bool = False) -> dict:
        """The JSON object; ``english``: with the English copy when there is one (see english_copy)."""
        data = plain(self)
        if not (english and self.title_en is not None):
            del data["title_en"]
        return data


@dataclass
class PropertyResult:
    name: str  # the property's description, in the student's language
    function: str
    status: str
    examples: int = 0
    message: str | None = None
    key: str = ""  # the property's id in its module, for replay
    kind: str = "property"  # "property" (Hypothesis) or "rule" (static check)
    call: str | None = None  # the smallest failing call, as Python
    got: str | None = None
    expected: str | None = None
    detail: str | None = None
    problem: str | None = None  # type, shape, dtype, finite, values, raised, mutated, ...
    diagnosis: Diagnosis | None = None
    advice: str | None = None  # how to fix it, when no known mistake matched
    traceback: list = field(default_factory=list)
    output: str | None = None
    replay: str | None = None  # the command that re-runs exactly this property
    seconds: float = 0.0
    weight: float = 1.0
    score: float = 0.0  # points earned: all of max_score when passed, else 0
    max_score: float = 0.0  # this property's share of the exercise's points (they add up exactly)
    visibility: str = "visible"  # visible, after_due_date or hidden (course.toml; Gradescope shows it so)
    cause: str | None = None  # failures with the same cause (named mistake, error, first wrong call) are explained once

    def to_dict(self, *, english: bool = False) -> dict:
        """The JSON object; ``english``: with the diagnosis' English title when translated (see english_copy)."""
        data = plain(self)
        data["seconds"] = round(self.seconds, 4)
        if self.diagnosis is not None:
            data["diagnosis"] = self.diagnosis.to_dict(english=english)
        return data


@dataclass
class ExerciseResult:
    id: str
    title: str
    status: str
    score: float
    max_score: float
    message: str
    properties: list[PropertyResult] = field(default_factory=list)
    hint: str | None = None
    lesson: str | None = None
    file: str | None = None
    replay: str | None = None
    seconds: float = 0.0
    problem: str | None = None  # "grader": the grader itself failed (never the student's fault; exit 3)

    @property
    def grader_problem(self) -> bool:
        return self.problem == "grader" or any(p.problem == "grader" for p in self.properties)

    @property
    def first_failure(self) -> PropertyResult | None:
        for prop in self.properties:
            if prop.status in (FAILED, ERROR):
                return prop
        return None

    def to_dict(self, *, english: bool = False) -> dict:
        """The JSON object of SPEC §4; ``english``: with the English copies of translated
        descriptions and titles (for the grading child's report to its parent)."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "message": self.message,
            "hint": self.hint,
            "lesson": self.lesson,
            "file": self.file,
            "replay": self.replay,
            "seconds": round(self.seconds, 4),
            "problem": self.problem,
            "properties": [prop.to_dict(english=english) for prop in self.properties],
        }

    @classmethod
    def from_dict(cls, item: dict) -> "ExerciseResult":
        props = []
        for p in item.get("properties", []):
            p = dict(p)
            if p.get("diagnosis"):
                p["diagnosis"] = Diagnosis(**p["diagnosis"])
            props.append(PropertyResult(**p))
        fields = {k: item.get(k) for k in ("id", "title", "status", "score", "max_score", "message", "hint", "lesson", "file", "replay", "problem")}
        return cls(properties=props, seconds=item.get("seconds", 0.0), **fields)


@dataclass
class CourseResult:
    exercises: list[ExerciseResult]
    target: str = "exercises"
    version: int = 1
    isolation: str = "basic"  # how the student's code was confined (SPEC §4)
    meta: dict = field(default_factory=dict)  # versions, timestamp, student id

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 2)

    @property
    def max_score(self) -> float:
        return round(sum(e.max_score for e in self.exercises), 2)

    @property
    def passed(self) -> bool:
        return all(e.status == PASSED for e in self.exercises)

    @property
    def grader_problem(self) -> bool:
        return any(e.grader_problem for e in self.exercises)

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "score": self.score,
            "max_score": self.max_score,
            "target": self.target,
            "isolation": self.isolation,
            "meta": self.meta,
            "exercises": [exercise.to_dict() for exercise in self.exercises],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "CourseResult":
        exercises = [ExerciseResult.from_dict(item) for item in data["exercises"]]
        return cls(exercises=exercises, target=data.get("target", "exercises"), version=data.get("version", 1), isolation=data.get("isolation", "basic"), meta=data.get("meta", {}))
