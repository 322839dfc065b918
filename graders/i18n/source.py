"""Python source in another language: the same code, its docstrings translated.

A stub's docstrings are the exercise's contract; a Korean student edition
(``gradwork release --lang ko``) and the Korean lesson pages show them in
Korean. Only docstrings change: every name, signature, doctest line and line
of code stays as it is, so the grader sees the same functions. A docstring is
looked up by its ``inspect.cleandoc`` text (see :mod:`graders.i18n.catalog`),
so one written differently from the catalogue's is left in English.
"""

from __future__ import annotations

import ast
import inspect

from . import _


def _literal(original: str, text: str, indent: str) -> str:
    """A triple-quoted literal for ``text`` in the style of ``original`` (prefix, quotes, layout)."""
    prefix = ""
    body = original
    while body and body[0] in "rRuU":
        prefix, body = prefix + body[0], body[1:]
    quote = body[:3] if body[:3] in ('"""', "'''") else '"""'
    lines = text.split("\n")
    if "\\" in text and "r" not in prefix.lower():
        lines = [line.replace("\\", "\\\\") for line in lines]
    if len(lines) == 1:
        return f"{prefix}{quote}{lines[0]}{quote}"
    inner = [lines[0]] + [(indent + line) if line.strip() else "" for line in lines[1:]]
    return f"{prefix}{quote}" + "\n".join(inner) + f"\n{indent}{quote}"


def docstring_literals(tree: ast.AST):
    """The string constant of the module's, each class's and each function's docstring."""
    for node in ast.walk(tree):  # the module itself comes first
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                yield body[0].value


def translate_docstrings(source: str) -> str:
    """``source`` with each module, class and function docstring in the current language."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source  # not ours to fix: the grader reports the syntax error
    # ast's column offsets count UTF-8 bytes, so the edits are made on the bytes
    data = source.encode("utf-8")
    lines = data.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    for literal in docstring_literals(tree):
        english = inspect.cleandoc(literal.value)
        translated = _(english)
        if translated == english:
            continue
        start = offsets[literal.lineno - 1] + literal.col_offset
        end = offsets[literal.end_lineno - 1] + literal.end_col_offset
        line = lines[literal.lineno - 1].decode("utf-8")
        indent = line[: len(line) - len(line.lstrip())]
        edits.append((start, end, _literal(data[start:end].decode("utf-8"), translated, indent).encode("utf-8")))
    for start, end, text in sorted(edits, reverse=True):
        data = data[:start] + text + data[end:]
    return data.decode("utf-8")
