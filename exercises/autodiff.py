"""autodiff — reverse-mode automatic differentiation with scalar Value objects.

Lesson: docs/lessons/autodiff.md.  Check your work with `gradwork check autodiff`.
Imports: numpy and the Python standard library only (the grader has no other package).

A Value holds one number, ``data``, and after ``backward()`` the derivative of
the final result with respect to it, ``grad``. Every operation on Values makes
a new Value that remembers its ``parents`` (the Values it was computed from)
and its ``local_grads``: the derivative of its data with respect to each
parent's data, worked out right when the operation runs. ``backward()`` then
visits the graph from the output back to the inputs, every node before its
parents (reverse topological order), and applies the chain rule once per edge:

    parent.grad += local_grad * node.grad

The operations are the only place where calculus lives; the chain rule lives
only in ``backward()``.

The graded functions take and return plain data (floats, strings, tuples,
lists, dicts), because the grader cannot receive Value objects:

* An *expression* is a tree: a name (str), a constant (float or int), or a
  tuple ``(op, operand, ...)`` with op one of

      ("add", a, b)  a + b          ("neg", a)      -a
      ("sub", a, b)  a - b          ("exp", a)      e ** a
      ("mul", a, b)  a * b          ("log", a)      natural log, a > 0
      ("div", a, b)  a / b, b != 0  ("tanh", a)     tanh(a)
      ("pow", a, n)  a ** n         ("sigmoid", a)  1 / (1 + e ** -a)
                                    ("relu", a)     max(a, 0)

  In ``("pow", a, n)`` the exponent n is a plain number (int or float), not
  an expression; a > 0 unless n is a whole number >= 1.
* A *program* is a non-empty list of steps ``(name, expression)``. A step's
  expression may use the input variables and the names of earlier steps, so
  one intermediate result can feed several later ones (a shared node, as in
  ``h * h`` with ``h = tanh(x)``). The last step is the output.
* Domains (what the grader sends): at most 4 input variables with values in
  [-3, 3], at most 3 steps, every intermediate value in [-100, 100], every
  divisor and log argument at least 0.1 away from 0, pow bases >= 0.1 unless
  the exponent is 1, 2 or 3, and relu never asked at |a| < 0.01 (the
  derivative of relu at exactly 0 is taken as 0.0).
"""

from __future__ import annotations

import math

import numpy as np


