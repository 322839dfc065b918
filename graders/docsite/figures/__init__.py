"""The lessons' figures, drawn with matplotlib every time the site is built.

A page uses a figure by linking its SVG: ``![...](../figures/sigmoid.svg)``.
The build draws only the figures some page links, with the function
registered under that name by ``@figure("name")``; each lesson's figures
live in the module named after its exercise (``figures/<id>.py``), and the
registry and shared helpers in ``base.py``. Figures that show what an
exercise computes call the reference solution (``solutions/<id>.py``), so a
figure can never disagree with the grader; a figure that raises fails a
strict build. Everything random is seeded, so two builds draw the same
picture (except the timing figure, which measures the machine that builds it).
"""

import importlib
import pkgutil

from .base import FIGURES, figure, render

# Every module in this folder registers its figures when imported.
for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["FIGURES", "figure", "render"]
