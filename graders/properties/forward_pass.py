"""Properties of forward_pass (SPEC §6.2): sigmoid, identity, the example network, dense, forward.

Tolerances: every sound float64 implementation (np.dot, @, np.matmul,
np.einsum, any summation order, a tanh-based or exp(-|z|)-based sigmoid) is
within about 1e-13 of the reference here, while every real mistake is off by
far more. Sigmoid values lie in [0, 1], so an absolute 1e-14 is the right
scale for them: it accepts 0.5 * (1 + tanh(z / 2)) (absolute error ~1e-16)
and rejects clipping z to a range as wide as [-30, 30] (error ~1e-13).
"""

import numpy as np

from graders.engine import show
from graders.engine.compare import is_scalar
from graders.kit import _, composite, example, expect, expect_same, given, lib, prop, st, strategies

# -- domains (SPEC §6.2) ----------------------------------------------------------
z_shapes = strategies.shapes(min_dims=0, max_dims=3, min_side=1, max_side=8)
z_values = strategies.arrays(z_shapes, min_value=-50.0, max_value=50.0)
z_extremes = strategies.arrays(z_shapes, min_value=-1e4, max_value=1e4)
widths = strategies.sizes(min_value=1, max_value=8)
batches = st.one_of(st.none(), strategies.sizes(min_value=1, max_value=8))
ACTIVATIONS = {"np.tanh": np.tanh, "np.exp": np.exp, "np.abs": np.abs, "np.square": np.square}

SIGMOID = {"rtol": 1e-9, "atol": 1e-14}
LAYER = {"rtol": 1e-9, "atol": 1e-11}


def weights(shape):
    return strategies.arrays(shape, min_value=-3.0, max_value=3.0)


def seed_network():
    """The 2-3-2-2 network of the lesson (the same numbers as init_network)."""
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }


def four_layer_network():
    """2-3-2-3-1: four layers, so code written for exactly three layers shows."""
    return {
        "W1": np.array([[0.5, -1.0, 0.25], [1.5, 0.5, -0.5]]),
        "b1": np.array([0.1, -0.2, 0.3]),
        "W2": np.array([[1.0, -0.5], [0.5, 2.0], [-1.5, 0.25]]),
        "b2": np.array([-0.1, 0.2]),
        "W3": np.array([[2.0, -1.0, 0.5], [-0.5, 1.5, 1.0]]),
        "b3": np.array([0.3, -0.3, 0.1]),
        "W4": np.array([[1.0], [-2.0], [0.5]]),
        "b4": np.array([0.25]),
    }


@composite
def networks(draw, *, min_batch=None, max_batch=8):
    """(network, x): 1..4 layers of widths 1..8, weights and inputs in [-3, 3].

    x is one example of shape (n_0,) or a batch of shape (batch, n_0); with
    ``min_batch`` it is always a batch.
    """
    layers = draw(st.integers(1, 4))
    sizes_ = [draw(widths) for _layer in range(layers + 1)]
    network = {}
    for layer in range(1, layers + 1):
        network[f"W{layer}"] = draw(weights((sizes_[layer - 1], sizes_[layer])))
        network[f"b{layer}"] = draw(weights((sizes_[layer],)))
    batch = draw(strategies.sizes(min_value=min_batch, max_value=max_batch)) if min_batch else draw(batches)
    x = draw(weights((sizes_[0],) if batch is None else (batch, sizes_[0])))
    # Keys in sorted order (W1, W2, ..., b1, b2, ...), as {k: net[k] for k in sorted(net)} gives
    # them; the worked examples keep init_network's W1, b1, W2, ...: forward finds each
    # array by its key, and code that takes them by their place in the dict is caught.
    return {key: network[key] for key in sorted(network)}, x


@composite
def layers(draw):
    """(x, W, b) of one dense layer, x a single example or a batch."""
    n_in, n_out, batch = draw(widths), draw(widths), draw(batches)
    x = draw(weights((n_in,) if batch is None else (batch, n_in)))
    return x, draw(weights((n_in, n_out))), draw(weights((n_out,)))


# -- no floating-point warnings (underflow to 0.0 does not count) ---------------------
SIGMOID_OVERFLOW = (
    "np.exp(-z) overflows to inf once z < -709. Compute with e = np.exp(-np.abs(z)), which is at most 1: "
    "sigmoid is 1 / (1 + e) where z >= 0 and e / (1 + e) where z < 0 (np.where evaluates both, and both are safe); "
    "or use 0.5 * (1 + np.tanh(z / 2)). Never divide by e: it underflows to 0.0 once |z| > 745."
)


# -- sigmoid ---------------------------------------------------------------------------
@prop("sigmoid(z) is 1 / (1 + exp(-z)) elementwise, with z's shape, for z of 0 to 3 dimensions", function="sigmoid")
@given(z=z_values)
@example(z=np.array([-1.0, 0.0, 2.0]))
@example(z=np.array([[-20.0, 12.0], [30.0, -45.0]]))
@example(z=np.array(0.5))
def sigmoid_values(student, reference, z):
    expect_same(student.sigmoid(z), reference.sigmoid(z), **SIGMOID)


