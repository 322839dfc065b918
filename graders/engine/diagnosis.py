"""Naming the mistake: replay a failing student's calls through known mistakes.

When a property fails, the engine has the student's calls from that
property's whole Hypothesis run (inputs, results or the error raised, and the
inputs as they were afterwards). The calls where the student disagrees with
the reference — a different result, or an error where the reference answers —
are replayed through every known mistake of that function, in the parent. A
mistake that reproduces *all* of them (results and any change to the inputs;
the same exception type and message), and answers as the student did on the calls
the student got right, is named in the feedback. Requiring all, over many varied
inputs, is what keeps a coincidence on one tiny counterexample from being called a
diagnosis.
"""

from __future__ import annotations

import copy
import warnings
from types import ModuleType

import numpy as np

from ..i18n import _
from ..results import Diagnosis, english_copy
from ..sandbox.protocol import FunctionRef, SeededGenerator, lib_function
from .calls import CallRecord
from .compare import close
from .variants import Variant

MAX_REPLAYS = 40


def _resolve(value, reference: ModuleType, bound: dict):
    if isinstance(value, FunctionRef):
        kind, _colon, name = value.name.partition(":")
        if kind == "student":
            return bound.get(name) or getattr(reference, name)
        return lib_function(name)
    if isinstance(value, SeededGenerator):
        return value.fresh()
    if isinstance(value, tuple):
        return tuple(_resolve(v, reference, bound) for v in value)
    if isinstance(value, list):
        return [_resolve(v, reference, bound) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, reference, bound) for k, v in value.items()}
    return copy.deepcopy(value)


class Raised:
    """What a replayed function raised: its exception's type name and message."""

    def __init__(self, exc: Exception):
        # A recorded answer (the student edition's corpus) carries the original's names.
        self.type = getattr(exc, "type_name", None) or type(exc).__name__
        self.message = getattr(exc, "text", None) if getattr(exc, "type_name", None) else str(exc)

    def matches(self, raised: dict) -> bool:
        # Messages are capped on the way (the worker's at 2000 characters, the corpus's at 300).
        return self.type == raised.get("type") and (self.message or "")[:300] == (raised.get("message") or "")[:300]


def _run(fn, record: CallRecord, reference: ModuleType, bound: dict):
    """(result, args afterwards, kwargs afterwards), a :class:`Raised`, or None when
    there is no answer (the student edition's corpus did not record this call)."""
    args = _resolve(record.args, reference, bound)
    kwargs = _resolve(record.kwargs, reference, bound)
    # A known mistake may seed or draw from numpy's global generator: the
    # parent's own global state is put back afterwards.
    global_state = np.random.get_state()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = fn(*args, **kwargs)
    except Exception as exc:
        if type(exc).__name__ == "CorpusMiss":
            return None
        return Raised(exc)
    finally:
        np.random.set_state(global_state)
    return result, args, kwargs


