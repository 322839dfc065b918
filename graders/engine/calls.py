"""The student's functions as the trusted parent sees them.

A property receives ``student``, a :class:`Student` whose attributes are the
student's functions. Calling one sends the arguments to the sandboxed worker
and returns the decoded result. Every call is logged: the property's
assertions use the log to say *which* call went wrong, the engine's
post-checks read it (inputs not modified, same answer twice, no shared
memory, no warnings), and diagnosis replays it against known mistakes.
"""

from __future__ import annotations

import copy
import inspect
import re
import time
from dataclasses import dataclass, field

import numpy as np

from ..i18n import N_, _, ngettext
from ..sandbox.client import CallOutcome, Sandbox, WorkerLost
from ..sandbox.protocol import FunctionRef, Opaque, SeededGenerator
from . import compare, show

HISTORY_LIMIT = 300


IMMUTABLE = (int, float, bool, complex, str, bytes, type(None))


def snapshot(value, memo: dict | None = None):
    """``copy.deepcopy(value)``, made faster for what properties pass: numbers, strings,
    plain arrays, lists, tuples, dicts and generators (anything else is deepcopy's).

    Every call a property makes is logged with a copy of its arguments (the body may
    change them after the call). deepcopy takes a generator through pickling, ~35 us,
    which was a third of a student's call on the trusted side wherever a reply is not
    the reference's (a function that calls a wrong one). The same copies: the same
    types, values and layout, an object used twice copied once, a generator in the
    same state (and of the same seed) whose draws no longer touch the original."""
    memo = {} if memo is None else memo
    kind = type(value)
    if kind in IMMUTABLE:
        return value  # as deepcopy: the object itself
    seen = memo.get(id(value))
    if seen is not None:
        return seen
    if kind is np.ndarray and not value.dtype.hasobject:
        copied = value.copy(order="K")  # what ndarray.__deepcopy__ makes
    elif kind is list:
        copied = memo[id(value)] = []
        copied.extend(snapshot(item, memo) for item in value)
    elif kind is dict:
        copied = memo[id(value)] = {}
        for key, item in value.items():
            copied[snapshot(key, memo)] = snapshot(item, memo)
    elif kind is tuple:
        items = [snapshot(item, memo) for item in value]
        # deepcopy gives back a tuple whose items are all themselves, not a new one
        copied = value if all(a is b for a, b in zip(items, value)) else tuple(items)
    elif kind is np.random.Generator:
        copied = _generator_copy(value, memo)
    else:
        return copy.deepcopy(value, memo)
    memo[id(value)] = copied
    memo.setdefault(id(memo), []).append(value)  # as deepcopy: no id in memo is reused while memo lives
    return copied


def _generator_copy(generator: np.random.Generator, memo: dict) -> np.random.Generator:
    """A twin of a default_rng generator (PCG64 from a SeedSequence): its seed and state; any other is deepcopy's."""
    bits = generator.bit_generator
    seeds = bits.seed_seq
    if type(bits) is not np.random.PCG64 or type(seeds) is not np.random.SeedSequence:
        return copy.deepcopy(generator, memo)
    twin = np.random.PCG64(np.random.SeedSequence(seeds.entropy, spawn_key=seeds.spawn_key, pool_size=seeds.pool_size,
                                                  n_children_spawned=seeds.n_children_spawned))
    twin.state = bits.state
    return np.random.Generator(twin)


class NotStarted(BaseException):
    """The function still raises NotImplementedError (the untouched stub).

    A BaseException so that Hypothesis stops at once instead of shrinking.
    """

    def __init__(self, function: str):
        super().__init__(function)
        self.function = function


class StudentRaised(AssertionError):
    """The student's function raised an exception for a valid input."""

    def __init__(self, record: "CallRecord", raised: dict):
        self.record = record
        self.raised = raised
        super().__init__(f"{record.text} raised {raised['type']}: {raised['message']}")


