"""Classroom mode: ``gradwork grade`` stages, grades and tabulates a whole class.

Most tests use the two-exercise fake course (a copy with a secret seed, since a
graded run is at hidden strength): one class is graded once per module and
several tests read its output. The staging tests grade nothing. One slow test
grades a small class of the real course and looks for the bank's named mistakes.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from graders.classroom import batch
from graders.classroom.submission import MAX_MODULE_BYTES, MAX_MODULES, digest, safe_id, stage, student_id
from graders.cli.main import main
from graders.course import load_course
from graders.engine import loading, runner, supervisor, variants
from graders.sandbox import isolation

from .conftest import cli_env, comparable, run_cli

# One worker builds this module's shared fixtures once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("batch")

FAKE = Path(__file__).parent / "fake_course"
ARITH = (FAKE / "solutions" / "arith.py").read_text()
SIBLING = (FAKE / "solutions" / "sibling.py").read_text()
SQUARES = ARITH + "\n\ndef double(x):\n    return x ** 2\n"  # the bank's "squares instead of doubling"
SQUARES_AND_MEAN = SQUARES + "\n\ndef total(x):\n    return float(np.mean(x))\n"  # ... and "mean instead of sum"
HEADER = ["student", "name", "email", "arith", "sibling", "total", "max", "status", "attention",
          "submission hash", "gradwork", "course", "hypothesis", "isolation", "timestamp"]


def fake_course(folder: Path, *, secret: bool = True) -> Path:
    root = folder / "course"
    shutil.copytree(FAKE, root, ignore=shutil.ignore_patterns("__pycache__", ".gradwork"))
    if secret:
        with open(root / "course.toml", "a") as manifest:
            manifest.write('\n[grading]\nsecret_seed = "batch-tests"\n')
    return root


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def grade_cli(root: Path, submissions: Path, out: Path, *args, env=None):
    return run_cli("--course", root, "grade", submissions, "--out", out, *args, timeout=600, env=env)


def rows_of(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def without_timestamps(out: Path) -> dict[str, dict]:
    return {sid: {k: v for k, v in row.items() if k != "timestamp"} for sid, row in rows_of(out).items()}


# -- staging: nothing is graded here ---------------------------------------------------
@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def fake():
    return load_course(FAKE)


def test_flat_folder_stages_every_module_of_it(tmp_path, fake):
    source = write(tmp_path / "alice", {"arith.py": ARITH, "sibling.py": SIBLING, "helpers.py": "K = 2\n", "__init__.py": "import os\n",
                                        "my notes.py": "x", "README.md": "hi"})
    staged = stage(source, fake, tmp_path / "staged")
    assert staged.found == ["arith", "sibling"] and staged.problems == []
    assert sorted(p.name for p in staged.target.iterdir()) == ["arith.py", "helpers.py", "sibling.py"]
    assert staged.digest == digest({"arith.py": ARITH.encode(), "sibling.py": SIBLING.encode(), "helpers.py": b"K = 2\n"})


def test_nested_folders_and_zips_stage_the_same_bytes(tmp_path, fake):
    """The hash depends on the modules, not on how they were packed."""
    flat = stage(write(tmp_path / "flat", {"arith.py": ARITH, "sibling.py": SIBLING}), fake, tmp_path / "s1")
    nested = stage(write(tmp_path / "nested", {"submission/exercises/arith.py": ARITH, "submission/exercises/sibling.py": SIBLING,
                                                ".git/arith.py": "junk", "__pycache__/sibling.py": "junk"}), fake, tmp_path / "s2")
    zipped = stage(make_zip(tmp_path / "z.zip", {"hw/arith.py": ARITH, "hw/sibling.py": SIBLING, "__MACOSX/hw/._arith.py": b"\x00\x05",
                                                 "hw/.ipynb_checkpoints/arith.py": "old", "hw/": ""}), fake, tmp_path / "s3")
    for staged in (nested, zipped):
        assert staged.found == ["arith", "sibling"] and staged.problems == [], staged.problems
        assert staged.digest == flat.digest
    changed = stage(write(tmp_path / "changed", {"arith.py": ARITH + " ", "sibling.py": SIBLING}), fake, tmp_path / "s4")
    assert changed.digest != flat.digest


def test_the_folder_with_most_modules_wins_and_the_others_are_named(tmp_path, fake):
    source = write(tmp_path / "bob", {"work/arith.py": ARITH, "work/sibling.py": SIBLING, "old/arith.py": "x = 1\n"})
    staged = stage(source, fake, tmp_path / "staged")
    assert (staged.target / "arith.py").read_text() == ARITH
    assert len(staged.problems) == 1 and "several folders: graded work (2), left out old (1)" in staged.problems[0]


def test_empty_submission_is_a_problem_line(tmp_path, fake):
    staged = stage(write(tmp_path / "empty", {"hw1.py": "print(1)\n"}), fake, tmp_path / "staged")
    assert staged.found == [] and list(staged.target.iterdir()) == []
    assert staged.problems == ["no exercise module found (looked for arith.py, sibling.py); its Python files: hw1.py"]


def test_links_and_special_files_are_never_followed(tmp_path, fake):
    secret = write(tmp_path / "outside", {"secret.py": "TOKEN = 'root only'\n"}) / "secret.py"
    source = write(tmp_path / "mallory", {"sibling.py": SIBLING})
    (source / "arith.py").symlink_to(secret)
    (source / "helpers.py").symlink_to(secret)
    (source / "linked").symlink_to(secret.parent, target_is_directory=True)
    os.mkfifo(source / "fifo.py")
    staged = stage(source, fake, tmp_path / "staged")
    assert staged.found == ["sibling"]
    assert sorted(p.name for p in staged.target.iterdir()) == ["sibling.py"]
    assert "arith.py is a symbolic link; submit the file itself" in staged.problems
    assert "fifo.py is not a regular file" in staged.problems
    assert not any("root only" in p.read_text() for p in staged.target.iterdir())


def test_size_and_count_caps(tmp_path, fake):
    files = {"arith.py": "# " + "x" * MAX_MODULE_BYTES, "sibling.py": SIBLING}
    files.update({f"m{i:03d}.py": "" for i in range(MAX_MODULES + 5)})
    staged = stage(write(tmp_path / "big", files), fake, tmp_path / "staged")
    assert staged.found == ["sibling"]  # the exercise module is read first, however many neighbours
    assert "arith.py is larger than 1024 KiB" in staged.problems
    assert any("more module(s) left out" in p for p in staged.problems)
    assert len(list(staged.target.iterdir())) == MAX_MODULES


def test_hostile_zip_entries_are_refused(tmp_path, fake):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../escaped.py", "x = 1\n")
        z.writestr("/abs.py", "x = 1\n")
        z.writestr("hw/sibling.py", SIBLING)
        link = zipfile.ZipInfo("hw/arith.py")
        link.create_system = 3
        link.external_attr = (0o120777 << 16)  # a symbolic link to /etc/passwd
        z.writestr(link, "/etc/passwd")
    staged = stage(archive, fake, tmp_path / "out" / "staged")
    assert staged.found == ["sibling"]
    assert "refused the zip entry ../../escaped.py: its name points outside the archive" in staged.problems
    assert "refused the zip entry /abs.py: its name points outside the archive" in staged.problems
    assert "hw/arith.py is a symbolic link; submit the file itself" in staged.problems
    assert not list(tmp_path.rglob("escaped.py")) and not list(tmp_path.rglob("abs.py"))


def test_zip_bombs_and_broken_zips_are_problems_not_crashes(tmp_path, fake):
    bomb = make_zip(tmp_path / "bomb.zip", {"hw/arith.py": b"\0" * (70 * 2**20), "hw/sibling.py": SIBLING})
    staged = stage(bomb, fake, tmp_path / "s1")
    assert staged.found == [] and "(a zip bomb?); it was not read" in staged.problems[0]
    large = stage(make_zip(tmp_path / "large.zip", {"arith.py": b"#" * (2 * MAX_MODULE_BYTES), "sibling.py": SIBLING}), fake, tmp_path / "s2")
    assert large.found == ["sibling"] and "arith.py is larger than 1024 KiB" in large.problems
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    staged = stage(broken, fake, tmp_path / "s3")
    assert staged.found == [] and staged.problems[0].startswith("broken.zip is not a readable zip file")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(make_zip(tmp_path / "whole.zip", {"arith.py": ARITH * 50, "sibling.py": SIBLING}).read_bytes()[:-30])
    assert stage(truncated, fake, tmp_path / "s4").found == []


def test_student_ids_are_safe_file_names(tmp_path):
    assert safe_id("Kim Chulsoo") == "Kim_Chulsoo"
    assert safe_id("김철수") == "김철수"
    assert safe_id("alice.kim@uni.edu") == "alice.kim@uni.edu"
    assert safe_id("../../etc/passwd") == "_.._etc_passwd"
    assert safe_id(".hidden") == "hidden" and safe_id("--rm") == "rm" and safe_id("...") == "student"
    assert safe_id("a\x1b[2Jb\nc") == "a__2Jb_c"
    assert student_id(make_zip(tmp_path / "carol.ZIP", {"a.py": ""})) == "carol"
    assert batch.batch_id("gradebook") == "gradebook_" and batch.batch_id("bob.gradescope") == "bob.gradescope_"
    # Capped in bytes, whole characters only: 85 Hangul syllables are a legal folder name
    # (255 bytes), but not with a report's ".gradescope.json" and a temporary suffix.
    assert safe_id("가" * 85) == "가" * 40 and safe_id("a" + "가" * 50) == "a" + "가" * 39
    assert len(safe_id("x" * 300).encode()) == 120


def test_a_report_name_too_long_to_look_at_never_stops_the_batch(tmp_path):
    batch._remove_reports(tmp_path, "가" * 85)  # ENAMETOOLONG from is_file(): nothing there to remove


def test_the_submission_named_exactly_as_its_student_keeps_the_plain_id(tmp_path):
    """Look-alike names ("-alice", "Alice", "alice.") clean up to alice's id and sort
    before hers: they are numbered after hers, and never take her roster line."""
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name\nalice,Alice Real\n")
    subs = tmp_path / "subs"
    for name in ("-alice", "Alice", "alice.", "alice"):
        write(subs / name, {})
    students = batch.class_list(subs, batch.read_roster(roster), tmp_path / "out")
    assert [(s.sid, s.source.name, s.roster) for s in students] == [
        ("alice", "alice", {"name": "Alice Real", "email": ""}), ("Alice-2", "Alice", None), ("alice-3", "-alice", None), ("alice-4", "alice.", None)]
    # Without a roster, names that are exactly their ids come first, in name order.
    assert {s.source.name: s.sid for s in batch.class_list(subs, None, tmp_path / "out")} == {
        "Alice": "Alice", "alice": "alice-2", "-alice": "alice-3", "alice.": "alice-4"}


# -- a whole class, graded once for the tests below ------------------------------------------
@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def graded(tmp_path_factory):
    """Nine submissions (flat, nested, zipped, two with named mistakes, a syntax error, a
    missing module, an empty folder, a broken zip) and a roster with one student who
    submitted nothing; the broken zip's student is not on it."""
    tmp = tmp_path_factory.mktemp("class")
    root = fake_course(tmp)
    subs = tmp / "submissions"
    write(subs / "alice", {"arith.py": ARITH, "sibling.py": SIBLING, "notes.txt": "done"})
    write(subs / "bob", {"submission/exercises/arith.py": ARITH, "submission/exercises/sibling.py": SIBLING})
    make_zip(subs / "carol.zip", {"carol-hw/arith.py": ARITH, "carol-hw/sibling.py": SIBLING, "__MACOSX/carol-hw/._arith.py": b"\x00"})
    write(subs / "dan", {"arith.py": SQUARES, "sibling.py": SIBLING})
    write(subs / "erin", {"arith.py": SQUARES_AND_MEAN, "sibling.py": SIBLING})
    write(subs / "frank", {"arith.py": "def double(x)\n    return x\n", "sibling.py": SIBLING})
    write(subs / "gina", {"sibling.py": SIBLING})
    write(subs / "hank", {"<b>x<|b>.py": "pass\n"})
    (subs / "ivan.zip").write_bytes(b"this is not a zip file")
    (subs / ".DS_Store").write_text("")
    roster = tmp / "roster.csv"
    lines = ["student,name,email", 'alice,"=HYPERLINK(""http://x"")",alice@example.org', *(f"{s},{s.title()}," for s in "bob carol dan erin frank gina hank".split()), "zoe,Zoë <b>Z</b>,"]
    roster.write_text("\n".join(lines) + "\n")
    out = tmp / "out"
    proc = grade_cli(root, subs, out, "--roster", roster, "--formats", "json,gradescope,junit", "--jobs", "2")
    return {"root": root, "subs": subs, "roster": roster, "out": out, "proc": proc, "tmp": tmp}


