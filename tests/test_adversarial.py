"""Broken and misbehaving student code, graded through the real command line.

Each case replaces the fake course's ``arith`` module and grades it together
with ``sibling`` in one run. Every case asserts the verdict, the key words of
the message, that the sibling exercise still passes, and that no process the
student's code ran is left behind (this test process is a subreaper, so any
orphan lands here). The deliberate attacks are in test_hostile.py.
"""

from __future__ import annotations

import json
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import comparable, run_cli
from .hostile.harness import become_subreaper, children, sandbox_processes

FAKE = Path(__file__).parent / "fake_course"
CORRECT_DOUBLE = "\n\ndef double(x):\n    return 2.0 * x\n"
CORRECT_TOTAL = "\n\ndef total(x):\n    return float(np.sum(x))\n"

# (id, source of arith.py, exercise status, property status or None, key words)
CASES = [
    ("infinite-loop", "def double(x):\n    while True:\n        pass\n", "failed", "failed", ["did not finish within", "infinite loop", "double("]),
    ("slow-but-under-the-call-limit", "import time\n\ndef double(x):\n    time.sleep(0.5)\n    return 2.0 * x\n", "failed", "failed", ["too slow", "limit is 4 s"]),
    ("infinite-loop-at-import", "while True:\n    pass\n", "error", None, ["timed out", "importing", "module level"]),
    ("segfault", "def double(x):\n    import ctypes\n    return ctypes.string_at(0)\n", "failed", "failed", ["SIGSEGV", "double("]),
    ("os-exit", "def double(x):\n    os._exit(0)\n", "failed", "failed", ["exited with status 0", "os._exit"]),
    ("sys-exit", "def double(x):\n    sys.exit(0)\n", "failed", "failed", ["sys.exit", "eturn the result"]),
    ("sys-exit-at-import", "sys.exit(3)\n", "error", None, ["importing", "sys.exit(3)"]),
    ("huge-allocation", "def double(x):\n    return np.ones((10**6, 10**6)) * 2\n", "failed", "failed", ["memory"]),
    # Honest but enormous (72 MB): refused unread, and said so in the student's terms, not as a broken reply.
    ("result-too-large", "def double(x):\n    return np.ones((3000, 3000))\n", "failed", "failed", ["returned more than 64 MiB at once", "far larger"]),
    ("unbounded-recursion", "def double(x):\n    return double(x)\n", "failed", "failed", ["RecursionError", "recursed too deeply"]),
    ("output-flood", "def double(x):\n    while True:\n        print('spam ' * 1000)\n", "failed", "failed", ["too much output"]),
    (
        "monkeypatch-numpy-testing",
        "np.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n\ndef double(x):\n    return x * 3.0\n",
        "failed",
        "failed",
        [" wrong", "worst at"],
    ),
    (
        "eq-always-true",
        "class Liar:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\n\ndef double(x):\n    return Liar()\n",
        "failed",
        "failed",
        ["Liar", "expected a np.ndarray"],
    ),
    (
        "ndarray-subclass",
        "class Sneaky(np.ndarray):\n    def __eq__(self, other):\n        return np.ones(np.shape(other), bool)\n    def __array_function__(self, *a, **k):\n        return True\n\ndef double(x):\n    return np.zeros_like(x).view(Sneaky)\n",
        "failed",
        "failed",
        ["Sneaky", "plain np.ndarray"],
    ),
    ("import-solutions", "from solutions.arith import double, total\n", "error", None, ["solutions is not available to your code"]),
    ("import-graders", "import graders.kit\n", "error", None, ["graders is not available to your code"]),
    (
        "caller-frames",
        "import inspect\n\ndef double(x):\n    for frame in inspect.stack():\n        for name in ('expected', 'want', 'reference'):\n            if name in frame.frame.f_locals:\n                return frame.frame.f_locals[name]\n    return np.zeros_like(x)\n",
        "failed",
        "failed",
        [" wrong"],
    ),
    ("mutates-input", "def double(x):\n    x *= 2.0\n    return x\n", "failed", "failed", ["modified its input x"]),
    ("reshapes-input", "def double(x):\n    y = 2.0 * x\n    x.shape = x.shape + (1,)\n    return y\n", "failed", "failed", ["modified its input x", "now has shape"]),
    ("global-rng", "def double(x):\n    return 2.0 * x + np.random.rand() * 1e-3\n", "failed", "failed", ["double("]),
    ("nan", "def double(x):\n    return np.full(x.shape, np.nan)\n", "failed", "failed", ["non-finite", "nan"]),
    ("returns-list", "def double(x):\n    return (2.0 * x).tolist()\n", "failed", "failed", ["list", "np.array(result)"]),
    ("returns-none", "def double(x):\n    2.0 * x\n", "failed", "failed", ["is None", "expected a np.ndarray"]),
    ("float32", "def double(x):\n    return (2.0 * x).astype(np.float32)\n", "failed", "failed", ["dtype float32", "expected float64"]),
    ("array-for-a-float", "def total(x):\n    return np.sum(x).reshape(1, 1)\n", "failed", "failed", ["array of shape (1, 1)", "float("]),
    ("int-for-a-float", "def total(x):\n    return int(np.sum(x))\n", "failed", "failed", ["is int", "expected a float"]),
    ("raises-value-error", "def double(x):\n    raise ValueError('oops')\n", "failed", "failed", ["raised ValueError: oops", "arith.py"]),
    ("kills-itself", "def double(x):\n    os.kill(os.getpid(), signal.SIGKILL)\n", "failed", "failed", ["SIGKILL", "double("]),
    ("keyboard-interrupt", "def double(x):\n    raise KeyboardInterrupt\n", "failed", "failed", ["KeyboardInterrupt"]),
    ("syntax-error", "def double(x)\n    return 2 * x\n", "error", None, ["syntax error", "arith.py:", "expected ':'"]),
    # Too deep for Python's compiler (a RecursionError in the trusted parent's ast.parse): the file's fault, not the grader's.
    ("nested-too-deeply", "x = " + "+".join(["1"] * 100_000) + "\n", "error", None, ["cannot be compiled", "nested too deeply"]),
    ("missing-function", "def total(x):\n    return float(np.sum(x))\n", "error", None, ["has no function double"]),
    ("loop-in-vectorised", "def double(x):\n    return np.array([2.0 * v for v in x.ravel()]).reshape(x.shape)\n", "failed", "failed", ["must be vectorised", "list comprehension", "line"]),
]
HEADER = "import os\nimport signal\nimport sys\n\nimport numpy as np\n\n"


