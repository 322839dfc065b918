"""Known mistakes in forward_pass, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Within a function, more specific mistakes
come first (diagnosis names the first one that reproduces every wrong call).
"""

import numpy as np

from graders.engine.variants import mistake


# -- sigmoid -----------------------------------------------------------------------
@mistake("sigmoid", "computes sigmoid(-z): the sign is flipped (1 / (1 + exp(z)), or the two branches of a stable form swapped)",
         advice="The sigmoid is 1 / (1 + np.exp(-z)), with a minus: large positive z must give values near 1. In a stable form, "
                "1 / (1 + e) belongs to z >= 0 and e / (1 + e) to z < 0, with e = np.exp(-np.abs(z)).")
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


@mistake("dense", "column convention W.T @ x: right for one example, wrong for a batch",
         advice="For a batch x of shape (batch, n_in), W.T @ x multiplies (n_out, n_in) by (batch, n_in), which fails. "
                "In the row convention write x @ W: (batch, n_in) @ (n_in, n_out) gives (batch, n_out), and one example works too.")
def dense_column_convention(x, W, b, activation):
    return activation(W.T @ x + b)


@mistake("dense", "multiplies by W the other way round: x @ W.T (or W @ x)",
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


@mistake("forward", "takes the arrays by their place in the dict (list(network.values()) in pairs), not by their keys",
         advice="A dict's order is the order its keys were added: {k: net[k] for k in sorted(net)} holds W1, W2, ..., b1, b2, .... "
                "Look each array up by its name: network[f\"W{l}\"], network[f\"b{l}\"] for l in range(1, L + 1).")
def forward_by_position(network, x):
    values = list(network.values())
    a = x
    for i in range(0, len(values), 2):
        a = dense(a, values[i], values[i + 1], identity if i == len(values) - 2 else sigmoid)
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


# -- more mistakes seen in the user study ------------------------------------------
@mistake("sigmoid", "math.exp instead of np.exp: math works on one number only",
         advice="math.exp (like every function of the math module) accepts a single number, so an array raises \"only 0-dimensional arrays can be converted to Python scalars\". "
                "np.exp works elementwise on whole arrays: 1 / (1 + np.exp(-z)), made stable with np.exp(-np.abs(z)).")
def sigmoid_math_exp(z):
    import math

    return 1 / (1 + math.exp(-z))


@mistake("sigmoid", "precedence: 1 / 1 + np.exp(-z) is 1 + exp(-z)",
         advice="Division binds tighter than +, so 1 / 1 + np.exp(-z) is 1 + np.exp(-z). Put the denominator in parentheses: 1 / (1 + np.exp(-z)).")
def sigmoid_precedence(z):
    return 1 / 1 + np.exp(-z)


@mistake("sigmoid", "1 / (1 + np.exp(-np.abs(z))) for every z: the stable form without the branch for z < 0",
         advice="With e = np.exp(-np.abs(z)), 1 / (1 + e) is the sigmoid only where z >= 0; where z < 0 it is e / (1 + e). "
                "Pick per element: np.where(z >= 0, 1 / (1 + e), e / (1 + e)).")
def sigmoid_abs_no_branch(z):
    return 1 / (1 + np.exp(-np.abs(z)))


@mistake("sigmoid", "exp(z) / (1 + exp(z)) overflows to inf / inf = nan for z > 709",
         advice="np.exp(z) is inf once z > 709, and inf / inf is nan. Use e = np.exp(-np.abs(z)), which is at most 1: "
                "1 / (1 + e) where z >= 0 and e / (1 + e) where z < 0.")
def sigmoid_exp_over_one_plus_exp(z):
    return np.exp(z) / (1 + np.exp(z))


@mistake("sigmoid", "clips the result to [1e-7, 1 - 1e-7]",
         advice="The sigmoid itself is never clipped: sigmoid(-20) is 2.1e-09, not 1e-07. Clipping belongs (if anywhere) inside a log; return the exact values.")
def sigmoid_clips_output(z):
    e = np.exp(-np.abs(z))
    return np.clip(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)), 1e-7, 1 - 1e-7)


@mistake("sigmoid", "computed in float32",
         advice="Keep numpy's float64: do not convert z with np.float32 / astype(np.float32); the result must be float64.")
def sigmoid_float32(z):
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@mistake("identity", "returns the derivative of the identity (ones) instead of z",
         advice="The identity function returns z itself; np.ones_like(z) is its derivative, which belongs in the backward pass.")
def identity_ones(z):
    return np.ones_like(z)


