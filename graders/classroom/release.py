"""The student edition: ``gradwork release OUT``.

What a student clones for a graded class: the stubs, the lessons (already
built from the reference: worked examples' output, figures, the mistakes'
titles and advice), ``course.toml``, the engine and the property modules —
and **no reference code and no mistake code**. Grading there answers from the
public corpus (:mod:`.corpus`), recorded here from the reference and the bank.

What is left out, and why:

* ``solutions/`` — except the exercises whose solutions are published
  (``--solutions``: after their due date, by default);
* ``graders/mistakes/`` — the bank's code (its titles and advice travel in the
  corpus, as text);
* ``[grading]`` of course.toml — the secret seed of hidden-strength grading;
* properties marked ``hidden`` (and ``after_due_date`` ones before the due
  date) — cut from the property modules and absent from the corpus;
* ``graders/docsite/figures/<id>.py``, which draws the figures by running the
  reference (the pages and figures are baked into ``docs/`` instead);
* the project's own tests, CI files and caches.

The edition is built in a fresh folder beside OUT and moved into place at
the end, so a failed build leaves nothing half-written.
"""

from __future__ import annotations

import ast
import datetime
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..course import MANIFEST, Course, CourseError, Exercise
from ..i18n import DEFAULT, current, N_, _
from . import corpus

MARKER = ".gradwork-release"  # names a folder as a student edition (so --force may replace it)
CORPUS_DIR = "graders/corpus"
STUBS_DIR = f"{CORPUS_DIR}/stubs"  # pristine stubs: `gradwork reset` there has no solution to cut one from
TOP_FILES = ("pyproject.toml", "constraints.txt", "mkdocs.yml")
SKIP_NAMES = {"__pycache__"}
# Never copied from docs/ or graders/: compiled files, and archives (an autograder zip
# left in docs/ holds the solutions and the secret). Hidden files are skipped too.
SKIP_SUFFIXES = (".pyc", ".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".whl")
GITIGNORE = ".venv/\n__pycache__/\n*.pyc\nsite/\n.gradwork/\ngradwork-report.json\n"


class ReleaseError(Exception):
    """The student edition cannot be built; the message is one line."""


@dataclass
class Release:
    """What was written, for the command's summary and the tests."""

    out: Path
    exercises: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)  # exercises whose solution is included
    properties: int = 0
    withheld: list[str] = field(default_factory=list)  # "exercise.property (hidden)"
    corpus_bytes: int = 0


# -- choices ----------------------------------------------------------------------------
def published_solutions(course: Course, choice: str, today: str) -> list[str]:
    """Which exercises' reference solutions go out: ``due`` (past their due date),
    ``none``, ``all``, or a comma-separated list of exercise ids."""
    if choice == "due":
        return [e.id for e in course.exercises if e.past_due(today)]
    if choice == "none":
        return []
    if choice == "all":
        return course.ids()
    ids = [part.strip() for part in choice.split(",") if part.strip()]
    for exercise_id in ids:
        course.get(exercise_id)  # an unknown id: a one-line CourseError
    return ids


def released(exercise: Exercise, key: str, today: str) -> bool:
    """Does this property's corpus (and code) go to students?"""
    visibility = exercise.visibility_of(key)
    return visibility == "visible" or (visibility == "after_due_date" and exercise.past_due(today))


# -- files --------------------------------------------------------------------------------
def _copy_tree(source: Path, dest: Path, *, skip=()) -> None:
    """Copy a folder without caches, compiled files or the top-level names in ``skip``."""
    def ignore(folder, names):
        rel = Path(folder).relative_to(source)
        return [n for n in names if n in SKIP_NAMES or n.startswith(".") or n.endswith(SKIP_SUFFIXES) or (rel / n).as_posix() in skip]

    shutil.copytree(source, dest, ignore=ignore, symlinks=False, dirs_exist_ok=True)