def _module(case_id: str, body: str) -> str:
    """The case's code plus correct versions of the functions it leaves out,
    so the verdict is about the case (except where leaving one out is the case)."""
    source = HEADER + textwrap.dedent(body)
    if case_id != "missing-function":
        for name, definition in (("double", CORRECT_DOUBLE), ("total", CORRECT_TOTAL)):
            if f"def {name}(" not in body:
                source += definition
    return source


def _grade(tmp_path: Path, case_id: str, body: str):
    target = tmp_path / "target"
    target.mkdir()
    shutil.copyfile(FAKE / "solutions" / "sibling.py", target / "sibling.py")
    (target / "arith.py").write_text(_module(case_id, body))
    become_subreaper()
    existing = children()
    proc = run_cli("--course", FAKE, "check", "arith", "sibling", "--target", target, "--format", "json", timeout=120)
    return proc, f"gwcase-{case_id}", existing


@pytest.mark.parametrize("case_id,body,status,prop_status,words", CASES, ids=[c[0] for c in CASES])
def test_hostile_code_costs_only_its_exercise(tmp_path, case_id, body, status, prop_status, words):
    proc, pidfile, existing = _grade(tmp_path, case_id, body)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)  # exactly one JSON document on stdout
    arith, sibling = report["exercises"]
    assert sibling["status"] == "passed", sibling
    assert arith["status"] == status, json.dumps(arith, indent=1)[:3000]
    if prop_status is None:
        text = arith["message"]
    else:
        failing = [p for p in arith["properties"] if p["status"] == prop_status]
        assert failing, arith
        text = json.dumps(failing[0], ensure_ascii=False)
    for word in words:
        assert word in text, f"{word!r} not in {text[:2000]}"
    time.sleep(0.2)
    left = sandbox_processes(pidfile, existing)
    assert not left, f"processes left behind: {left}"


def test_grading_is_deterministic(tmp_path):
    """The same wrong file graded twice gives identical JSON, timings aside."""
    body = "def double(x):\n    return x * 2.0 + (x > 7) * 0.5\n"
    proc, _, _ = _grade(tmp_path, "determinism", body)
    reports = [json.loads(proc.stdout)]
    again = run_cli("--course", FAKE, "check", "arith", "sibling", "--target", tmp_path / "target", "--format", "json", timeout=120)
    reports.append(json.loads(again.stdout))
    reports = [comparable(r) for r in reports]
    assert reports[0] == reports[1]
    failing = reports[0]["exercises"][0]["properties"][0]
    assert failing["status"] == "failed" and "double(x=np.array([" in failing["call"]


def test_a_stub_in_another_file_is_named_not_the_function_calling_it(tmp_path):
    """double is written, but calls sibling's add_one, still the stub: double's report says
    where the NotImplementedError comes from, instead of calling double not started."""
    target = tmp_path / "target"
    target.mkdir()
    shutil.copyfile(FAKE / "exercises" / "sibling.py", target / "sibling.py")
    (target / "arith.py").write_text(HEADER + "from .sibling import add_one\n\n\ndef double(x):\n    return add_one(x) + x - 1.0\n" + CORRECT_TOTAL)
    proc = run_cli("--course", FAKE, "check", "arith", "sibling", "--target", target, "--format", "json", timeout=120)
    arith, sibling = json.loads(proc.stdout)["exercises"]
    assert sibling["status"] == "not_started", sibling
    assert arith["status"] == "failed", arith
    failing = json.dumps([p for p in arith["properties"] if p["status"] == "failed"][0], ensure_ascii=False)
    assert "double(" in failing and "calls add_one() in sibling.py, which still raises NotImplementedError" in failing, failing
    assert "Finish add_one in sibling.py first" in failing and "not started" not in failing


def test_names_a_submission_makes_cannot_add_lines_to_the_report(tmp_path):
    """An exception class, or a function, named with newlines would put lines of the
    submission's choosing in the report, looking like the grader's own; names are shown
    on one line (their newlines as \\n). A message may keep its lines."""
    target = tmp_path / "target"
    target.mkdir()
    shutil.copyfile(FAKE / "solutions" / "sibling.py", target / "sibling.py")
    fake = "\u2713  arith  passed  10/10"
    body = (
        f"Error = type('Error\\n\\n{fake}\\n', (Exception,), {{}})\n\n"
        "def _double(x):\n    raise Error('boom')\n\n"
        f"double = type(_double)(_double.__code__.replace(co_name='f\\n{fake}'), globals())\n"
    )
    (target / "arith.py").write_text(HEADER + body + CORRECT_TOTAL)
    proc = run_cli("--course", FAKE, "check", "arith", "sibling", "--target", target, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Error\\n\\n" in proc.stdout, proc.stdout[-3000:]  # the name is shown, on one line
    lines = proc.stdout.splitlines()
    assert not [line for line in lines if line.strip().startswith("\u2713  arith")], proc.stdout[-3000:]
