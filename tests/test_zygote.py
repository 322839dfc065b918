"""The run's zygote (graders/sandbox/zygote.py): numpy imported once, a worker forked per exercise.

The hostile suite grades every case of a level in one run, so all of its
workers at ``strong`` and ``basic`` are forked by a zygote; these tests look at
the zygote's own promises: a forked worker answers as one started on its own,
is as confined, is killed when its owner says so or dies, and when the zygote
is gone a worker is simply started on its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from graders.sandbox import isolation
from graders.sandbox.client import Limits, Sandbox, Spawned, WorkerLost, start_zygote

LEVELS = [level for level in ("strong", "basic") if isolation.missing(level) is None]

MODULE = '''
import os, signal, time
import numpy as np

def double(x):
    return 2.0 * x

def spin(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass
    return seconds

def kill_parent():
    os.kill(os.getppid(), signal.SIGKILL)
    return "alive"

def kill_everyone():
    os.kill(-1, signal.SIGKILL)
    return "alive"

def crash():
    import ctypes
    ctypes.string_at(0)

class Box:
    pass

def boxed():
    return Box()
'''


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "mod.py").write_text(MODULE)
    return tmp_path / "target"


@pytest.fixture(params=LEVELS)
def zygote(request, folder):
    made = start_zygote(folder, limits=Limits(call_seconds=1.5), packages=("numpy",), level=request.param, modules=["mod"])
    assert made is not None, f"no zygote at {request.param}"
    yield made
    made.close()


def _worker(folder: Path, zygote) -> Sandbox:
    sandbox = Sandbox(folder, limits=Limits(call_seconds=1.5), level=zygote.level, first="mod", zygote=zygote)
    sandbox.start()
    assert sandbox.load("mod")["ok"]
    return sandbox


def test_a_forked_worker_answers_like_any_worker(folder, zygote):
    sandbox = _worker(folder, zygote)
    try:
        assert isinstance(sandbox.process, Spawned)
        outcome = sandbox.call("mod", "double", (np.arange(3.0),), {}, repeat=True)
        assert outcome.raised is None and outcome.result.tolist() == [0.0, 2.0, 4.0]
    finally:
        sandbox.close()


def test_a_student_type_is_named_as_the_student_knows_it(folder, zygote):
    """The worker imports the student's files as a package of its own (Sandbox.package,
    which its configuration tells it): a result of the student's own class is named
    by the student's module, without that package."""
    sandbox = _worker(folder, zygote)
    try:
        result = sandbox.call("mod", "boxed").result
        assert result.type_name == "mod.Box", result
    finally:
        sandbox.close()


def test_a_forked_worker_cannot_reach_the_zygote_or_its_siblings(folder, zygote):
    first, second = _worker(folder, zygote), _worker(folder, zygote)
    try:
        for function in ("kill_parent", "kill_everyone"):
            outcome = first.call("mod", function, (), {})
            assert outcome.raised is not None and outcome.raised["type"] == "PermissionError", outcome
        # The sibling and the zygote are untouched: the sibling answers, and a new worker can be forked.
        assert second.call("mod", "double", (np.ones(1),), {}).result.tolist() == [2.0]
        third = _worker(folder, zygote)
        assert isinstance(third.process, Spawned)
        third.close()
    finally:
        first.close()
        second.close()


def test_a_time_out_kills_the_worker_and_the_next_one_is_forked(folder, zygote):
    sandbox = _worker(folder, zygote)
    try:
        started = time.monotonic()
        with pytest.raises(WorkerLost) as lost:
            sandbox.call("mod", "spin", (60,), {})
        assert lost.value.kind == "timeout" and time.monotonic() - started < 10
        assert sandbox.process is None
        lost_folder = sandbox.tmp
        sandbox.start()  # as the engine does after a loss
        assert isinstance(sandbox.process, Spawned)
        assert sandbox.call("mod", "double", (np.ones(2),), {}).result.tolist() == [2.0, 2.0]
        # The lost worker's folder (its output, its staged copy) went with it: one
        # left per time-out stayed in /tmp for good after a class's last student.
        assert lost_folder is not None and not lost_folder.exists() and sandbox.tmp != lost_folder
    finally:
        sandbox.close()
    assert not sandbox.tmp


def test_a_crash_is_reported_with_its_signal(folder, zygote):
    sandbox = _worker(folder, zygote)
    try:
        with pytest.raises(WorkerLost) as lost:
            sandbox.call("mod", "crash", (), {})
        assert lost.value.kind == "crash" and "SIGSEGV" in lost.value.what
    finally:
        sandbox.close()


