"""Static rules read from the student's source (never executed): no loops.

A function marked ``vectorised`` in ``course.toml`` may not loop over the data
in Python: the point of the exercise is to let numpy do the looping in C. The
check parses the file in the trusted parent (the student's code is never run
here), walks the function and all the same-module code it can reach, and
reports the first loop with its line, so the message can point at it.

What counts as a loop
    * ``for``/``async for``/``while`` statements and list, set and dict
      comprehensions and generator expressions;
    * calls that run Python code once per element or hide such a loop:
      ``map``, ``filter``, ``functools.reduce``, anything from ``itertools``
      (or from thread and process pools), ``np.vectorize``,
      ``np.apply_along_axis``, ``np.frompyfunc``, ``np.fromiter``,
      ``np.nditer``, ``np.ndenumerate``, ``np.ndindex`` ...;
    * built-ins that iterate their argument in Python: ``sum``, ``min``,
      ``max``, ``sorted``, ``any``, ``all``, ``list``, ``tuple``, ``zip``,
      ``enumerate``, ..., ``*`` unpacking of an array and ``yield from``;
    * recursion: a function that calls itself, directly or through other
      functions of the module (f -> g -> f), loops just as well;
    * code the grader cannot read: ``exec``, ``eval``, ``compile``, and
      callables reached through ``getattr``, ``globals()``, ``__builtins__``,
      ``__import__``, ``importlib`` or ``sys.modules``.

Names are resolved the way Python would resolve them, so renaming does not
hide a loop: ``m = map``, ``from itertools import starmap as sm``,
``import itertools as it``, ``loop = np.vectorize`` and ``helper = looping``
are all seen through, and a same-module name shadowing a built-in (a student's
own ``def sum``) is followed rather than flagged.

What is followed
    Every same-module function the vectorised function calls or mentions,
    its decorators (a decorator's wrapper runs on every call), nested
    functions and lambdas, classes it instantiates (their class-level code and
    dunder methods, which run unnamed; a class it only mentions, all its
    methods), an instance's ``__call__``, methods called through ``self``, an
    instance or the class (a method of that name on any object it cannot place),
    and module-level values it uses (``helper = np.vectorize(g)``). Other
    files (``from .helpers import f``) are not read: only the module is.

What is *not* a loop
    A loop over an array's metadata, never over its values: an iterable built
    only from ``.shape``/``.strides``, ``range()`` of ``.ndim``,
    ``len(x.shape)`` or literal numbers, literal tuples/lists/strings of
    constants and the keys/items of a literal dict; for example
    ``tuple(n for n in a.shape)``, ``math.prod(d for d in a.shape)``,
    ``for axis in range(X.ndim)``, ``tuple(map(int, a.shape))`` or
    ``functools.reduce(operator.mul, a.shape)`` (``map``, ``filter``,
    ``reduce`` and the finite ``itertools`` pass when everything they iterate
    is metadata). A loop over at most 8 items written out in the source, even
    arrays (``zip(KEYS, (dW1, db1, dW2, db2))``, ``[slice(None)] * (X.ndim - 1)
    + [k]``), walks a handful of named things, not the data; an item taken out
    of such a display is not metadata (``(X,)[0]`` is X). ``len(params)``
    counts layers when the course passes ``params`` as a dict (its reference's
    annotation, never the student's code). ``np.fromfunction`` calls its
    function once, with whole index arrays: not a loop (its function is
    checked like any other). The keys/values/items of a dict the vectorised function is
    given (a dict of parameters: one entry per layer, not per example) are
    metadata too; a helper's dict parameter is not (its caller may have built
    it from the rows). The ``.shape`` must be an array's (a parameter, numpy
    code on one, or a same-module helper that only returns such values, such
    as a ``sigmoid``), not that of an object the student made up to carry the
    data. Anything else stays flagged (``range(len(x))``,
    ``range(x.shape[0])``, ``x.T``, ``zip(x, y)``, ``np.nditer(x)``): when
    unsure we flag, because a real loop slipping through is far worse than a
    rare false positive.
"""

from __future__ import annotations

import ast
import copy
import functools
from dataclasses import dataclass, field

from ..i18n import N_
from ..text import Phrase

# What a finding says it found is a Phrase: English data here (compared, sorted,
# tested), said in the student's language where the message is made (the runner:
# "f must be vectorised, but line 3 uses {what}"). Pure code ("map()") needs no N_.
LOOP_NODES = {
    ast.For: Phrase(N_("a `for` loop")),
    ast.AsyncFor: Phrase(N_("an `async for` loop")),
    ast.While: Phrase(N_("a `while` loop")),
    ast.ListComp: Phrase(N_("a list comprehension")),
    ast.SetComp: Phrase(N_("a set comprehension")),
    ast.DictComp: Phrase(N_("a dict comprehension")),
    ast.GeneratorExp: Phrase(N_("a generator expression")),
}
# TRANSLATORS: {name} is code: what the grader could not follow (getattr(), globals(), .__dict__)
UNCHECKABLE = N_("a call the grader cannot check statically ({name})")
MAX_LITERAL_RANGE = 4  # range(n) with a literal n up to this counts as a loop over axes, not data
MAX_WRITTEN_ITEMS = 8  # a loop over items written out in the source, (dW1, db1, dW2, db2), up to this many
UNPACKING = Phrase(N_("unpacking with * (a Python loop over the array)"))
# TRANSLATORS: {name} is a function's name, such as itertools.starmap
OVER_ITS_INPUT = N_("{name}() (a Python loop over its input)")
# TRANSLATORS: where a loop is when it is in a lambda that has no name ("line 3 (in a lambda, which it calls)")
ANONYMOUS = Phrase(N_("a lambda"))

