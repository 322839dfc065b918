"""The student's session: where they are in the course and what they have seen.

One :class:`Session` owns what the student loop needs to remember between
commands (kept in ``.gradwork/state.json`` by :mod:`graders.state`):

* the **current exercise**: the first one the saved state does not record as
  passed;
* the **hint tiers** shown, whether by ``gradwork hint`` or by a report; the
  next ``gradwork hint`` shows the first tier the student has not seen;
* **grade and remember**: a grade of the student's own ``exercises/`` is saved;
  a partial grade (one property, a replay) or a grade of another folder never
  replaces the saved result;
* **solution gating**: the reference is shown once a fresh grade passes;
* **reset** with a backup first: nothing a student wrote is ever lost.

The command line (:mod:`graders.cli`), ``gradwork watch`` (:mod:`graders.watch`)
and Jupyter (:mod:`graders.notebook`) are front ends over this object; none of
them imports another. Arrows point down only::

    cli, watch, notebook  →  session  →  engine  →  sandbox

The engine is imported only when something is graded, so reading the state
(``gradwork list``, ``gradwork hint``) stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .course import Course, Exercise
from .errors import UsageError
from .files import write_atomically
from .i18n import _
from .results import PASSED, CourseResult, ExerciseResult
from .state import State, backup_file, file_digest

NOT_GRADED = "not_graded"  # a status only the session uses: no grade saved for this exercise


@dataclass(frozen=True)
class Hint:
    """One hint tier of one exercise: ``tier`` counts from 1."""

    exercise_id: str
    tier: int
    total: int
    text: str

    @property
    def label(self) -> str:
        """The tier as "2 of 3", in the reader's language. ``text`` is the course's own
        (English) words: translate it where it is shown (``_(hint.text)``)."""
        # TRANSLATORS: which hint tier this is, e.g. "2 of 3" (shown as "hint 2 of 3: ...")
        return _("{tier} of {total}").format(tier=self.tier, total=self.total)

    @property
    def last(self) -> bool:
        return self.tier >= self.total


@dataclass(frozen=True)
class Saved:
    """What the state file knows of an exercise (``status`` is NOT_GRADED when nothing)."""

    exercise: Exercise
    status: str
    score: float | None
    max_score: float
    message: str | None
    at: str | None
    edited: bool  # the file changed since that grade (False when unknown)

    @property
    def graded(self) -> bool:
        return self.status != NOT_GRADED


@dataclass(frozen=True)
class Reset:
    """What ``reset`` did: ``action`` is unchanged (already the stub), replaced
    (the student's version is in ``backup``) or restored (the file was missing)."""

    path: Path
    action: str
    backup: Path | None = None


class Session:
    """The student's session over one course. Cheap to make; holds no open files.

    The state file is read afresh for each question (``state``), so a hint asked
    for in another terminal, or a grade made there, is never undone here.
    """

    def __init__(self, course: Course):
        self.course = course

    # -- the saved state ---------------------------------------------------------
    @property
    def state(self) -> State:
        return State(self.course.root)

    def exercise(self, exercise_id: str | None = None) -> Exercise:
        """The named exercise (unknown: a one-line CourseError listing the ids), or the current one."""
        return self.course.get(exercise_id or self.current())

    def current(self, results: dict | None = None) -> str:
        """The first exercise not passed, in course order (the last one when all pass).

        ``results`` (id → ExerciseResult), when given, decide instead of the saved state."""
        state = None if results is not None else self.state
        for exercise in self.course.exercises:
            if results is not None:
                found = results.get(exercise.id)
                status = found.status if found is not None else None
            else:
                status = state.status(exercise.id).get("status")
            if status != PASSED:
                return exercise.id
        return self.course.exercises[-1].id

    def saved(self, exercise_id: str, state: State | None = None) -> Saved:
        """The last full grade of an exercise, as the state file has it."""
        exercise = self.course.get(exercise_id)
        entry = (state or self.state).status(exercise_id)
        status = entry.get("status")
        if not isinstance(status, str) or not status:
            return Saved(exercise, NOT_GRADED, None, float(exercise.points), None, None, False)
        digest = entry.get("digest")
        edited = isinstance(digest, str) and file_digest(self.course.stub_path(exercise)) != digest
        message = entry.get("message")
        return Saved(
            exercise, status, _number(entry.get("score")), _number(entry.get("max_score"), float(exercise.points)),
            message if isinstance(message, str) else None, entry.get("at") if isinstance(entry.get("at"), str) else None, edited,
        )

    def progress(self) -> list[Saved]:
        """Every exercise's last known grade, in course order (nothing is graded)."""
        state = self.state
        return [self.saved(exercise.id, state) for exercise in self.course.exercises]

    # -- grade and remember ----------------------------------------------------------
    def own_work(self, target: Path | str | None) -> bool:
        """Whether ``target`` is the student's own ``exercises/`` (whose grades are remembered)."""
        if target is None:
            return True
        return Path(target).resolve() == self.course.exercises_dir.resolve()

    def _digests(self, ids) -> dict:
        return {i: file_digest(self.course.stub_path(self.course.get(i))) for i in ids}

    def grade(self, ids: list[str] | None = None, *, target: Path | str | None = None, only: str | None = None, **options) -> CourseResult:
        """Grade (see :func:`graders.engine.runner.grade` for ``options``) and, when it
        is a full grade of the student's own files, remember the results."""
        ids = list(ids or [])
        for exercise_id in ids:
            self.course.get(exercise_id)  # an unknown id: a one-line CourseError
        own = self.own_work(target) and not only
        digests = self._digests(ids or self.course.ids()) if own else {}
        # The run's zygote starts before the engine (and Hypothesis) is imported, so
        # that its numpy import overlaps theirs instead of making the first exercise
        # wait for it; the engine's grade() owns it from here on.
        from .sandbox import isolation
        from .sandbox.client import start_zygote

        options["level"] = options.get("level") or isolation.choose()
        box = self.course.sandbox
        zygote = start_zygote(Path(target or self.course.exercises_dir), limits=box.limits, packages=box.packages, level=options["level"],
                              modules=ids or self.course.ids())
        try:
            from .engine.runner import grade
        except BaseException:
            if zygote is not None:
                zygote.close()
            raise
        result = grade(self.course, ids or None, target=Path(target) if target is not None else None, only=only, zygote=zygote, **options)
        if own:
            self.remember(result.exercises, digests)
        return result

    def grade_exercise(self, exercise_id: str, *, remember: bool = True, **options) -> ExerciseResult:
        """Grade one exercise of the student's own files, and (by default) remember it."""
        from .engine.runner import grade_exercise

        exercise = self.course.get(exercise_id)
        digests = self._digests([exercise_id])
        result = grade_exercise(self.course, exercise, **options)
        if remember:
            self.remember([result], digests)
        return result

    def remember(self, results, digests: dict | None = None) -> None:
        """Save these full results (a read-only checkout only means nothing is kept)."""
        self.state.remember(results, digests)

    # -- hints ---------------------------------------------------------------------------
    def hint_reached(self, exercise_id: str) -> Hint | None:
        """The tier a report shows: the last one shown, the first before any (None: no hints)."""
        exercise = self.course.get(exercise_id)
        if not exercise.hints:
            return None
        total = len(exercise.hints)
        tier = max(1, min(self.state.hints_shown(exercise_id), total))
        return Hint(exercise.id, tier, total, exercise.hints[tier - 1])

    def report_hints(self, result: CourseResult, shown_ids) -> dict:
        """The hints a report of ``result`` shows (id → (text, "k of n")) for the
        exercises in ``shown_ids`` that do not pass, and record those tiers as seen:
        the next ``gradwork hint`` then gives the tier after."""
        hints = {}
        state = self.state
        changed = False
        for exercise in result.exercises:
            if exercise.id not in shown_ids or exercise.status == PASSED or exercise.id not in self.course.ids():
                continue
            hint = self.hint_reached(exercise.id)
            if hint is None:
                continue
            hints[exercise.id] = (hint.text, hint.label)
            changed |= state.saw_hint(exercise.id, hint.tier)
        if changed:
            state.save_quietly()
        return hints

    def hint_table(self, result: CourseResult) -> dict:
        """id → (text, "k of n") for every exercise of ``result``, recording nothing
        (for a report written to a file, which the student may never read)."""
        hints = {}
        for exercise in result.exercises:
            if exercise.id in self.course.ids():
                hint = self.hint_reached(exercise.id)
                if hint is not None:
                    hints[exercise.id] = (hint.text, hint.label)
        return hints

    def next_hint(self, exercise_id: str) -> Hint | None:
        """Show the next tier not seen yet (the last one again once all were), and remember it."""
        exercise = self.course.get(exercise_id)
        if not exercise.hints:
            return None
        state = self.state
        index = state.show_next_hint(exercise.id, len(exercise.hints))
        state.save_quietly()
        return Hint(exercise.id, index + 1, len(exercise.hints), exercise.hints[index])

    def hints_so_far(self, exercise_id: str) -> list[Hint]:
        """Every tier shown so far (the first one when none were)."""
        exercise = self.course.get(exercise_id)
        shown = max(1, min(self.state.hints_shown(exercise.id), len(exercise.hints)))
        return [Hint(exercise.id, tier, len(exercise.hints), exercise.hints[tier - 1]) for tier in range(1, shown + 1)] if exercise.hints else []

    # -- the reference solution ------------------------------------------------------------
    def reference(self, exercise_id: str) -> Path:
        """The reference solution's file; a UsageError when this course does not have it."""
        exercise = self.course.get(exercise_id)
        path = self.course.solution_path(exercise)
        if not path.is_file():
            if self.course.corpus_dir is not None:  # the student edition
                raise UsageError(_("the reference solution of {id} is not published yet; your instructor releases it after the due date").format(id=exercise.id))
            raise UsageError(_("this course has no reference solution for {id} ({path} is missing)").format(id=exercise.id, path=self.course.display(path)))
        return path

    def unlock_solution(self, exercise_id: str) -> ExerciseResult:
        """Grade the exercise afresh (the state file only caches: deleting it must not
        block) and remember it; the solution may be shown when the result passes."""
        self.reference(exercise_id)
        return self.grade_exercise(exercise_id)

    def solution_shown_to(self, exercise_id: str, results: dict) -> bool:
        """Whether ``results`` (id → ExerciseResult, e.g. watch's) let the solution be shown."""
        found = results.get(exercise_id)
        return found is not None and found.status == PASSED

    # -- reset ---------------------------------------------------------------------------------
    def stub_source(self, exercise_id: str) -> str:
        """The untouched stub: cut from the reference, or (in the student edition, which has
        no reference) the pristine copy `gradwork release` keeps beside the corpus."""
        from .dev.stubs import StubError, make_stub

        exercise = self.course.get(exercise_id)
        if self.course.corpus_dir is not None:
            pristine = self.course.corpus_dir / "stubs" / f"{exercise.id}.py"
            try:
                return pristine.read_text(encoding="utf-8")
            except OSError:
                raise UsageError(_("the student edition has no pristine stub of {id} ({path}); ask your instructor for a fresh copy").format(
                    id=exercise.id, path=self.course.display(pristine))) from None
        reference = self.reference(exercise_id)
        try:
            return make_stub(reference.read_text(encoding="utf-8"), exercise.id, filename=self.course.display(reference))
        except StubError as exc:
            raise UsageError(_("cannot make the stub of {id}: {error}").format(id=exercise.id, error=exc)) from None

    def switch_stubs(self, language: str) -> list[Path]:
        """Put the stubs nobody has touched into ``language`` (their docstrings and TODOs).

        A file is rewritten only when it is byte for byte the untouched stub in
        another language, so nothing a student wrote is ever replaced. The
        student edition keeps its pristine stubs in one language: it is left alone."""
        from . import i18n
        from .dev.stubs import StubError, make_stub

        if self.course.corpus_dir is not None:
            return []
        changed = []
        for exercise in self.course.exercises:
            path, reference = self.course.stub_path(exercise), self.course.solution_path(exercise)
            if not (path.is_file() and reference.is_file()):
                continue
            try:
                current = path.read_text(encoding="utf-8")
                solution = reference.read_text(encoding="utf-8")
                wanted = make_stub(solution, exercise.id, language=language)
                untouched = any(current == make_stub(solution, exercise.id, language=other) for other in i18n.LANGUAGES if other != language)
            except (OSError, UnicodeDecodeError, StubError):
                continue
            if untouched and current != wanted:
                write_atomically(path, wanted)
                changed.append(path)
        return changed

    def reset(self, exercise_id: str) -> Reset:
        """Put the untouched stub back; the student's version is first copied to
        ``.gradwork/backups/`` and the copy is checked before anything is replaced."""
        exercise = self.course.get(exercise_id)
        stub = self.stub_source(exercise_id)
        path = self.course.stub_path(exercise)
        shown = self.course.display(path)
        if path.is_dir():
            raise UsageError(_("{path} is a folder, not a file; move it away first").format(path=shown))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, stub)
            return Reset(path, "restored")
        current = path.read_bytes()
        if current == stub.encode("utf-8"):
            return Reset(path, "unchanged")
        backup = backup_file(self.course.root, path)
        if backup.read_bytes() != current:  # never replace a file whose copy is not safe
            raise UsageError(_("could not back up {path} to {backup}; nothing was changed").format(path=shown, backup=self.course.display(backup)))
        write_atomically(path, stub)
        return Reset(path, "replaced", backup)


