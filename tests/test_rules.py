"""The static no-loop rule for vectorised functions (graders/engine/rules.py).

Each case is a small module, the vectorised function to check, and either
None (must not be flagged) or the word expected in ``Finding.what``. A flagged
case marks its expected line with ``# <-``; ``where`` names the function the
loop is written in when it is not the checked one.
"""

from __future__ import annotations

import importlib
import textwrap

import pytest

from graders.course import load_course
from graders.engine import loading, rules, variants

from .conftest import ROOT

MARK = "# <-"


def case(id, source, expected, *, function="f", where=None):
    return pytest.param(textwrap.dedent(source).lstrip("\n"), function, expected, where, id=id)


FLAGGED = [
    # -- what already worked: statements, comprehensions, helpers ----------------------
    case("for-over-array", """
        import numpy as np
        def f(x):
            out = np.zeros_like(x)
            for i, v in enumerate(x):  # <-
                out[i] = 2 * v
            return out
        """, "`for` loop"),
    case("range-literal-as-large-as-the-inputs", """
        def f(x):
            out = x.copy()
            for i in range(16):  # <-
                if i < len(x):
                    out[i] = 2 * x[i]
            return out
        """, "`for` loop"),
    case("while", """
        def f(x):
            i = 0
            while i < 3:  # <-
                i += 1
            return x
        """, "`while` loop"),
    case("list-comprehension", """
        import numpy as np
        def f(x):
            return np.array([2 * v for v in x])  # <-
        """, "list comprehension"),
    case("set-comprehension", """
        def f(x):
            return len({v for v in x})  # <-
        """, "set comprehension"),
    case("dict-comprehension", """
        def f(x):
            return {i: v for i, v in x}  # <-
        """, "dict comprehension"),
    case("generator-in-np-array", """
        import numpy as np
        def f(x):
            return np.array(tuple(v * 2 for v in x))  # <-
        """, "generator expression"),
    case("helper-with-a-loop", """
        def helper(x):
            total = 0.0
            for v in x:  # <-
                total += v
            return total

        def f(x):
            return helper(x) / len(x)
        """, "`for` loop", where="helper"),
    case("async-for", """
        async def f(x):
            async for v in x:  # <-
                pass
        """, "async for"),
    case("appended-def-wins", """
        import numpy as np
        def f(x):
            return x.sum(axis=0)

        def f(x):
            return np.array([v.sum() for v in x.T])  # <-
        """, "list comprehension"),
    # -- recursion ---------------------------------------------------------------------
    case("direct-recursion", """
        def sum_rows(x):
            if len(x) == 0:
                return 0.0
            return x[0] + sum_rows(x[1:])  # <-
        """, "recursion (sum_rows calls itself)", function="sum_rows"),
    case("recursive-helper", """
        def sum_rows(x):
            return 0.0 if len(x) == 0 else x[0] + sum_rows(x[1:])  # <-

        def f(x):
            return sum_rows(x) / len(x)
        """, "sum_rows calls itself", where="sum_rows"),
    case("mutual-recursion", """
        def f(x):
            return 0.0 if len(x) == 0 else x[0] + g(x[1:])  # <-

        def g(x):
            return f(x)
        """, "recursion (f calls itself through g)"),
    case("cycle-among-helpers", """
        def even(x):
            return 0.0 if len(x) == 0 else odd(x[1:])  # <-

        def odd(x):
            return x[0] + even(x[1:])

        def f(x):
            return even(x)
        """, "recursion", where="even"),
    case("recursion-through-an-alias", """
        def f(x):
            return 0.0 if len(x) == 0 else x[0] + again(x[1:])  # <-

        again = f
        """, "recursion (f calls itself"),
    case("recursion-through-a-method", """
        class Summer:
            def total(self, x):
                return 0.0 if len(x) == 0 else x[0] + self.total(x[1:])  # <-

        def f(x):
            return Summer().total(x)
        """, "Summer.total calls itself", where="Summer.total"),
    case("recursion-by-handing-itself-over", """
        def apply(g, x):
            return g(x)

        def f(x):
            return 0.0 if len(x) == 0 else x[0] + apply(f, x[1:])  # <-
        """, "recursion (f calls itself)"),
    # -- map / itertools / functools / numpy in disguise -------------------------------
    case("map", """
        import numpy as np
        def f(x):
            return np.array(list(map(abs, x)))  # <-
        """, "map()"),
    case("builtins-map", """
        import builtins
        import numpy as np
        def f(x):
            return np.array(list(builtins.map(abs, x)))  # <-
        """, "map()"),
    case("filter", """
        def f(x):
            return len(list(filter(None, x)))  # <-
        """, "filter()"),
    case("itertools-as-it-starmap", """
        import itertools as it
        import numpy as np
        def f(x, y):
            return np.array(list(it.starmap(max, zip(x, y))))  # <-
        """, "itertools.starmap"),
    case("from-itertools-import-starmap-as-sm", """
        from itertools import starmap as sm
        def f(x, y):
            return sm(max, x)  # <-
        """, "itertools.starmap"),
    case("itertools-accumulate", """
        import itertools
        import numpy as np
        def f(x):
            return np.array(itertools.accumulate(x))  # <-
        """, "itertools.accumulate"),
    case("itertools-product", """
        import itertools
        def f(x):
            pairs = itertools.product(x, x)  # <-
            return pairs
        """, "itertools.product"),
    case("itertools-chain-from-iterable", """
        import itertools
        def f(x):
            return itertools.chain.from_iterable(x)  # <-
        """, "itertools.chain"),
    case("from-functools-import-reduce", """
        from functools import reduce
        def f(x):
            return reduce(lambda a, b: a + b, x)  # <-
        """, "reduce()"),
    case("functools-reduce", """
        import functools
        import operator
        def f(x):
            return functools.reduce(operator.add, x)  # <-
        """, "reduce()"),
    case("builtin-sum", """
        def f(x):
            return sum(x) / len(x)  # <-
        """, "built-in sum()"),
    case("builtin-max-of-an-array", """
        def f(x):
            return x / max(x)  # <-
        """, "built-in max()"),
    case("builtin-min-of-a-generator", """
        def f(x):
            return min(abs(v) for v in x)  # <-
        """, "generator expression"),
    case("sorted", """
        import numpy as np
        def f(x):
            return np.array(sorted(x))  # <-
        """, "sorted()"),
    case("any", """
        def f(x):
            return any(x > 0)  # <-
        """, "any()"),
    case("all", """
        def f(x):
            return all(x)  # <-
        """, "all()"),
    case("list-of-an-array", """
        import numpy as np
        def f(x):
            return np.stack(list(x))  # <-
        """, "list()"),
    case("tuple-of-an-array", """
        import numpy as np
        def f(x):
            return np.stack(tuple(x))  # <-
        """, "tuple()"),
    case("unpacking-an-array", """
        import numpy as np
        def f(x):
            return np.stack([*x])  # <-
        """, "unpacking"),
    case("np-vectorize", """
        import numpy as np
        def f(x):
            return np.vectorize(abs)(x)  # <-
        """, "np.vectorize"),
    case("np-apply-along-axis", """
        import numpy as np
        def f(x):
            return np.apply_along_axis(np.sum, 0, x)  # <-
        """, "np.apply_along_axis"),
    case("np-frompyfunc", """
        import numpy as np
        def f(x):
            return np.frompyfunc(abs, 1, 1)(x)  # <-
        """, "np.frompyfunc"),
    case("np-fromiter", """
        import numpy as np
        def f(x):
            return np.fromiter(x, dtype=float)  # <-
        """, "np.fromiter"),
    case("np-nditer", """
        import numpy as np
        def f(x):
            with np.nditer(x, op_flags=["readwrite"]) as it:  # <-
                return it
        """, "np.nditer"),
    case("np-ndenumerate", """
        import numpy as np
        def f(x):
            return dict(np.ndenumerate(x))  # <-
        """, "np.ndenumerate"),
    case("np-ndindex", """
        import numpy as np
        def f(x):
            return np.ndindex(x.shape)  # <-
        """, "np.ndindex"),
    case("numpy-imported-whole", """
        import numpy
        def f(x):
            return numpy.vectorize(abs)(x)  # <-
        """, "np.vectorize"),
    case("star-import-from-numpy", """
        from numpy import *
        def f(x):
            return vectorize(abs)(x)  # <-
        """, "np.vectorize"),
    case("star-import-from-itertools", """
        from itertools import *
        def f(x):
            return starmap(max, x)  # <-
        """, "itertools.starmap"),
    case("exec", """
        def f(x):
            exec("y = [v for v in x]")  # <-
            return x
        """, "exec()"),
    case("eval", """
        def f(x):
            return eval("sum(x)")  # <-
        """, "eval()"),
    case("compile", """
        def f(x):
            code = compile("x * 2", "<s>", "eval")  # <-
            return x
        """, "compile()"),
    # -- aliases and dynamic look-ups ---------------------------------------------------
    case("local-alias-of-map", """
        import numpy as np
        def f(x):
            m = map  # <-
            return np.array(list(m(abs, x)))
        """, "map()"),
    case("local-alias-called", """
        import numpy as np
        def f(x):
            m = [map][0]  # <-
            return np.array(list(m(abs, x)))
        """, "map()"),
    case("module-alias-of-map", """
        import numpy as np
        m = map
        def f(x):
            return np.array(list(m(abs, x)))  # <-
        """, "map()"),
    case("module-alias-of-np-vectorize", """
        import numpy as np
        loop = np.vectorize
        def f(x):
            return loop(abs)(x)  # <-
        """, "np.vectorize"),
    case("from-numpy-import-vectorize-as-v", """
        from numpy import vectorize as v
        def f(x):
            return v(abs)(x)  # <-
        """, "np.vectorize"),
    case("module-alias-of-a-looping-helper", """
        def looping(x):
            return [v * 2 for v in x]  # <-

        helper = looping
        def f(x):
            return helper(x)
        """, "list comprehension", where="looping"),
    case("module-level-vectorize-result", """
        import numpy as np
        def g(v):
            return abs(v)

        helper = np.vectorize(g)  # <-
        def f(x):
            return helper(x)
        """, "np.vectorize", where="helper"),
    case("partial-of-a-looping-helper", """
        import functools
        def looping(scale, x):
            return [scale * v for v in x]  # <-

        def f(x):
            return functools.partial(looping, 2.0)(x)
        """, "list comprehension", where="looping"),
    case("getattr-builtins-map", """
        import builtins
        def f(x):
            return list(getattr(builtins, "map")(abs, x))  # <-
        """, "cannot check statically"),
    case("getattr-stored-then-called", """
        import numpy as np
        def f(x):
            fn = getattr(np, "vec" + "torize")
            return fn(abs)(x)  # <-
        """, "cannot check statically"),
    case("dunder-builtins-subscript", """
        def f(x):
            return __builtins__["map"](abs, x)  # <-
        """, "cannot check statically"),
    case("globals-helper", """
        def helper(x):
            return x

        def f(x):
            return globals()["helper"](x)  # <-
        """, "cannot check statically"),
    case("dunder-import", """
        def f(x):
            return __import__("itertools").starmap(max, x)  # <-
        """, "cannot check statically"),
    case("importlib", """
        import importlib
        def f(x):
            tools = importlib.import_module("itertools")  # <-
            return tools.accumulate(x)
        """, "cannot check statically"),
    case("sys-modules", """
        import sys
        def f(x):
            return sys.modules["builtins"].map(abs, x)  # <-
        """, "cannot check statically"),
    case("vars-of-builtins", """
        import builtins
        def f(x):
            return vars(builtins)["map"](abs, x)  # <-
        """, "cannot check statically"),
    case("builtins-dict", """
        import builtins
        def f(x):
            return builtins.__dict__["map"](abs, x)  # <-
        """, "cannot check statically"),
    # -- decorators, lambdas, nested functions, classes --------------------------------
    case("looping-decorator", """
        import functools
        import numpy as np

        def rowwise(fn):
            @functools.wraps(fn)
            def wrapper(x):
                return np.array([fn(row) for row in x])  # <-
            return wrapper

        @rowwise
        def f(x):
            return x * 2
        """, "list comprehension", where="rowwise"),
    case("decorator-with-a-for-loop-in-its-wrapper", """
        def each(fn):
            def wrapper(x):
                out = x.copy()
                for i, row in enumerate(x):  # <-
                    out[i] = fn(row)
                return out
            return wrapper

        @each
        def f(x):
            return x + 1
        """, "`for` loop", where="each"),
    case("decorator-calling-a-looping-helper", """
        def looping(x):
            while False:  # <-
                pass
            return x

        def checked(fn):
            def wrapper(x):
                return fn(looping(x))
            return wrapper

        @checked
        def f(x):
            return x
        """, "`while` loop", where="looping"),
    case("np-vectorize-as-decorator", """
        import numpy as np
        @np.vectorize  # <-
        def f(x):
            return abs(x)
        """, "np.vectorize"),
    case("lambda-assigned-to-a-name", """
        import numpy as np
        double_all = lambda x: np.array([2 * v for v in x])  # <-
        def f(x):
            return double_all(x)
        """, "list comprehension", where="double_all"),
    case("nested-function", """
        def f(x):
            def inner(values):
                return [v + 1 for v in values]  # <-
            return inner(x)
        """, "list comprehension"),
    case("class-with-call", """
        import numpy as np
        class Doubler:
            def __call__(self, x):
                return np.array([2 * v for v in x])  # <-

        double = Doubler()
        def f(x):
            return double(x)
        """, "list comprehension", where="Doubler.__call__"),
    case("method-through-self", """
        class Model:
            def helper(self, x):
                total = 0.0
                for v in x:  # <-
                    total += v
                return total

            def run(self, x):
                return self.helper(x)

        def f(x):
            return Model().run(x)
        """, "`for` loop", where="Model.helper"),
    case("method-through-the-class", """
        class Tools:
            @staticmethod
            def total(x):
                return sum(x)  # <-

        def f(x):
            return Tools.total(x)
        """, "built-in sum()", where="Tools.total"),
    case("init-with-a-loop", """
        class Table:
            def __init__(self, x):
                self.rows = [r for r in x]  # <-

        def f(x):
            return Table(x).rows
        """, "list comprehension", where="Table.__init__"),
    case("instance-attribute-holding-map", """
        class Mapper:
            def __init__(self):
                self.fn = map

            def __call__(self, g, x):
                return list(self.fn(g, x))  # <-

        def f(x):
            return Mapper()(abs, x)
        """, "map()", where="Mapper.__call__"),
    case("factory-returning-a-looping-closure", """
        def make():
            def run(x):
                return [v for v in x]  # <-
            return run

        helper = make()
        def f(x):
            return helper(x)
        """, "list comprehension", where="make"),
    case("walrus-alias", """
        def f(x):
            if (m := map):  # <-
                return list(m(abs, x))
        """, "map()"),
    case("dict-of-callables", """
        import numpy as np
        TOOLS = {"each": np.vectorize}
        def f(x):
            return TOOLS["each"](abs)(x)  # <-
        """, "np.vectorize"),
    case("default-argument-is-map", """
        def f(x, each=map):  # <-
            return list(each(abs, x))
        """, "map()"),
    case("assigned-through-global", """
        helper = None
        def setup():
            global helper
            helper = map

        def f(x):
            return list(helper(abs, x))  # <-
        """, "map()"),
    case("rebound-by-a-looping-decorator", """
        def each(fn):
            def wrapper(x):
                return [fn(v) for v in x]  # <-
            return wrapper

        def f(x):
            return x

        f = each(f)
        """, "list comprehension", where="each"),
    case("inherited-method", """
        class Base:
            def total(self, x):
                return sum(x)  # <-

        class Child(Base):
            pass

        def f(x):
            return Child().total(x)
        """, "built-in sum()", where="Base.total"),
    case("yield-from", """
        import numpy as np
        def rows(x):
            yield from x  # <-

        def f(x):
            return np.stack(rows(x))
        """, "yield from", where="rows"),
    case("thread-pool", """
        from concurrent.futures import ThreadPoolExecutor
        def f(x):
            with ThreadPoolExecutor() as pool:  # <-
                return pool
        """, "ThreadPoolExecutor"),
    # -- loops over the data that look like metadata ------------------------------------
    case("an-item-of-a-written-out-tuple-is-still-the-data", """
        def f(x):
            out = []
            for row in tuple((x,)[0]):  # <-
                out.append(row)
            return out
        """, "`for` loop"),
    case("more-items-written-out-than-a-network-has-layers", """
        def f(x):
            total = 0
            for row in (x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8]):  # <-
                total = total + row
            return total
        """, "`for` loop"),
    case("np-fromfunction-whose-function-loops", """
        import numpy as np
        def f(x):
            return np.fromfunction(lambda i, j: sum(v for v in x), x.shape)  # <-
        """, "generator expression"),
    case("len-of-a-parameter-used-as-a-dict-only-in-dead-code", """
        def f(params):
            if False:
                params["W1"]
            for i in range(len(params)):  # <-
                params = params + 1
            return params
        """, "`for` loop"),
    case("a-method-of-an-instance-handed-to-a-helper", """
        class M:
            def __init__(self, x):
                self.x = x
            def total(self):
                s = 0
                for v in self.x:  # <-
                    s += v
                return s
        def use(obj):
            return obj.total()
        def f(x):
            return use(M(x))
        """, "`for` loop", where="M.total"),
    case("range-len-x", """
        def f(x):
            for i in range(len(x)):  # <-
                x[i] *= 2
            return x
        """, "`for` loop"),
    case("range-shape-0", """
        def f(x):
            for i in range(x.shape[0]):  # <-
                x[i] *= 2
            return x
        """, "`for` loop"),
    case("range-m", """
        def f(X):
            m = X.shape[1]
            for i in range(m):  # <-
                X[:, i] *= 2
            return X
        """, "`for` loop"),
    case("zip-x-y", """
        def f(x, y):
            for a, b in zip(x, y):  # <-
                pass
            return x
        """, "`for` loop"),
    case("zip-outside-a-loop", """
        def f(x, y):
            return dict(zip(x, y))  # <-
        """, "zip()"),
    case("enumerate-x", """
        def f(x):
            pairs = enumerate(x)  # <-
            return pairs
        """, "enumerate()"),
    case("over-the-transpose", """
        def f(x):
            for column in x.T:  # <-
                column *= 2
            return x
        """, "`for` loop"),
    case("over-flat", """
        def f(x):
            for v in x.flat:  # <-
                pass
            return x
        """, "`for` loop"),
    case("over-each-dimension-length", """
        def f(x):
            for n in x.shape:
                for i in range(n):  # <-
                    pass
            return x
        """, "`for` loop"),
    case("shape-repeated-by-the-data", """
        def f(x):
            for v in x.shape * len(x):  # <-
                pass
            return x
        """, "`for` loop"),
    case("parameter-default-is-not-metadata", """
        def f(x, axes=(0, 1)):
            for a in axes:  # <-
                pass
            return x
        """, "`for` loop"),
    case("data-disguised-as-a-shape", """
        import types
        def f(x):
            box = types.SimpleNamespace(shape=x)
            for row in box.shape:  # <-
                row *= 2
            return x
        """, "`for` loop"),
    case("class-with-a-huge-ndim", """
        class Fake:
            ndim = 10 ** 6

        def f(x):
            total = 0.0
            for i in range(Fake.ndim):  # <-
                total += x.flat[i % x.size]
            return total
        """, "`for` loop"),
    case("np-shape-of-a-fake", """
        import numpy as np
        class Box:
            def __init__(self, data):
                self.shape = data

        def f(x):
            return [row for row in np.shape(Box(x))]  # <-
        """, "list comprehension"),
    case("range-shadowed-by-a-student-function", """
        def range(n):
            return [0, 1]

        def f(x):
            for i in range(x.ndim):  # <-
                pass
            return x
        """, "`for` loop"),
    # -- loops over shapes pass (see ACCEPTED); loops over the data next to them do not --
    case("range-of-a-dimension-unpacked-from-the-shape", """
        def f(X):
            m, n = X.shape
            for i in range(m):  # <-
                X[i] = X[i] - X[i].mean()
            return X
        """, "`for` loop"),
    case("range-of-the-number-of-elements", """
        import math
        def f(X):
            for i in range(math.prod(d for d in X.shape)):  # <-
                X.flat[i] *= 2
            return X
        """, "`for` loop"),
    case("map-over-a-shape-and-the-data", """
        def f(X):
            return list(map(lambda n, row: row * n, X.shape, X))  # <-
        """, "map()"),
    case("reduce-over-the-rows", """
        import functools
        import operator
        def f(X):
            return functools.reduce(operator.add, X)  # <-
        """, "reduce()"),
    case("itertools-count-is-not-a-shape", """
        import itertools
        def f(X):
            total = 0.0
            for i in itertools.count(X.ndim):  # <-
                if i >= X.size:
                    return total
                total += X.flat[i]
        """, "`for` loop"),
    case("np-nditer-next-to-a-shape-loop", """
        import numpy as np
        def f(X):
            axes = tuple(a for a in range(X.ndim))
            it = np.nditer(X)  # <-
            return it, axes
        """, "np.nditer"),
    case("dict-of-rows-handed-to-a-helper", """
        def rows(d):
            return [v * 2 for v in d.values()]  # <-

        def f(X):
            return rows(dict(X))
        """, "list comprehension", where="rows"),
    case("helper-that-returns-data-as-a-shape", """
        import types
        def box(x):
            return types.SimpleNamespace(shape=x)

        def f(x):
            for row in box(x).shape:  # <-
                row *= 2
            return x
        """, "`for` loop"),
]

