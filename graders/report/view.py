"""The one view of a result: what a report says about each failure, and in what order.

The engine's :class:`~graders.results.PropertyResult` is the data; this module
decides what a student reads from it — the labelled fields of one failure
(:func:`failure_fields`), which failures are explained in full and which are
listed in one line because an earlier one has the same cause
(:func:`exercise_lines`), and how long a value may be on a screen. The
terminal, HTML, Markdown, JUnit and Gradescope renderers only style this view;
none of them chooses fields or order on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import DEFAULT, N_, current, ngettext, _
from ..results import ERROR, FAILED, PASSED, SKIPPED, ExerciseResult, PropertyResult

# Labels, in the order a failure is read: what went wrong, on which call, what
# came back and what was expected, where, then why (the named mistake) and what
# to do, then the student's own code and output, then how to re-run it.
# A field's label is its key (kind, order and the renderers' choices read it);
# Field.heading is the label as the reader sees it, translated.
# TRANSLATORS: the labels of a failure's fields, shown in a column before each value.
ORDER = (N_("problem"), N_("call"), N_("got"), N_("expected"), N_("where"), N_("diagnosis"), N_("fix"), N_("your code"), N_("output"), N_("replay"))
ADVICE = {"diagnosis", "fix"}
CODE = {"call", "your code", "replay"}

# On a screen a value gets a few lines at most (the JSON report keeps it whole):
# the first failure must fit in 24 rows at 80 columns.
SCREEN_VALUE = 230
SCREEN_FRAMES = 2
SCREEN_OUTPUT_LINES = 4


@dataclass
class Field:
    label: str
    text: str

    @property
    def heading(self) -> str:
        """The label as the reader sees it (``label`` stays the English key)."""
        return _(self.label)

    @property
    def kind(self) -> str:
        return "advice" if self.label in ADVICE else "code" if self.label in CODE else "text"


@dataclass
class Line:
    """One line of an exercise's details: a property, or a summary of several."""

    prop: PropertyResult | None
    fields: list[Field] = field(default_factory=list)  # empty unless explained here in full
    same_as: str | None = None  # the property above that explains the same cause
    status: str = ""  # the mark of a summary line
    text: str = ""  # a summary line's words

    def __post_init__(self):
        if self.prop is not None:
            self.status, self.text = self.prop.status, self.prop.name


def _says_expected(summary: str, expected: str) -> bool:
    """Whether the one-line message already states the expected value ("...; expected 17.5").

    English words it "expected X"; another language puts the value elsewhere in the
    sentence ("기대값은 X입니다"), so there the value itself is looked for."""
    if f"expected {expected}" in summary:
        return True
    return current() != DEFAULT and f" {expected}" in summary


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 6].rstrip() + " …" + text[-3:] if text.endswith((")", "]", "}")) else text[: limit - 2].rstrip() + " …"


def _diagnosis(prop: PropertyResult) -> str | None:
    """The named mistake, and its advice when there is some (the result holds them as shown)."""
    if not prop.diagnosis:
        return None
    if prop.diagnosis.advice:
        return _("looks like {title} — {advice}").format(title=prop.diagnosis.title, advice=prop.diagnosis.advice)
    return _("looks like {title}").format(title=prop.diagnosis.title)


def failure_fields(prop: PropertyResult, *, replay: str | None = None, screen: bool = False) -> list[Field]:
    """The labelled fields of one failure, in :data:`ORDER`. ``screen=True`` shortens
    long values, tracebacks and output for a terminal or a notebook."""
    # What the message already says is not said again below it ("the result is 6.25;
    # expected 17.5" needs no got/expected lines).
    summary = (prop.message or "").split(" → ", 1)[-1]
    values = {
        "problem": prop.message,
        # The call only when the message does not already start with it.
        "call": prop.call if prop.call and not (prop.message or "").startswith(prop.call) else None,
        "got": prop.got if not (prop.got and f" {prop.got}" in summary) else None,
        "expected": prop.expected if not (prop.expected and _says_expected(summary, prop.expected)) else None,
        "where": prop.detail,
        "diagnosis": _diagnosis(prop),
        "fix": prop.advice,
        "your code": "\n".join(prop.traceback[-SCREEN_FRAMES:] if screen else prop.traceback) or None,
        "output": prop.output,
        "replay": replay,
    }
    if screen:
        for label in ("problem", "call", "got", "expected"):
            if values[label]:
                values[label] = _clip(values[label], SCREEN_VALUE * (2 if label == "problem" else 1))
        problem = prop.message or ""
        if prop.call and problem.startswith(prop.call) and len(problem) > 2 * SCREEN_VALUE:
            # The call is shortened, never what became of it ("… timed out: did not finish
            # within 3 s"): clipped as a whole, a long call left only its own first part.
            rest = _clip(problem[len(prop.call):], SCREEN_VALUE)
            values["problem"] = _clip(prop.call, 2 * SCREEN_VALUE - len(rest)) + rest
        if values["output"]:
            lines = values["output"].splitlines()
            if len(lines) > SCREEN_OUTPUT_LINES:
                more = _("… ({count} more lines)").format(count=len(lines) - SCREEN_OUTPUT_LINES)
                values["output"] = "\n".join(lines[:SCREEN_OUTPUT_LINES] + [more])
    return [Field(label, values[label]) for label in ORDER if values[label]]


