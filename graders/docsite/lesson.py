"""The generated parts of a lesson page, and the markers that place them.

A lesson is hand-written Markdown. Lines that hold only a marker comment are
replaced at build time (markers inside fenced code are left alone, so they
can be documented):

``<!-- gradwork:card -->``
    the exercise card: the student's file (``exercises/<id>.py`` in their
    own clone, with a button that copies the path; the site publishes no copy
    of the stub, which would not be the file they edit), functions, points,
    the commands to run.
``<!-- gradwork:task -->``
    "Your task": every function named in course.toml, its signature and
    docstring read with :mod:`ast` from the stub ``exercises/<id>.py``.
``<!-- gradwork:hints -->``
    the hint tiers from course.toml, folded.
``<!-- gradwork:mistakes -->``
    the known mistakes of ``graders/mistakes/<id>.py``: title and advice.
``<!-- gradwork:run [ID] -->``
    put right above a fenced ``python`` block: the block is run when the site
    is built, with the names of ``solutions/<ID>.py`` (and ``np``) in scope,
    and what it prints is shown below it. A stated output is a computed one.
``<!-- gradwork:course -->``
    a table of every exercise in course order, linked to its lesson.

An exercise's lesson that leaves out card, task, hints or mistakes gets them
anyway: the card after the first heading, the rest at the end, in that order.
Every problem (a missing stub, a function course.toml names but the stub
lacks, an example that raises) is returned as a message for the build log
(fatal under ``mkdocs build --strict``) and shown on the page as a failure.
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import posixpath
import re
import textwrap
import traceback
from dataclasses import dataclass, field

from ..course import Course, Exercise
from ..engine import loading, variants
from ..i18n import N_, _, ngettext
from ..i18n.source import translate_docstrings

MARKER = re.compile(r"^(?P<indent>[ \t]*)<!--\s*gradwork:(?P<name>[a-z-]+)(?:[ \t]+(?P<arg>[^\s]+))?\s*-->[ \t]*$")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
SECTIONS = ("card", "task", "hints", "mistakes")
TIER_NAMES = {3: (N_("a nudge"), N_("the idea"), N_("nearly the answer"))}


class LessonError(Exception):
    """A generated section cannot be made; the message says what to fix."""


@dataclass
class Expansion:
    markdown: str
    problems: list[str] = field(default_factory=list)


# -- reading the stub ---------------------------------------------------------
@dataclass(frozen=True)
class FunctionDoc:
    name: str
    source: str  # the def line(s) and the docstring, exactly as in the stub
    vectorised: bool


def stub_functions(course: Course, exercise: Exercise) -> list[FunctionDoc]:
    """Each function course.toml lists, with its signature and docstring from the stub."""
    path = course.stub_path(exercise)
    shown = course.display(path)
    if not path.is_file():
        raise LessonError(
            f"the task section of {exercise.id} is read from its stub {shown}, which does not exist yet "
            f"(write {course.display(course.solution_path(exercise))} with # BEGIN SOLUTION / # END SOLUTION "
            f"markers, then run `gradwork dev stubs {exercise.id}`)"
        )
    text = translate_docstrings(path.read_text(encoding="utf-8"))  # the page's language (a Korean page shows Korean docstrings)
    try:
        tree = ast.parse(text, filename=shown)
    except SyntaxError as exc:
        raise LessonError(f"{shown} line {exc.lineno}: {exc.msg}; the task section is read from it") from None
    defs = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    missing = [name for name in exercise.functions if name not in defs]
    if missing:
        names = ", ".join(f"{name}()" for name in missing)
        raise LessonError(f"course.toml lists {names} for {exercise.id}, but {shown} does not define it (run `gradwork dev stubs {exercise.id}`)")
    lines = text.splitlines()
    found = []
    for name in exercise.functions:
        node = defs[name]
        if ast.get_docstring(node) is None:
            raise LessonError(f"{shown}: {name}() has no docstring; the lesson shows the docstring as the task, so write one")
        first, last = node.lineno, node.body[0].end_lineno
        source = textwrap.dedent("\n".join(lines[first - 1 : last]))
        found.append(FunctionDoc(name, source, name in exercise.vectorised))
    return found


# -- text helpers ---------------------------------------------------------------
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def inline(text: str) -> str:
    """Plain text (a hint, a mistake's advice) made safe as Markdown; `code` spans kept."""
    out, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\*\[\]$])", r"\\\1", text)