ACCEPTED = [
    case("plain-numpy", """
        import numpy as np
        def f(x):
            return 100 * x / x.sum(axis=0, keepdims=True)
        """, None),
    case("np-sum-and-methods", """
        import numpy as np
        def f(x):
            return np.sum(x, axis=0) + x.max(axis=1).mean() + np.add.reduce(x, axis=0)
        """, None),
    case("helper-without-loop", """
        import numpy as np
        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        def f(w, b, X):
            return (sigmoid(w.T @ X + b) > 0.5).astype(np.float64)
        """, None),
    case("tuple-of-shape-generator", """
        import numpy as np
        def f(a):
            return np.zeros(tuple(n for n in a.shape))
        """, None),
    case("list-comprehension-over-shape", """
        def f(X):
            return [d for d in X.shape]
        """, None),
    case("range-ndim", """
        def f(X):
            for axis in range(X.ndim):
                X = X - X.mean(axis=axis, keepdims=True)
            return X
        """, None),
    case("literal-tuple-of-strings", """
        def f(params):
            for k in ("W", "b"):
                params = params
            return params
        """, None),
    case("range-len-shape", """
        def f(x):
            for i in range(len(x.shape)):
                x = x.swapaxes(0, i)
            return x
        """, None),
    case("range-literal-constant", """
        def f(x):
            for _ in range(2):
                x = x - x.mean(axis=0)
            return x
        """, None),
    case("items-of-a-literal-dict", """
        def f(X):
            for name, axis in {"rows": 1, "columns": 0}.items():
                X = X - X.mean(axis=axis, keepdims=True)
            return X
        """, None),
    case("keys-of-a-named-literal-dict", """
        def f(X):
            axes = {"rows": 1, "columns": 0}
            return [k for k in axes.keys()]
        """, None),
    case("ndim-through-a-name", """
        def f(X):
            n = X.ndim - 1
            for axis in range(n):
                X = X.sum(axis=-1)
            return X
        """, None),
    case("enumerate-and-slices-of-shape", """
        def f(X):
            sizes = {i: n for i, n in enumerate(X.shape[::-1])}
            return X.reshape(tuple(reversed(X.shape))), sizes
        """, None),
    case("builtins-over-metadata", """
        import math
        def f(X):
            return X.reshape(max(X.shape), -1) * sum(X.shape) / math.prod(X.shape) + min(X.ndim, 2)
        """, None),
    case("module-level-constant-keys", """
        KEYS = ("W", "b")
        def f(params):
            return {k: params[k] * 2 for k in KEYS}
        """, None),
    case("annotations-and-isinstance", """
        from __future__ import annotations
        import numpy as np
        def f(x: list[float] | tuple[float, ...]) -> tuple[np.ndarray, list]:
            y: list = x if isinstance(x, (list, tuple)) else x * 2
            return y, []
        """, None),
    case("student-defined-sum-shadows-the-builtin", """
        import numpy as np
        def sum(x):
            return np.sum(x)

        def f(x):
            return sum(x) / x.size
        """, None),
    case("harmless-decorator-and-staticmethod", """
        import functools
        import numpy as np

        def logged(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return fn(*args, **kwargs)
            return wrapper

        class Ops:
            @staticmethod
            def scale(x):
                return 2 * x

        @logged
        def f(x):
            return Ops.scale(x) + np.maximum(x, 0)
        """, None),
    case("unpacking-the-shape", """
        import numpy as np
        def f(x):
            return np.zeros((*x.shape, 1)) + x.reshape(*x.shape[:-1], -1)[..., None]
        """, None),
    case("min-of-two-values", """
        def f(X):
            m = X.shape[0]
            return X[: min(m, 5)] * max(m, 1)
        """, None),
    case("getattr-of-data", """
        def f(X):
            return getattr(X, "T") @ X
        """, None),
    case("loop-elsewhere-in-the-module", """
        import numpy as np
        def optimize(x, n):
            for _ in range(n):
                x = f(x)
            return x

        def f(x):
            return x - 0.1 * np.sign(x)
        """, None),
    case("super-is-not-recursion", """
        class Base:
            def scale(self, x):
                return 2 * x

        class Child(Base):
            def scale(self, x):
                return super().scale(x) + 1

        def f(x):
            return Child().scale(x)
        """, None),
    # -- loops over a shape, found rejected in correct student code ---------------------
    case("math-prod-of-a-generator-over-the-shape", """
        import math
        def f(a):
            return a.reshape(math.prod(d for d in a.shape), 1)
        """, None),
    case("tuple-of-a-generator-over-the-shape", """
        def f(x):
            return x.reshape(tuple(s for s in x.shape)[::-1])
        """, None),
    case("map-int-over-the-shape", """
        def f(x):
            return x.reshape(tuple(map(int, x.shape)))
        """, None),
    case("reduce-over-the-shape", """
        import functools
        import operator
        def f(x):
            return x.reshape(functools.reduce(operator.mul, x.shape, 1))
        """, None),
    case("itertools-over-the-shape", """
        import itertools
        def f(x):
            strides = list(itertools.accumulate(x.shape[::-1]))
            return x, [a == b for a, b in itertools.pairwise(x.shape)], strides
        """, None),
    case("range-len-of-a-named-shape", """
        def f(X):
            shape = X.shape
            for axis in range(len(shape)):
                X = X - X.mean(axis=axis, keepdims=True)
            return X
        """, None),
    case("dimensions-unpacked-from-the-shape", """
        def f(X):
            rows, cols = X.shape
            return [n for n in (rows, cols) if n > 1]
        """, None),
    case("shape-of-a-helpers-result", """
        import numpy as np
        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        def f(w, b, X):
            A = sigmoid(w.T @ X + b)
            return A.reshape(tuple(d for d in A.shape))
        """, None),
    case("shape-of-a-conditional-and-a-comparison", """
        def f(v):
            v = v if v.ndim == 2 else v[None, :]
            positive = v > 0
            return v.reshape(-1, 1), [d for d in positive.shape]
        """, None),
    case("shape-of-each-part-of-a-numpy-result", """
        import numpy as np
        def f(X, Y):
            X2, Y2 = np.atleast_2d(X, Y)
            same = all(a == b for a, b in zip(X2.shape, Y2.shape))
            return tuple(s for s in np.broadcast_shapes(X2.shape, Y2.shape)), same
        """, None),
    case("loop-over-gradients-written-out-by-name", """
        KEYS = ("W1", "b1", "W2", "b2")
        def f(dZ1, dZ2, X, A1):
            dW2, db2 = dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True)
            dW1, db1 = dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True)
            return {"d" + k: g for k, g in zip(KEYS, (dW1, db1, dW2, db2))}
        """, None),
    case("index-built-from-slices-and-ndim", """
        def f(images, k):
            index = [slice(None)] * (images.ndim - 1) + [k]
            return images[tuple(index)]
        """, None),
    case("all-over-two-written-out-arguments", """
        def f(d, i, start, stop):
            assert all(0 <= t <= d.shape[1] for t in (start, stop))
            return d[i, start:stop]
        """, None),
    case("np-fromfunction-calls-its-function-once-with-index-arrays", """
        import numpy as np
        def f(n_rows, n_cols):
            return np.fromfunction(lambda r, c: r * n_cols + c, (n_rows, n_cols))
        """, None),
    case("a-method-nobody-calls-is-not-this-calls", """
        import numpy as np
        class Neuron:
            def __init__(self, w, b=0.0):
                self.w, self.b = w, b
            def output(self, X):
                return 1 / (1 + np.exp(-(X @ self.w + self.b)))
            def train(self, X, y, lr, epochs):
                for _ in range(epochs):
                    for i in range(len(X)):
                        self.w = self.w - lr * (self.output(X[i]) - y[i]) * X[i]
                return self
        def f(w, b, X):
            return (Neuron(w, b).output(X) > 0.5).astype(float)
        """, None),
    case("items-of-a-dict-of-parameters", """
        import numpy as np
        def f(params, x):
            for name, value in params.items():
                x = x + np.sum(value)
            return x, sorted(k for k in params.keys())
        """, None),
    case("loop-over-two-shapes", """
        def f(a, b):
            for shape in (a.shape, b.shape):
                for n in shape:
                    a = a.reshape(a.shape)
            return all(m == n for m, n in zip(a.shape, b.shape))
        """, None),
    case("calls-a-helper-twice-no-recursion", """
        def g(x):
            return h(x) + h(x)

        def h(x):
            return x * 2

        def f(x):
            return g(x) + g(x.T).T
        """, None),
]


