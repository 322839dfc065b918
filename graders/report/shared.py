"""Small helpers that the terminal and HTML reports share (plain data in, text out)."""

from __future__ import annotations

from ..i18n import _
from ..results import PASSED, CourseResult, ExerciseResult


def first_unfinished(result: CourseResult) -> ExerciseResult | None:
    return next((e for e in result.exercises if e.status != PASSED), None)


def chosen_for_detail(result: CourseResult, detail_for: str | None) -> list[ExerciseResult]:
    """The exercises a report explains: ``detail_for`` is an exercise id,
    "first" (the first unfinished one), "all" (every unfinished one) or None."""
    if detail_for == "all":
        return [e for e in result.exercises if e.status != PASSED]
    if detail_for == "first":
        focus = first_unfinished(result)
        return [focus] if focus else []
    if detail_for:
        return [e for e in result.exercises if e.id == detail_for]
    return []


def all_pass(count: int) -> str:
    if count == 1:
        return _("The exercise passes. Well done!")
    return _("All {count} exercises pass. Well done!").format(count=count)
