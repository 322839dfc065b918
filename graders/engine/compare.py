"""Comparing what came back with what was expected, in the student's terms.

The order is fixed (SPEC §5): type, then shape, then dtype, then finiteness,
then values. The first difference raises :class:`Mismatch`, an
``AssertionError`` (so Hypothesis shrinks it) that carries the pieces a
reporter needs: which part of the result, what kind of problem, what came
back, what was expected, and the worst element.
"""

from __future__ import annotations

import math

import numpy as np

from ..i18n import N_, _, ngettext
from ..sandbox.protocol import Opaque
from . import show

SCALAR_TYPES = (float, np.float64)
READABLE = 6  # significant digits for values shown where the digits are not the point


class Mismatch(AssertionError):
    """One difference between the student's result and the expected one."""

    def __init__(self, problem: str, summary: str, *, got=None, expected=None, detail=None, part="", call=None, advice=None):
        super().__init__(summary)
        self.problem = problem  # type, shape, dtype, finite, values, length, keys, ...
        self.summary = summary
        self.got = got
        self.expected = expected
        self.detail = detail
        self.part = part
        self.call = call  # the CallRecord this is about (the engine finds it from ``about``)
        self.about = None  # the value checked, when the check did not know the call
        self.advice = advice


# TRANSLATORS: what a message is about when it is the whole return value ("the result has shape (3,)")
THE_RESULT = N_("the result")


def _name(part: str, default: str = THE_RESULT) -> str:
    """The value a message is about: a part's label (code such as ``dW`` or ``params['W1']``), else "the result"."""
    return part or _(default)


NONE_ADVICE = N_("The function returned None: is a `return` missing (printing a value does not return it)?")
# How a dict's keys differ, when both some are missing and some unexpected: by (one missing, one unexpected).
KEYS_BOTH = {
    (True, True): N_("{name} has missing key {missing} and unexpected key {extra}"),
    (False, True): N_("{name} has missing keys {missing} and unexpected key {extra}"),
    (True, False): N_("{name} has missing key {missing} and unexpected keys {extra}"),
    (False, False): N_("{name} has missing keys {missing} and unexpected keys {extra}"),
}


def tolerance(expected, *, rtol: float, atol: float | None, scale: float | None) -> tuple[float, float]:
    """Absolute and relative tolerance, the absolute one scaled to magnitudes."""
    if atol is None:
        magnitude = scale
        if magnitude is None:
            finite = np.abs(np.asarray(expected, dtype=float))
            finite = finite[np.isfinite(finite)]
            magnitude = float(finite.max()) if finite.size else 1.0
        atol = 1e-9 * max(1.0, magnitude)
    return atol, rtol


def is_scalar(got) -> bool:
    if type(got) is float or type(got) is np.float64:
        return True
    return type(got) is np.ndarray and got.shape == () and got.dtype == np.float64


# The message says "{name} is {got}; expected {what}": a noun phrase, translated where it is shown.
A_FLOAT = N_("a float")


