"""Reports for instructors and CI: Gradescope results.json, JUnit XML, Markdown,
the feedback levels, and `gradwork report FILE.json`.

Every Gradescope document is validated against tests/schemas/gradescope-results.schema.json
(transcribed from Gradescope's specification) and every JUnit document against
tests/schemas/junit-10.xsd (Jenkins' xUnit plugin). The real engine grades the
fake course four ways — passing, failing, untouched stubs, ungradable — once
per module; the rest uses results built by hand.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from markdown_it import MarkdownIt

from graders.cli.main import main
from graders.course import load_course
from graders.engine import loading, variants
from graders.engine.runner import grade
from graders.report import feedback
from graders.report.formats import FORMATS, to_gradescope, to_json, to_junit, to_markdown
from graders.results import ERROR, FAILED, NOT_STARTED, PASSED, CourseResult, Diagnosis, ExerciseResult, PropertyResult, allocate

# One worker builds this module's shared fixtures once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("reports")

FAKE = Path(__file__).parent / "fake_course"
SCHEMAS = Path(__file__).parent / "schemas"
JUNIT_XSD = xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")
GRADESCOPE_SCHEMA = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "gradescope-results.schema.json").read_text()))


def gradescope(result: CourseResult) -> dict:
    data = json.loads(to_gradescope(result))
    GRADESCOPE_SCHEMA.validate(data)
    return data


def junit(result: CourseResult) -> ET.Element:
    text = to_junit(result)
    JUNIT_XSD.validate(text)
    return ET.fromstring(text.encode("utf-8"))


def rendered_markdown(result: CourseResult) -> str:
    """The Markdown as GitHub would show it (CommonMark with GFM tables), as HTML."""
    return MarkdownIt("commonmark").enable("table").render(to_markdown(result))


# -- the fake course, graded for real ---------------------------------------------


def _mistake(course, exercise_id: str, key: str) -> str:
    bank = variants.collect(loading.load_optional("mistakes", course.mistakes_dir, exercise_id))
    variant = next(v for v in bank if v.key == key)
    return variant.module_source(course.solution_path(course.get(exercise_id)).read_text())


LOOPED_DOUBLE_MEAN_TOTAL = """\
import numpy as np


def double(x):
    out = np.empty_like(x)
    for index in np.ndindex(x.shape):
        out[index] = 2.0 * x[index]
    return out


def total(x):
    return float(np.mean(x))
