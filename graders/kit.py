"""Everything a property module needs, in one import.

    from graders.kit import _, prop, given, example, st, strategies, expect_same

The ``expect_*`` helpers compare in the order SPEC §5 fixes (type, shape,
dtype, finiteness, values) and attach the student's call that produced the
value, so the feedback shows the call, what came back and what was expected.

Every sentence a property passes to :func:`expect` (the summary, and ``got``,
``expected``, ``detail`` and ``advice`` where they are words rather than
values or code) goes through :func:`_` where it is written, with named
placeholders: ``_("row {i} has length {length}, not 1").format(i=i, length=...)``.
The ``@prop`` description and its ``advice=`` stay plain English: the engine
translates them where they are shown.
"""

from __future__ import annotations

import hypothesis
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.errors import UnsatisfiedAssumption
from hypothesis.extra import numpy as hnp

from . import strategies
from .engine import compare as _compare
from .engine.compare import Mismatch
from .engine.properties import example, given, prop
from .i18n import N_, _, ngettext
from .sandbox.protocol import LIB_FUNCTIONS, FunctionRef, SeededGenerator


def assume(condition) -> bool:
    """Skip this example unless ``condition`` holds (Hypothesis' ``assume``).

    The fast path (engine/replay.py) runs a property's body on recorded examples
    outside any Hypothesis test; there the example is skipped the same way."""
    if currently_in_test_context():
        return hypothesis.assume(condition)
    if not condition:
        raise UnsatisfiedAssumption("assume() was false")
    return True


def composite(definition):
    """``@st.composite``, made when a property first draws from it, not when its
    module is imported.

    Hypothesis checks every composite as it is made: it reads the function's source
    back (tokenising its file, then parsing it) to see that it calls ``draw``. That
    is most of what importing a property module costs, and a run on the fast path
    (engine/replay.py) never draws, so it would pay for every composite of the
    exercise for nothing. The strategy is ``st.deferred`` of ``st.composite``'s, and
    Hypothesis draws through a deferred strategy to the one it stands for (for the
    label, the span and do_draw alike), so the examples are exactly
    ``st.composite``'s."""
    made = []

    def build(*args, **kwargs):
        if not made:
            made.append(st.composite(definition))
        return made[0](*args, **kwargs)

    def strategy(*args, **kwargs):
        return st.deferred(lambda: build(*args, **kwargs))

    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(strategy, attribute, getattr(definition, attribute))
    return strategy


def lib(name: str) -> FunctionRef:
    """A numpy function passed to the student as an argument, e.g. lib("np.tanh").

    Call the student with ``lib("np.tanh")`` and the reference with ``np.tanh``;
    a student's own function is ``student.ref("sigmoid")``.
    """
    if name not in LIB_FUNCTIONS:
        raise ValueError(
            _("lib(name={name}) is not one of {choices}; consider adding it to LIB_FUNCTIONS in graders/sandbox/protocol.py").format(
                name=repr(name), choices=tuple(LIB_FUNCTIONS)
            )
        )
    return FunctionRef(f"lib:{name}")

def rng(seed: int) -> SeededGenerator:
    """A random generator argument, ``np.random.default_rng(seed)``, for an explicit example.

    Pass it as it is to the student (their function gets a fresh generator
    built from ``seed`` in the worker) and ``.fresh()`` to the reference, so
    both draw the same stream; ``strategies.generators()`` draws them.
    """
    return SeededGenerator(seed)


__all__ = [
    "Mismatch",
    "N_",
    "_",
    "assume",
    "composite",
    "example",
    "expect",
    "expect_array",
    "expect_float_array",
    "expect_same",
    "expect_scalar",
    "given",
    "hnp",
    "lib",
    "ngettext",
    "note",
    "prop",
    "rng",
    "st",
    "strategies",
]


def _attach(exc: Mismatch, about) -> Mismatch:
    # The value the check is about: Property.run_example finds the student's call
    # that returned it (Student.record_for) as the mismatch leaves the example.
    if exc.call is None:
        exc.about = about
    return exc


def expect_same(got, expected, *, parts=None, rtol: float = 1e-7, atol: float | None = None, scale: float | None = None) -> None:
    """``got`` matches ``expected`` (tuples, lists, dicts, arrays, floats), within tolerance.

    ``parts`` names the items of a tuple result (``("W", "b")``); ``scale`` is
    the magnitude the absolute tolerance is scaled to (default: the largest
    expected value); ``atol``/``rtol`` override the tolerances.
    """
    try:
        _compare.judged(_compare.expect_same, got, expected, parts=parts, rtol=rtol, atol=atol, scale=scale)
    except Mismatch as exc:
        raise _attach(exc, got) from None


def expect_array(got, expected, *, part: str = "", rtol: float = 1e-7, atol: float | None = None, scale: float | None = None) -> None:
    try:
        _compare.judged(_compare.expect_array, got, expected, part=part, rtol=rtol, atol=atol, scale=scale)
    except Mismatch as exc:
        raise _attach(exc, got) from None


def expect_scalar(got, expected: float, *, part: str = "", rtol: float = 1e-7, atol: float | None = None, scale: float | None = None) -> None:
    try:
        _compare.judged(_compare.expect_scalar, got, float(expected), part=part, rtol=rtol, atol=atol, scale=scale)
    except Mismatch as exc:
        raise _attach(exc, got) from None


def expect(condition: bool, summary: str, *, about=None, got=None, expected=None, detail=None, advice=None, problem: str = "property") -> None:
    """A property-specific check: fail with ``summary`` unless ``condition``.

    ``about`` is the value the check is about (to find the call behind it);
    ``got``/``expected`` are shown as text. The texts arrive translated (the
    caller wraps them in ``_()``); ``problem`` is a key, never translated.
    """
    if not condition:
        raise _attach(Mismatch(problem, summary, got=got, expected=expected, detail=detail, advice=advice), about)


def expect_float_array(got, shape: tuple, what: str | None = None) -> None:
    """A finite float64 np.ndarray of ``shape``: checked before a law of the maths is
    computed on it (a property without a reference value to compare with).

    ``what`` names the value in the messages, already translated (default: "the result")."""
    import numpy as np

    what = _("the result") if what is None else what
    # TRANSLATORS: {what} is the value checked: "the result" or "the vector"
    expect(type(got) is np.ndarray, _("{what} is not a numpy array").format(what=what), about=got, got=type(got).__name__,
           expected=_("np.ndarray of shape {shape}").format(shape=shape))
    expect(got.shape == shape, _("{what} has shape {shape}; expected {expected}").format(what=what, shape=got.shape, expected=shape),
           about=got, got=str(got.shape), expected=str(shape))
    expect(got.dtype == np.float64, _("{what} has dtype {dtype}; expected float64").format(what=what, dtype=got.dtype), about=got, got=str(got.dtype), expected="float64")
    expect(bool(np.isfinite(got).all()), _("{what} has non-finite values (nan or inf)").format(what=what), about=got)
