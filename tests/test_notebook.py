"""`from graders import check; check("zeros_init")` in a real Jupyter kernel (nbclient),
and the HTML report it shows: the same feedback as the terminal, escaped."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from graders.report import html as html_report
from graders.results import CourseResult, Diagnosis, ExerciseResult, PropertyResult

from .conftest import ROOT, cli_env
from .student_course import wrong_zeros_init, zeros_course


def _visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_check_renders_inline_in_a_real_kernel(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    root = zeros_course(tmp_path)
    (root / "exercises" / "zeros_init.py").write_text(wrong_zeros_init())
    notebooks = root / "notebooks"  # the course is found from a folder below it, as from a student's notebook
    notebooks.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout's graders
    monkeypatch.delenv("GRADWORK_COURSE", raising=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('from graders import check\ncheck("zeros_init")'),
        nbformat.v4.new_code_cell("report = check()\nprint(report.passed, report.score, report.max_score)"),
        nbformat.v4.new_code_cell('try:\n    check("nope")\nexcept Exception as exc:\n    print(type(exc).__name__, exc)'),
    ]
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebooks)}})
    client.execute()

    [shown] = [out for out in nb.cells[0].outputs if out.output_type == "execute_result"]
    page, text = shown.data["text/html"], shown.data["text/plain"]
    visible = _visible(page)
    assert 'class="gradwork-report"' in page and 'data-status="failed"' in page
    for words in ("Progress", "0/1 exercises", "zeros_init", "failed", "W has shape (3, 2)", "init_zeros(n_in=2, n_out=3)", "diagnosis", "hint 1 of 3", "gradwork check zeros_init --property"):
        assert words in visible, words
    assert "Progress" in text and "W has shape (3, 2)" in text  # the text form, where HTML is not shown
    assert "\x1b[" not in text

    assert nb.cells[1].outputs[0].text.split() == ["False", "5.0", "10.0"]
    assert "unknown exercise 'nope'" in nb.cells[2].outputs[0].text
    state = (root / ".gradwork" / "state.json").read_text()
    assert '"status": "failed"' in state  # the notebook records progress as the command line does


def _hostile() -> CourseResult:
    evil = "<script>alert('x')</script>&<b>"
    prop = PropertyResult(
        name=f"prop {evil}", function="f", status="failed", key="k", message=f"f({evil}) → {evil}", call=f"f({evil})",
        got=evil, expected="<i>1</i>", detail=evil, advice=evil, diagnosis=Diagnosis(id="m", title=evil, advice=evil),
        traceback=[f"exercises/x.py:1 in f: {evil}"], output=evil, replay="gradwork check x --property k",
    )
    second = PropertyResult(name="second", function="f", status="failed", key="k2", message="second fails", replay="gradwork check x --property k2")
    exercise = ExerciseResult(id="x", title=evil, status="failed", score=0, max_score=1, message=evil, properties=[prop, second], hint=evil, lesson="lessons/x.md", file="exercises/x.py", replay="gradwork check x --property k")
    return CourseResult(exercises=[exercise])


def test_html_escapes_everything_the_student_controls():
    page = html_report.render(_hostile(), hints={"x": ("<img src=x onerror=alert(1)>", "1 of 1")})
    assert "<script" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;" in page
    visible = _visible(page)
    assert "<script>alert('x')</script>" in visible  # shown as text
    # every failure has its own replay command
    assert "gradwork check x --property k" in visible and "gradwork check x --property k2" in visible


def test_report_object_text_and_html(tmp_path):
    from graders.notebook import Report

    from graders.course import load_course

    report = Report(_hostile(), course=load_course(zeros_course(tmp_path)), detail_for="first", hints={})
    assert "<script>" not in report._repr_html_()
    assert "Progress 0/1 exercises" in repr(report) and str(report) == repr(report)
    assert not report and report.max_score == 1


def test_importing_graders_stays_light():
    code = "import sys, graders; heavy = [m for m in ('numpy', 'hypothesis', 'rich') if m in sys.modules]; print(heavy); assert callable(graders.check)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_check_goes_through_the_session(tmp_path, monkeypatch):
    """check() remembers a grade of the student's own files and counts the hint tier its
    report shows, as the command line does; a grade of another folder changes nothing."""
    import json

    from graders.engine import runner
    from graders.notebook import check

    def grade(course, ids=None, **options):
        return CourseResult(exercises=[ExerciseResult(id=i, title=i, status="failed", score=5.0, max_score=10.0, message="fails") for i in (ids or course.ids())])

    monkeypatch.setattr(runner, "grade", grade)
    root = zeros_course(tmp_path)
    report = check("zeros_init", course=root)
    assert report.hints["zeros_init"][1] == "1 of 3" and not report
    state = json.loads((root / ".gradwork" / "state.json").read_text())
    assert state["exercises"]["zeros_init"]["score"] == 5.0 and state["hints"] == {"zeros_init": 1}
    assert check("zeros_init", course=root).hints["zeros_init"][1] == "1 of 3"  # the tier reached; no new one is used up
    state = json.loads((root / ".gradwork" / "state.json").read_text())
    assert state["hints"] == {"zeros_init": 1}
    check("zeros_init", course=root, target="solutions")
    assert json.loads((root / ".gradwork" / "state.json").read_text()) == state
