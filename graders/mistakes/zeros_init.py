"""Known mistakes in zeros_init, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders.
"""

import numpy as np

from graders.engine.variants import mistake


@mistake("init_zeros", "W transposed: shape (n_out, n_in)",
         advice="In the row convention y = x @ W + b, W maps n_in inputs to n_out outputs: np.zeros((n_in, n_out)).")
def init_zeros_transposed(n_in, n_out):
    return np.zeros((n_out, n_in)), np.zeros(n_out)


@mistake("init_zeros", "bias as a (1, n_out) row instead of a (n_out,) vector",
         advice="The bias is one number per output unit: np.zeros(n_out) has shape (n_out,).")
def init_zeros_bias_2d(n_in, n_out):
    return np.zeros((n_in, n_out)), np.zeros((1, n_out))


@mistake("init_zeros", "bias as an (n_out, 1) column",
         advice="In the row convention the bias is added to every row: shape (n_out,), not (n_out, 1).")
def init_zeros_bias_column(n_in, n_out):
    return np.zeros((n_in, n_out)), np.zeros((n_out, 1))


@mistake("init_zeros", "integer zeros (dtype=int)",
         advice="Parameters are float64: drop dtype=int (np.zeros makes float64 by default).")
def init_zeros_int(n_in, n_out):
    return np.zeros((n_in, n_out), dtype=int), np.zeros(n_out, dtype=int)


@mistake("init_logistic_zeros", "w as a rank-1 array of shape (n_x,)",
         advice="Use np.zeros((n_x, 1)): a rank-1 array makes w.T @ X a different shape than you expect.")
def init_logistic_rank1(n_x):
    return np.zeros(n_x), 0.0


@mistake("init_logistic_zeros", "b as an array instead of a float",
         advice="b is a single number: return 0.0, not np.zeros(1).")
def init_logistic_b_array(n_x):
    return np.zeros((n_x, 1)), np.zeros(1)


@mistake("init_logistic_zeros", "b as the integer 0",
         advice="Return the float 0.0 (write 0.0, not 0).")
def init_logistic_b_int(n_x):
    return np.zeros((n_x, 1)), 0


@mistake("init_logistic_zeros", "w as a (1, n_x) row",
         advice="In the column convention w is a column: shape (n_x, 1), so that w.T @ X has shape (1, m).")
def init_logistic_row(n_x):
    return np.zeros((1, n_x)), 0.0


@mistake("init_network_zeros", "layers numbered from 0 (W0, b0, ...)",
         advice="Layer 1 is the first layer with weights: keys run W1..WL, b1..bL.")
def network_zero_based(layer_sizes):
    params = {}
    for layer in range(len(layer_sizes) - 1):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer], layer_sizes[layer + 1]))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer + 1])
    return params


@mistake("init_network_zeros", "the last layer is missing (off by one)",
         advice="A network with sizes [n_0, ..., n_L] has L layers: loop over range(1, len(layer_sizes)).")
def network_missing_last(layer_sizes):
    params = {}
    for layer in range(1, len(layer_sizes) - 1):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer - 1], layer_sizes[layer]))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_zeros", "W_l as (n_l, n_{l-1}) (column convention)",
         advice="This course's networks use the row convention: W_l has shape (n_{l-1}, n_l).")
def network_transposed(layer_sizes):
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer], layer_sizes[layer - 1]))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("zeros_like_params", "keys without the 'd' prefix",
         advice="Gradients live under 'd' + key: 'dW1' for 'W1'.")
def grads_no_prefix(params):
    return {key: np.zeros_like(value) for key, value in params.items()}


@mistake("zeros_like_params", "always float64 (np.zeros(shape) drops the dtype)",
         advice="np.zeros(value.shape) is always float64; np.zeros_like(value) keeps value's dtype.")
def grads_float64(params):
    return {f"d{key}": np.zeros(value.shape) for key, value in params.items()}


@mistake("zeros_like_params", "zeroes the parameters in place and returns them",
         advice="value *= 0 (or value[:] = 0) wipes the caller's parameters; create new arrays with np.zeros_like.")
def grads_in_place(params):
    grads = {}
    for key, value in params.items():
        value *= 0
        grads[f"d{key}"] = value
    return grads


@mistake("zeros_like_params", "returns views of the parameters (value * 0 is new; value[...] is not)",
         advice="Return new arrays: np.zeros_like(value). A view shares memory with params.", diagnose=False)
def grads_views(params):
    return {f"d{key}": value[...] if not value.any() else np.zeros_like(value) for key, value in params.items()}