def indent(block: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in block.splitlines())


def relative(target: str, page_src: str) -> str:
    """A link from the page at ``page_src`` (docs-relative) to ``target`` (docs-relative)."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def your_file(path: str) -> str:
    """The student's file as inline code that copies its path when clicked.

    A static site cannot link to a file in the student's clone, and a link to a
    copy on the site would open the untouched stub, not their work. Material's
    clipboard handler takes any element with ``data-clipboard-text``."""
    escaped = html.escape(path, quote=True)
    tip = _("Copy the path: the file is in your copy of the course")
    return (
        f'<button type="button" class="md-clipboard--inline gw-path" data-clipboard-text="{escaped}" '
        f'title="{html.escape(tip, quote=True)}">'
        f"<code>{escaped}</code></button>"
    )


def fence_for(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    return "`" * max(3, longest + 1)


def without_code(markdown: str) -> str:
    """The Markdown with fenced blocks and `code spans` blanked (for scanning prose)."""
    out, fence = [], None
    for line in markdown.splitlines():
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening.group("fence")[0] == fence[0] and len(opening.group("fence")) >= len(fence) and not opening.group("info").strip():
                fence = None
            out.append("")
        elif opening:
            fence = opening.group("fence")
            out.append("")
        else:
            out.append(_CODE_SPAN.sub("", line))
    return "\n".join(out)


FIGURE_LINK = re.compile(r"""(?:\]\(|src=["'])(?:\.\./)*figures/([a-z0-9][a-z0-9_-]*)\.svg""")


def figures_used(markdown: str) -> list[str]:
    """The figures a page links as images, ``![...](../figures/NAME.svg)``, outside code."""
    return FIGURE_LINK.findall(without_code(markdown))


# -- the generated sections ---------------------------------------------------
GLOSSARY = "glossary.md"


def card(course: Course, exercise: Exercise, page_src: str | None = None) -> str:
    number = course.ids().index(exercise.id) + 1
    total = len(course.exercises)
    points = f"{exercise.points:g}"
    functions = ", ".join(f"`{name}`" for name in exercise.functions)
    heading = _("Exercise {number} of {total}: {id} · {points} points").format(number=number, total=total, id=exercise.id, points=points)
    lines = [
        f'!!! example "{heading}"',
        "",
        f"    {inline(_(exercise.summary))}" if exercise.summary else "",
        "",
        "    " + _("**Your file:** {file} in your copy of the course: fill in {functions} ([the task](#your-task)). To start it over, "
                  "`gradwork reset {id}` puts the untouched stub back (your version is backed up first).").format(
            file=your_file(f"exercises/{exercise.id}.py"), functions=functions, id=exercise.id),
        "",
        *(["    " + _("Every term is defined in the [glossary]({link}), with its Korean and English names.").format(link=relative(GLOSSARY, page_src or exercise.lesson)), ""]
          if (course.docs_dir / GLOSSARY).is_file() else []),
        "    ```console",
        f"    $ gradwork check {exercise.id}    # " + _("grade this exercise"),
        f"    $ gradwork hint {exercise.id}     # " + _("stuck? the next hint, one at a time"),
        "    ```",
    ]
    return "\n".join(line for line in lines if line is not None)


def task(course: Course, exercise: Exercise, page_src: str) -> str:
    functions = stub_functions(course, exercise)
    stub = f"exercises/{exercise.id}.py"
    words = {2: N_("two"), 3: N_("three"), 4: N_("four"), 5: N_("five"), 6: N_("six"), 7: N_("seven"), 8: N_("eight"), 9: N_("nine")}
    n = len(functions)
    count = ngettext("the function", "the {count} functions", n).format(count=_(words[n]) if n in words else n)
    parts = [
        "## " + _("Your task") + " { #your-task }",
        "",
        _("Fill in {count} of `{stub}` in your copy of the course. Each signature and "
          "docstring below is read from that file when this page is built, so it is exactly what your editor "
          "shows; the docstring is the contract the grader tests. Replace each `raise NotImplementedError(...)` "
          "with your code, then run `gradwork check {id}`.").format(count=count, stub=stub, id=exercise.id),
    ]
    if exercise.vectorised:
        parts += [
            "",
            _("Functions marked **vectorised** must work on whole arrays: the grader rejects any Python-level "
              "loop over the data in them (`for`, `while`, comprehensions, `map`, `np.vectorize`, `np.apply_along_axis`)."),
        ]
    for doc in functions:
        fence = fence_for(doc.source)
        parts += ["", f"### `{doc.name}`", ""]
        if doc.vectorised:
            badge = _("vectorised")
            parts += [f'<span class="gw-badge">{badge}</span>', ""]
        parts += [f"{fence}{{.python .gw-signature}}", doc.source, fence]
    return "\n".join(parts)


def hints(exercise: Exercise) -> str:
    parts = ["## " + _("Hints") + " { #hints }", ""]
    if not exercise.hints:
        parts.append(_("This exercise has no hints."))
        return "\n".join(parts)
    parts += [
        _("Give the task a real try first. In the terminal, `gradwork hint {id}` shows these "
          "one at a time; here they are all, folded. Open only the one you need.").format(id=exercise.id),
    ]
    names = TIER_NAMES.get(len(exercise.hints))
    for number, hint in enumerate(exercise.hints, start=1):
        if names:
            label = _("Hint {number} of {total}: {name}").format(number=number, total=len(exercise.hints), name=_(names[number - 1]))
        else:
            label = _("Hint {number} of {total}").format(number=number, total=len(exercise.hints))
        parts += ["", f'??? tip "{label}"', "", indent(inline(_(hint)), "    ")]
    return "\n".join(parts)


def load_mistakes(course: Course, exercise: Exercise) -> list[variants.Variant] | None:
    try:
        module = loading.load_optional("mistakes", course.mistakes_dir, exercise.id)
    except loading.GraderError as exc:
        raise LessonError(str(exc)) from None
    if module is None:
        return None
    return [v for v in variants.collect(module) if v.kind == "mistake"]


def mistakes(course: Course, exercise: Exercise) -> str:
    bank = load_mistakes(course, exercise)
    path = course.display(course.mistakes_path(exercise))
    if bank is None:
        raise LessonError(f"the common-mistakes section of {exercise.id} is read from {path}, which does not exist yet")
    parts = [
        "## " + _("Common mistakes") + " { #common-mistakes }",
        "",
        _("These are the wrong answers the grader knows by name. When your function behaves exactly like one of "
          "them, the feedback says so (`diagnosis: looks like …`) and gives the fix below."),
    ]
    if not bank:
        parts += ["", _("None are catalogued yet (add them to `{path}`).").format(path=path)]
    order = {name: index for index, name in enumerate(exercise.functions)}
    grouped: dict[str, list[variants.Variant]] = {}
    for variant in sorted(bank, key=lambda v: order.get(v.replaces, len(order))):
        grouped.setdefault(variant.replaces, []).append(variant)
    for function, group in grouped.items():
        parts += ["", f"**`{function}`**", ""]
        for variant in group:
            parts.append(f"- **{inline(_(variant.title))}.** {inline(_(variant.advice))}")
    return "\n".join(parts)


def course_table(course: Course, page_src: str) -> str:
    rows = ["| # | " + _("Lesson") + " | " + _("What you build") + " | " + _("Points") + " |", "| ---: | --- | --- | ---: |"]
    for number, exercise in enumerate(course.exercises, start=1):
        link = relative(exercise.lesson, page_src)
        rows.append(f"| {number} | [{inline(_(exercise.title))}]({link}) | {inline(_(exercise.summary))} | {exercise.points:g} |")
    return "\n".join(rows)


# -- worked examples ---------------------------------------------------------
def example_namespace(course: Course, exercise_id: str | None) -> dict:
    import numpy as np

    namespace = {"__name__": "__gradwork_example__", "np": np}
    if exercise_id:
        try:
            exercise = course.get(exercise_id)
        except Exception as exc:
            raise LessonError(str(exc)) from None
        try:
            module = loading.load("solutions", course.solutions_dir, exercise.id)
        except loading.GraderError as exc:
            raise LessonError(f"the worked example runs against the reference solution: {exc}") from None
        namespace.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    return namespace


def run_example(code: str, namespace: dict) -> str:
    import numpy as np

    out = io.StringIO()
    with contextlib.redirect_stdout(out), np.printoptions(precision=8, linewidth=72, suppress=False):
        exec(compile(code, "<worked example>", "exec"), namespace)
    return out.getvalue().rstrip()


def failure_box(title: str, detail: str, prefix: str = "") -> str:
    fence = fence_for(detail)
    body = f'!!! failure "{title}"\n\n    {fence}text\n{indent(detail, "    ")}\n    {fence}'
    return indent(body, prefix)


# -- the expansion ---------------------------------------------------------------
def expand(markdown: str, course: Course, page_src: str, *, stub_link: bool = True) -> Expansion:
    """Replace the markers of one page; for an exercise's lesson, add missing sections.

    ``stub_link`` is accepted for older callers and ignored: no page links to a
    copy of the stub any more (see :func:`your_file`)."""
    exercise = next((e for e in course.exercises if e.lesson == page_src), None)
    result = Expansion("")
    lines = markdown.splitlines()
    out: list[str] = []
    seen: set[str] = set()

    def section(name: str, prefix: str = "") -> str:
        try:
            if name == "card":
                text = card(course, exercise, page_src)
            elif name == "task":
                text = task(course, exercise, page_src)
            elif name == "hints":
                text = hints(exercise)
            else:
                text = mistakes(course, exercise)
        except LessonError as exc:
            result.problems.append(str(exc))
            heading = {"task": "## " + _("Your task") + " { #your-task }", "hints": "## " + _("Hints") + " { #hints }",
                       "mistakes": "## " + _("Common mistakes") + " { #common-mistakes }"}.get(name, "")
            text = (heading + "\n\n" if heading else "") + failure_box(_("The {name} section could not be built").format(name=name), str(exc))
        return indent(text, prefix)

    fence = None
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        opening = FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opening and opening.group("fence")[0] == fence[0] and len(opening.group("fence")) >= len(fence) and not opening.group("info").strip():
                fence = None
            continue
        if opening:
            fence = opening.group("fence")
            out.append(line)
            continue
        marker = MARKER.match(line)
        if not marker:
            out.append(line)
            continue
        name, arg, prefix = marker.group("name"), marker.group("arg"), marker.group("indent")
        where = f"line {index}"
        if name in SECTIONS:
            if exercise is None:
                result.problems.append(f"{where}: <!-- gradwork:{name} --> belongs in an exercise's lesson (the page course.toml names as its lesson)")
                continue
            seen.add(name)
            out.append(section(name, prefix))
        elif name == "course":
            out.append(indent(course_table(course, page_src), prefix))
        elif name == "run":
            block = FENCE.match(lines[index]) if index < len(lines) else None
            if not block or not block.group("info").strip().startswith("python"):
                result.problems.append(f"{where}: <!-- gradwork:run --> must stand right above a ```python block")
                continue
            start = index
            close = block.group("fence")
            index += 1
            while index < len(lines) and lines[index].strip() != close:
                index += 1
            code_lines = lines[start + 1 : index]
            block_lines = lines[start : index + 1]
            index += 1
            out.extend(block_lines)
            code = textwrap.dedent("\n".join(code_lines))
            try:
                output = run_example(code, example_namespace(course, arg))
            except LessonError as exc:
                result.problems.append(f"{where}: {exc}")
                out.extend(["", failure_box(_("This worked example could not run when the page was built"), str(exc), prefix)])
                continue
            except BaseException as exc:  # noqa: BLE001 - any failure of lesson code fails the build
                detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-4)).rstrip()
                result.problems.append(f"{where}: the worked example raised {type(exc).__name__}: {exc}")
                out.extend(["", failure_box(_("This worked example failed when the page was built"), detail, prefix)])
                continue
            if output:
                fence_out = fence_for(output)
                label = _("Output")  # the title of a worked example's printed output
                out.extend(["", indent(f'{fence_out}text title="{label}"\n{output}\n{fence_out}', prefix)])
        else:
            result.problems.append(f"{where}: unknown marker <!-- gradwork:{name} --> (known: {', '.join(SECTIONS + ('run', 'course'))})")
            out.append(line)

    if exercise is not None:
        if "card" not in seen:
            heading = next((i for i, text in enumerate(out) if text.startswith("# ")), None)
            if heading is None:
                out[:0] = [f"# {_(exercise.title)}", ""]
                heading = 0
            out[heading + 1 : heading + 1] = ["", section("card")]
        for name in SECTIONS[1:]:
            if name not in seen:
                out += ["", section(name)]
    result.markdown = "\n".join(out) + "\n"
    return result
