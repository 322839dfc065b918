"""Figures of the cost_function lesson (docs/lessons/cost_function.md)."""

from __future__ import annotations


import numpy as np

from ...i18n import _
from .base import INDIGO, PINK, TEAL, ORANGE, GREY, _new, _solution, figure

@figure("cross-entropy")
def cross_entropy(course):
    bce = _solution(course, "cost_function").binary_cross_entropy
    a = np.linspace(0.005, 0.995, 199)
    one = [bce(np.array([[p]]), np.array([[1.0]])) for p in a]
    zero = [bce(np.array([[p]]), np.array([[0.0]])) for p in a]
    fig, ax = _new(7, 3.0)
    ax.plot(a, one, color=INDIGO, lw=2.2, label=_(r"label $y = 1$: loss $-\log a$"))
    ax.plot(a, zero, color=PINK, lw=2.2, ls="--", label=_(r"label $y = 0$: loss $-\log(1 - a)$"))
    ax.set_xlabel(_(r"predicted probability $a = P(y = 1 \mid x)$"))
    ax.set_ylabel(_("loss of one example"))
    ax.set_ylim(0, 5.5)
    ax.legend(loc="upper center")
    return fig


@figure("logits-stability")
def logits_stability(course):
    stable = _solution(course, "cost_function").binary_cross_entropy_with_logits
    z = np.linspace(25, 40, 601)
    with np.errstate(all="ignore"):
        naive = -np.log(1.0 - 1.0 / (1.0 + np.exp(-z)))
    good = np.array([stable(np.array([[v]]), np.array([[0.0]])) for v in z])
    fig, ax = _new(7, 3.0)
    ax.plot(z, good, color=TEAL, lw=2.2, label=_("binary_cross_entropy_with_logits (the exact loss)"))
    finite = np.isfinite(naive)
    ax.plot(z[finite], naive[finite], color=PINK, lw=1.4, label=_(r"naive $-\log(1 - \sigma(z))$ in float64"))
    edge = z[~finite][0]
    ax.axvline(edge, color=PINK, lw=1, ls=":")
    ax.text(edge + 0.25, 27.0, _("from z ≈ {edge:.2f}:\nσ(z) rounds to 1.0\nand log(0) = −inf").format(edge=edge), color=PINK, fontsize=8.5, va="bottom")
    ax.set_xlabel(_("logit z of an example whose label is y = 0"))
    ax.set_ylabel(_("loss"))
    ax.legend(loc="upper left", fontsize=8.5)
    return fig


def fit_line(X, Y, epochs=200, lr=0.1, every=20):
    """Gradient descent on the MSE of y_hat = a*x + b from a = b = 0."""
    a = b = 0.0
    rows = []
    for epoch in range(epochs + 1):
        error = a * X + b - Y
        if epoch % every == 0:
            rows.append((epoch, a, b))
        a, b = a - lr * 2 * np.mean(error * X), b - lr * 2 * np.mean(error)
    return a, b, rows


def line_data(n=10, seed=1):
    X = np.random.default_rng(seed).normal(0.0, 1.0, n)
    return X, 3 * X - 2


@figure("line-fit")
def line_fit(course):
    mse = _solution(course, "cost_function").mse
    X, Y = line_data()
    a = b = 0.0
    costs, snapshots = [], {}
    for epoch in range(201):
        costs.append(mse(a * X + b, Y))
        if epoch in (0, 5, 20, 200):
            snapshots[epoch] = (a, b)
        error = a * X + b - Y
        a, b = a - 0.1 * 2 * np.mean(error * X), b - 0.1 * 2 * np.mean(error)
    fig, (left, right) = _new(7.6, 3.0, ncols=2)
    left.semilogy(costs, color=INDIGO, lw=2)
    left.set_xlabel(_("epoch"))
    left.set_ylabel(_("mse (log scale)"))
    left.set_title(_("the cost falls towards 0"))
    right.scatter(X, Y, color="black", s=14, zorder=3, label=_("data: y = 3x − 2"))
    xs = np.linspace(X.min() - 0.3, X.max() + 0.3, 2)
    for (epoch, (ea, eb)), colour in zip(snapshots.items(), (GREY, ORANGE, PINK, TEAL)):
        right.plot(xs, ea * xs + eb, color=colour, lw=1.6, label=_("epoch {epoch}: a={a:.2f}, b={b:.2f}").format(epoch=epoch, a=ea, b=eb))
    right.set_title(_("the line finds the data"))
    right.set_xlabel("x")
    right.legend(fontsize=7, loc="upper left")
    return fig