def test_a_worker_dies_with_the_process_that_asked_for_it(folder, zygote):
    """The trusted child that owns a worker is killed (its exercise ran out of time):
    the zygote sees its kill pipe close and kills the worker."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            sandbox = _worker(folder, zygote)
            os.write(write_fd, b"ready")
            sandbox.call("mod", "spin", (600,), {})
        finally:
            os._exit(0)
    os.close(write_fd)
    assert os.read(read_fd, 5) == b"ready"
    os.close(read_fd)
    time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    # The zygote goes on forking, and nothing spins: a fresh worker answers at once.
    sandbox = _worker(folder, zygote)
    try:
        assert sandbox.call("mod", "spin", (0.01,), {}).result == 0.01
    finally:
        sandbox.close()


def test_without_its_zygote_a_worker_starts_on_its_own(folder, zygote):
    zygote.close()
    sandbox = Sandbox(folder, limits=Limits(), level=zygote.level, first="mod", zygote=zygote)
    try:
        sandbox.start()
        assert not isinstance(sandbox.process, Spawned)
        assert sandbox.load("mod")["ok"]
        assert sandbox.call("mod", "double", (np.ones(1),), {}).result.tolist() == [2.0]
    finally:
        sandbox.close()


def test_there_is_no_zygote_at_the_uid_level(folder):
    assert start_zygote(folder, limits=Limits(), packages=("numpy",), level="uid", modules=["mod"]) is None


def test_the_zygote_is_started_before_gradwork_imports_numpy(folder):
    """The zygote imports numpy (~60 ms) while `gradwork` imports Hypothesis and the
    engine: neither the command line, nor the course, nor starting the zygote may
    import numpy first, or the two imports run one after the other."""
    import subprocess
    import sys

    level = LEVELS[0] if LEVELS else "basic"
    script = f"""
import sys
from pathlib import Path
import graders.cli.main
from graders.sandbox.client import Limits, start_zygote
zygote = start_zygote(Path({str(folder)!r}), limits=Limits(), packages=("numpy",), level={level!r}, modules=["mod"])
print("numpy" in sys.modules, zygote is not None)
zygote.close()
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["False", "True"], proc.stdout + proc.stderr


def _loaded_from_compiled(runtime: Path, modules: list[str]) -> dict[str, bool]:
    """Import ``modules`` from ``runtime`` as the zygote does (-S -s -B, numpy's folder on
    the path) and say which came from a compiled file rather than their source."""
    site = str(Path(np.__file__).resolve().parents[1])
    code = f"import sys; sys.path[:0] = [{str(runtime)!r}, {site!r}]; import {', '.join(modules)}"
    verbose = subprocess.run([sys.executable, "-S", "-s", "-B", "-v", "-c", code], capture_output=True, text=True, check=True).stderr
    return {name: f"code object from '{runtime}/__pycache__/{name}." in verbose for name in modules}


def test_a_runtime_is_placed_with_its_compiled_modules_while_they_match(tmp_path, monkeypatch):
    # -B stops the zygote writing compiled files, not reading them: each placed runtime
    # carries them, so no zygote compiles ~2,000 lines at its start; a source changed
    # since it was compiled is compiled by Python again, never run from a stale file.
    source = tmp_path / "installed"
    source.mkdir()
    for name in isolation.RUNTIME_FILES:
        (source / name).write_bytes((isolation.HERE / name).read_bytes())
        os.utime(source / name, (1_600_000_000, 1_600_000_000))  # installed long ago: a copy made now must keep that time
    monkeypatch.setattr(isolation, "HERE", source)
    monkeypatch.setattr(isolation.sys, "dont_write_bytecode", False)
    isolation._compiled_runtime.cache_clear()
    modules = ["confine", "protocol", "worker"]
    try:
        isolation.place_runtime(tmp_path / "first")
        assert _loaded_from_compiled(tmp_path / "first", modules) == dict.fromkeys(modules, True)

        changed = source / "worker.py"
        changed.write_text(changed.read_text() + "\nCHANGED = True\n")
        os.utime(changed, (time.time() + 5, time.time() + 5))
        monkeypatch.setattr(isolation.sys, "dont_write_bytecode", True)  # cannot compile it again
        isolation._compiled_runtime.cache_clear()
        isolation.place_runtime(tmp_path / "second")
        assert _loaded_from_compiled(tmp_path / "second", modules) == {"confine": True, "protocol": True, "worker": False}
        assert sorted(path.name.split(".")[0] for path in (tmp_path / "second" / "__pycache__").iterdir()) == ["confine", "protocol", "zygote"]
    finally:
        isolation._compiled_runtime.cache_clear()
