"""The terminal report: a progress bar, one line per exercise, and the details
of one exercise's failures written in the student's terms.

Rendering only: it reads :mod:`graders.results` objects and prints them.
rich's ``Text`` parses no markup, but it passes ESC and most control characters
through to the terminal, so each public function first takes a copy of its
results with every string made safe (:func:`graders.text.safe_data`): escape
sequences in student output are shown as ``\\x1b[2J``, not obeyed.
"""

from __future__ import annotations

import io
import os
import string
import sys

from rich.console import Console, Group
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from . import view
from .shared import all_pass, chosen_for_detail, first_unfinished
from ..i18n import N_, page, _
from ..results import ERROR, FAILED, NOT_STARTED, PASSED, SKIPPED, CourseResult, ExerciseResult, PropertyResult
from ..text import safe_data

MARKS = {
    PASSED: ("✓", "green"),
    FAILED: ("✗", "red"),
    ERROR: ("!", "magenta"),
    NOT_STARTED: ("·", "dim"),
    SKIPPED: ("-", "dim"),
}
# Status labels (English keys; translate where shown: word()).
WORDS = {PASSED: N_("passed"), FAILED: N_("failed"), ERROR: N_("error"), NOT_STARTED: N_("not started"), SKIPPED: N_("skipped")}


def word(status: str) -> str:
    """A status as the reader sees it: its label, translated (an unknown status as it is)."""
    return _(WORDS[status]) if status in WORDS else status


def styled(template: str, style: str = "", **values) -> Text:
    """``template`` (already translated) with its named placeholders filled in, each
    value a string or a ``(text, style)`` pair: one sentence, with parts in their own
    style, whose words a translation may put in any order. Literal text gets ``style``."""
    text = Text(style=style)
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if literal:
            text.append(literal)
        if name is None:
            continue
        value = values[name]
        value, part_style = value if isinstance(value, tuple) else (value, "")
        if conversion == "r":
            value = repr(value)
        text.append(format(value, spec) if spec else str(value), style=part_style or None)
    return text


