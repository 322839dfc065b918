"""The workers' zygote: Python and numpy started once per run, a worker forked per exercise.

Starting a worker costs about 0.2 s of CPU, nearly all of it importing numpy;
a run of ten exercises would pay it ten times. So when a run grades several
exercises, :class:`graders.sandbox.client.Zygote` starts this program once, in
the run's sandbox (the same bubblewrap view, environment and limits a worker
gets at the ``strong`` level; a plain process at ``basic``), and each worker is
a fork of it, made before any student code exists in it. The child then does
exactly what a worker started on its own does (``worker.serve``): confines
itself — resource limits, no_new_privs, the seccomp filter that forbids
processes, sockets, tracing and signalling others — and only then imports the
student's module. The zygote itself never runs student code, and the workers'
filter keeps them from reaching it (no ptrace, no signals but to themselves,
no /proc in the view).

Requests arrive on a socket as one message each (those sent while numpy was
still being imported wait there): the worker's configuration
(JSON) and five descriptors — its request and reply pipes, its output file, a
*kill* pipe (a byte, or the requester closing it, means kill the worker now: a
trusted child that dies takes its worker with it) and a *status* pipe (the
worker's wait status is written there when it is reaped). The socket closing
means the run is over: the zygote exits, and its workers die with it (their
parent-death signal).

Standard library and numpy only, like the worker.
"""

import gc
import json
import os
import select
import signal
import socket
import struct
import sys


def main(config_path):
    with open(config_path) as handle:
        config = json.load(handle)
    sys.path[:0] = [config["runtime"], config["site"], config["root"]]
    if sys.platform.startswith("linux"):  # dies with gradwork (bubblewrap's own --die-with-parent aside)
        import confine

        confine._prctl(confine._libc(), confine.PR_SET_PDEATHSIG, 9)
    import numpy  # the expensive part, done once for every worker of the run
    import numpy.random  # numpy loads it lazily: on a worker's first np.random.seed, with hashlib and libcrypto

    import protocol  # what serve() imports before its "ready", imported once here
    import random
    import resource
    import warnings

    import worker

    del numpy, protocol, random, resource, warnings  # imported for the workers; the zygote never uses them
    gc.freeze()  # numpy's objects: never walked by a worker's collector (nor copied for it)
    control = socket.socket(fileno=config["control_fd"])
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_args: None)
    children = {}  # pid -> [kill_r (None once killed), status_w]

    def reap():
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            kill_r, status_w = children.pop(pid, (None, None))
            if status_w is not None:
                try:
                    os.write(status_w, struct.pack(">i", status))
                except OSError:
                    pass
                os.close(status_w)
            if kill_r is not None:
                os.close(kill_r)

    while True:
        watched = [control.fileno(), wake_r] + [entry[0] for entry in children.values() if entry[0] is not None]
        try:
            ready, _writable, _errors = select.select(watched, [], [])
        except InterruptedError:
            continue
        if wake_r in ready:
            try:
                os.read(wake_r, 4096)
            except BlockingIOError:
                pass
            reap()
        for pid, entry in list(children.items()):
            if entry[0] is not None and entry[0] in ready:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
                os.close(entry[0])
                entry[0] = None  # reaped (and its status written) when SIGCHLD arrives
        if control.fileno() in ready:
            try:
                message, fds, _flags, _address = socket.recv_fds(control, 1 << 16, 5)
            except OSError:
                return
            if not message:
                return  # the run is over
            if len(fds) != 5:
                for fd in fds:
                    os.close(fd)
                continue
            spawn(json.loads(message), fds, children, worker, control, wake_r, wake_w)


def spawn(config, fds, children, worker, control, wake_r, wake_w):
    request_r, reply_w, output, kill_r, status_w = fds
    zygote = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.dup2(output, 1)
            os.dup2(output, 2)
            keep = sorted({0, 1, 2, request_r, reply_w})
            # Nothing of the zygote's or of the other workers' is left open here.
            for low, high in zip(keep, keep[1:] + [65536]):
                os.closerange(low + 1, high)
            os.setsid()
            config.update(request_fd=request_r, reply_fd=reply_w, parent_pid=zygote)
            worker.serve(config)
            sys.stdout.flush()
            code = 0
        finally:
            os._exit(code)
    for fd in (request_r, reply_w, output):
        os.close(fd)
    children[pid] = [kill_r, status_w]


if __name__ == "__main__":
    main(sys.argv[1])
    os._exit(0)
