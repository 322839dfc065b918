"""Known mistakes in hidden_layer, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Each runs in the reference module, so
``sigmoid``, ``forward``, ``cost``, ``backward``, ``update`` and ``KEYS``
below are the reference ones.
"""

import numpy as np

from graders.engine.variants import mistake


# -- forward ----------------------------------------------------------------------
@mistake("forward", "the hidden layer uses the sigmoid instead of tanh",
         advice="The hidden layer of this network is A1 = np.tanh(Z1); only the output layer uses the sigmoid, A2 = sigmoid(Z2).")
def forward_sigmoid_hidden(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@mistake("forward", "np.tanh(Z1, out=Z1) writes A1 over Z1: the cache's Z1 is A1, one array under two keys",
         advice="out= reuses Z1's memory, so Z1 is gone and cache['Z1'] is cache['A1']. Make a new array: A1 = np.tanh(Z1).")
def forward_tanh_in_place(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1, out=Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@mistake("forward", "no sigmoid on the output: A2 = Z2",
         advice="The output is a probability: A2 = sigmoid(Z2). Z2 itself can be any number, negative or above 1.")
def forward_no_output_sigmoid(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    return Z2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": Z2}


@mistake("forward", "b1 is left out (Z1 = W1 @ X)",
         advice="Z1 = W1 @ X + b1: b1 has shape (n_h, 1), and broadcasting adds it to every one of the m columns.")
def forward_no_b1(X, params):
    Z1 = params["W1"] @ X
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@mistake("forward", "b2 is left out (Z2 = W2 @ A1)",
         advice="Z2 = W2 @ A1 + b2: the output unit has its own bias, a (1, 1) array added to every column.")
def forward_no_b2(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@mistake("forward", "the output layer reads Z1 instead of A1 (Z2 = W2 @ Z1 + b2): the hidden activation is skipped",
         advice="The second layer takes the hidden layer's activations: Z2 = W2 @ A1 + b2 with A1 = np.tanh(Z1). "
                "Without tanh the two layers collapse into one linear map, which cannot learn XOR.")
def forward_skips_tanh(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ Z1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@mistake("forward", "the cache holds only A1 and A2",
         advice="Return all four: cache = {'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}, so backward (and anyone checking it) can read any of them.")
def forward_cache_two_keys(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"A1": A1, "A2": A2}


# -- cost -------------------------------------------------------------------------------
@mistake("cost", "the cost is a sum over the examples, not a mean (e.g. m = len(Y), which is 1 for a (1, m) row)",
         advice="Divide by the number of examples, m = Y.shape[1] (the columns); len(Y) counts the rows of Y, and Y has one.")
def cost_len_m(A2, Y):
    m = len(Y)
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)


@mistake("cost", "the cost is missing its minus sign (it comes out negative)",
         advice="log(A2) and log(1 - A2) are negative, so the cost needs the leading minus: -(1/m) * np.sum(...).")
def cost_no_minus(A2, Y):
    m = Y.shape[1]
    return float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)


@mistake("cost", "the second term uses log(A2) instead of log(1 - A2)",
         advice="An example with label 0 costs -log(1 - A2): the probability the network gave to 0. Write (1 - Y) * np.log(1 - A2).")
def cost_log_a_twice(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(A2)) / m)


@mistake("cost", "the cost is a (1, 1) array (np.dot of a row with a column) instead of a float",
         advice="np.dot(Y, np.log(A2).T) is a (1, 1) matrix; turn the cost into a number with float(...) or np.squeeze(...).")
def cost_array(A2, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m


@mistake("cost", "np.mean(..., axis=1) returns a (1,) array instead of a float",
         advice="With axis=1 the mean keeps one value per row, an array of shape (1,). Take the mean of everything (no axis), or wrap it in float(...).")
def cost_mean_axis1(A2, Y):
    return -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2), axis=1)


# -- backward ------------------------------------------------------------------------------
@mistake("backward", "tanh's slope written as A1 * (1 - A1), the sigmoid's",
         advice="A1 * (1 - A1) is the slope of the sigmoid. The hidden layer is tanh, whose slope is 1 - tanh(z)**2 = 1 - A1 ** 2.")
def backward_sigmoid_slope(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (A1 * (1 - A1))
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "tanh's slope computed from Z1: 1 - Z1 ** 2 instead of 1 - A1 ** 2",
         advice="The slope of tanh at z is 1 - tanh(z)**2, and tanh(Z1) is A1: use 1 - A1 ** 2 (or 1 - np.tanh(Z1) ** 2).")
def backward_slope_from_z(params, cache, X, Y):
    m = X.shape[1]
    A1, A2, Z1 = cache["A1"], cache["A2"], cache["Z1"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - Z1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "dZ1 = W2.T @ dZ2 without tanh's slope",
         advice="The error reaching a hidden unit passes through its tanh on the way back: multiply by the slope, "
                "dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2).")
def backward_no_slope(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = params["W2"].T @ dZ2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "W2 instead of W2.T when sending the error back: (1, n_h) @ (1, m) does not fit",
         advice="W2 has shape (1, n_h); to send dZ2 (1, m) back to the n_h hidden units, transpose it: W2.T @ dZ2 is (n_h, 1) @ (1, m) = (n_h, m).")
def backward_w2_not_transposed(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(params["W2"], dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "dW1 = dZ1 @ X without the transpose: (n_h, m) @ (n_x, m) does not fit",
         advice="dW1 has W1's shape (n_h, n_x): dZ1 @ X.T / m multiplies (n_h, m) by (m, n_x), summing over the m examples.")
def backward_x_not_transposed(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "dW2 = A1 @ dZ2.T: an (n_h, 1) column instead of W2's (1, n_h) row",
         advice="dW2 has W2's shape (1, n_h): dZ2 @ A1.T / m, (1, m) @ (m, n_h).")
def backward_dw2_column(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = A1 @ dZ2.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "db1 summed over axis=0 (over the hidden units) instead of axis=1 (over the examples)",
         advice="db1 adds up each hidden unit's error over the m examples, which lie along axis 1: np.sum(dZ1, axis=1, keepdims=True) / m, shape (n_h, 1).")
def backward_db1_axis0(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "db1 without keepdims: a rank-1 array of shape (n_h,) instead of (n_h, 1)",
         advice="np.sum(dZ1, axis=1) drops the summed axis; keepdims=True keeps the column shape (n_h, 1) of b1.")
def backward_db1_rank1(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "db2 is a float (as db in logistic regression) instead of a (1, 1) array like b2",
         advice="Every gradient has its parameter's shape, and b2 is (1, 1): np.sum(dZ2, axis=1, keepdims=True) / m.")
def backward_db2_float(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = float(np.sum(dZ2) / m)
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "dW1 without the 1/m (a sum over the examples, not an average)",
         advice="Every gradient is an average over the m examples, like the cost: dW1 = dZ1 @ X.T / m.")
def backward_dw1_sum(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "divides by m twice in the hidden layer: dZ2 = (A2 - Y) / m, then dW1 and db1 / m again",
         advice="Divide by m exactly once per gradient. If dZ2 already holds (A2 - Y) / m, the 1/m travels back through dZ1: "
                "then dW1 = dZ1 @ X.T and db1 = the row sums of dZ1, with no second / m.")
def backward_m_twice(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ A1.T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward", "dZ2 = Y - A2: every gradient points the wrong way",
         advice="The derivative of the cost with respect to Z2 is A2 - Y (prediction minus label), not Y - A2.")
def backward_sign(params, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = Y - A2
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


# -- update --------------------------------------------------------------------------------------
@mistake("update", "steps uphill (params + learning_rate * grads): gradient ascent",
         advice="The gradient points uphill; descend with params[k] - learning_rate * grads['d' + k].")
def update_ascent(params, grads, learning_rate):
    return {k: params[k] + learning_rate * grads["d" + k] for k in params}


@mistake("update", "changes the caller's params: params[k] -= ... in place (or new = params, which is the caller's dict, not a copy)",
         advice="params[k] -= ... writes into the caller's arrays, and new = params is just a second name for the caller's dict: either way "
                "their params move too. Build a new dict of new arrays: {k: params[k] - learning_rate * grads['d' + k] for k in params}.")
def update_in_place(params, grads, learning_rate):
    for k in params:
        params[k] -= learning_rate * grads["d" + k]
    return params


@mistake("update", "the step leaves out the learning rate (params[k] - grads['d' + k])",
         advice="The learning rate sets the step size: params[k] - learning_rate * grads['d' + k].")
def update_no_rate(params, grads, learning_rate):
    return {k: params[k] - grads["d" + k] for k in params}


@mistake("update", "only the weights W1 and W2 move; the biases keep their old values",
         advice="Update all four parameters, the biases b1 and b2 as well as W1 and W2.")
def update_weights_only(params, grads, learning_rate):
    return {"W1": params["W1"] - learning_rate * grads["dW1"], "b1": params["b1"], "W2": params["W2"] - learning_rate * grads["dW2"], "b2": params["b2"]}


@mistake("update", "looks the gradients up under the parameters' names (grads[k] instead of grads['d' + k])",
         advice="The gradients' keys have a d in front: the gradient of params['W1'] is grads['dW1'], so use grads['d' + k].")
def update_wrong_keys(params, grads, learning_rate):
    return {k: params[k] - learning_rate * grads[k] for k in params}


@mistake("update", "pairs the gradients with the parameters by position (zip of params and grads), not by key",
         advice="A dict's order is the order its keys were added, and backward may add dW2 before dW1: look each gradient up "
                "by its key, grads['d' + k], never by its place in the dict.")
def update_by_position(params, grads, learning_rate):
    return {k: p - learning_rate * g for (k, p), g in zip(params.items(), grads.values())}


# -- gradient_check ---------------------------------------------------------------------------------
@mistake("gradient_check", "takes g in grads' own order but g_approx in params' order, so entries of different parameters are compared",
         advice="Build g and g_approx in one loop over the parameters: for each key, g gets grads['d' + key][index] as g_approx gets "
                "that entry's slope. A dict's order is the order its keys were added, and backward may add dW2 before dW1.")
def gradient_check_by_position(params, X, Y, grads, epsilon=1e-7):
    g = np.concatenate([grads[k].ravel() for k in grads])
    approx = []
    for key in params:
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * epsilon))
    approx = np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@mistake("gradient_check", "ignores the grads it is given and checks backward's own gradients instead",
         advice="gradient_check judges the grads it is handed (they may come from a backward with a bug): g is grads['d' + key][index], "
                "never a fresh backward(...) inside gradient_check.")
def gradient_check_own_grads(params, X, Y, grads, epsilon=1e-7):
    own = backward(params, forward(X, params)[1], X, Y)
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * epsilon))
            g.append(own["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@mistake("gradient_check", "copies the dict, not its arrays (params.copy()): plus and minus hold the same arrays, so J(plus) == J(minus)",
         advice="dict.copy() is shallow: plus[key] and minus[key] are still params[key], one array nudged up and down again. "
                "Copy every array: plus = {k: v.copy() for k, v in params.items()}, and the same for minus.")
def gradient_check_shallow_copies(params, X, Y, grads, epsilon=1e-7):
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            plus = params.copy()
            minus = params.copy()
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * epsilon))
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@mistake("gradient_check", "one-sided differences (J(theta + epsilon) - J(theta)) / epsilon",
         advice="Use central differences, (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon): their error shrinks like epsilon**2, "
                "a one-sided difference's only like epsilon.")
