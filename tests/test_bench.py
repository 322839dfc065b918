"""The measuring scripts under bench/ still run against today's engine.

They are not timed here (speed is measured by bench/benchmark.py, never asserted
in a test); this only proves that they read the recordings and the protocol as
the engine now writes them. bench/profile.py once broke silently when the
recordings' requests changed shape (``Encoded.text`` became ``.data``), and a
profile nobody can run is no profile.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from graders.course import load_course

ROOT = Path(__file__).resolve().parents[1]


def test_profile_reads_every_exercise_recording_and_measures_both_sides():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "profile.py"), "--json"], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    document = json.loads(done.stdout)
    rows = document["exercises"]
    assert list(rows) == load_course(ROOT).ids()
    for exercise_id, row in rows.items():
        assert row["calls"] >= row["examples"] > 0, exercise_id  # every example calls the student at least once
        assert row["reference"] > 0 and row["protocol"] > 0, exercise_id
    bounds = document["bounds"]
    for bound in bounds.values():
        assert 1.0 < bound["reference_alone"] < bound["with_protocol"]
