"""The HTML report, for Jupyter: the same feedback as the terminal, inline.

Rendering only: it reads :mod:`graders.results` objects and returns one
self-contained HTML fragment (inline styles, no scripts, no external
resources), so it shows the same in JupyterLab, the classic notebook and VS
Code, in light and dark themes. Every piece of text that can come from the
student's code (messages, calls, values, tracebacks, printed output) is
escaped: a student's ``print("<script>")`` is shown, never run, and control
characters and bidi overrides are shown as visible escapes (``\\x1b``).
"""

from __future__ import annotations

import string
from html import escape

from . import view
from .shared import all_pass, chosen_for_detail, first_unfinished
from ..i18n import N_, page, _
from ..results import ERROR, FAILED, NOT_STARTED, PASSED, SKIPPED, CourseResult, ExerciseResult, PropertyResult
from ..text import safe_text

COLOURS = {PASSED: "#2e9d4f", FAILED: "#d0312d", ERROR: "#b03fb0", NOT_STARTED: "#8a8a8a", SKIPPED: "#8a8a8a"}
MARKS = {PASSED: "✓", FAILED: "✗", ERROR: "!", NOT_STARTED: "·", SKIPPED: "-"}
WORDS = {PASSED: N_("passed"), FAILED: N_("failed"), ERROR: N_("error"), NOT_STARTED: N_("not started"), SKIPPED: N_("skipped")}

MONO = "font-family: SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace; font-size: 0.92em"
PRE = f"{MONO}; margin: 0; padding: 0; background: transparent; white-space: pre-wrap; word-break: break-word"


def _e(value) -> str:
    return escape(safe_text("" if value is None else str(value)), quote=True)


def _html(template: str, **values) -> str:
    """``template`` (already translated), its text escaped, its named placeholders
    filled with ``values``, which are HTML already (e.g. from :func:`_code`)."""
    parts = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        parts.append(_e(literal))
        if name is not None:
            parts.append(values[name])
    return "".join(parts)


def _status(status: str) -> str:
    colour = COLOURS.get(status, "inherit")
    shown = _(WORDS[status]) if status in WORDS else status
    return f'<span style="color: {colour}; font-weight: 600">{_e(shown)}</span>'


def _mark(status: str) -> str:
    colour = COLOURS.get(status, "inherit")
    return f'<span style="color: {colour}; font-weight: 700">{_e(MARKS.get(status, "?"))}</span>'


def _code(text) -> str:
    return f'<code style="{MONO}">{_e(text)}</code>'


def progress(result: CourseResult) -> str:
    done = sum(1 for e in result.exercises if e.status == PASSED)
    total = max(len(result.exercises), 1)
    percent = round(100 * done / total)
    bar = (
        '<div style="display: inline-block; vertical-align: middle; width: 14em; height: 0.7em; '
        'border: 1px solid #8a8a8a; border-radius: 0.35em; overflow: hidden; margin-right: 0.6em">'
        f'<div style="width: {percent}%; height: 100%; background: {COLOURS[PASSED]}"></div></div>'
    )
    counted = _("{done}/{total} exercises · {score:g}/{max_score:g} points").format(done=done, total=len(result.exercises), score=result.score, max_score=result.max_score)
    label = _("Progress")
    text = f"<b>{_e(label)}</b> {_e(counted)}"
    return f'<div class="gradwork-progress" style="margin: 0.3em 0">{bar}{text}</div>'


def exercise_table(result: CourseResult, *, first: str | None = None) -> str:
    rows = []
    for exercise in result.exercises:
        note = exercise.message if exercise.status in (FAILED, ERROR) else ""
        name = f"<b>{_e(exercise.id)}</b>" if exercise.id == first else _e(exercise.id)
        rows.append(
            "<tr>"
            f'<td style="padding: 0.1em 0.6em 0.1em 0">{_mark(exercise.status)}</td>'
            f'<td style="padding: 0.1em 0.8em 0.1em 0; text-align: left">{name}</td>'
            f'<td style="padding: 0.1em 0.8em 0.1em 0; text-align: left">{_status(exercise.status)}</td>'
            f'<td style="padding: 0.1em 0.8em 0.1em 0; text-align: right">{exercise.score:g}/{exercise.max_score:g}</td>'
            f'<td style="padding: 0.1em 0; text-align: left; opacity: 0.75">{_e(note)}</td>'
            "</tr>"
        )
    return f'<table class="gradwork-exercises" style="border-collapse: collapse; margin: 0.3em 0; border: none">{"".join(rows)}</table>'