def without_functions(source: str, names: set[str]) -> str:
    """``source`` with the top-level functions ``names`` (and their decorators) cut out,
    everything else — comments included — as written."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    cut = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names:
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            cut.update(range(start - 1, node.end_lineno))
    kept = "".join(line for number, line in enumerate(lines) if number not in cut)
    return re.sub(r"\n{4,}", "\n\n\n", kept)


def student_manifest(text: str, corpus_dir: str, language: str | None = None) -> str:
    """course.toml for students: without ``[grading]`` (the secret seed), and with
    ``corpus`` set, which makes the engine grade from the recorded answers.

    The text is edited line by line, to keep the author's comments; the result is
    then parsed, and a ``grading`` key left in any spelling TOML allows is refused."""
    import tomllib

    out, skipping = [], False
    for line in text.splitlines():
        header = re.match(r"""^\s*\[\[?\s*["']?([A-Za-z0-9_\-]+)["']?\s*(?:\.|\]\]?)""", line)
        if header:
            skipping = header.group(1) == "grading"
        if skipping:
            continue
        if re.match(r"^\s*corpus\s*=", line) or (language and re.match(r"^\s*language\s*=", line)):
            continue
        out.append(line)
        if header and header.group(1) == "course" and not line.strip().startswith("[["):
            out.append(f'corpus = "{corpus_dir}"  # the student edition grades from recorded answers (gradwork release)')
            if language:
                out.append(f'language = "{language}"  # messages, hints and stubs in this language unless --lang or GRADWORK_LANG says otherwise')
    edited = "\n".join(out).rstrip() + "\n"
    try:
        left = tomllib.loads(edited)
    except tomllib.TOMLDecodeError as exc:
        raise ReleaseError(_("the student edition's {manifest} would not be valid TOML ({error}); write [grading] as a table of its own").format(manifest=MANIFEST, error=exc)) from None
    if "grading" in left or left.get("course", {}).get("corpus") != corpus_dir:
        raise ReleaseError(_("{manifest}: cannot take the grading settings out for students; write them as a plain [grading] table (not a dotted key or an inline table)").format(
            manifest=MANIFEST))
    return edited


# The student edition's README.md, in the language the edition is built in.
# TRANSLATORS: Markdown; keep the commands, paths and the {title} and {exercises} placeholders
STUDENT_README = N_("""\
# {title}

The student edition of the course: read a lesson, fill in a stub under
`exercises/`, and run `gradwork` — it tells you what is wrong, with the
smallest input that shows it and, often, the name of the mistake.

## Start

```bash
python3 -m venv .venv
.venv/bin/pip install -c constraints.txt -e .
.venv/bin/gradwork            # grade in course order; explains the first unfinished exercise
```

Then: `gradwork hint ID` (a hint, one tier at a time), `gradwork watch`
(re-grade on every save), `gradwork list` (progress), `gradwork docs` (the
lessons, offline, at http://127.0.0.1:8000).

Your code may import the Python standard library and numpy, nothing else.

## How this copy grades

Your functions are checked against recorded answers of the reference on the
same examples your instructor's grader starts from (no reference code ships
with this copy). Your instructor grades for credit with other examples than
these, drawn from a secret seed, so make your code right, not just right on
these inputs.

Exercises in this edition: {exercises}.
""")


# -- building ----------------------------------------------------------------------------
def _bake_docs(course: Course, docs: Path) -> None:
    """Write each page as the site shows it (worked examples run, figures drawn, the
    mistakes' titles listed), so the edition's site builds without the reference.

    Each language's page is expanded in its language (``X.ko.md`` in Korean), and
    each language gets its figures: ``figures/NAME.svg`` for English and
    ``figures/NAME.ko.svg``, which mkdocs-static-i18n serves to the Korean pages."""
    from ..docsite import figures
    from ..docsite.hooks import source_of
    from ..docsite.lesson import expand, figures_used
    from ..i18n import DEFAULT, LOCALIZED, speaking

    wanted: set[tuple[str, str]] = set()
    for page in sorted(docs.rglob("*.md")):
        src = page.relative_to(docs).as_posix()
        found = LOCALIZED.search(page.name)
        language = found.group("lang") if found else DEFAULT
        with speaking(language):
            result = expand(page.read_text(encoding="utf-8"), course, source_of(src), stub_link=True)
        if result.problems:
            raise ReleaseError(f"docs/{src}: {result.problems[0]}")
        page.write_text(result.markdown, encoding="utf-8")
        wanted.update((name, language) for name in figures_used(result.markdown))
    for name, language in sorted(wanted):
        suffix = "" if language == DEFAULT else f".{language}"
        path = docs / "figures" / f"{name}{suffix}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        with speaking(language):
            svg = figures.render(name, course)
        path.write_bytes(svg if isinstance(svg, bytes) else svg.encode("utf-8"))


def _write_stubs(course: Course, stage: Path) -> None:
    from ..dev.stubs import StubError, make_stub

    for exercise in course.exercises:
        try:
            stub = make_stub(course.solution_path(exercise).read_text(encoding="utf-8"), exercise.id)
        except (OSError, StubError) as exc:
            raise ReleaseError(_("cannot cut the stub of {id}: {error}").format(id=exercise.id, error=exc)) from None
        for folder in (stage / "exercises", stage / STUBS_DIR):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{exercise.id}.py").write_text(stub, encoding="utf-8")


def _write_properties(course: Course, stage: Path, today: str, release: Release) -> dict[str, set[str]]:
    """Copy the property modules without the properties students may not see; returns
    each exercise's released property keys."""
    from ..engine import loading
    from ..engine.properties import collect

    keys: dict[str, set[str]] = {}
    folder = stage / course.properties_dir.relative_to(course.root)
    for exercise in course.exercises:
        properties = collect(loading.load("properties", course.properties_dir, exercise.id))
        withheld = {p.key for p in properties if not released(exercise, p.key, today)}
        keys[exercise.id] = {p.key for p in properties} - withheld
        release.withheld += [f"{exercise.id}.{key} ({exercise.visibility_of(key)})" for key in sorted(withheld)]
        release.properties += len(keys[exercise.id])
        source = course.properties_path(exercise).read_text(encoding="utf-8")
        (folder / f"{exercise.id}.py").write_text(without_functions(source, withheld) if withheld else source, encoding="utf-8")
    return keys


def build(course: Course, out: Path, *, solutions: str = "due", force: bool = False, today: str | None = None) -> Release:
    """Write the student edition of ``course`` to ``out``."""
    if course.corpus_dir is not None:
        raise ReleaseError(_("this is already a student edition (course.toml sets corpus); release from the instructor's course"))
    today = today or datetime.date.today().isoformat()
    out = Path(out).resolve()
    if out == course.root or course.root in out.parents:
        raise ReleaseError(_("{folder} is inside the course; choose a folder outside it").format(folder=out))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        if not force:
            raise ReleaseError(_("{folder} exists and is not empty; choose a new folder (or pass --force to replace an earlier student edition)").format(folder=out))
        if not (out / MARKER).is_file():
            raise ReleaseError(_("{folder} is not an earlier student edition (no {marker}); refusing to replace it even with --force").format(folder=out, marker=MARKER))
    published = published_solutions(course, solutions, today)
    release = Release(out=out, exercises=course.ids(), published=published)

    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name in TOP_FILES:
            if (course.root / name).is_file():
                shutil.copy2(course.root / name, stage / name)
        text = (course.root / MANIFEST).read_text(encoding="utf-8")
        # The edition speaks the language it is built in (`gradwork --lang ko release OUT`):
        # its stubs' docstrings, its README, and its course.toml's default language.
        language = current()
        (stage / MANIFEST).write_text(student_manifest(text, CORPUS_DIR, None if language == DEFAULT else language), encoding="utf-8")
        (stage / "README.md").write_text(_(STUDENT_README).format(title=_(course.title), exercises=", ".join(course.ids())), encoding="utf-8")
        # The engine is the graders package without any course's content: this
        # course's properties are copied (filtered) below and mistakes never are.
        graders = Path(__file__).resolve().parents[1]
        # docsite/figures/ draws the figures with the reference (they are baked below).
        _copy_tree(graders, stage / "graders", skip={"properties", "mistakes", "corpus", "docsite/figures"})
        _copy_tree(course.properties_dir, stage / course.properties_dir.relative_to(course.root))
        keys = _write_properties(course, stage, today, release)
        _copy_tree(course.docs_dir, stage / course.docs_dir.relative_to(course.root))
        _bake_docs(course, stage / course.docs_dir.relative_to(course.root))
        _write_stubs(course, stage)
        solutions_out = stage / course.solutions_dir.relative_to(course.root)
        solutions_out.mkdir(parents=True, exist_ok=True)
        (solutions_out / "__init__.py").write_text('"""Reference solutions, published after their due date."""\n', encoding="utf-8")
        for exercise_id in published:
            shutil.copy2(course.solution_path(course.get(exercise_id)), solutions_out / f"{exercise_id}.py")
        (stage / "exercises" / "__init__.py").write_text((course.exercises_dir / "__init__.py").read_text(encoding="utf-8") if (course.exercises_dir / "__init__.py").is_file() else "", encoding="utf-8")
        for exercise in course.exercises:
            try:
                recorded = corpus.record(course, exercise, include=keys[exercise.id].__contains__)
            except corpus.CorpusError as exc:
                raise ReleaseError(str(exc)) from None
            release.corpus_bytes += sum(p.stat().st_size for p in recorded.save(stage / CORPUS_DIR))
        (stage / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        (stage / MARKER).write_text(f"student edition of {course.title} {course.version}, built {today}\n", encoding="utf-8")
        _refuse_secrets(course, stage)
        stage.chmod(0o755)  # mkdtemp made it private; the edition is an ordinary folder
        _move_into_place(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return release


def _refuse_secrets(course: Course, stage: Path) -> None:
    """No file of the edition may hold the secret seed, however it got there."""
    try:
        secret = course.grading.seed().encode()
    except CourseError:
        return  # no secret to leak
    for path in stage.rglob("*"):
        if path.is_file() and secret in path.read_bytes():
            raise ReleaseError(_("{file} would give students the secret seed; take it out of the course's files and release again").format(file=path.relative_to(stage)))


# What --force keeps of an earlier edition: its git history and CI set-up, which the
# edition's own files never include (hidden top-level entries other than the marker).
def _kept(entry: Path) -> bool:
    return entry.name.startswith(".") and entry.name not in (MARKER, ".gitignore")


def _move_into_place(stage: Path, out: Path) -> None:
    if not out.exists():
        stage.rename(out)
        return
    for entry in out.iterdir():
        if not _kept(entry):
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in stage.iterdir():
        entry.rename(out / entry.name)
    stage.rmdir()


def check_manifest(out: Path) -> None:
    """The edition's course.toml loads and says it grades from the corpus."""
    from ..course import load_course

    try:
        edition = load_course(out)
    except CourseError as exc:
        raise ReleaseError(_("the student edition's {manifest} does not load: {error}").format(manifest=MANIFEST, error=exc)) from None
    if edition.corpus_dir is None:
        raise ReleaseError(_("the student edition's {manifest} has no corpus").format(manifest=MANIFEST))
