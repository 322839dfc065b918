"""Grading: run every property of an exercise against a target folder.

This is the trusted parent's side. For one exercise it checks that the file
exists and parses, starts a :class:`~graders.sandbox.client.Sandbox`, imports
the student's module there, and runs each property under the grading
profile (derandomised, no database, no deadline, fixed example counts), then
the static rules. Results are plain data (:mod:`graders.results`).

The runner never names an exercise: everything comes from ``course.toml``
and the property, solution and mistake modules it points to.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import os
import platform
import time
import tokenize
from pathlib import Path

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.errors import Flaky, UnsatisfiedAssumption

from ..course import Course, CourseError, Exercise
from ..files import write_atomically
from ..i18n import N_, _
from ..results import ERROR, FAILED, NOT_STARTED, PASSED, SKIPPED, CourseResult, Diagnosis, ExerciseResult, PropertyResult, allocate, english_copy
from ..sandbox import isolation
from ..sandbox.client import MissingFunction, Sandbox, SubmissionFileError, WorkerLost, read_submission_file, start_zygote
from ..text import said
from . import loading, replay, rules, supervisor, variants
from .calls import NotStarted, Student, StudentRaised
from .compare import Mismatch
from .feedback import Explainer, not_started_message, raised_text
from .properties import Property, collect

GRADING_PROFILE = "gradwork-grading"
settings.register_profile(
    GRADING_PROFILE,
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
    print_blob=False,
    verbosity=Verbosity.quiet,
)


def grading_settings(max_examples: int, *, derandomize: bool = True) -> settings:
    """The grading profile, loaded explicitly (never from the CI variable)."""
    return settings(settings.get_profile(GRADING_PROFILE), max_examples=max_examples, derandomize=derandomize)


STRENGTHS = ("public", "hidden")


def public_seed(exercise_id: str, key: str) -> int:
    """The seed of one property at public strength: every run draws the same examples."""
    import hashlib

    return int.from_bytes(hashlib.sha256(f"public\0{exercise_id}\0{key}".encode()).digest()[:8], "big")


def hidden_seed(secret: str, exercise_id: str, key: str) -> int:
    """The seed of one property at hidden strength: a pure function of the course's
    secret and the property, so a graded run is as deterministic as a public one."""
    import hashlib

    return int.from_bytes(hashlib.sha256(f"{secret}\0{exercise_id}\0{key}".encode()).digest()[:8], "big")


def python_source(data: bytes) -> str:
    """Source bytes as Python reads them: a UTF-8 BOM (Notepad writes one) or a
    coding line is honoured, so the parent parses what the worker will import."""
    encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding).lstrip("\ufeff")


# The name of the vectorised rule of a function, as a property's description reads.
VECTORISED = N_("{function} is vectorised (no Python loop over the data)")


# -- one property -------------------------------------------------------------
class ExerciseRun:
    """Everything needed to grade one exercise against one target folder."""

    def __init__(self, course: Course, exercise: Exercise, target: Path, *, level: str = "basic", strength: str = "public", graded: bool = False,
                 fast: bool = True, zygote=None):
        """``strength="hidden"``: each property's examples (``hidden_examples`` times as
        many) drawn from the course's secret seed (graded runs). ``graded=True``: messages for a submission graded
        elsewhere, which name no local folder and no gradwork command. ``fast=False``:
        every property runs the plain way, by Hypothesis (see :mod:`.replay`)."""
        self.course = course
        self.exercise = exercise
        self.target = Path(target)
        self.level = level
        self.strength = strength
        self.graded = graded
        self.display_dir = "." if graded else course.display(self.target)
        self.file = f"{exercise.id}.py" if graded else f"{self.display_dir}/{exercise.id}.py"
        self.properties: list[Property] | None = None
        self.recorded = None  # the student edition's corpus (graders.classroom.corpus.Corpus)
        self.fast = fast
        self.zygote = zygote  # the run's zygote, which forks the worker (sandbox/zygote.py)
        self.replays: dict = {}  # property key -> its recorded examples (engine/replay.py)

    def _replay(self, key: str) -> str | None:
        if self.graded:
            return None
        target = "" if self.target.resolve() == self.course.exercises_dir.resolve() else f" --target {self.display_dir}"
        return f"gradwork check {self.exercise.id} --property {key}{target}"

    def _restore_advice(self) -> str:
        """How to get the stub back: a command locally, the course repository when graded."""
        if self.graded:
            return _("start again from the course's stub, keeping your work")
        return _("`gradwork reset {id}` restores the stub (your file is backed up)").format(id=self.exercise.id)

    def _hypothesis_test(self, prop: Property):
        """The property as a Hypothesis test for this run: its example count and seed
        (a pure function of the property, or of the course's secret at hidden strength)."""
        if self.strength == "hidden":
            run_settings = grading_settings(prop.max_examples * self.course.grading.hidden_examples, derandomize=False)
            return prop.build(run_settings, hidden_seed(self.course.grading.seed(), self.exercise.id, prop.key))
        return prop.build(grading_settings(prop.max_examples), public_seed(self.exercise.id, prop.key))

    def plain(self, prop: Property):
        """The property run the plain way: ``test(student, reference)``."""
        if prop.uses_hypothesis:
            return self._hypothesis_test(prop)
        return lambda student, reference: prop.run_example(student, reference, {})

    def run_property(self, prop: Property, student: Student, explainer: Explainer) -> PropertyResult:
        result = PropertyResult(function=prop.function, status=PASSED, key=prop.key, weight=prop.weight, name=_(prop.name))
        started = time.perf_counter()
        student.begin_property(prop.checks)
        reference = explainer.reference
        advice = _(prop.advice) if prop.advice else None  # the course's words, translated where they enter the result
        try:
            if self.recorded is not None:
                self._run_corpus(prop, student, reference)
            elif prop.key in self.replays:
                replay.run(prop, student, reference, self.replays[prop.key], lambda: self.plain(prop)(student, reference))
            elif prop.uses_hypothesis:
                self._hypothesis_test(prop)(student, reference)
            else:
                prop.run_example(student, reference, {})
        except (NotStarted, WorkerLost, StudentRaised, Mismatch) as exc:
            explainer.explain(result, exc, student, prop.function, advice)
            if isinstance(exc, WorkerLost) and not exc.worker_alive:
                student._sandbox.reset()  # the next call starts a fresh worker
        except Flaky as exc:
            result.status = FAILED
            result.problem = "nondeterministic"
            result.message = _("{function} failed on an input and then passed on the same input — its answer depends on something other than its arguments").format(
                function=prop.function)
            result.cause = f"nondeterministic:{prop.function}"
            inner = _first_mismatch(exc)
            if inner is not None:
                explainer.explain(result, inner, student, prop.function, advice)
                if inner.problem not in SHOWN_BY_A_SECOND_CALL:
                    result.message = _("(not reproducible) {message}").format(message=result.message)
        except loading.GraderError:
            raise
        except Exception as exc:
            # The property's own code raised. When a result of the student's is
            # so odd that it broke the property, that is the student's failure;
            # otherwise it is a bug in the grader, never counted against them.
            if not explainer.odd(result, student, prop.function, advice):
                result.status = ERROR
                result.problem = "grader"
                result.message = _("the grader could not check this property ({error}: {message}) — not your fault; it does not count against you; please tell your instructor").format(
                    error=type(exc).__name__, message=exc)
        result.examples = student.examples
        result.seconds = time.perf_counter() - started
        return result

    # After the first failing example, this many more are run, spread over the larger
    # examples, so that diagnosis sees several varied wrong calls (as it does after
    # Hypothesis has shrunk): a mistake is named only if it reproduces all of them,
    # and on one-element inputs many mistakes coincide.
    CORPUS_MORE_EXAMPLES = 12

    def _run_corpus(self, prop: Property, student: Student, reference) -> None:
        """The student edition: run the property on its recorded examples, smallest
        first, and raise the first failure, as a Hypothesis run raises its shrunk one."""
        from ..classroom.corpus import run_example

        examples = self.recorded.examples(prop.key)
        for index, kwargs in enumerate(examples):
            try:
                run_example(prop, student, reference, kwargs)
            except UnsatisfiedAssumption:
                continue
            except (Mismatch, StudentRaised) as exc:
                self._more_calls(prop, student, reference, examples[index + 1 :])
                raise exc from None

    def _more_calls(self, prop: Property, student: Student, reference, rest: list) -> None:
        """Run some of the remaining examples only to record the student's calls."""
        from ..classroom.corpus import run_example

        step = max(1, len(rest) // self.CORPUS_MORE_EXAMPLES)
        for kwargs in rest[::-1][::step][: self.CORPUS_MORE_EXAMPLES]:
            try:
                run_example(prop, student, reference, kwargs)
            except WorkerLost:  # the worker died on a later example: the first failure stands
                student._sandbox.reset()
                return
            except (Exception, NotStarted):
                continue

    @staticmethod
    def _rule_result(function: str) -> PropertyResult:
        name = _(VECTORISED).format(function=function)
        return PropertyResult(name=name, function=function, status=PASSED, key=f"vectorised:{function}", kind="rule")

    def _blame_callee(self, result: PropertyResult, earlier: list[PropertyResult], source: str) -> PropertyResult:
        """A failed property of a function that calls another function of the exercise
        (``forward`` calls ``dense``) whose own properties failed before it: the callee
        is where to look first, not a mistake of the caller's that happens to give the
        same numbers (replays of a caller's mistakes run the reference's callee, so a
        match proves nothing). The caller's answer is wrong all the same: it fails.

        Read from the source, never from the calls a property happened to make: those
        differ between the fast path and a plain run, and the report must not."""
        if result.status != FAILED or result.problem in ("slow", "grader"):
            return result
        failing = {r.function for r in earlier if r.status in (FAILED, ERROR) and r.kind != "rule"} - {result.function}
        function = result.function
        # Every function of the exercise it calls, directly or through another, nearest
        # first; of the failing ones, a root (whose own failures are not blamed on a callee
        # in turn) goes first: init_network_random calls he_normal and xavier_normal, which
        # both fail because the normal_init they call does, and normal_init is to be fixed.
        reached, frontier = [], [function]
        while frontier:
            frontier = [g for f in frontier for g in rules.calls_among(source, f, self.exercise.functions) if g != function and g not in reached]
            frontier = list(dict.fromkeys(frontier))
            reached += frontier
        called = [f for f in reached if f in failing]
        if not called:
            return result
        followers = {r.function for r in earlier if (r.cause or "").startswith("calls-failing:")}
        roots = [f for f in called if f not in followers]
        callee = (roots or called)[0]
        title = N_("{function} calls your {callee}, whose own properties fail")
        advice = _("Fix {callee} first: {function} builds its answer from {callee}'s, so it cannot be right until {callee} is.")
        shown = _(title).format(function=function, callee=callee)
        result.diagnosis = Diagnosis(f"check:calls-failing:{callee}", shown, advice.format(function=function, callee=callee),
                                     title_en=english_copy(title.format(function=function, callee=callee), shown))
        result.advice = None
        result.cause = f"calls-failing:{callee}"
        return result

    @staticmethod
    def _dict_parameters(function: str, source: str, reference) -> set[str]:
        """The parameters of ``function`` the course passes as dicts, by the reference's
        annotations (``params: dict[str, np.ndarray]``). The student edition has no
        reference code: there the stub's annotations, as the student's file keeps them,
        stand in (a check of one's own work, never a grade)."""
        annotations = getattr(getattr(reference, function, None), "__annotations__", None)
        if not isinstance(annotations, dict):
            annotations = rules.annotations(source, function)
        return {name for name, annotation in annotations.items() if name != "return" and rules.is_dict_annotation(annotation)}

    def run_rule(self, function: str, source: str, not_started: bool, reference=None) -> PropertyResult:
        result = self._rule_result(function)
        if not_started:
            result.status = NOT_STARTED
            result.message = not_started_message(function)
            return result
        finding = rules.find_loop(source, function, dict_parameters=self._dict_parameters(function, source, reference))
        if finding is not None:
            what = said(finding.what)
            values = {"function": function, "line": finding.line, "helper": said(finding.where), "what": what}
            result.status = FAILED
            result.problem = "loop"
            if finding.where != function:
                result.message = _("{function} must be vectorised, but line {line} (in {helper}, which it calls) uses {what}").format(**values)
            else:
                result.message = _("{function} must be vectorised, but line {line} uses {what}").format(**values)
            # The rule read the loop in the student's own file: a certain diagnosis.
            # ({what} says what kind of loop: "a `for` loop", "tuple() over the data (a Python loop)")
            title = N_("{what} in a function that must be vectorised")
            shown = _(title).format(what=what)
            result.diagnosis = Diagnosis("rule:loop", shown, _("Replace the loop with whole-array numpy operations (broadcasting, .sum(axis=...), @)."),
                                         title_en=english_copy(title.format(what=finding.what), shown))
            result.traceback = [_("{file}:{line} in {function}: {code}").format(file=self.file, line=finding.line, function=said(finding.where), code=finding.code)]
        return result

    # -- the whole exercise ----------------------------------------------------
    def catalogue(self) -> list[PropertyResult]:
        """Every property and rule of the exercise, not run: an exercise that cannot be
        graded still lists all of them (Gradescope's per-test statistics need the same
        tests for every student)."""
        properties = self.properties
        if properties is None:
            try:
                properties = collect(loading.load("properties", self.course.properties_dir, self.exercise.id))
            except loading.GraderError:
                properties = []
        listed = [PropertyResult(function=p.function, status=SKIPPED, key=p.key, weight=p.weight, name=_(p.name)) for p in properties]
        listed += [self._rule_result(function) for function in self.exercise.vectorised]
        for item in listed:
            item.status, item.message = SKIPPED, _("not run: the module could not be graded (see the exercise's message)")
        return listed

    def error(self, message: str, **extra) -> ExerciseResult:
        return self._result(ERROR, message, self.catalogue(), **extra)

    def _result(self, status, message, properties, **extra) -> ExerciseResult:
        exercise = self.exercise
        for prop in properties:
            prop.visibility = exercise.visibility_of(prop.key)
        # A property the grader itself could not check counts neither way; the
        # others share the exercise's points exactly (see results.allocate).
        counted = [p for p in properties if p.problem != "grader"]
        for prop, share in zip(counted, allocate(exercise.points, [p.weight for p in counted])):
            prop.max_score = share
        for prop in properties:
            prop.score = prop.max_score if prop.status == PASSED and status not in (ERROR, NOT_STARTED) else 0.0
        score = round(sum(p.score for p in properties), 2) if counted else 0.0
        if not properties and status == PASSED:
            score = exercise.points
        return ExerciseResult(
            id=exercise.id,
            title=exercise.title,
            status=status,
            score=score,
            max_score=exercise.points,
            message=message,
            properties=properties,
            hint=exercise.hints[0] if exercise.hints and status != PASSED else None,
            lesson=exercise.lesson,
            file=self.file,
            **extra,
        )

    def _time_budget(self) -> float:
        """Seconds after which no further property is started: the exercise's cap,
        less the most one property can take (its budget, a repeated call, a re-import)."""
        box = self.course.sandbox
        worst = box.property_seconds + 2 * box.limits.call_seconds + box.limits.import_seconds + 5
        return max(box.exercise_seconds - worst, box.exercise_seconds / 2)

    def grade(self, only: str | None = None, functions=None) -> ExerciseResult:
        """Grade every property, or just the property ``only``, or just the
        properties (and rules) of ``functions``."""
        started = self.started = time.perf_counter()
        try:
            result = self._grade(only, set(functions) if functions else None)
        except loading.GraderError as exc:
            # The course's own code is broken: this exercise cannot be graded,
            # but the others can, and the message says whose fault it is.
            result = self.error(_("the course's grader for {id} is broken — not your fault; tell your instructor: {error}").format(id=self.exercise.id, error=exc), problem="grader")
        result.seconds = time.perf_counter() - started
        return result

    def _grade(self, only: str | None, functions: set | None) -> ExerciseResult:
        exercise, course = self.exercise, self.course
        path = course.stub_path(exercise, self.target)
        if not os.path.lexists(path):
            if self.graded:
                return self.error(_("{file} is missing").format(file=self.file))
            return self.error(_("{file} is missing — `gradwork reset {id}` puts the stub back").format(file=self.file, id=exercise.id))
        try:
            source = python_source(read_submission_file(path))
            ast.parse(source, filename=str(path))
        except SubmissionFileError as exc:
            # TRANSLATORS: {problem} starts with the file's name: "f.py is a symbolic link; submit the file itself"
            return self.error(_("{problem} — it is not graded").format(problem=f"{self.display_dir}/{exc}"))
        except SyntaxError as exc:
            line = (exc.text or "").rstrip("\n")
            # Python's own words for the error (exc.msg) are data, like any exception's message
            if line.strip():
                return self.error(_("{file}:{line}: syntax error: {message} in `{code}`").format(file=self.file, line=exc.lineno, message=exc.msg, code=line.strip()))
            return self.error(_("{file}:{line}: syntax error: {message}").format(file=self.file, line=exc.lineno, message=exc.msg))
        except (RecursionError, MemoryError):
            # Python's compiler gives up on an expression nested thousands deep (1+1+...+1,
            # ------1): the file's fault, said as such, never the grader's crash.
            return self.error(_("{file} cannot be compiled: an expression is nested too deeply for Python (thousands of operators or parentheses in one expression)").format(file=self.file))
        except (OSError, UnicodeDecodeError, LookupError, ValueError) as exc:
            return self.error(_("cannot read {file}: {error}").format(file=self.file, error=exc))

        # Start the worker first: it imports numpy while the parent imports the
        # trusted modules below.
        sandbox = Sandbox(self.target, limits=course.sandbox.limits, packages=course.sandbox.packages, level=self.level, first=exercise.id, zygote=self.zygote)
        try:
            sandbox.start()
            properties = self.properties = collect(loading.load("properties", course.properties_dir, exercise.id))
            if course.corpus_dir is not None:
                # The student edition: answers recorded as data, no reference code.
                from ..classroom.corpus import Corpus, CorpusError

                try:
                    self.recorded = Corpus.load(course.corpus_dir, exercise.id)
                except CorpusError as exc:
                    raise loading.GraderError(str(exc)) from None
                reference, bank = self.recorded.reference, self.recorded.variants
                properties = self.properties = [p for p in properties if self.recorded.has(p.key)]
            else:
                reference = loading.load("solutions", course.solutions_dir, exercise.id)

                def bank():  # the known mistakes: loaded only if a property fails
                    mistakes = loading.load_optional("mistakes", course.mistakes_dir, exercise.id)
                    return variants.collect(mistakes) if mistakes else []
                if self.fast:
                    self.replays = replay.recordings(self, properties, reference, source)
            if only is not None:
                keys = [p.key for p in properties] + [f"vectorised:{f}" for f in exercise.vectorised]
                if only not in keys:  # a mistyped replay command: a usage error, exit 2
                    raise CourseError(_("exercise {id} has no property {key}; its properties are: {keys}").format(id=repr(exercise.id), key=repr(only), keys=", ".join(keys)))
                properties = [p for p in properties if p.key == only]
            if functions is not None:
                properties = [p for p in properties if p.function in functions]
            try:
                loaded = sandbox.load(exercise.id)
            except WorkerLost as exc:
                if exc.kind == "timeout":
                    return self.error(_("importing {file} timed out — is there an infinite loop (or a long computation) at module level?").format(file=self.file))
                if exc.kind == "sandbox":
                    return self.error(_("the sandbox failed to start the worker for {file} — not your fault; tell your instructor: {problem}").format(
                        file=self.file, problem=exc.said()), problem="grader")
                return self.error(_("importing {file}: {problem}").format(file=self.file, problem=exc.said("Python")))
            if not loaded.get("ok"):
                err = loaded["error"]
                if err["type"] == "SyntaxError":
                    return self.error(_("{file}:{line}: syntax error: {message}").format(file=f"{self.display_dir}/{err.get('filename')}", line=err.get("lineno"), message=err["message"]))
                if err.get("frames"):
                    # TRANSLATORS: the subject of "importing f.py (line 3) raised ValueError: ..."
                    subject = _("importing {file} (line {line})").format(file=self.file, line=err["frames"][-1][1])
                else:
                    # TRANSLATORS: the subject of "importing f.py raised ValueError: ..."
                    subject = _("importing {file}").format(file=self.file)
                message, advice, _frames, _plain = raised_text(err, self.display_dir, self.course.sandbox.limits, subject=subject)
                if sandbox.skipped_files:
                    message = _("{problem} (files not used: {files})").format(problem=message, files="; ".join(sandbox.skipped_files[:5]))
                if advice:
                    # TRANSLATORS: what went wrong, then what to do about it
                    message = _("{problem}. {advice}").format(problem=message, advice=advice)
                return self.error(message)
            missing = [f for f in exercise.functions if f not in loaded.get("names", [])]
            if missing:
                return self.error(_("{file} has no function {functions} — was it renamed or deleted? {remedy}").format(
                    file=self.file, functions=", ".join(missing), remedy=self._restore_advice()))

            budget = self._time_budget()
            deadline = time.monotonic() + budget - (time.perf_counter() - self.started)
            student = Student(sandbox, exercise.id, reference, budget=course.sandbox.property_seconds, deadline=deadline)
            explainer = Explainer(display_dir=self.display_dir, limits=course.sandbox.limits, reference=reference, bank=bank)
            results = []
            laws = {p.key for p in properties if p.law}
            for prop in in_turn(properties):
                if time.perf_counter() - self.started > budget:
                    # The student's slow calls used the exercise's time: the rest
                    # is not checked, and says why (the hard cap never has to fire).
                    message = _("not checked: your code had used up this exercise's time ({seconds:.0f} s) — are its calls far slower than they need to be?").format(seconds=budget)
                    results.append(PropertyResult(function=prop.function, status=FAILED, key=prop.key, weight=prop.weight, problem="slow", message=message, name=_(prop.name)))
                    continue
                if sandbox.output_full():
                    # An earlier property's calls printed up to the limit: in that worker every
                    # later call would fail as "printed too much", even of a function that
                    # prints nothing. This property gets a fresh worker (the module re-imported).
                    sandbox.reset()
                if prop.function in student._not_started:
                    results.append(PropertyResult(function=prop.function, status=NOT_STARTED, key=prop.key, weight=prop.weight, message=not_started_message(prop.function), name=_(prop.name)))
                    continue
                if prop.law and any(r.status != PASSED for r in results if r.function == prop.function and r.key not in laws and r.problem != "grader"):
                    # A law (prop(law=True)) counts once its function's values are right, and
                    # a wrong answer can keep it (zeros have column means of 0), so until then
                    # it is not run: its verdict could only repeat the values' failure, or
                    # pass for nothing. The values ran first (in_turn).
                    results.append(PropertyResult(function=prop.function, status=SKIPPED, key=prop.key, weight=prop.weight, name=_(prop.name),
                                                  message=_("counts once {function}'s values are right (its other properties pass)").format(function=prop.function)))
                    continue
                try:
                    results.append(self._blame_callee(self.run_property(prop, student, explainer), results, source))
                except MissingFunction as exc:
                    return self.error(_("{file} has no function {function}").format(file=self.file, function=exc.name))
            place = {p.key: i for i, p in enumerate(properties)}
            results.sort(key=lambda r: place[r.key])  # the course's order, whatever the order they ran in
            for function in exercise.vectorised:
                if (only is None or only == f"vectorised:{function}") and (functions is None or function in functions):
                    results.append(self.run_rule(function, source, function in student._not_started, reference))
        finally:
            sandbox.close()
        return self._conclude(results)

    def _conclude(self, results: list[PropertyResult]) -> ExerciseResult:
        exercise = self.exercise
        # A rule (vectorised, ...) earns its points only when its function's values are right.
        for rule in results:
            if rule.kind == "rule" and rule.status == PASSED:
                values = [r for r in results if r.kind != "rule" and r.function == rule.function and r.problem != "grader"]
                if not values and self.recorded is not None:
                    continue  # the student edition withholds every value property of it: nothing to wait for
                if not values or any(r.status != PASSED for r in values):
                    rule.status = SKIPPED
                    rule.message = _("counts once {function}'s values are right (its other properties pass)").format(function=rule.function)
        statuses = {r.status for r in results}
        to_do = sorted({r.function for r in results if r.status == NOT_STARTED}, key=exercise.functions.index)
        if statuses == {NOT_STARTED}:
            first = exercise.functions[0]
            if self.graded:
                message = _("not started — open {file} and implement {function}() first").format(file=self.file, function=first)
            else:
                message = _("not started — open {file} and implement {function}() first; `gradwork hint {id}` gives a hint").format(file=self.file, function=first, id=exercise.id)
            return self._result(NOT_STARTED, message, results)
        # The exercise's summary: one sentence whatever the count (English has said
        # "all 1 properties hold" since the start; Korean has no plural to choose).
        if statuses <= {PASSED}:
            return self._result(PASSED, _("all {total} properties hold").format(total=len(results)), results)
        failing = [r for r in results if r.status in (FAILED, ERROR)]
        if failing:
            first = failing[0]
            # report/formats.py finds "; first: " in this message (its FIRST): keep them in step.
            message = _("{failed} of {total} properties fail; first: {name}").format(failed=len(failing), total=len(results), name=first.name)
            for prop in failing:
                prop.replay = self._replay(prop.key)
            return self._result(FAILED, message, results, replay=first.replay)
        held = len(results) - len([r for r in results if r.status == NOT_STARTED])
        return self._result(FAILED, _("{held} of {total} properties hold; still to do: {functions}").format(held=held, total=len(results), functions=", ".join(to_do)), results)


# Failures only a second call can show: the call "returned the same object again"
# (a cache at module level). Hypothesis finds the shrunk call passing when it is made
# again in another order and calls the failure flaky, but it is the very mistake, and
# the property's replay command shows it every time: not "(not reproducible)".
SHOWN_BY_A_SECOND_CALL = {"reused"}


def in_turn(properties: list[Property]) -> list[Property]:
    """The order ``properties`` run in: the course's, but a law right after the last
    value property of its function, whose verdicts it waits on (see ExerciseRun._grade).
    A function with no property but laws (or whose others the student edition
    withholds, or ``--property`` leaves out) has nothing to wait for."""
    last = {p.function: i for i, p in enumerate(properties) if not p.law}
    order, waiting = [], {}
    for i, prop in enumerate(properties):
        if prop.law and last.get(prop.function, -1) > i:
            waiting.setdefault(last[prop.function], []).append(prop)
            continue
        order.append(prop)
        order.extend(waiting.pop(i, ()))
    return order


def _first_mismatch(exc: BaseException) -> Mismatch | None:
    stack = [exc]
    while stack:
        current = stack.pop()
        if isinstance(current, Mismatch):
            return current
        stack.extend(getattr(current, "exceptions", ()) or ())
        if current.__cause__ is not None:
            stack.append(current.__cause__)
    return None


# -- the course -----------------------------------------------------------------
def _task(course: Course, exercise: Exercise, target: Path, only, functions, level: str, strength: str = "public", graded: bool = False,
          fast: bool = True, zygote=None) -> supervisor.Task:
    run = ExerciseRun(course, exercise, target, level=level, strength=strength, graded=graded, fast=fast, zygote=zygote)
    if fast and replay.cache_dir(course) is not None and course.corpus_dir is None:
        replay.fingerprint(course, strength)  # hashed once here, in the supervisor, not in every child
    return supervisor.Task(
        exercise_id=exercise.id,
        run=lambda: run.grade(only, functions),
        failed=lambda message, problem="grader": run.error(
            _("{problem} — not your fault; tell your instructor").format(problem=message) if problem == "grader"
            else _("{problem} — is some code far slower than it needs to be (or stuck in a loop)?").format(problem=message),
            problem=problem,
        ),
    )


def grade_exercise(course: Course, exercise: Exercise, target: Path | None = None, *, only: str | None = None, functions=None, level: str | None = None,
                   fast: bool = True, zygote=None) -> ExerciseResult:
    """Grade one exercise in a fresh trusted child process (see :mod:`.supervisor`).
    ``zygote``: a zygote of the caller's for the same target and level (``gradwork
    watch`` keeps one), else the worker is started on its own."""
    level = level or isolation.choose()
    task = _task(course, exercise, Path(target or course.exercises_dir), only, functions, level, fast=fast, zygote=zygote)
    limits = course.sandbox
    keep = {zygote.process.pid} if zygote is not None and zygote.process is not None else ()
    return supervisor.run_tasks([task], jobs=1, exercise_seconds=limits.exercise_seconds, run_seconds=limits.run_seconds, keep=keep)[0]


def warm(course: Course, ids: list[str], strength: str) -> None:
    """Load once, in this process, the trusted modules and recordings every exercise's
    child would otherwise load again: classroom mode calls it before each student, so
    that student's children inherit them. (Loading runs no property: each child still
    starts from the same state. A module that fails to load is left for the child,
    which reports it.)"""
    for exercise_id in ids:
        for kind, folder in (("properties", course.properties_dir), ("solutions", course.solutions_dir)):
            with contextlib.suppress(Exception):
                loading.load_optional(kind, folder, exercise_id)
    if course.corpus_dir is None:
        with contextlib.suppress(Exception):
            replay.preload(course, ids, strength)


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def run_meta(course: Course, **extra) -> dict:
    """What every report carries about how it was made (SPEC §4)."""
    import hypothesis
    import numpy

    from .. import __version__

    return {
        "gradwork": __version__,
        "course": course.version,
        "hypothesis": hypothesis.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **{k: v for k, v in extra.items() if v is not None},
    }


def _timings_path(course: Course, strength: str) -> Path | None:
    """Where a course's exercise times from the last run are kept (beside the
    recordings; none when the fast path is off): they only set the order in which
    exercises start (:func:`.supervisor.longest_first`), never a result."""
    folder = replay.cache_dir(course)
    return folder / f"timings-{strength}.json" if folder is not None else None


def _read_timings(path: Path | None) -> dict:
    try:
        data = json.loads(path.read_text()) if path is not None else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_timings(path: Path | None, seconds: dict, ids: list[str]) -> None:
    """Keep ``seconds`` (exercise id -> this run's time) for the next run's order. ``ids``:
    the course's exercises; a time kept for an id no longer among them is dropped."""
    if path is None:
        return
    try:
        # Smoothed (half the last run, half the runs before), so one noisy run does not reorder the next.
        before = _read_timings(path)
        merged = {key: round((value + before[key]) / 2 if isinstance(before.get(key), (int, float)) else value, 4) for key, value in seconds.items()}
        kept = {key: value for key, value in {**before, **merged}.items() if key in ids}
        write_atomically(path, json.dumps(kept, sort_keys=True))
    except OSError:
        pass  # a read-only course: exercises start in course order, nothing else changes


def grade(course: Course, ids: list[str] | None = None, *, target: Path | None = None, jobs: int | None = None, only: str | None = None, level: str | None = None,
          student: str | None = None, strength: str = "public", graded: bool = False, run_seconds: float | None = None, fast: bool = True,
          zygote=None, budget_seconds: float | None = None) -> CourseResult:
    """Grade ``ids`` (all exercises when None) in course order, at isolation ``level``
    (the strongest this machine offers when None).

    ``strength="hidden"`` grades for credit: examples drawn from the course's secret
    seed (``hidden_examples`` times as many). ``graded=True`` words messages for a submission graded away from the
    student's copy of the course. ``run_seconds`` caps the whole run (default: the course's),
    ``budget_seconds`` the exercises' times added up (classroom mode's --student-seconds).
    ``fast=False`` runs every property the plain way (no recorded examples; :mod:`.replay`).

    Every exercise is graded in its own fresh child process, ``jobs`` at a
    time; the result does not depend on ``jobs`` or on the order.

    ``zygote``: the run's zygote, already started by the caller for this target and
    ``level`` (:meth:`graders.session.Session.grade` starts it before it imports the
    engine, so that numpy loads in the zygote while Hypothesis loads here); closed here.
    """
    ids = list(ids) if ids else course.ids()
    target = Path(target or course.exercises_dir)
    # Under a budget the exercises run one at a time in course order: side by side they
    # start longest first (by timings every run rewrites), and which ones the budget
    # cuts would then depend on ``jobs`` and on the runs before.
    jobs = 1 if budget_seconds is not None else default_jobs() if jobs is None else jobs
    level = level or isolation.choose()
    try:  # the zygote, however it was started, is closed on every way out
        if strength not in STRENGTHS:
            raise ValueError(f"grade(strength={strength!r}) should be one of {STRENGTHS}")
        if strength == "hidden":
            course.grading.seed()  # no secret: a one-line CourseError before anything is graded
        # One zygote forks every worker of the run (numpy imported once); started first,
        # it imports numpy while this process imports the kit below.
        if zygote is None:
            zygote = start_zygote(target, limits=course.sandbox.limits, packages=course.sandbox.packages, level=level, modules=ids)
        # The property kit every property module imports: loaded once here, before the
        # children fork, rather than once in each. (Importing it runs no property, so
        # every child still starts from the same state.)
        importlib.import_module("..kit", __package__)
        tasks = [_task(course, course.get(exercise_id), target, only, None, level, strength, graded, fast, zygote) for exercise_id in ids]
        timings = _timings_path(course, strength)
        exercises = supervisor.run_tasks(tasks, jobs=jobs, exercise_seconds=course.sandbox.exercise_seconds, run_seconds=run_seconds or course.sandbox.run_seconds,
                                         keep={zygote.process.pid} if zygote and zygote.process else (), budget_seconds=budget_seconds,
                                         order=supervisor.longest_first(ids, _read_timings(timings)) if jobs > 1 else None)
        if only is None:
            _write_timings(timings, {e.id: e.seconds for e in exercises}, course.ids())
    finally:
        if zygote is not None:
            zygote.close()
    meta = run_meta(course, student=student, strength=strength)
    return CourseResult(exercises=exercises, target="submission" if graded else course.display(target), isolation=level, meta=meta)
