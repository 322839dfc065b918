"""The lessons' figures, drawn with matplotlib every time the site is built.

A page uses a figure by linking its SVG: ``![...](../figures/sigmoid.svg)``.
The build draws only the figures some page links, with the function
registered here under that name. Figures that show what an exercise computes
call the reference solution (``solutions/<id>.py``), so a figure can never
disagree with the grader; a figure that raises fails a strict build.
Everything random is seeded, so two builds draw the same picture (except the
timing figure, which measures the machine that builds it).
"""

from __future__ import annotations

import io
import time
from typing import Callable

import numpy as np

from ..course import Course
from ..engine import loading

FIGURES: dict[str, Callable[[Course], "object"]] = {}

INDIGO, PINK, TEAL, ORANGE, GREY = "#3f51b5", "#d81b60", "#00897b", "#ef6c00", "#757575"


def figure(name: str):
    def register(draw):
        FIGURES[name] = draw
        return draw

    return register


def render(name: str, course: Course) -> bytes:
    """The SVG of figure ``name``; KeyError names the figures there are."""
    import matplotlib

    if name not in FIGURES:
        raise KeyError(f"no figure called {name!r} in graders/docsite/figures.py (there are: {', '.join(sorted(FIGURES))})")
    style = {
        "svg.hashsalt": "gradwork",
        "svg.fonttype": "path",  # text as outlines: no font is requested by the browser
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "legend.frameon": False,
    }
    with matplotlib.rc_context(style):
        fig = FIGURES[name](course)
        out = io.BytesIO()
        # no <metadata> block: no date (reproducible builds), no RDF namespaces
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}, facecolor="white")
    return out.getvalue()


