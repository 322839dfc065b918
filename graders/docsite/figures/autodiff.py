"""Figures of the autodiff lesson (docs/lessons/autodiff.md)."""

from __future__ import annotations

import numpy as np

from ...i18n import _
from .base import GREY, INDIGO, ORANGE, PINK, TEAL, _new, _solution, figure


@figure("autodiff-graph")
def autodiff_graph(course):
    """The graph of h = tanh(x * y), f = h * h + x after backward(), from the reference's Value."""
    ad = _solution(course, "autodiff")
    x, y = ad.Value(0.5), ad.Value(-1.5)
    h = (x * y).tanh()
    f = h * h + x
    f.backward()
    xy, hh = h.parents[0], f.parents[0]
    where = {id(x): (0, 0.95), id(y): (0, -0.95), id(xy): (1.2, 0), id(h): (2.4, 0), id(hh): (3.6, 0), id(f): (4.8, 0.5)}
    names = {id(x): "x", id(y): "y", id(xy): "x * y", id(h): "h = tanh", id(hh): "h * h", id(f): "f = add"}
    fig, ax = _new(7.6, 3.4)
    ax.set_axis_off()
    ax.grid(False)
    for node in ad.topological_order(f):
        x1, y1 = where[id(node)]
        twice = len(node.parents) == 2 and node.parents[0] is node.parents[1]
        for k, (parent, local) in enumerate(zip(node.parents, node.local_grads)):
            x0, y0 = where[id(parent)]
            bend = (0.35 if k == 0 else -0.35) if twice else 0.0
            ax.annotate("", xy=(x1 - 0.42, y1), xytext=(x0 + 0.42, y0),
                        arrowprops=dict(arrowstyle="-|>", color=GREY, lw=1.2, shrinkA=0, shrinkB=0, connectionstyle=f"arc3,rad={bend}"))
            lift = (0.2 if k == 0 else -0.2) if twice else 0.06
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + lift, _("local {grad:.3g}").format(grad=local), ha="center", va="bottom" if lift > 0 else "top",
                    fontsize=7.5, color=TEAL)
    for node in ad.topological_order(f):
        x1, y1 = where[id(node)]
        colour = INDIGO if not node.parents else (PINK if node is f else ORANGE)
        ax.text(x1, y1, f"{names[id(node)]}\ndata {node.data:.4g}\ngrad {node.grad:.4g}", ha="center", va="center", fontsize=8.5,
                bbox=dict(boxstyle="round,pad=0.35", facecolor="white", edgecolor=colour, lw=1.6))
    ax.set_xlim(-0.5, 5.3)
    ax.set_ylim(-1.4, 1.4)
    ax.set_title(_("h = tanh(x * y), f = h * h + x at x = 0.5, y = -1.5, after f.backward()"))
    return fig


@figure("autodiff-fit")
def autodiff_fit(course):
    """The seed's fit of y = 3x - 2: the data and line, the loss, and a and b epoch by epoch."""
    ad = _solution(course, "autodiff")
    x = np.random.default_rng(2024).normal(size=10)
    y = 3 * x - 2
    epochs, rate = 200, 0.1
    a_final, b_final, losses = ad.fit_line(x, y, epochs, rate)
    # The same descent, one mse_grad at a time, to show a and b on the way.
    a, b, path = 0.0, 0.0, [(0.0, 0.0)]
    for _epoch in range(epochs):
        _loss, da, db = ad.mse_grad(a, b, x, y)
        a, b = a - rate * da, b - rate * db
        path.append((a, b))
    path = np.array(path)
    assert np.allclose(path[-1], [a_final, b_final])
    fig, (left, middle, right) = _new(8.4, 2.9, ncols=3)
    left.scatter(x, y, color=INDIGO, s=18, zorder=3, label=_("data: y = 3x - 2"))
    xs = np.linspace(x.min() - 0.2, x.max() + 0.2, 2)
    for k, colour in ((5, GREY), (20, ORANGE), (epochs, PINK)):
        ak, bk = path[k]
        left.plot(xs, ak * xs + bk, color=colour, lw=1.6, label=_("after {epochs} epochs").format(epochs=k))
    left.set_title(_("the line a x + b"))
    left.set_xlabel("x")
    left.legend(fontsize=7.5)
    middle.semilogy(losses, color=INDIGO, lw=2)
    middle.set_title(_("losses from fit_line"))
    middle.set_xlabel(_("epoch"))
    middle.set_ylabel(_("MSE (log scale)"))
    right.plot(path[:, 0], color=INDIGO, lw=2, label="a")
    right.plot(path[:, 1], color=PINK, lw=2, label="b")
    right.axhline(3.0, color=INDIGO, lw=0.8, ls="--")
    right.axhline(-2.0, color=PINK, lw=0.8, ls="--")
    right.set_title(f"a → {a_final:.4f}, b → {b_final:.4f}")
    right.set_xlabel(_("epoch"))
    right.legend()
    return fig
