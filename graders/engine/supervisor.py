"""Each exercise is graded in a trusted child process of its own; results come back as JSON.

Why a process per exercise:

* **Fresh state.** Hypothesis, the strategies' caches and the imported course
  modules start from the same state for every exercise, so a grade never
  depends on ``--jobs`` or on which exercises were graded before it.
* **Nothing is lost.** A child that dies, hangs past its wall-clock cap or
  sends something unreadable costs its own exercise (an ``error`` result that
  says so), never the run.
* **No code crosses.** A child reports one JSON document through a pipe; the
  parent parses it as data and never unpickles.

The supervisor (the ``gradwork`` process) is non-dumpable, so a worker of the
same uid cannot open its ``/proc`` files, and a child subreaper, so anything
orphaned below it is re-parented to it and killed after each exercise. Each
child dies with its parent (``PR_SET_PDEATHSIG``), and each worker with its
child, so nothing a submission started outlives gradwork, even a SIGKILLed one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import json
import os
import select
import signal
import sys
import time
from dataclasses import dataclass
from typing import Callable

from ..course import CourseError
from ..i18n import _
from ..results import ExerciseResult

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
MAX_REPORT_BYTES = 64 * 1024 * 1024  # one exercise's JSON; more is a grader problem


@functools.lru_cache(maxsize=None)
def _libc():
    """Loaded once (in the gradwork process, before any child forks): find_library
    runs `ldconfig -p`, a whole program, which every child used to pay for."""
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True)  # glibc's name: no program to run
    except OSError:
        return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        return libc.prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0
    except OSError:
        return False


_hardened = False


def harden_trusted_process() -> None:
    """Non-dumpable (no same-uid ``/proc/<pid>/{mem,fd,environ}``) and a child subreaper."""
    global _hardened
    if not _hardened:
        _prctl(PR_SET_DUMPABLE, 0)
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        _hardened = True


def _children_of(pid: int) -> list[int]:
    # Linux lists each thread's children in /proc/PID/task/TID/children: a few
    # small reads instead of opening every process's stat (slow on a busy
    # machine, and done after every exercise). Without it, the full scan.
    try:
        found = set()
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as handle:
                found.update(int(child) for child in handle.read().split())
        return sorted(found)
    except (OSError, ValueError):
        pass
    found = []
    if not os.path.isdir("/proc"):
        return found
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


def reap_orphans(keep: set[int]) -> None:
    """Kill and reap every child of ours except ``keep``: orphans re-parented to the subreaper."""
    for pid in _children_of(os.getpid()):
        if pid in keep:
            continue
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (OSError, ChildProcessError):
            pass


def _pack_exercise(result: ExerciseResult) -> dict:
    return result.to_dict(english=True)  # with the English copies of translated words (results.english_copy): the parent keeps them


@dataclass
class Task:
    """One exercise to grade: ``run()`` (in the child) returns its result; ``failed(msg, problem)``
    makes an error result (problem "grader": the grader failed; "timeout": a time cap stopped it).

    ``pack`` turns the result into JSON-able data in the child and ``unpack`` reads it
    back in the parent: an exercise's by default; classroom mode grades whole students
    side by side the same way (graders/classroom/batch.py)."""

    exercise_id: str
    run: Callable[[], object]
    failed: Callable[..., object]
    pack: Callable[[object], object] = _pack_exercise
    unpack: Callable[[object], object] = ExerciseResult.from_dict


@dataclass
class _Running:
    task: Task
    index: int
    pid: int
    fd: int
    started: float
    data: bytearray


def _child(task: Task, fd: int) -> None:  # pragma: no cover - runs in the forked child
    global _hardened
    code = 0
    _hardened = False  # a child subreaper's children are not subreapers: a run_tasks in here hardens again
    try:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
        # The trusted child makes many long-lived objects (the recordings, the
        # modules it inherited) and little cyclic garbage: the collector need not
        # walk the inherited ones at all, nor run every 700 allocations.
        gc.freeze()
        gc.set_threshold(20_000)
        try:
            document = {"result": task.pack(task.run())}
        except CourseError as exc:  # a usage error found while grading (an unknown --property)
            document = {"usage": str(exc)}
        except BaseException as exc:  # a bug in the engine: the report says so
            document = {"crash": f"{type(exc).__name__}: {exc}"}
        data = json.dumps(document, ensure_ascii=True, allow_nan=True).encode()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _finish(running: _Running) -> ExerciseResult:
    task = running.task
    try:
        _pid, status = os.waitpid(running.pid, 0)
    except ChildProcessError:
        status = 0
    try:
        document = json.loads(bytes(running.data)) if running.data else None
    except ValueError:
        document = None
    if isinstance(document, dict) and "result" in document:
        try:
            return task.unpack(document["result"])
        except (KeyError, TypeError, ValueError) as exc:
            return task.failed(_("the grader sent back a malformed report ({error})").format(error=exc))
    if isinstance(document, dict) and "usage" in document:
        raise CourseError(str(document["usage"]))
    if isinstance(document, dict) and "crash" in document:
        return task.failed(_("the grader itself crashed ({error})").format(error=str(document["crash"])[:300]))
    if os.WIFSIGNALED(status):
        return task.failed(_("the grader's process was killed by signal {signal}").format(signal=os.WTERMSIG(status)))
    return task.failed(_("the grader's process ended without a report (status {status})").format(status=os.waitstatus_to_exitcode(status)))


def longest_first(ids: list[str], seconds: dict) -> list[int]:
    """The order to start tasks in: the longest first, by ``seconds`` (an exercise's
    time in an earlier run; unknown counts as longest), ties in course order.

    With two children at a time, a long exercise started last runs alone at the
    end while the other core idles; started first, it overlaps the short ones.
    Only the order changes: each exercise is graded alone in its own child, and
    results come back in the tasks' order."""

    def known(i):
        value = seconds.get(ids[i])
        return value if isinstance(value, (int, float)) and value >= 0 else float("inf")

    return sorted(range(len(ids)), key=lambda i: -known(i))


