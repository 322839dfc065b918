"""Grade a hostile submission through the real command line and check every promise.

A case is the source of the fake course's ``arith`` module (plus, sometimes,
odd files beside it). :func:`grade_hostile` copies the fake course into a
temporary folder, grades ``arith`` and ``sibling`` in one run at one isolation
level, with a canary secret in gradwork's environment and a loopback listener
the submission must not reach, and returns what an assertion needs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from graders.sandbox import isolation

from ..conftest import ROOT, cli_env

FAKE = Path(__file__).resolve().parents[1] / "fake_course"
ALL = ("strong", "uid", "basic")
CONFINED = ("strong", "uid")  # levels that hide the file system and run as another user
AVAILABLE = tuple(level for level in ALL if isolation.missing(level) is None)
SECONDS = 150  # no hostile run may take longer than this, whatever it does


@dataclass
class Case:
    id: str
    source: str  # arith.py; "{port}" and "{marker}" are filled in
    levels: tuple = ALL  # the levels whose defences claim to stop it
    statuses: tuple = ("failed", "error")
    ceiling: float = 0.0  # the most arith may score
    words: tuple = ()  # words the report on arith must contain
    any_words: tuple = ()  # ... at least one of these (a limit may show as either)
    files: dict = field(default_factory=dict)  # name -> text, or a special: "@fifo", "@dir", "@symlink:PATH", "@huge"
    arith: str | None = None  # arith.py itself as a special ("@fifo", "@symlink:PATH", ...), else source


@dataclass
class Outcome:
    case: Case
    level: str
    proc: subprocess.CompletedProcess
    report: dict
    seconds: float
    connections: int
    course_before: dict
    course_after: dict
    left_behind: list
    canary: str

    @property
    def arith(self) -> dict:
        return self.report["exercises"][0]

    @property
    def sibling(self) -> dict:
        return self.report["exercises"][1]


def fingerprint(folder: Path, *, content: bool) -> dict:
    """path -> content hash (or size and mtime) of every file below folder, links included."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or path.name == ".gradwork":
            continue
        try:
            info = path.lstat()
        except OSError:
            continue
        if path.is_symlink():
            found[str(path)] = "link:" + os.readlink(path)
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() if content else f"{info.st_size}:{info.st_mtime_ns}:{info.st_mode}"
        elif path.is_dir():
            found[str(path)] = f"dir:{info.st_mode}"
    return found


def venv_fingerprint() -> dict:
    import numpy

    return fingerprint(Path(numpy.__file__).parent, content=False) | {"graders": json.dumps(fingerprint(ROOT / "graders", content=True))}


def become_subreaper() -> None:
    """Orphans of anything this test process starts are re-parented to it, so a
    process a submission left behind shows up as a child of ours."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def sandbox_processes(marker: str) -> list[tuple[int, str]]:
    """Processes a submission could have left: any child of ours (we are a subreaper, so
    every orphan below us lands here) and anything carrying the case's marker."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == b"Z":
            try:
                os.waitpid(int(entry), os.WNOHANG)
            except ChildProcessError:
                pass
            continue
        if int(fields[1]) == os.getpid() or marker in cmdline:
            found.append((int(entry), cmdline[:200]))
    return found


