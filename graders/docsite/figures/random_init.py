"""Figures of the random_init lesson (docs/lessons/random_init.md)."""

from __future__ import annotations

import numpy as np

from ...i18n import _
from .base import GREY, INDIGO, ORANGE, PINK, TEAL, _new, _solution, figure


@figure("million-draws")
def million_draws(course):
    """Left: a million uniform(0, 1) and normal(0, 1) draws (the seed post's picture).
    Right: Xavier uniform against Xavier normal for one 256 x 256 layer: the same
    variance, two shapes."""
    solution = _solution(course, "random_init")
    rng = np.random.default_rng(2020)
    uniform = rng.random(1_000_000)
    normal = rng.standard_normal(1_000_000)
    fig, (left, right) = _new(7.6, 3.1, ncols=2)
    bins = np.linspace(-4.5, 4.5, 91)
    left.hist(uniform, bins=bins, density=True, color=INDIGO, alpha=0.75, label=_("rng.random: uniform on [0, 1)"))
    left.hist(normal, bins=bins, density=True, color=ORANGE, alpha=0.6, label="rng.standard_normal: N(0, 1)")
    x = np.linspace(-4.5, 4.5, 400)
    left.plot(x, np.exp(-x**2 / 2) / np.sqrt(2 * np.pi), color=GREY, lw=1.2, ls="--", label=_("bell curve, mean 0, std 1"))
    left.set_ylim(0, 1.3)
    left.set_title(_("1 000 000 draws of each"))
    left.set_xlabel(_("value"))
    left.set_ylabel(_("density"))
    left.legend(loc="upper left", fontsize=7.5)

    n = 256
    limit = np.sqrt(6 / (n + n))
    flat = solution.xavier_uniform(np.random.default_rng(1), n, n).ravel()
    bell = solution.xavier_normal(np.random.default_rng(2), n, n).ravel()
    bins = np.linspace(-0.3, 0.3, 61)
    right.hist(flat, bins=bins, density=True, color=TEAL, alpha=0.7, label=_("xavier_uniform: std {std:.4f}").format(std=flat.std()))
    right.hist(bell, bins=bins, density=True, color=PINK, alpha=0.5, label=_("xavier_normal: std {std:.4f}").format(std=bell.std()))
    for side in (-limit, limit):
        right.axvline(side, color=GREY, lw=1, ls=":")
    right.text(limit, right.get_ylim()[1] * 0.92, f" ±{limit:.4f}", color=GREY, fontsize=8)
    right.set_title(_("one {n} x {n} layer, Xavier").format(n=n))
    right.set_xlabel(_("weight"))
    right.legend(loc="upper left", fontsize=7.5)
    return fig


def _relu_stack(make_weights, depth: int, width: int, batch: int, seed: int) -> np.ndarray:
    """Push a batch of N(0, 1) inputs through ``depth`` ReLU layers: the RMS of
    each layer's activations (index 0: the input)."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((batch, width))
    spread = [float(np.sqrt(np.mean(a**2)))]
    for _layer in range(depth):
        a = np.maximum(a @ make_weights(rng, width, width), 0.0)  # row convention, zero biases
        spread.append(float(np.sqrt(np.mean(a**2))))
    return np.array(spread)


@figure("relu-depth")
def relu_depth(course):
    """Left: the spread of the activations through 10 ReLU layers of 256 units,
    for three ways of drawing the weights (std 1, Xavier, He), all seeded.
    Right: one layer's pre-activations before and after ReLU."""
    solution = _solution(course, "random_init")
    depth, width, batch = 10, 256, 500
    recipes = [
        (_("std 1 (normal_init with std=1)"), lambda rng, i, o: solution.normal_init(rng, i, o, 1.0), ORANGE, "s"),
        (_("Xavier: std sqrt(2 / (n_in + n_out))"), solution.xavier_normal, INDIGO, "o"),
        (_("He: std sqrt(2 / n_in)"), solution.he_normal, TEAL, "^"),
    ]
    fig, (left, right) = _new(7.8, 3.3, ncols=2)
    layers = np.arange(depth + 1)
    for label, make, colour, marker in recipes:
        spread = _relu_stack(make, depth, width, batch, seed=10)
        left.semilogy(layers, spread, marker=marker, ms=4, color=colour, label=label)
    left.set_xlabel(_("layer (0 = the input)"))
    left.set_ylabel(_("RMS of the activations (log scale)"))
    left.set_title(_("10 ReLU layers of 256 units"))
    left.set_xticks(layers)
    left.legend(loc="upper left", fontsize=7.5)

    # Why He doubles: one layer's pre-activations z are a symmetric bell; ReLU keeps the
    # positive half, so the mean square of relu(z) is half that of z.
    rng = np.random.default_rng(11)
    x = rng.standard_normal((batch, width))
    z = x @ solution.normal_init(rng, width, width, np.sqrt(1.0 / width))  # variance n_in * (1 / n_in) * 1 = 1
    a = np.maximum(z, 0.0)
    bins = np.linspace(-4.0, 4.0, 81)
    right.hist(z.ravel(), bins=bins, density=True, color=GREY, alpha=0.45, label=f"z: mean(z**2) = {np.mean(z**2):.2f}")
    right.hist(a[a > 0].ravel(), bins=bins, weights=np.full(int((a > 0).sum()), 1.0 / (a.size * (bins[1] - bins[0]))), color=TEAL, alpha=0.75,
               label=f"relu(z) > 0: mean(relu(z)**2) = {np.mean(a**2):.2f}")
    right.text(-3.9, 0.3, _("{percent:.0f}% of relu(z)\nare exactly 0").format(percent=100 * np.mean(a == 0)), color=TEAL, fontsize=8)
    right.set_ylim(0, 0.6)
    right.set_title(_("ReLU halves the mean square"))
    right.set_xlabel(_("value before (grey) and after (teal) ReLU"))
    right.set_ylabel(_("density"))
    right.legend(loc="upper left", fontsize=7.5)
    return fig
