"""What every exercise of the course must have, in one place.

`gradwork dev check` enforces these numbers and sentences, the project's
tests import them (tests/test_banks.py), and `gradwork dev new` scaffolds an
exercise that is flagged until it meets them. Change a minimum here, and
only here.
"""

from __future__ import annotations

MIN_MISTAKES = 8  # known-wrong versions in graders/mistakes/<id>.py (they double as the diagnosis bank)
MIN_ALTERNATIVES = 4  # honest rewrites in tests/alternatives/<id>.py that must pass
HINT_TIERS = 3  # a nudge, the idea, nearly the answer
MIN_FIGURES = 1  # figures a lesson links, ![...](../figures/NAME.svg)
ALTERNATIVES = "tests/alternatives"  # relative to the course root
TODO = "TODO"  # what `gradwork dev new` writes where the author still has to


def import_rule(packages) -> str:
    """The one-line import rule every stub header states, for [sandbox] packages."""
    names = [*(str(p) for p in packages), "the Python standard library"]
    allowed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return f"Imports: {allowed} only (the grader has no other package)."
