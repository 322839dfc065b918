"""Figures of the vectorized_gradients lesson (docs/lessons/vectorized_gradients.md).

The timing figure measures the machine that builds the page, so it is made to
be reproducible and to agree with itself:

* the measurement runs in a fresh Python process whose BLAS is held to one
  thread (``OPENBLAS_NUM_THREADS=1`` and friends are set before numpy is
  imported, the only time OpenBLAS reads them). ``np.dot`` of two long 1-d
  float64 vectors is BLAS ``ddot``, which OpenBLAS splits over every core
  above about 10 000 elements; pinned, the figure compares one core with one
  core, and the build's own threads and load do not leak into it;
* every point is the fastest of several rounds (other work only ever makes a
  run slower) of the process's CPU time (which other processes do not add
  to), with the garbage collector off, as :mod:`timeit` does;
* the ratio printed on the figure is computed from the points it draws, so
  the page states no number that a rebuild could contradict (the lesson's
  prose refers to the figure instead of quoting a number).
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import textwrap
import time

import numpy as np

from ... import ONE_THREAD
from .base import INDIGO, PINK, ORANGE, GREY, _new, _solution, figure

SIZES = [10, 32, 100, 316, 1_000, 3_162, 10_000, 31_623, 100_000, 316_228, 1_000_000]


# loop_dot and best_ms are what the lesson shows under "Time it yourself"
# (tests/test_docs.py checks that the page carries them word for word).
def loop_dot(a, b):
    c = 0.0
    for i in range(len(a)):
        c += a[i] * b[i]
    return c


def best_ms(run, repeat, number=1, clock=time.perf_counter):
    """The fastest of `repeat` runs of `number` calls, in ms per call."""
    times = []
    for _ in range(repeat):
        tic = clock()
        for _ in range(number):
            run()
        times.append((clock() - tic) / number)
    return 1000 * min(times)


def _measure_here(sizes: list[int], rounds: int) -> dict:
    """Run in the pinned child process: time both ways at every size.

    The clock is the process's CPU time: with one thread doing the work it is
    the wall time of an idle machine, and a busy machine's other processes do
    not count in it. The sizes take turns, round after round, so that a burst
    of load elsewhere spoils one round of every size rather than every round of
    one; each point is the fastest of its rounds."""
    import gc

    rng = np.random.default_rng(4)
    vectors = [(rng.random(n), rng.random(n)) for n in sizes]
    loop_ms, dot_ms = [float("inf")] * len(sizes), [float("inf")] * len(sizes)
    gc.disable()
    for _ in range(rounds):
        for k, (a, b) in enumerate(vectors):
            n = len(a)
            np.dot(a, b)  # the first call of a size pays for setting it up
            loop_ms[k] = min(loop_ms[k], best_ms(lambda: loop_dot(a, b), 1, max(1, 3_000 // n), time.process_time))
            dot_ms[k] = min(dot_ms[k], best_ms(lambda: np.dot(a, b), 3, max(1, 300_000 // n), time.process_time))
    # Was np.dot held to one thread? Over one thread's work, CPU time cannot
    # run ahead of the wall clock (a busy machine only makes it fall behind).
    a, b = vectors[-1]
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(max(20, 20_000_000 // len(a))):
        np.dot(a, b)
    cores = (time.process_time() - cpu) / (time.perf_counter() - wall)
    gc.enable()
    return {"sizes": sizes, "loop_ms": loop_ms, "dot_ms": dot_ms, "rounds": rounds, "dot_cores": cores}


def measure(sizes: list[int] = SIZES, rounds: int = 5) -> dict:
    """Time the loop and np.dot in a child process whose BLAS has one thread."""
    script = "\n".join([
        "import json, sys, time",
        "import numpy as np",
        *(inspect.getsource(function) for function in (loop_dot, best_ms, _measure_here)),
        "print(json.dumps(_measure_here(json.loads(sys.argv[1]), int(sys.argv[2]))))",
    ])
    env = {**os.environ, **ONE_THREAD}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script), json.dumps(list(sizes)), str(rounds)],
                          capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"the timing run failed: {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout)


def draw_timing(data: dict):
    """The figure for one measurement; every number on it comes from ``data``."""
    # imported here, not at the top: best_ms, quoted word for word by the lesson, uses _ as a loop variable
    from ...i18n import _

    sizes, loop_ms, dot_ms = data["sizes"], data["loop_ms"], data["dot_ms"]
    fig, ax = _new(7, 3.3)
    ax.loglog(sizes, loop_ms, "o-", color=PINK, lw=2, label=_("Python for loop over the elements"))
    ax.loglog(sizes, dot_ms, "s-", color=INDIGO, lw=2, label="np.dot(a, b)")
    ratio = loop_ms[-1] / dot_ms[-1]
    # the label sits in the empty band between the two curves, pointing at the last pair
    k = max(0, len(sizes) - 4)
    gap = np.sqrt(loop_ms[k] * dot_ms[k])
    ax.annotate(_("np.dot {ratio:,.0f}× faster\nat n = {n:,}").format(ratio=ratio, n=sizes[-1]), xy=(sizes[-1], gap * 3), xytext=(sizes[k], gap),
                ha="center", va="center", fontsize=9)
    ax.annotate("", xy=(sizes[-1], dot_ms[-1] * 1.3), xytext=(sizes[-1], loop_ms[-1] / 1.3),
                arrowprops=dict(arrowstyle="<->", color=GREY, lw=1))
    ax.set_xlabel(_("vector length n"))
    ax.set_ylabel(_("time for one dot product (ms)"))
    if data["dot_cores"] < 1.5:
        title = _("measured when this page was built: CPU time, fastest of {rounds} rounds,\nBLAS held to one thread")
    else:
        title = _("measured when this page was built: CPU time, fastest of {rounds} rounds,\nnp.dot used {cores:.1f} cores")
    ax.set_title(title.format(rounds=data["rounds"], cores=data["dot_cores"]), fontsize=9.5)
    ax.legend(loc="upper left")
    fig.gw_timing = {**data, "ratio": ratio}  # for the tests: what the figure states
    return fig


@figure("loop-vs-vectorised")
def loop_vs_vectorised(course):
    return draw_timing(measure())


def blobs(m=200, seed=5):
    """Two overlapping clouds in 2-D, column convention: X (2, m), Y (1, m)."""
    rng = np.random.default_rng(seed)
    Y = (rng.random((1, m)) < 0.5).astype(float)
    X = rng.normal(0.0, 1.0, (2, m)) + np.where(Y == 1.0, 1.0, -1.0) * np.array([[1.0], [0.6]])
    return X, Y


@figure("optimize-cost")
def optimize_cost(course):
    from ...i18n import _

    vg = _solution(course, "vectorized_gradients")
    X, Y = blobs()
    fig, (left, right) = _new(7.6, 3.1, ncols=2)
    best = None
    for lr, colour in ((0.01, GREY), (0.1, ORANGE), (1.0, INDIGO)):
        params, _grads, costs = vg.optimize(np.zeros((2, 1)), 0.0, X, Y, 300, lr)
        left.plot(costs, color=colour, lw=2, label=f"learning_rate = {lr:g}")
        best = params
    left.set_xlabel(_("iteration"))
    left.set_ylabel(_("cost J"))
    left.set_title(_("costs returned by optimize"))
    left.legend()
    w, b = best["w"], best["b"]
    accuracy = float(np.mean(vg.predict(w, b, X) == Y))
    right.scatter(X[0], X[1], c=np.where(Y[0] == 1.0, INDIGO, PINK), s=10, alpha=0.8)
    xs = np.linspace(X[0].min(), X[0].max(), 2)
    right.plot(xs, -(w[0, 0] * xs + b) / w[1, 0], color="black", lw=1.5)
    right.set_title(_("boundary w.T @ x + b = 0 ({accuracy:.0%} right)").format(accuracy=accuracy))
    right.set_xlabel(_("feature 1"))
    right.set_ylabel(_("feature 2"))
    right.set_ylim(X[1].min() - 0.5, X[1].max() + 0.5)
    return fig
