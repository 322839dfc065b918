"""What the worker does to itself before it imports a line of student code.

This file runs inside the worker (it is copied next to ``worker.py``), so it
uses only the standard library. It is trusted code, run while the worker is
still trusted. In order:

1. ``drop``: at the ``uid`` level the worker starts as root, enters its jail
   (``chroot``) and becomes its dedicated unprivileged uid/gid with no
   supplementary groups. After this nothing it does can undo it.
2. resource limits (address space, CPU, file size, open files, processes,
   no core files).
3. ``no_new_privs`` (no set-uid binary can give privileges back) and a
   parent-death signal (the worker dies with the process that started it).
4. a seccomp filter (Linux x86-64 and arm64): the worker may compute, read
   and write its files, and start threads, but it cannot start a process,
   exec a program, open a socket, trace or signal another process, make a
   new namespace or mount, or create IPC objects that would outlive it. A denied call fails with ``EPERM``, so student
   code gets a plain ``PermissionError`` that the grader can explain.

Everything here is by construction: nothing scans for what escaped.
"""

from __future__ import annotations

import ctypes
import functools
import errno
import os
import platform
import struct
import sys

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_MODE_FILTER = 2
CLONE_THREAD = 0x00010000
TIOCSTI = 0x5412
FIOSETOWN, SIOCSPGRP, FIOASYNC = 0x8901, 0x8902, 0x5452
F_SETOWN, F_SETSIG, F_SETOWN_EX = 8, 10, 15

# BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h).
LD_ABS_W = 0x20  # BPF_LD | BPF_W | BPF_ABS
JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
JSET = 0x45  # BPF_JMP | BPF_JSET | BPF_K
RET = 0x06  # BPF_RET | BPF_K
RET_ALLOW = 0x7FFF0000
RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000

# seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]
OFF_NR, OFF_ARCH = 0, 4


def _arg_low(i: int) -> int:
    return 16 + 8 * i


def _arg_high(i: int) -> int:
    return 20 + 8 * i


# System call numbers, per architecture: what the filter denies outright, and
# the few it looks into. fork and vfork do not exist on arm64 (clone does it).
ARCHES = {
    "x86_64": {
        "audit": 0xC000003E,
        "x32_bit": 0x40000000,
        "deny": {
            "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "ptrace": 101,
            "process_vm_readv": 310, "process_vm_writev": 311, "socket": 41, "socketpair": 53,
            "tkill": 200, "unshare": 272, "setns": 308, "mount": 165, "umount2": 166,
            "pivot_root": 155, "chroot": 161, "bpf": 321, "perf_event_open": 298,
            "userfaultfd": 323, "keyctl": 250, "add_key": 248, "request_key": 249,
            "pidfd_open": 434, "pidfd_send_signal": 424, "pidfd_getfd": 438,
            "io_uring_setup": 425, "kexec_load": 246, "init_module": 175,
            "finit_module": 313, "personality": 135, "setpriority": 141,
            "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297, "open_tree": 428,
            "move_mount": 429, "fsopen": 430, "name_to_handle_at": 303, "open_by_handle_at": 304,
            "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "process_madvise": 440,
            "kcmp": 312, "quotactl": 179, "acct": 163, "swapon": 167, "reboot": 169, "memfd_secret": 447,
            # System V and POSIX IPC objects outlive the process that made them.
            "shmget": 29, "shmat": 30, "shmctl": 31, "shmdt": 67, "semget": 64, "semop": 65, "semctl": 66,
            "semtimedop": 220, "msgget": 68, "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "mq_open": 240,
            "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243, "mq_notify": 244, "mq_getsetattr": 245,
            "ioprio_set": 251, "migrate_pages": 256, "move_pages": 279,
        },
        "clone": 56, "clone3": 435, "ioctl": 16, "fcntl": 72,
        # Calls that name a process in their first argument: allowed on itself only.
        "self_only": {"kill": 62, "tgkill": 234, "prlimit64": 302, "sched_setaffinity": 203,
                      "sched_setscheduler": 144, "sched_setparam": 142, "sched_setattr": 314},
    },
    "aarch64": {
        "audit": 0xC00000B7,
        "x32_bit": None,
        "deny": {
            "execve": 221, "execveat": 281, "ptrace": 117, "process_vm_readv": 270,
            "process_vm_writev": 271, "socket": 198, "socketpair": 199, "tkill": 130,
            "unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41,
            "chroot": 51, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
            "keyctl": 219, "add_key": 217, "request_key": 218, "pidfd_open": 434,
            "pidfd_send_signal": 424, "pidfd_getfd": 438, "io_uring_setup": 425,
            "kexec_load": 104, "init_module": 105, "finit_module": 273, "personality": 92,
            "setpriority": 140, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
            "open_tree": 428, "move_mount": 429, "fsopen": 430, "name_to_handle_at": 264,
            "open_by_handle_at": 265, "fsconfig": 431, "fsmount": 432, "fspick": 433,
            "mount_setattr": 442, "process_madvise": 440, "kcmp": 272, "quotactl": 60, "acct": 89,
            "swapon": 224, "reboot": 142, "memfd_secret": 447,
            "msgget": 186, "msgctl": 187, "msgrcv": 188, "msgsnd": 189, "semget": 190, "semctl": 191,
            "semtimedop": 192, "semop": 193, "shmget": 194, "shmctl": 195, "shmat": 196, "shmdt": 197,
            "mq_open": 180, "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183, "mq_notify": 184,
            "mq_getsetattr": 185, "ioprio_set": 30, "migrate_pages": 238, "move_pages": 239,
        },
        "clone": 220, "clone3": 435, "ioctl": 29, "fcntl": 25,
        "self_only": {"kill": 129, "tgkill": 131, "prlimit64": 261, "sched_setaffinity": 122,
                      "sched_setscheduler": 119, "sched_setparam": 118, "sched_setattr": 274},
    },
}


