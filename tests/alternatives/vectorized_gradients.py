"""Correct implementations of vectorized_gradients written differently: each must pass."""

import numpy as np

from graders.engine.variants import alternative


@alternative("propagate", "np.dot everywhere, cost as a 0-d array from np.squeeze, db an np.float64")
def propagate_dot_squeeze(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
    cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = (1 / m) * np.sum(A - Y)
    return {"dw": dw, "db": db}, np.squeeze(cost)


@alternative("propagate", "stable cost from the logits with np.logaddexp, einsum for dw")
def propagate_logaddexp(w, b, X, Y):
    Z = np.einsum("ik,im->km", w, X) + b
    # log(1 + e^z) - y z is the cross-entropy of sigmoid(z), exact for any z.
    cost = np.mean(np.logaddexp(0, Z) - Y * Z)
    A = np.exp(-np.logaddexp(0, -Z))
    dZ = A - Y
    dw = np.einsum("im,km->ik", X, dZ) / X.shape[1]
    return {"dw": dw, "db": dZ.mean()}, cost.item()


@alternative("propagate", "sigmoid via tanh, np.where per label, np.matmul, log1p")
def propagate_tanh(w, b, X, Y):
    m = X.shape[1]
    A = 0.5 * (1 + np.tanh((np.matmul(w.T, X) + b) / 2))
    losses = np.where(Y == 1, -np.log(A), -np.log1p(-A))
    dZ = A - Y
    return {"db": float(dZ.sum() / m), "dw": np.matmul(X, dZ.T) / m}, float(losses.sum() / m)


@alternative("propagate", "transposed layout: per-example rows, then back to a column")
def propagate_rows(w, b, X, Y):
    XT, y = X.T, Y.ravel()  # (m, n_x) and (m,)
    a = 1.0 / (1.0 + np.exp(-(XT @ w.ravel() + b)))
    cost = -np.mean(y * np.log(a) + (1.0 - y) * np.log(1.0 - a))
    dw = (XT.T @ (a - y) / len(y)).reshape(-1, 1)
    return {"dw": dw, "db": np.float64(np.mean(a - y))}, np.float64(cost)


@alternative("optimize", "copies w once, then updates the copy in place")
def optimize_copy(w, b, X, Y, num_iterations, learning_rate):
    w = w.copy()
    costs = []
    for _ in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        costs.append(cost)
    return {"w": w, "b": b}, grads, costs


@alternative("optimize", "a while loop and a params dict updated as it goes")
def optimize_while(w, b, X, Y, num_iterations, learning_rate):
    params = {"w": w, "b": b}
    costs = []
    i = 0
    while i < num_iterations:
        grads, cost = propagate(params["w"], params["b"], X, Y)
        costs = costs + [float(cost)]
        params = {"w": params["w"] - learning_rate * grads["dw"], "b": params["b"] - learning_rate * grads["db"]}
        i += 1
    return params, grads, costs


@alternative("predict", "the sign of z instead of the sigmoid (z > 0)")
def predict_sign(w, b, X):
    return (w.T @ X + b > 0).astype(float)


@alternative("predict", "np.where on the probabilities")
def predict_where(w, b, X):
    A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
    return np.where(A > 0.5, 1.0, 0.0)


@alternative("predict", "np.round of the probabilities (0.5 rounds half to even, to 0.0)")
def predict_round(w, b, X):
    return np.round(sigmoid(w.T @ X + b))


@alternative("predict", "np.heaviside of z, 0.0 at z == 0")
def predict_heaviside(w, b, X):
    return np.heaviside(np.dot(w.T, X) + b, 0.0)
