"""The maintainer's tools: the named checks of `gradwork dev check`, the
docstring examples every stub shows, and `gradwork dev new`.

The checks and the scaffold run on a temporary copy of the engine's
two-exercise course (tests/fake_course); the docstring examples run against
the real solutions, their honest alternatives and every return form the
contract allows.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from graders.course import CourseError, load_course
from graders.dev import check, standards
from graders.dev.check import PLACEHOLDER, docstring_failures, problems
from graders.dev.new import ScaffoldError, scaffold
from graders.engine import loading, variants
from graders.engine.runner import grade_exercise
from graders.results import NOT_STARTED, PASSED

from .conftest import ROOT

FAKE = Path(__file__).parent / "fake_course"
COURSE = load_course(ROOT)


@pytest.fixture
def fake(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FAKE, root, ignore=shutil.ignore_patterns("__pycache__", ".gradwork"))
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


# -- the course's standards, in one place ------------------------------------------------------
def test_the_real_course_meets_its_standards():
    assert problems(COURSE, grade_files=False, standards=True) == []


def test_the_bank_minimums_come_from_one_place():
    import tests.test_banks as banks

    assert (banks.MIN_MISTAKES, banks.MIN_ALTERNATIVES) == (standards.MIN_MISTAKES, standards.MIN_ALTERNATIVES)
    assert standards.MIN_MISTAKES >= 8 and standards.MIN_ALTERNATIVES >= 4 and standards.HINT_TIERS == 3


def test_every_check_is_a_named_function_with_a_docstring():
    for function in [*check.EXERCISE_CHECKS, *check.STANDARD_CHECKS, *check.COURSE_CHECKS, *check.STANDARD_COURSE_CHECKS]:
        assert function.__name__.startswith("check_") and function.__doc__, function


def test_the_toy_course_is_consistent_but_below_the_standards(fake):
    course = load_course(fake)
    assert problems(course, grade_files=False) == []
    found = problems(course, grade_files=False, standards=True)
    assert any(p.startswith("arith: 3 known mistake(s)") for p in found), found


# -- each check: the exercise named, the remedy given ------------------------------------------
def _figure_link(root):
    _edit(root / "docs" / "lessons" / "arith.md", "# Arithmetic", "# Arithmetic\n\n![doubling](../figures/no-such-figure.svg)\n\nDoubling is \\(2x\\).")


def _fragile_doctest(root):
    _edit(root / "solutions" / "arith.py", '"""The sum of every element of x, as a float."""', '"""The sum of every element of x, as a float.\n\n    >>> total(np.array([1.0, 2.0]))\n    3\n    """')


@pytest.mark.parametrize(
    "check_function,damage,words",
    [
        (check.check_mistake_bank_size, None, ["arith:", "3 known mistake(s)", f"at least {standards.MIN_MISTAKES}", "@mistake"]),
        (check.check_alternatives_count, None, ["arith:", "tests/alternatives/arith.py is missing", f"at least {standards.MIN_ALTERNATIVES}"]),
        (check.check_alternatives_count,
         lambda r: (r / "tests" / "alternatives").mkdir(parents=True) or (r / "tests" / "alternatives" / "arith.py").write_text(
             "from graders.engine.variants import alternative\n\n\n@alternative('double', 'x + x')\ndef double_sum(x):\n    return x + x\n"),
         ["arith:", "1 alternative(s)", f"at least {standards.MIN_ALTERNATIVES}"]),
        (check.check_lesson_has_figure, None, ["arith:", "has no figure", "../figures/NAME.svg", "@figure"]),
        (check.check_lesson_has_figure, _figure_link, ["arith:", "no-such-figure", "draws no figure"]),
        (check.check_lesson_has_math, None, ["arith:", "has no math", "$...$"]),
        (check.check_import_rule_stated, None, ["arith:", standards.import_rule(("numpy",)), "gradwork dev stubs"]),
        (check.check_docstring_examples, _fragile_doctest, ["arith:", "total()", "solutions/arith.py", "np.allclose"]),
        (check.check_hint_tiers,
         lambda r: _edit(r / "course.toml", 'hints = ["Look at the shapes.", ', "hints = ["),
         ["arith:", "2 hint(s)", "exactly 3 tiers"]),
        (check.check_no_placeholders,
         lambda r: _edit(r / "course.toml", 'title = "Arithmetic"', 'title = "TODO: a title"'),
         ["arith:", "title in course.toml", "TODO placeholder"]),
        (check.check_no_placeholders,
         lambda r: _edit(r / "docs" / "lessons" / "arith.md", "# Arithmetic", f"# Arithmetic\n\n{PLACEHOLDER}: the idea."),
         ["arith:", "docs/lessons/arith.md", f"1 {PLACEHOLDER} placeholder(s)"]),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) and hasattr(value, "__name__") and value.__name__.startswith("check_") else None,
)
def test_a_check_names_the_exercise_and_the_remedy(fake, check_function, damage, words):
    if damage is not None:
        damage(fake)
    course = load_course(fake)
    found = check_function(course, course.get("arith"))
    assert found, f"{check_function.__name__} found nothing"
    assert all("\n" not in p for p in found)
    assert any(all(w in p for w in words) for p in found), found


def test_the_checks_pass_when_the_standards_are_met(fake):
    _figure_link(fake)
    course = load_course(fake)
    exercise = course.get("arith")
    assert check.check_lesson_has_math(course, exercise) == []
    assert [p for p in check.check_lesson_has_figure(course, exercise) if "has no figure" in p] == []


def test_stray_alternatives_are_found(fake):
    folder = fake / "tests" / "alternatives"
    folder.mkdir(parents=True)
    (folder / "gone.py").write_text("x = 1\n")
    found = check.check_no_stray_alternatives(load_course(fake))
    assert found == ["tests/alternatives/gone.py is not an exercise in course.toml (add it there or remove the file)"]


# -- docstring examples: they pass for every return form the contract allows -------------------
def _is_scalar(value) -> bool:
    return isinstance(value, (float, np.floating)) or isinstance(value, np.ndarray) and value.ndim == 0


def _transform(value, *, scalar, array=lambda a: a, dicts=lambda d: d, sequence=tuple):
    again = lambda v: _transform(v, scalar=scalar, array=array, dicts=dicts, sequence=sequence)  # noqa: E731
    if _is_scalar(value):
        return scalar(float(value))
    if isinstance(value, np.ndarray):
        return array(value)
    if isinstance(value, dict):
        return dicts({k: again(v) for k, v in value.items()})
    if isinstance(value, tuple):
        return sequence(again(v) for v in value)
    if isinstance(value, list):
        return [again(v) for v in value]
    return value


def _negative_zeros(a):
    if a.dtype.kind != "f":
        return a
    return np.where(a == 0, -0.0, a).astype(a.dtype)


def _last_digits(a):
    """What a different, equally sound formula gives: the same values to about 1e-12."""
    if a.dtype.kind != "f":
        return a
    return np.where(a == np.round(a), a, a * (1 + 1e-12)).astype(a.dtype)


# Each is a way of returning the same answer that the contract (SPEC §5) accepts.
RETURN_FORMS = {
    "np.float64 scalars": dict(scalar=np.float64),
    "0-d arrays for scalars": dict(scalar=np.array),
    "python floats, -0.0 for zeros, keys in another order": dict(scalar=float, array=_negative_zeros, dicts=lambda d: dict(reversed(list(d.items())))),
    "last digits differ, lists for tuples": dict(
        scalar=lambda x: np.float64(x if x == round(x) else x * (1 + 1e-12)), array=_last_digits, sequence=list),
}


def _solution_module(exercise):
    return importlib.import_module(f"solutions.{exercise.id}")


def _wrapped(module, exercise, form):
    names = dict(vars(module))
    for function in exercise.functions:
        original = getattr(module, function)
        names[function] = lambda *a, _f=original, **k: _transform(_f(*a, **k), **form)
    return names


@pytest.mark.parametrize("exercise", COURSE.exercises, ids=lambda e: e.id)
def test_docstring_examples_pass_against_the_solution(exercise):
    module = _solution_module(exercise)
    assert docstring_failures(module, exercise.id) == []
    assert "\n    >>> " in Path(module.__file__).read_text(), f"{exercise.id}: no docstring example at all"


@pytest.mark.parametrize("form", RETURN_FORMS, ids=list(RETURN_FORMS))
@pytest.mark.parametrize("exercise", COURSE.exercises, ids=lambda e: e.id)
def test_docstring_examples_pass_for_every_allowed_return_form(exercise, form):
    module = _solution_module(exercise)
    assert docstring_failures(module, exercise.id, globs=_wrapped(module, exercise, RETURN_FORMS[form])) == []


@pytest.mark.parametrize("exercise", COURSE.exercises, ids=lambda e: e.id)
def test_docstring_examples_pass_for_the_honest_alternatives(exercise):
    module = _solution_module(exercise)
    base = Path(module.__file__).read_text(encoding="utf-8")
    alternatives = variants.collect(loading.load("alternatives", check.alternatives_dir(COURSE), exercise.id))
    assert alternatives
    for variant in alternatives:
        names: dict = {"__name__": f"alternative_{variant.key}"}
        exec(compile(variant.module_source(base), f"<alternative {variant.key}>", "exec"), names)
        failures = docstring_failures(module, exercise.id, globs=names)
        assert failures == [], f"{variant.title!r}: {failures}"


def test_the_return_forms_catch_a_fragile_example(tmp_path, monkeypatch):
    """The harness itself: an example that prints a float's repr fails for np.float64."""
    (tmp_path / "fragile_example.py").write_text('def cost():\n    """\n    >>> cost()\n    0.5\n    """\n    return 0.5\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("fragile_example")
    exercise = argparse.Namespace(functions=("cost",))
    assert docstring_failures(module, "fragile") == []
    assert docstring_failures(module, "fragile", globs=_wrapped(module, exercise, RETURN_FORMS["np.float64 scalars"]))


# -- gradwork dev new ---------------------------------------------------------------------------
def test_new_scaffolds_every_file_and_the_check_flags_what_is_left(fake):
    written = scaffold(fake, "softmax")
    rel = [str(p.relative_to(fake)) for p in written]
    assert rel == ["course.toml", "solutions/softmax.py", "properties/softmax.py", "mistakes/softmax.py",
                   "tests/alternatives/softmax.py", "docs/lessons/softmax.md", "exercises/softmax.py"]
    course = load_course(fake)
    exercise = course.get("softmax")
    assert course.ids()[-1] == "softmax" and exercise.functions == ("softmax",) and len(exercise.hints) == 3
    found = problems(course, grade_files=False)
    assert found and all(p.startswith("softmax: ") for p in found), found
    assert any("title in course.toml is still a TODO" in p for p in found)
    for what in ("solution", "properties", "mistakes", "alternatives", "lesson"):
        assert any(f"the {what} file" in p and PLACEHOLDER in p for p in found), (what, found)
    strict = problems(course, grade_files=False, standards=True)
    for words in ("1 known mistake(s)", "1 alternative(s)", "has no figure", "has no math"):
        assert any(p.startswith("softmax: ") and words in p for p in strict), (words, strict)
    assert not any("import rule" in p for p in strict if p.startswith("softmax"))
    assert check.check_stub_is_generated(course, exercise) == []
    assert check.check_docstring_examples(course, exercise) == []


def test_new_leaves_nothing_to_flag_once_the_todos_are_filled_in(fake):
    scaffold(fake, "softmax")
    for path in fake.rglob("softmax.*"):
        path.write_text(path.read_text().replace(PLACEHOLDER, "Written"))
    _edit(fake / "course.toml", 'title = "TODO: ', 'title = "')
    text = (fake / "course.toml").read_text().replace('"TODO: ', '"')
    (fake / "course.toml").write_text(text)
    assert problems(load_course(fake), grade_files=False) == []


def test_the_scaffolded_solution_passes(fake):
    scaffold(fake, "softmax")
    course = load_course(fake)
    assert grade_exercise(course, course.get("softmax"), course.solutions_dir, level="basic").status == PASSED


def test_the_scaffolded_stub_is_not_started(fake):
    scaffold(fake, "softmax")
    course = load_course(fake)
    assert grade_exercise(course, course.get("softmax"), course.exercises_dir, level="basic").status == NOT_STARTED


@pytest.mark.parametrize(
    "exercise_id,words",
    [
        ("arith", "already in course.toml"),
        ("Softmax", "not a valid exercise id"),
        ("soft-max", "not a valid exercise id"),
        ("2layers", "not a valid exercise id"),
        ("lambda", "not a valid exercise id"),
        ("test_softmax", "not a valid exercise id"),
        ("", "not a valid exercise id"),
    ],
)
def test_new_refuses_an_existing_or_invalid_id_and_writes_nothing(fake, exercise_id, words):
    before = _tree(fake)
    with pytest.raises(ScaffoldError) as info:
        scaffold(fake, exercise_id)
    message = str(info.value)
    assert words in message and "\n" not in message
    assert isinstance(info.value, CourseError)  # the CLI turns it into exit status 2
    assert _tree(fake) == before


@pytest.mark.parametrize("existing", ["solutions/softmax.py", "docs/lessons/softmax.md", "tests/alternatives/softmax.py", "exercises/softmax.py"])
def test_new_never_overwrites(fake, existing):
    path = fake / existing
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# mine\n")
    before = _tree(fake)
    with pytest.raises(ScaffoldError, match="already exists; dev new never overwrites"):
        scaffold(fake, "softmax")
    assert _tree(fake) == before


def test_dev_dispatch_runs_new(fake, capsys):
    course = load_course(fake)
    assert check.dispatch(course, argparse.Namespace(dev_command="new", id="softmax")) == 0
    out = capsys.readouterr().out
    assert "course.toml: appended [[exercise]] softmax" in out and "solutions/softmax.py: written" in out
    assert "gradwork dev check" in out


def test_a_page_without_its_korean_translation_or_with_other_markers_is_named(tmp_path):
    from graders.dev import translations

    docs = tmp_path / "docs"
    (docs / "lessons").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nWelcome.\n\n<!-- gradwork:course -->\n")
    (docs / "lessons" / "arith.md").write_text("# Arithmetic\n\n<!-- gradwork:card -->\n\nSome words about adding numbers here.\n")
    (docs / "lessons" / "arith.ko.md").write_text("# 산수\n\n덧셈과 뺄셈에 대해 설명합니다. 숫자를 더하는 방법을 배웁니다.\n")
    (docs / "old.ko.md").write_text("# 옛 페이지\n")

    class Fake:
        docs_dir = docs

        @staticmethod
        def display(path):
            return str(path.relative_to(tmp_path))

    found = "\n".join(translations.check_pages_translated(Fake))
    assert "docs/index.md has no ko translation: write docs/index.ko.md" in found
    assert "docs/lessons/arith.ko.md: its <!-- gradwork:... --> markers differ" in found
    assert "docs/old.ko.md translates a page that does not exist" in found
    (docs / "index.ko.md").write_text("# 홈\n\n환영합니다. 이 과정은 numpy로 딥러닝의 기초를 배웁니다.\n\n<!-- gradwork:course -->\n")
    (docs / "lessons" / "arith.ko.md").write_text("# 산수\n\n<!-- gradwork:card -->\n\n덧셈과 뺄셈에 대해 설명합니다. 숫자를 더하는 방법을 배웁니다.\n")
    (docs / "old.ko.md").unlink()
    assert translations.check_pages_translated(Fake) == []