# Callables outside the module, by qualified name, that always loop in Python
# (or run code the grader cannot read). Also flagged when only mentioned
# (``@np.vectorize``, ``partial(map, f)``): they exist to be called.
_LOOPS = {
    "builtins.map": Phrase("map()"),
    "builtins.filter": Phrase("filter()"),
    "functools.reduce": Phrase(N_("reduce() (functools.reduce, a Python loop)")),
    "builtins.exec": Phrase(N_("exec() (it runs code from a string, which the grader cannot check)")),
    "builtins.eval": Phrase(N_("eval() (it runs code from a string, which the grader cannot check)")),
    "builtins.compile": Phrase(N_("compile() (it prepares code from a string, which the grader cannot check)")),
}
_NUMPY_LOOPS = {  # numpy.<...>.<name>, however numpy was imported
    "vectorize": Phrase(N_("np.vectorize (a Python loop in disguise)")),
    "apply_along_axis": Phrase(N_("np.apply_along_axis (a Python loop in disguise)")),
    "apply_over_axes": Phrase(N_("np.apply_over_axes (a Python loop in disguise)")),
    "frompyfunc": Phrase(N_("np.frompyfunc (a Python loop in disguise)")),
    "fromiter": Phrase(N_("np.fromiter over a Python iterator")),
    "nditer": Phrase("np.nditer"),
    "nested_iters": Phrase("np.nested_iters"),
    "ndenumerate": Phrase("np.ndenumerate"),
    "ndindex": Phrase("np.ndindex"),
}
# Callables that iterate their arguments in Python: a loop over the data,
# unless every argument is metadata (``max(X.shape)``, ``tuple(a.shape)``).
_OVER_ITERABLE = {
    "builtins.sum": Phrase(N_("the built-in sum() (a Python loop; use np.sum or .sum(axis=...))")),
    "builtins.min": Phrase(N_("the built-in min() (a Python loop; use np.min or .min(axis=...))")),
    "builtins.max": Phrase(N_("the built-in max() (a Python loop; use np.max or .max(axis=...))")),
    "builtins.any": Phrase(N_("the built-in any() (a Python loop; use np.any)")),
    "builtins.all": Phrase(N_("the built-in all() (a Python loop; use np.all)")),
    "builtins.sorted": Phrase(N_("sorted() (a Python loop; use np.sort)")),
    "builtins.reversed": Phrase(N_("reversed() (a Python loop; use x[::-1] or np.flip)")),
    "builtins.list": Phrase(N_("list() over the data (a Python loop)")),
    "builtins.tuple": Phrase(N_("tuple() over the data (a Python loop)")),
    "builtins.set": Phrase(N_("set() over the data (a Python loop)")),
    "builtins.frozenset": Phrase(N_("frozenset() over the data (a Python loop)")),
    "builtins.zip": Phrase("zip()"),
    "builtins.enumerate": Phrase("enumerate()"),
    "math.fsum": Phrase(N_("math.fsum() (a Python loop; use np.sum)")),
    "math.prod": Phrase(N_("math.prod() (a Python loop; use np.prod)")),
}
_OVER_ITERABLE_MODULES = ("statistics", "heapq")
# Looping callables that iterate only what they are given: not a loop over the
# data when every iterable they get is metadata (``tuple(map(int, X.shape))``,
# ``reduce(operator.mul, X.shape)``). The value: which positional arguments
# are iterated.
_OVER_METADATA_OK = {
    "builtins.map": slice(1, None),
    "builtins.filter": slice(1, 2),
    "functools.reduce": slice(1, 2),
    "itertools.accumulate": slice(0, 1),
    "itertools.chain": slice(0, None),
    "itertools.pairwise": slice(0, 1),
    "itertools.zip_longest": slice(0, None),
    "itertools.starmap": slice(1, 2),
    "itertools.product": slice(0, None),
    "itertools.combinations": slice(0, 1),
    "itertools.permutations": slice(0, 1),
    "itertools.islice": slice(0, 1),
}
# Those whose result is itself an iterable of metadata (reduce's is one value).
_ITERATES_TO_METADATA = set(_OVER_METADATA_OK) - {"functools.reduce"}
# Modules whose every callable loops in Python (or hands the elements to workers).
_LOOP_MODULES = ("itertools", "concurrent.futures", "multiprocessing", "threading")
# Ways to reach a callable by a name the grader cannot read in the source.
_DYNAMIC = {"builtins.globals", "builtins.locals", "builtins.vars", "builtins.__import__"}
_DYNAMIC_MODULES = ("importlib", "sys.modules")
_DYNAMIC_ATTRIBUTES = {"__dict__", "__globals__", "__builtins__", "__getattribute__", "__code__", "__closure__"}

# Metadata: small tuples that describe an array, never its values.
_META_ATTRIBUTES = {"shape", "strides"}
_SMALL_ATTRIBUTES = {"ndim"}
# Built-ins whose result is as long as their (metadata) arguments.
_SAME_LENGTH = {f"builtins.{name}" for name in ("enumerate", "zip", "reversed", "sorted", "tuple", "list", "set", "frozenset", "iter")}

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_NOT_RUN = {"annotation", "returns", "type_comment"}  # annotations are never executed
_MAX_DEPTH = 25  # alias chains longer than this are not followed further


@dataclass
class Finding:
    function: str  # the vectorised function being checked
    where: str  # the function the loop is in (may be a helper it calls)
    line: int
    what: str  # English (a Phrase: ``text.said(what)`` says it in the current language)
    code: str


def find_loop(source: str, function: str, *, dict_parameters=()) -> Finding | None:
    """The first Python-level loop in ``function`` (or the same-module code it reaches).

    ``dict_parameters``: the parameters the course passes as dicts of parameters
    (from its reference's annotations, never the student's code): ``len(params)``
    counts layers, where ``len(X)`` of an array would count rows."""
    try:
        return _scanned(source, frozenset(dict_parameters)).search().first_loop(function)
    except RecursionError:  # absurdly nested code: refuse it rather than crash the grader
        return Finding(function, function, 1, Phrase(N_("code nested too deeply for the grader to check")), "")


@functools.lru_cache(maxsize=8)
def _scanned(source: str, dict_parameters: frozenset) -> "_Module":
    """Who binds what in ``source``, worked out once: an exercise checks several
    vectorised functions of the same file, and the scan was most of each check.
    Each check searches a copy of its own (:meth:`_Module.search`)."""
    return _Module(source, dict_parameters)


@functools.lru_cache(maxsize=8)
def _parsed(source: str) -> ast.Module:
    """``source`` parsed once: an exercise checks each of its vectorised functions, and
    asks about calls once per failed property, all in the same file. (Nothing here
    changes a tree, so one tree serves every reader.)"""
    return ast.parse(source)


@functools.lru_cache(maxsize=8)
def _top_level_defs(source: str) -> dict:
    """The module-level functions of ``source`` by name, the last definition of a name
    winning as when the module runs (read, never run; empty when it does not parse).
    Cached: a failing exercise asks once per failed property, about the same file."""
    try:
        tree = _parsed(source)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    return {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def calls_among(source: str, function: str, names) -> list[str]:
    """Which of ``names`` (the exercise's functions) ``function`` calls in ``source``,
    directly or through the module's other functions, in the order first seen. A
    function handed on as a value counts as called: forward passes identity or
    sigmoid to dense, which calls it."""
    defs = _top_level_defs(source)
    found, seen, queue = [], {function}, [function]
    while queue:
        definition = defs.get(queue.pop(0))
        if definition is None:
            continue
        used = sorted((node for node in ast.walk(definition) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)),
                      key=lambda node: (node.lineno, node.col_offset))
        for node in used:
            if node.id not in seen and (node.id in names or node.id in defs):
                seen.add(node.id)
                if node.id in names:
                    found.append(node.id)
                else:
                    queue.append(node.id)
    return found


def annotations(source: str, function: str) -> dict[str, str]:
    """The parameter annotations of the module-level ``function`` in ``source``, as
    source text; empty when it cannot be parsed or found."""
    node = _top_level_defs(source).get(function)
    if node is None:
        return {}
    args = node.args
    return {a.arg: ast.unparse(a.annotation) for a in [*args.posonlyargs, *args.args, *args.kwonlyargs] if a.annotation is not None}


def is_dict_annotation(annotation) -> bool:
    """``dict``, ``dict[str, np.ndarray]``, ``Dict[...]``, ``Mapping[...]`` (text or a type)."""
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None) or str(annotation)
    head = text.strip().strip("'\"").split("[", 1)[0].rsplit(".", 1)[-1]
    return head in ("dict", "Dict", "Mapping", "MutableMapping")


# -- what a name can stand for ------------------------------------------------------
@dataclass(frozen=True)
class _External:
    """A callable outside the module, by qualified name: "builtins.map", "numpy.vectorize"."""

    name: str


@dataclass(frozen=True)
class _Dynamic:
    """Something reached through getattr, globals(), __builtins__ ...: unknowable statically."""

    how: str


@dataclass(frozen=True)
class _ClassUse:
    """A class of the module being instantiated or called: its decorators, bases and
    class-level code, and its dunder methods (operators, iteration, __call__ ... run
    without their names being written). Its other methods run only where their names
    are (``instance.output(X)``, ``self.step()``, ``x.train()`` on an unknown x): those
    are followed there, so a loop in a method nobody calls is not this call's."""

    cls: ast.ClassDef


