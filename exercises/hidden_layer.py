"""hidden_layer — a network with one tanh hidden layer, trained by backpropagation; it learns XOR.

Lesson: docs/lessons/hidden_layer.md.  Check your work with `gradwork check hidden_layer`.
Imports: numpy and the Python standard library only (the grader has no other package).

Column convention, as in vectorized_gradients: one example per column. X has
shape (n_x, m), the labels Y have shape (1, m) and hold 0.0 or 1.0. The
network has n_h hidden units; its parameters are a dict with exactly the
four keys

    params["W1"]  (n_h, n_x)        params["b1"]  (n_h, 1)
    params["W2"]  (1, n_h)          params["b2"]  (1, 1)

and the gradients a dict with exactly the keys "dW1", "db1", "dW2", "db2",
each of the shape of its parameter. All arrays are float64.

Forward (one column per example all the way through):

    Z1 = W1 @ X + b1          (n_h, m)   b1 is broadcast to every column
    A1 = tanh(Z1)             (n_h, m)   the hidden layer
    Z2 = W2 @ A1 + b2         (1, m)
    A2 = sigmoid(Z2)          (1, m)     the predicted probabilities
    cost = -(1/m) * sum(Y * log(A2) + (1 - Y) * log(1 - A2))

Backward (the chain rule, from the cost back to every parameter):

    dZ2 = A2 - Y                               (1, m)
    dW2 = dZ2 @ A1.T / m                       (1, n_h)
    db2 = the sum of dZ2 over the examples / m (1, 1)
    dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)         (n_h, m)   tanh'(z) = 1 - tanh(z)**2
    dW1 = dZ1 @ X.T / m                        (n_h, n_x)
    db1 = the sum of dZ1 over the examples / m (n_h, 1)

You need the sigmoid 1 / (1 + exp(-z)), applied elementwise: write it as a
small helper at the top of this module (it is not graded on its own), or
import the one you wrote earlier: `from .forward_pass import sigmoid`. The grader
draws n_x 1..3, n_h 1..4, m 1..8, X and W1 and b1 with entries in [-2, 2],
and keeps every |Z2| <= 15 (at every iterate of train, too), so the plain
formula is safe there and 0 < A2 < 1.

forward, cost and backward are *vectorised*: no Python loop over the
examples or over the entries of an array. update may loop over the four keys
of params, gradient_check over the parameter entries and train over the
iterations: those loops are the algorithms, and are fine.
"""

from __future__ import annotations

import numpy as np

KEYS = ("W1", "b1", "W2", "b2")  # the four parameters, in a fixed order


