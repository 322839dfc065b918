"""The student edition (`gradwork release`): no reference or mistake code, and it still grades.

The real course's edition is built once for the module (recording its corpus
takes most of a minute); the small fake course serves the option tests.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from graders.classroom import release
from graders.classroom.corpus import Corpus
from graders.course import load_course
from graders.engine import loading, variants
from graders.engine.runner import grade, grade_exercise
from graders.results import FAILED, NOT_STARTED, PASSED

from .conftest import ROOT

# One worker builds this module's shared fixtures once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("release")

FAKE = ROOT / "tests" / "fake_course"
COURSE = load_course(ROOT)


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "student"
    release.build(COURSE, out, solutions="none")
    return out


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def student_course(edition):
    return load_course(edition)


def _bank(course, exercise):
    module = loading.load_optional("mistakes", course.mistakes_dir, exercise.id)
    return variants.collect(module) if module else []


# -- what is in it -----------------------------------------------------------------------
def _functions(source: str) -> dict[str, list[str]]:
    """Each function's statements (nested ones too), as normalised Python, without
    its docstring and without trivia (`pass`, `raise NotImplementedError`, short lines)."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body[1:] if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) else node.body
            statements = [ast.unparse(inner) for statement in body for inner in ast.walk(statement) if isinstance(inner, ast.stmt)]
            found[f"{node.name}:{node.lineno}"] = [s for s in statements if len(s) >= 16 and "NotImplementedError" not in s and not _trivial(s)]
    return found


def _trivial(statement: str) -> bool:
    """A bare call with literal arguments only (``np.random.seed(0)``): the engine's own
    files may hold it too, and it carries no implementation."""
    node = ast.parse(statement).body[0]
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and all(isinstance(a, ast.Constant) for a in node.value.args)
            and all(isinstance(k.value, ast.Constant) for k in node.value.keywords))


def _statements(source: str) -> set[str]:
    return {s for statements in _functions(source).values() for s in statements}


def _implementations() -> list[tuple[str, list[str]]]:
    """Every reference function and every mistake, as its list of statements."""
    found = []
    for exercise in COURSE.exercises:
        # Code the stub itself gives the student (outside BEGIN/END SOLUTION, such as a
        # class's constructor) is public by design; the rest is the implementation.
        given = _statements((COURSE.exercises_dir / f"{exercise.id}.py").read_text())
        for name, statements in _functions(COURSE.solution_path(exercise).read_text()).items():
            found.append((f"solutions/{exercise.id}.py {name}", [s for s in statements if s not in given]))
        for variant in _bank(COURSE, exercise):
            for name, statements in _functions(variant.source).items():
                found.append((f"mistake {variant.key}", statements))
    return [(where, statements) for where, statements in found if statements and not _is_data(statements)]


def _is_data(statements: list[str]) -> bool:
    """A function that only returns literal arrays (init_network's numbers, which the
    stub's docstring states as the task) is data the student is given, not an implementation."""
    allowed = (ast.Module, ast.Return, ast.Dict, ast.List, ast.Tuple, ast.Constant, ast.UnaryOp, ast.USub, ast.Load, ast.Call, ast.Attribute, ast.Name)
    for statement in statements:
        for node in ast.walk(ast.parse(statement)):
            if not isinstance(node, allowed) or (isinstance(node, ast.Name) and node.id != "np") or (isinstance(node, ast.Attribute) and node.attr != "array"):
                return False
    return True


def _leaks(statements: set[str], text: str = "") -> list[str]:
    """The implementations this file reproduces: any of their return statements (the
    formula itself), or half or more of their statements."""
    leaks = []
    for where, body in _implementations():
        returns = [s for s in body if s.startswith("return ")]
        shared = [s for s in body if s in statements or (text and s in text)]
        if any(r in shared for r in returns) or len(shared) * 2 >= len(body):
            leaks.append(f"{where}: {shared[:2]}")
    return leaks