@dataclass(frozen=True)
class _Instance:
    """An instance of a class of the module (calling it runs ``__call__``)."""

    cls: ast.ClassDef


@dataclass(eq=False)
class _Binding:
    """One way a name gets its value.

    kind: "unit" (def or class), "import", "value" (an assignment), "part"
    (one name of ``a, b = value``, node = the whole value), "param" (node =
    its default), "element" (a loop variable, node = the iterable),
    "self" (a method's first parameter), "args" (``*args``) or "opaque"
    (not knowable).
    """

    name: str
    kind: str
    node: ast.AST | None = None
    scope: _Scope | None = None  # where the names in ``node`` are looked up
    qual: str | None = None  # "import": what was imported
    owner: ast.ClassDef | None = None  # "self": its class
    previous: list[_Binding] = field(default_factory=list)  # the bindings this one replaced
    unit: bool = False  # a module- or class-level value: its code is walked when used


class _Scope:
    def __init__(self, kind: str, parent: _Scope | None, unit: _Unit | None = None):
        self.kind = kind  # "module", "class", "function" or "shadow"
        self.parent = parent
        self.unit = unit  # the definition this is the body of
        self.names: dict[str, list[_Binding]] = {}
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self.star_imports: list[str] = []


@dataclass
class _Unit:
    """A piece of code walked on its own: a def, lambda, class or module-level value."""

    name: str  # for messages about recursion: "sum_rows", "Model.__call__"
    where: str  # Finding.where: the top-level definition the code is written in
    node: ast.AST
    # (nodes, scope, applied): ``applied`` for decorators and base classes,
    # which wrap the code rather than being called by it.
    parts: list[tuple[list[ast.AST], _Scope, bool]] = field(default_factory=list)


@dataclass
class _Edge:
    target: object  # a unit: def, lambda or class node, or a module-level _Binding
    line: int
    col: int
    call: bool  # a (possible) call, as opposed to code merely reachable


@dataclass
class _Report:
    hits: list[tuple[int, int, int, str]] = field(default_factory=list)  # (line, rank, col, what)
    edges: list[_Edge] = field(default_factory=list)

    def hit(self, node: ast.AST, what: str, rank: int = 0) -> None:
        # rank 1 for the weaker findings (sum(), list(), unpacking): on a line
        # with a `for` or map() as well, the stronger one is the better message.
        self.hits.append((node.lineno, rank, node.col_offset, what))

    def edge(self, target, node: ast.AST, call: bool) -> None:
        self.edges.append(_Edge(target, node.lineno, node.col_offset, call))


def _unique(items) -> list:
    return list(dict.fromkeys(items))


def _is_unit(target) -> bool:
    return isinstance(target, (*_NESTED, _Binding))


def _below(node: ast.AST):
    """The nodes under ``node`` that run with it: not the inside of nested
    definitions (units of their own) and not annotations. (A stack, not
    recursion: a deeply nested expression must not crash the grader.)"""
    stack = [node]
    while stack:
        for name, value in ast.iter_fields(stack.pop()):
            if name in _NOT_RUN:
                continue
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST):
                    yield child
                    if not isinstance(child, _NESTED):
                        stack.append(child)


def _memoised(method):
    """Answer the same question about the same expression once per module:
    without it, ``a1 = a0 + a0; a2 = a1 + a1; ...`` takes exponential time."""

    @functools.wraps(method)
    def cached(self, expr, scope, depth=0):
        key = (method.__name__, expr, scope, depth)
        if key not in self._memo:
            self._memo[key] = method(self, expr, scope, depth)
        return self._memo[key]

    return cached


def _category(name: str) -> tuple[str, str] | None:
    """How an outside callable loops: ("loop" | "over_iterable" | "dynamic", what), or None."""
    if name in _DYNAMIC or any(name == m or name.startswith(m + ".") for m in _DYNAMIC_MODULES):
        shown = name.removeprefix("builtins.")
        return "dynamic", Phrase(UNCHECKABLE, name=f"{shown}{'()' if name in _DYNAMIC else ''}")
    if name in _LOOPS:
        return "loop", _LOOPS[name]
    module, _dot, last = name.rpartition(".")
    if any(name.startswith(m + ".") for m in _LOOP_MODULES):
        return "loop", Phrase(OVER_ITS_INPUT, name=name)
    if name.startswith("numpy.") and last in _NUMPY_LOOPS:
        return "loop", _NUMPY_LOOPS[last]
    if name in _OVER_ITERABLE:
        return "over_iterable", _OVER_ITERABLE[name]
    if module in _OVER_ITERABLE_MODULES:
        return "over_iterable", Phrase(OVER_ITS_INPUT, name=name)
    return None


def _is_staticmethod(node: ast.AST) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" or isinstance(d, ast.Attribute) and d.attr == "staticmethod" for d in getattr(node, "decorator_list", []))


def _defaults(args: ast.arguments) -> list[ast.expr]:
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


