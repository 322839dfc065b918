"""The lesson site: it builds strictly and offline, and every lesson is complete.

The site is built once per session (tests/docs_site.py) with the real
`gradwork docs --build-only --strict`. The lesson machinery's failure modes
(a missing stub, a failing worked example) are tested on a small copy of the
fake course, without MkDocs where possible.
"""

from __future__ import annotations

import ast
import html
import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graders.course import load_course
from graders.docsite import lesson
from graders.engine import loading, variants

from . import docs_site
from .conftest import ROOT, cli_env

# The lesson site is built once per worker (tests/docs_site.py): these tests and the
# browser's share one group, so one worker builds it once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("site")

FAKE = ROOT / "tests" / "fake_course"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)["']""", re.I)
LOCAL_HOSTS = ("127.0.0.1", "localhost")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return docs_site.build(tmp_path_factory).require_success()


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    start, end = text.index("<article"), text.index("</article>")
    return text[start:end]


def lesson_uri(exercise) -> str:
    return exercise.lesson.removesuffix(".md")


# -- the real site ---------------------------------------------------------------
def test_strict_build_succeeds(site):
    assert (site / "index.html").is_file()
    assert (site / "instructors" / "index.html").is_file()


def test_navigation_follows_course_toml(site, course):
    nav = page(site, "")
    positions = [nav.find(f'href="{lesson_uri(e)}/"') for e in course.exercises]
    assert all(p >= 0 for p in positions), "every lesson is in the navigation"
    assert positions == sorted(positions), "lessons appear in course order"


def test_every_lesson_has_task_hints_and_mistakes(site, course):
    for exercise in course.exercises:
        body = article(page(site, lesson_uri(exercise)))
        assert 'id="your-task"' in body, exercise.id
        stub = course.stub_path(exercise).read_text(encoding="utf-8")
        tree = ast.parse(stub)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in exercise.functions:
                assert f'id="{node.name}"' in body, f"{exercise.id}: no task heading for {node.name}"
                first = ast.get_docstring(node).splitlines()[0]
                assert html.escape(first, quote=True) in body or first in html.unescape(re.sub(r"<[^>]+>", "", body)), f"{exercise.id}: docstring of {node.name} not shown"
        assert body.count('<details class="tip"') == len(exercise.hints), f"{exercise.id}: hints are not all there, folded"
        for hint in exercise.hints:
            assert not hint.startswith("TODO"), f"{exercise.id}: a hint is still a placeholder"
        bank = [v for v in variants.collect(loading.load("mistakes", course.mistakes_dir, exercise.id)) if v.kind == "mistake"]
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        for variant in bank:
            assert variant.title in text, f"{exercise.id}: mistake {variant.key!r} is not listed"
        assert "gradwork check " + exercise.id in text and "gradwork hint " + exercise.id in text


# -- the Korean site ----------------------------------------------------------------
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _text(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_the_korean_site_mirrors_the_english_one(site, course):
    english = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith(("ko/", "search/")))
    for uri in english:
        korean = site / "ko" / uri
        assert korean.is_file(), f"no Korean page ko/{uri}"
        text = korean.read_text(encoding="utf-8")
        assert '<html lang="ko"' in text, f"ko/{uri} is not marked Korean"
        assert len(HANGUL.findall(_text(article(text)))) > 200, f"ko/{uri} hardly has any Korean"
    nav = page(site, "ko")
    for exercise in course.exercises:
        assert f'href="{lesson_uri(exercise)}/"' in nav, f"the Korean navigation lacks {exercise.id}"


def test_korean_lessons_have_their_task_hints_and_mistakes_in_korean(site, course):
    from graders import i18n

    with i18n.speaking("ko"):
        for exercise in course.exercises:
            body = article(page(site, "ko/" + lesson_uri(exercise)))
            text = _text(body)
            assert 'id="your-task"' in body and 'id="hints"' in body and 'id="common-mistakes"' in body, exercise.id
            assert i18n._("Your task") in text and i18n._("Common mistakes") in text, exercise.id
            for hint in exercise.hints:
                korean = " ".join(i18n._(hint).split())
                assert korean != " ".join(hint.split()) or not HANGUL.search(korean), f"{exercise.id}: a hint has no Korean"
            bank = [v for v in variants.collect(loading.load("mistakes", course.mistakes_dir, exercise.id)) if v.kind == "mistake"]
            squashed = " ".join(text.split())
            for variant in bank:
                assert " ".join(i18n._(variant.title).split()) in squashed, f"{exercise.id}: mistake {variant.key!r} is not listed in Korean"
            # the task shows the stub's docstrings in Korean
            tree = ast.parse(course.stub_path(exercise).read_text(encoding="utf-8"))
            for node in tree.body:
                if isinstance(node, ast.FunctionDef) and node.name in exercise.functions:
                    first = i18n._(ast.get_docstring(node)).splitlines()[0]
                    assert " ".join(first.split()) in squashed, f"{exercise.id}: the Korean docstring of {node.name} is not shown"