@dataclass
class CallRecord:
    function: str
    args: tuple
    kwargs: dict
    names: list = field(default_factory=list)  # parameter names, for messages
    outcome: CallOutcome | None = None

    @property
    def text(self) -> str:
        """The call as Python (formatted only when a message needs it)."""
        return show.call(self.function, self.names, self.args, self.kwargs)

    @property
    def result(self):
        return self.outcome.result if self.outcome else None


@dataclass
class Checks:
    """What the engine checks after a property's own assertions pass."""

    allow_mutation: bool = False
    fresh: bool = False
    no_warnings: bool = False
    # When to call again with the same input and compare the answers: True after
    # every call, "failure" only for the call a failing property names (the default),
    # False never. See properties.prop.
    repeat: bool | str = "failure"
    advice: str | None = None  # the property's advice, for the checks it opted into


class Student:
    """Proxy for the student's module inside the sandbox."""

    def __init__(self, sandbox: Sandbox, module: str, reference, *, budget: float = 30.0, deadline: float = float("inf")):
        self._sandbox = sandbox
        self._budget = budget  # wall-clock seconds the student's calls may take per property
        self._deadline = deadline  # time.monotonic() after which no call starts (the exercise's time is up)
        self._spent = 0.0
        self._module = module
        self._reference = reference
        self._started: set[str] = set()
        self._names: dict[str, list[str]] = {}
        self._not_started: set[str] = set()
        self._timed_out: dict[str, str] = {}  # function -> the call that ran out of time
        self.pending: CallRecord | None = None  # the call in flight
        self.current: list[CallRecord] = []
        self.history: list[CallRecord] = []
        self.checks = Checks()
        self.examples = 0
        # Where calls go: None sends each to the worker; the replay (engine/replay.py)
        # sets a channel(function, args, kwargs, repeat) that may answer from replies
        # already read or recorded.
        self._channel = None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return _Function(self, name)

    def ref(self, name: str) -> FunctionRef:
        """Pass one of the student's own functions as an argument (e.g. an activation)."""
        return FunctionRef(f"student:{name}")

    # -- bookkeeping used by the engine -----------------------------------
    def begin_example(self, drawn: dict | None = None) -> None:
        """A new example (``drawn``: its arguments, which a recording keeps)."""
        self.current = []
        self.pending = None
        self.examples += 1

    def _call_again(self, record: CallRecord) -> CallOutcome | None:
        """``record``'s call made once more, with the same arguments (a failing
        property's repeat: did the answer change?). None when it could not be
        made: the exercise's time is up, or the worker was lost (it is restarted)."""
        if time.monotonic() > self._deadline:
            return None
        try:
            return self._sandbox.call(self._module, record.function, record.args, record.kwargs)
        except WorkerLost as exc:
            if not exc.worker_alive:
                self._sandbox.reset()
            return None

    def _rejected(self) -> None:
        """The example was skipped by the property's assume() (a recording keeps that)."""

    def begin_property(self, checks: Checks) -> None:
        self.history = []
        self.current = []
        self.pending = None
        self.checks = checks
        self.examples = 0
        self._spent = 0.0

    def signature_names(self, function: str) -> list[str]:
        if function not in self._names:
            target = getattr(self._reference, function, None)
            try:
                params = inspect.signature(target).parameters.values()
                self._names[function] = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            except (TypeError, ValueError):
                self._names[function] = []
        return self._names[function]

    def record_for(self, value) -> CallRecord | None:
        """The call whose result is (or contains) ``value``; else the last call."""
        for record in reversed(self.current):
            if _contains(record.result, value):
                return record
        return self.current[-1] if self.current else None

    def post_checks(self) -> None:
        for record in self.current:
            _check_record(record, self.checks)


def _contains(container, value, depth=0) -> bool:
    if container is value:
        return True
    if depth > 3:
        return False
    if isinstance(container, (list, tuple)):
        return any(_contains(item, value, depth + 1) for item in container)
    if isinstance(container, dict):
        return any(_contains(item, value, depth + 1) for item in container.values())
    return False


