"""Figures of the indexing_reshape lesson (docs/lessons/indexing_reshape.md)."""

from __future__ import annotations

import numpy as np

from ...i18n import N_, _
from .base import GREY, INDIGO, ORANGE, PINK, TEAL, _new, _solution, figure


def _cells(ax, values, picked, colour, title):
    """A matrix drawn as labelled cells, the picked ones filled with ``colour``."""
    from matplotlib.patches import Rectangle

    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            chosen = bool(picked[r, c])
            ax.add_patch(Rectangle((c, -r - 1), 1, 1, facecolor=colour if chosen else "white", alpha=0.75 if chosen else 1.0,
                                   edgecolor=GREY, lw=0.8))
            ax.text(c + 0.5, -r - 0.5, f"{values[r, c]:g}", ha="center", va="center", fontsize=9,
                    color="white" if chosen else "black", weight="bold" if chosen else "normal")
    for c in range(cols):
        ax.text(c + 0.5, 0.25, str(c), ha="center", va="bottom", fontsize=7, color=GREY)
    for r in range(rows):
        ax.text(-0.2, -r - 0.5, str(r), ha="right", va="center", fontsize=7, color=GREY)
    ax.set_title(title, fontsize=9, family="monospace", weight="normal")
    ax.set_xlim(-0.7, cols + 0.2)
    ax.set_ylim(-rows - 0.3, 0.9)
    ax.set_aspect("equal")
    ax.set_axis_off()


@figure("index-slices")
def index_slices(course):
    ir = _solution(course, "indexing_reshape")
    ids = ir.arange_grid(3, 4)  # the flat position of every cell: 0 .. 11
    d = ids + 1.0  # the matrix shown: 1 .. 12
    cases = [
        ("d[1, 1:3]", ir.row_segment(ids, 1, 1, 3), INDIGO),
        ("d[1:2, 1:3]", ir.block(ids, 1, 2, 1, 3), TEAL),
        ("d[:, 1:3]", ir.block(ids, 0, 3, 1, 3), ORANGE),
        ("d[0:2][1:3]", ids[0:2][1:3], PINK),  # the trap: the second slice picks rows again
    ]
    fig, axes = _new(8.2, 2.3, ncols=4)
    for ax, (code, picked_ids, colour) in zip(axes, cases):
        picked = np.isin(ids, picked_ids)
        _cells(ax, d, picked, colour, f"{code}\nshape {picked_ids.shape}")
    return fig


def _picture(size=12):
    """A small synthetic colour image (h, w, 3): red grows to the right, green downwards, blue is a disc."""
    y, x = np.mgrid[0:size, 0:size] / (size - 1)
    disc = ((x - 0.35) ** 2 + (y - 0.6) ** 2 < 0.09).astype(float)
    return np.stack([x, y, 0.15 + 0.8 * disc], axis=-1)