class Listener:
    """A loopback TCP server that counts connections (a submission must make none)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join(2)
        self.sock.close()


def _place(path: Path, spec: str, course: Path) -> None:
    if spec == "@fifo":
        os.mkfifo(path)
    elif spec == "@dir":
        path.mkdir()
    elif spec == "@huge":
        path.write_text("# padding\n" * 300_000 + "def double(x):\n    return 2.0 * x\n")
    elif spec.startswith("@symlink:"):
        os.symlink(spec[len("@symlink:"):].replace("{course}", str(course)), path)
    else:
        path.write_text(spec)


def grade_hostile(tmp_path: Path, case: Case, level: str, *, extra_args=()) -> Outcome:
    course = tmp_path / "course"
    shutil.copytree(FAKE, course)
    target = tmp_path / "target"
    target.mkdir()
    shutil.copyfile(FAKE / "solutions" / "sibling.py", target / "sibling.py")
    marker = f"gwhostile{os.getpid()}x{abs(hash(case.id)) % 10**8}"
    become_subreaper()
    listener = Listener()
    source = case.source.replace("{port}", str(listener.port)).replace("{marker}", marker)
    _place(target / "arith.py", case.arith or source, course)
    for name, spec in case.files.items():
        _place(target / name, spec.replace("{port}", str(listener.port)) if not spec.startswith("@") else spec, course)
    canary = "canary-" + hashlib.sha256(marker.encode()).hexdigest()[:24]
    before = fingerprint(course, content=True)
    venv_before = venv_fingerprint()
    env = cli_env(GRADWORK_CANARY_SECRET=canary, GRADWORK_TEST_CANARY=canary)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "graders", "--course", str(course), "check", "arith", "sibling", "--target", str(target), "--format", "json", "--isolation", level, "--allow-weak-isolation", *extra_args],
            cwd=tmp_path, capture_output=True, text=True, timeout=SECONDS + 30, env=env,
        )
    finally:
        listener.close()
    seconds = time.monotonic() - started
    time.sleep(0.3)  # let any straggler show itself
    left = sandbox_processes(marker)
    for pid, _ in left:  # clean up so one failure does not poison the next test
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    after = fingerprint(course, content=True)
    assert venv_fingerprint() == venv_before, "the submission changed numpy or the grader's own files"
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        raise AssertionError(f"not one JSON document on stdout (exit {proc.returncode}): {proc.stdout[:1000]!r} {proc.stderr[-2000:]!r}") from None
    return Outcome(case, level, proc, report, seconds, listener.connections, before, after, left, canary)


def check_promises(outcome: Outcome) -> None:
    """Everything that must hold for every hostile case at a level that claims to stop it."""
    case, report = outcome.case, outcome.report
    where = f"[{outcome.level}] {case.id}"
    assert outcome.proc.returncode == 1, f"{where}: exit {outcome.proc.returncode}: {outcome.proc.stderr[-1500:]}"
    assert report["isolation"] == outcome.level, where
    assert [e["id"] for e in report["exercises"]] == ["arith", "sibling"], f"{where}: a report for every exercise"
    assert outcome.sibling["status"] == "passed" and outcome.sibling["score"] == outcome.sibling["max_score"], f"{where}: the sibling exercise suffered: {json.dumps(outcome.sibling)[:1500]}"
    arith = outcome.arith
    assert arith["status"] in case.statuses, f"{where}: status {arith['status']}: {json.dumps(arith)[:2500]}"
    assert arith["score"] <= case.ceiling, f"{where}: scored {arith['score']} > {case.ceiling}: {json.dumps(arith)[:2500]}"
    text = json.dumps(arith, ensure_ascii=False)
    for word in case.words:
        assert word in text, f"{where}: {word!r} not in {text[:2500]}"
    if case.any_words:
        assert any(word in text for word in case.any_words), f"{where}: none of {case.any_words} in {text[:2500]}"
    everything = outcome.proc.stdout + outcome.proc.stderr
    assert outcome.canary not in everything, f"{where}: the grader's secret reached the report"
    assert outcome.connections == 0, f"{where}: the submission reached a loopback server"
    assert not outcome.left_behind, f"{where}: processes left behind: {outcome.left_behind}"
    assert outcome.course_after == outcome.course_before, f"{where}: the course changed: {sorted(set(outcome.course_after.items()) ^ set(outcome.course_before.items()))[:5]}"
    assert outcome.seconds < SECONDS, f"{where}: took {outcome.seconds:.0f} s"
    for control in ("\x1b", "\x00", "\r", "\x07", "\x9b"):
        assert control not in everything, f"{where}: a raw control character {control!r} reached the output"
