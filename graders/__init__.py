"""gradwork: the grading engine of the course, and ``check`` for Jupyter.

``from graders import check; check("zeros_init")`` grades an exercise from a
notebook and shows the feedback inline. ``import graders`` itself stays light:
the engine (numpy, Hypothesis, rich) is imported only when ``check`` is called.
"""

__version__ = "0.2.0"  # the one place the version is written (pyproject.toml reads it)

__all__ = ["check", "__version__"]


def __getattr__(name):
    if name == "check":
        from .notebook import check

        return check
    raise AttributeError(f"module 'graders' has no attribute {name!r}")
