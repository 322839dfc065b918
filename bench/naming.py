"""Does the grader catch, and name, mistakes it has never seen? A measurement on held-out student code.

    python bench/naming.py [--exercise ID] [--file PATH ...] [--jobs N] [--json OUT]

Grades every file in bench/students/<exercise_id>/ (see its README) through the
real engine, each as the student's <exercise_id>.py next to the reference
solutions of every other exercise, exactly as tests/conftest.py's grade_source
does. Each file says what it is in its first lines:

    # mistake: ...      a wrong solution: it should fail, ideally with a named diagnosis
    # correct: ...      a right solution written differently: it should pass
    # import-rule: pkg  right, but imports a package other than numpy: it should be
                        rejected with a message about the numpy-only rule

Prints one row per file and the summary counts. A measurement, not a test: it
never fails (exit 0), it reports.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = ROOT / "bench" / "students"
IMPORT_WORDS = ("numpy only", "not available")

_course = None


def _load_course():
    global _course
    if _course is None:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from graders.course import load_course

        _course = load_course(ROOT)
    return _course


def header(path: Path) -> dict:
    """The expectation and the comments of a student file's first lines."""
    info = {"expect": "?", "mistake": None, "function": None, "package": None}
    for line in path.read_text().splitlines()[:6]:
        match = re.match(r"#\s*(mistake|function|correct|import-rule):\s*(.*)", line)
        if not match:
            continue
        key, value = match.groups()
        if key == "mistake":
            info["expect"], info["mistake"] = "wrong", value.strip()
        elif key == "function":
            info["function"] = value.strip()
        elif key == "correct" and info["expect"] == "?":
            info["expect"], info["mistake"] = "right", value.strip()
        elif key == "import-rule":
            info["expect"], info["package"] = "import-rule", value.strip()
    return info


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def grade_file(path_str: str) -> dict:
    """Grade one student file; return one row (never raises)."""
    path = Path(path_str)
    exercise_id = path.parent.name
    info = header(path)
    row = {"file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path), "exercise": exercise_id, **info,
           "status": "crash", "score": None, "named": None, "diagnosis_id": None, "named_function": None,
           "message": "", "all_text": "", "failing": [], "seconds": 0.0, "grader_problem": False}
    start = time.perf_counter()
    try:
        course = _load_course()
        from graders.engine.runner import grade_exercise

        with tempfile.TemporaryDirectory(prefix="gw-naming-") as tmp:
            target = Path(tmp) / "target"
            target.mkdir()
            for solution in course.solutions_dir.glob("*.py"):
                if solution.name != "__init__.py":
                    shutil.copyfile(solution, target / solution.name)
            shutil.copyfile(path, target / f"{exercise_id}.py")
            result = grade_exercise(course, course.get(exercise_id), target)
    except Exception as error:  # a crash of the harness or of the engine: report it, go on
        row["message"] = f"HARNESS/ENGINE CRASH: {type(error).__name__}: {error}"
        row["seconds"] = round(time.perf_counter() - start, 2)
        return row
    row["seconds"] = round(time.perf_counter() - start, 2)
    row["status"] = result.status
    row["score"] = result.score
    row["grader_problem"] = bool(result.grader_problem)
    texts = [result.message]
    failing = [p for p in result.properties if p.status in ("failed", "error")]
    for prop in failing:
        texts += [prop.message, prop.detail, prop.advice]
        if prop.diagnosis:
            texts += [prop.diagnosis.title, prop.diagnosis.advice]
    row["failing"] = [{"name": p.name, "function": p.function, "status": p.status, "problem": p.problem,
                       "message": _clean(p.message), "diagnosis": p.diagnosis.title if p.diagnosis else None,
                       "diagnosis_id": p.diagnosis.id if p.diagnosis else None} for p in failing]
    first = failing[0] if failing else None
    row["message"] = _clean(first.message if first and first.message else result.message)
    named = next((p for p in failing if p.diagnosis), None)
    if named:
        row["named"], row["diagnosis_id"], row["named_function"] = named.diagnosis.title, named.diagnosis.id, named.function
    row["all_text"] = _clean(" ".join(t for t in texts if t))
    return row