def expect_scalar(got, expected: float, *, part: str = "", rtol=1e-7, atol=None, scale=None, what=A_FLOAT):
    """A float result: Python float, np.float64 or 0-d float64 array (SPEC §5)."""
    name = _name(part)
    if isinstance(got, np.ndarray) and type(got) is np.ndarray and got.shape != ():
        raise Mismatch(
            "type",
            _("{name} is an array of shape {shape}; expected {what}").format(name=name, shape=got.shape, what=_(what)),
            got=show.value(got, digits=READABLE),
            expected=show.value(expected, digits=READABLE),
            part=part,
            advice=_("Return a plain number: wrap it as float(...) or use np.squeeze(...) / .item()."),
        )
    if isinstance(got, (np.floating, np.ndarray)) and got.dtype != np.float64:
        raise Mismatch("dtype", _("{name} has dtype {dtype}; expected float64").format(name=name, dtype=got.dtype), got=show.value(got, digits=READABLE),
                       expected=show.value(expected, digits=READABLE), part=part, advice=_("Compute in float64 (numpy's default) and do not cast to a smaller type."))
    if not is_scalar(got):
        advice = None
        if isinstance(got, (int, np.integer)) and not isinstance(got, bool) and abs(got) < 2**53:
            advice = _("Return a float, e.g. {float} instead of {int}.").format(float=repr(float(got)), int=repr(got))
        elif got is None:
            advice = _(NONE_ADVICE)
        raise Mismatch("type", _("{name} is {type}; expected {what}").format(name=name, type=show.type_name(got), what=_(what)), got=show.value(got, digits=READABLE),
                       expected=show.value(expected, digits=READABLE), part=part, advice=advice)
    got_f = float(got)
    if not math.isfinite(got_f) and math.isfinite(expected):
        raise Mismatch("finite", _("{name} is {got}; expected a finite number").format(name=name, got=show.value(got_f)), got=show.value(got_f),
                       expected=show.value(expected, digits=READABLE), part=part)
    if not math.isfinite(expected):
        # inf and nan are matched exactly: a tolerance of rtol * inf would accept anything.
        if not (got_f == expected or (math.isnan(got_f) and math.isnan(expected))):
            raise Mismatch("values", _("{name} is {got}; expected {expected}").format(name=name, got=show.value(got_f), expected=show.value(float(expected))),
                           got=show.value(got_f), expected=show.value(float(expected)), part=part)
        return
    atol, rtol = tolerance(expected, rtol=rtol, atol=atol, scale=scale)
    if not (abs(got_f - expected) <= atol + rtol * abs(expected) or got_f == expected):
        digits = show.digits_to_differ(got_f, expected)
        raise Mismatch(
            "values",
            _("{name} is {got}; expected {expected}").format(name=name, got=show.value(got_f, digits=digits), expected=show.value(float(expected), digits=digits)),
            got=show.value(got_f, digits=digits),
            expected=show.value(float(expected), digits=digits),
            detail=_("error {error:.3g} (allowed {allowed:.3g})").format(error=abs(got_f - expected), allowed=atol + rtol * abs(expected)),
            part=part,
        )


def expect_array(got, expected: np.ndarray, *, part: str = "", rtol=1e-7, atol=None, scale=None):
    name = _name(part)
    if type(got) is not np.ndarray:
        advice = None
        if isinstance(got, Opaque) and got.array is not None:
            advice = _("Return a plain np.ndarray, e.g. np.asarray(result).")
        elif isinstance(got, (list, tuple)):
            advice = _("Return a numpy array, e.g. np.array(result).")
        elif isinstance(got, (float, int, np.generic)):
            advice = _("Return an array of shape {shape}.").format(shape=expected.shape)
        elif got is None:
            advice = _(NONE_ADVICE)
        raise Mismatch("type", _("{name} is {type}; expected a np.ndarray of shape {shape}").format(name=name, type=show.type_name(got), shape=expected.shape),
                       got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part, advice=advice)
    if got.shape != expected.shape:
        advice = None
        if got.size == expected.size:
            advice = _("Same number of elements but arranged differently: check the order of the dimensions (reshape/transpose to {shape}).").format(shape=expected.shape)
        if got.ndim != expected.ndim and tuple(n for n in got.shape if n != 1) == tuple(n for n in expected.shape if n != 1):
            # Only axes of length 1 differ: an index, squeeze or keepdims too many or too few.
            if got.ndim < expected.ndim:
                advice = _("An axis of length 1 is missing: shape {got} instead of {expected}. A slice (a:b) keeps an axis where an integer index drops it, "
                           "and keepdims=True keeps a reduced axis; or reshape to {expected}.").format(got=got.shape, expected=expected.shape)
            else:
                advice = _("An extra axis of length 1: shape {got} instead of {expected}. An integer index drops an axis where a slice keeps it; "
                           "or reshape to {expected}.").format(got=got.shape, expected=expected.shape)
        if got.ndim == 1 and expected.ndim == 2 and 1 in expected.shape:
            advice = _("A rank-1 array of shape {got} is not a {expected} matrix: use .reshape{expected} or keepdims=True.").format(got=got.shape, expected=expected.shape)
        raise Mismatch("shape", _("{name} has shape {got}; expected shape {expected}").format(name=name, got=got.shape, expected=expected.shape),
                       got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part, advice=advice)
    if got.dtype != expected.dtype:
        advice = _("Create or compute the array as {dtype} (e.g. dtype=np.{dtype}).").format(dtype=expected.dtype) if expected.dtype.kind == "f" else None
        raise Mismatch("dtype", _("{name} has dtype {got}; expected {expected}").format(name=name, got=got.dtype, expected=expected.dtype),
                       got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part, advice=advice)
    if got.dtype.kind in "fc":
        bad = ~np.isfinite(got) & np.isfinite(expected)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            count = int(bad.sum())
            raise Mismatch(
                "finite",
                _("{name} has a non-finite value {got} at index {index}; expected {expected}").format(
                    name=name, got=show.value(got[index]), index=list(index), expected=show.value(expected[index])),
                got=show.value(got, digits=READABLE),
                expected=show.value(expected, digits=READABLE),
                detail=ngettext("{count} non-finite value", "{count} non-finite values", count).format(count=count),
                part=part,
            )
    if got.size == 0:
        return
    atol, rtol = tolerance(expected, rtol=rtol, atol=atol, scale=scale)
    with np.errstate(all="ignore"):
        diff = np.abs(got.astype(np.float64) - expected.astype(np.float64)) if got.dtype.kind in "fcbiu" else None
        if diff is None:
            ok = got == expected
            excess = np.where(ok, 0.0, 1.0)
        else:
            allowed = atol + rtol * np.abs(expected.astype(np.float64))
            same = (got == expected) | (np.isnan(got) & np.isnan(expected)) if got.dtype.kind in "fc" else (got == expected)
            # Where the expected value is not finite only an exact match will do.
            excess = np.where(same, 0.0, np.where(np.isfinite(expected), diff - allowed, np.inf))
    if (excess > 0).any():
        index = np.unravel_index(int(np.argmax(excess)), got.shape)
        index = tuple(int(i) for i in index)
        count = int((excess > 0).sum())
        where = f"{part}[{', '.join(map(str, index))}]" if part else f"[{', '.join(map(str, index))}]"
        digits = show.digits_to_differ(got[index].item(), expected[index].item()) if got.dtype.kind == "f" else None
        values = {"where": where, "got": show.value(got[index].item(), digits=digits), "expected": show.value(expected[index].item(), digits=digits)}
        if diff is not None:
            worst = _("worst at {where}: got {got}, expected {expected} (error {error:.3g})").format(error=float(diff[index]), **values)
        else:
            worst = _("worst at {where}: got {got}, expected {expected}").format(**values)
        raise Mismatch(
            "values",
            ngettext("{name} has {count} of {total} value wrong", "{name} has {count} of {total} values wrong", got.size).format(name=name, count=count, total=got.size),
            got=show.value(got, digits=max(digits or READABLE, READABLE)),
            expected=show.value(expected, digits=max(digits or READABLE, READABLE)),
            detail=worst,
            part=part,
        )


