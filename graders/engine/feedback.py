"""From an outcome of the student's code to one structured failure, in one place.

Every way a property can end — a value that differs (:class:`Mismatch`), an
exception the student's function raised (:class:`StudentRaised`), a worker that
timed out, crashed or printed too much (:class:`WorkerLost`), an answer that
changed on the same input (``Flaky``), the untouched stub (:class:`NotStarted`)
or a bug in the property itself — becomes one :class:`~graders.results.PropertyResult`
here, with the call, what came back, the named mistake or the advice, and a
``cause`` that reports use to say a shared cause once. Nothing is read from
globals or from attributes set on exceptions after the fact: the call log is the
:class:`Student` passed in.

numpy's error messages are translated into the student's terms
(:func:`explain_raised`): shapes that do not broadcast, ``@`` with inner sizes
that differ, ``np.zeros(2, 3)``, ``math.exp`` on an array, ``exit()``, an import
the sandbox does not offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import N_, _
from ..results import ERROR, FAILED, NOT_STARTED, Diagnosis, PropertyResult, english_copy
from ..sandbox.client import WorkerLost
from .calls import CallRecord, NotStarted, Student, StudentRaised, changed_answer, output_limit_reached
from .compare import Mismatch
from .diagnosis import diagnose, odd_result

# What numpy offers for the packages students reach for (the import rule's remedy).
NUMPY_INSTEAD = {
    "scipy": N_("np.exp, np.log, np.sum, np.maximum and broadcasting cover what this course needs (e.g. scipy.special.expit(z) is 1 / (1 + np.exp(-z)))"),
    "pandas": N_("a DataFrame's column means and sums are X.mean(axis=0) and X.sum(axis=0) on the array itself"),
    "torch": N_("write the formula with numpy arrays: np.exp, @, .sum(axis=...)"),
    "tensorflow": N_("write the formula with numpy arrays: np.exp, @, .sum(axis=...)"),
    "sklearn": N_("write the formula with numpy arrays: the lesson shows each step"),
    "jax": N_("jax.numpy's functions have the same names in numpy: use np.… instead of jnp.…"),
    "numba": N_("numpy's whole-array operations are already fast; no compiling is needed"),
}
NUMPY_INSTEAD_ANY = N_("numpy's functions do the same work here")


@dataclass
class Explained:
    """An error in the student's terms: what happened, and what to do.

    ``text`` is a clause in the current language that follows "raised TypeError:";
    when ``own``, it is instead an English message id (marked with ``N_``) that
    says what happened by itself, about ``{subject}``, with ``params``.
    """

    text: str
    advice: str | None = None
    own: bool = False  # the text says what happened by itself: no "raised TypeError:" before it
    params: dict = field(default_factory=dict)

    def sentence(self, subject: str, error: str) -> str:
        """What ``subject`` (the call, or "importing f.py") did, whole, in the current language."""
        if self.own:
            return _(self.text).format(subject=subject, **self.params)
        return raised_sentence(subject, error, self.text)


def raised_sentence(subject: str, error: str, message: str) -> str:
    """'f(x=1) raised ValueError: …': ``message`` is Python's, or its explanation."""
    # TRANSLATORS: {subject} is a call such as f(x=1) or "importing f.py"; {error} an exception type such as ValueError
    return _("{subject} raised {error}: {message}").format(subject=subject, error=error, message=message)


def _shape(text: str) -> str:
    """'(3,4)' as Python prints a shape: '(3, 4)'; '(3,)' stays."""
    sizes = [s for s in text.strip("()").split(",") if s.strip()]
    return "(" + ", ".join(s.strip() for s in sizes) + ("," if len(sizes) == 1 else "") + ")"


BROADCAST_RULE = N_("numpy lines shapes up from the right: each pair of sizes must be equal, or one of them 1.")


