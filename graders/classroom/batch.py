"""Grading a whole class: ``gradwork grade SUBMISSIONS --out DIR`` and ``gradwork grade merge``.

Every subfolder or ``.zip`` of SUBMISSIONS is one student, named after it
(:func:`~.submission.student_id`); so is a symbolic link or another kind of
archive, which staging refuses with a line (a student never silently vanishes). For each student, in sorted order, the
submission is staged into a fresh temporary folder (:func:`~.submission.stage`)
and graded for credit (hidden strength by default, messages worded for a
submission graded elsewhere), and ``DIR/<student>.json`` is written, with
``.gradescope.json`` / ``.junit.xml`` beside it when asked: all from one run.

The class's results are plain data, one :class:`Row` per student, kept in
``DIR/gradebook.json`` (rewritten as students finish, see :class:`Saves`, and on
every way out, so an interrupted run loses nothing). ``gradebook.csv`` and ``summary.md`` are rendered from that
document alone, which is what lets ``merge`` combine shards graded on other
machines: it reads their gradebook.json files, nothing else.

One student's failure (a crash, a timeout, an unreadable zip) never stops the
batch. A student whose staged submission, gradwork and course versions,
strength, feedback and isolation levels and grading settings
(:func:`grading_fingerprint`: the secret, the course's files, ...) are unchanged
since the last run keeps the report it has (resume). ``--shard K/N`` grades every N-th student of the sorted class
list, so N shards cover the class exactly once.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import math
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from rich.cells import cell_len

from .. import __version__
from ..course import MANIFEST, Course
from ..engine import replay, supervisor
from ..engine.runner import default_jobs, grade, run_meta, warm
from ..files import write_atomically
from ..i18n import N_, _, ngettext
from ..report import feedback, formats
from ..results import CourseResult, ExerciseResult
from ..text import safe_text
from .submission import OTHER_ARCHIVES, Staged, safe_id, stage, submission_name

GRADEBOOK_JSON = "gradebook.json"
# Set when the run is asked to stop (SIGTERM, see graders/cli/grade.py). The signal
# handler also raises KeyboardInterrupt, but one that lands inside an os.fork() at-fork
# callback is printed and dropped by Python; the loop checks this between students.
STOP = threading.Event()
GRADEBOOK_CSV = "gradebook.csv"
SUMMARY_MD = "summary.md"
REPORT_SUFFIXES = {"json": ".json", "gradescope": ".gradescope.json", "junit": ".junit.xml"}
# Ids whose reports would overwrite another file of DIR get a trailing "_": "gradebook"
# (gradebook.json), and "bob.gradescope" (its bob.gradescope.json is bob's Gradescope report).
RESERVED_IDS = {"gradebook"}
RESERVED_ENDINGS = (".gradescope",)

# A student's status: data (gradebook.csv's status column), shown translated (_(status)) in summary.md.
GRADED, ATTENTION, FAILED, MISSING = N_("graded"), N_("needs attention"), N_("grader failed"), N_("missing")


class BatchError(Exception):
    """The batch cannot start (bad roster, shard, folder); the message is one line."""


@dataclass
class Options:
    """How a class is graded (the command line's options, resolved)."""

    level: str  # isolation level, already checked (uid or better unless allowed)
    strength: str = "hidden"
    feedback: str = "full"  # what each student's report shows (graders.report.feedback)
    jobs: int | None = None  # graders at a time: students side by side (a lone student: its exercises)
    student_seconds: float | None = None  # one student's whole run; default: the course's run cap
    formats: tuple[str, ...] = ("json",)  # "json" always; "gradescope", "junit" too when asked
    shard: tuple[int, int] | None = None  # (K, N): the students whose index is K-1 mod N
    fingerprint: str | None = None  # grading_fingerprint(); grade_class fills it in


@dataclass
class Student:
    """One entry of the class list: a submission, a roster line, or both."""

    sid: str
    source: Path | None  # None: on the roster, nothing submitted
    roster: dict | None = None  # {"name": ..., "email": ...} when a roster lists them
    notes: list[str] = field(default_factory=list)  # about how the submission was named


@dataclass
class Row:
    """One student of the gradebook, as plain data (a line of gradebook.json)."""

    student: str
    name: str = ""
    email: str = ""
    on_roster: bool | None = None  # None: graded without a roster
    submitted: bool = True
    scores: dict = field(default_factory=dict)  # exercise id -> points
    total: float = 0.0
    max_score: float = 0.0
    found: list = field(default_factory=list)  # exercise ids whose module was found
    problems: list = field(default_factory=list)  # about the submission, one line each
    timed_out: list = field(default_factory=list)  # exercise ids stopped by a time cap
    grader_failed: list = field(default_factory=list)  # "id: message", the grader's own failures
    mistakes: list = field(default_factory=list)  # [exercise id, named mistake], once each
    digest: str = ""  # the submission hash
    meta: dict = field(default_factory=dict)  # versions, strength, feedback, isolation, timestamp

    def reasons(self) -> list[str]:
        """Why this student needs a person to look (empty: graded cleanly, or missing)."""
        why = []
        if self.on_roster is False:
            why.append(_("not on the roster"))
        listed = "; ".join(self.problems[:3]) + (" ..." if len(self.problems) > 3 else "")
        if self.submitted and not self.found and not self.grader_failed:
            # all three: a naming note may come first
            why.append(_("nothing to grade: {problems}").format(problems=listed or _("no exercise module")))
        elif self.problems:
            why.append(_("submission: {problems}").format(problems=listed))
        if self.timed_out:
            why.append(_("timed out: {exercises}").format(exercises=", ".join(self.timed_out)))
        why.extend(_("the grader failed on {failure}").format(failure=failure) for failure in self.grader_failed)
        return why

    @property
    def status(self) -> str:
        if not self.submitted:
            return MISSING
        if self.grader_failed:
            return FAILED
        return ATTENTION if self.reasons() else GRADED

    @classmethod
    def from_dict(cls, data: dict) -> "Row":
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


def grading_fingerprint(course: Course, strength: str) -> str:
    """A digest of everything besides the submission that decides a grade: the secret seed
    and hidden_examples (at hidden strength), the sandbox's limits, the Hypothesis and
    numpy versions (they draw and compute the examples) and the course's own files
    (course.toml, properties, mistakes, solutions). A report is reused, and shards are
    merged, only when it is the same; a digest, so the gradebook never holds the secret."""
    import hypothesis
    import numpy

    hasher = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        hasher.update(f"{label}\0{len(data)}\0".encode())
        hasher.update(data)

    add("strength", strength.encode())
    if strength == "hidden":
        add("seed", course.grading.seed().encode())
        add("hidden_examples", str(course.grading.hidden_examples).encode())
    add("sandbox", json.dumps(asdict(course.sandbox), sort_keys=True, default=str).encode())
    add("versions", f"{hypothesis.__version__} {numpy.__version__}".encode())
    add(MANIFEST, (course.root / MANIFEST).read_bytes())
    for folder in (course.properties_dir, course.mistakes_dir, course.solutions_dir):
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            add(f"{folder.name}/{path.name}", path.read_bytes())
    return hasher.hexdigest()[:16]


def _key(sid: str) -> str:
    """Two ids are one student when they differ only in case: a roster typed by hand,
    and a file system that does not tell alice.json from Alice.json (macOS, Windows)."""
    return sid.casefold()


def sort_key(sid: str) -> tuple[str, str]:
    return (_key(sid), sid)


# -- the class list ------------------------------------------------------------------
def batch_id(text: str) -> str:
    """A student id as the batch uses it: :func:`safe_id`, clear of the output's own names."""
    sid = safe_id(text)
    if sid.lower() in RESERVED_IDS or sid.lower().endswith(RESERVED_ENDINGS):
        sid += "_"
    return sid


def parse_shard(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise BatchError(_("--shard {shard}: should be K/N with 1 <= K <= N, e.g. --shard 1/3").format(shard=text))
    return int(match[1]), int(match[2])


def read_roster(path: Path) -> dict[str, dict]:
    """student id -> {"name", "email"} from a CSV with a ``student`` column (``name``, ``email`` optional)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except OSError as exc:
        raise BatchError(_("--roster {path}: cannot be read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise BatchError(_("--roster {path}: is not UTF-8 text; save it as \"CSV UTF-8\"").format(path=path)) from None
    # Excel writes ";" where "," is the decimal mark (most of Europe), and "Unicode text" with tabs.
    header = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in header and "student" in [c.strip().lower() for c in header.split(d)]), ",")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
        if "student" not in columns:
            raise BatchError(_("--roster {path}: has no 'student' column; its first line should name the columns, e.g. student,name,email").format(path=path))
        roster: dict[str, dict] = {}
        keys: set[str] = set()
        for record in reader:
            raw = (record.get(columns["student"]) or "").strip()
            if not raw:
                continue
            sid = batch_id(raw)
            if _key(sid) in keys:
                raise BatchError(_("--roster {path}: line {line}: student {student} is listed twice; keep one line per student").format(
                    path=path, line=reader.line_num, student=repr(raw)))
            keys.add(_key(sid))
            roster[sid] = {key: (record.get(columns[key]) or "").strip() if key in columns else "" for key in ("name", "email")}
    except csv.Error as exc:
        raise BatchError(_("--roster {path}: is not a readable CSV file ({error})").format(path=path, error=exc)) from None
    return roster


def _is_submission(path: Path) -> bool:
    """A student's folder or .zip. A symbolic link, or another kind of archive, is one
    too: staging refuses it with a line in the summary, rather than the student
    silently vanishing from the class (or showing up as missing)."""
    if path.name.startswith(".") or path.name == "__MACOSX":
        return False
    if path.is_symlink():
        return True
    name = path.name.lower()
    return path.is_dir() or (path.is_file() and name.endswith((".zip", *OTHER_ARCHIVES)))


def ignored_entries(submissions: Path, out: Path | None = None) -> list[str]:
    """The names in SUBMISSIONS that are nobody's submission (a README, a loose .py), for a note."""
    try:
        entries = sorted(submissions.iterdir(), key=lambda path: path.name)
    except OSError:
        return []
    outside = None if out is None else out.resolve()
    ours = outside == submissions.resolve()  # --out is SUBMISSIONS itself: its reports are not submissions

    def output(name: str) -> bool:
        return ours and (name in (GRADEBOOK_JSON, GRADEBOOK_CSV, SUMMARY_MD) or name.endswith(tuple(REPORT_SUFFIXES.values())))

    return [safe_text(path.name, keep_newlines=False) for path in entries
            if not path.name.startswith(".") and path.name != "__MACOSX" and not _is_submission(path) and path.resolve() != outside and not output(path.name)]


def class_list(submissions: Path, roster: dict[str, dict] | None, out: Path) -> list[Student]:
    """Every student, sorted by id: each submission, and each roster line without one."""
    try:
        entries = sorted(submissions.iterdir(), key=lambda path: path.name)
    except OSError as exc:
        raise BatchError(_("SUBMISSIONS {path}: cannot be read ({reason})").format(path=submissions, reason=exc.strerror or exc)) from None
    entries = [path for path in entries if _is_submission(path) and path.resolve() != out.resolve()]  # --out may sit inside SUBMISSIONS
    # Names that clean up to the same id are numbered in turn (alice, alice-2): first
    # the one named exactly as a roster line, then one named exactly its id, then the
    # rest by name. So "-alice", "Alice" or "alice." never takes alice's roster line
    # (her name, her e-mail) and her report from a folder named "alice".
    listed = {_key(sid): sid for sid in roster or {}}
    names = {path: submission_name(path) for path in entries}
    ids = {path: batch_id(name) for path, name in names.items()}

    def claim(path: Path) -> tuple[int, str]:
        name, sid = names[path], ids[path]
        return (0 if listed.get(_key(sid)) == name else 1 if sid == name else 2), path.name

    students: dict[str, Student] = {}  # by _key(sid)
    for path in sorted(entries, key=claim):
        sid = wanted = ids[path]
        number = 1
        while _key(sid) in students:
            number += 1
            sid = f"{wanted}-{number}"
        notes = []
        if sid != wanted:
            # Both are flagged, each naming the other, so neither is taken for the whole story.
            first = students[_key(wanted)]
            name, first_name = safe_text(path.name, keep_newlines=False), safe_text(first.source.name, keep_newlines=False)
            notes = [_("another submission ({other}) is also named {wanted}; this one ({name}) is graded as {student}").format(
                other=first_name, wanted=wanted, name=name, student=sid)]
            first.notes.append(_("another submission ({other}) is also named {wanted}; it is graded as {student}").format(other=name, wanted=wanted, student=sid))
        students[_key(sid)] = Student(sid, path, notes=notes)
    for sid, entry in (roster or {}).items():
        students.setdefault(_key(sid), Student(sid, None)).roster = entry
    return sorted(students.values(), key=lambda student: sort_key(student.sid))


def shard_of(students: list[Student], shard: tuple[int, int] | None) -> list[Student]:
    if shard is None:
        return students
    k, n = shard
    return [student for index, student in enumerate(students) if index % n == k - 1]


# -- one student -----------------------------------------------------------------------
def _grader_message(exercise: ExerciseResult) -> str:
    if exercise.problem == "grader":
        return exercise.message
    return next((p.message or "" for p in exercise.properties if p.problem == "grader"), "")


def translated(record: dict, key: str) -> str:
    """``record[key]`` (the course's English words, as stored) in the language being spoken."""
    text = record[key]
    return _(text)


def _mistakes(result: CourseResult) -> list[list[str]]:
    """Each named mistake once, from the full result (feedback levels may hide titles)."""
    # English, whatever language the run spoke: rows are kept and merged across runs and
    # shards, so the same mistake must count as one; summary.md translates it when shown.
    named = {(e.id, p.diagnosis.english_title) for e in result.exercises for p in e.properties if p.diagnosis}
    order = {e.id: i for i, e in enumerate(result.exercises)}
    return [[exercise_id, title] for exercise_id, title in sorted(named, key=lambda pair: (order[pair[0]], pair[1]))]


def _row(student: Student, staged: Staged, result: CourseResult, options: Options) -> Row:
    timed_out = [e.id for e in result.exercises if e.problem == "timeout"]
    failed = [f"{e.id}: {_grader_message(e)}" for e in result.exercises if e.grader_problem and e.id not in timed_out]
    keys = ("gradwork", "course", "hypothesis", "strength", "timestamp")
    return Row(
        student=student.sid,
        submitted=True,
        scores={e.id: e.score for e in result.exercises},
        total=result.score,
        max_score=result.max_score,
        found=list(staged.found),
        problems=list(staged.problems),
        timed_out=timed_out,
        grader_failed=failed,
        mistakes=_mistakes(result),
        digest=staged.digest,
        meta={**{key: result.meta.get(key) for key in keys}, "feedback": options.feedback, "isolation": result.isolation, "grading": options.fingerprint},
    )


def _with_roster(row: Row, student: Student, has_roster: bool) -> Row:
    """The roster's view of a student is this run's, even for a report reused from the last."""
    entry = student.roster or {}
    return replace(row, name=entry.get("name", ""), email=entry.get("email", ""), on_roster=(student.roster is not None) if has_roster else None)


def _report_paths(out: Path, sid: str, kinds: tuple[str, ...]) -> list[Path]:
    return [out / f"{sid}{REPORT_SUFFIXES[kind]}" for kind in kinds]


def _reusable(old: Row | None, staged: Staged, out: Path, course: Course, options: Options) -> bool:
    """Unchanged since the last run: same submission, versions, strength and feedback,
    every asked-for report still there. A timeout or a grader failure is graded again:
    both may have been the machine's bad moment."""
    if old is None or old.timed_out or old.grader_failed:
        return False
    # The isolation level too: a class first graded with --allow-weak-isolation is graded
    # again, not carried over, when the instructor runs it again at uid or strong.
    now = {"gradwork": __version__, "course": course.version, "strength": options.strength, "feedback": options.feedback,
           "isolation": options.level, "grading": options.fingerprint}
    if old.digest != staged.digest or any(old.meta.get(key) != value for key, value in now.items()):
        return False
    paths = _report_paths(out, old.student, options.formats)
    if not all(path.is_file() for path in paths):
        return False
    try:  # the report on disk is the one the gradebook describes
        return json.loads(paths[0].read_text(encoding="utf-8"))["meta"]["submission"]["digest"] == staged.digest
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _write_reports(out: Path, sid: str, result: CourseResult, staged: Staged, options: Options) -> None:
    shown = feedback.apply(result, options.feedback)
    shown.meta["submission"] = {"digest": staged.digest, "found": staged.found, "problems": staged.problems}
    for fmt, path in zip(options.formats, _report_paths(out, sid, options.formats)):
        write_atomically(path, formats.FORMATS[fmt](shown) + "\n")


def _remove_reports(out: Path, sid: str) -> None:
    """A student the batch could not grade keeps no report from an earlier run. Called
    when something went wrong, so it never raises: a file it cannot even look at
    (a name too long, no permission) was not this run's to remove."""
    for path in _report_paths(out, sid, tuple(REPORT_SUFFIXES)):
        with contextlib.suppress(OSError):
            if path.is_file():
                path.unlink()


def grade_student(course: Course, student: Student, out: Path, options: Options, previous: dict[str, Row]) -> tuple[Row, bool]:
    """Stage, then grade (or reuse the last report of) one student, ``options.jobs``
    exercises at a time: (row, reused)."""
    # The staging folder is named like the sandbox's own (gradwork-<pid>-...), so
    # that a batch killed by SIGKILL has it swept away by the next gradwork run.
    with tempfile.TemporaryDirectory(prefix=f"gradwork-{os.getpid()}-stage-") as folder:
        staged = stage(student.source, course, Path(folder) / "submission")
        staged.problems[:0] = student.notes
        if _reusable(previous.get(student.sid), staged, out, course, options):
            return previous[student.sid], True
        result = grade(course, target=staged.target, student=student.sid, level=options.level, strength=options.strength, graded=True,
                       budget_seconds=options.student_seconds, jobs=options.jobs)
    _write_reports(out, student.sid, result, staged, options)
    return _row(student, staged, result, options), False


def _ungraded(course: Course, student: Student, meta: dict, **facts) -> Row:
    """The row of a student nobody graded: 0 of the course's points."""
    return Row(student=student.sid, scores={e.id: 0.0 for e in course.exercises}, max_score=sum(e.points for e in course.exercises), meta=meta, **facts)


def _student_row(course: Course, student: Student, out: Path, options: Options, previous: dict[str, Row], meta: dict) -> tuple[Row, bool]:
    if student.source is None:
        return _ungraded(course, student, meta, submitted=False), False
    try:
        return grade_student(course, student, out, options, previous)
    except Exception as exc:  # one student's failure never stops the batch; the row says what happened
        _remove_reports(out, student.sid)
        what = safe_text(f"{type(exc).__name__}: {exc}", keep_newlines=False)[:300]
        return _ungraded(course, student, meta, grader_failed=[_("the whole submission (the batch itself failed: {error})").format(error=what)]), False


def _side_by_side(course: Course, students: list[Student], out: Path, options: Options, previous: dict[str, Row], meta: dict,
                  lanes: int, progress: "Progress", finish) -> None:
    """Grade ``lanes`` students at a time, each in a trusted child process of its own
    that stages it, grades its exercises one after another and writes its reports; its
    row comes back as JSON (graders/engine/supervisor.py, as an exercise's result does).

    Why side by side rather than one student's exercises side by side: a student's
    run has parts only one process can do (staging, starting its zygote, writing its
    reports, its longest exercise at the end), which left a core idle about a tenth of
    the time. The grade is the same either way (it never depends on ``--jobs``); the
    last student, alone at the end, gets every job. (A student's --student-seconds is
    the exercises' times added up, the same one at a time or side by side.)"""
    began: dict[int, float] = {}

    def task(index: int, student: Student) -> supervisor.Task:
        graded = replace(options, jobs=lanes if index == len(students) - 1 else 1)
        return supervisor.Task(
            exercise_id=student.sid,
            run=lambda: _student_row(course, student, out, graded, previous, meta),
            failed=lambda message, problem="grader": (_ungraded(course, student, meta, grader_failed=[message]), False),
            pack=lambda outcome: {"row": asdict(outcome[0]), "reused": outcome[1]},
            unpack=lambda data: (Row.from_dict(data["row"]), bool(data["reused"])),
        )

    def started(index: int) -> None:  # in this process, before the student's child forks
        warm(course, course.ids(), options.strength)
        began[index] = time.monotonic()
        progress.begin(students[index].sid)

    def finished(index: int, outcome) -> None:
        row, reused = outcome
        finish(students[index], row, reused, time.monotonic() - began.get(index, time.monotonic()))

    # A student's own caps stop it first (its budget is spent at least as fast as the
    # clock runs, its run is capped by the course); this one only catches a child that hangs.
    limit = min(options.student_seconds or float("inf"), course.sandbox.run_seconds) + 60
    supervisor.run_tasks([task(i, s) for i, s in enumerate(students)], jobs=lanes, exercise_seconds=limit, run_seconds=float("inf"),
                         started=started, finished=finished)


# -- the class ----------------------------------------------------------------------------
def _document(course: Course, rows: list[Row], *, shard: str | None, roster: bool, strength: str, grading: str | None = None, plain=asdict) -> dict:
    """gradebook.json: everything gradebook.csv and summary.md are made from. ``plain``:
    a row as a dict (a run keeps each row's, see :class:`Saves`)."""
    return {
        "version": 1,
        "title": course.title,
        "course": course.version,
        "strength": strength,
        "exercises": [{"id": e.id, "title": e.title, "points": e.points} for e in course.exercises],
        "shard": shard,
        "roster": roster,
        "grading": grading,
        "rows": [plain(row) for row in sorted(rows, key=lambda row: sort_key(row.student))],
    }


class Saves:
    """When a run rewrites gradebook.json: after each student graded, as long as that
    costs at most 1/RATIO of the run.

    The file holds every row, so a save costs more the bigger the class (~12 ms at
    300 students): rewritten after every one of 3,000 students, it made the run
    quadratic (minutes of it). So after a save of ``t`` seconds the next waits until
    ``RATIO * t`` seconds have passed; a class of a few hundred is still saved after
    nearly every student. A run that stops (Ctrl-C, SIGTERM, an error) saves all it
    knows on its way out; only a hard stop (a reboot) can lose the last seconds'
    students, whom the next run grades again. Each row is made a dict once (``plain``)."""

    RATIO = 50
    clock = staticmethod(time.monotonic)

    def __init__(self):
        self.next = float("-inf")
        self._plain: dict[int, tuple[Row, dict]] = {}  # id(row) -> (row, its dict): the row kept, so its id stays its own

    def due(self) -> bool:
        return self.clock() >= self.next

    def save(self, write) -> None:
        started = self.clock()
        write()
        ended = self.clock()
        self.next = ended + self.RATIO * (ended - started)

    def plain(self, row: Row) -> dict:
        kept = self._plain.get(id(row))
        if kept is None:
            kept = self._plain[id(row)] = (row, asdict(row))
        return kept[1]


def _previous(out: Path) -> dict[str, Row]:
    try:
        data = json.loads((out / GRADEBOOK_JSON).read_text(encoding="utf-8"))
        return {row["student"]: Row.from_dict(row) for row in data["rows"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _gradebook_json(document: dict) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _save(out: Path, document: dict) -> None:
    write_atomically(out / GRADEBOOK_JSON, _gradebook_json(document))


def write_outputs(out: Path, document: dict) -> None:
    # Every text made before the first is written: a failure leaves the three as they were.
    texts = {GRADEBOOK_JSON: _gradebook_json(document), GRADEBOOK_CSV: gradebook_csv(document), SUMMARY_MD: summary_markdown(document)}
    for name, text in texts.items():
        write_atomically(out / name, text)


def grade_class(course: Course, submissions: Path, out: Path, options: Options, *, roster: dict[str, dict] | None = None, progress: "Progress | None" = None) -> dict:
    """Grade every student of ``submissions`` (of this shard) into ``out``; returns the
    gradebook document (also written as gradebook.json, .csv and summary.md)."""
    if options.strength == "hidden":
        course.grading.seed()  # no secret: a one-line CourseError before anything starts
    options = replace(options, fingerprint=grading_fingerprint(course, options.strength))
    out.mkdir(parents=True, exist_ok=True)
    everyone = class_list(submissions, roster, out)
    if not everyone:
        raise BatchError(_("SUBMISSIONS {path}: no student folders or .zip files; each student's work is one folder or .zip there").format(path=submissions))
    students = shard_of(everyone, options.shard)  # may be empty: a matrix of N shards over fewer students
    previous = _previous(out)
    meta = {**run_meta(course, strength=options.strength), "feedback": options.feedback, "isolation": options.level, "grading": options.fingerprint}
    shard = "/".join(map(str, options.shard)) if options.shard else None
    progress = progress or Progress(len(students), submissions=sum(student.source is not None for student in students))
    done: dict[str, Row] = {}
    saves = Saves()

    def interim() -> dict:
        """What is known now: this run's rows, and the last run's for those still to
        come; ``unfinished`` counts the students this run has not graded yet (the
        summary says the run stopped, so a partial gradebook never looks whole)."""
        rows = [done.get(s.sid) or previous[s.sid] for s in students if s.sid in done or s.sid in previous]
        document = _document(course, rows, shard=shard, roster=roster is not None, strength=options.strength, grading=options.fingerprint, plain=saves.plain)
        document["unfinished"] = sum(s.sid not in done for s in students)
        return document

    told = [0]  # students whose progress line is out: lines come in class order, whoever finished first
    ended: dict[str, tuple] = {}

    def finish(student: Student, row: Row, reused: bool, seconds: float) -> None:
        if STOP.is_set():  # a stop request whose KeyboardInterrupt was swallowed (see STOP)
            raise KeyboardInterrupt
        done[student.sid] = _with_roster(row, student, roster is not None)
        ended[student.sid] = (reused, seconds)
        while told[0] < len(students) and students[told[0]].sid in ended:
            sid = students[told[0]].sid
            progress.end(done[sid], *ended.pop(sid))
            told[0] += 1
        if not reused and student.source is not None and saves.due():
            # Saved as students are graded (Saves says how often), so an interrupted run
            # resumes where it stopped. (Not after each of a long roster's missing
            # students, nor after a reused report: that made a 100,000-line roster
            # quadratic, and they cost nothing to redo.)
            saves.save(lambda: _save(out, interim()))

    STOP.clear()  # a stop asked of an earlier run in this process is not one of this run's
    try:
        with _ctrl_c_stops():
            _record_first(course, options, progress)
            _grade_all(course, students, out, options, previous, meta, progress, finish)
        if STOP.is_set():
            raise KeyboardInterrupt
    except BaseException:
        # Ctrl-C, a full disk: the run still ends with a gradebook.csv and a summary.md
        # of what it knows (and the next run resumes).
        with contextlib.suppress(Exception):
            write_outputs(out, interim())
        raise
    progress.close()
    document = _document(course, list(done.values()), shard=shard, roster=roster is not None, strength=options.strength, grading=options.fingerprint, plain=saves.plain)
    write_outputs(out, document)
    # A student of the last run who is no longer in the class (the submission was
    # removed, or moved to another shard): the folder keeps no report the gradebook
    # does not list. Only reports of the last gradebook's students are touched.
    for sid in previous.keys() - done.keys():
        if safe_id(sid) == sid:  # a gradebook.json edited by hand names no other file
            _remove_reports(out, sid)
    return document


def _record_first(course: Course, options: Options, progress: "Progress") -> None:
    """Record the examples of every exercise that has no recording yet (the course or
    gradwork changed), by grading the reference once before any student: otherwise the
    first students' runs would make them, seconds an exercise, against their own
    --student-seconds and time limits. (Nothing to do for the student edition, whose
    corpus is its recording, or with the fast path off.)"""
    if course.corpus_dir is not None or not Path(course.solutions_dir).is_dir():
        return
    missing = replay.unrecorded(course, course.ids(), options.strength)
    if missing:
        progress.note(ngettext("recording the examples of {count} exercise once, before the first student",
                               "recording the examples of {count} exercises once, before the first student", len(missing)).format(count=len(missing)))
        grade(course, missing, target=course.solutions_dir, level=options.level, strength=options.strength, jobs=options.jobs)


@contextlib.contextmanager
def _ctrl_c_stops():
    """Ctrl-C also sets STOP: its KeyboardInterrupt, landing inside an os.fork() at-fork
    callback (a student or an exercise starting), would be printed and dropped by Python,
    and the run would go on. A handler someone else installed is left alone."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return

    def stop(signum, frame):
        STOP.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _grade_all(course: Course, students: list[Student], out: Path, options: Options, previous: dict[str, Row], meta: dict, progress: "Progress", finish) -> None:
    """Every student of ``students``, one after another or side by side; ``finish`` is told of each."""
    submitted = [student for student in students if student.source is not None]
    for student in students:
        if student.source is None:  # its line comes in its place in the class
            finish(student, _ungraded(course, student, meta, submitted=False), False, 0.0)
    lanes = progress.lanes = min(options.jobs or default_jobs(), len(submitted))
    if lanes <= 1:
        for student in submitted:
            started = time.monotonic()
            warm(course, course.ids(), options.strength)
            progress.begin(student.sid)
            row, reused = _student_row(course, student, out, options, previous, meta)
            finish(student, row, reused, time.monotonic() - started)
    else:
        _side_by_side(course, submitted, out, options, previous, meta, lanes, progress, finish)


# How many students have a status, in words (ngettext calls, so the catalogue has plural forms).
COUNTED = {
    GRADED: lambda n: ngettext("{count} graded", "{count} graded", n),
    ATTENTION: lambda n: ngettext("{count} needs attention", "{count} need attention", n),
    FAILED: lambda n: ngettext("{count} grader failed", "{count} grader failed", n),
    MISSING: lambda n: ngettext("{count} missing", "{count} missing", n),
}


def counts(rows: list[Row], shard: str | None = None) -> str:
    """How many students, and the statuses that occur: "30 students: 25 graded, 3 need attention, 2 missing"."""
    statuses = [row.status for row in rows]
    counted = ", ".join(words(statuses.count(status)).format(count=statuses.count(status)) for status, words in COUNTED.items() if status in statuses)
    students = ngettext("{count} student", "{count} students", len(rows)).format(count=len(rows))
    if shard:
        students = _("{students} (shard {shard} of the class)").format(students=students, shard=shard)
    # TRANSLATORS: "30 students: 25 graded, 3 need attention, 2 missing"
    return _("{students}: {counts}").format(students=students, counts=counted) if counted else students


def exit_status(document: dict) -> int:
    """3 the grader failed for someone, 1 someone needs attention, 0 all graded cleanly."""
    statuses = {Row.from_dict(row).status for row in document["rows"]}
    return 3 if FAILED in statuses else 1 if ATTENTION in statuses else 0


# -- merging shards -----------------------------------------------------------------------
def _facts(row: dict) -> tuple:
    """What two copies of one student must agree on to be the same grading (all but when it ran)."""
    return (row.get("student"), row.get("submitted"), row.get("digest"), row.get("scores"), row.get("total"), row.get("timed_out"),
            row.get("grader_failed"), row.get("found"), row.get("problems"), row.get("meta", {}).get("strength"))


MAX_GRADEBOOK_BYTES = 64 * 1024 * 1024  # a class of 10,000 takes about 30 MB


class _Malformed(ValueError):
    """What makes a gradebook.json not one `gradwork grade` wrote (English: a path into the file)."""


def _number(value, where: str, low: float = 0.0, high: float = float("inf")) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low - 1e-9 <= value <= high + 1e-9:
        raise _Malformed(f"{where} is {str(value)[:40]!r}, not a number from {low:g} to {high:g}")
    return float(value)


def _strings(value, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Malformed(f"{where} is not a list of strings")


def _check_row(row, index: int, points: dict) -> None:
    """A row as `gradwork grade` writes it: merge copies its reports by its id and adds
    up nothing, so a hand-edited or forged row must not pass as one."""
    where = f"rows[{index}]"
    if not isinstance(row, dict):
        raise _Malformed(f"{where} is not an object")
    sid = row.get("student")
    if not isinstance(sid, str) or not sid or batch_id(sid) != sid:
        raise _Malformed(f"{where}.student is {str(sid)[:60]!r}, not a student id gradwork makes (a safe file name)")
    for key in ("name", "email", "digest"):
        if not isinstance(row.get(key, ""), str):
            raise _Malformed(f"{where}.{key} is not a string")
    if not isinstance(row.get("submitted", True), bool) or row.get("on_roster") not in (None, True, False):
        raise _Malformed(f"{where}: submitted or on_roster is not true/false")
    scores = row.get("scores", {})
    if not isinstance(scores, dict) or not set(scores) <= set(points):
        raise _Malformed(f"{where}.scores is not points of the gradebook's exercises")
    total = sum(_number(value, f"{where}.scores[{key!r}]", 0.0, points[key]) for key, value in scores.items())
    if abs(_number(row.get("total", 0.0), f"{where}.total") - total) > 1e-6 * max(1.0, total):
        raise _Malformed(f"{where}.total is not the sum of its scores")
    if abs(_number(row.get("max_score", 0.0), f"{where}.max_score") - sum(points.values())) > 1e-6:
        raise _Malformed(f"{where}.max_score is not the exercises' points")
    for key in ("found", "problems", "timed_out", "grader_failed"):
        _strings(row.get(key, []), f"{where}.{key}")
    mistakes = row.get("mistakes", [])
    if not isinstance(mistakes, list) or not all(isinstance(m, list) and all(isinstance(part, str) for part in m) for m in mistakes):
        raise _Malformed(f"{where}.mistakes is not a list of [exercise, mistake]")
    meta = row.get("meta", {})
    if not isinstance(meta, dict) or not all(isinstance(key, str) for key in meta):
        raise _Malformed(f"{where}.meta is not an object")


def _check_document(document) -> None:
    if not isinstance(document, dict) or document.get("version") != 1 or not isinstance(document.get("rows"), list):
        raise _Malformed("not a gradebook")
    exercises = document.get("exercises")
    if not isinstance(exercises, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("title"), str) for e in exercises):
        raise _Malformed("exercises is not a list of {id, title, points}")
    points = {e["id"]: _number(e.get("points"), f"the points of {e['id']!r}") for e in exercises}
    for key in ("title", "course", "strength"):
        if not isinstance(document.get(key), str):
            raise _Malformed(f"{key} is not a string")
    shard = document.get("shard")
    if shard is not None and not (isinstance(shard, str) and re.fullmatch(r"[1-9][0-9]*/[1-9][0-9]*", shard)):
        raise _Malformed("shard is not K/N")
    if document.get("grading") is not None and not isinstance(document.get("grading"), str):
        raise _Malformed("grading is not a string")
    unfinished = document.get("unfinished") or 0
    if isinstance(unfinished, bool) or not isinstance(unfinished, int) or unfinished < 0:
        raise _Malformed("unfinished is not a count")
    for index, row in enumerate(document["rows"]):
        _check_row(row, index, points)
        # Each row carries the settings it was graded with: they are its gradebook's.
        if row.get("meta", {}).get("grading", document.get("grading")) != document.get("grading"):
            raise _Malformed(f"rows[{index}] was graded with other settings than its gradebook")


def _load_shard(folder: Path) -> dict:
    path = folder / GRADEBOOK_JSON
    try:
        if path.is_symlink():
            raise _Malformed("a symbolic link")
        if path.stat().st_size > MAX_GRADEBOOK_BYTES:
            raise _Malformed(f"larger than {MAX_GRADEBOOK_BYTES // (1024 * 1024)} MB")
        document = json.loads(path.read_text(encoding="utf-8"))
        _check_document(document)
        return document
    except FileNotFoundError:
        raise BatchError(_("{folder}: no {file}; pass the --out folders of `gradwork grade --shard K/N` runs").format(folder=folder, file=GRADEBOOK_JSON)) from None
    except (OSError, ValueError, RecursionError) as exc:
        raise BatchError(_("{path}: not a gradwork gradebook ({error}); pass the --out folders of `gradwork grade` runs").format(path=path, error=exc)) from None


def _missing_shards(documents: list[dict]) -> list[str]:
    specs = [d.get("shard") for d in documents]
    if None in specs or len({s.split("/")[1] for s in specs}) != 1:
        return []
    n = int(specs[0].split("/")[1])
    return [f"{k}/{n}" for k in range(1, n + 1) if f"{k}/{n}" not in specs]


def merge(folders: list[Path], out: Path) -> tuple[dict, list[str]]:
    """One gradebook from the outputs of shard runs; returns it and warnings (shards not given).
    Refuses shards graded against different courses or strengths, and a student whose
    copies in two shards disagree."""
    documents = [_load_shard(folder) for folder in folders]
    first = documents[0]
    for folder, document in zip(folders[1:], documents[1:]):
        for key in ("course", "exercises", "strength"):
            if document.get(key) != first.get(key):
                # TRANSLATORS: {key} is one of the gradebook's keys: course, exercises, strength
                raise BatchError(_("{folder} was graded with another {key} than {first} ({value} vs {first_value}); grade every shard the same way").format(
                    folder=folder, key=key, first=folders[0], value=repr(document.get(key)), first_value=repr(first.get(key))))
        if document.get("grading") != first.get("grading"):
            raise BatchError(_("{folder} was graded with other settings than {first} (the secret seed, hidden_examples, the sandbox's limits, "
                               "the Hypothesis or numpy version, or the course's files differ); grade every shard the same way").format(folder=folder, first=folders[0]))
    rows: dict[str, tuple[Path, dict]] = {}  # by _key(id): Carol and carol are one student, as in a batch
    for folder, document in zip(folders, documents):
        for row in document["rows"]:
            seen = rows.get(_key(row["student"]))
            if seen and _facts(seen[1]) != _facts(row):
                raise BatchError(_("student {student} is in {first} and in {folder} with different results; give each shard once (a student belongs to one shard)").format(
                    student=row["student"], first=seen[0], folder=folder))
            rows.setdefault(_key(row["student"]), (folder, row))
    _refuse_to_overwrite(out, folders)
    out.mkdir(parents=True, exist_ok=True)
    for folder, row in rows.values():
        _copy_reports(folder, out, row["student"])
    document = dict(first, shard=None, unfinished=sum(d.get("unfinished") or 0 for d in documents), merged=True,
                    roster=any(d.get("roster") for d in documents), rows=[row for _folder, row in sorted(rows.values(), key=lambda item: sort_key(item[1]["student"]))])
    write_outputs(out, document)
    warnings = [_("shard {shard} was not given").format(shard=spec) for spec in _missing_shards(documents)]
    given: dict[str, Path] = {}
    for folder, shard_document in zip(folders, documents):
        spec = shard_document.get("shard")
        if spec and spec in given:
            # Two runs of one shard (a rerun kept beside the first, a folder named twice): their
            # students are counted once, and a student they disagree on was refused above.
            warnings.append(_("shard {shard} was given twice ({first} and {folder}); each of its students is counted once").format(
                shard=spec, first=given[spec], folder=folder))
        if spec:
            given.setdefault(spec, folder)
    warnings += [_("{folder} is unfinished: its run stopped with {count} students not graded; run it again, then merge").format(folder=folder, count=d["unfinished"])
                 for folder, d in zip(folders, documents) if d.get("unfinished")]
    return document, warnings


def _refuse_to_overwrite(out: Path, folders: list[Path]) -> None:
    """``merge --out DIR``: DIR may be new, empty, one of the shards or an earlier merge;
    a gradebook a grading run wrote there (another class, or the unsharded run) would be
    lost, so it is refused."""
    try:
        existing = json.loads((out / GRADEBOOK_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if any(folder.resolve() == out.resolve() for folder in folders) or not isinstance(existing, dict) or existing.get("merged"):
        return
    raise BatchError(_("--out {out} already holds the gradebook of a grading run, which merging would replace; merge into a new folder").format(out=out))


def _copy_reports(folder: Path, out: Path, sid: str) -> None:
    if folder.resolve() == out.resolve():
        return
    for suffix in REPORT_SUFFIXES.values():
        source = folder / f"{sid}{suffix}"  # sid is a safe file name (_check_row): no folder, no ..
        if source.is_file() and not source.is_symlink():
            # Through a temporary file and a rename: a link already at the destination is replaced, never written through.
            write_atomically(out / source.name, source.read_bytes())


# -- gradebook.csv --------------------------------------------------------------------------
def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (a formula) gets a quote."""
    text = formats.points(value) if isinstance(value, float) else safe_text(str(value), keep_newlines=False)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook_csv(document: dict) -> str:
    ids = [e["id"] for e in document["exercises"]]
    roster = document.get("roster")
    header = ["student", *(["name", "email"] if roster else []), *ids, "total", "max", "status", "attention",
              "submission hash", "gradwork", "course", "hypothesis", "isolation", "timestamp"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for data in document["rows"]:
        row = Row.from_dict(data)
        meta = row.meta
        line = [row.student, *([row.name, row.email] if roster else []), *(float(row.scores.get(i, 0.0)) for i in ids), float(row.total), float(row.max_score),
                row.status, "; ".join(row.reasons()), row.digest, *(meta.get(key) or "" for key in ("gradwork", "course", "hypothesis", "isolation", "timestamp"))]
        writer.writerow([_cell(value) for value in line])
    return buffer.getvalue()


# -- summary.md -----------------------------------------------------------------------------
HISTOGRAM_BINS = 5
HISTOGRAM_WIDTH = 30


def _histogram(values: list[float], maximum: float) -> list[str]:
    """Five equal bins below full marks, and full marks on their own line."""
    step = maximum / HISTOGRAM_BINS
    counts = [0] * (HISTOGRAM_BINS + 1)
    for value in values:
        counts[HISTOGRAM_BINS if value >= maximum - 1e-9 else min(HISTOGRAM_BINS - 1, int(value // step))] += 1
    labels = [f"[{formats.points(i * step)}, {formats.points((i + 1) * step)})" for i in range(HISTOGRAM_BINS)]
    labels.append(_("{points} (full)").format(points=formats.points(maximum)))
    width = max(cell_len(label) for label in labels)  # in columns: a translated label may hold wide characters
    top = max(counts) or 1
    return [f"{' ' * (width - cell_len(label))}{label}  {'█' * round(HISTOGRAM_WIDTH * count / top):<{HISTOGRAM_WIDTH}}  {count}" for label, count in zip(labels, counts)]


def _distribution_line(label: str, values: list[float], maximum: float) -> str:
    full = sum(value >= maximum - 1e-9 for value in values)
    numbers = (statistics.mean(values), statistics.median(values), min(values), max(values)) if values else (0.0,) * 4
    return f"| {label} | {formats.points(maximum)} | " + " | ".join(formats.points(round(n, 2)) for n in numbers) + " | " + _("{count} of {total}").format(count=full, total=len(values)) + " |"


def _scores_section(document: dict, rows: list[Row]) -> list[str]:
    exercises = document["exercises"]
    total = sum(e["points"] for e in exercises)
    # (label, heading, values, maximum): each exercise, then the whole course
    parts = [(formats.markdown_text(e["id"]), formats.markdown_text(e["id"]) + ": " + formats.markdown_text(translated(e, "title")),
              [row.scores.get(e["id"], 0.0) for row in rows], e["points"]) for e in exercises]
    parts.append(("**" + _("total") + "**", _("Total"), [row.total for row in rows], total))
    # TRANSLATORS: the column headers of summary.md's table of scores
    header = [_("exercise"), _("points"), _("mean"), _("median"), _("min"), _("max"), _("full marks")]
    lines = ["## " + _("Scores"), "", _("Over the {count} students who submitted (missing students are not counted).").format(count=len(rows)), "",
             "| " + " | ".join(header) + " |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [_distribution_line(label, values, maximum) for label, _heading, values, maximum in parts]
    for _label, heading, values, maximum in parts:
        lines += ["", f"### {heading}", "", "```text", *_histogram(values, maximum), "```"]
    return lines


def _mistakes_section(document: dict, rows: list[Row]) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        for exercise_id, title in row.mistakes:
            counts[(exercise_id, title)] = counts.get((exercise_id, title), 0) + 1
    order = {e["id"]: i for i, e in enumerate(document["exercises"])}
    ranked = sorted(counts, key=lambda key: (order.get(key[0], len(order)), -counts[key], key[1]))
    lines = ["## " + _("Named mistakes"), "", _("Each counted once per student: a failing property whose wrong answers match a known mistake.")]
    if not ranked:
        return lines + ["", _("None found.")]
    # TRANSLATORS: the column headers of summary.md's table of named mistakes
    lines += ["", "| " + " | ".join((_("exercise"), _("students"), _("mistake"))) + " |", "| --- | ---: | --- |"]
    share = _("{count} of {total}")
    lines += [f"| {formats.markdown_text(e)} | {share.format(count=counts[(e, t)], total=len(rows))} | {formats.markdown_text(_(t))} |" for e, t in ranked]
    return lines


def _attention_section(rows: list[Row]) -> list[str]:
    flagged = [row for row in rows if row.status in (ATTENTION, FAILED)]
    lines = ["## " + _("Needs attention"), ""]
    if not flagged:
        return lines + [_("Every submission was graded cleanly.")]
    lines += ["| " + " | ".join((_("student"), _("status"), _("why"))) + " |", "| --- | --- | --- |"]
    return lines + [f"| {formats.markdown_text(row.student)} | {_(row.status)} | {formats.markdown_text('; '.join(row.reasons()))} |" for row in flagged]


def _versions(rows: list[Row]) -> str:
    def values(key: str) -> str:
        return ", ".join(sorted({str(row.meta.get(key)) for row in rows if row.meta.get(key)})) or "?"

    return _("strength {strength}, isolation {isolation}; gradwork {gradwork}, course {course}, Hypothesis {hypothesis}").format(
        strength=values("strength"), isolation=values("isolation"), gradwork=values("gradwork"), course=values("course"), hypothesis=values("hypothesis"))


def summary_markdown(document: dict) -> str:
    rows = [Row.from_dict(row) for row in document["rows"]]
    submitted = [row for row in rows if row.submitted]
    unfinished = document.get("unfinished") or 0
    stopped = [_("**Unfinished:** the run stopped with {count} of its students not graded yet; run the same command again to finish (the students graded are kept).").format(count=unfinished), ""] if unfinished else []
    lines = ["# " + _("Class summary: {title}").format(title=formats.markdown_text(translated(document, "title"))), "", *stopped,
             counts(rows, document.get("shard")) + ".",
             "", _("Graded at {versions}.").format(versions=_versions(submitted or rows)), ""]
    lines += _scores_section(document, submitted) + [""] + _mistakes_section(document, submitted) + [""] + _attention_section(rows)
    lines += _identical_section(submitted)
    missing = [row for row in rows if row.status == MISSING]
    if missing:
        names = ", ".join(formats.markdown_text(row.student + (f" ({row.name})" if row.name else "")) for row in missing)
        lines += ["", "## " + _("Missing"), "", _("On the roster, nothing submitted: {students}.").format(students=names)]
    return "\n".join(lines) + "\n"


def _identical_section(rows: list[Row]) -> list[str]:
    """Students whose graded modules are byte for byte the same (the same submission hash),
    among those who earned points: untouched stubs are the same for everybody."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.found and row.digest and row.total > 0:
            groups.setdefault(row.digest, []).append(row)
    shared = sorted((group for group in groups.values() if len(group) > 1), key=lambda group: (-len(group), sort_key(group[0].student)))
    if not shared:
        return []
    lines = ["", "## " + _("Identical submissions"), "", _("The same bytes in every graded module (the same submission hash): worth a look."), "",
             "| " + " | ".join((_("students"), _("score"), _("submission hash"))) + " |", "| --- | ---: | --- |"]
    for group in shared:
        names = ", ".join(formats.markdown_text(row.student) for row in sorted(group, key=lambda row: sort_key(row.student)))
        lines.append(f"| {names} | {formats.points(group[0].total)} | {group[0].digest[:12]} |")
    return lines


# -- progress -----------------------------------------------------------------------------
def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Where the batch is, on stderr: one updating line on a terminal, a line per student otherwise."""

    BAR = 20

    def __init__(self, total: int, stream=None, *, submissions: int | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total, self.done, self.graded, self.spent = total, 0, 0, 0.0
        self.left = total if submissions is None else submissions  # students still to grade (the missing take no time)
        self.reused = 0
        self.lanes = 1  # students graded side by side (grade_class sets it)
        self.started = time.monotonic()

    def eta(self) -> str:
        """Seconds per student graded so far (reused ones take none) times the submissions
        left, shared among the students graded side by side."""
        if not self.left:
            return "0s"
        if not self.graded:
            return "?"
        return _duration(self.spent / self.graded * self.left / max(1, min(self.lanes, self.left)))

    def _line(self, text: str) -> None:
        if self.stream is None:
            return
        try:
            if self.tty:
                width = shutil.get_terminal_size((100, 20)).columns - 1
                self.stream.write("\r\x1b[K" + text[:width])
            else:
                self.stream.write(text + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            # Whatever read the progress went away (`... 2>&1 | head`, a log collector
            # that died): the class is still graded, only no longer reported on.
            self.stream = None

    def note(self, text: str) -> None:
        """A line about the run itself, not about a student."""
        if self.tty:
            self._line(text)
        else:
            self._line(f"gradwork: {text}")

    def begin(self, sid: str) -> None:
        if self.tty:
            filled = self.BAR * self.done // self.total
            bar = f"{'█' * filled}{'·' * (self.BAR - filled)}"
            self._line(_("{bar} {done}/{total} grading {student}  ETA {eta}").format(
                bar=bar, done=self.done, total=self.total, student=safe_text(sid, keep_newlines=False), eta=self.eta()))

    def end(self, row: Row, reused: bool, seconds: float) -> None:
        self.done += 1
        if row.submitted:
            self.left = max(0, self.left - 1)
        if reused:
            self.reused += 1
        elif row.submitted:
            self.graded += 1
            self.spent += seconds
        if not self.tty:
            how = _("unchanged, report reused") if reused else _(MISSING) if not row.submitted else _("{seconds:.1f} s").format(seconds=seconds)
            if row.status not in (GRADED, MISSING):
                how = f"{how}, {_(row.status)}"
            self._line(_("gradwork: [{done}/{total}] {student}: {score}/{max_score} ({how}); ETA {eta}").format(
                done=self.done, total=self.total, student=safe_text(row.student, keep_newlines=False),
                score=formats.points(row.total), max_score=formats.points(row.max_score), how=how, eta=self.eta()))

    def close(self) -> None:
        took = _duration(time.monotonic() - self.started)
        if self.reused:
            line = ngettext("gradwork: {count} student in {duration}, {reused} unchanged since the last run",
                            "gradwork: {count} students in {duration}, {reused} unchanged since the last run", self.done)
        else:
            line = ngettext("gradwork: {count} student in {duration}", "gradwork: {count} students in {duration}", self.done)
        if self.tty:
            self._line("")  # clears the updating line
            self.tty = False  # and the last one ends with a newline
        self._line(line.format(count=self.done, duration=took, reused=self.reused))
