"""What each grading command does: check, the bare command, list, hint, dev.

What the student loop remembers (the current exercise, hint tiers, the last
grade of each exercise) belongs to :class:`graders.session.Session`; these
functions read the options, ask the session, and print.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ..course import Course
from ..errors import UsageError
from ..files import write_atomically
from ..i18n import N_, page, _
from ..report import formats
from ..report.shared import chosen_for_detail
from ..results import PASSED, CourseResult, ExerciseResult
from ..sandbox import isolation
from ..session import NOT_GRADED, Saved, Session
from ..text import safe_text


def resolve_target(course: Course, target: str | None) -> Path:
    if target is None:
        return course.exercises_dir
    path = Path(target)
    if not path.is_absolute() and not path.exists() and (course.root / path).exists():
        path = course.root / path
    if not path.is_dir():
        raise UsageError(_("--target {target}: no such folder").format(target=target))
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
            _("grading for credit needs isolation 'uid' or better, and this run has {level} ({why}); "
              "install bubblewrap or run as root, or pass --allow-weak-isolation").format(level=repr(level), why=why or _("asked for"))
        )
    if weak:
        print(_("gradwork: warning: isolation {level}: your code runs as you, without a sandbox around the file system — fine for checking your own work, not for grading others'").format(level=repr(level)), file=sys.stderr)
    return level


def check_output_path(output: str | None) -> None:
    """Refuse an --output that cannot be written, before grading starts (not after)."""
    if not output:
        return
    if os.path.islink(output):
        raise UsageError(_("--output {output}: is a symbolic link; choose a file name").format(output=output))
    if os.path.lexists(output) and not os.path.isfile(output):
        raise UsageError(_("--output {output}: exists and is not a regular file; choose a file name").format(output=output))
    folder = Path(output).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".gradwork-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(_("--output {output}: cannot write in {folder} ({reason})").format(output=output, folder=folder, reason=exc.strerror or exc)) from None


def exit_status(result: CourseResult) -> int:
    """0 all passed, 1 some did not, 3 the grader itself failed somewhere (SPEC §3)."""
    if result.grader_problem:
        return 3
    return 0 if result.passed else 1


def emit(result: CourseResult, fmt: str, output: str | None, *, detail_for="first", course: Course | None = None, session: Session | None = None,
         feedback_level: str | None = None, replay: str | None = None) -> None:
    """Print (or write to ``output``) the report of ``result`` in ``fmt``.

    With a ``session`` the text report shows the hint tier the student has reached
    for each exercise it explains, and (when it goes to the screen) records that
    tier as seen. ``replay`` (a property key) marks a run of only that property:
    its header shows the exercise's score from the last full grade instead."""
    from ..report import feedback

    if fmt != "text":
        # The formats only read the result: at the full level (nothing withheld) it
        # needs no scrubbed copy, and a whole course's deep copy is not free.
        if feedback_level not in (None, "full"):
            result = feedback.apply(result, feedback_level)
        text = formats.FORMATS[fmt](result)
        if output:
            write_atomically(output, text + "\n")
        else:
            sys.stdout.write(text + "\n")
        return
    result = feedback.apply(result, feedback_level)
    course = course or (session.course if session else None)
    hints = {}
    if session is not None and feedback_level in (None, "full"):  # the other levels show no hints
        if output:  # a file the student may never read: nothing counts as seen
            hints = session.hint_table(result)
        else:
            hints = session.report_hints(result, {e.id for e in chosen_for_detail(result, detail_for)})
    title = _(course.title) if course else "gradwork"
    from ..report import terminal  # rich, imported only for a text report (a JSON one never needs it)

    def draw(out) -> None:
        if replay is not None:
            render_replay(result, out=out, session=session, key=replay, title=title, hints=hints)
        else:
            terminal.render(result, out=out, detail_for=detail_for, title=title, hints=hints)

    if output:
        import io

        buffer = io.StringIO()
        draw(terminal.console(file=buffer, no_color=True, width=120))
        write_atomically(output, buffer.getvalue())
    else:
        draw(terminal.console())


# -- what the state file knows: list, and the header of a replay --------------------------
NOT_GRADED_WORDS = N_("not graded yet")


def saved_result(saved: Saved) -> ExerciseResult:
    """A saved grade as an ExerciseResult for the progress bar (no grade: 0 points)."""
    return ExerciseResult(id=saved.exercise.id, title=saved.exercise.title, status=saved.status, score=saved.score or 0.0,
                          max_score=saved.max_score, message=saved.message or "")


def saved_table(rows: list[Saved], *, first: str | None = None):
    """One line per exercise: mark, id, last status, score (or "-" when never graded), note."""
    from rich.table import Table
    from rich.text import Text

    from ..report import terminal

    words = {**terminal.WORDS, NOT_GRADED: NOT_GRADED_WORDS}
    table = Table.grid(padding=(0, 2))
    for saved in rows:
        status = saved.status
        colour = terminal.MARKS.get(status, ("", "dim"))[1]
        score = f"{saved.score:g}/{saved.max_score:g}" if saved.score is not None else f"-/{saved.max_score:g}"
        notes = []
        if saved.message and status != PASSED and saved.graded:
            notes.append(safe_text(saved.message, keep_newlines=False))
        if saved.edited:
            notes.insert(0, _("edited since this grade"))
        table.add_row(
            terminal.mark(status) if saved.graded else Text("?", style="dim"),
            Text(saved.exercise.id, style="bold" if saved.exercise.id == first else ""),
            Text(_(words[status]) if status in words else status, style=colour),
            Text(score, style="" if status == PASSED else "dim"),
            Text(" · ".join(notes), style="dim", overflow="ellipsis", no_wrap=True),
        )
    return table