class _Function:
    def __init__(self, student: Student, name: str):
        self.student = student
        self.name = name

    def __call__(self, *args, **kwargs):
        student = self.student
        names = student.signature_names(self.name)
        record = CallRecord(self.name, snapshot(args), snapshot(kwargs), names)
        # The call in flight: when the worker is lost (a time-out, a crash) the
        # engine reads it here to say which call it was.
        student.pending = record
        if self.name in student._timed_out:
            # One time-out per function: an infinite loop costs its call_seconds once,
            # not once per property.
            # TRANSLATORS: {subject} is a call such as f(x=1), or "your code"; {call} is the earlier call
            raise WorkerLost(N_("{subject} was not run: {function} already ran out of time on an earlier input ({call})"),
                             {"function": self.name, "call": student._timed_out[self.name]}, kind="timeout", worker_alive=True)
        if time.monotonic() > student._deadline:
            raise WorkerLost(N_("{subject} was not run: your code had used up this exercise's time — are its calls far slower than they need to be?"), kind="slow", worker_alive=True)
        started = time.monotonic()
        try:
            if student._channel is not None:
                outcome = student._channel(self.name, args, kwargs, student.checks.repeat is True)
            else:
                outcome = student._sandbox.call(student._module, self.name, args, kwargs, repeat=student.checks.repeat is True)
        except WorkerLost as exc:
            if exc.kind == "timeout":
                student._timed_out[self.name] = record.text if len(record.text) <= 120 else f"{self.name}(...)"
            raise
        # The round trip as the parent's clock saw it: only the call itself (not
        # drawing inputs or comparing), and nothing the worker can under-report.
        student._spent += time.monotonic() - started
        if student._spent > student._budget:
            raise WorkerLost(
                N_("{subject} is too slow: the calls for this property took {spent:.0f} s in total (the limit is {budget:g} s) — "
                   "is it doing far more work than the inputs need?"),
                {"spent": student._spent, "budget": student._budget},
                kind="slow",
                worker_alive=True,
            )
        student.pending = None
        record.outcome = outcome
        student.current.append(record)
        if len(student.history) < HISTORY_LIMIT:
            student.history.append(record)
        if outcome.raised is not None:
            if outcome.raised["type"] == "NotImplementedError" and self.name not in student._started and not _raised_elsewhere(outcome.raised, student._module):
                student._not_started.add(self.name)
                raise NotStarted(self.name)
            student._started.add(self.name)
            raise StudentRaised(record, outcome.raised)
        student._started.add(self.name)
        return outcome.result


def _raised_elsewhere(raised: dict, module: str) -> bool:
    """Did the exception come from another file of the student's (a function this one
    calls, in a module still a stub: `from .forward_pass import sigmoid`)? Then the
    function itself is started, and its report says where the stub is."""
    frames = raised.get("frames") or []
    return bool(frames) and isinstance(frames[-1], list) and bool(frames[-1]) and frames[-1][0] != f"{module}.py"


def output_limit_reached(raised: dict) -> bool:
    """The worker's output file hit its size limit (write() failed with EFBIG)."""
    return raised.get("type") == "OSError" and "File too large" in raised.get("message", "")


def _holds(value, kind, depth: int = 0) -> bool:
    """Is ``value``, or some part of it (lists, tuples, dict values), a ``kind``?"""
    if isinstance(value, kind):
        return True
    if depth < 50 and isinstance(value, (list, tuple)):
        return any(_holds(item, kind, depth + 1) for item in value)
    if depth < 50 and isinstance(value, dict):
        return any(_holds(item, kind, depth + 1) for item in value.values())
    return False


def _given_generator(record: CallRecord) -> bool:
    """Was a random generator among the call's arguments (at any depth)?"""
    return _holds(record.args, SeededGenerator) or _holds(record.kwargs, SeededGenerator)


