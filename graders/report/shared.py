"""Small helpers that the terminal and HTML reports share (plain data in, text out)."""

from __future__ import annotations

from ..results import ExerciseResult, PropertyResult


def property_replay(exercise: ExerciseResult, prop: PropertyResult) -> str | None:
    """The command that re-runs exactly this failing property.

    The engine writes one replay command per exercise, for its first failing
    property; the others differ only in the property's key.
    """
    first = exercise.first_failure
    if not exercise.replay or first is None or prop.kind != "property" or not first.key or not prop.key:
        return None
    return exercise.replay.replace(f"--property {first.key}", f"--property {prop.key}", 1)