def _new(width: float = 7.0, height: float = 3.2, ncols: int = 1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes


def _solution(course: Course, exercise_id: str):
    return loading.load("solutions", course.solutions_dir, exercise_id)


# -- zeros_init ------------------------------------------------------------------
@figure("init-distributions")
def init_distributions(course):
    rng = np.random.default_rng(3)
    uniform = rng.uniform(0.0, 1.0, 100_000)
    normal = rng.normal(0.0, 1.0, 100_000)
    fig, ax = _new(7, 3.0)
    bins = np.linspace(-4.5, 4.5, 91)
    ax.hist(uniform, bins=bins, density=True, color=INDIGO, alpha=0.75, label="uniform(0, 1)")
    ax.hist(normal, bins=bins, density=True, color=ORANGE, alpha=0.6, label="normal(0, 1)")
    ax.set_xlabel("value of a weight")
    ax.set_ylabel("density")
    ax.set_title("100 000 draws from each distribution")
    ax.legend(loc="upper left")
    return fig


def _train_2_3_1(W1, b1, W2, b2, steps=300, lr=2.0):
    """Full-batch gradient descent on a 2-3-1 sigmoid network; W1's history."""
    X = np.random.default_rng(7).normal(0.0, 1.0, (40, 2))
    y = ((X[:, :1] ** 2 + X[:, 1:] > 0.5)).astype(float)  # a curved boundary: one unit cannot draw it
    sigmoid = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
    history = [W1[0].copy()]
    for _ in range(steps):
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
    for ax, history, title in ((left, zeros, "all weights start at 0"), (right, random, "weights start random")):
        for unit in range(3):
            ax.plot(history[:, unit], label=f"hidden unit {unit + 1}", **styles[unit])
        ax.set_title(title)
        ax.set_xlabel("gradient-descent step")
    left.set_ylabel("weight from input 1")
    left.legend(loc="best", fontsize=8)
    return fig


# -- forward_pass ----------------------------------------------------------------
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
    ax.annotate(r"$\sigma'(0) = 0.25$, its largest value", (0, 0.25), xytext=(1.9, 0.28), arrowprops=dict(arrowstyle="-", color=GREY, lw=0.6))
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
    names = ["input x\n(2,)", "hidden 1: sigmoid\n(3,)", "hidden 2: sigmoid\n(2,)", "output: identity\n(2,)"]
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


# -- broadcasting ----------------------------------------------------------------
CALORIES = np.array([[56.0, 0.0, 4.4, 68.0], [1.2, 104.0, 52.0, 8.0], [1.8, 135.0, 99.0, 0.9]])
FOODS = ["apples", "beef", "eggs", "potatoes"]
NUTRIENTS = ["carbohydrate", "protein", "fat"]


def _grid(ax, x0, y0, values, fmt, colour, *, ghost_rows=0, title=""):
    from matplotlib.patches import Rectangle

    rows, cols = values.shape
    for r in range(rows + ghost_rows):
        for c in range(cols):
            ghost = r >= rows
            value = values[0 if ghost else r, c]
            ax.add_patch(Rectangle((x0 + c, y0 - r - 1), 1, 1, facecolor=colour, alpha=0.12 if ghost else 0.28,
                                   edgecolor=colour, lw=1, ls="--" if ghost else "-"))
            ax.text(x0 + c + 0.5, y0 - r - 0.5, fmt.format(value), ha="center", va="center", fontsize=8,
                    color=GREY if ghost else "black")
    ax.text(x0 + cols / 2, y0 + 0.35, title, ha="center", va="bottom", fontsize=9)


@figure("broadcast-divide")
def broadcast_divide(course):
    percent = _solution(course, "broadcasting").column_percentages(CALORIES)
    sums = CALORIES.sum(axis=0, keepdims=True)
    fig, ax = _new(7.8, 2.6)
    ax.set_axis_off()
    _grid(ax, 0, 0, CALORIES, "{:g}", INDIGO, title="A   (3, 4)")
    ax.text(4.5, -1.5, "÷", fontsize=18, ha="center", va="center")
    _grid(ax, 5, 0, sums, "{:g}", ORANGE, ghost_rows=2, title="A.sum(axis=0, keepdims=True)   (1, 4)")
    ax.text(9.5, -1.5, "=", fontsize=18, ha="center", va="center")
    _grid(ax, 10, 0, percent / 100, "{:.3f}", TEAL, title="shares   (3, 4)")
    ax.text(7, -3.45, "the (1, 4) row is stretched down to (3, 4): every row of A is divided by the same column totals",
            ha="center", va="center", fontsize=8, color=GREY)
    ax.set_xlim(-0.2, 14.2)
    ax.set_ylim(-3.8, 1.0)
    ax.set_aspect("equal")
    return fig


@figure("calorie-shares")
def calorie_shares(course):
    percent = _solution(course, "broadcasting").column_percentages(CALORIES)
    fig, ax = _new(7, 2.6)
    left = np.zeros(len(FOODS))
    for row, (nutrient, colour) in enumerate(zip(NUTRIENTS, (INDIGO, ORANGE, TEAL))):
        ax.barh(FOODS, percent[row], left=left, color=colour, label=nutrient, height=0.6)
        for i, value in enumerate(percent[row]):
            if value >= 6:
                ax.text(left[i] + value / 2, i, f"{value:.1f} %", ha="center", va="center", color="white", fontsize=8, weight="bold")
        left += percent[row]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the calories in 100 g (%)")
    ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.grid(False)
    return fig


# -- cost_function ----------------------------------------------------------------
@figure("cross-entropy")
def cross_entropy(course):
    bce = _solution(course, "cost_function").binary_cross_entropy
    a = np.linspace(0.005, 0.995, 199)
    one = [bce(np.array([[p]]), np.array([[1.0]])) for p in a]
    zero = [bce(np.array([[p]]), np.array([[0.0]])) for p in a]
    fig, ax = _new(7, 3.0)
    ax.plot(a, one, color=INDIGO, lw=2.2, label=r"label $y = 1$: loss $-\log a$")
    ax.plot(a, zero, color=PINK, lw=2.2, ls="--", label=r"label $y = 0$: loss $-\log(1 - a)$")
    ax.set_xlabel(r"predicted probability $a = P(y = 1 \mid x)$")
    ax.set_ylabel("loss of one example")
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
    ax.plot(z, good, color=TEAL, lw=2.2, label="binary_cross_entropy_with_logits (the exact loss)")
    finite = np.isfinite(naive)
    ax.plot(z[finite], naive[finite], color=PINK, lw=1.4, label=r"naive $-\log(1 - \sigma(z))$ in float64")
    edge = z[~finite][0]
    ax.axvline(edge, color=PINK, lw=1, ls=":")
    ax.text(edge + 0.25, 27.0, f"from z ≈ {edge:.2f}:\nσ(z) rounds to 1.0\nand log(0) = −inf", color=PINK, fontsize=8.5, va="bottom")
    ax.set_xlabel("logit z of an example whose label is y = 0")
    ax.set_ylabel("loss")
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
    left.set_xlabel("epoch")
    left.set_ylabel("mse (log scale)")
    left.set_title("the cost falls towards 0")
    right.scatter(X, Y, color="black", s=14, zorder=3, label="data: y = 3x − 2")
    xs = np.linspace(X.min() - 0.3, X.max() + 0.3, 2)
    for (epoch, (ea, eb)), colour in zip(snapshots.items(), (GREY, ORANGE, PINK, TEAL)):
        right.plot(xs, ea * xs + eb, color=colour, lw=1.6, label=f"epoch {epoch}: a={ea:.2f}, b={eb:.2f}")
    right.set_title("the line finds the data")
    right.set_xlabel("x")
    right.legend(fontsize=7, loc="upper left")
    return fig


# -- vectorized_gradients ------------------------------------------------------------
def best_ms(run, repeat: int) -> float:
    """The fastest of ``repeat`` runs in milliseconds: the one least disturbed by other work."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def loop_dot(a, b):
    total = 0.0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total


@figure("loop-vs-vectorised")
def loop_vs_vectorised(course):
    rng = np.random.default_rng(4)
    sizes = np.unique(np.logspace(1, 5, 9).astype(int))
    loop_ms, vec_ms = [], []
    for n in sizes:
        a, b = rng.random(n), rng.random(n)
        loop_ms.append(best_ms(lambda: loop_dot(a, b), max(3, 3000 // n)))
        vec_ms.append(best_ms(lambda: np.dot(a, b), max(30, 300_000 // n)))
    fig, ax = _new(7, 3.1)
    ax.loglog(sizes, loop_ms, "o-", color=PINK, lw=2, label="Python for loop over the elements")
    ax.loglog(sizes, vec_ms, "s-", color=INDIGO, lw=2, label="np.dot(a, b)")
    ratio = loop_ms[-1] / vec_ms[-1]
    # the label sits in the empty band between the two curves, pointing at the last pair
    gap = np.sqrt(loop_ms[-4] * vec_ms[-4])
    ax.annotate(f"np.dot {ratio:,.0f}× faster\nat n = {sizes[-1]:,}", xy=(sizes[-1], gap * 3), xytext=(sizes[-4], gap),
                ha="center", va="center", fontsize=9)
    ax.annotate("", xy=(sizes[-1], vec_ms[-1] * 1.3), xytext=(sizes[-1], loop_ms[-1] / 1.3),
                arrowprops=dict(arrowstyle="<->", color=GREY, lw=1))
    ax.set_xlabel("vector length n")
    ax.set_ylabel("time for one dot product (ms)")
    ax.set_title("fastest of repeated runs, on the machine that built this page", fontsize=10)
    ax.legend(loc="upper left")
    return fig


def blobs(m=200, seed=5):
    """Two overlapping clouds in 2-D, column convention: X (2, m), Y (1, m)."""
    rng = np.random.default_rng(seed)
    Y = (rng.random((1, m)) < 0.5).astype(float)
    X = rng.normal(0.0, 1.0, (2, m)) + np.where(Y == 1.0, 1.0, -1.0) * np.array([[1.0], [0.6]])
    return X, Y


@figure("optimize-cost")
def optimize_cost(course):
    vg = _solution(course, "vectorized_gradients")
    X, Y = blobs()
    fig, (left, right) = _new(7.6, 3.1, ncols=2)
    best = None
    for lr, colour in ((0.01, GREY), (0.1, ORANGE), (1.0, INDIGO)):
        params, _, costs = vg.optimize(np.zeros((2, 1)), 0.0, X, Y, 300, lr)
        left.plot(costs, color=colour, lw=2, label=f"learning_rate = {lr:g}")
        best = params
    left.set_xlabel("iteration")
    left.set_ylabel("cost J")
    left.set_title("costs returned by optimize")
    left.legend()
    w, b = best["w"], best["b"]
    accuracy = float(np.mean(vg.predict(w, b, X) == Y))
    right.scatter(X[0], X[1], c=np.where(Y[0] == 1.0, INDIGO, PINK), s=10, alpha=0.8)
    xs = np.linspace(X[0].min(), X[0].max(), 2)
    right.plot(xs, -(w[0, 0] * xs + b) / w[1, 0], color="black", lw=1.5)
    right.set_title(f"boundary w.T @ x + b = 0 ({accuracy:.0%} right)")
    right.set_xlabel("feature 1")
    right.set_ylabel("feature 2")
    right.set_ylim(X[1].min() - 0.5, X[1].max() + 0.5)
    return fig
