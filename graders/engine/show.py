"""How values and calls are written in feedback: as Python a student can paste.

Arrays print as ``np.array([[0.5, 1.0]])`` (with the repr's full precision),
capped in size so a failure message never floods the terminal.
"""

from __future__ import annotations

import re

import numpy as np

from ..sandbox.protocol import FunctionRef, Opaque

ARRAY_ELEMENTS = 64  # more elements than this are summarised
TEXT_LIMIT = 600


def cap(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 5] + " ...]"


def _float(value: float) -> str:
    text = repr(float(value))
    if text in ("nan", "inf", "-inf"):
        return {"nan": "np.nan", "inf": "np.inf", "-inf": "-np.inf"}[text]
    return text


def array(value: np.ndarray) -> str:
    dtype = "" if value.dtype == np.float64 else f", dtype=np.{value.dtype}"
    if value.size > ARRAY_ELEMENTS:
        if value.dtype.kind not in "biuf":  # strings, dates, complex...: no span to show
            return f"<array of shape {value.shape}{dtype}>"
        finite = value[np.isfinite(value)] if value.dtype.kind == "f" else value
        if finite.size:
            span = f"values in [{_float(finite.min())}, {_float(finite.max())}]"
        else:
            span = "no finite values"
        return f"<array of shape {value.shape}{dtype}, {span}>"
    if value.dtype.kind == "f":
        body = np.array2string(value, separator=", ", threshold=ARRAY_ELEMENTS + 1, max_line_width=10_000, floatmode="unique", formatter={"float_kind": _float})
    else:
        body = np.array2string(value, separator=", ", threshold=ARRAY_ELEMENTS + 1, max_line_width=10_000)
    # One line: calls are meant to be pasted, and rows already read as [[...], [...]].
    body = re.sub(r"\n\s*", " ", body)
    return f"np.array({body}{dtype})"


def value(obj, *, limit: int = TEXT_LIMIT) -> str:
    """Python-like text for any decoded value; never raises (the value may be hostile)."""
    try:
        return _value(obj, limit=limit)
    except Exception:
        return f"<a {type_name(obj)} that cannot be shown>"


def _value(obj, *, limit: int) -> str:
    if isinstance(obj, np.ndarray):
        text = array(obj)
    elif isinstance(obj, np.generic):
        text = f"np.{type(obj).__name__}({_float(obj) if obj.dtype.kind == 'f' else repr(obj.item())})"
    elif isinstance(obj, float):
        text = _float(obj)
    elif isinstance(obj, tuple):
        inner = ", ".join(value(v, limit=limit) for v in obj)
        text = f"({inner},)" if len(obj) == 1 else f"({inner})"
    elif isinstance(obj, list):
        text = "[" + ", ".join(value(v, limit=limit) for v in obj) + "]"
    elif isinstance(obj, dict):
        text = "{" + ", ".join(f"{k!r}: {value(v, limit=limit)}" for k, v in obj.items()) + "}"
    elif isinstance(obj, Opaque):
        text = f"<a {obj.type_name}: {obj.text}>"
    elif isinstance(obj, FunctionRef):
        text = obj.name.split(":", 1)[-1]
    else:
        text = repr(obj)
    return cap(text, limit)


def type_name(obj) -> str:
    """The type of a value in the words a student would use."""
    if isinstance(obj, Opaque):
        return obj.type_name
    if isinstance(obj, np.ndarray):
        return f"np.ndarray of shape {obj.shape} and dtype {obj.dtype}"
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
