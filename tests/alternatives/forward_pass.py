"""Correct implementations of forward_pass written differently: each must pass."""

import numpy as np

from graders.engine.variants import alternative


@alternative("sigmoid", "tanh form 0.5 * (1 + tanh(z / 2))")
def sigmoid_tanh(z):
    return 0.5 * (1.0 + np.tanh(z / 2.0))


@alternative("sigmoid", "naive formula with overflow silenced by np.errstate")
def sigmoid_errstate(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


@alternative("sigmoid", "exp of minus softplus: np.exp(-np.logaddexp(0, -z))")
def sigmoid_logaddexp(z):
    return np.exp(-np.logaddexp(0.0, -z))


@alternative("sigmoid", "z clipped to [-500, 500] (a new array) before the naive formula")
def sigmoid_clip_wide(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


@alternative("sigmoid", "boolean masks filled into np.empty_like")
def sigmoid_masks(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


@alternative("identity", "a float64 copy")
def identity_copy(z):
    return np.array(z, dtype=np.float64, copy=True)


@alternative("identity", "times one")
def identity_times_one(z):
    return 1.0 * z


@alternative("init_network", "built with np.arange and reshape")
def init_network_arange():
    network = {}
    network["W1"] = np.arange(1, 7).reshape(3, 2).T / 10
    network["b1"] = np.arange(1, 4) / 10
    network["W2"] = np.arange(1, 7).reshape(2, 3).T / 10
    network["b2"] = np.array([1, 2]) / 10
    network["W3"] = np.array([[1, 3], [2, 4]]) / 10
    network["b3"] = np.array([1.0, 2.0]) / 10
    return network


@alternative("dense", "np.dot")
def dense_dot(x, W, b, activation):
    return activation(np.dot(x, W) + b)


@alternative("dense", "np.einsum with an ellipsis for the batch")
def dense_einsum(x, W, b, activation):
    z = np.einsum("...i,ij->...j", x, W)
    return activation(z + b)


@alternative("forward", "the seed's style: explicit matmul, then the activation by name")
def forward_explicit(network, x):
    count = len(network) // 2
    a = x
    for i in range(count):
        z = np.matmul(a, network["W" + str(i + 1)]) + network["b" + str(i + 1)]
        if i < count - 1:
            a = sigmoid(z)
        else:
            a = identity(z)
    return a


@alternative("forward", "a batch computed one row at a time (loops are allowed here)")
def forward_row_by_row(network, x):
    if x.ndim == 2:
        return np.array([forward(network, row) for row in x]).reshape(x.shape[0], -1)
    a = x
    weights = [network[f"W{l}"] for l in range(1, len(network) // 2 + 1)]
    biases = [network[f"b{l}"] for l in range(1, len(network) // 2 + 1)]
    for W, b in zip(weights[:-1], biases[:-1]):
        a = sigmoid(W.T @ a + b)
    return weights[-1].T @ a + biases[-1]


@alternative("sigmoid", "exp(min(z, 0)) / (1 + exp(-|z|)), one formula for both signs")
def sigmoid_min_over_abs(z):
    return np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))


@alternative("dense", "np.tensordot over the last axis of x")
def dense_tensordot(x, W, b, activation):
    return activation(np.tensordot(x, W, axes=1) + b)