class _Program:
    """A tiny BPF assembler: instructions with symbolic jump targets."""

    def __init__(self):
        self.code: list[tuple] = []  # (op, jt, jf, k), where jt/jf may be labels
        self.labels: dict[str, int] = {}

    def label(self, name: str) -> None:
        self.labels[name] = len(self.code)

    def emit(self, op: int, k: int = 0, jt=0, jf=0) -> None:
        self.code.append((op, jt, jf, k))

    def assemble(self) -> bytes:
        out = []
        for index, (op, jt, jf, k) in enumerate(self.code):
            def offset(target):
                if isinstance(target, str):
                    distance = self.labels[target] - index - 1
                    assert 0 <= distance < 256, (target, distance)
                    return distance
                return target

            out.append(struct.pack("<HBBI", op, offset(jt), offset(jf), k & 0xFFFFFFFF))
        return b"".join(out)


def seccomp_program(arch: str, pid: int) -> bytes:
    """The filter for ``arch``; ``pid`` is the worker's own pid (it may signal itself)."""
    table = ARCHES[arch]
    p = _Program()
    deny = RET_ERRNO | errno.EPERM
    p.emit(LD_ABS_W, OFF_ARCH)
    p.emit(JEQ, table["audit"], jt=0, jf="kill")  # another ABI (i386 int 0x80): kill
    p.emit(LD_ABS_W, OFF_NR)
    if table["x32_bit"]:
        p.emit(JGE, table["x32_bit"], jt="kill", jf=0)  # the x32 ABI: kill
    for number in sorted(set(table["deny"].values())):
        p.emit(JEQ, number, jt="deny", jf=0)
    p.emit(JEQ, table["clone"], jt="clone", jf=0)
    p.emit(JEQ, table["clone3"], jt="nosys", jf=0)  # glibc then falls back to clone
    for number in sorted(table["self_only"].values()):
        p.emit(JEQ, number, jt="self", jf=0)
    p.emit(JEQ, table["ioctl"], jt="ioctl", jf=0)
    p.emit(JEQ, table["fcntl"], jt="fcntl", jf=0)
    p.emit(RET, RET_ALLOW)
    # clone: threads (CLONE_THREAD) only, never a new process.
    p.label("clone")
    p.emit(LD_ABS_W, _arg_low(0))
    p.emit(JSET, CLONE_THREAD, jt="allow", jf="deny")
    # kill, tgkill, prlimit64, sched_set*: only on the worker itself (pid 0 means
    # itself, or for kill its own process group: its own session, started anew).
    p.label("self")
    p.emit(LD_ABS_W, _arg_high(0))
    p.emit(JEQ, 0, jt=0, jf="deny")
    p.emit(LD_ABS_W, _arg_low(0))
    p.emit(JEQ, pid, jt="allow", jf=0)
    p.emit(JEQ, 0, jt="allow", jf="deny")
    # ioctl: no TIOCSTI (typing into a terminal), no asking for SIGIO to be sent elsewhere.
    p.label("ioctl")
    p.emit(LD_ABS_W, _arg_low(1))
    for command in (TIOCSTI, FIOSETOWN, SIOCSPGRP, FIOASYNC):
        p.emit(JEQ, command, jt="deny", jf=0)
    p.emit(RET, RET_ALLOW)
    # fcntl: no F_SETOWN / F_SETOWN_EX / F_SETSIG (signals sent to another process).
    p.label("fcntl")
    p.emit(LD_ABS_W, _arg_low(1))
    for command in (F_SETOWN, F_SETSIG, F_SETOWN_EX):
        p.emit(JEQ, command, jt="deny", jf=0)
    p.emit(RET, RET_ALLOW)
    p.label("allow")
    p.emit(RET, RET_ALLOW)
    p.label("deny")
    p.emit(RET, deny)
    p.label("nosys")
    p.emit(RET, RET_ERRNO | errno.ENOSYS)
    p.label("kill")
    p.emit(RET, RET_KILL_PROCESS)
    return p.assemble()


