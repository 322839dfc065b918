"""Hostile and careless input to the classroom commands: regressions of what a red team found.

Each test is one problem that was found and fixed in ``gradwork grade``, the
Gradescope autograder or ``gradwork ci init``. They use the two-exercise fake
course (tests/fake_course) and grade as little as possible: most submissions
hold nothing gradable, so no worker starts; the two that grade take a few
seconds each.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from graders.classroom import batch, ci, gradescope, submission
from graders.classroom.submission import MAX_DEPTH, MAX_ZIP_MEMBERS, stage
from graders.course import CourseError, load_course
from graders.results import CourseResult, ExerciseResult, PropertyResult
from graders.sandbox import isolation

from .conftest import run_cli
from .test_batch import ARITH, SIBLING, SQUARES, fake_course, write

# One worker builds this module's shared fixtures once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("classroom_hostile")

# gradwork's own modules are named like the exercises: properties/<id>.py and the
# student edition's corpus/stubs/<id>.py, in a whole repository handed in.
STUB = "def double(x):\n    raise NotImplementedError\n"


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def fake(tmp_path_factory):
    return load_course(fake_course(tmp_path_factory.mktemp("hostile")))


def quiet() -> batch.Progress:
    return batch.Progress(0, stream=io.StringIO())


def options(**overrides) -> batch.Options:
    return batch.Options(level=isolation.choose(), **{"strength": "public", **overrides})


# -- staging ------------------------------------------------------------------------------
def test_a_whole_repository_is_graded_from_its_own_folder_not_from_gradworks_modules(tmp_path, fake):
    """A student who hands in the whole edition, with one exercise file deleted, used to
    be graded on graders/properties/ (more modules there than in exercises/): 0 points."""
    repo = write(tmp_path / "repo", {
        "exercises/arith.py": ARITH,  # the student's work: one of the two modules
        "graders/properties/arith.py": "from graders.kit import prop\n", "graders/properties/sibling.py": "x = 1\n",
        "graders/corpus/stubs/arith.py": STUB, "graders/corpus/stubs/sibling.py": STUB,
    })
    staged = stage(repo, fake, tmp_path / "staged")
    assert staged.found == ["arith"]
    assert (staged.target / "arith.py").read_text() == ARITH
    assert "graded exercises (1)" in staged.problems[0]
    # ... and gradwork's folders are still read when there is nothing else
    only = stage(write(tmp_path / "only", {"graders/arith.py": ARITH}), fake, tmp_path / "staged2")
    assert only.found == ["arith"]


def test_a_zip_with_a_huge_central_directory_is_refused_before_zipfile_parses_it(tmp_path, fake, monkeypatch):
    """zipfile builds an object per entry before anything can be counted: 60 MB of empty
    entries took 10 s and 500 MB of the batch's memory per submission."""
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for i in range(MAX_ZIP_MEMBERS + 1):
            z.writestr(f"{i}", b"")
        z.writestr("arith.py", ARITH)
    opened = []
    monkeypatch.setattr(submission.zipfile, "ZipFile", lambda *a, **k: opened.append(a) or pytest.fail("parsed the zip"))
    staged = stage(archive, fake, tmp_path / "staged")
    assert not opened and staged.found == []
    assert staged.problems[0] == f"many.zip has about {MAX_ZIP_MEMBERS + 2} entries (at most {MAX_ZIP_MEMBERS} are read); submit only your .py files"


def test_a_fifo_or_a_link_in_a_folder_is_never_opened(tmp_path, fake, monkeypatch):
    """Opening a device can block or act (a watchdog, a tape); a FIFO or device named
    arith.py was opened before it was refused."""
    source = write(tmp_path / "mallory", {"sibling.py": SIBLING})
    os.mkfifo(source / "arith.py")
    (source / "helper.py").symlink_to("/etc/passwd")
    opened = []
    real = submission.read_submission_file
    monkeypatch.setattr(submission, "read_submission_file", lambda path, **kw: opened.append(Path(path).name) or real(path, **kw))
    staged = stage(source, fake, tmp_path / "staged")
    assert opened == ["sibling.py"]
    assert "arith.py is not a regular file" in staged.problems
    assert "helper.py is a symbolic link; submit the file itself" in staged.problems
    assert staged.found == ["sibling"]


