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
SECONDS = 60  # no hostile exercise may take longer than this, whatever it does
BATCH_SECONDS = 900  # ... nor a whole level's run


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


def fingerprint(folder: Path, *, content: bool) -> dict:
    """path -> content hash (or size and mtime) of every file below folder, links included."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or ".gradwork" in path.parts:  # the grader's own state (progress, recorded examples)
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


def sandbox_processes(marker: str, existing: frozenset = frozenset()) -> list[tuple[int, str]]:
    """Processes a submission could have left: any child of ours (we are a subreaper, so
    every orphan below us lands here) and anything carrying the case's marker.
    ``existing``: our children from before the run (:func:`children`), not counted: a
    session fixture of this test process (the browser's driver) is not a leftover."""
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
        if (int(fields[1]) == os.getpid() and int(entry) not in existing) or marker in cmdline:
            found.append((int(entry), cmdline[:200]))
    return found


def children() -> frozenset:
    """The pids of this process's children now (see :func:`sandbox_processes`)."""
    from graders.engine.supervisor import _children_of

    return frozenset(_children_of(os.getpid()))


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
        os.symlink(spec[len("@symlink:"):].replace("{course}", str(course)).replace("{id}", path.stem), path)
    else:
        path.write_text(spec)


def exercise_id(case: Case) -> str:
    return "c_" + case.id.replace("-", "_")


def _course_toml(ids: list[str]) -> str:
    """The fake course's manifest with one copy of ``arith`` per case, then ``sibling``."""
    base = (FAKE / "course.toml").read_text()
    head = base[: base.index("[[exercise]]")]
    entries = "".join(
        f'[[exercise]]\nid = "{i}"\ntitle = "{i}"\nlesson = "lessons/arith.md"\npoints = 6\nfunctions = ["double", "total"]\nvectorised = ["double"]\nhints = ["a", "b", "c"]\n\n'
        for i in ids
    )
    sibling = base[base.index('[[exercise]]\nid = "sibling"'):]
    return head + entries + sibling


@dataclass
class Batch:
    """Every case that applies at one level, graded in one run (each case its own exercise)."""

    level: str
    cases: list
    proc: subprocess.CompletedProcess
    report: dict
    seconds: float
    connections: int
    course_changes: list
    venv_changed: bool
    left_behind: list
    canary: str

    def exercise(self, case: Case) -> dict:
        wanted = exercise_id(case)
        return next((e for e in self.report["exercises"] if e["id"] == wanted), None)


def grade_batch(tmp_path: Path, cases: list, level: str) -> Batch:
    course = tmp_path / "course"
    for folder in ("properties", "solutions", "mistakes", "docs", "exercises"):
        shutil.copytree(FAKE / folder, course / folder)
    ids = [exercise_id(case) for case in cases]
    (course / "course.toml").write_text(_course_toml(ids))
    for i in ids:
        for folder in ("properties", "solutions", "mistakes"):
            shutil.copyfile(FAKE / folder / "arith.py", course / folder / f"{i}.py")
    target = tmp_path / "target"
    target.mkdir()
    shutil.copyfile(FAKE / "solutions" / "sibling.py", target / "sibling.py")
    marker = f"gwhostile{os.getpid()}x{level}"
    become_subreaper()
    listener = Listener()
    names = set()
    for case in cases:
        source = case.source.replace("{port}", str(listener.port)).replace("{marker}", marker).replace("{id}", exercise_id(case))
        _place(target / f"{exercise_id(case)}.py", case.arith or source, course)
        for name, spec in case.files.items():
            assert name not in names, f"two cases use the helper file {name}"
            names.add(name)
            _place(target / name, spec.replace("{port}", str(listener.port)) if not spec.startswith("@") else spec, course)
    canary = "canary-" + hashlib.sha256(marker.encode()).hexdigest()[:24]
    before = fingerprint(course, content=True)
    venv_before = venv_fingerprint()
    env = cli_env(GRADWORK_CANARY_SECRET=canary, GRADWORK_TEST_CANARY=canary)
    existing = children()
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "graders", "--course", str(course), "check", "--target", str(target), "--format", "json", "--isolation", level, "--allow-weak-isolation", "--jobs", "2"],
            cwd=tmp_path, capture_output=True, text=True, timeout=BATCH_SECONDS, env=env,
        )
    finally:
        listener.close()
    seconds = time.monotonic() - started
    time.sleep(0.3)  # let any straggler show itself
    left = sandbox_processes(marker, existing)
    for pid, _ in left:  # clean up so one failure does not poison the next test
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    after = fingerprint(course, content=True)
    changes = sorted(set(after.items()) ^ set(before.items()))
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        raise AssertionError(f"not one JSON document on stdout (exit {proc.returncode}): {proc.stdout[:1000]!r} {proc.stderr[-3000:]!r}") from None
    return Batch(level, cases, proc, report, seconds, listener.connections, changes, venv_fingerprint() != venv_before, left, canary)


def check_run(batch: Batch) -> None:
    """What must hold for the run as a whole: nothing lost, leaked, left or changed."""
    where = f"[{batch.level}]"
    assert batch.proc.returncode == 1, f"{where} exit {batch.proc.returncode}: {batch.proc.stderr[-2000:]}"
    assert batch.report["isolation"] == batch.level, where
    wanted = [exercise_id(c) for c in batch.cases] + ["sibling"]
    assert [e["id"] for e in batch.report["exercises"]] == wanted, f"{where} a report for every exercise"
    sibling = batch.report["exercises"][-1]
    assert sibling["status"] == "passed" and sibling["score"] == sibling["max_score"], f"{where} the sibling suffered: {json.dumps(sibling)[:1500]}"
    everything = batch.proc.stdout + batch.proc.stderr
    assert batch.canary not in everything, f"{where} the grader's secret reached the report"
    assert batch.connections == 0, f"{where} a submission reached a loopback server"
    assert not batch.left_behind, f"{where} processes left behind: {batch.left_behind}"
    assert not batch.course_changes, f"{where} the course changed: {batch.course_changes[:6]}"
    assert not batch.venv_changed, f"{where} numpy or the grader's own files changed"
    for control in ("\x1b", "\x00", "\r", "\x07", "\x9b"):
        assert control not in everything, f"{where} a raw control character {control!r} reached the output"


def check_case(batch: Batch, case: Case) -> None:
    """What must hold for one case: its verdict, its score ceiling, its words, its time."""
    where = f"[{batch.level}] {case.id}"
    exercise = batch.exercise(case)
    assert exercise is not None, f"{where}: no report for it"
    assert exercise["status"] in case.statuses, f"{where}: status {exercise['status']}: {json.dumps(exercise)[:2500]}"
    assert exercise["score"] <= case.ceiling, f"{where}: scored {exercise['score']} > {case.ceiling}: {json.dumps(exercise)[:2500]}"
    assert exercise["problem"] != "grader", f"{where}: blamed on the grader: {exercise['message']}"
    text = json.dumps(exercise, ensure_ascii=False)
    for word in case.words:
        assert word in text, f"{where}: {word!r} not in {text[:2500]}"
    if case.any_words:
        assert any(word in text for word in case.any_words), f"{where}: none of {case.any_words} in {text[:2500]}"
    assert exercise["seconds"] < SECONDS, f"{where}: took {exercise['seconds']:.0f} s"
