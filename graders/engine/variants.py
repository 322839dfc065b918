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
import functools
import linecache
import os
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


@functools.lru_cache(maxsize=None)
def _top_level_defs(filename: str, size: int, mtime: int) -> tuple[list[str], dict]:
    """A module file's lines and its top-level functions, by the line their first
    decorator (or their ``def``) starts on: one parse per file, where asking
    inspect.getsource for each function tokenised the file again for every one
    (a failing exercise's bank of fifty mistakes took 10-20 ms to load)."""
    lines = linecache.getlines(filename)
    tree = ast.parse("".join(lines), filename)
    defs = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
            defs[first] = node
    return lines, defs


def _function_source(fn, new_name: str) -> str:
    """The ``def`` of ``fn`` (its decorators dropped), renamed ``new_name``."""
    filename = fn.__code__.co_filename
    try:
        info = os.stat(filename)
        lines, defs = _top_level_defs(filename, info.st_size, info.st_mtime_ns)
    except (OSError, SyntaxError):
        lines, defs = [], {}
    node = defs.get(fn.__code__.co_firstlineno)
    if node is None or node.name != fn.__name__:
        if not isinstance(node, (ast.AsyncFunctionDef, type(None))):
            raise TypeError(_("{function} is not a plain function").format(function=fn.__name__))
        raise TypeError(_("cannot find the def line of {function}").format(function=fn.__name__))
    if not isinstance(node, ast.FunctionDef):
        raise TypeError(_("{function} is not a plain function").format(function=fn.__name__))
    body = textwrap.dedent("".join(lines[node.lineno - 1 : node.end_lineno])).rstrip("\n")
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