def _number(value, default: float | None = None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return float(value)


def show_solution(session: Session, exercise_id: str, out=None, *, forced: bool = False) -> None:
    """Print the reference solution of an exercise (syntax-highlighted on a terminal).

    The one view of a solution that the command line and ``gradwork watch`` share;
    the caller has already decided that it may be shown."""
    from rich.syntax import Syntax
    from rich.text import Text

    from .report import terminal

    course = session.course
    exercise = course.get(exercise_id)
    out = out or terminal.console()
    path = session.reference(exercise_id)
    from .i18n.source import translate_docstrings

    source = translate_docstrings(path.read_text(encoding="utf-8"))  # its docstrings in the student's language, like their stub
    out.print(terminal.styled(_("{id} — {title}: the reference solution {path}"), id=(exercise.id, "bold"), title=_(exercise.title), path=(f"({course.display(path)})", "dim")))
    if forced:
        out.print(Text(_("--force: shown before your exercise passes. Nothing was written; your file, grade and progress are unchanged."), style="yellow"))
    out.print()
    if out.is_terminal:
        out.print(Syntax(source, "python", background_color="default", word_wrap=True))
    else:
        out.print(source.rstrip("\n"), markup=False, highlight=False, soft_wrap=True)
    out.print()
    student = course.display(course.stub_path(exercise))
    out.print(terminal.styled(_("The model answer sits between {begin} and {end}. Compare it with yours: {command}"),
                              begin=("# BEGIN SOLUTION", "bold"), end=("# END SOLUTION", "bold"), command=f"diff {student} {course.display(path)}"))