def gradient_check_one_sided(params, X, Y, grads, epsilon=1e-7):
    J0 = cost(forward(X, params)[0], Y)
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            moved = {k: v.copy() for k, v in params.items()}
            moved[key][index] += epsilon
            approx.append((cost(forward(X, moved)[0], Y) - J0) / epsilon)
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@mistake("gradient_check", "divides the central difference by epsilon instead of 2 * epsilon",
         advice="theta + epsilon and theta - epsilon are 2 * epsilon apart: the slope is (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon).")
def gradient_check_one_epsilon(params, X, Y, grads, epsilon=1e-7):
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / epsilon)
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@mistake("gradient_check", "returns the absolute error ||g - g_approx||, without the denominator",
         advice="Divide by np.linalg.norm(g) + np.linalg.norm(g_approx): a relative error means the same whether the gradients are large or small.")
def gradient_check_absolute(params, X, Y, grads, epsilon=1e-7):
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * epsilon))
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx))


@mistake("gradient_check", "divides by ||g|| only, instead of ||g|| + ||g_approx||",
         advice="The denominator is the sum of both norms, np.linalg.norm(g) + np.linalg.norm(g_approx): it keeps the ratio between 0 and 1.")
def gradient_check_norm_g_only(params, X, Y, grads, epsilon=1e-7):
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * epsilon))
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / np.linalg.norm(g))