@pytest.mark.parametrize("source,function,expected,where", FLAGGED)
def test_flagged(source, function, expected, where):
    finding = rules.find_loop(source, function)
    assert finding is not None, f"no loop found in:\n{source}"
    marked = [i for i, line in enumerate(source.splitlines(), 1) if MARK in line]
    assert len(marked) == 1, "each flagged case marks exactly one line"
    assert expected in finding.what, finding
    assert finding.line == marked[0], finding
    assert finding.code == source.splitlines()[marked[0] - 1].strip()
    assert finding.function == function
    assert finding.where == (where or function), finding


@pytest.mark.parametrize("source,function,expected,where", ACCEPTED)
def test_accepted(source, function, expected, where):
    assert expected is None and MARK not in source
    assert rules.find_loop(source, function) is None


def test_there_are_enough_cases():
    assert len(FLAGGED) + len(ACCEPTED) >= 40


def test_unknown_function_is_not_flagged():
    assert rules.find_loop("def g(x):\n    return [v for v in x]\n", "f") is None


def test_deeply_nested_code_is_refused_not_crashed_on():
    source = "def f(x):\n    return " + " + ".join(["x"] * 5000) + "\n"
    finding = rules.find_loop(source, "f")
    assert finding is not None and "nested too deeply" in finding.what


