"""Grading from Jupyter: ``from graders import check; check("forward_pass")``.

:func:`check` grades like ``gradwork check`` and returns a :class:`Report`
that Jupyter shows as HTML (the same feedback as the terminal: progress, the
exercise list, what failed on which smallest input, the hint, the replay
command). Where the front end shows only text (a terminal IPython, a plain
``python`` prompt, ``print(report)``), it is the terminal report without
colour. The course is found from the notebook's working folder (or
``GRADWORK_COURSE``), as the command line finds it.
"""

from __future__ import annotations

import io
from pathlib import Path

from .course import Course, find_root, load_course
from .i18n import _
from .results import CourseResult


class Report:
    """The outcome of :func:`check`: ``result`` (plain data) and ways to show it."""

    def __init__(self, result: CourseResult, *, course: Course, detail_for: str | None, hints: dict):
        self.result = result
        self.course = course
        self.detail_for = detail_for
        self.hints = hints

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def score(self) -> float:
        return self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score

    def __bool__(self) -> bool:
        return self.passed

    def _repr_html_(self) -> str:
        from .report import html

        return html.render(self.result, detail_for=self.detail_for, title=_(self.course.title), hints=self.hints)

    def text(self, width: int = 100) -> str:
        from .report import terminal

        buffer = io.StringIO()
        # Plain text whatever the environment says: rich would otherwise draw into the
        # notebook itself (force_jupyter) or keep bold and dim (a kernel looks like a terminal).
        out = terminal.console(file=buffer, no_color=True, color_system=None, force_terminal=False, force_jupyter=False, width=width)
        terminal.render(self.result, out=out, detail_for=self.detail_for, title=_(self.course.title), hints=self.hints)
        return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n")

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's text form
        printer.text("Report(...)" if cycle else self.text())


def _course(course) -> Course:
    if course is None:
        return load_course(find_root(Path.cwd()))
    if isinstance(course, Course):
        return course
    return load_course(Path(course))


def check(exercise_id: str | list[str] | None = None, *, target: str | Path | None = None, course: Course | str | Path | None = None,
          lang: str | None = None) -> Report:
    """Grade one exercise (or several, or all when None) and return a :class:`Report`.

    With no id every exercise is graded and the first unfinished one is
    explained, as the bare ``gradwork`` command does. ``target`` grades the
    modules of another folder (``target="solutions"``). Grading your own
    ``exercises/`` updates your progress in ``.gradwork/state.json``. ``lang="ko"``
    speaks Korean (and is remembered, like ``gradwork --lang ko``).
    """
    from .report.shared import chosen_for_detail
    from .session import Session

    from . import i18n

    course = _course(course)
    i18n.choose(course.root, lang, remember=True)  # as on the command line: lang=, $GRADWORK_LANG, the stored choice, ...
    session = Session(course)
    ids = [exercise_id] if isinstance(exercise_id, str) else list(exercise_id or [])
    for each in ids:
        course.get(each)  # an unknown id: CourseError naming the exercises
    if target is None:
        folder = course.exercises_dir
    else:
        folder = Path(target)
        if not folder.is_absolute() and not folder.exists() and (course.root / folder).exists():
            folder = course.root / folder
        if not folder.is_dir():
            raise FileNotFoundError(_("target {target}: no such folder").format(target=target))
    # One process: forking a Jupyter kernel (with its threads) is not safe.
    # The session remembers the grade when it is of the student's own exercises/.
    result = session.grade(ids or None, target=folder, jobs=1)
    detail_for = "first" if not ids else ids[0] if len(ids) == 1 else "all"
    hints = {}
    if session.own_work(folder):  # the tiers the report shows count as seen, as on the command line
        hints = session.report_hints(result, {e.id for e in chosen_for_detail(result, detail_for)})
    return Report(result, course=course, detail_for=detail_for, hints=hints)
