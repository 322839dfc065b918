"""The figure registry and the helpers every lesson's figures share.

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
import logging
import os
from typing import Callable


from ...course import Course
from ...engine import loading
from ...i18n import current

log = logging.getLogger("mkdocs.hooks.gradwork")

FIGURES: dict[str, Callable[[Course], "object"]] = {}

INDIGO, PINK, TEAL, ORANGE, GREY = "#3f51b5", "#d81b60", "#00897b", "#ef6c00", "#757575"

# The font every label is drawn in, then the fonts that carry Hangul, in order
# of preference: the first one matplotlib knows is added behind DejaVu Sans,
# and matplotlib (>= 3.6) takes from it, glyph by glyph, what DejaVu lacks.
# Debian and Ubuntu: `apt-get install fonts-noto-cjk` ("Noto Sans CJK KR").
SANS = "DejaVu Sans"
CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo")
CJK_MONO_FAMILIES = ("Noto Sans Mono CJK KR",)
_warned_no_cjk: set[str] = set()


def figure(name: str):
    def register(draw):
        FIGURES[name] = draw
        return draw

    return register


def render(name: str, course: Course) -> bytes:
    """The SVG of figure ``name``; KeyError names the figures there are."""
    import matplotlib

    if name not in FIGURES:
        raise KeyError(f"no figure called {name!r} in graders/docsite/figures/ (there are: {', '.join(sorted(FIGURES))})")
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
    cjk = _installed(CJK_FAMILIES)
    language = current()
    if cjk is None and language != "en" and language not in _warned_no_cjk:
        _warned_no_cjk.add(language)
        log.warning(f"no CJK font found: the figures' Korean labels (--lang {language}) need one, or their Hangul "
                    f"is drawn as missing glyphs; install one (Debian/Ubuntu: apt-get install fonts-noto-cjk)")
    style["font.family"] = [SANS] + ([cjk] if cjk else [])
    with matplotlib.rc_context(style):
        fig = FIGURES[name](course)
        if cjk is not None:
            _cjk_fallback(fig, cjk, _installed(CJK_MONO_FAMILIES) or cjk)
        out = io.BytesIO()
        # no <metadata> block: no date (reproducible builds), no RDF namespaces
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}, facecolor="white")
    return out.getvalue()


_rescanned: list = []


def _installed(families) -> str | None:
    """The first of ``families`` matplotlib's font manager knows, or None.

    matplotlib keeps the fonts it found in a cache file of its own, made the first
    time it ran: a font installed since (the remedy our warning gives) is not in it.
    So when none of ``families`` is known, the fonts are looked for again, once a
    process, and the cache rewritten."""
    from matplotlib import font_manager

    def first():
        known = {entry.name for entry in font_manager.fontManager.ttflist}
        return next((family for family in families if family in known), None)

    found = first()
    if found is None and not _rescanned:
        _rescanned.append(True)
        manager = font_manager.fontManager  # added to in place: matplotlib's findfont is bound to it
        known = {entry.fname for entry in manager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    manager.addfont(path)
                except Exception:  # a font file matplotlib cannot read: it never could
                    pass
        found = first()
        if found is not None:  # so the next run finds it in the cache
            try:
                import matplotlib

                font_manager.json_dump(manager, os.path.join(matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json"))
            except Exception:
                pass
    return found


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds Hangul (or other CJK) characters, which DejaVu lacks."""
    return any("\u1100" <= c <= "\u11ff" or "\u2e80" <= c <= "\u9fff" or "\ua960" <= c <= "\ua97f"
               or "\uac00" <= c <= "\ud7ff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef" for c in text)


def _cjk_fallback(fig, cjk: str, cjk_mono: str) -> None:
    """Give the texts holding Hangul that the rc font list does not reach a CJK font.

    Two kinds of text miss the per-glyph fallback of ``font.family``: those
    drawn in ``family="monospace"`` (one generic family, one font), and
    mathtext with words around the math (``r"label $y = 1$"``), whose words
    are set in one font only, the first of the text's families. A text with no
    CJK character is left alone, so the English figures do not change.
    """
    from matplotlib import cbook
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if not _has_cjk(text.get_text()):
            continue
        families = list(text.get_fontfamily())
        if cbook.is_math_text(text.get_text()):
            text.set_fontfamily([cjk] + [family for family in families if family != cjk])
        elif "monospace" in families and cjk_mono not in families:
            text.set_fontfamily(families + [cjk_mono])
        elif cjk not in families:
            text.set_fontfamily(families + [cjk])


def _new(width: float = 7.0, height: float = 3.2, ncols: int = 1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes


def _solution(course: Course, exercise_id: str):
    return loading.load("solutions", course.solutions_dir, exercise_id)