def test_modules_below_the_searched_depth_are_named_not_silently_missed(tmp_path, fake):
    deep = "/".join(["d"] * (MAX_DEPTH + 2))
    staged = stage(write(tmp_path / "deep", {f"{deep}/arith.py": ARITH}), fake, tmp_path / "staged")
    assert staged.found == []
    assert any(f"folders deeper than {MAX_DEPTH} levels were not searched" in p for p in staged.problems), staged.problems


# -- the class list -------------------------------------------------------------------------
def test_a_linked_folder_or_another_archive_is_a_student_who_needs_attention_not_a_vanished_one(tmp_path, fake):
    subs = tmp_path / "submissions"
    write(subs / "alice", {"notes.md": "nothing gradable"})
    (subs / "bob").symlink_to(subs / "alice", target_is_directory=True)
    (subs / "carol.tar.gz").write_bytes(b"\x1f\x8b not really")
    (subs / "README.txt").write_text("the class of 2026")
    document = batch.grade_class(fake, subs, tmp_path / "out", options(), progress=quiet())
    rows = {row["student"]: batch.Row.from_dict(row) for row in document["rows"]}
    assert sorted(rows) == ["alice", "bob", "carol"]
    assert rows["bob"].status == batch.ATTENTION and "bob is a symbolic link" in rows["bob"].reasons()[0]
    assert rows["carol"].status == batch.ATTENTION and "carol.tar.gz is not a .zip file" in rows["carol"].reasons()[0]
    assert batch.ignored_entries(subs, tmp_path / "out") == ["README.txt"]


def test_the_command_line_names_what_it_did_not_grade(tmp_path):
    root = fake_course(tmp_path)
    subs = write(tmp_path / "submissions" / "alice", {"notes.md": ""}).parent
    (subs / "dan_zeros_init.py").write_text(ARITH)  # a loose file, as some LMS exports put them
    proc = run_cli("--course", root, "grade", subs, "--out", tmp_path / "out", "--strength", "public")
    assert proc.returncode == 1, proc.stderr
    assert "gradwork: note: not graded, neither a folder nor a .zip: dan_zeros_init.py" in proc.stderr
    assert proc.stdout.startswith("1 student: "), proc.stdout


def test_a_roster_saved_by_a_european_excel_is_read(tmp_path):
    """Excel writes ";" where "," is the decimal mark: such a roster had "no 'student' column"."""
    roster_file = tmp_path / "roster.csv"
    roster_file.write_bytes("\ufeffstudent;name;email\nalice;Alice, A.;a@x.edu\n".encode())
    assert batch.read_roster(roster_file) == {"alice": {"name": "Alice, A.", "email": "a@x.edu"}}
    roster_file.write_text("student\tname\nbob\tBob\n")
    assert batch.read_roster(roster_file) == {"bob": {"name": "Bob", "email": ""}}


def test_reports_written_into_the_submissions_folder_are_not_called_ignored_submissions(tmp_path):
    subs = write(tmp_path / "submissions" / "alice", {"notes.md": ""}).parent
    for name in ("alice.json", "alice.gradescope.json", "gradebook.csv", "gradebook.json", "summary.md"):
        (subs / name).write_text("{}")
    (subs / "stray.txt").write_text("")
    assert batch.ignored_entries(subs, subs) == ["stray.txt"]
    assert batch.ignored_entries(subs, tmp_path / "elsewhere") == ["alice.gradescope.json", "alice.json", "gradebook.csv", "gradebook.json", "stray.txt", "summary.md"]


def test_ids_that_differ_only_in_case_are_two_students_and_the_roster_matches_either(tmp_path):
    """On macOS or Windows Alice.json and alice.json are one file; a roster typed by hand
    says ALICE for the folder Alice."""
    subs = tmp_path / "submissions"
    for name in ("Alice", "alice", "bob"):
        write(subs / name, {"notes.md": ""})
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("student,name\nALICE,Alice A\nBob,Bob B\n")
    students = batch.class_list(subs, batch.read_roster(roster_file), tmp_path / "out")
    assert [(s.sid, s.source.name if s.source else None, (s.roster or {}).get("name")) for s in students] == [
        ("Alice", "Alice", "Alice A"), ("alice-2", "alice", None), ("bob", "bob", "Bob B")]
    assert "another submission (Alice) is also named alice" in students[1].notes[0]
    assert "another submission (alice) is also named alice; it is graded as alice-2" in students[0].notes[0]
    roster_file.write_text("student\nbob\nBOB\n")
    with pytest.raises(batch.BatchError, match="listed twice"):
        batch.read_roster(roster_file)


