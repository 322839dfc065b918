"""Red-team cases (second round): replies that pass the protocol's validation but
break the trusted parent later, state that survives a worker restart, odd source
encodings. Same shape as cases.py; each case is one module graded beside the sibling.

Most of these aim at score integrity through *grader blame*: a property whose
check raises anything but a Mismatch is reported as "the grader could not check
this property" and is dropped from the score (runner.py ``_result``), so a
student who can make the parent's comparison or formatting code raise turns a
failing property into one that does not count. ``ceiling`` is what the honest
verdict allows; ``check_case`` also refuses ``problem == "grader"``.
"""

from __future__ import annotations

from .harness import Case

PRELUDE = "import os, sys, time\nimport numpy as np\n"
RIGHT_DOUBLE = "\n\ndef double(x):\n    return 2.0 * x\n"
RIGHT_TOTAL = "\n\ndef total(x):\n    return float(np.sum(x))\n"
WRONG_TOTAL = "\n\ndef total(x):\n    return 0.0\n"

# With double right and total wrong, an honest verdict is 2 of 3 counted properties: 4.0 of 6.
# With double wrong (values or nondeterministic) and total right: 1 of 3: 2.0 of 6.
CASES = [
    # -- a decoded result the parent cannot format or convert: the property is dropped --
    Case(
        "huge-int-for-a-float",  # compare.expect_scalar: float(10**400) -> OverflowError
        PRELUDE + RIGHT_DOUBLE + "\n\ndef total(x):\n    return 10 ** 400\n",
        statuses=("failed",), ceiling=4.0, words=("total(",),
    ),
    Case(
        "string-array-for-a-float",  # show.array: min() of a '<U4' array -> UFuncTypeError
        PRELUDE + RIGHT_DOUBLE + "\n\ndef total(x):\n    return np.array(['nope'] * 100)\n",
        statuses=("failed",), ceiling=4.0, words=("total(",),
    ),
    Case(
        "datetime-array-for-an-array",  # show.array: float(datetime) -> TypeError
        PRELUDE + "\n\ndef double(x):\n    return np.zeros(100, 'M8[s]')\n" + RIGHT_TOTAL,
        statuses=("failed",), ceiling=2.0, words=("double(",),
    ),
    Case(
        "void-array-only-where-wrong",  # right on easy inputs, an unformattable array where it would be wrong
        PRELUDE + "\n\ndef double(x):\n    if np.size(x) and np.abs(x).max() > 50:\n        return np.zeros(80, 'V8')\n    return 2.0 * x\n" + RIGHT_TOTAL,
        statuses=("failed",), ceiling=2.0, words=("double(",),
    ),
    Case(
        "unformattable-repeat",  # calls.py _check_record: show.value(repeat.result) raises
        PRELUDE + "\n_n = [0]\n\n\ndef double(x):\n    _n[0] += 1\n    if _n[0] % 2:\n        return 2.0 * x\n    return np.array(['x'] * 65)\n" + RIGHT_TOTAL,
        statuses=("failed",), ceiling=2.0, words=("double(",),
    ),
    # -- the mistakes bank replay (diagnosis.py) meets a value close() does not expect ------
    Case(
        "diagnosis-replay-overflow",  # history holds a 10**400 result; close() lets OverflowError out of _fill_mismatch
        PRELUDE + RIGHT_DOUBLE + """
_calls = [0]


def total(x):
    _calls[0] += 1
    n = (_calls[0] + 1) // 2  # the worker calls twice (the same-answer check)
    if n <= 2:
        return float(np.sum(x))
    if n == 3:
        return 10 ** 400
    return float(np.sum(x)) + 1.0
""",
        statuses=("failed",), ceiling=4.0, words=("total(",),
    ),
    # -- state that survives a worker restart --------------------------------------------
    Case(
        "reimport-dies-via-sysv-ipc",  # SysV shm is shared by every worker at uid/basic (not strong: own ipc ns)
        PRELUDE + """import ctypes, zlib
_libc = ctypes.CDLL(None, use_errno=True)
_KEY = zlib.crc32(b"{marker}{id}") & 0x3FFFFFFF
_shm = _libc.shmget(_KEY, 4096, 0)
if _shm >= 0:
    _libc.shmctl(_shm, 0, None)  # IPC_RMID: leave nothing behind
    os._exit(1)  # the second import (after a restart) dies


def double(x):
    _libc.shmget(_KEY, 4096, 0o1000 | 0o666)  # IPC_CREAT
    os.abort()


def total(x):
    _shm = _libc.shmget(_KEY, 4096, 0)
    if _shm >= 0:
        _libc.shmctl(_shm, 0, None)  # tidy up; at uid/basic one 4 KiB segment may still outlive the run: gradwork removes no SysV IPC
    return 0.0
""",
        statuses=("failed",),
    ),
    Case(
        "slow-import-then-crash",  # the restart's import deadline must not include the worker's own start-up
        PRELUDE + "time.sleep(3.6)  # under the fake course's import_seconds = 4\n\n\ndef double(x):\n    os.abort()\n" + WRONG_TOTAL,
    ),
    # -- source files Python itself accepts ------------------------------------------------
    Case(
        "utf8-bom-and-crlf",  # runner.py decodes utf-8 and ast.parse()s the str: U+FEFF is a syntax error
        ("\ufeff" + PRELUDE + RIGHT_DOUBLE + WRONG_TOTAL).replace("\n", "\r\n"),
        statuses=("failed",), ceiling=4.0, words=("total(",),
    ),
]
