"""How fast is grading? Medians over several runs, against the import floor.

    python bench/benchmark.py [--runs 5] [--json] [--isolation LEVEL]

Measures, as wall-clock medians of whole commands:
  floor       python -c "import numpy, hypothesis"
  one         gradwork check zeros_init --target solutions
  each        gradwork check <id> --target solutions, for every exercise
  course      gradwork check --target solutions (every exercise)
and reports one/floor (target <= 2.5) and course/floor (target <= 5.0).
If bench/watch_latency.py exists, its median save-to-verdict latency is added.
This is a measurement, not a test: it never fails, it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"one": 2.5, "course": 5.0}


def timed(command: list[str], runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        times.append(time.perf_counter() - started)
        if proc.returncode not in (0,):
            raise SystemExit(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--isolation", help="grade at this isolation level (default: the strongest available)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from graders.course import load_course

    course = load_course(ROOT)
    gradwork = [sys.executable, "-m", "graders"] + (["--isolation", args.isolation, "--allow-weak-isolation"] if args.isolation else [])
    figures = {"floor": timed([sys.executable, "-c", "import numpy, hypothesis"], args.runs)}
    figures["one"] = timed([*gradwork, "check", course.ids()[0], "--target", "solutions", "--format", "json"], args.runs)
    for exercise_id in course.ids():
        figures[f"each:{exercise_id}"] = timed([*gradwork, "check", exercise_id, "--target", "solutions", "--format", "json"], args.runs)
    figures["course"] = timed([*gradwork, "check", "--target", "solutions", "--format", "json"], args.runs)
    floor = figures["floor"]["median"]
    ratios = {name: figures[name]["median"] / floor for name in figures}
    watch = ROOT / "bench" / "watch_latency.py"
    if watch.exists():
        proc = subprocess.run([sys.executable, str(watch)], cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        figures["watch"] = {"output": (proc.stdout or proc.stderr).strip().splitlines()[-1:] }
    if args.json:
        print(json.dumps({"figures": figures, "ratios": ratios, "targets": TARGETS}, indent=2))
        return 0
    print(f"{'measure':28s} {'median':>8s} {'min':>8s} {'max':>8s} {'x floor':>8s}")
    for name, figure in figures.items():
        if "median" not in figure:
            continue
        target = f"  (target <= {TARGETS[name]}x)" if name in TARGETS else ""
        print(f"{name:28s} {figure['median']:8.3f} {figure['min']:8.3f} {figure['max']:8.3f} {ratios[name]:8.2f}{target}")
    if "watch" in figures:
        print(f"watch latency: {' '.join(figures['watch']['output'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
