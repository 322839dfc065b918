"""The hostile-submission suite: every case, at every isolation level this machine offers.

On CI (root, with user namespaces and bubblewrap) that is ``strong``, ``uid``
and ``basic``. A case runs at a level only where that level's defences claim
to stop it (see ``levels`` in tests/hostile/cases.py and the threat model on
the instructors' page); everything else is checked at every level.
"""

from __future__ import annotations

import pytest

from .hostile.cases import CASES
from .hostile.harness import AVAILABLE, check_promises, grade_hostile

PAIRS = [(case, level) for case in CASES for level in AVAILABLE if level in case.levels]

pytestmark = pytest.mark.slow


def test_the_suite_is_large_enough():
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case,level", PAIRS, ids=[f"{level}-{case.id}" for case, level in PAIRS])
def test_hostile_submission(tmp_path, case, level):
    check_promises(grade_hostile(tmp_path, case, level))
