"""Red-team cases, third round: what the trusted side took on the worker's word,
and kernel primitives the seccomp filter left open at the ``basic`` level.

Same shape as cases.py; each case is one module graded beside the sibling.
``levels`` names the levels whose defences (docs/instructors.md, the threat
model table) claim to stop the attack. Every case here succeeded once and is
stopped now; each comment says how it worked and what closed it.
"""

from __future__ import annotations

from .harness import ALL, Case

PRELUDE = "import os, sys, time\nimport numpy as np\n"
RIGHT_TOTAL = "\n\ndef total(x):\n    return float(np.sum(x))\n"
WRONG_TOTAL = "\n\ndef total(x):\n    return 0.0\n"

# The worker times the student's calls with time.perf_counter, the same module
# object the student's code imports; calls.py adds that number to the
# property's budget (property_seconds = 4 in the fake course) and trusts it.
LIE_ABOUT_TIME = "time.perf_counter = lambda: 0.0  # every call now takes 0 s, as the worker measures it\n"

# Walk up from the worker: its parent is the exercise's trusted child, the
# grandparent is gradwork itself (only /proc at basic shows them; at the
# confined levels the open fails, and they are another uid anyway).
ANCESTORS = """
def _ancestors(count=2):
    found, pid = [], os.getpid()
    for _ in range(count):
        with open(f"/proc/{pid}/stat") as handle:
            pid = int(handle.read().rsplit(")", 1)[1].split()[1])
        found.append(pid)
    return found
"""

CASES = [
    # -- limits the parent enforces with numbers the worker reports ----------------------------------
    # Slow but right: 2 calls x 0.05 s x ~100 examples is ~10 s of the student's time in a property
    # whose budget is 4 s, so the honest verdict is "too slow" for double (score 2.0 of 6). Lying
    # about the time (calls.py: student._spent += outcome.seconds, worker.py: time.perf_counter)
    # lets the property run to the end and pass: 6.0.
    Case(
        "slow-calls-lying-about-their-time",
        PRELUDE + LIE_ABOUT_TIME + "\n\ndef double(x):\n    time.sleep(0.05)\n    return 2.0 * x\n" + RIGHT_TOTAL,
        levels=ALL, statuses=("failed",), ceiling=2.0, words=("too slow",),
    ),
    # -- the kernel signals / limits the trusted processes on the worker's behalf (basic level) ------
    # prlimit64 is not in the seccomp filter: as the same uid (or root) the worker sets
    # RLIMIT_NOFILE and RLIMIT_FSIZE of the trusted child and of gradwork to 0. gradwork then
    # cannot open a pipe for the next exercise, list /proc to reap, or write --output:
    # the run ends with no report at all.
    Case(
        "prlimit-the-trusted-processes",
        PRELUDE + "import ctypes\n" + ANCESTORS + """

class _Rlimit(ctypes.Structure):
    _fields_ = [("cur", ctypes.c_ulong), ("max", ctypes.c_ulong)]


def double(x):
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        for pid in _ancestors():
            for resource in (7, 1):  # RLIMIT_NOFILE, RLIMIT_FSIZE
                libc.prlimit(pid, resource, ctypes.byref(_Rlimit(0, 0)), None)
    except Exception:
        pass
    return np.zeros_like(x)
""" + WRONG_TOTAL,
        levels=ALL,
    ),
    # fcntl(F_SETOWN) on a protocol pipe names a trusted process as the owner; with O_ASYNC the
    # kernel sends it SIGIO (default action: terminate) each time the parent reads or writes
    # that pipe. The filter only looks at kill/tgkill, so "signal only itself" does not hold.
    Case(
        "sigio-to-the-trusted-processes",
        PRELUDE + "import fcntl\n" + ANCESTORS + """

def double(x):
    try:
        targets = _ancestors()
        for fd in range(3, 32):
            try:
                fcntl.fcntl(fd, fcntl.F_SETOWN, targets[fd % 2])
                fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
            except OSError:
                pass
    except Exception:
        pass
    return np.zeros_like(x)
""" + WRONG_TOTAL,
        levels=ALL,
    ),
    # -- checks measured inside the worker ------------------------------------------------------------
    # double modifies its input in place (x *= 2). Honest verdict: "mutated" (score 2.0).
    # The worker decided "the arguments changed" with protocol.same_encoding, which the
    # student's code could import and patch. The runtime is now out of reach by name (the
    # import fails); reaching it through gc or frames stays possible and is documented as
    # forgeable in the threat model.
    Case(
        "hide-mutation-by-patching-protocol",
        PRELUDE + "import protocol\nprotocol.same_encoding = lambda a, b: True\n\n\ndef double(x):\n    x *= 2\n    return x\n" + RIGHT_TOTAL,
        levels=ALL, statuses=("failed", "error"), ceiling=2.0,
    ),
    # double keeps state between calls (right on the first call with an input, wrong on the
    # repeat). Honest verdict: "nondeterministic". The same patch drops the second reply.
    Case(
        "hide-nondeterminism-by-patching-protocol",
        PRELUDE + "import protocol\nprotocol.same_encoding = lambda a, b: True\n_calls = [0]\n\n\ndef double(x):\n    _calls[0] += 1\n    return 2.0 * x if _calls[0] % 2 else 2.0 * x + 1.0\n" + RIGHT_TOTAL,
        levels=ALL, statuses=("failed", "error"), ceiling=2.0,
    ),
    # The same lie, with calls just under the per-call limit (1.5 s; 3 s with the repeat): the
    # property budget never fired, the runner's own time check only ran between properties, and
    # the supervisor's 60 s cap ended the exercise as "not your fault" (exit 3). Now the budget
    # is the parent's clock and each call checks the exercise's deadline.
    Case(
        "lying-time-runs-into-the-exercise-cap",
        PRELUDE + LIE_ABOUT_TIME + "\n\ndef double(x):\n    time.sleep(0.7)\n    return 2.0 * x\n" + RIGHT_TOTAL,
        levels=ALL, statuses=("failed",), ceiling=2.0, any_words=("too slow", "time"),
    ),
]
