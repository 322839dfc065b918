"""Correct implementations of hidden_layer written differently: each must pass.

They prove the properties no stricter than the contract: other numpy
functions (np.dot, einsum, tanh from exponentials, log1p), 1/m applied early,
tanh's slope from Z1, loops where loops are allowed, other return forms.
"""

import numpy as np

from graders.engine.variants import alternative


@alternative("forward", "np.dot everywhere, tanh from exponentials, sigmoid through tanh")
def forward_dot_exp(X, params):
    Z1 = np.dot(params["W1"], X) + params["b1"]
    e = np.exp(-2 * Z1)
    A1 = (1 - e) / (1 + e)  # tanh(z), finite for |z| <= 14
    Z2 = np.dot(params["W2"], A1) + params["b2"]
    A2 = 0.5 * (1 + np.tanh(Z2 / 2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


@alternative("forward", "einsum, a cache built with dict(), returned as a list")
def forward_einsum(X, params):
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    Z1 = np.einsum("hx,xm->hm", W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.einsum("oh,hm->om", W2, A1) + b2
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    return [A2, dict(Z1=Z1, A1=A1, Z2=Z2, A2=A2)]


@alternative("cost", "np.where per label with log1p, the mean as a 0-d array")
def cost_where_log1p(A2, Y):
    losses = np.where(Y == 1.0, -np.log(A2), -np.log1p(-A2))
    return np.squeeze(np.mean(losses, keepdims=True))


@alternative("backward", "1/m folded into dZ2, tanh's slope from Z1 as 1 / cosh(Z1)**2")
def backward_scaled_cosh(params, cache, X, Y):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m  # the 1/m travels back with the error
    dW2 = dZ2 @ cache["A1"].T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dZ1 = params["W2"].T @ dZ2 / np.cosh(cache["Z1"]) ** 2
    dW1 = dZ1 @ X.T
    db1 = dZ1.sum(axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@alternative("backward", "np.dot and np.mean, the slope as 1 - np.tanh(Z1)**2, keys written in another order")
def backward_mean(params, cache, X, Y):
    dZ2 = cache["A2"] - Y
    dZ1 = np.dot(params["W2"].T, dZ2) * (1 - np.tanh(cache["Z1"]) ** 2)
    return {
        "db2": np.mean(dZ2, axis=1, keepdims=True),
        "dW2": np.dot(dZ2, cache["A1"].T) / X.shape[1],
        "db1": np.mean(dZ1, axis=1).reshape(-1, 1),
        "dW1": np.dot(dZ1, X.T) / X.shape[1],
    }


@alternative("backward", "einsum for every product, outer-product form of W2.T @ dZ2")
def backward_einsum(params, cache, X, Y):
    m = X.shape[1]
    A1, dZ2 = cache["A1"], cache["A2"] - Y
    dZ1 = params["W2"].reshape(-1, 1) * dZ2 * (1 - A1 * A1)
    return {
        "dW1": np.einsum("hm,xm->hx", dZ1, X) / m,
        "db1": np.einsum("hm->h", dZ1)[:, None] / m,
        "dW2": np.einsum("om,hm->oh", dZ2, A1) / m,
        "db2": np.einsum("om->o", dZ2)[:, None] / m,
    }


@alternative("update", "a for loop over the keys filling a new dict")
def update_loop(params, grads, learning_rate):
    new = {}
    for key, value in params.items():
        new[key] = value - learning_rate * grads["d" + key]
    return new


@alternative("gradient_check", "one flat vector of all the parameters (DLS style), perturbed entry by entry")
def gradient_check_flat(params, X, Y, grads, epsilon=1e-7):
    keys = ["W1", "b1", "W2", "b2"]
    shapes = [params[k].shape for k in keys]
    sizes = [params[k].size for k in keys]
    theta = np.concatenate([params[k].reshape(-1) for k in keys])
    g = np.concatenate([grads["d" + k].reshape(-1) for k in keys])

    def as_params(vector):
        pieces = np.split(vector, np.cumsum(sizes)[:-1])
        return {k: piece.reshape(shape) for k, piece, shape in zip(keys, pieces, shapes)}

    def J(vector):
        return cost(forward(X, as_params(vector))[0], Y)

    approx = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        approx[i] = (J(plus) - J(minus)) / (2 * epsilon)
    numerator = np.sqrt(np.sum((g - approx) ** 2))
    denominator = np.sqrt(np.sum(g**2)) + np.sqrt(np.sum(approx**2))
    return numerator / denominator


@alternative("gradient_check", "moves the caller's own entries in place and assigns each saved value back (so they end exactly as they began)")
def gradient_check_restore(params, X, Y, grads, epsilon=1e-7):
    diff = norm_g = norm_a = 0.0
    for key in params:
        array = params[key]
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + epsilon
            J_plus = cost(forward(X, params)[0], Y)
            array[index] = saved - epsilon
            J_minus = cost(forward(X, params)[0], Y)
            array[index] = saved  # the saved value, not saved - epsilon + epsilon
            slope = (J_plus - J_minus) / (2 * epsilon)
            exact = grads["d" + key][index]
            diff += (exact - slope) ** 2
            norm_g += exact**2
            norm_a += slope**2
    return float(np.sqrt(diff) / (np.sqrt(norm_g) + np.sqrt(norm_a)))


@alternative("train", "a while loop, costs as np.float64")
def train_while(X, Y, params, num_iterations, learning_rate):
    costs = []
    i = 0
    while i < num_iterations:
        A2, cache = forward(X, params)
        costs.append(np.float64(cost(A2, Y)))
        params = update(params, backward(params, cache, X, Y), learning_rate)
        i += 1
    return params, costs


@alternative("train", "copies the starting params once, then steps the copies in place")
def train_copy_in_place(X, Y, params, num_iterations, learning_rate):
    params = {k: v.copy() for k, v in params.items()}
    costs = []
    for _ in range(num_iterations):
        A2, cache = forward(X, params)
        costs.append(float(cost(A2, Y)))
        grads = backward(params, cache, X, Y)
        for k in params:
            params[k] -= learning_rate * grads["d" + k]
    return params, costs
