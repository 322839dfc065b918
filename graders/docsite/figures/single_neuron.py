"""Figures of the single_neuron lesson (docs/lessons/single_neuron.md)."""

from __future__ import annotations

import numpy as np

from ...i18n import _
from .base import GREY, INDIGO, ORANGE, PINK, TEAL, _new, _solution, figure

# The post's neuron: x = 1, target 0, learning rate 0.1, and the float32
# starting weight whose output is 0.25820436275087716.
POST_W0 = -1.0553224086761475
POST_PRINTED = [
    -0.03173079700164497, -0.024241452365306285, -0.019590717239652087, -0.016427360997418813, -0.014138429413603958,
    -0.012406450447051597, -0.011050706128755142, -0.00996094959269461, -0.009066010254717002, -0.008318118521116045,
]
TABLE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {"AND": np.array([0.0, 0.0, 0.0, 1.0]), "OR": np.array([0.0, 1.0, 1.0, 1.0]), "XOR": np.array([0.0, 1.0, 1.0, 0.0])}


@figure("neuron-trace")
def neuron_trace(course):
    sn = _solution(course, "single_neuron")
    x = np.array([1.0])
    _weights, errors = sn.train_neuron(np.array([POST_W0]), x, 0.0, 0.1, 1200)
    outputs = -np.array(errors)  # y = 0, so the output is minus the error
    steps = np.arange(len(outputs))
    fig, (left, right) = _new(7.6, 3.1, ncols=2)

    left.plot(steps, outputs, color=INDIGO, lw=2, label=_("output of train_neuron's run"))
    left.axvspan(0, 200, color=GREY, alpha=0.15, lw=0)
    left.text(100, 0.02, _("200 steps\nbefore the\npost's loop"), ha="center", va="center", fontsize=8, color=GREY)
    printed_at = np.arange(299, 1200, 100)
    left.plot(printed_at, [-e for e in POST_PRINTED], "o", color=PINK, ms=5, label=_("the post's printed outputs"))
    left.plot(99, outputs[99], "x", color=ORANGE, ms=8, mew=2, label=_("step 99 from the printed start"))
    left.set_xlabel(_("step k (from the weight whose output is 0.2582)"))
    left.set_ylabel(_("output a = sigmoid(w x)"))
    left.set_title(_("target y = 0, learning rate 0.1"))
    left.legend(fontsize=8, loc="upper right")

    k = steps[1:]  # outputs[k] is the output after k steps
    right.loglog(k, outputs[1:], color=INDIGO, lw=2, label=_("output after k steps"))
    late = k >= 20
    right.loglog(k[late], 1 / (0.1 * k[late]), color=TEAL, lw=1.4, ls="--", label=_("1 / (learning rate × k)"))
    right.set_xlabel(_("step k (log scale)"))
    right.set_ylabel(_("output (log scale)"))
    right.set_title(_("slowly, like 1 / (0.1 k)"))
    right.legend(fontsize=8)
    return fig


@figure("logic-gates")
def logic_gates(course):
    sn = _solution(course, "single_neuron")
    fig, axes = _new(7.6, 2.9, ncols=3)
    grid = np.linspace(-0.35, 1.35, 69)
    gx, gy = np.meshgrid(grid, grid)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    for ax, (name, y) in zip(axes, GATES.items()):
        w, b = sn.train_logic(TABLE, y, 0.5, 200)
        outputs = sn.sigmoid(points @ w + b).reshape(gx.shape)
        # the neuron's output at every point of the plane: red near 0, blue near 1
        ax.imshow(outputs, origin="lower", extent=(grid[0], grid[-1], grid[0], grid[-1]), cmap="RdBu", vmin=-0.1, vmax=1.1,
                  alpha=0.55, interpolation="bilinear", aspect="auto")
        if np.abs(w).max() > 1e-12:
            ax.contour(gx, gy, points.dot(w).reshape(gx.shape) + b, levels=[0.0], colors="black", linewidths=1.5)
        answers = sn.predict_logic(w, b, TABLE)
        right = int(np.sum(answers == y))
        for (x1, x2), target, answer in zip(TABLE, y, answers):
            ax.scatter([x1], [x2], s=110, marker="o", color=INDIGO if target == 1.0 else PINK, edgecolors="black", zorder=3)
            ax.annotate(f"{target:g}", (x1, x2), textcoords="offset points", xytext=(0, 12), ha="center", fontsize=8)
            if answer != target:
                ax.scatter([x1], [x2], s=260, marker="o", facecolors="none", edgecolors=ORANGE, linewidths=2, zorder=4)
        ax.set_title(_("{gate}: {right} of 4 right").format(gate=name, right=right))
        ax.set_xlim(-0.35, 1.35)
        ax.set_ylim(-0.35, 1.35)
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
        ax.set_xlabel("x1")
        ax.grid(False)
    axes[0].set_ylabel("x2")
    return fig


@figure("slope-ce-mse")
def slope_ce_mse(course):
    sn = _solution(course, "single_neuron")
    z = np.linspace(-8, 8, 321)
    a = sn.sigmoid(z)
    fig, ax = _new(7, 2.9)
    # target y = 1: the slope of each loss with respect to z, as a size
    ax.plot(z, 1 - a, color=INDIGO, lw=2.2, label=_("cross-entropy: |a − y| (this lesson's rule)"))
    ax.plot(z, (1 - a) * a * (1 - a), color=PINK, lw=2.2, ls="--", label=_("squared error / 2: |a − y| · a(1 − a)"))
    ax.set_xlabel(_("z = w · x of an example whose target is y = 1"))
    ax.set_ylabel(_("size of the slope dL/dz"))
    ax.annotate(_("badly wrong (a ≈ 0):\nthe squared error\nhardly moves"), xy=(-6, 0.0025), xytext=(-7.6, 0.45), fontsize=8.5,
                arrowprops=dict(arrowstyle="->", color=GREY))
    ax.legend(loc="upper right", fontsize=8.5)
    return fig