def test_a_long_roster_is_not_quadratic_and_its_missing_students_do_not_stretch_the_eta(tmp_path, fake, monkeypatch):
    """A 100,000-line roster took hours: gradebook.json was rewritten after every missing
    student, and the ETA counted the missing as students still to grade."""
    subs = tmp_path / "submissions"
    write(subs / "aaron", {"notes.md": ""})
    roster = {f"s{i:05d}": {"name": "", "email": ""} for i in range(3000)}
    saves = []
    real = batch._save
    monkeypatch.setattr(batch, "_save", lambda out, document: saves.append(len(document["rows"])) or real(out, document))
    stream = io.StringIO()
    monkeypatch.setattr(batch.sys, "stderr", stream)
    document = batch.grade_class(fake, subs, tmp_path / "out", options(), roster=roster)
    assert len(document["rows"]) == 3001 and len(saves) <= 2, len(saves)
    # (A fresh cache first records the fake course's examples, and says so: which test
    # of a parallel run grades that course first is the scheduler's choice.)
    lines = [line for line in stream.getvalue().splitlines() if not line.startswith("gradwork: recording the examples")]
    assert lines[0].startswith("gradwork: [1/3001] aaron: 0/10 (") and lines[0].endswith("ETA 0s"), lines[0]
    assert lines[-1].startswith("gradwork: 3001 students in")
    assert (tmp_path / "out" / "summary.md").is_file() and (tmp_path / "out" / "gradebook.csv").read_text().count("\n") == 3002


def test_an_interrupted_run_still_ends_with_a_gradebook_and_a_summary(tmp_path, fake, monkeypatch):
    """The docs promise that every run ends with gradebook.csv and summary.md; Ctrl-C left only gradebook.json."""
    subs, out = tmp_path / "submissions", tmp_path / "out"
    for sid in ("a", "b", "c"):
        write(subs / sid, {"notes.md": sid})
    real = batch.grade_student

    def interrupted(course, student, *args):
        if student.sid == "b":
            raise KeyboardInterrupt
        return real(course, student, *args)

    monkeypatch.setattr(batch, "grade_student", interrupted)
    with pytest.raises(KeyboardInterrupt):  # one student after another: a is graded, then b is interrupted (side by side: test_batch)
        batch.grade_class(fake, subs, out, options(jobs=1), progress=quiet())
    assert (out / "gradebook.csv").read_text().splitlines()[1].startswith("a,")
    assert "1 student: 1 needs attention." in (out / "summary.md").read_text()


def test_the_summary_names_identical_submissions_but_not_untouched_stubs():
    """The docs say two students with the same hash handed in the same bytes; the summary never said who."""
    def row(sid, digest, total):
        return dataclasses.asdict(batch.Row(student=sid, found=["arith"], digest=digest, total=total, max_score=10.0, scores={"arith": total}))

    document = {"title": "t", "exercises": [{"id": "arith", "title": "A", "points": 10}], "shard": None, "roster": False,
                "rows": [row("amy", "a" * 64, 10.0), row("Bo", "a" * 64, 10.0), row("cy", "b" * 64, 4.0), row("di", "c" * 64, 0.0), row("ed", "c" * 64, 0.0)]}
    summary = batch.summary_markdown(document)
    assert "## Identical submissions" in summary and "| amy, Bo | 10 | aaaaaaaaaaaa |" in summary
    assert "di" not in summary.split("## Identical submissions")[1]  # two untouched stubs are not news


