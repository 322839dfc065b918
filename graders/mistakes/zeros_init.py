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


@mistake("init_network_zeros", "one dict for every network: a mutable default argument (params={}) emptied and refilled on each call",
         advice="A default value is made once, when the def runs: every call returns the same dict, so a second network overwrites the first. "
                "Start the function with params = {}.",
         diagnose=False)  # named by the engine's own check (fresh=True: "returns the same dict ... on every call")
def network_shared_default(layer_sizes, params={}):
    params.clear()
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer - 1], layer_sizes[layer]))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
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


# -- more mistakes seen in the user study ------------------------------------------
# (Each function's new entries come after its older ones; they never reproduce
# the same wrong calls as an earlier entry, so the order between them is free.)
@mistake("init_zeros", "np.zeros(n_in, n_out): the shape passed as two arguments",
         advice="np.zeros takes the shape as ONE tuple; its second argument is the dtype, hence \"Cannot interpret ... as a data type\". "
                "Write np.zeros((n_in, n_out)), with double parentheses.")
def init_zeros_two_args(n_in, n_out):
    return np.zeros(n_in, n_out), np.zeros(n_out)


@mistake("init_zeros", "np.zeros_like((n_in, n_out)): an array shaped like the tuple, not of that shape",
         advice="np.zeros_like(x) copies the shape of x, and the tuple (n_in, n_out) is itself a (2,) sequence of ints. "
                "To create a shape, use np.zeros((n_in, n_out)).")
def init_zeros_zeros_like_tuple(n_in, n_out):
    return np.zeros_like((n_in, n_out)), np.zeros_like(n_out)


@mistake("init_zeros", "bias sized by the inputs: np.zeros(n_in) instead of np.zeros(n_out)",
         advice="The bias is added to x @ W, which has n_out entries: b = np.zeros(n_out), shape (n_out,).")
def init_zeros_bias_n_in(n_in, n_out):
    return np.zeros((n_in, n_out)), np.zeros(n_in)


@mistake("init_zeros", "float32 zeros (dtype=np.float32)",
         advice="The parameters are float64, numpy's default: leave out dtype=np.float32 and write np.zeros((n_in, n_out)).")
def init_zeros_float32(n_in, n_out):
    return np.zeros((n_in, n_out), dtype=np.float32), np.zeros(n_out, dtype=np.float32)


@mistake("init_zeros", "small random weights (np.random.randn * 0.01) instead of zeros",
         advice="This exercise starts every parameter at exactly zero: W = np.zeros((n_in, n_out)). "
                "Random initialisation is the next lesson, not this one.")
def init_zeros_random(n_in, n_out):
    np.random.seed(1)
    W = np.random.randn(n_in, n_out) * 0.01
    b = np.zeros(n_out)
    return W, b


@mistake("init_zeros", "nested Python lists instead of numpy arrays",
         advice="Return numpy arrays, not lists of lists: np.zeros((n_in, n_out)) and np.zeros(n_out) "
                "(a list has no .shape and no @).")
def init_zeros_lists(n_in, n_out):
    W = [[0.0] * n_out for _ in range(n_in)]
    b = [0.0] * n_out
    return W, b


@mistake("init_logistic_zeros", "np.zeros(n_x, 1): the shape passed as two arguments",
         advice="np.zeros takes the shape as ONE tuple; its second argument is the dtype. Write np.zeros((n_x, 1)).")
def init_logistic_two_args(n_x):
    return np.zeros(n_x, 1), 0.0


@mistake("init_logistic_zeros", "b as a (1, 1) array np.zeros((1, 1))",
         advice="b is one number, not a matrix: return the float 0.0.")
def init_logistic_b_matrix(n_x):
    return np.zeros((n_x, 1)), np.zeros((1, 1))


@mistake("init_logistic_zeros", "returns a dict {'w': w, 'b': b} instead of the tuple (w, b)",
         advice="Return the two values as a tuple: return w, b (the caller unpacks them with w, b = init_logistic_zeros(n_x)).")
def init_logistic_dict(n_x):
    return {"w": np.zeros((n_x, 1)), "b": 0.0}


@mistake("init_logistic_zeros", "integer zeros for w (dtype=int)",
         advice="w holds float64 weights: np.zeros((n_x, 1)) without dtype=int.")
def init_logistic_int(n_x):
    return np.zeros((n_x, 1), dtype=int), 0.0


@mistake("init_network_zeros", "np.zeros(n_prev, n_l): the shape passed as two arguments",
         advice="np.zeros takes the shape as ONE tuple; its second argument is the dtype. "
                "Write np.zeros((layer_sizes[l - 1], layer_sizes[l])).")
