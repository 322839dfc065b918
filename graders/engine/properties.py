"""Declaring properties: ``@prop`` above ``@given`` in a property module.

A property module (``graders/properties/<id>.py``) is a list of functions

    @prop("W has shape (n_in, n_out)", function="init_zeros")
    @given(n_in=sizes, n_out=sizes)
    @example(n_in=1, n_out=2)
    def init_zeros_shape(student, reference, n_in, n_out):
        expect_same(student.init_zeros(n_in, n_out), reference.init_zeros(n_in, n_out))

``student`` calls into the sandbox, ``reference`` is the solution module,
imported in the trusted parent. ``given`` and ``example`` here only *record*
the strategies and the explicit examples: the engine builds the Hypothesis test
itself for each run (:func:`build`), with the settings and seed of that run,
through Hypothesis' public API. A ``@prop`` without ``@given`` is a fixed check
that runs once (for functions without arguments). The engine collects the
properties in the order they are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Callable

import hypothesis
import numpy as np
from hypothesis.errors import UnsatisfiedAssumption

from ..i18n import _
from .calls import Checks, Student
from .compare import Mismatch

DEFAULT_EXAMPLES = 100


def _no_local_constants() -> None:
    """Make the examples a pure function of the strategies, the seed and the Hypothesis
    version.

    Hypothesis (6.13x on) mixes into its draws constants it reads from the source of
    every *local* module in ``sys.modules``. Which modules are loaded differs between
    ``gradwork check``, ``gradwork grade``, the autograder and a test run, and any
    edit to a message in ``graders/`` would change every student's examples: the
    same code would not get the same counterexample everywhere. There is no public
    setting for it, so this one private hook is replaced with an empty pool (the
    global constants Hypothesis ships with stay). ``tests/test_engine.py`` checks
    that loading a module full of constants leaves the examples unchanged.
    """
    from hypothesis.internal.conjecture import providers

    empty = providers.Constants()
    providers._get_local_constants = lambda: empty


_no_local_constants()


def given(**strategies):
    """Record the strategies each argument is drawn from (keyword arguments only)."""
    if not strategies:
        raise TypeError(_("given() needs the strategies by name, e.g. given(x=arrays(...))"))

    def decorate(body):
        body.gradwork_given = dict(strategies)
        body.gradwork_examples = list(getattr(body, "gradwork_examples", []))
        return body

    return decorate


def example(**values):
    """Record an explicit example (written above ``@given``; run before the drawn ones)."""

    def decorate(body):
        # Applied bottom-up, like Hypothesis' own @example: the list keeps that order
        # and build() applies them again in the same order.
        body.gradwork_examples = [*getattr(body, "gradwork_examples", []), dict(values)]
        return body

    return decorate


@dataclass
class Property:
    key: str
    name: str
    function: str
    body: Callable  # body(student, reference, **drawn)
    checks: Checks = field(default_factory=Checks)
    weight: float = 1.0
    max_examples: int = DEFAULT_EXAMPLES
    advice: str | None = None
    strategies: dict = field(default_factory=dict)  # empty: a fixed check, run once
    examples: list = field(default_factory=list)
    law: bool = False  # a law of the function's answers, not their values: counts once the values are right

    @property
    def uses_hypothesis(self) -> bool:
        return bool(self.strategies)

    def run_example(self, student: Student, reference, drawn: dict) -> None:
        """One example: the property's assertions, then the engine's post-checks."""
        student.begin_example(drawn)
        try:
            # A message the body writes with {value!r}, or with a list of numpy
            # scalars, says -8.5, not np.float64(-8.5) (numpy 2's repr). A context,
            # not a global setting: in-process checks of docstrings see numpy's own.
            with np.printoptions(legacy="1.25"):
                self.body(student, reference, **drawn)
        except UnsatisfiedAssumption:
            student._rejected()
            raise
        except Mismatch as exc:
            # The call the check is about, found now, while this example's calls are
            # the student's current ones.
            if exc.call is None:
                exc.call = student.record_for(exc.about)
            raise
        student.post_checks()

    def build(self, run_settings: hypothesis.settings, seed: int) -> Callable:
        """The Hypothesis test for one run: ``test(student, reference)``.

        Built afresh each time, from the recorded strategies and examples, so no
        settings or seed are ever written into a shared object."""

        def one_example(student, reference, **drawn):
            self.run_example(student, reference, drawn)

        one_example.__name__ = one_example.__qualname__ = self.key
        test = hypothesis.given(**self.strategies)(one_example)
        for values in self.examples:
            test = hypothesis.example(**values)(test)
        return hypothesis.seed(seed)(run_settings(test))


def prop(
    name: str,
    *,
    function: str,
    weight: float = 1.0,
    max_examples: int = DEFAULT_EXAMPLES,
    allow_mutation: bool = False,
    fresh: bool = False,
    no_warnings: bool = False,
    repeat: bool | str = "failure",
    advice: str | None = None,
    law: bool = False,
):
    """Register a property of ``function``.

    Keyword options (all checked after the property's own assertions pass):
    ``fresh=True`` fails when a returned array shares memory with an argument or
    with another array of the result, when one is read-only, or when the call
    returns a dict, list or array its previous call returned too;
    ``no_warnings=True`` fails on any warning numpy raised during the call;
    ``allow_mutation=True`` turns off the inputs-not-modified check;
    ``repeat`` is when the engine calls again with the same input and expects
    the same answer (else the failure is named "gives a different answer for the
    same input"): ``"failure"`` (the default) only the call a failing property
    names, ``True`` every call (twice the student's running time: for functions
    whose hidden state could leave every answer right yet matter), ``False`` never.
    ``advice`` is shown when the property fails and no known mistake matched.
    ``law=True`` for a law the function's answers keep (a symmetry, an invariance,
    a mean of zero, a cost that never goes up) rather than their values: a wrong
    answer can keep it too (a constant often does), so, like a rule, it earns its
    points only once the function's values are right (its properties that are not
    laws pass), and until then it is not run (see runner.in_turn).
    """
    if not name or not isinstance(name, str):
        raise TypeError(_("prop(name={name}) needs a plain-language name").format(name=repr(name)))

    def decorate(body):
        if hasattr(body, "hypothesis"):
            raise TypeError(_("{function}: use given/example from graders.kit, not Hypothesis' own (the engine builds the Hypothesis test)").format(function=body.__name__))
        if getattr(body, "gradwork_examples", None) and not getattr(body, "gradwork_given", None):
            raise TypeError(_("{function}: @example needs @given below it").format(function=body.__name__))
        if not (repeat is True or repeat is False or repeat == "failure"):
            raise TypeError(_("prop(repeat={value}) should be True, False or \"failure\" (the default: only a failing call is made again)").format(value=repr(repeat)))
        checks = Checks(allow_mutation=allow_mutation, fresh=fresh, no_warnings=no_warnings, repeat=repeat, advice=advice)
        body.gradwork_property = Property(
            body.__name__, name, function, body, checks, weight, max_examples, advice,
            strategies=getattr(body, "gradwork_given", {}), examples=getattr(body, "gradwork_examples", []), law=bool(law),
        )
        return body

    return decorate


def collect(module: ModuleType) -> list[Property]:
    """The properties a module declares, in the order they are written."""
    found = [value.gradwork_property for value in vars(module).values() if hasattr(value, "gradwork_property")]
    keys = [p.key for p in found]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(_("{module}: properties defined twice: {keys}").format(module=module.__name__, keys=duplicates))
    return found