# -- resume and merge ----------------------------------------------------------------------
def test_resume_grades_again_when_the_secret_the_course_or_the_isolation_level_changed(tmp_path, monkeypatch):
    """Only the gradwork and course versions, strength and feedback were compared: a new
    secret seed, a fixed property or a class first graded below uid kept the old reports."""
    monkeypatch.delenv("GRADWORK_SECRET_SEED", raising=False)
    root = fake_course(tmp_path)
    subs, out = tmp_path / "submissions", tmp_path / "out"
    write(subs / "amy", {"notes.md": ""})

    def run() -> int:
        progress = quiet()
        batch.grade_class(load_course(root), subs, out, options(strength="hidden"), progress=progress)
        return progress.reused

    assert run() == 0 and run() == 1  # unchanged: reused
    monkeypatch.setenv("GRADWORK_SECRET_SEED", "a new term")
    assert run() == 0 and run() == 1
    with open(root / "properties" / "arith.py", "a") as properties:
        properties.write("\n# a fixed property, the course version not bumped\n")
    assert run() == 0 and run() == 1
    document = json.loads((out / "gradebook.json").read_text())
    assert "a new term" not in json.dumps(document) and document["rows"][0]["meta"]["grading"] == document["grading"]
    document["rows"][0]["meta"]["isolation"] = "basic"  # as if graded with --allow-weak-isolation
    (out / "gradebook.json").write_text(json.dumps(document))
    assert run() == 0


def test_merge_refuses_shards_graded_with_another_secret(tmp_path, monkeypatch):
    root = fake_course(tmp_path)
    subs = tmp_path / "submissions"
    for sid in ("a", "b"):
        write(subs / sid, {"notes.md": ""})
    for k, secret in ((1, "one"), (2, "two")):
        monkeypatch.setenv("GRADWORK_SECRET_SEED", secret)
        batch.grade_class(load_course(root), subs, tmp_path / f"shard{k}", options(strength="hidden", shard=(k, 2)), progress=quiet())
    with pytest.raises(batch.BatchError, match="graded with other settings"):
        batch.merge([tmp_path / "shard1", tmp_path / "shard2"], tmp_path / "merged")


# -- what a student sees on Gradescope ------------------------------------------------------------
def _result(visibility: str) -> CourseResult:
    hidden = PropertyResult(name="double returns 2 * x", function="double", status="failed", message="double(x=...) → wrong",
                            key="double_values", visibility=visibility, max_score=3.0)
    shown = PropertyResult(name="total returns the sum as a float", function="total", status="failed", message="total(x=...) → wrong",
                           key="total_values", max_score=3.0)
    exercise = ExerciseResult(id="arith", title="Arithmetic", status="failed", score=0.0, max_score=6.0,
                              message="2 of 2 properties fail; first: double returns 2 * x", properties=[hidden, shown])
    return CourseResult(exercises=[exercise], target="submission", meta={"student": "s"})


@pytest.mark.parametrize("visibility", ["hidden", "after_due_date"])
def test_the_overall_output_names_no_test_the_student_may_not_see(visibility, tmp_path, fake):
    """Gradescope always shows the overall output: it named a hidden test as the first failure."""
    from graders.report import formats  # `gradwork check --format gradescope` and `gradwork report` too

    for render in (lambda result: gradescope.results_document(fake, result), formats.to_gradescope):
        document = json.loads(render(_result(visibility)))
        assert "double returns 2 * x" not in document["output"], document["output"]
        assert "arith (Arithmetic): 0 / 6 — 2 of 2 properties fail; first: total returns the sum as a float" in document["output"]
        assert document["tests"][0]["name"] == "arith: double returns 2 * x" and document["tests"][0]["visibility"] == visibility
    visible = json.loads(formats.to_gradescope(_result("visible")))
    assert "first: double returns 2 * x" in visible["output"]


def test_a_batch_gradescope_report_hides_the_names_too(tmp_path, fake):
    staged = submission.Staged(target=tmp_path, found=["arith"], problems=[], digest="0" * 64)
    batch._write_reports(tmp_path, "s", _result("hidden"), staged, options(formats=("json", "gradescope")))
    assert "double returns 2 * x" not in json.loads((tmp_path / "s.gradescope.json").read_text())["output"]
    assert "first: double returns 2 * x" in json.loads((tmp_path / "s.json").read_text())["exercises"][0]["message"]  # the instructor's


