"""The hostile submissions: each tries one way to forge, crash, hang, leak or tamper.

Every case is wrong or empty code dressed as an attack: if the attack works it
scores, or leaves something behind, or changes a file, or leaks the canary;
:func:`~tests.hostile.harness.check_promises` says none of that happens.
``levels`` names the isolation levels whose defences claim to stop it (the
threat model on the instructors' page says the same).
"""

from __future__ import annotations

from .harness import CONFINED, Case

PRELUDE = "import os, sys, signal, time\nimport numpy as np\n"
WRONG_TOTAL = "\n\ndef total(x):\n    return 0.0\n"
WRONG_DOUBLE = "\n\ndef double(x):\n    return np.zeros_like(x)\n"


def both(body: str) -> str:
    """``body`` defines ``steal()``, which returns a module with the reference's
    double/total or None; both functions use it, and return wrong values otherwise."""
    return PRELUDE + body + """

def double(x):
    ref = steal()
    return ref.double(x) if ref is not None else np.zeros_like(x)


def total(x):
    ref = steal()
    return ref.total(x) if ref is not None else 0.0
"""


def load_from(paths_expr: str, *, once: bool = False) -> str:
    """``once``: search the paths on the first call only and keep what was found (a
    search of the whole file system, which at the uid level sees the machine's,
    would otherwise take seconds on every call and fill the exercise's time cap)."""
    found_once = "\n_FOUND = []\n\ndef steal():\n    if not _FOUND:\n        _FOUND.append(_steal())\n    return _FOUND[0]\n" if once else ""
    return both(f"""
import importlib.util, glob
{found_once}
def {'_steal' if once else 'steal'}():
    for path in {paths_expr}:
        try:
            spec = importlib.util.spec_from_file_location("stolen", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            if hasattr(module, "double"):
                return module
        except Exception:
            continue
    return None
""")


def at_import(code: str) -> str:
    """Run ``code`` at import (swallowing errors), with wrong functions."""
    return PRELUDE + "try:\n" + "".join(f"    {line}\n" for line in code.strip().splitlines()) + "except BaseException:\n    pass\n" + WRONG_DOUBLE + WRONG_TOTAL


def attempt(code: str) -> str:
    """Run ``code`` inside double, errors not caught, then return the right answer:
    only the attack itself can cost double its points."""
    body = "".join(f"    {line}\n" for line in code.strip().splitlines())
    return PRELUDE + f"\n\ndef double(x):\n{body}    return 2.0 * x\n" + WRONG_TOTAL


def in_call(code: str, *, then: str = "return np.zeros_like(x)") -> str:
    """Run ``code`` inside double (errors swallowed), then return ``then``."""
    body = "".join(f"        {line}\n" for line in code.strip().splitlines())
    return PRELUDE + f"\n\ndef double(x):\n    try:\n{body}    except BaseException:\n        pass\n    {then}\n" + WRONG_TOTAL


