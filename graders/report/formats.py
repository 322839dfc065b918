"""Machine-readable reports: JSON (SPEC §4), Gradescope results.json, JUnit XML, Markdown.

Each function takes a :class:`~graders.results.CourseResult` and returns text.
Every string in the finished document goes through :func:`graders.text.safe_text`
(student code is hostile): the JSON is valid UTF-8 with no raw control
characters, the XML is well-formed XML 1.0 whatever the messages hold, and the
Markdown escapes every character that could start markup.

Every format lists the same tests for every submission (one per property, in
course order) and counts a test as passed only when it earned its points: an
untouched stub, a rule that does not count yet and a property of an exercise
that could not be imported are failures or errors, never "skipped".
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from typing import TYPE_CHECKING

from ..i18n import N_, _
from ..results import ERROR, FAILED, NOT_STARTED, PASSED, SKIPPED, CourseResult, ExerciseResult, PropertyResult
from ..text import safe_data, safe_text
from .view import failure_fields, failure_text

if TYPE_CHECKING:  # the annotations' ET; at run time JUnit output imports it (_et)
    import xml.etree.ElementTree as ET

# What a test came to, in every format: it earned its points, it did not (the
# student's work), or it could not be run (the module did not import, or the
# grader itself failed).
TEST_PASSED, TEST_FAILED, TEST_ERROR = "passed", "failed", "error"


def outcome(exercise: ExerciseResult, prop: PropertyResult | None) -> str:
    """``prop``'s test as passed, failed or error; ``prop=None`` for an exercise
    listed without properties (a report written by hand or by an older version)."""
    if prop is None:
        return {PASSED: TEST_PASSED, ERROR: TEST_ERROR}.get(exercise.status, TEST_FAILED)
    if prop.problem == "grader" or prop.status == ERROR or exercise.status == ERROR:
        return TEST_ERROR
    return TEST_PASSED if prop.status == PASSED else TEST_FAILED


def points(value: float) -> str:
    """3.34, 10, 0.5: at most two decimals (the hundredths points are allocated in)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def to_json(result: CourseResult) -> str:
    return json.dumps(safe_data(result.to_dict()), indent=2, ensure_ascii=False)


def case_text(exercise: ExerciseResult, prop: PropertyResult) -> str:
    """What a student reads about one test: how it passed, or why it did not."""
    if prop.status == PASSED:
        return _("passed ({count} examples)").format(count=prop.examples) if prop.kind == "property" else _("passed")
    if exercise.status == ERROR:  # the property says "not run"; the exercise says why
        return "\n".join(filter(None, (prop.message, exercise.message)))
    return failure_text(prop)


GRADER_FAILED = N_("The grader itself failed on some tests — not the student's fault; those tests count neither way.")


def summary_lines(result: CourseResult) -> list[str]:
    """One line for the run and one per exercise, for a report's overall output."""
    passed = sum(e.status == PASSED for e in result.exercises)
    lines = [_("{score} / {max_score} points; {passed} of {total} exercises pass.").format(
        score=points(result.score), max_score=points(result.max_score), passed=passed, total=len(result.exercises))]
    for exercise in result.exercises:  # the message says how it went: "all 3 properties hold", "not started — ..."
        lines.append(_("{id} ({title}): {score} / {max_score} — {message}").format(
            id=exercise.id, title=_(exercise.title), score=points(exercise.score), max_score=points(exercise.max_score), message=exercise.message))
    if result.grader_problem:
        lines.append(_(GRADER_FAILED))
    return lines


# -- Gradescope ------------------------------------------------------------------
# https://gradescope-autograders.readthedocs.io/en/latest/specs/ (tests/schemas/
# gradescope-results.schema.json transcribes it). Gradescope adds up the tests'
# max_score for the assignment's total, and its per-test statistics compare
# students test by test: so every submission gets the same tests, whose points
# are the properties' shares (allocated in hundredths, adding up exactly).


def _gradescope_test(exercise: ExerciseResult, prop: PropertyResult, number: str) -> dict:
    return {
        "name": f"{exercise.id}: {prop.name}",
        "name_format": "text",
        "number": number,
        "score": prop.score,
        "max_score": prop.max_score,
        "status": "passed" if outcome(exercise, prop) == TEST_PASSED else "failed",
        "output": case_text(exercise, prop),
        "output_format": "text",  # student text is never rendered as HTML or Markdown
        "tags": [exercise.id, prop.function, prop.kind],
        "visibility": prop.visibility,
        "extra_data": {"key": prop.key, "status": prop.status, "examples": prop.examples},
    }


