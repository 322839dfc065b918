"""Text from student code is data: control characters, terminal escape
sequences, lone surrogates and bidi overrides never reach a report raw
(graders/text.py, applied by every reporter)."""

from __future__ import annotations

import copy
import io
import json
import time
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders.report import html as html_report
from graders.report import terminal
from graders.report.formats import FORMATS
from graders.results import ERROR, FAILED, NOT_STARTED, PASSED, CourseResult, Diagnosis, ExerciseResult, PropertyResult
from graders.text import safe_data, safe_text

CLEAR = "\x1b[2J\x1b[H"
LINK = "\x1b]8;;http://evil\x07click\x1b]8;;\x07"
OVERWRITE = "FAILED\rPASSED"
XML_BREAKERS = "]]></failure><script>alert('x')</script>\"'&"
ORDINARY = "가중치 → ✓ — ✗ · α 😀"
HOSTILE = f"{CLEAR}{LINK} {OVERWRITE} nul\x00 del\x7f csi\x9b lo\ud800 hi\udfff rlo\u202e {XML_BREAKERS} {ORDINARY}"

# What must never be in a report (the renderers themselves emit none of these
# when the terminal has no colour).
FORBIDDEN = ["\x1b", "\x00", "\x07", "\r", "\x7f", "\x9b", "\u202e", "\ud800", "\udfff"]
# What the student must be able to see instead.
VISIBLE = ["\\x1b[2J", "\\x1b]8;;http://evil\\x07", "FAILED\\rPASSED", "\\x00", "\\x7f", "\\x9b", "\\ud800", "\\udfff", "\\u202e"]


def _hostile_result() -> CourseResult:
    failing = PropertyResult(
        name=f"shape {HOSTILE}",
        function="forward",
        status=FAILED,
        examples=3,
        message=f"wrong shape {HOSTILE}",
        call=f"forward({HOSTILE!s})",
        got=f"array({HOSTILE})",
        expected="array([1.0])",
        detail=f"line 3 {HOSTILE}",
        problem="shape",
        diagnosis=Diagnosis(id="transposed", title=f"transposed {HOSTILE}", advice=f"advice {HOSTILE}"),
        advice=f"fix {HOSTILE}",
        traceback=[f'File "ex.py", line 3: {HOSTILE}', "return W.T\x1b[31m"],
        output=f"printed {HOSTILE}\r\nsecond line\n" + "x" * 50_000 + CLEAR,
        replay="gradwork check forward --property shape",
    )
    raising = PropertyResult(name="raises", function="forward", status=ERROR, message=f"ValueError: {HOSTILE}", problem="raised", output=HOSTILE)
    passing = PropertyResult(name="dtype", function="forward", status=PASSED, examples=100)
    return CourseResult(exercises=[
        ExerciseResult(id="forward", title="Forward pass", status=FAILED, score=1.0, max_score=10.0, message=f"2 of 3 fail {HOSTILE}",
                       properties=[failing, raising, passing], hint=f"hint {HOSTILE}", file=f"exercises/forward{CLEAR}.py", replay="gradwork check forward"),
        ExerciseResult(id="broken", title="Broken", status=ERROR, score=0.0, max_score=5.0, message=f"SyntaxError: {HOSTILE}", file="exercises/broken.py"),
        ExerciseResult(id="later", title="Later", status=NOT_STARTED, score=0.0, max_score=5.0, message="not started", file=f"exercises/later{CLEAR}.py", lesson="later.md"),
    ])


