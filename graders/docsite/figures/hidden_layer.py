"""Figures of the hidden_layer lesson (docs/lessons/hidden_layer.md)."""

from __future__ import annotations

import numpy as np

from ...i18n import _
from .base import GREY, INDIGO, ORANGE, PINK, TEAL, _new, _solution, figure

XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def xor_start(seed: int = 0, n_h: int = 4) -> dict:
    """The lesson's (and the grader's) seeded start: normal weights with sd 0.5, zero biases."""
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, 0.5, (n_h, 2)), "b1": np.zeros((n_h, 1)), "W2": rng.normal(0.0, 0.5, (1, n_h)), "b2": np.zeros((1, 1))}


def _points(ax):
    colours = np.where(XOR_Y[0] == 1.0, INDIGO, PINK)
    ax.scatter(XOR_X[0], XOR_X[1], c=colours, s=90, edgecolors="black", linewidths=1.2, zorder=4)
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)


def _shade(ax, probabilities, grid):
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("pink-indigo", [PINK, "white", INDIGO])
    xs, ys = grid
    ax.contourf(xs, ys, probabilities, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.55)
    if probabilities.min() < 0.5 < probabilities.max():
        ax.contour(xs, ys, probabilities, levels=[0.5], colors="black", linewidths=1.6)


@figure("xor-boundaries")
def xor_boundaries(course):
    hl = _solution(course, "hidden_layer")
    vg = _solution(course, "vectorized_gradients")
    xs, ys = np.meshgrid(np.linspace(-0.5, 1.5, 161), np.linspace(-0.5, 1.5, 161))
    grid = np.vstack([xs.ravel(), ys.ravel()])  # (2, 161 * 161): every pixel is a column

    # A single neuron (logistic regression), trained by gradient descent from a small random start.
    rng = np.random.default_rng(1)
    w, b, neuron_costs = rng.normal(0.0, 0.5, (2, 1)), 0.3, []
    for _call in range(10):  # optimize records 50 costs per call; 10 calls = 500 iterations
        params, _grads, costs = vg.optimize(w, b, XOR_X, XOR_Y, 50, 1.0)
        w, b = params["w"], params["b"]
        neuron_costs += costs
    neuron = 1 / (1 + np.exp(-(w.T @ grid + b)))
    neuron_right = int(np.sum(vg.predict(w, b, XOR_X) == XOR_Y))

    trained, net_costs = hl.train(XOR_X, XOR_Y, xor_start(0), 500, 1.0)
    network = hl.forward(grid, trained)[0]
    right = int(np.sum((hl.forward(XOR_X, trained)[0] > 0.5) == (XOR_Y == 1.0)))

    fig, (left, middle, last) = _new(9.6, 3.3, ncols=3)
    _shade(left, neuron.reshape(xs.shape), (xs, ys))
    _points(left)
    left.set_title(_("one neuron: outputs ≈ 0.5, {right} of 4 right").format(right=neuron_right), fontsize=10)
    _shade(middle, network.reshape(xs.shape), (xs, ys))
    # Each hidden unit's own line W1[j] · x + b1[j] = 0, where its tanh changes sign.
    line = np.linspace(-0.5, 1.5, 2)
    for (w1, w2), b1 in zip(trained["W1"], trained["b1"][:, 0]):
        if abs(w2) > 1e-9:
            middle.plot(line, -(w1 * line + b1) / w2, color=GREY, lw=1, ls="--")
    _points(middle)
    middle.set_title(_("4 tanh hidden units: {right} of 4 right").format(right=right), fontsize=10)
    last.plot(neuron_costs, color=GREY, lw=2, label=_("one neuron"))
    last.plot(net_costs, color=TEAL, lw=2, label=_("one hidden layer"))
    last.axhline(np.log(2), color=ORANGE, lw=1, ls=":")
    last.text(len(net_costs) * 0.98, np.log(2) + 0.02, "log 2", color=ORANGE, ha="right", va="bottom", fontsize=9)
    last.set_xlabel(_("iteration"))
    last.set_ylabel(_("cost"))
    last.set_ylim(0, 0.8)
    last.set_title(_("cost per iteration (rate 1.0)"), fontsize=10)
    last.legend(loc="center right")
    return fig


@figure("gradient-check-epsilon")
def gradient_check_epsilon(course):
    hl = _solution(course, "hidden_layer")
    params = xor_start(0)
    grads = hl.backward(params, hl.forward(XOR_X, params)[1], XOR_X, XOR_Y)
    g = np.concatenate([grads["d" + k].ravel() for k in hl.KEYS])

    def J(p):
        return hl.cost(hl.forward(XOR_X, p)[0], XOR_Y)

    def one_sided(epsilon):
        """The same relative error, with one-sided differences (J(theta + epsilon) - J(theta)) / epsilon."""
        base, approx = J(params), []
        for key in hl.KEYS:
            for index in np.ndindex(params[key].shape):
                moved = {k: v.copy() for k, v in params.items()}
                moved[key][index] += epsilon
                approx.append((J(moved) - base) / epsilon)
        approx = np.array(approx)
        return np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx))

    epsilons = np.logspace(-12, -1, 45)
    central = [hl.gradient_check(params, XOR_X, XOR_Y, grads, e) for e in epsilons]
    forward_only = [one_sided(e) for e in epsilons]
    fig, ax = _new(7, 3.3)
    ax.loglog(epsilons, central, "o-", color=TEAL, lw=2, ms=3, label=_("central: (J(θ+ε) − J(θ−ε)) / 2ε"))
    ax.loglog(epsilons, forward_only, "s-", color=PINK, lw=2, ms=3, label=_("one-sided: (J(θ+ε) − J(θ)) / ε"))
    ax.axvline(1e-7, color=GREY, lw=1, ls=":")
    ax.text(1.15e-7, 0.3, _("the default\nε = 1e-7"), color=GREY, fontsize=9, va="top")
    ax.axhspan(1e-3, 1.5, color=PINK, alpha=0.07)
    ax.text(3e-10, 0.15, _("above 1e-3: look for a bug"), color=PINK, fontsize=9, ha="center")
    ax.set_xlabel(_("step ε"))
    ax.set_ylabel(_("relative error of the true gradients"))
    ax.set_title(_("left: rounding grows like 1/ε · right: truncation like ε² (central) or ε (one-sided)"), fontsize=9.5)
    ax.legend(loc="lower left", fontsize=9)
    return fig
