"""Known mistakes in random_init, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Each runs in the reference module, so
``uniform_init``, ``normal_init``, ``xavier_uniform``, ``xavier_normal`` and
``he_normal`` below are the reference ones.

Mistakes that draw from numpy's global generator without seeding it (or from
an unseeded new generator) give different numbers every call; the engine
calls every function twice with a generator in the same state and names them
itself (check:own-randomness), so they are marked ``diagnose=False``.
"""

import numpy as np

from graders.engine.variants import mistake


# -- uniform_init ------------------------------------------------------------------
@mistake("uniform_init", "draws from [0, limit) with limit * rng.random(...): every weight is positive",
         advice="rng.random gives numbers in [0, 1); U(-limit, limit) is rng.uniform(-limit, limit, size), or limit * (2 * rng.random(size) - 1).")
def uniform_init_positive(rng, n_in, n_out, limit):
    return limit * rng.random((n_in, n_out))


@mistake("uniform_init", "draws from [-limit/2, limit/2) with (rng.random(...) - 0.5) * limit",
         advice="rng.random() - 0.5 lies in [-0.5, 0.5): multiply by 2 * limit to reach [-limit, limit), or use rng.uniform(-limit, limit, size).")
def uniform_init_half_width(rng, n_in, n_out, limit):
    return (rng.random((n_in, n_out)) - 0.5) * limit


@mistake("uniform_init", "W transposed: shape (n_out, n_in)",
         advice="In the row convention y = x @ W + b, W maps n_in inputs to n_out units: size=(n_in, n_out).")
def uniform_init_transposed(rng, n_in, n_out, limit):
    return rng.uniform(-limit, limit, size=(n_out, n_in))


@mistake("uniform_init", "rng.random(n_in, n_out): the shape given as two numbers, as np.random.rand takes it",
         advice="np.random.rand(n_in, n_out) takes the sizes one by one, but Generator methods take ONE shape tuple (the second argument of rng.random is the dtype): "
                "rng.random((n_in, n_out)), with two pairs of parentheses.")
def uniform_init_two_numbers(rng, n_in, n_out, limit):
    return limit * (2 * rng.random(n_in, n_out) - 1)


@mistake("uniform_init", "np.random.uniform(...): numpy's global generator instead of rng", diagnose=False,  # named by the engine's check:own-randomness
         advice="Call the method of the generator you are given: rng.uniform(-limit, limit, size=(n_in, n_out)), not np.random.uniform.")
def uniform_init_global(rng, n_in, n_out, limit):
    return np.random.uniform(-limit, limit, (n_in, n_out))


# -- normal_init ---------------------------------------------------------------------
@mistake("normal_init", "rng.standard_normal(n_in, n_out): the shape given as two numbers, as np.random.randn takes it",
         advice="np.random.randn(n_in, n_out) takes the sizes one by one, but rng.standard_normal takes ONE shape tuple (its second argument is the dtype): "
                "rng.standard_normal((n_in, n_out)).")
def normal_init_two_numbers(rng, n_in, n_out, std):
    return std * rng.standard_normal(n_in, n_out)


@mistake("normal_init", "rng.random (uniform on [0, 1)) where a normal draw is meant: rand for randn",
         advice="rng.random is the uniform law on [0, 1), like np.random.rand; the normal N(0, 1) is rng.standard_normal, like np.random.randn.")
def normal_init_rand(rng, n_in, n_out, std):
    return std * rng.random((n_in, n_out))


@mistake("normal_init", "rng.normal(std, 1.0, size): the mean and the standard deviation swapped",
         advice="rng.normal takes the mean (loc) first and the standard deviation (scale) second: rng.normal(0.0, std, size). Naming them helps: rng.normal(loc=0.0, scale=std, size=...).")
def normal_init_loc_scale_swapped(rng, n_in, n_out, std):
    return rng.normal(std, 1.0, size=(n_in, n_out))


@mistake("normal_init", "a rank-1 array of n_in * n_out weights (size=n_in * n_out, never reshaped)",
         advice="Give the whole shape: rng.standard_normal((n_in, n_out)) is a matrix; a size of n_in * n_out is a flat (n_in * n_out,) array.")
def normal_init_rank1(rng, n_in, n_out, std):
    return std * rng.standard_normal(n_in * n_out)


