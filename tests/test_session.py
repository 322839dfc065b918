"""The session layer (graders/session.py): the current exercise, hint tiers, grade and
remember, solution gating, reset; and the layering (nothing below the command line
imports it). Grading is replaced by a stand-in where only the bookkeeping is tested."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from graders.course import load_course
from graders.errors import UsageError
from graders.results import CourseResult, ExerciseResult
from graders.session import NOT_GRADED, Session

from .conftest import ROOT, cli_env
from .student_course import fake_course


@pytest.fixture
def session(tmp_path):
    return Session(load_course(fake_course(tmp_path)))


def _result(exercise_id: str, status: str, score: float, max_score: float) -> ExerciseResult:
    return ExerciseResult(id=exercise_id, title=exercise_id, status=status, score=score, max_score=max_score, message=f"{exercise_id} is {status}")


def _state(session) -> dict:
    path = session.course.root / ".gradwork" / "state.json"
    return json.loads(path.read_text()) if path.exists() else {}


@pytest.fixture
def fake_grades(monkeypatch):
    """Replace the engine's grade: every exercise 'failed' with 1 point (records the calls)."""
    from graders.engine import runner

    calls = []

    def grade(course, ids=None, *, target=None, only=None, **options):
        calls.append({"ids": ids, "target": target, "only": only, **options})
        return CourseResult(exercises=[_result(i, "failed", 1.0, 4.0) for i in (ids or course.ids())])

    monkeypatch.setattr(runner, "grade", grade)
    return calls


# -- the current exercise and the saved grades --------------------------------------------------
def test_the_current_exercise_is_the_first_not_passed(session):
    assert session.current() == "arith"  # nothing saved
    session.remember([_result("arith", "passed", 6, 6)])
    assert session.current() == "sibling" and session.exercise().id == "sibling"
    session.remember([_result("sibling", "passed", 4, 4)])
    assert session.current() == "sibling"  # all pass: the last one
    session.remember([_result("arith", "failed", 2, 6)])
    assert session.current() == "arith"
    results = {"arith": _result("arith", "passed", 6, 6), "sibling": _result("sibling", "error", 0, 4)}
    assert session.current(results) == "sibling"  # given results decide, not the file


def test_saved_grades_and_files_edited_since(session):
    arith, sibling = session.progress()
    assert arith.status == NOT_GRADED and arith.score is None and arith.max_score == 6 and not arith.graded
    path = session.course.root / "exercises" / "arith.py"
    from graders.state import file_digest

    session.remember([_result("arith", "failed", 2, 6)], {"arith": file_digest(path)})
    saved = session.saved("arith")
    assert (saved.status, saved.score, saved.max_score, saved.message, saved.edited) == ("failed", 2.0, 6.0, "arith is failed", False)
    path.write_text(path.read_text() + "\n# more\n")
    assert session.saved("arith").edited
    assert session.saved("sibling").status == NOT_GRADED