def test_alias_chains_stay_fast():
    # a1 = a0 + a0, a2 = a1 + a1, ...: exponential without a cache.
    lines = ["def f(X):", "    a0 = X.ndim"] + [f"    a{i} = a{i - 1} + a{i - 1}" for i in range(1, 60)]
    source = "\n".join([*lines, "    for i in range(a59):", "        pass", "    return X", ""])
    assert rules.find_loop(source, "f") is not None  # too long a chain to prove small: flagged


def test_finding_fields_for_a_helper():
    source = "def helper(x):\n    return [v for v in x]\n\n\ndef f(x):\n    return helper(x)\n"
    assert rules.find_loop(source, "f") == rules.Finding("f", "helper", 2, "a list comprehension", "return [v for v in x]")


# -- the course's own code -------------------------------------------------------------
COURSE = load_course(ROOT)


def _vectorised(exercise_id):
    return COURSE.get(exercise_id).vectorised


def _module_variants(kind):
    found = []
    for exercise in COURSE.exercises:
        if not exercise.vectorised:
            continue
        if kind == "alternative":
            module = importlib.import_module(f"tests.alternatives.{exercise.id}")
        else:
            module = loading.load_optional("mistakes", COURSE.mistakes_dir, exercise.id)
        found += [(exercise.id, v) for v in variants.collect(module) if v.replaces in exercise.vectorised]
    return found


