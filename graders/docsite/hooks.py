r"""MkDocs hooks of the lesson site (``hooks:`` in mkdocs.yml loads this file).

Everything the site says about an exercise comes from the course itself at
build time: the navigation from course.toml's order, each lesson's task from
its stub, hints from course.toml, mistakes from the misconception bank, the
worked examples' output from the reference solutions and the figures from
matplotlib. A problem is logged as a warning, which ``mkdocs build --strict``
(and ``gradwork docs --build-only --strict``, and the test suite) turns into a
failed build, and is shown on the page, so ``gradwork docs`` still serves a
half-finished course.

Math is typeset in the browser by KaTeX, which only sees the page's body. The
table of contents and the search index would show the raw ``\(...\)`` of a
heading or a paragraph, so both get a plain-text reading of the math instead
(:func:`plain_math`): ``\(\hat y = \sigma(z)\)`` reads ``ŷ = σ(z)`` there.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import unicodedata
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.gradwork")

_course = None
_nav = None  # the navigation this file made (each language's build runs on_config again)


def language(config) -> str:
    """The language being built: mkdocs-static-i18n builds English, then each other one."""
    plugin = config.plugins.get("i18n") if config.plugins else None
    return getattr(plugin, "current_language", None) or "en"


def source_of(src_uri: str) -> str:
    """``lessons/x.ko.md`` → ``lessons/x.md``: the page course.toml names, whatever its language."""
    from graders.i18n import LOCALIZED

    return LOCALIZED.sub(".md", src_uri)


def page_language(page, config) -> str:
    from graders.i18n import LOCALIZED

    found = LOCALIZED.search(page.file.src_uri)
    return found.group("lang") if found else language(config)


def _import_graders(root: Path) -> None:
    """Make this checkout's ``graders`` importable (mkdocs may run from any venv)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))


def on_config(config):
    global _course
    root = Path(config.config_file_path).resolve().parent
    _import_graders(root)
    from graders.course import CourseError, load_course
    from mkdocs.exceptions import PluginError

    # A rebuild under `gradwork docs` runs in the same process: forget the
    # solutions and mistakes imported by the previous build (graders.engine.
    # loading keeps them under these private package names), so an edited
    # solution shows up in the worked examples and figures.
    for name in [n for n in sys.modules if n.startswith(("_gradwork_solutions_", "_gradwork_mistakes_"))]:
        del sys.modules[name]
    try:
        _course = load_course(root)
    except CourseError as exc:
        raise PluginError(str(exc)) from None
    if Path(config.docs_dir).resolve() != _course.docs_dir.resolve():
        raise PluginError(f"mkdocs.yml docs_dir is {config.docs_dir} but course.toml says docs = {_course.docs_dir}; make them agree")
    global _nav
    if config.nav and config.nav is not _nav:
        log.warning("mkdocs.yml has a nav:, but the site's navigation comes from course.toml; remove nav: from mkdocs.yml")
    from graders.i18n import speaking

    with speaking(language(config)):
        config.nav = _nav = navigation(_course, Path(config.docs_dir))
    return config


