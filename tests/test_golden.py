"""Golden reports (exercism-style): representative failures, their whole terminal
report at 80 columns and their JSON, checked in under tests/golden/.

Each case is a module a student could have written (tests/golden/inputs/), graded
through the real engine. A change to what a student reads shows up here as a diff
to review; regenerate deliberately with ``GRADWORK_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and read the diff before committing it.

Beyond the match, every case holds the rules of a good report: the first failure
ends within 24 rows at 80 columns, no line is wider than 80 columns, no numpy
repr (``np.float64(...)``) and no 17-digit float reaches the student, and a
cause shared by several properties is explained once.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil

import pytest

from graders.engine.runner import grade_exercise
from graders.report import terminal
from graders.results import FAILED, CourseResult

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("GRADWORK_UPDATE_GOLDEN") == "1"

# case -> (exercise, what the case shows)
CASES = {
    "broadcast-error": ("broadcasting", "numpy's broadcasting error in the student's terms (A / A.sum(axis=1))"),
    "other-convention": ("vectorized_gradients", "X.T @ w: the column convention of other courses"),
    "zeros-two-args": ("zeros_init", "np.zeros(2, 3): the shape as one tuple"),
    "mean-squared": ("cost_function", "mean(err) ** 2, named"),
    "prints-instead": ("cost_function", "prints the cost and returns None"),
    "math-exp": ("forward_pass", "math.exp on an array"),
    "exit-at-import": ("forward_pass", "exit() in a self-test at module level"),
    "precedence": ("broadcasting", "X - mean / (std + eps)"),
    "import-rule": ("forward_pass", "imports scipy: the import rule"),
    "loop-rule": ("broadcasting", "a Python loop where the exercise must be vectorised"),
    "one-step-short": ("vectorized_gradients", "optimize runs one step short"),
    "passes": ("zeros_init", "a correct, differently written module"),
}


def _report(exercise_id: str, case: str, course) -> tuple[str, dict]:
    # A short, stable target folder inside the course, so paths in messages (and how
    # lines wrap around them) are the same on every machine.
    target = ROOT / ".gradwork" / "golden" / case
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    try:
        for path in course.solutions_dir.glob("*.py"):
            if path.name != "__init__.py":
                shutil.copyfile(path, target / path.name)
        shutil.copyfile(GOLDEN / "inputs" / f"{case}.py", target / f"{exercise_id}.py")
        result = grade_exercise(course, course.get(exercise_id), target, level="basic")
    finally:
        shutil.rmtree(target, ignore_errors=True)
    report = CourseResult(exercises=[result], target=f".gradwork/golden/{case}", isolation="basic", meta={})
    buffer = io.StringIO()
    out = terminal.console(file=buffer, width=80, no_color=True)
    terminal.render(report, out=out, detail_for="all", title="gradwork")
    document = report.to_dict()
    for exercise in document["exercises"]:
        exercise["seconds"] = 0
        for prop in exercise["properties"]:
            prop["seconds"] = 0
    return buffer.getvalue(), document


def _check(path, actual: str) -> None:
    if UPDATE or not path.exists():
        path.write_text(actual)
        if not UPDATE:
            pytest.fail(f"{path.name} did not exist and was written: review it, commit it, run again")
        return
    expected = path.read_text()
    if actual != expected:
        import difflib

        diff = "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "now", lineterm=""))
        pytest.fail(f"{path.name} differs from the golden report (GRADWORK_UPDATE_GOLDEN=1 regenerates it):\n{diff}")


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_report(case, course):
    exercise_id, _ = CASES[case]
    text, document = _report(exercise_id, case, course)
    lines = text.splitlines()

    # What every report must be, whatever the golden file says.
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert all(line == line.rstrip() for line in lines), "trailing spaces"
    assert "np.float64(" not in text and not re.search(r"\d\.\d{15,}", text), "a numpy repr or a 17-digit float"
    exercise = document["exercises"][0]
    failing = [p for p in exercise["properties"] if p["status"] == FAILED]
    if failing:
        first = failing[0]["name"]
        start = next(i for i, line in enumerate(lines) if first[:40] in line)
        # The first failure's block: from its line to the next property line (or blank line).
        end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
        assert end <= 24, f"the first failure ends on row {end}, below the 24th:\n{text}"
        causes = [p["cause"] for p in failing if p["cause"]]
        shown = text.count("problem ")
        assert shown == len(set(causes)) + sum(1 for p in failing if not p["cause"]), f"{shown} failures explained for {len(set(causes))} causes:\n{text}"

    _check(GOLDEN / f"{case}.txt", text)
    _check(GOLDEN / f"{case}.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def test_every_case_has_its_input():
    assert sorted(p.stem for p in (GOLDEN / "inputs").glob("*.py")) == sorted(CASES)


# -- the real terminal: a pty of 80 x 24, a pipe, NO_COLOR ---------------------------
def _run_in_pty(args: list[str], env: dict, columns: int = 80, rows: int = 24) -> str:
    import fcntl
    import pty
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "graders", *args], stdin=follower, stdout=follower, stderr=follower, env=env, cwd=ROOT, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.mark.slow
def test_terminal_width_colour_and_pipes(tmp_path, course):
    from .conftest import cli_env, make_target

    target = make_target(tmp_path, course, {"broadcasting": (GOLDEN / "inputs" / "broadcast-error.py").read_text()})
    args = ["check", "broadcasting", "--target", str(target)]
    env = {k: v for k, v in cli_env().items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM")}
    env["TERM"] = "xterm-256color"

    # A terminal of 80 columns: rich wraps at its width, in colour.
    shown = _run_in_pty(args, env)
    plain = ANSI.sub("", shown).replace("\r", "")
    assert "column_percentages" in plain and "do not broadcast" in plain, plain
    assert max(len(line) for line in plain.splitlines()) <= 80, plain
    assert re.search(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[[0-9;]*38;", shown), "no colour on a colour terminal"

    # NO_COLOR (https://no-color.org): the same report without colour.
    no_colour = _run_in_pty(args, {**env, "NO_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[[0-9;]*38;", no_colour), no_colour

    # Piped with COLUMNS: wrapped at COLUMNS, and no padding after the text.
    import subprocess
    import sys

    piped = subprocess.run([sys.executable, "-m", "graders", *args], env={**env, "COLUMNS": "72"}, cwd=ROOT, capture_output=True, text=True, timeout=120).stdout
    assert "\x1b[" not in piped
    assert max(len(line) for line in piped.splitlines()) <= 72, piped
    assert all(line == line.rstrip() for line in piped.splitlines()), "trailing spaces in piped output"