@functools.lru_cache(maxsize=None)
def _libc():
    """The C library, loaded once per process: find_library runs a whole program
    (`ldconfig -p`), which cost every worker forked by the zygote ~30 ms until the
    zygote's loaded handle was inherited instead."""
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True)  # glibc's name: no program to run
    except OSError:
        # Imported only here: ctypes.util brings shutil, subprocess, tempfile, bz2 and
        # lzma, ~15 ms of every zygote's start (one per student of a class) for a
        # fallback glibc never needs.
        from ctypes.util import find_library

        return ctypes.CDLL(find_library("c"), use_errno=True)


def _prctl(libc, option: int, arg: int = 0) -> None:
    if libc.prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"prctl({option}) failed: {os.strerror(code)}")


def install_seccomp(libc) -> bool:
    """Install the filter; False where this architecture has none."""
    arch = platform.machine()
    if arch not in ARCHES:
        return False
    program = seccomp_program(arch, os.getpid())
    count = len(program) // 8
    buffer = ctypes.create_string_buffer(program, len(program))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(count, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(prog), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"installing the seccomp filter failed: {os.strerror(code)}")
    return True


def drop_privileges(drop: dict) -> None:
    """Enter the jail and become the worker's own uid (the ``uid`` level)."""
    os.chroot(drop["chroot"])
    os.chdir(drop["cwd"])
    os.setgroups([])
    os.setresgid(drop["gid"], drop["gid"], drop["gid"])
    os.setresuid(drop["uid"], drop["uid"], drop["uid"])
    if os.getuid() == 0 or os.geteuid() == 0:  # pragma: no cover - belt and braces
        raise OSError("could not drop root")


def apply_limits(limits: dict) -> None:
    import resource

    for name, value in limits.items():
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def confine(config: dict) -> list[str]:
    """Do everything above; returns what could not be done (for the report)."""
    missing = []
    if config.get("drop"):
        drop_privileges(config["drop"])  # failing here must stop the worker: no fallback
    apply_limits(config.get("limits", {}))
    if not sys.platform.startswith("linux"):
        return ["seccomp (Linux only)"]
    libc = _libc()
    _prctl(libc, PR_SET_NO_NEW_PRIVS, 1)
    _prctl(libc, PR_SET_PDEATHSIG, 9)
    if os.getppid() != config.get("parent_pid", os.getppid()) and not config.get("namespaced"):
        os._exit(1)  # the parent died before the death signal was armed
    if config.get("seccomp", True):
        if not install_seccomp(libc):
            missing.append(f"seccomp (no filter for {platform.machine()})")
    return missing