def test_an_unreadable_state_file_is_set_aside_and_said(session, capsys):
    folder = session.course.root / ".gradwork"
    folder.mkdir()
    (folder / "state.json").write_text('{"hints": {"arith": 2')  # cut short
    from graders.state import State

    assert State(session.course.root).data == {}
    kept = list(folder.glob("state.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == '{"hints": {"arith": 2'
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1 and ".gradwork/state.json was damaged" in warning and kept[0].name in warning


def test_a_damaged_state_file_is_no_grade(session):
    folder = session.course.root / ".gradwork"
    folder.mkdir()
    (folder / "state.json").write_text(json.dumps({"exercises": {"arith": {"status": 3, "score": "x"}}}))
    assert session.saved("arith").status == NOT_GRADED
    (folder / "state.json").write_text(json.dumps({"exercises": {"arith": {"status": "failed", "score": "x"}}}))
    assert session.saved("arith").score is None


# -- grade and remember ------------------------------------------------------------------------
def test_a_full_grade_of_own_work_is_remembered(session, fake_grades):
    session.grade(["arith"])
    entry = _state(session)["exercises"]["arith"]
    assert entry["status"] == "failed" and entry["score"] == 1.0 and entry["digest"]
    assert "sibling" not in _state(session)["exercises"]


def test_a_partial_grade_or_another_folder_is_not_remembered(session, fake_grades, tmp_path):
    session.remember([_result("arith", "failed", 2, 6)])
    before = _state(session)["exercises"]["arith"]
    session.grade(["arith"], only="double_values")
    other = tmp_path / "elsewhere"
    other.mkdir()
    session.grade(["arith"], target=other)
    assert _state(session)["exercises"]["arith"] == before
    assert [call["only"] for call in fake_grades] == ["double_values", None]
    session.grade(["arith"], target=session.course.root / "exercises")  # the own folder, named: remembered
    assert _state(session)["exercises"]["arith"]["score"] == 1.0


def test_an_unknown_exercise_is_refused_before_grading(session, fake_grades):
    from graders.course import CourseError

    with pytest.raises(CourseError, match="the exercises are: arith, sibling"):
        session.grade(["nope"])
    assert fake_grades == []


# -- hints ------------------------------------------------------------------------------------
def test_a_report_shows_the_tier_reached_and_counts_it_as_seen(session):
    result = CourseResult(exercises=[_result("arith", "failed", 2, 6), _result("sibling", "not_started", 0, 4)])
    assert session.report_hints(result, {"arith"}) == {"arith": ("Look at the shapes.", "1 of 3")}
    assert _state(session)["hints"] == {"arith": 1}  # only the exercise the report explained
    hint = session.next_hint("arith")
    assert (hint.tier, hint.label, hint.text, hint.last) == (2, "2 of 3", "Multiply the whole array.", False)
    assert session.report_hints(result, {"arith"})["arith"][1] == "2 of 3"  # the tier reached, not a new one
    assert session.next_hint("arith").label == "3 of 3"
    last = session.next_hint("arith")
    assert last.label == "3 of 3" and last.last
    assert [h.tier for h in session.hints_so_far("arith")] == [1, 2, 3]


def test_a_passing_exercise_and_a_table_for_a_file_record_nothing(session):
    passed = CourseResult(exercises=[_result("arith", "passed", 6, 6)])
    assert session.report_hints(passed, {"arith"}) == {}
    failing = CourseResult(exercises=[_result("arith", "failed", 2, 6)])
    assert session.hint_table(failing) == {"arith": ("Look at the shapes.", "1 of 3")}
    assert "hints" not in _state(session)
    assert session.next_hint("arith").tier == 1


# -- solution and reset -----------------------------------------------------------------------------
def test_solution_gating(session, monkeypatch):
    from graders.engine import runner

    outcome = {"status": "failed"}
    monkeypatch.setattr(runner, "grade_exercise", lambda course, exercise, **kw: _result(exercise.id, outcome["status"], 0, 6))
    assert session.unlock_solution("arith").status == "failed"
    assert _state(session)["exercises"]["arith"]["status"] == "failed"  # the fresh grade is remembered
    outcome["status"] = "passed"
    assert session.unlock_solution("arith").status == "passed"
    (session.course.root / "solutions" / "arith.py").unlink()
    with pytest.raises(UsageError, match="no reference solution for arith"):
        session.unlock_solution("arith")


def test_reset_backs_up_first_and_never_loses_work(session):
    path = session.course.root / "exercises" / "arith.py"
    stub = session.stub_source("arith")
    assert session.reset("arith").action in ("unchanged", "replaced")
    path.write_text("# mine\n")
    done = session.reset("arith")
    assert done.action == "replaced" and done.backup.read_text() == "# mine\n" and path.read_text() == stub
    assert session.reset("arith").action == "unchanged"
    path.unlink()
    assert session.reset("arith").action == "restored" and path.read_text() == stub
    path.unlink()
    path.mkdir()
    with pytest.raises(UsageError, match="is a folder"):
        session.reset("arith")


# -- the layers: arrows point down only ----------------------------------------------------------
def _imports(path) -> set[str]:
    """The graders modules a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("graders")}


def test_nothing_below_the_command_line_imports_it():
    offenders = []
    for path in sorted((ROOT / "graders").rglob("*.py")):
        relative = path.relative_to(ROOT / "graders").as_posix()
        if relative.startswith("cli/") or relative == "__main__.py":
            continue
        if any(name == "graders.cli" or name.startswith("graders.cli.") for name in _imports(path)):
            offenders.append(relative)
    assert offenders == []


def test_the_session_imports_no_front_end():
    front_ends = ("graders.cli", "graders.watch", "graders.notebook")
    names = _imports(ROOT / "graders" / "session.py")
    assert not [n for n in names if n.startswith(front_ends)], names
    for module in ("watch.py", "notebook.py"):
        assert "graders.session" in _imports(ROOT / "graders" / module)


def test_importing_the_front_ends_loads_no_command_line():
    code = "import sys, graders.watch, graders.notebook, graders.session; print(sorted(m for m in sys.modules if m.startswith('graders.cli')))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
