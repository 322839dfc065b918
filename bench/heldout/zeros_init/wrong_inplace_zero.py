# mistake: zeroed the parameters in place and returned the same arrays (params modified, memory shared)
# function: zeros_like_params
"""zeros_init — start every parameter at zero.

Lesson: docs/lessons/zeros_init.md.  Check your work with `gradwork check zeros_init`.
Imports: numpy and the Python standard library only (the grader has no other package).

Two conventions appear in this course, and the shapes tell them apart:

* row convention, one example per row: ``y = x @ W + b`` with W of shape
  (n_in, n_out) and b of shape (n_out,);
* column convention, one example per column (logistic regression):
  ``z = w.T @ X + b`` with w of shape (n_x, 1) and a scalar b.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """Zero weights and bias of one dense layer (row convention, y = x @ W + b).

    Returns ``(W, b)``: W of shape (n_in, n_out) and b of shape (n_out,),
    both float64 and all zeros.

    >>> W, b = init_zeros(2, 3)
    >>> W.shape, b.shape
    ((2, 3), (3,))
    """
    return np.zeros((n_in, n_out)), np.zeros(n_out)


def init_logistic_zeros(n_x: int) -> tuple[np.ndarray, float]:
    """Zero parameters of logistic regression (column convention, z = w.T @ X + b).

    Returns ``(w, b)``: w of shape (n_x, 1), float64 zeros, and b == 0.0 as a
    Python float (not an array).

    >>> w, b = init_logistic_zeros(3)
    >>> w.shape, float(b)
    ((3, 1), 0.0)
    """
    # (n_x, 1), not (n_x,): a rank-1 array would make w.T @ X silently wrong.
    return np.zeros((n_x, 1)), 0.0


def init_network_zeros(layer_sizes: Sequence[int]) -> dict[str, np.ndarray]:
    """Zero parameters of a network with layer sizes [n_0, n_1, ..., n_L], L >= 1.

    Returns exactly the keys "W1".."WL" and "b1".."bL", with W_l of shape
    (n_{l-1}, n_l) and b_l of shape (n_l,), all float64 zeros.

    >>> params = init_network_zeros([2, 3, 1])
    >>> {k: params[k].shape for k in sorted(params)}
    {'W1': (2, 3), 'W2': (3, 1), 'b1': (3,), 'b2': (1,)}
    """
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"], params[f"b{layer}"] = init_zeros(layer_sizes[layer - 1], layer_sizes[layer])
    return params


def zeros_like_params(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A zero array under "d" + k for every key k of params (room for gradients).

    Each new array has params[k]'s shape and dtype. params is not modified,
    and no returned array shares memory with it.

    >>> grads = zeros_like_params({"W1": np.ones((2, 3), dtype=np.float32)})
    >>> list(grads), grads["dW1"].shape, grads["dW1"].dtype
    (['dW1'], (2, 3), dtype('float32'))
    """
    grads = {}
    for k in params:
        params[k][...] = 0
        grads["d" + k] = params[k]
    return grads