def failure_text(prop: PropertyResult) -> str:
    """A failure as plain text lines (Gradescope, JUnit): the same fields, unshortened."""
    lines = []
    for item in failure_fields(prop):
        if item.label == "problem":
            lines.append(item.text)
        elif item.label == "your code":
            lines.extend(f"  {frame}" for frame in item.text.splitlines())
        elif item.label == "output":
            lines.append(f"{item.heading}:\n{item.text}")
        else:
            lines.append(f"{item.heading}: {item.text}")
    return "\n".join(lines)


def _names(functions: list[str]) -> str:
    unique = list(dict.fromkeys(functions))
    return ", ".join(unique[:4]) + (", …" if len(unique) > 4 else "")


def exercise_lines(exercise: ExerciseResult) -> list[Line]:
    """An exercise's properties, each failure explained once: a failure whose
    cause (named mistake, error, kind of wrong answer from the same function) an
    earlier failure already explained gets one line pointing at it. When something
    fails, the properties that hold (and the rules still waiting for them) are
    summed up in one line each, so the first failure is near the top."""
    lines = []
    explained: dict[str, str] = {}
    failing = any(p.status in (FAILED, ERROR) for p in exercise.properties)
    held = [p for p in exercise.properties if p.status == PASSED]
    waiting = [p for p in exercise.properties if p.status == SKIPPED]
    for prop in exercise.properties:
        if failing and prop.status in (PASSED, SKIPPED):
            continue
        if prop.status not in (FAILED, ERROR):
            lines.append(Line(prop))
            continue
        if prop.cause and prop.cause in explained:
            lines.append(Line(prop, same_as=explained[prop.cause]))
            continue
        if prop.cause:
            explained[prop.cause] = prop.name
        # The footer gives the first failure's replay; the others carry their own.
        replay = prop.replay if prop is not exercise.first_failure else None
        lines.append(Line(prop, failure_fields(prop, replay=replay, screen=True)))
    if failing and held:
        # Named only the functions none of whose properties fail: "✓ and 15 more hold
        # (normal_init, ...)" under a failing normal_init would read as "normal_init holds".
        wrong = {p.function for p in exercise.properties if p.status in (FAILED, ERROR)}
        sound = [p.function for p in held if p.function not in wrong]
        if sound:
            text = ngettext("and {count} more holds ({functions})", "and {count} more hold ({functions})", len(held))
        else:
            text = ngettext("and {count} more holds", "and {count} more hold", len(held))
        lines.append(Line(None, status=PASSED, text=text.format(count=len(held), functions=_names(sound))))
    if failing and waiting:
        several = len({p.function for p in waiting}) > 1
        if any(p.kind != "rule" for p in waiting):  # a law (prop(law=True)) waits too
            if several:
                text = _("{count} more count once {functions} are right")
            else:
                text = ngettext("{count} more counts once {functions} is right", "{count} more count once {functions} is right", len(waiting))
        elif several:  # several functions: several rules too
            text = _("{count} rules count once {functions} are right")
        else:
            text = ngettext("{count} rule counts once {functions} is right", "{count} rules count once {functions} is right", len(waiting))
        lines.append(Line(None, status=SKIPPED, text=text.format(count=len(waiting), functions=_names([p.function for p in waiting]))))
    return lines