def forward(X: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The forward pass over all m examples at once.

    X of shape (n_x, m); params as in the module docstring (keys "W1", "b1",
    "W2", "b2"). Returns ``(A2, cache)``: A2 of shape (1, m), the predicted
    probabilities, and cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    (exactly these four keys; Z1 and A1 of shape (n_h, m), Z2 and A2 of
    shape (1, m)), which backward reads. Neither X nor params is modified.

    >>> X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    >>> params = {"W1": np.array([[1.0, -2.0], [-1.5, 1.0], [0.5, 0.5]]),
    ...           "b1": np.array([[0.5], [0.0], [-1.0]]),
    ...           "W2": np.array([[1.0, 2.0, -1.0]]), "b2": np.array([[0.5]])}
    >>> A2, cache = forward(X, params)
    >>> A2.shape, sorted(cache), cache["Z1"].shape, cache["A1"].shape
    ((1, 4), ['A1', 'A2', 'Z1', 'Z2'], (3, 4), (3, 4))
    >>> np.round(A2, 4).tolist()
    [[0.8486, 0.8292, 0.5142, 0.2919]]
    """
    # TODO(hidden_layer): implement forward.
    raise NotImplementedError('hidden_layer: forward() is not implemented yet (`gradwork hint hidden_layer` helps)')


def cost(A2: np.ndarray, Y: np.ndarray) -> float:
    """The cross-entropy cost -(1/m) * sum(Y * log(A2) + (1 - Y) * log(1 - A2)).

    A2 of shape (1, m) with 0 < A2 < 1 (entries in [1e-6, 1 - 1e-6]); Y of
    shape (1, m) holding 0.0 and 1.0. Returns one number: a Python float,
    an np.float64 or a 0-d array, not an array of shape (1, 1).

    >>> round(float(cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]]))), 4)
    0.2798
    """
    # TODO(hidden_layer): implement cost.
    raise NotImplementedError('hidden_layer: cost() is not implemented yet (`gradwork hint hidden_layer` helps)')


def backward(params: dict[str, np.ndarray], cache: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    """Backpropagation: the gradients of the cost with respect to every parameter.

    params, X and Y as in forward and cost; cache is what forward(X, params)
    returned (backward reads cache["A1"] and cache["A2"]). Returns
    {"dW1": (n_h, n_x), "db1": (n_h, 1), "dW2": (1, n_h), "db2": (1, 1)},
    each gradient with the shape of its parameter (db2 is a (1, 1) array,
    like b2). Nothing passed in is modified.

    >>> X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    >>> params = {"W1": np.array([[1.0, -2.0], [-1.5, 1.0], [0.5, 0.5]]),
    ...           "b1": np.array([[0.5], [0.0], [-1.0]]),
    ...           "W2": np.array([[1.0, 2.0, -1.0]]), "b2": np.array([[0.5]])}
    >>> grads = backward(params, forward(X, params)[1], X, Y)
    >>> sorted(grads), [grads[k].shape for k in ("dW1", "db1", "dW2", "db2")]
    (['dW1', 'dW2', 'db1', 'db2'], [(3, 2), (3, 1), (1, 3), (1, 1)])
    >>> np.round(grads["dW2"], 4).tolist(), np.round(grads["db2"], 4).tolist()
    ([[-0.007, 0.0437, -0.0857]], [[0.121]])
    """
    # TODO(hidden_layer): implement backward.
    raise NotImplementedError('hidden_layer: backward() is not implemented yet (`gradwork hint hidden_layer` helps)')


def update(params: dict[str, np.ndarray], grads: dict[str, np.ndarray], learning_rate: float) -> dict[str, np.ndarray]:
    """One step of gradient descent: a new dict with params[k] - learning_rate * grads["d" + k].

    params has the keys "W1", "b1", "W2", "b2" (shapes as in the module
    docstring), grads the keys "dW1", "db1", "dW2", "db2" with the same
    shapes, as backward returns them (both with any entries in [-5, 5]); learning_rate
    in [1e-4, 10]. Returns a new dict with the four keys of params, each a
    new array of its parameter's shape. The caller's params (the dict and
    its arrays) and grads are not modified.

    >>> params = {"W1": np.array([[1.0], [-1.0]]), "b1": np.zeros((2, 1)),
    ...           "W2": np.array([[0.5, 0.5]]), "b2": np.array([[0.0]])}
    >>> grads = {"dW1": np.array([[0.2], [0.4]]), "db1": np.array([[1.0], [-1.0]]),
    ...          "dW2": np.array([[0.0, 2.0]]), "db2": np.array([[-1.0]])}
    >>> new = update(params, grads, 0.5)
    >>> np.allclose(new["W1"], [[0.9], [-1.2]]), np.allclose(new["W2"], [[0.5, -0.5]])
    (True, True)
    >>> np.allclose(new["b2"], [[0.5]]), np.allclose(params["W1"], [[1.0], [-1.0]])
    (True, True)
    >>> sorted(new), new["b1"].shape
    (['W1', 'W2', 'b1', 'b2'], (2, 1))
    """
    # TODO(hidden_layer): implement update.
    raise NotImplementedError('hidden_layer: update() is not implemented yet (`gradwork hint hidden_layer` helps)')


def gradient_check(params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray, grads: dict[str, np.ndarray], epsilon: float = 1e-7) -> float:
    """How far grads are from the slopes of the cost: a relative error, a float.

    For every entry theta of every parameter (W1, b1, W2, b2), the slope of
    J = cost(forward(X, params)[0], Y) is estimated by central differences,

        approx = (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon),

    with every other entry left as it is. With g the entries of grads and
    g_approx the estimates (both taken over all the entries, in the same
    order), returns

        ||g - g_approx|| / (||g|| + ||g_approx||)      (|| || the Euclidean norm)

    About 1e-7 or less: grads are right; 1e-3 or more: there is a bug.
    Use your own forward and cost. params, X and Y as in forward and cost;
    grads a dict as backward returns (any values, not all zero); epsilon in
    [1e-7, 1e-2]. params, grads, X and Y are not modified.

    >>> X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    >>> params = {"W1": np.array([[1.0, -2.0], [-1.5, 1.0], [0.5, 0.5]]),
    ...           "b1": np.array([[0.5], [0.0], [-1.0]]),
    ...           "W2": np.array([[1.0, 2.0, -1.0]]), "b2": np.array([[0.5]])}
    >>> grads = backward(params, forward(X, params)[1], X, Y)
    >>> float(gradient_check(params, X, Y, grads)) < 1e-7
    True
    >>> doubled = {k: 2 * g for k, g in grads.items()}
    >>> round(float(gradient_check(params, X, Y, doubled)), 6)
    0.333333
    """
    # TODO(hidden_layer): implement gradient_check.
    raise NotImplementedError('hidden_layer: gradient_check() is not implemented yet (`gradwork hint hidden_layer` helps)')


def train(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray], num_iterations: int, learning_rate: float) -> tuple[dict[str, np.ndarray], list[float]]:
    """Gradient descent on the network, from the starting params given.

    Each iteration: A2, cache = forward(X, params); record cost(A2, Y);
    grads = backward(params, cache, X, Y); params = update(params, grads,
    learning_rate). num_iterations 1..500, learning_rate in [1e-3, 2];
    shapes as in forward. Returns ``(params, costs)``: the params after the
    last step (a dict with the four keys) and a list of the num_iterations
    costs, each a float or an np.float64 (costs[0] is the cost of the
    starting params). The caller's params are not modified.

    >>> X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    >>> params = {"W1": np.array([[1.0, -2.0], [-1.5, 1.0], [0.5, 0.5]]),
    ...           "b1": np.array([[0.5], [0.0], [-1.0]]),
    ...           "W2": np.array([[1.0, 2.0, -1.0]]), "b2": np.array([[0.5]])}
    >>> trained, costs = train(X, Y, params, 3, 1.0)
    >>> len(costs), [round(float(c), 4) for c in costs]
    (3, [0.7713, 0.5917, 0.542])
    """
    # TODO(hidden_layer): implement train.
    raise NotImplementedError('hidden_layer: train() is not implemented yet (`gradwork hint hidden_layer` helps)')