class Value:
    """One number in a computation graph, and its gradient.

    ``data`` is the number (a float); ``grad`` is d(output) / d(this value),
    0.0 until ``backward()`` is called on an output that depends on it;
    ``parents`` are the Values this one was computed from, and
    ``local_grads`` holds d(this value) / d(parent) for each parent, in the
    same order; ``op`` names the operation that made it, as expressions
    name it ("add", "mul", "tanh", ...; "" for an input).

    >>> x, y = Value(2.0), Value(-3.0)
    >>> f = x * y + x
    >>> f.backward()
    >>> f.data, x.grad, y.grad
    (-4.0, -2.0, 2.0)
    """

    def __init__(self, data: float, parents: tuple = (), local_grads: tuple = (), op: str = ""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads
        self.op = op

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # -- the primitive operations: the value, and one local gradient per parent --
    def __add__(self, other) -> Value:
        """self + other (a Value or a plain number). d/dself = 1, d/dother = 1."""
        # TODO(autodiff): implement __add__.
        raise NotImplementedError('autodiff: __add__() is not implemented yet (`gradwork hint autodiff` helps)')

    def __sub__(self, other) -> Value:
        """self - other. d/dself = 1, d/dother = -1."""
        # TODO(autodiff): implement __sub__.
        raise NotImplementedError('autodiff: __sub__() is not implemented yet (`gradwork hint autodiff` helps)')

    def __mul__(self, other) -> Value:
        """self * other. Each factor's local gradient is the *other* factor."""
        # TODO(autodiff): implement __mul__.
        raise NotImplementedError('autodiff: __mul__() is not implemented yet (`gradwork hint autodiff` helps)')

    def __truediv__(self, other) -> Value:
        """self / other. d/dself = 1 / other, d/dother = -self / other ** 2."""
        # TODO(autodiff): implement __truediv__.
        raise NotImplementedError('autodiff: __truediv__() is not implemented yet (`gradwork hint autodiff` helps)')

    def __pow__(self, n: float) -> Value:
        """self ** n for a plain number n (int or float). d/dself = n * self ** (n - 1)."""
        # TODO(autodiff): implement __pow__.
        raise NotImplementedError('autodiff: __pow__() is not implemented yet (`gradwork hint autodiff` helps)')

    def exp(self) -> Value:
        """e ** self. Its own derivative: the local gradient is the result itself."""
        # TODO(autodiff): implement exp.
        raise NotImplementedError('autodiff: exp() is not implemented yet (`gradwork hint autodiff` helps)')

    def log(self) -> Value:
        """The natural logarithm of self (self > 0). d/dself = 1 / self."""
        # TODO(autodiff): implement log.
        raise NotImplementedError('autodiff: log() is not implemented yet (`gradwork hint autodiff` helps)')

    def tanh(self) -> Value:
        """tanh(self). With t = tanh(self), d/dself = 1 - t ** 2."""
        # TODO(autodiff): implement tanh.
        raise NotImplementedError('autodiff: tanh() is not implemented yet (`gradwork hint autodiff` helps)')

    def sigmoid(self) -> Value:
        """1 / (1 + e ** -self). With s = sigmoid(self), d/dself = s * (1 - s)."""
        # TODO(autodiff): implement sigmoid.
        raise NotImplementedError('autodiff: sigmoid() is not implemented yet (`gradwork hint autodiff` helps)')

    def relu(self) -> Value:
        """max(self, 0). d/dself = 1.0 where self > 0, else 0.0 (also at exactly 0)."""
        # TODO(autodiff): implement relu.
        raise NotImplementedError('autodiff: relu() is not implemented yet (`gradwork hint autodiff` helps)')

    # -- derived operations: built from the primitives, so they need no rule of their own --
    def __neg__(self) -> Value:
        """-self, as self * -1 (so its gradient comes from the rule of mul)."""
        # TODO(autodiff): implement __neg__.
        raise NotImplementedError('autodiff: __neg__() is not implemented yet (`gradwork hint autodiff` helps)')

    # 2 + x calls x.__radd__(2), and so on: the constant becomes a Value on the left.
    def __radd__(self, other) -> Value:
        return as_value(other) + self

    def __rsub__(self, other) -> Value:
        return as_value(other) - self

    def __rmul__(self, other) -> Value:
        return as_value(other) * self

    def __rtruediv__(self, other) -> Value:
        return as_value(other) / self

    # -- the backward pass --
    def backward(self) -> None:
        """Fill in the .grad of every Value this one depends on: d(self) / d(that Value).

        Seeds self.grad = 1.0 (the derivative of self with respect to itself),
        then visits the nodes of topological_order(self) in reverse, so that a
        node's grad is complete (every path from self has added its share)
        before it is passed on, and for each node adds its contribution to
        every parent: parent.grad += local_grad * node.grad. The += matters:
        a Value used twice receives a share along each use.

        Gradients accumulate from one backward() to the next; set the .grad of
        reused Values back to 0.0 before backward() on a new output (fit_line
        does, every epoch).
        """
        # TODO(autodiff): implement backward.
        raise NotImplementedError('autodiff: backward() is not implemented yet (`gradwork hint autodiff` helps)')


def as_value(x) -> Value:
    """x itself if it is already a Value, else a new Value holding the constant x."""
    return x if isinstance(x, Value) else Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every Value that root depends on (root included), each exactly once,
    every Value after all of its parents (so root comes last).

    >>> x = Value(1.0)
    >>> h = x.tanh()
    >>> [node.op for node in topological_order(h * h + x)]
    ['', 'tanh', 'mul', 'add']
    """
    # TODO(autodiff): implement topological_order.
    raise NotImplementedError('autodiff: topological_order() is not implemented yet (`gradwork hint autodiff` helps)')


# What each operation name of an expression means, in terms of Values.
# ("pow", a, n) is not here: its exponent n is a plain number (see build).
OPERATIONS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "neg": lambda a: -a,
    "exp": lambda a: a.exp(),
    "log": lambda a: a.log(),
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
}


def build(expression, nodes: dict) -> Value:
    """The Value of an expression tree (see the module docstring).

    ``nodes`` maps names to Values: the input variables and earlier steps. A
    name is looked up there, so every use of a name is the *same* Value (this
    is what makes a variable used twice collect two shares of gradient); a
    constant becomes a new Value; a tuple (op, operand, ...) builds its
    operands and applies OPERATIONS[op] (or ** for "pow").

    >>> x = Value(0.5)
    >>> f = build(("mul", "x", ("add", "x", 1.0)), {"x": x})
    >>> f.backward()
    >>> f.data, x.grad
    (0.75, 2.0)
    """
    # TODO(autodiff): implement build.
    raise NotImplementedError('autodiff: build() is not implemented yet (`gradwork hint autodiff` helps)')


def grad(steps: list, values: dict) -> tuple[float, dict]:
    """Run a program forward with Values, then backward from its output.

    ``steps`` is a program: a non-empty list of (name, expression) pairs,
    the last one being the output (see the module docstring for the
    operations and their domains). ``values`` maps each input variable's
    name (a str) to its value (a float); step names are new names.

    Returns ``(value, gradients)``: the output's value as a float, and a dict
    with one entry per name in ``values`` (same keys, nothing else): the
    derivative of the output with respect to that variable, as a float. A
    variable the output does not depend on gets 0.0.

    >>> value, grads = grad([("f", ("mul", "x", "y"))], {"x": 2.0, "y": -3.0, "z": 1.0})
    >>> float(value), sorted((name, float(g) + 0.0) for name, g in grads.items())
    (-6.0, [('x', -3.0), ('y', 2.0), ('z', 0.0)])
    >>> steps = [("h", ("tanh", "x")), ("f", ("mul", "h", "h"))]   # h is used twice
    >>> value, grads = grad(steps, {"x": 0.5})
    >>> round(float(value), 6), round(float(grads["x"]), 6)
    (0.213552, 0.726862)
    """
    # TODO(autodiff): implement grad.
    raise NotImplementedError('autodiff: grad() is not implemented yet (`gradwork hint autodiff` helps)')


def mse(a: Value, b: Value, x: np.ndarray, y: np.ndarray) -> Value:
    """The mean squared error of the line a * x + b on the data, as a Value.

    (The blog post's ``cal_mse``.) a and b are Values; x and y are float64
    arrays of shape (n,). Every sample adds its squared error to the graph,
    so the result depends on a and b along n paths each. Loop over the
    samples one at a time (zip(x.tolist(), y.tolist()) gives Python floats):
    a Value holds one number, so a * x with the whole array x cannot work.
    """
    # TODO(autodiff): implement mse.
    raise NotImplementedError('autodiff: mse() is not implemented yet (`gradwork hint autodiff` helps)')


def mse_grad(a: float, b: float, x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """The MSE of the line y = a * x + b on the data, and its gradient, by autodiff.

    a and b are floats (a in [-5, 5], b in [-5, 5]); x and y are float64 arrays
    of shape (n,), n 1..10, x in [-3, 3], y in [-10, 10]; neither is modified.
    loss = mean((a * x + b - y) ** 2), computed with Values, then backward().

    Returns ``(loss, da, db)``, three floats: the loss and its derivatives
    with respect to a and b.

    >>> loss, da, db = mse_grad(1.0, 0.0, np.array([1.0, 2.0]), np.array([1.0, 0.0]))
    >>> float(loss), float(da), float(db)
    (2.0, 4.0, 2.0)
    """
    # TODO(autodiff): implement mse_grad.
    raise NotImplementedError('autodiff: mse_grad() is not implemented yet (`gradwork hint autodiff` helps)')


def fit_line(x: np.ndarray, y: np.ndarray, epochs: int, learning_rate: float) -> tuple[float, float, list[float]]:
    """Fit y ≈ a * x + b by gradient descent on the MSE, with gradients by autodiff.

    x and y as in mse_grad (not modified); epochs 1..200; learning_rate in
    [0.001, 0.1]. Starts from a = b = 0.0. Each epoch computes the loss and
    its gradients at the current a and b, records the loss, then steps
    downhill: a = a - learning_rate * da, b = b - learning_rate * db.

    Returns ``(a, b, losses)``: a and b after the last step, as floats, and
    the list of the epochs' losses (floats, len(losses) == epochs; losses[0]
    is the loss at a = b = 0, the mean of y ** 2).

    >>> x = np.array([-1.0, 0.0, 1.0, 2.0])
    >>> a, b, losses = fit_line(x, 3 * x - 2, 200, 0.1)
    >>> round(float(a), 4), round(float(b), 4), len(losses), round(float(losses[0]), 4)
    (3.0, -2.0, 200, 11.5)
    """
    # TODO(autodiff): implement fit_line.
    raise NotImplementedError('autodiff: fit_line() is not implemented yet (`gradwork hint autodiff` helps)')