def test_the_edition_has_no_reference_mistakes_secret_or_tests(edition):
    files = {p.relative_to(edition).as_posix() for p in edition.rglob("*") if p.is_file()}
    assert "course.toml" in files and "README.md" in files and "pyproject.toml" in files
    assert {f"exercises/{e}.py" for e in COURSE.ids()} <= files
    assert [f for f in files if f.startswith("solutions/")] == ["solutions/__init__.py"]  # --solutions none
    assert not [f for f in files if f.startswith(("graders/mistakes/", "tests/", ".ci/", ".git/"))]
    assert not [f for f in files if f.endswith((".pyc", ".pkl", ".pickle"))]
    secret = COURSE.grading.secret_seed
    assert secret
    for path in edition.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), f"the secret seed is in {path}"
    assert "[grading]" not in (edition / "course.toml").read_text()


def test_no_file_of_the_edition_holds_reference_or_mistake_code(edition):
    assert len(_implementations()) > 60  # the check has something to look for
    # The check finds an implementation wherever it is copied (here: the reference itself).
    assert _leaks(_statements(COURSE.solution_path(COURSE.exercises[0]).read_text()))
    for path in edition.rglob("*.py"):
        leaks = _leaks(_statements(path.read_text(encoding="utf-8")))
        assert not leaks, f"{path.relative_to(edition)} reproduces {leaks[:2]}"
    for path in edition.rglob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))  # plain JSON
        # The mistakes' titles and advice are text the course author wrote for students
        # (the lessons list them too); they travel as written. Everything else is data.
        advice = {(m["key"], m["title"], m["advice"]) for m in document.pop("mistakes", [])}
        bank = {(v.key, v.title, v.advice) for v in _bank(COURSE, COURSE.get(document["exercise"])) if v.diagnose}
        assert advice == bank
        leaks = _leaks(set(), json.dumps(document))
        assert not leaks, f"{path.relative_to(edition)} holds {leaks[:2]}"
    npz_files = list(edition.rglob("*.npz"))
    assert len(npz_files) == len(COURSE.exercises)
    for path in npz_files:
        with np.load(path, allow_pickle=False) as data:  # loads without pickles
            assert all(data[name].dtype.kind in "biufc" for name in data.files), f"{path.name} holds non-numeric arrays"
        with zipfile.ZipFile(path) as archive:
            assert all(name.endswith(".npy") for name in archive.namelist())


def test_lessons_and_hints_stay_as_written(edition, student_course):
    for original, released in zip(COURSE.exercises, student_course.exercises):
        assert released.hints == original.hints and released.title == original.title
        lesson = (COURSE.docs_dir / original.lesson).read_text(encoding="utf-8")
        heading = next(line for line in lesson.splitlines() if line.startswith("# "))
        assert heading in (edition / "docs" / original.lesson).read_text(encoding="utf-8")


# -- it grades ------------------------------------------------------------------------------
def test_every_stub_is_not_started_in_the_edition(student_course):
    result = grade(student_course, level="uid")
    assert [e.status for e in result.exercises] == [NOT_STARTED] * len(COURSE.exercises)
    assert result.score == 0


def test_the_reference_passes_the_editions_corpus(student_course):
    result = grade(student_course, target=COURSE.solutions_dir, level="uid")
    assert [(e.id, e.status) for e in result.exercises] == [(e.id, PASSED) for e in COURSE.exercises], [e.message for e in result.exercises]
    assert result.score == result.max_score == sum(e.points for e in COURSE.exercises)


# Every bank mistake is named through the engine in tests/test_banks.py; from the
# corpus alone, a fixed sample keeps the suite inside its budget: the first mistake
# of every function (so every function's recorded answers are used) and every
# seventh of each exercise's bank (raising and returning mistakes alike).
def _sample(bank: list) -> list:
    firsts = {v.replaces: v for v in reversed(bank)}
    return [v for i, v in enumerate(bank) if i % 7 == 0 or firsts[v.replaces] is v]


