"""The student loop's commands: ``watch``, ``solution`` and ``reset``.

    gradwork watch [ID] [--poll] [--no-clear]
        re-grade the current exercise on every save (see graders/watch.py)
    gradwork solution ID [--force]
        print the reference solution, once exercises/ID.py passes a fresh grade;
        before that it refuses with one line on stderr and exit status 1.
        --force prints it anyway. Never writes anything under exercises/.
    gradwork reset ID
        put the untouched stub back in exercises/ID.py; the student's version is
        first copied to .gradwork/backups/ID-<timestamp>.py (nothing is lost).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..course import Course, Exercise
from ..files import write_atomically
from ..results import PASSED

WATCH_EPILOG = """\
keys (when standard input is a terminal):
  h  the next hint for the current exercise      l  progress and the list of exercises
  n  skip to the next exercise                   r  re-grade now (Enter does too)
  s  the reference solution, once it passes      q  quit (Ctrl-C too)

Saving exercises/<id>.py grades that exercise; when it passes, watch moves on to
the next unfinished one. Nothing is written to exercises/.

If a save does not bring a new verdict (network drives, some containers and
virtual machines do not report file changes), use `gradwork watch --poll` (or
set GRADWORK_WATCH_POLL=1), or work without watch: run `gradwork check ID`
after each save, `gradwork hint ID` for hints, `gradwork list` for progress.
"""


COMMANDS = ("watch", "solution", "reset")


def add_commands(commands) -> None:
    watch = commands.add_parser(
        "watch",
        help="re-grade the current exercise on every save; keys for hint / list / next / quit",
        description="Grade the course once, then re-grade the exercise you are working on every time you save it.",
        epilog=WATCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    watch.add_argument("id", nargs="?", metavar="ID", help="start with this exercise (default: the first unfinished one)")
    watch.add_argument("--poll", action="store_true", help="look for changes every 0.25 s instead of using file-system events (for folders that do not report them)")
    watch.add_argument("--no-clear", action="store_true", help="do not clear the screen between verdicts (keep the scrollback)")

    solution = commands.add_parser(
        "solution",
        help="the reference solution, once your exercise passes",
        description="Print the reference solution of an exercise. It is shown once exercises/ID.py passes (graded afresh now); before that the command refuses (exit status 1) unless you pass --force. It never writes to exercises/.",
    )
    solution.add_argument("id", metavar="ID")
    solution.add_argument("--force", action="store_true", help="show it even though your exercise does not pass yet (prints only; your file, grade and progress stay as they are)")

    reset = commands.add_parser(
        "reset",
        help="put the stub back (your version is backed up first)",
        description="Replace exercises/ID.py with the untouched stub. Your version is first copied to .gradwork/backups/ID-<timestamp>.py, so nothing is lost; the command prints how to get it back.",
    )
    reset.add_argument("id", metavar="ID")


def dispatch(course: Course, args) -> int:
    if args.command == "watch":
        from ..watch import Watch

        if args.id:
            course.get(args.id)  # unknown id: exit 2
        return Watch(course, start=args.id, poll=args.poll, clear=not args.no_clear).run()
    if args.command == "solution":
        return cmd_solution(course, args)
    if args.command == "reset":
        return cmd_reset(course, args)
    raise NotImplementedError(args.command)


# -- solution ------------------------------------------------------------------
def _reference(course: Course, exercise: Exercise) -> Path:
    from .main import UsageError

    path = course.solution_path(exercise)
    if not path.is_file():
        if course.corpus_dir is not None:  # the student edition
            raise UsageError(f"the reference solution of {exercise.id} is not published yet; your instructor releases it after the due date")
        raise UsageError(f"this course has no reference solution for {exercise.id} ({course.display(path)} is missing)")
    return path


def _stub_source(course: Course, exercise: Exercise) -> str:
    """The untouched stub: cut from the reference, or (in the student edition, which has
    no reference) the pristine copy `gradwork release` keeps beside the corpus."""
    from ..dev.stubs import StubError, make_stub
    from .main import UsageError

    if course.corpus_dir is not None:
        pristine = course.corpus_dir / "stubs" / f"{exercise.id}.py"
        try:
            return pristine.read_text(encoding="utf-8")
        except OSError:
            raise UsageError(f"the student edition has no pristine stub of {exercise.id} ({course.display(pristine)}); ask your instructor for a fresh copy") from None
    reference = _reference(course, exercise)
    try:
        return make_stub(reference.read_text(encoding="utf-8"), exercise.id, filename=course.display(reference))
    except StubError as exc:
        raise UsageError(f"cannot make the stub of {exercise.id}: {exc}") from None


def show_solution(course: Course, exercise: Exercise, out=None, *, forced: bool = False) -> None:
    """Print the reference of ``exercise`` (syntax-highlighted on a terminal)."""
    from rich.syntax import Syntax
    from rich.text import Text

    from ..report import terminal

    out = out or terminal.console()
    path = _reference(course, exercise)
    source = path.read_text(encoding="utf-8")
    out.print(Text.assemble((f"{exercise.id}", "bold"), " — ", exercise.title, ": the reference solution ", (f"({course.display(path)})", "dim")))
    if forced:
        out.print(Text("--force: shown before your exercise passes. Nothing was written; your file, grade and progress are unchanged.", style="yellow"))
    out.print()
    if out.is_terminal:
        out.print(Syntax(source, "python", background_color="default", word_wrap=True))
    else:
        out.print(source.rstrip("\n"), markup=False, highlight=False, soft_wrap=True)
    out.print()
    student = course.display(course.stub_path(exercise))
    out.print(Text.assemble("The model answer sits between ", ("# BEGIN SOLUTION", "bold"), " and ", ("# END SOLUTION", "bold"), f". Compare it with yours: diff {student} {course.display(path)}"))


def cmd_solution(course: Course, args) -> int:
    from ..engine.runner import grade_exercise
    from ..state import State

    exercise = course.get(args.id)
    _reference(course, exercise)
    if args.force:
        show_solution(course, exercise, forced=True)
        return 0
    # A fresh grade decides (the state file only caches; deleting it must not block).
    result = grade_exercise(course, exercise)
    State(course.root).remember([result])
    if result.status != PASSED:
        why = {"not_started": "not started", "error": "it cannot be graded: an error", "failed": f"{result.score:g}/{result.max_score:g}"}.get(result.status, result.status)
        print(
            f"gradwork: {result.file or exercise.id} does not pass yet ({why}), so the solution of {exercise.id} stays hidden; "
            f"`gradwork check {exercise.id}` shows why, `gradwork solution {exercise.id} --force` shows it anyway",
            file=sys.stderr,
        )
        return 1
    show_solution(course, exercise)
    return 0


# -- reset -------------------------------------------------------------------------
def cmd_reset(course: Course, args) -> int:
    from ..state import backup_file
    from .main import UsageError

    exercise = course.get(args.id)
    stub = _stub_source(course, exercise)
    path = course.stub_path(exercise)
    shown = course.display(path)
    if path.is_dir():
        raise UsageError(f"{shown} is a folder, not a file; move it away first")
    if path.exists():
        current = path.read_bytes()
        if current == stub.encode("utf-8"):
            print(f"{shown} is already the untouched stub; nothing to do.")
            return 0
        backup = backup_file(course.root, path)
        if backup.read_bytes() != current:  # never replace a file whose copy is not safe
            raise UsageError(f"could not back up {shown} to {course.display(backup)}; nothing was changed")
        write_atomically(path, stub)
        print(f"Your version of {shown} is saved as {course.display(backup)}")
        print(f"{shown} is the untouched stub again. To get your version back: cp {course.display(backup)} {shown}")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, stub)
        print(f"{shown} was missing; the stub is back.")
    return 0
