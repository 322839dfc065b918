"""single_neuron — one sigmoid neuron: its output, its learning rule, and what it can learn.

Lesson: docs/lessons/single_neuron.md.  Check your work with `gradwork check single_neuron`.
Imports: numpy and the Python standard library only (the grader has no other package).

One example is a vector x of shape (n,), and the neuron's weights w have the
same shape (n,). All arrays are float64; w @ x is one number (a dot product).

    output  a = sigmoid(w @ x)                   a float in (0, 1)
    error     = y - a                            target minus output
    one step  w <- w + learning_rate * error * x

With a bias b the output is sigmoid(w @ x + b) and the step also moves
b <- b + learning_rate * error (the bias is a weight whose input is always 1).
The step is gradient descent on the cross-entropy loss of the neuron: the
slope of that loss with respect to w is -(y - a) * x.

A truth table (AND, OR, XOR, ...) is X of shape (m, n), one example per row,
holding 0.0 and 1.0, with the targets y of shape (m,), also 0.0 and 1.0.

You need the sigmoid 1 / (1 + exp(-z)): write it as a small helper at the top
of this module (it is not graded on its own). Use np.exp, which works on
numbers and on whole arrays alike; math.exp takes one number only. Every
input here keeps |z| <= 200, where np.exp cannot overflow.

neuron, neuron_step and predict_logic are *vectorised*: no Python loop over
the entries of x or the rows of X. train_neuron and train_logic loop over
the steps and the examples; those loops are the algorithm, and are fine.
"""

from __future__ import annotations

import numpy as np


# BEGIN SOLUTION
def sigmoid(z):
    """Elementwise 1 / (1 + exp(-z)), for a number or an array."""
    # |z| <= 200 everywhere in this exercise, and exp(200) ~ 7e86 is far from
    # overflowing float64 (that happens above exp(709)).
    return 1 / (1 + np.exp(-z))
# END SOLUTION


def neuron(w: np.ndarray, x: np.ndarray) -> float:
    """The output of a sigmoid neuron without bias: sigmoid(w @ x), a float.

    w and x of shape (n,), float64, n 1..8, entries in [-5, 5] (so that
    |w @ x| <= 200). Returns one number between 0 and 1: a Python float, an
    np.float64 or a 0-d array, not an array of shape (1,) or (n,).
    Neither w nor x is modified.

    >>> round(float(neuron(np.array([0.5, -1.0]), np.array([2.0, 1.0]))), 4)
    0.5
    >>> round(float(neuron(np.array([1.0, 2.0]), np.array([1.0, 1.0]))), 4)
    0.9526
    """
    # BEGIN SOLUTION
    # One example, one output: the dot product sums the n weighted inputs.
    return float(sigmoid(w @ x))
    # END SOLUTION


def neuron_step(w: np.ndarray, x: np.ndarray, y: float, learning_rate: float) -> np.ndarray:
    """One learning step: the new weights w + learning_rate * (y - neuron(w, x)) * x.

    w and x as in neuron; the target y is a float in [0, 1]; learning_rate
    in [0.001, 1]. Returns a new float64 array of shape (n,). The caller's w
    (and x) are not modified: write w = w + ..., not w += ...

    >>> w = np.array([0.5, -1.0])
    >>> new_w = neuron_step(w, np.array([2.0, 1.0]), 1.0, 0.1)
    >>> new_w.shape, np.allclose(new_w, [0.6, -0.95]), w.tolist()
    ((2,), True, [0.5, -1.0])
    """
    # BEGIN SOLUTION
    error = y - neuron(w, x)  # positive when the output is too small
    # Each weight moves in proportion to its input: an input of 0 had no part
    # in the error, so its weight stays. (w + ... is a new array.)
    return w + learning_rate * error * x
    # END SOLUTION


