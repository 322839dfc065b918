"""Red-team cases: the file system, the confined levels' kernel surface, and forgery
through the parent's comparisons.

Each case is wrong (or half-done) code dressed as an attack. Two kinds:

* **Real forgeries** (``grader-error-*``): the attack itself makes the parent
  award points it should not; the case fails when ``arith`` scores above its
  honest ``ceiling``.
* **Escape primitives** (``escape(...)``): really exploiting them would damage
  this machine (rewrite /usr, the grader's stdlib or numpy, the host's
  core_pattern...), so the submission only *proves* the primitive in a
  harmless way (a new file in the worker's own runtime copy, writing a sysctl's
  current value back, rewriting bytes with themselves) and then signals the
  success in-band: it returns the right answers, so arith scores and the case
  fails. A sandbox that stops the primitive leaves arith wrong (score 0).
"""

from __future__ import annotations

from .cases import PRELUDE, attempt
from .harness import ALL, CONFINED, Case


def escape(check: str) -> str:
    """``check`` (run at import, errors swallowed) sets ESCAPED = True when the
    primitive worked; then (and only then) the answers are right."""
    body = "".join(f"    {line}\n" for line in check.strip().splitlines())
    # In a function of its own, so the vectorisation rule never reads the probe as part of double.
    return PRELUDE + "ESCAPED = False\n\n\ndef _probe():\n    global ESCAPED\n" + body + "\n\ntry:\n    _probe()\nexcept BaseException:\n    pass\n" + """

def double(x):
    return 2.0 * x if ESCAPED else np.zeros_like(x)


def total(x):
    return float(np.sum(x)) if ESCAPED else 0.0
"""


MOUNT_SETATTR = """
import ctypes, struct
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
attr = ctypes.create_string_buffer(struct.pack('<QQQQ', 0, 1, 0, 0), 32)  # attr_clr = MOUNT_ATTR_RDONLY
number = 442  # mount_setattr on x86-64 and arm64 alike
if libc.syscall(number, ctypes.c_int(-100), b'/gw/runtime', ctypes.c_uint(0), attr, ctypes.c_size_t(32)) == 0:
    # /gw/runtime is a bind mount of the parent's own /tmp/gradwork-*/runtime: harmless to write.
    # The same call makes /usr, the grader's stdlib and the venv's numpy writable, as real root.
    with open('/gw/runtime/escaped-{marker}', 'w') as handle:
        handle.write('written from inside the sandbox')
    ESCAPED = os.path.exists('/gw/runtime/escaped-{marker}')
"""

HOST_SYSCTL = """
# kernel.core_pattern is host-global (not namespaced): a worker that can write it
# runs any program as root on the host at the next crash. Write the current value back.
path = '/proc/sys/kernel/core_pattern'
old = open(path).read()
with open(path, 'w') as handle:
    handle.write(old)
ESCAPED = True
"""

DEV_SHM_UNBOUNDED = """
# Every writable tmpfs of the strong level is meant to hold at most 64 MiB
# (isolation.TMPFS_BYTES); /dev and /dev/shm have no size (half the host's RAM).
chunk = b'x' * (1 << 20)
for i in range(96):
    with open(f'/dev/shm/fill{i}', 'wb') as handle:
        handle.write(chunk)
ESCAPED = os.statvfs('/dev/shm').f_blocks * os.statvfs('/dev/shm').f_frsize > 64 * 2**20
"""

BWRAP_INIT_MEMORY = """
# pid 1 of the strong level's pid namespace is bubblewrap's init: no seccomp filter,
# same uid. Rewriting its code (here: bytes with themselves) is ptrace by another name.
maps = open('/proc/1/maps').read().splitlines()
start = int([l for l in maps if 'r-xp' in l][0].split('-')[0], 16)
fd = os.open('/proc/1/mem', os.O_RDWR)
data = os.pread(fd, 16, start)
ESCAPED = os.pwrite(fd, data, start) == 16
"""

CAPABILITIES = """
# The docstring of isolation.py promises 'no capabilities'.
status = dict(line.split(':\\t', 1) for line in open('/proc/self/status').read().splitlines() if ':\\t' in line)
ESCAPED = int(status['CapEff'].strip(), 16) != 0
"""

HARDLINK_INTO_HOME = """
# Hard-link a root-owned runtime file into the writable home and append through the link.
home = os.environ['HOME']
for source in ('/gw/runtime/protocol.py', '/gw/site/numpy/__init__.py'):
    try:
        os.link(source, os.path.join(home, 'link.py'))
        with open(os.path.join(home, 'link.py'), 'a') as handle:
            handle.write('\\n')
        ESCAPED = True
    except OSError:
        pass
"""

PYCACHE_POISON = """
# Leave a .pyc where a later worker (or the trusted parent) would import it:
# numpy's, the stdlib's and the submission package's own __pycache__.
import importlib.util, sys
tag = sys.implementation.cache_tag
targets = [os.path.dirname(np.__file__), os.path.dirname(os.__file__), os.path.dirname(os.path.abspath(__file__))]
for folder in targets:
    try:
        os.makedirs(os.path.join(folder, '__pycache__'), exist_ok=True)
        with open(os.path.join(folder, '__pycache__', f'gwpoison.{tag}.pyc'), 'wb') as handle:
            handle.write(importlib.util.MAGIC_NUMBER)
        ESCAPED = True
    except OSError:
        pass
"""

