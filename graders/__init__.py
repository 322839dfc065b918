"""gradwork: the grading engine of the course, and ``check`` for Jupyter.

``from graders import check; check("zeros_init")`` grades an exercise from a
notebook and shows the feedback inline. ``import graders`` itself stays light:
the engine (numpy, Hypothesis, rich) is imported only when ``check`` is called.
"""

__version__ = "0.2.0"  # the one place the version is written (pyproject.toml reads it)

__all__ = ["check", "__version__"]

# Every variable by which a BLAS library takes its thread count: OpenBLAS, OpenMP
# builds, MKL, BLIS, Apple's Accelerate, numexpr. Grading multiplies small
# matrices, where a BLAS thread pool only costs: its threads spin, waiting for
# work, for a while after numpy is imported and after each call they share (about
# a tenth of a CPU-second in every process that imports numpy). So the worker runs
# with one thread, and so does the command line (graders/cli/__init__.py).
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                     "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}


def __getattr__(name):
    if name == "check":
        from .notebook import check

        return check
    raise AttributeError(f"module 'graders' has no attribute {name!r}")
