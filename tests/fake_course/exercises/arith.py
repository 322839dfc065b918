"""arith — a tiny exercise for the engine's tests."""

import numpy as np


def double(x: np.ndarray) -> np.ndarray:
    """Twice x, elementwise; same shape, float64."""
    # TODO(arith): implement double.
    raise NotImplementedError('arith: double() is not implemented yet (`gradwork hint arith` helps)')


def total(x: np.ndarray) -> float:
    """The sum of every element of x, as a float."""
    # TODO(arith): implement total.
    raise NotImplementedError('arith: total() is not implemented yet (`gradwork hint arith` helps)')