def _gradescope_exercise_test(exercise: ExerciseResult, number: str) -> dict:
    """The one test of an exercise listed without properties."""
    return {
        "name": f"{exercise.id}: {_(exercise.title)}",
        "name_format": "text",
        "number": number,
        "score": exercise.score,
        "max_score": exercise.max_score,
        "status": "passed" if outcome(exercise, None) == TEST_PASSED else "failed",
        "output": exercise.message,
        "output_format": "text",
        "tags": [exercise.id],
        "visibility": "visible",
        "extra_data": {"status": exercise.status},
    }


def gradescope_tests(result: CourseResult) -> list[dict]:
    tests = []
    for i, exercise in enumerate(result.exercises, 1):
        if not exercise.properties:
            tests.append(_gradescope_exercise_test(exercise, f"{i}.1"))
        tests.extend(_gradescope_test(exercise, prop, f"{i}.{j}") for j, prop in enumerate(exercise.properties, 1))
    return tests


SHOWN = "visible"  # the one visibility Gradescope always shows; the overall output is always shown too
# How an exercise's message names its first failing property (the engine's
# "{failed} of {total} properties fail; first: {name}"): the translation must
# match the one of that message, else (in that language) only the name is hidden.
# TRANSLATORS: exactly as in "{failed} of {total} properties fail; first: {name}"
FIRST = N_("; first: ")
# TRANSLATORS: stands in, in a summary, for the name of a test students cannot see yet
UNSEEN = N_("a test whose results are not shown yet")


def _named_only_if_shown(exercise: ExerciseResult) -> ExerciseResult:
    """The exercise with a message that names no test the student cannot see."""
    unseen = [p.name for p in exercise.properties if p.visibility != SHOWN and p.name]
    message = exercise.message or ""
    if not unseen or not any(name in message for name in unseen):
        return exercise
    first = next((separator for separator in dict.fromkeys((_(FIRST), FIRST)) if separator in message), _(FIRST))
    head = message.partition(first)[0]
    shown = next((p.name for p in exercise.properties if p.visibility == SHOWN and p.status in (FAILED, ERROR)), None)
    message = head + (f"{first}{shown}" if shown else "")
    for name in unseen:  # a name anywhere else in the message
        message = message.replace(name, _(UNSEEN))
    return dataclasses.replace(exercise, message=message)


def student_view(result: CourseResult) -> CourseResult:
    """``result`` as Gradescope may show it: the overall output (a line per exercise, with
    its first failing test) is shown whatever the tests' visibility, so an exercise's
    message names only ``visible`` tests; a ``hidden`` or ``after_due_date`` test keeps
    its name and output in its own entry, which Gradescope shows only when allowed."""
    return dataclasses.replace(result, exercises=[_named_only_if_shown(e) for e in result.exercises])


def to_gradescope(result: CourseResult) -> str:
    result = student_view(result)
    tests = gradescope_tests(result)
    document = {
        # The sum of the tests, to the hundredth: Gradescope shows this score.
        "score": round(sum(test["score"] for test in tests), 2),
        "execution_time": math.ceil(sum(e.seconds for e in result.exercises)),  # whole seconds, as in the specification
        "output": "\n".join(summary_lines(result)),
        "output_format": "text",  # the default, simple_format, would render HTML
        "visibility": "visible",  # each test overrides it with the course's visibility for that property
        "stdout_visibility": "hidden",  # the run's own log is for the instructor
        "extra_data": {"isolation": result.isolation, "target": result.target, "meta": result.meta,
                       "exercises": [{"id": e.id, "status": e.status, "score": e.score, "max_score": e.max_score} for e in result.exercises]},
        "tests": tests,
    }
    return json.dumps(safe_data(document), indent=2, ensure_ascii=False)


# -- JUnit XML ---------------------------------------------------------------------
# Valid against junit-10.xsd of Jenkins' xUnit plugin (tests/schemas/junit-10.xsd):
# <testsuites> takes only name, time, tests, failures and errors; a testsuite's
# time has at most three decimals; meta goes in each suite's <properties>.


# A failure's type when no problem names it is the property's status, except that
# a rule the engine skipped (it does not count yet) did not earn its points either.
JUNIT_TYPES = {SKIPPED: "not_counted"}


