"""The figure registry and the helpers every lesson's figures share.

A page uses a figure by linking its SVG: ``![...](../figures/sigmoid.svg)``.
The build draws only the figures some page links, with the function
registered here under that name. Figures that show what an exercise computes
call the reference solution (``solutions/<id>.py``), so a figure can never
disagree with the grader; a figure that raises fails a strict build.
Everything random is seeded, so two builds draw the same picture (except the
timing figure, which measures the machine that builds it).
"""

from __future__ import annotations

import io
from typing import Callable


from ...course import Course
from ...engine import loading

FIGURES: dict[str, Callable[[Course], "object"]] = {}

INDIGO, PINK, TEAL, ORANGE, GREY = "#3f51b5", "#d81b60", "#00897b", "#ef6c00", "#757575"


def figure(name: str):
    def register(draw):
        FIGURES[name] = draw
        return draw

    return register


def render(name: str, course: Course) -> bytes:
    """The SVG of figure ``name``; KeyError names the figures there are."""
    import matplotlib

    if name not in FIGURES:
        raise KeyError(f"no figure called {name!r} in graders/docsite/figures/ (there are: {', '.join(sorted(FIGURES))})")
    style = {
        "svg.hashsalt": "gradwork",
        "svg.fonttype": "path",  # text as outlines: no font is requested by the browser
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "legend.frameon": False,
    }
    with matplotlib.rc_context(style):
        fig = FIGURES[name](course)
        out = io.BytesIO()
        # no <metadata> block: no date (reproducible builds), no RDF namespaces
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}, facecolor="white")
    return out.getvalue()


def _new(width: float = 7.0, height: float = 3.2, ncols: int = 1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes


def _solution(course: Course, exercise_id: str):
    return loading.load("solutions", course.solutions_dir, exercise_id)