def test_korean_figures_carry_korean_labels(site):
    english = sorted((site / "figures").glob("*.svg"))
    assert english, "no figures were drawn"
    differ = [svg.name for svg in english if (site / "ko" / "figures" / svg.name).read_bytes() != svg.read_bytes()]
    # a figure with words on it draws them again in Korean (text is drawn as outlines)
    assert len(differ) >= 0.8 * len(english), f"only {len(differ)} of {len(english)} Korean figures differ from the English ones"


def test_each_lesson_names_the_students_own_file(site, course):
    """The card names exercises/<id>.py in the student's clone and copies the path;
    no page links to a copy of the stub on the site, which is not their file."""
    for exercise in course.exercises:
        body = article(page(site, lesson_uri(exercise)))
        path = f"exercises/{exercise.id}.py"
        assert f'data-clipboard-text="{path}"' in body and f"<code>{path}</code>" in body, exercise.id
        assert f"gradwork reset {exercise.id}" in body, exercise.id
        assert not re.search(r'href="[^"]*exercises/[^"]*\.py"', body), f"{exercise.id}: links to a copy of a stub"
    assert not (site / "exercises").exists(), "the site publishes no copies of the stubs"


def test_worked_examples_state_the_seed_figures(site):
    def text(uri):
        return html.unescape(re.sub(r"<[^>]+>", "", article(page(site, uri))))

    assert "[0.31682708 0.69627909]" in text("lessons/forward_pass"), "the 2-3-2-2 network's output, computed at build time"
    broadcasting = text("lessons/broadcasting")
    assert re.search(r"\[\s*59\.\s+239\.\s+155\.4\s+76\.9\]", broadcasting), "the calorie table's column sums"
    assert "apples, carbohydrate: 94.9 %" in broadcasting
    assert "y = 3x" in text("lessons/cost_function").replace("−", "-")


def test_the_timing_code_on_the_page_is_the_code_that_drew_the_figure(site):
    import inspect

    from graders.docsite.figures import vectorized_gradients as timing

    text = html.unescape(re.sub(r"<[^>]+>", "", article(page(site, "lessons/vectorized_gradients"))))
    for function in (timing.loop_dot, timing.best_ms):
        assert inspect.getsource(function).strip() in text, f"{function.__name__} differs between the figure and the lesson"
    # the prose quotes no measured factor: the figure states the one it measured
    assert not re.search(r"\b\d+ times (?:slower|faster)", text)


def test_the_timing_figure_states_the_ratio_of_the_points_it_draws():
    from graders.docsite.figures.vectorized_gradients import draw_timing

    data = {"sizes": [10, 1_000, 100_000, 1_000_000], "loop_ms": [0.003, 0.25, 25.0, 260.0],
            "dot_ms": [0.001, 0.0012, 0.04, 0.65], "rounds": 5, "dot_cores": 0.97}
    fig = draw_timing(data)
    labels = " ".join(text.get_text() for text in fig.axes[0].texts)
    assert "np.dot 400× faster" in labels and "n = 1,000,000" in labels
    assert "one thread" in fig.axes[0].get_title() and "5 rounds" in fig.axes[0].get_title()
    assert "1.9 cores" in draw_timing({**data, "dot_cores": 1.9}).axes[0].get_title(), "an unpinned BLAS is not hidden"


def test_the_timing_run_holds_blas_to_one_thread():
    """np.dot of long 1-d vectors is BLAS ddot, which OpenBLAS spreads over every
    core; the measurement's child process must not (CPU time can only run
    ahead of wall time with more than one thread)."""
    from graders.docsite.figures.vectorized_gradients import measure

    data = measure([10, 200_000], rounds=1)
    assert len(data["loop_ms"]) == len(data["dot_ms"]) == 2
    assert all(loop > 0 and dot > 0 for loop, dot in zip(data["loop_ms"], data["dot_ms"]))
    assert data["dot_cores"] < 1.3, f"np.dot used {data['dot_cores']:.2f} cores in the timing run"