class _Module:
    """The student's module: who binds which name, and the code of each unit."""

    def __init__(self, source: str, dict_parameters=()):
        self.lines = source.splitlines()
        self.dict_parameters = frozenset(dict_parameters)
        self.module = _Scope("module", None)
        self.units: dict[ast.AST, _Unit] = {}
        self.classes: dict[ast.ClassDef, _Scope] = {}
        self.instance_attributes: dict[ast.ClassDef, dict[str, list[_Binding]]] = {}
        self.lambda_names: dict[ast.Lambda, str] = {}
        self._pending: list[tuple[ast.AST, _Scope]] = []
        self._params: dict[_Binding, ast.AST] = {}  # a parameter -> the def or lambda it belongs to
        self._new_search()
        for statement in _parsed(source).body:
            self._scan(statement, self.module, replace=True)
        # Bodies after the module level: `global x` assignments inside them
        # add to what x may be rather than being replaced by a later `x = ...`.
        while self._pending:
            self._build(*self._pending.pop(0))

    # -- the search ------------------------------------------------------------------
    def _new_search(self) -> None:
        """The state of one search: everything above it (the scan) is only read by it."""
        self._active: set[_Binding] = set()  # bindings being resolved (alias cycles)
        self._cuts = 0  # how often resolving stopped short (a cycle, or too deep)
        self._resolved: dict[_Binding, list] = {}
        self._shadows: dict[_Binding, _Scope] = {}
        self._memo: dict[tuple, bool] = {}
        self._assumed_arrays: set[int] = set()  # names being checked by _is_array
        self._binding_units: dict[_Binding, _Unit] = {}
        self._roots: set[int] = set()  # the checked function's definitions (ids), set by first_loop

    def search(self) -> "_Module":
        """A copy that shares this scan, with a search state of its own, so that one
        function's search can never colour another's."""
        searching = copy.copy(self)
        searching._new_search()
        return searching

    def first_loop(self, function: str) -> Finding | None:
        roots = [t for b in self.module.names.get(function, []) for t in self._resolve_binding(b, 0) if _is_unit(t)]
        self._roots.update(id(r) for r in roots)
        order, reports = self._explore(_unique(roots))
        recursion = self._recursive_calls(reports)
        for unit in order:
            hits = reports[unit].hits + recursion.get(unit, [])
            if hits:
                line, _rank, _col, what = min(hits)
                code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
                return Finding(function, self._unit(unit).where, line, what, code)
        return None

    def _explore(self, roots: list) -> tuple[list, dict]:
        """Every unit reachable from ``roots``, nearest first, with what it contains."""
        order, reports, queue = [], {}, list(roots)
        while queue:
            unit = queue.pop(0)
            if unit in reports:
                continue
            reports[unit] = self._examine(unit)
            order.append(unit)
            queue.extend(e.target for e in reports[unit].edges if e.target not in reports)
        return order, reports

    def _recursive_calls(self, reports: dict) -> dict:
        """Calls that can come back to their caller: (line, rank, col, what) per unit."""
        calls = {unit: _unique(e.target for e in r.edges if e.call) for unit, r in reports.items()}
        found: dict = {}
        for unit, report in reports.items():
            for edge in report.edges:
                path = self._call_path(calls, edge.target, unit) if edge.call else None
                if path is not None:
                    caller = self._unit(unit).name
                    if len(path) == 1:
                        what = Phrase(N_("recursion ({function} calls itself)"), function=caller)
                    else:
                        chain = " → ".join(self._unit(u).name for u in path[:-1])
                        what = Phrase(N_("recursion ({function} calls itself through {functions})"), function=caller, functions=chain)
                    found.setdefault(unit, []).append((edge.line, 0, edge.col, what))
        return found

    @staticmethod
    def _call_path(calls: dict, start, goal) -> list | None:
        """The shortest chain of calls start -> ... -> goal (both included), or None."""
        came_from = {start: None}
        queue = [start]
        while queue:
            unit = queue.pop(0)
            if unit is goal:
                path = [unit]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return path[::-1]
            for callee in calls.get(unit, []):
                if callee not in came_from:
                    came_from[callee] = unit
                    queue.append(callee)
        return None

    # -- one unit ----------------------------------------------------------------------
    def _examine(self, unit) -> _Report:
        report = _Report()
        for nodes, scope, applied in self._unit(unit).parts:
            for root in nodes:
                self._examine_tree(root, scope, applied, report)
        return report

    def _examine_tree(self, root: ast.AST, scope: _Scope, applied: bool, report: _Report) -> None:
        nodes = [root] if isinstance(root, _NESTED) else [root, *_below(root)]
        # A call's callee and an attribute's object are resolved as part of
        # the whole expression (np.vectorize, not np and then .vectorize).
        inner = {id(n.func) for n in nodes if isinstance(n, ast.Call)} | {id(n.value) for n in nodes if isinstance(n, ast.Attribute)}
        for node in nodes:
            if isinstance(node, _NESTED):
                report.edge(node, node, call=False)  # its code can run: follow it
                continue
            what = self._loop_node(node, scope)
            if what:
                report.hit(node, what, rank=1 if what == UNPACKING else 0)
            if isinstance(node, ast.Call):
                for target in self._resolve(node.func, scope):
                    self._reach(target, node, scope, report, call=not applied, is_call=True)
            elif isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load) and id(node) not in inner:
                # A function that is mentioned can be called by whatever it is given to.
                for target in self._resolve(node, scope):
                    self._reach(target, node, scope, report, call=not applied, is_call=False)

    def _loop_node(self, node: ast.AST, scope: _Scope) -> str | None:
        if isinstance(node, (ast.For, ast.AsyncFor)):
            return None if self._is_finite_iterable(node.iter, scope) else LOOP_NODES[type(node)]
        if isinstance(node, ast.While):
            return LOOP_NODES[ast.While]
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return None if all(self._is_finite_iterable(g.iter, scope) for g in node.generators) else LOOP_NODES[type(node)]
        if isinstance(node, ast.Starred) and isinstance(node.ctx, ast.Load) and not self._is_finite_iterable(node.value, scope):
            return UNPACKING
        if isinstance(node, ast.YieldFrom) and not self._is_finite_iterable(node.value, scope):
            return Phrase(N_("yield from (a Python loop over the data)"))
        return None

    def _reach(self, target, node: ast.AST, scope: _Scope, report: _Report, call: bool, is_call: bool) -> None:
        """Record what using ``target`` at ``node`` means: a finding, or code to follow.

        ``is_call``: node calls it (rather than mentions it); ``call``: count
        the edge as a call when looking for recursion (not for decorators).
        """
        if isinstance(target, _External):
            category = _category(target.name)
            if category is None:
                return
            kind, what = category
            if kind == "over_iterable" and (not is_call or self._over_metadata(node, scope, target.name)):
                return  # mentioned (an annotation, isinstance) or iterating metadata only
            if kind == "loop" and is_call and self._loops_over_metadata(node, scope, target.name):
                return  # map(int, X.shape), reduce(operator.mul, X.shape): a few axes, no data
            report.hit(node, what, rank=1 if kind == "over_iterable" else 0)
        elif isinstance(target, _Dynamic):
            report.hit(node, Phrase(UNCHECKABLE, name=target.how))
        elif isinstance(target, (ast.ClassDef, _Instance)):
            cls = target if isinstance(target, ast.ClassDef) else target.cls
            # Used: what runs without a name (see _ClassUse). Mentioned: anything might
            # be done with it, so all its methods can run.
            report.edge(_ClassUse(cls) if is_call else cls, node, call=False)
            if is_call:
                runs = ("__init__", "__new__") if isinstance(target, ast.ClassDef) else ("__call__",)
                for method in (m for name in runs for m in self._members(cls, name, 0)):
                    # (self.__call__ = self would otherwise go round for ever)
                    nested_class = isinstance(method, (ast.ClassDef, _Instance))
                    self._reach(method, node, scope, report, call, is_call=not nested_class)
        elif _is_unit(target):
            report.edge(target, node, call)

    def _over_metadata(self, call: ast.Call, scope: _Scope, name: str) -> bool:
        """True when an iterating built-in only iterates metadata (``max(X.shape)``)."""
        args = call.args
        if name in ("builtins.min", "builtins.max") and len(args) >= 2 and not any(isinstance(a, ast.Starred) for a in args):
            return True  # min(a, b) compares its arguments, it iterates nothing
        return all(self._is_finite_iterable(a.value, scope) if isinstance(a, ast.Starred) else self._is_meta_value(a, scope) or self._is_finite_iterable(a, scope)
                   for a in args)

    def _loops_over_metadata(self, call: ast.Call, scope: _Scope, name: str, depth: int = 0) -> bool:
        """True when map/filter/reduce/a finite itertools call iterates metadata only."""
        which = _OVER_METADATA_OK.get(name)
        if which is None or call.keywords and name != "itertools.product" or any(isinstance(a, ast.Starred) for a in call.args):
            return False
        if any(k.arg != "repeat" or not self._is_small(k.value, scope, depth) for k in call.keywords):
            return False  # product(..., repeat=small) only
        iterated = call.args[which]
        return bool(iterated) and all(self._is_finite_iterable(a, scope, depth) for a in iterated)

    # -- metadata --------------------------------------------------------------------
    @_memoised
    def _is_meta_iterable(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> bool:
        """An iterable built only from metadata: a few items, none of them the data."""
        if depth > _MAX_DEPTH:
            return False
        deeper = depth + 1
        if isinstance(expr, ast.Constant):
            return isinstance(expr.value, (str, bytes))
        if isinstance(expr, ast.Attribute):
            return expr.attr in _META_ATTRIBUTES and self._is_array(expr.value, scope, deeper)
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            return all(self._is_meta_iterable(e.value, scope, deeper) if isinstance(e, ast.Starred) else self._is_meta_value(e, scope, deeper) for e in expr.elts)
        if isinstance(expr, ast.Dict):
            return all(isinstance(k, ast.Constant) for k in expr.keys)  # a None key is **other
        if isinstance(expr, ast.Subscript):  # X.shape[1:]
            return isinstance(expr.slice, ast.Slice) and self._is_meta_iterable(expr.value, scope, deeper)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):  # X.shape + (1,)
            return self._is_meta_iterable(expr.left, scope, deeper) and self._is_meta_iterable(expr.right, scope, deeper)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):  # (1,) * X.ndim, not X.shape * len(X)
            left, right = expr.left, expr.right
            if self._is_small(left, scope, deeper):
                left, right = right, left
            return self._is_meta_iterable(left, scope, deeper) and self._is_small(right, scope, deeper)
        if isinstance(expr, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return all(self._is_meta_iterable(g.iter, scope, deeper) for g in expr.generators)
        if isinstance(expr, ast.Call):
            return self._is_meta_call(expr, scope, deeper)
        if isinstance(expr, ast.Name):
            return self._all_bindings(expr.id, scope, lambda b: self._binds_meta_iterable(b, deeper))
        return False

    @_memoised
    def _is_finite_iterable(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> bool:
        """An iterable of a few items whatever the inputs' sizes: metadata, or items
        written out in the source (``(dW1, db1, dW2, db2)``, ``[slice(None)] * (X.ndim - 1)
        + [k]``, ``zip(KEYS, grads)`` of such) and what is built from them. Its items
        may be arrays: looping over them is looping over a handful of named arrays,
        not over the data. Only the iteration is allowed: an item of it is not
        metadata (``(X,)[0]`` is still X)."""
        if depth > _MAX_DEPTH:
            return False
        if self._is_meta_iterable(expr, scope, depth):
            return True
        deeper = depth + 1
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            return len(expr.elts) <= MAX_WRITTEN_ITEMS and all(self._is_finite_iterable(e.value, scope, deeper) for e in expr.elts if isinstance(e, ast.Starred))
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self._is_finite_iterable(expr.left, scope, deeper) and self._is_finite_iterable(expr.right, scope, deeper)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):  # [slice(None)] * (X.ndim - 1)
            left, right = expr.left, expr.right
            if self._is_small(left, scope, deeper):
                left, right = right, left
            return self._is_finite_iterable(left, scope, deeper) and self._is_small(right, scope, deeper)
        if isinstance(expr, ast.Subscript):  # a slice of one
            return isinstance(expr.slice, ast.Slice) and self._is_finite_iterable(expr.value, scope, deeper)
        if isinstance(expr, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return all(self._is_finite_iterable(g.iter, scope, deeper) for g in expr.generators)
        if isinstance(expr, ast.Call):
            names = self._external_names(expr.func, scope)
            if names and names <= _SAME_LENGTH:  # zip(KEYS, (dW1, db1)), enumerate((a, b)), tuple(index)
                return not expr.keywords and all(not isinstance(a, ast.Starred) and self._is_finite_iterable(a, scope, deeper) for a in expr.args)
            return False
        if isinstance(expr, ast.Name):
            return self._all_bindings(expr.id, scope, lambda b: b.kind == "value" and self._is_finite_iterable(b.node, self._value_scope(b), deeper))
        return False

    def _binds_meta_iterable(self, binding: _Binding, depth: int) -> bool:
        if binding.kind == "args":
            return True
        if binding.kind == "value":
            return self._is_meta_iterable(binding.node, self._value_scope(binding), depth)
        # for shape in (a.shape, b.shape): each item is metadata too
        items = binding.node.elts if binding.kind == "element" and isinstance(binding.node, (ast.Tuple, ast.List)) else None
        return items is not None and all(self._is_meta_iterable(e, binding.scope, depth) for e in items)

    def _is_meta_call(self, call: ast.Call, scope: _Scope, depth: int) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("keys", "values", "items") and not call.args:
            return self._is_literal_dict(func.value, scope, depth) or self._is_given_dict(func.value, scope)
        names = self._external_names(func, scope)
        if not names:
            return False
        if len(names) == 1 and next(iter(names)) in _ITERATES_TO_METADATA:
            return self._loops_over_metadata(call, scope, next(iter(names)), depth)
        if names <= {"numpy.broadcast_shapes"}:  # np.broadcast_shapes(X.shape, Y.shape)
            return not call.keywords and all(not isinstance(a, ast.Starred) and self._is_meta_value(a, scope, depth) for a in call.args)
        if names <= {"builtins.range"}:
            if call.keywords or not all(self._is_small(a, scope, depth) for a in call.args):
                return False
            # range(2) may walk two axes; range(16) would walk every row a test input has.
            literal = [a.value for a in call.args if isinstance(a, ast.Constant) and type(a.value) is int]
            return len(literal) != len(call.args) or len(range(*literal)) <= MAX_LITERAL_RANGE
        if names <= {"numpy.shape"}:  # np.shape(obj) is obj.shape when obj has one
            return len(call.args) == 1 and self._is_array(call.args[0], scope, depth)
        if names <= _SAME_LENGTH:
            return all(not isinstance(a, ast.Starred) and self._is_meta_value(a, scope, depth) for a in call.args)
        return False

    @_memoised
    def _is_meta_value(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> bool:
        """A value computed from metadata only: 3, X.shape, X.shape[0], X.ndim - 1."""
        if depth > _MAX_DEPTH:
            return False
        deeper = depth + 1
        if isinstance(expr, ast.Constant) or self._is_small(expr, scope, deeper) or self._is_meta_iterable(expr, scope, deeper):
            return True
        if isinstance(expr, ast.Subscript):
            return self._is_meta_iterable(expr.value, scope, deeper)
        if isinstance(expr, ast.BinOp):
            return self._is_meta_value(expr.left, scope, deeper) and self._is_meta_value(expr.right, scope, deeper)
        if isinstance(expr, ast.UnaryOp):
            return self._is_meta_value(expr.operand, scope, deeper)
        if isinstance(expr, ast.Name):
            return self._all_bindings(expr.id, scope, lambda b: self._binds_meta_value(b, deeper))
        return False

    def _binds_meta_value(self, binding: _Binding, depth: int) -> bool:
        if binding.kind == "value":
            return self._is_meta_value(binding.node, self._value_scope(binding), depth)
        # rows, cols = X.shape: each is one item of metadata
        return binding.kind == "part" and self._is_meta_iterable(binding.node, binding.scope, depth)

    @_memoised
    def _is_small(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> bool:
        """A number that bounds a metadata loop: a literal, X.ndim, len(X.shape) ...

        Not X.shape[0] or len(X): those count the data."""
        if depth > _MAX_DEPTH:
            return False
        deeper = depth + 1
        if isinstance(expr, ast.Constant):
            return isinstance(expr.value, (int, float))
        if isinstance(expr, ast.Attribute):
            return expr.attr in _SMALL_ATTRIBUTES and self._is_array(expr.value, scope, deeper)
        if isinstance(expr, ast.BinOp):
            return self._is_small(expr.left, scope, deeper) and self._is_small(expr.right, scope, deeper)
        if isinstance(expr, ast.UnaryOp):
            return self._is_small(expr.operand, scope, deeper)
        if isinstance(expr, ast.Call):
            names = self._external_names(expr.func, scope)
            if names and names <= {"builtins.len"} and len(expr.args) == 1:
                # len(X.shape); len(params) of the dict of parameters it is given (one entry per layer)
                return self._is_meta_iterable(expr.args[0], scope, deeper) or self._is_given_parameter_dict(expr.args[0], scope)
            return bool(names) and names <= {"numpy.ndim"} and len(expr.args) == 1 and self._is_array(expr.args[0], scope, deeper)
        if isinstance(expr, ast.Name):
            return self._all_bindings(expr.id, scope, lambda b: self._binds_small(b, deeper))
        return False

    def _binds_small(self, binding: _Binding, depth: int) -> bool:
        if binding.kind == "value":
            return self._is_small(binding.node, self._value_scope(binding), depth)
        return binding.kind == "element" and self._yields_small(binding.node, binding.scope, depth)

    @_memoised
    def _is_array(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> bool:
        """Can ``expr`` only be an array (or a plain value)? Then its .shape and
        .ndim are metadata. An object of the student's making could carry the
        data as its "shape" (SimpleNamespace(shape=x), a class with ndim = 10**6).
        Parameters are arrays (the grader passes them), and so are numpy calls,
        operators, indexing and numpy's own methods on arrays."""
        if depth > _MAX_DEPTH:
            return False
        deeper = depth + 1
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, (ast.Attribute, ast.Subscript)):  # X.T, X[0], params["W"]
            return self._is_array(expr.value, scope, deeper)
        if isinstance(expr, ast.BinOp):
            return self._is_array(expr.left, scope, deeper) and self._is_array(expr.right, scope, deeper)
        if isinstance(expr, ast.UnaryOp):
            return self._is_array(expr.operand, scope, deeper)
        if isinstance(expr, ast.IfExp):  # X if X.ndim == 2 else X[None, :]
            return self._is_array(expr.body, scope, deeper) and self._is_array(expr.orelse, scope, deeper)
        if isinstance(expr, ast.BoolOp):
            return all(self._is_array(v, scope, deeper) for v in expr.values)
        if isinstance(expr, ast.Compare):  # X > 0
            return all(self._is_array(v, scope, deeper) for v in (expr.left, *expr.comparators))
        if isinstance(expr, ast.NamedExpr):
            return self._is_array(expr.value, scope, deeper)
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Attribute) and self._is_array(func.value, scope, deeper):
                return not self._resolve(func, scope)  # X.reshape(...), unless the module defines a reshape
            targets = self._resolve(func, scope)
            if not targets:
                return False
            # numpy functions, and same-module helpers that only return arrays (sigmoid)
            return all(t.name.startswith("numpy.") if isinstance(t, _External) else self._returns_array(t, deeper) for t in targets)
        if isinstance(expr, ast.Name):
            bindings = self._lookup(expr.id, scope)
            if not bindings:
                return False
            if id(bindings) in self._assumed_arrays:
                return True  # X = X - X.mean(): an array as long as its other sources are
            self._assumed_arrays.add(id(bindings))
            try:
                return all(self._binds_array(b, deeper) for b in bindings)
            finally:
                self._assumed_arrays.discard(id(bindings))
        return False

    def _returns_array(self, unit, depth: int) -> bool:
        """A same-module def or lambda, undecorated, whose every return value is an array."""
        if not isinstance(unit, (ast.FunctionDef, ast.Lambda)) or getattr(unit, "decorator_list", None):
            return False
        if depth > _MAX_DEPTH:
            return False
        _nodes, body_scope, _applied = self.units[unit].parts[-1]
        if isinstance(unit, ast.Lambda):
            values = [unit.body]
        else:
            nodes = [n for statement in unit.body for n in (statement, *_below(statement))]
            if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)) for n in nodes):
                return False  # a generator's "value" is a generator
            values = [n.value for n in nodes if isinstance(n, ast.Return) and n.value is not None]
        if id(unit) in self._assumed_arrays:
            return True  # recursion: an array as long as its other returns are (recursion is flagged anyway)
        self._assumed_arrays.add(id(unit))
        try:
            return all(self._is_array(v, body_scope, depth + 1) for v in values)
        finally:
            self._assumed_arrays.discard(id(unit))

    def _is_given_dict(self, expr: ast.AST, scope: _Scope) -> bool:
        """A dict parameter of the checked function itself (``params.items()``): the
        grader passes it, one entry per layer. A helper's parameter could be a dict
        its caller built from the rows, so it does not count."""
        if not isinstance(expr, ast.Name):
            return False
        return self._all_bindings(expr.id, scope, lambda b: b.kind == "param" and id(self._params.get(b)) in self._roots and b.node is None)

    def _is_given_parameter_dict(self, expr: ast.AST, scope: _Scope) -> bool:
        """A parameter of the checked function that the course passes as a dict of
        parameters (``dict_parameters``). What the student's code does with it is no
        evidence: ``X["W"]`` in dead code would make an array's len() look like a count
        of layers."""
        return isinstance(expr, ast.Name) and expr.id in self.dict_parameters and self._is_given_dict(expr, scope)

    def _binds_array(self, binding: _Binding, depth: int) -> bool:
        if binding.kind == "param":  # an argument; a default value could be anything
            default = binding.node
            return default is None or self._is_array(default, binding.scope, depth)
        if binding.kind in ("value", "part"):  # Q, R = np.linalg.qr(X): each part of an array result
            return self._is_array(binding.node, self._value_scope(binding), depth)
        items = binding.node.elts if binding.kind == "element" and isinstance(binding.node, (ast.Tuple, ast.List)) else None
        return items is not None and all(self._is_array(e, binding.scope, depth) for e in items)

    def _yields_small(self, iterable: ast.AST, scope: _Scope, depth: int) -> bool:
        """A loop variable over range(small) or over literal numbers is small too."""
        if isinstance(iterable, (ast.Tuple, ast.List, ast.Set)):
            return all(self._is_small(e, scope, depth) for e in iterable.elts)
        if isinstance(iterable, ast.Call) and self._external_names(iterable.func, scope) == {"builtins.range"}:
            return all(self._is_small(a, scope, depth) for a in iterable.args)
        return False

    @_memoised
    def _is_literal_dict(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> bool:
        if isinstance(expr, ast.Dict):
            return all(isinstance(k, ast.Constant) for k in expr.keys)
        if isinstance(expr, ast.Name) and depth <= _MAX_DEPTH:
            return self._all_bindings(expr.id, scope, lambda b: b.kind == "value" and self._is_literal_dict(b.node, self._value_scope(b), depth + 1))
        return False

    def _all_bindings(self, name: str, scope: _Scope, test) -> bool:
        bindings = self._lookup(name, scope)
        return bool(bindings) and all(test(b) for b in bindings)

    def _external_names(self, func: ast.AST, scope: _Scope) -> set[str] | None:
        """The qualified names ``func`` can be, if it can only be outside callables."""
        targets = self._resolve(func, scope)
        if targets and all(isinstance(t, _External) for t in targets):
            return {t.name for t in targets}
        return None

    # -- resolving names ---------------------------------------------------------------
    def _lookup(self, name: str, scope: _Scope) -> list[_Binding] | None:
        """The bindings ``name`` can have in ``scope`` (None: a built-in), as Python looks it up."""
        current, skip_classes = scope, False
        while current is not None:
            if current.kind == "class" and skip_classes:
                current = current.parent  # a class body does not enclose its methods
                continue
            if name in current.globals:
                current = self.module
                continue
            if name in current.names:
                return current.names[name]
            skip_classes = skip_classes or current.kind != "shadow"
            current = current.parent
        return None

    def _resolve(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> list:
        """What ``expr`` can be, when it is code or reaches code: units,
        _External, _Dynamic and _Instance targets (empty when unknown, e.g. data)."""
        if depth > _MAX_DEPTH:
            self._cuts += 1
            return []
        deeper = depth + 1
        if isinstance(expr, ast.Name):
            return self._resolve_name(expr.id, scope, deeper)
        if isinstance(expr, ast.Attribute):
            return self._resolve_attribute(expr, scope, deeper)
        if isinstance(expr, ast.Call):
            return self._resolve_call_result(expr, scope, deeper)
        if isinstance(expr, ast.Lambda):
            return [expr]
        parts: list = []
        if isinstance(expr, (ast.Subscript, ast.Starred, ast.NamedExpr, ast.Await)):
            parts = [expr.value]  # an item of a container of callables is one of them
        elif isinstance(expr, ast.IfExp):
            parts = [expr.body, expr.orelse]
        elif isinstance(expr, ast.BoolOp):
            parts = expr.values
        elif isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            parts = expr.elts
        elif isinstance(expr, ast.Dict):
            parts = [v for v in expr.values if v is not None]
        return _unique(t for part in parts for t in self._resolve(part, scope, deeper))

    def _resolve_name(self, name: str, scope: _Scope, depth: int) -> list:
        if name == "__builtins__":
            return [_Dynamic("__builtins__")]
        bindings = self._lookup(name, scope)
        if bindings is None:  # a built-in, or a name from `from m import *`
            return [_External(f"{module}.{name}") for module in ("builtins", *self.module.star_imports)]
        return _unique(t for b in bindings for t in self._resolve_binding(b, depth))

    def _resolve_binding(self, binding: _Binding, depth: int) -> list:
        if binding in self._resolved:
            return self._resolved[binding]
        if binding in self._active:
            self._cuts += 1
            return []
        cuts = self._cuts
        self._active.add(binding)
        try:
            found = self._resolve_binding_once(binding, depth)
        finally:
            self._active.discard(binding)
        if self._cuts == cuts:  # complete: keep it (a cut-short answer may miss something)
            self._resolved[binding] = found
        return found

    def _resolve_binding_once(self, binding: _Binding, depth: int) -> list:
        if binding.kind == "unit":
            return [binding.node]
        if binding.kind == "import":
            return [_External(binding.qual)] if binding.qual else []
        if binding.kind == "self":
            return [_Instance(binding.owner)]
        if binding.node is None or binding.kind in ("opaque", "args"):
            return []
        # "value", "param" (its default) and "element" (the items of its iterable)
        found = self._resolve(binding.node, self._value_scope(binding), depth)
        return _unique([binding, *found]) if binding.unit else found

    def _resolve_attribute(self, expr: ast.Attribute, scope: _Scope, depth: int) -> list:
        if expr.attr in _DYNAMIC_ATTRIBUTES:
            return [_Dynamic(f".{expr.attr}")]
        bases = self._resolve(expr.value, scope, depth)
        if not bases:  # x.method() on an object we know nothing about
            return self._methods_named(expr.attr, depth)
        found = []
        for base in bases:
            if isinstance(base, _External):
                found.append(_External(f"{base.name}.{expr.attr}"))
            elif isinstance(base, (ast.ClassDef, _Instance)):
                found += self._members(base if isinstance(base, ast.ClassDef) else base.cls, expr.attr, depth)
            else:  # an attribute of a function or of something dynamic: keep following it
                found.append(base)
        return _unique(found)

    def _resolve_call_result(self, call: ast.Call, scope: _Scope, depth: int) -> list:
        """What calling ``call.func`` can return, as far as code is concerned."""
        found = []
        for target in self._resolve(call.func, scope, depth):
            if isinstance(target, _External):
                category = _category(target.name)
                if target.name == "builtins.getattr":
                    found += self._resolve_getattr(call, scope, depth)
                elif target.name == "builtins.super":
                    found += self._resolve_super(scope, depth)
                elif category and category[0] == "dynamic":
                    found.append(_Dynamic(f"{target.name.removeprefix('builtins.')}()"))
                else:  # partial(loopy, 1), np.vectorize(g): whatever callables it was given
                    arguments = [*call.args, *(k.value for k in call.keywords)]
                    found += [t for a in arguments for t in self._resolve(a, scope, depth)]
            elif isinstance(target, ast.ClassDef):
                found.append(_Instance(target))
            else:  # a same-module function's result: follow the function (a factory's closure)
                found.append(target)
        return _unique(found)

    def _resolve_getattr(self, call: ast.Call, scope: _Scope, depth: int) -> list:
        args = call.args
        if len(args) >= 2 and isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
            if not self._resolve(args[0], scope, depth):
                return self._methods_named(args[1].value, depth)  # getattr(X, "shape"): plain data
        return [_Dynamic("getattr(...)")]  # a callable reached by a name in a string

    def _resolve_super(self, scope: _Scope, depth: int) -> list:
        """super() in a method: instances of the class's same-module bases."""
        method = scope
        while method is not None and not (method.kind == "function" and method.parent is not None and method.parent.kind == "class"):
            method = method.parent
        if method is None:
            return []
        cls_scope = method.parent
        bases = [t for b in cls_scope.unit.node.bases for t in self._resolve(b, cls_scope.parent, depth)]
        found = [_Instance(b) for b in bases if isinstance(b, ast.ClassDef)]
        # Only outside bases (object, np.ndarray): nothing of the module to follow.
        return found or [_External("builtins.super()")]

    def _members(self, cls: ast.ClassDef, name: str, depth: int) -> list:
        """What ``cls.name`` (or ``instance.name``) can be, base classes included."""
        scope = self.classes[cls]
        bindings = scope.names.get(name, []) + self.instance_attributes.get(cls, {}).get(name, [])
        found = [t for b in bindings for t in self._resolve_binding(b, depth)]
        if found or depth > _MAX_DEPTH:
            return found
        for base in cls.bases:
            for target in self._resolve(base, scope.parent, depth + 1):
                if isinstance(target, ast.ClassDef) and target is not cls:
                    found += self._members(target, name, depth + 1)
        return found

    def _methods_named(self, name: str, depth: int) -> list:
        """Every same-module class member called ``name`` (for x.name on an unknown x)."""
        return [t for scope in self.classes.values() for b in scope.names.get(name, []) for t in self._resolve_binding(b, depth)]

    def _value_scope(self, binding: _Binding) -> _Scope:
        """Where a binding's value is looked up. In ``f = deco(f)`` at module
        level, the ``f`` on the right is the earlier f, not this binding."""
        if not binding.unit:
            return binding.scope
        if binding not in self._shadows:
            shadow = _Scope("shadow", binding.scope, binding.scope.unit)
            shadow.names[binding.name] = binding.previous
            self._shadows[binding] = shadow
        return self._shadows[binding]

    # -- units --------------------------------------------------------------------------
    def _unit(self, unit) -> _Unit:
        if isinstance(unit, _ClassUse):
            if unit not in self._binding_units:
                whole = self.units[unit.cls]
                (applied, outer, _yes), (body, scope, _no) = whole.parts
                implicit = [statement for statement in body
                            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
                            or statement.name.startswith("__") and statement.name.endswith("__")]
                self._binding_units[unit] = _Unit(whole.name, whole.where, unit.cls, [(applied, outer, True), (implicit, scope, False)])
            return self._binding_units[unit]
        if isinstance(unit, _Binding):  # a module- or class-level value, walked when used
            if unit not in self._binding_units:
                owner = unit.scope.unit
                name = f"{owner.name}.{unit.name}" if owner else unit.name
                self._binding_units[unit] = _Unit(name, owner.where if owner else name, unit.node, [([unit.node], self._value_scope(unit), False)])
            return self._binding_units[unit]
        return self.units[unit]

    def _names_for(self, node: ast.AST, outer: _Scope) -> tuple[str, str]:
        """(name, where) of a definition written in ``outer``."""
        short = self.lambda_names.get(node, ANONYMOUS) if isinstance(node, ast.Lambda) else node.name
        owner = outer.unit
        if owner is None:
            return short, short
        if outer.kind == "class":
            name = f"{owner.name}.{short}"
            return name, name if owner.where == owner.name else owner.where
        return short, owner.where  # nested in a function: reported as part of it

    # -- who binds what ---------------------------------------------------------------
    def _scan(self, statement: ast.AST, scope: _Scope, replace: bool) -> None:
        """Record the names ``statement`` (and everything in it) binds in ``scope``.

        replace: a statement that always runs at module or class level, so a
        later binding hides the earlier ones (the reference solution's def is
        replaced by the student's one appended below it). Inside a function,
        or under an if/try/loop, bindings add up: any of them may be the one.
        """
        stack = [(statement, replace)]
        while stack:  # in source order, so `global x` is seen before `x = ...`
            node, replace = stack.pop()
            stack.extend((child, False) for child in reversed(self._record(node, scope, replace)))

    def _record(self, node: ast.AST, scope: _Scope, replace: bool) -> list[ast.AST]:
        """Record what ``node`` itself binds; return the nodes to scan next."""
        if isinstance(node, _NESTED):
            if not isinstance(node, ast.Lambda):
                self._bind(scope, node.name, _Binding(node.name, "unit", node), replace)
            self._pending.append((node, scope))  # its body is a scope of its own
            header = [] if isinstance(node, ast.Lambda) else node.decorator_list
            return header + (node.bases + [k.value for k in node.keywords] if isinstance(node, ast.ClassDef) else _defaults(node.args))
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                self._bind(scope, name, _Binding(name, "import", qual=alias.name if alias.asname else name), replace)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    self.module.star_imports.append(node.module or "")
                    continue
                name = alias.asname or alias.name
                # A relative import is another file: not something this rule reads.
                qual = f"{node.module}.{alias.name}" if node.module and not node.level else None
                self._bind(scope, name, _Binding(name, "import", qual=qual), replace)
        elif isinstance(node, ast.Global):
            scope.globals.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            scope.nonlocals.update(node.names)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind_target(target, node.value, scope, replace)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._bind_target(node.target, node.value, scope, replace)
        elif isinstance(node, (ast.AugAssign, ast.withitem)):
            target = node.target if isinstance(node, ast.AugAssign) else node.optional_vars
            if target is not None:
                self._bind_target(target, None, scope, False)
        elif isinstance(node, ast.NamedExpr):
            self._bind_target(node.target, node.value, scope, False)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            if isinstance(node.target, ast.Name):
                self._bind(scope, node.target.id, _Binding(node.target.id, "element", node.iter), False)
            else:
                self._bind_target(node.target, None, scope, False)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self._bind(scope, node.name, _Binding(node.name, "opaque"), False)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            self._bind(scope, node.name, _Binding(node.name, "opaque"), False)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self._bind(scope, node.rest, _Binding(node.rest, "opaque"), False)
        return list(ast.iter_child_nodes(node))

    def _bind_target(self, target: ast.AST, value: ast.AST | None, scope: _Scope, replace: bool) -> None:
        if isinstance(target, ast.Name):
            if isinstance(value, ast.Lambda):
                self.lambda_names.setdefault(value, target.id)
            binding = _Binding(target.id, "value", value) if value is not None else _Binding(target.id, "opaque")
            self._bind(scope, target.id, binding, replace)
        elif isinstance(target, (ast.Tuple, ast.List)):
            # a, b = map, filter pairs up; anything fancier is not followed.
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) else None
            if values and any(isinstance(x, ast.Starred) for x in [*values, *target.elts]):
                values = None
            for i, part in enumerate(target.elts):
                if not values and value is not None and isinstance(part, ast.Name):
                    # a, b = value: each is some part of the value
                    self._bind(scope, part.id, _Binding(part.id, "part", value), replace)
                    continue
                self._bind_target(part, values[i] if values else None, scope, replace)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, None, scope, replace)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and value is not None:
            # self.fn = map (in a method) or Model.fn = map: a member of the class.
            for binding in self._lookup(target.value.id, scope) or []:
                cls = binding.owner if binding.kind == "self" else binding.node if binding.kind == "unit" else None
                if isinstance(cls, ast.ClassDef):
                    members = self.instance_attributes.setdefault(cls, {})
                    members.setdefault(target.attr, []).append(_Binding(target.attr, "value", value, scope))

    def _bind(self, scope: _Scope, name: str, binding: _Binding, replace: bool) -> None:
        if binding.scope is None:
            binding.scope = scope  # the value is looked up where it is written
        home = scope
        if name in scope.globals:
            home, replace = self.module, False
        elif name in scope.nonlocals:
            home, replace = self._enclosing_function(scope) or scope, False
        binding.previous = home.names.get(name, [])
        binding.unit = binding.kind == "value" and home.kind in ("module", "class")
        home.names[name] = [binding] if replace else [*binding.previous, binding]

    @staticmethod
    def _enclosing_function(scope: _Scope) -> _Scope | None:
        current = scope.parent
        while current is not None and current.kind != "function":
            current = current.parent
        return current

    def _build(self, node: ast.AST, outer: _Scope) -> None:
        """The scope and the unit of a def, lambda or class found while scanning."""
        name, where = self._names_for(node, outer)
        unit = _Unit(name, where, node)
        self.units[node] = unit
        if isinstance(node, ast.ClassDef):
            scope = _Scope("class", outer, unit)
            self.classes[node] = scope
            for statement in node.body:
                self._scan(statement, scope, replace=True)
            unit.parts = [([*node.decorator_list, *node.bases, *(k.value for k in node.keywords)], outer, True), (node.body, scope, False)]
            return
        scope = _Scope("function", outer, unit)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        for arg, default in [*zip(positional, defaults), *zip(args.kwonlyargs, args.kw_defaults)]:
            # A parameter may be anything the caller passes; its default is one of them.
            binding = _Binding(arg.arg, "param", default, outer)
            self._params[binding] = node
            self._bind(scope, arg.arg, binding, False)
        # *args is the tuple of the call's arguments, a handful: passing it on
        # with fn(*args) or looping over it does not touch the data.
        if args.vararg is not None:
            self._bind(scope, args.vararg.arg, _Binding(args.vararg.arg, "args"), False)
        if args.kwarg is not None:
            self._bind(scope, args.kwarg.arg, _Binding(args.kwarg.arg, "opaque"), False)
        if outer.kind == "class" and positional and not isinstance(node, ast.Lambda) and not _is_staticmethod(node):
            scope.names[positional[0].arg] = [_Binding(positional[0].arg, "self", owner=outer.unit.node)]
        body = node.body if isinstance(node.body, list) else [node.body]
        for statement in body:
            self._scan(statement, scope, False)
        decorators = [] if isinstance(node, ast.Lambda) else node.decorator_list
        unit.parts = [(decorators, outer, True), (_defaults(args), outer, False), (body, scope, False)]
