"""Known mistakes and honest alternatives: one function rewritten another way.

A mistake module (``graders/mistakes/<id>.py``) holds functions such as

    @mistake("column_percentages", "divided by the row sums",
             advice="Column sums are A.sum(axis=0); axis=1 sums each row.")
    def row_sums(A):
        return 100 * A / A.sum(axis=1, keepdims=True)

Each is the reference module with one function replaced. The same object
serves twice: diagnosis binds it in the parent (``bind``) and replays the
student's failing calls through it; the test suite writes it out as a whole
module (``module_source``) and grades it through the real engine.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from types import ModuleType

from ..i18n import _


@dataclass(frozen=True)
class Variant:
    key: str  # the name it is written under in its module
    replaces: str  # the student function it stands in for
    title: str
    advice: str
    kind: str  # "mistake" or "alternative"
    diagnose: bool
    source: str  # the def, renamed to ``replaces``

    def module_source(self, base: str) -> str:
        """The reference module's source with this function swapped in."""
        return f"{base.rstrip()}\n\n\n# --- {self.kind}: {self.title} ---\n{self.source}"

    def bind(self, reference: ModuleType):
        """This variant as a callable living in the reference module's namespace."""
        namespace = dict(vars(reference))
        exec(compile(self.source, f"<{self.kind} {self.key}>", "exec"), namespace)
        return namespace[self.replaces]


def _function_source(fn, new_name: str) -> str:
    source = textwrap.dedent(inspect.getsource(fn))
    tree = ast.parse(source)
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        raise TypeError(_("{function} is not a plain function").format(function=fn.__name__))
    lines = source.splitlines()
    body = "\n".join(lines[node.lineno - 1 :])  # drop decorators
    head = f"def {fn.__name__}("
    if head not in body:
        raise TypeError(_("cannot find the def line of {function}").format(function=fn.__name__))
    return body.replace(head, f"def {new_name}(", 1) + "\n"


def _register(kind: str, replaces: str, title: str, advice: str, diagnose: bool):
    def decorate(fn):
        fn.gradwork_variant = Variant(fn.__name__, replaces, title, advice, kind, diagnose, _function_source(fn, replaces))
        return fn

    return decorate


def mistake(replaces: str, title: str, *, advice: str, diagnose: bool = True):
    """A realistic wrong implementation of ``replaces``.

    ``diagnose=False`` for mistakes that give the right values and are caught
    by a rule instead (a loop in a vectorised function, a mutated input).
    """
    return _register("mistake", replaces, title, advice, diagnose)


def alternative(replaces: str, title: str):
    """A correct implementation written differently; it must pass."""
    return _register("alternative", replaces, title, "", False)


def collect(module: ModuleType) -> list[Variant]:
    return [value.gradwork_variant for value in vars(module).values() if hasattr(value, "gradwork_variant")]