def _field(label: str, value, *, pre: bool = False, colour: str | None = None) -> str:
    if not value:
        return ""
    style = f"color: {colour}" if colour else ""
    body = f'<pre style="{PRE}">{_e(value)}</pre>' if pre else f'<span style="{style}">{_e(value)}</span>'
    return (
        "<tr>"
        f'<td style="padding: 0.1em 1em 0.1em 0; vertical-align: top; text-align: left; opacity: 0.7; white-space: nowrap">{_e(label)}</td>'
        f'<td style="padding: 0.1em 0; text-align: left">{body}</td>'
        "</tr>"
    )


COLOURED = {"advice": "#b8860b"}


def property_details(prop: PropertyResult, *, replay: str | None = None) -> str:
    return _fields_table(view.failure_fields(prop, replay=replay, screen=True))


def _fields_table(fields: list) -> str:
    rows = [_field(item.heading, item.text, pre=item.kind == "code" or item.label in ("got", "expected", "output"), colour=COLOURED.get(item.kind)) for item in fields]
    return f'<table style="border-collapse: collapse; margin: 0.2em 0 0.6em 1.6em; border: none">{"".join(rows)}</table>'


def exercise_details(exercise: ExerciseResult, *, hint: str | None = None, hint_label: str | None = None) -> str:
    title = _(exercise.title)  # the course's own words: translated where they are shown
    parts = [f'<div style="margin-top: 0.6em"><b>{_e(exercise.id)}</b> — {_e(title)} &nbsp;{_status(exercise.status)}</div>']
    if exercise.status == ERROR:
        parts.append(f'<div style="margin-left: 1.6em; color: {COLOURS[ERROR]}"><pre style="{PRE}">{_e(exercise.message)}</pre></div>')
    elif exercise.status == NOT_STARTED:
        parts.append(
            '<div style="margin-left: 1.6em">'
            + _html(_("Not started yet. Open {file} and replace each {statement}."), file=_code(exercise.file), statement=_code("raise NotImplementedError"))
            + "<br>"
            + _html(_("Read the lesson first: {lesson}."), lesson=_code("docs/" + page(exercise.lesson or "")))
            + "</div>"
        )
    else:
        items = []
        for entry in view.exercise_lines(exercise):
            line = f"{_mark(entry.status)} {_e(entry.text)}"
            if entry.status == NOT_STARTED:
                line += ' <span style="opacity: 0.6">' + _e(_("(not started)")) + "</span>"
            if entry.same_as:
                line += ' <span style="opacity: 0.6">' + _e(_("— same cause as above")) + "</span>"
            if entry.fields:
                line += _fields_table(entry.fields)
            items.append(f'<div style="margin-left: 1.6em">{line}</div>')
        parts.extend(items)
    footer = []
    if exercise.status != PASSED:
        shown = hint or exercise.hint  # the course's own words: translated here, where they are shown
        if shown:
            label = f" {hint_label}" if hint_label else ""
            word, text = _("hint"), _(shown)
            footer.append(f'<div><b style="color: #b8860b">{_e(word)}{_e(label)}</b>: {_e(text)}</div>')
        word = _("next")
        step = _html(_("edit {file} and save, then run this cell again · more hints: {hint_command}"), file=_code(exercise.file), hint_command=_code(f"gradwork hint {exercise.id}"))
        footer.append(f"<div><b>{_e(word)}</b>: {step}</div>")
    if exercise.replay:
        word, note = _("replay"), _("(re-runs exactly this failing case)")
        footer.append(f"<div><b>{_e(word)}</b>: {_code(exercise.replay)} {_e(note)}</div>")
    elif exercise.status == PASSED:
        reference = _html(_("The reference solution: {command}"), command=_code(f"gradwork solution {exercise.id}"))
        footer.append(f"<div>{reference}</div>")
    if footer:
        parts.append(f'<div style="margin: 0.6em 0 0 1.6em">{"".join(footer)}</div>')
    return f'<div class="gradwork-exercise" data-exercise="{_e(exercise.id)}" data-status="{_e(exercise.status)}">{"".join(parts)}</div>'


def render(result: CourseResult, *, detail_for: str | None = "first", title: str = "gradwork", hints: dict | None = None) -> str:
    """The report as an HTML fragment. ``detail_for`` is as in
    :func:`graders.report.terminal.render`: an exercise id, "first", "all" or None."""
    hints = hints or {}
    focus = first_unfinished(result)
    parts = [f'<div style="font-weight: 700; font-size: 1.1em">{_e(title)}</div>', progress(result), exercise_table(result, first=focus.id if focus else None)]
    for exercise in chosen_for_detail(result, detail_for):
        hint, label = hints.get(exercise.id, (None, None))
        parts.append(exercise_details(exercise, hint=hint, hint_label=label))
    if result.passed:
        parts.append(f'<div style="margin-top: 0.6em; color: {COLOURS[PASSED]}; font-weight: 700">{_e(all_pass(len(result.exercises)))}</div>')
    return f'<div class="gradwork-report" style="line-height: 1.45; text-align: left">{"".join(parts)}</div>'
