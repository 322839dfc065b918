"""Shared Hypothesis strategies for the course's input domains.

Every option is keyword-only and checked up front, with the offending
``name=value`` and a remedy in the message, so a property author finds a
mistake in a strategy at import time rather than as a puzzling shrink.
Floats are bounded, finite and subnormal-free, so counterexamples read well.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp  # noqa: F401 (re-exported for property modules)


def _check_range(name_lo: str, lo, name_hi: str, hi) -> None:
    if lo > hi:
        raise ValueError(f"{name_lo}={lo!r} is greater than {name_hi}={hi!r}; consider swapping them")


def floats(*, min_value: float = -100.0, max_value: float = 100.0) -> st.SearchStrategy[float]:
    """Finite float64 values in [min_value, max_value], no subnormals."""
    _check_range("min_value", min_value, "max_value", max_value)
    return st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def sizes(*, min_value: int = 1, max_value: int = 64) -> st.SearchStrategy[int]:
    """A dimension size."""
    if min_value < 0:
        raise ValueError(f"min_value={min_value!r} is negative; sizes start at 0 or 1")
    _check_range("min_value", min_value, "max_value", max_value)
    return st.integers(min_value=min_value, max_value=max_value)


def shapes(*, min_dims: int = 1, max_dims: int = 2, min_side: int = 1, max_side: int = 8) -> st.SearchStrategy[tuple[int, ...]]:
    _check_range("min_dims", min_dims, "max_dims", max_dims)
    _check_range("min_side", min_side, "max_side", max_side)
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side) if max_dims > 0 else st.just(())


def arrays(shape, *, min_value: float = -100.0, max_value: float = 100.0, dtype=np.float64) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays of ``shape`` (a tuple or a strategy of tuples), every element drawn.

    Elements are drawn one by one (no sparse fill), so no column or row is
    accidentally constant and mistakes such as a wrong axis show up.
    """
    if not isinstance(shape, (tuple, st.SearchStrategy)):
        raise TypeError(f"shape={shape!r} should be a tuple or a strategy of tuples; consider shapes(...)")
    return hnp.arrays(dtype, shape, elements=floats(min_value=min_value, max_value=max_value), fill=st.nothing())


def matrices(*, min_side: int = 1, max_side: int = 16, min_value: float = -100.0, max_value: float = 100.0) -> st.SearchStrategy[np.ndarray]:
    """2-d float64 arrays with sides in [min_side, max_side]."""
    return arrays(shapes(min_dims=2, max_dims=2, min_side=min_side, max_side=max_side), min_value=min_value, max_value=max_value)