def _first_difference(before, after, label: str) -> str | None:
    """Where an argument changed, in words; None when it did not."""
    if compare.same_data(before, after):
        return None
    try:
        if isinstance(before, np.ndarray) and isinstance(after, np.ndarray):
            if before.shape != after.shape:
                return _("{argument} had shape {before} and now has shape {after} (assigning to .shape or resizing changes the caller's array)").format(
                    argument=label, before=before.shape, after=after.shape)
            if before.dtype != after.dtype:
                return _("{argument} had dtype {before} and now has dtype {after}").format(argument=label, before=before.dtype, after=after.dtype)
            same = before == after
            if before.dtype.kind in "fc":
                same |= np.isnan(before) & np.isnan(after)
            changed = np.argwhere(~same)
            index = tuple(int(i) for i in changed[0])
            where = f"{label}[{', '.join(map(str, index))}]"
            return ngettext("{where} was {before} and is now {after} ({count} element changed)", "{where} was {before} and is now {after} ({count} elements changed)", len(changed)).format(
                where=where, before=show.value(before[index].item()), after=show.value(after[index].item()), count=len(changed))
        if isinstance(before, dict) and isinstance(after, dict):
            for key in before:
                if key not in after:
                    return _("key {key} was removed from {argument}").format(key=repr(key), argument=label)
                found = _first_difference(before[key], after[key], f"{label}[{key!r}]")
                if found:
                    return found
            extra = [k for k in after if k not in before]
            if extra:
                return ngettext("key {keys} added to {argument}", "keys {keys} added to {argument}", len(extra)).format(keys=extra, argument=label)
        if isinstance(before, (list, tuple)) and isinstance(after, (list, tuple)) and len(before) == len(after):
            for i, (b, a) in enumerate(zip(before, after)):
                found = _first_difference(b, a, f"{label}[{i}]")
                if found:
                    return found
    except Exception:
        pass
    return _("{argument} was changed").format(argument=label)


def _argument_label(path: str, names: list) -> str:
    """'[0][1]['W1']' (args, index 1, key) as the student reads it: "params['W1']"."""
    match = re.match(r"^\[(0|1)\]\[(\d+|'[^']*')\](.*)$", path)
    if not match:
        return path
    group, index, rest = match.groups()
    if group == "0":
        position = int(index)
        name = names[position] if position < len(names) else _("argument {number}").format(number=position + 1)
    else:
        name = index.strip("'")
    return f"{name}{rest}"


def changed_answer(record: CallRecord, again: CallOutcome) -> compare.Mismatch | None:
    """The same call made a second time (``again``) answered differently from the
    first (``record.outcome``): the answer depends on something besides the
    arguments — hidden state or randomness of the function's own. None when it
    answered the same, when the second call only printed past the limit, or when
    a result is not data (an Opaque value, whose repr may differ with nothing changed)."""
    outcome = record.outcome
    if again.raised is not None and output_limit_reached(again.raised):
        return None  # the first call printed up to the limit and the repeat went over it
    if again.raised is None and compare.same_data(outcome.result, again.result):
        return None
    if again.raised is None and (_holds(outcome.result, Opaque) or _holds(again.result, Opaque)):
        return None  # not data: its repr (an object's address) may differ with nothing changed
    first = show.value(outcome.result, limit=200)
    if again.raised:
        both = _("first {first}, then raised {error}").format(first=first, error=again.raised["type"])
    else:
        both = _("first {first}, then returned {second}").format(first=first, second=show.value(again.result, limit=200))
    if _given_generator(record):
        return compare.Mismatch(
            "own-randomness",
            _("{function} gave different numbers when called again with a generator in the same state: they do not all come from the rng it was given").format(function=record.function),
            got=both,
            call=record,
            advice=_("Draw every random number from the generator passed in (rng.standard_normal, rng.uniform, rng.integers ...), "
                     "never from np.random.rand/randn/seed or a new np.random.default_rng(): then the same rng gives the same weights."),
        )
    return compare.Mismatch(
        "nondeterministic",
        _("{function} gave a different answer when called again with the same input").format(function=record.function),
        got=both,
        call=record,
        advice=_("The result must depend only on the arguments: no random numbers, no global state kept between calls."),
    )