@mistake("normal_init", "the normal draws clipped at 2 std (a truncated normal, as some libraries' initialisers draw)",
         advice="This course's normal_init is the whole normal law N(0, std**2): std * rng.standard_normal((n_in, n_out)), "
                "without np.clip and without redrawing the large values. Cutting the tails also shrinks the spread below std.")
def normal_init_clipped(rng, n_in, n_out, std):
    return std * np.clip(rng.standard_normal((n_in, n_out)), -2.0, 2.0)


@mistake("normal_init", "float32 weights (dtype=np.float32, what TensorFlow's tf.random.normal gives)",
         advice="Parameters are float64 here, numpy's default: leave out dtype=np.float32.")
def normal_init_float32(rng, n_in, n_out, std):
    return std * rng.standard_normal((n_in, n_out), dtype=np.float32)


@mistake("normal_init", "one random number for every weight: rng.normal(0, std) without a size, spread with np.full",
         advice="Without a size, rng.normal returns a single number, and every weight (every unit) gets the same one. Pass size=(n_in, n_out) to draw a new number for each weight.")
def normal_init_one_number(rng, n_in, n_out, std):
    return np.full((n_in, n_out), rng.normal(0.0, std))


@mistake("normal_init", "treats std as a variance: std is square-rooted again (np.sqrt(std) * ...)",
         advice="The argument is already the standard deviation: multiply by std itself, std * rng.standard_normal((n_in, n_out)).")
def normal_init_sqrt_std(rng, n_in, n_out, std):
    return np.sqrt(std) * rng.standard_normal((n_in, n_out))


@mistake("normal_init", "np.random.seed(0) then np.random.randn(...): reproducible, but it ignores rng",
         advice="Seeding numpy's global generator inside the function makes every call return the same weights whatever rng the caller passes. "
                "Draw from the rng argument: std * rng.standard_normal((n_in, n_out)).")
def normal_init_seed0(rng, n_in, n_out, std):
    np.random.seed(0)
    return std * np.random.randn(n_in, n_out)


@mistake("normal_init", "np.random.randn(...): numpy's global generator instead of rng", diagnose=False,  # named by the engine's check:own-randomness
         advice="np.random.randn(n_in, n_out) becomes rng.standard_normal((n_in, n_out)): the generator's method, with the shape as one tuple.")
def normal_init_global(rng, n_in, n_out, std):
    return std * np.random.randn(n_in, n_out)


# -- xavier_uniform ------------------------------------------------------------------
@mistake("xavier_uniform", "limit = sqrt(6 / n_in): n_out left out",
         advice="Xavier averages the two sides of the layer: limit = np.sqrt(6 / (n_in + n_out)).")
def xavier_uniform_n_in(rng, n_in, n_out):
    return uniform_init(rng, n_in, n_out, np.sqrt(6 / n_in))


@mistake("xavier_uniform", "limit = sqrt(6 / n_in + n_out): the parentheses around n_in + n_out are missing",
         advice="Division binds tighter than addition, so 6 / n_in + n_out is (6 / n_in) + n_out. Write np.sqrt(6 / (n_in + n_out)).")
def xavier_uniform_precedence(rng, n_in, n_out):
    return uniform_init(rng, n_in, n_out, np.sqrt(6 / n_in + n_out))


@mistake("xavier_uniform", "limit = sqrt(2 / (n_in + n_out)), the normal recipe's std used as the uniform limit",
         advice="U(-a, a) has variance a**2 / 3, so to get the Xavier variance 2 / (n_in + n_out) the limit must be np.sqrt(6 / (n_in + n_out)).")
def xavier_uniform_normal_limit(rng, n_in, n_out):
    return uniform_init(rng, n_in, n_out, np.sqrt(2 / (n_in + n_out)))


@mistake("xavier_uniform", "limit = 6 / (n_in + n_out): the square root is missing",
         advice="The limit is a square root: np.sqrt(6 / (n_in + n_out)).")
def xavier_uniform_no_sqrt(rng, n_in, n_out):
    return uniform_init(rng, n_in, n_out, 6 / (n_in + n_out))


@mistake("xavier_uniform", "draws from a normal law with the Xavier std (normal_init instead of uniform_init)",
         advice="xavier_uniform is the uniform flavour: uniform_init(rng, n_in, n_out, np.sqrt(6 / (n_in + n_out))), every weight within the limit.")