SOLUTIONS = [(e.id, f) for e in COURSE.exercises for f in e.vectorised]
ALTERNATIVES = _module_variants("alternative")
MISTAKES = _module_variants("mistake")


def test_the_course_has_vectorised_functions():
    assert SOLUTIONS and ALTERNATIVES and MISTAKES


@pytest.mark.parametrize("exercise_id,function", SOLUTIONS, ids=[f"{e}-{f}" for e, f in SOLUTIONS])
def test_reference_solutions_are_not_flagged(exercise_id, function):
    source = COURSE.solution_path(COURSE.get(exercise_id)).read_text()
    assert rules.find_loop(source, function) is None


@pytest.mark.parametrize("exercise_id,variant", ALTERNATIVES, ids=[f"{e}-{v.key}" for e, v in ALTERNATIVES])
def test_honest_alternatives_are_not_flagged(exercise_id, variant):
    base = COURSE.solution_path(COURSE.get(exercise_id)).read_text()
    assert rules.find_loop(variant.module_source(base), variant.replaces) is None


@pytest.mark.parametrize("exercise_id,variant", MISTAKES, ids=[f"{e}-{v.key}" for e, v in MISTAKES])
def test_mistakes_are_flagged_exactly_when_they_loop(exercise_id, variant):
    base = COURSE.solution_path(COURSE.get(exercise_id)).read_text()
    finding = rules.find_loop(variant.module_source(base), variant.replaces)
    loops = "loop" in variant.title.lower()
    assert (finding is not None) == loops, (variant.title, finding)


