"""Declaring properties: ``@prop`` above ``@given`` in a property module.

A property module (``graders/properties/<id>.py``) is a list of functions

    @prop("W has shape (n_in, n_out)", function="init_zeros")
    @given(n_in=sizes, n_out=sizes)
    def init_zeros_shape(student, reference, n_in, n_out):
        expect_same(student.init_zeros(n_in, n_out), reference.init_zeros(n_in, n_out))

``student`` calls into the sandbox, ``reference`` is the solution module,
imported in the trusted parent. A ``@prop`` without ``@given`` is a fixed
check that runs once (for functions without arguments). The engine collects
the properties in the order they are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Callable

from .calls import Checks, Student

DEFAULT_EXAMPLES = 100


@dataclass
class Property:
    key: str
    name: str
    function: str
    test: Callable
    checks: Checks = field(default_factory=Checks)
    weight: float = 1.0
    max_examples: int = DEFAULT_EXAMPLES
    advice: str | None = None

    @property
    def uses_hypothesis(self) -> bool:
        return hasattr(self.test, "hypothesis")


def prop(
    name: str,
    *,
    function: str,
    weight: float = 1.0,
    max_examples: int = DEFAULT_EXAMPLES,
    allow_mutation: bool = False,
    fresh: bool = False,
    no_warnings: bool = False,
    repeat: bool = True,
    advice: str | None = None,
):
    """Register a property of ``function``.

    Keyword options (all checked after the property's own assertions pass):
    ``fresh=True`` fails when a returned array shares memory with an argument;
    ``no_warnings=True`` fails on any warning numpy raised during the call;
    ``allow_mutation=True`` turns off the inputs-not-modified check;
    ``repeat=False`` turns off the same-answer-twice check.
    ``advice`` is shown when the property fails and no known mistake matched.
    """
    if not name or not isinstance(name, str):
        raise TypeError(f"prop(name={name!r}) needs a plain-language name")

    def decorate(test):
        checks = Checks(allow_mutation=allow_mutation, fresh=fresh, no_warnings=no_warnings, repeat=repeat, advice=advice)
        spec = Property(test.__name__, name, function, test, checks, weight, max_examples, advice)
        if spec.uses_hypothesis:
            inner = test.hypothesis.inner_test

            def with_post_checks(student: Student, reference, *args, **kwargs):
                student.begin_example()
                inner(student, reference, *args, **kwargs)
                student.post_checks()

            test.hypothesis.inner_test = with_post_checks
        test.gradwork_property = spec
        return test

    return decorate


def collect(module: ModuleType) -> list[Property]:
    """The properties a module declares, in the order they are written."""
    found = [value.gradwork_property for value in vars(module).values() if hasattr(value, "gradwork_property")]
    keys = [p.key for p in found]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"{module.__name__}: properties defined twice: {duplicates}")
    return found
