"""Machine-readable reports: JSON (SPEC §4), Gradescope results.json, JUnit XML.

Each function takes a :class:`~graders.results.CourseResult` and returns text.
Every string in the finished document goes through :func:`graders.text.safe_text`
(student code is hostile): the JSON is valid UTF-8 with no raw control
characters, and the XML is well-formed XML 1.0 whatever the messages hold.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from ..results import ERROR, FAILED, NOT_STARTED, PASSED, CourseResult, ExerciseResult, PropertyResult
from ..text import safe_data, safe_text


def to_json(result: CourseResult) -> str:
    return json.dumps(safe_data(result.to_dict()), indent=2, ensure_ascii=False)


def property_text(prop: PropertyResult) -> str:
    """A property's failure as plain text lines (for Gradescope and JUnit)."""
    lines = [prop.message or ""]
    for label, value in (("call", prop.call), ("got", prop.got), ("expected", prop.expected), ("where", prop.detail)):
        if value and not (label == "call" and prop.message and prop.message.startswith(value)):
            lines.append(f"{label}: {value}")
    if prop.advice:
        lines.append(f"fix: {prop.advice}")
    if prop.diagnosis:
        lines.append(f"diagnosis: looks like {prop.diagnosis.title} — {prop.diagnosis.advice}")
    lines.extend(f"  {frame}" for frame in prop.traceback)
    if prop.output:
        lines.append(f"output:\n{prop.output}")
    return "\n".join(line for line in lines if line)


def _weight_score(exercise: ExerciseResult, prop: PropertyResult) -> tuple[float, float]:
    total = sum(p.weight for p in exercise.properties) or 1.0
    max_score = round(exercise.max_score * prop.weight / total, 4)
    earned = max_score if prop.status == PASSED and exercise.status not in (ERROR, NOT_STARTED) else 0.0
    return earned, max_score


def to_gradescope(result: CourseResult) -> str:
    """Gradescope's results.json: one test per property (or per exercise on error)."""
    tests = []
    for exercise in result.exercises:
        if exercise.status == ERROR or not exercise.properties:
            tests.append({
                "name": f"{exercise.id}: {exercise.title}",
                "name_format": "text",
                "score": 0.0,
                "max_score": exercise.max_score,
                "status": "failed",
                "output": exercise.message,
                "output_format": "text",
                "visibility": "visible",
            })
            continue
        for prop in exercise.properties:
            earned, max_score = _weight_score(exercise, prop)
            if prop.status == PASSED:
                output = f"passed ({prop.examples} examples)" if prop.kind == "property" else "passed"
            elif prop.status == NOT_STARTED:
                output = "not started: the function still raises NotImplementedError"
            else:
                output = property_text(prop)
            tests.append({
                "name": f"{exercise.id}: {prop.name}",
                "name_format": "text",
                "number": f"{result.exercises.index(exercise) + 1}.{exercise.properties.index(prop) + 1}",
                "score": earned,
                "max_score": max_score,
                "status": "passed" if prop.status == PASSED else "failed",
                "output": output,
                "output_format": "text",
                "tags": [exercise.id, prop.function],
                "visibility": "visible",
            })
    document = {
        "score": result.score,
        "output": f"{sum(e.status == PASSED for e in result.exercises)} of {len(result.exercises)} exercises pass.",
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
    return json.dumps(safe_data(document), indent=2, ensure_ascii=False)


def to_junit(result: CourseResult) -> str:
    """JUnit XML: a testsuite per exercise, a testcase per property."""
    root = ET.Element("testsuites", name="gradwork", tests="0", failures="0", errors="0", skipped="0")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for exercise in result.exercises:
        suite = ET.SubElement(root, "testsuite", name=exercise.id, time=f"{exercise.seconds:.3f}")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if exercise.status == ERROR or not exercise.properties:
            case = ET.SubElement(suite, "testcase", classname=exercise.id, name=exercise.title, time="0")
            ET.SubElement(case, "error", message=exercise.message, type="error").text = exercise.message
            counts["tests"] += 1
            counts["errors"] += 1
        for prop in exercise.properties:
            case = ET.SubElement(suite, "testcase", classname=f"{exercise.id}.{prop.function}", name=prop.name, time=f"{prop.seconds:.3f}")
            counts["tests"] += 1
            if prop.status == FAILED:
                ET.SubElement(case, "failure", message=prop.message or "failed", type=prop.problem or "failure").text = property_text(prop)
                counts["failures"] += 1
            elif prop.status == ERROR:
                ET.SubElement(case, "error", message=prop.message or "error", type=prop.problem or "error").text = property_text(prop)
                counts["errors"] += 1
            elif prop.status == NOT_STARTED:
                ET.SubElement(case, "skipped", message="not started")
                counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    for element in root.iter():  # ElementTree writes NUL, ESC, lone surrogates as they are
        element.text = safe_text(element.text) if element.text else element.text
        for key, value in list(element.attrib.items()):
            element.set(key, safe_text(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


FORMATS = {"json": to_json, "gradescope": to_gradescope, "junit": to_junit}
