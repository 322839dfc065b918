"""The parent's handle on one sandboxed worker process.

:class:`Sandbox` copies the student's modules into a fresh temporary folder,
starts ``worker.py`` there with resource limits, a minimal environment and its
own process group, and exchanges frames with it over two pipes. Every wait has
a wall-clock limit; when the worker hangs, crashes or exits, the whole process
group (and anything that escaped it carrying our token) is killed, and the
problem is raised as a :class:`WorkerLost` that names what happened.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import functools
import json
import os
import secrets
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


try:  # POSIX only; imported up front: after a uid change root's files are out of reach
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None

from .. import ONE_THREAD
from ..i18n import N_, _
from ..text import Phrase, safe_text, said
from . import isolation


def _on_first_use(name: str):
    """The module ``name``, imported the first time one of its attributes is read.

    protocol imports numpy, about 60 ms: `gradwork` imports this module (through
    graders.course) before it starts the run's zygote, which needs nothing of
    protocol's, and numpy was then imported here first and in the zygote after,
    one after the other on the run's critical path instead of side by side."""
    import importlib.util

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


protocol = _on_first_use(f"{__package__}.protocol")


# What a worker killed by a signal did, as a sentence about {subject} (the call, "your
# code" or "Python") and {doing} ("in f()", "while importing m.py"); see WorkerLost.
SIGNAL_MEANINGS = {
    # TRANSLATORS: {subject} is a call such as f(x=1), "your code" or "Python"; {doing} says when ("in f()", "while importing f.py")
    signal.SIGSEGV: N_("{subject} crashed with SIGSEGV (segmentation fault) {doing}"),
    signal.SIGBUS: N_("{subject} crashed with SIGBUS (bus error) {doing}"),
    signal.SIGABRT: N_("{subject} crashed with SIGABRT (aborted) {doing}"),
    signal.SIGFPE: N_("{subject} crashed with SIGFPE (arithmetic error) {doing}"),
    signal.SIGILL: N_("{subject} crashed with SIGILL (illegal instruction) {doing}"),
    signal.SIGXCPU: N_("{subject} used up its CPU-time limit (SIGXCPU) — possible infinite loop {doing}"),
    signal.SIGXFSZ: N_("{subject} printed too much output (SIGXFSZ: output limit reached) — remove the print in a loop {doing}"),
    signal.SIGKILL: N_("{subject} was killed (SIGKILL) — possibly out of memory {doing}"),
    signal.SIGTERM: N_("{subject} was terminated (SIGTERM) {doing}"),
}


class WorkerLost(BaseException):
    """The worker did not answer: it timed out, crashed or exited.

    Derived from BaseException on purpose: Hypothesis must not shrink through
    it (each attempt could cost a full timeout), so it aborts the property.

    ``template`` is a whole English sentence (a message id, marked with ``N_``)
    about ``{subject}``, the call that was lost, which only the caller knows;
    :meth:`said` says it in the current language. ``what`` is the English
    sentence without its subject ("timed out: did not finish within 3 s in f()
    — ..."), for logs and ``str()``. A "sandbox" template names no subject: it
    is shown after a colon, in a sentence that blames the sandbox.
    """

    def __init__(self, template: str, params: dict | None = None, *, kind: str, output: str = "", worker_alive: bool = False):
        self.template = template
        self.params = dict(params or {})
        self.what = template.format(subject="", **self.params).strip()
        super().__init__(self.what)
        self.worker_alive = worker_alive  # raised by the parent before or after a call: no restart needed
        self.kind = kind  # "timeout", "crash", "exit", "protocol", "slow", "reimport", "sandbox" (not the student's doing)
        self.output = output

    def said(self, subject: str = "") -> str:
        """What happened to ``subject`` (a call, "your code", "Python"), in the current language."""
        return _(self.template).format(subject=subject, **{key: said(value) for key, value in self.params.items()}).strip()


@dataclass
class Limits:
    """Resource limits for the worker (see ``course.toml``'s [sandbox])."""

    call_seconds: float = 3.0
    import_seconds: float = 10.0
    memory_mb: int = 2048
    cpu_seconds: int = 120
    output_mb: int = 8
    open_files: int = 64
    processes: int = 16  # RLIMIT_NPROC at the uid level (the worker's own uid)
    reply_budget_mb: int = 512  # bytes of results the parent accepts from one worker in all

    def rlimits(self) -> dict:
        mb = 1024 * 1024
        return {
            "RLIMIT_AS": self.memory_mb * mb,
            "RLIMIT_CPU": self.cpu_seconds,
            "RLIMIT_FSIZE": self.output_mb * mb,
            "RLIMIT_NOFILE": self.open_files,
            "RLIMIT_CORE": 0,
        }


@dataclass
class CallOutcome:
    """What one call (and its optional repeat) did, as plain data."""

    result: object = None
    raised: dict | None = None
    warnings: list = field(default_factory=list)
    args_after: tuple | None = None  # None: the call left its arguments as they were
    aliases: list = field(default_factory=list)
    reused: list = field(default_factory=list)  # paths in result of objects the previous call returned too
    shared: list = field(default_factory=list)  # pairs of paths in result of arrays that are one memory
    readonly: list = field(default_factory=list)  # paths in result of read-only arrays
    repeat: "CallOutcome | None" = None
    digest: str = ""  # the reply frame's digest (protocol.Frame.digest), when asked for


