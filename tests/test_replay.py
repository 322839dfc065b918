"""The fast path (graders/engine/replay.py): recorded examples, replayed exactly.

The bank tests (test_banks.py) check, for every known mistake and alternative,
that the fast path and a plain Hypothesis run give the same report. These tests
look at the machinery: the recording's file, when it is (not) used, and the
paths a replay takes when a student's run leaves the reference's script — a
body that passes the student's own result on, a time-out, a crash, output that
fills the limit — each compared with the plain run.
"""

from __future__ import annotations

import os

import pytest

from graders.course import load_course
from graders.engine import replay
from graders.engine.runner import ExerciseRun
from graders.sandbox import client

from .conftest import timeless
from .student_course import FAKE, fake_course, grade_arith_both_ways

pytestmark = pytest.mark.xdist_group("replay")

# The fake course's arith properties, and three more that take the replay off its
# script: one passes the student's own result on, one lets the student decide which
# examples count, one skips some examples by its inputs.
CHAINED = (FAKE / "properties" / "arith.py").read_text() + '''

from graders.kit import assume


@prop("total of double is twice the total", function="total")
@given(x=xs)
def total_of_double(student, reference, x):
    # The student's own result is passed on: a call the reference's run never made.
    expect_same(student.total(student.double(x)), reference.total(reference.double(x)))


@prop("total is right where the doubled array sums to more than zero", function="total")
@given(x=xs)
def total_where_positive(student, reference, x):
    # assume() reads the student's answer: the student decides which examples count.
    assume(float(np.sum(student.double(x))) > 0)
    expect_same(student.total(x), reference.total(x))


@prop("total of an array with at least two elements", function="total")
@given(x=xs)
def total_of_two_or_more(student, reference, x):
    assume(x.size >= 2)
    expect_same(student.total(x), reference.total(x))
'''


@pytest.fixture
def course_root(tmp_path, monkeypatch):
    """The engine's two-exercise course, with a property that chains two calls,
    and a cache of its own."""
    root = fake_course(tmp_path)
    (root / "properties" / "arith.py").write_text(CHAINED)
    monkeypatch.setenv("GRADWORK_CACHE", str(tmp_path / "cache"))
    return root


SOLUTION = '''
import numpy as np

def double(x):
    return 2.0 * x

def total(x):
    return float(np.sum(x))
'''


@pytest.mark.parametrize("name,source", [
    ("the reference", SOLUTION),
    # equal up to rounding, not bit for bit: the body runs on every example
    ("a correct variant", SOLUTION.replace("return 2.0 * x", "return x + x").replace("float(np.sum(x))", "float(sum(x.ravel().tolist()))")),
    ("wrong from the start", SOLUTION.replace("return 2.0 * x", "return 3.0 * x")),
    ("wrong on larger inputs", SOLUTION.replace("return 2.0 * x", "return 2.0 * x if x.size < 5 else 2.0 * x + 1")),
    ("a sign that changes which examples count", SOLUTION.replace("return 2.0 * x", "return -2.0 * x")),
    ("a time-out on one size", SOLUTION.replace("return 2.0 * x", "while x.size == 5:\n        pass\n    return 2.0 * x")),
    ("a crash on one size", SOLUTION.replace("return 2.0 * x", "import os\n    if x.size == 6:\n        os._exit(3)\n    return 2.0 * x")),
    # The worker sends replies a few at a time (worker.Coalescer): a time-out spent
    # asleep, a kill by a signal, and SIGALRM taken by the student's own code must
    # each still be reported at the call that caused it.
    ("a time-out asleep on one size", SOLUTION.replace("return float(np.sum(x))", "import time\n    if x.size == 5:\n        time.sleep(60)\n    return float(np.sum(x))")),
    ("a time-out in an example's second call", SOLUTION.replace("return float(np.sum(x))", "while x.size == 5:\n        pass\n    return float(np.sum(x))")),
    ("killed by a signal on one size", SOLUTION.replace("return 2.0 * x", "import os, signal\n    if x.size == 6:\n        os.kill(os.getpid(), signal.SIGKILL)\n    return 2.0 * x")),
    ("SIGALRM taken by the student", "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n" + SOLUTION.replace("return 2.0 * x", "while x.size == 5:\n        pass\n    return 2.0 * x")),
    ("an exception on one size", SOLUTION.replace("float(np.sum(x))", "float(np.sum(x)) if x.size != 4 else 1 / 0")),
    ("a function not started", SOLUTION.replace("return float(np.sum(x))", "raise NotImplementedError")),
])
def test_fast_path_reports_as_the_plain_run(course_root, tmp_path, name, source):
    fast, plain = grade_arith_both_ways(course_root, source, tmp_path)
    assert timeless(fast.to_dict()) == timeless(plain.to_dict()), name
    assert fast.properties[0].examples > 0