@pytest.mark.parametrize("tex,text", [
    (r"Fitting \(y = 3x - 2\)", "Fitting y = 3x - 2"),
    (r"\(\hat y = \sigma(z)\)", "ŷ = σ(z)"),
    (r"\(w^\top x + b\)", "wᵀ x + b"),
    (r"\(x^{(i)} \in \mathbb{R}^{n_x}\)", "x^(i) ∈ ℝ^(n_x)"),
    (r"\(W \sim \mathcal U(-a, a)\)", "W ∼ U(-a, a)"),
    (r"\(\sigma(z) = \dfrac{e^{z}}{1 + e^{z}}\) and \(\tfrac12\)", "σ(z) = (e^z)/(1 + e^z) and 1/2"),
    (r"\(2 / (n_{\text{in}} + n_{\text{out}})\)", "2 / (n_in + n_out)"),
    (r"\(y \in \{0, 1\}\), \(0 &lt; a &lt; 1\)", "y ∈ {0, 1}, 0 &lt; a &lt; 1"),
    (r"\(\underbrace{x}_{(n_{\text{in}},)}\) \(\ldots\)", "x …"),
    (r"math is <code>\( ... \)</code>", r"math is <code>\( ... \)</code>"),
])
def test_math_reads_as_text_in_the_toc_and_search(tex, text):
    from graders.docsite.hooks import plain_math

    assert plain_math(tex) == text


def test_toc_and_search_show_no_raw_math(site):
    from graders.docsite.hooks import plain_math

    assert plain_math(r"<p>a</p> \[ J = 1 \] <p>b</p>", display="drop") == "<p>a</p>   <p>b</p>"
    raw = re.compile(r"\\\(|\\\[|\$\$")
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        for title in re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">(.*?)</span>', text, re.S):
            assert not raw.search(title), f"{path.relative_to(site)}: table of contents shows {title.strip()!r}"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        prose = re.sub(r"<(code|pre)\b.*?</\1>", "", entry["title"] + " " + entry["text"], flags=re.S)
        assert not raw.search(prose), f"search index, {entry['location']}: {prose[:200]!r}"


def test_math_and_figures_are_on_every_lesson(site, course):
    for exercise in course.exercises:
        body = article(page(site, lesson_uri(exercise)))
        assert 'class="arithmatex"' in body, f"{exercise.id}: no math"
        figures = re.findall(r'src="((?:\.\./)+figures/[^"]+\.svg)"', body)
        assert figures, f"{exercise.id}: no figure"
        for src in figures:
            svg = (site / lesson_uri(exercise) / src).resolve()
            assert svg.is_file(), src
            text = svg.read_text(encoding="utf-8")
            assert "<svg" in text and not re.search(r"""(?:href|src)\s*=\s*["']?(?:https?:)?//""", text), f"{src} refers to something outside"
            assert "<text" not in text, f"{src}: text should be drawn as paths (svg.fonttype = 'path'), so no font is needed"


def test_nothing_is_requested_from_outside(site):
    offenders = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text, re.I):
            if re.search(r'\brel=["\']?(?:canonical|alternate)', tag):
                continue
            for url in EXTERNAL.findall(tag):
                if not any(f"//{host}" in url for host in LOCAL_HOSTS):
                    offenders.append(f"{path.relative_to(site)}: {tag[:120]}")
    for path in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(site)}: url({url})")
    assert not offenders, "external references:\n" + "\n".join(offenders[:20])
    assert "fonts.googleapis" not in page(site, "")


def test_katex_is_vendored_small(site):
    vendor = ROOT / "docs" / "assets" / "vendor" / "katex"
    fonts = list((vendor / "fonts").iterdir())
    assert fonts and all(f.suffix == ".woff2" for f in fonts)
    assert sum(f.stat().st_size for f in vendor.rglob("*") if f.is_file()) < 1_000_000
    index = page(site, "")
    assert "assets/vendor/katex/katex.min.js" in index and "assets/vendor/katex/katex.min.css" in index


def test_home_shows_the_loop_and_a_counterexample(site):
    text = html.unescape(re.sub(r"<[^>]+>", "", article(page(site, ""))))
    for words in ("gradwork hint", "Falsifying", "replay", "not started"):
        assert words.lower() in text.lower(), words


def test_instructors_page_explains_grading_and_adding(site):
    text = html.unescape(re.sub(r"<[^>]+>", "", article(page(site, "instructors"))))
    for words in ("--format", "gradescope", "junit", "--target", "# BEGIN SOLUTION", "gradwork dev stubs", "@prop", "@given", "gradwork dev check", "worker"):
        assert words in text, words