@mistake("gradient_check", "sums of squares instead of norms (no square roots)",
         advice="A norm is the square root of the sum of squares: np.linalg.norm(v), or np.sqrt(np.sum(v ** 2)).")
def gradient_check_squares(params, X, Y, grads, epsilon=1e-7):
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * epsilon))
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.sum((g - approx) ** 2) / (np.sum(g**2) + np.sum(approx**2)))


@mistake("gradient_check", "moves the caller's params in place and never puts the entry back",
         advice="After measuring J(theta - epsilon), restore the entry before moving the next one; better, move entries of copies "
                "({k: v.copy() for k, v in params.items()}), so the caller's params never change at all.")
def gradient_check_no_restore(params, X, Y, grads, epsilon=1e-7):
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            params[key][index] += epsilon
            J_plus = cost(forward(X, params)[0], Y)
            params[key][index] -= 2 * epsilon
            J_minus = cost(forward(X, params)[0], Y)
            approx.append((J_plus - J_minus) / (2 * epsilon))
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@mistake("gradient_check", "ignores the epsilon argument (always 1e-7)",
         advice="Use the epsilon you are given: the caller may ask for another step size than the default 1e-7.")
def gradient_check_fixed_epsilon(params, X, Y, grads, epsilon=1e-7):
    eps = 1e-7
    g, approx = [], []
    for key in KEYS:
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += eps
            minus[key][index] -= eps
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * eps))
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@mistake("gradient_check", "checks only the weights W1 and W2, not the biases",
         advice="Visit every entry of all four parameters, b1 and b2 included: a wrong db is as much a bug as a wrong dW.")
