"""The Gradescope autograder: ``gradwork gradescope`` builds it, ``gradwork autograde`` runs it.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` there
once (as root) when it builds the image, then ``run_autograder`` for every
submission, with the student's files in ``/autograder/submission``; whatever
``/autograder/results/results.json`` holds afterwards is the grade
(https://gradescope-autograders.readthedocs.io/en/latest/specs/).

So the zip's top level *is* the course's folder on Gradescope: ``setup.sh``,
``run_autograder``, ``course.toml``, ``pyproject.toml``, ``constraints.txt``,
the engine (``graders/``), the reference ``solutions/``, the stubs, the
property and mistake modules, the secret seed (``gradwork-secret``) and a
ready-made ``gradwork-fallback.json``. It holds the solutions and the secret:
it is for Gradescope, never for students.

Every run ends with a results.json that lists every test of the autograder's
exercises, in the same order, whatever happens: a broken or empty submission
scores 0 on each test with a message in the student's terms; a failure of
gradwork itself is said to be one (score 0, "not your fault"), with the
traceback in the run's log, which only instructors see; and when Python
cannot even start, ``run_autograder`` copies the fallback document.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import stat
import sys
import tempfile
import traceback
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..course import MANIFEST, SECRET_ENV, Course, CourseError
from ..engine.runner import ExerciseRun, grade, run_meta
from ..files import write_atomically
from ..i18n import N_, _
from ..results import CourseResult
from ..text import safe_data, safe_text
from .release import MARKER as RELEASE_MARKER  # a student edition's top folder holds it
from .submission import stage

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ROOT_ENV = "GRADWORK_AUTOGRADER_ROOT"  # Gradescope's /autograder, elsewhere in tests
PYTHON_ENV = "GRADWORK_AUTOGRADER_PYTHON"  # the venv setup.sh makes, another in tests
SECRET_FILE = "gradwork-secret"
FALLBACK_FILE = "gradwork-fallback.json"
# What the install on Gradescope needs at the course's top level (besides course.toml).
PROJECT_FILES = ("pyproject.toml", "constraints.txt")
ENGINE = "graders"  # gradwork itself: the course carries its own copy
SKIPPED_DIRS = {"__pycache__"}
SKIPPED_SUFFIXES = (".pyc", ".pyo")
# A fixed date for every entry: building twice gives the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Grading stops this long before Gradescope's timeout kills the run, which leaves
# time to write results.json.
TIMEOUT_MARGIN_SECONDS = 60

# Translated where it is put into a result (failed_result).
FAILED_MESSAGE = N_(
    "the autograder itself failed, so this was not graded — not your fault; "
    "tell your instructor, who can see what went wrong in the autograder's log and run it again"
)


@dataclass
class Autograder:
    """What was built, for the command's summary and the tests."""

    output: Path
    exercises: list[str]
    points: float
    files: int
    secret_from_environment: bool


# -- what goes into the zip -------------------------------------------------------------
def _readme(root: Path) -> list[str]:
    """The readme pyproject.toml names: pip refuses to build the project without it."""
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(_("pyproject.toml is not valid TOML ({error}); the autograder installs the course from it").format(error=exc)) from None
    readme = project.get("readme")
    name = readme.get("file") if isinstance(readme, dict) else readme
    return [name] if isinstance(name, str) and (root / name).is_file() else []


def _folders(course: Course) -> list[str]:
    """The engine and the course's folders (course.toml names them), relative to the root."""
    folders = {ENGINE}
    for path in (course.exercises_dir, course.solutions_dir, course.properties_dir, course.mistakes_dir, course.corpus_dir):
        if path is None or not path.is_dir():
            continue
        try:
            folders.add(path.resolve().relative_to(course.root).as_posix())
        except ValueError:
            raise CourseError(_("{manifest}: {path} is outside the course folder; move it inside so the autograder can carry it").format(manifest=MANIFEST, path=path)) from None
    return sorted(folders)


def _walk(root: Path, folder: str) -> list[str]:
    """Every regular file below ``folder``: no caches, no hidden files, no symbolic links
    (a link could carry something from outside the course into the zip)."""
    found = []
    for current, dirs, files in os.walk(root / folder):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in files:
            path = Path(current) / name
            if name.startswith(".") or name.endswith(SKIPPED_SUFFIXES) or path.is_symlink():
                continue
            found.append(path.relative_to(root).as_posix())
    return found


def course_files(course: Course) -> list[str]:
    """The course's files the autograder needs, relative to its root, sorted."""
    missing = [name for name in PROJECT_FILES if not (course.root / name).is_file()]
    if not (course.root / ENGINE).is_dir():
        missing.append(f"{ENGINE}/")
    if missing:
        # TRANSLATORS: joins the names of missing files: "pyproject.toml or constraints.txt"
        files = _(" or ").join(missing)
        raise CourseError(_("{root} has no {files}; the autograder installs the course and its copy of gradwork from them, with the pinned versions").format(
            root=course.root, files=files))
    names = {MANIFEST, *PROJECT_FILES, *_readme(course.root)}
    for folder in _folders(course):
        names.update(_walk(course.root, folder))
    return sorted(names)