# -- the machinery, on a copy of the fake course -------------------------------------
@pytest.fixture
def fake_course(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FAKE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_task_is_read_from_the_stub(fake_course):
    course = load_course(fake_course)
    result = lesson.expand("# Arithmetic\n", course, "lessons/arith.md")
    stub = (fake_course / "exercises" / "arith.py").read_text()
    for node in ast.parse(stub).body:
        if isinstance(node, ast.FunctionDef):
            assert f"def {node.name}(" in result.markdown
            assert ast.get_docstring(node).splitlines()[0] in result.markdown
    assert "??? tip" in result.markdown and "## Common mistakes" in result.markdown


def test_a_missing_stub_is_a_clear_problem(fake_course):
    (fake_course / "exercises" / "arith.py").unlink()
    course = load_course(fake_course)
    result = lesson.expand("# Arithmetic\n\n<!-- gradwork:task -->\n", course, "lessons/arith.md")
    assert len(result.problems) == 1
    message = result.problems[0]
    assert "exercises/arith.py" in message and "does not exist yet" in message and "gradwork dev stubs arith" in message
    assert '!!! failure' in result.markdown


def test_a_function_missing_from_the_stub_is_a_clear_problem(fake_course):
    stub = fake_course / "exercises" / "arith.py"
    stub.write_text(re.sub(r"def total\(", "def totals(", stub.read_text()))
    result = lesson.expand("# A\n", load_course(fake_course), "lessons/arith.md")
    assert any("total()" in p and "does not define it" in p for p in result.problems)


def test_worked_examples_run_against_the_solution(fake_course):
    course = load_course(fake_course)
    ok = lesson.expand("# T\n\n<!-- gradwork:run arith -->\n```python\nprint(double(np.array([1.0, 2.5])))\n```\n", course, "index.md")
    assert not ok.problems and 'title="Output"' in ok.markdown and "[2. 5.]" in ok.markdown
    bad = lesson.expand("# T\n\n<!-- gradwork:run arith -->\n```python\nprint(1 / 0)\n```\n", course, "index.md")
    assert bad.problems and "ZeroDivisionError" in bad.problems[0]


def test_markers_inside_code_are_left_alone(fake_course):
    text = "# T\n\n```markdown\n<!-- gradwork:task -->\n<!-- gradwork:nonsense -->\n```\n"
    result = lesson.expand(text, load_course(fake_course), "index.md")
    assert not result.problems and result.markdown == text


def test_hint_text_cannot_break_the_page():
    assert lesson.inline("0 < A < 1 and a * b * c, `x<y`") == "0 &lt; A &lt; 1 and a \\* b \\* c, `x<y`"


def test_strict_build_fails_while_a_stub_is_missing(fake_course):
    docs_site.require_docs_extra()
    (fake_course / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: fake
        docs_dir: docs
        theme: {{name: material, font: false}}
        hooks: [{ROOT / 'graders' / 'docsite' / 'hooks.py'}]
        markdown_extensions: [admonition, attr_list, pymdownx.details, pymdownx.superfences]
        """))
    (fake_course / "docs" / "index.md").write_text("# Fake\n\n<!-- gradwork:course -->\n")
    (fake_course / "exercises" / "sibling.py").unlink()
    proc = subprocess.run([sys.executable, "-m", "graders", "--course", str(fake_course), "docs", "--build-only", "--strict",
                           "--site-dir", str(fake_course / "site")], capture_output=True, text=True, timeout=300, env=cli_env(NO_MKDOCS_2_WARNING="1"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "exercises/sibling.py, which does not exist yet" in proc.stderr
    assert "the site did not build" in proc.stderr


def test_docs_without_mkdocs_says_how_to_install():
    code = "import sys; sys.modules['mkdocs'] = None; from graders.cli.main import main; sys.exit(main(['docs', '--build-only']))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=cli_env())
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install -e '.[docs]'" in lines[0]


def test_a_cjk_font_installed_after_matplotlib_listed_the_fonts_is_found(monkeypatch):
    """matplotlib lists the machine's fonts once and keeps the list in a cache file: a
    CJK font installed after that (the remedy of the "no CJK font found" warning)
    would never be seen. The figures look again, once, and keep the new list."""
    import os

    from matplotlib import font_manager

    from graders.docsite.figures import base

    manager = font_manager.fontManager
    if not any(entry.name in base.CJK_FAMILIES for entry in manager.ttflist) and not os.environ.get("CI"):
        pytest.skip("this machine has no CJK font (CI installs fonts-noto-cjk, and there this test must run)")
    files = {entry.fname for entry in manager.ttflist if entry.name in base.CJK_FAMILIES}  # a list from before they came
    monkeypatch.setattr(manager, "ttflist", [entry for entry in manager.ttflist if entry.fname not in files])
    monkeypatch.setattr(base, "_rescanned", [])
    kept = []
    monkeypatch.setattr(font_manager, "json_dump", lambda data, path: kept.append((data, path)))
    found = base._installed(base.CJK_FAMILIES)
    assert found in base.CJK_FAMILIES
    assert font_manager.findfont(found) != font_manager.findfont("DejaVu Sans")  # the renderer sees it too
    assert kept and kept[0][0] is manager  # and the next run finds it in the cache
