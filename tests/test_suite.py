"""The test suite's own machinery: what the README's test command relies on."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_an_xdist_group_runs_on_one_worker(tmp_path):
    """The README runs the suite with ``-n 2 --dist loadgroup``: the tests of one
    xdist_group (a module's expensive session fixture: the hostile batches, the
    lesson site, the student edition) must all run on the same worker, or each
    worker builds that fixture again. pytest 9.2 with pytest-xdist 3.8 broke this
    silently (see constraints.txt)."""
    (tmp_path / "test_grouped.py").write_text(textwrap.dedent('''
        import os
        import pytest

        pytestmark = pytest.mark.xdist_group("together")

        @pytest.mark.parametrize("n", range(6))
        def test_grouped(n):
            with open(os.path.join(os.path.dirname(__file__), f"ran-{n}"), "w") as handle:
                handle.write(os.environ["PYTEST_XDIST_WORKER"])

        @pytest.mark.parametrize("n", range(6))
        def test_free(n):
            pass
    '''))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    workers = {(tmp_path / f"ran-{n}").read_text() for n in range(6)}
    assert len(workers) == 1, f"the group ran on {sorted(workers)}"