def _reproduces(outcome, record: CallRecord, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    if outcome is None:
        return False
    if record.outcome.raised is not None or isinstance(outcome, Raised):
        return isinstance(outcome, Raised) and record.outcome.raised is not None and outcome.matches(record.outcome.raised)
    after_args = record.outcome.args_after[0] if record.outcome.args_after is not None else record.args
    return _same_answer((record.outcome.result, after_args), outcome, rtol=rtol, atol=atol)


def _same_answer(mine, replayed, *, rtol: float, atol: float) -> bool:
    """Two answers, each (result, arguments afterwards), agree within the tolerance.
    ``replayed`` ran in the parent: its FunctionRefs came back as functions, so only
    the data arguments are compared."""
    if not close(mine[0], replayed[0], rtol=rtol, atol=atol):
        return False
    # A generator argument was drawn from, which is what it is for: not compared.
    return all(callable(theirs) or isinstance(ours, SeededGenerator) or close(ours, theirs, rtol=rtol, atol=atol) for ours, theirs in zip(mine[1], replayed[1]))


def odd_result(records: list[CallRecord], reference: ModuleType):
    """The first student call whose result does not even have the reference's
    structure (type, shape, dtype) — as a Mismatch — or None when all do.

    Used when a property itself raised: if the student's value is odd enough
    to break the property's own code, that is the student's failure, not a
    bug in the grader."""
    from .compare import Mismatch, expect_same, judged

    for record in records:
        if record.outcome is None or record.outcome.raised is not None:
            continue
        outcome = _run(getattr(reference, record.function), record, reference, {})
        if outcome is None or isinstance(outcome, Raised):
            continue
        try:
            judged(expect_same, record.outcome.result, outcome[0], rtol=1e300, atol=1e300)
        except Mismatch as exc:
            exc.call = record
            return exc
        except Exception:
            continue
    return None


def diagnose(history: list[CallRecord], function: str, variants: list[Variant], reference: ModuleType) -> Diagnosis | None:
    candidates = [v for v in variants if v.kind == "mistake" and v.diagnose and v.replaces == function]
    if not candidates:
        return None
    correct = getattr(reference, function)
    wrong_calls, right_calls = [], []
    for record in history:
        if record.function != function or record.outcome is None:
            continue
        if record.outcome.raised is not None and record.outcome.raised.get("type") == "NotImplementedError":
            continue
        expected = _run(correct, record, reference, {})
        if expected is None:
            continue
        # A call is wrong when it differs from the reference by more than rounding
        # (the property failed it at rtol 1e-7; eps inside a log is off by 3e-8):
        # a mistake must then reproduce it within the usual, looser tolerance.
        if not _reproduces(expected, record, rtol=TIGHT[0], atol=TIGHT[1]):
            wrong_calls.append((record, expected))
        elif len(right_calls) < MAX_REPLAYS:
            right_calls.append(record)
        if len(wrong_calls) >= MAX_REPLAYS:
            break
    if not wrong_calls:
        return None
    for variant in candidates:
        try:
            fn = variant.bind(reference)
        except Exception:
            continue
        if all(_explains(_run(fn, record, reference, {}), record, expected) for record, expected in wrong_calls) and all(
                _agrees(_run(fn, record, reference, {}), record) for record in right_calls):
            # The mistake's title and advice are the course's words, written in English
            # in the mistakes module: translated here, where they enter the result.
            title = _(variant.title)
            return Diagnosis(variant.key, title, _(variant.advice), title_en=english_copy(variant.title, title))
    return None


def _agrees(outcome, record: CallRecord) -> bool:
    """Where the student answered right, the student's mistake answers right too: a
    mistake that would have been wrong there is not the one the student made, however
    well it matches the wrong calls (a shrunk counterexample such as sigmoid at 0,
    where several mistakes give the same 0.0, is one of those)."""
    return outcome is None or _reproduces(outcome, record)


def _magnitude(value) -> float:
    """The largest finite |number| in an answer (arrays, numbers, and lists, tuples
    and dict values of them); 1.0 when it holds none."""
    found = []

    def walk(item, level):
        if level > 50:
            return
        if isinstance(item, (list, tuple)):
            for part in item:
                walk(part, level + 1)
        elif isinstance(item, dict):
            for part in item.values():
                walk(part, level + 1)
        elif isinstance(item, (int, float, np.number, np.ndarray)) and not isinstance(item, (bool, np.bool_)):
            try:
                values = np.abs(np.asarray(item, dtype=float))
            except (TypeError, ValueError):
                return
            values = values[np.isfinite(values)]
            if values.size:
                found.append(float(values.max()))

    walk(value, 0)
    return max(found) if found else 1.0


# Closer than this to the reference is rounding, not a different answer.
TIGHT = (1e-10, 1e-13)


def _explains(outcome, record: CallRecord, expected) -> bool:
    """The mistake's ``outcome`` explains the student's wrong call: it reproduces the
    student's answer (within the usual tolerance) AND is itself wrong there. The
    second half matters when the student is off by very little: a mistake that
    answers right on that call would otherwise "reproduce" it within tolerance."""
    # Agreement "within 1e-9" means nothing for answers that are all far below 1 (a
    # gradient check's relative error is ~1e-5 when right): there the allowance
    # shrinks with the right answer's size, so a constant 0.0 is not "reproduced"
    # by a mistake that answers 1e-11.
    scale = 1.0 if isinstance(expected, Raised) else min(1.0, _magnitude(expected[0]))
    if not _reproduces(outcome, record, atol=1e-9 * scale):
        return False
    if isinstance(outcome, Raised) or isinstance(expected, Raised):
        return not (isinstance(outcome, Raised) and isinstance(expected, Raised) and outcome.type == expected.type and outcome.message == expected.message)
    # The mistake's answer is "got" here, as the student's is in _reproduces (close()
    # checks got's type against the expected one's).
    if _same_answer(outcome, expected, rtol=TIGHT[0], atol=TIGHT[1]):
        return False
    # And it must be closer to the student's answer than the right answer is: code that
    # is right but for float32 rounding (off by ~1e-7) is "reproduced" within the usual
    # tolerance by a mistake that is itself off by ~1e-8, which explains nothing.
    to_mistake, to_right = _distance(record.outcome.result, outcome[0]), _distance(record.outcome.result, expected[0])
    return to_mistake is None or to_right is None or to_mistake <= 0.5 * to_right


def _distance(a, b, depth: int = 0) -> float | None:
    """The largest |a - b| over the numbers of two answers of the same structure
    (arrays, numbers, and lists, tuples and dicts of them); None when they cannot be
    compared number by number."""
    if depth > 50:
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return None
        parts = [_distance(a[k], b[k], depth + 1) for k in a]
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return None
        parts = [_distance(x, y, depth + 1) for x, y in zip(a, b)]
    elif isinstance(a, (int, float, np.number, np.ndarray)) and isinstance(b, (int, float, np.number, np.ndarray)):
        try:
            x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        except (TypeError, ValueError):
            return None
        if x.shape != y.shape:
            return None
        both = np.isfinite(x) & np.isfinite(y)
        if not np.array_equal(np.isfinite(x), np.isfinite(y)) or not np.array_equal(x[~both], y[~both], equal_nan=True):
            return None  # inf or nan in different places: not a distance
        return float(np.max(np.abs(x[both] - y[both]))) if both.any() else 0.0
    else:
        return 0.0 if type(a) is type(b) and a == b else None
    if any(part is None for part in parts):
        return None
    return max(parts, default=0.0)