def xavier_uniform_normal(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, np.sqrt(2 / (n_in + n_out)))


# -- xavier_normal -------------------------------------------------------------------
@mistake("xavier_normal", "std = sqrt(1 / n_in): only the number of inputs (that is LeCun's recipe)",
         advice="Xavier uses both sides of the layer: std = np.sqrt(2 / (n_in + n_out)).")
def xavier_normal_n_in(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, np.sqrt(1 / n_in))


@mistake("xavier_normal", "std = 2 / (n_in + n_out): the variance used as the standard deviation (no square root)",
         advice="2 / (n_in + n_out) is the variance; normal_init wants the standard deviation, its square root: np.sqrt(2 / (n_in + n_out)).")
def xavier_normal_variance(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, 2 / (n_in + n_out))


@mistake("xavier_normal", "std = sqrt(6 / (n_in + n_out)), the uniform recipe's limit used as the std",
         advice="sqrt(6 / (n_in + n_out)) is the uniform limit; the normal std is np.sqrt(2 / (n_in + n_out)).")
def xavier_normal_uniform_std(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, np.sqrt(6 / (n_in + n_out)))


@mistake("xavier_normal", "draws from the uniform law (the xavier_uniform recipe): the variance is right but the shape is not",
         advice="xavier_normal is the normal flavour: normal_init(rng, n_in, n_out, np.sqrt(2 / (n_in + n_out))), a bell curve rather than a flat range.")
def xavier_normal_uniform(rng, n_in, n_out):
    return uniform_init(rng, n_in, n_out, np.sqrt(6 / (n_in + n_out)))


@mistake("xavier_normal", "a new np.random.default_rng(0) inside: reproducible, but it ignores rng",
         advice="A generator built inside the function with a fixed seed gives the same weights whatever rng the caller passes. Use the rng argument.")
def xavier_normal_own_generator(rng, n_in, n_out):
    own = np.random.default_rng(0)
    return np.sqrt(2 / (n_in + n_out)) * own.standard_normal((n_in, n_out))


# -- he_normal -------------------------------------------------------------------------
@mistake("he_normal", "std = sqrt(1 / n_in): the 2 for ReLU is missing",
         advice="ReLU zeroes about half of its inputs and so halves the signal's power; He's 2 makes up for it: std = np.sqrt(2 / n_in).")
def he_normal_one(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, np.sqrt(1 / n_in))


@mistake("he_normal", "std = sqrt(2 / (n_in + n_out)): the Xavier formula",
         advice="He counts only the inputs: std = np.sqrt(2 / n_in). sqrt(2 / (n_in + n_out)) is Xavier's std.")
def he_normal_xavier(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, np.sqrt(2 / (n_in + n_out)))


@mistake("he_normal", "std = sqrt(2 / n_out): the outputs counted instead of the inputs",
         advice="The spread is set by how many inputs each unit adds up: std = np.sqrt(2 / n_in), with n_in the first size.")
def he_normal_fan_out(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, np.sqrt(2 / n_out))


@mistake("he_normal", "std = 2 / n_in: the variance used as the standard deviation (no square root)",
         advice="2 / n_in is the variance; the standard deviation is its square root: np.sqrt(2 / n_in).")
def he_normal_variance(rng, n_in, n_out):
    return normal_init(rng, n_in, n_out, 2 / n_in)


@mistake("he_normal", "a new unseeded np.random.default_rng() inside, instead of rng", diagnose=False,  # named by the engine's check:own-randomness
         advice="np.random.default_rng() with no seed starts from fresh entropy every call. Use the rng you are given.")
def he_normal_fresh_generator(rng, n_in, n_out):
    return np.random.default_rng().normal(0.0, np.sqrt(2 / n_in), (n_in, n_out))


# -- init_network_random ------------------------------------------------------------------
@mistake("init_network_random", "random biases (drawn like the weights) instead of zeros",
         advice="Only the weights need randomness to break the symmetry; the biases start at zero: np.zeros(layer_sizes[l]).")
def network_random_biases(rng, layer_sizes, method="he_normal"):
    draw = {"he_normal": he_normal, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform}[method]
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = draw(rng, layer_sizes[layer - 1], layer_sizes[layer])
        params[f"b{layer}"] = rng.standard_normal(layer_sizes[layer])
    return params


