"""What each grading command does: check, the bare command, list, hint, dev."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ..course import Course
from ..engine.runner import grade
from ..files import write_atomically
from ..sandbox import isolation
from ..report import formats, terminal
from ..results import CourseResult
from ..state import State
from .main import UsageError


def resolve_target(course: Course, target: str | None) -> Path:
    if target is None:
        return course.exercises_dir
    path = Path(target)
    if not path.is_absolute() and not path.exists() and (course.root / path).exists():
        path = course.root / path
    if not path.is_dir():
        raise UsageError(f"--target {target}: no such folder")
    return path.resolve()


GRADED_FORMATS = ("gradescope", "junit")


def choose_isolation(args, *, graded: bool) -> str:
    """The isolation level for this run: asked for, or the strongest available.

    A graded format needs ``uid`` or better unless ``--allow-weak-isolation``;
    below that a student checking their own work gets a one-line warning.
    """
    level = isolation.choose(getattr(args, "isolation", None))
    weak = isolation.strength(level) < isolation.strength(isolation.GRADED_MINIMUM)
    if weak and graded and not getattr(args, "allow_weak_isolation", False):
        why = isolation.missing("strong") or ""
        raise UsageError(
            f"grading for credit needs isolation 'uid' or better, and this run has {level!r} ({why or 'asked for'}); "
            "install bubblewrap or run as root, or pass --allow-weak-isolation"
        )
    if weak:
        print(f"gradwork: warning: isolation {level!r}: your code runs as you, without a sandbox around the file system — fine for checking your own work, not for grading others'", file=sys.stderr)
    return level


def check_output_path(output: str | None) -> None:
    """Refuse an --output that cannot be written, before grading starts (not after)."""
    if not output:
        return
    if os.path.islink(output):
        raise UsageError(f"--output {output}: is a symbolic link; choose a file name")
    if os.path.lexists(output) and not os.path.isfile(output):
        raise UsageError(f"--output {output}: exists and is not a regular file; choose a file name")
    folder = Path(output).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".gradwork-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot write in {folder} ({exc.strerror or exc})") from None


def exit_status(result: CourseResult) -> int:
    """0 all passed, 1 some did not, 3 the grader itself failed somewhere (SPEC §3)."""
    if result.grader_problem:
        return 3
    return 0 if result.passed else 1


def hint_for(course: Course, state: State, exercise_id: str) -> tuple[str | None, str | None]:
    """The hint tier the student is on (the first one before any were asked for)."""
    exercise = course.get(exercise_id)
    if not exercise.hints:
        return None, None
    index = max(0, min(state.hints_shown(exercise_id), len(exercise.hints)) - 1)
    return exercise.hints[index], f"{index + 1} of {len(exercise.hints)}"


def emit(result: CourseResult, fmt: str, output: str | None, *, detail_for="first", course: Course | None = None, state: State | None = None, feedback_level: str | None = None) -> None:
    from ..report import feedback

    result = feedback.apply(result, feedback_level)
    if fmt == "text":
        hints = {e.id: hint_for(course, state, e.id) for e in result.exercises} if course and state else {}
        title = course.title if course else "gradwork"
        if output:
            import io

            buffer = io.StringIO()
            terminal.render(result, out=terminal.console(file=buffer, no_color=True, width=120), detail_for=detail_for, title=title, hints=hints)
            write_atomically(output, buffer.getvalue())
        else:
            terminal.render(result, detail_for=detail_for, title=title, hints=hints)
        return
    text = formats.FORMATS[fmt](result)
    if output:
        write_atomically(output, text + "\n")
    else:
        sys.stdout.write(text + "\n")


def run_check(course: Course, args, ids: list[str], *, detail_for: str) -> int:
    for exercise_id in ids:
        course.get(exercise_id)  # unknown id: CourseError, exit 2
    only = getattr(args, "property", None)
    if only and len(ids) != 1:
        raise UsageError("--property needs exactly one exercise id, e.g. `gradwork check zeros_init --property KEY`")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: must be at least 1")
    target = resolve_target(course, args.target)
    check_output_path(args.output)
    level = choose_isolation(args, graded=args.format in GRADED_FORMATS)
    result = grade(course, ids or None, target=target, jobs=args.jobs, only=only, level=level, student=args.student, strength=args.strength or "public")
    state = State(course.root)
    if target == course.exercises_dir.resolve() and not only:  # the student's own work: remember it
        state.remember(result.exercises)
    emit(result, args.format, args.output, detail_for=detail_for, course=course, state=state, feedback_level=args.feedback)
    return exit_status(result)


def current_exercise(course: Course, state: State) -> str:
    """The first exercise the last recorded grade did not pass (the first one if none)."""
    for exercise in course.exercises:
        if state.status(exercise.id).get("status") != "passed":
            return exercise.id
    return course.exercises[-1].id


def cmd_hint(course: Course, args) -> int:
    exercise = course.get(args.id or current_exercise(course, State(course.root)))
    if not exercise.hints:
        print(f"{exercise.id} has no hints; read the lesson: docs/{exercise.lesson}")
        return 0
    state = State(course.root)
    total = len(exercise.hints)
    if args.all:
        shown = max(1, state.hints_shown(exercise.id))
        for index in range(shown):
            print(f"Hint {index + 1} of {total} for {exercise.id}: {exercise.hints[index]}\n")
        return 0
    index = state.show_next_hint(exercise.id, total)
    state.save_quietly()
    print(f"Hint {index + 1} of {total} for {exercise.id}: {exercise.hints[index]}")
    if index + 1 < total:
        print(f"\n(run `gradwork hint {exercise.id}` again for the next hint)")
    else:
        print(f"\nThat was the last hint. The lesson (docs/{exercise.lesson}) works through the idea step by step.")
    return 0


def cmd_list(course: Course, args) -> int:
    """Progress bar, one line per exercise (status, score, first problem) and the next one."""
    target = resolve_target(course, args.target)
    check_output_path(args.output)
    level = choose_isolation(args, graded=args.format in GRADED_FORMATS)
    result = grade(course, target=target, jobs=args.jobs, level=level)
    if target == course.exercises_dir.resolve():  # the student's own work: remember it
        State(course.root).remember(result.exercises)
    if args.format != "text":
        emit(result, args.format, args.output)
        return exit_status(result)
    out = terminal.console()
    nxt = terminal.first_unfinished(result)
    out.print(terminal.progress(result))
    out.print()
    out.print(terminal.exercise_table(result, first=(nxt or result.exercises[0]).id))
    out.print()
    if nxt:
        out.print(f"Next: {nxt.id} — {nxt.title} ({nxt.file}); `gradwork check {nxt.id}` explains what to do")
    else:
        out.print("Every exercise passes.")
    return exit_status(result)


def dispatch(course: Course, args) -> int:
    command = args.command
    if command is None:
        return run_check(course, args, [], detail_for="first")
    if command == "check":
        details = {"none": None}.get(args.details, args.details)
        return run_check(course, args, args.ids, detail_for=details)
    if command == "list":
        return cmd_list(course, args)
    if command == "hint":
        return cmd_hint(course, args)
    if command == "dev":
        from ..dev import check

        return check.dispatch(course, args)
    from .main import command_modules

    for module in command_modules():
        if command in module.COMMANDS:
            return module.dispatch(course, args)
    raise UsageError(f"unknown command {command!r}")