def _et():
    """ElementTree, imported when JUnit XML is written, not by every command that reports."""
    import xml.etree.ElementTree

    return xml.etree.ElementTree


def _junit_timestamp(meta: dict) -> str | None:
    """Ant's and Jenkins' JUnit timestamp: ISO 8601 without a zone (gradwork's is UTC)."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z?", str(meta.get("timestamp", "")))
    return match.group(1) if match else None


def _junit_properties(result: CourseResult, exercise: ExerciseResult) -> ET.Element:
    """The run's meta (versions, student, timestamp, strength), isolation and the suite's points."""
    ET = _et()
    values = {**result.meta, "isolation": result.isolation, "target": result.target, "score": points(exercise.score), "max_score": points(exercise.max_score)}
    element = ET.Element("properties")
    for name, value in values.items():
        # A structured value (the submission's digest and files) as JSON, not Python's repr.
        shown = json.dumps(value, sort_keys=True, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
        ET.SubElement(element, "property", name=str(name), value=shown)
    return element


def _junit_case(suite: ET.Element, exercise: ExerciseResult, prop: PropertyResult | None) -> str:
    """Add one testcase; return its outcome."""
    ET = _et()
    if prop is None:
        case = ET.SubElement(suite, "testcase", classname=exercise.id, name=_(exercise.title), time="0.000")
        message, text, kind = exercise.message, exercise.message, exercise.problem or exercise.status
    else:
        case = ET.SubElement(suite, "testcase", classname=f"{exercise.id}.{prop.function}", name=prop.name, time=f"{prop.seconds:.3f}")
        message, text = prop.message or prop.status, case_text(exercise, prop)
        kind = prop.problem or ("not_run" if exercise.status == ERROR else JUNIT_TYPES.get(prop.status, prop.status))
    verdict = outcome(exercise, prop)
    if verdict != TEST_PASSED:
        tag = "error" if verdict == TEST_ERROR else "failure"
        ET.SubElement(case, tag, message=message, type=kind).text = text
    return verdict


def _junit_suite(result: CourseResult, exercise: ExerciseResult) -> ET.Element:
    ET = _et()
    suite = ET.Element("testsuite", name=exercise.id, time=f"{exercise.seconds:.3f}")
    timestamp = _junit_timestamp(result.meta)
    if timestamp:
        suite.set("timestamp", timestamp)
    # No hostname: the grading machine's name tells a reader nothing about the submission.
    suite.append(_junit_properties(result, exercise))
    verdicts = [_junit_case(suite, exercise, prop) for prop in exercise.properties or [None]]
    suite.set("tests", str(len(verdicts)))
    suite.set("failures", str(verdicts.count(TEST_FAILED)))
    suite.set("errors", str(verdicts.count(TEST_ERROR)))
    return suite


def to_junit(result: CourseResult) -> str:
    """JUnit XML: a testsuite per exercise, a testcase per property."""
    ET = _et()
    root = ET.Element("testsuites", name="gradwork")
    suites = [_junit_suite(result, exercise) for exercise in result.exercises]
    root.extend(suites)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(suite.get(key)) for suite in suites)))
    root.set("time", f"{sum(e.seconds for e in result.exercises):.3f}")
    for element in root.iter():  # ElementTree writes NUL, ESC, lone surrogates as they are
        element.text = safe_text(element.text) if element.text else element.text
        for key, value in list(element.attrib.items()):
            element.set(key, safe_text(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


# -- Markdown (a GitHub Actions job summary) ----------------------------------------
# CommonMark lets any ASCII punctuation be backslash-escaped, so escaping all of
# it means no character of a student's text can start markup (tables, links,
# emphasis, math, autolinks); < > & become entities so no HTML gets through.
_MARKDOWN_ESCAPES = {ord(c): "\\" + c for c in "!\"#$%'()*+,-./:;=?@[\\]^_`{|}~"}
_MARKDOWN_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
MARKDOWN_VALUE_CHARS = 2000  # per value: a job summary holds at most 1 MiB
# A status's mark and label (translated where shown: _markdown_status).
WORDS = {PASSED: ("✅", N_("passed")), FAILED: ("❌", N_("failed")), NOT_STARTED: ("⬜", N_("not started")), ERROR: ("⚠️", N_("error"))}


def _markdown_status(status: str) -> str:
    if status not in WORDS:
        return markdown_text(status)
    mark, label = WORDS[status]
    return f"{mark} {_(label)}"


def markdown_text(text: str) -> str:
    """``text`` as inline Markdown that shows exactly these characters, on one line."""
    return " ".join(safe_text(text).split("\n")).translate(_MARKDOWN_ESCAPES)


def _clip(text: str) -> str:
    return text if len(text) <= MARKDOWN_VALUE_CHARS else text[:MARKDOWN_VALUE_CHARS] + " …"


def markdown_block(lines: list[str]) -> str:
    """A fenced block, where nothing is markup; its fence is longer than any run
    of tildes inside, so the text cannot close it early."""
    body = "\n".join(safe_text(line) for line in lines)
    fence = "~" * max(3, 1 + max((len(run) for run in re.findall(r"~+", body)), default=0))
    return f"{fence}text\n{body}\n{fence}"


def _markdown_table(result: CourseResult) -> list[str]:
    # TRANSLATORS: the column headers of the job summary's table of exercises
    rows = ["| " + " | ".join((_("exercise"), _("status"), _("score"))) + " |", "| --- | --- | ---: |"]
    for exercise in result.exercises:
        name = markdown_text(f"{exercise.id} — {_(exercise.title)}")
        rows.append(f"| {name} | {_markdown_status(exercise.status)} | {points(exercise.score)} / {points(exercise.max_score)} |")
    passed = sum(e.status == PASSED for e in result.exercises)
    counted = _("{passed} of {total} pass").format(passed=passed, total=len(result.exercises))
    total = _("Total")
    rows.append(f"| **{total}** | {counted} | **{points(result.score)} / {points(result.max_score)}** |")
    return rows


def _markdown_first_failure(result: CourseResult) -> list[str]:
    exercise = next((e for e in result.exercises if e.status != PASSED), None)
    if exercise is None:
        return []
    prop = exercise.first_failure
    if prop is None:  # not started, or could not be imported: the exercise says why
        return ["### " + _("First to fix: {id}").format(id=markdown_text(exercise.id)), "", markdown_block([_clip(exercise.message)])]
    fields = failure_fields(prop)
    block = [_clip(f.text) if f.label == "problem" else f"{f.heading}: {_clip(f.text)}" for f in fields if f.label not in ("diagnosis", "your code", "output")]
    lines = ["### " + _("First failure: {id} — {name}").format(id=markdown_text(exercise.id), name=markdown_text(prop.name)), "", markdown_block(block)]
    if prop.diagnosis:
        title = f"**{markdown_text(prop.diagnosis.title)}**"
        if prop.diagnosis.advice:
            lines += ["", _("Looks like: {title} — {advice}").format(title=title, advice=markdown_text(prop.diagnosis.advice))]
        else:
            lines += ["", _("Looks like: {title}").format(title=title)]
    return lines


def _markdown_footer(result: CourseResult) -> str:
    meta = dict(result.meta)
    # Names of programs stay as they are; "course" and "isolation" are words.
    names = (("gradwork", "gradwork"), ("course", _("course")), ("hypothesis", "Hypothesis"), ("numpy", "numpy"), ("python", "Python"))
    parts = [f"{name} {meta.pop(key)}" for key, name in names if key in meta]
    isolation = _("isolation")
    parts.append(f"{isolation} {result.isolation}")
    parts += [f"{key} {value}" for key, value in meta.items()]  # student, strength, timestamp, and anything newer
    return " · ".join(markdown_text(part) for part in parts)


def to_markdown(result: CourseResult) -> str:
    """A GitHub Actions job summary: a table of exercises, the first failure, the meta."""
    passed = sum(e.status == PASSED for e in result.exercises)
    lines = ["## " + _("gradwork: {score} / {max_score} points").format(score=points(result.score), max_score=points(result.max_score)), "",
             _("{passed} of {total} exercises pass.").format(passed=passed, total=len(result.exercises)), ""]
    lines += _markdown_table(result)
    if result.grader_problem:
        lines += ["", "⚠️ " + _(GRADER_FAILED)]
    failure = _markdown_first_failure(result)
    if failure:
        lines += ["", *failure]
    lines += ["", "---", "", _markdown_footer(result)]
    return "\n".join(lines)


FORMATS = {"json": to_json, "gradescope": to_gradescope, "junit": to_junit, "markdown": to_markdown}