MISTAKES = [(e.id, v) for e in COURSE.exercises for v in _sample(_bank(COURSE, e))]


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id,variant", MISTAKES, ids=[f"{e}-{v.key}" for e, v in MISTAKES])
def test_every_bank_mistake_is_caught_and_named_from_the_corpus_alone(tmp_path, student_course, exercise_id, variant):
    target = tmp_path / "target"
    target.mkdir()
    for path in COURSE.solutions_dir.glob("*.py"):
        shutil.copyfile(path, target / path.name)
    base = COURSE.solution_path(COURSE.get(exercise_id)).read_text()
    (target / f"{exercise_id}.py").write_text(variant.module_source(base))
    result = grade_exercise(student_course, student_course.get(exercise_id), target, functions=[variant.replaces], level="uid")
    failing = [p for p in result.properties if p.status == FAILED]
    assert result.status == FAILED and failing, f"{variant.title!r} passed the edition: {result.message}"
    if variant.diagnose:
        named = [p.diagnosis.id for p in failing if p.diagnosis]
        assert variant.key in named, f"{variant.title!r} was caught but named {named or 'nothing'}: {failing[0].message}"


def test_a_failure_in_the_edition_shows_the_smallest_case_got_expected_and_advice(tmp_path, student_course):
    target = tmp_path / "t"
    target.mkdir()
    (target / "zeros_init.py").write_text(
        "import numpy as np\n"
        "def init_zeros(n_in, n_out):\n    return np.zeros((n_out, n_in)), np.zeros(n_out)\n"
        "def init_logistic_zeros(n_x):\n    return np.zeros((n_x, 1)), 0.0\n"
        "def init_network_zeros(layer_sizes):\n    raise NotImplementedError\n"
        "def zeros_like_params(params):\n    raise NotImplementedError\n"
    )
    result = grade_exercise(student_course, student_course.get("zeros_init"), target, level="uid")
    first = result.first_failure
    assert first.key == "init_zeros_shapes"
    # The smallest example of the corpus on which the transposed shape shows (n_in != n_out).
    examples = Corpus.load(student_course.corpus_dir, "zeros_init").examples("init_zeros_shapes")
    smallest = next(e for e in examples if e["n_in"] != e["n_out"])
    assert first.call == f"init_zeros(n_in={smallest['n_in']}, n_out={smallest['n_out']})"
    assert max(smallest.values()) <= 3
    assert first.got and first.expected
    assert first.diagnosis and first.diagnosis.title == "W transposed: shape (n_out, n_in)"
    assert "n_in, n_out" in first.diagnosis.advice


