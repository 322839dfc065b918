"""Known mistakes in forward_pass, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Within a function, more specific mistakes
come first (diagnosis names the first one that reproduces every wrong call).
"""

import numpy as np

from graders.engine.variants import mistake


# -- sigmoid -----------------------------------------------------------------------
@mistake("sigmoid", "sign flipped: 1 / (1 + exp(z))",
         advice="The sigmoid is 1 / (1 + np.exp(-z)), with a minus: large positive z must give values near 1.")
def sigmoid_sign_flipped(z):
    return 1 / (1 + np.exp(z))


@mistake("sigmoid", "tanh form without halving z: 0.5 * (1 + tanh(z))",
         advice="The identity is sigmoid(z) = 0.5 * (1 + np.tanh(z / 2)): tanh takes z / 2, not z.")
def sigmoid_tanh_no_half(z):
    return 0.5 * (1 + np.tanh(z))


@mistake("sigmoid", "z clipped to [-10, 10] to avoid overflow, which flattens the tails",
         advice="Clipping z changes the answer wherever |z| > 10 (sigmoid(-15) is 3.1e-07, not 4.5e-05). "
                "Avoid the overflow instead: use e = np.exp(-np.abs(z)) and pick 1 / (1 + e) or e / (1 + e) by the sign of z.")
def sigmoid_clipped(z):
    return 1 / (1 + np.exp(-np.clip(z, -10, 10)))


@mistake("sigmoid", "the naive 1 / (1 + exp(-z)) overflows for z < -709", diagnose=False,
         advice="np.exp(-z) is inf for z < -709; use np.exp(-np.abs(z)) and choose the formula by the sign of z.")
def sigmoid_naive(z):
    return 1 / (1 + np.exp(-z))


@mistake("sigmoid", "np.where over two formulas that each overflow on one side", diagnose=False,
         advice="np.where evaluates both branches on every element, so np.exp(z) overflows where z is large even though that branch is not used.")
def sigmoid_where_both_overflow(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


@mistake("sigmoid", "clips the caller's z in place (z[z < -500] = -500)", diagnose=False,
         advice="Assigning into z changes the caller's array; use np.clip(z, -500, 500), which returns a new array.")
def sigmoid_clips_in_place(z):
    z[z < -500] = -500
    return 1 / (1 + np.exp(-z))


# -- identity ----------------------------------------------------------------------
@mistake("identity", "ReLU instead of the identity: np.maximum(z, 0)",
         advice="The identity returns its input unchanged, negative values included: return z.")
def identity_relu(z):
    return np.maximum(z, 0)


@mistake("identity", "returns a float32 copy",
         advice="Keep the dtype: return z (or z.copy()); np.array(z, dtype=np.float32) loses precision.")
def identity_float32(z):
    return np.array(z, dtype=np.float32)


# -- init_network ------------------------------------------------------------------
@mistake("init_network", "W2 typed in transposed, as (2, 3) instead of (3, 2)",
         advice="W_l has shape (units of layer l-1, units of layer l): W2 is [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], three rows of two.")
def init_network_w2_transposed():
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }


# -- dense -------------------------------------------------------------------------
@mistake("dense", "ignores the activation: returns x @ W + b",
         advice="dense must apply the activation it is given: return activation(x @ W + b).")
def dense_no_activation(x, W, b, activation):
    return x @ W + b


@mistake("dense", "always applies sigmoid instead of the activation argument",
         advice="Call the function passed in as activation; sigmoid is only one of the possible activations.")
def dense_always_sigmoid(x, W, b, activation):
    return sigmoid(x @ W + b)


@mistake("dense", "forgets the bias: activation(x @ W)",
         advice="Add the bias before the activation: activation(x @ W + b).")
def dense_no_bias(x, W, b, activation):
    return activation(x @ W)


@mistake("dense", "adds the bias after the activation: activation(x @ W) + b",
         advice="The bias belongs inside: activation(x @ W + b).")
def dense_bias_after_activation(x, W, b, activation):
    return activation(x @ W) + b


@mistake("dense", "uses W transposed: x @ W.T",
         advice="In the row convention W has shape (n_in, n_out), so x @ W is already right; W.T belongs to the column convention W.T @ x.")
def dense_w_transposed(x, W, b, activation):
    return activation(x @ W.T + b)


# -- forward -----------------------------------------------------------------------
@mistake("forward", "forgets the biases",
         advice="Every layer adds its bias: z = a @ W_l + b_l before the activation.")
def forward_no_bias(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        z = a @ network[f"W{layer}"]
        a = z if layer == layers else sigmoid(z)
    return a


@mistake("forward", "sigmoid on the output layer too",
         advice="Only the hidden layers use sigmoid; the output layer L uses identity, so the output can be any real number.")
def forward_sigmoid_output(network, x):
    a = x
    for layer in range(1, len(network) // 2 + 1):
        a = sigmoid(a @ network[f"W{layer}"] + network[f"b{layer}"])
    return a


@mistake("forward", "stops one layer early (range(1, L) skips the output layer)",
         advice="range(1, L + 1) runs over layers 1..L; range(1, L) leaves out the output layer.")
def forward_skips_last_layer(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(1, layers):
        a = sigmoid(a @ network[f"W{layer}"] + network[f"b{layer}"])
    return a


@mistake("forward", "ReLU on the hidden layers instead of sigmoid",
         advice="The hidden layers of this network use sigmoid(z), not np.maximum(z, 0).")
def forward_relu_hidden(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        z = a @ network[f"W{layer}"] + network[f"b{layer}"]
        a = z if layer == layers else np.maximum(z, 0)
    return a


@mistake("forward", "no sigmoid on the hidden layers (a purely linear network)",
         advice="Every hidden layer applies sigmoid to its z = a @ W_l + b_l; without it the layers collapse into one linear map.")
def forward_no_hidden_activation(network, x):
    a = x
    for layer in range(1, len(network) // 2 + 1):
        a = a @ network[f"W{layer}"] + network[f"b{layer}"]
    return a


@mistake("forward", "written for exactly three layers (W1, W2, W3)",
         advice="The network has L = len(network) // 2 layers, not always 3: loop `for l in range(1, L + 1)` and use network[f'W{l}'].")
def forward_three_layers(network, x):
    W1, W2, W3 = network["W1"], network["W2"], network["W3"]
    b1, b2, b3 = network["b1"], network["b2"], network["b3"]
    a1 = sigmoid(x @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    return identity(a2 @ W3 + b3)


@mistake("forward", "turns one example into a (1, n_0) batch and returns (1, n_L)",
         advice="x @ W works for a vector as well as for a matrix: do not reshape x, and one example of shape (n_0,) gives a result of shape (n_L,).")
def forward_always_2d(network, x):
    a = np.atleast_2d(x)
    layers = len(network) // 2
    for layer in range(1, layers + 1):
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], identity if layer == layers else sigmoid)
    return a
