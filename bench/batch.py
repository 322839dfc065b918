"""How long does a class take? `gradwork grade` on a made-up class of the real course.

    python bench/batch.py [--students 30] [--isolation LEVEL] [--jobs N] [--strength hidden|public] [--keep]

Builds N students in a temporary folder, in a repeating pattern of five: the
reference (solutions/), the untouched stubs (exercises/), two with known
mistakes from the bank (graders/mistakes/, one or two exercises each, the rest
the reference), and the reference again, nested (submission/exercises/) or
zipped (every other time). Then times one `gradwork grade` of the class and
prints the wall time, the time per student (from the progress lines), and a
linear extrapolation to 300 students. A measurement, not a test: it never
fails, it reports. --keep leaves the class and its gradebook for a look.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATTERN = ("reference", "stubs", "mistakes", "mistakes", "packed")
PROGRESS = re.compile(r"^gradwork: \[\d+/\d+\] (\S+): .*\((\d+(?:\.\d+)?) s")


def _modules(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(folder.glob("*.py")) if path.name != "__init__.py"}


def _banks(course) -> dict[str, list]:
    from graders.engine import loading, variants

    banks = {}
    for exercise in course.exercises:
        module = loading.load_optional("mistakes", course.mistakes_dir, exercise.id)
        banks[exercise.id] = variants.collect(module) if module else []
    return banks


def _with_mistakes(course, reference: dict[str, str], banks: dict[str, list], number: int) -> dict[str, str]:
    """The reference with one or two exercises' modules swapped for a bank mistake,
    chosen by ``number`` so every run builds the same class."""
    modules = dict(reference)
    ids = [i for i in course.ids() if banks[i]]
    for step in range(1 + number % 2):
        exercise_id = ids[(number + 3 * step) % len(ids)]
        bank = banks[exercise_id]
        modules[f"{exercise_id}.py"] = bank[(number // len(ids)) % len(bank)].module_source(reference[f"{exercise_id}.py"])
    return modules


def _write(folder: Path, modules: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for name, text in modules.items():
        (folder / name).write_text(text)


def build_class(course, submissions: Path, count: int) -> dict[str, str]:
    """Write ``count`` students into ``submissions``; returns student -> kind."""
    reference, stubs = _modules(course.solutions_dir), _modules(course.exercises_dir)
    banks = _banks(course)
    kinds = {}
    for number in range(count):
        kind = PATTERN[number % len(PATTERN)]
        sid = f"s{number:03d}"
        if kind == "reference":
            _write(submissions / sid, reference)
        elif kind == "stubs":
            _write(submissions / sid, stubs)
        elif kind == "mistakes":
            _write(submissions / sid, _with_mistakes(course, reference, banks, number))
        elif number // len(PATTERN) % 2 == 0:
            kind = "nested"
            _write(submissions / sid / "submission" / "exercises", reference)
        else:
            kind = "zipped"
            with zipfile.ZipFile(submissions / f"{sid}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                for name, text in reference.items():
                    archive.writestr(f"{sid}-work/{name}", text)
        kinds[sid] = kind
    return kinds


def grade_class(course, folder: Path, count: int, *, isolation: str | None = None, jobs: int | None = None,
                strength: str = "hidden") -> tuple[subprocess.CompletedProcess, float, dict[str, str]]:
    """Build ``count`` students in ``folder`` and time one `gradwork grade` of them
    (bench/benchmark.py calls this too): the finished process, its wall seconds
    and student -> kind. The child gets this process's environment."""
    kinds = build_class(course, folder / "submissions", count)
    command = [sys.executable, "-m", "graders", "grade", str(folder / "submissions"), "--out", str(folder / "out"), "--strength", strength]
    command += ["--isolation", isolation, "--allow-weak-isolation"] if isolation else []
    command += ["--jobs", str(jobs)] if jobs else []
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return proc, time.perf_counter() - started, kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--isolation", help="grade at this level (default: the strongest available)")
    parser.add_argument("--jobs", type=int, help="exercises graded in parallel per student (default: gradwork's)")
    parser.add_argument("--strength", choices=("hidden", "public"), default="hidden")
    parser.add_argument("--keep", action="store_true", help="keep the class, its reports and gradebook, and print where")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from graders.course import load_course

    course = load_course(ROOT)
    folder = Path(tempfile.mkdtemp(prefix="gradwork-bench-class-"))
    try:
        report(*grade_class(course, folder, args.students, isolation=args.isolation, jobs=args.jobs, strength=args.strength))
    finally:
        if args.keep:
            print(f"class and reports kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(proc: subprocess.CompletedProcess, wall: float, kinds: dict[str, str]) -> None:
    seconds = {m[1]: float(m[2]) for m in map(PROGRESS.match, proc.stderr.splitlines()) if m}
    print(f"gradwork grade exited {proc.returncode}: {proc.stdout.strip()}")
    if len(seconds) != len(kinds):
        print(proc.stderr[-3000:])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    per_student = wall / len(kinds)
    print(f"\n{'kind':10s} {'students':>8s} {'mean s':>8s} {'max s':>8s}")
    for kind in sorted(set(kinds.values())):
        times = [seconds[sid] for sid, k in kinds.items() if k == kind and sid in seconds]
        if times:
            print(f"{kind:10s} {len(times):8d} {statistics.mean(times):8.1f} {max(times):8.1f}")
    print(f"\n{'students':28s} {len(kinds):>10d}")
    print(f"{'wall time':28s} {wall:>9.1f}s")
    print(f"{'per student':28s} {per_student:>9.1f}s")
    print(f"{'300 students (linear)':28s} {per_student * 300 / 60:>8.1f}min")
    print(f"{'load average at the end':28s} {load:>10.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