def _broadcast(message: str) -> Explained | None:
    match = re.match(r"operands could not be broadcast together with shapes ((?:\([\d,]*\)\s*)+)", message)
    if not match:
        return None
    shapes = [_shape(s) for s in re.findall(r"\([\d,]*\)", match.group(1))]
    if len(shapes) == 2:
        text = _("shapes {first} and {second} do not broadcast").format(first=shapes[0], second=shapes[1])
    else:
        # TRANSLATORS: joins three or more shapes in "shapes (2,) and (3,) and (4,) do not broadcast"
        separator = _(" and ")
        text = _("shapes {shapes} do not broadcast").format(shapes=separator.join(shapes))
    dims = [tuple(int(s) for s in re.findall(r"\d+", shape)) for shape in shapes]
    advice = _(BROADCAST_RULE)
    if len(dims) == 2:
        big, small = (dims[0], dims[1]) if len(dims[0]) >= len(dims[1]) else (dims[1], dims[0])
        if len(big) == 2 and len(small) == 1 and small[0] == big[0] != big[1]:
            advice = _("The {shape} array has one value per row (a reduction over axis=1), but numpy lines it up with "
                       "the {columns} columns. Keep it as a column with keepdims=True (shape ({rows}, 1)) to use one value per row, "
                       "or reduce over axis=0 for one value per column.").format(shape=shapes[dims.index(small)], columns=big[1], rows=big[0])
        elif len(big) == 2 and len(small) == 1 and small[0] == big[1] != big[0]:
            advice = _("The {shape} array has one value per column; check which axis it should run along. {rule}").format(shape=shapes[dims.index(small)], rule=_(BROADCAST_RULE))
        elif len(big) == len(small) == 2 and big == small[::-1]:
            advice = _("{first} and {second} are each other's transpose: one of the two is the wrong way round (rows are examples, columns are features).").format(
                first=shapes[0], second=shapes[1])
    return Explained(text, advice)


def _matmul(message: str) -> Explained | None:
    match = re.match(r"matmul: Input operand \d+ has a mismatch in its core dimension \d+.*\(size (\d+) is different from (\d+)\)", message)
    aligned = re.match(r"shapes (\([\d,]*\)) and (\([\d,]*\)) not aligned: (\d+) \(dim \d+\) != (\d+)", message)
    if match:
        right, left = match.groups()
        text = _("the inner sizes of @ differ: the left side has {left} columns but the right side has {right} rows").format(left=left, right=right)
    elif aligned:
        a, b, left, right = aligned.groups()
        text = _("np.dot of shapes {first} and {second}: the left side has {left} columns but the right side has {right} rows").format(
            first=_shape(a), second=_shape(b), left=left, right=right)
    else:
        return None
    return Explained(
        text,
        _("A @ B needs A's last size to equal B's first: (m, k) @ (k, n) gives (m, n). In this course each ROW is one example: "
          "x has shape (m, n_in) and W has shape (n_in, n_out), so the data comes first (x @ W, X @ w), not W @ x or W.T @ x "
          "(the column convention of other courses). Write the shapes of both sides next to the line."),
    )


