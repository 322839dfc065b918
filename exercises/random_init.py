"""random_init — small random weights, drawn from a generator you are given.

Lesson: docs/lessons/random_init.md.  Check your work with `gradwork check random_init`.
Imports: numpy and the Python standard library only (the grader has no other package).

Row convention, as in zeros_init: a dense layer computes ``y = x @ W + b``
with W of shape (n_in, n_out) and b of shape (n_out,), and a network with
layer sizes [n_0, n_1, ..., n_L] keeps its parameters in a dict under
"W1".."WL" and "b1".."bL".

Randomness comes from outside. Every function here takes an
``np.random.Generator`` as its FIRST argument, ``rng``, and draws every random
number from it: ``rng.uniform``, ``rng.random``, ``rng.normal``,
``rng.standard_normal`` ... Never use numpy's global functions
(np.random.rand, randn, randint, uniform, normal, seed) and never build a new
generator (np.random.default_rng(...)) inside: the caller chooses the seed.
Then a generator in the same state gives the same weights, and generators in
different states give different ones.

The contract fixes the distribution, not the exact numbers: draw in any way
you like, e.g. ``rng.uniform(-a, a, size)`` or ``a * (2 * rng.random(size) - 1)``,
``rng.normal(0.0, s, size)`` or ``s * rng.standard_normal(size)``. The grader
checks shapes and dtype (float64), the range of uniform draws, that the
weights come from rng alone, and, on layers of a few thousand weights, that
the mean, the spread and the shape (flat or bell) are those of the asked
distribution (up to six standard errors of sampling noise, so an honest draw
is never rejected). It calls your functions with keyword arguments
(rng=..., n_in=..., ...): keep the parameter names of the signatures.

The three standard recipes (the variance sigma**2 of every weight):

    Xavier / Glorot   sigma**2 = 2 / (n_in + n_out)
        uniform on [-a, a] with a = sqrt(6 / (n_in + n_out))   (a**2 / 3 = sigma**2)
        normal with std sqrt(2 / (n_in + n_out))
    He (for ReLU)     sigma**2 = 2 / n_in
        normal with std sqrt(2 / n_in)

Domains: n_in and n_out 1..256; limit and std in [0.001, 10]; layer_sizes
a list or tuple of 2..6 sizes, each 1..256.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def uniform_init(rng: np.random.Generator, n_in: int, n_out: int, limit: float) -> np.ndarray:
    """Weights of one layer, each drawn independently from the uniform distribution on [-limit, limit].

    rng is an np.random.Generator and the only source of randomness.
    n_in, n_out 1..256; limit in [0.001, 10]. Returns W of shape
    (n_in, n_out), float64, every entry in [-limit, limit]. Mean 0,
    variance limit**2 / 3.

    >>> W = uniform_init(np.random.default_rng(0), 2, 3, 0.5)
    >>> W.shape, W.dtype, bool(np.all(np.abs(W) <= 0.5))
    ((2, 3), dtype('float64'), True)
    >>> same = uniform_init(np.random.default_rng(0), 2, 3, 0.5)   # a generator in the same state...
    >>> bool(np.array_equal(W, same))                              # ...gives the same weights
    True
    >>> big = uniform_init(np.random.default_rng(1), 300, 400, 0.5)
    >>> round(float(big.std()), 2), round(0.5 / 3 ** 0.5, 2)    # the std of U(-a, a) is a / sqrt(3)
    (0.29, 0.29)
    """
    # TODO(random_init): implement uniform_init.
    raise NotImplementedError('random_init: uniform_init() is not implemented yet (`gradwork hint random_init` helps)')


def normal_init(rng: np.random.Generator, n_in: int, n_out: int, std: float) -> np.ndarray:
    """Weights of one layer, each drawn independently from the normal distribution N(0, std**2).

    rng is an np.random.Generator and the only source of randomness.
    n_in, n_out 1..256; std in [0.001, 10] is the standard deviation (not
    the variance). Returns W of shape (n_in, n_out), float64.

    >>> W = normal_init(np.random.default_rng(0), 2, 3, 0.1)
    >>> W.shape, W.dtype
    ((2, 3), dtype('float64'))
    >>> big = normal_init(np.random.default_rng(1), 300, 400, 0.1)
    >>> round(float(big.std()), 2), bool(abs(big.mean()) < 0.01)
    (0.1, True)
    """
    # TODO(random_init): implement normal_init.
    raise NotImplementedError('random_init: normal_init() is not implemented yet (`gradwork hint random_init` helps)')


def xavier_uniform(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """Xavier (Glorot) uniform weights: U(-a, a) with a = sqrt(6 / (n_in + n_out)).

    Same rng rule, domain and result as uniform_init: shape (n_in, n_out),
    float64, every entry in [-a, a]. The variance a**2 / 3 is
    2 / (n_in + n_out).

    >>> W = xavier_uniform(np.random.default_rng(0), 200, 300)
    >>> W.shape, bool(np.abs(W).max() <= np.sqrt(6 / 500))
    ((200, 300), True)
    >>> round(float(W.std() / np.sqrt(2 / 500)), 1)   # std / the Xavier std
    1.0
    """
    # TODO(random_init): implement xavier_uniform.
    raise NotImplementedError('random_init: xavier_uniform() is not implemented yet (`gradwork hint random_init` helps)')


def xavier_normal(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """Xavier (Glorot) normal weights: N(0, std**2) with std = sqrt(2 / (n_in + n_out)).

    Same rng rule, domain and result as normal_init: shape (n_in, n_out), float64.

    >>> W = xavier_normal(np.random.default_rng(0), 200, 300)
    >>> W.shape, round(float(W.std() / np.sqrt(2 / 500)), 1)
    ((200, 300), 1.0)
    """
    # TODO(random_init): implement xavier_normal.
    raise NotImplementedError('random_init: xavier_normal() is not implemented yet (`gradwork hint random_init` helps)')


def he_normal(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """He normal weights, made for ReLU layers: N(0, std**2) with std = sqrt(2 / n_in).

    Same rng rule, domain and result as normal_init: shape (n_in, n_out),
    float64. Only the number of inputs n_in sets the spread.

    >>> W = he_normal(np.random.default_rng(0), 256, 128)
    >>> W.shape, round(float(W.std() / np.sqrt(2 / 256)), 1)
    ((256, 128), 1.0)
    """
    # TODO(random_init): implement he_normal.
    raise NotImplementedError('random_init: he_normal() is not implemented yet (`gradwork hint random_init` helps)')


def init_network_random(rng: np.random.Generator, layer_sizes: Sequence[int], method: str = "he_normal") -> dict[str, np.ndarray]:
    """Random weights and zero biases for a network with layer sizes [n_0, n_1, ..., n_L].

    method names the recipe: "he_normal" (the default), "xavier_normal" or
    "xavier_uniform". For l = 1..L, W_l = method(rng, n_{l-1}, n_l), of shape
    (n_{l-1}, n_l), drawn from the one rng in layer order (every layer gets
    its own numbers), and b_l = zeros of shape (n_l,). Returns a dict with
    exactly the keys "W1".."WL" and "b1".."bL", all float64. layer_sizes is a
    list or tuple of 2..6 sizes, each 1..256, and is not modified.

    >>> params = init_network_random(np.random.default_rng(0), [4, 3, 2], method="xavier_uniform")
    >>> {key: params[key].shape for key in sorted(params)}
    {'W1': (4, 3), 'W2': (3, 2), 'b1': (3,), 'b2': (2,)}
    >>> bool(np.all(params["b1"] == 0)), bool(np.abs(params["W1"]).max() <= np.sqrt(6 / 7))
    (True, True)
    """
    # TODO(random_init): implement init_network_random.
    raise NotImplementedError('random_init: init_network_random() is not implemented yet (`gradwork hint random_init` helps)')