"""


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def graded(tmp_path_factory):
    """The fake course with 10 points on arith (3 tests: 3.34 + 3.33 + 3.33) and
    visibilities set, graded as four submissions for credit, plus one local run
    whose feedback has advice, a diagnosis, a hint and replay commands."""
    root = tmp_path_factory.mktemp("reports") / "course"
    shutil.copytree(FAKE, root, ignore=shutil.ignore_patterns("__pycache__", ".gradwork"))
    manifest = (root / "course.toml").read_text()
    manifest = manifest.replace("points = 6", 'points = 10\nvisibility = { total_values = "after_due_date" }')
    manifest = manifest.replace("points = 4", 'points = 4\nvisibility = { add_one_values = "hidden" }')
    (root / "course.toml").write_text(manifest)
    course = load_course(root)

    def submission(name: str, files: dict[str, str | None]) -> Path:
        folder = root.parent / name
        folder.mkdir()
        for exercise_id, source in files.items():
            if source is not None:
                (folder / f"{exercise_id}.py").write_text(source)
        return folder

    solution = {e: (root / "solutions" / f"{e}.py").read_text() for e in ("arith", "sibling")}
    stub = {e: (root / "exercises" / f"{e}.py").read_text() for e in ("arith", "sibling")}
    targets = {
        "passing": submission("passing", solution),
        "failing": submission("failing", {"arith": _mistake(course, "arith", "double_plus_two"), "sibling": solution["sibling"]}),
        "not_started": submission("not_started", stub),
        "error": submission("error", {"arith": None, "sibling": "def add_one(x)\n    return x\n"}),
    }
    results = {name: grade(course, target=target, graded=True, student=f"student-{name}", jobs=2) for name, target in targets.items()}
    local = submission("local", {"arith": LOOPED_DOUBLE_MEAN_TOTAL, "sibling": solution["sibling"]})
    results["local"] = grade(course, ["arith"], target=local, jobs=1)
    results["root"] = root.parent
    return results


SUBMISSIONS = ("passing", "failing", "not_started", "error")


def test_real_results_are_what_the_reports_are_tested_on(graded):
    statuses = {name: [e.status for e in graded[name].exercises] for name in SUBMISSIONS}
    assert statuses == {"passing": [PASSED, PASSED], "failing": [FAILED, PASSED], "not_started": [NOT_STARTED, NOT_STARTED], "error": [ERROR, ERROR]}
    local = graded["local"].exercises[0]
    assert [p.status for p in local.properties] == [PASSED, FAILED, FAILED]
    assert local.properties[1].diagnosis.id == "total_mean" and local.properties[2].diagnosis.advice and local.properties[2].traceback
    assert local.hint and local.replay and local.properties[1].replay


# -- Gradescope ---------------------------------------------------------------------


def test_gradescope_lists_the_same_tests_for_every_submission(graded):
    documents = {name: gradescope(graded[name]) for name in SUBMISSIONS}
    listings = {name: [(t["number"], t["name"], t["max_score"], t["visibility"], t["tags"]) for t in doc["tests"]] for name, doc in documents.items()}
    assert listings["passing"] == listings["failing"] == listings["not_started"] == listings["error"]
    assert [t[0] for t in listings["passing"]] == ["1.1", "1.2", "1.3", "2.1"]
    assert [t[1] for t in listings["passing"]] == [
        "arith: double returns 2 * x", "arith: total returns the sum as a float",
        "arith: double is vectorised (no Python loop over the data)", "sibling: add_one adds one to every element",
    ]


def test_gradescope_points_add_up_exactly(graded):
    for name in SUBMISSIONS:
        tests = gradescope(graded[name])["tests"]
        shares = [Decimal(repr(t["max_score"])) for t in tests]
        assert shares == [Decimal("3.34"), Decimal("3.33"), Decimal("3.33"), Decimal("4")]
        assert sum(shares) == Decimal("14")


@pytest.mark.parametrize("name,scores,statuses", [
    ("passing", [3.34, 3.33, 3.33, 4.0], ["passed"] * 4),
    ("failing", [0.0, 3.33, 0.0, 4.0], ["failed", "passed", "failed", "passed"]),
    ("not_started", [0.0] * 4, ["failed"] * 4),
    ("error", [0.0] * 4, ["failed"] * 4),
])
def test_gradescope_scores_and_statuses(graded, name, scores, statuses):
    data = gradescope(graded[name])
    assert [t["score"] for t in data["tests"]] == scores
    assert [t["status"] for t in data["tests"]] == statuses
    assert Decimal(repr(data["score"])) == sum(Decimal(repr(s)) for s in scores)
    assert data["score"] == graded[name].score


def test_gradescope_explains_each_test(graded):
    failing = gradescope(graded["failing"])["tests"]
    assert "got: np.array([3.0, 0.0])" in failing[0]["output"] and "looks like adds two instead of doubling" in failing[0]["output"]
    assert failing[1]["output"] == "passed (100 examples)"
    assert failing[2]["output"].startswith("counts once double's values are right")
    assert gradescope(graded["not_started"])["tests"][0]["output"] == "double still raises NotImplementedError — not started"
    errors = gradescope(graded["error"])["tests"]
    assert errors[0]["output"].startswith("not run:") and "arith.py is missing" in errors[0]["output"]
    assert "syntax error" in errors[3]["output"]


def test_gradescope_carries_visibility_meta_and_time(graded):
    data = gradescope(graded["failing"])
    assert [t["visibility"] for t in data["tests"]] == ["visible", "after_due_date", "visible", "hidden"]
    assert data["visibility"] == "visible" and data["stdout_visibility"] == "hidden" and data["output_format"] == "text"
    assert all(t["output_format"] == "text" and t["name_format"] == "text" for t in data["tests"])
    extra = data["extra_data"]
    assert extra["meta"]["student"] == "student-failing" and extra["isolation"] == graded["failing"].isolation
    assert {"gradwork", "hypothesis", "numpy", "python", "timestamp"} <= extra["meta"].keys()
    assert [e["status"] for e in extra["exercises"]] == ["failed", "passed"]
    seconds = sum(e.seconds for e in graded["failing"].exercises)
    assert isinstance(data["execution_time"], int) and seconds <= data["execution_time"] < seconds + 1
    assert data["output"].splitlines()[0] == "7.33 / 14 points; 1 of 2 exercises pass."


def test_graded_reports_name_no_local_path_and_no_command(graded):
    root = str(graded["root"])
    for name in SUBMISSIONS:
        data = gradescope(graded[name])
        for text in [data["output"]] + [t["output"] for t in data["tests"]]:
            assert "gradwork" not in text and root not in text, text
        for document in (to_junit(graded[name]), to_markdown(graded[name]), to_json(graded[name])):
            assert root not in document
            assert not re.search(r"gradwork (check|hint|reset|list|watch)", document)


# -- JUnit --------------------------------------------------------------------------


@pytest.mark.parametrize("name,tests,failures,errors", [
    ("passing", 4, 0, 0),
    ("failing", 4, 2, 0),
    ("not_started", 4, 4, 0),  # an untouched stub fails; it is not "skipped"
    ("error", 4, 0, 4),  # nothing could run
])
def test_junit_counts_every_test_that_did_not_earn_its_points(graded, name, tests, failures, errors):
    root = junit(graded[name])
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (str(tests), str(failures), str(errors))
    assert root.get("skipped") is None and root.find(".//skipped") is None
    assert len(root.findall(".//testcase")) == tests
    assert len(root.findall(".//testcase/failure")) == failures and len(root.findall(".//testcase/error")) == errors
    assert [s.get("name") for s in root.findall("testsuite")] == ["arith", "sibling"]


def test_junit_failures_say_why(graded):
    failing = junit(graded["failing"])
    double, rule = failing.findall(".//testsuite[@name='arith']/testcase/failure")
    assert double.get("type") == "values" and "expected: np.array([2.0, -4.0])" in double.text
    assert rule.get("type") == "not_counted"
    stub = junit(graded["not_started"]).find(".//testcase/failure")
    assert stub.get("type") == "not_started" and "NotImplementedError" in stub.get("message")
    missing = junit(graded["error"]).find(".//testsuite[@name='arith']/testcase/error")
    assert missing.get("type") == "not_run" and "arith.py is missing" in missing.text


def test_junit_carries_meta_in_properties(graded):
    result = graded["failing"]
    suite = junit(result).find("testsuite")
    values = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert values["student"] == "student-failing" and values["isolation"] == result.isolation and values["target"] == "submission"
    assert values["timestamp"] == result.meta["timestamp"] and values["hypothesis"] == result.meta["hypothesis"]
    assert (values["score"], values["max_score"]) == ("3.33", "10")
    assert suite.get("timestamp") == result.meta["timestamp"].removesuffix("Z")
    assert re.fullmatch(r"\d+\.\d{3}", suite.get("time")) and suite.get("hostname") is None


# -- results built by hand ------------------------------------------------------------


def exercise(exercise_id: str, status: str, props: list[tuple[str, str]], points: float = 10.0, **extra) -> ExerciseResult:
    """An exercise whose properties (name, status) share ``points`` as the engine shares them."""
    shares = allocate(points, [1.0] * len(props))
    properties = [
        PropertyResult(name=name, function="f", status=prop_status, key=name, max_score=share, score=share if prop_status == PASSED else 0.0, message=None if prop_status == PASSED else f"{name} went wrong")
        for (name, prop_status), share in zip(props, shares)
    ]
    return ExerciseResult(id=exercise_id, title=exercise_id.title(), status=status, score=round(sum(p.score for p in properties), 2), max_score=points, message=f"{exercise_id} is {status}", properties=properties, **extra)


def test_hand_built_shares_sum_exactly_in_gradescope():
    result = CourseResult([exercise("ten", FAILED, [("a", PASSED), ("b", FAILED), ("c", PASSED)])], meta={"student": "x"})
    data = gradescope(result)
    assert [t["max_score"] for t in data["tests"]] == [3.34, 3.33, 3.33]
    assert [t["score"] for t in data["tests"]] == [3.34, 0.0, 3.33] and data["score"] == 6.67


def test_an_exercise_listed_without_properties_is_one_test():
    result = CourseResult([ExerciseResult(id="broken", title="Broken", status=ERROR, score=0.0, max_score=5.0, message="cannot import it")])
    (test,) = gradescope(result)["tests"]
    assert (test["name"], test["max_score"], test["score"], test["status"]) == ("broken: Broken", 5.0, 0.0, "failed")
    root = junit(result)
    assert root.get("errors") == "1" and root.find(".//testcase/error").get("message") == "cannot import it"


def test_a_grader_problem_is_an_error_that_costs_nothing():
    broken = PropertyResult(name="odd", function="f", status=ERROR, problem="grader", message="the grader could not check this property")
    result = CourseResult([ExerciseResult(id="e", title="E", status=FAILED, score=0.0, max_score=2.0, message="m", properties=[broken])])
    root = junit(result)
    assert root.get("errors") == "1" and root.find(".//error").get("type") == "grader"
    assert gradescope(result)["tests"][0]["max_score"] == 0.0
    assert "grader itself failed" in gradescope(result)["output"]


HOSTILE = "a|b <script>alert(1)</script> `tick` **bold** [link](http://evil) $x$ &amp;\n# heading\n~~~~~\n| x | y |\x1b[2J"


def _hostile() -> CourseResult:
    prop = PropertyResult(name=HOSTILE, function="f", status=FAILED, key="k", message=HOSTILE, call=f"f({HOSTILE})", got=HOSTILE, expected="1.0", max_score=2.0,
                          diagnosis=Diagnosis(id="m", title=HOSTILE, advice=HOSTILE))
    return CourseResult([ExerciseResult(id="e|x", title=HOSTILE, status=FAILED, score=0.0, max_score=2.0, message=HOSTILE, properties=[prop])], meta={"student": HOSTILE}, isolation="uid")


def test_hostile_text_is_still_a_valid_junit_and_gradescope_document():
    root = junit(_hostile())
    assert root.find(".//failure").get("message") == HOSTILE.replace("\x1b", "\\x1b")
    assert gradescope(_hostile())["tests"][0]["name"] == "e|x: " + HOSTILE.replace("\x1b", "\\x1b")


# -- Markdown -------------------------------------------------------------------------


def test_markdown_shows_table_first_failure_and_meta(graded):
    result = graded["failing"]
    text = to_markdown(result)
    assert text.startswith("## gradwork: 7.33 / 14 points\n")
    assert "| arith — Arithmetic | ❌ failed | 3.33 / 10 |" in text
    assert "| sibling — A sibling exercise | ✅ passed | 4 / 4 |" in text
    assert "| **Total** | 1 of 2 pass | **7.33 / 14** |" in text
    html = rendered_markdown(result)
    assert html.count("<tr>") == 4  # the header, two exercises, the total
    assert "First failure: arith — double returns 2 * x</h3>" in html
    assert "got: np.array([3.0, 0.0])\nexpected: np.array([2.0, -4.0])" in html
    assert "Looks like: <strong>adds two instead of doubling</strong>" in html
    footer = text.splitlines()[-1]
    for shown in ("isolation " + result.isolation, "student student\\-failing", "Hypothesis " + result.meta["hypothesis"].replace(".", "\\.")):
        assert shown in footer


def test_markdown_first_to_fix_is_the_message_of_an_unstarted_exercise(graded):
    html = rendered_markdown(graded["not_started"])
    assert "<h3>First to fix: arith</h3>" in html and "not started — open arith.py and implement double() first" in html


def test_markdown_escapes_student_text():
    text = to_markdown(_hostile())
    html = rendered_markdown(_hostile())
    shown = HOSTILE.replace("\x1b", "\\x1b")
    assert "<script" not in html and "<a " not in html and "<strong>bold" not in html and "<code>tick" not in html
    assert html.count("<tr>") == 3 and html.count("<td") == 6  # one exercise row and the total: the | did not add cells
    assert html.count("<h1>") == 0 and html.count("<h3>") == 1  # the "# heading" did not become one
    block = re.search(r'<pre><code class="language-text">(.*?)</code></pre>', html, re.S).group(1)
    assert block.startswith(shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))  # the ~~~~~ inside did not close it
    assert "\x1b" not in text
    one_line = " ".join(shown.split("\n"))
    assert f"<td>e|x — {one_line.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</td>" in html
    assert "Looks like: <strong>" + one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</strong>" in html


# -- feedback levels --------------------------------------------------------------------


def test_full_feedback_is_an_equal_copy(graded):
    result = graded["local"]
    for level in (None, "full"):
        copied = feedback.apply(result, level)
        assert copied == result and copied is not result
        copied.exercises[0].properties[2].traceback.append("changed")
        assert "changed" not in result.exercises[0].properties[2].traceback


def test_diagnosis_feedback_keeps_what_went_wrong_and_drops_the_fix(graded):
    result = graded["local"]
    before = copy.deepcopy(result)
    scrubbed = feedback.apply(result, "diagnosis")
    assert result == before  # the argument is never changed
    original, kept = result.exercises[0], scrubbed.exercises[0]
    assert kept.hint is None and kept.replay is None and original.hint and original.replay
    for old, new in zip(original.properties, kept.properties):
        assert (new.message, new.call, new.got, new.expected, new.detail, new.traceback, new.status, new.score) == (old.message, old.call, old.got, old.expected, old.detail, old.traceback, old.status, old.score)
        assert new.advice is None and new.replay is None
    mean = kept.properties[1]
    assert mean.diagnosis == Diagnosis(id="total_mean", title="mean instead of sum", advice="")
    for render in (to_gradescope, to_junit, to_markdown, to_json):
        text = render(scrubbed)
        assert "mean instead of sum" in text and original.properties[1].diagnosis.advice not in text
        assert original.properties[2].diagnosis.advice not in text and original.hint not in text and "--property" not in text


def test_verdict_feedback_keeps_only_names_statuses_and_scores(graded):
    result = graded["local"]
    before = copy.deepcopy(result)
    scrubbed = feedback.apply(result, "verdict")
    assert result == before
    original, kept = result.exercises[0], scrubbed.exercises[0]
    assert (kept.id, kept.title, kept.status, kept.score, kept.max_score, kept.seconds) == (original.id, original.title, original.status, original.score, original.max_score, original.seconds)
    assert (kept.message, kept.hint, kept.lesson, kept.file, kept.replay) == ("failed", None, None, None, None)
    assert [p.message for p in kept.properties] == ["passed", "failed", "failed"]
    for old, new in zip(original.properties, kept.properties):
        assert (new.name, new.status, new.examples, new.score, new.max_score, new.visibility, new.seconds) == (old.name, old.status, old.examples, old.score, old.max_score, old.visibility, old.seconds)
        assert (new.call, new.got, new.expected, new.detail, new.diagnosis, new.advice, new.output, new.replay, new.problem, new.traceback) == (None,) * 9 + ([],)
    failing = original.properties[1]
    for render in (to_gradescope, to_junit, to_markdown, to_json):
        # Timings are numbers too ("0.577" holds the got "0.5"): leave them out of the search.
        text = re.sub(r'time="[0-9.]+"|"(seconds|execution_time)": [0-9.]+|\b\d+\.\d+ ?s\b', "", render(scrubbed))
        assert failing.got not in text and failing.diagnosis.title not in text and original.properties[2].traceback[0] not in text


def test_verdict_feedback_still_says_a_grader_problem_is_not_the_students_fault():
    broken = PropertyResult(name="odd", function="f", status=ERROR, problem="grader", message="ValueError inside the property")
    result = CourseResult([ExerciseResult(id="e", title="E", status=FAILED, score=0.0, max_score=2.0, message="m", properties=[broken])])
    scrubbed = feedback.apply(result, "verdict")
    assert scrubbed.grader_problem and "not yours" in scrubbed.exercises[0].properties[0].message


def test_unknown_feedback_level_is_a_value_error():
    with pytest.raises(ValueError, match=r"level='loud'.*full, diagnosis, verdict"):
        feedback.apply(CourseResult([]), "loud")


# -- gradwork report FILE.json ------------------------------------------------------------


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def saved(graded, tmp_path_factory):
    path = tmp_path_factory.mktemp("saved") / "failing.json"
    path.write_text(to_json(graded["failing"]))
    return path


def report(capsys, *args) -> tuple[int, str, str]:
    status = main(["--course", str(FAKE), "report", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_report_renders_a_saved_report_in_every_format(capsys, saved, graded):
    status, out, err = report(capsys, saved, "--format", "json")
    assert status == 0 and err == "" and json.loads(out) == json.loads(saved.read_text())
    status, out, _ = report(capsys, saved, "--format", "gradescope")
    data = json.loads(out)
    GRADESCOPE_SCHEMA.validate(data)
    assert status == 0 and data["score"] == 7.33 and len(data["tests"]) == 4
    status, out, _ = report(capsys, saved, "--format", "junit")
    JUNIT_XSD.validate(out)
    assert status == 0 and ET.fromstring(out.encode()).get("failures") == "2"
    status, out, _ = report(capsys, saved, "--format", "markdown")
    assert status == 0 and out == to_markdown(graded["failing"]) + "\n"
    status, out, _ = report(capsys, saved)
    assert status == 0 and "arith" in out and "adds two instead of doubling" in out


def test_report_option_before_the_command_is_kept(capsys, saved):
    status = main(["--course", str(FAKE), "--format", "junit", "report", str(saved)])
    assert status == 0 and capsys.readouterr().out.startswith("<?xml")


def test_report_writes_output_with_the_feedback_asked_for(capsys, saved, tmp_path):
    out = tmp_path / "deep" / "results.json"
    status, stdout, _ = report(capsys, saved, "--format", "gradescope", "--feedback", "verdict", "--output", out)
    assert status == 0 and stdout == ""
    data = json.loads(out.read_text())
    assert data["tests"][0]["output"] == "failed" and "adds two" not in out.read_text()
    assert [p.name for p in out.parent.iterdir()] == ["results.json"]


@pytest.mark.parametrize("content,words", [
    (None, "no such file"),
    ("{not json", "not valid JSON"),
    (b"\xff\xfe{}", "not valid JSON"),
    ("[1, 2]", "not a gradwork JSON report"),
    ('{"version": 2, "exercises": []}', "not a gradwork JSON report"),
    ('{"version": 1}', "not a gradwork JSON report (KeyError"),
    ('{"version": 1, "exercises": [{"id": 3, "title": "t", "status": "passed", "score": 1, "max_score": 1, "message": "m"}]}', "ExerciseResult.id should be str"),
    ('{"version": 1, "exercises": [{"id": "a", "title": "t", "status": "passed", "score": 1, "max_score": 1, "message": "m", "properties": [{"name": "n", "function": "f", "status": "passed", "bogus": 1}]}]}', "not a gradwork JSON report (TypeError"),
    ('{"version": 1, "exercises": [{"id": "a", "title": "t", "status": "passed", "score": 1, "max_score": 1, "message": "m", "properties": [{"name": "n", "function": "f", "status": "passed", "traceback": [1]}]}]}', "traceback should hold only text"),
])
def test_report_refuses_what_is_not_a_report_in_one_line(capsys, tmp_path, content, words):
    path = tmp_path / "bad\nname.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    status, out, err = report(capsys, path)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and words in err and "bad\\nname.json" in err, err


def test_report_of_a_folder_is_a_one_line_error(capsys, tmp_path):
    status, out, err = report(capsys, tmp_path)
    assert status == 2 and out == "" and err.count("\n") == 1 and "cannot read it" in err


def test_every_format_is_registered():
    assert set(FORMATS) == {"json", "gradescope", "junit", "markdown"}


def test_junit_properties_hold_structured_meta_as_json():
    # The submission's digest and files were written as a Python dict's repr.
    exercise = ExerciseResult(id="arith", title="Arith", status=PASSED, score=1.0, max_score=1.0, message="all 0 properties hold")
    result = CourseResult(exercises=[exercise], target="submission", isolation="strong",
                          meta={"student": "alice", "submission": {"digest": "ab12", "files": ["arith.py"]}})
    values = {p.get("name"): p.get("value") for p in ET.fromstring(to_junit(result)).iter("property")}
    assert json.loads(values["submission"]) == {"digest": "ab12", "files": ["arith.py"]}
    assert values["student"] == "alice"


def test_plain_makes_what_asdict_makes_with_fresh_containers(graded):
    """results.plain, the fast dataclasses.asdict behind to_dict: the same value, and
    nothing mutable shared with the result it was made from."""
    import collections
    import dataclasses

    from graders.results import plain

    Pair = collections.namedtuple("Pair", "a b")
    prop = PropertyResult(name="n", function="f", status=FAILED, diagnosis=Diagnosis("m", "t", "a"),
                          traceback=[["f.py", 3, "f", "x = 1"]], cause=None)
    odd = {"pair": Pair([1], (2.5, None)), "set": {3}, "nested": [{"k": [prop]}], ("t", 1): True}

    @dataclasses.dataclass
    class Holder:
        value: object

    for value in (prop, Holder(odd), graded["local"]):
        assert plain(value) == dataclasses.asdict(value)
    made = plain(odd)
    assert type(made["pair"]) is Pair and made["pair"].a is not odd["pair"].a and made["set"] is not odd["set"]
    assert made["nested"][0]["k"][0]["traceback"] is not prop.traceback
    assert plain(prop)["diagnosis"] == {"id": "m", "title": "t", "advice": "a", "title_en": None}


def test_a_long_call_is_shortened_on_screen_never_what_became_of_it():
    """A call with long arrays, then "timed out": the screen shortens the call and keeps
    the verdict, which a cut of the whole line would lose."""
    from graders.report.view import SCREEN_VALUE, failure_fields

    call = "fit_line(x=np.array([" + ", ".join(["1.0288568739519013"] * 40) + "]), epochs=200, learning_rate=0.1)"
    verdict = " timed out: did not finish within 3 s in fit_line() — is there an infinite loop?"
    prop = PropertyResult(name="fits", function="fit_line", status=FAILED, message=call + verdict, call=call)
    problem = next(f.text for f in failure_fields(prop, screen=True) if f.label == "problem")
    assert problem.endswith(verdict) and problem.startswith("fit_line(x=np.array([1.0288568739519013") and " …" in problem
    assert len(problem) <= 2 * SCREEN_VALUE
    assert next(f.text for f in failure_fields(prop) if f.label == "problem") == call + verdict  # whole, off screen


def test_the_summary_of_what_holds_names_no_function_that_also_fails():
    """"✓ and 2 more hold (normal_init)" under a failing normal_init reads as "normal_init
    holds"; a law waiting for its function's values is not called a rule."""
    from graders.report.view import exercise_lines

    def result(function, status, key, kind="property"):
        return PropertyResult(name=key, function=function, status=status, key=key, kind=kind, message="wrong" if status == FAILED else None)

    exercise = ExerciseResult("ex", "Ex", FAILED, 1.0, 4.0, "1 of 4 properties fail", [
        result("normal_init", FAILED, "normal_init_statistics"), result("normal_init", PASSED, "normal_init_structure"),
        result("he_normal", PASSED, "he_normal_structure"), result("he_normal", "skipped", "he_normal_law"),
    ])
    texts = [line.text for line in exercise_lines(exercise) if line.prop is None]
    assert texts == ["and 2 more hold (he_normal)", "1 more counts once he_normal is right"], texts
    exercise.properties[2].function = "normal_init"
    exercise.properties[3] = result("he_normal", "skipped", "vectorised:he_normal", kind="rule")
    texts = [line.text for line in exercise_lines(exercise) if line.prop is None]
    assert texts == ["and 2 more hold", "1 rule counts once he_normal is right"], texts