def test_the_editions_own_command_line_runs_without_this_checkout(edition, tmp_path):
    """The edition's gradwork (its own copy of the engine) grades and resets there."""
    env = dict(os.environ, PYTHONPATH=str(edition))
    run = subprocess.run([sys.executable, "-m", "graders", "check", "zeros_init", "--format", "json"], cwd=edition, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["exercises"][0]["status"] == NOT_STARTED
    shown = subprocess.run([sys.executable, "-m", "graders", "solution", "zeros_init", "--force"], cwd=edition, env=env, capture_output=True, text=True, timeout=60)
    assert shown.returncode == 2 and "not published yet" in shown.stderr
    stub = edition / "exercises" / "zeros_init.py"
    original = stub.read_text()
    stub.write_text(original + "\n# my work\n")
    reset = subprocess.run([sys.executable, "-m", "graders", "reset", "zeros_init"], cwd=edition, env=env, capture_output=True, text=True, timeout=60)
    assert reset.returncode == 0, reset.stderr
    assert stub.read_text() == original
    assert list((edition / ".gradwork" / "backups").glob("zeros_init-*.py"))


# -- options, on the fake course ------------------------------------------------------------
def _fake_copy(tmp_path, extra_toml: str = "") -> Path:
    root = tmp_path / "course"
    shutil.copytree(FAKE, root)
    manifest = root / "course.toml"
    text = manifest.read_text()
    manifest.write_text(text + extra_toml)
    return root


def test_hidden_properties_are_cut_from_the_code_and_the_corpus(tmp_path):
    keys = [p.key for p in _fake_properties("arith")]
    hidden, shown = keys[0], keys[1:]
    root = _fake_copy(tmp_path)
    text = (root / "course.toml").read_text().replace('vectorised = ["double"]', f'vectorised = ["double"]\nvisibility = {{ {hidden} = "hidden" }}')
    (root / "course.toml").write_text(text)
    made = release.build(load_course(root), tmp_path / "out")
    assert made.withheld == [f"arith.{hidden} (hidden)"]
    source = (tmp_path / "out" / "properties" / "arith.py").read_text()
    assert f"def {hidden}(" not in source and all(f"def {key}(" in source for key in shown)
    corpus = Corpus.load(tmp_path / "out" / "graders" / "corpus", "arith")
    assert not corpus.has(hidden) and all(corpus.has(key) for key in shown)
    result = grade_exercise(load_course(tmp_path / "out"), load_course(tmp_path / "out").get("arith"), root / "solutions", level="uid")
    assert result.status == PASSED and hidden not in [p.key for p in result.properties]


def _fake_properties(exercise_id):
    from graders.engine.properties import collect

    return collect(loading.load("properties", FAKE / "properties", exercise_id))


def test_solutions_are_published_after_their_due_date(tmp_path):
    root = _fake_copy(tmp_path)
    text = (root / "course.toml").read_text().replace('id = "arith"', 'id = "arith"\ndue = 2026-01-15').replace('id = "sibling"', 'id = "sibling"\ndue = 2026-03-01')
    (root / "course.toml").write_text(text)
    course = load_course(root)
    made = release.build(course, tmp_path / "feb", today="2026-02-01")
    assert made.published == ["arith"]
    assert sorted(p.name for p in (tmp_path / "feb" / "solutions").glob("*.py")) == ["__init__.py", "arith.py"]
    assert release.build(course, tmp_path / "none", solutions="none").published == []
    assert release.build(course, tmp_path / "list", solutions="sibling").published == ["sibling"]


def test_release_refuses_to_overwrite_anything_but_an_earlier_edition(tmp_path):
    course = load_course(FAKE)
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("my work")
    with pytest.raises(release.ReleaseError, match="not empty"):
        release.build(course, precious)
    with pytest.raises(release.ReleaseError, match="not an earlier student edition"):
        release.build(course, precious, force=True)
    assert (precious / "notes.txt").read_text() == "my work"
    release.build(course, tmp_path / "ed")
    release.build(course, tmp_path / "ed", force=True)  # an earlier edition may be replaced
    with pytest.raises(release.ReleaseError, match="already a student edition"):
        release.build(load_course(tmp_path / "ed"), tmp_path / "again")


def test_the_student_manifest_drops_the_grading_table_and_sets_the_corpus():
    text = '[course]\ntitle = "t"\n\n[grading]\nsecret_seed = "s3cret"\nfeedback = "verdict"\n\n[[exercise]]\nid = "a"\n'
    out = release.student_manifest(text, "graders/corpus")
    assert "s3cret" not in out and "[grading]" not in out
    assert 'corpus = "graders/corpus"' in out and '[[exercise]]\nid = "a"' in out


# -- hidden strength -----------------------------------------------------------------------
def test_hard_coding_the_public_corpus_passes_the_edition_but_fails_hidden_strength(tmp_path):
    """A 'solution' that only knows the public examples' answers: full marks in the
    student edition, caught by the instructor's hidden-strength run."""
    root = _fake_copy(tmp_path, '\n[grading]\nsecret_seed = "test-secret"\n')
    course = load_course(root)
    release.build(course, tmp_path / "out")
    edition = load_course(tmp_path / "out")
    recorded = Corpus.load(tmp_path / "out" / "graders" / "corpus", "sibling")
    table = {}
    for key, entry in recorded.calls.items():
        if entry["function"] == "add_one":
            table[key] = entry["reference"]["result"]
    cheat = tmp_path / "cheat"
    cheat.mkdir()
    shutil.copy(root / "solutions" / "arith.py", cheat / "arith.py")
    shutil.copytree(tmp_path / "out" / "graders" / "corpus", cheat / "answers")
    (cheat / "sibling.py").write_text(
        "import numpy as np\n"
        "def add_one(x):\n"
        "    # Only right on the public examples: zero everywhere else.\n"
        "    return x * 0.0 + (1.0 if _public(x) else 0.0) + (x if _public(x) else 0.0)\n"
        f"_KNOWN = {sorted(_public_inputs(recorded))!r}\n"
        "def _public(x):\n"
        "    return np.asarray(x).tobytes().hex() in _KNOWN\n"
    )
    public = grade_exercise(edition, edition.get("sibling"), cheat, level="uid")
    assert public.status == PASSED, public.message
    hidden = grade(course, ["sibling"], target=cheat, level="uid", strength="hidden").exercises[0]
    assert hidden.status == FAILED, hidden.message


def _public_inputs(recorded: Corpus) -> set[str]:
    inputs = set()
    for key in recorded.document["properties"]:
        for example in recorded.examples(key):
            for value in example.values():
                inputs.add(np.asarray(value).tobytes().hex())
    return inputs


def test_hidden_strength_is_deterministic_and_needs_the_secret(tmp_path, monkeypatch):
    root = _fake_copy(tmp_path, '\n[grading]\nsecret_seed = "another"\n')
    course = load_course(root)
    first = grade(course, ["arith"], target=root / "solutions", level="uid", strength="hidden").exercises[0]
    again = grade(course, ["arith"], target=root / "solutions", level="uid", strength="hidden").exercises[0]
    assert first.status == PASSED
    assert [p.examples for p in first.properties] == [p.examples for p in again.properties]
    bare = load_course(FAKE)
    monkeypatch.delenv("GRADWORK_SECRET_SEED", raising=False)
    from graders.course import CourseError

    with pytest.raises(CourseError, match="secret"):
        grade(bare, ["arith"], target=FAKE / "solutions", level="uid", strength="hidden")


def test_a_property_that_feeds_the_students_answer_back_is_recorded_for_each_mistake(tmp_path):
    """double(x) is called on the student's own total(x): the calls differ with every
    mistake of total, and each mistake's calls are recorded, so it is still named."""
    root = _fake_copy(tmp_path)
    (root / "properties" / "arith.py").write_text((root / "properties" / "arith.py").read_text() + '''

@prop("total of double is twice the total", function="total")
@given(x=xs)
def total_of_double(student, reference, x):
    got = student.total(x)
    expect_same(student.double(np.full(3, got)), reference.double(np.full(3, reference.total(x))))
''')
    release.build(load_course(root), tmp_path / "out")
    edition = load_course(tmp_path / "out")
    recorded = Corpus.load(edition.corpus_dir, "arith")
    from graders.classroom.corpus import call_key

    for example in recorded.examples("total_of_double"):  # what total_mean makes double see
        assert call_key("double", (np.full(3, float(np.mean(example["x"]))),), {}) in recorded.calls
    target = tmp_path / "mean"
    target.mkdir()
    shutil.copy(root / "solutions" / "sibling.py", target / "sibling.py")
    (target / "arith.py").write_text((root / "solutions" / "arith.py").read_text() + "\n\ndef total(x):\n    return float(np.mean(x))\n")
    result = grade_exercise(edition, edition.get("arith"), target, level="uid")
    failing = {p.key: p for p in result.properties if p.status == FAILED}
    assert "total_of_double" in failing and failing["total_of_double"].problem != "grader", failing
    assert failing["total_values"].diagnosis.id == "total_mean"


@pytest.mark.parametrize("grading", ['["grading"]\nsecret_seed = "s3cret-seed"\n', "['grading']\nsecret_seed = \"s3cret-seed\"\n"])
def test_the_secret_is_dropped_however_the_table_is_quoted(grading):
    out = release.student_manifest(f'[course]\ntitle = "t"\n\n{grading}\n[[exercise]]\nid = "a"\n', "graders/corpus")
    assert "s3cret-seed" not in out and "grading" not in out


@pytest.mark.parametrize("grading", ['grading.secret_seed = "s3cret-seed"\n', 'grading = { secret_seed = "s3cret-seed" }\n'])
def test_grading_settings_the_release_cannot_take_out_are_refused(grading):
    with pytest.raises(release.ReleaseError, match="plain \\[grading\\] table"):
        release.student_manifest(f'{grading}[course]\ntitle = "t"\n', "graders/corpus")


def test_no_file_of_the_edition_may_carry_the_secret_and_hidden_files_stay_behind(tmp_path):
    root = _fake_copy(tmp_path, '\n[grading]\nsecret_seed = "t0p-s3cret"\n')
    (root / "docs" / ".env").write_text("TOKEN=1\n")
    (root / "docs" / "autograder.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    made = release.build(load_course(root), tmp_path / "ok")
    names = {p.name for p in made.out.rglob("*")}
    assert ".env" not in names and "autograder.zip" not in names and ".gitignore" in names
    (root / "docs" / "lessons" / "arith.md").write_text((root / "docs" / "lessons" / "arith.md").read_text() + "\nseed: t0p-s3cret\n")
    with pytest.raises(release.ReleaseError, match="secret seed"):
        release.build(load_course(root), tmp_path / "leaky")
    assert not (tmp_path / "leaky").exists()


def test_force_keeps_the_editions_git_history(tmp_path):
    course = load_course(FAKE)
    out = tmp_path / "edition"
    release.build(course, out)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "exercises" / "arith.py").write_text("# stale\n")
    release.build(course, out, force=True)
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (out / "exercises" / "arith.py").read_text() != "# stale\n"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".edition-")]  # no stage left behind


