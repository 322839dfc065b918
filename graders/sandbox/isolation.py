"""The isolation levels: how a worker is confined, and which level this machine offers.

``strong``  Linux with user namespaces and bubblewrap (Debian's ``bwrap``): the
            worker runs in new user, pid, net, ipc and uts namespaces with no
            capabilities, sees a read-only view of only the Python runtime and
            numpy, and can write only its own size-limited tmpfs folders. Never
            as root: when gradwork is root, bubblewrap itself runs as a
            dedicated uid (root inside a user namespace would still own the
            host's files), binding the view from the jail that uid can read.
``uid``     root without namespaces (Docker's default profile, Gradescope): the
            worker enters a jail (``chroot``) that holds only the Python runtime
            and numpy, as a dedicated unprivileged uid/gid with no groups and a
            process limit; afterwards every process of that uid is killed.
``basic``   anything else: a separate process with resource limits (and the
            seccomp filter where Linux has it). Fine for a student checking
            their own work, not for a grade.

At every level the worker also confines itself (``confine.py``): resource
limits, ``no_new_privs``, a parent-death signal, and on Linux a seccomp filter
that forbids new processes, exec, sockets and signalling others.

Both confined levels show the worker the same *view* (:class:`View`): the
same inner paths (``/gw/...``), built from the same list of what the worker
needs. ``strong`` realises it with bind mounts, ``uid`` with a jail of hard
links (or copies) built once per machine and reused.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..i18n import N_, _

LEVELS = ("strong", "uid", "basic")  # strongest first
GRADED_MINIMUM = "uid"  # graded formats and batch grading need this level or better
BWRAP_PATHS = ("/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap")

# Inside the worker's view (strong and uid alike).
INNER = "/gw"
INNER_RUNTIME = f"{INNER}/runtime"
INNER_SITE = f"{INNER}/site"
# Standard-library folders graded code never needs; left out of the view
# (site-packages above all: it is where a course may be installed).
STDLIB_LEFT_OUT = ("site-packages", "dist-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3", "__phello__")
TMPFS_BYTES = 64 * 1024 * 1024  # the worker's writable folders (home, /tmp) at the strong level
UID_BASE = 0x6777_0000  # dedicated worker uids/gids: UID_BASE + a random 16-bit slot
HERE = Path(__file__).resolve().parent
JAIL_FORMAT = "4"  # bump when what a jail holds changes
RUNTIME_FILES = ("worker.py", "protocol.py", "confine.py", "zygote.py")


def place_runtime(folder: Path) -> None:
    """Copy the worker's runtime files into ``folder``, each module with this
    installation's compiled form of it (``__pycache__``) where there is one.

    The zygote (or a worker started on its own) runs with -B, which stops it
    writing compiled files, not reading them: without them it compiled ~2,000
    lines at every start, ~12 ms of each student's run in a class. A source is
    copied with its modification time, so the compiled file (stamped with the
    source's time and size) is used only while it matches; Python compiles the
    source as before when it does not."""
    folder.mkdir(parents=True, exist_ok=True)
    compiled = _compiled_runtime()
    for name in RUNTIME_FILES:
        shutil.copy2(HERE / name, folder / name)
        if name in compiled:
            cache = Path(importlib.util.cache_from_source(str(folder / name)))
            cache.parent.mkdir(exist_ok=True)
            shutil.copyfile(compiled[name], cache)


@lru_cache(maxsize=None)
def _compiled_runtime() -> dict[str, Path]:
    """Runtime file -> its compiled form in this installation, written here once if
    missing (unless Python is told not to write any, or cannot); only those that
    match their source as it is now."""
    import py_compile

    found = {}
    for name in RUNTIME_FILES:
        source = HERE / name
        cache = Path(importlib.util.cache_from_source(str(source)))
        if not _matches(cache, source) and not sys.dont_write_bytecode:
            with contextlib.suppress(OSError, py_compile.PyCompileError):
                py_compile.compile(str(source), cfile=str(cache), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
        if _matches(cache, source):
            found[name] = cache
    return found


def _matches(cache: Path, source: Path) -> bool:
    """Is ``cache`` this Python's compiled form of ``source`` as it is now (a timestamp
    .pyc: magic, flags 0, the source's modification time and size)?"""
    try:
        with open(cache, "rb") as handle:
            head = handle.read(16)
        stat = source.stat()
    except OSError:
        return False
    return (len(head) == 16 and head[:4] == importlib.util.MAGIC_NUMBER and head[4:8] == bytes(4)
            and int.from_bytes(head[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(head[12:16], "little") == stat.st_size & 0xFFFFFFFF)


class IsolationUnavailable(Exception):
    """The requested level cannot be had here; the message says what is missing and how to get it."""


def strength(level: str) -> int:
    """Higher is stronger."""
    return len(LEVELS) - LEVELS.index(level)


# -- what this machine offers ----------------------------------------------------
def _bwrap() -> str | None:
    override = os.environ.get("GRADWORK_BWRAP")
    if override:  # for tests: point at a missing binary to take strong away
        return override if os.access(override, os.X_OK) else None
    for path in BWRAP_PATHS:
        if os.access(path, os.X_OK):
            return path
    return None


def missing(level: str) -> str | None:
    """None when ``level`` works here; otherwise what is missing and how to get it (one line),
    in the current language."""
    found = _missing(level)
    return None if found is None else _(found[0]).format(**found[1])


def _probe_command() -> tuple[list[str], dict] | None:
    """The command that tells whether bubblewrap works here, and how to run it; None
    when there is no bubblewrap to try."""
    bwrap = _bwrap()
    if bwrap is None:
        return None
    # The probe uses every option the real command does, so an old bwrap
    # (no --size before 0.8) fails here, not in front of a student.
    probe = [bwrap, "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
             "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--ro-bind", "/", "/", "--dir", "/dev",
             "--dev-bind", "/dev/null", "/dev/null", "--size", "1048576", "--tmpfs", "/tmp", "--remount-ro", "/", "true"]
    # As root, bubblewrap runs as a dedicated uid (see Sandbox.start), so probe as one.
    as_user = {"user": UID_BASE, "group": UID_BASE, "extra_groups": []} if os.geteuid() == 0 else {}
    return probe, as_user


_early_probe: list = []  # the probe probe_soon() started, not yet read
_probed: list = []  # True once _missing("strong") has its answer (it is kept: no probe is needed again)


def probe_soon(requested: str | None = None) -> None:
    """Start the ``strong`` level's probe now, in the background, for a run that will
    ask :func:`missing` soon: it takes a bubblewrap start (10-20 ms), which then
    overlaps the command line's own start instead of delaying the first exercise.
    ``requested``: the level asked for, if any; like :func:`choose`, the environment's
    override comes next, and without either the strongest level is tried first."""
    level = requested or os.environ.get("GRADWORK_ISOLATION") or LEVELS[0]
    if level != "strong" or _early_probe or _probed or not sys.platform.startswith("linux"):
        return
    command = _probe_command()
    if command is None:
        return
    probe, as_user = command
    try:
        process = subprocess.Popen(probe, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **as_user)
    except Exception:  # an early start is only a head start: missing() probes again, and says why
        return
    _early_probe.append(process)
    import atexit

    atexit.register(_forget_probe)


def _forget_probe() -> None:
    """A run that never asked (``gradwork list``): the probe is waited for, not left behind."""
    while _early_probe:
        process = _early_probe.pop()
        with contextlib.suppress(Exception):
            process.kill()
            process.communicate(timeout=5)


def _run_probe(probe: list[str], as_user: dict) -> tuple[int, bytes]:
    """The probe's exit status and error output: the one probe_soon() started, or a new one."""
    if _early_probe:
        process = _early_probe.pop()
        try:
            _out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        return process.returncode, err
    done = subprocess.run(probe, stdin=subprocess.DEVNULL, capture_output=True, timeout=10, **as_user)
    return done.returncode, done.stderr


@lru_cache(maxsize=None)
def _missing(level: str) -> tuple[str, dict] | None:
    """What :func:`missing` says, as an English message id and its values (probed once)."""
    if level == "basic":
        return None
    if not sys.platform.startswith("linux"):
        return N_("isolation level {level} needs Linux (this is {platform}); use --isolation basic, or grade on Linux"), {"level": repr(level), "platform": sys.platform}
    if level == "uid":
        if os.geteuid() != 0:
            return N_("isolation level 'uid' needs root (it runs the worker as a dedicated uid inside a chroot); run as root, or use --isolation strong"), {}
        return None
    if level == "strong":
        _probed.append(True)
        command = _probe_command()
        if command is None:
            return N_("isolation level 'strong' needs bubblewrap: install Debian's package (apt-get install bubblewrap)"), {}
        try:
            returncode, stderr = _run_probe(*command)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return N_("isolation level 'strong': bubblewrap could not run ({error})"), {"error": str(exc)}
        if returncode != 0:
            # bubblewrap's own last line of error output (English from the system): data
            why = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            return N_("isolation level 'strong': bubblewrap cannot create namespaces here ({reason}); enable unprivileged user namespaces, or use --isolation uid as root"), {"reason": why[0]}
        return None
    raise ValueError(_("unknown isolation level {level}; the levels are {levels}").format(level=repr(level), levels=", ".join(LEVELS)))


def choose(requested: str | None = None) -> str:
    """The level to grade at: ``requested`` (or an IsolationUnavailable), else the strongest available."""
    if requested:
        if requested not in LEVELS:
            raise IsolationUnavailable(_("--isolation {level}: the levels are {levels}").format(level=requested, levels=", ".join(LEVELS)))
        reason = missing(requested)
        if reason:
            raise IsolationUnavailable(reason)
        return requested
    override = os.environ.get("GRADWORK_ISOLATION")
    if override:
        return choose(override)
    for level in LEVELS:
        if missing(level) is None:
            return level
    return "basic"  # pragma: no cover - basic is always available


# -- the worker's view -------------------------------------------------------------
@dataclass(frozen=True)
class View:
    """What the worker sees: (inner path, outer path) pairs, all read-only."""

    python: str  # the interpreter, at the same path inside and out
    entries: tuple[tuple[str, str], ...]  # (inner, outer): folders and files
    left_out: tuple[str, ...]  # inner folders hidden under an entry (empty tmpfs / not copied)
    system: tuple[tuple[str, str], ...] = field(default=())  # (path, symlink target or "") for /usr, /lib...


def _stdlib() -> str:
    return sysconfig.get_paths()["stdlib"]


def _site_package_dirs() -> list[str]:
    """Every site-packages / dist-packages folder this Python (or the system) has."""
    found = set()
    for key in ("purelib", "platlib"):
        for base in (sys.prefix, sys.base_prefix):
            found.add(sysconfig.get_paths(vars={"base": base, "platbase": base})[key])
    for pattern in ("/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages", "/usr/lib/python3/dist-packages", "/usr/lib64/python3*/*-packages"):
        found.update(glob.glob(pattern))
    stdlib = _stdlib()
    found.update(os.path.join(stdlib, name) for name in STDLIB_LEFT_OUT)
    return sorted({os.path.realpath(p) for p in found if os.path.isdir(p)})


def _package_entries(packages) -> list[tuple[str, str]]:
    entries = []
    for name in packages:
        # Found, not imported: the zygote that needs this view would otherwise wait
        # for numpy to be imported here first.
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin or not os.path.isfile(spec.origin):
            raise ImportError(f"No module named {name!r} (a package the sandbox shares)", name=name)
        package_dir = Path(spec.origin).resolve().parent
        entries.append((f"{INNER_SITE}/{package_dir.name}", str(package_dir)))
        libs = package_dir.parent / f"{name}.libs"
        if libs.is_dir():
            entries.append((f"{INNER_SITE}/{libs.name}", str(libs.resolve())))
    return entries


@lru_cache(maxsize=None)
def view(packages: tuple[str, ...] = ("numpy",)) -> View:
    python = os.path.realpath(sys.executable)
    stdlib = os.path.realpath(_stdlib())
    entries = [(python, python), (stdlib, stdlib)]
    # A shared libpython sits in the prefix's lib folder, outside the stdlib.
    libdir = sysconfig.get_config_var("LIBDIR")
    ldlibrary = sysconfig.get_config_var("INSTSONAME") or sysconfig.get_config_var("LDLIBRARY")
    if libdir and ldlibrary and sysconfig.get_config_var("Py_ENABLE_SHARED"):
        candidate = os.path.join(libdir, ldlibrary)
        if os.path.exists(candidate):
            entries.append((candidate, os.path.realpath(candidate)))
    entries.extend(_package_entries(packages))
    system = []
    for path in ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc/ld.so.cache"):
        if os.path.islink(path):
            system.append((path, os.readlink(path)))
        elif os.path.exists(path):
            system.append((path, ""))
    shown = [outer for _inner, outer in entries] + [path for path, target in system if not target]
    left_out = [p for p in _site_package_dirs() if any(p == outer or p.startswith(outer + os.sep) for outer in shown)]
    return View(python=python, entries=tuple(entries), left_out=tuple(left_out), system=tuple(system))


# -- strong: bubblewrap ------------------------------------------------------------
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom")


def bwrap_command(v: View, *, runtime: Path, package: Path, argv: list[str], root: Path | None = None) -> list[str]:
    """The bubblewrap command that runs ``argv`` in the worker's view.

    The view comes from the real paths, or, with ``root``, from a jail that
    already holds it (when gradwork runs as root, bubblewrap runs as a
    dedicated uid, which can read the jail but not root's own files).
    ``runtime`` (worker.py, protocol.py, confine.py, config.json) and
    ``package`` (the student's modules) are bound read-only; home and /tmp are
    private tmpfs folders of a fixed size; /dev holds four devices and no
    writable tmpfs; there is no /proc.
    """
    command = [
        _bwrap() or "bwrap",
        "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "gradwork",
    ]
    if root is not None:
        command += ["--ro-bind", str(root), "/", "--tmpfs", f"{INNER}/w", "--remount-ro", f"{INNER}/w"]
    else:
        for path, target in v.system:
            command += ["--symlink", target, path] if target else ["--ro-bind", path, path]
        for inner, outer in v.entries:
            command += ["--ro-bind", outer, inner]
        for hidden in v.left_out:
            command += ["--tmpfs", hidden, "--remount-ro", hidden]
    # No /proc at all: the worker needs none, and a /proc would show it
    # bubblewrap's own init (same uid, no seccomp filter) to write into.
    command += ["--dir", "/dev"]
    for device in DEVICES:
        command += ["--dev-bind", device, device]
    command += ["--size", str(TMPFS_BYTES), "--tmpfs", "/tmp"]
    command += [
        "--ro-bind", str(runtime), INNER_RUNTIME,
        "--ro-bind", str(package), f"{INNER}/pkg/{package.name}",
        "--size", str(TMPFS_BYTES), "--tmpfs", f"{INNER}/home",
        "--chdir", f"{INNER}/home",
        "--remount-ro", "/",
        "--", *argv,
    ]
    return command


# -- uid: a jail of hard links, and a uid of its own ----------------------------------
def _shared_libraries(files: list[str]) -> set[str]:
    """The shared libraries (and the dynamic loader) ``files`` need, by ldd."""
    found: set[str] = set()
    for start in range(0, len(files), 64):
        done = subprocess.run(["ldd", *files[start : start + 64]], capture_output=True, text=True, timeout=60)
        for line in done.stdout.splitlines():
            line = line.strip()
            if line.endswith(":"):  # the header ldd prints before each file's list
                continue
            path = line.split("=>", 1)[1] if "=>" in line else line
            path = path.split("(", 1)[0].strip()
            if path.startswith("/"):
                found.add(os.path.normpath(path))
    # glibc loads libgcc_s at run time (thread exit, backtraces); ldd cannot see that.
    for lib in list(found):
        candidate = os.path.join(os.path.dirname(lib), "libgcc_s.so.1")
        if os.path.exists(candidate):
            found.add(candidate)
    return found


def _place(source: str, destination: Path) -> None:
    """A hard link where the file system allows it, else a copy (root-owned, read-only)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _place_tree(source: str, destination: Path, skip: set[str]) -> None:
    for folder, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skip and not os.path.islink(os.path.join(folder, d))]
        rel = os.path.relpath(folder, source)
        target = destination / rel if rel != "." else destination
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                real = os.path.realpath(path)
                if os.path.isfile(real):
                    _place(real, target / name)
            elif os.path.isfile(path):
                _place(path, target / name)


def _jail_key(v: View) -> str:
    digest = hashlib.sha256(JAIL_FORMAT.encode())
    for inner, outer in v.entries:
        stat = os.stat(outer)
        digest.update(f"{inner}\0{outer}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
    for name in RUNTIME_FILES:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def _jail_base() -> Path:
    base = Path(os.environ.get("GRADWORK_JAIL_DIR", "/var/cache/gradwork"))
    base.mkdir(mode=0o755, parents=True, exist_ok=True)
    info = base.lstat()
    if info.st_uid != 0 or info.st_mode & 0o022 or not os.path.isdir(base) or os.path.islink(base):
        raise IsolationUnavailable(_("{folder} must be a root-owned folder that only root can write; remove it or set GRADWORK_JAIL_DIR").format(folder=base))
    return base


def jail(v: View) -> Path:
    """The jail for ``v``: built once per machine (per view), then reused.

    Root-owned, world-readable, writable by nobody else. Built in a temporary
    folder and renamed into place, under a lock, so two runs never see half a jail.
    """
    base = _jail_base()
    final = base / f"jail-{_jail_key(v)}"
    if (final / ".complete").exists():
        os.utime(final / ".complete")  # in use: not to be cleared away
        return final
    import fcntl  # (POSIX; jails exist only where the uid level does)

    with open(base / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (final / ".complete").exists():
            return final
        for stale in base.glob("jail-*.building-*"):  # left by a run that died mid-build
            shutil.rmtree(stale, ignore_errors=True)
        for old in base.glob("jail-*"):  # jails of other versions, unused for a day
            try:
                if time.time() - (old / ".complete").stat().st_mtime > 86400:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                continue
        building = Path(f"{final}.building-{os.getpid()}")
        building.mkdir(mode=0o755)
        skip = set(v.left_out)
        binaries = [v.python]
        for inner, outer in v.entries:
            if os.path.isdir(outer):
                _place_tree(outer, building / inner.lstrip("/"), skip)
                binaries += glob.glob(os.path.join(outer, "**", "*.so*"), recursive=True)
            else:
                _place(outer, building / inner.lstrip("/"))
        inside = [os.path.realpath(outer) + os.sep for _inner, outer in v.entries if os.path.isdir(outer)]
        for library in _shared_libraries(sorted(set(binaries))):
            if any(os.path.realpath(library).startswith(folder) for folder in inside):
                continue  # already in the jail at its inner path (numpy.libs, found through $ORIGIN)
            if not (building / library.lstrip("/")).exists():
                _place(os.path.realpath(library), building / library.lstrip("/"))
        if os.path.exists("/etc/ld.so.cache"):
            _place("/etc/ld.so.cache", building / "etc/ld.so.cache")
        place_runtime(building / INNER_RUNTIME.lstrip("/"))
        (building / INNER.lstrip("/") / "w").mkdir(mode=0o711, parents=True, exist_ok=True)
        # Mount points for bubblewrap, which binds this jail read-only as / (strong, as root).
        for folder in ("dev", "tmp", f"{INNER}/home", f"{INNER}/pkg/submission"):
            (building / folder.lstrip("/")).mkdir(parents=True, exist_ok=True)
        for device in DEVICES:
            (building / device.lstrip("/")).touch()
        for folder, dirs, files in os.walk(building):
            os.chmod(folder, 0o711 if folder.endswith(f"{INNER}/w") else 0o755)
        (building / ".complete").write_text("")
        shutil.rmtree(final, ignore_errors=True)
        os.rename(building, final)
    return final


def share_with_group(folder: Path, gid: int) -> None:
    """Let group ``gid`` (a worker's own) read ``folder``: root-owned, nobody else, nobody may write."""
    for path, dirs, files in os.walk(folder):
        os.chown(path, 0, gid)
        os.chmod(path, 0o750)
        for name in files:
            os.chown(os.path.join(path, name), 0, gid)
            os.chmod(os.path.join(path, name), 0o640)


def _uid_in_use(uid: int) -> bool:
    """Does a live process of ``uid`` exist? A zombie (exited, not yet reaped by the
    subreaper) does not count: it can do nothing, and a kill cannot remove it, so
    counting it made every run at ``strong`` as root wait ~60 ms at the end."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid and not _zombie(entry):
                    return True
            except OSError:
                continue
    return False


def _zombie(pid: str) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def allocate_uid() -> int:
    """A uid (and gid of the same number) that no process uses: the worker's own."""
    for _attempt in range(64):
        uid = UID_BASE + secrets.randbelow(1 << 16)
        if not _uid_in_use(uid):
            return uid
    raise IsolationUnavailable(_("no free worker uid found"))


def kill_uid(uid: int) -> None:
    """Kill every process of ``uid``: a child becomes that uid and kills all it can signal.

    ``kill(-1, SIGKILL)`` reaches exactly the processes of the sender's uid, and
    is atomic with respect to fork, so nothing can hop away from it.
    """
    for _attempt in range(3):
        if not _uid_in_use(uid):
            return
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                os.setgroups([])
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            except BaseException:
                pass
            os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.01)


def sweep_cells(alive) -> None:
    """Remove jail cells left by gradwork processes that died (``<pid>-<random>``), killing their uid first."""
    if os.geteuid() != 0:
        return
    base = Path(os.environ.get("GRADWORK_JAIL_DIR", "/var/cache/gradwork"))
    for cell in base.glob(f"jail-*{INNER}/w/*-*"):
        pid = cell.name.split("-")[0]
        if not pid.isdigit() or alive(int(pid)):
            continue
        try:
            uid = (cell / "home").stat().st_uid
            if UID_BASE <= uid < UID_BASE + (1 << 16):
                kill_uid(uid)
        except OSError:
            pass
        shutil.rmtree(cell, ignore_errors=True)


@dataclass
class UidCell:
    """One worker's corner of the jail: /gw/w/<pid>-<token>/{pkg,home}, and its uid."""

    jail: Path
    uid: int
    token: str = field(default_factory=lambda: f"{os.getpid()}-{secrets.token_hex(8)}")

    @property
    def inner(self) -> str:
        return f"{INNER}/w/{self.token}"

    @property
    def outer(self) -> Path:
        return self.jail / self.inner.lstrip("/")

    def create(self, package_source: Path, package: str, runtime_config: dict) -> None:
        cell = self.outer
        cell.mkdir(mode=0o750)
        os.chown(cell, 0, self.uid)  # the worker's group may enter; no other worker can
        shutil.copytree(package_source, cell / "pkg" / package)
        for folder, _folders, files in os.walk(cell / "pkg"):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        home = cell / "home"
        home.mkdir(mode=0o700)
        os.chown(home, self.uid, self.uid)
        (cell / "config.json").write_text(json.dumps(runtime_config))

    def remove(self) -> None:
        kill_uid(self.uid)
        shutil.rmtree(self.outer, ignore_errors=True)


__all__ = ["LEVELS", "GRADED_MINIMUM", "IsolationUnavailable", "choose", "missing", "strength", "view", "bwrap_command", "place_runtime", "jail", "allocate_uid", "kill_uid", "UidCell"]