def test_class_exit_status_and_progress(graded):
    proc = graded["proc"]
    assert proc.returncode == 1, proc.stderr  # hank and ivan need attention
    assert proc.stdout.startswith("10 students: 7 graded, 2 need attention, 1 missing. Gradebook: "), proc.stdout
    progress = [line for line in proc.stderr.splitlines() if line.startswith("gradwork: [")]
    assert len(progress) == 10 and progress[0].startswith("gradwork: [1/10] alice: 10/10") and "ETA" in progress[0]


def test_gradebook_columns_and_values(graded):
    with open(graded["out"] / "gradebook.csv", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == HEADER
    assert [row[0] for row in table[1:]] == ["alice", "bob", "carol", "dan", "erin", "frank", "gina", "hank", "ivan", "zoe"]
    rows = rows_of(graded["out"])
    scores = {sid: (row["arith"], row["sibling"], row["total"], row["max"], row["status"]) for sid, row in rows.items()}
    assert scores == {
        "alice": ("6", "4", "10", "10", "graded"), "bob": ("6", "4", "10", "10", "graded"), "carol": ("6", "4", "10", "10", "graded"),
        "dan": ("2", "4", "6", "10", "graded"), "erin": ("0", "4", "4", "10", "graded"),
        "frank": ("0", "4", "4", "10", "graded"), "gina": ("0", "4", "4", "10", "graded"),
        "hank": ("0", "0", "0", "10", "needs attention"), "ivan": ("0", "0", "0", "10", "needs attention"), "zoe": ("0", "0", "0", "10", "missing"),
    }
    assert rows["hank"]["attention"].startswith("nothing to grade: no exercise module found")
    assert rows["ivan"]["attention"].startswith("not on the roster; nothing to grade: ivan.zip is not a readable zip file")
    assert rows["alice"]["submission hash"] == rows["bob"]["submission hash"] == rows["carol"]["submission hash"]
    assert rows["alice"]["submission hash"] == digest({"arith.py": ARITH.encode(), "sibling.py": SIBLING.encode()})
    assert rows["zoe"]["submission hash"] == "" and rows["zoe"]["name"] == "Zoë <b>Z</b>"
    assert rows["alice"]["name"] == "'=HYPERLINK(\"http://x\")"  # a formula in a spreadsheet no more
    assert rows["alice"]["email"] == "alice@example.org" and rows["ivan"]["name"] == ""
    from graders import __version__

    assert {(r["gradwork"], r["course"], r["isolation"]) for r in rows.values()} == {(__version__, "unversioned", isolation.choose())}
    assert all(r["hypothesis"] and r["timestamp"].endswith("Z") for r in rows.values())


def test_summary_counts_named_mistakes_and_explains_attention(graded):
    summary = (graded["out"] / "summary.md").read_text()
    assert "| arith | 2 of 9 | squares instead of doubling |" in summary
    assert "| arith | 1 of 9 | mean instead of sum |" in summary
    assert "| arith | 6 | 2.22 | 0 | 0 | 6 | 3 of 9 |" in summary  # 6 6 6 2 0 0 0 0 0
    assert "| sibling | 4 | 3.11 | 4 | 0 | 4 | 7 of 9 |" in summary
    assert "\n  4 (full)  " + "█" * 30 + "  7\n" in summary and "\n[1.2, 2.4)  " + "█" * 6 + " " * 24 + "  1\n" in summary
    assert "| hank | needs attention | nothing to grade\\: no exercise module found" in summary
    assert "| ivan | needs attention | not on the roster\\;" in summary
    assert "<b>" not in summary and "&lt;b&gt;x&lt;\\|b&gt;\\.py" in summary  # a file name is text, never markup
    assert "zoe \\(Zoë &lt;b&gt;Z&lt;\\/b&gt;\\)" in summary


def test_every_format_from_one_run(graded):
    out = graded["out"]
    rows = rows_of(out)
    for sid in ("alice", "dan", "frank", "hank", "ivan"):
        report = json.loads((out / f"{sid}.json").read_text())
        assert report["meta"]["student"] == sid and report["meta"]["strength"] == "hidden"
        assert report["meta"]["submission"]["digest"] == rows[sid]["submission hash"]
        assert report["meta"]["timestamp"] == rows[sid]["timestamp"]
        gradescope = json.loads((out / f"{sid}.gradescope.json").read_text())
        assert gradescope["score"] == report["score"] == float(rows[sid]["total"])
        suites = ET.fromstring((out / f"{sid}.junit.xml").read_text().split("?>", 1)[1])
        assert {s.get("name") for s in suites} == {"arith", "sibling"}
    assert json.loads((out / "ivan.json").read_text())["meta"]["submission"]["problems"][0].startswith("ivan.zip is not a readable zip file")
    assert not list(out.glob("zoe.*"))


def test_resume_skips_unchanged_students_and_regrades_changed_ones(graded, tmp_path):
    subs, out = tmp_path / "submissions", tmp_path / "out"
    shutil.copytree(graded["subs"], subs)
    shutil.copytree(graded["out"], out)
    (subs / "dan" / "arith.py").write_text(ARITH)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    proc = grade_cli(graded["root"], subs, out, "--roster", graded["roster"], "--formats", "json,gradescope,junit")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("unchanged, report reused") == 8 and "9 unchanged since the last run" not in proc.stderr
    assert "dan: 10/10 (" in proc.stderr
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    assert after["alice.json"] == before["alice.json"] and after["dan.json"] != before["dan.json"]
    rows, old = rows_of(out), rows_of(graded["out"])
    assert rows["dan"]["total"] == "10" and rows["dan"]["submission hash"] == rows["alice"]["submission hash"]
    assert {k: v for k, v in rows.items() if k not in ("dan", "zoe")} == {k: v for k, v in old.items() if k not in ("dan", "zoe")}
    # erin's submission is withdrawn (and she is on no roster now): the folder keeps no report of hers.
    shutil.rmtree(subs / "erin")
    assert list(out.glob("erin.*")) and grade_cli(graded["root"], subs, out, "--formats", "json,gradescope,junit").returncode == 1
    assert "erin" not in rows_of(out) and not list(out.glob("erin.*")) and list(out.glob("alice.*"))


def test_shards_and_merge_give_the_unsharded_gradebook(graded, tmp_path):
    shards = [tmp_path / f"shard{k}" for k in (1, 2, 3)]
    for k, folder in enumerate(shards, start=1):
        proc = grade_cli(graded["root"], graded["subs"], folder, "--roster", graded["roster"], "--shard", f"{k}/3", "--formats", "json,gradescope,junit")
        assert proc.returncode in (0, 1), proc.stderr
    graded_in = [set(rows_of(folder)) for folder in shards]
    assert sum(map(len, graded_in)) == 10 and set().union(*graded_in) == set(rows_of(graded["out"]))
    merged = tmp_path / "merged"
    proc = run_cli("--course", graded["root"], "grade", "merge", "--out", merged, *shards)
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    assert without_timestamps(merged) == without_timestamps(graded["out"])
    assert (merged / "summary.md").read_text() == (graded["out"] / "summary.md").read_text()
    assert sorted(p.name for p in merged.glob("*.junit.xml")) == sorted(p.name for p in graded["out"].glob("*.junit.xml"))

    partial = run_cli("--course", graded["root"], "grade", "merge", "--out", tmp_path / "partial", shards[0], shards[2])
    assert partial.returncode in (0, 1) and partial.stderr.strip() == "gradwork: warning: shard 2/3 was not given"
    twice = run_cli("--course", graded["root"], "grade", "merge", "--out", tmp_path / "twice", *shards, shards[1])
    assert twice.returncode == 1 and twice.stderr.strip() == f"gradwork: warning: shard 2/3 was given twice ({shards[1]} and {shards[1]}); each of its students is counted once"
    assert twice.stdout == proc.stdout.replace(str(merged), str(tmp_path / "twice"))  # the whole class, not the last shard given
    assert without_timestamps(tmp_path / "twice") == without_timestamps(graded["out"])

    # An earlier merge may be merged over; a grading run's gradebook (the class graded
    # whole, or another class) would be lost, so it is refused and left as it was.
    again = run_cli("--course", graded["root"], "grade", "merge", "--out", merged, *shards)
    assert again.returncode == 1 and again.stderr == "", again.stderr
    before = (graded["out"] / "gradebook.json").read_bytes()
    over = run_cli("--course", graded["root"], "grade", "merge", "--out", graded["out"], *shards)
    assert over.returncode == 2 and over.stderr.count("\n") == 1 and "already holds the gradebook of a grading run" in over.stderr, over.stderr
    assert (graded["out"] / "gradebook.json").read_bytes() == before

    document = json.loads((shards[1] / "gradebook.json").read_text())
    stolen = json.loads((shards[0] / "gradebook.json").read_text())["rows"][0]
    document["rows"].append(dict(stolen, scores={"arith": 6.0, "sibling": 0.0}, total=6.0))
    (shards[1] / "gradebook.json").write_text(json.dumps(document))
    conflict = run_cli("--course", graded["root"], "grade", "merge", "--out", tmp_path / "conflict", *shards)
    assert conflict.returncode == 2 and conflict.stderr.count("\n") == 1
    assert f"student {stolen['student']} is in {shards[0]} and in {shards[1]} with different results" in conflict.stderr


def test_merge_refuses_a_forged_gradebook_in_one_line_and_writes_nothing(graded, tmp_path):
    """gradebook.json is a file anyone with the shard folder can edit: merge copies reports by
    its ids and shows its numbers, so whatever gradwork grade would not have written is refused
    (exit 2, one line) before anything is written, and a link at the destination is replaced."""
    shard = tmp_path / "shard"
    shutil.copytree(graded["out"], shard)
    (tmp_path / "victim.json").write_text("private")
    original = json.loads((shard / "gradebook.json").read_text())
    row = original["rows"][0]
    forgeries = {
        "an id that is a path": dict(row, student=str(tmp_path / "victim")),
        "an id that climbs": dict(row, student="../victim"),
        "a score above the exercise's points": dict(row, scores=dict(row["scores"], arith=55.0), total=row["total"] + 55.0),
        "a total that is not the scores' sum": dict(row, total=row["total"] + 1.0),
        "a score that is text": dict(row, scores=dict(row["scores"], arith="abc")),
        "a row that is a list": ["alice"],
        "meta that is text": dict(row, meta="x"),
    }
    for what, forged in forgeries.items():
        (shard / "gradebook.json").write_text(json.dumps(dict(original, rows=[forged, *original["rows"][1:]])))
        out = tmp_path / what.replace(" ", "-")
        proc = run_cli("--course", graded["root"], "grade", "merge", "--out", out, shard)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "not a gradwork gradebook" in proc.stderr, (what, proc.stderr)
        assert list(out.iterdir()) == [], what  # --out is made first; nothing is written in it
    for key, value in (("shard", 3), ("unfinished", "many"), ("grading", None)):
        (shard / "gradebook.json").write_text(json.dumps(dict(original, **{key: value})))
        proc = run_cli("--course", graded["root"], "grade", "merge", "--out", tmp_path / f"doc-{key}", shard, graded["out"])
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, (key, proc.stderr)
    assert (tmp_path / "victim.json").read_text() == "private"
    # A link where a report goes is replaced by the report, never written through.
    (shard / "gradebook.json").write_text(json.dumps(original))
    merged = tmp_path / "merged"
    merged.mkdir()
    (merged / f"{row['student']}.json").symlink_to(tmp_path / "victim.json")
    proc = run_cli("--course", graded["root"], "grade", "merge", "--out", merged, shard)
    assert proc.returncode in (0, 1), proc.stderr
    assert (tmp_path / "victim.json").read_text() == "private" and not (merged / f"{row['student']}.json").is_symlink()


def test_grades_do_not_depend_on_jobs(graded, tmp_path):
    shutil.copytree(graded["subs"] / "dan", tmp_path / "submissions" / "dan")
    proc = grade_cli(graded["root"], tmp_path / "submissions", tmp_path / "out", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr  # no roster, and dan was graded cleanly (failing is not a problem)
    again, first = (json.loads((folder / "dan.json").read_text()) for folder in (tmp_path / "out", graded["out"]))
    assert comparable(again) == comparable(first)


def test_the_examples_are_recorded_before_the_first_student_not_in_their_time(tmp_path):
    """A course just changed has no recordings: grading the first student made them, seconds
    an exercise, inside that student's --student-seconds. Now the reference makes them first."""
    root = fake_course(tmp_path)
    subs = tmp_path / "submissions"
    for sid in ("a", "b"):
        write(subs / sid, {"arith.py": ARITH, "sibling.py": SIBLING})
    env = dict(cli_env(), GRADWORK_CACHE=str(tmp_path / "cache"))  # a cache of its own: empty
    proc = grade_cli(root, subs, tmp_path / "out", "--strength", "public", env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == "gradwork: recording the examples of 2 exercises once, before the first student", proc.stderr
    assert lines[1].startswith("gradwork: [1/2] a: 10/10") and sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.replay")) == ["arith", "sibling"]
    again = grade_cli(root, subs, tmp_path / "again", "--strength", "public", env=env)
    assert "recording" not in again.stderr and again.stderr.startswith("gradwork: [1/2] a: 10/10")


@pytest.mark.parametrize("budget", [None, 60.0])
def test_under_a_time_budget_a_student_runs_its_exercises_one_at_a_time(tmp_path, monkeypatch, budget):
    """Side by side, the last student gets every job and its exercises start longest
    first (by timings every run rewrites): under --student-seconds that decided which
    exercises the budget cut, so --jobs and the students before changed the grade."""
    root = fake_course(tmp_path)
    subs = tmp_path / "submissions"
    for sid in ("a", "b", "c"):
        write(subs / sid, {"arith.py": ARITH, "sibling.py": SIBLING})
    seen = tmp_path / "jobs.txt"
    real_grade, real_run_tasks = runner.grade, supervisor.run_tasks
    student = []

    def grade_and_tell(*args, **kwargs):  # runs in each student's child: the file collects them
        student[:] = [kwargs.get("student", "reference")]
        return real_grade(*args, **kwargs)

    def run_tasks_and_tell(tasks, *, jobs, **kwargs):  # the student's exercises: how many at a time
        if student and "budget_seconds" in kwargs:
            with open(seen, "a") as out:
                out.write(f"{student[0]} {jobs}\n")
        return real_run_tasks(tasks, jobs=jobs, **kwargs)

    monkeypatch.setattr(batch, "grade", grade_and_tell)
    monkeypatch.setattr(runner.supervisor, "run_tasks", run_tasks_and_tell)
    options = batch.Options(level=isolation.choose(), strength="public", jobs=2, student_seconds=budget)
    batch.grade_class(load_course(root), subs, tmp_path / "out", options, progress=batch.Progress(3, stream=io.StringIO()))
    jobs = dict(line.split() for line in seen.read_text().splitlines())
    jobs.pop("reference", None)  # the examples recorded before the first student (a fresh cache)
    assert jobs == ({"a": "1", "b": "1", "c": "2"} if budget is None else {"a": "1", "b": "1", "c": "1"})


# -- what goes wrong -----------------------------------------------------------------------------
def test_a_student_over_the_time_cap_needs_attention(tmp_path):
    root = fake_course(tmp_path)
    subs = tmp_path / "submissions"
    write(subs / "looper", {"arith.py": "while True:\n    pass\n", "sibling.py": "while True:\n    pass\n"})
    write(subs / "quick", {"sibling.py": "def add_one(x)\n"})  # graded at once: a syntax error needs no worker
    proc = grade_cli(root, subs, tmp_path / "out", "--student-seconds", "1.5", "--strength", "public")
    assert proc.returncode == 1, proc.stderr
    rows = rows_of(tmp_path / "out")
    assert rows["looper"]["status"] == "needs attention" and rows["looper"]["attention"] == "timed out: arith, sibling"
    assert rows["quick"]["status"] == "graded" and rows["quick"]["attention"] == ""


def test_a_grader_failure_is_exit_3_and_the_batch_goes_on(tmp_path):
    root = fake_course(tmp_path)
    (root / "properties" / "sibling.py").write_text("raise RuntimeError('a broken grader')\n")
    subs = tmp_path / "submissions"
    write(subs / "amy", {"sibling.py": SIBLING})
    write(subs / "zed", {"notes.md": "nothing"})
    proc = grade_cli(root, subs, tmp_path / "out", "--strength", "public")
    assert proc.returncode == 3, proc.stderr
    rows = rows_of(tmp_path / "out")
    assert rows["amy"]["status"] == "grader failed" and "the grader failed on sibling: the course's grader for sibling is broken" in rows["amy"]["attention"]
    assert rows["zed"]["status"] == "needs attention"


def test_a_crash_while_grading_one_student_costs_only_that_student(tmp_path, monkeypatch):
    root = fake_course(tmp_path)
    course = load_course(root)
    subs = tmp_path / "submissions"
    write(subs / "boom", {"sibling.py": SIBLING})
    write(subs / "fine", {"notes.md": ""})
    out = tmp_path / "out"
    (out / "boom.json").parent.mkdir()
    (out / "boom.json").write_text("{}")  # an old report: it must not survive as if it were this run's
    real_stage = batch.stage

    def stage_or_crash(source, course, dest):
        if source.name == "boom":
            raise OSError(28, "No space left on device")
        return real_stage(source, course, dest)

    monkeypatch.setattr(batch, "stage", stage_or_crash)
    options = batch.Options(level=isolation.choose(), strength="public")
    document = batch.grade_class(course, subs, out, options, progress=batch.Progress(2, stream=io.StringIO()))
    rows = {row["student"]: batch.Row.from_dict(row) for row in document["rows"]}
    assert rows["boom"].status == batch.FAILED and "OSError: [Errno 28] No space left on device" in rows["boom"].reasons()[0]
    assert rows["fine"].status == batch.ATTENTION and (out / "fine.json").is_file() and not (out / "boom.json").exists()
    assert batch.exit_status(document) == 3 and (out / "summary.md").is_file()


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_run_resumes_where_it_stopped(tmp_path, monkeypatch, jobs):
    """Ctrl-C while b is graded: one student after another (jobs=1), or side by side in
    child processes (jobs=2), where the terminal's SIGINT reaches the batch too."""
    import os
    import signal

    course = load_course(fake_course(tmp_path))
    subs, out = tmp_path / "submissions", tmp_path / "out"
    for sid in ("a", "b", "c"):
        write(subs / sid, {"notes.md": sid})  # nothing to grade: quick, and still a report each
    real, batch_pid = batch.grade_student, os.getpid()

    def interrupted(course, student, *args):
        if student.sid == "b":
            if os.getpid() != batch_pid:
                os.kill(batch_pid, signal.SIGINT)
            raise KeyboardInterrupt
        return real(course, student, *args)

    monkeypatch.setattr(batch, "grade_student", interrupted)
    options = batch.Options(level=isolation.choose(), strength="public", jobs=jobs)
    with pytest.raises(KeyboardInterrupt):
        batch.grade_class(course, subs, out, options, progress=batch.Progress(3, stream=io.StringIO()))
    stopped = json.loads((out / "gradebook.json").read_text())
    graded = [row["student"] for row in stopped["rows"]]
    # One after another, a was graded and c never started; side by side, a may or may not have finished.
    assert (graded == ["a"] if jobs == 1 else graded in ([], ["a"])) and stopped["unfinished"] == 3 - len(graded)
    # The partial summary says so: "1 student: 1 graded" alone read as a whole class.
    summary = (out / "summary.md").read_text()
    assert "Unfinished" in summary and f"{3 - len(graded)} of its students not graded yet" in summary
    monkeypatch.setattr(batch, "grade_student", real)
    progress = batch.Progress(3, stream=io.StringIO())
    document = batch.grade_class(course, subs, out, options, progress=progress)
    assert progress.reused == len(graded) and [row["student"] for row in document["rows"]] == ["a", "b", "c"]
    assert not document.get("unfinished") and "Unfinished" not in (out / "summary.md").read_text()


def test_saves_wait_fifty_times_as_long_as_the_last_save_took():
    now = [0.0]
    saves = batch.Saves()
    saves.clock = lambda: now[0]
    assert saves.due()  # the first student's row is saved at once

    def write():
        now[0] += 0.25  # a big class's gradebook.json: a quarter of a second to write

    now[0] = 10.0
    saves.save(write)
    now[0] = 10.25 + 50 * 0.25 - 0.01
    assert not saves.due()
    now[0] += 0.01
    assert saves.due()
    row = batch.Row(student="ann", scores={"arith": 3.0})
    assert saves.plain(row) == dataclasses.asdict(row) and saves.plain(row) is saves.plain(row)


def test_a_class_whose_saves_are_slow_is_saved_less_often_and_ends_whole(tmp_path, monkeypatch):
    """gradebook.json holds every row, so rewriting it after each of thousands of
    students made a run quadratic: a save that took long delays the next, and the
    run's end still writes every row."""
    course = load_course(fake_course(tmp_path))
    subs, out = tmp_path / "submissions", tmp_path / "out"
    for sid in ("a", "b", "c", "d", "e"):
        write(subs / sid, {"notes.md": sid})
    ticks = [0.0]

    def clock():  # every reading a second later: each save "takes" a second
        ticks[0] += 1.0
        return ticks[0]

    monkeypatch.setattr(batch.Saves, "clock", staticmethod(clock))
    saved = []
    real_save = batch._save
    monkeypatch.setattr(batch, "_save", lambda folder, document: (saved.append([row["student"] for row in document["rows"]]), real_save(folder, document)))
    options = batch.Options(level=isolation.choose(), strength="public", jobs=1)
    document = batch.grade_class(course, subs, out, options, progress=batch.Progress(5, stream=io.StringIO()))
    assert saved == [["a"]]  # after the first student; the next was due 50 "seconds" later
    assert [row["student"] for row in document["rows"]] == ["a", "b", "c", "d", "e"]
    assert [row["student"] for row in json.loads((out / "gradebook.json").read_text())["rows"]] == ["a", "b", "c", "d", "e"]


def test_a_shard_with_nobody_in_it_still_writes_a_gradebook(tmp_path):
    course = load_course(fake_course(tmp_path))
    write(tmp_path / "submissions" / "only", {"notes.md": ""})
    options = batch.Options(level=isolation.choose(), strength="public", shard=(2, 3))
    document = batch.grade_class(course, tmp_path / "submissions", tmp_path / "out", options, progress=batch.Progress(0, stream=io.StringIO()))
    assert document["rows"] == [] and batch.exit_status(document) == 0
    assert (tmp_path / "out" / "gradebook.csv").read_text().count("\n") == 1 and "0 students" in (tmp_path / "out" / "summary.md").read_text()


@pytest.mark.parametrize(
    "args,words",
    [
        (["grade", "{tmp}/nowhere", "--out", "{tmp}/out"], "SUBMISSIONS {tmp}/nowhere: no such folder"),
        (["grade", "{subs}"], "the following arguments are required: --out"),
        (["grade", "{subs}", "--out", "{tmp}/out", "--shard", "0/3"], "--shard 0/3: should be K/N with 1 <= K <= N"),
        (["grade", "{subs}", "--out", "{tmp}/out", "--shard", "4/3"], "--shard 4/3: should be K/N"),
        (["grade", "{subs}", "--out", "{tmp}/out", "--shard", "two"], "--shard two: should be K/N"),
        (["grade", "{subs}", "--out", "{tmp}/out", "--formats", "json,yaml"], "--formats json,yaml: unknown format 'yaml'"),
        (["grade", "{subs}", "--out", "{tmp}/out", "--roster", "{tmp}/bad.csv"], "has no 'student' column"),
        (["grade", "{subs}", "--out", "{tmp}/out", "--jobs", "0"], "--jobs 0: must be at least 1"),
        (["grade", "{subs}", "--out", "{tmp}/out", "--isolation", "basic"], "needs isolation 'uid' or better"),
        (["grade", "{tmp}/empty", "--out", "{tmp}/out"], "no student folders or .zip files"),
        (["grade", "{subs}", "--out", "{subs}/graded"], "--out {subs}/graded: inside SUBMISSIONS {subs}; choose a folder outside it"),
        (["grade", "{subs}", "--out", "{subs}"], "--out {subs}: inside SUBMISSIONS {subs}"),
        (["grade", "merge", "--out", "{tmp}/out"], "gradwork grade merge needs the shard folders"),
        (["grade", "merge", "--out", "{tmp}/out", "{subs}"], "no gradebook.json; pass the --out folders"),
        (["grade", "merge", "--out", "{tmp}/out", "{subs}", "--roster", "{tmp}/bad.csv"], "--roster is for grading"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, args, words, capsys, monkeypatch):
    monkeypatch.setenv("GRADWORK_SECRET_SEED", "usage-tests")  # the fake course has none
    subs = write(tmp_path / "submissions" / "alice", {"sibling.py": SIBLING}).parent
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.csv").write_text("id,name\nalice,Alice\n")
    fill = {"tmp": tmp_path, "subs": subs}
    status = main(["--course", str(FAKE), *[a.format(**fill) for a in args]])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words.format(**fill) in lines[0], err


def test_hidden_strength_without_a_secret_is_a_usage_error(tmp_path):
    root = fake_course(tmp_path, secret=False)
    subs = write(tmp_path / "submissions" / "alice", {"sibling.py": SIBLING}).parent
    env = {k: v for k, v in cli_env().items() if k != "GRADWORK_SECRET_SEED"}
    proc = grade_cli(root, subs, tmp_path / "out", env=env)
    assert proc.returncode == 2 and "hidden-strength grading needs a secret" in proc.stderr and proc.stderr.count("\n") == 1
    assert not (tmp_path / "out" / "alice.json").exists()


def test_roster_duplicates_and_odd_names(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffStudent,Name\nKim Chulsoo,Kim\n\nKim_Chulsoo,Again\n")
    with pytest.raises(batch.BatchError, match="line 4: student 'Kim_Chulsoo' is listed twice"):
        batch.read_roster(roster)
    roster.write_text("Student,Name\nKim Chulsoo,Kim\n")
    subs = tmp_path / "subs"
    write(subs / "Kim Chulsoo", {})
    make_zip(subs / "Kim Chulsoo.zip", {"a.py": ""})
    students = batch.class_list(subs, batch.read_roster(roster), tmp_path / "out")
    assert [(s.sid, s.source.name, s.roster) for s in students] == [("Kim_Chulsoo", "Kim Chulsoo", {"name": "Kim", "email": ""}),
                                                                    ("Kim_Chulsoo-2", "Kim Chulsoo.zip", None)]
    # Both are flagged, each naming the other (the first was silent: nobody knew of a second).
    assert students[1].notes == ["another submission (Kim Chulsoo) is also named Kim_Chulsoo; this one (Kim Chulsoo.zip) is graded as Kim_Chulsoo-2"]
    assert students[0].notes == ["another submission (Kim Chulsoo.zip) is also named Kim_Chulsoo; it is graded as Kim_Chulsoo-2"]


def test_shards_cover_the_class_exactly_once():
    students = [batch.Student(f"s{i:02d}", None) for i in range(11)]
    parts = [batch.shard_of(students, (k, 3)) for k in (1, 2, 3)]
    assert sorted(s.sid for part in parts for s in part) == [s.sid for s in students]
    assert [s.sid for s in parts[1]] == ["s01", "s04", "s07", "s10"]


def test_progress_is_one_updating_line_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = batch.Progress(2, stream=stream)
    for sid in ("alice", "bob\x1b[2J"):
        progress.begin(sid)
        progress.end(batch.Row(student=sid, total=1.0, max_score=2.0), False, 3.0)
    progress.close()
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.count("\r\x1b[K") == 3 and "1/2 grading bob\\x1b[2J  ETA 3s" in text


def test_csv_cells_cannot_be_formulas():
    document = {"exercises": [{"id": "arith", "title": "A", "points": 6.0}], "roster": True, "rows": [
        dataclasses.asdict(batch.Row(student="@SUM(A1)", name="+1", email="-2", scores={"arith": 1.5}, total=1.5, max_score=6.0))]}
    line = list(csv.reader(io.StringIO(batch.gradebook_csv(document))))[1]
    assert line[:5] == ["'@SUM(A1)", "'+1", "'-2", "1.5", "1.5"]


# -- the real course ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_class_of_the_real_course_names_the_banks_mistakes(tmp_path, course):
    def mistake(exercise_id: str, key: str) -> tuple[str, str]:
        bank = variants.collect(loading.load_optional("mistakes", course.mistakes_dir, exercise_id))
        variant = next(v for v in bank if v.key == key)
        return variant.title, variant.module_source(course.solution_path(course.get(exercise_id)).read_text())

    subs = tmp_path / "submissions"
    # Only the exercises the mistakes are in: the others would be graded (as missing) in no time.
    used = ("zeros_init", "broadcasting", "cost_function")
    write(subs / "ref", {f"{e}.py": course.solution_path(course.get(e)).read_text() for e in used})
    write(subs / "stubs", {f"{e}.py": (course.exercises_dir / f"{e}.py").read_text() for e in used})
    transposed, zeros_source = mistake("zeros_init", "init_zeros_transposed")
    row_sums, broadcasting_source = mistake("broadcasting", "percentages_row_sums")
    summed, cost_source = mistake("cost_function", "mse_sum")
    write(subs / "pat", {"zeros_init.py": zeros_source, "broadcasting.py": broadcasting_source})
    write(subs / "quinn" / "submission", {"zeros_init.py": zeros_source, "cost_function.py": cost_source})
    proc = run_cli("grade", subs, "--out", tmp_path / "out", timeout=900)
    assert proc.returncode == 0, proc.stderr
    rows = rows_of(tmp_path / "out")
    assert [rows["ref"][e] for e in used] == ["10", "10", "10"] and rows["stubs"]["total"] == "0" and rows["pat"]["zeros_init"] != "10"
    summary = (tmp_path / "out" / "summary.md").read_text()
    from graders.report.formats import markdown_text

    for title, count in ((transposed, 2), (row_sums, 1), (summed, 1)):
        assert f"| {count} of 4 | {markdown_text(title)} |" in summary, title


def test_a_progress_reader_that_goes_away_does_not_stop_the_class(tmp_path):
    # `gradwork grade ... 2>&1 | head -2`: the pipe closes after two lines, and the
    # batch used to stop there (exit 1), the rest of the class never graded.
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    course = load_course(fake_course(tmp_path))
    subs = tmp_path / "submissions"
    for sid in ("a", "b", "c"):
        write(subs / sid, {"notes.md": sid})
    options = batch.Options(level=isolation.choose(), strength="public")
    document = batch.grade_class(course, subs, tmp_path / "out", options, progress=batch.Progress(3, stream=Closed()))
    assert [row["student"] for row in document["rows"]] == ["a", "b", "c"]
    assert "3 students" in (tmp_path / "out" / "summary.md").read_text()
