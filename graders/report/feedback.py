"""How much a report explains: ``full``, ``diagnosis`` or ``verdict``.

An instructor grading for credit may not want to hand out the fix with the
grade. ``apply`` returns a copy of a result with less in it, and every report
format renders whatever is left:

* ``full`` (or ``None``): everything the engine found.
* ``diagnosis``: what went wrong — messages, the failing call, what came back
  and what was expected, the named mistake's title, the student's traceback
  and output — but not how to fix it: no advice, no hint, no mistake advice,
  no replay command.
* ``verdict``: only names, statuses, scores, example counts, visibility and
  timings; each message becomes a neutral one-line verdict. A grader problem
  still says it is not the student's fault (SPEC §3: the report says so).
"""

from __future__ import annotations

import copy
import dataclasses

from ..i18n import N_, _
from ..results import ERROR, FAILED, NOT_STARTED, PASSED, SKIPPED, CourseResult, ExerciseResult, PropertyResult

LEVELS = ("full", "diagnosis", "verdict")

# The one-line verdicts that replace a message at the verdict level (translated
# where they are put into the result, in _verdict).
VERDICTS = {PASSED: N_("passed"), FAILED: N_("failed"), NOT_STARTED: N_("not started"), ERROR: N_("could not be graded"), SKIPPED: N_("not counted")}
GRADER_VERDICT = N_("could not be graded — the grader's own failure, not yours; it does not count against you")


def apply(result: CourseResult, level: str | None) -> CourseResult:
    """A deep copy of ``result`` showing what ``level`` allows; ``result`` is never changed."""
    if level is not None and level not in LEVELS:
        raise ValueError(_("level={level}: should be one of {levels}").format(level=repr(level), levels=", ".join(LEVELS)))
    scrubbed = copy.deepcopy(result)
    if level == "diagnosis":
        scrubbed.exercises = [_diagnosis_only(exercise) for exercise in scrubbed.exercises]
    elif level == "verdict":
        scrubbed.exercises = [_verdict_only(exercise) for exercise in scrubbed.exercises]
    return scrubbed


def _diagnosis_only(exercise: ExerciseResult) -> ExerciseResult:
    properties = []
    for prop in exercise.properties:
        diagnosis = dataclasses.replace(prop.diagnosis, advice="") if prop.diagnosis else None
        properties.append(dataclasses.replace(prop, advice=None, replay=None, diagnosis=diagnosis))
    return dataclasses.replace(exercise, hint=None, replay=None, properties=properties)


def _verdict(status: str, problem: str | None) -> str:
    if problem == "grader":
        return _(GRADER_VERDICT)
    return _(VERDICTS[status]) if status in VERDICTS else status.replace("_", " ")


# The verdict level copies what it keeps into fresh objects (a list of fields
# allowed, not of fields removed): a field added to the results later stays out
# of verdict reports until someone decides it belongs there.
def _verdict_property(prop: PropertyResult) -> PropertyResult:
    grader = "grader" if prop.problem == "grader" else None  # exit status 3 and "not your fault" depend on it
    return PropertyResult(
        name=prop.name, function=prop.function, status=prop.status, examples=prop.examples, message=_verdict(prop.status, grader),
        key=prop.key, kind=prop.kind, problem=grader, seconds=prop.seconds, weight=prop.weight,
        score=prop.score, max_score=prop.max_score, visibility=prop.visibility,
    )


def _verdict_only(exercise: ExerciseResult) -> ExerciseResult:
    return ExerciseResult(
        id=exercise.id, title=exercise.title, status=exercise.status, score=exercise.score, max_score=exercise.max_score,
        message=_verdict(exercise.status, exercise.problem), properties=[_verdict_property(p) for p in exercise.properties],
        seconds=exercise.seconds, problem=exercise.problem,
    )