def _width() -> int | None:
    """Columns to wrap at: COLUMNS, else the terminal the user is looking at (even
    when standard output is a pipe into less), else None (rich's default)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return None


class _NoTrailingSpaces(io.TextIOBase):
    """A file that drops the spaces rich pads each line with: piped output holds
    only what is written, so `gradwork | less` or a saved log is not 120 columns of
    blanks."""

    def __init__(self, file):
        self.file = file
        self.pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.file.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.file.write(self.pending.rstrip(" "))
            self.pending = ""
        self.file.flush()


def console(**kwargs) -> Console:
    """A console for reports. On a terminal rich sizes and colours it (NO_COLOR is
    respected); piped or captured, it wraps at the user's terminal width (or
    COLUMNS, or 100) and writes no padding."""
    file = kwargs.pop("file", None) or sys.stdout
    probe = Console(file=file)
    if not probe.is_terminal:
        kwargs.setdefault("width", _width() or 100)
        file = _NoTrailingSpaces(file)
    if os.environ.get("NO_COLOR"):
        kwargs.setdefault("no_color", True)
    return Console(file=file, highlight=False, soft_wrap=False, **kwargs)


def mark(status: str) -> Text:
    symbol, style = MARKS.get(status, ("?", ""))
    return Text(symbol, style=f"bold {style}")


class _Bar:
    """rich's bar in colour; without colour (a pipe, a file, NO_COLOR) rich leaves
    the unfinished part blank, so draw ``[####------]`` instead."""

    def __init__(self, completed: int, total: int, width: int = 30):
        self.completed, self.total, self.width = completed, max(total, 1), width

    def __rich_console__(self, console, options):
        if console.no_color or console.color_system is None:
            filled = round(self.width * self.completed / self.total)
            yield Text("[" + "#" * filled + "-" * (self.width - filled) + "]")
        else:
            yield ProgressBar(total=self.total, completed=self.completed, width=self.width, complete_style="green", finished_style="green")

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        width = self.width + (2 if console.no_color or console.color_system is None else 0)
        return Measurement(width, width)


def progress(result: CourseResult, total_exercises: int | None = None) -> Table:
    done = sum(1 for e in result.exercises if e.status == PASSED)
    total = total_exercises or len(result.exercises)
    line = Text.assemble(
        (_("Progress") + " ", "bold"),
        _("{done}/{total} exercises · {score:g}/{max_score:g} points").format(done=done, total=total, score=result.score, max_score=result.max_score),
    )
    table = Table.grid(padding=(0, 1))
    table.add_row(_Bar(done, total), line)
    return table


def exercise_table(result: CourseResult, *, first: str | None = None) -> Table:
    result = safe_data(result)
    table = Table.grid(padding=(0, 2))
    for exercise in result.exercises:
        symbol = mark(exercise.status)
        status = Text(word(exercise.status), style=MARKS.get(exercise.status, ("", ""))[1])
        score = Text(f"{exercise.score:g}/{exercise.max_score:g}", style="dim" if exercise.status != PASSED else "")
        note = Text(exercise.message if exercise.status in (FAILED, ERROR) else "", style="dim", overflow="ellipsis", no_wrap=True)
        name = Text(exercise.id, style="bold" if exercise.id == first else "")
        table.add_row(symbol, name, status, score, note)
    return table


STYLES = {"advice": "yellow", "code": "cyan", "text": ""}


def property_details(prop: PropertyResult, *, replay: str | None = None) -> Table:
    """One failure: the view's fields as a two-column grid (wrapped lines keep their indent)."""
    prop, replay = safe_data((prop, replay))
    return _fields_table(view.failure_fields(prop, replay=replay, screen=True))


def _fields_table(fields: list) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(min_width=9, no_wrap=True)
    table.add_column(overflow="fold")
    for item in fields:
        table.add_row(Text(item.heading, style="dim"), Text(item.text, style=STYLES[item.kind]))
    return table


def exercise_details(exercise: ExerciseResult, *, hint: str | None = None, hint_label: str | None = None, next_step: Text | None = None) -> Group:
    """One exercise in detail. ``next_step`` replaces the closing "next: ..." line
    (watch says "save it", not "run gradwork again")."""
    # The course's own words (the title, the hint) are translated here, where they are shown.
    hint = hint or exercise.hint
    title, hint = _(exercise.title), (_(hint) if hint else "")
    exercise, title, hint, hint_label = safe_data((exercise, title, hint, hint_label))
    parts = [Text.assemble((f"{exercise.id}", "bold"), " — ", title, "  ", (word(exercise.status), MARKS.get(exercise.status, ("", ""))[1]))]
    if exercise.status == ERROR:
        parts.append(Padding(Text(exercise.message, style="magenta"), (0, 0, 0, 2)))
    elif exercise.status == NOT_STARTED:
        parts.append(
            Padding(
                Text.assemble(
                    styled(_("Not started yet. Open {file} and replace each {statement}."), file=(exercise.file or "", "cyan"), statement=("raise NotImplementedError", "bold")),
                    "\n",
                    styled(_("Read the lesson first: {lesson} (or {command} for the site)."), lesson=(f"docs/{page(exercise.lesson)}", "cyan"), command=("gradwork docs", "bold")),
                ),
                (0, 0, 0, 2),
            )
        )
    else:
        for line in view.exercise_lines(exercise):
            text = Text(line.text, style="" if line.prop else "dim")
            if line.status == NOT_STARTED:
                text.append("  " + _("(not started)"), style="dim")
            if line.same_as:
                text.append("  " + _("— same cause as above"), style="dim")
            # A grid, so that a long name wraps under itself, not under the mark.
            row = Table.grid(padding=(0, 1))
            row.add_column(no_wrap=True)
            # fold: with the default (ellipsis), a double-width word that ends exactly at
            # the edge is cut ("모 …") instead of going to the next line
            row.add_column(overflow="fold")
            row.add_row(mark(line.status), text)
            parts.append(Padding(row, (0, 0, 0, 2)))
            if line.fields:
                parts.append(Padding(_fields_table(line.fields), (0, 0, 1, 4)))
    footer = []
    if exercise.status != PASSED:
        if hint:
            # TRANSLATORS: the label before a hint's text ("hint 1 of 3: ...")
            footer.append(Text.assemble((_("hint"), "bold yellow"), f"{' ' + hint_label if hint_label else ''}: ", hint))
        footer.append(next_step or Text.assemble(
            # TRANSLATORS: the label of the closing line that says what to do next
            (_("next"), "bold"), ": ",
            styled(_("edit {file}, then run {command} again · more hints: {hint_command}"),
                   file=(exercise.file or f"{exercise.id}.py", "cyan"), command=("gradwork", "bold"), hint_command=(f"gradwork hint {exercise.id}", "bold")),
        ))
    if exercise.replay:
        footer.append(Text.assemble((_("replay"), "bold"), ": ", (exercise.replay, "cyan"), "  " + _("(re-runs exactly this failing case)")))
    if footer:
        parts.append(Padding(Group(*footer), (1, 0, 0, 2)))
    return Group(*parts)


def render(result: CourseResult, *, out: Console | None = None, detail_for: str | None = "first", title: str = "gradwork", hints: dict | None = None) -> None:
    """Print the course report. ``detail_for`` is an exercise id, "first" (the
    first unfinished exercise), "all" (every unfinished one) or None."""
    out = out or console()
    result, title, hints = safe_data((result, title, hints or {}))
    out.print(Text(title, style="bold"))
    if len(result.exercises) > 1 and all(e.status == NOT_STARTED for e in result.exercises):
        out.print(Text(
            _("Welcome! {count} exercises, to do in order. For each: read its lesson, fill in its file, "
              "run gradwork (or leave `gradwork watch` running) and follow the feedback.").format(count=len(result.exercises)),
            style="italic",
        ))
    out.print(progress(result))
    out.print()
    focus = first_unfinished(result)
    out.print(exercise_table(result, first=focus.id if focus else None))
    out.print()
    for exercise in chosen_for_detail(result, detail_for):
        hint, label = hints.get(exercise.id, (None, None))
        out.print(exercise_details(exercise, hint=hint, hint_label=label))
        out.print()
    if result.passed:
        out.print(Text(f"{all_pass(len(result.exercises))}", style="bold green"))