LAYERS = textwrap.dedent("""
    import numpy as np
    def forward(X, params):
        A = X
        L = len(params) // 2
        for l in range(1, L + 1):  # <-
            A = np.tanh(params[f"W{l}"] @ A + params[f"b{l}"])
        return A
    """)


def test_len_of_the_dict_of_parameters_counts_layers_only_when_the_course_passes_a_dict():
    # The course says which parameters are dicts (its reference's annotations):
    # the student's code is no evidence (see the dead-code case above).
    assert rules.find_loop(LAYERS, "forward", dict_parameters={"params"}) is None
    assert rules.find_loop(LAYERS, "forward", dict_parameters={"X"}).what == "a `for` loop"
    assert rules.find_loop(LAYERS, "forward").what == "a `for` loop"


def test_dict_annotations_are_read_from_the_source_or_the_reference():
    source = "def f(X: np.ndarray, params: dict[str, np.ndarray], cache: 'Dict[str, float]', n: int = 2): ...\n"
    annotations = rules.annotations(source, "f")
    assert annotations == {"X": "np.ndarray", "params": "dict[str, np.ndarray]", "cache": "'Dict[str, float]'", "n": "int"}
    assert [name for name, text in annotations.items() if rules.is_dict_annotation(text)] == ["params", "cache"]
    assert rules.is_dict_annotation(dict) and rules.is_dict_annotation(dict[str, int]) and not rules.is_dict_annotation(list[int])
    assert rules.annotations("def f(:", "f") == {}


