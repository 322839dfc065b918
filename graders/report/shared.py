"""Small helpers that the terminal and HTML reports share (plain data in, text out)."""

from __future__ import annotations

from ..results import ExerciseResult, PropertyResult


def property_replay(exercise: ExerciseResult, prop: PropertyResult) -> str | None:
    """The command that re-runs exactly this failing property (the engine writes it)."""
    return prop.replay