def navigation(course, docs_dir: Path) -> list:
    """Home, the lessons in course order, then every other top-level page (by file name),
    titled in the language being spoken (each page's translation is found by the i18n plugin)."""
    from graders.i18n import LOCALIZED, _

    lessons = [{f"{number}. {_(exercise.title)}": exercise.lesson} for number, exercise in enumerate(course.exercises, start=1)]
    others = sorted(p.name for p in docs_dir.glob("*.md") if p.name not in ("index.md", "README.md") and not LOCALIZED.search(p.name))
    home = [{_("Home"): "index.md"}] if (docs_dir / "index.md").is_file() else []
    return [*home, {_("Lessons"): lessons}, *others]


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's pages (it cannot take generated files)
def on_files(files, config):
    from mkdocs.structure.files import File

    from graders.docsite.lesson import figures_used

    course = _course
    for exercise in course.exercises:
        if files.get_file_from_path(exercise.lesson) is None:
            log.warning(f"{exercise.id} has no lesson yet: write docs/{exercise.lesson} (a skeleton made from course.toml stands in)")
            files.append(File.generated(config, exercise.lesson, content=f"# {exercise.title}\n\n{exercise.summary}\n"))
    # No copy of the stubs is published: the file a student works on is the one
    # in their own clone, and the card says so (`gradwork reset ID` brings the
    # untouched stub back).

    if course.corpus_dir is not None:
        return files  # the student edition: pages and figures were baked by `gradwork release`
    from graders.docsite import figures  # draws with the reference: not in the student edition

    from graders.i18n import speaking

    wanted: dict[str, str] = {}
    for page in files.documentation_pages():
        for name in figures_used(page.content_string):
            wanted.setdefault(name, page.src_uri)
    for name, used_by in sorted(wanted.items()):
        try:
            with speaking(language(config)):  # each language's build draws its own labels
                svg = figures.render(name, course)
        except Exception as exc:  # noqa: BLE001 - build-time code failed: the build fails
            log.warning(f"{used_by}: figure {name!r} could not be drawn: {type(exc).__name__}: {exc}")
            continue
        file = File.generated(config, f"figures/{name}.svg", content=svg)
        if language(config) != "en":  # each language's figures beside its pages: ko/figures/...
            file.dest_uri = f"{language(config)}/{file.dest_uri}"
        files.append(file)
    return files


def on_page_markdown(markdown, page, config, files):
    from graders.docsite.lesson import expand

    if _course.corpus_dir is not None:
        return markdown  # already expanded by `gradwork release` (there is no reference here)
    from graders.i18n import speaking

    with speaking(page_language(page, config)):
        result = expand(markdown, _course, source_of(page.file.src_uri))
    for problem in result.problems:
        log.warning(f"docs/{page.file.src_uri}: {problem}")
    return result.markdown


def on_page_content(html, page, config, files):
    """The table of contents reads headings as text: give it their math as text too."""

    def clean(items):
        for item in items:
            item.title = plain_math(item.title)
            clean(item.children)

    clean(page.toc)
    return html


_ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    """Drop the ``<link rel="alternate" hreflang>`` tags from the head.

    Material's script fetches ``sitemap.xml`` beside every alternate link to map
    pages between languages; mkdocs-static-i18n points those links at the page
    itself in the other language (``ko/lessons/x/``), where no sitemap is, so each
    page logged 404s. The language switcher in the header keeps its own links,
    which already lead to the same page in the other language."""
    return _ALTERNATE_LINK.sub("", output)


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config):
    """The search index holds each section's HTML with its math raw; make it text."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index.get("docs", []):
        entry["title"] = plain_math(entry.get("title", ""))
        entry["text"] = plain_math(entry.get("text", ""), display="drop")
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


# -- math as plain text ----------------------------------------------------------------
_MATH = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\]|\$\$(?P<dollars>.+?)\$\$", re.S)
_CODE = re.compile(r"(<(code|pre)\b[^>]*>.*?</\2>)", re.S | re.I)
_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "varphi": "φ", "psi": "ψ", "omega": "ω", "Delta": "Δ", "Sigma": "Σ",
    "ell": "ℓ", "partial": "∂", "nabla": "∇", "infty": "∞", "cdot": "·", "times": "×", "pm": "±",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "in": "∈", "sim": "∼", "to": "→", "rightarrow": "→", "leftarrow": "←", "ldots": "…", "cdots": "…",
    "dots": "…", "sum": "Σ", "prod": "Π", "top": "ᵀ", "mid": "|", "lVert": "‖", "rVert": "‖",
    "Vert": "‖", "langle": "⟨", "rangle": "⟩", "lbrace": "{", "rbrace": "}", "prime": "′",
}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}
_GROUP = r"\{((?:[^{}]|\{[^{}]*\})*)\}"  # one {...} group, one level of nesting inside


def _tex_to_text(tex: str) -> str:
    s = tex.replace("\\\\", "; ").replace("\\{", "\0").replace("\\}", "\1")  # literal braces: out of the way of {groups}
    s = re.sub(r"\\(?:big|Big|bigg|Bigg)[lr]?(?![A-Za-z])|\\left(?![A-Za-z])|\\right(?![A-Za-z])", "", s)
    s = re.sub(r"\\(?:text|mathrm|operatorname|mathbf|mathit|mathcal|boldsymbol|textbf|mathsf)\s*" + _GROUP, r"\1", s)
    s = re.sub(r"\\underbrace\s*" + _GROUP + r"\s*_\s*" + _GROUP, r"\1", s)  # a name with its shape under it: the name
    s = re.sub(r"\\mathbb\s*\{?([A-Z])\}?", lambda m: _BLACKBOARD.get(m.group(1), m.group(1)), s)
    s = re.sub(r"\\mathcal\s*\{?([A-Z])\}?", r"\1", s)  # \mathcal U(-a, a) reads U(-a, a)
    s = re.sub(r"\\[dt]?frac\s*(\d)\s*(\d)", r"\1/\2", s)
    for _ in range(3):  # nested fractions, inside out
        s = re.sub(r"\\[dt]?frac\s*" + _GROUP + r"\s*" + _GROUP, lambda m: f"{_wrap(m.group(1))}/{_wrap(m.group(2))}", s)
    s = re.sub(r"\\sqrt\s*" + _GROUP, lambda m: "√" + _wrap(m.group(1)), s)
    s = re.sub(r"\\(hat|bar|tilde|vec|dot)(?![A-Za-z])\s*(?:\{(\w)\}|(\w))", lambda m: (m.group(2) or m.group(3)) + _ACCENTS[m.group(1)], s)
    s = re.sub(r"\\begin\{\w+\*?\}|\\end\{\w+\*?\}", " ", s)
    s = re.sub(r"&amp;|&(?!#?\w+;)", " ", s)  # alignment tabs, but not the page's &lt; and &gt;
    s = re.sub(r"\\[,;:!]", "", s)
    s = re.sub(r"\\q?quad(?![A-Za-z])|\\ ", " ", s)
    s = re.sub(r"\\([%$#_])", r"\1", s)
    s = re.sub(r"\\([A-Za-z]+)", lambda m: _SYMBOLS.get(m.group(1), m.group(1)), s)
    s = re.sub(r"([_^])\s*" + _GROUP, lambda m: m.group(1) + _wrap(m.group(2)), s)
    s = s.replace("^ᵀ", "ᵀ").replace("^′", "′")
    s = s.replace("{", "").replace("}", "").replace("\0", "{").replace("\1", "}")
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", s).strip())  # y + U+0302 is ŷ


def _wrap(part: str) -> str:
    """``a/b`` for single tokens, ``(a + 1)/b`` for longer ones."""
    part = part.strip()
    return part if re.fullmatch(r"(?:[^\W_]|[.∞ᵀ′])+|\(.*\)|\[.*\]", part) else f"({part})"


def plain_math(text: str, *, display: str = "text") -> str:
    """``text`` with every ``\\(...\\)``, ``\\[...\\]`` and ``$$...$$`` turned into plain text.

    Code (``<code>``, ``<pre>``) is left as it is; ``display="drop"`` leaves out
    displayed equations, which make a search result's snippet unreadable."""

    def one(match: re.Match) -> str:
        if match.group("inline") is not None:
            return _tex_to_text(match.group("inline"))
        return " " if display == "drop" else _tex_to_text(match.group("display") or match.group("dollars"))

    parts = _CODE.split(text)
    out = []
    for index, part in enumerate(parts):
        kind = index % 3  # re.split with two groups: text, whole code element, tag name
        if kind == 0:
            out.append(_MATH.sub(one, part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def on_serve(server, config, builder):
    """`gradwork docs` (and `mkdocs serve`) rebuild when the course's sources change."""
    course = _course
    for path in (course.root / "course.toml", course.exercises_dir, course.solutions_dir, course.mistakes_dir):
        if path.exists():
            server.watch(str(path))
    return server
