"""The hostile-submission suite: every case, at every isolation level this machine offers.

On CI (root, with user namespaces and bubblewrap) that is ``strong``, ``uid``
and ``basic``. A case runs at a level only where that level's defences claim
to stop it (``levels`` in tests/hostile/cases.py; the threat model on the
instructors' page says the same). All the cases of one level are graded in
one run, each as an exercise of its own beside a sibling that must pass, so
a case that broke the run, leaked, tampered or left a process is caught for
the whole level, and each case's verdict is checked on its own.
"""

from __future__ import annotations

import pytest

from .hostile import cases, redteam_fs, redteam_round2, redteam_runs

CASES = cases.CASES + redteam_fs.CASES + redteam_runs.CASES + redteam_round2.CASES
from .hostile.harness import AVAILABLE, check_case, check_run, grade_batch

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]  # one worker runs each batch once (--dist loadgroup)

PAIRS = [(case, level) for level in AVAILABLE for case in CASES if level in case.levels]


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def batches(tmp_path_factory):
    cache = {}

    def get(level):
        if level not in cache:
            cases = [case for case in CASES if level in case.levels]
            cache[level] = grade_batch(tmp_path_factory.mktemp(f"hostile-{level}"), cases, level)
        return cache[level]

    return get


def test_the_suite_is_large_enough():
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    assert {"strong", "uid", "basic"} & set(AVAILABLE), "no isolation level available"


@pytest.mark.parametrize("level", AVAILABLE)
def test_nothing_lost_leaked_left_or_changed(batches, level):
    check_run(batches(level))


@pytest.mark.parametrize("case,level", PAIRS, ids=[f"{level}-{case.id}" for case, level in PAIRS])
def test_hostile_submission(batches, case, level):
    check_case(batches(level), case)