def _site_entries(packages) -> list[Path]:
    """Folders to link into the basic worker's private site dir (package + .libs)."""
    entries = []
    for name in packages:
        module = __import__(name)
        package_dir = Path(module.__file__).resolve().parent
        entries.append(package_dir)
        libs = package_dir.parent / f"{name}.libs"
        if libs.is_dir():
            entries.append(libs)
    return entries


def _kill_tagged(token: str) -> None:
    """Kill any process that still carries our environment token (escapees).

    Only the ``basic`` level needs this, and only where there is no seccomp
    filter to stop the worker from starting processes in the first place.
    """
    needle = f"GRADWORK_SANDBOX={token}".encode()
    me = os.getpid()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if needle in handle.read().split(b"\0"):
                    os.kill(int(entry), signal.SIGKILL)
        except (OSError, ValueError):
            continue


MAX_MODULE_BYTES = 1024 * 1024  # a student's module larger than this is not copied


class SubmissionFileError(Exception):
    """A file of the submission that must not be read (a link, a FIFO, too large)."""


def read_submission_file(path: Path, *, limit: int = MAX_MODULE_BYTES) -> bytes:
    """The bytes of a regular file, never following a symlink, never blocking on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SubmissionFileError(_("{file} is a symbolic link; submit the file itself").format(file=path.name)) from None
        raise SubmissionFileError(_("{file} cannot be read ({error})").format(file=path.name, error=exc.strerror)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionFileError(_("{file} is not a regular file").format(file=path.name))
        if info.st_size > limit:
            raise SubmissionFileError(_("{file} is larger than {kibibytes} KiB").format(file=path.name, kibibytes=limit // 1024))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise SubmissionFileError(_("{file} is larger than {kibibytes} KiB").format(file=path.name, kibibytes=limit // 1024))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


MAX_MODULES = 200  # modules copied from one target folder
MAX_TOTAL_BYTES = 8 * 1024 * 1024  # ... and their bytes in all


def copy_submission(target: Path, destination: Path, *, first=None) -> list[str]:
    """Copy the target's ``*.py`` modules (regular files only) into ``destination``.

    ``first`` (the module being graded, or the course's modules, by name) is
    copied before any other, so odd or numerous neighbours can never crowd it
    out. Returns notes on the files left out. Nothing but bytes crosses: no
    link, FIFO or device is followed.
    """
    notes = []
    destination.mkdir(parents=True, exist_ok=True)
    try:
        names = sorted(entry.name for entry in os.scandir(target) if entry.name.endswith(".py"))
    except OSError as exc:
        raise SubmissionFileError(_("the folder {folder} cannot be read ({error})").format(folder=target, error=exc.strerror)) from None
    wanted = [f"{module}.py" for module in ([first] if isinstance(first, str) else first or [])]
    names = [name for name in wanted if name in names] + [name for name in names if name not in wanted]
    total, copied = 0, 0
    for name in names:
        if name == "__init__.py" or not name.isascii() or "/" in name:
            continue
        if copied >= MAX_MODULES or total > MAX_TOTAL_BYTES:
            notes.append(_("{count} more module(s) (the first {limit}, {megabytes} MB at most, are used)").format(
                count=len(names) - copied, limit=MAX_MODULES, megabytes=MAX_TOTAL_BYTES // 2**20))
            break
        try:
            data = read_submission_file(target / name)
        except SubmissionFileError as exc:
            notes.append(str(exc))
            continue
        (destination / name).write_bytes(data)
        total += len(data)
        copied += 1
    (destination / "__init__.py").write_bytes(b"")
    return notes


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_swept = False


def sweep_leftovers(*, again: bool = False) -> None:
    """Remove the folders of gradwork processes that were killed (SIGKILL leaves no
    chance to clean up): ``gradwork-<pid>-*`` in the temporary folder, and their jail cells.
    Once per process, unless ``again`` (the supervisor, after it killed some)."""
    global _swept
    if _swept and not again:
        return
    _swept = True
    base = Path(tempfile.gettempdir())
    try:
        entries = list(base.glob("gradwork-*-*"))
    except OSError:
        return
    for folder in entries:
        pid = folder.name.split("-")[1]
        try:
            if pid.isdigit() and not _alive(int(pid)) and folder.lstat().st_uid == os.geteuid() and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
    isolation.sweep_cells(_alive)


def _limit_processes(count: int):
    """A preexec function: RLIMIT_NPROC for the worker's own uid (bubblewrap forks twice)."""

    def apply():
        resource.setrlimit(resource.RLIMIT_NPROC, (count, count))

    return apply


PIPE_BYTES = 1024 * 1024
F_SETPIPE_SZ = 1031  # fcntl.F_SETPIPE_SZ (Linux), named in fcntl only from Python 3.10 on some builds


def _widen(fd: int) -> None:
    """A pipe of 1 MiB instead of 64 KiB: a batch of calls and its replies flow
    without each side stopping for the other at every large array."""
    try:
        import fcntl

        fcntl.fcntl(fd, F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, OSError):
        pass  # not Linux, or above the system's limit: the default size works too


def _until(deadline: float, *, writing: bool = False):
    """A ``wait(fd)`` for protocol reads and writes: blocks until ``fd`` is ready, or
    raises TimeoutError once ``deadline`` (time.monotonic) has passed."""

    def wait(fd):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        readable, writable, _errors = select.select([] if writing else [fd], [fd] if writing else [], [], remaining)
        if not (writable or readable):
            raise TimeoutError

    return wait


class Sandbox:
    """One worker process grading the modules of one target folder, at one isolation level."""

    package = "submission"  # the package the worker imports the student's files as (its configuration says so)

    script = "worker.py"  # what runs in the sandbox

    def __init__(self, target: Path, *, limits: Limits | None = None, packages=("numpy",), level: str = "basic", first: str | None = None,
                 zygote: "Zygote | None" = None):
        """``zygote``: the run's zygote (see ``zygote.py``), which forks this worker
        instead of a new process importing numpy again; without one, or when it
        cannot, the worker is started on its own."""
        self.target = Path(target)
        self.first = first  # the module being graded: copied before its neighbours
        self.zygote = zygote
        self.limits = limits or Limits()
        self.packages = tuple(packages)
        self.level = level
        self.process: subprocess.Popen | None = None
        self.loaded: dict[str, dict] = {}
        self.unready = False  # a worker asked of the zygote whose "ready" is still to be read (see _spawn)
        self.tmp: Path | None = None
        self.cell: isolation.UidCell | None = None
        self.token = ""
        self.package_dir_shown = ""  # the student's folder as the worker sees it (for tracebacks)

    # -- life cycle -----------------------------------------------------
    def start(self) -> None:
        # A worker killed for its time (_answering) keeps its folders until now: its
        # output was read for the report; the new worker gets folders of its own.
        self._remove_folders()
        sweep_leftovers()
        if self.zygote is not None and self._spawn():
            return
        self._launch()
        self._await_ready()
        for module in list(self.loaded):
            if not self.load(module).get("ok"):
                self.reset()
                raise WorkerLost(N_("{subject} could not be imported again after the worker was restarted ({module}.py behaves differently the second time)"),
                                 {"module": module}, kind="reimport")

    def _wire(self, config: dict) -> tuple:
        """The worker's pipes: their ends go into ``config``; returns the ends to pass on (and close here)."""
        request_r, self.request_w = os.pipe()
        self.reply_r, reply_w = os.pipe()
        self._replies = protocol.FrameReader(self.reply_r)  # a new pipe: nothing read ahead from the last one
        for fd in (self.request_w, self.reply_r):
            _widen(fd)
        os.set_blocking(self.reply_r, False)  # reads try first and wait with a deadline only when empty (see protocol.read_exact)
        os.set_blocking(self.request_w, False)  # writes wait with a deadline (see _until)
        config.update(request_fd=request_r, reply_fd=reply_w, parent_pid=os.getpid())
        return request_r, reply_w

    def _launch(self) -> None:
        """Start ``self.script`` in a new process, confined at ``self.level``."""
        self.tmp = Path(tempfile.mkdtemp(prefix=f"gradwork-{os.getpid()}-"))
        runtime, package_root = self.tmp / "runtime", self.tmp / "pkg"
        self.skipped_files = copy_submission(self.target, package_root / self.package, first=self.first)
        isolation.place_runtime(runtime)

        self.token = secrets.token_hex(8)
        self.received = 0
        self.worker_uid = None  # a uid of the worker's own (uid level, and strong as root)
        limits = self.limits.rlimits()
        config = self.launched = {"package": self.package, "limits": limits}
        passed = self._wire(config)
        view = isolation.view(self.packages) if self.level != "basic" else None
        if self.level == "strong":
            home = f"{isolation.INNER}/home"
            config.update(runtime=isolation.INNER_RUNTIME, site=isolation.INNER_SITE, root=f"{isolation.INNER}/pkg", namespaced=True)
        elif self.level == "uid":
            jail = isolation.jail(view)
            self.cell = isolation.UidCell(jail=jail, uid=isolation.allocate_uid())
            self.worker_uid = self.cell.uid
            home = f"{self.cell.inner}/home"
            limits["RLIMIT_NPROC"] = self.limits.processes
            config.update(
                runtime=isolation.INNER_RUNTIME, site=isolation.INNER_SITE, root=f"{self.cell.inner}/pkg",
                drop={"chroot": str(jail), "cwd": home, "uid": self.cell.uid, "gid": self.cell.uid},
            )
        else:
            home_dir = self.tmp / "home"
            home_dir.mkdir()
            home = str(home_dir)
            site = self.tmp / "site"
            site.mkdir()
            for entry in _site_entries(self.packages):
                os.symlink(entry, site / entry.name)
            config.update(runtime=str(runtime), site=str(site), root=str(package_root))
        self.package_dir_shown = f"{config['root']}/{self.package}"

        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": home,
            "TMPDIR": home,
            "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            **ONE_THREAD,
            "GRADWORK_SANDBOX": self.token,
        }
        # -S: no site-packages; -s: no user site; -B: no .pyc writes. Not -I/-E:
        # they would ignore PYTHONHASHSEED, and the environment is ours anyway.
        python = os.path.realpath(sys.executable)
        flags = ["-S", "-s", "-B", "-X", "faulthandler"]
        as_user = {}
        if self.level == "strong":
            (runtime / "config.json").write_text(json.dumps(config))
            inner = [python, *flags, f"{isolation.INNER_RUNTIME}/{self.script}", f"{isolation.INNER_RUNTIME}/config.json"]
            root = None
            if os.geteuid() == 0:
                # Root inside a user namespace is still root on the host's files:
                # run bubblewrap as a uid of the worker's own, over the jail it can read.
                root = isolation.jail(view)
                self.worker_uid = isolation.allocate_uid()
                isolation.share_with_group(self.tmp, self.worker_uid)
                as_user = {"user": self.worker_uid, "group": self.worker_uid, "extra_groups": [], "preexec_fn": _limit_processes(self.limits.processes * 4)}
            argv = isolation.bwrap_command(view, runtime=runtime, package=package_root / self.package, argv=inner, root=root)
            cwd = "/"
        elif self.level == "uid":
            self.cell.create(package_root / self.package, self.package, config)
            argv = [python, *flags, str(self.cell.jail / isolation.INNER_RUNTIME.lstrip("/") / self.script), str(self.cell.outer / "config.json")]
            cwd = "/"
        else:
            (runtime / "config.json").write_text(json.dumps(config))
            argv = [python, *flags, str(runtime / self.script), str(runtime / "config.json")]
            cwd = home
        self.output_path = self.tmp / "output.txt"
        try:
            with open(self.output_path, "wb") as output:
                self.process = subprocess.Popen(
                    argv,
                    cwd=cwd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=output,
                    pass_fds=passed,
                    start_new_session=True,
                    **as_user,
                )
        finally:
            for fd in passed:
                os.close(fd)

    def _spawn(self) -> bool:
        """Have the run's zygote fork this worker; False when it cannot (start one then)."""
        zygote = self.zygote
        self.unready = False
        self.tmp = Path(tempfile.mkdtemp(prefix=f"gradwork-{os.getpid()}-"))
        self.output_path = self.tmp / "output.txt"
        self.skipped_files = zygote.skipped_files
        self.package_dir_shown = zygote.package_dir_shown
        self.token, self.received, self.worker_uid = zygote.token, 0, None
        config = dict(zygote.worker_config, limits=self.limits.rlimits())
        request_r, reply_w = self._wire(config)
        kill_r, kill_w = os.pipe()
        status_r, status_w = os.pipe()
        output = os.open(self.output_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
        passed = (request_r, reply_w, output, kill_r, status_w)
        try:
            zygote.spawn(config, passed)
        except OSError:
            for fd in (*passed, kill_w, status_r, self.request_w, self.reply_r):
                os.close(fd)
            self.zygote = None  # gone: every later start is a plain one
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
            return False
        for fd in passed:
            os.close(fd)
        self.process = Spawned(kill_w, status_r)
        if not self.loaded:
            # Its "ready" is read with the first request's reply (_ready): till then the
            # caller goes on, loading the trusted modules while the worker is forked,
            # confined, and (early in a run) while the zygote still imports numpy.
            self.unready = True
            return True
        try:
            self._await_ready()
        except WorkerLost:
            self.zygote = None  # a zygote that cannot fork a worker: start them on their own
            return False
        for module in list(self.loaded):
            if not self.load(module).get("ok"):
                self.reset()
                raise WorkerLost(N_("{subject} could not be imported again after the worker was restarted ({module}.py behaves differently the second time)"),
                                 {"module": module}, kind="reimport")
        return True

    def _ready(self) -> None:
        """Before a request: a worker is running and has said "ready" (started when
        there is none; a zygote's worker that never says it is started on its own)."""
        if self.process is None:
            self.start()
        elif self.unready:
            self.unready = False
            try:
                self._await_ready()
            except WorkerLost:
                self.zygote = None  # as in _spawn: a zygote that cannot fork a worker
                self.start()

    def _await_ready(self) -> None:
        """The worker's first frame, sent once it is confined and before any student code runs."""
        deadline = time.monotonic() + max(self.limits.import_seconds, 10.0)
        try:
            header, _payloads = self._replies.frame(wait=_until(deadline)).parsed()
            if header.get("ready") is not True:
                raise protocol.ProtocolError("no ready frame")
        except (TimeoutError, EOFError, OSError, protocol.ProtocolError) as exc:
            output = self.output_tail().strip()
            self.reset()
            last = output.splitlines()[-1][:300] if output else f"{type(exc).__name__}"
            # TRANSLATORS: shown after "please tell your instructor:"; {reason} is the worker's last line of output
            raise WorkerLost(N_("could not be started by the sandbox ({reason})"), {"reason": last}, kind="sandbox", output=output) from None

    def output_full(self) -> bool:
        """Has the worker's output file reached its size limit? Then every later call
        of that worker fails as "printed too much", whichever function makes it."""
        try:
            path = getattr(self, "output_path", None)
            return path is not None and os.path.getsize(path) >= self.limits.output_mb * 1024 * 1024
        except OSError:
            return False

    def reset(self) -> None:
        """Stop the worker after a loss; the next call starts a fresh one (and re-imports)."""
        self._kill()
        self._remove_folders()

    def close(self) -> None:
        """Stop the worker and everything it started; remove its folders."""
        if self.process is not None:
            try:
                protocol.write_frame(self.request_w, {"op": "exit"})
            except OSError:
                pass
            try:
                self.process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            self._kill()
        self._remove_folders()

    def _remove_folders(self) -> None:
        if self.cell is not None:
            self.cell.remove()
            self.cell = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def _kill(self) -> None:
        process, self.process = self.process, None
        self.unready = False
        if process is None:
            return
        if isinstance(process, Spawned):
            # The zygote kills and reaps it; its siblings (and the zygote) share its
            # uid and token, so neither kill_uid nor the token sweep may be used here.
            process.kill()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            for fd in (self.request_w, self.reply_r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if self.worker_uid is not None:
            isolation.kill_uid(self.worker_uid)
        elif self.level == "basic":
            _kill_tagged(self.token)
        for fd in (self.request_w, self.reply_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    # -- talking ----------------------------------------------------------
    def output_tail(self, limit: int = 4000) -> str:
        try:
            with open(self.output_path, "rb") as handle:
                handle.seek(0, os.SEEK_END)
                size = handle.tell()
                handle.seek(max(0, size - limit))
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return safe_text(text.replace(self.package_dir_shown + "/", ""))

    @contextlib.contextmanager
    def _answering(self, doing: Phrase, seconds: float):
        """Talking to the worker: a time-out, a closed pipe or a broken reply becomes
        the WorkerLost that says so (``seconds``: the limit the message names)."""
        try:
            yield
        except (EOFError, OSError, protocol.ProtocolError) as exc:
            raise self._failure(exc, doing, seconds) from None

    def _failure(self, exc: BaseException, doing: Phrase, seconds: float) -> WorkerLost:
        """The WorkerLost a time-out, a closed pipe or a broken reply means (see _answering)."""
        if isinstance(exc, TimeoutError):
            self._kill()
            return WorkerLost(
                # TRANSLATORS: {subject} is a call such as f(x=1), "your code" or "Python"; {doing} says when ("in f()")
                N_("{subject} timed out: did not finish within {seconds:g} s {doing} — is there an infinite loop?"),
                {"seconds": seconds, "doing": doing},
                kind="timeout",
                output=self.output_tail(),
            )
        if isinstance(exc, protocol.ProtocolError):
            self._kill()
            return _unreadable(doing, exc)
        return self._lost(doing)

    def _receive(self, deadline: float) -> protocol.Frame:
        """The next reply frame, unparsed, by ``deadline``, counted against the reply budget."""
        frame = self._replies.frame(wait=_until(deadline))
        self.received += frame.payload_size
        if self.received > self.limits.reply_budget_mb * 1024 * 1024:
            raise protocol.ProtocolError(_("sent more than {megabytes} MB of results in all").format(megabytes=self.limits.reply_budget_mb))
        return frame

    def _exchange(self, header, payloads, seconds: float, doing: Phrase, limit: float | None = None) -> protocol.Frame:
        """One request and its reply frame. ``doing`` says when, for a WorkerLost ("in f()")."""
        self._ready()
        deadline = time.monotonic() + seconds
        with self._answering(doing, limit or seconds):
            protocol.write_frame(self.request_w, header, payloads, wait=_until(deadline, writing=True))
            return self._receive(deadline)

    def _call_seconds(self, repeat: bool) -> float:
        """The wall-clock time one call may take: the call, and its repeat."""
        return self.limits.call_seconds * (2 if repeat else 1)

    def _lost(self, doing: Phrase) -> WorkerLost:
        process = self.process
        code = None
        if process is not None:
            try:
                code = process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
        output = self.output_tail()
        self._kill()
        if code is not None and self.level == "strong" and code > 128 and not isinstance(process, Spawned):
            code = 128 - code  # bubblewrap reports a child killed by signal N as 128 + N
        params: dict = {"doing": doing}
        if code is None:
            template = N_("{subject} stopped answering {doing}")
        elif code < 0:
            template = SIGNAL_MEANINGS.get(-code, N_("{subject} was killed by signal {signal} {doing}"))
            params["signal"] = -code
        elif code == 0:
            template = N_("{subject} exited with status 0 before returning — did your code call os._exit() or close the process? {doing}")
        else:
            template = N_("{subject} exited with status {status} before returning {doing}")
            params["status"] = code
        kind = "exit" if code is not None and code >= 0 else "crash"

        return WorkerLost(template, params, kind=kind, output=output)

    def load(self, module: str) -> dict:
        doing = Phrase(N_("while importing {module}.py"), module=module)
        frame = self._exchange({"op": "load", "module": module}, [], self.limits.import_seconds, doing)
        try:
            header = checked_load_reply(frame.parsed()[0])
        except protocol.ProtocolError as exc:
            self._kill()
            raise _unreadable(doing, exc) from None
        self.loaded[module] = header
        return header

    def call(self, module: str, function: str, args=(), kwargs=None, *, repeat=False, request=None, digest=False) -> CallOutcome:
        """Call ``function`` once (and again, with ``repeat``, to see the same answer).

        ``request``: the arguments already encoded, ``(tree, payloads)``.
        ``digest=True``: the outcome carries the reply frame's digest."""
        tree, payloads = request if request is not None else protocol.encoded([list(args), dict(kwargs or {})])
        doing = _in(function)
        frame = self._exchange(
            # The tree travels as text (protocol.request_text), the last payload: the worker reads it as a protocol.Request.
            {"op": "call", "module": module, "function": function, "repeat": repeat},
            [*payloads, protocol.request_text(tree).encode()],
            self._call_seconds(repeat),
            doing,
            limit=self.limits.call_seconds,
        )
        return self._call_outcome(frame, function, doing, digest)

    def send_calls(self, module: str, calls: list) -> "CallStream":
        """Send many calls in one request; their replies are read one by one from the
        :class:`CallStream` returned. ``calls``: ``(function, repeat, data, lengths)``, as
        :func:`protocol.pack_calls` takes them."""
        self._ready()
        data = protocol.pack_calls(module, calls)
        deadline = time.monotonic() + self._call_seconds(True)
        with self._answering(_in(calls[0][0] if calls else "?"), self.limits.call_seconds):
            protocol.write_bytes(self.request_w, data, wait=_until(deadline, writing=True))
        return CallStream(self, module, [(function, repeat) for function, repeat, _data, _lengths in calls])

    def _call_outcome(self, frame: protocol.Frame, function: str, doing: Phrase, digest: bool) -> CallOutcome:
        try:
            header, replies_payloads = frame.parsed()
            if set(header) == {"missing", "payloads"} and header["missing"] == function:
                raise MissingFunction(function)
            replies = header.get("replies")
            if set(header) != {"replies", "payloads"} or not isinstance(replies, list) or not 1 <= len(replies) <= 2:
                raise protocol.ProtocolError(_("the reply is not a list of one or two call results"))
            outcomes = [self._outcome(reply, replies_payloads) for reply in replies]
            if digest:
                outcomes[0].digest = frame.digest()
        except (KeyError, TypeError, ValueError, IndexError, RecursionError, protocol.ProtocolError) as exc:
            self._kill()
            raise _unreadable(doing, exc) from None
        first = outcomes[0]
        if len(outcomes) > 1:
            first.repeat = outcomes[1]
        return first

    def _read_reply(self, function: str, repeat: bool):
        """The next reply of a :class:`CallStream`: one call's time, from now. (What
        _answering does, written out: this runs for every reply of a batch.)"""
        try:
            return self._receive(time.monotonic() + self._call_seconds(repeat))
        except (EOFError, OSError, protocol.ProtocolError) as exc:
            raise self._failure(exc, _in(function), self.limits.call_seconds) from None

    @staticmethod
    def _outcome(reply, payloads) -> CallOutcome:
        if not isinstance(reply, dict) or not set(reply) <= REPLY_KEYS:
            raise protocol.ProtocolError(_("a call result has unknown fields"))
        warnings = reply.get("warnings", [])
        aliases = reply.get("aliases", [])
        reused = reply.get("reused", [])
        shared = reply.get("shared", [])
        readonly = reply.get("readonly", [])
        if (not isinstance(warnings, list) or len(warnings) > 20 or not isinstance(aliases, list) or len(aliases) > 200
                or not isinstance(reused, list) or len(reused) > 50 or not isinstance(shared, list) or len(shared) > 50
                or not isinstance(readonly, list) or len(readonly) > 50):
            raise protocol.ProtocolError(_("too many warnings or aliases"))
        outcome = CallOutcome(
            raised=checked_raised(reply["raised"]) if "raised" in reply else None,
            warnings=[checked_warning(w) for w in warnings],
            aliases=[(_text(pair[0], 200, one_line=True), _text(pair[1], 200, one_line=True)) for pair in aliases if isinstance(pair, list) and len(pair) == 2][:50],
            reused=[_text(path, 200, one_line=True) for path in reused if isinstance(path, str)],
            shared=[(_text(pair[0], 200, one_line=True), _text(pair[1], 200, one_line=True)) for pair in shared if isinstance(pair, list) and len(pair) == 2],
            readonly=[_text(path, 200, one_line=True) for path in readonly if isinstance(path, str)],
        )
        if "result" in reply:
            outcome.result = protocol.decode(reply["result"], payloads, text=safe_text)
        if "args_after" in reply:
            after = protocol.decode(reply["args_after"], payloads, text=safe_text)
            if not (isinstance(after, list) and len(after) == 2 and isinstance(after[0], list) and isinstance(after[1], dict)):
                raise protocol.ProtocolError(_("args_after is not [args, kwargs]"))
            outcome.args_after = (tuple(after[0]), dict(after[1]))
        return outcome


class Spawned:
    """A worker forked by the zygote, as its parent sees it: the part of ``Popen``
    the sandbox uses (wait with a timeout, kill), through the zygote's pipes."""

    def __init__(self, kill_w: int, status_r: int):
        self.kill_w = kill_w
        self.status_r = status_r
        self.returncode: int | None = None

    def kill(self) -> None:
        if self.kill_w is not None:
            try:
                os.write(self.kill_w, b"k")
            except OSError:
                pass

    def wait(self, timeout: float | None = None) -> int:
        """The exit code (negative: the signal that killed it), as Popen.wait gives it."""
        if self.returncode is not None:
            return self.returncode
        readable, _writable, _errors = select.select([self.status_r], [], [], timeout)
        if not readable:
            raise subprocess.TimeoutExpired("worker", timeout)
        data = os.read(self.status_r, 4)
        # No status: the zygote itself is gone, and its workers died with it.
        self.returncode = os.waitstatus_to_exitcode(int.from_bytes(data, "big", signed=True)) if len(data) == 4 else -signal.SIGKILL
        for fd in (self.kill_w, self.status_r):
            os.close(fd)
        self.kill_w = None
        return self.returncode


class Zygote(Sandbox):
    """The run's zygote (``zygote.py``): started once, like a worker and as confined
    as one, it forks every worker of the run, so numpy is imported once per run.
    Used at ``strong`` and ``basic``; at ``uid`` each worker enters a jail as a uid
    of its own, and is still started on its own."""

    script = "zygote.py"
    LEVELS = ("strong", "basic")

    def _wire(self, config: dict) -> tuple:
        self.control, inner = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config["control_fd"] = inner.fileno()
        self._inner = inner
        self.request_w = self.reply_r = -1  # no pipes of its own: requests come through the socket
        return (inner.fileno(),)

    def start(self) -> None:
        """Start the zygote and return at once: it imports numpy while the caller
        goes on, and answers requests once it has (they wait in its socket). A
        zygote that fails to start closes its socket, and every worker asked of it
        is then started on its own."""
        sweep_leftovers()
        self._launch()
        self._inner.detach()  # closed by _launch (passed to the zygote)
        # What every worker it forks is told: where things are in the view.
        self.worker_config = {key: value for key, value in self.launched.items() if key in ("package", "runtime", "site", "root", "namespaced")}

    def refresh(self) -> None:
        """Copy the target's modules again (the student saved a file): the workers
        forked from now on see them (the zygote's view binds the folder itself)."""
        package = self.tmp / "pkg" / self.package
        for entry in package.iterdir():
            entry.unlink()
        self.skipped_files = copy_submission(self.target, package, first=self.first)
        if self.worker_uid is not None:
            isolation.share_with_group(self.tmp, self.worker_uid)

    def spawn(self, config: dict, fds) -> None:
        """Ask for a worker (raises OSError when the zygote is gone)."""
        if getattr(self, "control", None) is None:
            raise OSError("the zygote was closed")
        socket.send_fds(self.control, [json.dumps(config).encode()], list(fds))

    def close(self) -> None:
        """The run is over: the zygote exits, its workers with it."""
        control = getattr(self, "control", None)
        if control is not None:
            control.close()
            self.control = None
        if self.process is not None:
            try:
                self.process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            self._kill()
        self._remove_folders()


def start_zygote(target: Path, *, limits: Limits, packages, level: str, modules: list) -> Zygote | None:
    """The run's zygote, or None where there is none (the ``uid`` level) or it failed
    to start (each worker is then started on its own)."""
    if level not in Zygote.LEVELS or not hasattr(socket, "send_fds"):
        return None
    zygote = Zygote(target, limits=limits, packages=packages, level=level, first=modules)
    try:
        zygote.start()
    except (WorkerLost, OSError, SubmissionFileError, isolation.IsolationUnavailable):
        zygote.close()
        return None
    return zygote


class CallStream:
    """The replies to one :meth:`Sandbox.send_calls` request, read in order.

    Each reply has the wall-clock limit of a single call, counted from when the
    parent starts waiting for it, so a batch is never given more time per call
    than calls made one by one. A stream whose worker was lost is finished.
    """

    def __init__(self, sandbox: Sandbox, module: str, expected: list):
        self.sandbox = sandbox
        self.module = module
        self.expected = collections.deque(expected)  # (function, repeat) of each reply still to come
        self.process = sandbox.process

    @property
    def open(self) -> bool:
        return bool(self.expected) and self.sandbox.process is self.process and self.process is not None

    def next(self, expected: str | None = None) -> "Reply":
        """The next call's reply; raises WorkerLost as :meth:`Sandbox.call` does.

        A reply whose digest is ``expected`` (a recorded reply of the reference's)
        is parsed only if its outcome is asked for: its bytes are those of a
        reply that was read and checked when it was recorded."""
        function, repeat = self.expected.popleft()
        sandbox = self.sandbox
        doing = _in(function)
        started = time.monotonic()
        try:
            frame = sandbox._read_reply(function, repeat)
            waited = time.monotonic() - started
            digest = frame.digest()  # once: it is the reply's digest whether or not it is the expected one
            if digest == expected:
                return Reply(function, digest, waited, lambda: sandbox._call_outcome(frame, function, doing, False))
            outcome = sandbox._call_outcome(frame, function, doing, False)
            return Reply(function, digest, waited, lambda: sandbox._call_outcome(frame, function, doing, False), first=outcome)
        except BaseException:
            self.expected.clear()
            raise

    def drain(self) -> None:
        """Read and drop the replies nobody needs; a worker lost on one of them is
        restarted quietly (those calls were never asked for by the property)."""
        sandbox = self.sandbox
        while self.open:
            function, repeat = self.expected.popleft()
            try:
                sandbox._read_reply(function, repeat)
            except WorkerLost:
                sandbox.reset()
                break
        self.expected.clear()


class Reply:
    """One reply of a :class:`CallStream`: its digest, the seconds the parent waited
    for it, and its outcome (decoded when first asked for)."""

    __slots__ = ("function", "digest", "waited", "_make", "_first")

    def __init__(self, function: str, digest: str, waited: float, make, *, first: CallOutcome | None = None):
        self.function = function
        self.digest = digest
        self.waited = waited
        self._make = make  # decodes the reply's bytes again: a fresh outcome each time
        self._first = first  # decoded already (to check it), handed out once

    def outcome(self) -> CallOutcome:
        """The outcome, a new copy each time it is asked for (whoever got one may change it)."""
        outcome, self._first = self._first, None
        if outcome is None:
            outcome = self._make()
        outcome.digest = self.digest
        return outcome


# -- what the worker sends is hostile data: checked field by field ----------------
REPLY_KEYS = {"warnings", "raised", "result", "aliases", "reused", "shared", "readonly", "args_after"}


def _text(value, limit: int, *, one_line: bool = False) -> str:
    """A string field from the worker: type-checked, capped, and safe to show anywhere.
    ``one_line``: a name (of a type, function or file, a line of code), whose newlines
    are shown as ``\\n``: a class named "Error\\n\\n✓ passed" would otherwise put lines
    of its own choosing in the report, looking like the grader's."""
    if not isinstance(value, str):
        raise protocol.ProtocolError(_("a text field is not a string"))
    return safe_text(value[:limit], keep_newlines=not one_line)


def _number(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise protocol.ProtocolError(_("a line number is not an integer"))
    return value


def checked_raised(raw) -> dict:
    """An exception description: type, message, the student's frames (and, for a SyntaxError, where)."""
    if not isinstance(raw, dict) or not set(raw) <= {"type", "message", "frames", "filename", "lineno", "text"}:
        raise protocol.ProtocolError(_("an exception description has unknown fields"))
    frames = raw.get("frames", [])
    if not isinstance(frames, list) or len(frames) > 12:
        raise protocol.ProtocolError(_("too many traceback frames"))
    checked = []
    for frame in frames:
        if not isinstance(frame, list) or len(frame) != 4:
            raise protocol.ProtocolError(_("a traceback frame is malformed"))
        checked.append([_text(frame[0], 200, one_line=True), _number(frame[1]), _text(frame[2], 200, one_line=True), _text(frame[3], 500, one_line=True)])
    out = {"type": _text(raw.get("type"), 100, one_line=True), "message": _text(raw.get("message", ""), 2000), "frames": checked}
    if "filename" in raw:
        out["filename"] = _text(raw["filename"], 200, one_line=True)
    if "lineno" in raw:
        out["lineno"] = _number(raw["lineno"]) if raw["lineno"] is not None else None
    if "text" in raw:
        out["text"] = _text(raw["text"], 500, one_line=True)
    return out


def checked_warning(raw) -> dict:
    if not isinstance(raw, dict) or set(raw) != {"category", "message", "student", "lineno", "filename"}:
        raise protocol.ProtocolError(_("a warning is malformed"))
    if not isinstance(raw["student"], bool):
        raise protocol.ProtocolError(_("a warning is malformed"))
    return {
        "category": _text(raw["category"], 100, one_line=True),
        "message": _text(raw["message"], 300),
        "student": raw["student"],
        "lineno": _number(raw["lineno"]),
        "filename": _text(raw["filename"], 200, one_line=True),
    }


def checked_load_reply(header) -> dict:
    """The reply to a load: ``{"ok": True, "names": [...]}`` or ``{"ok": False, "error": {...}}``."""
    if not isinstance(header, dict):
        raise protocol.ProtocolError(_("the reply is not an object"))
    if header.get("ok") is True and set(header) == {"ok", "names", "payloads"}:
        names = header["names"]
        if not isinstance(names, list) or len(names) > 2000:
            raise protocol.ProtocolError(_("the list of names is malformed"))
        return {"ok": True, "names": [_text(n, 200, one_line=True) for n in names]}
    if header.get("ok") is False and set(header) == {"ok", "error", "payloads"}:
        return {"ok": False, "error": checked_raised(header["error"])}
    raise protocol.ProtocolError(_("the reply to an import is malformed"))


@functools.lru_cache(maxsize=256)
def _in(function: str) -> Phrase:
    """When a call was lost, as its WorkerLost says it: "in f()". (Made once per name:
    every reply read names one, and it is used only if the call is lost.)"""
    return Phrase(N_("in {function}()"), function=function)


def _unreadable(doing: Phrase, exc: BaseException) -> WorkerLost:
    """The worker's reply broke the protocol (``exc`` says how, in technical terms),
    or was too large to read, which honest code does too (an enormous result)."""
    if isinstance(exc, protocol.FrameTooLarge):
        return WorkerLost(
            # TRANSLATORS: {subject} is a call such as f(x=1); {doing} says when ("in f()")
            N_("{subject} returned more than {megabytes} MiB at once {doing}, more than gradwork reads from one call — is an array or list far larger than it should be?"),
            {"doing": doing, "megabytes": exc.megabytes}, kind="protocol")
    return WorkerLost(N_("{subject} sent back something unreadable {doing}: {error}"), {"doing": doing, "error": str(exc)}, kind="protocol")


class MissingFunction(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


__all__ = ["Sandbox", "Limits", "CallOutcome", "WorkerLost", "MissingFunction"]