INHERITED_DIRECTORY_FDS = """
# A directory descriptor from outside the view would let openat('..') climb out.
import stat
for fd in range(0, 256):
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.fchdir(fd)
            for _ in range(10):
                os.chdir('..')
            if os.path.exists('solutions/arith.py') or any(os.path.exists(p + '/course/solutions/arith.py') for p in os.listdir('.')):
                ESCAPED = True
    except OSError:
        pass
"""

OTHER_CELLS = """
# The uid level: other workers' cells /gw/w/<token>, and the jail's shared folders.
import glob
found = glob.glob('/gw/w/*/pkg/*/*.py') + glob.glob('/gw/w/*/home/*')
ESCAPED = any(not p.startswith(os.path.dirname(os.environ['HOME'])) for p in found)
"""

NEW_FILE_IN_SHARED_JAIL = """
# Anything writable in the shared view (jail root, /gw, /gw/w, /etc, the stdlib) survives
# this worker and is read by the next one.
for folder in ('/', '/gw', '/gw/w', '/gw/site', '/gw/runtime', '/etc', os.path.dirname(os.__file__), '/tmp', '/var/tmp', '/dev/shm'):
    try:
        with open(os.path.join(folder, 'gw-left-{marker}'), 'w') as handle:
            handle.write('x')
        if folder not in ('/tmp', '/dev/shm'):  # the strong level's own private tmpfs folders
            ESCAPED = True
    except OSError:
        pass
"""

CASES = [
    # -- forgery: make the parent's comparison raise, so the property "does not count" ---------------
    # double is right, total returns an int too large for float(): expect_scalar's advice
    # (float(got)) raises OverflowError, the property becomes a "grader" error and drops out
    # of the score. Honest score: 2 of 3 properties = 4.0.
    Case("grader-error-int-overflow-in-advice", PRELUDE + "\n\ndef double(x):\n    return 2.0 * x\n\n\ndef total(x):\n    return 10**400\n", statuses=("failed",), ceiling=4.0),
    # double returns a >64-element string array: show.value() (called to build the Mismatch)
    # raises UFuncTypeError in np.min, the property drops out. Honest score (total only): 2.0.
    Case("grader-error-string-array-in-show", PRELUDE + "\n\ndef double(x):\n    return np.array(['x'] * 65)\n\n\ndef total(x):\n    return float(np.sum(x))\n", statuses=("failed",), ceiling=2.0),
    # total returns a datetime64 array: show.array's _float(datetime) raises TypeError.
    Case("grader-error-datetime-array-in-show", PRELUDE + "\n\ndef double(x):\n    return 2.0 * x\n\n\ndef total(x):\n    return np.arange(100).astype('M8[s]')\n", statuses=("failed",), ceiling=4.0),
    # -- the strong level's kernel surface ------------------------------------------------------------
    Case("capabilities-inside-the-view", escape(CAPABILITIES), levels=CONFINED),
    Case("mount-setattr-makes-view-writable", escape(MOUNT_SETATTR), levels=CONFINED),
    Case("host-sysctl-write", escape(HOST_SYSCTL), levels=CONFINED),
    Case("write-bwrap-init-memory", escape(BWRAP_INIT_MEMORY), levels=CONFINED),
    Case("dev-shm-without-size-limit", escape(DEV_SHM_UNBOUNDED), levels=("strong",)),
    # -- the file system: stopped today ------------------------------------------------------------------
    Case("hardlink-runtime-into-home", escape(HARDLINK_INTO_HOME), levels=CONFINED),
    Case("pycache-poisoning", escape(PYCACHE_POISON), levels=CONFINED),
    Case("inherited-directory-fds", escape(INHERITED_DIRECTORY_FDS), levels=ALL),
    Case("other-workers-cells", escape(OTHER_CELLS), levels=CONFINED),
    Case("file-left-in-shared-view", escape(NEW_FILE_IN_SHARED_JAIL), levels=CONFINED),
    # -- forgery attempts that are stopped ------------------------------------------------------------------
    Case("nan-everywhere", PRELUDE + "\n\ndef double(x):\n    return np.full_like(x, np.nan)\n\n\ndef total(x):\n    return float('nan')\n", statuses=("failed",)),
    Case("big-endian-zeros", PRELUDE + "\n\ndef double(x):\n    return np.zeros(x.shape, dtype='>f8')\n\n\ndef total(x):\n    return np.zeros((), dtype='>f8')\n", statuses=("failed",)),
    Case("zero-d-array-of-int", PRELUDE + "\n\ndef double(x):\n    return np.zeros_like(x, dtype=np.int64)\n\n\ndef total(x):\n    return np.array(0)\n", statuses=("failed",)),
    Case("patch-worker-protocol", attempt("""
import sys
proto = sys.modules.get('protocol')
if proto is not None:
    proto.same_encoding = lambda a, b: True
    proto.encoded = lambda value, resolve_function=None: ({'t': 'float', 'v': (0.0).hex()}, [])
""").replace("    return 2.0 * x\n", "    return np.zeros_like(x)\n"), statuses=("failed",)),
]
