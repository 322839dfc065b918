"""Stubs are generated from the solutions, so they never drift.

In a solution, the model answer sits between ``# BEGIN SOLUTION`` and
``# END SOLUTION``. The stub keeps everything else (imports, signatures,
docstrings) and puts in place of each marked block a TODO naming the
exercise and a ``raise NotImplementedError`` that points at the hint. A
marked block at module level (a solution-only helper) is dropped.
"""

from __future__ import annotations

import re

from ..i18n import _

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
DEF = re.compile(r"^(\s*)def\s+(\w+)\s*\(")


class StubError(ValueError):
    pass


def not_implemented_message(exercise_id: str, function: str) -> str:
    return _("{id}: {function}() is not implemented yet (`gradwork hint {id}` helps)").format(id=exercise_id, function=function)


def make_stub(solution_source: str, exercise_id: str, *, filename: str = "solution", language: str | None = None) -> str:
    """The stub of a solution, in ``language`` (default: the language being spoken).

    Only the docstrings, the TODO line and the NotImplementedError message follow
    the language; the code is the same in every language."""
    from ..i18n import current, speaking

    with speaking(language or current()):
        return _make_stub(solution_source, exercise_id, filename=filename)


def _make_stub(solution_source: str, exercise_id: str, *, filename: str) -> str:
    out: list[str] = []
    function = None
    inside = False
    for number, line in enumerate(solution_source.splitlines(), start=1):
        stripped = line.strip()
        match = DEF.match(line)
        if match and not inside:
            function = match.group(2)
        if stripped == BEGIN:
            if inside:
                raise StubError(f"{filename}:{number}: {BEGIN} inside another solution block")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            if indent and function:
                # TRANSLATORS: keep "TODO({id}):" as it is; editors and the course look for it
                out.append(indent + _("# TODO({id}): implement {function}.").format(id=exercise_id, function=function))
                out.append(f"{indent}raise NotImplementedError({not_implemented_message(exercise_id, function)!r})")
            continue
        if stripped == END:
            if not inside:
                raise StubError(f"{filename}:{number}: {END} without {BEGIN}")
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise StubError(f"{filename}: {BEGIN} is never closed")
    text = "\n".join(out).rstrip() + "\n"
    text = re.sub(r"\n{4,}", "\n\n\n", text)
    from ..i18n.source import translate_docstrings

    return translate_docstrings(text)  # the current language's docstrings (English: unchanged)