def test_the_recording_is_kept_and_used(course_root, tmp_path, monkeypatch):
    """After the first run a passing student's calls all travel in batches: no
    property is run call by call, and no example is drawn by Hypothesis."""
    course = load_course(course_root)
    exercise = course.get("arith")
    first = ExerciseRun(course, exercise, course.solutions_dir).grade()
    assert first.status == "passed"
    files = list((tmp_path / "cache").glob("arith-public-*.replay"))
    assert len(files) == 1

    single_calls = []
    real_call = client.Sandbox.call
    monkeypatch.setattr(client.Sandbox, "call", lambda self, *a, **k: single_calls.append(a[1]) or real_call(self, *a, **k))
    drawn = []
    monkeypatch.setattr(ExerciseRun, "_hypothesis_test", lambda self, prop: drawn.append(prop.key))
    again = ExerciseRun(course, exercise, course.solutions_dir).grade()
    assert again.status == "passed"
    assert single_calls == [] and drawn == []
    assert [p.examples for p in again.properties] == [p.examples for p in first.properties]


def test_a_recording_is_only_used_for_its_own_sources(course_root, tmp_path):
    course = load_course(course_root)
    exercise = course.get("arith")
    ExerciseRun(course, exercise, course.solutions_dir).grade()
    [path] = (tmp_path / "cache").glob("arith-public-*.replay")
    key = replay.fingerprint(course, "public")
    assert replay.load(path, key) is not None
    assert replay.load(path, "another key") is None  # other sources, another Hypothesis: not used
    data = path.read_bytes()
    path.write_bytes(data[:-10])  # cut short
    assert replay.load(path, key) is None
    path.write_bytes(b"not a recording")
    assert replay.load(path, key) is None
    # A broken file is recorded again, and grading is not affected.
    result = ExerciseRun(course, exercise, course.solutions_dir).grade()
    assert result.status == "passed"
    assert replay.load(path, key) is not None


def test_the_key_follows_the_sources_and_the_secret(course_root, monkeypatch):
    course = load_course(course_root)
    before = replay.fingerprint(course, "public")
    replay._fingerprints.clear()
    (course_root / "properties" / "arith.py").write_text(CHAINED.replace("max_side=6", "max_side=5"))
    assert replay.fingerprint(course, "public") != before
    monkeypatch.setenv("GRADWORK_SECRET_SEED", "one secret")
    hidden = replay.fingerprint(course, "hidden")
    assert hidden != replay.fingerprint(course, "public")
    replay._fingerprints.clear()
    monkeypatch.setenv("GRADWORK_SECRET_SEED", "another secret")
    assert replay.fingerprint(course, "hidden") != hidden
    replay._fingerprints.clear()


def test_the_most_recently_used_recordings_are_kept_and_older_ones_deleted(course_root, tmp_path):
    """Each version of the sources has its own recording: the KEPT most recently made
    or used stay (switching back to a version records nothing), older ones are deleted."""
    cache = tmp_path / "cache"
    properties = course_root / "properties" / "arith.py"

    def grade_version(side: int):
        properties.write_text(CHAINED.replace("max_side=6", f"max_side={side}"))
        replay._fingerprints.clear()
        course = load_course(course_root)
        assert ExerciseRun(course, course.get("arith"), course.solutions_dir).grade().status == "passed"
        return replay._path(cache, "arith", "public", replay.fingerprint(course, "public"))

    versions = [grade_version(side) for side in range(6, 6 - replay.KEPT, -1)]
    assert set(cache.glob("arith-public-*.replay")) == set(versions)  # one each, none deleted yet
    for age, path in enumerate(versions):  # made a minute apart, the first the oldest
        os.utime(path, (1_000_000 + 60 * age, 1_000_000 + 60 * age))
    before = versions[0].stat()
    assert grade_version(6) == versions[0]  # the oldest used again: read, not recorded again
    after = versions[0].stat()  # (a new recording would be a new file, renamed over it)...
    assert after.st_ino == before.st_ino and after.st_mtime_ns > before.st_mtime_ns  # ...and now the most recently used
    newest = grade_version(2)  # one version more than are kept: the least recently used goes
    assert set(cache.glob("arith-public-*.replay")) == {newest, versions[0], *versions[2:]}
    assert not versions[1].exists()
    replay._fingerprints.clear()