def saved_progress(rows: list[Saved]):
    from ..report import terminal

    return terminal.progress(CourseResult(exercises=[saved_result(saved) for saved in rows]), total_exercises=len(rows))


def render_replay(result: CourseResult, *, out, session: Session | None, key: str, title: str, hints: dict) -> None:
    """A run of one property: the header gives the exercise's real score (its last full
    grade, from the saved state), then what this run found."""
    from rich.text import Text

    from ..report import terminal

    out.print(Text(title, style="bold"))
    for exercise in result.exercises:
        saved = session.saved(exercise.id) if session is not None else None
        if saved is not None:
            out.print(saved_progress([saved]))
            out.print()
            out.print(saved_table([saved], first=exercise.id))
            out.print()
            at = saved.at.replace("T", " ") if saved.at else ""
            if saved.graded and saved.edited:
                score = _("the score above is {id}'s last full grade ({at}); the file has changed since") if at else _("the score above is {id}'s last full grade; the file has changed since")
            elif saved.graded:
                score = _("the score above is {id}'s last full grade ({at})") if at else _("the score above is {id}'s last full grade")
            else:
                score = _("{id} has no full grade yet")
        else:
            at, score = "", _("{id}'s score comes from a full grade")
        score = score.format(id=exercise.id, at=at)
        shown = safe_text(key, keep_newlines=False)
        out.print(Text.assemble((_("replay"), "bold"), _(": only property {key} ran; {score}. "
                                "No saved grade changed; `gradwork check {id}` grades every property.").format(key=shown, score=score, id=exercise.id)))
        out.print()
        hint, label = hints.get(exercise.id, (None, None))
        out.print(terminal.exercise_details(exercise, hint=hint, hint_label=label))
        out.print()


# -- the commands ----------------------------------------------------------------------------------
def run_check(course: Course, args, ids: list[str], *, detail_for: str) -> int:
    for exercise_id in ids:
        course.get(exercise_id)  # unknown id: CourseError, exit 2
    only = getattr(args, "property", None)
    if only and len(ids) != 1:
        raise UsageError(_("--property needs exactly one exercise id, e.g. `gradwork check zeros_init --property KEY`"))
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(_("--jobs {jobs}: must be at least 1").format(jobs=args.jobs))
    target = resolve_target(course, args.target)
    check_output_path(args.output)
    level = choose_isolation(args, graded=args.format in GRADED_FORMATS)
    session = Session(course)
    # The session remembers a full grade of the student's own files; a replay (--property)
    # or another folder never replaces the saved result.
    result = session.grade(ids or None, target=target, jobs=args.jobs, only=only, level=level, student=args.student, strength=args.strength or "public")
    own = session.own_work(target)
    emit(result, args.format, args.output, detail_for=detail_for, course=course, session=session if own else None,
         feedback_level=args.feedback, replay=only if only and own else None)
    return exit_status(result)


def cmd_hint(course: Course, args) -> int:
    from rich.text import Text

    from ..report.terminal import console

    session = Session(course)
    exercise = session.exercise(args.id)
    out = console()  # wrapped at the terminal's width, like the report
    if not exercise.hints:
        out.print(Text(_("{id} has no hints; read the lesson: docs/{lesson}").format(id=exercise.id, lesson=page(exercise.lesson))))
        return 0
    if args.all:
        for hint in session.hints_so_far(exercise.id):
            out.print(Text.assemble((_("Hint {tier} for {id}: ").format(tier=hint.label, id=exercise.id), "bold"), _(hint.text), "\n"))
        return 0
    hint = session.next_hint(exercise.id)
    out.print(Text.assemble((_("Hint {tier} for {id}: ").format(tier=hint.label, id=exercise.id), "bold"), _(hint.text)))
    if not hint.last:
        out.print(Text("\n" + _("(run `gradwork hint {id}` again for the next hint)").format(id=exercise.id)))
    else:
        out.print(Text("\n" + _("That was the last hint. The lesson (docs/{lesson}) works through the idea step by step.").format(lesson=page(exercise.lesson))))
    return 0


def cmd_list(course: Course, args) -> int:
    """Progress, one line per exercise (its last known status and score) and the next one.

    Nothing is graded: this reads the saved state, so it is instant and exits 0."""
    from rich.text import Text

    from ..report import terminal

    session = Session(course)
    rows = session.progress()
    current = session.current()
    out = terminal.console()
    out.print(Text(_(course.title), style="bold"))
    out.print(saved_progress(rows))
    out.print()
    out.print(saved_table(rows, first=current))
    out.print()
    unfinished = [saved for saved in rows if saved.status != PASSED]
    if unfinished:
        nxt = session.saved(current)
        out.print(_("Next: {id} — {title} ({path}); `gradwork check {id}` explains what to do").format(
            id=nxt.exercise.id, title=_(nxt.exercise.title), path=course.display(course.stub_path(nxt.exercise))))
    else:
        out.print(_("Every exercise passes."))
    out.print(Text(_("These are your last grades, from .gradwork/state.json (nothing was graded now); `gradwork` grades every exercise again."), style="dim"))
    return 0
