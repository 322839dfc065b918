"""Correct implementations of random_init written differently: each must pass.

The contract fixes distributions, not exact numbers, so these draw other
numbers from the same rng than the reference does and must still pass.
"""

import numpy as np

from graders.engine.variants import alternative


@alternative("uniform_init", "limit * (2 * rng.random(shape) - 1): rng.random stretched from [0, 1) to [-limit, limit)")
def uniform_init_from_random(rng, n_in, n_out, limit):
    return limit * (2.0 * rng.random((n_in, n_out)) - 1.0)


@alternative("uniform_init", "drawn as (n_out, n_in), then transposed: other numbers in each place, the same law")
def uniform_init_transposed_draw(rng, n_in, n_out, limit):
    return rng.uniform(low=-limit, high=limit, size=(n_out, n_in)).T


@alternative("normal_init", "rng.normal(0.0, std, size) with keyword arguments")
def normal_init_normal(rng, n_in, n_out, std):
    return rng.normal(loc=0.0, scale=std, size=(n_in, n_out))


@alternative("normal_init", "Box-Muller from two uniform draws: std * sqrt(-2 log(1 - u1)) * cos(2 pi u2)")
def normal_init_box_muller(rng, n_in, n_out, std):
    u1 = rng.random((n_in, n_out))
    u2 = rng.random((n_in, n_out))
    # 1 - u1 lies in (0, 1], so the log is finite.
    return std * np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)


@alternative("normal_init", "a flat draw of n_in * n_out numbers, reshaped")
def normal_init_flat(rng, n_in, n_out, std):
    return (rng.standard_normal(n_in * n_out) * std).reshape(n_in, n_out)


@alternative("xavier_uniform", "rng.uniform directly, the limit written as sqrt(3) times the Xavier std")
def xavier_uniform_direct(rng, n_in, n_out):
    std = np.sqrt(2.0 / (n_in + n_out))
    return rng.uniform(-np.sqrt(3.0) * std, np.sqrt(3.0) * std, (n_in, n_out))


@alternative("xavier_normal", "sqrt(2) / sqrt(n_in + n_out) times rng.standard_normal")
def xavier_normal_direct(rng, n_in, n_out):
    return np.sqrt(2.0) / np.sqrt(n_in + n_out) * rng.standard_normal(size=(n_in, n_out))


@alternative("he_normal", "math.sqrt and rng.normal with scale= and size=")
def he_normal_math(rng, n_in, n_out):
    import math

    return rng.normal(scale=math.sqrt(2 / n_in), size=(n_in, n_out))


@alternative("init_network_random", "globals()[method] and zip over consecutive sizes")
def network_zip(rng, layer_sizes, method="he_normal"):
    draw = globals()[method]
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W" + str(layer)] = draw(rng, n_in, n_out)
        params["b" + str(layer)] = np.zeros((n_out,))
    return params


@alternative("init_network_random", "an if/elif on method, a while loop, and all the weights before the biases")
def network_if_chain(rng, layer_sizes, method="he_normal"):
    sizes = list(layer_sizes)
    weights, biases = {}, {}
    layer = 1
    while layer < len(sizes):
        n_in, n_out = sizes[layer - 1], sizes[layer]
        if method == "xavier_uniform":
            W = uniform_init(rng, n_in, n_out, np.sqrt(6 / (n_in + n_out)))
        elif method == "xavier_normal":
            W = normal_init(rng, n_in, n_out, np.sqrt(2 / (n_in + n_out)))
        else:
            W = normal_init(rng, n_in, n_out, np.sqrt(2 / n_in))
        weights[f"W{layer}"] = W
        biases[f"b{layer}"] = np.zeros(n_out, dtype=np.float64)
        layer += 1
    return {**weights, **biases}