def expect_same(got, expected, *, part: str = "", parts=None, rtol=1e-7, atol=None, scale=None):
    """Recursively compare ``got`` with ``expected`` (tuples, dicts, lists, arrays, floats)."""
    name = _name(part)
    if isinstance(expected, np.ndarray) and (expected.shape != () or expected.dtype != np.float64):
        return expect_array(got, expected, part=part, rtol=rtol, atol=atol, scale=scale)
    if isinstance(expected, (float, np.floating)) or isinstance(expected, np.ndarray):
        return expect_scalar(got, float(expected), part=part, rtol=rtol, atol=atol, scale=scale)
    if isinstance(expected, (int, str)) or expected is None:  # bool is an int
        if type(got) is not type(expected) or got != expected:
            raise Mismatch("values" if type(got) is type(expected) else "type", _("{name} is {got}; expected {expected}").format(name=name, got=show.value(got), expected=show.value(expected)),
                           got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part)
        return
    if isinstance(expected, tuple):
        # TRANSLATORS: the label of one part of a returned tuple, as in "item 0 has shape (3,)"
        labels = parts or [_("item {index}").format(index=i) for i in range(len(expected))]
        if not isinstance(got, (tuple, list)):
            shape = "(" + ", ".join(labels) + ")"
            advice = _(NONE_ADVICE) if got is None else _("Return both values: return {values}").format(values=", ".join(labels))
            raise Mismatch("type", _("{name} is {type}; expected a tuple {labels}").format(name=name, type=show.type_name(got), labels=shape),
                           got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part, advice=advice)
        if len(got) != len(expected):
            raise Mismatch("length", ngettext("{name} has {count} item; expected {expected}: ({labels})", "{name} has {count} items; expected {expected}: ({labels})", len(got)).format(
                name=name, count=len(got), expected=len(expected), labels=", ".join(labels)), got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part)
        for label, g, e in zip(labels, got, expected):
            expect_same(g, e, part=label if not part else f"{part}.{label}", rtol=rtol, atol=atol, scale=scale)
        return
    if isinstance(expected, list):
        if not isinstance(got, (list, tuple)):
            raise Mismatch("type", ngettext("{name} is {type}; expected a list of {count} item", "{name} is {type}; expected a list of {count} items", len(expected)).format(
                name=name, type=show.type_name(got), count=len(expected)), got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part,
                advice=_(NONE_ADVICE) if got is None else None)
        if len(got) != len(expected):
            raise Mismatch("length", ngettext("{name} has {count} item; expected {expected}", "{name} has {count} items; expected {expected}", len(got)).format(
                name=name, count=len(got), expected=len(expected)), got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part)
        for i, (g, e) in enumerate(zip(got, expected)):
            expect_same(g, e, part=f"{part or 'result'}[{i}]", rtol=rtol, atol=atol, scale=scale)
        return
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            raise Mismatch("type", _("{name} is {type}; expected a dict with keys {keys}").format(name=name, type=show.type_name(got), keys=sorted(map(str, expected))),
                           got=show.value(got, digits=READABLE), expected=show.value(expected, digits=READABLE), part=part, advice=_(NONE_ADVICE) if got is None else None)
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        if missing or extra:
            keys = {"name": name, "missing": show.cap(repr(missing[:20]), 300), "extra": show.cap(repr(extra[:20]), 300)}
            if missing and extra:
                summary = _(KEYS_BOTH[len(missing) == 1, len(extra) == 1]).format(**keys)
            elif missing:
                summary = ngettext("{name} has missing key {missing}", "{name} has missing keys {missing}", len(missing)).format(**keys)
            else:
                summary = ngettext("{name} has unexpected key {extra}", "{name} has unexpected keys {extra}", len(extra)).format(**keys)
            raise Mismatch("keys", summary, got=show.cap(str(sorted(map(str, got))[:50])), expected=show.cap(str(sorted(map(str, expected)))), part=part)
        for key, e in expected.items():
            label = f"{part}[{key!r}]" if part else f"{key}"
            expect_same(got[key], e, part=label, rtol=rtol, atol=atol, scale=scale)
        return
    raise TypeError(f"expect_same cannot compare against {type(expected).__name__}")


