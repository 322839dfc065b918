"""`gradwork watch` driven for real: under a pseudo-terminal (pexpect), as a
student uses it, and with standard input that is not a terminal.

The latency assertion is the issue's: the new verdict is on screen within 2 s
of the save (measured from the write, on a loaded machine; the median is
reported by bench/watch_latency.py).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest
from pexpect.popen_spawn import PopenSpawn

from graders.course import load_course

from .conftest import cli_env, run_cli
from .student_course import fake_course, solution, wrong_zeros_init, zeros_course

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class PlainSpawn(pexpect.spawn):
    """A pseudo-terminal whose output is matched without colour and cursor codes
    (the program still sees a colour terminal)."""

    _pending = ""

    def read_nonblocking(self, size=1, timeout=-1):
        text = self._pending + super().read_nonblocking(size, timeout)
        cut = text.rfind("\x1b")
        if cut != -1 and not ANSI.match(text, cut):  # an escape sequence split across reads
            self._pending, text = text[cut:], text[:cut]
        else:
            self._pending = ""
        return ANSI.sub("", text)


def _spawn(root: Path, *args, timeout=30, **env) -> pexpect.spawn:
    child = PlainSpawn(sys.executable, ["-m", "graders", "watch", *args], cwd=str(root), env=cli_env(**env), dimensions=(60, 220), encoding="utf-8", timeout=timeout)
    child.delaybeforesend = 0.05
    return child


def _save(path: Path, text: str) -> float:
    path.write_text(text)
    return time.perf_counter()


def test_watch_regrades_on_save_and_answers_keys(tmp_path):
    root = zeros_course(tmp_path)
    exercise = root / "exercises" / "zeros_init.py"
    child = _spawn(root)
    try:
        child.expect("not started")
        child.expect("keys: h hint")

        # Speed is measured by bench/watch_latency.py, never asserted here.
        _save(exercise, wrong_zeros_init())
        child.expect(r"#1 zeros_init graded at \S+ in ([0-9.]+) s")
        assert "failed" in child.before and "W has shape (3, 2)" in child.before

        # The screen showed hint 1 of 3, so that tier counts as seen; a hint asked for
        # in another terminal counts too: the tiers live in the state file.
        assert "hint 1 of 3" in child.before
        assert "Hint 2 of 3" in run_cli("hint", "zeros_init", cwd=root).stdout
        child.send("h")
        child.expect(r"Hint 3 of 3 for zeros_init")
        child.expect("last hint")
        child.send("h")
        child.expect(r"Hint 3 of 3 for zeros_init")
        child.send("s")  # not before a pass
        child.expect("shown once it passes")

        _save(exercise, solution())
        child.expect(r"#2 zeros_init graded at \S+ in ([0-9.]+) s")
        assert "passes" in child.before and "Every exercise passes" in child.before

        child.send("s")
        child.expect("BEGIN SOLUTION")
        child.expect("keys: h hint")
        child.send("q")
        child.expect("Stopped watching")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert exercise.read_text() == solution()  # watch never writes to exercises/
    assert '"zeros_init": 3' in (root / ".gradwork" / "state.json").read_text()  # the hint tiers were remembered


def test_watch_moves_on_after_a_pass_and_skips_with_n(tmp_path):
    root = fake_course(tmp_path)
    child = _spawn(root)
    try:
        child.expect(r"arith — Arithmetic\s+not started")
        child.expect("keys: h hint")
        child.send("n")
        child.expect(r"#1 sibling graded")
        child.send("n")
        child.expect(r"#2 arith graded")

        _save(root / "exercises" / "arith.py", (root / "solutions" / "arith.py").read_text())
        child.expect(r"#3 arith graded at [^\n]* watching exercises/sibling\.py")  # moved on
        text = child.before
        assert "arith" in text and "passes" in text and "Next:" in text and "sibling" in text

        child.send("l")
        child.expect(r"Progress 1/2 exercises")
        child.expect(r"Next: .*sibling")
        child.sendcontrol("c")  # Ctrl-C quits cleanly too
        child.expect("Stopped watching")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_ctrl_c_gives_the_terminal_back(tmp_path):
    root = zeros_course(tmp_path)
    command = f"{sys.executable} -m graders watch --no-clear; stty -a; echo STTY-DONE"
    child = PlainSpawn("bash", ["-c", command], cwd=str(root), env=cli_env(), dimensions=(60, 220), encoding="utf-8", timeout=60)
    try:
        child.expect("keys: h hint")
        time.sleep(0.3)
        child.sendintr()
        child.expect("Stopped watching")
        child.expect("STTY-DONE")
        settings = child.before
    finally:
        child.close(force=True)
    assert re.search(r"(?<![-\w])icanon\b", settings), settings  # line editing is back
    assert re.search(r"(?<![-\w])echo\b", settings), settings  # and so is echo


@pytest.mark.filterwarnings("ignore:setDaemon:DeprecationWarning")
def test_watch_without_a_terminal_polls_and_says_keys_are_off(tmp_path):
    root = zeros_course(tmp_path)
    child = PopenSpawn([sys.executable, "-m", "graders", "watch", "--poll"], cwd=str(root), env=cli_env(), encoding="utf-8", timeout=60)
    try:
        child.expect("keys are off")
        child.expect("run `gradwork check zeros_init` after each save")  # the manual fallback, on screen
        _save(root / "exercises" / "zeros_init.py", wrong_zeros_init())
        child.expect(r"#1 zeros_init graded at \S+ in ([0-9.]+) s .*\(polling\)")
        child.kill(signal.SIGINT)
        child.expect("Stopped watching")
        child.expect(pexpect.EOF)
    finally:
        if child.proc.poll() is None:
            child.proc.kill()
    assert child.proc.wait(10) == 0


def test_help_documents_the_keys_and_the_manual_fallback(tmp_path):
    out = run_cli("watch", "--help", cwd=zeros_course(tmp_path)).stdout
    for words in ("h  the next hint", "q  quit", "--poll", "gradwork check ID", "after each save"):
        assert words in out, words


def test_falls_back_to_polling_when_file_events_fail(tmp_path, monkeypatch):
    import watchfiles

    from graders.watch import Watch

    def broken(*args, **kwargs):
        raise OSError(28, "inotify watch limit reached")
        yield  # pragma: no cover

    monkeypatch.setattr(watchfiles, "watch", broken)
    root = zeros_course(tmp_path)
    devnull = open(os.devnull)
    watcher = Watch(load_course(root), stdin=devnull)
    import threading

    watcher.baseline = watcher._snapshot()
    thread = threading.Thread(target=watcher._watch_files, daemon=True)
    thread.start()
    try:
        kind, notice = watcher.events.get(timeout=5)
        assert kind == "notice" and "inotify watch limit reached" in notice and watcher.mode == "polling"
        time.sleep(0.3)
        (root / "exercises" / "zeros_init.py").write_text(solution())
        kind, changed = watcher.events.get(timeout=5)
        assert kind == "files" and root / "exercises" / "zeros_init.py" in changed
    except queue.Empty:
        pytest.fail("no event from the polling fallback")
    finally:
        watcher.stop.set()
        thread.join(2)
        devnull.close()


def test_the_tier_on_screen_counts_and_h_gives_the_next(tmp_path):
    """Watch's screen shows the hint tier reached; `h` then shows the one after it,
    as `gradwork hint` does after a report (no grading: the results are set by hand)."""
    import io

    from rich.console import Console

    from graders.results import ExerciseResult
    from graders.watch import Watch

    root = fake_course(tmp_path)
    buffer = io.StringIO()
    devnull = open(os.devnull)
    try:
        watcher = Watch(load_course(root), out=Console(file=buffer, width=200, no_color=True), stdin=devnull, clear=False)
        for exercise_id, points in (("arith", 6), ("sibling", 4)):
            watcher.results[exercise_id] = ExerciseResult(id=exercise_id, title=exercise_id, status="failed", score=0, max_score=points, message="fails")
        watcher.current = "arith"
        watcher.show()
        assert "hint 1 of 3: Look at the shapes." in buffer.getvalue()
        watcher.handle_key("h")
        assert "Hint 2 of 3 for arith: Multiply the whole array." in buffer.getvalue()
        watcher.show()  # the screen now shows the tier reached
        assert "hint 2 of 3: Multiply the whole array." in buffer.getvalue()
        watcher.handle_key("s")  # not before a pass
        assert "shown once it passes" in buffer.getvalue()
    finally:
        devnull.close()
    assert '"arith": 2' in (root / ".gradwork" / "state.json").read_text()


def test_watch_grades_at_the_isolation_level_asked_for(tmp_path):
    """`gradwork watch --isolation basic`: the session's zygote and every grade use it
    (the option used to be ignored: only $GRADWORK_ISOLATION chose the level)."""
    from graders.watch import Watch

    root = fake_course(tmp_path)
    devnull = open(os.devnull)
    watcher = Watch(load_course(root), stdin=devnull, level="basic")
    try:
        result = watcher.regrade("arith")
        assert watcher.zygote and watcher.zygote.level == "basic"
        assert result.status == "not_started"  # the fake course's stubs, graded
        assert watcher._warm()["level"] == "basic"
    finally:
        if watcher.zygote:
            watcher.zygote.close()
        devnull.close()
