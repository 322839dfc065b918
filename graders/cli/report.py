"""``gradwork report FILE.json``: render a saved JSON report in another format.

    gradwork report alice.json                        the student's text view
    gradwork report alice.json --format markdown      a GitHub Actions job summary
    gradwork report alice.json --format gradescope --feedback diagnosis --output results.json

The JSON is the document of ``--format json`` (SPEC §4). Grading once and
rendering many times gives every format the same grade; nothing is re-run. The
exit status is 0 once the report is written, whatever grade it holds, so a CI
step that renders a failing grade still succeeds; 2 for a file that is missing,
unreadable or not a gradwork report.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from ..i18n import _
from ..results import CourseResult, Diagnosis
from ..text import safe_text

COMMANDS = ("report",)
REPORT_FORMATS = ("text", "json", "gradescope", "junit", "markdown")


def add_commands(commands) -> None:
    report = commands.add_parser("report", help=_("render a saved JSON report (--format json) in another format"))
    report.add_argument("file", metavar="FILE.json", help=_("a report written by `gradwork check --format json`"))
    # SUPPRESS: `gradwork --format junit report FILE` keeps the value given before the command.
    report.add_argument("--format", choices=REPORT_FORMATS, default=argparse.SUPPRESS, help=_("text (default), json, gradescope, junit or markdown (a GitHub Actions job summary)"))
    report.add_argument("--output", metavar="FILE", default=argparse.SUPPRESS, help=_("write the report to FILE instead of standard output"))
    report.add_argument("--feedback", choices=("full", "diagnosis", "verdict"), default=argparse.SUPPRESS, help=_("how much the report explains: full (default), diagnosis (no advice or hints) or verdict (pass/fail only)"))


# The annotations of graders.results' fields, as the Python types a renderer may
# meet in a saved report (an int is a fine float). The one plain "list" is a
# traceback, whose lines are joined as text.
_ALLOWED = {"str": (str,), "str | None": (str, type(None)), "int": (int,), "float": (int, float), "dict": (dict,), "list": (list,),
            "list[ExerciseResult]": (list,), "list[PropertyResult]": (list,), "Diagnosis | None": (Diagnosis, type(None))}


def check_types(item) -> None:
    """Raise TypeError unless every field of ``item`` (a CourseResult, ExerciseResult,
    PropertyResult or Diagnosis, and those inside it) has its declared type: a file
    can hold anything, and a renderer should not crash on a number where text belongs."""
    for field in dataclasses.fields(item):
        value = getattr(item, field.name)
        if isinstance(value, bool) or not isinstance(value, _ALLOWED[field.type]):
            raise TypeError(f"{type(item).__name__}.{field.name} should be {field.type}, not {type(value).__name__}")
        if field.type == "list" and not all(isinstance(line, str) for line in value):
            raise TypeError(f"{type(item).__name__}.{field.name} should hold only text")
        children = value if isinstance(value, list) else [value]
        for child in children:
            if dataclasses.is_dataclass(child):
                check_types(child)


def load_report(path: str) -> CourseResult:
    """The saved report at ``path``; a UsageError (one line, exit 2) when it is not one."""
    from ..errors import UsageError

    shown = safe_text(path, keep_newlines=False)  # the name is echoed on one line of stderr
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(_("{file}: no such file").format(file=shown)) from None
    except OSError as exc:
        raise UsageError(_("{file}: cannot read it ({reason})").format(file=shown, reason=exc.strerror or exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UsageError(_("{file}: not valid JSON ({reason})").format(file=shown, reason=safe_text(str(exc), keep_newlines=False))) from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise UsageError(_("{file}: not a gradwork JSON report (version 1, as written by `gradwork check --format json`)").format(file=shown))
    try:
        result = CourseResult.from_dict(data)
        check_types(result)
        return result
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = safe_text(f"{type(exc).__name__}: {exc}", keep_newlines=False)
        raise UsageError(_("{file}: not a gradwork JSON report ({reason})").format(file=shown, reason=detail)) from None


def dispatch(course, args) -> int:
    from .commands import check_output_path, emit

    check_output_path(args.output)
    result = load_report(args.file)
    emit(result, args.format, args.output, detail_for="first", course=course, feedback_level=args.feedback)
    return 0
