"""How long from a save to the new verdict in `gradwork watch`? Medians over several saves.

    python bench/watch_latency.py [--runs 7] [--poll] [--json]

Builds a temporary copy of the course holding only zeros_init, starts the real
`gradwork watch --no-clear` in it (standard input not a terminal, so no keys),
then saves exercises/zeros_init.py ``runs`` times, alternating a failing and a
passing version, and measures from the moment each write returns to the moment
the verdict's footer line (``#N zeros_init graded at ...``) is read from the
program's output. This is the latency a student sees on the screen, including
file-event delivery, the grade and the drawing.

``measure(runs, poll=False)`` returns the figures as a dict (bench/benchmark.py
calls it in-process, once per isolation level); the last line printed is the summary.
The target (issue 13) is 0.5 s. This is a measurement, not a test: it never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.5


def _course(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.student_course import zeros_course

    return zeros_course(folder)


def _versions() -> tuple[str, str]:
    from tests.student_course import solution, wrong_zeros_init

    return wrong_zeros_init(), solution()


def measure(runs: int = 7, *, poll: bool = False, timeout: float = 30.0, isolation: str | None = None) -> dict:
    """Start watch, save ``runs`` times, return the save-to-verdict latencies.
    ``isolation`` grades at that level (through GRADWORK_ISOLATION: watch ignores --isolation)."""
    with tempfile.TemporaryDirectory(prefix="gradwork-watch-bench-") as tmp:
        root = _course(Path(tmp))
        exercise = root / "exercises" / "zeros_init.py"
        wrong, right = _versions()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])), NO_COLOR="1")
        if isolation:
            env["GRADWORK_ISOLATION"] = isolation
        command = [sys.executable, "-m", "graders", "watch", "--no-clear"] + (["--poll"] if poll else [])
        proc = subprocess.Popen(command, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        lines: queue.Queue = queue.Queue()

        def pump():
            for line in proc.stdout:
                lines.put((time.perf_counter(), line))
            lines.put((time.perf_counter(), None))

        threading.Thread(target=pump, daemon=True).start()

        def wait_for(pattern: str) -> float:
            deadline = time.perf_counter() + timeout
            while True:
                try:
                    at, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
                except queue.Empty:
                    raise TimeoutError(f"no line matching {pattern!r} within {timeout} s") from None
                if line is None:
                    raise RuntimeError(f"gradwork watch exited ({proc.wait()}) before {pattern!r}")
                match = re.search(pattern, line)
                if match:
                    return at, match

        try:
            started = time.perf_counter()
            wait_for(r"keys are off")
            startup = time.perf_counter() - started
            time.sleep(0.5)  # let the file watcher settle
            samples, grading = [], []
            for run in range(1, runs + 1):
                exercise.write_text(wrong if run % 2 else right)
                saved = time.perf_counter()
                shown, match = wait_for(rf"#{run} zeros_init graded at \S+ in ([0-9.]+) s")
                samples.append(shown - saved)
                grading.append(float(match.group(1)))
                time.sleep(0.3)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": runs,
        "samples": [round(s, 3) for s in samples],
        # what watch itself adds to the grade: noticing the save, drawing the verdict
        "overhead_median": statistics.median(s - g for s, g in zip(samples, grading)),
        "grading_median": statistics.median(grading),
        "startup": round(startup, 3),
        "mode": "polling" if poll else "file events",
        "target": TARGET_SECONDS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--poll", action="store_true", help="measure the polling fallback instead of file events")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.runs, poll=args.poll)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"samples (s): {' '.join(f'{s:.3f}' for s in figures['samples'])}; startup {figures['startup']:.2f} s")
    print(f"of which grading (median) {figures['grading_median']:.3f} s, watch's own overhead (median) {figures['overhead_median']:.3f} s")
    verdict = "within" if figures["median"] <= TARGET_SECONDS else "OVER"
    print(f"median {figures['median']:.3f} s save→verdict (min {figures['min']:.3f}, max {figures['max']:.3f}, {figures['runs']} saves, {figures['mode']}; {verdict} the {TARGET_SECONDS:g} s target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
