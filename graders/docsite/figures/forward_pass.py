"""Figures of the forward_pass lesson (docs/lessons/forward_pass.md)."""

from __future__ import annotations


import numpy as np

from ...i18n import _
from .base import INDIGO, PINK, GREY, _new, _solution, figure

@figure("sigmoid")
def sigmoid_figure(course):
    sigmoid = _solution(course, "forward_pass").sigmoid
    z = np.linspace(-8, 8, 401)
    s = sigmoid(z)
    fig, ax = _new(7, 3.0)
    ax.plot(z, s, color=INDIGO, lw=2.2, label=r"$\sigma(z) = 1 / (1 + e^{-z})$")
    ax.plot(z, s * (1 - s), color=PINK, lw=2.2, ls="--", label=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$")
    ax.axhline(1.0, color=GREY, lw=0.8, ls=":")
    ax.plot([0, 0], [0.25, 0.5], "o", color="black", ms=4)
    ax.annotate(r"$\sigma(0) = 0.5$", (0, 0.5), xytext=(0.7, 0.45), arrowprops=dict(arrowstyle="-", color=GREY, lw=0.6))
    ax.annotate(_(r"$\sigma'(0) = 0.25$, its largest value"), (0, 0.25), xytext=(1.9, 0.28), arrowprops=dict(arrowstyle="-", color=GREY, lw=0.6))
    ax.set_xlabel("z")
    ax.set_ylim(-0.05, 1.1)
    ax.legend(loc="upper left")
    return fig


@figure("network-2322")
def network_2322(course):
    fp = _solution(course, "forward_pass")
    net = fp.init_network()
    x = np.array([1.0, 0.5])
    a1 = fp.dense(x, net["W1"], net["b1"], fp.sigmoid)
    a2 = fp.dense(a1, net["W2"], net["b2"], fp.sigmoid)
    y = fp.dense(a2, net["W3"], net["b3"], fp.identity)
    layers = [x, a1, a2, y]
    names = [_("input x\n(2,)"), _("hidden 1: sigmoid\n(3,)"), _("hidden 2: sigmoid\n(2,)"), _("output: identity\n(2,)")]
    colours = [GREY, INDIGO, INDIGO, PINK]
    fig, ax = _new(7.6, 3.5)
    ax.set_axis_off()
    positions = []
    for column, values in enumerate(layers):
        ys = np.linspace(-(len(values) - 1) / 2, (len(values) - 1) / 2, len(values))[::-1] * 1.1
        positions.append([(column * 2.6, yy) for yy in ys])
    for column in range(3):
        W = net[f"W{column + 1}"]
        for i, (x0, y0) in enumerate(positions[column]):
            for j, (x1, y1) in enumerate(positions[column + 1]):
                ax.plot([x0, x1], [y0, y1], color=GREY, lw=0.6 + 2.5 * W[i, j], alpha=0.55, zorder=1)
        ax.text(column * 2.6 + 1.3, 1.95, f"W{column + 1} {W.shape}\nb{column + 1} ({W.shape[1]},)", ha="center", va="center", fontsize=8, color=GREY)
    for column, values in enumerate(layers):
        for (px, py), value in zip(positions[column], values):
            ax.add_patch(_circle((px, py), 0.36, colours[column]))
            ax.text(px, py, f"{value:.4f}", ha="center", va="center", fontsize=7.5, color="white", zorder=4, weight="bold")
        ax.text(column * 2.6, -2.15, names[column], ha="center", va="top", fontsize=8.5)
    ax.set_xlim(-0.6, 3 * 2.6 + 0.6)
    ax.set_ylim(-2.9, 2.35)
    ax.set_aspect("equal")
    return fig


def _circle(center, radius, colour):
    from matplotlib.patches import Circle

    return Circle(center, radius, facecolor=colour, edgecolor="white", lw=1.5, zorder=3)
