"""The same-answer-twice check (Checks.repeat): when the engine calls a function
again with the same input, and what a changed answer is called.

By default (``repeat="failure"``) only the call a failing property names is made
again: a wrong answer that changes when asked twice is named "gives a different
answer for the same input" instead of being compared with the mistakes, and a
passing student's code runs once per call. ``repeat=True`` repeats every call
(hidden state that leaves every first answer right is then caught too), and
``repeat=False`` never. Each case is graded both ways (fast and plain) and the
reports must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graders.kit import prop

from .conftest import timeless
from .student_course import FAKE, fake_course, grade_arith_both_ways

pytestmark = pytest.mark.xdist_group("replay")

# A total() that is right the first time and drifts by one on every later call:
# hidden state kept between calls.
DRIFTING = """
import numpy as np

_calls = [0]


def double(x):
    return 2.0 * x


def total(x):
    _calls[0] += 1
    return float(np.sum(x)) + (_calls[0] - 1)
"""

# A total() right on every first call with an input, and wrong when asked again:
# only a check that repeats every call can see it.
RIGHT_ONCE = """
import numpy as np

_seen = set()


def double(x):
    return 2.0 * x


def total(x):
    key = (x.shape, x.tobytes())
    if key in _seen:
        return -1.0
    _seen.add(key)
    return float(np.sum(x))
"""

# Deterministic and wrong: asked again, it gives the same wrong answer.
OFF_BY_ONE = """
import numpy as np


def double(x):
    return 2.0 * x


def total(x):
    return float(np.sum(x)) + 1.0
"""


def _course(tmp_path: Path, monkeypatch, repeat=None) -> Path:
    root = fake_course(tmp_path)
    if repeat is not None:
        path = root / "properties" / "arith.py"
        text = path.read_text().replace('@prop("total returns the sum as a float", function="total")',
                                        f'@prop("total returns the sum as a float", function="total", repeat={repeat!r})')
        assert text != path.read_text()
        path.write_text(text)
    monkeypatch.setenv("GRADWORK_CACHE", str(tmp_path / "cache"))
    return root


def _total(root: Path, tmp_path: Path, source: str, *, hidden_state: bool = False):
    """The total property's result, graded the fast way and the plain way, which must
    agree: on everything for code whose answers depend on its arguments only, on the
    verdict for code with ``hidden_state`` (the fast path's worker may have answered a
    few calls ahead of the failing one, so the numbers it names can differ)."""
    fast, plain = grade_arith_both_ways(root, source, tmp_path)
    if not hidden_state:
        assert timeless(fast.to_dict()) == timeless(plain.to_dict())
    result, again = (next(p for p in report.properties if p.key == "total_values") for report in (fast, plain))
    assert (result.status, result.problem, result.call) == (again.status, again.problem, again.call)
    assert (result.diagnosis and result.diagnosis.id) == (again.diagnosis and again.diagnosis.id)
    return result


def test_a_failing_answer_that_changes_is_named_as_changing(tmp_path, monkeypatch):
    result = _total(_course(tmp_path, monkeypatch), tmp_path, DRIFTING, hidden_state=True)
    assert result.status == "failed"
    assert result.problem == "nondeterministic", result.message
    assert "gave a different answer when called again with the same input" in result.message
    assert result.got.startswith("first ") and ", then returned " in result.got
    assert result.diagnosis is not None and result.diagnosis.id == "check:changing-answer"


def test_a_wrong_answer_that_does_not_change_keeps_its_own_report(tmp_path, monkeypatch):
    result = _total(_course(tmp_path, monkeypatch), tmp_path, OFF_BY_ONE)
    assert result.status == "failed"
    assert result.problem not in ("nondeterministic", "own-randomness")
    assert "called again" not in result.message


def test_by_default_only_answers_decide(tmp_path, monkeypatch):
    """Every first answer right: the default does not ask twice, so it passes."""
    result = _total(_course(tmp_path, monkeypatch), tmp_path, RIGHT_ONCE, hidden_state=True)
    assert result.status == "passed", result.message


def test_repeat_true_asks_every_call_twice(tmp_path, monkeypatch):
    result = _total(_course(tmp_path, monkeypatch, repeat=True), tmp_path, RIGHT_ONCE, hidden_state=True)
    # Seen on the first call's repeat; by the time Hypothesis has shrunk the input,
    # the function has seen it too and answers -1.0 at once.
    assert result.status == "failed"
    assert "-1.0" in f"{result.got} {result.message}"


def test_repeat_false_never_asks_again(tmp_path, monkeypatch):
    result = _total(_course(tmp_path, monkeypatch, repeat=False), tmp_path, DRIFTING, hidden_state=True)
    assert result.status == "failed"
    assert result.problem != "nondeterministic"


@pytest.mark.parametrize("value", ["always", 1, None, "never"])
def test_repeat_accepts_only_its_three_values(value):
    with pytest.raises(TypeError, match=r"prop\(repeat=.*\) should be True, False or \"failure\""):
        prop("a property", function="f", repeat=value)(lambda student, reference: None)


def test_the_fake_course_is_untouched():
    assert 'repeat=' not in (FAKE / "properties" / "arith.py").read_text()