def explain_raised(raised: dict) -> Explained | None:
    """numpy's and Python's error for a call, in the student's terms (None: show it as is)."""
    kind, message = raised.get("type", ""), raised.get("message", "") or ""
    code = " ".join(frame[3] for frame in raised.get("frames", [])[-1:] if len(frame) > 3) if raised.get("frames") else ""
    if kind == "ValueError":
        found = _broadcast(message) or _matmul(message)
        if found:
            return found
        if message.startswith("The truth value of an array"):
            return Explained(_("used an array where Python needs one True/False (an `if`, `and`, `or`, `max()` or `min()` on an array)"),
                             _("Compare element by element with numpy: np.where(cond, a, b), np.maximum(a, b), np.minimum(a, b), (a > 0) & (b > 0)."))
        match = re.match(r"cannot reshape array of size (\d+) into shape (\(.*\))", message)
        if match:
            return Explained(_("cannot reshape {count} values into shape {shape}").format(count=match.group(1), shape=match.group(2)),
                             _("reshape keeps every value: the new shape must hold exactly as many. Let numpy count one size with -1, e.g. v.reshape(-1, 1)."))
    if kind == "TypeError":
        match = re.match(r"Cannot interpret '(.*)' as a data type", message)
        if match:
            return Explained(_("numpy read {value} as a dtype: the shape was passed as separate numbers").format(value=match.group(1)),
                             _("np.zeros, np.ones and np.empty take the shape as ONE tuple: np.zeros((n_in, n_out)) — note the double parentheses."))
        if "arrays can be converted to Python scalars" in message:
            uses_math = "math." in code
            return Explained((_("a math-module function got an array") if uses_math else _("an array was used where Python needs one number")),
                             _("math.exp, math.log and math.sqrt work on one number only; on arrays use np.exp, np.log, np.sqrt (they work element by element).")
                             if uses_math or not code else _("float(...) and the math module take one number; keep arrays as arrays and use numpy's functions (np.exp, np.log, ...)."))
        match = re.match(r"can't multiply sequence by non-int|unsupported operand type\(s\) for .*: 'list'", message)
        if match:
            return Explained(_("arithmetic on a Python list"),
                             _("Lists do not do arithmetic element by element; make it an array first: np.array(values) (or build the result with numpy from the start)."))
    if kind == "IndexError":
        match = re.match(r"too many indices for array: array is (\d+)-dimensional, but (\d+) were indexed", message)
        if match:
            return Explained(_("indexed a {dimensions}-dimensional array with {count} indices").format(dimensions=match.group(1), count=match.group(2)),
                             _("Check the array's .shape: a rank-1 array of shape (n,) takes one index; reshape(-1, 1) makes it a column if a matrix is wanted."))
    if kind == "AxisError":
        match = re.match(r"axis (-?\d+) is out of bounds for array of dimension (\d+)", message)
        if match:
            return Explained(_("axis={axis} does not exist on a {dimensions}-dimensional array").format(axis=match.group(1), dimensions=match.group(2)),
                             _("An array of shape (n,) has only axis 0; check the shape of what you reduce (print(x.shape))."))
    if kind == "UFuncTypeError" and "Cannot cast ufunc" in message and "int" in message:
        return Explained(_("wrote floats into an integer array (an in-place +=, -=, *= or /= on integers)"),
                         _("Create the array as floats (np.zeros(shape) is float64 by default, or .astype(float)) and return a new array rather than updating one in place."))
    if kind == "OverflowError" and message == "math range error":
        return Explained(_("math.exp overflowed (a number above about 709)"),
                         _("Use np.exp on arrays, and the stable form of the formula from the lesson so no exponent is large."))
    if kind == "NameError":
        match = re.match(r"name '(exit|quit)' is not defined", message)
        if match:
            # TRANSLATORS: {subject} is a call such as f(x=1) or "importing f.py"; {function} is exit or quit
            return Explained(N_("{subject} called {function}(): graded code must not stop the program"), _("Return the result instead of exiting; remove the exit() call."),
                             own=True, params={"function": match.group(1)})
        match = re.match(r"name '(np|numpy|math)' is not defined", message)
        if match:
            return Explained(_("used {module} without importing it").format(module=match.group(1)),
                             _("Put `import {module}` at the top of the file.").format(module="numpy as np" if match.group(1) == "np" else match.group(1)))
    if kind in ("ModuleNotFoundError", "ImportError"):
        match = re.match(r"No module named '([\w.]+)'", message)
        if match:
            package = match.group(1).split(".")[0]
            instead = _(NUMPY_INSTEAD.get(package, NUMPY_INSTEAD_ANY))
            # TRANSLATORS: {subject} is a call such as f(x=1) or "importing f.py"
            return Explained(N_("{subject} imports {package}, but gradwork grades with numpy only — {package} is not available to your code"),
                             _("Graded code may import numpy and Python's standard library (math, functools, ...). Instead: {instead}.").format(instead=instead),
                             own=True, params={"package": package})
    frames = raised.get("frames") or []
    if kind == "NotImplementedError" and frames and frames[-1][:1] != frames[0][:1]:
        # Raised in another of the student's files than the called function's (the first
        # frame): a stub there. One raised in the function's own file is shown as it is.
        file, _line, function = (list(frames[-1]) + ["", 0, ""])[:3]
        # TRANSLATORS: {subject} is a call such as f(x=1); {function} is the function in {file} that is still a stub
        return Explained(N_("{subject} calls {function}() in {file}, which still raises NotImplementedError: it is not written yet"),
                         _("Finish {function} in {file} first (its own exercise), or write what you need from it in this file.").format(function=function, file=file),
                         own=True, params={"function": function, "file": file})
    if kind == "RecursionError":
        return Explained(_("recursed too deeply (RecursionError)"), _("A function that calls itself without stopping? Use a loop, or check the stopping case."))
    return None


