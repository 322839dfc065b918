"""Correct implementations of zeros_init written differently: each must pass."""

import numpy as np

from graders.engine.variants import alternative


@alternative("init_zeros", "np.full with 0.0")
def init_zeros_full(n_in, n_out):
    return np.full((n_in, n_out), 0.0), np.full(n_out, 0.0)


@alternative("init_zeros", "returns a list [W, b]")
def init_zeros_list(n_in, n_out):
    return [np.zeros((n_in, n_out), dtype=np.float64), np.zeros((n_out,), dtype=float)]


@alternative("init_zeros", "a namedtuple (W, b)")
def init_zeros_namedtuple(n_in, n_out):
    from collections import namedtuple

    Layer = namedtuple("Layer", "W b")
    return Layer(np.zeros((n_in, n_out)), np.zeros(n_out))


@alternative("init_network_zeros", "an OrderedDict")
def network_ordered_dict(layer_sizes):
    from collections import OrderedDict

    params = OrderedDict()
    for layer in range(1, len(layer_sizes)):
        params["W%d" % layer] = np.zeros((layer_sizes[layer - 1], layer_sizes[layer]))
        params["b%d" % layer] = np.zeros(layer_sizes[layer])
    return params


@alternative("init_logistic_zeros", "np.float64 scalar for b, reshape for w")
def init_logistic_float64(n_x):
    return np.zeros(n_x).reshape(n_x, 1), np.float64(0)


@alternative("init_logistic_zeros", "0-d array for b (what np.squeeze leaves)")
def init_logistic_zero_d(n_x):
    return np.zeros((n_x, 1)), np.squeeze(np.zeros((1, 1)))


@alternative("init_network_zeros", "zip over consecutive sizes")
def network_zip(layer_sizes):
    params = {}
    for layer, (n_prev, n) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W" + str(layer)] = np.zeros((n_prev, n))
        params["b" + str(layer)] = np.zeros(n)
    return params


@alternative("zeros_like_params", "explicit shape and dtype")
def grads_explicit(params):
    grads = {}
    for key in params:
        grads["d" + key] = np.zeros(params[key].shape, dtype=params[key].dtype)
    return grads


@alternative("zeros_like_params", "copy times zero")
def grads_copy_times_zero(params):
    return {"d" + k: v.copy() * 0 for k, v in params.items()}


@alternative("init_zeros", "a tuple built by a generator expression over the two shapes")
def init_zeros_generator(n_in, n_out):
    return tuple(np.zeros(shape) for shape in ((n_in, n_out), (n_out,)))


@alternative("init_logistic_zeros", "a rank-1 zeros with a new axis, and float(0)")
def init_logistic_newaxis(n_x):
    return np.zeros(n_x)[:, np.newaxis], float(0)


@alternative("zeros_like_params", "np.full_like(v, 0) over dict(zip(...))")
def grads_full_like(params):
    keys = ["d" + k for k in params]
    return dict(zip(keys, (np.full_like(v, 0) for v in params.values())))
