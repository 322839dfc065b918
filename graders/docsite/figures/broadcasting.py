"""Figures of the broadcasting lesson (docs/lessons/broadcasting.md)."""

from __future__ import annotations


import numpy as np

from ...i18n import N_, _
from .base import INDIGO, TEAL, ORANGE, GREY, _new, _solution, figure

CALORIES = np.array([[56.0, 0.0, 4.4, 68.0], [1.2, 104.0, 52.0, 8.0], [1.8, 135.0, 99.0, 0.9]])
# the bars' labels and the legend: translated where they are drawn
FOODS = [N_("apples"), N_("beef"), N_("eggs"), N_("potatoes")]
NUTRIENTS = [N_("carbohydrate"), N_("protein"), N_("fat")]


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
    _grid(ax, 10, 0, percent / 100, "{:.3f}", TEAL, title=_("shares   (3, 4)"))
    ax.text(7, -3.45, _("the (1, 4) row is stretched down to (3, 4): every row of A is divided by the same column totals"),
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
        ax.barh([_(food) for food in FOODS], percent[row], left=left, color=colour, label=_(nutrient), height=0.6)
        for i, value in enumerate(percent[row]):
            if value >= 6:
                ax.text(left[i] + value / 2, i, f"{value:.1f} %", ha="center", va="center", color="white", fontsize=8, weight="bold")
        left += percent[row]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("share of the calories in 100 g (%)"))
    ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.grid(False)
    return fig