def train_neuron(w: np.ndarray, x: np.ndarray, y: float, learning_rate: float, steps: int) -> tuple[np.ndarray, list[float]]:
    """Train the neuron on one example: steps calls of neuron_step, from w.

    w, x and y as in neuron_step; learning_rate in [0.001, 1] with
    learning_rate * (x @ x) <= 4 (a step never overshoots); steps 1..1000.

    Returns ``(w_final, errors)``: w_final, a new float64 array of shape
    (n,), holds the weights after the last step; errors is a list of steps
    floats, errors[k] = y - neuron(w_k, x), the error of the weights w_k
    that step k starts from (so errors[0] is the error of the starting w).
    The caller's w is not modified.

    >>> w_final, errors = train_neuron(np.array([0.5, -1.0]), np.array([2.0, 1.0]), 1.0, 0.1, 3)
    >>> [round(float(e), 4) for e in errors]
    [0.5, 0.4378, 0.3849]
    >>> w_final.shape, np.allclose(w_final, [0.7645, -0.8677], atol=1e-4)
    ((2,), True)
    """
    # BEGIN SOLUTION
    errors = []
    for _ in range(steps):
        # The error is measured before the step, with the weights it judges.
        errors.append(y - neuron(w, x))
        w = neuron_step(w, x, y, learning_rate)
    return w, errors
    # END SOLUTION


def train_logic(X: np.ndarray, y: np.ndarray, learning_rate: float, epochs: int) -> tuple[np.ndarray, float]:
    """Train a neuron with a bias on a truth table, one example at a time.

    X of shape (m, n), one example per row, entries 0.0 and 1.0 (m 1..8,
    n 1..3); y of shape (m,), entries 0.0 and 1.0; learning_rate in
    [0.01, 2]; epochs 1..300. Start from w = zeros (n,) and b = 0.0. One
    epoch visits the rows of X in order, i = 0, 1, ..., m - 1, and after
    each row updates both parameters with that row's error:

        error = y[i] - sigmoid(X[i] @ w + b)
        w <- w + learning_rate * error * X[i],   b <- b + learning_rate * error

    (each row's error uses the w and b left by the row before). Returns
    ``(w, b)`` after the last epoch: w a float64 array of shape (n,), b a
    float. X and y are not modified.

    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> w, b = train_logic(X, np.array([0.0, 0.0, 0.0, 1.0]), 0.5, 1)
    >>> w.shape, np.allclose(w, [0.1801, 0.1536], atol=1e-4), round(float(b), 4)
    ((2,), True, -0.2888)
    """
    # BEGIN SOLUTION
    m, n = X.shape
    # The bias is a weight whose input is always 1: give every row that extra
    # input, and a neuron with a bias is neuron_step on n + 1 weights.
    X_and_1 = np.column_stack([X, np.ones(m)])  # (m, n + 1)
    w_and_b = np.zeros(n + 1)
    for _ in range(epochs):
        for i in range(m):  # online: each row's step uses the weights the row before left
            w_and_b = neuron_step(w_and_b, X_and_1[i], y[i], learning_rate)
    return w_and_b[:n], float(w_and_b[n])
    # END SOLUTION


def predict_logic(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """The neuron's answers on every row of X: 1.0 where sigmoid(X @ w + b) > 0.5, else 0.0.

    w of shape (n,), b a float, X of shape (m, n) (m 1..8, n 1..3; b and
    the entries of w and X in [-5, 5]). Returns a float64 array of shape
    (m,), one answer per row. Exactly at sigmoid(...) == 0.5, that is at
    X[i] @ w + b == 0, the answer is 0.0. The grader never uses inputs with
    0 < |X[i] @ w + b| < 1e-9, where sigmoid rounds to 0.5 in float64.

    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> answers = predict_logic(np.array([1.0, 1.0]), -1.5, X)
    >>> answers.shape, answers.dtype, np.array_equal(answers, [0.0, 0.0, 0.0, 1.0])
    ((4,), dtype('float64'), True)
    """
    # BEGIN SOLUTION
    z = X @ w + b  # (m, n) @ (n,) -> (m,): one z per row, no loop
    # A comparison gives booleans; the answers are the floats 0.0 and 1.0.
    return (sigmoid(z) > 0.5).astype(np.float64)
    # END SOLUTION
