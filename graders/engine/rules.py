"""Static rules read from the student's source (never executed): no loops.

A function marked ``vectorised`` in ``course.toml`` may not loop over the data
in Python. The check parses the file in the trusted parent, walks the
function and every function of the same module it calls, and reports the
first loop with its line, so the message can point at it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

LOOP_NODES = {
    ast.For: "a `for` loop",
    ast.AsyncFor: "an `async for` loop",
    ast.While: "a `while` loop",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
}
# Calls that run Python code once per element (or hide such a loop).
LOOP_CALLS = {
    "map": "map()",
    "filter": "filter()",
    "sum": "the built-in sum() (a Python loop; use np.sum or .sum(axis=...))",
    "zip": "zip()",
    "enumerate": "enumerate()",
    "reduce": "reduce()",
    "vectorize": "np.vectorize (a Python loop in disguise)",
    "apply_along_axis": "np.apply_along_axis (a Python loop in disguise)",
    "apply_over_axes": "np.apply_over_axes (a Python loop in disguise)",
    "frompyfunc": "np.frompyfunc (a Python loop in disguise)",
    "fromiter": "np.fromiter over a Python iterator",
    "fromfunction": "np.fromfunction",
    "nditer": "np.nditer",
    "ndenumerate": "np.ndenumerate",
    "ndindex": "np.ndindex",
    "exec": "exec()",
    "eval": "eval()",
}


@dataclass
class Finding:
    function: str  # the vectorised function being checked
    where: str  # the function the loop is in (may be a helper it calls)
    line: int
    what: str
    code: str


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        # np.vectorize, numpy.apply_along_axis, functools.reduce ...; but not
        # A.sum(...) (a method on the data) for the built-in-sum entry.
        if func.attr == "sum":
            return None
        return func.attr
    return None


def _definitions(tree: ast.Module) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = node
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
    return found


def find_loop(source: str, function: str) -> Finding | None:
    """The first Python-level loop in ``function`` (or a same-module helper it calls)."""
    tree = ast.parse(source)
    definitions = _definitions(tree)
    lines = source.splitlines()
    seen: set[str] = set()
    queue = [function]
    while queue:
        name = queue.pop(0)
        if name in seen or name not in definitions:
            continue
        seen.add(name)
        node = definitions[name]
        body = node.body if isinstance(node.body, list) else [node.body]
        hits = []
        for statement in body:
            for child in ast.walk(statement):
                kind = LOOP_NODES.get(type(child))
                if kind is None and isinstance(child, ast.Call):
                    called = _call_name(child)
                    if called in LOOP_CALLS and not (called in definitions and isinstance(child.func, ast.Name)):
                        kind = LOOP_CALLS[called]
                    elif called in definitions and called not in seen:
                        queue.append(called)
                if kind is not None:
                    hits.append((child.lineno, kind))
        if hits:
            line, kind = min(hits)
            code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            return Finding(function, name, line, kind, code)
    return None