# -- the scripts ----------------------------------------------------------------------
SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (written by `gradwork gradescope`).
set -euo pipefail
SOURCE=/autograder/source
export DEBIAN_FRONTEND=noninteractive

# Debian/Ubuntu's own packages. Bubblewrap gives the `strong` isolation level where
# the container allows user namespaces; elsewhere gradwork, as root, uses `uid`.
apt-get update -qq
apt-get install -y -qq bubblewrap python3 python3-venv >/dev/null

# The pinned versions: Hypothesis draws its examples by version, so a grade is
# reproducible only with exactly these.
python3 -m venv "$SOURCE/.venv"
"$SOURCE/.venv/bin/pip" install -q -c "$SOURCE/constraints.txt" -e "$SOURCE"

# Self-check: the reference solutions must earn every point, as a submission
# would be graded. A broken autograder then fails here, where the instructor
# sees it, rather than in front of a student. (It also builds the sandbox's jail
# into the image and records the hidden examples in .gradwork/cache, which every
# submission then replays: see engine/replay.py.)
GRADWORK_SECRET_SEED="$(cat "$SOURCE/{secret}")" "$SOURCE/.venv/bin/python" -m graders --course "$SOURCE" \\
  check --target "$SOURCE/{solutions}" --strength hidden --details all{ids}
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission, as root, in /autograder (written by
# `gradwork gradescope`). One gradwork command grades /autograder/submission into
# /autograder/results/results.json; whatever happens, results.json exists at the end.
# Only instructors see what this prints (Gradescope's stdout_visibility is hidden).
set -u
ROOT="${{{root_env}:-/autograder}}"
SOURCE="$ROOT/source"
PYTHON="${{{python_env}:-$SOURCE/.venv/bin/python}}"
RESULTS="$ROOT/results/results.json"

mkdir -p "$ROOT/results"
rm -f "$RESULTS"
# From the course's folder, `-m graders` is the course's own copy of gradwork
# (the one setup.sh installed in editable mode).
cd "$SOURCE"
GRADWORK_SECRET_SEED="$(cat "$SOURCE/{secret}")" "$PYTHON" -m graders --course "$SOURCE" \\
  autograde "$ROOT/submission"{ids} --output "$RESULTS" \\
  --metadata "$ROOT/submission_metadata.json" --run-seconds {run_seconds}
status=$?
echo "gradwork autograde exited with status $status"
if [ ! -s "$RESULTS" ]; then
  echo "gradwork wrote no results; the fallback (every test at 0, 'the autograder itself failed') stands in"
  cp "$SOURCE/{fallback}" "$RESULTS"
fi
exit 0
"""


def _id_arguments(ids: list[str]) -> str:
    return "".join(f" {shlex.quote(exercise_id)}" for exercise_id in ids)


def setup_script(course: Course, ids: list[str]) -> str:
    solutions = course.solutions_dir.resolve().relative_to(course.root).as_posix()
    return SETUP_SH.format(secret=SECRET_FILE, solutions=solutions, ids=_id_arguments(ids))


def run_script(ids: list[str], run_seconds: int) -> str:
    return RUN_AUTOGRADER.format(root_env=ROOT_ENV, python_env=PYTHON_ENV, secret=SECRET_FILE, fallback=FALLBACK_FILE, ids=_id_arguments(ids), run_seconds=run_seconds)


# -- the results document ----------------------------------------------------------------
def failed_result(course: Course, ids: list[str], meta: dict) -> CourseResult:
    """Every test of ``ids`` at 0, each saying that the autograder failed (not the student)."""
    message = _(FAILED_MESSAGE)
    exercises = [ExerciseRun(course, course.get(i), course.root, graded=True).error(message, problem="grader") for i in ids]
    return CourseResult(exercises=exercises, target="submission", meta=meta)


def results_document(course: Course, result: CourseResult, *, notes: list[str] = (), extra: dict | None = None) -> str:
    """Gradescope's results.json at the course's graded feedback level, with ``notes``
    (about the submission as a whole) first in the overall output."""
    from ..report import feedback, formats

    document = json.loads(formats.to_gradescope(feedback.apply(result, course.grading.feedback)))
    if notes:
        document["output"] = "\n".join([*notes, document.get("output", "")])
    if extra:
        document.setdefault("extra_data", {}).update(extra)
    return json.dumps(safe_data(document), indent=2, ensure_ascii=False) + "\n"


# -- building ---------------------------------------------------------------------------
def _entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.create_system = 3  # Unix: unzip restores the mode below
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def zip_bytes(entries: dict[str, tuple[bytes, int]]) -> bytes:
    """A zip of ``name -> (content, mode)``, in name order, with fixed dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            data, mode = entries[name]
            archive.writestr(_entry(name, mode), data, compresslevel=9)
    return buffer.getvalue()


def _write_bytes_atomically(path: Path, data: bytes) -> None:
    """Like :func:`graders.files.write_atomically`, for bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_output(course: Course, output: Path) -> None:
    """Refuse to write the zip (the solutions and the secret) where students can get it:
    a folder that the student edition or the lesson site copies (docs/, exercises/,
    the engine and the course's other folders), or a student edition."""
    where = Path(os.path.abspath(output))
    shared = {N_("the lessons (the site publishes every file of it)"): course.docs_dir, N_("the stubs"): course.exercises_dir,
              N_("gradwork itself"): course.root / ENGINE, N_("the properties"): course.properties_dir,
              N_("the mistakes"): course.mistakes_dir, N_("the solutions"): course.solutions_dir}
    for what, folder in shared.items():
        folder = Path(os.path.abspath(folder))
        if folder in where.parents:
            raise CourseError(_("--output {output}: is inside {folder}/, {what}, which the student edition or the next autograder copies; "
                                "write the zip outside the course's folders, e.g. --output autograder.zip").format(output=output, folder=folder.name, what=_(what)))
    edition = next((parent for parent in where.parents if (parent / RELEASE_MARKER).is_file()), None)
    if edition is not None:
        raise CourseError(_("--output {output}: is inside a student edition ({folder}/); the zip holds the solutions and the secret seed: write it elsewhere").format(
            output=output, folder=edition.name))


def build(course: Course, output: Path, ids: list[str], *, timeout_minutes: float) -> Autograder:
    """Write the autograder zip for exercises ``ids`` (in course order) to ``output``.

    Raises :class:`CourseError` (one line) when the course has no secret seed or
    cannot be installed from what it holds, or when ``output`` is a place students
    can read (:func:`check_output`).
    """
    check_output(course, output)
    secret = course.grading.seed()  # none: refuse, hidden-strength grading needs one
    entries = {name: ((course.root / name).read_bytes(), 0o644) for name in course_files(course)}
    # Fixed meta (no timestamp, no machine): the fallback is the same on every build.
    fallback = results_document(course, failed_result(course, ids, {"gradwork": __version__, "course": course.version, "strength": "hidden"}))
    run_seconds = int(timeout_minutes * 60 - TIMEOUT_MARGIN_SECONDS)
    entries.update({
        "setup.sh": (setup_script(course, ids).encode(), 0o755),
        "run_autograder": (run_script(ids, run_seconds).encode(), 0o755),
        SECRET_FILE: (secret.encode(), 0o600),
        FALLBACK_FILE: (fallback.encode(), 0o644),
    })
    _write_bytes_atomically(output, zip_bytes(entries))
    points = sum(course.get(i).points for i in ids)
    return Autograder(output=output, exercises=ids, points=points, files=len(entries), secret_from_environment=bool(os.environ.get(SECRET_ENV)))


# -- running (on Gradescope) -----------------------------------------------------------------
def student_id(metadata: Path | None) -> str | None:
    """The Gradescope user id(s) of the submission (several for a group), if known."""
    try:
        users = json.loads(metadata.read_text(encoding="utf-8"))["users"]
        return ",".join(str(user["id"]) for user in users) or None
    except (AttributeError, OSError, ValueError, KeyError, TypeError):
        return None


def _grade_submission(course: Course, submission: Path, ids: list[str], *, level: str, student: str | None, run_seconds: float | None) -> tuple[CourseResult, str]:
    with tempfile.TemporaryDirectory(prefix="gradwork-autograde-") as temporary:
        staged = stage(submission, course, Path(temporary) / "submission")
        # The run's log, which only instructors see.
        print(_("submission: {count} module(s) found: {modules}; digest {digest}").format(
            count=len(staged.found), modules=", ".join(staged.found) or _("none"), digest=staged.digest))
        for problem in staged.problems:
            print(_("submission: {problem}").format(problem=problem))
        result = grade(course, ids, target=staged.target, level=level, student=student, strength="hidden", graded=True, run_seconds=run_seconds)
    print(_("graded at isolation {level}: {score} / {max_score}").format(level=repr(result.isolation), score=result.score, max_score=result.max_score))
    notes = [safe_text(problem) for problem in staged.problems]
    return result, results_document(course, result, notes=notes, extra={"submission": {"digest": staged.digest, "modules": len(staged.found)}})


def write_failure(course: Course, ids: list[str], output: Path, *, student: str | None = None) -> CourseResult:
    """results.json when gradwork failed: every test at 0, the blame where it belongs."""
    result = failed_result(course, ids, run_meta(course, student=student, strength="hidden"))
    write_atomically(output, results_document(course, result))
    return result


def autograde(course: Course, submission: Path, output: Path, ids: list[str], *, level: str, metadata: Path | None = None, run_seconds: float | None = None) -> CourseResult:
    """Grade ``submission`` (a folder or a .zip) for credit into Gradescope's ``output``.

    Always writes ``output``. When gradwork itself fails, the traceback goes to the
    instructor's log and the student's results say only that it was not their
    fault (every test at 0); no result names a path or command of this machine.
    """
    student = student_id(metadata)
    try:
        result, document = _grade_submission(course, submission, ids, level=level, student=student, run_seconds=run_seconds)
    except Exception:
        traceback.print_exc()
        return write_failure(course, ids, output, student=student)
    write_atomically(output, document)
    return result
