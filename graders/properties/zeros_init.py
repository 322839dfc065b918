"""Properties of zeros_init (SPEC §6.1): shapes, dtypes, zeros, fresh memory."""

import numpy as np

from graders.kit import _, composite, example, expect, expect_same, given, prop, st, strategies

sizes = strategies.sizes(min_value=1, max_value=64)
layer_sizes = st.lists(st.integers(1, 16), min_size=2, max_size=6)
# Sequence[int]: a list or a tuple must both work.
any_layer_sizes = st.one_of(layer_sizes, layer_sizes.map(tuple))


@prop("init_zeros returns W of shape (n_in, n_out) and b of shape (n_out,), float64 zeros, new arrays on every call", function="init_zeros", fresh=True)
@given(n_in=sizes, n_out=sizes)
@example(n_in=2, n_out=3)
def init_zeros_shapes(student, reference, n_in, n_out):
    expect_same(student.init_zeros(n_in, n_out), reference.init_zeros(n_in, n_out), parts=("W", "b"), atol=0, rtol=0)
    # The same sizes again: a layer of its own, never the arrays the first call handed out
    # (a cache of zeros by size, @functools.lru_cache, makes two layers one; fresh=True sees it).
    student.init_zeros(n_in, n_out)


@prop("init_logistic_zeros returns w of shape (n_x, 1) and the float b = 0.0", function="init_logistic_zeros", fresh=True)
@given(n_x=sizes)
def init_logistic_zeros_shapes(student, reference, n_x):
    expect_same(student.init_logistic_zeros(n_x), reference.init_logistic_zeros(n_x), parts=("w", "b"), atol=0, rtol=0)
    student.init_logistic_zeros(n_x)  # the same size again: new arrays (see init_zeros_shapes)


@prop("init_network_zeros returns exactly W1..WL, b1..bL with W_l of shape (n_{l-1}, n_l)", function="init_network_zeros", fresh=True)
@given(layer_sizes=any_layer_sizes)
@example(layer_sizes=[2, 3, 2, 2])
def init_network_zeros_layers(student, reference, layer_sizes):
    expect_same(student.init_network_zeros(layer_sizes), reference.init_network_zeros(list(layer_sizes)), atol=0, rtol=0)


@composite
def network_params(draw):
    """Parameters shaped like init_network_zeros' output, zero or random, float64 or float32."""
    sizes_ = draw(layer_sizes)
    zero = draw(st.booleans())
    params = {}
    for layer in range(1, len(sizes_)):
        for key, shape in ((f"W{layer}", (sizes_[layer - 1], sizes_[layer])), (f"b{layer}", (sizes_[layer],))):
            dtype = draw(st.sampled_from([np.float64, np.float32]))
            if zero:
                params[key] = np.zeros(shape, dtype=dtype)
            else:
                params[key] = draw(strategies.arrays(shape, min_value=-10, max_value=10, dtype=dtype))
    return params


@prop("zeros_like_params gives a new zero array under 'd' + k with params[k]'s shape and dtype", function="zeros_like_params", fresh=True)
@given(params=network_params())
@example(params={"W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), "b1": np.array([0.1, 0.2, 0.3], dtype=np.float32)})
def zeros_like_params_matches(student, reference, params):
    got = student.zeros_like_params(params)
    expect_same(got, reference.zeros_like_params(params), atol=0, rtol=0)
    expect(isinstance(got, dict), _("zeros_like_params must return a dict"), about=got)