def _assert_safe(text: str) -> None:
    for char in FORBIDDEN:
        assert char not in text, repr(char)
    text.encode("utf-8")  # a lone surrogate would raise here
    assert not any(0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff" for c in text)


def _assert_visible(text: str) -> None:
    for escape in VISIBLE:
        assert escape in text, escape
    assert ORDINARY in text


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# -- safe_text and safe_data ---------------------------------------------------


@pytest.mark.parametrize("raw, shown", [
    ("\x1b[2J", "\\x1b[2J"),
    ("\x00", "\\x00"),
    ("\x07", "\\x07"),
    ("\x08", "\\x08"),
    ("a\rb", "a\\rb"),
    ("\x7f", "\\x7f"),
    ("\x9b", "\\x9b"),
    ("\x85", "\\x85"),
    ("\ud800", "\\ud800"),
    ("\udfff", "\\udfff"),
    ("\ufffe\uffff", "\\ufffe\\uffff"),
    ("\u202e", "\\u202e"),
    ("\u202a\u2066\u2069", "\\u202a\\u2066\\u2069"),
])
def test_safe_text_escapes_visibly(raw, shown):
    assert safe_text(f"<{raw}>") == f"<{shown}>"


def test_safe_text_keeps_ordinary_text_newlines_and_tabs():
    text = f"{ORDINARY}\nline\ttab é ñ ß € ∑ ≤ … \u00a0 end"
    assert safe_text(text) == text


def test_safe_text_windows_line_ends_and_one_line_mode():
    assert safe_text("a\r\nb\r\n") == "a\nb\n"
    assert safe_text("a\nb\r\nc", keep_newlines=False) == "a\\nb\\r\\nc"
    assert safe_text("a\tb", keep_newlines=False) == "a\tb"


def test_safe_text_is_fast_on_100_kb():
    for text in ("\x1b" * 100_000, "x" * 100_000, "가\ud800" * 50_000):
        start = time.perf_counter()
        out = safe_text(text)
        assert time.perf_counter() - start < 0.5
        out.encode("utf-8")


UNSAFE_CODES = set(range(0x00, 0x20)) - {0x09, 0x0A} | set(range(0x7F, 0xA0)) | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | set(range(0xD800, 0xE000)) | {0xFFFE, 0xFFFF}
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())


def _reference_escape(char: str) -> str:
    """Python's own escape for an unsafe character (its repr without the quotes)."""
    return repr(char)[1:-1] if ord(char) in UNSAFE_CODES else char


@given(st.text(alphabet=ANY_CHAR) | st.text(alphabet=st.sampled_from("\x1b\r\n\t\x00\x9b\ud800\udc00\u202e a가")))
def test_safe_text_is_total_and_leaves_nothing_unsafe(text):
    out = safe_text(text)
    out.encode("utf-8")
    assert not any(ord(c) in UNSAFE_CODES for c in out)
    assert safe_text(out) == out
    one_line = safe_text(text, keep_newlines=False)
    assert "\n" not in one_line and not any(ord(c) in UNSAFE_CODES for c in one_line)
    # Nothing is dropped or reordered: each character is kept or replaced by its escape.
    assert out == "".join(map(_reference_escape, text.replace("\r\n", "\n")))


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(alphabet=ANY_CHAR),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(alphabet=ANY_CHAR), inner),
    max_leaves=20,
))
def test_safe_data_makes_any_json_like_value_dumpable_as_utf8(value):
    clean = safe_data(value)
    dumped = json.dumps(clean, ensure_ascii=False)
    dumped.encode("utf-8")
    assert json.loads(dumped) == clean
    for text in _strings(clean):
        assert not any(ord(c) in UNSAFE_CODES for c in text)


def test_safe_data_walks_structures_and_keeps_other_values():
    value = {"a\x1b": ["b\x00", ("c\r", 1, 2.5, None, True)], 3: "\u202e"}
    assert safe_data(value) == {"a\\x1b": ["b\\x00", ("c\\r", 1, 2.5, None, True)], 3: "\\u202e"}


def test_safe_data_copies_results_without_changing_them():
    result = _hostile_result()
    before = copy.deepcopy(result)
    clean = safe_data(result)
    assert result == before  # the caller's objects are untouched
    prop = clean.exercises[0].properties[0]
    assert isinstance(prop, PropertyResult) and isinstance(prop.diagnosis, Diagnosis)
    assert prop.message.startswith("wrong shape \\x1b[2J")
    assert "\\x1b[31m" in prop.traceback[1] and "\\ud800" in prop.diagnosis.advice
    assert clean.exercises[0].first_failure is prop


# -- every report ------------------------------------------------------------------