def raised_text(raised: dict, display_dir: str, limits=None, *, subject: str) -> tuple[str, str | None, list[str], bool]:
    """(what ``subject`` did, advice, your code's frames, plain) for an exception the
    student's code raised; ``plain``: the sentence is Python's own message, unexplained."""
    kind, message = raised["type"], raised["message"]
    # TRANSLATORS: one line of "your code": where the exception passed (file:line, the function) and the line's code
    frame = _("{file}:{line} in {function}: {code}")
    frames = [frame.format(file=f"{display_dir}/{name}", line=line, function=fn, code=code) for name, line, fn, code in raised.get("frames", [])]
    if output_limit_reached(raised):
        return (_("{subject} printed too much output (the output limit was reached)").format(subject=subject),
                _("Remove the print calls from graded functions (or print far less)."), frames, False)
    if kind == "MemoryError":
        if limits:
            text = _("{subject} ran out of memory (MemoryError: the worker's memory limit is {megabytes} MB)").format(subject=subject, megabytes=limits.memory_mb)
        else:
            text = _("{subject} ran out of memory (MemoryError)").format(subject=subject)
        return text, _("Is an array far larger than the inputs? Check the shapes you create."), frames, False
    if kind == "SystemExit":
        return (_("{subject} called sys.exit({code}) / exit(): graded code must not stop the program").format(subject=subject, code=message),
                _("Return the result instead of exiting."), frames, False)
    if kind == "PermissionError" and "Operation not permitted" in message:
        return (_("{subject} was stopped by the sandbox (PermissionError: operation not permitted)").format(subject=subject),
                _("Graded code may only compute: it cannot start processes, run programs, open network connections or signal other processes."), frames, False)
    explained = explain_raised(raised)
    if explained is not None:
        return explained.sentence(subject, kind), explained.advice, frames, False
    return raised_sentence(subject, kind, message), None, frames, True


def crash_output(output: str, display_dir: str) -> str | None:
    """The useful part of what the worker wrote as it died (faulthandler's stack)."""
    if not output.strip():
        return None
    keep = [line for line in output.splitlines() if line.startswith("Fatal Python error") or re.search(r'File "[^"/]+\.py", line \d+', line)]
    if keep:
        return "\n".join(line.replace('File "', f'File "{display_dir}/') for line in keep[:12])
    return output[-800:]


LONG_CALL = 100  # a call longer than this is shown on its own line, not before the message


def _lead(record: CallRecord) -> str:
    """The call as a message starts with it: whole when short, else its name only
    (the report shows the whole call in its own field)."""
    text = record.text
    return text if len(text) <= LONG_CALL else f"{record.function}(…)"


def _normalise(message: str) -> str:
    """An error message with its numbers blanked: the same mistake on other inputs."""
    return re.sub(r"-?\d+(\.\d+)?(e[-+]?\d+)?", "#", message)[:200]


# What the engine's own checks establish for certain, named when no known mistake
# of the bank is: the check itself saw the student's code do it.
# The titles complete "looks like: ...", as a mistake's title does.
CERTAIN = {
    "mutated": ("changed-input", N_("changes the caller's input in place")),
    "warning": ("overflow", N_("an intermediate value overflows or loses precision (numpy warned)")),
    "aliasing": ("shared-memory", N_("returns an input array (or a view of it) instead of a new one")),
    "reused": ("shared-result", N_("returns the same dict or array on every call (kept at module level or as a default argument)")),
    "nondeterministic": ("changing-answer", N_("gives a different answer for the same input")),
    "own-randomness": ("own-randomness", N_("draws random numbers that do not come from the rng it was given (np.random.rand, randn, seed or a new default_rng)")),
}
RETURNS_NONE = N_("returns None: no `return` reached (printing a value does not return it)")


CHANGING = ("nondeterministic", "own-randomness")  # problems where the engine saw the answer change


def certain(exc: Mismatch) -> Diagnosis | None:
    """A diagnosis the engine's checks prove (no guess): the input changed, memory is
    shared, the answer changed on the same input, or None came back."""
    if exc.problem in CERTAIN:
        key, title = CERTAIN[exc.problem]
        return _diagnosis(f"check:{key}", title, exc.advice or "")
    if exc.problem == "type" and exc.got == "None":
        return _diagnosis("check:returns-none", RETURNS_NONE, _("End the function with `return <the value>`; print() only shows a value, the caller gets None."))
    return None


def _diagnosis(key: str, title: str, advice: str) -> Diagnosis:
    """A diagnosis titled ``title`` (English) in the current language, with the English kept when they differ."""
    shown = _(title)
    return Diagnosis(key, shown, advice, title_en=english_copy(title, shown))


def not_started_message(function: str) -> str:
    return _("{function} still raises NotImplementedError — not started").format(function=function)


def _cause(diagnosis: Diagnosis | None, unnamed: str) -> str:
    """What failures share to be explained once: the named mistake, else ``unnamed``."""
    return f"mistake:{diagnosis.id}" if diagnosis else unnamed