@mistake("init_network_random", "one dict for every network, kept at module level and refilled on each call",
         advice="Every call returns the same dict, so a second network overwrites the first: make params = {} inside the function.",
         diagnose=False)  # named by the engine's own check (fresh=True: "returns the same dict ... on every call")
def network_random_module_dict(rng, layer_sizes, method="he_normal"):
    draw = {"he_normal": he_normal, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform}[method]
    params = globals().setdefault("_PARAMS", {})  # what `_PARAMS = {}` at the top of the file does
    params.clear()
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = draw(rng, layer_sizes[layer - 1], layer_sizes[layer])
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_random", "biases as (n_l, 1) columns instead of (n_l,) vectors",
         advice="In the row convention the bias is added to every row of x @ W: shape (n_l,), np.zeros(layer_sizes[l]).")
def network_bias_columns(rng, layer_sizes, method="he_normal"):
    draw = {"he_normal": he_normal, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform}[method]
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = draw(rng, layer_sizes[layer - 1], layer_sizes[layer])
        params[f"b{layer}"] = np.zeros((layer_sizes[layer], 1))
    return params


@mistake("init_network_random", "range(len(layer_sizes)): one layer too many, W0 of shape (n_L, n_0) from layer_sizes[-1]",
         advice="Sizes [n_0, ..., n_L] make L = len(layer_sizes) - 1 layers, numbered from 1: for l in range(1, len(layer_sizes)).")
def network_extra_layer(rng, layer_sizes, method="he_normal"):
    draw = {"he_normal": he_normal, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform}[method]
    params = {}
    for layer in range(len(layer_sizes)):
        params[f"W{layer}"] = draw(rng, layer_sizes[layer - 1], layer_sizes[layer])
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_random", "method is ignored: every layer is He normal",
         advice="method names the recipe: look the function up, e.g. {'he_normal': he_normal, 'xavier_normal': xavier_normal, 'xavier_uniform': xavier_uniform}[method].")
def network_ignores_method(rng, layer_sizes, method="he_normal"):
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = he_normal(rng, layer_sizes[layer - 1], layer_sizes[layer])
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_random", "every layer draws from a copy of rng (copy.deepcopy(rng)): all layers start from the same state",
         advice="Pass rng itself to every layer: a generator moves on as it draws, so each layer gets new numbers. A copy restarts from the same state each time.")
def network_copied_generator(rng, layer_sizes, method="he_normal"):
    import copy

    draw = {"he_normal": he_normal, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform}[method]
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = draw(copy.deepcopy(rng), layer_sizes[layer - 1], layer_sizes[layer])
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_random", "W_l of shape (n_l, n_{l-1}): the sizes passed to method in the wrong order",
         advice="method(rng, n_in, n_out) with n_in = layer_sizes[l - 1] and n_out = layer_sizes[l], so that W_l is (n_{l-1}, n_l).")
def network_transposed(rng, layer_sizes, method="he_normal"):
    draw = {"he_normal": he_normal, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform}[method]
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = draw(rng, layer_sizes[layer], layer_sizes[layer - 1])
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_random", "zero weights (init_network_zeros' np.zeros) instead of random ones",
         advice="Zero weights leave every unit of a layer identical forever (the symmetry problem). Draw the weights: W_l = method(rng, n_{l-1}, n_l); only the biases are zeros.")
def network_zero_weights(rng, layer_sizes, method="he_normal"):
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"] = np.zeros((layer_sizes[layer - 1], layer_sizes[layer]))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@mistake("init_network_random", "layer_sizes.pop(0) to read the input size: the caller's list loses its first entry", diagnose=False,  # named by the engine's changed-input check
         advice="Do not change the caller's list: read layer_sizes[l - 1] and layer_sizes[l] by index, or work on a copy, list(layer_sizes).")
def network_pops_sizes(rng, layer_sizes, method="he_normal"):
    draw = {"he_normal": he_normal, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform}[method]
    params = {}
    n_in = layer_sizes.pop(0)
    for layer, n_out in enumerate(layer_sizes, start=1):
        params[f"W{layer}"] = draw(rng, n_in, n_out)
        params[f"b{layer}"] = np.zeros(n_out)
        n_in = n_out
    return params
