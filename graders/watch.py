"""``gradwork watch``: the student loop — save, see the verdict, ask for a hint, move on.

Once at the start the whole course is graded (progress, and where the student
is); after that only the exercise that was saved is graded, in this process
(no interpreter start: well under a second for most exercises). Saving
``exercises/<id>.py`` makes ``<id>`` the current exercise. When it passes, the
screen says so, offers the reference solution, and moves on to the next
unfinished exercise.

Three threads feed one queue that the main thread reads:

* file changes: ``watchfiles`` (inotify and friends), or, with ``--poll`` or
  when file events are unavailable, a poller that compares the modification
  time, size and contents of ``exercises/*.py`` every 0.25 s;
* keys: single keypresses, with the terminal in cbreak mode (restored on
  exit, Ctrl-C included) — only when standard input is a terminal;
* the main thread grades and draws; keys pressed during a grade wait their turn.

Nothing here writes to ``exercises/``. What is remembered (results, hint
tiers, the current exercise) goes through :class:`graders.session.Session`, as
for the other commands; this module imports nothing of :mod:`graders.cli`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import select
import sys
import threading
import time
from pathlib import Path

from rich.text import Text

from .course import Course
from .errors import UsageError
from .i18n import N_, page, _
from .report import terminal
from .results import PASSED, CourseResult, ExerciseResult
from .session import Session, show_solution
from .state import State

POLL_SECONDS = 0.25
# TRANSLATORS: the letters are the keys themselves; keep them as they are
KEYS_LINE = N_("keys: h hint · l list · n next exercise · r re-run · s solution · q quit")
NO_KEYS_LINE = N_("keys are off (standard input is not a terminal) · Ctrl-C quits")
# How changes are noticed (a label shown in the footer; translated there).
POLLING, FILE_EVENTS = N_("polling"), N_("file events")


def _signature(path: Path):
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, hashlib.blake2b(data, digest_size=16).digest()


class Watch:
    def __init__(self, course: Course, start: str | None = None, *, poll: bool = False, clear: bool = True, out=None, stdin=None, level: str | None = None):
        """``level``: the isolation level of every grade (``--isolation``); default, the
        strongest this machine offers (or ``$GRADWORK_ISOLATION``)."""
        self.course = course
        self.level = level
        self.session = Session(course)
        self.start = start
        self.poll = poll or bool(os.environ.get("GRADWORK_WATCH_POLL"))
        self.out = out or terminal.console()
        self.clear = clear and self.out.is_terminal
        self.stdin = stdin if stdin is not None else sys.stdin
        self.results: dict[str, ExerciseResult] = {}
        self.current: str = start or course.ids()[0]
        self.just_passed: str | None = None
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.mode = POLLING if self.poll else FILE_EVENTS
        self.runs = 0
        self.last: tuple[str, str, float] | None = None  # (id, clock time, seconds) of the last grade
        self.keys = self._stdin_is_terminal()
        self.baseline: dict = {}  # the exercise files as they were when the first grade began
        self.zygote = None  # forks the worker of each grade (sandbox/zygote.py); False: none to be had

    # -- inputs ------------------------------------------------------------------
    def _stdin_is_terminal(self) -> bool:
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError, OSError):
            return False

    def _relevant(self, path: Path) -> bool:
        return path.suffix == ".py" and not path.name.startswith((".", "#")) and Path(path).parent.resolve() == self.course.exercises_dir.resolve()

    def _watch_files(self) -> None:
        if not self.poll:
            try:
                import watchfiles

                live = False
                for changes in watchfiles.watch(
                    self.course.exercises_dir,
                    watch_filter=lambda change, path: self._relevant(Path(path)),
                    debounce=1_000,
                    step=50,
                    stop_event=self.stop,
                    rust_timeout=300,
                    yield_on_timeout=True,  # an empty set every 0.3 s: proof that the watcher is live
                    raise_interrupt=False,
                    recursive=False,
                ):
                    paths = {Path(path) for _change, path in changes}
                    if not live:  # saves made before the watcher was live: compare with the baseline
                        live = True
                        paths |= self._changed_since_baseline()
                    if paths:
                        self.events.put(("files", paths))
                return
            except Exception as exc:  # no inotify (limits, odd file systems): poll instead
                if self.stop.is_set():
                    return
                self.mode = POLLING
                self.events.put(("notice", _("file events are not available here ({error}); looking for changes every {seconds:g} s instead").format(
                    error=f"{type(exc).__name__}: {exc}", seconds=POLL_SECONDS)))
        self._poll_files()

    def _changed_since_baseline(self) -> set:
        now = self._snapshot()
        return {path for path in set(self.baseline) | set(now) if self.baseline.get(path) != now.get(path)}

    def _snapshot(self) -> dict:
        found = {}
        for path in self.course.exercises_dir.glob("*.py"):
            if self._relevant(path):
                found[path] = _signature(path)
        return found

    def _poll_files(self) -> None:
        seen = self.baseline
        while not self.stop.wait(POLL_SECONDS):
            now = self._snapshot()
            changed = {path for path in set(seen) | set(now) if seen.get(path) != now.get(path)}
            seen = now
            if changed:
                self.events.put(("files", changed))

    def _read_keys(self, fd: int) -> None:
        while not self.stop.is_set():
            try:
                ready, _writable, _exceptional = select.select([fd], [], [], 0.2)
                if not ready:
                    continue
                data = os.read(fd, 64)
            except (OSError, ValueError):
                return
            if not data:  # end of input: no more keys, keep watching files
                return
            text = data.decode("utf-8", errors="ignore")
            if text.startswith("\x1b"):  # arrow keys and other escape sequences
                continue
            for char in text:
                self.events.put(("key", char))

    @contextlib.contextmanager
    def _terminal_mode(self):
        """Single keypresses, no echo; the terminal is restored however we leave
        (and cbreak is set again after a suspend with Ctrl-Z and `fg`)."""
        if not self.keys:
            yield
            return
        try:
            import signal
            import termios
            import tty

            fd = self.stdin.fileno()
            saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)
        except (ImportError, OSError, ValueError) as exc:  # termios.error is an OSError
            self.keys = False
            self.events.put(("notice", _("keys are off: the terminal cannot be set to single keypresses ({error})").format(error=exc)))
            yield
            return

        def resumed(signum, frame):
            with contextlib.suppress(OSError):
                tty.setcbreak(fd)

        previous = signal.signal(signal.SIGCONT, resumed)
        try:
            yield
        finally:
            signal.signal(signal.SIGCONT, previous)
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    # -- grading -------------------------------------------------------------------
    @property
    def state(self) -> State:
        """Read afresh each time: `gradwork hint` in another terminal must not be undone."""
        return self.session.state

    def _record(self, results, digests: dict | None = None) -> None:
        for exercise in results:
            self.results[exercise.id] = exercise
        self.session.remember(results, digests)

    def course_result(self) -> CourseResult:
        return CourseResult(exercises=[self.results[i] for i in self.course.ids() if i in self.results])

    def next_unfinished(self, after: str | None) -> str | None:
        """The first unfinished exercise after ``after`` in course order, wrapping around."""
        ids = self.course.ids()
        start = ids.index(after) + 1 if after in ids else 0
        for exercise_id in ids[start:] + ids[:start]:
            if exercise_id != after and self.results.get(exercise_id) is not None and self.results[exercise_id].status != PASSED:
                return exercise_id
        return None

    def regrade(self, exercise_id: str) -> ExerciseResult:
        exercise = self.course.get(exercise_id)
        path = self.course.stub_path(exercise)
        for _attempt in range(3):  # a save during the grade: grade the newer version
            before = _signature(path)
            self.out.print(Text(_("grading {id} …").format(id=exercise_id), style="dim"))
            started = time.perf_counter()
            result = self.session.grade_exercise(exercise.id, remember=False, **self._warm())
            seconds = time.perf_counter() - started
            if _signature(path) == before:
                break
        self.runs += 1
        self.last = (exercise_id, time.strftime("%H:%M:%S"), seconds)
        self._record([result], {exercise.id: before[2].hex() if before else None})
        return result

    def _start_zygote(self) -> None:
        """A zygote kept for the whole session: numpy is imported once, not at every save."""
        from .sandbox import isolation
        from .sandbox.client import start_zygote

        if self.zygote is None:
            box = self.course.sandbox
            self.level = self.level or isolation.choose()
            self.zygote = start_zygote(self.course.exercises_dir, limits=box.limits, packages=box.packages, level=self.level,
                                       modules=self.course.ids()) or False

    def _warm(self) -> dict:
        """The session's zygote, its copy of the student's files refreshed for this grade."""
        self._start_zygote()
        if not self.zygote:
            return {"level": self.level}
        try:
            self.zygote.refresh()
        except OSError:
            return {"level": self.level}
        return {"zygote": self.zygote, "level": self.zygote.level}

    # -- drawing -----------------------------------------------------------------
    def _header(self) -> None:
        if self.clear:
            self.out.clear()
        self.out.print(Text(_(self.course.title), style="bold"))
        self.out.print(terminal.progress(self.course_result(), total_exercises=len(self.course.exercises)))
        self.out.print()

    def _details(self, exercise: ExerciseResult) -> None:
        # The tier shown here counts as seen: the next `h` gives the one after it.
        hint, label = self.session.report_hints(CourseResult(exercises=[exercise]), {exercise.id}).get(exercise.id, (None, None))
        file = (exercise.file or "", "cyan")
        if self.keys:
            what = terminal.styled(_("edit {file} and save it; it is graded again at once · another hint: press {key}"), file=file, key=("h", "bold"))
        else:
            what = terminal.styled(_("edit {file} and save it; it is graded again at once · another hint: {command}"), file=file, command=("gradwork hint " + exercise.id, "bold"))
        step = Text.assemble((_("next"), "bold"), ": ", what)
        self.out.print(terminal.exercise_details(exercise, hint=hint, hint_label=label, next_step=step))

    def _footer(self) -> None:
        # One line each, never wrapped: they hold commands to paste and what the tests look for.
        self.out.print()
        current = self.course.display(self.course.stub_path(self.course.get(self.current)))
        if self.last:
            graded, clock, seconds = self.last
            line = _("#{run} {id} graded at {clock} in {seconds:.2f} s · watching {file} ({mode}): save it to re-grade").format(
                run=self.runs, id=graded, clock=clock, seconds=seconds, file=current, mode=_(self.mode))
        else:
            line = _("watching {file} ({mode}): save it to re-grade").format(file=current, mode=_(self.mode))
        self.out.print(Text(line, style="dim"), soft_wrap=True)
        self.out.print(Text(_(KEYS_LINE if self.keys else NO_KEYS_LINE), style="bold"))
        self.out.print(Text(_("no new verdict after a save? restart with `gradwork watch --poll`, or run `gradwork check {id}` after each save").format(id=self.current),
                            style="dim"), soft_wrap=True)

    def _next_line(self, exercise: ExerciseResult) -> Text:
        """The line "Next: id — title (file)": the exercise the student moves on to."""
        path = self.course.display(self.course.stub_path(self.course.get(exercise.id)))
        # TRANSLATORS: a label, followed by the next exercise's id, title and file
        return Text.assemble((_("Next:") + " ", "bold"), terminal.styled(_("{id} — {title} ({path})"), id=(exercise.id, "bold cyan"), title=_(exercise.title), path=path))

    def show(self) -> None:
        """The screen for the current exercise (its failures, or the way on after a pass)."""
        self._header()
        exercise = self.results[self.current]
        if exercise.status == PASSED:
            self.just_passed = exercise.id
            self.out.print(Text.assemble(("✓ ", "bold green"), terminal.styled(
                _("{id} — {title} passes: {message} {score}"), id=(exercise.id, "bold"), title=_(exercise.title), message=exercise.message,
                score=(f"({exercise.score:g}/{exercise.max_score:g})", "green"))))
            self.out.print(Text.assemble("  ", terminal.styled(_("Compare with the reference: press {key} (or run {command})"),
                                                               key=("s", "bold"), command=(f"gradwork solution {exercise.id}", "bold"))))
            self.out.print()
            following = self.next_unfinished(exercise.id)
            if following is None:
                result = self.course_result()
                self.out.print(Text(_("Every exercise passes — you have finished the course ({score:g}/{max_score:g} points). Well done!").format(
                    score=result.score, max_score=result.max_score), style="bold green"))
                self.out.print(Text(_("Keep editing if you like: every save is still graded."), style="dim"))
            else:
                self.current = following
                nxt = self.results[following]
                self.out.print(self._next_line(nxt))
                self.out.print()
                self._details(nxt)
        else:
            self._details(exercise)
        self._footer()

    def show_list(self) -> None:
        self.out.print()
        result = self.course_result()
        self.out.print(terminal.progress(result, total_exercises=len(self.course.exercises)))
        self.out.print(terminal.exercise_table(result, first=self.current))
        following = self.current if self.results[self.current].status != PASSED else self.next_unfinished(self.current)
        if following:
            self.out.print(self._next_line(self.results[following]))
        else:
            self.out.print(Text(_("Every exercise passes."), style="bold green"))

    def show_hint(self) -> None:
        exercise = self.course.get(self.current)
        self.out.print()
        if not exercise.hints:
            self.out.print(_("{id} has no hints; read the lesson: docs/{lesson}").format(id=exercise.id, lesson=page(exercise.lesson)))
            return
        hint = self.session.next_hint(exercise.id)
        self.out.print(Text.assemble((_("Hint {tier} for {id}: ").format(tier=hint.label, id=exercise.id), "bold yellow"), _(hint.text)))
        if hint.last:
            self.out.print(Text(_("That was the last hint; the lesson (docs/{lesson}) works through the idea step by step.").format(lesson=page(exercise.lesson)), style="dim"))

    def show_solution(self) -> None:
        self.out.print()
        candidates = [self.current, self.just_passed]
        chosen = next((i for i in candidates if i and self.session.solution_shown_to(i, self.results)), None)
        if chosen is None:
            self.out.print(Text(_("The reference solution of {id} is shown once it passes. (`gradwork solution {id} --force` shows it anyway.)").format(id=self.current),
                                style="yellow"), soft_wrap=True)
            return
        try:
            show_solution(self.session, chosen, self.out)
        except UsageError as exc:  # e.g. the student edition before the solution is published
            self.out.print(Text(str(exc), style="yellow"))

    # -- the loop ----------------------------------------------------------------
    def handle_key(self, key: str) -> bool:
        """Act on one key; False means quit. Unknown keys are ignored."""
        key = key.lower()
        if key in ("q", "\x04"):
            return False
        if key in ("n", "r", "\n", "\r"):
            if key == "n":
                self.current = self.next_unfinished(self.current) or self._after(self.current)
            self.regrade(self.current)
            self.show()
            return True
        actions = {"h": self.show_hint, "l": self.show_list, "s": self.show_solution, "?": self.out.print}
        if key in actions:
            actions[key]()
            self.out.print(Text(_(KEYS_LINE), style="dim"))
        return True

    def _after(self, exercise_id: str) -> str:
        ids = self.course.ids()
        return ids[(ids.index(exercise_id) + 1) % len(ids)]

    def on_files(self, changed: set) -> None:
        ids = self.course.ids()
        saved = [path.stem for path in changed if path.stem in ids]
        if saved and self.current not in saved:
            self.current = min(saved, key=ids.index)
        if saved or changed:
            self.regrade(self.current)
            self.show()

    def run(self) -> int:
        try:
            self.out.print(Text(_("Grading the course ({count} exercises) to see where you are …").format(count=len(self.course.exercises)), style="dim"))
            # Before any thread starts: the first grade may fork worker processes.
            self.baseline = self._snapshot()
            for exercise in self.session.grade(level=self.level).exercises:  # graded and remembered
                self.results[exercise.id] = exercise
        except KeyboardInterrupt:
            self.out.print(Text(_("Stopped before the first grade."), style="dim"))
            return 0
        if not self.start:
            self.current = self.session.current(self.results)
        self._start_zygote()  # before any thread starts, like every fork
        threads = []
        with self._terminal_mode():
            try:
                threads.append(threading.Thread(target=self._watch_files, name="gradwork-files", daemon=True))
                if self.keys:
                    threads.append(threading.Thread(target=self._read_keys, args=(self.stdin.fileno(),), name="gradwork-keys", daemon=True))
                for thread in threads:
                    thread.start()
                self.show()
                self._loop()
            except KeyboardInterrupt:
                self.out.print()
            finally:
                self.stop.set()
                for thread in threads:
                    thread.join(timeout=1.0)
                if self.zygote:
                    self.zygote.close()
        result = self.course_result()
        done = sum(1 for e in result.exercises if e.status == PASSED)
        self.out.print(Text(_("Stopped watching. Progress: {done}/{total} exercises, {score:g}/{max_score:g} points. `gradwork watch` picks up where you are.").format(
            done=done, total=len(self.course.exercises), score=result.score, max_score=result.max_score), style="dim"))
        return 0

    def _loop(self) -> None:
        while True:
            try:
                kind, value = self.events.get(timeout=0.5)
            except queue.Empty:
                continue
            if kind == "files":
                changed = set(value)
                time.sleep(0.02)  # let a burst of writes settle, then take them all
                later = []
                while True:
                    try:
                        more = self.events.get_nowait()
                    except queue.Empty:
                        break
                    if more[0] == "files":
                        changed |= more[1]
                    else:
                        later.append(more)
                self.on_files(changed)
                for item in later:  # keys pressed meanwhile, in order
                    self.events.put(item)
            elif kind == "key":
                if not self.handle_key(value):
                    return
            elif kind == "notice":
                self.out.print(Text(value, style="yellow"))
