"""Shared Hypothesis strategies for the course's input domains.

Every option is keyword-only and checked up front, with the offending
``name=value`` and a remedy in the message, so a property author finds a
mistake in a strategy at import time rather than as a puzzling shrink.
Floats are bounded, finite and subnormal-free, so counterexamples read well.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp  # noqa: F401 (re-exported for property modules)

from .i18n import _
from .sandbox.protocol import SeededGenerator


def _check_range(name_lo: str, lo, name_hi: str, hi) -> None:
    if lo > hi:
        raise ValueError(_("{name_lo}={lo} is greater than {name_hi}={hi}; consider swapping them").format(name_lo=name_lo, lo=repr(lo), name_hi=name_hi, hi=repr(hi)))


def floats(*, min_value: float = -100.0, max_value: float = 100.0) -> st.SearchStrategy[float]:
    """Finite float64 values in [min_value, max_value], no subnormals."""
    _check_range("min_value", min_value, "max_value", max_value)
    return st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def sizes(*, min_value: int = 1, max_value: int = 64) -> st.SearchStrategy[int]:
    """A dimension size."""
    if min_value < 0:
        raise ValueError(_("min_value={min_value} is negative; sizes start at 0 or 1").format(min_value=repr(min_value)))
    _check_range("min_value", min_value, "max_value", max_value)
    return st.integers(min_value=min_value, max_value=max_value)


def shapes(*, min_dims: int = 1, max_dims: int = 2, min_side: int = 1, max_side: int = 8) -> st.SearchStrategy[tuple[int, ...]]:
    _check_range("min_dims", min_dims, "max_dims", max_dims)
    _check_range("min_side", min_side, "max_side", max_side)
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side) if max_dims > 0 else st.just(())


LONG_RUNS = 4  # run_lengths draws about one long run in this many


def run_lengths(*, short: int, longest: int, min_value: int = 1) -> st.SearchStrategy[int]:
    """How many steps, epochs or iterations a training loop runs: mostly short.

    A mistake in a loop (one step too many, an error recorded after its step, the
    wrong update) shows in its first few steps, and a short run costs microseconds;
    about one run in LONG_RUNS (fewer where Hypothesis leans to small choices) is
    drawn from the whole range up to ``longest``, for what only builds up (drift,
    overflow, a loop that stops early): 4 to 12 long runs in 100 examples, as many
    as the 25 to 30 half-long examples these properties had before, and many more
    short ones. Shrinks towards ``min_value`` steps."""
    if min_value < 0:
        raise ValueError(_("min_value={min_value} is negative; a run has 0 or more steps").format(min_value=repr(min_value)))
    _check_range("min_value", min_value, "short", short)
    _check_range("short", short, "longest", longest)

    @st.composite
    def lengths(draw):
        long = draw(st.integers(0, LONG_RUNS - 1)) == LONG_RUNS - 1
        return draw(st.integers(min_value, longest if long else short))

    return lengths()


DENSE_LIMIT = 12  # arrays up to this many elements are drawn element by element
FLAVOURS = ("uniform", "integers", "sparse", "edges")


def _seeded_values(rng: np.random.Generator, flavour: str, shape, lo: float, hi: float) -> np.ndarray:
    """Values for a larger array from one seed, in one of a few flavours, so
    that big inputs still have zeros, whole numbers and the range's ends."""
    values = rng.uniform(lo, hi, size=shape)
    if flavour == "integers" and math.floor(hi) >= math.ceil(lo):
        values = rng.integers(math.ceil(lo), math.floor(hi), endpoint=True, size=shape).astype(np.float64)
    elif flavour == "sparse":
        values[rng.random(shape) < 0.5] = min(max(0.0, lo), hi)
    elif flavour == "edges":
        pick = rng.integers(0, 3, size=shape)
        values = np.where(pick == 0, lo, np.where(pick == 1, hi, values))
    return np.clip(values, lo, hi)


@functools.lru_cache(maxsize=4096)
def _dense(dtype, shape: tuple, elements) -> st.SearchStrategy[np.ndarray]:
    # Building an array strategy is costly; the same shapes recur all the time.
    return hnp.arrays(dtype, shape, elements=elements, fill=st.nothing())


@st.composite
def _arrays(draw, shapes, lo: float, hi: float, dtype, elements):
    shape = draw(shapes)
    if math.prod(shape) <= DENSE_LIMIT:
        return draw(_dense(dtype, tuple(shape), elements))
    flavour = draw(st.sampled_from(FLAVOURS))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return _seeded_values(rng, flavour, shape, lo, hi).astype(dtype)


def arrays(shape, *, min_value: float = -100.0, max_value: float = 100.0, dtype=np.float64) -> st.SearchStrategy[np.ndarray]:
    """Arrays of ``shape`` (a tuple or a strategy of tuples) with values in [min_value, max_value].

    Small arrays (up to DENSE_LIMIT elements) are drawn element by element, so
    a shrunk counterexample is small and readable and no row or column is
    accidentally constant. Larger ones take their values from one seeded
    generator (uniform, whole numbers, half zeros, or the range's ends): a
    single draw instead of hundreds, which is what keeps grading fast. As
    Hypothesis shrinks the shape, the example moves into the readable form.
    """
    if isinstance(shape, tuple):
        # Property modules often build arrays(...) inside a composite, once per
        # draw; a new strategy object is costly for Hypothesis to validate.
        return _cached_arrays(shape, float(min_value), float(max_value), np.dtype(dtype).str)
    return _make_arrays(shape, min_value=min_value, max_value=max_value, dtype=dtype)


@functools.lru_cache(maxsize=4096)
def _cached_arrays(shape: tuple, min_value: float, max_value: float, dtype: str):
    return _make_arrays(shape, min_value=min_value, max_value=max_value, dtype=np.dtype(dtype))


def _make_arrays(shape, *, min_value: float, max_value: float, dtype) -> st.SearchStrategy[np.ndarray]:
    if not isinstance(shape, (tuple, st.SearchStrategy)):
        raise TypeError(_("shape={shape} should be a tuple or a strategy of tuples; consider shapes(...)").format(shape=repr(shape)))
    _check_range("min_value", min_value, "max_value", max_value)
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(_("dtype={dtype} is not a float dtype; consider hnp.arrays for other kinds").format(dtype=str(dtype)))
    width = 32 if dtype == np.float32 else 64
    elements = st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=width)
    shapes = shape if isinstance(shape, st.SearchStrategy) else st.just(shape)
    return _arrays(shapes, float(min_value), float(max_value), dtype, elements)


def matrices(*, min_side: int = 1, max_side: int = 16, min_value: float = -100.0, max_value: float = 100.0) -> st.SearchStrategy[np.ndarray]:
    """2-d float64 arrays with sides in [min_side, max_side]."""
    return arrays(shapes(min_dims=2, max_dims=2, min_side=min_side, max_side=max_side), min_value=min_value, max_value=max_value)


def generators(*, max_seed: int = 2**32 - 1) -> st.SearchStrategy[SeededGenerator]:
    """Random generator arguments, ``np.random.default_rng(seed)``.

    Only the seed is drawn (it shrinks to 0). The student's function receives
    a fresh ``np.random.Generator`` built from it in the worker; give the
    reference ``value.fresh()``, so both start from the same state.
    """
    if max_seed < 0:
        raise ValueError(_("max_seed={max_seed} is negative; seeds start at 0").format(max_seed=repr(max_seed)))
    return st.integers(0, max_seed).map(SeededGenerator)
