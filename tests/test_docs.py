"""The lesson site: it builds strictly and offline, and every lesson is complete.

The site is built once per session (tests/docs_site.py) with the real
`gradwork docs --build-only --strict`. The lesson machinery's failure modes
(a missing stub, a failing worked example) are tested on a small copy of the
fake course, without MkDocs where possible.
"""

from __future__ import annotations

import ast
import html
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


def test_each_lesson_links_to_its_stub(site, course):
    for exercise in course.exercises:
        body = page(site, lesson_uri(exercise))
        assert f'href="../../exercises/{exercise.id}.py"' in body
        copy = site / "exercises" / f"{exercise.id}.py"
        assert copy.read_text(encoding="utf-8") == course.stub_path(exercise).read_text(encoding="utf-8")


def test_worked_examples_state_the_seed_figures(site):
    def text(uri):
        return html.unescape(re.sub(r"<[^>]+>", "", article(page(site, uri))))

    assert "[0.31682708 0.69627909]" in text("lessons/forward_pass"), "the 2-3-2-2 network's output, computed at build time"
    broadcasting = text("lessons/broadcasting")
    assert re.search(r"\[\s*59\.\s+239\.\s+155\.4\s+76\.9\]", broadcasting), "the calorie table's column sums"
    assert "apples, carbohydrate: 94.9 %" in broadcasting
    assert "y = 3x" in text("lessons/cost_function").replace("−", "-")
    assert re.search(r"the loop is \d+ times slower", text("lessons/vectorized_gradients"))


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