@mistake("identity", "flattens z (z.ravel()), losing its shape",
         advice="Return z as it is, with its shape: a (batch, n) input must give a (batch, n) output.")
def identity_flat(z):
    return z.ravel()


@mistake("identity", "returns nested Python lists (z.tolist())",
         advice="Return the array itself: return z. A list has no shape or dtype, and the next layer needs an array.")
def identity_list(z):
    return z.tolist()


@mistake("init_network", "W1 typed in transposed, as (3, 2) instead of (2, 3)",
         advice="W_l has shape (units of layer l-1, units of layer l): W1 is [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], two rows of three.")
def init_network_w1_transposed():
    return {
        "W1": np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }


@mistake("init_network", "every W typed row by row in the column convention (W_l transposed)",
         advice="This course uses the row convention x @ W: W_l has shape (units of layer l-1, units of layer l). "
                "Copy the matrices from the docstring as they are written, row by row.")
def init_network_all_transposed():
    return {
        "W1": np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.2], [0.3, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }


@mistake("init_network", "biases as (n, 1) columns",
         advice="In the row convention each bias is a rank-1 vector added to x @ W: b1 = np.array([0.1, 0.2, 0.3]), shape (3,), not [[0.1], [0.2], [0.3]].")
def init_network_bias_columns():
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([[0.1], [0.2], [0.3]]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([[0.1], [0.2]]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([[0.1], [0.2]]),
    }


@mistake("init_network", "nested Python lists instead of numpy arrays (np.array(...) forgotten)",
         advice="Wrap each literal in np.array(...): a list of lists has no shape, and x @ W needs arrays.")
def init_network_lists():
    return {
        "W1": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]],
        "b1": [0.1, 0.2, 0.3],
        "W2": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]],
        "b2": [0.1, 0.2],
        "W3": [[0.1, 0.3], [0.2, 0.4]],
        "b3": [0.1, 0.2],
    }


@mistake("dense", "elementwise x * W instead of the matrix product x @ W",
         advice="* multiplies element by element (and broadcasts); a layer needs the matrix product x @ W (or np.dot(x, W)), "
                "which sums over the n_in inputs.")
def dense_elementwise(x, W, b, activation):
    return activation(x * W + b)


@mistake("dense", "applies the activation to the input: activation(x) @ W + b",
         advice="The activation comes last, on the layer's z: activation(x @ W + b).")
def dense_activation_first(x, W, b, activation):
    return activation(x) @ W + b


@mistake("dense", "bias reshaped to an (n_out, 1) column",
         advice="b of shape (n_out,) already lines up with the last axis of x @ W; as an (n_out, 1) column it broadcasts the wrong way. Add b as it is.")
def dense_bias_column(x, W, b, activation):
    return activation(x @ W + b.reshape(-1, 1))


@mistake("forward", "column convention W.T @ a: right for one example, wrong for a batch",
         advice="In the row convention every layer is a @ W_l + b_l; W_l.T @ a only works for a single example, "
                "and fails for a batch of shape (batch, n_0).")
def forward_column_convention(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        z = network[f"W{layer}"].T @ a + network[f"b{layer}"]
        a = z if layer == layers else sigmoid(z)
    return a


@mistake("forward", "layers counted from 0 (range(L) looks up W0)",
         advice="The keys run W1..WL: loop `for l in range(1, L + 1)`, not range(L).")
def forward_zero_based(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(layers):
        activation = identity if layer == layers - 1 else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a


@mistake("forward", "the loop runs past the last layer (L = len(network) counts the weights and the biases)",
         advice="network holds one W and one b per layer, so L = len(network) // 2 and the loop is range(1, L + 1); "
                "going further looks up a W that does not exist (KeyError).")
def forward_len_not_halved(network, x):
    layers = len(network)
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == layers else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a


@mistake("forward", "every layer is fed x instead of the previous layer's output",
         advice="Chain the layers: a = dense(a, W_l, b_l, ...), starting from a = x, so each layer reads the output of the one before.")
def forward_always_x(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == layers else sigmoid
        a = dense(x, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a


@mistake("forward", "identity on layer 3 instead of the last layer L (hard-coded 3)",
         advice="The output layer is layer L = len(network) // 2, which is not always 3: use identity when l == L.")
def forward_identity_on_three(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == 3 else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a


@mistake("forward", "identity on the first layer and sigmoid on the others (the output layer is the last one)",
         advice="Layer L = len(network) // 2 is the output layer and uses the identity; layers 1 .. L-1 use sigmoid: identity if l == L else sigmoid.")
def forward_identity_first(network, x):
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == 1 else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a