def verdict(row: dict) -> dict:
    """caught?/named?/accepted?/answered? for one row."""
    passed = row["status"] == "passed"
    out = {"caught": None, "named_ok": None, "accepted": None, "answered": None}
    if row["expect"] == "wrong":
        out["caught"] = not passed and row["status"] != "crash"
        out["named_ok"] = bool(out["caught"] and row["named"])
    elif row["expect"] == "right":
        out["accepted"] = passed
    elif row["expect"] == "import-rule":
        text = row["all_text"].lower()
        out["answered"] = not passed and row["status"] != "crash" and any(w in text for w in IMPORT_WORDS)
    return out


def _files(args) -> list[Path]:
    if args.file:
        return [Path(f).resolve() for f in args.file]
    folders = [STUDENTS / args.exercise] if args.exercise else sorted(p for p in STUDENTS.iterdir() if p.is_dir())
    return [f for folder in folders for f in sorted(folder.glob("*.py"))]


def _trim(text: str, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", help="only bench/students/ID")
    parser.add_argument("--file", action="append", help="grade this file (its folder name is the exercise id); repeatable")
    parser.add_argument("--jobs", type=int, default=2, help="files graded at once (default 2; 1 = sequential)")
    parser.add_argument("--json", metavar="OUT", help="write every row as JSON")
    parser.add_argument("--width", type=int, default=110, help="width of the message column")
    args = parser.parse_args(argv)

    files = _files(args)
    if not files:
        print("naming: no student files found", file=sys.stderr)
        return 0
    start = time.perf_counter()
    rows: list[dict] = []
    if args.jobs > 1:
        try:
            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                rows = list(pool.map(grade_file, map(str, files)))
        except Exception as error:  # a pool that cannot start: fall back to one at a time
            print(f"naming: process pool failed ({type(error).__name__}: {error}); grading sequentially", file=sys.stderr)
            rows = []
    if not rows:
        rows = [grade_file(str(f)) for f in files]
    for row in rows:
        row.update(verdict(row))

    def yn(value):
        return "-" if value is None else ("yes" if value else "NO")

    print(f"{'file':58} {'expect':11} {'status':11} {'caught':6} {'named':40} message")
    for row in rows:
        flag = row["caught"] if row["expect"] == "wrong" else row["accepted"] if row["expect"] == "right" else row["answered"]
        print(f"{_trim(row['file'].removeprefix('bench/students/'), 58):58} {row['expect']:11} {row['status']:11} {yn(flag):6} "
              f"{_trim(row['named'] or '-', 40):40} {_trim(row['message'], args.width)}")

    wrong = [r for r in rows if r["expect"] == "wrong"]
    right = [r for r in rows if r["expect"] == "right"]
    imports = [r for r in rows if r["expect"] == "import-rule"]
    crashes = [r for r in rows if r["status"] == "crash" or r["grader_problem"]]

    def pct(n, m):
        return f"{100 * n / m:.0f}%" if m else "-"

    caught = sum(r["caught"] for r in wrong)
    named = sum(r["named_ok"] for r in wrong)
    print()
    print(f"wrong caught        {caught}/{len(wrong)} ({pct(caught, len(wrong))})")
    print(f"wrong named         {named}/{len(wrong)} ({pct(named, len(wrong))}); of the caught: {pct(named, caught)}")
    print(f"right accepted      {sum(r['accepted'] for r in right)}/{len(right)}")
    print(f"import-rule answered {sum(r['answered'] for r in imports)}/{len(imports)}")
    if crashes:
        print(f"grader problems     {len(crashes)}: " + ", ".join(r["file"] for r in crashes))
    print(f"({len(rows)} files in {time.perf_counter() - start:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, default=str))
        print(f"rows written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