CASES = [
    # -- forgery and disclosure through the file system (confined levels) ----------
    Case("reference-by-search", load_from("glob.glob('/**/solutions/arith.py', recursive=True)[:20]", once=True), levels=CONFINED),
    Case("reference-through-proc-cwd", load_from("[f'/proc/{p}/cwd/solutions/arith.py' for p in os.listdir('/proc') if p.isdigit()] + [f'/proc/{p}/cwd/course/solutions/arith.py' for p in os.listdir('/proc') if p.isdigit()]"), levels=CONFINED),
    Case("reference-through-proc-root", load_from("[f'/proc/{p}/root' + q for p in os.listdir('/proc') if p.isdigit() for q in glob.glob('/tmp/**/course/solutions/arith.py', recursive=True)]"), levels=CONFINED),
    Case("reference-next-to-numpy", load_from("[os.path.join(os.path.dirname(np.__file__), *(['..'] * k), 'solutions', 'arith.py') for k in range(1, 8)] + glob.glob(os.path.dirname(np.__file__) + '/../../../../../**/solutions/arith.py', recursive=True)[:10]"), levels=CONFINED),
    Case("reference-by-symlinked-module", "", arith="@symlink:{course}/solutions/arith.py", statuses=("error",), words=("symbolic link",)),
    Case("reference-by-symlinked-helper", PRELUDE + "from .helper import double, total\n", files={"helper.py": "@symlink:{course}/solutions/arith.py"}, statuses=("error",)),
    Case("rewrite-the-properties", at_import("""
import glob
for path in glob.glob('/**/properties/*.py', recursive=True)[:200]:
    open(path, 'w').write('raise SystemExit')
"""), levels=CONFINED),
    Case("rewrite-the-reference", at_import("""
import glob
for path in glob.glob('/**/solutions/*.py', recursive=True)[:200]:
    open(path, 'w').write('import numpy as np\\ndef double(x):\\n    return np.zeros_like(x)\\ndef total(x):\\n    return 0.0\\n')
"""), levels=CONFINED),
    Case("backdoor-in-numpy", at_import("""
path = os.path.join(os.path.dirname(np.__file__), '__init__.py')
open(path, 'a').write('\\n# backdoor\\n')
open(os.path.join(os.path.dirname(np.__file__), 'backdoor.py'), 'w').write('x = 1\\n')
"""), levels=CONFINED),
    Case("backdoor-in-graders", at_import("""
import glob
for path in glob.glob('/**/graders/kit.py', recursive=True)[:5]:
    open(path, 'a').write('\\n# backdoor\\n')
"""), levels=CONFINED),
    Case("flip-result-in-parent-memory", at_import("""
for pid in [os.getppid()] + [int(p) for p in os.listdir('/proc') if p.isdigit()]:
    try:
        maps = open(f'/proc/{pid}/maps').read().splitlines()
        mem = open(f'/proc/{pid}/mem', 'r+b', buffering=0)
    except OSError:
        continue
    for line in maps:
        span, perms = line.split()[:2]
        if 'rw' not in perms:
            continue
        start, end = (int(v, 16) for v in span.split('-'))
        if end - start > 64 * 2**20:
            continue
        try:
            mem.seek(start)
            data = mem.read(end - start)
        except OSError:
            continue
        at = data.find(b'"failed"')
        while at != -1:
            mem.seek(start + at)
            mem.write(b'"passed"')
            at = data.find(b'"failed"', at + 1)
"""), levels=CONFINED),
    Case("forge-json-into-supervisor-pipe", at_import("""
import json
doc = json.dumps({"result": {"id": "arith", "title": "Arithmetic", "status": "passed", "score": 6.0, "max_score": 6.0, "message": "forged", "properties": []}}).encode()
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        for fd in os.listdir(f'/proc/{pid}/fd'):
            target = os.readlink(f'/proc/{pid}/fd/{fd}')
            if target.startswith('pipe:'):
                try:
                    w = os.open(f'/proc/{pid}/fd/{fd}', os.O_WRONLY | os.O_NONBLOCK)
                    os.write(w, doc)
                    os.close(w)
                except OSError:
                    pass
    except OSError:
        continue
"""), levels=CONFINED),
    Case("canary-from-parent-environ", in_call("""
for pid in [os.getppid()] + [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        data = open(f'/proc/{pid}/environ', 'rb').read()
    except OSError:
        continue
    for item in data.split(b'\\0'):
        if item.startswith(b'GRADWORK_CANARY_SECRET='):
            raise_it = item.decode()
            break
    else:
        continue
    break
else:
    raise_it = None
""", then="raise ValueError(str(locals().get('raise_it')))"), levels=CONFINED, statuses=("failed",)),
    Case("canary-from-own-environment", PRELUDE + "\n\ndef double(x):\n    raise ValueError(repr(dict(os.environ)))\n" + WRONG_TOTAL, statuses=("failed",)),
    Case("canary-through-printed-output", PRELUDE + "\n\ndef double(x):\n    for pid in os.listdir('/proc'):\n        try:\n            print(open(f'/proc/{pid}/environ', 'rb').read())\n        except Exception:\n            pass\n    os.abort()\n" + WRONG_TOTAL, levels=CONFINED, statuses=("failed",)),
    Case("read-grader-home", in_call("raise ValueError(repr(os.listdir(os.path.expanduser('~'))) + repr(os.listdir('/root')) + open('/etc/shadow').read())"), levels=CONFINED),
    # -- the network --------------------------------------------------------------------
    Case("connect-to-loopback", attempt("import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=1)\ns.sendall(b'hello')"), statuses=("failed",), words=('stopped by the sandbox',)),
    Case("connect-at-import", at_import("import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1)")),
    Case("udp-and-unix-sockets", attempt("import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', {port}))\nsocket.socket(socket.AF_UNIX).connect('/var/run/docker.sock')"), statuses=("failed",), words=('stopped by the sandbox',)),
    # -- processes that try to outlive or overpower gradwork --------------------------------
    Case("double-forked-renamed-daemon", attempt("""
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.environ.clear()
        time.sleep(600)
    os._exit(0)
"""), statuses=("failed",), words=('stopped by the sandbox',)),
    Case("subprocess-sleep", attempt("import subprocess\nsubprocess.Popen(['sleep', '600'], start_new_session=True)"), statuses=("failed",), words=('stopped by the sandbox',)),
    Case("exec-a-shell", attempt("os.execv('/bin/sh', ['sh', '-c', 'sleep 600'])"), statuses=("failed",), words=('stopped by the sandbox',)),
    Case("fork-bomb", attempt("while True:\n    os.fork()"), statuses=("failed",), words=('stopped by the sandbox',)),
    Case("kill-the-parent", in_call("os.kill(os.getppid(), signal.SIGKILL)", then="return np.zeros_like(x)")),
    Case("kill-everything", in_call("os.kill(-1, signal.SIGKILL)", then="return np.zeros_like(x)")),
    Case("stop-the-parent", in_call("os.kill(os.getppid(), signal.SIGSTOP)\nos.killpg(os.getpgid(os.getppid()), signal.SIGSTOP)", then="return np.zeros_like(x)")),
    Case("stop-itself", PRELUDE + "\n\ndef double(x):\n    os.kill(os.getpid(), signal.SIGSTOP)\n    return 2.0 * x\n" + WRONG_TOTAL, statuses=("failed",), words=("timed out",)),
    Case("ptrace-the-parent", in_call("import ctypes\nlibc = ctypes.CDLL(None)\nprint(libc.ptrace(16, os.getppid(), 0, 0))")),
    Case("thread-bomb", in_call("import threading\nfor _ in range(100000):\n    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()", then="return np.zeros_like(x)")),
    Case("ignore-signals-and-loop", PRELUDE + "\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):\n    signal.signal(s, signal.SIG_IGN)\n\n\ndef double(x):\n    while True:\n        pass\n" + WRONG_TOTAL, statuses=("failed",), words=("timed out",)),
    # -- the protocol: forged and malformed replies -------------------------------------------
    Case("forged-reply-frame", in_call("""
import json, struct, glob
config = json.load(open(glob.glob('/gw/runtime/config.json')[0] if glob.glob('/gw/runtime/config.json') else [p for p in glob.glob('/tmp/gradwork-*/runtime/config.json')][0]))
fd = config['reply_fd']
header = json.dumps({'replies': [{'seconds': 0.0, 'warnings': [], 'result': {'t': 'none'}}], 'payloads': []}).encode()
os.write(fd, struct.pack('>I', len(header)) + header)
""")),
    Case("garbage-on-the-reply-pipe", in_call("for fd in range(3, 64):\n    try:\n        os.write(fd, b'\\xff' * 64)\n    except OSError:\n        pass")),
    Case("giant-header-length", in_call("for fd in range(3, 64):\n    try:\n        os.write(fd, b'\\x7f\\xff\\xff\\xff')\n    except OSError:\n        pass")),
    Case("closes-protocol-pipes", in_call("os.closerange(3, 256)")),
    Case("deeply-nested-result", PRELUDE + "\n\ndef double(x):\n    value = []\n    for _ in range(100000):\n        value = [value]\n    return value\n" + WRONG_TOTAL, statuses=("failed",)),
    Case("huge-result", PRELUDE + "\n\ndef double(x):\n    return np.ones(10**8)\n" + WRONG_TOTAL, statuses=("failed",)),
    Case("million-keys", PRELUDE + "\n\ndef double(x):\n    return {i: i for i in range(10**6)}\n" + WRONG_TOTAL, statuses=("failed",)),
    Case("hostile-exception-text", PRELUDE + "\n\ndef double(x):\n    raise ValueError('\\x1b[2J\\x1b[H\\x1b]8;;http://evil\\x07click\\r\\x00\\x9b\\u202e\\ud800 ]]></failure><script>')\n" + WRONG_TOTAL, statuses=("failed",), words=("ValueError",)),
    Case("hostile-printed-output", PRELUDE + "\n\ndef double(x):\n    sys.stdout.write('\\x1b[2J\\x1b]0;pwned\\x07\\r\\x00' * 100)\n    sys.stdout.flush()\n    os.abort()\n" + WRONG_TOTAL, statuses=("failed",)),
    Case("exception-whose-str-raises", PRELUDE + "\n\nclass Evil(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n    def __repr__(self):\n        raise RuntimeError('no')\n\n\ndef double(x):\n    raise Evil()\n" + WRONG_TOTAL, statuses=("failed",)),
    Case("lying-result-object", PRELUDE + "\n\nclass Liar(np.ndarray):\n    def __eq__(self, other):\n        return True\n    def __array_function__(self, *a, **k):\n        return True\n\n\ndef double(x):\n    return np.zeros_like(x).view(Liar)\n\n\ndef total(x):\n    class F(float):\n        def __eq__(self, o):\n            return True\n    return F(0.0)\n", statuses=("failed",)),
    Case("monkeypatch-numpy-comparisons", PRELUDE + "np.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.array_equal = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n" + WRONG_DOUBLE + WRONG_TOTAL, statuses=("failed",)),
    Case("hide-mutation-by-rebinding-np-asarray", PRELUDE + "_orig = np.asarray\n_shadow = {}\n\n\ndef _fake(a, *args, **kwargs):\n    seen = _shadow.get(id(a))\n    return seen if seen is not None else _orig(a, *args, **kwargs)\n\n\nnp.asarray = _fake\n\n\ndef double(x):\n    _shadow[id(x)] = x.copy()\n    x *= 2\n    return x.copy()\n\n\ndef total(x):\n    return float(np.sum(x))\n", statuses=("failed",), ceiling=2.0, words=("modified its input",)),
    Case("caller-frames", PRELUDE + "import inspect\n\n\ndef double(x):\n    for frame in inspect.stack():\n        for name in ('expected', 'want', 'reference'):\n            if name in frame.frame.f_locals:\n                return frame.frame.f_locals[name]\n    return np.zeros_like(x)\n" + WRONG_TOTAL, statuses=("failed",)),
    # -- resources ------------------------------------------------------------------------------
    Case("memory-bomb", PRELUDE + "\n\ndef double(x):\n    hog = []\n    while True:\n        hog.append(np.ones(10**7))\n" + WRONG_TOTAL, statuses=("failed",), any_words=("memory", "timed out")),
    Case("output-flood", PRELUDE + "\n\ndef double(x):\n    print('spam ' * 20000)\n    return 2.0 * x\n" + WRONG_TOTAL, statuses=("failed",), words=("too much output",)),
    Case("fill-the-disk", in_call("i = 0\nwhile True:\n    with open(f'junk{i}', 'wb') as f:\n        f.write(b'x' * 2**20)\n    i += 1"), levels=CONFINED),
    Case("fill-tmp", in_call("import tempfile\nwhile True:\n    tempfile.NamedTemporaryFile(delete=False).write(b'x' * 2**20)"), levels=("strong",)),
    Case("raise-own-limits", in_call("import resource\nfor r in (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_NPROC):\n    resource.setrlimit(r, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))\nhog = np.ones(10**10)")),
    Case("infinite-loop-at-import", PRELUDE + "while True:\n    pass\n", statuses=("error",), words=("timed out",)),
    Case("segfault", PRELUDE + "import ctypes\n\n\ndef double(x):\n    return ctypes.string_at(0)\n" + WRONG_TOTAL, statuses=("failed",), words=("SIGSEGV",)),
    Case("terminal-injection", in_call("import fcntl, termios\nfor path in ('/dev/tty', '/dev/console', '/dev/pts/0'):\n    try:\n        fd = os.open(path, os.O_RDWR)\n        for ch in 'rm -rf ~\\n':\n            fcntl.ioctl(fd, termios.TIOCSTI, ch)\n    except OSError:\n        pass")),
    Case("reimport-fails-after-crash", PRELUDE + "if os.path.exists('/tmp/{marker}-crashed'):\n    raise ImportError('second import')\n\n\ndef double(x):\n    open('/tmp/{marker}-crashed', 'w').close()\n    os.abort()\n" + WRONG_TOTAL),
    # -- odd files in the target ------------------------------------------------------------------
    Case("module-is-a-fifo", "", arith="@fifo", statuses=("error",), words=("not a regular file",)),
    Case("module-is-a-directory", "", arith="@dir", statuses=("error",)),
    Case("module-is-huge", "", arith="@huge", statuses=("error",), words=("larger than",)),
    Case("fifo-beside-the-module", PRELUDE + "from .other import double\n" + WRONG_TOTAL, files={"other.py": "@fifo"}, statuses=("error",)),
    Case("link-to-dev-zero-beside", PRELUDE + "from .zero import double\n" + WRONG_TOTAL, files={"zero.py": "@symlink:/dev/zero"}, statuses=("error",)),
    # -- integrity ----------------------------------------------------------------------------------
    Case("return-zero-everywhere", PRELUDE + "\n\ndef double(x):\n    return 0\n\n\ndef total(x):\n    return 0\n", statuses=("failed",)),
    Case("empty-stub", PRELUDE + "\n\ndef double(x):\n    raise NotImplementedError\n\n\ndef total(x):\n    raise NotImplementedError\n", statuses=("not_started",)),
    Case("recursion-in-vectorised", PRELUDE + "\n\ndef double(x, i=0):\n    if x.size == 0:\n        return x\n    flat = x.ravel()\n    return np.concatenate([[2.0 * flat[0]], double(flat[1:])]).reshape(x.shape)\n" + WRONG_TOTAL, statuses=("failed",), ceiling=2.0, words=("recursion",)),
    Case("hash-seed-dependent", PRELUDE + "\n\ndef double(x):\n    return 2.0 * x + (hash('gradwork') % 7) * 0.0 + (hash('a') % 2) * 1e-3\n" + WRONG_TOTAL, statuses=("failed",)),
]