def test_the_fast_path_can_be_turned_off(course_root, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADWORK_CACHE", "off")
    course = load_course(course_root)
    result = ExerciseRun(course, course.get("arith"), course.solutions_dir).grade()
    assert result.status == "passed"
    assert not (tmp_path / "cache").exists() and not (course_root / ".gradwork" / "cache").exists()


def test_untouched_stubs_are_not_recorded_for(course_root, tmp_path):
    """A student's first run over the stubs costs no recording (nothing would be replayed)."""
    course = load_course(course_root)
    result = ExerciseRun(course, course.get("arith"), course.exercises_dir).grade()
    assert result.status == "not_started"
    assert not list((tmp_path / "cache").glob("*.replay"))
    stub = (course_root / "exercises" / "arith.py").read_text()
    assert replay.not_started(stub, ["double", "total"])
    assert not replay.not_started(stub.replace("raise NotImplementedError", "return x  # raise NotImplementedError", 1), ["double", "total"])
    assert not replay.not_started(SOLUTION, ["double", "total"])


def test_arguments_that_would_not_survive_a_copy_are_never_recorded():
    import numpy as np

    array = np.arange(6.0).reshape(2, 3)
    assert replay.faithful({"x": array}, {"x": array.copy()})
    assert not replay.faithful({"x": array.T}, {"x": np.ascontiguousarray(array.T)})  # the layout would change
    assert not replay.faithful({"x": array, "y": array}, {"x": array.copy(), "y": array.copy()})  # one object used twice
    assert not replay.faithful({"x": [1, 2]}, {"x": (1, 2)})
    assert not replay.faithful({"x": 0.3}, {"x": 0.1 + 0.2})
    assert replay.faithful({"x": float("nan")}, {"x": float("nan")})


def test_a_recording_reads_back_as_it_was_written(tmp_path):
    """The file keeps every value's arrays, then its tree's JSON text, the layout of a
    request on the wire: the text read back is the very bytes sent to the worker."""
    import numpy as np

    from graders.sandbox import protocol

    def encoded(value, kind=replay.Encoded):
        return kind.of(protocol.encoded(value))

    def request(value):  # a call's arguments: in the request form the worker reads
        return encoded(value, replay.EncodedRequest)

    first = replay.RecordedExample(encoded({"x": np.arange(3.0), "n": 2}), rejected=False)
    first.calls = [replay.RecordedCall("double", request([[np.arange(3.0)], {}]), True, "d1"),
                   replay.RecordedCall("total", request([[np.ones((2, 2), np.float32), "é"], {"axis": 0}]), False, "d2")]
    second = replay.RecordedExample(encoded({"x": np.zeros(0)}), calls=[], rejected=True)
    path = tmp_path / "arith-public-k.replay"
    replay.save(path, "k", {"p1": [first, second], "p2": []})
    loaded = replay.load(path, "k")
    assert list(loaded) == ["p1", "p2"] and loaded["p2"] == []
    for got, want in zip(loaded["p1"], [first, second], strict=True):
        assert got.drawn.data == want.drawn.data and got.drawn.payloads == want.drawn.payloads
        assert got.rejected is want.rejected
        assert [(c.function, c.request.data, c.request.payloads, c.repeat, c.digest) for c in got.calls] == \
            [(c.function, c.request.data, c.request.payloads, c.repeat, c.digest) for c in want.calls]
        assert [replay.EncodedRequest(c.request.data, []).tree for c in got.calls] == [c.request.tree for c in want.calls]
    assert replay.faithful(loaded["p1"][0].arguments(), first.arguments())
    # A payload index out of the file's bounds is a broken recording, never a crash.
    import json

    data = path.read_bytes()
    start = len(replay.MAGIC) + 8
    size = int.from_bytes(data[len(replay.MAGIC):start], "big")
    document = json.loads(data[start:start + size])
    for bad in ([-5, 1, False, []], [0, 99, False, []], [0, -1, False, []], [0, 0, False, [[0, 99, 0, False, "d"]]],
                [0, 0, False, [[0, 0, 1.5, False, "d"]]], [0, 0, False, [[0, 1]]]):
        document["properties"]["p2"] = [bad]
        head = json.dumps(document).encode()
        path.write_bytes(replay.MAGIC + len(head).to_bytes(8, "big") + head + data[start + size:])
        assert replay.load(path, "k") is None, bad
