"""The student loop's commands: ``watch``, ``solution`` and ``reset``.

    gradwork watch [ID] [--poll] [--no-clear]
        re-grade the current exercise on every save (see graders/watch.py)
    gradwork solution [ID] [--force]
        print the reference solution, once exercises/ID.py passes a fresh grade;
        before that it refuses with one line on stderr and exit status 1.
        --force prints it anyway. Never writes anything under exercises/.
        Without ID: the current exercise (the first one not passed).
    gradwork reset ID
        put the untouched stub back in exercises/ID.py; the student's version is
        first copied to .gradwork/backups/ID-<timestamp>.py (nothing is lost).
"""

from __future__ import annotations

import argparse
import sys

from ..i18n import N_, _
from ..course import Course
from ..results import PASSED
from ..session import Session, show_solution

WATCH_EPILOG = N_("""\
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
""")


COMMANDS = ("watch", "solution", "reset")


def add_commands(commands) -> None:
    watch = commands.add_parser(
        "watch",
        help=_("re-grade the current exercise on every save; keys for hint / list / next / quit"),
        description=_("Grade the course once, then re-grade the exercise you are working on every time you save it."),
        epilog=_(WATCH_EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    watch.add_argument("id", nargs="?", metavar="ID", help=_("start with this exercise (default: the first unfinished one)"))
    watch.add_argument("--poll", action="store_true", help=_("look for changes every 0.25 s instead of using file-system events (for folders that do not report them)"))
    watch.add_argument("--no-clear", action="store_true", help=_("do not clear the screen between verdicts (keep the scrollback)"))

    solution = commands.add_parser(
        "solution",
        help=_("the reference solution, once your exercise passes"),
        description=_("Print the reference solution of an exercise (without ID: the current one, the first your last grade did not pass). It is shown once exercises/ID.py passes (graded afresh now); before that the command refuses (exit status 1) unless you pass --force. It never writes to exercises/."),
    )
    solution.add_argument("id", metavar="ID", nargs="?", help=_("the exercise (default: the current one, the first your last grade did not pass)"))
    solution.add_argument("--force", action="store_true", help=_("show it even though your exercise does not pass yet (prints only; your file, grade and progress stay as they are)"))

    reset = commands.add_parser(
        "reset",
        help=_("put the stub back (your version is backed up first)"),
        description=_("Replace exercises/ID.py with the untouched stub. Your version is first copied to .gradwork/backups/ID-<timestamp>.py, so nothing is lost; the command prints how to get it back."),
    )
    reset.add_argument("id", metavar="ID")


def dispatch(course: Course, args) -> int:
    if args.command == "watch":
        from ..watch import Watch

        if args.id:
            course.get(args.id)  # unknown id: a one-line error listing the ids, exit 2
        from .commands import choose_isolation

        level = choose_isolation(args, graded=False)  # --isolation (an unavailable one: a one-line error)
        return Watch(course, start=args.id, poll=args.poll, clear=not args.no_clear, level=level).run()
    if args.command == "solution":
        return cmd_solution(course, args)
    if args.command == "reset":
        return cmd_reset(course, args)
    raise NotImplementedError(args.command)


# -- solution ------------------------------------------------------------------
def cmd_solution(course: Course, args) -> int:
    session = Session(course)
    exercise = session.exercise(args.id)  # without ID: the current exercise
    session.reference(exercise.id)  # not published: a one-line error before any grading
    if args.force:
        show_solution(session, exercise.id, forced=True)
        return 0
    result = session.unlock_solution(exercise.id)  # a fresh grade decides (and is remembered)
    if result.status != PASSED:
        why = {"not_started": _("not started"), "error": _("it cannot be graded: an error"), "failed": f"{result.score:g}/{result.max_score:g}"}.get(result.status, result.status)
        print(
            _("gradwork: {file} does not pass yet ({why}), so the solution of {id} stays hidden; "
              "`gradwork check {id}` shows why, `gradwork solution {id} --force` shows it anyway").format(file=result.file or exercise.id, why=why, id=exercise.id),
            file=sys.stderr,
        )
        return 1
    show_solution(session, exercise.id)
    return 0


# -- reset -------------------------------------------------------------------------
def cmd_reset(course: Course, args) -> int:
    done = Session(course).reset(args.id)
    shown = course.display(done.path)
    if done.action == "unchanged":
        print(_("{file} is already the untouched stub; nothing to do.").format(file=shown))
    elif done.action == "restored":
        print(_("{file} was missing; the stub is back.").format(file=shown))
    else:
        backup = course.display(done.backup)
        print(_("Your version of {file} is saved as {backup}").format(file=shown, backup=backup))
        print(_("{file} is the untouched stub again. To get your version back: cp {backup} {file}").format(file=shown, backup=backup))
    return 0