def test_calls_among_follows_helpers_and_stops_at_the_exercise_functions():
    source = textwrap.dedent("""
        def dense(x, W, b, activation):
            return activation(x @ W + b)

        def _layer(a, network, l):
            return dense(a, network[f"W{l}"], network[f"b{l}"], sigmoid)

        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        def forward(network, x):
            return _layer(_layer(x, network, 1), network, 2)

        def forward(network, x):  # the last definition is the one that runs
            return identity(_layer(x, network, 1))
        """)
    names = ["sigmoid", "identity", "dense", "forward"]
    # sigmoid is handed to dense by _layer, which forward calls: that counts as calling it.
    assert rules.calls_among(source, "forward", names) == ["identity", "dense", "sigmoid"]
    assert rules.calls_among(source, "dense", names) == []
    assert rules.calls_among("def f(:", "forward", names) == []


def test_each_search_of_a_file_is_its_own():
    """find_loop scans a file once for all its functions (rules._scanned); the search
    for one function must not colour the next one's: every flagged case's module,
    with every function in it asked about in both orders, says what a fresh scan
    says for each."""
    for case_ in FLAGGED + ACCEPTED:
        source = case_.values[0]
        functions = sorted({line.split("def ", 1)[1].split("(", 1)[0].strip() for line in source.splitlines() if "def " in line})
        for order in (functions, functions[::-1]):
            rules._scanned.cache_clear()
            for function in order:
                fresh = rules._Module(source, ()).first_loop(function)
                assert rules.find_loop(source, function) == fresh, (function, source)
