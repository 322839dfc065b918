"""arith — a tiny exercise for the engine's tests."""

import numpy as np


def double(x: np.ndarray) -> np.ndarray:
    """Twice x, elementwise; same shape, float64."""
    # BEGIN SOLUTION
    return 2.0 * x
    # END SOLUTION


def total(x: np.ndarray) -> float:
    """The sum of every element of x, as a float."""
    # BEGIN SOLUTION
    return float(np.sum(x))
    # END SOLUTION
