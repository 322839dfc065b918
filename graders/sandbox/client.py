"""The parent's handle on one sandboxed worker process.

:class:`Sandbox` copies the student's modules into a fresh temporary folder,
starts ``worker.py`` there with resource limits, a minimal environment and its
own process group, and exchanges frames with it over two pipes. Every wait has
a wall-clock limit; when the worker hangs, crashes or exits, the whole process
group (and anything that escaped it carrying our token) is killed, and the
problem is raised as a :class:`WorkerLost` that names what happened.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


from . import protocol

RUNTIME_FILES = ("worker.py", "protocol.py")
HERE = Path(__file__).resolve().parent

SIGNAL_MEANINGS = {
    signal.SIGSEGV: "crashed with SIGSEGV (segmentation fault)",
    signal.SIGBUS: "crashed with SIGBUS (bus error)",
    signal.SIGABRT: "crashed with SIGABRT (aborted)",
    signal.SIGFPE: "crashed with SIGFPE (arithmetic error)",
    signal.SIGILL: "crashed with SIGILL (illegal instruction)",
    signal.SIGXCPU: "used up its CPU-time limit (SIGXCPU) — possible infinite loop",
    signal.SIGXFSZ: "printed too much output (SIGXFSZ: output limit reached) — remove the print in a loop",
    signal.SIGKILL: "was killed (SIGKILL) — possibly out of memory",
    signal.SIGTERM: "was terminated (SIGTERM)",
}


class WorkerLost(BaseException):
    """The worker did not answer: it timed out, crashed or exited.

    Derived from BaseException on purpose: Hypothesis must not shrink through
    it (each attempt could cost a full timeout), so it aborts the property.
    """

    def __init__(self, what: str, *, kind: str, output: str = ""):
        super().__init__(what)
        self.what = what
        self.kind = kind  # "timeout", "crash", "exit", "protocol"
        self.output = output


@dataclass
class Limits:
    """Resource limits for the worker (see ``course.toml``'s [sandbox])."""

    call_seconds: float = 3.0
    import_seconds: float = 10.0
    memory_mb: int = 2048
    cpu_seconds: int = 120
    output_mb: int = 8
    open_files: int = 64

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
    seconds: float = 0.0
    repeat: "CallOutcome | None" = None


def _site_entries(packages) -> list[Path]:
    """Folders to link into the worker's private site dir (package + .libs)."""
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
    """Kill any process that still carries our environment token (escapees)."""
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


class Sandbox:
    """One worker process grading the modules of one target folder."""

    package = "submission"

    def __init__(self, target: Path, *, limits: Limits | None = None, packages=("numpy",)):
        self.target = Path(target)
        self.limits = limits or Limits()
        self.packages = tuple(packages)
        self.process: subprocess.Popen | None = None
        self.loaded: dict[str, dict] = {}
        self.tmp: Path | None = None
        self.token = ""

    # -- life cycle -----------------------------------------------------
    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="gradwork-"))
        work, runtime, site = self.tmp / "work", self.tmp / "runtime", self.tmp / "site"
        package_dir = work / self.package
        package_dir.mkdir(parents=True)
        runtime.mkdir()
        site.mkdir()
        for source in sorted(self.target.glob("*.py")):
            if source.name != "__init__.py":
                shutil.copyfile(source, package_dir / source.name)
        (package_dir / "__init__.py").write_text("")
        for name in RUNTIME_FILES:
            shutil.copyfile(HERE / name, runtime / name)
        for entry in _site_entries(self.packages):
            os.symlink(entry, site / entry.name)

        request_r, self.request_w = os.pipe()
        self.reply_r, reply_w = os.pipe()
        config = {
            "runtime": str(runtime),
            "site": str(site),
            "root": str(work),
            "package": self.package,
            "request_fd": request_r,
            "reply_fd": reply_w,
            "limits": self.limits.rlimits(),
        }
        config_path = runtime / "config.json"
        config_path.write_text(json.dumps(config))
        self.token = secrets.token_hex(8)
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(work),
            "TMPDIR": str(work),
            "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "NUMEXPR_NUM_THREADS": "1",
            "GRADWORK_SANDBOX": self.token,
        }
        self.output_path = self.tmp / "output.txt"
        with open(self.output_path, "wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-X", "faulthandler", str(runtime / "worker.py"), str(config_path)],
                cwd=work,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                pass_fds=(request_r, reply_w),
                start_new_session=True,
            )
        os.close(request_r)
        os.close(reply_w)
        for module in list(self.loaded):
            self.load(module)

    def close(self) -> None:
        """Stop the worker and everything it started; remove its folder."""
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
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def _kill(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        _kill_tagged(self.token)
        for fd in (self.request_w, self.reply_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def restart(self) -> None:
        """A fresh worker after a loss; modules loaded before are loaded again."""
        self._kill()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        self.start()

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
        return text.replace(str(self.tmp / "work" / self.package) + os.sep, "")

    def _exchange(self, header, payloads, seconds: float, doing: str):
        if self.process is None:
            self.start()
        deadline = time.monotonic() + seconds

        def wait(fd):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError

        try:
            protocol.write_frame(self.request_w, header, payloads)
            return protocol.read_frame(self.reply_r, wait=wait)
        except TimeoutError:
            self._kill()
            raise WorkerLost(
                f"timed out after {seconds:g} s {doing} — possible infinite loop",
                kind="timeout",
                output=self.output_tail(),
            ) from None
        except (EOFError, BrokenPipeError, OSError):
            raise self._lost(doing) from None
        except protocol.ProtocolError as exc:
            self._kill()
            raise WorkerLost(f"sent back something unreadable {doing}: {exc}", kind="protocol") from None

    def _lost(self, doing: str) -> WorkerLost:
        process = self.process
        code = None
        if process is not None:
            try:
                code = process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
        output = self.output_tail()
        self._kill()
        if code is None:
            what = "stopped answering"
        elif code < 0:
            meaning = SIGNAL_MEANINGS.get(-code, f"was killed by signal {-code}")
            what = meaning
        elif code == 0:
            what = "exited with status 0 before returning — did your code call os._exit() or close the process?"
        else:
            what = f"exited with status {code} before returning"
        kind = "exit" if code is not None and code >= 0 else "crash"
        return WorkerLost(f"{what} {doing}".strip(), kind=kind, output=output)

    def load(self, module: str) -> dict:
        header, _ = self._exchange({"op": "load", "module": module}, [], self.limits.import_seconds, f"while importing {module}.py")
        self.loaded[module] = header
        return header

    def call(self, module: str, function: str, args=(), kwargs=None, *, repeat=False) -> CallOutcome:
        payloads: list = []
        tree = protocol.encode([list(args), dict(kwargs or {})], payloads)
        header, replies_payloads = self._exchange(
            {"op": "call", "module": module, "function": function, "call": tree, "repeat": repeat},
            payloads,
            self.limits.call_seconds * (2 if repeat else 1),
            f"in {function}()",
        )
        if "missing" in header:
            raise MissingFunction(function)
        outcomes = []
        for reply in header.get("replies", [])[:2]:
            outcomes.append(self._outcome(reply, replies_payloads))
        if not outcomes:
            raise WorkerLost(f"sent no reply in {function}()", kind="protocol")
        first = outcomes[0]
        if len(outcomes) > 1:
            first.repeat = outcomes[1]
        return first

    def _outcome(self, reply: dict, payloads) -> CallOutcome:
        try:
            outcome = CallOutcome(
                raised=reply.get("raised"),
                warnings=list(reply.get("warnings", []))[:20],
                seconds=float(reply.get("seconds", 0.0)),
                aliases=[tuple(map(str, pair)) for pair in reply.get("aliases", [])][:50],
            )
            if "result" in reply:
                outcome.result = protocol.decode(reply["result"], payloads)
            if "args_after" in reply:
                after = protocol.decode(reply["args_after"], payloads)
                outcome.args_after = (tuple(after[0]), dict(after[1]))
        except (KeyError, TypeError, ValueError, IndexError, protocol.ProtocolError) as exc:
            self._kill()
            raise WorkerLost(f"sent back something unreadable: {exc}", kind="protocol") from None
        return outcome


class MissingFunction(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


__all__ = ["Sandbox", "Limits", "CallOutcome", "WorkerLost", "MissingFunction"]
