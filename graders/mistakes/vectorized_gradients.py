"""Known mistakes in vectorized_gradients, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Each runs in the reference module, so
``sigmoid`` and ``propagate`` below are the reference ones.
"""

import numpy as np

from graders.engine.variants import mistake


# -- propagate ------------------------------------------------------------------
@mistake("propagate", "m = X.shape[0]: divided by the number of features instead of the number of examples",
         advice="Examples are the columns of X: m = X.shape[1]. X.shape[0] is n_x, the number of features.")
def propagate_m_from_rows(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(w.T @ X + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "dw without the 1/m (a sum over the examples, not an average)",
         advice="dw is an average over the m examples like the cost: X @ (A - Y).T / m.")
def propagate_dw_sum(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "db without the 1/m (a sum over the examples, not an average)",
         advice="db is an average over the m examples: np.sum(A - Y) / m.")
def propagate_db_sum(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ))}, float(cost)


@mistake("propagate", "the cost is summed over the examples instead of averaged (missing 1/m)",
         advice="The cost is the mean loss: -(1/m) * np.sum(...), or np.mean(...).")
def propagate_cost_sum(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "db is a (1, 1) array (np.sum with keepdims) instead of a float",
         advice="db is one number: np.sum(A - Y) / m without axis/keepdims, or wrap it in float(...).")