def test_a_hidden_first_failure_graded_for_real_is_not_named(tmp_path):
    root = fake_course(tmp_path)
    manifest = (root / "course.toml").read_text().replace('vectorised = ["double"]', 'vectorised = ["double"]\nvisibility = { double_values = "hidden" }')
    (root / "course.toml").write_text(manifest)
    write(tmp_path / "sub", {"arith.py": SQUARES + "\n\ndef total(x):\n    return 0.0\n"})
    output = tmp_path / "results" / "results.json"
    gradescope.autograde(load_course(root), tmp_path / "sub", output, ["arith"], level=isolation.choose())
    results = json.loads(output.read_text())
    assert "first: total returns the sum as a float" in results["output"] and "double returns" not in results["output"]
    hidden = [t for t in results["tests"] if t["visibility"] == "hidden"]
    assert [t["name"] for t in hidden] == ["arith: double returns 2 * x"] and hidden[0]["status"] == "failed"


# -- the autograder zip ------------------------------------------------------------------------
def test_the_autograder_zip_is_never_written_where_students_get_it(tmp_path, fake):
    for where in (fake.docs_dir / "autograder.zip", fake.exercises_dir / "x" / "ag.zip", fake.root / "graders" / "ag.zip"):
        with pytest.raises(CourseError, match="inside"):
            gradescope.build(fake, where, fake.ids(), timeout_minutes=10)
        assert not where.exists()
    edition = tmp_path / "edition"
    write(edition, {".gradwork-release": "student edition\n"})
    with pytest.raises(CourseError, match="inside a student edition"):
        gradescope.build(fake, edition / "sub" / "autograder.zip", fake.ids(), timeout_minutes=10)


def test_the_command_refuses_it_in_one_line(tmp_path):
    root = fake_course(tmp_path)
    proc = run_cli("--course", root, "gradescope", "--output", root / "docs" / "private" / "autograder.zip")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is inside docs/" in proc.stderr, proc.stderr
    assert not (root / "docs" / "private").exists()


# -- gradwork ci init ----------------------------------------------------------------------------
def _repository(tmp_path: Path) -> Path:
    from .test_ci_init import repository

    return repository(tmp_path)


@pytest.mark.parametrize("python", ['3.11"\n    evil: true', "${{ github.token }}", "3.11 && curl x", ""])
def test_a_python_version_that_is_not_one_is_refused(tmp_path, python):
    """--python went into the YAML as written: a quote or a newline rewrote the workflow."""
    root = _repository(tmp_path)
    with pytest.raises(ci.CiError, match="not a Python version"):
        ci.init(root, python=python)
    assert not (root / ci.WORKFLOW).exists()


def test_usual_python_versions_are_accepted_and_the_workflow_is_an_ordinary_file(tmp_path):
    root = _repository(tmp_path)
    for python in ("3.12", "3.13.1", "3.x", "3.14-dev", "pypy3.10"):
        ci.init(root, python=python, force=True)
    assert stat.S_IMODE((root / ci.WORKFLOW).stat().st_mode) == 0o644  # the temporary file it was written as was 0600


def test_a_cancelled_job_sigterm_still_ends_with_a_gradebook_and_a_summary(tmp_path):
    """A CI job or a scheduler stops a run with SIGTERM, not Ctrl-C."""
    import signal
    import subprocess
    import sys
    import time

    from .conftest import cli_env
    from .test_batch import fake_course

    root = fake_course(tmp_path)
    subs, out = tmp_path / "submissions", tmp_path / "out"
    write(subs / "a", {"arith.py": ARITH, "sibling.py": SIBLING})
    # b's module sleeps at import: the run is still grading b when it is stopped.
    write(subs / "b", {"arith.py": "import time\ntime.sleep(3)\n" + ARITH, "sibling.py": SIBLING})
    proc = subprocess.Popen([sys.executable, "-m", "graders", "--course", str(root), "grade", str(subs), "--out", str(out), "--isolation", "uid"],
                            env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / "gradebook.json").exists() and time.monotonic() < deadline:  # a is graded
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert (out / "gradebook.csv").read_text().splitlines()[1].startswith("a,")
    assert (out / "summary.md").is_file()