@prop("sigmoid(-z) equals 1 - sigmoid(z)", function="sigmoid", law=True)
@given(z=z_values)
@example(z=np.array([-3.0, 0.5, 4.0]))
def sigmoid_symmetry(student, reference, z):
    # np.array(...) keeps a 0-d z a 0-d array (-z alone would be a numpy scalar).
    at_z, at_minus_z = student.sigmoid(z), student.sigmoid(np.array(-z))
    for got in (at_z, at_minus_z):
        expect(isinstance(got, np.ndarray) or is_scalar(got), _("sigmoid returned {type}; expected an array of z's shape").format(type=show.type_name(got)), about=got)
    complement = 1.0 - np.asarray(at_z, dtype=np.float64)
    expect_same(at_minus_z, complement, rtol=1e-9, atol=1e-13)


@prop("sigmoid stays finite, accurate and warning-free for |z| up to 1e4", function="sigmoid", advice=SIGMOID_OVERFLOW, no_warnings=True)
@given(z=z_extremes)
@example(z=np.array([-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4]))
@example(z=np.array(-1e4))
def sigmoid_extremes(student, reference, z):
    expect_same(student.sigmoid(z), reference.sigmoid(z), **SIGMOID)


# -- identity ---------------------------------------------------------------------------
@prop("identity(z) returns z's values with z's shape and dtype", function="identity")
@given(z=z_values)
@example(z=np.array([0.3, -1.5]))
def identity_values(student, reference, z):
    expect_same(student.identity(z), reference.identity(z), rtol=0, atol=0)


# -- init_network -------------------------------------------------------------------------
@prop("init_network() returns the lesson's 2-3-2-2 network: W1, b1, W2, b2, W3, b3", function="init_network", fresh=True)
def init_network_values(student, reference):
    expect_same(student.init_network(), reference.init_network(), rtol=1e-12, atol=0)


# -- dense --------------------------------------------------------------------------------
@prop("dense(x, W, b, activation) is activation(x @ W + b), for one example and for a batch", function="dense")
@given(layer=layers(), activation=st.sampled_from(sorted(ACTIVATIONS)))
@example(layer=(np.array([1.0, 0.5]), np.array([[0.1, 0.3], [0.2, 0.4]]), np.array([0.1, 0.2])), activation="np.tanh")
@example(layer=(np.array([[1.0, -2.0], [0.5, 3.0], [0.0, 1.0]]), np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]), np.array([0.1, -0.2, 0.3])), activation="np.abs")
def dense_values(student, reference, layer, activation):
    x, W, b = layer
    expect_same(student.dense(x, W, b, lib(activation)), reference.dense(x, W, b, ACTIVATIONS[activation]), **LAYER)


# -- forward --------------------------------------------------------------------------------
@prop("forward(network, x) matches the reference for networks of 1 to 4 layers, one example or a batch", function="forward")
@given(case=networks())
# The worked example as row 0 of a batch; row 1 gives negative pre-activations,
# which tell a missing hidden activation apart from ReLU.
@example(case=(seed_network(), np.array([[1.0, 0.5], [-1.0, -2.0]])))
@example(case=(seed_network(), np.array([1.0, 0.5])))
@example(case=(four_layer_network(), np.array([[1.0, 0.5], [-2.0, 0.25]])))
# Saturated hidden units (z1 = [-12, 0, 15]): a sigmoid that is wrong only in its tails shows here.
@example(case=({"W1": np.array([[3.0, -3.0, -3.0], [3.0, 3.0, -3.0]]), "b1": np.array([3.0, -3.0, 0.0]),
                "W2": np.array([[1.0], [1.0], [-1.0]]), "b2": np.array([0.5])}, np.array([-3.0, -2.0])))
def forward_values(student, reference, case):
    network, x = case
    expect_same(student.forward(network, x), reference.forward(network, x), **LAYER)


@prop("forward on a batch equals forward on each row", function="forward", law=True)
@given(case=networks(min_batch=1, max_batch=5))
@example(case=(seed_network(), np.array([[1.0, 0.5], [0.0, -1.0], [2.0, 3.0]])))
def forward_batch_rows(student, reference, case):
    network, X = case
    n_out = network[f"W{len(network) // 2}"].shape[1]
    batch = student.forward(network, X)
    expect(
        isinstance(batch, np.ndarray) and batch.shape == (X.shape[0], n_out),
        _("forward on a batch of {rows} rows must return an array of shape {shape}").format(rows=X.shape[0], shape=(X.shape[0], n_out)),
        about=batch,
        got=_("{type} of shape {shape}").format(type=type(batch).__name__, shape=getattr(batch, "shape", None)),
        advice=_("x @ W works for a batch as it is: do not reshape or flatten x."),
    )
    for i, row in enumerate(X):
        expect_same(student.forward(network, row), batch[i], **LAYER)