def gradient_check_weights_only(params, X, Y, grads, epsilon=1e-7):
    g, approx = [], []
    for key in ("W1", "W2"):
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            approx.append((cost(forward(X, plus)[0], Y) - cost(forward(X, minus)[0], Y)) / (2 * epsilon))
            g.append(grads["d" + key][index])
    g, approx = np.array(g), np.array(approx)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


# -- train -------------------------------------------------------------------------------------------
@mistake("train", "one iteration too few (range(1, num_iterations))",
         advice="range(num_iterations) runs exactly num_iterations times; range(1, num_iterations) runs one time fewer.")
def train_one_short(X, Y, params, num_iterations, learning_rate):
    costs = []
    for i in range(1, num_iterations):
        A2, cache = forward(X, params)
        costs.append(cost(A2, Y))
        grads = backward(params, cache, X, Y)
        params = update(params, grads, learning_rate)
    return params, costs


@mistake("train", "one iteration too many (range(num_iterations + 1))",
         advice="range(num_iterations) runs exactly num_iterations times, giving num_iterations costs.")
def train_one_long(X, Y, params, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations + 1):
        A2, cache = forward(X, params)
        costs.append(cost(A2, Y))
        grads = backward(params, cache, X, Y)
        params = update(params, grads, learning_rate)
    return params, costs


@mistake("train", "records the cost after the update (the cost of the next iterate)",
         advice="Record the cost of the params each step starts from, before updating them: costs[0] is the cost of the starting params.")
def train_cost_after_step(X, Y, params, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        A2, cache = forward(X, params)
        grads = backward(params, cache, X, Y)
        params = update(params, grads, learning_rate)
        costs.append(cost(forward(X, params)[0], Y))
    return params, costs


@mistake("train", "calls update(...) without keeping its result, so the params never change",
         advice="update returns a new dict and leaves its argument alone: write params = update(params, grads, learning_rate).")
def train_update_discarded(X, Y, params, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        A2, cache = forward(X, params)
        costs.append(cost(A2, Y))
        grads = backward(params, cache, X, Y)
        update(params, grads, learning_rate)
    return params, costs


@mistake("train", "the gradients are computed once, before the loop, and reused at every step",
         advice="The gradients change as the params move: run forward and backward inside the loop, at the start of every iteration.")
def train_grads_once(X, Y, params, num_iterations, learning_rate):
    costs = []
    A2, cache = forward(X, params)
    grads = backward(params, cache, X, Y)
    for i in range(num_iterations):
        costs.append(cost(forward(X, params)[0], Y))
        params = update(params, grads, learning_rate)
    return params, costs


@mistake("train", "records the cost only every 100 iterations",
         advice="Here costs holds one cost per iteration: append it every time, with no `if i % 100 == 0`.")
def train_costs_every_100(X, Y, params, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        A2, cache = forward(X, params)
        if i % 100 == 0:
            costs.append(cost(A2, Y))
        grads = backward(params, cache, X, Y)
        params = update(params, grads, learning_rate)
    return params, costs


@mistake("train", "steps the caller's params in place (params[k] -= ...), changing their starting point",
         advice="params[k] -= ... writes into the arrays the caller passed in. Use params = update(params, grads, learning_rate), which makes new ones.")
def train_in_place(X, Y, params, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        A2, cache = forward(X, params)
        costs.append(cost(A2, Y))
        grads = backward(params, cache, X, Y)
        for k in KEYS:
            params[k] -= learning_rate * grads["d" + k]
    return params, costs


@mistake("train", "costs returned as a numpy array instead of a list",
         advice="costs is a Python list of floats: append to it and return it as it is, without np.array(costs).")
def train_costs_array(X, Y, params, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        A2, cache = forward(X, params)
        costs.append(cost(A2, Y))
        grads = backward(params, cache, X, Y)
        params = update(params, grads, learning_rate)
    return params, np.array(costs)