class Explainer:
    """Turns what ended a property into its result (the one place that does)."""

    def __init__(self, *, display_dir: str, limits, reference, bank):
        """``bank``: the known mistakes, or a function that loads them (only a
        failure needs them, and most properties pass)."""
        self.display_dir = display_dir
        self.limits = limits
        self.reference = reference
        self._bank = bank

    @property
    def bank(self) -> list:
        if callable(self._bank):
            self._bank = self._bank()
        return self._bank

    def explain(self, result: PropertyResult, exc: BaseException, student: Student, function: str, advice: str | None) -> PropertyResult:
        """Fill ``result`` from ``exc``, which ended the property of ``function``."""
        if isinstance(exc, NotStarted):
            result.status = NOT_STARTED
            result.message = not_started_message(exc.function)
        elif isinstance(exc, WorkerLost):
            self._lost(result, exc, student.pending)
        elif isinstance(exc, StudentRaised):
            self._raised(result, exc.record, exc.raised, student, function)
        elif isinstance(exc, Mismatch):
            self._mismatch(result, exc, student, function, advice)
        else:
            raise TypeError(f"not an outcome of the student's code: {type(exc).__name__}")
        return result

    def _lost(self, result: PropertyResult, exc: WorkerLost, record: CallRecord | None) -> None:
        result.status = FAILED
        result.problem = exc.kind
        result.call = record.text if record else None
        result.output = crash_output(exc.output, self.display_dir)
        result.cause = f"{exc.kind}:{record.function if record else ''}"
        if exc.kind == "sandbox":
            result.status, result.problem = ERROR, "grader"
            result.message = _("the sandbox failed to start the worker — not your fault; it does not count against you; please tell your instructor: {problem}").format(
                problem=exc.said())
        else:
            # TRANSLATORS: the subject of a sentence such as "your code timed out: ..."
            result.message = exc.said(result.call or _("your code"))

    def _raised(self, result: PropertyResult, record: CallRecord, raised: dict, student: Student, function: str) -> None:
        text, advice, frames, plain = raised_text(raised, self.display_dir, self.limits, subject=_lead(record))
        result.status = FAILED
        result.problem = "raised"
        result.call = record.text
        result.message = text
        if not plain:
            result.detail = _("Python said: {error}: {message}").format(error=raised["type"], message=raised["message"])
        result.traceback = frames
        # A known mistake that raises the very same error on the same calls is named too.
        result.diagnosis = diagnose(student.history, function, self.bank, self.reference)
        result.advice = None if result.diagnosis else advice
        result.cause = _cause(result.diagnosis, f"raised:{record.function}:{raised['type']}:{_normalise(raised['message'])}")

    def _mismatch(self, result: PropertyResult, exc: Mismatch, student: Student, function: str, advice: str | None) -> None:
        record = exc.call  # found when the check failed (Property.run_example)
        exc = self._changed(exc, student) or exc
        result.status = FAILED
        result.problem = exc.problem
        result.call = record.text if record else None
        result.got = exc.got
        result.expected = exc.expected
        result.detail = exc.detail
        # TRANSLATORS: a call, then what was wrong with its answer: "f(x=1) → the result has shape (3,); expected shape (3, 1)"
        result.message = _("{call} → {problem}").format(call=_lead(record), problem=exc.summary) if record else exc.summary
        # An answer that changed between two identical calls is seen, not guessed:
        # no replayed mistake (which runs once, in the parent) can explain it better.
        seen = certain(exc) if exc.problem in CHANGING else None
        result.diagnosis = seen or diagnose(student.history, function, self.bank, self.reference) or certain(exc)
        if result.diagnosis is None:
            result.advice = exc.advice or advice
        # Unnamed: the same kind of wrong answer from the same function is one cause.
        result.cause = _cause(result.diagnosis, f"{exc.problem}:{record.function if record else function}")

    # Problems that are not a wrong answer, or already an answer seen to change.
    NOT_REPEATED = (*CHANGING, "mutated", "aliasing", "reused", "warning")

    def _changed(self, exc: Mismatch, student: Student) -> Mismatch | None:
        """The failing call made again (``repeat="failure"``, the default): when the
        answer changes, that — not the wrong answer — is what is wrong."""
        record = exc.call
        if (student.checks.repeat != "failure" or record is None or exc.problem in self.NOT_REPEATED
                or record.outcome is None or record.outcome.raised is not None):
            return None
        again = student._call_again(record)
        return changed_answer(record, again) if again is not None else None

    def odd(self, result: PropertyResult, student: Student, function: str, advice: str | None) -> bool:
        """The property's own code raised: when a result of the student's is so odd that
        it broke the property, that is the student's failure (True); else a grader bug."""
        blame = odd_result(student.current, self.reference)
        if blame is None:
            return False
        self._mismatch(result, blame, student, function, advice)
        return True