def test_a_korean_edition_speaks_korean_by_default(tmp_path):
    """`gradwork --lang ko release OUT`: Korean stubs (TODOs, messages, the docstrings the
    catalogue has), README and `[course] language`, so the students' gradwork speaks Korean."""
    root = _fake_copy(tmp_path)
    out = tmp_path / "ko-edition"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    env.pop("GRADWORK_LANG", None)
    made = subprocess.run([sys.executable, "-m", "graders", "--lang", "ko", "release", str(out), "--solutions", "none"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    hangul = re.compile(r"[\uac00-\ud7a3]")
    assert 'language = "ko"' in (out / "course.toml").read_text()
    assert hangul.search((out / "README.md").read_text())
    stub = (out / "exercises" / "arith.py").read_text()
    assert "TODO(arith):" in stub and hangul.search(stub.split("TODO(arith):", 1)[1].splitlines()[0]), stub
    compile(stub, "arith.py", "exec")
    env_students = dict(os.environ, PYTHONPATH=str(out), LANG="C.UTF-8")
    env_students.pop("GRADWORK_LANG", None)
    listed = subprocess.run([sys.executable, "-m", "graders", "list"], cwd=out, env=env_students, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and hangul.search(listed.stdout), listed.stdout + listed.stderr
    english = subprocess.run([sys.executable, "-m", "graders", "--lang", "en", "list"], cwd=out, env=env_students, capture_output=True, text=True, timeout=120)
    assert english.returncode == 0 and not hangul.search(english.stdout), english.stdout
