"""sibling — an exercise that must keep passing whatever arith does."""

import numpy as np


def add_one(x: np.ndarray) -> np.ndarray:
    """x + 1, elementwise."""
    # TODO(sibling): implement add_one.
    raise NotImplementedError('sibling: add_one() is not implemented yet (`gradwork hint sibling` helps)')