@figure("image-channels")
def image_channels(course):
    ir = _solution(course, "indexing_reshape")
    image = _picture()
    fig, axes = _new(8.2, 2.6, ncols=4)
    axes[0].imshow(image, interpolation="nearest")
    axes[0].set_title(f"image\nshape {image.shape}", fontsize=8.5, family="monospace", weight="normal")
    # TRANSLATORS: the colour of an image channel, shown after the code channel(image, k)
    colours = ((N_("red"), "Reds"), (N_("green"), "Greens"), (N_("blue"), "Blues"))
    for k, (name, cmap) in enumerate(colours):
        plane = ir.channel(image, k)
        axes[k + 1].imshow(plane, cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
        # the code and its shape stay code; only the colour is a word
        axes[k + 1].set_title(f"channel(image, {k}): {_(name)}\nshape {plane.shape}", fontsize=8.5, family="monospace", weight="normal")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


@figure("image-to-vector")
def image_to_vector_order(course):
    ir = _solution(course, "indexing_reshape")
    h, w, c = 2, 2, 3
    image = ir.arange_grid(h * w, c).reshape(h, w, c)  # the values 0 .. 11 in numpy's own order
    v = ir.image_to_vector(image)
    colours = (PINK, TEAL, INDIGO)  # red, green, blue channels
    from matplotlib.patches import Rectangle

    fig, ax = _new(8.2, 2.6)
    ax.set_axis_off()
    # Left: the 2 x 2 pixels, each a group of its 3 channel values side by side.
    for r in range(h):
        for col in range(w):
            for ch in range(c):
                x0, y0 = col * 1.6 + ch * 0.45, -r * 1.35
                ax.add_patch(Rectangle((x0, y0 - 0.9), 0.45, 0.9, facecolor=colours[ch], alpha=0.75, edgecolor="white", lw=1))
                ax.text(x0 + 0.225, y0 - 0.45, f"{image[r, col, ch]:g}", ha="center", va="center", fontsize=8, color="white", weight="bold")
            ax.text(col * 1.6 + 0.675, -r * 1.35 + 0.05, _("pixel ({row}, {column})").format(row=r, column=col), ha="center", va="bottom", fontsize=7, color=GREY)
    ax.text(1.45, 0.55, f"image  {image.shape}", ha="center", va="bottom", fontsize=9, family="monospace")
    ax.annotate("", xy=(3.9, -1.0), xytext=(3.3, -1.0), arrowprops=dict(arrowstyle="->", color=GREY, lw=1.5))
    # Right: the column, laid on its side to fit the page; entry i at position i.
    for i, value in enumerate(v[:, 0]):
        ch = int(value) % c
        ax.add_patch(Rectangle((4.1 + i * 0.55, -1.45), 0.55, 0.9, facecolor=colours[ch], alpha=0.75, edgecolor="white", lw=1))
        ax.text(4.1 + i * 0.55 + 0.275, -1.0, f"{value:g}", ha="center", va="center", fontsize=8, color="white", weight="bold")
        ax.text(4.1 + i * 0.55 + 0.275, -1.6, str(i), ha="center", va="top", fontsize=7, color=GREY)
    ax.text(4.1 + 6 * 0.55, -0.35, _("image_to_vector(image)  {shape}, drawn on its side: entry i at position i").format(shape=v.shape),
            ha="center", va="bottom", fontsize=9, family="monospace")
    ax.text(4.1 + 6 * 0.55, -2.05, _("red, green, blue of pixel (0, 0), then of pixel (0, 1), then row 1"),
            ha="center", va="top", fontsize=8, color=GREY)
    ax.set_xlim(-0.2, 4.1 + 12 * 0.55 + 0.2)
    ax.set_ylim(-2.4, 0.9)
    ax.set_aspect("equal")
    return fig


@figure("softmax-shift")
def softmax_shift(course):
    ir = _solution(course, "indexing_reshape")
    z = np.array([2.0, 1.0, 0.1])
    fig, (left, right) = _new(8.2, 2.9, ncols=2)
    x = np.arange(len(z))
    left.bar(x, z, color=GREY, width=0.55)
    for i, value in enumerate(z):
        left.text(i, value + 0.05, f"{value:g}", ha="center", va="bottom", fontsize=9)
    left.set_xticks(x, [_("class {index}").format(index=i) for i in x])
    left.set_title(_("scores z (any real numbers)"))
    left.set_ylim(0, 2.5)
    width = 0.38
    for offset, shift, colour in ((-width / 2, 0.0, INDIGO), (width / 2, 1000.0, TEAL)):
        p = ir.softmax(z + shift)
        right.bar(x + offset, p, width=width, color=colour, label=f"softmax(z + {shift:g})")
        for i, value in enumerate(p):
            right.text(i + offset, value + 0.01, f"{value:.3f}", ha="center", va="bottom", fontsize=7.5)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z + 1000.0)
        naive = e / e.sum()
    right.text(1.5, 0.52, _("with no shift, z + 1000 gives\nnp.exp: {exp}\nresult: {result}").format(exp=np.array2string(e), result=np.array2string(naive)),
               ha="center", va="center", fontsize=8, color=PINK)
    right.set_xticks(x, [_("class {index}").format(index=i) for i in x])
    right.set_ylim(0, 1.0)
    right.set_title(_("probabilities: same for z and z + 1000"))
    right.legend(loc="upper right", fontsize=8)
    return fig