def _check_record(record: CallRecord, checks: Checks) -> None:
    outcome = record.outcome
    if outcome is None:
        return
    if checks.no_warnings and outcome.warnings:
        w = outcome.warnings[0]
        # numpy's message and the warning's category are numpy's words: data
        if w.get("student"):
            summary = _("numpy warned inside {function}: {message} ({category}, line {line} of {file})").format(
                function=record.function, message=w["message"], category=w["category"], line=w["lineno"], file=w["filename"])
        else:
            summary = _("numpy warned inside {function}: {message} ({category})").format(function=record.function, message=w["message"], category=w["category"])
        count = len(outcome.warnings)
        raise compare.Mismatch(
            "warning",
            summary,
            detail=ngettext("{count} warning", "{count} warnings", count).format(count=count),
            call=record,
            # The property's own advice (how to make *this* formula stable, the course's
            # words, translated here) comes first.
            advice=_(checks.advice) if checks.advice else _("Rewrite the formula so no intermediate value overflows (a warning is numpy telling you it lost precision)."),
        )
    if not checks.allow_mutation and outcome.args_after is not None:
        names = record.names
        for index, (before, after) in enumerate(zip(record.args, outcome.args_after[0])):
            label = names[index] if index < len(names) else _("argument {number}").format(number=index + 1)
            change = _first_difference(before, after, label)
            if change:
                raise compare.Mismatch(
                    "mutated",
                    _("{function} modified its input {argument}: {change}").format(function=record.function, argument=label, change=change),
                    call=record,
                    advice=_("Do not change the caller's arrays: write x = x + 1 (a new array) instead of x += 1, or work on a .copy()."),
                )
        for key, before in record.kwargs.items():
            change = _first_difference(before, outcome.args_after[1].get(key), key)
            if change:
                raise compare.Mismatch("mutated", _("{function} modified its input {argument}: {change}").format(function=record.function, argument=key, change=change),
                                       call=record, advice=_("Do not change the caller's arrays; work on a copy."))
    if checks.repeat is True and outcome.repeat is not None:
        if outcome.repeat.raised is not None and output_limit_reached(outcome.repeat.raised):
            # The first call printed up to the limit and the repeat went over it:
            # that is too much output, not an answer that changes.
            raise StudentRaised(record, outcome.repeat.raised)
        changed = changed_answer(record, outcome.repeat)
        if changed is not None:
            raise changed
    if checks.fresh and outcome.aliases:
        out_path, in_path = outcome.aliases[0]
        raise compare.Mismatch(
            "aliasing",
            # TRANSLATORS: result{path} is code: the returned value and where in it (result[0], result['W'])
            _("the returned array result{path} shares memory with the input {argument}").format(path=out_path, argument=_argument_label(in_path, record.names)),
            call=record,
            advice=_("Return new arrays (np.zeros_like(...) or .copy()), so changing one never changes the other."),
        )
    if checks.fresh and outcome.shared:
        first, second = outcome.shared[0]
        raise compare.Mismatch(
            "shared",
            # TRANSLATORS: result{first} and result{second} are code: two places in the returned value (result[0], result['b1'])
            _("result{first} and result{second} are one and the same memory (the same array, or one a view of the other): "
              "changing one changes the other").format(first=first, second=second),
            call=record,
            advice=_("Make every array of the result on its own, e.g. np.zeros(...) for each: never a slice of another (b = W[0]) "
                     "or one array stored under two names."),
        )
    if checks.fresh and outcome.readonly:
        raise compare.Mismatch(
            "readonly",
            # TRANSLATORS: result{path} is code: the returned value and where in it (result[0], result['W1'])
            _("the returned array result{path} is read-only (as np.broadcast_to makes it): the caller cannot update it in place, "
              "W -= learning_rate * dW fails").format(path=outcome.readonly[0]),
            call=record,
            advice=_("Return an array of its own: np.zeros(shape), or .copy() of a read-only view."),
        )
    if checks.fresh and outcome.reused:
        raise compare.Mismatch(
            "reused",
            # TRANSLATORS: result{path} is code: the returned value and where in it (result, result['W1'])
            _("{function} returned result{path} again: the very object its previous call returned, so both callers share it "
              "and changing one changes the other").format(function=record.function, path=outcome.reused[0]),
            call=record,
            advice=_("Make a new dict (or array) inside the function on every call: params = {} as its first line, "
                     "not a dict kept at module level or a mutable default argument."),
        )
