"""sibling — an exercise that must keep passing whatever arith does."""

import numpy as np


def add_one(x: np.ndarray) -> np.ndarray:
    """x + 1, elementwise."""
    # BEGIN SOLUTION
    return x + 1.0
    # END SOLUTION