def run_tasks(tasks: list[Task], *, jobs: int, exercise_seconds: float, run_seconds: float, keep=(), order=None,
              budget_seconds: float | None = None,
              started: Callable[[int], None] | None = None, finished: Callable[[int, object], None] | None = None) -> list:
    """Grade ``tasks`` with at most ``jobs`` children at once; results in the tasks' order
    whatever the order they are started in (``order``: indices into ``tasks``, default as given).
    ``keep``: pids of our own children that are not orphans (the run's zygote).
    ``started(index)`` and ``finished(index, result)`` are told as each task starts and
    ends (a progress line, a gradebook saved as it grows).

    Time caps: ``exercise_seconds`` each task, ``run_seconds`` the whole run (wall clock),
    and ``budget_seconds`` the tasks' times added up. The budget is what a cap that must
    not depend on ``jobs`` is: two tasks at a time spend it twice as fast, so the same
    work uses the same budget one at a time or side by side."""
    def settle(index: int, result) -> None:
        results[index] = result
        if finished is not None:
            finished(index, result)

    results: list = [None] * len(tasks)
    if not hasattr(os, "fork"):  # Windows: in this process, one after another
        for index in order if order is not None else range(len(tasks)):
            if started is not None:
                started(index)
            settle(index, tasks[index].run())
        return results
    if order is not None and sorted(order) != list(range(len(tasks))):
        raise ValueError(f"run_tasks(order={order!r}) should hold each index of tasks once")
    harden_trusted_process()
    pending = [(index, tasks[index]) for index in (order if order is not None else range(len(tasks)))]
    running: dict[int, _Running] = {}
    run_deadline = time.monotonic() + run_seconds
    spent = [0.0]  # seconds the finished tasks took, for the budget

    def budget_left(now: float) -> float:
        if budget_seconds is None:
            return float("inf")
        return budget_seconds - spent[0] - sum(now - r.started for r in running.values())

    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, task = pending.pop(0)
                if time.monotonic() > run_deadline:
                    settle(index, task.failed(_("not graded: the whole run took longer than its limit of {seconds:g} s").format(seconds=run_seconds), "timeout"))
                    continue
                if budget_left(time.monotonic()) <= 0:
                    settle(index, task.failed(_("not graded: the exercises together took longer than their limit of {seconds:g} s").format(seconds=budget_seconds), "timeout"))
                    continue
                if started is not None:
                    started(index)
                read_fd, write_fd = os.pipe()
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the child
                    os.close(read_fd)
                    _child(task, write_fd)
                os.close(write_fd)
                running[read_fd] = _Running(task, index, pid, read_fd, time.monotonic(), bytearray())
            if not running:
                continue
            now = time.monotonic()
            soonest = min(min(r.started + exercise_seconds for r in running.values()), run_deadline, now + budget_left(now) / len(running))
            ready, _writable, _errors = select.select(list(running), [], [], max(0.0, soonest - now))
            for fd in ready:
                entry = running[fd]
                chunk = os.read(fd, 1 << 20)
                if chunk and len(entry.data) + len(chunk) <= MAX_REPORT_BYTES:
                    entry.data.extend(chunk)
                    continue
                if chunk:  # an oversized report: stop reading it
                    os.kill(entry.pid, signal.SIGKILL)
                    entry.data.clear()
                del running[fd]
                os.close(fd)
                spent[0] += time.monotonic() - entry.started
                settle(entry.index, _finish(entry))
                reap_orphans({r.pid for r in running.values()} | set(keep))
            now = time.monotonic()
            over_budget = budget_left(now) <= 0
            for fd, entry in list(running.items()):
                over_exercise = now - entry.started > exercise_seconds
                if over_exercise or now > run_deadline or over_budget:
                    os.kill(entry.pid, signal.SIGKILL)
                    os.waitpid(entry.pid, 0)
                    os.close(fd)
                    del running[fd]
                    if over_exercise:
                        message = _("grading {id} took longer than its limit of {seconds:g} s; it was stopped").format(id=entry.task.exercise_id, seconds=exercise_seconds)
                    elif over_budget and now <= run_deadline:
                        message = _("grading {id} was stopped: the exercises together took longer than their limit of {seconds:g} s").format(id=entry.task.exercise_id, seconds=budget_seconds)
                    else:
                        message = _("grading {id} took longer than the run's limit of {seconds:g} s; it was stopped").format(id=entry.task.exercise_id, seconds=run_seconds)
                    settle(entry.index, entry.task.failed(message, "timeout"))
                    reap_orphans({r.pid for r in running.values()} | set(keep))
                    _sweep()
    finally:
        for entry in running.values():  # interrupted (Ctrl-C): take every child down with us
            try:
                os.kill(entry.pid, signal.SIGTERM)
            except OSError:
                pass
        deadline = time.monotonic() + 3
        for entry in running.values():
            while time.monotonic() < deadline:
                try:
                    if os.waitpid(entry.pid, os.WNOHANG)[0]:
                        break
                except ChildProcessError:
                    break
                time.sleep(0.02)
            else:
                try:
                    os.kill(entry.pid, signal.SIGKILL)
                    os.waitpid(entry.pid, 0)
                except OSError:
                    pass
        if running:  # interrupted: a child that died before reaping its own children left
            reap_orphans(set(keep))  # them to us, and killed ones left their folders
            _sweep()
    return [r for r in results if r is not None]


def _sweep() -> None:
    """The temporary folders of the processes just killed (a SIGKILL leaves them behind)."""
    from ..sandbox.client import sweep_leftovers

    with contextlib.suppress(Exception):
        sweep_leftovers(again=True)
