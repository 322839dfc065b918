"""How much a report explains: ``full``, ``diagnosis`` or ``verdict`` (placeholder; see the reports work)."""

from __future__ import annotations

from ..results import CourseResult

LEVELS = ("full", "diagnosis", "verdict")


def apply(result: CourseResult, level: str | None) -> CourseResult:
    return result
