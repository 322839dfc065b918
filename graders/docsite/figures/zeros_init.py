"""Figures of the zeros_init lesson (docs/lessons/zeros_init.md)."""

from __future__ import annotations


import numpy as np

from ...i18n import _
from .base import INDIGO, PINK, TEAL, ORANGE, _new, figure

@figure("init-distributions")
def init_distributions(course):
    rng = np.random.default_rng(3)
    uniform = rng.uniform(0.0, 1.0, 100_000)
    normal = rng.normal(0.0, 1.0, 100_000)
    fig, ax = _new(7, 3.0)
    bins = np.linspace(-4.5, 4.5, 91)
    ax.hist(uniform, bins=bins, density=True, color=INDIGO, alpha=0.75, label="uniform(0, 1)")
    ax.hist(normal, bins=bins, density=True, color=ORANGE, alpha=0.6, label="normal(0, 1)")
    ax.set_xlabel(_("value of a weight"))
    ax.set_ylabel(_("density"))
    ax.set_title(_("100 000 draws from each distribution"))
    ax.legend(loc="upper left")
    return fig


def _train_2_3_1(W1, b1, W2, b2, steps=300, lr=2.0):
    """Full-batch gradient descent on a 2-3-1 sigmoid network; W1's history."""
    X = np.random.default_rng(7).normal(0.0, 1.0, (40, 2))
    y = ((X[:, :1] ** 2 + X[:, 1:] > 0.5)).astype(float)  # a curved boundary: one unit cannot draw it
    sigmoid = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
    history = [W1[0].copy()]
    for _step in range(steps):
        a1 = sigmoid(X @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        d2 = (a2 - y) / len(X)
        d1 = (d2 @ W2.T) * a1 * (1 - a1)
        W2 = W2 - lr * a1.T @ d2
        b2 = b2 - lr * d2.sum(axis=0)
        W1 = W1 - lr * X.T @ d1
        b1 = b1 - lr * d1.sum(axis=0)
        history.append(W1[0].copy())
    return np.array(history)


@figure("zero-symmetry")
def zero_symmetry(course):
    zeros = _train_2_3_1(np.zeros((2, 3)), np.zeros(3), np.zeros((3, 1)), np.zeros(1))
    rng = np.random.default_rng(0)
    random = _train_2_3_1(rng.normal(0, 1, (2, 3)), np.zeros(3), rng.normal(0, 1, (3, 1)), np.zeros(1))
    fig, (left, right) = _new(7.4, 3.0, ncols=2)
    styles = [dict(color=INDIGO, lw=3.5, alpha=0.5), dict(color=PINK, lw=2, ls="--"), dict(color=TEAL, lw=1.2, ls=":")]
    for ax, history, title in ((left, zeros, _("all weights start at 0")), (right, random, _("weights start random"))):
        for unit in range(3):
            ax.plot(history[:, unit], label=_("hidden unit {number}").format(number=unit + 1), **styles[unit])
        ax.set_title(title)
        ax.set_xlabel(_("gradient-descent step"))
    left.set_ylabel(_("weight from input 1"))
    left.legend(loc="best", fontsize=8)
    return fig