def network_two_args(layer_sizes):
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = np.zeros(layer_sizes[layer - 1], layer_sizes[layer])
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_zeros", "keys built as 'W' + l, adding an int to a str",
         advice="'W' + l fails because l is an int: write 'W' + str(l) or f'W{l}'.")
def network_str_plus_int(layer_sizes):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W" + l] = np.zeros((layer_sizes[l - 1], layer_sizes[l]))
        params["b" + l] = np.zeros(layer_sizes[l])
    return params


@mistake("init_network_zeros", "b_l as an (n_l, 1) column",
         advice="In the row convention the bias is added to every row of x @ W: b_l has shape (n_l,), np.zeros(layer_sizes[l]).")
def network_bias_column(layer_sizes):
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer - 1], layer_sizes[layer]))
        params[f"b{layer}"] = np.zeros((layer_sizes[layer], 1))
    return params


@mistake("init_network_zeros", "b_l sized by the previous layer, n_{l-1}",
         advice="Layer l has n_l units and one bias per unit: b_l = np.zeros(layer_sizes[l]), not layer_sizes[l - 1].")
def network_bias_previous(layer_sizes):
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer - 1], layer_sizes[layer]))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer - 1])
    return params


@mistake("init_network_zeros", "the loop runs off the end of layer_sizes (one layer too many)",
         advice="Sizes [n_0, ..., n_L] give L = len(layer_sizes) - 1 layers: loop over range(1, len(layer_sizes)) "
                "and read layer_sizes[l - 1] and layer_sizes[l]; layer_sizes[len(layer_sizes)] does not exist.")
def network_one_too_many(layer_sizes):
    params = {}
    for layer in range(1, len(layer_sizes) + 1):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer - 1], layer_sizes[layer]))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("zeros_like_params", "for k, v in params without .items(): unpacks each key's characters",
         advice="Looping over a dict gives its keys only; for 'W1' the unpacking k, v = 'W1' gives k = 'W', v = '1'. "
                "Write for k, v in params.items().")
def grads_no_items(params):
    grads = {}
    for k, v in params:
        grads["d" + k] = np.zeros_like(v)
    return grads


@mistake("zeros_like_params", "np.zeros(len(v)) keeps only the first dimension",
         advice="len(v) is the number of rows only; a W of shape (n_prev, n) needs np.zeros_like(v) (or np.zeros(v.shape, dtype=v.dtype)).")
def grads_len(params):
    return {"d" + k: np.zeros(len(v), dtype=v.dtype) for k, v in params.items()}


@mistake("zeros_like_params", "nested Python lists (np.zeros_like(v).tolist()) instead of arrays",
         advice="Keep the numpy arrays: np.zeros_like(v); .tolist() turns them into lists and loses the dtype.")
def grads_lists(params):
    return {"d" + k: np.zeros_like(v).tolist() for k, v in params.items()}


# -- one memory for two parameters, and read-only zeros (the engine's fresh=True checks name these) --
@mistake("init_zeros", "b is a view of W (b = W[0]): changing one changes the other",
         advice="Make b on its own: b = np.zeros(n_out).", diagnose=False)
def init_zeros_bias_view(n_in, n_out):
    W = np.zeros((n_in, n_out))
    return W, W[0]


@mistake("init_zeros", "read-only zeros from np.broadcast_to",
         advice="np.broadcast_to gives a read-only view: W -= ... then fails. np.zeros((n_in, n_out)) is an array of its own.", diagnose=False)
def init_zeros_broadcast(n_in, n_out):
    return np.broadcast_to(0.0, (n_in, n_out)), np.broadcast_to(0.0, (n_out,))


@mistake("init_network_zeros", "layers of the same width share one bias array",
         advice="Make each layer's b on its own: np.zeros(layer_sizes[l]) inside the loop, never one array kept per width.", diagnose=False)
def network_shared_bias(layer_sizes):
    params, biases = {}, {}
    for layer in range(1, len(layer_sizes)):
        width = layer_sizes[layer]
        params[f"W{layer}"] = np.zeros((layer_sizes[layer - 1], width))
        params[f"b{layer}"] = biases.setdefault(width, np.zeros(width))
    return params


@mistake("zeros_like_params", "gradients of the same shape share one array",
         advice="np.zeros_like(value) for every key, so each gradient has its own memory.", diagnose=False)
def grads_shared_per_shape(params):
    made = {}
    return {f"d{key}": made.setdefault((value.shape, value.dtype.str), np.zeros_like(value)) for key, value in params.items()}
