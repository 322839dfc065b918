"""The student loop through the real command: reset, solution, hint, list, replay.

Every test works in a temporary copy of the course holding only zeros_init
(tests/student_course.py), and runs `python -m graders ...` there.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from graders.dev.stubs import make_stub

from .conftest import run_cli
from .student_course import fake_course, solution, wrong_zeros_init, zeros_course


@pytest.fixture
def root(tmp_path):
    return zeros_course(tmp_path)


def _stub() -> str:
    return make_stub(solution(), "zeros_init")


def _backups(root):
    folder = root / ".gradwork" / "backups"
    return sorted(folder.glob("zeros_init-*.py")) if folder.is_dir() else []


# -- reset ------------------------------------------------------------------------
def test_reset_keeps_the_students_version_and_restores_the_stub(root):
    exercise = root / "exercises" / "zeros_init.py"
    first = "# my first attempt\n" + wrong_zeros_init()
    exercise.write_text(first)
    proc = run_cli("reset", "zeros_init", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert exercise.read_text() == _stub()
    [backup] = _backups(root)
    assert backup.read_text() == first
    assert str(backup.relative_to(root)) in proc.stdout and "cp " in proc.stdout  # how to get it back
    assert "your work" in (backup.parent / "README.txt").read_text()  # the backups are not cache

    # The untouched stub: nothing to back up, nothing changes.
    again = run_cli("reset", "zeros_init", cwd=root)
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert len(_backups(root)) == 1

    # A second attempt within the same second gets its own backup: nothing is overwritten.
    second = "# my second attempt\n" + solution()
    exercise.write_text(second)
    assert run_cli("reset", "zeros_init", cwd=root).returncode == 0
    contents = sorted(path.read_text() for path in _backups(root))
    assert contents == sorted([first, second])
    assert exercise.read_text() == _stub()


def test_reset_puts_back_a_deleted_file(root):
    exercise = root / "exercises" / "zeros_init.py"
    exercise.unlink()
    proc = run_cli("reset", "zeros_init", cwd=root)
    assert proc.returncode == 0 and "missing" in proc.stdout
    assert exercise.read_text() == _stub()


def test_reset_of_an_unknown_exercise_is_a_usage_error(root):
    proc = run_cli("reset", "nope", cwd=root)
    assert proc.returncode == 2 and "unknown exercise" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# -- solution ---------------------------------------------------------------------
def test_solution_refuses_before_a_pass(root):
    exercise = root / "exercises" / "zeros_init.py"
    for attempt in (None, wrong_zeros_init()):  # the untouched stub, then a failing attempt
        if attempt:
            exercise.write_text(attempt)
        before = exercise.read_bytes()
        proc = run_cli("solution", "zeros_init", cwd=root)
        assert proc.returncode == 1
        assert len(proc.stderr.strip().splitlines()) == 1 and "--force" in proc.stderr
        assert "BEGIN SOLUTION" not in proc.stdout and "np.zeros((n_in, n_out))" not in proc.stdout
        assert exercise.read_bytes() == before


def test_solution_after_a_pass_even_without_the_state_file(root):
    exercise = root / "exercises" / "zeros_init.py"
    mine = "# mine\n" + re.sub(r"(?m)^ *# (BEGIN|END) SOLUTION\n", "", solution())
    exercise.write_text(mine)
    shutil.rmtree(root / ".gradwork", ignore_errors=True)  # a grade decides, not the state file
    proc = run_cli("solution", "zeros_init", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "np.zeros((n_in, n_out))" in proc.stdout and "BEGIN SOLUTION" in proc.stdout
    assert exercise.read_text() == mine  # never written
    assert sorted(p.name for p in (root / "exercises").iterdir() if p.suffix == ".py") == ["__init__.py", "zeros_init.py"]
    state = json.loads((root / ".gradwork" / "state.json").read_text())
    assert "passed_at" in state["exercises"]["zeros_init"]


def test_solution_force_says_what_it_does(root):
    exercise = root / "exercises" / "zeros_init.py"
    before = exercise.read_bytes()
    proc = run_cli("solution", "zeros_init", "--force", cwd=root)
    assert proc.returncode == 0
    assert "--force" in proc.stdout and "Nothing was written" in proc.stdout
    assert "np.zeros((n_in, n_out))" in proc.stdout
    assert exercise.read_bytes() == before
    help_text = run_cli("solution", "--help", cwd=root).stdout
    assert "--force" in help_text and "never writes" in help_text


# -- hint ---------------------------------------------------------------------------
def test_hint_advances_through_the_tiers_and_remembers(root):
    seen = [run_cli("hint", "zeros_init", cwd=root).stdout for _ in range(4)]
    assert [re.search(r"Hint (\d) of 3", text).group(1) for text in seen] == ["1", "2", "3", "3"]
    assert "np.zeros" in seen[0] and "last hint" in seen[2]
    state = json.loads((root / ".gradwork" / "state.json").read_text())
    assert state["hints"]["zeros_init"] == 3
    every = run_cli("hint", "zeros_init", "--all", cwd=root).stdout
    assert all(f"Hint {n} of 3" in every for n in (1, 2, 3))
    # The report shows the tier the student has reached.
    assert "hint 3 of 3" in run_cli("check", "zeros_init", cwd=root).stdout
    # Deleting the state file is safe: the hints start again.
    shutil.rmtree(root / ".gradwork")
    assert "Hint 1 of 3" in run_cli("hint", "zeros_init", cwd=root).stdout


# -- list and replay ----------------------------------------------------------------------
def _flat(text: str) -> str:
    return " ".join(text.split())  # the report wraps at the terminal's width


def test_list_reads_the_saved_grades_without_grading(root):
    exercise = root / "exercises" / "zeros_init.py"
    exercise.write_text(wrong_zeros_init())
    first = run_cli("list", cwd=root)  # nothing graded yet: nothing is known, and nothing is graded now
    assert first.returncode == 0, first.stderr
    assert re.search(r"zeros_init\s+not graded yet\s+-/10", first.stdout), first.stdout
    assert "Next: zeros_init" in first.stdout
    assert not (root / ".gradwork" / "state.json").exists()

    assert run_cli("check", "zeros_init", cwd=root).returncode == 1  # a grade is saved
    state = (root / ".gradwork" / "state.json").read_text()
    proc = run_cli("list", cwd=root)
    assert proc.returncode == 0  # whatever the grades
    out = proc.stdout
    assert re.search(r"\[-+\] Progress 0/1 exercises · 5/10 points", out), out
    assert re.search(r"zeros_init\s+failed\s+5/10", out)
    assert "Next: zeros_init" in out and "exercises/zeros_init.py" in out
    assert (root / ".gradwork" / "state.json").read_text() == state  # list wrote nothing

    # The file now passes, but list grades nothing: it still shows the last grade and says the file changed.
    exercise.write_text(solution())
    stale = run_cli("list", cwd=root)
    assert stale.returncode == 0 and re.search(r"zeros_init\s+failed\s+5/10", stale.stdout)
    assert "edited since" in stale.stdout
    assert json.loads((root / ".gradwork" / "state.json").read_text())["exercises"]["zeros_init"]["status"] == "failed"

    assert run_cli("check", cwd=root).returncode == 0
    done = run_cli("list", cwd=root)
    assert done.returncode == 0 and "[###" in done.stdout and "Every exercise passes" in done.stdout
    assert re.search(r"zeros_init\s+passed\s+10/10", done.stdout) and "edited since" not in done.stdout


def test_every_failing_property_prints_a_replay_that_reruns_exactly_it(root):
    (root / "exercises" / "zeros_init.py").write_text(wrong_zeros_init())
    text = run_cli("check", "zeros_init", cwd=root).stdout
    replays = sorted(set(re.findall(r"gradwork check zeros_init --property \w+", text)))
    failing = [p for p in json.loads(run_cli("check", "zeros_init", "--format", "json", cwd=root).stdout)["exercises"][0]["properties"] if p["status"] == "failed"]
    assert len(failing) == 2 and len(replays) == 2
    for command in replays:
        key = command.split()[-1]
        [original] = [p for p in failing if p["key"] == key]
        again = json.loads(run_cli(*command.split()[1:], "--format", "json", cwd=root).stdout)["exercises"][0]["properties"]
        assert [p["key"] for p in again] == [key]
        assert again[0]["status"] == "failed" and again[0]["call"] == original["call"]


# -- the hint after a report, the current exercise, the replay's header --------------------
def test_the_first_hint_after_a_report_is_the_next_tier(root):
    report = _flat(run_cli("check", "zeros_init", cwd=root).stdout)
    assert "hint 1 of 3" in report  # a failing report shows the first tier ...
    state = json.loads((root / ".gradwork" / "state.json").read_text())
    assert state["hints"]["zeros_init"] == 1  # ... and the state remembers it was shown
    second = run_cli("hint", cwd=root).stdout  # so `gradwork hint` gives the one after it
    assert "Hint 2 of 3 for zeros_init" in second and "Hint 1 of 3" not in second
    assert "hint 2 of 3" in _flat(run_cli("check", "zeros_init", cwd=root).stdout)  # the tier reached
    assert "Hint 3 of 3" in run_cli("hint", cwd=root).stdout


def test_reports_nobody_reads_as_hints_do_not_use_up_a_tier(root):
    assert run_cli("check", "zeros_init", "--format", "json", cwd=root).returncode == 1
    assert run_cli("check", "zeros_init", "--feedback", "diagnosis", cwd=root).returncode == 1
    assert "hint 1 of 3" not in _flat(run_cli("check", "zeros_init", "--feedback", "verdict", cwd=root).stdout)
    assert run_cli("check", "zeros_init", "--output", root / "report.txt", cwd=root).returncode == 1
    assert "hint 1 of 3" in _flat((root / "report.txt").read_text())
    state = json.loads((root / ".gradwork" / "state.json").read_text())
    assert state.get("hints", {}).get("zeros_init", 0) == 0
    assert "Hint 1 of 3" in run_cli("hint", cwd=root).stdout


def test_solution_without_an_id_means_the_current_exercise(tmp_path):
    root = fake_course(tmp_path)
    refused = run_cli("solution", cwd=root)  # nothing passes: the current exercise is the first one
    assert refused.returncode == 1 and "solution of arith stays hidden" in refused.stderr
    (root / "exercises" / "arith.py").write_text((root / "solutions" / "arith.py").read_text())
    assert run_cli("check", "arith", cwd=root).returncode == 0  # arith passes: sibling is current now
    moved = run_cli("solution", cwd=root)
    assert moved.returncode == 1 and "solution of sibling stays hidden" in moved.stderr
    forced = run_cli("solution", "--force", cwd=root)
    assert forced.returncode == 0 and "sibling — A sibling exercise: the reference solution" in forced.stdout


def test_a_replay_shows_the_real_score_and_keeps_the_saved_grade(root):
    (root / "exercises" / "zeros_init.py").write_text(wrong_zeros_init())
    key = json.loads(run_cli("check", "zeros_init", "--format", "json", cwd=root).stdout)["exercises"][0]["replay"].split()[-1]
    saved = json.loads((root / ".gradwork" / "state.json").read_text())["exercises"]["zeros_init"]
    assert saved["score"] == 5.0

    replay = run_cli("check", "zeros_init", "--property", key, cwd=root)
    assert replay.returncode == 1
    out = _flat(replay.stdout)
    assert "Progress 0/1 exercises · 5/10 points" in out, out  # the exercise's score, not the one property's 0/5
    assert re.search(r"zeros_init failed 5/10", out) and "0/5" not in out
    assert f"only property {key} ran" in out and "last full grade" in out
    assert json.loads((root / ".gradwork" / "state.json").read_text())["exercises"]["zeros_init"] == saved  # not overwritten

    # The replayed property passes now, the others still fail: the saved grade is still the full one.
    (root / "exercises" / "zeros_init.py").write_text(solution())
    assert run_cli("check", "zeros_init", "--property", key, cwd=root).returncode == 0
    assert json.loads((root / ".gradwork" / "state.json").read_text())["exercises"]["zeros_init"] == saved


def test_a_replay_before_any_full_grade_says_so(root):
    (root / "exercises" / "zeros_init.py").write_text(wrong_zeros_init())
    key = json.loads(run_cli("check", "zeros_init", "--format", "json", cwd=root).stdout)["exercises"][0]["replay"].split()[-1]
    shutil.rmtree(root / ".gradwork")  # no full grade saved
    out = _flat(run_cli("check", "zeros_init", "--property", key, cwd=root).stdout)
    assert re.search(r"zeros_init not graded yet -/10", out) and "has no full grade yet" in out
    assert "exercises" not in json.loads((root / ".gradwork" / "state.json").read_text())