def test_json_report_is_valid_utf8_and_shows_the_escapes():
    text = FORMATS["json"](_hostile_result())
    _assert_safe(text)
    data = json.loads(text.encode("utf-8"))
    prop = data["exercises"][0]["properties"][0]
    assert prop["message"] == "wrong shape " + safe_text(HOSTILE)
    assert prop["traceback"][1] == "return W.T\\x1b[31m"
    assert "\nsecond line\n" in prop["output"]
    _assert_visible(prop["message"])
    assert data["exercises"][0]["file"] == "exercises/forward\\x1b[2J\\x1b[H.py"
    for string in _strings(data):
        assert not any(ord(c) in UNSAFE_CODES for c in string)


def test_gradescope_report_is_valid_utf8_and_shows_the_escapes():
    text = FORMATS["gradescope"](_hostile_result())
    _assert_safe(text)
    data = json.loads(text.encode("utf-8"))
    outputs = "\n".join(test["output"] for test in data["tests"])
    _assert_visible(outputs)
    assert "SyntaxError: \\x1b[2J" in outputs
    assert data["tests"][0]["name"].startswith("forward: shape \\x1b[2J")
    for string in _strings(data):
        assert not any(ord(c) in UNSAFE_CODES for c in string)


def test_junit_report_is_well_formed_xml():
    text = FORMATS["junit"](_hostile_result())
    _assert_safe(text)
    root = ET.fromstring(text.encode("utf-8"))
    failure = root.find(".//failure")
    assert failure is not None and failure.get("message") == "wrong shape " + safe_text(HOSTILE)
    _assert_visible(failure.text)
    assert XML_BREAKERS in failure.text  # ]]>, </failure> and quotes are kept as text, not markup
    error = root.find(".//testsuite[@name='broken']/testcase/error")
    assert error.get("message").startswith("SyntaxError: \\x1b[2J")


def _terminal(result: CourseResult, **kwargs) -> str:
    buffer = io.StringIO()
    out = terminal.console(file=buffer, no_color=True, color_system=None, width=400)
    terminal.render(result, out=out, detail_for="all", hints={"forward": (f"tier {CLEAR}", "1 of 2")}, **kwargs)
    return buffer.getvalue()


def test_terminal_report_shows_escapes_not_sequences():
    text = _terminal(_hostile_result(), title=f"course {CLEAR}")
    _assert_safe(text)
    for shown in VISIBLE:
        assert shown in text, shown
    assert ORDINARY in text
    for where in ("wrong shape \\x1b[2J", "return W.T\\x1b[31m", "printed \\x1b[2J", "transposed \\x1b[2J", "ValueError: \\x1b[2J",
                  "SyntaxError: \\x1b[2J", "tier \\x1b[2J", "course \\x1b[2J", "exercises/later\\x1b[2J", "2 of 3 fail \\x1b[2J"):
        assert where in text, where


def test_terminal_parts_used_by_watch_are_safe_and_leave_results_alone():
    result = _hostile_result()
    before = copy.deepcopy(result)
    buffer = io.StringIO()
    out = terminal.console(file=buffer, no_color=True, color_system=None, width=400)
    out.print(terminal.exercise_table(result, first="forward"))
    for exercise in result.exercises:
        out.print(terminal.exercise_details(exercise, hint=f"h {CLEAR}"))
    out.print(terminal.property_details(result.exercises[0].properties[0], replay=f"r {CLEAR}"))
    text = buffer.getvalue()
    _assert_safe(text)
    assert "h \\x1b[2J" in text and "r \\x1b[2J" in text and "wrong shape \\x1b[2J" in text
    assert result == before


def test_html_report_escapes_markup_and_controls():
    page = html_report.render(_hostile_result(), detail_for="all", title=f"course {CLEAR}")
    _assert_safe(page)
    assert "<script>" not in page and "&lt;script&gt;" in page and "]]&gt;&lt;/failure&gt;" in page
    for shown in VISIBLE:
        assert shown in page, shown
    assert ORDINARY in page and "course \\x1b[2J" in page