def propagate_db_array(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": np.sum(dZ, axis=1, keepdims=True) / m}, float(cost)


@mistake("propagate", "db is a (1,) array (np.sum(..., axis=1)) instead of a float",
         advice="db is one number: np.sum(A - Y) / m with no axis, or wrap it in float(...).")
def propagate_db_rank1(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": np.sum(dZ, axis=1) / m}, float(cost)


@mistake("propagate", "the cost is a (1, 1) array (np.dot of a row with a column) instead of a float",
         advice="np.dot(Y, np.log(A).T) is a (1, 1) matrix; turn the cost into a number with float(...) or np.squeeze(...).")
def propagate_cost_array(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, cost


@mistake("propagate", "dw is a (1, n_x) row: (A - Y) @ X.T instead of X @ (A - Y).T",
         advice="dw has w's shape (n_x, 1): X @ (A - Y).T, i.e. (n_x, m) @ (m, 1).")
def propagate_dw_row(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": dZ @ X.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "dZ = Y - A: the gradients point the wrong way",
         advice="The derivative of the cost with respect to z is A - Y (prediction minus label), not Y - A.")
def propagate_sign(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = Y - A
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "the cost is missing its minus sign (it comes out negative)",
         advice="log(A) and log(1 - A) are negative, so the cost needs the leading minus: -(1/m) * sum(...).")
def propagate_cost_sign(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "the cost has only the y = 1 term, -mean(Y * log(A))",
         advice="Examples with y = 0 cost -log(1 - A): add (1 - Y) * np.log(1 - A) inside the mean.")
def propagate_cost_half(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "b is left out of the forward pass (A = sigmoid(w.T @ X))",
         advice="z = w.T @ X + b: broadcasting adds the float b to every example.")
def propagate_no_bias(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "a Python loop over the m examples", diagnose=False,
         advice="Compute all m examples at once: A = sigmoid(w.T @ X + b), dw = X @ (A - Y).T / m.")
def propagate_loop(w, b, X, Y):
    n_x, m = X.shape
    dw = np.zeros((n_x, 1))
    db = 0.0
    cost = 0.0
    for i in range(m):
        a = sigmoid(float(w[:, 0] @ X[:, i]) + b)
        y = Y[0, i]
        cost -= y * np.log(a) + (1 - y) * np.log(1 - a)
        dw += X[:, i : i + 1] * (a - y)
        db += a - y
    return {"dw": dw / m, "db": float(db / m)}, float(cost / m)


# -- optimize ------------------------------------------------------------------------
@mistake("optimize", "one iteration too few (range(1, num_iterations) or range(num_iterations - 1))",
         advice="range(num_iterations) runs exactly num_iterations times; range(1, num_iterations) and range(num_iterations - 1) run one time fewer.")
def optimize_one_short(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    grads = None
    for i in range(1, num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "one iteration too many (range(num_iterations + 1))",
         advice="range(num_iterations) runs exactly num_iterations times, giving num_iterations costs.")
def optimize_one_long(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations + 1):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "records the cost after the update (the cost of the next iterate)",
         advice="Append the cost that propagate returned before the step: costs[0] is the cost of the starting w and b.")
def optimize_cost_after_step(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, _ = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        _, cost = propagate(w, b, X, Y)
        costs.append(cost)
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "returns the gradients at the final w and b instead of those of the last iteration",
         advice="Return the grads that the last iteration used for its step; do not call propagate again after the loop.")
def optimize_grads_after_loop(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    grads, _ = propagate(w, b, X, Y)
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "steps uphill (w + learning_rate * dw): gradient ascent",
         advice="The gradient points uphill; descend with w = w - learning_rate * dw and b = b - learning_rate * db.")
def optimize_ascent(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w + learning_rate * grads["dw"]
        b = b + learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "b is never updated",
         advice="Update both parameters every iteration: b = b - learning_rate * db as well as w.")
def optimize_fixed_b(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "b is updated without the learning rate (b = b - db)",
         advice="Both steps are scaled by the learning rate: b = b - learning_rate * db.")
def optimize_b_no_rate(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - grads["db"]
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "records the cost only every 100 iterations",
         advice="Here costs holds one cost per iteration: append it every time, with no `if i % 100 == 0`.")
def optimize_costs_every_100(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "params returned as a tuple (w, b) instead of a dict {'w': w, 'b': b}",
         advice="Return params = {'w': w, 'b': b}, a dict, so callers can look the parameters up by name.")
def optimize_params_tuple(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return (w, b), grads, costs


@mistake("optimize", "updates w in place (w -= ...), changing the caller's w", diagnose=False,
         advice="w -= ... writes into the caller's array; w = w - learning_rate * dw makes a new one.")
def optimize_in_place(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


# -- predict ---------------------------------------------------------------------------
@mistake("predict", "predicts 1.0 where z = 0 (A exactly 0.5): A >= 0.5 instead of A > 0.5",
         advice="At z = 0 the sigmoid is exactly 0.5 and the prediction is 0.0: use A > 0.5, not A >= 0.5. If you wrote > 0.5 already, "
                "check your sigmoid at 0: 1 / (1 + np.exp(-0.0)) must be exactly 0.5.")
def predict_ge(w, b, X):
    return (sigmoid(w.T @ X + b) >= 0.5).astype(np.float64)


@mistake("predict", "thresholds z at 0.5 instead of sigmoid(z)",
         advice="0.5 is the threshold for the probability A = sigmoid(z); for z itself it is 0. Apply the sigmoid first.")
def predict_threshold_z(w, b, X):
    return (w.T @ X + b > 0.5).astype(np.float64)


@mistake("predict", "b is left out (sigmoid(w.T @ X))",
         advice="z = w.T @ X + b: the bias shifts every example's score.")
def predict_no_bias(w, b, X):
    return (sigmoid(w.T @ X) > 0.5).astype(np.float64)


@mistake("predict", "returns booleans (A > 0.5) instead of 0.0/1.0 floats",
         advice="A comparison gives a bool array; convert it: (A > 0.5).astype(np.float64).")
def predict_bool(w, b, X):
    return sigmoid(w.T @ X + b) > 0.5


@mistake("predict", "returns integer labels (np.where(A > 0.5, 1, 0))",
         advice="np.where(A > 0.5, 1, 0) makes integers; use 1.0 and 0.0, or .astype(np.float64).")
def predict_int(w, b, X):
    return np.where(sigmoid(w.T @ X + b) > 0.5, 1, 0)


@mistake("predict", "returns a rank-1 array of shape (m,) instead of (1, m)",
         advice="Keep the (1, m) row that w.T @ X + b gives; do not ravel/flatten or index [0] the result.")
def predict_rank1(w, b, X):
    return (sigmoid(w.T @ X + b) > 0.5).astype(np.float64).ravel()


@mistake("predict", "a Python loop over the m examples", diagnose=False,
         advice="Compare the whole (1, m) row at once: (A > 0.5).astype(np.float64).")
def predict_loop(w, b, X):
    A = sigmoid(w.T @ X + b)
    Y_prediction = np.zeros((1, X.shape[1]))
    for i in range(A.shape[1]):
        Y_prediction[0, i] = 1.0 if A[0, i] > 0.5 else 0.0
    return Y_prediction


# -- more mistakes seen in the user study ------------------------------------------
@mistake("propagate", "X.T @ w (the row convention): A comes out (m, 1) and broadcasts against Y to (m, m)",
         advice="Here examples are the columns of X: z = w.T @ X + b, (1, n_x) @ (n_x, m) = (1, m). X.T @ w is an (m, 1) column, "
                "and (m, 1) - (1, m) broadcasts to an (m, m) matrix.")
def propagate_row_convention(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(X.T @ w + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "w @ X without the transpose: (n_x, 1) @ (n_x, m)",
         advice="w is a column (n_x, 1); to meet X (n_x, m) it must be a row: z = w.T @ X + b, (1, n_x) @ (n_x, m) = (1, m). "
                "w @ X only works when n_x == 1.")
def propagate_w_no_transpose(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "dw = X @ dZ without the transpose of dZ: (n_x, m) @ (1, m)",
         advice="dZ = A - Y is a (1, m) row; dw = X @ dZ.T / m multiplies (n_x, m) by (m, 1) and gives (n_x, 1) like w.")
def propagate_dz_no_transpose(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "sigmoid written with math.exp, which takes one number, not an array",
         advice="math.exp accepts a single number, so a (1, m) array raises \"only 0-dimensional arrays can be converted to Python scalars\". "
                "Use np.exp in your sigmoid: 1 / (1 + np.exp(-z)) works on whole arrays.")
def propagate_math_exp(w, b, X, Y):
    import math

    m = X.shape[1]
    A = 1 / (1 + math.exp(-(w.T @ X + b)))
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "integer division in the cost: -(1 // m) is 0 for every m > 1",
         advice="1 // m is floor division, which is 0 as soon as m > 1. Write -(1 / m) * np.sum(...), or -np.mean(...).")
def propagate_floor_division(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -(1 // m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "b added after the sigmoid: A = sigmoid(w.T @ X) + b",
         advice="b is part of z, inside the sigmoid: A = sigmoid(w.T @ X + b). Added afterwards, A is no longer a probability.")
def propagate_bias_after_sigmoid(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X) + b
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("propagate", "db summed over axis=0: one value per example, shape (m,)",
         advice="db sums dZ over all m examples into one number: np.sum(A - Y) / m, with no axis. axis=0 sums each (one-element) column.")
def propagate_db_axis0(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": np.sum(dZ, axis=0) / m}, float(cost)


@mistake("propagate", "returns (cost, grads) instead of (grads, cost)",
         advice="The order is fixed by the caller, grads, cost = propagate(w, b, X, Y): return grads, cost.")
def propagate_swapped_return(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return float(cost), {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}


@mistake("propagate", "the gradient of w stored under the key 'dW' (capital W)",
         advice="Dictionary keys are case-sensitive: the gradients are grads['dw'] and grads['db'].")
def propagate_key_dW(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return {"dW": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("optimize", "the gradients are computed once, before the loop, and reused at every step",
         advice="The gradient changes as w and b move: call propagate(w, b, X, Y) inside the loop, at the start of every iteration.")
def optimize_grads_once(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    grads, cost = propagate(w, b, X, Y)
    for i in range(num_iterations):
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


@mistake("optimize", "the step goes to new names (w_new, b_new), so every iteration starts again from the original w and b",
         advice="Assign the step back to w and b themselves (w = w - learning_rate * dw), so that the next propagate call sees the new values.")
def optimize_new_names(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w_new = w - learning_rate * grads["dw"]
        b_new = b - learning_rate * grads["db"]
    return {"w": w_new, "b": b_new}, grads, costs


@mistake("optimize", "costs returned as a numpy array instead of a list",
         advice="costs is a Python list of floats: append to it and return it as it is, without np.array(costs).")
def optimize_costs_array(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, np.array(costs)


@mistake("optimize", "w steps with dw transposed: (n_x, 1) - (1, n_x) broadcasts to (n_x, n_x)",
         advice="dw already has w's shape (n_x, 1): w = w - learning_rate * grads['dw'], with no .T.")
def optimize_dw_transposed(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"].T
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


@mistake("predict", "X.T @ w (the row convention): an (m, 1) column instead of a (1, m) row",
         advice="Examples are the columns of X: z = w.T @ X + b has shape (1, m). X.T @ w gives the same numbers as an (m, 1) column.")
def predict_row_convention(w, b, X):
    return (sigmoid(X.T @ w + b) > 0.5).astype(np.float64)


@mistake("predict", "w @ X without the transpose: (n_x, 1) @ (n_x, m)",
         advice="w is a column (n_x, 1): z = w.T @ X + b, (1, n_x) @ (n_x, m) = (1, m). w @ X only works when n_x == 1.")
def predict_w_no_transpose(w, b, X):
    return (sigmoid(w @ X + b) > 0.5).astype(np.float64)


@mistake("predict", "returns the probabilities A instead of the 0.0/1.0 labels",
         advice="predict turns each probability into a label: (A > 0.5).astype(np.float64).")
def predict_probabilities(w, b, X):
    return sigmoid(w.T @ X + b)


@mistake("predict", "predicts 1.0 for every example: the threshold test always passes (A > 0, or an A that is never below 0.5)",
         advice="A = sigmoid(z) is always above 0, so the threshold for a probability is 0.5: (A > 0.5). If you wrote that already, "
                "check your sigmoid: 1 / 1 + np.exp(-z) is 1 + np.exp(-z), above 1 everywhere; write 1 / (1 + np.exp(-z)).")
def predict_threshold_zero(w, b, X):
    return (sigmoid(w.T @ X + b) > 0).astype(np.float64)


@mistake("predict", "1.0 if A > 0.5 else 0.0 on the whole array: the truth value of an array is ambiguous",
         advice="An if asks for one True/False, but A > 0.5 is a whole (1, m) array of them. Convert them all at once: (A > 0.5).astype(np.float64).")
def predict_if_on_array(w, b, X):
    A = sigmoid(w.T @ X + b)
    Y_prediction = np.zeros((1, X.shape[1]))
    Y_prediction[0, :] = 1.0 if A[0, :] > 0.5 else 0.0
    return Y_prediction


@mistake("predict", "float32 labels (astype(np.float32))",
         advice="The labels are float64, numpy's default float: .astype(np.float64) (or .astype(float)).")
def predict_float32(w, b, X):
    return (sigmoid(w.T @ X + b) > 0.5).astype(np.float32)


@mistake("propagate", "eps inside the logs of the cost: np.log(A + 1e-8)",
         advice="A is strictly between 0 and 1 for the inputs here, so the cost needs no eps, and + 1e-8 shifts every loss a little: "
                "-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)).")
def propagate_log_eps(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A + 1e-8) + (1 - Y) * np.log(1 - A + 1e-8))
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)


@mistake("predict", "a rank-1 array of shape (m,) instead of a (1, m) row",
         advice="Keep the (1, m) shape of A: (A > 0.5).astype(np.float64) without [0], .ravel() or .flatten().")
def predict_rank1(w, b, X):
    return (sigmoid(w.T @ X + b) > 0.5).astype(np.float64).ravel()


@mistake("predict", "a Python list (.tolist()) instead of a (1, m) array",
         advice="Return the numpy array itself: (A > 0.5).astype(np.float64); .tolist() turns it into nested lists.")
def predict_list(w, b, X):
    return (sigmoid(w.T @ X + b) > 0.5).astype(np.float64).tolist()
