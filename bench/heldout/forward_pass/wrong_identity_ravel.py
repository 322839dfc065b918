# mistake: identity flattens its input with ravel(), so a batch (batch, n) comes back 1-D
# function: identity
"""forward_pass — the forward pass of a small fully connected network.

Lesson: docs/lessons/forward_pass.md.  Check your work with `gradwork check forward_pass`.
Imports: numpy and the Python standard library only (the grader has no other package).

The row convention of this course: one example is a row vector x, and a layer
computes ``activation(x @ W + b)`` with W of shape (n_in, n_out) and b of
shape (n_out,). A batch is a matrix with one example per row; ``@`` and
broadcasting handle it without any change to the code.

The example network (2 inputs, hidden layers of 3 and 2 units, 2 outputs)
uses the sigmoid on its hidden layers and the identity on its output layer.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic sigmoid 1 / (1 + exp(-z)), elementwise; same shape as z.

    z has 0 to 3 dimensions. The result must stay finite and numpy must raise
    no floating-point warning (overflow, invalid value) for |z| up to 1e4:
    np.exp(1e4) is already inf in float64.

    >>> s = sigmoid(np.array([-1.0, 0.0, 2.0]))
    >>> s.shape, np.allclose(s, [0.26894142, 0.5, 0.88079708])
    ((3,), True)
    >>> np.allclose(sigmoid(np.array([-1e4, 1e4])), [0.0, 1.0])
    True
    """
    # exp(-|z|) lies in (0, 1], so neither branch can overflow; np.where
    # evaluates both, which is why the naive 1 / (1 + exp(-z)) is not used.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def identity(z: np.ndarray) -> np.ndarray:
    """The identity, the output activation of a regression network: z's values.

    Same shape, same dtype (float64), same values as z.

    >>> identity(np.array([0.3, -1.5]))
    array([ 0.3, -1.5])
    """
    return np.asarray(z).ravel()


def init_network() -> dict[str, np.ndarray]:
    """The fixed example network with layer sizes 2-3-2-2.

    Returns the dict with exactly these float64 arrays:

        W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]   b1 = [0.1, 0.2, 0.3]
        W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]  b2 = [0.1, 0.2]
        W3 = [[0.1, 0.3], [0.2, 0.4]]              b3 = [0.1, 0.2]

    W_l has shape (units of layer l-1, units of layer l).

    >>> network = init_network()
    >>> {k: network[k].shape for k in sorted(network)}
    {'W1': (2, 3), 'W2': (3, 2), 'W3': (2, 2), 'b1': (3,), 'b2': (2,), 'b3': (2,)}
    """
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }


def dense(x: np.ndarray, W: np.ndarray, b: np.ndarray,
          activation: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """One fully connected layer: activation(x @ W + b).

    x has shape (n_in,) (one example) or (batch, n_in) (one example per row);
    W has shape (n_in, n_out) and b shape (n_out,). The result has shape
    (n_out,) or (batch, n_out). ``activation`` is any elementwise function,
    e.g. sigmoid, identity or np.tanh.

    >>> x, W, b = np.array([1.0, 0.5]), np.array([[0.1, 0.3], [0.2, 0.4]]), np.array([0.1, 0.2])
    >>> np.allclose(dense(x, W, b, np.tanh), [0.29131261, 0.60436778])
    True
    >>> dense(np.array([x, x, x]), W, b, np.tanh).shape   # a batch of 3 examples
    (3, 2)
    """
    # Broadcasting adds b to every row, so one line serves one example and a batch.
    return activation(x @ W + b)


def forward(network: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """The forward pass: the network's output for x.

    The network has L = len(network) // 2 layers, stored as "W1".."WL" and
    "b1".."bL" (L is 1 to 4 here, not always 3). Every hidden layer uses the
    sigmoid, the output layer L uses the identity. x of shape (n_0,) gives a
    result of shape (n_L,); x of shape (batch, n_0) gives (batch, n_L).
    The network and x are not modified.

    >>> y = forward(init_network(), np.array([1.0, 0.5]))
    >>> y.shape, np.allclose(y, [0.31682708, 0.69627909])
    ((2,), True)
    >>> forward(init_network(), np.array([[1.0, 0.5], [0.0, 0.0]])).shape
    (2, 2)
    """
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == layers else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a