def judged(check, got, expected, **options) -> None:
    """Run ``check(got, expected, **options)``; a value so odd that comparing it
    raises (a 400-digit int, an array of dates) is the student's mismatch, not a
    grader bug — unless the expected value cannot be compared with itself either."""
    try:
        check(got, expected, **options)
    except Mismatch:
        raise
    except Exception as exc:
        try:
            check(expected, expected, **options)
        except Exception:
            raise exc from None  # the grader's own values fail: a grader problem
        raise Mismatch(
            "type",
            _("{name} could not be compared with the expected value ({error}); it is {type}").format(
                name=_name(options.get("part", "")), error=type(exc).__name__, type=show.type_name(got)),
            got=show.value(got, digits=READABLE),
            expected=show.value(expected, digits=READABLE),
            part=options.get("part", ""),
            advice=_("Return plain numbers: Python floats and float64 numpy arrays."),
        ) from None


def same_data(a, b) -> bool:
    """Exact equality of two decoded values (NaN equals NaN); used for repeats and inputs."""
    try:
        return _same_data(a, b)
    except Exception:  # values too odd to compare are not the same
        return False


def _same_data(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and (a == b or (a != a and b != b))
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_data(a[k], b[k]) for k in a)
    return bool(a == b)


def close(a, b, *, rtol=1e-6, atol=1e-9) -> bool:
    """Loose equality used by diagnosis: does a known mistake reproduce ``a``?"""
    try:
        if isinstance(a, (np.generic, np.ndarray)) and type(a) is type(b) and a.dtype == b.dtype and a.dtype != np.float64 and a.dtype.kind in "biuf":
            # Two float32 (or int) answers: expect_same would refuse both for their dtype.
            return np.shape(a) == np.shape(b) and bool(np.allclose(np.asarray(a, np.float64), np.asarray(b, np.float64), rtol=rtol, atol=atol, equal_nan=True))
        expect_same(a, b, rtol=rtol, atol=atol)
        return True
    except Exception:  # a Mismatch, or a value that cannot even be compared
        return False
