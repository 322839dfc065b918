"""How values and calls are written in feedback: as Python a student can paste.

Arrays print as ``np.array([[0.5, 1.0]])``, numpy scalars as plain numbers
(``1.0``, not ``np.float64(1.0)``), capped in size so a failure message never
floods the terminal. Calls keep every digit (they are meant to be pasted); a
result and its expected value are written with just enough significant digits
to show where they differ (:func:`digits_to_differ`), not seventeen.
"""

from __future__ import annotations

import re

import numpy as np

from ..i18n import _
from ..sandbox.protocol import FunctionRef, Opaque, SeededGenerator

ARRAY_ELEMENTS = 64  # more elements than this are summarised
TEXT_LIMIT = 600


def cap(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 5] + " ...]"


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 value', '3 values' ('1 key', '2 keys'; ``words`` for irregular plurals).

    English only: a message that counts is one ``ngettext`` sentence, not built from this."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def _float(value: float, digits: int | None = None) -> str:
    text = repr(float(value))
    if text in ("nan", "inf", "-inf"):
        return {"nan": "np.nan", "inf": "np.inf", "-inf": "-np.inf"}[text]
    if digits is not None:
        short = f"{float(value):.{digits}g}"
        if len(short) < len(text):
            # Still a float to Python's eye: 2 -> 2.0, 1e+20 stays.
            return short if any(c in short for c in ".en") else short + ".0"
    return text


def digits_to_differ(got, expected, *, least: int = 4, most: int = 17) -> int | None:
    """The fewest significant digits (at least ``least``) at which the floats ``got``
    and ``expected`` print differently: 0.30000001 vs 0.3 needs 8, 0.5 vs 0.25 needs 4.
    None when they are not two finite floats (their full repr is shown)."""
    try:
        a, b = float(got), float(expected)
    except (TypeError, ValueError, OverflowError):
        return None
    if not (np.isfinite(a) and np.isfinite(b)):
        return least
    for digits in range(least, most + 1):
        if f"{a:.{digits}g}" != f"{b:.{digits}g}":
            return digits
    return most


def array(value: np.ndarray, digits: int | None = None) -> str:
    dtype = "" if value.dtype == np.float64 else f", dtype=np.{value.dtype}"
    if value.size > ARRAY_ELEMENTS:
        # {dtype} is code (", dtype=np.float32") or nothing
        if value.dtype.kind not in "biuf":  # strings, dates, complex...: no span to show
            return _("<array of shape {shape}{dtype}>").format(shape=value.shape, dtype=dtype)
        finite = value[np.isfinite(value)] if value.dtype.kind == "f" else value
        if finite.size:
            return _("<array of shape {shape}{dtype}, values in [{low}, {high}]>").format(
                shape=value.shape, dtype=dtype, low=_float(finite.min(), digits or 6), high=_float(finite.max(), digits or 6))
        return _("<array of shape {shape}{dtype}, no finite values>").format(shape=value.shape, dtype=dtype)
    if value.dtype.kind == "f":
        body = np.array2string(value, separator=", ", threshold=ARRAY_ELEMENTS + 1, max_line_width=10_000, floatmode="unique", formatter={"float_kind": lambda x: _float(x, digits)})
    else:
        body = np.array2string(value, separator=", ", threshold=ARRAY_ELEMENTS + 1, max_line_width=10_000)
    # One line: calls are meant to be pasted, and rows already read as [[...], [...]].
    body = re.sub(r"\n\s*", " ", body)
    return f"np.array({body}{dtype})"


def value(obj, *, limit: int = TEXT_LIMIT, digits: int | None = None) -> str:
    """Python-like text for any decoded value; never raises (the value may be hostile).
    ``digits``: significant digits for floats (None: every digit)."""
    try:
        return _value(obj, limit=limit, digits=digits)
    except Exception:
        return _("<a {type} that cannot be shown>").format(type=type_name(obj))


def _value(obj, *, limit: int, digits: int | None = None) -> str:
    if isinstance(obj, np.ndarray):
        text = array(obj, digits)
    elif isinstance(obj, np.generic):
        # A numpy scalar reads as the number it is; its type is named only when the
        # type is the problem (the message says "dtype float32").
        if obj.dtype.kind == "f":
            text = _float(obj, digits)
        elif obj.dtype.kind in "biu":
            text = repr(obj.item())
        else:
            text = repr(obj.item())
    elif isinstance(obj, float):
        text = _float(obj, digits)
    elif isinstance(obj, tuple):
        inner = ", ".join(value(v, limit=limit, digits=digits) for v in obj)
        text = f"({inner},)" if len(obj) == 1 else f"({inner})"
    elif isinstance(obj, list):
        text = "[" + ", ".join(value(v, limit=limit, digits=digits) for v in obj) + "]"
    elif isinstance(obj, dict):
        text = "{" + ", ".join(f"{k!r}: {value(v, limit=limit, digits=digits)}" for k, v in obj.items()) + "}"
    elif isinstance(obj, Opaque):
        # The type and its description come from the worker (data, English)
        text = _("<a {type}: {text}>").format(type=obj.type_name, text=obj.text)
    elif isinstance(obj, FunctionRef):
        text = obj.name.split(":", 1)[-1]
    elif isinstance(obj, SeededGenerator):
        text = repr(obj)
    else:
        text = repr(obj)
    return cap(text, limit)


def type_name(obj) -> str:
    """The type of a value in the words a student would use."""
    if isinstance(obj, Opaque):
        return obj.type_name
    if isinstance(obj, np.ndarray):
        return _("np.ndarray of shape {shape} and dtype {dtype}").format(shape=obj.shape, dtype=obj.dtype)
    if isinstance(obj, np.generic):
        return f"np.{type(obj).__name__}"
    if obj is None:
        return "None"
    return type(obj).__name__


def call(function: str, names: list[str], args, kwargs) -> str:
    """``init_zeros(n_in=1, n_out=2)``: the call as the student could type it."""
    parts = []
    for index, arg in enumerate(args):
        label = names[index] if index < len(names) else None
        parts.append(f"{label}={value(arg, limit=2000)}" if label else value(arg, limit=2000))
    parts.extend(f"{k}={value(v, limit=2000)}" for k, v in kwargs.items())
    return cap(f"{function}({', '.join(parts)})", 4000)
